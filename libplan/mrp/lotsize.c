/* Lot-sizing rules. The driver walks the periods keeping the cumulative
 * requirement R and the cumulative ordered quantity P; when P falls short of
 * R in period b, the rule sizes a lot for the residual series
 * (R - P, net[b+1], net[b+2], ...) and the modifiers adjust it. Ordering at
 * least R - P in b keeps every later position at or above its lot-for-lot
 * position, so any rule yields a plan as feasible as lot-for-lot. */
#include "mrp/lotsize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define EPS 1e-9
#define PLAN_LOT_MAX_PIECES 1e6

void plan_lot__work_free(plan_lot_work *w)
{
	free(w->g);
	free(w->choice);
	free(w->next);
	memset(w, 0, sizeof(*w));
}

static int work_reserve(plan_lot_work *w, size_t n)
{
	if (n + 1 <= w->cap)
		return 0;
	size_t cap = n + 1;
	double *g = realloc(w->g, cap * sizeof(*g));
	if (g)
		w->g = g;
	int32_t *c = realloc(w->choice, cap * sizeof(*c));
	if (c)
		w->choice = c;
	int32_t *x = realloc(w->next, cap * sizeof(*x));
	if (x)
		w->next = x;
	if (!g || !c || !x)
		return PLAN_ENOMEM;
	w->cap = cap;
	return 0;
}

int plan_lot__check(const plan_lot_params *p)
{
	if (!p || p->version != PLAN_LOT_PARAMS_VERSION)
		return PLAN_EINVAL;
	if (p->rule < PLAN_LOT_L4L || p->rule > PLAN_LOT_PPB)
		return PLAN_EINVAL;
	if (p->rule == PLAN_LOT_FOQ && !(p->lot_qty > 0))
		return PLAN_EINVAL;
	if (p->rule == PLAN_LOT_POQ && p->lot_periods < 1)
		return PLAN_EINVAL;
	if ((p->rule == PLAN_LOT_EOQ || p->rule == PLAN_LOT_PPB) && !(p->holding > 0))
		return PLAN_EINVAL;
	if (!(p->holding >= 0) || !(p->setup >= 0) || !(p->lot_min >= 0))
		return PLAN_EINVAL;
	if (p->lot_max != PLAN_NONE && !(p->lot_max > 0))
		return PLAN_EINVAL;
	if (p->lot_multiple != PLAN_NONE && !(p->lot_multiple > 0))
		return PLAN_EINVAL;
	if (p->lot_max != PLAN_NONE && p->lot_multiple != PLAN_NONE && p->lot_max < p->lot_multiple)
		return PLAN_EINVAL;
	return 0;
}

static double setup_at(const plan_lot_params *p, size_t t)
{
	return p->setup_per_period ? p->setup_per_period[t] : p->setup;
}

/* Wagner-Whitin, backward, over the periods with a requirement only (an
 * optimal plan orders only when stock is zero, Wagner and Whitin 1958, so
 * only in such a period, and a lot covers whole runs of them; empty periods
 * add no cost): at[x] is the x-th such period, g[x] the least cost of
 * periods at[x].. given that stock is zero entering at[x] and an order is
 * placed there, choice[at[x]] the last period that order covers. k periods
 * with a requirement cost O(k^2) at most, whatever the horizon. The first
 * period's own requirement costs no holding, so the choice at i does not
 * depend on it: the driver may raise the first requirement (residual)
 * without invalidating the table. */
static void ww_table(plan_lot_work *w, const double *net, size_t n, const plan_lot_params *p)
{
	int32_t *at = w->next;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (net[i] > EPS)
			at[k++] = (int32_t)i;
	w->g[k] = 0;
	for (size_t x = k; x-- > 0;) {
		size_t i = (size_t)at[x];
		double hold = 0, best = INFINITY;
		int32_t arg = (int32_t)i;
		for (size_t y = x; y < k; y++) {
			size_t j = (size_t)at[y];
			hold += p->holding * (double)(j - i) * net[j];
			if (hold >= best)
				break; /* holding only grows with j */
			double c = setup_at(p, i) + hold + w->g[y + 1];
			if (c < best - 1e-12) {
				best = c;
				arg = (int32_t)j;
			}
		}
		w->g[x] = best;
		w->choice[i] = arg;
	}
}

