/* Gathered lots (demand_impl.h): their sizes, and taking them down to
 * what they give.
 *
 * A SKU's new supply is made in lots the size of what the unconstrained
 * plan makes of it in a bucket, due when that plan's first order there is,
 * so that one order serves the bucket's later needs instead of one order
 * per need (a demand-driven plan is otherwise an order for every need of
 * every demand's chain). What a lot made for needs that never came (their
 * demands were planned otherwise, later or short) must take no capacity,
 * lane room or components: each new order is taken down to what demands,
 * safety stock and other orders draw from it, top level first, so that
 * what it no longer draws from its components is known when their turn
 * comes. Its loads, lane room and draws shrink in proportion; an order left
 * with nothing is dropped when the plan is put in order. */
#include "feasible/demand_impl.h"

#include <math.h>

#include <stdlib.h>

/* --- the sizes ---------------------------------------------------------------- */

int plan_demand__budget(dplan *p)
{
	const plan_result *u = p->e->res;
	size_t nsku = p->e->nsku, n = 0;
	p->bud_off = calloc(nsku + 2, sizeof(*p->bud_off));
	if (!p->bud_off)
		return PLAN_ENOMEM;
	for (size_t i = u->nsched; i < u->nord; i++)
		p->bud_off[u->ord[i].sku + 2]++;
	for (size_t s = 0; s < nsku; s++)
		p->bud_off[s + 2] += p->bud_off[s + 1];
	n = (size_t)p->bud_off[nsku + 1];
	p->bud = malloc((n + 1) * sizeof(*p->bud));
	if (!p->bud)
		return PLAN_ENOMEM;
	/* the orders by bucket (a counting sort), so that each SKU's entries
	 * come in bucket order */
	size_t nb = p->e->bk.n + 1;
	size_t *at_b = calloc(nb + 1, sizeof(*at_b));
	int32_t *by_b = malloc((n + 1) * sizeof(*by_b));
	if (!at_b || !by_b) {
		free(at_b);
		free(by_b);
		return PLAN_ENOMEM;
	}
	for (size_t i = u->nsched; i < u->nord; i++)
		at_b[plan_buckets__of(&p->e->bk, u->ord[i].due) + 1]++;
	for (size_t b = 0; b < nb; b++)
		at_b[b + 1] += at_b[b];
	for (size_t i = u->nsched; i < u->nord; i++)
		by_b[at_b[plan_buckets__of(&p->e->bk, u->ord[i].due)]++] = (int32_t)i;
	for (size_t k = 0; k < n; k++) {
		const plan_ord *o = &u->ord[by_b[k]];
		size_t b = plan_buckets__of(&p->e->bk, o->due);
		p->bud[p->bud_off[o->sku + 1]++] = (dbud){ (int32_t)b, o->due, o->qty };
	}
	free(at_b);
	free(by_b);
	/* one entry a bucket */
	size_t at = 0;
	for (size_t s = 0; s < nsku; s++) {
		int32_t from = p->bud_off[s], to = p->bud_off[s + 1];
		p->bud_off[s] = (int32_t)at;
		for (int32_t i = from; i < to; i++) {
			if (at > (size_t)p->bud_off[s] && p->bud[at - 1].bucket == p->bud[i].bucket) {
				p->bud[at - 1].left += p->bud[i].left;
				if (p->bud[i].due < p->bud[at - 1].due)
					p->bud[at - 1].due = p->bud[i].due;
			} else {
				p->bud[at++] = p->bud[i];
			}
		}
	}
	p->bud_off[nsku] = (int32_t)at;
	return 0;
}

/* A SKU's lot size entry for date's bucket, or -1 (a SKU's entries are in
 * bucket order). A bought SKU, which takes no capacity, also takes the
 * next bucket's lot when its own bucket has none left: the unconstrained
 * plan's lots cover several buckets where its lot rule says so, and needs
 * that come earlier than there (stock went to another demand first) are
 * then not bought one by one. */
