#include "model/schema.h"

#include <string.h>

static const char *const sku_types[] = { "buy", "make", "transfer", NULL };
static const char *const lot_rules[] = { "L4L", "FOQ", "POQ", "EOQ", "WW", "SM", "LUC", "PPB", NULL };
static const char *const maint_kinds[] = { "planned", "emergency", NULL };
static const char *const demand_kinds[] = { "order", "forecast", NULL };
static const char *const receipt_kinds[] = { "purchase", "production", "transfer", NULL };
static const char *const receipt_statuses[] = { "scheduled", "firm", "released", NULL };
const char *const plan_schema__bucket_names[] = { "day", "week", "month", NULL };
const char *const plan_schema__format_names[] = { "1.0", "1.1", NULL };
static const char *const sourcing_names[] = { "priority", "cost", NULL };
static const char *const fair_share_names[] = { "none", "proportional", "cover", NULL };
static const char *const output_kinds[] = { "co", "by", NULL };

#define O(type, field) ((uint16_t)offsetof(type, field))
#define REQ COLF_REQUIRED
#define NONE COLF_NONE
#define V11 COLF_V11

const plan_col plan_schema__scenario[SCN_COUNT] = {
	{ "start", COL_DATE, 0, 0, REQ, O(plan_scenario_def, start), NULL },
	{ "end", COL_DATE, 0, 0, 0, O(plan_scenario_def, end), NULL },
	{ "bucket", COL_ENUM, 0, 0, 0, O(plan_scenario_def, bucket), plan_schema__bucket_names },
	{ "name", COL_TEXT, 0, 0, 0, O(plan_scenario_def, name), NULL },
	{ "calendar", COL_CODE, NS_CALENDAR, 0, 0, O(plan_scenario_def, calendar), NULL },
	{ "format", COL_ENUM, 0, 0, V11, O(plan_scenario_def, format), plan_schema__format_names },
	{ "sourcing", COL_ENUM, 0, 0, V11, O(plan_scenario_def, sourcing), sourcing_names },
	{ "fair_share", COL_ENUM, 0, 0, V11, O(plan_scenario_def, fair_share), fair_share_names },
};

static const plan_col calendars[] = {
	{ "calendar", COL_CODE, NS_CALENDAR, 0, REQ, O(plan_calendar_def, calendar), NULL },
	{ "weekdays", COL_TEXT, 0, 0, 0, O(plan_calendar_def, weekdays), NULL },
};

static const plan_col calendar_days[] = {
	{ "calendar", COL_CODE, NS_CALENDAR, 0, REQ, O(plan_calendar_day_def, calendar), NULL },
	{ "date", COL_DATE, 0, 0, REQ, O(plan_calendar_day_def, date), NULL },
	{ "working", COL_BOOL, 0, 0, REQ, O(plan_calendar_day_def, working), NULL },
};

static const plan_col sites[] = {
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_site_def, site), NULL },
	{ "name", COL_TEXT, 0, 0, 0, O(plan_site_def, name), NULL },
	{ "calendar", COL_CODE, NS_CALENDAR, 0, 0, O(plan_site_def, calendar), NULL },
};

static const plan_col items[] = {
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_item_def, item), NULL },
	{ "name", COL_TEXT, 0, 0, 0, O(plan_item_def, name), NULL },
	{ "uom", COL_TEXT, 0, 0, 0, O(plan_item_def, uom), NULL },
	{ "family", COL_CODE, NS_FAMILY, 0, 0, O(plan_item_def, family), NULL },
	{ "decimals", COL_INT, 0, CHK_DEC, V11, O(plan_item_def, decimals), NULL },
	{ "price", COL_NUM, 0, CHK_GE0, V11, O(plan_item_def, price), NULL },
};

