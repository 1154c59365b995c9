/* Full pegging: the end demands each supply order serves, traced from the
 * single-level allocations a plan stores (mrp/pegging.c makes them), parents
 * first. A requirement placed by an end demand pegs its supply to that
 * demand; one placed by a parent order passes on the parent's pegs in
 * proportion, so pegged quantities add up through every level and site. */
#include "result/result_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A pegged quantity of order o as given: a share of a requirement, exact,
 * but where it is a whole number of its item's units within float noise
 * (format 1.1), that number (6, not 5.9999999999999991). */
static double in_units(const plan_result *r, size_t o, double q)
{
	return plan_qty__snap(q, plan_model__sku_dec(r->model, r->ord[o].sku));
}


typedef struct peg_item {
	int32_t demand;
	uint32_t seq;   /* the order it was pushed in: ties are merged in that
			   order, so the sums do not depend on qsort() */
	double qty;
} peg_item;

typedef struct peg_list {
	peg_item *v;
	uint32_t n;
} peg_list;

typedef struct peg_buf {
	peg_item *v;
	size_t n, cap;
} peg_buf;

static int cmp_item(const void *a, const void *b)
{
	const peg_item *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int push_item(peg_buf *b, int32_t demand, double qty)
{
	if (qty <= PLAN_EPS)
		return 0;
	if (plan_vec__reserve((void **)&b->v, &b->cap, sizeof(*b->v), b->n + 1) < 0)
		return PLAN_ENOMEM;
	b->v[b->n] = (peg_item){ demand, (uint32_t)b->n, qty };
	b->n++;
	return 0;
}

/* The pegs of order o into b (sorted by demand, merged), from the pegs of
 * its parents, which list(ctx, parent) returns. */
static int gather(const plan_result *r, size_t o, const peg_list *(*list)(void *, int32_t),
		  void *lctx, peg_buf *b)
{
	const plan_ord *ord = &r->ord[o];
	b->n = 0;
	for (uint32_t k = 0; k < ord->alloc_count; k++) {
		const plan_alloc_rec *a = &r->alloc[ord->alloc_first + k];
		/* (1.1) a run of a recipe pegs each product's part by its share */
		double share = r->alloc_out ? plan_result__alloc_share(r, ord->alloc_first + k) : 1;
		if (a->src < 0) {
			if (push_item(b, -1 - a->src, a->qty * share) < 0)
				return PLAN_ENOMEM;
			continue;
		}
		const peg_list *pl = list(lctx, a->src);
		double scale = a->qty * share / r->ord[a->src].qty;
		for (uint32_t i = 0; pl && i < pl->n; i++)
			if (push_item(b, pl->v[i].demand, pl->v[i].qty * scale) < 0)
				return PLAN_ENOMEM;
	}
	if (b->n > 1)
		qsort(b->v, b->n, sizeof(*b->v), cmp_item);
	size_t w = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (w && b->v[w - 1].demand == b->v[i].demand)
			b->v[w - 1].qty += b->v[i].qty;
		else
			b->v[w++] = b->v[i];
	}
	b->n = w;
	return 0;
}

double plan_result__alloc_share(const plan_result *r, size_t i)
{
	int32_t s = r->ord[r->alloc[i].order].sku;
	int32_t p = r->alloc_out && r->alloc_out[i] >= 0 ? r->alloc_out[i] : s;
	return plan_model__share(r->model, s, p);
}

double plan_result__alloc_per(const plan_result *r, size_t i)
{
	int32_t s = r->ord[r->alloc[i].order].sku;
	return r->alloc_out && r->alloc_out[i] >= 0 ? plan_model__yield_per(r->model, s, r->alloc_out[i])
						    : 1;
}

static int keep(peg_list *l, const peg_buf *b)
{
	l->n = (uint32_t)b->n;
	l->v = NULL;
	if (!b->n)
		return 0;
	l->v = malloc(b->n * sizeof(*l->v));
	if (!l->v)
		return PLAN_ENOMEM;
	memcpy(l->v, b->v, b->n * sizeof(*l->v));
	return 0;
}

static const peg_list *by_index(void *ctx, int32_t order)
{
	return &((peg_list *)ctx)[order];
}

/* Orders by the low-level code of their SKU (stable): parents first. */
int32_t *plan_result__by_level(const plan_result *r)
{
	const plan_model *m = r->model;
	int nl = 0;
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n; s++)
		if (m->sku_llc[s] + 1 > nl)
			nl = m->sku_llc[s] + 1;
	size_t *off = calloc((size_t)nl + 1, sizeof(*off));
	int32_t *seq = malloc((r->nord ? r->nord : 1) * sizeof(*seq));
	if (!off || !seq) {
		free(off);
		free(seq);
		return NULL;
	}
	for (size_t i = 0; i < r->nord; i++)
		off[m->sku_llc[r->ord[i].sku] + 1]++;
	for (int l = 0; l < nl; l++)
		off[l + 1] += off[l];
	for (size_t i = 0; i < r->nord; i++)
		seq[off[m->sku_llc[r->ord[i].sku]]++] = (int32_t)i;
	free(off);
	return seq;
}

