/* plan_result_verify(): the library's own check of a plan against its model,
 * rule by rule as format.md states them. It reads the plan's tables and the
 * model's rows only, and recomputes what it needs (component requirements,
 * working days, offered hours) in its own code, so that it does not share a
 * mistake with the engine. */
#include "model/calendar.h"
#include "result/verify_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6

typedef struct vctx {
	const plan_result *r;
	const plan_model *m;
	int8_t *dec;          /* by SKU: its item's decimals (-1: any quantity) */
	unsigned flags;
	plan_violation_fn fn;
	void *ctx;
	plan_verify_counts *n;
	int rc;
	plan_text msg;        /* the violation being reported, whole */
} vctx;

typedef struct event {
	int32_t sku;
	plan_date date;
	double qty;
} event;

typedef struct events {
	event *v;
	size_t n, cap;
} events;

static int report(vctx *v, const char *rule, int soft, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static int report(vctx *v, const char *rule, int soft, const char *fmt, ...)
{
	int hard = !(soft && (v->flags & PLAN_VERIFY_UNCONSTRAINED));
	if (hard)
		v->n->violations++;
	else
		v->n->notes++;
	if (!v->fn || v->rc)
		return v->rc;
	va_list ap;
	va_start(ap, fmt);
	int rc = plan_text__vprintf(&v->msg, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return v->rc = PLAN_ENOMEM;
	plan_violation x = { PLAN_VIOLATION_VERSION, rule, hard, v->msg.s };
	v->rc = v->fn(v->ctx, &x);
	return v->rc;
}

/* Each SKU's decimals, from items.csv and the scenario's format (format.md,
 * "Units"), into *out: NULL where no quantity is counted in units. 0 or
 * PLAN_ENOMEM. */
static int unit_decimals(const plan_model *m, int8_t **out)
{
	int deflt = m->scenario.format >= 1 ? 6 : -1, any = deflt >= 0;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_ITEMS].n && !any; i++)
		any = ((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, i))->decimals >= 0;
	size_t n = m->tab[PLAN_TABLE_SKUS].n;
	int8_t *dec = any ? malloc(n + 1) : NULL;
	*out = dec;
	if (any && !dec)
		return PLAN_ENOMEM;
	for (size_t s = 0; dec && s < n; s++) {
		long it = plan_model__row_by_code(m, PLAN_TABLE_ITEMS, TAB_ID(m, PLAN_TABLE_SKUS, s, 0));
		int d = it >= 0 ? ((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, it))->decimals : -1;
		dec[s] = (int8_t)(d >= 0 ? d : deflt);
	}
	return 0;
}

/* Rule unit: q (of SKU sku) a whole number of its unit step, within the
 * plan's tolerance. */
static int whole(const vctx *v, int32_t sku, double q)
{
	if (!v->dec || v->dec[sku] < 0)
		return 1;
	double scale = pow(10, v->dec[sku]), k = q * scale;
	return fabs(k - nearbyint(k)) <= TOL * scale;
}

static int push(events *e, int32_t sku, plan_date d, double q)
{
	if (plan_big__reserve((void **)&e->v, &e->cap, sizeof(*e->v), e->n + 1) < 0)
		return PLAN_ENOMEM;
	e->v[e->n++] = (event){ sku, d, q };
	return 0;
}

/* Events of one SKU by day (then quantity). */
static int cmp_event(const void *a, const void *b)
{
	const event *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	/* a day's events are summed: in one order, whatever qsort() does */
	return x->qty < y->qty ? -1 : x->qty > y->qty;
}

static int cmp_qty(const void *a, const void *b)
{
	const event *x = a, *y = b;
	return x->qty < y->qty ? -1 : x->qty > y->qty;
}

/* v[0..n) by quantity: a few by insertion (qsort()'s set-up costs more). */
static void sort_by_qty(event *v, size_t n)
{
	if (n > 32) {
		qsort(v, n, sizeof(*v), cmp_qty);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		event x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1].qty > x.qty; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Scratch of the sort by day: counts by day of a SKU's window, and a copy
 * of its events. */
typedef struct day_sort {
	size_t *cnt;
	size_t ncnt;
	event *tmp;
	size_t ntmp;
} day_sort;

/* One SKU's events v[0..n) by day, then quantity (the order cmp_event()
 * gives): by day in a counting pass where the days span little more than
 * the events, each day's few by quantity. 0 or PLAN_ENOMEM. */
static int sort_sku(event *v, size_t n, day_sort *ds)
{
	plan_date lo = v[0].date, hi = v[0].date;
	for (size_t i = 1; i < n; i++) {
		lo = v[i].date < lo ? v[i].date : lo;
		hi = v[i].date > hi ? v[i].date : hi;
	}
	size_t span = (size_t)((int64_t)hi - lo) + 1;
	if (span > 8 * n + 64) {
		qsort(v, n, sizeof(*v), cmp_event);
		return 0;
	}
	if (plan_vec__reserve((void **)&ds->cnt, &ds->ncnt, sizeof(*ds->cnt), span + 1) < 0 ||
	    plan_vec__reserve((void **)&ds->tmp, &ds->ntmp, sizeof(*ds->tmp), n) < 0)
		return PLAN_ENOMEM;
	memset(ds->cnt, 0, (span + 1) * sizeof(*ds->cnt));
	for (size_t i = 0; i < n; i++)
		ds->cnt[v[i].date - lo + 1]++;
	for (size_t k = 1; k <= span; k++)
		ds->cnt[k] += ds->cnt[k - 1];
	for (size_t i = 0; i < n; i++)
		ds->tmp[ds->cnt[v[i].date - lo]++] = v[i];
	memcpy(v, ds->tmp, n * sizeof(*v));
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j].date == v[i].date)
			j++;
		if (j - i > 1)
			sort_by_qty(v + i, j - i);
		i = j;
	}
	return 0;
}

