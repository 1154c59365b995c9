/* Adding rows: each checked on its own (check.c), its key against the
 * table's (keys.c), then kept with its ids and its source line. The add
 * calls of plan/model.h, the loaders and the store all come through here. */
#include "model/model_impl.h"

#include <stdlib.h>
#include <string.h>

int plan_model__add(plan_model *m, int t, const void *def, uint32_t skip)
{
	return plan_model__add_ids(m, t, def, skip, NULL);
}

/* A project's materials (1.1): the demand rows validation derived, taken
 * off before rows are added or the model is validated again. */
void plan_model__strip_derived(plan_model *m)
{
	if (!m->ndem_derived)
		return;
	m->tab[PLAN_TABLE_DEMAND].n -= m->ndem_derived;
	m->ndem_derived = 0;
	free(m->mat_off);
	free(m->mat_dem);
	free(m->dem_act);
	m->mat_off = m->mat_dem = m->dem_act = NULL;
	m->valid = 0;
}

int plan_model__reserve(plan_model *m, int t, size_t n)
{
	const plan_schema *s = &plan_schema__tables[t];
	plan_tab *tab = &m->tab[t];
	size_t want = tab->n + n, cap = tab->cap;
	if (plan_big__reserve((void **)&tab->rows, &cap, s->def_size, want) < 0 ||
	    plan_big__reserve((void **)&tab->line, &tab->line_cap, sizeof(uint32_t), want) < 0 ||
	    (s->nref && plan_big__reserve((void **)&tab->ids, &tab->ids_cap, sizeof(int32_t),
					  want * (size_t)s->nref) < 0))
		return PLAN_ENOMEM;
	tab->cap = cap;
	if (s->key[0] < 0 || tab->n || want * 2 <= tab->nkslot)
		return 0;
	return plan_model__kslot_fresh(tab, want) < 0 ? PLAN_ENOMEM : 0;
}

int plan_model__add_ids(plan_model *m, int t, const void *def, uint32_t skip,
			const int32_t *given)
{
	const plan_schema *s = &plan_schema__tables[t];
	plan_tab *tab = &m->tab[t];
	unsigned version;
	memcpy(&version, def, sizeof(version));
	size_t size = plan_model__def_size(t, version);
	if (!size)
		return plan_model__error(m, PLAN_EINVAL, "%s: unknown def version %u",
					 s->name, version);
	int32_t ids[8];
	if (t == PLAN_TABLE_DEMAND)
		plan_model__strip_derived(m);
	/* the row is checked in the slot it will take; it takes it only at the end */
	size_t cap = tab->cap;
	if (plan_big__reserve((void **)&tab->rows, &cap, s->def_size, tab->n + 1) < 0 ||
	    plan_big__reserve((void **)&tab->line, &tab->line_cap, sizeof(uint32_t), tab->n + 1) < 0 ||
	    (s->nref && plan_big__reserve((void **)&tab->ids, &tab->ids_cap, sizeof(int32_t),
					  (tab->n + 1) * (size_t)s->nref) < 0))
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	tab->cap = cap;
	char *row = tab->rows + tab->n * s->def_size;
	if (size < s->def_size) {
		/* an earlier version: the fields it lacks take their defaults */
		memcpy(row, plan_model__default(t), s->def_size);
		memcpy(row + sizeof(version), (const char *)def + sizeof(version),
		       size - sizeof(version));
	} else {
		memcpy(row, def, s->def_size);
	}
	m->valid = 0;

	int errors = plan_model__check_columns(m, t, row, ids, skip, given);
	if (m->oom)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (errors < 0) {
		return PLAN_EINVAL;
	}
	errors += plan_model__check_row(m, t, row, ids);
	int keyed = s->key[0] >= 0 && !m->defer_keys;
	if (keyed) {
		long first = plan_model__key_find(m, t, row, ids);
		if (first >= 0) {
			plan_model__report_duplicate(m, t, tab->n, row, first);
			return PLAN_EINVAL;
		}
	}
	memcpy(tab->ids + tab->n * (size_t)s->nref, ids, (size_t)s->nref * sizeof(int32_t));
	tab->line[tab->n] = m->cur_line;
	tab->n++;
	if (keyed && plan_model__key_insert(m, t, tab->n - 1) < 0)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (errors || skip) {
		return PLAN_EINVAL;
	}
	return 0;
}

