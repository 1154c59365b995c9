/* Distribution (format 1.1): least-cost sourcing (scenario key sourcing =
 * cost), worked out by hand in both modes; the verifier's rule "sourcing"
 * finding a dearer lane used before a cheaper one is full; the key through
 * CSV and the store. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "result/result_impl.h"

/* A 1.1 model from Monday 2027-01-04 to end, weekly, with the keys. */
static plan_model *keyed(const char *end, plan_sourcing sourcing, plan_fair_share share)
{
	plan_model *m = mk_model_as("2027-01-04", end, 1, PLAN_BUCKET_WEEK);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.sourcing = sourcing;
	sc.fair_share = share;
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	return m;
}

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
	plan_model *m = keyed("2027-02-28", sourcing, PLAN_FAIR_SHARE_NONE);
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
	plan_model *m = keyed("2027-02-28", PLAN_SOURCING_COST, PLAN_FAIR_SHARE_NONE);
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
	plan_model *m = keyed("2027-02-28", PLAN_SOURCING_COST, PLAN_FAIR_SHARE_NONE);
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
	char first[400], last[400];
} seen;

static int on_share(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (!strcmp(v->rule, "fair_share") && !s->n++)
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	return 0;
}

/* Fair share by hand: P1 has 10 A on hand and can get no more before
 * February (bought with a lead time of 30 days); warehouses W1 and P2 each
 * take A from it in a day and sell 12 and 4 on 2027-01-20. In priority
 * order (W1's demand is the first row) W1 gets all 10 on time and P2
 * nothing; shared in proportion to their needs (16 in all), each gets
 * 10 / 16 = 62.5 % on time: W1 7.5, P2 2.5, the rest of each later. */
static plan_model *short_source(plan_fair_share share, int w1_days, int decimals)
{
	plan_model *m = keyed("2027-03-28", PLAN_SOURCING_PRIORITY, share);
	plan_sku_def s = mk_sku("A", "P1", PLAN_SKU_BUY, 30);
	s.on_hand = 10;
	s.unit_cost = 5;
	add_sku(m, s);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	add_sku(m, mk_sku("A", "P2", PLAN_SKU_TRANSFER, 0));
	plan_lane_def l = PLAN_LANE_DEF_INIT;
	l.item = "A";
	l.source = "P1";
	l.transfer_days = 1;
	l.site = "W1";
	l.transfer_days = w1_days;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	l.site = "P2";
	l.transfer_days = 1;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	add_demand(m, "D1", "A", "W1", day_of("2027-01-20"), 12);
	add_demand(m, "D2", "A", "P2", day_of("2027-01-20"), 4);
	plan_item_def it = PLAN_ITEM_DEF_INIT;
	it.item = "A";
	it.decimals = decimals;
	ck_assert_int_eq(plan_model_add_item(m, &it), 0);
	return m;
}

/* What demand id got by its due date. */
static double on_time(const plan_result *r, const char *id, plan_date due)
{
	double q = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_DELIVERIES); i++) {
		plan_delivery d = PLAN_DELIVERY_INIT;
		ck_assert_int_eq(plan_result_get_delivery(&d, r, i), 0);
		if (!strcmp(d.demand, id) && d.date <= due)
			q += d.qty;
	}
	return q;
}

/* short_source() planned feasible: D1 and D2 on time as given, and as
 * many fair_share exceptions */
static void shared_as(plan_fair_share share, int w1_days, int decimals, double d1, double d2,
		      size_t nexc)
{
	plan_date due = day_of("2027-01-20");
	plan_model *m = short_source(share, w1_days, decimals);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_double_eq_tol(on_time(r, "D1", due), d1, 1e-9);
	ck_assert_double_eq_tol(on_time(r, "D2", due), d2, 1e-9);
	ck_assert_uint_eq(count_exceptions(r, "fair_share"), nexc);
	plan_result_free(r);
	plan_model_free(m);
}

