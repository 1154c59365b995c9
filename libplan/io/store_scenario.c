/* The scenario in the HDF5 store: /scenario, one dataset per table of the
 * schema, codes as indexes into dictionaries (docs/hdf5.md). Reading goes
 * through the model's own add calls, as the CSV loader does. */
#include "io/store_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the scenario: writing ------------------------------------------------ */

/* The dictionaries of codes, /scenario/codes/NAME, by namespace. */
static const char *const ns_names[NS_COUNT] = {
	NULL, "calendar", "site", "item", "resource", "family", "step", "demand", "receipt",
	"maintenance", "supplier", "alternate", "project", "activity",
};

/* Code columns of the tables are int32 indices into their namespace's
 * dictionary (-1: empty); the scenario row keeps its codes as text. */
static uint8_t col_kind(const plan_col *c, int coded)
{
	switch (c->type) {
	case COL_CODE: return coded ? H5K_I32 : H5K_TEXT;
	case COL_NUM: return H5K_F64;
	case COL_INT:
	case COL_DATE: return H5K_I32;
	case COL_BOOL: return H5K_I8;
	default: return H5K_TEXT;
	}
}

/* The value of column c of def (a row of the model) as stored; id: the
 * code's id for a coded code column. */
static plan_h5_val col_value(const plan_col *c, const void *def, int32_t id)
{
	const char *f = (const char *)def + c->offset;
	plan_h5_val v;
	v.i = 0;
	switch (c->type) {
	case COL_CODE:
		if (id >= -1)
			v.i = id;
		else
			memcpy(&v.s, f, sizeof(v.s));
		break;
	case COL_TEXT:
		memcpy(&v.s, f, sizeof(v.s));
		break;
	case COL_NUM:
		memcpy(&v.d, f, sizeof(v.d));
		if (v.d == PLAN_NONE && (c->flags & (COLF_NONE | COLF_REQUIRED)))
			v.d = NAN;
		break;
	case COL_DATE: {
		plan_date d;
		memcpy(&d, f, sizeof(d));
		v.i = d;
		break;
	}
	case COL_ENUM: {
		int e;
		memcpy(&e, f, sizeof(e));
		v.s = c->enums[e];
		break;
	}
	default: {
		int x;
		memcpy(&x, f, sizeof(x));
		v.i = x;
		break;
	}
	}
	return v;
}

/* The rows of a schema table (n defs at rows, def_size apart; ids: nref per
 * row, NULL to keep codes as text). */
typedef struct table_rows {
	const char *name;
	const plan_col *cols;
	int ncols;
	const char *rows;
	const int32_t *ids;
	int nref;
	size_t n, def_size;
} table_rows;

static plan_h5_val row_value(const table_rows *tr, size_t i, int c, int *k)
{
	int32_t id = -2;
	if (tr->cols[c].type == COL_CODE && tr->ids)
		id = tr->ids[i * (size_t)tr->nref + (size_t)(*k)++];
	return col_value(&tr->cols[c], tr->rows + i * tr->def_size, id);
}

static int write_rows(plan_store *s, hid_t g, const table_rows *tr)
{
	const char *names[PLAN_MAX_COLS];
	uint8_t kinds[PLAN_MAX_COLS];
	size_t widths[PLAN_MAX_COLS];
	for (int c = 0; c < tr->ncols; c++) {
		names[c] = tr->cols[c].name;
		kinds[c] = col_kind(&tr->cols[c], tr->ids != NULL);
		widths[c] = 0;
	}
	for (size_t i = 0; i < tr->n; i++)
		for (int c = 0, k = 0; c < tr->ncols; c++) {
			plan_h5_val v = row_value(tr, i, c, &k);
			if (kinds[c] == H5K_TEXT && v.s && strlen(v.s) > widths[c])
				widths[c] = strlen(v.s);
		}
	plan_h5_out o;
	char err[400];
	if (plan_h5__out_open(&o, g, tr->name, tr->ncols, names, kinds, widths, tr->n,
			      DEFLATE_LEVEL, err, sizeof(err)) < 0)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	/* which dictionary each coded field indexes, for readers without libplan */
	char codes[512];
	size_t len = 0;
	codes[0] = '\0';
	for (int c = 0; c < tr->ncols && tr->ids; c++)
		if (tr->cols[c].type == COL_CODE && len < sizeof(codes))
			len += (size_t)snprintf(codes + len, sizeof(codes) - len,
						"%s%s: /scenario/codes/%s", len ? "; " : "",
						tr->cols[c].name, ns_names[tr->cols[c].ns]);
	int bad = codes[0] && plan_h5__attr_text_set(o.dset, "codes", codes) < 0;
	if (bad)
		plan_h5__error(err, sizeof(err), tr->name);
	plan_h5_val v[PLAN_MAX_COLS];
	for (size_t i = 0; i < tr->n && !bad; i++) {
		for (int c = 0, k = 0; c < tr->ncols; c++)
			v[c] = row_value(tr, i, c, &k);
		bad = plan_h5__out_row(&o, v, err, sizeof(err)) < 0;
	}
	if (plan_h5__out_close(&o, err, sizeof(err)) < 0 || bad)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	return 0;
}

