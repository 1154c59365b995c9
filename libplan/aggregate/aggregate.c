/* The aggregate plan (plan/aggregate.h): the model's families, sites and
 * workforces gathered into arrays, the linear program built from them in
 * plain arrays, solved by GLPK inside one guarded call (plan_lp.c), the
 * solution read back per site, family and bucket. The chase and level
 * strategies are the same program with their policy added as bounds; an
 * infeasible program is solved again with its hard conditions made elastic
 * to say which of them cannot hold. */
#include "aggregate/aggregate_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double none_as(double v, double dflt)
{
	return v == PLAN_NONE ? dflt : v;
}

/* --- gathering ------------------------------------------------------------ */

static int32_t row_id(const plan_model *m, int t, size_t row, int col)
{
	return TAB_ID(m, t, row, MODEL_REF(m, t, col));
}

static uint64_t pair_key(int32_t fam, int32_t site)
{
	return ((uint64_t)(uint32_t)fam << 32) | (uint32_t)site;
}

/* Pair (family, site), creating it if asked; its index, -1 if absent, -2
 * out of memory. */
static long find_pair(plan_aggregate *a, int32_t fam, int32_t site, int create)
{
	int32_t i = plan_map64__get(&a->pair_of, pair_key(fam, site));
	if (i >= 0 || !create)
		return i;
	if (a->npair >= INT32_MAX)
		return -2;
	if (plan_vec__reserve((void **)&a->pair, &a->pair_cap, sizeof(*a->pair), a->npair + 1) < 0)
		return -2;
	agg_pair *p = &a->pair[a->npair];
	memset(p, 0, sizeof(*p));
	p->family = fam;
	p->site = site;
	p->wsite = -1;
	p->demand = calloc(a->nb, sizeof(double));
	if (!p->demand || plan_map64__put(&a->pair_of, pair_key(fam, site), (int32_t)a->npair) == -2) {
		free(p->demand);
		return -2;
	}
	return (long)a->npair++;
}

static long find_site(const plan_aggregate *a, int32_t site)
{
	for (size_t i = 0; i < a->nsite; i++)
		if (a->site[i].site == site)
			return (long)i;
	return -1;
}

/* Family of an item row, or -1. */
static int32_t item_family(const plan_model *m, int32_t item)
{
	long row = plan_model__row_by_code(m, PLAN_TABLE_ITEMS, item);
	return row < 0 ? -1 : row_id(m, PLAN_TABLE_ITEMS, (size_t)row, ITEM_FAMILY);
}

/* What a unit made costs in material at each making pair: its families.csv
 * material_cost; where that is empty, 0, or in a scenario of format 1.1 with
 * standard costs the family's standard material cost at the site (the same
 * basis as the detailed plan's valuation, format.md "Aggregate planning
 * tables"): its items' costs.csv material there, weighted by each item's
 * demand over the horizon, evenly where the family has none. 0 or
 * PLAN_ENOMEM. */
static int standard_material(plan_aggregate *a)
{
	const plan_model *m = a->m;
	for (size_t p = 0; p < a->npair; p++) {
		const plan_family_def *f = a->pair[p].fd;
		a->pair[p].material = f && f->material_cost != PLAN_NONE ? f->material_cost : 0;
	}
	if (m->scenario.format < 1 || !m->sku_cost)
		return 0;
	size_t ni = m->tab[PLAN_TABLE_ITEMS].n, np = a->npair;
	double *weight = calloc(ni + 1, sizeof(*weight));
	double *acc = calloc(4 * (np + 1), sizeof(*acc)); /* sum, weights, plain, count */
	if (!weight || !acc) {
		free(weight);
		free(acc);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < m->tab[PLAN_TABLE_DEMAND].n; i++) {
		long it = plan_model__row_by_code(m, PLAN_TABLE_ITEMS,
						  row_id(m, PLAN_TABLE_DEMAND, i, DEM_ITEM));
		if (it >= 0)
			weight[it] += plan_model__demand_qty(m, i);
	}
	for (size_t s = 0; s < m->tab[PLAN_TABLE_SKUS].n; s++) {
		int32_t item = TAB_ID(m, PLAN_TABLE_SKUS, s, 0);
		long it = plan_model__row_by_code(m, PLAN_TABLE_ITEMS, item);
		int32_t fam = item_family(m, item);
		long p = fam < 0 ? -1 : find_pair(a, fam, TAB_ID(m, PLAN_TABLE_SKUS, s, 1), 0);
		if (p < 0 || !a->pair[p].fd || a->pair[p].fd->material_cost != PLAN_NONE)
			continue;
		double c = m->sku_cost[2 * s], w = it >= 0 ? weight[it] : 0;
		double *x = &acc[4 * (size_t)p];
		x[0] += w * c;
		x[1] += w;
		x[2] += c;
		x[3] += 1;
	}
	for (size_t p = 0; p < np; p++) {
		const double *x = &acc[4 * p];
		if (x[3] > 0)
			a->pair[p].material = x[1] > 0 ? x[0] / x[1] : x[2] / x[3];
	}
	free(weight);
	free(acc);
	return 0;
}

