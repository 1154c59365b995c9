/**
 * @file plan/model.h
 * The planning model: master data and demand of one scenario.
 *
 * A model is built either by the loader (plan/load.h) or by the calls below,
 * one per row of the format's tables (docs: format.md). Both paths go through
 * the same checks and give equal models.
 *
 * Ownership: a model owns everything it holds. Strings passed to the add
 * calls are copied (codes are interned once); strings returned by the getters
 * are borrowed and live as long as the model. One model is used by one thread
 * at a time; separate models may be used from separate threads.
 *
 * Errors: an add call checks its row on its own (codes, ranges, duplicates)
 * and returns PLAN_EINVAL on a bad value; the row is kept with the value's
 * default so that later references still resolve, the error is recorded as a
 * diagnostic, and the model is invalid until it is fixed by building it again.
 * plan_model_validate() checks the rows against each other (references,
 * cycles, SKUs missing at a site) and collects every error it finds.
 */
#ifndef PLAN_MODEL_H
#define PLAN_MODEL_H

#include "common.h"

PLAN_BEGIN_DECL

/** An opaque planning model. */
typedef struct plan_model plan_model;

/** Bucket size of the planning horizon. */
typedef enum plan_bucket {
	PLAN_BUCKET_DAY = 0,
	PLAN_BUCKET_WEEK = 1, /**< 7 days from start (the default) */
	PLAN_BUCKET_MONTH = 2 /**< calendar months; the first runs from start */
} plan_bucket;

/** How a SKU is supplied. */
typedef enum plan_sku_type {
	PLAN_SKU_BUY = 0,
	PLAN_SKU_MAKE = 1,
	PLAN_SKU_TRANSFER = 2
} plan_sku_type;

/** Lot-sizing rules (format.md, "Lot rules"). */
typedef enum plan_lot_rule {
	PLAN_LOT_L4L = 0,
	PLAN_LOT_FOQ,
	PLAN_LOT_POQ,
	PLAN_LOT_EOQ,
	PLAN_LOT_WW,
	PLAN_LOT_SM,
	PLAN_LOT_LUC,
	PLAN_LOT_PPB
} plan_lot_rule;

typedef enum plan_maint_kind {
	PLAN_MAINT_PLANNED = 0,
	PLAN_MAINT_EMERGENCY = 1
} plan_maint_kind;

typedef enum plan_demand_kind {
	PLAN_DEMAND_ORDER = 0,
	PLAN_DEMAND_FORECAST = 1
} plan_demand_kind;

typedef enum plan_receipt_kind {
	PLAN_RECEIPT_PURCHASE = 0,
	PLAN_RECEIPT_PRODUCTION = 1,
	PLAN_RECEIPT_TRANSFER = 2
} plan_receipt_kind;

/** What a receipt is (format 1.1 receipts.csv `status`). */
typedef enum plan_receipt_status {
	PLAN_RECEIPT_SCHEDULED = 0, /**< released supply: arrives, draws nothing more */
	PLAN_RECEIPT_FIRM = 1,      /**< a firm planned order: draws its components
				         (or its source) and loads its routing */
	PLAN_RECEIPT_RELEASED = 2   /**< a work order in progress: its operations
				         (operations.csv) still load capacity */
} plan_receipt_status;

/** What a recipe's output is (format 1.1 outputs.csv `kind`). */
typedef enum plan_output_kind {
	PLAN_OUTPUT_CO = 0, /**< a co-product: a need of it may run the recipe */
	PLAN_OUTPUT_BY = 1  /**< a by-product: yielded, never the reason to run */
} plan_output_kind;

/** The tables of a scenario, for plan_model_count(). */
typedef enum plan_table {
	PLAN_TABLE_SCENARIO = 0,
	PLAN_TABLE_CALENDARS,
	PLAN_TABLE_CALENDAR_DAYS,
	PLAN_TABLE_SITES,
	PLAN_TABLE_ITEMS,
	PLAN_TABLE_SKUS,
	PLAN_TABLE_BOM,
	PLAN_TABLE_RESOURCES,
	PLAN_TABLE_ROUTINGS,
	PLAN_TABLE_MAINTENANCE,
	PLAN_TABLE_SOURCING,
	PLAN_TABLE_DEMAND,
	PLAN_TABLE_RECEIPTS,
	PLAN_TABLE_WORKFORCE,
	PLAN_TABLE_FAMILIES,
	PLAN_TABLE_OPERATIONS,  /**< format 1.1 */
	PLAN_TABLE_SUPPLIERS,   /**< format 1.1 */
	PLAN_TABLE_PROJECTS,    /**< format 1.1 */
	PLAN_TABLE_ACTIVITIES,  /**< format 1.1 */
	PLAN_TABLE_ACTIVITY_RESOURCES, /**< format 1.1 */
	PLAN_TABLE_ACTIVITY_MATERIALS, /**< format 1.1 */
	PLAN_TABLE_OUTPUTS,     /**< format 1.1 */
	PLAN_TABLE_COUNT_
} plan_table;

