/* The model: built by calls equals loaded from CSV; every table's values and
 * defaults; gzip and BOM; the API's error paths. */
#include "helpers.h"
#include "model/schema.h"
#include "base/util.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define D(y, m, d) plan_date_from_ymd(y, m, d)

/* tests/data/small, built call by call. */
static plan_model *build_small(void)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);

	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	sc.name = "Small two-plant scenario";
	sc.start = D(2027, 1, 4);
	sc.end = D(2027, 3, 28);
	sc.bucket = PLAN_BUCKET_WEEK;
	sc.calendar = "STD";
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);

	plan_calendar_def cal = PLAN_CALENDAR_DEF_INIT;
	cal.calendar = "STD";
	cal.weekdays = "1111100";
	ck_assert_int_eq(plan_model_add_calendar(m, &cal), 0);
	cal.calendar = "ALLDAYS";
	cal.weekdays = "1111111";
	ck_assert_int_eq(plan_model_add_calendar(m, &cal), 0);

	plan_calendar_day_def cd = PLAN_CALENDAR_DAY_DEF_INIT;
	cd.calendar = "STD";
	cd.date = D(2027, 1, 6);
	cd.working = 0;
	ck_assert_int_eq(plan_model_add_calendar_day(m, &cd), 0);
	cd.date = D(2027, 2, 13);
	cd.working = 1;
	ck_assert_int_eq(plan_model_add_calendar_day(m, &cd), 0);

	plan_site_def site = PLAN_SITE_DEF_INIT;
	site.site = "P1";
	site.name = "Plant One, Main";
	ck_assert_int_eq(plan_model_add_site(m, &site), 0);
	site.site = "W1";
	site.name = "Warehouse";
	site.calendar = "ALLDAYS";
	ck_assert_int_eq(plan_model_add_site(m, &site), 0);

	static const char *const items[][4] = {
		{ "A", "Assembly \"A\"", "pcs", "FAM1" },
		{ "B", "Subassembly", "pcs", "FAM1" },
		{ "C", "Component", "kg", NULL },
		{ "PH", "Phantom kit", "pcs", NULL },
	};
	for (int i = 0; i < 4; i++) {
		plan_item_def it = PLAN_ITEM_DEF_INIT;
		it.item = items[i][0];
		it.name = items[i][1];
		it.uom = items[i][2];
		it.family = items[i][3];
		ck_assert_int_eq(plan_model_add_item(m, &it), 0);
	}

	plan_sku_def s = PLAN_SKU_DEF_INIT;
	s.item = "A"; s.site = "P1"; s.type = PLAN_SKU_MAKE; s.lead_time = 2; s.on_hand = 10;
	s.safety_stock = 5; s.yield = 0.95; s.setup_cost = 100; s.holding_cost = 1; s.unit_cost = 50;
	ck_assert_int_eq(plan_model_add_sku(m, &s), 0);
	plan_sku_def s2 = PLAN_SKU_DEF_INIT;
	s2.item = "B"; s2.site = "P1"; s2.type = PLAN_SKU_MAKE; s2.lead_time = 1;
	s2.lot_rule = PLAN_LOT_FOQ; s2.lot_qty = 40; s2.setup_cost = 50; s2.holding_cost = 0.5;
	s2.unit_cost = 20;
	ck_assert_int_eq(plan_model_add_sku(m, &s2), 0);
	plan_sku_def s3 = PLAN_SKU_DEF_INIT;
	s3.item = "PH"; s3.site = "P1"; s3.type = PLAN_SKU_MAKE; s3.phantom = 1;
	ck_assert_int_eq(plan_model_add_sku(m, &s3), 0);
	plan_sku_def s4 = PLAN_SKU_DEF_INIT;
	s4.item = "C"; s4.site = "P1"; s4.lead_time = 5; s4.on_hand = 100; s4.lot_rule = PLAN_LOT_POQ;
	s4.lot_periods = 2; s4.lot_min = 10; s4.lot_max = 500; s4.lot_multiple = 5;
	s4.holding_cost = 0.1; s4.unit_cost = 2;
	ck_assert_int_eq(plan_model_add_sku(m, &s4), 0);
	plan_sku_def s5 = PLAN_SKU_DEF_INIT;
	s5.item = "A"; s5.site = "W1"; s5.type = PLAN_SKU_TRANSFER; s5.on_hand = 3;
	s5.lot_rule = PLAN_LOT_WW; s5.setup_cost = 80; s5.holding_cost = 2; s5.unit_cost = 55;
	ck_assert_int_eq(plan_model_add_sku(m, &s5), 0);

	plan_bom_def b = PLAN_BOM_DEF_INIT;
	b.parent = "A"; b.component = "B"; b.qty_per = 2; b.scrap = 0.05;
	ck_assert_int_eq(plan_model_add_bom_line(m, &b), 0);
	plan_bom_def b2 = PLAN_BOM_DEF_INIT;
	b2.parent = "A"; b2.component = "PH"; b2.qty_per = 1; b2.valid_until = D(2027, 2, 1);
	ck_assert_int_eq(plan_model_add_bom_line(m, &b2), 0);
	plan_bom_def b3 = PLAN_BOM_DEF_INIT;
	b3.parent = "PH"; b3.component = "C"; b3.qty_per = 3;
	ck_assert_int_eq(plan_model_add_bom_line(m, &b3), 0);
	plan_bom_def b4 = PLAN_BOM_DEF_INIT;
	b4.parent = "B"; b4.site = "P1"; b4.component = "C"; b4.qty_per = 1.5; b4.scrap = 0.1;
	b4.valid_from = D(2027, 1, 1);
	ck_assert_int_eq(plan_model_add_bom_line(m, &b4), 0);

	plan_resource_def r = PLAN_RESOURCE_DEF_INIT;
	r.resource = "ASM"; r.site = "P1"; r.hours_per_day = 16;
	ck_assert_int_eq(plan_model_add_resource(m, &r), 0);
	r.resource = "ASM2"; r.hours_per_day = 8; r.calendar = "STD";
	ck_assert_int_eq(plan_model_add_resource(m, &r), 0);

	plan_routing_def rt = PLAN_ROUTING_DEF_INIT;
	rt.item = "A"; rt.site = "P1"; rt.step = "10"; rt.resource = "ASM";
	rt.setup_hours = 1.5; rt.run_hours = 0.25;
	ck_assert_int_eq(plan_model_add_routing_step(m, &rt), 0);
	rt.item = "B"; rt.resource = "ASM2"; rt.setup_hours = 0; rt.run_hours = 0.1;
	ck_assert_int_eq(plan_model_add_routing_step(m, &rt), 0);

	plan_maintenance_def mb = PLAN_MAINTENANCE_DEF_INIT;
	mb.id = "MB1"; mb.resource = "ASM"; mb.start = D(2027, 2, 1); mb.end = D(2027, 2, 3);
	mb.alt_resource = "ASM2"; mb.alt_factor = 1.5;
	ck_assert_int_eq(plan_model_add_maintenance(m, &mb), 0);
	plan_maintenance_def mb2 = PLAN_MAINTENANCE_DEF_INIT;
	mb2.id = "MB2"; mb2.resource = "ASM2"; mb2.start = D(2027, 3, 1); mb2.end = D(2027, 3, 1);
	mb2.kind = PLAN_MAINT_EMERGENCY; mb2.capacity_factor = 0.5;
	ck_assert_int_eq(plan_model_add_maintenance(m, &mb2), 0);

	plan_lane_def l = PLAN_LANE_DEF_INIT;
	l.item = "A"; l.site = "W1"; l.source = "P1"; l.priority = 1; l.transfer_days = 2;
	l.max_per_bucket = 100; l.cost = 1.5;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);

	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	d.id = "D1"; d.item = "A"; d.site = "W1"; d.due = D(2027, 2, 15); d.qty = 20; d.priority = 1;
	ck_assert_int_eq(plan_model_add_demand(m, &d), 0);
	plan_demand_def d2 = PLAN_DEMAND_DEF_INIT;
	d2.id = "D2"; d2.item = "A"; d2.site = "W1"; d2.due = D(2027, 3, 1); d2.qty = 35;
	d2.kind = PLAN_DEMAND_FORECAST;
	ck_assert_int_eq(plan_model_add_demand(m, &d2), 0);
	plan_demand_def d3 = PLAN_DEMAND_DEF_INIT;
	d3.id = "D3"; d3.item = "A"; d3.site = "P1"; d3.due = D(2027, 2, 8); d3.qty = 5; d3.priority = 2;
	ck_assert_int_eq(plan_model_add_demand(m, &d3), 0);

	plan_receipt_def rc = PLAN_RECEIPT_DEF_INIT;
	rc.id = "R1"; rc.item = "C"; rc.site = "P1"; rc.due = D(2027, 1, 11); rc.qty = 50;
	ck_assert_int_eq(plan_model_add_receipt(m, &rc), 0);
	plan_receipt_def rc2 = PLAN_RECEIPT_DEF_INIT;
	rc2.id = "R2"; rc2.item = "A"; rc2.site = "W1"; rc2.due = D(2027, 1, 12); rc2.qty = 10;
	rc2.kind = PLAN_RECEIPT_TRANSFER; rc2.source = "P1";
	ck_assert_int_eq(plan_model_add_receipt(m, &rc2), 0);

	plan_workforce_def wf = PLAN_WORKFORCE_DEF_INIT;
	wf.site = "P1"; wf.workers = 10; wf.hours_per_day = 8; wf.wage = 20; wf.overtime_wage = 30;
	wf.max_overtime = 10; wf.hire_cost = 500; wf.layoff_cost = 800; wf.min_workers = 2;
	ck_assert_int_eq(plan_model_add_workforce(m, &wf), 0);

	plan_family_def fam = PLAN_FAMILY_DEF_INIT;
	fam.family = "FAM1"; fam.site = "P1"; fam.hours_per_unit = 2.5; fam.material_cost = 10;
	fam.holding_cost = 1; fam.backlog_cost = 5;
	ck_assert_int_eq(plan_model_add_family(m, &fam), 0);
	return m;
}

