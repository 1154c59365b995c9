/* The feasibility step's insides, shared by its files: feasible.c (setting
 * up, the sequence, passes), feas_tries.c (moving an order: the tries),
 * feas_replay.c (replays of the last pass), feas_build.c (the plan built
 * from a pass's working plan) and feas_repair.c (local repairs). What each
 * does is told at the top of feasible.c. */
#ifndef PLAN_FEASIBLE_IMPL_H
#define PLAN_FEASIBLE_IMPL_H

#include "capacity/capacity.h"
#include "feasible/feasible.h"

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

static inline const char *keep_str(feas *f, const char *s)
{
	return plan_arena__strndup(&f->r->arena, s, strlen(s));
}

static inline const char *sku_item(const plan_model *m, int32_t s)
{
	return m->ns[NS_ITEM].str[TAB_ID(m, PLAN_TABLE_SKUS, s, 0)];
}

static inline const char *sku_site(const plan_model *m, int32_t s)
{
	return m->ns[NS_SITE].str[TAB_ID(m, PLAN_TABLE_SKUS, s, 1)];
}

static inline const char *fmt(char *b, plan_date d)
{
	plan_date_format(b, d);
	return b;
}

/* Hot, so inline: */
/* When the supply of allocation rec can be used. */
static inline void plan_feas__set_avail(feas *f, size_t rec, plan_date d)
{
	if (rec < f->nalloc0 && f->slot_of[rec] >= 0)
		f->avail[f->slot_of[rec]] = d;
}

/* When every supply allocated to the order at position p has arrived, and
 * the one that came last. */
static inline plan_date plan_feas__ready_of(const feas *f, size_t p, int32_t *via)
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

/* Shared between the files, by the file that defines them. */

/* here */
static inline int plan_feas__grow_states(feas *f, size_t n)
{
	if (plan_big__reserve((void **)&f->st, &f->st_cap, sizeof(*f->st), n) < 0)
		return PLAN_ENOMEM;
	return 0;
}

/* Moves an array (and its capacity) from one owner to another that has
 * none. */
static inline void plan_feas__hand_over(void **to, size_t *to_cap, void **from, size_t *from_cap)
{
	*to = *from;
	*to_cap = *from_cap;
	*from = NULL;
	*from_cap = 0;
}

/* feas_tries.c */
int plan_feas__apply_pieces(feas *f, int32_t o, const piece *pc, size_t n);
void plan_feas__arrived(feas *f, int32_t o);
int plan_feas__schedule(feas *f, int32_t o, plan_date ready, int32_t via);

/* feas_replay.c */
int plan_feas__clean(const feas *f, int32_t o, plan_date ready, int32_t via);
void plan_feas__compare(feas *f, int32_t o);
void plan_feas__renumber_pieces(feas *f, const feas *q, int32_t o, size_t l0, size_t x0, size_t a0);
int plan_feas__replay(feas *f, int32_t o);

/* feas_build.c */
int plan_feas__append_piece(feas *f, plan_result *R, int32_t p);
int plan_feas__fill_rest(feas *f, plan_result *R, const int32_t *new_of, const int32_t *old_of,
		     int steal);
int plan_feas__grow_maps(feas *f, size_t nw, size_t nr);
int plan_feas__materialize(feas *f, plan_result **out);
int plan_feas__patch_allocs(feas *f, plan_result *R, int32_t o);
int plan_feas__take_out(feas *f, plan_result *R, int32_t *g, size_t ng, int marked);

#endif
