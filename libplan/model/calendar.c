/* Calendars: a site's working days are its calendar's weekdays, changed by
 * the exception days of calendar_days.csv. A site without a calendar uses
 * the scenario's; without either every day works (format.md). */
#include "model/calendar.h"

#include <stdlib.h>
#include <string.h>

/* How far before the horizon the window reaches: releases of long lead
 * times land there. Earlier days are computed on demand. */
#define WINDOW_BEFORE 1100

static int cal_slow(const plan_cal *c, plan_date d)
{
	size_t lo = 0, hi = c->nexc;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->exc[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->nexc && c->exc[lo] == d)
		return c->exc_working[lo];
	return (c->weekdays >> plan_date_weekday(d)) & 1;
}

int plan_cal__working(const plan_cal *c, plan_date d)
{
	int64_t k = (int64_t)d - c->base;
	if (k >= 0 && (uint64_t)k < c->n)
		return c->day[k];
	return cal_slow(c, d);
}

plan_date plan_cal__back(const plan_cal *c, plan_date due, int days)
{
	plan_date d = due;
	if (days <= 0)
		return due;
	/* within the window: the days-th working day before due, looked up */
	int64_t k = (int64_t)due - c->base;
	if (k >= 0 && (uint64_t)k <= c->n && c->cum[k] >= days)
		return c->base + c->work_at[c->cum[k] - days];
	/* a calendar with no working day at all would loop forever */
	if (c->weekdays == 0 && c->nexc == 0)
		return due - days;
	int guard = 0;
	while (days > 0 && guard < 400000) {
		d--;
		days -= plan_cal__working(c, d);
		guard++;
	}
	return d;
}

plan_date plan_cal__forward(const plan_cal *c, plan_date release, int days)
{
	plan_date d = release;
	if (days <= 0)
		return release;
	/* within the window: the day after the days-th working day from release */
	int64_t k = (int64_t)release - c->base;
	if (k >= 0 && (uint64_t)k <= c->n && (int64_t)c->cum[k] + days <= (int64_t)c->cum[c->n])
		return c->base + c->work_at[c->cum[k] + days - 1] + 1;
	if (c->weekdays == 0 && c->nexc == 0)
		return release + days;
	int guard = 0;
	while (days > 0 && guard < 400000) {
		days -= plan_cal__working(c, d);
		d++;
		guard++;
	}
	return d;
}

int plan_cal__count(const plan_cal *c, plan_date a, plan_date b)
{
	int64_t ka = (int64_t)a - c->base, kb = (int64_t)b - c->base;
	if (ka >= 0 && ka <= kb && (uint64_t)kb <= c->n)
		return c->cum[kb] - c->cum[ka];
	int n = 0;
	for (plan_date d = a; d < b; d++)
		n += plan_cal__working(c, d);
	return n;
}

typedef struct exc_row {
	int32_t cal;
	plan_date date;
	uint32_t row;   /* ties (one day twice) keep the order of the rows */
	uint8_t working;
} exc_row;

