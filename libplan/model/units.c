/* Units (format.md, "Units", 1.1): each SKU's unit step from its item's
 * `decimals`, and the quantities of the input that must be multiples of
 * it. Derived by validation; the planners round by plan_qty__up() and
 * plan_qty__down() (base/util.h) with plan_model__sku_dec(). */
#include "model/model_impl.h"

#include <math.h>
#include <stdlib.h>

/* Reports column col of row r of table t (a quantity of SKU s) if it is
 * not a multiple of the SKU's step. */
static void need_multiple(plan_model *m, int t, size_t r, int col, int32_t s, double q)
{
	int dec = s >= 0 ? m->sku_dec[s] : -1;
	if (q == PLAN_NONE || plan_qty__is_multiple(q, dec))
		return;
	const plan_sku_def *d = plan__sku(m, s);
	if (dec == 0)
		plan_model__diag(m, PLAN_SEVERITY_ERROR, t, r, col,
				 "%.15g is not a whole number of %s, counted in whole units "
				 "(items.csv decimals 0)", q, d->item);
	else
		plan_model__diag(m, PLAN_SEVERITY_ERROR, t, r, col,
				 "%.15g is not a multiple of %s's unit step %.*f (items.csv "
				 "decimals %d)", q, d->item, dec, pow(10, -dec), dec);
}

int plan_model__item_dec(const plan_model *m, int32_t item)
{
	long it = item >= 0 ? plan_model__row_by_code(m, PLAN_TABLE_ITEMS, item) : -1;
	int dec = it >= 0 ? ((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, it))->decimals : -1;
	if (dec >= 0)
		return dec;
	return m->scenario.format >= 1 ? 6 : -1;
}

int plan_model__units(plan_model *m)
{
	free(m->sku_dec);
	m->sku_dec = NULL;
	size_t nsku = m->tab[PLAN_TABLE_SKUS].n;
	int any = m->scenario.format >= 1; /* (every item then has 6 at least) */
	for (size_t i = 0; i < m->tab[PLAN_TABLE_ITEMS].n && !any; i++)
		any = ((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, i))->decimals >= 0;
	if (!any)
		return 0; /* 1.0: quantities as computed */
	m->sku_dec = malloc((nsku + 1) * sizeof(*m->sku_dec));
	if (!m->sku_dec)
		return PLAN_ENOMEM;
	for (size_t s = 0; s < nsku; s++)
		m->sku_dec[s] = (int8_t)plan_model__item_dec(m, TAB_ID(m, PLAN_TABLE_SKUS, s, 0));
	/* what the plan cannot round: the quantities it is given */
	for (size_t s = 0; s < nsku; s++) {
		const plan_sku_def *d = plan__sku(m, (int32_t)s);
		need_multiple(m, PLAN_TABLE_SKUS, s, SKU_ON_HAND, (int32_t)s, d->on_hand);
		need_multiple(m, PLAN_TABLE_SKUS, s, SKU_LOT_QTY, (int32_t)s, d->lot_qty);
		need_multiple(m, PLAN_TABLE_SKUS, s, SKU_LOT_MIN, (int32_t)s, d->lot_min);
		need_multiple(m, PLAN_TABLE_SKUS, s, SKU_LOT_MAX, (int32_t)s, d->lot_max);
		need_multiple(m, PLAN_TABLE_SKUS, s, SKU_LOT_MULTIPLE, (int32_t)s, d->lot_multiple);
		need_multiple(m, PLAN_TABLE_SKUS, s, SKU_BATCH_SIZE, (int32_t)s, d->batch_size);
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_DEMAND].n; r++)
		need_multiple(m, PLAN_TABLE_DEMAND, r, DEM_QTY,
			      (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, r, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, r, 2)),
			      ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, r))->qty);
	for (size_t r = 0; r < m->tab[PLAN_TABLE_RECEIPTS].n; r++)
		need_multiple(m, PLAN_TABLE_RECEIPTS, r, REC_QTY,
			      (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 1),
						       TAB_ID(m, PLAN_TABLE_RECEIPTS, r, 2)),
			      ((const plan_receipt_def *)TAB_ROW(m, PLAN_TABLE_RECEIPTS, r))->qty);
	for (size_t r = 0; r < m->tab[PLAN_TABLE_SOURCING].n; r++)
		need_multiple(m, PLAN_TABLE_SOURCING, r, LANE_MAX,
			      (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, r, 0),
						       TAB_ID(m, PLAN_TABLE_SOURCING, r, 1)),
			      ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, r))->max_per_bucket);
	for (size_t r = 0; r < m->tab[PLAN_TABLE_SUPPLIERS].n; r++) {
		const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, r);
		int32_t s = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SUPPLIERS, r, 0),
						     TAB_ID(m, PLAN_TABLE_SUPPLIERS, r, 1));
		if (s < 0)
			continue;
		need_multiple(m, PLAN_TABLE_SUPPLIERS, r, SUP_LOT_MIN, s, d->lot_min);
		need_multiple(m, PLAN_TABLE_SUPPLIERS, r, SUP_LOT_MULTIPLE, s, d->lot_multiple);
		need_multiple(m, PLAN_TABLE_SUPPLIERS, r, SUP_MAX, s, d->max_per_bucket);
	}
	return 0;
}
