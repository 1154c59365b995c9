/* Co-products and by-products (format 1.1 outputs.csv, issue 19), by hand
 * in both modes: yields netted as supply, a co-product's need running its
 * recipe (by priority, in whole batches), a by-product never doing so,
 * pegging and standard costs split by cost_share, the verifier catching a
 * yield that is not there, the model's checks, CSV and store round trips.
 *
 * The paint line: PAINT is made at P1 in 2 days from 1 BASE (bought in 3
 * days, 5 a unit); each unit made also yields 0.5 THINNER (a co-product,
 * a cost share of 0.2) and 0.1 SLUDGE (a by-product); THINNER and SLUDGE
 * are bought SKUs (in 5 days) that the plan never needs to buy while the
 * line yields them. Every day is a working day; buckets are weeks from
 * Monday 2027-01-04. D1: 100 PAINT due 01-18; D2: 80 THINNER due 01-27. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "plan/bound.h"
#include "result/result_impl.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

static void add_output(plan_model *m, const char *item, const char *output, double qty_per,
		       plan_output_kind kind, double share, int priority)
{
	plan_output_def o = PLAN_OUTPUT_DEF_INIT;
	o.item = item;
	o.site = "P1";
	o.output = output;
	o.qty_per = qty_per;
	o.kind = kind;
	o.cost_share = share;
	o.priority = priority;
	ck_assert_int_eq(plan_model_add_output(m, &o), 0);
}

static plan_model *paint_line(double batch)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_sku_def p = mk_sku("PAINT", "P1", PLAN_SKU_MAKE, 2);
	p.batch_size = batch > 0 ? batch : PLAN_NONE;
	add_sku(m, p);
	plan_sku_def b = mk_sku("BASE", "P1", PLAN_SKU_BUY, 3);
	b.unit_cost = 5;
	add_sku(m, b);
	static const char *const bought[] = { "THINNER", "SLUDGE" };
	for (int k = 0; k < 2; k++) {
		plan_sku_def s = mk_sku(bought[k], "P1", PLAN_SKU_BUY, 5);
		s.unit_cost = 1;
		add_sku(m, s);
	}
	add_line(m, "PAINT", "BASE", 1);
	add_output(m, "PAINT", "THINNER", 0.5, PLAN_OUTPUT_CO, 0.2, 1);
	add_output(m, "PAINT", "SLUDGE", 0.1, PLAN_OUTPUT_BY, 0, 1);
	add_demand(m, "D1", "PAINT", "P1", DAY(14), 100);
	add_demand(m, "D2", "THINNER", "P1", DAY(23), 80);
	return m;
}

/* The paint line (batches of batch, 0: none) planned in mode 0
 * (unconstrained) or 1 (feasible), every rule kept; *m its model. */
static plan_result *paint_planned(double batch, int mode, plan_model **m)
{
	*m = paint_line(batch);
	return plan_verified(*m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED, NULL);
}

static const char *pegs(const plan_result *r, int k, peg_text *t)
{
	char id[16];
	snprintf(id, sizeof(id), "MO%06d", k);
	long o = order_index(r, id);
	ck_assert_int_ge(o, 0);
	return pegs_of(r, (size_t)o, t);
}

static double last_stock;
static int at_end(void *ctx, plan_date d, double stock)
{
	(void)ctx;
	(void)d;
	last_stock = stock;
	return 0;
}

static double stock_at_end(const plan_result *r, const char *item)
{
	last_stock = -1;
	ck_assert_int_eq(plan_result_stock(r, item, "P1", at_end, NULL), 0);
	return last_stock;
}

/* D1's run of 100 (01-16..01-18) yields 50 THINNER; D2 needs 30 more,
 * a run of 60 due in the week of 01-25 (unconstrained: the bucket's
 * first day) or on 01-27 (feasible: the day it is needed), whose PAINT is
 * stock; nothing is bought of THINNER. Pegging by share: a run gives its
 * PAINT 0.8 of itself, its THINNER 0.2: D1 80 and D2 20 of the first run
 * (the thinner of 100 units serves D2: 0.2 x 100), D2 12 of the second
 * (0.2 x 60), and BASE's orders the same through it. SLUDGE: 10 + 6. */
