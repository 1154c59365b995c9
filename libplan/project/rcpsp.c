/* Resource-constrained project scheduling (rcpsp.h): the serial schedule
 * generation scheme (Kolisch 1996), priority rules (LFT, LST, MTS, GRPW),
 * regret-biased random sampling, forward-backward improvement (Tormos
 * and Lova 2001; Valls, Ballestin and Quintanilla 2005: justification),
 * then a genetic algorithm over the activity lists (Hartmann 1998:
 * one-point crossover, adjacent swaps, the best kept), each list's schedule
 * improved and its starts the list it passes on. */
#include "project/rcpsp.h"

#include <stdlib.h>
#include <string.h>

#define FIT_EPS 1e-9

static inline int32_t span(int32_t d)
{
	return d > 0 ? d : 1;
}

int plan_rcp__work_new(plan_rcp_work *w, const plan_rcp *p)
{
	size_t n = p->n + 1;
	memset(w, 0, sizeof(*w));
	w->left = malloc((p->nres * p->T + 1) * sizeof(*w->left));
	w->list = malloc(n * sizeof(*w->list));
	w->s = malloc(n * sizeof(*w->s));
	w->order = malloc(n * sizeof(*w->order));
	w->done = malloc(n * sizeof(*w->done));
	w->lft = malloc(n * sizeof(*w->lft));
	w->key = malloc(n * sizeof(*w->key));
	if (!w->left || !w->list || !w->s || !w->order || !w->done || !w->lft || !w->key) {
		plan_rcp__work_free(w);
		return -1;
	}
	return 0;
}

void plan_rcp__work_free(plan_rcp_work *w)
{
	free(w->left);
	free(w->list);
	free(w->s);
	free(w->order);
	free(w->done);
	free(w->lft);
	free(w->key);
	memset(w, 0, sizeof(*w));
}

/* The first period in [t, t + d) where activity a does not fit (from the
 * top when down), or -1: it fits. */
static long misfit(const plan_rcp *p, const double *left, size_t a, long t, int32_t d, int down)
{
	for (size_t r = 0; r < p->nres; r++) {
		double u = p->use[a * p->nres + r];
		if (u <= 0)
			continue;
		const double *l = left + r * p->T;
		if (down) {
			for (long k = t + d - 1; k >= t; k--)
				if (l[k] < u - FIT_EPS)
					return k;
		} else {
			for (long k = t; k < t + d; k++)
				if (l[k] < u - FIT_EPS)
					return k;
		}
	}
	return -1;
}

static void take(const plan_rcp *p, double *left, size_t a, long t, int32_t d)
{
	for (size_t r = 0; r < p->nres; r++) {
		double u = p->use[a * p->nres + r];
		if (u > 0)
			for (long k = t; k < t + d; k++)
				left[r * p->T + k] -= u;
	}
}

long plan_rcp__serial(const plan_rcp *p, plan_rcp_work *w, const int32_t *list, int backward,
		      long deadline, int32_t *start)
{
	long T = (long)p->T, mk = 0, first = deadline;
	int failed = 0;
	if (p->nres && p->T)
		memcpy(w->left, p->avail, p->nres * p->T * sizeof(*w->left));
	for (size_t a = 0; a < p->n; a++)
		start[a] = -1;
	for (size_t i = 0; i < p->n; i++) {
		size_t a = (size_t)list[i];
		int32_t d = p->dur[a];
		long rel = p->release ? p->release[a] : 0, t = -1;
		int blocked = 0;
		if (!backward) {
			long es = rel;
			for (int32_t k = p->pred_off[a]; k < p->pred_off[a + 1]; k++) {
				int32_t b = p->pred[k];
				if (start[b] < 0)
					blocked = 1;
				else if (start[b] + p->dur[b] > es)
					es = start[b] + p->dur[b];
			}
			for (t = es; !blocked && t + span(d) <= T;) {
				long k = misfit(p, w->left, a, t, d, 0);
				if (k < 0)
					break;
				t = k + 1;
			}
			if (blocked || t + span(d) > T)
				t = -1;
		} else {
			long ls = deadline - span(d);
			if (ls > T - span(d))
				ls = T - span(d);
			for (int32_t k = p->succ_off[a]; k < p->succ_off[a + 1]; k++) {
				int32_t b = p->succ[k];
				if (start[b] < 0)
					blocked = 1;
				else if (start[b] - d < ls)
					ls = start[b] - d;
			}
			for (t = ls; !blocked && t >= rel;) {
				long k = misfit(p, w->left, a, t, d, 1);
				if (k < 0)
					break;
				t = k - d;
			}
			if (blocked || t < rel)
				t = -1;
		}
		if (t < 0) {
			failed = 1;
			continue;
		}
		start[a] = (int32_t)t;
		take(p, w->left, a, t, d);
		if (t + span(d) > mk)
			mk = t + span(d);
		if (t < first)
			first = t;
	}
	if (failed)
		return -1;
	return backward ? deadline - first : mk;
}

