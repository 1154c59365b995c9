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
 * In this file, in order: setting up (the sequence, the plan laid out in
 * it, the draws); moving orders (the tries above); replays (a pass after a
 * change of capacity copies what the change does not reach from the last
 * pass); building the plan from a pass's working plan; passes; local
 * repairs (the last pass mended in place after a block).
 *
 * A split's first order keeps the order's index; the others are new orders
 * at the end of the working plan (ostate.next_piece chains them, .head
 * names the first), numbered as they are made, so a replay renumbers what
 * it copies (renumber_pieces()). */
#include "engine.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEVER INT32_MAX
#define TOMB 255     /* an exception's severity or an adjustment's action: taken back by a repair */

enum cause { C_NONE, C_START, C_MATERIAL, C_CAPACITY, C_LANE, C_HORIZON, C_EFFECTIVITY };

/* What a pass knows of each order (indices of its working plan). */
typedef struct ostate {
	plan_date rel0, due0;    /* the unconstrained dates */
	plan_date ready;         /* when its supplies were all there */
	int32_t via;             /* C_MATERIAL: the supply (an order of the unconstrained plan) that came last */
	int32_t next_piece;      /* a split's next order, or -1 */
	int32_t head;            /* a split's piece: the order it was split from; else -1 */
	uint8_t cause, dropped;
	const char *why;         /* the reason of its move, in the working plan's arena */
	/* what scheduling it added to the working plan, for replays */
	uint32_t load_first, load_count, exc_first, exc_count, adj_first, adj_count;
} ostate;

typedef struct piece {
	plan_date rel, due;
	double qty;
} piece;

typedef struct okey {
	int prio;
	plan_date due;
	int llc;
	plan_date rel;
	int32_t order;
} okey;

/* One pass over the orders: the working plan (the unconstrained plan's
 * orders and allocations, moved and split; loads; exceptions and
 * adjustments), before left-out orders are taken out. */
typedef struct feas {
	plan_feas *F;
	plan_engine *e;
	plan_result *r;          /* the working plan */
	const plan_model *m;
	plan_cap *cap;
	plan_date start, last;   /* the horizon's first and last day */
	size_t nord0, nalloc0, nb;
	ostate *st;
	size_t st_cap;
	plan_date *avail;        /* by draw slot: when the supply of that allocation can be used */
	size_t avail_cap;
	const int32_t *cin_off, *cin_src, *slot_of; /* the draws, shared (plan_feas) */
	double *lane_used;       /* lane x bucket */
	const struct feas *prev; /* the pass this one replays, or NULL */
	uint8_t *res_dirty;      /* replays: resources whose state differs from prev's */
	uint8_t *lane_dirty;
	size_t rescheduled;
	int32_t *new_of;         /* working plan index -> the plan's (materialize) */
	int32_t *old_of;         /* and back */
	size_t new_n, old_n;     /* their lengths */
	piece *pc;
	size_t pc_cap;
	const char **gone_why;   /* by SKU: the reason of what waits for it when it cannot arrive */
	char buf[512];
} feas;

/* What every pass over one unconstrained plan shares. */
struct plan_feas {
	plan_engine *e;
	/* the unconstrained plan: orders, allocations, messages; laid out in
	 * sequence by permute() (the planned order scheduled k-th is order
	 * nsched + k) */
	plan_result *snap;
	size_t nord0, nalloc0;
	/* The allocations each planned order draws, in the same order: those
	 * of the order at position p (order nsched + p) are the draw slots
	 * cin_off[p] .. cin_off[p + 1], each naming the order that supplies it
	 * (cin_src); slot_of maps an allocation to its slot (-1: an end
	 * demand's). A pass keeps when each slot's supply arrives in slot
	 * order, so an order reads its draws front to back. */
	int32_t *cin_off, *cin_src, *slot_of; /* on huge pages (plan_big) */
	size_t cin_off_cap, cin_src_cap, slot_of_cap;
	size_t nslots;
	double *stock_part;      /* by demand: what stock on hand gives it */
	int32_t *seq;            /* planned orders in the order they are scheduled (until permute()) */
	size_t nseq;
	int32_t *work_of;        /* netting's order index -> the snapshot's (permute()) */
	feas *last;              /* the last pass (its working plan), for replays */
	feas *before;            /* the one before (what a repair's changes are against) */
	plan_arena strings;      /* every pass's messages, reasons and details: replays share them */
	size_t rescheduled;      /* orders the last pass scheduled (not replayed) */
	int take;                /* the next pass takes the unconstrained plan's arrays */
	int once;                /* one pass only: its plan takes the working plan's arrays */
};

