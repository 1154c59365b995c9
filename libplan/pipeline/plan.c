/* plan_run(): the MRP II pipeline, step after step, each step one call into
 * the layer that owns it.
 *
 *  1. validate the model: references, the horizon, the low-level codes
 *     (model/validate.c, model/levels.c)
 *  2. net, level by level: scheduled receipts become orders and demands
 *     requirements; for each low-level code, lowest first, each SKU is
 *     netted, lot sized and sourced, its supply pegged, its planned orders
 *     exploded into its components' and sources' requirements (mrp/)
 *  3. unconstrained: loads on resources around maintenance blocks and
 *     their alternates, the capacity requirements plan (capacity/); every
 *     demand delivered on its due date
 *     constrained: the plan made feasible: orders moved, split or left out
 *     until finite capacity, lanes, lead times, start and stock all hold;
 *     deliveries in parts; the adjustments and the reasons (feasible/)
 *  4. the verdict: orders named, counts, the summary (result/)
 *
 * Sessions (session.c) take steps 1 to 3 the same way and keep what a
 * repair needs. */
#include "capacity/capacity.h"
#include "feasible/demand.h"
#include "project/project.h"
#include "pipeline/pipeline.h"

#include <time.h>

double plan_pipeline__seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int plan_pipeline__options(plan_model *m, const plan_run_options *opts, plan_run_options *o)
{
	*o = (plan_run_options)PLAN_RUN_OPTIONS_INIT;
	if (opts) {
		if (opts->version != 1 && opts->version != PLAN_RUN_OPTIONS_VERSION)
			return plan_model__error(m, PLAN_EINVAL, "plan_run: unknown options version %u",
						 opts->version);
		/* version 1 ends at threads: nothing after it is read */
		o->mode = opts->mode;
		o->threads = opts->threads;
		if (opts->version >= 2) {
			o->progress = opts->progress;
			o->user = opts->user;
		}
	}
	if (o->mode != PLAN_MODE_UNCONSTRAINED && o->mode != PLAN_MODE_CONSTRAINED)
		return plan_model__error(m, PLAN_EINVAL, "plan_run: unknown mode %d", (int)o->mode);
	return 0;
}

int plan_pipeline__unconstrained(plan_engine *e, plan_model *m, const plan_run_options *o)
{
	plan_prog pr = { o->progress, o->user, PLAN_PHASE_VALIDATE, 0, 0, 1, 0 };
	*e = (plan_engine){ 0 };
	if (plan_prog__begin(&pr, PLAN_PHASE_VALIDATE, 1))
		return plan_pipeline__canceled(m);
	int rc = plan_model_validate(m);             /* 1. validate */
	if (rc)
		return rc;
	if (plan_prog__end(&pr))
		return plan_pipeline__canceled(m);
	return plan_mrp__run(e, m, o);               /* 2. net */
}

int plan_pipeline__canceled(plan_model *m)
{
	return plan_model__error(m, PLAN_ECANCELED, "plan_run: canceled by the progress callback");
}

int plan_pipeline__demand_driven(plan_result **out, plan_model *m, const plan_run_options *opts)
{
	plan_run_options o;
	plan_engine e;
	*out = NULL;
	int rc = plan_pipeline__options(m, opts, &o);
	if (rc)
		return rc;
	o.mode = PLAN_MODE_CONSTRAINED;
	rc = plan_pipeline__unconstrained(&e, m, &o);
	if (rc)
		return rc;
	rc = plan_demand__plan(&e, out);
	if (rc)
		return plan_engine__fail(&e, rc);
	plan_engine__free(&e);
	return 0;
}

PLAN_EXPORT int plan_run(plan_result **out, plan_model *m, const plan_run_options *opts)
{
	plan_run_options o;
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!m)
		return PLAN_EINVAL;
	int rc = plan_pipeline__options(m, opts, &o);
	if (rc)
		return rc;
	double t0 = plan_pipeline__seconds();
	plan_engine e;
	if ((rc = plan_pipeline__unconstrained(&e, m, &o)))    /* 1-2 */
		return rc;
	double t1 = plan_pipeline__seconds();
	plan_result *r = NULL;
	if (o.mode == PLAN_MODE_CONSTRAINED) {
		rc = plan_demand__plan(&e, &r);                      /* 3. feasible */
	} else {
		if (plan_prog__begin(&e.prog, PLAN_PHASE_CAPACITY, 1))
			rc = PLAN_ECANCELED;
		if (!rc)
			rc = plan_project__unconstrained(&e);        /* 3. projects */
		if (!rc)
			rc = plan_capacity__run(&e);                 /* 3. load */
		if (!rc)
			rc = plan_mrp__deliver(&e);
		if (!rc && (plan_prog__end(&e.prog) ||
			    plan_prog__begin(&e.prog, PLAN_PHASE_FINISH, 1)))
			rc = PLAN_ECANCELED;
		if (!rc)
			rc = plan_result__finish(e.res);             /* 4. verdict */
		if (!rc && plan_prog__end(&e.prog))
			rc = PLAN_ECANCELED;
		if (!rc) {
			r = e.res;
			e.res = NULL; /* the caller's */
		}
	}
	if (rc)
		return plan_engine__fail(&e, rc);
	double t2 = plan_pipeline__seconds();
	plan_engine__free(&e);
	r->timing = (plan_timing)PLAN_TIMING_INIT;
	r->timing.netting = t1 - t0;
	r->timing.capacity = t2 - t1;
	r->timing.total = plan_pipeline__seconds() - t0;
	*out = r;
	return 0;
}
