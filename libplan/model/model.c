/* The model's tables: adding rows (with the checks one row allows on its own),
 * diagnostics, and reading rows back. */
#include "model/model_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(plan_sku_type) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(plan_lot_rule) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(plan_bucket) == sizeof(int), "enums are int-sized");

#define CODE_MAX 64

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

static const void *const defaults[PLAN_TABLE_COUNT_] = {
	&def_scenario, &def_calendar, &def_calendar_day, &def_site, &def_item,
	&def_sku, &def_bom, &def_resource, &def_routing, &def_maintenance,
	&def_lane, &def_demand, &def_receipt, &def_workforce, &def_family,
};

/* The version each table's def struct has now. */
static const unsigned def_version[PLAN_TABLE_COUNT_] = {
	PLAN_SCENARIO_DEF_VERSION, PLAN_CALENDAR_DEF_VERSION, PLAN_CALENDAR_DAY_DEF_VERSION,
	PLAN_SITE_DEF_VERSION, PLAN_ITEM_DEF_VERSION, PLAN_SKU_DEF_VERSION, PLAN_BOM_DEF_VERSION,
	PLAN_RESOURCE_DEF_VERSION, PLAN_ROUTING_DEF_VERSION, PLAN_MAINTENANCE_DEF_VERSION,
	PLAN_LANE_DEF_VERSION, PLAN_DEMAND_DEF_VERSION, PLAN_RECEIPT_DEF_VERSION,
	PLAN_WORKFORCE_DEF_VERSION, PLAN_FAMILY_DEF_VERSION,
};

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
	free(m->lane_off);
	free(m->lane_row);
	free(m->rt_off);
	free(m->rt_row);
	free(m->diag);
	plan_arena__free(&m->arena);
	free(m);
}

