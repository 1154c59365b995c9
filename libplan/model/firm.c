/* Firm planned and released orders (format.md, "Firm planned and released
 * orders", 1.1): the checks that join receipts.csv to the lanes, SKUs and
 * operations.csv, and what the planners read of them: each firm
 * transfer's lane and each released order's operations. */
#include "model/model_impl.h"

#include <stdlib.h>

static const char *const status_names[] = { "scheduled", "firm", "released" };

static const plan_receipt_def *rec(const plan_model *m, size_t r)
{
	return TAB_ROW(m, PLAN_TABLE_RECEIPTS, r);
}

/* The lane of a firm transfer (receipt r to SKU sku), or -1. */
static int32_t lane_of(const plan_model *m, size_t r, long sku)
{
	int32_t src = TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 3);
	for (int32_t k = m->lane_off[sku]; src >= 0 && k < m->lane_off[sku + 1]; k++)
		if (TAB_ID(m, PLAN_TABLE_SOURCING, m->lane_row[k], 2) == src)
			return m->lane_row[k];
	return -1;
}

static void check_receipts(plan_model *m)
{
	for (size_t r = 0; r < m->tab[PLAN_TABLE_RECEIPTS].n; r++) {
		const plan_receipt_def *d = rec(m, r);
		if (d->status != PLAN_RECEIPT_FIRM)
			continue;
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 1),
					 TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 2));
		if (s < 0)
			continue; /* reported */
		const plan_sku_def *sd = plan__sku(m, (int32_t)s);
		if (d->kind == PLAN_RECEIPT_PRODUCTION && sd->type != PLAN_SKU_MAKE)
			plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_RECEIPTS, r, REC_KIND,
					 "a firm production order of %s@%s, which is not made there: "
					 "it has no BOM or routing to draw on", d->item, d->site);
		if (d->kind == PLAN_RECEIPT_TRANSFER) {
			m->rec_lane[r] = lane_of(m, r, s);
			if (m->rec_lane[r] < 0 && d->source)
				plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_RECEIPTS, r,
						 REC_SOURCE, "a firm transfer of %s from %s to %s: "
						 "no lane of sourcing.csv ships it", d->item,
						 d->source, d->site);
		}
	}
}

/* Operations grouped by receipt (op_off, op_row) and checked. */
static int index_operations(plan_model *m)
{
	size_t nrec = m->tab[PLAN_TABLE_RECEIPTS].n, nop = m->tab[PLAN_TABLE_OPERATIONS].n;
	int32_t *row = malloc((nop + 1) * sizeof(*row));
	m->op_off = calloc(nrec + 1, sizeof(*m->op_off));
	m->op_row = malloc((nop + 1) * sizeof(*m->op_row));
	if (!row || !m->op_off || !m->op_row) {
		free(row);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < nop; i++) {
		long r = plan_model__row_by_code(m, PLAN_TABLE_RECEIPTS,
						 TAB_ID(m, PLAN_TABLE_OPERATIONS, i, 0));
		long res = plan_model__row_by_code(m, PLAN_TABLE_RESOURCES,
						   TAB_ID(m, PLAN_TABLE_OPERATIONS, i, 2));
		row[i] = -1;
		if (r < 0 || res < 0)
			continue; /* reported */
		const plan_receipt_def *d = rec(m, (size_t)r);
		if (d->status != PLAN_RECEIPT_RELEASED) {
			plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_OPERATIONS, i, OP_RECEIPT,
					 "receipt %s is %s: operations belong to released work orders",
					 d->id, status_names[d->status]);
			continue;
		}
		int32_t site = TAB_ID(m, PLAN_TABLE_RESOURCES, res, 1);
		if (site != TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 2)) {
			const plan_resource_def *rd = TAB_ROW(m, PLAN_TABLE_RESOURCES, res);
			plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_OPERATIONS, i, OP_RESOURCE,
					 "resource %s is at %s, work order %s at %s", rd->resource,
					 rd->site, d->id, d->site);
			continue;
		}
		row[i] = (int32_t)r;
		m->op_off[r + 1]++;
	}
	for (size_t r = 0; r < nrec; r++)
		m->op_off[r + 1] += m->op_off[r];
	int32_t *fill = calloc(nrec + 1, sizeof(*fill));
	if (!fill) {
		free(row);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < nop; i++)
		if (row[i] >= 0)
			m->op_row[m->op_off[row[i]] + fill[row[i]]++] = (int32_t)i;
	free(fill);
	free(row);
	return 0;
}

int plan_model__firm(plan_model *m)
{
	plan_model__drop_firm(m);
	size_t nrec = m->tab[PLAN_TABLE_RECEIPTS].n;
	m->rec_lane = malloc((nrec + 1) * sizeof(*m->rec_lane));
	if (!m->rec_lane)
		return PLAN_ENOMEM;
	for (size_t r = 0; r < nrec; r++)
		m->rec_lane[r] = -1;
	check_receipts(m);
	return index_operations(m);
}