static int32_t lot_entry(const dplan *p, int32_t sku, plan_date date)
{
	int32_t b = (int32_t)plan_buckets__of(&p->e->bk, date);
	int32_t lo = p->bud_off[sku], hi = p->bud_off[sku + 1];
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (p->bud[mid].bucket < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->bud_off[sku + 1] && p->bud[lo].bucket == b &&
	    (p->bud[lo].left > 0 || plan__sku(p->m, sku)->type != PLAN_SKU_BUY))
		return lo;
	if (plan__sku(p->m, sku)->type != PLAN_SKU_BUY)
		return -1;
	while (lo < p->bud_off[sku + 1] && !(p->bud[lo].left > 0))
		lo++;
	return lo < p->bud_off[sku + 1] ? lo : -1;
}

/* The lot to make of sku for a need of rest on date (safety stock: none,
 * src SAFETY_STOCK asks for itself alone). */
dlot plan_demand__lot_for(const dplan *p, int32_t sku, plan_date date, double rest, int32_t src)
{
	/* (1.1: a project-specific SKU's lots are each project's, not the
	 * unconstrained plan's buckets) */
	int32_t i = src == SAFETY_STOCK || plan_model__specific(p->m, sku) ? -1 : lot_entry(p, sku, date);
	if (i < 0 || !(p->bud[i].left > rest))
		return (dlot){ rest, date, -1 };
	return (dlot){ p->bud[i].left, p->bud[i].due < date ? p->bud[i].due : date, i };
}

double plan_demand__lot_up(const dplan *p, int32_t sku, double q)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	return plan_qty__lot_up(q, d->lot_min, plan_sku__multiple(d), plan_model__sku_dec(p->m, sku));
}

double plan_demand__lot_down(const dplan *p, int32_t sku, double q)
{
	const plan_sku_def *d = plan__sku(p->m, sku);
	double mult = plan_sku__multiple(d);
	if (mult != PLAN_NONE)
		q = mult * floor(q / mult + 1e-9);
	else
		q = plan_qty__down(q, plan_model__sku_dec(p->m, sku));
	return q >= d->lot_min && q > 0 ? q : 0;
}

/* A gathered lot did not fit whole: its bucket's needs are met one by one
 * from now on (not journaled: trying again would cost as much and fail as
 * likely). */
void plan_demand__lot_failed(dplan *p, const dlot *l)
{
	/* (while a group's tries are held open they are all given back, so
	 * that a try leaves no trace on the plan: journaled then) */
	if (p->hold)
		plan_demand__journal(p, LOG_BUDGET, l->entry, p->bud[l->entry].left);
	p->bud[l->entry].left = 0;
}

/* A gathered lot was made: taken from its bucket. */
void plan_demand__lot_made(dplan *p, const dlot *l)
{
	plan_demand__journal(p, LOG_BUDGET, l->entry, p->bud[l->entry].left);
	p->bud[l->entry].left = 0;
}

/* --- taken down ---------------------------------------------------------------- */


/* Counts of keys in off[k + 1] (k < nk) made cumulative: members of key k
 * are filled at off[k]++, then the offsets shifted back one key, so that
 * key k's are off[k] .. off[k + 1]. */
static void counts_to_offsets(int32_t *off, size_t nk)
{
	for (size_t k = 0; k < nk; k++)
		off[k + 1] += off[k];
}

typedef struct trim_index {
	double *out;          /* by order: what demands, orders and safety stock draw
				 from it */
	double *ss;           /* by order: what of it safety stock keeps */
	int32_t *al_off, *al; /* by order: the allocations it draws (src == order) */
	int32_t *ld_off, *ld; /* by order: its loads */
	int32_t *tk_off, *tk; /* by order: the stock and receipts it took */
	/* (1.1) what a run of a recipe gives of each output, in its own
	 * units: ysum[ymap[order << 32 | output SKU]] (out counts its item's) */
	plan_map64 ymap;
	double *ysum;
	size_t nys, ys_cap;
} trim_index;

static void index_free(trim_index *x)
{
	free(x->out);
	free(x->ss);
	free(x->al_off);
	free(x->al);
	free(x->ld_off);
	free(x->ld);
	free(x->tk_off);
	free(x->tk);
	plan_map64__free(&x->ymap);
	free(x->ysum);
}

/* The SKU allocation i gives: its order's, or (1.1) an output's. */
static int32_t drawn_sku(const dplan *p, size_t i)
{
	return p->al_sku ? p->al_sku[i] : p->w->ord[p->al[i].order].sku;
}

/* What a unit of allocation i's order gives of what the allocation gives:
 * 1, or (1.1) an output's qty_per (a yield's allocation is in units of its
 * order, a run of the recipe). */
