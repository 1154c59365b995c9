/* What-if edits of a loaded model (plan/model.h): demand scaled, a
 * resource's hours, a lane closed. Each leaves the model to be validated
 * again before it is planned. */
#include "model/model_impl.h"

#include <math.h>
#include <string.h>

PLAN_EXPORT int plan_model_scale_demand(plan_model *m, double factor)
{
	if (!m)
		return PLAN_EINVAL;
	if (!(factor >= 0) || !isfinite(factor))
		return plan_model__error(m, PLAN_EINVAL, "scale_demand: factor %g is not >= 0", factor);
	for (size_t i = 0; i < m->tab[PLAN_TABLE_DEMAND].n; i++) {
		plan_demand_def *d = (plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		/* in the item's units (1.1): the nearest whole number of them */
		d->qty = plan_qty__round(d->qty * factor,
					 plan_model__item_dec(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1)));
	}
	m->valid = 0;
	return 0;
}

PLAN_EXPORT int plan_model_set_resource_hours(plan_model *m, const char *resource, double hours)
{
	if (!m || !resource)
		return PLAN_EINVAL;
	if (!(hours >= 0) || !isfinite(hours))
		return plan_model__error(m, PLAN_EINVAL, "set_resource_hours: %g is not >= 0", hours);
	long row = plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES, resource);
	if (row < 0)
		return plan_model__error(m, PLAN_EINVAL, "set_resource_hours: no resource \"%s\"", resource);
	((plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, (size_t)row))->hours_per_day = hours;
	m->valid = 0;
	return 0;
}

PLAN_EXPORT int plan_model_close_lane(plan_model *m, const char *item, const char *site,
				      const char *source)
{
	if (!m || !item || !site || !source)
		return PLAN_EINVAL;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_SOURCING].n; i++) {
		plan_lane_def *l = (plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, i);
		if (!strcmp(l->item, item) && !strcmp(l->site, site) && !strcmp(l->source, source)) {
			l->max_per_bucket = 0;
			m->valid = 0;
			return 0;
		}
	}
	return plan_model__error(m, PLAN_EINVAL, "close_lane: no lane ships %s from %s to %s", item,
				 source, site);
}
