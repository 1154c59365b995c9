/* Repairs (plan/session.h): after an emergency block, the local repair keeps
 * every rule and gives the verdict of a full replan; the exact replay gives,
 * order for order, the plan a full replan of the changed model makes; a new
 * demand or a closed lane plans again; the changes reported are those
 * between the plans; every repaired plan passes the library's verifier and
 * ../shared/tools/verify_plan.py (when beside the repository). Generated
 * scenarios (bench/gen.c) of many seeds, and hand-built cases. */
#include "plan-helpers.h"
#include "gen.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

/* A generated scenario; size "tiny-v11": tiny in format 1.1 (whole units,
 * fences, forecast consumption). */
static plan_model *generated(uint64_t seed, const char *size)
{
	gen_params p;
	int v11 = !strcmp(size, "tiny-v11");
	ck_assert_int_eq(gen_preset(&p, v11 ? "tiny" : size), 0);
	p.seed = seed;
	p.v11 = v11;
	plan_model *m = NULL;
	ck_assert_int_eq(gen_model(&m, &p), 0);
	return m;
}

static plan_result *full_plan(plan_model *m)
{
	plan_result *r = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	ck_assert_int_eq(plan_run(&r, m, &o), 0);
	return r;
}

static void feasible_ok(const plan_model *m, const plan_result *r)
{
	ck_assert_int_eq(check_plan(m, r), 0);
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, print_violation, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	adjustments_add_up(r);
	verify_outside(m, r);
}

/* The k-th busiest resource of a plan (by hours loaded), and its busiest day. */
static const char *busy_resource(const plan_result *r, int k, plan_date *day)
{
	static char name[80];
	double best[8] = { 0 };
	const char *who[8] = { NULL };
	plan_date when[8] = { 0 };
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_CAPACITY); i++) {
		plan_capacity c = PLAN_CAPACITY_INIT;
		plan_result_get_capacity(&c, r, i);
		int dup = 0;
		for (int j = 0; j < 8; j++)
			dup |= who[j] && !strcmp(who[j], c.resource);
		if (dup)
			continue;
		for (int j = 0; j < 8; j++)
			if (c.loaded > best[j]) {
				memmove(best + j + 1, best + j, (size_t)(7 - j) * sizeof(*best));
				memmove(who + j + 1, who + j, (size_t)(7 - j) * sizeof(*who));
				memmove(when + j + 1, when + j, (size_t)(7 - j) * sizeof(*when));
				best[j] = c.loaded;
				who[j] = c.resource;
				when[j] = c.bucket;
				break;
			}
	}
	ck_assert_ptr_nonnull(who[k]);
	snprintf(name, sizeof(name), "%s", who[k]);
	*day = when[k];
	return name;
}

#define DIFF_KINDS (PLAN_DIFF_ON_TIME_AGAIN + 1)

/* The stats' count of changes of kind k. */
static size_t by_kind(const plan_repair_stats *st, plan_diff_kind k)
{
	switch (k) {
	case PLAN_DIFF_MOVED: return st->moved;
	case PLAN_DIFF_REROUTED: return st->rerouted;
	case PLAN_DIFF_LEFT_OUT: return st->left_out;
	case PLAN_DIFF_BACK: return st->back;
	case PLAN_DIFF_NEWLY_LATE: return st->newly_late;
	case PLAN_DIFF_LATER: return st->later;
	case PLAN_DIFF_ON_TIME_AGAIN: return st->on_time_again;
	}
	return (size_t)-1;
}

typedef struct tally {
	size_t n[DIFF_KINDS];
} tally;

static int count_diff(void *ctx, const plan_diff *d)
{
	tally *t = ctx;
	ck_assert_int_lt(d->kind, DIFF_KINDS);
	t->n[d->kind]++;
	if (d->kind <= PLAN_DIFF_BACK)
		ck_assert_ptr_nonnull(d->order);
	else
		ck_assert_ptr_nonnull(d->demand);
	return 0;
}