/* Events by SKU, day and quantity: by SKU in one counting pass (most of
 * the work of a sort of them all), then each SKU's by day (sort_sku()). 0
 * or PLAN_ENOMEM. */
static int sort_events(events *ev, size_t nsku)
{
	size_t *at = calloc(nsku + 1, sizeof(*at)), bycap = 0;
	event *by = NULL;
	day_sort ds = { NULL, 0, NULL, 0 };
	if (!at || plan_big__reserve((void **)&by, &bycap, sizeof(*by), ev->n + 1) < 0) {
		free(at);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < ev->n; i++)
		at[ev->v[i].sku]++;
	for (size_t s = 0, sum = 0; s <= nsku; s++) {
		size_t c = at[s];
		at[s] = sum;
		sum += c;
	}
	for (size_t i = 0; i < ev->n; i++)
		by[at[ev->v[i].sku]++] = ev->v[i];
	int rc = 0;
	for (size_t s = 0, from = 0; s < nsku && !rc; from = at[s++]) {
		size_t n = at[s] - from;
		if (n > 32) {
			rc = sort_sku(by + from, n, &ds);
			continue;
		}
		/* a few: by insertion (qsort()'s set-up costs more) */
		for (size_t i = from + 1; i < at[s]; i++) {
			event x = by[i];
			size_t j = i;
			for (; j > from && cmp_event(&by[j - 1], &x) > 0; j--)
				by[j] = by[j - 1];
			by[j] = x;
		}
	}
	free(ds.cnt);
	free(ds.tmp);
	free(at);
	if (rc) {
		plan_big__free(by, bycap, sizeof(*by));
		return rc;
	}
	plan_big__free(ev->v, ev->cap, sizeof(*ev->v));
	ev->v = by;
	ev->cap = bycap;
	return 0;
}

static const char *ymd(char *buf, plan_date d)
{
	plan_date_format(buf, d);
	return buf;
}

/* Component requirements of making qty of sku on day `on`, as events on
 * day `when`. */
typedef struct draws {
	events *ev;
	plan_date when;
} draws;

static int push_draw(void *ctx, int32_t comp, double need)
{
	draws *d = ctx;
	return push(d->ev, comp, d->when, -need);
}

static int push_yield(void *ctx, int32_t out, double qty)
{
	draws *d = ctx;
	return push(d->ev, out, d->when, qty);
}

static int require(vctx *v, events *ev, const plan_ord *o, plan_date on, plan_date when)
{
	draws d = { ev, when };
	return plan_result__bom_draws(v->m, o->sku, plan_result__alt_of(o), o->qty, on, push_draw, &d, 0);
}

static const char *sku_name(const plan_model *m, int32_t s, char *buf, size_t n)
{
	return plan_model__sku_name(m, TAB_ID(m, PLAN_TABLE_SKUS, s, 0), TAB_ID(m, PLAN_TABLE_SKUS, s, 1),
				    buf, n);
}

/* Adds qty to the sum kept for key: sums[map(key)], a new one (0) the
 * first time (n of them, room for cap). 0 or -1 (out of memory). */
static int add_at(plan_map64 *map, double **sums, size_t *n, size_t *cap, uint64_t key, double qty)
{
	int32_t k = plan_map64__get(map, key);
	if (k < 0) {
		k = (int32_t)*n;
		if (plan_map64__put(map, key, k) < 0 ||
		    plan_vec__reserve((void **)sums, cap, sizeof(double), *n + 1) < 0)
			return -1;
		(*sums)[(*n)++] = 0;
	}
	(*sums)[k] += qty;
	return 0;
}

/* Lanes' use is keyed by lane and bucket; a supplier's (1.1) by its row
 * with this bit set. */
#define SUPPLIER_BIT 0x80000000u

/* A transfer's draw on its source, on its release (before start: on
 * start), and what its lane ships in the bucket of the release (before
 * start: the first). 0 or -1 (out of memory). */
static int ship(vctx *v, events *ev, const plan_buckets *bk, plan_map64 *lane_use, double **lane_qty,
		size_t *nlane_qty, size_t *lane_cap, const int32_t *lane_src, const plan_ord *o)
{
	plan_date start = v->m->horizon.start;
	if (push(ev, lane_src[o->lane], o->release > start ? o->release : start, -o->qty) < 0)
		return -1;
	uint64_t key = ((uint64_t)(uint32_t)o->lane << 32) | plan_buckets__of(bk, o->release);
	return add_at(lane_use, lane_qty, nlane_qty, lane_cap, key, o->qty);
}

/* A buy order from a supplier (1.1, format.md "Suppliers"): one of its
 * SKU's, at least its lot_min, a multiple of its lot_multiple, its lead
 * time in its calendar; its use of the supplier counted. 0 or -1 (out of
 * memory). */
