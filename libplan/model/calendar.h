/* Working-day calendars and buckets for one planning run. */
#ifndef PLAN_CALENDAR_H
#define PLAN_CALENDAR_H

#include "model/model_impl.h"

/* A calendar compiled to one byte per day over a window around the horizon;
 * days outside the window are answered from the weekday mask and the sorted
 * exception days. */
typedef struct plan_cal {
	uint8_t weekdays;       /* bit i set: weekday i (Monday = 0) is working */
	plan_date base;         /* first day of the window */
	size_t n;               /* days in the window */
	uint8_t *day;           /* 1 working, 0 not */
	int32_t *cum;           /* [n + 1]: working days of the window before day k */
	int32_t *work_at;       /* the window's working days in order, as offsets */
	plan_date *exc;         /* exception days, sorted */
	uint8_t *exc_working;
	size_t nexc;
} plan_cal;

typedef struct plan_calendars {
	plan_cal *cal;          /* by calendar id (NS_CALENDAR), plus the all-days one last */
	size_t ncal;
	int32_t *site_cal;      /* site id -> index into cal */
	size_t nsite;
} plan_calendars;

/* Compiles every calendar of the model over [from, to]. 0 or PLAN_ENOMEM. */
int plan_cal__build(plan_calendars *out, const plan_model *m, plan_date from, plan_date to);
void plan_cal__free(plan_calendars *c);

int plan_cal__working(const plan_cal *c, plan_date d);

/* The release of something due on `due` that takes `days` working days: the
 * latest working day d with exactly `days` working days in [d, due). days 0:
 * due itself. */
plan_date plan_cal__back(const plan_cal *c, plan_date due, int days);

/* The due of something released on `release` that takes `days` working
 * days: the earliest d with `days` working days in [release, d). */
plan_date plan_cal__forward(const plan_cal *c, plan_date release, int days);

/* Working days in [a, b). */
int plan_cal__count(const plan_cal *c, plan_date a, plan_date b);

/* The calendar of a site (the site's, else the scenario's, else all days). */
const plan_cal *plan_cal__of_site(const plan_calendars *c, int32_t site);

/* The day firm planned order (receipts row r, format 1.1) is released:
 * its `release`, else its due less its SKU's lead_time in working days of
 * its site's calendar (a transfer: less its lane's transfer_days). The
 * plan releases one before start on start. */
plan_date plan_cal__firm_release(const plan_calendars *c, const plan_model *m, size_t r);

/* The calendar of a supplier (suppliers.csv row, 1.1: its own, else its
 * SKU's site's), and the release of an order from it due on due (its lead
 * time back in that calendar). */
const plan_cal *plan_cal__of_supplier(const plan_calendars *c, const plan_model *m, size_t row);
plan_date plan_cal__supplier_release(const plan_calendars *c, const plan_model *m, size_t row,
				     plan_date due);

/* The earliest due of a buy order of sku released on first or later: its
 * lead time on, or its quickest supplier's (1.1). */
plan_date plan_cal__bought_by(const plan_calendars *c, const plan_model *m, int32_t sku,
			      plan_date first);

/* The calendar of a resource (its own, else its site's). */
const plan_cal *plan_cal__of_resource(const plan_calendars *c, const plan_model *m, size_t row);

/* Hours each resource offers on each of ndays days from base (nres x ndays,
 * resource-major): hours_per_day on its calendar's working days times the
 * smallest capacity factor of the maintenance blocks over the day. What
 * finite loading, the rough-cut check and the service bound start from. */
void plan_cal__offered(const plan_model *m, const plan_calendars *cals, plan_date base,
		       size_t ndays, double *off);

/* Buckets of the horizon: start[k] is the first day of bucket k; start[n]
 * the day after the last bucket. */
typedef struct plan_buckets {
	plan_date *start;
	size_t n;
	plan_bucket kind;
} plan_buckets;

int plan_buckets__build(plan_buckets *b, const plan_horizon *h);
void plan_buckets__free(plan_buckets *b);

/* Bucket of day d: 0 for days before the horizon, n for days after it. */
size_t plan_buckets__of(const plan_buckets *b, plan_date d);

#endif
