/* Firm planned and released orders (format 1.1, format.md "Firm planned
 * and released orders"). Hand-computed cases, the numbers worked out
 * beside each. Daily buckets from Monday 2027-01-04 (day 0), every day a
 * working day (no calendar). Every plan that keeps the rules passes
 * check_plan(), the library's verifier and ../shared/tools/verify_plan.py
 * (which skips a scenario with receipts.csv status, exit 4, saying so);
 * where firm orders ask for more than there is, the plan is infeasible:
 * its critical exceptions and the verifier's violations say where. */
#include "plan-helpers.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

static plan_model *mk(void)
{
	return mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_DAY);
}

/* P made at P1 (lead time lead) on R (8 h a day): step S, setup h and 1 h
 * a unit. */
static plan_model *mk_p(int lead, double setup)
{
	plan_model *m = mk();
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, lead));
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "P", "S", "R", setup, 1);
	return m;
}

static void add_rec(plan_model *m, const char *id, const char *item, const char *site,
		    plan_receipt_kind kind, plan_receipt_status status, plan_date due, double qty,
		    plan_date release, const char *source)
{
	plan_receipt_def r = PLAN_RECEIPT_DEF_INIT;
	r.id = id;
	r.item = item;
	r.site = site;
	r.kind = kind;
	r.status = status;
	r.due = due;
	r.qty = qty;
	r.release = release;
	r.source = source;
	ck_assert_int_eq(plan_model_add_receipt(m, &r), 0);
}

static void add_op(plan_model *m, const char *receipt, const char *step, const char *res, double h)
{
	plan_operation_def o = PLAN_OPERATION_DEF_INIT;
	o.receipt = receipt;
	o.step = step;
	o.resource = res;
	o.remaining_hours = h;
	ck_assert_int_eq(plan_model_add_operation(m, &o), 0);
}

/* The loads of order `id` as "MM-DD hours;" in plan order. */
static const char *loads_of(const plan_result *r, const char *id, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_LOADS); i++) {
		plan_load l = PLAN_LOAD_INIT;
		ck_assert_int_eq(plan_result_get_load(&l, r, i), 0);
		if (strcmp(l.order_id, id))
			continue;
		char d[11];
		plan_date_format(d, l.date);
		k += (size_t)snprintf(buf + k, n - k, "%s %g;", d + 5, l.hours);
	}
	return buf;
}

static plan_order order_named(const plan_result *r, const char *id)
{
	plan_order o = PLAN_ORDER_INIT;
	long i = order_index(r, id);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(plan_result_get_order(&o, r, (size_t)i), 0);
	return o;
}

/* Rules the verifier finds broken, by name ("stock capacity "). */
typedef struct broken {
	char rules[256];
	size_t n;
} broken;

static int note_broken(void *ctx, const plan_violation *v)
{
	broken *b = ctx;
	if (!v->hard)
		return 0;
	b->n++;
	if (!strstr(b->rules, v->rule) && strlen(b->rules) + strlen(v->rule) + 2 < sizeof(b->rules)) {
		strcat(b->rules, v->rule);
		strcat(b->rules, " ");
	}
	return 0;
}

/* P (make, lead time 0, 1 h a unit on R, 8 h a day) from 2 C (bought,
 * lead time 1, 20 on hand). Firm F1: 8 P due day 3, released day 3 (lead
 * time 0). D1 and D2: 8 P each, due day 3.
 * Constrained: F1 first: day 3's 8 h, 16 C of the 20 on hand. D1 (first
 * in file order) gets F1's 8 on day 3. D2: day 3 is full: built ahead on
 * day 2 (8 h); its 16 C by day 2: the 4 left on hand and a purchase of 12
 * released day 1, due day 2. Both on time.
 * Unconstrained: F1 covers 8 of the 16 due day 3; one planned order of 8
 * on day 3 (8 h more on R that day: an overload of 8 h); C: 16 + 16 - 20
 * = 12 bought, due day 3. */
