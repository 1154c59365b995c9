/* The C extension's own declarations, shared by its two files: the
 * objects and errors (_libplan.c) and the tables in bulk (ext_tables.c). */
#ifndef LIBPLAN_EXT_H
#define LIBPLAN_EXT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* numpy's C API: one table of functions, imported by _libplan.c */
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL libplan_ext_numpy_api
#include <numpy/arrayobject.h>

#include <plan.h>

/* Raises libplan.Error(message, code, the model's diagnostics) (a memory
 * error for PLAN_ENOMEM); returns NULL. */
PyObject *py_fail(int code, const char *message, const plan_model *m);

/* Plan table name of r (of model m) as [(name, kind, data[, categories,
 * code width])] (libplan/__init__.py's _frame() reads it); NULL with an
 * exception set (KeyError: no such table). */
PyObject *read_named_table(const plan_result *r, const plan_model *m, const char *name);

#endif
