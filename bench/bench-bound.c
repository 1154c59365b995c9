/* bench-bound: how much of what any feasible plan could deliver on time
 * the feasible plan delivers (issue 17's measure), on generated scenarios.
 *
 *   bench-bound [--size tiny|small] [--seeds N] [--tight F] [--period DAYS] [--interior]
 *
 * For seeds 1..N (default 10), loose (the preset's run hours) and tight
 * (run hours times F, default 60: the busiest resources then run short),
 * it makes the feasible plan and the service bound (plan/bound.h) and prints, per scenario, the demand
 * quantity, what the plan puts on time, the bound, their ratio, the hours
 * the plan loads and those it loads for orders whose output reaches no
 * demand on time ("dead load"), the sizes and the times; then the average
 * and the lowest ratio of each kind. */
#include <plan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct dem_frac {
	const char *id;
	double frac;          /* of the demand delivered on time */
} dem_frac;

typedef struct dead {
	dem_frac *dem;
	size_t nd;
	double *useful;       /* per order: quantity pegged to what is on time */
} dead;

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const dem_frac *)a)->id, ((const dem_frac *)b)->id);
}

static int peg_cb(void *ctx, size_t order, const char *demand, double qty)
{
	dead *d = ctx;
	dem_frac key = { demand, 0 };
	const dem_frac *f = bsearch(&key, d->dem, d->nd, sizeof(*d->dem), cmp_id);
	if (f)
		d->useful[order] += qty * f->frac;
	return 0;
}

/* Hours the plan loads, and those it loads for the part of each order that
 * pegs to no demand delivered on time: dead load (a demand's pegs count in
 * proportion to what of it is on time). */
static double dead_hours(const plan_model *m, const plan_result *r, double *loaded)
{
	size_t no = plan_result_count(r, PLAN_RESULT_ORDERS);
	size_t nd = plan_model_count(m, PLAN_TABLE_DEMAND);
	double *hours = calloc(no + 1, sizeof(*hours)), waste = 0;
	dead d = { calloc(nd + 1, sizeof(dem_frac)), nd, calloc(no + 1, sizeof(double)) };
	double *on = calloc(nd + 1, sizeof(double));
	for (size_t i = 0; i < nd; i++) {
		plan_demand_def dd = PLAN_DEMAND_DEF_INIT;
		plan_model_get_demand(m, i, &dd);
		d.dem[i].id = dd.id;
	}
	qsort(d.dem, nd, sizeof(*d.dem), cmp_id);
	for (size_t k = 0; k < plan_result_count(r, PLAN_RESULT_DELIVERIES); k++) {
		plan_delivery v = PLAN_DELIVERY_INIT;
		plan_result_get_delivery(r, k, &v);
		dem_frac key = { v.demand, 0 };
		dem_frac *f = bsearch(&key, d.dem, nd, sizeof(*d.dem), cmp_id);
		for (size_t i = 0; f && i < nd; i++) {
			plan_demand_def dd = PLAN_DEMAND_DEF_INIT;
			plan_model_get_demand(m, i, &dd);
			if (dd.id == v.demand || strcmp(dd.id, v.demand) == 0) {
				if (v.date <= dd.due)
					f->frac += dd.qty > 0 ? v.qty / dd.qty : 0;
				break;
			}
		}
	}
	free(on);
	plan_result_pegging(r, peg_cb, &d);
	*loaded = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_LOADS); i++) {
		plan_load l = PLAN_LOAD_INIT;
		plan_result_get_load(r, i, &l);
		hours[l.order] += l.hours;
		*loaded += l.hours;
	}
	for (size_t o = 0; o < no; o++) {
		if (hours[o] <= 0)
			continue;
		plan_order ord = PLAN_ORDER_INIT;
		plan_result_get_order(r, o, &ord);
		double part = ord.qty > 0 ? d.useful[o] / ord.qty : 0;
		waste += hours[o] * (1 - (part < 1 ? part : 1));
	}
	free(hours);
	free(d.dem);
	free(d.useful);
	return waste;
}

int main(int argc, char **argv)
{
	const char *size = "tiny";
	int seeds = 10;
	double tight = 60;
	plan_bound_options bo = PLAN_BOUND_OPTIONS_INIT;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = argv[++i];
		else if (!strcmp(argv[i], "--seeds") && i + 1 < argc)
			seeds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--tight") && i + 1 < argc)
			tight = atof(argv[++i]);
		else if (!strcmp(argv[i], "--period") && i + 1 < argc)
			bo.period_days = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--interior"))
			bo.interior = 1;
		else {
			fprintf(stderr, "usage: bench-bound [--size tiny|small] [--seeds N] [--tight F] "
					"[--period DAYS] [--interior]\n");
			return 2;
		}
	}
	printf("%-6s %4s %-5s %9s %9s %9s %6s %9s %9s %7s %8s %6s %6s\n", "size", "seed", "kind",
	       "demand", "on_time", "bound", "ratio", "loaded_h", "dead_h", "rows", "cols",
	       "plan_s", "lp_s");
	double sum[2] = { 0, 0 }, low[2] = { 1e9, 1e9 };
	for (int k = 0; k < 2; k++) {
		for (int seed = 1; seed <= seeds; seed++) {
			gen_params p;
			if (gen_preset(&p, size) < 0)
				return 2;
			p.seed = (uint64_t)seed;
			if (k)
				p.run_scale *= tight;
			plan_model *m = NULL;
			plan_result *r = NULL;
			plan_run_options o = PLAN_RUN_OPTIONS_INIT;
			o.mode = PLAN_MODE_CONSTRAINED;
			plan_bound b = PLAN_BOUND_INIT;
			double t0 = now();
			if (gen_model(&m, &p) < 0 || plan_run(&r, m, &o) < 0) {
				fprintf(stderr, "bench-bound: %s\n", m ? plan_model_errmsg(m) : "no model");
				return 1;
			}
			double t1 = now();
			if (plan_service_bound(m, &bo, &b) < 0) {
				fprintf(stderr, "bench-bound: %s\n", plan_model_errmsg(m));
				return 1;
			}
			double on = plan_result_on_time_qty(r), loaded = 0;
			double waste = dead_hours(m, r, &loaded);
			double ratio = b.on_time_max > 0 ? on / b.on_time_max : 1;
			sum[k] += ratio;
			if (ratio < low[k])
				low[k] = ratio;
			printf("%-6s %4d %-5s %9.0f %9.0f %9.1f %5.1f%% %9.1f %9.1f %7zu %8zu %6.2f %6.2f\n",
			       size, seed, k ? "tight" : "loose", b.demand_qty, on, b.on_time_max,
			       100 * ratio, loaded, waste, b.rows, b.cols, t1 - t0, b.seconds);
			fflush(stdout);
			plan_result_free(r);
			plan_model_free(m);
		}
	}
	for (int k = 0; k < 2; k++)
		printf("%s: on time / bound: average %.1f %%, lowest %.1f %%\n", k ? "tight" : "loose",
		       100 * sum[k] / seeds, 100 * low[k]);
	return 0;
}
