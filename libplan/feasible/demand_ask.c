/* A demand asked for on a day (demand_impl.h): what its SKU gives then,
 * through every level, delivered; the late part's orders noted as levers.
 * The demand loop (demand_plan.c) and fair share (demand_share.c) ask by
 * it. */
#include "base/numfmt.h"
#include "feasible/demand_impl.h"

static int ask(dplan *p, int32_t d, dstate *st, plan_date day);

/* Asks for what is left of demand d on day, delivers what comes; (1.1)
 * a project's material from its project's stock. */
int plan_demand__ask(dplan *p, int32_t d, dstate *st, plan_date day)
{
	int32_t was = p->seg;
	if (p->m->nspecific)
		p->seg = plan_model__material_project(p->m, (size_t)d);
	int rc = ask(p, d, st, day);
	p->seg = was;
	return rc;
}

static int ask(dplan *p, int32_t d, dstate *st, plan_date day)
{
	const plan_demand_def *dd = TAB_ROW(p->m, PLAN_TABLE_DEMAND, d);
	size_t o0 = p->w->nord, a0 = p->nal;
	int was = p->probing;
	mark k = plan_demand__mark(p);
	double g = plan_demand__need(p, st->sku, st->left, day, -1 - d);
	int dec = plan_model__sku_dec(p->m, st->sku);
	if (!p->rc && g > EPS && !plan_qty__is_multiple(g, dec)) {
		/* part of a unit came (1.1): the whole units of it, asked again */
		plan_demand__rollback(p, k);
		p->probing = was;
		g = plan_demand__need(p, st->sku, plan_qty__down(g, dec), day, -1 - d);
	}
	p->probing = was;
	if (!p->rc && !(g > EPS))
		plan_demand__rollback(p, k); /* a crumb is not delivered: not booked either */
	if (p->rc || !(g > EPS))
		return p->rc;
	if (day > dd->due && day > p->start) {
		char a[11], b[11];
		plan_date_format(a, dd->due);
		plan_date_format(b, day);
		/* the new orders that give the demand itself (what they draw on
		 * is there for them) */
		for (size_t i = a0; i < p->nal && !p->rc; i++)
			if (p->al[i].src == -1 - d && (size_t)p->al[i].order >= o0)
				plan_demand__lever(p, p->al[i].order, ADJ_LATER,
						   st->why ? st->why : "nothing earlier",
						   "for the late part of %s (due %s), delivered %s",
						   dd->id, a, b);
	}
	plan_demand__commit(p);
	if (plan_result__add_delivery(p->w, d, day, g) < 0)
		return PLAN_ENOMEM;
	if (day <= dd->due || day == p->start)
		st->on_time += g;
	else
		st->parts++; /* a late part */
	st->left -= g;
	st->last = day;
	return 0;
}

