/* Moving an order: the tries of the feasibility step (feasible.c tells
 * them in order), each booking capacity, lane room and dates. */
#include "feasible/feasible_impl.h"

/* --- moving orders ------------------------------------------------------ */

/* Records an adjustment of order o. reason and detail are kept strings
 * (keep_str(), an exception's message or static text): many adjustments
 * share one reason. NULL (a failed keep_str()) is out of memory. */
static int adjust(feas *f, int32_t o, int action, const char *reason, const char *detail)
{
	plan_result *r = f->r;
	if (!reason || !detail ||
	    plan_vec__reserve((void **)&r->adj, &r->adj_cap, sizeof(*r->adj), r->nadj + 1) < 0)
		return PLAN_ENOMEM;
	r->adj[r->nadj++] = (plan_adj_rec){ o, (uint8_t)action, detail, reason };
	return 0;
}

/* The reason an order waits for its supplies, start or nothing. */
static const char *wait_reason(feas *f, int32_t o, char *buf, size_t len)
{
	const ostate *s = &f->st[o];
	char a[11];
	if (s->cause == C_START) {
		snprintf(buf, len, "its release %s is before the plan start %s", fmt(a, s->rel0),
			 fmt((char[11]){ 0 }, f->start));
	} else if (s->cause == C_MATERIAL && s->via >= 0) {
		const plan_ord *v = &f->r->ord[s->via];
		snprintf(buf, len, "waits for %s@%s, which arrives %s", sku_item(f->m, v->sku),
			 sku_site(f->m, v->sku), fmt(a, v->due));
	} else {
		buf[0] = '\0';
	}
	return buf;
}

/* Drops an order the plan cannot keep: what draws on it will not get it.
 * why: a kept string (NULL: out of memory). */
static int drop(feas *f, int32_t o, int cause, const char *why)
{
	plan_result *r = f->r;
	ostate *s = &f->st[o];
	const plan_ord *ord = &r->ord[o];
	char a[11];
	s->dropped = 1;
	s->cause = (uint8_t)cause;
	s->why = why;
	if (!why)
		return PLAN_ENOMEM;
	for (uint32_t k = 0; k < ord->alloc_count; k++)
		plan_feas__set_avail(f, ord->alloc_first + k, NEVER);
	static const char *const kinds[] = { "make", "buy", "transfer" };
	snprintf(f->buf, sizeof(f->buf), "%s order of %.10g %s@%s due %s left out", kinds[ord->kind],
		 ord->qty, sku_item(f->m, ord->sku), sku_site(f->m, ord->sku), fmt(a, s->due0));
	return adjust(f, o, ADJ_SHORT, why, keep_str(f, f->buf));
}

/* Its supplies have arrived: sets the order's allocations' dates. */
void plan_feas__arrived(feas *f, int32_t o)
{
	const plan_ord *ord = &f->r->ord[o];
	for (uint32_t k = 0; k < ord->alloc_count; k++)
		plan_feas__set_avail(f, ord->alloc_first + k, ord->due);
}

/* Records a move of an order's dates against the unconstrained plan. */
static int moved(feas *f, int32_t o, const char *reason)
{
	const plan_ord *ord = &f->r->ord[o];
	ostate *s = &f->st[o];
	char a[11], b[11], c[11], d[11];
	if (ord->release == s->rel0 && ord->due == s->due0)
		return 0;
	s->why = keep_str(f, reason);
	if (!s->why)
		return PLAN_ENOMEM;
	int action = ord->due > s->due0 || (ord->due == s->due0 && ord->release > s->rel0) ? ADJ_LATER
										     : ADJ_EARLIER;
	snprintf(f->buf, sizeof(f->buf), "release %s -> %s, due %s -> %s", fmt(a, s->rel0),
		 fmt(b, ord->release), fmt(c, s->due0), fmt(d, ord->due));
	return adjust(f, o, action, s->why, keep_str(f, f->buf));
}

/* Records the split of order o (detail in f->buf): its reason, why, kept
 * once and shared by all its orders. */
