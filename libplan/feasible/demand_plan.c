/* The demand-driven plan (demand.c tells how a SKU gives): the demands in
 * order, most important first, each on time what can be and what can come
 * soon after, then the rest of each late; safety stock after them; the
 * plan put in the order of a plan. */
#include "base/numfmt.h"
#include "feasible/demand_impl.h"
#include "project/project.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the demands ----------------------------------------------------------- */

/* A late part that can come within this many days of its demand's due date
 * is planned with the demand; a later one waits until every demand's
 * on-time part is planned (a demand weeks late anyway should not take the
 * capacity another needs on time). */
#define LATE_AT_ONCE 7

typedef struct dkey {
	int prio;
	plan_date due;
	int32_t row;
} dkey;

static int cmp_dkey(const void *a, const void *b)
{
	const dkey *x = a, *y = b;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Due date first, then priority. */
static int cmp_dkey_due(const void *a, const void *b)
{
	const dkey *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Whether something can be had on day (tried, then given back). */
typedef int probe_fn(dplan *p, const void *ctx, plan_date day);

/* The earliest day after `none` (known to give nothing) that gives
 * something: days farther and farther apart, then halved down between the
 * last that gave nothing and the first that gives; past p->end if none. */
static plan_date earliest(dplan *p, plan_date none, probe_fn *gives, const void *ctx)
{
	/* a new round of probes: the plan is as it was for each of them, so
	 * what one finds gives nothing holds for the next */
	int was = p->probing;
	if (!was && ++p->round == 0)
		p->round = 1;
	p->probing = 1;
	plan_date day = p->end + 1;
	for (plan_date step = 1; none < p->end && !p->rc; step *= 2) {
		plan_date at = none + step > p->end ? p->end : none + step;
		if (!gives(p, ctx, at)) {
			/* nothing by the horizon's end, nothing before: one
			 * probe, not one for each day farther */
			if (step == 1 && at < p->end && !gives(p, ctx, p->end))
				none = p->end;
			else
				none = at;
			continue;
		}
		while (at - none > 1 && !p->rc) {
			plan_date mid = none + (at - none) / 2;
			if (gives(p, ctx, mid))
				at = mid;
			else
				none = mid;
		}
		day = at;
		break;
	}
	p->probing = was;
	return day;
}

/* What a probe asks for: a little of what is left (a thousandth, at
 * least 0.001): whether anything can be had depends on where capacity,
 * stock and lead times leave room, not on how much; a little is met by
 * the first stock or lot on the way, where asking for all of it would go
 * down every level to be given back. */
static double probe_qty(double left)
{
	double q = left * 1e-3 > 1e-3 ? left * 1e-3 : 1e-3;
	return q < left ? q : left;
}

typedef struct asking {
	int32_t d;
	const dstate *st;
} asking;

/* Whether demand a->d's SKU gives something on day. */
static int demand_gives(dplan *p, const void *ctx, plan_date day)
{
	const asking *a = ctx;
	/* (what gave nothing by a day is remembered by need() through the
	 * late parts: the next demand of the SKU is not asked down again) */
	mark k = plan_demand__mark(p);
	p->dry++;
	double g = plan_demand__need(p, a->st->sku, probe_qty(a->st->left), day, -1 - a->d);
	p->dry--;
	plan_demand__rollback(p, k);
	return g > EPS;
}

/* The rest of demand d, late: on the earliest later days that give
 * something, in parts, up to day until (at most the horizon's end). */
static int ask_late(dplan *p, int32_t d, dstate *st, plan_date until)
{
	const plan_demand_def *dd = TAB_ROW(p->m, PLAN_TABLE_DEMAND, d);
	plan_date day = dd->due > p->start ? dd->due : p->start; /* gives nothing more */
	asking a = { d, st };
	if (until > p->end)
		until = p->end;
	while (st->left > 1e-6 && !p->rc) {
		/* no day before the SKU could give anything at all is probed */
		plan_date r = plan_demand__ready(p, st->sku);
		if (r > until)
			break;
		if (r > day) {
			/* asked for on the first day it could be: often it is */
			double left = st->left;
			int rc = plan_demand__ask(p, d, st, r);
			if (rc)
				return rc;
			day = r;
			if (st->left < left)
				continue;
		}
		if ((day = earliest(p, day, demand_gives, &a)) > until)
			break;
		int rc = plan_demand__ask(p, d, st, day);
		if (rc)
			return rc;
	}
	return p->rc;
}

/* The late-demand exception of a demand late or short, with what held it
 * back; a short demand is also an adjustment (short). */
static int report_late(dplan *p, int32_t d, const dstate *st)
{
	const plan_demand_def *dd = TAB_ROW(p->m, PLAN_TABLE_DEMAND, d);
	double want = plan_model__demand_qty(p->m, (size_t)d);
	if (st->sku < 0 || (st->left <= 1e-6 && st->on_time >= want - 1e-6))
		return 0;
	char a[11], b[11], left[32], qty[32], on[32];
	plan_date_format(a, dd->due);
	plan_date_format(b, st->last);
	plan_num__g(left, st->left, 10);
	plan_num__g(qty, want, 10);
	plan_num__g(on, st->on_time, 10);
	const char *why = st->why ? st->why : "nothing more can arrive by then";
	if (st->left > 1e-6) {
		plan_demand__lever(p, -1, ADJ_SHORT, why, "demand %s short %s of %s", dd->id, left, qty);
		return p->rc ? p->rc
			     : plan_result__exception(p->w, EXC_LATE_DEMAND, PLAN_EXC_WARNING, st->sku,
						      -1, d, st->parts ? st->last : dd->due, st->left,
						      "%s short %s of %s (due %s, %s on time, "
						      "nothing more by the horizon's end): %s",
						      dd->id, left, qty, a, on, why);
	}
	return plan_result__exception(p->w, EXC_LATE_DEMAND, PLAN_EXC_WARNING, st->sku, -1, d,
				      st->last, want - st->on_time,
				      "%s late %d day%s (due %s, %s on time, the rest in %d part%s by "
				      "%s): %s",
				      dd->id, (int)(st->last - dd->due), st->last - dd->due == 1 ? "" : "s", a,
				      on, st->parts, st->parts == 1 ? "" : "s", b, why);
}

/* Every demand in order (keys): on its due date what can be, then what can
 * come within LATE_AT_ONCE days after, before the next demand is asked
 * for; when every demand has had that, the rest of each, in the same
 * order, on the earliest days it can; then the exceptions. */
/* The materials of project `project` (1.1: demand rows derived from
 * activity_materials.csv), each on time where it can be and the rest on
 * the earliest days after; into release (by activity row) the day each
 * activity has all of its materials (PLAN_DATE_NONE: not within the
 * horizon; the start: none needed). */
static int plan_materials(dplan *p, int32_t project, dstate *st, plan_date *release)
{
	const plan_model *m = p->m;
	int rc = 0;
	for (int32_t i = m->prj_off[project]; i < m->prj_off[project + 1] && !rc; i++) {
		int32_t a = m->prj_act[i];
		release[a] = p->start;
		for (int32_t k = m->mat_off[a]; k < m->mat_off[a + 1] && !rc; k++) {
			int32_t d = m->mat_dem[k];
			if (st[d].sku < 0)
				continue;
			size_t n0 = p->w->ndlv;
			plan_demand__why_clear(p);
			rc = plan_demand__ask(p, d, &st[d], plan_demand__day(p, d));
			if (rc)
				break;
			if (st[d].left > 1e-6) {
				const char *why = plan_demand__why(p);
				if (why && !(st[d].why = plan_arena__strndup(&p->w->arena, why, strlen(why))))
					return PLAN_ENOMEM;
				if (++p->round == 0)
					p->round = 1;
				p->probing = 1;
				rc = ask_late(p, d, &st[d], p->end);
				p->probing = 0;
			}
			/* the day the last part comes, or none if it does not all come */
			plan_date last = p->start;
			for (size_t x = n0; x < p->w->ndlv; x++)
				if (p->w->dlv[x].demand == d && p->w->dlv[x].date > last)
					last = p->w->dlv[x].date;
			if (st[d].left > 1e-6)
				release[a] = PLAN_DATE_NONE;
			else if (release[a] != PLAN_DATE_NONE && last > release[a])
				release[a] = last;
		}
	}
	return rc;
}

/* Projects (1.1) due at or before key k in the order of demands (prio
 * and due; all with k NULL) and not yet scheduled: their materials, then
 * their activities, now. */
static int plan_projects(dplan *p, dstate *st, plan_date *release, const dkey *pk, size_t npk,
			 size_t *next, const dkey *k)
{
	int rc = 0;
	for (; *next < npk && !rc; ++*next) {
		const dkey *x = &pk[*next];
		if (k && (x->prio > k->prio || (x->prio == k->prio && x->due > k->due)))
			break;
		rc = plan_materials(p, x->row, st, release);
		if (!rc)
			rc = plan_project__constrained(p->e, p->cap, x->row, release);
	}
	return rc;
}

static int plan_demands(dplan *p, const dkey *keys, size_t nd, const dkey *pk, size_t npk)
{
	const plan_model *m = p->m;
	dstate *st = calloc(nd + 1, sizeof(*st));
	if (!st)
		return PLAN_ENOMEM;
	int rc = 0;
	for (size_t i = 0; i < nd; i++) {
		double want = plan_model__demand_qty(m, i);
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, i, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, i, 2));
		st[i] = (dstate){ want > 0 ? sku : -1, want > 0 ? want : 0, 0, 0, 0, NULL };
	}
	/* first the demands only stock and receipts can serve on time (due
	 * before any new supply could arrive), earliest due first: stock goes
	 * first to the need nearest in time, as netting would give it (a
	 * demand of high priority due later takes the stock an earlier one
	 * needed, where new supply would often have served it on time); then
	 * the others, most important first */
	dkey *by_due = malloc((nd + 1) * sizeof(*by_due));
	if (!by_due) {
		free(st);
		return PLAN_ENOMEM;
	}
	if (nd) {
		memcpy(by_due, keys, nd * sizeof(*keys));
		qsort(by_due, nd, sizeof(*by_due), cmp_dkey_due);
	}
	/* fair share (1.1): groups of warehouses' demands planned together */
	dgroups grp;
	int32_t *order = malloc((nd + 1) * sizeof(*order));
	uint8_t *shared = NULL;
	if (!order) {
		free(by_due);
		free(st);
		return PLAN_ENOMEM;
	}
	size_t norder = 0; /* a project's materials are planned with it, in no group */
	for (size_t i = 0; i < nd; i++)
		if (!plan_model__is_material(m, (size_t)keys[i].row))
			order[norder++] = keys[i].row;
	rc = plan_demand__groups(p, order, norder, &grp);
	free(order);
	plan_date *release = NULL;
	if (!rc && npk && !(release = malloc((m->tab[PLAN_TABLE_ACTIVITIES].n + 1) * sizeof(*release))))
		rc = PLAN_ENOMEM;
	if (!rc && grp.n && !(shared = calloc(grp.n, 1)))
		rc = PLAN_ENOMEM;
	plan_prog *pr = &p->e->prog;
	size_t done = 0;
	if (!rc && plan_prog__begin(pr, PLAN_PHASE_DEMANDS, nd))
		rc = PLAN_ECANCELED;
	size_t next_project = 0;
	for (int only_stock = 1; only_stock >= 0; only_stock--) {
		for (size_t i = 0; i < nd && !rc; i++) {
			int32_t d = (only_stock ? by_due : keys)[i].row;
			if (!only_stock &&
			    (rc = plan_projects(p, st, release, pk, npk, &next_project, &keys[i])))
				break;
			const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
			if (st[d].sku < 0 || (dd->due < p->fresh[st[d].sku]) != only_stock ||
			    plan_model__is_material(m, (size_t)d))
				continue;
			if (plan_prog__at(pr, ++done)) {
				rc = PLAN_ECANCELED;
				break;
			}
			plan_demand__why_clear(p);
			int32_t g = grp.of ? grp.of[d] : -1;
			if (g >= 0 && shared[g] == 1)
				continue; /* planned with its group, its late part too */
			if (g >= 0 && !shared[g]) {
				/* the whole group's on-time parts, then each one's late
				 * part as any demand's (2: least-cost deployment did no
				 * better, each demand planned alone) */
				shared[g] = 1;
				rc = plan_demand__share(p, &grp, g, st);
				if (rc == 1)
					shared[g] = 2;
			}
			if (g >= 0 && shared[g] == 2) {
				rc = 0;
				plan_demand__why_clear(p);
			} else if (g >= 0) {
				for (int32_t k = grp.off[g]; k < grp.off[g + 1] && !rc; k++) {
					int32_t md = grp.mem[k];
					if (st[md].left <= 1e-6)
						continue;
					const plan_demand_def *mdd = TAB_ROW(m, PLAN_TABLE_DEMAND, md);
					if (++p->round == 0)
						p->round = 1;
					p->probing = 1;
					rc = ask_late(p, md, &st[md], mdd->due + LATE_AT_ONCE);
					p->probing = 0;
				}
				continue;
			}
			rc = plan_demand__ask(p, d, &st[d], plan_demand__day(p, d));
			/* worded only for a demand not all on time */
			if (rc || st[d].left <= 1e-6)
				continue;
			const char *why = plan_demand__why(p);
			if (why && !(st[d].why = plan_arena__strndup(&p->w->arena, why, strlen(why))))
				rc = PLAN_ENOMEM;
			/* capacity, lanes and stock only go through a demand's
			 * late parts: what gives nothing by a day gives nothing
			 * by it later in the round */
			if (++p->round == 0)
				p->round = 1;
			p->probing = 1;
			rc = ask_late(p, d, &st[d], dd->due + LATE_AT_ONCE);
			p->probing = 0;
		}
	}
	if (!rc)
		rc = plan_projects(p, st, release, pk, npk, &next_project, NULL);
	free(release);
	if (!rc && (plan_prog__end(pr) || plan_prog__begin(pr, PLAN_PHASE_LATE, nd)))
		rc = PLAN_ECANCELED;
	if (++p->round == 0)
		p->round = 1;
	p->probing = 1; /* capacity, lanes and stock only go from here on */
	for (size_t i = 0; i < nd && !rc; i++) {
		if (plan_prog__at(pr, i + 1))
			rc = PLAN_ECANCELED;
		else if (st[keys[i].row].sku >= 0 && st[keys[i].row].left > 1e-6)
			rc = ask_late(p, keys[i].row, &st[keys[i].row], p->end);
	}
	if (!rc && plan_prog__end(pr))
		rc = PLAN_ECANCELED;
	p->probing = 0;
	for (size_t d = 0; d < nd && !rc; d++)
		rc = report_late(p, (int32_t)d, &st[d]);
	plan_demand__groups_free(&grp);
	free(shared);
	free(by_due);
	free(st);
	return rc;
}

