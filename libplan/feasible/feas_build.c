/* The plan as it now is: the plan built from a pass's working plan
 * (deliveries, reasons of late demands, orders left out taken out). */
#include "feasible/feasible_impl.h"

/* --- the plan as it now is ---------------------------------------------- */

typedef struct part {
	int32_t demand;
	plan_date date;
	double qty;
	int32_t order;    /* (index in the plan) or -1: stock on hand */
} part;

static int cmp_part(const void *a, const void *b)
{
	const part *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The chain of constraints that holds an order back, from its own reason
 * down the supplies that came last. o: the working plan's index. */
static void chain(const feas *f, const plan_result *R, const int32_t *new_of, int32_t o,
		  char *buf, size_t len)
{
	size_t w = strlen(buf);
	for (int hop = 0; o >= 0 && hop < 6 && w + 1 < len; hop++) {
		const ostate *s = &f->st[o];
		if (new_of[o] < 0 || !s->why)
			break;
		const plan_ord *ord = &R->ord[new_of[o]];
		char a[11], b[11];
		int k = snprintf(buf + w, len - w, "%s%s (%s@%s) due %s, not %s: %s", hop ? "; " : "",
				 plan_result__id(R, (size_t)new_of[o]), sku_item(f->m, ord->sku),
				 sku_site(f->m, ord->sku), fmt(a, ord->due), fmt(b, s->due0), s->why);
		if (k < 0 || (size_t)k >= len - w) {
			buf[len - 1] = '\0';
			return;
		}
		w += (size_t)k;
		/* the supply it waited for said what held it back */
		if (s->cause != C_MATERIAL)
			break;
		o = s->via;
	}
}

/* Deliveries in parts and the late and short demands with their reasons. */
static int deliver(const feas *f, plan_result *R, const int32_t *new_of, const int32_t *old_of)
{
	const plan_model *m = f->m;
	const double *stock_part = f->F->stock_part;
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n, np = 0;
	/* the parts of each demand: a counting sort by demand, then each
	 * demand's few parts by date (stock first on a tie), then order */
	int32_t *at = calloc(nd + 2, sizeof(*at));
	if (!at)
		return PLAN_ENOMEM;
	for (size_t d = 0; d < nd; d++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		at[d + 2] += dd->qty > 0 && stock_part[d] > PLAN_EPS * (1 + dd->qty);
	}
	for (size_t i = 0; i < R->nalloc; i++)
		if (R->alloc[i].src < 0)
			at[-1 - R->alloc[i].src + 2]++;
	for (size_t d = 0; d < nd; d++)
		at[d + 2] += at[d + 1];
	np = (size_t)at[nd + 1];
	part *pt = malloc((np + 1) * sizeof(*pt));
	if (!pt) {
		free(at);
		return PLAN_ENOMEM;
	}
	for (size_t d = 0; d < nd; d++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		if (!(dd->qty > 0) || stock_part[d] <= PLAN_EPS * (1 + dd->qty))
			continue;
		pt[at[d + 1]++] = (part){ (int32_t)d, dd->due > f->start ? dd->due : f->start, stock_part[d], -1 };
	}
	for (size_t i = 0; i < R->nalloc; i++) {
		const plan_alloc_rec *a = &R->alloc[i];
		if (a->src >= 0)
			continue;
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, -1 - a->src);
		plan_date when = dd->due > f->start ? dd->due : f->start;
		if (R->ord[a->order].due > when)
			when = R->ord[a->order].due;
		pt[at[-1 - a->src + 1]++] = (part){ -1 - a->src, when, a->qty, a->order };
	}
	/* at[d] is now where demand d's parts start; each run sorted, stably */
	for (size_t d = 0; d < nd; d++) {
		part *x = pt + at[d];
		size_t n = (size_t)(at[d + 1] - at[d]);
		if (n > 16) {
			qsort(x, n, sizeof(*x), cmp_part);
			continue;
		}
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && cmp_part(&x[j - 1], &x[j]) > 0; j--) {
				part t = x[j];
				x[j] = x[j - 1];
				x[j - 1] = t;
			}
	}
	free(at);
	int rc = 0;
	for (size_t i = 0, d = 0; d < nd && !rc; d++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		double got = 0;
		plan_date lastd = PLAN_DATE_NONE;
		int32_t culprit = -1;
		for (; i < np && pt[i].demand == (int32_t)d; i++) {
			got += pt[i].qty;
			if (pt[i].date > dd->due && pt[i].order >= 0)
				culprit = pt[i].order;
			lastd = pt[i].date;
			if (R->ndlv && R->dlv[R->ndlv - 1].demand == (int32_t)d &&
			    R->dlv[R->ndlv - 1].date == pt[i].date) {
				R->dlv[R->ndlv - 1].qty += pt[i].qty;
				continue;
			}
			if (plan_vec__reserve((void **)&R->dlv, &R->dlv_cap, sizeof(*R->dlv), R->ndlv + 1) < 0) {
				rc = PLAN_ENOMEM;
				break;
			}
			R->dlv[R->ndlv++] = (plan_delivery_rec){ (int32_t)d, pt[i].date, pt[i].qty };
		}
		if (rc || !(dd->qty > 0))
			continue;
		double shortq = dd->qty - got;
		int late = lastd != PLAN_DATE_NONE && lastd > dd->due;
		if (shortq <= 1e-6 && !late)
			continue;
		char msg[1024], a[11], b[11];
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
		if (shortq > 1e-6)
			snprintf(msg, sizeof(msg), "%s short %.10g of %.10g (due %s): ", dd->id, shortq, dd->qty,
				 fmt(a, dd->due));
		else
			snprintf(msg, sizeof(msg), "%s late %d days (due %s, last part %s): ", dd->id,
				 (int)(lastd - dd->due), fmt(a, dd->due), fmt(b, lastd));
		size_t head = strlen(msg);
		if (dd->due < f->start && culprit < 0)
			snprintf(msg + head, sizeof(msg) - head, "due before the plan start");
		if (culprit >= 0)
			chain(f, R, new_of, old_of[culprit], msg, sizeof(msg));
		if (shortq > 1e-6) {
			size_t w = strlen(msg);
			snprintf(msg + w, sizeof(msg) - w, "%snot all of it can arrive within the horizon "
				 "(adjustments.csv, action short, says what was left out)", w > head ? "; " : "");
		}
		rc = plan_result__exception(R, EXC_LATE_DEMAND, PLAN_EXC_WARNING, sku, culprit, (int32_t)d,
					    lastd != PLAN_DATE_NONE ? lastd : dd->due,
					    shortq > 1e-6 ? shortq : dd->qty, "%s", msg);
	}
	free(pt);
	return rc;
}