static int split_adjusted(feas *f, int32_t o, const char *why)
{
	ostate *s = &f->st[o];
	s->why = keep_str(f, why);
	int rc = s->why ? adjust(f, o, ADJ_SPLIT, s->why, keep_str(f, f->buf)) : PLAN_ENOMEM;
	for (int32_t p = s->next_piece; !rc && p >= 0; p = f->st[p].next_piece)
		f->st[p].why = s->why;
	return rc;
}

/* The range of release days over which the BOM of a make order (phantoms
 * included) stays the same: moving the release across a line's valid_from or
 * valid_until would change what it draws. */
static void effectivity(const plan_engine *e, int32_t sku, plan_date rel, plan_date *lo,
			plan_date *hi, int depth)
{
	if (depth > 64)
		return;
	for (int32_t k = e->bom_off[sku]; k < e->bom_off[sku + 1]; k++) {
		const plan_edge *b = &e->bom_edge[k];
		plan_date cut[2] = { b->from, b->until };
		for (int i = 0; i < 2; i++) {
			if (cut[i] == PLAN_DATE_NONE)
				continue;
			if (cut[i] <= rel && cut[i] > *lo)
				*lo = cut[i];
			if (cut[i] > rel && cut[i] < *hi)
				*hi = cut[i];
		}
		if (e->phantom[b->child])
			effectivity(e, b->child, rel, lo, hi, depth + 1);
	}
}

/* Splits order o into pieces (sorted by due; the first stays o, the others
 * become new orders) and hands its allocations to them first in, first out:
 * the earliest consumers get the earliest piece. What the pieces do not
 * cover (qty beyond their sum) is given to nobody: its consumers go short. */
int plan_feas__apply_pieces(feas *f, int32_t o, const piece *pc, size_t n)
{
	plan_result *r = f->r;
	int32_t id[64];
	size_t np = n < 64 ? n : 64;
	for (size_t k = 0; k < np; k++) {
		if (k == 0) {
			id[0] = o;
			continue;
		}
		plan_ord c = r->ord[o];
		c.alloc_first = c.alloc_count = 0;
		c.release = pc[k].rel;
		c.due = pc[k].due;
		c.qty = pc[k].qty;
		id[k] = plan_result__add_order(r, &c);
		if (id[k] < 0 || plan_feas__grow_states(f, r->nord) < 0)
			return PLAN_ENOMEM;
		f->st[id[k]] = f->st[o];
		f->st[id[k]].next_piece = -1;
		f->st[id[k]].head = o;
		f->st[id[k - 1]].next_piece = id[k];
	}
	plan_ord *ord = &r->ord[o];
	ord->release = pc[0].rel;
	ord->due = pc[0].due;
	ord->qty = pc[0].qty;
	uint32_t first = ord->alloc_first, count = ord->alloc_count, keep0 = 0;
	size_t p = 0;
	double pleft = pc[0].qty;
	for (uint32_t k = 0; k < count; k++) {
		size_t i = first + k;
		double x = r->alloc[i].qty;
		double eps = PLAN_EPS * (1 + x);
		plan_date last = PLAN_DATE_NONE;
		int part = 0;
		while (x > eps && p < np) {
			if (pleft <= PLAN_EPS * (1 + pc[p].qty)) {
				if (++p < np)
					pleft = pc[p].qty;
				continue;
			}
			double t = x < pleft ? x : pleft;
			if (p == 0) {
				r->alloc[i].qty = t;
				keep0 = k + 1;
			} else {
				if (plan_big__reserve((void **)&r->alloc, &r->alloc_cap, sizeof(*r->alloc),
						      r->nalloc + 1) < 0)
					return PLAN_ENOMEM;
				plan_alloc_rec a = r->alloc[i];
				a.order = id[p];
				a.qty = t;
				plan_ord *q = &r->ord[id[p]];
				if (!q->alloc_count)
					q->alloc_first = (uint32_t)r->nalloc;
				q->alloc_count++;
				r->alloc[r->nalloc++] = a;
			}
			last = pc[p].due;
			part = 1;
			x -= t;
			pleft -= t;
		}
		plan_feas__set_avail(f, i, x > eps || !part ? NEVER : last);
	}
	r->ord[o].alloc_count = keep0;
	return 0;
}