void plan_model__drop_levels(plan_model *m)
{
	free(m->sku_llc);
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
	d->text = plan_arena__strndup(&m->arena, text, strlen(text));
	d->message = plan_arena__strndup(&m->arena, message, strlen(message));
	if (!d->text || !d->message) {
		m->oom = 1;
		return PLAN_ENOMEM;
	}
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

const char *plan_model__code_problem(const char *s, size_t len)
{
	if (len > CODE_MAX)
		return "longer than 64 bytes";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "holds a control character";
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return "has leading or trailing blanks";
	return NULL;
}

#define FIELD(def, col) ((char *)(def) + (col)->offset)

static int enum_count(const char *const *names)
{
	int n = 0;
	while (names[n])
		n++;
	return n;
}

static void enum_list(const char *const *names, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (int i = 0; names[i] && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", names[i]);
}

/* Checks and normalises every column of a row in *def (a copy), interning
 * codes into ids (or taking the ids given, already interned). Returns -1 if
 * the row must be dropped (its key is bad), else the number of errors
 * found. */
static int check_columns(plan_model *m, int t, void *def, int32_t *ids, uint32_t skip,
			 const int32_t *given)
{
	const plan_schema *s = &plan_schema__tables[t];
	const void *dflt = defaults[t];
	size_t row = m->tab[t].n;
	int errors = 0, drop = 0, k = 0;
	for (int c = 0; c < s->ncols; c++) {
		const plan_col *col = &s->cols[c];
		char *f = FIELD(def, col);
		int reported = (skip >> c) & 1u;
		int is_key = 0;
		for (int j = 0; s->key[j] >= 0; j++)
			is_key |= s->key[j] == c;
		switch (col->type) {
		case COL_CODE: {
			const char *v;
			int32_t id = -1;
			if (given) {
				/* interned and checked when the store's codes were read */
				id = given[k];
				v = id >= 0 ? m->ns[col->ns].str[id] : NULL;
			} else {
				memcpy(&v, f, sizeof(v));
			}
			size_t len = id >= 0 ? m->ns[col->ns].len[id] : v ? strlen(v) : 0;
			const char *why = len && !given ? plan_model__code_problem(v, len) : NULL;
			if (len == 0 && (col->flags & COLF_REQUIRED)) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "required value missing");
				errors++;
				drop |= is_key || t == PLAN_TABLE_SCENARIO;
			} else if (why) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "code %s", why);
				errors++;
				drop |= is_key;
			} else if (len && !given) {
				id = plan_strtab__id(&m->ns[col->ns], &m->arena, v, len, 1);
				if (id < 0) {
					m->oom = 1;
					return -1;
				}
			}
			const char *stored = id >= 0 ? m->ns[col->ns].str[id] : NULL;
			memcpy(f, &stored, sizeof(stored));
			ids[k++] = id;
			break;
		}
		case COL_TEXT: {
			const char *v;
			memcpy(&v, f, sizeof(v));
			const char *stored = NULL;
			if (v && *v) {
				stored = plan_arena__strndup(&m->arena, v, strlen(v));
				if (!stored) {
					m->oom = 1;
					return -1;
				}
			}
			memcpy(f, &stored, sizeof(stored));
			break;
		}
		case COL_NUM: {
			double v;
			memcpy(&v, f, sizeof(v));
			if (v == PLAN_NONE && (col->flags & COLF_NONE))
				break;
			if (v == PLAN_NONE && (col->flags & COLF_REQUIRED)) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "required value missing");
				errors++;
			} else if (!plan_schema__check_ok(col->check, v)) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "expected %s, got %.15g",
							 plan_schema__check_text(col->check), v);
				errors++;
				memcpy(f, FIELD(dflt, col), sizeof(v));
			} else if (v != 0 && (fabs(v) > PLAN_MAX_MAGNITUDE ||
					      fabs(v) < PLAN_MIN_MAGNITUDE)) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "%.15g is past the limits: 0 or a magnitude "
							 "from 1e-9 to 1e12", v);
				errors++;
				memcpy(f, FIELD(dflt, col), sizeof(v));
			}
			break;
		}
		case COL_INT: {
			int v;
			memcpy(&v, f, sizeof(v));
			if (!plan_schema__check_ok(col->check, (double)v)) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "expected %s, got %d",
							 plan_schema__check_text(col->check), v);
				errors++;
				memcpy(f, FIELD(dflt, col), sizeof(v));
			} else if (v > PLAN_MAX_INTEGER || v < -PLAN_MAX_INTEGER) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "%d is past the limit: at most %d", v,
							 PLAN_MAX_INTEGER);
				errors++;
				memcpy(f, FIELD(dflt, col), sizeof(v));
			}
			break;
		}
		case COL_DATE: {
			plan_date v;
			memcpy(&v, f, sizeof(v));
			if (v == PLAN_DATE_NONE) {
				if (col->flags & COLF_REQUIRED) {
					if (!reported)
						plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
								 "required value missing");
					errors++;
				}
			} else if (plan_date_to_ymd(NULL, NULL, NULL, v) < 0) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "date out of range (day number %ld)",
							 (long)v);
				errors++;
				memcpy(f, FIELD(dflt, col), sizeof(v));
			}
			break;
		}
		case COL_ENUM: {
			int v;
			memcpy(&v, f, sizeof(v));
			if (v < 0 || v >= enum_count(col->enums)) {
				char list[128];
				enum_list(col->enums, list, sizeof(list));
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "expected one of %s, got %d", list, v);
				errors++;
				memcpy(f, FIELD(dflt, col), sizeof(v));
			}
			break;
		}
		case COL_BOOL: {
			int v;
			memcpy(&v, f, sizeof(v));
			if (v != 0 && v != 1) {
				if (!reported)
					plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, c,
							 "expected 0 or 1, got %d", v);
				errors++;
				memcpy(f, FIELD(dflt, col), sizeof(v));
			}
			break;
		}
		}
	}
	return drop ? -1 : errors;
}

