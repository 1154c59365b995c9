/* The checks one row allows on its own, before it joins its table: every
 * column against its type and range (format.md), codes interned, and the
 * rules between the columns of one row. */
#include "model/model_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_MAX 64

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
int plan_model__check_columns(plan_model *m, int t, void *def, int32_t *ids, uint32_t skip,
			 const int32_t *given)
{
	const plan_schema *s = &plan_schema__tables[t];
	const void *dflt = plan_model__default(t);
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
int plan_model__check_row(plan_model *m, int t, void *def, const int32_t *ids)
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
		if (d->batch_size != PLAN_NONE && d->type != PLAN_SKU_MAKE) {
			plan_model__diag(m, E, t, row, SKU_BATCH_SIZE,
					 "batch_size %.15g on a SKU that is not made", d->batch_size);
			errors++;
		} else if (d->batch_size != PLAN_NONE && d->lot_max != PLAN_NONE &&
			   d->lot_max < d->batch_size) {
			plan_model__diag(m, E, t, row, SKU_LOT_MAX,
					 "lot_max %.15g is below batch_size %.15g", d->lot_max,
					 d->batch_size);
			errors++;
		} else if (d->batch_size != PLAN_NONE && d->lot_multiple != PLAN_NONE &&
			   fabs(d->lot_multiple / d->batch_size -
				floor(d->lot_multiple / d->batch_size + 0.5)) > 1e-9) {
			plan_model__diag(m, E, t, row, SKU_LOT_MULTIPLE,
					 "lot_multiple %.15g is not a whole number of batches of %.15g",
					 d->lot_multiple, d->batch_size);
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
	case PLAN_TABLE_ROUTINGS: {
		plan_routing_def *d = def;
		if (d->rate != PLAN_NONE && d->run_hours > 0) {
			plan_model__diag(m, E, t, row, RT_RATE,
					 "a rate of %.10g an hour and run_hours %.10g: give one of them",
					 d->rate, d->run_hours);
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
		if (d->status == PLAN_RECEIPT_RELEASED && d->kind != PLAN_RECEIPT_PRODUCTION) {
			plan_model__diag(m, E, t, row, REC_STATUS,
					 "a released receipt is a work order: its kind must be production");
			errors++;
		}
		if (d->release != PLAN_DATE_NONE && d->status != PLAN_RECEIPT_FIRM) {
			plan_model__diag(m, E, t, row, REC_RELEASE,
					 "release is a firm planned order's; this receipt is not firm");
			errors++;
		} else if (d->release != PLAN_DATE_NONE && d->due != PLAN_DATE_NONE &&
			   d->release > d->due) {
			char a[11], b[11];
			plan_date_format(a, d->release);
			plan_date_format(b, d->due);
			plan_model__diag(m, E, t, row, REC_RELEASE, "%s is after due %s", a, b);
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
