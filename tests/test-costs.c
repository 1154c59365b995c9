/* Standard costs (format 1.1, format.md "Standard costs"): the roll-up
 * through a three-level BOM, a transfer and a lane choice, worked out by
 * hand beside each number; when costs.csv is written and when not; the new
 * columns through CSV and the store. */
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "result/result_impl.h"

static void add_costed_resource(plan_model *m, const char *res, double per_hour)
{
	plan_resource_def r = PLAN_RESOURCE_DEF_INIT;
	r.resource = res;
	r.site = "P1";
	r.hours_per_day = 8;
	r.cost_per_hour = per_hour;
	ck_assert_int_eq(plan_model_add_resource(m, &r), 0);
}

static void add_bom(plan_model *m, const char *parent, const char *comp, double qty_per,
		    double scrap, const char *from)
{
	plan_bom_def b = PLAN_BOM_DEF_INIT;
	b.parent = parent;
	b.component = comp;
	b.qty_per = qty_per;
	b.scrap = scrap;
	if (from)
		b.valid_from = day_of(from);
	ck_assert_int_eq(plan_model_add_bom_line(m, &b), 0);
}

static plan_sku_def bought(const char *item, const char *site, double unit_cost)
{
	plan_sku_def s = mk_sku(item, site, PLAN_SKU_BUY, 2);
	s.unit_cost = unit_cost;
	return s;
}

/* A@P1 <- 2 B + 4 C (yield 0.8) on R2 (60 an hour: run 0.25 h, setup 1 h,
 * no standard lot); B@P1 <- 3 C (scrap 0.25) + 1 D on R1 (40 an hour: run
 * 0.5 h, setup 2 h over lot_min 10); C 2, D 5, E 7 bought; A's line of E
 * only from June (not at the plan start). A@W1 by lane from P1 (priority
 * 1, 1.5 a unit) or P2 (priority 2, 0.5 a unit; A@P2 bought at 100). */
static plan_model *three_levels(int format)
{
	plan_model *m = mk_model_as("2027-01-04", "2027-03-28", format, PLAN_BUCKET_WEEK);
	add_sku(m, bought("C", "P1", 2));
	add_sku(m, bought("D", "P1", 5));
	add_sku(m, bought("E", "P1", 7));
	plan_sku_def b = mk_sku("B", "P1", PLAN_SKU_MAKE, 1);
	b.lot_min = 10;
	add_sku(m, b);
	plan_sku_def a = mk_sku("A", "P1", PLAN_SKU_MAKE, 1);
	a.yield = 0.8;
	add_sku(m, a);
	add_sku(m, mk_sku("A", "W1", PLAN_SKU_TRANSFER, 0));
	add_sku(m, bought("A", "P2", 100));
	add_bom(m, "A", "B", 2, 0, NULL);
	add_bom(m, "A", "C", 4, 0, NULL);
	add_bom(m, "A", "E", 10, 0, "2027-06-01");
	add_bom(m, "B", "C", 3, 0.25, NULL);
	add_bom(m, "B", "D", 1, 0, NULL);
	add_costed_resource(m, "R1", 40);
	add_costed_resource(m, "R2", 60);
	add_step(m, "B", "10", "R1", 2, 0.5);
	add_step(m, "A", "10", "R2", 1, 0.25);
	plan_lane_def l = PLAN_LANE_DEF_INIT;
	l.item = "A";
	l.site = "W1";
	l.source = "P2";
	l.priority = 2;
	l.cost = 0.5;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	l.source = "P1";
	l.priority = 1;
	l.cost = 1.5;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
	add_demand(m, "D1", "A", "W1", day_of("2027-02-01"), 10);
	return m;
}

/* The costs row of item@site: material, labour, total. */
static void costs_of(const plan_result *r, const char *item, const char *site, double out[3])
{
	size_t n = plan_result__rows(r, PT_COSTS);
	plan_cell c[PLAN_RTABLE_MAX_COLS];
	char numbuf[40];
	for (size_t i = 0; i < n; i++) {
		plan_result__cells(r, PT_COSTS, i, c, numbuf);
		if (!strcmp(c[0].s, item) && !strcmp(c[1].s, site)) {
			out[0] = c[2].d;
			out[1] = c[3].d;
			out[2] = c[4].d;
			return;
		}
	}
	ck_abort_msg("no costs row of %s@%s", item, site);
}

static void expect(const plan_result *r, const char *item, const char *site, double material,
		   double labour)
{
	double c[3];
	costs_of(r, item, site, c);
	ck_assert_double_eq_tol(c[0], material, 1e-9);
	ck_assert_double_eq_tol(c[1], labour, 1e-9);
	ck_assert_double_eq_tol(c[2], material + labour, 1e-9);
}

static plan_result *plan(plan_model *m)
{
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	plan_result *r = NULL;
	int rc = plan_run(&r, m, &o);
	if (rc)
		dump_diags(m);
	ck_assert_int_eq(rc, 0);
	plan_verify_counts vc = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&vc, r, 0, NULL, NULL), 0);
	ck_assert_uint_eq(vc.violations, 0);
	return r;
}

