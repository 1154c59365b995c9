/* RFC 4180 CSV reader over a buffer in memory, and file reading with gzip. */
#ifndef PLAN_CSV_H
#define PLAN_CSV_H

#include <stddef.h>
#include <stdint.h>

typedef struct plan_csv_field {
	char *s;        /* NUL-terminated, unescaped in place */
	size_t len;
} plan_csv_field;

typedef struct plan_csv {
	char *buf;      /* owned by the caller; one spare byte after len */
	size_t len, pos;
	uint32_t line;  /* line where the next record starts */
	uint32_t record_line; /* line where the current record starts */
	plan_csv_field *field;
	size_t nfield, cap;
	const char *error;    /* problem of the last bad record */
	uint32_t error_line;
	int error_column;
} plan_csv;

/* Starts reading buf[0..len); buf must have len + 1 bytes. A UTF-8 BOM is
 * skipped. */
void plan_csv__init(plan_csv *c, char *buf, size_t len);
void plan_csv__free(plan_csv *c);

/* Reads the next record. Returns 1 (a record), 0 (end of input), -1 (a bad
 * record: error, error_line, error_column say why; the reader has skipped
 * past it) or -2 (out of memory). Blank lines are skipped. */
int plan_csv__next(plan_csv *c);

/* Reads a whole file into a new buffer (one spare byte), gunzipping it when
 * gz is set. Returns 0, -1 (errno-style problem in *why) or -2 (no memory). */
int plan_csv__read_file(const char *path, int gz, char **out, size_t *len,
			const char **why);

/* Gunzips data[0..size) into a new buffer (one spare byte). 0, -1, -2. */
int plan_csv__gunzip(const void *data, size_t size, char **out, size_t *len,
		     const char **why);

#endif
