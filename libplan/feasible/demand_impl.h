/* The demand-driven planner's insides, shared by its two files: demand.c
 * (what a SKU gives: stock, buy, make, move; the journal that gives back
 * what a failed part booked) and demand_plan.c (the demands in order, safety
 * stock, the plan put in order). */
#ifndef PLAN_DEMAND_IMPL_H
#define PLAN_DEMAND_IMPL_H

#include "capacity/capacity.h"
#include "feasible/demand.h"

#define EPS 1e-9

typedef struct dsup {
	plan_date arrive;
	int32_t order;        /* -1: stock on hand */
	double left;
	int32_t sku;
	double per;           /* what a unit of the order gives of sku: 1, or
				 (1.1) an output's qty_per for a receipt's yield
				 (allocations are in the order's units) */
} dsup;

/* What new supply made beyond what its asker took (a gathered lot's rest):
 * stock for later needs of the SKU, newest first through next. */
typedef struct xsup {
	plan_date arrive;
	int32_t order;
	int32_t next;         /* the SKU's older one, or -1 */
	int32_t sku;
	double left;
	double per;           /* as dsup's (1.1: a yield of a recipe's run) */
	int32_t seg;          /* (1.1) of a project-specific SKU: the project it is
				 for (-1: none) */
} xsup;

/* Stock on hand or a receipt (sup entry) taken by an order (by) for its
 * components or as a transfer's source: what the trim gives back when it
 * takes the order down. */
typedef struct dtake {
	int32_t sup, by, sku;
	double qty;
} dtake;

/* What the unconstrained plan makes of a SKU in a bucket: the size of a
 * gathered lot, so that one order serves the bucket's later needs. */
typedef struct dbud {
	int32_t bucket;
	plan_date due;        /* the earliest of the bucket's orders */
	double left;
} dbud;

/* Undo journal: what a rolled back attempt gives back. */
typedef struct dlog {
	int kind;             /* LOG_TAKE, ... */
	int32_t a;            /* supply / leftover / lane cell / order / budget index */
	double qty;           /* LOG_UNLINK: the leftover before it, -1: none */
} dlog;
enum {
	LOG_TAKE,             /* stock or a receipt taken */
	LOG_XTAKE,            /* a leftover taken */
	LOG_PUSH,             /* a leftover made */
	LOG_UNLINK,           /* a leftover used up, out of its SKU's list */
	LOG_LANE,             /* lane room taken */
	LOG_GROW,             /* an order grown */
	LOG_BUDGET,           /* a lot made of a bucket's size */
	LOG_PULL,             /* a buy order due earlier (qty: its due before) */
	LOG_SUPPLY,           /* a supplier's room taken (1.1) */
	LOG_QUOTA,            /* a lane's deployment quota taken (1.1) */
	LOG_LAST_BUY,         /* while held: last_buy[a] was qty */
	LOG_LAST_MOVE,        /* while held: last_move[a] was qty */
	LOG_LAST_SUP          /* while held: last_sup[a] was qty */
};

