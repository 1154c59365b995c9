/* The store's calls for sweeps: checkpoints (plan_store_commit), images
 * sent elsewhere (plan_store_image), plans copied between stores, and the
 * /sweep/summary table. */
#include <hdf5.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"

static void tmp_path(char *buf, size_t n, const char *tag)
{
	snprintf(buf, n, "/tmp/plan-sweep-%ld-%s.h5", (long)getpid(), tag);
}

static plan_result *demo_plan(plan_model **m)
{
	ck_assert_int_eq(plan_model_load(m, SRC_PATH("tests/data/small"), NULL), 0);
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	plan_result *r = NULL;
	ck_assert_int_eq(plan_run(&r, *m, &o), 0);
	return r;
}

/* A checkpoint leaves a file another reader opens while the writer goes
 * on; what came after it is on disk only after the next one. */
START_TEST(commit_is_a_checkpoint)
{
	char path[128];
	tmp_path(path, sizeof(path), "commit");
	plan_model *m = NULL;
	plan_result *r = demo_plan(&m);
	plan_store *w = NULL, *rd = NULL;
	ck_assert_int_eq(plan_store_open(&w, path, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_model(w, m), 0);
	ck_assert_int_eq(plan_store_write_plan(w, "first", r, 0), 0);
	ck_assert_int_eq(plan_store_commit(w), 0);
	ck_assert_int_eq(plan_store_write_plan(w, "second", r, 0), 0);

	ck_assert_int_eq(plan_store_open(&rd, path, PLAN_STORE_READ), 0);
	ck_assert_uint_eq(plan_store_count_plans(rd), 1);
	ck_assert_str_eq(plan_store_plan_name(rd, 0), "first");
	ck_assert_int_eq(plan_store_has_scenario(rd), 1);
	plan_store_free(rd);

	ck_assert_int_eq(plan_store_commit(w), 0);
	ck_assert_int_eq(plan_store_open(&rd, path, PLAN_STORE_READ), 0);
	ck_assert_uint_eq(plan_store_count_plans(rd), 2);
	/* a reading store takes no checkpoint */
	ck_assert_int_eq(plan_store_commit(rd), PLAN_EINVAL);
	plan_store_free(rd);
	/* freed without closing: the last checkpoint stays */
	ck_assert_int_eq(plan_store_write_plan(w, "third", r, 0), 0);
	plan_store_free(w);
	ck_assert_int_eq(plan_store_open(&rd, path, PLAN_STORE_READ), 0);
	ck_assert_uint_eq(plan_store_count_plans(rd), 2);
	plan_store_free(rd);
	plan_result_free(r);
	plan_model_free(m);
	remove(path);
}
END_TEST

/* A plan made in one store's image (another process's, in a sweep) is
 * copied into another store and reads back as the plan it was. */
START_TEST(image_and_copy)
{
	char scratch[128], path[128];
	tmp_path(scratch, sizeof(scratch), "scratch");
	tmp_path(path, sizeof(path), "copy");
	plan_model *m = NULL;
	plan_result *r = demo_plan(&m);
	plan_store *w = NULL;
	ck_assert_int_eq(plan_store_open(&w, scratch, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_plan(w, "v1", r, 0), 0);
	void *image = NULL;
	size_t size = 0;
	ck_assert_int_eq(plan_store_image(w, &image, &size), 0);
	ck_assert_ptr_nonnull(image);
	ck_assert_uint_gt(size, 1000);
	plan_store_free(w);
	ck_assert_int_ne(access(scratch, F_OK), 0); /* an image only: no file */

	plan_store *src = NULL, *dst = NULL;
	ck_assert_int_eq(plan_store_open_image(&src, image, size, "worker"), 0);
	free(image);
	ck_assert_int_eq(plan_store_open(&dst, path, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_model(dst, m), 0);
	ck_assert_int_eq(plan_store_copy_plan(dst, "sweep.v1", src, "v1"), 0);
	ck_assert_int_eq(plan_store_copy_plan(dst, "x", src, "nope"), PLAN_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(plan_store_errmsg(dst), "nope"));
	ck_assert_int_eq(plan_store_copy_plan(dst, "bad name", src, "v1"), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_copy_plan(src, "v2", src, "v1"), PLAN_EINVAL); /* read only */
	/* copying again replaces */
	ck_assert_int_eq(plan_store_copy_plan(dst, "sweep.v1", src, "v1"), 0);
	ck_assert_int_eq(plan_store_close(dst), 0);
	plan_store_free(dst);
	plan_store_free(src);

	plan_store *rd = NULL;
	plan_model *m2 = NULL;
	plan_result *back = NULL;
	ck_assert_int_eq(plan_store_open(&rd, path, PLAN_STORE_READ), 0);
	ck_assert_uint_eq(plan_store_count_plans(rd), 1);
	ck_assert_int_eq(plan_store_read_model(&m2, rd, NULL), 0);
	ck_assert_int_eq(plan_store_read_plan(&back, rd, "sweep.v1", m2), 0);
	plan_summary a = PLAN_SUMMARY_INIT, b = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&a, r);
	plan_result_get_summary(&b, back);
	ck_assert_uint_eq(a.orders, b.orders);
	ck_assert_uint_eq(a.demands_late, b.demands_late);
	ck_assert_double_eq_tol(a.qty_short, b.qty_short, 1e-9);
	ck_assert_str_eq(a.status, b.status);
	plan_verify_counts vc = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&vc, back, 0, NULL, NULL), 0);
	ck_assert_uint_eq(vc.violations, 0);
	plan_result_free(back);
	plan_model_free(m2);
	plan_store_free(rd);
	plan_result_free(r);
	plan_model_free(m);
	remove(path);
}
END_TEST