int plan_model__set_scenario(plan_model *m, const plan_scenario_def *def, uint32_t skip)
{
	size_t size = plan_model__def_size(PLAN_TABLE_SCENARIO, def->version);
	if (!size)
		return plan_model__error(m, PLAN_EINVAL, "scenario: unknown def version %u",
					 def->version);
	plan_scenario_def d = PLAN_SCENARIO_DEF_INIT;
	memcpy((char *)&d + sizeof(d.version), (const char *)def + sizeof(d.version),
	       size - sizeof(d.version));
	int32_t ids[1];
	m->valid = 0;
	m->tab[PLAN_TABLE_SCENARIO].n = 0;
	int errors = plan_model__check_columns(m, PLAN_TABLE_SCENARIO, &d, ids, skip, NULL);
	if (m->oom)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (errors >= 0 && d.start != PLAN_DATE_NONE && d.end != PLAN_DATE_NONE &&
	    d.end < d.start) {
		char a[11], b[11];
		plan_date_format(a, d.end);
		plan_date_format(b, d.start);
		plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_SCENARIO, 0, SCN_END,
				 "%s is before start %s", a, b);
		d.end = PLAN_DATE_NONE;
		errors++;
	}
	if (errors < 0) {
		return PLAN_EINVAL;
	}
	m->scenario = d;
	m->has_scenario = 1;
	m->tab[PLAN_TABLE_SCENARIO].n = 1;
	if (errors || skip) {
		return PLAN_EINVAL;
	}
	return 0;
}

#define ADD(fn, type, table)                                            \
	PLAN_EXPORT int fn(plan_model *model, const type *def)          \
	{                                                               \
		if (!model || !def)                                     \
			return PLAN_EINVAL;                             \
		model->cur_line = 0;                                    \
		return plan_model__add(model, table, def, 0);           \
	}

ADD(plan_model_add_calendar, plan_calendar_def, PLAN_TABLE_CALENDARS)
ADD(plan_model_add_calendar_day, plan_calendar_day_def, PLAN_TABLE_CALENDAR_DAYS)
ADD(plan_model_add_site, plan_site_def, PLAN_TABLE_SITES)
ADD(plan_model_add_item, plan_item_def, PLAN_TABLE_ITEMS)
ADD(plan_model_add_sku, plan_sku_def, PLAN_TABLE_SKUS)
ADD(plan_model_add_bom_line, plan_bom_def, PLAN_TABLE_BOM)
ADD(plan_model_add_resource, plan_resource_def, PLAN_TABLE_RESOURCES)
ADD(plan_model_add_routing_step, plan_routing_def, PLAN_TABLE_ROUTINGS)
ADD(plan_model_add_maintenance, plan_maintenance_def, PLAN_TABLE_MAINTENANCE)
ADD(plan_model_add_lane, plan_lane_def, PLAN_TABLE_SOURCING)
ADD(plan_model_add_demand, plan_demand_def, PLAN_TABLE_DEMAND)
ADD(plan_model_add_receipt, plan_receipt_def, PLAN_TABLE_RECEIPTS)
ADD(plan_model_add_workforce, plan_workforce_def, PLAN_TABLE_WORKFORCE)
ADD(plan_model_add_family, plan_family_def, PLAN_TABLE_FAMILIES)
ADD(plan_model_add_operation, plan_operation_def, PLAN_TABLE_OPERATIONS)
ADD(plan_model_add_supplier, plan_supplier_def, PLAN_TABLE_SUPPLIERS)
ADD(plan_model_add_project, plan_project_def, PLAN_TABLE_PROJECTS)
ADD(plan_model_add_activity, plan_activity_def, PLAN_TABLE_ACTIVITIES)
ADD(plan_model_add_activity_resource, plan_activity_resource_def, PLAN_TABLE_ACTIVITY_RESOURCES)
ADD(plan_model_add_activity_material, plan_activity_material_def, PLAN_TABLE_ACTIVITY_MATERIALS)
ADD(plan_model_add_output, plan_output_def, PLAN_TABLE_OUTPUTS)

PLAN_EXPORT int plan_model_set_scenario(plan_model *model, const plan_scenario_def *def)
{
	if (!model || !def)
		return PLAN_EINVAL;
	memset(model->scenario_line, 0, sizeof(model->scenario_line));
	return plan_model__set_scenario(model, def, 0);
}
