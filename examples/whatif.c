/* whatif: the feasible plan of a scenario beside the plans of its variants.
 *
 *   whatif SCENARIO [VARIANT ...]
 *
 * Each VARIANT is one change of the base scenario, planned on its own, or
 * several joined by --and (CHANGE --and CHANGE ...: one variant with all of
 * them, e.g. more demand while a resource is down):
 *
 *   --demand FACTOR                      every demand's quantity times FACTOR
 *   --block RES:FROM:TO[:FACTOR[:ALT[:ALT_FACTOR]]]
 *                                        an emergency maintenance block of
 *                                        resource RES from FROM to TO
 *                                        (YYYY-MM-DD, inclusive), keeping
 *                                        FACTOR of its hours (0), with the
 *                                        alternate ALT needing ALT_FACTOR
 *                                        times the hours (1)
 *   --close-lane ITEM:SITE:SOURCE        the lane shipping ITEM from SOURCE
 *                                        to SITE carries nothing
 *   --hours RES:HOURS                    resource RES offers HOURS a day
 *
 * It prints one column per plan (the base first): on-time rate, late
 * demands, total lateness, quantity short, average stock value, capacity
 * use, transfer cost, adjustments, and the verifier's count of violations
 * (always 0: every plan is checked against every rule of format.md).
 *
 * Exit status: 0 done, 1 a plan broke a rule (a bug), 2 bad input or usage. */
#include <plan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct change {
	const char *flag;
	const char *arg;
} change;

typedef struct variant {
	const change *ch;     /* its changes (none: the base) */
	int nch;
	char label[40];
	plan_summary s;
	plan_verify_counts vc;
} variant;