START_TEST(built_by_calls_equals_loaded)
{
	plan_model *loaded = NULL;
	int rc = plan_model_load(&loaded, SRC_PATH("tests/data/small"), NULL);
	if (rc)
		dump_diags(loaded);
	ck_assert_int_eq(rc, 0);
	plan_model *built = build_small();
	ck_assert_int_eq(plan_model_validate(built), 0);
	ck_assert_int_eq(plan_model_equal(built, loaded), 1);
	/* and a one-value difference is seen */
	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	d.id = "D4"; d.item = "A"; d.site = "W1"; d.due = D(2027, 3, 2); d.qty = 1;
	ck_assert_int_eq(plan_model_add_demand(built, &d), 0);
	ck_assert_int_eq(plan_model_equal(built, loaded), 0);
	plan_model_free(built);
	plan_model_free(loaded);
}
END_TEST

START_TEST(values_and_defaults)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/small"), NULL), 0);
	ck_assert_uint_eq(plan_model_count_diags(m), 0);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_SKUS), 5);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_BOM), 4);

	plan_site_def site = PLAN_SITE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_site(&site, m, 0), 0);
	ck_assert_str_eq(site.name, "Plant One, Main"); /* quoted comma */
	ck_assert_ptr_null(site.calendar);              /* empty: the scenario's */
	plan_item_def it = PLAN_ITEM_DEF_INIT;
	ck_assert_int_eq(plan_model_get_item(&it, m, 0), 0);
	ck_assert_str_eq(it.name, "Assembly \"A\"");    /* doubled quotes */

	long a = plan_model_find_sku(m, "A", "P1");
	ck_assert_int_eq(a, 0);
	plan_sku_def s = PLAN_SKU_DEF_INIT;
	ck_assert_int_eq(plan_model_get_sku(&s, m, (size_t)a), 0);
	ck_assert_int_eq(s.type, PLAN_SKU_MAKE);
	ck_assert_int_eq(s.lead_time, 2);
	ck_assert_double_eq(s.yield, 0.95);
	ck_assert_double_eq(s.lot_max, PLAN_NONE);       /* empty: none */
	ck_assert_int_eq(s.lot_rule, PLAN_LOT_L4L);

	long ph = plan_model_find_sku(m, "PH", "P1");
	ck_assert_int_eq(plan_model_get_sku(&s, m, (size_t)ph), 0);
	ck_assert_int_eq(s.phantom, 1);
	ck_assert_double_eq(s.on_hand, 0);               /* defaults throughout */
	ck_assert_double_eq(s.yield, 1);
	ck_assert_int_eq(s.lead_time, 0);
	ck_assert_double_eq(s.setup_cost, 0);

	long c = plan_model_find_sku(m, "C", "P1");
	ck_assert_int_eq(plan_model_get_sku(&s, m, (size_t)c), 0);
	ck_assert_int_eq(s.type, PLAN_SKU_BUY);
	ck_assert_int_eq(s.lot_rule, PLAN_LOT_POQ);
	ck_assert_int_eq(s.lot_periods, 2);
	ck_assert_double_eq(s.lot_max, 500);
	ck_assert_double_eq(s.lot_multiple, 5);
	ck_assert_double_eq(s.holding_cost, 0.1);
	ck_assert_int_eq(plan_model_find_sku(m, "C", "W1"), -1);

	plan_bom_def b = PLAN_BOM_DEF_INIT;
	ck_assert_int_eq(plan_model_get_bom_line(&b, m, 1), 0);
	ck_assert_ptr_null(b.site);
	ck_assert_double_eq(b.scrap, 0);
	ck_assert_int_eq(b.valid_from, PLAN_DATE_NONE);
	ck_assert_int_eq(b.valid_until, D(2027, 2, 1));

	plan_maintenance_def mb = PLAN_MAINTENANCE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_maintenance(&mb, m, 1), 0);
	ck_assert_int_eq(mb.kind, PLAN_MAINT_EMERGENCY);
	ck_assert_ptr_null(mb.alt_resource);
	ck_assert_double_eq(mb.alt_factor, 1);
	ck_assert_double_eq(mb.capacity_factor, 0.5);

	plan_lane_def l = PLAN_LANE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_lane(&l, m, 0), 0);
	ck_assert_double_eq(l.share, PLAN_NONE);
	ck_assert_double_eq(l.max_per_bucket, 100);
	ck_assert_int_eq(l.transfer_days, 2);

	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	ck_assert_int_eq(plan_model_get_demand(&d, m, 1), 0);
	ck_assert_int_eq(d.priority, 10);                /* format default */
	ck_assert_int_eq(d.kind, PLAN_DEMAND_FORECAST);
	ck_assert_int_eq(plan_model_get_demand(&d, m, 2), 0);
	ck_assert_int_eq(d.kind, PLAN_DEMAND_ORDER);

	plan_receipt_def r = PLAN_RECEIPT_DEF_INIT;
	ck_assert_int_eq(plan_model_get_receipt(&r, m, 0), 0);
	ck_assert_int_eq(r.kind, PLAN_RECEIPT_PURCHASE);
	ck_assert_ptr_null(r.source);

	plan_workforce_def wf = PLAN_WORKFORCE_DEF_INIT;
	ck_assert_int_eq(plan_model_get_workforce(&wf, m, 0), 0);
	ck_assert_double_eq(wf.max_workers, PLAN_NONE);
	ck_assert_double_eq(wf.min_workers, 2);
	plan_family_def fam = PLAN_FAMILY_DEF_INIT;
	ck_assert_int_eq(plan_model_get_family(&fam, m, 0), 0);
	ck_assert_double_eq(fam.subcontract_cost, PLAN_NONE);
	ck_assert_double_eq(fam.hours_per_unit, 2.5);

	/* derived: 12 weekly buckets to 2027-03-28; A -> B -> C is 3 BOM levels
	 * (A -> PH -> C too); A@W1 (llc 0) -> A@P1 (1) -> B (2) -> C (3) */
	plan_horizon h = PLAN_HORIZON_INIT;
	ck_assert_int_eq(plan_model_get_horizon(&h, m), 0);
	ck_assert_uint_eq(h.buckets, 12);
	ck_assert_int_eq(h.end, D(2027, 3, 28));
	ck_assert_int_eq(plan_model_bom_depth(m), 3);
	ck_assert_int_eq(plan_model_sku_llc(m, (size_t)plan_model_find_sku(m, "A", "W1")), 0);
	ck_assert_int_eq(plan_model_sku_llc(m, (size_t)a), 1);
	ck_assert_int_eq(plan_model_sku_llc(m, (size_t)plan_model_find_sku(m, "B", "P1")), 2);
	ck_assert_int_eq(plan_model_sku_llc(m, (size_t)c), 3);
	plan_model_free(m);
}
END_TEST