START_TEST(co_product_runs_its_recipe)
{
	static const char *const made[2] = { "- 16..18 100;- 23..25 60;", "- 16..18 100;- 25..27 60;" };
	for (int mode = 0; mode < 2; mode++) {
		plan_model *m;
		plan_result *r = paint_planned(0, mode, &m);
		char buf[256];
		ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)), made[mode]);
		ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-18 100;");
		ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "01-27 80;");
		plan_order o[4];
		ck_assert_uint_eq(planned_of(r, "THINNER", "P1", o, 4), 0);
		ck_assert_uint_eq(planned_of(r, "SLUDGE", "P1", o, 4), 0);
		size_t nb = planned_of(r, "BASE", "P1", o, 4);
		double base = 0;
		for (size_t i = 0; i < nb && i < 4; i++)
			base += o[i].qty;
		ck_assert_double_eq_tol(base, 160, 1e-9);
		peg_text t;
		ck_assert_str_eq(pegs(r, 1, &t), "D1=80;D2=20;");
		ck_assert_str_eq(pegs(r, 2, &t), "D2=12;");
		ck_assert_double_eq_tol(stock_at_end(r, "SLUDGE"), 16, 1e-9);
		ck_assert_double_eq_tol(stock_at_end(r, "PAINT"), 60, 1e-9);
		ck_assert_double_eq_tol(stock_at_end(r, "THINNER"), 0, 1e-9);
		/* costs by share: a run's unit costs 5 (its BASE): PAINT keeps
		 * 0.8 of it (4), THINNER 0.2 per 0.5 (2); SLUDGE is its own (1) */
		static const double cost[4] = { 4, 5, 2, 1 };
		ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_COSTS), 4);
		for (size_t i = 0; i < 4; i++) {
			plan_sku_cost c = PLAN_SKU_COST_INIT;
			ck_assert_int_eq(plan_result_get_cost(&c, r, i), 0);
			ck_assert_double_eq_tol(c.total, cost[i], 1e-12);
		}
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* 20 SLUDGE due 01-27: the runs yield 16 by then (10 on 01-18, 6 with the
 * thinner's run), the rest is bought (4): a by-product never runs its
 * recipe, so PAINT is made as before. */
START_TEST(by_product_never_runs_it)
{
	for (int mode = 0; mode < 2; mode++) {
		plan_model *m = paint_line(0);
		add_demand(m, "D3", "SLUDGE", "P1", DAY(23), 20);
		plan_result *r = plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED,
					       NULL);
		char buf[256];
		ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)),
				 mode ? "- 16..18 100;- 25..27 60;" : "- 16..18 100;- 23..25 60;");
		plan_order o[4];
		ck_assert_uint_eq(planned_of(r, "SLUDGE", "P1", o, 4), 1);
		ck_assert_double_eq_tol(o[0].qty, 4, 1e-9);
		ck_assert_str_eq(deliveries(r, "D3", buf, sizeof(buf)), "01-27 20;");
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* LACQUER (made in 1 day from 1 BASE) yields 1 THINNER a unit, its row
 * priority 1 against PAINT's 2: the 30 THINNER D2 still needs run
 * LACQUER (30), not PAINT. */
