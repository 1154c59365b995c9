/* Local repairs: the last pass mended in place after a block. */
#include "feasible/feasible_impl.h"

/* --- local repairs ------------------------------------------------------ *
 * After a maintenance block, the last pass is mended in place: the orders
 * with loads on the blocked resource during the block give their loads back
 * and are scheduled again (with the same tries, against what the others
 * leave), in sequence order; an order whose supply now arrives later than
 * before is scheduled again in turn, and so on down the chain. Nothing
 * else moves. The plan keeps every rule (each order is scheduled as in a
 * pass); it is not, order for order, what a full replan would make. */

typedef struct old_state {
	int32_t order;
	plan_date release, due;
	double qty;
	int32_t piece;           /* its split's first new order, or -1 */
	plan_date piece_due;     /* and the pieces': the last due, what they make */
	double piece_qty;
	uint8_t dropped;
	uint8_t nres;
	int32_t res[8];
	int32_t id;              /* its index in the plan, or -1 */
	char name[40];           /* its id there */
} old_state;

/* A binary heap of positions. */
typedef struct pheap {
	int32_t *v;
	size_t n, cap;
} pheap;

static int heap_push(pheap *h, int32_t x)
{
	if (plan_vec__reserve((void **)&h->v, &h->cap, sizeof(*h->v), h->n + 1) < 0)
		return PLAN_ENOMEM;
	size_t i = h->n++;
	while (i > 0 && h->v[(i - 1) / 2] > x) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = x;
	return 0;
}

static int32_t heap_pop(pheap *h)
{
	int32_t top = h->v[0], x = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= x)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = x;
	return top;
}

/* Takes order o out of the working plan: its loads, messages and
 * adjustments, its lane use, its pieces; back to the unconstrained order. */
static void unschedule(feas *f, int32_t o)
{
	plan_result *w = f->r;
	const plan_result *snap = f->F->snap;
	ostate *s = &f->st[o];
	plan_capacity__release(f->cap, w->load + s->load_first, s->load_count);
	for (uint32_t i = 0; i < s->load_count; i++)
		w->load[s->load_first + i].order = -1;
	for (uint32_t i = 0; i < s->exc_count; i++)
		w->exc[s->exc_first + i].severity = TOMB;
	for (uint32_t i = 0; i < s->adj_count; i++)
		w->adj[s->adj_first + i].action = TOMB;
	const plan_ord *ord = &w->ord[o];
	if (ord->kind == PLAN_ORDER_TRANSFER && !s->dropped) {
		const plan_lane_def *l = TAB_ROW(f->m, PLAN_TABLE_SOURCING, ord->lane);
		if (l->max_per_bucket != PLAN_NONE)
			for (int32_t p = o; p >= 0; p = f->st[p].next_piece)
				f->lane_used[(size_t)ord->lane * f->nb +
					     plan_buckets__of(&f->e->bk, w->ord[p].release)] -= w->ord[p].qty;
	}
	w->ord[o] = snap->ord[o];
	const plan_ord *so = &snap->ord[o];
	for (uint32_t k = 0; k < so->alloc_count; k++)
		w->alloc[so->alloc_first + k] = snap->alloc[so->alloc_first + k];
	*s = (ostate){ so->release, so->due, PLAN_DATE_NONE, -1, -1, -1, C_NONE, 0, NULL, 0, 0, 0, 0, 0, 0 };
}

static void remember(const feas *f, int32_t o, old_state *x, const plan_result *plan)
{
	const ostate *s = &f->st[o];
	const plan_ord *ord = &f->r->ord[o];
	*x = (old_state){ o, ord->release, ord->due, ord->qty, s->next_piece, PLAN_DATE_NONE, 0,
			  s->dropped, 0, { 0 }, f->new_of ? f->new_of[o] : -1, "" };
	for (int32_t p = s->next_piece; p >= 0; p = f->st[p].next_piece) {
		x->piece_due = f->r->ord[p].due;
		x->piece_qty += f->r->ord[p].qty;
	}
	if (plan && x->id >= 0 && (size_t)x->id < plan->nord)
		snprintf(x->name, sizeof(x->name), "%s", plan_result__id(plan, (size_t)x->id));
	for (uint32_t i = 0; i < s->load_count && x->nres < 8; i++) {
		int32_t r = f->r->load[s->load_first + i].resource;
		int seen = 0;
		for (int k = 0; k < x->nres; k++)
			seen |= x->res[k] == r;
		if (!seen)
			x->res[x->nres++] = r;
	}
}

static int same_resources(const old_state *a, const old_state *b)
{
	if (a->nres != b->nres)
		return 0;
	for (int i = 0; i < a->nres; i++) {
		int found = 0;
		for (int k = 0; k < b->nres; k++)
			found |= a->res[i] == b->res[k];
		if (!found)
			return 0;
	}
	return 1;
}

