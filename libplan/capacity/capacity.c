/* Capacity: the loads of make orders on resources, maintenance blocks and
 * their alternates, and the capacity requirements plan.
 *
 * A resource offers hours_per_day on each working day of its calendar (its
 * own, else its site's), times the capacity_factor of a maintenance block
 * covering the day (the smallest where blocks overlap). A make order with a
 * routing loads, for each step, setup_hours + run_hours x qty on days within
 * [release, due] (format.md).
 *
 * How a step's hours are spread (plan_capacity__place): backward from due,
 * day by day, as late as capacity allows (just in time, the way a planner
 * reads a backward-scheduled order): on each day the step takes what its
 * resource has left; if the day lies in a block of that resource that names
 * an alternate, what still does not fit goes to the alternate, needing
 * alt_factor times the hours. Whatever fits nowhere in the window is put on
 * the day of the window where the resource has most left (the latest on a
 * tie) and counted as overload. Orders are placed by due date, then in plan
 * order. Each step walks only its own window, so placement is linear in the
 * orders of a resource, not quadratic. */
#include "base/numfmt.h"
#include "capacity/capacity.h"
#include "capacity/capacity_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Changes what resource r has left on day k (every change goes here). */
static inline void add_left(cap_state *c, int32_t r, size_t k, double delta)
{
	double *l = &c->left[(size_t)r * c->ndays + k];
	int was = HAS_LEFT(*l);
	*l += delta;
	int now = HAS_LEFT(*l);
	if (was != now)
		c->cnt[(size_t)r * c->nch + k / CHUNK] += (uint16_t)(now - was);
	if (c->chg_on && (was != now || c->by_alt_off[r + 1] > c->by_alt_off[r]))
		plan_capacity__note_change(c, r, k, was != now);
}

/* Whether nothing can be taken from resource r in the chunk of day k. */
static inline int chunk_empty(const cap_state *c, int32_t r, size_t k)
{
	size_t i = (size_t)r * c->nch + k / CHUNK;
	return c->cnt[i] == 0 && !c->calt[i];
}

/* The resource a load's step is routed on: a routing step's own, an
 * operation's (routing < 0: operations row -1 - routing) the one it names. */
static inline int32_t own_res(const cap_state *c, const plan_load_rec *ld)
{
	return ld->routing >= 0 ? c->rt_res[ld->routing] : ld->resource;
}

/* The routing rows of order o (its alternate's, 1.1), in rows[*a .. *b). */
static inline const int32_t *order_steps(const cap_state *c, const plan_ord *o, int32_t *a, int32_t *b)
{
	return plan_model__steps(c->e->m, o->sku, plan_result__alt_of(o), a, b);
}

static int32_t resource_row(const plan_model *m, int t, size_t row, int col)
{
	int32_t id = TAB_ID(m, t, row, MODEL_REF(m, t, col));
	return (int32_t)plan_model__row_by_code(m, PLAN_TABLE_RESOURCES, id);
}

static int add_load(plan_result *r, int32_t order, int32_t routing, int32_t res, plan_date d,
		    double hours)
{
	if (plan_big__reserve((void **)&r->load, &r->load_cap, sizeof(*r->load), r->nload + 1) < 0)
		return PLAN_ENOMEM;
	r->load[r->nload++] = (plan_load_rec){ order, routing, res, d, hours };
	return 0;
}

/* What a step could not fit in its window: hours on the step's resource. */
typedef struct shortfall {
	int32_t resource;
	plan_date day;     /* where the unconstrained plan puts it */
	double hours;      /* 0: everything fitted */
} shortfall;

/* The exception that alt_hours of step `routing` of an order went to the
 * alternate block bk names. */
static int note_alternate(cap_state *c, int32_t order, int32_t routing, const block *bk,
			  plan_date due, double alt_hours)
{
	plan_engine *e = c->e;
	const plan_model *m = e->m;
	const plan_routing_def *rt = TAB_ROW(m, PLAN_TABLE_ROUTINGS, routing);
	const plan_maintenance_def *mb = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, bk->row);
	const plan_resource_def *ar = TAB_ROW(m, PLAN_TABLE_RESOURCES, bk->alt);
	char a[11], b[11];
	plan_date_format(a, mb->start);
	plan_date_format(b, mb->end);
	int rc = plan_result__exception(e->res, EXC_ALTERNATE, PLAN_EXC_INFO, e->res->ord[order].sku,
					order, -1, due, alt_hours,
					"step %s: %.10g h moved to %s (x%.10g) while %s is in %s maintenance %s %s..%s",
					rt->step, alt_hours, ar->resource, bk->alt_factor, mb->resource,
					mb->kind == PLAN_MAINT_EMERGENCY ? "emergency" : "planned", mb->id, a,
					b);
	if (rc)
		return rc;
	e->res->exc[e->res->nexc - 1].resource = c->rt_res[routing];
	return 0;
}