/* What of at most q of order o, after its first `skip`, its consumers can
 * use, first in, first out (as plan_feas__apply_pieces() hands it out): whole draws of
 * parent orders (a parent missing part of a component cannot be made), and
 * a part of an end demand's (delivered in parts). */
static double usable(const feas *f, int32_t o, double skip, double q)
{
	const plan_ord *ord = &f->r->ord[o];
	double got = 0;
	for (uint32_t k = 0; k < ord->alloc_count; k++) {
		const plan_alloc_rec *a = &f->r->alloc[ord->alloc_first + k];
		double x = a->qty;
		if (skip > 0) {
			double t = skip < x ? skip : x;
			skip -= t;
			x -= t;
			if (x <= PLAN_EPS * (1 + a->qty))
				continue;
		}
		if (got + x <= q + PLAN_EPS * (1 + q)) {
			got += x;
			continue;
		}
		if (a->src < 0)
			got = q;
		break;
	}
	return got;
}

/* A part of order o made on its own (a split, or what the horizon allows):
 * q rounded down to a multiple of the SKU's lot_multiple where it has one,
 * else to whole units when the order is of whole units (a part of 30 bikes
 * is 18, not 18.75). */
static double whole_part(const feas *f, int32_t o, double q)
{
	const plan_ord *ord = &f->r->ord[o];
	double mult = plan__sku(f->m, ord->sku)->lot_multiple;
	if (mult == PLAN_NONE || !(mult > 0))
		mult = fabs(ord->qty - round(ord->qty)) <= PLAN_EPS * (1 + ord->qty) ? 1 : 0;
	if (mult > 0)
		q = floor(q / mult + PLAN_EPS) * mult;
	return q;
}

/* 4. The earliest due from *due on, not after until, by which order o (its
 * qty as it now is) can be loaded from day lo: 1 with its loads booked and
 * *due set, 0 if none, or PLAN_ENOMEM. */
static int book_later(feas *f, int32_t o, plan_date lo, plan_date until, plan_date *due,
		      plan_date *first, int *alt)
{
	plan_date end = plan_capacity__earliest_end(f->cap, o, lo);
	if (end == PLAN_DATE_NONE)
		return 0;
	if (until > f->last)
		until = f->last;
	for (plan_date d = end > *due ? end : *due; d <= until; d++) {
		int got = plan_capacity__book(f->cap, o, lo, d, first, alt);
		if (got > 0)
			*due = d;
		if (got)
			return got;
	}
	return 0;
}

/* 5. A make order that cannot be finished within the horizon: the most of
 * its qty that the room left from lo to the horizon's last day can make and
 * its consumers after the first `skip` can use (usable(); lot rules do not
 * bind a part), booked as the later try books, due *due or later. Returns
 * that quantity with its loads booked and *due its day; 0 if nothing
 * useful can be made (or *rc an error). The order's qty is as it was. */
static double make_part(feas *f, int32_t o, double skip, plan_date lo, plan_date *due,
			plan_date *first, int *alt, int *rc)
{
	plan_ord *ord = &f->r->ord[o];
	double full = ord->qty, q = plan_capacity__most(f->cap, o, lo, f->last);
	for (int tries = 0; tries < 16; tries++) {
		q = whole_part(f, o, usable(f, o, skip, q));
		if (!(q > PLAN_EPS * (1 + full)) || q >= full)
			break;
		ord->qty = q;
		plan_date d = *due;
		int got = book_later(f, o, lo, f->last, &d, first, alt);
		ord->qty = full;
		if (got < 0) {
			*rc = got;
			return 0;
		}
		if (got) {
			*due = d;
			return q;
		}
		q *= 0.9; /* steps sharing a resource: less */
	}
	return 0;
}

/* A piece's release: its first load, or its lead time back from due if that
 * is earlier; not before lo. */
static plan_date piece_release(const plan_cal *cal, int lt, plan_date first, plan_date due,
			       plan_date lo)
{
	plan_date back = plan_cal__back(cal, due, lt);
	plan_date rel = first < back ? first : back;
	return rel < lo ? lo : rel;
}

