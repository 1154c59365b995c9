/* plan_model_validate(): the checks that join rows of several tables, then the
 * derived facts the planner needs (levels, horizon). */
#include "model/model_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define E PLAN_SEVERITY_ERROR
#define W PLAN_SEVERITY_WARNING

/* Reports a code of column col (table t) that names no row of table decl. */
static void need_declared(plan_model *m, int t, int col, int decl)
{
	int k = MODEL_REF(m, t, col);
	const plan_schema *s = &plan_schema__tables[decl];
	for (size_t r = 0; r < m->tab[t].n; r++) {
		int32_t id = TAB_ID(m, t, r, k);
		if (id >= 0 && plan_model__row_by_code(m, decl, id) < 0)
			plan_model__diag(m, E, t, r, col, "unknown %s \"%s\"", s->what,
					 m->ns[s->cols[s->key[0]].ns].str[id]);
	}
}

/* Reports an (item, site) pair of table t without a SKU; returns the SKU or -1. */
static long need_sku(plan_model *m, int t, size_t r, int item_col, int site_col, int report_col)
{
	int32_t item = TAB_ID(m, t, r, MODEL_REF(m, t, item_col));
	int32_t site = TAB_ID(m, t, r, MODEL_REF(m, t, site_col));
	if (item < 0 || site < 0)
		return -1;
	long sku = plan_model__sku(m, item, site);
	if (sku < 0 && plan_model__row_by_code(m, PLAN_TABLE_SITES, site) >= 0)
		plan_model__diag(m, E, t, r, report_col, "%s has no SKU at site %s",
				 m->ns[NS_ITEM].str[item], m->ns[NS_SITE].str[site]);
	return sku;
}

static const plan_sku_def *sku_def(const plan_model *m, long sku)
{
	return TAB_ROW(m, PLAN_TABLE_SKUS, sku);
}

static const char *const type_names[] = { "buy", "make", "transfer" };

typedef struct lane_key {
	int32_t sku, priority, row;
} lane_key;

