/* Fair share (format 1.1, scenario key fair_share = proportional or cover;
 * format.md "Fair share"): the demands at warehouses (transfer SKUs) of
 * one item, one priority and one due bucket form a group. Where the plan
 * cannot serve all of them on time, each gets on time the same share of its
 * quantity (proportional), or each falls short by the same days of its
 * warehouse's average daily demand (cover), to its unit step, rounded
 * down: the largest level every one of
 * them can have, found by halving (thirty steps: within 1e-9), each try
 * planned and given back; then one unit step more on time to each, the
 * largest remainder of its share first, where there is room (so whole units
 * do not leave on-time supply unused, nor halving a share a hair below a
 * unit's). The rest of each comes late, as any
 * late part.
 * Without the key, demands are planned one by one in priority order: the
 * first ones take what there is. With sourcing = cost (1.1), a group is
 * also the demands of warehouses that ship from one source, fair share or
 * not, and is deployed at least cost where that does better
 * (demand_deploy.c) before any share is sought. */
#include "base/numfmt.h"
#include "feasible/demand_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARE_STEPS 30

typedef struct gkey {
	int32_t item, prio, bucket, rank, row, sku;
} gkey;

static int cmp_gkey(const void *a, const void *b)
{
	const gkey *x = a, *y = b;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

void plan_demand__groups_free(dgroups *g)
{
	free(g->of);
	free(g->off);
	free(g->mem);
	free(g->rate);
	*g = (dgroups){ NULL, NULL, NULL, NULL, 0 };
}

/* Whether the demands of a would-be group are at two or more warehouses
 * that ship from one source (least-cost deployment: else each one's
 * cheapest lane is the group's). */
static int compete(const dplan *p, const gkey *k, size_t n)
{
	const plan_engine *e = p->e;
	for (size_t a = 0; a < n; a++) {
		int32_t sa = k[a].sku;
		for (size_t b = a + 1; b < n; b++) {
			int32_t sb = k[b].sku;
			if (sa == sb)
				continue;
			for (int32_t x = e->lane_off[sa]; x < e->lane_off[sa + 1]; x++)
				for (int32_t y = e->lane_off[sb]; y < e->lane_off[sb + 1]; y++)
					if (e->lane_src[e->lane_row[x]] >= 0 &&
					    e->lane_src[e->lane_row[x]] == e->lane_src[e->lane_row[y]])
						return 1;
		}
	}
	return 0;
}

int plan_demand__groups(dplan *p, const int32_t *order, size_t nd, dgroups *g)
{
	const plan_model *m = p->m;
	*g = (dgroups){ NULL, NULL, NULL, NULL, 0 };
	int share = m->scenario.fair_share != PLAN_FAIR_SHARE_NONE;
	if ((!share && m->scenario.sourcing != PLAN_SOURCING_COST) || !nd)
		return 0;
	gkey *k = malloc(nd * sizeof(*k));
	g->of = malloc(nd * sizeof(*g->of));
	g->rate = calloc(m->tab[PLAN_TABLE_SKUS].n + 1, sizeof(*g->rate));
	g->off = malloc((nd + 1) * sizeof(*g->off));
	g->mem = malloc(nd * sizeof(*g->mem));
	if (!k || !g->of || !g->off || !g->mem || !g->rate) {
		free(k);
		plan_demand__groups_free(g);
		return PLAN_ENOMEM;
	}
	size_t nk = 0;
	for (size_t i = 0; i < nd; i++) {
		int32_t d = order[i];
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
		g->of[d] = -1;
		/* each warehouse's average daily demand (cover) */
		if (s >= 0 && plan_model__demand_qty(m, (size_t)d) > 0)
			g->rate[s] += plan_model__demand_qty(m, (size_t)d) /
				      (double)(m->horizon.end - m->horizon.start + 1);
		if (s < 0 || plan__sku(m, (int32_t)s)->type != PLAN_SKU_TRANSFER ||
		    !(plan_model__demand_qty(m, (size_t)d) > 0))
			continue;
		plan_date due = plan_demand__day(p, d);
		k[nk++] = (gkey){ TAB_ID(m, PLAN_TABLE_DEMAND, d, 1), dd->priority,
				  (int32_t)plan_buckets__of(&p->e->bk, due), (int32_t)i, d, (int32_t)s };
	}
	qsort(k, nk, sizeof(*k), cmp_gkey);
	size_t nm = 0;
	g->off[0] = 0;
	for (size_t a = 0, b; a < nk; a = b) {
		for (b = a + 1; b < nk && k[b].item == k[a].item && k[b].prio == k[a].prio &&
				k[b].bucket == k[a].bucket;
		     b++)
			;
		if (b - a < 2 || (!share && !compete(p, &k[a], b - a)))
			continue;
		for (size_t i = a; i < b; i++) {
			g->of[k[i].row] = (int32_t)g->n;
			g->mem[nm++] = k[i].row; /* by rank: the order of planning */
		}
		g->off[++g->n] = (int32_t)nm;
	}
	free(k);
	return 0;
}

/* How a group's level f (0: nothing, 1: all) becomes each demand's part:
 * proportional, f of its need; cover, its need less (1 - f) x the group's
 * longest shortfall in days (lmax) of its warehouse's daily demand. */
typedef struct shr {
	int rule;             /* PLAN_FAIR_SHARE_* */
	const double *need;
	const double *rate;   /* by member: its warehouse's daily demand (cover) */
	double lmax;
} shr;

static double part(const shr *h, size_t i, double f)
{
	if (f >= 1)
		return h->need[i];
	if (h->rule == PLAN_FAIR_SHARE_COVER) {
		double x = h->need[i] - (1 - f) * h->lmax * h->rate[i];
		return x > 0 ? x : 0;
	}
	return h->need[i] * f;
}

/* Each member asked for its part at level f (all of it: f = 1), at most
 * its cap (NULL: none), on its day; whether each got what it asked. */
static int try_share(dplan *p, const int32_t *mem, size_t n, dstate *st, const shr *h,
		     const double *cap, double f, int *all)
{
	*all = 1;
	for (size_t i = 0; i < n && !p->rc; i++) {
		int32_t d = mem[i];
		int dec = plan_model__sku_dec(p->m, st[d].sku);
		/* (a share found by halving is within 1e-9 below the one a unit
		 * boundary gives: not a unit less for that) */
		double want = f >= 1 ? h->need[i] : plan_qty__down(part(h, i, f + 2e-9), dec);
		if (want > h->need[i])
			want = h->need[i];
		if (cap && want > cap[i])
			want = cap[i];
		if (!(want > 0))
			continue;
		double rest = st[d].left - want;
		st[d].left = want;
		plan_demand__why_clear(p);
		int rc = plan_demand__ask(p, d, &st[d], plan_demand__day(p, d));
		if (rc)
			return rc;
		if (st[d].left > 1e-9 * (1 + want))
			*all = 0;
		st[d].left += rest;
	}
	return p->rc;
}

/* The exceptions fair_share: one per demand shared, with its part (as
 * it came, after rounding to units) and the group's level. */
static int report(dplan *p, const int32_t *mem, size_t n, const dstate *st, const shr *h,
		  double f)
{
	const plan_model *m = p->m;
	char a[11], x[32], y[32], got[64], each[64];
	plan_date_format(a, p->e->bk.start[plan_buckets__of(&p->e->bk, plan_demand__day(p, mem[0]))]);
	int cover = h->rule == PLAN_FAIR_SHARE_COVER;
	if (cover)
		snprintf(each, sizeof(each), "%.4g days short", (1 - f) * h->lmax);
	else
		snprintf(each, sizeof(each), "%.4g %%", 100 * f);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, mem[i]);
		double on = st[mem[i]].on_time;
		plan_num__g(x, on, 10);
		plan_num__g(y, h->need[i], 10);
		if (cover)
			snprintf(got, sizeof(got), "%.4g days of its warehouse's demand short",
				 h->rate[i] > 0 ? (h->need[i] - on) / h->rate[i] : 0);
		else
			snprintf(got, sizeof(got), "%.4g %%", 100 * on / h->need[i]);
		rc = plan_result__exception(p->w, EXC_FAIR_SHARE, PLAN_EXC_INFO, st[mem[i]].sku, -1,
					    mem[i], plan_demand__day(p, mem[i]), on,
					    "%s gets %s of %s on time (%s), its fair share: %s each for "
					    "the %zu demands of %s (priority %d, due in the bucket of %s) "
					    "that compete for it",
					    dd->id, x, y, got, each, n, dd->item, dd->priority, a);
	}
	return rc;
}

