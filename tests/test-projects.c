/* Projects (format 1.1, issue 19's project part): a project's activities
 * scheduled by hand in both modes on a Monday-to-Friday calendar (start
 * Monday 2027-01-04); sharing a resource with orders; the verifier's rules
 * activities, precedence and capacity on broken plans; the model's checks;
 * the tables through CSV and the store; the scheduler on a case with a
 * known optimum. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "project/rcpsp.h"
#include "result/result_impl.h"

#define START "2027-01-04"

static void add_use(plan_model *m, const char *prj, const char *act, const char *res, double h)
{
	plan_activity_resource_def u = PLAN_ACTIVITY_RESOURCE_DEF_INIT;
	u.project = prj;
	u.activity = act;
	u.resource = res;
	u.hours_per_day = h;
	ck_assert_int_eq(plan_model_add_activity_resource(m, &u), 0);
}

/* The new line: DESIGN (3 days, 4 h of CREW a day), then BUILD (5 days,
 * 6 h) and WIRE (4 days, 4 h) side by side, then TEST (2 days, 8 h),
 * then the milestone HANDOVER. CREW: 8 h a day, Monday to Friday (the
 * scenario's calendar). BUILD and WIRE together need 10 h a day. */
static plan_model *new_line(const char *due)
{
	plan_model *m = mk_model_as(START, "2027-03-28", 1, PLAN_BUCKET_WEEK);
	set_calendar(m, "WK", "1111100");
	add_resource(m, "CREW", "P1", 8, NULL);
	add_project(m, "LINE2", due, 5);
	add_activity(m, "LINE2", "DESIGN", 3, NULL);
	add_activity(m, "LINE2", "BUILD", 5, "DESIGN");
	add_activity(m, "LINE2", "WIRE", 4, "DESIGN");
	add_activity(m, "LINE2", "TEST", 2, "BUILD  WIRE");
	add_activity(m, "LINE2", "HANDOVER", 0, "TEST");
	add_use(m, "LINE2", "DESIGN", "CREW", 4);
	add_use(m, "LINE2", "BUILD", "CREW", 6);
	add_use(m, "LINE2", "WIRE", "CREW", 4);
	add_use(m, "LINE2", "TEST", "CREW", 8);
	return m;
}

/* "DESIGN 01-29..02-02 0 0;..." for each activity in file order. */
static const char *dates(const plan_result *r, char *buf, size_t n)
{
	const plan_model *m = r->model;
	size_t len = 0;
	buf[0] = '\0';
	for (size_t a = 0; a < r->nact; a++) {
		const plan_activity_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a);
		char s[11], e[11];
		plan_date_format(s, r->act[a].start);
		plan_date_format(e, r->act[a].end);
		len += (size_t)snprintf(buf + len, n - len, "%s %s..%s %d %d;", d->activity,
					r->act[a].start == PLAN_DATE_NONE ? "-" : s + 5,
					r->act[a].end == PLAN_DATE_NONE ? "-" : e + 5, (int)r->act[a].slack,
					(int)r->act[a].late);
	}
	return buf;
}

static const char *first_exception(const plan_result *r, const char *code)
{
	for (size_t i = 0; i < r->nexc; i++)
		if (!strcmp(plan__exc_codes[r->exc[i].code], code))
			return r->exc[i].message;
	return NULL;
}

/* Due Friday 02-12, by hand. Unconstrained, the critical path back from
 * the due: HANDOVER 02-12; TEST ends the working day before, 02-10..02-11;
 * BUILD 5 days before it, 02-03..02-09; WIRE 4 days, 02-04..02-09; DESIGN
 * ends before the earlier of them, 01-29..02-02 (Fri, Mon, Tue): no slack
 * anywhere, and CREW loaded 10 h on 02-04, 02-05, 02-08 and 02-09 (four
 * overloads of 2 h). Feasible: BUILD and WIRE cannot run side by side, so
 * the 14 working days run one after the other, ending as late as the due
 * allows: DESIGN 01-25..01-27, BUILD 01-28..02-03, WIRE 02-04..02-09, TEST
 * 02-10..02-11, HANDOVER 02-12; DESIGN and BUILD have 4 working days of
 * slack (BUILD's latest start is 02-03), nothing is late, no overload. */
