/* Progress and cancel of plan_run(): every phase reported in order, from 0
 * to its total; a callback that asks to stop, in any phase, makes the run
 * return PLAN_ECANCELED with nothing made (and nothing leaked: ASan and
 * valgrind run this suite); the plan is the same with a callback as
 * without; a caller of options version 1 still runs. */
#include "helpers.h"

#define MAX_CALLS 100000

typedef struct seen {
	int n;
	plan_phase phase[MAX_CALLS];
	size_t done[MAX_CALLS], total[MAX_CALLS];
	int stop_phase;    /* -1: never stop */
	int stopped;
} seen;

static int record(plan_phase phase, size_t done, size_t total, void *user)
{
	seen *s = user;
	ck_assert_int_lt(s->n, MAX_CALLS);
	s->phase[s->n] = phase;
	s->done[s->n] = done;
	s->total[s->n] = total;
	s->n++;
	/* stop halfway through the phase asked for (or at its start) */
	if ((int)phase == s->stop_phase && (done * 2 >= total || total < 2)) {
		s->stopped++;
		return 1;
	}
	return 0;
}

static plan_model *load_small(void)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, SRC_PATH("tests/data/small"), NULL), 0);
	return m;
}

static plan_result *run(plan_model *m, plan_mode mode, seen *s, int *rc)
{
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = mode;
	if (s) {
		o.progress = record;
		o.user = s;
	}
	plan_result *r = NULL;
	*rc = plan_run(&r, m, &o);
	return r;
}

/* Phases in increasing order; within each, done from 0 up to total. */
static void check_sequence(const seen *s, const plan_phase *want, int nwant)
{
	int k = 0;
	for (int w = 0; w < nwant; w++) {
		ck_assert_msg(k < s->n && s->phase[k] == want[w], "phase %d missing", (int)want[w]);
		ck_assert_uint_eq(s->done[k], 0);
		size_t last = 0, total = s->total[k];
		while (k < s->n && s->phase[k] == want[w]) {
			ck_assert_uint_eq(s->total[k], total);
			ck_assert_uint_ge(s->done[k], last);
			ck_assert_uint_le(s->done[k], total);
			last = s->done[k++];
		}
		ck_assert_uint_eq(last, total);
	}
	ck_assert_int_eq(k, s->n);
}