static int cmp_lane(const void *a, const void *b)
{
	const lane_key *x = a, *y = b;
	if (x->sku != y->sku)
		return x->sku < y->sku ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Lanes: destination must be a transfer SKU, source a SKU; equal priorities
 * share consistently; every transfer SKU has a lane. */
static int check_lanes(plan_model *m)
{
	size_t n = m->tab[PLAN_TABLE_SOURCING].n, nsku = m->tab[PLAN_TABLE_SKUS].n;
	lane_key *keys = malloc((n ? n : 1) * sizeof(*keys));
	uint8_t *has_lane = calloc(nsku ? nsku : 1, 1);
	size_t nk = 0;
	if (!keys || !has_lane) {
		free(keys);
		free(has_lane);
		return PLAN_ENOMEM;
	}
	for (size_t r = 0; r < n; r++) {
		const plan_lane_def *d = TAB_ROW(m, PLAN_TABLE_SOURCING, r);
		long to = need_sku(m, PLAN_TABLE_SOURCING, r, LANE_ITEM, LANE_SITE, LANE_ITEM);
		need_sku(m, PLAN_TABLE_SOURCING, r, LANE_ITEM, LANE_SOURCE, LANE_SOURCE);
		if (to < 0)
			continue;
		has_lane[to] = 1;
		if (sku_def(m, to)->type != PLAN_SKU_TRANSFER) {
			plan_model__diag(m, E, PLAN_TABLE_SOURCING, r, LANE_SITE,
					 "%s@%s is a %s SKU; lanes supply transfer SKUs",
					 d->item, d->site, type_names[sku_def(m, to)->type]);
			continue;
		}
		keys[nk++] = (lane_key){ (int32_t)to, d->priority, (int32_t)r };
	}
	if (nk)
		qsort(keys, nk, sizeof(*keys), cmp_lane);
	for (size_t i = 0; i < nk;) {
		size_t j = i;
		int with = 0, without = 0;
		double sum = 0;
		while (j < nk && keys[j].sku == keys[i].sku && keys[j].priority == keys[i].priority) {
			const plan_lane_def *d = TAB_ROW(m, PLAN_TABLE_SOURCING, keys[j].row);
			if (d->share == PLAN_NONE)
				without++;
			else {
				with++;
				sum += d->share;
			}
			j++;
		}
		const plan_lane_def *first = TAB_ROW(m, PLAN_TABLE_SOURCING, keys[i].row);
		if (with && without) {
			for (size_t k = i; k < j; k++) {
				const plan_lane_def *d = TAB_ROW(m, PLAN_TABLE_SOURCING, keys[k].row);
				if (d->share == PLAN_NONE)
					plan_model__diag(m, E, PLAN_TABLE_SOURCING, (size_t)keys[k].row,
							 LANE_SHARE,
							 "lanes of %s@%s at priority %d must all have a share or none",
							 d->item, d->site, d->priority);
			}
		} else if (with && fabs(sum - 1.0) > 1e-9) {
			plan_model__diag(m, W, PLAN_TABLE_SOURCING, (size_t)keys[i].row, LANE_SHARE,
					 "shares of %s@%s at priority %d add up to %.15g; they are used in proportion",
					 first->item, first->site, first->priority, sum);
		}
		i = j;
	}
	/* the lanes of each transfer SKU in the order they are tried */
	free(m->lane_off);
	free(m->lane_row);
	free(m->lane_src);
	m->lane_off = calloc(nsku + 1, sizeof(*m->lane_off));
	m->lane_row = malloc((nk ? nk : 1) * sizeof(*m->lane_row));
	m->lane_src = malloc((n ? n : 1) * sizeof(*m->lane_src));
	if (!m->lane_off || !m->lane_row || !m->lane_src) {
		free(keys);
		free(has_lane);
		return PLAN_ENOMEM;
	}
	for (size_t k = 0; k < nk; k++) {
		m->lane_off[keys[k].sku + 1]++;
		m->lane_row[k] = keys[k].row;
	}
	for (size_t r = 0; r < n; r++)
		m->lane_src[r] = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, r, 0),
							 TAB_ID(m, PLAN_TABLE_SOURCING, r, 2));
	for (size_t s = 0; s < nsku; s++)
		m->lane_off[s + 1] += m->lane_off[s];
	for (size_t s = 0; s < nsku; s++) {
		const plan_sku_def *d = sku_def(m, (long)s);
		if (d->type == PLAN_SKU_TRANSFER && !has_lane[s])
			plan_model__diag(m, E, PLAN_TABLE_SKUS, s, SKU_TYPE,
					 "transfer SKU %s@%s has no lane in sourcing", d->item, d->site);
	}
	free(keys);
	free(has_lane);
	return 0;
}

static void check_bom_parents(plan_model *m)
{
	size_t nitem = m->ns[NS_ITEM].n;
	uint8_t *made = calloc(nitem ? nitem : 1, 1);
	if (!made)
		return;
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n; s++)
		if (sku_def(m, (long)s)->type == PLAN_SKU_MAKE)
			made[TAB_ID(m, PLAN_TABLE_SKUS, s, 0)] = 1;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_BOM].n; r++) {
		const plan_bom_def *d = TAB_ROW(m, PLAN_TABLE_BOM, r);
		int32_t parent = TAB_ID(m, PLAN_TABLE_BOM, r, 0);
		if (d->site) {
			long p = need_sku(m, PLAN_TABLE_BOM, r, BOM_PARENT, BOM_SITE, BOM_PARENT);
			if (p >= 0 && sku_def(m, p)->type != PLAN_SKU_MAKE)
				plan_model__diag(m, E, PLAN_TABLE_BOM, r, BOM_PARENT,
						 "%s@%s is a %s SKU; a BOM needs a make SKU",
						 d->parent, d->site, type_names[sku_def(m, p)->type]);
		} else if (parent >= 0 && !made[parent]) {
			plan_model__diag(m, W, PLAN_TABLE_BOM, r, BOM_PARENT,
					 "%s is made at no site; the line is never used", d->parent);
		}
	}
	free(made);
}

