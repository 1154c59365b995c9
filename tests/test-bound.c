/* The service bound (plan/bound.h): hand-computed cases where the most any
 * feasible plan can deliver on time is known, and the property that no
 * feasible plan the library makes beats it, on generated scenarios.
 * Each case also states what the feasible plan of today delivers on time
 * (where it falls short of the bound is what issue 17 is about), and what
 * the demand-driven planner (libplan/feasible/demand.c) delivers: the bound
 * itself in every hand case, with the deliveries a planner would make, no
 * hour loaded for what serves no delivery, and every rule kept. */
#include "plan-helpers.h"

#include "gen.h"
#include "pipeline/pipeline.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

static double bound_by(plan_model *m, int period_days)
{
	plan_bound b = PLAN_BOUND_INIT;
	plan_bound_options o = PLAN_BOUND_OPTIONS_INIT;
	o.period_days = period_days;
	int rc = plan_service_bound(&b, m, &o);
	ck_assert_msg(rc == 0, "bound: %s", plan_model_errmsg(m));
	ck_assert_uint_gt(b.rows, 0);
	ck_assert_uint_gt(b.cols, 0);
	ck_assert_int_eq(b.period_days, period_days ? period_days : 1);
	return b.on_time_max;
}

/* The bound day by day; by weeks it may only be higher (it relaxes more),
 * never lower. */
static double bound_of(plan_model *m)
{
	double day = bound_by(m, 0), week = bound_by(m, 7);
	ck_assert_msg(week >= day - 1e-6 * (1 + day), "by weeks %g, by days %g", week, day);
	return day;
}

/* The feasible plan's on-time quantity (the plan checked as every plan of
 * the tests is). */
static double on_time_of(plan_model *m)
{
	plan_result *r = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	ck_assert_int_eq(plan_run(&r, m, &o), 0);
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, NULL, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	double q = plan_result_on_time_qty(r);
	plan_result_free(r);
	return q;
}

/* The demand-driven plan, verified (the library's verifier, the tests'
 * own check of stock and loads, and ../shared/tools/verify_plan.py where
 * it is), with no dead load, and the same plan when made again, with two
 * threads netting (levels of 256 SKUs or more use them). */
static plan_result *demand_driven(plan_model *m)
{
	plan_result *r = NULL, *again = NULL;
	plan_run_options two = PLAN_RUN_OPTIONS_INIT;
	two.threads = 2;
	int rc = plan_pipeline__demand_driven(&r, m, NULL);
	ck_assert_msg(rc == 0, "demand-driven: %s", plan_model_errmsg(m));
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, NULL, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	ck_assert_int_eq(check_plan(m, r), 0);
	verify_outside(m, r);
	ck_assert_double_eq_tol(plan_result_dead_hours(r), 0, 1e-6);
	ck_assert_int_eq(plan_pipeline__demand_driven(&again, m, &two), 0);
	same_plans(r, again);
	plan_result_free(again);
	return r;
}

/* What demand id receives in r from day `from` to day `to`. */
static double delivered(const plan_result *r, const char *id, plan_date from, plan_date to)
{
	double q = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_DELIVERIES); i++) {
		plan_delivery d = PLAN_DELIVERY_INIT;
		ck_assert_int_eq(plan_result_get_delivery(&d, r, i), 0);
		if (!strcmp(d.demand, id) && d.date >= from && d.date <= to)
			q += d.qty;
	}
	return q;
}

/* The adjustments of r with action `action` whose reason holds `why`. */
static size_t levers(const plan_result *r, const char *action, const char *why)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ADJUSTMENTS); i++) {
		plan_adjustment a = PLAN_ADJUSTMENT_INIT;
		ck_assert_int_eq(plan_result_get_adjustment(&a, r, i), 0);
		n += !strcmp(a.action, action) && strstr(a.reason, why) != NULL;
	}
	return n;
}