/* Places one routing step of an order against the capacity left, day by
 * day from rel to due, latest first, with the alternate during blocks; fills
 * *out with what did not fit. With overflow set (the unconstrained plan) that
 * rest is loaded anyway on out->day; without, it is left for the caller (the
 * feasibility step) to move. Returns 0 or PLAN_ENOMEM. */
static int place_in(cap_state *c, int32_t order, int32_t routing, plan_date rel, plan_date due,
		    int overflow, shortfall *out)
{
	plan_engine *e = c->e;
	const plan_model *m = e->m;
	const plan_ord *o = &e->res->ord[order];
	const plan_routing_def *rt = TAB_ROW(m, PLAN_TABLE_ROUTINGS, routing);
	int32_t p = c->rt_res[routing];
	double need = plan_rt__hours(rt, o->qty);
	if (!(need <= PLAN_MAX_PLANNED)) {
		char where[200];
		plan_model__where(m, PLAN_TABLE_ROUTINGS, (size_t)routing, RT_RUN, where,
				  sizeof(where));
		snprintf(e->errmsg, sizeof(e->errmsg),
			 "%.64s@%.64s: step %.64s needs %.6g hours for an order of %.6g (%.100s); past "
			 "the limit %g of a plan", rt->item, rt->site, rt->step, need, o->qty, where,
			 (double)PLAN_MAX_PLANNED);
		return PLAN_ERANGE;
	}
	double eps = PLAN_EPS * (1 + need);
	double *left = c->left + (size_t)p * c->ndays;
	double alt_hours = 0;
	int32_t alt_blk = -1;
	int rc;
	for (plan_date d = due; d >= rel && need > eps; d--) {
		size_t k = (size_t)(d - c->base);
		if (chunk_empty(c, p, k)) {
			d = c->base + (plan_date)(k / CHUNK * CHUNK); /* the loop steps below the chunk */
			continue;
		}
		double take = left[k] < need ? left[k] : need;
		if (take > eps) {
			if ((rc = add_load(e->res, order, routing, p, d, take)))
				return rc;
			add_left(c, p, k, -take);
			need -= take;
		}
		if (need <= eps)
			break;
		for (int32_t b = c->blk_off[p]; b < c->blk_off[p + 1]; b++) {
			const block *bk = &c->blk[b];
			if (bk->alt < 0 || d < bk->start || d > bk->end)
				continue;
			double *aleft = c->left + (size_t)bk->alt * c->ndays;
			double can = aleft[k] > 0 ? aleft[k] / bk->alt_factor : 0;
			double t2 = can < need ? can : need;
			if (t2 > eps) {
				if ((rc = add_load(e->res, order, routing, bk->alt, d, t2 * bk->alt_factor)))
					return rc;
				add_left(c, bk->alt, k, -t2 * bk->alt_factor);
				need -= t2;
				alt_hours += t2;
				alt_blk = b;
				size_t bucket = plan_buckets__of(&e->bk, d); /* 0 before start */
				c->to_alt[(size_t)p * c->nb + (bucket < c->nb ? bucket : c->nb - 1)] += t2;
			}
			break; /* the first block with an alternate */
		}
	}
	*out = (shortfall){ p, due, 0 };
	if (need > eps) {
		/* fits nowhere: the day of the window with most left, the latest on a tie */
		plan_date best = due;
		for (plan_date d = due; d >= rel; d--)
			if (left[d - c->base] > left[best - c->base])
				best = d;
		*out = (shortfall){ p, best, need };
		if (overflow) {
			if ((rc = add_load(e->res, order, routing, p, best, need)))
				return rc;
			add_left(c, p, (size_t)(best - c->base), -need);
		}
	}
	if (alt_blk >= 0 && !c->notes_later)
		return note_alternate(c, order, routing, &c->blk[alt_blk], due, alt_hours);
	return 0;
}

static int place(cap_state *c, int32_t order, int32_t routing, int overflow, shortfall *out)
{
	const plan_ord *o = &c->e->res->ord[order];
	/* (a firm order past due is released, and made, on start) */
	return place_in(c, order, routing, o->release, o->due > o->release ? o->due : o->release,
			overflow, out);
}

int plan_capacity__operations(plan_cap *c)
{
	plan_engine *e = c->e;
	const plan_model *m = e->m;
	plan_date start = e->start, last = c->base + (plan_date)c->ndays - 1;
	for (size_t i = 0; i < e->res->nsched && m->op_off; i++) {
		int32_t rec = e->res->ord[i].receipt;
		const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, rec);
		plan_date to = d->due > start ? d->due : start;
		if (to > last)
			to = last;
		for (int32_t q = m->op_off[rec]; q < m->op_off[rec + 1]; q++) {
			int32_t op = m->op_row[q];
			const plan_operation_def *od = TAB_ROW(m, PLAN_TABLE_OPERATIONS, op);
			int32_t p = resource_row(m, PLAN_TABLE_OPERATIONS, (size_t)op, OP_RESOURCE);
			double need = od->remaining_hours, eps = PLAN_EPS * (1 + need);
			double *left = c->left + (size_t)p * c->ndays;
			int rc = 0;
			for (plan_date day = start; day <= to && need > eps && !rc; day++) {
				size_t k = (size_t)(day - c->base);
				double take = left[k] < need ? left[k] : need;
				if (take > eps) {
					rc = add_load(e->res, (int32_t)i, -1 - op, p, day, take);
					add_left(c, p, k, -take);
					need -= take;
				}
			}
			if (!rc && need > eps) {
				/* no room by its due: the rest on the last day, an overload */
				rc = add_load(e->res, (int32_t)i, -1 - op, p, to, need);
				add_left(c, p, (size_t)(to - c->base), -need);
			}
			if (rc)
				return rc;
		}
	}
	return 0;
}

