/* The verifier's reading of the plan in money (format.md, "The plan in
 * money"): the flows of each site and bucket recomputed from the plan's
 * orders, loads and deliveries, in its own code, and finance.csv checked
 * against them and against itself (each roll-up the sum of the rows below
 * it, the summary's totals the enterprise's). The stock's value and holding
 * come from the verifier's own day-by-day walk of each SKU (verify.c). */
#include "result/verify_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[FIN_NVALUES] = { "purchases", "production", "transport",
						"holding", "inventory_value", "revenue" };

/* The verifier's own money of a site in a bucket: FIN_NVALUES values, then
 * as many magnitudes (the sum of the absolute values of the terms that
 * made each, for the tolerance of sums that cancel: stock moves of 1e12
 * and their draws leave rounding of the order of their size). */
#define VX (2 * FIN_NVALUES)

int32_t *plan_verify__sites(const plan_model *m)
{
	size_t n = m->tab[PLAN_TABLE_SKUS].n;
	int32_t *v = malloc((n + 1) * sizeof(*v));
	for (size_t sku = 0; v && sku < n; sku++) {
		long s = plan_model__row_by_code(m, PLAN_TABLE_SITES, TAB_ID(m, PLAN_TABLE_SKUS, sku, 1));
		v[sku] = s >= 0 ? (int32_t)s : 0;
	}
	return v;
}

static void put(double *x, const plan_model *m, const plan_buckets *bk, const int32_t *site,
		int32_t sku, plan_date d, int k, double money)
{
	size_t b = plan_buckets__of(bk, d < m->horizon.start ? m->horizon.start : d);
	if (b >= bk->n)
		return;
	double *at = &x[((size_t)site[sku] * bk->n + b) * VX];
	at[k] += money;
	at[FIN_NVALUES + k] += fabs(money);
}

double *plan_verify__flows(const plan_result *r, const plan_buckets *bk, const int32_t *site)
{
	const plan_model *m = r->model;
	size_t ns = m->tab[PLAN_TABLE_SITES].n;
	double *x = calloc(ns * bk->n * VX + 1, sizeof(*x));
	if (!x)
		return NULL;
	for (size_t i = 0; i < r->nord; i++) {
		const plan_ord *o = &r->ord[i];
		const plan_sku_def *s = TAB_ROW(m, PLAN_TABLE_SKUS, o->sku);
		if (o->kind == PLAN_ORDER_BUY) {
			const plan_supplier_def *v =
				o->lane >= 0 ? TAB_ROW(m, PLAN_TABLE_SUPPLIERS, o->lane) : NULL;
			double price = v && v->unit_cost > 0 ? v->unit_cost : s->unit_cost;
			put(x, m, bk, site, o->sku, o->due, 0, o->qty * price);
		} else if (o->kind == PLAN_ORDER_TRANSFER && o->lane >= 0) {
			double cost = ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, o->lane))->cost;
			put(x, m, bk, site, o->sku, o->release, 2, o->qty * cost);
		}
	}
	for (size_t i = 0; i < r->nload; i++) {
		const plan_load_rec *l = &r->load[i];
		double per = ((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, l->resource))
				     ->cost_per_hour;
		put(x, m, bk, site, r->ord[l->order].sku, l->date, 1, l->hours * per);
	}
	for (size_t i = 0; i < r->ndlv; i++) {
		const plan_delivery_rec *d = &r->dlv[i];
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 2));
		long it = plan_model__row_by_code(m, PLAN_TABLE_ITEMS,
						  TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 1));
		if (s >= 0 && it >= 0)
			put(x, m, bk, site, (int32_t)s, d->date, 5,
			    d->qty * ((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, it))->price);
	}
	return x;
}

void plan_verify__stock_money(double *x, const plan_model *m, const plan_buckets *bk,
			      const int32_t *site, int32_t sku, size_t bucket, double level, double moved)
{
	const plan_sku_def *s = TAB_ROW(m, PLAN_TABLE_SKUS, sku);
	const double *c = &m->sku_cost[2 * (size_t)sku];
	double *at = &x[((size_t)site[sku] * bk->n + bucket) * VX];
	at[3] += level * s->holding_cost;
	at[4] += level * (c[0] + c[1]);
	at[FIN_NVALUES + 3] += moved * fabs(s->holding_cost);
	at[FIN_NVALUES + 4] += moved * fabs(c[0] + c[1]);
}

/* a and b the same money: within 1e-6 of their size, and 1e-9 of the
 * magnitude of the terms that made them */
static int same(double a, double b, double magnitude)
{
	return fabs(a - b) <= 1e-6 * (1 + fmax(fabs(a), fabs(b))) + 1e-9 * magnitude;
}