/* The demand-driven plan's on-time quantity is b, the bound. */
static plan_result *demand_driven_at(plan_model *m, double b)
{
	plan_result *r = demand_driven(m);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), b, 1e-6);
	return r;
}

/* A hand case whose best is `best`: the bound is it, today's plan is no
 * better, the demand-driven plan (returned) reaches it. */
static plan_result *best_is(plan_model *m, double best)
{
	ck_assert_double_eq_tol(bound_of(m), best, 1e-6);
	ck_assert(on_time_of(m) <= best + 1e-6);
	return demand_driven_at(m, best);
}

/* A demand at P1 with a priority. */
static void add_prio_demand(plan_model *m, const char *id, const char *item, plan_date due,
			    double qty, int priority)
{
	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	d.id = id;
	d.item = item;
	d.site = "P1";
	d.due = due;
	d.qty = qty;
	d.priority = priority;
	ck_assert_int_eq(plan_model_add_demand(m, &d), 0);
}

/* A made at P1 on R (hours a day), one hour a unit, lead time 0. */
static plan_model *a_on_r(double hours)
{
	plan_model *m = mk_model(START, "2027-02-28");
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 0));
	add_resource(m, "R", "P1", hours, NULL);
	add_step(m, "A", "10", "R", 0, 1);
	return m;
}

/* Two demands of 10 due on day 1 compete for 8 hours a day: an order due
 * on day t loads [t, t] (lead time 0), so days 0 and 1 make 16 by day 1. */