static double al_per(const dplan *p, size_t i)
{
	return plan_model__yield_per(p->m, p->w->ord[p->al[i].order].sku, drawn_sku(p, i));
}

/* What allocation i counts in: what its order gives of its own SKU (out),
 * or (1.1) of an output; NULL: out of memory. */
static double *use_of(const dplan *p, trim_index *x, size_t i)
{
	int32_t o = p->al[i].order, c = drawn_sku(p, i);
	if (c == p->w->ord[o].sku)
		return &x->out[o];
	uint64_t key = (uint64_t)(uint32_t)o << 32 | (uint32_t)c;
	int32_t k = plan_map64__get(&x->ymap, key);
	if (k < 0) {
		k = (int32_t)x->nys;
		if (plan_map64__put(&x->ymap, key, k) < 0 ||
		    plan_vec__reserve((void **)&x->ysum, &x->ys_cap, sizeof(*x->ysum), x->nys + 1) < 0)
			return NULL;
		x->ysum[x->nys++] = 0;
	}
	return &x->ysum[k];
}

/* What order o keeps: what it gives of its SKU, or (1.1) more of an
 * output's yield, in its own units. */
static double kept(const dplan *p, trim_index *x, int32_t o)
{
	double keep = x->out[o];
	int32_t k0, k1;
	const int32_t *rows = plan_model__outputs_of(p->m, p->w->ord[o].sku, &k0, &k1);
	for (int32_t k = k0; k < k1; k++) {
		uint64_t key = (uint64_t)(uint32_t)o << 32 | (uint32_t)p->m->out_sku[rows[k]];
		int32_t at = plan_map64__get(&x->ymap, key);
		if (at >= 0 && x->ysum[at] > keep)
			keep = x->ysum[at];
	}
	return keep;
}

static int index_build(const dplan *p, trim_index *x)
{
	const plan_result *w = p->w;
	size_t no = w->nord;
	x->out = calloc(no + 1, sizeof(*x->out));
	x->ss = calloc(no + 1, sizeof(*x->ss));
	x->al_off = calloc(no + 2, sizeof(*x->al_off));
	x->ld_off = calloc(no + 2, sizeof(*x->ld_off));
	x->al = malloc((p->nal + 1) * sizeof(*x->al));
	x->ld = malloc((w->nload + 1) * sizeof(*x->ld));
	x->tk_off = calloc(no + 2, sizeof(*x->tk_off));
	x->tk = malloc((p->ntk + 1) * sizeof(*x->tk));
	if (!x->out || !x->ss || !x->al_off || !x->ld_off || !x->al || !x->ld || !x->tk_off || !x->tk)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < p->nal; i++) {
		double *use = use_of(p, x, i);
		if (!use)
			return PLAN_ENOMEM;
		*use += p->al[i].qty;
		if (p->al[i].src == SAFETY_STOCK && use == &x->out[p->al[i].order])
			x->ss[p->al[i].order] += p->al[i].qty;
		if (p->al[i].src >= 0)
			x->al_off[p->al[i].src + 1]++;
	}
	for (size_t i = 0; i < w->nload; i++)
		x->ld_off[w->load[i].order + 1]++;
	for (size_t i = 0; i < p->ntk; i++)
		x->tk_off[p->tk[i].by + 1]++;
	counts_to_offsets(x->al_off, no);
	counts_to_offsets(x->ld_off, no);
	counts_to_offsets(x->tk_off, no);
	/* fill, then shift the offsets back by one key */
	for (size_t i = 0; i < p->nal; i++)
		if (p->al[i].src >= 0)
			x->al[x->al_off[p->al[i].src]++] = (int32_t)i;
	for (size_t i = 0; i < w->nload; i++)
		x->ld[x->ld_off[w->load[i].order]++] = (int32_t)i;
	for (size_t i = 0; i < p->ntk; i++)
		x->tk[x->tk_off[p->tk[i].by]++] = (int32_t)i;
	for (size_t o = no; o > 0; o--) {
		x->al_off[o] = x->al_off[o - 1];
		x->ld_off[o] = x->ld_off[o - 1];
		x->tk_off[o] = x->tk_off[o - 1];
	}
	x->al_off[0] = x->ld_off[0] = x->tk_off[0] = 0;
	return 0;
}

