/* The format v1 loader: files to rows. Each cell is parsed by its column's
 * description (schema.c); each row then goes through the same add call a
 * program would use, so a loaded model and a model built by calls agree. */
#include "plan/load.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/csv.h"
#include "io/io.h"

#define E PLAN_SEVERITY_ERROR
#define W PLAN_SEVERITY_WARNING

static int too_many(const plan_model *m)
{
	return m->max_errors && m->nerrors >= m->max_errors;
}

static void report_csv_error(plan_model *m, const char *file, const plan_csv *c)
{
	plan_model__diag_at(m, E, file, (int)c->error_line, c->error_column, "%s", c->error);
}

/* What a header of one field says when a column is missing: a file
 * separated by ';' or tabs (a spreadsheet's export in many locales) is
 * named as such. */
static const char *separator_hint(const plan_csv *c)
{
	if (c->nfield != 1)
		return "";
	if (memchr(c->field[0].s, ';', c->field[0].len))
		return " (the header is one field with ';' in it: this file seems separated by ';', "
		       "format.md's files by commas)";
	if (memchr(c->field[0].s, '\t', c->field[0].len))
		return " (the header is one field with tabs in it: this file seems separated by tabs, "
		       "format.md's files by commas)";
	return "";
}

/* scenario.csv: key/value rows. */
static int load_scenario(plan_model *m, const char *file, plan_csv *c)
{
	plan_tab *tab = &m->tab[PLAN_TABLE_SCENARIO];
	plan_scenario_def def = PLAN_SCENARIO_DEF_INIT;
	uint32_t skip = 0;
	int kcol = -1, vcol = -1, rc;
	if ((rc = plan_csv__next(c)) <= 0) {
		if (rc == -2)
			return PLAN_ENOMEM;
		if (rc == -1)
			report_csv_error(m, file, c);
		else
			plan_model__diag_at(m, E, file, 1, 0, "no header (expected key,value)");
		return PLAN_EFORMAT;
	}
	for (size_t i = 0; i < c->nfield; i++) {
		size_t len = c->field[i].len;
		const char *s = plan_str__trim(c->field[i].s, &len);
		if (len == 3 && memcmp(s, "key", 3) == 0)
			kcol = (int)i;
		else if (len == 5 && memcmp(s, "value", 5) == 0)
			vcol = (int)i;
		else
			plan_model__diag_at(m, W, file, 1, (int)i + 1,
					    "unknown column \"%.*s\" ignored", (int)len, s);
	}
	if (kcol < 0 || vcol < 0) {
		plan_model__diag_at(m, E, file, 1, 0, "missing required column \"%s\"%s",
				    kcol < 0 ? "key" : "value", separator_hint(c));
		return PLAN_EFORMAT;
	}
	size_t nhead = c->nfield;
	for (int k = 0; k < SCN_COUNT; k++)
		tab->col[k] = (int16_t)(vcol + 1);
	memset(m->scenario_line, 0, sizeof(m->scenario_line));
	while ((rc = plan_csv__next(c)) != 0) {
		if (rc == -2)
			return PLAN_ENOMEM;
		if (rc == -1) {
			report_csv_error(m, file, c);
			continue;
		}
		if (c->nfield != nhead) {
			plan_model__diag_at(m, E, file, (int)c->record_line, 0,
					    "expected %zu fields, got %zu", nhead, c->nfield);
			continue;
		}
		size_t klen = c->field[kcol].len;
		const char *key = plan_str__trim(c->field[kcol].s, &klen);
		int k = -1;
		for (int j = 0; j < SCN_COUNT; j++)
			if (strlen(plan_schema__scenario[j].name) == klen &&
			    memcmp(plan_schema__scenario[j].name, key, klen) == 0)
				k = j;
		if (k < 0) {
			plan_model__diag_at(m, W, file, (int)c->record_line, kcol + 1,
					    "unknown key \"%.*s\" ignored", (int)klen, key);
			continue;
		}
		if (m->scenario_line[k]) {
			plan_model__diag_at(m, E, file, (int)c->record_line, kcol + 1,
					    "duplicate key \"%s\", first on line %u",
					    plan_schema__scenario[k].name, m->scenario_line[k]);
			continue;
		}
		m->scenario_line[k] = c->record_line;
		skip |= (uint32_t)plan_model__cell(m, PLAN_TABLE_SCENARIO, plan_schema__scenario, k,
					     (char *)&def, c->field[vcol].s, c->field[vcol].len) << k;
	}
	m->cur_line = 0;
	int r = plan_model__set_scenario(m, &def, skip);
	return r == PLAN_ENOMEM ? r : 0;
}

