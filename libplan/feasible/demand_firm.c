/* Firm planned and released orders in the feasible plan (format.md, "Firm
 * planned and released orders", 1.1): they keep their dates and take what
 * they need first, before any demand. Released work orders' operations
 * load their resources; each firm order, by release (then row), books its
 * routing within [release, due] as late as it fits, and what it draws (its
 * components, a transfer's source and lane room) is asked for its release
 * like a demand's needs. What a firm order cannot have is no lever the
 * planner may pull (its dates are the user's): the overload or the
 * shortfall stays in the plan, reported as critical, and the plan breaks
 * the rules it breaks. */
#include "feasible/demand_impl.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct fkey {
	plan_date release;
	int32_t order;
} fkey;

static int cmp_fkey(const void *a, const void *b)
{
	const fkey *x = a, *y = b;
	if (x->release != y->release)
		return x->release < y->release ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* Books firm make order o on its routing: as late as it fits, else as
 * the unconstrained plan would (an overload, reported). */
static int book(dplan *p, int32_t o)
{
	const plan_ord *x = &p->w->ord[o];
	if (x->kind != PLAN_ORDER_MAKE || !plan_capacity__routed(p->cap, x->sku))
		return 0;
	plan_date first, due = x->due > x->release ? x->due : x->release;
	int alt;
	int rc = plan_capacity__book(p->cap, o, x->release, due, &first, &alt);
	if (rc == 1)
		return 0;
	if (rc < 0)
		return rc;
	const plan_receipt_def *d = TAB_ROW(p->m, PLAN_TABLE_RECEIPTS, x->receipt);
	char a[11], b[11];
	plan_date_format(a, x->release);
	plan_date_format(b, due);
	rc = plan_capacity__force(p->cap, o);
	if (!rc)
		rc = plan_result__exception(p->w, EXC_FIRM_SHORT, PLAN_EXC_CRITICAL, x->sku, o, -1,
					    x->release, x->qty,
					    "firm order %s: its routing does not fit in %s..%s with "
					    "what is left; loaded anyway (overload)", d->id, a, b);
	return rc;
}

/* What firm order o draws, for its release: the part it gets (1: all);
 * a transfer's part its lane has room for in its bucket, in *room. */
static double draw(dplan *p, int32_t o, double *room)
{
	const plan_ord *x = &p->w->ord[o];
	*room = 1;
	if (x->kind == PLAN_ORDER_MAKE)
		return plan_demand__components(p, x->sku, x->qty, x->release, o);
	if (x->kind != PLAN_ORDER_TRANSFER || x->lane < 0)
		return 1;
	double *used = &p->lane_used[(size_t)x->lane * p->nb + plan_buckets__of(&p->e->bk, x->release)];
	double max = ((const plan_lane_def *)TAB_ROW(p->m, PLAN_TABLE_SOURCING, x->lane))->max_per_bucket;
	if (max != PLAN_NONE && x->qty > 0)
		*room = *used >= max ? 0 : (max - *used) / x->qty;
	*used += x->qty;
	double got = plan_demand__need(p, p->e->lane_src[x->lane], x->qty, x->release, o);
	return x->qty > 0 ? got / x->qty : 1;
}

int plan_demand__firm(dplan *p)
{
	plan_result *w = p->w;
	size_t n = 0;
	int rc = plan_capacity__operations(p->cap);
	fkey *k = malloc((w->nsched + 1) * sizeof(*k));
	if (!k)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < w->nsched; i++)
		if (plan_model__rec_status(p->m, (size_t)w->ord[i].receipt) == PLAN_RECEIPT_FIRM)
			k[n++] = (fkey){ w->ord[i].release, (int32_t)i };
	qsort(k, n, sizeof(*k), cmp_fkey);
	for (size_t j = 0; j < n && !rc; j++) {
		int32_t o = k[j].order;
		rc = book(p, o);
		double room = 1, got = rc ? 1 : draw(p, o, &room);
		plan_demand__commit(p);
		plan_demand__why_clear(p);
		if (!rc)
			rc = p->rc;
		const plan_ord *x = &w->ord[o];
		const plan_receipt_def *d = TAB_ROW(p->m, PLAN_TABLE_RECEIPTS, x->receipt);
		char a[11];
		plan_date_format(a, x->release);
		if (!rc && got < 1 - 1e-9)
			rc = plan_result__exception(w, EXC_FIRM_SHORT, PLAN_EXC_CRITICAL, x->sku, o, -1,
						    x->release, x->qty * (1 - got),
						    "firm order %s: what it draws on %s is short for %.10g "
						    "of its %.10g (components or source); the plan keeps it "
						    "as it is", d->id, a, x->qty * (1 - got), x->qty);
		if (!rc && room < 1 - 1e-9)
			rc = plan_result__exception(w, EXC_FIRM_SHORT, PLAN_EXC_CRITICAL, x->sku, o, -1,
						    x->release, x->qty * (1 - room),
						    "firm order %s: its lane from %s has room for %.10g of "
						    "its %.10g in the bucket of %s; the plan ships it as it "
						    "is", d->id, d->source, x->qty * room, x->qty, a);
	}
	free(k);
	return rc;
}