int plan_capacity__force(plan_cap *c, int32_t order)
{
	const plan_ord *o = &c->e->res->ord[order];
	int rc = 0;
	int32_t xa, xb;
	const int32_t *rows = order_steps(c, o, &xa, &xb);
	for (int32_t x = xa; x < xb && !rc; x++) {
		shortfall sf;
		rc = place(c, order, rows[x], 1, &sf);
	}
	return rc;
}

/* Whether order i loads its routing: a planned make order, or a firm one. */
static int routed_order(const plan_result *r, size_t i)
{
	return r->ord[i].kind == PLAN_ORDER_MAKE &&
	       (i >= r->nsched ||
		plan_model__rec_status(r->model, (size_t)r->ord[i].receipt) == PLAN_RECEIPT_FIRM);
}

static void cap_free(cap_state *c)
{
	free(c->offered);
	free(c->left);
	free(c->to_alt);
	free(c->blk_off);
	free(c->blk);
	free(c->rt_res);
	free(c->cnt);
	free(c->calt);
	free(c->chg);
	free(c->chg_on);
	free(c->chg_from);
	free(c->by_alt_off);
	free(c->by_alt);
	free(c->blk_res);
	free(c->on_off);
	free(c->on_sku);
}

/* Blocks by resource (the maintenance table as it is now), and which
 * chunks of days a block with an alternate covers. */
static int build_blocks(cap_state *c)
{
	const plan_model *m = c->e->m;
	size_t nres = c->nres, nmb = m->tab[PLAN_TABLE_MAINTENANCE].n;
	c->blk_off = calloc(nres + 1, sizeof(int32_t));
	c->blk = malloc((nmb ? nmb : 1) * sizeof(block));
	c->calt = calloc(nres * c->nch + 1, 1);
	int32_t *fill = malloc((nres + 1) * sizeof(int32_t));
	if (!c->blk_off || !c->blk || !c->calt || !fill) {
		free(fill);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < nmb; i++)
		c->blk_off[resource_row(m, PLAN_TABLE_MAINTENANCE, i, MB_RESOURCE) + 1]++;
	for (size_t r = 0; r < nres; r++)
		c->blk_off[r + 1] += c->blk_off[r];
	memcpy(fill, c->blk_off, (nres + 1) * sizeof(int32_t));
	for (size_t i = 0; i < nmb; i++) {
		const plan_maintenance_def *d = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, i);
		int32_t r = resource_row(m, PLAN_TABLE_MAINTENANCE, i, MB_RESOURCE);
		c->blk[fill[r]++] = (block){ d->start, d->end,
					     d->alt_resource ? resource_row(m, PLAN_TABLE_MAINTENANCE, i, MB_ALT) : -1,
					     d->alt_factor, (int32_t)i };
	}
	free(fill);
	for (size_t r = 0; r < nres; r++)
		for (int32_t b = c->blk_off[r]; b < c->blk_off[r + 1]; b++) {
			const block *bk = &c->blk[b];
			if (bk->alt < 0)
				continue;
			for (plan_date d = bk->start; d <= bk->end; d++)
				if (d >= c->base && d < c->base + (plan_date)c->ndays)
					c->calt[r * c->nch + (size_t)(d - c->base) / CHUNK] = 1;
		}
	return 0;
}

static void count_left(cap_state *c)
{
	memset(c->cnt, 0, (c->nres * c->nch + 1) * sizeof(*c->cnt));
	for (size_t r = 0; r < c->nres; r++)
		for (size_t k = 0; k < c->ndays; k++)
			c->cnt[r * c->nch + k / CHUNK] += HAS_LEFT(c->left[r * c->ndays + k]);
}

