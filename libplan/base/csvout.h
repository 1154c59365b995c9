/* Writing CSV tables (plain or gzip), RFC 4180 quoting, numbers that read
 * back as the same double. Shared by the scenario and the plan writers. */
#ifndef PLAN_CSVOUT_H
#define PLAN_CSVOUT_H

#include <stdio.h>
#include <zlib.h>

#include "plan/common.h"
#include "plan/run.h"

typedef struct plan_csvout {
	FILE *f;
	gzFile gz;
	size_t n;       /* bytes waiting in buf */
	int col;        /* fields written in the current row */
	int failed;
	plan_date last_date;  /* the last date written, and its text */
	char last_text[11];
	char buf[1 << 16];
} plan_csvout;

/* Opens dir/file (gzip when gz is set). 0 or PLAN_EIO. */
int plan_csvout__open(plan_csvout *o, const char *dir, const char *file, int gz,
		      char *errbuf, size_t errlen);

/* Flushes and closes. 0 or PLAN_EIO. */
int plan_csvout__close(plan_csvout *o, const char *dir, const char *file, char *errbuf,
		       size_t errlen);

/* Fields of the current row, each after a comma unless it is the first. */
void plan_csvout__text(plan_csvout *o, const char *s);   /* NULL: empty */
void plan_csvout__num(plan_csvout *o, double v);
void plan_csvout__int(plan_csvout *o, long v);
void plan_csvout__date(plan_csvout *o, plan_date d);     /* PLAN_DATE_NONE: empty */
void plan_csvout__empty(plan_csvout *o);
void plan_csvout__end_row(plan_csvout *o);

/* Writes v into b (40 bytes) as the shortest of %.15g and %.17g that reads
 * back as v; returns b. */
char *plan_csvout__fmt_num(char *b, double v);

/* A whole header row from a comma-separated list of names. */
void plan_csvout__header(plan_csvout *o, const char *names);

/* The tables of plan_model_write_csv() and plan_result_write_csv(), written
 * into dir as it is (the public calls write them into a staging directory,
 * plan_outdir), and the names of the entries each writes (for
 * plan_outdir__begin()). 0 or a status, why in errbuf. */
int plan_model__write_tables(const plan_model *m, const char *dir, int gzip, char *errbuf,
			     size_t errlen);
int plan_model__scenario_file(const char *name, int is_dir);
int plan_result__write_tables(const plan_result *r, const char *dir, unsigned flags,
			      char *errbuf, size_t errlen);
int plan_result__plan_file(const char *name, int is_dir);

#endif