static int cmp_exc(const void *a, const void *b)
{
	const exc_row *x = a, *y = b;
	if (x->cal != y->cal)
		return x->cal < y->cal ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

int plan_cal__build(plan_calendars *out, const plan_model *m, plan_date from, plan_date to)
{
	memset(out, 0, sizeof(*out));
	size_t ncal = m->ns[NS_CALENDAR].n;
	size_t nexc = m->tab[PLAN_TABLE_CALENDAR_DAYS].n;
	out->ncal = ncal + 1;
	out->cal = calloc(out->ncal, sizeof(*out->cal));
	out->nsite = m->ns[NS_SITE].n;
	out->site_cal = malloc((out->nsite ? out->nsite : 1) * sizeof(*out->site_cal));
	exc_row *rows = malloc((nexc ? nexc : 1) * sizeof(*rows));
	if (!out->cal || !out->site_cal || !rows)
		goto oom;
	for (size_t i = 0; i < out->ncal; i++)
		out->cal[i].weekdays = 0x7f;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_CALENDARS].n; r++) {
		const plan_calendar_def *d = TAB_ROW(m, PLAN_TABLE_CALENDARS, r);
		int32_t id = TAB_ID(m, PLAN_TABLE_CALENDARS, r, 0);
		uint8_t mask = 0x7f;
		if (d->weekdays) {
			mask = 0;
			for (int i = 0; i < 7; i++)
				mask |= (uint8_t)((d->weekdays[i] == '1') << i);
		}
		out->cal[id].weekdays = mask;
	}
	for (size_t r = 0; r < nexc; r++) {
		const plan_calendar_day_def *d = TAB_ROW(m, PLAN_TABLE_CALENDAR_DAYS, r);
		rows[r] = (exc_row){ TAB_ID(m, PLAN_TABLE_CALENDAR_DAYS, r, 0), d->date, (uint32_t)r,
				     (uint8_t)d->working };
	}
	if (nexc)
		qsort(rows, nexc, sizeof(*rows), cmp_exc);
	for (size_t i = 0; i < nexc;) {
		size_t j = i;
		while (j < nexc && rows[j].cal == rows[i].cal)
			j++;
		plan_cal *c = &out->cal[rows[i].cal];
		c->nexc = j - i;
		c->exc = malloc(c->nexc * sizeof(*c->exc));
		c->exc_working = malloc(c->nexc);
		if (!c->exc || !c->exc_working)
			goto oom;
		for (size_t k = i; k < j; k++) {
			c->exc[k - i] = rows[k].date;
			c->exc_working[k - i] = rows[k].working;
		}
		i = j;
	}
	free(rows);
	rows = NULL;
	for (size_t i = 0; i < out->ncal; i++) {
		plan_cal *c = &out->cal[i];
		c->base = from - WINDOW_BEFORE;
		c->n = (size_t)(to - c->base + 1);
		c->day = malloc(c->n);
		if (!c->day)
			goto oom;
		/* the window first, then its exceptions */
		int w = plan_date_weekday(c->base);
		for (size_t k = 0; k < c->n; k++) {
			c->day[k] = (c->weekdays >> w) & 1;
			w = w == 6 ? 0 : w + 1;
		}
		for (size_t k = 0; k < c->nexc; k++) {
			int64_t off = (int64_t)c->exc[k] - c->base;
			if (off >= 0 && (uint64_t)off < c->n)
				c->day[off] = c->exc_working[k];
		}
		/* counts and positions of working days: lead times in O(1) */
		c->cum = malloc((c->n + 1) * sizeof(*c->cum));
		c->work_at = malloc((c->n + 1) * sizeof(*c->work_at));
		if (!c->cum || !c->work_at)
			goto oom;
		int32_t nw = 0;
		for (size_t k = 0; k < c->n; k++) {
			c->cum[k] = nw;
			if (c->day[k])
				c->work_at[nw++] = (int32_t)k;
		}
		c->cum[c->n] = nw;
	}
	int32_t deflt = (int32_t)ncal; /* all days */
	if (m->scenario.calendar)
		deflt = plan_model__code_id(m, NS_CALENDAR, m->scenario.calendar);
	for (size_t s = 0; s < out->nsite; s++)
		out->site_cal[s] = deflt;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_SITES].n; r++) {
		int32_t site = TAB_ID(m, PLAN_TABLE_SITES, r, 0);
		int32_t cal = TAB_ID(m, PLAN_TABLE_SITES, r, 1);
		if (cal >= 0)
			out->site_cal[site] = cal;
	}
	return 0;
oom:
	free(rows);
	plan_cal__free(out);
	return PLAN_ENOMEM;
}

void plan_cal__free(plan_calendars *c)
{
	for (size_t i = 0; c->cal && i < c->ncal; i++) {
		free(c->cal[i].day);
		free(c->cal[i].cum);
		free(c->cal[i].work_at);
		free(c->cal[i].exc);
		free(c->cal[i].exc_working);
	}
	free(c->cal);
	free(c->site_cal);
	memset(c, 0, sizeof(*c));
}

const plan_cal *plan_cal__of_site(const plan_calendars *c, int32_t site)
{
	if (site < 0 || (size_t)site >= c->nsite)
		return &c->cal[c->ncal - 1];
	return &c->cal[c->site_cal[site]];
}

const plan_cal *plan_cal__of_resource(const plan_calendars *c, const plan_model *m, size_t row)
{
	int32_t cal = TAB_ID(m, PLAN_TABLE_RESOURCES, row, 2);
	if (cal >= 0)
		return &c->cal[cal];
	return plan_cal__of_site(c, TAB_ID(m, PLAN_TABLE_RESOURCES, row, 1));
}

const plan_cal *plan_cal__of_supplier(const plan_calendars *c, const plan_model *m, size_t row)
{
	int32_t cal = TAB_ID(m, PLAN_TABLE_SUPPLIERS, row, 3);
	if (cal >= 0)
		return &c->cal[cal];
	return plan_cal__of_site(c, TAB_ID(m, PLAN_TABLE_SUPPLIERS, row, 1));
}

plan_date plan_cal__supplier_release(const plan_calendars *c, const plan_model *m, size_t row,
				     plan_date due)
{
	return plan_cal__back(plan_cal__of_supplier(c, m, row), due, plan_model__supplier_lead(m, row));
}