START_TEST(firm_takes_capacity_first)
{
	plan_model *m = mk();
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, 0));
	plan_sku_def c = mk_sku("C", "P1", PLAN_SKU_BUY, 1);
	c.on_hand = 20;
	add_sku(m, c);
	add_line(m, "P", "C", 2);
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "P", "S", "R", 0, 1);
	add_rec(m, "F1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, DAY(3), 8,
		PLAN_DATE_NONE, NULL);
	add_demand(m, "D1", "P", "P1", DAY(3), 8);
	add_demand(m, "D2", "P", "P1", DAY(3), 8);
	char buf[256];

	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	plan_order f = order_named(u, "F1");
	ck_assert_int_eq(f.origin, PLAN_ORIGIN_FIRM);
	ck_assert(f.release == DAY(3) && f.due == DAY(3));
	ck_assert_str_eq(loads_of(u, "F1", buf, sizeof(buf)), "01-07 8;");
	plan_order o[4];
	ck_assert_uint_eq(planned_of(u, "P", "P1", o, 4), 1);
	ck_assert_double_eq_tol(o[0].qty, 8, 1e-9);
	ck_assert_uint_eq(planned_of(u, "C", "P1", o, 4), 1);
	ck_assert_double_eq_tol(o[0].qty, 12, 1e-9);
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, u), 0);
	ck_assert_uint_eq(s.overloads, 1);
	ck_assert_double_eq_tol(s.overload_hours, 8, 1e-9);
	plan_result_free(u);

	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-07 8;");
	ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "01-07 8;");
	ck_assert_str_eq(loads_of(r, "F1", buf, sizeof(buf)), "01-07 8;");
	ck_assert_uint_eq(planned_of(r, "P", "P1", o, 4), 1);
	ck_assert_str_eq(loads_of(r, o[0].id, buf, sizeof(buf)), "01-06 8;");
	ck_assert_uint_eq(planned_of(r, "C", "P1", o, 4), 1);
	ck_assert(o[0].release == DAY(1) && o[0].due == DAY(2));
	ck_assert_double_eq_tol(o[0].qty, 12, 1e-9);
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_str_eq(s.status, "on_time");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A firm order with no demand: F1, 5 P due day 4, lead time 2: released
 * day 2 (2 working days back), needing 10 C then; C bought with lead time
 * 1 and nothing on hand: one purchase of 10 released day 1, due day 2, in
 * both plans (the constrained plan keeps it: it serves the firm order).
 * Netting never changes F1; it says what it would do: the unconstrained
 * plan's action message `cancel` (nothing needs it). */
START_TEST(firm_draws_components)
{
	plan_model *m = mk();
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, 2));
	add_sku(m, mk_sku("C", "P1", PLAN_SKU_BUY, 1));
	add_line(m, "P", "C", 2);
	add_rec(m, "F1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, DAY(4), 5,
		PLAN_DATE_NONE, NULL);
	for (int mode = 0; mode < 2; mode++) {
		plan_result *r = plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED,
					       NULL);
		plan_order f = order_named(r, "F1");
		ck_assert(f.release == DAY(2) && f.due == DAY(4));
		ck_assert_double_eq_tol(f.qty, 5, 1e-9);
		plan_order o[4];
		ck_assert_uint_eq(planned_of(r, "C", "P1", o, 4), 1);
		ck_assert(o[0].release == DAY(1) && o[0].due == DAY(2));
		ck_assert_double_eq_tol(o[0].qty, 10, 1e-9);
		ck_assert_uint_eq(planned_of(r, "P", "P1", o, 4), 0);
		if (!mode) {
			plan_exception x = PLAN_EXCEPTION_INIT;
			ck_assert(find_exception(r, "cancel", &x));
			ck_assert_str_eq(x.order, "F1");
		}
		plan_result_free(r);
	}
	plan_model_free(m);
}
END_TEST

