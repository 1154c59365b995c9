/* The plan report's own helpers: the page being written and the charts
 * (charts.c) that report.c puts on it. */
#ifndef PLAN_REPORT_IMPL_H
#define PLAN_REPORT_IMPL_H

#include <stdio.h>

#include "plan/report.h"
#include "result/result_impl.h"

typedef struct rep {
	FILE *f;
	const plan_result *r;
	const plan_model *m;
	plan_date start, end;     /* the horizon, days */
	size_t max_rows;
	int rc;                   /* first error (PLAN_ENOMEM) */
} rep;

/* s, escaped for HTML text and attributes (html.c). */
void plan_rep__esc(FILE *f, const char *s);

/* Each resource's load against what it offers, bucket by bucket: a heat
 * map of the most loaded resources and bars for the first few. */
int plan_rep__capacity(rep *x);

/* Projected stock against safety stock of the most critical SKUs: those
 * with late demands (most quantity first), then those below safety stock. */
int plan_rep__stock(rep *x);

/* The orders of focus (a resource: those with loads on it; an item: those
 * of it, every site; NULL: the most loaded resource) on a time line. */
int plan_rep__gantt(rep *x, const char *focus);

#endif