/* The plan of a pass: left-out orders taken out, each split's orders after
 * the one they came from, everything that names an order renumbered; then
 * ids, deliveries, the capacity rows and the summary. The working plan
 * stays as it is (the next replay reads it); the plan's strings live in
 * the working plan's arena. */
/* Everything of a plan but its orders and allocations, from the working
 * plan: loads, messages, adjustments, deliveries and the late demands, the
 * capacity rows, the summary. (Again, when a repair patches a plan.) */
int plan_feas__fill_rest(feas *f, plan_result *R, const int32_t *new_of, const int32_t *old_of,
		     int steal)
{
	plan_result *w = f->r;
	R->nload = R->nexc = R->nadj = R->ndlv = 0;
	/* steal: the working plan is not read again (a one-shot run), so its
	 * loads, messages and adjustments are renumbered in place and handed
	 * over rather than copied */
	if (!steal &&
	    (plan_big__reserve((void **)&R->load, &R->load_cap, sizeof(*R->load), w->nload + 1) < 0 ||
	     plan_vec__reserve((void **)&R->exc, &R->exc_cap, sizeof(*R->exc), w->nexc + 1) < 0 ||
	     plan_vec__reserve((void **)&R->adj, &R->adj_cap, sizeof(*R->adj), w->nadj + 1) < 0))
		return PLAN_ENOMEM;
	plan_load_rec *ld = steal ? w->load : R->load;
	plan_exc_rec *ex = steal ? w->exc : R->exc;
	plan_adj_rec *ad = steal ? w->adj : R->adj;
	for (size_t i = 0; i < w->nload; i++) {
		plan_load_rec x = w->load[i];
		if (x.order < 0)
			continue; /* given back by a repair */
		x.order = new_of[x.order];
		ld[R->nload++] = x;
	}
	for (size_t i = 0; i < w->nexc; i++) {
		plan_exc_rec x = w->exc[i];
		if (x.severity == TOMB)
			continue;
		if (x.order >= 0 && (x.order = new_of[x.order]) < 0)
			continue;
		ex[R->nexc++] = x;
	}
	for (size_t i = 0; i < w->nadj; i++) {
		plan_adj_rec a = w->adj[i];
		if (a.action == TOMB)
			continue;
		if (a.order >= 0)
			a.order = new_of[a.order];
		ad[R->nadj++] = a;
	}
	if (steal) {
		plan_feas__hand_over((void **)&R->load, &R->load_cap, (void **)&w->load, &w->load_cap);
		plan_feas__hand_over((void **)&R->exc, &R->exc_cap, (void **)&w->exc, &w->exc_cap);
		plan_feas__hand_over((void **)&R->adj, &R->adj_cap, (void **)&w->adj, &w->adj_cap);
		w->nload = w->nexc = w->nadj = 0;
	}
	int rc = deliver(f, R, new_of, old_of);
	if (rc)
		return rc;
	/* the capacity rows go to the plan */
	free(R->cap);
	free(R->bucket_start);
	R->cap = NULL;
	R->bucket_start = NULL;
	R->ncap = 0;
	f->e->res = R;
	rc = plan_capacity__report(f->cap);
	f->e->res = w;
	return rc ? rc : plan_result__summarise(R);
}

