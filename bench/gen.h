/* A deterministic generator of realistic multi-site scenarios, for the
 * benchmarks and the property tests. */
#ifndef PLAN_BENCH_GEN_H
#define PLAN_BENCH_GEN_H

#include <plan.h>
#include <stdint.h>

typedef struct gen_params {
	uint64_t seed;
	size_t items;        /* items over all levels */
	int levels;          /* BOM levels; the last is bought */
	int plants;          /* plants make and buy */
	int dcs;             /* distribution centres sell the end items */
	double components;   /* mean components per made item */
	double cross_plant;  /* share of components made at another plant (transferred) */
	size_t demands;
	int weeks;           /* weekly buckets */
	double receipts;     /* scheduled receipts per SKU */
	int resources;       /* resources per plant; every made item gets a routing */
	double blocks;       /* maintenance blocks per resource */
	double run_scale;    /* scales run hours per unit (deep BOMs make large lots) */
	int v11;             /* format 1.1: whole units (items decimals 0), time fences
				on a fifth of the plant SKUs, the DCs' orders consuming a
				forecast of their week (drawn apart: the rest is the same) */
	int process;         /* format 1.1's process columns: a fifth of the made SKUs in
				batches, a third of the resources of two or three units,
				a third of the steps at a rate (the same hours a unit;
				drawn apart too), a tenth of the made items recipes
				yielding an item of their level and plant (outputs.csv,
				a third by-products) */
	int projects;        /* format 1.1's projects: at each plant 2 + items / 5000
				projects of 6 to 30 activities (1 to 3 predecessors
				among the 8 before, 1 to 8 days, one or two of the
				plant's resources at 2 to 8 h a day, a fifth needing
				material of a SKU of the plant), due 3 weeks to the
				horizon's end, a tenth of the plants' items below the
				end items project-specific (drawn apart: the rest is
				the same) */
} gen_params;

/* Presets: "tiny" (property tests), "small", "medium", "large" (about
 * 1,000,000 SKUs, 3,000,000 BOM lines, 1,000,000 demands, 52 weeks). */
int gen_preset(gen_params *out, const char *name);

/* Builds the model (not yet validated). 0 or a plan_status. */
int gen_model(plan_model **out, const gen_params *p);

#endif
