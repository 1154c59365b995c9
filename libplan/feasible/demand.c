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
#include "feasible/demand_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mark plan_demand__mark(const dplan *p)
{
	return (mark){ p->nlog, p->nal, p->w->nord, p->w->nload, p->w->nexc, p->w->nadj };
}

void plan_demand__rollback(dplan *p, mark k)
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
 * already did (the first failure is the root of the chain). Callers that
 * word it at a cost ask !p->why[0] first. */
static void because(dplan *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void because(dplan *p, const char *fmt, ...)
{
	if (p->why[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

/* "A@P1" for SKU sku, into buf of size n. */
static const char *sku_str(const dplan *p, int32_t sku, char *buf, size_t n)
{
	return plan_model__sku_name(p->m, TAB_ID(p->m, PLAN_TABLE_SKUS, sku, 0),
				    TAB_ID(p->m, PLAN_TABLE_SKUS, sku, 1), buf, n);
}

void plan_demand__lever(dplan *p, int32_t o, int action, const char *reason, const char *fmt, ...)
{
	char detail[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (plan_result__adjust(p->w, o, action, reason, "%s", detail) < 0)
		p->rc = PLAN_ENOMEM;
}

const plan_cal *plan_demand__site_cal(const dplan *p, int32_t sku)
{
	return plan_cal__of_site(&p->e->cals, TAB_ID(p->m, PLAN_TABLE_SKUS, sku, 1));
}

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
			f = plan_demand__need(p, b->child, want, rel, o) / want;
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
		mark k = plan_demand__mark(p);
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
			because(p, "%s", cap_why);
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
				plan_demand__rollback(p, k);
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
				plan_demand__lever(p, o, ADJ_ALTERNATE, "a maintenance block on its resource",
						   "loads the alternate the block names");
			*o_out = o;
			return made;
		}
		/* the components give less: the same again, smaller */
		plan_demand__rollback(p, k);
		*short_of = 2;
		qty = made * frac * (1 - 1e-12);
	}
	return 0;
}

/* New make orders for qty of sku due on due for src (it takes at most
 * *allow of them): the lead time's window, then earlier releases (build
 * ahead, or a second order for the rest). */
static void make(dplan *p, int32_t sku, double qty, plan_date due, int32_t src, double *allow)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	const plan_cal *cal = plan_demand__site_cal(p, sku);
	plan_date rel = plan_cal__back(cal, due, d->lead_time);
	char s[160], a[11], b[11], full[300] = "";
	if (rel < p->start) {
		if (!p->why[0]) {
			plan_date_format(a, due);
			because(p, "%s takes %d working days: due %s, it would be released before "
				   "the start", sku_str(p, sku, s, sizeof(s)), d->lead_time, a);
		}
		return;
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
				plan_demand__lever(p, o, ADJ_EARLIER,
						   full[0] ? full : "its lead time's window is full",
						   "released %s, before its lead time's window (from %s): "
						   "built ahead into idle capacity", a, b);
			if (orders++)
				plan_demand__lever(p, o, ADJ_SPLIT,
						   full[0] ? full : "one window makes too little",
						   "%.10g of the %.10g needed by then, in an order of its "
						   "own released %s", g, qty, a);
		}
		got += g;
		/* an earlier release only helps where capacity held it back:
		 * components are scarcer earlier */
		if (r == p->start || short_of != 1)
			break;
		back = back ? back * 2 : 1;
	}
}

/* Transfers of qty of sku to arrive by due for src (it takes at most
 * *allow of them): the lanes by priority; on each, shipped in the bucket
 * that arrives on time the latest, then in earlier buckets while the lane's
 * limit leaves room (the goods wait at the destination). */
static void transfer(dplan *p, int32_t sku, double qty, plan_date due, int32_t src,
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
			mark mk = plan_demand__mark(p);
			plan_date arrive = ship + l->transfer_days;
			int32_t o = mergeable(p, &p->last_move[row], PLAN_ORDER_TRANSFER, sku, row, arrive);
			int fresh = o < 0;
			if (fresh) {
				o = new_order(p, sku, PLAN_ORDER_TRANSFER, row, ship, arrive, 0);
				if (o >= 0)
					p->last_move[row] = o;
			}
			if (o < 0)
				return;
			double g = plan_demand__need(p, e->lane_src[row], t, ship, o);
			if (!(g > EPS)) {
				/* the source has nothing by then: earlier, less still */
				plan_demand__rollback(p, mk);
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
				plan_demand__lever(p, o, ADJ_LANE,
						   p->why[0] ? p->why : "the lanes before it give too little",
						   "ships from %s, the lane of priority %d", l->source,
						   l->priority);
			if (fresh && ship < due - l->transfer_days) {
				char a[11];
				plan_date_format(a, ship);
				plan_demand__lever(p, o, ADJ_EARLIER,
						   p->why[0] ? p->why : "its lane is full later",
						   "shipped %s, in an earlier bucket with room on the lane", a);
			}
			if (l->max_per_bucket == PLAN_NONE)
				break;
			ship = before;
		}
	}
}

double plan_demand__need(dplan *p, int32_t sku, double qty, plan_date date, int32_t src)
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
		got += plan_demand__new_supply(p, sku, qty - got, date, src);
	p->depth--;
	return got;
}

/* New supply of rest of sku by date for src: bought, made or moved.
 * Returns what src gets. An order is never within the plan's tolerance
 * (the verifiers call it empty): a rest that small is made twice the
 * tolerance, src gets its rest, the rest of it stays in stock. */
double plan_demand__new_supply(dplan *p, int32_t sku, double rest, plan_date date, int32_t src)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	double q = rest < 2 * PLAN_TOL ? 2 * PLAN_TOL : rest, allow = rest;
	if (!d->phantom && !p->rc) {
		if (d->type == PLAN_SKU_BUY) {
			plan_date rel = plan_cal__back(plan_demand__site_cal(p, sku), date, d->lead_time);
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
			if (o >= 0 && !p->rc)
				give(p, o, src, q, &allow);
		} else if (d->type == PLAN_SKU_MAKE) {
			make(p, sku, q, date, src, &allow);
		} else {
			transfer(p, sku, q, date, src, &allow);
		}
	}
	return rest - allow; /* src gets what it was allowed */
}