/* Earliest starts without resources, with releases, into es: the
 * critical path's length (activities numbered predecessors first). */
static long earliest(const plan_rcp *p, int32_t *es)
{
	long L = 0;
	for (size_t a = 0; a < p->n; a++) {
		long e = p->release ? p->release[a] : 0;
		for (int32_t k = p->pred_off[a]; k < p->pred_off[a + 1]; k++) {
			int32_t b = p->pred[k];
			if (es[b] + p->dur[b] > e)
				e = es[b] + p->dur[b];
		}
		es[a] = (int32_t)e;
		if (e + span(p->dur[a]) > L)
			L = e + span(p->dur[a]);
	}
	return L;
}

/* Latest finishes without resources (w->lft), from the critical path
 * with releases: the bound of the forward scheme's makespan. */
static long critical_path(const plan_rcp *p, plan_rcp_work *w)
{
	long L = earliest(p, w->order /* scratch */);
	for (size_t i = p->n; i-- > 0;) {
		long f = L - (p->dur[i] > 0 ? 0 : 1);
		for (int32_t k = p->succ_off[i]; k < p->succ_off[i + 1]; k++) {
			int32_t b = p->succ[k];
			if (w->lft[b] - p->dur[b] < f)
				f = w->lft[b] - p->dur[b];
		}
		w->lft[i] = (int32_t)f;
	}
	return L;
}

/* A list by a priority rule: each step the eligible activity (every
 * predecessor listed) of least key, the least number on a tie; with rng,
 * one drawn with weight (max key - key + 1)^2 among the eligible. */
static void list_by(const plan_rcp *p, plan_rcp_work *w, const double *key, uint64_t *rng,
		    int32_t *list)
{
	int32_t *npred = w->done;
	for (size_t a = 0; a < p->n; a++)
		npred[a] = p->pred_off[a + 1] - p->pred_off[a];
	for (size_t i = 0; i < p->n; i++) {
		long pick = -1;
		double hi = 0, total = 0;
		for (size_t a = 0; a < p->n; a++)
			if (npred[a] == 0) {
				if (pick < 0 || key[a] < key[pick])
					pick = (long)a;
				if (key[a] > hi || total == 0)
					hi = key[a];
				total = 1;
			}
		if (rng) {
			total = 0;
			for (size_t a = 0; a < p->n; a++)
				if (npred[a] == 0)
					total += (hi - key[a] + 1) * (hi - key[a] + 1);
			*rng ^= *rng << 13;
			*rng ^= *rng >> 7;
			*rng ^= *rng << 17;
			double x = (double)(*rng >> 11) / 9007199254740992.0 * total;
			for (size_t a = 0; a < p->n; a++)
				if (npred[a] == 0) {
					x -= (hi - key[a] + 1) * (hi - key[a] + 1);
					pick = (long)a;
					if (x < 0)
						break;
				}
		}
		list[i] = (int32_t)pick;
		npred[pick] = -1;
		for (int32_t k = p->succ_off[pick]; k < p->succ_off[pick + 1]; k++)
			npred[p->succ[k]]--;
	}
}

/* The activities by their finish, latest first (backward: by start,
 * earliest first), the number breaking ties the way precedence needs. */