/* Rows written, replaced and read back field by field; text cut where
 * documented; bad calls refused. */
START_TEST(summary_rows)
{
	char path[128];
	tmp_path(path, sizeof(path), "rows");
	char longname[100];
	memset(longname, 'v', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	plan_sweep_row rows[3] = { PLAN_SWEEP_ROW_INIT, PLAN_SWEEP_ROW_INIT, PLAN_SWEEP_ROW_INIT };
	rows[0].variant = "v0001";
	rows[0].scenario = "data/demo";
	rows[0].edits = "--demand 1.2 --and --block LINE-1:2026-01-05:2026-01-09";
	rows[0].demand_factor = 1.2;
	rows[0].block = "LINE-1:2026-01-05:2026-01-09";
	rows[0].mode = "constrained";
	rows[0].status = "late";
	rows[0].demands = 255;
	rows[0].demands_late = 7;
	rows[0].on_time = 248.0 / 255.0;
	rows[0].lateness_days = 31.5;
	rows[0].qty_short = 2.25;
	rows[0].capacity_available = 1000;
	rows[0].capacity_loaded = 812.5;
	rows[0].transfer_cost = 99.75;
	rows[0].stock_value = 12345.5;
	rows[0].orders = 400;
	rows[0].adjustments = 40;
	rows[0].seconds = 0.25;
	rows[0].rank = 1;
	rows[1].variant = "v0002";
	rows[1].scenario = "data/demo";
	rows[1].edits = "--close-lane X:Y:Z";
	rows[1].close_lane = "X:Y:Z";
	rows[1].error = "--close-lane X:Y:Z: no lane ships X from Z to Y";
	rows[2].variant = longname; /* cut to 64 */

	plan_store *w = NULL;
	ck_assert_int_eq(plan_store_open(&w, path, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_sweep(w, rows, 1), 0);
	ck_assert_int_eq(plan_store_write_sweep(w, rows, 3), 0); /* replaces */
	plan_sweep_row bad = PLAN_SWEEP_ROW_INIT;
	bad.version = 99;
	ck_assert_int_eq(plan_store_write_sweep(w, &bad, 1), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_close(w), 0);
	plan_store_free(w);

	plan_store *rd = NULL;
	ck_assert_int_eq(plan_store_open(&rd, path, PLAN_STORE_READ), 0);
	ck_assert_int_eq(plan_store_write_sweep(rd, rows, 1), PLAN_EINVAL);
	ck_assert_uint_eq(plan_store_count_sweep(rd), 3);
	plan_sweep_row x;
	ck_assert_int_eq(plan_store_get_sweep(&x, rd, 3), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_get_sweep(&x, rd, 0), 0);
	ck_assert_str_eq(x.variant, "v0001");
	ck_assert_str_eq(x.edits, rows[0].edits);
	ck_assert_str_eq(x.block, rows[0].block);
	ck_assert_str_eq(x.close_lane, "");
	ck_assert_str_eq(x.error, "");
	ck_assert_str_eq(x.status, "late");
	ck_assert_str_eq(x.mode, "constrained");
	ck_assert_double_eq(x.demand_factor, 1.2);
	ck_assert_uint_eq(x.demands, 255);
	ck_assert_uint_eq(x.demands_late, 7);
	ck_assert_double_eq(x.on_time, 248.0 / 255.0);
	ck_assert_double_eq(x.lateness_days, 31.5);
	ck_assert_double_eq(x.qty_short, 2.25);
	ck_assert_double_eq(x.capacity_loaded, 812.5);
	ck_assert_double_eq(x.transfer_cost, 99.75);
	ck_assert_double_eq(x.stock_value, 12345.5);
	ck_assert_uint_eq(x.orders, 400);
	ck_assert_uint_eq(x.adjustments, 40);
	ck_assert_double_eq(x.seconds, 0.25);
	ck_assert_int_eq(x.rank, 1);
	ck_assert_int_eq(plan_store_get_sweep(&x, rd, 1), 0);
	ck_assert_str_eq(x.error, rows[1].error);
	ck_assert_double_eq(x.demand_factor, 1.0);
	ck_assert_int_eq(plan_store_get_sweep(&x, rd, 2), 0);
	ck_assert_uint_eq(strlen(x.variant), 64);
	plan_store_free(rd);

	/* a store without a sweep has no rows */
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/small"), NULL), 0);
	ck_assert_int_eq(plan_store_open(&w, path, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_model(w, m), 0);
	ck_assert_int_eq(plan_store_close(w), 0);
	plan_store_free(w);
	ck_assert_int_eq(plan_store_open(&rd, path, PLAN_STORE_READ), 0);
	ck_assert_uint_eq(plan_store_count_sweep(rd), 0);
	plan_store_free(rd);
	plan_model_free(m);
	remove(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store-sweep");
	TCase *tc = tcase_create("sweep");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, commit_is_a_checkpoint);
	tcase_add_test(tc, image_and_copy);
	tcase_add_test(tc, summary_rows);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
