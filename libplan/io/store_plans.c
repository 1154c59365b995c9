/* Plans in the HDF5 store: /plans/NAME, the plan tables of
 * plan_result__tables plus the single-level allocations they are read back
 * from (readplan.c). */
#include "io/store_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/readplan.h"

/* --- plans: writing ------------------------------------------------------- */

static uint8_t cell_kind(int kind)
{
	return kind == CELL_TEXT ? H5K_TEXT : kind == CELL_NUM ? H5K_F64 : H5K_I32;
}

static plan_h5_val cell_value(int kind, const plan_cell *c)
{
	plan_h5_val v;
	if (kind == CELL_TEXT)
		v.s = c->s;
	else if (kind == CELL_NUM)
		v.d = c->d;
	else
		v.i = c->date;
	return v;
}

static int write_plan_table(plan_store *s, hid_t g, const plan_result *r, int t)
{
	const plan_rtable *d = &plan_result__tables[t];
	uint8_t kinds[PLAN_RTABLE_MAX_COLS];
	size_t widths[PLAN_RTABLE_MAX_COLS] = { 0 };
	plan_cell cells[PLAN_RTABLE_MAX_COLS];
	char numbuf[40], err[400];
	size_t n = plan_result__rows(r, t);
	int ncols = plan_result__ncols(r, t);
	for (int k = 0; k < ncols && k < PLAN_RTABLE_MAX_COLS; k++)
		kinds[k] = cell_kind(d->kinds[k]);
	for (size_t i = 0; i < n; i++) {
		plan_result__cells(r, t, i, cells, numbuf);
		for (int k = 0; k < ncols; k++)
			if (kinds[k] == H5K_TEXT && cells[k].s && strlen(cells[k].s) > widths[k])
				widths[k] = strlen(cells[k].s);
	}
	plan_h5_out o;
	if (plan_h5__out_open(&o, g, d->name, ncols, d->cols, kinds, widths, n, DEFLATE_LEVEL,
			      err, sizeof(err)) < 0)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	int bad = 0;
	plan_h5_val v[PLAN_RTABLE_MAX_COLS];
	for (size_t i = 0; i < n && !bad; i++) {
		plan_result__cells(r, t, i, cells, numbuf);
		for (int k = 0; k < ncols; k++)
			v[k] = cell_value(d->kinds[k], &cells[k]);
		bad = plan_h5__out_row(&o, v, err, sizeof(err)) < 0;
	}
	if (plan_h5__out_close(&o, err, sizeof(err)) < 0 || bad)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	return 0;
}

typedef struct peg_writer {
	plan_h5_out out;
	const plan_result *r;
	char err[400];
} peg_writer;

static int write_peg(void *ctx, size_t order, const char *demand, double qty)
{
	peg_writer *w = ctx;
	plan_h5_val v[3];
	v[0].s = plan_result__id(w->r, order);
	v[1].s = demand;
	v[2].d = qty;
	return plan_h5__out_row(&w->out, v, w->err, sizeof(w->err)) < 0 ? PLAN_EIO : 0;
}

/* Full pegging, traced into the dataset as it comes. */
static int write_pegging(plan_store *s, hid_t g, const plan_result *r)
{
	const plan_rtable *d = &plan_result__tables[PT_PEGGING];
	const plan_model *m = r->model;
	uint8_t kinds[3];
	size_t widths[3] = { 0, 0, 0 };
	for (int k = 0; k < 3; k++)
		kinds[k] = cell_kind(d->kinds[k]);
	for (size_t i = 0; i < r->nord; i++) {
		size_t len = strlen(plan_result__id(r, i));
		if (len > widths[0])
			widths[0] = len;
	}
	for (size_t i = 0; i < m->tab[PLAN_TABLE_DEMAND].n; i++) {
		size_t len = strlen(((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, i))->id);
		if (len > widths[1])
			widths[1] = len;
	}
	peg_writer *w = malloc(sizeof(*w));
	if (!w)
		return PLAN_ENOMEM;
	w->r = r;
	int rc = 0;
	if (plan_h5__out_open(&w->out, g, d->name, 3, d->cols, kinds, widths, 0, DEFLATE_LEVEL,
			      w->err, sizeof(w->err)) < 0) {
		rc = plan_store__error(s, PLAN_EIO, "%s: %s", s->name, w->err);
	} else {
		rc = plan_result__trace_all(r, write_peg, w);
		if (plan_h5__out_close(&w->out, w->err, sizeof(w->err)) < 0 && !rc)
			rc = PLAN_EIO;
		if (rc == PLAN_EIO)
			plan_store__error(s, rc, "%s: %s", s->name, w->err);
		else if (rc)
			plan_store__error(s, rc, "%s: pegging: %s", s->name, plan_errstr(rc));
	}
	free(w);
	return rc;
}

