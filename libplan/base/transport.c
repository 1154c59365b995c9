/* The transportation problem as a linear program (base/lp.c): a column a
 * arc (0 <= x <= cap, its cost), a row a source (its arcs' flows = what it
 * ships) and a row a destination (= what it receives). GLPK's simplex
 * solves it exactly (the matrix is totally unimodular: integer totals give
 * an integer flow). */
#include "base/transport.h"

#include "base/lp.h"
#include "plan/common.h"

#include <math.h>
#include <stdlib.h>

int plan_tp__solve(size_t nsrc, const double *supply, size_t ndst, const double *demand,
		   size_t narc, const plan_tp_arc *arc, double *cost, double *flow, char *msg,
		   size_t n)
{
	plan_lp lp = { 0 };
	int rc = 0;
	for (size_t i = 0; i < nsrc && !rc; i++)
		if (plan_lp__row(&lp, supply[i], supply[i]) < 0)
			rc = PLAN_ENOMEM;
	for (size_t j = 0; j < ndst && !rc; j++)
		if (plan_lp__row(&lp, demand[j], demand[j]) < 0)
			rc = PLAN_ENOMEM;
	for (size_t k = 0; k < narc && !rc; k++) {
		int c = plan_lp__col(&lp, 0, arc[k].cap, arc[k].cost, 0);
		if (c < 0 || plan_lp__el(&lp, arc[k].from + 1, c, 1) < 0 ||
		    plan_lp__el(&lp, (int)nsrc + arc[k].to + 1, c, 1) < 0)
			rc = PLAN_ENOMEM;
	}
	if (!rc)
		rc = plan_lp__solve(&lp, NULL, msg, n);
	if (!rc && lp.out.status == LP_INFEASIBLE)
		rc = 1;
	else if (!rc && lp.out.status != LP_OPTIMAL)
		rc = PLAN_ESOLVER;
	if (!rc) {
		*cost = lp.out.obj;
		for (size_t k = 0; flow && k < narc; k++)
			flow[k] = lp.x[k];
	}
	plan_lp__free(&lp);
	return rc;
}