/* Order o draws f of what it drew of each component (or source SKU): what
 * new orders gave it goes back first, the latest first, then what it took
 * of receipts and stock on hand, which stay for what comes later (safety
 * stock first). */
static void shrink_draws(dplan *p, trim_index *x, int32_t o, double f)
{
	int32_t a0 = x->al_off[o], a1 = x->al_off[o + 1], t0 = x->tk_off[o], t1 = x->tk_off[o + 1];
	int32_t ns = (int32_t)p->w->nsched;
	/* the draws: new orders' allocations, then takes of stock and
	 * receipts (a receipt's allocation is counted with its take) */
#define DRAW_SKU(i) ((i) < a1 ? drawn_sku(p, (size_t)x->al[i]) : p->tk[x->tk[t0 + (i) - a1]].sku)
#define IS_DRAW(i) ((i) >= a1 || p->al[x->al[i]].order >= ns)
	for (int32_t i = a0; i < a1 + (t1 - t0); i++) {
		if (!IS_DRAW(i))
			continue;
		/* each SKU once: where it is first drawn */
		int32_t c = DRAW_SKU(i);
		int first = 1;
		for (int32_t j = a0; j < i && first; j++)
			first = !IS_DRAW(j) || DRAW_SKU(j) != c;
		if (!first)
			continue;
		/* (in units of c: a yield's allocation times its qty_per) */
		double total = 0;
		for (int32_t k = a0; k < a1; k++)
			if (p->al[x->al[k]].order >= ns && drawn_sku(p, (size_t)x->al[k]) == c)
				total += p->al[x->al[k]].qty * al_per(p, (size_t)x->al[k]);
		for (int32_t k = t0; k < t1; k++)
			if (p->tk[x->tk[k]].sku == c)
				total += p->tk[x->tk[k]].qty;
		double cut = total * (1 - f);
		for (int32_t k = a1 - 1; k >= a0 && cut > 0; k--) {
			plan_alloc_rec *a = &p->al[x->al[k]];
			if (a->order < ns || drawn_sku(p, (size_t)x->al[k]) != c)
				continue;
			double per = al_per(p, (size_t)x->al[k]);
			double r = a->qty * per < cut ? a->qty * per : cut;
			a->qty -= r / per;
			*use_of(p, x, (size_t)x->al[k]) -= r / per; /* (counted: found) */
			cut -= r;
		}
		for (int32_t k = t1 - 1; k >= t0 && cut > 0; k--) {
			dtake *t = &p->tk[x->tk[k]];
			if (t->sku != c)
				continue;
			double r = t->qty < cut ? t->qty : cut;
			t->qty -= r;
			p->sup[t->sup].left += r;
			cut -= r;
			int32_t rc = p->sup[t->sup].order; /* a receipt: its allocation too */
			double per = p->sup[t->sup].per; /* (1.1: a yield's, in the receipt's units) */
			for (int32_t j = a0; j < a1 && rc >= 0 && r > 0; j++) {
				plan_alloc_rec *a = &p->al[x->al[j]];
				if (a->order != rc || drawn_sku(p, (size_t)x->al[j]) != c)
					continue;
				double g = a->qty * per < r ? a->qty * per : r;
				a->qty -= g / per;
				*use_of(p, x, (size_t)x->al[j]) -= g / per;
				r -= g;
			}
		}
	}
#undef DRAW_SKU
#undef IS_DRAW
}

static void shrink(dplan *p, trim_index *x, int32_t o, double nq)
{
	plan_result *w = p->w;
	plan_ord *ord = &w->ord[o];
	double q = ord->qty;
	shrink_draws(p, x, o, nq / q);
	for (int32_t k = x->ld_off[o]; k < x->ld_off[o + 1]; k++) {
		plan_load_rec *ld = &w->load[x->ld[k]];
		const plan_routing_def *rt = TAB_ROW(p->m, PLAN_TABLE_ROUTINGS, ld->routing);
		double was = plan_rt__hours(rt, q);
		double now = nq > 0 ? plan_rt__hours(rt, nq) : 0;
		plan_load_rec freed = *ld;
		freed.hours = was > 0 ? ld->hours * (1 - now / was) : 0;
		ld->hours -= freed.hours;
		plan_capacity__release(p->cap, &freed, 1);
	}
	if (ord->kind == PLAN_ORDER_TRANSFER) {
		size_t b = plan_buckets__of(&p->e->bk, ord->release);
		p->lane_used[(size_t)ord->lane * p->nb + b] -= q - nq;
	} else if (ord->kind == PLAN_ORDER_BUY && ord->lane >= 0) {
		size_t b = plan_buckets__of(&p->e->bk, ord->release);
		p->sup_used[(size_t)ord->lane * p->nb + (b < p->nb ? b : p->nb - 1)] -= q - nq;
	}
	ord->qty = nq;
}