/* F1 released on day 1 as given (due day 4) needs 10 C; 4 on hand, C
 * bought 3 days ahead (the first new C comes on day 3). The constrained
 * plan keeps F1 and says so: firm_short (critical) for 3 of its 5 (4 of
 * 10 C: 2 P), status infeasible, and the verifier finds C's stock below
 * zero on day 1 (rule stock). plan_run() still returns the plan. */
START_TEST(firm_short_is_infeasible)
{
	plan_model *m = mk();
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, 2));
	plan_sku_def c = mk_sku("C", "P1", PLAN_SKU_BUY, 3);
	c.on_hand = 4;
	add_sku(m, c);
	add_line(m, "P", "C", 2);
	add_rec(m, "F1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, DAY(4), 5, DAY(1),
		NULL);
	plan_result *r = NULL;
	plan_run_options opt = PLAN_RUN_OPTIONS_INIT;
	opt.mode = PLAN_MODE_CONSTRAINED;
	ck_assert_int_eq(plan_run(&r, m, &opt), 0);
	ck_assert_uint_eq(count_exceptions(r, "firm_short"), 1);
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(r, "firm_short", &x));
	ck_assert_int_eq(x.severity, PLAN_EXC_CRITICAL);
	ck_assert_double_eq_tol(x.qty, 3, 1e-9);
	ck_assert_str_eq(x.order, "F1");
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_str_eq(s.status, "infeasible");
	broken b = { "", 0 };
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, note_broken, &b), 0);
	ck_assert_str_eq(b.rules, "stock ");
	plan_order f = order_named(r, "F1");
	ck_assert(f.release == DAY(1) && f.due == DAY(4));
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* WO1, a released work order of 4 P due day 2 (components drawn), has 12 h
 * of step S left on R (8 h a day): loaded first, day 0 8 h, day 1 4 h. D1
 * (4 P, due day 2) gets WO1. D2 (8 P due day 1): day 0 is full, day 1 has
 * 4 h: 4 on day 1, the other 4 on day 2 (late). Unconstrained, D2's order
 * of 8 on day 1 overloads R by 4 h that day. */
START_TEST(released_operations_load_first)
{
	plan_model *m = mk_p(0, 0);
	add_rec(m, "WO1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_RELEASED, DAY(2), 4,
		PLAN_DATE_NONE, NULL);
	add_op(m, "WO1", "S", "R", 12);
	add_demand(m, "D1", "P", "P1", DAY(2), 4);
	add_demand(m, "D2", "P", "P1", DAY(1), 8);
	char buf[256];
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(loads_of(u, "WO1", buf, sizeof(buf)), "01-04 8;01-05 4;");
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, u), 0);
	ck_assert_double_eq_tol(s.overload_hours, 4, 1e-9);
	plan_result_free(u);

	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_int_eq(order_named(r, "WO1").origin, PLAN_ORIGIN_RELEASED);
	ck_assert_str_eq(loads_of(r, "WO1", buf, sizeof(buf)), "01-04 8;01-05 4;");
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-06 4;");
	ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "01-05 4;01-06 4;");
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 8, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* 30 h left of WO1 due day 1 on R (8 h a day): 8 h on day 0, 8 h on day 1
 * and the other 14 h on day 1 too: R overloaded by 14 h on 01-05 in both
 * plans; the constrained plan is infeasible (rule capacity). */