static void sort_by_start(const plan_rcp *p, const int32_t *start, int32_t *list, int by_finish)
{
	/* insertion sort: n is a project's activities, and lists come nearly
	 * sorted from the schedule before */
	for (size_t i = 0; i < p->n; i++) {
		int32_t a = (int32_t)i;
		long ka = by_finish ? -(long)(start[a] + p->dur[a]) : start[a];
		size_t j = i;
		while (j > 0) {
			int32_t b = list[j - 1];
			long kb = by_finish ? -(long)(start[b] + p->dur[b]) : start[b];
			if (kb < ka || (kb == ka && (by_finish ? -start[b] < -start[a] ||
							 (start[b] == start[a] && b > a)
						       : b < a)))
				break;
			list[j] = b;
			j--;
		}
		list[j] = a;
	}
}

/* Forward-backward improvement of start[] (makespan mk): its makespan. */
static long improve(const plan_rcp *p, plan_rcp_work *w, int32_t *start, long mk)
{
	for (int round = 0; round < 16; round++) {
		sort_by_start(p, start, w->list, 1);
		if (plan_rcp__serial(p, w, w->list, 1, mk, w->s) < 0)
			break;
		sort_by_start(p, w->s, w->list, 0);
		long m2 = plan_rcp__serial(p, w, w->list, 0, 0, w->s);
		if (m2 < 0 || m2 > mk)
			break;
		memcpy(start, w->s, p->n * sizeof(*start));
		if (m2 == mk)
			break;
		mk = m2;
	}
	return mk;
}

static uint64_t next_rng(uint64_t *rng)
{
	*rng ^= *rng << 13;
	*rng ^= *rng >> 7;
	*rng ^= *rng << 17;
	return *rng;
}

/* A list's schedule (forward, then improved) into s, and the list of its
 * starts into out: its makespan, or -1. */
static long evaluate(const plan_rcp *p, plan_rcp_work *w, const int32_t *list, int32_t *s,
		     int32_t *out)
{
	long mk = plan_rcp__serial(p, w, list, 0, 0, s);
	if (mk < 0)
		return -1;
	mk = improve(p, w, s, mk);
	sort_by_start(p, s, out, 0);
	return mk;
}

/* One-point crossover of activity lists (Hartmann 1998): the mother's
 * first q, then the father's others in his order (precedence-feasible as
 * both are); then adjacent swaps with chance 1/16 where precedence allows. */
static void cross(const plan_rcp *p, const int32_t *mother, const int32_t *father, size_t q,
		  uint8_t *in, uint64_t *rng, int32_t *child)
{
	memset(in, 0, p->n);
	size_t k = 0;
	for (; k < q; k++) {
		child[k] = mother[k];
		in[mother[k]] = 1;
	}
	for (size_t i = 0; i < p->n; i++)
		if (!in[father[i]])
			child[k++] = father[i];
	for (size_t i = 0; i + 1 < p->n; i++) {
		if (next_rng(rng) % 16)
			continue;
		int32_t a = child[i], b = child[i + 1], dep = 0;
		for (int32_t x = p->pred_off[b]; x < p->pred_off[b + 1] && !dep; x++)
			dep = p->pred[x] == a;
		if (!dep) {
			child[i] = b;
			child[i + 1] = a;
		}
	}
}

