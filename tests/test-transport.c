/* The transportation problem (base/transport.c, GLPK): the textbook case
 * of H. A. Taha, Operations Research: An Introduction (the transportation
 * model's example, SunRay Transport: three grain silos supplying 15, 25
 * and 10 truckloads to four mills needing 5, 15, 15 and 15), whose
 * published optimum is 435; every solution here checked against an
 * enumeration of all integer flows (the matrix is totally unimodular: an
 * integer optimum is the LP's); capacities; totals that cannot balance. */
#include <math.h>
#include <stdlib.h>

#include "helpers.h"
#include "base/transport.h"

/* The least cost over every integer flow of a 3 x 4 problem with arc
 * capacities cap (HUGE_VAL: none), by enumeration; -1 if none. */
static double brute(const double s[3], const double d[4], double c[3][4],
		    double cap[3][4])
{
	double best = -1;
	int x[3][4];
	for (x[0][0] = 0; x[0][0] <= s[0]; x[0][0]++)
	for (x[0][1] = 0; x[0][0] + x[0][1] <= s[0]; x[0][1]++)
	for (x[0][2] = 0; x[0][0] + x[0][1] + x[0][2] <= s[0]; x[0][2]++) {
		x[0][3] = (int)s[0] - x[0][0] - x[0][1] - x[0][2];
		for (x[1][0] = 0; x[1][0] <= s[1]; x[1][0]++)
		for (x[1][1] = 0; x[1][0] + x[1][1] <= s[1]; x[1][1]++)
		for (x[1][2] = 0; x[1][0] + x[1][1] + x[1][2] <= s[1]; x[1][2]++) {
			x[1][3] = (int)s[1] - x[1][0] - x[1][1] - x[1][2];
			int ok = 1;
			double cost = 0;
			for (int j = 0; j < 4 && ok; j++) {
				x[2][j] = (int)d[j] - x[0][j] - x[1][j];
				ok = x[2][j] >= 0;
			}
			for (int i = 0; i < 3 && ok; i++)
				for (int j = 0; j < 4 && ok; j++) {
					ok = x[i][j] <= cap[i][j];
					cost += x[i][j] * c[i][j];
				}
			if (ok && (best < 0 || cost < best))
				best = cost;
		}
	}
	return best;
}

static int solve(const double s[3], const double d[4], double c[3][4],
		 double cap[3][4], double *cost, double flow[12])
{
	plan_tp_arc arc[12];
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 4; j++)
			arc[i * 4 + j] = (plan_tp_arc){ i, j, c[i][j], cap[i][j] };
	char msg[200];
	return plan_tp__solve(3, s, 4, d, 12, arc, cost, flow, msg, sizeof(msg));
}

START_TEST(taha_sunray)
{
	const double s[3] = { 15, 25, 10 }, d[4] = { 5, 15, 15, 15 };
	double c[3][4] = { { 10, 2, 20, 11 }, { 12, 7, 9, 20 }, { 4, 14, 16, 18 } };
	double cap[3][4];
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 4; j++)
			cap[i][j] = HUGE_VAL;
	double cost, flow[12];
	ck_assert_int_eq(solve(s, d, c, cap, &cost, flow), 0);
	ck_assert_double_eq_tol(cost, 435, 1e-9);   /* the published optimum */
	ck_assert_double_eq_tol(brute(s, d, c, cap), 435, 1e-9);
	/* the flow keeps the totals and costs what it says */
	double sum = 0;
	for (int i = 0; i < 3; i++) {
		double out = 0;
		for (int j = 0; j < 4; j++) {
			ck_assert(flow[i * 4 + j] >= -1e-9);
			out += flow[i * 4 + j];
			sum += flow[i * 4 + j] * c[i][j];
		}
		ck_assert_double_eq_tol(out, s[i], 1e-9);
	}
	ck_assert_double_eq_tol(sum, 435, 1e-9);
	/* silo 1 to mill 2 at most 4 (it carries 5 at the optimum): dearer,
	 * as the enumeration says */
	cap[0][1] = 4;
	ck_assert_int_eq(solve(s, d, c, cap, &cost, flow), 0);
	ck_assert_double_eq_tol(cost, brute(s, d, c, cap), 1e-9);
	ck_assert(cost > 435);
	ck_assert(flow[1] <= 4 + 1e-9);
}
END_TEST

/* Random small problems (integer totals, costs and capacities): the LP's
 * optimum is the enumeration's, or both find none. */
START_TEST(random_against_enumeration)
{
	unsigned seed = 20261207;
	for (int t = 0; t < 200; t++) {
		double s[3], d[4] = { 0, 0, 0, 0 }, c[3][4], cap[3][4];
		double total = 0;
		for (int i = 0; i < 3; i++) {
			s[i] = rand_r(&seed) % 5;
			total += s[i];
		}
		/* the same total over the destinations */
		for (int k = 0; k < (int)total; k++)
			d[rand_r(&seed) % 4] += 1;
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 4; j++) {
				c[i][j] = rand_r(&seed) % 20;
				cap[i][j] = rand_r(&seed) % 3 ? HUGE_VAL : rand_r(&seed) % 4;
			}
		double cost = -1, flow[12];
		double want = brute(s, d, c, cap);
		int rc = solve(s, d, c, cap, &cost, flow);
		if (want < 0) {
			ck_assert_msg(rc == 1, "case %d: no flow, but the LP says %d", t, rc);
		} else {
			ck_assert_msg(rc == 0, "case %d: rc %d", t, rc);
			ck_assert_msg(fabs(cost - want) < 1e-9, "case %d: %g against %g", t, cost, want);
		}
	}
}
END_TEST

START_TEST(totals_that_differ)
{
	const double s[1] = { 5 }, d[1] = { 4 };
	plan_tp_arc arc = { 0, 0, 1, HUGE_VAL };
	double cost;
	char msg[200];
	ck_assert_int_eq(plan_tp__solve(1, s, 1, d, 1, &arc, &cost, NULL, msg, sizeof(msg)), 1);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("transport");
	TCase *tc = tcase_create("transport");
	tcase_add_test(tc, taha_sunray);
	tcase_add_test(tc, random_against_enumeration);
	tcase_add_test(tc, totals_that_differ);
	suite_add_tcase(su, tc);
	return run_suite(su);
}
