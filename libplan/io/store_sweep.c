/* A sweep's summary in the store (/sweep/summary, docs/hdf5.md), and plans
 * copied between stores: what examples/plansweep gathers from its workers.
 * One row per variant; the table is written whole each time (a sweep has
 * thousands of rows, not millions), so a checkpoint holds every row so far. */
#include "io/store_impl.h"

#include <stdlib.h>
#include <string.h>

enum {
	C_VARIANT, C_SCENARIO, C_EDITS, C_DEMAND_FACTOR, C_BLOCK, C_CLOSE_LANE, C_HOURS, C_MODE,
	C_ERROR, C_STATUS, C_DEMANDS, C_LATE, C_ON_TIME, C_LATENESS, C_SHORT, C_CAP_AVAIL,
	C_CAP_LOADED, C_TRANSFER, C_STOCK, C_ORDERS, C_ADJ, C_VIOL, C_SECONDS, C_RANK, NCOLS
};

static const char *const cols[NCOLS] = {
	"variant", "scenario", "edits", "demand_factor", "block", "close_lane", "hours", "mode",
	"error", "status", "demands", "demands_late", "on_time", "lateness_days", "qty_short",
	"capacity_available", "capacity_loaded", "transfer_cost", "stock_value", "orders",
	"adjustments", "violations", "seconds", "rank"
};

static const uint8_t kinds[NCOLS] = {
	H5K_TEXT, H5K_TEXT, H5K_TEXT, H5K_F64, H5K_TEXT, H5K_TEXT, H5K_TEXT, H5K_TEXT,
	H5K_TEXT, H5K_TEXT, H5K_I32, H5K_I32, H5K_F64, H5K_F64, H5K_F64, H5K_F64,
	H5K_F64, H5K_F64, H5K_F64, H5K_I32, H5K_I32, H5K_I32, H5K_F64, H5K_I32
};

#define NAME_MAX_LEN 64
#define TEXT_MAX_LEN 4096

/* The text cells of a row, in column order (NULL for numbers). */
static void texts(const plan_sweep_row *r, const char *t[NCOLS])
{
	memset(t, 0, NCOLS * sizeof(*t));
	t[C_VARIANT] = r->variant;
	t[C_SCENARIO] = r->scenario;
	t[C_EDITS] = r->edits;
	t[C_BLOCK] = r->block;
	t[C_CLOSE_LANE] = r->close_lane;
	t[C_HOURS] = r->hours;
	t[C_MODE] = r->mode;
	t[C_ERROR] = r->error;
	t[C_STATUS] = r->status;
}

static double number(const plan_sweep_row *r, int k)
{
	switch (k) {
	case C_DEMAND_FACTOR: return r->demand_factor;
	case C_DEMANDS: return (double)r->demands;
	case C_LATE: return (double)r->demands_late;
	case C_ON_TIME: return r->on_time;
	case C_LATENESS: return r->lateness_days;
	case C_SHORT: return r->qty_short;
	case C_CAP_AVAIL: return r->capacity_available;
	case C_CAP_LOADED: return r->capacity_loaded;
	case C_TRANSFER: return r->transfer_cost;
	case C_STOCK: return r->stock_value;
	case C_ORDERS: return (double)r->orders;
	case C_ADJ: return (double)r->adjustments;
	case C_VIOL: return (double)r->violations;
	case C_SECONDS: return r->seconds;
	default: return (double)r->rank;
	}
}

static void set_number(plan_sweep_row *r, int k, double v)
{
	size_t z = v > 0 ? (size_t)v : 0;
	switch (k) {
	case C_DEMAND_FACTOR: r->demand_factor = v; break;
	case C_DEMANDS: r->demands = z; break;
	case C_LATE: r->demands_late = z; break;
	case C_ON_TIME: r->on_time = v; break;
	case C_LATENESS: r->lateness_days = v; break;
	case C_SHORT: r->qty_short = v; break;
	case C_CAP_AVAIL: r->capacity_available = v; break;
	case C_CAP_LOADED: r->capacity_loaded = v; break;
	case C_TRANSFER: r->transfer_cost = v; break;
	case C_STOCK: r->stock_value = v; break;
	case C_ORDERS: r->orders = z; break;
	case C_ADJ: r->adjustments = z; break;
	case C_VIOL: r->violations = z; break;
	case C_SECONDS: r->seconds = v; break;
	default: r->rank = (int)v; break;
	}
}

