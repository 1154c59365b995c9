/* The service bound (plan/bound.h): a linear program whose solutions
 * include every plan that keeps format.md's feasibility rules, maximising
 * the demand quantity delivered on time. Days are offsets from start,
 * 0 .. nd - 1; columns and rows are GLPK's (1-based), built in plain arrays
 * (plan_lp) and solved by the aggregate planner's guarded GLPK call. */
#include "plan/bound.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aggregate/aggregate_impl.h"
#include "model/calendar.h"
#include "result/result_impl.h"

#define INF HUGE_VAL

typedef struct bctx {
	plan_model *m;
	plan_lp lp;
	plan_calendars cals;
	size_t nsku, nd;
	size_t P, np;       /* days a period, periods (day t is in period t / P) */
	plan_date start;
	int *stock_row;     /* (sku, period) -> the row of its stock balance */
	int *x;             /* (sku, period) -> the column of orders due in it, 0: none */
	uint32_t *drawp;    /* (sku, period) -> the period their components are drawn in */
	uint32_t *loadp;    /* (sku, period) -> the first period they may load in */
	plan_date *relmin, *relmax; /* (sku, period) -> their earliest and latest
				       release (the latest is when they draw) */
	double *cap;        /* (resource, day) -> hours offered */
	int *cap_row;       /* (resource, period) -> its capacity row, 0 until used */
} bctx;

#define AT(b, s, k) ((size_t)(s) * (b)->np + (size_t)(k))
#define DAY_AT(b, r, t) ((size_t)(r) * (b)->nd + (size_t)(t))
#define FIRST(b, k) ((k) * (b)->P)
#define LAST(b, k) ((k) * (b)->P + (b)->P - 1 < (b)->nd ? (k) * (b)->P + (b)->P - 1 : (b)->nd - 1)

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Stock of each SKU at the end of each period: inv(k) - inv(k-1) -
 * inflows + outflows = on hand (period 0) + scheduled receipts; inv >= 0.
 * (With periods of several days, stock only at their ends: it may dip
 * within one, which relaxes.) */
static int stock_rows(bctx *b)
{
	const plan_model *m = b->m;
	for (size_t s = 0; s < b->nsku; s++) {
		const plan_sku_def *d = plan__sku(m, (int32_t)s);
		int prev = 0;
		for (size_t k = 0; k < b->np; k++) {
			double init = k == 0 ? d->on_hand : 0;
			int row = plan_lp__row(&b->lp, init, init);
			int inv = plan_lp__col(&b->lp, 0, INF, 0, 0);
			if (row < 0 || inv < 0 || plan_lp__el(&b->lp, row, inv, 1) < 0 ||
			    (prev && plan_lp__el(&b->lp, row, prev, -1) < 0))
				return PLAN_ENOMEM;
			b->stock_row[AT(b, s, k)] = row;
			prev = inv;
		}
	}
	for (size_t i = 0; i < m->tab[PLAN_TABLE_RECEIPTS].n; i++) {
		const plan_receipt_def *r = TAB_ROW(m, PLAN_TABLE_RECEIPTS, i);
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_RECEIPTS, i, 1),
					 TAB_ID(m, PLAN_TABLE_RECEIPTS, i, 2));
		long t = r->due > b->start ? (long)(r->due - b->start) : 0;
		if (s >= 0 && t < (long)b->nd) {
			plan_lp_row *row = &b->lp.row[b->stock_row[AT(b, s, (size_t)t / b->P)] - 1];
			row->hi += r->qty;
			row->lo = row->hi;
		}
	}
	return 0;
}

/* Make and buy orders due in each period on a day whose release is not
 * before start (phantoms: released when due, as explosion passes them
 * through). Released on a day off just before the latest release, an
 * order still spans its lead time: loads may start there. Components are
 * drawn at the latest release, which only relaxes. */
