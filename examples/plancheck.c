/* plancheck: the planner's tool. Loads a scenario, reports every problem in
 * it exactly as the loader finds it, and summarises what was loaded.
 *
 *   plancheck [--unconstrained | --aggregate [--integer | --interior]] SCENARIO
 *             [--out DIR|FILE.h5 [--name NAME] [--pegging]]
 *
 * SCENARIO is a directory of CSV files or an HDF5 store (FILE.h5). With
 * --out FILE.h5 the plan is stored in that file as /plans/NAME (default
 * "plan"), beside the scenario (written there unless the file already
 * holds it).
 *
 * With --aggregate it solves the aggregate plan (GLPK's simplex; --integer:
 * whole workers by branch-and-cut; --interior: the interior-point method,
 * faster on large programs), prints its cost beside the chase and level strategies and the
 * rough-cut check, and --out DIR writes aggregate.csv, rccp.csv and
 * summary.csv.
 *
 * Without a mode it makes the feasible (constrained) plan: the unconstrained
 * plan adjusted until it keeps every rule of format.md, with the adjustments
 * and the reasons of late demands; --unconstrained: classic MRP, infinite
 * capacity. Every plan is checked by the library's verifier before it is
 * reported.
 *
 * The plan is verified before anything is written; one that breaks a rule
 * is not written. Exit status (also in --help): 0 a plan was made, checked
 * and written, whatever its verdict (a late plan is a finding, not a
 * failure); with --strict, 1 when it is late or short (aggregate: no plan,
 * or one the resources cannot carry); 2 bad input, usage or I/O error, 3
 * internal error (a rule broken, out of memory).
 *
 * Diagnostics (errors and warnings about the data) go to stderr, the
 * report to stdout, line by line, so that a log of both keeps their order. */
#include <plan.h>

#include "money.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Exit status */
enum {
	EXIT_ON_TIME = 0,   /* a plan (with --strict: an on-time one, an aggregate one the
			       resources carry) */
	EXIT_LATE = 1,      /* --strict: late or short (aggregate: no plan, or one they
			       cannot carry) */
	EXIT_INPUT = 2,     /* bad input or usage, or a file that cannot be read or written */
	EXIT_INTERNAL = 3,  /* the plan breaks a rule (nothing written), out of memory */
	EXIT_CANCELED = 130 /* interrupted (Ctrl-C): the run stopped cleanly, nothing written */
};

/* --- progress: a line on stderr, and Ctrl-C as a clean cancel ------------- */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

typedef struct progress {
	int show;          /* 1: always (--progress); 0: when stderr is a terminal and
			      the run takes over a second; -1: never */
	int tty;
	double t0, shown;  /* when the run started, when the line was last drawn */
	int drawn;
} progress;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *const phase_name[] = { "validating", "netting", "loading capacity",
					  "planning demands", "late parts", "safety stock",
					  "finishing" };

static int on_progress(plan_phase phase, size_t done, size_t total, void *user)
{
	progress *p = user;
	double t = now();
	if (p->show > 0 || (p->show == 0 && p->tty && t - p->t0 > 1.0)) {
		/* a terminal: one line, redrawn at most ten times a second;
		 * else (--progress into a file) a line when a phase ends */
		int end = done == total;
		if (p->tty && (t - p->shown > 0.1 || end)) {
			fprintf(stderr, "\r\033[K%-17s %5.1f %% (%zu of %zu), %.1f s",
				phase_name[phase], total ? 100.0 * (double)done / (double)total : 100.0,
				done, total, t - p->t0);
			p->shown = t;
			p->drawn = 1;
		} else if (!p->tty && end) {
			fprintf(stderr, "progress %-17s done (%zu), %.2f s\n", phase_name[phase], total,
				t - p->t0);
		}
	}
	return interrupted;
}

