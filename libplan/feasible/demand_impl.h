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
} dsup;

/* Undo journal: what a rolled back attempt gives back. */
typedef struct dlog {
	int kind;             /* LOG_TAKE, LOG_LANE, LOG_GROW */
	int32_t a;            /* supply index / lane cell / order */
	double qty;
} dlog;
enum { LOG_TAKE, LOG_LANE, LOG_GROW };

typedef struct dplan {
	plan_engine *e;
	const plan_model *m;
	plan_result *w;
	plan_cap *cap;
	plan_date start, end;
	dsup *sup;            /* supplies, grouped by SKU: sup_off[s] .. sup_off[s + 1] */
	int32_t *sup_off;
	double *lane_used;    /* lane row x bucket */
	size_t nb;
	dlog *log;
	size_t nlog, log_cap;
	plan_alloc_rec *al;   /* allocations as made */
	size_t nal, al_cap;
	int32_t *last_buy;    /* by SKU: its buy order made last (maybe stale) */
	int32_t *last_move;   /* by lane row: its transfer made last (maybe stale) */
	plan_date *fresh;     /* by SKU: the earliest day it could come from new
				 supply alone, capacity aside (no stock anywhere) */
	char why[400];        /* the first thing that held the demand being planned
				 back, in a planner's words ("" if nothing yet) */
	int depth;
	int rc;               /* first error (PLAN_ENOMEM, PLAN_ERANGE) */
} dplan;

typedef struct mark {
	size_t nlog, nal, nord, nload, nexc, nadj;
} mark;

/* The src of supply for safety stock: it serves no requirement, so it
 * is allocated to none. */
#define SAFETY_STOCK INT32_MIN

/* A point of the journal to roll back to. */
mark plan_demand__mark(const dplan *p);
/* Gives back everything booked since k. */
void plan_demand__rollback(dplan *p, mark k);
/* What sku gives by date (at most qty) to src: stock and receipts first,
 * then new supply. */
double plan_demand__need(dplan *p, int32_t sku, double qty, plan_date date, int32_t src);
/* New supply of rest of sku by date for src (SAFETY_STOCK: none); what
 * src gets. */
double plan_demand__new_supply(dplan *p, int32_t sku, double rest, plan_date date, int32_t src);
/* An adjustment of order o (-1: none): the lever used, and why. */
void plan_demand__lever(dplan *p, int32_t o, int action, const char *reason, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
/* The calendar of sku's site. */
const plan_cal *plan_demand__site_cal(const dplan *p, int32_t sku);

#endif