/* Checks of one row that involve several of its columns. */
static int check_row(plan_model *m, int t, void *def, const int32_t *ids)
{
	size_t row = m->tab[t].n;
	const int E = PLAN_SEVERITY_ERROR;
	int errors = 0;
	switch (t) {
	case PLAN_TABLE_CALENDARS: {
		plan_calendar_def *d = def;
		if (d->weekdays) {
			int ok = strlen(d->weekdays) == 7;
			for (int i = 0; ok && i < 7; i++)
				ok = d->weekdays[i] == '0' || d->weekdays[i] == '1';
			if (!ok) {
				plan_model__diag(m, E, t, row, CAL_WEEKDAYS,
						 "expected 7 characters of 0 or 1, Monday first, got \"%s\"",
						 d->weekdays);
				d->weekdays = NULL;
				errors++;
			}
		}
		break;
	}
	case PLAN_TABLE_SKUS: {
		plan_sku_def *d = def;
		if (d->phantom && d->type != PLAN_SKU_MAKE) {
			plan_model__diag(m, E, t, row, SKU_PHANTOM, "a phantom must be a make SKU");
			errors++;
		}
		if (d->phantom && d->on_hand > 0) {
			plan_model__diag(m, E, t, row, SKU_ON_HAND,
					 "a phantom is never stocked, got on_hand %.15g", d->on_hand);
			errors++;
		}
		if (d->lot_rule == PLAN_LOT_FOQ && d->lot_qty == PLAN_NONE) {
			plan_model__diag(m, E, t, row, SKU_LOT_QTY, "lot rule FOQ needs lot_qty");
			errors++;
		}
		if (d->lot_rule == PLAN_LOT_POQ && d->lot_periods < 1) {
			plan_model__diag(m, E, t, row, SKU_LOT_PERIODS,
					 "lot rule POQ needs lot_periods >= 1");
			errors++;
		}
		if ((d->lot_rule == PLAN_LOT_EOQ || d->lot_rule == PLAN_LOT_PPB) &&
		    !(d->holding_cost > 0)) {
			plan_model__diag(m, E, t, row, SKU_HOLDING_COST,
					 "lot rule %s needs holding_cost > 0",
					 d->lot_rule == PLAN_LOT_EOQ ? "EOQ" : "PPB");
			errors++;
		}
		if (d->lot_max != PLAN_NONE && d->lot_max < d->lot_min) {
			plan_model__diag(m, E, t, row, SKU_LOT_MAX,
					 "lot_max %.15g is below lot_min %.15g", d->lot_max, d->lot_min);
			errors++;
		}
		if (d->lot_max != PLAN_NONE && d->lot_multiple != PLAN_NONE &&
		    d->lot_max < d->lot_multiple) {
			plan_model__diag(m, E, t, row, SKU_LOT_MAX,
					 "lot_max %.15g is below lot_multiple %.15g",
					 d->lot_max, d->lot_multiple);
			errors++;
		}
		break;
	}
	case PLAN_TABLE_BOM: {
		plan_bom_def *d = def;
		if (d->valid_from != PLAN_DATE_NONE && d->valid_until != PLAN_DATE_NONE &&
		    d->valid_until <= d->valid_from) {
			char a[11], b[11];
			plan_date_format(a, d->valid_until);
			plan_date_format(b, d->valid_from);
			plan_model__diag(m, E, t, row, BOM_VALID_UNTIL,
					 "%s is not after valid_from %s", a, b);
			errors++;
		}
		if (ids[0] >= 0 && ids[0] == ids[2]) {
			plan_model__diag(m, E, t, row, BOM_COMPONENT,
					 "%s is its own component", d->parent);
			errors++;
		}
		break;
	}
	case PLAN_TABLE_MAINTENANCE: {
		plan_maintenance_def *d = def;
		if (d->start != PLAN_DATE_NONE && d->end != PLAN_DATE_NONE && d->end < d->start) {
			char a[11], b[11];
			plan_date_format(a, d->end);
			plan_date_format(b, d->start);
			plan_model__diag(m, E, t, row, MB_END, "%s is before start %s", a, b);
			errors++;
		}
		if (ids[1] >= 0 && ids[1] == ids[2]) {
			plan_model__diag(m, E, t, row, MB_ALT,
					 "the alternate of %s cannot be %s itself",
					 d->resource, d->resource);
			errors++;
		}
		break;
	}
	case PLAN_TABLE_SOURCING: {
		plan_lane_def *d = def;
		if (ids[1] >= 0 && ids[1] == ids[2]) {
			plan_model__diag(m, E, t, row, LANE_SOURCE,
					 "cycle in the sourcing lanes: %s@%s -> %s@%s",
					 d->item, d->site, d->item, d->source);
			errors++;
		}
		break;
	}
	case PLAN_TABLE_RECEIPTS: {
		plan_receipt_def *d = def;
		if (d->kind == PLAN_RECEIPT_TRANSFER && !d->source) {
			plan_model__diag(m, E, t, row, REC_SOURCE,
					 "a transfer receipt needs its source site");
			errors++;
		}
		break;
	}
	case PLAN_TABLE_WORKFORCE: {
		plan_workforce_def *d = def;
		if (d->max_workers != PLAN_NONE && d->max_workers < d->min_workers) {
			plan_model__diag(m, E, t, row, WF_MAX,
					 "max_workers %.15g is below min_workers %.15g",
					 d->max_workers, d->min_workers);
			errors++;
		}
		break;
	}
	default:
		break;
	}
	return errors;
}

