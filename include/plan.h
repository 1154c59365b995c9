/**
 * @file plan.h
 * libplan: multi-site MRP II planning. Include this umbrella header; it pulls
 * in every public area under plan/.
 */
#ifndef PLAN_H
#define PLAN_H

#include "plan/common.h"
#include "plan/model.h"
#include "plan/load.h"
#include "plan/lotsize.h"
#include "plan/run.h"
#include "plan/store.h"
#include "plan/aggregate.h"
#include "plan/bound.h"
#include "plan/repair.h"

#endif
