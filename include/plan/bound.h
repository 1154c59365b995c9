/**
 * @file plan/bound.h
 * A proven bound on service: the most demand quantity that any plan keeping
 * the feasibility rules of format.md could deliver on time.
 *
 * plan_service_bound() solves a linear program with GLPK whose every
 * feasible plan is a solution, so its optimum bounds every plan, ours or
 * anyone's. Day by day over the horizon it has: each SKU's stock, never
 * below zero; make and buy orders due on any day whose release (`lead_time`
 * working days of the site calendar before) is not before start; the
 * components of a make order (`qty_per / (yield x (1 - scrap))`, the BOM
 * lines effective on its release) drawn on its release day, phantoms passed
 * through; transfers over any lane of the SKU, `transfer_days` calendar
 * days, drawing on the source on their release day, within `max_per_bucket`
 * per bucket of their release; scheduled receipts and stock on hand; and
 * the run hours of each make order (`run_hours x qty` per routing step)
 * spread over the days of [release, due] within what each resource offers
 * each day (calendar, maintenance factors), where release may be any day
 * that keeps the lead time (the days off just before the latest one too).
 * Releasing earlier than that only draws components earlier: a plan that
 * does is matched by orders due earlier and held in stock. It relaxes the rules where they
 * are not linear: setup hours are left out, a block's alternate adds its
 * offered hours (divided by `alt_factor`) to the blocked resource's without
 * taking them from its own steps, quantities are continuous, lot rules,
 * lane priorities and shares and demand priorities are planning policy,
 * not feasibility, and play no part. A demand counts up to its quantity
 * delivered on or before its due date; one due before start counts 0.
 *
 * Size: SKUs x periods stock rows and columns, plus routing steps x periods
 * x (the periods of a window) load columns. It is solved by GLPK's
 * presolver and primal simplex (scaled); the dual simplex stalls on these
 * programs. Day by day, generated scenarios of size tiny (60 items, 12
 * weeks: 14,000 rows, 33,000 columns) take 0.5-2.5 s; by weeks, size
 * small (2,000 items, 3,031 SKUs, 26 weeks: 143,000 rows, 286,000 columns)
 * 2-5 minutes with loose capacity and 10-30 with tight, in about 300 MB
 * (bench/RESULTS.md; measured with other work on the same two cores).
 * Beyond that, expect hours.
 */
#ifndef PLAN_BOUND_H
#define PLAN_BOUND_H

#include "model.h"
#include "run.h"

PLAN_BEGIN_DECL

/** How to bound. */
typedef struct plan_bound_options {
	unsigned version;
	/** Days a period of the program: 1 (day by day) to 7; 0: day by day
	 *  up to PLAN_BOUND_DAILY_CELLS SKU-days, else weeks. Periods of
	 *  several days relax more: stock only at their ends, an order due in a
	 *  period released as late as any of its days allows and loading from
	 *  the earliest, deliveries from the stock at the end of the period of
	 *  the due day, lane limits over the buckets a period's releases span,
	 *  BOM lines counted only where effective on every release day. */
	int period_days;
	/** 1: GLPK's interior-point method instead of the simplex. */
	int interior;
} plan_bound_options;
#define PLAN_BOUND_OPTIONS_VERSION 1
#define PLAN_BOUND_OPTIONS_INIT { PLAN_BOUND_OPTIONS_VERSION, 0, 0 }
#define PLAN_BOUND_DAILY_CELLS 250000

/** The bound and what it took. */
typedef struct plan_bound {
	unsigned version;
	double demand_qty;   /**< all demand quantity */
	double on_time_max;  /**< the most any feasible plan delivers on time */
	size_t rows, cols;   /**< of the linear program */
	int period_days;     /**< of its periods */
	double seconds;      /**< to build and solve it */
} plan_bound;
#define PLAN_BOUND_VERSION 1
#define PLAN_BOUND_INIT { PLAN_BOUND_VERSION, 0.0, 0.0, 0, 0, 0, 0.0 }

/**
 * Computes the service bound of @p model (validated first if it is not).
 * GLPK runs inside the call, prints nothing and keeps nothing; separate
 * models may be bounded in separate threads.
 * @param opts options, or NULL for PLAN_BOUND_OPTIONS_INIT
 * @param[out] out the bound (version PLAN_BOUND_VERSION)
 * @return 0; PLAN_EFORMAT (the model has errors); PLAN_ESOLVER (GLPK
 *     failed: the model's errmsg says how); PLAN_ENOMEM; PLAN_EINVAL (also
 *     period_days past 7).
 */
PLAN_EXPORT int plan_service_bound(plan_bound *out, plan_model *model,
				   const plan_bound_options *opts);

/**
 * The demand quantity a plan delivers on time: for each demand, what its
 * deliveries bring on or before its due date (at most its quantity).
 */
PLAN_EXPORT double plan_result_on_time_qty(const plan_result *result);

/**
 * Dead load: the hours a plan loads for what serves no delivery. Each
 * order's loaded hours count in the part of its quantity that its full
 * pegging does not lead to a delivery within the horizon, on time or late
 * (a demand delivered in part counts in that part); what pegs to no demand
 * and is not its SKU's safety stock (up to safety_stock, orders in plan
 * order) is dead, lot-sizing remainders for instance, except what the
 * SKU's lot_min and lot_multiple, or the unit its item is counted in
 * (format 1.1 decimals), make an order of what serves add to it (no plan
 * could make less).
 * @return the dead hours; 0 for NULL; NaN if memory ran out
 */
PLAN_EXPORT double plan_result_dead_hours(const plan_result *result);

/** All the hours a plan loads on resources (0 for NULL). */
PLAN_EXPORT double plan_result_loaded_hours(const plan_result *result);

PLAN_END_DECL

#endif
