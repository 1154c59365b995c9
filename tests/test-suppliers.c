/* Suppliers (format 1.1, format.md "Suppliers"): a bought SKU's vendors,
 * by priority, split by share (the unconstrained plan), capped per bucket,
 * each with its own lead time and lots. Hand-computed cases, the numbers
 * worked out beside each. Daily buckets from Monday 2027-01-04 (day 0),
 * every day a working day unless a case says otherwise. Every plan passes
 * check_plan(), the library's verifier and ../shared/tools/verify_plan.py
 * (which skips a scenario with suppliers.csv, exit 4, saying so). */
#include "plan-helpers.h"
#include "plan/bound.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

static plan_model *mk(void)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_DAY);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_BUY, 5));
	return m;
}

static void add_vendor(plan_model *m, const char *name, int priority, double share, int lead,
		       double lot_min, double lot_multiple, double max)
{
	plan_supplier_def d = PLAN_SUPPLIER_DEF_INIT;
	d.item = "A";
	d.site = "W1";
	d.supplier = name;
	d.priority = priority;
	d.share = share;
	d.lead_time = lead;
	d.lot_min = lot_min;
	d.lot_multiple = lot_multiple;
	d.max_per_bucket = max;
	ck_assert_int_eq(plan_model_add_supplier(m, &d), 0);
}

/* S1 and S2 of priority 1 share A 0.6 / 0.4; S1 in 2 working days, S2 in
 * 4 and by 5. D1: 20 A due day 10 (01-14).
 * Unconstrained: 20 x 0.6 = 12 from S1, released 01-12; 8 from S2, a
 * multiple of 5: 10, released 01-10 (2 stay in stock).
 * Constrained: by priority, then file order (shares split the
 * unconstrained plan's lots only): S1 takes all 20, released 01-12. */
START_TEST(split_by_share)
{
	plan_model *m = mk();
	add_vendor(m, "S1", 1, 0.6, 2, 0, PLAN_NONE, PLAN_NONE);
	add_vendor(m, "S2", 1, 0.4, 4, 0, 5, PLAN_NONE);
	add_demand(m, "D1", "A", "W1", DAY(10), 20);
	char buf[256];
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(orders_of(u, PLAN_ORDER_BUY, buf, sizeof(buf)), "S1 12..14 12;S2 10..14 10;");
	plan_result_free(u);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_BUY, buf, sizeof(buf)), "S1 12..14 20;");
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-14 20;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* S1 (priority 1, 1 day, at most 10 a bucket) and S2 (priority 2, 1 day,
 * no limit). D1: 25 A due day 2 (01-06).
 * Constrained: S1's 10 released day 1 for day 2; its bucket full, 10 more
 * a bucket earlier (released day 0 for day 1, an earlier lever); day 0's
 * bucket is the first: the last 5 from S2, released day 1 (a lane
 * lever, "bought from S2"). D1 on time.
 * Unconstrained: one lot of 25 for day 2: S1 takes 10 (its limit in the
 * bucket of day 1), S2 the other 15. */
START_TEST(limit_then_earlier_then_next)
{
	plan_model *m = mk();
	add_vendor(m, "S1", 1, PLAN_NONE, 1, 0, PLAN_NONE, 10);
	add_vendor(m, "S2", 2, PLAN_NONE, 1, 0, PLAN_NONE, PLAN_NONE);
	add_demand(m, "D1", "A", "W1", DAY(2), 25);
	char buf[256];
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-06 25;");
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_BUY, buf, sizeof(buf)), "S1 04..05 10;S1 05..06 10;S2 05..06 5;");
	size_t lane = 0, earlier = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ADJUSTMENTS); i++) {
		plan_adjustment a = PLAN_ADJUSTMENT_INIT;
		ck_assert_int_eq(plan_result_get_adjustment(&a, r, i), 0);
		lane += !strcmp(a.action, "lane") && strstr(a.detail, "bought from S2");
		earlier += !strcmp(a.action, "earlier") && strstr(a.reason, "supplier S1");
	}
	ck_assert_uint_eq(lane, 1);
	ck_assert_uint_eq(earlier, 1);
	/* the service bound knows the suppliers' lead times (1 day, not the
	 * SKU's 5): all 25 on time, as the plan delivers */
	plan_bound b = PLAN_BOUND_INIT;
	ck_assert_int_eq(plan_service_bound(&b, m, NULL), 0);
	ck_assert_double_eq_tol(b.on_time_max, 25, 1e-6);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 25, 1e-9);
	plan_result_free(r);
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(orders_of(u, PLAN_ORDER_BUY, buf, sizeof(buf)), "S1 05..06 10;S2 05..06 15;");
	plan_result_free(u);
	plan_model_free(m);
}
END_TEST

/* S1 alone, at least 30 an order: D1 (12 A, day 6) gets an order of 30 in
 * both plans; the 18 beyond stay in stock (the feasible plan's trim keeps
 * the minimum). */
START_TEST(lot_min_kept)
{
	plan_model *m = mk();
	add_vendor(m, "S1", 1, PLAN_NONE, 1, 30, PLAN_NONE, PLAN_NONE);
	add_demand(m, "D1", "A", "W1", DAY(6), 12);
	char buf[256];
	for (int mode = 0; mode < 2; mode++) {
		plan_result *r = plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED,
					       NULL);
		ck_assert_str_eq(orders_of(r, PLAN_ORDER_BUY, buf, sizeof(buf)), "S1 09..10 30;");
		plan_result_free(r);
	}
	plan_model_free(m);
}
END_TEST

