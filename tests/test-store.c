/* The HDF5 store: round trips of every table and of plans, files written by
 * other tools (text codes, missing and unknown fields, a newer minor
 * version), and broken files of every kind. */
#include <hdf5.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "helpers.h"
#include "plan-helpers.h"
#include "base/h5io.h"
#include "result/result_impl.h"

static void tmp_path(char *buf, size_t n, const char *tag)
{
	static atomic_int seq; /* two_threads names files from two threads */
	snprintf(buf, n, "/tmp/plan-store-%ld-%d-%s.h5", (long)getpid(), atomic_fetch_add(&seq, 1),
		 tag);
}

/* HDF5 files, groups, datasets and attributes open in this process:
 * libplan must close all it opens, on error paths too. */
static long open_ids(void)
{
	return (long)H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL);
}

static void write_store(const plan_model *m, const char *path)
{
	plan_store *s = NULL;
	int rc = plan_store_open(&s, path, PLAN_STORE_CREATE);
	ck_assert_msg(rc == 0, "open: %s", plan_store_errmsg(s));
	rc = plan_store_write_model(s, m);
	ck_assert_msg(rc == 0, "write: %s", plan_store_errmsg(s));
	ck_assert_int_eq(plan_store_close(s), 0);
	plan_store_free(s);
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

/* The plan tables of a and b, written as CSV, are the same bytes. */
static void same_plan_csv(const plan_result *a, const plan_result *b, unsigned flags)
{
	char da[] = "/tmp/plan-store-a-XXXXXX", db[] = "/tmp/plan-store-b-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(da));
	ck_assert_ptr_nonnull(mkdtemp(db));
	ck_assert_int_eq(plan_result_write_csv(a, da, flags), 0);
	ck_assert_int_eq(plan_result_write_csv(b, db, flags), 0);
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
	ck_assert_uint_eq(plan_model_count_diags(b), plan_model_count_diags(a));
	ck_assert_uint_eq(plan_model_count_errors(b), 0);
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
	ck_assert_int_eq(plan_model_get_sku(&got, b, (size_t)k), 0);
	ck_assert(got.lot_max == PLAN_NONE);
	ck_assert(got.holding_cost == 123456789.123456789);
	ck_assert(got.on_hand == 1e-9);
	plan_item_def gi = PLAN_ITEM_DEF_INIT;
	ck_assert_int_eq(plan_model_get_item(&gi, b, plan_model_count(b, PLAN_TABLE_ITEMS) - 1), 0);
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
	ck_assert_int_eq(plan_store_write_plan(s, "base", r, PLAN_STORE_PEGGING), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "lean.v2", r, PLAN_STORE_NO_PEGGING), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "base", r, PLAN_STORE_PEGGING), 0); /* replaced */
	ck_assert_int_eq(plan_store_write_plan(s, "a/b", r, 0), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_write_plan(s, "", r, 0), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_write_model(s, m), PLAN_EINVAL); /* already there */
	char want[256];
	snprintf(want, sizeof(want), "%s: already holds a scenario", path + 5);
	ck_assert_str_eq(plan_store_errmsg(s), want);
	ck_assert_int_eq(plan_store_close(s), 0);
	plan_store_free(s);

	/* another open, as another run would */
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_READ), 0);
	ck_assert_uint_eq(plan_store_count_plans(s), 2);
	ck_assert_str_eq(plan_store_plan_name(s, 0), "base");
	ck_assert_str_eq(plan_store_plan_name(s, 1), "lean.v2");
	ck_assert_ptr_null(plan_store_plan_name(s, 2));
	ck_assert_int_eq(plan_store_write_plan(s, "x", r, 0), PLAN_EINVAL); /* read only */
	plan_model *m2 = NULL;
	ck_assert_int_eq(plan_store_read_model(&m2, s, NULL), 0);
	ck_assert_int_eq(plan_model_equal(m, m2), 1);
	for (int k = 0; k < 2; k++) {
		plan_result *back = NULL;
		int rc = plan_store_read_plan(&back, s, k ? "lean.v2" : "base", m2);
		ck_assert_msg(rc == 0, "read plan: %s", plan_store_errmsg(s));
		same_plan_csv(r, back, 0);
		plan_summary a = PLAN_SUMMARY_INIT, b = PLAN_SUMMARY_INIT;
		plan_result_get_summary(&a, r);
		plan_result_get_summary(&b, back);
		ck_assert_str_eq(a.status, b.status);
		ck_assert_uint_eq(a.allocations, b.allocations);
		ck_assert_uint_eq(a.critical, b.critical);
		plan_verify_counts va = PLAN_VERIFY_COUNTS_INIT, vb = PLAN_VERIFY_COUNTS_INIT;
		ck_assert_int_eq(plan_result_verify(&va, r, PLAN_VERIFY_UNCONSTRAINED, NULL, NULL), 0);
		ck_assert_int_eq(plan_result_verify(&vb, back, PLAN_VERIFY_UNCONSTRAINED, NULL, NULL), 0);
		ck_assert_uint_eq(vb.violations, 0);
		ck_assert_uint_eq(va.checks, vb.checks);
		ck_assert_uint_eq(va.notes, vb.notes);
		plan_result_free(back);
	}
	plan_result *none = NULL;
	ck_assert_int_eq(plan_store_read_plan(&none, s, "nope", m2), PLAN_ENOTFOUND);
	snprintf(want, sizeof(want), "%s: no plan \"nope\"", path + 5);
	ck_assert_str_eq(plan_store_errmsg(s), want);
	plan_store_close(s);
	plan_store_free(s);
	plan_result_free(r);
	plan_model_free(m);
	plan_model_free(m2);
	remove(path);
}
END_TEST


