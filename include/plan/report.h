/**
 * @file plan/report.h
 * A plan as one HTML page a planner reads in a browser.
 *
 * plan_result_write_report() writes a self-contained HTML file (inline SVG
 * charts and CSS, a few lines of script to filter its tables; nothing
 * fetched from the network): the verdict and counts; each resource's load
 * against what it offers, bucket by bucket, with maintenance blocks and
 * what went to alternates; projected stock against safety stock for the
 * most critical SKUs (late demands, stock below safety stock); a Gantt
 * chart of the orders of one item or resource; the late demands with
 * their whole reason chains; the adjustments. It stays readable at 100,000
 * orders and more: charts aggregate (the most loaded resources, the most
 * critical SKUs, a bounded number of Gantt rows), tables stop at a
 * number of rows and say how many more there are.
 */
#ifndef PLAN_REPORT_H
#define PLAN_REPORT_H

#include "run.h"

PLAN_BEGIN_DECL

/** Options of plan_result_write_report(). */
typedef struct plan_report_options {
	unsigned version;
	/** The item or resource whose orders the Gantt chart shows (NULL: the
	 *  most loaded resource). An item shows its orders at every site. */
	const char *focus;
	/** The page's title (NULL: the scenario's name, or "plan"). */
	const char *title;
	/** Rows of each table at most (0: 500). */
	size_t max_rows;
} plan_report_options;
#define PLAN_REPORT_OPTIONS_VERSION 1
#define PLAN_REPORT_OPTIONS_INIT { PLAN_REPORT_OPTIONS_VERSION, NULL, NULL, 0 }

/**
 * Writes the report of @p result into @p path, all at once: a new file
 * beside it replaces it only when complete and on disk (a failure leaves
 * @p path as it was). Missing folders above it are created.
 * @param opts options, or NULL for PLAN_REPORT_OPTIONS_INIT
 * @return 0; PLAN_EINVAL (a NULL argument, unknown options); PLAN_ENOTFOUND
 *         (@p opts->focus is neither an item nor a resource); PLAN_ENOMEM;
 *         PLAN_EIO (plan_result_errmsg() says why).
 */
PLAN_EXPORT int plan_result_write_report(const plan_result *result, const char *path,
					 const plan_report_options *opts);

PLAN_END_DECL

#endif