typedef struct dplan {
	plan_engine *e;
	const plan_model *m;
	plan_result *w;
	plan_cap *cap;
	plan_date start, end;
	dsup *sup;            /* supplies, grouped by SKU: sup_off[s] .. sup_off[s + 1] */
	int32_t *sup_off;
	double *lane_used;    /* lane row x bucket */
	double *quota;        /* by lane row: what least-cost deployment lets it
				 ship still (demand_deploy.c; HUGE_VAL: no
				 limit), or NULL: none */
	size_t nb;
	dlog *log;
	size_t nlog, log_cap;
	plan_alloc_rec *al;   /* allocations as made */
	size_t nal, al_cap;
	int32_t *al_sku;      /* (1.1, with outputs) by allocation: the SKU it
				 gives, which a yield's order is not of */
	size_t al_sku_cap;
	/* (1.1) project stock (format.md, "Project-specific supply"): the
	 * project whose material is being planned (-1: none), and by order the
	 * project it is for (ord_seg; NULL without project-specific SKUs) */
	int32_t seg;
	int32_t *ord_seg;
	size_t ord_seg_cap;
	int32_t *last_buy;    /* by SKU: its buy order made last (maybe stale) */
	int32_t *last_move;   /* by lane row: its transfer made last (maybe stale) */
	double *sup_used;     /* supplier row x bucket (1.1; NULL without suppliers) */
	int32_t *last_sup;    /* by supplier row: its buy order made last (maybe stale) */
	xsup *xs;             /* leftovers of new supply, as made */
	size_t nxs, xs_cap;
	int32_t *xs_head;     /* by SKU: its newest leftover, or -1 */
	dtake *tk;            /* stock and receipts taken by orders, as taken */
	size_t ntk, tk_cap;
	dbud *bud;            /* gathered lot sizes, grouped by SKU: bud_off[s] .. */
	int32_t *bud_off;
	plan_date *fresh;     /* by SKU: the earliest day it could come from new
				 supply alone, capacity aside (no stock anywhere) */
	/* while probing (whether a day gives anything: tried, given back;
	 * and through the late parts, where capacity, lanes and stock only
	 * go), the latest day each SKU was found to give nothing by, valid in
	 * round `round` only (a round: one state, or one that only shrinks) */
	plan_date *nothing_by;
	uint32_t *nothing_round;
	uint32_t round;
	int probing;
	int hold;             /* trying a group's shares (demand_share.c): a commit
				 keeps the journal, so that all can be given back */
	int dry;              /* inside a probe, all given back: no adjustment
				 is noted (a lever's words cost more than the probe) */
	plan_date *ready_at;  /* by SKU: plan_demand__ready(), where ready_ok */
	uint8_t *ready_ok;
	plan_date *room_at;   /* by SKU: the first room ready() read, start - 1: none */
	int32_t *up_off, *up; /* by SKU: what ready() of which reads its own */
	int32_t *up_stack;
	plan_text why;        /* the first thing that held the demand being planned
				 back, in a planner's words ("" if nothing yet) */
	plan_text why_keep;   /* (try_lot: the why before a try) */
	plan_text words;      /* (a lever's detail) */
	plan_text full_words; /* (a shortfall worded for a lever's reason) */
	int why_cap;          /* ...or, not yet worded, a capacity shortfall: */
	plan_cap_short why_short;
	int depth;
	int rc;               /* first error (PLAN_ENOMEM, PLAN_ERANGE) */
} dplan;

/* Where a demand stands (demand_plan.c). */
typedef struct dstate {
	int32_t sku;          /* -1: nothing to plan */
	double left, on_time;
	plan_date last;       /* its last part */
	int parts;            /* late parts */
	const char *why;      /* what held its on-time part back (NULL: nothing
				 worded; kept in the result's arena) */
} dstate;

/* The day demand d is due for the plan: its due date, or the start. */
static inline plan_date plan_demand__day(const dplan *p, int32_t d)
{
	plan_date due = ((const plan_demand_def *)TAB_ROW(p->m, PLAN_TABLE_DEMAND, d))->due;
	return due > p->start ? due : p->start;
}

/* The project whose stock an order or leftover of SKU s made now is (1.1,
 * project-specific SKUs; -1: none). */
static inline int32_t plan_demand__seg(const dplan *p, int32_t s)
{
	return p->seg >= 0 && plan_model__specific(p->m, s) ? p->seg : -1;
}

/* Whether supply of SKU s for project seg (-1: none) may serve the need
 * being planned: always, but a project-specific SKU's serves its own
 * project's needs alone, and a project's needs of it only its own. */
static inline int plan_demand__serves(const dplan *p, int32_t s, int32_t seg)
{
	return !p->m->nspecific || seg == plan_demand__seg(p, s);
}

/* Asks for what is left of demand d on day, delivers what comes and
 * commits (demand_plan.c). 0 or p->rc. */
int plan_demand__ask(dplan *p, int32_t d, dstate *st, plan_date day);

typedef struct mark {
	size_t nlog, nal, nord, nload, nexc, nadj, nxs, ntk;
} mark;

/* demand_share.c: fair share (format 1.1, scenario key fair_share). The
 * demands at warehouses (transfer SKUs) of one item, priority and due
 * bucket, two or more: a group. */
typedef struct dgroups {
	int32_t *of;          /* by demand row: its group, -1: none */
	int32_t *off, *mem;   /* group g's demands: mem[off[g] .. off[g + 1]), in
				 the order they are planned */
	double *rate;         /* by SKU: its average daily demand (its demand rows'
				 quantities over the horizon's days) */
	size_t n;
} dgroups;
/* The groups (none where the scenario asks for no fair share); order: the
 * demand rows in the order they are planned. 0 or PLAN_ENOMEM. */
int plan_demand__groups(dplan *p, const int32_t *order, size_t nd, dgroups *g);
void plan_demand__groups_free(dgroups *g);
/* The on-time parts of group g's demands, shared as the scenario asks;
 * what each could not have on time is left in st[] for its late parts.
 * 0, p->rc, or 1: without fair share, a deployment that does no better
 * than one by one: nothing planned (each demand is planned alone, at its
 * turn). */
