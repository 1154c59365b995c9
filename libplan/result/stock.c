/* Projected stock: what a plan's orders, draws and deliveries do to a SKU's
 * stock, day by day. The verifier checks every SKU's this way; a report or
 * a caller asks for one SKU (plan_result_stock()). */
#include "result/result_impl.h"

#include <stdlib.h>

int plan_result__bom_draws(const plan_model *m, int32_t sku, int32_t alt, double qty, plan_date on,
			   plan_draw_fn fn, void *ctx, int depth)
{
	const plan_sku_def *ps = TAB_ROW(m, PLAN_TABLE_SKUS, sku);
	if (depth > 64)
		return 0;
	for (int32_t k = m->edge_off[sku]; k < m->edge_off[sku + 1]; k++) {
		int32_t row = m->edge_row[k];
		if (row < 0 || !plan_model__bom_row_of(m, row, alt))
			continue;
		const plan_bom_def *b = TAB_ROW(m, PLAN_TABLE_BOM, row);
		if ((b->valid_from != PLAN_DATE_NONE && on < b->valid_from) ||
		    (b->valid_until != PLAN_DATE_NONE && on >= b->valid_until))
			continue;
		double need = qty * b->qty_per / (ps->yield * (1.0 - b->scrap));
		int32_t c = m->edge_to[k];
		const plan_sku_def *cs = TAB_ROW(m, PLAN_TABLE_SKUS, c);
		int rc = cs->phantom ? plan_result__bom_draws(m, c, -1, need, on, fn, ctx, depth + 1)
				     : fn(ctx, c, need);
		if (rc)
			return rc;
	}
	return 0;
}

int plan_result__yields(const plan_model *m, int32_t sku, double qty, plan_draw_fn fn, void *ctx)
{
	int32_t k0, k1;
	const int32_t *rows = plan_model__outputs_of(m, sku, &k0, &k1);
	for (int32_t k = k0; k < k1; k++) {
		const plan_output_def *d = TAB_ROW(m, PLAN_TABLE_OUTPUTS, rows[k]);
		int rc = fn(ctx, m->out_sku[rows[k]], qty * d->qty_per);
		if (rc)
			return rc;
	}
	return 0;
}

typedef struct move {
	plan_date date;
	double qty;
} move;

typedef struct moves {
	int32_t sku;
	plan_date when;   /* of the draws being gathered */
	move *v;
	size_t n, cap;
} moves;

static int add(moves *mv, plan_date d, double q)
{
	if (plan_vec__reserve((void **)&mv->v, &mv->cap, sizeof(*mv->v), mv->n + 1) < 0)
		return PLAN_ENOMEM;
	mv->v[mv->n++] = (move){ d, q };
	return 0;
}

static int draw_of(void *ctx, int32_t comp, double need)
{
	moves *mv = ctx;
	return comp == mv->sku ? add(mv, mv->when, -need) : 0;
}

static int yield_of(void *ctx, int32_t out, double qty)
{
	moves *mv = ctx;
	return out == mv->sku ? add(mv, mv->when, qty) : 0;
}

static int cmp_move(const void *a, const void *b)
{
	const move *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->qty < y->qty ? -1 : x->qty > y->qty;
}

PLAN_EXPORT int plan_result_stock(const plan_result *r, const char *item, const char *site,
				  plan_stock_fn fn, void *ctx)
{
	if (!r || !item || !site || !fn)
		return PLAN_EINVAL;
	const plan_model *m = r->model;
	long s = plan_model_find_sku(m, item, site);
	if (s < 0)
		return PLAN_ENOTFOUND;
	plan_date start = m->horizon.start;
	moves mv = { (int32_t)s, start, NULL, 0, 0 };
	int rc = add(&mv, start, ((const plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, s))->on_hand);
	/* as the verifier counts them: receipts on their due date, draws on the
	 * release of the order that draws, deliveries on their day, nothing
	 * before start */
	for (size_t i = 0; i < r->nord && !rc; i++) {
		const plan_ord *o = &r->ord[i];
		plan_date when = o->release > start ? o->release : start;
		if (o->sku == s)
			rc = add(&mv, o->due > start ? o->due : start, o->qty);
		if (!rc && o->kind == PLAN_ORDER_MAKE && plan_model__has_outputs(m)) {
			mv.when = o->due > start ? o->due : start; /* (1.1: its yields) */
			rc = plan_result__yields(m, o->sku, o->qty, yield_of, &mv);
		}
		/* a scheduled or released receipt has drawn what it needs */
		if (o->receipt >= 0 && plan_model__rec_status(m, (size_t)o->receipt) != PLAN_RECEIPT_FIRM)
			continue;
		if (!rc && o->kind == PLAN_ORDER_MAKE) {
			mv.when = when;
			rc = plan_result__bom_draws(m, o->sku, plan_result__alt_of(o), o->qty, o->release,
						    draw_of, &mv, 0);
		} else if (!rc && o->kind == PLAN_ORDER_TRANSFER && o->lane >= 0 &&
			   plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, o->lane, 0),
					   TAB_ID(m, PLAN_TABLE_SOURCING, o->lane, 2)) == s) {
			rc = add(&mv, when, -o->qty);
		}
	}
	for (size_t i = 0; i < r->ndlv && !rc; i++) {
		const plan_delivery_rec *d = &r->dlv[i];
		if (plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 1),
				    TAB_ID(m, PLAN_TABLE_DEMAND, d->demand, 2)) == s)
			rc = add(&mv, d->date > start ? d->date : start, -d->qty);
	}
	if (!rc) {
		qsort(mv.v, mv.n, sizeof(*mv.v), cmp_move);
		double bal = 0;
		for (size_t i = 0; i < mv.n && !rc; i++) {
			bal += mv.v[i].qty;
			if (i + 1 == mv.n || mv.v[i + 1].date != mv.v[i].date)
				rc = fn(ctx, mv.v[i].date, bal);
		}
	}
	free(mv.v);
	return rc;
}