static const plan_col skus[] = {
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_sku_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_sku_def, site), NULL },
	{ "type", COL_ENUM, 0, 0, 0, O(plan_sku_def, type), sku_types },
	{ "lead_time", COL_INT, 0, CHK_GE0, 0, O(plan_sku_def, lead_time), NULL },
	{ "on_hand", COL_NUM, 0, CHK_GE0, 0, O(plan_sku_def, on_hand), NULL },
	{ "safety_stock", COL_NUM, 0, CHK_GE0, 0, O(plan_sku_def, safety_stock), NULL },
	{ "lot_rule", COL_ENUM, 0, 0, 0, O(plan_sku_def, lot_rule), lot_rules },
	{ "lot_qty", COL_NUM, 0, CHK_GT0, NONE, O(plan_sku_def, lot_qty), NULL },
	{ "lot_periods", COL_INT, 0, CHK_GE0, 0, O(plan_sku_def, lot_periods), NULL },
	{ "lot_min", COL_NUM, 0, CHK_GE0, 0, O(plan_sku_def, lot_min), NULL },
	{ "lot_max", COL_NUM, 0, CHK_GT0, NONE, O(plan_sku_def, lot_max), NULL },
	{ "lot_multiple", COL_NUM, 0, CHK_GT0, NONE, O(plan_sku_def, lot_multiple), NULL },
	{ "yield", COL_NUM, 0, CHK_YIELD, 0, O(plan_sku_def, yield), NULL },
	{ "phantom", COL_BOOL, 0, 0, 0, O(plan_sku_def, phantom), NULL },
	{ "setup_cost", COL_NUM, 0, CHK_GE0, 0, O(plan_sku_def, setup_cost), NULL },
	{ "holding_cost", COL_NUM, 0, CHK_GE0, 0, O(plan_sku_def, holding_cost), NULL },
	{ "unit_cost", COL_NUM, 0, CHK_GE0, 0, O(plan_sku_def, unit_cost), NULL },
	{ "consume_back", COL_INT, 0, CHK_GE0, V11, O(plan_sku_def, consume_back), NULL },
	{ "consume_forward", COL_INT, 0, CHK_GE0, V11, O(plan_sku_def, consume_forward), NULL },
	{ "frozen_days", COL_INT, 0, CHK_GE0, V11, O(plan_sku_def, frozen_days), NULL },
	{ "batch_size", COL_NUM, 0, CHK_GT0, V11 | NONE, O(plan_sku_def, batch_size), NULL },
	{ "project_specific", COL_BOOL, 0, 0, V11, O(plan_sku_def, project_specific), NULL },
};

static const plan_col bom[] = {
	{ "parent", COL_CODE, NS_ITEM, 0, REQ, O(plan_bom_def, parent), NULL },
	{ "site", COL_CODE, NS_SITE, 0, 0, O(plan_bom_def, site), NULL },
	{ "component", COL_CODE, NS_ITEM, 0, REQ, O(plan_bom_def, component), NULL },
	{ "qty_per", COL_NUM, 0, CHK_GT0, REQ, O(plan_bom_def, qty_per), NULL },
	{ "scrap", COL_NUM, 0, CHK_SCRAP, 0, O(plan_bom_def, scrap), NULL },
	{ "valid_from", COL_DATE, 0, 0, 0, O(plan_bom_def, valid_from), NULL },
	{ "valid_until", COL_DATE, 0, 0, 0, O(plan_bom_def, valid_until), NULL },
	{ "alternate", COL_CODE, NS_ALTERNATE, 0, V11, O(plan_bom_def, alternate), NULL },
	{ "priority", COL_INT, 0, CHK_GE1, V11, O(plan_bom_def, priority), NULL },
};

static const plan_col resources[] = {
	{ "resource", COL_CODE, NS_RESOURCE, 0, REQ, O(plan_resource_def, resource), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_resource_def, site), NULL },
	{ "hours_per_day", COL_NUM, 0, CHK_HOURS, REQ, O(plan_resource_def, hours_per_day), NULL },
	{ "calendar", COL_CODE, NS_CALENDAR, 0, 0, O(plan_resource_def, calendar), NULL },
	{ "cost_per_hour", COL_NUM, 0, CHK_GE0, V11, O(plan_resource_def, cost_per_hour), NULL },
	{ "units", COL_NUM, 0, CHK_GT0, V11, O(plan_resource_def, units), NULL },
};

static const plan_col routings[] = {
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_routing_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_routing_def, site), NULL },
	{ "step", COL_CODE, NS_STEP, 0, REQ, O(plan_routing_def, step), NULL },
	{ "resource", COL_CODE, NS_RESOURCE, 0, REQ, O(plan_routing_def, resource), NULL },
	{ "setup_hours", COL_NUM, 0, CHK_GE0, 0, O(plan_routing_def, setup_hours), NULL },
	{ "run_hours", COL_NUM, 0, CHK_GE0, 0, O(plan_routing_def, run_hours), NULL },
	{ "alternate", COL_CODE, NS_ALTERNATE, 0, V11, O(plan_routing_def, alternate), NULL },
	{ "priority", COL_INT, 0, CHK_GE1, V11, O(plan_routing_def, priority), NULL },
	{ "rate", COL_NUM, 0, CHK_GT0, V11 | NONE, O(plan_routing_def, rate), NULL },
};

