/* Local repair of a demand-driven plan after a maintenance block (sessions,
 * pipeline/session.c): the plan before the block, mended where the block
 * reaches and nowhere else.
 *
 * The make orders with loads on the blocked resource during the block give
 * their hours back and are loaded again, deepest level first, against what
 * every other order keeps:
 *   1. in their own window (the hours left on the resource, the block's
 *      alternate): the dates stay, nothing else changes;
 *   2. earlier, back to the day their supplies have arrived (build ahead):
 *      the due date stays;
 *   3. later: the earliest due date by which the hours fit; what draws on
 *      the order then goes again in turn (a parent order no earlier than
 *      its component now arrives, a transfer in the first bucket with lane
 *      room from then on, a demand's parts from it delivered then);
 *   4. if nothing fits by the horizon's end, the order is left out: what
 *      draws on it is left out too (a parent cannot be made without it), a
 *      demand gets that much less, and the supply it drew is taken down by
 *      as much, hours and lane room given back (no dead load).
 * Nothing else moves, so a repair touches a few orders where a full replan
 * makes them all; the price is that capacity freed elsewhere is not offered
 * to other demands, so the plan may differ from a full replan's (exact
 * sessions replan). Every rule of format.md holds (the tests verify every
 * repaired plan). */
#include "capacity/capacity.h"
#include "feasible/demand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-9

enum { UNTOUCHED, QUEUED, PLACED, DROPPED };

typedef struct rep {
	plan_engine *e;
	const plan_model *m;
	const plan_result *old;
	plan_result *w;
	plan_cap *cap;
	plan_date start, end;
	int32_t block;           /* maintenance row */
	int32_t *rank;           /* by SKU: its place, top level first */
	int32_t *in_off, *in;    /* by order: the allocations it draws (src == order) */
	int32_t *ld_off, *ld;    /* by order: its loads in w as copied */
	uint32_t *new_first, *new_n; /* by order: loads booked anew */
	uint8_t *state;
	int32_t *root;           /* by order: the order the block moved first in its chain */
	double *lane_used;       /* lane row x bucket */
	int32_t *dl_off;         /* by demand: its deliveries in w as copied */
	uint8_t *dtouched;       /* by demand */
	int32_t *droot;          /* by demand: the root of what moved it */
	int32_t *heap;
	size_t nheap;
	size_t rescheduled;
	int rc;
} rep;

/* --- the queue: deepest level first, then the order's place ------------- */

static int before(const rep *r, int32_t a, int32_t b)
{
	int32_t ra = r->rank[r->w->ord[a].sku], rb = r->rank[r->w->ord[b].sku];
	return ra != rb ? ra > rb : a < b;
}

static void enqueue(rep *r, int32_t o, int32_t root)
{
	if (r->state[o] == QUEUED || r->state[o] == DROPPED)
		return;
	r->state[o] = QUEUED;
	r->root[o] = root;
	size_t i = r->nheap++;
	while (i > 0 && before(r, o, r->heap[(i - 1) / 2])) {
		r->heap[i] = r->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	r->heap[i] = o;
}

static int32_t dequeue(rep *r)
{
	int32_t top = r->heap[0], x = r->heap[--r->nheap];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= r->nheap)
			break;
		if (c + 1 < r->nheap && before(r, r->heap[c + 1], r->heap[c]))
			c++;
		if (!before(r, r->heap[c], x))
			break;
		r->heap[i] = r->heap[c];
		i = c;
	}
	if (r->nheap)
		r->heap[i] = x;
	return top;
}

/* --- loads ---------------------------------------------------------------- */

/* Gives order o's loads back (those copied, or those booked anew). */
static void release_loads(rep *r, int32_t o)
{
	plan_result *w = r->w;
	if (r->new_n[o]) {
		plan_load_rec *l = w->load + r->new_first[o];
		plan_capacity__release(r->cap, l, r->new_n[o]);
		for (uint32_t i = 0; i < r->new_n[o]; i++)
			l[i].order = -1;
		r->new_n[o] = 0;
		return;
	}
	for (int32_t k = r->ld_off[o]; k < r->ld_off[o + 1]; k++) {
		plan_load_rec *l = &w->load[r->ld[k]];
		if (l->order < 0)
			continue;
		plan_capacity__release(r->cap, l, 1);
		l->order = -1;
	}
}

/* Books o's hours within [from, to]: 1 (booked, *first its first day),
 * 0 (does not fit) or an error. */
static int book(rep *r, int32_t o, plan_date from, plan_date to, plan_date *first, int *alt)
{
	size_t l0 = r->w->nload;
	int rc = plan_capacity__book(r->cap, o, from, to, first, alt);
	if (rc == 1) {
		r->new_first[o] = (uint32_t)l0;
		r->new_n[o] = (uint32_t)(r->w->nload - l0);
	}
	return rc;
}

