/* What-if variants, as whatif and plansweep plan them: a scenario, the
 * edits that make the variant, its plan, verified, as a plan_sweep_row.
 *
 * The edits of a loaded scenario:
 *
 *   --demand FACTOR                      every demand's quantity times FACTOR
 *   --block RES:FROM:TO[:FACTOR[:ALT[:ALT_FACTOR]]]
 *                                        an emergency maintenance block of
 *                                        resource RES from FROM to TO
 *                                        (YYYY-MM-DD, inclusive), keeping
 *                                        FACTOR of its hours (0), with the
 *                                        alternate ALT needing ALT_FACTOR
 *                                        times the hours (1)
 *   --close-lane ITEM:SITE:SOURCE        the lane shipping ITEM from SOURCE
 *                                        to SITE carries nothing
 *   --hours RES:HOURS                    resource RES offers HOURS a day
 */
#ifndef EXAMPLES_EDITS_H
#define EXAMPLES_EDITS_H

#include <plan.h>
#include <stddef.h>
#include <stdio.h>

typedef struct edit {
	const char *flag; /* "--demand", "--block", "--close-lane", "--hours" */
	const char *arg;
} edit;

/* 1 if flag names an edit. */
int edit_known(const char *flag);

/* Applies e, the k-th edit of its variant (blocks are named by k), to m.
 * 0, or -1 with why in err ("--block X: expected ..."). */
int edit_apply(plan_model *m, const edit *e, int k, char *err, size_t errlen);

/* How a variant is planned. */
typedef struct variant_opts {
	int constrained;     /* 1: the feasible plan; 0: unconstrained */
	int threads;         /* plan_run_options.threads (0: as many as cores) */
	double timeout;      /* seconds: a plan still running then is canceled; 0 none */
	int keep_plan;       /* also the plan's store image, as /plans/plan */
	const char *scratch; /* a writable folder the image's store is named in
				(nothing is written there) */
} variant_opts;

/* A variant planned: its row (the numbers, mode, status and error; the
 * caller names it) and, with keep_plan, its plan as a store image. */
typedef struct variant_out {
	plan_sweep_row row;
	char error[700];     /* row.error points here */
	char status[16];     /* row.status */
	void *image;         /* malloc()ed; the caller frees it */
	size_t image_size;
} variant_out;

/* Loads scenario, applies its edits, plans and verifies: 0 planned (a
 * plan that breaks a rule counts its violations in the row), -1 not
 * (out->error says why: bad input, out of memory, canceled after the
 * timeout). */
int variant_run(variant_out *out, const char *scenario, const edit *edits, int nedits,
		const variant_opts *o);

/* Prints the table of whatif for rows (one column each, labelled). */
void variant_print_table(FILE *f, const plan_sweep_row *rows, const char *const *labels,
			 size_t n);

#endif
