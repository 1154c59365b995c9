/* Project-specific supply (format 1.1 skus.csv project_specific, issue
 * 19), by hand in both modes: a project's material of such a SKU comes
 * from orders made for that project alone, which serve nothing else; the
 * common stock and orders serve the other demand; the verifier catching an
 * order that serves a project and other demand; the column through CSV.
 *
 * X is bought at P1 in 3 working days (Monday to Friday), by lots of 20
 * (FOQ), 10 on hand. Project J0 (priority 1) has one activity A of 2 days,
 * due Friday 2027-01-22, needing 5 X (by its latest start, Thursday
 * 01-21); demands D (8 X, 01-25) and D2 (10 X, 02-10). */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "result/result_impl.h"

#define START "2027-01-04"

static void add_x_material(plan_model *m, const char *prj, double qty)
{
	plan_activity_material_def d = PLAN_ACTIVITY_MATERIAL_DEF_INIT;
	d.project = prj;
	d.activity = "A";
	d.item = "X";
	d.site = "P1";
	d.qty = qty;
	ck_assert_int_eq(plan_model_add_activity_material(m, &d), 0);
}

static plan_model *x_and_j0(int specific, double on_hand, plan_date d2)
{
	plan_model *m = mk_model_as(START, "2027-02-28", 1, PLAN_BUCKET_WEEK);
	set_calendar(m, "WK", "1111100");
	plan_sku_def x = mk_sku("X", "P1", PLAN_SKU_BUY, 3);
	x.on_hand = on_hand;
	x.lot_rule = PLAN_LOT_FOQ;
	x.lot_qty = 20;
	x.project_specific = specific;
	add_sku(m, x);
	add_project(m, "J0", "2027-01-22", 1);
	add_activity(m, "J0", "A", 2, NULL);
	add_x_material(m, "J0", 5);
	add_demand(m, "D", "X", "P1", day_of("2027-01-25"), 8);
	add_demand(m, "D2", "X", "P1", d2, 10);
	return m;
}

/* "order=demand:qty;..." of the orders of X, in order. */
static const char *x_pegs(const plan_result *r, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		peg_text t;
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		k += (size_t)snprintf(buf + k, n - k, "%g %s;", o.qty, pegs_of(r, i, &t));
	}
	return buf;
}

/* Unconstrained: the common requirements net with the stock (D from it,
 * D2's 8 more a lot of 20 in the week of 02-08), J0's apart from none
 * (its own lot of 20 in the week of 01-18, for its 5 alone). Feasible:
 * J0's 5 bought for it (no stock of its own), D from the stock, D2 from
 * the 2 left and 8 bought. Without project_specific the stock serves J0
 * first (the first need) and nothing is bought for it. */
START_TEST(project_stock_by_hand)
{
	static const char *const pegs[2] = {
		"20 D2=8;;20 J0/A/X@P1=5;;",
		"5 J0/A/X@P1=5;;8 D2=8;;",
	};
	for (int mode = 0; mode < 2; mode++) {
		plan_model *m = x_and_j0(1, 10, day_of("2027-02-10"));
		plan_result *r = plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED,
					       NULL);
		char buf[256];
		ck_assert_str_eq(x_pegs(r, buf, sizeof(buf)), pegs[mode]);
		ck_assert_str_eq(deliveries(r, "J0/A/X@P1", buf, sizeof(buf)), "01-21 5;");
		ck_assert_str_eq(deliveries(r, "D", buf, sizeof(buf)), "01-25 8;");
		plan_result_free(r);
		plan_model_free(m);
		m = x_and_j0(0, 10, day_of("2027-02-10"));
		r = plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED, NULL);
		ck_assert_ptr_null(strstr(x_pegs(r, buf, sizeof(buf)), "J0"));
		plan_result_free(r);
		plan_model_free(m);
	}
}
END_TEST

/* Two projects needing X the same week: each its own lot, J0's rest never
 * J1's (unconstrained: two lots of 20). */
START_TEST(each_project_its_own)
{
	plan_model *m = x_and_j0(1, 0, day_of("2027-02-10"));
	add_project(m, "J1", "2027-01-22", 2);
	add_activity(m, "J1", "A", 2, NULL);
	add_x_material(m, "J1", 7);
	for (int mode = 0; mode < 2; mode++) {
		plan_result *r = plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED,
					       NULL);
		char buf[256];
		const char *p = x_pegs(r, buf, sizeof(buf));
		ck_assert_msg(strstr(p, "J0/A/X@P1=5;;") && strstr(p, "J1/A/X@P1=7;;"), "%s", p);
		plan_result_free(r);
	}
	plan_model_free(m);
}
END_TEST

static int count_specific(void *ctx, const plan_violation *v)
{
	*(int *)ctx += !strcmp(v->rule, "project_specific");
	return 0;
}

/* One lot serves D and D2 (no stock; D2 due 01-27, the same week); that
 * order said to serve J0's material with one of its two allocations is
 * caught. */
START_TEST(verifier_catches)
{
	plan_model *m = x_and_j0(1, 0, day_of("2027-01-27"));
	plan_result *r = plan_verified(m, PLAN_MODE_UNCONSTRAINED, NULL);
	int32_t mat = -1;
	for (size_t d = 0; d < m->tab[PLAN_TABLE_DEMAND].n; d++)
		if (plan_model__is_material(m, d))
			mat = (int32_t)d;
	ck_assert_int_ge(mat, 0);
	int found = 0;
	for (size_t o = 0; o < r->nord && !found; o++) {
		if (r->ord[o].alloc_count != 2)
			continue;
		r->alloc[r->ord[o].alloc_first].src = -1 - mat;
		found = 1;
	}
	ck_assert(found);
	int n = 0;
	plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&c, r, PLAN_VERIFY_UNCONSTRAINED, count_specific, &n), 0);
	ck_assert_int_eq(n, 1);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* skus.csv's column written back where a SKU sets it. */
START_TEST(through_csv)
{
	plan_model *m = x_and_j0(1, 10, day_of("2027-02-10"));
	char dir[] = "/tmp/libplan-specific-XXXXXX";
	plan_model *b = csv_written(m, NULL, dir);
	char path[600];
	snprintf(path, sizeof(path), "%s/skus.csv", dir);
	char *text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "project_specific"));
	free(text);
	remove_dir(dir);
	plan_model_free(b);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("specific");
	TCase *t = tcase_create("specific");
	tcase_add_test(t, project_stock_by_hand);
	tcase_add_test(t, each_project_its_own);
	tcase_add_test(t, verifier_catches);
	tcase_add_test(t, through_csv);
	suite_add_tcase(s, t);
	return run_suite(s);
}
