/* The MRP engine's state during one plan_run(): the model's derived arrays,
 * the requirements waiting for each low-level code, and scratch space reused
 * from SKU to SKU. Each step of the pipeline has its own file:
 *   plan.c      plan_run(): the steps in order
 *   netting.c   gross to net and lot sizing of one SKU
 *   sourcing.c  splitting a transfer lot over lanes
 *   pegging.c   allocating supply to requirements, pegs and action messages
 *   explode.c   requirements that planned orders place on other SKUs
 *   capacity.c  loads on resources, maintenance, alternates, the CRP */
#ifndef PLAN_ENGINE_H
#define PLAN_ENGINE_H

#include "calendar.h"
#include "lotsize.h"
#include "result_impl.h"
#include "plan/repair.h"

#define PLAN_EPS 1e-9


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
	int32_t *bom_off;         /* by SKU: its BOM edges in bom_edge */
	plan_edge *bom_edge;
	double *yield;            /* by SKU */
	uint8_t *phantom;         /* by SKU */

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
	char errmsg[512];         /* why planning stopped (threads keep their own) */
	int32_t first_order;      /* its first planned order */
	int constrained;          /* PLAN_MODE_CONSTRAINED */
} plan_engine;

/* plan.c: the options (checked), the unconstrained plan into e->res
 * (steps 1-3: orders and allocations; on error the engine is freed and the
 * model's errmsg says why), and freeing an engine with its e->res. */
int plan_engine__options(plan_model *m, const plan_run_options *opts, plan_run_options *o);
int plan_engine__plan(plan_engine *e, plan_model *m, const plan_run_options *o);
int plan_engine__fail(plan_engine *e, int rc);
void plan_engine__free(plan_engine *e);

int plan_netting__sku(plan_engine *e, int32_t sku, plan_req *reqs, size_t nreq);
int plan_sourcing__split(plan_engine *e, int32_t sku, size_t bucket, double qty);
int plan_pegging__sku(plan_engine *e, int32_t sku, plan_req *reqs, size_t nreq);
int plan_explode__orders(plan_engine *e, int32_t first, int32_t end);
int plan_explode__prepare(plan_engine *e);
int plan_capacity__run(plan_engine *e);

/* Hours each resource offers on each of ndays days from base (nres x ndays,
 * resource-major): hours_per_day on its calendar's working days times the
 * smallest capacity factor of the maintenance blocks over the day. Shared
 * with the rough-cut check of aggregate plans. */
void plan_capacity__offered(const plan_model *m, const plan_calendars *cals, plan_date base,
			    size_t ndays, double *off);

/* Routing rows by SKU, in file order: those of SKU s are
 * rows[off[s] .. off[s + 1]) (off has one entry per SKU and one more). The
 * caller frees both, also on PLAN_ENOMEM. 0 or PLAN_ENOMEM. */
int plan_capacity__routings(const plan_model *m, int32_t **off, int32_t **rows);
int plan_engine__push_req(plan_engine *e, const plan_req *q);

/* The feasibility step (feasible.c) over the unconstrained plan in e->res
 * (orders and allocations, no loads yet), which it reads and does not own;
 * the engine must outlive it. A pass makes the feasible plan: loads,
 * capacity, deliveries, adjustments, the late-demand exceptions, ids. After
 * a change of capacity (resources res_dirty), a pass replays the last one
 * and reschedules only what the change reaches. The strings of its plans
 * live in the feasibility step (replays share them) until it is freed, or
 * are given to a plan with plan_feasible__give_strings(). */
typedef struct plan_feas plan_feas;
int plan_feasible__new(plan_feas **out, plan_engine *e);
int plan_feasible__pass(plan_feas *f, const uint8_t *res_dirty, plan_result **out);
/* Only one pass will run: it may take the unconstrained plan's arrays
 * (the unconstrained plan is left without orders and allocations). */
void plan_feasible__once(plan_feas *f);
size_t plan_feasible__rescheduled(const plan_feas *f);
void plan_feasible__give_strings(plan_feas *f, plan_result *r);
void plan_feasible__free(plan_feas *f);
/* Mends the last pass in place after a block on resource res over
 * [from, to] (already in the model): see feasible.c. The changes against
 * old (the last plan) go to *fn and count (*fn becomes NULL if it asks
 * to stop). *out is old itself, patched, when
 * the repair left the same orders (none left out, back or split), else a
 * new plan (old is then untouched). */
int plan_feasible__repair(plan_feas *f, int32_t res, plan_date from, plan_date to,
			  plan_result *old, plan_diff_fn *fn, void *ctx, size_t *count,
			  plan_result **out);
/* The orders that changed between the plans of the last two passes (old
 * made by the one before the last): moved, rerouted, left out, back; *fn
 * becomes NULL if it asks to stop. */
void plan_feasible__diff(const plan_feas *f, const plan_result *old, const plan_result *now,
			 plan_diff_fn *fn, void *ctx, size_t *count);

/* Finite loading for the feasibility step (capacity.c), over [start, the
 * horizon's last day]. */
typedef struct cap_state plan_cap;
int plan_capacity__open(plan_engine *e, plan_cap **out);
/* Whether SKU s has a routing. */
int plan_capacity__routed(const plan_cap *c, int32_t sku);
/* Loads every step of an order within [from, to], each as late as it can:
 * 1 (booked; *first the earliest day loaded, *alternate whether a block's
 * alternate took part), 0 (does not fit: nothing booked) or PLAN_ENOMEM. */
int plan_capacity__book(plan_cap *c, int32_t order, plan_date from, plan_date to,
			plan_date *first, int *alternate);
/* Books loads as they are (a replay). 0 or PLAN_ENOMEM. */
int plan_capacity__apply(plan_cap *c, const plan_load_rec *loads, size_t n);
/* Whether an order of SKU sku could load a resource marked in dirty (its
 * steps' resources and the alternates of their blocks). */
int plan_capacity__touches(const plan_cap *c, int32_t sku, const uint8_t *dirty);
/* Gives back the loads booked from load l0 on, drops exceptions from x0 on. */
void plan_capacity__unbook(plan_cap *c, size_t l0, size_t x0);
/* The earliest day by which each step alone could be done, starting on
 * from; PLAN_DATE_NONE if not within the window. */
plan_date plan_capacity__earliest_end(const plan_cap *c, int32_t order, plan_date from);
/* The most of the order's quantity each step alone could make from day from
 * to day to (at most the window's last day) with the room left there (not
 * more than the order's quantity; an upper bound when steps share a
 * resource). */
double plan_capacity__most(const plan_cap *c, int32_t order, plan_date from, plan_date to);
/* Why an order does not fit in [from, to], in a planner's words. */
int plan_capacity__why(const plan_cap *c, int32_t order, plan_date from, plan_date to, char *buf,
		       size_t len);
/* The maintenance table changed: blocks and what each resource offers are
 * read again; what is left changes by the difference. 0 or PLAN_ENOMEM. */
int plan_capacity__reload(plan_cap *c);
/* Gives back booked loads (records of order < 0 are skipped). */
void plan_capacity__release(plan_cap *c, const plan_load_rec *loads, size_t n);
/* Writes overloads and the capacity rows into c's engine's result. */
int plan_capacity__report(plan_cap *c);
/* Writes the capacity rows into the result (keep) and frees. */
int plan_capacity__close(plan_cap *c, int keep);

static inline const plan_sku_def *plan__sku(const plan_model *m, int32_t s)
{
	return TAB_ROW(m, PLAN_TABLE_SKUS, s);
}

#endif