static int order_columns(bctx *b)
{
	const plan_model *m = b->m;
	for (size_t s = 0; s < b->nsku; s++) {
		const plan_sku_def *d = plan__sku(m, (int32_t)s);
		if (d->type == PLAN_SKU_TRANSFER)
			continue;
		const plan_cal *cal = plan_cal__of_site(&b->cals, TAB_ID(m, PLAN_TABLE_SKUS, s, 1));
		int lt = d->phantom ? 0 : d->lead_time;
		for (size_t k = 0; k < b->np; k++) {
			plan_date lo = PLAN_DATE_NONE, hi = PLAN_DATE_NONE, load = PLAN_DATE_NONE;
			for (size_t t = FIRST(b, k); t <= LAST(b, k); t++) {
				plan_date rel = plan_cal__back(cal, b->start + (plan_date)t, lt);
				/* bought from suppliers (1.1): the latest any of them
				 * could be released (the quickest, limits aside: a
				 * relaxation) */
				for (int32_t q = m->sp_off ? m->sp_off[s] : 0;
				     m->sp_off && q < m->sp_off[s + 1]; q++) {
					plan_date r = plan_cal__supplier_release(&b->cals, m, (size_t)m->sp_row[q],
										 b->start + (plan_date)t);
					rel = q == m->sp_off[s] || r > rel ? r : rel;
				}
				if (rel < b->start)
					continue;
				plan_date first = rel;
				for (int n = 0; lt > 0 && n < 366 && first - 1 >= b->start &&
						!plan_cal__working(cal, first - 1); n++)
					first--;
				if (lo == PLAN_DATE_NONE)
					lo = rel, load = first;
				hi = rel;
			}
			if (lo == PLAN_DATE_NONE)
				continue;
			int x = plan_lp__col(&b->lp, 0, INF, 0, 0);
			if (x < 0 || plan_lp__el(&b->lp, b->stock_row[AT(b, s, k)], x, -1) < 0)
				return PLAN_ENOMEM;
			b->x[AT(b, s, k)] = x;
			b->relmin[AT(b, s, k)] = lo;
			b->relmax[AT(b, s, k)] = hi;
			b->drawp[AT(b, s, k)] = (uint32_t)((size_t)(hi - b->start) / b->P);
			b->loadp[AT(b, s, k)] = (uint32_t)((size_t)(load - b->start) / b->P);
		}
	}
	return 0;
}

/* What each make order draws of its components when it is released: the
 * BOM lines effective on every release day it may have. */
static int components(bctx *b)
{
	const plan_model *m = b->m;
	for (size_t s = 0; s < b->nsku; s++) {
		const plan_sku_def *d = plan__sku(m, (int32_t)s);
		/* (a SKU with alternates, 1.1, draws nothing here: any of its
		 * BOMs may serve, and leaving them out only relaxes) */
		if (d->type != PLAN_SKU_MAKE || plan_model__has_alternates(m, (int32_t)s))
			continue;
		for (int32_t e = m->edge_off[s]; e < m->edge_off[s + 1]; e++) {
			int32_t row = m->edge_row[e];
			if (row < 0)
				continue;
			const plan_bom_def *l = TAB_ROW(m, PLAN_TABLE_BOM, row);
			double per = l->qty_per / (d->yield * (1.0 - l->scrap));
			for (size_t k = 0; k < b->np; k++) {
				int x = b->x[AT(b, s, k)];
				if (!x || (l->valid_from != PLAN_DATE_NONE &&
					   b->relmin[AT(b, s, k)] < l->valid_from) ||
				    (l->valid_until != PLAN_DATE_NONE &&
				     b->relmax[AT(b, s, k)] >= l->valid_until))
					continue;
				int r = b->stock_row[AT(b, m->edge_to[e], b->drawp[AT(b, s, k)])];
				if (plan_lp__el(&b->lp, r, x, per) < 0)
					return PLAN_ENOMEM;
			}
		}
	}
	return 0;
}