/* Clears the progress line, if one was drawn. */
static void progress_done(progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: plancheck [--unconstrained | --aggregate [--integer | --interior]] [--bound] "
		   "[--strict] [--progress | --no-progress] [--max-buckets N] SCENARIO\n"
		   "       [--out DIR|FILE.h5 [--name NAME] [--pegging]] [--report FILE.html [--focus ITEM|RESOURCE]]\n"
		   "       plancheck --help | --version\n");
	if (f != stdout)
		return;
	fprintf(f, "\n"
		"Loads SCENARIO (a directory of CSV files or FILE.h5), prints every problem of\n"
		"its data, makes the feasible plan (or the unconstrained or aggregate plan),\n"
		"verifies it against format.md's rules and only then writes it: --out DIR\n"
		"(CSV tables, DIR replaced all at once) or --out FILE.h5 (as /plans/NAME;\n"
		"its full pegging trace only with --pegging: it is derived from the single-\n"
		"level allocations stored anyway, and can run to hundreds of millions of rows).\n"
		"--max-buckets N: a horizon of up to N buckets (default 5000).\n"
		"--bound: also the most demand quantity any feasible plan could deliver on\n"
		"time (a linear program, GLPK), beside what this plan delivers on time.\n"
		"--strict: exit 1 when the plan is late or short (for scripts and CI).\n"
		"--report FILE.html: the plan as one self-contained HTML page (load, stock,\n"
		"a Gantt chart of the orders of --focus ITEM|RESOURCE, by default the most\n"
		"loaded resource, late demands with their reasons, adjustments).\n"
		"Progress is shown on stderr when it is a terminal and planning takes over\n"
		"a second (--progress: always, a line per phase when not a terminal;\n"
		"--no-progress: never). Ctrl-C stops planning cleanly (exit 130).\n"
		"Missing folders of --out are created. Data errors and warnings go to\n"
		"stderr, the report to stdout.\n"
		"\n"
		"exit status:\n"
		"  0  a plan was made, verified and written, whatever its verdict (the\n"
		"     verdict line says on_time, late or infeasible)\n"
		"  1  with --strict only: the plan is late or short (aggregate: no plan, or\n"
		"     the resources cannot carry it)\n"
		"  2  bad input or usage, or an output that cannot be written\n"
		"  3  internal error: the plan breaks a rule of format.md (the first\n"
		"     violations are printed, nothing is written), or out of memory\n");
}

static void print_diags(const plan_model *m)
{
	size_t n = plan_model_count_diags(m);
	for (size_t i = 0; i < n; i++) {
		plan_diag d = PLAN_DIAG_INIT;
		plan_model_get_diag(&d, m, i);
		fprintf(stderr, "%s: %s\n", d.severity == PLAN_SEVERITY_ERROR ? "error" : "warning",
			d.message);
	}
}

static const char *bucket_word(plan_bucket b)
{
	return b == PLAN_BUCKET_DAY ? "daily" : b == PLAN_BUCKET_WEEK ? "weekly" : "monthly";
}

/* What format 1.1 changes in this scenario, in one line (nothing for a
 * scenario of 1.0 that uses none of it). */
static void print_format(const plan_model *m, const plan_scenario_def *sc, size_t fenced)
{
	size_t nitem = plan_model_count(m, PLAN_TABLE_ITEMS), whole = 0, counted = 0;
	for (size_t i = 0; i < nitem; i++) {
		plan_item_def it = PLAN_ITEM_DEF_INIT;
		plan_model_get_item(&it, m, i);
		counted += it.decimals >= 0;
		whole += it.decimals == 0;
	}
	size_t nd = plan_model_count(m, PLAN_TABLE_DEMAND), nfc = 0, hit = 0;
	double qty = 0, used = 0;
	for (size_t i = 0; i < nd; i++) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		plan_consumption c = PLAN_CONSUMPTION_INIT;
		plan_model_get_demand(&d, m, i);
		if (d.kind != PLAN_DEMAND_FORECAST || plan_model_get_consumption(&c, m, i) < 0)
			continue;
		nfc++;
		hit += c.consumed > 0;
		qty += c.qty;
		used += c.consumed;
	}
	if (!sc->format && !counted && !hit && !fenced)
		return;
	printf("format   1.%d: %zu item%s counted in units (%zu whole)", sc->format, counted,
	       counted == 1 ? "" : "s", whole);
	if (hit || sc->format)
		printf("; %zu of %zu forecasts consumed by orders (%.10g of %.10g)", hit, nfc, used, qty);
	printf("; %zu SKU%s with a time fence\n", fenced, fenced == 1 ? "" : "s");
}

