/* Writing a model back as format v1 CSV, table by table from the schema, so
 * that what is written loads back into an equal model. */
#include "plan/load.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/outdir.h"
#include "model/model_impl.h"

static void put_value(plan_csvout *o, const plan_col *col, const void *def)
{
	const char *f = (const char *)def + col->offset;
	switch (col->type) {
	case COL_CODE:
	case COL_TEXT: {
		const char *v;
		memcpy(&v, f, sizeof(v));
		plan_csvout__text(o, v);
		break;
	}
	case COL_NUM: {
		double v;
		memcpy(&v, f, sizeof(v));
		if (v == PLAN_NONE && (col->flags & (COLF_NONE | COLF_REQUIRED)))
			plan_csvout__empty(o);
		else
			plan_csvout__num(o, v);
		break;
	}
	case COL_INT:
	case COL_BOOL: {
		int v;
		memcpy(&v, f, sizeof(v));
		if (v == -1 && (col->check == CHK_DEC || col->check == CHK_DAYS))
			plan_csvout__empty(o); /* not given */
		else
			plan_csvout__int(o, v);
		break;
	}
	case COL_DATE: {
		plan_date d;
		memcpy(&d, f, sizeof(d));
		plan_csvout__date(o, d);
		break;
	}
	case COL_ENUM: {
		int v;
		memcpy(&v, f, sizeof(v));
		plan_csvout__text(o, col->enums[v]);
		break;
	}
	}
}

/* The columns of a table to write (bit c: column c): every column of
 * format 1.0, and a column format 1.1 added only where a row sets it, so
 * that a 1.0 scenario is written back as 1.0. */
static uint32_t used_columns(const plan_schema *sc, const plan_tab *tab)
{
	uint32_t cols = 0;
	for (int c = 0; c < sc->ncols; c++) {
		const plan_col *col = &sc->cols[c];
		if (!(col->flags & COLF_V11)) {
			cols |= 1u << c;
			continue;
		}
		const char *dflt = (const char *)plan_model__default((int)(sc - plan_schema__tables));
		size_t w = col->type == COL_NUM ? sizeof(double)
			 : col->type == COL_CODE || col->type == COL_TEXT ? sizeof(char *)
			 : col->type == COL_DATE ? sizeof(plan_date) : sizeof(int);
		for (size_t i = 0; i < tab->n && !(cols >> c & 1u); i++)
			if (memcmp(tab->rows + i * sc->def_size + col->offset, dflt + col->offset, w))
				cols |= 1u << c;
	}
	return cols;
}

/* The files of a scenario directory (NAME.csv or NAME.csv.gz of a table),
 * and a plans/ directory beside them (planconvert's). */
int plan_model__scenario_file(const char *name, int is_dir)
{
	if (is_dir)
		return strcmp(name, "plans") == 0;
	for (int t = 0; t < PLAN_TABLE_COUNT_; t++) {
		size_t n = strlen(plan_schema__tables[t].name);
		if (!strncmp(name, plan_schema__tables[t].name, n) &&
		    (!strcmp(name + n, ".csv") || !strcmp(name + n, ".csv.gz")))
			return 1;
	}
	return 0;
}

int plan_model__write_tables(const plan_model *m, const char *dir, int gzip, char *errbuf,
			     size_t errlen)
{
	int rc = 0;
	plan_csvout *o = malloc(sizeof(*o));
	if (!o)
		return PLAN_ENOMEM;
	for (int t = 0; t < PLAN_TABLE_COUNT_ && !rc; t++) {
		const plan_schema *sc = &plan_schema__tables[t];
		plan_tab given = m->tab[t];
		given.n = plan_model__given(m, t); /* not a project's materials */
		const plan_tab *tab = &given;
		char file[48];
		snprintf(file, sizeof(file), "%s.csv%s", sc->name, gzip ? ".gz" : "");
		if (!tab->n && t != PLAN_TABLE_SCENARIO && t != PLAN_TABLE_SITES && t != PLAN_TABLE_SKUS)
			continue;
		if ((rc = plan_csvout__open(o, dir, file, gzip, errbuf, errlen)))
			break;
		if (t == PLAN_TABLE_SCENARIO) {
			/* key/value rows; unset optional keys are left out */
			plan_csvout__header(o, "key,value");
			for (int k = 0; m->has_scenario && k < SCN_COUNT; k++) {
				if ((k == SCN_END && m->scenario.end == PLAN_DATE_NONE) ||
				    (k == SCN_NAME && !m->scenario.name) ||
				    (k == SCN_CALENDAR && !m->scenario.calendar) ||
				    (k == SCN_FORMAT && !m->scenario.format) ||
				    (k == SCN_SOURCING && !m->scenario.sourcing) ||
				    (k == SCN_FAIR_SHARE && !m->scenario.fair_share))
					continue;
				plan_csvout__text(o, plan_schema__scenario[k].name);
				put_value(o, &plan_schema__scenario[k], &m->scenario);
				plan_csvout__end_row(o);
			}
		} else {
			uint32_t cols = used_columns(sc, tab);
			for (int c = 0; c < sc->ncols; c++)
				if (cols >> c & 1u)
					plan_csvout__text(o, sc->cols[c].name);
			plan_csvout__end_row(o);
			for (size_t i = 0; i < tab->n; i++) {
				const void *row = tab->rows + i * sc->def_size;
				for (int c = 0; c < sc->ncols; c++)
					if (cols >> c & 1u)
						put_value(o, &sc->cols[c], row);
				plan_csvout__end_row(o);
			}
		}
		rc = plan_csvout__close(o, dir, file, errbuf, errlen);
	}
	free(o);
	return rc;
}

typedef struct model_job {
	const plan_model *m;
	int gzip;
} model_job;

static int fill_model(void *ctx, const char *dir, char *errbuf, size_t errlen)
{
	const model_job *j = ctx;
	return plan_model__write_tables(j->m, dir, j->gzip, errbuf, errlen);
}

PLAN_EXPORT int plan_model_write_csv(const plan_model *m, const char *dir, int gzip)
{
	if (!m || !dir)
		return PLAN_EINVAL;
	model_job j = { m, gzip };
	/* the message is the model's, also of a const one (plan/load.h) */
	char *msg = ((plan_model *)(uintptr_t)m)->errmsg;
	msg[0] = '\0';
	return plan_outdir__write(dir, plan_model__scenario_file, fill_model, &j, msg, sizeof(m->errmsg));
}
