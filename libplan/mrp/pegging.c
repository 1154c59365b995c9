/* Pegging and action messages for one SKU, once its orders exist.
 *
 * Supply (stock on hand, scheduled receipts, planned orders) is allocated to
 * the SKU's requirements first in, first out by date. A requirement placed
 * by an end demand pegs the supply to that demand; one placed by a parent
 * order (a component requirement or a transfer out) passes on the parent's
 * pegs in proportion: if the parent order of quantity Q serves demand d with
 * p units, each unit of supply drawn by that requirement serves d with p/Q.
 * So pegged quantities add up through every level and site; stock kept for
 * safety stock or left over by lot sizing is pegged to nothing.
 *
 * Planning stores the single-level allocations only (supply -> the demand or
 * parent order it serves), which cost no more than the requirements; the
 * end-demand pegs are traced from them when asked, parents first. */
#include "mrp/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Supply s gives `take` units to requirement q: single-level pegging. The
 * FIFO walk meets the supplies in order, so each order's allocations are
 * contiguous. */
static int allocate(plan_engine *e, const plan_supply *s, const plan_req *q, double take)
{
	plan_result *r = e->res;
	if (s->order < 0 || take <= PLAN_EPS)
		return 0; /* stock on hand is no order: nothing to peg */
	if (plan_big__reserve((void **)&r->alloc, &r->alloc_cap, sizeof(*r->alloc), r->nalloc + 1) < 0)
		return PLAN_ENOMEM;
	plan_ord *o = &r->ord[s->order];
	if (o->alloc_count == 0)
		o->alloc_first = (uint32_t)r->nalloc;
	o->alloc_count++; /* (1.1: a yield's, regrouped at the end) */
	if (plan_model__has_outputs(e->m)) {
		/* (1.1) the product it gives: a run's output, or -1 */
		if (plan_vec__reserve((void **)&r->alloc_out, &e->alloc_out_cap, sizeof(*r->alloc_out),
				      r->nalloc + 1) < 0)
			return PLAN_ENOMEM;
		r->alloc_out[r->nalloc] = o->sku == q->sku ? -1 : q->sku;
	}
	r->alloc[r->nalloc++] = (plan_alloc_rec){ s->order, q->src, take / s->per };
	return 0;
}

