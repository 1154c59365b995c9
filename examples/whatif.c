/* whatif: the feasible plan of a scenario beside the plans of its variants.
 *
 *   whatif SCENARIO [VARIANT ...]
 *
 * Each VARIANT is one change of the base scenario, planned on its own, or
 * several joined by --and (CHANGE --and CHANGE ...: one variant with all of
 * them, e.g. more demand while a resource is down):
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
 *
 * It prints one column per plan (the base first): on-time rate, late
 * demands, total lateness, quantity short, average stock value, capacity
 * use, transfer cost, adjustments, and the verifier's count of violations
 * (always 0: every plan is checked against every rule of format.md).
 *
 * Exit status: 0 done, 1 a plan broke a rule (a bug), 2 bad input or usage. */
#include "edits.h"

#include <plan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct variant {
	const edit *ch;       /* its changes (none: the base) */
	int nch;
	char label[40];
} variant;

static void usage(FILE *f)
{
	fprintf(f, "usage: whatif SCENARIO [--demand FACTOR] [--block RES:FROM:TO[:FACTOR[:ALT[:ALT_FACTOR]]]]\n"
		   "              [--close-lane ITEM:SITE:SOURCE] [--hours RES:HOURS] ...\n"
		   "  each change is a variant of its own; CHANGE --and CHANGE makes one variant of both\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	const char *scenario = argv[1];
	int nmax = 1 + (argc - 2) / 2;
	variant *v = calloc((size_t)nmax, sizeof(*v));
	edit *ch = calloc((size_t)nmax, sizeof(*ch));
	if (!v || !ch) {
		free(v);
		free(ch);
		return 2;
	}
	snprintf(v[0].label, sizeof(v[0].label), "base");
	int nv = 1, nch = 0;
	for (int i = 2; i < argc; i += 2) {
		int join = !strcmp(argv[i], "--and");
		if (join)
			i++; /* the next change joins the variant before */
		int known = i < argc && edit_known(argv[i]);
		if (!known || i + 1 >= argc || (join && nv == 1)) {
			usage(stderr);
			free(v);
			free(ch);
			return 2;
		}
		ch[nch] = (edit){ argv[i], argv[i + 1] };
		if (join) {
			v[nv - 1].nch++;
		} else {
			v[nv].ch = &ch[nch];
			v[nv].nch = 1;
			snprintf(v[nv].label, sizeof(v[nv].label), "#%d", nv);
			nv++;
		}
		nch++;
	}
	int status = 0;
	plan_sweep_row *rows = calloc((size_t)nv, sizeof(*rows));
	const char **labels = calloc((size_t)nv, sizeof(*labels));
	variant_out *out = calloc((size_t)nv, sizeof(*out));
	if (!rows || !labels || !out)
		status = 2;
	variant_opts o = { 1, 0, 0.0, 0, NULL };
	for (int k = 0; k < nv && status != 2; k++) {
		if (variant_run(&out[k], scenario, v[k].ch, v[k].nch, &o) != 0) {
			fprintf(stderr, "whatif: %s: %s\n", v[k].label, out[k].error);
			status = 2;
			break;
		}
		rows[k] = out[k].row;
		labels[k] = v[k].label;
		if (rows[k].violations)
			status = 1;
	}
	if (status != 2) {
		printf("what-if  %s: the feasible plan of each variant\n", scenario);
		for (int k = 1; k < nv; k++) {
			printf("  #%d ", k);
			for (int j = 0; j < v[k].nch; j++)
				printf(" %s%s %s", j ? "and " : "", v[k].ch[j].flag + 2, v[k].ch[j].arg);
			printf("\n");
		}
		variant_print_table(stdout, rows, labels, (size_t)nv);
	}
	free(rows);
	free(labels);
	free(out);
	free(v);
	free(ch);
	return status;
}