/* Copies tests/data/small into a temporary directory, gzipping the files
 * named in gz and prefixing a UTF-8 BOM to those named in bom. */
static void copy_scenario(const char *dir, const char *const *gz, const char *const *bom)
{
	static const char *const files[] = {
		"scenario", "calendars", "calendar_days", "sites", "items", "skus", "bom",
		"resources", "routings", "maintenance", "sourcing", "demand", "receipts",
		"workforce", "families", NULL,
	};
	for (int i = 0; files[i]; i++) {
		char src[512], dst[512], buf[8192];
		snprintf(src, sizeof(src), "%s/%s.csv", SRC_PATH("tests/data/small"), files[i]);
		FILE *in = fopen(src, "rb");
		ck_assert_ptr_nonnull(in);
		size_t n = fread(buf, 1, sizeof(buf), in);
		fclose(in);
		int zip = 0, mark = 0;
		for (int k = 0; gz && gz[k]; k++)
			zip |= strcmp(gz[k], files[i]) == 0;
		for (int k = 0; bom && bom[k]; k++)
			mark |= strcmp(bom[k], files[i]) == 0;
		snprintf(dst, sizeof(dst), "%s/%s.csv%s", dir, files[i], zip ? ".gz" : "");
		if (zip) {
			gzFile out = gzopen(dst, "wb9");
			ck_assert_ptr_nonnull(out);
			if (mark)
				gzwrite(out, "\xEF\xBB\xBF", 3);
			ck_assert_int_eq(gzwrite(out, buf, (unsigned)n), (int)n);
			gzclose(out);
		} else {
			FILE *out = fopen(dst, "wb");
			ck_assert_ptr_nonnull(out);
			if (mark)
				fwrite("\xEF\xBB\xBF", 1, 3, out);
			fwrite(buf, 1, n, out);
			fclose(out);
		}
	}
}

