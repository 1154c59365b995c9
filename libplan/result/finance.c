/* The plan in money (format 1.1, format.md "The plan in money"): finance.csv,
 * per site, family and bucket, with roll-ups to site, family and enterprise,
 * and the summary's totals. Computed where the scenario speaks of money
 * (the model has standard costs), from the plan's own tables:
 *
 * - purchases: buy orders, qty x the supplier's unit_cost where the order
 *   has a supplier that sets one, else the SKU's unit_cost, in the bucket
 *   of their due date;
 * - production: loads, hours x their resource's cost_per_hour, in the
 *   bucket of the load's day, at the cell of the order's SKU;
 * - transport: transfers, qty x their lane's cost, in the bucket of their
 *   release;
 * - holding and inventory_value: each SKU's projected stock at the end of
 *   each bucket (as rule 1 counts it, 1.1: with yields) times its holding_cost and its
 *   standard cost;
 * - revenue: deliveries, qty x the item's price, in the bucket of their day.
 *
 * Quantities are the plan's as written (orders.csv, deliveries.csv: to
 * the unit step, 1.1), so that a plan read back gives the same money.
 * Stock is linear in its moves, so the value at a bucket's end is the sum of
 * the moves' values up to it: each move adds its value to its bucket, and
 * a running sum over buckets gives the levels. No SKU's moves are sorted. */
#include "model/calendar.h"
#include "result/result_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { F_PURCHASES, F_PRODUCTION, F_TRANSPORT, F_HOLDING, F_VALUE, F_REVENUE };

const char *const plan_result__fin_levels[FIN_LEVEL_COUNT_] = { "detail", "site", "family",
								"enterprise" };

typedef struct fin {
	const plan_result *r;
	const plan_model *m;
	size_t nb, ncell;
	int32_t *cell_of;      /* by SKU */
	double *acc;           /* [cell][bucket][FIN_NVALUES] */
	double *comp;          /* the same: what each sum's rounding lost */
	const int32_t *days;   /* plan_result__day_buckets() */
	/* a move being drawn (make orders' components) */
	plan_date when;
} fin;

static const char *family_of(const plan_model *m, int32_t sku)
{
	long it = plan_model__row_by_code(m, PLAN_TABLE_ITEMS, TAB_ID(m, PLAN_TABLE_SKUS, sku, 0));
	const char *f = it >= 0 ? ((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, it))->family
			       : NULL;
	return f ? f : "";
}