/* One table from a reader positioned at its header. */
static int load_rows(plan_model *m, int t, const char *file, plan_csv *c)
{
	const plan_schema *s = &plan_schema__tables[t];
	plan_tab *tab = &m->tab[t];
	int map[256]; /* field -> column, -1 unknown */
	int seen[PLAN_MAX_COLS];
	int rc = plan_csv__next(c);
	if (rc == 0)
		return 0; /* an empty file is an empty table */
	if (rc == -2)
		return PLAN_ENOMEM;
	if (rc == -1) {
		report_csv_error(m, file, c);
		return PLAN_EFORMAT;
	}
	size_t nhead = c->nfield;
	if (nhead > 256) {
		plan_model__diag_at(m, E, file, 1, 0, "%zu columns in the header, at most 256", nhead);
		return PLAN_EFORMAT;
	}
	for (int k = 0; k < PLAN_MAX_COLS; k++)
		seen[k] = 0;
	memset(tab->col, 0, sizeof(tab->col));
	int broken = 0;
	for (size_t i = 0; i < nhead; i++) {
		size_t len = c->field[i].len;
		const char *name = plan_str__trim(c->field[i].s, &len);
		int col = plan_schema__column(s, name, len), other = 0;
		if (col < 0 && (col = plan_schema__synonym(s, name, len)) >= 0)
			other = 1;
		map[i] = col;
		if (col < 0) {
			plan_model__diag_at(m, W, file, 1, (int)i + 1, "unknown column \"%.*s\" ignored",
					    (int)(len > 80 ? 80 : len), name);
		} else if (seen[col]) {
			plan_model__diag_at(m, E, file, 1, (int)i + 1,
					    "duplicate column \"%s\"%s, first in column %d",
					    s->cols[col].name, other ? " (as \"unit\", its 1.1 name)" : "",
					    seen[col]);
			map[i] = -1;
			broken = 1;
		} else {
			seen[col] = (int)i + 1;
			tab->col[col] = (int16_t)(i + 1);
		}
	}
	for (int k = 0; k < s->ncols; k++) {
		if ((s->cols[k].flags & COLF_REQUIRED) && !seen[k]) {
			plan_model__diag_at(m, E, file, 1, 0, "missing required column \"%s\"%s",
					    s->cols[k].name, separator_hint(c));
			broken = 1;
		}
	}
	if (broken)
		return PLAN_EFORMAT;

	char def[256];
	const void *dflt = plan_model__default(t);
	/* keys are checked all at once after the rows (faster for many rows);
	 * a duplicate is still reported on its own line */
	size_t first_row = tab->n;
	m->defer_keys = 1;
	/* A record is parsed one ahead of the one being added, and the hash
	 * slots of its codes fetched meanwhile: interning a code otherwise
	 * waits for memory, a record after the other. */
	plan_csv_field cur[256];
	int code_ns[256];
	for (size_t i = 0; i < nhead; i++)
		code_ns[i] = map[i] >= 0 && s->cols[map[i]].type == COL_CODE ? s->cols[map[i]].ns : -1;
	rc = plan_csv__next(c);
	while (rc != 0 && !too_many(m)) {
		if (rc == -2)
			return PLAN_ENOMEM;
		if (rc == -1 || c->nfield != nhead) {
			if (rc == -1)
				report_csv_error(m, file, c);
			else
				plan_model__diag_at(m, E, file, (int)c->record_line, 0,
						    "expected %zu fields, got %zu", nhead, c->nfield);
			rc = plan_csv__next(c);
			continue;
		}
		memcpy(cur, c->field, nhead * sizeof(*cur));
		uint32_t line = c->record_line;
		rc = plan_csv__next(c);
		if (rc == 1 && c->nfield == nhead)
			for (size_t i = 0; i < nhead; i++)
				if (code_ns[i] >= 0)
					plan_strtab__prefetch(&m->ns[code_ns[i]], c->field[i].s,
							      c->field[i].len);
		memcpy(def, dflt, s->def_size);
		m->cur_line = line;
		uint32_t skip = 0;
		for (size_t i = 0; i < nhead; i++)
			if (map[i] >= 0)
				skip |= (uint32_t)plan_model__cell(m, t, s->cols, map[i], def, cur[i].s,
							     cur[i].len) << map[i];
		if (plan_model__add(m, t, def, skip) == PLAN_ENOMEM) {
			m->defer_keys = 0;
			return PLAN_ENOMEM;
		}
	}
	m->cur_line = 0;
	m->defer_keys = 0;
	return plan_model__index_keys(m, t, first_row);
}