static const char *keep_str(feas *f, const char *s)
{
	return plan_arena__strndup(&f->r->arena, s, strlen(s));
}

static const char *sku_item(const plan_model *m, int32_t s)
{
	return m->ns[NS_ITEM].str[TAB_ID(m, PLAN_TABLE_SKUS, s, 0)];
}

static const char *sku_site(const plan_model *m, int32_t s)
{
	return m->ns[NS_SITE].str[TAB_ID(m, PLAN_TABLE_SKUS, s, 1)];
}

static const char *fmt(char *b, plan_date d)
{
	plan_date_format(b, d);
	return b;
}

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

/* When the supply of allocation rec can be used. */
static inline void set_avail(feas *f, size_t rec, plan_date d)
{
	if (rec < f->nalloc0 && f->slot_of[rec] >= 0)
		f->avail[f->slot_of[rec]] = d;
}

/* Moves an array (and its capacity) from one owner to another that has
 * none. */
static void hand_over(void **to, size_t *to_cap, void **from, size_t *from_cap)
{
	*to = *from;
	*to_cap = *from_cap;
	*from = NULL;
	*from_cap = 0;
}

static int grow_states(feas *f, size_t n)
{
	if (plan_big__reserve((void **)&f->st, &f->st_cap, sizeof(*f->st), n) < 0)
		return PLAN_ENOMEM;
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
		set_avail(f, ord->alloc_first + k, NEVER);
	static const char *const kinds[] = { "make", "buy", "transfer" };
	snprintf(f->buf, sizeof(f->buf), "%s order of %.10g %s@%s due %s left out", kinds[ord->kind],
		 ord->qty, sku_item(f->m, ord->sku), sku_site(f->m, ord->sku), fmt(a, s->due0));
	return adjust(f, o, ADJ_SHORT, why, keep_str(f, f->buf));
}

/* Its supplies have arrived: sets the order's allocations' dates. */
static void arrived(feas *f, int32_t o)
{
	const plan_ord *ord = &f->r->ord[o];
	for (uint32_t k = 0; k < ord->alloc_count; k++)
		set_avail(f, ord->alloc_first + k, ord->due);
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
static int apply_pieces(feas *f, int32_t o, const piece *pc, size_t n)
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
		if (id[k] < 0 || grow_states(f, r->nord) < 0)
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
		set_avail(f, i, x > eps || !part ? NEVER : last);
	}
	r->ord[o].alloc_count = keep0;
	return 0;
}

/* What of at most q of order o, after its first `skip`, its consumers can
 * use, first in, first out (as apply_pieces() hands it out): whole draws of
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
		arrived(f, o);
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
		if ((rc = apply_pieces(f, o, pc, 2)))
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
		if ((rc = apply_pieces(f, o, &p1, 1)))
			return rc;
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
			 "; only %.10g of %.10g can be made by the horizon", part, full);
	} else {
		ord->release = rel;
		ord->due = due;
		arrived(f, o);
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
		arrived(f, o);
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
	int rc = apply_pieces(f, o, f->pc, n);
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

/* When every supply allocated to the order at position p has arrived, and
 * the one that came last. */
static plan_date ready_of(const feas *f, size_t p, int32_t *via)
{
	plan_date ready = f->start;
	*via = -1;
	for (int32_t k = f->cin_off[p]; k < f->cin_off[p + 1]; k++) {
		if (f->avail[k] > ready) {
			ready = f->avail[k];
			*via = f->cin_src[k];
		}
	}
	return ready;
}

static int schedule(feas *f, int32_t o, plan_date ready, int32_t via)
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

/* --- replays ------------------------------------------------------------ *
 * A pass after a change of capacity replays the previous one: an order
 * whose supplies arrive when they did and whose resources (and the
 * alternates of their blocks) and lane are in the state they were in when
 * it was scheduled gets the same dates, pieces, loads and adjustments, so
 * they are copied; any other order is scheduled again. A resource's state
 * differs once its capacity changed or once an order rescheduled loads it
 * differently; a lane's once a transfer ships differently. So the pass ends
 * with exactly the plan a pass from scratch would make. */