static const plan_col maintenance[] = {
	{ "id", COL_CODE, NS_MAINT, 0, REQ, O(plan_maintenance_def, id), NULL },
	{ "resource", COL_CODE, NS_RESOURCE, 0, REQ, O(plan_maintenance_def, resource), NULL },
	{ "start", COL_DATE, 0, 0, REQ, O(plan_maintenance_def, start), NULL },
	{ "end", COL_DATE, 0, 0, REQ, O(plan_maintenance_def, end), NULL },
	{ "kind", COL_ENUM, 0, 0, 0, O(plan_maintenance_def, kind), maint_kinds },
	{ "capacity_factor", COL_NUM, 0, CHK_UNIT, 0, O(plan_maintenance_def, capacity_factor), NULL },
	{ "alt_resource", COL_CODE, NS_RESOURCE, 0, 0, O(plan_maintenance_def, alt_resource), NULL },
	{ "alt_factor", COL_NUM, 0, CHK_GT0, 0, O(plan_maintenance_def, alt_factor), NULL },
};

static const plan_col sourcing[] = {
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_lane_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_lane_def, site), NULL },
	{ "source", COL_CODE, NS_SITE, 0, REQ, O(plan_lane_def, source), NULL },
	{ "priority", COL_INT, 0, CHK_GE1, 0, O(plan_lane_def, priority), NULL },
	{ "share", COL_NUM, 0, CHK_SHARE, NONE, O(plan_lane_def, share), NULL },
	{ "transfer_days", COL_INT, 0, CHK_GE0, 0, O(plan_lane_def, transfer_days), NULL },
	{ "max_per_bucket", COL_NUM, 0, CHK_GE0, NONE, O(plan_lane_def, max_per_bucket), NULL },
	{ "cost", COL_NUM, 0, CHK_GE0, 0, O(plan_lane_def, cost), NULL },
};

static const plan_col demand[] = {
	{ "id", COL_CODE, NS_DEMAND, 0, REQ, O(plan_demand_def, id), NULL },
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_demand_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_demand_def, site), NULL },
	{ "due", COL_DATE, 0, 0, REQ, O(plan_demand_def, due), NULL },
	{ "qty", COL_NUM, 0, CHK_GE0, REQ, O(plan_demand_def, qty), NULL },
	{ "priority", COL_INT, 0, CHK_GE1, 0, O(plan_demand_def, priority), NULL },
	{ "kind", COL_ENUM, 0, 0, 0, O(plan_demand_def, kind), demand_kinds },
};

static const plan_col receipts[] = {
	{ "id", COL_CODE, NS_RECEIPT, 0, REQ, O(plan_receipt_def, id), NULL },
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_receipt_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_receipt_def, site), NULL },
	{ "due", COL_DATE, 0, 0, REQ, O(plan_receipt_def, due), NULL },
	{ "qty", COL_NUM, 0, CHK_GE0, REQ, O(plan_receipt_def, qty), NULL },
	{ "kind", COL_ENUM, 0, 0, 0, O(plan_receipt_def, kind), receipt_kinds },
	{ "source", COL_CODE, NS_SITE, 0, 0, O(plan_receipt_def, source), NULL },
	{ "status", COL_ENUM, 0, 0, V11, O(plan_receipt_def, status), receipt_statuses },
	{ "release", COL_DATE, 0, 0, V11, O(plan_receipt_def, release), NULL },
};

static const plan_col operations[] = {
	{ "receipt", COL_CODE, NS_RECEIPT, 0, REQ, O(plan_operation_def, receipt), NULL },
	{ "step", COL_CODE, NS_STEP, 0, REQ, O(plan_operation_def, step), NULL },
	{ "resource", COL_CODE, NS_RESOURCE, 0, REQ, O(plan_operation_def, resource), NULL },
	{ "remaining_hours", COL_NUM, 0, CHK_GE0, REQ, O(plan_operation_def, remaining_hours), NULL },
};