/* Offered hours per resource and day, blocks by resource, routings by SKU. */
static int prepare(cap_state *c)
{
	plan_engine *e = c->e;
	const plan_model *m = e->m;
	size_t nres = c->nres;
	size_t cells = nres * c->ndays + 1;
	c->nch = (c->ndays + CHUNK - 1) / CHUNK;
	c->offered = malloc(cells * sizeof(double));
	c->left = malloc(cells * sizeof(double));
	c->to_alt = calloc(nres * c->nb + 1, sizeof(double));
	c->cnt = calloc(nres * c->nch + 1, sizeof(*c->cnt));
	if (!c->offered || !c->left || !c->to_alt || !c->cnt || build_blocks(c))
		return PLAN_ENOMEM;
	plan_cal__offered(m, &e->cals, c->base, c->ndays, c->offered);
	memcpy(c->left, c->offered, nres * c->ndays * sizeof(double));
	count_left(c);
	size_t nrt = m->tab[PLAN_TABLE_ROUTINGS].n;
	c->rt_res = malloc((nrt ? nrt : 1) * sizeof(*c->rt_res));
	if (!c->rt_res)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < nrt; i++)
		c->rt_res[i] = resource_row(m, PLAN_TABLE_ROUTINGS, i, RT_RESOURCE);
	c->rt_off = m->rt_off;
	c->rt_row = m->rt_row;
	return 0;
}

int plan_capacity__reload(plan_cap *c)
{
	size_t cells = c->nres * c->ndays;
	double *off = malloc((cells + 1) * sizeof(double));
	if (!off)
		return PLAN_ENOMEM;
	free(c->blk_off);
	free(c->blk);
	free(c->calt);
	c->blk_off = NULL;
	c->blk = NULL;
	c->calt = NULL;
	if (build_blocks(c)) {
		free(off);
		return PLAN_ENOMEM;
	}
	plan_cal__offered(c->e->m, &c->e->cals, c->base, c->ndays, off);
	for (size_t k = 0; k < cells; k++)
		c->left[k] += off[k] - c->offered[k];
	free(c->offered);
	c->offered = off;
	count_left(c);
	if (c->chg_on) {
		/* tracked: every resource may have changed */
		for (size_t r = 0; r < c->nres; r++)
			plan_capacity__note(c, (int32_t)r, c->base);
		return plan_capacity__track_blocks(c);
	}
	return 0;
}

/* Overloads per resource and day, and the capacity requirements plan. */
static int report(cap_state *c)
{
	plan_engine *e = c->e;
	const plan_model *m = e->m;
	plan_result *r = e->res;
	size_t nb = c->nb;
	int rc = 0;
	for (size_t res = 0; res < c->nres && !rc; res++) {
		const double *off = c->offered + res * c->ndays, *left = c->left + res * c->ndays;
		for (size_t k = 0; k < c->ndays && !rc; k++) {
			if (left[k] >= -PLAN_EPS * (1 + off[k]))
				continue;
			char d[11];
			plan_date_format(d, c->base + (plan_date)k);
			rc = plan_result__exception(r, EXC_OVERLOAD, PLAN_EXC_CRITICAL, -1, -1, -1,
						    c->base + (plan_date)k, -left[k],
						    "overload: %s on %s loaded %.10g h, offers %.10g h",
						    ((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, res))->resource,
						    d, off[k] - left[k], off[k]);
			if (!rc)
				r->exc[r->nexc - 1].resource = (int32_t)res;
		}
	}
	if (rc)
		return rc;
	r->ncap = c->nres * nb;
	r->cap = calloc(r->ncap ? r->ncap : 1, sizeof(*r->cap));
	r->bucket_start = malloc((nb + 1) * sizeof(*r->bucket_start));
	if (!r->cap || !r->bucket_start)
		return PLAN_ENOMEM;
	memcpy(r->bucket_start, e->bk.start, (nb + 1) * sizeof(*r->bucket_start));
	r->nbuckets = nb;
	for (size_t res = 0; res < c->nres; res++) {
		const plan_resource_def *d = TAB_ROW(m, PLAN_TABLE_RESOURCES, res);
		const plan_cal *cal = plan_cal__of_resource(&e->cals, m, res);
		const double *off = c->offered + res * c->ndays, *left = c->left + res * c->ndays;
		for (size_t b = 0; b < nb; b++) {
			plan_cap_rec *cr = &r->cap[res * nb + b];
			cr->resource = (int32_t)res;
			cr->bucket = (int32_t)b;
			cr->to_alt = c->to_alt[res * nb + b];
			/* loads released before start (past due) count in the first
			 * bucket; what those days offered does not */
			plan_date from = b == 0 ? c->base : e->bk.start[b];
			for (plan_date day = from; day < e->bk.start[b + 1]; day++) {
				size_t k = (size_t)(day - c->base);
				cr->loaded += off[k] - left[k];
				if (day < e->start)
					continue;
				cr->available += off[k];
				if (plan_cal__working(cal, day))
					cr->lost += plan_res__hours(d) - off[k];
			}
			/* each load is within the limit; their sum may not be */
			if (!(cr->loaded <= PLAN_MAX_PLANNED)) {
				char a[11];
				plan_date_format(a, e->bk.start[b]);
				snprintf(e->errmsg, sizeof(e->errmsg),
					 "resource %.64s: %.6g hours loaded in the bucket of %s; past the "
					 "limit %g of a plan", d->resource, cr->loaded, a,
					 (double)PLAN_MAX_PLANNED);
				return PLAN_ERANGE;
			}
		}
	}
	return 0;
}

