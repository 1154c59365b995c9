/* Demand-driven constrained planning (issue 17's planner, not yet the
 * default): demand by demand, most important first (priority, then due
 * date, then row), each planned through every level and site at once.
 *
 * A demand asks its SKU for its quantity on its due date (start if due
 * before). A SKU gives, in this order:
 *   1. stock on hand and scheduled receipts that arrive by that date, the
 *      latest arriving first (earlier stock stays for earlier needs);
 *   2. new supply, lot for lot, due on that date:
 *      - buy: an order released lead_time working days before (never
 *        before start);
 *      - make: an order over [release, due], its routing loaded on finite
 *        capacity as late as it fits (maintenance blocks and their
 *        alternates count); where the window of its lead time is full, it
 *        is built ahead into idle capacity (released earlier), and what one
 *        window cannot make goes to a second order in an earlier one (a
 *        split); its components are asked for on its release date, and
 *        what they cannot give makes the order smaller;
 *      - transfer: the lanes by priority, each within its max_per_bucket in
 *        the bucket of the release, the source SKU asked for on the
 *        release date.
 * What is booked for a part that fails is given back (a journal rolled
 * back: capacity, lane room, stock, orders), so no order takes capacity,
 * lane room or stock for nothing. What cannot be on time is asked for
 * again on later dates, the earliest that gives something first, in parts,
 * until the horizon ends; what is left then is short.
 *
 * Components are planned for the dates their parents are actually made,
 * and stock goes to the demand it makes on time in priority order, not to
 * the requirement the unconstrained netting allocated it to. Safety stock
 * comes after every demand, with what is left. Not yet: lot rules (lot for
 * lot only), shares between lanes of one priority, sessions. */
#include "feasible/demand.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity/capacity.h"

#define EPS 1e-9

typedef struct dsup {
	plan_date arrive;
	int32_t order;        /* -1: stock on hand */
	double left;
} dsup;

/* Undo journal: what a rolled back attempt gives back. */
typedef struct dlog {
	int kind;             /* LOG_TAKE, LOG_LANE, LOG_GROW */
	int32_t a;            /* supply index / lane cell / order */
	double qty;
} dlog;
enum { LOG_TAKE, LOG_LANE, LOG_GROW };

typedef struct dplan {
	plan_engine *e;
	const plan_model *m;
	plan_result *w;
	plan_cap *cap;
	plan_date start, end;
	dsup *sup;            /* supplies, grouped by SKU: sup_off[s] .. sup_off[s + 1] */
	int32_t *sup_off;
	double *lane_used;    /* lane row x bucket */
	size_t nb;
	dlog *log;
	size_t nlog, log_cap;
	plan_alloc_rec *al;   /* allocations as made */
	size_t nal, al_cap;
	int32_t *last_buy;    /* by SKU: its buy order made last (maybe stale) */
	int32_t *last_move;   /* by lane row: its transfer made last (maybe stale) */
	plan_date *fresh;     /* by SKU: the earliest day it could come from new
				 supply alone, capacity aside (no stock anywhere) */
	char why[400];        /* the first thing that held the demand being planned
				 back, in a planner's words ("" if nothing yet) */
	int depth;
	int rc;               /* first error (PLAN_ENOMEM, PLAN_ERANGE) */
} dplan;

typedef struct mark {
	size_t nlog, nal, nord, nload, nexc, nadj;
} mark;

static mark mark_now(const dplan *p)
{
	return (mark){ p->nlog, p->nal, p->w->nord, p->w->nload, p->w->nexc, p->w->nadj };
}

static void rollback(dplan *p, mark k)
{
	while (p->nlog > k.nlog) {
		const dlog *l = &p->log[--p->nlog];
		if (l->kind == LOG_TAKE)
			p->sup[l->a].left += l->qty;
		else if (l->kind == LOG_LANE)
			p->lane_used[l->a] -= l->qty;
		else
			p->w->ord[l->a].qty -= l->qty;
	}
	p->nal = k.nal;
	plan_capacity__unbook(p->cap, k.nload, k.nexc);
	p->w->nord = k.nord;
	p->w->nadj = k.nadj;
}

static void journal(dplan *p, int kind, int32_t a, double qty)
{
	if (plan_vec__reserve((void **)&p->log, &p->log_cap, sizeof(*p->log), p->nlog + 1) < 0) {
		p->rc = PLAN_ENOMEM;
		return;
	}
	p->log[p->nlog++] = (dlog){ kind, a, qty };
}

/* The src of supply for safety stock: it serves no requirement, so it
 * is allocated to none. */
#define SAFETY_STOCK INT32_MIN

static void allocate(dplan *p, int32_t order, int32_t src, double qty)
{
	if (src == SAFETY_STOCK)
		return;
	if (plan_vec__reserve((void **)&p->al, &p->al_cap, sizeof(*p->al), p->nal + 1) < 0) {
		p->rc = PLAN_ENOMEM;
		return;
	}
	p->al[p->nal++] = (plan_alloc_rec){ order, src, qty };
}

/* Order o made qty: src gets of it what it may still take (*allow), the
 * rest stays in stock. */
