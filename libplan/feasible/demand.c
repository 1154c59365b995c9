/* Demand-driven constrained planning (PLAN_MODE_CONSTRAINED and the
 * sessions' plan): demand by demand, most important first (priority, then due
 * date, then row), each planned through every level and site at once.
 *
 * A demand asks its SKU for its quantity on its due date (start if due
 * before). A SKU gives, in this order:
 *   1. stock on hand, scheduled receipts and what lots made before left
 *      over, that arrive by that date, the latest arriving first (earlier
 *      stock stays for earlier needs);
 *   2. new supply due on that date, in a lot the size of what the
 *      unconstrained plan makes in that bucket when it fits whole (the
 *      bucket's later needs take the rest; demand_lot.c takes what nobody
 *      took back out), else just what is needed:
 *      - buy: an order released lead_time working days before (never
 *        before start);
 *      - make: an order over [release, due], its routing loaded on finite
 *        capacity as late as it fits (maintenance blocks and their
 *        alternates count); where the window of its lead time is full, it
 *        is built ahead into idle capacity (released earlier: the latest
 *        release from which capacity has room for it), and what one window
 *        cannot make goes to a second order in an earlier one (a split);
 *        its components are asked for on its release date, and what they
 *        cannot give makes the order smaller;
 *      - transfer: the lanes by priority, each within its max_per_bucket in
 *        the bucket of the release, the source SKU asked for on the
 *        release date.
 * What is booked for a part that fails is given back (the journal,
 * demand_journal.c), so no order takes capacity, lane room or stock for
 * nothing. What cannot be on time is asked for again on later dates, the
 * earliest that gives something first (none before plan_demand__ready()),
 * in parts, until the horizon ends; what is left then is short.
 *
 * Components are planned for the dates their parents are actually made,
 * and stock goes to the demand it makes on time in priority order, not to
 * the requirement the unconstrained netting allocated it to. Safety stock
 * comes after every demand, with what is left. Not yet: period lot rules
 * of its own (the unconstrained plan's lots are taken down to what is
 * used), shares between lanes of one priority. */
#include "base/numfmt.h"
#include "feasible/demand_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The buy order of sku made last, if it is due in the bucket of due: the
 * needs of one bucket are one purchase order, due when the first of them
 * is (it takes no capacity, and what arrives earlier only waits). Pulled
 * earlier (journaled) when due comes before it, unless it would then be
 * released before the start; -1 if none. */
static int32_t gather_buy(dplan *p, int32_t sku, plan_date due, const plan_cal *cal, int lead)
{
	int32_t o = p->last_buy[sku];
	if (o < (int32_t)p->w->nsched || (size_t)o >= p->w->nord)
		return -1;
	plan_ord *x = &p->w->ord[o];
	const plan_buckets *bk = &p->e->bk;
	if (x->kind != PLAN_ORDER_BUY || x->sku != sku || !plan_demand__same_seg(p, o) ||
	    plan_buckets__of(bk, x->due) != plan_buckets__of(bk, due))
		return -1;
	if (x->due > due) {
		plan_date rel = plan_cal__back(cal, due, lead);
		if (rel < plan_engine__floor(p->e, sku))
			return -1;
		plan_demand__journal(p, LOG_PULL, o, (double)x->due);
		x->due = due;
		x->release = rel;
	}
	return o;
}

/* What held the demand being planned back, unless something deeper
 * already did (the first failure is the root of the chain). Callers that
 * word it at a cost ask plan_demand__held() first. */
