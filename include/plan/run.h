/**
 * @file plan/run.h
 * Planning a model and reading the plan.
 *
 * plan_run() plans a valid model and returns a plan_result: the orders
 * (scheduled receipts and planned orders), the deliveries to each demand, the
 * pegging of every supply order to the end demands it serves, the exception
 * and action messages, and a summary with the verdict. The tables are those
 * of format.md ("Plan tables"); plan_result_write_csv() writes them.
 *
 * Ownership: the caller owns the result and frees it with
 * plan_result_free(). A result borrows the strings of its model: free the
 * model after the result, and do not change the model while the result is
 * used. A result is read-only; several threads may read one result at once.
 */
#ifndef PLAN_RUN_H
#define PLAN_RUN_H

#include "model.h"

PLAN_BEGIN_DECL

typedef struct plan_result plan_result;

/** What kind of plan to make. */
typedef enum plan_mode {
	/** Classic MRP: infinite capacity, lanes and lead times as data; what
	 *  breaks a rule is reported as a critical exception. */
	PLAN_MODE_UNCONSTRAINED = 0,
	/** The feasible plan: the unconstrained plan, then adjusted (format.md's
	 *  feasibility rules all kept: nothing released before start, lead
	 *  times, finite capacity with maintenance and alternates, lane limits,
	 *  stock never negative), demands served by priority, then due date.
	 *  What moved is in the adjustments (plan_result_get_adjustment()), why
	 *  a demand is late in its late_demand exception. */
	PLAN_MODE_CONSTRAINED = 1
} plan_mode;

/** The phases of plan_run(), in the order they run, for a progress
 *  callback. */
typedef enum plan_phase {
	PLAN_PHASE_VALIDATE = 0,  /**< checking the model (total 1) */
	PLAN_PHASE_NETTING,       /**< netting, low-level code by code (total: the codes) */
	PLAN_PHASE_CAPACITY,      /**< unconstrained: loads and the CRP (total 1) */
	PLAN_PHASE_DEMANDS,       /**< constrained: each demand on time, or as near as
				       it can be, by priority (total: the demands) */
	PLAN_PHASE_LATE,          /**< constrained: the late parts of the demands
				       not all on time (total: the demands) */
	PLAN_PHASE_SAFETY_STOCK,  /**< constrained: safety stock, with what is left
				       (total: the SKUs) */
	PLAN_PHASE_FINISH         /**< orders named, the summary (total 1) */
} plan_phase;

/**
 * A progress callback: @p done of @p total steps of @p phase are behind
 * (done == 0 when a phase starts, done == total when it ends; in between
 * about every hundredth, and at least every 65,536 steps). Called on the
 * thread that called plan_run(), never from two threads at once. Return 0
 * to go on, non-zero to cancel: the run then stops within a step, frees
 * what it made and returns PLAN_ECANCELED.
 */
typedef int (*plan_progress_fn)(plan_phase phase, size_t done, size_t total, void *user);

/** Options of plan_run(). Version 1 (mode, threads) is still read: its
 *  callers run without progress. */
typedef struct plan_run_options {
	unsigned version;
	plan_mode mode;
	/** Threads that plan the SKUs of one low-level code side by side
	 *  (0: one per core; levels of fewer than 256 SKUs use one). The plan
	 *  is the same, order for order, whatever the number. */
	int threads;
	/** Since version 2: progress and cancel (NULL: none), and what it is
	 *  passed. */
	plan_progress_fn progress;
	void *user;
} plan_run_options;
#define PLAN_RUN_OPTIONS_VERSION 2
#define PLAN_RUN_OPTIONS_INIT { PLAN_RUN_OPTIONS_VERSION, PLAN_MODE_UNCONSTRAINED, 1, NULL, NULL }

/**
 * Plans @p model (validating it first if it is not yet).
 * @param[out] out the plan, owned by the caller (plan_result_free()); NULL
 *                 on error
 * @param model    the model; must outlive the result
 * @param opts     options, or NULL for PLAN_RUN_OPTIONS_INIT
 * @return 0; PLAN_EFORMAT (the model has errors: see its diagnostics);
 *         PLAN_EINVAL (a NULL argument, unknown options); PLAN_ECANCELED
 *         (the progress callback asked to stop); PLAN_ERANGE (a
 *         plan too large to hold, e.g. a lot_max splitting a lot into more
 *         than a million orders); PLAN_ENOMEM.
 *         The model's errmsg says more.
 */
