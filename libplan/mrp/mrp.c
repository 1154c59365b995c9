/* The MRP run: scheduled receipts become the first orders, demands the
 * first requirements; then, low-level code by low-level code, lowest first,
 * each SKU is netted and lot sized (netting.c, sourcing.c), its supply
 * pegged (pegging.c) and its planned orders exploded (explode.c) into the
 * queue of requirements of the codes below. Each SKU is netted once, after
 * every SKU that can place demand on it. The SKUs of a wide level are split
 * among threads, each with a private result merged back in thread order, so
 * the plan is the same on any number of threads. */
#include "mrp/engine.h"

#include <stdlib.h>
#include <string.h>

#include "base/pool.h"

typedef struct rec_key {
	int32_t sku;
	plan_date due;
	int32_t order;
} rec_key;

static int cmp_rec(const void *a, const void *b)
{
	const rec_key *x = a, *y = b;
	if (x->sku != y->sku)
		return x->sku < y->sku ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* What each thread planning SKUs has of its own: requirements it places,
 * scratch per SKU. */
static int scratch_alloc(plan_engine *e, size_t max_lanes)
{
	size_t nb = e->bk.n;
	memset(&e->lot, 0, sizeof(e->lot));
	e->sup = NULL;
	e->sup_cap = 0;
	e->sort_buf = NULL;
	e->sort_cap = 0;
	e->sort_cnt = NULL;
	e->sort_cnt_cap = 0;
	e->r = malloc((nb + 1) * sizeof(*e->r));
	e->pa = malloc((nb + 1) * sizeof(*e->pa));
	e->planned = malloc((nb + 1) * sizeof(*e->planned));
	e->usage = malloc(max_lanes * nb * sizeof(*e->usage) + sizeof(double));
	e->lane_order = malloc(max_lanes * sizeof(*e->lane_order));
	if (plan_queue__new(e) < 0 || !e->r || !e->pa || !e->planned || !e->usage || !e->lane_order)
		return PLAN_ENOMEM;
	return 0;
}

static void scratch_free(plan_engine *e)
{
	plan_queue__free(e);
	plan_lot__work_free(&e->lot);
	free(e->r);
	free(e->pa);
	free(e->planned);
	free(e->usage);
	free(e->lane_order);
	free(e->sup);
	free(e->sort_buf);
	free(e->sort_cnt);
}

static void engine_free(plan_engine *e)
{
	plan_cal__free(&e->cals);
	plan_buckets__free(&e->bk);
	free(e->rec_off);
	free(e->rec_ord);
	free(e->lane_src);
	free(e->bom_off);
	free(e->bom_edge);
	free(e->alt_off);
	free(e->alt_edge);
	free(e->yield);
	free(e->phantom);
	free(e->fence);
	free(e->ord_seg);
	scratch_free(e);
}

/* Each SKU's time fence (format.md, "Time fences"): the due day of an
 * order released on start that takes frozen_days working days of the
 * site's calendar. Only where some SKU has one. */
static int fences(plan_engine *e)
{
	const plan_model *m = e->m;
	size_t n = e->nsku, k = 0;
	while (k < n && plan__sku(m, (int32_t)k)->frozen_days <= 0)
		k++;
	if (k == n)
		return 0;
	e->fence = malloc(n * sizeof(*e->fence));
	if (!e->fence)
		return PLAN_ENOMEM;
	for (size_t s = 0; s < n; s++) {
		int days = plan__sku(m, (int32_t)s)->frozen_days;
		e->fence[s] = e->start;
		if (days > 0)
			e->fence[s] = plan_cal__forward(
				plan_cal__of_site(&e->cals, TAB_ID(m, PLAN_TABLE_SKUS, s, 1)), e->start,
				days);
	}
	return 0;
}

/* A firm order whose release (given, or its lead time back from due) is
 * before start: it is released on start. */
static int firm_past_release(plan_engine *e, int32_t idx, const plan_receipt_def *d)
{
	int32_t sku = e->res->ord[idx].sku;
	if (d->release == PLAN_DATE_NONE)
		return plan_result__exception(e->res, EXC_PAST_DUE_RELEASE, PLAN_EXC_WARNING, sku, idx,
					      -1, e->start, d->qty,
					      "firm order %s: its lead time reaches back before the plan "
					      "start; released on start", d->id);
	char a[11];
	plan_date_format(a, d->release);
	return plan_result__exception(e->res, EXC_PAST_DUE_RELEASE, PLAN_EXC_WARNING, sku, idx, -1,
				      d->release, d->qty,
				      "firm order %s: release %s is before the plan start; released "
				      "on start", d->id, a);
}

/* What firm planned orders draw (their components, a transfer's source) is
 * required like a planned order's, before any planned order's. */
static int explode_firm(plan_engine *e)
{
	for (size_t i = 0; i < e->res->nsched; i++) {
		int rc = 0;
		if (plan_model__rec_status(e->m, i) == PLAN_RECEIPT_FIRM)
			rc = plan_explode__orders(e, (int32_t)i, (int32_t)i + 1);
		else if (e->res->ord[i].kind == PLAN_ORDER_MAKE && plan_model__has_outputs(e->m))
			rc = plan_explode__yields(e, (int32_t)i); /* (1.1: it yields all the same) */
		if (rc)
			return rc;
	}
	return 0;
}

/* Scheduled receipts become the first orders, grouped by SKU. */
static int add_receipts(plan_engine *e)
{
	plan_model *m = e->m;
	size_t n = m->tab[PLAN_TABLE_RECEIPTS].n;
	rec_key *keys = malloc((n ? n : 1) * sizeof(*keys));
	e->rec_off = calloc(e->nsku + 1, sizeof(*e->rec_off));
	e->rec_ord = malloc((n ? n : 1) * sizeof(*e->rec_ord));
	if (!keys || !e->rec_off || !e->rec_ord) {
		free(keys);
		return PLAN_ENOMEM;
	}
	static const uint8_t kind_of[] = { PLAN_ORDER_BUY, PLAN_ORDER_MAKE, PLAN_ORDER_TRANSFER };
	for (size_t i = 0; i < n; i++) {
		const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, i);
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_RECEIPTS, i, 1),
						       TAB_ID(m, PLAN_TABLE_RECEIPTS, i, 2));
		plan_ord o = { sku, -1, (int32_t)i, kind_of[d->kind], d->due, d->due, d->qty, 0, 0 };
		if (d->status == PLAN_RECEIPT_FIRM) {
			/* a firm planned order: released on its own day (it draws
			 * then), on its lane */
			o.lane = m->rec_lane[i];
			o.release = plan_cal__firm_release(&e->cals, m, i);
		}
		plan_date asked = o.release;
		if (d->status == PLAN_RECEIPT_FIRM && o.release < e->start)
			o.release = e->start;
		int32_t idx = plan_result__add_order(e->res, &o);
		if (idx < 0) {
			free(keys);
			return PLAN_ENOMEM;
		}
		keys[i] = (rec_key){ sku, d->due > e->start ? d->due : e->start, idx };
		e->rec_off[sku + 1]++;
		if (d->status == PLAN_RECEIPT_FIRM && asked < e->start) {
			int rc = firm_past_release(e, idx, d);
			if (rc) {
				free(keys);
				return rc;
			}
		}
		if (d->due < e->start) {
			char a[11];
			plan_date_format(a, d->due);
			int rc = plan_result__exception(e->res, EXC_PAST_DUE_RECEIPT, PLAN_EXC_WARNING, sku,
							idx, -1, d->due, d->qty,
							"past-due receipt: due %s, counted as arriving on start; "
							"expedite or reschedule it", a);
			if (rc) {
				free(keys);
				return rc;
			}
		}
	}
	e->res->nsched = n;
	if (n)
		qsort(keys, n, sizeof(*keys), cmp_rec);
	for (size_t s = 0; s < e->nsku; s++)
		e->rec_off[s + 1] += e->rec_off[s];
	for (size_t i = 0; i < n; i++)
		e->rec_ord[i] = keys[i].order;
	free(keys);
	return 0;
}

