/* An LD_PRELOAD plan_result_verify() that reports, after the library's own
 * checks, one violation more: what a program that verifies before it
 * writes must then do (plancheck: write nothing, exit 3) can be tested on
 * a plan the library makes right. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <plan.h>
#include <string.h>

typedef int (*verify_fn)(const plan_result *, unsigned, plan_violation_fn, void *,
			 plan_verify_counts *);

__attribute__((visibility("default"))) int plan_result_verify(const plan_result *r, unsigned flags,
							      plan_violation_fn fn, void *ctx,
							      plan_verify_counts *out)
{
	verify_fn real = NULL;
	void *sym = dlsym(RTLD_NEXT, "plan_result_verify");
	memcpy(&real, &sym, sizeof(real));
	int rc = real ? real(r, flags, fn, ctx, out) : PLAN_EINVAL;
	if (rc)
		return rc;
	plan_violation v = { PLAN_RESULT_ROW_VERSION, "injected", 1,
			     "a violation injected by tests/shim/violation.c" };
	out->checks++;
	out->violations++;
	return fn ? fn(ctx, &v) : 0;
}