/* 3. A make order whose window [lo, due] is full, split: what fits in the
 * window and its first consumers can use is made on time (pc[0]), the rest
 * later (pc[1], as the later try books it). The split must help: the rest
 * must be due no later than `until`, when the whole order would be (NEVER:
 * the whole cannot be made within the horizon; then the rest may be made
 * in part, or not at all). Returns the pieces booked: 2; 1 (the rest
 * cannot be made by the horizon: it is left out); 0 (no split helps:
 * nothing booked; or *rc an error). pc[1]'s loads and messages are those
 * from *l1 and *x1 on. */
static size_t make_split(feas *f, int32_t o, plan_date lo, plan_date due, plan_date until,
			 plan_date hi, const plan_cal *cal, int lt, piece *pc, size_t *l1,
			 size_t *x1, int *alt, int *rc)
{
	plan_result *r = f->r;
	plan_ord *ord = &r->ord[o];
	double full = ord->qty, eps = PLAN_EPS * (1 + full);
	double q = plan_capacity__most(f->cap, o, lo, due);
	plan_date first = due;
	size_t l0 = r->nload, x0 = r->nexc;
	int got = 0;
	for (int tries = 0; !got && tries < 16; tries++) {
		q = whole_part(f, o, usable(f, o, 0, q));
		if (!(q > eps) || q >= full - eps)
			break;
		ord->qty = q;
		got = plan_capacity__book(f->cap, o, lo, due, &first, alt);
		ord->qty = full;
		if (!got)
			q *= 0.9; /* steps sharing a resource: less */
	}
	if (got <= 0) {
		*rc = got;
		return 0;
	}
	pc[0] = (piece){ piece_release(cal, lt, first, due, lo), due, q };
	*l1 = r->nload;
	*x1 = r->nexc;
	/* the rest */
	double rest = full - q;
	plan_date due2 = due;
	int alt2 = 0;
	ord->qty = rest;
	got = book_later(f, o, lo, until, &due2, &first, &alt2);
	if (!got && until == NEVER)
		got = (rest = make_part(f, o, q, lo, &due2, &first, &alt2, rc)) > 0;
	ord->qty = full;
	if (got < 0 || *rc) {
		*rc = got < 0 ? got : *rc;
		return 0;
	}
	if (!got && until != NEVER) {
		/* the rest would come later than the whole: no split */
		plan_capacity__unbook(f->cap, l0, x0);
		*alt = 0;
		return 0;
	}
	if (!got)
		return 1;
	pc[1] = (piece){ piece_release(cal, lt, first, due2, lo), due2, rest };
	if (pc[1].rel >= hi) {
		/* the BOM of its release is another: the rest is left out */
		plan_capacity__unbook(f->cap, *l1, *x1);
		return 1;
	}
	*alt |= alt2;
	return 2;
}

