/* Forecast consumption (format 1.1, format.md "Forecast consumption"):
 * hand-computed cases, each number worked out in the comment beside it by
 * the rule: orders by due date then row; each first backward, the nearest
 * date first, then forward; a date's forecasts in row order. Every plan
 * passes check_plan(), the library's verifier (its own consumption) and
 * ../shared/tools/verify_plan.py when it is there. Start Monday
 * 2027-01-04, every day working, weekly buckets. */
#include "plan-helpers.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

static plan_model *mk(int format, int back, int forward)
{
	plan_model *m = mk_model_as(START, "2027-03-07", format, PLAN_BUCKET_WEEK);
	plan_sku_def a = mk_sku("A", "W1", PLAN_SKU_BUY, 0);
	a.consume_back = back;
	a.consume_forward = forward;
	add_sku(m, a);
	return m;
}

static void add(plan_model *m, const char *id, int day, double qty, plan_demand_kind kind)
{
	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	d.id = id;
	d.item = "A";
	d.site = "W1";
	d.due = DAY(day);
	d.qty = qty;
	d.kind = kind;
	ck_assert_int_eq(plan_model_add_demand(m, &d), 0);
}
#define FC(m, id, day, qty) add(m, id, day, qty, PLAN_DEMAND_FORECAST)
#define ORD(m, id, day, qty) add(m, id, day, qty, PLAN_DEMAND_ORDER)

static plan_consumption use_of(const plan_model *m, size_t row)
{
	plan_consumption u = PLAN_CONSUMPTION_INIT;
	ck_assert_int_eq(plan_model_get_consumption(&u, m, row), 0);
	return u;
}

static double delivered(const plan_result *r, const char *demand)
{
	double q = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_DELIVERIES); i++) {
		plan_delivery d = PLAN_DELIVERY_INIT;
		ck_assert_int_eq(plan_result_get_delivery(&d, r, i), 0);
		if (!strcmp(d.demand, demand))
			q += d.qty;
	}
	return q;
}

/* Windows 0 and 0 (the defaults): an order consumes only the forecast due
 * the same day. */
START_TEST(same_day_only)
{
	plan_model *m = mk(1, 0, 0);
	FC(m, "F1", 7, 10);   /* row 0 */
	FC(m, "F2", 14, 10);  /* row 1 */
	ORD(m, "O1", 7, 4);   /* row 2: takes 4 of F1 (same day) -> F1 net 6 */
	ORD(m, "O2", 10, 3);  /* row 3: no forecast on day 10 -> 3 beyond */
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert(use_of(m, 0).net == 6 && use_of(m, 0).consumed == 4);
	ck_assert(use_of(m, 1).net == 10 && use_of(m, 1).consumed == 0);
	ck_assert(use_of(m, 2).net == 4 && use_of(m, 2).consumed == 4);
	ck_assert(use_of(m, 3).net == 3 && use_of(m, 3).consumed == 0);
	for (int mode = 0; mode < 2; mode++) {
		plan_result *r = plan_verified(m, (plan_mode)mode, NULL);
		/* 6 + 10 + 4 + 3 = 23 bought and delivered, all on time */
		ck_assert(delivered(r, "F1") == 6 && delivered(r, "F2") == 10);
		ck_assert(delivered(r, "O1") == 4 && delivered(r, "O2") == 3);
		ck_assert_double_eq_tol(plan_result_on_time_qty(r), 23, 1e-9);
		ck_assert_uint_eq(count_exceptions(r, "beyond_forecast"), 1);
		plan_exception x = PLAN_EXCEPTION_INIT;
		ck_assert(find_exception(r, "beyond_forecast", &x));
		ck_assert_str_eq(x.demand, "O2");
		ck_assert_int_eq(x.severity, PLAN_EXC_INFO);
		ck_assert(x.qty == 3);
		plan_result_free(r);
	}
	plan_model_free(m);
}
END_TEST

/* Windows 7 back, 7 forward: orders go by due date (O2 before O1), each
 * backward first, the nearest date first, a date's rows in file order. */