/* --- files written by hand, as another tool would ------------------------ */

/* A table of text ("s") and number ("d", "i": int32) fields, rows given as
 * text, written with the plain HDF5 API. */
static void put_table(hid_t g, const char *name, const char *kinds, const char *const *fields,
		      size_t nrows, const char *const *cells)
{
	int nf = (int)strlen(kinds);
	size_t off[16], size = 0;
	hid_t str = H5Tcopy(H5T_C_S1);
	H5Tset_size(str, 24);
	for (int f = 0; f < nf; f++) {
		off[f] = size;
		size += kinds[f] == 's' ? 24 : kinds[f] == 'd' ? 8 : 4;
	}
	hid_t t = H5Tcreate(H5T_COMPOUND, size);
	for (int f = 0; f < nf; f++)
		H5Tinsert(t, fields[f], off[f],
			  kinds[f] == 's' ? str : kinds[f] == 'd' ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT32);
	char *buf = calloc(nrows ? nrows : 1, size);
	for (size_t r = 0; r < nrows; r++)
		for (int f = 0; f < nf; f++) {
			const char *v = cells[r * (size_t)nf + (size_t)f];
			char *p = buf + r * size + off[f];
			if (kinds[f] == 's') {
				strncpy(p, v, 23);
			} else if (kinds[f] == 'd') {
				double d = strtod(v, NULL);
				memcpy(p, &d, 8);
			} else {
				int32_t i = (int32_t)strtol(v, NULL, 10);
				memcpy(p, &i, 4);
			}
		}
	hsize_t dims = nrows;
	hid_t sp = H5Screate_simple(1, &dims, NULL);
	hid_t d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	ck_assert_int_ge(d, 0);
	if (nrows)
		ck_assert_int_ge(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), 0);
	H5Dclose(d);
	H5Sclose(sp);
	H5Tclose(t);
	H5Tclose(str);
	free(buf);
}

static void put_attr_int(hid_t obj, const char *name, long v)
{
	hid_t sp = H5Screate(H5S_SCALAR);
	hid_t a = H5Acreate2(obj, name, H5T_NATIVE_LONG, sp, H5P_DEFAULT, H5P_DEFAULT);
	H5Awrite(a, H5T_NATIVE_LONG, &v);
	H5Aclose(a);
	H5Sclose(sp);
}