/* Reports how an order changed from state a to state b (remember()), to fn
 * and count; returns fn, or NULL once fn asked to stop (the report stops,
 * not the repair). */
static plan_diff_fn report_change(const plan_model *m, int32_t sku, const old_state *a,
				  const old_state *b, plan_diff_fn fn, void *ctx, size_t *count)
{
	plan_diff d = PLAN_DIFF_INIT;
	d.item = sku_item(m, sku);
	d.site = sku_site(m, sku);
	d.old_date = a->dropped ? PLAN_DATE_NONE : a->due;
	d.new_date = b->dropped ? PLAN_DATE_NONE : b->due;
	d.order = !b->dropped && b->name[0] ? b->name : a->name[0] ? a->name : NULL;
	int kinds[2], nk = 0;
	if (!a->dropped && b->dropped)
		kinds[nk++] = PLAN_DIFF_LEFT_OUT;
	else if (a->dropped && !b->dropped)
		kinds[nk++] = PLAN_DIFF_BACK;
	else if (!a->dropped) {
		if (a->release != b->release || a->due != b->due || a->qty != b->qty ||
		    a->piece_due != b->piece_due || a->piece_qty != b->piece_qty)
			kinds[nk++] = PLAN_DIFF_MOVED;
		if (!same_resources(a, b))
			kinds[nk++] = PLAN_DIFF_REROUTED;
	}
	for (int k = 0; k < nk; k++) {
		d.kind = (plan_diff_kind)kinds[k];
		count[d.kind]++;
		if (fn && fn(ctx, &d))
			fn = NULL;
	}
	return fn;
}

void plan_feasible__diff(const plan_feas *F, const plan_result *old, const plan_result *now,
			 plan_diff_fn *fn, void *ctx, size_t *count)
{
	const feas *a = F->before, *b = F->last;
	if (!a || !b || !a->new_of || !b->new_of)
		return;
	for (size_t q = old->nsched; q < F->nord0; q++) {
		int32_t o = F->work_of[q];
		old_state x, y;
		remember(a, o, &x, old);
		remember(b, o, &y, now);
		*fn = report_change(now->model, a->r->ord[o].sku, &x, &y, *fn, ctx, count);
	}
}

/* Patches plan R (made from the working plan) after a local repair of the
 * orders in olds: each one's row gets its new dates and quantity (its
 * allocations written again if it makes less), the new pieces of a split
 * are appended, and what is gone (orders now left out, the pieces of an
 * old split) is taken out; then the rest of the plan is made again.
 * PLAN_EINVAL (R untouched): the new pieces cannot be given ids here. */
static int patch(feas *f, plan_result *R, const old_state *olds, size_t nold)
{
	const plan_result *w = f->r;
	size_t add = 0, ngmax = 0;
	for (size_t i = 0; i < nold; i++) {
		for (int32_t p = olds[i].piece; p >= 0; p = f->st[p].next_piece)
			ngmax++;
		ngmax++;
		if (f->st[olds[i].order].dropped)
			continue;
		for (int32_t p = f->st[olds[i].order].next_piece; p >= 0; p = f->st[p].next_piece)
			add++;
	}
	if (!plan_result__room_for(R, add))
		return PLAN_EINVAL;
	int32_t *g = malloc((ngmax + 1) * sizeof(*g));
	if (!g || plan_feas__grow_maps(f, w->nord, R->nord + add + 1) < 0) {
		free(g);
		return PLAN_ENOMEM;
	}
	size_t ng = 0;
	int less = 0, rc = 0;
	for (size_t i = 0; !rc && i < nold; i++) {
		int32_t o = olds[i].order;
		for (int32_t p = olds[i].piece; p >= 0; p = f->st[p].next_piece)
			if (f->new_of[p] >= 0)
				g[ng++] = f->new_of[p];
		if (f->st[o].dropped) {
			if (!olds[i].dropped)
				g[ng++] = f->new_of[o];
			continue;
		}
		plan_ord *x = &R->ord[f->new_of[o]];
		x->release = w->ord[o].release;
		x->due = w->ord[o].due;
		if (x->qty != w->ord[o].qty) {
			/* its allocations, first in, first out, now fewer: the
			 * rest are marked for plan_feas__take_out() */
			x->qty = w->ord[o].qty;
			less |= plan_feas__patch_allocs(f, R, o);
		}
		for (int32_t p = f->st[o].next_piece; !rc && p >= 0; p = f->st[p].next_piece)
			rc = plan_feas__append_piece(f, R, p);
	}
	if (!rc)
		rc = plan_feas__take_out(f, R, g, ng, less);
	free(g);
	return rc ? rc : plan_feas__fill_rest(f, R, f->new_of, f->old_of, 0);
}

