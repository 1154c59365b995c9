/* Pegging and action messages for one SKU, once its orders exist.
 *
 * Supply (stock on hand, scheduled receipts, planned orders) is allocated to
 * the SKU's requirements first in, first out by date. A requirement placed
 * by an end demand pegs the supply to that demand; one placed by a parent
 * order (a component requirement or a transfer out) passes on the parent's
 * pegs in proportion: if the parent order of quantity Q serves demand d with
 * p units, each unit of supply drawn by that requirement serves d with p/Q.
 * So pegged quantities add up through every level and site; stock kept for
 * safety stock or left over by lot sizing is pegged to nothing. */
#include "engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_supply(const void *a, const void *b)
{
	const plan_supply *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_peg(const void *a, const void *b)
{
	const plan_peg_rec *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->demand < y->demand ? -1 : x->demand > y->demand;
}

static int tpeg(plan_engine *e, int32_t order, int32_t demand, double qty)
{
	if (qty <= PLAN_EPS)
		return 0;
	if (plan_vec__reserve((void **)&e->tpeg, &e->tpeg_cap, sizeof(*e->tpeg), e->ntpeg + 1) < 0)
		return PLAN_ENOMEM;
	e->tpeg[e->ntpeg++] = (plan_peg_rec){ order, demand, qty };
	return 0;
}

/* Supply s gives `take` units to requirement q. */
static int allocate(plan_engine *e, const plan_supply *s, const plan_req *q, double take)
{
	if (s->order < 0)
		return 0; /* stock on hand is no order: nothing to peg */
	if (q->src < 0)
		return tpeg(e, s->order, -1 - q->src, take);
	const plan_result *r = e->res;
	const plan_ord *parent = &r->ord[q->src];
	/* the requirement stands for the whole parent order: what serves
	 * demand d is the share of the parent order pegged to d */
	for (uint32_t k = 0; k < parent->peg_count; k++) {
		const plan_peg_rec *p = &r->peg[parent->peg_first + k];
		int rc = tpeg(e, s->order, p->demand, take * p->qty / parent->qty);
		if (rc)
			return rc;
	}
	return 0;
}

static const char *fmt_date(char *buf, plan_date d)
{
	plan_date_format(buf, d);
	return buf;
}

/* Action messages on the scheduled receipts and the safety stock of a SKU. */
static int messages(plan_engine *e, int32_t sku, size_t nsup)
{
	const plan_sku_def *def = plan__sku(e->m, sku);
	plan_result *r = e->res;
	size_t nb = e->bk.n;
	double ss = def->safety_stock;
	char a[11], b[11];
	int rc = 0;

	/* projected available at the end of each bucket, with the chosen lots:
	 * the lot-for-lot balance plus what the lots put ahead of it */
	double R = 0, P = 0;
	for (size_t k = 0; k < nb; k++) {
		R += e->r[k];
		P += e->planned[k];
		e->pa[k] += P - R;
	}
	/* planned orders released before start cannot happen: past due */
	for (size_t i = (size_t)e->first_order; i < r->nord && !rc; i++) {
		const plan_ord *o = &r->ord[i];
		if (o->release < e->start)
			rc = plan_result__exception(r, EXC_PAST_DUE_RELEASE, PLAN_EXC_CRITICAL, sku,
						    (int32_t)i, -1, o->release, o->qty,
						    "past-due release: due %s, released %s, %d days before start",
						    fmt_date(a, o->due), fmt_date(b, o->release),
						    (int)(e->start - o->release));
	}
	if (rc)
		return rc;
	/* earliest planned order of the SKU */
	plan_date first_planned = PLAN_DATE_NONE;
	int32_t first_planned_order = -1;
	for (size_t i = (size_t)e->first_order; i < r->nord; i++) {
		if (r->ord[i].sku == sku && (first_planned == PLAN_DATE_NONE || r->ord[i].due < first_planned)) {
			first_planned = r->ord[i].due;
			first_planned_order = (int32_t)i;
		}
	}
	for (size_t i = 0; i < nsup && !rc; i++) {
		const plan_supply *s = &e->sup[i];
		if (s->order < 0 || r->ord[s->order].receipt < 0)
			continue;
		const plan_ord *o = &r->ord[s->order];
		size_t br = plan_buckets__of(&e->bk, s->date);
		if (br >= nb)
			continue; /* beyond the horizon */
		double minpa = INFINITY;
		if (first_planned != PLAN_DATE_NONE && first_planned < e->bk.start[br] &&
		    s->first_use != PLAN_DATE_NONE) {
			rc = plan_result__exception(r, EXC_RESCHEDULE_IN, PLAN_EXC_WARNING, sku, s->order,
						    -1, first_planned, o->qty,
						    "reschedule in: receipt due %s is needed by %s, where a new "
						    "order is planned",
						    fmt_date(a, o->due), fmt_date(b, first_planned));
			(void)first_planned_order;
			continue;
		}
		if (s->first_use == PLAN_DATE_NONE) {
			for (size_t k = br; k < nb; k++)
				if (e->pa[k] < minpa)
					minpa = e->pa[k];
			if (minpa - o->qty >= ss - PLAN_EPS * (1 + ss))
				rc = plan_result__exception(r, EXC_CANCEL, PLAN_EXC_WARNING, sku, s->order, -1,
							    o->due, o->qty,
							    "cancel: nothing needs receipt due %s within the horizon",
							    fmt_date(a, o->due));
			continue;
		}
		size_t bu = plan_buckets__of(&e->bk, s->first_use);
		if (bu > br) {
			for (size_t k = br; k < bu; k++)
				if (e->pa[k] < minpa)
					minpa = e->pa[k];
			if (minpa - o->qty >= ss - PLAN_EPS * (1 + ss))
				rc = plan_result__exception(r, EXC_RESCHEDULE_OUT, PLAN_EXC_INFO, sku,
							    s->order, -1, e->bk.start[bu], o->qty,
							    "reschedule out: receipt due %s is first needed %s",
							    fmt_date(a, o->due), fmt_date(b, e->bk.start[bu]));
		}
	}
	if (rc)
		return rc;

	/* safety stock kept only thanks to orders released before start */
	if (ss > 0) {
		double late = 0;
		size_t k = 0, i = (size_t)e->first_order;
		for (; k < nb; k++) {
			for (; i < r->nord && r->ord[i].sku == sku &&
			       plan_buckets__of(&e->bk, r->ord[i].due) <= k; i++)
				if (r->ord[i].release < e->start)
					late += r->ord[i].qty;
			if (e->pa[k] - late < ss - PLAN_EPS * (1 + ss))
				break;
		}
		if (k < nb)
			rc = plan_result__exception(r, EXC_BELOW_SAFETY_STOCK, PLAN_EXC_WARNING, sku, -1, -1,
						    e->bk.start[k], ss - (e->pa[k] - late),
						    "below safety stock %.10g by %.10g in the bucket of %s "
						    "unless orders released before start arrive",
						    ss, ss - (e->pa[k] - late), fmt_date(a, e->bk.start[k]));
	}
	return rc;
}

int plan_pegging__sku(plan_engine *e, int32_t sku, plan_req *reqs, size_t nreq)
{
	const plan_sku_def *def = plan__sku(e->m, sku);
	plan_result *r = e->res;
	plan_date start = e->start;
	int32_t nrec = e->rec_off[sku + 1] - e->rec_off[sku];
	size_t nplan = r->nord - (size_t)e->first_order;
	size_t nsup = 1 + (size_t)nrec + nplan;
	if (plan_vec__reserve((void **)&e->sup, &e->sup_cap, sizeof(*e->sup), nsup) < 0)
		return PLAN_ENOMEM;
	size_t n = 0;
	e->sup[n++] = (plan_supply){ start, -1, def->on_hand, PLAN_DATE_NONE };
	for (int32_t k = 0; k < nrec; k++) {
		int32_t o = e->rec_ord[e->rec_off[sku] + k];
		plan_date d = r->ord[o].due > start ? r->ord[o].due : start;
		e->sup[n++] = (plan_supply){ d, o, r->ord[o].qty, PLAN_DATE_NONE };
	}
	for (size_t i = (size_t)e->first_order; i < r->nord; i++) {
		plan_date d = r->ord[i].due > start ? r->ord[i].due : start;
		e->sup[n++] = (plan_supply){ d, (int32_t)i, r->ord[i].qty, PLAN_DATE_NONE };
	}
	/* on hand (order -1) sorts first on start; then receipts, then planned
	 * orders, which have higher indices */
	qsort(e->sup, n, sizeof(*e->sup), cmp_supply);

	e->ntpeg = 0;
	size_t s = 0;
	for (size_t i = 0; i < nreq; i++) {
		const plan_req *q = &reqs[i];
		double left = q->qty;
		plan_date when = q->date > start ? q->date : start;
		while (left > PLAN_EPS * (1 + q->qty) && s < n) {
			plan_supply *sp = &e->sup[s];
			if (sp->left <= PLAN_EPS * (1 + q->qty)) {
				s++;
				continue;
			}
			double take = left < sp->left ? left : sp->left;
			if (sp->first_use == PLAN_DATE_NONE)
				sp->first_use = when;
			int rc = allocate(e, sp, q, take);
			if (rc)
				return rc;
			sp->left -= take;
			left -= take;
		}
	}

	/* merge the pegs of each order and store them */
	if (e->ntpeg > 1)
		qsort(e->tpeg, e->ntpeg, sizeof(*e->tpeg), cmp_peg);
	for (size_t i = 0; i < e->ntpeg;) {
		size_t j = i;
		double sum = 0;
		while (j < e->ntpeg && e->tpeg[j].order == e->tpeg[i].order &&
		       e->tpeg[j].demand == e->tpeg[i].demand)
			sum += e->tpeg[j++].qty;
		if (plan_vec__reserve((void **)&r->peg, &r->peg_cap, sizeof(*r->peg), r->npeg + 1) < 0)
			return PLAN_ENOMEM;
		plan_ord *o = &r->ord[e->tpeg[i].order];
		if (o->peg_count == 0)
			o->peg_first = (uint32_t)r->npeg;
		o->peg_count++;
		r->peg[r->npeg++] = (plan_peg_rec){ e->tpeg[i].order, e->tpeg[i].demand, sum };
		i = j;
	}
	return messages(e, sku, n);
}