static void check_horizon(plan_model *m, plan_date start, plan_date end)
{
	char a[11], b[11], c[11];
	plan_date_format(a, start);
	plan_date_format(b, end);
	for (size_t r = 0; r < m->tab[PLAN_TABLE_MAINTENANCE].n; r++) {
		const plan_maintenance_def *d = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, r);
		if (d->start != PLAN_DATE_NONE && d->end != PLAN_DATE_NONE &&
		    (d->end < start || d->start > end))
			plan_model__diag(m, W, PLAN_TABLE_MAINTENANCE, r, MB_START,
					 "block %s lies outside the horizon %s..%s and is ignored",
					 d->id, a, b);
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_DEMAND].n; r++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, r);
		if (d->due != PLAN_DATE_NONE && d->due < start) {
			plan_date_format(c, d->due);
			plan_model__diag(m, W, PLAN_TABLE_DEMAND, r, DEM_DUE,
					 "%s is before the plan start %s: demand %s is late", c, a, d->id);
		}
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_RECEIPTS].n; r++) {
		const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, r);
		if (d->due != PLAN_DATE_NONE && d->due < start) {
			plan_date_format(c, d->due);
			plan_model__diag(m, W, PLAN_TABLE_RECEIPTS, r, REC_DUE,
					 "%s is before the plan start %s: receipt %s is past due and counts at start",
					 c, a, d->id);
		}
	}
}

static plan_date month_end(plan_date d)
{
	int y, mo;
	plan_date_to_ymd(&y, &mo, NULL, d);
	return (mo == 12 ? plan_date_from_ymd(y + 1, 1, 1) : plan_date_from_ymd(y, mo + 1, 1)) - 1;
}

/* The number of buckets from start to the one holding day last. */
static size_t buckets_until(plan_bucket b, plan_date start, plan_date last)
{
	if (last < start)
		return 1;
	if (b == PLAN_BUCKET_DAY)
		return (size_t)(last - start) + 1;
	if (b == PLAN_BUCKET_WEEK)
		return (size_t)((last - start) / 7) + 1;
	int y0, m0, y1, m1;
	plan_date_to_ymd(&y0, &m0, NULL, start);
	plan_date_to_ymd(&y1, &m1, NULL, last);
	return (size_t)((y1 * 12 + m1) - (y0 * 12 + m0)) + 1;
}

/* Warnings of demands extending the horizon, one per row up to this many,
 * then one that counts the rest. */
#define EXTEND_WARNINGS 100

/* Buckets cover start up to the last day of the bucket holding the later of
 * `end` and the latest demand due date (format.md: demand after end extends
 * the horizon by whole buckets, each such demand a warning), at most
 * m->max_buckets of them: a horizon longer than that is an error naming
 * the row that asks for it. */
/* The buckets a horizon from start to due has; 0 (an error on row r of
 * table t, column col) where that is past max_buckets. */
static size_t stretch(plan_model *m, int t, size_t r, int col, plan_date start, plan_date due,
		      const char *word)
{
	size_t n = buckets_until(m->scenario.bucket, start, due);
	if (n <= m->max_buckets)
		return n;
	char a[11];
	plan_date_format(a, due);
	plan_model__diag(m, E, t, r, col, "%s would stretch the horizon to %zu %s buckets; at most %zu "
			 "(max_buckets)", a, n, word, m->max_buckets);
	return 0;
}

