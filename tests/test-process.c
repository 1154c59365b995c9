/* Process and shared capacity (format 1.1, issue 19's first part):
 * resources of several units (resources.csv units) and rate-based steps
 * (routings.csv rate), by hand in both modes; the verifier holding a
 * resource to units x hours_per_day; the columns through CSV and the store;
 * a row with both a rate and run_hours refused. Start Monday 2027-01-04,
 * every day a working day. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "result/result_impl.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

/* A made at P1 in lt days from B (bought, on hand), on R of units u (8 h a
 * day each), one step: setup 0 and 1 h a unit, or (rate > 0) setup 2 and
 * rate units an hour. 60 A due DAY(7). */
static plan_model *cell(int lt, double units, double rate)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, lt));
	plan_sku_def b = mk_sku("B", "P1", PLAN_SKU_BUY, 0);
	b.on_hand = 1000;
	add_sku(m, b);
	add_line(m, "A", "B", 1);
	plan_resource_def r = PLAN_RESOURCE_DEF_INIT;
	r.resource = "R";
	r.site = "P1";
	r.hours_per_day = 8;
	r.units = units;
	ck_assert_int_eq(plan_model_add_resource(m, &r), 0);
	plan_routing_def s = PLAN_ROUTING_DEF_INIT;
	s.item = "A";
	s.site = "P1";
	s.step = "10";
	s.resource = "R";
	if (rate > 0) {
		s.setup_hours = 2;
		s.rate = rate;
	} else {
		s.run_hours = 1;
	}
	ck_assert_int_eq(plan_model_add_routing_step(m, &s), 0);
	add_demand(m, "D1", "A", "P1", DAY(7), 60);
	return m;
}

static double on_time(const plan_result *r)
{
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	return s.demands_late ? 0 : 1;
}

/* 60 h of work due 2027-01-11 (released 01-04, a 7-day lead time: eight
 * days 01-04 .. 01-11 for the loads, backward from due). One machine
 * (8 h a day) takes eight days: 8 h on 01-11 .. 01-05, 4 h on 01-04. A
 * cell of three (24 h a day) takes three: 24, 24, 12. With a lead time
 * of 2 days (three days of loads) one machine cannot (24 h of 60), three
 * can. */