int plan_result__trace_all(const plan_result *r, plan_peg_fn fn, void *ctx)
{
	int rc = PLAN_ENOMEM;
	peg_buf b = { NULL, 0, 0 };
	int32_t *seq = plan_result__by_level(r);
	uint32_t *refs = calloc(r->nord ? r->nord : 1, sizeof(*refs));
	peg_list *memo = calloc(r->nord ? r->nord : 1, sizeof(*memo));
	if (!seq || !refs || !memo)
		goto out;
	for (size_t i = 0; i < r->nalloc; i++)
		if (r->alloc[i].src >= 0)
			refs[r->alloc[i].src]++;
	rc = 0;
	for (size_t k = 0; k < r->nord && !rc; k++) {
		size_t o = (size_t)seq[k];
		if ((rc = gather(r, o, by_index, memo, &b)))
			break;
		for (size_t i = 0; i < b.n && !rc; i++)
			rc = fn(ctx, o, ((const plan_demand_def *)TAB_ROW(r->model, PLAN_TABLE_DEMAND,
									  b.v[i].demand))->id,
				in_units(r, o, b.v[i].qty));
		if (!rc && refs[o])
			rc = keep(&memo[o], &b);
		/* a parent's pegs are dropped once its last component is traced */
		const plan_ord *ord = &r->ord[o];
		for (uint32_t a = 0; a < ord->alloc_count; a++) {
			int32_t p = r->alloc[ord->alloc_first + a].src;
			if (p >= 0 && --refs[p] == 0) {
				free(memo[p].v);
				memo[p].v = NULL;
			}
		}
	}
out:
	for (size_t i = 0; memo && i < r->nord; i++)
		free(memo[i].v);
	free(memo);
	free(refs);
	free(seq);
	free(b.v);
	return rc;
}

/* One order: its ancestors (through the allocations), traced parents first. */
typedef struct one_ctx {
	plan_map64 at;      /* order -> index into lists */
	peg_list *lists;
} one_ctx;

static const peg_list *by_map(void *ctx, int32_t order)
{
	one_ctx *c = ctx;
	int32_t k = plan_map64__get(&c->at, (uint64_t)order);
	return k >= 0 ? &c->lists[k] : NULL;
}

static int cmp_seq(const void *a, const void *b, const plan_result *r)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	int lx = r->model->sku_llc[r->ord[x].sku], ly = r->model->sku_llc[r->ord[y].sku];
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x < y ? -1 : x > y;
}

int plan_result__trace_one(const plan_result *r, size_t order, plan_peg_fn fn, void *ctx)
{
	one_ctx c;
	memset(&c, 0, sizeof(c));
	int32_t *anc = NULL;
	size_t n = 0, cap = 0, head = 0;
	peg_buf b = { NULL, 0, 0 };
	int rc = PLAN_ENOMEM;
	/* breadth-first over the parents, each order once */
	if (plan_vec__reserve((void **)&anc, &cap, sizeof(*anc), 1) < 0)
		goto out;
	anc[n++] = (int32_t)order;
	if (plan_map64__put(&c.at, order, 0) < 0)
		goto out;
	while (head < n) {
		const plan_ord *o = &r->ord[anc[head++]];
		for (uint32_t a = 0; a < o->alloc_count; a++) {
			int32_t p = r->alloc[o->alloc_first + a].src;
			if (p < 0 || plan_map64__get(&c.at, (uint64_t)p) >= 0)
				continue;
			if (plan_vec__reserve((void **)&anc, &cap, sizeof(*anc), n + 1) < 0 ||
			    plan_map64__put(&c.at, (uint64_t)p, (int32_t)n) < 0)
				goto out;
			anc[n++] = p;
		}
	}
	/* parents first: insertion sort by (llc, index); ancestor sets are small */
	for (size_t i = 1; i < n; i++) {
		int32_t v = anc[i];
		size_t j = i;
		while (j > 0 && cmp_seq(&anc[j - 1], &v, r) > 0) {
			anc[j] = anc[j - 1];
			j--;
		}
		anc[j] = v;
	}
	plan_map64__free(&c.at);
	memset(&c.at, 0, sizeof(c.at));
	c.lists = calloc(n, sizeof(*c.lists));
	if (!c.lists)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (plan_map64__put(&c.at, (uint64_t)anc[i], (int32_t)i) < 0)
			goto out;
	for (size_t i = 0; i < n; i++) {
		if ((rc = gather(r, (size_t)anc[i], by_map, &c, &b)))
			goto out;
		if ((size_t)anc[i] == order)
			break;
		if ((rc = keep(&c.lists[i], &b)))
			goto out;
	}
	rc = 0;
	for (size_t i = 0; i < b.n && !rc; i++)
		rc = fn(ctx, order,
			((const plan_demand_def *)TAB_ROW(r->model, PLAN_TABLE_DEMAND, b.v[i].demand))->id,
			in_units(r, order, b.v[i].qty));
out:
	for (size_t i = 0; c.lists && i < n; i++)
		free(c.lists[i].v);
	free(c.lists);
	plan_map64__free(&c.at);
	free(anc);
	free(b.v);
	return rc;
}
