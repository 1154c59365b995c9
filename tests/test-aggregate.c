/* The aggregate plan: Chopra and Meindl's Red Tomato Tools (the published
 * LP and integer optima), hand-computed cases for each lever, the rough-cut
 * check, infeasible programs explained, GLPK's fatal errors caught, two
 * solves in two threads. */
#include <pthread.h>

#include "aggregate/aggregate_impl.h"
#include "helpers.h"
#include "plan-helpers.h"

#define EPS 1e-6

static plan_aggregate *solve(plan_model *m, int integer)
{
	plan_aggregate *a = NULL;
	plan_aggregate_options o = PLAN_AGGREGATE_OPTIONS_INIT;
	o.integer = integer;
	int rc = plan_aggregate_solve(&a, m, &o);
	ck_assert_msg(rc == 0, "solve: %d %s", rc, plan_model_errmsg(m));
	return a;
}

static plan_aggregate_summary summary(const plan_aggregate *a)
{
	plan_aggregate_summary s = PLAN_AGGREGATE_SUMMARY_INIT;
	ck_assert_int_eq(plan_aggregate_get_summary(&s, a), 0);
	/* the parts add up to the cost */
	double sum = s.wages + s.overtime + s.hiring + s.layoffs + s.material + s.subcontracting +
		     s.holding + s.backlog + s.transport;
	ck_assert_double_eq_tol(sum, s.cost, 1e-6 * (1 + s.cost));
	return s;
}

/* Row of (site, family or NULL) in bucket t. */
static plan_aggregate_row row_of(const plan_aggregate *a, const char *site, const char *family,
				 size_t t)
{
	size_t n = plan_aggregate_count(a), seen = 0;
	for (size_t i = 0; i < n; i++) {
		plan_aggregate_row r = PLAN_AGGREGATE_ROW_INIT;
		ck_assert_int_eq(plan_aggregate_get_row(&r, a, i), 0);
		if (strcmp(r.site, site) != 0 || (family ? !r.family || strcmp(r.family, family) != 0
							 : r.family != NULL))
			continue;
		if (seen++ == t)
			return r;
	}
	ck_abort_msg("no row %s %s %zu", site, family ? family : "-", t);
	return (plan_aggregate_row)PLAN_AGGREGATE_ROW_INIT;
}

/* S. Chopra and P. Meindl, Supply Chain Management: Strategy, Planning, and
 * Operation, chapter 8 "Aggregate Planning in a Supply Chain", Red Tomato
 * Tools: the optimal aggregate plan of the linear program, total cost
 * $422,275 (Table 8-3 in the 4th edition; numbering differs between
 * editions), and with whole workers, $422,660 (Table 8-4). The data are in
 * tests/data/red-tomato with their README. */
