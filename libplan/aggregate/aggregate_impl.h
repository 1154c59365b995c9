/* The inside of an aggregate plan, shared by the files that build it
 * (aggregate.c), solve its program (agg_lp.c) and check it against the
 * detailed data (rccp.c). */
#ifndef PLAN_AGGREGATE_IMPL_H
#define PLAN_AGGREGATE_IMPL_H

#include "plan/aggregate.h"
#include "model/calendar.h"
#include "model/model_impl.h"

/* A site with a workforce row. */
typedef struct agg_site {
	int32_t site;                   /* site id */
	const plan_workforce_def *wf;
	double *days;                   /* working days per bucket */
} agg_site;

/* A family at a site: made there (fd set) or only received (fd NULL). */
typedef struct agg_pair {
	int32_t family, site;           /* ids */
	const plan_family_def *fd;
	int wsite;                      /* index into site[] of its workforce, or -1 */
	int col;                        /* its first column (making pairs) */
	double *demand;                 /* per bucket */
} agg_pair;

/* A family's lane from a making pair to another pair. */
typedef struct agg_lane {
	int from, to;                   /* pair indices */
	double cost, cap;
	int uncapped;
	double wcost, weight, sumcost;  /* for the weighted cost */
	int n;
} agg_lane;

typedef struct agg_rccp {
	int32_t resource;               /* resources row */
	size_t bucket;
	double required, available;
} agg_rccp;

struct plan_aggregate {
	const plan_model *m;
	char errmsg[256];       /* why the last call on it failed (not part of the plan) */
	plan_buckets bk;
	plan_calendars cals;
	size_t nb;
	agg_site *site;
	size_t nsite;
	agg_pair *pair;
	size_t npair, pair_cap;
	agg_lane *lane;
	size_t nlane, lane_cap;
	int32_t *lane_off, *lane_at;    /* lanes by pair (either end), CSR */
	int lane_col;                   /* the first lane column */
	plan_map64 pair_of;             /* (family, site) -> pair */
	double *x;                      /* the solution, by column (0-based) */
	plan_aggregate_summary summary;
	agg_rccp *rccp;
	size_t nrccp;
};

/* The programs solved: the best plan, the chase and level strategies, and
 * the elastic program that says which conditions conflict. */
enum { MODE_BEST, MODE_CHASE, MODE_LEVEL, MODE_ELASTIC };

/* How a program ended. */
enum { AGG_NONE, AGG_OPTIMAL, AGG_WITHIN_GAP, AGG_FEASIBLE, AGG_INFEASIBLE, AGG_UNBOUNDED };

typedef struct agg_outcome {
	int status;
	double obj;
	double gap;                     /* relative MIP gap, 0 for an LP */
} agg_outcome;

typedef struct agg_col {
	double lo, hi, cost;            /* -HUGE_VAL / HUGE_VAL: no bound */
	int integer;
} agg_col;

typedef struct agg_rowb {
	double lo, hi;
	const char *what;
} agg_rowb;

/* A linear program in plain arrays (1-based, GLPK's convention). */
typedef struct agg_lp {
	agg_col *col;
	size_t ncol, col_cap;
	agg_rowb *row;
	size_t nrow, row_cap;
	int *ia, *ja;
	double *ar;
	size_t nel, ia_cap, ja_cap, ar_cap;
	double *x;                      /* solution, ncol values */
	agg_outcome out;
	int interior;                   /* the LP by interior point, not simplex */
	int presolve;                   /* the LP presolved, scaled, by primal simplex */
	double build_seconds, solve_seconds;
} agg_lp;

/* Building a program: a column (1-based index, -1 out of memory) with its
 * bounds (-HUGE_VAL / HUGE_VAL: none) and cost, a row, an element; and
 * freeing it. */
int plan_agg__col(agg_lp *lp, double lo, double hi, double cost, int integer);
int plan_agg__row(agg_lp *lp, double lo, double hi);
int plan_agg__el(agg_lp *lp, int row, int col, double v);
void plan_agg__free(agg_lp *lp);

/* Solves lp with GLPK in one guarded call: nothing printed, a GLPK error
 * caught, no GLPK object kept. mip: NULL for the LP, else the options of the
 * branch-and-cut (integer columns). 0 (lp->out says how it ended, lp->x the
 * solution), PLAN_ESOLVER (msg says why) or PLAN_ENOMEM. */
int plan_agg__solve(agg_lp *lp, const plan_aggregate_options *mip, char *msg, size_t n);

/* Column numbering (1-based, GLPK's): per site and bucket W, H, L, O; per
 * making pair and bucket P, C, I, B (a receiving pair has none); per lane
 * and bucket X; in modes that need them, slacks after. */
#define SITE_COL(a, i, t, k) (1 + ((i) * (a)->nb + (t)) * 4 + (k))
#define PAIR_COL(a, p, t, k) ((a)->pair[p].col + (int)(t) * 4 + (k))
#define LANE_COL(a, l, t) ((a)->lane_col + (int)((l) * (a)->nb + (t)))
enum { CW, CH, CL, CO };
enum { CP, CC, CI, CB };

/* Units made of pair p in bucket t. */
static inline double plan_agg__made(const plan_aggregate *a, size_t p, size_t t)
{
	return a->pair[p].fd ? a->x[PAIR_COL(a, p, t, CP) - 1] : 0;
}

/* The cost by kind into a->summary. */
void plan_agg__costs(plan_aggregate *a);

/* The rough-cut capacity check into a->rccp. 0 or PLAN_ENOMEM. */
int plan_agg__rccp(plan_aggregate *a);

#endif