/**
 * Name of a table as in format.md without ".csv" ("skus"), or NULL for a
 * value outside the enum. Static string.
 */
PLAN_EXPORT const char *plan_table_name(plan_table table);

/**
 * @name Row definitions
 * @{
 * Row definitions. Each struct starts with a version, its own
 * PLAN_..._VERSION; initialise it with its _INIT macro, which sets the
 * version and every default of format.md, then set the fields you need.
 * A struct grows only at its end, with a new version, as format.md grows
 * by minor versions: the add calls and getters still take every earlier
 * version (a row added by one takes the defaults of the fields it lacks; a
 * getter fills only the fields the caller's version has).
 * Strings are NUL-terminated and copied by the add call;
 * NULL means an empty cell. Optional quantities use PLAN_NONE for "none",
 * optional dates PLAN_DATE_NONE.
 */

/** scenario.csv. `end` PLAN_DATE_NONE means start + 364. */
/** scenario.csv `sourcing` (format 1.1). */
typedef enum plan_sourcing {
	PLAN_SOURCING_PRIORITY = 0, /**< "priority": file order within a priority */
	PLAN_SOURCING_COST          /**< "cost": least landed cost within a priority */
} plan_sourcing;

/** scenario.csv `fair_share` (format 1.1). */
typedef enum plan_fair_share {
	PLAN_FAIR_SHARE_NONE = 0,     /**< "none": demands in priority order */
	PLAN_FAIR_SHARE_PROPORTIONAL, /**< "proportional": to each warehouse's need */
	PLAN_FAIR_SHARE_COVER         /**< "cover": equal days of cover (of each
					   warehouse's average daily demand) short */
} plan_fair_share;

typedef struct plan_scenario_def {
	unsigned version;
	plan_date start;      /**< required */
	plan_date end;
	plan_bucket bucket;
	const char *name;
	const char *calendar; /**< default calendar of sites without one */
	/* version 2 (format 1.1) */
	int format;           /**< the minor version of format 1 the scenario is
				   written for: 0 (1.0, the default) or 1 (1.1) */
	/* version 3 (format 1.1) */
	plan_sourcing sourcing; /**< how lanes of equal priority without shares are
				   tried: PLAN_SOURCING_PRIORITY (file order, the
				   default) or PLAN_SOURCING_COST (least landed cost) */
	plan_fair_share fair_share; /**< how the feasible plan shares supply that
				   cannot serve every warehouse on time:
				   PLAN_FAIR_SHARE_NONE (priority order, the
				   default), PLAN_FAIR_SHARE_PROPORTIONAL or
				   PLAN_FAIR_SHARE_COVER */
} plan_scenario_def;
#define PLAN_SCENARIO_DEF_VERSION 3
#define PLAN_SCENARIO_DEF_INIT                                                                   \
	{ PLAN_SCENARIO_DEF_VERSION, PLAN_DATE_NONE, PLAN_DATE_NONE, PLAN_BUCKET_WEEK, NULL, NULL, 0, \
	  PLAN_SOURCING_PRIORITY, PLAN_FAIR_SHARE_NONE }

/** calendars.csv. `weekdays` is 7 chars of 0/1, Monday first; NULL: "1111111". */
typedef struct plan_calendar_def {
	unsigned version;
	const char *calendar;
	const char *weekdays;
} plan_calendar_def;
#define PLAN_CALENDAR_DEF_VERSION 1
#define PLAN_CALENDAR_DEF_INIT { PLAN_CALENDAR_DEF_VERSION, NULL, NULL }

/** calendar_days.csv: one exception day (a holiday, or an extra working day). */
typedef struct plan_calendar_day_def {
	unsigned version;
	const char *calendar;
	plan_date date;
	int working; /**< 0 or 1 */
} plan_calendar_day_def;
#define PLAN_CALENDAR_DAY_DEF_VERSION 1
#define PLAN_CALENDAR_DAY_DEF_INIT { PLAN_CALENDAR_DAY_DEF_VERSION, NULL, PLAN_DATE_NONE, 0 }

/** sites.csv */
typedef struct plan_site_def {
	unsigned version;
	const char *site;
	const char *name;
	const char *calendar; /**< NULL: the scenario's default calendar */
} plan_site_def;
#define PLAN_SITE_DEF_VERSION 1
#define PLAN_SITE_DEF_INIT { PLAN_SITE_DEF_VERSION, NULL, NULL, NULL }