START_TEST(on_time_by_hand)
{
	char buf[512];
	plan_model *m = new_line("2027-02-12");
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 01-29..02-02 0 0;BUILD 02-03..02-09 0 0;WIRE 02-04..02-09 0 0;"
			 "TEST 02-10..02-11 0 0;HANDOVER 02-12..02-12 0 0;");
	ck_assert_uint_eq(count_exceptions(r, "overload"), 4);
	ck_assert_ptr_null(first_exception(r, "project_late"));
	plan_result_free(r);

	r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 01-25..01-27 4 0;BUILD 01-28..02-03 4 0;WIRE 02-04..02-09 0 0;"
			 "TEST 02-10..02-11 0 0;HANDOVER 02-12..02-12 0 0;");
	ck_assert_ptr_null(first_exception(r, "project_late"));
	/* the same through the API */
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_ACTIVITIES), 5);
	plan_activity x = PLAN_ACTIVITY_INIT;
	ck_assert_int_eq(plan_result_get_activity(&x, r, 1), 0);
	ck_assert_str_eq(x.project, "LINE2");
	ck_assert_str_eq(x.activity, "BUILD");
	ck_assert_int_eq(x.start, day_of("2027-01-28"));
	ck_assert_int_eq(x.end, day_of("2027-02-03"));
	ck_assert_int_eq(x.slack_days, 4);
	ck_assert_int_eq(x.late_days, 0);
	ck_assert_int_eq(plan_result_get_activity(&x, r, 5), PLAN_ERANGE);
	x.version = 99;
	ck_assert_int_eq(plan_result_get_activity(&x, r, 0), PLAN_EINVAL);
	/* CREW's week of 02-01: BUILD 3 x 6 h, WIRE 2 x 4 h */
	int found = 0;
	for (size_t i = 0; i < r->ncap; i++)
		if (r->cap[i].bucket == 4 && r->cap[i].resource == 0) {
			ck_assert_double_eq_tol(r->cap[i].loaded, 26, 1e-9);
			found = 1;
		}
	ck_assert(found);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Due 01-15: it cannot be on time. Feasible, from the start: DESIGN
 * 01-04..01-06, BUILD 01-07..01-13, WIRE 01-14..01-19, TEST 01-20..01-21,
 * HANDOVER 01-22: 7 days late, held back by WIRE waiting for CREW. The
 * critical path back from 01-15 has TEST end 01-14, BUILD 01-12 (from
 * 01-06) and WIRE 01-12, DESIGN 01-05: DESIGN and BUILD one day late,
 * WIRE, TEST and HANDOVER seven.
 * Unconstrained (capacity aside): BUILD and WIRE both after DESIGN, TEST
 * 01-14..01-15, HANDOVER 01-18 (the Monday): 3 days late, from the start. */
START_TEST(late_with_its_chain)
{
	char buf[512];
	plan_model *m = new_line("2027-01-15");
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 01-04..01-06 0 1;BUILD 01-07..01-13 0 1;WIRE 01-14..01-19 0 7;"
			 "TEST 01-20..01-21 0 7;HANDOVER 01-22..01-22 0 7;");
	ck_assert_str_eq(first_exception(r, "project_late"),
			 "project LINE2 ends on 2027-01-22, 7 days after its due 2027-01-15: "
			 "HANDOVER after TEST after WIRE, which waits for room on CREW");
	plan_result_free(r);
	r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(first_exception(r, "project_late"),
			 "project LINE2 ends on 2027-01-18, 3 days after its due 2027-01-15: "
			 "HANDOVER after TEST after BUILD after DESIGN, from the plan's start 2027-01-04");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The project and orders share CREW. A (made at P1 in 4 days, 4 h of
 * CREW a unit) 10 due 01-29, priority 1: its 40 h take CREW's 01-25 ..
 * 01-29 (8 h a day, as late as it fits). The project (priority 5, due
 * 02-12) is planned around that week, still on time: WIRE and TEST as
 * before, BUILD the week before A's (01-18..01-22), DESIGN 01-13..01-15
 * (12 working days of slack). With the project at priority 1 and due
 * 01-29 it comes first, as late as its due allows (01-11..01-29), and
 * A's order finds its room around it. Both plans verified (rule 3 counts
 * the activities' hours with the orders'). */
