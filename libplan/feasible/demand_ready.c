/* The earliest day a SKU could give anything (demand_impl.h), remembered
 * by SKU until something it read changes.
 *
 * ready(s) reads s's stock and leftovers, the first room on the resources
 * of its routing, and ready() of its components (BOM lines valid all the
 * time, through phantoms) and of its lanes' sources. A change of s's stock
 * or leftovers (plan_demand__touch()) or of a resource's room (the
 * capacity's tracking, taken at each top-level ask) forgets s, or the SKUs
 * routed on the resource, and what reads them, upward. The walk up stops at
 * a SKU already forgotten: what reads it was forgotten with it, or has not
 * read it since (it reads what it reads again when it is asked). A phantom's
 * parents read its components directly: it is marked read through (READ_THRU)
 * so that the walk goes on through it. */
#include "feasible/demand_impl.h"

#include <stdlib.h>
#include <string.h>

#define KNOWN 1     /* ready_at holds ready() */
#define READ_THRU 2 /* a phantom whose components a parent read */
#define MAX_DEPTH 64

static plan_date ready_at(dplan *p, int32_t sku, int depth);

/* The latest of the days a make SKU's components (through phantoms; of its
 * alternate alt, 1.1) could give anything; edges valid only for a while
 * are left out (a bound). */
static plan_date components_ready(dplan *p, int32_t sku, int32_t alt, int depth)
{
	const plan_engine *e = p->e;
	plan_date t = p->start;
	int32_t k0, k1;
	const plan_edge *edges = plan_engine__edges(e, sku, alt, &k0, &k1);
	for (int32_t k = k0; k < k1 && t <= p->end; k++) {
		const plan_edge *b = &edges[k];
		if (b->from != PLAN_DATE_NONE || b->until != PLAN_DATE_NONE)
			continue;
		plan_date x;
		if (e->phantom[b->child]) {
			p->ready_ok[b->child] |= READ_THRU;
			x = depth < MAX_DEPTH ? components_ready(p, b->child, -1, depth + 1) : p->start;
		} else {
			x = ready_at(p, b->child, depth + 1);
		}
		if (x > t)
			t = x;
	}
	return t;
}

static plan_date ready_at(dplan *p, int32_t sku, int depth)
{
	if (p->ready_ok[sku] & KNOWN)
		return p->ready_at[sku];
	if (depth >= MAX_DEPTH)
		return p->start; /* deeper than that: a bound, not kept */
	const plan_engine *e = p->e;
	const plan_sku_def *d = plan__sku(p->m, sku);
	plan_date t = p->end + 1;
	p->room_at[sku] = p->start - 1; /* capacity not read (yet) */
	for (int32_t i = p->sup_off[sku]; i < p->sup_off[sku + 1]; i++)
		if (p->sup[i].left > EPS && p->sup[i].arrive < t)
			t = p->sup[i].arrive;
	for (int32_t i = p->xs_head[sku]; i >= 0; i = p->xs[i].next)
		if (p->xs[i].arrive < t)
			t = p->xs[i].arrive;
	if (t < p->start)
		t = p->start;
	if (!d->phantom && t > p->start) {
		const plan_cal *cal = plan_demand__site_cal(p, sku);
		plan_date x = p->end + 1, first = plan_engine__floor(e, sku); /* start or fence */
		if (plan_model__co_row(p->m, sku) >= 0) {
			x = p->start; /* (1.1) a co-product: a bound, never kept short */
		} else if (d->type == PLAN_SKU_BUY) {
			x = plan_model__has_suppliers(p->m, sku) ? plan_cal__bought_by(&e->cals, p->m, sku, first)
								 : plan_cal__forward(cal, first, d->lead_time);
		} else if (d->type == PLAN_SKU_MAKE) {
			/* the primary, and (1.1) each alternate: the earliest of them */
			const plan_model *m = p->m;
			int32_t a0 = m->alt_off ? m->alt_off[sku] : 0, a1 = m->alt_off ? m->alt_off[sku + 1] : 0;
			for (int32_t a = a0 - 1; a < a1; a++) {
				int32_t alt = a < a0 ? -1 : a;
				plan_date r = components_ready(p, sku, alt, depth), xa = p->end + 1;
				if (r < first)
					r = first;
				if (r > p->end)
					continue;
				xa = plan_cal__forward(cal, r, d->lead_time);
				plan_date room = plan_capacity__first_room(p->cap, sku, alt, r);
				/* a change of room after the latest day read changes nothing */
				plan_date read = room == PLAN_DATE_NONE ? p->end + 1 : room;
				if (read > p->room_at[sku])
					p->room_at[sku] = read;
				if (room == PLAN_DATE_NONE)
					xa = p->end + 1;
				else if (room > xa)
					xa = room;
				if (xa < x)
					x = xa;
			}
		} else {
			for (int32_t k = e->lane_off[sku]; k < e->lane_off[sku + 1]; k++) {
				int32_t row = e->lane_row[k];
				const plan_lane_def *l = TAB_ROW(p->m, PLAN_TABLE_SOURCING, row);
				plan_date s = ready_at(p, e->lane_src[row], depth + 1);
				if (s < first)
					s = first;
				if (s <= p->end && s + l->transfer_days < x)
					x = s + l->transfer_days;
			}
		}
		if (x < t)
			t = x;
	}
	p->ready_at[sku] = t;
	p->ready_ok[sku] |= KNOWN;
	return t;
}

