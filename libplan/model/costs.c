/* Standard costs (format 1.1): a cost a unit for every SKU, rolled up from
 * the bottom of the graph of BOM lines and lanes (format.md, "Standard
 * costs"):
 *
 * - buy: material = its unit_cost; labour 0;
 * - make: material = the sum over its primary BOM lines effective on the
 *   plan's start of qty_per / (yield x (1 - scrap)) x the component's
 *   material, labour the same of the components' labour plus, for each
 *   step of its primary routing, (run_hours + setup_hours / its standard
 *   lot) x its resource's cost_per_hour (the standard lot: lot_qty, else
 *   lot_min if above 0, else lot_multiple; without one, setups are not in
 *   the unit cost);
 * - transfer: its first lane's (by priority, then row; with sourcing =
 *   cost, 1.1, then by landed cost: the lanes are put in that order here)
 *   source's material plus the lane's cost, and its labour;
 * - (1.1) a recipe's outputs: their cost_share of a run (above), the
 *   recipe's item what is left.
 *
 * Low-level codes order the SKUs so that each is costed after everything it
 * draws on (the highest code first). */
#include "model/model_impl.h"

#include <stdlib.h>

int plan_model__money(const plan_model *m)
{
	if (m->scenario.format >= 1 || m->scenario.sourcing == PLAN_SOURCING_COST)
		return 1;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_RESOURCES].n; r++)
		if (((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, r))->cost_per_hour > 0)
			return 1;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_ITEMS].n; r++)
		if (((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, r))->price > 0)
			return 1;
	return 0;
}

static const plan_sku_def *sku(const plan_model *m, int32_t s)
{
	return TAB_ROW(m, PLAN_TABLE_SKUS, s);
}

/* Labour of one unit of make SKU s by its own primary routing. */
static double own_labour(const plan_model *m, int32_t s)
{
	const plan_sku_def *d = sku(m, s);
	double lot = d->lot_qty != PLAN_NONE ? d->lot_qty
		     : d->lot_min > 0	    ? d->lot_min
		     : plan_sku__multiple(d) != PLAN_NONE ? plan_sku__multiple(d)
							   : 0;
	int32_t first, end;
	const int32_t *rows = plan_model__steps(m, s, -1, &first, &end);
	double cost = 0;
	for (int32_t k = first; k < end; k++) {
		const plan_routing_def *rt = TAB_ROW(m, PLAN_TABLE_ROUTINGS, rows[k]);
		int32_t res = TAB_ID(m, PLAN_TABLE_ROUTINGS, rows[k],
				     MODEL_REF(m, PLAN_TABLE_ROUTINGS, RT_RESOURCE));
		long rr = res >= 0 ? plan_model__row_by_code(m, PLAN_TABLE_RESOURCES, res) : -1;
		if (rr < 0)
			continue;
		double per_hour =
			((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, rr))->cost_per_hour;
		double hours = plan_rt__run(rt) + (lot > 0 ? rt->setup_hours / lot : 0);
		cost += hours * per_hour;
	}
	return cost;
}

double plan_model__landed(const plan_model *m, int32_t lane)
{
	long from = plan_model__lane_source(m, lane);
	const double *c = from >= 0 && m->sku_cost ? &m->sku_cost[2 * (size_t)from] : NULL;
	return ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, lane))->cost +
	       (c ? c[0] + c[1] : 0);
}

/* sourcing = cost (1.1): the lanes of transfer SKU s of equal priority
 * without shares in order of landed cost, then row (its sources are costed:
 * they are at lower levels). Lanes with shares keep their row order. */
static void by_landed_cost(plan_model *m, int32_t s)
{
	int32_t *row = m->lane_row;
	for (int32_t i = m->lane_off[s]; i < m->lane_off[s + 1];) {
		const plan_lane_def *gi = TAB_ROW(m, PLAN_TABLE_SOURCING, row[i]);
		int32_t j = i + 1;
		while (j < m->lane_off[s + 1] &&
		       ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, row[j]))->priority ==
			       gi->priority)
			j++;
		if (gi->share == PLAN_NONE)
			for (int32_t k = i + 1; k < j; k++) { /* by insertion: stable, and few */
				int32_t x = row[k];
				double cx = plan_model__landed(m, x);
				int32_t h = k;
				while (h > i && (plan_model__landed(m, row[h - 1]) > cx ||
						 (plan_model__landed(m, row[h - 1]) == cx && row[h - 1] > x))) {
					row[h] = row[h - 1];
					h--;
				}
				row[h] = x;
			}
		i = j;
	}
}

