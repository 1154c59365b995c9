/* libFuzzer target: the planner.
 *
 * An input is read as a program that builds a model call by call (so that
 * the fuzzer reaches the planner, not the parser): a horizon of at most 400
 * buckets of any size, up to eight items on three sites with every SKU
 * type, lot rule and modifier, BOM lines (acyclic), resources, routings,
 * maintenance blocks with alternates, lanes with priorities, shares and
 * limits, receipts and demands, with numbers drawn from a table that runs
 * from 0 to the limits of format.md (1e-9 .. 1e12); half of the models are
 * of format 1.1, with items counted in units of 0 to 3 decimals (their
 * quantities whole), forecast consumption windows and time fences. A model
 * that validates
 * is planned unconstrained and constrained, and in a session that then
 * repairs its plan locally after an emergency block drawn from what is left
 * of the input; each plan must pass the library's verifier (the feasible
 * ones with no violation at all), and a plan that cannot be made must say
 * why (PLAN_ERANGE, with a message).
 * Nothing may crash, hang or leak. */
#include <plan.h>


#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct reader {
	const uint8_t *p;
	size_t n, at;
} reader;

static unsigned byte(reader *r)
{
	return r->at < r->n ? r->p[r->at++] : 0;
}

static unsigned pick(reader *r, unsigned n)
{
	return n ? byte(r) % n : 0;
}

/* A quantity, hours or cost: mostly ordinary, sometimes at the limits. */
static double number(reader *r)
{
	static const double v[] = { 0, 1e-9, 0.001, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 12, 24, 40,
				    100, 250, 1e3, 1e4, 1e6, 1e9, 1e12 };
	return v[pick(r, sizeof(v) / sizeof(v[0]))];
}

/* A quantity of an item counted in units (format 1.1): whole numbers,
 * mostly small, sometimes large; else number(). */
static double amount(reader *r, int whole)
{
	if (!whole)
		return number(r);
	static const double v[] = { 0, 1, 2, 3, 5, 10, 12, 40, 100, 250, 1e3, 1e6, 1e9 };
	return v[pick(r, sizeof(v) / sizeof(v[0]))];
}

static double fraction(reader *r) /* in (0, 1] */
{
	return (double)(1 + pick(r, 100)) / 100.0;
}

static const char *const items[] = { "I0", "I1", "I2", "I3", "I4", "I5", "I6", "I7" };
static const char *const sites[] = { "P1", "P2", "W1" };
static const char *const res[] = { "R0", "R1", "R2", "R3" };
static const char *const ids[] = { "X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9",
				   "X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17",
				   "X18", "X19", "X20", "X21", "X22", "X23", "X24", "X25",
				   "X26", "X27", "X28", "X29", "X30", "X31" };

