/* A sweep's variant grid (grid.h): CSV rows or INI-like axes of edits. */
#include "grid.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_NAME, COL_DEMAND, COL_BLOCK, COL_LANE, COL_HOURS, NKINDS };
static const char *const col_names[NKINDS] = { "name", "demand", "block", "close_lane", "hours" };
static const char *const col_flags[NKINDS] = { NULL, "--demand", "--block", "--close-lane",
					       "--hours" };

#define MAX_LINE 8192
#define MAX_COLS 16
#define MAX_VARIANTS 1000000

typedef struct reader {
	const char *path;
	char *err;
	size_t errlen;
	grid *g;
	size_t cap_rows, cap_edits, cap_text;
} reader;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static int fail(reader *r, size_t line, size_t col, const char *fmt, ...)
{
	int n = snprintf(r->err, r->errlen, "%s:%zu:%zu: ", r->path, line, col);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int grid_valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > GRID_NAME_MAX)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
			return 0;
	return 1;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? 2 * *cap : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* Keeps a copy of s; NULL when out of memory. */
static const char *keep(reader *r, const char *s, size_t len)
{
	grid *g = r->g;
	if (grow((void **)&g->text, &r->cap_text, g->ntext + 1, sizeof(*g->text)))
		return NULL;
	char *c = malloc(len + 1);
	if (!c)
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	g->text[g->ntext++] = c;
	return c;
}

/* Appends an edit to the last row (rows know their edits by index until
 * the end: the array moves as it grows). */
static int add_edit(reader *r, const char *flag, const char *arg, size_t len)
{
	grid *g = r->g;
	grid_row *row = &g->rows[g->nrows - 1];
	size_t at = row->first + (size_t)row->nedits;
	const char *a = keep(r, arg, len);
	if (!a || grow((void **)&g->edits, &r->cap_edits, at + 1, sizeof(*g->edits)))
		return -1;
	g->edits[at] = (edit){ flag, a };
	row->nedits++;
	return 0;
}

static int new_row(reader *r, size_t first_edit)
{
	grid *g = r->g;
	if (g->nrows >= MAX_VARIANTS ||
	    grow((void **)&g->rows, &r->cap_rows, g->nrows + 1, sizeof(*g->rows)))
		return -1;
	grid_row *row = &g->rows[g->nrows++];
	memset(row, 0, sizeof(*row));
	row->first = first_edit;
	snprintf(row->name, sizeof(row->name), "v%04zu", g->nrows);
	return 0;
}

static size_t edits_so_far(const grid *g)
{
	if (!g->nrows)
		return 0;
	const grid_row *last = &g->rows[g->nrows - 1];
	return last->first + (size_t)last->nedits;
}

/* Each space-separated word of cell as an edit of flag (for axes, '+'
 * joins several in one value). */
static int add_words(reader *r, const char *flag, const char *cell, size_t len, char sep)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && (cell[i] == ' ' || cell[i] == sep))
			i++;
		size_t j = i;
		while (j < len && cell[j] != ' ' && cell[j] != sep)
			j++;
		if (j > i && add_edit(r, flag, cell + i, j - i))
			return -1;
		i = j;
	}
	return 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static int is_comment(const char *s)
{
	return !*s || *s == '#' || *s == ';';
}

static int read_csv(reader *r, FILE *f)
{
	char line[MAX_LINE];
	int kind[MAX_COLS], ncols = 0;
	size_t lineno = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		size_t len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n')
			return fail(r, lineno, 1, "line longer than %d bytes", MAX_LINE - 2);
		char *s = trim(line);
		if (is_comment(s))
			continue;
		char *cell[MAX_COLS];
		size_t colat[MAX_COLS];
		int n = 0;
		for (char *p = s;; n++) {
			if (n == MAX_COLS)
				return fail(r, lineno, (size_t)(p - line) + 1, "more than %d columns",
					    MAX_COLS);
			if (strchr(p, '"'))
				return fail(r, lineno, (size_t)(strchr(p, '"') - line) + 1,
					    "quotes are not taken in a grid");
			cell[n] = p;
			colat[n] = (size_t)(p - line) + 1;
			char *c = strchr(p, ',');
			if (!c) {
				n++;
				break;
			}
			*c = '\0';
			p = c + 1;
		}
		if (!ncols) { /* the header */
			for (int k = 0; k < n; k++) {
				char *name = trim(cell[k]);
				kind[k] = -1;
				for (int j = 0; j < NKINDS; j++)
					if (!strcmp(name, col_names[j]))
						kind[k] = j;
				if (kind[k] < 0)
					return fail(r, lineno, colat[k],
						    "unknown column \"%s\" (name, demand, block, close_lane, hours)",
						    name);
				for (int j = 0; j < k; j++)
					if (kind[j] == kind[k])
						return fail(r, lineno, colat[k], "column \"%s\" twice", name);
			}
			ncols = n;
			continue;
		}
		if (n != ncols)
			return fail(r, lineno, colat[n - 1], "%d cells where the header has %d", n, ncols);
		if (new_row(r, edits_so_far(r->g)))
			return fail(r, lineno, 1, "out of memory or more than %d variants", MAX_VARIANTS);
		grid_row *row = &r->g->rows[r->g->nrows - 1];
		for (int k = 0; k < n; k++) {
			char *v = trim(cell[k]);
			if (kind[k] == COL_NAME) {
				if (*v && !grid_valid_name(v))
					return fail(r, lineno, colat[k],
						    "name \"%s\": use 1 to %d letters, digits, '_', '-', '.'",
						    v, GRID_NAME_MAX);
				if (*v)
					snprintf(row->name, sizeof(row->name), "%s", v);
			}
		}
		/* edits in column order of kind, whatever the header's order */
		for (int j = COL_DEMAND; j < NKINDS; j++)
			for (int k = 0; k < n; k++)
				if (kind[k] == j) {
					char *v = trim(cell[k]);
					if (add_words(r, col_flags[j], v, strlen(v), ' '))
						return fail(r, lineno, colat[k], "out of memory");
				}
	}
	if (!ncols)
		return fail(r, lineno ? lineno : 1, 1, "no header (name, demand, block, close_lane, hours)");
	return 0;
}