/* Whether o's hours fit within [from, to] (nothing stays booked). */
static int fits(rep *r, int32_t o, plan_date from, plan_date to)
{
	size_t l0 = r->w->nload, x0 = r->w->nexc;
	plan_date first;
	int alt;
	int rc = plan_capacity__book(r->cap, o, from, to, &first, &alt);
	if (rc == 1)
		plan_capacity__unbook(r->cap, l0, x0);
	return rc;
}

/* --- deliveries ---------------------------------------------------------- */

/* The earliest part of demand d from day was to before now (any day from
 * was on if now is PLAN_DATE_NONE), or NULL: its parts as copied (by
 * date), then those added since. */
static plan_delivery_rec *earliest_part(rep *r, int32_t d, plan_date was, plan_date now)
{
	plan_result *w = r->w;
	plan_delivery_rec *best = NULL;
	size_t copied = (size_t)r->dl_off[r->m->tab[PLAN_TABLE_DEMAND].n];
	for (int32_t k = r->dl_off[d]; k < r->dl_off[d + 1]; k++) {
		plan_delivery_rec *x = &w->dlv[k];
		if (x->qty > 0 && x->date >= was && (now == PLAN_DATE_NONE || x->date < now)) {
			best = x;
			break;
		}
	}
	for (size_t k = copied; k < w->ndlv; k++) {
		plan_delivery_rec *x = &w->dlv[k];
		if (x->demand == d && x->qty > 0 && x->date >= was && (now == PLAN_DATE_NONE || x->date < now) &&
		    (!best || x->date < best->date))
			best = x;
	}
	return best;
}

/* Demand d's parts of qty from supply that arrived on `was` and now
 * arrives on `now` (PLAN_DATE_NONE: never): what d received from `was` on,
 * before `now`, earliest first, up to qty, comes on `now` instead (or not
 * at all). Each part came on the day the supply that gave it had arrived
 * or later, so the earliest parts from `was` on are this supply's; parts
 * from `now` on need not move. */
static int move_parts(rep *r, int32_t d, double qty, plan_date was, plan_date now, int32_t root)
{
	double left = qty;
	plan_delivery_rec *x;
	while (left > TOL && (x = earliest_part(r, d, was, now)) != NULL) {
		double t = x->qty < left ? x->qty : left;
		x->qty -= t;
		left -= t;
	}
	double moved = qty - left;
	if (!(moved > TOL))
		return 0;
	r->dtouched[d] = 1;
	if (r->droot[d] < 0)
		r->droot[d] = root;
	return now != PLAN_DATE_NONE ? plan_result__add_delivery(r->w, d, now, moved) : 0;
}

/* --- taking down and leaving out ---------------------------------------- */

static void take_down(rep *r, int32_t o, double q);

/* Order o makes less (new quantity qty, below what it was): its hours
 * booked again for qty in its window, what it draws taken down by as
 * much, its lane room given back. */
static void shrink(rep *r, int32_t o, double qty)
{
	plan_result *w = r->w;
	plan_ord *x = &w->ord[o];
	double was = x->qty;
	/* an order within the plan's tolerance is none (the verifiers call it
	 * empty): 1 taken down by 0.999999997 leaves nothing, not 3e-9 */
	if (qty <= PLAN_TOL)
		qty = 0;
	/* whole units (1.1): a part of a unit less is kept, as stock; so is
	 * what a supplier's lot brings beyond */
	qty = plan_qty__up(qty, plan_model__sku_dec(r->m, x->sku));
	if (x->kind == PLAN_ORDER_BUY && x->lane >= 0)
		qty = plan_model__supplier_lot(r->m, (size_t)x->lane, qty,
					       plan_model__sku_dec(r->m, x->sku));
	if (!(was > qty))
		return;
	if (x->kind == PLAN_ORDER_MAKE && plan_capacity__order_routed(r->cap, o) &&
	    r->state[o] != QUEUED) { /* (a queued order is loaded when its turn comes) */
		release_loads(r, o);
		x->qty = qty;
		plan_date first;
		int alt;
		/* fewer hours in the window they fitted in fit again; should they
		 * not, the order goes again in turn */
		int rc = qty > 0 ? book(r, o, x->release, x->due, &first, &alt) : 1;
		if (rc < 0 && !r->rc)
			r->rc = rc;
		else if (rc == 0)
			enqueue(r, o, o);
	}
	x->qty = qty;
	if (x->kind == PLAN_ORDER_TRANSFER) {
		size_t b = plan_buckets__of(&r->e->bk, x->release);
		if (b < r->e->bk.n)
			r->lane_used[(size_t)x->lane * r->e->bk.n + b] -= was - qty;
	}
	/* what it draws: in proportion (a make order's components), or the
	 * quantity itself (a transfer's source) */
	for (int32_t k = r->in_off[o]; k < r->in_off[o + 1]; k++) {
		plan_alloc_rec *a = &w->alloc[r->in[k]];
		if (!(a->qty > 0))
			continue;
		double keep = a->qty * (qty / was);
		double give = a->qty - keep;
		a->qty = keep;
		take_down(r, a->order, give);
	}
	if (qty == 0) {
		r->state[o] = DROPPED;
		release_loads(r, o);
	}
}

