/* Projects (format.md, "Projects", 1.1): the activities of each project in
 * an order that puts predecessors first, each activity's predecessors and
 * resources, with the checks that join the rows of projects.csv,
 * activities.csv and activity_resources.csv. */
#include "model/calendar.h"
#include "model/model_impl.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#define E PLAN_SEVERITY_ERROR
#define W PLAN_SEVERITY_WARNING

static uint64_t act_key(int32_t project, int32_t activity)
{
	return ((uint64_t)(uint32_t)project << 32) | (uint32_t)activity;
}

/* The predecessors of activity row a, as activity rows, appended to
 * out (which has room); the count. Unknown codes and the activity itself
 * are reported. */
static int32_t parse_preds(plan_model *m, const plan_map64 *by_key, size_t a, int32_t *out)
{
	const plan_activity_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a);
	int32_t prj = TAB_ID(m, PLAN_TABLE_ACTIVITIES, a, 0);
	const char *s = d->predecessors;
	int32_t n = 0;
	while (s && *s) {
		while (*s == ' ' || *s == '\t')
			s++;
		size_t len = strcspn(s, " \t");
		if (!len)
			break;
		char code[65];
		int32_t id = -1, row = -1;
		if (len < sizeof(code)) {
			memcpy(code, s, len);
			code[len] = '\0';
			id = plan_model__code_id(m, NS_ACTIVITY, code);
			if (id >= 0 && prj >= 0)
				row = plan_map64__get(by_key, act_key(prj, id));
		}
		if (row < 0)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITIES, a, ACT_PREDECESSORS,
					 "\"%.*s\" is no activity of project %s", (int)(len > 64 ? 64 : len),
					 s, d->project);
		else if ((size_t)row == a)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITIES, a, ACT_PREDECESSORS,
					 "activity %s cannot precede itself", d->activity);
		else {
			int dup = 0;
			for (int32_t k = 0; k < n; k++)
				dup |= out[k] == row;
			if (!dup)
				out[n++] = row;
		}
		s += len;
	}
	return n;
}

/* Each project's activities, predecessors first (Kahn's algorithm, file
 * order among the ready ones); an activity on a cycle is reported. */
static int order_activities(plan_model *m, size_t nprj, size_t nact)
{
	int32_t *indeg = calloc(nact + 1, sizeof(*indeg));
	int32_t *succ_off = calloc(nact + 2, sizeof(*succ_off));
	int32_t *succ = malloc(((size_t)m->pred_off[nact] + 1) * sizeof(*succ));
	int32_t *queue = malloc((nact + 1) * sizeof(*queue));
	int32_t *fill = calloc(nact + nprj + 1, sizeof(*fill));
	int rc = !indeg || !succ_off || !succ || !queue || !fill ? -1 : 0;
	if (rc)
		goto out;
	/* successors, CSR: counted into succ_off[a + 2], then summed, then
	 * placed through succ_off[a + 1] (which ends as a's end) */
	for (size_t a = 0; a < nact; a++)
		for (int32_t k = m->pred_off[a]; k < m->pred_off[a + 1]; k++)
			succ_off[m->pred[k] + 2]++;
	for (size_t a = 2; a <= nact + 1; a++)
		succ_off[a] += succ_off[a - 1];
	for (size_t a = 0; a < nact; a++) {
		indeg[a] = m->pred_off[a + 1] - m->pred_off[a];
		for (int32_t k = m->pred_off[a]; k < m->pred_off[a + 1]; k++)
			succ[succ_off[m->pred[k] + 1]++] = (int32_t)a;
	}
	size_t head = 0, tail = 0;
	for (size_t a = 0; a < nact; a++)
		if (!indeg[a] && m->act_prj[a] >= 0)
			queue[tail++] = (int32_t)a;
	while (head < tail) {
		int32_t a = queue[head++];
		int32_t p = m->act_prj[a];
		m->prj_act[m->prj_off[p] + fill[p]++] = a;
		for (int32_t k = succ_off[a]; k < succ_off[a + 1]; k++)
			if (--indeg[succ[k]] == 0 && m->act_prj[succ[k]] >= 0)
				queue[tail++] = succ[k];
	}
	for (size_t a = 0; a < nact; a++)
		if (indeg[a] > 0 && m->act_prj[a] >= 0)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITIES, a, ACT_PREDECESSORS,
					 "activity %s is on a cycle of predecessors",
					 ((const plan_activity_def *)TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a))->activity);
out:
	free(indeg);
	free(succ_off);
	free(succ);
	free(queue);
	free(fill);
	return rc;
}

/* Activity resources: the activity and resource named, the resource at
 * the project's site and able to give the hours on a day. */