static void print_summary(const char *path, const plan_model *m)
{
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	plan_horizon h = PLAN_HORIZON_INIT;
	char a[11], b[11];
	plan_model_get_scenario(&sc, m);
	plan_model_get_horizon(&h, m);
	plan_date_format(a, h.start);
	plan_date_format(b, h.end);
	printf("scenario %s%s%s%s\n", path, sc.name ? " (" : "", sc.name ? sc.name : "",
	       sc.name ? ")" : "");
	printf("horizon  %s .. %s, %zu %s buckets\n", a, b, h.buckets, bucket_word(h.bucket));
	printf("tables  ");
	for (int t = PLAN_TABLE_CALENDARS; t < PLAN_TABLE_COUNT_; t++)
		printf(" %s %zu%s", plan_table_name((plan_table)t), plan_model_count(m, (plan_table)t),
		       t + 1 < PLAN_TABLE_COUNT_ ? "," : "\n");
	size_t nsku = plan_model_count(m, PLAN_TABLE_SKUS), by_type[3] = { 0, 0, 0 }, fenced = 0;
	int max_llc = 0;
	for (size_t i = 0; i < nsku; i++) {
		plan_sku_def s = PLAN_SKU_DEF_INIT;
		plan_model_get_sku(&s, m, i);
		by_type[s.type]++;
		fenced += s.frozen_days > 0;
		int llc = plan_model_sku_llc(m, i);
		if (llc > max_llc)
			max_llc = llc;
	}
	printf("SKUs     %zu make, %zu buy, %zu transfer\n", by_type[PLAN_SKU_MAKE],
	       by_type[PLAN_SKU_BUY], by_type[PLAN_SKU_TRANSFER]);
	printf("levels   BOM depth %d, low-level codes 0..%d\n", plan_model_bom_depth(m), max_llc);
	print_format(m, &sc, fenced);
}

static const char *const kind_name[] = { "make", "buy", "transfer" };

/* The first ten violations (ctx: how many were printed). */
static int print_violation(void *ctx, const plan_violation *v)
{
	size_t *shown = ctx;
	if (v->hard && (*shown)++ < 10)
		fprintf(stderr, "violation: %s: %s\n", v->rule, v->message);
	return 0;
}

/* The ten most loaded resource-buckets, by loaded / available. */
static void print_top_loads(const plan_result *r)
{
	size_t n = plan_result_count(r, PLAN_RESULT_CAPACITY);
	size_t top[10];
	double util[10];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		plan_capacity c = PLAN_CAPACITY_INIT;
		plan_result_get_capacity(&c, r, i);
		if (c.loaded <= 0)
			continue;
		double u = c.available > 0 ? c.loaded / c.available : 1e9;
		size_t j = k < 10 ? k++ : 10;
		while (j > 0 && util[j - 1] < u) {
			if (j < 10) {
				util[j] = util[j - 1];
				top[j] = top[j - 1];
			}
			j--;
		}
		if (j < 10) {
			util[j] = u;
			top[j] = i;
		}
	}
	if (k)
		printf("most loaded resource-buckets:\n");
	for (size_t j = 0; j < k; j++) {
		plan_capacity c = PLAN_CAPACITY_INIT;
		char d[11];
		plan_result_get_capacity(&c, r, top[j]);
		plan_date_format(d, c.bucket);
		if (c.available > 0)
			printf("  %-12s %s  %8.1f of %8.1f h  %5.0f %%", c.resource, d, c.loaded,
			       c.available, 100 * c.loaded / c.available);
		else
			printf("  %-12s %s  %8.1f of %8.1f h  (closed)", c.resource, d, c.loaded,
			       c.available);
		if (c.maintenance_lost > 0 || c.to_alternate > 0)
			printf("  maintenance -%.1f h, %.1f h to alternates", c.maintenance_lost,
			       c.to_alternate);
		printf("\n");
	}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Stores the plan as /plans/NAME of out, with the scenario unless out
 * already holds it (then it must be the same scenario). */