static const plan_col suppliers[] = {
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_supplier_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_supplier_def, site), NULL },
	{ "supplier", COL_CODE, NS_SUPPLIER, 0, REQ, O(plan_supplier_def, supplier), NULL },
	{ "priority", COL_INT, 0, CHK_GE1, 0, O(plan_supplier_def, priority), NULL },
	{ "share", COL_NUM, 0, CHK_SHARE, NONE, O(plan_supplier_def, share), NULL },
	{ "lead_time", COL_INT, 0, CHK_DAYS, 0, O(plan_supplier_def, lead_time), NULL },
	{ "lot_min", COL_NUM, 0, CHK_GE0, 0, O(plan_supplier_def, lot_min), NULL },
	{ "lot_multiple", COL_NUM, 0, CHK_GT0, NONE, O(plan_supplier_def, lot_multiple), NULL },
	{ "max_per_bucket", COL_NUM, 0, CHK_GE0, NONE, O(plan_supplier_def, max_per_bucket), NULL },
	{ "unit_cost", COL_NUM, 0, CHK_GE0, 0, O(plan_supplier_def, unit_cost), NULL },
	{ "calendar", COL_CODE, NS_CALENDAR, 0, 0, O(plan_supplier_def, calendar), NULL },
};

static const plan_col projects[] = {
	{ "project", COL_CODE, NS_PROJECT, 0, REQ, O(plan_project_def, project), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_project_def, site), NULL },
	{ "due", COL_DATE, 0, 0, REQ, O(plan_project_def, due), NULL },
	{ "priority", COL_INT, 0, CHK_GE1, 0, O(plan_project_def, priority), NULL },
};

static const plan_col activities[] = {
	{ "project", COL_CODE, NS_PROJECT, 0, REQ, O(plan_activity_def, project), NULL },
	{ "activity", COL_CODE, NS_ACTIVITY, 0, REQ, O(plan_activity_def, activity), NULL },
	{ "duration", COL_INT, 0, CHK_GE0, REQ, O(plan_activity_def, duration), NULL },
	{ "predecessors", COL_TEXT, 0, 0, 0, O(plan_activity_def, predecessors), NULL },
};

static const plan_col activity_resources[] = {
	{ "project", COL_CODE, NS_PROJECT, 0, REQ, O(plan_activity_resource_def, project), NULL },
	{ "activity", COL_CODE, NS_ACTIVITY, 0, REQ, O(plan_activity_resource_def, activity), NULL },
	{ "resource", COL_CODE, NS_RESOURCE, 0, REQ, O(plan_activity_resource_def, resource), NULL },
	{ "hours_per_day", COL_NUM, 0, CHK_GT0, REQ, O(plan_activity_resource_def, hours_per_day), NULL },
};

static const plan_col activity_materials[] = {
	{ "project", COL_CODE, NS_PROJECT, 0, REQ, O(plan_activity_material_def, project), NULL },
	{ "activity", COL_CODE, NS_ACTIVITY, 0, REQ, O(plan_activity_material_def, activity), NULL },
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_activity_material_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_activity_material_def, site), NULL },
	{ "qty", COL_NUM, 0, CHK_GT0, REQ, O(plan_activity_material_def, qty), NULL },
};

static const plan_col outputs[] = {
	{ "item", COL_CODE, NS_ITEM, 0, REQ, O(plan_output_def, item), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_output_def, site), NULL },
	{ "output", COL_CODE, NS_ITEM, 0, REQ, O(plan_output_def, output), NULL },
	{ "qty_per", COL_NUM, 0, CHK_GT0, REQ, O(plan_output_def, qty_per), NULL },
	{ "kind", COL_ENUM, 0, 0, 0, O(plan_output_def, kind), output_kinds },
	{ "cost_share", COL_NUM, 0, CHK_UNIT, 0, O(plan_output_def, cost_share), NULL },
	{ "priority", COL_INT, 0, CHK_GE1, 0, O(plan_output_def, priority), NULL },
};

