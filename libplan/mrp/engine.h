/* The MRP engine's state during one plan_run(): the model's derived arrays,
 * the requirements waiting for each low-level code, and scratch space reused
 * from SKU to SKU. Each step has its own file:
 *   mrp.c       the run level by level
 *   queue.c     the requirements waiting for each low-level code
 *   netting.c   gross to net and lot sizing of one SKU
 *   sourcing.c  splitting a transfer lot over lanes
 *   pegging.c   allocating supply to requirements, pegs and action messages
 *   explode.c   requirements that planned orders place on other SKUs
 * Loads (capacity/) and the feasible plan (feasible/) build on it. */
#ifndef PLAN_ENGINE_H
#define PLAN_ENGINE_H

#include "base/progress.h"
#include "model/calendar.h"
#include "mrp/lotsize.h"
#include "result/result_impl.h"



/* A gross requirement on a SKU. */
typedef struct plan_req {
	int32_t sku;
	plan_date date;       /* when it is needed (before start: at start) */
	double qty;
	int32_t src;          /* >= 0: the order placing it; < 0: -1 - demand row */
} plan_req;

typedef struct plan_req_list {
	plan_req *v;
	size_t n, cap;
} plan_req_list;

/* A BOM line as explosion reads it, packed per parent SKU (CSR with the
 * model's edges): the component, qty_per, 1 - scrap and the effectivity. */
typedef struct plan_edge {
	int32_t child;
	plan_date from, until;   /* PLAN_DATE_NONE: open */
	double qty_per, keep;
} plan_edge;

/* A supply of one SKU during pegging: on hand, a receipt or a planned order. */
typedef struct plan_supply {
	plan_date date;
	int32_t order;        /* -1: stock on hand */
	double left;
	plan_date first_use;  /* day the first requirement drew on it */
	double per;           /* units of the SKU an order's unit gives: 1, or
				 (1.1) an output's qty_per where the order is a
				 run of its recipe (allocations are in the
				 order's units) */
} plan_supply;

typedef struct plan_engine {
	plan_model *m;
	plan_result *res;
	const plan_result *all;   /* the shared plan, where the order a requirement
				     comes from (src) is: a worker's res holds only
				     its own new orders (read in messages) */
	plan_calendars cals;
	plan_buckets bk;
	plan_date start;
	size_t nsku;
	int nlevels;
	plan_req_list *pending;   /* by low-level code */
	int32_t *rec_off, *rec_ord; /* scheduled receipt orders by SKU */
	const int32_t *lane_off, *lane_row; /* lanes by destination SKU (the model's) */
	int32_t *lane_src;        /* by lane row: the SKU it ships from */
	int32_t *bom_off;         /* by SKU: its BOM edges in bom_edge (the primary's) */
	plan_edge *bom_edge;
	int32_t *alt_off;         /* by alternate (the model's alt, 1.1): its edges */
	plan_edge *alt_edge;      /* in alt_edge; NULL without alternates */
	double *yield;            /* by SKU */
	uint8_t *phantom;         /* by SKU */
	plan_date *fence;         /* by SKU: the first day a planned order may be
				     released (format 1.1 time fence, at least
				     start); NULL when no SKU has a fence */

	/* scratch, per SKU */
	plan_lot_work lot;
	double *r;                /* lot-for-lot net requirement per bucket */
	double *pa;               /* projected available at bucket end (lot-for-lot) */
	double *planned;          /* planned receipts per bucket (the chosen lots) */
	double *usage;            /* lane x bucket shipped, for one transfer SKU */
	int32_t *lane_order;      /* lane -> its order in the current split */
	plan_supply *sup;
	size_t sup_cap;
	plan_req *sort_buf;       /* a SKU's requirements, sorted by day */
	size_t sort_cap;
	uint32_t *sort_cnt;       /* by day */
	size_t sort_cnt_cap;
	size_t alloc_out_cap;     /* (1.1) of res->alloc_out */
	char errmsg[512];         /* why planning stopped (threads keep their own) */
	int32_t first_order;      /* its first planned order */
	int constrained;          /* PLAN_MODE_CONSTRAINED */
	int level;                /* the low-level code being planned (-1: before) */
	/* (1.1) project stock: by order, the project it is made for (-1:
	 * none), where the model has project-specific SKUs (else NULL); while
	 * a project-specific SKU is netted, the project of the requirements
	 * being netted (-1: the common ones, which alone have the stock) */
	int32_t *ord_seg;
	size_t ord_seg_cap;
	int32_t seg;
	plan_prog prog;           /* the caller's progress callback (cancel) */
} plan_engine;

