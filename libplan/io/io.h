/* What the readers of a scenario offer plan_model_load() (open.c), which
 * chooses one by what the path names. */
#ifndef PLAN_IO_H
#define PLAN_IO_H

#include "model/model_impl.h"
#include "plan/store.h"

/* Loads the CSV files of directory dir (load.c); *out is the model, also on
 * error (its diagnostics say what went wrong). opts checked. */
int plan_load__dir(plan_model **out, const char *dir, const plan_load_options *opts);

/* Reads the scenario of the HDF5 store at path (store.c); a store that
 * cannot be opened is a diagnostic of the model. opts checked. */
int plan_store__load(plan_model **out, const char *path, const plan_load_options *opts);

/* The store's message buffer (len bytes), emptied: for what writes the
 * store's data elsewhere (export.c). */
char *plan_store__errbuf(plan_store *s, size_t *len);

#endif
