/* The feasibility step: the unconstrained plan, made feasible.
 *
 * The unconstrained plan (netting, lot sizing, lanes, pegging) fixes the
 * orders and who draws on whom: its single-level allocations say which
 * supply each requirement (a parent order's component draw, a transfer, an
 * end demand) takes, and how much. This step keeps those quantities and
 * allocations and moves orders in time until every rule of format.md holds:
 *
 *   - an order is released no earlier than start and no earlier than every
 *     supply allocated to it has arrived (stock on hand is there at start);
 *     so stock never goes below zero, whatever moves: each draw is covered
 *     by supply that arrived before it;
 *   - make and buy orders span their lead time in working days, transfers
 *     their transfer days;
 *   - make orders are loaded on finite capacity (maintenance blocks, their
 *     alternates), transfers within max_per_bucket of their lane.
 *
 * Orders are scheduled one by one, in the order of the most important end
 * demand each one serves (demand priority, then due date), components and
 * sources before what they feed (deeper low-level code first on a tie). So
 * the capacity and lane room that orders for a demand of higher priority
 * need is taken before any order serving only lower-priority demand asks for
 * it: a higher-priority demand is never made later to serve a lower one.
 *
 * For each order, what is tried, in this order:
 *   1. its unconstrained dates, if its supplies are there and its loads fit
 *      (loads as late as possible within [release, due]);
 *   2. a make order whose window is full: build earlier, loading days
 *      before its release as far back as its supplies allow (blocks'
 *      alternates take hours on the days they cover, in every try);
 *   3. a transfer whose lane is full in the bucket of its release: ship the
 *      rest earlier in buckets with room (as far back as its supply allows),
 *      then later; the order is split into one order per bucket;
 *      a make order whose window is full: split, what the window's room
 *      makes and its first consumers can use made on time, the rest in a
 *      second order due no later than the whole order would be by 4 (so no
 *      consumer gets it later for the split; setup hours count twice);
 *   4. later: the earliest due its supplies, lead time and capacity allow,
 *      released as late as the loads and the lead time let it be;
 *   5. a make order that cannot be finished within the horizon is made in
 *      part: what the capacity left by the horizon makes and its consumers
 *      can use, first in, first out (whole parent draws, part of an end
 *      demand's); the rest is left out;
 *   6. short: what cannot arrive by the horizon's last day is dropped, and
 *      with it what draws on it (an order missing a component cannot be
 *      made); the end demands served by it are short.
 * The next lane by priority is the netting's (sourcing.c): a lane's limit
 * sends the rest of a requirement to the next lane there, and in this mode
 * that is reported as a "lane" adjustment.
 *
 * Each end demand is delivered in parts: what stock on hand gives it on its
 * due date (start if due before), what each supply order gives it on the
 * later of its due date and the order's. A late or short demand gets an
 * exception naming the chain of constraints that held it back.
 *
 * In this file: setting up (the sequence, the plan laid out in it, the
 * draws) and passes. Moving orders (the tries above) is feas_tries.c;
 * replays (a pass after a change of capacity copies what the change does
 * not reach from the last pass) feas_replay.c; building the plan from a
 * pass's working plan feas_build.c; local repairs (the last pass mended in
 * place after a block) feas_repair.c.
 *
 * A split's first order keeps the order's index; the others are new orders
 * at the end of the working plan (ostate.next_piece chains them, .head
 * names the first), numbered as they are made, so a replay renumbers what
 * it copies (plan_feas__renumber_pieces()). */
#include "feasible/feasible_impl.h"

/* --- setting up --------------------------------------------------------- */

/* What stock on hand gives each demand: what its allocations do not. */
static int stock_parts(plan_feas *F)
{
	const plan_result *r = F->snap;
	const plan_model *m = r->model;
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n;
	F->stock_part = malloc((nd + 1) * sizeof(*F->stock_part));
	if (!F->stock_part)
		return PLAN_ENOMEM;
	for (size_t d = 0; d < nd; d++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		F->stock_part[d] = dd->qty > 0 ? dd->qty : 0;
	}
	for (size_t i = 0; i < F->nalloc0; i++)
		if (r->alloc[i].src < 0)
			F->stock_part[-1 - r->alloc[i].src] -= r->alloc[i].qty;
	return 0;
}