/* The plan of a pass: left-out orders taken out, each split's orders after
 * the one they came from, everything that names an order renumbered; then
 * ids and the rest. The working plan stays as it is (the next replay or
 * repair reads it); the plan's strings live in the feasibility step. */
int plan_feas__materialize(feas *f, plan_result **out)
{
	plan_result *w = f->r;
	size_t n = w->nord, k = 0;
	int rc = PLAN_ENOMEM;
	plan_result *R = calloc(1, sizeof(*R));
	int32_t *new_of = malloc((n ? n : 1) * sizeof(*new_of));
	int32_t *old_of = malloc((n ? n : 1) * sizeof(*old_of));
	*out = NULL;
	if (!R || !new_of || !old_of)
		goto out;
	R->model = w->model;
	R->constrained = 1;
	R->nsched = w->nsched;
	for (size_t i = 0; i < n; i++)
		new_of[i] = -1;
	for (size_t q = 0; q < f->nord0; q++) {
		size_t i = (size_t)f->F->work_of[q];
		if (i >= w->nsched && f->st[i].dropped)
			continue;
		old_of[k] = (int32_t)i;
		new_of[i] = (int32_t)k++;
		for (int32_t p = i >= w->nsched ? f->st[i].next_piece : -1; p >= 0; p = f->st[p].next_piece) {
			old_of[k] = p;
			new_of[p] = (int32_t)k++;
		}
	}
	if (plan_big__reserve((void **)&R->ord, &R->ord_cap, sizeof(*R->ord), k + 1) < 0 ||
	    plan_big__reserve((void **)&R->alloc, &R->alloc_cap, sizeof(*R->alloc), w->nalloc + 1) < 0)
		goto out;
	/* the working plan is in sequence, this one in netting's order: what
	 * is gathered a few orders ahead is prefetched */
	for (size_t j = 0; j < k; j++) {
		if (j + 16 < k)
			__builtin_prefetch(&w->ord[old_of[j + 16]]);
		if (j + 8 < k)
			__builtin_prefetch(&w->alloc[w->ord[old_of[j + 8]].alloc_first]);
		const plan_ord *o = &w->ord[old_of[j]];
		plan_ord *x = &R->ord[j];
		*x = *o;
		x->alloc_first = (uint32_t)R->nalloc;
		x->alloc_count = 0;
		for (uint32_t a = 0; a < o->alloc_count; a++) {
			plan_alloc_rec y = w->alloc[o->alloc_first + a];
			if (y.src >= 0 && new_of[y.src] < 0)
				continue; /* its consumer was left out: this is stock now */
			if (y.qty <= PLAN_EPS)
				continue;
			y.order = (int32_t)j;
			if (y.src >= 0)
				y.src = new_of[y.src];
			R->alloc[R->nalloc++] = y;
			x->alloc_count++;
		}
	}
	R->nord = k;
	if (!(rc = plan_result__name_orders(R)))
		rc = plan_feas__fill_rest(f, R, new_of, old_of, f->F->once);
out:
	if (rc) {
		free(new_of);
		free(old_of);
		plan_result_free(R);
		return rc;
	}
	free(f->new_of);
	free(f->old_of);
	f->new_of = new_of;
	f->old_of = old_of;
	f->new_n = f->old_n = n;
	*out = R;
	return 0;
}

/* new_of for nw orders of the working plan (the new ones in no plan yet),
 * old_of for nr orders of the plan. */
int plan_feas__grow_maps(feas *f, size_t nw, size_t nr)
{
	if (nw > f->new_n) {
		int32_t *x = realloc(f->new_of, nw * sizeof(*x));
		if (!x)
			return PLAN_ENOMEM;
		for (size_t i = f->new_n; i < nw; i++)
			x[i] = -1;
		f->new_of = x;
		f->new_n = nw;
	}
	if (nr > f->old_n) {
		int32_t *x = realloc(f->old_of, nr * sizeof(*x));
		if (!x)
			return PLAN_ENOMEM;
		f->old_of = x;
		f->old_n = nr;
	}
	return 0;
}

/* Appends piece p of the working plan (a split's new order) to plan R,
 * made from this working plan: its row, a new id, its allocations (as
 * plan_feas__materialize() writes them). The maps have room (plan_feas__grow_maps()), and so
 * does R's id block (plan_result__room_for()). */
