/* What planned orders require of other SKUs: a make order requires each
 * component of its BOM effective on its release date (valid_from inclusive,
 * valid_until exclusive), qty x qty_per / (yield x (1 - scrap)), at its site
 * on its release date; a phantom component is never ordered, its requirement
 * passes straight to its own components (nested phantoms too). A transfer
 * order is a requirement of its source SKU on its release date. */
#include "mrp/engine.h"

#include <stdlib.h>

static int explode(plan_engine *e, int32_t order, int32_t sku, double qty, plan_date release,
		   int depth)
{
	if (depth > 64)
		return 0; /* phantom cycles are rejected by validation */
	double yield = e->yield[sku];
	for (int32_t k = e->bom_off[sku]; k < e->bom_off[sku + 1]; k++) {
		const plan_edge *b = &e->bom_edge[k];
		if ((b->from != PLAN_DATE_NONE && release < b->from) ||
		    (b->until != PLAN_DATE_NONE && release >= b->until))
			continue;
		/* format.md's formula, operation for operation */
		double need = qty * b->qty_per / (yield * b->keep);
		int rc;
		if (e->phantom[b->child]) {
			rc = explode(e, order, b->child, need, release, depth + 1);
		} else {
			plan_req q = { b->child, release, need, order };
			rc = plan_queue__push(e, &q);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* The BOM lines of SKU s an order made by alternate a (-1: the primary)
 * draws on, packed from out[k] on; returns the end. */
static int32_t pack_edges(const plan_model *m, int32_t s, int32_t a, plan_edge *out, int32_t k)
{
	for (int32_t x = m->edge_off[s]; x < m->edge_off[s + 1]; x++) {
		int32_t row = m->edge_row[x];
		if (row < 0 || !plan_model__bom_row_of(m, row, a))
			continue;
		const plan_bom_def *b = TAB_ROW(m, PLAN_TABLE_BOM, row);
		out[k++] = (plan_edge){ m->edge_to[x], b->valid_from, b->valid_until, b->qty_per,
					1.0 - b->scrap };
	}
	return k;
}

/* Packs the BOM edges and per-SKU facts explosion reads. */
int plan_explode__prepare(plan_engine *e)
{
	const plan_model *m = e->m;
	size_t n = e->nsku, nl = m->tab[PLAN_TABLE_SOURCING].n;
	e->bom_off = malloc((n + 1) * sizeof(*e->bom_off));
	e->bom_edge = malloc((m->nedge ? m->nedge : 1) * sizeof(*e->bom_edge));
	e->yield = malloc((n ? n : 1) * sizeof(*e->yield));
	e->phantom = malloc(n ? n : 1);
	e->lane_src = malloc((nl ? nl : 1) * sizeof(*e->lane_src));
	if (!e->bom_off || !e->bom_edge || !e->yield || !e->phantom || !e->lane_src)
		return PLAN_ENOMEM;
	int32_t k = 0;
	for (size_t s = 0; s < n; s++) {
		const plan_sku_def *d = plan__sku(m, (int32_t)s);
		e->yield[s] = d->yield;
		e->phantom[s] = (uint8_t)d->phantom;
		e->bom_off[s] = k;
		k = pack_edges(m, (int32_t)s, -1, e->bom_edge, k);
	}
	e->bom_off[n] = k;
	/* each alternate's lines (1.1; its own, else the primary's) */
	if (m->nalt) {
		size_t na = m->nalt, ne = 0;
		for (size_t a = 0; a < na; a++)
			ne += (size_t)(m->edge_off[m->alt[a].sku + 1] - m->edge_off[m->alt[a].sku]);
		e->alt_off = malloc((na + 1) * sizeof(*e->alt_off));
		e->alt_edge = malloc((ne + 1) * sizeof(*e->alt_edge));
		if (!e->alt_off || !e->alt_edge)
			return PLAN_ENOMEM;
		k = 0;
		for (size_t a = 0; a < na; a++) {
			e->alt_off[a] = k;
			k = pack_edges(m, m->alt[a].sku, (int32_t)a, e->alt_edge, k);
		}
		e->alt_off[na] = k;
	}
	for (size_t l = 0; l < nl; l++)
		e->lane_src[l] = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, l, 0),
							  TAB_ID(m, PLAN_TABLE_SOURCING, l, 2));
	return 0;
}

int plan_explode__yields(plan_engine *e, int32_t i)
{
	const plan_model *m = e->m;
	const plan_ord *o = &e->res->ord[i];
	int32_t k0, k1;
	const int32_t *rows = plan_model__outputs_of(m, o->sku, &k0, &k1);
	for (int32_t k = k0; k < k1; k++) {
		int32_t b = m->out_sku[rows[k]];
		if (m->sku_llc[b] <= e->level)
			continue; /* netted already: stock beyond its plan */
		const plan_output_def *d = TAB_ROW(m, PLAN_TABLE_OUTPUTS, rows[k]);
		plan_req q = { b, o->due, -(o->qty * d->qty_per), i };
		int rc = plan_queue__push(e, &q);
		if (rc)
			return rc;
	}
	return 0;
}

int plan_explode__orders(plan_engine *e, int32_t first, int32_t end)
{
	plan_result *r = e->res;
	for (int32_t i = first; i < end; i++) {
		const plan_ord *o = &r->ord[i];
		int rc = 0;
		if (o->kind == PLAN_ORDER_MAKE) {
			rc = explode(e, i, o->sku, o->qty, o->release, 0);
			if (!rc && plan_model__has_outputs(e->m))
				rc = plan_explode__yields(e, i);
		} else if (o->kind == PLAN_ORDER_TRANSFER) {
			plan_req q = { e->lane_src[o->lane], o->release, o->qty, i };
			rc = plan_queue__push(e, &q);
		}
		if (rc)
			return rc;
	}
	return 0;
}