/* (1.1) What each make order of a recipe yields of its outputs, into
 * their stock in the period it is due (format.md, "Co-products and
 * by-products"). An output's own supply keeps its columns: the plans
 * never use them for a co-product, so they only relax. */
static int yields(bctx *b)
{
	const plan_model *m = b->m;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_OUTPUTS].n; r++) {
		int32_t a = m->out_rec[r], o = m->out_sku[r];
		double per = ((const plan_output_def *)TAB_ROW(m, PLAN_TABLE_OUTPUTS, r))->qty_per;
		for (size_t k = 0; a >= 0 && k < b->np; k++) {
			int x = b->x[AT(b, a, k)];
			if (x && plan_lp__el(&b->lp, b->stock_row[AT(b, o, k)], x, -per) < 0)
				return PLAN_ENOMEM;
		}
	}
	return 0;
}

/* Transfers over each lane: into the destination in the period they are
 * due, out of the source in the period of their latest release. A lane's
 * limit holds per bucket of release: the transfers whose releases may fall
 * in buckets qa..qb together ship at most (qb - qa + 1) x max_per_bucket
 * (exact when each period's releases fall in one bucket). */
static int lanes(bctx *b)
{
	const plan_model *m = b->m;
	plan_buckets bk = { NULL, 0, PLAN_BUCKET_WEEK };
	if (plan_buckets__build(&bk, &m->horizon) < 0)
		return PLAN_ENOMEM;
	int rc = 0;
	for (size_t l = 0; l < m->tab[PLAN_TABLE_SOURCING].n && !rc; l++) {
		const plan_lane_def *d = TAB_ROW(m, PLAN_TABLE_SOURCING, l);
		long to = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, l, 0),
					  TAB_ID(m, PLAN_TABLE_SOURCING, l, 1));
		long from = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, l, 0),
					    TAB_ID(m, PLAN_TABLE_SOURCING, l, 2));
		if (to < 0 || from < 0)
			continue;
		size_t days = (size_t)d->transfer_days;
		int limit_row = 0;
		size_t qa_row = (size_t)-1, qb_row = (size_t)-1;
		for (size_t k = 0; k < b->np && !rc; k++) {
			if (LAST(b, k) < days)
				continue;
			size_t ra = FIRST(b, k) > days ? FIRST(b, k) - days : 0, rb = LAST(b, k) - days;
			int y = plan_lp__col(&b->lp, 0, INF, 0, 0);
			if (y < 0 || plan_lp__el(&b->lp, b->stock_row[AT(b, to, k)], y, -1) < 0 ||
			    plan_lp__el(&b->lp, b->stock_row[AT(b, from, rb / b->P)], y, 1) < 0) {
				rc = PLAN_ENOMEM;
				break;
			}
			if (d->max_per_bucket == PLAN_NONE)
				continue;
			size_t qa = plan_buckets__of(&bk, b->start + (plan_date)ra);
			size_t qb = plan_buckets__of(&bk, b->start + (plan_date)rb);
			if (qa != qa_row || qb != qb_row) {
				qa_row = qa;
				qb_row = qb;
				limit_row = plan_lp__row(&b->lp, -INF,
							  (double)(qb - qa + 1) * d->max_per_bucket);
			}
			if (limit_row < 0 || plan_lp__el(&b->lp, limit_row, y, 1) < 0)
				rc = PLAN_ENOMEM;
		}
	}
	plan_buckets__free(&bk);
	return rc;
}

/* Hours offered by each resource on each day, a block's alternate added
 * (divided by alt_factor) on the blocked resource's days. */