PLAN_EXPORT int plan_run(plan_result **out, plan_model *model, const plan_run_options *opts);

/** Frees a result. NULL is a no-op. */
PLAN_EXPORT void plan_result_free(plan_result *result);

/** The tables of a result, for plan_result_count(). */
typedef enum plan_result_table {
	PLAN_RESULT_ORDERS = 0,
	PLAN_RESULT_DELIVERIES,
	PLAN_RESULT_ALLOCATIONS,  /**< single-level pegging, see plan_allocation */
	PLAN_RESULT_EXCEPTIONS,
	PLAN_RESULT_LOADS,        /**< loads.csv */
	PLAN_RESULT_CAPACITY,     /**< capacity.csv, one row per resource and bucket */
	PLAN_RESULT_ADJUSTMENTS,  /**< adjustments.csv (constrained plans) */
	PLAN_RESULT_FINANCE,      /**< finance.csv (format 1.1, where the scenario speaks of money) */
	PLAN_RESULT_COSTS,        /**< costs.csv (format 1.1, likewise): one row per SKU */
	PLAN_RESULT_DEPLOYMENT,   /**< deployment.csv (format 1.1, likewise) */
	PLAN_RESULT_ACTIVITIES,   /**< activities.csv (format 1.1, where the scenario has projects) */
	PLAN_RESULT_COUNT_
} plan_result_table;

/** Number of rows of a result table (0 for NULL or an unknown table). */
PLAN_EXPORT size_t plan_result_count(const plan_result *result, plan_result_table table);

typedef enum plan_order_kind {
	PLAN_ORDER_MAKE = 0,
	PLAN_ORDER_BUY = 1,
	PLAN_ORDER_TRANSFER = 2
} plan_order_kind;

typedef enum plan_origin {
	PLAN_ORIGIN_PLANNED = 0,
	PLAN_ORIGIN_SCHEDULED = 1,
	PLAN_ORIGIN_FIRM = 2,     /**< a firm planned order (format 1.1) */
	PLAN_ORIGIN_RELEASED = 3  /**< a released work order (format 1.1) */
} plan_origin;

/** A supply order: a planned order or a scheduled receipt (orders.csv).
 *  Strings are borrowed from the result or its model. */
typedef struct plan_order {
	unsigned version;
	const char *id;       /**< the receipt's id, or the library's ("MO000001") */
	const char *item;
	const char *site;
	plan_order_kind kind;
	const char *source;   /**< transfers: the shipping site; else NULL */
	plan_date release;
	plan_date due;
	double qty;
	plan_origin origin;
	/* version 2 (format 1.1) */
	const char *supplier; /**< a buy order's supplier (suppliers.csv); else NULL */
	const char *alternate; /**< the alternate a make order is made by; NULL: the primary */
} plan_order;

/** One part delivered to a demand (deliveries.csv). */
typedef struct plan_delivery {
	unsigned version;
	const char *demand;
	plan_date date;
	double qty;
} plan_delivery;

/** Single-level pegging: what a supply order gives to the requirement it
 *  serves directly, an end demand or the order of a parent (a make order
 *  whose component it is, or a transfer it ships), in units of its item. */
typedef struct plan_allocation {
	unsigned version;
	size_t order;          /**< the supply order (index into ORDERS) */
	const char *demand;    /**< the end demand served directly, or NULL */
	long parent;           /**< else the parent order's index */
	double qty;            /**< (1.1: of a recipe's run for an output, in
				    units of the run's item) */
	/* version 2 */
	const char *output;    /**< (1.1) the output of a recipe's run it
				    gives (format.md, "Co-products and
				    by-products"), or NULL: the order's item */
} plan_allocation;

typedef enum plan_exception_severity {
	PLAN_EXC_INFO = 0,
	PLAN_EXC_WARNING = 1,
	PLAN_EXC_CRITICAL = 2
} plan_exception_severity;

/** An exception or action message (exceptions.csv). Empty fields are NULL
 *  (strings) or PLAN_DATE_NONE / 0. */
typedef struct plan_exception {
	unsigned version;
	const char *code;     /**< e.g. "past_due_release", "reschedule_in" */
	plan_exception_severity severity;
	const char *item;
	const char *site;
	const char *resource;
	const char *order;
	const char *demand;
	plan_date date;
	double qty;
	const char *message;  /**< in a planner's words */
} plan_exception;