static void compute_horizon(plan_model *m)
{
	plan_horizon *h = &m->horizon;
	plan_date start = m->scenario.start;
	plan_date end = m->scenario.end != PLAN_DATE_NONE ? m->scenario.end : start + 364;
	plan_date last = end;
	char a[11], b[11];
	static const char *const words[] = { "daily", "weekly", "monthly" };
	const char *word = words[m->scenario.bucket];
	size_t n = buckets_until(m->scenario.bucket, start, end), extending = 0;
	int end_ok = n <= m->max_buckets;
	if (!end_ok) {
		plan_date_format(a, end);
		plan_model__diag(m, E, PLAN_TABLE_SCENARIO, 0, SCN_END,
				 "the horizon to %s has %zu %s buckets; at most %zu (max_buckets)", a,
				 n, word, m->max_buckets);
		last = end = start;
	}
	plan_date_format(b, end);
	/* (an end past the limit is the error; the demands are not weighed
	 * against the start instead) */
	for (size_t r = 0; r < m->tab[PLAN_TABLE_DEMAND].n && end_ok; r++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, r);
		if (d->due == PLAN_DATE_NONE || d->due <= end)
			continue;
		plan_date_format(a, d->due);
		if (!(n = stretch(m, PLAN_TABLE_DEMAND, r, DEM_DUE, start, d->due, word)))
			continue;
		if (extending++ < EXTEND_WARNINGS)
			plan_model__diag(m, W, PLAN_TABLE_DEMAND, r, DEM_DUE,
					 "%s is after the end %s: demand %s extends the horizon to "
					 "%zu %s buckets", a, b, d->id, n, word);
		if (d->due > last)
			last = d->due;
	}
	/* a project's due (1.1): its activities and materials, due by it, too */
	for (size_t r = 0; r < m->tab[PLAN_TABLE_PROJECTS].n && end_ok; r++) {
		const plan_project_def *d = TAB_ROW(m, PLAN_TABLE_PROJECTS, r);
		if (d->due == PLAN_DATE_NONE || d->due <= last)
			continue;
		plan_date_format(a, d->due);
		if (!(n = stretch(m, PLAN_TABLE_PROJECTS, r, PRJ_DUE, start, d->due, word)))
			continue;
		plan_model__diag(m, W, PLAN_TABLE_PROJECTS, r, PRJ_DUE,
				 "%s is after the end %s: project %s extends the horizon to %zu %s "
				 "buckets", a, b, d->project, n, word);
		last = d->due;
	}
	/* firm and released orders (1.1) load capacity: the horizon holds them */
	for (size_t r = 0; r < m->tab[PLAN_TABLE_RECEIPTS].n && end_ok; r++) {
		const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, r);
		if (d->status == PLAN_RECEIPT_SCHEDULED || d->due == PLAN_DATE_NONE || d->due <= last)
			continue;
		if (!stretch(m, PLAN_TABLE_RECEIPTS, r, REC_DUE, start, d->due, word))
			continue;
		last = d->due;
	}
	if (extending > EXTEND_WARNINGS)
		plan_model__diag_at(m, W, m->tab[PLAN_TABLE_DEMAND].file ? m->tab[PLAN_TABLE_DEMAND].file
					  : "demand", 0, 0,
				    "%zu more demands are due after the end %s and extend the horizon",
				    extending - EXTEND_WARNINGS, b);
	h->version = PLAN_HORIZON_VERSION;
	h->start = start;
	h->bucket = m->scenario.bucket;
	h->buckets = buckets_until(h->bucket, start, last);
	switch (h->bucket) {
	case PLAN_BUCKET_DAY:
		h->end = last;
		break;
	case PLAN_BUCKET_WEEK:
		h->end = start + 7 * (plan_date)h->buckets - 1;
		break;
	case PLAN_BUCKET_MONTH:
		h->end = month_end(last);
		break;
	}
}

/* Forgets what the previous validation found: it is found again. */
static void drop_validation_diags(plan_model *m)
{
	size_t k = 0;
	for (size_t i = 0; i < m->ndiag; i++) {
		if (m->diag[i].phase) {
			if (m->diag[i].severity == E)
				m->nerrors--;
			continue;
		}
		m->diag[k++] = m->diag[i];
	}
	m->ndiag = k;
}