/* Supply order s gives q less to an order that draws on it. */
static void take_down(rep *r, int32_t s, double q)
{
	if (s < (int32_t)r->w->nsched || !(q > TOL))
		return; /* scheduled receipts stay */
	shrink(r, s, r->w->ord[s].qty - q);
}

/* Order o is left out: what draws on it loses it (a parent order, a
 * transfer: left out in turn; a demand: that much less), what it draws is
 * taken down. */
static void leave_out(rep *r, int32_t o, int32_t root)
{
	plan_result *w = r->w;
	if (r->state[o] == DROPPED)
		return;
	plan_date due = w->ord[o].due;
	shrink(r, o, 0);
	r->state[o] = DROPPED;
	const plan_ord *x = &w->ord[o];
	for (uint32_t k = 0; k < x->alloc_count; k++) {
		plan_alloc_rec *a = &w->alloc[x->alloc_first + k];
		double q = a->qty;
		a->qty = 0;
		if (!(q > 0))
			continue;
		if (a->src >= 0) {
			if (r->state[a->src] != DROPPED) {
				r->root[a->src] = root;
				leave_out(r, a->src, root);
			}
		} else if (!r->rc) {
			r->rc = move_parts(r, -1 - a->src, q, due, PLAN_DATE_NONE, root);
		}
	}
}

/* --- moving ---------------------------------------------------------------- */

/* Order o now arrives on due (it arrived on was): what draws on it before
 * then goes again. */
static void arrives_later(rep *r, int32_t o, plan_date was, plan_date due, int32_t root)
{
	plan_result *w = r->w;
	const plan_ord *x = &w->ord[o];
	for (uint32_t k = 0; k < x->alloc_count && !r->rc; k++) {
		const plan_alloc_rec *a = &w->alloc[x->alloc_first + k];
		if (!(a->qty > 0))
			continue;
		if (a->src >= 0) {
			if (w->ord[a->src].release < due)
				enqueue(r, a->src, root);
		} else {
			r->rc = move_parts(r, -1 - a->src, a->qty, was, due, root);
		}
	}
}

/* The day order o's supplies have all arrived (start for stock on hand),
 * at least the first day it may be released. */
static plan_date supplied(const rep *r, int32_t o)
{
	const plan_result *w = r->w;
	plan_date lo = plan_engine__floor(r->e, w->ord[o].sku); /* start, or its time fence */
	for (int32_t k = r->in_off[o]; k < r->in_off[o + 1]; k++) {
		const plan_alloc_rec *a = &w->alloc[r->in[k]];
		if (a->qty > 0 && w->ord[a->order].due > lo)
			lo = w->ord[a->order].due;
	}
	return lo;
}

/* A firm order (1.1) keeps its dates: its hours booked again within its
 * window, else loaded anyway (an overload); its components later than its
 * release are short then. Either is a critical firm_short. */
static void place_firm(rep *r, int32_t o, plan_date lo)
{
	plan_ord *x = &r->w->ord[o];
	plan_date due = x->due > x->release ? x->due : x->release, first;
	int alt, rc = 0;
	r->rescheduled++;
	release_loads(r, o);
	const char *why = NULL;
	if (plan_capacity__order_routed(r->cap, o) && (rc = book(r, o, x->release, due, &first, &alt)) != 1) {
		size_t l0 = r->w->nload;
		rc = rc < 0 ? rc : plan_capacity__force(r->cap, o);
		r->new_first[o] = (uint32_t)l0;
		r->new_n[o] = (uint32_t)(r->w->nload - l0);
		why = "its routing does not fit in its window after the block; loaded anyway (overload)";
	}
	if (!why && lo > x->release)
		why = "what it draws comes later than its release after the block";
	if (!rc && why) {
		const plan_receipt_def *d = TAB_ROW(r->m, PLAN_TABLE_RECEIPTS, x->receipt);
		rc = plan_result__exception(r->w, EXC_FIRM_SHORT, PLAN_EXC_CRITICAL, x->sku, o, -1,
					    x->release, x->qty, "firm order %s: %s", d->id, why);
	}
	if (rc < 0 && !r->rc)
		r->rc = rc;
}