START_TEST(shares_capacity_with_orders)
{
	char buf[512];
	plan_model *m = new_line("2027-02-12");
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 4));
	add_step(m, "A", "10", "CREW", 0, 4);
	add_demand(m, "D1", "A", "P1", day_of("2027-01-29"), 10);
	((plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, 0))->priority = 1;
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_int_eq(s.demands_late, 0);
	ck_assert_ptr_null(first_exception(r, "project_late"));
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 01-13..01-15 12 0;BUILD 01-18..01-22 12 0;WIRE 02-04..02-09 0 0;"
			 "TEST 02-10..02-11 0 0;HANDOVER 02-12..02-12 0 0;");
	plan_result_free(r);
	/* the project first: due 01-29, 14 working days from 01-04 end 01-21
	 * at the earliest, then as late as the due allows: 01-11 .. 01-29; A
	 * finds CREW's days taken up to 01-29 but DESIGN's 4 h and WIRE's 4 h */
	((plan_project_def *)TAB_ROW(m, PLAN_TABLE_PROJECTS, 0))->priority = 1;
	((plan_project_def *)TAB_ROW(m, PLAN_TABLE_PROJECTS, 0))->due = day_of("2027-01-29");
	m->valid = 0;
	r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_ptr_null(first_exception(r, "project_late"));
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 01-11..01-13 4 0;BUILD 01-14..01-20 4 0;WIRE 01-21..01-26 0 0;"
			 "TEST 01-27..01-28 0 0;HANDOVER 01-29..01-29 0 0;");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

typedef struct seen {
	int n;
	char rule[32], first[256];
} seen;

static int on_rule(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (!strcmp(v->rule, s->rule) && !s->n++)
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	return 0;
}

static int violations(const plan_result *r, const char *rule, char *first)
{
	seen v = { 0, "", "" };
	snprintf(v.rule, sizeof(v.rule), "%s", rule);
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, 0, on_rule, &v), 0);
	strcpy(first, v.first);
	return v.n;
}

/* Broken feasible plans: TEST moved a day earlier (before WIRE ends:
 * precedence; its slack then disagrees: activities), WIRE a week earlier
 * onto BUILD's days (CREW 10 h: capacity), BUILD one day short. */
START_TEST(verifier_catches)
{
	char first[256];
	plan_model *m = new_line("2027-02-12");
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	plan_act_rec keep[5];
	memcpy(keep, r->act, sizeof(keep));
	r->act[3].start -= 1; /* TEST 02-09..02-11 */
	ck_assert_int_eq(violations(r, "precedence", first), 1);
	ck_assert_str_eq(first, "LINE2 TEST: starts on 2027-02-09, before its predecessor WIRE ends "
				"on 2027-02-09");
	ck_assert_int_eq(violations(r, "activities", first), 1);
	ck_assert_str_eq(first, "LINE2 TEST: 2027-02-09..2027-02-11 holds 3 working days, its "
				"duration is 2");
	memcpy(r->act, keep, sizeof(keep));
	r->act[2].start -= 7; /* WIRE 01-28..02-02 beside BUILD */
	r->act[2].end -= 7;
	ck_assert_int_eq(violations(r, "capacity", first), 4);
	ck_assert_str_eq(first + strlen(first) - 16, "loaded 10 h, offers 8 h" + 7);
	memcpy(r->act, keep, sizeof(keep));
	r->act[1].end -= 1;
	ck_assert_int_eq(violations(r, "activities", first), 1);
	ck_assert_str_eq(first, "LINE2 BUILD: 2027-01-28..2027-02-02 holds 4 working days, its "
				"duration is 5");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

static void expect_error(plan_model *m, const char *msg)
{
	ck_assert_int_ne(plan_model_validate(m), 0);
	int found = 0;
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag d;
		ck_assert_int_eq(plan_model_get_diag(&d, m, i), 0);
		found |= strstr(d.message, msg) != NULL;
	}
	ck_assert_msg(found, "no diagnostic \"%s\": %s", msg, plan_model_errmsg(m));
	plan_model_free(m);
}