typedef struct topping {
	int32_t sku;
	double left;
} topping;

/* Whether new supply of t->sku gives something on day. */
static int stock_gives(dplan *p, const void *ctx, plan_date day)
{
	const topping *t = ctx;
	mark k = plan_demand__mark(p);
	p->dry++;
	double g = plan_demand__new_supply(p, t->sku, t->left, day, SAFETY_STOCK);
	p->dry--;
	plan_demand__rollback(p, k);
	return g > EPS;
}

/* Safety stock, after every demand, with what is left: each SKU short of
 * it (what stock on hand and receipts leave unused is less) gets new
 * supply for the rest, on the earliest days that give something, end items
 * before their components (by_level: SKUs by low-level code). */
static int plan_safety_stock(dplan *p, const int32_t *by_level)
{
	plan_prog *pr = &p->e->prog;
	if (plan_prog__begin(pr, PLAN_PHASE_SAFETY_STOCK, p->e->nsku))
		return PLAN_ECANCELED;
	for (size_t i = 0; i < p->e->nsku && !p->rc; i++) {
		int32_t s = by_level[i];
		const plan_sku_def *d = plan__sku(p->m, s);
		if (plan_prog__at(pr, i + 1))
			return PLAN_ECANCELED;
		if (!(d->safety_stock > 0) || d->phantom)
			continue;
		topping t = { s, d->safety_stock };
		for (int32_t k = p->sup_off[s]; k < p->sup_off[s + 1]; k++)
			t.left -= p->sup[k].left;
		/* what lots made for the safety stock above left over, first */
		if (t.left > 1e-6)
			t.left -= plan_demand__leftovers(p, s, t.left, p->end, SAFETY_STOCK);
		plan_demand__commit(p);
		plan_date day = p->start - 1;
		while (t.left > 1e-6 && !p->rc) {
			plan_date r = plan_demand__ready(p, s);
			if (r > p->end)
				break;
			if (r > day) {
				/* made on the first day it could be, if it can */
				double got = plan_demand__new_supply(p, s, t.left, r, SAFETY_STOCK);
				plan_demand__commit(p);
				t.left -= got;
				day = r;
				if (got > 0)
					continue;
			}
			if ((day = earliest(p, day, stock_gives, &t)) > p->end)
				break;
			t.left -= plan_demand__new_supply(p, s, t.left, day, SAFETY_STOCK);
			plan_demand__commit(p);
		}
	}
	if (!p->rc && plan_prog__end(pr))
		return PLAN_ECANCELED;
	return p->rc;
}