/** items.csv */
typedef struct plan_item_def {
	unsigned version;
	const char *item;
	const char *name;
	const char *uom;      /**< the unit (items.csv `uom`, or `unit` in 1.1) */
	const char *family;
	/* version 2 (format 1.1) */
	int decimals;         /**< quantities are multiples of 10^-decimals, 0 to 6
				   (0: whole units); -1: not given (6 in a 1.1
				   scenario, none in a 1.0 one) */
	double price;         /**< what a unit sells for (revenue); 0: not given */
} plan_item_def;
#define PLAN_ITEM_DEF_VERSION 2
#define PLAN_ITEM_DEF_INIT { PLAN_ITEM_DEF_VERSION, NULL, NULL, NULL, NULL, -1, 0.0 }

/** skus.csv: an item at a site with its planning parameters. */
typedef struct plan_sku_def {
	unsigned version;
	const char *item;
	const char *site;
	plan_sku_type type;
	int lead_time;        /**< working days of the site calendar */
	double on_hand;
	double safety_stock;
	plan_lot_rule lot_rule;
	double lot_qty;       /**< FOQ quantity; PLAN_NONE if unset */
	int lot_periods;      /**< POQ periods; 0 if unset */
	double lot_min;
	double lot_max;       /**< PLAN_NONE: no maximum */
	double lot_multiple;  /**< PLAN_NONE: no multiple */
	double yield;         /**< in (0, 1] */
	int phantom;          /**< 0 or 1 */
	double setup_cost;
	double holding_cost;
	double unit_cost;
	/* format 1.1 (version 2 of the struct; a version 1 struct ends above
	 * and its SKU takes the defaults below) */
	int consume_back;     /**< days before an order's due date it consumes forecast (0) */
	int consume_forward;  /**< days after it (0) */
	int frozen_days;      /**< working days from start in which no planned order
				   is released (0: no time fence) */
	/* version 3 (format 1.1) */
	double batch_size;    /**< a make SKU's batch: its planned orders are whole
				   batches, after the lot rules; PLAN_NONE: none */
	/* version 4 (format 1.1) */
	int project_specific; /**< 0 or 1: what is made for a project's materials
				   serves that project alone (format.md,
				   "Project-specific supply") */
} plan_sku_def;
#define PLAN_SKU_DEF_VERSION 4
#define PLAN_SKU_DEF_INIT \
	{ PLAN_SKU_DEF_VERSION, NULL, NULL, PLAN_SKU_BUY, 0, 0.0, 0.0, PLAN_LOT_L4L, \
	  PLAN_NONE, 0, 0.0, PLAN_NONE, PLAN_NONE, 1.0, 0, 0.0, 0.0, 0.0, 0, 0, 0, PLAN_NONE, 0 }

/** bom.csv: one component line. `site` NULL: every site where the parent is
 *  made and has no lines of its own. Effectivity: valid_from inclusive,
 *  valid_until exclusive. */
typedef struct plan_bom_def {
	unsigned version;
	const char *parent;
	const char *site;
	const char *component;
	double qty_per;       /**< required, > 0 */
	double scrap;         /**< in [0, 1) */
	plan_date valid_from;
	plan_date valid_until;
	/* version 2 (format 1.1) */
	const char *alternate;  /**< NULL: the primary BOM; else an alternate's (site required) */
	int priority;           /**< of the alternate (1 is tried first) */
} plan_bom_def;
#define PLAN_BOM_DEF_VERSION 2
#define PLAN_BOM_DEF_INIT \
	{ PLAN_BOM_DEF_VERSION, NULL, NULL, NULL, PLAN_NONE, 0.0, PLAN_DATE_NONE, PLAN_DATE_NONE, \
	  NULL, 1 }

/** resources.csv. `calendar` NULL: the site's. */
typedef struct plan_resource_def {
	unsigned version;
	const char *resource;
	const char *site;
	double hours_per_day; /**< required, in [0, 24] */
	const char *calendar;
	/* version 2 (format 1.1) */
	double cost_per_hour; /**< what an hour of it costs (standard costs); 0 */
	/* version 3 (format 1.1) */
	double units;         /**< identical units (a crew of 12, 3 machines): it
				   offers units x hours_per_day; 1 */
} plan_resource_def;
#define PLAN_RESOURCE_DEF_VERSION 3
#define PLAN_RESOURCE_DEF_INIT { PLAN_RESOURCE_DEF_VERSION, NULL, NULL, PLAN_NONE, NULL, 0.0, 1.0 }