START_TEST(model_errors)
{
	plan_model *m = new_line("2027-02-12");
	add_activity(m, "LINE2", "PAINT", 1, "TEST DRY");
	expect_error(m, "\"DRY\" is no activity of project LINE2");
	m = new_line("2027-02-12");
	add_activity(m, "LINE2", "A1", 1, "A2");
	add_activity(m, "LINE2", "A2", 1, "A1");
	expect_error(m, "activity A1 is on a cycle of predecessors");
	m = new_line("2027-02-12");
	add_activity(m, "LINE2", "SELF", 1, "SELF");
	expect_error(m, "activity SELF cannot precede itself");
	m = new_line("2027-02-12");
	add_resource(m, "FAR", "P2", 8, NULL);
	add_use(m, "LINE2", "TEST", "FAR", 2);
	expect_error(m, "resource FAR is at site P2, project LINE2 at P1");
	m = new_line("2027-02-12");
	add_use(m, "LINE2", "HANDOVER", "CREW", 9);
	expect_error(m, "9 h a day of CREW, which offers at most 8 h a day");
	m = new_line("2027-02-12");
	add_activity(m, "NOPE", "X", 1, NULL);
	expect_error(m, "unknown project \"NOPE\"");
	m = new_line("2027-02-12");
	add_use(m, "LINE2", "PAINT", "CREW", 1);
	expect_error(m, "project LINE2 has no activity PAINT");
}
END_TEST

static void add_material(plan_model *m, const char *act, const char *item, double qty);

/* The four tables through CSV (written back, loaded equal) and the
 * store (the model equal, the plan's activities read back the same and
 * verified); activities.csv as written. */
START_TEST(through_csv_and_store)
{
	plan_model *m = new_line("2027-01-15");
	plan_sku_def steel = mk_sku("STEEL", "P1", PLAN_SKU_BUY, 1);
	steel.on_hand = 40;
	add_sku(m, steel);
	add_material(m, "BUILD", "STEEL", 100);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	char dir[] = "/tmp/libplan-projects-XXXXXX", path[600];
	plan_model *back = csv_written(m, r, dir);
	snprintf(path, sizeof(path), "%s/activities.csv", dir);
	char *text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "LINE2,TEST,2,BUILD  WIRE\n"));
	free(text);
	snprintf(path, sizeof(path), "%s/plan/activities.csv", dir);
	text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "project,activity,start,end,slack_days,late_days\n"
					   "LINE2,DESIGN,2027-01-04,2027-01-06,0,1\n"));
	free(text);
	snprintf(path, sizeof(path), "%s/activity_materials.csv", dir);
	text = slurp_small(path);
	ck_assert_str_eq(text, "project,activity,item,site,qty\nLINE2,BUILD,STEEL,P1,100\n");
	free(text);
	snprintf(path, sizeof(path), "%s/demand.csv", dir);
	ck_assert_int_ne(access(path, F_OK), 0); /* the material is no demand.csv row */
	snprintf(path, sizeof(path), "%s/plan/deliveries.csv", dir);
	text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "LINE2/BUILD/STEEL@P1,2027-01-06,100\n"));
	free(text);
	remove_dir(dir);
	plan_model *stored = NULL;
	plan_result *rb = stored_and_read(back, r, &stored);
	ck_assert_uint_eq(rb->nact, 5);
	for (size_t a = 0; a < 5; a++) {
		ck_assert_int_eq(rb->act[a].start, r->act[a].start);
		ck_assert_int_eq(rb->act[a].end, r->act[a].end);
		ck_assert_int_eq(rb->act[a].late, r->act[a].late);
	}
	plan_result_free(rb);
	plan_model_free(stored);
	plan_model_free(back);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The scheduler alone: one resource of 2, A (2 periods, 1), B (2, 1),
 * C (2, 2) after A, D (1, 1): work 2 + 2 + 4 + 1 = 9, at least 5 periods
 * (the resource bound), and 5 is what it finds (A and B, then C, then D
 * beside nothing). A deadline of 8 moves it to periods 3 .. 7. */