START_TEST(several_units)
{
	char buf[512];
	for (int mode = 0; mode < 2; mode++) {
		plan_mode pm = mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
		plan_model *m = cell(7, 1, 0);
		plan_result *r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(loads_text(r, buf, sizeof(buf)),
				 "10/R 01-11 8;10/R 01-10 8;10/R 01-09 8;10/R 01-08 8;10/R 01-07 8;"
				 "10/R 01-06 8;10/R 01-05 8;10/R 01-04 4;");
		plan_result_free(r);
		plan_model_free(m);

		m = cell(7, 3, 0);
		r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(loads_text(r, buf, sizeof(buf)),
				 "10/R 01-11 24;10/R 01-10 24;10/R 01-09 12;");
		plan_capacity c = PLAN_CAPACITY_INIT;
		ck_assert_int_eq(plan_result_get_capacity(&c, r, 1), 0);
		ck_assert_int_eq(c.bucket, DAY(7));
		ck_assert_double_eq_tol(c.available, 7 * 24, 1e-9);
		plan_result_free(r);
		plan_model_free(m);

		m = cell(2, 3, 0);
		r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(loads_text(r, buf, sizeof(buf)),
				 "10/R 01-11 24;10/R 01-10 24;10/R 01-09 12;");
		ck_assert_double_eq(on_time(r), 1);
		plan_result_free(r);
		plan_model_free(m);
	}
	/* unconstrained, three days of one machine are overloaded (24 h
	 * offered for 60); the feasible plan builds ahead into the days before
	 * (released 01-04: a longer lead time) */
	plan_model *m = cell(2, 1, 0);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_uint_eq(count_exceptions(r, "overload"), 1); /* (one a resource and bucket) */
	plan_result_free(r);
	r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)),
			 "10/R 01-11 8;10/R 01-10 8;10/R 01-09 8;10/R 01-08 8;10/R 01-07 8;"
			 "10/R 01-06 8;10/R 01-05 8;10/R 01-04 4;");
	ck_assert_double_eq(on_time(r), 1);
	plan_result_free(r);
	plan_model_free(m);
	m = cell(2, 3, 0);
	r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_uint_eq(count_exceptions(r, "overload"), 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

typedef struct seen {
	int n;
	char first[256];
} seen;

static int on_capacity(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (!strcmp(v->rule, "capacity") && !s->n++)
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	return 0;
}

/* The verifier reads units: the three-machine plan checked against one
 * machine overloads each of its three days (24 h against 8). */
START_TEST(verifier_reads_units)
{
	plan_model *m = cell(7, 3, 0);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	((plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, 0))->units = 1;
	seen v = { 0, "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, 0, on_capacity, &v), 0);
	ck_assert_int_eq(v.n, 3);
	ck_assert_msg(strstr(v.first, "resource R on 2027-01-") && strstr(v.first, "h, offers 8 h"),
		      "%s", v.first);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A rate of 10 units an hour and a 2-hour setup: 60 A take 2 + 60 / 10 = 8
 * hours, one day of one machine (the due day). The standard cost reads
 * 1 / rate a unit: at 30 an hour, 0.1 h x 30 = 3 of labour a unit (the
 * setup outside the unit cost: no standard lot). */
START_TEST(rate_based_step)
{
	char buf[512];
	for (int mode = 0; mode < 2; mode++) {
		plan_mode pm = mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
		plan_model *m = cell(7, 1, 10);
		((plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, 0))->cost_per_hour = 30;
		plan_result *r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/R 01-11 8;");
		plan_sku_cost sc = PLAN_SKU_COST_INIT;
		for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_COSTS); i++) {
			ck_assert_int_eq(plan_result_get_cost(&sc, r, i), 0);
			if (!strcmp(sc.item, "A"))
				break;
		}
		ck_assert_str_eq(sc.item, "A");
		ck_assert_double_eq_tol(sc.labour, 3, 1e-12);
		plan_result_free(r);
		plan_model_free(m);
	}
	/* 60 in 24 days' lead: 8 h on the due day at rate 10; at rate 5,
	 * 2 + 12 = 14 h: 8 on 01-11, 6 on 01-10 */
	plan_model *m = cell(7, 1, 5);
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(loads_text(r, buf, sizeof(buf)), "10/R 01-11 8;10/R 01-10 6;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A step with both a rate and run_hours is refused, naming the column. */
START_TEST(rate_and_run_hours)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_routing_def s = PLAN_ROUTING_DEF_INIT;
	s.item = "A";
	s.site = "P1";
	s.step = "10";
	s.resource = "R";
	s.run_hours = 1;
	s.rate = 10;
	ck_assert_int_eq(plan_model_add_routing_step(m, &s), PLAN_EINVAL);
	ck_assert_ptr_nonnull(strstr(plan_model_errmsg(m), "rate"));
	ck_assert_ptr_nonnull(strstr(plan_model_errmsg(m),
				     "a rate of 10 an hour and run_hours 1: give one of them"));
	plan_model_free(m);
}
END_TEST

/* units and rate through CSV and the store; a 1.0 scenario without them
 * writes neither column. */
START_TEST(columns_through_csv_and_store)
{
	plan_model *m = cell(7, 3, 10);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char dir[] = "/tmp/libplan-process-XXXXXX", path[600];
	plan_model *back = csv_written(m, r, dir);
	snprintf(path, sizeof(path), "%s/resources.csv", dir);
	char *text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "units"));
	ck_assert_ptr_nonnull(strstr(text, "R,P1,8,,3\n"));
	free(text);
	snprintf(path, sizeof(path), "%s/routings.csv", dir);
	text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, ",rate\n"));
	ck_assert_ptr_nonnull(strstr(text, ",10\n"));
	free(text);
	remove_dir(dir);
	plan_model *stored = NULL;
	plan_result *rb = stored_and_read(back, r, &stored);
	plan_resource_def d = PLAN_RESOURCE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_resource(&d, stored, 0), 0);
	ck_assert_double_eq(d.units, 3);
	plan_routing_def s = PLAN_ROUTING_DEF_INIT;
	ck_assert_int_eq(plan_model_get_routing_step(&s, stored, 0), 0);
	ck_assert_double_eq(s.rate, 10);
	plan_result_free(rb);
	plan_model_free(stored);
	plan_model_free(back);
	plan_result_free(r);
	plan_model_free(m);

	m = mk_model(START, "2027-02-28");
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "A", "10", "R", 0, 1);
	char dir2[] = "/tmp/libplan-process-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir2));
	ck_assert_int_eq(plan_model_write_csv(m, dir2, 0), 0);
	snprintf(path, sizeof(path), "%s/resources.csv", dir2);
	text = slurp_small(path);
	ck_assert_ptr_null(strstr(text, "units"));
	free(text);
	snprintf(path, sizeof(path), "%s/routings.csv", dir2);
	text = slurp_small(path);
	ck_assert_ptr_null(strstr(text, "rate"));
	free(text);
	remove_dir(dir2);
	plan_model_free(m);
}
END_TEST

