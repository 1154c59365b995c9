/* Time fences (format 1.1, format.md "Time fences"): no planned order of a
 * SKU is released before its fence's end, frozen_days working days of its
 * site's calendar from start. Hand-computed cases, the dates worked out
 * beside each. The constrained plan moves what the fence holds back to
 * the fence's end (and the demand is late); the unconstrained plan keeps
 * it where netting puts it and reports inside_fence (critical). Every plan
 * passes check_plan() and the library's verifier (rule fence: a violation
 * in a constrained plan, a note in an unconstrained one) and
 * ../shared/tools/verify_plan.py when it is there (--unconstrained for the
 * unconstrained ones). Start Monday
 * 2027-01-04, weekly buckets. */
#include "plan-helpers.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

static int count_fence(void *ctx, const plan_violation *v)
{
	if (v->hard && !strcmp(v->rule, "fence"))
		++*(size_t *)ctx;
	return 0;
}

/* No planned order of item released before day `first`. */
static void released_from(const plan_result *r, const char *item, plan_date first)
{
	plan_order o[16];
	size_t n = planned_of(r, item, "W1", o, 16);
	ck_assert_uint_gt(n, 0);
	for (size_t i = 0; i < n && i < 16; i++)
		ck_assert_msg(o[i].release >= first, "order %s released before the fence", o[i].id);
}

/* A bought SKU, lead time 2, fence 6 working days (every day works): the
 * fence ends on start + 6 (Sunday 01-10). Unconstrained, weekly netting:
 * D1 (day 3) is netted in bucket 0, its order due on start and released 2
 * days before it (past_due_release); D2 (day 10) in bucket 1, its order
 * due 01-11 and released 01-09: inside the fence. The constrained plan
 * buys D1 on day 6, due day 8 (01-12): D1 5 days late; D2 (released day 8
 * for day 10) on time. */
START_TEST(buy_moves_to_fence_end)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_sku_def a = mk_sku("A", "W1", PLAN_SKU_BUY, 2);
	a.frozen_days = 6;
	add_sku(m, a);
	add_demand(m, "D1", "A", "W1", DAY(3), 10);
	add_demand(m, "D2", "A", "W1", DAY(10), 4);
	size_t notes;
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, &notes);
	ck_assert_uint_eq(count_exceptions(u, "inside_fence"), 1);
	ck_assert_uint_ge(notes, 1); /* the fence, a note in an unconstrained plan */
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(u, "inside_fence", &x));
	ck_assert_int_eq(x.severity, PLAN_EXC_CRITICAL);
	ck_assert_msg(strstr(x.message, "before 2027-01-10"), "%s", x.message);
	ck_assert_uint_eq(count_exceptions(u, "past_due_release"), 1);
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, u), 0);
	ck_assert_str_eq(s.status, "infeasible");
	/* verified by the constrained plan's rules, the order inside the
	 * fence is a violation of rule fence */
	size_t fence = 0;
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, u, 0, count_fence, &fence), 0);
	ck_assert_uint_eq(fence, 1);
	plan_result_free(u);

	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char buf[128];
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-12 10;");
	ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "01-14 4;");
	released_from(r, "A", DAY(6));
	ck_assert_uint_eq(count_exceptions(r, "inside_fence"), 0);
	ck_assert(find_exception(r, "late_demand", &x));
	ck_assert_msg(strstr(x.message, "time fence's end 2027-01-10"), "%s", x.message);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 4, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The fence counts working days: on a Monday-to-Friday calendar, 5
 * working days from Monday 01-04 end on Saturday 01-09, so the first
 * release is Monday 01-11 (a release falls on a working day); lead time 1
 * -> due Tuesday 01-12. */
START_TEST(fence_in_working_days)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_calendar_def c = PLAN_CALENDAR_DEF_INIT;
	c.calendar = "MF";
	c.weekdays = "1111100";
	ck_assert_int_eq(plan_model_add_calendar(m, &c), 0);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.calendar = "MF";
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	plan_sku_def a = mk_sku("A", "W1", PLAN_SKU_BUY, 1);
	a.frozen_days = 5;
	add_sku(m, a);
	add_demand(m, "D1", "A", "W1", DAY(2), 3);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char buf[128];
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-12 3;");
	released_from(r, "A", DAY(7));
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A fence on a component only, daily buckets: P (make, lead time 1) from
 * C (bought, lead time 1, fence 3 working days: releases from day 3). D
 * due day 2 needs P released day 1, C released day 0: inside the fence.
 * Constrained: C released day 3, due day 4; P released day 4, due day 5
 * (01-09): D 3 days late. */
START_TEST(component_fence_delays_parent)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_DAY);
	add_sku(m, mk_sku("P", "W1", PLAN_SKU_MAKE, 1));
	plan_sku_def c = mk_sku("C", "W1", PLAN_SKU_BUY, 1);
	c.frozen_days = 3;
	add_sku(m, c);
	add_line(m, "P", "C", 1);
	add_demand(m, "D", "P", "W1", DAY(2), 5);
	size_t notes;
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, &notes);
	ck_assert_uint_eq(count_exceptions(u, "inside_fence"), 1);
	plan_result_free(u);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char buf[128];
	ck_assert_str_eq(deliveries(r, "D", buf, sizeof(buf)), "01-09 5;");
	plan_order o[4];
	ck_assert_uint_eq(planned_of(r, "C", "W1", o, 4), 1);
	ck_assert(o[0].release == DAY(3) && o[0].due == DAY(4));
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Without a fence the same data plans as 1.0 did: D on time. */
START_TEST(no_fence_on_time)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_BUY, 2));
	add_demand(m, "D1", "A", "W1", DAY(3), 10);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char buf[128];
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-07 10;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A fence at a site whose calendar has no working day is an error of the
 * SKU row (no day could end it), as a lead time there is. */
START_TEST(fence_on_idle_calendar)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_calendar_def c = PLAN_CALENDAR_DEF_INIT;
	c.calendar = "NONE";
	c.weekdays = "0000000";
	ck_assert_int_eq(plan_model_add_calendar(m, &c), 0);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.calendar = "NONE";
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	plan_sku_def a = mk_sku("A", "W1", PLAN_SKU_BUY, 0);
	a.frozen_days = 2;
	add_sku(m, a);
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	ck_assert_msg(strstr(plan_model_errmsg(m), "frozen_days"), "%s", plan_model_errmsg(m));
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fence");
	TCase *t = tcase_create("fence");
	tcase_add_test(t, buy_moves_to_fence_end);
	tcase_add_test(t, fence_in_working_days);
	tcase_add_test(t, component_fence_delays_parent);
	tcase_add_test(t, no_fence_on_time);
	tcase_add_test(t, fence_on_idle_calendar);
	suite_add_tcase(s, t);
	return run_suite(s);
}
