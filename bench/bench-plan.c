/* The planning benchmark: a generated scenario, written as CSV, loaded,
 * levelled and planned; per phase the wall time, the throughput and the
 * peak memory of the process so far.
 *
 *   bench-plan [--size tiny|small|medium|large] [--threads N] [--keep DIR] [--no-pegging]
 *
 * --no-pegging skips tracing full pegging, which grows with the number of
 * (order, end demand) pairs, not with the plan.
 */
#define _POSIX_C_SOURCE 200809L
#include <plan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <dirent.h>

#include "gen.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double peak_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

static double dir_mib(const char *dir)
{
	DIR *d = opendir(dir);
	double total = 0;
	struct dirent *e;
	char path[4096];
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && stat(path, &st) == 0)
			total += (double)st.st_size;
	}
	closedir(d);
	return total / (1024.0 * 1024.0);
}

static double file_mib(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (double)st.st_size / (1024.0 * 1024.0) : 0;
}

static void phase(const char *name, double secs, double count, const char *unit)
{
	printf("%-9s %9.3f s  %12.0f %s/s  peak %8.1f MiB\n", name, secs,
	       secs > 0 ? count / secs : 0, unit, peak_mib());
}

static int count_peg(void *ctx, size_t order, const char *demand, double qty)
{
	(void)order;
	(void)demand;
	(void)qty;
	++*(size_t *)ctx;
	return 0;
}

/* Prints the first ten violations a verifier finds (ctx: a count); notes
 * (rules an unconstrained plan may break) are counted by the verifier, not
 * printed. */
static int first_violations(void *ctx, const plan_violation *v)
{
	size_t *n = ctx;
	if (v->hard && (*n)++ < 10)
		fprintf(stderr, "violation (%s): %s\n", v->rule, v->message);
	return 0;
}

static int die(const char *what, plan_model *m, int rc)
{
	fprintf(stderr, "bench-plan: %s: %s (%s)\n", what, plan_errstr(rc), plan_model_errmsg(m));
	return 1;
}