/* Hash and equality of a row's key (code ids and dates). */
static uint64_t key_hash(const plan_model *m, int t, const void *def, const int32_t *ids)
{
	const plan_schema *s = &plan_schema__tables[t];
	uint64_t h = 0;
	for (int j = 0; s->key[j] >= 0; j++) {
		const plan_col *col = &s->cols[s->key[j]];
		int64_t v;
		if (col->type == COL_CODE) {
			v = ids[MODEL_REF(m, t, s->key[j])];
		} else {
			plan_date d;
			memcpy(&d, FIELD(def, col), sizeof(d));
			v = d;
		}
		h = plan_hash__u64(h ^ (uint64_t)v);
	}
	return h;
}

static int key_equal(const plan_model *m, int t, size_t row, const void *def,
		     const int32_t *ids)
{
	const plan_schema *s = &plan_schema__tables[t];
	for (int j = 0; s->key[j] >= 0; j++) {
		int c = s->key[j];
		const plan_col *col = &s->cols[c];
		if (col->type == COL_CODE) {
			int k = MODEL_REF(m, t, c);
			if (TAB_ID(m, t, row, k) != ids[k])
				return 0;
		} else {
			plan_date a, b;
			memcpy(&a, FIELD(TAB_ROW(m, t, row), col), sizeof(a));
			memcpy(&b, FIELD(def, col), sizeof(b));
			if (a != b)
				return 0;
		}
	}
	return 1;
}

/* Key slots hold the high half of the key's hash beside the row, so that
 * a probe rarely has to read the row to compare keys. */
#define KSLOT(h, row) (((h) & 0xffffffff00000000ULL) | (uint64_t)(uint32_t)((row) + 1))
#define KSLOT_ROW(v) ((long)(uint32_t)(v) - 1)

/* Row with the same key as def, or -1. */
static long key_find(const plan_model *m, int t, const void *def, const int32_t *ids)
{
	const plan_tab *tab = &m->tab[t];
	if (!tab->nkslot)
		return -1;
	uint64_t hash = key_hash(m, t, def, ids);
	size_t h = hash & (tab->nkslot - 1);
	while (tab->kslot[h]) {
		uint64_t v = tab->kslot[h];
		if ((v ^ hash) >> 32 == 0 && key_equal(m, t, (size_t)KSLOT_ROW(v), def, ids))
			return KSLOT_ROW(v);
		h = (h + 1) & (tab->nkslot - 1);
	}
	return -1;
}

