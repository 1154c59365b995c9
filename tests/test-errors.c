/* Malformed inputs: each case replaces or adds files of a small valid
 * scenario and asserts the exact diagnostic the loader or the validation
 * gives (file:line:column: column: problem). */
#include "helpers.h"

typedef struct file_text {
	const char *file, *text;
} file_text;

static const file_text base[] = {
	{ "scenario.csv", "key,value\nstart,2027-01-04\n" },
	{ "sites.csv", "site\nP1\nW1\n" },
	{ "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\n" },
	{ "bom.csv", "parent,component,qty_per\nA,B,2\n" },
	{ NULL, NULL },
};

typedef struct bad_case {
	file_text files[3];
	const char *message;
	int warning; /* the message is a warning and the model stays valid */
} bad_case;

static const bad_case cases[] = {
	/* numbers and ranges */
	{ { { "bom.csv", "parent,component,qty_per\nA,B,-2\n" } },
	  "bom.csv:2:3: qty_per: expected a number > 0, got \"-2\"", 0 },
	{ { { "bom.csv", "parent,component,qty_per\nA,B,abc\n" } },
	  "bom.csv:2:3: qty_per: expected a number, got \"abc\"", 0 },
	{ { { "bom.csv", "parent,component,qty_per,scrap\nA,B,1,1\n" } },
	  "bom.csv:2:4: scrap: expected a number >= 0 and < 1, got \"1\"", 0 },
	{ { { "skus.csv", "item,site,type,yield\nA,P1,make,0\nB,P1,buy,\n" } },
	  "skus.csv:2:4: yield: expected a number > 0 and <= 1, got \"0\"", 0 },
	{ { { "skus.csv", "item,site,type,on_hand\nA,P1,make,\nB,P1,buy,-5\n" } },
	  "skus.csv:3:4: on_hand: expected a number >= 0, got \"-5\"", 0 },
	{ { { "skus.csv", "item,site,type,lead_time\nA,P1,make,1.5\nB,P1,buy,\n" } },
	  "skus.csv:2:4: lead_time: expected an integer, got \"1.5\"", 0 },
	{ { { "skus.csv", "item,site,type,lot_rule\nA,P1,make,XYZ\nB,P1,buy,\n" } },
	  "skus.csv:2:4: lot_rule: expected one of L4L, FOQ, POQ, EOQ, WW, SM, LUC, PPB, got \"XYZ\"", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,sell\n" } },
	  "skus.csv:3:3: type: expected one of buy, make, transfer, got \"sell\"", 0 },
	{ { { "resources.csv", "resource,site,hours_per_day\nM1,P1,25\n" } },
	  "resources.csv:2:3: hours_per_day: expected a number from 0 to 24, got \"25\"", 0 },
	{ { { "demand.csv", "id,item,site,due,qty,priority\nD1,A,P1,2027-02-01,5,0\n" } },
	  "demand.csv:2:6: priority: expected a number >= 1, got \"0\"", 0 },
	{ { { "demand.csv", "id,item,site,due,qty\nD1,A,P1,2027-02-01,1e999\n" } },
	  "demand.csv:2:5: qty: expected a number, got \"1e999\"", 0 },
	/* format 1.1 */
	{ { { "scenario.csv", "key,value\nstart,2027-01-04\nformat,1.2\n" } },
	  "scenario.csv:3:2: format: expected one of 1.0, 1.1, got \"1.2\"", 0 },
	{ { { "items.csv", "item,unit,decimals\nA,pcs,7\n" } },
	  "items.csv:2:3: decimals: expected a whole number from 0 to 6, got \"7\"", 0 },
	{ { { "items.csv", "item,uom,unit\nA,pcs,pcs\n" } },
	  "items.csv:1:3: duplicate column \"uom\" (as \"unit\", its 1.1 name), first in column 2", 0 },
	{ { { "items.csv", "item,decimals\nB,0\n" },
	    { "skus.csv", "item,site,type,on_hand\nA,P1,make,\nB,P1,buy,2.5\n" } },
	  "skus.csv:3:4: on_hand: 2.5 is not a whole number of B, counted in whole units "
	  "(items.csv decimals 0)", 0 },
	{ { { "skus.csv", "item,site,type,consume_back\nA,P1,make,-1\nB,P1,buy,\n" } },
	  "skus.csv:2:4: consume_back: expected a number >= 0, got \"-1\"", 0 },
	{ { { "calendars.csv", "calendar,weekdays\nNONE,0000000\n" },
	    { "sites.csv", "site,calendar\nP1,NONE\nW1,\n" },
	    { "skus.csv", "item,site,type,frozen_days\nA,P1,make,3\nB,P1,buy,\n" } },
	  "skus.csv:2:4: frozen_days: 3 working days of calendar NONE, which has none", 0 },
	/* dates */
	{ { { "demand.csv", "id,item,site,due,qty\nD1,A,P1,2027-02-30,5\n" } },
	  "demand.csv:2:4: due: expected a date YYYY-MM-DD, got \"2027-02-30\"", 0 },
	{ { { "scenario.csv", "key,value\nstart,04/01/2027\n" } },
	  "scenario.csv:2:2: start: expected a date YYYY-MM-DD, got \"04/01/2027\"", 0 },
	{ { { "scenario.csv", "key,value\nname,X\n" } },
	  "scenario.csv: start: required value missing", 0 },
	{ { { "scenario.csv", "key,value\nstart,2027-01-04\nbucket,fortnight\n" } },
	  "scenario.csv:3:2: bucket: expected one of day, week, month, got \"fortnight\"", 0 },
	{ { { "scenario.csv", "key,value\nstart,2027-01-04\nend,2026-12-31\n" } },
	  "scenario.csv:3:2: end: 2026-12-31 is before start 2027-01-04", 0 },
	{ { { "bom.csv", "parent,component,qty_per,valid_from,valid_until\nA,B,1,2027-03-01,2027-02-01\n" } },
	  "bom.csv:2:5: valid_until: 2027-02-01 is not after valid_from 2027-03-01", 0 },
	{ { { "resources.csv", "resource,site,hours_per_day\nM1,P1,8\n" },
	    { "maintenance.csv", "id,resource,start,end\nMB1,M1,2027-02-05,2027-02-01\n" } },
	  "maintenance.csv:2:4: end: 2027-02-01 is before start 2027-02-05", 0 },
	{ { { "resources.csv", "resource,site,hours_per_day\nM1,P1,8\n" },
	    { "maintenance.csv", "id,resource,start,end\nMB1,M1,2029-02-01,2029-02-05\n" } },
	  "maintenance.csv:2:3: start: block MB1 lies outside the horizon 2027-01-04..2028-01-03 and is ignored", 1 },
	{ { { "demand.csv", "id,item,site,due,qty\nD1,A,P1,2026-12-01,5\n" } },
	  "demand.csv:2:4: due: 2026-12-01 is before the plan start 2027-01-04: demand D1 is late", 1 },
	/* references */
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\nC,P9,buy\n" } },
	  "skus.csv:4:2: site: unknown site \"P9\"", 0 },
	{ { { "resources.csv", "resource,site,hours_per_day\nM1,P1,8\n" },
	    { "routings.csv", "item,site,step,resource\nA,P7,10,M1\n" } },
	  "routings.csv:2:2: site: unknown site \"P7\"", 0 },
	{ { { "sites.csv", "site,calendar\nP1,\nW1,NIGHT\n" } },
	  "sites.csv:3:2: calendar: unknown calendar \"NIGHT\"", 0 },
	{ { { "resources.csv", "resource,site,hours_per_day\nM1,P1,8\n" },
	    { "maintenance.csv", "id,resource,start,end,alt_resource\nMB1,M1,2027-02-01,2027-02-02,M7\n" } },
	  "maintenance.csv:2:5: alt_resource: unknown resource \"M7\"", 0 },
	{ { { "demand.csv", "id,item,site,due,qty\nD1,B,W1,2027-02-01,5\n" } },
	  "demand.csv:2:2: item: B has no SKU at site W1", 0 },
	{ { { "bom.csv", "parent,component,qty_per\nA,B,2\nA,C,1\n" } },
	  "bom.csv:3:2: component: C has no SKU at site P1, where A is made", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\nA,W1,transfer\n" } },
	  "skus.csv:4:3: type: transfer SKU A@W1 has no lane in sourcing", 0 },
	{ { { "sourcing.csv", "item,site,source\nB,W1,P1\n" } },
	  "sourcing.csv:2:1: item: B has no SKU at site W1", 0 },
	{ { { "sourcing.csv", "item,site,source\nA,P1,W1\n" } },
	  "sourcing.csv:2:2: site: A@P1 is a make SKU; lanes supply transfer SKUs", 0 },
	{ { { "resources.csv", "resource,site,hours_per_day\nM1,P1,8\n" },
	    { "routings.csv", "item,site,step,resource\nB,P1,10,M1\n" } },
	  "routings.csv:2:1: item: B@P1 is a buy SKU; routings belong to make SKUs", 0 },
	/* keys */
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\nA,P1,buy\n" } },
	  "skus.csv:4:1: item: duplicate SKU (item A, site P1), first on line 2", 0 },
	{ { { "sites.csv", "site\nP1\nW1\nP1\n" } },
	  "sites.csv:4:1: site: duplicate site (site P1), first on line 2", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\n"
		  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,P1,buy\n" } },
	  "skus.csv:4:1: item: code longer than 64 bytes", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\n\" C\",P1,buy\n" } },
	  "skus.csv:4:1: item: code has leading or trailing blanks", 0 },
	/* structure of the files */
	{ { { "bom.csv", "parent,component\nA,B\n" } },
	  "bom.csv:1: missing required column \"qty_per\"", 0 },
	{ { { "skus.csv", "item,site,type,colour\nA,P1,make,red\nB,P1,buy,blue\n" } },
	  "skus.csv:1:4: unknown column \"colour\" ignored", 1 },
	/* a spreadsheet's export with ';': the separator is named */
	{ { { "bom.csv", "parent;component;qty_per\nA;B;2\n" } },
	  "bom.csv:1: missing required column \"parent\" (the header is one field with ';' in it: "
	  "this file seems separated by ';', format.md's files by commas)", 0 },
	{ { { "bom.csv", "parent\tcomponent\tqty_per\nA\tB\t2\n" } },
	  "bom.csv:1: missing required column \"parent\" (the header is one field with tabs in it: "
	  "this file seems separated by tabs, format.md's files by commas)", 0 },
	/* a binary file's bytes are never echoed raw: control bytes and what
	 * is not UTF-8 as \xNN, UTF-8 as it is */
	{ { { "skus.csv", "item,site,type,x\x1b[31m\xff\xc3\xa9\nA,P1,make,1\nB,P1,buy,2\n" } },
	  "skus.csv:1:4: unknown column \"x\\x1b[31m\\xff\xc3\xa9\" ignored", 1 },
	{ { { "skus.csv", "item,site,type,site\nA,P1,make,P1\nB,P1,buy,P1\n" } },
	  "skus.csv:1:4: duplicate column \"site\", first in column 2", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1\n" } },
	  "skus.csv:3: expected 3 fields, got 2", 0 },
	{ { { "sites.csv", "site,name\nP1,x\nW1,\"Ware\n" } },
	  "sites.csv:3:2: unterminated quoted field", 0 },
	{ { { "sites.csv", "site,name\nP1,Pl\"ant\nW1,\n" } },
	  "sites.csv:2:2: quote inside an unquoted field", 0 },
	{ { { "sites.csv", "site,name\nP1,\"Plant\"x\nW1,\n" } },
	  "sites.csv:2:2: unexpected character after a closing quote", 0 },
	{ { { "skus.csv.gz", "this is not gzip" } },
	  "skus.csv.gz: not valid gzip data", 0 },
	/* planning parameters that contradict each other */
	{ { { "skus.csv", "item,site,type,lot_rule\nA,P1,make,FOQ\nB,P1,buy,\n" } },
	  "skus.csv:2: lot_qty: lot rule FOQ needs lot_qty", 0 },
	{ { { "skus.csv", "item,site,type,phantom,on_hand\nA,P1,make,,\nB,P1,make,1,5\n" } },
	  "skus.csv:3:5: on_hand: a phantom is never stocked, got on_hand 5", 0 },
	{ { { "skus.csv", "item,site,type,lot_min,lot_max\nA,P1,make,50,10\nB,P1,buy,,\n" } },
	  "skus.csv:2:5: lot_max: lot_max 10 is below lot_min 50", 0 },
	{ { { "calendars.csv", "calendar,weekdays\nSTD,11111\n" } },
	  "calendars.csv:2:2: weekdays: expected 7 characters of 0 or 1, Monday first, got \"11111\"", 0 },
	{ { { "receipts.csv", "id,item,site,due,qty,kind\nR1,B,P1,2027-01-10,5,transfer\n" } },
	  "receipts.csv:2: source: a transfer receipt needs its source site", 0 },
	{ { { "workforce.csv", "site,workers,hours_per_day,wage,overtime_wage,hire_cost\nP1,10,8,20,30,100\n" } },
	  "workforce.csv:1: missing required column \"layoff_cost\"", 0 },
	/* cycles */
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,make\n" },
	    { "bom.csv", "parent,component,qty_per\nA,B,2\nB,A,1\n" } },
	  "bom.csv:3:2: component: cycle in the bill of materials: A@P1 -> B@P1 -> A@P1", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,make\nC,P1,make\n" },
	    { "bom.csv", "parent,component,qty_per\nA,B,2\nB,C,1\nC,B,1\n" } },
	  "bom.csv:4:2: component: cycle in the bill of materials: B@P1 -> C@P1 -> B@P1", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\nX,P1,transfer\nX,W1,transfer\n" },
	    { "sourcing.csv", "item,site,source\nX,W1,P1\nX,P1,W1\n" } },
	  "sourcing.csv:2:3: source: cycle in the sourcing lanes: X@P1 -> X@W1 -> X@P1", 0 },
	{ { { "sourcing.csv", "item,site,source\nA,P1,P1\n" } },
	  "sourcing.csv:2:3: source: cycle in the sourcing lanes: A@P1 -> A@P1", 0 },
	/* shares */
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\nA,W1,transfer\nA,W2,buy\n" },
	    { "sites.csv", "site\nP1\nW1\nW2\n" },
	    { "sourcing.csv", "item,site,source,priority,share\nA,W1,P1,1,0.5\nA,W1,W2,1,\n" } },
	  "sourcing.csv:3:5: share: lanes of A@W1 at priority 1 must all have a share or none", 0 },
	{ { { "skus.csv", "item,site,type\nA,P1,make\nB,P1,buy\nA,W1,transfer\nA,W2,buy\n" },
	    { "sites.csv", "site\nP1\nW1\nW2\n" },
	    { "sourcing.csv", "item,site,source,priority,share\nA,W1,P1,1,0.5\nA,W1,W2,1,0.3\n" } },
	  "sourcing.csv:2:5: share: shares of A@W1 at priority 1 add up to 0.8; they are used in proportion", 1 },
	{ { { "demand.csv", "id,item,site,due,qty\nD1,A,P1,2027-02-01,5\nD1,A,P1,2027-02-02,6\n" } },
	  "demand.csv:3:1: id: duplicate demand (id D1), first on line 2", 0 },
	/* a lead time on a calendar without a working day: no plan can keep it */
	{ { { "calendars.csv", "calendar,weekdays\nNONE,0000000\n" },
	    { "sites.csv", "site,calendar\nP1,NONE\nW1,\n" },
	    { "skus.csv", "item,site,type,lead_time\nA,P1,make,\nB,P1,buy,3\n" } },
	  "skus.csv:3:4: lead_time: 3 working days of calendar NONE, which has none", 0 },
	/* limits: magnitudes (once planned as no orders, no loads, NaN orders) */
	{ { { "bom.csv", "parent,component,qty_per\nA,B,1e308\n" } },
	  "bom.csv:2:3: qty_per: 1e+308 is past the limits: 0 or a magnitude from 1e-9 to 1e12", 0 },
	{ { { "resources.csv", "resource,site,hours_per_day\nM1,P1,8\n" },
	    { "routings.csv", "item,site,step,resource,setup_hours,run_hours\nA,P1,10,M1,0,1e308\n" } },
	  "routings.csv:2:6: run_hours: 1e+308 is past the limits: 0 or a magnitude from 1e-9 to 1e12", 0 },
	{ { { "demand.csv", "id,item,site,due,qty\nD1,A,P1,2027-02-01,1e308\n" } },
	  "demand.csv:2:5: qty: 1e+308 is past the limits: 0 or a magnitude from 1e-9 to 1e12", 0 },
	{ { { "skus.csv", "item,site,type,holding_cost\nA,P1,make,1e-12\nB,P1,buy,\n" } },
	  "skus.csv:2:4: holding_cost: 1e-12 is past the limits: 0 or a magnitude from 1e-9 to 1e12", 0 },
	{ { { "skus.csv", "item,site,type,lead_time\nA,P1,make,200000\nB,P1,buy,\n" } },
	  "skus.csv:2:4: lead_time: 200000 is past the limit: at most 100000", 0 },
	/* limits: the horizon (once 416,011 buckets and 40 minutes of planning) */
	{ { { "demand.csv", "id,item,site,due,qty\nD1,A,P1,9999-12-31,5\n" } },
	  "demand.csv:2:4: due: 9999-12-31 would stretch the horizon to 416011 weekly buckets; at most 5000 (max_buckets)", 0 },
	{ { { "scenario.csv", "key,value\nstart,2027-01-04\nend,2200-01-01\n" } },
	  "scenario.csv:3:2: end: the horizon to 2200-01-01 has 9027 weekly buckets; at most 5000 (max_buckets)", 0 },
	{ { { "demand.csv", "id,item,site,due,qty\nD1,A,P1,2027-02-01,5\nD2,A,P1,2028-03-01,5\n" } },
	  "demand.csv:3:4: due: 2028-03-01 is after the end 2028-01-03: demand D2 extends the horizon to 61 weekly buckets", 1 },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static int overridden(const bad_case *c, const char *file)
{
	for (int i = 0; i < 3 && c->files[i].file; i++) {
		const char *f = c->files[i].file;
		size_t n = strlen(file) - 4; /* match "skus.csv" with "skus.csv.gz" */
		if (strncmp(f, file, n) == 0 && (f[n] == '.' || f[n] == '\0'))
			return 1;
	}
	return 0;
}

