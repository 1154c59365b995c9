/* Projects in the plan (format.md "Projects", 1.1). The unconstrained
 * plan puts each activity at its latest start by the critical path back
 * from its project's due, or later where the plan's start and its
 * predecessors hold it back. The feasible plan schedules one project at a
 * time, at its turn among the demands (priority, then due), on the
 * working days of its site from the plan's start to the horizon's end with
 * what each resource has left there (rcpsp.c: the least makespan found),
 * then moves it as late as its due allows, or a late one as late as its
 * end allows (the early days left to the demands after it), and books its
 * loads. */
#include "project/project.h"
#include "project/rcpsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Random lists tried beside the four priority rules, per project. */
#define SAMPLES 24

int plan_project__open(plan_engine *e)
{
	return plan_result__open_activities(e->res);
}

static const plan_cal *project_cal(const plan_engine *e, int32_t p)
{
	return plan_cal__of_site(&e->cals, TAB_ID(e->m, PLAN_TABLE_PROJECTS, p, 1));
}

static plan_date first_working(const plan_cal *cal, plan_date d)
{
	return plan_cal__forward(cal, d, 1) - 1;
}

static int duration(const plan_model *m, int32_t a)
{
	return ((const plan_activity_def *)TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a))->duration;
}

static const char *act_name(const plan_model *m, int32_t a)
{
	return ((const plan_activity_def *)TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a))->activity;
}

/* The project's lateness, if any, as an exception: where it ends and the
 * chain that holds it back (from its last activity, each predecessor it
 * starts right after, to what the first waits for: the plan's start, its
 * materials (release: the day they all came, by activity; NULL: none
 * waited for) or room on a resource (wait: by activity row, the resource
 * it found too little of on the first day it could have started, or NULL;
 * wait NULL: none named). The chain is read from `path`, the earliest
 * schedule (a late project is then moved as late as its end allows: the
 * chain of that would only say what is packed against the end). */
static int report(plan_engine *e, int32_t p, const plan_date *release, const plan_act_rec *path,
		  const char *const *wait)
{
	const plan_model *m = e->m;
	plan_result *r = e->res;
	const plan_project_def *pd = TAB_ROW(m, PLAN_TABLE_PROJECTS, p);
	const plan_cal *cal = project_cal(e, p);
	int32_t i0 = m->prj_off[p], i1 = m->prj_off[p + 1], last = -1, missing = 0;
	plan_date end = PLAN_DATE_NONE;
	for (int32_t i = i0; i < i1; i++) {
		int32_t a = m->prj_act[i];
		if (r->act[a].start == PLAN_DATE_NONE) {
			if (!missing++)
				last = a;
		} else if (!missing && (end == PLAN_DATE_NONE || r->act[a].end > end)) {
			end = r->act[a].end;
			last = a;
		}
	}
	char due[11], on[11], a0[11];
	plan_date_format(due, pd->due);
	if (missing)
		return plan_result__exception(r, EXC_PROJECT_LATE, PLAN_EXC_WARNING, -1, -1, -1,
					      pd->due, missing,
					      "project %s does not end within the horizon: %d of its %d "
					      "activities find no room by its end (the first: %s); due %s",
					      pd->project, missing, (int)(i1 - i0), act_name(m, last), due);
	if (last < 0 || end <= pd->due)
		return 0;
	/* the chain: up to nine activities (codes of 64 bytes at most) and
	 * what the first waits for */
	char chain[1024];
	size_t len = 0;
	/* the last activity of the earliest schedule */
	for (int32_t i = i0; i < i1; i++) {
		int32_t a = m->prj_act[i];
		if (path[a].end > path[last].end)
			last = a;
	}
	int32_t cur = last;
	len += (size_t)snprintf(chain, sizeof(chain), "%s", act_name(m, last));
	for (int step = 0; step < 8; step++) {
		int32_t tight = -1;
		for (int32_t k = m->pred_off[cur]; k < m->pred_off[cur + 1] && tight < 0; k++) {
			int32_t b = m->pred[k];
			if (first_working(cal, plan_result__after(path[b].start, path[b].end,
								  duration(m, b))) == path[cur].start)
				tight = b;
		}
		if (tight < 0)
			break;
		len += (size_t)snprintf(chain + len, sizeof(chain) - len, " after %s", act_name(m, tight));
		if (len >= sizeof(chain))
			len = sizeof(chain) - 1; /* (never: codes are 64 bytes at most) */
		cur = tight;
	}
	const char *res = NULL;
	if (release && release[cur] != PLAN_DATE_NONE && release[cur] > e->start &&
	    first_working(cal, release[cur]) == path[cur].start) {
		plan_date_format(a0, release[cur]);
		snprintf(chain + len, sizeof(chain) - len, ", which waits for its materials until %s", a0);
	} else if (path[cur].start <= first_working(cal, e->start)) {
		plan_date_format(a0, e->start);
		snprintf(chain + len, sizeof(chain) - len, ", from the plan's start %s", a0);
	} else if (wait && (res = wait[cur])) {
		snprintf(chain + len, sizeof(chain) - len, ", which waits for room on %s", res);
	}
	plan_date_format(on, end);
	return plan_result__exception(r, EXC_PROJECT_LATE, PLAN_EXC_WARNING, -1, -1, -1, end,
				      (double)(end - pd->due),
				      "project %s ends on %s, %d day%s after its due %s: %s", pd->project,
				      on, (int)(end - pd->due), end - pd->due == 1 ? "" : "s", due, chain);
}