/* --- the plan ---------------------------------------------------------------- */

/* The earliest day each SKU could arrive from new supply alone, through
 * every level, capacity aside: a buy order's lead time from start; a make
 * order's after its latest component (phantoms passing theirs on); a
 * transfer's quickest lane after its source. Components and sources have
 * higher low-level codes: those are done first. */
static plan_date fresh_make(const dplan *p, int32_t sku, int32_t alt, int depth)
{
	const plan_engine *e = p->e;
	plan_date t = p->start;
	int32_t k0, k1;
	const plan_edge *edges = plan_engine__edges(e, sku, alt, &k0, &k1);
	for (int32_t k = k0; k < k1 && depth < 64; k++) {
		int32_t c = edges[k].child;
		plan_date x = e->phantom[c] ? fresh_make(p, c, -1, depth + 1) : p->fresh[c];
		if (x > t)
			t = x;
	}
	return t;
}

/* The earliest day an order of make SKU s could be due: after its
 * components, by the primary or any alternate (1.1). */
static plan_date fresh_made(const dplan *p, int32_t s)
{
	plan_date first = plan_engine__floor(p->e, s); /* start, or its time fence */
	plan_date c = fresh_make(p, s, -1, 0);
	for (int32_t a = p->m->alt_off ? p->m->alt_off[s] : 0;
	     p->m->alt_off && a < p->m->alt_off[s + 1]; a++) {
		plan_date ca = fresh_make(p, s, a, 0);
		c = ca < c ? ca : c;
	}
	return plan_cal__forward(plan_demand__site_cal(p, s), c > first ? c : first,
				 plan__sku(p->m, s)->lead_time);
}