START_TEST(malformed_input)
{
	const bad_case *c = &cases[_i];
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	for (const file_text *f = base; f->file; f++)
		if (!overridden(c, f->file))
			plan_model_load_table(m, f->file, f->text, strlen(f->text));
	for (int i = 0; i < 3 && c->files[i].file; i++)
		plan_model_load_table(m, c->files[i].file, c->files[i].text,
				      strlen(c->files[i].text));
	int rc = plan_model_validate(m);
	if (!has_diag(m, c->message)) {
		fprintf(stderr, "case %d: expected \"%s\", got:\n", _i, c->message);
		dump_diags(m);
	}
	ck_assert_msg(has_diag(m, c->message), "case %d: missing \"%s\"", _i, c->message);
	if (c->warning)
		ck_assert_int_eq(rc, 0);
	else
		ck_assert_int_eq(rc, PLAN_EFORMAT);
	plan_model_free(m);
}
END_TEST

START_TEST(base_is_valid)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	for (const file_text *f = base; f->file; f++)
		ck_assert_int_eq(plan_model_load_table(m, f->file, f->text, strlen(f->text)), 0);
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert_uint_eq(plan_model_count_diags(m), 0);
	plan_model_free(m);
}
END_TEST

START_TEST(errors_are_all_collected)
{
	/* three independent errors in one file, all reported */
	static const char skus[] = "item,site,type,on_hand,yield\n"
				   "A,P1,make,-1,\n"
				   "B,P1,buy,,2\n"
				   "C,P1,rent,,\n";
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	ck_assert_int_eq(plan_model_load_table(m, "skus.csv", skus, strlen(skus)), PLAN_EFORMAT);
	ck_assert_uint_eq(plan_model_count_errors(m), 3);
	ck_assert(has_diag(m, "skus.csv:2:4: on_hand: expected a number >= 0, got \"-1\""));
	ck_assert(has_diag(m, "skus.csv:3:5: yield: expected a number > 0 and <= 1, got \"2\""));
	ck_assert(has_diag(m, "skus.csv:4:3: type: expected one of buy, make, transfer, got \"rent\""));
	plan_model_free(m);
}
END_TEST