/** routings.csv: one step of an item's routing at a site. */
typedef struct plan_routing_def {
	unsigned version;
	const char *item;
	const char *site;
	const char *step;
	const char *resource;
	double setup_hours;
	double run_hours;     /**< per unit */
	/* version 2 (format 1.1) */
	const char *alternate; /**< NULL: the primary routing; else an alternate's */
	int priority;          /**< of the alternate (1 is tried first) */
	/* version 3 (format 1.1) */
	double rate;           /**< units an hour, instead of run_hours: the step
				    takes setup_hours + qty / rate; PLAN_NONE:
				    run_hours */
} plan_routing_def;
#define PLAN_ROUTING_DEF_VERSION 3
#define PLAN_ROUTING_DEF_INIT \
	{ PLAN_ROUTING_DEF_VERSION, NULL, NULL, NULL, NULL, 0.0, 0.0, NULL, 1, PLAN_NONE }

/** maintenance.csv: a block on a resource over [start, end] (inclusive). */
typedef struct plan_maintenance_def {
	unsigned version;
	const char *id;
	const char *resource;
	plan_date start;
	plan_date end;
	plan_maint_kind kind;
	double capacity_factor; /**< in [0, 1] */
	const char *alt_resource;
	double alt_factor;      /**< > 0 */
} plan_maintenance_def;
#define PLAN_MAINTENANCE_DEF_VERSION 1
#define PLAN_MAINTENANCE_DEF_INIT \
	{ PLAN_MAINTENANCE_DEF_VERSION, NULL, NULL, PLAN_DATE_NONE, PLAN_DATE_NONE, \
	  PLAN_MAINT_PLANNED, 0.0, NULL, 1.0 }

/** sourcing.csv: a lane from `source` to `site` for `item`. */
typedef struct plan_lane_def {
	unsigned version;
	const char *item;
	const char *site;       /**< destination */
	const char *source;
	int priority;           /**< 1 is first */
	double share;           /**< PLAN_NONE: no share */
	int transfer_days;      /**< calendar days */
	double max_per_bucket;  /**< PLAN_NONE: no limit */
	double cost;
} plan_lane_def;
#define PLAN_LANE_DEF_VERSION 1
#define PLAN_LANE_DEF_INIT \
	{ PLAN_LANE_DEF_VERSION, NULL, NULL, NULL, 1, PLAN_NONE, 0, PLAN_NONE, 0.0 }

/** demand.csv */
typedef struct plan_demand_def {
	unsigned version;
	const char *id;
	const char *item;
	const char *site;
	plan_date due;
	double qty;
	int priority;           /**< 1 is most important */
	plan_demand_kind kind;
} plan_demand_def;
#define PLAN_DEMAND_DEF_VERSION 1
#define PLAN_DEMAND_DEF_INIT \
	{ PLAN_DEMAND_DEF_VERSION, NULL, NULL, NULL, PLAN_DATE_NONE, PLAN_NONE, 10, PLAN_DEMAND_ORDER }

/** receipts.csv: a scheduled receipt (firm supply already released), or
 *  (format 1.1) a firm planned order or a released work order. */
typedef struct plan_receipt_def {
	unsigned version;
	const char *id;
	const char *item;
	const char *site;
	plan_date due;
	double qty;
	plan_receipt_kind kind;
	const char *source;     /**< the shipping site of a transfer */
	/* version 2 (format 1.1) */
	plan_receipt_status status;
	plan_date release;      /**< a firm order's release; PLAN_DATE_NONE: its
				     due less its lead time (format.md) */
} plan_receipt_def;
#define PLAN_RECEIPT_DEF_VERSION 2
#define PLAN_RECEIPT_DEF_INIT \
	{ PLAN_RECEIPT_DEF_VERSION, NULL, NULL, NULL, PLAN_DATE_NONE, PLAN_NONE, PLAN_RECEIPT_PURCHASE, \
	  NULL, PLAN_RECEIPT_SCHEDULED, PLAN_DATE_NONE }

/** operations.csv (format 1.1): what a released work order still has to
 *  run on a resource. */
typedef struct plan_operation_def {
	unsigned version;
	const char *receipt;    /**< a released production receipt */
	const char *step;
	const char *resource;   /**< at the receipt's site */
	double remaining_hours; /**< >= 0 */
} plan_operation_def;
#define PLAN_OPERATION_DEF_VERSION 1
#define PLAN_OPERATION_DEF_INIT { PLAN_OPERATION_DEF_VERSION, NULL, NULL, NULL, PLAN_NONE }

/** suppliers.csv (format 1.1): a vendor of a bought SKU. The SKU's
 *  vendors work like lanes: by priority, split by share, capped per
 *  bucket (format.md, "Suppliers"). */