static int clean(const feas *f, int32_t o, plan_date ready, int32_t via)
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
static void renumber_pieces(feas *f, const feas *q, int32_t o, size_t l0, size_t x0, size_t a0)
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

static int replay(feas *f, int32_t o)
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
			set_avail(f, ord->alloc_first + k, NEVER);
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
		arrived(f, o);
	} else if ((rc = apply_pieces(f, o, f->pc, n))) {
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
		renumber_pieces(f, q, o, l0, x0, a0);
	return 0;
}

/* After order o was scheduled again: what now differs from the previous
 * pass for the orders after it. */
static void compare(feas *f, int32_t o)
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

/* --- the plan as it now is ---------------------------------------------- */

typedef struct part {
	int32_t demand;
	plan_date date;
	double qty;
	int32_t order;    /* (index in the plan) or -1: stock on hand */
} part;

static int cmp_part(const void *a, const void *b)
{
	const part *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The chain of constraints that holds an order back, from its own reason
 * down the supplies that came last. o: the working plan's index. */
static void chain(const feas *f, const plan_result *R, const int32_t *new_of, int32_t o,
		  char *buf, size_t len)
{
	size_t w = strlen(buf);
	for (int hop = 0; o >= 0 && hop < 6 && w + 1 < len; hop++) {
		const ostate *s = &f->st[o];
		if (new_of[o] < 0 || !s->why)
			break;
		const plan_ord *ord = &R->ord[new_of[o]];
		char a[11], b[11];
		int k = snprintf(buf + w, len - w, "%s%s (%s@%s) due %s, not %s: %s", hop ? "; " : "",
				 plan_result__id(R, (size_t)new_of[o]), sku_item(f->m, ord->sku),
				 sku_site(f->m, ord->sku), fmt(a, ord->due), fmt(b, s->due0), s->why);
		if (k < 0 || (size_t)k >= len - w) {
			buf[len - 1] = '\0';
			return;
		}
		w += (size_t)k;
		/* the supply it waited for said what held it back */
		if (s->cause != C_MATERIAL)
			break;
		o = s->via;
	}
}

/* Deliveries in parts and the late and short demands with their reasons. */
static int deliver(const feas *f, plan_result *R, const int32_t *new_of, const int32_t *old_of)
{
	const plan_model *m = f->m;
	const double *stock_part = f->F->stock_part;
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n, np = 0;
	/* the parts of each demand: a counting sort by demand, then each
	 * demand's few parts by date (stock first on a tie), then order */
	int32_t *at = calloc(nd + 2, sizeof(*at));
	if (!at)
		return PLAN_ENOMEM;
	for (size_t d = 0; d < nd; d++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		at[d + 2] += dd->qty > 0 && stock_part[d] > PLAN_EPS * (1 + dd->qty);
	}
	for (size_t i = 0; i < R->nalloc; i++)
		if (R->alloc[i].src < 0)
			at[-1 - R->alloc[i].src + 2]++;
	for (size_t d = 0; d < nd; d++)
		at[d + 2] += at[d + 1];
	np = (size_t)at[nd + 1];
	part *pt = malloc((np + 1) * sizeof(*pt));
	if (!pt) {
		free(at);
		return PLAN_ENOMEM;
	}
	for (size_t d = 0; d < nd; d++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		if (!(dd->qty > 0) || stock_part[d] <= PLAN_EPS * (1 + dd->qty))
			continue;
		pt[at[d + 1]++] = (part){ (int32_t)d, dd->due > f->start ? dd->due : f->start, stock_part[d], -1 };
	}
	for (size_t i = 0; i < R->nalloc; i++) {
		const plan_alloc_rec *a = &R->alloc[i];
		if (a->src >= 0)
			continue;
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, -1 - a->src);
		plan_date when = dd->due > f->start ? dd->due : f->start;
		if (R->ord[a->order].due > when)
			when = R->ord[a->order].due;
		pt[at[-1 - a->src + 1]++] = (part){ -1 - a->src, when, a->qty, a->order };
	}
	/* at[d] is now where demand d's parts start; each run sorted, stably */
	for (size_t d = 0; d < nd; d++) {
		part *x = pt + at[d];
		size_t n = (size_t)(at[d + 1] - at[d]);
		if (n > 16) {
			qsort(x, n, sizeof(*x), cmp_part);
			continue;
		}
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && cmp_part(&x[j - 1], &x[j]) > 0; j--) {
				part t = x[j];
				x[j] = x[j - 1];
				x[j - 1] = t;
			}
	}
	free(at);
	int rc = 0;
	for (size_t i = 0, d = 0; d < nd && !rc; d++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		double got = 0;
		plan_date lastd = PLAN_DATE_NONE;
		int32_t culprit = -1;
		for (; i < np && pt[i].demand == (int32_t)d; i++) {
			got += pt[i].qty;
			if (pt[i].date > dd->due && pt[i].order >= 0)
				culprit = pt[i].order;
			lastd = pt[i].date;
			if (R->ndlv && R->dlv[R->ndlv - 1].demand == (int32_t)d &&
			    R->dlv[R->ndlv - 1].date == pt[i].date) {
				R->dlv[R->ndlv - 1].qty += pt[i].qty;
				continue;
			}
			if (plan_vec__reserve((void **)&R->dlv, &R->dlv_cap, sizeof(*R->dlv), R->ndlv + 1) < 0) {
				rc = PLAN_ENOMEM;
				break;
			}
			R->dlv[R->ndlv++] = (plan_delivery_rec){ (int32_t)d, pt[i].date, pt[i].qty };
		}
		if (rc || !(dd->qty > 0))
			continue;
		double shortq = dd->qty - got;
		int late = lastd != PLAN_DATE_NONE && lastd > dd->due;
		if (shortq <= 1e-6 && !late)
			continue;
		char msg[1024], a[11], b[11];
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
		if (shortq > 1e-6)
			snprintf(msg, sizeof(msg), "%s short %.10g of %.10g (due %s): ", dd->id, shortq, dd->qty,
				 fmt(a, dd->due));
		else
			snprintf(msg, sizeof(msg), "%s late %d days (due %s, last part %s): ", dd->id,
				 (int)(lastd - dd->due), fmt(a, dd->due), fmt(b, lastd));
		size_t head = strlen(msg);
		if (dd->due < f->start && culprit < 0)
			snprintf(msg + head, sizeof(msg) - head, "due before the plan start");
		if (culprit >= 0)
			chain(f, R, new_of, old_of[culprit], msg, sizeof(msg));
		if (shortq > 1e-6) {
			size_t w = strlen(msg);
			snprintf(msg + w, sizeof(msg) - w, "%snot all of it can arrive within the horizon "
				 "(adjustments.csv, action short, says what was left out)", w > head ? "; " : "");
		}
		rc = plan_result__exception(R, EXC_LATE_DEMAND, PLAN_EXC_WARNING, sku, culprit, (int32_t)d,
					    lastd != PLAN_DATE_NONE ? lastd : dd->due,
					    shortq > 1e-6 ? shortq : dd->qty, "%s", msg);
	}
	free(pt);
	return rc;
}