START_TEST(validation_does_not_repeat_itself)
{
	static const char sites[] = "site\nP1\n";
	static const char skus[] = "item,site\nA,P9\n";
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	plan_model_load_table(m, "sites.csv", sites, strlen(sites));
	plan_model_load_table(m, "skus.csv", skus, strlen(skus));
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	size_t n = plan_model_count_diags(m);
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	ck_assert_uint_eq(plan_model_count_diags(m), n);
	plan_model_free(m);
}
END_TEST

START_TEST(missing_files_and_directories)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/no-such-dir"), NULL), PLAN_EIO);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(plan_model_count_errors(m), 1);
	plan_model_free(m);

	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/only-scenario"), NULL), PLAN_EIO);
	ck_assert(has_diag(m, "sites.csv: required file missing in " SRC_PATH("tests/data/only-scenario")));
	ck_assert(has_diag(m, "skus.csv: required file missing in " SRC_PATH("tests/data/only-scenario")));
	ck_assert(has_diag(m, "notes.csv: not a table of format v1; ignored"));
	plan_model_free(m);
}
END_TEST

START_TEST(error_limit_stops_loading)
{
	/* 5000 bad rows, at most 10 errors kept */
	size_t n = 5000;
	char *text = malloc(32 + n * 16);
	size_t k = (size_t)sprintf(text, "site,name\n");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(text + k, "S%zu,\"x\"y\n", i);
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	plan_load_options o = PLAN_LOAD_OPTIONS_INIT;
	(void)o;
	plan_model_load_table(m, "sites.csv", text, k);
	ck_assert_uint_eq(plan_model_count_errors(m), n);
	free(text);
	plan_model_free(m);
}
END_TEST