START_TEST(three_level_roll_up)
{
	plan_model *m = three_levels(1);
	plan_result *r = plan(m);
	ck_assert_uint_eq(plan_result__rows(r, PT_COSTS), 7); /* every SKU */
	expect(r, "C", "P1", 2, 0);
	expect(r, "D", "P1", 5, 0);
	/* B: material 3 / (1 - 0.25) x 2 + 1 x 5 = 8 + 5 = 13;
	 * labour (0.5 + 2 / 10) x 40 = 28 */
	expect(r, "B", "P1", 13, 28);
	/* A (yield 0.8: 1.25 of each input a good unit): material
	 * 2 x 1.25 x 13 + 4 x 1.25 x 2 = 32.5 + 10 = 42.5 (E not yet);
	 * labour 2 x 1.25 x 28 + 0.25 x 60 = 70 + 15 = 85 (no standard lot:
	 * its setup is not in the unit cost) */
	expect(r, "A", "P1", 42.5, 85);
	/* A@W1 by its first lane, from P1: 42.5 + 1.5 = 44, labour 85 (not
	 * P2's, though cheaper: 100 + 0.5) */
	expect(r, "A", "W1", 44, 85);
	expect(r, "A", "P2", 100, 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A 1.0 scenario without prices or hourly costs has no costs table (nor
 * costs.csv); a price alone brings it. */
START_TEST(only_with_money)
{
	plan_model *m = mk_model("2027-01-04", "2027-03-28");
	add_sku(m, bought("C", "P1", 2));
	add_demand(m, "D1", "C", "P1", day_of("2027-02-01"), 10);
	plan_result *r = plan(m);
	ck_assert_int_eq(plan_result__has_table(r, PT_COSTS), 0);
	ck_assert_uint_eq(plan_result__rows(r, PT_COSTS), 0);
	char dir[] = "/tmp/libplan-costs-XXXXXX", path[600];
	plan_model_free(csv_written(m, r, dir));
	snprintf(path, sizeof(path), "%s/plan/costs.csv", dir);
	ck_assert_int_ne(access(path, F_OK), 0);
	remove_dir(dir);
	plan_result_free(r);

	plan_item_def it = PLAN_ITEM_DEF_INIT;
	it.item = "C";
	it.price = 3.5;
	ck_assert_int_eq(plan_model_add_item(m, &it), 0);
	r = plan(m);
	ck_assert_int_eq(plan_result__has_table(r, PT_COSTS), 1);
	char dir2[] = "/tmp/libplan-costs-XXXXXX";
	plan_model_free(csv_written(m, r, dir2));
	snprintf(path, sizeof(path), "%s/plan/costs.csv", dir2);
	char *text = slurp_small(path);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, "item,site,material,labour,total\nC,P1,2,0,2\n");
	free(text);
	snprintf(path, sizeof(path), "%s/items.csv", dir2);
	text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "price"));
	free(text);
	remove_dir(dir2);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* cost_per_hour and price through CSV and the store: the same model, the
 * same costs. */
START_TEST(columns_through_csv_and_store)
{
	plan_model *m = three_levels(1);
	plan_result *r = plan(m);
	char dir[] = "/tmp/libplan-costs-XXXXXX", path[600];
	plan_model *back = csv_written(m, r, dir);
	snprintf(path, sizeof(path), "%s/resources.csv", dir);
	char *text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "cost_per_hour"));
	ck_assert_ptr_nonnull(strstr(text, "R2,P1,8,,60"));
	free(text);
	snprintf(path, sizeof(path), "%s/plan/costs.csv", dir);
	text = slurp_small(path);
	ck_assert_ptr_nonnull(strstr(text, "\nA,W1,44,85,129\n"));
	free(text);
	remove_dir(dir);
	plan_model *stored = NULL;
	plan_result *rb = stored_and_read(back, r, &stored);
	expect(rb, "A", "W1", 44, 85);
	expect(rb, "B", "P1", 13, 28);
	plan_result_free(rb);
	plan_model_free(stored);
	plan_model_free(back);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* A caller of 0.3 passes a version 1 resource: its cost_per_hour is never
 * read (0), and a getter fills a version 1 struct only so far. */
START_TEST(version_1_resource)
{
	plan_model *m = mk_model_as("2027-01-04", "2027-03-28", 1, PLAN_BUCKET_WEEK);
	plan_resource_def d = PLAN_RESOURCE_DEF_INIT;
	d.version = 1;
	d.resource = "R";
	d.site = "P1";
	d.hours_per_day = 8;
	d.cost_per_hour = 99; /* past a version 1 struct: never read */
	ck_assert_int_eq(plan_model_add_resource(m, &d), 0);
	plan_resource_def got = PLAN_RESOURCE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_resource(&got, m, 0), 0);
	ck_assert_double_eq(got.cost_per_hour, 0);
	ck_assert_double_eq(got.hours_per_day, 8);
	plan_resource_def v1 = PLAN_RESOURCE_DEF_INIT;
	v1.version = 1;
	v1.cost_per_hour = -5;
	ck_assert_int_eq(plan_model_get_resource(&v1, m, 0), 0);
	ck_assert_double_eq(v1.cost_per_hour, -5); /* not written */
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("costs");
	TCase *tc = tcase_create("costs");
	tcase_add_test(tc, three_level_roll_up);
	tcase_add_test(tc, only_with_money);
	tcase_add_test(tc, columns_through_csv_and_store);
	tcase_add_test(tc, version_1_resource);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
