/* The library's own verifier catches each kind of violation in plans broken
 * on purpose (through the result's insides), and finds none in the plans
 * the engine makes. */
#include "plan-helpers.h"
#include "result/result_impl.h"

#define START "2027-01-04"
#define DAY(k) (day_of(START) + (k))

typedef struct seen {
	char rules[512];
	size_t n;
	char first[512];      /* the first violation's message */
} seen;

static int collect(void *ctx, const plan_violation *v)
{
	seen *s = ctx;
	if (v->hard && !s->rules[0])
		snprintf(s->first, sizeof(s->first), "%s", v->message);
	if (v->hard && !strstr(s->rules, v->rule))
		s->n += (size_t)snprintf(s->rules + s->n, sizeof(s->rules) - s->n, "%s;", v->rule);
	return 0;
}

/* The hard rules broken, as "rule;rule;" in the order first met. */
static const char *broken(const plan_result *r, unsigned flags, seen *s)
{
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	s->rules[0] = '\0';
	s->n = 0;
	ck_assert_int_eq(plan_result_verify(&n, r, flags, collect, s), 0);
	return s->rules;
}

/* A (make, 2 days, routing on R 8 h/day) of B (buy); X moved from P1 to W1
 * over a lane of at most 30 a week. */
static plan_model *scenario(void)
{
	plan_model *m = mk_model(START, NULL);
	add_sku(m, mk_sku("A", "P1", PLAN_SKU_MAKE, 2));
	add_sku(m, mk_sku("B", "P1", PLAN_SKU_BUY, 3));
	add_line(m, "A", "B", 2);
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "A", "10", "R", 0, 0.5);
	add_sku(m, mk_sku("X", "W1", PLAN_SKU_TRANSFER, 0));
	add_sku(m, mk_sku("X", "P1", PLAN_SKU_BUY, 0));
	add_lane(m, "X", "W1", "P1", 1, PLAN_NONE, 2, 30);
	add_demand(m, "DA", "A", "P1", DAY(14), 10);
	add_demand(m, "DX", "X", "W1", DAY(21), 20);
	return m;
}

static long find_order(const plan_result *r, const char *item, const char *site)
{
	plan_order o[4];
	if (planned_of(r, item, site, o, 4) == 0)
		return -1;
	return order_index(r, o[0].id);
}