/* The plan of a pass: left-out orders taken out, each split's orders after
 * the one they came from, everything that names an order renumbered; then
 * ids, deliveries, the capacity rows and the summary. The working plan
 * stays as it is (the next replay reads it); the plan's strings live in
 * the working plan's arena. */
/* Everything of a plan but its orders and allocations, from the working
 * plan: loads, messages, adjustments, deliveries and the late demands, the
 * capacity rows, the summary. (Again, when a repair patches a plan.) */
static int fill_rest(feas *f, plan_result *R, const int32_t *new_of, const int32_t *old_of,
		     int steal)
{
	plan_result *w = f->r;
	R->nload = R->nexc = R->nadj = R->ndlv = 0;
	/* steal: the working plan is not read again (a one-shot run), so its
	 * loads, messages and adjustments are renumbered in place and handed
	 * over rather than copied */
	if (!steal &&
	    (plan_big__reserve((void **)&R->load, &R->load_cap, sizeof(*R->load), w->nload + 1) < 0 ||
	     plan_vec__reserve((void **)&R->exc, &R->exc_cap, sizeof(*R->exc), w->nexc + 1) < 0 ||
	     plan_vec__reserve((void **)&R->adj, &R->adj_cap, sizeof(*R->adj), w->nadj + 1) < 0))
		return PLAN_ENOMEM;
	plan_load_rec *ld = steal ? w->load : R->load;
	plan_exc_rec *ex = steal ? w->exc : R->exc;
	plan_adj_rec *ad = steal ? w->adj : R->adj;
	for (size_t i = 0; i < w->nload; i++) {
		plan_load_rec x = w->load[i];
		if (x.order < 0)
			continue; /* given back by a repair */
		x.order = new_of[x.order];
		ld[R->nload++] = x;
	}
	for (size_t i = 0; i < w->nexc; i++) {
		plan_exc_rec x = w->exc[i];
		if (x.severity == TOMB)
			continue;
		if (x.order >= 0 && (x.order = new_of[x.order]) < 0)
			continue;
		ex[R->nexc++] = x;
	}
	for (size_t i = 0; i < w->nadj; i++) {
		plan_adj_rec a = w->adj[i];
		if (a.action == TOMB)
			continue;
		if (a.order >= 0)
			a.order = new_of[a.order];
		ad[R->nadj++] = a;
	}
	if (steal) {
		hand_over((void **)&R->load, &R->load_cap, (void **)&w->load, &w->load_cap);
		hand_over((void **)&R->exc, &R->exc_cap, (void **)&w->exc, &w->exc_cap);
		hand_over((void **)&R->adj, &R->adj_cap, (void **)&w->adj, &w->adj_cap);
		w->nload = w->nexc = w->nadj = 0;
	}
	int rc = deliver(f, R, new_of, old_of);
	if (rc)
		return rc;
	/* the capacity rows go to the plan */
	free(R->cap);
	free(R->bucket_start);
	R->cap = NULL;
	R->bucket_start = NULL;
	R->ncap = 0;
	f->e->res = R;
	rc = plan_capacity__report(f->cap);
	f->e->res = w;
	return rc ? rc : plan_result__summarise(R);
}