static int fresh_supply(dplan *p, const int32_t *by_level)
{
	const plan_engine *e = p->e;
	size_t n = e->nsku;
	p->fresh = malloc((n + 1) * sizeof(*p->fresh));
	if (!p->fresh)
		return PLAN_ENOMEM;
	/* deepest low-level code first */
	for (size_t i = n; i-- > 0;) {
		int32_t s = by_level[i];
		const plan_sku_def *d = plan__sku(p->m, s);
		plan_date t = p->end + 1;
		plan_date first = plan_engine__floor(e, s); /* start, or its time fence */
		int32_t co = plan_model__co_row(p->m, s);
		if (co >= 0) {
			/* (1.1) a co-product: its recipe's runs (the recipe's
			 * components come after it in the codes) */
			t = fresh_made(p, p->m->out_rec[co]);
		} else if (d->type == PLAN_SKU_BUY) {
			t = plan_cal__bought_by(&e->cals, p->m, s, first);
		} else if (d->type == PLAN_SKU_MAKE) {
			t = fresh_made(p, s);
		} else {
			for (int32_t k = e->lane_off[s]; k < e->lane_off[s + 1]; k++) {
				int32_t row = e->lane_row[k];
				const plan_lane_def *l = TAB_ROW(p->m, PLAN_TABLE_SOURCING, row);
				plan_date src = p->fresh[e->lane_src[row]];
				plan_date x = (src > first ? src : first) + l->transfer_days;
				if (x < t)
					t = x;
			}
		}
		p->fresh[s] = t;
	}
	return 0;
}

