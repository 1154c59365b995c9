/* plangen: writes a generated scenario (format v1) into a directory.
 *
 *   plangen [--size tiny|small|medium|large] [--seed N] [--gzip] [--v11] [--process]
 *           [--projects] DIR
 * --v11: format 1.1's whole units, time fences and forecast consumption;
 * --process: format 1.1's batches, resources of several units, rates and
 * recipes with co-products and by-products.
 * --projects: format 1.1's projects (gen.h says which). */
#include <plan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

int main(int argc, char **argv)
{
	const char *size = "small", *dir = NULL;
	unsigned long long seed = 0;
	int gz = 0, have_seed = 0, v11 = 0, process = 0, projects = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size = argv[++i];
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 10);
			have_seed = 1;
		} else if (!strcmp(argv[i], "--gzip"))
			gz = 1;
		else if (!strcmp(argv[i], "--v11"))
			v11 = 1;
		else if (!strcmp(argv[i], "--process"))
			process = 1;
		else if (!strcmp(argv[i], "--projects"))
			projects = 1;
		else if (argv[i][0] != '-' && !dir)
			dir = argv[i];
		else
			dir = NULL, i = argc;
	}
	gen_params p;
	if (!dir || gen_preset(&p, size) < 0) {
		fprintf(stderr, "usage: plangen [--size tiny|small|medium|large] [--seed N] [--gzip] "
			"[--v11] [--process] [--projects] DIR\n");
		return 2;
	}
	p.v11 = v11;
	p.process = process;
	p.projects = projects;
	if (have_seed)
		p.seed = seed;
	plan_model *m = NULL;
	int rc = gen_model(&m, &p);
	if (!rc)
		rc = plan_model_write_csv(m, dir, gz);
	if (rc)
		fprintf(stderr, "plangen: %s %s\n", plan_errstr(rc), m ? plan_model_errmsg(m) : "");
	plan_model_free(m);
	return rc ? 1 : 0;
}
