/* What planned orders require of other SKUs: a make order requires each
 * component of its BOM effective on its release date (valid_from inclusive,
 * valid_until exclusive), qty x qty_per / (yield x (1 - scrap)), at its site
 * on its release date; a phantom component is never ordered, its requirement
 * passes straight to its own components (nested phantoms too). A transfer
 * order is a requirement of its source SKU on its release date. */
#include "engine.h"

int plan_engine__push_req(plan_engine *e, const plan_req *q)
{
	plan_req_list *l = &e->pending[e->m->sku_llc[q->sku]];
	if (plan_big__reserve((void **)&l->v, &l->cap, sizeof(*l->v), l->n + 1) < 0)
		return PLAN_ENOMEM;
	l->v[l->n++] = *q;
	return 0;
}

static int explode(plan_engine *e, int32_t order, int32_t sku, double qty, plan_date release,
		   int depth)
{
	const plan_model *m = e->m;
	const plan_sku_def *def = plan__sku(m, sku);
	if (depth > 64)
		return 0; /* phantom cycles are rejected by validation */
	for (int32_t k = m->edge_off[sku]; k < m->edge_off[sku + 1]; k++) {
		int32_t row = m->edge_row[k];
		if (row < 0)
			continue;
		const plan_bom_def *b = TAB_ROW(m, PLAN_TABLE_BOM, row);
		if ((b->valid_from != PLAN_DATE_NONE && release < b->valid_from) ||
		    (b->valid_until != PLAN_DATE_NONE && release >= b->valid_until))
			continue;
		double need = qty * b->qty_per / (def->yield * (1.0 - b->scrap));
		int32_t c = m->edge_to[k];
		int rc;
		if (plan__sku(m, c)->phantom) {
			rc = explode(e, order, c, need, release, depth + 1);
		} else {
			plan_req q = { c, release, need, order };
			rc = plan_engine__push_req(e, &q);
		}
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
		} else if (o->kind == PLAN_ORDER_TRANSFER) {
			int32_t item = TAB_ID(e->m, PLAN_TABLE_SOURCING, o->lane, 0);
			int32_t src = TAB_ID(e->m, PLAN_TABLE_SOURCING, o->lane, 2);
			plan_req q = { (int32_t)plan_model__sku(e->m, item, src), o->release, o->qty, i };
			rc = plan_engine__push_req(e, &q);
		}
		if (rc)
			return rc;
	}
	return 0;
}
