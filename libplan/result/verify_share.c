/* The verifier's rule "fair_share" (format.md, "Fair share"): with scenario
 * key fair_share = proportional, the demands a feasible plan shared fairly
 * (each has a fair_share exception; those of one item, priority and due
 * bucket are one group) have the same share of their quantity on time,
 * within rounding to their units: the shares of a group differ by at most
 * twice its largest unit step over quantity, and 1e-6; with cover, those
 * that have something on time fall short by the same days of their
 * warehouse's average daily demand (within twice the largest unit step
 * over daily demand, and 1e-6 x (1 + those days)), and none by more; and
 * each exception states its demand's on-time part as deliveries.csv has
 * it. Quantities and
 * what came on time are computed here from the demand rows, the
 * verifier's own forecast consumption and deliveries.csv. */
#include "result/verify_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct member {
	int32_t item, prio;
	size_t bucket;
	int32_t row;
} member;

static int cmp_member(const void *a, const void *b)
{
	const member *x = a, *y = b;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static plan_date day_of(const plan_model *m, int32_t d)
{
	plan_date due = ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, d))->due;
	return due > m->horizon.start ? due : m->horizon.start;
}

/* cover: the group's demands with something on time short by the same
 * days of their warehouse's daily demand, the others by no more */
static int check_cover(const plan_model *m, const member *v, size_t n, const double *on,
		       const double *net, const double *rate, const int8_t *dec,
		       const plan_buckets *bk, plan_verify_say_fn fn, void *ctx)
{
	double lo = HUGE_VAL, hi = -HUGE_VAL, slack = 0, worst = -HUGE_VAL;
	size_t ilo = 0, ihi = 0, iw = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t d = v[i].row;
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
		if (s < 0 || !(rate[s] > 0))
			continue;
		double step = dec && dec[s] >= 0 ? pow(10, -dec[s]) : 0;
		double short_days = (net[d] - on[d]) / rate[s];
		if (step / rate[s] > slack)
			slack = step / rate[s];
		if (on[d] > 1e-9) {
			if (short_days < lo)
				lo = short_days, ilo = i;
			if (short_days > hi)
				hi = short_days, ihi = i;
		} else if (short_days > worst) {
			worst = short_days, iw = i;
		}
	}
	if (lo == HUGE_VAL)
		return 0;
	double tol = 2 * slack + 1e-6 * (1 + hi);
	size_t a = ilo, b = ihi;
	if (hi - lo <= tol) {
		if (!(worst > hi + tol))
			return 0;
		a = ilo, b = iw; /* one with nothing on time is short of more */
	}
	const plan_demand_def *da = TAB_ROW(m, PLAN_TABLE_DEMAND, v[a].row);
	const plan_demand_def *db = TAB_ROW(m, PLAN_TABLE_DEMAND, v[b].row);
	long sa = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, v[a].row, 1),
				  TAB_ID(m, PLAN_TABLE_DEMAND, v[a].row, 2));
	long sb = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, v[b].row, 1),
				  TAB_ID(m, PLAN_TABLE_DEMAND, v[b].row, 2));
	char day[11], msg[400];
	plan_date_format(day, bk->start[v[0].bucket < bk->n ? v[0].bucket : bk->n - 1]);
	snprintf(msg, sizeof(msg),
		 "%s (priority %d, due in the bucket of %s): %s is %.6g days of its warehouse's demand "
		 "short, %s %.6g; cover shares differ",
		 da->item, da->priority, day, db->id, (net[v[b].row] - on[v[b].row]) / rate[sb], da->id,
		 (net[v[a].row] - on[v[a].row]) / rate[sa]);
	return fn(ctx, msg);
}