int plan_feasible__repair(plan_feas *F, int32_t res, plan_date from, plan_date to,
			  plan_result *old, plan_diff_fn *fn, void *ctx, size_t *count,
			  plan_result **out)
{
	feas *f = F->last;
	*out = NULL;
	if (!f)
		return PLAN_EINVAL;
	plan_result *w = f->r;
	const plan_result *snap = F->snap;
	pheap h = { NULL, 0, 0 };
	old_state *olds = NULL;
	size_t nold = 0, old_cap = 0;
	plan_date *was = NULL;
	size_t was_cap = 0;
	uint8_t *mark = calloc(F->nord0 + 1, 1);
	F->e->res = w;
	int rc = mark ? plan_capacity__reload(f->cap) : PLAN_ENOMEM;
	/* what loads the blocked resource during the block (a split's piece:
	 * the order it was split from) */
	for (size_t i = 0; !rc && i < w->nload; i++) {
		const plan_load_rec *ld = &w->load[i];
		if (ld->order < 0 || ld->resource != res || ld->date < from || ld->date > to)
			continue;
		int32_t o = f->st[ld->order].head >= 0 ? f->st[ld->order].head : ld->order;
		if (mark[o])
			continue;
		mark[o] = 1;
		rc = heap_push(&h, o - (int32_t)w->nsched);
	}
	f->rescheduled = 0;
	while (!rc && h.n) {
		int32_t p = heap_pop(&h), o = (int32_t)w->nsched + p;
		const plan_ord *so = &snap->ord[o];
		if (plan_vec__reserve((void **)&olds, &old_cap, sizeof(*olds), nold + 1) < 0 ||
		    plan_vec__reserve((void **)&was, &was_cap, sizeof(*was), so->alloc_count + 1) < 0) {
			rc = PLAN_ENOMEM;
			break;
		}
		remember(f, o, &olds[nold++], old);
		for (uint32_t k = 0; k < so->alloc_count; k++) {
			int32_t slot = F->slot_of[so->alloc_first + k];
			was[k] = slot >= 0 ? f->avail[slot] : PLAN_DATE_NONE;
		}
		unschedule(f, o);
		int32_t via;
		plan_date ready = plan_feas__ready_of(f, (size_t)p, &via);
		uint32_t l0 = (uint32_t)w->nload, x0 = (uint32_t)w->nexc, a0 = (uint32_t)w->nadj;
		rc = plan_feas__schedule(f, o, ready, via);
		ostate *s = &f->st[o];
		s->load_first = l0;
		s->load_count = (uint32_t)w->nload - l0;
		s->exc_first = x0;
		s->exc_count = (uint32_t)w->nexc - x0;
		s->adj_first = a0;
		s->adj_count = (uint32_t)w->nadj - a0;
		f->rescheduled++;
		/* what draws on it and now gets it later goes again */
		for (uint32_t k = 0; !rc && k < so->alloc_count; k++) {
			int32_t slot = F->slot_of[so->alloc_first + k];
			int32_t c = snap->alloc[so->alloc_first + k].src;
			if (slot < 0 || c < 0 || mark[c] || f->avail[slot] <= was[k])
				continue;
			mark[c] = 1;
			rc = heap_push(&h, c - (int32_t)w->nsched);
		}
	}
	/* none back from being left out, none made of more than before: the
	 * plan is patched where it is (patch()); else made again from the
	 * working plan */
	int same = f->new_of && f->old_of && old;
	for (size_t i = 0; same && i < nold; i++) {
		const old_state *a = &olds[i];
		const ostate *b = &f->st[a->order];
		same = !(a->dropped && !b->dropped) && (b->dropped || w->ord[a->order].qty <= a->qty);
	}
	if (!rc && same && (rc = patch(f, old, olds, nold)) == 0)
		*out = old;
	else if (!rc || rc == PLAN_EINVAL)
		rc = plan_feas__materialize(f, out);
	F->e->res = F->snap;
	F->rescheduled = f->rescheduled;
	/* the changes, against the previous plan */
	for (size_t i = 0; !rc && i < nold; i++) {
		old_state b;
		remember(f, olds[i].order, &b, *out);
		*fn = report_change(f->m, snap->ord[olds[i].order].sku, &olds[i], &b, *fn, ctx, count);
	}
	free(h.v);
	free(olds);
	free(was);
	free(mark);
	if (rc) {
		if (*out != old)
			plan_result_free(*out);
		*out = NULL;
	}
	return rc;
}