/* Make and buy orders. */
static int schedule_make(feas *f, int32_t o, plan_date ready)
{
	plan_engine *e = f->e;
	plan_result *r = f->r;
	ostate *s = &f->st[o];
	plan_ord *ord = &r->ord[o];
	const plan_sku_def *def = plan__sku(f->m, ord->sku);
	const plan_cal *cal = plan_cal__of_site(&e->cals, TAB_ID(f->m, PLAN_TABLE_SKUS, ord->sku, 1));
	int lt = def->lead_time;
	char why[400], a[11], b[11];
	plan_date lo = ready, hi = NEVER;
	if (ord->kind == PLAN_ORDER_MAKE) {
		plan_date elo = PLAN_DATE_NONE, ehi = NEVER;
		effectivity(e, ord->sku, s->rel0, &elo, &ehi, 0);
		if (elo > lo)
			lo = elo;
		hi = ehi;
	}
	plan_date rel = s->rel0 > lo ? s->rel0 : lo;
	plan_date due = plan_cal__forward(cal, rel, lt);
	if (due < s->due0)
		due = s->due0;
	wait_reason(f, o, why, sizeof(why));
	if (rel >= hi) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "%sits bill of materials changes on %s", why[0] ? "; " : "", fmt(a, hi));
		s->cause = C_EFFECTIVITY;
		return drop(f, o, C_EFFECTIVITY, keep_str(f, why));
	}
	if (ord->kind != PLAN_ORDER_MAKE || !plan_capacity__routed(f->cap, ord->sku)) {
		if (due > f->last) {
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
				 "%sit would arrive %s, after the horizon", why[0] ? "; " : "",
				 fmt(a, due));
			return drop(f, o, C_HORIZON, keep_str(f, why));
		}
		ord->release = rel;
		ord->due = due;
		plan_feas__arrived(f, o);
		return moved(f, o, why);
	}

	/* 1. the window as it is (later only if supplies or start say so) */
	plan_date first = rel;
	int alt = 0, rc = 0;
	double full = ord->qty, part = 0;
	size_t x0 = r->nexc, l0 = r->nload, l1 = 0, x1 = 0, n = 0;
	piece pc[2];
	int got = due <= f->last ? plan_capacity__book(f->cap, o, rel, due, &first, &alt) : 0;
	if (got < 0)
		return got;
	if (!got) {
		/* what is full, said before anything else is booked */
		char cw[300];
		plan_capacity__why(f->cap, o, rel, due < f->last ? due : f->last, cw, sizeof(cw));
		snprintf(why + strlen(why), sizeof(why) - strlen(why), "%s%s", why[0] ? "; " : "", cw);
		s->cause = C_CAPACITY;
		/* 2. earlier, as far back as the supplies allow */
		if (lo < rel && due <= f->last) {
			got = plan_capacity__book(f->cap, o, lo, due, &first, &alt);
			if (got < 0)
				return got;
			if (got)
				rel = first < rel ? first : rel;
		}
		/* 3. split: what fits on time now, the rest no later than the
		 * whole order would come (found by booking it and giving it back) */
		int later = 0;
		if (!got && due <= f->last) {
			plan_date whole = due, w1;
			int walt = 0, wgot = book_later(f, o, lo, f->last, &whole, &w1, &walt);
			if (wgot < 0)
				return wgot;
			if (wgot)
				plan_capacity__unbook(f->cap, l0, x0);
			n = make_split(f, o, lo, due, wgot ? whole : NEVER, hi, cal, lt, pc, &l1, &x1,
				       &alt, &rc);
			if (rc)
				return rc;
			if (n == 1) {
				part = pc[0].qty;
				rel = pc[0].rel;
			}
			got = n > 0;
			if (!got && wgot) {
				/* no split: 4 as found, the whole order due then */
				got = plan_capacity__book(f->cap, o, lo, whole, &first, &alt);
				if (got < 0)
					return got;
				due = got ? whole : due;
				later = got;
			}
		}
		/* 4. later: the earliest end the capacity allows */
		if (!got || later) {
			if (!got)
				got = book_later(f, o, lo, f->last, &due, &first, &alt);
			if (got < 0)
				return got;
			if (!got) {
				/* 5. in part by the horizon */
				part = make_part(f, o, 0, lo, &due, &first, &alt, &rc);
				if (rc)
					return rc;
				if (part <= 0)
					return drop(f, o, C_HORIZON, keep_str(f, why));
			}
			rel = piece_release(cal, lt, first, due, lo);
			if (rel >= hi) {
				/* the BOM of the later release is another: give the loads back */
				plan_capacity__unbook(f->cap, l0, x0);
				snprintf(why + strlen(why), sizeof(why) - strlen(why),
					 "; its bill of materials changes on %s", fmt(a, hi));
				return drop(f, o, C_EFFECTIVITY, keep_str(f, why));
			}
		}
	}
	if (n == 2) {
		/* split: the first consumers get the part on time */
		if ((rc = plan_feas__apply_pieces(f, o, pc, 2)))
			return rc;
		int32_t p2 = f->st[o].next_piece;
		for (size_t i = l1; i < r->nload; i++)
			r->load[i].order = p2;
		for (size_t i = x1; i < r->nexc; i++)
			if (r->exc[i].order == o)
				r->exc[i].order = p2;
		part = pc[0].qty + pc[1].qty;
		if (part >= full - PLAN_EPS * (1 + full))
			part = full; /* not q + (full - q) rounded */
		else
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
				 "; only %.10g of %.10g can be made by the horizon", part, full);
	} else if (part > 0) {
		/* made in part: the first consumers get it, the others none */
		piece p1 = { rel, due, part };
		if ((rc = plan_feas__apply_pieces(f, o, &p1, 1)))
			return rc;
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "; only %.10g of %.10g can be made by the horizon", part, full);
	} else {
		ord->release = rel;
		ord->due = due;
		plan_feas__arrived(f, o);
	}
	ord = &r->ord[o];
	s = &f->st[o];
	if (alt) {
		/* the last routed_to_alternate message of the order says where */
		const char *msg = "loads on the alternate of a maintenance block";
		for (size_t i = x0; i < r->nexc; i++)
			if (r->exc[i].code == EXC_ALTERNATE)
				msg = r->exc[i].message;
		if ((rc = adjust(f, o, ADJ_ALTERNATE, "its resource is in maintenance", msg)))
			return rc;
	}
	if (n == 2) {
		snprintf(f->buf, sizeof(f->buf),
			 "%.10g made in 2 parts: %.10g due %s (released %s), %.10g due %s (released %s)",
			 part, pc[0].qty, fmt(a, pc[0].due), fmt(b, pc[0].rel), pc[1].qty,
			 fmt((char[11]){ 0 }, pc[1].due), fmt((char[11]){ 0 }, pc[1].rel));
		if ((rc = split_adjusted(f, o, why)))
			return rc;
	} else if ((rc = moved(f, o, why))) {
		return rc;
	}
	if (part <= 0 || part >= full)
		return 0;
	snprintf(f->buf, sizeof(f->buf), "%.10g of %.10g %s@%s left out", full - part, full,
		 sku_item(f->m, ord->sku), sku_site(f->m, ord->sku));
	return adjust(f, o, ADJ_SHORT, s->why ? s->why : keep_str(f, why), keep_str(f, f->buf));
}

