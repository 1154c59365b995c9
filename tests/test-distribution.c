/* Distribution (format 1.1): least-cost sourcing (scenario key sourcing =
 * cost), worked out by hand in both modes; the verifier's rule "sourcing"
 * finding a dearer lane used before a cheaper one is full; the key through
 * CSV and the store. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "result/result_impl.h"

static void lane(plan_model *m, const char *from, int priority, double cost, double max)
{
	plan_lane_def l = PLAN_LANE_DEF_INIT;
	l.item = "A";
	l.site = "W1";
	l.source = from;
	l.priority = priority;
	l.transfer_days = 1;
	l.cost = cost;
	l.max_per_bucket = max;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
}

/* W1 sells 10 A on Wednesday 2027-01-20. It gets A from P1 (lane 3 a unit,
 * A bought there at 10: landed 13) or P2 (lane 1, bought at 11: landed 12,
 * at most 4 a week), both priority 1, P1's lane first in the file. */
static plan_model *two_sources(plan_sourcing sourcing)
{
	plan_model *m = mk_model_as("2027-01-04", "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.sourcing = sourcing;
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	plan_sku_def s = mk_sku("A", "P1", PLAN_SKU_BUY, 0);
	s.unit_cost = 10;
	add_sku(m, s);
	s.site = "P2";
	s.unit_cost = 11;
	add_sku(m, s);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	lane(m, "P1", 1, 3, PLAN_NONE);
	lane(m, "P2", 1, 1, 4);
	add_demand(m, "D1", "A", "W1", day_of("2027-01-20"), 10);
	return m;
}

/* "SOURCE qty release;" for each planned transfer, in order. */
static const char *transfers(const plan_result *r, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		if (o.kind != PLAN_ORDER_TRANSFER)
			continue;
		char a[11];
		plan_date_format(a, o.release);
		k += (size_t)snprintf(buf + k, n - k, "%s %g %s;", o.source, o.qty, a + 5);
	}
	return buf;
}

static double std_cost(const plan_result *r, const char *item, const char *site)
{
	plan_cell c[PLAN_RTABLE_MAX_COLS];
	char numbuf[40];
	for (size_t i = 0; i < plan_result__rows(r, PT_COSTS); i++) {
		plan_result__cells(r, PT_COSTS, i, c, numbuf);
		if (!strcmp(c[0].s, item) && !strcmp(c[1].s, site))
			return c[4].d;
	}
	ck_abort_msg("no costs row of %s@%s", item, site);
	return 0;
}

/* By hand: cost first ships P2's 4 (its limit that week) and P1's 6, both
 * released 01-17 to arrive on the bucket's first day 01-18: purchases 4 x
 * 11 + 6 x 10 = 104, transport 4 x 1 + 6 x 3 = 22, 126 in all; A@W1's
 * standard cost is its first lane's, P2's: 12. By priority (file order):
 * P1 ships all 10: purchases 100, transport 30, 130; A@W1 costs 13. */