START_TEST(fair_share_proportional)
{
	plan_date due = day_of("2027-01-20");
	shared_as(PLAN_FAIR_SHARE_NONE, 1, -1, 10, 0, 0);

	plan_model *m = short_source(PLAN_FAIR_SHARE_PROPORTIONAL, 1, -1);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_double_eq_tol(on_time(r, "D1", due), 7.5, 1e-9);
	ck_assert_double_eq_tol(on_time(r, "D2", due), 2.5, 1e-9);
	/* one info exception a demand shared, with its part */
	ck_assert_uint_eq(count_exceptions(r, "fair_share"), 2);
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(r, "fair_share", &x));
	ck_assert_int_eq(x.severity, PLAN_EXC_INFO);
	ck_assert_str_eq(x.demand, "D1");
	ck_assert_double_eq_tol(x.qty, 7.5, 1e-9);
	ck_assert_str_eq(x.message, "D1 gets 7.5 of 12 on time (62.5 %), its fair share: 62.5 % each "
				    "for the 2 demands of A (priority 10, due in the bucket of "
				    "2027-01-18) that compete for it");
	/* the rest of each later, when new supply comes */
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_uint_eq(s.demands_late, 2);
	/* the verifier's rule: half a unit moved from D2's on-time part to
	 * D1's breaks it (the shares, 66.7 % and 50 %, and what each
	 * exception says), and nothing else */
	for (size_t i = 0; i < r->ndlv; i++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, r->dlv[i].demand);
		if (r->dlv[i].date <= due)
			r->dlv[i].qty += !strcmp(dd->id, "D1") ? 0.5 : -0.5;
	}
	seen v = { 0, "", "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, 0, on_share, &v), 0);
	/* both exceptions' parts and the shares */
	ck_assert_uint_eq(v.n, 3);
	ck_assert_str_eq(v.first, "D1: its fair_share exception says 7.5 on time, deliveries.csv 8");
	/* with the exceptions saying so too, the shares alone */
	for (size_t i = 0; i < r->nexc; i++)
		if (r->exc[i].code == EXC_FAIR_SHARE)
			r->exc[i].qty += r->exc[i].qty > 5 ? 0.5 : -0.5;
	v = (seen){ 0, "", "" };
	ck_assert_int_eq(plan_result_verify(&c, r, 0, on_share, &v), 0);
	ck_assert_uint_eq(v.n, 1);
	ck_assert_str_eq(v.first, "A (priority 10, due in the bucket of 2027-01-18): D1 has 66.6667 % "
				  "of 12 on time, D2 50 % of 4; proportional shares differ");
	plan_result_free(r);
	plan_model_free(m);

	/* in whole units (decimals 0): 62.5 % of 12 and 4 is 7.5 and 2.5, so
	 * 7 and 2 on time; the unit left goes to the larger remainder (0.5
	 * and 0.5: the first, D1): 8 and 2 */
	shared_as(PLAN_FAIR_SHARE_PROPORTIONAL, 1, 0, 8, 2, 2);

	/* a demand held by its own supply is not shared down to: W1's lane
	 * takes 30 days, so D1 can have nothing on time; D2 gets all 4 */
	shared_as(PLAN_FAIR_SHARE_PROPORTIONAL, 30, -1, 0, 4, 0);
}
END_TEST