#define PLAN_ORDER_VERSION 2
#define PLAN_ORDER_INIT \
	{ PLAN_ORDER_VERSION, NULL, NULL, NULL, PLAN_ORDER_MAKE, NULL, 0, 0, 0.0, PLAN_ORIGIN_PLANNED, \
	  NULL, NULL }
#define PLAN_DELIVERY_VERSION 1
#define PLAN_DELIVERY_INIT { PLAN_DELIVERY_VERSION, NULL, 0, 0.0 }
#define PLAN_ALLOCATION_VERSION 2
#define PLAN_ALLOCATION_INIT { PLAN_ALLOCATION_VERSION, 0, NULL, -1, 0.0, NULL }
#define PLAN_EXCEPTION_VERSION 1
#define PLAN_EXCEPTION_INIT { PLAN_EXCEPTION_VERSION, NULL, PLAN_EXC_INFO, NULL, NULL, NULL, NULL, NULL, PLAN_DATE_NONE, 0.0, NULL }

/** @name Row getters
 * @{
 * Row getters fill *out (whose version must be the struct's own, set by
 * its _INIT macro).
 * Return 0, PLAN_EINVAL or PLAN_ERANGE. Orders keep a stable order:
 * scheduled receipts in input order, then planned orders by low-level code,
 * SKU and due date. */
PLAN_EXPORT int plan_result_get_order(plan_order *out, const plan_result *result, size_t index);
PLAN_EXPORT int plan_result_get_delivery(plan_delivery *out, const plan_result *result, size_t index);
PLAN_EXPORT int plan_result_get_allocation(plan_allocation *out, const plan_result *result,
					   size_t index);
PLAN_EXPORT int plan_result_get_exception(plan_exception *out, const plan_result *result, size_t index);
/** @} */

/**
 * Full pegging (pegging.csv): the end demands a supply order serves, through
 * every level and site, and how much of it each one gets.
 *
 * Supply is allocated to requirements first in, first out; a requirement of
 * a parent order passes the parent's pegs on in proportion (a parent of
 * quantity Q serving demand d with p units makes each unit drawn for it
 * serve d with p/Q). Pegged quantities add up: what an order pegs is at most
 * its quantity, the rest being stock (safety stock, lot-sizing remainders).
 *
 * Full pegging can be far larger than the plan (a raw material order may
 * serve thousands of demands), so it is traced from the single-level
 * allocations when asked, not stored.
 *
 * A plan_peg_fn is called once per (order, demand) with the pegged
 * quantity (order: its index in the orders table); a non-zero return stops
 * the walk and is returned.
 */
typedef int (*plan_peg_fn)(void *ctx, size_t order, const char *demand, double qty);

/** Every order's pegs, parents before their components, each order's pegs
 *  sorted by demand row. 0, PLAN_EINVAL, PLAN_ENOMEM or fn's value. */
PLAN_EXPORT int plan_result_pegging(const plan_result *result, plan_peg_fn fn, void *ctx);

/** The pegs of one order, sorted by demand row. 0, PLAN_EINVAL, PLAN_ERANGE,
 *  PLAN_ENOMEM or fn's value. */
PLAN_EXPORT int plan_result_order_pegs(const plan_result *result, size_t order, plan_peg_fn fn,
				       void *ctx);

/** Hours an order's routing step puts on a resource on a day (loads.csv). */
typedef struct plan_load {
	unsigned version;
	size_t order;          /**< index into ORDERS */
	const char *order_id;
	const char *step;
	const char *resource;  /**< the step's resource, or the alternate of a block */
	plan_date date;
	double hours;          /**< on that resource (alternates: alt_factor times the step's) */
} plan_load;
#define PLAN_LOAD_VERSION 1
#define PLAN_LOAD_INIT { PLAN_LOAD_VERSION, 0, NULL, NULL, NULL, 0, 0.0 }

/** The capacity requirements plan of one resource in one bucket
 *  (capacity.csv), in hours. */