static void offered(bctx *b, double *own)
{
	const plan_model *m = b->m;
	size_t nres = m->tab[PLAN_TABLE_RESOURCES].n;
	plan_cal__offered(m, &b->cals, b->start, b->nd, own);
	memcpy(b->cap, own, nres * b->nd * sizeof(*own));
	int kres = MODEL_REF(m, PLAN_TABLE_MAINTENANCE, MB_RESOURCE);
	int kalt = MODEL_REF(m, PLAN_TABLE_MAINTENANCE, MB_ALT);
	for (size_t i = 0; i < m->tab[PLAN_TABLE_MAINTENANCE].n; i++) {
		const plan_maintenance_def *d = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, i);
		if (!d->alt_resource)
			continue;
		long r = plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
						 TAB_ID(m, PLAN_TABLE_MAINTENANCE, i, kres));
		long a = plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
						 TAB_ID(m, PLAN_TABLE_MAINTENANCE, i, kalt));
		if (r < 0 || a < 0)
			continue;
		for (plan_date day = d->start; day <= d->end; day++) {
			long t = (long)(day - b->start);
			if (t >= 0 && t < (long)b->nd)
				b->cap[DAY_AT(b, r, t)] += own[DAY_AT(b, a, t)] / d->alt_factor;
		}
	}
}

/* The hours of resource r in period k. */
static double period_hours(const bctx *b, long r, size_t k)
{
	double h = 0;
	for (size_t t = FIRST(b, k); t <= LAST(b, k); t++)
		h += b->cap[DAY_AT(b, r, t)];
	return h;
}

/* The run hours of each make order spread over the periods from its
 * earliest load to its due, within what each resource offers in each. */
static int capacity(bctx *b)
{
	const plan_model *m = b->m;
	size_t nres = m->tab[PLAN_TABLE_RESOURCES].n;
	const int32_t *off = m->rt_off, *rows = m->rt_row;
	double *own = malloc((nres * b->nd + 1) * sizeof(*own));
	int rc = own ? 0 : PLAN_ENOMEM;
	if (!rc)
		offered(b, own);
	int kres = MODEL_REF(m, PLAN_TABLE_ROUTINGS, RT_RESOURCE);
	for (size_t s = 0; s < b->nsku && !rc; s++) {
		if (plan_model__has_alternates(m, (int32_t)s))
			continue; /* (any of its routings may serve: no load, a relaxation) */
		for (int32_t i = off[s]; i < off[s + 1] && !rc; i++) {
			const plan_routing_def *st = TAB_ROW(m, PLAN_TABLE_ROUTINGS, rows[i]);
			long res = plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
							   TAB_ID(m, PLAN_TABLE_ROUTINGS, rows[i], kres));
			if (res < 0 || plan_rt__run(st) <= 0)
				continue;
			for (size_t k = 0; k < b->np && !rc; k++) {
				int x = b->x[AT(b, s, k)];
				if (!x)
					continue;
				/* run x qty = the loads of the step's periods */
				int step = plan_lp__row(&b->lp, 0, 0);
				if (step < 0 || plan_lp__el(&b->lp, step, x, -plan_rt__run(st)) < 0) {
					rc = PLAN_ENOMEM;
					break;
				}
				for (size_t q = b->loadp[AT(b, s, k)]; q <= k && !rc; q++) {
					int *cr = &b->cap_row[(size_t)res * b->np + q];
					double h = period_hours(b, res, q);
					if (h <= 0)
						continue;
					if (!*cr)
						*cr = plan_lp__row(&b->lp, -INF, h);
					int ld = plan_lp__col(&b->lp, 0, INF, 0, 0);
					if (*cr < 0 || ld < 0 || plan_lp__el(&b->lp, step, ld, 1) < 0 ||
					    plan_lp__el(&b->lp, *cr, ld, 1) < 0)
						rc = PLAN_ENOMEM;
				}
			}
		}
	}
	free(own);
	return rc;
}

/* A demand delivered on time, up to its quantity, from stock of the period
 * of its due day; the objective (GLPK minimises: -1 a unit). */