START_TEST(released_overload_is_infeasible)
{
	plan_model *m = mk_p(0, 0);
	add_rec(m, "WO1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_RELEASED, DAY(1), 4,
		PLAN_DATE_NONE, NULL);
	add_op(m, "WO1", "S", "R", 30);
	plan_result *r = NULL;
	plan_run_options opt = PLAN_RUN_OPTIONS_INIT;
	opt.mode = PLAN_MODE_CONSTRAINED;
	ck_assert_int_eq(plan_run(&r, m, &opt), 0);
	char buf[256];
	ck_assert_str_eq(loads_of(r, "WO1", buf, sizeof(buf)), "01-04 8;01-05 8;01-05 14;");
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_str_eq(s.status, "infeasible");
	ck_assert_double_eq_tol(s.overload_hours, 14, 1e-9);
	broken b = { "", 0 };
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, note_broken, &b), 0);
	ck_assert_str_eq(b.rules, "capacity ");
	ck_assert_uint_eq(b.n, 1);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A firm transfer T1 of 6 A from P1 to W1 due day 4 on a lane of 2 days
 * (released day 2), at most 7 a day. A@P1 bought 1 day ahead. D1: 8 A at
 * W1 due day 4: T1's 6, and 2 more shipped: day 2's lane has 1 left (7 -
 * 6: T1 took its room first), so 1 ships on day 2 and 1 on day 1
 * (arriving day 3, an earlier bucket); A@P1: 7 bought for day 2 (T1's 6
 * and 1), 1 for day 1. D1 on time. */
START_TEST(firm_transfer_takes_lane_room)
{
	plan_model *m = mk();
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_BUY, 1));
	add_lane(m, "A", "W1", "P1", 1, PLAN_NONE, 2, 7);
	add_rec(m, "T1", "A", "W1", PLAN_RECEIPT_TRANSFER, PLAN_RECEIPT_FIRM, DAY(4), 6,
		PLAN_DATE_NONE, "P1");
	add_demand(m, "D1", "A", "W1", DAY(4), 8);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char buf[256];
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-08 8;");
	plan_order t = order_named(r, "T1");
	ck_assert(t.release == DAY(2) && t.due == DAY(4));
	ck_assert_str_eq(t.source, "P1");
	plan_order o[4];
	ck_assert_uint_eq(planned_of(r, "A", "W1", o, 4), 2);
	ck_assert(o[0].release == DAY(1) && o[0].due == DAY(3));
	ck_assert_double_eq_tol(o[0].qty, 1, 1e-9);
	ck_assert(o[1].release == DAY(2) && o[1].due == DAY(4));
	ck_assert_double_eq_tol(o[1].qty, 1, 1e-9);
	ck_assert_uint_eq(planned_of(r, "A", "P1", o, 4), 2);
	ck_assert(o[0].due == DAY(1) && o[1].due == DAY(2));
	ck_assert_double_eq_tol(o[0].qty, 1, 1e-9);
	ck_assert_double_eq_tol(o[1].qty, 7, 1e-9);
	plan_result_free(r);
	plan_result *u = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert(order_named(u, "T1").release == DAY(2));
	plan_result_free(u);
	plan_model_free(m);
}
END_TEST