START_TEST(block_repair_equals_replan)
{
	/* a block of 3..9 days over a busy resource's busiest week, every
	 * hour lost or half of them, sometimes with another resource as the
	 * alternate */
	uint64_t seed = 500 + (uint64_t)_i;
	const char *size = _i % 5 == 4 ? "small" : "tiny";
	plan_model *m = generated(seed, size);
	plan_session *s = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	ck_assert_int_eq(plan_session_new(&s, m, &o), 0);
	ck_assert_int_eq(plan_session_set_exact(s, 1), 0);
	plan_date day;
	char res[80];
	snprintf(res, sizeof(res), "%s", busy_resource(plan_session_result(s), _i % 3, &day));
	plan_date alt_day;
	char alt[80];
	snprintf(alt, sizeof(alt), "%s", busy_resource(plan_session_result(s), 3 + _i % 3, &alt_day));
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "EMERGENCY-1";
	b.resource = res;
	b.start = day + (_i % 4);
	b.end = b.start + 2 + (_i % 7);
	b.kind = PLAN_MAINT_EMERGENCY;
	b.capacity_factor = _i % 2 ? 0.5 : 0;
	b.alt_resource = _i % 3 == 1 ? alt : NULL;
	b.alt_factor = 1.25;
	tally t;
	memset(&t, 0, sizeof(t));
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	int rc = plan_session_add_block(&st, s, &b, count_diff, &t);
	if (rc)
		dump_diags(m);
	ck_assert_msg(rc == 0, "add_block: %s", plan_model_errmsg(m));
	ck_assert_int_eq(st.replanned, 1);
	for (int k = 0; k < DIFF_KINDS; k++)
		ck_assert_uint_eq(by_kind(&st, (plan_diff_kind)k), t.n[k]);
	const plan_result *rep = plan_session_result(s);
	feasible_ok(m, rep);
	plan_summary sum = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&sum, rep);
	/* the whole plan was made again */
	ck_assert_uint_eq(st.rescheduled, sum.planned_orders);
	/* the same model planned from scratch */
	plan_model *m2 = generated(seed, size);
	ck_assert_int_eq(plan_model_add_maintenance(m2, &b), 0);
	plan_result *full = full_plan(m2);
	same_plans(rep, full);
	plan_result_free(full);
	plan_model_free(m2);
	/* a second block on top of the first */
	b.id = "EMERGENCY-2";
	b.resource = alt;
	b.alt_resource = NULL;
	b.start = alt_day;
	b.end = alt_day + 4;
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, NULL, NULL), 0);
	m2 = generated(seed, size);
	plan_maintenance_def b1 = b;
	b1.id = "EMERGENCY-1";
	b1.resource = res;
	b1.start = day + (_i % 4);
	b1.end = b1.start + 2 + (_i % 7);
	b1.capacity_factor = _i % 2 ? 0.5 : 0;
	b1.alt_resource = _i % 3 == 1 ? alt : NULL;
	b1.alt_factor = 1.25;
	ck_assert_int_eq(plan_model_add_maintenance(m2, &b1), 0);
	ck_assert_int_eq(plan_model_add_maintenance(m2, &b), 0);
	full = full_plan(m2);
	same_plans(plan_session_result(s), full);
	feasible_ok(m, plan_session_result(s));
	plan_result_free(full);
	plan_model_free(m2);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

/* The local repair (the default): the plan keeps every rule, its verdict
 * is the full replan's, what it reports as moved is what differs, and it
 * schedules again no more than the orders it reaches. */