/* A make order placed again from lo on (its supplies are there then). */
static void place_make(rep *r, int32_t o, plan_date lo)
{
	if (o < (int32_t)r->w->nsched) {
		place_firm(r, o, lo);
		return;
	}
	plan_result *w = r->w;
	plan_ord *x = &w->ord[o];
	const plan_sku_def *sd = TAB_ROW(r->m, PLAN_TABLE_SKUS, x->sku);
	const plan_cal *cal = plan_cal__of_site(&r->e->cals, TAB_ID(r->m, PLAN_TABLE_SKUS, x->sku, 1));
	plan_date rel = x->release, due = x->due, first;
	int alt, rc = 0;
	r->rescheduled++;
	release_loads(r, o);
	if (!plan_capacity__order_routed(r->cap, o)) {
		/* no hours: only the lead time */
		if (lo <= rel)
			return;
		plan_date d = plan_cal__forward(cal, lo, sd->lead_time);
		if (d > r->end) {
			leave_out(r, o, r->root[o]);
			return;
		}
		x->release = lo;
		x->due = d > due ? d : due;
		if (x->due > due)
			arrives_later(r, o, due, x->due, r->root[o]);
		return;
	}
	/* 1. its own window; 2. earlier, back to its supplies */
	if (lo <= rel) {
		if ((rc = book(r, o, rel, due, &first, &alt)) == 1)
			return;
		if (rc < 0 || (lo < rel && (rc = book(r, o, lo, due, &first, &alt)) == 1)) {
			if (rc == 1)
				x->release = first < rel ? first : rel;
			r->rc = rc < 0 ? rc : r->rc;
			return;
		}
		lo = rel;
	}
	/* 3. later: the earliest due by which the hours fit from lo on, no
	 * sooner than its lead time after lo */
	plan_date from = plan_cal__forward(cal, lo, sd->lead_time);
	if (from < due + 1)
		from = due + 1;
	if (from > r->end || (rc = fits(r, o, lo, r->end)) != 1) {
		if (rc < 0)
			r->rc = rc;
		else
			leave_out(r, o, r->root[o]); /* 4. */
		return;
	}
	plan_date a = from, b = r->end; /* fits by b */
	while (a < b) {
		plan_date mid = a + (b - a) / 2;
		if ((rc = fits(r, o, lo, mid)) < 0) {
			r->rc = rc;
			return;
		}
		if (rc == 1)
			b = mid;
		else
			a = mid + 1;
	}
	if ((rc = book(r, o, lo, b, &first, &alt)) != 1) {
		r->rc = rc < 0 ? rc : PLAN_ERANGE;
		return;
	}
	plan_date back = plan_cal__back(cal, b, sd->lead_time);
	x->release = first < back ? first : back;
	x->due = b;
	arrives_later(r, o, due, b, r->root[o]);
}

/* A transfer shipped again from lo on: the first bucket with lane room for
 * all of it. */
static void place_transfer(rep *r, int32_t o, plan_date lo)
{
	plan_result *w = r->w;
	plan_ord *x = &w->ord[o];
	const plan_lane_def *l = TAB_ROW(r->m, PLAN_TABLE_SOURCING, x->lane);
	const plan_buckets *bk = &r->e->bk;
	plan_date was = x->due;
	r->rescheduled++;
	if (lo <= x->release)
		return;
	size_t b0 = plan_buckets__of(bk, x->release);
	double *used = r->lane_used + (size_t)x->lane * bk->n;
	if (b0 < bk->n)
		used[b0] -= x->qty;
	plan_date ship = lo;
	for (;;) {
		size_t b = plan_buckets__of(bk, ship);
		if (ship + l->transfer_days > r->end || b >= bk->n) {
			if (b0 < bk->n)
				used[b0] += x->qty; /* given back by leave_out() */
			leave_out(r, o, r->root[o]);
			return;
		}
		if (l->max_per_bucket == PLAN_NONE ||
		    used[b] + x->qty <= l->max_per_bucket + 1e-6 * (1 + l->max_per_bucket)) {
			used[b] += x->qty;
			break;
		}
		ship = bk->start[b + 1];
	}
	x->release = ship;
	x->due = ship + l->transfer_days;
	if (x->due > was)
		arrives_later(r, o, was, x->due, r->root[o]);
}

/* --- the plan copied, and put back in order ------------------------------ */

/* w: old's orders (with their ids), allocations, deliveries and loads;
 * exceptions and adjustments come at the end (some change). */
static int copy_plan(rep *r)
{
	const plan_result *o = r->old;
	plan_result *w = calloc(1, sizeof(*w));
	if (!w)
		return PLAN_ENOMEM;
	r->w = w;
	w->model = o->model;
	w->constrained = o->constrained;
	w->nsched = o->nsched;
	if (plan_big__reserve((void **)&w->ord, &w->ord_cap, sizeof(*w->ord), o->nord + 1) < 0 ||
	    plan_big__reserve((void **)&w->alloc, &w->alloc_cap, sizeof(*w->alloc), o->nalloc + 1) < 0 ||
	    plan_vec__reserve((void **)&w->dlv, &w->dlv_cap, sizeof(*w->dlv), o->ndlv + 1) < 0 ||
	    plan_big__reserve((void **)&w->load, &w->load_cap, sizeof(*w->load), o->nload + 1) < 0)
		return PLAN_ENOMEM;
	/* (an empty table may have no array) */
	if (o->nord)
		memcpy(w->ord, o->ord, o->nord * sizeof(*w->ord));
	w->nord = o->nord;
	if (o->nalloc)
		memcpy(w->alloc, o->alloc, o->nalloc * sizeof(*w->alloc));
	w->nalloc = o->nalloc;
	if (o->ndlv)
		memcpy(w->dlv, o->dlv, o->ndlv * sizeof(*w->dlv));
	w->ndlv = o->ndlv;
	w->idw = o->idw;
	w->idcap = o->idcap;
	w->iddigits = o->iddigits;
	w->idclash = o->idclash;
	memcpy(w->idnext, o->idnext, sizeof(w->idnext));
	if (o->idblock && o->nord > o->nsched) {
		w->idblock = plan_arena__alloc(&w->arena, w->idcap * w->idw);
		if (!w->idblock)
			return PLAN_ENOMEM;
		memcpy(w->idblock, o->idblock, (o->nord - o->nsched) * o->idw);
	}
	/* projects' activities (1.1) stay where they are: a block on a
	 * resource one uses plans the whole scenario again (session.c) */
	if (o->act) {
		if (!(w->act = malloc(o->nact * sizeof(*w->act))))
			return PLAN_ENOMEM;
		memcpy(w->act, o->act, o->nact * sizeof(*w->act));
		w->nact = o->nact;
	}
	return 0;
}