START_TEST(recipe_by_priority)
{
	for (int mode = 0; mode < 2; mode++) {
		plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
		add_sku(m, mk_sku("PAINT", "P1", PLAN_SKU_MAKE, 2));
		add_sku(m, mk_sku("LACQUER", "P1", PLAN_SKU_MAKE, 1));
		add_sku(m, mk_sku("BASE", "P1", PLAN_SKU_BUY, 3));
		add_sku(m, mk_sku("THINNER", "P1", PLAN_SKU_BUY, 5));
		add_line(m, "PAINT", "BASE", 1);
		add_line(m, "LACQUER", "BASE", 1);
		add_output(m, "PAINT", "THINNER", 0.5, PLAN_OUTPUT_CO, 0, 2);
		add_output(m, "LACQUER", "THINNER", 1, PLAN_OUTPUT_CO, 0, 1);
		add_demand(m, "D1", "PAINT", "P1", DAY(14), 100);
		add_demand(m, "D2", "THINNER", "P1", DAY(23), 80);
		plan_result *r = plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED,
					       NULL);
		plan_order o[4];
		ck_assert_uint_eq(planned_of(r, "LACQUER", "P1", o, 4), 1);
		ck_assert_double_eq_tol(o[0].qty, 30, 1e-9);
		ck_assert_uint_eq(planned_of(r, "PAINT", "P1", o, 4), 1);
		ck_assert_double_eq_tol(o[0].qty, 100, 1e-9);
		/* without shares, a run is split by quantity among its item and
		 * co-products: LACQUER's 30 give THINNER half of it */
		peg_text t;
		ck_assert_str_eq(pegs(r, 2, &t), "D2=15;");
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* Batches of 40: D1's 100 is a run of 120 (three batches), yielding 60
 * THINNER; D2's 20 more is a run of 40 (one batch), 40 PAINT and 20 THINNER. */
START_TEST(whole_batches_of_the_recipe)
{
	static const char *const made[2] = { "- 16..18 120;- 23..25 40;", "- 16..18 120;- 25..27 40;" };
	for (int mode = 0; mode < 2; mode++) {
		plan_model *m;
		plan_result *r = paint_planned(40, mode, &m);
		char buf[256];
		ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)), made[mode]);
		ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "01-27 80;");
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* Mixing 0.2 h a unit on a mixer of 8 h a day: D1's run of 100 takes 20 h
 * of the 24 its window 01-16 .. 01-18 offers; with the mixer down 01-20 ..
 * 01-27 the thinner's run of 60 (12 h) is built ahead, released before its
 * lead time's window (an adjustment), and D2 is still on time. */
START_TEST(run_built_ahead_on_capacity)
{
	plan_model *m = paint_line(0);
	add_resource(m, "MIXER", "P1", 8, NULL);
	add_step(m, "PAINT", "MIX", "MIXER", 0, 0.2);
	add_block(m, "B1", "MIXER", DAY(16), DAY(23), 0, NULL, 1, PLAN_MAINT_PLANNED);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char buf[256];
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-18 100;");
	ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "01-27 80;");
	plan_order o[4];
	size_t n = planned_of(r, "PAINT", "P1", o, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_lt(o[1].release, DAY(16));
	ck_assert_double_eq_tol(o[1].qty, 60, 1e-9);
	plan_adjustment x = PLAN_ADJUSTMENT_INIT;
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_ADJUSTMENTS), 1);
	ck_assert_int_eq(plan_result_get_adjustment(&x, r, 0), 0);
	ck_assert_str_eq(x.action, "earlier");
	ck_assert_uint_eq(planned_of(r, "THINNER", "P1", o, 4), 0);
	/* both runs serve deliveries: no dead load (a run serves as much as
	 * the most any of its products takes of it) */
	ck_assert_double_eq_tol(plan_result_dead_hours(r), 0, 1e-9);
	ck_assert_double_eq_tol(plan_result_loaded_hours(r), 32, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The service bound counts yields: with THINNER bought in 60 days (never
 * in time), D2's 80 can only come from PAINT's runs; the plan puts all 180
 * on time and the bound is no less (without the yields in its program it
 * was 100). */
START_TEST(bound_counts_yields)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	add_sku(m, mk_sku("PAINT", "P1", PLAN_SKU_MAKE, 2));
	add_sku(m, mk_sku("BASE", "P1", PLAN_SKU_BUY, 3));
	add_sku(m, mk_sku("THINNER", "P1", PLAN_SKU_BUY, 60));
	add_line(m, "PAINT", "BASE", 1);
	add_output(m, "PAINT", "THINNER", 0.5, PLAN_OUTPUT_CO, 0.2, 1);
	add_demand(m, "D1", "PAINT", "P1", DAY(14), 100);
	add_demand(m, "D2", "THINNER", "P1", DAY(23), 80);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 180, 1e-9);
	plan_bound b = PLAN_BOUND_INIT;
	ck_assert_int_eq(plan_service_bound(&b, m, NULL), 0);
	ck_assert_double_eq_tol(b.demand_qty, 180, 1e-9);
	ck_assert(b.on_time_max >= 180 - 1e-6);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

static int count_rule(void *ctx, const plan_violation *v)
{
	const char *rule = ((const char **)ctx)[0];
	if (!strcmp(v->rule, rule))
		((const char **)ctx)[1]++;
	return 0;
}

static size_t violations_of(const plan_result *r, const char *rule)
{
	const char *ctx[2] = { rule, NULL };
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, count_rule, ctx), 0);
	return (size_t)(ctx[1] - (const char *)NULL);
}