/* Transfers: the lane's room in the bucket of the release, then earlier
 * buckets (latest first, not before the supply is there), then later ones. */
static int schedule_transfer(feas *f, int32_t o, plan_date ready)
{
	plan_engine *e = f->e;
	plan_result *r = f->r;
	ostate *s = &f->st[o];
	plan_ord *ord = &r->ord[o];
	const plan_lane_def *l = TAB_ROW(f->m, PLAN_TABLE_SOURCING, ord->lane);
	int days = l->transfer_days;
	char why[400], a[11], b[11];
	plan_date rel = s->rel0 > ready ? s->rel0 : ready;
	plan_date due = rel + days > s->due0 ? rel + days : s->due0;
	wait_reason(f, o, why, sizeof(why));
	if (l->max_per_bucket == PLAN_NONE) {
		if (due > f->last) {
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
				 "%sit would arrive %s, after the horizon", why[0] ? "; " : "", fmt(a, due));
			return drop(f, o, C_HORIZON, keep_str(f, why));
		}
		ord->release = rel;
		ord->due = due;
		plan_feas__arrived(f, o);
		return moved(f, o, why);
	}
	double *used = f->lane_used + (size_t)ord->lane * f->nb;
	double qty = ord->qty, left = qty, eps = PLAN_EPS * (1 + qty);
	size_t n = 0, b0 = plan_buckets__of(&e->bk, rel);
	if (plan_vec__reserve((void **)&f->pc, &f->pc_cap, sizeof(*f->pc), f->nb + 2) < 0)
		return PLAN_ENOMEM;