START_TEST(block_local_repair)
{
	uint64_t seed = 900 + (uint64_t)_i;
	const char *size = _i >= 15 ? "tiny-v11" : _i % 5 == 4 ? "small" : "tiny";
	plan_model *m = generated(seed, size);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	plan_summary before = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&before, plan_session_result(s));
	plan_date day, alt_day;
	char res[80], alt[80];
	snprintf(res, sizeof(res), "%s", busy_resource(plan_session_result(s), _i % 3, &day));
	snprintf(alt, sizeof(alt), "%s", busy_resource(plan_session_result(s), 3 + _i % 3, &alt_day));
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "EMERGENCY-1";
	b.resource = res;
	b.start = day + (_i % 4);
	b.end = b.start + 2 + (_i % 7);
	b.kind = PLAN_MAINT_EMERGENCY;
	b.capacity_factor = _i % 2 ? 0.5 : 0;
	b.alt_resource = _i % 3 == 1 ? alt : NULL;
	b.alt_factor = 1.25;
	tally t;
	memset(&t, 0, sizeof(t));
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, count_diff, &t), 0);
	for (int k = 0; k < DIFF_KINDS; k++)
		ck_assert_uint_eq(by_kind(&st, (plan_diff_kind)k), t.n[k]);
	const plan_result *rep = plan_session_result(s);
	feasible_ok(m, rep);
	ck_assert_uint_le(st.moved + st.left_out, st.rescheduled);
	ck_assert_uint_lt(st.rescheduled, before.planned_orders + 1);
	plan_model *m2 = generated(seed, size);
	ck_assert_int_eq(plan_model_add_maintenance(m2, &b), 0);
	plan_result *full = full_plan(m2);
	plan_summary x = PLAN_SUMMARY_INIT, y = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&x, rep);
	plan_result_get_summary(&y, full);
	ck_assert_str_eq(x.status, y.status);
	plan_result_free(full);
	plan_model_free(m2);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

START_TEST(block_absorbed_by_alternate)
{
	/* the block names R2, which has the room: the order moves to R2, keeps
	 * its dates; nothing is late, as in a full replan */
	plan_model *m = mk_a_on_r(NULL, PLAN_NONE);
	add_resource(m, "R2", "P1", 8, NULL);
	add_demand(m, "D1", "A", "P1", DAY(7), 10);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "MB-2";
	b.resource = "R";
	b.start = DAY(0);
	b.end = DAY(7);
	b.kind = PLAN_MAINT_EMERGENCY;
	b.alt_resource = "R2";
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, NULL, NULL), 0);
	ck_assert_uint_eq(st.rerouted, 1);
	ck_assert_uint_eq(st.moved, 0);
	ck_assert_uint_eq(st.newly_late, 0);
	plan_summary sum = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&sum, plan_session_result(s));
	ck_assert_str_eq(sum.status, "on_time");
	feasible_ok(m, plan_session_result(s));
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

typedef struct named {
	char left_out[40];
	size_t newly_late;
} named;

static int note_diff(void *ctx, const plan_diff *d)
{
	named *n = ctx;
	if (d->kind == PLAN_DIFF_LEFT_OUT)
		snprintf(n->left_out, sizeof(n->left_out), "%s", d->order ? d->order : "?");
	n->newly_late += d->kind == PLAN_DIFF_NEWLY_LATE;
	return 0;
}