static int store_plan(const plan_model *m, const plan_result *r, const char *out,
		      const char *name, int pegging)
{
	plan_store *st = NULL;
	FILE *f = fopen(out, "rb");
	int exists = f != NULL;
	if (f)
		fclose(f);
	int rc = plan_store_open(&st, out, exists ? PLAN_STORE_UPDATE : PLAN_STORE_CREATE);
	if (!rc && plan_store_has_scenario(st)) {
		plan_model *held = NULL;
		plan_load_options lo = PLAN_LOAD_OPTIONS_INIT;
		lo.validate = 0;
		rc = plan_store_read_model(&held, st, &lo);
		if (!rc && !plan_model_equal(held, m)) {
			fprintf(stderr, "plancheck: %s holds another scenario; not written\n", out);
			plan_model_free(held);
			plan_store_free(st); /* not closed: the file stays as it was */
			return 2;
		}
		plan_model_free(held);
	} else if (!rc) {
		rc = plan_store_write_model(st, m);
	}
	if (!rc)
		rc = plan_store_write_plan(st, name, r, pegging ? PLAN_STORE_PEGGING : 0);
	if (rc)
		fprintf(stderr, "plancheck: %s\n", st ? plan_store_errmsg(st) : plan_errstr(rc));
	else
		printf("wrote    %s:/plans/%s (orders, loads, deliveries, exceptions, capacity, "
		       "adjustments, summary, allocations%s)\n",
		       out, name, pegging ? ", pegging" : "");
	if (!rc && (rc = plan_store_close(st)) < 0)
		fprintf(stderr, "plancheck: %s\n", plan_store_errmsg(st));
	plan_store_free(st);
	return rc ? 2 : 0;
}

/* What the feasibility step changed, by action, and the first few. */
static void print_adjustments(const plan_result *r)
{
	static const char *const actions[] = { "earlier", "later", "alternate", "lane", "split", "short" };
	size_t n = plan_result_count(r, PLAN_RESULT_ADJUSTMENTS), count[6] = { 0 };
	for (size_t i = 0; i < n; i++) {
		plan_adjustment a = PLAN_ADJUSTMENT_INIT;
		plan_result_get_adjustment(&a, r, i);
		for (int k = 0; k < 6; k++)
			count[k] += strcmp(a.action, actions[k]) == 0;
	}
	printf("adjusted %zu changes against the unconstrained plan:", n);
	for (int k = 0; k < 6; k++)
		printf(" %zu %s%s", count[k], actions[k], k < 5 ? "," : "\n");
	for (size_t i = 0; i < n && i < 8; i++) {
		plan_adjustment a = PLAN_ADJUSTMENT_INIT;
		plan_result_get_adjustment(&a, r, i);
		printf("  %-9s %-10s %s: %s\n", a.action, a.order ? a.order : "-", a.detail, a.reason);
	}
	if (n > 8)
		printf("  ... %zu more in adjustments.csv\n", n - 8);
}

/* The messages a planner reads first: critical ones, then late demands,
 * then the other warnings (then info), at most 12; every row counted. */
static void print_messages(const plan_result *r, const plan_summary *s)
{
	static const char *const sev_name[] = { "info", "warning", "critical" };
	size_t nx = plan_result_count(r, PLAN_RESULT_EXCEPTIONS), shown = 0;
	printf("messages %zu critical, %zu warnings, %zu info\n", s->critical, s->warnings,
	       nx - s->critical - s->warnings);
	/* ranks: 0 critical, 1 late demands, 2 other warnings, 3 info */
	for (int rank = 0; rank < 4 && shown < 12; rank++) {
		for (size_t i = 0; i < nx && shown < 12; i++) {
			plan_exception x = PLAN_EXCEPTION_INIT;
			plan_result_get_exception(&x, r, i);
			int late = strcmp(x.code, "late_demand") == 0;
			int mine = x.severity == PLAN_EXC_CRITICAL ? 0
				   : x.severity == PLAN_EXC_WARNING ? (late ? 1 : 2)
								       : 3;
			if (mine != rank)
				continue;
			printf("  %-8s %-18s %s@%s %s%s%s\n", sev_name[x.severity], x.code,
			       x.item ? x.item : "", x.site ? x.site : "", x.order ? x.order : "",
			       x.order ? ": " : "", x.message);
			shown++;
		}
	}
	if (nx > shown)
		printf("  ... %zu more in exceptions.csv\n", nx - shown);
}