typedef struct axis {
	int kind;
	size_t nvalues;
	char **values;  /* into the grid's text */
} axis;

static int read_axes(reader *r, FILE *f)
{
	char line[MAX_LINE];
	axis ax[NKINDS];
	int nax = 0;
	size_t lineno = 0;
	int rc = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		size_t len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			rc = fail(r, lineno, 1, "line longer than %d bytes", MAX_LINE - 2);
			break;
		}
		char *s = trim(line);
		if (is_comment(s) || *s == '[')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			rc = fail(r, lineno, (size_t)(s - line) + 1, "expected AXIS = VALUE ...");
			break;
		}
		*eq = '\0';
		char *name = trim(s);
		int kind = -1;
		for (int j = COL_DEMAND; j < NKINDS; j++)
			if (!strcmp(name, col_names[j]))
				kind = j;
		if (kind < 0) {
			rc = fail(r, lineno, (size_t)(name - line) + 1,
				  "unknown axis \"%s\" (demand, block, close_lane, hours)", name);
			break;
		}
		for (int a = 0; a < nax; a++)
			if (ax[a].kind == kind)
				rc = fail(r, lineno, (size_t)(name - line) + 1, "axis \"%s\" twice", name);
		if (rc)
			break;
		axis *x = &ax[nax++];
		x->kind = kind;
		x->nvalues = 0;
		x->values = NULL;
		char *p = eq + 1;
		while (!rc) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p)
				break;
			char *e = p;
			while (*e && *e != ' ' && *e != '\t')
				e++;
			char **grown = realloc(x->values, (x->nvalues + 1) * sizeof(*grown));
			const char *v = grown ? keep(r, p, (size_t)(e - p)) : NULL;
			if (grown)
				x->values = grown;
			if (!v)
				rc = fail(r, lineno, (size_t)(p - line) + 1, "out of memory");
			else
				x->values[x->nvalues++] = (char *)v;
			p = e;
		}
		if (!rc && !x->nvalues)
			rc = fail(r, lineno, (size_t)(eq - line) + 2, "axis \"%s\" has no value", name);
	}
	if (!rc && !nax)
		rc = fail(r, lineno ? lineno : 1, 1, "no axis (AXIS = VALUE ...)");
	size_t total = 1;
	for (int a = 0; a < nax && !rc; a++) {
		if (total > MAX_VARIANTS / ax[a].nvalues)
			rc = fail(r, lineno, 1, "more than %d variants", MAX_VARIANTS);
		total *= ax[a].nvalues;
	}
	/* every combination, the first axis slowest */
	for (size_t v = 0; v < total && !rc; v++) {
		if (new_row(r, edits_so_far(r->g))) {
			rc = fail(r, lineno, 1, "out of memory");
			break;
		}
		size_t rest = v, stride = total;
		for (int a = 0; a < nax && !rc; a++) {
			stride /= ax[a].nvalues;
			const char *val = ax[a].values[rest / stride];
			rest %= stride;
			if (strcmp(val, "none") && strcmp(val, "-") &&
			    add_words(r, col_flags[ax[a].kind], val, strlen(val), '+'))
				rc = fail(r, lineno, 1, "out of memory");
		}
	}
	for (int a = 0; a < nax; a++)
		free(ax[a].values);
	return rc;
}

/* Edits were kept as indices into g->edits: pointers now. */
static void fix_pointers(grid *g)
{
	for (size_t i = 0; i < g->nrows; i++)
		g->rows[i].edits = g->rows[i].nedits ? g->edits + g->rows[i].first : NULL;
}

int grid_read(grid *g, const char *path, char *err, size_t errlen)
{
	reader r = { path, err, errlen, g, 0, 0, 0 };
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	/* axes if the first line that says something has '=' and no ',' */
	char line[MAX_LINE];
	int axes = 0;
	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line);
		if (is_comment(s))
			continue;
		axes = *s == '[' || (strchr(s, '=') && !strchr(s, ','));
		break;
	}
	rewind(f);
	int rc = axes ? read_axes(&r, f) : read_csv(&r, f);
	if (!rc && ferror(f))
		rc = fail(&r, 0, 0, "read error");
	fclose(f);
	if (rc)
		return rc;
	fix_pointers(g);
	for (size_t i = 0; i < g->nrows; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(g->rows[i].name, g->rows[j].name)) {
				snprintf(err, errlen, "%s: two variants named \"%s\"", path, g->rows[i].name);
				return -1;
			}
	if (!g->nrows) {
		snprintf(err, errlen, "%s: no variant", path);
		return -1;
	}
	return 0;
}

void grid_free(grid *g)
{
	for (size_t i = 0; i < g->ntext; i++)
		free(g->text[i]);
	free(g->text);
	free(g->edits);
	free(g->rows);
	memset(g, 0, sizeof(*g));
}
