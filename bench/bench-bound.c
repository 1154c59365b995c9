/* bench-bound: how much of what any feasible plan could deliver on time
 * the feasible plan delivers (issue 17's measure), on generated scenarios.
 *
 *   bench-bound [--size tiny|small|medium|large] [--seeds N] [--from K] [--tight F]
 *               [--period DAYS] [--interior] [--demand] [--no-bound]
 *               [--loose-only | --tight-only] [--v11]
 *
 * --v11: format 1.1 scenarios (plangen --v11: whole units, time fences,
 * forecast consumption).
 * --demand: also the demand-driven plan (libplan/feasible/demand.c, not
 * yet plan_run()'s), its on-time quantity, ratio, dead load and the
 * verifier's violations beside today's feasible plan.
 * --no-bound: no linear program (it does not finish past tiny): the bound
 * and the ratios print as nan, the plans and their times as before; with
 * --loose-only, only the preset's run hours (medium and large, for time).
 *
 * For seeds K..N (default 1..10; --from K lets two processes share the
 * seeds of a slow size), loose (the preset's run hours) and tight
 * (run hours times F, default 60: the busiest resources then run short),
 * it makes the feasible plan and the service bound (plan/bound.h) and prints, per scenario, the demand
 * quantity, what the plan puts on time, the bound, their ratio, the hours
 * the plan loads and those it loads for orders whose output reaches no
 * demand on time ("dead load"), the sizes and the times; then the average
 * and the lowest ratio of each kind. */
#include <plan.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"
#include "pipeline/pipeline.h"

/* Violations of the library's verifier (every rule). */
static size_t violations(const plan_result *r)
{
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	if (plan_result_verify(&n, r, 0, NULL, NULL) < 0)
		return (size_t)-1;
	return n.violations;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The demand quantity of m (planned: a forecast's net of what orders
 * consumed, format 1.1). */
static double demand_qty(const plan_model *m)
{
	double q = 0;
	for (size_t i = 0; i < plan_model_count(m, PLAN_TABLE_DEMAND); i++) {
		plan_consumption c = PLAN_CONSUMPTION_INIT;
		if (plan_model_get_consumption(&c, m, i) == 0)
			q += c.net;
	}
	return q;
}

int main(int argc, char **argv)
{
	const char *size = "tiny";
	int seeds = 10;
	double tight = 60;
	plan_bound_options bo = PLAN_BOUND_OPTIONS_INIT;
	int demand = 0, no_bound = 0, k0 = 0, kinds = 2, from = 1, v11 = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = argv[++i];
		else if (!strcmp(argv[i], "--seeds") && i + 1 < argc)
			seeds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--tight") && i + 1 < argc)
			tight = atof(argv[++i]);
		else if (!strcmp(argv[i], "--period") && i + 1 < argc)
			bo.period_days = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--interior"))
			bo.interior = 1;
		else if (!strcmp(argv[i], "--demand"))
			demand = 1;
		else if (!strcmp(argv[i], "--v11"))
			v11 = 1;
		else if (!strcmp(argv[i], "--no-bound"))
			no_bound = 1;
		else if (!strcmp(argv[i], "--loose-only"))
			kinds = 1;
		else if (!strcmp(argv[i], "--tight-only"))
			k0 = 1;
		else {
			fprintf(stderr, "usage: bench-bound [--size tiny|small|medium|large] [--seeds N] "
					"[--from K] [--tight F] [--period DAYS] [--interior] [--demand] "
					"[--no-bound] [--loose-only | --tight-only] [--v11]\n");
			return 2;
		}
	}
	printf("%-6s %4s %-5s %9s %9s %9s %6s %9s %9s %7s %8s %6s %6s", "size", "seed", "kind",
	       "demand", "on_time", "bound", "ratio", "loaded_h", "dead_h", "rows", "cols",
	       "plan_s", "lp_s");
	if (demand)
		printf(" | %9s %6s %9s %9s %5s %6s", "dd_on", "ratio", "loaded_h", "dead_h", "viol",
		       "dd_s");
	printf("\n");
	double sum[2] = { 0, 0 }, low[2] = { 1e9, 1e9 }, dsum[2] = { 0, 0 }, dlow[2] = { 1e9, 1e9 };
	for (int k = k0; k < kinds; k++) {
		for (int seed = from; seed <= seeds; seed++) {
			gen_params p;
			if (gen_preset(&p, size) < 0)
				return 2;
			p.seed = (uint64_t)seed;
			p.v11 = v11;
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
			if (no_bound)
				b.on_time_max = NAN, b.demand_qty = demand_qty(m);
			else if (plan_service_bound(&b, m, &bo) < 0) {
				fprintf(stderr, "bench-bound: %s\n", plan_model_errmsg(m));
				return 1;
			}
			double on = plan_result_on_time_qty(r), loaded = plan_result_loaded_hours(r);
			double waste = plan_result_dead_hours(r);
			double ratio = no_bound ? NAN : b.on_time_max > 0 ? on / b.on_time_max : 1;
			sum[k] += ratio;
			if (ratio < low[k])
				low[k] = ratio;
			printf("%-6s %4d %-5s %9.0f %9.0f %9.1f %5.1f%% %9.1f %9.1f %7zu %8zu %6.2f %6.2f",
			       size, seed, k ? "tight" : "loose", b.demand_qty, on, b.on_time_max,
			       100 * ratio, loaded, waste, b.rows, b.cols, t1 - t0, b.seconds);
			if (demand) {
				plan_result *d = NULL;
				double t2 = now();
				if (plan_pipeline__demand_driven(&d, m, NULL) < 0) {
					fprintf(stderr, "bench-bound: %s\n", plan_model_errmsg(m));
					return 1;
				}
				double t3 = now(), don = plan_result_on_time_qty(d);
				double dratio = no_bound ? NAN : b.on_time_max > 0 ? don / b.on_time_max : 1;
				dsum[k] += dratio;
				if (dratio < dlow[k])
					dlow[k] = dratio;
				printf(" | %9.0f %5.1f%% %9.1f %9.1f %5zu %6.2f", don, 100 * dratio,
				       plan_result_loaded_hours(d), plan_result_dead_hours(d), violations(d),
				       t3 - t2);
				plan_result_free(d);
			}
			printf("\n");
			fflush(stdout);
			plan_result_free(r);
			plan_model_free(m);
		}
	}
	int n = seeds - from + 1;
	for (int k = k0; k < kinds && !no_bound && n > 0; k++) {
		printf("%s: on time / bound: average %.1f %%, lowest %.1f %%", k ? "tight" : "loose",
		       100 * sum[k] / n, 100 * low[k]);
		if (demand)
			printf("; demand-driven: average %.1f %%, lowest %.1f %%", 100 * dsum[k] / n,
			       100 * dlow[k]);
		printf("\n");
	}
	return 0;
}
