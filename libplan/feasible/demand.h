/* Demand-driven constrained planning (demand.c): demand by demand, most
 * important first, each through every level and site, nothing booked for
 * what fails: plan_run()'s constrained mode and sessions. */
#ifndef PLAN_DEMAND_H
#define PLAN_DEMAND_H

#include "mrp/engine.h"
#include "plan/session.h"

/* The demand-driven plan of e's model into *out (the caller's), from the
 * scheduled receipts of e->res (the unconstrained plan, only read). 0,
 * PLAN_ENOMEM or PLAN_ERANGE. */
int plan_demand__plan(plan_engine *e, plan_result **out);

/* Changes are counted by kind in arrays of PLAN_DIFF_KINDS (plan_diff_kind
 * indexes them). */
#define PLAN_DIFF_KINDS (PLAN_DIFF_ON_TIME_AGAIN + 1)

/* Mends old, the demand-driven plan of e's model made before maintenance
 * row block was added to it, into a new plan *out (the caller's; old is
 * only read), where the block reaches and nowhere else (demand_repair.c).
 * The orders' changes go to *fn (NULL once it asks to stop) and count (by
 * plan_diff_kind); *rescheduled: the orders placed again. e->res must be
 * the unconstrained plan the engine made (only read). 0, PLAN_ENOMEM or
 * PLAN_ERANGE. */
int plan_demand__repair(plan_engine *e, const plan_result *old, int32_t block, plan_diff_fn *fn,
			void *ctx, size_t *count, size_t *rescheduled, plan_result **out);

#endif
