/* A sweep's variant grid (plansweep --grid FILE): rows of what-if edits.
 *
 * CSV: a header naming the columns, one row per variant:
 *
 *     name,demand,block,close_lane,hours
 *     peak,1.2,,,
 *     weld-down,,WELD-1:2027-03-01:2027-03-12,,
 *
 * `name` is optional (default v0001, v0002, ... by row); the other columns
 * are whatif's edits, each optional; a cell holds none, one or several
 * (space-separated) edits of its column. A variant's edits apply in column
 * order.
 *
 * Axes (INI-like): one line per axis, AXIS = VALUE VALUE ...; every
 * combination is a variant (the first axis varies slowest), named v0001,
 * v0002, ... `none` (or `-`) is no edit; A+B two edits of the axis in one
 * value. Lines starting with '#' or ';', blank lines and a [section] line
 * are skipped:
 *
 *     demand = 0.9 1.0 1.2
 *     block  = none WELD-1:2027-03-01:2027-03-12
 *
 * Errors name the file, line and column. */
#ifndef EXAMPLES_GRID_H
#define EXAMPLES_GRID_H

#include "edits.h"

#define GRID_NAME_MAX 64

typedef struct grid_row {
	char name[GRID_NAME_MAX + 1];
	edit *edits;    /* into the grid's array */
	int nedits;
	size_t first;   /* its first edit's index in the grid's array */
} grid_row;

typedef struct grid {
	grid_row *rows;
	size_t nrows;
	edit *edits;    /* every row's, one array */
	char **text;    /* the arguments, owned */
	size_t ntext;
} grid;

/* Reads path into g (zeroed by the caller). 0, or -1 with err set
 * ("FILE:LINE:COL: ..."); g is freed by grid_free() either way. */
int grid_read(grid *g, const char *path, char *err, size_t errlen);

void grid_free(grid *g);

/* 1 if s is a valid variant (plan) name. */
int grid_valid_name(const char *s);

#endif