typedef struct plan_capacity {
	unsigned version;
	const char *resource;
	plan_date bucket;          /**< the bucket's first day */
	double available;          /**< offered: working days x hours_per_day x block factors */
	double loaded;             /**< loads placed on it (its own steps and alternates') */
	double maintenance_lost;   /**< working hours taken by maintenance blocks */
	double to_alternate;       /**< its steps' hours moved to alternates */
} plan_capacity;
#define PLAN_CAPACITY_VERSION 1
#define PLAN_CAPACITY_INIT { PLAN_CAPACITY_VERSION, NULL, 0, 0.0, 0.0, 0.0, 0.0 }

PLAN_EXPORT int plan_result_get_load(plan_load *out, const plan_result *result, size_t index);
PLAN_EXPORT int plan_result_get_capacity(plan_capacity *out, const plan_result *result,
					 size_t index);

/** The standard cost a unit of a SKU (costs.csv, format 1.1, where the
 *  scenario speaks of money): rows in skus.csv order. */
typedef struct plan_sku_cost {
	unsigned version;
	const char *item;
	const char *site;
	double material;             /**< bought and drawn material, through the BOM */
	double labour;               /**< routing hours x cost_per_hour, through the BOM */
	double total;                /**< material + labour */
} plan_sku_cost;
#define PLAN_SKU_COST_VERSION 1
#define PLAN_SKU_COST_INIT { PLAN_SKU_COST_VERSION, NULL, NULL, 0.0, 0.0, 0.0 }

/** Row @p index of costs.csv (plan_result_count(r, PLAN_RESULT_COSTS)
 *  rows). 0, PLAN_EINVAL or PLAN_ERANGE. */
PLAN_EXPORT int plan_result_get_cost(plan_sku_cost *out, const plan_result *result, size_t index);

/** One lane in one bucket (deployment.csv, format 1.1, where the scenario
 *  speaks of money): what its destination needed to receive in the bucket
 *  (its net requirement without planned receipts; the same on each of its
 *  lanes' rows) and what the lane's planned transfers bring in it. */
typedef struct plan_deployment {
	unsigned version;
	const char *source;
	const char *destination;
	const char *item;
	plan_date bucket;            /**< the bucket's first day (of arrival) */
	double need;
	double shipped;
	double cost;                 /**< shipped x the lane's cost */
} plan_deployment;
#define PLAN_DEPLOYMENT_VERSION 1
#define PLAN_DEPLOYMENT_INIT { PLAN_DEPLOYMENT_VERSION, NULL, NULL, NULL, 0, 0.0, 0.0, 0.0 }

/** activities.csv (format 1.1): an activity of a project as planned
 *  (format.md, "Projects"). */
typedef struct plan_activity {
	unsigned version;
	const char *project;
	const char *activity;
	plan_date start;             /**< PLAN_DATE_NONE: not scheduled within the horizon */
	plan_date end;
	int slack_days;              /**< working days from start to its latest start */
	int late_days;               /**< days its end is after its latest end; -1: not scheduled */
} plan_activity;
#define PLAN_ACTIVITY_VERSION 1
#define PLAN_ACTIVITY_INIT { PLAN_ACTIVITY_VERSION, NULL, NULL, PLAN_DATE_NONE, PLAN_DATE_NONE, 0, -1 }

/** Row @p index of activities.csv (plan_result_count(r,
 *  PLAN_RESULT_ACTIVITIES) rows, one per activities.csv row of the
 *  scenario, in its order). 0, PLAN_EINVAL or PLAN_ERANGE. */
PLAN_EXPORT int plan_result_get_activity(plan_activity *out, const plan_result *result,
					 size_t index);

/** Row @p index of deployment.csv (plan_result_count(r,
 *  PLAN_RESULT_DEPLOYMENT) rows): by destination, its lanes as tried,
 *  bucket. 0, PLAN_EINVAL or PLAN_ERANGE. */
PLAN_EXPORT int plan_result_get_deployment(plan_deployment *out, const plan_result *result,
					   size_t index);

/** The plan in money (finance.csv, format 1.1): a site's family (level
 *  "detail"), a site ("site"), a family over every site ("family") or the
 *  whole enterprise ("enterprise") in one bucket. Money as format.md "The
 *  plan in money" defines it. */
typedef struct plan_finance {
	unsigned version;
	const char *level;           /**< "detail", "site", "family", "enterprise" */
	const char *site;            /**< NULL: every site */
	const char *family;          /**< NULL: every family; "": items without one */
	plan_date bucket;            /**< the bucket's first day */
	double purchases, production, transport, holding, inventory_value, revenue;
} plan_finance;
#define PLAN_FINANCE_VERSION 1
#define PLAN_FINANCE_INIT { PLAN_FINANCE_VERSION, NULL, NULL, NULL, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }

