/* Projects' activities in the plan (format.md "Projects", 1.1): the
 * unconstrained plan's schedule and the feasible plan's, one project at a
 * time on the capacity left. */
#ifndef PLAN_PROJECT_H
#define PLAN_PROJECT_H

#include "capacity/capacity.h"

/* The activity records of e->res (none booked yet; their latest dates
 * by the critical path). 0 or PLAN_ENOMEM. A model without activities:
 * nothing. */
int plan_project__open(plan_engine *e);

/* The unconstrained plan: each activity at its latest start by the
 * critical path, or where the plan's start and its predecessors let it
 * start at the earliest if that is later; a late project reported. Before
 * the capacity's loads (which count the activities'). 0 or PLAN_ENOMEM. */
int plan_project__unconstrained(plan_engine *e);

/* The feasible plan: project row `project` scheduled on what c has left
 * (its activities' loads booked), no activity before the day release
 * gives it (by activity row: its materials' day; PLAN_DATE_NONE: never;
 * NULL: the start), finishing as early as the scheduler finds, then as
 * late as its due allows; a late project reported. 0 or PLAN_ENOMEM. */
int plan_project__constrained(plan_engine *e, plan_cap *c, int32_t project,
			      const plan_date *release);

#endif