int main(int argc, char **argv)
{
	const char *size = "small", *keep = NULL;
	int threads = 1, pegging = 1, plans_only = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = argv[++i];
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--keep") && i + 1 < argc)
			keep = argv[++i];
		else if (!strcmp(argv[i], "--no-pegging"))
			pegging = 0;
		else if (!strcmp(argv[i], "--plans-only"))
			plans_only = 1;
		else {
			fprintf(stderr, "usage: bench-plan [--size tiny|small|medium|large] [--threads N] "
				"[--keep DIR] [--no-pegging] [--plans-only]\n");
			return 2;
		}
	}
	gen_params gp;
	if (gen_preset(&gp, size) < 0) {
		fprintf(stderr, "bench-plan: unknown size %s\n", size);
		return 2;
	}
	char tmp[] = "/tmp/bench-plan-XXXXXX";
	const char *dir = keep;
	if (!dir) {
		if (!mkdtemp(tmp))
			return 1;
		dir = tmp;
	}

	double t = now();
	plan_model *gen = NULL;
	int rc = gen_model(&gen, &gp);
	if (rc)
		return die("generate", gen, rc);
	double tgen = now() - t;
	size_t nsku = plan_model_count(gen, PLAN_TABLE_SKUS);
	printf("scenario  %s: %zu SKUs, %zu BOM lines, %zu lanes, %zu demands, %zu receipts, %d weeks\n",
	       size, nsku, plan_model_count(gen, PLAN_TABLE_BOM),
	       plan_model_count(gen, PLAN_TABLE_SOURCING), plan_model_count(gen, PLAN_TABLE_DEMAND),
	       plan_model_count(gen, PLAN_TABLE_RECEIPTS), gp.weeks);
	phase("generate", tgen, (double)nsku, "SKU");
	plan_model *m = NULL;
	double tplan = 0;
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_verify_counts vc = PLAN_VERIFY_COUNTS_INIT;
	plan_timing tm = PLAN_TIMING_INIT;
	plan_run_options ro = PLAN_RUN_OPTIONS_INIT;
	ro.threads = threads;
	if (plans_only) {
		/* the generated model itself, no files */
		m = gen;
		goto plans;
	}
	t = now();
	if (plan_model_write_csv(gen, dir, 0) < 0) {
		fprintf(stderr, "bench-plan: %s\n", plan_model_errmsg(gen));
		return 1;
	}
	plan_model_free(gen);
	gen = NULL;
	double mib = dir_mib(dir);
	phase("write-csv", now() - t, mib, "MiB");

	plan_load_options lo = PLAN_LOAD_OPTIONS_INIT;
	lo.validate = 0;
	t = now();
	rc = plan_model_load(&m, dir, &lo);
	if (rc)
		return die("load", m, rc);
	double tload = now() - t;
	phase("load", tload, mib, "MiB");

	/* the same scenario through the HDF5 store: written, read, compared */
	char h5[4200];
	snprintf(h5, sizeof(h5), "%s.h5", dir);
	plan_store *st = NULL;
	t = now();
	rc = plan_store_open(&st, h5, PLAN_STORE_CREATE);
	if (!rc)
		rc = plan_store_write_model(st, m);
	if (!rc)
		rc = plan_store_close(st);
	if (rc) {
		fprintf(stderr, "bench-plan: %s: %s\n", h5, st ? plan_store_errmsg(st) : plan_errstr(rc));
		plan_store_free(st);
		return 1;
	}
	plan_store_free(st);
	double h5mib = file_mib(h5);
	phase("write-h5", now() - t, h5mib, "MiB");
	plan_model *m5 = NULL;
	t = now();
	rc = plan_model_load(&m5, h5, &lo);
	if (rc)
		return die("read-h5", m5, rc);
	double tread = now() - t;
	phase("read-h5", tread, h5mib, "MiB");
	printf("store     %.1f MiB HDF5 for %.1f MiB CSV (%.1fx smaller); read %.1fx faster than "
	       "the CSV load; models %s\n", h5mib, mib, mib / h5mib, tload / tread,
	       plan_model_equal(m, m5) ? "equal" : "DIFFERENT");
	plan_model_free(m5);
	remove(h5);

plans:
	t = now();
	rc = plan_model_validate(m);
	if (rc)
		return die("validate", m, rc);
	phase("levels", now() - t, (double)nsku, "SKU");

	plan_result *r = NULL;
	t = now();
	rc = plan_run(&r, m, &ro);
	if (rc)
		return die("plan", m, rc);
	tplan = now() - t;
	plan_result_get_timing(&tm, r);
	phase("netting", tm.netting, (double)nsku, "SKU");
	phase("capacity", tm.capacity, (double)plan_result_count(r, PLAN_RESULT_LOADS), "load");
	phase("plan", tplan, (double)nsku, "SKU");
	plan_result_get_summary(&s, r);
	printf("plan      %zu orders (%zu planned), %zu allocations, %zu loads on %zu resources, "
	       "%zu critical, %zu warnings, %s\n",
	       s.orders, s.planned_orders, s.allocations, plan_result_count(r, PLAN_RESULT_LOADS),
	       plan_model_count(m, PLAN_TABLE_RESOURCES), s.critical, s.warnings, s.status);

	if (plans_only)
		goto constrained;
	t = now();
	if (plan_result_verify(&vc, r, PLAN_VERIFY_UNCONSTRAINED, first_violations, (size_t[1]){ 0 }) < 0)
		return die("verify", m, PLAN_ENOMEM);
	phase("verify", now() - t, (double)vc.checks, "check");
	printf("verify    %zu checks, %zu violations, %zu notes\n", vc.checks, vc.violations, vc.notes);

	char out[4200];
	snprintf(out, sizeof(out), "%s/plan", dir);
	t = now();
	if (plan_result_write_csv(r, out, PLAN_WRITE_NO_PEGGING) < 0) {
		fprintf(stderr, "bench-plan: %s\n", plan_result_errmsg(r));
		return 1;
	}
	phase("write", now() - t, dir_mib(out), "MiB");
	/* full pegging, traced in memory (pegging.csv would be its text) */
	size_t pegs = 0;
	t = now();
	if (pegging && plan_result_pegging(r, count_peg, &pegs) < 0)
		return die("pegging", m, PLAN_ENOMEM);
	if (pegging) {
		phase("pegging", now() - t, (double)pegs, "peg");
		printf("pegging   %zu pegs (order, end demand) traced from %zu allocations\n", pegs,
		       s.allocations);
	}
