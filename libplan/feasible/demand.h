/* Demand-driven constrained planning (demand.c): demand by demand, most
 * important first, each through every level and site, nothing booked for
 * what fails. Not yet plan_run()'s constrained mode. */
#ifndef PLAN_DEMAND_H
#define PLAN_DEMAND_H

#include "mrp/engine.h"

/* The demand-driven plan of e's model into *out (the caller's), from the
 * scheduled receipts of e->res (the unconstrained plan, only read). 0,
 * PLAN_ENOMEM or PLAN_ERANGE. */
int plan_demand__plan(plan_engine *e, plan_result **out);

#endif