static const char *first_error(const plan_model *m)
{
	for (size_t i = 0; i < m->ndiag; i++)
		if (m->diag[i].severity == E)
			return m->diag[i].message;
	return "";
}

static int validate(plan_model *m);

PLAN_EXPORT int plan_model_validate(plan_model *m)
{
	if (!m)
		return PLAN_EINVAL;
	if (m->valid)
		return 0;
	drop_validation_diags(m);
	m->validating = 1;
	int rc = validate(m);
	m->validating = 0;
	return rc;
}

/* Suppliers (format 1.1): of bought SKUs, grouped by SKU by priority,
 * then file order (sp_off, sp_row); a supplier's lead time on a calendar
 * with no working day is an error (no order could span it). */
static int check_suppliers(plan_model *m, const uint8_t *idle, int32_t deflt)
{
	size_t n = m->tab[PLAN_TABLE_SUPPLIERS].n, nsku = m->tab[PLAN_TABLE_SKUS].n, nk = 0;
	free(m->sp_off);
	free(m->sp_row);
	m->sp_off = calloc(nsku + 1, sizeof(*m->sp_off));
	m->sp_row = malloc((n + 1) * sizeof(*m->sp_row));
	lane_key *keys = malloc((n + 1) * sizeof(*keys));
	if (!m->sp_off || !m->sp_row || !keys) {
		free(keys);
		return PLAN_ENOMEM;
	}
	need_declared(m, PLAN_TABLE_SUPPLIERS, SUP_CALENDAR, PLAN_TABLE_CALENDARS);
	for (size_t r = 0; r < n; r++) {
		const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, r);
		long s = need_sku(m, PLAN_TABLE_SUPPLIERS, r, SUP_ITEM, SUP_SITE, SUP_ITEM);
		if (s < 0)
			continue;
		const plan_sku_def *sd = sku_def(m, s);
		if (sd->type != PLAN_SKU_BUY) {
			plan_model__diag(m, E, PLAN_TABLE_SUPPLIERS, r, SUP_ITEM,
					 "%s@%s is a %s SKU; suppliers belong to bought SKUs", d->item,
					 d->site, type_names[sd->type]);
			continue;
		}
		int32_t c = TAB_ID(m, PLAN_TABLE_SUPPLIERS, r, 3);
		if (c < 0) {
			long site = plan_model__row_by_code(m, PLAN_TABLE_SITES,
							    TAB_ID(m, PLAN_TABLE_SUPPLIERS, r, 1));
			c = site >= 0 ? TAB_ID(m, PLAN_TABLE_SITES, (size_t)site, 1) : -1;
			c = c < 0 ? deflt : c;
		}
		int lead = d->lead_time >= 0 ? d->lead_time : sd->lead_time;
		if (lead > 0 && c >= 0 && (size_t)c < m->ns[NS_CALENDAR].n && idle[c])
			plan_model__diag(m, E, PLAN_TABLE_SUPPLIERS, r, SUP_LEAD_TIME,
					 "%d working day%s of calendar %s, which has none", lead,
					 lead == 1 ? "" : "s", m->ns[NS_CALENDAR].str[c]);
		keys[nk++] = (lane_key){ (int32_t)s, d->priority, (int32_t)r };
	}
	qsort(keys, nk, sizeof(*keys), cmp_lane);
	for (size_t k = 0; k < nk; k++) {
		m->sp_off[keys[k].sku + 1]++;
		m->sp_row[k] = keys[k].row;
	}
	for (size_t s = 0; s < nsku; s++)
		m->sp_off[s + 1] += m->sp_off[s];
	free(keys);
	return 0;
}

/* A SKU with a lead time at a site whose calendar has no working day at
 * all (weekdays 0000000, no working exception) can never be planned: no
 * order spans a working day of it. Then the suppliers (check_suppliers).
 * 0 or PLAN_ENOMEM. */