START_TEST(block_leaves_order_out)
{
	/* R stops for the whole year: A's order cannot be made, it is left out
	 * (the plan is patched where it is); B's order keeps its id; D1 is
	 * short and the repair says so */
	plan_model *m = mk_a_on_r(NULL, PLAN_NONE);
	add_sku(m, mk_sku("B", "P1", PLAN_SKU_BUY, 2));
	add_demand(m, "D1", "A", "P1", DAY(7), 10);
	add_demand(m, "D2", "B", "P1", DAY(14), 5);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	plan_order a[2], b[2];
	ck_assert_uint_eq(planned_of(plan_session_result(s), "A", "P1", a, 2), 1);
	ck_assert_uint_eq(planned_of(plan_session_result(s), "B", "P1", b, 2), 1);
	char a_id[40], b_id[40];
	snprintf(a_id, sizeof(a_id), "%s", a[0].id);
	snprintf(b_id, sizeof(b_id), "%s", b[0].id);
	plan_maintenance_def blk = PLAN_MAINTENANCE_DEF_INIT;
	blk.id = "MB-YEAR";
	blk.resource = "R";
	blk.start = DAY(0);
	blk.end = DAY(400);
	blk.kind = PLAN_MAINT_EMERGENCY;
	named n;
	memset(&n, 0, sizeof(n));
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &blk, note_diff, &n), 0);
	ck_assert_uint_eq(st.left_out, 1);
	ck_assert_str_eq(n.left_out, a_id);
	ck_assert_uint_eq(n.newly_late, 1);
	const plan_result *r = plan_session_result(s);
	ck_assert_uint_eq(planned_of(r, "A", "P1", a, 2), 0);
	ck_assert_uint_eq(planned_of(r, "B", "P1", b, 2), 1);
	ck_assert_str_eq(b[0].id, b_id);
	plan_summary sum = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&sum, r);
	ck_assert_double_eq_tol(sum.qty_short, 10, 1e-9);
	feasible_ok(m, r);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

START_TEST(block_cuts_a_part)
{
	/* horizon to 2027-01-31 (last day DAY(27)); R (8 h a day, 1 h a unit,
	 * lead time 1) blocked until DAY(24): D1 (10, due DAY(10)) gets 8 made
	 * on DAY(25) and 2 on DAY(26), D2 (20, due DAY(11)) 6 on DAY(26) and 8
	 * on DAY(27), four orders, 6 short. An emergency stop on DAY(26)..
	 * DAY(27) leaves DAY(25), which the first order fills: the other three
	 * can be made nowhere by the horizon's end and are left out, each named
	 * in a short adjustment; the first keeps its id and its dates; D1 gets
	 * 8 and D2 nothing: 22 short */
	plan_model *m = mk_cut_by_horizon();
	add_demand(m, "D1", "A", "P1", DAY(10), 10);
	add_demand(m, "D2", "A", "P1", DAY(11), 20);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	plan_order a[5];
	char buf[200];
	ck_assert_uint_eq(planned_of(plan_session_result(s), "A", "P1", a, 5), 4);
	ck_assert_str_eq(deliveries(plan_session_result(s), "D1", buf, sizeof(buf)), "01-29 8;01-30 2;");
	ck_assert_str_eq(deliveries(plan_session_result(s), "D2", buf, sizeof(buf)), "01-30 6;01-31 8;");
	char a_id[40];
	snprintf(a_id, sizeof(a_id), "%s", a[0].id);
	plan_maintenance_def blk = PLAN_MAINTENANCE_DEF_INIT;
	blk.id = "MB-E";
	blk.resource = "R";
	blk.start = DAY(26);
	blk.end = DAY(27);
	blk.kind = PLAN_MAINT_EMERGENCY;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &blk, NULL, NULL), 0);
	ck_assert_uint_eq(st.moved, 0);
	ck_assert_uint_eq(st.left_out, 3);
	ck_assert_uint_eq(st.rescheduled, 3);
	ck_assert_uint_eq(st.newly_late, 0);
	ck_assert_uint_eq(st.later, 1); /* D1 late before, short now; D2 short before */
	const plan_result *r = plan_session_result(s);
	ck_assert_uint_eq(planned_of(r, "A", "P1", a, 5), 1);
	ck_assert_str_eq(a[0].id, a_id);
	ck_assert_double_eq_tol(a[0].qty, 8, 1e-9);
	ck_assert_int_eq(a[0].release, DAY(24));
	ck_assert_int_eq(a[0].due, DAY(25));
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-29 8;");
	ck_assert_str_eq(deliveries(r, "D2", buf, sizeof(buf)), "");
	size_t left_out = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ADJUSTMENTS); i++) {
		plan_adjustment x = PLAN_ADJUSTMENT_INIT;
		plan_result_get_adjustment(&x, r, i);
		if (strstr(x.detail, "left out")) {
			left_out++;
			ck_assert_ptr_null(x.order);
			ck_assert_str_eq(x.action, "short");
			ck_assert_ptr_nonnull(strstr(x.reason, "R blocked by emergency maintenance MB-E"));
		}
	}
	ck_assert_uint_eq(left_out, 3);
	plan_summary sum = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&sum, r);
	ck_assert_double_eq_tol(sum.qty_short, 22, 1e-9);
	feasible_ok(m, r);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

