/* The plan in money (format 1.1, format.md "The plan in money"): finance.csv
 * of a two-site plan worked out by hand, row by row and in the summary; the
 * verifier's rule "finance" finding a row, a roll-up and a total changed;
 * no finance.csv without money; the store and CSV carry it; a caller of
 * plan_summary version 1 still gets its struct. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "result/result_impl.h"

/* P1 buys C (2 a unit, 5 on hand, holding 0.1) and makes A of 3 C on R1
 * (0.5 h a unit at 40 an hour; lead times 0); W1 gets A by a lane from P1
 * (1.5 a unit, 2 days; 4 on hand, holding 0.5) and sells 10 on 2027-01-20
 * at 100. A is of family F1, C of RAW. Weekly buckets from Monday
 * 2027-01-04 to 2027-01-31: b0 = 01-04..01-10, b1 = 01-11..01-17,
 * b2 = 01-18..01-24, b3 = 01-25..01-31.
 *
 * The unconstrained plan (textbook netting, supply due on its bucket's
 * first day): W1 nets 10 - 4 = 6 in b2: a transfer of 6 due 01-18,
 * released 01-16; P1 makes 6 A due and released 01-11 (3 h on R1 that
 * day), which draws 18 C: 5 on hand, a buy of 13 due 01-11. */
static plan_model *two_sites(void)
{
	plan_model *m = mk_model_as("2027-01-04", "2027-01-31", 1, PLAN_BUCKET_WEEK);
	plan_item_def it = PLAN_ITEM_DEF_INIT;
	it.item = "A";
	it.family = "F1";
	it.price = 100;
	ck_assert_int_eq(plan_model_add_item(m, &it), 0);
	it.item = "C";
	it.family = "RAW";
	it.price = 0;
	ck_assert_int_eq(plan_model_add_item(m, &it), 0);
	plan_sku_def c = mk_sku("C", "P1", PLAN_SKU_BUY, 0);
	c.unit_cost = 2;
	c.on_hand = 5;
	c.holding_cost = 0.1;
	add_sku(m, c);
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 0));
	plan_sku_def w = mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0);
	w.on_hand = 4;
	w.holding_cost = 0.5;
	add_sku(m, w);
	add_line(m, "A", "C", 3);
	plan_resource_def r = PLAN_RESOURCE_DEF_INIT;
	r.resource = "R1";
	r.site = "P1";
	r.hours_per_day = 8;
	r.cost_per_hour = 40;
	ck_assert_int_eq(plan_model_add_resource(m, &r), 0);
	add_step(m, "A", "10", "R1", 0, 0.5);
	plan_lane_def l = PLAN_LANE_DEF_INIT;
	l.item = "A";
	l.site = "W1";
	l.source = "P1";
	l.transfer_days = 2;
	l.cost = 1.5;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	add_demand(m, "D1", "A", "W1", day_of("2027-01-20"), 10);
	return m;
}

typedef struct row {
	const char *level, *site, *family;
	int bucket;
	double v[6]; /* purchases, production, transport, holding, inventory_value, revenue */
} row;

static void expect_rows(const plan_result *r, const row *want, size_t n)
{
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_FINANCE), n);
	static const char *const weeks[] = { "2027-01-04", "2027-01-11", "2027-01-18",
					     "2027-01-25" };
	for (size_t i = 0; i < n; i++) {
		plan_finance f = PLAN_FINANCE_INIT;
		ck_assert_int_eq(plan_result_get_finance(&f, r, i), 0);
		ck_assert_str_eq(f.level, want[i].level);
		if (want[i].site)
			ck_assert_str_eq(f.site, want[i].site);
		else
			ck_assert_ptr_null(f.site);
		if (want[i].family)
			ck_assert_str_eq(f.family, want[i].family);
		else
			ck_assert_ptr_null(f.family);
		ck_assert_int_eq(f.bucket, day_of(weeks[want[i].bucket]));
		const double got[6] = { f.purchases, f.production, f.transport, f.holding,
					f.inventory_value, f.revenue };
		for (int k = 0; k < 6; k++)
			ck_assert_msg(fabs(got[k] - want[i].v[k]) < 1e-9,
				      "row %zu (%s %s %s b%d) value %d: %.17g, by hand %.17g", i,
				      want[i].level, want[i].site ? want[i].site : "-",
				      want[i].family ? want[i].family : "-", want[i].bucket, k, got[k],
				      want[i].v[k]);
	}
}