/* Silver-Meal (per_unit 0: cost per period covered) and least unit cost
 * (per_unit 1: cost per unit): the lot grows by whole periods while the
 * average cost of setup and holding does not increase. */
static double grow_while_cheaper(const double *r, double first, size_t b, size_t n,
				 const plan_lot_params *p, int per_unit)
{
	double q = first, hold = 0;
	double best = setup_at(p, b) / (per_unit ? first : 1.0);
	for (size_t j = b + 1; j < n; j++) {
		double h2 = hold + p->holding * (double)(j - b) * r[j];
		double c = (setup_at(p, b) + h2) / (per_unit ? q + r[j] : (double)(j - b + 1));
		if (c > best + EPS)
			break;
		best = c;
		hold = h2;
		q += r[j];
	}
	return q;
}

/* How many lots of a size make x of them (x = need / size > 0): x rounded
 * up, float noise above a whole number not counted, and at least one: a
 * need far below the size (0.5 of a lot of 1e10) is still one lot, not
 * ceil(5e-11 - EPS) = -0. */
static double whole_lots(double x)
{
	double k = ceil(x - EPS);
	return k < 1 ? 1 : k;
}

/* The rule's lot for residual requirements r[b..n) (r[b] = what is still
 * missing in b). */
static double rule_lot(const plan_lot_work *w, const double *r, double first, size_t b,
		       size_t n, const plan_lot_params *p, double mean_gross)
{
	switch (p->rule) {
	case PLAN_LOT_L4L:
		return first;
	case PLAN_LOT_FOQ:
		return p->lot_qty * whole_lots(first / p->lot_qty);
	case PLAN_LOT_POQ: {
		double q = first;
		for (size_t j = b + 1; j < n && j < b + (size_t)p->lot_periods; j++)
			q += r[j];
		return q;
	}
	case PLAN_LOT_EOQ: {
		double eoq = sqrt(2.0 * mean_gross * setup_at(p, b) / p->holding);
		return eoq > first ? eoq : first;
	}
	case PLAN_LOT_WW: {
		double q = first;
		for (size_t j = b + 1; j <= (size_t)w->choice[b]; j++)
			q += r[j];
		return q;
	}
	case PLAN_LOT_SM:
		return grow_while_cheaper(r, first, b, n, p, 0);
	case PLAN_LOT_LUC:
		return grow_while_cheaper(r, first, b, n, p, 1);
	case PLAN_LOT_PPB: {
		/* part-periods grow with the lot; the best is at the crossing of
		 * setup/holding, the shorter lot on a tie */
		double target = setup_at(p, b) / p->holding;
		double pp = 0, q = first, best_q = first, best_gap = target;
		for (size_t j = b + 1; j < n; j++) {
			pp += (double)(j - b) * r[j];
			double gap = fabs(pp - target);
			if (gap < best_gap - EPS) {
				best_gap = gap;
				best_q = q + r[j];
			}
			q += r[j];
			if (pp > target)
				break;
		}
		return best_q;
	}
	}
	return first;
}

