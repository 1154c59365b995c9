/* A transfer SKU's lot, split over its lanes (format.md, sourcing.csv): lanes
 * are tried by priority; lanes of equal priority with shares split what is
 * left by share (in proportion when the shares do not add up to 1); lanes of
 * equal priority without shares are filled in file order. max_per_bucket caps
 * what a lane ships in the bucket of the release; what a lane cannot take
 * goes to the next priority. In the unconstrained plan, what no lane can carry
 * stays on the first lane and is reported as a critical exception. */
#include "mrp/engine.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int ship(plan_engine *e, int32_t sku, int32_t lane, plan_date due, double qty,
		int32_t *order_of_lane)
{
	const plan_lane_def *l = TAB_ROW(e->m, PLAN_TABLE_SOURCING, lane);
	if (*order_of_lane >= 0) {
		e->res->ord[*order_of_lane].qty += qty;
		return 0;
	}
	plan_ord o;
	o.sku = sku;
	o.lane = lane;
	o.receipt = -1;
	o.kind = PLAN_ORDER_TRANSFER;
	o.due = due;
	o.release = due - l->transfer_days;
	o.qty = qty;
	o.alloc_first = o.alloc_count = 0;
	*order_of_lane = plan_result__add_order(e->res, &o);
	return *order_of_lane < 0 ? PLAN_ENOMEM : 0;
}

int plan_sourcing__split(plan_engine *e, int32_t sku, size_t bucket, double qty)
{
	const plan_model *m = e->m;
	int32_t first = e->lane_off[sku], end = e->lane_off[sku + 1];
	size_t nl = (size_t)(end - first), nb = e->bk.n;
	plan_date due = e->bk.start[bucket];
	int32_t *order = e->lane_order;
	double left = qty;
	int dec = plan_model__sku_dec(m, sku);
	for (size_t i = 0; i < nl; i++)
		order[i] = -1;

	int32_t capped = -1;  /* a lane its limit stopped */
	for (size_t i = 0; i < nl && left > PLAN_EPS * (1 + qty);) {
		const plan_lane_def *gl = TAB_ROW(m, PLAN_TABLE_SOURCING, e->lane_row[first + (int32_t)i]);
		size_t j = i;
		double shares = 0;
		while (j < nl) {
			const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, e->lane_row[first + (int32_t)j]);
			if (l->priority != gl->priority)
				break;
			if (l->share != PLAN_NONE)
				shares += l->share;
			j++;
		}
		double group_left = left;
		for (size_t k = i; k < j; k++) {
			int32_t row = e->lane_row[first + (int32_t)k];
			const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, row);
			/* a share of whole units (1.1) rounds up; the last lanes
			 * of the group get what is left */
			double want = shares > 0 ? plan_qty__up(group_left * l->share / shares, dec) : left;
			if (want > left)
				want = left;
			size_t rb = plan_buckets__of(&e->bk, due - l->transfer_days);
			if (rb >= nb)
				rb = nb - 1;
			double *used = &e->usage[k * nb + rb];
			double cap = l->max_per_bucket == PLAN_NONE ? INFINITY
								    : plan_qty__down(l->max_per_bucket - *used, dec);
			double take = want < cap ? want : cap;
			if (take < want - PLAN_EPS * (1 + qty) && capped < 0)
				capped = row;
			if (take <= PLAN_EPS * (1 + qty))
				continue;
			int rc = ship(e, sku, row, due, take, &order[k]);
			if (rc)
				return rc;
			if (e->constrained && capped >= 0 && capped != row) {
				/* the feasible plan reports what went to the next lane */
				const plan_lane_def *cl = TAB_ROW(m, PLAN_TABLE_SOURCING, capped);
				char why[300], d[11];
				plan_date_format(d, e->bk.start[rb]);
				snprintf(why, sizeof(why), "lane %s %s->%s at its limit %.10g in the bucket of %s",
					 cl->item, cl->source, cl->site, cl->max_per_bucket, d);
				rc = plan_result__adjust(e->res, order[k], ADJ_LANE, why,
							 "%.10g shipped from %s (priority %d) instead", take,
							 l->source, l->priority);
				if (rc)
					return rc;
			}
			*used += take;
			left = plan_qty__round(left - take, dec);
		}
		i = j;
	}
	if (left > PLAN_EPS * (1 + qty)) {
		/* unconstrained: the first lane carries the rest beyond its limit */
		int32_t row = e->lane_row[first];
		const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, row);
		size_t rb = plan_buckets__of(&e->bk, due - l->transfer_days);
		if (rb >= nb)
			rb = nb - 1;
		int rc = ship(e, sku, row, due, left, &order[0]);
		if (rc)
			return rc;
		e->usage[rb] += left;
		char d[11];
		plan_date_format(d, e->bk.start[rb]);
		rc = plan_result__exception(e->res, EXC_LANE_OVER_LIMIT, PLAN_EXC_CRITICAL, sku,
					    order[0], -1, due - l->transfer_days, left,
					    "lane %s %s->%s over its limit in the bucket of %s: ships %.10g, "
					    "%.10g more than max_per_bucket %.10g, and no other lane can carry it",
					    l->item, l->source, l->site, d, e->usage[rb], left,
					    l->max_per_bucket);
		if (rc)
			return rc;
	}
	return 0;
}