static plan_model *build(reader *r)
{
	plan_model *m = NULL;
	if (plan_model_new(&m) < 0)
		return NULL;
	plan_date start = plan_date_from_ymd(2027, 1, 4);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	sc.start = start;
	sc.bucket = (plan_bucket)pick(r, 3);
	unsigned span = 1 + pick(r, 250);
	sc.end = start + (plan_date)(sc.bucket == PLAN_BUCKET_DAY ? span
				     : sc.bucket == PLAN_BUCKET_WEEK ? 7 * (span % 60 + 1)
								     : 30 * (span % 13 + 1));
	/* format 1.1 (whole units of the items' decimals, consumption,
	 * fences) or 1.0 */
	sc.format = (int)pick(r, 2);
	if (sc.format) { /* lanes of equal priority by landed cost, or file order;
			    warehouses' demands shared fairly, or in priority order */
		sc.sourcing = (plan_sourcing)pick(r, 2);
		sc.fair_share = (plan_fair_share)pick(r, 3);
	}
	int whole = sc.format;
	plan_model_set_scenario(m, &sc);
	plan_model_set_max_buckets(m, 400);
	plan_calendar_def cal = PLAN_CALENDAR_DEF_INIT;
	char mask[8] = "1111100";
	for (int i = 0; i < 7; i++)
		mask[i] = (char)('0' + (pick(r, 4) != 0));
	cal.calendar = "CAL";
	cal.weekdays = mask;
	plan_model_add_calendar(m, &cal);
	for (int s = 0; s < 3; s++) {
		plan_site_def d = PLAN_SITE_DEF_INIT;
		d.site = sites[s];
		d.calendar = pick(r, 2) ? "CAL" : NULL;
		plan_model_add_site(m, &d);
	}
	unsigned nitem = 1 + pick(r, 8);
	for (unsigned i = 0; i < nitem && whole; i++) {
		plan_item_def it = PLAN_ITEM_DEF_INIT;
		it.item = items[i];
		it.decimals = (int)pick(r, 4); /* 0 (whole) to 3 */
		plan_model_add_item(m, &it);
	}
	/* SKUs: type per item and site (0: none) */
	unsigned type[8][3];
	for (unsigned i = 0; i < nitem; i++) {
		for (int s = 0; s < 3; s++) {
			type[i][s] = pick(r, 4);
			if (!type[i][s])
				continue;
			plan_sku_def d = PLAN_SKU_DEF_INIT;
			d.item = items[i];
			d.site = sites[s];
			d.type = type[i][s] == 1 ? PLAN_SKU_BUY : type[i][s] == 2 ? PLAN_SKU_MAKE
										    : PLAN_SKU_TRANSFER;
			d.lead_time = (int)pick(r, 8);
			d.on_hand = pick(r, 3) ? 0 : amount(r, whole);
			d.safety_stock = pick(r, 4) ? 0 : number(r);
			d.lot_rule = (plan_lot_rule)pick(r, 8);
			d.lot_qty = d.lot_rule == PLAN_LOT_FOQ ? 1 + amount(r, whole) : PLAN_NONE;
			d.lot_periods = d.lot_rule == PLAN_LOT_POQ ? 1 + (int)pick(r, 6) : 0;
			d.lot_min = pick(r, 4) ? 0 : amount(r, whole);
			d.lot_max = pick(r, 4) ? PLAN_NONE : 1 + amount(r, whole);
			d.lot_multiple = pick(r, 4) ? PLAN_NONE : 1 + pick(r, 10);
			d.yield = pick(r, 3) ? 1 : fraction(r);
			d.setup_cost = number(r);
			d.holding_cost = 0.01 + number(r);
			d.unit_cost = number(r);
			if (whole) {
				/* project stock (1.1), from what is drawn already (the
				 * corpus's bytes keep their meaning) */
				d.project_specific = (d.lead_time + (int)i + s) % 4 == 0;
				d.consume_back = pick(r, 2) ? 0 : (int)pick(r, 10);
				d.consume_forward = pick(r, 2) ? 0 : (int)pick(r, 10);
				d.frozen_days = pick(r, 3) ? 0 : (int)pick(r, 8);
				if (d.type == PLAN_SKU_MAKE && pick(r, 4) == 0) {
					/* batches (1.1): the lot rules' multiple and maximum
					 * whole batches, as a valid SKU has them */
					d.batch_size = 1 + pick(r, 20);
					if (d.lot_multiple != PLAN_NONE)
						d.lot_multiple = d.batch_size * (1 + pick(r, 3));
					if (d.lot_max != PLAN_NONE && d.lot_max < d.batch_size)
						d.lot_max = d.batch_size * (1 + pick(r, 3));
				}
			}
			plan_model_add_sku(m, &d);
		}
	}
	/* BOM: a make SKU of item i uses items j > i at its site (no cycle) */
	for (unsigned k = pick(r, 12); k-- > 0;) {
		unsigned i = pick(r, nitem), j = pick(r, nitem), s = pick(r, 3);
		if (j <= i || type[i][s] != 2 || !type[j][s])
			continue;
		plan_bom_def b = PLAN_BOM_DEF_INIT;
		b.parent = items[i];
		b.site = sites[s];
		b.component = items[j];
		b.qty_per = 1e-9 + number(r);
		b.scrap = pick(r, 4) ? 0 : fraction(r) / 2;
		if (whole && pick(r, 3) == 0) { /* an alternate's line (1.1) */
			b.alternate = pick(r, 2) ? "A1" : "A2";
			b.priority = 1 + (int)pick(r, 2);
		}
		plan_model_add_bom_line(m, &b);
	}
	/* resources and routings */
	unsigned nres = pick(r, 5);
	for (unsigned k = 0; k < nres; k++) {
		plan_resource_def d = PLAN_RESOURCE_DEF_INIT;
		d.resource = res[k];
		d.site = sites[k % 2];
		d.hours_per_day = (double)pick(r, 25);
		d.calendar = pick(r, 2) ? "CAL" : NULL;
		d.cost_per_hour = (double)pick(r, 100); /* standard costs (1.1) */
		if (whole)
			d.units = 1 + pick(r, 3); /* several units (1.1) */
		plan_model_add_resource(m, &d);
	}
	for (unsigned k = nres ? pick(r, 10) : 0; k-- > 0;) {
		unsigned i = pick(r, nitem), x = pick(r, nres);
		plan_routing_def d = PLAN_ROUTING_DEF_INIT;
		d.item = items[i];
		d.site = sites[x % 2];
		d.step = ids[k];
		d.resource = res[x];
		d.setup_hours = pick(r, 2) ? 0 : number(r);
		d.run_hours = number(r);
		if (whole && pick(r, 4) == 0) { /* a rate instead (1.1) */
			d.rate = 0.5 + number(r);
			d.run_hours = 0;
		}
		if (whole && pick(r, 3) == 0) { /* an alternate's step (1.1) */
			d.alternate = pick(r, 2) ? "A1" : "A2";
			d.priority = 1 + (int)pick(r, 2);
		}
		plan_model_add_routing_step(m, &d);
	}
	for (unsigned k = nres ? pick(r, 4) : 0; k-- > 0;) {
		plan_maintenance_def d = PLAN_MAINTENANCE_DEF_INIT;
		unsigned x = pick(r, nres);
		d.id = ids[k];
		d.resource = res[x];
		d.start = start + (plan_date)pick(r, 60) - 5;
		d.end = d.start + (plan_date)pick(r, 15);
		d.kind = (plan_maint_kind)pick(r, 2);
		d.capacity_factor = pick(r, 2) ? 0 : fraction(r);
		if (pick(r, 2) && nres > 1) {
			d.alt_resource = res[(x + 2) % nres];
			d.alt_factor = 0.5 + fraction(r);
		}
		plan_model_add_maintenance(m, &d);
	}
	/* lanes into transfer SKUs */
	for (unsigned i = 0; i < nitem; i++) {
		for (int s = 0; s < 3; s++) {
			if (type[i][s] != 3)
				continue;
			for (unsigned k = 1 + pick(r, 2); k-- > 0;) {
				plan_lane_def d = PLAN_LANE_DEF_INIT;
				d.item = items[i];
				d.site = sites[s];
				d.source = sites[pick(r, 3)];
				d.priority = 1 + (int)pick(r, 3);
				d.share = pick(r, 3) ? PLAN_NONE : fraction(r);
				d.transfer_days = (int)pick(r, 6);
				d.max_per_bucket = pick(r, 3) ? PLAN_NONE : amount(r, whole);
				d.cost = number(r);
				plan_model_add_lane(m, &d);
			}
		}
	}
	/* format 1.1: suppliers of bought SKUs */
	for (unsigned i = 0; i < nitem && whole; i++) {
		for (int s = 0; s < 3; s++) {
			if (type[i][s] != 1 || pick(r, 2))
				continue;
			for (unsigned k = 1 + pick(r, 3); k-- > 0;) {
				plan_supplier_def d = PLAN_SUPPLIER_DEF_INIT;
				d.item = items[i];
				d.site = sites[s];
				d.supplier = res[k]; /* (any code will do) */
				d.priority = 1 + (int)pick(r, 2);
				d.share = pick(r, 3) ? PLAN_NONE : fraction(r);
				d.lead_time = pick(r, 3) ? -1 : (int)pick(r, 8);
				d.lot_min = pick(r, 3) ? 0 : amount(r, whole);
				d.lot_multiple = pick(r, 3) ? PLAN_NONE : 1 + pick(r, 10);
				d.max_per_bucket = pick(r, 3) ? PLAN_NONE : amount(r, whole);
				d.calendar = pick(r, 3) ? NULL : "CAL";
				plan_model_add_supplier(m, &d);
			}
		}
	}
	for (unsigned k = pick(r, 6); k-- > 0;) {
		plan_receipt_def d = PLAN_RECEIPT_DEF_INIT;
		d.id = ids[k];
		d.item = items[pick(r, nitem)];
		d.site = sites[pick(r, 3)];
		d.due = start + (plan_date)pick(r, 120) - 10;
		d.qty = whole ? 1 + amount(r, 1) : 1e-9 + number(r);
		/* format 1.1: firm planned orders, released work orders and
		 * their operations (on a resource of the site, mostly) */
		unsigned it = 0, st = 0;
		while (it < nitem && strcmp(items[it], d.item))
			it++;
		while (st < 3 && strcmp(sites[st], d.site))
			st++;
		unsigned ty = it < nitem ? type[it][st] : 0;
		if (whole && ty && pick(r, 2)) {
			d.kind = ty == 2 ? PLAN_RECEIPT_PRODUCTION : ty == 3 ? PLAN_RECEIPT_TRANSFER
									 : PLAN_RECEIPT_PURCHASE;
			d.source = ty == 3 ? sites[pick(r, 3)] : NULL;
			d.status = ty == 2 && pick(r, 2) ? PLAN_RECEIPT_RELEASED : PLAN_RECEIPT_FIRM;
			if (d.status == PLAN_RECEIPT_FIRM && pick(r, 2))
				d.release = d.due - (plan_date)pick(r, 12);
		}
		plan_model_add_receipt(m, &d);
		for (unsigned q = d.status == PLAN_RECEIPT_RELEASED ? pick(r, 3) : 0; q-- > 0 && nres;) {
			plan_operation_def op = PLAN_OPERATION_DEF_INIT;
			unsigned x = pick(r, nres);
			if (st < 2 && x % 2 != st && x + 1 < nres)
				x++; /* (resources alternate P1, P2) */
			op.receipt = d.id;
			op.step = ids[q];
			op.resource = res[x];
			op.remaining_hours = pick(r, 2) ? (double)pick(r, 40) : number(r);
			plan_model_add_operation(m, &op);
		}
	}
	for (unsigned k = pick(r, 32); k-- > 0;) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		d.id = ids[k];
		d.item = items[pick(r, nitem)];
		d.site = sites[pick(r, 3)];
		d.due = start + (plan_date)(pick(r, 255) * (1 + pick(r, 2))) - 10;
		d.qty = whole ? 1 + amount(r, 1) : 1e-9 + number(r);
		d.priority = 1 + (int)pick(r, 4);
		d.kind = (plan_demand_kind)pick(r, 2);
		plan_model_add_demand(m, &d);
	}
	/* format 1.1: projects at a site, activities with predecessors among
	 * the earlier ones (now and then a later one: a cycle, an error),
	 * loads on resources (of any site: an error where not the project's),
	 * materials of any item and site */
	static const char *const prj[] = { "J0", "J1" };
	for (unsigned k = whole ? pick(r, 3) : 0; k-- > 0;) {
		plan_project_def pd = PLAN_PROJECT_DEF_INIT;
		pd.project = prj[k];
		pd.site = sites[pick(r, 2)];
		pd.due = start + (plan_date)pick(r, 200) - 10;
		pd.priority = 1 + (int)pick(r, 4);
		plan_model_add_project(m, &pd);
		unsigned na = pick(r, 9);
		for (unsigned a = 0; a < na; a++) {
			plan_activity_def ad = PLAN_ACTIVITY_DEF_INIT;
			char preds[32] = "";
			size_t len = 0;
			for (unsigned q = a ? pick(r, 3) : 0; q-- > 0;)
				len += (size_t)snprintf(preds + len, sizeof(preds) - len, "%s%s",
							len ? " " : "", ids[pick(r, 64) ? pick(r, a) : pick(r, na)]);
			ad.project = prj[k];
			ad.activity = ids[a];
			ad.duration = (int)pick(r, 7);
			ad.predecessors = preds;
			plan_model_add_activity(m, &ad);
			for (unsigned q = nres ? pick(r, 3) : 0; q-- > 0;) {
				plan_activity_resource_def ar = PLAN_ACTIVITY_RESOURCE_DEF_INIT;
				ar.project = prj[k];
				ar.activity = ids[a];
				ar.resource = res[pick(r, nres)];
				ar.hours_per_day = (double)(1 + pick(r, 16)) / 2;
				plan_model_add_activity_resource(m, &ar);
			}
			if (!pick(r, 3)) {
				plan_activity_material_def am = PLAN_ACTIVITY_MATERIAL_DEF_INIT;
				am.project = prj[k];
				am.activity = ids[a];
				am.item = items[pick(r, nitem)];
				am.site = sites[pick(r, 3)];
				am.qty = 1 + amount(r, 1);
				plan_model_add_activity_material(m, &am);
			}
		}
	}
	/* format 1.1: outputs of any item and site (an error where not a
	 * make SKU's, or on a cycle), co- or by-products */
	for (unsigned k = whole ? pick(r, 4) : 0; k-- > 0;) {
		plan_output_def od = PLAN_OUTPUT_DEF_INIT;
		od.item = items[pick(r, nitem)];
		od.site = sites[pick(r, 3)];
		od.output = items[pick(r, nitem)];
		od.qty_per = pick(r, 2) ? (double)(1 + pick(r, 8)) / 4 : 1e-9 + number(r);
		od.kind = (plan_output_kind)pick(r, 2);
		od.cost_share = (double)pick(r, 5) / 4;
		od.priority = 1 + (int)pick(r, 3);
		plan_model_add_output(m, &od);
	}
	return m;
}