/* SKUs by low-level code (plan_levels__order); rank[s] is where SKU s
 * stands. NULL: out of memory. */
static int32_t *skus_by_level(const dplan *p, int32_t *rank)
{
	size_t n = p->e->nsku, nl = (size_t)p->e->nlevels;
	int32_t *by = malloc((n + 1) * sizeof(*by));
	size_t *off = malloc((nl + 1) * sizeof(*off));
	if (by && off) {
		plan_levels__order(p->m, nl, by, off);
		for (size_t k = 0; k < n; k++)
			rank[by[k]] = (int32_t)k;
	} else {
		free(by);
		by = NULL;
	}
	free(off);
	return by;
}

/* Stock on hand (at start) and scheduled receipts (at due, start if
 * before), by SKU. */
static int supplies(dplan *p)
{
	const plan_model *m = p->m;
	const plan_result *w = p->w;
	size_t nsku = p->e->nsku;
	/* (1.1) what make receipts yield of their recipes' outputs */
	size_t ny = 0;
	for (size_t o = 0; o < w->nsched; o++) {
		int32_t k0, k1;
		if (w->ord[o].kind == PLAN_ORDER_MAKE)
			plan_model__outputs_of(m, w->ord[o].sku, &k0, &k1), ny += (size_t)(k1 - k0);
	}
	p->sup_off = calloc(nsku + 2, sizeof(*p->sup_off));
	p->sup = malloc((nsku + w->nsched + ny + 1) * sizeof(*p->sup));
	if (!p->sup_off || !p->sup)
		return PLAN_ENOMEM;
	for (int pass = 0; pass < 2; pass++) {
		/* count, then fill */
		for (size_t s = 0; s < nsku; s++) {
			double oh = plan__sku(m, (int32_t)s)->on_hand;
			if (pass && oh > 0)
				p->sup[p->sup_off[s + 1]++] = (dsup){ p->start, -1, oh, (int32_t)s, 1 };
			else if (!pass)
				p->sup_off[s + 2] += oh > 0;
		}
		for (size_t o = 0; o < w->nsched; o++) {
			const plan_ord *x = &w->ord[o];
			plan_date at = x->due > p->start ? x->due : p->start;
			if (pass)
				p->sup[p->sup_off[x->sku + 1]++] = (dsup){ at, (int32_t)o, x->qty, x->sku, 1 };
			else
				p->sup_off[x->sku + 2]++;
			int32_t k0, k1;
			const int32_t *rows = plan_model__outputs_of(m, x->sku, &k0, &k1);
			for (int32_t k = k0; k < k1 && x->kind == PLAN_ORDER_MAKE; k++) {
				int32_t b = m->out_sku[rows[k]];
				double per = ((const plan_output_def *)TAB_ROW(m, PLAN_TABLE_OUTPUTS, rows[k]))->qty_per;
				if (pass)
					p->sup[p->sup_off[b + 1]++] = (dsup){ at, (int32_t)o, x->qty * per, b, per };
				else
					p->sup_off[b + 2]++;
			}
		}
		if (!pass)
			for (size_t s = 0; s < nsku; s++)
				p->sup_off[s + 2] += p->sup_off[s + 1];
	}
	return 0;
}