START_TEST(scheduler_reaches_bound)
{
	int32_t dur[] = { 2, 2, 2, 1 }, pred_off[] = { 0, 0, 0, 1, 1 }, pred[] = { 0 };
	int32_t succ_off[] = { 0, 1, 1, 1, 1 }, succ[] = { 2 };
	double use[] = { 1, 1, 2, 1 }, avail[10];
	for (int t = 0; t < 10; t++)
		avail[t] = 2;
	plan_rcp p = { 4, 1, 10, dur, pred_off, pred, succ_off, succ, use, avail, NULL };
	plan_rcp_work w;
	ck_assert_int_eq(plan_rcp__work_new(&w, &p), 0);
	int32_t s[4];
	ck_assert_int_eq(plan_rcp__bound(&p), 5);
	ck_assert_int_eq(plan_rcp__solve(&p, &w, 8, 1, s), 5);
	ck_assert_int_eq(s[2], s[0] + 2 > 2 ? s[2] : 2);
	ck_assert_int_ge(s[2], s[0] + 2);
	ck_assert_int_eq(plan_rcp__justify_right(&p, &w, 8, s), 1);
	int lo = 99, hi = 0;
	for (int a = 0; a < 4; a++) {
		lo = s[a] < lo ? s[a] : lo;
		hi = s[a] + dur[a] > hi ? s[a] + dur[a] : hi;
	}
	ck_assert_int_eq(lo, 3);
	ck_assert_int_eq(hi, 8);
	/* capacity 1: C never fits */
	for (int t = 0; t < 10; t++)
		avail[t] = 1;
	ck_assert_int_eq(plan_rcp__solve(&p, &w, 8, 1, s), -1);
	ck_assert_int_eq(s[2], -1);
	plan_rcp__work_free(&w);
}
END_TEST

static void add_material(plan_model *m, const char *act, const char *item, double qty)
{
	plan_activity_material_def d = PLAN_ACTIVITY_MATERIAL_DEF_INIT;
	d.project = "LINE2";
	d.activity = act;
	d.item = item;
	d.site = "P1";
	d.qty = qty;
	ck_assert_int_eq(plan_model_add_activity_material(m, &d), 0);
}

/* Delivered quantity of demand row d by day `by`. */
static double delivered(const plan_result *r, int32_t d, plan_date by)
{
	double q = 0;
	for (size_t i = 0; i < r->ndlv; i++)
		if (r->dlv[i].demand == d && r->dlv[i].date <= by)
			q += r->dlv[i].qty;
	return q;
}

/* BUILD needs 100 STEEL (bought at P1, none on hand) at its start: a
 * demand of the plan "LINE2/BUILD/STEEL@P1" due on BUILD's latest start
 * by the critical path, 02-03, priority 5. Lead time 20 working days: the
 * buy order released 01-06 brings it on 02-03; BUILD may not start before,
 * so the feasible plan runs WIRE first: DESIGN 01-25..01-27, WIRE
 * 01-28..02-02, BUILD 02-03..02-09, TEST, HANDOVER on time. Lead time 35:
 * the steel comes 35 working days after the start, on Saturday 02-20 at the earliest
 * (the buy order released 01-04): BUILD 02-22..02-26, TEST 03-01..03-02,
 * HANDOVER 03-03, 19 days late, waiting for the steel; WIRE and DESIGN as
 * late as that end allows, before BUILD (02-16..02-19, 02-11..02-15). Unconstrained, the
 * steel is due 02-03 as asked (a past-due release), BUILD at its latest
 * start. The model counts the material row apart from demand.csv's. */