/* A made at P1 in 2 days from B (on hand), in batches of 40, with lot_min
 * and lot_max as given; demand of qty due DAY(7) and, where qty2 > 0, DAY(14). */
static plan_model *batched(double lot_min, double lot_max, double qty, double qty2)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_sku_def a = mk_sku("A", "P1", PLAN_SKU_MAKE, 2);
	a.batch_size = 40;
	a.lot_min = lot_min;
	a.lot_max = lot_max;
	add_sku(m, a);
	plan_sku_def b = mk_sku("B", "P1", PLAN_SKU_BUY, 0);
	b.on_hand = 1000;
	add_sku(m, b);
	add_line(m, "A", "B", 1);
	add_demand(m, "D1", "A", "P1", DAY(7), qty);
	if (qty2 > 0)
		add_demand(m, "D2", "A", "P1", DAY(14), qty2);
	return m;
}

/* "qty;" of each planned make order, in plan order. */
static const char *made(const plan_result *r, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		if (o.kind == PLAN_ORDER_MAKE)
			k += (size_t)snprintf(buf + k, n - k, "%g;", o.qty);
	}
	return buf;
}

static int on_batch(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (!strcmp(v->rule, "batch") && !s->n++)
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	return 0;
}

/* Batches of 40, by hand, both modes: 50 wanted is two batches (80); a
 * lot_min of 90 is three (120); 150 with a lot_max of 100 is orders of at
 * most two batches (80): 80 and 80. Two demands a week apart (50 and 10,
 * lot for lot): 80, and the 30 left of it serve the second (no order).
 * The verifier: an order of 70 is not whole batches (rule batch). */
