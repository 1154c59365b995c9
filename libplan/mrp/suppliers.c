/* A bought SKU's lot, split over its suppliers (format.md, "Suppliers",
 * 1.1) as a transfer lot is over its lanes: by priority; suppliers of equal
 * priority with shares split what is left by share (in proportion when the
 * shares do not add up to 1), those without shares are filled in file
 * order; max_per_bucket caps what a supplier takes in the bucket of the
 * release (the due less its lead time in working days of its calendar);
 * what one cannot take goes to the next priority. Each part is rounded up
 * to the supplier's lot_min and lot_multiple (what it brings beyond the
 * lot stays in stock). What no supplier can take goes to the first,
 * beyond its limit: a critical exception supplier_over_limit. */
#include "mrp/engine.h"

#include <math.h>
#include <stdio.h>

static int buy(plan_engine *e, int32_t sku, int32_t v, plan_date due, plan_date rel, double qty,
	       int32_t *order_of)
{
	if (*order_of >= 0) {
		plan_ord *o = &e->res->ord[*order_of];
		o->qty = plan_model__supplier_lot(e->m, (size_t)v, o->qty + qty,
						  plan_model__sku_dec(e->m, sku));
		return 0;
	}
	plan_ord o = { sku, v, -1, PLAN_ORDER_BUY, rel, due, qty, 0, 0 };
	*order_of = plan_result__add_order(e->res, &o);
	return *order_of < 0 ? PLAN_ENOMEM : 0;
}

/* What supplier v still takes in the bucket of its release (INFINITY: no
 * limit), in whole units. */
static double room(const plan_engine *e, int32_t v, const double *used, int dec)
{
	double max = ((const plan_supplier_def *)TAB_ROW(e->m, PLAN_TABLE_SUPPLIERS, v))->max_per_bucket;
	return max == PLAN_NONE ? INFINITY : plan_qty__down(max - *used, dec);
}

int plan_sourcing__buy(plan_engine *e, int32_t sku, size_t bucket, double qty)
{
	const plan_model *m = e->m;
	int32_t first = m->sp_off[sku];
	size_t ns = (size_t)(m->sp_off[sku + 1] - first), nb = e->bk.n;
	plan_date due = e->bk.start[bucket];
	int32_t *order = e->lane_order;
	int dec = plan_model__sku_dec(m, sku);
	double left = qty;
	for (size_t i = 0; i < ns; i++)
		order[i] = -1;
	for (size_t i = 0; i < ns && left > PLAN_EPS * (1 + qty);) {
		const plan_supplier_def *g = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, m->sp_row[first + (int32_t)i]);
		size_t j = i;
		double shares = 0;
		for (; j < ns; j++) {
			const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, m->sp_row[first + (int32_t)j]);
			if (d->priority != g->priority)
				break;
			if (d->share != PLAN_NONE)
				shares += d->share;
		}
		double group_left = left;
		for (size_t k = i; k < j && left > PLAN_EPS * (1 + qty); k++) {
			int32_t v = m->sp_row[first + (int32_t)k];
			const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, v);
			double want = shares > 0 && d->share != PLAN_NONE
					      ? plan_qty__up(group_left * d->share / shares, dec) : left;
			if (want > left)
				want = left;
			plan_date rel = plan_cal__supplier_release(&e->cals, m, (size_t)v, due);
			size_t rb = plan_buckets__of(&e->bk, rel);
			double *used = &e->usage[k * nb + (rb < nb ? rb : nb - 1)];
			double take = want < room(e, v, used, dec) ? want : room(e, v, used, dec);
			if (take <= PLAN_EPS * (1 + qty))
				continue;
			/* the lot the supplier ships for it, within its room still */
			double lot = plan_model__supplier_lot(m, (size_t)v, take, dec);
			if (lot > take && lot > room(e, v, used, dec))
				continue; /* its minimum does not fit: the next one */
			int rc = buy(e, sku, v, due, rel, lot, &order[k]);
			if (rc)
				return rc;
			*used += lot;
			left = plan_qty__round(left - take, dec);
		}
		i = j;
	}
	if (left > PLAN_EPS * (1 + qty)) {
		/* unconstrained: the first supplier takes the rest beyond its limit */
		int32_t v = m->sp_row[first];
		const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, v);
		plan_date rel = plan_cal__supplier_release(&e->cals, m, (size_t)v, due);
		size_t rb = plan_buckets__of(&e->bk, rel);
		double *used = &e->usage[rb < nb ? rb : nb - 1];
		double lot = plan_model__supplier_lot(m, (size_t)v, left, dec);
		int rc = buy(e, sku, v, due, rel, lot, &order[0]);
		if (rc)
			return rc;
		*used += lot;
		char a[11];
		plan_date_format(a, e->bk.start[rb < nb ? rb : nb - 1]);
		rc = plan_result__exception(e->res, EXC_SUPPLIER_OVER_LIMIT, PLAN_EXC_CRITICAL, sku,
					    order[0], -1, rel, left,
					    "supplier %s of %s@%s over its limit in the bucket of %s: "
					    "takes %.10g, more than max_per_bucket %.10g, and no other "
					    "supplier can", d->supplier, d->item, d->site, a, *used,
					    d->max_per_bucket);
		if (rc)
			return rc;
	}
	return 0;
}