/* The lanes of each transfer SKU, in the order they are tried, come from
 * validation; here only the widest fan-in, for the scratch space. */
static void index_lanes(plan_engine *e, size_t *max_lanes)
{
	e->lane_off = e->m->lane_off;
	e->lane_row = e->m->lane_row;
	*max_lanes = 1;
	for (size_t s = 0; s < e->nsku; s++) {
		size_t k = (size_t)(e->lane_off[s + 1] - e->lane_off[s]);
		if (k > *max_lanes)
			*max_lanes = k;
		/* (a bought SKU's suppliers share the scratch, 1.1) */
		k = e->m->sp_off ? (size_t)(e->m->sp_off[s + 1] - e->m->sp_off[s]) : 0;
		if (k > *max_lanes)
			*max_lanes = k;
	}
}

/* Demands are placed last row first, before any order's requirement, and
 * orders place theirs in the order they are made: so a SKU's requirements
 * wait in the order of their src, which netting's sort by day keeps. */
static int seed_demands(plan_engine *e)
{
	plan_model *m = e->m;
	for (size_t i = m->tab[PLAN_TABLE_DEMAND].n; i-- > 0;) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		double qty = plan_model__demand_qty(m, i);
		if (!(qty > 0))
			continue;
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, i, 2));
		plan_req q = { sku, d->due, qty, -1 - (int32_t)i };
		int rc = plan_queue__push(e, &q);
		if (rc)
			return rc;
	}
	return 0;
}