START_TEST(whole_batches)
{
	char buf[256];
	for (int mode = 0; mode < 2; mode++) {
		plan_mode pm = mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
		plan_model *m = batched(0, PLAN_NONE, 50, 0);
		plan_result *r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(made(r, buf, sizeof(buf)), "80;");
		plan_result_free(r);
		plan_model_free(m);

		m = batched(90, PLAN_NONE, 50, 0);
		r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(made(r, buf, sizeof(buf)), "120;");
		plan_result_free(r);
		plan_model_free(m);

		m = batched(0, 100, 150, 0);
		r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(made(r, buf, sizeof(buf)), "80;80;");
		plan_result_free(r);
		plan_model_free(m);

		m = batched(0, PLAN_NONE, 50, 10);
		r = plan_verified(m, pm, NULL);
		ck_assert_str_eq(made(r, buf, sizeof(buf)), "80;");
		plan_result_free(r);
		plan_model_free(m);
	}
	plan_model *m = batched(0, PLAN_NONE, 50, 0);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	for (size_t i = 0; i < r->nord; i++)
		if (r->ord[i].kind == PLAN_ORDER_MAKE)
			r->ord[i].qty = 70;
	seen v = { 0, "" };
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, 0, on_batch, &v), 0);
	ck_assert_int_eq(v.n, 1);
	ck_assert_str_eq(v.first, "order MO000001: qty 70 of A@P1 is not a whole number of its "
				  "batches of 40");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* What a batch cannot be: on a bought SKU, below lot_max, or beside a
 * lot_multiple that is not whole batches; each names its column. */
START_TEST(batch_errors)
{
	static const struct {
		plan_sku_type type;
		double lot_max, lot_multiple;
		const char *msg;
	} bad[] = {
		{ PLAN_SKU_BUY, PLAN_NONE, PLAN_NONE, "batch_size 40 on a SKU that is not made" },
		{ PLAN_SKU_MAKE, 30, PLAN_NONE, "lot_max 30 is below batch_size 40" },
		{ PLAN_SKU_MAKE, PLAN_NONE, 60, "lot_multiple 60 is not a whole number of batches of 40" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
		plan_sku_def a = mk_sku("A", "P1", bad[i].type, 2);
		a.batch_size = 40;
		a.lot_max = bad[i].lot_max;
		a.lot_multiple = bad[i].lot_multiple;
		ck_assert_int_eq(plan_model_add_sku(m, &a), PLAN_EINVAL);
		ck_assert_msg(strstr(plan_model_errmsg(m), bad[i].msg), "%s", plan_model_errmsg(m));
		plan_model_free(m);
	}
	/* a lot_multiple of whole batches is the multiple */
	plan_model *m = batched(0, PLAN_NONE, 50, 0);
	((plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, 0))->lot_multiple = 120;
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	char buf[64];
	ck_assert_str_eq(made(r, buf, sizeof(buf)), "120;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A caller built for the earlier versions passes a version 2 resource
 * and step: units is 1 and rate none (what lies past them never read). */
START_TEST(earlier_versions)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	plan_resource_def r = PLAN_RESOURCE_DEF_INIT;
	r.version = 2;
	r.resource = "R";
	r.site = "P1";
	r.hours_per_day = 8;
	r.units = 7; /* past a version 2 struct */
	ck_assert_int_eq(plan_model_add_resource(m, &r), 0);
	plan_routing_def s = PLAN_ROUTING_DEF_INIT;
	s.version = 2;
	s.item = "A";
	s.site = "P1";
	s.step = "10";
	s.resource = "R";
	s.run_hours = 1;
	s.rate = 10; /* likewise: no conflict with run_hours */
	ck_assert_int_eq(plan_model_add_routing_step(m, &s), 0);
	plan_resource_def gr = PLAN_RESOURCE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_resource(&gr, m, 0), 0);
	ck_assert_double_eq(gr.units, 1);
	plan_routing_def gs = PLAN_ROUTING_DEF_INIT;
	ck_assert_int_eq(plan_model_get_routing_step(&gs, m, 0), 0);
	ck_assert_double_eq(gs.rate, PLAN_NONE);
	ck_assert_double_eq(gs.run_hours, 1);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("process");
	TCase *tc = tcase_create("process");
	tcase_add_test(tc, several_units);
	tcase_add_test(tc, verifier_reads_units);
	tcase_add_test(tc, rate_based_step);
	tcase_add_test(tc, rate_and_run_hours);
	tcase_add_test(tc, columns_through_csv_and_store);
	tcase_add_test(tc, earlier_versions);
	tcase_add_test(tc, whole_batches);
	tcase_add_test(tc, batch_errors);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
