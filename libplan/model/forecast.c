/* Forecast consumption (format.md, "Forecast consumption", 1.1): customer
 * orders consume the forecast of their SKU within the SKU's window, and
 * only what is left of a forecast is planned. Derived by validation, read
 * by every planner through plan_model__demand_qty(). */
#include "model/model_impl.h"

#include <stdlib.h>

typedef struct dref {
	int32_t sku;
	int32_t row;
	plan_date due;
	uint8_t kind;
} dref;

/* By SKU, forecasts before orders, then due date, then row. */
static int cmp_dref(const void *a, const void *b)
{
	const dref *x = a, *y = b;
	if (x->sku != y->sku)
		return x->sku < y->sku ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind == PLAN_DEMAND_FORECAST ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static double dqty(const plan_model *m, int32_t row)
{
	const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, row);
	return d->qty > 0 ? d->qty : 0;
}

/* Takes what order o still wants (*want) from the forecasts f[a..b) (one
 * due date), in row order. */
static void take(plan_model *m, const dref *f, size_t a, size_t b, int32_t o, double *want)
{
	for (size_t k = a; k < b && *want > 0; k++) {
		double left = m->dem_net[f[k].row];
		double t = left < *want ? left : *want;
		if (!(t > 0))
			continue;
		m->dem_net[f[k].row] = left - t;
		m->dem_used[f[k].row] += t;
		m->dem_used[o] += t;
		*want -= t;
	}
}

/* The orders o[0..no) of one SKU, by due date and row, consume its
 * forecasts f[0..nf), sorted the same way. */
static void consume_sku(plan_model *m, const plan_sku_def *s, const dref *f, size_t nf,
			const dref *o, size_t no)
{
	for (size_t i = 0; i < no; i++) {
		double want = dqty(m, o[i].row);
		plan_date due = o[i].due;
		/* after: the first forecast due after the order */
		size_t lo = 0, hi = nf;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (f[mid].due <= due)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t after = lo;
		/* backward: the nearest date first, each date's rows in file order */
		for (size_t end = after; end > 0 && want > 0;) {
			plan_date d = f[end - 1].due;
			if (d < due - s->consume_back)
				break;
			size_t beg = end;
			while (beg > 0 && f[beg - 1].due == d)
				beg--;
			take(m, f, beg, end, o[i].row, &want);
			end = beg;
		}
		/* forward, the nearest date first */
		for (size_t beg = after; beg < nf && want > 0;) {
			plan_date d = f[beg].due;
			if (d > due + s->consume_forward)
				break;
			size_t end = beg;
			while (end < nf && f[end].due == d)
				end++;
			take(m, f, beg, end, o[i].row, &want);
			beg = end;
		}
	}
}

int plan_model__consume(plan_model *m)
{
	plan_model__drop_consumption(m);
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n, nf = 0;
	for (size_t i = 0; i < nd; i++)
		nf += ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, i))->kind ==
		      PLAN_DEMAND_FORECAST;
	if (!nf)
		return 0; /* nothing to consume: every demand plans its own quantity */
	/* a 1.0 scenario plans every forecast in full, as 1.0 did, unless a
	 * SKU sets a window */
	int on = m->scenario.format >= 1;
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n && !on; s++)
		on = plan__sku(m, (int32_t)s)->consume_back > 0 ||
		     plan__sku(m, (int32_t)s)->consume_forward > 0;
	if (!on)
		return 0;
	dref *by = malloc(nd * sizeof(*by));
	uint8_t *has_fc = calloc(m->tab[PLAN_TABLE_SKUS].n + 1, 1);
	m->dem_net = malloc(nd * sizeof(*m->dem_net));
	m->dem_used = calloc(nd, sizeof(*m->dem_used));
	m->fc_row = malloc(nf * sizeof(*m->fc_row));
	m->beyond = malloc(nd * sizeof(*m->beyond));
	if (!by || !has_fc || !m->dem_net || !m->dem_used || !m->fc_row || !m->beyond) {
		free(has_fc);
		free(by);
		plan_model__drop_consumption(m);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < nd; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		by[i] = (dref){ (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
							 TAB_ID(m, PLAN_TABLE_DEMAND, i, 2)),
				(int32_t)i, d->due, (uint8_t)d->kind };
		if (plan_model__is_material(m, i))
			by[i].sku = -1; /* a project's material consumes no forecast */
		m->dem_net[i] = dqty(m, (int32_t)i);
		if (d->kind == PLAN_DEMAND_FORECAST) {
			m->fc_row[m->nfc++] = (int32_t)i;
			if (by[i].sku >= 0)
				has_fc[by[i].sku] = 1;
		}
	}
	qsort(by, nd, sizeof(*by), cmp_dref);
	for (size_t a = 0; a < nd;) {
		size_t b = a, f = a;
		while (b < nd && by[b].sku == by[a].sku)
			b++;
		while (f < b && by[f].kind == PLAN_DEMAND_FORECAST)
			f++;
		if (f > a && f < b && by[a].sku >= 0)
			consume_sku(m, plan__sku(m, by[a].sku), by + a, f - a, by + f, b - f);
		a = b;
	}
	for (size_t i = 0; i < nd; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, i, 2));
		if (d->kind == PLAN_DEMAND_ORDER && s >= 0 && has_fc[s] && !plan_model__is_material(m, i) &&
		    m->dem_used[i] < dqty(m, (int32_t)i) - 1e-9)
			m->beyond[m->nbeyond++] = (int32_t)i;
	}
	free(has_fc);
	free(by);
	return 0;
}

PLAN_EXPORT int plan_model_get_consumption(plan_consumption *out, const plan_model *m,
					   size_t demand)
{
	if (!m || !out || out->version != PLAN_CONSUMPTION_VERSION)
		return PLAN_EINVAL;
	if (!m->valid)
		return PLAN_ESTATE;
	if (demand >= m->tab[PLAN_TABLE_DEMAND].n)
		return PLAN_ERANGE;
	out->qty = ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, demand))->qty;
	out->consumed = m->dem_used ? m->dem_used[demand] : 0;
	out->net = plan_model__demand_qty(m, demand);
	return 0;
}
