/* What plan_result_verify() (verify.c) takes from its helpers. */
#ifndef PLAN_VERIFY_IMPL_H
#define PLAN_VERIFY_IMPL_H

#include "model/calendar.h"
#include "result/result_impl.h"

/* verify_forecast.c: per demand row, the quantity the plan is asked for
 * after forecast consumption, computed from the rows alone (malloc'd;
 * NULL: out of memory). */
double *plan_verify__net(const plan_model *m);

/* verify_finance.c (format.md, "The plan in money"). The flows of each
 * site and bucket recomputed from the plan ([site][bucket][2 x
 * FIN_NVALUES]: the values, then the magnitudes of their terms; malloc'd;
 * NULL: out of memory); the stock's value and holding added by
 * plan_verify__stock_money() for each SKU's level at each bucket's end,
 * `moved` the sum of the absolute quantities of its moves up to it. */
int32_t *plan_verify__sites(const plan_model *m); /* by SKU: its sites row (malloc'd) */
double *plan_verify__flows(const plan_result *r, const plan_buckets *bk, const int32_t *site);
void plan_verify__stock_money(double *x, const plan_model *m, const plan_buckets *bk,
			      const int32_t *site, int32_t sku, size_t bucket, double level, double moved);
/* Checks finance.csv against x, its roll-ups and the summary's totals;
 * fn(ctx, message) for each violation (its return stops: returned);
 * *checks counts. 0, fn's stop or PLAN_ENOMEM. */
typedef int (*plan_verify_say_fn)(void *ctx, const char *message);
int plan_verify__finance(const plan_result *r, const plan_buckets *bk, const double *x,
			 const int32_t *site, plan_verify_say_fn fn, void *ctx, size_t *checks);

/* verify_sourcing.c: rule "sourcing" (sourcing = cost, an unconstrained
 * plan's lanes cheapest first); dec: by SKU, its decimals (-1 or NULL: any
 * quantity). Returns as plan_verify__finance(). */
int plan_verify__sourcing(const plan_result *r, const plan_buckets *bk, const int8_t *dec,
			  plan_verify_say_fn fn, void *ctx, size_t *checks);

/* verify_share.c: rule "fair_share" (fair_share = proportional, a
 * feasible plan: a group's demands the same share on time). Returns as
 * plan_verify__finance(). */
int plan_verify__share(const plan_result *r, const plan_buckets *bk, const int8_t *dec,
		       plan_verify_say_fn fn, void *ctx, size_t *checks);

/* verify_projects.c (1.1): rules "activities" and "precedence".
 * Returns as plan_verify__finance(). */
int plan_verify__activities(const plan_result *r, const plan_calendars *cals,
			    plan_verify_say_fn fn, void *ctx, size_t *checks);
int plan_verify__precedence(const plan_result *r, plan_verify_say_fn fn, void *ctx,
			    size_t *checks);
/* Rule "project_specific" (format.md, "Project-specific supply"): an
 * order of a project-specific SKU serves one project's needs, or none. */
int plan_verify__specific(const plan_result *r, plan_verify_say_fn fn, void *ctx, size_t *checks);

#endif