plan_date plan_demand__ready(dplan *p, int32_t sku)
{
	/* what capacity changed since: the SKUs routed there forgotten */
	const int32_t *on;
	size_t n;
	plan_date from;
	while (plan_capacity__changed(p->cap, &from, &on, &n) >= 0)
		for (size_t i = 0; i < n; i++)
			if (p->ready_ok[on[i]] && from <= p->room_at[on[i]])
				plan_demand__touch(p, on[i]);
#ifdef PLAN_CHECK_MEMO
	/* check builds (CI's sanitizer build, the fuzzers): what was kept
	 * is what a walk from nothing finds */
	plan_date kept = ready_at(p, sku, 0);
	plan_demand__ready_forget(p);
	if (ready_at(p, sku, 0) != kept)
		abort();
#endif
	return ready_at(p, sku, 0);
}

int plan_demand__ready_open(dplan *p)
{
	const plan_engine *e = p->e;
	size_t n = e->nsku;
	p->ready_at = malloc((n + 1) * sizeof(*p->ready_at));
	p->room_at = malloc((n + 1) * sizeof(*p->room_at));
	p->ready_ok = calloc(n + 1, 1);
	p->up_off = calloc(n + 2, sizeof(*p->up_off));
	p->up_stack = malloc((n + 1) * sizeof(*p->up_stack));
	if (!p->ready_at || !p->room_at || !p->ready_ok || !p->up_off || !p->up_stack)
		return PLAN_ENOMEM;
	for (size_t s = 0; s < n; s++)
		p->room_at[s] = p->start - 1;
	/* what each SKU's ready() is read by: parents over BOM lines valid all
	 * the time, and lanes' destinations */
	const plan_model *m = p->m;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t s = 0; s < n; s++) {
			/* the primary's lines and (1.1) each alternate's */
			int32_t a0 = m->alt_off ? m->alt_off[s] : 0, a1 = m->alt_off ? m->alt_off[s + 1] : 0;
			for (int32_t a = a0 - 1; a < a1; a++) {
				int32_t k0, k1;
				const plan_edge *edges = plan_engine__edges(e, (int32_t)s, a < a0 ? -1 : a, &k0, &k1);
				for (int32_t k = k0; k < k1; k++) {
					const plan_edge *b = &edges[k];
					if (b->from != PLAN_DATE_NONE || b->until != PLAN_DATE_NONE)
						continue;
					if (pass == 0)
						p->up_off[b->child + 1]++;
					else
						p->up[p->up_off[b->child]++] = (int32_t)s;
				}
			}
			for (int32_t k = e->lane_off[s]; k < e->lane_off[s + 1]; k++) {
				int32_t src = e->lane_src[e->lane_row[k]];
				if (pass == 0)
					p->up_off[src + 1]++;
				else
					p->up[p->up_off[src]++] = (int32_t)s;
			}
		}
		if (pass == 0) {
			for (size_t s = 0; s < n; s++)
				p->up_off[s + 1] += p->up_off[s];
			p->up = malloc(((size_t)p->up_off[n] + 1) * sizeof(*p->up));
			if (!p->up)
				return PLAN_ENOMEM;
		}
	}
	/* (the second pass moved each start to its end: back one) */
	memmove(p->up_off + 1, p->up_off, n * sizeof(*p->up_off));
	p->up_off[0] = 0;
	return plan_capacity__track(p->cap);
}

void plan_demand__touch(dplan *p, int32_t sku)
{
	if (!p->ready_ok)
		return;
	size_t top = 0;
	if (!p->ready_ok[sku])
		return;
	p->ready_ok[sku] = 0;
	p->up_stack[top++] = sku;
	while (top) {
		int32_t s = p->up_stack[--top];
		for (int32_t k = p->up_off[s]; k < p->up_off[s + 1]; k++) {
			int32_t u = p->up[k];
			if (!p->ready_ok[u])
				continue;
			p->ready_ok[u] = 0;
			p->up_stack[top++] = u;
		}
	}
}

void plan_demand__ready_forget(dplan *p)
{
	if (p->ready_ok)
		memset(p->ready_ok, 0, p->e->nsku);
}