START_TEST(red_tomato)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/red-tomato"), NULL), 0);
	plan_aggregate *a = solve(m, 0);
	plan_aggregate_summary s = summary(a);
	ck_assert_double_eq_tol(s.cost, 422275, 1e-6);
	ck_assert_str_eq(s.status, "optimal");
	/* the book's plan: 15.4 workers laid off in January, 2,583.3 tools a
	 * month, stock 1,983.3 / 1,566.7 / 950, 266.7 backlogged in April */
	static const double inv[] = { 1983.333333, 1566.666667, 950, 0, 116.666667, 500 };
	static const double back[] = { 0, 0, 0, 266.666667, 0, 0 };
	for (size_t t = 0; t < 6; t++) {
		plan_aggregate_row w = row_of(a, "RT", NULL, t), f = row_of(a, "RT", "TOOLS", t);
		ck_assert_double_eq_tol(w.workers, 64.583333, 1e-5);
		ck_assert_double_eq_tol(w.laid_off, t == 0 ? 15.416667 : 0, 1e-5);
		ck_assert_double_eq_tol(w.hired, 0, EPS);
		ck_assert_double_eq_tol(w.overtime_hours, 0, EPS);
		ck_assert_double_eq_tol(w.regular_hours, 64.583333 * 160, 1e-3);
		ck_assert_double_eq_tol(f.made, 2583.333333, 1e-5);
		ck_assert_double_eq_tol(f.on_hand, inv[t], 1e-5);
		ck_assert_double_eq_tol(f.backlog, back[t], 1e-5);
		ck_assert_double_eq_tol(f.subcontracted, 0, EPS);
	}
	ck_assert_double_eq_tol(s.level_cost, 422275, 1e-6); /* the optimum is a level plan */
	ck_assert_double_gt(s.chase_cost, s.cost);
	plan_aggregate_free(a);

	/* the interior-point method finds the same optimum, to its tolerance */
	plan_aggregate_options io = PLAN_AGGREGATE_OPTIONS_INIT;
	io.method = PLAN_AGGREGATE_INTERIOR;
	ck_assert_int_eq(plan_aggregate_solve(&a, m, &io), 0);
	s = summary(a);
	ck_assert_double_eq_tol(s.cost, 422275, 1e-2);
	ck_assert_double_eq_tol(row_of(a, "RT", "TOOLS", 5).on_hand, 500, 1e-3);
	plan_aggregate_free(a);

	a = solve(m, 1);
	s = summary(a);
	ck_assert_double_eq_tol(s.cost, 422660, 1e-6);
	ck_assert_int_eq(s.integer, 1);
	for (size_t t = 0; t < 6; t++) {
		plan_aggregate_row w = row_of(a, "RT", NULL, t);
		ck_assert_double_eq_tol(w.workers, floor(w.workers + 0.5), 1e-9);
	}
	plan_aggregate_free(a);
	plan_model_free(m);
}
END_TEST

/* A family F at P1 (and a receiving W1), four weekly buckets of 7 working
 * days: a worker gives 56 hours a bucket and costs 56 at wage 1. */
typedef struct agg_case {
	double workers, min_workers, max_workers, hire, layoff, ot_wage, max_ot;
	double hpu, material, holding, backlog, sub_cost, end_min;
	double demand[4], w1_demand[4], lane_cost, lane_max;
} agg_case;

static plan_model *agg_model(const agg_case *c)
{
	plan_model *m = mk_model("2027-01-04", "2027-01-31");
	plan_item_def it = PLAN_ITEM_DEF_INIT;
	it.item = "A";
	it.family = "F";
	ck_assert_int_eq(plan_model_add_item(m, &it), 0);
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 0));
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	plan_lane_def l = PLAN_LANE_DEF_INIT;
	l.item = "A";
	l.site = "W1";
	l.source = "P1";
	l.max_per_bucket = c->lane_max;
	l.cost = c->lane_cost;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	plan_workforce_def w = PLAN_WORKFORCE_DEF_INIT;
	w.site = "P1";
	w.workers = c->workers;
	w.hours_per_day = 8;
	w.wage = 1;
	w.overtime_wage = c->ot_wage;
	w.max_overtime = c->max_ot;
	w.hire_cost = c->hire;
	w.layoff_cost = c->layoff;
	w.min_workers = c->min_workers;
	w.max_workers = c->max_workers;
	ck_assert_int_eq(plan_model_add_workforce(m, &w), 0);
	plan_family_def f = PLAN_FAMILY_DEF_INIT;
	f.family = "F";
	f.site = "P1";
	f.hours_per_unit = c->hpu;
	f.material_cost = c->material;
	f.holding_cost = c->holding;
	f.backlog_cost = c->backlog;
	f.subcontract_cost = c->sub_cost;
	f.end_on_hand_min = c->end_min;
	ck_assert_int_eq(plan_model_add_family(m, &f), 0);
	static const char *const ids[] = { "D1", "D2", "D3", "D4", "E1", "E2", "E3", "E4" };
	for (int t = 0; t < 4; t++) {
		plan_date due = day_of("2027-01-04") + 7 * t + 2;
		if (c->demand[t] > 0)
			add_demand(m, ids[t], "A", "P1", due, c->demand[t]);
		if (c->w1_demand[t] > 0)
			add_demand(m, ids[4 + t], "A", "W1", due, c->w1_demand[t]);
	}
	/* an item of a family no site makes, wanted at W1: not in the plan */
	it.item = "Z";
	it.family = "UNPLANNED";
	ck_assert_int_eq(plan_model_add_item(m, &it), 0);
	add_sku(m, mk_sku("Z", "W1", PLAN_SKU_BUY, 0));
	add_demand(m, "Z1", "Z", "W1", day_of("2027-01-12"), 1000);
	if (plan_model_validate(m) != 0) {
		dump_diags(m);
		ck_abort_msg("model invalid");
	}
	return m;
}