static void because(dplan *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void because(dplan *p, const char *fmt, ...)
{
	if (plan_demand__held(p))
		return;
	va_list ap;
	va_start(ap, fmt);
	if (plan_text__vprintf(&p->why, fmt, ap) < 0)
		p->rc = PLAN_ENOMEM;
	va_end(ap);
}

const char *plan_demand__why(dplan *p)
{
	if (p->why_cap) {
		if (plan_capacity__word(p->cap, &p->why_short, &p->why) < 0)
			p->rc = PLAN_ENOMEM;
		p->why_cap = 0;
	}
	const char *why = plan_text__str(&p->why);
	return why[0] ? why : NULL;
}

/* "A@P1" for SKU sku, into buf of size n. */
static const char *sku_str(const dplan *p, int32_t sku, char *buf, size_t n)
{
	return plan_model__sku_name(p->m, TAB_ID(p->m, PLAN_TABLE_SKUS, sku, 0),
				    TAB_ID(p->m, PLAN_TABLE_SKUS, sku, 1), buf, n);
}

/* Where a SKU's new orders may be released from, in words: "the start",
 * or "its time fence's end 2027-01-11" (buf: 64 bytes). */
static const char *from_words(const dplan *p, int32_t sku, char *buf)
{
	plan_date f = plan_engine__floor(p->e, sku);
	if (f <= p->start)
		return "the start";
	char a[11];
	plan_date_format(a, f);
	snprintf(buf, 64, "its time fence's end %s", a);
	return buf;
}

void plan_demand__lever(dplan *p, int32_t o, int action, const char *reason, const char *fmt, ...)
{
	if (p->dry)
		return;
	va_list ap;
	va_start(ap, fmt);
	int rc = plan_text__vprintf(&p->words, fmt, ap);
	va_end(ap);
	if (rc < 0 || plan_result__adjust(p->w, o, action, reason, "%s", plan_text__str(&p->words)) < 0)
		p->rc = PLAN_ENOMEM;
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
	/* the order's alternate's lines (1.1; a phantom's: its primary's) */
	int32_t k0, k1, alt = depth == 0 && o >= 0 ? plan_result__alt_of(&p->w->ord[o]) : -1;
	const plan_edge *edges = plan_engine__edges(e, sku, alt, &k0, &k1);
	for (int32_t k = k0; k < k1 && frac > 0 && !p->rc; k++) {
		const plan_edge *b = &edges[k];
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

double plan_demand__components(dplan *p, int32_t sku, double qty, plan_date rel, int32_t o)
{
	return components(p, sku, qty, rel, o, 0);
}

/* One make order of at most qty of sku over [rel, due] for src: booked,
 * components drawn. Returns what it makes (0: nothing, all given back);
 * *short_of says what held it back: 1 capacity (*cap_why, unless NULL, says
 * where), 2 components; *o_out is the order. whole: all of qty or nothing. */
static double make_one(dplan *p, int32_t sku, int32_t alt, double qty, plan_date rel,
		       plan_date due, int32_t src, budget *allow, int whole, int *short_of,
		       plan_cap_short *cap_why, int32_t *o_out)
{
	*short_of = 0;
	*o_out = -1;
	qty = plan_demand__lot_up(p, sku, qty);
	/* (an order within the plan's tolerance is empty: none is made) */
	for (int tries = 0; tries < 4 && qty > PLAN_TOL && !p->rc; tries++) {
		mark k = plan_demand__mark(p);
		int32_t o = plan_demand__new_order(p, sku, PLAN_ORDER_MAKE, alt, rel, due, qty);
		if (o < 0)
			return 0;
		plan_date first;
		int blocked; /* (a maintenance block's alternate took part) */
		int booked = plan_capacity__book(p->cap, o, rel, due, &first, &blocked);
		if (booked < 0) {
			p->rc = booked;
			return 0;
		}
		if (!booked && whole) {
			plan_demand__rollback(p, k);
			return 0;
		}
		if (!booked) {
			/* the most the window could make, then less until it fits */
			if (cap_why) { /* worded only where someone reads it */
				plan_capacity__short(p->cap, o, rel, due, cap_why);
				if (!plan_demand__held(p)) {
					p->why_short = *cap_why;
					p->why_cap = 1;
				}
			}
			double most = plan_capacity__most(p->cap, o, rel, due);
			double q = most < qty ? most : qty;
			booked = 0;
			for (int h = 0; h < 8 && (q = plan_demand__lot_down(p, sku, q)) > 1e-6 && !booked; h++) {
				p->w->ord[o].qty = q;
				booked = plan_capacity__book(p->cap, o, rel, due, &first, &blocked);
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
			plan_demand__give(p, o, src, made, allow);
			if (blocked)
				plan_demand__lever(p, o, ADJ_ALTERNATE, "a maintenance block on its resource",
						   "loads the alternate the block names");
			*o_out = o;
			return made;
		}
		/* the components give less: the same again, smaller */
		plan_demand__rollback(p, k);
		if (whole)
			return 0;
		*short_of = 2;
		qty = plan_demand__lot_down(p, sku, made * frac * (1 - 1e-12));
	}
	return 0;
}

/* Make orders of qty of sku over [rel, due] for src, as make_one() makes
 * one: one order, or where the SKU has a lot_max below the lot, orders of
 * at most lot_max each (to its multiple or batches, 1.1), as the
 * unconstrained plan's lot sizing splits a lot; *o_out the last one made.
 * whole: all of qty or nothing. A lot of more than MAX_PIECES such orders
 * stays one order (each piece is booked and drawn as an order is: a
 * maximum thousands of times below the need would cost minutes). */
#define MAX_PIECES 64
static double make_window(dplan *p, int32_t sku, int32_t alt, double qty, plan_date rel,
			  plan_date due, int32_t src, budget *allow, int whole, int *short_of,
			  plan_cap_short *cap_why, int32_t *o_out)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	double piece = d->lot_max;
	if (piece != PLAN_NONE) {
		double mult = plan_sku__multiple(d);
		piece = mult != PLAN_NONE ? mult * floor(piece / mult + 1e-9)
					  : plan_qty__down(piece, plan_model__sku_dec(p->m, sku));
	}
	qty = plan_demand__lot_up(p, sku, qty);
	if (piece == PLAN_NONE || !(piece > 0) || qty <= piece * (1 + 1e-12) ||
	    qty / piece > MAX_PIECES)
		return make_one(p, sku, alt, qty, rel, due, src, allow, whole, short_of, cap_why,
				o_out);
	mark k = plan_demand__mark(p);
	double made = 0;
	int32_t last = -1;
	*short_of = 0;
	while (qty - made > PLAN_TOL && !p->rc) {
		double want = qty - made > piece ? piece : qty - made;
		int32_t o;
		double got = make_one(p, sku, alt, want, rel, due, src, allow, whole, short_of,
				      cap_why, &o);
		if (!(got > EPS))
			break;
		made += got;
		last = o;
		if (got < want - EPS)
			break;
	}
	if (whole && qty - made > PLAN_TOL) {
		plan_demand__rollback(p, k);
		*o_out = -1;
		return 0;
	}
	*o_out = last;
	return made;
}

/* --- make: its tries, in order --------------------------------------------- */

/* A need of make SKU sku, as its tries go: what is asked, what the tries
 * got so far, and why the first window fell short. */
typedef struct making {
	int32_t sku, src;
	double qty, got;
	const dlot *lot;
	plan_date due, rel;   /* rel: the lead time's window's release */
	budget *allow;        /* what src may still take, and was given */
	const plan_cal *cal;
	int orders;           /* made so far */
	int short_of;         /* of the last window: 1 capacity, 2 components */
	int32_t alt;          /* the alternate it is made by (1.1; -1: the primary) */
	int no_earlier;       /* an earlier window would not help the primary */
	int has_full;         /* the lead time's window fell short of capacity: */
	plan_cap_short full;  /* where */
} making;

/* A try: books what it can and returns 1 if nothing is left to try. */
typedef int make_try(dplan *p, making *mk);

/* 1. The bucket's gathered lot, all of it in its own lead time's window,
 * or nothing of it: nothing of a failed try counts, not its booking, not
 * its why, and the bucket's needs are met one by one from then on. */
static int try_lot(dplan *p, making *mk)
{
	const dlot *g = mk->lot;
	const plan_sku_def *d = plan__sku(p->m, mk->sku);
	plan_date grel = plan_cal__back(mk->cal, g->due, d->lead_time);
	if (g->entry < 0 || grel < plan_engine__floor(p->e, mk->sku))
		return 0;
	int had_why = plan_text__str(&p->why)[0] != '\0', had_cap = p->why_cap; /* (most often none yet) */
	plan_cap_short short0 = p->why_short;
	if (had_why && plan_text__join(&p->why_keep, p->why.s, (const char *)NULL) < 0) {
		p->rc = PLAN_ENOMEM;
		return 0;
	}
	int32_t o;
	budget mine = *mk->allow;
	if (make_window(p, mk->sku, -1, g->qty, grel, g->due, mk->src, &mine, 1, &mk->short_of, NULL,
			&o) > EPS) {
		plan_demand__lot_made(p, g);
		*mk->allow = mine;
		mk->got = mk->qty;
		return 1;
	}
	if (had_why) { /* the two swapped: no copy */
		plan_text t = p->why;
		p->why = p->why_keep;
		p->why_keep = t;
	} else {
		plan_text__clear(&p->why);
	}
	p->why_cap = had_cap;
	p->why_short = short0;
	plan_demand__lot_failed(p, g);
	return 0;
}

/* What is left of the need in one window released on r (the levers it
 * took: earlier than the lead time's window, a second order). */
static void make_in(dplan *p, making *mk, plan_date r)
{
	int32_t o;
	plan_cap_short sh = { -1, -1, 0, 0, 0, 0 };
	int first = r == mk->rel && !mk->orders;
	double gave = make_window(p, mk->sku, mk->alt, mk->qty - mk->got, r, mk->due, mk->src,
				  mk->allow, 0,
				  &mk->short_of, first || !plan_demand__held(p) ? &sh : NULL, &o);
	if (first && mk->short_of == 1) {
		mk->full = sh;
		mk->has_full = 1;
	}
	if (gave > EPS && o >= 0 && (r < mk->rel || mk->orders) && mk->alt < 0 && !p->dry) {
		char a[11], b[11], g[32], q[32];
		plan_date_format(a, r);
		plan_date_format(b, mk->rel);
		/* (p->full_words: grown once, not a buffer a lever) */
		const char *full = NULL;
		if (mk->has_full) {
			if (plan_capacity__word(p->cap, &mk->full, &p->full_words) < 0)
				p->rc = PLAN_ENOMEM;
			else
				full = p->full_words.s;
		}
		if (r < mk->rel)
			plan_demand__lever(p, o, ADJ_EARLIER,
					   full ? full : "its lead time's window is full",
					   "released %s, before its lead time's window (from %s): "
					   "built ahead into idle capacity", a, b);
		if (mk->orders)
			plan_demand__lever(p, o, ADJ_SPLIT,
					   full ? full : "one window makes too little",
					   "%s of the %s needed by then, in an order of its own released %s",
					   plan_num__g(g, gave, 10), plan_num__g(q, mk->qty, 10), a);
	}
	if (gave > EPS && o >= 0)
		mk->orders++;
	mk->got += gave;
}

/* 2. What is needed, in the lead time's window (as much of it as fits). */
static int try_window(dplan *p, making *mk)
{
	make_in(p, mk, mk->rel);
	/* an earlier release only helps where capacity held it back
	 * (components are scarcer earlier); alternates (1.1) may help either way */
	mk->no_earlier = mk->rel == plan_engine__floor(p->e, mk->sku) || mk->short_of != 1;
	return !(mk->qty - mk->got > EPS) || (mk->no_earlier && !plan_model__has_alternates(p->m, mk->sku));
}

/* 3. The rest in earlier windows: each from the latest release from which
 * it fits, by what capacity has left (built ahead; a second order is a
 * split), at most three. */
static int try_earlier(dplan *p, making *mk)
{
	plan_date r = mk->rel, first = plan_engine__floor(p->e, mk->sku);
	if (mk->no_earlier) /* (reached for the alternates after it, 1.1) */
		return 0;
	for (int k = 0; k < 3 && mk->qty - mk->got > EPS && !p->rc; k++) {
		plan_date next = plan_capacity__latest_start(p->cap, mk->sku, mk->qty - mk->got,
							     first, mk->due);
		if (next == PLAN_DATE_NONE)
			next = first; /* what fits from the start (or the fence) */
		if (next >= r)
			next = plan_cal__back(mk->cal, r, 1);
		r = next < first ? first : next;
		make_in(p, mk, r);
		if (r == first || mk->short_of != 1)
			break;
	}
	return !(mk->qty - mk->got > EPS) || !plan_model__has_alternates(p->m, mk->sku);
}

/* 4. (1.1) The rest by the SKU's alternates, by priority, each in the lead
 * time's window: what the primary could not make on time, its routing full
 * or its components short. */
static int try_alternates(dplan *p, making *mk)
{
	const plan_model *m = p->m;
	int short_of = mk->short_of;
	if (!(mk->qty - mk->got > EPS) || !plan_model__has_alternates(m, mk->sku))
		return 1;
	/* the primary's shortfall, worded once, before the alternates' tries
	 * word theirs */
	const char *why = "the primary routing or BOM makes too little in time";
	if (mk->has_full && plan_capacity__word(p->cap, &mk->full, &p->full_words) == 0)
		why = p->full_words.s;
	else if (plan_demand__held(p))
		why = plan_demand__why(p);
	char because_of[512];
	snprintf(because_of, sizeof(because_of), "%s", why ? why : "");
	for (int32_t k = m->alt_off[mk->sku]; k < m->alt_off[mk->sku + 1] && mk->qty - mk->got > EPS &&
					      !p->rc; k++) {
		size_t made = p->w->nord;
		double got = mk->got;
		mk->alt = k;
		make_in(p, mk, mk->rel);
		mk->alt = -1;
		for (size_t o = made; mk->got > got + EPS && o < p->w->nord && !p->dry; o++)
			if (p->w->ord[o].kind == PLAN_ORDER_MAKE && p->w->ord[o].lane == k &&
			    p->w->ord[o].sku == mk->sku)
				plan_demand__lever(p, (int32_t)o, ADJ_ALTERNATE, because_of,
						   "made by alternate %s (priority %d)",
						   m->ns[NS_ALTERNATE].str[m->alt[k].name], m->alt[k].priority);
	}
	mk->short_of = short_of;
	return 1;
}

/* The tries of a make need, in the order a planner takes them. */
static make_try *const make_tries[] = { try_lot, try_window, try_earlier, try_alternates };

/* New make orders for qty of sku due on due for src (it takes at most
 * *allow of them), by the tries above; nothing if even the lead time's
 * window opens before the start. */
static void make(dplan *p, int32_t sku, double qty, const dlot *g, plan_date due, int32_t src,
		 budget *allow)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	making mk = { .sku = sku, .src = src, .qty = qty, .lot = g, .due = due, .allow = allow,
		      .cal = plan_demand__site_cal(p, sku), .alt = -1 };
	mk.rel = plan_cal__back(mk.cal, due, d->lead_time);
	if (mk.rel < plan_engine__floor(p->e, sku)) {
		if (!plan_demand__held(p)) {
			char s[160], a[11], f[64];
			plan_date_format(a, due);
			because(p, "%s takes %d working day%s: due %s, it would be released before "
				   "%s", sku_str(p, sku, s, sizeof(s)), d->lead_time,
				   d->lead_time == 1 ? "" : "s", a, from_words(p, sku, f));
		}
		return;
	}
	for (size_t i = 0; i < sizeof(make_tries) / sizeof(*make_tries) && !p->rc; i++)
		if (make_tries[i](p, &mk))
			break;
}

/* Transfers of qty of sku to arrive by due for src (it takes at most
 * *allow of them): the lanes by priority; on each, shipped in the bucket
 * that arrives on time the latest, then in earlier buckets while the lane's
 * limit leaves room (the goods wait at the destination). */
static void transfer(dplan *p, int32_t sku, double qty, plan_date due, int32_t src,
		       budget *allow)
{
	const plan_engine *e = p->e;
	double got = 0;
	int dec = plan_model__sku_dec(p->m, sku);
	plan_date first = plan_engine__floor(e, sku); /* start, or its time fence */
	char full[384] = ""; /* the latest bucket where a lane's limit held the need back
				(three codes of at most 64 bytes: it fits) */
	int32_t full_row = -1;
	for (int32_t k = e->lane_off[sku]; k < e->lane_off[sku + 1] && qty - got > EPS && !p->rc; k++) {
		int32_t row = e->lane_row[k];
		const plan_lane_def *l = TAB_ROW(p->m, PLAN_TABLE_SOURCING, row);
		if (due - l->transfer_days < first && !plan_demand__held(p)) {
			char s[160], a[11], f[64];
			plan_date_format(a, due);
			because(p, "%s comes from %s in %d day%s: not by %s from %s",
				sku_str(p, sku, s, sizeof(s)), l->source, l->transfer_days,
				l->transfer_days == 1 ? "" : "s", a, from_words(p, sku, f));
		}
		for (plan_date ship = due - l->transfer_days; ship >= first && qty - got > EPS && !p->rc;) {
			size_t b = plan_buckets__of(&e->bk, ship);
			int32_t cell = (int32_t)((size_t)row * p->nb + b);
			double room = l->max_per_bucket == PLAN_NONE ? HUGE_VAL
								     : l->max_per_bucket - p->lane_used[cell];
			/* whole units (1.1): what is shipped is rounded up, what
			 * the lane's room holds down */
			double want = plan_qty__up(qty - got, dec);
			double t = want < room ? want : plan_qty__down(room, dec);
			/* least-cost deployment (1.1): the lane's quota holds it */
			double quota = p->quota ? p->quota[row] : HUGE_VAL;
			int by_quota = t > quota;
			if (by_quota) {
				t = plan_qty__down(quota > 0 ? quota : 0, dec);
				if (!full[0])
					snprintf(full, sizeof(full), "deployment at least cost sends the "
						 "rest of %s's supply to other warehouses", l->source);
				if (!(t > EPS))
					break; /* no quota left on the lane: the next one */
			}
			if (t < qty - got - EPS && full_row != row && !by_quota) {
				char a[11];
				plan_date_format(a, e->bk.start[b < e->bk.n ? b : e->bk.n - 1]);
				snprintf(full, sizeof(full), "lane %s %s->%s at its limit %.10g in the bucket of %s",
					 l->item, l->source, l->site, l->max_per_bucket, a);
				full_row = row;
				if (!plan_demand__held(p))
					because(p, "%s", full);
			}
			/* the next try: the last day of the bucket before */
			plan_date before = b > 0 && b <= e->bk.n ? e->bk.start[b] - 1 : p->start - 1;
			if (!(t > EPS) && !plan_demand__held(p)) {
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
			int32_t o;
			int fresh;
			double g;
			for (int again = 0;; again++) {
				o = plan_demand__mergeable(p, &p->last_move[row], PLAN_ORDER_TRANSFER,
							   sku, row, arrive);
				fresh = o < 0;
				if (fresh) {
					o = plan_demand__new_order(p, sku, PLAN_ORDER_TRANSFER, row, ship,
								   arrive, 0);
					if (o >= 0)
						plan_demand__set_last(p, LOG_LAST_MOVE, p->last_move, row,
								      o);
				}
				if (o < 0)
					return;
				g = plan_demand__need(p, e->lane_src[row], t, ship, o);
				if (again || plan_qty__is_multiple(g, dec) || p->rc)
					break;
				/* the source gave part of a unit: ship the whole
				 * units it gave, the same again */
				plan_demand__rollback(p, mk);
				t = plan_qty__down(g, dec);
			}
			if (!(g > (fresh ? PLAN_TOL : EPS))) {
				/* the source has nothing by then (a new order within
				 * the tolerance would be empty): earlier, less still */
				plan_demand__rollback(p, mk);
				break;
			}
			if (fresh)
				p->w->ord[o].qty = g;
			else
				plan_demand__grow(p, o, g);
			p->lane_used[cell] += g;
			plan_demand__journal(p, LOG_LANE, cell, g);
			if (p->quota && p->quota[row] != HUGE_VAL) {
				p->quota[row] -= g;
				plan_demand__journal(p, LOG_QUOTA, row, g);
			}
			plan_demand__give(p, o, src, g, allow);
			got += g;
			if (fresh && k > e->lane_off[sku] && !p->dry)
				plan_demand__lever(p, o, ADJ_LANE,
						   full[0]		   ? full
						   : plan_demand__held(p) ? plan_demand__why(p)
									  : "the lanes before it give too little",
						   "ships from %s, the lane of priority %d", l->source,
						   l->priority);
			if (fresh && ship < due - l->transfer_days && !p->dry) {
				char a[11];
				plan_date_format(a, ship);
				plan_demand__lever(p, o, ADJ_EARLIER,
						   full[0]		   ? full
						   : plan_demand__held(p) ? plan_demand__why(p)
									  : "its lane is full later",
						   "shipped %s, in an earlier bucket with room on the lane", a);
			}
			if (l->max_per_bucket == PLAN_NONE)
				break;
			ship = before;
		}
	}
}

/* The order from supplier v made last, if it is due in the bucket of day:
 * the needs of one bucket are one purchase order from a supplier, due
 * when the first of them is (what arrives earlier only waits). Pulled
 * earlier (journaled) when day comes before it, if its release stays in
 * its bucket and not before first; -1 if none. */
static int32_t gather_supplier(dplan *p, int32_t sku, int32_t v, plan_date day, plan_date rel,
			       plan_date first)
{
	int32_t o = p->last_sup[v];
	if (o < (int32_t)p->w->nsched || (size_t)o >= p->w->nord)
		return -1;
	plan_ord *x = &p->w->ord[o];
	const plan_buckets *bk = &p->e->bk;
	if (x->kind != PLAN_ORDER_BUY || x->sku != sku || x->lane != v || !plan_demand__same_seg(p, o) ||
	    plan_buckets__of(bk, x->due) != plan_buckets__of(bk, day))
		return -1;
	if (x->due > day) {
		if (rel < first || plan_buckets__of(bk, rel) != plan_buckets__of(bk, x->release))
			return -1;
		plan_demand__journal(p, LOG_PULL, o, (double)x->due);
		x->due = day;
		x->release = rel;
	}
	return o;
}

/* The latest day before day whose release from supplier v (its lead time
 * back in cal) falls in a bucket before b. */
static plan_date day_before(const dplan *p, const plan_cal *cal, int lead, plan_date day, size_t b)
{
	while (--day >= p->start && plan_buckets__of(&p->e->bk, plan_cal__back(cal, day, lead)) >= b)
		;
	return day;
}

/* Bought from its suppliers (1.1), as a transfer comes over its lanes: by
 * priority, each within its max_per_bucket in the bucket of the release
 * (full: in an earlier bucket, due earlier; what arrives early waits), its
 * lot_min and lot_multiple (what it brings beyond stays in stock). */
static void buy_from(dplan *p, int32_t sku, double qty, plan_date due, int32_t src, budget *allow)
{
	const plan_model *m = p->m;
	const plan_buckets *bk = &p->e->bk;
	int dec = plan_model__sku_dec(m, sku);
	plan_date first = plan_engine__floor(p->e, sku);
	double got = 0;
	char full[384] = "";
	for (int32_t k = m->sp_off[sku]; k < m->sp_off[sku + 1] && qty - got > EPS && !p->rc; k++) {
		int32_t v = m->sp_row[k];
		const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, v);
		const plan_cal *cal = plan_cal__of_supplier(&p->e->cals, m, (size_t)v);
		int lead = plan_model__supplier_lead(m, (size_t)v);
		for (plan_date day = due; qty - got > EPS && !p->rc;) {
			plan_date rel = plan_cal__back(cal, day, lead);
			if (rel < first) {
				if (!plan_demand__held(p)) {
					char s[160], a[11], f[64];
					plan_date_format(a, due);
					because(p, "%s is bought from %s %d working day%s ahead: not by %s "
						"from %s", sku_str(p, sku, s, sizeof(s)), d->supplier, lead,
						lead == 1 ? "" : "s", a, from_words(p, sku, f));
				}
				break;
			}
			int32_t o = gather_supplier(p, sku, v, day, rel, first);
			size_t b = plan_buckets__of(bk, o >= 0 ? p->w->ord[o].release : rel);
			b = b < p->nb ? b : p->nb - 1;
			int32_t cell = (int32_t)((size_t)v * p->nb + b);
			double room = d->max_per_bucket == PLAN_NONE
					      ? HUGE_VAL : plan_qty__down(d->max_per_bucket - p->sup_used[cell], dec);
			double had = o >= 0 ? p->w->ord[o].qty : 0, want = qty - got;
			double t = want < room ? want : room;
			double add = t > EPS ? plan_model__supplier_lot(m, (size_t)v, had + t, dec) - had : 0;
			if (!(add > EPS) || add > room + EPS) {
				/* full in this bucket: the one before */
				char a[11];
				plan_date_format(a, bk->start[b]);
				snprintf(full, sizeof(full), "supplier %s of %s@%s at its limit %.10g in the "
					 "bucket of %s", d->supplier, d->item, d->site, d->max_per_bucket, a);
				if (!plan_demand__held(p))
					because(p, "%s", full);
				day = day_before(p, cal, lead, day, b);
				continue;
			}
			int fresh = o < 0;
			if (fresh) {
				o = plan_demand__new_order(p, sku, PLAN_ORDER_BUY, v, rel, day, add);
				if (o < 0)
					return;
				plan_demand__set_last(p, LOG_LAST_SUP, p->last_sup, v, o);
			} else {
				plan_demand__grow(p, o, add);
			}
			p->sup_used[cell] += add;
			plan_demand__journal(p, LOG_SUPPLY, cell, add);
			plan_demand__give(p, o, src, add, allow);
			got += add;
			if (fresh && k > m->sp_off[sku] && !p->dry)
				plan_demand__lever(p, o, ADJ_LANE,
						   full[0] ? full : "the suppliers before it give too little",
						   "bought from %s, the supplier of priority %d", d->supplier,
						   d->priority);
			if (fresh && day < due && !p->dry) {
				char a[11];
				plan_date_format(a, day);
				plan_demand__lever(p, o, ADJ_EARLIER, full[0] ? full : "its supplier is full later",
						   "bought for %s, in an earlier bucket with room at %s", a,
						   d->supplier);
			}
		}
	}
}

/* What sku has by date, up to qty, for src: stock on hand and receipts
 * (with_sup) and leftovers of new supply, the latest arriving first. */
static double from_stock(dplan *p, int32_t sku, double qty, plan_date date, int32_t src,
			 int with_sup)
{
	double got = 0;
	/* (1.1) a project's need of its own stock has none of the common */
	if (plan_demand__seg(p, sku) >= 0)
		with_sup = 0;
	while (qty - got > EPS) {
		int32_t best = -1, xbest = -1, xprev = -1;
		for (int32_t i = p->sup_off[sku]; with_sup && i < p->sup_off[sku + 1]; i++)
			if (p->sup[i].left > EPS && p->sup[i].arrive <= date &&
			    (best < 0 || p->sup[i].arrive > p->sup[best].arrive))
				best = i;
		/* leftovers of new supply (those used up are out of the list),
		 * the latest arriving first as well */
		for (int32_t i = p->xs_head[sku], prev = -1; i >= 0; prev = i, i = p->xs[i].next)
			if (p->xs[i].arrive <= date && plan_demand__serves(p, sku, p->xs[i].seg) &&
			    (xbest < 0 || p->xs[i].arrive > p->xs[xbest].arrive)) {
				xbest = i;
				xprev = prev;
			}
		if (xbest >= 0 && (best < 0 || p->xs[xbest].arrive > p->sup[best].arrive)) {
			xsup *x = &p->xs[xbest];
			double t = x->left < qty - got ? x->left : qty - got;
			x->left -= t;
			plan_demand__journal(p, LOG_XTAKE, xbest, t);
			plan_demand__allocate(p, x->order, src, t, sku, x->per);
			got += t;
			if (!(x->left > PLAN_TOL)) { /* the rest is rounding */
				if (xprev < 0)
					p->xs_head[sku] = x->next;
				else
					p->xs[xprev].next = x->next;
				plan_demand__journal(p, LOG_UNLINK, xbest, xprev);
				plan_demand__touch(p, sku);
			}
			continue;
		}
		if (best < 0)
			break;
		dsup *s = &p->sup[best];
		double t = s->left < qty - got ? s->left : qty - got;
		s->left -= t;
		plan_demand__journal(p, LOG_TAKE, best, t);
		if (!(s->left > EPS))
			plan_demand__touch(p, sku);
		if (s->order >= 0)
			plan_demand__allocate(p, s->order, src, t, sku, s->per);
		if (src >= 0)
			plan_demand__took(p, best, src, sku, t);
		got += t;
	}
	return got;
}

double plan_demand__leftovers(dplan *p, int32_t sku, double qty, plan_date date, int32_t src)
{
	return from_stock(p, sku, qty, date, src, 0);
}

double plan_demand__need(dplan *p, int32_t sku, double qty, plan_date date, int32_t src)
{
	double got = 0;
	/* (1.1: a project-specific SKU gives each project apart: not kept) */
	int keep = !plan_model__specific(p->m, sku);
	if (keep && p->probing && p->nothing_round[sku] == p->round && date <= p->nothing_by[sku])
		return 0; /* a probe found nothing by then, or later */
	if (date < p->start || p->rc || ++p->depth > 200) {
		p->depth--;
		return 0;
	}
	/* (1.1) an order's need is for the project the order is for, where
	 * it is of a project-specific SKU; else common (a demand's: as asked) */
	int32_t seg = p->seg;
	if (p->ord_seg && src >= 0)
		p->seg = src >= (int32_t)p->w->nsched && plan_model__specific(p->m, p->w->ord[src].sku)
				 ? p->ord_seg[src] : -1;
	got = from_stock(p, sku, qty, date, src, 1);
	if (qty - got > EPS)
		got += plan_demand__new_supply(p, sku, qty - got, date, src);
	p->seg = seg;
	p->depth--;
	if (keep && p->probing && !(got > EPS)) {
		if (p->nothing_round[sku] != p->round || date > p->nothing_by[sku])
			p->nothing_by[sku] = date;
		p->nothing_round[sku] = p->round;
	}
	return got;
}

/* New supply of rest of sku by date for src: bought, made or moved.
 * Returns what src gets. An order is never within the plan's tolerance
 * (the verifiers call it empty): a rest that small is made twice the
 * tolerance, src gets its rest, the rest of it stays in stock. */
double plan_demand__new_supply(dplan *p, int32_t sku, double rest, plan_date date, int32_t src)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	double q = rest < 2 * PLAN_TOL ? 2 * PLAN_TOL : rest;
	budget allow = BUDGET(rest);
	int32_t co = plan_model__co_row(p->m, sku);
	if (co >= 0 && !p->rc) {
		/* (1.1) a co-product: runs of its recipe, which src gets the
		 * yield of (its item and other outputs: leftovers) */
		allow.out = sku;
		allow.per = ((const plan_output_def *)TAB_ROW(p->m, PLAN_TABLE_OUTPUTS, co))->qty_per;
		dlot run = { q / allow.per, date, -1 };
		if (run.qty <= PLAN_MAX_PLANNED) /* (else no run can be: none is) */
			make(p, p->m->out_rec[co], run.qty, &run, date, src, &allow);
		return allow.given;
	}
	/* safety stock asks for itself alone, not for a bucket's lot */
	dlot g = plan_demand__lot_for(p, sku, date, q, src);
	if (!d->phantom && !p->rc) {
		if (d->type == PLAN_SKU_BUY && plan_model__has_suppliers(p->m, sku)) {
			/* the bucket's lot (the unconstrained plan's), else the need */
			double before = allow.given;
			if (g.entry >= 0) {
				buy_from(p, sku, g.qty, g.due, src, &allow);
				if (allow.given > before)
					plan_demand__lot_made(p, &g);
				else
					plan_demand__lot_failed(p, &g);
			}
			if (!(allow.given > before))
				buy_from(p, sku, plan_demand__lot_up(p, sku, q), date, src, &allow);
		} else if (d->type == PLAN_SKU_BUY) {
			const plan_cal *cal = plan_demand__site_cal(p, sku);
			plan_date first = plan_engine__floor(p->e, sku);
			if (g.entry >= 0 && plan_cal__back(cal, g.due, d->lead_time) < first)
				g.due = date; /* the lot as early as its first order: too early */
			if (g.entry < 0)
				g.qty = plan_demand__lot_up(p, sku, q);
			plan_date rel = plan_cal__back(cal, g.due, d->lead_time);
			int32_t o = rel >= first ? gather_buy(p, sku, g.due, cal, d->lead_time) : -1;
			if (rel < first && !plan_demand__held(p)) {
				char s[160], a[11], f[64];
				plan_date_format(a, date);
				because(p, "%s is bought %d working day%s ahead: not by %s from %s",
					sku_str(p, sku, s, sizeof(s)), d->lead_time,
					d->lead_time == 1 ? "" : "s", a, from_words(p, sku, f));
			}
			if (o >= 0) {
				plan_demand__grow(p, o, g.qty);
			} else if (rel >= first) {
				o = plan_demand__new_order(p, sku, PLAN_ORDER_BUY, -1, rel, g.due, g.qty);
				if (o >= 0)
					plan_demand__set_last(p, LOG_LAST_BUY, p->last_buy, sku, o);
			}
			if (o >= 0 && !p->rc) {
				if (g.entry >= 0)
					plan_demand__lot_made(p, &g);
				plan_demand__give(p, o, src, g.qty, &allow);
			}
		} else if (d->type == PLAN_SKU_MAKE) {
			make(p, sku, q, &g, date, src, &allow);
		} else {
			transfer(p, sku, q, date, src, &allow);
		}
	}
	return allow.given; /* src gets what it was allowed */
}