static int write_rows(plan_store *s, hid_t g, const plan_sweep_row *rows, size_t n)
{
	size_t widths[NCOLS] = { 0 };
	const char *t[NCOLS];
	for (size_t i = 0; i < n; i++) {
		texts(&rows[i], t);
		for (int k = 0; k < NCOLS; k++) {
			size_t len = t[k] ? strlen(t[k]) : 0, max = k ? TEXT_MAX_LEN : NAME_MAX_LEN;
			len = len < max ? len : max;
			if (kinds[k] == H5K_TEXT && len > widths[k])
				widths[k] = len;
		}
	}
	char err[400];
	plan_h5_out o;
	if (plan_h5__out_open(&o, g, "summary", NCOLS, cols, kinds, widths, n, DEFLATE_LEVEL, err,
			      sizeof(err)) < 0)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	int bad = 0;
	plan_h5_val v[NCOLS];
	for (size_t i = 0; i < n && !bad; i++) {
		texts(&rows[i], t);
		for (int k = 0; k < NCOLS; k++) {
			if (kinds[k] == H5K_TEXT)
				v[k].s = t[k];
			else if (kinds[k] == H5K_F64)
				v[k].d = number(&rows[i], k);
			else
				v[k].i = (int64_t)number(&rows[i], k);
		}
		bad = plan_h5__out_row(&o, v, err, sizeof(err)) < 0;
	}
	if (plan_h5__out_close(&o, err, sizeof(err)) < 0 || bad)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	return 0;
}

PLAN_EXPORT int plan_store_write_sweep(plan_store *s, const plan_sweep_row *rows, size_t n)
{
	if (!s || (n && !rows))
		return PLAN_EINVAL;
	int rc = plan_store__writable(s);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (rows[i].version != PLAN_SWEEP_ROW_VERSION)
			return plan_store__error(s, PLAN_EINVAL, "sweep row %zu: version %u, not %d", i,
						 rows[i].version, PLAN_SWEEP_ROW_VERSION);
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	hid_t g = plan_store__group(s->file, "sweep");
	if (g < 0 || (H5Lexists(g, "summary", H5P_DEFAULT) > 0 &&
		      H5Ldelete(g, "summary", H5P_DEFAULT) < 0))
		rc = plan_store__hdf5_error(s, PLAN_EIO, "/sweep/summary");
	else
		rc = write_rows(s, g, rows, n);
	if (!rc && H5Fflush(s->file, H5F_SCOPE_LOCAL) < 0)
		rc = plan_store__hdf5_error(s, PLAN_EIO, "flushing");
	if (rc)
		s->failed = 1;
	if (g >= 0)
		H5Gclose(g);
	plan_h5__quiet_end(&q);
	return rc;
}