static void give(dplan *p, int32_t o, int32_t src, double qty, double *allow)
{
	double t = qty < *allow ? qty : *allow;
	if (t > 0)
		allocate(p, o, src, t);
	*allow -= t;
}

static int32_t new_order(dplan *p, int32_t sku, int kind, int32_t lane, plan_date release,
			 plan_date due, double qty)
{
	plan_ord o = { sku, lane, -1, (uint8_t)kind, release, due, qty, 0, 0 };
	int32_t i = plan_result__add_order(p->w, &o);
	if (i < 0)
		p->rc = PLAN_ENOMEM;
	return i;
}

/* Buy and transfer orders of one SKU (a transfer's: of one lane) due the
 * same day are one order, grown as needs come: they load no resource, so
 * growing one changes nothing else. Needs of one day come together (a
 * demand's chain), so the last order of each SKU and lane is the one to
 * grow: *last is where it is remembered, the order to grow or -1. */
static int32_t mergeable(const dplan *p, const int32_t *last, int kind, int32_t sku,
			 int32_t lane, plan_date due)
{
	int32_t o = *last;
	/* a rollback may have taken it back, and another taken its place */
	if (o < (int32_t)p->w->nsched || (size_t)o >= p->w->nord)
		return -1;
	const plan_ord *x = &p->w->ord[o];
	return x->kind == kind && x->sku == sku && x->lane == lane && x->due == due ? o : -1;
}

/* Grows order o by qty (given back on rollback). */
static void grow(dplan *p, int32_t o, double qty)
{
	p->w->ord[o].qty += qty;
	journal(p, LOG_GROW, o, qty);
}

/* What held the demand being planned back, unless something deeper
 * already did (the first failure is the root of the chain). */
