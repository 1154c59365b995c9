/* What a demand-driven plan books (demand_impl.h): orders, allocations,
 * what an order takes of stock, and what new supply leaves over (with a
 * recipe's yields, 1.1) for later needs. demand.c's tries book by it. */
#include "feasible/demand_impl.h"

/* Order `by` took qty of stock or a receipt (sup entry). */
void plan_demand__took(dplan *p, int32_t sup, int32_t by, int32_t sku, double qty)
{
	if (plan_vec__reserve((void **)&p->tk, &p->tk_cap, sizeof(*p->tk), p->ntk + 1) < 0) {
		p->rc = PLAN_ENOMEM;
		return;
	}
	p->tk[p->ntk++] = (dtake){ sup, by, sku, qty };
}

/* What order gives src (SAFETY_STOCK: what it keeps as safety stock, a
 * record the trim counts and the plan leaves out): qty of sku, in the
 * order's units (per of sku a unit of it: 1, or a yield's qty_per). */
void plan_demand__allocate(dplan *p, int32_t order, int32_t src, double qty, int32_t sku,
			   double per)
{
	if (plan_vec__reserve((void **)&p->al, &p->al_cap, sizeof(*p->al), p->nal + 1) < 0) {
		p->rc = PLAN_ENOMEM;
		return;
	}
	if (plan_model__has_outputs(p->m)) {
		if (plan_vec__reserve((void **)&p->al_sku, &p->al_sku_cap, sizeof(*p->al_sku),
				      p->nal + 1) < 0) {
			p->rc = PLAN_ENOMEM;
			return;
		}
		p->al_sku[p->nal] = sku;
	}
	p->al[p->nal++] = (plan_alloc_rec){ order, src, qty / per };
}

/* qty of sku from order o stays in stock for later needs (a leftover):
 * per of sku a unit of the order. */
static void leftover(dplan *p, int32_t o, int32_t sku, double qty, double per)
{
	if (plan_vec__reserve((void **)&p->xs, &p->xs_cap, sizeof(*p->xs), p->nxs + 1) < 0) {
		p->rc = PLAN_ENOMEM;
		return;
	}
	p->xs[p->nxs] = (xsup){ p->w->ord[o].due, o, p->xs_head[sku], sku, qty, per,
				plan_demand__seg(p, sku) };
	p->xs_head[sku] = (int32_t)p->nxs;
	plan_demand__journal(p, LOG_PUSH, (int32_t)p->nxs++, 0);
	plan_demand__touch(p, sku);
}

/* Order o made qty: src gets of it what it may still take (allow->left),
 * the rest stays in stock for later needs (a leftover; within the tolerance
 * it is only the rounding of a tiny order). (1.1) A run of a recipe yields
 * its outputs too: leftovers, but the one it was run for (allow->out),
 * which src gets first; the recipe's own item is then all leftover. */
void plan_demand__give(dplan *p, int32_t o, int32_t src, double qty, budget *allow)
{
	int32_t s = p->w->ord[o].sku, to = allow->out >= 0 ? allow->out : s;
	double y = qty * allow->per;
	double t = y < allow->left ? y : allow->left;
	if (t > 0) {
		plan_demand__allocate(p, o, src, t, to, allow->per);
		allow->left -= t;
		allow->given += t;
	}
	if (y - t > PLAN_TOL)
		leftover(p, o, to, y - t, allow->per);
	if (to != s && qty > PLAN_TOL)
		leftover(p, o, s, qty, 1);
	int32_t k0, k1;
	const int32_t *rows = plan_model__outputs_of(p->m, s, &k0, &k1);
	for (int32_t k = k0; k < k1 && p->w->ord[o].kind == PLAN_ORDER_MAKE; k++) {
		int32_t b = p->m->out_sku[rows[k]];
		double per = ((const plan_output_def *)TAB_ROW(p->m, PLAN_TABLE_OUTPUTS, rows[k]))->qty_per;
		if (b != to && qty * per > PLAN_TOL)
			leftover(p, o, b, qty * per, per);
	}
}

int32_t plan_demand__new_order(dplan *p, int32_t sku, int kind, int32_t lane, plan_date release,
			       plan_date due, double qty)
{
	plan_ord o = { sku, lane, -1, (uint8_t)kind, release, due, qty, 0, 0 };
	int32_t i = plan_result__add_order(p->w, &o);
	if (i < 0)
		p->rc = PLAN_ENOMEM;
	if (i >= 0 && p->m->nspecific) { /* (1.1) the project it is for */
		if (plan_vec__reserve((void **)&p->ord_seg, &p->ord_seg_cap, sizeof(*p->ord_seg),
				      (size_t)i + 1) < 0) {
			p->rc = PLAN_ENOMEM;
			return -1;
		}
		p->ord_seg[i] = plan_demand__seg(p, sku);
	}
	return i;
}

/* Whether order o may grow for the need being planned (1.1: a
 * project-specific SKU's order is one project's). */
int plan_demand__same_seg(const dplan *p, int32_t o)
{
	return !p->ord_seg || p->ord_seg[o] == plan_demand__seg(p, p->w->ord[o].sku);
}

/* *last of kind LOG_LAST_* at index i becomes o: the order to grow next
 * (journaled while a group's tries are held open, so that giving them back
 * leaves the next need growing the order it would have grown). */
void plan_demand__set_last(dplan *p, int kind, int32_t *last, int32_t i, int32_t o)
{
	if (p->hold)
		plan_demand__journal(p, kind, i, (double)last[i]);
	last[i] = o;
}

/* Buy and transfer orders of one SKU (a transfer's: of one lane) due the
 * same day are one order, grown as needs come: they load no resource, so
 * growing one changes nothing else. Needs of one day come together (a
 * demand's chain), so the last order of each SKU and lane is the one to
 * grow: *last is where it is remembered, the order to grow or -1. */
int32_t plan_demand__mergeable(const dplan *p, const int32_t *last, int kind, int32_t sku,
			 int32_t lane, plan_date due)
{
	int32_t o = *last;
	/* a rollback may have taken it back, and another taken its place */
	if (o < (int32_t)p->w->nsched || (size_t)o >= p->w->nord)
		return -1;
	const plan_ord *x = &p->w->ord[o];
	return x->kind == kind && x->sku == sku && x->lane == lane && x->due == due && plan_demand__same_seg(p, o) ? o
																	: -1;
}

/* Grows order o by qty (given back on rollback). */
void plan_demand__grow(dplan *p, int32_t o, double qty)
{
	p->w->ord[o].qty += qty;
	plan_demand__journal(p, LOG_GROW, o, qty);
}
