/* The demand-driven planner's journal (demand_impl.h): what an attempt
 * booked, so that a part that fails gives it all back (capacity, lane
 * room, stock, leftovers, orders, allocations, lot sizes), last first. */
#include "feasible/demand_impl.h"

mark plan_demand__mark(const dplan *p)
{
	return (mark){ p->nlog, p->nal, p->w->nord, p->w->nload, p->w->nexc, p->w->nadj, p->nxs,
		       p->ntk };
}

/* Buy order o due on due again, released its lead time before (its
 * supplier's, 1.1). */
static void pull_back(dplan *p, int32_t o, plan_date due)
{
	plan_ord *x = &p->w->ord[o];
	x->due = due;
	if (x->lane >= 0) {
		x->release = plan_cal__supplier_release(&p->e->cals, p->m, (size_t)x->lane, due);
		return;
	}
	const plan_cal *cal = plan_cal__of_site(&p->e->cals, TAB_ID(p->m, PLAN_TABLE_SKUS, x->sku, 1));
	x->release = plan_cal__back(cal, due, plan__sku(p->m, x->sku)->lead_time);
}

void plan_demand__rollback(dplan *p, mark k)
{
	while (p->nlog > k.nlog) {
		const dlog *l = &p->log[--p->nlog];
		if (l->kind == LOG_TAKE) {
			dsup *s = &p->sup[l->a];
			int had = s->left > EPS;
			s->left += l->qty;
			if (!had && s->left > EPS)
				plan_demand__touch(p, s->sku);
		} else if (l->kind == LOG_XTAKE) {
			p->xs[l->a].left += l->qty;
		} else if (l->kind == LOG_PUSH) {
			p->xs_head[p->xs[l->a].sku] = p->xs[l->a].next;
			plan_demand__touch(p, p->xs[l->a].sku);
		} else if (l->kind == LOG_UNLINK) {
			if (l->qty < 0)
				p->xs_head[p->xs[l->a].sku] = l->a;
			else
				p->xs[(int32_t)l->qty].next = l->a;
			plan_demand__touch(p, p->xs[l->a].sku);
		}
		else if (l->kind == LOG_LANE)
			p->lane_used[l->a] -= l->qty;
		else if (l->kind == LOG_QUOTA)
			p->quota[l->a] += l->qty;
		else if (l->kind == LOG_LAST_BUY)
			p->last_buy[l->a] = (int32_t)l->qty;
		else if (l->kind == LOG_LAST_MOVE)
			p->last_move[l->a] = (int32_t)l->qty;
		else if (l->kind == LOG_LAST_SUP)
			p->last_sup[l->a] = (int32_t)l->qty;
		else if (l->kind == LOG_SUPPLY)
			p->sup_used[l->a] -= l->qty;
		else if (l->kind == LOG_BUDGET)
			p->bud[l->a].left += l->qty;
		else if (l->kind == LOG_PULL)
			pull_back(p, l->a, (plan_date)l->qty);
		else
			p->w->ord[l->a].qty -= l->qty;
	}
	p->nxs = k.nxs;
	p->ntk = k.ntk;
	p->nal = k.nal;
	plan_capacity__unbook(p->cap, k.nload, k.nexc);
	p->w->nord = k.nord;
	p->w->nadj = k.nadj;
}

void plan_demand__journal(dplan *p, int kind, int32_t a, double qty)
{
	if (plan_vec__reserve((void **)&p->log, &p->log_cap, sizeof(*p->log), p->nlog + 1) < 0) {
		p->rc = PLAN_ENOMEM;
		return;
	}
	p->log[p->nlog++] = (dlog){ kind, a, qty };
}

void plan_demand__commit(dplan *p)
{
	if (!p->hold)
		p->nlog = 0;
}

void plan_demand__group_undo(dplan *p, mark k, size_t ndlv, const int32_t *mem, size_t n,
			     dstate *st, const dstate *keep)
{
	plan_demand__rollback(p, k);
	p->w->ndlv = ndlv;
	for (size_t i = 0; i < n; i++)
		st[mem[i]] = keep[i];
}