static int check_supplier(vctx *v, const plan_calendars *cals, const plan_buckets *bk,
			  plan_map64 *use, double **qty, size_t *nqty, size_t *cap, size_t i)
{
	const plan_model *m = v->m;
	const plan_ord *o = &v->r->ord[i];
	const char *id = plan_result__id(v->r, i);
	char name[160];
	int has = plan_model__has_suppliers(m, o->sku);
	v->n->checks++;
	if (o->lane < 0 || !has || o->lane >= (int32_t)m->tab[PLAN_TABLE_SUPPLIERS].n ||
	    plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SUPPLIERS, o->lane, 0),
			    TAB_ID(m, PLAN_TABLE_SUPPLIERS, o->lane, 1)) != o->sku) {
		report(v, "supplier", 0, "order %s: %s", id,
		       has ? "names none of its SKU's suppliers" : "names a supplier its SKU does not have");
		return 0;
	}
	const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, o->lane);
	int lead = plan_model__supplier_lead(m, (size_t)o->lane);
	int wd = plan_cal__count(plan_cal__of_supplier(cals, m, (size_t)o->lane), o->release, o->due);
	if (wd < lead)
		report(v, "lead_time", 0, "order %s: %s from %s spans %d working day%s, lead time %d", id,
		       sku_name(m, o->sku, name, sizeof(name)), d->supplier, wd, wd == 1 ? "" : "s", lead);
	if (o->qty < d->lot_min - TOL)
		report(v, "supplier", 0, "order %s: %.10g from %s, below its lot_min %.10g", id, o->qty,
		       d->supplier, d->lot_min);
	if (d->lot_multiple != PLAN_NONE &&
	    fabs(o->qty / d->lot_multiple - floor(o->qty / d->lot_multiple + 0.5)) * d->lot_multiple > TOL)
		report(v, "supplier", 0, "order %s: %.10g from %s, not a multiple of its lot_multiple "
		       "%.10g", id, o->qty, d->supplier, d->lot_multiple);
	uint64_t key = ((uint64_t)((uint32_t)o->lane | SUPPLIER_BIT) << 32) | plan_buckets__of(bk, o->release);
	return add_at(use, qty, nqty, cap, key, o->qty);
}

/* Orders: kinds, phantoms, receipts unchanged (format 1.1: firm orders on
 * their release, drawing then), lead times, releases; their stock
 * movements; what lanes ship per bucket. */
static int check_orders(vctx *v, events *ev, const plan_calendars *cals, const plan_buckets *bk,
			plan_map64 *lane_use, double **lane_qty, size_t *nlane_qty)
{
	const plan_result *r = v->r;
	const plan_model *m = v->m;
	plan_date start = m->horizon.start;
	static const uint8_t kind_of_type[] = { PLAN_ORDER_BUY, PLAN_ORDER_MAKE, PLAN_ORDER_TRANSFER };
	size_t lane_cap = 0, nl = m->tab[PLAN_TABLE_SOURCING].n;
	char a[11], b[11], name[160];
	/* each lane's source SKU, looked up once */
	int32_t *lane_src = malloc((nl + 1) * sizeof(*lane_src));
	if (!lane_src)
		return PLAN_ENOMEM;
	for (size_t l = 0; l < nl; l++)
		lane_src[l] = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, l, 0),
						       TAB_ID(m, PLAN_TABLE_SOURCING, l, 2));
	int rc = 0;
	for (size_t i = 0; i < r->nord && !v->rc && !rc; i++) {
		const plan_ord *o = &r->ord[i];
		const plan_sku_def *s = TAB_ROW(m, PLAN_TABLE_SKUS, o->sku);
		const char *id = plan_result__id(r, i);
		v->n->checks++;
		if (push(ev, o->sku, o->due > start ? o->due : start, o->qty) < 0) {
			rc = PLAN_ENOMEM;
			break;
		}
		if (o->kind == PLAN_ORDER_MAKE && plan_model__has_outputs(m)) {
			/* (1.1) what it yields of its recipe's outputs, on its due */
			draws d = { ev, o->due > start ? o->due : start };
			if (plan_result__yields(m, o->sku, o->qty, push_yield, &d) < 0) {
				rc = PLAN_ENOMEM;
				break;
			}
		}
		if (o->receipt >= 0) {
			const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, o->receipt);
			if (d->due != o->due || fabs(d->qty - o->qty) > TOL)
				report(v, d->status ? "firm" : "order", 0, "order %s: %s receipt changed",
				       id, d->status == PLAN_RECEIPT_FIRM ? "firm" :
				       d->status ? "released" : "scheduled");
			if (d->status != PLAN_RECEIPT_FIRM)
				continue;
			/* a firm planned order: released on its day, it draws then */
			plan_date rel = plan_cal__firm_release(cals, m, (size_t)o->receipt);
			rel = rel > start ? rel : start;
			v->n->checks++;
			if (o->release != rel || o->kind != kind_of_type[d->kind] /* (the same order) */)
				report(v, "firm", 0, "order %s: firm order changed (released %s, "
				       "firm release %s)", id, ymd(a, o->release), ymd(b, rel));
			if (o->kind == PLAN_ORDER_MAKE && require(v, ev, o, rel, rel) < 0)
				rc = PLAN_ENOMEM;
			if (o->kind != PLAN_ORDER_TRANSFER || o->lane < 0)
				continue;
			if (ship(v, ev, bk, lane_use, lane_qty, nlane_qty, &lane_cap, lane_src, o) < 0)
				rc = PLAN_ENOMEM;
			continue;
		}
		if (!(o->qty > TOL))
			report(v, "order", 0, "order %s: qty %.10g is not positive", id, o->qty);
		if (!whole(v, o->sku, o->qty))
			report(v, "unit", 0, "order %s: qty %.10g of %s is not a whole number of its unit "
			       "(decimals %d)", id, o->qty, sku_name(m, o->sku, name, sizeof(name)),
			       v->dec[o->sku]);
		if (s->batch_size > 0 && o->kind == PLAN_ORDER_MAKE) {
			/* (1.1) whole batches */
			double k = floor(o->qty / s->batch_size + 0.5);
			v->n->checks++;
			if (!(k >= 1) || fabs(o->qty - k * s->batch_size) > TOL + 1e-12 * o->qty)
				report(v, "batch", 0, "order %s: qty %.10g of %s is not a whole number "
				       "of its batches of %.10g", id, o->qty,
				       sku_name(m, o->sku, name, sizeof(name)), s->batch_size);
		}
		if (o->release > o->due)
			report(v, "order", 0, "order %s: release %s after due %s", id, ymd(a, o->release),
			       ymd(b, o->due));
		if (s->phantom)
			report(v, "order", 0, "order %s: phantom %s is ordered", id,
			       sku_name(m, o->sku, name, sizeof(name)));
		if (o->kind != kind_of_type[s->type])
			report(v, "order", 0, "order %s: kind does not match SKU %s", id,
			       sku_name(m, o->sku, name, sizeof(name)));
		if (o->release < start) {
			report(v, "release", 1, "order %s: released %s, before start %s", id,
			       ymd(a, o->release), ymd(b, start));
		} else if (s->frozen_days > 0) {
			/* the time fence: frozen_days working days of the site's
			 * calendar from start, before the release */
			v->n->checks++;
			const plan_cal *cal = plan_cal__of_site(cals, TAB_ID(m, PLAN_TABLE_SKUS, o->sku, 1));
			int wd = plan_cal__count(cal, start, o->release);
			if (wd < s->frozen_days)
				report(v, "fence", 1, "order %s: released %s, %d working day%s after start, "
				       "inside the time fence of %s (%d)", id, ymd(a, o->release), wd,
				       wd == 1 ? "" : "s", sku_name(m, o->sku, name, sizeof(name)),
				       s->frozen_days);
		}
		plan_date when = o->release > start ? o->release : start;
		if (o->kind == PLAN_ORDER_BUY && (o->lane >= 0 || plan_model__has_suppliers(m, o->sku))) {
			/* from a supplier (1.1): its lead time, lots and limit */
			if (check_supplier(v, cals, bk, lane_use, lane_qty, nlane_qty, &lane_cap, i) < 0)
				rc = PLAN_ENOMEM;
			continue;
		}
		if (o->kind != PLAN_ORDER_TRANSFER) {
			const plan_cal *cal = plan_cal__of_site(cals, TAB_ID(m, PLAN_TABLE_SKUS, o->sku, 1));
			int wd = plan_cal__count(cal, o->release, o->due);
			if (wd < s->lead_time)
				report(v, "lead_time", 0, "order %s: %s spans %d working day%s, lead time %d",
				       id, sku_name(m, o->sku, name, sizeof(name)), wd, wd == 1 ? "" : "s",
				       s->lead_time);
			if (o->kind == PLAN_ORDER_MAKE && require(v, ev, o, o->release, when) < 0)
				rc = PLAN_ENOMEM;
			continue;
		}
		if (o->lane < 0) {
			report(v, "order", 0, "order %s: transfer without a lane", id);
			continue;
		}
		const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, o->lane);
		if (o->due - o->release < l->transfer_days)
			report(v, "lead_time", 0, "order %s: transfer takes %d day%s, lane needs %d", id,
			       (int)(o->due - o->release), o->due - o->release == 1 ? "" : "s",
			       l->transfer_days);
		if (ship(v, ev, bk, lane_use, lane_qty, nlane_qty, &lane_cap, lane_src, o) < 0) {
			rc = PLAN_ENOMEM;
			break;
		}
	}
	free(lane_src);
	return rc ? rc : v->rc;
}