static int gather(plan_aggregate *a)
{
	const plan_model *m = a->m;
	size_t nwf = m->tab[PLAN_TABLE_WORKFORCE].n, nfam = m->tab[PLAN_TABLE_FAMILIES].n;
	if (plan_buckets__build(&a->bk, &m->horizon) < 0 ||
	    plan_cal__build(&a->cals, m, a->bk.start[0], a->bk.start[a->bk.n]) < 0)
		return PLAN_ENOMEM;
	a->nb = a->bk.n;
	a->site = calloc(nwf ? nwf : 1, sizeof(*a->site));
	if (!a->site)
		return PLAN_ENOMEM;
	for (size_t i = 0; i < nwf; i++) {
		agg_site *s = &a->site[a->nsite++];
		s->site = row_id(m, PLAN_TABLE_WORKFORCE, i, WF_SITE);
		s->wf = TAB_ROW(m, PLAN_TABLE_WORKFORCE, i);
		s->days = calloc(a->nb, sizeof(double));
		if (!s->days)
			return PLAN_ENOMEM;
		const plan_cal *cal = plan_cal__of_site(&a->cals, s->site);
		for (size_t t = 0; t < a->nb; t++)
			s->days[t] = plan_cal__count(cal, a->bk.start[t], a->bk.start[t + 1]);
	}
	for (size_t i = 0; i < nfam; i++) {
		long p = find_pair(a, row_id(m, PLAN_TABLE_FAMILIES, i, FAM_FAMILY),
				   row_id(m, PLAN_TABLE_FAMILIES, i, FAM_SITE), 1);
		if (p < 0)
			return PLAN_ENOMEM;
		a->pair[p].fd = TAB_ROW(m, PLAN_TABLE_FAMILIES, i);
		a->pair[p].wsite = (int)find_site(a, a->pair[p].site);
	}
	/* family demand per site and bucket; demand at a site that does not
	 * make the family makes a receiving pair. Families no site makes (no
	 * families.csv row) are not in the aggregate plan. */
	uint8_t *planned = calloc(m->ns[NS_FAMILY].n + 1, 1);
	if (!planned)
		return PLAN_ENOMEM;
	for (size_t p = 0; p < a->npair; p++)
		planned[a->pair[p].family] = 1;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_DEMAND].n; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		int32_t fam = item_family(m, row_id(m, PLAN_TABLE_DEMAND, i, DEM_ITEM));
		if (fam < 0 || !planned[fam])
			continue;
		long p = find_pair(a, fam, row_id(m, PLAN_TABLE_DEMAND, i, DEM_SITE), 1);
		if (p < 0) {
			free(planned);
			return PLAN_ENOMEM;
		}
		size_t b = plan_buckets__of(&a->bk, d->due);
		a->pair[p].demand[b < a->nb ? b : a->nb - 1] += plan_model__demand_qty(m, i);
	}
	free(planned);
	/* each item's demand at each site, for the lanes' weights */
	plan_map64 item_site = { 0 }, lane_of = { 0 };
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n;
	double *item_dem = calloc(nd + 1, sizeof(double));
	int rc = item_dem ? 0 : PLAN_ENOMEM;
	for (size_t i = 0, n = 0; i < nd && !rc; i++) {
		uint64_t key = pair_key(row_id(m, PLAN_TABLE_DEMAND, i, DEM_ITEM),
					row_id(m, PLAN_TABLE_DEMAND, i, DEM_SITE));
		int32_t k = plan_map64__put(&item_site, key, (int32_t)n);
		if (k == -2)
			rc = PLAN_ENOMEM;
		else
			item_dem[k] += plan_model__demand_qty(m, i),
				n += (size_t)k == n;
	}
	/* family lanes from a making site, cost weighted by the items' demand
	 * at the destination */
	for (size_t i = 0; i < m->tab[PLAN_TABLE_SOURCING].n && !rc; i++) {
		const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, i);
		int32_t item = row_id(m, PLAN_TABLE_SOURCING, i, LANE_ITEM);
		int32_t fam = item_family(m, item);
		long from = fam < 0 ? -1 : find_pair(a, fam, row_id(m, PLAN_TABLE_SOURCING, i, LANE_SOURCE), 0);
		long to = fam < 0 ? -1 : find_pair(a, fam, row_id(m, PLAN_TABLE_SOURCING, i, LANE_SITE), 0);
		if (from < 0 || to < 0 || !a->pair[from].fd || from == to)
			continue;
		int32_t wi = plan_map64__get(&item_site,
					     pair_key(item, row_id(m, PLAN_TABLE_SOURCING, i, LANE_SITE)));
		double w = wi >= 0 ? item_dem[wi] : 0;
		int32_t known = plan_map64__get(&lane_of, ((uint64_t)from << 32) | (uint64_t)to);
		size_t k = known >= 0 ? (size_t)known : a->nlane;
		if (k == a->nlane) {
			if (plan_vec__reserve((void **)&a->lane, &a->lane_cap, sizeof(*a->lane),
					      a->nlane + 1) < 0 ||
			    plan_map64__put(&lane_of, ((uint64_t)from << 32) | (uint64_t)to,
					    (int32_t)k) == -2) {
				rc = PLAN_ENOMEM;
				break;
			}
			a->lane[k] = (agg_lane){ (int)from, (int)to, 0, 0, 0, 0, 0, 0, 0 };
			a->nlane++;
		}
		agg_lane *fl = &a->lane[k];
		fl->wcost += w * l->cost;
		fl->weight += w;
		fl->sumcost += l->cost;
		fl->n++;
		if (l->max_per_bucket == PLAN_NONE)
			fl->uncapped = 1;
		else
			fl->cap += l->max_per_bucket;
	}
	free(item_dem);
	plan_map64__free(&item_site);
	plan_map64__free(&lane_of);
	if (!rc)
		rc = standard_material(a);
	if (rc)
		return rc;
	for (size_t k = 0; k < a->nlane; k++) {
		agg_lane *fl = &a->lane[k];
		fl->cost = fl->weight > 0 ? fl->wcost / fl->weight : fl->sumcost / fl->n;
	}
	/* columns: the sites', then the making pairs', then the lanes' */
	int col = 1 + (int)(a->nsite * a->nb * 4);
	for (size_t p = 0; p < a->npair; p++)
		if (a->pair[p].fd) {
			a->pair[p].col = col;
			col += (int)a->nb * 4;
		}
	a->lane_col = col;
	/* lanes by pair, both ends (CSR) */
	a->lane_off = calloc(a->npair + 2, sizeof(int32_t));
	a->lane_at = malloc((2 * a->nlane + 1) * sizeof(int32_t));
	if (!a->lane_off || !a->lane_at)
		return PLAN_ENOMEM;
	for (size_t k = 0; k < a->nlane; k++) {
		a->lane_off[a->lane[k].from + 2]++;
		a->lane_off[a->lane[k].to + 2]++;
	}
	for (size_t p = 0; p < a->npair; p++)
		a->lane_off[p + 2] += a->lane_off[p + 1];
	for (size_t k = 0; k < a->nlane; k++) {
		a->lane_at[a->lane_off[a->lane[k].from + 1]++] = (int32_t)k;
		a->lane_at[a->lane_off[a->lane[k].to + 1]++] = (int32_t)k;
	}
	return 0;
}