START_TEST(block_moves_a_part_later)
{
	/* A on R (8 h a day, 1 h a unit), lead time 1; 20 due DAY(7): 16 made
	 * on DAY(6)..DAY(7), the other 4 built ahead on DAY(5), in an order of
	 * their own. An emergency stop DAY(0)..DAY(5) takes DAY(5): that order
	 * cannot be made in its window nor earlier, so it is made on DAY(8)
	 * (released DAY(7), its lead time back) and keeps its id. A second
	 * stop on DAY(8) moves it to DAY(9). Nothing else is scheduled again;
	 * each plan has a full replan's deliveries, verdict and lateness */
	plan_model *m = mk_a_on_r(NULL, PLAN_NONE);
	add_demand(m, "D1", "A", "P1", DAY(7), 20);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	const plan_result *r0 = plan_session_result(s);
	plan_order a[3];
	ck_assert_uint_eq(planned_of(r0, "A", "P1", a, 3), 2);
	ck_assert_int_eq(a[0].release, DAY(6));
	ck_assert_int_eq(a[1].release, DAY(5));
	char ids[2][40];
	for (int k = 0; k < 2; k++)
		snprintf(ids[k], sizeof(ids[k]), "%s", a[k].id);
	static const plan_date stop[2][2] = { { 0, 5 }, { 8, 8 } };
	static const char *const got[2] = { "01-11 16;01-12 4;", "01-11 16;01-13 4;" };
	for (int k = 0; k < 2; k++) {
		plan_maintenance_def blk = PLAN_MAINTENANCE_DEF_INIT;
		blk.id = k ? "MB-E2" : "MB-E1";
		blk.resource = "R";
		blk.start = DAY(stop[k][0]);
		blk.end = DAY(stop[k][1]);
		blk.kind = PLAN_MAINT_EMERGENCY;
		plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
		ck_assert_int_eq(plan_session_add_block(&st, s, &blk, NULL, NULL), 0);
		ck_assert_uint_eq(st.rescheduled, 1);
		ck_assert_uint_eq(st.moved, 1);
		ck_assert_uint_eq(st.left_out, 0);
		ck_assert_uint_eq(st.replanned, 0);
		const plan_result *r = plan_session_result(s);
		ck_assert_uint_eq(planned_of(r, "A", "P1", a, 3), 2);
		ck_assert_str_eq(a[0].id, ids[0]);
		ck_assert_double_eq_tol(a[0].qty, 16, 1e-9);
		ck_assert_int_eq(a[0].release, DAY(6));
		ck_assert_int_eq(a[0].due, DAY(7));
		ck_assert_str_eq(a[1].id, ids[1]);
		ck_assert_double_eq_tol(a[1].qty, 4, 1e-9);
		ck_assert_int_eq(a[1].due, DAY(8 + k));
		ck_assert_int_eq(a[1].release, DAY(7 + k));
		char buf[200];
		ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), got[k]);
		feasible_ok(m, r);
		plan_result *full = full_plan(m);
		plan_summary x = PLAN_SUMMARY_INIT, y = PLAN_SUMMARY_INIT;
		plan_result_get_summary(&x, r);
		plan_result_get_summary(&y, full);
		ck_assert_str_eq(x.status, y.status);
		ck_assert_double_eq_tol(x.lateness_days, 1 + k, 1e-9);
		ck_assert_double_eq_tol(y.lateness_days, 1 + k, 1e-9);
		ck_assert_str_eq(deliveries(full, "D1", buf, sizeof(buf)), got[k]);
		plan_result_free(full);
	}
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

