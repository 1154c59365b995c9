/* What plan_result_verify() (verify.c) takes from its helpers. */
#ifndef PLAN_VERIFY_IMPL_H
#define PLAN_VERIFY_IMPL_H

#include "result/result_impl.h"

/* verify_forecast.c: per demand row, the quantity the plan is asked for
 * after forecast consumption, computed from the rows alone (malloc'd;
 * NULL: out of memory). */
double *plan_verify__net(const plan_model *m);

#endif