/* --- the linear program ----------------------------------------------------- */


#define INF HUGE_VAL

/* Builds the program of mode into lp. */
static int build(const plan_aggregate *a, int mode, int integer, plan_lp *lp)
{
	size_t nb = a->nb;
	int bad = 0;
	int elastic = mode == MODE_ELASTIC;
	double on = elastic ? 0 : 1; /* costs count except in the elastic program */
	/* columns, in the numbering of the macros above */
	for (size_t i = 0; i < a->nsite; i++) {
		const plan_workforce_def *w = a->site[i].wf;
		for (size_t t = 0; t < nb; t++) {
			double reg = w->hours_per_day * a->site[i].days[t];
			int fixed = mode == MODE_LEVEL && t > 0;
			/* whole workers: whole bounds (GLPK requires them) */
			double lo = w->min_workers, hi = none_as(w->max_workers, INF);
			if (integer) {
				lo = ceil(lo - 1e-9);
				hi = hi == INF ? INF : floor(hi + 1e-9);
			}
			bad |= plan_lp__col(lp, lo, hi < lo ? lo : hi, on * w->wage * reg, integer) < 0;
			bad |= plan_lp__col(lp, 0, fixed ? 0 : INF, on * w->hire_cost, integer) < 0;
			bad |= plan_lp__col(lp, 0, fixed ? 0 : INF, on * w->layoff_cost, integer) < 0;
			bad |= plan_lp__col(lp, 0, mode == MODE_CHASE || mode == MODE_LEVEL ? 0 : INF,
				      on * w->overtime_wage, 0) < 0;
		}
	}
	for (size_t p = 0; p < a->npair; p++) {
		const plan_family_def *f = a->pair[p].fd;
		if (!f)
			continue;
		for (size_t t = 0; t < nb; t++) {
			int last = t + 1 == nb;
			int made = f && a->pair[p].wsite >= 0;
			int sub = f && f->subcontract_cost != PLAN_NONE && mode != MODE_CHASE &&
				  mode != MODE_LEVEL;
			double end_min = f && last && !elastic ? f->end_on_hand_min : 0;
			double end_max = f && last && !elastic ? f->end_backlog_max : INF;
			bad |= plan_lp__col(lp, 0, made ? INF : 0, f ? on * a->pair[p].material : 0, 0) < 0;
			bad |= plan_lp__col(lp, 0, sub ? none_as(f->max_subcontract, INF) : 0,
				      sub ? on * f->subcontract_cost : 0, 0) < 0;
			bad |= plan_lp__col(lp, end_min, f ? INF : 0, f ? on * f->holding_cost : 0, 0) < 0;
			bad |= plan_lp__col(lp, 0, f && mode != MODE_CHASE ? end_max : 0,
				      f ? on * f->backlog_cost : 0, 0) < 0;
		}
	}
	for (size_t l = 0; l < a->nlane; l++)
		for (size_t t = 0; t < nb; t++)
			bad |= plan_lp__col(lp, 0, a->lane[l].uncapped ? INF : a->lane[l].cap,
				      on * a->lane[l].cost, 0) < 0;
	if (bad)
		return PLAN_ENOMEM;

	for (size_t i = 0; i < a->nsite && !bad; i++) {
		const plan_workforce_def *w = a->site[i].wf;
		for (size_t t = 0; t < nb && !bad; t++) {
			/* W[t] - W[t-1] - H + L = 0 (W[-1]: the workers at start) */
			double w0 = t == 0 ? w->workers : 0;
			int r = plan_lp__row(lp, w0, w0);
			bad |= r < 0 || plan_lp__el(lp, r, SITE_COL(a, i, t, CW), 1) < 0 ||
			       plan_lp__el(lp, r, SITE_COL(a, i, t, CH), -1) < 0 ||
			       plan_lp__el(lp, r, SITE_COL(a, i, t, CL), 1) < 0 ||
			       (t > 0 && plan_lp__el(lp, r, SITE_COL(a, i, t - 1, CW), -1) < 0);
			if (!bad)
				lp->row[r - 1].what = "workforce";
			/* O - max_overtime W <= 0 */
			r = plan_lp__row(lp, -INF, 0);
			bad |= r < 0 || plan_lp__el(lp, r, SITE_COL(a, i, t, CO), 1) < 0 ||
			       plan_lp__el(lp, r, SITE_COL(a, i, t, CW), -w->max_overtime) < 0;
			/* sum hours_per_unit P - regular W - O <= 0 */
			r = plan_lp__row(lp, -INF, 0);
			bad |= r < 0 || plan_lp__el(lp, r, SITE_COL(a, i, t, CW),
					      -w->hours_per_day * a->site[i].days[t]) < 0 ||
			       plan_lp__el(lp, r, SITE_COL(a, i, t, CO), -1) < 0;
			for (size_t p = 0; p < a->npair && !bad; p++)
				if (a->pair[p].fd && a->pair[p].wsite == (int)i)
					bad |= plan_lp__el(lp, r, PAIR_COL(a, p, t, CP),
						     a->pair[p].fd->hours_per_unit) < 0;
		}
	}
	for (size_t p = 0; p < a->npair && !bad; p++) {
		const agg_pair *pr = &a->pair[p];
		const plan_family_def *f = pr->fd;
		for (size_t t = 0; t < nb && !bad; t++) {
			/* making: I[t-1] - B[t-1] + P + C + in - out - I + B = demand
			 * receiving: in = demand */
			double rhs = pr->demand[t] - (f && t == 0 ? f->on_hand - f->backlog : 0);
			int r = plan_lp__row(lp, rhs, rhs);
			bad |= r < 0;
			if (bad)
				break;
			if (f) {
				bad |= plan_lp__el(lp, r, PAIR_COL(a, p, t, CP), 1) < 0 ||
				       plan_lp__el(lp, r, PAIR_COL(a, p, t, CC), 1) < 0 ||
				       plan_lp__el(lp, r, PAIR_COL(a, p, t, CI), -1) < 0 ||
				       plan_lp__el(lp, r, PAIR_COL(a, p, t, CB), 1) < 0;
				if (t > 0)
					bad |= plan_lp__el(lp, r, PAIR_COL(a, p, t - 1, CI), 1) < 0 ||
					       plan_lp__el(lp, r, PAIR_COL(a, p, t - 1, CB), -1) < 0;
			}
			for (int32_t j = a->lane_off[p]; j < a->lane_off[p + 1] && !bad; j++) {
				size_t l = (size_t)a->lane_at[j];
				bad |= plan_lp__el(lp, r, LANE_COL(a, l, t), a->lane[l].to == (int)p ? 1 : -1) < 0;
			}
			if (!f && elastic) {
				/* receiving: what no lane can bring is short */
				int c = plan_lp__col(lp, 0, INF, 1, 0);
				bad |= c < 0 || plan_lp__el(lp, r, c, 1) < 0;
				if (!bad)
					lp->row[r - 1].what = "receive";
			}
			if (!bad)
				lp->row[r - 1].what = lp->row[r - 1].what ? lp->row[r - 1].what : "balance";
			/* chase: stock is drawn down, never built (until the end) */
			if (mode == MODE_CHASE && f && t + 1 < nb) {
				double lim = t == 0 ? f->on_hand : 0;
				int rr = plan_lp__row(lp, -INF, lim);
				bad |= rr < 0 || plan_lp__el(lp, rr, PAIR_COL(a, p, t, CI), 1) < 0 ||
				       (t > 0 && plan_lp__el(lp, rr, PAIR_COL(a, p, t - 1, CI), -1) < 0);
			}
		}
		if (elastic && f && !bad) {
			/* end stock and end backlog as soft conditions */
			int last = (int)nb - 1;
			int r = plan_lp__row(lp, f->end_on_hand_min, INF);
			int c = plan_lp__col(lp, 0, INF, 1, 0);
			bad |= r < 0 || c < 0 || plan_lp__el(lp, r, PAIR_COL(a, p, (size_t)last, CI), 1) < 0 ||
			       plan_lp__el(lp, r, c, 1) < 0;
			if (!bad)
				lp->row[r - 1].what = "end_on_hand_min";
			r = plan_lp__row(lp, -INF, f->end_backlog_max);
			c = plan_lp__col(lp, 0, INF, 1, 0);
			bad |= r < 0 || c < 0 || plan_lp__el(lp, r, PAIR_COL(a, p, (size_t)last, CB), 1) < 0 ||
			       plan_lp__el(lp, r, c, -1) < 0;
			if (!bad)
				lp->row[r - 1].what = "end_backlog_max";
		}
	}
	return bad ? PLAN_ENOMEM : 0;
}