START_TEST(materials_at_the_start)
{
	char buf[512];
	plan_model *m = new_line("2027-02-12");
	add_sku(m, mk_sku("STEEL", "P1", PLAN_SKU_BUY, 20));
	add_material(m, "BUILD", "STEEL", 100);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_DEMAND), 0);
	ck_assert_uint_eq(m->tab[PLAN_TABLE_DEMAND].n, 1);
	const plan_demand_def *md = TAB_ROW(m, PLAN_TABLE_DEMAND, 0);
	ck_assert_str_eq(md->id, "LINE2/BUILD/STEEL@P1");
	ck_assert_int_eq(md->due, day_of("2027-02-03"));
	ck_assert_int_eq(md->priority, 5);
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 01-25..01-27 4 0;BUILD 02-03..02-09 0 0;WIRE 01-28..02-02 5 0;"
			 "TEST 02-10..02-11 0 0;HANDOVER 02-12..02-12 0 0;");
	ck_assert_double_eq_tol(delivered(r, 0, day_of("2027-02-03")), 100, 1e-9);
	ck_assert_ptr_null(first_exception(r, "project_late"));
	plan_result_free(r);
	r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_double_eq_tol(delivered(r, 0, day_of("2027-02-03")), 100, 1e-9);
	plan_result_free(r);

	((plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, 0))->lead_time = 35;
	m->valid = 0;
	r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 02-11..02-15 0 13;BUILD 02-22..02-26 0 17;WIRE 02-16..02-19 0 10;"
			 "TEST 03-01..03-02 0 19;HANDOVER 03-03..03-03 0 19;");
	ck_assert_str_eq(first_exception(r, "project_late"),
			 "project LINE2 ends on 2027-03-03, 19 days after its due 2027-02-12: "
			 "HANDOVER after TEST after BUILD, which waits for its materials until 2027-02-20");
	ck_assert_double_eq_tol(delivered(r, 0, day_of("2027-02-22")), 100, 1e-9);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A project due after the horizon's end extends it, as a demand does, so
 * that its materials are planned (tests/data/fuzz-project-horizon: the
 * unconstrained plan delivered them beyond a horizon that had no supply
 * for them, stock -1). */
START_TEST(due_after_the_horizon)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/fuzz-project-horizon"), NULL), 0);
	ck_assert(has_diag(m, "projects.csv:2:3: due: 2027-06-04 is after the end 2027-05-11: "
			      "project J1 extends the horizon to 152 daily buckets"));
	plan_model_free(m);
	planned_both(SRC_PATH("tests/data/fuzz-project-horizon"));
}
END_TEST

/* The horizon ends on 2027-01-15 (a Friday): due then, the project needs
 * 14 working days of the crew one after the other (from 01-04: 10 there
 * are). The feasible plan schedules what fits (DESIGN, BUILD) and not WIRE,
 * TEST, HANDOVER ("does not end within the horizon", empty dates and
 * late_days), rules kept; the unconstrained plan schedules all of them,
 * past the horizon if it must (BUILD and WIRE side by side, ending 01-18). */
START_TEST(beyond_the_horizon)
{
	char buf[512];
	plan_model *m = new_line("2027-01-15");
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.end = day_of("2027-01-15");
	sc.bucket = PLAN_BUCKET_DAY;
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	plan_result *r = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	ck_assert_str_eq(dates(r, buf, sizeof(buf)),
			 "DESIGN 01-04..01-06 0 1;BUILD 01-07..01-13 0 1;WIRE -..- 0 0;"
			 "TEST -..- 0 0;HANDOVER -..- 0 0;");
	ck_assert_str_eq(first_exception(r, "project_late"),
			 "project LINE2 does not end within the horizon: 3 of its 5 activities find "
			 "no room by its end (the first: WIRE); due 2027-01-15");
	plan_activity x = PLAN_ACTIVITY_INIT;
	ck_assert_int_eq(plan_result_get_activity(&x, r, 2), 0);
	ck_assert_int_eq(x.start, PLAN_DATE_NONE);
	ck_assert_int_eq(x.late_days, -1);
	plan_summary s = PLAN_SUMMARY_INIT;
	ck_assert_int_eq(plan_result_get_summary(&s, r), 0);
	ck_assert_str_eq(s.status, "late");
	plan_result_free(r);
	r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	ck_assert_str_eq(first_exception(r, "project_late"),
			 "project LINE2 ends on 2027-01-18, 3 days after its due 2027-01-15: "
			 "HANDOVER after TEST after BUILD after DESIGN, from the plan's start 2027-01-04");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A project's materials consume no forecast, in the plan and in the
 * verifier's own recomputation (tests/data/fuzz-project-forecast: three
 * materials beside forecast X0 of their SKU, 41 delivered in full). */