typedef struct plan_supplier_def {
	unsigned version;
	const char *item;
	const char *site;
	const char *supplier;
	int priority;           /**< 1 is first */
	double share;           /**< PLAN_NONE: no share */
	int lead_time;          /**< working days of its calendar; -1: the SKU's */
	double lot_min;
	double lot_multiple;    /**< PLAN_NONE: none */
	double max_per_bucket;  /**< PLAN_NONE: no limit */
	double unit_cost;
	const char *calendar;   /**< NULL: the site's */
} plan_supplier_def;
#define PLAN_SUPPLIER_DEF_VERSION 1
#define PLAN_SUPPLIER_DEF_INIT \
	{ PLAN_SUPPLIER_DEF_VERSION, NULL, NULL, NULL, 1, PLAN_NONE, -1, 0.0, PLAN_NONE, PLAN_NONE, \
	  0.0, NULL }

/** projects.csv (format 1.1): a project at a site, due by a day. Its
 *  activities (activities.csv) are scheduled with the other demand
 *  (format.md, "Projects"). */
typedef struct plan_project_def {
	unsigned version;
	const char *project;
	const char *site;       /**< its activities run on this site's working days */
	plan_date due;          /**< its last activity ends by this day */
	int priority;           /**< 1 is most important, as a demand's */
} plan_project_def;
#define PLAN_PROJECT_DEF_VERSION 1
#define PLAN_PROJECT_DEF_INIT { PLAN_PROJECT_DEF_VERSION, NULL, NULL, PLAN_DATE_NONE, 10 }

/** activities.csv (format 1.1): an activity of a project. */
typedef struct plan_activity_def {
	unsigned version;
	const char *project;
	const char *activity;
	int duration;           /**< working days of the project's site; 0: a milestone */
	const char *predecessors; /**< activity codes of the same project,
				       separated by blanks, finish to start;
				       NULL or "": none */
} plan_activity_def;
#define PLAN_ACTIVITY_DEF_VERSION 1
#define PLAN_ACTIVITY_DEF_INIT { PLAN_ACTIVITY_DEF_VERSION, NULL, NULL, -1, NULL }

/** activity_resources.csv (format 1.1): what an activity takes of a
 *  resource on each day it runs. */
typedef struct plan_activity_resource_def {
	unsigned version;
	const char *project;
	const char *activity;
	const char *resource;   /**< at the project's site */
	double hours_per_day;   /**< > 0 */
} plan_activity_resource_def;
#define PLAN_ACTIVITY_RESOURCE_DEF_VERSION 1
#define PLAN_ACTIVITY_RESOURCE_DEF_INIT \
	{ PLAN_ACTIVITY_RESOURCE_DEF_VERSION, NULL, NULL, NULL, PLAN_NONE }

/** activity_materials.csv (format 1.1): what an activity needs of an
 *  item at a site by the day it starts: a demand of the plan, pegged to
 *  the project (format.md, "Projects"). */
typedef struct plan_activity_material_def {
	unsigned version;
	const char *project;
	const char *activity;
	const char *item;
	const char *site;       /**< a SKU of the item there */
	double qty;             /**< > 0 */
} plan_activity_material_def;
#define PLAN_ACTIVITY_MATERIAL_DEF_VERSION 1
#define PLAN_ACTIVITY_MATERIAL_DEF_INIT \
	{ PLAN_ACTIVITY_MATERIAL_DEF_VERSION, NULL, NULL, NULL, NULL, PLAN_NONE }

/** outputs.csv (format 1.1): what a make order of item@site yields
 *  beside its item: qty_per units of output@site for each unit made, on
 *  the order's due date (format.md, "Co-products and by-products"). */
typedef struct plan_output_def {
	unsigned version;
	const char *item;       /**< the recipe: a make SKU item@site */
	const char *site;
	const char *output;     /**< an item with a SKU at the site */
	double qty_per;         /**< > 0 */
	plan_output_kind kind;  /**< co (the default) or by */
	double cost_share;      /**< 0..1 of the order's cost (0) */
	int priority;           /**< among the recipes of a co-product (1) */
} plan_output_def;
#define PLAN_OUTPUT_DEF_VERSION 1
#define PLAN_OUTPUT_DEF_INIT \
	{ PLAN_OUTPUT_DEF_VERSION, NULL, NULL, NULL, PLAN_NONE, PLAN_OUTPUT_CO, 0.0, 1 }

/** workforce.csv (aggregate planning). PLAN_NONE marks a required value unset,
 *  except max_workers where it means no maximum. */