START_TEST(gzip_and_bom_load_the_same)
{
	char dir[] = "/tmp/plan-test-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	static const char *const gz[] = { "skus", "bom", "demand", "scenario", NULL };
	static const char *const bom[] = { "sites", "skus", "scenario", NULL };
	copy_scenario(dir, gz, bom);
	plan_model *a = NULL, *b = NULL;
	int rc = plan_model_load(&a, dir, NULL);
	if (rc)
		dump_diags(a);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(plan_model_load(&b, SRC_PATH("tests/data/small"), NULL), 0);
	ck_assert_int_eq(plan_model_equal(a, b), 1);
	plan_model_free(a);
	plan_model_free(b);
	remove_dir(dir);
}
END_TEST

START_TEST(crlf_and_reordered_columns)
{
	static const char skus[] = "type,site,item,lead_time\r\nmake,P1,A,3\r\nbuy,P1,B,\r\n";
	static const char scen[] = "value,key\r\n2027-01-04,start\r\n";
	static const char sites[] = "site\r\nP1\r\n";
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	ck_assert_int_eq(plan_model_load_table(m, "scenario.csv", scen, strlen(scen)), 0);
	ck_assert_int_eq(plan_model_load_table(m, "sites.csv", sites, strlen(sites)), 0);
	ck_assert_int_eq(plan_model_load_table(m, "skus.csv", skus, strlen(skus)), 0);
	ck_assert_int_eq(plan_model_validate(m), 0);
	plan_sku_def s = PLAN_SKU_DEF_INIT;
	ck_assert_int_eq(plan_model_get_sku(&s, m, 0), 0);
	ck_assert_str_eq(s.item, "A");
	ck_assert_int_eq(s.lead_time, 3);
	ck_assert_int_eq(s.type, PLAN_SKU_MAKE);
	plan_model_free(m);
}
END_TEST