static int key_insert(plan_model *m, int t, size_t row)
{
	plan_tab *tab = &m->tab[t];
	if ((tab->n + 1) * 2 > tab->nkslot) {
		size_t nslot = tab->nkslot ? tab->nkslot * 2 : 64;
		uint64_t *slot = plan_big__slots(nslot);
		if (!slot)
			return -1;
		for (size_t k = 0; k < tab->nkslot; k++) {
			uint64_t v = tab->kslot[k];
			if (!v)
				continue;
			/* the low bits of the hash are gone: hash the row again */
			long i = KSLOT_ROW(v);
			uint64_t hash = key_hash(m, t, TAB_ROW(m, t, i), &TAB_ID(m, t, i, 0));
			size_t h = hash & (nslot - 1);
			while (slot[h])
				h = (h + 1) & (nslot - 1);
			slot[h] = v;
		}
		plan_big__free(tab->kslot, tab->nkslot, sizeof(uint64_t));
		tab->kslot = slot;
		tab->nkslot = nslot;
	}
	uint64_t hash = key_hash(m, t, TAB_ROW(m, t, row), &TAB_ID(m, t, row, 0));
	size_t h = hash & (tab->nkslot - 1);
	while (tab->kslot[h])
		h = (h + 1) & (tab->nkslot - 1);
	tab->kslot[h] = KSLOT(hash, row);
	return 0;
}

static void describe_key(const plan_model *m, int t, const void *def, char *buf, size_t n)
{
	const plan_schema *s = &plan_schema__tables[t];
	size_t k = 0;
	buf[0] = '\0';
	for (int j = 0; s->key[j] >= 0 && k < n; j++) {
		const plan_col *col = &s->cols[s->key[j]];
		const char *sep = j ? ", " : "";
		if (col->type == COL_CODE) {
			const char *v;
			memcpy(&v, FIELD(def, col), sizeof(v));
			k += (size_t)snprintf(buf + k, n - k, "%s%s %s", sep, col->name,
					      v ? v : "(empty)");
		} else {
			plan_date d;
			char ds[11] = "(none)";
			memcpy(&d, FIELD(def, col), sizeof(d));
			if (d != PLAN_DATE_NONE)
				plan_date_format(ds, d);
			k += (size_t)snprintf(buf + k, n - k, "%s%s %s", sep, col->name, ds);
		}
	}
	(void)m;
}

/* Replaces the key slots of tab by empty ones for n rows. 0 or -1. */
static int kslot_fresh(plan_tab *tab, size_t n)
{
	size_t nslot = 64;
	while (nslot < n * 2)
		nslot *= 2;
	uint64_t *slot = plan_big__slots(nslot);
	if (!slot)
		return -1;
	plan_big__free(tab->kslot, tab->nkslot, sizeof(uint64_t));
	tab->kslot = slot;
	tab->nkslot = nslot;
	return 0;
}

/* Reports row (of def) as a duplicate of row first. */
static void report_duplicate(plan_model *m, int t, size_t row, const void *def, long first)
{
	const plan_schema *s = &plan_schema__tables[t];
	const plan_tab *tab = &m->tab[t];
	char key[256];
	describe_key(m, t, def, key, sizeof(key));
	if (tab->line[first] && tab->file)
		plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, s->key[0],
				 "duplicate %s (%s), first on line %u", s->what, key,
				 tab->line[first]);
	else
		plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, s->key[0],
				 "duplicate %s (%s), first in row %ld", s->what, key, first + 1);
}

int plan_model__index_keys(plan_model *m, int t, size_t from)
{
	const plan_schema *s = &plan_schema__tables[t];
	plan_tab *tab = &m->tab[t];
	if (s->key[0] < 0 || from >= tab->n)
		return 0;
	if (tab->n * 2 > tab->nkslot) {
		/* grow by re-inserting what is indexed (rows before from) */
		if (kslot_fresh(tab, tab->n) < 0)
			return PLAN_ENOMEM;
		uint64_t *slot = tab->kslot;
		size_t nslot = tab->nkslot;
		for (size_t i = 0; i < from; i++) {
			uint64_t hash = key_hash(m, t, TAB_ROW(m, t, i), &TAB_ID(m, t, i, 0));
			size_t h = hash & (nslot - 1);
			while (slot[h])
				h = (h + 1) & (nslot - 1);
			slot[h] = KSLOT(hash, i);
		}
	}
	/* hashes of a batch first, their slots prefetched, then the probes: the
	 * cache misses of a batch overlap instead of following one another */
	enum { BATCH = 16 };
	uint64_t hs[BATCH];
	size_t mask = tab->nkslot - 1;
	for (size_t base = from; base < tab->n; base += BATCH) {
		size_t cnt = tab->n - base < BATCH ? tab->n - base : BATCH;
		for (size_t j = 0; j < cnt; j++) {
			hs[j] = key_hash(m, t, TAB_ROW(m, t, base + j), &TAB_ID(m, t, base + j, 0));
#if defined(__GNUC__)
			__builtin_prefetch(&tab->kslot[hs[j] & mask], 1);
#endif
		}
		for (size_t j = 0; j < cnt; j++) {
			size_t row = base + j, h = hs[j] & mask;
			const void *def = TAB_ROW(m, t, row);
			const int32_t *ids = &TAB_ID(m, t, row, 0);
			long first = -1;
			while (tab->kslot[h]) {
				uint64_t v = tab->kslot[h];
				if ((v ^ hs[j]) >> 32 == 0 &&
				    key_equal(m, t, (size_t)KSLOT_ROW(v), def, ids)) {
					first = KSLOT_ROW(v);
					break;
				}
				h = (h + 1) & mask;
			}
			if (first >= 0)
				report_duplicate(m, t, row, def, first);
			else
				tab->kslot[h] = KSLOT(hs[j], row);
		}
	}
	return 0;
}