static int demands(bctx *b, double *total)
{
	const plan_model *m = b->m;
	*total = 0;
	/* the demands given: a project's materials (1.1) are left out (a
	 * relaxation: their stock may serve the others) */
	for (size_t i = 0; i < plan_model__given(m, PLAN_TABLE_DEMAND); i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		double qty = plan_model__demand_qty(m, i);
		*total += qty;
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, i, 2));
		if (s < 0 || d->due < b->start || d->due >= b->start + (plan_date)b->nd)
			continue;
		size_t k = (size_t)(d->due - b->start) / b->P;
		int z = plan_lp__col(&b->lp, 0, qty, -1, 0);
		if (z < 0 || plan_lp__el(&b->lp, b->stock_row[AT(b, s, k)], z, 1) < 0)
			return PLAN_ENOMEM;
	}
	return 0;
}

static void bctx_free(bctx *b)
{
	plan_lp__free(&b->lp);
	plan_cal__free(&b->cals);
	free(b->stock_row);
	free(b->x);
	free(b->drawp);
	free(b->loadp);
	free(b->relmin);
	free(b->relmax);
	free(b->cap);
	free(b->cap_row);
}

PLAN_EXPORT int plan_service_bound(plan_bound *out, plan_model *m,
				   const plan_bound_options *opts)
{
	plan_bound_options o = PLAN_BOUND_OPTIONS_INIT;
	if (opts)
		o = *opts;
	if (!m || !out || out->version != PLAN_BOUND_VERSION ||
	    o.version != PLAN_BOUND_OPTIONS_VERSION || o.period_days > 7)
		return PLAN_EINVAL;
	int rc = plan_model_validate(m);
	if (rc)
		return rc;
	double t0 = seconds_now();
	bctx b;
	memset(&b, 0, sizeof(b));
	b.m = m;
	b.nsku = m->tab[PLAN_TABLE_SKUS].n;
	b.start = m->horizon.start;
	b.nd = (size_t)(m->horizon.end - m->horizon.start) + 1;
	b.P = o.period_days ? (size_t)o.period_days
	      : b.nsku * b.nd <= PLAN_BOUND_DAILY_CELLS ? 1 : 7;
	b.np = (b.nd + b.P - 1) / b.P;
	size_t nres = m->tab[PLAN_TABLE_RESOURCES].n, ncell = b.nsku * b.np + 1;
	b.stock_row = calloc(ncell, sizeof(int));
	b.x = calloc(ncell, sizeof(int));
	b.drawp = calloc(ncell, sizeof(uint32_t));
	b.loadp = calloc(ncell, sizeof(uint32_t));
	b.relmin = calloc(ncell, sizeof(plan_date));
	b.relmax = calloc(ncell, sizeof(plan_date));
	b.cap = calloc(nres * b.nd + 1, sizeof(double));
	b.cap_row = calloc(nres * b.np + 1, sizeof(int));
	double total = 0;
	rc = !b.stock_row || !b.x || !b.drawp || !b.loadp || !b.relmin || !b.relmax || !b.cap ||
	     !b.cap_row ? PLAN_ENOMEM : plan_cal__build(&b.cals, m, b.start, m->horizon.end);
	if (!rc)
		rc = stock_rows(&b);
	if (!rc)
		rc = order_columns(&b);
	if (!rc)
		rc = components(&b);
	if (!rc)
		rc = yields(&b);
	if (!rc)
		rc = lanes(&b);
	if (!rc)
		rc = capacity(&b);
	if (!rc)
		rc = demands(&b, &total);
	char msg[512] = "";
	b.lp.interior = o.interior != 0;
	b.lp.presolve = !b.lp.interior;
	int empty = !rc && (b.lp.nrow == 0 || b.lp.ncol == 0); /* no SKU: nothing to bound */
	if (!rc && !empty)
		rc = plan_lp__solve(&b.lp, NULL, msg, sizeof(msg));
	if (empty)
		b.lp.out = (plan_lp_outcome){ LP_OPTIMAL, 0, 0 };
	if (!rc && b.lp.out.status != LP_OPTIMAL) {
		/* stock, orders and zero deliveries are always a solution */
		snprintf(msg, sizeof(msg), "the bound's program ended without an optimum (%d)",
			 b.lp.out.status);
		rc = PLAN_ESOLVER;
	}
	if (!rc) {
		out->demand_qty = total;
		out->on_time_max = -b.lp.out.obj;
		out->rows = b.lp.nrow;
		out->cols = b.lp.ncol;
		out->period_days = (int)b.P;
		out->seconds = seconds_now() - t0;
	}
	bctx_free(&b);
	if (rc == PLAN_ENOMEM)
		return plan_model__error(m, rc, "out of memory");
	if (rc)
		return plan_model__error(m, rc, "service bound: %s", msg);
	return 0;
}