/** Row @p index of finance.csv (plan_result_count(r, PLAN_RESULT_FINANCE)
 *  rows). The texts live as long as the result. 0, PLAN_EINVAL or
 *  PLAN_ERANGE. */
PLAN_EXPORT int plan_result_get_finance(plan_finance *out, const plan_result *result, size_t index);

/** What the feasibility step changed against the unconstrained plan
 *  (adjustments.csv). */
typedef struct plan_adjustment {
	unsigned version;
	const char *order;    /**< the order's id; NULL for one the plan could not keep */
	const char *action;   /**< "earlier", "later", "alternate", "lane", "split", "short" */
	const char *detail;   /**< what changed (dates, quantities, resources, lanes) */
	const char *reason;   /**< the constraint that made it change, in a planner's words */
} plan_adjustment;
#define PLAN_ADJUSTMENT_VERSION 1
#define PLAN_ADJUSTMENT_INIT { PLAN_ADJUSTMENT_VERSION, NULL, NULL, NULL, NULL }

PLAN_EXPORT int plan_result_get_adjustment(plan_adjustment *out, const plan_result *result,
					   size_t index);

/** The plan's verdict and counts (summary.csv). */
typedef struct plan_summary {
	unsigned version;
	const char *status;      /**< "on_time", "late" or "infeasible" */
	size_t demands;
	size_t demands_late;     /**< late or short */
	double qty_short;
	double lateness_days;    /**< total days late over the demands */
	size_t orders;           /**< rows of orders.csv */
	size_t planned_orders;
	size_t critical;         /**< critical exceptions */
	size_t warnings;
	size_t allocations;      /**< single-level pegging rows */
	size_t overloads;        /**< resource-days loaded beyond what they offer */
	double overload_hours;
	size_t adjustments;      /**< rows of adjustments.csv */
	double transfer_cost;    /**< planned transfers' qty x their lane's cost */
	double capacity_available; /**< hours offered over the horizon, every resource */
	double capacity_loaded;  /**< hours loaded */
	/* version 2 (format 1.1): the plan in money, where the scenario speaks of
	 * money (else 0): finance.csv's enterprise totals over the horizon */
	double purchases;        /**< buy orders x their price */
	double production;       /**< loads x their resource's cost_per_hour */
	double transport;        /**< transfers (every origin) x their lane's cost */
	double holding;          /**< end-of-bucket stock x holding_cost, every bucket */
	double inventory_value;  /**< stock at standard cost at the horizon's end */
	double revenue;          /**< deliveries x their item's price */
} plan_summary;
#define PLAN_SUMMARY_VERSION 2
#define PLAN_SUMMARY_INIT { PLAN_SUMMARY_VERSION, NULL, 0, 0, 0.0, 0.0, 0, 0, 0, 0, 0, 0, 0.0, 0, \
			    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }

/** Wall time of the steps of plan_run() that made a result, in seconds. */
typedef struct plan_timing {
	unsigned version;
	double netting;    /**< levels, netting, lot sizing, lanes, pegging allocation */
	double capacity;   /**< loads, maintenance, alternates, the CRP */
	double total;
} plan_timing;
#define PLAN_TIMING_VERSION 1
#define PLAN_TIMING_INIT { PLAN_TIMING_VERSION, 0.0, 0.0, 0.0 }

/** Fills @p out with the timing. 0 or PLAN_EINVAL. */
PLAN_EXPORT int plan_result_get_timing(plan_timing *out, const plan_result *result);

/** Fills @p out with the summary. 0 or PLAN_EINVAL. */
PLAN_EXPORT int plan_result_get_summary(plan_summary *out, const plan_result *result);

/**
 * The library's own verifier: checks a plan against its model for every
 * feasibility rule of format.md.
 *
 * Rules (the `rule` of a violation): "stock" (projected stock of a SKU never
 * below zero, day by day), "lead_time" (make and buy orders span their lead
 * time in working days, transfers their transfer days), "release" (no planned
 * order released before start), "fence" (format 1.1: no planned order of a
 * SKU released within its time fence), "capacity" (no resource loaded beyond what
 * it offers on a day), "loads" (each step's loads within [release, due], on
 * its resource or a block's alternate, adding up to its hours), "lane" (no
 * lane beyond max_per_bucket), "delivery" (no demand gets more than its
 * quantity, a forecast more than its net, nothing before start),
 * "forecast" (format 1.1: each forecast's net as consumption leaves it),
 * "unit" (format 1.1: planned orders and deliveries in whole unit steps),
 * "order" (kinds match SKUs, no phantom
 * ordered, scheduled receipts unchanged), "pegging" (an order pegs at most
 * its quantity).
 */