/* Nets, pegs and explodes the requirements reqs[0 .. n) of sku, of one
 * project's stock (e->seg; -1: the common ones). */
static int plan_one(plan_engine *e, int32_t sku, plan_req *reqs, size_t n)
{
	e->first_order = (int32_t)e->res->nord;
	size_t lanes = (size_t)(e->lane_off[sku + 1] - e->lane_off[sku]);
	if (plan_model__has_suppliers(e->m, sku)) /* (a bought SKU's, 1.1) */
		lanes = (size_t)(e->m->sp_off[sku + 1] - e->m->sp_off[sku]);
	memset(e->usage, 0, lanes * e->bk.n * sizeof(*e->usage));
	int rc = plan_netting__sku(e, sku, reqs, n);
	if (!rc)
		rc = plan_pegging__sku(e, sku, reqs, n);
	if (!rc && e->ord_seg) { /* (1.1) the project its new orders are for */
		if (plan_vec__reserve((void **)&e->ord_seg, &e->ord_seg_cap, sizeof(*e->ord_seg),
				      e->res->nord + 1) < 0)
			return PLAN_ENOMEM;
		for (size_t i = (size_t)e->first_order; i < e->res->nord; i++)
			e->ord_seg[i] = e->seg;
	}
	if (!rc)
		rc = plan_explode__orders(e, e->first_order, (int32_t)e->res->nord);
	return rc;
}

typedef struct seg_req {
	int32_t seg;
	uint32_t at;
} seg_req;

