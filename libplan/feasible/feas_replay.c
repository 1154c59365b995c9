/* Replays: a pass after a change of capacity copies from the last pass what
 * the change does not reach. */
#include "feasible/feasible_impl.h"

/* --- replays ------------------------------------------------------------ *
 * A pass after a change of capacity replays the previous one: an order
 * whose supplies arrive when they did and whose resources (and the
 * alternates of their blocks) and lane are in the state they were in when
 * it was scheduled gets the same dates, pieces, loads and adjustments, so
 * they are copied; any other order is scheduled again. A resource's state
 * differs once its capacity changed or once an order rescheduled loads it
 * differently; a lane's once a transfer ships differently. So the pass ends
 * with exactly the plan a pass from scratch would make. */

int plan_feas__clean(const feas *f, int32_t o, plan_date ready, int32_t via)
{
	const feas *q = f->prev;
	if (!q || q->st[o].ready != ready || q->st[o].via != via)
		return 0;
	const plan_ord *ord = &f->r->ord[o];
	if (ord->kind == PLAN_ORDER_MAKE)
		return !plan_capacity__touches(f->cap, ord->sku, f->res_dirty);
	if (ord->kind == PLAN_ORDER_TRANSFER)
		return !f->lane_dirty[ord->lane];
	return 1;
}

/* The pieces order o became in pass q (o itself first). */
static size_t pieces_of(feas *f, const feas *q, int32_t o)
{
	size_t n = 0;
	for (int32_t p = o; p >= 0 && n < 64; p = q->st[p].next_piece) {
		const plan_ord *x = &q->r->ord[p];
		f->pc[n++] = (piece){ x->release, x->due, x->qty };
	}
	return n;
}

/* The exceptions and adjustments order o added in pass q (their strings
 * are shared). */
static int copy_records(feas *f, const feas *q, int32_t o)
{
	plan_result *r = f->r;
	const plan_result *qr = q->r;
	const ostate *qs = &q->st[o];
	if (plan_vec__reserve((void **)&r->exc, &r->exc_cap, sizeof(*r->exc), r->nexc + qs->exc_count) < 0 ||
	    plan_vec__reserve((void **)&r->adj, &r->adj_cap, sizeof(*r->adj), r->nadj + qs->adj_count) < 0)
		return PLAN_ENOMEM;
	if (qs->exc_count)
		memcpy(r->exc + r->nexc, qr->exc + qs->exc_first, qs->exc_count * sizeof(*r->exc));
	r->nexc += qs->exc_count;
	if (qs->adj_count)
		memcpy(r->adj + r->nadj, qr->adj + qs->adj_first, qs->adj_count * sizeof(*r->adj));
	r->nadj += qs->adj_count;
	return 0;
}

/* An order index: from[k] becomes to[k] (n pieces). */
static void map_piece(int32_t *order, const int32_t *from, const int32_t *to, size_t n)
{
	for (size_t k = 1; k < n; k++)
		if (*order == from[k]) {
			*order = to[k];
			return;
		}
}

/* The pieces of a split are numbered as they are made, so a piece of
 * order o can have another index here than in pass q: the records copied
 * from q (from l0, x0 and a0 on) are renumbered. */
void plan_feas__renumber_pieces(feas *f, const feas *q, int32_t o, size_t l0, size_t x0, size_t a0)
{
	int32_t from[64], to[64];
	size_t n = 0;
	int differ = 0;
	for (int32_t x = o, y = o; x >= 0 && y >= 0 && n < 64;
	     x = q->st[x].next_piece, y = f->st[y].next_piece) {
		from[n] = x;
		to[n++] = y;
		differ |= x != y;
	}
	if (!differ)
		return;
	plan_result *r = f->r;
	for (size_t i = l0; i < r->nload; i++)
		map_piece(&r->load[i].order, from, to, n);
	for (size_t i = x0; i < r->nexc; i++)
		map_piece(&r->exc[i].order, from, to, n);
	for (size_t i = a0; i < r->nadj; i++)
		map_piece(&r->adj[i].order, from, to, n);
}