/* The plan of a pass: left-out orders taken out, each split's orders after
 * the one they came from, everything that names an order renumbered; then
 * ids and the rest. The working plan stays as it is (the next replay or
 * repair reads it); the plan's strings live in the feasibility step. */
static int materialize(feas *f, plan_result **out)
{
	plan_result *w = f->r;
	size_t n = w->nord, k = 0;
	int rc = PLAN_ENOMEM;
	plan_result *R = calloc(1, sizeof(*R));
	int32_t *new_of = malloc((n ? n : 1) * sizeof(*new_of));
	int32_t *old_of = malloc((n ? n : 1) * sizeof(*old_of));
	*out = NULL;
	if (!R || !new_of || !old_of)
		goto out;
	R->model = w->model;
	R->constrained = 1;
	R->nsched = w->nsched;
	for (size_t i = 0; i < n; i++)
		new_of[i] = -1;
	for (size_t q = 0; q < f->nord0; q++) {
		size_t i = (size_t)f->F->work_of[q];
		if (i >= w->nsched && f->st[i].dropped)
			continue;
		old_of[k] = (int32_t)i;
		new_of[i] = (int32_t)k++;
		for (int32_t p = i >= w->nsched ? f->st[i].next_piece : -1; p >= 0; p = f->st[p].next_piece) {
			old_of[k] = p;
			new_of[p] = (int32_t)k++;
		}
	}
	if (plan_big__reserve((void **)&R->ord, &R->ord_cap, sizeof(*R->ord), k + 1) < 0 ||
	    plan_big__reserve((void **)&R->alloc, &R->alloc_cap, sizeof(*R->alloc), w->nalloc + 1) < 0)
		goto out;
	/* the working plan is in sequence, this one in netting's order: what
	 * is gathered a few orders ahead is prefetched */
	for (size_t j = 0; j < k; j++) {
		if (j + 16 < k)
			__builtin_prefetch(&w->ord[old_of[j + 16]]);
		if (j + 8 < k)
			__builtin_prefetch(&w->alloc[w->ord[old_of[j + 8]].alloc_first]);
		const plan_ord *o = &w->ord[old_of[j]];
		plan_ord *x = &R->ord[j];
		*x = *o;
		x->alloc_first = (uint32_t)R->nalloc;
		x->alloc_count = 0;
		for (uint32_t a = 0; a < o->alloc_count; a++) {
			plan_alloc_rec y = w->alloc[o->alloc_first + a];
			if (y.src >= 0 && new_of[y.src] < 0)
				continue; /* its consumer was left out: this is stock now */
			if (y.qty <= PLAN_EPS)
				continue;
			y.order = (int32_t)j;
			if (y.src >= 0)
				y.src = new_of[y.src];
			R->alloc[R->nalloc++] = y;
			x->alloc_count++;
		}
	}
	R->nord = k;
	if (!(rc = plan_result__name_orders(R)))
		rc = fill_rest(f, R, new_of, old_of, f->F->once);
out:
	if (rc) {
		free(new_of);
		free(old_of);
		plan_result_free(R);
		return rc;
	}
	free(f->new_of);
	free(f->old_of);
	f->new_of = new_of;
	f->old_of = old_of;
	f->new_n = f->old_n = n;
	*out = R;
	return 0;
}