/* An activity's load in the unconstrained plan (1.1): taken, however
 * much is left (an overload is reported with the rest). */
static int activity_load(void *ctx, int32_t activity, int32_t res, plan_date day, double hours)
{
	cap_state *c = ctx;
	(void)activity;
	if (day >= c->base && day < c->base + (plan_date)c->ndays)
		add_left(c, res, (size_t)(day - c->base), -hours);
	return 0;
}

double plan_capacity__left(const plan_cap *c, int32_t res, plan_date d)
{
	if (d < c->base || d >= c->base + (plan_date)c->ndays)
		return 0;
	return c->left[(size_t)res * c->ndays + (size_t)(d - c->base)];
}

void plan_capacity__take(plan_cap *c, int32_t res, plan_date d, double hours)
{
	if (d >= c->base && d < c->base + (plan_date)c->ndays)
		add_left(c, res, (size_t)(d - c->base), -hours);
}

int plan_capacity__run(plan_engine *e)
{
	const plan_model *m = e->m;
	plan_result *r = e->res;
	cap_state c;
	memset(&c, 0, sizeof(c));
	c.e = e;
	c.nres = m->tab[PLAN_TABLE_RESOURCES].n;
	c.nb = e->bk.n;
	if (!c.nres)
		return 0;
	/* the window reaches back to the earliest release of a make order */
	c.base = e->start;
	for (size_t i = r->nsched; i < r->nord; i++)
		if (r->ord[i].kind == PLAN_ORDER_MAKE && r->ord[i].release < c.base)
			c.base = r->ord[i].release;
	c.ndays = (size_t)(e->bk.start[c.nb] - c.base);
	int rc = prepare(&c);
	/* make orders with a routing by due date, then plan order: a counting
	 * sort over the days of the window */
	int32_t *keys = NULL;
	size_t *day_off = NULL, nk = 0;
	if (!rc) {
		/* (planned make orders, and firm ones among the receipts) */
		keys = malloc((r->nord + 1) * sizeof(*keys));
		day_off = calloc(c.ndays + 2, sizeof(*day_off));
		if (!keys || !day_off)
			rc = PLAN_ENOMEM;
	}
	/* released work orders' operations first (format 1.1), and projects'
	 * activities where the plan has put them (1.1) */
	if (!rc)
		rc = plan_capacity__operations(&c);
	if (!rc)
		rc = plan_result__activity_loads(r, &e->cals, activity_load, &c);
	for (size_t i = 0; !rc && i < r->nord; i++) {
		const plan_ord *o = &r->ord[i];
		if (routed_order(r, i) && c.rt_off[o->sku + 1] > c.rt_off[o->sku]) { /* (the primary's) */
			day_off[(o->due > c.base ? o->due : c.base) - c.base + 1]++;
			nk++;
		}
	}
	for (size_t d = 0; !rc && d < c.ndays; d++)
		day_off[d + 1] += day_off[d];
	for (size_t i = 0; !rc && i < r->nord; i++) {
		const plan_ord *o = &r->ord[i];
		if (routed_order(r, i) && c.rt_off[o->sku + 1] > c.rt_off[o->sku])
			keys[day_off[(o->due > c.base ? o->due : c.base) - c.base]++] = (int32_t)i;
	}
	for (size_t k = 0; !rc && k < nk; k++) {
		const plan_ord *o = &r->ord[keys[k]];
		int32_t xa, xb;
		const int32_t *rows = order_steps(&c, o, &xa, &xb);
		for (int32_t x = xa; !rc && x < xb; x++) {
			shortfall sf;
			rc = place(&c, keys[k], rows[x], 1, &sf);
		}
	}
	free(day_off);
	free(keys);
	if (!rc)
		rc = report(&c);
	cap_free(&c);
	return rc;
}

/* --- Finite loading, for the feasibility step (feasible.c) -------------- *
 * The window runs from start to the horizon's last day: nothing is loaded
 * before start, nothing after the end. Orders are booked one at a time, each
 * step as late as its window allows; a booking that does not fit whole is
 * taken back. */