static agg_case base_case(void)
{
	agg_case c;
	memset(&c, 0, sizeof(c));
	c.workers = 10;
	c.max_workers = PLAN_NONE;
	c.hire = 1000;
	c.layoff = 1000;
	c.ot_wage = 2;
	c.hpu = 1;
	c.material = 2;
	c.holding = 1;
	c.backlog = 10;
	c.sub_cost = PLAN_NONE;
	c.lane_cost = 0.5;
	c.lane_max = PLAN_NONE;
	return c;
}

START_TEST(no_demand)
{
	/* keeping 10 workers costs 10 x 56 x 4 = 2240; laying 8 off at once
	 * (min 2) costs 800 + 2 x 56 x 4 = 1248 */
	agg_case c = base_case();
	c.min_workers = 2;
	c.layoff = 100;
	c.hire = 100;
	plan_model *m = agg_model(&c);
	plan_aggregate *a = solve(m, 0);
	plan_aggregate_summary s = summary(a);
	ck_assert_double_eq_tol(s.cost, 1248, EPS);
	ck_assert_double_eq_tol(row_of(a, "P1", NULL, 0).laid_off, 8, EPS);
	for (size_t t = 0; t < 4; t++) {
		ck_assert_double_eq_tol(row_of(a, "P1", NULL, t).workers, 2, EPS);
		ck_assert_double_eq_tol(row_of(a, "P1", "F", t).made, 0, EPS);
	}
	ck_assert_uint_eq(plan_aggregate_count_rccp(a), 0);
	plan_aggregate_free(a);
	plan_model_free(m);
}
END_TEST

START_TEST(within_regular_capacity)
{
	/* 560 units a bucket in regular time, 500 wanted: wages 2240 +
	 * material 2 x 2000 */
	agg_case c = base_case();
	for (int t = 0; t < 4; t++)
		c.demand[t] = 500;
	plan_model *m = agg_model(&c);
	plan_aggregate *a = solve(m, 0);
	plan_aggregate_summary s = summary(a);
	ck_assert_double_eq_tol(s.cost, 6240, EPS);
	ck_assert_double_eq_tol(s.overtime, 0, EPS);
	for (size_t t = 0; t < 4; t++) {
		ck_assert_double_eq_tol(row_of(a, "P1", "F", t).made, 500, EPS);
		ck_assert_double_eq_tol(row_of(a, "P1", "F", t).demand, 500, EPS);
		ck_assert_double_eq_tol(row_of(a, "P1", NULL, t).workers, 10, EPS);
	}
	plan_aggregate_free(a);
	plan_model_free(m);
}
END_TEST

START_TEST(overtime_needed)
{
	/* bucket 3 wants 700: 140 overtime hours (at 2) beat building ahead
	 * (holding 5) and backlog (10): 2240 + 2 x 2200 + 280 */
	agg_case c = base_case();
	c.max_ot = 20;
	c.holding = 5;
	c.demand[0] = c.demand[1] = c.demand[3] = 500;
	c.demand[2] = 700;
	plan_model *m = agg_model(&c);
	plan_aggregate *a = solve(m, 0);
	plan_aggregate_summary s = summary(a);
	ck_assert_double_eq_tol(s.cost, 6920, EPS);
	ck_assert_double_eq_tol(row_of(a, "P1", NULL, 2).overtime_hours, 140, EPS);
	ck_assert_double_eq_tol(row_of(a, "P1", "F", 2).made, 700, EPS);
	ck_assert_double_eq_tol(s.overtime, 280, EPS);
	plan_aggregate_free(a);
	plan_model_free(m);
}
END_TEST