typedef struct rem {
	double frac;
	size_t i;
} rem;

static int cmp_rem(const void *a, const void *b)
{
	const rem *x = a, *y = b;
	if (x->frac != y->frac)
		return x->frac > y->frac ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* One unit step more on time to each member that has a unit short of its
 * exact share, the largest remainder first, where it can be had (units,
 * 1.1; without them the shares are exact). */
static int remainders(dplan *p, const int32_t *mem, size_t n, dstate *st, const shr *h,
		      double f)
{
	rem *v = malloc(n * sizeof(*v));
	if (!v)
		return PLAN_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int dec = plan_model__sku_dec(p->m, st[mem[i]].sku);
		double got = h->need[i] - st[mem[i]].left, exact = part(h, i, f);
		if (dec >= 0 && st[mem[i]].left > 1e-6 && exact - got > 1e-9 * (1 + h->need[i]))
			v[k++] = (rem){ exact - got, i };
	}
	qsort(v, k, sizeof(*v), cmp_rem);
	for (size_t j = 0; j < k && !p->rc; j++) {
		int32_t d = mem[v[j].i];
		int dec = plan_model__sku_dec(p->m, st[d].sku);
		double unit = plan_qty__down(1, dec) > 0 ? 1 : 0;
		for (int e = 0; e < dec; e++)
			unit /= 10;
		if (!(unit > 0) || st[d].left < unit - 1e-9)
			continue;
		double rest = st[d].left - unit;
		st[d].left = unit;
		size_t ndlv = p->w->ndlv;
		p->hold++;
		mark mk = plan_demand__mark(p);
		int rc = plan_demand__ask(p, d, &st[d], plan_demand__day(p, d));
		p->hold--;
		if (!rc && st[d].left > 1e-9) {
			/* not a whole unit more: given back */
			dstate back = st[d];
			plan_demand__rollback(p, mk);
			p->w->ndlv = ndlv;
			back.on_time -= unit - back.left;
			back.left = unit;
			st[d] = back;
		}
		plan_demand__commit(p);
		st[d].left += rest;
		if (rc)
			break;
	}
	free(v);
	return p->rc;
}