/* Keeps the records that name no dropped order (new_of < 0), renumbered. */
static void renumber(dplan *p, const int32_t *new_of)
{
	plan_result *w = p->w;
	size_t n = 0;
	for (size_t i = 0; i < p->nal; i++) {
		plan_alloc_rec a = p->al[i];
		a.order = new_of[a.order];
		int src_gone = a.src >= 0 && (a.src = new_of[a.src]) < 0;
		if (a.order >= 0 && !src_gone && a.qty > 0 && a.src != SAFETY_STOCK) {
			if (p->al_sku) /* (1.1) */
				p->al_sku[n] = p->al_sku[i];
			p->al[n++] = a;
		}
	}
	p->nal = n;
	n = 0;
	for (size_t i = 0; i < w->nload; i++) {
		plan_load_rec l = w->load[i];
		l.order = new_of[l.order];
		if (l.order >= 0 && l.hours > 0)
			w->load[n++] = l;
	}
	w->nload = n;
	n = 0;
	for (size_t i = 0; i < w->nexc; i++) {
		plan_exc_rec x = w->exc[i];
		if (x.order >= 0 && (x.order = new_of[x.order]) < 0)
			continue;
		w->exc[n++] = x;
	}
	w->nexc = n;
	n = 0;
	for (size_t i = 0; i < w->nadj; i++) {
		plan_adj_rec x = w->adj[i];
		if (x.order >= 0 && (x.order = new_of[x.order]) < 0)
			continue;
		w->adj[n++] = x;
	}
	w->nadj = n;
}

/* Planned orders in the stable order of a plan (low-level code, SKU, due),
 * those trimmed to nothing dropped, everything that names one renumbered;
 * allocations grouped by order. */