static int check_idle_calendars(plan_model *m)
{
	size_t ncal = m->ns[NS_CALENDAR].n;
	uint8_t *idle = calloc(ncal + 1, 1);
	if (!idle)
		return PLAN_ENOMEM;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_CALENDARS].n; r++) {
		const plan_calendar_def *d = TAB_ROW(m, PLAN_TABLE_CALENDARS, r);
		int32_t c = TAB_ID(m, PLAN_TABLE_CALENDARS, r, 0);
		if (c >= 0 && d->weekdays && strcmp(d->weekdays, "0000000") == 0)
			idle[c] = 1;
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_CALENDAR_DAYS].n; r++) {
		const plan_calendar_day_def *d = TAB_ROW(m, PLAN_TABLE_CALENDAR_DAYS, r);
		int32_t c = TAB_ID(m, PLAN_TABLE_CALENDAR_DAYS, r, 0);
		if (c >= 0 && d->working)
			idle[c] = 0;
	}
	int32_t deflt = m->scenario.calendar
			? plan_model__code_id(m, NS_CALENDAR, m->scenario.calendar) : -1;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_SKUS].n; r++) {
		const plan_sku_def *d = TAB_ROW(m, PLAN_TABLE_SKUS, r);
		if (d->lead_time <= 0 && d->frozen_days <= 0)
			continue;
		long site = plan_model__row_by_code(m, PLAN_TABLE_SITES, TAB_ID(m, PLAN_TABLE_SKUS, r, 1));
		int32_t c = site >= 0 ? TAB_ID(m, PLAN_TABLE_SITES, (size_t)site, 1) : -1;
		if (c < 0)
			c = deflt;
		if (c < 0 || (size_t)c >= ncal || !idle[c])
			continue;
		/* (the time fence counts working days as a lead time does) */
		for (int k = 0; k < 2; k++) {
			int days = k ? d->frozen_days : d->lead_time;
			if (days > 0)
				plan_model__diag(m, E, PLAN_TABLE_SKUS, r,
						 k ? SKU_FROZEN_DAYS : SKU_LEAD_TIME,
						 "%d working day%s of calendar %s, which has none", days,
						 days == 1 ? "" : "s", m->ns[NS_CALENDAR].str[c]);
		}
	}
	int rc = check_suppliers(m, idle, deflt);
	free(idle);
	return rc;
}

/* The routing steps of each SKU, in file order: those of SKU s are
 * m->rt_row[m->rt_off[s] .. m->rt_off[s + 1]) (as lanes, for every layer
 * above that loads or reads routings). 0 or PLAN_ENOMEM. */
static int routings_by_sku(plan_model *m)
{
	size_t nsku = m->tab[PLAN_TABLE_SKUS].n, nrt = m->tab[PLAN_TABLE_ROUTINGS].n;
	int kitem = MODEL_REF(m, PLAN_TABLE_ROUTINGS, RT_ITEM), ksite = MODEL_REF(m, PLAN_TABLE_ROUTINGS, RT_SITE);
	free(m->rt_off);
	free(m->rt_row);
	int32_t *off = m->rt_off = calloc(nsku + 1, sizeof(int32_t));
	int32_t *rows = m->rt_row = malloc((nrt ? nrt : 1) * sizeof(int32_t));
	int32_t *sku = malloc((nrt ? nrt : 1) * sizeof(int32_t));
	if (!off || !rows || !sku) {
		free(sku);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < nrt; i++) {
		sku[i] = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_ROUTINGS, i, kitem),
						  TAB_ID(m, PLAN_TABLE_ROUTINGS, i, ksite));
		if (TAB_ID(m, PLAN_TABLE_ROUTINGS, i, 4) >= 0)
			sku[i] = -1; /* an alternate's (1.1): alternates.c */
		if (sku[i] >= 0)
			off[sku[i] + 1]++;
	}
	for (size_t s = 0; s < nsku; s++)
		off[s + 1] += off[s];
	/* off[s] is the cursor of s while filling (ending at the start of
	 * s + 1), then shifted back to the starts; rows stay in file order */
	for (size_t i = 0; i < nrt; i++)
		if (sku[i] >= 0)
			rows[off[sku[i]]++] = (int32_t)i;
	for (size_t s = nsku; s > 0; s--)
		off[s] = off[s - 1];
	off[0] = 0;
	free(sku);
	return 0;
}