START_TEST(block_delays_the_chain)
{
	/* A (lead time 1, 1 h a unit on RA) made of C (lead time 1, 1 h a
	 * unit on RC), 8 a day each; 8 A due DAY(7): C made on DAY(5) (due
	 * DAY(5), released DAY(4)), A on DAY(6)..DAY(7). An emergency stop of
	 * RC on DAY(0)..DAY(6) moves C's order to DAY(7), so A's order waits
	 * for it: made on DAY(8), released DAY(7); D1 gets its 8 a day late.
	 * Both orders keep their ids; both are reported moved, D1 newly late */
	plan_model *m = mk_model(START, NULL);
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 1));
	add_sku(m, mk_sku("C", "P1", PLAN_SKU_MAKE, 1));
	add_line(m, "A", "C", 1);
	add_resource(m, "RA", "P1", 8, NULL);
	add_resource(m, "RC", "P1", 8, NULL);
	add_step(m, "A", "10", "RA", 0, 1);
	add_step(m, "C", "10", "RC", 0, 1);
	add_demand(m, "D1", "A", "P1", DAY(7), 8);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	plan_order a[2], c[2];
	ck_assert_uint_eq(planned_of(plan_session_result(s), "A", "P1", a, 2), 1);
	ck_assert_uint_eq(planned_of(plan_session_result(s), "C", "P1", c, 2), 1);
	char a_id[40], c_id[40], buf[200];
	snprintf(a_id, sizeof(a_id), "%s", a[0].id);
	snprintf(c_id, sizeof(c_id), "%s", c[0].id);
	ck_assert_int_le(c[0].due, a[0].release);
	ck_assert_str_eq(deliveries(plan_session_result(s), "D1", buf, sizeof(buf)), "01-11 8;");
	plan_maintenance_def blk = PLAN_MAINTENANCE_DEF_INIT;
	blk.id = "MB-C";
	blk.resource = "RC";
	blk.start = DAY(0);
	blk.end = DAY(6);
	blk.kind = PLAN_MAINT_EMERGENCY;
	tally t;
	memset(&t, 0, sizeof(t));
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &blk, count_diff, &t), 0);
	ck_assert_uint_eq(st.replanned, 0);
	ck_assert_uint_eq(st.rescheduled, 2);
	ck_assert_uint_eq(st.moved, 2);
	ck_assert_uint_eq(st.newly_late, 1);
	const plan_result *r = plan_session_result(s);
	ck_assert_uint_eq(planned_of(r, "C", "P1", c, 2), 1);
	ck_assert_str_eq(c[0].id, c_id);
	ck_assert_int_eq(c[0].due, DAY(7));
	ck_assert_uint_eq(planned_of(r, "A", "P1", a, 2), 1);
	ck_assert_str_eq(a[0].id, a_id);
	ck_assert_int_eq(a[0].release, DAY(7));
	ck_assert_int_eq(a[0].due, DAY(8));
	ck_assert_str_eq(deliveries(r, "D1", buf, sizeof(buf)), "01-12 8;");
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(r, "late_demand", &x));
	ck_assert_ptr_nonnull(strstr(x.message, "D1 late 1 day "));
	ck_assert_ptr_nonnull(strstr(x.message, "RC blocked by emergency maintenance MB-C"));
	feasible_ok(m, r);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