static const plan_col workforce[] = {
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_workforce_def, site), NULL },
	{ "workers", COL_NUM, 0, CHK_GE0, REQ, O(plan_workforce_def, workers), NULL },
	{ "hours_per_day", COL_NUM, 0, CHK_HOURS, REQ, O(plan_workforce_def, hours_per_day), NULL },
	{ "wage", COL_NUM, 0, CHK_GE0, REQ, O(plan_workforce_def, wage), NULL },
	{ "overtime_wage", COL_NUM, 0, CHK_GE0, REQ, O(plan_workforce_def, overtime_wage), NULL },
	{ "max_overtime", COL_NUM, 0, CHK_GE0, 0, O(plan_workforce_def, max_overtime), NULL },
	{ "hire_cost", COL_NUM, 0, CHK_GE0, REQ, O(plan_workforce_def, hire_cost), NULL },
	{ "layoff_cost", COL_NUM, 0, CHK_GE0, REQ, O(plan_workforce_def, layoff_cost), NULL },
	{ "min_workers", COL_NUM, 0, CHK_GE0, 0, O(plan_workforce_def, min_workers), NULL },
	{ "max_workers", COL_NUM, 0, CHK_GE0, NONE, O(plan_workforce_def, max_workers), NULL },
};

static const plan_col families[] = {
	{ "family", COL_CODE, NS_FAMILY, 0, REQ, O(plan_family_def, family), NULL },
	{ "site", COL_CODE, NS_SITE, 0, REQ, O(plan_family_def, site), NULL },
	{ "hours_per_unit", COL_NUM, 0, CHK_GE0, REQ, O(plan_family_def, hours_per_unit), NULL },
	{ "material_cost", COL_NUM, 0, CHK_GE0, NONE, O(plan_family_def, material_cost), NULL },
	{ "holding_cost", COL_NUM, 0, CHK_GE0, REQ, O(plan_family_def, holding_cost), NULL },
	{ "backlog_cost", COL_NUM, 0, CHK_GE0, REQ, O(plan_family_def, backlog_cost), NULL },
	{ "subcontract_cost", COL_NUM, 0, CHK_GE0, NONE, O(plan_family_def, subcontract_cost), NULL },
	{ "max_subcontract", COL_NUM, 0, CHK_GE0, NONE, O(plan_family_def, max_subcontract), NULL },
	{ "on_hand", COL_NUM, 0, CHK_GE0, 0, O(plan_family_def, on_hand), NULL },
	{ "backlog", COL_NUM, 0, CHK_GE0, 0, O(plan_family_def, backlog), NULL },
	{ "end_on_hand_min", COL_NUM, 0, CHK_GE0, 0, O(plan_family_def, end_on_hand_min), NULL },
	{ "end_backlog_max", COL_NUM, 0, CHK_GE0, 0, O(plan_family_def, end_backlog_max), NULL },
};

#define T(name, cols, def, nref, what, ...) \
	{ name, cols, (int)(sizeof(cols) / sizeof(cols[0])), sizeof(def), nref, { __VA_ARGS__, -1 }, what }