/* An activity's load (1.1), taken from the capacity as it was. */
static int take_activity(void *ctx, int32_t activity, int32_t res, plan_date day, double hours)
{
	(void)activity;
	plan_capacity__take(ctx, res, day, hours);
	return 0;
}

/* Counts by key into off[key + 1], made offsets, then members by key. */
static int32_t *grouped(int32_t *off, size_t nk, size_t n, const int32_t *key)
{
	int32_t *by = malloc((n + 1) * sizeof(*by));
	if (!by)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (key[i] >= 0)
			off[key[i] + 1]++;
	for (size_t k = 0; k < nk; k++)
		off[k + 1] += off[k];
	int32_t *fill = malloc((nk + 1) * sizeof(*fill));
	if (!fill) {
		free(by);
		return NULL;
	}
	memcpy(fill, off, (nk + 1) * sizeof(*fill));
	for (size_t i = 0; i < n; i++)
		if (key[i] >= 0)
			by[fill[key[i]]++] = (int32_t)i;
	free(fill);
	return by;
}

/* The indexes: what each order draws, its loads, each demand's parts, the
 * lanes' use, the SKUs' levels. */
static int index_plan(rep *r)
{
	plan_result *w = r->w;
	size_t no = w->nord, nsku = r->e->nsku, nd = r->m->tab[PLAN_TABLE_DEMAND].n;
	size_t nl = r->m->tab[PLAN_TABLE_SOURCING].n, nb = r->e->bk.n;
	size_t nkey = w->nalloc > w->nload ? w->nalloc : w->nload;
	int32_t *key = malloc((nkey + 1) * sizeof(*key));
	r->in_off = calloc(no + 2, sizeof(*r->in_off));
	r->ld_off = calloc(no + 2, sizeof(*r->ld_off));
	r->new_first = calloc(no + 1, sizeof(*r->new_first));
	r->new_n = calloc(no + 1, sizeof(*r->new_n));
	r->state = calloc(no + 1, 1);
	r->root = malloc((no + 1) * sizeof(*r->root));
	r->heap = malloc((no + 1) * sizeof(*r->heap));
	r->rank = malloc((nsku + 1) * sizeof(*r->rank));
	r->lane_used = calloc(nl * nb + 1, sizeof(*r->lane_used));
	r->dl_off = calloc(nd + 2, sizeof(*r->dl_off));
	r->dtouched = calloc(nd + 1, 1);
	r->droot = malloc((nd + 1) * sizeof(*r->droot));
	int32_t *by = malloc((nsku + 1) * sizeof(*by));
	size_t *off = malloc(((size_t)r->e->nlevels + 1) * sizeof(*off));
	if (!key || !r->in_off || !r->ld_off || !r->new_first || !r->new_n || !r->state || !r->root ||
	    !r->heap || !r->rank || !r->lane_used || !r->dl_off || !r->dtouched || !r->droot || !by ||
	    !off) {
		free(key);
		free(by);
		free(off);
		return PLAN_ENOMEM;
	}
	plan_levels__order(r->m, (size_t)r->e->nlevels, by, off);
	for (size_t k = 0; k < nsku; k++)
		r->rank[by[k]] = (int32_t)k;
	free(by);
	free(off);
	for (size_t i = 0; i < w->nalloc; i++)
		key[i] = w->alloc[i].src;
	r->in = grouped(r->in_off, no, w->nalloc, key);
	for (size_t i = 0; i < w->nload; i++)
		key[i] = w->load[i].order;
	r->ld = r->in ? grouped(r->ld_off, no, w->nload, key) : NULL;
	free(key);
	if (!r->in || !r->ld)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < w->ndlv; i++)
		r->dl_off[w->dlv[i].demand + 1]++;
	for (size_t d = 0; d < nd; d++) {
		r->dl_off[d + 1] += r->dl_off[d];
		r->droot[d] = -1;
	}
	for (size_t i = w->nsched; i < no; i++) {
		const plan_ord *x = &w->ord[i];
		size_t b = plan_buckets__of(&r->e->bk, x->release);
		if (x->kind == PLAN_ORDER_TRANSFER && x->lane >= 0 && b < nb)
			r->lane_used[(size_t)x->lane * nb + b] += x->qty;
	}
	return 0;
}