static int arrange(dplan *p, const int32_t *rank)
{
	plan_result *w = p->w;
	size_t ns = w->nsched, nsku = p->e->nsku, np = 0;
	for (size_t i = ns; i < w->nord; i++)
		np += w->ord[i].qty > 0;
	int32_t *by = malloc((np + 1) * sizeof(*by)), *tmp = malloc((np + 1) * sizeof(*tmp));
	int32_t *new_of = malloc((w->nord + 1) * sizeof(*new_of));
	plan_ord *ord = malloc((ns + np + 1) * sizeof(*ord));
	plan_date lo = p->start, hi = p->start;
	for (size_t i = ns; i < w->nord; i++) {
		lo = w->ord[i].due < lo ? w->ord[i].due : lo;
		hi = w->ord[i].due > hi ? w->ord[i].due : hi;
	}
	size_t span = (size_t)((int64_t)hi - lo) + 1, nc = (span > nsku ? span : nsku) + 2;
	size_t *cnt = malloc(nc * sizeof(*cnt));
	if (!by || !tmp || !new_of || !ord || !cnt) {
		free(by);
		free(tmp);
		free(new_of);
		free(ord);
		free(cnt);
		return PLAN_ENOMEM;
	}
	/* by (low-level code, SKU, due, the order they were made in): two
	 * stable counting sorts, by due and then by the SKU's rank */
	memset(cnt, 0, nc * sizeof(*cnt));
	for (size_t i = ns; i < w->nord; i++)
		if (w->ord[i].qty > 0)
			cnt[w->ord[i].due - lo + 1]++;
	for (size_t k = 0; k < span; k++)
		cnt[k + 1] += cnt[k];
	for (size_t i = ns; i < w->nord; i++)
		if (w->ord[i].qty > 0)
			tmp[cnt[w->ord[i].due - lo]++] = (int32_t)i;
	memset(cnt, 0, nc * sizeof(*cnt));
	for (size_t i = 0; i < np; i++)
		cnt[rank[w->ord[tmp[i]].sku] + 1]++;
	for (size_t k = 0; k < nsku; k++)
		cnt[k + 1] += cnt[k];
	for (size_t i = 0; i < np; i++)
		by[cnt[rank[w->ord[tmp[i]].sku]]++] = tmp[i];
	free(cnt);
	free(tmp);
	for (size_t i = 0; i < w->nord; i++)
		new_of[i] = i < ns ? (int32_t)i : -1;
	for (size_t i = 0; i < ns; i++)
		ord[i] = w->ord[i];
	/* buy and transfer orders of a SKU alike in all but quantity (made for
	 * needs of one day from several demands) are one order: they take no
	 * capacity, and a lane counts what it ships, not how often */
	size_t k = 0;
	int32_t kept = -1; /* (the order prev is) */
	for (size_t i = 0; i < np; i++) {
		const plan_ord *x = &w->ord[by[i]];
		plan_ord *prev = k ? &ord[ns + k - 1] : NULL;
		/* (1.1: a project-specific SKU's of one project alone) */
		if (prev && x->kind != PLAN_ORDER_MAKE && prev->kind == x->kind && prev->sku == x->sku &&
		    prev->lane == x->lane && prev->release == x->release && prev->due == x->due &&
		    (!p->ord_seg || p->ord_seg[kept] == p->ord_seg[by[i]])) {
			prev->qty += x->qty;
			new_of[by[i]] = (int32_t)(ns + k - 1);
			continue;
		}
		new_of[by[i]] = (int32_t)(ns + k);
		kept = by[i];
		ord[ns + k++] = *x;
	}
	free(by);
	np = k;
	w->nord = ns + np;
	if (w->nord)
		memcpy(w->ord, ord, w->nord * sizeof(*ord));
	renumber(p, new_of);
	free(new_of);
	free(ord);
	/* allocations by supply order (a stable sort keeps their making order);
	 * a plan's big array, freed as one (plan_big__free(): a malloc()ed
	 * block of a MiB or more given to it was never freed) */
	plan_alloc_rec *al = NULL;
	size_t al_cap = 0;
	uint32_t *per = calloc(w->nord + 1, sizeof(*per));
	int32_t *out = p->al_sku ? malloc((p->nal + 1) * sizeof(*out)) : NULL;
	if (!per || (p->al_sku && !out) ||
	    plan_big__reserve((void **)&al, &al_cap, sizeof(*al), p->nal + 1) < 0) {
		plan_big__free(al, al_cap, sizeof(*al));
		free(per);
		free(out);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < p->nal; i++)
		per[p->al[i].order + 1]++;
	for (size_t o = 0; o < w->nord; o++)
		per[o + 1] += per[o];
	for (size_t o = 0; o < w->nord; o++) {
		w->ord[o].alloc_first = per[o];
		w->ord[o].alloc_count = 0;
	}
	for (size_t i = 0; i < p->nal; i++) {
		plan_ord *o = &w->ord[p->al[i].order];
		if (out) /* (1.1) the product it gives: a run's output, or -1 */
			out[o->alloc_first + o->alloc_count] = p->al_sku[i] == o->sku ? -1 : p->al_sku[i];
		al[o->alloc_first + o->alloc_count++] = p->al[i];
	}
	free(per);
	free(w->alloc_out);
	w->alloc_out = out;
	plan_big__free(w->alloc, w->alloc_cap, sizeof(*w->alloc));
	w->alloc = al;
	w->alloc_cap = al_cap;
	w->nalloc = p->nal;
	plan_result__sort_deliveries(w, 0);
	return 0;
}

static void dplan_free(dplan *p)
{
	free(p->sup);
	free(p->sup_off);
	free(p->lane_used);
	free(p->quota);
	free(p->log);
	free(p->al);
	free(p->al_sku);
	free(p->ord_seg);
	free(p->fresh);
	free(p->last_buy);
	free(p->last_move);
	free(p->sup_used);
	free(p->last_sup);
	free(p->xs);
	free(p->xs_head);
	free(p->tk);
	free(p->nothing_by);
	free(p->nothing_round);
	free(p->ready_at);
	free(p->ready_ok);
	free(p->room_at);
	free(p->up_off);
	free(p->up);
	plan_text__free(&p->why);
	plan_text__free(&p->why_keep);
	plan_text__free(&p->words);
	plan_text__free(&p->full_words);
	free(p->up_stack);
	free(p->bud);
	free(p->bud_off);
}