typedef struct plan_workforce_def {
	unsigned version;
	const char *site;
	double workers;
	double hours_per_day;
	double wage;
	double overtime_wage;
	double max_overtime;
	double hire_cost;
	double layoff_cost;
	double min_workers;
	double max_workers;
} plan_workforce_def;
#define PLAN_WORKFORCE_DEF_VERSION 1
#define PLAN_WORKFORCE_DEF_INIT \
	{ PLAN_WORKFORCE_DEF_VERSION, NULL, PLAN_NONE, PLAN_NONE, PLAN_NONE, PLAN_NONE, 0.0, \
	  PLAN_NONE, PLAN_NONE, 0.0, PLAN_NONE }

/** families.csv (aggregate planning). material_cost PLAN_NONE (an empty
 *  cell): 0, or in a scenario of format 1.1 with standard costs the
 *  family's standard material cost at the site (format.md, "Aggregate
 *  planning tables"); subcontract_cost PLAN_NONE: no subcontracting;
 *  max_subcontract PLAN_NONE: no limit. */
typedef struct plan_family_def {
	unsigned version;
	const char *family;
	const char *site;
	double hours_per_unit;
	double material_cost;
	double holding_cost;
	double backlog_cost;
	double subcontract_cost;
	double max_subcontract;
	double on_hand;
	double backlog;
	double end_on_hand_min;
	double end_backlog_max;
} plan_family_def;
#define PLAN_FAMILY_DEF_VERSION 1
#define PLAN_FAMILY_DEF_INIT \
	{ PLAN_FAMILY_DEF_VERSION, NULL, NULL, PLAN_NONE, PLAN_NONE, PLAN_NONE, PLAN_NONE, \
	  PLAN_NONE, PLAN_NONE, 0.0, 0.0, 0.0, 0.0 }

/**
 * Creates an empty model.
 * @param[out] out the new model, owned by the caller (plan_model_free());
 *                 NULL on error
 * @return 0 or PLAN_ENOMEM
 */
PLAN_EXPORT int plan_model_new(plan_model **out);

/** Frees a model and everything it owns. NULL is a no-op. */
PLAN_EXPORT void plan_model_free(plan_model *model);

/**
 * The message of the last error on @p model ("" if none). Borrowed; valid
 * until the next call on the model. Never NULL (also for a NULL model).
 */
PLAN_EXPORT const char *plan_model_errmsg(const plan_model *model);

/** @} */

/**
 * @name Add calls
 * @{
 * Add calls. Each returns 0, PLAN_EINVAL (bad argument or value: see
 * plan_model_errmsg(); the row is kept with defaults unless its key is
 * missing or duplicated), PLAN_ENOMEM, or PLAN_ESTATE for a row whose table
 * is frozen. Each call marks the model not yet validated.
 */

/** Sets scenario.csv's values (the scenario has exactly one set). */
PLAN_EXPORT int plan_model_set_scenario(plan_model *model, const plan_scenario_def *def);
PLAN_EXPORT int plan_model_add_calendar(plan_model *model, const plan_calendar_def *def);
PLAN_EXPORT int plan_model_add_calendar_day(plan_model *model, const plan_calendar_day_def *def);
PLAN_EXPORT int plan_model_add_site(plan_model *model, const plan_site_def *def);
PLAN_EXPORT int plan_model_add_item(plan_model *model, const plan_item_def *def);
PLAN_EXPORT int plan_model_add_sku(plan_model *model, const plan_sku_def *def);
PLAN_EXPORT int plan_model_add_bom_line(plan_model *model, const plan_bom_def *def);
PLAN_EXPORT int plan_model_add_resource(plan_model *model, const plan_resource_def *def);
PLAN_EXPORT int plan_model_add_routing_step(plan_model *model, const plan_routing_def *def);
PLAN_EXPORT int plan_model_add_maintenance(plan_model *model, const plan_maintenance_def *def);
PLAN_EXPORT int plan_model_add_lane(plan_model *model, const plan_lane_def *def);
PLAN_EXPORT int plan_model_add_demand(plan_model *model, const plan_demand_def *def);
PLAN_EXPORT int plan_model_add_receipt(plan_model *model, const plan_receipt_def *def);
PLAN_EXPORT int plan_model_add_operation(plan_model *model, const plan_operation_def *def);
PLAN_EXPORT int plan_model_add_supplier(plan_model *model, const plan_supplier_def *def);
PLAN_EXPORT int plan_model_add_project(plan_model *model, const plan_project_def *def);
PLAN_EXPORT int plan_model_add_activity(plan_model *model, const plan_activity_def *def);
PLAN_EXPORT int plan_model_add_activity_resource(plan_model *model,
						 const plan_activity_resource_def *def);