/* The bucket limit is the model's, set by the load options (a version 1
 * struct, without it, still read) or by a call. */
START_TEST(bucket_limit_is_configurable)
{
	static const char dir[] = SRC_PATH("tests/data/small");
	static const char far[] = "id,item,site,due,qty\nDFAR,A,W1,2200-01-01,5\n";
	plan_model *m = NULL;
	plan_load_options o = PLAN_LOAD_OPTIONS_INIT;
	o.validate = 0;
	ck_assert_int_eq(plan_model_load(&m, dir, &o), 0);
	plan_model_load_table(m, "demand.csv", far, strlen(far));
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	ck_assert_int_eq(plan_model_set_max_buckets(m, 10000), 0);
	ck_assert_int_eq(plan_model_validate(m), 0);
	plan_horizon h = PLAN_HORIZON_INIT;
	plan_model_get_horizon(&h, m);
	ck_assert_uint_eq(h.buckets, 9027);
	ck_assert_int_eq(plan_model_set_max_buckets(m, 0), 0); /* the default again */
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	plan_model_free(m);

	o.max_buckets = 10000;
	ck_assert_int_eq(plan_model_load(&m, dir, &o), 0);
	plan_model_load_table(m, "demand.csv", far, strlen(far));
	ck_assert_int_eq(plan_model_validate(m), 0);
	plan_model_free(m);

	/* a version 1 struct: the fields it has, the default limit */
	struct { unsigned version; size_t max_errors; int validate; } v1 = { 1, 1000, 0 };
	ck_assert_int_eq(plan_model_load(&m, dir, (const plan_load_options *)(const void *)&v1), 0);
	plan_model_load_table(m, "demand.csv", far, strlen(far));
	ck_assert_int_eq(plan_model_validate(m), PLAN_EFORMAT);
	plan_model_free(m);
	o.version = 3;
	ck_assert_int_eq(plan_model_load(&m, dir, &o), PLAN_EINVAL);
	ck_assert_ptr_null(m);
}
END_TEST