START_TEST(exact_replay_renumbers_pieces)
{
	/* A on RA and B on RB (8 h a day, 1 h a unit, lead time 1), each
	 * blocked by planned maintenance DAY(0)..DAY(5), 20 of each due DAY(7),
	 * A's demand first: both orders are split (16 on time, 4 a day late),
	 * A's new order numbered before B's. An emergency stop of RA for the
	 * year leaves A out: the exact replay copies B's split (RB unchanged),
	 * whose new order now has another number; its loads and messages follow
	 * it, and the plan is, order for order, a full replan's */
	plan_model *m = mk_model(START, NULL);
	const char *item[2] = { "A", "B" }, *res[2] = { "RA", "RB" }, *dem[2] = { "D-A", "D-B" };
	for (int k = 0; k < 2; k++) {
		add_sku(m, mk_sku(item[k], "P1", PLAN_SKU_MAKE, 1));
		add_resource(m, res[k], "P1", 8, NULL);
		add_step(m, item[k], "10", res[k], 0, 1);
		add_block(m, k ? "MB-B" : "MB-A", res[k], DAY(0), DAY(5), 0, NULL, 1, PLAN_MAINT_PLANNED);
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		d.id = dem[k];
		d.item = item[k];
		d.site = "P1";
		d.due = DAY(7);
		d.qty = 20;
		d.priority = 1 + k;
		ck_assert_int_eq(plan_model_add_demand(m, &d), 0);
	}
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	ck_assert_int_eq(plan_session_set_exact(s, 1), 0);
	plan_order o[3];
	char buf[200];
	for (int k = 0; k < 2; k++) {
		ck_assert_uint_eq(planned_of(plan_session_result(s), item[k], "P1", o, 3), 2);
		ck_assert_str_eq(deliveries(plan_session_result(s), dem[k], buf, sizeof(buf)),
				 "01-11 16;01-12 4;");
	}
	plan_maintenance_def blk = PLAN_MAINTENANCE_DEF_INIT;
	blk.id = "MB-E";
	blk.resource = "RA";
	blk.start = DAY(0);
	blk.end = DAY(400);
	blk.kind = PLAN_MAINT_EMERGENCY;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &blk, NULL, NULL), 0);
	const plan_result *r = plan_session_result(s);
	ck_assert_uint_eq(planned_of(r, "A", "P1", o, 3), 0);
	ck_assert_uint_eq(planned_of(r, "B", "P1", o, 3), 2);
	ck_assert_str_eq(deliveries(r, "D-B", buf, sizeof(buf)), "01-11 16;01-12 4;");
	/* B's second order has its loads: 4 h on DAY(8) */
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_LOADS); i++) {
		plan_load l = PLAN_LOAD_INIT;
		plan_result_get_load(&l, r, i);
		if (l.date == DAY(8)) {
			ck_assert_str_eq(l.order_id, o[1].id);
			ck_assert_double_eq_tol(l.hours, 4, 1e-9);
		} else {
			ck_assert_str_eq(l.order_id, o[0].id);
		}
	}
	feasible_ok(m, r);
	plan_result *full = full_plan(m);
	same_plans(r, full);
	plan_result_free(full);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

START_TEST(demand_and_lane_replan)
{
	plan_model *m = generated(700 + (uint64_t)_i, "tiny");
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	/* a rush order for the item of the first demand, due in week 2 */
	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	ck_assert_int_eq(plan_model_get_demand(&d, m, 0), 0);
	plan_demand_def rush = d;
	rush.id = "RUSH-1";
	rush.qty = d.qty * 3;
	rush.priority = 1;
	plan_horizon h = PLAN_HORIZON_INIT;
	plan_model_get_horizon(&h, m);
	rush.due = h.start + 10;
	tally t;
	memset(&t, 0, sizeof(t));
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_demand(&st, s, &rush, count_diff, &t), 0);
	ck_assert_int_eq(st.replanned, 1);
	feasible_ok(m, plan_session_result(s));
	plan_model *m2 = generated(700 + (uint64_t)_i, "tiny");
	ck_assert_int_eq(plan_model_add_demand(m2, &rush), 0);
	plan_result *full = full_plan(m2);
	same_plans(plan_session_result(s), full);
	plan_result_free(full);
	/* close the first lane */
	plan_lane_def l = PLAN_LANE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_lane(&l, m, 0), 0);
	char item[80], site[80], src[80];
	snprintf(item, sizeof(item), "%s", l.item);
	snprintf(site, sizeof(site), "%s", l.site);
	snprintf(src, sizeof(src), "%s", l.source);
	ck_assert_int_eq(plan_session_close_lane(&st, s, item, site, src, count_diff, &t), 0);
	feasible_ok(m, plan_session_result(s));
	ck_assert_int_eq(plan_session_close_lane(NULL, s, item, site, "NOWHERE", NULL, NULL), PLAN_EINVAL);
	plan_model_free(m2);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

