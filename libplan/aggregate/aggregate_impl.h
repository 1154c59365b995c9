/* The inside of an aggregate plan, shared by the files that build it
 * (aggregate.c), solve its program (plan_lp.c) and check it against the
 * detailed data (rccp.c). */
#ifndef PLAN_AGGREGATE_IMPL_H
#define PLAN_AGGREGATE_IMPL_H

#include "plan/aggregate.h"
#include "base/lp.h"
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
	double material;                /* a unit made (families.csv, or 1.1 its
					   standard material cost: standard_material()) */
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