static void check_resources(plan_model *m, const plan_map64 *by_key, int32_t *ar_act)
{
	size_t nar = m->tab[PLAN_TABLE_ACTIVITY_RESOURCES].n;
	for (size_t r = 0; r < nar; r++) {
		const plan_activity_resource_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITY_RESOURCES, r);
		int32_t prj = TAB_ID(m, PLAN_TABLE_ACTIVITY_RESOURCES, r, 0);
		int32_t act = TAB_ID(m, PLAN_TABLE_ACTIVITY_RESOURCES, r, 1);
		int32_t res = TAB_ID(m, PLAN_TABLE_ACTIVITY_RESOURCES, r, 2);
		int32_t a = prj >= 0 && act >= 0 ? plan_map64__get(by_key, act_key(prj, act)) : -1;
		long rr = res >= 0 ? plan_model__row_by_code(m, PLAN_TABLE_RESOURCES, res) : -1;
		ar_act[r] = a;
		m->ar_res[r] = (int32_t)rr;
		if (a < 0 && prj >= 0 && act >= 0)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_RESOURCES, r, AR_ACTIVITY,
					 "project %s has no activity %s", d->project, d->activity);
		if (rr < 0) {
			if (res >= 0)
				plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_RESOURCES, r, AR_RESOURCE,
						 "unknown resource \"%s\"", d->resource);
			continue;
		}
		const plan_resource_def *rd = TAB_ROW(m, PLAN_TABLE_RESOURCES, rr);
		long p = prj >= 0 ? plan_model__row_by_code(m, PLAN_TABLE_PROJECTS, prj) : -1;
		if (p >= 0 && TAB_ID(m, PLAN_TABLE_RESOURCES, rr, 1) != TAB_ID(m, PLAN_TABLE_PROJECTS, p, 1))
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_RESOURCES, r, AR_RESOURCE,
					 "resource %s is at site %s, project %s at %s", d->resource,
					 rd->site, d->project,
					 ((const plan_project_def *)TAB_ROW(m, PLAN_TABLE_PROJECTS, p))->site);
		else if (d->hours_per_day > plan_res__hours(rd) * (1 + 1e-12))
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_RESOURCES, r, AR_HOURS,
					 "%.10g h a day of %s, which offers at most %.10g h a day",
					 d->hours_per_day, d->resource, plan_res__hours(rd));
	}
}

/* Activity materials: the activity named, a SKU of the item at the site. */
static void check_materials(plan_model *m, const plan_map64 *by_key)
{
	for (size_t r = 0; r < m->tab[PLAN_TABLE_ACTIVITY_MATERIALS].n; r++) {
		const plan_activity_material_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITY_MATERIALS, r);
		int32_t prj = TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 0);
		int32_t act = TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 1);
		int32_t item = TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 2);
		int32_t site = TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 3);
		if (prj >= 0 && act >= 0 && plan_map64__get(by_key, act_key(prj, act)) < 0)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_MATERIALS, r, AM_ACTIVITY,
					 "project %s has no activity %s", d->project, d->activity);
		long s = item >= 0 && site >= 0 ? plan_model__sku(m, item, site) : -1;
		if (s < 0 && item >= 0 && site >= 0)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_MATERIALS, r, AM_ITEM,
					 "%s has no SKU at site %s", d->item, d->site);
		else if (s >= 0 && plan__sku(m, s)->phantom)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_MATERIALS, r, AM_ITEM,
					 "%s@%s is a phantom: it cannot be demanded", d->item, d->site);
	}
}