START_TEST(subcontracting_beats_hiring)
{
	/* bucket 3 wants 800, 240 beyond regular time, no overtime: 240
	 * subcontracted at 5 (hiring 4.3 workers would cost over 4,000):
	 * 2240 + 2 x 2060 + 1200 */
	agg_case c = base_case();
	c.sub_cost = 5;
	c.holding = 50;
	c.backlog = 50;
	c.demand[0] = c.demand[1] = c.demand[3] = 500;
	c.demand[2] = 800;
	plan_model *m = agg_model(&c);
	plan_aggregate *a = solve(m, 0);
	plan_aggregate_summary s = summary(a);
	ck_assert_double_eq_tol(s.cost, 7560, EPS);
	ck_assert_double_eq_tol(row_of(a, "P1", "F", 2).subcontracted, 240, EPS);
	ck_assert_double_eq_tol(row_of(a, "P1", "F", 2).made, 560, EPS);
	ck_assert_double_eq_tol(s.hiring, 0, EPS);
	plan_aggregate_free(a);
	plan_model_free(m);
}
END_TEST

START_TEST(two_sites_and_a_lane)
{
	/* W1 wants 300 a bucket and makes nothing: P1 makes and ships them at
	 * 0.5 a unit: 2240 + 2 x 1200 + 600 */
	agg_case c = base_case();
	for (int t = 0; t < 4; t++)
		c.w1_demand[t] = 300;
	plan_model *m = agg_model(&c);
	plan_aggregate *a = solve(m, 0);
	plan_aggregate_summary s = summary(a);
	ck_assert_double_eq_tol(s.cost, 5240, EPS);
	ck_assert_double_eq_tol(s.transport, 600, EPS);
	for (size_t t = 0; t < 4; t++) {
		plan_aggregate_row p = row_of(a, "P1", "F", t), w = row_of(a, "W1", "F", t);
		ck_assert_double_eq_tol(p.made, 300, EPS);
		ck_assert_double_eq_tol(p.shipped_out, 300, EPS);
		ck_assert_double_eq_tol(p.demand, 0, EPS);
		ck_assert_double_eq_tol(w.demand, 300, EPS);
		ck_assert_double_eq_tol(w.shipped_in, 300, EPS);
		ck_assert_double_eq_tol(w.made, 0, EPS);
	}
	plan_aggregate_free(a);
	plan_model_free(m);
}
END_TEST

/* Conditions that cannot hold are an error that names them. */
START_TEST(infeasible_explained)
{
	/* 10 workers at most, no overtime, no subcontracting: 2,240 units can
	 * be made in four buckets, 5,000 are wanted in stock at the end */
	agg_case c = base_case();
	c.max_workers = 10;
	c.end_min = 5000;
	plan_model *m = agg_model(&c);
	plan_aggregate *a = NULL;
	ck_assert_int_eq(plan_aggregate_solve(&a, m, NULL), PLAN_ESOLVER);
	ck_assert_ptr_null(a);
	ck_assert_str_eq(plan_model_errmsg(m),
			 "the aggregate plan's conditions conflict; family F at P1 cannot end with "
			 "5000 in stock (end_on_hand_min): 2760 short with every worker, overtime "
			 "hour and subcontract allowed");
	plan_model_free(m);

	/* the lane carries 250 a bucket, W1 wants 300 */
	c = base_case();
	c.lane_max = 250;
	for (int t = 0; t < 4; t++)
		c.w1_demand[t] = 300;
	m = agg_model(&c);
	ck_assert_int_eq(plan_aggregate_solve(&a, m, NULL), PLAN_ESOLVER);
	ck_assert_msg(strstr(plan_model_errmsg(m), "; 50 of family F's demand at W1 in the bucket "
				   "of 2027-01-04 cannot arrive: no lane from a site that makes "
				   "it, or its lanes are full") != NULL, "%s", plan_model_errmsg(m));
	plan_model_free(m);

	/* nothing to plan */
	m = mk_model("2027-01-04", "2027-01-31");
	ck_assert_int_eq(plan_aggregate_solve(&a, m, NULL), PLAN_ENOTFOUND);
	ck_assert_str_eq(plan_model_errmsg(m),
			 "no aggregate plan: the scenario has no workforce.csv rows");
	plan_aggregate_options o = PLAN_AGGREGATE_OPTIONS_INIT;
	o.time_limit = 0;
	ck_assert_int_eq(plan_aggregate_solve(&a, m, &o), PLAN_EINVAL);
	ck_assert_int_eq(plan_aggregate_solve(NULL, m, NULL), PLAN_EINVAL);
	ck_assert_int_eq(plan_aggregate_get_row(NULL, NULL, 0), PLAN_EINVAL);
	plan_model_free(m);
}
END_TEST