static int validate(plan_model *m)
{
	plan_model__strip_derived(m);
	if (!m->has_scenario)
		plan_model__diag(m, E, PLAN_TABLE_SCENARIO, 0, SCN_START, "required value missing");
	if (m->scenario.calendar &&
	    plan_model__row_by_code(m, PLAN_TABLE_CALENDARS,
				    plan_model__code_id(m, NS_CALENDAR, m->scenario.calendar)) < 0)
		plan_model__diag(m, E, PLAN_TABLE_SCENARIO, 0, SCN_CALENDAR,
				 "unknown calendar \"%s\"", m->scenario.calendar);

	need_declared(m, PLAN_TABLE_CALENDAR_DAYS, CD_CALENDAR, PLAN_TABLE_CALENDARS);
	need_declared(m, PLAN_TABLE_SITES, SITE_CALENDAR, PLAN_TABLE_CALENDARS);
	need_declared(m, PLAN_TABLE_SKUS, SKU_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_BOM, BOM_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_RESOURCES, RES_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_RESOURCES, RES_CALENDAR, PLAN_TABLE_CALENDARS);
	need_declared(m, PLAN_TABLE_ROUTINGS, RT_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_ROUTINGS, RT_RESOURCE, PLAN_TABLE_RESOURCES);
	need_declared(m, PLAN_TABLE_MAINTENANCE, MB_RESOURCE, PLAN_TABLE_RESOURCES);
	need_declared(m, PLAN_TABLE_MAINTENANCE, MB_ALT, PLAN_TABLE_RESOURCES);
	need_declared(m, PLAN_TABLE_SOURCING, LANE_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_SOURCING, LANE_SOURCE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_DEMAND, DEM_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_RECEIPTS, REC_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_RECEIPTS, REC_SOURCE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_WORKFORCE, WF_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_FAMILIES, FAM_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_OPERATIONS, OP_RECEIPT, PLAN_TABLE_RECEIPTS);
	need_declared(m, PLAN_TABLE_OPERATIONS, OP_RESOURCE, PLAN_TABLE_RESOURCES);
	need_declared(m, PLAN_TABLE_PROJECTS, PRJ_SITE, PLAN_TABLE_SITES);
	need_declared(m, PLAN_TABLE_OUTPUTS, OUT_SITE, PLAN_TABLE_SITES);

	check_bom_parents(m);
	for (size_t r = 0; r < m->tab[PLAN_TABLE_ROUTINGS].n; r++) {
		long s = need_sku(m, PLAN_TABLE_ROUTINGS, r, RT_ITEM, RT_SITE, RT_ITEM);
		if (s >= 0 && sku_def(m, s)->type != PLAN_SKU_MAKE) {
			const plan_routing_def *d = TAB_ROW(m, PLAN_TABLE_ROUTINGS, r);
			plan_model__diag(m, E, PLAN_TABLE_ROUTINGS, r, RT_ITEM,
					 "%s@%s is a %s SKU; routings belong to make SKUs",
					 d->item, d->site, type_names[sku_def(m, s)->type]);
		}
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_DEMAND].n; r++) {
		long s = need_sku(m, PLAN_TABLE_DEMAND, r, DEM_ITEM, DEM_SITE, DEM_ITEM);
		if (s >= 0 && sku_def(m, s)->phantom)
			plan_model__diag(m, E, PLAN_TABLE_DEMAND, r, DEM_ITEM,
					 "%s@%s is a phantom: it cannot be demanded",
					 sku_def(m, s)->item, sku_def(m, s)->site);
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_RECEIPTS].n; r++) {
		long s = need_sku(m, PLAN_TABLE_RECEIPTS, r, REC_ITEM, REC_SITE, REC_ITEM);
		if (s >= 0 && sku_def(m, s)->phantom)
			plan_model__diag(m, E, PLAN_TABLE_RECEIPTS, r, REC_ITEM,
					 "%s@%s is a phantom: it is never received",
					 sku_def(m, s)->item, sku_def(m, s)->site);
	}
	if (check_lanes(m) < 0 || routings_by_sku(m) < 0 || check_idle_calendars(m) < 0 ||
	    plan_model__units(m) < 0 || plan_model__firm(m) < 0 || plan_model__alternates(m) < 0 ||
	    plan_model__projects(m) < 0 || plan_model__outputs(m) < 0)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");

	/* families.csv rows whose family no item belongs to */
	uint8_t *used = calloc(m->ns[NS_FAMILY].n + 1, 1);
	if (!used)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->tab[PLAN_TABLE_ITEMS].n; i++) {
		int32_t fam = TAB_ID(m, PLAN_TABLE_ITEMS, i, 1);
		if (fam >= 0)
			used[fam] = 1;
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_FAMILIES].n; r++) {
		int32_t fam = TAB_ID(m, PLAN_TABLE_FAMILIES, r, 0);
		if (fam >= 0 && !used[fam])
			plan_model__diag(m, W, PLAN_TABLE_FAMILIES, r, FAM_FAMILY,
					 "no item of items.csv belongs to family \"%s\"",
					 m->ns[NS_FAMILY].str[fam]);
	}
	free(used);

	int rc = plan_levels__compute(m);
	if (rc == PLAN_ENOMEM)
		return rc;
	if (!rc && plan_model__costs(m) < 0)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (m->has_scenario && m->scenario.start != PLAN_DATE_NONE) {
		compute_horizon(m);
		check_horizon(m, m->horizon.start, m->scenario.end != PLAN_DATE_NONE
				  ? m->scenario.end : m->scenario.start + 364);
	}
	if (m->oom)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (m->nerrors) {
		return plan_model__error(m, PLAN_EFORMAT, "%zu error%s in the scenario, first: %s",
					 m->nerrors, m->nerrors == 1 ? "" : "s",
					 first_error(m));
	}
	if (plan_model__project_demand(m) < 0)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	/* project stock (1.1) only where projects have materials */
	m->nspecific = 0;
	for (size_t s = 0; m->ndem_derived && s < m->tab[PLAN_TABLE_SKUS].n; s++)
		m->nspecific += ((const plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, s))->project_specific != 0;
	if (m->nerrors)
		return plan_model__error(m, PLAN_EFORMAT, "%zu error%s in the scenario, first: %s",
					 m->nerrors, m->nerrors == 1 ? "" : "s", first_error(m));
	if (plan_model__consume(m))
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	m->valid = 1;
	m->errmsg[0] = '\0';
	return 0;
}

PLAN_EXPORT int plan_model_is_valid(const plan_model *m)
{
	return m && m->valid;
}

PLAN_EXPORT int plan_model_get_horizon(plan_horizon *out, const plan_model *m)
{
	if (!m || !out || out->version != PLAN_HORIZON_VERSION)
		return PLAN_EINVAL;
	if (!m->valid)
		return PLAN_ESTATE;
	*out = m->horizon;
	return 0;
}

PLAN_EXPORT int plan_model_sku_llc(const plan_model *m, size_t sku)
{
	if (!m || !m->valid || sku >= m->tab[PLAN_TABLE_SKUS].n)
		return -1;
	return m->sku_llc[sku];
}

PLAN_EXPORT int plan_model_bom_depth(const plan_model *m)
{
	if (!m || !m->valid)
		return -1;
	return m->bom_depth;
}