START_TEST(competing_demands)
{
	plan_model *m = a_on_r(8);
	add_prio_demand(m, "D1", "A", DAY(1), 10, 1);
	add_prio_demand(m, "D2", "A", DAY(1), 10, 2);
	/* the first priority first: D1 all 10 on time, D2 the 6 hours left,
	 * its other 4 on day 2 */
	plan_result *r = best_is(m, 16);
	ck_assert_double_eq_tol(delivered(r, "D1", DAY(0), DAY(1)), 10, 1e-9);
	ck_assert_double_eq_tol(delivered(r, "D2", DAY(0), DAY(1)), 6, 1e-9);
	ck_assert_double_eq_tol(delivered(r, "D2", DAY(2), DAY(2)), 4, 1e-9);
	/* D2's late part: an order made later, because R was full */
	ck_assert_uint_eq(levers(r, "later", "R"), 1);
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(r, "late_demand", &x));
	ck_assert_msg(strstr(x.message, "D2 late 1 day ") && strstr(x.message, "R"), "%s", x.message);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Priority before quantity: D1 (priority 1) wants 32 by day 2, and days
 * 0-2 make 24; D2 (priority 2) wants 16 by day 4. D1's other 8 are made on
 * day 3, the earliest they can be, before D2 is asked for: D2 gets day 4's
 * 8 on time and the rest on day 5. Any plan could put 40 on time (D2 first
 * on days 3-4, D1's rest on day 5), at the price of D1 three days late:
 * a demand of higher priority is never made later for a lower one. */
START_TEST(late_part_before_lower_priority)
{
	plan_model *m = a_on_r(8);
	add_prio_demand(m, "D1", "A", DAY(2), 32, 1);
	add_prio_demand(m, "D2", "A", DAY(4), 16, 2);
	ck_assert_double_eq_tol(bound_of(m), 40, 1e-6);
	plan_result *r = demand_driven_at(m, 32);
	ck_assert_double_eq_tol(delivered(r, "D1", DAY(0), DAY(2)), 24, 1e-9);
	ck_assert_double_eq_tol(delivered(r, "D1", DAY(3), DAY(3)), 8, 1e-9);
	ck_assert_double_eq_tol(delivered(r, "D2", DAY(4), DAY(4)), 8, 1e-9);
	ck_assert_double_eq_tol(delivered(r, "D2", DAY(5), DAY(5)), 8, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* 30 due on day 4: five days of 8 hours carry it (building ahead); five
 * days of 5 hours carry 25. */
START_TEST(build_ahead)
{
	for (int k = 0; k < 2; k++) {
		plan_model *m = a_on_r(k ? 5 : 8);
		add_demand(m, "D1", "A", "P1", DAY(4), 30);
		/* built ahead into days 0-3: all 30 on day 4; with 5 hours a day
		 * 25 on time, the other 5 on day 5 */
		plan_result *r = best_is(m, k ? 25 : 30);
		ck_assert_double_eq_tol(delivered(r, "D1", DAY(4), DAY(4)), k ? 25 : 30, 1e-9);
		ck_assert_double_eq_tol(delivered(r, "D1", DAY(5), DAY(5)), k ? 5 : 0, 1e-9);
		/* built ahead: released before its lead time's window, because
		 * R is full there */
		ck_assert_uint_ge(levers(r, "earlier", "R"), 1);
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* X from P1 (100 in stock) to W1 over a lane of at most 10 a week, days in
 * transit; 25 due at W1 on day 13. */
static plan_model *x_over_lane(int days)
{
	plan_model *m = mk_model(START, "2027-02-28");
	plan_sku_def x = mk_sku("X", "P1", PLAN_SKU_BUY, 0);
	x.on_hand = 100;
	add_sku(m, x);
	add_sku(m, mk_sku("X", "W1", PLAN_SKU_TRANSFER, 0));
	add_lane(m, "X", "W1", "P1", 1, PLAN_NONE, days, 10);
	add_demand(m, "D1", "X", "W1", DAY(13), 25);
	return m;
}

/* The lane ships what weeks 0 and 1 release: 20 of the 25. */
START_TEST(lane_full_in_a_bucket)
{
	plan_model *m = x_over_lane(0);
	ck_assert_double_eq_tol(bound_of(m), 20, 1e-6);
	/* by weeks, releases of a week fall in its bucket: the same 20 */
	ck_assert_double_eq_tol(bound_by(m, 7), 20, 1e-6);
	/* two days in transit: a week's releases span two buckets, the limit
	 * holds over both (40), and the bound relaxes to what W1 may hold by
	 * the end of the week of day 13 */
	plan_model *m2 = x_over_lane(2);
	plan_result *r = best_is(m2, 20);
	ck_assert_double_eq_tol(delivered(r, "D1", DAY(0), DAY(13)), 20, 1e-9);
	plan_result_free(r);
	plan_model_free(m2);
	ck_assert(on_time_of(m) <= 20 + 1e-6);
	/* weeks 0 and 1 ship 10 each, on time; the other 5 leave in week 2 and
	 * arrive on its first day, day 14 */
	r = demand_driven_at(m, 20);
	ck_assert_double_eq_tol(delivered(r, "D1", DAY(0), DAY(13)), 20, 1e-9);
	ck_assert_double_eq_tol(delivered(r, "D1", DAY(14), DAY(14)), 5, 1e-9);
	/* week 0's 10 shipped a bucket early, because week 1 is full */
	ck_assert_uint_eq(levers(r, "earlier", "lane X P1->W1 at its limit 10 in the bucket of 2027-01-11"), 1);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* C (10 in stock, none to be bought in time) goes into A and B; B cannot be
 * made (its resource offers nothing), so the 10 go to A: 10 on time,
 * whatever the priorities say. */
START_TEST(shared_component)
{
	plan_model *m = mk_model(START, "2027-02-28");
	plan_sku_def c = mk_sku("C", "P1", PLAN_SKU_BUY, 400);
	c.on_hand = 10;
	add_sku(m, c);
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 0));
	add_sku(m, mk_sku("B", "P1", PLAN_SKU_MAKE, 0));
	add_line(m, "A", "C", 1);
	add_line(m, "B", "C", 1);
	add_resource(m, "R0", "P1", 0, NULL);
	add_step(m, "B", "10", "R0", 0, 1);
	add_prio_demand(m, "DB", "B", DAY(2), 10, 1);
	add_prio_demand(m, "DA", "A", DAY(3), 10, 2);
	/* DB first, but B cannot be made: nothing of C stays with it; A takes
	 * the 10 */
	plan_result *r = best_is(m, 10);
	ck_assert_double_eq_tol(delivered(r, "DA", DAY(0), DAY(3)), 10, 1e-9);
	ck_assert_double_eq_tol(delivered(r, "DB", DAY(0), DAY(1000)), 0, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A <- B <- C (one of each a unit), C made on R at 2 hours a day, one hour
 * a unit, lead times 1 day each: C's orders must be due by day 2 (B's
 * release, for A released on day 3 and due on day 4) and released on day 0
 * or later, so C's hours of days 0..2 (6) are all there is: 6 of 20 on
 * time. The chain fails at its third level. */
START_TEST(chain_fails_at_the_third_level)
{
	plan_model *m = mk_model(START, "2027-02-28");
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 1));
	add_sku(m, mk_sku("B", "P1", PLAN_SKU_MAKE, 1));
	add_sku(m, mk_sku("C", "P1", PLAN_SKU_MAKE, 1));
	add_line(m, "A", "B", 1);
	add_line(m, "B", "C", 1);
	add_resource(m, "R", "P1", 2, NULL);
	add_step(m, "C", "10", "R", 0, 1);
	add_demand(m, "D1", "A", "P1", DAY(4), 20);
	/* 6 on time; what C cannot make for the rest in time is not booked
	 * (no dead load), the rest follows as C's days allow */
	plan_result *r = best_is(m, 6);
	ck_assert_double_eq_tol(delivered(r, "D1", DAY(0), DAY(4)), 6, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Dead load is what serves no delivery. 10 A due on day 0, 8 hours a
 * day: 8 made on time, 2 a day late, all delivered: nothing dead. */
START_TEST(dead_load)
{
	plan_model *m = a_on_r(8);
	add_demand(m, "D1", "A", "P1", DAY(0), 10);
	plan_result *r = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	ck_assert_int_eq(plan_run(&r, m, &o), 0);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 8, 1e-9);
	ck_assert_double_eq_tol(plan_result_dead_hours(r), 0, 1e-9);
	ck_assert_double_eq_tol(plan_result_loaded_hours(r), 10, 1e-9);
	ck_assert_double_eq_tol(bound_of(m), 8, 1e-6);
	plan_result_free(r);
	/* unconstrained: 10 made on day 0 (overloaded), all on time, nothing dead */
	ck_assert_int_eq(plan_run(&r, m, NULL), 0);
	ck_assert_double_eq_tol(plan_result_on_time_qty(r), 10, 1e-9);
	ck_assert_double_eq_tol(plan_result_dead_hours(r), 0, 1e-9);
	plan_result_free(r);
	ck_assert_double_eq(plan_result_dead_hours(NULL), 0);
	ck_assert_double_eq(plan_result_loaded_hours(NULL), 0);
	plan_model_free(m);
	/* a lot of 10 (FOQ) for a demand of 6: 10 hours loaded, the 4 of the
	 * 4 units no demand takes are dead */
	m = mk_model(START, "2027-02-28");
	plan_sku_def a = mk_sku("A", "P1", PLAN_SKU_MAKE, 0);
	a.lot_rule = PLAN_LOT_FOQ;
	a.lot_qty = 10;
	add_sku(m, a);
	add_resource(m, "R", "P1", 24, NULL);
	add_step(m, "A", "10", "R", 0, 1);
	add_demand(m, "D1", "A", "P1", DAY(3), 6);
	ck_assert_int_eq(plan_run(&r, m, NULL), 0);
	ck_assert_double_eq_tol(plan_result_loaded_hours(r), 10, 1e-9);
	ck_assert_double_eq_tol(plan_result_dead_hours(r), 4, 1e-9);
	plan_result_free(r);
	/* the demand-driven plan makes what is asked for, lot for lot */
	r = demand_driven_at(m, 6);
	ck_assert_double_eq_tol(plan_result_loaded_hours(r), 6, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Hours loaded on resource res in r. */
static double hours_on(const plan_result *r, const char *res)
{
	double h = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_LOADS); i++) {
		plan_load l = PLAN_LOAD_INIT;
		ck_assert_int_eq(plan_result_get_load(&l, r, i), 0);
		h += strcmp(l.resource, res) ? 0 : l.hours;
	}
	return h;
}

/* A (lead time 5, a lot of 40 by the unconstrained plan's rule, 1 h setup
 * and 1 h a unit on R, 8 h a day) of 2 C each (bought, lead time 0); 5 A
 * due on day 8 and 5 on day 9, one week. */
static plan_model *gathered(void)
{
	plan_model *m = mk_model(START, "2027-02-28");
	plan_sku_def a = mk_sku("A", "P1", PLAN_SKU_MAKE, 5);
	a.lot_rule = PLAN_LOT_FOQ;
	a.lot_qty = 40;
	add_sku(m, a);
	add_sku(m, mk_sku("C", "P1", PLAN_SKU_BUY, 0));
	add_line(m, "A", "C", 2);
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "A", "10", "R", 1, 1);
	add_demand(m, "D1", "A", "P1", DAY(8), 5);
	add_demand(m, "D2", "A", "P1", DAY(9), 5);
	return m;
}

/* The demand-driven planner makes the week's lot of the unconstrained plan
 * for D1 (40, due with it on the week's first day, 7), D2 takes 5 of what
 * is left, and the lot is taken down to what the two take: one order of 10
 * (11 hours, not 41 and not two setups) and one of 20 C. */
START_TEST(gathered_lot_taken_down)
{
	plan_model *m = gathered();
	plan_result *r = best_is(m, 10);
	plan_order o[4];
	ck_assert_uint_eq(planned_of(r, "A", "P1", o, 4), 1);
	ck_assert_double_eq_tol(o[0].qty, 10, 1e-9);
	ck_assert_int_eq(o[0].due, DAY(7));
	ck_assert_uint_eq(planned_of(r, "C", "P1", o, 4), 1);
	ck_assert_double_eq_tol(o[0].qty, 20, 1e-9);
	ck_assert_double_eq_tol(hours_on(r, "R"), 11, 1e-9);
	ck_assert_double_eq_tol(plan_result_loaded_hours(r), 11, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The same with R down on days 1-6 and R2 (16 h a day, twice the hours)
 * standing in: the lot of 40 due on day 7 (41 h) takes day 7 on R (8 h)
 * and 33 step hours on R2 (66 h) on days 2-6; taken down to 10 (11 h),
 * each load in proportion: 11/41 of 33 step hours stay on R2, and the
 * exception says so, not what the lot of 40 moved. */
START_TEST(gathered_lot_on_an_alternate)
{
	plan_model *m = gathered();
	add_resource(m, "R2", "P1", 16, NULL);
	add_block(m, "B1", "R", DAY(1), DAY(6), 0, "R2", 2, PLAN_MAINT_PLANNED);
	plan_result *r = best_is(m, 10);
	double alt = 33.0 * 11 / 41;
	ck_assert_double_eq_tol(hours_on(r, "R") + hours_on(r, "R2") / 2, 11, 1e-9);
	ck_assert_double_eq_tol(hours_on(r, "R2"), 2 * alt, 1e-9);
	plan_exception x = PLAN_EXCEPTION_INIT;
	ck_assert(find_exception(r, "routed_to_alternate", &x));
	ck_assert_double_eq_tol(x.qty, alt, 1e-9);
	char want[64];
	snprintf(want, sizeof(want), "%.10g h moved to R2", alt);
	ck_assert_msg(strstr(x.message, want), "%s", x.message);
	ck_assert_uint_eq(count_exceptions(r, "routed_to_alternate"), 1);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The lot of 40 took all 20 C on hand (and 60 bought); taken down to 10,
 * it gives back 10 of the 20, which then keep C's safety stock of 10: no
 * C is bought, for the lot or for safety stock. */
START_TEST(gathered_lot_gives_stock_back)
{
	plan_model *m = mk_model(START, "2027-02-28");
	plan_sku_def a = mk_sku("A", "P1", PLAN_SKU_MAKE, 5);
	a.lot_rule = PLAN_LOT_FOQ;
	a.lot_qty = 40;
	add_sku(m, a);
	plan_sku_def c = mk_sku("C", "P1", PLAN_SKU_BUY, 0);
	c.on_hand = 20;
	c.safety_stock = 10;
	add_sku(m, c);
	add_line(m, "A", "C", 1);
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "A", "10", "R", 0, 1);
	add_demand(m, "D1", "A", "P1", DAY(8), 5);
	add_demand(m, "D2", "A", "P1", DAY(9), 5);
	plan_result *r = best_is(m, 10);
	plan_order o[4];
	ck_assert_uint_eq(planned_of(r, "A", "P1", o, 4), 1);
	ck_assert_double_eq_tol(o[0].qty, 10, 1e-9);
	ck_assert_uint_eq(planned_of(r, "C", "P1", o, 4), 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Safety stock after the demands, with what is left: 8 A due on day 3 on
 * 8 hours a day take day 3; the safety stock of 4 is made on the earliest
 * day, 0, and its 4 hours serve the safety stock: no dead load. With 2
 * hours a day the demand takes days 0-3 (built ahead, split), and the
 * safety stock comes after it, on days 4 and 5 (the horizon's last week
 * ends on day 6). */
START_TEST(safety_stock_after_demands)
{
	for (int k = 0; k < 2; k++) {
		plan_model *m = mk_model(START, "2027-01-07");
		plan_sku_def a = mk_sku("A", "P1", PLAN_SKU_MAKE, 0);
		a.safety_stock = 4;
		add_sku(m, a);
		add_resource(m, "R", "P1", k ? 2 : 8, NULL);
		add_step(m, "A", "10", "R", 0, 1);
		add_demand(m, "D1", "A", "P1", DAY(3), 8);
		plan_result *r = demand_driven_at(m, 8);
		ck_assert_double_eq_tol(plan_result_loaded_hours(r), 12, 1e-9);
		double for_stock = 0, for_d1 = 0;
		plan_date when = 0;
		for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
			plan_order o = PLAN_ORDER_INIT;
			ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
			if (o.due == DAY(3))
				for_d1 += o.qty;
			else {
				for_stock += o.qty;
				when = o.due;
			}
		}
		ck_assert_double_eq_tol(for_d1, 8, 1e-9);
		ck_assert_double_eq_tol(for_stock, 4, 1e-9);
		ck_assert_int_eq(when, DAY(k ? 5 : 0));
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* Every hand case's plan and bound also hold the other way round: a
 * scenario without constraints has the whole demand as its bound. */
START_TEST(unconstrained_bound_is_all_demand)
{
	plan_model *m = mk_model(START, "2027-02-28");
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_BUY, 2));
	plan_bound b = PLAN_BOUND_INIT;
	/* nothing to plan yet: no order, no delivery (fuzz-plan found the
	 * empty plan's sort of nothing on UBSan) */
	plan_result *r = demand_driven(m);
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_ORDERS), 0);
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_DELIVERIES), 0);
	plan_result_free(r);
	add_demand(m, "D1", "A", "P1", DAY(5), 12);
	add_demand(m, "D2", "A", "P1", DAY(1), 7); /* within the lead time: late */
	add_demand(m, "D3", "A", "P1", DAY(-3), 4); /* before start: late */
	ck_assert_int_eq(plan_service_bound(&b, m, NULL), 0);
	ck_assert_double_eq_tol(b.demand_qty, 23, 1e-9);
	ck_assert_double_eq_tol(b.on_time_max, 12, 1e-6);
	ck_assert_double_eq_tol(on_time_of(m), 12, 1e-6);
	plan_bound_options o = PLAN_BOUND_OPTIONS_INIT;
	o.period_days = 8;
	ck_assert_int_eq(plan_service_bound(&b, m, &o), PLAN_EINVAL);
	b.version = 99;
	ck_assert_int_eq(plan_service_bound(&b, m, NULL), PLAN_EINVAL);
	ck_assert_int_eq(plan_service_bound(&b, NULL, NULL), PLAN_EINVAL);
	plan_model_free(m);
}
END_TEST

/* No plan beats the bound: the feasible plans of generated scenarios
 * (tiny, several seeds, tight capacity too) deliver at most it. Under
 * valgrind (GLPK 50 times slower) one smaller scenario. */
START_TEST(bound_holds_on_generated_scenarios)
{
	int slow = RUNNING_ON_VALGRIND;
	/* v11: format 1.1 (whole units, fences, consumption): a unit rounded
	 * up serves as a lot multiple does, nothing dead */
	for (int v11 = 0; v11 < (slow ? 1 : 2); v11++)
	for (uint64_t seed = 1; seed <= (slow ? 1u : v11 ? 2u : 3u); seed++) {
		for (int tight = 0; tight < (slow ? 1 : 2); tight++) {
			gen_params p;
			ck_assert_int_eq(gen_preset(&p, "tiny"), 0);
			p.seed = seed;
			p.v11 = v11;
			if (slow) {
				p.items = 20;
				p.demands = 20;
				p.weeks = 4;
			}
			if (tight)
				p.run_scale *= 4;
			plan_model *m = NULL;
			ck_assert_int_eq(gen_model(&m, &p), 0);
			double q = on_time_of(m), b = bound_of(m);
			ck_assert_msg(q <= b + 1e-6 * (1 + b), "seed %llu%s: plan %g on time, bound %g",
				      (unsigned long long)seed, tight ? " tight" : "", q, b);
			/* the demand-driven plan too: within the bound, every rule
			 * kept, no hour for what serves nothing */
			plan_result *r = demand_driven(m);
			double d = plan_result_on_time_qty(r);
			ck_assert_msg(d <= b + 1e-6 * (1 + b), "seed %llu%s: demand-driven %g, bound %g",
				      (unsigned long long)seed, tight ? " tight" : "", d, b);
			plan_result_free(r);
			plan_model_free(m);
		}
	}
	/* a small scenario (3,031 SKUs: levels wide enough for two threads):
	 * verified, nothing dead, the same plan with one thread and two */
	if (!RUNNING_ON_VALGRIND) {
		gen_params p;
		ck_assert_int_eq(gen_preset(&p, "small"), 0);
		p.seed = 3;
		plan_model *m = NULL;
		ck_assert_int_eq(gen_model(&m, &p), 0);
		plan_result_free(demand_driven(m));
		plan_model_free(m);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bound");
	TCase *hand = tcase_create("hand");
	tcase_add_test(hand, competing_demands);
	tcase_add_test(hand, build_ahead);
	tcase_add_test(hand, late_part_before_lower_priority);
	tcase_add_test(hand, lane_full_in_a_bucket);
	tcase_add_test(hand, shared_component);
	tcase_add_test(hand, chain_fails_at_the_third_level);
	tcase_add_test(hand, unconstrained_bound_is_all_demand);
	tcase_add_test(hand, dead_load);
	tcase_add_test(hand, safety_stock_after_demands);
	tcase_add_test(hand, gathered_lot_taken_down);
	tcase_add_test(hand, gathered_lot_on_an_alternate);
	tcase_add_test(hand, gathered_lot_gives_stock_back);
	suite_add_tcase(s, hand);
	TCase *props = tcase_create("props");
	tcase_set_timeout(props, 240);
	tcase_add_test(props, bound_holds_on_generated_scenarios);
	suite_add_tcase(s, props);
	return run_suite(s);
}
