/* Alternate BOMs and routings (format 1.1, format.md "Alternate BOMs and
 * routings"): the feasible plan makes by an alternate what the primary
 * cannot make on time; the unconstrained plan uses the primary. Hand-
 * computed cases, the numbers worked out beside each. Daily buckets from
 * Monday 2027-01-04 (day 0), every day a working day, P made at P1 with
 * lead time 0 (an order is made on its due day). Every plan passes
 * check_plan(), the library's verifier (which computes each order's
 * requirements and loads by its alternate) and ../shared/tools/
 * verify_plan.py where it knows the rules (it skips, exit 4, saying so). */
#include "plan-helpers.h"
#include "plan/bound.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

static void alt_step(plan_model *m, const char *alt, const char *res, double run, int priority)
{
	plan_routing_def r = PLAN_ROUTING_DEF_INIT;
	r.item = "P";
	r.site = "P1";
	r.step = "S";
	r.resource = res;
	r.run_hours = run;
	r.alternate = alt;
	r.priority = priority;
	ck_assert_int_eq(plan_model_add_routing_step(m, &r), 0);
}

static void alt_line(plan_model *m, const char *alt, const char *comp, int priority)
{
	plan_bom_def b = PLAN_BOM_DEF_INIT;
	b.parent = "P";
	b.site = "P1";
	b.component = comp;
	b.qty_per = 1;
	b.alternate = alt;
	b.priority = priority;
	ck_assert_int_eq(plan_model_add_bom_line(m, &b), 0);
}

/* P on R1 (1 h a unit) or, by alternate SLOW, on R2 (2 h a unit); both
 * 8 h a day. */
static plan_model *mk_routes(void)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_DAY);
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, 0));
	add_resource(m, "R1", "P1", 8, NULL);
	add_resource(m, "R2", "P1", 8, NULL);
	add_step(m, "P", "S", "R1", 0, 1);
	alt_step(m, "SLOW", "R2", 2, 1);
	return m;
}

static size_t count_adjustments(const plan_result *r, const char *action, const char *in_detail)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ADJUSTMENTS); i++) {
		plan_adjustment a = PLAN_ADJUSTMENT_INIT;
		ck_assert_int_eq(plan_result_get_adjustment(&a, r, i), 0);
		n += !strcmp(a.action, action) && strstr(a.detail, in_detail);
	}
	return n;
}

/* D1 and D2, 8 P each due on day 0: no earlier day to build ahead on.
 * D1 takes R1's 8 h (8 P). D2: R1 is full, so alternate SLOW on R2: 8 h
 * make 4 P on time (an `alternate` adjustment); the other 4 on R1 on day
 * 1, a day late. Unconstrained: one order of 16 on the primary, R1 loaded
 * 16 h on day 0 (an overload of 8 h). */
START_TEST(routing_alternate_when_full)
{
	plan_model *m = mk_routes();
	add_demand(m, "D1", "P", "P1", DAY(0), 8);
	add_demand(m, "D2", "P", "P1", DAY(0), 8);
	char buf[256];
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-04 8;");
	ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "01-04 4;01-05 4;");
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)), "- 04..04 8;SLOW 04..04 4;- 05..05 4;");
	ck_assert_uint_eq(count_adjustments(r, "alternate", "made by alternate SLOW"), 1);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 12, 1e-9);
	/* the bound: at least what the plan does */
	plan_bound b = PLAN_BOUND_INIT;
	ck_assert_int_eq(plan_service_bound(&b, m, NULL), 0);
	ck_assert(b.on_time_max >= 12 - 1e-6);
	plan_result_free(r);
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(orders_of(u, PLAN_ORDER_MAKE, buf, sizeof(buf)), "- 04..04 16;");
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, u), 0);
	ck_assert_double_eq_tol(s.overload_hours, 8, 1e-9);
	plan_result_free(u);
	plan_model_free(m);
}
END_TEST

/* Where an earlier day has room, the primary builds ahead first: D1, D2
 * due day 1: D1 on R1 day 1, D2 on R1 day 0 (earlier), no alternate. */
START_TEST(build_ahead_before_alternate)
{
	plan_model *m = mk_routes();
	add_demand(m, "D1", "P", "P1", DAY(1), 8);
	add_demand(m, "D2", "P", "P1", DAY(1), 8);
	char buf[256];
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)), "- 05..05 8;- 04..05 8;");
	ck_assert_uint_eq(count_adjustments(r, "alternate", ""), 0);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 16, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* P's primary BOM: 1 C1 (bought, 5 days, none in stock); alternate SUB
 * (priority 1): 1 C2 (10 in stock), on the primary routing (none of its
 * own). D1: 6 P due day 2. Constrained: C1 cannot come before day 5, so
 * SUB makes the 6 on day 2 from C2's stock (the verifier counts C2 drawn,
 * not C1). Unconstrained: the primary, C1 bought 6 released 5 days before
 * day 2 (before the start: past_due_release). */