/* The verifier counts yields: the thinner's run cut to 10 leaves D2's
 * delivery without stock (rule stock); a run's allocation naming what it
 * does not yield is caught (rule pegging). */
START_TEST(broken_yields_caught)
{
	plan_model *m = paint_line(0);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	long o = order_index(r, "MO000002");
	ck_assert_int_ge(o, 0);
	r->ord[o].qty = 10;
	ck_assert_uint_gt(violations_of(r, "stock"), 0);
	r->ord[o].qty = 60;
	ck_assert_uint_eq(violations_of(r, "stock"), 0);
	ck_assert_ptr_nonnull(r->alloc_out);
	ck_assert_uint_eq(violations_of(r, "pegging"), 0);
	long base = plan_model_find_sku(m, "BASE", "P1");
	int32_t was = r->alloc_out[r->ord[o].alloc_first];
	r->alloc_out[r->ord[o].alloc_first] = (int32_t)base;
	ck_assert_uint_eq(violations_of(r, "pegging"), 1);
	r->alloc_out[r->ord[o].alloc_first] = was;
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Each wrong row is an error naming its cell. */
START_TEST(bad_rows)
{
	static const struct {
		const char *item, *output;
		double share;
		const char *msg;
	} bad[] = {
		{ "BASE", "THINNER", 0, "outputs row 3: item: BASE@P1 is not made; a recipe is a make SKU that is ordered" },
		{ "PAINT", "VARNISH", 0, "outputs row 3: output: VARNISH has no SKU at site P1, where PAINT is made" },
		{ "PAINT", "PAINT", 0, "outputs row 3: output: PAINT is the recipe's own item, not an output of it" },
		{ "PAINT", "WAX", 0.9, "outputs row 3: cost_share: the cost shares of PAINT@P1's outputs add up to 1.1, more than "
				       "the whole of its cost" },
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		plan_model *m = paint_line(0);
		add_sku(m, mk_sku("WAX", "P1", PLAN_SKU_BUY, 1));
		add_output(m, bad[k].item, bad[k].output, 1, PLAN_OUTPUT_BY, bad[k].share, 1);
		ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
		if (!has_diag(m, bad[k].msg))
			dump_diags(m);
		ck_assert_msg(has_diag(m, bad[k].msg), "%s", bad[k].msg);
		plan_model_free(m);
	}
	/* THINNER a component of PAINT: PAINT would need what it yields */
	plan_model *m = paint_line(0);
	add_line(m, "PAINT", "THINNER", 0.1);
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	const char *cycle = "outputs row 1: output: cycle through outputs: THINNER@P1 is yielded by PAINT and needed, "
			    "directly or below, to make it (or what draws on it)";
	if (!has_diag(m, cycle))
		dump_diags(m);
	ck_assert(has_diag(m, cycle));
	plan_model_free(m);
}
END_TEST

/* The table through CSV and the store; the plans read back the same,
 * allocations' outputs and all. */
START_TEST(round_trips)
{
	plan_model *m = paint_line(0);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char dir[] = "/tmp/libplan-outputs-XXXXXX";
	plan_model *b = csv_written(m, r, dir);
	char path[600];
	snprintf(path, sizeof(path), "%s/outputs.csv", dir);
	char *text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "PAINT,P1,THINNER,0.5,co,0.2,1"));
	ck_assert_ptr_nonnull(strstr(text, "PAINT,P1,SLUDGE,0.1,by,0,1"));
	free(text);
	remove_dir(dir);
	plan_model_free(b);
	plan_model *back = NULL;
	plan_result *rb = stored_and_read(m, r, &back);
	peg_text t;
	ck_assert_str_eq(pegs(rb, 1, &t), "D1=80;D2=20;");
	plan_result_free(rb);
	plan_model_free(back);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("outputs");
	TCase *t = tcase_create("outputs");
	tcase_add_test(t, co_product_runs_its_recipe);
	tcase_add_test(t, by_product_never_runs_it);
	tcase_add_test(t, recipe_by_priority);
	tcase_add_test(t, whole_batches_of_the_recipe);
	tcase_add_test(t, run_built_ahead_on_capacity);
	tcase_add_test(t, bound_counts_yields);
	tcase_add_test(t, broken_yields_caught);
	tcase_add_test(t, bad_rows);
	tcase_add_test(t, round_trips);
	suite_add_tcase(s, t);
	return run_suite(s);
}