int plan_demand__plan(plan_engine *e, plan_result **out)
{
	const plan_model *m = e->m;
	const plan_result *snap = e->res;
	*out = NULL;
	dplan p = { 0 };
	p.e = e;
	p.m = m;
	p.start = e->start;
	p.end = e->bk.start[e->bk.n] - 1;
	p.nb = e->bk.n;
	p.seg = -1;
	plan_result *w = calloc(1, sizeof(*w));
	if (!w)
		return PLAN_ENOMEM;
	w->model = m;
	w->constrained = 1;
	p.w = w;
	int rc = 0;
	/* the scheduled receipts, as they are */
	for (size_t i = 0; i < snap->nsched && !rc; i++) {
		plan_ord o = snap->ord[i];
		o.alloc_first = o.alloc_count = 0;
		if (plan_result__add_order(w, &o) < 0)
			rc = PLAN_ENOMEM;
	}
	w->nsched = snap->nsched;
	size_t nl = m->tab[PLAN_TABLE_SOURCING].n, nd = m->tab[PLAN_TABLE_DEMAND].n;
	dkey *keys = malloc((nd + 1) * sizeof(*keys));
	p.lane_used = calloc(nl * p.nb + 1, sizeof(*p.lane_used));
	p.last_buy = malloc((e->nsku + 1) * sizeof(*p.last_buy));
	p.last_move = malloc((nl + 1) * sizeof(*p.last_move));
	p.xs_head = malloc((e->nsku + 1) * sizeof(*p.xs_head));
	p.nothing_by = malloc((e->nsku + 1) * sizeof(*p.nothing_by));
	p.nothing_round = calloc(e->nsku + 1, sizeof(*p.nothing_round));
	if (p.xs_head)
		memset(p.xs_head, 0xff, (e->nsku + 1) * sizeof(*p.xs_head));
	if (p.last_buy)
		memset(p.last_buy, 0xff, (e->nsku + 1) * sizeof(*p.last_buy));
	if (p.last_move)
		memset(p.last_move, 0xff, (nl + 1) * sizeof(*p.last_move));
	if (!rc && (!keys || !p.lane_used || !p.last_buy || !p.last_move || !p.xs_head ||
		    !p.nothing_by || !p.nothing_round))
		rc = PLAN_ENOMEM;
	size_t nsp = m->tab[PLAN_TABLE_SUPPLIERS].n;
	if (!rc && nsp) { /* suppliers (1.1) */
		p.sup_used = calloc(nsp * p.nb + 1, sizeof(*p.sup_used));
		p.last_sup = malloc((nsp + 1) * sizeof(*p.last_sup));
		if (!p.sup_used || !p.last_sup)
			rc = PLAN_ENOMEM;
		else
			memset(p.last_sup, 0xff, (nsp + 1) * sizeof(*p.last_sup));
	}
	int32_t *rank = malloc((e->nsku + 1) * sizeof(*rank));
	int32_t *by_level = rank ? skus_by_level(&p, rank) : NULL;
	if (!rc && !by_level)
		rc = PLAN_ENOMEM;
	if (!rc)
		rc = supplies(&p);
	if (!rc)
		rc = fresh_supply(&p, by_level);
	if (!rc)
		rc = plan_demand__budget(&p);
	e->res = w;
	if (!rc)
		rc = plan_capacity__open(e, &p.cap);
	if (!rc)
		plan_capacity__notes_later(p.cap); /* orders shrink after booking */
	if (!rc)
		rc = plan_demand__ready_open(&p);
	if (!rc)
		rc = plan_demand__firm(&p);
	for (size_t i = 0; i < nd && !rc; i++) {
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		keys[i] = (dkey){ dd->priority, dd->due, (int32_t)i };
	}
	if (!rc)
		qsort(keys, nd, sizeof(*keys), cmp_dkey);
	/* projects (1.1) at their turns among the demands */
	size_t npk = plan_model__has_projects(m) ? m->tab[PLAN_TABLE_PROJECTS].n : 0;
	dkey *pk = malloc((npk + 1) * sizeof(*pk));
	if (!pk)
		rc = PLAN_ENOMEM;
	for (size_t i = 0; i < npk && !rc; i++) {
		const plan_project_def *pd = TAB_ROW(m, PLAN_TABLE_PROJECTS, i);
		pk[i] = (dkey){ pd->priority, pd->due, (int32_t)i };
	}
	if (!rc && npk)
		qsort(pk, npk, sizeof(*pk), cmp_dkey);
	if (!rc)
		rc = plan_project__open(e);
	if (!rc)
		rc = plan_demands(&p, keys, nd, pk, npk);
	free(pk);
	if (!rc)
		rc = plan_demand__trim(&p, by_level);
	if (!rc)
		rc = plan_safety_stock(&p, by_level);
	if (!rc && plan_prog__begin(&e->prog, PLAN_PHASE_FINISH, 1))
		rc = PLAN_ECANCELED;
	if (!rc)
		rc = plan_demand__trim(&p, by_level);
	free(keys);
	if (!rc)
		rc = arrange(&p, rank);
	if (!rc)
		rc = plan_capacity__note_alternates(p.cap);
	free(by_level);
	free(rank);
	if (!rc)
		rc = plan_capacity__close(p.cap, 1);
	else
		plan_capacity__close(p.cap, 0);
	e->res = (plan_result *)(uintptr_t)snap;
	dplan_free(&p);
	if (!rc)
		rc = plan_result__finish(w);
	if (!rc && plan_prog__end(&e->prog))
		rc = PLAN_ECANCELED;
	if (rc) {
		plan_result_free(w);
		return rc;
	}
	*out = w;
	return 0;
}