/* --- infeasibility, in words ------------------------------------------------ */

static const char *code_of(const plan_model *m, int ns, int32_t id)
{
	return id >= 0 ? m->ns[ns].str[id] : "?";
}

/* Solves the elastic program and names the conditions it had to relax. */
static void explain(plan_aggregate *a, char *buf, size_t n)
{
	plan_lp lp;
	memset(&lp, 0, sizeof(lp));
	char msg[256] = "";
	size_t k = (size_t)snprintf(buf, n, "the aggregate plan's conditions conflict");
	if (build(a, MODE_ELASTIC, 0, &lp) != 0 || plan_lp__solve(&lp, NULL, msg, sizeof(msg)) != 0 ||
	    lp.out.status != LP_OPTIMAL) {
		snprintf(buf + k, n - k, "%s%s", msg[0] ? ": " : "", msg);
		plan_lp__free(&lp);
		return;
	}
	const plan_model *m = a->m;
	size_t said = 0, nb = a->nb;
	/* slack columns follow the regular ones, in the order build() made them */
	size_t col = (size_t)a->lane_col - 1 + a->nlane * nb;
	for (size_t p = 0; p < a->npair && k < n; p++) {
		const agg_pair *pr = &a->pair[p];
		const char *fam = code_of(m, NS_FAMILY, pr->family), *site = code_of(m, NS_SITE, pr->site);
		if (!pr->fd) {
			for (size_t t = 0; t < nb && k < n; t++) {
				double s = lp.x[col++];
				if (s > 1e-6 && said++ < 4) {
					char d[11];
					plan_date_format(d, a->bk.start[t]);
					k += (size_t)snprintf(buf + k, n - k,
							      "; %.10g of family %s's demand at %s in the "
							      "bucket of %s cannot arrive: no lane from a site "
							      "that makes it, or its lanes are full",
							      s, fam, site, d);
				}
			}
			continue;
		}
		double s1 = lp.x[col++], s2 = lp.x[col++];
		if (s1 > 1e-6 && said++ < 4)
			k += (size_t)snprintf(buf + k, n - k,
					      "; family %s at %s cannot end with %.10g in stock "
					      "(end_on_hand_min): %.10g short with every worker, overtime "
					      "hour and subcontract allowed", fam, site,
					      pr->fd->end_on_hand_min, s1);
		if (s2 > 1e-6 && said++ < 4)
			k += (size_t)snprintf(buf + k, n - k,
					      "; family %s at %s cannot end with at most %.10g backlogged "
					      "(end_backlog_max): %.10g more remain", fam, site,
					      pr->fd->end_backlog_max, s2);
	}
	if (!said && k < n)
		snprintf(buf + k, n - k, " (the limits on workers, overtime, subcontracting and "
			 "lanes together)");
	plan_lp__free(&lp);
}

