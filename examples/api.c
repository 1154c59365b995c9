/* api: the README's API example, as a program.
 *
 *   api SCENARIO [OUT_DIR]
 *
 * Loads SCENARIO (a directory of CSV files or FILE.h5), makes the feasible
 * plan, prints its verdict and counts, and writes its tables into OUT_DIR
 * (default "plan-out"). Exit status: 0 done, 1 the scenario has errors or
 * the plan could not be made or written. */
#include <plan.h>

#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: api SCENARIO [OUT_DIR]\n");
		return 1;
	}
	const char *out = argc > 2 ? argv[2] : "plan-out";
	plan_model *m = NULL;
	plan_result *r = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED; /* the feasible plan */
	int rc = plan_model_load(&m, argv[1], NULL); /* loads and validates */
	if (rc == 0)
		rc = plan_run(&r, m, &o);
	if (rc == 0) {
		plan_summary s = PLAN_SUMMARY_INIT;
		plan_result_get_summary(&s, r);
		printf("%s: %zu planned orders, %zu of %zu demands late or short\n", s.status,
		       s.planned_orders, s.demands_late, s.demands);
		if ((rc = plan_result_write_csv(r, out, 0)) == 0) /* orders, deliveries, ... */
			printf("wrote %s/\n", out);
		else
			fprintf(stderr, "api: %s\n", plan_result_errmsg(r));
	} else {
		/* why: every error with its file, line and column */
		for (size_t i = 0; m && i < plan_model_count_diags(m); i++) {
			plan_diag d = PLAN_DIAG_INIT;
			plan_model_get_diag(&d, m, i);
			if (d.severity == PLAN_SEVERITY_ERROR)
				fprintf(stderr, "error: %s\n", d.message);
		}
		fprintf(stderr, "api: %s: %s\n", argv[1], m ? plan_model_errmsg(m) : plan_errstr(rc));
	}
	plan_result_free(r); /* before the model it borrows from */
	plan_model_free(m);
	return rc == 0 ? 0 : 1;
}