static void put_attr_text(hid_t obj, const char *name, const char *v)
{
	hid_t t = H5Tcopy(H5T_C_S1);
	H5Tset_size(t, strlen(v) + 1);
	hid_t sp = H5Screate(H5S_SCALAR);
	hid_t a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
	H5Awrite(a, t, v);
	H5Aclose(a);
	H5Sclose(sp);
	H5Tclose(t);
}

/* A store as a foreign tool writes it: codes as text, a field libplan does
 * not know (skus.color), optional fields left out (skus.unit_cost and
 * more), format version 1.7. Returns the open /scenario group's file. */
static hid_t foreign_store(const char *path, long major, long minor)
{
	hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	ck_assert_int_ge(f, 0);
	put_attr_text(f, "format", "libplan");
	put_attr_int(f, "format_major", major);
	put_attr_int(f, "format_minor", minor);
	hid_t g = H5Gcreate2(f, "scenario", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	static const char *const scn_f[] = { "start", "bucket" };
	static const char *const scn[] = { "2027-01-04", "week" };
	put_table(g, "scenario", "ss", scn_f, 1, scn);
	static const char *const site_f[] = { "site" };
	static const char *const sites[] = { "P1" };
	put_table(g, "sites", "s", site_f, 1, sites);
	static const char *const item_f[] = { "item", "name" };
	static const char *const items[] = { "A", "Alpha", "B", "Beta" };
	put_table(g, "items", "ss", item_f, 2, items);
	static const char *const sku_f[] = { "item", "site", "type", "lead_time", "on_hand", "color" };
	static const char *const skus[] = { "A", "P1", "make", "2", "10", "red",
					     "B", "P1", "buy", "1", "0", "blue" };
	put_table(g, "skus", "sssids", sku_f, 2, skus);
	static const char *const bom_f[] = { "parent", "component", "qty_per", "valid_from" };
	static const char *const bom[] = { "A", "B", "2", "2027-02-01" };
	put_table(g, "bom", "ssds", bom_f, 1, bom);
	static const char *const dem_f[] = { "id", "item", "site", "due", "qty" };
	static const char *const dem[] = { "D1", "A", "P1", "2027-03-01", "5" };
	put_table(g, "demand", "sssss", dem_f, 1, dem);
	H5Gclose(g);
	return f;
}

START_TEST(foreign_writer)
{
	char path[128];
	tmp_path(path, sizeof(path), "foreign");
	H5Fclose(foreign_store(path, 1, 7));
	plan_model *m = NULL;
	int rc = plan_model_load(&m, path, NULL);
	if (rc)
		dump_diags(m);
	ck_assert_int_eq(rc, 0);
	char want[256];
	snprintf(want, sizeof(want), "%s:/scenario/skus: unknown fields ignored: \"color\"", path + 5);
	ck_assert_msg(has_diag(m, want), "no warning %s", want);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_SKUS), 2);
	plan_sku_def s = PLAN_SKU_DEF_INIT;
	ck_assert_int_eq(plan_model_get_sku(&s, m, 0), 0);
	ck_assert_int_eq(s.lead_time, 2);
	ck_assert(s.on_hand == 10);
	ck_assert(s.yield == 1.0);          /* default filled */
	ck_assert(s.lot_max == PLAN_NONE);  /* default filled */
	ck_assert_int_eq(s.type, PLAN_SKU_MAKE);
	plan_bom_def b = PLAN_BOM_DEF_INIT;
	ck_assert_int_eq(plan_model_get_bom_line(&b, m, 0), 0);
	ck_assert_int_eq(b.valid_from, day_of("2027-02-01"));
	ck_assert_int_eq(b.valid_until, PLAN_DATE_NONE);
	plan_result *r = plan_checked(m);
	ck_assert_uint_eq(plan_result_count(r, PLAN_RESULT_DELIVERIES), 1);
	plan_result_free(r);
	plan_model_free(m);

	/* another major version is refused */
	H5Fclose(foreign_store(path, 2, 0));
	rc = plan_model_load(&m, path, NULL);
	ck_assert_int_eq(rc, PLAN_EFORMAT);
	snprintf(want, sizeof(want), "%s: format version 2.0; this libplan reads version 1.x",
		 path + 5);
	ck_assert_msg(has_diag(m, want), "no error %s", want);
	plan_model_free(m);
	remove(path);
}
END_TEST