static int cmp_seg(const void *a, const void *b)
{
	const seg_req *x = a, *y = b;
	if (x->seg != y->seg)
		return x->seg < y->seg ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* (1.1) A project-specific SKU (format.md, "Project-specific supply"):
 * its requirements netted apart by the project they are for (a project's
 * material, or an order made for the project of a project-specific
 * SKU; else none): the common ones first, with the stock; each
 * project's from none. */
static int plan_segments(plan_engine *e, int32_t sku, plan_req *reqs, size_t n)
{
	const plan_model *m = e->m;
	seg_req *k = malloc((n ? n : 1) * sizeof(*k));
	plan_req *by = malloc((n ? n : 1) * sizeof(*by));
	int rc = k && by ? 0 : PLAN_ENOMEM;
	for (size_t i = 0; i < n && !rc; i++) {
		int32_t src = reqs[i].src, seg = -1;
		if (src < 0)
			seg = plan_model__material_project(m, (size_t)(-1 - src));
		else if (plan_model__specific(m, e->res->ord[src].sku))
			seg = e->ord_seg[src];
		k[i] = (seg_req){ seg, (uint32_t)i };
	}
	if (!rc && n)
		qsort(k, n, sizeof(*k), cmp_seg);
	for (size_t i = 0; i < n && !rc; i++)
		by[i] = reqs[k[i].at];
	/* the common requirements first, always (the stock and receipts are
	 * theirs; their plan keeps the safety stock), then each project's */
	size_t j = 0;
	while (j < n && k[j].seg < 0)
		j++;
	e->seg = -1;
	if (!rc)
		rc = plan_one(e, sku, by, j);
	for (size_t i = j; i < n && !rc; i = j) {
		e->seg = k[i].seg;
		for (j = i; j < n && k[j].seg == e->seg; j++)
			;
		rc = plan_one(e, sku, by + i, j - i);
	}
	e->seg = -1;
	free(k);
	free(by);
	return rc;
}

/* Plans the SKUs [k0, k1) of one level: netting, pegging, explosion. */
static int plan_range(plan_engine *e, const int32_t *skus, size_t k0, size_t k1, const size_t *cnt,
		      plan_req *sorted)
{
	int rc = 0;
	for (size_t k = k0; k < k1 && !rc; k++) {
		int32_t sku = skus[k];
		size_t q0 = k ? cnt[k - 1] : 0, q = cnt[k];
		if (e->phantom[sku])
			continue;
		e->level = e->m->sku_llc[sku];
		if (e->ord_seg && plan_model__specific(e->m, sku))
			rc = plan_segments(e, sku, sorted + q0, q - q0);
		else
			rc = plan_one(e, sku, sorted + q0, q - q0);
	}
	return rc;
}

/* Workers beyond the first plan into a private result that starts with a
 * copy of the scheduled receipts, so that every index the engine uses means
 * the same as in the shared result: receipts below nsched, the worker's own
 * planned orders from nsched on. After the level, merge() appends them in
 * worker order, which is the order one thread would have made. */
typedef struct worker {
	plan_engine e;
	plan_result res;
} worker;

/* One thread's part of a level: the SKUs [k0, k1) of skus, by engine e. */
typedef struct level_part {
	plan_engine *e;
	const int32_t *skus;
	size_t k0, k1;
	const size_t *cnt;
	plan_req *sorted;
	int rc;
} level_part;

static void level_part_main(void *arg)
{
	level_part *p = arg;
	p->rc = plan_range(p->e, p->skus, p->k0, p->k1, p->cnt, p->sorted);
}

static int worker_init(worker *w, const plan_engine *e, size_t max_lanes)
{
	memset(w, 0, sizeof(*w));
	w->e = *e; /* the shared, read-only arrays */
	w->e.res = &w->res;
	w->res.model = e->m;
	return scratch_alloc(&w->e, max_lanes);
}

static void worker_free(worker *w)
{
	scratch_free(&w->e);
	plan_big__free(w->res.ord, w->res.ord_cap, sizeof(plan_ord));
	plan_big__free(w->res.alloc, w->res.alloc_cap, sizeof(plan_alloc_rec));
	free(w->res.exc);
	free(w->res.adj);
	plan_arena__free(&w->res.arena);
}

/* A worker's private result: the receipts, nothing else yet. */
static int worker_reset(worker *w, const plan_result *shared)
{
	plan_result *p = &w->res;
	if (plan_big__reserve((void **)&p->ord, &p->ord_cap, sizeof(*p->ord), shared->nsched + 1) < 0)
		return PLAN_ENOMEM;
	memcpy(p->ord, shared->ord, shared->nsched * sizeof(*p->ord));
	for (size_t i = 0; i < shared->nsched; i++)
		p->ord[i].alloc_count = 0;
	p->nord = p->nsched = shared->nsched;
	p->nalloc = 0;
	p->nexc = 0;
	p->nadj = 0;
	for (int l = 0; l < w->e.nlevels; l++)
		w->e.pending[l].n = 0;
	return 0;
}

static int merge(plan_engine *e, worker *w)
{
	plan_result *r = e->res, *p = &w->res;
	size_t nsched = r->nsched;
	int32_t base = (int32_t)r->nord;
	uint32_t abase = (uint32_t)r->nalloc;
#define REMAP(x) ((x) >= (int32_t)nsched ? base + (x) - (int32_t)nsched : (x))
	size_t nnew = p->nord - nsched;
	if (plan_big__reserve((void **)&r->ord, &r->ord_cap, sizeof(*r->ord), r->nord + nnew) < 0 ||
	    plan_big__reserve((void **)&r->alloc, &r->alloc_cap, sizeof(*r->alloc), r->nalloc + p->nalloc) < 0 ||
	    plan_vec__reserve((void **)&r->exc, &r->exc_cap, sizeof(*r->exc), r->nexc + p->nexc) < 0 ||
	    plan_vec__reserve((void **)&r->adj, &r->adj_cap, sizeof(*r->adj), r->nadj + p->nadj) < 0)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < nsched; i++) {
		if (!p->ord[i].alloc_count)
			continue;
		r->ord[i].alloc_first = p->ord[i].alloc_first + abase;
		r->ord[i].alloc_count = p->ord[i].alloc_count;
	}
	for (size_t i = nsched; i < p->nord; i++) {
		plan_ord o = p->ord[i];
		o.alloc_first += abase;
		r->ord[r->nord++] = o;
	}
	for (size_t i = 0; i < p->nalloc; i++) {
		plan_alloc_rec a = p->alloc[i];
		a.order = REMAP(a.order);
		r->alloc[r->nalloc++] = a;
	}
	for (size_t i = 0; i < p->nexc; i++) {
		plan_exc_rec x = p->exc[i];
		if (x.order >= 0)
			x.order = REMAP(x.order);
		r->exc[r->nexc++] = x;
	}
	for (size_t i = 0; i < p->nadj; i++) {
		plan_adj_rec x = p->adj[i];
		if (x.order >= 0)
			x.order = REMAP(x.order);
		r->adj[r->nadj++] = x;
	}
	plan_arena__splice(&r->arena, &p->arena);
	for (int l = 0; l < e->nlevels; l++) {
		plan_req_list *from = &w->e.pending[l], *to = &e->pending[l];
		if (!from->n)
			continue;
		if (plan_big__reserve((void **)&to->v, &to->cap, sizeof(*to->v), to->n + from->n) < 0)
			return PLAN_ENOMEM;
		for (size_t i = 0; i < from->n; i++) {
			plan_req q = from->v[i];
			if (q.src >= 0)
				q.src = REMAP(q.src);
			to->v[to->n++] = q;
		}
	}
#undef REMAP
	return 0;
}