/* Receipts that cannot mean what they say: each an error naming its cell. */
START_TEST(bad_firm_rows)
{
	static const struct {
		plan_receipt_kind kind;
		plan_receipt_status status;
		int release; /* days, -1: none */
		const char *source, *expect;
	} bad[] = {
		{ PLAN_RECEIPT_PURCHASE, PLAN_RECEIPT_RELEASED, -1, NULL, "kind must be production" },
		{ PLAN_RECEIPT_PURCHASE, PLAN_RECEIPT_SCHEDULED, 2, NULL, "this receipt is not firm" },
		{ PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, 9, NULL, "is after due" },
		{ PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, -1, NULL, "not made there" },
		{ PLAN_RECEIPT_TRANSFER, PLAN_RECEIPT_FIRM, -1, "P2", "no lane of sourcing.csv" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		plan_model *m = mk();
		add_sku(m, mk_sku("A", "W1", PLAN_SKU_BUY, 1));
		add_sku(m, mk_sku("A", "P2", PLAN_SKU_BUY, 1));
		plan_receipt_def r = PLAN_RECEIPT_DEF_INIT;
		r.id = "X";
		r.item = "A";
		r.site = "W1";
		r.kind = bad[i].kind;
		r.status = bad[i].status;
		r.due = DAY(4);
		r.qty = 1;
		r.release = bad[i].release >= 0 ? DAY(bad[i].release) : PLAN_DATE_NONE;
		r.source = bad[i].source;
		int rc = plan_model_add_receipt(m, &r);
		if (rc == 0)
			rc = plan_model_validate(m);
		ck_assert_int_ne(rc, 0);
		ck_assert_msg(strstr(plan_model_errmsg(m), bad[i].expect) ||
			      (plan_model_validate(m) && strstr(plan_model_errmsg(m), bad[i].expect)),
			      "case %zu: %s", i, plan_model_errmsg(m));
		plan_model_free(m);
	}
	/* operations: of a released work order, on a resource at its site */
	plan_model *m = mk();
	add_sku(m, mk_sku("P", "P1", PLAN_SKU_MAKE, 0));
	add_resource(m, "R", "P1", 8, NULL);
	add_resource(m, "Q", "W1", 8, NULL);
	add_rec(m, "S1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_SCHEDULED, DAY(2), 4,
		PLAN_DATE_NONE, NULL);
	add_rec(m, "WO1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_RELEASED, DAY(2), 4,
		PLAN_DATE_NONE, NULL);
	add_op(m, "S1", "S", "R", 1);
	add_op(m, "WO1", "S", "Q", 1);
	add_op(m, "W9", "S", "R", 1);
	ck_assert_int_ne(plan_model_validate(m), 0);
	size_t errors = 0;
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag d = PLAN_DIAG_INIT;
		ck_assert_int_eq(plan_model_get_diag(&d, m, i), 0);
		errors += d.severity == PLAN_SEVERITY_ERROR;
	}
	ck_assert_uint_eq(errors, 3);
	plan_model_free(m);
}
END_TEST

/* The rows survive the trip through CSV files: written back with status
 * and release where set, and operations.csv; a scenario without them is
 * written without those columns (1.0). */
START_TEST(csv_round_trip)
{
	plan_model *m = mk_p(1, 0);
	add_rec(m, "F1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, DAY(4), 5, DAY(2),
		NULL);
	add_rec(m, "WO1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_RELEASED, DAY(2), 4,
		PLAN_DATE_NONE, NULL);
	add_op(m, "WO1", "S", "R", 3.5);
	ck_assert_int_eq(plan_model_validate(m), 0);
	char dir[] = "/tmp/libplan-firm-XXXXXX";
	plan_model *b = csv_written(m, NULL, dir);
	plan_receipt_def r = PLAN_RECEIPT_DEF_INIT;
	ck_assert_int_eq(plan_model_get_receipt(&r, b, 0), 0);
	ck_assert_int_eq(r.status, PLAN_RECEIPT_FIRM);
	ck_assert(r.release == DAY(2));
	plan_operation_def op = PLAN_OPERATION_DEF_INIT;
	ck_assert_int_eq(plan_model_get_operation(&op, b, 0), 0);
	ck_assert_str_eq(op.receipt, "WO1");
	ck_assert_double_eq(op.remaining_hours, 3.5);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "head -1 %s/receipts.csv | grep -q ',status,release$'", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	plan_model_free(b);
	plan_model_free(m);
}
END_TEST

/* The HDF5 store carries status, release and operations.csv, and a plan
 * with firm and released orders comes back as it was stored. */
START_TEST(store_round_trip)
{
	plan_model *m = mk_p(1, 1);
	add_sku(m, mk_sku("C", "P1", PLAN_SKU_BUY, 1));
	add_line(m, "P", "C", 2);
	add_rec(m, "F1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, DAY(4), 5, DAY(2),
		NULL);
	add_rec(m, "WO1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_RELEASED, DAY(2), 4,
		PLAN_DATE_NONE, NULL);
	add_op(m, "WO1", "S", "R", 3.5);
	add_demand(m, "D1", "P", "P1", DAY(6), 12);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	plan_model *b = NULL;
	plan_result *rb = stored_and_read(m, r, &b);
	ck_assert_int_eq(order_named(rb, "F1").origin, PLAN_ORIGIN_FIRM);
	ck_assert_int_eq(order_named(rb, "WO1").origin, PLAN_ORIGIN_RELEASED);
	plan_result_free(rb);
	plan_result_free(r);
	plan_model_free(b);
	plan_model_free(m);
}
END_TEST