/* Opens path read-write, lets fn break it, closes it. */
static void tamper(const char *path, void (*fn)(hid_t f))
{
	hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
	ck_assert_int_ge(f, 0);
	fn(f);
	H5Fclose(f);
}

static void drop_skus(hid_t f)
{
	ck_assert_int_ge(H5Ldelete(f, "scenario/skus", H5P_DEFAULT), 0);
}

static void items_not_a_table(hid_t f)
{
	H5Ldelete(f, "scenario/items", H5P_DEFAULT);
	hsize_t dims = 3;
	int v[3] = { 1, 2, 3 };
	hid_t sp = H5Screate_simple(1, &dims, NULL);
	hid_t d = H5Dcreate2(f, "scenario/items", H5T_NATIVE_INT, sp, H5P_DEFAULT, H5P_DEFAULT,
			     H5P_DEFAULT);
	H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
	H5Dclose(d);
	H5Sclose(sp);
}

static void name_is_a_number(hid_t f)
{
	H5Ldelete(f, "scenario/items", H5P_DEFAULT);
	hid_t g = H5Gopen2(f, "scenario", H5P_DEFAULT);
	static const char *const fields[] = { "item", "name" };
	static const char *const rows[] = { "0", "7" };
	put_table(g, "items", "ii", fields, 1, rows);
	H5Gclose(g);
}

static void bad_index_and_value(hid_t f)
{
	H5Ldelete(f, "scenario/demand", H5P_DEFAULT);
	hid_t g = H5Gopen2(f, "scenario", H5P_DEFAULT);
	static const char *const fields[] = { "id", "item", "site", "due", "qty" };
	static const char *const rows[] = { "0", "99999", "0", "20820", "5",
					    "1", "0", "0", "20820", "-5" };
	put_table(g, "demand", "iiiid", fields, 2, rows);
	H5Gclose(g);
}

static void duplicate_code(hid_t f)
{
	H5Ldelete(f, "scenario/codes/site", H5P_DEFAULT);
	hid_t g = H5Gopen2(f, "scenario/codes", H5P_DEFAULT);
	static const char *const fields[] = { "code" };
	static const char *const rows[] = { "P1", "P1", "P3" };
	put_table(g, "site", "s", fields, 3, rows);
	H5Gclose(g);
}

static void no_format(hid_t f)
{
	H5Adelete(f, "format");
}