int plan_model__projects(plan_model *m)
{
	plan_model__drop_projects(m);
	size_t nprj = m->tab[PLAN_TABLE_PROJECTS].n, nact = m->tab[PLAN_TABLE_ACTIVITIES].n;
	size_t nar = m->tab[PLAN_TABLE_ACTIVITY_RESOURCES].n;
	if (!nprj && !nact && !nar && !m->tab[PLAN_TABLE_ACTIVITY_MATERIALS].n)
		return 0;
	plan_map64 by_key = { 0 };
	size_t npred_cap = 0;
	for (size_t a = 0; a < nact; a++) {
		const plan_activity_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a);
		npred_cap += d->predecessors ? strlen(d->predecessors) / 2 + 1 : 0;
	}
	m->prj_off = calloc(nprj + 1, sizeof(*m->prj_off));
	m->prj_act = malloc((nact + 1) * sizeof(*m->prj_act));
	m->act_prj = malloc((nact + 1) * sizeof(*m->act_prj));
	m->pred_off = calloc(nact + 1, sizeof(*m->pred_off));
	m->pred = malloc((npred_cap + 1) * sizeof(*m->pred));
	m->ar_off = calloc(nact + 1, sizeof(*m->ar_off));
	m->ar_row = malloc((nar + 1) * sizeof(*m->ar_row));
	m->ar_res = malloc((nar + 1) * sizeof(*m->ar_res));
	int32_t *ar_act = malloc((nar + 1) * sizeof(*ar_act));
	int rc = 0;
	if (!m->prj_off || !m->prj_act || !m->act_prj || !m->pred_off || !m->pred || !m->ar_off ||
	    !m->ar_row || !m->ar_res || !ar_act)
		rc = -1;
	for (size_t a = 0; !rc && a < nact; a++) {
		int32_t prj = TAB_ID(m, PLAN_TABLE_ACTIVITIES, a, 0);
		int32_t act = TAB_ID(m, PLAN_TABLE_ACTIVITIES, a, 1);
		long p = prj >= 0 ? plan_model__row_by_code(m, PLAN_TABLE_PROJECTS, prj) : -1;
		m->act_prj[a] = (int32_t)p;
		if (p < 0 && prj >= 0)
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITIES, a, ACT_PROJECT, "unknown project \"%s\"",
					 m->ns[NS_PROJECT].str[prj]);
		if (p >= 0)
			m->prj_off[p + 1]++;
		if (prj >= 0 && act >= 0 && plan_map64__put(&by_key, act_key(prj, act), (int32_t)a) == -2)
			rc = -1;
	}
	for (size_t p = 0; !rc && p < nprj; p++) {
		m->prj_off[p + 1] += m->prj_off[p];
		if (m->prj_off[p + 1] == m->prj_off[p])
			plan_model__diag(m, W, PLAN_TABLE_PROJECTS, p, PRJ_PROJECT,
					 "project %s has no activities",
					 ((const plan_project_def *)TAB_ROW(m, PLAN_TABLE_PROJECTS, p))->project);
	}
	for (size_t a = 0; !rc && a < nact; a++)
		m->pred_off[a + 1] = m->pred_off[a] + parse_preds(m, &by_key, a, m->pred + m->pred_off[a]);
	if (!rc) {
		check_resources(m, &by_key, ar_act);
		for (size_t r = 0; r < nar; r++)
			if (ar_act[r] >= 0)
				m->ar_off[ar_act[r] + 1]++;
		for (size_t a = 0; a < nact; a++)
			m->ar_off[a + 1] += m->ar_off[a];
		int32_t *fill = calloc(nact + 1, sizeof(*fill));
		if (!fill)
			rc = -1;
		for (size_t r = 0; !rc && r < nar; r++)
			if (ar_act[r] >= 0)
				m->ar_row[m->ar_off[ar_act[r]] + fill[ar_act[r]]++] = (int32_t)r;
		free(fill);
	}
	if (!rc)
		rc = order_activities(m, nprj, nact);
	if (!rc)
		check_materials(m, &by_key);
	free(ar_act);
	plan_map64__free(&by_key);
	return rc;
}

/* The critical path back from each project's due (format.md "Projects"):
 * successors first; an activity's latest finish point is the earlier of
 * the day after the due and its successors' latest starts (a milestone's:
 * the due and their latest starts, itself on the last working day by it). */
static void critical_path(plan_model *m, const plan_calendars *cals)
{
	for (size_t p = 0; p < m->tab[PLAN_TABLE_PROJECTS].n; p++) {
		const plan_project_def *pd = TAB_ROW(m, PLAN_TABLE_PROJECTS, p);
		const plan_cal *cal = plan_cal__of_site(cals, TAB_ID(m, PLAN_TABLE_PROJECTS, p, 1));
		int32_t i0 = m->prj_off[p], i1 = m->prj_off[p + 1];
		for (int32_t i = i1; i-- > i0;) {
			int32_t a = m->prj_act[i];
			const plan_activity_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITIES, a);
			/* a's successors name it and come after it in prj_act */
			plan_date lf = pd->due + (d->duration > 0 ? 1 : 0);
			for (int32_t j = i + 1; j < i1; j++) {
				int32_t b = m->prj_act[j];
				for (int32_t k = m->pred_off[b]; k < m->pred_off[b + 1]; k++)
					if (m->pred[k] == a && m->act_ls[b] < lf)
						lf = m->act_ls[b];
			}
			if (d->duration > 0) {
				m->act_ls[a] = plan_cal__back(cal, lf, d->duration);
				m->act_le[a] = plan_cal__back(cal, lf, 1);
			} else {
				m->act_ls[a] = m->act_le[a] = plan_cal__back(cal, lf + 1, 1);
			}
		}
	}
}