/* Violations go to stderr, for the crash report. */
static int print_violation(void *ctx, const plan_violation *v)
{
	if (v->hard)
		fprintf(stderr, "%s plan: violation: %s: %s\n", (const char *)ctx, v->rule,
			v->message);
	return 0;
}

/* A plan breaks no rule, unless firm or released orders (1.1) ask for
 * more than there is: then it says so (critical exceptions, status
 * infeasible) and breaks only what they can break (stock, capacity,
 * lanes). */
typedef struct vctx {
	const char *what;
	int infeasible;
	size_t allowed;
} vctx;

static int note_violation(void *ctx, const plan_violation *v)
{
	vctx *c = ctx;
	if (!v->hard)
		return 0;
	if (c->infeasible && (!strcmp(v->rule, "stock") || !strcmp(v->rule, "capacity") ||
			      !strcmp(v->rule, "lane"))) {
		c->allowed++;
		return 0;
	}
	return print_violation((void *)(uintptr_t)c->what, v);
}

static void verified(const plan_result *r, unsigned flags, const char *what)
{
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	plan_summary s = PLAN_SUMMARY_INIT;
	if (plan_result_get_summary(&s, r) != 0)
		abort();
	vctx c = { what, !strcmp(s.status, "infeasible") && !(flags & PLAN_VERIFY_UNCONSTRAINED), 0 };
	if (plan_result_verify(&n, r, flags, note_violation, &c) != 0 || n.violations > c.allowed)
		abort();
}