static int check_lanes(vctx *v, const plan_map64 *use, const double *qty, const plan_buckets *bk)
{
	const plan_model *m = v->m;
	for (size_t s = 0; s < use->nslot && !v->rc; s++) {
		if (use->val[s] < 0)
			continue;
		uint32_t lane = (uint32_t)(use->key[s] >> 32);
		size_t bucket = (size_t)(uint32_t)use->key[s];
		double q = qty[use->val[s]];
		v->n->checks++;
		char a[11];
		if (lane & SUPPLIER_BIT) { /* a supplier's (1.1) */
			const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, lane & ~SUPPLIER_BIT);
			if (d->max_per_bucket != PLAN_NONE && q > d->max_per_bucket + TOL)
				report(v, "supplier", 1, "supplier %s of %s@%s takes %.10g in the bucket of "
				       "%s, max %.10g", d->supplier, d->item, d->site, q,
				       ymd(a, bk->start[bucket < bk->n ? bucket : bk->n - 1]), d->max_per_bucket);
			continue;
		}
		const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, lane);
		if (l->max_per_bucket != PLAN_NONE && q > l->max_per_bucket + TOL) {
			report(v, "lane", 1, "lane %s %s->%s ships %.10g in the bucket of %s, max %.10g",
			       l->item, l->source, l->site, q, ymd(a, bk->start[bucket < bk->n ? bucket : bk->n - 1]),
			       l->max_per_bucket);
		}
	}
	return v->rc;
}

