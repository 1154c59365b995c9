/* Writing a model back as format v1 CSV, table by table from the schema, so
 * that what is written loads back into an equal model. */
#include "plan/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "model_impl.h"

/* A buffered sink: plain file or gzip. */
typedef struct sink {
	FILE *f;
	gzFile gz;
	char buf[1 << 16];
	size_t n;
	int failed;
} sink;

static void flush(sink *s)
{
	if (!s->n)
		return;
	if (s->gz) {
		if (gzwrite(s->gz, s->buf, (unsigned)s->n) != (int)s->n)
			s->failed = 1;
	} else if (fwrite(s->buf, 1, s->n, s->f) != s->n) {
		s->failed = 1;
	}
	s->n = 0;
}

static void put(sink *s, const char *p, size_t len)
{
	while (len) {
		if (s->n == sizeof(s->buf))
			flush(s);
		size_t k = sizeof(s->buf) - s->n;
		if (k > len)
			k = len;
		memcpy(s->buf + s->n, p, k);
		s->n += k;
		p += k;
		len -= k;
	}
}

static void put_str(sink *s, const char *p)
{
	put(s, p, strlen(p));
}

static void put_text(sink *s, const char *v)
{
	if (!v)
		return;
	if (!strpbrk(v, ",\"\r\n")) {
		put_str(s, v);
		return;
	}
	put(s, "\"", 1);
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			put(s, "\"", 1);
		put(s, p, 1);
	}
	put(s, "\"", 1);
}

static void put_double(sink *s, double v)
{
	char b[40];
	snprintf(b, sizeof(b), "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, sizeof(b), "%.17g", v);
	put_str(s, b);
}

static void put_value(sink *s, const plan_col *col, const void *def)
{
	const char *f = (const char *)def + col->offset;
	switch (col->type) {
	case COL_CODE:
	case COL_TEXT: {
		const char *v;
		memcpy(&v, f, sizeof(v));
		put_text(s, v);
		break;
	}
	case COL_NUM: {
		double v;
		memcpy(&v, f, sizeof(v));
		if (!(v == PLAN_NONE && (col->flags & (COLF_NONE | COLF_REQUIRED))))
			put_double(s, v);
		break;
	}
	case COL_INT:
	case COL_BOOL: {
		int v;
		char b[16];
		memcpy(&v, f, sizeof(v));
		snprintf(b, sizeof(b), "%d", v);
		put_str(s, b);
		break;
	}
	case COL_DATE: {
		plan_date d;
		char b[11];
		memcpy(&d, f, sizeof(d));
		if (d != PLAN_DATE_NONE && plan_date_format(b, d) == 0)
			put_str(s, b);
		break;
	}
	case COL_ENUM: {
		int v;
		memcpy(&v, f, sizeof(v));
		put_str(s, col->enums[v]);
		break;
	}
	}
}

static int open_sink(sink *s, const char *dir, const char *name, int gzip, char *errbuf,
		     size_t errlen)
{
	char path[4096];
	s->f = NULL;
	s->gz = NULL;
	s->n = 0;
	s->failed = 0;
	snprintf(path, sizeof(path), "%s/%s.csv%s", dir, name, gzip ? ".gz" : "");
	if (gzip)
		s->gz = gzopen(path, "wb6");
	else
		s->f = fopen(path, "wb");
	if (!s->gz && !s->f) {
		if (errbuf)
			snprintf(errbuf, errlen, "%s: %s", path, strerror(errno ? errno : ENOMEM));
		return PLAN_EIO;
	}
	return 0;
}

static int close_sink(sink *s, const char *dir, const char *name, char *errbuf, size_t errlen)
{
	flush(s);
	int bad = s->failed;
	if (s->gz)
		bad |= gzclose(s->gz) != Z_OK;
	else
		bad |= fclose(s->f) != 0;
	if (bad && errbuf)
		snprintf(errbuf, errlen, "%s/%s: write error", dir, name);
	return bad ? PLAN_EIO : 0;
}

PLAN_EXPORT int plan_model_write_csv(const plan_model *m, const char *dir, int gzip, char *errbuf,
				     size_t errlen)
{
	if (!m || !dir)
		return PLAN_EINVAL;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		if (errbuf)
			snprintf(errbuf, errlen, "%s: %s", dir, strerror(errno));
		return PLAN_EIO;
	}
	sink *s = malloc(sizeof(*s));
	if (!s)
		return PLAN_ENOMEM;
	int rc = open_sink(s, dir, "scenario", gzip, errbuf, errlen);
	if (rc) {
		free(s);
		return rc;
	}
	put_str(s, "key,value\n");
	if (m->has_scenario) {
		for (int k = 0; k < SCN_COUNT; k++) {
			const plan_col *col = &plan_schema__scenario[k];
			if (k == SCN_END && m->scenario.end == PLAN_DATE_NONE)
				continue;
			if ((k == SCN_NAME && !m->scenario.name) ||
			    (k == SCN_CALENDAR && !m->scenario.calendar))
				continue;
			put_str(s, col->name);
			put(s, ",", 1);
			put_value(s, col, &m->scenario);
			put(s, "\n", 1);
		}
	}
	rc = close_sink(s, dir, "scenario", errbuf, errlen);
	for (int t = 1; t < PLAN_TABLE_COUNT_ && !rc; t++) {
		const plan_schema *sc = &plan_schema__tables[t];
		const plan_tab *tab = &m->tab[t];
		if (!tab->n && t != PLAN_TABLE_SITES && t != PLAN_TABLE_SKUS)
			continue;
		if ((rc = open_sink(s, dir, sc->name, gzip, errbuf, errlen)))
			break;
		for (int c = 0; c < sc->ncols; c++) {
			put_str(s, sc->cols[c].name);
			put(s, c + 1 < sc->ncols ? "," : "\n", 1);
		}
		for (size_t i = 0; i < tab->n; i++) {
			const void *row = tab->rows + i * sc->def_size;
			for (int c = 0; c < sc->ncols; c++) {
				put_value(s, &sc->cols[c], row);
				put(s, c + 1 < sc->ncols ? "," : "\n", 1);
			}
		}
		rc = close_sink(s, dir, sc->name, errbuf, errlen);
	}
	free(s);
	return rc;
}