/* Plans, writes the tables, prints what a planner reads first. */
/* What plancheck writes besides the plan's tables. */
typedef struct extras {
	const char *report;   /* --report FILE.html */
	const char *focus;    /* --focus ITEM|RESOURCE */
	int pegging;          /* --pegging: the full trace into FILE.h5 too */
} extras;

static int plan_detailed(plan_model *m, const char *out, const char *name, int constrained,
			 int bound, int strict, progress *pg, const extras *ex)
{
	plan_result *r = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.threads = 0; /* every core */
	o.mode = constrained ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
	o.progress = on_progress;
	o.user = pg;
	int rc = plan_run(&r, m, &o);
	progress_done(pg);
	if (rc == PLAN_ECANCELED) {
		fprintf(stderr, "plancheck: interrupted: planning stopped, nothing written\n");
		return EXIT_CANCELED;
	}
	if (rc < 0) {
		fprintf(stderr, "plancheck: planning failed: %s\n", plan_model_errmsg(m));
		/* the data (numbers past the limits): bad input; else internal */
		return rc == PLAN_EFORMAT || rc == PLAN_ERANGE || rc == PLAN_EINVAL ? EXIT_INPUT
										     : EXIT_INTERNAL;
	}
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&s, r);
	size_t by_kind[3] = { 0, 0, 0 };
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order ord = PLAN_ORDER_INIT;
		plan_result_get_order(&ord, r, i);
		if (ord.origin == PLAN_ORIGIN_PLANNED)
			by_kind[ord.kind]++;
	}
	if (constrained)
		printf("\nfeasible plan (finite capacity, maintenance, lanes, lead times, nothing "
		       "released before start)\n");
	else
		printf("\nunconstrained plan (infinite capacity, lanes as data)\n");
	printf("verdict  %s\n", s.status);
	printf("demands  %zu, %zu late or short, %.10g day%s late in all\n", s.demands,
	       s.demands_late, s.lateness_days, s.lateness_days == 1 ? "" : "s");
	printf("orders   %zu planned (%zu %s, %zu %s, %zu %s), %zu scheduled receipts\n",
	       s.planned_orders, by_kind[0], kind_name[0], by_kind[1], kind_name[1], by_kind[2],
	       kind_name[2], s.orders - s.planned_orders);
	printf("pegging  %zu allocations (single level; pegging.csv traces them to end demands)\n",
	       s.allocations);
	if (plan_result_count(r, PLAN_RESULT_FINANCE))
		printf("money    revenue %.2f; purchases %.2f, production %.2f, transport %.2f, "
		       "holding %.2f; stock at the end worth %.2f (finance.csv)\n",
		       s.revenue, s.purchases, s.production, s.transport, s.holding, s.inventory_value);
	if (!constrained)
		printf("capacity %zu resource-days overloaded by %.10g h in all\n", s.overloads,
		       s.overload_hours);
	print_top_loads(r);
	if (constrained)
		print_adjustments(r);
	print_messages(r, &s);
	/* verify, then write: a plan that breaks a rule is never written */
	plan_verify_counts vc = PLAN_VERIFY_COUNTS_INIT;
	size_t printed = 0;
	if (plan_result_verify(&vc, r, constrained ? 0 : PLAN_VERIFY_UNCONSTRAINED,
			       print_violation, &printed) < 0) {
		fprintf(stderr, "plancheck: verification failed: out of memory\n");
		plan_result_free(r);
		return EXIT_INTERNAL;
	}
	if (constrained)
		printf("verified %zu checks of format.md's rules: %zu violations\n", vc.checks,
		       vc.violations);
	else
		printf("verified %zu checks of format.md's rules: %zu violations, %zu notes "
		       "(capacity, lanes, releases before start: allowed in an unconstrained plan)\n",
		       vc.checks, vc.violations, vc.notes);
	/* a feasible plan breaks a rule only where firm or released orders
	 * (format 1.1) ask for more than there is: then it is the input's
	 * verdict (infeasible, its critical exceptions say why), written */
	if (vc.violations && constrained && s.critical) {
		fprintf(stderr, "plancheck: the firm and released orders cannot all be kept "
			"(critical exceptions above): the plan breaks %zu rule%s and is "
			"infeasible\n", vc.violations, vc.violations == 1 ? "" : "s");
	} else if (vc.violations) {
		fprintf(stderr, "plancheck: internal error: the plan breaks %zu rule%s of format.md "
			"(the first ones above); nothing written\n", vc.violations,
			vc.violations == 1 ? "" : "s");
		plan_result_free(r);
		return EXIT_INTERNAL;
	}
	if (out && ends_with(out, ".h5")) {
		if (store_plan(m, r, out, name, ex->pegging)) {
			plan_result_free(r);
			return EXIT_INPUT;
		}
	} else if (out) {
		if (plan_result_write_csv(r, out, 0) < 0) {
			fprintf(stderr, "plancheck: %s\n", plan_result_errmsg(r));
			plan_result_free(r);
			return EXIT_INPUT;
		}
		/* forecast.csv where forecast consumption applies, costs.csv and
		 * finance.csv where the scenario speaks of money, activities.csv
		 * where it has projects (format 1.1) */
		char fc[4096], money[4096], dep[4096], act[4096];
		snprintf(fc, sizeof(fc), "%s/forecast.csv", out);
		snprintf(money, sizeof(money), "%s/finance.csv", out);
		snprintf(dep, sizeof(dep), "%s/deployment.csv", out);
		snprintf(act, sizeof(act), "%s/activities.csv", out);
		printf("wrote    %s/{orders,loads,deliveries,pegging,exceptions,capacity,adjustments,"
		       "summary%s%s%s%s}.csv\n", out, access(fc, F_OK) == 0 ? ",forecast" : "",
		       access(money, F_OK) == 0 ? ",costs,finance" : "",
		       access(dep, F_OK) == 0 ? ",deployment" : "",
		       access(act, F_OK) == 0 ? ",activities" : "");
	}
	if (ex->report) {
		plan_report_options ro = PLAN_REPORT_OPTIONS_INIT;
		ro.focus = ex->focus;
		if (plan_result_write_report(r, ex->report, &ro) < 0) {
			fprintf(stderr, "plancheck: --report: %s\n", plan_result_errmsg(r));
			plan_result_free(r);
			return EXIT_INPUT;
		}
		printf("wrote    %s (the plan report)\n", ex->report);
	}
	if (bound) {
		plan_bound b = PLAN_BOUND_INIT;
		double on_time = plan_result_on_time_qty(r);
		if (plan_service_bound(&b, m, NULL) < 0) {
			fprintf(stderr, "plancheck: %s\n", plan_model_errmsg(m));
			plan_result_free(r);
			return EXIT_INTERNAL;
		}
		double all = b.demand_qty > 0 ? b.demand_qty : 1;
		double dead = plan_result_dead_hours(r), loaded = plan_result_loaded_hours(r);
		printf("service  on time %.1f %% of demand quantity; no plan can exceed %.1f %% "
		       "(%.10g and %.10g of %.10g; LP by %s of %zu rows, %zu columns, %.2f s)\n",
		       100 * on_time / all, 100 * b.on_time_max / all, on_time, b.on_time_max,
		       b.demand_qty, b.period_days == 1 ? "days" : "weeks", b.rows, b.cols,
		       b.seconds);
		printf("capacity %.10g h loaded, %.10g h of them for what serves no delivery "
		       "(dead load)\n", loaded, dead);
	}
	int status = strcmp(s.status, "on_time") == 0 || !strict ? EXIT_ON_TIME : EXIT_LATE;
	plan_result_free(r);
	return status;
}

