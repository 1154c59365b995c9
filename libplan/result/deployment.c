/* The deployment view (format 1.1, format.md "Deployment"): deployment.csv,
 * per lane and bucket, what the destination needed and what the lane
 * shipped. A destination's need is its net requirement recomputed from the
 * plan, as textbook DRP nets it lot for lot: what its demands and the
 * plan's draws on it ask (gross), less its projected available balance
 * from stock on hand and scheduled receipts, bucket by bucket:
 *
 *   need(b) = max(0, gross(b) - pab(b - 1) - scheduled(b))
 *   pab(b)  = pab(b - 1) + scheduled(b) + need(b) - gross(b),  pab(-1) = on_hand
 *
 * Computed where the scenario speaks of money
 * (a 1.1 plan's tables), for every transfer SKU; rows with a need or a
 * shipment only. */
#include "result/result_impl.h"

#include <stdlib.h>

typedef struct dep {
	const plan_result *r;
	const plan_model *m;
	size_t nb;
	double *gross;   /* [transfer SKU slot][bucket] */
	double *sched;   /* likewise */
	int32_t *slot;   /* by SKU: its slot, or -1 */
	plan_date when;  /* a make order's release, for its draws */
	const int32_t *days; /* plan_result__day_buckets() */
} dep;

/* q into sku's row of `to` in the bucket of day d (a day before the
 * horizon: its first; after it: none); nothing for a SKU without lanes */
static void add(dep *x, double *to, int32_t sku, plan_date d, double q)
{
	long b;
	if (x->slot[sku] >= 0 && (b = plan_result__bucket_at(x->r, x->days, d)) >= 0)
		to[(size_t)x->slot[sku] * x->nb + (size_t)b] += q;
}

static int draw(void *ctx, int32_t comp, double need)
{
	dep *x = ctx;
	add(x, x->gross, comp, x->when, need);
	return 0;
}

/* gross and scheduled by transfer SKU and bucket, from the demand rows and
 * the plan's orders (as rule 1 counts draws) */
static void gather(dep *x)
{
	const plan_result *r = x->r;
	const plan_model *m = x->m;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_DEMAND].n; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, i, 2));
		if (s >= 0)
			add(x, x->gross, (int32_t)s, d->due, plan_model__demand_qty(m, i));
	}
	for (size_t i = 0; i < r->nord; i++) {
		const plan_ord *o = &r->ord[i];
		double qty = plan_result__qty_written(m, o->sku, o->qty);
		if (o->receipt >= 0)
			add(x, x->sched, o->sku, o->due, qty);
		if (o->receipt >= 0 &&
		    plan_model__rec_status(m, (size_t)o->receipt) != PLAN_RECEIPT_FIRM)
			continue; /* scheduled and released receipts draw nothing */
		if (o->kind == PLAN_ORDER_MAKE) {
			x->when = o->release;
			plan_result__bom_draws(m, o->sku, plan_result__alt_of(o), qty, o->release, draw,
					       x, 0);
		} else if (o->kind == PLAN_ORDER_TRANSFER && o->lane >= 0) {
			long from = plan_model__lane_source(m, o->lane);
			if (from >= 0)
				add(x, x->gross, (int32_t)from, o->release, qty);
		}
	}
}

int plan_result__deployment(plan_result *r)
{
	free(r->dep);
	r->dep = NULL;
	r->ndep = 0;
	const plan_model *m = r->model;
	size_t ns = m->tab[PLAN_TABLE_SKUS].n, nt = 0, nb = r->nbuckets;
	if (!m->sku_cost || !r->bucket_start || !nb || !m->tab[PLAN_TABLE_SOURCING].n)
		return 0;
	int32_t *days = plan_result__day_buckets(r);
	dep x = { r, m, nb, NULL, NULL, malloc((ns + 1) * sizeof(int32_t)), 0, days };
	if (!x.slot || !days) {
		free(x.slot);
		free(days);
		return PLAN_ENOMEM;
	}
	for (size_t s = 0; s < ns; s++)
		x.slot[s] = m->lane_off[s] < m->lane_off[s + 1] ? (int32_t)nt++ : -1;
	x.gross = calloc(nt * nb + 1, sizeof(double));
	x.sched = calloc(nt * nb + 1, sizeof(double));
	/* shipped by lane and bucket of arrival */
	size_t nl = m->tab[PLAN_TABLE_SOURCING].n;
	double *ship = calloc(nl * nb + 1, sizeof(double));
	double *need = calloc(nb + 1, sizeof(double));
	int rc = x.gross && x.sched && ship && need ? 0 : PLAN_ENOMEM;
	if (!rc) {
		gather(&x);
		for (size_t i = 0; i < r->nord; i++) {
			const plan_ord *o = &r->ord[i];
			long b;
			if (o->kind == PLAN_ORDER_TRANSFER && o->lane >= 0 && o->receipt < 0 &&
			    (b = plan_result__bucket_at(r, x.days, o->due)) >= 0)
				ship[(size_t)o->lane * nb + (size_t)b] +=
					plan_result__qty_written(m, o->sku, o->qty);
		}
	}
	/* the rows: by transfer SKU, its lanes as tried, bucket */
	size_t cap = 0;
	for (size_t s = 0; s < ns && !rc; s++) {
		if (x.slot[s] < 0)
			continue;
		const double *g = &x.gross[(size_t)x.slot[s] * nb], *c = &x.sched[(size_t)x.slot[s] * nb];
		double pab = ((const plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, s))->on_hand;
		for (size_t b = 0; b < nb; b++) {
			double have = pab + c[b];
			need[b] = g[b] > have ? g[b] - have : 0;
			pab = have + need[b] - g[b];
		}
		for (int32_t k = m->lane_off[s]; k < m->lane_off[s + 1] && !rc; k++) {
			int32_t lane = m->lane_row[k];
			for (size_t b = 0; b < nb; b++) {
				double q = ship[(size_t)lane * nb + b];
				if (need[b] <= 0 && q <= 0)
					continue;
				if (plan_vec__reserve((void **)&r->dep, &cap, sizeof(*r->dep), r->ndep + 1) < 0) {
					rc = PLAN_ENOMEM;
					break;
				}
				r->dep[r->ndep++] = (plan_dep_rec){ lane, (int32_t)s, (int32_t)b, need[b], q };
			}
		}
	}
	free(x.slot);
	free(days);
	free(x.gross);
	free(x.sched);
	free(ship);
	free(need);
	if (rc) {
		free(r->dep);
		r->dep = NULL;
		r->ndep = 0;
	}
	return rc;
}
