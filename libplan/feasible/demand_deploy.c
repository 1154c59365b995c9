/* Least-cost deployment (format 1.1, scenario key sourcing = cost;
 * format.md "Least-cost deployment"): the demands at warehouses of one
 * item, priority and due bucket that compete for the same sources (a
 * group, demand_share.c) are first planned one by one, each taking its
 * cheapest lane that has supply. Where that leaves a demand short, or ships
 * on a lane dearer than its warehouse's cheapest, the group is deployed as
 * a transportation problem instead, solved with GLPK (base/transport.c):
 *
 * - probes, each planned and given back: what the warehouses' own stock
 *   gives (every lane shut), what each lane brings its demand alone (its
 *   limit, its lead time, its source's supply by then), and what each
 *   source can give the group over all its lanes;
 * - the flow that brings the most on time and then, by lane priority and
 *   landed cost, costs least (the cost of a lane: its landed cost plus its
 *   rank among its warehouse's priorities times a weight above any cost
 *   difference; a unit not brought costs more than any lane);
 * - the flow planned: each lane of the group may ship its flow (a quota,
 *   journaled), then every demand asks again with the lanes open for what
 *   the flow left short.
 *
 * The deployment is kept when it brings more on time, or as much for less;
 * otherwise the demands are planned one by one again. An info exception
 * `deployment` says what it saved. */
#include "base/numfmt.h"
#include "base/transport.h"
#include "feasible/demand_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct darc {
	int32_t mem;          /* the member (index in the group) */
	int32_t row;          /* the lane */
	int32_t src;          /* its source, an index into the group's sources */
	int rank;             /* of its priority among its member's lanes (0: first) */
	double landed;        /* its landed cost */
	double cost;          /* landed, plus its rank's weight */
	double cap;           /* what it brings its member alone (probe()) */
} darc;

typedef struct deploy {
	dplan *p;
	const int32_t *mem;
	size_t n;
	dstate *st;
	const dstate *keep;
	mark k;
	size_t ndlv;
	darc *arc;
	size_t na;
	int32_t *src;         /* the group's source SKUs */
	size_t ns;
} deploy;

/* Back to the mark: the members as they were. */
static void undo(deploy *x)
{
	plan_demand__group_undo(x->p, x->k, x->ndlv, x->mem, x->n, x->st, x->keep);
}

/* The quotas of the group's lanes: flow (not NULL), each lane its arcs'
 * flow; else open (HUGE_VAL) the lanes from source src (-1: none), the
 * others shut. */
static void quotas(deploy *x, int src, const double *flow)
{
	dplan *p = x->p;
	for (size_t a = 0; a < x->na; a++)
		p->quota[x->arc[a].row] = 0;
	for (size_t a = 0; a < x->na; a++) {
		const darc *c = &x->arc[a];
		if (flow)
			p->quota[c->row] += flow[a];
		else if (c->src == src)
			p->quota[c->row] = HUGE_VAL;
	}
}

static void quotas_off(deploy *x)
{
	for (size_t a = 0; a < x->na; a++)
		x->p->quota[x->arc[a].row] = HUGE_VAL;
}

/* Members [i0, i1) ask in turn for what is left of them on their day
 * (words: each one's reason for a shortfall kept); what came on time to
 * each added to got (NULL: not kept). */
static int ask_all(deploy *x, size_t i0, size_t i1, double *got, int words)
{
	dplan *p = x->p;
	for (size_t i = i0; i < i1 && !p->rc; i++) {
		dstate *s = &x->st[x->mem[i]];
		if (!(s->left > 1e-9))
			continue;
		double before = s->on_time;
		plan_demand__why_clear(p);
		int rc = plan_demand__ask(p, x->mem[i], s, plan_demand__day(p, x->mem[i]));
		if (rc)
			return rc;
		if (got)
			got[i] += s->on_time - before;
		const char *why = words && s->left > 1e-6 ? plan_demand__why(p) : NULL;
		if (why && !(s->why = plan_arena__strndup(&p->w->arena, why, strlen(why))))
			return PLAN_ENOMEM;
	}
	return p->rc;
}

/* The cost of what the group's lanes shipped since the mark, by the arcs'
 * costs (landed: their landed costs alone; a lane's the same for every
 * member that uses it). */