PLAN_EXPORT int plan_model_add_activity_material(plan_model *model,
						 const plan_activity_material_def *def);
PLAN_EXPORT int plan_model_add_output(plan_model *model, const plan_output_def *def);

/** @} */

/**
 * @name What-if edits
 * @{
 * What-if edits of a loaded model (the model is validated again before it
 * is planned). Each returns 0, PLAN_EINVAL (NULL, a bad value, or nothing
 * that matches: the model's errmsg says which) or PLAN_ENOMEM. */

/** Multiplies the quantity of every demand row by @p factor (>= 0); in
 *  whole units (format 1.1 items.decimals), the nearest whole number of
 *  them. */
PLAN_EXPORT int plan_model_scale_demand(plan_model *model, double factor);

/** Sets the hours a resource offers on each working day (>= 0). */
PLAN_EXPORT int plan_model_set_resource_hours(plan_model *model, const char *resource, double hours);

/** Closes the lane that ships @p item from @p source to @p site: it carries
 *  nothing any more (max_per_bucket 0). */
PLAN_EXPORT int plan_model_close_lane(plan_model *model, const char *item, const char *site,
				      const char *source);
PLAN_EXPORT int plan_model_add_workforce(plan_model *model, const plan_workforce_def *def);
PLAN_EXPORT int plan_model_add_family(plan_model *model, const plan_family_def *def);

/** Limits of the numbers of a scenario (format.md, "Limits"): a quantity,
 *  hours, cost or factor is 0 or of a magnitude from PLAN_MIN_MAGNITUDE to
 *  PLAN_MAX_MAGNITUDE; an integer (lead time, days, periods, priority) at
 *  most PLAN_MAX_INTEGER. A row past them is an error. */
#define PLAN_MAX_MAGNITUDE 1e12
#define PLAN_MIN_MAGNITUDE 1e-9
#define PLAN_MAX_INTEGER 100000
/** The default of the most buckets a horizon may have (scenario `end`,
 *  extended by demand due after it): plan_model_set_max_buckets(),
 *  plan_load_options.max_buckets. */
#define PLAN_MAX_BUCKETS_DEFAULT 5000

/**
 * Sets the most buckets the model's horizon may have (0: the default,
 * PLAN_MAX_BUCKETS_DEFAULT). A horizon longer than that, by `end` or by
 * demand due after it, is an error of validation naming the row. The
 * model must be validated again.
 * @return 0 or PLAN_EINVAL (no model).
 */
PLAN_EXPORT int plan_model_set_max_buckets(plan_model *model, size_t max_buckets);

/**
 * Checks the rows against each other: unknown references, SKUs missing where
 * an item is used, transfer SKUs without lanes, BOM and transfer cycles,
 * phantoms with stock, dates outside the horizon; then computes low-level
 * codes and the horizon. Every problem is appended to the diagnostics.
 * @return 0 if the model has no error (warnings allowed); PLAN_EFORMAT if
 *         it has errors (including ones recorded by earlier add calls);
 *         PLAN_ENOMEM.
 */
PLAN_EXPORT int plan_model_validate(plan_model *model);

/** 1 if the model was validated without error since its last change, else 0. */
PLAN_EXPORT int plan_model_is_valid(const plan_model *model);

/** @} */

/**
 * @name Diagnostics
 * @{
 * Diagnostics: every error and warning found while building, loading and
 * validating the model, in the order found.
 */

typedef enum plan_severity {
	PLAN_SEVERITY_WARNING = 1,
	PLAN_SEVERITY_ERROR = 2
} plan_severity;

/** One diagnostic. Strings are borrowed from the model. */
typedef struct plan_diag {
	unsigned version;
	plan_severity severity;
	const char *file;    /**< "skus.csv", or the table name for a row added by a call */
	int line;            /**< 1-based line in the file (0: none) */
	int column;          /**< 1-based column (field) number (0: none) */
	const char *text;    /**< the problem, e.g. `qty_per: expected a number > 0, got -2` */
	const char *message; /**< the whole line, e.g. `bom.csv:14:4: qty_per: ...` */
} plan_diag;
#define PLAN_DIAG_VERSION 1
#define PLAN_DIAG_INIT { PLAN_DIAG_VERSION, PLAN_SEVERITY_ERROR, NULL, 0, 0, NULL, NULL }

/** Number of diagnostics held. */
PLAN_EXPORT size_t plan_model_count_diags(const plan_model *model);
/** Number of diagnostics of severity error. */
PLAN_EXPORT size_t plan_model_count_errors(const plan_model *model);
/**
 * Fills @p out with diagnostic @p index.
 * @return 0, PLAN_EINVAL (NULL argument) or PLAN_ERANGE.
 */