START_TEST(least_landed_cost)
{
	char buf[256];
	for (int mode = 0; mode < 2; mode++) {
		plan_mode pm = mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
		plan_model *m = two_sources(PLAN_SOURCING_COST);
		plan_result *r = plan_verified(m, pm, NULL);
		plan_summary s = PLAN_SUMMARY_INIT;
		ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
		ck_assert_str_eq(s.status, "on_time");
		/* the feasible plan, demand by demand, takes P2's limit in
		 * three weeks (the last shipment on 01-19 arrives on the due
		 * day): all 10 at landed 12, purchases 110, transport 10 */
		ck_assert_str_eq(transfers(r, buf, sizeof(buf)),
				 mode ? "P2 2 01-10;P2 4 01-17;P2 4 01-19;" : "P2 4 01-17;P1 6 01-17;");
		ck_assert_double_eq_tol(s.purchases, mode ? 110 : 104, 1e-9);
		ck_assert_double_eq_tol(s.transport, mode ? 10 : 22, 1e-9);
		ck_assert_double_eq_tol(std_cost(r, "A", "W1"), 12, 1e-12);
		plan_result_free(r);
		plan_model_free(m);

		m = two_sources(PLAN_SOURCING_PRIORITY);
		r = plan_verified(m, pm, NULL);
		ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
		ck_assert_str_eq(transfers(r, buf, sizeof(buf)), mode ? "P1 10 01-19;" : "P1 10 01-17;");
		ck_assert_double_eq_tol(s.purchases, 100, 1e-9);
		ck_assert_double_eq_tol(s.transport, 30, 1e-9);
		ck_assert_double_eq_tol(std_cost(r, "A", "W1"), 13, 1e-12);
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* Lanes with shares keep splitting by share whatever they cost; a cheaper
 * lane of a later priority waits for the first priority to be full. */
START_TEST(shares_and_priorities_first)
{
	char buf[256];
	plan_model *m = mk_model_as("2027-01-04", "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.sourcing = PLAN_SOURCING_COST;
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	plan_sku_def s = mk_sku("A", "P1", PLAN_SKU_BUY, 0);
	s.unit_cost = 10;
	add_sku(m, s);
	s.site = "P2";
	s.unit_cost = 1;
	add_sku(m, s);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	lane(m, "P1", 1, 3, 8);
	lane(m, "P2", 2, 0, PLAN_NONE); /* landed 1, but priority 2 */
	add_demand(m, "D1", "A", "W1", day_of("2027-01-20"), 10);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(transfers(r, buf, sizeof(buf)), "P1 8 01-17;P2 2 01-17;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* deployment.csv by hand: W1 has 3 on hand, sells 10 on 01-20 (week b2,
 * from 01-18) and 5 on 02-03 (b4, from 02-01), and a scheduled transfer of
 * 4 arrives on 01-26 (b3). Netted lot for lot: b2 needs 10 - 3 = 7, b3
 * none (4 come), b4 5 - 4 = 1. Cheapest first (sourcing = cost): P2 ships
 * its 4 for b2, P1 the other 3; P2 the 1 for b4. Rows by lane as tried
 * (P2, then P1), bucket; the need is W1's on each of its lanes' rows. */
START_TEST(deployment_by_hand)
{
	plan_model *m = mk_model_as("2027-01-04", "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.sourcing = PLAN_SOURCING_COST;
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	plan_sku_def s = mk_sku("A", "P1", PLAN_SKU_BUY, 0);
	s.unit_cost = 10;
	add_sku(m, s);
	s.site = "P2";
	s.unit_cost = 11;
	add_sku(m, s);
	s = mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0);
	s.on_hand = 3;
	add_sku(m, s);
	lane(m, "P1", 1, 3, PLAN_NONE);
	lane(m, "P2", 1, 1, 4);
	add_demand(m, "D1", "A", "W1", day_of("2027-01-20"), 10);
	add_demand(m, "D2", "A", "W1", day_of("2027-02-03"), 5);
	plan_receipt_def rc = PLAN_RECEIPT_DEF_INIT;
	rc.id = "T1";
	rc.item = "A";
	rc.site = "W1";
	rc.kind = PLAN_RECEIPT_TRANSFER;
	rc.source = "P1";
	rc.due = day_of("2027-01-26");
	rc.qty = 4;
	ck_assert_int_eq(plan_model_add_receipt(m, &rc), 0);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	static const struct {
		const char *source, *bucket;
		double need, shipped, cost;
	} want[] = {
		{ "P2", "2027-01-18", 7, 4, 4 },
		{ "P2", "2027-02-01", 1, 1, 1 },
		{ "P1", "2027-01-18", 7, 3, 9 },
		{ "P1", "2027-02-01", 1, 0, 0 },
	};
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_DEPLOYMENT), 4);
	for (size_t i = 0; i < 4; i++) {
		plan_deployment d = PLAN_DEPLOYMENT_INIT;
		ck_assert_int_eq(plan_result_get_deployment(&d, r, i), 0);
		ck_assert_str_eq(d.source, want[i].source);
		ck_assert_str_eq(d.destination, "W1");
		ck_assert_str_eq(d.item, "A");
		ck_assert_int_eq(d.bucket, day_of(want[i].bucket));
		ck_assert_double_eq_tol(d.need, want[i].need, 1e-12);
		ck_assert_double_eq_tol(d.shipped, want[i].shipped, 1e-12);
		ck_assert_double_eq_tol(d.cost, want[i].cost, 1e-12);
	}
	plan_deployment d = PLAN_DEPLOYMENT_INIT;
	ck_assert_int_eq(plan_result_get_deployment(&d, r, 4), PLAN_ERANGE);
	/* the same read back from the store (computed again from the plan) */
	plan_model *back = NULL;
	plan_result *rb = stored_and_read(m, r, &back);
	ck_assert_uint_eq(plan_result_count(rb, PLAN_RESULT_DEPLOYMENT), 4);
	plan_result_free(rb);
	plan_model_free(back);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

typedef struct seen {
	size_t n;
	char first[400];
} seen;

static int on_sourcing(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (!strcmp(v->rule, "sourcing") && !s->n++)
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	return 0;
}

/* Moving 2 units from the cheaper lane to the dearer one breaks rule
 * "sourcing" (and only there: the orders are made to match). */
START_TEST(verifier_finds_dearer_lane)
{
	plan_model *m = two_sources(PLAN_SOURCING_COST);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	for (size_t i = 0; i < r->nord; i++) {
		plan_ord *o = &r->ord[i];
		if (o->kind != PLAN_ORDER_TRANSFER)
			continue;
		const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, o->lane);
		o->qty += !strcmp(l->source, "P2") ? -2 : 2;
	}
	seen s = { 0, "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, PLAN_VERIFY_UNCONSTRAINED, on_sourcing, &s), 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.first, "A@W1, bucket 2027-01-11: 8 shipped from P1 (landed 13 a unit) "
				  "while the lane from P2 (landed 12) ships 2 of its limit");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The key is written back only where it is not the default, and read back
 * from CSV and the store. */
START_TEST(key_through_csv_and_store)
{
	plan_model *m = two_sources(PLAN_SOURCING_COST);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	char dir[] = "/tmp/libplan-distribution-XXXXXX", path[600];
	plan_model *b = csv_written(m, r, dir);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, b), 0);
	ck_assert_int_eq(sc.sourcing, PLAN_SOURCING_COST);
	plan_model_free(b);
	snprintf(path, sizeof(path), "%s/scenario.csv", dir);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char text[512] = "";
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = 0;
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "\nsourcing,cost\n"));
	remove_dir(dir);
	plan_model *back = NULL;
	plan_result *rb = stored_and_read(m, r, &back);
	ck_assert_int_eq(plan_model_get_scenario(&sc, back), 0);
	ck_assert_int_eq(sc.sourcing, PLAN_SOURCING_COST);
	plan_result_free(rb);
	plan_model_free(back);
	plan_result_free(r);
	plan_model_free(m);

	m = two_sources(PLAN_SOURCING_PRIORITY);
	char dir2[] = "/tmp/libplan-distribution-XXXXXX";
	plan_model_free(csv_written(m, NULL, dir2));
	snprintf(path, sizeof(path), "%s/scenario.csv", dir2);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = 0;
	fclose(f);
	ck_assert_ptr_null(strstr(text, "sourcing"));
	remove_dir(dir2);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("distribution");
	TCase *tc = tcase_create("sourcing");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, least_landed_cost);
	tcase_add_test(tc, shares_and_priorities_first);
	tcase_add_test(tc, verifier_finds_dearer_lane);
	tcase_add_test(tc, key_through_csv_and_store);
	tcase_add_test(tc, deployment_by_hand);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
