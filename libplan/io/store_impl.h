/* The inside of a plan_store, shared by the files of the store: store.c
 * (opening, closing, messages), store_scenario.c, store_plans.c. */
#ifndef PLAN_STORE_IMPL_H
#define PLAN_STORE_IMPL_H

#include "base/h5io.h"
#include "io/io.h"
#include "result/result_impl.h"

#define E PLAN_SEVERITY_ERROR
#define W PLAN_SEVERITY_WARNING

#define FORMAT_NAME "libplan"
#define NO_DICT ((size_t)-1)
#define BROKEN_DICT ((size_t)-2)
#define DEFLATE_LEVEL 1
#define DATES_NOTE "dates are int32 days since 1970-01-01 (proleptic Gregorian); " \
		   "-2147483648: no date"
#define NONE_NOTE "optional numbers (lot_qty, lot_max, lot_multiple, max_per_bucket, " \
		  "max_workers, subcontract_cost, max_subcontract): NaN means none"

struct plan_store {
	hid_t file;
	plan_store_mode mode;
	int failed;            /* a write failed: closing writes nothing */
	char name[128];        /* the file's name in messages */
	char path[4096];       /* the file written at close (writing modes) */
	char errmsg[512];
	char **plans;          /* names, from the last plan_store_count_plans() */
	size_t nplans;
	plan_sweep_row *sweep; /* rows of the last plan_store_count_sweep() */
	char *sweep_text;      /* their text */
	size_t nsweep;
};

/* The store's message from fmt; returns status. */
int plan_store__error(plan_store *s, int status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* The HDF5 error stack, after what, as the store's message; returns status. */
int plan_store__hdf5_error(plan_store *s, int status, const char *what);
/* A store whose write failed: PLAN_ESTATE, and why. */
int plan_store__refuse_after_failure(plan_store *s);
/* Forgets the plan names of the last plan_store_count_plans(). */
void plan_store__free_plan_names(plan_store *s);
/* A store open to write, with no failed write: 0; else PLAN_EINVAL or
 * PLAN_ESTATE, and why as its message. */
int plan_store__writable(plan_store *s);
/* Group name of loc, opened, or created if absent; -1 on error. */
hid_t plan_store__group(hid_t loc, const char *name);
/* 1 if name is a plan's name: 1 to 64 letters, digits, '_', '-', '.' */
int plan_store__valid_plan_name(const char *name);
/* Forgets the rows of the last plan_store_count_sweep(). */
void plan_store__free_sweep(plan_store *s);

#endif