/* Rough-cut: F's 500 a bucket are 375 A and 125 B (their demand shares);
 * A takes 2 h setup + 0.1 h a unit on R1, B 0.4 h a unit: 89.5 h a bucket
 * against 56 offered. */
START_TEST(rough_cut)
{
	plan_model *m = mk_model("2027-01-04", "2027-01-31");
	static const char *const items[] = { "A", "B" };
	for (int i = 0; i < 2; i++) {
		plan_item_def it = PLAN_ITEM_DEF_INIT;
		it.item = items[i];
		it.family = "F";
		ck_assert_int_eq(plan_model_add_item(m, &it), 0);
		add_sku(m, mk_sku(items[i], "P1", PLAN_SKU_MAKE, 0));
	}
	add_resource(m, "R1", "P1", 8, NULL);
	add_step(m, "A", "S1", "R1", 2, 0.1);
	add_step(m, "B", "S1", "R1", 0, 0.4);
	plan_workforce_def w = PLAN_WORKFORCE_DEF_INIT;
	w.site = "P1";
	w.workers = 10;
	w.hours_per_day = 8;
	w.wage = 1;
	w.overtime_wage = 2;
	w.hire_cost = w.layoff_cost = 1000;
	ck_assert_int_eq(plan_model_add_workforce(m, &w), 0);
	plan_family_def f = PLAN_FAMILY_DEF_INIT;
	f.family = "F";
	f.site = "P1";
	f.hours_per_unit = 1;
	f.material_cost = 2;
	f.holding_cost = 1;
	f.backlog_cost = 10;
	ck_assert_int_eq(plan_model_add_family(m, &f), 0);
	static const char *const ids[] = { "A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4" };
	for (int t = 0; t < 4; t++) {
		add_demand(m, ids[t], "A", "P1", day_of("2027-01-05") + 7 * t, 375);
		add_demand(m, ids[4 + t], "B", "P1", day_of("2027-01-05") + 7 * t, 125);
	}
	plan_aggregate *a = solve(m, 0);
	ck_assert_uint_eq(plan_aggregate_count_rccp(a), 4);
	for (size_t t = 0; t < 4; t++) {
		plan_rccp_row r = PLAN_RCCP_ROW_INIT;
		ck_assert_int_eq(plan_aggregate_get_rccp(&r, a, t), 0);
		ck_assert_str_eq(r.resource, "R1");
		ck_assert_int_eq(r.bucket, day_of("2027-01-04") + 7 * (plan_date)t);
		ck_assert_double_eq_tol(r.required, 89.5, EPS);
		ck_assert_double_eq_tol(r.available, 56, EPS);
	}
	char dir[] = "/tmp/plan-agg-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(plan_aggregate_write_csv(a, dir), 0);
	char path[128], line[256];
	snprintf(path, sizeof(path), "%s/rccp.csv", dir);
	FILE *fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, "resource,bucket,required,available,overloaded\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, "R1,2027-01-04,89.5,56,1\n");
	fclose(fp);
	snprintf(path, sizeof(path), "%s/summary.csv", dir);
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	int found = 0;
	while (fgets(line, sizeof(line), fp))
		found |= strcmp(line, "aggregate_cost,6240\n") == 0;
	fclose(fp);
	ck_assert(found);
	/* a directory with a file libplan did not write is kept, and the plan
	 * says why */
	ck_assert_str_eq(plan_aggregate_errmsg(a), "");
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	ck_assert_int_eq(plan_aggregate_write_csv(a, dir), PLAN_EIO);
	ck_assert_msg(strstr(plan_aggregate_errmsg(a), "holds notes.txt, which libplan did not write"),
		      "%s", plan_aggregate_errmsg(a));
	ck_assert_str_eq(plan_aggregate_errmsg(NULL), "no aggregate plan");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
	plan_aggregate_free(a);
	plan_model_free(m);
}
END_TEST