long plan_rcp__solve(const plan_rcp *p, plan_rcp_work *w, int samples, uint64_t seed,
		     int32_t *start)
{
	if (!p->n)
		return 0;
	critical_path(p, w);
	int nrules = 4 + (samples > 0 ? samples : 0);
	size_t n = p->n, npop = 0, cap = 2 * (size_t)nrules;
	int32_t *cur = malloc(n * sizeof(*cur)), *lst = malloc(n * sizeof(*lst));
	int32_t *pop = malloc(cap * n * sizeof(*pop)), *next = malloc(cap * n * sizeof(*next));
	long *mk = malloc(cap * sizeof(*mk)), *nmk = malloc(cap * sizeof(*nmk));
	size_t *rank = malloc(cap * sizeof(*rank));
	uint8_t *in = malloc(n);
	long best = -2;
	if (!cur || !lst || !pop || !next || !mk || !nmk || !rank || !in)
		goto out;
	best = -1;
	uint64_t rng = seed ? seed : 0x9E3779B97F4A7C15ull;
	/* the first population: the priority rules' lists and the sampled
	 * ones, each as its improved schedule's list */
	for (int rule = 0; rule < nrules; rule++) {
		for (size_t a = 0; a < n; a++) {
			double k = w->lft[a];
			if (rule == 1)
				k = w->lft[a] - p->dur[a];
			else if (rule == 2) { /* MTS: most successors (direct and
						 through one more), fewest first negated */
				double c = 0;
				for (int32_t x = p->succ_off[a]; x < p->succ_off[a + 1]; x++)
					c += 1 + (p->succ_off[p->succ[x] + 1] - p->succ_off[p->succ[x]]);
				k = -c;
			} else if (rule == 3) {
				double g = p->dur[a];
				for (int32_t x = p->succ_off[a]; x < p->succ_off[a + 1]; x++)
					g += p->dur[p->succ[x]];
				k = -g;
			}
			w->key[a] = k;
		}
		list_by(p, w, w->key, rule >= 4 ? &rng : NULL, lst);
		long m = evaluate(p, w, lst, cur, pop + npop * n);
		if (m < 0) {
			if (best < 0 && rule == 0) /* what fits, for the caller */
				plan_rcp__serial(p, w, lst, 0, 0, start);
			continue;
		}
		mk[npop++] = m;
		if (best < 0 || m < best) {
			best = m;
			memcpy(start, cur, n * sizeof(*start));
		}
	}
	/* then generations of crossover and mutation, the best kept, within
	 * about 20,000 activity placements a project (fewer for large ones) */
	int gens = samples > 0 && npop >= 2 && n >= 2 ? (int)(20000 / (n * npop)) : 0;
	if (gens > 30)
		gens = 30;
	for (int g = 0; g < gens; g++) {
		size_t nchild = 0, total;
		memcpy(next, pop, npop * n * sizeof(*pop));
		memcpy(nmk, mk, npop * sizeof(*mk));
		for (size_t c = 0; c + 1 < npop + 1 && nchild < npop; c += 2) {
			size_t a = next_rng(&rng) % npop, b = next_rng(&rng) % npop;
			if (a == b)
				b = (b + 1) % npop;
			size_t q = 1 + next_rng(&rng) % (n - 1);
			for (int side = 0; side < 2 && nchild < npop; side++) {
				cross(p, pop + (side ? b : a) * n, pop + (side ? a : b) * n, q, in, &rng, lst);
				long m = evaluate(p, w, lst, cur, next + (npop + nchild) * n);
				if (m < 0)
					continue;
				nmk[npop + nchild++] = m;
				if (m < best) {
					best = m;
					memcpy(start, cur, n * sizeof(*start));
				}
			}
		}
		/* the best npop of parents and children (the earlier on a tie) */
		total = npop + nchild;
		for (size_t i = 0; i < total; i++) {
			size_t j = i;
			for (; j > 0 && nmk[rank[j - 1]] > nmk[i]; j--)
				rank[j] = rank[j - 1];
			rank[j] = i;
		}
		for (size_t i = 0; i < npop; i++) {
			memcpy(pop + i * n, next + rank[i] * n, n * sizeof(*pop));
			mk[i] = nmk[rank[i]];
		}
	}
out:
	free(cur);
	free(lst);
	free(pop);
	free(next);
	free(mk);
	free(nmk);
	free(rank);
	free(in);
	return best;
}

int plan_rcp__justify_right(const plan_rcp *p, plan_rcp_work *w, long deadline, int32_t *start)
{
	if (!p->n)
		return 0;
	sort_by_start(p, start, w->list, 1);
	if (plan_rcp__serial(p, w, w->list, 1, deadline, w->s) < 0)
		return 0;
	memcpy(start, w->s, p->n * sizeof(*start));
	return 1;
}

long plan_rcp__bound(const plan_rcp *p)
{
	int32_t *es = malloc((p->n + 1) * sizeof(*es));
	if (!es)
		return 0;
	long L = earliest(p, es);
	free(es);
	for (size_t r = 0; r < p->nres; r++) {
		double work = 0;
		for (size_t a = 0; a < p->n; a++)
			work += p->use[a * p->nres + r] * p->dur[a];
		if (work <= 0)
			continue;
		double have = 0;
		size_t t = 0;
		while (t < p->T && have < work - FIT_EPS)
			have += p->avail[r * p->T + t++];
		if ((long)t > L)
			L = (long)t;
	}
	return L;
}