const plan_schema plan_schema__tables[PLAN_TABLE_COUNT_] = {
	[PLAN_TABLE_SCENARIO] = { "scenario", plan_schema__scenario, SCN_COUNT,
				  sizeof(plan_scenario_def), 1, { -1 }, "scenario" },
	[PLAN_TABLE_CALENDARS] = T("calendars", calendars, plan_calendar_def, 1, "calendar", CAL_CALENDAR),
	[PLAN_TABLE_CALENDAR_DAYS] = T("calendar_days", calendar_days, plan_calendar_day_def, 1,
				       "calendar day", CD_CALENDAR, CD_DATE),
	[PLAN_TABLE_SITES] = T("sites", sites, plan_site_def, 2, "site", SITE_SITE),
	[PLAN_TABLE_ITEMS] = T("items", items, plan_item_def, 2, "item", ITEM_ITEM),
	[PLAN_TABLE_SKUS] = T("skus", skus, plan_sku_def, 2, "SKU", SKU_ITEM, SKU_SITE),
	[PLAN_TABLE_BOM] = T("bom", bom, plan_bom_def, 4, "BOM line", BOM_PARENT, BOM_SITE,
			     BOM_COMPONENT, BOM_VALID_FROM, BOM_ALT),
	[PLAN_TABLE_RESOURCES] = T("resources", resources, plan_resource_def, 3, "resource", RES_RESOURCE),
	[PLAN_TABLE_ROUTINGS] = T("routings", routings, plan_routing_def, 5, "routing step",
				  RT_ITEM, RT_SITE, RT_STEP, RT_ALT),
	[PLAN_TABLE_MAINTENANCE] = T("maintenance", maintenance, plan_maintenance_def, 3,
				     "maintenance block", MB_ID),
	[PLAN_TABLE_SOURCING] = T("sourcing", sourcing, plan_lane_def, 3, "lane", LANE_ITEM,
				  LANE_SITE, LANE_SOURCE),
	[PLAN_TABLE_DEMAND] = T("demand", demand, plan_demand_def, 3, "demand", DEM_ID),
	[PLAN_TABLE_RECEIPTS] = T("receipts", receipts, plan_receipt_def, 4, "receipt", REC_ID),
	[PLAN_TABLE_WORKFORCE] = T("workforce", workforce, plan_workforce_def, 1, "workforce row", WF_SITE),
	[PLAN_TABLE_FAMILIES] = T("families", families, plan_family_def, 2, "family row", FAM_FAMILY,
				  FAM_SITE),
	[PLAN_TABLE_OPERATIONS] = T("operations", operations, plan_operation_def, 3, "operation",
				    OP_RECEIPT, OP_STEP),
	[PLAN_TABLE_SUPPLIERS] = T("suppliers", suppliers, plan_supplier_def, 4, "supplier",
				   SUP_ITEM, SUP_SITE, SUP_SUPPLIER),
	[PLAN_TABLE_PROJECTS] = T("projects", projects, plan_project_def, 2, "project", PRJ_PROJECT),
	[PLAN_TABLE_ACTIVITIES] = T("activities", activities, plan_activity_def, 2, "activity",
				    ACT_PROJECT, ACT_ACTIVITY),
	[PLAN_TABLE_ACTIVITY_RESOURCES] = T("activity_resources", activity_resources,
					    plan_activity_resource_def, 3, "activity resource",
					    AR_PROJECT, AR_ACTIVITY, AR_RESOURCE),
	[PLAN_TABLE_ACTIVITY_MATERIALS] = T("activity_materials", activity_materials,
					    plan_activity_material_def, 4, "activity material",
					    AM_PROJECT, AM_ACTIVITY, AM_ITEM, AM_SITE),
	[PLAN_TABLE_OUTPUTS] = T("outputs", outputs, plan_output_def, 3, "output", OUT_ITEM,
				 OUT_SITE, OUT_OUTPUT),
};

int plan_schema__column(const plan_schema *t, const char *name, size_t len)
{
	for (int c = 0; c < t->ncols; c++)
		if (strlen(t->cols[c].name) == len && memcmp(t->cols[c].name, name, len) == 0)
			return c;
	return -1;
}

int plan_schema__synonym(const plan_schema *t, const char *name, size_t len)
{
	if (t == &plan_schema__tables[PLAN_TABLE_ITEMS] && len == 4 && !memcmp(name, "unit", 4))
		return ITEM_UOM;
	return -1;
}

int plan_schema__table(const char *name, size_t len)
{
	for (int t = 0; t < PLAN_TABLE_COUNT_; t++)
		if (strlen(plan_schema__tables[t].name) == len &&
		    memcmp(plan_schema__tables[t].name, name, len) == 0)
			return t;
	return -1;
}

const char *plan_schema__check_text(int check)
{
	switch (check) {
	case CHK_GE0: return "a number >= 0";
	case CHK_GT0: return "a number > 0";
	case CHK_GE1: return "a number >= 1";
	case CHK_UNIT: return "a number from 0 to 1";
	case CHK_SCRAP: return "a number >= 0 and < 1";
	case CHK_YIELD: return "a number > 0 and <= 1";
	case CHK_SHARE: return "a number > 0 and <= 1";
	case CHK_HOURS: return "a number from 0 to 24";
	case CHK_DEC: return "a whole number from 0 to 6";
	case CHK_DAYS: return "a whole number >= 0";
	default: return "a number";
	}
}

int plan_schema__check_ok(int check, double v)
{
	if (v != v)
		return 0;
	switch (check) {
	case CHK_GE0: return v >= 0;
	case CHK_GT0: return v > 0;
	case CHK_GE1: return v >= 1;
	case CHK_UNIT: return v >= 0 && v <= 1;
	case CHK_SCRAP: return v >= 0 && v < 1;
	case CHK_YIELD: return v > 0 && v <= 1;
	case CHK_SHARE: return v > 0 && v <= 1;
	case CHK_HOURS: return v >= 0 && v <= 24;
	case CHK_DEC: return v >= -1 && v <= 6;
	case CHK_DAYS: return v >= -1;
	default: return v > -1e300 && v < 1e300;
	}
}