/* Loads buf[0..len) (owned by the caller, one spare byte) as table t. */
static int load_buffer(plan_model *m, int t, const char *file, char *buf, size_t len)
{
	plan_csv c;
	const char *stored = plan_arena__strndup(&m->arena, file, strlen(file));
	if (!stored)
		return PLAN_ENOMEM;
	m->tab[t].file = stored;
	plan_csv__init(&c, buf, len);
	int rc = t == PLAN_TABLE_SCENARIO ? load_scenario(m, stored, &c)
					  : load_rows(m, t, stored, &c);
	plan_csv__free(&c);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

PLAN_EXPORT int plan_model_load_table(plan_model *m, const char *file, const void *data,
				      size_t size)
{
	if (!m || !file || (!data && size))
		return PLAN_EINVAL;
	int gz = ends_with(file, ".csv.gz");
	size_t base = strlen(file) - (gz ? 7 : ends_with(file, ".csv") ? 4 : 0);
	int t = plan_schema__table(file, base);
	if (t < 0 || (!gz && !ends_with(file, ".csv"))) {
		plan_model__diag_at(m, W, file, 0, 0, "not a table of format v1; ignored");
		return PLAN_ENOTFOUND;
	}
	char *buf;
	size_t len;
	if (gz) {
		const char *why = NULL;
		int rc = plan_csv__gunzip(data, size, &buf, &len, &why);
		if (rc == -2)
			return plan_model__error(m, PLAN_ENOMEM, "out of memory");
		if (rc < 0) {
			plan_model__diag_at(m, E, file, 0, 0, "%s", why);
			return PLAN_EFORMAT;
		}
	} else {
		buf = malloc(size + 1);
		if (!buf)
			return plan_model__error(m, PLAN_ENOMEM, "out of memory");
		if (size)
			memcpy(buf, data, size);
		len = size;
	}
	size_t before = m->nerrors;
	int rc = load_buffer(m, t, file, buf, len);
	free(buf);
	if (rc == PLAN_ENOMEM)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	return m->nerrors > before ? PLAN_EFORMAT : 0;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Warns about files in dir that are no table of the format. */
static void warn_unknown_files(plan_model *m, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		int gz = ends_with(name, ".csv.gz");
		if (!gz && !ends_with(name, ".csv"))
			continue;
		size_t base = strlen(name) - (gz ? 7 : 4);
		if (plan_schema__table(name, base) < 0)
			plan_model__diag_at(m, W, name, 0, 0, "not a table of format v1; ignored");
	}
	closedir(d);
}

int plan_load__dir(plan_model **out, const char *dir, const plan_load_options *opts)
{
	plan_load_options o = *opts;
	struct stat st;
	plan_model *m;
	int rc = plan_model_new(&m);
	if (rc < 0)
		return rc;
	*out = m;
	plan_model__load_options(m, &o, &o);

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		plan_model__diag_at(m, E, dir, 0, 0, "%s",
				    stat(dir, &st) != 0 ? strerror(errno) : "not a directory");
		return PLAN_EIO;
	}
	size_t dlen = strlen(dir);
	char *path = malloc(dlen + 64);
	if (!path)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	int io = 0;
	for (int t = 0; t < PLAN_TABLE_COUNT_ && !too_many(m); t++) {
		const char *name = plan_schema__tables[t].name;
		char plain[48], gzname[48];
		snprintf(plain, sizeof(plain), "%s.csv", name);
		snprintf(gzname, sizeof(gzname), "%s.csv.gz", name);
		snprintf(path, dlen + 64, "%s/%s", dir, plain);
		int has_plain = file_exists(path);
		snprintf(path, dlen + 64, "%s/%s", dir, gzname);
		int has_gz = file_exists(path);
		int required = t == PLAN_TABLE_SCENARIO || t == PLAN_TABLE_SITES ||
			       t == PLAN_TABLE_SKUS;
		if (has_plain && has_gz) {
			plan_model__diag_at(m, E, gzname, 0, 0, "both %s and %s exist; keep one",
					    plain, gzname);
			continue;
		}
		if (!has_plain && !has_gz) {
			if (required) {
				plan_model__diag_at(m, E, plain, 0, 0, "required file missing in %s", dir);
				io = 1;
			}
			continue;
		}
		const char *file = has_gz ? gzname : plain;
		snprintf(path, dlen + 64, "%s/%s", dir, file);
		char *buf;
		size_t len;
		const char *why = NULL;
		int r = plan_csv__read_file(path, has_gz, &buf, &len, &why);
		if (r == -2) {
			rc = PLAN_ENOMEM;
			break;
		}
		if (r < 0) {
			plan_model__diag_at(m, E, file, 0, 0, "cannot read: %s", why);
			io = 1;
			continue;
		}
		r = load_buffer(m, t, file, buf, len);
		free(buf);
		if (r == PLAN_ENOMEM) {
			rc = r;
			break;
		}
	}
	free(path);
	if (rc == PLAN_ENOMEM || m->oom)
		return plan_model__error(m, PLAN_ENOMEM, "out of memory");
	warn_unknown_files(m, dir);
	if (io)
		return plan_model__error(m, PLAN_EIO, "%s", m->errmsg);
	if (too_many(m))
		return plan_model__error(m, PLAN_EFORMAT, "too many errors (%zu); loading stopped",
					 m->nerrors);
	if (o.validate)
		return plan_model_validate(m);
	return m->nerrors ? PLAN_EFORMAT : 0;
}
