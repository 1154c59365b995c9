/* The verifier's rule "sourcing" (format.md, "Least-cost sourcing"): with
 * scenario key sourcing = cost, an unconstrained plan ships a transfer SKU's
 * need over the lanes of a priority (without shares) cheapest first: in each
 * bucket, a lane ships only when every lane of the same group with a lower
 * landed cost ships its max_per_bucket (less one unit step) there. Landed
 * costs are computed here from the lanes and costs.csv; what each lane
 * ships, from the plan's transfers. And, as a proof that no other choice
 * is cheaper: for each item, priority and bucket, the plan's shipments on
 * those lanes cost no more than the least-cost flow (GLPK, base/transport.c)
 * that ships as much from each source and brings as much to each
 * destination, each lane within its limit. */
#include "base/transport.h"
#include "result/verify_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

typedef struct lkey {
	int32_t item, prio, row;
} lkey;

static int cmp_lkey(const void *a, const void *b)
{
	const lkey *x = a, *y = b;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Index of v in set (n values), appended if new. */
static int32_t slot_of(int32_t *set, size_t *n, int32_t v)
{
	for (size_t i = 0; i < *n; i++)
		if (set[i] == v)
			return (int32_t)i;
	set[*n] = v;
	return (int32_t)(*n)++;
}

/* The lanes of one item and priority (rows a..b of k) in bucket b: the
 * plan's cost against the least-cost flow with the same totals. */
static int one_bucket(const plan_result *r, const plan_buckets *bk, const int8_t *dec,
		      const double *q, const lkey *k, size_t n, size_t b, plan_verify_say_fn fn,
		      void *ctx, size_t *checks, double *buf, int32_t *ibuf, plan_tp_arc *arc)
{
	const plan_model *m = r->model;
	size_t nb = bk->n, ns = 0, nd = 0, na = 0;
	int32_t *src = ibuf, *dst = ibuf + n;
	double *supply = buf, *demand = buf + n, plan = 0;
	for (size_t i = 0; i < 2 * n; i++)
		buf[i] = 0;
	/* the destinations that received on these lanes, and every lane to them */
	for (size_t i = 0; i < n; i++) {
		int32_t lane = k[i].row;
		double x = q[(size_t)lane * nb + b];
		if (x > 0)
			demand[slot_of(dst, &nd, plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, lane, 0),
								 TAB_ID(m, PLAN_TABLE_SOURCING, lane, 1)))] += x;
	}
	if (nd == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int32_t lane = k[i].row;
		const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, lane);
		int32_t to = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, lane, 0),
						      TAB_ID(m, PLAN_TABLE_SOURCING, lane, 1));
		size_t j = 0;
		while (j < nd && dst[j] != to)
			j++;
		if (j == nd)
			continue;
		double x = q[(size_t)lane * nb + b];
		int32_t from = (int32_t)plan_model__lane_source(m, lane);
		int32_t si = slot_of(src, &ns, from);
		supply[si] += x;
		double cap = HUGE_VAL;
		if (l->max_per_bucket != PLAN_NONE) {
			int d = dec && dec[to] >= 0 ? dec[to] : -1;
			cap = d >= 0 ? floor(l->max_per_bucket * pow(10, d) + 1e-9) / pow(10, d)
				     : l->max_per_bucket;
			cap = cap > x ? cap : x;
		}
		double c = l->cost + m->sku_cost[2 * (size_t)from] + m->sku_cost[2 * (size_t)from + 1];
		arc[na++] = (plan_tp_arc){ si, (int32_t)j, c, cap };
		plan += x * c;
	}
	if (na < 2)
		return 0;
	(*checks)++;
	double best = 0;
	char msg[400];
	int rc = plan_tp__solve(ns, supply, nd, demand, na, arc, &best, NULL, msg, sizeof(msg));
	if (rc < 0)
		return rc == PLAN_ENOMEM ? rc : 0; /* (the solver's trouble: no finding) */
	if (rc == 0 && plan <= best + 1e-9 * (1 + fabs(best)) + 1e-6)
		return 0;
	char day[11];
	plan_date_format(day, bk->start[b]);
	const plan_lane_def *l0 = TAB_ROW(m, PLAN_TABLE_SOURCING, k[0].row);
	if (rc == 1)
		snprintf(msg, sizeof(msg), "%s, priority %d, bucket %s: no flow within the lanes' limits "
			 "ships what the plan ships", l0->item, l0->priority, day);
	else
		snprintf(msg, sizeof(msg), "%s, priority %d, bucket %s: the plan's shipments cost %.10g "
			 "landed; the same totals can cost %.10g", l0->item, l0->priority, day, plan,
			 best);
	return fn(ctx, msg);
}

/* Every item and priority of lanes without shares, every bucket. */
static int least_cost(const plan_result *r, const plan_buckets *bk, const int8_t *dec,
		      const double *q, plan_verify_say_fn fn, void *ctx, size_t *checks)
{
	const plan_model *m = r->model;
	size_t nl = m->tab[PLAN_TABLE_SOURCING].n, nk = 0;
	lkey *k = malloc((nl + 1) * sizeof(*k));
	double *buf = malloc((2 * nl + 1) * sizeof(*buf));
	int32_t *ibuf = malloc((2 * nl + 1) * sizeof(*ibuf));
	plan_tp_arc *arc = malloc((nl + 1) * sizeof(*arc));
	int rc = k && buf && ibuf && arc ? 0 : PLAN_ENOMEM;
	for (size_t l = 0; l < nl && !rc; l++) {
		const plan_lane_def *d = TAB_ROW(m, PLAN_TABLE_SOURCING, l);
		if (d->share == PLAN_NONE && plan_model__lane_source(m, (int32_t)l) >= 0)
			k[nk++] = (lkey){ TAB_ID(m, PLAN_TABLE_SOURCING, l, 0), d->priority, (int32_t)l };
	}
	if (!rc && nk)
		qsort(k, nk, sizeof(*k), cmp_lkey);
	for (size_t a = 0, b; a < nk && !rc; a = b) {
		for (b = a + 1; b < nk && k[b].item == k[a].item && k[b].prio == k[a].prio; b++)
			;
		if (b - a < 2)
			continue;
		for (size_t t = 0; t < bk->n && !rc; t++)
			rc = one_bucket(r, bk, dec, q, &k[a], b - a, t, fn, ctx, checks, buf, ibuf, arc);
	}
	free(k);
	free(buf);
	free(ibuf);
	free(arc);
	return rc;
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
					double ca = plan_model__landed(m, la), cc = plan_model__landed(m, lc);
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
	if (!rc)
		rc = least_cost(r, bk, dec, q, fn, ctx, checks);
	free(q);
	return rc;
}