/* Many rows due after the end: one warning per row up to 100, then one. */
START_TEST(extension_warnings_are_bounded)
{
	size_t n = 250;
	char *text = malloc(64 + n * 40);
	size_t k = (size_t)sprintf(text, "id,item,site,due,qty\n");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(text + k, "D%zu,A,P1,2028-02-%02zu,1\n", i, 1 + i % 28);
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	for (const file_text *f = base; f->file; f++)
		plan_model_load_table(m, f->file, f->text, strlen(f->text));
	plan_model_load_table(m, "demand.csv", text, k);
	ck_assert_int_eq(plan_model_validate(m), 0);
	ck_assert_uint_eq(plan_model_count_diags(m), 101);
	ck_assert(has_diag(m, "demand.csv: 150 more demands are due after the end 2028-01-03 and "
			      "extend the horizon"));
	free(text);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("errors");
	TCase *tc = tcase_create("malformed");
	tcase_add_test(tc, base_is_valid);
	tcase_add_loop_test(tc, malformed_input, 0, (int)NCASES);
	tcase_add_test(tc, errors_are_all_collected);
	tcase_add_test(tc, validation_does_not_repeat_itself);
	tcase_add_test(tc, missing_files_and_directories);
	tcase_add_test(tc, error_limit_stops_loading);
	tcase_add_test(tc, bucket_limit_is_configurable);
	tcase_add_test(tc, extension_warnings_are_bounded);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
