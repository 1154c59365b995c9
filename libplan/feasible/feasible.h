/* The feasible plan: from the unconstrained plan of an engine, a plan that
 * breaks none of format.md's rules, with what was changed and why. The one
 * entry the pipeline (plan_run() and sessions) calls. */
#ifndef PLAN_FEASIBLE_H
#define PLAN_FEASIBLE_H

#include "mrp/engine.h"
#include "plan/session.h"

/* The feasibility step (feasible.c) over the unconstrained plan in e->res
 * (orders and allocations, no loads yet), which it reads and does not own;
 * the engine must outlive it. A pass makes the feasible plan: loads,
 * capacity, deliveries, adjustments, the late-demand exceptions, ids. After
 * a change of capacity (resources res_dirty), a pass replays the last one
 * and reschedules only what the change reaches. The strings of its plans
 * live in the feasibility step (replays share them) until it is freed, or
 * are given to a plan with plan_feasible__give_strings(). */
/* Changes are counted by kind in arrays of PLAN_DIFF_KINDS (plan_diff_kind
 * indexes them). */
#define PLAN_DIFF_KINDS (PLAN_DIFF_ON_TIME_AGAIN + 1)

typedef struct plan_feas plan_feas;
/* The feasible plan of e's unconstrained plan into *out (the caller's).
 * keep NULL: one pass only (it may take the unconstrained plan's arrays; the
 * strings go to the plan). Else the feasibility step stays in *keep for
 * repairs and replays (its strings with it). On error nothing is left. */
int plan_feasible__plan(plan_engine *e, plan_feas **keep, plan_result **out);
/* The steps plan_feasible__plan() takes. */
int plan_feasible__new(plan_feas **out, plan_engine *e);
int plan_feasible__pass(plan_feas *f, const uint8_t *res_dirty, plan_result **out);
/* Only one pass will run: it may take the unconstrained plan's arrays
 * (the unconstrained plan is left without orders and allocations). */
void plan_feasible__once(plan_feas *f);
size_t plan_feasible__rescheduled(const plan_feas *f);
void plan_feasible__give_strings(plan_feas *f, plan_result *r);
void plan_feasible__free(plan_feas *f);
/* Mends the last pass in place after a block on resource res over
 * [from, to] (already in the model): see feasible.c. The changes against
 * old (the last plan) go to *fn and count (*fn becomes NULL if it asks
 * to stop). *out is old itself, patched, when
 * the repair left the same orders (none left out, back or split), else a
 * new plan (old is then untouched). */
int plan_feasible__repair(plan_feas *f, int32_t res, plan_date from, plan_date to,
			  plan_result *old, plan_diff_fn *fn, void *ctx, size_t *count,
			  plan_result **out);
/* The orders that changed between the plans of the last two passes (old
 * made by the one before the last): moved, rerouted, left out, back; *fn
 * becomes NULL if it asks to stop. */
void plan_feasible__diff(const plan_feas *f, const plan_result *old, const plan_result *now,
			 plan_diff_fn *fn, void *ctx, size_t *count);

#endif