/* Every broken file gives its status and message, and no crash or leak. */
START_TEST(broken_files)
{
	plan_model *good = NULL;
	ck_assert_int_eq(plan_model_load(&good, SRC_PATH("tests/data/small"), NULL), 0);
	char path[128], want[300];
	tmp_path(path, sizeof(path), "broken");
	const char *name = path + 5;
	write_store(good, path);
	long ids = open_ids();
	/* HDF5's printing is silenced during each call and restored after */
	H5E_auto2_t func0 = NULL, func1 = NULL;
	void *data0 = NULL, *data1 = NULL;
	H5Eget_auto2(H5E_DEFAULT, &func0, &data0);
	ck_assert(func0 != NULL);
	static const struct {
		void (*fn)(hid_t);
		int rc;
		const char *msg; /* after "NAME" */
	} cases[] = {
		{ drop_skus, PLAN_EIO, ":/scenario/skus: required dataset missing" },
		{ items_not_a_table, PLAN_EIO,
		  ":/scenario/items: items: not a table (a dataset of a compound type)" },
		{ name_is_a_number, PLAN_EFORMAT,
		  ":/scenario/items: field \"name\" is of the wrong type (expected a string)" },
		{ bad_index_and_value, PLAN_EFORMAT,
		  ":/scenario/demand:1:2: item: expected an index of /scenario/codes/item (-1 to 3), got 99999" },
		{ bad_index_and_value, PLAN_EFORMAT,
		  ":/scenario/demand:2:5: qty: expected a number >= 0, got -5" },
		{ duplicate_code, PLAN_EFORMAT, ":/scenario/codes/site:2:1: code \"P1\" twice" },
		{ duplicate_code, PLAN_EFORMAT,
		  ":/scenario/skus: field \"site\" indexes /scenario/codes/site, which is broken" },
		{ no_format, PLAN_EFORMAT,
		  ": not a libplan store (no root attribute format = \"libplan\")" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_store(good, path);
		tamper(path, cases[i].fn);
		plan_model *m = NULL;
		int rc = read_store(path, &m);
		snprintf(want, sizeof(want), "%s%s", name, cases[i].msg);
		if (rc != cases[i].rc || !has_diag(m, want)) {
			dump_diags(m);
			ck_abort_msg("case %zu: rc %d, wanted %d and %s", i, rc, cases[i].rc, want);
		}
		plan_model_free(m);
	}

	/* not HDF5, not there, a directory, foreign HDF5 */
	FILE *f = fopen(path, "w");
	fputs("item,site\nA,P1\n", f);
	fclose(f);
	plan_store *s = NULL;
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_READ), PLAN_EIO);
	snprintf(want, sizeof(want), "%s: not an HDF5 file", path);
	ck_assert_str_eq(plan_store_errmsg(s), want);
	plan_store_close(s);
	plan_store_free(s);
	ck_assert_int_eq(plan_store_open(&s, "/nonexistent.h5", PLAN_STORE_READ), PLAN_EIO);
	ck_assert_str_eq(plan_store_errmsg(s), "/nonexistent.h5: No such file or directory");
	plan_store_close(s);
	plan_store_free(s);
	ck_assert_int_eq(plan_store_open(&s, "/tmp", PLAN_STORE_UPDATE), PLAN_EIO);
	ck_assert_str_eq(plan_store_errmsg(s), "/tmp: not a file");
	plan_store_close(s);
	plan_store_free(s);
	ck_assert_int_eq(plan_store_open(&s, "/dev/null/dir/x.h5", PLAN_STORE_CREATE), PLAN_EIO);
	ck_assert_msg(strcmp(plan_store_errmsg(s), "x.h5: cannot create: Not a directory") == 0,
		      "%s", plan_store_errmsg(s));
	plan_store_close(s);
	plan_store_free(s);
	hid_t h = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	H5Fclose(h);
	plan_model *m = NULL;
	ck_assert_int_eq(read_store(path, &m), PLAN_EFORMAT);
	plan_model_free(m);
	ck_assert_int_eq(plan_store_open(NULL, path, PLAN_STORE_READ), PLAN_EINVAL);
	ck_assert_int_eq(plan_store_open(&s, path, (plan_store_mode)7), PLAN_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(plan_store_errmsg(NULL), "no store");
	ck_assert_int_eq(open_ids(), ids);
	H5Eget_auto2(H5E_DEFAULT, &func1, &data1);
	ck_assert(func1 == func0 && data1 == data0);
	plan_model_free(good);
	remove(path);
}
END_TEST

/* Truncated and corrupted copies of a store holding a plan: an error or a
 * model, never a crash, a leak or a hang. */
