/* Loads on resources: the CRP of the unconstrained plan (plan_capacity__run,
 * infinite loading, overloads reported) and finite loading for the
 * feasibility step (plan_cap): each step of an order booked as late as it
 * fits, around maintenance blocks and with the alternate each names. */
#ifndef PLAN_CAPACITY_H
#define PLAN_CAPACITY_H

#include "mrp/engine.h"

/* Loads every make order of e->res (routing steps back from its due,
 * maintenance, alternates) and the capacity rows, with overloads reported
 * as exceptions. 0 or PLAN_ENOMEM. */
int plan_capacity__run(plan_engine *e);

/* Finite loading for the feasibility step (capacity.c), over [start, the
 * horizon's last day]. */
typedef struct cap_state plan_cap;
/* Loads the operations of released work orders (format.md, 1.1), before
 * anything else: each, in operations.csv order, its remaining hours on its
 * resource from start to its due (start if before), earliest day first, as
 * much as the resource has left each day; what does not fit by then on
 * that last day (an overload). 0 or PLAN_ENOMEM. */
int plan_capacity__operations(plan_cap *c);
int plan_capacity__open(plan_engine *e, plan_cap **out);
/* Whether SKU s has a routing (its primary's), whether order o has one
 * (its alternate's, 1.1). */
int plan_capacity__routed(const plan_cap *c, int32_t sku);
int plan_capacity__order_routed(const plan_cap *c, int32_t order);
/* Loads every step of an order within [from, to], each as late as it can:
 * 1 (booked; *first the earliest day loaded, *alternate whether a block's
 * alternate took part), 0 (does not fit: nothing booked) or PLAN_ENOMEM. */
int plan_capacity__book(plan_cap *c, int32_t order, plan_date from, plan_date to,
			plan_date *first, int *alternate);
/* Loads every step of order o as the unconstrained plan would (as late as
 * it fits in [release, due], the rest where most is left: an overload).
 * 0 or an error. */
int plan_capacity__force(plan_cap *c, int32_t order);
/* Books loads as they are (a replay). 0 or PLAN_ENOMEM. */
int plan_capacity__apply(plan_cap *c, const plan_load_rec *loads, size_t n);
/* Whether an order of SKU sku could load a resource marked in dirty (its
 * steps' resources and the alternates of their blocks). */
int plan_capacity__touches(const plan_cap *c, int32_t sku, const uint8_t *dirty);
/* Gives back the loads booked from load l0 on, drops exceptions from x0 on. */
void plan_capacity__unbook(plan_cap *c, size_t l0, size_t x0);
/* The earliest day by which each step alone could be done, starting on
 * from; PLAN_DATE_NONE if not within the window. */
plan_date plan_capacity__earliest_end(const plan_cap *c, int32_t order, plan_date from);
/* From now on notes each resource whose room on some day comes or goes,
 * as plan_capacity__first_room() reads it (a block's alternate included).
 * 0 or PLAN_ENOMEM. */
int plan_capacity__track(plan_cap *c);
/* A resource noted since it was last returned (-1: none), in *from the
 * earliest day its room changed on since, and in *skus, *n the SKUs routed
 * on it (the capacity's: valid until it is closed). */
int32_t plan_capacity__changed(plan_cap *c, plan_date *from, const int32_t **skus, size_t *n);
/* The first day from `from` on by which every step of sku (made by
 * alternate alt, 1.1; -1: the primary) has found some room (the earliest an
 * order of it could end, however small);
 * PLAN_DATE_NONE if not within the horizon. */
plan_date plan_capacity__first_room(const plan_cap *c, int32_t sku, int32_t alt, plan_date from);
/* The latest day from which each step of an order of qty of sku alone
 * fits by due with the room left (setups included), not before floor;
 * PLAN_DATE_NONE if none. */
plan_date plan_capacity__latest_start(const plan_cap *c, int32_t sku, double qty, plan_date floor,
				      plan_date due);
/* The most of the order's quantity each step alone could make from day from
 * to day to (at most the window's last day) with the room left there (not
 * more than the order's quantity; an upper bound when steps share a
 * resource). */
double plan_capacity__most(const plan_cap *c, int32_t order, plan_date from, plan_date to);
/* Where an order falls shortest in [from, to]: its step, the hours that
 * step needs and finds free there, a block of its resource over the
 * window (maintenance row, or -1). Cheap; worded by plan_capacity__word. */
typedef struct plan_cap_short {
	int32_t routing;      /* -1: no step */
	int32_t block;
	plan_date from, to;
	double free_hours, need_hours;
} plan_cap_short;
void plan_capacity__short(const plan_cap *c, int32_t order, plan_date from, plan_date to,
			  plan_cap_short *out);
/* The shortfall in a planner's words, whole, into *out. 0 or -1 (out of
 * memory). */
int plan_capacity__word(const plan_cap *c, const plan_cap_short *s, plan_text *out);
/* The maintenance table changed: blocks and what each resource offers are
 * read again; what is left changes by the difference. 0 or PLAN_ENOMEM. */
int plan_capacity__reload(plan_cap *c);
/* Gives back booked loads (records of order < 0 are skipped). */
void plan_capacity__release(plan_cap *c, const plan_load_rec *loads, size_t n);
/* Writes overloads and the capacity rows into c's engine's result. */
int plan_capacity__report(plan_cap *c);
/* Alternates are noted later, by plan_capacity__note_alternates(), not as
 * orders are booked (for a planner that changes orders after booking). */
void plan_capacity__notes_later(plan_cap *c);
/* An exception for each step of an order with loads on a block's alternate,
 * from the result's loads as they are. 0 or PLAN_ENOMEM. */
int plan_capacity__note_alternates(plan_cap *c);
/* What resource res has left on day d (nothing outside the window), and
 * hours of it taken there: a project's activity (1.1), booked for good. */
double plan_capacity__left(const plan_cap *c, int32_t res, plan_date d);
void plan_capacity__take(plan_cap *c, int32_t res, plan_date d, double hours);
/* Writes the capacity rows into the result (keep) and frees. */
int plan_capacity__close(plan_cap *c, int keep);

#endif
