/* The verifier's rule "sourcing" (format.md, "Least-cost sourcing"): with
 * scenario key sourcing = cost, an unconstrained plan ships a transfer SKU's
 * need over the lanes of a priority (without shares) cheapest first: in each
 * bucket, a lane ships only when every lane of the same group with a lower
 * landed cost ships its max_per_bucket (less one unit step) there. Landed
 * costs are computed here from the lanes and costs.csv; what each lane
 * ships, from the plan's transfers. */
#include "result/verify_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static double landed(const plan_model *m, int32_t lane)
{
	long from = plan_model__lane_source(m, lane);
	const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, lane);
	return l->cost + (from >= 0 ? m->sku_cost[2 * (size_t)from] + m->sku_cost[2 * (size_t)from + 1]
				    : 0);
}

/* What ships on each lane in each bucket of its release: [lane][bucket]. */
static double *shipped(const plan_result *r, const plan_buckets *bk)
{
	const plan_model *m = r->model;
	double *q = calloc(m->tab[PLAN_TABLE_SOURCING].n * bk->n + 1, sizeof(*q));
	if (!q)
		return NULL;
	for (size_t i = 0; i < r->nord; i++) {
		const plan_ord *o = &r->ord[i];
		if (o->kind != PLAN_ORDER_TRANSFER || o->lane < 0 || o->receipt >= 0)
			continue;
		plan_date d = o->release > m->horizon.start ? o->release : m->horizon.start;
		size_t b = plan_buckets__of(bk, d);
		if (b < bk->n)
			q[(size_t)o->lane * bk->n + b] += o->qty;
	}
	return q;
}

int plan_verify__sourcing(const plan_result *r, const plan_buckets *bk, const int8_t *dec,
			  plan_verify_say_fn fn, void *ctx, size_t *checks)
{
	const plan_model *m = r->model;
	if (m->scenario.sourcing != PLAN_SOURCING_COST || r->constrained || !m->sku_cost)
		return 0;
	double *q = shipped(r, bk);
	if (!q)
		return PLAN_ENOMEM;
	int rc = 0;
	size_t nb = bk->n;
	char msg[400], day[11];
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n && !rc; s++) {
		if (m->lane_off[s + 1] - m->lane_off[s] < 2)
			continue; /* one lane: nothing to choose */
		double step = dec && dec[s] >= 0 ? pow(10, -dec[s]) : 0;
		for (int32_t i = m->lane_off[s]; i < m->lane_off[s + 1] && !rc;) {
			const plan_lane_def *gi = TAB_ROW(m, PLAN_TABLE_SOURCING, m->lane_row[i]);
			int32_t j = i + 1;
			while (j < m->lane_off[s + 1] &&
			       ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, m->lane_row[j]))
					       ->priority == gi->priority)
				j++;
			/* every pair of the group: the dearer ships only if the
			 * cheaper is full */
			for (int32_t a = i; a < j && gi->share == PLAN_NONE && !rc; a++)
				for (int32_t c = i; c < j && !rc; c++) {
					int32_t la = m->lane_row[a], lc = m->lane_row[c];
					double ca = landed(m, la), cc = landed(m, lc);
					if (!(cc < ca - 1e-9 * (1 + fabs(ca))))
						continue;
					const plan_lane_def *cheap = TAB_ROW(m, PLAN_TABLE_SOURCING, lc);
					const plan_lane_def *dear = TAB_ROW(m, PLAN_TABLE_SOURCING, la);
					for (size_t b = 0; b < nb && !rc; b++) {
						double qa = q[(size_t)la * nb + b], qc = q[(size_t)lc * nb + b];
						if (qa <= 1e-6)
							continue;
						(*checks)++;
						if (cheap->max_per_bucket != PLAN_NONE &&
						    qc >= cheap->max_per_bucket - step - 1e-6 * (1 + qc))
							continue;
						plan_date_format(day, bk->start[b]);
						snprintf(msg, sizeof(msg),
							 "%s@%s, bucket %s: %.10g shipped from %s (landed %.10g a unit) "
							 "while the lane from %s (landed %.10g) ships %.10g of %s",
							 dear->item, dear->site, day, qa, dear->source, ca,
							 cheap->source, cc, qc,
							 cheap->max_per_bucket == PLAN_NONE ? "no limit" : "its limit");
						rc = fn(ctx, msg);
					}
				}
			i = j;
		}
	}
	free(q);
	return rc;
}