START_TEST(truncated_and_corrupted)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("data/demo"), NULL), 0);
	plan_result *r = plan_checked(m);
	char path[128];
	tmp_path(path, sizeof(path), "cut");
	write_store(m, path);
	plan_store *s = NULL;
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_UPDATE), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "p", r, 0), 0);
	ck_assert_int_eq(plan_store_close(s), 0);
	plan_store_free(s);
	size_t len = 0;
	char *img = slurp(path, &len);
	ck_assert_ptr_nonnull(img);
	int failed = 0, read = 0;
	long ids = open_ids();
	for (int k = 0; k < 60; k++) {
		size_t cut = len;
		char *copy = malloc(len);
		memcpy(copy, img, len);
		if (k < 20) {
			cut = len * (size_t)(k + 1) / 21;
		} else {
			/* flip a few bytes at pseudo-random places */
			unsigned long x = 2654435761ul * (unsigned long)k;
			for (int j = 0; j < 4; j++) {
				x = x * 6364136223846793005ul + 1442695040888963407ul;
				copy[(x >> 17) % len] ^= (char)(1 + (x >> 9) % 255);
			}
		}
		plan_store *st = NULL;
		int rc = plan_store_open_image(&st, copy, cut, "cut.h5");
		if (rc == 0) {
			plan_model *back = NULL;
			rc = plan_store_read_model(&back, st, NULL);
			if (rc == 0) {
				plan_result *rb = NULL;
				if (plan_store_read_plan(&rb, st, "p", back) == 0)
					read++;
				plan_result_free(rb);
			}
			plan_model_free(back);
		}
		failed += rc != 0;
		ck_assert_str_ne(plan_store_errmsg(st), "");
		plan_store_close(st);
		plan_store_free(st);
		free(copy);
	}
	ck_assert_int_ge(failed, 20); /* every truncation at least */
	ck_assert_int_eq(open_ids(), ids);
	free(img);
	plan_result_free(r);
	plan_model_free(m);
	remove(path);
}
END_TEST

/* A table of many blocks (the reader reads the next block on a second
 * thread while the model is built from this one): the demo with 100,000
 * more demands (their table in four blocks of 28,339 rows, their ids in
 * one) comes back equal; bytes flipped in the second half of the file
 * (where those blocks are) give an error or a model, never a crash, a leak
 * or an id left open. */
START_TEST(many_blocks)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("data/demo"), NULL), 0);
	char id[32];
	for (int i = 0; i < 100000; i++) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		snprintf(id, sizeof(id), "MB%06d", i);
		d.id = id;
		d.item = i % 2 ? "EB-CITY" : "EB-TREK";
		d.site = "DC-N";
		d.due = plan_date_from_ymd(2027, 1, 4) + i % 300;
		d.qty = 1 + i % 17;
		d.priority = 1 + i % 9;
		ck_assert_int_eq(plan_model_add_demand(m, &d), 0);
	}
	char path[128];
	tmp_path(path, sizeof(path), "blocks");
	write_store(m, path);
	plan_model *back = NULL;
	ck_assert_int_eq(plan_model_load(&back, path, NULL), 0);
	ck_assert(plan_model_equal(m, back));
	plan_model_free(back);
	size_t len = 0;
	char *img = slurp(path, &len);
	ck_assert_ptr_nonnull(img);
	long ids = open_ids();
	int failed = 0, unreadable = 0;
	for (int k = 0; k < 12; k++) {
		char *copy = malloc(len);
		memcpy(copy, img, len);
		unsigned long x = 40503ul * (unsigned long)(k + 1);
		for (int j = 0; j < 8; j++) {
			x = x * 6364136223846793005ul + 1442695040888963407ul;
			copy[len / 2 + (x >> 17) % (len / 2)] ^= (char)(1 + (x >> 9) % 255);
		}
		plan_store *st = NULL;
		int rc = plan_store_open_image(&st, copy, len, "blocks.h5");
		if (rc == 0) {
			plan_model *b = NULL;
			rc = plan_store_read_model(&b, st, NULL);
			plan_model_free(b);
		}
		failed += rc != 0;
		if (rc != 0)
			ck_assert_str_ne(plan_store_errmsg(st), "");
		/* a block that does not inflate is named by its rows */
		unreadable += rc != 0 && strstr(plan_store_errmsg(st), "cannot be read") != NULL;
		plan_store_close(st);
		plan_store_free(st);
		free(copy);
	}
	ck_assert_int_ge(failed, 1);
	ck_assert_int_ge(unreadable, 1);
	ck_assert_int_eq(open_ids(), ids);
	free(img);
	plan_model_free(m);
	remove(path);
}
END_TEST