typedef struct change {
	int32_t order;        /* old index */
	int action;
} change;

/* The block in a planner's words. */
static void block_words(const rep *r, char *buf, size_t len)
{
	const plan_maintenance_def *mb = TAB_ROW(r->m, PLAN_TABLE_MAINTENANCE, r->block);
	char a[11], b[11];
	plan_date_format(a, mb->start);
	plan_date_format(b, mb->end);
	snprintf(buf, len, "%s blocked by %s maintenance %s %s..%s", mb->resource,
		 mb->kind == PLAN_MAINT_EMERGENCY ? "emergency" : "planned", mb->id, a, b);
}

/* The changes against the old plan, to fn and count, and as adjustments
 * (into *ch, by old index). */
static int report_orders(rep *r, int32_t alt, plan_date from, plan_date to, plan_diff_fn *fn,
			 void *ctx, size_t *count, change **ch, size_t *nch)
{
	const plan_result *old = r->old, *w = r->w;
	size_t n = 0;
	*ch = malloc((w->nord + 1) * sizeof(**ch));
	if (!*ch)
		return PLAN_ENOMEM;
	for (size_t i = w->nsched; i < w->nord; i++) {
		if (r->state[i] == UNTOUCHED)
			continue;
		const plan_ord *a = &old->ord[i], *b = &w->ord[i];
		plan_diff x = PLAN_DIFF_INIT;
		int action = -1;
		if (r->state[i] == DROPPED) {
			x.kind = PLAN_DIFF_LEFT_OUT;
			action = ADJ_SHORT;
		} else if (a->release != b->release || a->due != b->due) {
			x.kind = PLAN_DIFF_MOVED;
			action = b->due > a->due ? ADJ_LATER : ADJ_EARLIER;
		} else if (alt >= 0 && r->new_n[i]) {
			int now = 0, before = 0;
			for (uint32_t k = 0; k < r->new_n[i]; k++) {
				const plan_load_rec *l = &w->load[r->new_first[i] + k];
				now |= l->resource == alt && l->date >= from && l->date <= to;
			}
			for (int32_t k = r->ld_off[i]; k < r->ld_off[i + 1]; k++) {
				const plan_load_rec *l = &old->load[r->ld[k]];
				before |= l->resource == alt && l->date >= from && l->date <= to;
			}
			if (!now || before)
				continue;
			x.kind = PLAN_DIFF_REROUTED;
			action = ADJ_ALTERNATE;
		} else if (b->qty < a->qty - TOL) {
			x.kind = PLAN_DIFF_MOVED;
			action = ADJ_SHORT;
		} else {
			continue;
		}
		(*ch)[n++] = (change){ (int32_t)i, action };
		count[x.kind]++;
		if (!*fn)
			continue;
		const plan_model *m = r->m;
		x.order = plan_result__id(old, i);
		x.item = plan__sku(m, b->sku)->item;
		x.site = plan__sku(m, b->sku)->site;
		x.old_date = a->due;
		x.new_date = r->state[i] == DROPPED ? PLAN_DATE_NONE : b->due;
		if ((*fn)(ctx, &x))
			*fn = NULL;
	}
	*nch = n;
	return 0;
}

/* Orders left out dropped (ids kept), everything renumbered; allocations
 * grouped by order again, deliveries by demand and date. new_of: by old
 * index, the new one or -1. */
static int compact(rep *r, int32_t *new_of)
{
	plan_result *w = r->w;
	size_t n = w->nsched;
	for (size_t i = 0; i < w->nord; i++) {
		new_of[i] = i < w->nsched || r->state[i] != DROPPED ? (int32_t)(i < w->nsched ? i : n) : -1;
		if (i < w->nsched || new_of[i] < 0)
			continue;
		if (n != i) {
			w->ord[n] = w->ord[i];
			memmove(w->idblock + (n - w->nsched) * w->idw, w->idblock + (i - w->nsched) * w->idw,
				w->idw);
		}
		n++;
	}
	w->nord = n;
	size_t k = 0;
	for (size_t i = 0; i < w->nload; i++) {
		plan_load_rec l = w->load[i];
		if (l.order >= 0 && (l.order = new_of[l.order]) >= 0 && l.hours > 0)
			w->load[k++] = l;
	}
	w->nload = k;
	k = 0;
	for (size_t i = 0; i < w->nalloc; i++) {
		plan_alloc_rec a = w->alloc[i];
		if (!(a.qty > TOL) || (a.order = new_of[a.order]) < 0 || (a.src >= 0 && (a.src = new_of[a.src]) < 0))
			continue;
		w->alloc[k++] = a;
	}
	w->nalloc = k;
	/* the allocations stay grouped by supply order: they were, and
	 * new_of keeps the orders' order */
	for (size_t o = 0; o < w->nord; o++)
		w->ord[o].alloc_count = 0;
	for (size_t i = 0; i < w->nalloc; i++)
		w->ord[w->alloc[i].order].alloc_count++;
	uint32_t at = 0;
	for (size_t o = 0; o < w->nord; o++) {
		w->ord[o].alloc_first = at;
		at += w->ord[o].alloc_count;
	}
	plan_result__sort_deliveries(w, TOL);
	return 0;
}

