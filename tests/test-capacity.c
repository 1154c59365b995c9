/* Capacity: loads spread backward from due within [release, due], resource
 * calendars and holidays, maintenance blocks with and without alternates,
 * overloads, the capacity requirements plan. Hand computations beside each
 * case; every plan also passes check_plan(). Start Monday 2027-01-04. */
#include "plan-helpers.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

/* A made at P1 with lead time lt days (all days work), buying B. */
static plan_model *one_item(int lt)
{
	plan_model *m = mk_model(START, NULL);
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, lt));
	add_sku(m, mk_sku("B", "P1", PLAN_SKU_BUY, 0));
	add_line(m, "A", "B", 1);
	return m;
}

/* The CRP row of resource res in the bucket starting on day. */
static plan_capacity crp(const plan_result *r, const char *res, plan_date day)
{
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_CAPACITY); i++) {
		plan_capacity c = PLAN_CAPACITY_INIT;
		ck_assert_int_eq(plan_result_get_capacity(&c, r, i), 0);
		if (!strcmp(c.resource, res) && c.bucket == day)
			return c;
	}
	ck_abort_msg("no capacity row for %s", res);
	return (plan_capacity)PLAN_CAPACITY_INIT;
}

START_TEST(spread_backward_from_due)
{
	/* 10 A due Monday 2027-01-11 (lead time 3 days: released Friday 8th);
	 * step 10 needs 2 + 10 x 1 = 12 h on R (8 h a day): 8 h on the 11th,
	 * 4 h on the 10th */
	plan_model *m = one_item(3);
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "A", "10", "R", 2, 1);
	add_demand(m, "D1", "A", "P1", DAY(7), 10);
	plan_result *r = plan_checked(m);
	char buf[512];
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/R 01-11 8;10/R 01-10 4;");
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&s, r);
	ck_assert_uint_eq(s.overloads, 0);
	/* the CRP of week 1 (11th-17th): 7 x 8 = 56 h available, 8 loaded;
	 * week 0: 56 available, 4 loaded */
	plan_capacity c = crp(r, "R", DAY(7));
	ck_assert_double_eq_tol(c.available, 56, 1e-9);
	ck_assert_double_eq_tol(c.loaded, 8, 1e-9);
	c = crp(r, "R", DAY(0));
	ck_assert_double_eq_tol(c.loaded, 4, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(calendar_and_holiday)
{
	/* R works Monday-Friday, Friday 8th is a holiday: 12 h due Monday 11th
	 * (lead time 4 days: the window is Thu 7th..Mon 11th): 8 h on the 11th,
	 * nothing on the weekend or the holiday, 4 h on Thursday 7th */
	plan_model *m = one_item(4);
	plan_calendar_def c = PLAN_CALENDAR_DEF_INIT;
	c.calendar = "MF";
	c.weekdays = "1111100";
	ck_assert_int_eq(plan_model_add_calendar(m, &c), 0);
	plan_calendar_day_def h = PLAN_CALENDAR_DAY_DEF_INIT;
	h.calendar = "MF";
	h.date = DAY(4);
	ck_assert_int_eq(plan_model_add_calendar_day(m, &h), 0);
	add_resource(m, "R", "P1", 8, "MF");
	add_step(m, "A", "10", "R", 2, 1);
	add_demand(m, "D1", "A", "P1", DAY(7), 10);
	plan_result *r = plan_checked(m);
	char buf[512];
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/R 01-11 8;10/R 01-07 4;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(planned_block_without_alternate)
{
	/* R stops on the 10th and 11th (factor 0, no alternate): 12 h due the
	 * 11th, lead time 3: 8 h on the 9th, 4 h on the 8th; the CRP counts
	 * 16 h lost to maintenance in week 1 (8 h on the 11th) and week 0 (10th) */
	plan_model *m = one_item(3);
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "A", "10", "R", 2, 1);
	add_block(m, "MB1", "R", DAY(6), DAY(7), 0, NULL, 1, PLAN_MAINT_PLANNED);
	add_demand(m, "D1", "A", "P1", DAY(7), 10);
	plan_result *r = plan_checked(m);
	char buf[512];
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/R 01-09 8;10/R 01-08 4;");
	plan_capacity c = crp(r, "R", DAY(0));
	ck_assert_double_eq_tol(c.maintenance_lost, 8, 1e-9);
	ck_assert_double_eq_tol(c.available, 48, 1e-9);
	c = crp(r, "R", DAY(7));
	ck_assert_double_eq_tol(c.maintenance_lost, 8, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(block_with_alternate)
{
	/* R is blocked on the 11th with alternate S at 1.5 times the hours; 6 A
	 * due the 11th with no lead time: the window is the 11th alone; R offers
	 * 0, so the 2 + 6 x 0.5 = 5 h go to S as 7.5 h; S has 10 h */
	plan_model *m = one_item(0);
	add_resource(m, "R", "P1", 8, NULL);
	add_resource(m, "S", "P1", 10, NULL);
	add_step(m, "A", "10", "R", 2, 0.5);
	add_block(m, "MB7", "R", DAY(7), DAY(7), 0, "S", 1.5, PLAN_MAINT_PLANNED);
	add_demand(m, "D1", "A", "P1", DAY(7), 6);
	plan_result *r = plan_checked(m);
	char buf[512];
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/S 01-11 7.5;");
	plan_exception x;
	ck_assert(find_exception(r, "routed_to_alternate", &x));
	ck_assert_str_eq(x.resource, "R");
	ck_assert_str_eq(x.message, "step 10: 5 h moved to S (x1.5) while R is in planned "
				    "maintenance MB7 2027-01-11..2027-01-11");
	plan_capacity c = crp(r, "R", DAY(7));
	ck_assert_double_eq_tol(c.to_alternate, 5, 1e-9);
	ck_assert_double_eq_tol(c.loaded, 0, 1e-9);
	ck_assert_double_eq_tol(c.maintenance_lost, 8, 1e-9);
	c = crp(r, "S", DAY(7));
	ck_assert_double_eq_tol(c.loaded, 7.5, 1e-9);
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&s, r);
	ck_assert_uint_eq(s.overloads, 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(emergency_block_halves_capacity_and_overload)
{
	/* an emergency block halves R on the 11th (4 h); the alternate S has 2 h
	 * that day; 12 h due the 11th with no lead time: 4 h on R, 2 h on S (x1),
	 * 6 h fit nowhere and go on R, the day with most left: overload of 6 h */
	plan_model *m = one_item(0);
	add_resource(m, "R", "P1", 8, NULL);
	add_resource(m, "S", "P1", 2, NULL);
	add_step(m, "A", "10", "R", 2, 1);
	add_block(m, "EMG", "R", DAY(7), DAY(8), 0.5, "S", 1, PLAN_MAINT_EMERGENCY);
	add_demand(m, "D1", "A", "P1", DAY(7), 10);
	plan_result *r = plan_checked(m);
	char buf[512];
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/R 01-11 4;10/S 01-11 2;10/R 01-11 6;");
	plan_exception x;
	ck_assert(find_exception(r, "overload", &x));
	ck_assert_int_eq(x.severity, PLAN_EXC_CRITICAL);
	ck_assert_str_eq(x.resource, "R");
	ck_assert_int_eq(x.date, DAY(7));
	ck_assert_double_eq_tol(x.qty, 6, 1e-9);
	ck_assert_str_eq(x.message, "overload: R on 2027-01-11 loaded 10 h, offers 4 h");
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&s, r);
	ck_assert_uint_eq(s.overloads, 1);
	ck_assert_double_eq_tol(s.overload_hours, 6, 1e-9);
	ck_assert_str_eq(s.status, "infeasible");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(several_steps)
{
	/* two steps: 10 on R (1 + 0.2 x 20 = 5 h), 20 on T (0.5 x 20 = 10 h, T
	 * has 6 h a day): R 5 h on the 11th; T 6 h on the 11th, 4 h on the 10th */
	plan_model *m = one_item(2);
	add_resource(m, "R", "P1", 8, NULL);
	add_resource(m, "T", "P1", 6, NULL);
	add_step(m, "A", "10", "R", 1, 0.2);
	add_step(m, "A", "20", "T", 0, 0.5);
	add_demand(m, "D1", "A", "P1", DAY(7), 20);
	plan_result *r = plan_checked(m);
	char buf[512];
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/R 01-11 5;20/T 01-11 6;20/T 01-10 4;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Loads each within the limit of a plan, their sum in a bucket past it
 * (tests/data/fuzz-capacity-sum): the unconstrained plan stops with
 * PLAN_ERANGE naming the resource and the bucket; the feasible plan keeps
 * every rule. */
START_TEST(loaded_past_the_limit)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/fuzz-capacity-sum"), NULL), 0);
	plan_result *r = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_UNCONSTRAINED;
	ck_assert_int_eq(plan_run(&r, m, &o), PLAN_ERANGE);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(plan_model_errmsg(m), "resource R2: 9.99145e+15 hours loaded in "
							  "the bucket of 2027-04-10; past the limit"));
	r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("capacity");
	TCase *tc = tcase_create("loads");
	tcase_add_test(tc, spread_backward_from_due);
	tcase_add_test(tc, calendar_and_holiday);
	tcase_add_test(tc, planned_block_without_alternate);
	tcase_add_test(tc, block_with_alternate);
	tcase_add_test(tc, emergency_block_halves_capacity_and_overload);
	tcase_add_test(tc, several_steps);
	tcase_add_test(tc, loaded_past_the_limit);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