int plan_verify__share(const plan_result *r, const plan_buckets *bk, const int8_t *dec,
		       plan_verify_say_fn fn, void *ctx, size_t *checks)
{
	const plan_model *m = r->model;
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n;
	if (m->scenario.fair_share == PLAN_FAIR_SHARE_NONE || !r->constrained || !nd)
		return 0;
	int cover = m->scenario.fair_share == PLAN_FAIR_SHARE_COVER;
	double *net = plan_verify__net(m), *on = calloc(nd, sizeof(*on));
	double *rate = calloc(m->tab[PLAN_TABLE_SKUS].n + 1, sizeof(*rate));
	member *v = malloc(nd * sizeof(*v));
	int rc = net && on && v && rate ? 0 : PLAN_ENOMEM;
	double days = (double)(m->horizon.end - m->horizon.start + 1);
	for (size_t d = 0; d < nd && !rc; d++) {
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
					 TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
		if (s >= 0 && net[d] > 0)
			rate[s] += net[d] / days;
	}
	for (size_t i = 0; i < r->ndlv && !rc; i++) {
		const plan_delivery_rec *d = &r->dlv[i];
		if (d->date <= day_of(m, d->demand))
			on[d->demand] += d->qty;
	}
	size_t n = 0;
	char msg[400];
	for (size_t i = 0; i < r->nexc && !rc; i++) {
		const plan_exc_rec *x = &r->exc[i];
		if (x->code != EXC_FAIR_SHARE || x->demand < 0 || (size_t)x->demand >= nd ||
		    n >= nd)
			continue;
		int32_t d = x->demand;
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		(*checks)++;
		if (fabs(x->qty - on[d]) > 1e-6 * (1 + on[d])) {
			snprintf(msg, sizeof(msg), "%s: its fair_share exception says %.10g on time, "
				 "deliveries.csv %.10g", dd->id, x->qty, on[d]);
			rc = fn(ctx, msg);
		}
		if (net[d] > 0)
			v[n++] = (member){ TAB_ID(m, PLAN_TABLE_DEMAND, d, 1), dd->priority,
					   plan_buckets__of(bk, day_of(m, d)), d };
	}
	if (!rc && n)
		qsort(v, n, sizeof(*v), cmp_member);
	for (size_t a = 0, b; a < n && !rc; a = b) {
		for (b = a + 1; b < n && v[b].item == v[a].item && v[b].prio == v[a].prio &&
				v[b].bucket == v[a].bucket;
		     b++)
			;
		if (b - a < 2)
			continue;
		(*checks)++;
		if (cover) {
			rc = check_cover(m, v + a, b - a, on, net, rate, dec, bk, fn, ctx);
			continue;
		}
		size_t lo = a, hi = a;
		double slack = 0;
		for (size_t i = a; i < b; i++) {
			int32_t d = v[i].row;
			long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
						 TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
			double step = dec && dec[s] >= 0 ? pow(10, -dec[s]) : 0;
			if (step / net[d] > slack)
				slack = step / net[d];
			if (on[d] / net[d] < on[v[lo].row] / net[v[lo].row])
				lo = i;
			if (on[d] / net[d] > on[v[hi].row] / net[v[hi].row])
				hi = i;
		}
		double flo = on[v[lo].row] / net[v[lo].row], fhi = on[v[hi].row] / net[v[hi].row];
		if (fhi - flo <= 2 * slack + 1e-6)
			continue;
		const plan_demand_def *dl = TAB_ROW(m, PLAN_TABLE_DEMAND, v[lo].row);
		const plan_demand_def *dh = TAB_ROW(m, PLAN_TABLE_DEMAND, v[hi].row);
		char day[11];
		plan_date_format(day, bk->start[v[a].bucket < bk->n ? v[a].bucket : bk->n - 1]);
		snprintf(msg, sizeof(msg),
			 "%s (priority %d, due in the bucket of %s): %s has %.6g %% of %.10g on time, "
			 "%s %.6g %% of %.10g; proportional shares differ",
			 dl->item, dl->priority, day, dh->id, 100 * fhi, net[v[hi].row], dl->id, 100 * flo,
			 net[v[lo].row]);
		rc = fn(ctx, msg);
	}
	free(net);
	free(on);
	free(v);
	free(rate);
	return rc;
}
