/* The model: its life, its messages and diagnostics, rows read back and
 * compared. Rows are added by rows.c (checked by check.c, keyed by
 * keys.c); what-if edits are in edit.c. */
#include "model/model_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(plan_sku_type) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(plan_lot_rule) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(plan_bucket) == sizeof(int), "enums are int-sized");

static const plan_scenario_def def_scenario = PLAN_SCENARIO_DEF_INIT;
static const plan_calendar_def def_calendar = PLAN_CALENDAR_DEF_INIT;
static const plan_calendar_day_def def_calendar_day = PLAN_CALENDAR_DAY_DEF_INIT;
static const plan_site_def def_site = PLAN_SITE_DEF_INIT;
static const plan_item_def def_item = PLAN_ITEM_DEF_INIT;
static const plan_sku_def def_sku = PLAN_SKU_DEF_INIT;
static const plan_bom_def def_bom = PLAN_BOM_DEF_INIT;
static const plan_resource_def def_resource = PLAN_RESOURCE_DEF_INIT;
static const plan_routing_def def_routing = PLAN_ROUTING_DEF_INIT;
static const plan_maintenance_def def_maintenance = PLAN_MAINTENANCE_DEF_INIT;
static const plan_lane_def def_lane = PLAN_LANE_DEF_INIT;
static const plan_demand_def def_demand = PLAN_DEMAND_DEF_INIT;
static const plan_receipt_def def_receipt = PLAN_RECEIPT_DEF_INIT;
static const plan_workforce_def def_workforce = PLAN_WORKFORCE_DEF_INIT;
static const plan_family_def def_family = PLAN_FAMILY_DEF_INIT;
static const plan_operation_def def_operation = PLAN_OPERATION_DEF_INIT;
static const plan_supplier_def def_supplier = PLAN_SUPPLIER_DEF_INIT;
static const plan_project_def def_project = PLAN_PROJECT_DEF_INIT;
static const plan_activity_def def_activity = PLAN_ACTIVITY_DEF_INIT;
static const plan_activity_resource_def def_activity_resource = PLAN_ACTIVITY_RESOURCE_DEF_INIT;
static const plan_activity_material_def def_activity_material = PLAN_ACTIVITY_MATERIAL_DEF_INIT;
static const plan_output_def def_output = PLAN_OUTPUT_DEF_INIT;

static const void *const defaults[PLAN_TABLE_COUNT_] = {
	&def_scenario, &def_calendar, &def_calendar_day, &def_site, &def_item,
	&def_sku, &def_bom, &def_resource, &def_routing, &def_maintenance,
	&def_lane, &def_demand, &def_receipt, &def_workforce, &def_family,
	&def_operation, &def_supplier, &def_project, &def_activity, &def_activity_resource,
	&def_activity_material, &def_output,
};

/* The version each table's def struct has now. */
static const unsigned def_version[PLAN_TABLE_COUNT_] = {
	PLAN_SCENARIO_DEF_VERSION, PLAN_CALENDAR_DEF_VERSION, PLAN_CALENDAR_DAY_DEF_VERSION,
	PLAN_SITE_DEF_VERSION, PLAN_ITEM_DEF_VERSION, PLAN_SKU_DEF_VERSION, PLAN_BOM_DEF_VERSION,
	PLAN_RESOURCE_DEF_VERSION, PLAN_ROUTING_DEF_VERSION, PLAN_MAINTENANCE_DEF_VERSION,
	PLAN_LANE_DEF_VERSION, PLAN_DEMAND_DEF_VERSION, PLAN_RECEIPT_DEF_VERSION,
	PLAN_WORKFORCE_DEF_VERSION, PLAN_FAMILY_DEF_VERSION, PLAN_OPERATION_DEF_VERSION,
	PLAN_SUPPLIER_DEF_VERSION, PLAN_PROJECT_DEF_VERSION, PLAN_ACTIVITY_DEF_VERSION,
	PLAN_ACTIVITY_RESOURCE_DEF_VERSION, PLAN_ACTIVITY_MATERIAL_DEF_VERSION, PLAN_OUTPUT_DEF_VERSION,
};

unsigned plan_model__def_version(int t)
{
	return def_version[t];
}

/* The size of each earlier version of a def struct that has grown (format
 * 1.1): the fields before the first one that version lacks. */
