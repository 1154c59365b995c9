/* The verifier's own forecast consumption (format.md, "Forecast
 * consumption"), computed from the demand rows in its own way, not the
 * model's (model/forecast.c): each order ranks the forecasts within its
 * window by the rule's order and takes from them in turn. */
#include "result/verify_impl.h"

#include <stdlib.h>

typedef struct vrow {
	int32_t sku, row;
	plan_date due;
} vrow;

static int cmp_vrow(const void *a, const void *b)
{
	const vrow *x = a, *y = b;
	if (x->sku != y->sku)
		return x->sku < y->sku ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* A forecast as one order sees it: backward ones (side 0) before forward
 * ones, the nearest first, then by row. */
typedef struct cand {
	int side;
	plan_date dist;
	int32_t row;
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->side != y->side)
		return x->side - y->side;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static double qty_of(const plan_model *m, int32_t row)
{
	double q = ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, row))->qty;
	return q > 0 ? q : 0;
}

static int applies(const plan_model *m)
{
	if (m->scenario.format >= 1)
		return 1;
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n; s++) {
		const plan_sku_def *d = TAB_ROW(m, PLAN_TABLE_SKUS, s);
		if (d->consume_back > 0 || d->consume_forward > 0)
			return 1;
	}
	return 0;
}

double *plan_verify__net(const plan_model *m)
{
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n;
	double *net = malloc((nd + 1) * sizeof(*net));
	vrow *fc = malloc((nd + 1) * sizeof(*fc)), *ord = malloc((nd + 1) * sizeof(*ord));
	cand *c = malloc((nd + 1) * sizeof(*c));
	if (!net || !fc || !ord || !c) {
		free(net);
		net = NULL;
		goto out;
	}
	size_t nf = 0, no = 0;
	for (size_t i = 0; i < nd; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		net[i] = qty_of(m, (int32_t)i);
		vrow v = { (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
						    TAB_ID(m, PLAN_TABLE_DEMAND, i, 2)),
			   (int32_t)i, d->due };
		if (d->kind == PLAN_DEMAND_FORECAST)
			fc[nf++] = v;
		else if (!plan_model__is_material(m, i)) /* (a project's consumes none, 1.1) */
			ord[no++] = v;
	}
	if (!nf || !applies(m))
		goto out;
	qsort(fc, nf, sizeof(*fc), cmp_vrow);
	qsort(ord, no, sizeof(*ord), cmp_vrow);
	size_t f0 = 0;
	for (size_t i = 0; i < no; i++) {
		int32_t sku = ord[i].sku;
		if (sku < 0)
			continue;
		while (f0 < nf && fc[f0].sku < sku)
			f0++;
		const plan_sku_def *s = TAB_ROW(m, PLAN_TABLE_SKUS, sku);
		size_t n = 0;
		for (size_t k = f0; k < nf && fc[k].sku == sku; k++) {
			plan_date dist = fc[k].due - ord[i].due;
			if (dist <= 0 && -dist <= s->consume_back)
				c[n++] = (cand){ 0, -dist, fc[k].row };
			else if (dist > 0 && dist <= s->consume_forward)
				c[n++] = (cand){ 1, dist, fc[k].row };
		}
		qsort(c, n, sizeof(*c), cmp_cand);
		double want = qty_of(m, ord[i].row);
		for (size_t k = 0; k < n && want > 0; k++) {
			double t = net[c[k].row] < want ? net[c[k].row] : want;
			net[c[k].row] -= t;
			want -= t;
		}
	}
out:
	free(fc);
	free(ord);
	free(c);
	return net;
}