/* The cost basis (format 1.1): family F at P1 makes A (one C a unit) and B
 * (two C), C bought at 4: standard material A 4, B 8. Demand 375 A and 125
 * B a week for four weeks (1,500 and 500): F's standard material at P1 is
 * (1,500 x 4 + 500 x 8) / 2,000 = 5 a unit, so with families.csv's
 * material_cost empty the 2,000 made cost 10,000 of material; as given (2),
 * 4,000; empty in a 1.0 scenario, 0 (as 1.0 reads an empty cell). The
 * material does not change what is made (all of it, in regular time). */
static double material_of(int format, double material_cost)
{
	plan_model *m = mk_model_as("2027-01-04", "2027-01-31", format, PLAN_BUCKET_WEEK);
	static const char *const items[] = { "A", "B" };
	for (int i = 0; i < 2; i++) {
		plan_item_def it = PLAN_ITEM_DEF_INIT;
		it.item = items[i];
		it.family = "F";
		ck_assert_int_eq(plan_model_add_item(m, &it), 0);
		add_sku(m, mk_sku(items[i], "P1", PLAN_SKU_MAKE, 0));
	}
	plan_sku_def c = mk_sku("C", "P1", PLAN_SKU_BUY, 0);
	c.unit_cost = 4;
	add_sku(m, c);
	add_line(m, "A", "C", 1);
	add_line(m, "B", "C", 2);
	plan_workforce_def w = PLAN_WORKFORCE_DEF_INIT;
	w.site = "P1";
	w.workers = 10;
	w.hours_per_day = 8;
	w.wage = 1;
	w.overtime_wage = 2;
	w.hire_cost = w.layoff_cost = 1000;
	ck_assert_int_eq(plan_model_add_workforce(m, &w), 0);
	plan_family_def f = PLAN_FAMILY_DEF_INIT;
	f.family = "F";
	f.site = "P1";
	f.hours_per_unit = 1;
	f.material_cost = material_cost;
	f.holding_cost = 1;
	f.backlog_cost = 10;
	ck_assert_int_eq(plan_model_add_family(m, &f), 0);
	static const char *const ids[] = { "A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4" };
	for (int t = 0; t < 4; t++) {
		add_demand(m, ids[t], "A", "P1", day_of("2027-01-05") + 7 * t, 375);
		add_demand(m, ids[4 + t], "B", "P1", day_of("2027-01-05") + 7 * t, 125);
	}
	plan_aggregate *a = solve(m, 0);
	plan_aggregate_summary s = summary(a);
	for (size_t t = 0; t < 4; t++)
		ck_assert_double_eq_tol(row_of(a, "P1", "F", t).made, 500, EPS);
	ck_assert_double_eq_tol(s.cost, s.wages + s.material, EPS);
	plan_aggregate_free(a);
	plan_model_free(m);
	return s.material;
}