constrained:
	plan_result_free(r);

	/* the feasible plan of the same model, as plan_run() (and plancheck)
	 * makes it: the unconstrained plan, then the feasibility step */
	ro.mode = PLAN_MODE_CONSTRAINED;
	t = now();
	rc = plan_run(&r, m, &ro);
	if (rc)
		return die("constrained plan", m, rc);
	double tcon = now() - t;
	phase("c-plan", tcon, (double)nsku, "SKU");
	plan_result_get_summary(&s, r);
	printf("feasible  %zu orders, %zu loads, %zu adjustments, %zu of %zu demands late or short, "
	       "%.0f days late, %s; %.2fx the unconstrained plan's time\n",
	       s.orders, plan_result_count(r, PLAN_RESULT_LOADS), s.adjustments, s.demands_late,
	       s.demands, s.lateness_days, s.status, tcon / tplan);
	t = now();
	if (plan_result_verify(&vc, r, 0, first_violations, (size_t[1]){ 0 }) < 0)
		return die("verify", m, PLAN_ENOMEM);
	phase("c-verify", now() - t, (double)vc.checks, "check");
	printf("verify    %zu checks, %zu violations (every rule)\n", vc.checks, vc.violations);
	if (vc.violations)
		return 1;
	plan_result_free(r);

	/* the same plan kept in a session, for the repair below (it keeps the
	 * unconstrained plan and the working plan besides the plan) */
	plan_session *ses = NULL;
	t = now();
	rc = plan_session_new(&ses, m, &ro);
	if (rc)
		return die("session", m, rc);
	phase("session", now() - t, (double)nsku, "SKU");
	const plan_result *cr = plan_session_result(ses);

	/* an emergency block: the busiest resource stops for a week from the
	 * start of its busiest bucket; the plan is repaired */
	plan_capacity best = PLAN_CAPACITY_INIT;
	for (size_t i = 0; i < plan_result_count(cr, PLAN_RESULT_CAPACITY); i++) {
		plan_capacity c = PLAN_CAPACITY_INIT;
		plan_result_get_capacity(&c, cr, i);
		if (c.loaded > best.loaded)
			best = c;
	}
	if (best.resource) {
		char resname[128];
		snprintf(resname, sizeof(resname), "%s", best.resource);
		plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
		b.id = "BENCH-EMERGENCY";
		b.resource = resname;
		b.start = best.bucket;
		b.end = best.bucket + 6;
		b.kind = PLAN_MAINT_EMERGENCY;
		plan_repair_stats rs = PLAN_REPAIR_STATS_INIT;
		t = now();
		rc = plan_session_add_block(&rs, ses, &b, NULL, NULL);
		if (rc)
			return die("repair", m, rc);
		double trep = now() - t;
		cr = plan_session_result(ses);
		phase("repair", trep, (double)rs.rescheduled, "order");
		printf("repair    block on %s a week from the bucket of its peak: %zu orders rescheduled, "
		       "%zu moved, %zu rerouted, %zu left out, %zu demands newly late; %.1fx faster than "
		       "the full constrained plan\n", resname, rs.rescheduled, rs.moved,
		       rs.rerouted, rs.left_out,
		       rs.newly_late, tcon / trep);
		t = now();
		if (plan_result_verify(&vc, cr, 0, first_violations, (size_t[1]){ 0 }) < 0)
			return die("verify", m, PLAN_ENOMEM);
		printf("verify    repaired plan: %zu checks, %zu violations\n", vc.checks, vc.violations);
		if (vc.violations)
			return 1;
	}
	plan_session_free(ses);
	plan_model_free(m);
	if (!keep) {
		char cmd[4300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return 0;
}
