/* The pipeline's own helpers, shared by plan_run() (plan.c) and sessions
 * (session.c), the top layer: it may call every layer below. */
#ifndef PLAN_PIPELINE_H
#define PLAN_PIPELINE_H

#include "feasible/demand.h"

/* The run options, checked, with the defaults where opts is NULL. 0 or
 * PLAN_EINVAL (the model's errmsg says why). */
int plan_pipeline__options(plan_model *m, const plan_run_options *opts, plan_run_options *o);

/* Steps 1 and 2 of plan_run(): the model validated, the unconstrained
 * orders and allocations in e->res. On error the engine is freed and the
 * model's errmsg says why. */
int plan_pipeline__unconstrained(plan_engine *e, plan_model *m, const plan_run_options *o);

/* plan_run()'s constrained plan (feasible/demand.c) of m into *out, with
 * or without options. For the tests and bench-bound. */
int plan_pipeline__demand_driven(plan_result **out, plan_model *m, const plan_run_options *opts);

/* The run was canceled: PLAN_ECANCELED, the model's errmsg says so. */
int plan_pipeline__canceled(plan_model *m);

/* Seconds on the monotonic clock. */
double plan_pipeline__seconds(void);

#endif
