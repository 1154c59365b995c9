/* The transportation problem (transport.c): sources with what each ships,
 * destinations with what each receives, arcs between them with a cost a
 * unit and a capacity; the flow of least cost, by GLPK (base/lp.c). */
#ifndef PLAN_BASE_TRANSPORT_H
#define PLAN_BASE_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct plan_tp_arc {
	int32_t from, to;   /* a source, a destination (0-based) */
	double cost;        /* a unit */
	double cap;         /* HUGE_VAL: none */
} plan_tp_arc;

/* The least-cost flow that ships exactly supply[i] from each source and
 * brings exactly demand[j] to each destination (the totals balanced), each
 * arc within its capacity: *cost its cost, flow (narc values, or NULL) each
 * arc's flow. 0; 1 if no flow can (the totals differ, or the capacities
 * are too small); PLAN_ESOLVER (msg says why) or PLAN_ENOMEM. */
int plan_tp__solve(size_t nsrc, const double *supply, size_t ndst, const double *demand,
		   size_t narc, const plan_tp_arc *arc, double *cost, double *flow, char *msg,
		   size_t n);

#endif