static int check_deliveries(vctx *v, events *ev)
{
	const plan_result *r = v->r;
	const plan_model *m = v->m;
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n;
	double *got = calloc(nd ? nd : 1, sizeof(*got));
	double *net = plan_verify__net(m);
	if (!got || !net) {
		free(got);
		free(net);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < r->ndlv; i++) {
		const plan_delivery_rec *d = &r->dlv[i];
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d->demand);
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 2));
		v->n->checks++;
		if (d->date < m->horizon.start) {
			char a[11];
			report(v, "delivery", 0, "demand %s: delivered %s, before start", dd->id,
			       ymd(a, d->date));
		}
		got[d->demand] += d->qty;
		if (!whole(v, sku, d->qty))
			report(v, "unit", 0, "demand %s: a delivery of %.10g, not a whole number of its "
			       "unit (decimals %d)", dd->id, d->qty, v->dec[sku]);
		if (push(ev, sku, d->date > m->horizon.start ? d->date : m->horizon.start, -d->qty) < 0) {
			free(got);
			free(net);
			return PLAN_ENOMEM;
		}
	}
	for (size_t i = 0; i < nd && !v->rc; i++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		v->n->checks++;
		if (got[i] > net[i] + TOL && net[i] < dd->qty)
			report(v, "delivery", 0, "demand %s: delivered %.10g, the forecast %.10g after "
			       "orders consumed %.10g of it", dd->id, got[i], net[i], dd->qty - net[i]);
		else if (got[i] > net[i] + TOL)
			report(v, "delivery", 0, "demand %s: delivered %.10g, ordered %.10g", dd->id,
			       got[i], dd->qty);
		/* the plan's forecast table (the model's consumption) against this one */
		if (dd->kind == PLAN_DEMAND_FORECAST && !v->rc) {
			v->n->checks++;
			double planned = plan_model__demand_qty(m, i);
			if (fabs(planned - net[i]) > TOL * (1 + net[i]))
				report(v, "forecast", 0, "forecast %s: the plan's net %.10g, consumption "
				       "leaves %.10g of its %.10g", dd->id, planned, net[i], dd->qty);
		}
	}
	free(got);
	free(net);
	return v->rc;
}

/* Stock of each SKU at the end of each day with a movement. */
/* money (NULL: the plan has none): each SKU's level at each bucket's end
 * adds its value and holding (verify_finance.c) */
static int check_stock(vctx *v, events *ev, const plan_buckets *bk, double *money,
		       const int32_t *site)
{
	const plan_model *m = v->m;
	char name[160], a[11];
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n; s++) {
		const plan_sku_def *d = TAB_ROW(m, PLAN_TABLE_SKUS, s);
		if (push(ev, (int32_t)s, m->horizon.start, d->on_hand) < 0)
			return PLAN_ENOMEM;
	}
	if (sort_events(ev, m->tab[PLAN_TABLE_SKUS].n) < 0)
		return PLAN_ENOMEM;
	/* the stock held, day by day over the horizon, for its value */
	plan_date h0 = m->horizon.start, h1 = m->horizon.end + 1;
	double days = h1 > h0 ? (double)(h1 - h0) : 1, value = 0;
	for (size_t i = 0; i < ev->n && !v->rc;) {
		int32_t sku = ev->v[i].sku;
		/* (the balance by a compensated sum: the stock the plan's
		 * quantities make, not the float noise of adding 1e12s) */
		double bal = 0, comp = 0, held = 0, moved = 0;
		int bad = 0;
		size_t b = 0;
		while (i < ev->n && ev->v[i].sku == sku) {
			plan_date day = ev->v[i].date;
			for (; money && b < bk->n && bk->start[b + 1] <= day; b++)
				plan_verify__stock_money(money, m, bk, site, sku, b, bal, moved);
			while (i < ev->n && ev->v[i].sku == sku && ev->v[i].date == day) {
				moved += fabs(ev->v[i].qty);
				plan_sum__add(&bal, &comp, ev->v[i++].qty);
			}
			bal += comp;
			comp = 0;
			plan_date next = i < ev->n && ev->v[i].sku == sku ? ev->v[i].date : h1;
			plan_date from = day > h0 ? day : h0, to = next < h1 ? next : h1;
			if (to > from && bal > 0)
				held += bal * (double)(to - from);
			v->n->checks++;
			if (!bad && bal < -TOL * (1 + fabs(bal))) {
				bad = 1;
				report(v, "stock", 0, "stock of %s is %.10g on %s",
				       sku_name(m, sku, name, sizeof(name)), bal, ymd(a, day));
			}
		}
		for (; money && b < bk->n; b++)
			plan_verify__stock_money(money, m, bk, site, sku, b, bal, moved);
		value += held / days * ((const plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, sku))->unit_cost;
	}
	v->n->stock_value = value;
	return v->rc;
}

/* Rows of table t grouped by a key (CSR): key(row) in [0, nkeys). */
static int group(const plan_model *m, int t, size_t nkeys, int32_t (*key)(const plan_model *, size_t),
		 int32_t **off, int32_t **rows)
{
	size_t n = m->tab[t].n;
	*off = calloc(nkeys + 1, sizeof(**off));
	*rows = malloc((n ? n : 1) * sizeof(**rows));
	int32_t *fill = malloc((nkeys + 1) * sizeof(*fill));
	if (!*off || !*rows || !fill) {
		free(fill);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		(*off)[key(m, i) + 1]++;
	for (size_t k = 0; k < nkeys; k++)
		(*off)[k + 1] += (*off)[k];
	memcpy(fill, *off, (nkeys + 1) * sizeof(*fill));
	for (size_t i = 0; i < n; i++)
		(*rows)[fill[key(m, i)]++] = (int32_t)i;
	free(fill);
	return 0;
}

static int32_t block_resource(const plan_model *m, size_t i)
{
	return (int32_t)plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
						TAB_ID(m, PLAN_TABLE_MAINTENANCE, i, 1));
}

/* A load of an operation of a released work order (format 1.1): on the
 * resource it names, within [start, due] (due before start: on start);
 * summed per operation into step_h. 0 or -1 (out of memory). */