/* Standard costs: C 2; A@P1 3 x 2 + 0.5 x 40 = 6 + 20 = 26; A@W1 26 + 1.5
 * = 27.5. Stock at each bucket's end: C@P1 5, 0, 0, 0 (13 come and 18 go
 * on 01-11); A@P1 0 throughout (6 made 01-11, shipped 01-16); A@W1 4, 4,
 * 0, 0 (6 arrive 01-18, 10 delivered 01-20). */
static const row by_hand[] = {
	/* detail: P1's F1 (A@P1), P1's RAW (C@P1), W1's F1 (A@W1) */
	{ "detail", "P1", "F1", 0, { 0, 0, 0, 0, 0, 0 } },
	{ "detail", "P1", "F1", 1, { 0, 3 * 40, 0, 0, 0, 0 } },
	{ "detail", "P1", "F1", 2, { 0 } },
	{ "detail", "P1", "F1", 3, { 0 } },
	{ "detail", "P1", "RAW", 0, { 0, 0, 0, 5 * 0.1, 5 * 2, 0 } },
	{ "detail", "P1", "RAW", 1, { 13 * 2, 0, 0, 0, 0, 0 } },
	{ "detail", "P1", "RAW", 2, { 0 } },
	{ "detail", "P1", "RAW", 3, { 0 } },
	{ "detail", "W1", "F1", 0, { 0, 0, 0, 4 * 0.5, 4 * 27.5, 0 } },
	{ "detail", "W1", "F1", 1, { 0, 0, 6 * 1.5, 4 * 0.5, 4 * 27.5, 0 } },
	{ "detail", "W1", "F1", 2, { 0, 0, 0, 0, 0, 10 * 100 } },
	{ "detail", "W1", "F1", 3, { 0 } },
	/* sites */
	{ "site", "P1", NULL, 0, { 0, 0, 0, 0.5, 10, 0 } },
	{ "site", "P1", NULL, 1, { 26, 120, 0, 0, 0, 0 } },
	{ "site", "P1", NULL, 2, { 0 } },
	{ "site", "P1", NULL, 3, { 0 } },
	{ "site", "W1", NULL, 0, { 0, 0, 0, 2, 110, 0 } },
	{ "site", "W1", NULL, 1, { 0, 0, 9, 2, 110, 0 } },
	{ "site", "W1", NULL, 2, { 0, 0, 0, 0, 0, 1000 } },
	{ "site", "W1", NULL, 3, { 0 } },
	/* families, every site */
	{ "family", NULL, "F1", 0, { 0, 0, 0, 2, 110, 0 } },
	{ "family", NULL, "F1", 1, { 0, 120, 9, 2, 110, 0 } },
	{ "family", NULL, "F1", 2, { 0, 0, 0, 0, 0, 1000 } },
	{ "family", NULL, "F1", 3, { 0 } },
	{ "family", NULL, "RAW", 0, { 0, 0, 0, 0.5, 10, 0 } },
	{ "family", NULL, "RAW", 1, { 26, 0, 0, 0, 0, 0 } },
	{ "family", NULL, "RAW", 2, { 0 } },
	{ "family", NULL, "RAW", 3, { 0 } },
	/* the enterprise */
	{ "enterprise", NULL, NULL, 0, { 0, 0, 0, 2.5, 120, 0 } },
	{ "enterprise", NULL, NULL, 1, { 26, 120, 9, 2, 110, 0 } },
	{ "enterprise", NULL, NULL, 2, { 0, 0, 0, 0, 0, 1000 } },
	{ "enterprise", NULL, NULL, 3, { 0 } },
};

