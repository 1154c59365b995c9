/* Projects' activities in a plan (format.md "Projects", 1.1): the loads
 * their days put on resources, and the critical path back from each
 * project's due that says how much slack an activity has or how late it
 * is. What the scheduler (project/), the capacity report and the verifier
 * read alike. */
#include "model/calendar.h"
#include "result/result_impl.h"

#include <stdio.h>
#include <stdlib.h>

int plan_result__activity_loads(const plan_result *r, const plan_calendars *cals,
				plan_act_load_fn fn, void *ctx)
{
	const plan_model *m = r->model;
	if (!r->act || !m->ar_off)
		return 0;
	for (size_t a = 0; a < r->nact; a++) {
		const plan_act_rec *x = &r->act[a];
		int32_t p = m->act_prj[a];
		if (x->start == PLAN_DATE_NONE || p < 0 || m->ar_off[a + 1] == m->ar_off[a])
			continue;
		const plan_activity_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a);
		if (d->duration <= 0)
			continue;
		const plan_cal *cal = plan_cal__of_site(cals, TAB_ID(m, PLAN_TABLE_PROJECTS, p, 1));
		for (plan_date day = x->start; day <= x->end; day++) {
			if (!plan_cal__working(cal, day))
				continue;
			for (int32_t k = m->ar_off[a]; k < m->ar_off[a + 1]; k++) {
				int32_t row = m->ar_row[k];
				const plan_activity_resource_def *ar = TAB_ROW(m, PLAN_TABLE_ACTIVITY_RESOURCES, row);
				int rc = fn(ctx, (int32_t)a, m->ar_res[row], day, ar->hours_per_day);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

int plan_result__open_activities(plan_result *r)
{
	const plan_model *m = r->model;
	size_t n = m->tab[PLAN_TABLE_ACTIVITIES].n;
	if (!plan_model__has_projects(m))
		return 0;
	free(r->act);
	r->act = malloc(n * sizeof(*r->act));
	if (!r->act)
		return PLAN_ENOMEM;
	r->nact = n;
	for (size_t a = 0; a < n; a++)
		r->act[a] = (plan_act_rec){ PLAN_DATE_NONE, PLAN_DATE_NONE, 0, 0 };
	return 0;
}

size_t plan_result__materials_by_start(const plan_result *r, double *have)
{
	const plan_model *m = r->model;
	size_t given = plan_model__given(m, PLAN_TABLE_DEMAND), short_ = 0;
	for (size_t k = 0; k < m->ndem_derived; k++)
		have[k] = 0;
	if (!r->act || !m->dem_act)
		return 0;
	for (size_t i = 0; i < r->ndlv; i++) {
		size_t d = (size_t)r->dlv[i].demand;
		if (d >= given && d < m->tab[PLAN_TABLE_DEMAND].n) {
			plan_date st = r->act[m->dem_act[d - given]].start;
			if (st != PLAN_DATE_NONE && r->dlv[i].date <= st)
				have[d - given] += r->dlv[i].qty;
		}
	}
	for (size_t k = 0; k < m->ndem_derived; k++) {
		double want = ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, given + k))->qty;
		short_ += r->act[m->dem_act[k]].start != PLAN_DATE_NONE &&
			  have[k] < want - 1e-6 * (1 + want);
	}
	return short_;
}

void plan_result__slack_of(const plan_model *m, const plan_calendars *cals, int32_t a,
			   plan_date start, plan_date end, int32_t *slack, int32_t *late)
{
	*slack = *late = 0;
	if (start == PLAN_DATE_NONE || m->act_prj[a] < 0)
		return;
	const plan_cal *cal = plan_cal__of_site(cals, TAB_ID(m, PLAN_TABLE_PROJECTS, m->act_prj[a], 1));
	if (start < m->act_ls[a])
		*slack = plan_cal__count(cal, start, m->act_ls[a]);
	if (end > m->act_le[a])
		*late = (int32_t)(end - m->act_le[a]);
}

void plan_result__act_slack(const plan_model *m, const plan_calendars *cals, plan_act_rec *rec,
			    const int32_t *rows, size_t n)
{
	if (!rows)
		n = m->tab[PLAN_TABLE_ACTIVITIES].n;
	for (size_t i = 0; i < n; i++) {
		int32_t a = rows ? rows[i] : (int32_t)i;
		plan_act_rec *x = &rec[a];
		plan_result__slack_of(m, cals, a, x->start, x->end, &x->slack, &x->late);
	}
}

PLAN_EXPORT int plan_result_get_activity(plan_activity *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_ACTIVITY_VERSION)
		return PLAN_EINVAL;
	if (!r->act || i >= r->nact)
		return PLAN_ERANGE;
	const plan_act_rec *x = &r->act[i];
	const plan_activity_def *d = TAB_ROW(r->model, PLAN_TABLE_ACTIVITIES, i);
	out->project = d->project;
	out->activity = d->activity;
	out->start = x->start;
	out->end = x->end;
	out->slack_days = x->slack;
	out->late_days = x->start == PLAN_DATE_NONE ? -1 : x->late;
	return 0;
}

void plan_result__activity_cells(const plan_result *r, size_t i, plan_cell *c, char *numbuf)
{
	plan_activity x = PLAN_ACTIVITY_INIT;
	plan_result_get_activity(&x, r, i);
	c[0].s = x.project;
	c[1].s = x.activity;
	c[2].date = x.start;
	c[3].date = x.end;
	c[4].d = x.slack_days;
	c[5].s = NULL;
	if (x.late_days >= 0) {
		snprintf(numbuf, 40, "%d", x.late_days);
		c[5].s = numbuf;
	}
}