static double price_of(const plan_model *m, int32_t sku)
{
	long it = plan_model__row_by_code(m, PLAN_TABLE_ITEMS, TAB_ID(m, PLAN_TABLE_SKUS, sku, 0));
	return it >= 0 ? ((const plan_item_def *)TAB_ROW(m, PLAN_TABLE_ITEMS, it))->price : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

int32_t *plan_result__day_buckets(const plan_result *r)
{
	const plan_date *bs = r->bucket_start;
	size_t days = (size_t)(bs[r->nbuckets] - bs[0]);
	int32_t *t = malloc((days + 1) * sizeof(*t));
	if (!t)
		return NULL;
	for (size_t b = 0; b < r->nbuckets; b++)
		for (plan_date d = bs[b]; d < bs[b + 1]; d++)
			t[d - bs[0]] = (int32_t)b;
	return t;
}

/* money into the cell of sku in the bucket of day d (a day before the
 * horizon: its first bucket; after it: none) */
static void add(fin *f, int32_t sku, plan_date d, int what, double money)
{
	long b = plan_result__bucket_at(f->r, f->days, d);
	if (b < 0)
		return;
	/* Neumaier's compensated sum: the plan's rows in any order (as
	 * computed, or read back from a store) give the same money */
	size_t i = ((size_t)f->cell_of[sku] * f->nb + (size_t)b) * FIN_NVALUES + (size_t)what;
	plan_sum__add(&f->acc[i], &f->comp[i], money);
}

/* A move of stock: its value at standard cost and its holding cost. */
static void move(fin *f, int32_t sku, plan_date d, double qty)
{
	const plan_sku_def *s = TAB_ROW(f->m, PLAN_TABLE_SKUS, sku);
	const double *c = &f->m->sku_cost[2 * (size_t)sku];
	add(f, sku, d, F_HOLDING, qty * s->holding_cost);
	add(f, sku, d, F_VALUE, qty * (c[0] + c[1]));
}

static int draw(void *ctx, int32_t comp, double need)
{
	fin *f = ctx;
	move(f, comp, f->when, -need);
	return 0;
}

static int yield(void *ctx, int32_t out, double qty)
{
	fin *f = ctx;
	move(f, out, f->when, qty);
	return 0;
}

/* Cells: the (site, family) pairs that have a SKU, by sites.csv row and
 * family name; families sorted by name (the empty one first). */
static int cells(plan_result *r, fin *f, const char ***fam_out, size_t *nfam_out, uint64_t **key_out)
{
	const plan_model *m = r->model;
	size_t ns = m->tab[PLAN_TABLE_SKUS].n;
	const char **fam = malloc((ns + 1) * sizeof(*fam));
	uint64_t *key = malloc((ns + 1) * sizeof(*key));
	f->cell_of = malloc((ns + 1) * sizeof(*f->cell_of));
	if (!fam || !key || !f->cell_of) {
		free(fam);
		free(key);
		return PLAN_ENOMEM;
	}
	for (size_t s = 0; s < ns; s++)
		fam[s] = family_of(m, (int32_t)s);
	qsort(fam, ns, sizeof(*fam), cmp_str);
	size_t nf = 0;
	for (size_t s = 0; s < ns; s++)
		if (!nf || strcmp(fam[nf - 1], fam[s]))
			fam[nf++] = fam[s];
	for (size_t s = 0; s < ns; s++) {
		const char *name = family_of(m, (int32_t)s);
		const char **hit = bsearch(&name, fam, nf, sizeof(*fam), cmp_str);
		long site = plan_model__row_by_code(m, PLAN_TABLE_SITES, TAB_ID(m, PLAN_TABLE_SKUS, s, 1));
		key[s] = ((uint64_t)(site >= 0 ? site : 0) << 32) | (uint64_t)(hit - fam);
	}
	uint64_t *sorted = malloc((ns + 1) * sizeof(*sorted));
	if (!sorted) {
		free(fam);
		free(key);
		return PLAN_ENOMEM;
	}
	memcpy(sorted, key, ns * sizeof(*key));
	qsort(sorted, ns, sizeof(*sorted), cmp_u64);
	size_t nc = 0;
	for (size_t s = 0; s < ns; s++)
		if (!nc || sorted[nc - 1] != sorted[s])
			sorted[nc++] = sorted[s];
	for (size_t s = 0; s < ns; s++) {
		const uint64_t *hit = bsearch(&key[s], sorted, nc, sizeof(*sorted), cmp_u64);
		f->cell_of[s] = (int32_t)(hit - sorted);
	}
	free(key);
	f->ncell = nc;
	*fam_out = fam;
	*nfam_out = nf;
	*key_out = sorted;
	return 0;
}

/* The flows and moves of the plan into f->acc. */
static void gather(fin *f)
{
	const plan_result *r = f->r;
	const plan_model *m = f->m;
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n; s++)
		move(f, (int32_t)s, m->horizon.start,
		     ((const plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, s))->on_hand);
	for (size_t i = 0; i < r->nord; i++) {
		const plan_ord *o = &r->ord[i];
		const plan_sku_def *s = TAB_ROW(m, PLAN_TABLE_SKUS, o->sku);
		double qty = plan_result__qty_written(m, o->sku, o->qty);
		move(f, o->sku, o->due, qty);
		if (o->kind == PLAN_ORDER_MAKE) { /* (1.1: what it yields) */
			f->when = o->due;
			plan_result__yields(m, o->sku, qty, yield, f);
		}
		/* a scheduled or released receipt has drawn what it needs (rule 1) */
		int draws = o->receipt < 0 ||
			    plan_model__rec_status(m, (size_t)o->receipt) == PLAN_RECEIPT_FIRM;
		if (o->kind == PLAN_ORDER_BUY) {
			double price = s->unit_cost;
			if (o->lane >= 0) {
				const plan_supplier_def *v = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, o->lane);
				if (v->unit_cost > 0)
					price = v->unit_cost;
			}
			add(f, o->sku, o->due, F_PURCHASES, qty * price);
		} else if (o->kind == PLAN_ORDER_MAKE && draws) {
			f->when = o->release;
			plan_result__bom_draws(m, o->sku, plan_result__alt_of(o), qty, o->release, draw,
					       f, 0);
		} else if (o->lane >= 0) {
			const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, o->lane);
			long from = plan_model__lane_source(m, o->lane);
			add(f, o->sku, o->release, F_TRANSPORT, qty * l->cost);
			if (from >= 0 && draws)
				move(f, (int32_t)from, o->release, -qty);
		}
	}
	for (size_t i = 0; i < r->nload; i++) {
		const plan_load_rec *l = &r->load[i];
		const plan_resource_def *res = TAB_ROW(m, PLAN_TABLE_RESOURCES, l->resource);
		add(f, r->ord[l->order].sku, l->date, F_PRODUCTION, l->hours * res->cost_per_hour);
	}
	for (size_t i = 0; i < r->ndlv; i++) {
		const plan_delivery_rec *d = &r->dlv[i];
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 2));
		if (s < 0)
			continue;
		double qty = plan_result__qty_written(m, (int32_t)s, d->qty);
		add(f, (int32_t)s, d->date, F_REVENUE, qty * price_of(m, (int32_t)s));
		move(f, (int32_t)s, d->date, -qty);
	}
	for (size_t i = 0; i < f->ncell * f->nb * FIN_NVALUES; i++)
		f->acc[i] += f->comp[i];
	/* moves to levels */
	for (size_t c = 0; c < f->ncell; c++)
		for (size_t b = 1; b < f->nb; b++) {
			double *now = &f->acc[(c * f->nb + b) * FIN_NVALUES];
			const double *before = now - FIN_NVALUES;
			now[F_HOLDING] += before[F_HOLDING];
			now[F_VALUE] += before[F_VALUE];
		}
}