/* new_of for nw orders of the working plan (the new ones in no plan yet),
 * old_of for nr orders of the plan. */
static int grow_maps(feas *f, size_t nw, size_t nr)
{
	if (nw > f->new_n) {
		int32_t *x = realloc(f->new_of, nw * sizeof(*x));
		if (!x)
			return PLAN_ENOMEM;
		for (size_t i = f->new_n; i < nw; i++)
			x[i] = -1;
		f->new_of = x;
		f->new_n = nw;
	}
	if (nr > f->old_n) {
		int32_t *x = realloc(f->old_of, nr * sizeof(*x));
		if (!x)
			return PLAN_ENOMEM;
		f->old_of = x;
		f->old_n = nr;
	}
	return 0;
}

/* Appends piece p of the working plan (a split's new order) to plan R,
 * made from this working plan: its row, a new id, its allocations (as
 * materialize() writes them). The maps have room (grow_maps()), and so
 * does R's id block (plan_result__room_for()). */
static int append_piece(feas *f, plan_result *R, int32_t p)
{
	const plan_result *w = f->r;
	const plan_ord *wo = &w->ord[p];
	size_t j = R->nord;
	if (plan_big__reserve((void **)&R->ord, &R->ord_cap, sizeof(*R->ord), j + 1) < 0 ||
	    plan_big__reserve((void **)&R->alloc, &R->alloc_cap, sizeof(*R->alloc),
			      R->nalloc + wo->alloc_count + 1) < 0)
		return PLAN_ENOMEM;
	plan_ord *x = &R->ord[j];
	*x = *wo;
	x->alloc_first = (uint32_t)R->nalloc;
	x->alloc_count = 0;
	for (uint32_t a = 0; a < wo->alloc_count; a++) {
		plan_alloc_rec y = w->alloc[wo->alloc_first + a];
		if ((y.src >= 0 && f->new_of[y.src] < 0) || y.qty <= PLAN_EPS)
			continue;
		y.order = (int32_t)j;
		if (y.src >= 0)
			y.src = f->new_of[y.src];
		R->alloc[R->nalloc++] = y;
		x->alloc_count++;
	}
	R->nord = j + 1;
	f->new_of[p] = (int32_t)j;
	f->old_of[j] = p;
	return plan_result__name_next(R, j) ? PLAN_EINVAL : 0;
}

/* Order o of the working plan now makes less (made in part): its
 * allocations in plan R (made from this working plan) are written again,
 * as materialize() writes them, over the first of its old ones (there are
 * no more of them: the first consumers keep theirs); the rest are marked
 * (order -1) for take_out(). Returns whether any was marked. */