static int on_sourcing(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (strcmp(v->rule, "sourcing"))
		return 0;
	if (!s->n++)
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	snprintf(s->last, sizeof(s->last), "%s", v->message);
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
	seen s = { 0, "", "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, PLAN_VERIFY_UNCONSTRAINED, on_sourcing, &s), 0);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.first, "A@W1, bucket 2027-01-11: 8 shipped from P1 (landed 13 a unit) "
				  "while the lane from P2 (landed 12) ships 2 of its limit");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Fair share by cover, by hand: the short source of above, and W1 also
 * sells 24 on 2027-03-10 (when new supply has come): over the horizon's 84
 * days W1's average daily demand is 36 / 84, P2's 4 / 84. The 6 short on
 * 2027-01-20 are shared so that each falls short by the same days of its
 * warehouse's demand: L x 36/84 + L x 4/84 = 6, L = 12.6 days: W1 short
 * 5.4 (6.6 on time), P2 short 0.6 (3.4 on time); in proportion to their
 * needs it would be 7.5 and 2.5. */
START_TEST(fair_share_cover)
{
	plan_date due = day_of("2027-01-20");
	plan_model *m = short_source(PLAN_FAIR_SHARE_COVER, 1, -1);
	add_demand(m, "D3", "A", "W1", day_of("2027-03-10"), 24);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_double_eq_tol(on_time(r, "D1", due), 6.6, 1e-9);
	ck_assert_double_eq_tol(on_time(r, "D2", due), 3.4, 1e-9);
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(r, "fair_share", &x));
	ck_assert_str_eq(x.message, "D1 gets 6.6 of 12 on time (12.6 days of its warehouse's demand "
				    "short), its fair share: 12.6 days short each for the 2 demands of "
				    "A (priority 10, due in the bucket of 2027-01-18) that compete for "
				    "it");
	/* the verifier: a tenth moved from D1 to D2 */
	for (size_t i = 0; i < r->ndlv; i++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, r->dlv[i].demand);
		if (r->dlv[i].date <= due && strcmp(dd->id, "D3"))
			r->dlv[i].qty += !strcmp(dd->id, "D1") ? -0.1 : 0.1;
	}
	for (size_t i = 0; i < r->nexc; i++)
		if (r->exc[i].code == EXC_FAIR_SHARE)
			r->exc[i].qty += r->exc[i].qty > 5 ? -0.1 : 0.1;
	seen v = { 0, "", "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, 0, on_share, &v), 0);
	ck_assert_uint_eq(v.n, 1);
	ck_assert_str_eq(v.first, "A (priority 10, due in the bucket of 2027-01-18): D1 is 12.8333 "
				  "days of its warehouse's demand short, D2 10.5; cover shares differ");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Least-cost deployment by hand: P1 and P2 each have 10 A on hand (bought
 * at 10, 30 days ahead: nothing more before February). W1 gets A from P1
 * (lane 2 a unit: landed 12) or P2 (3: 13); W2 from P1 (2: 12) or, where
 * w2_p2 > 0, from P2 at w2_p2 (of priority w2_p2_priority). W1 and W2 sell 10 each on 2027-01-20, W1's
 * demand first. One by one, W1 takes P1's 10 (its cheapest) and W2 what is
 * left: P2's. */
static plan_model *two_warehouses(plan_sourcing sourcing, plan_fair_share share, double w2_p2,
				  int w2_p2_priority)
{
	plan_model *m = keyed("2027-03-28", sourcing, share);
	plan_site_def site = PLAN_SITE_DEF_INIT;
	site.site = "W2";
	ck_assert_int_eq(plan_model_add_site(m, &site), 0);
	plan_sku_def s = mk_sku("A", "P1", PLAN_SKU_BUY, 30);
	s.on_hand = 10;
	s.unit_cost = 10;
	add_sku(m, s);
	s.site = "P2";
	add_sku(m, s);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	add_sku(m, mk_sku("A", "W2", PLAN_SKU_TRANSFER, 0));
	const struct {
		const char *to, *from;
		double cost;
	} lanes[] = { { "W1", "P1", 2 }, { "W1", "P2", 3 }, { "W2", "P1", 2 }, { "W2", "P2", w2_p2 } };
	for (int i = 0; i < 4; i++) {
		if (!(lanes[i].cost > 0))
			continue;
		plan_lane_def l = PLAN_LANE_DEF_INIT;
		l.item = "A";
		l.site = lanes[i].to;
		l.source = lanes[i].from;
		l.transfer_days = 1;
		l.cost = lanes[i].cost;
		l.priority = i == 3 ? w2_p2_priority : 1;
		ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	}
	add_demand(m, "D1", "A", "W1", day_of("2027-01-20"), 10);
	add_demand(m, "D2", "A", "W2", day_of("2027-01-20"), 10);
	return m;
}

/* The lane (source) each demand's warehouse got A from, and the transport. */
static void deployed(plan_sourcing sourcing, plan_fair_share share, double w2_p2, double d1,
		     double d2, const char *ships, double transport, size_t nexc)
{
	char buf[256];
	plan_date due = day_of("2027-01-20");
	plan_model *m = two_warehouses(sourcing, share, w2_p2, 1);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_double_eq_tol(on_time(r, "D1", due), d1, 1e-9);
	ck_assert_double_eq_tol(on_time(r, "D2", due), d2, 1e-9);
	ck_assert_str_eq(transfers(r, buf, sizeof(buf)), ships);
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_double_eq_tol(s.transport, transport, 1e-9);
	ck_assert_uint_eq(count_exceptions(r, "deployment"), nexc);
	ck_assert_uint_eq(count_exceptions(r, "fair_share"), 0);
	plan_result_free(r);
	plan_model_free(m);
}

/* Cost: one by one, W1 from P1 (landed 12) and W2 from P2 at 8 (18): 300
 * landed, transport 100. The transportation problem (P1 and P2 10 each;
 * W1 and W2 10 each) sends P1's 10 to W2 and P2's to W1: 10 x 12 + 10 x 13
 * = 250 landed, transport 50. Service: W2 has no lane from P2, so one by
 * one it gets nothing on time; deployed, both get all 10. By priority the
 * plan stays one by one; a tie (W2 from P2 at 2: landed 12 too) is already
 * least cost. */
START_TEST(deployment_at_least_cost)
{
	deployed(PLAN_SOURCING_PRIORITY, PLAN_FAIR_SHARE_NONE, 8, 10, 10,
		 "P1 10 01-19;P2 10 01-19;", 100, 0);
	deployed(PLAN_SOURCING_COST, PLAN_FAIR_SHARE_NONE, 8, 10, 10,
		 "P2 10 01-19;P1 10 01-19;", 50, 1);
	deployed(PLAN_SOURCING_COST, PLAN_FAIR_SHARE_NONE, 2, 10, 10,
		 "P1 10 01-19;P2 10 01-19;", 40, 0);
	deployed(PLAN_SOURCING_PRIORITY, PLAN_FAIR_SHARE_NONE, 0, 10, 0,
		 "P1 10 01-19;P1 10 02-03;", 40, 0);
	deployed(PLAN_SOURCING_COST, PLAN_FAIR_SHARE_NONE, 0, 10, 10,
		 "P2 10 01-19;P1 10 01-19;", 50, 1);
	/* with fair share: nothing to share once deployed */
	deployed(PLAN_SOURCING_COST, PLAN_FAIR_SHARE_PROPORTIONAL, 0, 10, 10,
		 "P2 10 01-19;P1 10 01-19;", 50, 1);

	/* the words: the exception, and W1's lane adjustment; the same with
	 * W2's lane from P2 of priority 2 (the flow keeps both on their
	 * first priority; the costs said are landed, the priority's weight
	 * aside) */
	for (int prio = 1; prio <= 2; prio++) {
		plan_model *m = two_warehouses(PLAN_SOURCING_COST, PLAN_FAIR_SHARE_NONE, 8, prio);
		plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
		plan_exception x = PLAN_EXCEPTION_INIT;
		ck_assert(find_exception(r, "deployment", &x));
		ck_assert_int_eq(x.severity, PLAN_EXC_INFO);
		ck_assert_str_eq(x.demand, "D1");
		ck_assert_double_eq_tol(x.qty, 20, 1e-9);
		ck_assert_str_eq(x.message, "the 2 demands of A (priority 10, due in the bucket of "
					    "2027-01-18) at warehouses that share sources, deployed at least "
					    "cost: 20 on time (one by one: 20), shipped at 250 landed (one by "
					    "one: 300)");
		int lane_adj = 0;
		for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ADJUSTMENTS); i++) {
			plan_adjustment a = PLAN_ADJUSTMENT_INIT;
			ck_assert_int_eq(plan_result_get_adjustment(&a, r, i), 0);
			if (!strcmp(a.action, "lane")) {
				lane_adj++;
				ck_assert_str_eq(a.detail, "ships from P2, the lane of priority 1");
				ck_assert_str_eq(a.reason, "deployment at least cost sends the rest of P1's "
							   "supply to other warehouses");
			}
		}
		ck_assert_int_eq(lane_adj, 1);
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* Two warehouses, two sources, every lane priority 1: W1 from P1 (1 a
 * unit) or P2 (2); W2 from P1 (1) or P2 (100); A bought at both at 10.
 * Each warehouse sells 5: the plan ships all from P1 (cost 10 + 1 each).
 * Moved so that W2 takes P2's dear lane (and W1 keeps P1), the totals are
 * P1 5 and P2 5, and the least-cost flow with those totals (GLPK) ships
 * P2's 5 to W1 instead: 5 x 11 + 5 x 12 = 115 against the plan's 5 x 11 +
 * 5 x 110 = 605. */
START_TEST(verifier_finds_dearer_flow)
{
	plan_model *m = keyed("2027-02-28", PLAN_SOURCING_COST, PLAN_FAIR_SHARE_NONE);
	plan_site_def site = PLAN_SITE_DEF_INIT;
	site.site = "W2";
	ck_assert_int_eq(plan_model_add_site(m, &site), 0);
	plan_sku_def s = mk_sku("A", "P1", PLAN_SKU_BUY, 0);
	s.unit_cost = 10;
	add_sku(m, s);
	s.site = "P2";
	add_sku(m, s);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	add_sku(m, mk_sku("A", "W2", PLAN_SKU_TRANSFER, 0));
	static const struct {
		const char *to, *from;
		double cost;
	} lanes[] = { { "W1", "P1", 1 }, { "W1", "P2", 2 }, { "W2", "P1", 1 }, { "W2", "P2", 100 } };
	for (int i = 0; i < 4; i++) {
		plan_lane_def l = PLAN_LANE_DEF_INIT;
		l.item = "A";
		l.site = lanes[i].to;
		l.source = lanes[i].from;
		l.transfer_days = 1;
		l.cost = lanes[i].cost;
		ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	}
	add_demand(m, "D1", "A", "W1", day_of("2027-01-20"), 5);
	add_demand(m, "D2", "A", "W2", day_of("2027-01-20"), 5);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	/* W2's transfer onto its lane from P2 (row 3) */
	for (size_t i = 0; i < r->nord; i++)
		if (r->ord[i].kind == PLAN_ORDER_TRANSFER && r->ord[i].lane == 2)
			r->ord[i].lane = 3;
	seen v = { 0, "", "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, PLAN_VERIFY_UNCONSTRAINED, on_sourcing, &v), 0);
	/* the pairwise rule (W2's cheaper lane is not full) and the flow */
	ck_assert_uint_eq(v.n, 2);
	ck_assert_str_eq(v.last, "A, priority 1, bucket 2027-01-11: the plan's shipments cost 605 "
				 "landed; the same totals can cost 115");
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
	tcase_add_test(tc, verifier_finds_dearer_flow);
	tcase_add_test(tc, key_through_csv_and_store);
	tcase_add_test(tc, deployment_by_hand);
	tcase_add_test(tc, fair_share_proportional);
	tcase_add_test(tc, fair_share_cover);
	tcase_add_test(tc, deployment_at_least_cost);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