static double shipped_cost(const deploy *x, int landed)
{
	const dplan *p = x->p;
	double c = 0;
	for (size_t i = x->k.nlog; i < p->nlog; i++) {
		if (p->log[i].kind != LOG_LANE)
			continue;
		int32_t row = (int32_t)((size_t)p->log[i].a / p->nb);
		for (size_t a = 0; a < x->na; a++)
			if (x->arc[a].row == row) {
				c += p->log[i].qty * (landed ? x->arc[a].landed : x->arc[a].cost);
				break;
			}
	}
	return c;
}

/* Whether everything shipped since the mark went on its member's cheapest
 * lane (then nothing cheaper was to be had). */
static int all_cheapest(const deploy *x)
{
	const dplan *p = x->p;
	for (size_t i = x->k.nlog; i < p->nlog; i++) {
		if (p->log[i].kind != LOG_LANE || !(p->log[i].qty > 0))
			continue;
		int32_t row = (int32_t)((size_t)p->log[i].a / p->nb);
		for (size_t a = 0; a < x->na; a++) {
			if (x->arc[a].row != row)
				continue;
			for (size_t b = 0; b < x->na; b++)
				if (x->arc[b].mem == x->arc[a].mem &&
				    x->arc[b].cost < x->arc[a].cost - 1e-9 * (1 + fabs(x->arc[a].cost)))
					return 0;
			break;
		}
	}
	return 1;
}

/* A cost a unit above any saving along a cycle of the group's flow whose
 * arcs cost at most top each (a cycle passes each node once). */
static double outweigh(const deploy *x, double top)
{
	return 2.0 * (double)(x->ns + x->n + 2) * (2 * top + 1);
}

/* The group's arcs and sources; 0 (none: a lane with shares, or no source
 * that two warehouses share), 1, or PLAN_ENOMEM. */
static int arcs(deploy *x)
{
	const dplan *p = x->p;
	const plan_engine *e = p->e;
	size_t cap = 0;
	for (size_t i = 0; i < x->n; i++) {
		int32_t s = x->st[x->mem[i]].sku;
		cap += (size_t)(e->lane_off[s + 1] - e->lane_off[s]);
	}
	x->arc = malloc((cap + 1) * sizeof(*x->arc));
	x->src = malloc((cap + 1) * sizeof(*x->src));
	if (!x->arc || !x->src)
		return PLAN_ENOMEM;
	double top = 0;
	for (size_t i = 0; i < x->n; i++) {
		int32_t s = x->st[x->mem[i]].sku;
		int rank = -1, prio = 0;
		for (int32_t k = e->lane_off[s]; k < e->lane_off[s + 1]; k++) {
			int32_t row = e->lane_row[k];
			const plan_lane_def *l = TAB_ROW(p->m, PLAN_TABLE_SOURCING, row);
			if (l->share != PLAN_NONE)
				return 0; /* split by share, not by cost */
			if (rank < 0 || l->priority != prio)
				rank++, prio = l->priority;
			if (e->lane_src[row] < 0)
				continue;
			size_t j = 0;
			while (j < x->ns && x->src[j] != e->lane_src[row])
				j++;
			if (j == x->ns)
				x->src[x->ns++] = e->lane_src[row];
			double c = plan_model__landed(p->m, row);
			if (fabs(c) > top)
				top = fabs(c);
			x->arc[x->na++] = (darc){ (int32_t)i, row, (int32_t)j, rank, c, c, 0 };
		}
	}
	/* a priority's rank outweighs any saving along a cycle of the flow */
	double w = outweigh(x, top);
	for (size_t a = 0; a < x->na; a++)
		x->arc[a].cost += x->arc[a].rank * w;
	/* competition: a source two warehouses (SKUs) ship from */
	for (size_t a = 0; a < x->na; a++)
		for (size_t b = a + 1; b < x->na; b++)
			if (x->arc[a].src == x->arc[b].src &&
			    x->st[x->mem[x->arc[a].mem]].sku != x->st[x->mem[x->arc[b].mem]].sku)
				return 1;
	return 0;
}

/* The least-cost flow of the probes' numbers (flow: by arc); 0, 1 (none:
 * keep what there is) or PLAN_ENOMEM. */