START_TEST(by_hand_two_sites)
{
	plan_model *m = two_sites();
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	/* the plan the numbers assume */
	char buf[512];
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_TRANSFER, buf, sizeof(buf)),
			 "- 16..18 6;");
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)),
			 "- 11..11 6;");
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_BUY, buf, sizeof(buf)),
			 "- 11..11 13;");
	expect_rows(r, by_hand, sizeof(by_hand) / sizeof(by_hand[0]));
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_double_eq_tol(s.purchases, 26, 1e-9);
	ck_assert_double_eq_tol(s.production, 120, 1e-9);
	ck_assert_double_eq_tol(s.transport, 9, 1e-9);
	ck_assert_double_eq_tol(s.holding, 4.5, 1e-9);
	ck_assert_double_eq_tol(s.inventory_value, 0, 1e-9);
	ck_assert_double_eq_tol(s.revenue, 1000, 1e-9);
	/* the same through the store (recomputed from the plan read back) */
	plan_model *back = NULL;
	plan_result *rb = stored_and_read(m, r, &back);
	expect_rows(rb, by_hand, sizeof(by_hand) / sizeof(by_hand[0]));
	plan_result_free(rb);
	plan_model_free(back);
	plan_result_free(r);
	/* the constrained plan passes rule "finance" too */
	r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_uint_gt(plan_result_count(r, PLAN_RESULT_FINANCE), 0);
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_double_eq_tol(s.revenue, 1000, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

typedef struct seen {
	size_t finance;
	char first[320];
} seen;

static int count_finance(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (!strcmp(v->rule, "finance") && !s->finance++)
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	return 0;
}

static size_t finance_violations(const plan_result *r, char *first, size_t n)
{
	seen s = { 0, "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, PLAN_VERIFY_UNCONSTRAINED, count_finance, &s), 0);
	snprintf(first, n, "%s", s.first);
	return s.finance;
}

/* The verifier finds a site's row that the plan does not give, a roll-up
 * that is not the sum of its parts, and a total the enterprise does not
 * add up to. */
START_TEST(verifier_finds_changes)
{
	plan_model *m = two_sites();
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	char msg[320];
	ck_assert_uint_eq(finance_violations(r, msg, sizeof(msg)), 0);
	/* a detail row: its site's and its family's rows are then not the sum
	 * of their parts */
	r->fin[1].v[1] += 7; /* P1 F1 b1 production */
	ck_assert_uint_eq(finance_violations(r, msg, sizeof(msg)), 2);
	ck_assert_str_eq(msg, "finance.csv: the site row of bucket 2027-01-11: production is 120, "
			      "its parts add up to 127");
	r->fin[1].v[1] -= 7;
	/* a site's row and its parts alike: the plan gives other money */
	r->fin[1].v[0] += 5;
	r->fin[13].v[0] += 5; /* P1 b1 purchases */
	ck_assert_uint_ge(finance_violations(r, msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "finance.csv: site P1, bucket 2027-01-11: purchases is 31, the plan's "
			      "is 26");
	r->fin[1].v[0] -= 5;
	r->fin[13].v[0] -= 5;
	/* the stock's value */
	r->fin[8].v[4] = 100; /* W1 F1 b0 */
	r->fin[16].v[4] = 100;
	ck_assert_uint_ge(finance_violations(r, msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "finance.csv: site W1, bucket 2027-01-04: inventory_value is 100, the "
			      "plan's is 110");
	r->fin[8].v[4] = r->fin[16].v[4] = 110;
	/* the summary */
	r->summary.revenue = 999;
	ck_assert_uint_eq(finance_violations(r, msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "summary.csv: revenue is 999, finance.csv's enterprise rows give 1000");
	r->summary.revenue = 1000;
	ck_assert_uint_eq(finance_violations(r, msg, sizeof(msg)), 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* finance.csv and the summary's money as written; without money (a 1.0
 * scenario without prices or hourly costs) neither. */
START_TEST(written_only_with_money)
{
	plan_model *m = two_sites();
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	char dir[] = "/tmp/libplan-finance-XXXXXX", path[600];
	plan_model_free(csv_written(m, r, dir));
	snprintf(path, sizeof(path), "%s/plan/finance.csv", dir);
	char *text = slurp_small(path);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, "site,family,bucket,purchases,production,transport,"
					   "holding,inventory_value,revenue,level\n"
					   "P1,F1,2027-01-04,0,0,0,0,0,0,detail\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nW1,,2027-01-18,0,0,0,0,0,1000,site\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n,RAW,2027-01-11,26,0,0,0,0,0,family\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n,,2027-01-04,0,0,0,2.5,120,0,enterprise\n"));
	free(text);
	snprintf(path, sizeof(path), "%s/plan/summary.csv", dir);
	text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "\npurchases,26\nproduction,120\ntransport,9\n"
					   "holding,4.5\ninventory_value,0\nrevenue,1000\n"));
	free(text);
	remove_dir(dir);
	plan_result_free(r);
	plan_model_free(m);

	m = mk_model("2027-01-04", "2027-01-31");
	add_sku(m, mk_sku("C", "P1", PLAN_SKU_BUY, 0));
	add_demand(m, "D1", "C", "P1", day_of("2027-01-20"), 10);
	r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_FINANCE), 0);
	char dir2[] = "/tmp/libplan-finance-XXXXXX";
	plan_model_free(csv_written(m, r, dir2));
	snprintf(path, sizeof(path), "%s/plan/finance.csv", dir2);
	ck_assert_int_ne(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/plan/summary.csv", dir2);
	text = slurp_small(path);
	ck_assert_ptr_null(strstr(text, "purchases"));
	free(text);
	remove_dir(dir2);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A caller built against plan_summary version 1 gets its fields, and
 * nothing is written past them. */
START_TEST(summary_version_1)
{
	plan_model *m = two_sites();
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	size_t v1 = offsetof(plan_summary, purchases);
	unsigned char *buf = malloc(sizeof(plan_summary));
	memset(buf, 0xa5, sizeof(plan_summary));
	plan_summary *s = (plan_summary *)buf;
	s->version = 1;
	ck_assert_int_eq(plan_result_get_summary(s, r), 0);
	ck_assert_uint_eq(s->version, 1);
	ck_assert_uint_eq(s->demands, 1);
	ck_assert_str_eq(s->status, "on_time");
	for (size_t k = v1; k < sizeof(plan_summary); k++)
		ck_assert_uint_eq(buf[k], 0xa5);
	s->version = PLAN_SUMMARY_VERSION + 1;
	ck_assert_int_eq(plan_result_get_summary(s, r), PLAN_EINVAL);
	free(buf);
	plan_finance f = PLAN_FINANCE_INIT;
	ck_assert_int_eq(plan_result_get_finance(&f, r, plan_result_count(r, PLAN_RESULT_FINANCE)),
			 PLAN_ERANGE);
	f.version = 0;
	ck_assert_int_eq(plan_result_get_finance(&f, r, 0), PLAN_EINVAL);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* tests/data/fuzz-finance-cancel: transfers of 1e12 in and out of a SKU in
 * one bucket leave float noise of 2^-15 in its stock's value; rule
 * "finance" allows what the magnitude of the moves explains (it reported
 * -3.05e-05 against 0 before) */
START_TEST(cancelling_moves)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/fuzz-finance-cancel"), NULL), 0);
	for (int mode = 0; mode < 2; mode++) {
		plan_run_options o = PLAN_RUN_OPTIONS_INIT;
		o.mode = mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
		plan_result *r = NULL;
		ck_assert_int_eq(plan_run(&r, m, &o), 0);
		ck_assert_uint_gt(plan_result_count(r, PLAN_RESULT_FINANCE), 0);
		char msg[320];
		seen s = { 0, "" };
		plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
		ck_assert_int_eq(plan_result_verify(&c, r, mode ? 0 : PLAN_VERIFY_UNCONSTRAINED,
						    count_finance, &s), 0);
		snprintf(msg, sizeof(msg), "%s", s.first);
		ck_assert_msg(s.finance == 0, "mode %d: %s", mode, msg);
		plan_result_free(r);
	}
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("finance");
	TCase *tc = tcase_create("finance");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, by_hand_two_sites);
	tcase_add_test(tc, verifier_finds_changes);
	tcase_add_test(tc, written_only_with_money);
	tcase_add_test(tc, summary_version_1);
	tcase_add_test(tc, cancelling_moves);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