START_TEST(backward_then_forward)
{
	plan_model *m = mk(1, 7, 7);
	FC(m, "F1", 7, 10);   /* row 0 */
	FC(m, "F2", 14, 10);  /* row 1 */
	FC(m, "F3", 21, 10);  /* row 2 */
	FC(m, "F2b", 14, 5);  /* row 3: same day as F2, after it in the file */
	ORD(m, "O1", 14, 12); /* row 4 */
	ORD(m, "O2", 10, 15); /* row 5 */
	ORD(m, "O3", 30, 5);  /* row 6 */
	/* O2 (day 10) first: back to day 3: F1 (day 7) 10 -> want 5; then
	 *   forward to day 17: F2 (day 14) 5 -> F2 left 5.
	 * O1 (day 14): back to day 7: day 14 first: F2 5 (left 0), F2b 5
	 *   (left 0) -> want 2; day 7: F1 is 0; forward to day 21: F3 2 ->
	 *   F3 left 8.
	 * O3 (day 30): back to day 23, forward to day 37: nothing -> 5 beyond. */
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert(use_of(m, 0).net == 0 && use_of(m, 0).consumed == 10);
	ck_assert(use_of(m, 1).net == 0 && use_of(m, 1).consumed == 10);
	ck_assert(use_of(m, 2).net == 8 && use_of(m, 2).consumed == 2);
	ck_assert(use_of(m, 3).net == 0 && use_of(m, 3).consumed == 5);
	ck_assert(use_of(m, 4).consumed == 12 && use_of(m, 5).consumed == 15);
	ck_assert(use_of(m, 6).consumed == 0 && use_of(m, 6).net == 5);
	for (int mode = 0; mode < 2; mode++) {
		plan_result *r = plan_verified(m, (plan_mode)mode, NULL);
		/* 8 + 12 + 15 + 5 = 40 */
		ck_assert(delivered(r, "F1") == 0 && delivered(r, "F3") == 8);
		ck_assert_double_eq_tol(plan_result_on_time_qty(r), 40, 1e-9);
		ck_assert_uint_eq(count_exceptions(r, "beyond_forecast"), 1);
		plan_summary s = PLAN_SUMMARY_INIT;
		ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
		ck_assert_str_eq(s.status, "on_time");
		ck_assert(s.qty_short == 0);
		plan_result_free(r);
	}
	plan_model_free(m);
}
END_TEST

/* A 1.0 scenario (no format key, no window) plans forecasts in full, as
 * 1.0 did; a window set on a SKU turns consumption on without the key. */
START_TEST(format_10_unchanged)
{
	plan_model *m = mk(0, 0, 0);
	FC(m, "F1", 7, 10);
	ORD(m, "O1", 7, 4);
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert(use_of(m, 0).net == 10 && use_of(m, 0).consumed == 0);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert(delivered(r, "F1") == 10 && delivered(r, "O1") == 4);
	ck_assert_uint_eq(count_exceptions(r, "beyond_forecast"), 0);
	plan_result_free(r);
	plan_model_free(m);

	m = mk(0, 1, 0);
	FC(m, "F1", 7, 10);
	ORD(m, "O1", 8, 4); /* one day after: within 1 day back */
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert(use_of(m, 0).net == 6);
	plan_model_free(m);
}
END_TEST

/* Consumption is followed by what-if edits: demand scaled by 2 consumes
 * again from the doubled rows. */
START_TEST(scaled_demand_consumes_again)
{
	plan_model *m = mk(1, 0, 0);
	FC(m, "F1", 7, 10);
	ORD(m, "O1", 7, 4);
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert(use_of(m, 0).net == 6);
	ck_assert_int_eq(plan_model_scale_demand(m, 2), 0);
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert(use_of(m, 0).net == 12 && use_of(m, 1).consumed == 8); /* 20 - 8 */
	plan_model_free(m);
}
END_TEST

/* A version 1 SKU def (format 1.0's fields) is still taken, its 1.1 fields
 * defaulted; a version 1 getter is filled only as far as version 1 goes. */
START_TEST(version_1_defs)
{
	plan_model *m = mk(1, 0, 0);
	plan_sku_def b = mk_sku("B", "W1", PLAN_SKU_BUY, 2);
	b.version = 1;
	b.consume_back = 99; /* past the end of a version 1 struct: never read */
	ck_assert_int_eq(plan_model_add_sku(m, &b), 0);
	plan_sku_def got = PLAN_SKU_DEF_INIT;
	ck_assert_int_eq(plan_model_get_sku(&got, m, 1), 0);
	ck_assert_int_eq(got.consume_back, 0);
	ck_assert_int_eq(got.lead_time, 2);
	plan_sku_def old = PLAN_SKU_DEF_INIT;
	old.version = 1;
	old.frozen_days = 77;
	ck_assert_int_eq(plan_model_get_sku(&old, m, 1), 0);
	ck_assert_uint_eq(old.version, 1);
	ck_assert_int_eq(old.lead_time, 2);
	ck_assert_int_eq(old.frozen_days, 77); /* not version 1's: left alone */
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	sc.version = 1;
	sc.format = 5;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	ck_assert_int_eq(sc.format, 5);
	sc.version = 2; /* (version 3 adds sourcing) */
	sc.sourcing = PLAN_SOURCING_COST;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	ck_assert_int_eq(sc.sourcing, PLAN_SOURCING_COST);
	sc.version = PLAN_SCENARIO_DEF_VERSION + 1;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), PLAN_EINVAL);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("forecast");
	TCase *t = tcase_create("consumption");
	tcase_add_test(t, same_day_only);
	tcase_add_test(t, backward_then_forward);
	tcase_add_test(t, format_10_unchanged);
	tcase_add_test(t, scaled_demand_consumes_again);
	tcase_add_test(t, version_1_defs);
	suite_add_tcase(s, t);
	return run_suite(s);
}
