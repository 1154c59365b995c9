/* bench-aggregate: builds an aggregate-planning scenario in memory and times
 * the build and the solve of its plan (LP, then with --integer whole
 * workers); --strategies also costs the chase and level strategies (two more
 * linear programs); --interior solves the LPs by GLPK's interior-point
 * method instead of the simplex.
 *
 *   bench-aggregate [--families N] [--sites S] [--months T] [--integer] [--strategies]
 *                   [--interior] [--seed N]
 *
 * Default: 200 families over 10 sites and 24 months. Each family is made at
 * 4 of the sites (a families.csv row each) and sold at all of them; the
 * other sites get it along lanes from the making ones. Every site has a
 * workforce. Demand is seasonal with noise (seeded). */
#include <plan.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double peak_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

static uint64_t rng = 88172645463325252ull;
static double rnd(void) /* [0, 1) */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

#define CHECK(call) do { if ((call) != 0) { fprintf(stderr, "bench-aggregate: %s failed: %s\n", #call, plan_model_errmsg(m)); return 1; } } while (0)

int main(int argc, char **argv)
{
	int nfam = 200, nsite = 10, months = 24, integer = 0, strategies = 0, interior = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--families") && i + 1 < argc)
			nfam = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--sites") && i + 1 < argc)
			nsite = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--months") && i + 1 < argc)
			months = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			rng = strtoull(argv[++i], NULL, 10) * 2654435761ull + 1;
		else if (!strcmp(argv[i], "--integer"))
			integer = 1;
		else if (!strcmp(argv[i], "--strategies"))
			strategies = 1;
		else if (!strcmp(argv[i], "--interior"))
			interior = 1;
		else {
			fprintf(stderr, "usage: bench-aggregate [--families N] [--sites S] [--months T] "
				"[--integer] [--strategies] [--interior] [--seed N]\n");
			return 2;
		}
	}
	if (nfam < 1 || nsite < 1 || months < 1 || months > 600)
		return 2;
	int makers = nsite < 4 ? nsite : 4;
	double t0 = now();
	plan_model *m = NULL;
	if (plan_model_new(&m) != 0)
		return 1;
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	sc.start = plan_date_from_ymd(2027, 1, 1);
	int ey = 2027 + (months - 1) / 12, em = (months - 1) % 12 + 1;
	sc.end = plan_date_from_ymd(ey + (em == 12), em % 12 + 1, 1) - 1;
	sc.bucket = PLAN_BUCKET_MONTH;
	sc.calendar = "WORK";
	CHECK(plan_model_set_scenario(m, &sc));
	plan_calendar_def cal = PLAN_CALENDAR_DEF_INIT;
	cal.calendar = "WORK";
	cal.weekdays = "1111100";
	CHECK(plan_model_add_calendar(m, &cal));
	char name[64], name2[64], id[64];
	for (int s = 0; s < nsite; s++) {
		plan_site_def sd = PLAN_SITE_DEF_INIT;
		snprintf(name, sizeof(name), "S%02d", s);
		sd.site = name;
		CHECK(plan_model_add_site(m, &sd));
		plan_workforce_def w = PLAN_WORKFORCE_DEF_INIT;
		w.site = name;
		/* about what the demand needs: 80 of 200 families made here,
		 * ~300 units a month each at ~1.5 h, 168 h a worker-month */
		w.workers = (double)(long)((150 + 100 * rnd()) * nfam / 200.0);
		w.hours_per_day = 8;
		w.wage = 18 + 4 * rnd();
		w.overtime_wage = 1.5 * w.wage;
		w.max_overtime = 20;
		w.hire_cost = 2000 + 1000 * rnd();
		w.layoff_cost = 3000 + 2000 * rnd();
		w.min_workers = w.workers / 4;
		CHECK(plan_model_add_workforce(m, &w));
	}
	size_t ndem = 0;
	for (int f = 0; f < nfam; f++) {
		char fam[32];
		snprintf(fam, sizeof(fam), "FAM%03d", f);
		snprintf(name, sizeof(name), "I%03d", f);
		plan_item_def it = PLAN_ITEM_DEF_INIT;
		it.item = name;
		it.family = fam;
		CHECK(plan_model_add_item(m, &it));
		double hpu = 0.5 + 2 * rnd(), base = 50 + 150 * rnd(), phase = 12 * rnd();
		for (int s = 0; s < nsite; s++) {
			int maker = (s - f % nsite + nsite) % nsite < makers;
			snprintf(name2, sizeof(name2), "S%02d", s);
			plan_sku_def sku = PLAN_SKU_DEF_INIT;
			sku.item = name;
			sku.site = name2;
			sku.type = maker ? PLAN_SKU_MAKE : PLAN_SKU_TRANSFER;
			CHECK(plan_model_add_sku(m, &sku));
			if (maker) {
				plan_family_def fd = PLAN_FAMILY_DEF_INIT;
				fd.family = fam;
				fd.site = name2;
				fd.hours_per_unit = hpu;
				fd.material_cost = 5 + 20 * rnd();
				fd.holding_cost = 0.5 + rnd();
				fd.backlog_cost = 5 + 5 * rnd();
				fd.subcontract_cost = 60 + 40 * rnd();
				fd.max_subcontract = 200;
				fd.on_hand = 100 * rnd();
				fd.end_on_hand_min = 20;
				CHECK(plan_model_add_family(m, &fd));
			} else {
				for (int k = 0; k < makers; k++) {
					char src[16];
					snprintf(src, sizeof(src), "S%02d", (f % nsite + k) % nsite);
					plan_lane_def l = PLAN_LANE_DEF_INIT;
					l.item = name;
					l.site = name2;
					l.source = src;
					l.priority = k + 1;
					l.transfer_days = 3;
					l.cost = 1 + 3 * rnd();
					CHECK(plan_model_add_lane(m, &l));
				}
			}
			for (int t = 0; t < months; t++) {
				double season = 1 + 0.4 * __builtin_sin((t + phase) * 3.14159265 / 6);
				plan_demand_def d = PLAN_DEMAND_DEF_INIT;
				snprintf(id, sizeof(id), "D%zu", ndem++);
				d.id = id;
				d.item = name;
				d.site = name2;
				d.due = plan_date_from_ymd(2027 + t / 12, t % 12 + 1, 15);
				d.qty = (double)(long)(base * season * (0.7 + 0.6 * rnd()));
				CHECK(plan_model_add_demand(m, &d));
			}
		}
	}
	CHECK(plan_model_validate(m));
	printf("scenario  %d families x %d sites x %d months: %zu families rows, %zu lanes, "
	       "%zu demands (built in %.3f s)\n", nfam, nsite, months,
	       plan_model_count(m, PLAN_TABLE_FAMILIES), plan_model_count(m, PLAN_TABLE_SOURCING),
	       ndem, now() - t0);
	for (int pass = 0; pass <= integer; pass++) {
		plan_aggregate *a = NULL;
		plan_aggregate_options o = PLAN_AGGREGATE_OPTIONS_INIT;
		o.integer = pass;
		o.time_limit = 120;
		o.mip_gap = 1e-4;
		o.strategies = strategies;
		o.method = interior ? PLAN_AGGREGATE_INTERIOR : PLAN_AGGREGATE_SIMPLEX;
		double t = now();
		int rc = plan_aggregate_solve(&a, m, &o);
		double total = now() - t;
		if (rc) {
			fprintf(stderr, "bench-aggregate: %s\n", plan_model_errmsg(m));
			return 1;
		}
		plan_aggregate_summary s = PLAN_AGGREGATE_SUMMARY_INIT;
		plan_aggregate_get_summary(&s, a);
		printf("%-9s %zu rows x %zu columns: build %.3f s, solve %.3f s, total %.3f s "
		       "(with rough-cut%s), peak %.1f MiB\n",
		       pass ? "integer" : interior ? "lp (ipt)" : "lp", s.rows, s.cols, s.build_seconds, s.solve_seconds, total,
		       strategies ? ", chase and level" : "", peak_mib());
		printf("          cost %.2f (%s, gap %.3g %%); chase %.2f, level %.2f; %zu rough-cut rows\n",
		       s.cost, s.status, 100 * s.gap, s.chase_cost, s.level_cost,
		       plan_aggregate_count_rccp(a));
		plan_aggregate_free(a);
	}
	plan_model_free(m);
	return 0;
}