START_TEST(clean_plans_pass)
{
	plan_model *m = scenario();
	plan_result *r = plan_checked(m); /* verifies too */
	seen s;
	ck_assert_str_eq(broken(r, 0, &s), "");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Numbers that are not finite, or past the limit of a plan, are a
 * violation of their own, wherever they are (the other rules may not see
 * them: NaN compares false). */
START_TEST(non_finite_numbers_are_caught)
{
	plan_model *m = scenario();
	plan_result *r = plan_checked(m);
	seen s;
	long b = find_order(r, "B", "P1");
	double nan = strtod("nan", NULL), inf = strtod("inf", NULL);
	double *fields[] = { &r->ord[b].qty, &r->alloc[0].qty, &r->dlv[0].qty, &r->load[0].hours,
			     &r->cap[0].loaded, &r->cap[0].available };
	for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
		const double bad[] = { nan, inf, -inf, 2e15 };
		for (size_t j = 0; j < 4; j++) {
			double keep = *fields[k];
			*fields[k] = bad[j];
			ck_assert_msg(strncmp(broken(r, 0, &s), "finite;", 7) == 0,
				      "field %zu = %g: %s", k, bad[j], s.rules);
			ck_assert_msg(strncmp(broken(r, PLAN_VERIFY_UNCONSTRAINED, &s), "finite;", 7) == 0,
				      "unconstrained, field %zu = %g: %s", k, bad[j], s.rules);
			*fields[k] = keep;
		}
	}
	ck_assert_str_eq(broken(r, 0, &s), "");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(each_rule_is_caught)
{
	plan_model *m = scenario();
	plan_result *r = plan_checked(m);
	seen s;
	long a = find_order(r, "A", "P1"), b = find_order(r, "B", "P1"), x = find_order(r, "X", "W1");
	ck_assert(a >= 0 && b >= 0 && x >= 0);
	plan_ord saved = r->ord[b];

	/* too little of B: A's release draws 20, only 15 arrive */
	r->ord[b].qty = 15;
	ck_assert_str_eq(broken(r, 0, &s), "stock;pegging;"); /* it pegs 20 */
	r->ord[b] = saved;

	/* B released one day late: 2 days instead of 3 */
	r->ord[b].release += 1;
	ck_assert_str_eq(broken(r, 0, &s), "lead_time;");
	ck_assert_msg(strstr(s.first, ": B@P1 spans 2 working days, lead time 3"), "%s", s.first);
	r->ord[b] = saved;

	/* released before start: a violation, a note when unconstrained */
	r->ord[b].release = DAY(-2);
	r->ord[b].due = DAY(1);
	ck_assert_str_eq(broken(r, 0, &s), "release;");
	ck_assert_str_eq(broken(r, PLAN_VERIFY_UNCONSTRAINED, &s), "");
	r->ord[b] = saved;

	/* a phantom-free kind mix-up */
	r->ord[b].kind = PLAN_ORDER_MAKE;
	ck_assert_str_eq(broken(r, 0, &s), "order;");
	ck_assert_msg(strstr(s.first, ": kind does not match SKU B@P1"), "%s", s.first);
	r->ord[b] = saved;

	/* A's step needs 5 h; its load says 4 */
	plan_load_rec l0 = r->load[0];
	r->load[0].hours = 4;
	ck_assert_str_eq(broken(r, 0, &s), "loads;");
	/* 12 h on one day of an 8 h resource: capacity (and the step's sum) */
	r->load[0].hours = 12;
	r->ord[a].qty = 24; /* needs 12 h now; A draws 48 B, so B must cover it */
	r->ord[b].qty = 48;
	ck_assert_str_eq(broken(r, 0, &s), "capacity;");
	ck_assert_str_eq(broken(r, PLAN_VERIFY_UNCONSTRAINED, &s), "");
	r->load[0] = l0;
	r->ord[a].qty = 10;
	r->ord[b] = saved;

	/* 40 over a lane of at most 30 a week */
	plan_ord xs = r->ord[x];
	r->ord[x].qty = 40;
	ck_assert_str_eq(broken(r, 0, &s), "lane;stock;"); /* P1 had 20 to ship */
	r->ord[x] = xs;

	/* a demand delivered twice over */
	r->dlv[0].qty *= 2;
	ck_assert(strstr(broken(r, 0, &s), "delivery;") != NULL);
	r->dlv[0].qty /= 2;

	/* an order pegged beyond its quantity */
	double q = r->alloc[0].qty;
	r->alloc[0].qty = 1e6;
	ck_assert_str_eq(broken(r, 0, &s), "pegging;");
	r->alloc[0].qty = q;

	ck_assert_str_eq(broken(r, 0, &s), "");
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

START_TEST(verify_errors)
{
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, NULL, 0, NULL, NULL), PLAN_EINVAL);
	plan_model *m = scenario();
	plan_result *r = plan_checked(m);
	ck_assert_int_eq(plan_result_verify(NULL, r, 0, NULL, NULL), PLAN_EINVAL);
	n.version = 0;
	ck_assert_int_eq(plan_result_verify(&n, r, 0, NULL, NULL), PLAN_EINVAL);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("verifier");
	TCase *tc = tcase_create("rules");
	tcase_add_test(tc, clean_plans_pass);
	tcase_add_test(tc, each_rule_is_caught);
	tcase_add_test(tc, non_finite_numbers_are_caught);
	tcase_add_test(tc, verify_errors);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