/* Splits [0, n) into nw contiguous parts of about equal work (SKUs plus
 * their requirements). */
static void split(const size_t *cnt, size_t n, int nw, size_t *bound)
{
	double total = (double)n + (double)(n ? cnt[n - 1] : 0);
	size_t k = 0;
	bound[0] = 0;
	for (int w = 1; w < nw; w++) {
		double goal = total * w / nw;
		while (k < n && (double)k + (double)cnt[k] < goal)
			k++;
		bound[w] = k;
	}
	bound[nw] = n;
}

static int plan_levels(plan_engine *e, int threads, size_t max_lanes)
{
	plan_model *m = e->m;
	int32_t *by_level = malloc((e->nsku ? e->nsku : 1) * sizeof(*by_level));
	size_t *level_off = calloc((size_t)e->nlevels + 1, sizeof(*level_off));
	int32_t *pos = malloc((e->nsku ? e->nsku : 1) * sizeof(*pos));
	size_t *cnt = NULL, cnt_cap = 0;
	plan_req *sorted = NULL;
	size_t sorted_cap = 0;
	worker *w = NULL;
	int nw = threads > 1 ? threads : 1, rc = 0, made = 0;
	if (!by_level || !level_off || !pos) {
		rc = PLAN_ENOMEM;
		goto out;
	}
	plan_levels__order(m, (size_t)e->nlevels, by_level, level_off);
	/* position of each SKU within its level, for the counting sort below */
	for (int l = 0; l < e->nlevels; l++)
		for (size_t k = level_off[l]; k < level_off[l + 1]; k++)
			pos[by_level[k]] = (int32_t)(k - level_off[l]);
	if (nw > 1) {
		w = calloc((size_t)nw, sizeof(*w));
		if (!w) {
			rc = PLAN_ENOMEM;
			goto out;
		}
		for (made = 1; made < nw && !rc; made++)
			rc = worker_init(&w[made], e, max_lanes);
	}
	if (plan_prog__begin(&e->prog, PLAN_PHASE_NETTING, (size_t)e->nlevels))
		rc = PLAN_ECANCELED;
	for (int l = 0; l < e->nlevels && !rc; l++) {
		if (l && plan_prog__at(&e->prog, (size_t)l))
			rc = PLAN_ECANCELED;
		if (rc)
			break;
		size_t nl = level_off[l + 1] - level_off[l];
		const int32_t *skus = by_level + level_off[l];
		if (plan_vec__reserve((void **)&cnt, &cnt_cap, sizeof(*cnt), nl + 1) < 0 ||
		    plan_queue__take(e, l, pos, nl, cnt, &sorted, &sorted_cap) < 0) {
			rc = PLAN_ENOMEM;
			break;
		}
		/* small levels are not worth a thread; (1.1) a yield is
		 * allocated at its output's level to an order of an earlier one,
		 * which a worker's private result does not hold: one thread */
		int use = nl >= 256 && !plan_model__has_outputs(m) && !m->nspecific ? nw : 1;
		size_t bound[65];
		if (use > 64)
			use = 64;
		split(cnt, nl, use, bound);
		level_part part[64];
		for (int t = 0; t < use && !rc; t++) {
			if (t > 0)
				rc = worker_reset(&w[t], e->res);
			part[t] = (level_part){ t ? &w[t].e : e, skus, bound[t], bound[t + 1], cnt, sorted, 0 };
		}
		if (!rc)
			plan_pool__run(level_part_main, part, sizeof(*part), use);
		for (int t = 0; t < use && !rc; t++)
			if (part[t].rc) {
				rc = part[t].rc;
				if (t > 0)
					memcpy(e->errmsg, w[t].e.errmsg, sizeof(e->errmsg));
			}
		for (int t = 1; t < use && !rc; t++)
			rc = merge(e, &w[t]);
	}
	if (!rc && plan_model__has_outputs(m))
		rc = plan_pegging__regroup(e->res);
	if (!rc && plan_prog__end(&e->prog))
		rc = PLAN_ECANCELED;
out:
	for (int t = 1; w && t < made; t++)
		worker_free(&w[t]);
	free(w);
	free(pos);
	free(cnt);
	plan_big__free(sorted, sorted_cap, sizeof(*sorted));
	free(by_level);
	free(level_off);
	return rc;
}

