/* What-if variants (edits.h): an edit's argument parsed and the model call
 * that makes it; a variant loaded, edited, planned and verified; the table
 * whatif prints. */
#include "edits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const flags[] = { "--demand", "--block", "--close-lane", "--hours" };

int edit_known(const char *flag)
{
	for (size_t j = 0; j < sizeof(flags) / sizeof(flags[0]); j++)
		if (!strcmp(flag, flags[j]))
			return 1;
	return 0;
}

/* Splits s at ':' into at most max fields (s is changed). */
static int fields(char *s, char **out, int max)
{
	int n = 0;
	while (n < max) {
		out[n++] = s;
		char *c = strchr(s, ':');
		if (!c)
			break;
		*c = '\0';
		s = c + 1;
	}
	return n;
}

static int number(const char *s, double *out)
{
	char *end;
	*out = strtod(s, &end);
	return end != s && *end == '\0';
}

int edit_apply(plan_model *m, const edit *v, int k, char *err, size_t errlen)
{
	char buf[512], *f[6], id[32];
	snprintf(buf, sizeof(buf), "%s", v->arg);
	int rc = 0;
	if (!strcmp(v->flag, "--demand")) {
		double x;
		if (!number(buf, &x)) {
			snprintf(err, errlen, "--demand %s: expected a number", v->arg);
			return -1;
		}
		rc = plan_model_scale_demand(m, x);
	} else if (!strcmp(v->flag, "--block")) {
		int n = fields(buf, f, 6);
		plan_maintenance_def b = PLAN_MAINTENANCE_DEF_INIT;
		snprintf(id, sizeof(id), "WHATIF-BLOCK-%d", k + 1);
		b.id = id;
		b.resource = f[0];
		b.kind = PLAN_MAINT_EMERGENCY;
		if (n < 3 || plan_date_parse(&b.start, f[1]) || plan_date_parse(&b.end, f[2]) ||
		    (n > 3 && !number(f[3], &b.capacity_factor)) ||
		    (n > 5 && !number(f[5], &b.alt_factor))) {
			snprintf(err, errlen, "--block %s: expected RES:FROM:TO[:FACTOR[:ALT[:ALT_FACTOR]]]",
				 v->arg);
			return -1;
		}
		if (n > 4 && f[4][0])
			b.alt_resource = f[4];
		rc = plan_model_add_maintenance(m, &b);
	} else if (!strcmp(v->flag, "--close-lane")) {
		if (fields(buf, f, 3) != 3) {
			snprintf(err, errlen, "--close-lane %s: expected ITEM:SITE:SOURCE", v->arg);
			return -1;
		}
		rc = plan_model_close_lane(m, f[0], f[1], f[2]);
	} else if (!strcmp(v->flag, "--hours")) {
		double h;
		if (fields(buf, f, 2) != 2 || !number(f[1], &h)) {
			snprintf(err, errlen, "--hours %s: expected RES:HOURS", v->arg);
			return -1;
		}
		rc = plan_model_set_resource_hours(m, f[0], h);
	} else {
		snprintf(err, errlen, "%s: not an edit", v->flag);
		return -1;
	}
	if (rc) {
		snprintf(err, errlen, "%s %s: %s", v->flag, v->arg, plan_model_errmsg(m));
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* plan_run()'s progress: cancels after the deadline */
static int past_deadline(plan_phase phase, size_t done, size_t total, void *user)
{
	(void)phase;
	(void)done;
	(void)total;
	const double *deadline = user;
	return *deadline > 0 && now() > *deadline;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(variant_out *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->error, sizeof(out->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* The plan's store image (a store named in scratch, never written). */
static int keep_image(variant_out *out, const plan_result *r, const char *scratch)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/plansweep-%ld-image.h5", scratch ? scratch : "/tmp",
		 (long)getpid());
	plan_store *s = NULL;
	int rc = plan_store_open(&s, path, PLAN_STORE_CREATE);
	if (!rc)
		rc = plan_store_write_plan(s, "plan", r, 0);
	if (!rc)
		rc = plan_store_image(s, &out->image, &out->image_size);
	if (rc)
		fail(out, "storing the plan: %s", s ? plan_store_errmsg(s) : plan_errstr(rc));
	plan_store_free(s); /* the image only: nothing is written */
	return rc ? -1 : 0;
}

int variant_run(variant_out *out, const char *scenario, const edit *edits, int nedits,
		const variant_opts *o)
{
	double t0 = now();
	memset(out, 0, sizeof(*out));
	out->row = (plan_sweep_row)PLAN_SWEEP_ROW_INIT;
	out->row.error = out->error;
	out->row.status = out->status;
	out->row.mode = o->constrained ? "constrained" : "unconstrained";
	for (int k = 0; k < nedits; k++)
		if (!strcmp(edits[k].flag, "--demand"))
			out->row.demand_factor *= strtod(edits[k].arg, NULL);
	plan_model *m = NULL;
	plan_result *r = NULL;
	int rc = plan_model_load(&m, scenario, NULL);
	if (rc) {
		fail(out, "%s: %s", scenario, m ? plan_model_errmsg(m) : plan_errstr(rc));
		goto out;
	}
	for (int k = 0; k < nedits && !rc; k++)
		rc = edit_apply(m, &edits[k], k, out->error, sizeof(out->error));
	if (rc)
		goto out;
	double deadline = o->timeout > 0 ? now() + o->timeout : 0;
	plan_run_options ro = PLAN_RUN_OPTIONS_INIT;
	ro.mode = o->constrained ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
	ro.threads = o->threads;
	ro.progress = past_deadline;
	ro.user = &deadline;
	if ((rc = plan_run(&r, m, &ro))) {
		if (rc == PLAN_ECANCELED)
			fail(out, "canceled: still planning after %g s", o->timeout);
		else
			fail(out, "planning: %s", plan_model_errmsg(m));
		goto out;
	}
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&s, r);
	plan_verify_counts vc = PLAN_VERIFY_COUNTS_INIT;
	/* an unconstrained plan by its own rules: capacity, lanes and releases
	 * before start are notes there, not violations */
	if (plan_result_verify(&vc, r, o->constrained ? 0 : PLAN_VERIFY_UNCONSTRAINED, NULL, NULL) <
	    0) {
		rc = fail(out, "verifying: %s", plan_result_errmsg(r));
		goto out;
	}
	snprintf(out->status, sizeof(out->status), "%s", s.status ? s.status : "");
	plan_sweep_row *w = &out->row;
	w->demands = s.demands;
	w->demands_late = s.demands_late;
	w->on_time = s.demands ? (double)(s.demands - s.demands_late) / (double)s.demands : 1.0;
	w->lateness_days = s.lateness_days;
	w->qty_short = s.qty_short;
	w->capacity_available = s.capacity_available;
	w->capacity_loaded = s.capacity_loaded;
	w->transfer_cost = s.transfer_cost;
	w->stock_value = vc.stock_value;
	w->orders = s.orders;
	w->adjustments = s.adjustments;
	w->violations = vc.violations;
	if (o->keep_plan)
		rc = keep_image(out, r, o->scratch);
out:
	if (rc)
		out->status[0] = '\0';
	plan_result_free(r);
	plan_model_free(m);
	out->row.seconds = now() - t0;
	return rc ? -1 : 0;
}

void variant_print_table(FILE *f, const plan_sweep_row *rows, const char *const *labels, size_t n)
{
	fprintf(f, "\n%-22s", "");
	for (size_t k = 0; k < n; k++)
		fprintf(f, "  %12s", labels[k]);
	fprintf(f, "\n");
#define ROW(name, fmtstr, expr)                               \
	do {                                                  \
		fprintf(f, "%-22s", name);                    \
		for (size_t k = 0; k < n; k++) {              \
			const plan_sweep_row *x = &rows[k];   \
			fprintf(f, "  " fmtstr, expr);        \
		}                                             \
		fprintf(f, "\n");                            \
	} while (0)
	ROW("on time (demands)", "%11.1f%%", 100.0 * x->on_time);
	ROW("late or short", "%12zu", x->demands_late);
	ROW("lateness (days)", "%12.0f", x->lateness_days);
	ROW("quantity short", "%12.6g", x->qty_short);
	ROW("stock value (avg)", "%12.2f", x->stock_value);
	ROW("capacity use", "%11.1f%%",
	    x->capacity_available > 0 ? 100.0 * x->capacity_loaded / x->capacity_available : 0.0);
	ROW("transfer cost", "%12.2f", x->transfer_cost);
	ROW("orders", "%12zu", x->orders);
	ROW("adjustments", "%12zu", x->adjustments);
	ROW("violations", "%12zu", x->violations);
#undef ROW
}
