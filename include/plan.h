/**
 * @file plan.h
 * libplan: multi-site MRP II planning. Include this umbrella header; it pulls
 * in every public area under plan/.
 *
 * @section conventions The conventions of the whole API
 *
 * - **One prefix.** Every name is `plan_` (functions, types) or `PLAN_`
 *   (macros, enum values). The object a function works on is in its name:
 *   `plan_model_*`, `plan_result_*`, `plan_store_*`, `plan_session_*`,
 *   `plan_aggregate_*`.
 * - **Opaque handles.** plan_model, plan_result, plan_store, plan_session
 *   and plan_aggregate are opaque; each has one constructor that fills an
 *   `out` pointer and one `_free()` (NULL is a no-op).
 * - **`out` first.** Every function that creates or fills something takes
 *   the place to put it first: `plan_run(&result, model, opts)`,
 *   `plan_model_get_sku(&def, model, i)`, `plan_result_verify(&counts,
 *   result, ...)`. Functions that act on an object take it first:
 *   `plan_model_add_sku(model, &def)`.
 * - **One getter pattern.** A struct is read by
 *   `plan_OBJ_get_WHAT(out, obj[, index])`, rows counted by
 *   `plan_OBJ_count(obj, table)` or `plan_OBJ_count_WHAT(obj)`. A function
 *   that returns a single value is named for it: `plan_model_errmsg()`,
 *   `plan_result_on_time_qty()`, `plan_session_result()`.
 * - **Status codes.** Functions that can fail return 0 or a negative
 *   PLAN_E* code (plan_errstr() names it). The reason, in words, is kept
 *   by the object the call was on, until its next failing call:
 *   plan_model_errmsg(), plan_result_errmsg(), plan_store_errmsg(),
 *   plan_aggregate_errmsg(); a session's errors are its model's. No function
 *   takes an error buffer.
 * - **Versioned structs.** Every public struct a caller fills or passes
 *   starts with `unsigned version`, set by its own `PLAN_..._INIT` macro
 *   from its own `PLAN_..._VERSION`; a struct grows only at its end, with
 *   a new version. No public struct holds an array sized by an enum that
 *   may grow.
 * - **Ownership** is written at each constructor: who frees what, and how
 *   long borrowed strings live (as long as the object they come from,
 *   unless said otherwise).
 * - **Threads.** No global mutable state: separate objects may be used
 *   from separate threads at once; one object from one thread at a time
 *   (a result may be read by several).
 * - **Dates** are plan_date, days since 1970-01-01; quantities are double.
 *
 * The headers are documented for Doxygen: `meson compile -C build docs`
 * builds the API reference when Doxygen is installed.
 */
#ifndef PLAN_H
#define PLAN_H

#include "plan/common.h"
#include "plan/model.h"
#include "plan/load.h"
#include "plan/lotsize.h"
#include "plan/run.h"
#include "plan/store.h"
#include "plan/aggregate.h"
#include "plan/bound.h"
#include "plan/session.h"
#include "plan/report.h"

#endif