static int check_operation_load(vctx *v, const plan_load_rec *l, plan_map64 *step, double **step_h,
				size_t *nstep, size_t *cap)
{
	const plan_model *m = v->m;
	const plan_result *r = v->r;
	int32_t op = -1 - l->routing;
	const plan_operation_def *od = TAB_ROW(m, PLAN_TABLE_OPERATIONS, op);
	long own = plan_model__row_by_code(m, PLAN_TABLE_RECEIPTS, TAB_ID(m, PLAN_TABLE_OPERATIONS, op, 0));
	if (r->ord[l->order].receipt != own) {
		report(v, "operations", 0, "order %s: loads operation %s of another work order",
		       plan_result__id(r, (size_t)l->order), od->step);
		return 0;
	}
	const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, own);
	plan_date start = m->horizon.start, to = d->due > start ? d->due : start;
	char a[11];
	if (l->date < start || l->date > to)
		report(v, "operations", 0, "work order %s operation %s: load on %s outside [start, due]",
		       d->id, od->step, ymd(a, l->date));
	if (strcmp(od->resource, ((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES,
								   l->resource))->resource) != 0)
		report(v, "operations", 0, "work order %s operation %s: loads %s, not %s", d->id,
		       od->step, ((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES,
								      l->resource))->resource, od->resource);
	return add_at(step, step_h, nstep, cap,
		      ((uint64_t)(uint32_t)l->order << 32) | (uint32_t)l->routing, l->hours);
}

/* The day map of check_loads(), for projects' activities' loads (1.1). */
typedef struct day_sums {
	plan_map64 *day;
	double **day_h;
	size_t *nday, *cap;
} day_sums;

static int add_activity_load(void *ctx, int32_t activity, int32_t res, plan_date d, double hours)
{
	day_sums *x = ctx;
	(void)activity;
	return add_at(x->day, x->day_h, x->nday, x->cap,
		      ((uint64_t)(uint32_t)res << 32) | (uint32_t)d, hours) < 0 ? PLAN_ENOMEM : 0;
}

/* Loads: windows, resources, hours per step; offered hours per day (a
 * project's activities' too, 1.1). */
static int check_loads(vctx *v, const plan_calendars *cals)
{
	const plan_result *r = v->r;
	const plan_model *m = v->m;
	plan_map64 step = { 0 }, day = { 0 };
	double *step_h = NULL, *day_h = NULL;
	size_t nstep = 0, nday = 0, cap1 = 0, cap2 = 0;
	int32_t *mb_off = NULL, *mb_row = NULL;
	int rc = 0;
	char a[11];
	/* each step's own resource, looked up once (not once a load) */
	size_t nrt = m->tab[PLAN_TABLE_ROUTINGS].n;
	int32_t *rt_res = malloc((nrt + 1) * sizeof(*rt_res));
	if (!rt_res)
		goto oom;
	for (size_t i = 0; i < nrt; i++)
		rt_res[i] = (int32_t)plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
							     TAB_ID(m, PLAN_TABLE_ROUTINGS, i, 3));
	if (group(m, PLAN_TABLE_MAINTENANCE, m->tab[PLAN_TABLE_RESOURCES].n, block_resource, &mb_off,
		  &mb_row))
		goto oom;
	for (size_t i = 0; i < r->nload && !v->rc; i++) {
		const plan_load_rec *l = &r->load[i];
		const plan_ord *o = &r->ord[l->order];
		const char *id = plan_result__id(r, (size_t)l->order);
		v->n->checks++;
		if (l->routing < 0) {
			/* an operation of a released work order: on its resource,
			 * from start to its due (start if before) */
			if (check_operation_load(v, l, &step, &step_h, &nstep, &cap1) < 0)
				goto oom;
			goto by_day;
		}
		const plan_routing_def *rt = TAB_ROW(m, PLAN_TABLE_ROUTINGS, l->routing);
		int32_t own = rt_res[l->routing];
		if (l->date < o->release || l->date > (o->due > o->release ? o->due : o->release))
			report(v, "loads", 0, "order %s: load on %s outside [release, due]", id,
			       ymd(a, l->date));
		double factor = 0;
		if (l->resource == own) {
			factor = 1;
		} else {
			for (int32_t q = mb_off[own]; q < mb_off[own + 1]; q++) {
				int32_t b = mb_row[q];
				const plan_maintenance_def *mb = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, b);
				if (mb->alt_resource &&
				    (int32_t)plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
								     TAB_ID(m, PLAN_TABLE_MAINTENANCE, b, 2)) == l->resource &&
				    mb->start <= l->date && l->date <= mb->end) {
					factor = 1.0 / mb->alt_factor;
					break;
				}
			}
			if (factor == 0)
				report(v, "loads", 0, "order %s step %s: loads a resource that is neither "
				       "its own nor an alternate in a block on %s", id, rt->step, ymd(a, l->date));
		}
		if (add_at(&step, &step_h, &nstep, &cap1,
			   ((uint64_t)(uint32_t)l->order << 32) | (uint32_t)l->routing, l->hours * factor) < 0)
			goto oom;