typedef struct job {
	const char *dir;
	int ok;
} job;

static void *store_round_trip(void *arg)
{
	job *j = arg;
	char path[128];
	tmp_path(path, sizeof(path), j->dir[strlen(j->dir) - 1] == 'o' ? "t1" : "t2");
	plan_model *a = NULL, *b = NULL;
	j->ok = plan_model_load(&a, j->dir, NULL) == 0;
	plan_store *s = NULL;
	for (int k = 0; k < 5 && j->ok; k++) {
		j->ok = plan_store_open(&s, path, PLAN_STORE_CREATE) == 0 &&
			plan_store_write_model(s, a) == 0;
		j->ok &= plan_store_close(s) == 0;
		plan_store_free(s);
		j->ok = j->ok && plan_model_load(&b, path, NULL) == 0 && plan_model_equal(a, b);
		plan_model_free(b);
		b = NULL;
	}
	plan_model_free(a);
	remove(path);
	return NULL;
}

START_TEST(two_threads)
{
	job a = { SRC_PATH("data/demo"), 0 }, b = { SRC_PATH("tests/data/small"), 0 };
	pthread_t ta, tb;
	ck_assert_int_eq(pthread_create(&ta, NULL, store_round_trip, &a), 0);
	ck_assert_int_eq(pthread_create(&tb, NULL, store_round_trip, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	ck_assert(a.ok);
	ck_assert(b.ok);
}
END_TEST

/* A broken dictionary is one error, and one for each table that indexes
 * it; the other tables read as they are (once: "field ... is of the wrong
 * type" for receipts and maintenance, whose dictionaries come after it). */
START_TEST(one_error_per_broken_table)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("data/demo"), NULL), 0);
	char path[128];
	tmp_path(path, sizeof(path), "codes");
	write_store(m, path);
	plan_model_free(m);
	hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
	ck_assert_int_ge(f, 0);
	ck_assert_int_ge(H5Ldelete(f, "/scenario/codes/demand", H5P_DEFAULT), 0);
	hsize_t n = 4;
	int v[4] = { 1, 2, 3, 4 };
	hid_t sp = H5Screate_simple(1, &n, NULL);
	hid_t d = H5Dcreate2(f, "/scenario/codes/demand", H5T_NATIVE_INT, sp, H5P_DEFAULT,
			     H5P_DEFAULT, H5P_DEFAULT);
	ck_assert_int_ge(d, 0);
	H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
	H5Dclose(d);
	H5Sclose(sp);
	H5Fclose(f);
	ck_assert_int_eq(plan_model_load(&m, path, NULL), PLAN_EIO);
	size_t errors = 0;
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag dg = PLAN_DIAG_INIT;
		plan_model_get_diag(&dg, m, i);
		if (dg.severity != PLAN_SEVERITY_ERROR)
			continue;
		errors++;
		ck_assert_msg(!strstr(dg.message, "wrong type"), "%s", dg.message);
		ck_assert_msg(strstr(dg.message, "/scenario/codes/demand") ||
			      strstr(dg.message, "/scenario/demand:"), "%s", dg.message);
	}
	ck_assert_uint_eq(errors, 2);
	ck_assert_uint_gt(plan_model_count(m, PLAN_TABLE_RECEIPTS), 0);
	ck_assert_uint_gt(plan_model_count(m, PLAN_TABLE_MAINTENANCE), 0);
	plan_model_free(m);
	remove(path);
}
END_TEST

/* A plan's group says which mode made it, and the mode comes back with the
 * plan (a constrained plan is verified by the feasibility rules). */