int plan_demand__share(dplan *p, const dgroups *g, int32_t group, dstate *st);
/* Back to mark k (deliveries back to ndlv): a group's n demands mem as
 * they were (keep) (demand_journal.c). */
void plan_demand__group_undo(dplan *p, mark k, size_t ndlv, const int32_t *mem, size_t n,
			     dstate *st, const dstate *keep);
/* demand_deploy.c: least-cost deployment (format 1.1, sourcing = cost) of
 * the n demands mem of a group, planned one by one since mark k (under
 * hold; keep: their states before, ndlv the deliveries then; *all whether
 * all came on time): planned again as a transportation problem where that
 * brings more on time or costs less (*kept 1, *all updated, the demands
 * left short worded); else *kept 0 and, with fair share and all on time,
 * the one-by-one plan in place (without fair share: what is in place is
 * for the caller to give back). 0 or an error. */
int plan_demand__deploy(dplan *p, const int32_t *mem, size_t n, dstate *st, const dstate *keep,
			mark k, size_t ndlv, int *all, int *kept);


/* The src of supply for safety stock: it serves no requirement; its
 * allocation is counted by the trim and left out of the plan. */
#define SAFETY_STOCK INT32_MIN

/* --- what is booked (demand_book.c) --- */

/* What a need may still take (left) and what it was given, each kept as
 * such: given as rest - left loses the small parts of a large rest (at a
 * need of 1e12, 2.5e-5 more given than allocated, found by fuzz-plan). */
typedef struct budget {
	double left, given;
	int32_t out;          /* (1.1) a co-product the orders are runs for (its
				 recipe's): what left and given count; -1: the
				 orders' own SKU */
	double per;           /* the recipe's yield of out a unit (1) */
} budget;

#define BUDGET(rest) ((budget){ (rest), 0, -1, 1 })

/* Order `by` took qty of stock or a receipt (sup entry). */
void plan_demand__took(dplan *p, int32_t sup, int32_t by, int32_t sku, double qty);
/* What order gives src (SAFETY_STOCK: what it keeps as safety stock, a
 * record the trim counts and the plan leaves out): qty of sku, in the
 * order's units (per of sku a unit of it: 1, or a yield's qty_per). */
void plan_demand__allocate(dplan *p, int32_t order, int32_t src, double qty, int32_t sku,
			   double per);
/* Order o made qty: src gets of it what it may still take (allow->left),
 * the rest stays in stock for later needs (a leftover); (1.1) a run of a
 * recipe yields its outputs too. */
void plan_demand__give(dplan *p, int32_t o, int32_t src, double qty, budget *allow);
/* A new order (-1: out of memory, p->rc set). */
int32_t plan_demand__new_order(dplan *p, int32_t sku, int kind, int32_t lane, plan_date release,
			       plan_date due, double qty);
/* Whether order o may grow for the need being planned (1.1: a
 * project-specific SKU's order is one project's). */
int plan_demand__same_seg(const dplan *p, int32_t o);
/* *last of kind LOG_LAST_* at index i becomes o: the order to grow next
 * (journaled while a group's tries are held open). */
void plan_demand__set_last(dplan *p, int kind, int32_t *last, int32_t i, int32_t o);
/* The order *last of kind, sku and lane (a transfer's) due on due, to grow
 * for a need of that day, or -1. */
int32_t plan_demand__mergeable(const dplan *p, const int32_t *last, int kind, int32_t sku,
			       int32_t lane, plan_date due);
/* Grows order o by qty (given back on rollback). */
void plan_demand__grow(dplan *p, int32_t o, double qty);

/* A point of the journal to roll back to. */
mark plan_demand__mark(const dplan *p);
/* Gives back everything booked since k. */
void plan_demand__rollback(dplan *p, mark k);
/* What is booked stays: the journal starts again (no mark may be held
 * across; a demand's part or a safety stock order is a commit). */
void plan_demand__commit(dplan *p);
/* What sku gives by date (at most qty) to src: stock and receipts first,
 * then new supply. */
double plan_demand__need(dplan *p, int32_t sku, double qty, plan_date date, int32_t src);
/* What leftovers of new supply sku has by date (at most qty) for src. */
double plan_demand__leftovers(dplan *p, int32_t sku, double qty, plan_date date, int32_t src);
/* New supply of rest of sku by date for src (SAFETY_STOCK: none); what
 * src gets. */