int plan_capacity__open(plan_engine *e, plan_cap **out)
{
	cap_state *c = calloc(1, sizeof(*c));
	*out = NULL;
	if (!c)
		return PLAN_ENOMEM;
	c->e = e;
	c->nres = e->m->tab[PLAN_TABLE_RESOURCES].n;
	c->nb = e->bk.n;
	c->base = e->start;
	c->ndays = (size_t)(e->bk.start[c->nb] - c->base);
	int rc = prepare(c);
	if (rc) {
		cap_free(c);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int plan_capacity__order_routed(const plan_cap *c, int32_t order)
{
	int32_t a, b;
	order_steps(c, &c->e->res->ord[order], &a, &b);
	return b > a;
}

int plan_capacity__routed(const plan_cap *c, int32_t sku)
{
	return c->rt_off[sku + 1] > c->rt_off[sku];
}

/* The first block of resource p over day d that names an alternate. */
static const block *alt_block(const cap_state *c, int32_t p, plan_date d)
{
	for (int32_t b = c->blk_off[p]; b < c->blk_off[p + 1]; b++)
		if (c->blk[b].alt >= 0 && d >= c->blk[b].start && d <= c->blk[b].end)
			return &c->blk[b];
	return NULL;
}

/* Books a load as it is (sign -1) or gives it back (+1): the hours on its
 * resource, and for a load on a block's alternate, the hours its step's
 * own resource handed over (capacity.csv's to_alternate). */
static void move_load(cap_state *c, const plan_load_rec *ld, double sign)
{
	add_left(c, ld->resource, (size_t)(ld->date - c->base), sign * ld->hours);
	int32_t p = own_res(c, ld);
	if (ld->resource == p)
		return;
	const block *bk = alt_block(c, p, ld->date);
	size_t b = plan_buckets__of(&c->e->bk, ld->date);
	if (bk)
		c->to_alt[(size_t)p * c->nb + (b < c->nb ? b : c->nb - 1)] -= sign * ld->hours / bk->alt_factor;
}

/* Gives back the loads from l0 on and drops the exceptions from x0 on. */
static void undo(cap_state *c, size_t l0, size_t x0)
{
	plan_result *r = c->e->res;
	for (size_t i = l0; i < r->nload; i++)
		move_load(c, &r->load[i], 1);
	r->nload = l0;
	r->nexc = x0;
}

void plan_capacity__unbook(plan_cap *c, size_t l0, size_t x0)
{
	undo(c, l0, x0);
}

int plan_capacity__book(plan_cap *c, int32_t order, plan_date from, plan_date to,
			plan_date *first, int *alternate)
{
	plan_result *r = c->e->res;
	const plan_ord *o = &r->ord[order];
	size_t l0 = r->nload, x0 = r->nexc;
	plan_date last = c->base + (plan_date)c->ndays - 1;
	if (from < c->base)
		from = c->base;
	if (to > last || from > to)
		return 0;
	int32_t xa, xb;
	const int32_t *rows = order_steps(c, o, &xa, &xb);
	for (int32_t x = xa; x < xb; x++) {
		shortfall sf;
		int rc = place_in(c, order, rows[x], from, to, 0, &sf);
		if (rc) {
			undo(c, l0, x0);
			return rc;
		}
		if (sf.hours > 0) {
			undo(c, l0, x0);
			return 0;
		}
	}
	*first = to;
	*alternate = 0;
	for (size_t i = l0; i < r->nload; i++) {
		if (r->load[i].date < *first)
			*first = r->load[i].date;
		*alternate |= r->load[i].resource != own_res(c, &r->load[i]);
	}
	return 1;
}

/* Hours step `routing` of an order could still get on day d: what its
 * resource has left, and during a block what the alternate has left
 * (divided by alt_factor). */
static double room(const cap_state *c, int32_t p, plan_date d)
{
	size_t k = (size_t)(d - c->base);
	double h = c->left[(size_t)p * c->ndays + k];
	h = h > 0 ? h : 0;
	const block *bk = alt_block(c, p, d);
	if (bk) {
		double a = c->left[(size_t)bk->alt * c->ndays + k];
		if (a > 0)
			h += a / bk->alt_factor;
	}
	return h;
}

static double step_need(const cap_state *c, int32_t order, int32_t routing)
{
	const plan_routing_def *rt = TAB_ROW(c->e->m, PLAN_TABLE_ROUTINGS, routing);
	return plan_rt__hours(rt, c->e->res->ord[order].qty);
}

plan_date plan_capacity__earliest_end(const plan_cap *c, int32_t order, plan_date from)
{
	const plan_ord *o = &c->e->res->ord[order];
	plan_date last = c->base + (plan_date)c->ndays - 1, end = from;
	if (from < c->base)
		from = end = c->base;
	int32_t xa, xb;
	const int32_t *rows = order_steps(c, o, &xa, &xb);
	for (int32_t x = xa; x < xb; x++) {
		int32_t routing = rows[x];
		int32_t p = c->rt_res[routing];
		double need = step_need(c, order, routing), got = 0;
		double eps = PLAN_EPS * (1 + need);
		plan_date d = from;
		for (; d <= last; d++) {
			size_t k = (size_t)(d - c->base);
			if (chunk_empty(c, p, k)) {
				d = c->base + (plan_date)(k / CHUNK * CHUNK + CHUNK - 1);
				continue;
			}
			got += room(c, p, d);
			if (got >= need - eps)
				break;
		}
		if (d > last)
			d = last + 1;
		if (d > last)
			return PLAN_DATE_NONE;
		if (d > end)
			end = d;
	}
	return end;
}

plan_date plan_capacity__first_room(const plan_cap *c, int32_t sku, int32_t alt, plan_date from)
{
	plan_date last = c->base + (plan_date)c->ndays - 1, end = from < c->base ? c->base : from;
	int32_t xa, xb;
	const int32_t *rows = plan_model__steps(c->e->m, sku, alt, &xa, &xb);
	for (int32_t x = xa; x < xb; x++) {
		int32_t p = c->rt_res[rows[x]];
		plan_date d = from < c->base ? c->base : from;
		for (; d <= last; d++) {
			size_t k = (size_t)(d - c->base);
			if (chunk_empty(c, p, k)) {
				d = c->base + (plan_date)(k / CHUNK * CHUNK + CHUNK - 1);
				continue;
			}
			if (room(c, p, d) > PLAN_EPS)
				break;
		}
		if (d > last)
			return PLAN_DATE_NONE;
		if (d > end)
			end = d;
	}
	return end;
}

plan_date plan_capacity__latest_start(const plan_cap *c, int32_t sku, double qty, plan_date floor,
				      plan_date due)
{
	plan_date last = c->base + (plan_date)c->ndays - 1, start = due;
	if (floor < c->base)
		floor = c->base;
	if (due > last || floor > due)
		return PLAN_DATE_NONE;
	for (int32_t x = c->rt_off[sku]; x < c->rt_off[sku + 1]; x++) {
		int32_t routing = c->rt_row[x];
		const plan_routing_def *rt = TAB_ROW(c->e->m, PLAN_TABLE_ROUTINGS, routing);
		int32_t p = c->rt_res[routing];
		double need = plan_rt__hours(rt, qty), got = 0;
		double eps = PLAN_EPS * (1 + need);
		plan_date d = due;
		for (; d >= floor; d--) {
			size_t k = (size_t)(d - c->base);
			if (chunk_empty(c, p, k)) {
				d = c->base + (plan_date)(k / CHUNK * CHUNK); /* the loop steps below */
				continue;
			}
			got += room(c, p, d);
			if (got >= need - eps)
				break;
		}
		if (d < floor)
			return PLAN_DATE_NONE;
		if (d < start)
			start = d;
	}
	return start;
}

double plan_capacity__most(const plan_cap *c, int32_t order, plan_date from, plan_date to)
{
	const plan_ord *o = &c->e->res->ord[order];
	plan_date last = c->base + (plan_date)c->ndays - 1;
	double q = o->qty;
	if (from < c->base)
		from = c->base;
	if (to < last)
		last = to;
	int32_t xa, xb;
	const int32_t *rows = order_steps(c, o, &xa, &xb);
	for (int32_t x = xa; x < xb && q > 0; x++) {
		int32_t routing = rows[x];
		const plan_routing_def *rt = TAB_ROW(c->e->m, PLAN_TABLE_ROUTINGS, routing);
		int32_t p = c->rt_res[routing];
		double got = 0;
		for (plan_date d = from; d <= last; d++) {
			size_t k = (size_t)(d - c->base);
			if (chunk_empty(c, p, k)) {
				d = c->base + (plan_date)(k / CHUNK * CHUNK + CHUNK - 1);
				continue;
			}
			got += room(c, p, d);
		}
		double can = got < rt->setup_hours ? 0
			     : plan_rt__run(rt) > 0 ? (got - rt->setup_hours) / plan_rt__run(rt) : q;
		if (can < q)
			q = can;
	}
	return q > 0 ? q : 0;
}

void plan_capacity__short(const plan_cap *c, int32_t order, plan_date from, plan_date to,
			  plan_cap_short *out)
{
	const plan_ord *o = &c->e->res->ord[order];
	plan_date last = c->base + (plan_date)c->ndays - 1;
	if (from < c->base)
		from = c->base;
	if (to > last)
		to = last;
	*out = (plan_cap_short){ -1, -1, from, to, 0, 0 };
	double worst_short = -INFINITY;
	int32_t xa, xb;
	const int32_t *rows = order_steps(c, o, &xa, &xb);
	for (int32_t x = xa; x < xb; x++) {
		int32_t routing = rows[x];
		int32_t p = c->rt_res[routing];
		double need = step_need(c, order, routing), free_ = 0;
		for (plan_date d = from; d <= to; d++)
			free_ += room(c, p, d);
		if (need - free_ > worst_short) {
			worst_short = need - free_;
			out->routing = routing;
			out->free_hours = free_;
			out->need_hours = need;
		}
	}
	if (out->routing < 0)
		return;
	/* a block of the resource over the window is the first thing to name */
	int32_t p = c->rt_res[out->routing];
	for (int32_t k = c->blk_off[p]; k < c->blk_off[p + 1] && out->block < 0; k++)
		if (c->blk[k].end >= from && c->blk[k].start <= to)
			out->block = c->blk[k].row;
}

int plan_capacity__word(const plan_cap *c, const plan_cap_short *s, plan_text *out)
{
	const plan_model *m = c->e->m;
	if (s->routing < 0)
		return plan_text__printf(out, "no capacity");
	int32_t p = c->rt_res[s->routing];
	const plan_resource_def *rd = TAB_ROW(m, PLAN_TABLE_RESOURCES, p);
	const char *step = ((const plan_routing_def *)TAB_ROW(m, PLAN_TABLE_ROUTINGS, s->routing))->step;
	char a[11], b[11];
	plan_date_format(a, s->from);
	plan_date_format(b, s->to);
	/* (the numbers as "%.10g" writes them, without printf: this is worded
	 * for every demand a resource holds back) */
	char fh[32], nh[32];
	/* float noise of hours booked and given back is no free hour */
	plan_num__g(fh, s->free_hours > 1e-9 ? s->free_hours : 0, 10);
	plan_num__g(nh, s->need_hours, 10);
	if (s->block < 0)
		return plan_text__join(out, rd->resource, " full ", a, "..", b, " (", fh, " h free, step ",
				       step, " needs ", nh, " h)", (const char *)NULL);
	const plan_maintenance_def *md = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, s->block);
	char s1[11], s2[11];
	plan_date_format(s1, md->start);
	plan_date_format(s2, md->end);
	return plan_text__join(out, rd->resource, " blocked by ",
			       md->kind == PLAN_MAINT_EMERGENCY ? "emergency" : "planned", " maintenance ",
			       md->id, " ", s1, "..", s2, ", ", md->alt_resource ? "alternate " : "no alternate",
			       md->alt_resource ? md->alt_resource : "", md->alt_resource ? " full" : "", "; ",
			       rd->resource, " full ", a, "..", b, " (", fh, " h free, step ", step, " needs ",
			       nh, " h)", (const char *)NULL);
}

void plan_capacity__notes_later(plan_cap *c)
{
	c->notes_later = 1;
}

typedef struct alt_key {
	int32_t order, routing;
	size_t load;
} alt_key;

static int cmp_alt_key(const void *a, const void *b)
{
	const alt_key *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->routing != y->routing)
		return x->routing < y->routing ? -1 : 1;
	return x->load < y->load ? -1 : x->load > y->load;
}

