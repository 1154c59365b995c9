/**
 * @file plan/aggregate.h
 * The aggregate (sales and operations) plan: per product family, site and
 * bucket, how many workers, hires, layoffs and overtime hours, how much is
 * made, subcontracted, held and backlogged, and what is shipped along the
 * lanes, at least cost, solved as a linear program with GLPK.
 *
 * The model (format.md, "Aggregate planning tables"): every site with a
 * workforce.csv row and every family with a families.csv row at a site
 * plans production there; a family's demand at a site without a
 * families.csv row is shipped in from sites that make it, along the lanes
 * of its items. For each site s and bucket t:
 *
 *     W[t] = W[t-1] + H[t] - L[t],  W[0] = workers,  min <= W <= max
 *     O[t] <= max_overtime * W[t]
 *     sum_f hours_per_unit[f] * P[f,t] <= hours_per_day * days[t] * W[t] + O[t]
 *
 * (days: the working days of the bucket in the site's calendar) and for each
 * family f made at s:
 *
 *     I[t-1] - B[t-1] + P + C + in - out - I[t] + B[t] = demand[t]
 *     I[0] = on_hand, B[0] = backlog, C <= max_subcontract,
 *     I[T] >= end_on_hand_min, B[T] <= end_backlog_max
 *
 * and at a site that only receives it: what comes in = demand[t]. The cost
 * is wage * hours_per_day * days * W + overtime_wage * O + hire_cost * H +
 * layoff_cost * L + material_cost * P + subcontract_cost * C +
 * holding_cost * I + backlog_cost * B + lane cost * shipped. Shipments
 * arrive in the bucket they leave (transfer days are below a bucket's
 * grain). A family's lane from s to d stands for the lanes of its items:
 * its cost is their cost weighted by the items' demand at d, its limit the
 * sum of their max_per_bucket (none if one has none).
 *
 * Ownership: the caller owns the result (plan_aggregate_free()); it borrows
 * strings from the model, which must outlive it. No GLPK object outlives a
 * call; separate models may be solved in separate threads.
 */
#ifndef PLAN_AGGREGATE_H
#define PLAN_AGGREGATE_H

#include "model.h"

PLAN_BEGIN_DECL

typedef struct plan_aggregate plan_aggregate;

/** How the linear program is solved. */
typedef enum plan_aggregate_method {
	/** GLPK's simplex (dual, then primal if the dual fails): an optimal
	 *  vertex, exact to the simplex's tolerances. The default. */
	PLAN_AGGREGATE_SIMPLEX = 0,
	/** GLPK's interior-point method: on large programs many times faster
	 *  (bench/RESULTS.md), optimal to about 1e-8 relative, not at a vertex.
	 *  Not used with integer: the branch-and-cut needs the simplex. */
	PLAN_AGGREGATE_INTERIOR = 1
} plan_aggregate_method;

/** Options of plan_aggregate_solve(). */
typedef struct plan_aggregate_options {
	unsigned version;
	/** 1: workers, hires and layoffs are whole numbers (GLPK's
	 *  branch-and-cut on the LP; min_workers rounds up, max_workers down,
	 *  the workers at start must be whole); 0: the LP (default). */
	int integer;
	/** Time limit of the branch-and-cut, seconds (default 60). The best
	 *  plan found by then is returned with its gap. */
	double time_limit;
	/** Relative gap at which the branch-and-cut stops (default 1e-6). */
	double mip_gap;
	/** 1: also cost the chase and level strategies on the same data (two
	 *  more linear programs; default); 0: not (their costs are -1). */
	int strategies;
	/** The method of the linear programs (default simplex). */
	plan_aggregate_method method;
} plan_aggregate_options;
#define PLAN_AGGREGATE_OPTIONS_VERSION 1
#define PLAN_AGGREGATE_OPTIONS_INIT { PLAN_AGGREGATE_OPTIONS_VERSION, 0, 60.0, 1e-6, 1, \
				      PLAN_AGGREGATE_SIMPLEX }

/**
 * Builds and solves the aggregate plan of @p model (validated first if it
 * is not yet).
 * @param[out] out the plan (plan_aggregate_free()); NULL on error
 * @return 0; PLAN_EFORMAT (the model has errors); PLAN_ENOTFOUND (no
 *     workforce or families rows: nothing to plan); PLAN_ESOLVER (the
 *     conditions cannot all hold, or GLPK failed: plan_model_errmsg() says
 *     which conditions conflict, as far as can be told, or GLPK's message);
 *     PLAN_ENOMEM; PLAN_EINVAL.
 */
PLAN_EXPORT int plan_aggregate_solve(plan_aggregate **out, plan_model *model,
				     const plan_aggregate_options *opts);

/** Frees a plan; NULL is a no-op. */
PLAN_EXPORT void plan_aggregate_free(plan_aggregate *plan);