int plan_mrp__run(plan_engine *e, plan_model *m, const plan_run_options *o)
{
	memset(e, 0, sizeof(*e));
	int rc = 0;
	plan_result *r = calloc(1, sizeof(*r));
	if (!r)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	r->model = m;
	e->m = m;
	e->res = r;
	e->all = r;
	e->start = m->horizon.start;
	e->level = -1;
	e->seg = -1;
	e->constrained = o->mode == PLAN_MODE_CONSTRAINED;
	e->prog = (plan_prog){ o->progress, o->user, PLAN_PHASE_NETTING, 0, 0, 1, 0 };
	e->nsku = m->tab[PLAN_TABLE_SKUS].n;
	for (size_t s = 0; s < e->nsku; s++)
		if (m->sku_llc[s] + 1 > e->nlevels)
			e->nlevels = m->sku_llc[s] + 1;
	size_t max_lanes = 1;
	rc = plan_buckets__build(&e->bk, &m->horizon);
	if (!rc)
		rc = plan_cal__build(&e->cals, m, e->start, m->horizon.end);
	if (!rc)
		rc = fences(e);
	if (!rc)
		index_lanes(e, &max_lanes);
	if (!rc)
		rc = scratch_alloc(e, max_lanes);
	if (!rc)
		rc = add_receipts(e);
	if (!rc && m->nspecific) { /* (1.1) receipts are no project's */
		e->ord_seg = malloc((e->res->nord + 1) * sizeof(*e->ord_seg));
		e->ord_seg_cap = e->res->nord + 1;
		if (!e->ord_seg)
			rc = PLAN_ENOMEM;
		for (size_t i = 0; !rc && i < e->res->nord; i++)
			e->ord_seg[i] = -1;
	}
	if (!rc)
		rc = plan_explode__prepare(e);
	if (!rc)
		rc = seed_demands(e);
	if (!rc)
		rc = explode_firm(e);
	if (!rc)
		rc = plan_levels(e, o->threads > 0 ? (o->threads > 64 ? 64 : o->threads) : plan_pool__cores(),
				 max_lanes);
	if (rc)
		return plan_engine__fail(e, rc);
	return 0;
}

int plan_engine__fail(plan_engine *e, int rc)
{
	plan_model *m = e->m;
	char msg[sizeof(e->errmsg)];
	memcpy(msg, e->errmsg, sizeof(msg));
	plan_engine__free(e);
	if (msg[0]) /* names the SKU */
		return plan_model__error(m, rc, "%s", msg);
	return plan_model__error(m, rc, "plan_run: %s", plan_errstr(rc));
}

void plan_engine__free(plan_engine *e)
{
	plan_result_free(e->res);
	e->res = NULL;
	engine_free(e);
}

/* Every demand is delivered in full on its due date (on start if due before). */
int plan_mrp__deliver(plan_engine *e)
{
	plan_model *m = e->m;
	plan_result *r = e->res;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_DEMAND].n; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		double qty = plan_model__demand_qty(m, i);
		if (!(qty > 0))
			continue;
		plan_date when = d->due > e->start ? d->due : e->start;
		if (plan_result__add_delivery(r, (int32_t)i, when, qty) < 0)
			return PLAN_ENOMEM;
		if (d->due < e->start) {
			char a[11];
			plan_date_format(a, d->due);
			int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
							       TAB_ID(m, PLAN_TABLE_DEMAND, i, 2));
			int rc = plan_result__exception(r, EXC_LATE_DEMAND, PLAN_EXC_WARNING, sku, -1,
							(int32_t)i, when, qty,
							"%s late %d day%s: due %s, before the plan start",
							d->id, (int)(e->start - d->due),
							e->start - d->due == 1 ? "" : "s", a);
			if (rc)
				return rc;
		}
	}
	return 0;
}
