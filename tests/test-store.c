/* The HDF5 store: round trips of every table and of plans, files written by
 * other tools (text codes, missing and unknown fields, a newer minor
 * version), and broken files of every kind. */
#include <hdf5.h>
#include <pthread.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"

static void tmp_path(char *buf, size_t n, const char *tag)
{
	static int seq;
	snprintf(buf, n, "/tmp/plan-store-%ld-%d-%s.h5", (long)getpid(), seq++, tag);
}

static void write_store(const plan_model *m, const char *path)
{
	plan_store *s = NULL;
	int rc = plan_store_open(&s, path, PLAN_STORE_CREATE);
	ck_assert_msg(rc == 0, "open: %s", plan_store_errmsg(s));
	rc = plan_store_write_model(s, m);
	ck_assert_msg(rc == 0, "write: %s", plan_store_errmsg(s));
	ck_assert_int_eq(plan_store_close(s), 0);
}

/* Reads path's scenario (not validated); the status. */
static int read_store(const char *path, plan_model **m)
{
	plan_load_options o = PLAN_LOAD_OPTIONS_INIT;
	o.validate = 0;
	return plan_model_load(m, path, &o);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void remove_dir(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The plan tables of a and b, written as CSV, are the same bytes. */
static void same_plan_csv(const plan_result *a, const plan_result *b, unsigned flags)
{
	char da[] = "/tmp/plan-store-a-XXXXXX", db[] = "/tmp/plan-store-b-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(da));
	ck_assert_ptr_nonnull(mkdtemp(db));
	ck_assert_int_eq(plan_result_write_csv(a, da, flags, NULL, 0), 0);
	ck_assert_int_eq(plan_result_write_csv(b, db, flags, NULL, 0), 0);
	static const char *const files[] = { "orders.csv", "deliveries.csv", "exceptions.csv",
		"summary.csv", "loads.csv", "capacity.csv", "pegging.csv" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char pa[256], pb[256];
		size_t la = 0, lb = 0;
		snprintf(pa, sizeof(pa), "%s/%s", da, files[i]);
		snprintf(pb, sizeof(pb), "%s/%s", db, files[i]);
		char *x = slurp(pa, &la), *y = slurp(pb, &lb);
		ck_assert_msg((x == NULL) == (y == NULL), "%s: only one written", files[i]);
		if (x) {
			ck_assert_msg(la == lb && memcmp(x, y, la) == 0, "%s differs", files[i]);
			ck_assert_uint_gt(la, 0);
		}
		free(x);
		free(y);
	}
	remove_dir(da);
	remove_dir(db);
}

static void round_trip(const char *dir)
{
	plan_model *a = NULL, *b = NULL;
	char path[128];
	tmp_path(path, sizeof(path), "rt");
	ck_assert_int_eq(plan_model_load(&a, dir, NULL), 0);
	write_store(a, path);
	int rc = plan_model_load(&b, path, NULL);
	if (rc)
		dump_diags(b);
	ck_assert_int_eq(rc, 0);
	/* the same warnings (data/demo has a past-due receipt), no error */
	ck_assert_uint_eq(plan_model_diag_count(b), plan_model_diag_count(a));
	ck_assert_uint_eq(plan_model_error_count(b), 0);
	ck_assert_int_eq(plan_model_equal(a, b), 1);
	plan_model_free(a);
	plan_model_free(b);
	remove(path);
}

START_TEST(round_trip_demo_and_small)
{
	round_trip(SRC_PATH("data/demo"));
	round_trip(SRC_PATH("tests/data/small"));
}
END_TEST

/* Every kind of value, defaults and "none" included, and text that CSV
 * must quote. */
START_TEST(round_trip_every_value)
{
	plan_model *a = NULL;
	ck_assert_int_eq(plan_model_load(&a, SRC_PATH("tests/data/small"), NULL), 0);
	plan_item_def it = PLAN_ITEM_DEF_INIT;
	it.item = "Z\"1";
	it.name = "Sattelst\xc3\xbctze, \"comfort\"\nline two";
	it.uom = "";
	ck_assert_int_eq(plan_model_add_item(a, &it), 0);
	plan_sku_def s = PLAN_SKU_DEF_INIT;
	s.item = "Z\"1";
	s.site = "P1";
	s.type = PLAN_SKU_BUY;
	s.lot_rule = PLAN_LOT_FOQ;
	s.lot_qty = 12.5;
	s.lot_max = PLAN_NONE;
	s.lot_multiple = 0.1;
	s.on_hand = 1e-9;
	s.holding_cost = 123456789.123456789;
	ck_assert_int_eq(plan_model_add_sku(a, &s), 0);
	ck_assert_int_eq(plan_model_validate(a), 0);
	char path[128];
	tmp_path(path, sizeof(path), "values");
	write_store(a, path);
	plan_model *b = NULL;
	ck_assert_int_eq(plan_model_load(&b, path, NULL), 0);
	ck_assert_int_eq(plan_model_equal(a, b), 1);
	/* and field by field, for every table */
	for (int t = PLAN_TABLE_CALENDARS; t < PLAN_TABLE_COUNT_; t++)
		ck_assert_uint_eq(plan_model_count(a, (plan_table)t), plan_model_count(b, (plan_table)t));
	long k = plan_model_find_sku(b, "Z\"1", "P1");
	ck_assert_int_ge(k, 0);
	plan_sku_def got = PLAN_SKU_DEF_INIT;
	ck_assert_int_eq(plan_model_get_sku(b, (size_t)k, &got), 0);
	ck_assert(got.lot_max == PLAN_NONE);
	ck_assert(got.holding_cost == 123456789.123456789);
	ck_assert(got.on_hand == 1e-9);
	plan_item_def gi = PLAN_ITEM_DEF_INIT;
	ck_assert_int_eq(plan_model_get_item(b, plan_model_count(b, PLAN_TABLE_ITEMS) - 1, &gi), 0);
	ck_assert_str_eq(gi.name, it.name);
	plan_model_free(a);
	plan_model_free(b);
	remove(path);
}
END_TEST

START_TEST(plans_by_name)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("data/demo"), NULL), 0);
	plan_result *r = plan_checked(m);
	char path[128];
	tmp_path(path, sizeof(path), "plans");
	write_store(m, path);
	plan_store *s = NULL;
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_UPDATE), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "base", r, 0), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "lean.v2", r, PLAN_STORE_NO_PEGGING), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "base", r, 0), 0); /* replaced */
	ck_assert_int_eq(plan_store_write_plan(s, "a/b", r, 0), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_write_plan(s, "", r, 0), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_write_model(s, m), PLAN_EINVAL); /* already there */
	char want[256];
	snprintf(want, sizeof(want), "%s: already holds a scenario", path + 5);
	ck_assert_str_eq(plan_store_errmsg(s), want);
	ck_assert_int_eq(plan_store_close(s), 0);

	/* another open, as another run would */
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_READ), 0);
	ck_assert_uint_eq(plan_store_plan_count(s), 2);
	ck_assert_str_eq(plan_store_plan_name(s, 0), "base");
	ck_assert_str_eq(plan_store_plan_name(s, 1), "lean.v2");
	ck_assert_ptr_null(plan_store_plan_name(s, 2));
	ck_assert_int_eq(plan_store_write_plan(s, "x", r, 0), PLAN_EINVAL); /* read only */
	plan_model *m2 = NULL;
	ck_assert_int_eq(plan_store_read_model(s, &m2, NULL), 0);
	ck_assert_int_eq(plan_model_equal(m, m2), 1);
	for (int k = 0; k < 2; k++) {
		plan_result *back = NULL;
		int rc = plan_store_read_plan(s, k ? "lean.v2" : "base", m2, &back);
		ck_assert_msg(rc == 0, "read plan: %s", plan_store_errmsg(s));
		same_plan_csv(r, back, 0);
		plan_summary a = PLAN_SUMMARY_INIT, b = PLAN_SUMMARY_INIT;
		plan_result_summary(r, &a);
		plan_result_summary(back, &b);
		ck_assert_str_eq(a.status, b.status);
		ck_assert_uint_eq(a.allocations, b.allocations);
		ck_assert_uint_eq(a.critical, b.critical);
		plan_verify_counts va = PLAN_VERIFY_COUNTS_INIT, vb = PLAN_VERIFY_COUNTS_INIT;
		ck_assert_int_eq(plan_result_verify(r, PLAN_VERIFY_UNCONSTRAINED, NULL, NULL, &va), 0);
		ck_assert_int_eq(plan_result_verify(back, PLAN_VERIFY_UNCONSTRAINED, NULL, NULL, &vb), 0);
		ck_assert_uint_eq(vb.violations, 0);
		ck_assert_uint_eq(va.checks, vb.checks);
		ck_assert_uint_eq(va.notes, vb.notes);
		plan_result_free(back);
	}
	plan_result *none = NULL;
	ck_assert_int_eq(plan_store_read_plan(s, "nope", m2, &none), PLAN_ENOTFOUND);
	snprintf(want, sizeof(want), "%s: no plan \"nope\"", path + 5);
	ck_assert_str_eq(plan_store_errmsg(s), want);
	plan_store_close(s);
	plan_result_free(r);
	plan_model_free(m);
	plan_model_free(m2);
	remove(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, round_trip_demo_and_small);
	tcase_add_test(tc, round_trip_every_value);
	tcase_add_test(tc, plans_by_name);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