/* The late-demand exception of demand d, touched by the repair, if it is
 * late or short now; its deliveries are dlv[0..n). */
static int late_note(rep *r, int32_t d, const plan_delivery_rec *dlv, size_t n, const char *block)
{
	plan_result *w = r->w;
	const plan_demand_def *dd = TAB_ROW(r->m, PLAN_TABLE_DEMAND, d);
	double on_time = 0, got = 0;
	int parts = 0;
	plan_date last = dd->due;
	for (size_t i = 0; i < n; i++) {
		const plan_delivery_rec *x = &dlv[i];
		got += x->qty;
		if (x->date <= dd->due) {
			on_time += x->qty;
		} else {
			parts++;
			last = x->date > last ? x->date : last;
		}
	}
	double want = plan_model__demand_qty(r->m, (size_t)d);
	if (on_time >= want - 1e-6)
		return 0;
	int32_t sku = (int32_t)plan_model__sku(r->m, TAB_ID(r->m, PLAN_TABLE_DEMAND, d, 1),
					       TAB_ID(r->m, PLAN_TABLE_DEMAND, d, 2));
	char a[11], b[11];
	plan_date_format(a, dd->due);
	plan_date_format(b, last);
	int32_t root = r->droot[d];
	/* what held it back: the order the repair moved, then the block */
	plan_text why = { NULL, 0 };
	int wrc;
	if (root >= 0) {
		const plan_sku_def *rs = plan__sku(r->m, r->old->ord[root].sku);
		char c[11];
		plan_date_format(c, r->old->ord[root].due);
		wrc = plan_text__printf(&why, "%s (%s@%s), due %s before the repair: %s",
					plan_result__id(r->old, (size_t)root), rs->item, rs->site, c, block);
	} else {
		wrc = plan_text__printf(&why, "%s", block);
	}
	if (wrc < 0)
		return PLAN_ENOMEM;
	int rc;
	if (got < want - 1e-6)
		rc = plan_result__exception(w, EXC_LATE_DEMAND, PLAN_EXC_WARNING, sku, -1, d,
					    parts ? last : dd->due, want - got,
					    "%s short %.10g of %.10g (due %s, %.10g on time, nothing more "
					    "by the horizon's end): %s",
					    dd->id, want - got, want, a, on_time, why.s);
	else
		rc = plan_result__exception(w, EXC_LATE_DEMAND, PLAN_EXC_WARNING, sku, -1, d, last,
					    want - on_time,
					    "%s late %d day%s (due %s, %.10g on time, the rest in %d part%s by %s): %s",
					    dd->id, (int)(last - dd->due), last - dd->due == 1 ? "" : "s", a,
					    on_time, parts, parts == 1 ? "" : "s",
					    b, why.s);
	plan_text__free(&why);
	return rc;
}

static const char *const kind_word[] = { "make", "buy", "transfer" };

/* Exceptions and adjustments: the old plan's that still hold, renumbered;
 * the touched demands' late notes; the repair's adjustments; the
 * alternates' notes from the loads as they are. */
static int notes(rep *r, const int32_t *new_of, const change *ch, size_t nch)
{
	const plan_result *old = r->old;
	plan_result *w = r->w;
	char block[200];
	block_words(r, block, sizeof(block));
	int rc = 0;
	for (size_t i = 0; i < old->nexc && !rc; i++) {
		const plan_exc_rec *x = &old->exc[i];
		int32_t o = x->order >= 0 ? new_of[x->order] : -1;
		/* (a touched demand's lateness is worded again below; its fair
		 * share or deployment, 1.1, no longer holds as it was) */
		if (x->code == EXC_ALTERNATE || (x->order >= 0 && o < 0) ||
		    ((x->code == EXC_LATE_DEMAND || x->code == EXC_FAIR_SHARE ||
		      x->code == EXC_DEPLOYMENT) &&
		     x->demand >= 0 &&
		     r->dtouched[x->demand]))
			continue;
		rc = plan_result__exception(w, x->code, x->severity, x->sku, o, x->demand, x->date, x->qty,
					    "%s", x->message);
		if (!rc)
			w->exc[w->nexc - 1].resource = x->resource;
	}
	/* the touched demands' deliveries: w's are by demand (compact()); a
	 * demand with none is short of all of it */
	size_t at = 0, nd = r->m->tab[PLAN_TABLE_DEMAND].n;
	for (size_t d = 0; d < nd && !rc; d++) {
		size_t from = at;
		while (at < w->ndlv && w->dlv[at].demand == (int32_t)d)
			at++;
		if (r->dtouched[d])
			rc = late_note(r, (int32_t)d, w->dlv + from, at - from, block);
	}
	for (size_t i = 0; i < old->nadj && !rc; i++) {
		const plan_adj_rec *x = &old->adj[i];
		int32_t o = x->order >= 0 ? new_of[x->order] : -1;
		if (x->order >= 0 && o < 0)
			continue;
		rc = plan_result__adjust(w, o, x->action, x->reason, "%s", x->detail);
	}
	for (size_t i = 0; i < nch && !rc; i++) {
		int32_t o = ch[i].order;
		const plan_ord *a = &old->ord[o];
		const plan_model *m = r->m;
		const char *item = plan__sku(m, a->sku)->item, *site = plan__sku(m, a->sku)->site;
		char s1[11], s2[11], s3[11], s4[11];
		plan_date_format(s1, a->release);
		plan_date_format(s3, a->due);
		if (new_of[o] < 0) {
			rc = plan_result__adjust(w, -1, ADJ_SHORT, block, "%s %s %.10g %s@%s due %s left out",
						 kind_word[a->kind], plan_result__id(old, (size_t)o),
						 a->qty, item, site, s3);
			continue;
		}
		const plan_ord *b = &w->ord[new_of[o]];
		plan_date_format(s2, b->release);
		plan_date_format(s4, b->due);
		if (ch[i].action == ADJ_ALTERNATE)
			rc = plan_result__adjust(w, new_of[o], ADJ_ALTERNATE, block,
						 "loads the alternate the block names");
		else if (ch[i].action == ADJ_SHORT)
			rc = plan_result__adjust(w, new_of[o], ADJ_SHORT, block, "%.10g -> %.10g", a->qty, b->qty);
		else
			rc = plan_result__adjust(w, new_of[o], ch[i].action, block,
						 "release %s -> %s, due %s -> %s", s1, s2, s3, s4);
	}
	return rc ? rc : plan_capacity__note_alternates(r->cap);
}