int plan_feas__replay(feas *f, int32_t o)
{
	const feas *q = f->prev;
	const ostate *qs = &q->st[o];
	ostate *s = &f->st[o];
	plan_result *r = f->r;
	s->ready = qs->ready;
	s->via = qs->via;
	s->cause = qs->cause;
	s->why = qs->why;
	if (qs->dropped) {
		const plan_ord *ord = &r->ord[o];
		s->dropped = 1;
		for (uint32_t k = 0; k < ord->alloc_count; k++)
			plan_feas__set_avail(f, ord->alloc_first + k, NEVER);
		return copy_records(f, q, o);
	}
	if (plan_vec__reserve((void **)&f->pc, &f->pc_cap, sizeof(*f->pc), 65) < 0)
		return PLAN_ENOMEM;
	size_t n = pieces_of(f, q, o);
	plan_ord *ord = &r->ord[o];
	int rc = 0;
	if (n == 1 && f->pc[0].qty == ord->qty) {
		ord->release = f->pc[0].rel;
		ord->due = f->pc[0].due;
		plan_feas__arrived(f, o);
	} else if ((rc = plan_feas__apply_pieces(f, o, f->pc, n))) {
		return rc;
	}
	ord = &r->ord[o];
	if (ord->kind == PLAN_ORDER_TRANSFER) {
		const plan_lane_def *l = TAB_ROW(f->m, PLAN_TABLE_SOURCING, ord->lane);
		if (l->max_per_bucket != PLAN_NONE)
			for (size_t k = 0; k < n; k++)
				f->lane_used[(size_t)ord->lane * f->nb + plan_buckets__of(&f->e->bk, f->pc[k].rel)] +=
					f->pc[k].qty;
		for (int32_t p = s->next_piece; p >= 0; p = f->st[p].next_piece)
			f->st[p].why = s->why;
	}
	size_t l0 = r->nload, x0 = r->nexc, a0 = r->nadj;
	if (qs->load_count &&
	    (rc = plan_capacity__apply(f->cap, q->r->load + qs->load_first, qs->load_count)))
		return rc;
	if ((rc = copy_records(f, q, o)))
		return rc;
	if (n > 1)
		plan_feas__renumber_pieces(f, q, o, l0, x0, a0);
	return 0;
}

/* After order o was scheduled again: what now differs from the previous
 * pass for the orders after it. */
void plan_feas__compare(feas *f, int32_t o)
{
	const feas *q = f->prev;
	const ostate *qs = &q->st[o], *s = &f->st[o];
	const plan_load_rec *a = q->r->load + qs->load_first, *b = f->r->load + s->load_first;
	int same = qs->load_count == s->load_count;
	for (uint32_t i = 0; same && i < s->load_count; i++)
		same = a[i].resource == b[i].resource && a[i].date == b[i].date &&
		       a[i].hours == b[i].hours && a[i].routing == b[i].routing;
	if (!same) {
		for (uint32_t i = 0; i < qs->load_count; i++)
			f->res_dirty[a[i].resource] = 1;
		for (uint32_t i = 0; i < s->load_count; i++)
			f->res_dirty[b[i].resource] = 1;
	}
	const plan_ord *ord = &f->r->ord[o];
	if (ord->kind != PLAN_ORDER_TRANSFER)
		return;
	int32_t x = o, y = o;
	while (x >= 0 && y >= 0) {
		const plan_ord *u = &q->r->ord[x], *v = &f->r->ord[y];
		if (u->release != v->release || u->qty != v->qty || qs->dropped != s->dropped)
			break;
		x = q->st[x].next_piece;
		y = f->st[y].next_piece;
	}
	if (x >= 0 || y >= 0)
		f->lane_dirty[ord->lane] = 1;
}
