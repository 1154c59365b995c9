/* Sessions: a model with its feasible plan, repaired after changes
 * (plan/session.h). A maintenance block is mended locally
 * (feasible/demand_repair.c), or in an exact session planned again; a
 * demand or a closed lane plans again from netting. */
#include "pipeline/pipeline.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The stats with the changes counted by kind. */
static plan_repair_stats stats_counted(plan_repair_stats x, const size_t *count)
{
	x.moved = count[PLAN_DIFF_MOVED];
	x.rerouted = count[PLAN_DIFF_REROUTED];
	x.left_out = count[PLAN_DIFF_LEFT_OUT];
	x.back = count[PLAN_DIFF_BACK];
	x.newly_late = count[PLAN_DIFF_NEWLY_LATE];
	x.later = count[PLAN_DIFF_LATER];
	x.on_time_again = count[PLAN_DIFF_ON_TIME_AGAIN];
	return x;
}

struct plan_session {
	plan_model *m;
	int exact;           /* repairs replay the whole plan */
	plan_run_options o;
	plan_engine e;       /* with the unconstrained plan in e.res */
	plan_result *r;      /* the current plan */
};

/* Netting and the feasible plan into e and r. */
static int plan_all(plan_session *s, plan_engine *e, plan_result **r)
{
	int rc = plan_pipeline__unconstrained(e, s->m, &s->o);
	if (!rc && (rc = plan_demand__plan(e, r)))
		return plan_engine__fail(e, rc);
	return rc;
}

PLAN_EXPORT int plan_session_new(plan_session **out, plan_model *m, const plan_run_options *opts)
{
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!m)
		return PLAN_EINVAL;
	plan_session *s = calloc(1, sizeof(*s));
	if (!s)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	s->m = m;
	int rc = plan_pipeline__options(m, opts, &s->o);
	s->o.mode = PLAN_MODE_CONSTRAINED;
	if (!rc)
		rc = plan_all(s, &s->e, &s->r);
	if (rc) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

PLAN_EXPORT void plan_session_free(plan_session *s)
{
	if (!s)
		return;
	plan_result_free(s->r);
	plan_engine__free(&s->e);
	free(s);
}

PLAN_EXPORT int plan_session_set_exact(plan_session *s, int exact)
{
	if (!s)
		return PLAN_EINVAL;
	s->exact = exact != 0;
	return 0;
}

PLAN_EXPORT const plan_result *plan_session_result(const plan_session *s)
{
	return s ? s->r : NULL;
}

/* Per demand: when its last part arrives and how much it gets. */
typedef struct dstate {
	plan_date last;
	double got;
} dstate;

static dstate *demand_states(const plan_result *r)
{
	size_t nd = r->model->tab[PLAN_TABLE_DEMAND].n;
	dstate *d = calloc(nd + 1, sizeof(*d));
	if (!d)
		return NULL;
	for (size_t i = 0; i < nd; i++)
		d[i].last = PLAN_DATE_NONE;
	for (size_t i = 0; i < r->ndlv; i++) {
		dstate *x = &d[r->dlv[i].demand];
		x->got += r->dlv[i].qty;
		if (r->dlv[i].date > x->last)
			x->last = r->dlv[i].date;
	}
	return d;
}

/* Demands whose service changed between two plans of the same model, the
 * old one given by its demand states a (demands added since count as on
 * time before; nd_old: the demands of demand.csv then). Projects'
 * materials (1.1: derived rows, renumbered when a demand is added) are
 * their projects', not reported. Takes a. */
static int diff_demands(dstate *a, const plan_result *now, size_t nd_old, plan_diff_fn fn,
			void *ctx, size_t *count)
{
	const plan_model *m = now->model;
	dstate *b = demand_states(now);
	int rc = 0;
	if (!a || !b) {
		free(a);
		free(b);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < plan_model__given(m, PLAN_TABLE_DEMAND) && !rc; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		double qty = plan_model__demand_qty(m, i);
		if (!(qty > 0))
			continue;
		int late_a = 0, late_b;
		plan_date la = PLAN_DATE_NONE, lb = b[i].got >= qty - 1e-6 ? b[i].last : PLAN_DATE_NONE;
		if (i < nd_old) {
			la = a[i].got >= qty - 1e-6 ? a[i].last : PLAN_DATE_NONE;
			late_a = la == PLAN_DATE_NONE || la > d->due;
		}
		late_b = lb == PLAN_DATE_NONE || lb > d->due;
		plan_diff x = PLAN_DIFF_INIT;
		if (!late_a && late_b)
			x.kind = PLAN_DIFF_NEWLY_LATE;
		else if (late_a && !late_b)
			x.kind = PLAN_DIFF_ON_TIME_AGAIN;
		else if (late_a && late_b && la != lb && (lb == PLAN_DATE_NONE || (la != PLAN_DATE_NONE && lb > la)))
			x.kind = PLAN_DIFF_LATER;
		else
			continue;
		x.demand = d->id;
		x.item = d->item;
		x.site = d->site;
		x.old_date = la;
		x.new_date = lb;
		count[x.kind]++;
		if (fn && fn(ctx, &x))
			fn = NULL; /* stops the report, not the repair */
	}
	free(a);
	free(b);
	return rc;
}