int plan_capacity__note_alternates(plan_cap *c)
{
	const plan_result *r = c->e->res;
	size_t n = 0;
	for (size_t i = 0; i < r->nload; i++)
		n += r->load[i].resource != own_res(c, &r->load[i]);
	if (!n)
		return 0;
	alt_key *k = malloc(n * sizeof(*k));
	if (!k)
		return PLAN_ENOMEM;
	n = 0;
	for (size_t i = 0; i < r->nload; i++)
		if (r->load[i].resource != own_res(c, &r->load[i]))
			k[n++] = (alt_key){ r->load[i].order, r->load[i].routing, i };
	qsort(k, n, sizeof(*k), cmp_alt_key);
	int rc = 0;
	for (size_t i = 0, j; i < n && !rc; i = j) {
		/* one note per step of an order: its hours in the step's own
		 * hours, the block of its last load on the alternate */
		double hours = 0;
		const block *bk = NULL;
		for (j = i; j < n && k[j].order == k[i].order && k[j].routing == k[i].routing; j++) {
			const plan_load_rec *ld = &r->load[k[j].load];
			const block *b = alt_block(c, c->rt_res[ld->routing], ld->date);
			if (b) {
				hours += ld->hours / b->alt_factor;
				bk = b;
			}
		}
		if (bk)
			rc = note_alternate(c, k[i].order, k[i].routing, bk, r->ord[k[i].order].due,
					    hours);
	}
	free(k);
	return rc;
}