START_TEST(api_error_paths)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(NULL), PLAN_EINVAL);
	ck_assert_int_eq(plan_model_new(&m), 0);
	plan_model_free(NULL);
	ck_assert_str_eq(plan_model_errmsg(NULL), "no model");
	ck_assert_str_eq(plan_model_errmsg(m), "");

	/* NULL arguments and unknown versions */
	plan_site_def site = PLAN_SITE_DEF_INIT;
	ck_assert_int_eq(plan_model_add_site(NULL, &site), PLAN_EINVAL);
	ck_assert_int_eq(plan_model_add_site(m, NULL), PLAN_EINVAL);
	site.version = 99;
	site.site = "P1";
	ck_assert_int_eq(plan_model_add_site(m, &site), PLAN_EINVAL);
	ck_assert_str_eq(plan_model_errmsg(m), "sites: unknown def version 99");

	/* a bad value names the table row and the column */
	plan_sku_def s = PLAN_SKU_DEF_INIT;
	s.item = "A";
	s.site = "P1";
	s.on_hand = -3;
	ck_assert_int_eq(plan_model_add_sku(m, &s), PLAN_EINVAL);
	ck_assert_str_eq(plan_model_errmsg(m), "skus row 1: on_hand: expected a number >= 0, got -3");
	ck_assert(has_diag(m, "skus row 1: on_hand: expected a number >= 0, got -3"));
	/* the row is kept with the default, so a later reference resolves */
	ck_assert_int_eq(plan_model_find_sku(m, "A", "P1"), 0);
	plan_sku_def back = PLAN_SKU_DEF_INIT;
	ck_assert_int_eq(plan_model_get_sku(&back, m, 0), 0);
	ck_assert_double_eq(back.on_hand, 0);
	/* ... and the model stays invalid */
	site.version = PLAN_SITE_DEF_VERSION;
	ck_assert_int_eq(plan_model_add_site(m, &site), 0);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	sc.start = D(2027, 1, 4);
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	ck_assert_int_eq(plan_model_is_valid(m), 0);
	plan_horizon h = PLAN_HORIZON_INIT;
	ck_assert_int_eq(plan_model_get_horizon(&h, m), PLAN_ESTATE);
	ck_assert_int_eq(plan_model_bom_depth(m), -1);

	/* a missing key drops the row */
	plan_sku_def nokey = PLAN_SKU_DEF_INIT;
	nokey.site = "P1";
	ck_assert_int_eq(plan_model_add_sku(m, &nokey), PLAN_EINVAL);
	ck_assert_str_eq(plan_model_errmsg(m), "skus row 2: item: required value missing");
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_SKUS), 1);

	/* duplicates are refused */
	plan_sku_def dup = PLAN_SKU_DEF_INIT;
	dup.item = "A";
	dup.site = "P1";
	ck_assert_int_eq(plan_model_add_sku(m, &dup), PLAN_EINVAL);
	ck_assert_str_eq(plan_model_errmsg(m),
			 "skus row 2: item: duplicate SKU (item A, site P1), first in row 1");

	/* getters */
	plan_sku_def out = PLAN_SKU_DEF_INIT;
	ck_assert_int_eq(plan_model_get_sku(&out, m, 5), PLAN_ERANGE);
	ck_assert_int_eq(plan_model_get_sku(&out, NULL, 0), PLAN_EINVAL);
	ck_assert_int_eq(plan_model_get_sku(NULL, m, 0), PLAN_EINVAL);
	out.version = 0;
	ck_assert_int_eq(plan_model_get_sku(&out, m, 0), PLAN_EINVAL);
	plan_diag d = PLAN_DIAG_INIT;
	ck_assert_int_eq(plan_model_get_diag(&d, m, 1000), PLAN_ERANGE);
	ck_assert_int_eq(plan_model_get_diag(NULL, m, 0), PLAN_EINVAL);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_COUNT_), 0);
	ck_assert_ptr_null(plan_table_name(PLAN_TABLE_COUNT_));
	ck_assert_str_eq(plan_table_name(PLAN_TABLE_SOURCING), "sourcing");
	ck_assert_int_eq(plan_model_find_sku(m, NULL, "P1"), -1);

	/* loader arguments */
	plan_model *l = NULL;
	ck_assert_int_eq(plan_model_load(NULL, ".", NULL), PLAN_EINVAL);
	ck_assert_int_eq(plan_model_load(&l, NULL, NULL), PLAN_EINVAL);
	ck_assert_ptr_null(l);
	plan_load_options o = PLAN_LOAD_OPTIONS_INIT;
	o.version = 7;
	ck_assert_int_eq(plan_model_load(&l, ".", &o), PLAN_EINVAL);
	ck_assert_int_eq(plan_model_load_table(m, "nonsense.csv", "a\n", 2), PLAN_ENOTFOUND);
	ck_assert_int_eq(plan_model_load_table(m, NULL, "a\n", 2), PLAN_EINVAL);
	ck_assert_int_eq(plan_model_load_table(m, "skus.csv", NULL, 2), PLAN_EINVAL);
	plan_model_free(m);
}
END_TEST