static void cost_of(plan_model *m, int32_t s, plan_date start)
{
	const plan_sku_def *d = sku(m, s);
	double *c = &m->sku_cost[2 * (size_t)s];
	c[0] = c[1] = 0;
	if (d->type == PLAN_SKU_BUY) {
		c[0] = d->unit_cost;
		return;
	}
	if (d->type == PLAN_SKU_TRANSFER) {
		if (m->scenario.sourcing == PLAN_SOURCING_COST)
			by_landed_cost(m, s);
		/* the first lane tried */
		if (m->lane_off[s] < m->lane_off[s + 1]) {
			int32_t lane = m->lane_row[m->lane_off[s]];
			long from = plan_model__lane_source(m, lane);
			if (from >= 0) {
				c[0] = m->sku_cost[2 * (size_t)from] +
				       ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, lane))->cost;
				c[1] = m->sku_cost[2 * (size_t)from + 1];
			}
		}
		return;
	}
	double per = 1.0 / (d->yield > 0 ? d->yield : 1.0);
	for (int32_t x = m->edge_off[s]; x < m->edge_off[s + 1]; x++) {
		int32_t row = m->edge_row[x];
		if (row < 0 || !plan_model__bom_row_of(m, row, -1))
			continue;
		const plan_bom_def *b = TAB_ROW(m, PLAN_TABLE_BOM, row);
		if ((b->valid_from != PLAN_DATE_NONE && start < b->valid_from) ||
		    (b->valid_until != PLAN_DATE_NONE && start >= b->valid_until))
			continue;
		double q = b->qty_per * per / (1.0 - b->scrap);
		const double *cc = &m->sku_cost[2 * (size_t)m->edge_to[x]];
		c[0] += q * cc[0];
		c[1] += q * cc[1];
	}
	c[1] += own_labour(m, s);
	/* (1.1) a recipe's run is split among its products by cost_share:
	 * each output whose share it is (its co-product row, or any row with
	 * a share where none runs for it) costs its share of a run's unit per
	 * qty_per; the item keeps the rest */
	int32_t k0, k1;
	const int32_t *rows = plan_model__outputs_of(m, s, &k0, &k1);
	double kept = 1;
	for (int32_t k = k0; k < k1; k++) {
		const plan_output_def *o = TAB_ROW(m, PLAN_TABLE_OUTPUTS, rows[k]);
		int32_t b = m->out_sku[rows[k]];
		double share = m->out_share[rows[k]];
		kept -= share;
		if (m->co_row[b] == rows[k] || (m->co_row[b] < 0 && share > 0)) {
			double *cb = &m->sku_cost[2 * (size_t)b];
			cb[0] = c[0] * share / o->qty_per;
			cb[1] = c[1] * share / o->qty_per;
		}
	}
	if (k1 > k0) {
		kept = kept > 0 ? kept : 0;
		c[0] *= kept;
		c[1] *= kept;
	}
}

int plan_model__costs(plan_model *m)
{
	free(m->sku_cost);
	m->sku_cost = NULL;
	size_t n = m->tab[PLAN_TABLE_SKUS].n;
	if (!n || !m->sku_llc || !m->edge_off || !plan_model__money(m))
		return 0;
	int32_t top = 0;
	for (size_t s = 0; s < n; s++)
		top = m->sku_llc[s] > top ? m->sku_llc[s] : top;
	size_t nlevels = (size_t)top + 1;
	int32_t *by = malloc(n * sizeof(*by));
	size_t *off = calloc(nlevels + 1, sizeof(*off));
	m->sku_cost = calloc(2 * n, sizeof(*m->sku_cost));
	if (!by || !off || !m->sku_cost) {
		free(by);
		free(off);
		free(m->sku_cost);
		m->sku_cost = NULL;
		return -1;
	}
	plan_levels__order(m, nlevels, by, off);
	plan_date start = m->scenario.start;
	for (size_t l = nlevels; l-- > 0;)
		for (size_t k = off[l]; k < off[l + 1]; k++)
			cost_of(m, by[k], start);
	free(by);
	free(off);
	return 0;
}
