/* The aggregate plan against the detailed data: rough-cut capacity
 * (plan/aggregate.h, plan_aggregate_get_rccp()). */
#include "aggregate/aggregate_impl.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/calendar.h"

#define EPS 1e-6

int plan_agg__rccp(plan_aggregate *a)
{
	const plan_model *m = a->m;
	size_t nb = a->nb, nres = m->tab[PLAN_TABLE_RESOURCES].n;
	size_t nitem = m->tab[PLAN_TABLE_ITEMS].n, ndem = m->tab[PLAN_TABLE_DEMAND].n;
	size_t ndays = (size_t)(a->bk.start[nb] - a->bk.start[0]);
	int kfam = MODEL_REF(m, PLAN_TABLE_ITEMS, ITEM_FAMILY);
	int kitem = MODEL_REF(m, PLAN_TABLE_DEMAND, DEM_ITEM);
	double *req = calloc(nres * nb + 1, sizeof(double));
	double *off = malloc((nres * ndays + 1) * sizeof(double));
	double *item_dem = calloc(nitem * nb + 1, sizeof(double)); /* item x bucket */
	double *item_tot = calloc(nitem + 1, sizeof(double));
	double *fam_b = malloc((nb + 1) * sizeof(double)); /* a family's demand per bucket */
	const int32_t *rt_off = m->rt_off, *rt_rows = m->rt_row;
	int32_t *fam_off = NULL, *fam_items = NULL;
	int rc = req && off && item_dem && item_tot && fam_b ? 0 : PLAN_ENOMEM;
	if (rc)
		goto out;
	for (size_t i = 0; i < ndem; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		long it = plan_model__row_by_code(m, PLAN_TABLE_ITEMS, TAB_ID(m, PLAN_TABLE_DEMAND, i, kitem));
		if (it < 0)
			continue;
		size_t b = plan_buckets__of(&a->bk, d->due);
		double qty = plan_model__demand_qty(m, i);
		item_dem[(size_t)it * nb + (b < nb ? b : nb - 1)] += qty;
		item_tot[it] += qty;
	}
	/* items by family (CSR over family ids) */
	size_t nfam = m->ns[NS_FAMILY].n;
	fam_off = calloc(nfam + 2, sizeof(int32_t));
	fam_items = malloc((nitem + 1) * sizeof(int32_t));
	if (!fam_off || !fam_items) {
		rc = PLAN_ENOMEM;
		goto out;
	}
	for (size_t it = 0; it < nitem; it++) {
		int32_t f = TAB_ID(m, PLAN_TABLE_ITEMS, it, kfam);
		if (f >= 0)
			fam_off[f + 2]++;
	}
	for (size_t f = 0; f < nfam; f++)
		fam_off[f + 2] += fam_off[f + 1];
	for (size_t it = 0; it < nitem; it++) {
		int32_t f = TAB_ID(m, PLAN_TABLE_ITEMS, it, kfam);
		if (f >= 0)
			fam_items[fam_off[f + 1]++] = (int32_t)it;
	}
	for (size_t p = 0; p < a->npair; p++) {
		const agg_pair *pr = &a->pair[p];
		if (!pr->fd)
			continue;
		/* the family's items at this site, their demand in all and per bucket */
		double fam_tot = 0, nfam_items = 0;
		memset(fam_b, 0, nb * sizeof(double));
		int32_t first = fam_off[pr->family], last = fam_off[pr->family + 1];
		for (int32_t j = first; j < last; j++) {
			size_t it = (size_t)fam_items[j];
			nfam_items++;
			fam_tot += item_tot[it];
			for (size_t t = 0; t < nb; t++)
				fam_b[t] += item_dem[it * nb + t];
		}
		for (int32_t j = first; j < last; j++) {
			size_t it = (size_t)fam_items[j];
			long sku = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_ITEMS, it, 0), pr->site);
			if (sku < 0 || rt_off[sku + 1] == rt_off[sku])
				continue;
			for (size_t t = 0; t < nb; t++) {
				double made = plan_agg__made(a, p, t);
				if (made <= EPS)
					continue;
				double share = fam_b[t] > 0 ? item_dem[it * nb + t] / fam_b[t]
					     : fam_tot > 0 ? item_tot[it] / fam_tot : 1.0 / nfam_items;
				double q = made * share;
				if (q <= EPS)
					continue;
				for (int32_t k = rt_off[sku]; k < rt_off[sku + 1]; k++) {
					const plan_routing_def *r = TAB_ROW(m, PLAN_TABLE_ROUTINGS, rt_rows[k]);
					long res = plan_model__row_by_code(
						m, PLAN_TABLE_RESOURCES,
						TAB_ID(m, PLAN_TABLE_ROUTINGS, rt_rows[k],
						       MODEL_REF(m, PLAN_TABLE_ROUTINGS, RT_RESOURCE)));
					if (res >= 0)
						req[(size_t)res * nb + t] += plan_rt__hours(r, q);
				}
			}
		}
	}
	plan_cal__offered(m, &a->cals, a->bk.start[0], ndays, off);
	for (size_t r = 0; r < nres; r++)
		for (size_t t = 0; t < nb; t++)
			if (req[r * nb + t] > EPS)
				a->nrccp++;
	a->rccp = malloc((a->nrccp ? a->nrccp : 1) * sizeof(*a->rccp));
	if (!a->rccp) {
		rc = PLAN_ENOMEM;
		goto out;
	}
	a->nrccp = 0;
	for (size_t r = 0; r < nres; r++)
		for (size_t t = 0; t < nb; t++) {
			if (req[r * nb + t] <= EPS)
				continue;
			double avail = 0;
			for (plan_date d = a->bk.start[t]; d < a->bk.start[t + 1]; d++)
				avail += off[r * ndays + (size_t)(d - a->bk.start[0])];
			a->rccp[a->nrccp++] = (agg_rccp){ (int32_t)r, t, req[r * nb + t], avail };
		}
out:
	free(req);
	free(off);
	free(item_dem);
	free(item_tot);
	free(fam_b);
	free(fam_off);
	free(fam_items);
	return rc;
}

PLAN_EXPORT size_t plan_aggregate_count_rccp(const plan_aggregate *a)
{
	return a ? a->nrccp : 0;
}

PLAN_EXPORT int plan_aggregate_get_rccp(plan_rccp_row *out, const plan_aggregate *a, size_t i)
{
	if (!a || !out || out->version != PLAN_RCCP_ROW_VERSION)
		return PLAN_EINVAL;
	if (i >= a->nrccp)
		return PLAN_ERANGE;
	const agg_rccp *r = &a->rccp[i];
	out->resource = ((const plan_resource_def *)TAB_ROW(a->m, PLAN_TABLE_RESOURCES, r->resource))->resource;
	out->bucket = a->bk.start[r->bucket];
	out->required = r->required;
	out->available = r->available;
	return 0;
}