static int patch_allocs(feas *f, plan_result *R, int32_t o)
{
	const plan_result *w = f->r;
	const plan_ord *wo = &w->ord[o];
	plan_ord *x = &R->ord[f->new_of[o]];
	uint32_t n = 0;
	for (uint32_t a = 0; a < wo->alloc_count && n < x->alloc_count; a++) {
		plan_alloc_rec y = w->alloc[wo->alloc_first + a];
		if ((y.src >= 0 && f->new_of[y.src] < 0) || y.qty <= PLAN_EPS)
			continue;
		y.order = f->new_of[o];
		if (y.src >= 0)
			y.src = f->new_of[y.src];
		R->alloc[x->alloc_first + n++] = y;
	}
	int marked = n < x->alloc_count;
	for (; n < x->alloc_count; n++)
		R->alloc[x->alloc_first + n].order = -1;
	return marked;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int32_t shifted(const int32_t *g, size_t ng, int32_t j)
{
	size_t lo = 0, hi = ng;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g[mid] < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ng && g[lo] == j ? -1 : j - (int32_t)lo;
}

/* Takes the orders of the working plan that are now left out (g: their
 * indices in plan R, ng of them; sorted here), and the allocations
 * patch_allocs() marked (marked: some are), out of plan R in place (R was
 * made from this working plan, whose maps new_of and old_of it updates):
 * their rows, ids and allocations go, and so do the allocations other
 * orders gave them. Orders keep their ids. An order's new index is its
 * index less the gone orders before it (a binary search in the few gone
 * ones). */
static int take_out(feas *f, plan_result *R, int32_t *g, size_t ng, int marked)
{
	int32_t *new_of = f->new_of, *old_of = f->old_of;
	size_t na = 0;
	if (!ng && !marked)
		return 0;
	qsort(g, ng, sizeof(*g), cmp_i32);
	for (size_t i = 0; i < ng; i++)
		new_of[old_of[g[i]]] = -1;
	size_t k = ng ? (size_t)g[0] : R->nord;
	for (size_t j = k, x = 0; j < R->nord; j++) {
		if (x < ng && (size_t)g[x] == j) {
			x++;
			continue;
		}
		R->ord[k] = R->ord[j];
		memmove(R->idblock + (k - R->nsched) * R->idw, R->idblock + (j - R->nsched) * R->idw,
			R->idw);
		old_of[k] = old_of[j];
		new_of[old_of[k]] = (int32_t)k;
		k++;
	}
	R->nord = k;
	for (size_t j = 0; j < k; j++) {
		plan_ord *o = &R->ord[j];
		uint32_t first = o->alloc_first, cnt = o->alloc_count;
		o->alloc_first = (uint32_t)na;
		o->alloc_count = 0;
		for (uint32_t a = 0; a < cnt; a++) {
			plan_alloc_rec y = R->alloc[first + a];
			if (y.order < 0)
				continue; /* marked by patch_allocs() */
			if (y.src >= 0 && (y.src = shifted(g, ng, y.src)) < 0)
				continue; /* its consumer was left out: this is stock now */
			y.order = (int32_t)j;
			R->alloc[na++] = y;
			o->alloc_count++;
		}
	}
	R->nalloc = na;
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
		hand_over((void **)&w->ord, &w->ord_cap, (void **)&snap->ord, &snap->ord_cap);
		hand_over((void **)&w->alloc, &w->alloc_cap, (void **)&snap->alloc, &snap->alloc_cap);
		F->take = 0;
	}
	if (plan_big__reserve((void **)&w->ord, &w->ord_cap, sizeof(*w->ord), F->nord0 + 1) < 0 ||
	    plan_big__reserve((void **)&w->alloc, &w->alloc_cap, sizeof(*w->alloc), F->nalloc0 + 1) < 0 ||
	    plan_vec__reserve((void **)&w->exc, &w->exc_cap, sizeof(*w->exc), snap->nexc + 1) < 0 ||
	    plan_vec__reserve((void **)&w->adj, &w->adj_cap, sizeof(*w->adj), snap->nadj + 1) < 0 ||
	    grow_states(f, F->nord0 + 1) < 0 ||
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
			set_avail(f, x->alloc_first + a, x->due > f->start ? x->due : f->start);
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
		plan_date ready = ready_of(f, k, &via);
		ostate *s = &f->st[o];
		uint32_t l0 = (uint32_t)w->nload, x0 = (uint32_t)w->nexc, a0 = (uint32_t)w->nadj;
		int same = clean(f, o, ready, via);
		rc = same ? replay(f, o) : schedule(f, o, ready, via);
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
				compare(f, o);
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
		rc = materialize(f, out);
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
	if (!g || grow_maps(f, w->nord, R->nord + add + 1) < 0) {
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
			 * rest are marked for take_out() */
			x->qty = w->ord[o].qty;
			less |= patch_allocs(f, R, o);
		}
		for (int32_t p = f->st[o].next_piece; !rc && p >= 0; p = f->st[p].next_piece)
			rc = append_piece(f, R, p);
	}
	if (!rc)
		rc = take_out(f, R, g, ng, less);
	free(g);
	return rc ? rc : fill_rest(f, R, f->new_of, f->old_of, 0);
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
		plan_date ready = ready_of(f, (size_t)p, &via);
		uint32_t l0 = (uint32_t)w->nload, x0 = (uint32_t)w->nexc, a0 = (uint32_t)w->nadj;
		rc = schedule(f, o, ready, via);
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
		rc = materialize(f, out);
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