PLAN_EXPORT int plan_model_get_diag(plan_diag *out, const plan_model *model, size_t index);

/** @} */

/**
 * @name Reading a model back
 * @{
 * Reading a model back. Rows keep the order they were added in. Getters fill
 * the def struct (its version must be the struct's own) with borrowed
 * strings; empty optional strings come back as NULL. They return 0,
 * PLAN_EINVAL or PLAN_ERANGE.
 */

/** Number of rows of @p table (1 or 0 for PLAN_TABLE_SCENARIO). */
PLAN_EXPORT size_t plan_model_count(const plan_model *model, plan_table table);
PLAN_EXPORT int plan_model_get_scenario(plan_scenario_def *out, const plan_model *model);
PLAN_EXPORT int plan_model_get_calendar(plan_calendar_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_calendar_day(plan_calendar_day_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_site(plan_site_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_item(plan_item_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_sku(plan_sku_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_bom_line(plan_bom_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_resource(plan_resource_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_routing_step(plan_routing_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_maintenance(plan_maintenance_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_lane(plan_lane_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_demand(plan_demand_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_receipt(plan_receipt_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_operation(plan_operation_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_supplier(plan_supplier_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_project(plan_project_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_activity(plan_activity_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_activity_resource(plan_activity_resource_def *out,
						 const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_activity_material(plan_activity_material_def *out,
						 const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_output(plan_output_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_workforce(plan_workforce_def *out, const plan_model *model, size_t index);
PLAN_EXPORT int plan_model_get_family(plan_family_def *out, const plan_model *model, size_t index);

/**
 * Finds a SKU by item and site codes.
 * @return the SKU's row index (as for plan_model_get_sku()), or -1.
 */
PLAN_EXPORT long plan_model_find_sku(const plan_model *model, const char *item, const char *site);

/**
 * 1 if the two models hold the same scenario (every table, row by row, the
 * same values), 0 otherwise. Diagnostics are not compared.
 */
PLAN_EXPORT int plan_model_equal(const plan_model *a, const plan_model *b);

/** @} */

/**
 * @name Derived facts
 * @{
 * Derived facts, available once plan_model_validate() has succeeded.
 */

/** The horizon of a valid model. */
typedef struct plan_horizon {
	unsigned version;
	plan_date start;   /**< the plan date */
	plan_date end;     /**< last day of the last bucket (demand after end extends it) */
	size_t buckets;    /**< number of buckets */
	plan_bucket bucket;
} plan_horizon;
#define PLAN_HORIZON_VERSION 1
#define PLAN_HORIZON_INIT { PLAN_HORIZON_VERSION, 0, 0, 0, PLAN_BUCKET_WEEK }

/**
 * Fills @p out with the horizon of a validated model.
 * @return 0, PLAN_EINVAL, or PLAN_ESTATE if the model is not validated.
 */
PLAN_EXPORT int plan_model_get_horizon(plan_horizon *out, const plan_model *model);

/**
 * Low-level code of SKU @p sku (0 for end items; a component or a transfer
 * source always has a higher code than every SKU that can place demand on
 * it), or -1 if the model is not validated or @p sku is out of range.
 */
PLAN_EXPORT int plan_model_sku_llc(const plan_model *model, size_t sku);

/** Forecast consumption of one demand row (format.md, "Forecast
 *  consumption"). */
typedef struct plan_consumption {
	unsigned version;
	double qty;       /**< the row's qty */
	double consumed;  /**< a forecast: what orders consumed of it; an order:
			       the forecast it consumed */
	double net;       /**< what the plan is asked for: a forecast's qty less
			       what was consumed; an order's qty */
} plan_consumption;
#define PLAN_CONSUMPTION_VERSION 1
#define PLAN_CONSUMPTION_INIT { PLAN_CONSUMPTION_VERSION, 0.0, 0.0, 0.0 }

/**
 * Fills @p out with the forecast consumption of demand row @p demand of a
 * validated model. In a scenario where no consumption applies (format
 * 1.0 without consumption windows, or no forecast), consumed is 0 and net
 * the qty (0 for a negative qty).
 * @return 0, PLAN_EINVAL, PLAN_ERANGE or PLAN_ESTATE (not validated).
 */
PLAN_EXPORT int plan_model_get_consumption(plan_consumption *out, const plan_model *model,
					   size_t demand);

/** Number of BOM levels: 1 + the deepest chain of make parent -> component
 *  at one site (0 with no BOM), or -1 if the model is not validated. */
PLAN_EXPORT int plan_model_bom_depth(const plan_model *model);

/** @} */

PLAN_END_DECL

#endif
