/* Properties of plans of generated scenarios (bench/gen.c, many seeds):
 * check_plan() holds (material balance day by day, pegs within orders,
 * tracing one order agrees with tracing all); the plan is identical from
 * run to run; what end demands receive through pegging never exceeds them. */
#include "plan-helpers.h"
#include "gen.h"

static plan_model *generated(uint64_t seed, const char *size)
{
	gen_params p;
	ck_assert_int_eq(gen_preset(&p, size), 0);
	p.seed = seed;
	plan_model *m = NULL;
	ck_assert_int_eq(gen_model(&m, &p), 0);
	return m;
}

START_TEST(balance_and_pegging_hold)
{
	plan_model *m = generated(1000 + (uint64_t)_i, "tiny");
	plan_result *r = plan_checked(m);
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_result_summary(r, &s);
	ck_assert_uint_eq(s.demands_late, 0); /* nothing is due before start */
	ck_assert_uint_gt(s.planned_orders, 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

typedef struct per_demand {
	const plan_model *m;
	const plan_result *r;
	double *got; /* by demand row: pegs of orders of the demand's own SKU */
} per_demand;

static int own_sku_pegs(void *ctx, size_t order, const char *demand, double qty)
{
	per_demand *p = ctx;
	plan_order o = PLAN_ORDER_INIT;
	plan_result_get_order(p->r, order, &o);
	for (size_t k = 0; k < plan_model_count(p->m, PLAN_TABLE_DEMAND); k++) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		plan_model_get_demand(p->m, k, &d);
		if (!strcmp(d.id, demand)) {
			if (!strcmp(d.item, o.item) && !strcmp(d.site, o.site))
				p->got[k] += qty;
			return 0;
		}
	}
	ck_abort_msg("peg names unknown demand %s", demand);
	return 1;
}

START_TEST(pegging_adds_up)
{
	/* the orders of a demand's own SKU serve it with at most its quantity,
	 * and with exactly what on hand and receipts did not cover: here, with
	 * no stock on the DC SKUs of a fresh model, exactly its quantity */
	plan_model *m = generated(77 + (uint64_t)_i, "tiny");
	plan_result *r = plan_checked(m);
	size_t nd = plan_model_count(m, PLAN_TABLE_DEMAND);
	per_demand p = { m, r, calloc(nd, sizeof(double)) };
	ck_assert_int_eq(plan_result_pegging(r, own_sku_pegs, &p), 0);
	for (size_t k = 0; k < nd; k++) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		plan_model_get_demand(m, k, &d);
		ck_assert_msg(p.got[k] <= d.qty + 1e-6, "demand %s pegged %g of %g", d.id, p.got[k], d.qty);
	}
	free(p.got);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(identical_from_run_to_run)
{
	plan_model *m = generated(4242 + (uint64_t)_i, "tiny");
	plan_result *a = NULL, *b = NULL;
	ck_assert_int_eq(plan_run(&a, m, NULL), 0);
	ck_assert_int_eq(plan_run(&b, m, NULL), 0);
	ck_assert_uint_eq(plan_result_count(a, PLAN_RESULT_ORDERS), plan_result_count(b, PLAN_RESULT_ORDERS));
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_ORDERS); i++) {
		plan_order x = PLAN_ORDER_INIT, y = PLAN_ORDER_INIT;
		plan_result_get_order(a, i, &x);
		plan_result_get_order(b, i, &y);
		ck_assert_str_eq(x.id, y.id);
		ck_assert_str_eq(x.item, y.item);
		ck_assert_str_eq(x.site, y.site);
		ck_assert_int_eq(x.release, y.release);
		ck_assert_int_eq(x.due, y.due);
		ck_assert(x.qty == y.qty);
	}
	ck_assert_uint_eq(plan_result_count(a, PLAN_RESULT_ALLOCATIONS),
			  plan_result_count(b, PLAN_RESULT_ALLOCATIONS));
	ck_assert_uint_eq(plan_result_count(a, PLAN_RESULT_EXCEPTIONS),
			  plan_result_count(b, PLAN_RESULT_EXCEPTIONS));
	plan_result_free(a);
	plan_result_free(b);
	/* and a fresh model of the same seed plans the same */
	plan_model *m2 = generated(4242 + (uint64_t)_i, "tiny");
	ck_assert_int_eq(plan_model_equal(m, m2), 1);
	plan_model_free(m2);
	plan_model_free(m);
}
END_TEST

START_TEST(small_scenario_holds)
{
	plan_model *m = generated(9, "small");
	plan_result *r = plan_checked(m);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("props");
	TCase *tc = tcase_create("generated");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, balance_and_pegging_hold, 0, 25);
	tcase_add_loop_test(tc, pegging_adds_up, 0, 10);
	tcase_add_loop_test(tc, identical_from_run_to_run, 0, 5);
	tcase_add_test(tc, small_scenario_holds);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
