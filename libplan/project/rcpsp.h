/* Resource-constrained project scheduling on periods 0 .. T-1 (working
 * days, in the planner): the serial schedule generation scheme forward
 * and backward, priority rules, and forward-backward improvement
 * (double justification). Pure arithmetic on arrays: the planner
 * (project/schedule.c) and bench/rcpsp read the same code. */
#ifndef PLAN_RCPSP_H
#define PLAN_RCPSP_H

#include <stddef.h>
#include <stdint.h>

typedef struct plan_rcp {
	size_t n, nres, T;
	const int32_t *dur;              /* by activity, >= 0 */
	const int32_t *pred_off, *pred;  /* by activity: its predecessors */
	const int32_t *succ_off, *succ;  /* by activity: its successors */
	const double *use;               /* n x nres: taken each period it runs */
	const double *avail;             /* nres x T: what is free each period */
	const int32_t *release;          /* by activity: first period (NULL: 0) */
} plan_rcp;

/* Finish to start: activity b starts at or after s_a + d_a of each
 * predecessor a; an activity of duration d takes its use on periods
 * s .. s + d - 1, all within 0 .. T-1. */

/* Scratch of a project of n activities, nres resources and T periods. */
typedef struct plan_rcp_work {
	double *left;                    /* nres x T */
	int32_t *list, *s, *order, *done;
	int32_t *lft;                    /* by activity: latest finish, no resources */
	double *key;
} plan_rcp_work;

int plan_rcp__work_new(plan_rcp_work *w, const plan_rcp *p);
void plan_rcp__work_free(plan_rcp_work *w);

/* The serial scheme over a precedence-feasible list (forward: predecessors
 * first, each at its earliest; backward: successors first, each ending at
 * its latest, by deadline): starts into start[]. Returns the makespan
 * (forward: the last finish; backward: deadline less the first start), or
 * -1 where an activity finds no room within 0 .. T-1 (forward) or before
 * its release (backward): then start[] of it and what follows it are -1. */
long plan_rcp__serial(const plan_rcp *p, plan_rcp_work *w, const int32_t *list, int backward,
		      long deadline, int32_t *start);

/* The best schedule found (the least makespan: priority rules LFT, LST,
 * MTS, GRPW and `samples` biased random lists, each improved by
 * forward-backward passes, then, with samples > 0, generations of a
 * genetic algorithm over them within about 20,000 activity placements;
 * deterministic for a seed) into start[]: its makespan, -1 if no list fits
 * every activity within T (start[] then holds the forward LFT schedule, -1
 * where it found no room), or -2 (out of memory). */
long plan_rcp__solve(const plan_rcp *p, plan_rcp_work *w, int samples, uint64_t seed,
		     int32_t *start);

/* The schedule start[] moved as late as it fits with every activity
 * finishing by deadline (a backward pass in the order of its finishes),
 * kept only if every activity stays at or after its release: 1 (moved)
 * or 0 (start[] as it was). */
int plan_rcp__justify_right(const plan_rcp *p, plan_rcp_work *w, long deadline, int32_t *start);

/* Lower bounds of the makespan: the critical path (with releases) and, by
 * resource, its total work over what it has in the periods (the periods of
 * avail from 0 counted until the work fits). */
long plan_rcp__bound(const plan_rcp *p);

#endif