int plan_lot__run(plan_lot_work *w, const double *net, size_t n, const plan_lot_params *p,
		  int decimals, int (*emit)(void *ctx, size_t period, double qty), void *ctx)
{
	if (work_reserve(w, n) < 0)
		return PLAN_ENOMEM;
	double mean_gross = p->mean_gross;
	if (p->rule == PLAN_LOT_EOQ && mean_gross == PLAN_NONE) {
		double sum = 0;
		for (size_t t = 0; t < n; t++)
			sum += net[t];
		mean_gross = n ? sum / (double)n : 0;
	}
	if (p->rule == PLAN_LOT_WW)
		ww_table(w, net, n, p);
	/* the running sums as summed, and exactly (R + Rc, P + Pc: compensated
	 * sums): at 1e12 a double cannot hold 1e12 + 2.000000001, and what a
	 * lot's sum rounded away is still needed (rule 1); where the exact
	 * need is more than an eighth of the plan's tolerance above the need
	 * as summed, it is asked for, else the need as summed, as ever */
	double R = 0, P = 0, Rc = 0, Pc = 0, xR = 0, xP = 0;
	for (size_t b = 0; b < n; b++) {
		R += net[b];
		plan_sum__add(&xR, &Rc, net[b]);
		double need = R - P;
		double excess = plan_sum__beyond(xR, Rc, xP, Pc, need);
		if (excess > PLAN_TOL / 8) {
			double up = need + excess;
			need = up - need < excess ? nextafter(up, HUGE_VAL) : up;
		} else if (need <= 1e-14 * R + EPS) {
			continue; /* float noise of the running sums, not a requirement */
		}
		double q = rule_lot(w, net, need, b, n, p, mean_gross);
		if (q < p->lot_min)
			q = p->lot_min;
		if (p->lot_multiple != PLAN_NONE)
			q = p->lot_multiple * whole_lots(q / p->lot_multiple);
		else if (decimals >= 0)
			q = plan_qty__up(q, decimals);
		if (!(q > 0))
			continue; /* float noise, rounded to nothing */
		P += q;
		plan_sum__add(&xP, &Pc, q);
		if (p->lot_max != PLAN_NONE) {
			double piece = p->lot_max;
			if (p->lot_multiple != PLAN_NONE)
				piece = p->lot_multiple * floor(p->lot_max / p->lot_multiple + EPS);
			else if (decimals >= 0)
				piece = plan_qty__down(p->lot_max, decimals);
			/* a maximum far below the requirement would split it into
			 * more orders than any plan can hold */
			if (q / piece > PLAN_LOT_MAX_PIECES)
				return PLAN_ERANGE;
			/* a remainder within the plan's tolerance (1e-6, format.md)
			 * stays with the last piece: an order of 5e-9 is none; what
			 * is left is the lot less k pieces, in one rounding (a
			 * million subtractions of 1.000000001 lost 2e-5) */
			double lot = q, k = 0;
			while (q > piece * (1 + EPS) && q - piece > 1e-6) {
				int rc = emit(ctx, b, piece);
				if (rc)
					return rc;
				k++;
				q = fma(-k, piece, lot);
			}
			if (decimals >= 0)
				q = plan_qty__round(q, decimals); /* what the pieces left */
		}
		int rc = emit(ctx, b, q);
		if (rc)
			return rc;
	}
	return 0;
}

typedef struct collect {
	double *qty;
	unsigned *orders;
} collect;

static int collect_emit(void *ctx, size_t period, double qty)
{
	collect *c = ctx;
	c->qty[period] += qty;
	if (c->orders)
		c->orders[period]++;
	return 0;
}

PLAN_EXPORT int plan_lotsize(double *qty, unsigned *orders, const double *net, size_t n,
			     const plan_lot_params *params)
{
	if (!qty || (!net && n) || plan_lot__check(params) < 0)
		return PLAN_EINVAL;
	for (size_t t = 0; t < n; t++) {
		if (!(net[t] >= 0) || !isfinite(net[t]))
			return PLAN_EINVAL;
		if (params->setup_per_period && !(params->setup_per_period[t] >= 0))
			return PLAN_EINVAL;
	}
	for (size_t t = 0; t < n; t++) {
		qty[t] = 0;
		if (orders)
			orders[t] = 0;
	}
	plan_lot_work w;
	memset(&w, 0, sizeof(w));
	collect c = { qty, orders };
	int rc = plan_lot__run(&w, net, n, params, -1, collect_emit, &c);
	plan_lot__work_free(&w);
	return rc;
}

PLAN_EXPORT int plan_lotsize_cost(double *cost, const double *qty, const unsigned *orders,
				  const double *net, size_t n, const plan_lot_params *params)
{
	if (!cost || (n && (!qty || !net)) || !params ||
	    params->version != PLAN_LOT_PARAMS_VERSION)
		return PLAN_EINVAL;
	double stock = 0, total = 0;
	for (size_t t = 0; t < n; t++) {
		if (qty[t] > 0)
			total += setup_at(params, t) * (orders ? (double)orders[t] : 1.0);
		stock += qty[t] - net[t];
		if (stock < -EPS * (1 + fabs(net[t])))
			return PLAN_ERANGE;
		total += params->holding * (stock > 0 ? stock : 0);
	}
	*cost = total;
	return 0;
}
