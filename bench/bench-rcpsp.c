/* bench-rcpsp: how close the project scheduler (libplan/project/rcpsp.c,
 * what the feasible plan schedules projects with) comes to the best
 * makespan, on projects of 30 activities and 4 renewable resources, the
 * size of PSPLIB's j30 set (Kolisch and Sprecher 1997).
 *
 *   bench-rcpsp [--instances N] [--samples S]
 *
 * Two sets of N generated instances each (default 480, as j30):
 *
 *  - "packed": instances with a known optimum by construction. A
 *    rectangle of T periods x C units of resource 1 is cut (guillotine
 *    cuts, the largest piece each time, across time or capacity at random)
 *    into 30 pieces: each piece an activity of its length and width, so
 *    that the schedule with every piece at its place keeps resource 1 full
 *    in every period. Resources 2-4 get random uses (0-5 units, half of
 *    them 0) and as many units as that schedule needs at its peak;
 *    precedences are drawn among the pairs that schedule keeps in order
 *    (on average about 1.8 predecessors an activity). Its makespan T is
 *    optimal: resource 1's work needs T periods (the resource bound).
 *  - "random": ProGen-like instances (durations 1-10, each activity takes
 *    1-4 of the resources at 1-10 units, 1-3 predecessors among the
 *    activities before it) with each resource's units at
 *    min + RS x (peak - min) (RS 0.2 to 1.0 cycling; min: the largest
 *    single use, peak: that of the earliest-start schedule), compared
 *    with the lower bound (critical path, resource work): the gap to the
 *    optimum is at most the gap printed.
 *
 * For each set: the mean and the largest gap (makespan / reference - 1),
 * how many reach the reference, the time a project. Deterministic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "project/rcpsp.h"

#define N_ACT 30
#define N_RES 4
#define T_MAX 400

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int uni(int lo, int hi) /* lo .. hi */
{
	return lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
}

typedef struct inst {
	int32_t dur[N_ACT], pred_off[N_ACT + 1], pred[N_ACT * N_ACT], succ_off[N_ACT + 1],
		succ[N_ACT * N_ACT];
	double use[N_ACT * N_RES], avail[N_RES * T_MAX];
	long ref;
} inst;

/* Predecessor lists (already set: pred_off, pred) to successor lists. */
static void successors(inst *x)
{
	int cnt[N_ACT] = { 0 };
	for (int a = 0; a < N_ACT; a++)
		for (int32_t k = x->pred_off[a]; k < x->pred_off[a + 1]; k++)
			cnt[x->pred[k]]++;
	x->succ_off[0] = 0;
	for (int a = 0; a < N_ACT; a++)
		x->succ_off[a + 1] = x->succ_off[a] + cnt[a];
	int fill[N_ACT] = { 0 };
	for (int b = 0; b < N_ACT; b++)
		for (int32_t k = x->pred_off[b]; k < x->pred_off[b + 1]; k++) {
			int a = x->pred[k];
			x->succ[x->succ_off[a] + fill[a]++] = b;
		}
}

typedef struct piece {
	int t0, t1, c0, c1;
} piece;

static void packed(inst *x)
{
	int T = uni(30, 50), C = uni(6, 10);
	piece p[N_ACT];
	int n = 1;
	p[0] = (piece){ 0, T, 0, C };
	while (n < N_ACT) {
		int big = -1, area = 0;
		for (int i = 0; i < n; i++) {
			int a = (p[i].t1 - p[i].t0) * (p[i].c1 - p[i].c0);
			int can = p[i].t1 - p[i].t0 > 1 || p[i].c1 - p[i].c0 > 1;
			if (can && a > area) {
				area = a;
				big = i;
			}
		}
		piece q = p[big];
		int across_time = q.c1 - q.c0 == 1 || (q.t1 - q.t0 > 1 && rnd() % 3 != 0);
		if (across_time) {
			int cut = uni(q.t0 + 1, q.t1 - 1);
			p[big].t1 = cut;
			p[n++] = (piece){ cut, q.t1, q.c0, q.c1 };
		} else {
			int cut = uni(q.c0 + 1, q.c1 - 1);
			p[big].c1 = cut;
			p[n++] = (piece){ q.t0, q.t1, cut, q.c1 };
		}
	}
	/* activities by start (predecessors first) */
	for (int i = 1; i < N_ACT; i++)
		for (int j = i; j > 0 && p[j - 1].t0 > p[j].t0; j--) {
			piece t = p[j];
			p[j] = p[j - 1];
			p[j - 1] = t;
		}
	double peak[N_RES] = { 0 };
	static double load[N_RES][T_MAX];
	memset(load, 0, sizeof(load));
	for (int a = 0; a < N_ACT; a++) {
		x->dur[a] = p[a].t1 - p[a].t0;
		x->use[a * N_RES] = p[a].c1 - p[a].c0;
		for (int r = 1; r < N_RES; r++)
			x->use[a * N_RES + r] = rnd() % 2 ? uni(1, 5) : 0;
		for (int r = 0; r < N_RES; r++)
			for (int t = p[a].t0; t < p[a].t1; t++)
				load[r][t] += x->use[a * N_RES + r];
	}
	for (int r = 0; r < N_RES; r++)
		for (int t = 0; t < T; t++)
			if (load[r][t] > peak[r])
				peak[r] = load[r][t];
	for (int r = 0; r < N_RES; r++)
		for (int t = 0; t < T_MAX; t++)
			x->avail[r * T_MAX + t] = peak[r];
	/* precedences the schedule keeps */
	x->pred_off[0] = 0;
	for (int b = 0; b < N_ACT; b++) {
		x->pred_off[b + 1] = x->pred_off[b];
		int cand[N_ACT], nc = 0;
		for (int a = 0; a < b; a++)
			if (p[a].t1 <= p[b].t0)
				cand[nc++] = a;
		int want = nc ? uni(1, 3) : 0;
		for (int k = 0; k < want && nc; k++) {
			int i = uni(0, nc - 1);
			x->pred[x->pred_off[b + 1]++] = cand[i];
			cand[i] = cand[--nc];
		}
	}
	successors(x);
	x->ref = T;
}