/* A session's repair after an emergency block keeps firm and released
 * orders' dates: F1 (5 P released day 2, due day 4, 1 h setup + 1 h a
 * unit: 6 h on R, 8 h a day) is booked on day 4; R goes down on days 4
 * and 5: F1's 6 h move to day 3, within its window, its dates unchanged;
 * WO1's 3.5 h of operation S stay on day 0. The repaired plan verifies,
 * and a full replan books F1 the same. */
START_TEST(session_keeps_firm_orders)
{
	plan_model *m = mk_p(1, 1);
	add_rec(m, "F1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_FIRM, DAY(4), 5, DAY(2),
		NULL);
	add_rec(m, "WO1", "P", "P1", PLAN_RECEIPT_PRODUCTION, PLAN_RECEIPT_RELEASED, DAY(2), 4,
		PLAN_DATE_NONE, NULL);
	add_op(m, "WO1", "S", "R", 3.5);
	add_demand(m, "D1", "P", "P1", DAY(8), 12);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	char buf[256];
	ck_assert_str_eq(loads_of(plan_session_result(s), "F1", buf, sizeof(buf)), "01-08 6;");
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "E1";
	b.resource = "R";
	b.start = DAY(4);
	b.end = DAY(5);
	b.kind = PLAN_MAINT_EMERGENCY;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, NULL, NULL), 0);
	const plan_result *r = plan_session_result(s);
	ck_assert_str_eq(loads_of(r, "F1", buf, sizeof(buf)), "01-07 6;");
	ck_assert_str_eq(loads_of(r, "WO1", buf, sizeof(buf)), "01-04 3.5;");
	ck_assert_int_eq(check_plan(m, r), 0);
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, print_violation, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	plan_result *full = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(loads_of(full, "F1", buf, sizeof(buf)), "01-07 6;");
	ck_assert(order_named(full, "F1").release == DAY(2));
	ck_assert(order_named(r, "F1").release == DAY(2) && order_named(r, "F1").due == DAY(4));
	plan_result_free(full);
	/* R down for the whole of F1's window (days 2 to 4): F1 keeps its
	 * dates and loads its 6 h anyway, on day 4 (where most is left, the
	 * latest on a tie), said as critical: the plan is infeasible */
	b.id = "E2";
	b.start = DAY(2);
	b.end = DAY(3);
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, NULL, NULL), 0);
	r = plan_session_result(s);
	ck_assert(order_named(r, "F1").release == DAY(2) && order_named(r, "F1").due == DAY(4));
	ck_assert_str_eq(loads_of(r, "F1", buf, sizeof(buf)), "01-08 6;");
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(r, "firm_short", &x));
	ck_assert_str_eq(x.order, "F1");
	plan_summary sum = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&sum, r), 0);
	ck_assert_str_eq(sum.status, "infeasible");
	broken bb = { "", 0 };
	n = (plan_verify_counts)PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, note_broken, &bb), 0);
	ck_assert_str_eq(bb.rules, "capacity ");
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("firm");
	TCase *t = tcase_create("firm");
	tcase_add_test(t, firm_takes_capacity_first);
	tcase_add_test(t, firm_draws_components);
	tcase_add_test(t, firm_short_is_infeasible);
	tcase_add_test(t, released_operations_load_first);
	tcase_add_test(t, released_overload_is_infeasible);
	tcase_add_test(t, firm_transfer_takes_lane_room);
	tcase_add_test(t, bad_firm_rows);
	tcase_add_test(t, csv_round_trip);
	tcase_add_test(t, store_round_trip);
	tcase_add_test(t, session_keeps_firm_orders);
	suite_add_tcase(s, t);
	return run_suite(s);
}