/* The draw slots (see plan_feas), once the plan is laid out in sequence
 * (permute()): the planned order at position p is order nsched + p. A
 * counting sort of the allocations by the order that draws them; the
 * counters and slots each allocation reaches are prefetched a few
 * allocations ahead (they are scattered over the whole plan). */
static int index_draws(plan_feas *F)
{
	const plan_result *r = F->snap;
	const plan_alloc_rec *al = r->alloc;
	int32_t ns = (int32_t)r->nsched;
	size_t na = F->nalloc0;
	if (plan_big__reserve((void **)&F->cin_off, &F->cin_off_cap, sizeof(*F->cin_off), F->nseq + 2) < 0 ||
	    plan_big__reserve((void **)&F->slot_of, &F->slot_of_cap, sizeof(*F->slot_of), na + 1) < 0)
		return PLAN_ENOMEM;
	memset(F->cin_off, 0, (F->nseq + 2) * sizeof(*F->cin_off));
	int32_t *cnt = F->cin_off + 1;
	for (size_t i = 0; i < na; i++) {
		if (i + 16 < na && al[i + 16].src >= ns)
			__builtin_prefetch(&cnt[al[i + 16].src - ns], 1);
		if (al[i].src >= ns)
			cnt[al[i].src - ns]++;
	}
	for (size_t k = 0; k < F->nseq; k++)
		F->cin_off[k + 1] += F->cin_off[k];
	F->nslots = (size_t)F->cin_off[F->nseq];
	int32_t *fill = malloc((F->nseq + 1) * sizeof(*fill));
	if (plan_big__reserve((void **)&F->cin_src, &F->cin_src_cap, sizeof(*F->cin_src), F->nslots + 1) < 0 ||
	    !fill) {
		free(fill);
		return PLAN_ENOMEM;
	}
	memcpy(fill, F->cin_off, (F->nseq + 1) * sizeof(*fill));
	for (size_t i = 0; i < na; i++) {
		if (i + 16 < na && al[i + 16].src >= ns)
			__builtin_prefetch(&fill[al[i + 16].src - ns], 1);
		if (i + 8 < na && al[i + 8].src >= ns)
			__builtin_prefetch(&F->cin_src[fill[al[i + 8].src - ns]], 1);
		int32_t src = al[i].src;
		F->slot_of[i] = -1;
		if (src < ns)
			continue;
		int32_t slot = fill[src - ns]++;
		F->cin_src[slot] = al[i].order;
		F->slot_of[i] = slot;
	}
	free(fill);
	return 0;
}

static int cmp_okey(const void *a, const void *b)
{
	const okey *x = a, *y = b;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->llc != y->llc)
		return x->llc > y->llc ? -1 : 1; /* deeper first */
	if (x->rel != y->rel)
		return x->rel < y->rel ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorts keys as cmp_okey() does. The fields fit in 64 bits (priority
 * clamped to 0..255 -- more is "no demand" --, due and release as day
 * offsets, the low-level code reversed); a stable LSD radix sort over that
 * word keeps the order index ascending on ties, as cmp_okey() does. Falls
 * back to qsort() when a range does not fit. */
typedef struct rkey {
	uint64_t key;
	uint32_t i;
} rkey;