static int say(plan_verify_say_fn fn, void *ctx, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int say(plan_verify_say_fn fn, void *ctx, const char *fmt, ...)
{
	char msg[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fn(ctx, msg);
}

/* A row's values into a sum of rows (VX: values, then their magnitudes). */
static void sum_row(double *to, const plan_fin_rec *f)
{
	for (int k = 0; k < FIN_NVALUES; k++) {
		to[k] += f->v[k];
		to[FIN_NVALUES + k] += fabs(f->v[k]);
	}
}

int plan_verify__finance(const plan_result *r, const plan_buckets *bk, const double *x,
			 const int32_t *site_of, plan_verify_say_fn fn, void *ctx, size_t *checks)
{
	const plan_model *m = r->model;
	size_t nb = bk->n, ns = m->tab[PLAN_TABLE_SITES].n, nf = 0;
	char day[11];
	if (r->nbuckets != nb)
		return say(fn, ctx, "finance.csv has %zu buckets, the horizon %zu", r->nbuckets, nb);
	for (size_t i = 0; i < r->nfin; i++)
		if (r->fin[i].family >= 0 && (size_t)r->fin[i].family + 1 > nf)
			nf = (size_t)r->fin[i].family + 1;
	/* [0]: details by site, [1]: details by family, [2]: sites, [3]: families */
	double *acc[4] = { calloc(ns * nb * VX + 1, sizeof(double)),
			   calloc(nf * nb * VX + 1, sizeof(double)), calloc(nb * VX + 1, sizeof(double)),
			   calloc(nb * VX + 1, sizeof(double)) };
	char *seen = calloc(ns * nb + 1, 1);
	int rc = 0;
	if (!acc[0] || !acc[1] || !acc[2] || !acc[3] || !seen)
		rc = PLAN_ENOMEM;
	for (size_t i = 0; i < r->nfin && !rc; i++) {
		const plan_fin_rec *f = &r->fin[i];
		size_t b = (size_t)f->bucket;
		if (r->bucket_start[b] != bk->start[b]) {
			char a[11];
			plan_date_format(a, r->bucket_start[b]);
			plan_date_format(day, bk->start[b]);
			rc = say(fn, ctx, "finance.csv: bucket %zu starts on %s, the horizon's on %s", b, a,
				 day);
			continue;
		}
		if (f->level == FIN_DETAIL) {
			sum_row(&acc[0][((size_t)f->site * nb + b) * VX], f);
			sum_row(&acc[1][((size_t)f->family * nb + b) * VX], f);
		} else if (f->level == FIN_SITE) {
			sum_row(&acc[2][b * VX], f);
			seen[(size_t)f->site * nb + b]++;
			/* a site's row against the plan, recomputed */
			const double *want = &x[((size_t)f->site * nb + b) * VX];
			const char *site = ((const plan_site_def *)TAB_ROW(m, PLAN_TABLE_SITES, f->site))->site;
			plan_date_format(day, bk->start[b]);
			for (int k = 0; k < FIN_NVALUES && !rc; k++, (*checks)++)
				if (!same(f->v[k], want[k], want[FIN_NVALUES + k]))
					rc = say(fn, ctx, "finance.csv: site %s, bucket %s: %s is %.10g, the plan's is %.10g",
						 site, day, names[k], f->v[k], want[k]);
		} else if (f->level == FIN_FAMILY) {
			sum_row(&acc[3][b * VX], f);
		}
	}
	/* every site with SKUs has its rows, once a bucket */
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n && !rc; s++) {
		size_t site = (size_t)site_of[s];
		for (size_t b = 0; b < nb && !rc; b++)
			if (seen[site * nb + b] != 1)
				rc = say(fn, ctx, "finance.csv: site %s has %d rows for bucket %zu, not 1",
					 ((const plan_site_def *)TAB_ROW(m, PLAN_TABLE_SITES, site))->site,
					 seen[site * nb + b], b);
	}
	/* each roll-up the sum of the level below */
	for (size_t i = 0; i < r->nfin && !rc; i++) {
		const plan_fin_rec *f = &r->fin[i];
		size_t b = (size_t)f->bucket;
		const double *want = f->level == FIN_SITE ? &acc[0][((size_t)f->site * nb + b) * VX]
				   : f->level == FIN_FAMILY ? &acc[1][((size_t)f->family * nb + b) * VX]
				   : f->level == FIN_ENTERPRISE ? &acc[2][b * VX]
								: NULL;
		if (!want)
			continue;
		plan_date_format(day, bk->start[b]);
		for (int k = 0; k < FIN_NVALUES && !rc; k++, (*checks)++) {
			int ok = same(f->v[k], want[k], want[FIN_NVALUES + k]);
			if (ok && f->level == FIN_ENTERPRISE)
				ok = same(f->v[k], acc[3][b * VX + (size_t)k],
					  acc[3][b * VX + FIN_NVALUES + (size_t)k]);
			if (!ok)
				rc = say(fn, ctx, "finance.csv: the %s row of bucket %s: %s is %.10g, its parts add up to %.10g",
					 plan_result__fin_levels[f->level], day, names[k], f->v[k], want[k]);
		}
	}
	/* the summary's totals: the enterprise rows' flows over the buckets,
	 * the last one's stock */
	const plan_summary *s = &r->summary;
	double total[VX] = { 0 };
	for (size_t b = 0; b < nb && acc[2]; b++)
		for (int k = 0; k < VX; k++)
			total[k] += acc[2][b * VX + (size_t)k];
	if (nb && acc[2]) {
		total[4] = acc[2][(nb - 1) * VX + 4];
		total[FIN_NVALUES + 4] = acc[2][(nb - 1) * VX + FIN_NVALUES + 4];
	}
	const double got[FIN_NVALUES] = { s->purchases, s->production, s->transport, s->holding,
					  s->inventory_value, s->revenue };
	for (int k = 0; k < FIN_NVALUES && !rc; k++, (*checks)++)
		if (!same(got[k], total[k], total[FIN_NVALUES + k]))
			rc = say(fn, ctx, "summary.csv: %s is %.10g, finance.csv's enterprise rows give %.10g",
				 names[k], got[k], total[k]);
	for (int t = 0; t < 4; t++)
		free(acc[t]);
	free(seen);
	return rc;
}
