/* Shared helpers of the Check suites. */
#ifndef PLAN_TEST_HELPERS_H
#define PLAN_TEST_HELPERS_H

#include <check.h>
#include <plan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP_SRCDIR
#error "TOP_SRCDIR must be defined by the build"
#endif

/* Path of a file under the source tree, in a static buffer per call site. */
#define SRC_PATH(rel) TOP_SRCDIR "/" rel

/* Removes a test's directory and all in it. */
static inline void remove_dir(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* 1 if model has a diagnostic whose message is exactly msg. */
static inline int has_diag(const plan_model *m, const char *msg)
{
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag d = PLAN_DIAG_INIT;
		if (plan_model_get_diag(&d, m, i) == 0 && strcmp(d.message, msg) == 0)
			return 1;
	}
	return 0;
}

/* Prints every diagnostic (to see what a failing test got). */
static inline void dump_diags(const plan_model *m)
{
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag d = PLAN_DIAG_INIT;
		plan_model_get_diag(&d, m, i);
		fprintf(stderr, "  [%s] %s\n", d.severity == PLAN_SEVERITY_ERROR ? "E" : "W",
			d.message);
	}
}

/* Runs a suite with Check's environment-driven settings; the exit status. */
/* The whole of a small file (at most 64 KiB), NUL-terminated (NULL if it
 * cannot be read); the caller frees it. */
static inline char *slurp_small(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 16);
	ck_assert_ptr_nonnull(buf);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