START_TEST(standard_cost_basis)
{
	ck_assert_double_eq_tol(material_of(1, PLAN_NONE), 10000, EPS);
	ck_assert_double_eq_tol(material_of(1, 2), 4000, EPS);
	ck_assert_double_eq_tol(material_of(0, PLAN_NONE), 0, EPS);
	ck_assert_double_eq_tol(material_of(0, 2), 4000, EPS);
}
END_TEST

/* GLPK's fatal errors are caught: a program with a duplicate element
 * (which the builder never makes) reaches glp_load_matrix. */
START_TEST(glpk_error_caught)
{
	plan_lp lp;
	memset(&lp, 0, sizeof(lp));
	plan_lp_col cols[1] = { { 0, 10, -1, 0 } };
	plan_lp_row rows[1] = { { -HUGE_VAL, 5, NULL } };
	int ia[3] = { 0, 1, 1 }, ja[3] = { 0, 1, 1 };
	double ar[3] = { 0, 1, 1 };
	lp.col = cols;
	lp.ncol = 1;
	lp.row = rows;
	lp.nrow = 1;
	lp.ia = ia;
	lp.ja = ja;
	lp.ar = ar;
	lp.nel = 2;
	char msg[256] = "";
	ck_assert_int_eq(plan_lp__solve(&lp, NULL, msg, sizeof(msg)), PLAN_ESOLVER);
	ck_assert_msg(strstr(msg, "duplicate") != NULL, "%s", msg);
	/* and GLPK works again afterwards */
	lp.nel = 1;
	ck_assert_int_eq(plan_lp__solve(&lp, NULL, msg, sizeof(msg)), 0);
	ck_assert_int_eq(lp.out.status, LP_OPTIMAL);
	ck_assert_double_eq_tol(lp.x[0], 5, EPS);
	/* bad data never reaches GLPK */
	cols[0].lo = 11;
	ck_assert_int_eq(plan_lp__solve(&lp, NULL, msg, sizeof(msg)), PLAN_ESOLVER);
	ck_assert_str_eq(msg, "a column with bad bounds or cost");
	free(lp.x);
}
END_TEST

static void *solve_twenty(void *arg)
{
	double *cost = arg;
	plan_model *m = NULL;
	if (plan_model_load(&m, SRC_PATH("tests/data/red-tomato"), NULL) != 0)
		return NULL;
	for (int k = 0; k < 20; k++) {
		plan_aggregate *a = NULL;
		plan_aggregate_options o = PLAN_AGGREGATE_OPTIONS_INIT;
		o.integer = k % 2;
		if (plan_aggregate_solve(&a, m, &o) != 0)
			break;
		plan_aggregate_summary s = PLAN_AGGREGATE_SUMMARY_INIT;
		plan_aggregate_get_summary(&s, a);
		cost[k] = s.cost;
		plan_aggregate_free(a);
	}
	plan_model_free(m);
	return NULL;
}

START_TEST(two_threads)
{
	double a[20] = { 0 }, b[20] = { 0 };
	pthread_t ta, tb;
	ck_assert_int_eq(pthread_create(&ta, NULL, solve_twenty, a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, solve_twenty, b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	for (int k = 0; k < 20; k++) {
		ck_assert_double_eq_tol(a[k], k % 2 ? 422660 : 422275, 1e-6);
		ck_assert_double_eq_tol(b[k], a[k], 1e-9);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("aggregate");
	TCase *tc = tcase_create("aggregate");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, red_tomato);
	tcase_add_test(tc, no_demand);
	tcase_add_test(tc, within_regular_capacity);
	tcase_add_test(tc, overtime_needed);
	tcase_add_test(tc, subcontracting_beats_hiring);
	tcase_add_test(tc, two_sites_and_a_lane);
	tcase_add_test(tc, infeasible_explained);
	tcase_add_test(tc, rough_cut);
	tcase_add_test(tc, standard_cost_basis);
	tcase_add_test(tc, glpk_error_caught);
	tcase_add_test(tc, two_threads);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