size_t plan_model__def_size(int t, unsigned version)
{
	if (version == def_version[t])
		return plan_schema__tables[t].def_size;
	if (t == PLAN_TABLE_SKUS && version == 1)
		return offsetof(plan_sku_def, consume_back);
	if (t == PLAN_TABLE_SKUS && version == 2)
		return offsetof(plan_sku_def, batch_size);
	if (t == PLAN_TABLE_SKUS && version == 3)
		return offsetof(plan_sku_def, project_specific);
	if (t == PLAN_TABLE_ITEMS && version == 1)
		return offsetof(plan_item_def, decimals);
	if (t == PLAN_TABLE_SCENARIO && version == 1)
		return offsetof(plan_scenario_def, format);
	if (t == PLAN_TABLE_SCENARIO && version == 2)
		return offsetof(plan_scenario_def, sourcing);
	if (t == PLAN_TABLE_RECEIPTS && version == 1)
		return offsetof(plan_receipt_def, status);
	if (t == PLAN_TABLE_BOM && version == 1)
		return offsetof(plan_bom_def, alternate);
	if (t == PLAN_TABLE_ROUTINGS && version == 1)
		return offsetof(plan_routing_def, alternate);
	if (t == PLAN_TABLE_ROUTINGS && version == 2)
		return offsetof(plan_routing_def, rate);
	if (t == PLAN_TABLE_RESOURCES && version == 1)
		return offsetof(plan_resource_def, cost_per_hour);
	if (t == PLAN_TABLE_RESOURCES && version == 2)
		return offsetof(plan_resource_def, units);
	return 0;
}

const void *plan_model__default(int t)
{
	return defaults[t];
}

PLAN_EXPORT const char *plan_table_name(plan_table table)
{
	if ((int)table < 0 || table >= PLAN_TABLE_COUNT_)
		return NULL;
	return plan_schema__tables[table].name;
}

PLAN_EXPORT int plan_model_new(plan_model **out)
{
	if (!out)
		return PLAN_EINVAL;
	plan_model *m = calloc(1, sizeof(*m));
	*out = m;
	if (!m)
		return PLAN_ENOMEM;
	m->scenario = def_scenario;
	m->max_buckets = PLAN_MAX_BUCKETS_DEFAULT;
	for (int t = 0; t < PLAN_TABLE_COUNT_; t++)
		for (int c = 0; c < plan_schema__tables[t].ncols; c++)
			m->ref[t][c] = (int8_t)plan_model__ref(t, c);
	return 0;
}

PLAN_EXPORT int plan_model_set_max_buckets(plan_model *m, size_t max_buckets)
{
	if (!m)
		return PLAN_EINVAL;
	m->max_buckets = max_buckets ? max_buckets : PLAN_MAX_BUCKETS_DEFAULT;
	m->valid = 0;
	return 0;
}

int plan_model__load_options(plan_model *m, const plan_load_options *in, plan_load_options *o)
{
	plan_load_options r = PLAN_LOAD_OPTIONS_INIT;
	if (in && in->version == 1) {
		/* before max_buckets */
		r.max_errors = in->max_errors;
		r.validate = in->validate;
	} else if (in && in->version == PLAN_LOAD_OPTIONS_VERSION) {
		r = *in;
	} else if (in) {
		return PLAN_EINVAL;
	}
	*o = r; /* o may be in */
	if (m) {
		m->max_errors = o->max_errors;
		plan_model_set_max_buckets(m, o->max_buckets);
	}
	return 0;
}

PLAN_EXPORT void plan_model_free(plan_model *m)
{
	if (!m)
		return;
	for (int t = 0; t < PLAN_TABLE_COUNT_; t++) {
		plan_big__free(m->tab[t].rows, m->tab[t].cap, plan_schema__tables[t].def_size);
		plan_big__free(m->tab[t].ids, m->tab[t].ids_cap, sizeof(int32_t));
		plan_big__free(m->tab[t].line, m->tab[t].line_cap, sizeof(uint32_t));
		plan_big__free(m->tab[t].kslot, m->tab[t].nkslot, sizeof(uint64_t));
	}
	for (int i = 0; i < NS_COUNT; i++)
		plan_strtab__free(&m->ns[i]);
	plan_model__drop_levels(m);
	plan_model__drop_consumption(m);
	plan_model__drop_firm(m);
	plan_model__drop_alternates(m);
	plan_model__drop_projects(m);
	plan_model__drop_outputs(m);
	free(m->sp_off); /* validate.c's */
	free(m->sp_row);
	free(m->sku_dec); /* units.c's */
	free(m->lane_off);
	free(m->lane_row);
	free(m->lane_src);
	free(m->rt_off);
	free(m->rt_row);
	free(m->diag);
	plan_arena__free(&m->arena);
	free(m);
}

