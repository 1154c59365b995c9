/* Dates: day numbers against known calendar facts. */
#include "helpers.h"

START_TEST(epoch_and_known_days)
{
	/* 1970-01-01 is day 0 by definition; 2000-03-01 is day 11017
	 * (30 years of 365 days + 7 leap days = 10957, + Jan 31 + Feb 29) */
	ck_assert_int_eq(plan_date_from_ymd(1970, 1, 1), 0);
	ck_assert_int_eq(plan_date_from_ymd(2000, 3, 1), 11017);
	ck_assert_int_eq(plan_date_from_ymd(1969, 12, 31), -1);
	/* 2027-01-04 is a Monday (weekday 0), 2027-01-10 a Sunday */
	ck_assert_int_eq(plan_date_weekday(plan_date_from_ymd(2027, 1, 4)), 0);
	ck_assert_int_eq(plan_date_weekday(plan_date_from_ymd(2027, 1, 10)), 6);
	ck_assert_int_eq(plan_date_weekday(plan_date_from_ymd(1969, 12, 29)), 0);
	ck_assert_int_eq(plan_date_from_ymd(2028, 1, 1) - plan_date_from_ymd(2027, 1, 1), 365);
	ck_assert_int_eq(plan_date_from_ymd(2029, 1, 1) - plan_date_from_ymd(2028, 1, 1), 366);
}
END_TEST

START_TEST(invalid_days)
{
	ck_assert_int_eq(plan_date_from_ymd(2027, 2, 29), PLAN_DATE_NONE);
	ck_assert_int_eq(plan_date_from_ymd(1900, 2, 29), PLAN_DATE_NONE);
	ck_assert_int_ne(plan_date_from_ymd(2000, 2, 29), PLAN_DATE_NONE);
	ck_assert_int_eq(plan_date_from_ymd(2027, 13, 1), PLAN_DATE_NONE);
	ck_assert_int_eq(plan_date_from_ymd(2027, 4, 31), PLAN_DATE_NONE);
	ck_assert_int_eq(plan_date_from_ymd(0, 1, 1), PLAN_DATE_NONE);
}
END_TEST

START_TEST(parse_and_format_round_trip)
{
	plan_date d = 0;
	char buf[11];
	ck_assert_int_eq(plan_date_parse(&d, "2027-03-01"), 0);
	ck_assert_int_eq(d, plan_date_from_ymd(2027, 3, 1));
	ck_assert_int_eq(plan_date_format(buf, d), 0);
	ck_assert_str_eq(buf, "2027-03-01");
	/* the ends of the range, and years of fewer digits, padded */
	ck_assert_int_eq(plan_date_format(buf, plan_date_from_ymd(1, 1, 1)), 0);
	ck_assert_str_eq(buf, "0001-01-01");
	ck_assert_int_eq(plan_date_format(buf, plan_date_from_ymd(999, 10, 9)), 0);
	ck_assert_str_eq(buf, "0999-10-09");
	ck_assert_int_eq(plan_date_format(buf, plan_date_from_ymd(9999, 12, 31)), 0);
	ck_assert_str_eq(buf, "9999-12-31");
	ck_assert_int_eq(plan_date_format(buf, plan_date_from_ymd(9999, 12, 31) + 1), PLAN_EINVAL);
	/* every day of four centuries survives the round trip */
	for (plan_date x = plan_date_from_ymd(1900, 1, 1); x < plan_date_from_ymd(2300, 1, 1); x++) {
		plan_date back = 0;
		ck_assert_int_eq(plan_date_format(buf, x), 0);
		ck_assert_int_eq(plan_date_parse(&back, buf), 0);
		ck_assert_int_eq(back, x);
	}
}
END_TEST

START_TEST(parse_rejects)
{
	static const char *const bad[] = {
		"2027-3-01", "2027/03/01", "2027-03-01 ", " 2027-03-01", "20270301",
		"2027-02-29", "abcd-ef-gh", "", "2027-03-1x", "0000-01-01",
	};
	plan_date d = 42;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(plan_date_parse(&d, bad[i]) == PLAN_EINVAL, "accepted \"%s\"", bad[i]);
	ck_assert_int_eq(d, 42);
	ck_assert_int_eq(plan_date_parse(NULL, "2027-01-01"), PLAN_EINVAL);
	ck_assert_int_eq(plan_date_parse(&d, NULL), PLAN_EINVAL);
	char buf[11];
	ck_assert_int_eq(plan_date_format(buf, PLAN_DATE_NONE), PLAN_EINVAL);
	ck_assert_str_eq(buf, "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("civil");
	tcase_add_test(tc, epoch_and_known_days);
	tcase_add_test(tc, invalid_days);
	tcase_add_test(tc, parse_and_format_round_trip);
	tcase_add_test(tc, parse_rejects);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