/* mrp.c: the unconstrained plan of a validated model into e->res (orders
 * and allocations; on error the engine is freed and the model's errmsg says
 * why); every demand delivered in full on its due date (the unconstrained
 * plan's deliveries); freeing an engine with its e->res. */
int plan_mrp__run(plan_engine *e, plan_model *m, const plan_run_options *o);

/* The BOM edges an order of make SKU sku made by alternate alt (1.1; -1:
 * the primary) draws on: edges[*k0 .. *k1). */
static inline const plan_edge *plan_engine__edges(const plan_engine *e, int32_t sku, int32_t alt,
						  int32_t *k0, int32_t *k1)
{
	*k0 = alt >= 0 ? e->alt_off[alt] : e->bom_off[sku];
	*k1 = alt >= 0 ? e->alt_off[alt + 1] : e->bom_off[sku + 1];
	return alt >= 0 ? e->alt_edge : e->bom_edge;
}

/* The first day a planned order of sku may be released: the start, or the
 * end of the SKU's time fence (format.md, "Time fences"). */
static inline plan_date plan_engine__floor(const plan_engine *e, int32_t sku)
{
	return e->fence ? e->fence[sku] : e->start;
}
int plan_mrp__deliver(plan_engine *e);
int plan_engine__fail(plan_engine *e, int rc);
void plan_engine__free(plan_engine *e);

/* queue.c: the requirements waiting for each low-level code (e->pending,
 * e->nlevels lists). new and push: 0 or PLAN_ENOMEM. take: the
 * requirements of level `level` into *sorted, grouped by SKU: SKU k of the
 * level (pos: SKU -> its k) from cnt[k - 1] (0 for k = 0) to cnt[k] (cnt
 * has nl + 1 entries); the level's list is emptied. */
int plan_queue__new(plan_engine *e);
void plan_queue__free(plan_engine *e);
int plan_queue__push(plan_engine *e, const plan_req *q);
int plan_queue__take(plan_engine *e, int level, const int32_t *pos, size_t nl, size_t *cnt,
		     plan_req **sorted, size_t *sorted_cap);

int plan_netting__sku(plan_engine *e, int32_t sku, plan_req *reqs, size_t nreq);
int plan_sourcing__split(plan_engine *e, int32_t sku, size_t bucket, double qty);
/* suppliers.c: a bought SKU's lot over its suppliers (1.1). */
int plan_sourcing__buy(plan_engine *e, int32_t sku, size_t bucket, double qty);
int plan_pegging__sku(plan_engine *e, int32_t sku, plan_req *reqs, size_t nreq);
int plan_explode__orders(plan_engine *e, int32_t first, int32_t end);
/* (1.1) What make order i yields of its recipe's outputs: supply (a
 * requirement of minus the yield, src i) of each output not yet netted
 * (its code below e->level), due on the order's due date. */
int plan_explode__yields(plan_engine *e, int32_t i);
/* (1.1) Allocations grouped by order again (yields are allocated at
 * their output's level, after their order's own). 0 or PLAN_ENOMEM. */
int plan_pegging__regroup(plan_result *r);
int plan_explode__prepare(plan_engine *e);

#endif