static void plan_and_verify(plan_model *m, plan_mode mode)
{
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = mode;
	plan_result *r = NULL;
	int rc = plan_run(&r, m, &o);
	if (rc == PLAN_ERANGE) {
		/* numbers past what a plan may hold: said, with the SKU or step */
		if (r || !plan_model_errmsg(m)[0])
			abort();
		return;
	}
	if (rc != 0 || !r)
		abort();
	verified(r, mode == PLAN_MODE_UNCONSTRAINED ? PLAN_VERIFY_UNCONSTRAINED : 0,
		 mode == PLAN_MODE_CONSTRAINED ? "constrained" : "unconstrained");
	plan_result_free(r);
}

/* A session's plan, then an emergency block on a resource the input names
 * (with or without an alternate), repaired locally; both plans verified. */
static void repair_and_verify(plan_model *m, reader *rd)
{
	size_t nres = plan_model_count(m, PLAN_TABLE_RESOURCES);
	plan_session *s = NULL;
	if (!nres)
		return;
	int rc = plan_session_new(&s, m, NULL);
	if (rc == PLAN_ERANGE)
		return;
	if (rc != 0)
		abort();
	verified(plan_session_result(s), 0, "session");
	plan_resource_def picked = PLAN_RESOURCE_DEF_INIT, alt = PLAN_RESOURCE_DEF_INIT;
	plan_horizon h = PLAN_HORIZON_INIT;
	if (plan_model_get_resource(&picked, m, pick(rd, (unsigned)nres)) != 0 ||
	    plan_model_get_resource(&alt, m, pick(rd, (unsigned)nres)) != 0 ||
	    plan_model_get_horizon(&h, m) != 0)
		abort();
	/* copies: the model's tables may move as the block is added */
	char rname[64], aname[64];
	snprintf(rname, sizeof(rname), "%s", picked.resource);
	snprintf(aname, sizeof(aname), "%s", alt.resource);
	plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
	b.id = "FUZZ-E";
	b.resource = rname;
	b.start = h.start + (plan_date)pick(rd, 200);
	b.end = b.start + (plan_date)pick(rd, 60);
	b.kind = PLAN_MAINT_EMERGENCY;
	b.capacity_factor = pick(rd, 3) * 0.25;
	b.alt_resource = strcmp(aname, rname) && pick(rd, 2) ? aname : NULL;
	b.alt_factor = 0.5 + pick(rd, 4) * 0.5;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	rc = plan_session_add_block(&st, s, &b, NULL, NULL);
	if (rc == 0)
		verified(plan_session_result(s), 0, "repaired");
	else if (rc != PLAN_ERANGE)
		abort();
	plan_session_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader rd = { data, size, 0 };
	plan_model *m = build(&rd);
	if (!m)
		return 0;
	if (plan_model_validate(m) == 0) {
		/* FUZZ_PLAN_DUMP=DIR: the model as a scenario directory, to keep
		 * a find as test data (tests/data/fuzz-*) */
		const char *dump = getenv("FUZZ_PLAN_DUMP");
		if (dump && plan_model_write_csv(m, dump, 0) != 0)
			abort();
		plan_horizon h = PLAN_HORIZON_INIT;
		if (plan_model_get_horizon(&h, m) != 0 || h.buckets > 400)
			abort();
		plan_and_verify(m, PLAN_MODE_UNCONSTRAINED);
		plan_and_verify(m, PLAN_MODE_CONSTRAINED);
		repair_and_verify(m, &rd);
	}
	plan_model_free(m);
	return 0;
}