static int sort_keys(okey *k, size_t n, int32_t *seq)
{
	plan_date dmin = NEVER, rmin = NEVER, dmax = INT32_MIN, rmax = INT32_MIN;
	int ok = 1;
	for (size_t i = 0; i < n; i++) {
		if (k[i].due != NEVER) {
			dmin = k[i].due < dmin ? k[i].due : dmin;
			dmax = k[i].due > dmax ? k[i].due : dmax;
		}
		rmin = k[i].rel < rmin ? k[i].rel : rmin;
		rmax = k[i].rel > rmax ? k[i].rel : rmax;
		ok &= k[i].llc >= 0 && k[i].llc < 256 && (k[i].prio == INT_MAX || (k[i].prio >= 0 && k[i].prio < 255));
	}
	if (dmin == NEVER)
		dmin = dmax = 0;
	if (n < 2 || !ok || (int64_t)dmax - dmin >= (1 << 20) - 1 || (int64_t)rmax - rmin >= (1 << 20)) {
		if (n > 1)
			qsort(k, n, sizeof(*k), cmp_okey);
		for (size_t i = 0; i < n; i++)
			seq[i] = k[i].order;
		return 0;
	}
	rkey *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	if (!a || !b) {
		free(a);
		free(b);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t prio = k[i].prio == INT_MAX ? 255 : (uint64_t)k[i].prio;
		uint64_t due = k[i].due == NEVER ? (1u << 20) - 1 : (uint64_t)(k[i].due - dmin);
		a[i].key = prio << 48 | due << 28 | (uint64_t)(255 - k[i].llc) << 20 |
			   (uint64_t)(k[i].rel - rmin);
		a[i].i = (uint32_t)k[i].order;
	}
	for (int shift = 0; shift < 56; shift += 8) {
		size_t cnt[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			cnt[((a[i].key >> shift) & 255) + 1]++;
		if (cnt[((a[0].key >> shift) & 255) + 1] == n)
			continue; /* one value in this byte: nothing moves */
		for (int j = 0; j < 256; j++)
			cnt[j + 1] += cnt[j];
		for (size_t i = 0; i < n; i++)
			b[cnt[(a[i].key >> shift) & 255]++] = a[i];
		rkey *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		seq[i] = (int32_t)a[i].i;
	free(a);
	free(b);
	return 0;
}

/* The planned orders in the order they are scheduled: by the most important
 * end demand each serves, which a component inherits from its parents (a
 * parent is planned at a lower low-level code, so it comes first in the
 * result and its key is known when its components are reached). */
static int sequence(plan_feas *F)
{
	const plan_result *r = F->snap;
	const plan_model *m = r->model;
	size_t np = F->nord0 - r->nsched;
	okey *k = malloc((np ? np : 1) * sizeof(*k));
	if (!k)
		return PLAN_ENOMEM;
	for (size_t o = r->nsched; o < F->nord0; o++) {
		okey *x = &k[o - r->nsched];
		const plan_ord *ord = &r->ord[o];
		*x = (okey){ INT_MAX, NEVER, m->sku_llc[ord->sku], ord->release, (int32_t)o };
		for (uint32_t a = 0; a < ord->alloc_count; a++) {
			const plan_alloc_rec *ar = &r->alloc[ord->alloc_first + a];
			int prio;
			plan_date due;
			if (ar->src < 0) {
				const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, -1 - ar->src);
				prio = d->priority;
				due = d->due;
			} else if ((size_t)ar->src >= r->nsched && (size_t)ar->src < o) {
				prio = k[ar->src - (int32_t)r->nsched].prio;
				due = k[ar->src - (int32_t)r->nsched].due;
			} else {
				continue;
			}
			if (prio < x->prio || (prio == x->prio && due < x->due)) {
				x->prio = prio;
				x->due = due;
			}
		}
	}
	F->seq = malloc((np ? np : 1) * sizeof(*F->seq));
	int rc = F->seq ? sort_keys(k, np, F->seq) : PLAN_ENOMEM;
	free(k);
	F->nseq = np;
	return rc;
}

/* Lays the unconstrained plan out in sequence: the planned order scheduled
 * k-th becomes order nsched + k (receipts keep their places), its
 * allocations follow in that order, and everything that names an order is
 * renumbered. A pass then walks orders, their states and their
 * allocations front to back in memory, instead of jumping about 23 million
 * orders at random. work_of maps an order of the plan as netting made it
 * to its place here; the plans a pass makes keep netting's order. */
static int permute(plan_feas *F)
{
	plan_result *r = F->snap;
	size_t n = F->nord0, ns = r->nsched, na = 0, ocap = 0, acap = 0;
	plan_ord *ord = NULL;
	plan_alloc_rec *al = NULL;
	int32_t *to = malloc((n + 1) * sizeof(*to));
	if (!to || plan_big__reserve((void **)&ord, &ocap, sizeof(*ord), n + 1) < 0 ||
	    plan_big__reserve((void **)&al, &acap, sizeof(*al), F->nalloc0 + 1) < 0) {
		free(to);
		plan_big__free(ord, ocap, sizeof(*ord));
		return PLAN_ENOMEM;
	}
	for (size_t o = 0; o < ns; o++)
		to[o] = (int32_t)o;
	for (size_t k = 0; k < F->nseq; k++)
		to[F->seq[k]] = (int32_t)(ns + k);
	/* gathered at random: what is read a few orders ahead is prefetched */
	for (size_t j = 0; j < n; j++) {
		if (j >= ns && j + 16 < n)
			__builtin_prefetch(&r->ord[F->seq[j + 16 - ns]]);
		if (j >= ns && j + 8 < n && r->alloc)
			__builtin_prefetch(&r->alloc[r->ord[F->seq[j + 8 - ns]].alloc_first]);
		const plan_ord *o = &r->ord[j < ns ? j : (size_t)F->seq[j - ns]];
		ord[j] = *o;
		ord[j].alloc_first = (uint32_t)na;
		for (uint32_t a = 0; a < o->alloc_count; a++) {
			plan_alloc_rec y = r->alloc[o->alloc_first + a];
			y.order = (int32_t)j;
			al[na++] = y;
		}
	}
	for (size_t i = 0; i < na; i++) {
		if (i + 16 < na && al[i + 16].src >= 0)
			__builtin_prefetch(&to[al[i + 16].src]);
		if (al[i].src >= 0)
			al[i].src = to[al[i].src];
	}
	plan_big__free(r->ord, r->ord_cap, sizeof(*r->ord));
	plan_big__free(r->alloc, r->alloc_cap, sizeof(*r->alloc));
	r->ord = ord;
	r->ord_cap = ocap;
	r->alloc = al;
	r->alloc_cap = acap;
	for (size_t i = 0; i < r->nexc; i++)
		if (r->exc[i].order >= 0)
			r->exc[i].order = to[r->exc[i].order];
	for (size_t i = 0; i < r->nadj; i++)
		if (r->adj[i].order >= 0)
			r->adj[i].order = to[r->adj[i].order];
	for (size_t i = 0; i < r->nload; i++)
		if (r->load[i].order >= 0)
			r->load[i].order = to[r->load[i].order];
	free(F->seq);
	F->seq = NULL; /* it is now nsched, nsched + 1, ... */
	F->work_of = to;
	return 0;
}

/* --- passes ------------------------------------------------------------- */

static void pass_free(feas *f)
{
	if (!f)
		return;
	plan_capacity__close(f->cap, 0);
	plan_result_free(f->r);
	plan_big__free(f->st, f->st_cap, sizeof(*f->st));
	plan_big__free(f->avail, f->avail_cap, sizeof(*f->avail));
	free(f->lane_used);
	free(f->res_dirty);
	free(f->lane_dirty);
	free(f->new_of);
	free(f->old_of);
	free(f->pc);
	free(f->gone_why);
	free(f);
}

/* A working plan: the unconstrained plan's orders, allocations, the
 * messages that still hold (its critical conditions are what the pass
 * resolves) and the lane adjustments of the netting. */
static int pass_init(plan_feas *F, feas *f)
{
	plan_engine *e = F->e;
	plan_result *snap = F->snap;
	const plan_model *m = snap->model;
	plan_result *w = calloc(1, sizeof(*w));
	f->F = F;
	f->e = e;
	f->r = w;
	f->m = m;
	f->start = e->start;
	f->nb = e->bk.n;
	f->last = e->bk.start[f->nb] - 1;
	f->nord0 = F->nord0;
	f->nalloc0 = F->nalloc0;
	f->cin_off = F->cin_off;
	f->cin_src = F->cin_src;
	f->slot_of = F->slot_of;
	size_t nl = m->tab[PLAN_TABLE_SOURCING].n, nres = m->tab[PLAN_TABLE_RESOURCES].n;
	if (!w)
		return PLAN_ENOMEM;
	w->model = m;
	w->constrained = 1;
	w->nsched = snap->nsched;
	if (F->take) {
		/* one pass, and the unconstrained plan is not needed after it:
		 * its orders and allocations are taken over, not copied */
		plan_feas__hand_over((void **)&w->ord, &w->ord_cap, (void **)&snap->ord, &snap->ord_cap);
		plan_feas__hand_over((void **)&w->alloc, &w->alloc_cap, (void **)&snap->alloc, &snap->alloc_cap);
		F->take = 0;
	}
	if (plan_big__reserve((void **)&w->ord, &w->ord_cap, sizeof(*w->ord), F->nord0 + 1) < 0 ||
	    plan_big__reserve((void **)&w->alloc, &w->alloc_cap, sizeof(*w->alloc), F->nalloc0 + 1) < 0 ||
	    plan_vec__reserve((void **)&w->exc, &w->exc_cap, sizeof(*w->exc), snap->nexc + 1) < 0 ||
	    plan_vec__reserve((void **)&w->adj, &w->adj_cap, sizeof(*w->adj), snap->nadj + 1) < 0 ||
	    plan_feas__grow_states(f, F->nord0 + 1) < 0 ||
	    plan_big__reserve((void **)&f->avail, &f->avail_cap, sizeof(*f->avail), F->nslots + 1) < 0 ||
	    !(f->lane_used = calloc(nl * f->nb + 1, sizeof(*f->lane_used))) ||
	    !(f->res_dirty = calloc(nres + 1, 1)) || !(f->lane_dirty = calloc(nl + 1, 1)))
		return PLAN_ENOMEM;
	if (F->nord0 && snap->ord)
		memcpy(w->ord, snap->ord, F->nord0 * sizeof(*w->ord));
	if (F->nalloc0 && snap->alloc)
		memcpy(w->alloc, snap->alloc, F->nalloc0 * sizeof(*w->alloc));
	w->nord = F->nord0;
	w->nalloc = F->nalloc0;
	for (size_t i = 0; i < snap->nexc; i++) {
		const plan_exc_rec *x = &snap->exc[i];
		if (x->code != EXC_PAST_DUE_RELEASE && x->code != EXC_LANE_OVER_LIMIT &&
		    x->code != EXC_OVERLOAD)
			w->exc[w->nexc++] = *x;
	}
	if (snap->nadj)
		memcpy(w->adj, snap->adj, snap->nadj * sizeof(*w->adj));
	w->nadj = snap->nadj;
	for (size_t i = 0; i < F->nord0; i++) {
		const plan_ord *o = &w->ord[i];
		f->st[i] = (ostate){ o->release, o->due, PLAN_DATE_NONE, -1, -1, -1, C_NONE, 0, NULL,
				     0, 0, 0, 0, 0, 0 };
	}
	/* planned orders arrive when scheduled; scheduled receipts at their due
	 * date (start if past due) */
	for (size_t k = 0; k < F->nslots; k++)
		f->avail[k] = NEVER;
	for (size_t o = 0; o < w->nsched; o++) {
		const plan_ord *x = &w->ord[o];
		for (uint32_t a = 0; a < x->alloc_count; a++)
			plan_feas__set_avail(f, x->alloc_first + a, x->due > f->start ? x->due : f->start);
	}
	e->res = w;
	return plan_capacity__open(e, &f->cap);
}

/* One pass: every planned order in sequence, replayed from prev where
 * nothing it depends on changed (res_dirty: resources whose capacity did),
 * scheduled otherwise. */
static int pass_run(plan_feas *F, const feas *prev, const uint8_t *res_dirty, feas **out)
{
	feas *f = calloc(1, sizeof(*f));
	*out = NULL;
	if (!f)
		return PLAN_ENOMEM;
	int rc = pass_init(F, f);
	f->prev = prev;
	if (!rc && prev && res_dirty)
		memcpy(f->res_dirty, res_dirty, f->m->tab[PLAN_TABLE_RESOURCES].n);
	plan_result *w = f->r;
	for (size_t k = 0; !rc && k < F->nseq; k++) {
		int32_t o = (int32_t)(w->nsched + k), via;
		plan_date ready = plan_feas__ready_of(f, k, &via);
		ostate *s = &f->st[o];
		uint32_t l0 = (uint32_t)w->nload, x0 = (uint32_t)w->nexc, a0 = (uint32_t)w->nadj;
		int same = plan_feas__clean(f, o, ready, via);
		rc = same ? plan_feas__replay(f, o) : plan_feas__schedule(f, o, ready, via);
		s = &f->st[o];
		s->load_first = l0;
		s->load_count = (uint32_t)w->nload - l0;
		s->exc_first = x0;
		s->exc_count = (uint32_t)w->nexc - x0;
		s->adj_first = a0;
		s->adj_count = (uint32_t)w->nadj - a0;
		if (!same) {
			f->rescheduled++;
			if (prev && !rc)
				plan_feas__compare(f, o);
		}
	}
	f->e->res = w;
	if (rc) {
		pass_free(f);
		return rc;
	}
	/* its strings outlive it: later passes replay them */
	plan_arena__splice(&F->strings, &w->arena);
	*out = f;
	return 0;
}

int plan_feasible__new(plan_feas **out, plan_engine *e)
{
	plan_feas *F = calloc(1, sizeof(*F));
	*out = NULL;
	if (!F)
		return PLAN_ENOMEM;
	F->e = e;
	F->snap = e->res;
	F->nord0 = F->snap->nord;
	F->nalloc0 = F->snap->nalloc;
	int rc = stock_parts(F);
	if (!rc)
		rc = sequence(F);
	if (!rc)
		rc = permute(F);
	if (!rc)
		rc = index_draws(F);
	if (rc) {
		F->snap = NULL; /* the caller's still */
		plan_feasible__free(F);
		return rc;
	}
	*out = F;
	return 0;
}

int plan_feasible__pass(plan_feas *F, const uint8_t *res_dirty, plan_result **out)
{
	feas *f = NULL;
	*out = NULL;
	int rc = pass_run(F, res_dirty ? F->last : NULL, res_dirty, &f);
	if (!rc)
		rc = plan_feas__materialize(f, out);
	F->e->res = F->snap;
	if (rc) {
		pass_free(f);
		return rc;
	}
	F->rescheduled = f->rescheduled;
	pass_free(F->before);
	F->before = F->last;
	F->last = f;
	return 0;
}

void plan_feasible__once(plan_feas *F)
{
	F->take = 1;
	F->once = 1;
}

size_t plan_feasible__rescheduled(const plan_feas *F)
{
	return F->rescheduled;
}

void plan_feasible__give_strings(plan_feas *F, plan_result *r)
{
	plan_arena__splice(&r->arena, &F->strings);
	if (F->snap)
		plan_arena__splice(&r->arena, &F->snap->arena);
}

int plan_feasible__plan(plan_engine *e, plan_feas **keep, plan_result **out)
{
	plan_feas *f = NULL;
	plan_result *r = NULL;
	*out = NULL;
	if (keep)
		*keep = NULL;
	int rc = plan_feasible__new(&f, e);
	if (!rc && !keep)
		plan_feasible__once(f);
	if (!rc)
		rc = plan_feasible__pass(f, NULL, &r);
	if (!rc && !keep)
		plan_feasible__give_strings(f, r);
	if (rc || !keep)
		plan_feasible__free(f);
	else
		*keep = f;
	*out = r;
	return rc;
}

void plan_feasible__free(plan_feas *F)
{
	if (!F)
		return;
	pass_free(F->last);
	pass_free(F->before);
	plan_arena__free(&F->strings);
	plan_big__free(F->cin_off, F->cin_off_cap, sizeof(*F->cin_off));
	plan_big__free(F->cin_src, F->cin_src_cap, sizeof(*F->cin_src));
	plan_big__free(F->slot_of, F->slot_of_cap, sizeof(*F->slot_of));
	free(F->stock_part);
	free(F->seq);
	free(F->work_of);
	free(F);
}
