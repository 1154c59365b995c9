/* planconvert: a scenario from CSV to HDF5 and back.
 *
 *   planconvert SRC DST [--gzip]
 *
 * SRC and DST are each a directory of CSV files or an HDF5 store (a name
 * ending in .h5). CSV -> HDF5 writes the scenario as /scenario of a new
 * file. HDF5 -> CSV writes the scenario into DST (NAME.csv.gz with --gzip)
 * and each stored plan into DST/plans/NAME/. Every value is carried over,
 * defaults included: loading DST gives a model equal to SRC's. Output is
 * written all at once: a new file or directory beside DST replaces it only
 * when complete, so a failure leaves DST as it was.
 *
 * CSV -> HDF5 carries the scenario only: plans written as CSV (SRC/plans/)
 * cannot be read back into a plan (the CSV tables leave out the
 * single-level allocations a stored plan is read from), so each one found
 * is named on stderr with the command that stores it
 * (plancheck SRC --out DST --name NAME plans it again).
 *
 * Exit status: 0 done, 2 bad input or usage. */
#include <plan.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int is_h5(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && strcmp(path + n - 3, ".h5") == 0;
}

static void print_diags(const plan_model *m)
{
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag d = PLAN_DIAG_INIT;
		plan_model_get_diag(&d, m, i);
		fprintf(stderr, "%s: %s\n", d.severity == PLAN_SEVERITY_ERROR ? "error" : "warning",
			d.message);
	}
}

/* The plans under src/plans/ (CSV) that an .h5 cannot take: named, with
 * what to run instead. */
static void warn_csv_plans(const char *src, const char *dst)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/plans", src);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		char sub[4096 + 300];
		struct stat st;
		snprintf(sub, sizeof(sub), "%s/%s/orders.csv", dir, e->d_name);
		if (e->d_name[0] == '.' || stat(sub, &st) != 0)
			continue;
		fprintf(stderr,
			"warning: %s/%s: a plan written as CSV is not carried into %s (only the "
			"scenario is); to store it, plan again: plancheck %s --out %s --name %s\n",
			dir, e->d_name, dst, src, dst, e->d_name);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	const char *src = NULL, *dst = NULL;
	int gzip = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--gzip") == 0)
			gzip = 1;
		else if (argv[i][0] == '-' || (src && dst))
			src = dst = NULL, i = argc;
		else if (!src)
			src = argv[i];
		else
			dst = argv[i];
	}
	if (!src || !dst) {
		fprintf(stderr, "usage: planconvert SRC DST [--gzip]  (a directory or FILE.h5 each)\n");
		return 2;
	}
	plan_store *st = NULL;
	plan_model *m = NULL;
	plan_load_options lo = PLAN_LOAD_OPTIONS_INIT;
	lo.validate = 0; /* carry the data over as it is */
	int rc;
	if (is_h5(src)) {
		rc = plan_store_open(&st, src, PLAN_STORE_READ);
		if (rc == 0)
			rc = plan_store_read_model(&m, st, &lo);
		else
			fprintf(stderr, "planconvert: %s\n", plan_store_errmsg(st));
	} else {
		rc = plan_model_load(&m, src, &lo);
	}
	if (m)
		print_diags(m);
	if (rc < 0) {
		fprintf(stderr, "planconvert: %s: cannot be read\n", src);
		plan_model_free(m);
		plan_store_close(st);
		plan_store_free(st);
		return 2;
	}
	int status = 0;
	if (is_h5(dst)) {
		plan_store *out = NULL;
		rc = plan_store_open(&out, dst, PLAN_STORE_CREATE);
		if (rc == 0)
			rc = plan_store_write_model(out, m);
		if (rc == 0)
			rc = plan_store_close(out);
		if (rc < 0)
			fprintf(stderr, "planconvert: %s\n", out ? plan_store_errmsg(out) : plan_errstr(rc));
		plan_store_free(out);
		status = rc < 0 ? 2 : 0;
		if (!status && !st)
			warn_csv_plans(src, dst);
	} else {
		/* the scenario and its plans replace dst all at once */
		rc = st ? plan_store_export_csv(st, m, dst, gzip)
			: plan_model_write_csv(m, dst, gzip);
		if (rc < 0)
			fprintf(stderr, "planconvert: %s\n",
				st ? plan_store_errmsg(st) : plan_model_errmsg(m));
		status = rc < 0 ? 2 : 0;
	}
	if (!status)
		printf("%s -> %s\n", src, dst);
	plan_model_free(m);
	plan_store_close(st);
	plan_store_free(st);
	return status;
}