void plan_model__drop_alternates(plan_model *m)
{
	free(m->alt_off);
	free(m->alt);
	free(m->alt_rt);
	m->alt_off = m->alt_rt = NULL;
	m->alt = NULL;
	m->nalt = 0;
}

void plan_model__drop_outputs(plan_model *m)
{
	free(m->out_rec);
	free(m->out_sku);
	free(m->out_off);
	free(m->out_row);
	free(m->co_row);
	free(m->out_share);
	m->out_rec = m->out_sku = m->out_off = m->out_row = m->co_row = NULL;
	m->out_share = NULL;
}

void plan_model__drop_projects(plan_model *m)
{
	free(m->prj_off);
	free(m->prj_act);
	free(m->act_prj);
	free(m->pred_off);
	free(m->pred);
	free(m->ar_off);
	free(m->ar_row);
	free(m->ar_res);
	free(m->act_ls);
	free(m->act_le);
	free(m->mat_off);
	free(m->mat_dem);
	free(m->dem_act);
	m->act_ls = m->act_le = NULL;
	m->mat_off = m->mat_dem = m->dem_act = NULL;
	m->prj_off = m->prj_act = m->act_prj = m->pred_off = m->pred = NULL;
	m->ar_off = m->ar_row = m->ar_res = NULL;
}

void plan_model__drop_firm(plan_model *m)
{
	free(m->rec_lane);
	free(m->op_off);
	free(m->op_row);
	m->rec_lane = m->op_off = m->op_row = NULL;
}

void plan_model__drop_consumption(plan_model *m)
{
	free(m->dem_net);
	free(m->dem_used);
	free(m->fc_row);
	free(m->beyond);
	m->dem_net = m->dem_used = NULL;
	m->fc_row = m->beyond = NULL;
	m->nfc = m->nbeyond = 0;
}

void plan_model__drop_levels(plan_model *m)
{
	free(m->sku_llc);
	free(m->sku_cost);
	m->sku_cost = NULL;
	free(m->edge_off);
	free(m->edge_to);
	free(m->edge_row);
	m->sku_llc = m->edge_off = m->edge_to = m->edge_row = NULL;
	m->nedge = 0;
}

PLAN_EXPORT const char *plan_model_errmsg(const plan_model *m)
{
	return m ? m->errmsg : "no model";
}

int plan_model__error(plan_model *m, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->errmsg, sizeof(m->errmsg), fmt, ap);
	va_end(ap);
	return status;
}

static int diag_push(plan_model *m, int severity, const char *file, int line,
		     int column, const char *text, const char *message)
{
	/* what a file held is quoted for a terminal: no raw control bytes */
	text = plan_arena__printable(&m->arena, text);
	message = text ? plan_arena__printable(&m->arena, message) : NULL;
	if (!message) {
		m->oom = 1;
		return PLAN_ENOMEM;
	}
	if (severity == PLAN_SEVERITY_ERROR) {
		m->nerrors++;
		snprintf(m->errmsg, sizeof(m->errmsg), "%.500s", message);
	}
	if (m->max_errors && m->nerrors > m->max_errors)
		return severity == PLAN_SEVERITY_ERROR ? PLAN_EINVAL : 0;
	if (plan_vec__reserve((void **)&m->diag, &m->diag_cap, sizeof(*m->diag),
			      m->ndiag + 1) < 0) {
		m->oom = 1;
		return PLAN_ENOMEM;
	}
	plan_diag_rec *d = &m->diag[m->ndiag];
	d->severity = severity;
	d->file = file;
	d->line = line;
	d->column = column;
	d->phase = m->validating;
	d->text = text;
	d->message = message;
	m->ndiag++;
	return severity == PLAN_SEVERITY_ERROR ? PLAN_EINVAL : 0;
}