/* --- solving ---------------------------------------------------------------- */

/* Builds and solves the program of mode; lp keeps the solution (x, out).
 * 0, PLAN_ESOLVER (GLPK failed: msg) or PLAN_ENOMEM. */
static int solve_mode(plan_aggregate *a, int mode, const plan_aggregate_options *o, plan_lp *lp,
		      char *msg, size_t n)
{
	memset(lp, 0, sizeof(*lp));
	int mip = o->integer; /* the strategies in whole workers too: compared like for like */
	double t0 = seconds();
	int rc = build(a, mode, mip, lp);
	lp->build_seconds = seconds() - t0;
	if (rc)
		return rc;
	t0 = seconds();
	lp->interior = o->method == PLAN_AGGREGATE_INTERIOR && !mip;
	rc = plan_lp__solve(lp, mip ? o : NULL, msg, n);
	if (rc == PLAN_ESOLVER && lp->interior) {
		/* the interior-point method can fail on hard numbers: the simplex */
		lp->interior = 0;
		rc = plan_lp__solve(lp, NULL, msg, n);
	}
	lp->solve_seconds = seconds() - t0;
	return rc;
}

PLAN_EXPORT int plan_aggregate_solve(plan_aggregate **out, plan_model *m,
				     const plan_aggregate_options *opts)
{
	plan_aggregate_options o = PLAN_AGGREGATE_OPTIONS_INIT;
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!m)
		return PLAN_EINVAL;
	if (opts) {
		if (opts->version != PLAN_AGGREGATE_OPTIONS_VERSION || !(opts->time_limit > 0) ||
		    !(opts->mip_gap >= 0) || (opts->method != PLAN_AGGREGATE_SIMPLEX &&
					       opts->method != PLAN_AGGREGATE_INTERIOR))
			return plan_model__error(m, PLAN_EINVAL, "aggregate options: bad version, "
						 "time limit or gap");
		o = *opts;
	}
	int rc = plan_model_validate(m);
	if (rc)
		return rc;
	if (!m->tab[PLAN_TABLE_WORKFORCE].n || !m->tab[PLAN_TABLE_FAMILIES].n)
		return plan_model__error(m, PLAN_ENOTFOUND,
					 "no aggregate plan: the scenario has no %s rows",
					 m->tab[PLAN_TABLE_WORKFORCE].n ? "families.csv" : "workforce.csv");
	for (size_t i = 0; o.integer && i < m->tab[PLAN_TABLE_WORKFORCE].n; i++) {
		const plan_workforce_def *w = TAB_ROW(m, PLAN_TABLE_WORKFORCE, i);
		if (w->workers != floor(w->workers))
			return plan_model__error(m, PLAN_EINVAL,
						 "whole workers asked, but site %s starts with %.10g",
						 w->site, w->workers);
	}
	plan_aggregate *a = calloc(1, sizeof(*a));
	if (!a)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	a->m = m;
	double t0 = seconds();
	rc = gather(a);
	double lp_gather = seconds() - t0;
	if (rc) {
		plan_aggregate_free(a);
		return plan_model__error(m, rc, "out of memory");
	}
	char msg[512] = "";
	plan_lp lp;
	rc = solve_mode(a, MODE_BEST, &o, &lp, msg, sizeof(msg));
	a->summary.build_seconds = lp.build_seconds + lp_gather;
	a->summary.solve_seconds = lp.solve_seconds;
	a->summary.rows = lp.nrow;
	a->summary.cols = lp.ncol;
	if (rc == 0 && lp.out.status == LP_INFEASIBLE) {
		char why[1500];
		explain(a, why, sizeof(why));
		plan_lp__free(&lp);
		plan_aggregate_free(a);
		return plan_model__error(m, PLAN_ESOLVER, "%s", why);
	}
	if (rc == 0 && lp.out.status != LP_OPTIMAL && lp.out.status != LP_WITHIN_GAP &&
	    lp.out.status != LP_FEASIBLE) {
		rc = PLAN_ESOLVER;
		snprintf(msg, sizeof(msg), "%s", lp.out.status == LP_UNBOUNDED
			 ? "the program is unbounded (a negative cost?)"
			 : "no solution within the time limit");
	}
	if (rc) {
		plan_lp__free(&lp);
		plan_aggregate_free(a);
		return plan_model__error(m, rc == PLAN_ENOMEM ? rc : PLAN_ESOLVER, "GLPK: %s",
					 msg[0] ? msg : "solver failed");
	}
	a->x = lp.x;
	lp.x = NULL;
	a->summary.integer = o.integer;
	a->summary.status = lp.out.status == LP_OPTIMAL ? "optimal"
			  : lp.out.status == LP_WITHIN_GAP ? "within_gap" : "time_limit";
	a->summary.gap = lp.out.gap;
	plan_lp__free(&lp);
	/* the classic strategies on the same data, as LPs */
	a->summary.chase_cost = a->summary.level_cost = -1;
	for (int k = 0; k < 2 && o.strategies; k++) {
		plan_lp s;
		int r = solve_mode(a, k ? MODE_LEVEL : MODE_CHASE, &o, &s, msg, sizeof(msg));
		double cost = r == 0 && (s.out.status == LP_OPTIMAL || s.out.status == LP_WITHIN_GAP)
				      ? s.out.obj
				      : -1;
		if (k)
			a->summary.level_cost = cost;
		else
			a->summary.chase_cost = cost;
		plan_lp__free(&s);
		if (r == PLAN_ENOMEM) {
			plan_aggregate_free(a);
			return plan_model__error(m, r, "out of memory");
		}
	}
	plan_agg__costs(a);
	rc = plan_agg__rccp(a);
	if (rc) {
		plan_aggregate_free(a);
		return plan_model__error(m, rc, "out of memory");
	}
	*out = a;
	return 0;
}