#define TAKE(bucket, r_, d_)                                                                    \
	do {                                                                                    \
		double room_ = l->max_per_bucket - used[bucket];                                \
		double t_ = left < room_ ? left : room_;                                        \
		if (t_ > eps && (d_) <= f->last) {                                              \
			f->pc[n++] = (piece){ (r_), (d_), t_ };                                 \
			used[bucket] += t_;                                                     \
			left -= t_;                                                             \
		}                                                                               \
	} while (0)
	if (b0 < f->nb)
		TAKE(b0, rel, due);
	int lane_full = left > eps;
	for (size_t k = b0; left > eps && k-- > plan_buckets__of(&e->bk, ready);) {
		plan_date d = e->bk.start[k + 1] - 1;
		TAKE(k, d, d + days);
	}
	for (size_t k = b0 + 1; left > eps && k < f->nb; k++)
		TAKE(k, e->bk.start[k], e->bk.start[k] + days);
#undef TAKE
	if (lane_full) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "%slane %s %s->%s at its limit %.10g in the bucket of %s", why[0] ? "; " : "",
			 l->item, l->source, l->site, l->max_per_bucket,
			 fmt(a, e->bk.start[b0 < f->nb ? b0 : f->nb - 1]));
		s->cause = C_LANE;
	}
	if (left > eps && !lane_full)
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "%sit would arrive after the horizon", why[0] ? "; " : "");
	if (n == 0)
		return drop(f, o, lane_full ? C_LANE : C_HORIZON, keep_str(f, why));
	/* pieces by due date; the first stays this order */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && f->pc[j].due < f->pc[j - 1].due; j--) {
			piece t = f->pc[j];
			f->pc[j] = f->pc[j - 1];
			f->pc[j - 1] = t;
		}
	if (n > 64) {
		/* one order per bucket, at most 64: the rest goes short */
		for (size_t i = 64; i < n; i++)
			left += f->pc[i].qty;
		n = 64;
	}
	double shortq = left > eps ? left : 0;
	int rc = plan_feas__apply_pieces(f, o, f->pc, n);
	if (rc)
		return rc;
	s = &f->st[o];
	if (n > 1) {
		int w = snprintf(f->buf, sizeof(f->buf), "%.10g shipped in %zu parts:", qty - shortq, n);
		for (size_t i = 0; i < n && w > 0 && (size_t)w < sizeof(f->buf); i++)
			w += snprintf(f->buf + w, sizeof(f->buf) - (size_t)w, "%s %.10g on %s", i ? "," : "",
				      f->pc[i].qty, fmt(b, f->pc[i].rel));
		if ((rc = split_adjusted(f, o, why)))
			return rc;
	} else if ((rc = moved(f, o, why))) {
		return rc;
	}
	if (shortq > 0) {
		snprintf(f->buf, sizeof(f->buf), "%.10g of %.10g %s %s->%s left out", shortq, qty, l->item,
			 l->source, l->site);
		if ((rc = adjust(f, o, ADJ_SHORT, s->why ? s->why : keep_str(f, why), keep_str(f, f->buf))))
			return rc;
	}
	return 0;
}

int plan_feas__schedule(feas *f, int32_t o, plan_date ready, int32_t via)
{
	ostate *s = &f->st[o];
	s->via = via;
	s->ready = ready;
	if (s->rel0 < f->start && (via < 0 || ready <= f->start))
		s->cause = C_START;
	else if (via >= 0 && ready > s->rel0)
		s->cause = C_MATERIAL;
	if (ready == NEVER) {
		/* one reason per SKU it waits for, shared */
		int32_t sku = f->r->ord[via].sku;
		if (!f->gone_why &&
		    !(f->gone_why = calloc(f->m->tab[PLAN_TABLE_SKUS].n + 1, sizeof(*f->gone_why))))
			return PLAN_ENOMEM;
		if (!f->gone_why[sku]) {
			char why[300];
			snprintf(why, sizeof(why), "%s@%s it draws on cannot arrive within the horizon",
				 sku_item(f->m, sku), sku_site(f->m, sku));
			f->gone_why[sku] = keep_str(f, why);
		}
		s->cause = C_MATERIAL;
		return drop(f, o, C_MATERIAL, f->gone_why[sku]);
	}
	if (f->r->ord[o].kind == PLAN_ORDER_TRANSFER)
		return schedule_transfer(f, o, ready);
	return schedule_make(f, o, ready);
}