int plan_model__add(plan_model *m, int t, const void *def, uint32_t skip)
{
	return plan_model__add_ids(m, t, def, skip, NULL);
}

int plan_model__reserve(plan_model *m, int t, size_t n)
{
	const plan_schema *s = &plan_schema__tables[t];
	plan_tab *tab = &m->tab[t];
	size_t want = tab->n + n, cap = tab->cap;
	if (plan_big__reserve((void **)&tab->rows, &cap, s->def_size, want) < 0 ||
	    plan_big__reserve((void **)&tab->line, &tab->line_cap, sizeof(uint32_t), want) < 0 ||
	    (s->nref && plan_big__reserve((void **)&tab->ids, &tab->ids_cap, sizeof(int32_t),
					  want * (size_t)s->nref) < 0))
		return PLAN_ENOMEM;
	tab->cap = cap;
	if (s->key[0] < 0 || tab->n || want * 2 <= tab->nkslot)
		return 0;
	return kslot_fresh(tab, want) < 0 ? PLAN_ENOMEM : 0;
}

int plan_model__add_ids(plan_model *m, int t, const void *def, uint32_t skip,
			const int32_t *given)
{
	const plan_schema *s = &plan_schema__tables[t];
	plan_tab *tab = &m->tab[t];
	unsigned version;
	memcpy(&version, def, sizeof(version));
	if (version != def_version[t])
		return plan_model__error(m, PLAN_EINVAL, "%s: unknown def version %u",
					 s->name, version);
	int32_t ids[8];
	/* the row is checked in the slot it will take; it takes it only at the end */
	size_t cap = tab->cap;
	if (plan_big__reserve((void **)&tab->rows, &cap, s->def_size, tab->n + 1) < 0 ||
	    plan_big__reserve((void **)&tab->line, &tab->line_cap, sizeof(uint32_t), tab->n + 1) < 0 ||
	    (s->nref && plan_big__reserve((void **)&tab->ids, &tab->ids_cap, sizeof(int32_t),
					  (tab->n + 1) * (size_t)s->nref) < 0))
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	tab->cap = cap;
	char *row = tab->rows + tab->n * s->def_size;
	memcpy(row, def, s->def_size);
	m->valid = 0;

	int errors = check_columns(m, t, row, ids, skip, given);
	if (m->oom)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (errors < 0) {
		return PLAN_EINVAL;
	}
	errors += check_row(m, t, row, ids);
	int keyed = s->key[0] >= 0 && !m->defer_keys;
	if (keyed) {
		long first = key_find(m, t, row, ids);
		if (first >= 0) {
			report_duplicate(m, t, tab->n, row, first);
			return PLAN_EINVAL;
		}
	}
	memcpy(tab->ids + tab->n * (size_t)s->nref, ids, (size_t)s->nref * sizeof(int32_t));
	tab->line[tab->n] = m->cur_line;
	tab->n++;
	if (keyed && key_insert(m, t, tab->n - 1) < 0)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (errors || skip) {
		return PLAN_EINVAL;
	}
	return 0;
}