START_TEST(strtab_interns_and_finds)
{
	/* dense ids in order of first appearance; a code found only by its
	 * exact bytes: prefixes and longer runs of the same letter (past the
	 * 255 bytes a slot's length tells) are other codes; rehashing keeps
	 * every id */
	plan_strtab t;
	plan_arena arena;
	memset(&t, 0, sizeof(t));
	memset(&arena, 0, sizeof(arena));
	char buf[400];
	int32_t n = 0;
	for (int len = 1; len <= 300; len++) {
		memset(buf, 'A', (size_t)len);
		ck_assert_int_eq(plan_strtab__id(&t, &arena, buf, (size_t)len, 1), n++);
	}
	for (int i = 0; i < 50000; i++) {
		int len = snprintf(buf, sizeof(buf), "C%d", i);
		ck_assert_int_eq(plan_strtab__id(&t, &arena, buf, (size_t)len, 1), n++);
	}
	for (int len = 1; len <= 300; len++) {
		memset(buf, 'A', (size_t)len);
		ck_assert_int_eq(plan_strtab__id(&t, NULL, buf, (size_t)len, 0), len - 1);
		ck_assert_uint_eq(t.len[len - 1], (unsigned)len);
	}
	for (int i = 0; i < 50000; i += 7) {
		int len = snprintf(buf, sizeof(buf), "C%d", i);
		ck_assert_int_eq(plan_strtab__id(&t, NULL, buf, (size_t)len, 0), 300 + i);
		ck_assert_str_eq(t.str[300 + i], buf);
	}
	memset(buf, 'A', 301);
	ck_assert_int_eq(plan_strtab__id(&t, NULL, buf, 301, 0), -1);
	ck_assert_int_eq(plan_strtab__id(&t, NULL, "C50000", 6, 0), -1);
	ck_assert_int_eq(plan_strtab__id(&t, NULL, "C", 1, 0), -1);
	ck_assert_int_eq(plan_strtab__id(&t, NULL, "", 0, 0), -1);
	/* a creating call finds what is there */
	ck_assert_int_eq(plan_strtab__id(&t, &arena, "C123", 4, 1), 300 + 123);
	ck_assert_uint_eq(t.n, (size_t)n);
	plan_strtab__free(&t);
	plan_arena__free(&arena);
}
END_TEST

