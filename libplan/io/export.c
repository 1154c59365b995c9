/* A store as CSV: its scenario and every plan, in one directory written all
 * at once (plan/store.h, plan_store_export_csv()). */
#include "plan/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/csvout.h"
#include "base/outdir.h"
#include "io/io.h"

/* Each plan of the store into dir/plans/NAME. */
static int export_plans(plan_store *st, plan_model *m, const char *dir, char *errbuf,
			size_t errlen)
{
	size_t n = plan_store_count_plans(st);
	char sub[4096 + 80];
	snprintf(sub, sizeof(sub), "%s/plans", dir);
	if (n && mkdir(sub, 0777) != 0) {
		snprintf(errbuf, errlen, "%s: cannot create: %s", sub, strerror(errno));
		return PLAN_EIO;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *name = plan_store_plan_name(st, i);
		plan_result *r = NULL;
		snprintf(sub, sizeof(sub), "%s/plans/%s", dir, name);
		if ((rc = plan_store_read_plan(&r, st, name, m)) < 0)
			snprintf(errbuf, errlen, "%s", plan_store_errmsg(st));
		else if (mkdir(sub, 0777) != 0)
			snprintf(errbuf, errlen, "%s: cannot create: %s", sub, strerror(errno)),
				rc = PLAN_EIO;
		else
			rc = plan_result__write_tables(r, sub, 0, errbuf, errlen);
		plan_result_free(r);
	}
	return rc;
}

typedef struct export_job {
	plan_store *st;
	plan_model *m;
	int gzip;
} export_job;

static int fill_export(void *ctx, const char *dir, char *errbuf, size_t errlen)
{
	export_job *j = ctx;
	int rc = plan_model__write_tables(j->m, dir, j->gzip, errbuf, errlen);
	/* plans are of a valid scenario only; one with errors is carried over as
	 * it is, without them */
	if (!rc && plan_model_validate(j->m) == 0)
		rc = export_plans(j->st, j->m, dir, errbuf, errlen);
	return rc;
}

PLAN_EXPORT int plan_store_export_csv(plan_store *st, plan_model *m, const char *dir, int gzip)
{
	if (!st || !m || !dir)
		return PLAN_EINVAL;
	export_job j = { st, m, gzip };
	size_t len;
	char *msg = plan_store__errbuf(st, &len);
	return plan_outdir__write(dir, plan_model__scenario_file, fill_export, &j, msg, len);
}