/* By demand row, the part of it delivered on or before its due date (0 to
 * 1), in a new array (NULL: out of memory). */
static double *on_time_parts(const plan_result *r)
{
	const plan_model *m = r->model;
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n;
	double *part = calloc(nd + 1, sizeof(*part));
	if (!part)
		return NULL;
	for (size_t i = 0; i < r->ndlv; i++) {
		const plan_delivery_rec *v = &r->dlv[i];
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, v->demand);
		double qty = plan_model__demand_qty(m, (size_t)v->demand);
		if (v->date <= dd->due && qty > 0)
			part[v->demand] += v->qty / qty;
	}
	for (size_t i = 0; i < nd; i++)
		part[i] = part[i] < 1 ? part[i] : 1;
	return part;
}

PLAN_EXPORT double plan_result_on_time_qty(const plan_result *r)
{
	if (!r)
		return 0;
	const plan_model *m = r->model;
	double *part = on_time_parts(r), sum = 0;
	if (!part)
		return NAN;
	for (size_t i = 0; i < plan_model__given(m, PLAN_TABLE_DEMAND); i++)
		sum += part[i] * plan_model__demand_qty(m, i);
	free(part);
	return sum;
}

/* By demand row, the part of what supply orders give it that reaches a
 * delivery: what it receives over what orders allocate to it, at most 1
 * (what stock on hand gives is delivered without an allocation); 1 where
 * no order gives it anything. In a new array (NULL: out of memory). */
static double *served_parts(const plan_result *r)
{
	size_t nd = r->model->tab[PLAN_TABLE_DEMAND].n;
	double *got = calloc(nd + 1, sizeof(*got)), *given = calloc(nd + 1, sizeof(*given));
	if (!got || !given) {
		free(got);
		free(given);
		return NULL;
	}
	for (size_t i = 0; i < r->ndlv; i++)
		got[r->dlv[i].demand] += r->dlv[i].qty;
	for (size_t i = 0; i < r->nalloc; i++)
		if (r->alloc[i].src < 0) /* (1.1: a yield's in the output's units) */
			given[-1 - r->alloc[i].src] +=
				r->alloc[i].qty * (r->alloc_out ? plan_result__alloc_per(r, i) : 1);
	for (size_t d = 0; d < nd; d++)
		got[d] = given[d] > 0 && got[d] < given[d] ? got[d] / given[d] : 1;
	free(given);
	return got;
}

PLAN_EXPORT double plan_result_loaded_hours(const plan_result *r)
{
	double all = 0;
	for (size_t i = 0; r && i < r->nload; i++)
		all += r->load[i].hours;
	return all;
}

/* What serves: an order's useful part is what its single-level
 * allocations give to demands (at the part of each demand's supply that is
 * delivered) and to parent orders (at the parent's useful part), plus, of
 * what is left, up to its SKU's safety stock (orders in plan order). Parents
 * come first: they have lower low-level codes. */