static void usage(FILE *f)
{
	fprintf(f, "usage: whatif SCENARIO [--demand FACTOR] [--block RES:FROM:TO[:FACTOR[:ALT[:ALT_FACTOR]]]]\n"
		   "              [--close-lane ITEM:SITE:SOURCE] [--hours RES:HOURS] ...\n"
		   "  each change is a variant of its own; CHANGE --and CHANGE makes one variant of both\n");
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

/* Applies change v (the k-th of its variant) to a freshly loaded model. 0,
 * or 2 (bad argument, said on stderr). */
static int apply(plan_model *m, const change *v, int k)
{
	char buf[512], *f[6], id[32];
	snprintf(buf, sizeof(buf), "%s", v->arg);
	int rc = 0;
	if (!strcmp(v->flag, "--demand")) {
		double x;
		if (!number(buf, &x)) {
			fprintf(stderr, "whatif: --demand %s: expected a number\n", v->arg);
			return 2;
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
			fprintf(stderr, "whatif: --block %s: expected RES:FROM:TO[:FACTOR[:ALT[:ALT_FACTOR]]]\n",
				v->arg);
			return 2;
		}
		if (n > 4 && f[4][0])
			b.alt_resource = f[4];
		rc = plan_model_add_maintenance(m, &b);
	} else if (!strcmp(v->flag, "--close-lane")) {
		if (fields(buf, f, 3) != 3) {
			fprintf(stderr, "whatif: --close-lane %s: expected ITEM:SITE:SOURCE\n", v->arg);
			return 2;
		}
		rc = plan_model_close_lane(m, f[0], f[1], f[2]);
	} else if (!strcmp(v->flag, "--hours")) {
		double h;
		if (fields(buf, f, 2) != 2 || !number(f[1], &h)) {
			fprintf(stderr, "whatif: --hours %s: expected RES:HOURS\n", v->arg);
			return 2;
		}
		rc = plan_model_set_resource_hours(m, f[0], h);
	}
	if (rc) {
		fprintf(stderr, "whatif: %s %s: %s\n", v->flag, v->arg, plan_model_errmsg(m));
		return 2;
	}
	return 0;
}

/* Loads, changes, plans and verifies one variant. 0, 1 or 2. */
static int run(const char *scenario, variant *v)
{
	plan_model *m = NULL;
	int rc = plan_model_load(&m, scenario, NULL);
	if (rc) {
		fprintf(stderr, "whatif: %s: %s\n", scenario, m ? plan_model_errmsg(m) : plan_errstr(rc));
		plan_model_free(m);
		return 2;
	}
	for (int k = 0; k < v->nch; k++) {
		if ((rc = apply(m, &v->ch[k], k))) {
			plan_model_free(m);
			return rc;
		}
	}
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	o.threads = 0;
	plan_result *r = NULL;
	if ((rc = plan_run(&r, m, &o))) {
		fprintf(stderr, "whatif: %s: %s\n", v->label, plan_model_errmsg(m));
		plan_model_free(m);
		return 2;
	}
	v->s = (plan_summary)PLAN_SUMMARY_INIT;
	plan_result_get_summary(&v->s, r);
	v->vc = (plan_verify_counts)PLAN_VERIFY_COUNTS_INIT;
	rc = plan_result_verify(&v->vc, r, 0, NULL, NULL) < 0 ? 2 : v->vc.violations ? 1 : 0;
	/* the summary's strings belong to the plan */
	v->s.status = NULL;
	plan_result_free(r);
	plan_model_free(m);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	const char *scenario = argv[1];
	int nmax = 1 + (argc - 2) / 2;
	variant *v = calloc((size_t)nmax, sizeof(*v));
	change *ch = calloc((size_t)nmax, sizeof(*ch));
	if (!v || !ch) {
		free(v);
		free(ch);
		return 2;
	}
	snprintf(v[0].label, sizeof(v[0].label), "base");
	int nv = 1, nch = 0;
	for (int i = 2; i < argc; i += 2) {
		static const char *const flags[] = { "--demand", "--block", "--close-lane", "--hours" };
		int join = !strcmp(argv[i], "--and");
		if (join)
			i++; /* the next change joins the variant before */
		int known = 0;
		for (int j = 0; j < 4 && i < argc; j++)
			known |= !strcmp(argv[i], flags[j]);
		if (!known || i + 1 >= argc || (join && nv == 1)) {
			usage(stderr);
			free(v);
			free(ch);
			return 2;
		}
		ch[nch] = (change){ argv[i], argv[i + 1] };
		if (join) {
			v[nv - 1].nch++;
		} else {
			v[nv].ch = &ch[nch];
			v[nv].nch = 1;
			snprintf(v[nv].label, sizeof(v[nv].label), "#%d", nv);
			nv++;
		}
		nch++;
	}
	int status = 0;
	for (int k = 0; k < nv; k++) {
		int rc = run(scenario, &v[k]);
		if (rc == 2) {
			free(v);
			free(ch);
			return 2;
		}
		if (rc)
			status = 1;
	}
	printf("what-if  %s: the feasible plan of each variant\n", scenario);
	for (int k = 1; k < nv; k++) {
		printf("  #%d ", k);
		for (int j = 0; j < v[k].nch; j++)
			printf(" %s%s %s", j ? "and " : "", v[k].ch[j].flag + 2, v[k].ch[j].arg);
		printf("\n");
	}
	printf("\n%-22s", "");
	for (int k = 0; k < nv; k++)
		printf("  %12s", v[k].label);
	printf("\n");
#define ROW(name, fmtstr, expr)                               \
	do {                                                  \
		printf("%-22s", name);                        \
		for (int k = 0; k < nv; k++) {                \
			const variant *x = &v[k];             \
			(void)x;                              \
			printf("  " fmtstr, expr);            \
		}                                             \
		printf("\n");                                 \
	} while (0)
	ROW("on time (demands)", "%11.1f%%",
	    x->s.demands ? 100.0 * (double)(x->s.demands - x->s.demands_late) / (double)x->s.demands : 100.0);
	ROW("late or short", "%12zu", x->s.demands_late);
	ROW("lateness (days)", "%12.0f", x->s.lateness_days);
	ROW("quantity short", "%12.6g", x->s.qty_short);
	ROW("stock value (avg)", "%12.2f", x->vc.stock_value);
	ROW("capacity use", "%11.1f%%",
	    x->s.capacity_available > 0 ? 100.0 * x->s.capacity_loaded / x->s.capacity_available : 0.0);
	ROW("transfer cost", "%12.2f", x->s.transfer_cost);
	ROW("orders", "%12zu", x->s.orders);
	ROW("adjustments", "%12zu", x->s.adjustments);
	ROW("violations", "%12zu", x->vc.violations);
#undef ROW
	free(v);
	free(ch);
	return status;
}
