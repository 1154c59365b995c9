/* plancheck --aggregate, in money: the aggregate plan's cost (families.csv,
 * workforce.csv and the lanes) beside the detailed plan's (finance.csv),
 * kind by kind, and what each makes valued on the same basis, the standard
 * costs of costs.csv. The aggregate plan makes families, so a family's
 * standard cost at a site is that of its items there, weighted by each
 * item's demand over the horizon (evenly where the family has none): the
 * same split the rough-cut check makes of a family's hours. */
#include "money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cost_row {
	const char *item, *site, *family;
	double total, weight;
} cost_row;

static int cmp_item_site(const void *a, const void *b)
{
	const cost_row *x = a, *y = b;
	int c = strcmp(x->item, y->item);
	return c ? c : strcmp(x->site, y->site);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(((const cost_row *)a)->item, ((const cost_row *)b)->item);
}

static const cost_row *find(const cost_row *v, size_t n, const char *item, const char *site)
{
	cost_row key = { item, site, NULL, 0, 0 };
	return bsearch(&key, v, n, sizeof(*v), cmp_item_site);
}

/* Each SKU's standard cost, its item's family and demand, by (item, site). */
static cost_row *sku_costs(const plan_model *m, const plan_result *r, size_t *n)
{
	size_t ns = plan_result_count(r, PLAN_RESULT_COSTS);
	size_t ni = plan_model_count(m, PLAN_TABLE_ITEMS), nd = plan_model_count(m, PLAN_TABLE_DEMAND);
	cost_row *v = calloc(ns + 1, sizeof(*v)), *items = calloc(ni + 1, sizeof(*items));
	if (!v || !items) {
		free(v);
		free(items);
		return NULL;
	}
	for (size_t i = 0; i < ni; i++) {
		plan_item_def d = PLAN_ITEM_DEF_INIT;
		plan_model_get_item(&d, m, i);
		items[i] = (cost_row){ d.item, "", d.family ? d.family : "", 0, 0 };
	}
	qsort(items, ni, sizeof(*items), cmp_str);
	for (size_t i = 0; i < nd; i++) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		plan_model_get_demand(&d, m, i);
		cost_row key = { d.item, "", NULL, 0, 0 };
		cost_row *it = bsearch(&key, items, ni, sizeof(*items), cmp_str);
		if (it)
			it->weight += d.qty;
	}
	for (size_t i = 0; i < ns; i++) {
		plan_sku_cost c = PLAN_SKU_COST_INIT;
		plan_result_get_cost(&c, r, i);
		cost_row key = { c.item, "", NULL, 0, 0 };
		const cost_row *it = bsearch(&key, items, ni, sizeof(*items), cmp_str);
		v[i] = (cost_row){ c.item, c.site, it ? it->family : "", c.total, it ? it->weight : 0 };
	}
	free(items);
	qsort(v, ns, sizeof(*v), cmp_item_site);
	*n = ns;
	return v;
}

/* A family's standard cost at a site (-1: none of its items is there). */
static double family_cost(const cost_row *v, size_t n, const char *family, const char *site)
{
	double sum = 0, w = 0, plain = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].site, site) && !strcmp(v[i].family, family)) {
			sum += v[i].weight * v[i].total;
			w += v[i].weight;
			plain += v[i].total;
			k++;
		}
	return !k ? -1 : w > 0 ? sum / w : plain / (double)k;
}

int money_in(const plan_model *m)
{
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	if (plan_model_get_scenario(&sc, m) == 0 &&
	    (sc.format >= 1 || sc.sourcing == PLAN_SOURCING_COST))
		return 1;
	for (size_t i = 0; i < plan_model_count(m, PLAN_TABLE_RESOURCES); i++) {
		plan_resource_def d = PLAN_RESOURCE_DEF_INIT;
		if (plan_model_get_resource(&d, m, i) == 0 && d.cost_per_hour > 0)
			return 1;
	}
	for (size_t i = 0; i < plan_model_count(m, PLAN_TABLE_ITEMS); i++) {
		plan_item_def d = PLAN_ITEM_DEF_INIT;
		if (plan_model_get_item(&d, m, i) == 0 && d.price > 0)
			return 1;
	}
	return 0;
}

int money_side_by_side(const plan_model *m, const plan_aggregate *a, const plan_result *r)
{
	if (!plan_result_count(r, PLAN_RESULT_FINANCE))
		return 0;
	size_t n = 0;
	cost_row *v = sku_costs(m, r, &n);
	if (!v)
		return PLAN_ENOMEM;
	plan_horizon h = PLAN_HORIZON_INIT;
	if (plan_model_get_horizon(&h, m) < 0) {
		free(v);
		return PLAN_ESTATE;
	}
	/* what each plan makes, at standard cost */
	double agg_made = 0, det_made = 0;
	int unvalued = 0;
	for (size_t i = 0; i < plan_aggregate_count(a); i++) {
		plan_aggregate_row row = PLAN_AGGREGATE_ROW_INIT;
		plan_aggregate_get_row(&row, a, i);
		if (!row.family || row.made <= 0)
			continue;
		double c = family_cost(v, n, row.family, row.site);
		if (c < 0)
			unvalued = 1;
		else
			agg_made += row.made * c;
	}
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, i);
		if (o.kind != PLAN_ORDER_MAKE || o.due < h.start || o.due > h.end ||
		    (o.origin != PLAN_ORIGIN_PLANNED && o.origin != PLAN_ORIGIN_FIRM))
			continue;
		const cost_row *c = find(v, n, o.item, o.site);
		if (c && c->family[0])
			det_made += o.qty * c->total;
	}
	free(v);
	plan_aggregate_summary as = PLAN_AGGREGATE_SUMMARY_INIT;
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_aggregate_get_summary(&as, a);
	plan_result_get_summary(&s, r);
	char from[11], to[11];
	plan_date_format(from, h.start);
	plan_date_format(to, h.end);
	printf("in money, %s .. %s (aggregate: families.csv, workforce.csv, lanes; detailed: "
	       "finance.csv):\n", from, to);
	printf("  %-34s %14s %14s\n", "", "aggregate", "detailed");
	printf("  %-34s %14.2f %14.2f\n", "material (made | bought)", as.material, s.purchases);
	printf("  %-34s %14.2f %14.2f\n", "labour (workforce | hours x rate)",
	       as.wages + as.overtime + as.hiring + as.layoffs, s.production);
	printf("  %-34s %14.2f %14s\n", "subcontracting", as.subcontracting, "-");
	printf("  %-34s %14.2f %14.2f\n", "transport", as.transport, s.transport);
	printf("  %-34s %14.2f %14.2f\n", "holding", as.holding, s.holding);
	printf("  %-34s %14.2f %14s\n", "backlog", as.backlog, "-");
	printf("  %-34s %14.2f %14.2f\n", "cost", as.cost,
	       s.purchases + s.production + s.transport + s.holding);
	printf("  %-34s %14.2f %14.2f%s\n", "made, at standard cost (costs.csv)", agg_made, det_made,
	       unvalued ? "  (some families have no costed item at their site)" : "");
	printf("  %-34s %14s %14.2f\n", "revenue", "-", s.revenue);
	return 0;
}