PLAN_EXPORT void plan_aggregate_free(plan_aggregate *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->nsite; i++)
		free(a->site[i].days);
	for (size_t p = 0; p < a->npair; p++)
		free(a->pair[p].demand);
	free(a->site);
	free(a->pair);
	free(a->lane);
	free(a->lane_off);
	free(a->lane_at);
	plan_map64__free(&a->pair_of);
	free(a->x);
	free(a->rccp);
	plan_buckets__free(&a->bk);
	plan_cal__free(&a->cals);
	free(a);
}

/* --- reading the plan ---------------------------------------------------------- */

/* The cost by kind, from the solution. */
void plan_agg__costs(plan_aggregate *a)
{
	plan_aggregate_summary *s = &a->summary;
	const double *x = a->x;
	for (size_t i = 0; i < a->nsite; i++) {
		const plan_workforce_def *w = a->site[i].wf;
		for (size_t t = 0; t < a->nb; t++) {
			s->wages += w->wage * w->hours_per_day * a->site[i].days[t] *
				    x[SITE_COL(a, i, t, CW) - 1];
			s->hiring += w->hire_cost * x[SITE_COL(a, i, t, CH) - 1];
			s->layoffs += w->layoff_cost * x[SITE_COL(a, i, t, CL) - 1];
			s->overtime += w->overtime_wage * x[SITE_COL(a, i, t, CO) - 1];
		}
	}
	for (size_t p = 0; p < a->npair; p++) {
		const plan_family_def *f = a->pair[p].fd;
		for (size_t t = 0; f && t < a->nb; t++) {
			s->material += a->pair[p].material * x[PAIR_COL(a, p, t, CP) - 1];
			if (f->subcontract_cost != PLAN_NONE)
				s->subcontracting += f->subcontract_cost * x[PAIR_COL(a, p, t, CC) - 1];
			s->holding += f->holding_cost * x[PAIR_COL(a, p, t, CI) - 1];
			s->backlog += f->backlog_cost * x[PAIR_COL(a, p, t, CB) - 1];
		}
	}
	for (size_t l = 0; l < a->nlane; l++)
		for (size_t t = 0; t < a->nb; t++)
			s->transport += a->lane[l].cost * x[LANE_COL(a, l, t) - 1];
	s->cost = s->wages + s->overtime + s->hiring + s->layoffs + s->material +
		  s->subcontracting + s->holding + s->backlog + s->transport;
}