static int solve(deploy *x, const double *need, const double *sup, double *flow)
{
	size_t n = x->n, ns = x->ns, na = x->na;
	double *supply = malloc((ns + 1) * sizeof(*supply));
	double *demand = malloc((n + 1) * sizeof(*demand));
	plan_tp_arc *arc = malloc((na + n + ns + 1) * sizeof(*arc));
	double *f = malloc((na + n + ns + 1) * sizeof(*f));
	if (!supply || !demand || !arc || !f) {
		free(supply), free(demand), free(arc), free(f);
		return PLAN_ENOMEM;
	}
	double top = 0, all_need = 0, all_sup = 0;
	size_t k = 0;
	for (size_t a = 0; a < na; a++) {
		if (!(x->arc[a].cap > 1e-9))
			continue;
		arc[k++] = (plan_tp_arc){ x->arc[a].src, x->arc[a].mem, x->arc[a].cost, x->arc[a].cap };
		if (fabs(x->arc[a].cost) > top)
			top = fabs(x->arc[a].cost);
	}
	/* a unit not brought (from source ns) costs more than any route */
	double miss = outweigh(x, top);
	for (size_t i = 0; i < n; i++) {
		demand[i] = need[i];
		all_need += need[i];
		arc[k++] = (plan_tp_arc){ (int32_t)ns, (int32_t)i, miss, HUGE_VAL };
	}
	for (size_t j = 0; j < ns; j++) {
		supply[j] = sup[j];
		all_sup += sup[j];
		arc[k++] = (plan_tp_arc){ (int32_t)j, (int32_t)n, 0, HUGE_VAL }; /* kept */
	}
	arc[k++] = (plan_tp_arc){ (int32_t)ns, (int32_t)n, 0, HUGE_VAL };
	supply[ns] = all_need;
	demand[n] = all_sup;
	double cost;
	char msg[200];
	int rc = plan_tp__solve(ns + 1, supply, n + 1, demand, k, arc, &cost, f, msg, sizeof(msg));
	if (!rc) {
		size_t j = 0;
		for (size_t a = 0; a < na; a++)
			flow[a] = x->arc[a].cap > 1e-9 ? f[j++] : 0;
	}
	free(supply), free(demand), free(arc), free(f);
	return rc == PLAN_ENOMEM ? rc : rc ? 1 : 0;
}

/* The probes: need (what each member wants beyond its warehouse's own
 * stock), each arc's cap, each source's supply to the group. */
static int probe(deploy *x, double *need, double *sup)
{
	dplan *p = x->p;
	size_t n = x->n;
	double *own = calloc(n + 1, sizeof(*own)), *got = calloc(n + 1, sizeof(*got));
	if (!own || !got) {
		free(own), free(got);
		return PLAN_ENOMEM;
	}
	int rc;
	p->dry++;
	/* own stock: every lane shut */
	quotas(x, -1, NULL);
	rc = ask_all(x, 0, n, own, 0);
	undo(x);
	for (size_t i = 0; i < n; i++) {
		need[i] = x->keep[i].left - own[i];
		if (need[i] < 0)
			need[i] = 0;
	}
	/* each lane alone, for its member alone */
	for (size_t a = 0; a < x->na && !rc; a++) {
		darc *c = &x->arc[a];
		int32_t row = c->row;
		quotas(x, -1, NULL);
		p->quota[row] = HUGE_VAL;
		memset(got, 0, n * sizeof(*got));
		rc = ask_all(x, (size_t)c->mem, (size_t)c->mem + 1, got, 0);
		c->cap = got[c->mem] - own[c->mem];
		if (c->cap > need[c->mem])
			c->cap = need[c->mem];
		undo(x);
	}
	/* each source over all its lanes, the members in turn */
	for (size_t j = 0; j < x->ns && !rc; j++) {
		quotas(x, (int)j, NULL);
		memset(got, 0, n * sizeof(*got));
		rc = ask_all(x, 0, n, got, 0);
		sup[j] = 0;
		for (size_t i = 0; i < n; i++)
			sup[j] += got[i] - own[i] > 0 ? got[i] - own[i] : 0;
		undo(x);
	}
	quotas_off(x);
	p->dry--;
	free(own), free(got);
	return rc ? rc : p->rc;
}