static void because(dplan *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* The reason's words are made only where none is there yet. */
#define BECAUSE(p, ...) do { if (!(p)->why[0]) because(p, __VA_ARGS__); } while (0)

static void because(dplan *p, const char *fmt, ...)
{
	if (p->why[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

static const char *sku_str(const dplan *p, int32_t sku, char *buf, size_t n)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	snprintf(buf, n, "%s@%s", d->item, d->site);
	return buf;
}

/* An adjustment of order o: the lever used, and why. */
static void lever(dplan *p, int32_t o, int action, const char *reason, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

static void lever(dplan *p, int32_t o, int action, const char *reason, const char *fmt, ...)
{
	char detail[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (plan_result__adjust(p->w, o, action, reason, "%s", detail) < 0)
		p->rc = PLAN_ENOMEM;
}

static const plan_cal *site_cal(const dplan *p, int32_t sku)
{
	return plan_cal__of_site(&p->e->cals, TAB_ID(p->m, PLAN_TABLE_SKUS, sku, 1));
}

static double need(dplan *p, int32_t sku, double qty, plan_date date, int32_t src);

/* The components of qty of make SKU sku released on day rel, for order o:
 * the part of qty they can all give (1: all). Phantoms pass their
 * requirement on to their own components. */
static double components(dplan *p, int32_t sku, double qty, plan_date rel, int32_t o, int depth)
{
	const plan_engine *e = p->e;
	double frac = 1;
	if (depth > 64)
		return frac;
	for (int32_t k = e->bom_off[sku]; k < e->bom_off[sku + 1] && frac > 0 && !p->rc; k++) {
		const plan_edge *b = &e->bom_edge[k];
		if ((b->from != PLAN_DATE_NONE && rel < b->from) ||
		    (b->until != PLAN_DATE_NONE && rel >= b->until))
			continue;
		double want = qty * b->qty_per / (e->yield[sku] * b->keep);
		if (!(want > EPS))
			continue;
		double f;
		if (e->phantom[b->child])
			f = components(p, b->child, want, rel, o, depth + 1);
		else
			f = need(p, b->child, want, rel, o) / want;
		if (f < frac)
			frac = f;
	}
	return frac;
}

/* One make order of at most qty of sku over [rel, due] for src: booked,
 * components drawn. Returns what it makes (0: nothing, all given back);
 * *short_of says what held it back: 1 capacity (*cap_why says how), 2
 * components; *o_out is the order. */
static double make_window(dplan *p, int32_t sku, double qty, plan_date rel, plan_date due,
			  int32_t src, double *allow, int *short_of, char *cap_why, size_t why_len,
			  int32_t *o_out)
{
	*short_of = 0;
	*o_out = -1;
	for (int tries = 0; tries < 4 && qty > EPS && !p->rc; tries++) {
		mark k = mark_now(p);
		int32_t o = new_order(p, sku, PLAN_ORDER_MAKE, -1, rel, due, qty);
		if (o < 0)
			return 0;
		plan_date first;
		int alt;
		int booked = plan_capacity__book(p->cap, o, rel, due, &first, &alt);
		if (booked < 0) {
			p->rc = booked;
			return 0;
		}
		if (!booked) {
			/* the most the window could make, then less until it fits */
			plan_capacity__why(p->cap, o, rel, due, cap_why, why_len);
			BECAUSE(p, "%s", cap_why);
			double most = plan_capacity__most(p->cap, o, rel, due);
			double q = most < qty ? most : qty;
			booked = 0;
			for (int h = 0; h < 8 && q > 1e-6 && !booked; h++) {
				p->w->ord[o].qty = q;
				booked = plan_capacity__book(p->cap, o, rel, due, &first, &alt);
						if (booked < 0) {
					p->rc = booked;
					return 0;
				}
				if (!booked)
					q *= h < 4 ? 0.9 : 0.5;
			}
			*short_of = 1;
			if (!booked) {
				rollback(p, k);
				return 0;
			}
		}
		double made = p->w->ord[o].qty;
		double frac = components(p, sku, made, rel, o, 0);
		if (p->rc)
			return 0;
		if (frac >= 1 - 1e-9) {
			give(p, o, src, made, allow);
			if (alt)
				lever(p, o, ADJ_ALTERNATE, "a maintenance block on its resource",
				      "loads the alternate the block names");
			*o_out = o;
			return made;
		}
		/* the components give less: the same again, smaller */
		rollback(p, k);
		*short_of = 2;
		qty = made * frac * (1 - 1e-12);
	}
	return 0;
}

/* New make orders for qty of sku due on due: the lead time's window, then
 * earlier releases (build ahead, or a second order for the rest). */
static double make(dplan *p, int32_t sku, double qty, plan_date due, int32_t src, double *allow)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	const plan_cal *cal = site_cal(p, sku);
	plan_date rel = plan_cal__back(cal, due, d->lead_time);
	char s[160], a[11], b[11], full[300] = "";
	if (rel < p->start) {
		if (!p->why[0]) {
			plan_date_format(a, due);
			because(p, "%s takes %d working days: due %s, it would be released before "
				   "the start", sku_str(p, sku, s, sizeof(s)), d->lead_time, a);
		}
		return 0;
	}
	double got = 0;
	int back = 0, orders = 0;
	for (int step = 0; step < 12 && qty - got > EPS && !p->rc; step++) {
		plan_date r = step ? plan_cal__back(cal, rel, back) : rel;
		if (r < p->start)
			r = p->start;
		int short_of;
		int32_t o;
		char why[300] = "";
		double g = make_window(p, sku, qty - got, r, due, src, allow, &short_of, why, sizeof(why),
				       &o);
		if (step == 0 && why[0])
			memcpy(full, why, sizeof(why));
		if (g > EPS && o >= 0) {
			plan_date_format(a, r);
			plan_date_format(b, rel);
			if (r < rel)
				lever(p, o, ADJ_EARLIER, full[0] ? full : "its lead time's window is full",
				      "released %s, before its lead time's window (from %s): built ahead "
				      "into idle capacity", a, b);
			if (orders++)
				lever(p, o, ADJ_SPLIT, full[0] ? full : "one window makes too little",
				      "%.10g of the %.10g needed by then, in an order of its own released %s",
				      g, qty, a);
		}
		got += g;
		/* an earlier release only helps where capacity held it back:
		 * components are scarcer earlier */
		if (r == p->start || short_of != 1)
			break;
		back = back ? back * 2 : 1;
	}
	return got;
}

/* Transfers of qty of sku to arrive by due: the lanes by priority; on each,
 * shipped in the bucket that arrives on time the latest, then in earlier
 * buckets while the lane's limit leaves room (the goods wait at the
 * destination). */
static double transfer(dplan *p, int32_t sku, double qty, plan_date due, int32_t src,
		       double *allow)
{
	const plan_engine *e = p->e;
	double got = 0;
	for (int32_t k = e->lane_off[sku]; k < e->lane_off[sku + 1] && qty - got > EPS && !p->rc; k++) {
		int32_t row = e->lane_row[k];
		const plan_lane_def *l = TAB_ROW(p->m, PLAN_TABLE_SOURCING, row);
		if (due - l->transfer_days < p->start && !p->why[0]) {
			char s[160], a[11];
			plan_date_format(a, due);
			because(p, "%s comes from %s in %d days: not by %s from the start",
				sku_str(p, sku, s, sizeof(s)), l->source, l->transfer_days, a);
		}
		for (plan_date ship = due - l->transfer_days; ship >= p->start && qty - got > EPS && !p->rc;) {
			size_t b = plan_buckets__of(&e->bk, ship);
			int32_t cell = (int32_t)((size_t)row * p->nb + b);
			double room = l->max_per_bucket == PLAN_NONE ? HUGE_VAL
								     : l->max_per_bucket - p->lane_used[cell];
			double t = qty - got < room ? qty - got : room;
			/* the next try: the last day of the bucket before */
			plan_date before = b > 0 && b <= e->bk.n ? e->bk.start[b] - 1 : p->start - 1;
			if (!(t > EPS) && !p->why[0]) {
				char s[160], a[11];
				plan_date_format(a, ship);
				because(p, "the lane of %s from %s is full in the bucket of %s (%.10g a bucket)",
					sku_str(p, sku, s, sizeof(s)), l->source, a, l->max_per_bucket);
			}
			if (!(t > EPS)) {
				ship = before;
				continue;
			}
			mark mk = mark_now(p);
			plan_date arrive = ship + l->transfer_days;
			int32_t o = mergeable(p, &p->last_move[row], PLAN_ORDER_TRANSFER, sku, row, arrive);
			int fresh = o < 0;
			if (fresh) {
				o = new_order(p, sku, PLAN_ORDER_TRANSFER, row, ship, arrive, 0);
				if (o >= 0)
					p->last_move[row] = o;
			}
			if (o < 0)
				return got;
			double g = need(p, e->lane_src[row], t, ship, o);
			if (!(g > EPS)) {
				/* the source has nothing by then: earlier, less still */
				rollback(p, mk);
				break;
			}
			if (fresh)
				p->w->ord[o].qty = g;
			else
				grow(p, o, g);
			p->lane_used[cell] += g;
			journal(p, LOG_LANE, cell, g);
			give(p, o, src, g, allow);
			got += g;
			if (fresh && k > e->lane_off[sku])
				lever(p, o, ADJ_LANE, p->why[0] ? p->why : "the lanes before it give too little",
				      "ships from %s, the lane of priority %d", l->source, l->priority);
			if (fresh && ship < due - l->transfer_days) {
				char a[11];
				plan_date_format(a, ship);
				lever(p, o, ADJ_EARLIER, p->why[0] ? p->why : "its lane is full later",
				      "shipped %s, in an earlier bucket with room on the lane", a);
			}
			if (l->max_per_bucket == PLAN_NONE)
				break;
			ship = before;
		}
	}
	return got;
}

/* What sku gives by date (at most qty) to src: stock and receipts first,
 * then new supply. */
static double new_supply(dplan *p, int32_t sku, double rest, plan_date date, int32_t src);

static double need(dplan *p, int32_t sku, double qty, plan_date date, int32_t src)
{
	double got = 0;
	if (date < p->start || p->rc || ++p->depth > 200) {
		p->depth--;
		return 0;
	}
	while (qty - got > EPS) {
		int32_t best = -1;
		for (int32_t i = p->sup_off[sku]; i < p->sup_off[sku + 1]; i++)
			if (p->sup[i].left > EPS && p->sup[i].arrive <= date &&
			    (best < 0 || p->sup[i].arrive > p->sup[best].arrive))
				best = i;
		if (best < 0)
			break;
		dsup *s = &p->sup[best];
		double t = s->left < qty - got ? s->left : qty - got;
		s->left -= t;
		journal(p, LOG_TAKE, best, t);
		if (s->order >= 0)
			allocate(p, s->order, src, t);
		got += t;
	}
	if (qty - got > EPS)
		got += new_supply(p, sku, qty - got, date, src);
	p->depth--;
	return got;
}

/* New supply of rest of sku by date for src: bought, made or moved. */
/* New supply of rest of sku by date for src: bought, made or moved.
 * Returns what src gets. An order is never within the plan's tolerance
 * (the verifiers call it empty): a rest that small is made twice the
 * tolerance, src gets its rest, the rest of it stays in stock. */
static double new_supply(dplan *p, int32_t sku, double rest, plan_date date, int32_t src)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	double got = 0, q = rest < 2 * PLAN_TOL ? 2 * PLAN_TOL : rest, allow = rest;
	if (!d->phantom && !p->rc) {
		if (d->type == PLAN_SKU_BUY) {
			plan_date rel = plan_cal__back(site_cal(p, sku), date, d->lead_time);
			int32_t o = rel >= p->start ? mergeable(p, &p->last_buy[sku], PLAN_ORDER_BUY, sku,
								  -1, date)
						    : -1;
			if (rel < p->start && !p->why[0]) {
				char s[160], a[11];
				plan_date_format(a, date);
				because(p, "%s is bought %d working days ahead: not by %s from the start",
					sku_str(p, sku, s, sizeof(s)), d->lead_time, a);
			}
			if (o >= 0) {
				grow(p, o, q);
			} else if (rel >= p->start) {
				o = new_order(p, sku, PLAN_ORDER_BUY, -1, rel, date, q);
				if (o >= 0)
					p->last_buy[sku] = o;
			}
			if (o >= 0 && !p->rc) {
				give(p, o, src, q, &allow);
				got += q;
			}
		} else if (d->type == PLAN_SKU_MAKE) {
			got += make(p, sku, q, date, src, &allow);
		} else {
			got += transfer(p, sku, q, date, src, &allow);
		}
	}
	(void)got; /* what was made; src gets what it was allowed */
	return rest - allow;
}

/* --- the demands ----------------------------------------------------------- */

typedef struct dkey {
	int prio;
	plan_date due;
	int32_t row;
} dkey;

static int cmp_dkey(const void *a, const void *b)
{
	const dkey *x = a, *y = b;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int deliver(dplan *p, int32_t d, plan_date date, double qty)
{
	plan_result *w = p->w;
	if (plan_vec__reserve((void **)&w->dlv, &w->dlv_cap, sizeof(*w->dlv), w->ndlv + 1) < 0)
		return PLAN_ENOMEM;
	w->dlv[w->ndlv++] = (plan_delivery_rec){ d, date, qty };
	return 0;
}

/* Where a demand stands. */
typedef struct dstate {
	int32_t sku;          /* -1: nothing to plan */
	double left, on_time;
	plan_date last;       /* its last part */
	int parts;
	char why[400];        /* what held its on-time part back */
} dstate;

/* Asks for what is left of demand d on day, delivers what comes. */
static int ask(dplan *p, int32_t d, dstate *st, plan_date day)
{
	const plan_demand_def *dd = TAB_ROW(p->m, PLAN_TABLE_DEMAND, d);
	size_t o0 = p->w->nord, a0 = p->nal;
	double g = need(p, st->sku, st->left, day, -1 - d);
	if (p->rc || !(g > EPS))
		return p->rc;
	if (day > dd->due && day > p->start) {
		char a[11], b[11];
		plan_date_format(a, dd->due);
		plan_date_format(b, day);
		/* the new orders that give the demand itself (what they draw on
		 * is there for them) */
		for (size_t i = a0; i < p->nal && !p->rc; i++)
			if (p->al[i].src == -1 - d && (size_t)p->al[i].order >= o0)
				lever(p, p->al[i].order, ADJ_LATER,
				      st->why[0] ? st->why : "nothing earlier",
				      "for the late part of %s (due %s), delivered %s", dd->id, a, b);
	}
	if (deliver(p, d, day, g) < 0)
		return PLAN_ENOMEM;
	if (day <= dd->due || day == p->start)
		st->on_time += g;
	st->left -= g;
	st->last = day;
	st->parts++;
	return 0;
}

/* Whether demand d's SKU could give something on day (tried, then given
 * back). */
static int could_give(dplan *p, int32_t d, const dstate *st, plan_date day)
{
	mark k = mark_now(p);
	double g = need(p, st->sku, st->left, day, -1 - d);
	rollback(p, k);
	return g > EPS;
}

/* The rest of demand d, late: the earliest later dates that give
 * something, in parts, until the horizon ends. Dates are tried farther and
 * farther apart, and between the last that gave nothing and the first that
 * gives something, halved down to the earliest day. */
static int ask_late(dplan *p, int32_t d, dstate *st)
{
	const plan_demand_def *dd = TAB_ROW(p->m, PLAN_TABLE_DEMAND, d);
	plan_date none = dd->due > p->start ? dd->due : p->start; /* gives nothing more */
	plan_date step = 1;
	while (st->left > 1e-6 && none < p->end && !p->rc) {
		plan_date day = none + step > p->end ? p->end : none + step;
		if (!could_give(p, d, st, day)) {
			none = day;
			step *= 2;
			continue;
		}
		while (day - none > 1 && !p->rc) {
			plan_date mid = none + (day - none) / 2;
			if (could_give(p, d, st, mid))
				day = mid;
			else
				none = mid;
		}
		int rc = ask(p, d, st, day);
		if (rc)
			return rc;
		none = day;
		step = 1;
	}
	return p->rc;
}

/* The late-demand exception of a demand late or short, with what held it
 * back; a short demand is also an adjustment (short). */
static int report_late(dplan *p, int32_t d, const dstate *st)
{
	const plan_demand_def *dd = TAB_ROW(p->m, PLAN_TABLE_DEMAND, d);
	if (st->sku < 0 || (st->left <= 1e-6 && st->on_time >= dd->qty - 1e-6))
		return 0;
	char a[11], b[11];
	plan_date_format(a, dd->due);
	plan_date_format(b, st->last);
	const char *why = st->why[0] ? st->why : "nothing more can arrive by then";
	if (st->left > 1e-6) {
		lever(p, -1, ADJ_SHORT, why, "demand %s short %.10g of %.10g", dd->id, st->left, dd->qty);
		return p->rc ? p->rc
			     : plan_result__exception(p->w, EXC_LATE_DEMAND, PLAN_EXC_WARNING, st->sku,
						      -1, d, st->parts ? st->last : dd->due, st->left,
						      "%s short %.10g of %.10g (due %s, %.10g on time, "
						      "nothing more by the horizon's end): %s",
						      dd->id, st->left, dd->qty, a, st->on_time, why);
	}
	return plan_result__exception(p->w, EXC_LATE_DEMAND, PLAN_EXC_WARNING, st->sku, -1, d,
				      st->last, dd->qty - st->on_time,
				      "%s late %d days (due %s, %.10g on time, the rest in %d part%s by "
				      "%s): %s",
				      dd->id, (int)(st->last - dd->due), a, st->on_time, st->parts,
				      st->parts == 1 ? "" : "s", b, why);
}

/* Every demand in order (keys): first each on its due date, then what is
 * left of each, late; then the exceptions. Late parts come after every
 * demand's on-time part, so that what one demand cannot have on time takes
 * no capacity another needs on time. */
static int plan_demands(dplan *p, const dkey *keys, size_t nd)
{
	const plan_model *m = p->m;
	dstate *st = calloc(nd + 1, sizeof(*st));
	if (!st)
		return PLAN_ENOMEM;
	int rc = 0;
	for (size_t i = 0; i < nd; i++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, i, 2));
		st[i] = (dstate){ dd->qty > 0 ? sku : -1, dd->qty > 0 ? dd->qty : 0, 0, 0, 0, "" };
	}
	/* first the demands only stock and receipts can serve on time (due
	 * before any new supply could arrive), then the others */
	for (int only_stock = 1; only_stock >= 0; only_stock--) {
		for (size_t i = 0; i < nd && !rc; i++) {
			int32_t d = keys[i].row;
			const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
			if (st[d].sku < 0 || (dd->due < p->fresh[st[d].sku]) != only_stock)
				continue;
			p->why[0] = '\0';
			rc = ask(p, d, &st[d], dd->due > p->start ? dd->due : p->start);
			memcpy(st[d].why, p->why, sizeof(st[d].why));
		}
	}
	for (size_t i = 0; i < nd && !rc; i++)
		if (st[keys[i].row].sku >= 0 && st[keys[i].row].left > 1e-6)
			rc = ask_late(p, keys[i].row, &st[keys[i].row]);
	for (size_t d = 0; d < nd && !rc; d++)
		rc = report_late(p, (int32_t)d, &st[d]);
	free(st);
	return rc;
}

/* Safety stock, after every demand, with what is left: each SKU short of
 * it (what stock on hand and receipts leave unused is less) gets new
 * supply for the rest, on the earliest dates that give something (tried,
 * then kept), end items before their components. */
static int plan_safety_stock(dplan *p)
{
	const plan_engine *e = p->e;
	for (int l = 0; l < e->nlevels && !p->rc; l++) {
		for (size_t s = 0; s < e->nsku && !p->rc; s++) {
			const plan_sku_def *d = plan__sku(p->m, (int32_t)s);
			if (p->m->sku_llc[s] != l || !(d->safety_stock > 0) || d->phantom)
				continue;
			double left = d->safety_stock;
			for (int32_t i = p->sup_off[s]; i < p->sup_off[s + 1]; i++)
				left -= p->sup[i].left;
			plan_date none = p->start - 1, step = 1;
			while (left > 1e-6 && none < p->end && !p->rc) {
				plan_date day = none + step > p->end ? p->end : none + step;
				mark k = mark_now(p);
				int gives = new_supply(p, (int32_t)s, left, day, SAFETY_STOCK) > EPS;
				rollback(p, k);
				if (!gives) {
					none = day;
					step *= 2;
					continue;
				}
				while (day - none > 1 && !p->rc) {
					plan_date mid = none + (day - none) / 2;
					k = mark_now(p);
					if (new_supply(p, (int32_t)s, left, mid, SAFETY_STOCK) > EPS)
						day = mid;
					else
						none = mid;
					rollback(p, k);
				}
				left -= new_supply(p, (int32_t)s, left, day, SAFETY_STOCK);
				none = day;
				step = 1;
			}
		}
	}
	return p->rc;
}

/* --- the plan ---------------------------------------------------------------- */

/* The earliest day each SKU could arrive from new supply alone, through
 * every level, capacity aside: a buy order's lead time from start; a make
 * order's after its latest component (phantoms passing theirs on); a
 * transfer's quickest lane after its source. Components and sources have
 * higher low-level codes: those are done first. */
static plan_date fresh_make(const dplan *p, int32_t sku, int depth)
{
	const plan_engine *e = p->e;
	plan_date t = p->start;
	for (int32_t k = e->bom_off[sku]; k < e->bom_off[sku + 1] && depth < 64; k++) {
		int32_t c = e->bom_edge[k].child;
		plan_date x = e->phantom[c] ? fresh_make(p, c, depth + 1) : p->fresh[c];
		if (x > t)
			t = x;
	}
	return t;
}

static int fresh_supply(dplan *p)
{
	const plan_engine *e = p->e;
	size_t n = e->nsku;
	int32_t *by = malloc((n + 1) * sizeof(*by));
	p->fresh = malloc((n + 1) * sizeof(*p->fresh));
	if (!by || !p->fresh) {
		free(by);
		return PLAN_ENOMEM;
	}
	for (size_t s = 0; s < n; s++)
		by[s] = (int32_t)s;
	/* deepest low-level code first (a counting pass would do; n is small
	 * next to planning) */
	for (int l = e->nlevels - 1, k = 0; l >= 0; l--)
		for (size_t s = 0; s < n; s++)
			if (p->m->sku_llc[s] == l)
				by[k++] = (int32_t)s;
	for (size_t i = 0; i < n; i++) {
		int32_t s = by[i];
		const plan_sku_def *d = plan__sku(p->m, s);
		plan_date t = p->end + 1;
		if (d->type == PLAN_SKU_BUY) {
			t = plan_cal__forward(site_cal(p, s), p->start, d->lead_time);
		} else if (d->type == PLAN_SKU_MAKE) {
			t = plan_cal__forward(site_cal(p, s), fresh_make(p, s, 0), d->lead_time);
		} else {
			for (int32_t k = e->lane_off[s]; k < e->lane_off[s + 1]; k++) {
				int32_t row = e->lane_row[k];
				const plan_lane_def *l = TAB_ROW(p->m, PLAN_TABLE_SOURCING, row);
				plan_date x = p->fresh[e->lane_src[row]] + l->transfer_days;
				if (x < t)
					t = x;
			}
		}
		p->fresh[s] = t;
	}
	free(by);
	return 0;
}

/* Stock on hand (at start) and scheduled receipts (at due, start if
 * before), by SKU. */
static int supplies(dplan *p)
{
	const plan_model *m = p->m;
	const plan_result *w = p->w;
	size_t nsku = p->e->nsku;
	p->sup_off = calloc(nsku + 2, sizeof(*p->sup_off));
	p->sup = malloc((nsku + w->nsched + 1) * sizeof(*p->sup));
	if (!p->sup_off || !p->sup)
		return PLAN_ENOMEM;
	for (size_t s = 0; s < nsku; s++)
		p->sup_off[s + 2] += plan__sku(m, (int32_t)s)->on_hand > 0;
	for (size_t o = 0; o < w->nsched; o++)
		p->sup_off[w->ord[o].sku + 2]++;
	for (size_t s = 0; s < nsku; s++)
		p->sup_off[s + 2] += p->sup_off[s + 1];
	for (size_t s = 0; s < nsku; s++) {
		double oh = plan__sku(m, (int32_t)s)->on_hand;
		if (oh > 0)
			p->sup[p->sup_off[s + 1]++] = (dsup){ p->start, -1, oh };
	}
	for (size_t o = 0; o < w->nsched; o++) {
		const plan_ord *x = &w->ord[o];
		p->sup[p->sup_off[x->sku + 1]++] =
			(dsup){ x->due > p->start ? x->due : p->start, (int32_t)o, x->qty };
	}
	return 0;
}

static int cmp_dlv(const void *a, const void *b)
{
	const plan_delivery_rec *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? -1 : 1;
	return x->date < y->date ? -1 : x->date > y->date;
}

/* Planned orders in the stable order of a plan (low-level code, SKU, due),
 * everything that names one renumbered; allocations grouped by order. */
static int arrange(dplan *p)
{
	plan_result *w = p->w;
	size_t ns = w->nsched, np = w->nord - ns, nsku = p->e->nsku;
	int32_t *by = malloc((np + 1) * sizeof(*by)), *tmp = malloc((np + 1) * sizeof(*tmp));
	int32_t *new_of = malloc((w->nord + 1) * sizeof(*new_of));
	int32_t *rank = malloc((nsku + 1) * sizeof(*rank));
	plan_ord *ord = malloc((w->nord + 1) * sizeof(*ord));
	plan_date lo = p->start, hi = p->start;
	for (size_t i = ns; i < w->nord; i++) {
		lo = w->ord[i].due < lo ? w->ord[i].due : lo;
		hi = w->ord[i].due > hi ? w->ord[i].due : hi;
	}
	size_t span = (size_t)((int64_t)hi - lo) + 1, nc = (span > nsku ? span : nsku) + 2;
	size_t *cnt = malloc(nc * sizeof(*cnt));
	if (!by || !tmp || !new_of || !rank || !ord || !cnt) {
		free(by);
		free(tmp);
		free(new_of);
		free(rank);
		free(ord);
		free(cnt);
		return PLAN_ENOMEM;
	}
	/* by (low-level code, SKU, due, the order they were made in): two
	 * stable counting sorts, by due and then by the SKU's rank */
	memset(cnt, 0, nc * sizeof(*cnt));
	for (size_t s = 0; s < nsku; s++)
		cnt[p->m->sku_llc[s] + 1]++;
	for (size_t l = 0; l + 1 < nc; l++)
		cnt[l + 1] += cnt[l];
	for (size_t s = 0; s < nsku; s++)
		rank[s] = (int32_t)cnt[p->m->sku_llc[s]]++;
	memset(cnt, 0, nc * sizeof(*cnt));
	for (size_t i = 0; i < np; i++)
		cnt[w->ord[ns + i].due - lo + 1]++;
	for (size_t k = 0; k < span; k++)
		cnt[k + 1] += cnt[k];
	for (size_t i = 0; i < np; i++)
		tmp[cnt[w->ord[ns + i].due - lo]++] = (int32_t)(ns + i);
	memset(cnt, 0, nc * sizeof(*cnt));
	for (size_t i = 0; i < np; i++)
		cnt[rank[w->ord[tmp[i]].sku] + 1]++;
	for (size_t k = 0; k < nsku; k++)
		cnt[k + 1] += cnt[k];
	for (size_t i = 0; i < np; i++)
		by[cnt[rank[w->ord[tmp[i]].sku]]++] = tmp[i];
	free(cnt);
	free(rank);
	free(tmp);
	for (size_t i = 0; i < ns; i++) {
		new_of[i] = (int32_t)i;
		ord[i] = w->ord[i];
	}
	for (size_t i = 0; i < np; i++) {
		new_of[by[i]] = (int32_t)(ns + i);
		ord[ns + i] = w->ord[by[i]];
	}
	free(by);
	if (w->nord)
		memcpy(w->ord, ord, w->nord * sizeof(*ord));
	for (size_t i = 0; i < p->nal; i++) {
		p->al[i].order = new_of[p->al[i].order];
		if (p->al[i].src >= 0)
			p->al[i].src = new_of[p->al[i].src];
	}
	for (size_t i = 0; i < w->nload; i++)
		w->load[i].order = new_of[w->load[i].order];
	for (size_t i = 0; i < w->nexc; i++)
		if (w->exc[i].order >= 0)
			w->exc[i].order = new_of[w->exc[i].order];
	for (size_t i = 0; i < w->nadj; i++)
		if (w->adj[i].order >= 0)
			w->adj[i].order = new_of[w->adj[i].order];
	free(new_of);
	free(ord);
	/* allocations by supply order (a stable sort keeps their making order) */
	plan_alloc_rec *al = malloc((p->nal + 1) * sizeof(*al));
	uint32_t *per = calloc(w->nord + 1, sizeof(*cnt));
	if (!al || !per) {
		free(al);
		free(per);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < p->nal; i++)
		per[p->al[i].order + 1]++;
	for (size_t o = 0; o < w->nord; o++)
		per[o + 1] += per[o];
	for (size_t o = 0; o < w->nord; o++) {
		w->ord[o].alloc_first = per[o];
		w->ord[o].alloc_count = 0;
	}
	for (size_t i = 0; i < p->nal; i++) {
		plan_ord *o = &w->ord[p->al[i].order];
		al[o->alloc_first + o->alloc_count++] = p->al[i];
	}
	free(per);
	plan_big__free(w->alloc, w->alloc_cap, sizeof(*w->alloc));
	w->alloc = al;
	w->alloc_cap = p->nal + 1;
	w->nalloc = p->nal;
	if (w->ndlv)
		qsort(w->dlv, w->ndlv, sizeof(*w->dlv), cmp_dlv);
	return 0;
}

static void dplan_free(dplan *p)
{
	free(p->sup);
	free(p->sup_off);
	free(p->lane_used);
	free(p->log);
	free(p->al);
	free(p->fresh);
	free(p->last_buy);
	free(p->last_move);
}

int plan_demand__plan(plan_engine *e, plan_result **out)
{
	const plan_model *m = e->m;
	const plan_result *snap = e->res;
	*out = NULL;
	dplan p = { 0 };
	p.e = e;
	p.m = m;
	p.start = e->start;
	p.end = e->bk.start[e->bk.n] - 1;
	p.nb = e->bk.n;
	plan_result *w = calloc(1, sizeof(*w));
	if (!w)
		return PLAN_ENOMEM;
	w->model = m;
	p.w = w;
	int rc = 0;
	/* the scheduled receipts, as they are */
	for (size_t i = 0; i < snap->nsched && !rc; i++) {
		plan_ord o = snap->ord[i];
		o.alloc_first = o.alloc_count = 0;
		if (plan_result__add_order(w, &o) < 0)
			rc = PLAN_ENOMEM;
	}
	w->nsched = snap->nsched;
	size_t nl = m->tab[PLAN_TABLE_SOURCING].n, nd = m->tab[PLAN_TABLE_DEMAND].n;
	dkey *keys = malloc((nd + 1) * sizeof(*keys));
	p.lane_used = calloc(nl * p.nb + 1, sizeof(*p.lane_used));
	p.last_buy = malloc((e->nsku + 1) * sizeof(*p.last_buy));
	p.last_move = malloc((nl + 1) * sizeof(*p.last_move));
	if (p.last_buy)
		memset(p.last_buy, 0xff, (e->nsku + 1) * sizeof(*p.last_buy));
	if (p.last_move)
		memset(p.last_move, 0xff, (nl + 1) * sizeof(*p.last_move));
	if (!rc && (!keys || !p.lane_used || !p.last_buy || !p.last_move))
		rc = PLAN_ENOMEM;
	if (!rc)
		rc = supplies(&p);
	if (!rc)
		rc = fresh_supply(&p);
	e->res = w;
	if (!rc)
		rc = plan_capacity__open(e, &p.cap);
	for (size_t i = 0; i < nd && !rc; i++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		keys[i] = (dkey){ dd->priority, dd->due, (int32_t)i };
	}
	if (!rc)
		qsort(keys, nd, sizeof(*keys), cmp_dkey);
	if (!rc)
		rc = plan_demands(&p, keys, nd);
	if (!rc)
		rc = plan_safety_stock(&p);
	free(keys);
	if (!rc)
		rc = arrange(&p);
	if (!rc)
		rc = plan_capacity__close(p.cap, 1);
	else
		plan_capacity__close(p.cap, 0);
	e->res = (plan_result *)(uintptr_t)snap;
	dplan_free(&p);
	if (!rc)
		rc = plan_result__finish(w);
	if (rc) {
		plan_result_free(w);
		return rc;
	}
	*out = w;
	return 0;
}