/* A supplier on its own calendar: S1 works Monday to Friday, 2 days. D1
 * due Tuesday 01-12 (day 8): released Friday 01-08 (Friday and Monday are
 * its two working days before Tuesday). */
START_TEST(supplier_calendar)
{
	plan_model *m = mk();
	plan_calendar_def c = PLAN_CALENDAR_DEF_INIT;
	c.calendar = "MF";
	c.weekdays = "1111100";
	ck_assert_int_eq(plan_model_add_calendar(m, &c), 0);
	plan_supplier_def d = PLAN_SUPPLIER_DEF_INIT;
	d.item = "A";
	d.site = "W1";
	d.supplier = "S1";
	d.lead_time = 2;
	d.calendar = "MF";
	ck_assert_int_eq(plan_model_add_supplier(m, &d), 0);
	add_demand(m, "D1", "A", "W1", DAY(8), 4);
	char buf[256];
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_BUY, buf, sizeof(buf)), "S1 08..12 4;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Only S1, at most 10 a bucket: the unconstrained plan buys 25 from it
 * for day 2 anyway (supplier_over_limit, critical); by the feasible
 * plan's rules that is a violation of rule supplier, a note by the
 * unconstrained plan's. */
START_TEST(over_limit_unconstrained)
{
	plan_model *m = mk();
	add_vendor(m, "S1", 1, PLAN_NONE, 1, 0, PLAN_NONE, 10);
	add_demand(m, "D1", "A", "W1", DAY(2), 25);
	size_t notes = 0;
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, &notes);
	ck_assert_uint_eq(count_exceptions(u, "supplier_over_limit"), 1);
	ck_assert_uint_ge(notes, 1);
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, u, 0, NULL, NULL), 0);
	ck_assert_uint_eq(n.violations, 1);
	plan_result_free(u);
	/* the feasible plan: 10 for day 2, 10 for day 1, and the rest late */
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char buf[256];
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-06 20;01-07 5;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Bad rows: suppliers of a SKU that is not bought, an unknown calendar. */
START_TEST(bad_supplier_rows)
{
	plan_model *m = mk();
	add_sku(m, mk_sku("B", "W1", PLAN_SKU_MAKE, 1));
	plan_supplier_def d = PLAN_SUPPLIER_DEF_INIT;
	d.item = "B";
	d.site = "W1";
	d.supplier = "S1";
	ck_assert_int_eq(plan_model_add_supplier(m, &d), 0);
	d.item = "A";
	d.calendar = "NOPE";
	ck_assert_int_eq(plan_model_add_supplier(m, &d), 0);
	ck_assert_int_ne(plan_model_validate(m), 0);
	int bought = 0, cal = 0;
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag g = PLAN_DIAG_INIT;
		ck_assert_int_eq(plan_model_get_diag(&g, m, i), 0);
		bought |= strstr(g.message, "suppliers belong to bought SKUs") != NULL;
		cal |= strstr(g.message, "unknown calendar \"NOPE\"") != NULL;
	}
	ck_assert(bought && cal);
	plan_model_free(m);
}
END_TEST

/* The supplier of the first planned buy order. */
static const char *order_supplier(const plan_result *r)
{
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		if (o.kind == PLAN_ORDER_BUY && o.origin == PLAN_ORIGIN_PLANNED)
			return o.supplier;
	}
	return NULL;
}

/* orders.csv names each buy order's supplier; a scenario without
 * suppliers writes orders.csv as 1.0 did. The model and the plan survive
 * the CSV files and the store. */
START_TEST(written_and_read_back)
{
	plan_model *m = mk();
	add_vendor(m, "S1", 1, PLAN_NONE, 1, 0, 5, PLAN_NONE);
	add_demand(m, "D1", "A", "W1", DAY(6), 12);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char dir[] = "/tmp/libplan-sup-XXXXXX", cmd[512];
	plan_model *b = csv_written(m, r, dir);
	snprintf(cmd, sizeof(cmd), "head -1 %s/plan/orders.csv | grep -q ',origin,supplier,alternate$' && "
		 "grep -q ',S1,$' %s/plan/orders.csv && head -1 %s/suppliers.csv | "
		 "grep -q '^item,site,supplier,priority,share,lead_time,lot_min,lot_multiple'", dir,
		 dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	plan_result *rb = plan_verified(b, PLAN_MODE_CONSTRAINED, NULL);
	same_plans(r, rb);
	plan_result_free(rb);
	plan_model *c = NULL;
	rb = stored_and_read(m, r, &c);
	ck_assert_str_eq(order_supplier(rb), "S1");
	plan_result_free(rb);
	plan_model_free(c);
	plan_model_free(b);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("suppliers");
	TCase *t = tcase_create("suppliers");
	tcase_add_test(t, split_by_share);
	tcase_add_test(t, limit_then_earlier_then_next);
	tcase_add_test(t, lot_min_kept);
	tcase_add_test(t, supplier_calendar);
	tcase_add_test(t, over_limit_unconstrained);
	tcase_add_test(t, bad_supplier_rows);
	tcase_add_test(t, written_and_read_back);
	suite_add_tcase(s, t);
	return run_suite(s);
}