START_TEST(schema_is_consistent)
{
	/* the hand-written count of code columns of each table matches its
	 * columns, and every key column exists */
	for (int t = 0; t < PLAN_TABLE_COUNT_; t++) {
		const plan_schema *s = &plan_schema__tables[t];
		int codes = 0;
		for (int c = 0; c < s->ncols; c++)
			codes += s->cols[c].type == COL_CODE;
		ck_assert_msg(codes == s->nref, "%s: %d code columns, nref %d", s->name, codes, s->nref);
		ck_assert_int_le(s->ncols, PLAN_MAX_COLS);
		for (int j = 0; s->key[j] >= 0; j++)
			ck_assert_int_lt(s->key[j], s->ncols);
	}
}
END_TEST

START_TEST(status_strings)
{
	ck_assert_str_eq(plan_errstr(PLAN_OK), "success");
	ck_assert_str_eq(plan_errstr(PLAN_EFORMAT), "bad input data");
	ck_assert_str_eq(plan_errstr(PLAN_ENOMEM), "out of memory");
	ck_assert_str_eq(plan_errstr(-1000), "unknown error");
	ck_assert_str_eq(plan_version(), PLAN_VERSION_STRING);
	ck_assert_int_eq(plan_version_number(), PLAN_VERSION_NUMBER);
}
END_TEST

START_TEST(month_and_day_buckets)
{
	/* start mid-month: the first month bucket runs to 31 January; a demand
	 * due 2027-07-10 past end 2027-06-15 extends to the end of July */
	static const char scen[] = "key,value\nstart,2027-01-15\nend,2027-06-15\nbucket,month\n";
	static const char sites[] = "site\nP1\n";
	static const char skus[] = "item,site\nA,P1\n";
	static const char dem[] = "id,item,site,due,qty\nD1,A,P1,2027-07-10,1\n";
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	plan_model_load_table(m, "scenario.csv", scen, strlen(scen));
	plan_model_load_table(m, "sites.csv", sites, strlen(sites));
	plan_model_load_table(m, "skus.csv", skus, strlen(skus));
	plan_model_load_table(m, "demand.csv", dem, strlen(dem));
	ck_assert_int_eq(plan_model_validate(m), 0);
	plan_horizon h = PLAN_HORIZON_INIT;
	ck_assert_int_eq(plan_model_get_horizon(&h, m), 0);
	ck_assert_uint_eq(h.buckets, 7); /* Jan..Jul */
	ck_assert_int_eq(h.end, D(2027, 7, 31));
	ck_assert_int_eq(plan_model_bom_depth(m), 0);
	plan_model_free(m);
}
END_TEST