typedef struct plan_violation {
	unsigned version;
	const char *rule;
	int hard;             /**< 0: a note (a rule a classic MRP plan may break) */
	const char *message;  /**< valid during the callback only */
} plan_violation;
#define PLAN_VIOLATION_VERSION 1

typedef int (*plan_violation_fn)(void *ctx, const plan_violation *v);

/** Verify an unconstrained plan: capacity, lane limits, releases before
 *  start and within a time fence are notes (hard = 0), not violations. */
#define PLAN_VERIFY_UNCONSTRAINED 1u

/** Counts of a verification. */
typedef struct plan_verify_counts {
	unsigned version;
	size_t checks;        /**< rules checked (order, day, step, ... each counts) */
	size_t violations;    /**< hard */
	size_t notes;
	/** Average value of the stock the plan holds: each SKU's projected
	 *  stock, day by day over the horizon, times its unit_cost (what falls
	 *  below zero counts as zero). */
	double stock_value;
} plan_verify_counts;
#define PLAN_VERIFY_COUNTS_VERSION 1
#define PLAN_VERIFY_COUNTS_INIT { PLAN_VERIFY_COUNTS_VERSION, 0, 0, 0, 0.0 }

/**
 * Checks @p result. Calls @p fn (if not NULL) for each violation and note.
 * @param[out] out the counts
 * @return 0 (whatever was found), PLAN_EINVAL, PLAN_ENOMEM, or fn's
 *         non-zero value, which stops the check.
 */
PLAN_EXPORT int plan_result_verify(plan_verify_counts *out, const plan_result *result,
				   unsigned flags, plan_violation_fn fn, void *ctx);

/**
 * Projected stock of one SKU (item at site), as the verifier counts it: on
 * hand at start, each order's receipt on its due date, each component's
 * draw on the release of the order that draws it, each transfer out on its
 * release, each delivery on its day (nothing before start). @p fn is
 * called with the start and then each day the stock changes, with the
 * stock at the end of that day, in order of days; a non-zero return stops
 * the walk and is returned. It reads the whole plan: ask for a few SKUs.
 * @return 0, PLAN_EINVAL, PLAN_ENOTFOUND (no such SKU), PLAN_ENOMEM or
 *         fn's value.
 */
typedef int (*plan_stock_fn)(void *ctx, plan_date date, double stock);
PLAN_EXPORT int plan_result_stock(const plan_result *result, const char *item, const char *site,
				  plan_stock_fn fn, void *ctx);

/** Flags of plan_result_write_csv(). */
#define PLAN_WRITE_NO_PEGGING 1u  /**< leave out pegging.csv (it can be huge) */

/**
 * Writes orders.csv, loads.csv, deliveries.csv, pegging.csv, exceptions.csv,
 * capacity.csv, adjustments.csv and summary.csv into directory @p dir, all
 * at once: the files go to a new directory beside it (DIR.tmp-XXXXXX),
 * which takes @p dir's place in one rename only when every file is
 * complete and on disk. A failure or a kill leaves @p dir as it was. An
 * existing @p dir is replaced only if it holds nothing but those files
 * (else PLAN_EIO, and it is left alone). Missing folders above it are
 * created.
 * @param flags 0 or PLAN_WRITE_NO_PEGGING
 * @return 0, PLAN_EINVAL, PLAN_ENOMEM, or PLAN_EIO (plan_result_errmsg()
 *         says why).
 */
PLAN_EXPORT int plan_result_write_csv(const plan_result *result, const char *dir, unsigned flags);

/**
 * Why the last call on @p result that can fail failed ("" if none; "no
 * result" for NULL). Borrowed; valid until the next call on the result. The
 * message is not part of the plan: it is set through a const result too,
 * so two threads must not write one result's files at once (reading it
 * from several threads stays safe).
 */
PLAN_EXPORT const char *plan_result_errmsg(const plan_result *result);

PLAN_END_DECL

#endif