int plan_demand__share(dplan *p, const dgroups *g, int32_t group, dstate *st)
{
	const int32_t *mem = &g->mem[g->off[group]];
	size_t n = (size_t)(g->off[group + 1] - g->off[group]);
	/* need, cap, rate: the group's; fneed, frate: those shared */
	double *need = calloc(5 * (n + 1), sizeof(*need));
	double *cap = need + (n + 1), *rate = cap + (n + 1), *fneed = rate + (n + 1);
	double *frate = fneed + (n + 1);
	dstate *keep = calloc(n + 1, sizeof(*keep));
	int32_t *fair = calloc(n + 1, sizeof(*fair));
	if (!need || !keep || !fair) {
		free(need);
		free(keep);
		free(fair);
		return PLAN_ENOMEM;
	}
	size_t ndlv = p->w->ndlv;
	shr h = { p->m->scenario.fair_share, need, rate, 0 };
	for (size_t i = 0; i < n; i++) {
		keep[i] = st[mem[i]];
		need[i] = st[mem[i]].left;
		rate[i] = g->rate[st[mem[i]].sku];
		if (rate[i] > 0 && need[i] / rate[i] > h.lmax)
			h.lmax = need[i] / rate[i];
	}
	p->hold++;
	mark k = plan_demand__mark(p);
	int all = 0, rc = try_share(p, mem, n, st, &h, NULL, 1, &all);
	/* least-cost deployment (sourcing = cost), or one by one */
	int kept = 0, given_back = 0;
	if (!rc)
		rc = plan_demand__deploy(p, mem, n, st, keep, k, ndlv, &all, &kept);
	if (!rc && !kept && h.rule == PLAN_FAIR_SHARE_NONE) {
		/* no better than one by one: each at its own turn */
		plan_demand__group_undo(p, k, ndlv, mem, n, st, keep);
		p->hold--;
		given_back = 1;
	} else if (!rc && !all && h.rule != PLAN_FAIR_SHARE_NONE) {
		/* each one's cap: what it could have on time alone (its own
		 * lead times, lanes and stock may hold it below its need) */
		for (size_t i = 0; i < n && !rc; i++) {
			plan_demand__group_undo(p, k, ndlv, mem, n, st, keep);
			int alone = 0;
			shr one = { h.rule, &need[i], &rate[i], h.lmax };
			rc = try_share(p, &mem[i], 1, st, &one, NULL, 1, &alone);
			cap[i] = need[i] - st[mem[i]].left;
			/* what holds it back alone, for a demand not shared */
			const char *why = alone ? NULL : plan_demand__why(p);
			if (!rc && why &&
			    !(keep[i].why = plan_arena__strndup(&p->w->arena, why, strlen(why))))
				rc = PLAN_ENOMEM;
		}
		plan_demand__group_undo(p, k, ndlv, mem, n, st, keep);
		/* the highest level f every one can have on time, each at most
		 * its cap (water-filling): 1 if the caps are all there is */
		double lo = 0, hi = 1;
		int ok = 0;
		if (!rc)
			rc = try_share(p, mem, n, st, &h, cap, 1, &ok);
		plan_demand__group_undo(p, k, ndlv, mem, n, st, keep);
		if (ok)
			lo = 1;
		for (int step = 0; step < SHARE_STEPS && !rc && !ok; step++) {
			double mid = (lo + hi) / 2;
			int fine = 0;
			rc = try_share(p, mem, n, st, &h, cap, mid, &fine);
			if (fine)
				lo = mid;
			else
				hi = mid;
			plan_demand__group_undo(p, k, ndlv, mem, n, st, keep);
		}
		p->hold--;
		if (!rc && lo > 0)
			rc = try_share(p, mem, n, st, &h, cap, lo, &all);
		/* shared fairly: those its cap does not hold below their part */
		size_t nf = 0;
		for (size_t i = 0; i < n; i++)
			if (cap[i] >= part(&h, i, lo) - 1e-9 * (1 + need[i])) {
				fneed[nf] = need[i];
				frate[nf] = rate[i];
				fair[nf++] = mem[i];
			}
		shr fh = { h.rule, fneed, frate, h.lmax };
		if (!rc && nf >= 2)
			rc = remainders(p, fair, nf, st, &fh, lo);
		if (!rc && nf >= 2 && lo < 1)
			rc = report(p, fair, nf, st, &fh, lo);
		/* the rest comes late: why, in a planner's words */
		char why[160];
		snprintf(why, sizeof(why), "shared fairly with %zu other demand%s competing for "
			 "the same supply (fair_share %s)", nf - 1, nf == 2 ? "" : "s",
			 h.rule == PLAN_FAIR_SHARE_COVER ? "cover" : "proportional");
		for (size_t i = 0; i < nf && nf >= 2 && !rc; i++)
			if (st[fair[i]].left > 1e-6 &&
			    !(st[fair[i]].why = plan_arena__strndup(&p->w->arena, why, strlen(why))))
				rc = PLAN_ENOMEM;
	} else {
		p->hold--;
	}
	plan_demand__commit(p);
	free(need);
	free(keep);
	free(fair);
	return rc ? rc : p->rc ? p->rc : given_back;
}
