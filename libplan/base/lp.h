/* A linear program in plain arrays, solved by GLPK in one guarded call
 * (lp.c): the aggregate plan, the service bound and the verifier's
 * transportation problems build their programs with it. */
#ifndef PLAN_BASE_LP_H
#define PLAN_BASE_LP_H

#include "plan/aggregate.h"

#include <stddef.h>

/* How a program ended. */
enum { LP_NONE, LP_OPTIMAL, LP_WITHIN_GAP, LP_FEASIBLE, LP_INFEASIBLE, LP_UNBOUNDED };

typedef struct plan_lp_outcome {
	int status;
	double obj;
	double gap;                     /* relative MIP gap, 0 for an LP */
} plan_lp_outcome;

typedef struct plan_lp_col {
	double lo, hi, cost;            /* -HUGE_VAL / HUGE_VAL: no bound */
	int integer;
} plan_lp_col;

typedef struct plan_lp_row {
	double lo, hi;
	const char *what;
} plan_lp_row;

/* A linear program in plain arrays (1-based, GLPK's convention). */
typedef struct plan_lp {
	plan_lp_col *col;
	size_t ncol, col_cap;
	plan_lp_row *row;
	size_t nrow, row_cap;
	int *ia, *ja;
	double *ar;
	size_t nel, ia_cap, ja_cap, ar_cap;
	double *x;                      /* solution, ncol values */
	plan_lp_outcome out;
	int interior;                   /* the LP by interior point, not simplex */
	int presolve;                   /* the LP presolved, scaled, by primal simplex */
	double build_seconds, solve_seconds;
} plan_lp;

/* Building a program: a column (1-based index, -1 out of memory) with its
 * bounds (-HUGE_VAL / HUGE_VAL: none) and cost, a row, an element; and
 * freeing it. */
int plan_lp__col(plan_lp *lp, double lo, double hi, double cost, int integer);
int plan_lp__row(plan_lp *lp, double lo, double hi);
int plan_lp__el(plan_lp *lp, int row, int col, double v);
void plan_lp__free(plan_lp *lp);

/* Solves lp with GLPK in one guarded call: nothing printed, a GLPK error
 * caught, no GLPK object kept. mip: NULL for the LP, else the options of the
 * branch-and-cut (integer columns). 0 (lp->out says how it ended, lp->x the
 * solution), PLAN_ESOLVER (msg says why) or PLAN_ENOMEM. */
int plan_lp__solve(plan_lp *lp, const plan_aggregate_options *mip, char *msg, size_t n);

#endif