static void rep_free(rep *r)
{
	free(r->rank);
	free(r->in_off);
	free(r->in);
	free(r->ld_off);
	free(r->ld);
	free(r->new_first);
	free(r->new_n);
	free(r->state);
	free(r->root);
	free(r->lane_used);
	free(r->dl_off);
	free(r->dtouched);
	free(r->droot);
	free(r->heap);
}

int plan_demand__repair(plan_engine *e, const plan_result *old, int32_t block, plan_diff_fn *fn,
			void *ctx, size_t *count, size_t *rescheduled, plan_result **out)
{
	const plan_model *m = e->m;
	const plan_maintenance_def *mb = TAB_ROW(m, PLAN_TABLE_MAINTENANCE, block);
	int32_t res = (int32_t)plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES, mb->resource);
	int32_t alt = mb->alt_resource ? (int32_t)plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES,
									   mb->alt_resource)
				       : -1;
	plan_result *snap = e->res;
	rep r = { .e = e, .m = m, .old = old, .start = e->start, .end = e->bk.start[e->bk.n] - 1,
		  .block = block };
	*out = NULL;
	int32_t *new_of = NULL;
	change *ch = NULL;
	size_t nch = 0;
	int rc = copy_plan(&r);
	e->res = r.w;
	if (!rc)
		rc = plan_capacity__open(e, &r.cap);
	if (!rc) {
		plan_capacity__notes_later(r.cap);
		/* every load as it was, then the block's orders give theirs back */
		rc = plan_capacity__apply(r.cap, old->load, old->nload);
		if (!rc)
			rc = plan_result__activity_loads(old, &e->cals, take_activity, r.cap);
	}
	if (!rc)
		rc = index_plan(&r);
	for (size_t i = 0; i < old->nload && !rc; i++) {
		const plan_load_rec *l = &old->load[i];
		if (l->resource == res && l->date >= mb->start && l->date <= mb->end)
			enqueue(&r, l->order, l->order);
	}
	for (size_t k = 0; k < r.nheap && !rc; k++)
		release_loads(&r, r.heap[k]);
	while (r.nheap && !rc && !r.rc) {
		int32_t o = dequeue(&r);
		if (r.state[o] == DROPPED)
			continue;
		r.state[o] = PLACED;
		plan_date lo = supplied(&r, o);
		if (r.w->ord[o].kind == PLAN_ORDER_MAKE)
			place_make(&r, o, lo);
		else if (r.w->ord[o].kind == PLAN_ORDER_TRANSFER)
			place_transfer(&r, o, lo);
	}
	rc = rc ? rc : r.rc;
	if (!rc)
		rc = report_orders(&r, alt, mb->start, mb->end, fn, ctx, count, &ch, &nch);
	if (!rc && !(new_of = malloc((r.w->nord + 1) * sizeof(*new_of))))
		rc = PLAN_ENOMEM;
	if (!rc)
		rc = compact(&r, new_of);
	if (!rc)
		rc = notes(&r, new_of, ch, nch);
	if (r.cap) {
		int crc = plan_capacity__close(r.cap, !rc);
		rc = rc ? rc : crc;
	}
	e->res = snap;
	if (!rc)
		rc = plan_result__summarise(r.w);
	*rescheduled = r.rescheduled;
	free(new_of);
	free(ch);
	rep_free(&r);
	if (rc) {
		plan_result_free(r.w);
		return rc;
	}
	*out = r.w;
	return 0;
}