START_TEST(plan_mode_attribute)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("data/demo"), NULL), 0);
	plan_result *u = plan_checked(m), *c = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	ck_assert_int_ge(plan_run(&c, m, &o), 0);
	char path[128];
	tmp_path(path, sizeof(path), "mode");
	write_store(m, path);
	plan_store *s = NULL;
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_UPDATE), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "u", u, 0), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "c", c, 0), 0);
	ck_assert_int_eq(plan_store_close(s), 0);
	plan_store_free(s);
	hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	ck_assert_int_ge(f, 0);
	const char *const names[] = { "plans/u", "plans/c" };
	const char *const want[] = { "unconstrained", "constrained" };
	for (int k = 0; k < 2; k++) {
		char mode[32] = "";
		hid_t g = H5Gopen2(f, names[k], H5P_DEFAULT);
		ck_assert_int_eq(plan_h5__attr_text_get(g, "mode", mode, sizeof(mode)), 0);
		ck_assert_str_eq(mode, want[k]);
		H5Gclose(g);
	}
	H5Fclose(f);
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_READ), 0);
	plan_result *back = NULL;
	ck_assert_int_eq(plan_store_read_plan(&back, s, "c", m), 0);
	ck_assert_int_eq(back->constrained, 1);
	plan_result_free(back);
	ck_assert_int_eq(plan_store_read_plan(&back, s, "u", m), 0);
	ck_assert_int_eq(back->constrained, 0);
	plan_result_free(back);
	plan_store_close(s);
	plan_store_free(s);
	plan_result_free(u);
	plan_result_free(c);
	plan_model_free(m);
	remove(path);
}
END_TEST

/* plan_h5__checksum() is HDF5's: it gives the checksum HDF5 itself wrote
 * into a superblock of version 3, and the fix leaves a good image as it
 * was. */
START_TEST(superblock_checksum)
{
	char path[128];
	tmp_path(path, sizeof(path), "sb");
	hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
	H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110);
	hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
	ck_assert_int_ge(f, 0);
	H5Fclose(f);
	H5Pclose(fapl);
	unsigned char sb[64], fixed[64];
	FILE *in = fopen(path, "rb");
	ck_assert_uint_eq(fread(sb, 1, sizeof(sb), in), sizeof(sb));
	fclose(in);
	ck_assert_int_eq(sb[8], 3);
	ck_assert_int_eq(sb[9], 8);
	uint32_t stored = sb[44] | (uint32_t)sb[45] << 8 | (uint32_t)sb[46] << 16 |
			  (uint32_t)sb[47] << 24;
	ck_assert_uint_eq(plan_h5__checksum(sb, 44), stored);
	memcpy(fixed, sb, sizeof(sb));
	fixed[44] ^= 0xff;
	ck_assert_int_eq(plan_h5__image_fix_superblock(fixed, sizeof(fixed)), 0);
	ck_assert_int_eq(memcmp(fixed, sb, sizeof(sb)), 0);
	fixed[8] = 0; /* a version 0 superblock has no checksum */
	ck_assert_int_eq(plan_h5__image_fix_superblock(fixed, sizeof(fixed)), -1);
	/* the published test vectors of lookup3 (hashlittle, initval 0) */
	ck_assert_uint_eq(plan_h5__checksum((const unsigned char *)"", 0), 0xdeadbeefu);
	ck_assert_uint_eq(plan_h5__checksum((const unsigned char *)"Four score and seven years ago", 30),
			  0x17770551u);
	remove(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
		{ "round_trip", round_trip_demo_and_small }, { "values", round_trip_every_value },
		{ "plans", plans_by_name }, { "foreign", foreign_writer },
		{ "broken", broken_files }, { "corrupted", truncated_and_corrupted },
		{ "threads", two_threads }, { "blocks", many_blocks },
		{ "mode", plan_mode_attribute }, { "checksum", superblock_checksum },
		{ "codes", one_error_per_broken_table },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_set_timeout(tc, 120);
		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return run_suite(s);
}