by_day:
		if (add_at(&day, &day_h, &nday, &cap2,
			   ((uint64_t)(uint32_t)l->resource << 32) | (uint32_t)l->date, l->hours) < 0)
			goto oom;
	}
	day_sums acts = { &day, &day_h, &nday, &cap2 };
	if (!v->rc && plan_result__activity_loads(r, cals, add_activity_load, &acts))
		goto oom;
	/* every step of every planned or firm make order adds up, and every
	 * operation of a released one */
	for (size_t i = 0; i < r->nord && !v->rc; i++) {
		const plan_ord *o = &r->ord[i];
		if (o->receipt >= 0 && m->op_off)
			for (int32_t q = m->op_off[o->receipt]; q < m->op_off[o->receipt + 1] && !v->rc; q++) {
				int32_t op = m->op_row[q];
				const plan_operation_def *od = TAB_ROW(m, PLAN_TABLE_OPERATIONS, op);
				int32_t x = plan_map64__get(&step, ((uint64_t)i << 32) | (uint32_t)(-1 - op));
				double have = x >= 0 ? step_h[x] : 0, need = od->remaining_hours;
				v->n->checks++;
				if (fabs(have - need) > TOL * (1 + need))
					report(v, "operations", 0, "work order %s operation %s: loads %.10g h, "
					       "%.10g h remain", plan_result__id(r, i), od->step, have, need);
			}
		if (o->kind != PLAN_ORDER_MAKE ||
		    (o->receipt >= 0 && plan_model__rec_status(m, (size_t)o->receipt) != PLAN_RECEIPT_FIRM))
			continue;
		/* its routing: its alternate's (1.1), else the primary's */
		int32_t q0, q1, alt = plan_result__alt_of(o);
		const int32_t *steps = plan_model__steps(m, o->sku, alt, &q0, &q1);
		v->n->checks++;
		if (alt >= 0 && (alt >= (int32_t)m->nalt || m->alt[alt].sku != o->sku))
			report(v, "alternate", 0, "order %s: made by an alternate its SKU does not have",
			       plan_result__id(r, i));
		for (int32_t q = q0; q < q1 && !v->rc; q++) {
			int32_t k = steps[q];
			const plan_routing_def *rt = TAB_ROW(m, PLAN_TABLE_ROUTINGS, k);
			double need = plan_rt__hours(rt, o->qty);
			int32_t x = plan_map64__get(&step, ((uint64_t)i << 32) | (uint32_t)k);
			double have = x >= 0 ? step_h[x] : 0;
			v->n->checks++;
			if (fabs(have - need) > TOL * (1 + need))
				report(v, "loads", 0, "order %s step %s: loads %.10g h, needs %.10g h",
				       plan_result__id(r, i), rt->step, have, need);
		}
	}
	/* what each resource offers on the day */
	for (size_t s = 0; s < day.nslot && !v->rc; s++) {
		if (day.val[s] < 0)
			continue;
		int32_t res = (int32_t)(day.key[s] >> 32);
		plan_date d = (plan_date)(uint32_t)day.key[s];
		const plan_resource_def *rd = TAB_ROW(m, PLAN_TABLE_RESOURCES, res);
		const plan_cal *cal = plan_cal__of_resource(cals, m, (size_t)res);
		double offer = plan_cal__working(cal, d) ? plan_res__hours(rd) : 0;
		for (int32_t q = mb_off[res]; q < mb_off[res + 1]; q++) {
			const plan_maintenance_def *mb = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, mb_row[q]);
			if (mb->start <= d && d <= mb->end &&
			    offer > plan_res__hours(rd) * mb->capacity_factor)
				offer = plan_res__hours(rd) * mb->capacity_factor;
		}
		v->n->checks++;
		if (day_h[day.val[s]] > offer + TOL * (1 + offer))
			report(v, "capacity", 1, "resource %s on %s: loaded %.10g h, offers %.10g h",
			       rd->resource, ymd(a, d), day_h[day.val[s]], offer);
	}
	goto out;
oom:
	rc = PLAN_ENOMEM;
out:
	plan_map64__free(&step);
	plan_map64__free(&day);
	free(step_h);
	free(day_h);
	free(mb_off);
	free(mb_row);
	free(rt_res);
	return rc ? rc : v->rc;
}

static int say_finance(void *ctx, const char *msg)
{
	return report(ctx, "finance", 0, "%s", msg);
}

static int say_sourcing(void *ctx, const char *msg)
{
	return report(ctx, "sourcing", 0, "%s", msg);
}

static int say_share(void *ctx, const char *msg)
{
	return report(ctx, "fair_share", 0, "%s", msg);
}

static int say_activities(void *ctx, const char *msg)
{
	return report(ctx, "activities", 0, "%s", msg);
}

static int say_precedence(void *ctx, const char *msg)
{
	return report(ctx, "precedence", 0, "%s", msg);
}

static int say_specific(void *ctx, const char *msg)
{
	return report(ctx, "project_specific", 0, "%s", msg);
}

static int check_pegging(vctx *v)
{
	const plan_result *r = v->r;
	for (size_t i = 0; i < r->nord && !v->rc; i++) {
		const plan_ord *o = &r->ord[i];
		double sum = 0;
		for (uint32_t k = 0; k < o->alloc_count; k++)
			if (!r->alloc_out || r->alloc_out[o->alloc_first + k] < 0)
				sum += r->alloc[o->alloc_first + k].qty;
		v->n->checks++;
		if (sum > o->qty * (1 + TOL) + TOL)
			report(v, "pegging", 0, "order %s: pegged %.10g, more than its qty %.10g",
			       plan_result__id(r, i), sum, o->qty);
		if (!r->alloc_out)
			continue;
		/* (1.1) a run of a recipe serves, in its own units, what each
		 * output's yield serves: at most its qty each, and nothing of
		 * what it does not yield */
		int32_t k0 = 0, k1 = 0;
		const int32_t *rows = plan_model__outputs_of(v->m, o->sku, &k0, &k1);
		for (uint32_t k = 0; k < o->alloc_count; k++) {
			int32_t b = r->alloc_out[o->alloc_first + k], at = k0;
			while (b >= 0 && at < k1 && v->m->out_sku[rows[at]] != b)
				at++;
			if (b >= 0 && (o->kind != PLAN_ORDER_MAKE || at == k1))
				report(v, "pegging", 0, "order %s: an allocation gives what it does not yield",
				       plan_result__id(r, i));
		}
		for (int32_t at = k0; at < k1 && o->kind == PLAN_ORDER_MAKE; at++) {
			double y = 0;
			for (uint32_t k = 0; k < o->alloc_count; k++)
				if (r->alloc_out[o->alloc_first + k] == v->m->out_sku[rows[at]])
					y += r->alloc[o->alloc_first + k].qty;
			v->n->checks++;
			if (y > o->qty * (1 + TOL) + TOL)
				report(v, "pegging", 0, "order %s: its yield pegged for %.10g of it, more "
				       "than its qty %.10g", plan_result__id(r, i), y, o->qty);
		}
	}
	return v->rc;
}