int plan_project__unconstrained(plan_engine *e)
{
	const plan_model *m = e->m;
	plan_result *r = e->res;
	int rc = plan_project__open(e);
	if (rc || !r->act)
		return rc;
	for (size_t p = 0; p < m->tab[PLAN_TABLE_PROJECTS].n && !rc; p++) {
		const plan_cal *cal = project_cal(e, (int32_t)p);
		for (int32_t i = m->prj_off[p]; i < m->prj_off[p + 1]; i++) {
			int32_t a = m->prj_act[i];
			int d = duration(m, a);
			plan_date es = e->start;
			for (int32_t k = m->pred_off[a]; k < m->pred_off[a + 1]; k++) {
				const plan_act_rec *b = &r->act[m->pred[k]];
				plan_date after = plan_result__after(b->start, b->end, duration(m, m->pred[k]));
				if (after > es)
					es = after;
			}
			es = first_working(cal, es);
			plan_act_rec *x = &r->act[a];
			x->start = m->act_ls[a] > es ? m->act_ls[a] : es;
			x->end = d > 0 ? plan_cal__forward(cal, x->start, d) - 1 : x->start;
		}
		rc = report(e, (int32_t)p, NULL, r->act, NULL);
	}
	plan_result__act_slack(m, &e->cals, r->act, NULL, 0);
	return rc ? PLAN_ENOMEM : 0;
}

/* One project as rcpsp.c reads it, over the working days wd[0 .. T). */
typedef struct proj {
	plan_rcp rcp;
	int32_t *row;          /* local -> activities row */
	int32_t *res;          /* local resource -> resources row */
	plan_date *wd;
	int32_t *dur, *pred_off, *pred, *succ_off, *succ, *start, *rel;
	double *use, *avail;
} proj;

static void proj_free(proj *q)
{
	free(q->row);
	free(q->res);
	free(q->wd);
	free(q->dur);
	free(q->pred_off);
	free(q->pred);
	free(q->succ_off);
	free(q->succ);
	free(q->start);
	free(q->rel);
	free(q->use);
	free(q->avail);
}