/* After the model changed in a way that changes requirements: everything
 * again, then the demands' changes; the old plan goes only once the new one
 * stands. */
static int replan(plan_session *s, size_t nd_old, plan_diff_fn fn, void *ctx,
		  plan_repair_stats *st, double t0)
{
	plan_engine e;
	plan_result *r = NULL;
	int rc = plan_all(s, &e, &r);
	if (rc)
		return rc;
	plan_repair_stats x = PLAN_REPAIR_STATS_INIT;
	size_t count[PLAN_DIFF_KINDS] = { 0 };
	x.replanned = 1;
	x.rescheduled = r->nord - r->nsched;
	diff_demands(demand_states(s->r), r, nd_old, fn, ctx, count);
	plan_result_free(s->r);
	plan_engine__free(&s->e);
	s->e = e;
	s->r = r;
	x.seconds = plan_pipeline__seconds() - t0;
	if (st)
		*st = stats_counted(x, count);
	return 0;
}

PLAN_EXPORT int plan_session_add_block(plan_repair_stats *st, plan_session *s,
				       const plan_maintenance_def *b, plan_diff_fn fn, void *ctx)
{
	if (!s || !b)
		return PLAN_EINVAL;
	double t0 = plan_pipeline__seconds();
	plan_model *m = s->m;
	long res = plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES, b->resource);
	if (res < 0)
		return plan_model__error(m, PLAN_EINVAL, "maintenance block %s: unknown resource \"%s\"",
					 b->id ? b->id : "", b->resource ? b->resource : "");
	if (b->alt_resource && plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES, b->alt_resource) < 0)
		return plan_model__error(m, PLAN_EINVAL, "maintenance block %s: unknown alternate \"%s\"",
					 b->id ? b->id : "", b->alt_resource);
	/* a block changes no level, lane or index: the model stays validated
	 * once the row's own checks pass */
	int valid = m->valid;
	int rc = plan_model_add_maintenance(m, b);
	if (rc)
		return rc;
	m->valid = valid;
	/* every order may move: the whole plan again; likewise where a
	 * project's activity or material may (1.1: a repair moves neither),
	 * or a recipe's run (1.1: a repair knows no yields) */
	if (s->exact || plan_model__project_uses(m, (int32_t)res) || m->ndem_derived ||
	    plan_model__has_outputs(m))
		return replan(s, m->tab[PLAN_TABLE_DEMAND].n, fn, ctx, st, t0);
	plan_result *r = NULL;
	plan_repair_stats x = PLAN_REPAIR_STATS_INIT;
	size_t count[PLAN_DIFF_KINDS] = { 0 };
	dstate *before = demand_states(s->r);
	if (!before)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	rc = plan_demand__repair(&s->e, s->r, (int32_t)(m->tab[PLAN_TABLE_MAINTENANCE].n - 1), &fn, ctx,
				 count, &x.rescheduled, &r);
	if (rc) {
		free(before);
		return plan_model__error(m, rc, "repair: %s", plan_errstr(rc));
	}
	r->timing = (plan_timing)PLAN_TIMING_INIT;
	r->timing.capacity = plan_pipeline__seconds() - t0;
	r->timing.total = r->timing.capacity;
	diff_demands(before, r, m->tab[PLAN_TABLE_DEMAND].n, fn, ctx, count);
	plan_result_free(s->r);
	s->r = r;
	x.seconds = plan_pipeline__seconds() - t0;
	if (st)
		*st = stats_counted(x, count);
	return 0;
}

PLAN_EXPORT int plan_session_add_demand(plan_repair_stats *st, plan_session *s, const plan_demand_def *d,
					plan_diff_fn fn, void *ctx)
{
	if (!s || !d)
		return PLAN_EINVAL;
	double t0 = plan_pipeline__seconds();
	size_t nd = plan_model__given(s->m, PLAN_TABLE_DEMAND);
	int rc = plan_model_add_demand(s->m, d);
	if (rc)
		return rc;
	return replan(s, nd, fn, ctx, st, t0);
}

PLAN_EXPORT int plan_session_close_lane(plan_repair_stats *st, plan_session *s, const char *item,
					const char *site, const char *source, plan_diff_fn fn,
					void *ctx)
{
	if (!s || !item || !site || !source)
		return PLAN_EINVAL;
	double t0 = plan_pipeline__seconds();
	int rc = plan_model_close_lane(s->m, item, site, source);
	if (rc)
		return rc;
	return replan(s, s->m->tab[PLAN_TABLE_DEMAND].n, fn, ctx, st, t0);
}