int plan_pegging__regroup(plan_result *r)
{
	size_t n = r->nalloc, no = r->nord;
	uint32_t *at = calloc(no + 1, sizeof(*at));
	plan_alloc_rec *by = malloc((n ? n : 1) * sizeof(*by));
	int32_t *out = malloc((n ? n : 1) * sizeof(*out));
	if (!at || !by || !out) {
		free(at);
		free(by);
		free(out);
		return PLAN_ENOMEM;
	}
	/* a stable counting sort by order */
	for (size_t i = 0; i < n; i++)
		at[r->alloc[i].order + 1]++;
	for (size_t o = 0; o < no; o++) {
		r->ord[o].alloc_first = at[o];
		r->ord[o].alloc_count = at[o + 1];
		at[o + 1] += at[o];
	}
	for (size_t i = 0; i < n; i++) {
		out[at[r->alloc[i].order]] = r->alloc_out ? r->alloc_out[i] : -1;
		by[at[r->alloc[i].order]++] = r->alloc[i];
	}
	memcpy(r->alloc, by, n * sizeof(*by));
	free(r->alloc_out);
	r->alloc_out = out;
	free(at);
	free(by);
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
	double ss = e->seg >= 0 ? 0 : def->safety_stock; /* (1.1: a project's stock keeps none) */
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
		int32_t os = o->sku; /* (1.1: a co-product's are its recipe's runs) */
		if (o->release < e->start)
			rc = plan_result__exception(r, EXC_PAST_DUE_RELEASE, PLAN_EXC_CRITICAL, os,
						    (int32_t)i, -1, o->release, o->qty,
						    "past-due release: due %s, released %s, %d day%s before start",
						    fmt_date(a, o->due), fmt_date(b, o->release),
						    (int)(e->start - o->release),
						    e->start - o->release == 1 ? "" : "s");
		else if (o->release < plan_engine__floor(e, os)) {
			char c[11];
			const plan_sku_def *d = plan__sku(e->m, os);
			rc = plan_result__exception(r, EXC_INSIDE_FENCE, PLAN_EXC_CRITICAL, os,
						    (int32_t)i, -1, o->release, o->qty,
						    "inside the time fence: due %s, released %s; %s@%s "
						    "releases nothing new before %s (%d working day%s "
						    "frozen): the constrained plan moves it there",
						    fmt_date(a, o->due), fmt_date(b, o->release), d->item,
						    d->site, fmt_date(c, plan_engine__floor(e, os)),
						    d->frozen_days, d->frozen_days == 1 ? "" : "s");
		}
	}
	if (rc)
		return rc;
	/* earliest planned order of the SKU */
	plan_date first_planned = PLAN_DATE_NONE;
	for (size_t i = (size_t)e->first_order; i < r->nord; i++) {
		if (r->ord[i].sku == sku && (first_planned == PLAN_DATE_NONE || r->ord[i].due < first_planned)) {
			first_planned = r->ord[i].due;
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
	int32_t nrec = e->seg >= 0 ? 0 : e->rec_off[sku + 1] - e->rec_off[sku];
	size_t nplan = r->nord - (size_t)e->first_order;
	size_t nsup = 1 + (size_t)nrec + nplan + nreq;
	if (plan_vec__reserve((void **)&e->sup, &e->sup_cap, sizeof(*e->sup), nsup) < 0)
		return PLAN_ENOMEM;
	/* (1.1) a co-product's own orders are runs of its recipe */
	int32_t co = plan_model__co_row(e->m, sku);
	double own_per = co >= 0 ? ((const plan_output_def *)TAB_ROW(e->m, PLAN_TABLE_OUTPUTS, co))->qty_per : 1;
	/* on hand first, then receipts, (1.1) yields of other orders (minus
	 * requirements, by day) and planned orders merged by the day they
	 * arrive (each list is in that order already); on a tie the
	 * receipt, which has the lower index, comes first, then a yield */
	size_t n = 0, ri = 0, pi = (size_t)e->first_order, yi = 0;
	e->sup[n++] = (plan_supply){ start, -1, e->seg >= 0 ? 0 : def->on_hand, PLAN_DATE_NONE, 1 };
	const int32_t *rec = e->rec_ord + e->rec_off[sku];
	for (;;) {
		while (yi < nreq && !(reqs[yi].qty < 0))
			yi++;
		plan_date dr = PLAN_DATE_NONE, dp = PLAN_DATE_NONE, dy = PLAN_DATE_NONE;
		if (ri < (size_t)nrec)
			dr = r->ord[rec[ri]].due > start ? r->ord[rec[ri]].due : start;
		if (pi < r->nord)
			dp = r->ord[pi].due > start ? r->ord[pi].due : start;
		if (yi < nreq)
			dy = reqs[yi].date > start ? reqs[yi].date : start;
		if (ri < (size_t)nrec && (pi >= r->nord || dr <= dp) && (yi >= nreq || dr <= dy)) {
			e->sup[n++] = (plan_supply){ dr, rec[ri], r->ord[rec[ri]].qty, PLAN_DATE_NONE, 1 };
			ri++;
		} else if (yi < nreq && (pi >= r->nord || dy <= dp)) {
			const plan_ord *y = &r->ord[reqs[yi].src];
			e->sup[n++] = (plan_supply){ dy, reqs[yi].src, -reqs[yi].qty, PLAN_DATE_NONE,
						     -reqs[yi].qty / y->qty };
			yi++;
		} else if (pi < r->nord) {
			e->sup[n++] = (plan_supply){ dp, (int32_t)pi, r->ord[pi].qty * own_per,
						     PLAN_DATE_NONE, own_per };
			pi++;
		} else {
			break;
		}
	}

	size_t s = 0;
	for (size_t i = 0; i < nreq; i++) {
		const plan_req *q = &reqs[i];
		if (!(q->qty > 0))
			continue; /* (1.1: a yield, supply above) */
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

	return messages(e, sku, n);
}