/* x, with the solver's -0.00 shown as 0.00 */
static double money(double x)
{
	return x > -0.005 && x < 0.005 ? 0 : x;
}

static void print_cost_line(const char *what, double cost, double best)
{
	if (cost < 0) {
		printf("  %-26s cannot meet the conditions\n", what);
		return;
	}
	double pct = best > 0 ? 100 * (cost - best) / best : 0;
	if (pct > -0.05 && pct < 0.05)
		pct = 0; /* equal but for the solver's rounding: not "-0.0 %" */
	printf("  %-26s %14.2f  (%+.1f %%)\n", what, cost, pct);
}

/* The aggregate plan, the classic strategies beside it, and whether the
 * detailed data can carry it. */
static int run_aggregate(plan_model *m, const char *out, int integer, int interior, int strict)
{
	plan_aggregate *a = NULL;
	plan_aggregate_options o = PLAN_AGGREGATE_OPTIONS_INIT;
	o.integer = integer;
	o.method = interior ? PLAN_AGGREGATE_INTERIOR : PLAN_AGGREGATE_SIMPLEX;
	int rc = plan_aggregate_solve(&a, m, &o);
	if (rc == PLAN_ESOLVER) {
		printf("\naggregate plan: none\n");
		fprintf(stderr, "plancheck: %s\n", plan_model_errmsg(m));
		return strict ? EXIT_LATE : EXIT_ON_TIME;
	}
	if (rc < 0) {
		fprintf(stderr, "plancheck: aggregate plan: %s\n", plan_model_errmsg(m));
		return rc == PLAN_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
	}
	plan_aggregate_summary s = PLAN_AGGREGATE_SUMMARY_INIT;
	plan_aggregate_get_summary(&s, a);
	printf("\naggregate plan (%s, GLPK %s): %s", s.integer ? "whole workers, branch-and-cut"
	       : "linear program", s.integer ? "glp_intopt" : interior ? "glp_interior" : "glp_simplex",
	       s.status);
	if (s.integer)
		printf(", gap %.3g %%", 100 * s.gap);
	printf("\n  %zu rows, %zu columns; built in %.3f s, solved in %.3f s\n", s.rows, s.cols,
	       s.build_seconds, s.solve_seconds);
	printf("cost     %.2f = wages %.2f + overtime %.2f + hiring %.2f + layoffs %.2f + "
	       "material %.2f + subcontracting %.2f + holding %.2f + backlog %.2f + transport %.2f\n",
	       money(s.cost), money(s.wages), money(s.overtime), money(s.hiring), money(s.layoffs),
	       money(s.material), money(s.subcontracting), money(s.holding), money(s.backlog),
	       money(s.transport));
	printf("compared on the same data:\n");
	print_cost_line("optimal (this plan)", s.cost, s.cost);
	print_cost_line("chase (workforce follows)", s.chase_cost, s.cost);
	print_cost_line("level (constant workforce)", s.level_cost, s.cost);
	size_t nr = plan_aggregate_count_rccp(a), over = 0;
	for (size_t i = 0; i < nr; i++) {
		plan_rccp_row r = PLAN_RCCP_ROW_INIT;
		plan_aggregate_get_rccp(&r, a, i);
		if (r.required <= r.available + 1e-6)
			continue;
		if (over++ < 10) {
			char d[11];
			plan_date_format(d, r.bucket);
			printf("  cannot carry: %-12s %s needs %.1f h, offers %.1f h\n", r.resource, d,
			       r.required, r.available);
		}
	}
	printf("rough-cut %zu resource-buckets loaded by the plan's items, %zu beyond what they "
	       "offer\n", nr, over);
	/* where the scenario speaks of money: the detailed (feasible) plan's
	 * money beside the aggregate plan's, over the same horizon */
	if (money_in(m)) {
		plan_result *r = NULL;
		plan_run_options ro = PLAN_RUN_OPTIONS_INIT;
		ro.mode = PLAN_MODE_CONSTRAINED;
		rc = plan_run(&r, m, &ro);
		if (!rc)
			rc = money_side_by_side(m, a, r);
		plan_result_free(r);
		if (rc) {
			fprintf(stderr, "plancheck: the detailed plan in money: %s\n", plan_errstr(rc));
			plan_aggregate_free(a);
			return rc == PLAN_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
		}
	}
	if (out) {
		if (plan_aggregate_write_csv(a, out) < 0) {
			fprintf(stderr, "plancheck: %s\n", plan_aggregate_errmsg(a));
			plan_aggregate_free(a);
			return EXIT_INPUT;
		}
		printf("wrote    %s/{aggregate,rccp,summary}.csv\n", out);
	}
	plan_aggregate_free(a);
	return over && strict ? EXIT_LATE : EXIT_ON_TIME;
}