int plan_model__set_scenario(plan_model *m, const plan_scenario_def *def, uint32_t skip)
{
	if (def->version != PLAN_SCENARIO_DEF_VERSION)
		return plan_model__error(m, PLAN_EINVAL, "scenario: unknown def version %u",
					 def->version);
	plan_scenario_def d = *def;
	int32_t ids[1];
	m->valid = 0;
	m->tab[PLAN_TABLE_SCENARIO].n = 0;
	int errors = check_columns(m, PLAN_TABLE_SCENARIO, &d, ids, skip, NULL);
	if (m->oom)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (errors >= 0 && d.start != PLAN_DATE_NONE && d.end != PLAN_DATE_NONE &&
	    d.end < d.start) {
		char a[11], b[11];
		plan_date_format(a, d.end);
		plan_date_format(b, d.start);
		plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_SCENARIO, 0, SCN_END,
				 "%s is before start %s", a, b);
		d.end = PLAN_DATE_NONE;
		errors++;
	}
	if (errors < 0) {
		return PLAN_EINVAL;
	}
	m->scenario = d;
	m->has_scenario = 1;
	m->tab[PLAN_TABLE_SCENARIO].n = 1;
	if (errors || skip) {
		return PLAN_EINVAL;
	}
	return 0;
}

#define ADD(fn, type, table)                                            \
	PLAN_EXPORT int fn(plan_model *model, const type *def)          \
	{                                                               \
		if (!model || !def)                                     \
			return PLAN_EINVAL;                             \
		model->cur_line = 0;                                    \
		return plan_model__add(model, table, def, 0);           \
	}

ADD(plan_model_add_calendar, plan_calendar_def, PLAN_TABLE_CALENDARS)
ADD(plan_model_add_calendar_day, plan_calendar_day_def, PLAN_TABLE_CALENDAR_DAYS)
ADD(plan_model_add_site, plan_site_def, PLAN_TABLE_SITES)
ADD(plan_model_add_item, plan_item_def, PLAN_TABLE_ITEMS)
ADD(plan_model_add_sku, plan_sku_def, PLAN_TABLE_SKUS)
ADD(plan_model_add_bom_line, plan_bom_def, PLAN_TABLE_BOM)
ADD(plan_model_add_resource, plan_resource_def, PLAN_TABLE_RESOURCES)
ADD(plan_model_add_routing_step, plan_routing_def, PLAN_TABLE_ROUTINGS)
ADD(plan_model_add_maintenance, plan_maintenance_def, PLAN_TABLE_MAINTENANCE)
ADD(plan_model_add_lane, plan_lane_def, PLAN_TABLE_SOURCING)
ADD(plan_model_add_demand, plan_demand_def, PLAN_TABLE_DEMAND)
ADD(plan_model_add_receipt, plan_receipt_def, PLAN_TABLE_RECEIPTS)
ADD(plan_model_add_workforce, plan_workforce_def, PLAN_TABLE_WORKFORCE)
ADD(plan_model_add_family, plan_family_def, PLAN_TABLE_FAMILIES)

PLAN_EXPORT int plan_model_set_scenario(plan_model *model, const plan_scenario_def *def)
{
	if (!model || !def)
		return PLAN_EINVAL;
	memset(model->scenario_line, 0, sizeof(model->scenario_line));
	return plan_model__set_scenario(model, def, 0);
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
	return m->tab[table].n;
}

static int get_row(const plan_model *m, int t, size_t index, void *out)
{
	if (!m || !out)
		return PLAN_EINVAL;
	unsigned version;
	memcpy(&version, out, sizeof(version));
	if (version != def_version[t])
		return PLAN_EINVAL;
	if (index >= m->tab[t].n)
		return PLAN_ERANGE;
	memcpy(out, TAB_ROW(m, t, index), plan_schema__tables[t].def_size);
	return 0;
}