START_TEST(block_makes_demand_late)
{
	/* A made on R (8 h a day, 1 h a unit, lead time 1), 10 due Monday
	 * 11th: on time. An emergency block of R from start to the 11th
	 * without alternate: the order moves to the 12th-13th; the repair
	 * reports the order moved and D1 newly late, due 13th */
	plan_model *m = mk_a_on_r(NULL, PLAN_NONE);
	add_demand(m, "D1", "A", "P1", DAY(7), 10);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	plan_summary sum = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&sum, plan_session_result(s));
	ck_assert_str_eq(sum.status, "on_time");
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "MB-9";
	b.resource = "R";
	b.start = DAY(0);
	b.end = DAY(7);
	b.kind = PLAN_MAINT_EMERGENCY;
	tally t;
	memset(&t, 0, sizeof(t));
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, count_diff, &t), 0);
	ck_assert_uint_eq(st.moved, 1);
	ck_assert_uint_eq(st.newly_late, 1);
	ck_assert_uint_eq(st.rescheduled, 1);
	plan_result_get_summary(&sum, plan_session_result(s));
	ck_assert_str_eq(sum.status, "late");
	ck_assert_double_eq_tol(sum.lateness_days, 2, 1e-9);
	feasible_ok(m, plan_session_result(s));
	/* a block on an unknown resource changes nothing */
	b.resource = "NOPE";
	ck_assert_int_eq(plan_session_add_block(NULL, s, &b, NULL, NULL), PLAN_EINVAL);
	ck_assert_ptr_nonnull(strstr(plan_model_errmsg(m), "unknown resource \"NOPE\""));
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

/* tests/data/fuzz-repair-crumb (from fuzz-plan): an emergency block at
 * half capacity over January; the repair took an order of 1 down to 3e-9
 * (its threshold for none was 1e-9): now none, and the repaired plan
 * keeps every rule (it broke rule "order" before). */
START_TEST(repair_leaves_no_crumb)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/fuzz-repair-crumb"), NULL), 0);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "FUZZ-E";
	b.resource = "R0";
	b.start = day_of("2027-01-04");
	b.end = day_of("2027-01-30");
	b.kind = PLAN_MAINT_EMERGENCY;
	b.capacity_factor = 0.5;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, NULL, NULL), 0);
	const plan_result *r = plan_session_result(s);
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		ck_assert_msg(o.qty > 1e-6, "order %s: %g", o.id, o.qty);
	}
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, print_violation, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("repair");
	TCase *tc = tcase_create("repair");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, block_makes_demand_late);
	tcase_add_test(tc, repair_leaves_no_crumb);
	tcase_add_loop_test(tc, block_repair_equals_replan, 0, 15);
	tcase_add_loop_test(tc, block_local_repair, 0, 21); /* 15..20: format 1.1 */
	tcase_add_test(tc, block_absorbed_by_alternate);
	tcase_add_test(tc, block_leaves_order_out);
	tcase_add_test(tc, block_cuts_a_part);
	tcase_add_test(tc, block_moves_a_part_later);
	tcase_add_test(tc, block_delays_the_chain);
	tcase_add_test(tc, exact_replay_renumbers_pieces);
	tcase_add_loop_test(tc, demand_and_lane_replan, 0, 3);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