static void random_inst(inst *x, double rs)
{
	x->pred_off[0] = 0;
	for (int b = 0; b < N_ACT; b++) {
		x->dur[b] = uni(1, 10);
		x->pred_off[b + 1] = x->pred_off[b];
		int want = b ? uni(1, 3) : 0;
		for (int k = 0; k < want; k++) {
			int a = uni(b > 8 ? b - 8 : 0, b - 1), dup = 0;
			for (int32_t q = x->pred_off[b]; q < x->pred_off[b + 1]; q++)
				dup |= x->pred[q] == a;
			if (!dup)
				x->pred[x->pred_off[b + 1]++] = a;
		}
		int nr = uni(1, N_RES);
		for (int r = 0; r < N_RES; r++)
			x->use[b * N_RES + r] = 0;
		for (int k = 0; k < nr; k++)
			x->use[b * N_RES + uni(0, N_RES - 1)] = uni(1, 10);
	}
	successors(x);
	/* the earliest-start schedule's peaks */
	int es[N_ACT];
	static double load[N_RES][T_MAX];
	memset(load, 0, sizeof(load));
	for (int b = 0; b < N_ACT; b++) {
		es[b] = 0;
		for (int32_t k = x->pred_off[b]; k < x->pred_off[b + 1]; k++)
			if (es[x->pred[k]] + x->dur[x->pred[k]] > es[b])
				es[b] = es[x->pred[k]] + x->dur[x->pred[k]];
		for (int r = 0; r < N_RES; r++)
			for (int t = es[b]; t < es[b] + x->dur[b]; t++)
				load[r][t] += x->use[b * N_RES + r];
	}
	for (int r = 0; r < N_RES; r++) {
		double lo = 0, hi = 0;
		for (int b = 0; b < N_ACT; b++)
			if (x->use[b * N_RES + r] > lo)
				lo = x->use[b * N_RES + r];
		for (int t = 0; t < T_MAX; t++)
			if (load[r][t] > hi)
				hi = load[r][t];
		double cap = floor(lo + rs * (hi - lo) + 0.5);
		for (int t = 0; t < T_MAX; t++)
			x->avail[r * T_MAX + t] = cap;
	}
}

static plan_rcp view(const inst *x)
{
	return (plan_rcp){ N_ACT, N_RES, T_MAX, x->dur, x->pred_off, x->pred, x->succ_off, x->succ,
			   x->use, x->avail, NULL };
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int n = 480, samples = 24;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--instances") && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--samples") && i + 1 < argc)
			samples = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench-rcpsp [--instances N] [--samples S]\n");
			return 2;
		}
	}
	static const double rs[] = { 0.2, 0.5, 0.7, 1.0 };
	for (int set = 0; set < 2; set++) {
		double sum = 0, worst = 0, secs = 0;
		int at_ref = 0, bad = 0;
		for (int i = 0; i < n; i++) {
			static inst x;
			rng_state = 0x2545F4914F6CDD1Dull ^ ((uint64_t)(i + 1) * 0x9E3779B97F4A7C15ull) ^
				    (uint64_t)set;
			if (set == 0)
				packed(&x);
			else {
				random_inst(&x, rs[i % 4]);
			}
			plan_rcp p = view(&x);
			if (set == 1)
				x.ref = plan_rcp__bound(&p);
			plan_rcp_work w;
			int32_t s[N_ACT];
			if (plan_rcp__work_new(&w, &p))
				return 1;
			double t0 = now();
			long mk = plan_rcp__solve(&p, &w, samples, (uint64_t)i + 1, s);
			secs += now() - t0;
			plan_rcp__work_free(&w);
			if (mk < 0 || mk < x.ref) {
				bad++;
				continue;
			}
			double gap = (double)mk / (double)x.ref - 1;
			sum += gap;
			if (gap > worst)
				worst = gap;
			at_ref += mk == x.ref;
		}
		printf("%-7s %4d instances (30 activities, 4 resources): gap to the %s mean %.2f %%, "
		       "largest %.2f %%, %d at it; %.3f ms a project%s\n",
		       set ? "random" : "packed", n, set ? "lower bound" : "optimum", 100 * sum / n,
		       100 * worst, at_ref, 1e3 * secs / n, bad ? " (ERRORS)" : "");
		if (bad)
			return 1;
	}
	return 0;
}