PLAN_EXPORT size_t plan_aggregate_count(const plan_aggregate *a)
{
	return a ? (a->nsite + a->npair) * a->nb : 0;
}

/* Rows: bucket by bucket, each site's workforce, then the pairs. */
PLAN_EXPORT int plan_aggregate_get_row(plan_aggregate_row *out, const plan_aggregate *a, size_t index)
{
	if (!a || !out || out->version != PLAN_AGGREGATE_ROW_VERSION)
		return PLAN_EINVAL;
	if (index >= plan_aggregate_count(a))
		return PLAN_ERANGE;
	size_t per = a->nsite + a->npair, t = index / per, k = index % per;
	const plan_model *m = a->m;
	const double *x = a->x;
	*out = (plan_aggregate_row)PLAN_AGGREGATE_ROW_INIT;
	out->bucket = a->bk.start[t];
	if (k < a->nsite) {
		const agg_site *s = &a->site[k];
		out->site = code_of(m, NS_SITE, s->site);
		out->workers = x[SITE_COL(a, k, t, CW) - 1];
		out->hired = x[SITE_COL(a, k, t, CH) - 1];
		out->laid_off = x[SITE_COL(a, k, t, CL) - 1];
		out->overtime_hours = x[SITE_COL(a, k, t, CO) - 1];
		out->regular_hours = out->workers * s->wf->hours_per_day * s->days[t];
		return 0;
	}
	size_t p = k - a->nsite;
	const agg_pair *pr = &a->pair[p];
	out->site = code_of(m, NS_SITE, pr->site);
	out->family = code_of(m, NS_FAMILY, pr->family);
	out->demand = pr->demand[t];
	if (pr->fd) {
		out->made = x[PAIR_COL(a, p, t, CP) - 1];
		out->subcontracted = x[PAIR_COL(a, p, t, CC) - 1];
		out->on_hand = x[PAIR_COL(a, p, t, CI) - 1];
		out->backlog = x[PAIR_COL(a, p, t, CB) - 1];
	}
	for (int32_t j = a->lane_off[p]; j < a->lane_off[p + 1]; j++) {
		size_t l = (size_t)a->lane_at[j];
		double v = x[LANE_COL(a, l, t) - 1];
		if (a->lane[l].to == (int)p)
			out->shipped_in += v;
		else
			out->shipped_out += v;
	}
	return 0;
}

PLAN_EXPORT int plan_aggregate_get_summary(plan_aggregate_summary *out, const plan_aggregate *a)
{
	if (!a || !out || out->version != PLAN_AGGREGATE_SUMMARY_VERSION)
		return PLAN_EINVAL;
	*out = a->summary;
	out->version = PLAN_AGGREGATE_SUMMARY_VERSION;
	return 0;
}