/* Safety stock keeps of SKU s's orders (ord, n of them) only what its
 * stock and receipts left do not cover: what the orders that drew on them
 * gave back when they were taken down (before s: they draw on s) covers it
 * now, and so does what the lot rules make an order keep beyond what it
 * is kept for. The latest orders keep less first. */
static void keep_safety_stock(dplan *p, trim_index *x, int32_t s, const int32_t *ord, int32_t n)
{
	double over = -plan__sku(p->m, s)->safety_stock;
	if (!(over < 0))
		return;
	for (int32_t k = p->sup_off[s]; k < p->sup_off[s + 1]; k++)
		over += p->sup[k].left;
	/* what the orders keep for it, and what the lot rules add to what
	 * they keep (that is stock too) */
	for (int32_t k = 0; k < n; k++)
		over += x->ss[ord[k]] + (x->out[ord[k]] > 0 ? plan_demand__lot_up(p, s, x->out[ord[k]]) -
							     x->out[ord[k]]
							   : 0);
	for (int32_t k = n - 1; k >= 0 && over > PLAN_TOL; k--) {
		double r = x->ss[ord[k]] < over ? x->ss[ord[k]] : over;
		x->ss[ord[k]] -= r;
		x->out[ord[k]] -= r;
		over -= r;
	}
}

int plan_demand__trim(dplan *p, const int32_t *by_level)
{
	plan_result *w = p->w;
	size_t ns = w->nsched, no = w->nord, nsku = p->e->nsku;
	trim_index x = { 0 };
	int32_t *of_off = calloc(nsku + 2, sizeof(*of_off));
	int32_t *of = malloc((no - ns + 1) * sizeof(*of));
	int rc = of_off && of ? index_build(p, &x) : PLAN_ENOMEM;
	if (!rc) {
		/* planned orders by SKU */
		for (size_t o = ns; o < no; o++)
			of_off[w->ord[o].sku + 1]++;
		counts_to_offsets(of_off, nsku);
		for (size_t o = ns; o < no; o++)
			of[of_off[w->ord[o].sku]++] = (int32_t)o;
		for (size_t s = nsku; s > 0; s--)
			of_off[s] = of_off[s - 1];
		of_off[0] = 0;
		/* top level first: what draws on a SKU is trimmed before it */
		for (size_t i = 0; i < nsku; i++) {
			int32_t s = by_level[i];
			keep_safety_stock(p, &x, s, of + of_off[s], of_off[s + 1] - of_off[s]);
			for (int32_t k = of_off[s]; k < of_off[s + 1]; k++) {
				int32_t o = of[k];
				double q = w->ord[o].qty, keep = kept(p, &x, o);
				if (!(q - keep > PLAN_TOL))
					continue;
				/* within the tolerance, nothing (what the sums leave);
				 * an order is never smaller than twice it, nor than its
				 * lot rules' bounds allow */
				double nq = keep > PLAN_TOL / 2 ? (keep < 2 * PLAN_TOL ? 2 * PLAN_TOL : keep) : 0;
				nq = plan_demand__lot_up(p, s, nq);
				if (w->ord[o].kind == PLAN_ORDER_BUY && w->ord[o].lane >= 0) /* its supplier's lot */
					nq = plan_model__supplier_lot(p->m, (size_t)w->ord[o].lane, nq,
								      plan_model__sku_dec(p->m, s));
				if (nq < q - PLAN_TOL)
					shrink(p, &x, o, nq);
			}
		}
		/* no leftover is left over; nothing taken is to be given back
		 * twice */
		for (size_t s = 0; s < nsku; s++)
			p->xs_head[s] = -1;
		p->nxs = 0;
		p->nlog = 0;
		p->ntk = 0;
	}
	plan_demand__ready_forget(p);
	free(of_off);
	free(of);
	index_free(&x);
	return rc;
}