static void sum_into(plan_fin_rec *to, const double *v)
{
	for (int k = 0; k < FIN_NVALUES; k++)
		to->v[k] += v[k];
}

/* The rows: detail (cells x buckets), then the roll-ups to site, family and
 * enterprise, each in order of site, family and bucket. */
static int rows(plan_result *r, fin *f, const uint64_t *key, size_t nf)
{
	size_t nb = f->nb, nsite = 0;
	long last = -1;
	for (size_t c = 0; c < f->ncell; c++)
		if ((long)(key[c] >> 32) != last) {
			last = (long)(key[c] >> 32);
			nsite++;
		}
	/* by family: its place among the families that have a SKU, or -1 */
	int32_t *fampos = malloc((nf ? nf : 1) * sizeof(*fampos));
	if (!fampos)
		return PLAN_ENOMEM;
	for (size_t k = 0; k < nf; k++)
		fampos[k] = -1;
	for (size_t c = 0; c < f->ncell; c++)
		fampos[key[c] & 0xffffffffu] = 0;
	size_t nfu = 0;
	for (size_t k = 0; k < nf; k++)
		if (fampos[k] >= 0)
			fampos[k] = (int32_t)nfu++;
	size_t n = (f->ncell + nsite + nfu + 1) * nb;
	r->fin = calloc(n ? n : 1, sizeof(*r->fin));
	if (!r->fin) {
		free(fampos);
		return PLAN_ENOMEM;
	}
	plan_fin_rec *out = r->fin;
	/* detail */
	for (size_t c = 0; c < f->ncell; c++)
		for (size_t b = 0; b < nb; b++, out++) {
			*out = (plan_fin_rec){ (int32_t)(key[c] >> 32), (int32_t)(key[c] & 0xffffffffu),
					       (int32_t)b, FIN_DETAIL, { 0 } };
			sum_into(out, &f->acc[(c * nb + b) * FIN_NVALUES]);
		}
	/* sites: their cells are adjacent */
	for (size_t c = 0; c < f->ncell;) {
		int32_t site = (int32_t)(key[c] >> 32);
		for (size_t b = 0; b < nb; b++)
			out[b] = (plan_fin_rec){ site, -1, (int32_t)b, FIN_SITE, { 0 } };
		for (; c < f->ncell && (int32_t)(key[c] >> 32) == site; c++)
			for (size_t b = 0; b < nb; b++)
				sum_into(&out[b], &f->acc[(c * nb + b) * FIN_NVALUES]);
		out += nb;
	}
	/* families: each cell into its family's rows, one pass */
	for (size_t k = 0; k < nf; k++)
		for (size_t b = 0; fampos[k] >= 0 && b < nb; b++)
			out[(size_t)fampos[k] * nb + b] =
				(plan_fin_rec){ -1, (int32_t)k, (int32_t)b, FIN_FAMILY, { 0 } };
	for (size_t c = 0; c < f->ncell; c++) {
		plan_fin_rec *to = &out[(size_t)fampos[key[c] & 0xffffffffu] * nb];
		for (size_t b = 0; b < nb; b++)
			sum_into(&to[b], &f->acc[(c * nb + b) * FIN_NVALUES]);
	}
	out += nfu * nb;
	free(fampos);
	/* the enterprise */
	for (size_t b = 0; b < nb; b++) {
		out[b] = (plan_fin_rec){ -1, -1, (int32_t)b, FIN_ENTERPRISE, { 0 } };
		for (size_t c = 0; c < f->ncell; c++)
			sum_into(&out[b], &f->acc[(c * nb + b) * FIN_NVALUES]);
	}
	r->nfin = n;
	/* the summary's totals: flows over the horizon, stock at its end */
	plan_summary *s = &r->summary;
	for (size_t b = 0; b < nb; b++) {
		s->purchases += out[b].v[F_PURCHASES];
		s->production += out[b].v[F_PRODUCTION];
		s->transport += out[b].v[F_TRANSPORT];
		s->holding += out[b].v[F_HOLDING];
		s->revenue += out[b].v[F_REVENUE];
	}
	s->inventory_value = nb ? out[nb - 1].v[F_VALUE] : 0;
	return 0;
}