START_TEST(materials_consume_no_forecast)
{
	planned_both(SRC_PATH("tests/data/fuzz-project-forecast"));
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/fuzz-project-forecast"), NULL), 0);
	ck_assert_int_eq(plan_model_validate(m), 0);
	plan_consumption c = PLAN_CONSUMPTION_INIT;
	long x0 = -1;
	for (size_t i = 0; i < plan_model_count(m, PLAN_TABLE_DEMAND); i++) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		ck_assert_int_eq(plan_model_get_demand(&d, m, i), 0);
		if (!strcmp(d.id, "X0"))
			x0 = (long)i;
	}
	ck_assert_int_ge(x0, 0);
	ck_assert_int_eq(plan_model_get_consumption(&c, m, (size_t)x0), 0);
	ck_assert_double_eq(c.net, 41);
	plan_model_free(m);
}
END_TEST

static int on_diff(void *ctx, const plan_diff *d)
{
	int *materials = ctx;
	if (d->demand && strchr(d->demand, '/'))
		(*materials)++;
	return 0;
}

/* Sessions with projects: a new demand plans again and reports no
 * project's material as a demand (their rows are renumbered); a block on
 * the crew plans again (a repair moves no activity); both plans
 * verified, the last one the same as a plan of the model from scratch. */
START_TEST(session_with_projects)
{
	plan_model *m = new_line("2027-02-12");
	add_sku(m, mk_sku("STEEL", "P1", PLAN_SKU_BUY, 20));
	add_sku(m, mk_sku("BOLT", "P1", PLAN_SKU_BUY, 30));
	add_material(m, "BUILD", "STEEL", 100);
	plan_session *s = NULL;
	ck_assert_int_eq(plan_session_new(&s, m, NULL), 0);
	int materials = 0;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	d.id = "D1";
	d.item = "BOLT";
	d.site = "P1";
	d.due = day_of("2027-01-11");
	d.qty = 5;
	ck_assert_int_eq(plan_session_add_demand(&st, s, &d, on_diff, &materials), 0);
	ck_assert_int_eq(st.replanned, 1);
	ck_assert_int_eq(st.newly_late, 1); /* D1: bought in 30 days */
	ck_assert_int_eq(materials, 0);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_DEMAND), 1);
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "E1";
	b.resource = "CREW";
	b.start = day_of("2027-02-04");
	b.end = day_of("2027-02-05");
	b.kind = PLAN_MAINT_EMERGENCY;
	b.capacity_factor = 0;
	ck_assert_int_eq(plan_session_add_block(&st, s, &b, on_diff, &materials), 0);
	ck_assert_int_eq(st.replanned, 1);
	ck_assert_int_eq(materials, 0);
	const plan_result *r = plan_session_result(s);
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, print_violation, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	plan_result *fresh = plan_verified(m, PLAN_MODE_CONSTRAINED, NULL);
	same_plans(r, fresh);
	plan_result_free(fresh);
	plan_session_free(s);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("projects");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, on_time_by_hand);
	tcase_add_test(tc, late_with_its_chain);
	tcase_add_test(tc, shares_capacity_with_orders);
	tcase_add_test(tc, verifier_catches);
	tcase_add_test(tc, model_errors);
	tcase_add_test(tc, through_csv_and_store);
	tcase_add_test(tc, scheduler_reaches_bound);
	tcase_add_test(tc, materials_at_the_start);
	tcase_add_test(tc, due_after_the_horizon);
	tcase_add_test(tc, session_with_projects);
	tcase_add_test(tc, beyond_the_horizon);
	tcase_add_test(tc, materials_consume_no_forecast);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