START_TEST(write_and_load_back)
{
	for (int gz = 0; gz < 2; gz++) {
		plan_model *a = NULL, *b = NULL;
		int rc;
		char dir[] = "/tmp/plan-write-XXXXXX";
		ck_assert_ptr_nonnull(mkdtemp(dir));
		ck_assert_int_eq(plan_model_load(&a, SRC_PATH("data/demo"), NULL), 0);
		rc = plan_model_write_csv(a, dir, gz);
		ck_assert_msg(rc == 0, "write: %s", plan_model_errmsg(a));
		rc = plan_model_load(&b, dir, NULL);
		if (rc)
			dump_diags(b);
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(plan_model_equal(a, b), 1);
		plan_model_free(a);
		plan_model_free(b);
		remove_dir(dir);
	}
	plan_model *m = build_small();
	/* folders above the target are created; under a file they cannot be */
	ck_assert_int_eq(plan_model_write_csv(m, "/dev/null/dir/x", 0), PLAN_EIO);
	ck_assert_str_eq(plan_model_errmsg(m), "/dev/null/dir/x: Not a directory");
	ck_assert_int_eq(plan_model_write_csv(NULL, "/tmp", 0), PLAN_EINVAL);
	plan_model_free(m);
}
END_TEST

START_TEST(demo_loads_clean)
{
	plan_model *m = NULL;
	int rc = plan_model_load(&m, SRC_PATH("data/demo"), NULL);
	if (rc)
		dump_diags(m);
	ck_assert_int_eq(rc, 0);
	/* the only diagnostic: the past-due saddle order (data/demo/README.md) */
	ck_assert_uint_eq(plan_model_count_diags(m), 1);
	ck_assert(has_diag(m, "receipts.csv:5:4: due: 2026-12-28 is before the plan start "
			      "2027-01-04: receipt PO-4690 is past due and counts at start"));
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_SITES), 5);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_ITEMS), 75);
	ck_assert_uint_ge(plan_model_count(m, PLAN_TABLE_DEMAND), 150);
	ck_assert_uint_eq(plan_model_count(m, PLAN_TABLE_MAINTENANCE), 2);
	ck_assert_int_eq(plan_model_bom_depth(m), 4);
	/* the deepest chain: bike at a DC (0) -> bike at ASSY (1) -> battery at
	 * ASSY (2) -> battery at DRIVE (3) -> module (4) -> block (5) -> cell (6);
	 * EB-CITY@DC-S also draws on EB-CITY@DC-N, one level more */
	ck_assert_int_eq(plan_model_sku_llc(m, (size_t)plan_model_find_sku(m, "CELL-B", "DRIVE")), 7);
	ck_assert_int_eq(plan_model_sku_llc(m, (size_t)plan_model_find_sku(m, "EB-CITY", "DC-S")), 0);
	ck_assert_int_eq(plan_model_sku_llc(m, (size_t)plan_model_find_sku(m, "EB-CITY", "DC-N")), 1);
	plan_horizon h = PLAN_HORIZON_INIT;
	ck_assert_int_eq(plan_model_get_horizon(&h, m), 0);
	ck_assert_uint_eq(h.buckets, 26);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("tables");
	tcase_add_test(tc, built_by_calls_equals_loaded);
	tcase_add_test(tc, values_and_defaults);
	tcase_add_test(tc, gzip_and_bom_load_the_same);
	tcase_add_test(tc, crlf_and_reordered_columns);
	tcase_add_test(tc, month_and_day_buckets);
	tcase_add_test(tc, demo_loads_clean);
	tcase_add_test(tc, write_and_load_back);
	suite_add_tcase(s, tc);
	TCase *api = tcase_create("api");
	tcase_add_test(api, api_error_paths);
	tcase_add_test(api, status_strings);
	tcase_add_test(api, schema_is_consistent);
	tcase_add_test(api, strtab_interns_and_finds);
	suite_add_tcase(s, api);
	return run_suite(s);
}
