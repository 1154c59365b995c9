/* Rules `activities` and `precedence` (format.md "Projects", 1.1): each
 * activity on the working days of its project's site, as many as its
 * duration, not before the start; its slack and lateness as the critical
 * path gives them; each after its predecessors. (Their loads count in
 * rule 3 with the orders': verify.c.) */
#include "result/verify_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int say(plan_verify_say_fn fn, void *ctx, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int say(plan_verify_say_fn fn, void *ctx, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fn(ctx, msg);
}

static const char *ymd(char *b, plan_date d)
{
	plan_date_format(b, d);
	return b;
}

int plan_verify__activities(const plan_result *r, const plan_calendars *cals,
			    plan_verify_say_fn fn, void *ctx, size_t *checks)
{
	const plan_model *m = r->model;
	size_t n = m->tab[PLAN_TABLE_ACTIVITIES].n;
	if (!plan_model__has_projects(m))
		return 0;
	++*checks;
	if (!r->act || r->nact != n)
		return say(fn, ctx, "the plan has no row for each of the %zu activities", n);
	/* what each material (a derived demand row) has by its activity's start */
	size_t given = plan_model__given(m, PLAN_TABLE_DEMAND);
	double *have = calloc(m->ndem_derived + 1, sizeof(*have));
	if (!have)
		return PLAN_ENOMEM;
	plan_result__materials_by_start(r, have);
	int rc = 0;
	int32_t slack, late;
	char b1[11], b2[11];
	for (size_t a = 0; a < n && !rc; a++) {
		const plan_activity_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a);
		const plan_act_rec *x = &r->act[a];
		const plan_cal *cal = plan_cal__of_site(cals, TAB_ID(m, PLAN_TABLE_PROJECTS, m->act_prj[a], 1));
		++*checks;
		if (x->start == PLAN_DATE_NONE) {
			if (!r->constrained)
				rc = say(fn, ctx, "%s %s: not scheduled in an unconstrained plan", d->project,
					 d->activity);
			continue;
		}
		plan_result__slack_of(m, cals, (int32_t)a, x->start, x->end, &slack, &late);
		if (x->end == PLAN_DATE_NONE || x->end < x->start)
			rc = say(fn, ctx, "%s %s: ends before it starts", d->project, d->activity);
		else if (!plan_cal__working(cal, x->start) || !plan_cal__working(cal, x->end))
			rc = say(fn, ctx, "%s %s: %s..%s does not start and end on working days of its site",
				 d->project, d->activity, ymd(b1, x->start), ymd(b2, x->end));
		else if (d->duration > 0 && plan_cal__count(cal, x->start, x->end + 1) != d->duration)
			rc = say(fn, ctx, "%s %s: %s..%s holds %d working days, its duration is %d",
				 d->project, d->activity, ymd(b1, x->start), ymd(b2, x->end),
				 plan_cal__count(cal, x->start, x->end + 1), d->duration);
		else if (d->duration == 0 && x->end != x->start)
			rc = say(fn, ctx, "%s %s: a milestone ends on the day it starts", d->project,
				 d->activity);
		else if (x->start < m->horizon.start)
			rc = say(fn, ctx, "%s %s: starts on %s, before the plan's start %s", d->project,
				 d->activity, ymd(b1, x->start), ymd(b2, m->horizon.start));
		else if (r->constrained && x->end > m->horizon.end)
			rc = say(fn, ctx, "%s %s: ends on %s, after the horizon", d->project, d->activity,
				 ymd(b1, x->end));
		else if (x->slack != slack || x->late != late)
			rc = say(fn, ctx, "%s %s: slack %d, late %d days; the critical path from the "
				 "project's due gives %d and %d", d->project, d->activity, (int)x->slack,
				 (int)x->late, (int)slack, (int)late);
		for (int32_t k = m->mat_off ? m->mat_off[a] : 0;
		     m->mat_off && k < m->mat_off[a + 1] && !rc; k++) {
			int32_t dr = m->mat_dem[k];
			const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, dr);
			double got = have[(size_t)dr - given];
			++*checks;
			if (got < dd->qty - 1e-6 * (1 + dd->qty))
				rc = say(fn, ctx, "%s %s: starts on %s with %.10g of its %.10g %s@%s", d->project,
					 d->activity, ymd(b1, x->start), got, dd->qty, dd->item, dd->site);
		}
	}
	free(have);
	return rc;
}