double plan_demand__new_supply(dplan *p, int32_t sku, double rest, plan_date date, int32_t src);
/* Whether something held the demand being planned back already. */
static inline int plan_demand__held(const dplan *p)
{
	return plan_text__str(&p->why)[0] || p->why_cap;
}
/* What held it back, worded now if it was not (NULL: nothing). */
const char *plan_demand__why(dplan *p);
/* Nothing held it back yet (a new demand). */
static inline void plan_demand__why_clear(dplan *p)
{
	plan_text__clear(&p->why);
	p->why_cap = 0;
}
/* An adjustment of order o (-1: none): the lever used, and why (none
 * while p->dry). */
void plan_demand__lever(dplan *p, int32_t o, int action, const char *reason, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
/* Journals a change (given back on rollback). */
void plan_demand__journal(dplan *p, int kind, int32_t a, double qty);

/* The part of qty of make SKU sku released on rel for order o that its
 * components can all give (1: all), drawn. */
double plan_demand__components(dplan *p, int32_t sku, double qty, plan_date rel, int32_t o);
/* Firm planned and released orders first (demand_firm.c): 0 or an error. */
int plan_demand__firm(dplan *p);

/* --- gathered lots (demand_lot.c) --- */

/* A gathered lot: what the unconstrained plan makes of a SKU in a bucket
 * and is not yet made, due when its first order there is due (when the
 * need is not earlier), so that the bucket's later needs find it. */
typedef struct dlot {
	double qty;           /* at least the need */
	plan_date due;
	int32_t entry;        /* its bud entry, or -1 (not gathered) */
} dlot;

/* The lot sizes to gather by (from the unconstrained plan in p->e->res).
 * 0 or PLAN_ENOMEM. */
int plan_demand__budget(dplan *p);
/* The lot to make of sku for a need of rest on date (safety stock, src
 * SAFETY_STOCK, asks for itself alone). */
dlot plan_demand__lot_for(const dplan *p, int32_t sku, plan_date date, double rest, int32_t src);
/* A gathered lot did not fit whole: its bucket's needs are met one by one
 * from now on (not journaled: trying again would cost as much and fail as
 * likely). */
void plan_demand__lot_failed(dplan *p, const dlot *l);
/* A gathered lot was made: taken from its bucket (journaled). */
void plan_demand__lot_made(dplan *p, const dlot *l);
/* Takes every new order down to what it gives (demands, the orders that
 * draw on it, safety stock), top level first, and drops those left with
 * nothing: what a gathered lot made for needs that never came takes no
 * capacity, lane room or components. After the demands (safety stock may
 * use what this frees) and after safety stock. 0 or PLAN_ENOMEM. */
int plan_demand__trim(dplan *p, const int32_t *by_level);
/* --- the earliest day a SKU could give anything (demand_ready.c) --- */

/* Sets ready()'s memory up (after the capacity is open: it tracks it).
 * 0 or PLAN_ENOMEM. */
int plan_demand__ready_open(dplan *p);
/* The earliest day sku could give anything at all, as the plan stands:
 * its stock and leftovers, or new supply after its components, capacity's
 * first room, lead times and lanes. No day before gives anything (a bound:
 * what it leaves out, lane limits and how much capacity, only makes it
 * later); past p->end if nothing. Remembered by SKU until what it read
 * changes (plan_demand__touch() and the capacity's tracking say what). */
plan_date plan_demand__ready(dplan *p, int32_t sku);
/* Stock or leftovers of sku came or went (what ready() reads of it). */
void plan_demand__touch(dplan *p, int32_t sku);
/* Everything may have changed (the plan taken down). */
void plan_demand__ready_forget(dplan *p);
/* A new order's quantity for a need of q of sku under its lot rules'
 * bounds: at least lot_min, a whole number of lot_multiple (q itself
 * without them; 0 stays 0). What it makes beyond the need is a leftover. */
double plan_demand__lot_up(const dplan *p, int32_t sku, double q);
/* The most of q that is a whole number of sku's lot_multiple and not below
 * its lot_min (0 if none): what a window that holds q can make. */
double plan_demand__lot_down(const dplan *p, int32_t sku, double q);
/* The calendar of sku's site. */
static inline const plan_cal *plan_demand__site_cal(const dplan *p, int32_t sku)
{
	return plan_cal__of_site(&p->e->cals, TAB_ID(p->m, PLAN_TABLE_SKUS, sku, 1));
}

#endif