/* Reads every row into s->sweep, their text into one block. 0 or a status. */
static int read_rows(plan_store *s)
{
	char err[400];
	plan_h5_in in;
	int rc = plan_h5__in_open(&in, s->file, "sweep/summary", cols, NCOLS, err, sizeof(err));
	if (rc > 0)
		return 0; /* no summary */
	if (rc < 0)
		return plan_store__error(s, PLAN_EFORMAT, "%s: %s", s->name, err);
	size_t cap = 0, used = 0;
	if (in.nrows && !(s->sweep = calloc(in.nrows, sizeof(*s->sweep))))
		rc = PLAN_ENOMEM;
	/* text as offsets first (the block moves as it grows), pointers at the end */
	size_t *off = in.nrows ? calloc(in.nrows * NCOLS, sizeof(*off)) : NULL;
	if (in.nrows && !off)
		rc = PLAN_ENOMEM;
	int more = 0;
	while (!rc && (more = plan_h5__in_next(&in, err, sizeof(err))) > 0) {
		for (size_t i = 0; i < in.count && !rc; i++) {
			size_t row = in.first + i;
			plan_sweep_row *r = &s->sweep[row];
			*r = (plan_sweep_row)PLAN_SWEEP_ROW_INIT;
			for (int k = 0; k < NCOLS && !rc; k++) {
				if (kinds[k] != H5K_TEXT) {
					if (in.cls[k] == H5F_NUM)
						set_number(r, k, plan_h5__in_num(&in, i, k));
					continue;
				}
				const char *t = plan_h5__in_text(&in, i, k);
				size_t len = strlen(t) + 1;
				if (used + len > cap) {
					size_t ncap = (cap ? 2 * cap : 4096) + len;
					char *grown = realloc(s->sweep_text, ncap);
					if (!grown) {
						rc = PLAN_ENOMEM;
						break;
					}
					s->sweep_text = grown;
					cap = ncap;
				}
				memcpy(s->sweep_text + used, t, len);
				off[row * NCOLS + (size_t)k] = used;
				used += len;
			}
		}
	}
	if (!rc && more < 0)
		rc = plan_store__error(s, PLAN_EFORMAT, "%s: %s", s->name, err);
	else if (rc == PLAN_ENOMEM)
		plan_store__error(s, rc, "%s: out of memory", s->name);
	plan_h5__in_close(&in);
	if (rc) {
		free(off);
		return rc;
	}
	for (size_t row = 0; row < in.nrows; row++) {
		const char *t[NCOLS];
		for (int k = 0; k < NCOLS; k++)
			t[k] = kinds[k] == H5K_TEXT ? s->sweep_text + off[row * NCOLS + (size_t)k] : NULL;
		plan_sweep_row *r = &s->sweep[row];
		r->variant = t[C_VARIANT];
		r->scenario = t[C_SCENARIO];
		r->edits = t[C_EDITS];
		r->block = t[C_BLOCK];
		r->close_lane = t[C_CLOSE_LANE];
		r->hours = t[C_HOURS];
		r->mode = t[C_MODE];
		r->error = t[C_ERROR];
		r->status = t[C_STATUS];
	}
	free(off);
	s->nsweep = in.nrows;
	return 0;
}

PLAN_EXPORT size_t plan_store_count_sweep(plan_store *s)
{
	if (!s || s->file < 0)
		return 0;
	plan_store__free_sweep(s);
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	if (read_rows(s) != 0)
		plan_store__free_sweep(s);
	plan_h5__quiet_end(&q);
	return s->nsweep;
}

PLAN_EXPORT int plan_store_get_sweep(plan_sweep_row *out, plan_store *s, size_t index)
{
	if (!out || !s || index >= s->nsweep)
		return PLAN_EINVAL;
	*out = s->sweep[index];
	return 0;
}

PLAN_EXPORT int plan_store_copy_plan(plan_store *dst, const char *name, plan_store *src,
				     const char *src_name)
{
	if (!dst || !name || !src || !src_name || src->file < 0)
		return PLAN_EINVAL;
	int rc = plan_store__writable(dst);
	if (rc)
		return rc;
	if (!plan_store__valid_plan_name(name))
		return plan_store__error(dst, PLAN_EINVAL,
					 "plan name \"%.80s\": use 1 to 64 letters, digits, '_', '-', '.'",
					 name);
	char from[128];
	if (!plan_store__valid_plan_name(src_name))
		return plan_store__error(dst, PLAN_ENOTFOUND, "%s: no plan \"%.80s\"", src->name,
					 src_name);
	snprintf(from, sizeof(from), "plans/%s", src_name);
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	hid_t plans = -1;
	if (H5Lexists(src->file, "plans", H5P_DEFAULT) <= 0 ||
	    H5Lexists(src->file, from, H5P_DEFAULT) <= 0) {
		rc = plan_store__error(dst, PLAN_ENOTFOUND, "%s: no plan \"%s\"", src->name, src_name);
		goto out;
	}
	plans = plan_store__group(dst->file, "plans");
	if (plans < 0 || (H5Lexists(plans, name, H5P_DEFAULT) > 0 &&
			  H5Ldelete(plans, name, H5P_DEFAULT) < 0) ||
	    H5Ocopy(src->file, from, plans, name, H5P_DEFAULT, H5P_DEFAULT) < 0 ||
	    H5Fflush(dst->file, H5F_SCOPE_LOCAL) < 0) {
		rc = plan_store__hdf5_error(dst, PLAN_EIO, "copying a plan");
		dst->failed = 1;
	}
out:
	if (plans >= 0)
		H5Gclose(plans);
	plan_store__free_plan_names(dst);
	plan_h5__quiet_end(&q);
	return rc;
}