int plan_verify__precedence(const plan_result *r, plan_verify_say_fn fn, void *ctx,
			    size_t *checks)
{
	const plan_model *m = r->model;
	if (!plan_model__has_projects(m) || !r->act || r->nact != m->tab[PLAN_TABLE_ACTIVITIES].n)
		return 0;
	int rc = 0;
	char b1[11], b2[11];
	for (size_t b = 0; b < r->nact && !rc; b++) {
		const plan_activity_def *db = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, b);
		for (int32_t k = m->pred_off[b]; k < m->pred_off[b + 1] && !rc; k++) {
			int32_t a = m->pred[k];
			const plan_activity_def *da = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a);
			const plan_act_rec *xa = &r->act[a], *xb = &r->act[b];
			++*checks;
			if (xb->start == PLAN_DATE_NONE)
				continue;
			if (xa->start == PLAN_DATE_NONE)
				rc = say(fn, ctx, "%s %s: scheduled, its predecessor %s is not", db->project,
					 db->activity, da->activity);
			else if (xb->start < plan_result__after(xa->start, xa->end, da->duration))
				rc = say(fn, ctx, "%s %s: starts on %s, before its predecessor %s %s on %s",
					 db->project, db->activity, ymd(b1, xb->start), da->activity,
					 da->duration > 0 ? "ends" : "is reached", ymd(b2, xa->end));
		}
	}
	return rc;
}

/* The project of what allocation a of r serves (1.1): a project's
 * material, or an order made for a project of a project-specific SKU
 * (seg: by order, those above it known); -1: none. */
static int32_t served(const plan_result *r, const plan_alloc_rec *a, const int32_t *seg)
{
	if (a->src < 0)
		return plan_model__material_project(r->model, (size_t)(-1 - a->src));
	return plan_model__specific(r->model, r->ord[a->src].sku) ? seg[a->src] : -1;
}

int plan_verify__specific(const plan_result *r, plan_verify_say_fn fn, void *ctx, size_t *checks)
{
	const plan_model *m = r->model;
	if (!m->nspecific)
		return 0;
	/* orders by the low-level code of their SKU: what draws on an order
	 * comes before it */
	int32_t *by = plan_result__by_level(r), *seg = malloc((r->nord + 1) * sizeof(*seg));
	if (!by || !seg) {
		free(by);
		free(seg);
		return PLAN_ENOMEM;
	}
	int rc = 0;
	for (size_t i = 0; i < r->nord && !rc; i++) {
		int32_t o = by[i];
		const plan_ord *x = &r->ord[o];
		seg[o] = -1;
		/* what it gives of each project-specific SKU (its item; 1.1
		 * outputs: a run's yield of one) serves one project alone: the
		 * project of the first such allocation, every other the same;
		 * its item's is the order's own, which its draws are for */
		int32_t own = INT32_MIN; /* (none yet) */
		for (uint32_t k = 0; k < x->alloc_count && !rc; k++) {
			size_t ak = x->alloc_first + k;
			int32_t g = r->alloc_out && r->alloc_out[ak] >= 0 ? r->alloc_out[ak] : x->sku;
			if (!plan_model__specific(m, g))
				continue;
			int32_t s = served(r, &r->alloc[ak], seg), first = s;
			if (g == x->sku) {
				own = own == INT32_MIN ? s : own;
				first = seg[o] = own;
			}
			for (uint32_t j = 0; g != x->sku && j < k; j++) { /* (a run's few outputs) */
				size_t aj = x->alloc_first + j;
				if (r->alloc_out[aj] == g) {
					first = served(r, &r->alloc[aj], seg);
					break;
				}
			}
			++*checks;
			if (s != first) {
				const plan_sku_def *d = plan__sku(m, g);
				int32_t one = s >= 0 ? s : first;
				rc = say(fn, ctx, "order %s: what it gives of project-specific %s@%s is for "
					 "project %s and other demand too", plan_result__id(r, (size_t)o), d->item,
					 d->site, ((const plan_project_def *)TAB_ROW(m, PLAN_TABLE_PROJECTS, one))->project);
			}
		}
	}
	free(by);
	free(seg);
	return rc;
}
