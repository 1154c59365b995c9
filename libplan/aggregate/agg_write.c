/* An aggregate plan's tables as CSV files (aggregate.csv, rccp.csv,
 * summary.csv), written to a directory all at once (base/outdir.c). */
#include "aggregate/aggregate_impl.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/outdir.h"

#define EPS 1e-6

/* Solver values to a millionth (the simplex's own tolerance is coarser):
 * 422274.99999999988 prints as 422275. */
static void num(plan_csvout *o, double v)
{
	double r = round(v * 1e6) / 1e6;
	plan_csvout__num(o, r == 0 ? 0 : r);
}

/* The files an aggregate plan's directory holds. */
static int aggregate_file(const char *name, int is_dir)
{
	return !is_dir && (!strcmp(name, "aggregate.csv") || !strcmp(name, "rccp.csv") ||
			   !strcmp(name, "summary.csv"));
}

/* The three tables into dir. */
static int fill_aggregate(void *ctx, const char *dir, char *errbuf, size_t errlen)
{
	const plan_aggregate *a = ctx;
	int rc = 0;
	plan_csvout *o = malloc(sizeof(*o));
	if (!o)
		return PLAN_ENOMEM;
	if ((rc = plan_csvout__open(o, dir, "aggregate.csv", 0, errbuf, errlen)))
		goto out;
	plan_csvout__header(o, "site,family,bucket,demand,made,subcontracted,on_hand,backlog,"
			       "shipped_in,shipped_out,workers,hired,laid_off,overtime_hours,"
			       "regular_hours");
	for (size_t i = 0; i < plan_aggregate_count(a); i++) {
		plan_aggregate_row r = PLAN_AGGREGATE_ROW_INIT;
		plan_aggregate_get_row(&r, a, i);
		plan_csvout__text(o, r.site);
		plan_csvout__text(o, r.family);
		plan_csvout__date(o, r.bucket);
		const double fam[] = { r.demand, r.made, r.subcontracted, r.on_hand, r.backlog,
				       r.shipped_in, r.shipped_out };
		const double wf[] = { r.workers, r.hired, r.laid_off, r.overtime_hours,
				      r.regular_hours };
		for (size_t k = 0; k < 7; k++)
			r.family ? num(o, fam[k]) : plan_csvout__empty(o);
		for (size_t k = 0; k < 5; k++)
			r.family ? plan_csvout__empty(o) : num(o, wf[k]);
		plan_csvout__end_row(o);
	}
	if ((rc = plan_csvout__close(o, dir, "aggregate.csv", errbuf, errlen)))
		goto out;
	if ((rc = plan_csvout__open(o, dir, "rccp.csv", 0, errbuf, errlen)))
		goto out;
	plan_csvout__header(o, "resource,bucket,required,available,overloaded");
	size_t over = 0;
	for (size_t i = 0; i < a->nrccp; i++) {
		plan_rccp_row r = PLAN_RCCP_ROW_INIT;
		plan_aggregate_get_rccp(&r, a, i);
		int o_ = r.required > r.available + EPS;
		over += (size_t)o_;
		plan_csvout__text(o, r.resource);
		plan_csvout__date(o, r.bucket);
		num(o, r.required);
		num(o, r.available);
		plan_csvout__int(o, o_);
		plan_csvout__end_row(o);
	}
	if ((rc = plan_csvout__close(o, dir, "rccp.csv", errbuf, errlen)))
		goto out;
	if ((rc = plan_csvout__open(o, dir, "summary.csv", 0, errbuf, errlen)))
		goto out;
	const plan_aggregate_summary *s = &a->summary;
	plan_csvout__header(o, "key,value");
	const struct {
		const char *key;
		double v;
	} nums[] = {
		{ "aggregate_cost", s->cost }, { "wages", s->wages }, { "overtime", s->overtime },
		{ "hiring", s->hiring }, { "layoffs", s->layoffs }, { "material", s->material },
		{ "subcontracting", s->subcontracting }, { "holding", s->holding },
		{ "backlog", s->backlog }, { "transport", s->transport },
		{ "chase_cost", s->chase_cost }, { "level_cost", s->level_cost },
		{ "integer", s->integer }, { "gap", s->gap },
		{ "rccp_overloaded", (double)over },
	};
	plan_csvout__text(o, "status");
	plan_csvout__text(o, s->status);
	plan_csvout__end_row(o);
	for (size_t k = 0; k < sizeof(nums) / sizeof(nums[0]); k++) {
		plan_csvout__text(o, nums[k].key);
		num(o, nums[k].v);
		plan_csvout__end_row(o);
	}
	rc = plan_csvout__close(o, dir, "summary.csv", errbuf, errlen);
out:
	if (o->f || o->gz)
		plan_csvout__close(o, dir, "", NULL, 0);
	free(o);
	return rc;
}

PLAN_EXPORT int plan_aggregate_write_csv(const plan_aggregate *a, const char *dir)
{
	if (!a || !dir)
		return PLAN_EINVAL;
	/* the message is the plan's, also of a const one (plan/aggregate.h) */
	char *msg = ((plan_aggregate *)(uintptr_t)a)->errmsg;
	msg[0] = '\0';
	return plan_outdir__write(dir, aggregate_file, fill_aggregate, (void *)(uintptr_t)a, msg,
				  sizeof(a->errmsg));
}

PLAN_EXPORT const char *plan_aggregate_errmsg(const plan_aggregate *a)
{
	return a ? a->errmsg : "no aggregate plan";
}
