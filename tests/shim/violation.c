/* An LD_PRELOAD plan_result_verify() that reports, after the library's own
 * checks, one violation more: what a program that verifies before it
 * writes must then do (plancheck: write nothing, exit 3) can be tested on
 * a plan the library makes right. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <plan.h>
#include <string.h>

typedef int (*verify_fn)(plan_verify_counts *, const plan_result *, unsigned,
			 plan_violation_fn, void *);

__attribute__((visibility("default"))) int plan_result_verify(plan_verify_counts *out,
							      const plan_result *r, unsigned flags,
							      plan_violation_fn fn, void *ctx)
{
	verify_fn real = NULL;
	void *sym = dlsym(RTLD_NEXT, "plan_result_verify");
	memcpy(&real, &sym, sizeof(real));
	int rc = real ? real(out, r, flags, fn, ctx) : PLAN_EINVAL;
	if (rc)
		return rc;
	plan_violation v = { PLAN_VIOLATION_VERSION, "injected", 1,
			     "a violation injected by tests/shim/violation.c" };
	out->checks++;
	out->violations++;
	return fn ? fn(ctx, &v) : 0;
}