plan_date plan_cal__bought_by(const plan_calendars *c, const plan_model *m, int32_t sku,
			      plan_date first)
{
	if (!plan_model__has_suppliers(m, sku))
		return plan_cal__forward(plan_cal__of_site(c, TAB_ID(m, PLAN_TABLE_SKUS, sku, 1)), first,
					 plan__sku(m, sku)->lead_time);
	plan_date t = PLAN_DATE_NONE;
	for (int32_t k = m->sp_off[sku]; k < m->sp_off[sku + 1]; k++) {
		size_t v = (size_t)m->sp_row[k];
		plan_date x = plan_cal__forward(plan_cal__of_supplier(c, m, v), first,
						plan_model__supplier_lead(m, v));
		if (t == PLAN_DATE_NONE || x < t)
			t = x;
	}
	return t;
}

static plan_date next_month(plan_date d)
{
	int y, mo;
	plan_date_to_ymd(&y, &mo, NULL, d);
	return mo == 12 ? plan_date_from_ymd(y + 1, 1, 1) : plan_date_from_ymd(y, mo + 1, 1);
}

int plan_buckets__build(plan_buckets *b, const plan_horizon *h)
{
	b->n = h->buckets;
	b->kind = h->bucket;
	b->start = malloc((b->n + 1) * sizeof(*b->start));
	if (!b->start)
		return PLAN_ENOMEM;
	plan_date d = h->start;
	for (size_t k = 0; k < b->n; k++) {
		b->start[k] = d;
		d = h->bucket == PLAN_BUCKET_DAY ? d + 1 : h->bucket == PLAN_BUCKET_WEEK ? d + 7
										 : next_month(d);
	}
	b->start[b->n] = h->end + 1;
	return 0;
}

void plan_buckets__free(plan_buckets *b)
{
	free(b->start);
	b->start = NULL;
	b->n = 0;
}

size_t plan_buckets__of(const plan_buckets *b, plan_date d)
{
	if (d < b->start[0])
		return 0;
	if (d >= b->start[b->n])
		return b->n;
	if (b->kind == PLAN_BUCKET_DAY)
		return (size_t)(d - b->start[0]);
	if (b->kind == PLAN_BUCKET_WEEK)
		return (size_t)((d - b->start[0]) / 7);
	size_t lo = 0, hi = b->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (b->start[mid] <= d)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void plan_cal__offered(const plan_model *m, const plan_calendars *cals, plan_date base,
		       size_t ndays, double *off)
{
	size_t nres = m->tab[PLAN_TABLE_RESOURCES].n;
	for (size_t k = 0; k < nres * ndays; k++)
		off[k] = 1.0;
	/* the smallest factor of the blocks over a day, then the hours */
	for (size_t i = 0; i < m->tab[PLAN_TABLE_MAINTENANCE].n; i++) {
		const plan_maintenance_def *md = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, i);
		double *f = off + (size_t)plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
								 TAB_ID(m, PLAN_TABLE_MAINTENANCE, i, MODEL_REF(m, PLAN_TABLE_MAINTENANCE, MB_RESOURCE))) * ndays;
		plan_date from = md->start > base ? md->start : base;
		plan_date to = md->end < base + (plan_date)ndays - 1 ? md->end : base + (plan_date)ndays - 1;
		for (plan_date day = from; day <= to; day++)
			if (md->capacity_factor < f[day - base])
				f[day - base] = md->capacity_factor;
	}
	for (size_t r = 0; r < nres; r++) {
		const plan_resource_def *d = TAB_ROW(m, PLAN_TABLE_RESOURCES, r);
		const plan_cal *cal = plan_cal__of_resource(cals, m, r);
		double *o = off + r * ndays;
		for (size_t k = 0; k < ndays; k++)
			o[k] *= plan_cal__working(cal, base + (plan_date)k) ? plan_res__hours(d) : 0;
	}
}

plan_date plan_cal__firm_release(const plan_calendars *c, const plan_model *m, size_t r)
{
	const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, r);
	plan_date rel = d->release;
	if (rel == PLAN_DATE_NONE && d->kind == PLAN_RECEIPT_TRANSFER) {
		int32_t l = m->rec_lane ? m->rec_lane[r] : -1;
		rel = d->due - (l >= 0 ? ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, l))
					  ->transfer_days : 0);
	} else if (rel == PLAN_DATE_NONE) {
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 1),
					 TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 2));
		rel = plan_cal__back(plan_cal__of_site(c, TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 2)), d->due,
				     s >= 0 ? plan__sku(m, (int32_t)s)->lead_time : 0);
	}
	return rel;
}