/* /scenario/codes/NAME: the codes of a namespace, in id order. */
static int write_codes(plan_store *s, hid_t g, const plan_strtab *st, const char *name)
{
	static const char *const field[] = { "code" };
	static const uint8_t kind[] = { H5K_TEXT };
	size_t width = 0;
	char err[400];
	for (size_t i = 0; i < st->n; i++)
		if (st->len[i] > width)
			width = st->len[i];
	plan_h5_out o;
	if (plan_h5__out_open(&o, g, name, 1, field, kind, &width, st->n, DEFLATE_LEVEL, err,
			      sizeof(err)) < 0)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	int bad = 0;
	for (size_t i = 0; i < st->n && !bad; i++) {
		plan_h5_val v;
		v.s = st->str[i];
		bad = plan_h5__out_row(&o, &v, err, sizeof(err)) < 0;
	}
	if (plan_h5__out_close(&o, err, sizeof(err)) < 0 || bad)
		return plan_store__error(s, PLAN_EIO, "%s: %s", s->name, err);
	return 0;
}

PLAN_EXPORT int plan_store_write_model(plan_store *s, const plan_model *m)
{
	if (!s || !m)
		return PLAN_EINVAL;
	int rc = plan_store__writable(s);
	if (rc)
		return rc;
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	hid_t g = -1, codes = -1;
	htri_t there = H5Lexists(s->file, "scenario", H5P_DEFAULT);
	if (there != 0) {
		rc = there > 0 ? plan_store__error(s, PLAN_EINVAL, "%s: already holds a scenario", s->name)
			       : plan_store__hdf5_error(s, PLAN_EIO, "/scenario");
		goto out;
	}
	g = H5Gcreate2(s->file, "scenario", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	codes = g < 0 ? -1 : H5Gcreate2(g, "codes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (g < 0 || codes < 0) {
		rc = plan_store__hdf5_error(s, PLAN_EIO, "creating /scenario");
		goto out;
	}
	for (int ns = 1; ns < NS_COUNT && !rc; ns++)
		rc = write_codes(s, codes, &m->ns[ns], ns_names[ns]);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	if (m->has_scenario)
		sc = m->scenario;
	table_rows tr = { "scenario", plan_schema__scenario, SCN_COUNT, (const char *)&sc, NULL,
			  0, m->has_scenario ? 1 : 0, sizeof(sc) };
	if (!rc)
		rc = write_rows(s, g, &tr);
	for (int t = 0; t < PLAN_TABLE_COUNT_ && !rc; t++) {
		if (t == PLAN_TABLE_SCENARIO)
			continue;
		const plan_schema *sch = &plan_schema__tables[t];
		table_rows r = { sch->name, sch->cols, sch->ncols, m->tab[t].rows, m->tab[t].ids,
				 sch->nref, plan_model__given(m, t), sch->def_size };
		rc = write_rows(s, g, &r);
	}
	if (!rc && H5Fflush(s->file, H5F_SCOPE_LOCAL) < 0)
		rc = plan_store__hdf5_error(s, PLAN_EIO, "flushing");
	if (rc)
		s->failed = 1;
out:
	if (codes >= 0)
		H5Gclose(codes);
	if (g >= 0)
		H5Gclose(g);
	plan_h5__quiet_end(&q);
	return rc;
}

/* --- the scenario: reading ------------------------------------------------ */

/* Puts number v into column c of def as the column's C type; 0, or 1 if v
 * has no such value (reported). Ranges are the model's to check, as for
 * rows added by calls (check_columns in model.c). */
static int num_cell(plan_model *m, int t, const plan_col *cols, int c, char *def, double v)
{
	const plan_col *cd = &cols[c];
	char *f = def + cd->offset;
	if (cd->type == COL_NUM) {
		if (isnan(v) && (cd->flags & COLF_NONE))
			v = PLAN_NONE;
		memcpy(f, &v, sizeof(v));
		return 0;
	}
	/* integers: whole, and within what the field holds (as the CSV loader) */
	double lim = cd->type == COL_DATE ? 2147483648.0 : 1e9;
	if (cd->type != COL_CODE && cd->type != COL_TEXT && cd->type != COL_ENUM &&
	    v == floor(v) && v >= -lim && v < lim) {
		int32_t x = (int32_t)v; /* plan_date and int alike */
		memcpy(f, &x, sizeof(x));
		return 0;
	}
	plan_model__diag(m, E, t, m->tab[t].n, c, "expected %s, got %.17g",
			 cd->type == COL_DATE ? "a day number (days since 1970-01-01)"
			 : cd->type == COL_INT || cd->type == COL_BOOL ? "an integer" : "text", v);
	return 1;
}

/* What field classes a column accepts: text, or numbers (and text, parsed
 * as in CSV); codes as text or as an index into their dictionary. */
static int accepts(const plan_col *c, int cls, const size_t *dict)
{
	if (c->type == COL_CODE)
		return cls == H5F_TEXT || (cls == H5F_NUM && dict[c->ns] < BROKEN_DICT);
	if (c->type == COL_TEXT || c->type == COL_ENUM)
		return cls == H5F_TEXT;
	return cls == H5F_TEXT || cls == H5F_NUM;
}

static int too_many(const plan_model *m)
{
	return m->max_errors && m->nerrors >= m->max_errors;
}

/* "NAME:/scenario/WHAT" in the model's arena, for its diagnostics. */
static const char *place(plan_store *s, plan_model *m, const char *what)
{
	char file[256];
	snprintf(file, sizeof(file), "%s:/scenario/%s", s->name, what);
	return plan_arena__strndup(&m->arena, file, strlen(file));
}

/* Reads the dictionaries /scenario/codes/NAME, interning their codes in
 * order so that a code's index is its id; dict[ns]: how many (NO_DICT if
 * absent or broken). */
static int read_codes(plan_store *s, plan_model *m, hid_t g, size_t *dict)
{
	for (int ns = 0; ns < NS_COUNT; ns++)
		dict[ns] = NO_DICT;
	if (H5Lexists(g, "codes", H5P_DEFAULT) <= 0)
		return 0;
	hid_t cg = H5Gopen2(g, "codes", H5P_DEFAULT);
	if (cg < 0) {
		char err[300];
		plan_model__diag_at(m, E, place(s, m, "codes"), 0, 0, "%s",
				    plan_h5__error(err, sizeof(err), "codes"));
		return PLAN_EIO;
	}
	static const char *const want[] = { "code" };
	int rc = 0;
	for (int ns = 1; ns < NS_COUNT && rc != PLAN_ENOMEM; ns++) {
		char what[64], err[400];
		snprintf(what, sizeof(what), "codes/%s", ns_names[ns]);
		const char *where = place(s, m, what);
		if (!where) {
			rc = PLAN_ENOMEM;
			break;
		}
		plan_h5_in in;
		int r = plan_h5__in_open(&in, cg, ns_names[ns], want, 1, err, sizeof(err));
		if (r > 0)
			continue;
		if (r < 0 || in.field[0] < 0 || in.cls[0] != H5F_TEXT) {
			/* this dictionary only: the tables that index it say so, the
			 * others are read as they are */
			plan_model__diag_at(m, E, where, 0, 0, "%s",
					    r < 0 ? err : "expected a string field \"code\"");
			if (r == 0)
				plan_h5__in_close(&in);
			rc = PLAN_EIO;
			dict[ns] = BROKEN_DICT;
			continue;
		}
		plan_strtab *st = &m->ns[ns];
		size_t base = st->n;
		int broken = 0;
		while (!broken && (r = plan_h5__in_next(&in, err, sizeof(err))) > 0) {
			for (size_t i = 0; i < in.count && !broken; i++) {
				const char *v = plan_h5__in_text(&in, i, 0);
				size_t len = strlen(v), row = in.first + i;
				const char *why = len ? plan_model__code_problem(v, len) : "is empty";
				int32_t id = why ? -1 : plan_strtab__id(st, &m->arena, v, len, 1);
				if (id == -2) {
					rc = PLAN_ENOMEM;
					broken = 1;
				} else if (why || (size_t)id != base + row) {
					plan_model__diag_at(m, E, where, (int)row + 1, 1,
							    why ? "code %s" : "code \"%s\" twice",
							    why ? why : v);
					broken = 1;
				}
			}
		}
		int failed = r < 0;
		if (failed) {
			plan_model__diag_at(m, E, where, 0, 0, "%s", err);
			rc = PLAN_EIO;
		}
		plan_h5__in_close(&in);
		/* ids are dictionary indices only in a namespace read first */
		dict[ns] = broken || failed || base ? BROKEN_DICT : st->n;
	}
	H5Gclose(cg);
	return rc;
}

/* Reads dataset `name` of /scenario as rows of table t (the scenario table
 * when t == PLAN_TABLE_SCENARIO). Returns 0, PLAN_EIO (unreadable; also a
 * diagnostic), PLAN_ENOMEM. */
static int read_schema_table(plan_store *s, plan_model *m, hid_t g, int t, const size_t *dict)
{
	int scn = t == PLAN_TABLE_SCENARIO;
	const plan_schema *sch = &plan_schema__tables[t];
	const plan_col *cols = scn ? plan_schema__scenario : sch->cols;
	int ncols = scn ? SCN_COUNT : sch->ncols;
	const char *name = scn ? "scenario" : sch->name;
	int required = scn || t == PLAN_TABLE_SITES || t == PLAN_TABLE_SKUS;
	char err[400];
	const char *stored = place(s, m, name);
	if (!stored)
		return PLAN_ENOMEM;
	plan_tab *tab = &m->tab[t];
	tab->file = stored;
	memset(tab->col, 0, sizeof(tab->col));

	const char *want[PLAN_MAX_COLS];
	for (int c = 0; c < ncols; c++)
		want[c] = cols[c].name;
	plan_h5_in in;
	int rc = plan_h5__in_open(&in, g, name, want, ncols, err, sizeof(err));
	if (rc > 0) {
		if (required) {
			plan_model__diag_at(m, E, stored, 0, 0, "required dataset missing");
			return PLAN_EIO;
		}
		return 0;
	}
	if (rc < 0) {
		plan_model__diag_at(m, E, stored, 0, 0, "%s", err);
		return PLAN_EIO;
	}
	if (in.unknown[0])
		plan_model__diag_at(m, W, stored, 0, 0, "unknown fields ignored: %s", in.unknown);
	int broken = 0, coded = 0, texted = 0;
	for (int c = 0; c < ncols; c++) {
		tab->col[c] = (int16_t)(in.field[c] + 1);
		if (in.field[c] < 0 && (cols[c].flags & COLF_REQUIRED)) {
			plan_model__diag_at(m, E, stored, 0, 0, "missing required field \"%s\"",
					    cols[c].name);
			broken = 1;
		} else if (in.field[c] >= 0 && cols[c].type == COL_CODE && in.cls[c] == H5F_NUM &&
			   dict[cols[c].ns] == BROKEN_DICT) {
			plan_model__diag_at(m, E, stored, 0, in.field[c] + 1,
					    "field \"%s\" indexes /scenario/codes/%s, which is broken",
					    cols[c].name, ns_names[cols[c].ns]);
			broken = 1;
		} else if (in.field[c] >= 0 && !accepts(&cols[c], in.cls[c], dict)) {
			const char *what = cols[c].type == COL_CODE
				? "a string, or an index into its dictionary in /scenario/codes"
				: cols[c].type == COL_TEXT || cols[c].type == COL_ENUM
				? "a string" : "a number or a string";
			plan_model__diag_at(m, E, stored, 0, in.field[c] + 1,
					    "field \"%s\" is of the wrong type (expected %s)",
					    cols[c].name, what);
			broken = 1;
		} else if (in.field[c] >= 0 && cols[c].type == COL_CODE) {
			coded |= in.cls[c] == H5F_NUM;
			texted |= in.cls[c] == H5F_TEXT;
		}
	}
	if (scn && !broken && in.nrows != 1) {
		plan_model__diag_at(m, E, stored, 0, 0, "expected one row, found %zu", in.nrows);
		broken = 1;
	}
	if (!broken && !scn &&
	    plan_model__reserve(m, t, in.nrows < (1u << 26) ? in.nrows : (1u << 26)) < 0)
		rc = PLAN_ENOMEM;
	if (broken || rc) {
		plan_h5__in_close(&in);
		return rc;
	}
	/* every code an index: the rows take their ids as they are, and their
	 * keys are checked all at once at the end */
	int fast = coded && !texted && !scn;
	size_t first_row = tab->n;
	m->defer_keys = fast;
	char def[256];
	const void *dflt = scn ? NULL : plan_model__default(t);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	while (!rc && !too_many(m) && (rc = plan_h5__in_next(&in, err, sizeof(err))) > 0) {
		rc = 0;
		for (size_t i = 0; i < in.count && !too_many(m); i++) {
			char *row = scn ? (char *)&sc : def;
			if (!scn)
				memcpy(def, dflt, sch->def_size);
			m->cur_line = (uint32_t)(in.first + i + 1);
			uint32_t skip = 0;
			int32_t ids[PLAN_MAX_COLS];
			int k = 0;
			for (int c = 0; c < ncols; c++) {
				const plan_col *cd = &cols[c];
				int bad = 0;
				if (in.field[c] < 0) {
					if (cd->type == COL_CODE)
						ids[k++] = -1;
					continue;
				}
				if (cd->type == COL_CODE && in.cls[c] == H5F_NUM) {
					double v = plan_h5__in_num(&in, i, c);
					int32_t id = -1;
					if (v == floor(v) && v >= -1 && v < (double)dict[cd->ns]) {
						id = (int32_t)v;
					} else {
						plan_model__diag(m, E, t, tab->n, c,
								 "expected an index of /scenario/codes/%s "
								 "(-1 to %zu), got %.17g",
								 ns_names[cd->ns], dict[cd->ns] - 1, v);
						bad = 1;
					}
					ids[k++] = id;
					const char *p = id >= 0 ? m->ns[cd->ns].str[id] : NULL;
					memcpy(row + cd->offset, &p, sizeof(p));
				} else if (in.cls[c] == H5F_TEXT) {
					const char *v = plan_h5__in_text(&in, i, c);
					bad = plan_model__cell(m, t, cols, c, row, v, strlen(v));
					k += cd->type == COL_CODE;
				} else {
					bad = num_cell(m, t, cols, c, row, plan_h5__in_num(&in, i, c));
				}
				skip |= (uint32_t)bad << c;
			}
			int r = scn ? plan_model__set_scenario(m, &sc, skip)
			      : fast ? plan_model__add_ids(m, t, def, skip, ids)
				     : plan_model__add(m, t, def, skip);
			if (r == PLAN_ENOMEM || m->oom) {
				rc = PLAN_ENOMEM;
				break;
			}
		}
	}
	m->cur_line = 0;
	m->defer_keys = 0;
	plan_h5__in_close(&in);
	if (fast && rc != PLAN_ENOMEM && plan_model__index_keys(m, t, first_row) < 0)
		rc = PLAN_ENOMEM;
	if (rc < 0 && rc != PLAN_ENOMEM) {
		plan_model__diag_at(m, E, stored, 0, 0, "%s", err);
		return PLAN_EIO;
	}
	return rc;
}

PLAN_EXPORT int plan_store_read_model(plan_model **out, plan_store *s,
				      const plan_load_options *opts)
{
	plan_load_options o;
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!s || s->file < 0 || plan_model__load_options(NULL, opts, &o) < 0)
		return PLAN_EINVAL;
	plan_model *m;
	int rc = plan_model_new(&m);
	if (rc < 0)
		return rc;
	*out = m;
	plan_model__load_options(m, &o, &o);
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	int io = 0;
	hid_t g = -1;
	htri_t there = H5Lexists(s->file, "scenario", H5P_DEFAULT);
	if (there > 0)
		g = H5Gopen2(s->file, "scenario", H5P_DEFAULT);
	if (g < 0) {
		char where[160];
		snprintf(where, sizeof(where), "%s:/scenario", s->name);
		if (there > 0)
			plan_h5__error(s->errmsg, sizeof(s->errmsg), where);
		else
			snprintf(s->errmsg, sizeof(s->errmsg), "%s: no scenario in the file", where);
		plan_model__diag_at(m, E, s->name, 0, 0, "%s", s->errmsg);
		plan_h5__quiet_end(&q);
		return plan_model__error(m, PLAN_EIO, "%s", s->errmsg);
	}
	size_t dict[NS_COUNT];
	int r0 = read_codes(s, m, g, dict);
	if (r0 == PLAN_ENOMEM)
		rc = r0;
	else if (r0 == PLAN_EIO)
		io = 1;
	for (int t = 0; t < PLAN_TABLE_COUNT_ && !too_many(m) && rc != PLAN_ENOMEM; t++) {
		int r = read_schema_table(s, m, g, t, dict);
		if (r == PLAN_EIO)
			io = 1;
		else if (r == PLAN_ENOMEM)
			rc = r;
	}
	H5Gclose(g);
	plan_h5__quiet_end(&q);
	if (rc == PLAN_ENOMEM || m->oom)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	if (io)
		rc = PLAN_EIO;
	else if (too_many(m))
		rc = plan_model__error(m, PLAN_EFORMAT, "too many errors (%zu); reading stopped",
				       m->nerrors);
	else if (o.validate)
		rc = plan_model_validate(m);
	else
		rc = m->nerrors ? PLAN_EFORMAT : 0;
	if (rc) {
		/* the store says what the first error was */
		const char *first = NULL;
		for (size_t i = 0; i < m->ndiag && !first; i++)
			if (m->diag[i].severity == E)
				first = m->diag[i].message;
		snprintf(s->errmsg, sizeof(s->errmsg), "%s%s", first ? first : plan_model_errmsg(m),
			 m->nerrors > 1 ? " (and more: see the diagnostics)" : "");
		if (rc == PLAN_EIO)
			plan_model__error(m, rc, "%s", s->errmsg);
	}
	return rc;
}

int plan_store__load(plan_model **out, const char *path, const plan_load_options *o)
{
	plan_store *s = NULL;
	int rc = plan_store_open(&s, path, PLAN_STORE_READ);
	if (rc == 0) {
		rc = plan_store_read_model(out, s, o);
	} else if (rc != PLAN_ENOMEM && rc != PLAN_EINVAL) {
		plan_model *m = NULL;
		int r = plan_model_new(&m);
		if (r < 0) {
			rc = r;
		} else {
			size_t n = strlen(s->name);
			const char *text = s->errmsg;
			if (strncmp(text, s->name, n) == 0 && text[n] == ':' && text[n + 1] == ' ')
				text += n + 2; /* the diagnostic names the file itself */
			plan_model__diag_at(m, E, s->name, 0, 0, "%s", text);
			plan_model__error(m, rc, "%s", s->errmsg);
		}
		*out = m;
	}
	plan_store_free(s);
	return rc;
}

PLAN_EXPORT int plan_store_has_scenario(plan_store *s)
{
	if (!s || s->file < 0)
		return 0;
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	int there = H5Lexists(s->file, "scenario", H5P_DEFAULT) > 0;
	plan_h5__quiet_end(&q);
	return there;
}
