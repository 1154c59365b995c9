/**
 * @file plan/load.h
 * The loader of format v1 scenarios: a directory of CSV files (each may be
 * gzip-compressed as NAME.csv.gz).
 */
#ifndef PLAN_LOAD_H
#define PLAN_LOAD_H

#include "model.h"

PLAN_BEGIN_DECL

/** Options of plan_model_load(). */
typedef struct plan_load_options {
	unsigned version;
	/** Stop collecting diagnostics after this many errors (0: no limit).
	 *  Loading stops early once it is reached. Default 1000. */
	size_t max_errors;
	/** Validate the model after loading (plan_model_validate()). Default 1. */
	int validate;
	/** Version 2: the most buckets the horizon may have (0: the default,
	 *  PLAN_MAX_BUCKETS_DEFAULT; plan_model_set_max_buckets()). */
	size_t max_buckets;
} plan_load_options;
/** 2 since max_buckets; a version 1 struct (without it) is still read. */
#define PLAN_LOAD_OPTIONS_VERSION 2
#define PLAN_LOAD_OPTIONS_INIT { PLAN_LOAD_OPTIONS_VERSION, 1000, 1, 0 }

/**
 * Loads the scenario in directory @p dir, or, if @p dir names a file, the
 * scenario of that HDF5 store (plan/store.h; diagnostics then name the
 * dataset, row and field).
 *
 * Every table, column and default of format.md is read; unknown columns and
 * unknown files are warnings. All errors are collected as diagnostics with
 * file, line and column (plan_model_get_diag()).
 *
 * @param[out] out the model, owned by the caller, who frees it with
 *     plan_model_free() whatever the result. It is NULL only on PLAN_ENOMEM
 *     before the model exists or on PLAN_EINVAL for a NULL argument.
 * @param dir  the scenario directory
 * @param opts options, or NULL for PLAN_LOAD_OPTIONS_INIT
 * @return 0 (the model is loaded and, unless opts says otherwise, valid);
 *     PLAN_EFORMAT (the input has errors: read the diagnostics);
 *     PLAN_EIO (a required file is missing or unreadable; also a diagnostic);
 *     PLAN_ENOMEM; PLAN_EINVAL.
 */
PLAN_EXPORT int plan_model_load(plan_model **out, const char *dir,
				const plan_load_options *opts);

/**
 * Loads one table from memory into @p model, as if read from a file named
 * @p file ("skus.csv"; a ".gz" suffix means the bytes are gzip data).
 * For systems that hold the tables elsewhere than in files. Does not
 * validate.
 * @return 0, PLAN_EFORMAT (diagnostics added), PLAN_ENOTFOUND (no table of
 *     that name; also a warning), PLAN_ENOMEM or PLAN_EINVAL.
 */
PLAN_EXPORT int plan_model_load_table(plan_model *model, const char *file,
				      const void *data, size_t size);

/**
 * Writes @p model as a format v1 scenario into directory @p dir (created if
 * missing, not its parents): scenario.csv, sites.csv, skus.csv and every
 * other table that has rows. Every value is written, defaults included, so
 * that the files load back into an equal model (plan_model_equal()). The
 * directory is written all at once, as plan_result_write_csv() writes a
 * plan's: an existing @p dir is replaced only if it holds nothing but
 * scenario tables (NAME.csv, NAME.csv.gz) and a plans/ folder.
 * @param gzip 1 to write NAME.csv.gz files, 0 for plain CSV
 * @return 0, PLAN_EINVAL, PLAN_EIO or PLAN_ENOMEM (plan_model_errmsg()
 *     says why: the message is set through a const model too, so two
 *     threads must not write one model's files at once).
 */
PLAN_EXPORT int plan_model_write_csv(const plan_model *model, const char *dir, int gzip);

PLAN_END_DECL

#endif