/* Each material row a demand row of the plan, after the rows given: id
 * "project/activity/item@site", due the activity's latest start, the
 * project's priority. */
static int derive_demand(plan_model *m)
{
	size_t nmat = m->tab[PLAN_TABLE_ACTIVITY_MATERIALS].n, nact = m->tab[PLAN_TABLE_ACTIVITIES].n;
	plan_tab *tab = &m->tab[PLAN_TABLE_DEMAND];
	size_t n0 = tab->n;
	m->mat_off = calloc(nact + 2, sizeof(*m->mat_off));
	m->mat_dem = malloc((nmat + 1) * sizeof(*m->mat_dem));
	m->dem_act = malloc((nmat + 1) * sizeof(*m->dem_act));
	if (!m->mat_off || !m->mat_dem || !m->dem_act || plan_model__reserve(m, PLAN_TABLE_DEMAND, nmat))
		return -1;
	plan_map64 by_key = { 0 };
	for (size_t a = 0; a < nact; a++)
		if (plan_map64__put(&by_key, act_key(TAB_ID(m, PLAN_TABLE_ACTIVITIES, a, 0),
						      TAB_ID(m, PLAN_TABLE_ACTIVITIES, a, 1)), (int32_t)a) == -2) {
			plan_map64__free(&by_key);
			return -1;
		}
	int rc = 0;
	for (size_t r = 0; r < nmat && !rc; r++) {
		const plan_activity_material_def *d = TAB_ROW(m, PLAN_TABLE_ACTIVITY_MATERIALS, r);
		int32_t a = plan_map64__get(&by_key, act_key(TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 0),
							      TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 1)));
		char id[300];
		int len = snprintf(id, sizeof(id), "%s/%s/%s@%s", d->project, d->activity, d->item, d->site);
		if (len >= (int)sizeof(id))
			len = (int)sizeof(id) - 1;
		if (plan_model__row_by_name(m, NS_DEMAND, PLAN_TABLE_DEMAND, id) >= 0) {
			plan_model__diag(m, E, PLAN_TABLE_ACTIVITY_MATERIALS, r, AM_ITEM,
					 "its demand id %s is a demand of demand.csv already", id);
			continue;
		}
		int32_t did = plan_strtab__id(&m->ns[NS_DEMAND], &m->arena, id, (size_t)len, 1);
		if (did < 0) {
			rc = -1;
			break;
		}
		const plan_project_def *pd = TAB_ROW(m, PLAN_TABLE_PROJECTS, m->act_prj[a]);
		plan_demand_def dem = PLAN_DEMAND_DEF_INIT;
		dem.id = m->ns[NS_DEMAND].str[did];
		dem.item = d->item;
		dem.site = d->site;
		dem.due = m->act_ls[a];
		dem.qty = d->qty;
		dem.priority = pd->priority;
		size_t row = tab->n;
		memcpy(tab->rows + row * sizeof(dem), &dem, sizeof(dem));
		int32_t *ids = &TAB_ID(m, PLAN_TABLE_DEMAND, row, 0);
		ids[0] = did;
		ids[1] = TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 2);
		ids[2] = TAB_ID(m, PLAN_TABLE_ACTIVITY_MATERIALS, r, 3);
		tab->line[row] = 0;
		tab->n++;
		m->dem_act[row - n0] = a;
		m->mat_off[a + 2]++;
	}
	plan_map64__free(&by_key);
	m->ndem_derived = tab->n - n0;
	for (size_t a = 2; a <= nact + 1; a++)
		m->mat_off[a] += m->mat_off[a - 1];
	for (size_t k = 0; k < m->ndem_derived; k++)
		m->mat_dem[m->mat_off[m->dem_act[k] + 1]++] = (int32_t)(n0 + k);
	return rc;
}

int plan_model__project_demand(plan_model *m)
{
	if (!m->prj_off)
		return 0;
	size_t nact = m->tab[PLAN_TABLE_ACTIVITIES].n;
	m->act_ls = malloc((nact + 1) * sizeof(*m->act_ls));
	m->act_le = malloc((nact + 1) * sizeof(*m->act_le));
	plan_calendars cals;
	if (!m->act_ls || !m->act_le ||
	    plan_cal__build(&cals, m, m->horizon.start, m->horizon.end))
		return -1;
	critical_path(m, &cals);
	plan_cal__free(&cals);
	return derive_demand(m);
}

int plan_model__project_uses(const plan_model *m, int32_t res)
{
	if (!m->ar_res)
		return 0;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_ACTIVITY_RESOURCES].n; r++)
		if (m->ar_res[r] == res)
			return 1;
	return 0;
}