int main(int argc, char **argv)
{
	const char *scenario = NULL, *out = NULL, *mode = NULL, *name = "plan";
	int integer = 0, interior = 0, bound = 0, strict = 0;
	progress pg = { 0, isatty(2), now(), 0, 0 };
	extras ex = { NULL, NULL, 0 };
	size_t max_buckets = 0;
	/* the report line by line: in a log of stdout and stderr together,
	 * diagnostics stay where they happened */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--unconstrained") == 0 || strcmp(argv[i], "--aggregate") == 0) {
			if (mode) {
				usage(stderr);
				return EXIT_INPUT;
			}
			mode = argv[i];
		} else if (strcmp(argv[i], "--max-buckets") == 0 && i + 1 < argc) {
			char *end = NULL;
			unsigned long long v = strtoull(argv[++i], &end, 10);
			if (!end || *end || v == 0 || v > 10000000) {
				usage(stderr);
				return EXIT_INPUT;
			}
			max_buckets = (size_t)v;
		} else if (strcmp(argv[i], "--bound") == 0) {
			bound = 1;
		} else if (strcmp(argv[i], "--strict") == 0) {
			strict = 1;
		} else if (strcmp(argv[i], "--progress") == 0) {
			pg.show = 1;
		} else if (strcmp(argv[i], "--no-progress") == 0) {
			pg.show = -1;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("plancheck (libplan %s)\n", plan_version());
			return EXIT_ON_TIME;
		} else if (strcmp(argv[i], "--integer") == 0) {
			integer = 1;
		} else if (strcmp(argv[i], "--interior") == 0) {
			interior = 1;
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc) {
			name = argv[++i];
		} else if (strcmp(argv[i], "--report") == 0 && i + 1 < argc) {
			ex.report = argv[++i];
		} else if (strcmp(argv[i], "--focus") == 0 && i + 1 < argc) {
			ex.focus = argv[++i];
		} else if (strcmp(argv[i], "--pegging") == 0) {
			ex.pegging = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_ON_TIME;
		} else if (argv[i][0] == '-' || scenario) {
			usage(stderr);
			return EXIT_INPUT;
		} else {
			scenario = argv[i];
		}
	}
	if (!scenario || ((integer || interior) && (!mode || strcmp(mode, "--aggregate") != 0)) ||
	    (integer && interior)) {
		usage(stderr);
		return EXIT_INPUT;
	}
	if (mode && strcmp(mode, "--aggregate") == 0 && out && ends_with(out, ".h5")) {
		fprintf(stderr, "plancheck: --out %s: an aggregate plan is written as CSV tables into a "
			"directory (--out DIR); an .h5 store holds detailed plans\n", out);
		return EXIT_INPUT;
	}

	plan_model *m = NULL;
	plan_load_options lo = PLAN_LOAD_OPTIONS_INIT;
	lo.max_buckets = max_buckets;
	int rc = plan_model_load(&m, scenario, &lo);
	print_diags(m);
	if (rc < 0) {
		if (rc == PLAN_ENOMEM || !m)
			fprintf(stderr, "plancheck: %s\n", plan_errstr(rc));
		fprintf(stderr, "plancheck: %s: %zu error%s, nothing planned\n", scenario,
			plan_model_count_errors(m), plan_model_count_errors(m) == 1 ? "" : "s");
		plan_model_free(m);
		return rc == PLAN_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
	}
	print_summary(scenario, m);
	if (mode && strcmp(mode, "--aggregate") == 0) {
		int status = run_aggregate(m, out, integer, interior, strict);
		plan_model_free(m);
		return status;
	}
	/* Ctrl-C while planning: the run stops at its next step, cleanly */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	int status = plan_detailed(m, out, name, !mode, bound, strict, &pg, &ex);
	plan_model_free(m);
	return status;
}