int plan_feas__append_piece(feas *f, plan_result *R, int32_t p)
{
	const plan_result *w = f->r;
	const plan_ord *wo = &w->ord[p];
	size_t j = R->nord;
	if (plan_big__reserve((void **)&R->ord, &R->ord_cap, sizeof(*R->ord), j + 1) < 0 ||
	    plan_big__reserve((void **)&R->alloc, &R->alloc_cap, sizeof(*R->alloc),
			      R->nalloc + wo->alloc_count + 1) < 0)
		return PLAN_ENOMEM;
	plan_ord *x = &R->ord[j];
	*x = *wo;
	x->alloc_first = (uint32_t)R->nalloc;
	x->alloc_count = 0;
	for (uint32_t a = 0; a < wo->alloc_count; a++) {
		plan_alloc_rec y = w->alloc[wo->alloc_first + a];
		if ((y.src >= 0 && f->new_of[y.src] < 0) || y.qty <= PLAN_EPS)
			continue;
		y.order = (int32_t)j;
		if (y.src >= 0)
			y.src = f->new_of[y.src];
		R->alloc[R->nalloc++] = y;
		x->alloc_count++;
	}
	R->nord = j + 1;
	f->new_of[p] = (int32_t)j;
	f->old_of[j] = p;
	return plan_result__name_next(R, j) ? PLAN_EINVAL : 0;
}

/* Order o of the working plan now makes less (made in part): its
 * allocations in plan R (made from this working plan) are written again,
 * as plan_feas__materialize() writes them, over the first of its old ones (there are
 * no more of them: the first consumers keep theirs); the rest are marked
 * (order -1) for plan_feas__take_out(). Returns whether any was marked. */
int plan_feas__patch_allocs(feas *f, plan_result *R, int32_t o)
{
	const plan_result *w = f->r;
	const plan_ord *wo = &w->ord[o];
	plan_ord *x = &R->ord[f->new_of[o]];
	uint32_t n = 0;
	for (uint32_t a = 0; a < wo->alloc_count && n < x->alloc_count; a++) {
		plan_alloc_rec y = w->alloc[wo->alloc_first + a];
		if ((y.src >= 0 && f->new_of[y.src] < 0) || y.qty <= PLAN_EPS)
			continue;
		y.order = f->new_of[o];
		if (y.src >= 0)
			y.src = f->new_of[y.src];
		R->alloc[x->alloc_first + n++] = y;
	}
	int marked = n < x->alloc_count;
	for (; n < x->alloc_count; n++)
		R->alloc[x->alloc_first + n].order = -1;
	return marked;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static int32_t shifted(const int32_t *g, size_t ng, int32_t j)
{
	size_t lo = 0, hi = ng;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g[mid] < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ng && g[lo] == j ? -1 : j - (int32_t)lo;
}

/* Takes the orders of the working plan that are now left out (g: their
 * indices in plan R, ng of them; sorted here), and the allocations
 * plan_feas__patch_allocs() marked (marked: some are), out of plan R in place (R was
 * made from this working plan, whose maps new_of and old_of it updates):
 * their rows, ids and allocations go, and so do the allocations other
 * orders gave them. Orders keep their ids. An order's new index is its
 * index less the gone orders before it (a binary search in the few gone
 * ones). */
int plan_feas__take_out(feas *f, plan_result *R, int32_t *g, size_t ng, int marked)
{
	int32_t *new_of = f->new_of, *old_of = f->old_of;
	size_t na = 0;
	if (!ng && !marked)
		return 0;
	qsort(g, ng, sizeof(*g), cmp_i32);
	for (size_t i = 0; i < ng; i++)
		new_of[old_of[g[i]]] = -1;
	size_t k = ng ? (size_t)g[0] : R->nord;
	for (size_t j = k, x = 0; j < R->nord; j++) {
		if (x < ng && (size_t)g[x] == j) {
			x++;
			continue;
		}
		R->ord[k] = R->ord[j];
		memmove(R->idblock + (k - R->nsched) * R->idw, R->idblock + (j - R->nsched) * R->idw,
			R->idw);
		old_of[k] = old_of[j];
		new_of[old_of[k]] = (int32_t)k;
		k++;
	}
	R->nord = k;
	for (size_t j = 0; j < k; j++) {
		plan_ord *o = &R->ord[j];
		uint32_t first = o->alloc_first, cnt = o->alloc_count;
		o->alloc_first = (uint32_t)na;
		o->alloc_count = 0;
		for (uint32_t a = 0; a < cnt; a++) {
			plan_alloc_rec y = R->alloc[first + a];
			if (y.order < 0)
				continue; /* marked by plan_feas__patch_allocs() */
			if (y.src >= 0 && (y.src = shifted(g, ng, y.src)) < 0)
				continue; /* its consumer was left out: this is stock now */
			y.order = (int32_t)j;
			R->alloc[na++] = y;
			o->alloc_count++;
		}
	}
	R->nalloc = na;
	return 0;
}