int plan_result__finance(plan_result *r)
{
	free(r->fin);
	free(r->fin_fam);
	r->fin = NULL;
	r->fin_fam = NULL;
	r->nfin = 0;
	const plan_model *m = r->model;
	if (!m->sku_cost)
		return 0;
	if (!r->bucket_start) { /* (the capacity step sets them where there are resources) */
		plan_buckets bk = { NULL, 0, PLAN_BUCKET_WEEK };
		if (plan_buckets__build(&bk, &m->horizon) < 0)
			return PLAN_ENOMEM;
		r->bucket_start = bk.start;
		r->nbuckets = bk.n;
	}
	if (!r->nbuckets)
		return 0;
	int32_t *days = plan_result__day_buckets(r);
	if (!days)
		return PLAN_ENOMEM;
	fin f = { r, m, r->nbuckets, 0, NULL, NULL, NULL, days, 0 };
	const char **fam = NULL;
	size_t nf = 0;
	uint64_t *key = NULL;
	int rc = cells(r, &f, &fam, &nf, &key);
	if (!rc) {
		f.acc = calloc(f.ncell * f.nb * FIN_NVALUES + 1, sizeof(*f.acc));
		f.comp = calloc(f.ncell * f.nb * FIN_NVALUES + 1, sizeof(*f.comp));
		if (!f.acc || !f.comp)
			rc = PLAN_ENOMEM;
	}
	if (!rc) {
		gather(&f);
		rc = rows(r, &f, key, nf);
	}
	free(f.cell_of);
	free(f.acc);
	free(f.comp);
	free(days);
	free(key);
	if (rc) {
		free(fam);
		free(r->fin);
		r->fin = NULL;
		r->nfin = 0;
		return rc;
	}
	r->fin_fam = fam;
	return 0;
}