int plan_model__diag_at(plan_model *m, int severity, const char *file, int line,
			int column, const char *fmt, ...)
{
	char text[768], message[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (file && line > 0 && column > 0)
		snprintf(message, sizeof(message), "%s:%d:%d: %s", file, line, column, text);
	else if (file && line > 0)
		snprintf(message, sizeof(message), "%s:%d: %s", file, line, text);
	else if (file)
		snprintf(message, sizeof(message), "%s: %s", file, text);
	else
		snprintf(message, sizeof(message), "%s", text);
	return diag_push(m, severity, file, line, column, text, message);
}

int plan_model__diag(plan_model *m, int severity, int t, size_t row, int col,
		     const char *fmt, ...)
{
	const plan_schema *s = &plan_schema__tables[t];
	const plan_tab *tab = &m->tab[t];
	char text[768], message[1024];
	va_list ap;
	va_start(ap, fmt);
	int k = col >= 0 ? snprintf(text, sizeof(text), "%s: ", s->cols[col].name) : 0;
	vsnprintf(text + k, sizeof(text) - (size_t)k, fmt, ap);
	va_end(ap);

	uint32_t line;
	if (t == PLAN_TABLE_SCENARIO)
		line = col >= 0 ? m->scenario_line[col] : 0;
	else
		line = row < tab->n ? tab->line[row] : m->cur_line;
	int column = col >= 0 ? tab->col[col] : 0;
	if (line > 0 && tab->file) {
		if (column > 0)
			snprintf(message, sizeof(message), "%s:%u:%d: %s", tab->file, line, column, text);
		else
			snprintf(message, sizeof(message), "%s:%u: %s", tab->file, line, text);
		return diag_push(m, severity, tab->file, (int)line, column, text, message);
	}
	if (tab->file) {
		snprintf(message, sizeof(message), "%s: %s", tab->file, text);
		return diag_push(m, severity, tab->file, 0, 0, text, message);
	}
	/* a row added by a call: name the table and the row number */
	if (t == PLAN_TABLE_SCENARIO)
		snprintf(message, sizeof(message), "scenario: %s", text);
	else
		snprintf(message, sizeof(message), "%s row %zu: %s", s->name, row + 1, text);
	return diag_push(m, severity, s->name, 0, 0, text, message);
}

const char *plan_model__where(const plan_model *m, int t, size_t row, int col, char *buf,
			      size_t n)
{
	const plan_tab *tab = &m->tab[t];
	uint32_t line = row < tab->n ? tab->line[row] : 0;
	int column = col >= 0 ? tab->col[col] : 0;
	if (line > 0 && tab->file && column > 0)
		snprintf(buf, n, "%s:%u:%d", tab->file, line, column);
	else if (line > 0 && tab->file)
		snprintf(buf, n, "%s:%u", tab->file, line);
	else
		snprintf(buf, n, "%s row %zu", plan_schema__tables[t].name, row + 1);
	return buf;
}

int plan_model__ref(int t, int col)
{
	const plan_schema *s = &plan_schema__tables[t];
	int k = 0;
	for (int c = 0; c < col; c++)
		k += s->cols[c].type == COL_CODE;
	return k;
}

PLAN_EXPORT size_t plan_model_count_diags(const plan_model *m)
{
	return m ? m->ndiag : 0;
}

PLAN_EXPORT size_t plan_model_count_errors(const plan_model *m)
{
	return m ? m->nerrors : 0;
}

PLAN_EXPORT int plan_model_get_diag(plan_diag *out, const plan_model *m, size_t index)
{
	if (!m || !out)
		return PLAN_EINVAL;
	if (index >= m->ndiag)
		return PLAN_ERANGE;
	const plan_diag_rec *d = &m->diag[index];
	out->version = PLAN_DIAG_VERSION;
	out->severity = (plan_severity)d->severity;
	out->file = d->file;
	out->line = d->line;
	out->column = d->column;
	out->text = d->text;
	out->message = d->message;
	return 0;
}

PLAN_EXPORT size_t plan_model_count(const plan_model *m, plan_table table)
{
	if (!m || (int)table < 0 || table >= PLAN_TABLE_COUNT_)
		return 0;
	return plan_model__given(m, table);
}

static int get_row(const plan_model *m, int t, size_t index, void *out)
{
	if (!m || !out)
		return PLAN_EINVAL;
	unsigned version;
	memcpy(&version, out, sizeof(version));
	size_t size = plan_model__def_size(t, version);
	if (!size)
		return PLAN_EINVAL;
	if (index >= plan_model__given(m, t))
		return PLAN_ERANGE;
	/* the fields the caller's version has; its version stays */
	memcpy((char *)out + sizeof(version), (const char *)TAB_ROW(m, t, index) + sizeof(version),
	       size - sizeof(version));
	return 0;
}

PLAN_EXPORT int plan_model_get_scenario(plan_scenario_def *out, const plan_model *m)
{
	size_t size = m && out ? plan_model__def_size(PLAN_TABLE_SCENARIO, out->version) : 0;
	if (!size)
		return PLAN_EINVAL;
	if (!m->has_scenario)
		return PLAN_ERANGE;
	memcpy((char *)out + sizeof(out->version), (const char *)&m->scenario + sizeof(out->version),
	       size - sizeof(out->version));
	return 0;
}

#define GET(fn, type, table)                                                    \
	PLAN_EXPORT int fn(type *out, const plan_model *model, size_t index)    \
	{                                                                       \
		return get_row(model, table, index, out);                       \
	}

GET(plan_model_get_calendar, plan_calendar_def, PLAN_TABLE_CALENDARS)
GET(plan_model_get_calendar_day, plan_calendar_day_def, PLAN_TABLE_CALENDAR_DAYS)
GET(plan_model_get_site, plan_site_def, PLAN_TABLE_SITES)
GET(plan_model_get_item, plan_item_def, PLAN_TABLE_ITEMS)
GET(plan_model_get_sku, plan_sku_def, PLAN_TABLE_SKUS)
GET(plan_model_get_bom_line, plan_bom_def, PLAN_TABLE_BOM)
GET(plan_model_get_resource, plan_resource_def, PLAN_TABLE_RESOURCES)
GET(plan_model_get_routing_step, plan_routing_def, PLAN_TABLE_ROUTINGS)
GET(plan_model_get_maintenance, plan_maintenance_def, PLAN_TABLE_MAINTENANCE)
GET(plan_model_get_lane, plan_lane_def, PLAN_TABLE_SOURCING)
GET(plan_model_get_demand, plan_demand_def, PLAN_TABLE_DEMAND)
GET(plan_model_get_receipt, plan_receipt_def, PLAN_TABLE_RECEIPTS)
GET(plan_model_get_workforce, plan_workforce_def, PLAN_TABLE_WORKFORCE)
GET(plan_model_get_family, plan_family_def, PLAN_TABLE_FAMILIES)
GET(plan_model_get_operation, plan_operation_def, PLAN_TABLE_OPERATIONS)
GET(plan_model_get_supplier, plan_supplier_def, PLAN_TABLE_SUPPLIERS)
GET(plan_model_get_project, plan_project_def, PLAN_TABLE_PROJECTS)
GET(plan_model_get_activity, plan_activity_def, PLAN_TABLE_ACTIVITIES)
GET(plan_model_get_activity_resource, plan_activity_resource_def, PLAN_TABLE_ACTIVITY_RESOURCES)
GET(plan_model_get_activity_material, plan_activity_material_def, PLAN_TABLE_ACTIVITY_MATERIALS)
GET(plan_model_get_output, plan_output_def, PLAN_TABLE_OUTPUTS)

static int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Compares two rows column by column (by value, never by pointer). */
static int row_equal(int t, const void *a, const void *b)
{
	const plan_schema *s = &plan_schema__tables[t];
	for (int c = 0; c < s->ncols; c++) {
		const plan_col *col = &s->cols[c];
		const char *fa = FIELD(a, col), *fb = FIELD(b, col);
		switch (col->type) {
		case COL_CODE:
		case COL_TEXT: {
			const char *x, *y;
			memcpy(&x, fa, sizeof(x));
			memcpy(&y, fb, sizeof(y));
			if (!str_eq(x, y))
				return 0;
			break;
		}
		case COL_NUM: {
			double x, y;
			memcpy(&x, fa, sizeof(x));
			memcpy(&y, fb, sizeof(y));
			if (x != y)
				return 0;
			break;
		}
		default: {
			int32_t x, y;
			memcpy(&x, fa, sizeof(x));
			memcpy(&y, fb, sizeof(y));
			if (x != y)
				return 0;
			break;
		}
		}
	}
	return 1;
}

PLAN_EXPORT int plan_model_equal(const plan_model *a, const plan_model *b)
{
	if (!a || !b)
		return a == b;
	if (a->has_scenario != b->has_scenario ||
	    (a->has_scenario && !row_equal(PLAN_TABLE_SCENARIO, &a->scenario, &b->scenario)))
		return 0;
	for (int t = 1; t < PLAN_TABLE_COUNT_; t++) {
		if (plan_model__given(a, t) != plan_model__given(b, t))
			return 0;
		for (size_t i = 0; i < plan_model__given(a, t); i++)
			if (!row_equal(t, TAB_ROW(a, t, i), TAB_ROW(b, t, i)))
				return 0;
	}
	return 1;
}