/* Rule "finite": every number of the plan (order and allocation
 * quantities, deliveries, load hours, capacity rows) is finite, and none
 * past the limit of a plan. One violation per table, with its first bad
 * row: a plan with NaN in it is wrong everywhere the number went. */
static int check_finite(vctx *v)
{
	const plan_result *r = v->r;
#define FINITE(x) (isfinite(x) && fabs(x) <= PLAN_MAX_PLANNED)
	for (size_t i = 0; i < r->nord; i++) {
		v->n->checks++;
		if (!FINITE(r->ord[i].qty)) {
			report(v, "finite", 0, "order %s: qty %g is not a finite number of a plan",
			       plan_result__id(r, i), r->ord[i].qty);
			break;
		}
	}
	for (size_t i = 0; i < r->nalloc; i++) {
		v->n->checks++;
		if (!FINITE(r->alloc[i].qty)) {
			report(v, "finite", 0, "order %s: an allocation of %g",
			       plan_result__id(r, (size_t)r->alloc[i].order), r->alloc[i].qty);
			break;
		}
	}
	for (size_t i = 0; i < r->ndlv; i++) {
		v->n->checks++;
		if (!FINITE(r->dlv[i].qty)) {
			const plan_demand_def *d = TAB_ROW(v->m, PLAN_TABLE_DEMAND, r->dlv[i].demand);
			report(v, "finite", 0, "demand %s: a delivery of %g", d->id, r->dlv[i].qty);
			break;
		}
	}
	for (size_t i = 0; i < r->nload; i++) {
		v->n->checks++;
		if (!FINITE(r->load[i].hours)) {
			report(v, "finite", 0, "order %s: a load of %g h",
			       plan_result__id(r, (size_t)r->load[i].order), r->load[i].hours);
			break;
		}
	}
	for (size_t i = 0; i < r->ncap; i++) {
		const plan_cap_rec *c = &r->cap[i];
		v->n->checks++;
		if (!FINITE(c->available) || !FINITE(c->loaded) || !FINITE(c->lost) ||
		    !FINITE(c->to_alt)) {
			report(v, "finite", 0, "resource %s: capacity row %zu is not finite",
			       ((const plan_resource_def *)TAB_ROW(v->m, PLAN_TABLE_RESOURCES,
								   c->resource))->resource, i);
			break;
		}
	}
#undef FINITE
	return v->rc;
}

PLAN_EXPORT int plan_result_verify(plan_verify_counts *out, const plan_result *r, unsigned flags,
				   plan_violation_fn fn, void *ctx)
{
	if (!r || !out || out->version != PLAN_VERIFY_COUNTS_VERSION)
		return PLAN_EINVAL;
	const plan_model *m = r->model;
	plan_verify_counts counts = PLAN_VERIFY_COUNTS_INIT;
	vctx v = { r, m, NULL, flags, fn, ctx, &counts, 0, { NULL, 0 } };
	plan_calendars cals;
	plan_buckets bk = { NULL, 0, PLAN_BUCKET_WEEK };
	events ev = { NULL, 0, 0 };
	plan_map64 lane_use = { 0 };
	double *lane_qty = NULL;
	size_t nlane_qty = 0;
	double *money = NULL;
	int32_t *site = NULL;
	plan_date from = m->horizon.start;
	for (size_t i = 0; i < r->nord; i++)
		if (r->ord[i].release < from)
			from = r->ord[i].release;
	int rc = unit_decimals(m, &v.dec);
	if (rc)
		return rc;
	rc = plan_cal__build(&cals, m, from, m->horizon.end);
	if (rc) {
		free(v.dec);
		return rc;
	}
	rc = plan_buckets__build(&bk, &m->horizon);
	if (!rc)
		rc = check_finite(&v);
	if (!rc)
		rc = check_orders(&v, &ev, &cals, &bk, &lane_use, &lane_qty, &nlane_qty);
	if (!rc)
		rc = check_lanes(&v, &lane_use, lane_qty, &bk);
	if (!rc)
		rc = plan_verify__sourcing(r, &bk, v.dec, say_sourcing, &v, &counts.checks);
	if (!rc)
		rc = plan_verify__share(r, &bk, v.dec, say_share, &v, &counts.checks);
	if (!rc)
		rc = check_deliveries(&v, &ev);
	if (!rc && r->fin &&
	    (!(site = plan_verify__sites(m)) || !(money = plan_verify__flows(r, &bk, site))))
		rc = PLAN_ENOMEM;
	if (!rc)
		rc = check_stock(&v, &ev, &bk, money, site);
	if (!rc && money)
		rc = plan_verify__finance(r, &bk, money, site, say_finance, &v, &counts.checks);
	if (!rc)
		rc = check_loads(&v, &cals);
	if (!rc)
		rc = plan_verify__activities(r, &cals, say_activities, &v, &counts.checks);
	if (!rc)
		rc = plan_verify__precedence(r, say_precedence, &v, &counts.checks);
	if (!rc)
		rc = check_pegging(&v);
	if (!rc)
		rc = plan_verify__specific(r, say_specific, &v, &counts.checks);
	plan_text__free(&v.msg);
	free(v.dec);
	plan_cal__free(&cals);
	plan_buckets__free(&bk);
	plan_big__free(ev.v, ev.cap, sizeof(*ev.v));
	plan_map64__free(&lane_use);
	free(lane_qty);
	free(money);
	free(site);
	*out = counts;
	return rc;
}