START_TEST(phases_in_order)
{
	plan_model *m = load_small();
	static seen s;
	memset(&s, 0, sizeof(s));
	s.stop_phase = -1;
	int rc;
	plan_result *r = run(m, PLAN_MODE_UNCONSTRAINED, &s, &rc);
	ck_assert_int_eq(rc, 0);
	static const plan_phase un[] = { PLAN_PHASE_VALIDATE, PLAN_PHASE_NETTING, PLAN_PHASE_CAPACITY,
					 PLAN_PHASE_FINISH };
	check_sequence(&s, un, 4);
	plan_result_free(r);

	memset(&s, 0, sizeof(s));
	s.stop_phase = -1;
	r = run(m, PLAN_MODE_CONSTRAINED, &s, &rc);
	ck_assert_int_eq(rc, 0);
	static const plan_phase co[] = { PLAN_PHASE_VALIDATE, PLAN_PHASE_NETTING, PLAN_PHASE_DEMANDS,
					 PLAN_PHASE_LATE, PLAN_PHASE_SAFETY_STOCK, PLAN_PHASE_FINISH };
	check_sequence(&s, co, 6);
	/* the demands' phases count the demands, safety stock the SKUs */
	for (int k = 0; k < s.n; k++) {
		if (s.phase[k] == PLAN_PHASE_DEMANDS || s.phase[k] == PLAN_PHASE_LATE)
			ck_assert_uint_eq(s.total[k], plan_model_count(m, PLAN_TABLE_DEMAND));
		if (s.phase[k] == PLAN_PHASE_SAFETY_STOCK)
			ck_assert_uint_eq(s.total[k], plan_model_count(m, PLAN_TABLE_SKUS));
	}
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* Stopping in phase _i (of the mode that has it): PLAN_ECANCELED, no
 * result, the reason in the model's errmsg, and the model plans again. */
START_TEST(cancel_in_each_phase)
{
	plan_phase phase = (plan_phase)_i;
	plan_mode mode = phase == PLAN_PHASE_CAPACITY ? PLAN_MODE_UNCONSTRAINED : PLAN_MODE_CONSTRAINED;
	plan_model *m = load_small();
	static seen s;
	memset(&s, 0, sizeof(s));
	s.stop_phase = (int)phase;
	int rc;
	plan_result *r = run(m, mode, &s, &rc);
	ck_assert_int_eq(rc, PLAN_ECANCELED);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(s.stopped, 1); /* asked once: nothing called after */
	ck_assert_int_eq((int)s.phase[s.n - 1], (int)phase);
	ck_assert_msg(strstr(plan_model_errmsg(m), "canceled") != NULL, "%s", plan_model_errmsg(m));
	ck_assert_str_eq(plan_errstr(PLAN_ECANCELED), "canceled");
	/* the model is as it was: it plans again, to the same plan as ever */
	r = run(m, mode, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	plan_summary x = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&x, r);
	ck_assert_uint_gt(x.orders, 0);
	plan_result_free(r);
	plan_model_free(m);
}
END_TEST

/* The callback changes nothing of the plan. */
START_TEST(same_plan_with_progress)
{
	plan_model *m = load_small();
	static seen s;
	memset(&s, 0, sizeof(s));
	s.stop_phase = -1;
	int rc1, rc2;
	plan_result *a = run(m, PLAN_MODE_CONSTRAINED, NULL, &rc1);
	plan_result *b = run(m, PLAN_MODE_CONSTRAINED, &s, &rc2);
	ck_assert_int_eq(rc1, 0);
	ck_assert_int_eq(rc2, 0);
	ck_assert_uint_eq(plan_result_count(a, PLAN_RESULT_ORDERS), plan_result_count(b, PLAN_RESULT_ORDERS));
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_ORDERS); i++) {
		plan_order x = PLAN_ORDER_INIT, y = PLAN_ORDER_INIT;
		plan_result_get_order(&x, a, i);
		plan_result_get_order(&y, b, i);
		ck_assert_str_eq(x.id, y.id);
		ck_assert_int_eq(x.release, y.release);
		ck_assert_int_eq(x.due, y.due);
		ck_assert_double_eq(x.qty, y.qty);
	}
	plan_result_free(a);
	plan_result_free(b);
	plan_model_free(m);
}
END_TEST

/* A program built against options version 1 (no callback fields) runs:
 * nothing past threads is read. */
START_TEST(options_version_1)
{
	struct v1 {
		unsigned version;
		plan_mode mode;
		int threads;
	};
	/* the v1 struct at the end of a page-sized buffer filled with garbage
	 * would be best; here the fields past it hold garbage pointers */
	union {
		plan_run_options now;
		struct v1 old;
	} o;
	memset(&o, 0xa5, sizeof(o));
	o.old = (struct v1){ 1, PLAN_MODE_CONSTRAINED, 1 };
	plan_model *m = load_small();
	plan_result *r = NULL;
	ck_assert_int_eq(plan_run(&r, m, &o.now), 0); /* the garbage callback is never called */
	plan_summary x = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&x, r);
	ck_assert_uint_gt(x.orders, 0);
	plan_result_free(r);
	o.old.version = 3;
	ck_assert_int_eq(plan_run(&r, m, &o.now), PLAN_EINVAL);
	plan_model_free(m);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("progress");
	TCase *t = tcase_create("cases");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, phases_in_order);
	tcase_add_loop_test(t, cancel_in_each_phase, PLAN_PHASE_VALIDATE, PLAN_PHASE_FINISH + 1);
	tcase_add_test(t, same_plan_with_progress);
	tcase_add_test(t, options_version_1);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