PLAN_EXPORT double plan_result_dead_hours(const plan_result *r)
{
	if (!r)
		return 0;
	const plan_model *m = r->model;
	if (!m->sku_llc)
		return NAN; /* a plan of a model that is not validated */
	double *frac = served_parts(r);
	double *use = calloc(r->nord + 1, sizeof(*use));    /* by order: its useful part */
	double *hours = calloc(r->nord + 1, sizeof(*hours));
	double *keep = malloc((m->tab[PLAN_TABLE_SKUS].n + 1) * sizeof(*keep));
	int32_t *by = malloc((r->nord + 1) * sizeof(*by));
	double dead = NAN;
	if (!frac || !use || !hours || !keep || !by)
		goto out;
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n; s++)
		keep[s] = plan__sku(m, (int32_t)s)->safety_stock;
	/* orders by low-level code (a counting sort: stable, so plan order
	 * within a code) */
	int32_t top = 0;
	for (size_t o = 0; o < r->nord; o++)
		top = m->sku_llc[r->ord[o].sku] > top ? m->sku_llc[r->ord[o].sku] : top;
	size_t *at = calloc((size_t)top + 2, sizeof(*at));
	if (!at)
		goto out;
	for (size_t o = 0; o < r->nord; o++)
		at[m->sku_llc[r->ord[o].sku] + 1]++;
	for (int32_t l = 0; l <= top; l++)
		at[l + 1] += at[l];
	for (size_t o = 0; o < r->nord; o++)
		by[at[m->sku_llc[r->ord[o].sku]]++] = (int32_t)o;
	free(at);
	for (size_t i = 0; i < r->nord; i++) {
		const plan_ord *o = &r->ord[by[i]];
		double served = 0;
		for (uint32_t k = 0; k < o->alloc_count; k++) {
			const plan_alloc_rec *al = &r->alloc[o->alloc_first + k];
			if (!r->alloc_out || r->alloc_out[o->alloc_first + k] < 0)
				served += al->qty * (al->src < 0 ? frac[-1 - al->src] : use[al->src]);
		}
		/* (1.1) a run serves as much as the most any of its products
		 * takes of it (in its own units) */
		for (uint32_t k = 0; r->alloc_out && k < o->alloc_count; k++) {
			int32_t b = r->alloc_out[o->alloc_first + k];
			double y = 0;
			for (uint32_t j = 0; b >= 0 && j < o->alloc_count; j++) {
				const plan_alloc_rec *al = &r->alloc[o->alloc_first + j];
				if (r->alloc_out[o->alloc_first + j] == b)
					y += al->qty * (al->src < 0 ? frac[-1 - al->src] : use[al->src]);
			}
			served = y > served ? y : served;
		}
		/* what the lot rules' minimum and multiple, and the item's unit
		 * (format 1.1), add to what serves serves too: no plan could
		 * make less */
		const plan_sku_def *d = plan__sku(m, o->sku);
		if (served > 1e-9 && served < d->lot_min)
			served = d->lot_min;
		double mult = plan_sku__multiple(d);
		if (served > 1e-9 && mult != PLAN_NONE)
			served = mult * ceil((served - 5e-7) / mult);
		else if (served > 1e-9)
			served = plan_qty__up(served, plan_model__sku_dec(m, o->sku));
		double q = o->qty, idle = q - (served < q ? served : q);
		double kept = idle > 0 && keep[o->sku] > 0 ? (idle < keep[o->sku] ? idle : keep[o->sku]) : 0;
		keep[o->sku] -= kept;
		use[by[i]] = q > 0 ? (q - idle + kept) / q : 1;
	}
	for (size_t i = 0; i < r->nload; i++)
		hours[r->load[i].order] += r->load[i].hours;
	dead = 0;
	for (size_t o = 0; o < r->nord; o++)
		dead += hours[o] * (1 - use[o]);
out:
	free(by);
	free(keep);
	free(frac);
	free(use);
	free(hours);
	return dead;
}