static int proj_build(plan_engine *e, plan_cap *c, int32_t p, const plan_date *release, proj *q)
{
	const plan_model *m = e->m;
	const plan_cal *cal = project_cal(e, p);
	int32_t i0 = m->prj_off[p];
	size_t n = (size_t)(m->prj_off[p + 1] - i0), np = 0, nr = 0;
	plan_date end = e->bk.start[e->bk.n];
	size_t T = (size_t)plan_cal__count(cal, e->start, end);
	for (size_t i = 0; i < n; i++) {
		int32_t a = m->prj_act[i0 + (int32_t)i];
		np += (size_t)(m->pred_off[a + 1] - m->pred_off[a]);
		nr += (size_t)(m->ar_off[a + 1] - m->ar_off[a]);
	}
	memset(q, 0, sizeof(*q));
	q->row = malloc((n + 1) * sizeof(*q->row));
	q->res = malloc((nr + 1) * sizeof(*q->res));
	q->wd = malloc((T + 1) * sizeof(*q->wd));
	q->dur = malloc((n + 1) * sizeof(*q->dur));
	q->pred_off = calloc(n + 2, sizeof(*q->pred_off));
	q->pred = malloc((np + 1) * sizeof(*q->pred));
	q->succ_off = calloc(n + 2, sizeof(*q->succ_off));
	q->succ = malloc((np + 1) * sizeof(*q->succ));
	q->start = malloc((n + 1) * sizeof(*q->start));
	q->rel = malloc((n + 1) * sizeof(*q->rel));
	if (!q->rel || !q->row || !q->res || !q->wd || !q->dur || !q->pred_off || !q->pred || !q->succ_off ||
	    !q->succ || !q->start)
		return PLAN_ENOMEM;
	size_t t = 0;
	for (plan_date d = e->start; d < end && t < T; d++)
		if (plan_cal__working(cal, d))
			q->wd[t++] = d;
	T = t;
	/* resources: those the activities name, each once */
	size_t nres = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t a = m->prj_act[i0 + (int32_t)i];
		q->row[i] = a;
		q->dur[i] = duration(m, a);
		for (int32_t k = m->ar_off[a]; k < m->ar_off[a + 1]; k++) {
			int32_t rr = m->ar_res[m->ar_row[k]], seen = 0;
			for (size_t j = 0; j < nres; j++)
				seen |= q->res[j] == rr;
			if (!seen)
				q->res[nres++] = rr;
		}
	}
	q->use = calloc(n * nres + 1, sizeof(*q->use));
	q->avail = malloc((nres * T + 1) * sizeof(*q->avail));
	if (!q->use || !q->avail)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		int32_t a = q->row[i];
		for (int32_t k = m->ar_off[a]; k < m->ar_off[a + 1]; k++) {
			int32_t row = m->ar_row[k];
			const plan_activity_resource_def *ar = TAB_ROW(m, PLAN_TABLE_ACTIVITY_RESOURCES, row);
			for (size_t j = 0; j < nres; j++)
				if (q->res[j] == m->ar_res[row])
					q->use[i * nres + j] += ar->hours_per_day;
		}
		/* predecessors as local numbers: they come earlier in prj_act */
		q->pred_off[i + 1] = q->pred_off[i];
		for (int32_t k = m->pred_off[a]; k < m->pred_off[a + 1]; k++)
			for (size_t j = 0; j < i; j++)
				if (q->row[j] == m->pred[k]) {
					q->pred[q->pred_off[i + 1]++] = (int32_t)j;
					q->succ_off[j + 2]++;
				}
	}
	for (size_t i = 2; i <= n + 1; i++)
		q->succ_off[i] += q->succ_off[i - 1];
	for (size_t i = 0; i < n; i++)
		for (int32_t k = q->pred_off[i]; k < q->pred_off[i + 1]; k++)
			q->succ[q->succ_off[q->pred[k] + 1]++] = (int32_t)i;
	for (size_t j = 0; j < nres; j++)
		for (size_t k = 0; k < T; k++) {
			double l = plan_capacity__left(c, q->res[j], q->wd[k]);
			q->avail[j * T + k] = l > 0 ? l : 0;
		}
	/* releases: the first working day on or after the materials' day */
	for (size_t i = 0; i < n; i++) {
		plan_date r = release ? release[q->row[i]] : e->start;
		size_t lo = 0, hi = T;
		if (r == PLAN_DATE_NONE)
			lo = T;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (q->wd[mid] < r)
				lo = mid + 1;
			else
				hi = mid;
		}
		q->rel[i] = (int32_t)lo;
	}
	q->rcp = (plan_rcp){ n, nres, T, q->dur, q->pred_off, q->pred, q->succ_off, q->succ,
			     q->use, q->avail, q->rel };
	return 0;
}

/* In the earliest schedule s (periods, local numbers), for each activity
 * that starts after its predecessors and release let it: the resource it
 * found too little of first, from the first period it could have started
 * (what the project's other activities take there counted), into wait (by
 * activity row: the resource's name). */