/* The info exception: what the deployment saved against one by one. */
static int report(deploy *x, double on_g, double cost_g, double on_f, double cost_f)
{
	dplan *p = x->p;
	const plan_demand_def *dd = TAB_ROW(p->m, PLAN_TABLE_DEMAND, x->mem[0]);
	char a[11], q[4][32];
	plan_date_format(a, p->e->bk.start[plan_buckets__of(&p->e->bk, plan_demand__day(p, x->mem[0]))]);
	plan_num__g(q[0], on_f, 10);
	plan_num__g(q[1], on_g, 10);
	plan_num__g(q[2], cost_f, 10);
	plan_num__g(q[3], cost_g, 10);
	return plan_result__exception(p->w, EXC_DEPLOYMENT, PLAN_EXC_INFO, x->st[x->mem[0]].sku, -1,
				      x->mem[0], plan_demand__day(p, x->mem[0]), on_f,
				      "the %zu demands of %s (priority %d, due in the bucket of %s) at "
				      "warehouses that share sources, deployed at least cost: %s on "
				      "time (one by one: %s), shipped at %s landed (one by one: %s)",
				      x->n, dd->item, dd->priority, a, q[0], q[1], q[2], q[3]);
}

int plan_demand__deploy(dplan *p, const int32_t *mem, size_t n, dstate *st, const dstate *keep,
			mark k, size_t ndlv, int *all, int *kept)
{
	*kept = 0;
	deploy x = { p, mem, n, st, keep, k, ndlv, NULL, 0, NULL, 0 };
	double *num = NULL, on_g = 0, want = 0;
	for (size_t i = 0; i < n; i++) {
		on_g += st[mem[i]].on_time - keep[i].on_time;
		want += keep[i].left;
	}
	int rc = p->m->scenario.sourcing == PLAN_SOURCING_COST && n >= 2 ? arcs(&x) : 0;
	/* one by one (as planned): kept where nothing could do better */
	double cost_g = rc > 0 ? shipped_cost(&x, 0) : 0, landed_g = rc > 0 ? shipped_cost(&x, 1) : 0;
	if (rc <= 0 || (on_g >= want - 1e-9 * (1 + want) && all_cheapest(&x)))
		goto out;
	rc = 0;
	if (!p->quota) {
		size_t nl = p->m->tab[PLAN_TABLE_SOURCING].n;
		if (!(p->quota = malloc((nl + 1) * sizeof(*p->quota)))) {
			rc = PLAN_ENOMEM;
			goto out;
		}
		for (size_t r = 0; r < nl; r++)
			p->quota[r] = HUGE_VAL;
	}
	num = calloc(n + x.ns + x.na + 1, sizeof(*num));
	if (!num) {
		rc = PLAN_ENOMEM;
		goto out;
	}
	double *need = num, *sup = need + n, *flow = sup + x.ns;
	undo(&x);
	rc = probe(&x, need, sup);
	int solved = 0;
	if (!rc) {
		rc = solve(&x, need, sup, flow);
		solved = rc == 0;
		rc = rc == 1 ? 0 : rc;
	}
	if (!rc && solved) {
		/* the flow, then what it left short with the lanes open */
		double on_f = 0;
		quotas(&x, -1, flow);
		rc = ask_all(&x, 0, n, NULL, 0);
		quotas_off(&x);
		if (!rc)
			rc = ask_all(&x, 0, n, NULL, 1);
		for (size_t i = 0; i < n; i++)
			on_f += st[mem[i]].on_time - keep[i].on_time;
		double cost_f = shipped_cost(&x, 0);
		if (!rc && (on_f > on_g + 1e-9 * (1 + on_g) ||
			    (on_f >= on_g - 1e-9 * (1 + on_g) &&
			     cost_f < cost_g - 1e-9 * (1 + fabs(cost_g))))) {
			rc = report(&x, on_g, landed_g, on_f, shipped_cost(&x, 1));
			*all = on_f >= want - 1e-9 * (1 + want);
			*kept = 1;
			goto out;
		}
	}
	/* one by one again, where fair share keeps it (all on time); else the
	 * caller gives it back or shares */
	if (!rc && *all && p->m->scenario.fair_share != PLAN_FAIR_SHARE_NONE) {
		undo(&x);
		rc = ask_all(&x, 0, n, NULL, 0);
	}
out:
	free(num);
	free(x.arc);
	free(x.src);
	return rc < 0 ? rc : p->rc;
}
