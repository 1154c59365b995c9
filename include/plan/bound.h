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
 * Size: SKUs x days stock rows and columns, plus routing steps x days x
 * (the days of a window) load columns. Generated scenarios of size tiny
 * (60 items, 12 weeks) solve in well under a second; bench/RESULTS.md has
 * the times measured.
 */
#ifndef PLAN_BOUND_H
#define PLAN_BOUND_H

#include "model.h"
#include "run.h"

PLAN_BEGIN_DECL

/** The bound and what it took. */
typedef struct plan_bound {
	unsigned version;
	double demand_qty;   /**< all demand quantity */
	double on_time_max;  /**< the most any feasible plan delivers on time */
	size_t rows, cols;   /**< of the linear program */
	double seconds;      /**< to build and solve it */
} plan_bound;
#define PLAN_BOUND_VERSION 1
#define PLAN_BOUND_INIT { PLAN_BOUND_VERSION, 0.0, 0.0, 0, 0, 0.0 }

/**
 * Computes the service bound of @p model (validated first if it is not).
 * GLPK runs inside the call, prints nothing and keeps nothing; separate
 * models may be bounded in separate threads.
 * @param[out] out the bound (version PLAN_BOUND_VERSION)
 * @return 0; PLAN_EFORMAT (the model has errors); PLAN_ESOLVER (GLPK
 *     failed: the model's errmsg says how); PLAN_ENOMEM; PLAN_EINVAL.
 */
PLAN_EXPORT int plan_service_bound(plan_model *model, plan_bound *out);

/**
 * The demand quantity a plan delivers on time: for each demand, what its
 * deliveries bring on or before its due date (at most its quantity).
 */
PLAN_EXPORT double plan_result_on_time_qty(const plan_result *result);

PLAN_END_DECL

#endif