int plan_capacity__close(plan_cap *c, int keep)
{
	int rc = 0;
	if (!c)
		return 0;
	if (keep)
		rc = report(c);
	cap_free(c);
	free(c);
	return rc;
}

int plan_capacity__apply(plan_cap *c, const plan_load_rec *loads, size_t n)
{
	plan_result *r = c->e->res;
	if (plan_big__reserve((void **)&r->load, &r->load_cap, sizeof(*r->load), r->nload + n) < 0)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		r->load[r->nload++] = loads[i];
		move_load(c, &loads[i], -1);
	}
	return 0;
}

int plan_capacity__touches(const plan_cap *c, int32_t sku, const uint8_t *dirty)
{
	for (int32_t x = c->rt_off[sku]; x < c->rt_off[sku + 1]; x++) {
		int32_t p = c->rt_res[c->rt_row[x]];
		if (dirty[p])
			return 1;
		for (int32_t b = c->blk_off[p]; b < c->blk_off[p + 1]; b++)
			if (c->blk[b].alt >= 0 && dirty[c->blk[b].alt])
				return 1;
	}
	return 0;
}

void plan_capacity__release(plan_cap *c, const plan_load_rec *loads, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (loads[i].order >= 0)
			move_load(c, &loads[i], 1);
}

int plan_capacity__report(plan_cap *c)
{
	return report(c);
}