static void waited_for(const plan_engine *e, const proj *q, const int32_t *s, const char **wait)
{
	const plan_model *m = e->m;
	const plan_rcp *p = &q->rcp;
	for (size_t i = 0; i < p->n; i++) {
		if (s[i] < 0)
			continue;
		long es = p->release ? p->release[i] : 0;
		for (int32_t k = p->pred_off[i]; k < p->pred_off[i + 1]; k++)
			if (s[p->pred[k]] + p->dur[p->pred[k]] > es)
				es = s[p->pred[k]] + p->dur[p->pred[k]];
		for (long t = es; t < s[i] && !wait[q->row[i]]; t++)
			for (size_t j = 0; j < p->nres && !wait[q->row[i]]; j++) {
				double u = p->use[i * p->nres + j];
				if (u <= 0)
					continue;
				/* what the others take on t, from what was free */
				double left = p->avail[j * p->T + (size_t)t];
				for (size_t x = 0; x < p->n; x++)
					if (x != i && s[x] >= 0 && s[x] <= t && t < s[x] + p->dur[x])
						left -= p->use[x * p->nres + j];
				if (left < u - 1e-9) {
					int32_t res = q->res[j];
					wait[q->row[i]] = ((const plan_resource_def *)TAB_ROW(
						m, PLAN_TABLE_RESOURCES, res))->resource;
				}
			}
	}
}

int plan_project__constrained(plan_engine *e, plan_cap *c, int32_t p, const plan_date *release)
{
	const plan_model *m = e->m;
	plan_result *r = e->res;
	if (!r->act && plan_project__open(e))
		return PLAN_ENOMEM;
	if (!r->act)
		return 0;
	proj q;
	plan_rcp_work w = { 0 };
	int rc = proj_build(e, c, p, release, &q);
	if (!rc && plan_rcp__work_new(&w, &q.rcp))
		rc = PLAN_ENOMEM;
	long mk = -1;
	if (!rc) {
		mk = plan_rcp__solve(&q.rcp, &w, SAMPLES, 0x5DEECE66Dull + (uint64_t)p, q.start);
		if (mk == -2)
			rc = PLAN_ENOMEM;
	}
	/* the earliest schedule, for the chain of a late project */
	plan_act_rec *path = rc ? NULL : malloc(q.rcp.n * sizeof(*path) + 1);
	int32_t *path_start = rc ? NULL : malloc(q.rcp.n * sizeof(*path_start) + 1);
	if (!rc && (!path || !path_start))
		rc = PLAN_ENOMEM;
	if (!rc)
		memcpy(path_start, q.start, q.rcp.n * sizeof(*path_start));
	for (size_t i = 0; !rc && i < q.rcp.n; i++) {
		int32_t s = q.start[i], d = q.dur[i];
		path[i].start = s < 0 ? PLAN_DATE_NONE : q.wd[s];
		path[i].end = s < 0 ? PLAN_DATE_NONE : q.wd[s + (d > 0 ? d : 1) - 1];
	}
	if (!rc && mk >= 0) {
		/* as late as the due allows (the working days up to it), or
		 * a late project as late as its end allows: no activity ahead
		 * of need, the early days left to the demands after it */
		const plan_project_def *pd = TAB_ROW(m, PLAN_TABLE_PROJECTS, p);
		long D = 0;
		while ((size_t)D < q.rcp.T && q.wd[D] <= pd->due)
			D++;
		plan_rcp__justify_right(&q.rcp, &w, mk > D ? mk : D, q.start);
	}
	for (size_t i = 0; !rc && i < q.rcp.n; i++) {
		plan_act_rec *x = &r->act[q.row[i]];
		int32_t s = q.start[i], d = q.dur[i];
		if (s < 0)
			continue;
		x->start = q.wd[s];
		x->end = q.wd[s + (d > 0 ? d : 1) - 1];
		for (int32_t t = s; t < s + d; t++)
			for (size_t j = 0; j < q.rcp.nres; j++)
				if (q.use[i * q.rcp.nres + j] > 0)
					plan_capacity__take(c, q.res[j], q.wd[t], q.use[i * q.rcp.nres + j]);
	}
	if (!rc) {
		plan_result__act_slack(m, &e->cals, r->act, q.row, q.rcp.n);
		/* the earliest schedule by activity row, where report() reads
		 * it, and what each activity waited for in it */
		plan_act_rec *by_row = malloc(r->nact * sizeof(*by_row));
		const char **wait = calloc(r->nact, sizeof(*wait));
		if (!by_row || !wait)
			rc = PLAN_ENOMEM;
		for (size_t i = 0; !rc && i < q.rcp.n; i++)
			by_row[q.row[i]] = path[i];
		if (!rc)
			waited_for(e, &q, path_start, wait);
		if (!rc)
			rc = report(e, p, release, by_row, wait) ? PLAN_ENOMEM : 0;
		free(by_row);
		free(wait);
	}
	free(path);
	free(path_start);
	plan_rcp__work_free(&w);
	proj_free(&q);
	return rc;
}