/** One row of aggregate.csv: a family at a site in a bucket, or (family
 *  NULL) a site's workforce in a bucket. Fields that do not apply are 0. */
typedef struct plan_aggregate_row {
	unsigned version;
	const char *site;
	const char *family;       /**< NULL: the site's workforce row */
	plan_date bucket;         /**< first day of the bucket */
	double demand, made, subcontracted, on_hand, backlog, shipped_in, shipped_out;
	double workers, hired, laid_off, overtime_hours, regular_hours;
} plan_aggregate_row;
#define PLAN_AGGREGATE_ROW_VERSION 1
#define PLAN_AGGREGATE_ROW_INIT { PLAN_AGGREGATE_ROW_VERSION, NULL, NULL, 0, 0, 0, 0, 0, 0, \
				  0, 0, 0, 0, 0, 0, 0 }

/** Rows: per site and bucket, the workforce row then the family rows. */
PLAN_EXPORT size_t plan_aggregate_count(const plan_aggregate *plan);
PLAN_EXPORT int plan_aggregate_get_row(plan_aggregate_row *out, const plan_aggregate *plan,
				   size_t index);

/** The cost of a plan, by kind, and how it was solved. */
typedef struct plan_aggregate_summary {
	unsigned version;
	double cost;               /**< aggregate_cost: the sum of the parts below */
	double wages, overtime, hiring, layoffs, material, subcontracting, holding, backlog,
	       transport;
	int integer;               /**< solved with whole workers */
	const char *status;        /**< "optimal"; "within_gap" (the branch-and-cut stopped at
	                                the asked gap); "time_limit" (a plan, not proven best) */
	double gap;                /**< relative MIP gap reached (0 for the LP) */
	double chase_cost;         /**< the chase strategy on the same data (workforce follows
	                                demand: no stock built, no overtime, subcontracting or
	                                backlog); -1 if it cannot meet the conditions or was
	                                not asked for */
	double level_cost;         /**< the level strategy (one workforce level for the
	                                horizon, no overtime or subcontracting; stock and
	                                backlog absorb demand); -1 likewise */
	size_t rows, cols;         /**< size of the LP */
	double build_seconds, solve_seconds;
} plan_aggregate_summary;
#define PLAN_AGGREGATE_SUMMARY_VERSION 1
#define PLAN_AGGREGATE_SUMMARY_INIT { PLAN_AGGREGATE_SUMMARY_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, \
				      0, 0, 0, NULL, 0, 0, 0, 0, 0, 0, 0 }

PLAN_EXPORT int plan_aggregate_get_summary(plan_aggregate_summary *out,
					   const plan_aggregate *plan);

/**
 * Rough-cut capacity check of the aggregate plan against the detailed data:
 * what a family makes at a site in a bucket is broken down to its items by
 * each item's share of the family's demand in that bucket (over the
 * horizon when the bucket has none; evenly when the family has none), and
 * each item's routing at the site loads its resources (run hours times
 * quantity plus one setup per bucket made), against what the resources
 * offer in the bucket (calendars and maintenance blocks). One row per
 * resource and bucket with a load.
 */
typedef struct plan_rccp_row {
	unsigned version;
	const char *resource;
	plan_date bucket;
	double required;          /**< hours */
	double available;         /**< hours */
} plan_rccp_row;
#define PLAN_RCCP_ROW_VERSION 1
#define PLAN_RCCP_ROW_INIT { PLAN_RCCP_ROW_VERSION, NULL, 0, 0.0, 0.0 }

PLAN_EXPORT size_t plan_aggregate_count_rccp(const plan_aggregate *plan);
PLAN_EXPORT int plan_aggregate_get_rccp(plan_rccp_row *out, const plan_aggregate *plan,
					size_t index);

/**
 * Writes aggregate.csv (format.md), rccp.csv (`resource`, `bucket`,
 * `required`, `available`, `overloaded`) and summary.csv (`aggregate_cost`,
 * the cost by kind, `chase_cost`, `level_cost`, `status`, `gap`, the count
 * of overloaded resource-buckets) into @p dir, all at once as
 * plan_result_write_csv() writes (an existing @p dir is replaced only if it
 * holds nothing but those three files).
 * @return 0, PLAN_EINVAL, PLAN_ENOMEM or PLAN_EIO (plan_aggregate_errmsg()
 *     says why).
 */
PLAN_EXPORT int plan_aggregate_write_csv(const plan_aggregate *plan, const char *dir);

/**
 * Why the last call on @p plan that can fail failed ("" if none; "no
 * aggregate plan" for NULL). Borrowed; valid until the next call on the plan.
 * The message is not part of the plan: it is set through a const plan
 * too, so two threads must not write one plan's files at once.
 */
PLAN_EXPORT const char *plan_aggregate_errmsg(const plan_aggregate *plan);

PLAN_END_DECL

#endif