PLAN_EXPORT int plan_store_write_plan(plan_store *s, const char *name, const plan_result *r,
				      unsigned flags)
{
	if (!s || !name || !r)
		return PLAN_EINVAL;
	int rc = plan_store__writable(s);
	if (rc)
		return rc;
	if (!plan_store__valid_plan_name(name))
		return plan_store__error(s, PLAN_EINVAL,
				   "plan name \"%.80s\": use 1 to 64 letters, digits, '_', '-', '.'",
				   name);
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	hid_t g = -1;
	hid_t plans = plan_store__group(s->file, "plans");
	if (plans < 0) {
		rc = plan_store__hdf5_error(s, PLAN_EIO, "/plans");
		goto out;
	}
	htri_t there = H5Lexists(plans, name, H5P_DEFAULT);
	if (there > 0 && H5Ldelete(plans, name, H5P_DEFAULT) < 0) {
		rc = plan_store__hdf5_error(s, PLAN_EIO, "replacing the plan");
		goto out;
	}
	g = H5Gcreate2(plans, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (g < 0 || plan_h5__attr_text_set(g, "status", r->summary.status) < 0 ||
	    plan_h5__attr_text_set(g, "mode", r->constrained ? "constrained" : "unconstrained") < 0) {
		rc = plan_store__hdf5_error(s, PLAN_EIO, "creating the plan's group");
		goto out;
	}
	for (int t = 0; t < PT_PEGGING && !rc; t++)
		if (plan_result__has_table(r, t))
			rc = write_plan_table(s, g, r, t);
	if (!rc && (flags & PLAN_STORE_PEGGING) && !(flags & PLAN_STORE_NO_PEGGING))
		rc = write_pegging(s, g, r);
	if (!rc && H5Fflush(s->file, H5F_SCOPE_LOCAL) < 0)
		rc = plan_store__hdf5_error(s, PLAN_EIO, "flushing");
out:
	if (rc)
		s->failed = 1;
	if (g >= 0)
		H5Gclose(g);
	if (plans >= 0)
		H5Gclose(plans);
	plan_store__free_plan_names(s);
	plan_h5__quiet_end(&q);
	return rc;
}

/* --- plans: listing ------------------------------------------------------- */

static herr_t collect_name(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
	(void)g;
	(void)info;
	plan_store *s = data;
	char **grown = realloc(s->plans, (s->nplans + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	s->plans = grown;
	if (!(s->plans[s->nplans] = strdup(name)))
		return -1;
	s->nplans++;
	return 0;
}

PLAN_EXPORT size_t plan_store_count_plans(plan_store *s)
{
	if (!s || s->file < 0)
		return 0;
	plan_store__free_plan_names(s);
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	if (H5Lexists(s->file, "plans", H5P_DEFAULT) > 0) {
		hid_t g = H5Gopen2(s->file, "plans", H5P_DEFAULT);
		hsize_t idx = 0;
		if (g >= 0 && H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_name, s) < 0)
			plan_store__hdf5_error(s, PLAN_EIO, "listing /plans");
		if (g >= 0)
			H5Gclose(g);
	}
	plan_h5__quiet_end(&q);
	return s->nplans;
}

PLAN_EXPORT const char *plan_store_plan_name(plan_store *s, size_t index)
{
	if (!s)
		return NULL;
	if (!s->plans)
		plan_store_count_plans(s);
	return index < s->nplans ? s->plans[index] : NULL;
}

/* --- plans: reading ------------------------------------------------------- */

PLAN_EXPORT int plan_store_read_plan(plan_result **out, plan_store *s, const char *name,
				     plan_model *m)
{
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!s || !name || !m || s->file < 0)
		return PLAN_EINVAL;
	if (!plan_store__valid_plan_name(name))
		return plan_store__error(s, PLAN_ENOTFOUND, "%s: no plan \"%.80s\"", s->name, name);
	int rc = plan_model_validate(m);
	if (rc)
		return plan_store__error(s, rc, "the model has errors: %s", plan_model_errmsg(m));
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	char path[128], where[256];
	snprintf(path, sizeof(path), "plans/%s", name);
	snprintf(where, sizeof(where), "%s:/plans/%s", s->name, name);
	hid_t g = -1;
	if (H5Lexists(s->file, "plans", H5P_DEFAULT) <= 0 ||
	    H5Lexists(s->file, path, H5P_DEFAULT) <= 0) {
		rc = plan_store__error(s, PLAN_ENOTFOUND, "%s: no plan \"%s\"", s->name, name);
	} else if ((g = H5Gopen2(s->file, path, H5P_DEFAULT)) < 0) {
		rc = plan_store__hdf5_error(s, PLAN_EIO, path);
	} else {
		rc = plan_readplan__run(g, where, m, out, s->errmsg, sizeof(s->errmsg));
		H5Gclose(g);
	}
	plan_h5__quiet_end(&q);
	return rc;
}