START_TEST(bom_alternate_when_short)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_DAY);
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, 0));
	add_sku(m, mk_sku("C1", "P1", PLAN_SKU_BUY, 5));
	plan_sku_def c2 = mk_sku("C2", "P1", PLAN_SKU_BUY, 5);
	c2.on_hand = 10;
	add_sku(m, c2);
	plan_bom_def b = PLAN_BOM_DEF_INIT;
	b.parent = "P";
	b.site = "P1";
	b.component = "C1";
	b.qty_per = 1;
	ck_assert_int_eq(plan_model_add_bom_line(m, &b), 0);
	alt_line(m, "SUB", "C2", 1);
	add_demand(m, "D1", "P", "P1", DAY(2), 6);
	char buf[256];
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-06 6;");
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)), "SUB 06..06 6;");
	plan_order o[4];
	ck_assert_uint_eq(planned_of(r, "C1", "P1", o, 4), 0);
	ck_assert_uint_eq(count_adjustments(r, "alternate", "made by alternate SUB"), 1);
	plan_bound bd = PLAN_BOUND_INIT;
	ck_assert_int_eq(plan_service_bound(&bd, m, NULL), 0);
	ck_assert(bd.on_time_max >= 6 - 1e-6);
	plan_result_free(r);
	size_t notes = 0;
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, &notes);
	ck_assert_str_eq(orders_of(u, PLAN_ORDER_MAKE, buf, sizeof(buf)), "- 06..06 6;");
	ck_assert_uint_eq(planned_of(u, "C1", "P1", o, 4), 1);
	ck_assert_uint_eq(count_exceptions(u, "past_due_release"), 1);
	plan_result_free(u);
	plan_model_free(m);
}
END_TEST

/* Alternates by priority: FAST (priority 1, R3 at 1 h a unit, 4 h a day)
 * before SLOW (priority 2 here, R2 at 2 h a unit, 8 h a day). D1, 16 P due
 * day 0: R1 makes 8, FAST 4 and SLOW 4: all 16 on time. */
START_TEST(alternates_by_priority)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_DAY);
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, 0));
	add_resource(m, "R1", "P1", 8, NULL);
	add_resource(m, "R2", "P1", 8, NULL);
	add_resource(m, "R3", "P1", 4, NULL);
	add_step(m, "P", "S", "R1", 0, 1);
	alt_step(m, "SLOW", "R2", 2, 2);
	alt_step(m, "FAST", "R3", 1, 1);
	add_demand(m, "D1", "P", "P1", DAY(0), 16);
	char buf[256];
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-04 16;");
	ck_assert_str_eq(orders_of(r, PLAN_ORDER_MAKE, buf, sizeof(buf)), "- 04..04 8;FAST 04..04 4;SLOW 04..04 4;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Rows that cannot mean what they say: an alternate's BOM line without a
 * site; one alternate's rows of two priorities. */
START_TEST(bad_alternate_rows)
{
	plan_model *m = mk_routes();
	add_sku(m, mk_sku("C", "P1", PLAN_SKU_BUY, 1));
	plan_bom_def b = PLAN_BOM_DEF_INIT;
	b.parent = "P";
	b.component = "C";
	b.qty_per = 1;
	b.alternate = "X";
	ck_assert_int_eq(plan_model_add_bom_line(m, &b), 0);
	alt_line(m, "SLOW", "C", 3); /* SLOW's routing step says 1 */
	ck_assert_int_ne(plan_model_validate(m), 0);
	int site = 0, prio = 0;
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag g = PLAN_DIAG_INIT;
		ck_assert_int_eq(plan_model_get_diag(&g, m, i), 0);
		site |= strstr(g.message, "an alternate's BOM line names its site") != NULL;
		prio |= strstr(g.message, "where alternate SLOW's first row says") != NULL;
	}
	ck_assert(site && prio);
	plan_model_free(m);
}
END_TEST

/* The rows and the plan survive the CSV files and the store: orders.csv
 * names the alternate; the plan read back from the store is the same and
 * verifies (its loads on SLOW's step found by the order's alternate). */
START_TEST(written_and_read_back)
{
	plan_model *m = mk_routes();
	add_demand(m, "D1", "P", "P1", DAY(0), 8);
	add_demand(m, "D2", "P", "P1", DAY(0), 8);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char dir[] = "/tmp/libplan-alt-XXXXXX", cmd[700];
	plan_model *b = csv_written(m, r, dir);
	snprintf(cmd, sizeof(cmd), "grep -q ',planned,,SLOW$' %s/plan/orders.csv && "
		 "head -1 %s/routings.csv | grep -q ',run_hours,alternate$'", dir, dir);
	ck_assert_int_eq(system(cmd), 0); /* (priority: 1 everywhere, the default, not written) */
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	plan_model *c = NULL;
	plan_result *rb = stored_and_read(m, r, &c);
	plan_result_free(rb);
	plan_result_free(r);
	plan_model_free(c);
	plan_model_free(b);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("alternates");
	TCase *t = tcase_create("alternates");
	tcase_add_test(t, routing_alternate_when_full);
	tcase_add_test(t, build_ahead_before_alternate);
	tcase_add_test(t, bom_alternate_when_short);
	tcase_add_test(t, alternates_by_priority);
	tcase_add_test(t, bad_alternate_rows);
	tcase_add_test(t, written_and_read_back);
	suite_add_tcase(s, t);
	return run_suite(s);
}