PLAN_EXPORT int plan_model_get_scenario(plan_scenario_def *out, const plan_model *m)
{
	if (!m || !out || out->version != PLAN_SCENARIO_DEF_VERSION)
		return PLAN_EINVAL;
	if (!m->has_scenario)
		return PLAN_ERANGE;
	*out = m->scenario;
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

int32_t plan_model__code_id(const plan_model *m, int ns, const char *s)
{
	if (!s)
		return -1;
	return plan_strtab__id((plan_strtab *)&m->ns[ns], NULL, s, strlen(s), 0);
}

long plan_model__row_by_name(const plan_model *m, int ns, int t, const char *code)
{
	int32_t id = code ? plan_model__code_id(m, ns, code) : -1;
	return id < 0 ? -1 : plan_model__row_by_code(m, t, id);
}

long plan_model__row_by_code(const plan_model *m, int t, int32_t id)
{
	int32_t ids[8];
	char def[256];
	const plan_schema *s = &plan_schema__tables[t];
	if (id < 0)
		return -1;
	memset(ids, 0xff, sizeof(ids));
	ids[MODEL_REF(m, t, s->key[0])] = id;
	memset(def, 0, sizeof(def));
	return key_find(m, t, def, ids);
}

long plan_model__sku(const plan_model *m, int32_t item, int32_t site)
{
	int32_t ids[2] = { item, site };
	plan_sku_def def = PLAN_SKU_DEF_INIT;
	if (item < 0 || site < 0)
		return -1;
	return key_find(m, PLAN_TABLE_SKUS, &def, ids);
}

PLAN_EXPORT long plan_model_find_sku(const plan_model *m, const char *item, const char *site)
{
	if (!m || !item || !site)
		return -1;
	return plan_model__sku(m, plan_model__code_id(m, NS_ITEM, item),
			       plan_model__code_id(m, NS_SITE, site));
}

const char *plan_model__sku_name(const plan_model *m, int32_t item, int32_t site,
				 char *buf, size_t n)
{
	snprintf(buf, n, "%s@%s", item >= 0 ? m->ns[NS_ITEM].str[item] : "?",
		 site >= 0 ? m->ns[NS_SITE].str[site] : "?");
	return buf;
}

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
		if (a->tab[t].n != b->tab[t].n)
			return 0;
		for (size_t i = 0; i < a->tab[t].n; i++)
			if (!row_equal(t, TAB_ROW(a, t, i), TAB_ROW(b, t, i)))
				return 0;
	}
	return 1;
}

/* --- what-if edits ------------------------------------------------------ */

PLAN_EXPORT int plan_model_scale_demand(plan_model *m, double factor)
{
	if (!m)
		return PLAN_EINVAL;
	if (!(factor >= 0) || !isfinite(factor))
		return plan_model__error(m, PLAN_EINVAL, "scale_demand: factor %g is not >= 0", factor);
	for (size_t i = 0; i < m->tab[PLAN_TABLE_DEMAND].n; i++) {
		plan_demand_def *d = (plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		d->qty *= factor;
	}
	m->valid = 0;
	return 0;
}

PLAN_EXPORT int plan_model_set_resource_hours(plan_model *m, const char *resource, double hours)
{
	if (!m || !resource)
		return PLAN_EINVAL;
	if (!(hours >= 0) || !isfinite(hours))
		return plan_model__error(m, PLAN_EINVAL, "set_resource_hours: %g is not >= 0", hours);
	long row = plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES, resource);
	if (row < 0)
		return plan_model__error(m, PLAN_EINVAL, "set_resource_hours: no resource \"%s\"", resource);
	((plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, (size_t)row))->hours_per_day = hours;
	m->valid = 0;
	return 0;
}

PLAN_EXPORT int plan_model_close_lane(plan_model *m, const char *item, const char *site,
				      const char *source)
{
	if (!m || !item || !site || !source)
		return PLAN_EINVAL;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_SOURCING].n; i++) {
		plan_lane_def *l = (plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, i);
		if (!strcmp(l->item, item) && !strcmp(l->site, site) && !strcmp(l->source, source)) {
			l->max_per_bucket = 0;
			m->valid = 0;
			return 0;
		}
	}
	return plan_model__error(m, PLAN_EINVAL, "close_lane: no lane ships %s from %s to %s", item,
				 source, site);
}
