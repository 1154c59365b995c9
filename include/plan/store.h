/**
 * @file plan/store.h
 * The HDF5 store: one file holds a scenario and any number of named plans.
 *
 * The layout (docs/hdf5.md) is plain HDF5 that any tool reads (h5dump,
 * h5py, pandas): a group /scenario with one dataset per table of format.md,
 * a group /plans with one group per plan and one dataset per plan table.
 * Each dataset is one-dimensional, of a compound type whose fields are the
 * table's columns, chunked and compressed with shuffle and deflate.
 *
 * A store is a handle on one open file. Errors of a call are returned as a
 * status and described by plan_store_errmsg() (HDF5's own error stack
 * becomes that message; nothing is printed). Errors in the data of a
 * scenario are diagnostics of the model read, with the dataset, row and
 * field like the CSV loader's file, line and column
 * ("demo.h5:/scenario/skus:12:3: ...").
 *
 * Writing is all or nothing: a store opened to write (PLAN_STORE_CREATE or
 * PLAN_STORE_UPDATE) works on the file in memory, and plan_store_close()
 * writes it to a new file beside the old one, syncs it and renames it over
 * the old one. Until then the file on disk is as it was; if any write
 * failed, or the process dies, it stays so (a kill during the close may
 * leave a stray FILE.tmp-XXXXXX beside it). Memory: the whole file, while
 * it is open to write.
 *
 * Ownership and threads: the caller owns the store and closes it with
 * plan_store_close(). A store is used by one thread at a time; separate
 * stores may be used in separate threads (the HDF5 library serialises its
 * calls).
 */
#ifndef PLAN_STORE_H
#define PLAN_STORE_H

#include "load.h"
#include "run.h"

PLAN_BEGIN_DECL

typedef struct plan_store plan_store;

/** How to open a store. */
typedef enum plan_store_mode {
	PLAN_STORE_READ = 0,    /**< an existing file, read only */
	PLAN_STORE_CREATE = 1,  /**< a new file (missing folders above it are
				     created); an existing one is replaced */
	PLAN_STORE_UPDATE = 2   /**< an existing file, to add or replace plans */
} plan_store_mode;

/** The format written, in the root attributes format_major / format_minor.
 *  A reader refuses another major version and reads any minor one,
 *  ignoring fields it does not know and filling defaults for those the
 *  file lacks. */
#define PLAN_STORE_FORMAT_MAJOR 1
#define PLAN_STORE_FORMAT_MINOR 1

/**
 * Opens the store at @p path.
 * @param[out] out the store, owned by the caller (plan_store_close(), then
 *     plan_store_free());
 *     on error a store that says why (plan_store_errmsg()) or NULL on
 *     PLAN_ENOMEM / PLAN_EINVAL
 * @return 0; PLAN_EIO (cannot open or create; not an HDF5 file);
 *     PLAN_EFORMAT (an HDF5 file that is not a libplan store, or of another
 *     major version); PLAN_ENOMEM; PLAN_EINVAL.
 */
PLAN_EXPORT int plan_store_open(plan_store **out, const char *path, plan_store_mode mode);

/** Opens, read only, a store held in memory (@p size bytes of a file's
 *  image, copied). As plan_store_open(); @p name names it in messages. */
PLAN_EXPORT int plan_store_open_image(plan_store **out, const void *image, size_t size,
				      const char *name);

/**
 * Closes a store's file. A store opened to write replaces the file with
 * what was written, unless a write failed: then the file is left as it was
 * and PLAN_EIO returned. The handle stays, with its message
 * (plan_store_errmsg()), until plan_store_free(); every other call on a
 * closed store fails. Closing twice, or NULL, is a no-op.
 * @return 0, PLAN_EIO (nothing written: plan_store_errmsg() says why) or
 *     PLAN_ENOMEM.
 */
PLAN_EXPORT int plan_store_close(plan_store *store);

/**
 * Frees a store's handle. A store still open is closed without writing:
 * what was written to a store opened to write is dropped, and the file
 * stays as it was. NULL is a no-op.
 */
PLAN_EXPORT void plan_store_free(plan_store *store);

/** What went wrong in the last call that failed (never NULL). */
PLAN_EXPORT const char *plan_store_errmsg(const plan_store *store);

/** Writes @p model as /scenario (a store opened with PLAN_STORE_CREATE, or
 *  one without a scenario yet). Every value is written, defaults included.
 *  @return 0, PLAN_EINVAL (no model; a scenario is already there),
 *  PLAN_EIO, PLAN_ENOMEM. */
PLAN_EXPORT int plan_store_write_model(plan_store *store, const plan_model *model);

/** 1 if the store holds a scenario, else 0. */
PLAN_EXPORT int plan_store_has_scenario(plan_store *store);

/**
 * Reads /scenario into a new model, like plan_model_load() reads a
 * directory: every problem of the data is a diagnostic of the model.
 * @param[out] out the model, owned by the caller whatever the result (NULL
 *     only on PLAN_ENOMEM before it exists or PLAN_EINVAL)
 * @param opts  as for plan_model_load(), or NULL
 * @return 0; PLAN_EFORMAT (read the diagnostics); PLAN_EIO (a required
 *     dataset is missing or unreadable; also a diagnostic); PLAN_ENOMEM;
 *     PLAN_EINVAL.
 */
PLAN_EXPORT int plan_store_read_model(plan_model **out, plan_store *store,
				      const plan_load_options *opts);

/** Flags of plan_store_write_plan(). The full multi-level pegging trace is
 *  written only when asked for: a plan is read back from its single-level
 *  allocations, from which the trace is derived (plan_result_pegging());
 *  on the large benchmark the trace alone runs to hundreds of millions of
 *  rows. */
#define PLAN_STORE_NO_PEGGING 1u  /**< no pegging trace (the default since 0.4;
				       kept for the callers of 0.3, and it wins) */
#define PLAN_STORE_PEGGING    2u  /**< also the full pegging trace, /plans/NAME/pegging */

/**
 * Writes @p result as /plans/NAME, replacing a plan of that name. Besides
 * the plan tables of format.md it writes `allocations` (single-level
 * pegging), from which plan_store_read_plan() restores the plan; the full
 * pegging trace only with PLAN_STORE_PEGGING.
 * @param name  letters, digits, '_', '-', '.'; 1 to 64 characters
 * @return 0, PLAN_EINVAL (a bad name, a store opened to read), PLAN_EIO,
 *     PLAN_ENOMEM.
 */
PLAN_EXPORT int plan_store_write_plan(plan_store *store, const char *name,
				      const plan_result *result, unsigned flags);

/** Number of plans in the store. */
PLAN_EXPORT size_t plan_store_count_plans(plan_store *store);

/** Name of plan @p index (in name order), valid until the next call on the
 *  store; NULL if out of range. */
PLAN_EXPORT const char *plan_store_plan_name(plan_store *store, size_t index);

/**
 * Reads plan @p name back as a result of @p model, which must be the
 * model the plan was made from (read from the same store, typically): its
 * orders, deliveries, allocations, exceptions, loads and capacity rows are
 * restored and the summary recomputed, so the result verifies, pegs and
 * writes as the one that was stored.
 * @param[out] out the result, owned by the caller (plan_result_free()),
 *     borrowing from @p model like any result
 * @return 0; PLAN_ENOTFOUND (no plan of that name); PLAN_EFORMAT (the plan
 *     does not fit the model or its data are broken: plan_store_errmsg()
 *     says where); PLAN_EIO; PLAN_ENOMEM; PLAN_EINVAL.
 */
PLAN_EXPORT int plan_store_read_plan(plan_result **out, plan_store *store,
				     const char *name, plan_model *model);

/**
 * Writes what was written to a store opened to write to its file now, as
 * plan_store_close() does (a new file beside it, synced, renamed over it),
 * and keeps the store open for more: a checkpoint. A kill after it leaves
 * the file as committed. Memory and time: the whole file, each call.
 * @return 0, PLAN_EINVAL (a store opened to read), PLAN_ESTATE (a write
 *     failed before: nothing is committed), PLAN_EIO, PLAN_ENOMEM.
 */
PLAN_EXPORT int plan_store_commit(plan_store *store);

/**
 * The image of a store opened to write: the bytes its file would hold if
 * it were committed now, for plan_store_open_image() elsewhere (another
 * process, another machine). The file itself is not written: a store
 * created only for its image and then freed leaves nothing on disk.
 * @param[out] image the bytes, malloc()ed: the caller frees them with free()
 * @param[out] size their number
 * @return 0, PLAN_EINVAL, PLAN_ESTATE (a write failed before), PLAN_EIO,
 *     PLAN_ENOMEM.
 */
PLAN_EXPORT int plan_store_image(plan_store *store, void **image, size_t *size);

/**
 * Copies plan @p src_name of store @p src into @p dst (opened to write) as
 * /plans/@p name, replacing a plan of that name, every table as it is.
 * @return 0, PLAN_ENOTFOUND (no such plan in @p src), PLAN_EINVAL (a bad
 *     name; @p dst opened to read), PLAN_ESTATE, PLAN_EIO, PLAN_ENOMEM;
 *     plan_store_errmsg(@p dst) says why.
 */
PLAN_EXPORT int plan_store_copy_plan(plan_store *dst, const char *name, plan_store *src,
				     const char *src_name);

/** One variant of a scenario sweep (examples/plansweep): what was planned
 *  and what its plan came to. A row of /sweep/summary (docs/hdf5.md).
 *  Text is never NULL when read; NULL is written as "". */
typedef struct plan_sweep_row {
	unsigned version;
	const char *variant;     /**< its name, unique in the sweep */
	const char *scenario;    /**< the scenario (folder or .h5) as given */
	const char *edits;       /**< every what-if edit, as whatif's arguments; "" none */
	double demand_factor;    /**< the demand factor of its edits (1: none) */
	const char *block;       /**< its --block edits, ' '-separated; "" none */
	const char *close_lane;  /**< its --close-lane edits */
	const char *hours;       /**< its --hours edits */
	const char *mode;        /**< "constrained" or "unconstrained" */
	const char *error;       /**< "" when it was planned; else why not */
	const char *status;      /**< the plan's status ("on_time", "late",
				      "infeasible"); "" on error */
	size_t demands;
	size_t demands_late;     /**< late or short */
	double on_time;          /**< share of the demands on time, 0 to 1 */
	double lateness_days;
	double qty_short;
	double capacity_available; /**< hours */
	double capacity_loaded;
	double transfer_cost;
	double stock_value;      /**< average stock value (the verifier's) */
	size_t orders;
	size_t adjustments;
	size_t violations;       /**< the verifier's (0 unless a bug) */
	double seconds;          /**< wall time of load, edits, plan and verify */
	int rank;                /**< the MPI rank that planned it */
} plan_sweep_row;
#define PLAN_SWEEP_ROW_VERSION 1
#define PLAN_SWEEP_ROW_INIT { PLAN_SWEEP_ROW_VERSION, NULL, NULL, NULL, 1.0, NULL, NULL, NULL, \
			      NULL, NULL, NULL, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, \
			      0.0, 0 }

/**
 * Writes @p rows as /sweep/summary, replacing what was there (a store
 * opened to write). Names longer than 64 bytes and other text longer than
 * 4,096 bytes are cut.
 * @return 0, PLAN_EINVAL (a store opened to read, a row of an unknown
 *     version), PLAN_ESTATE, PLAN_EIO, PLAN_ENOMEM.
 */
PLAN_EXPORT int plan_store_write_sweep(plan_store *store, const plan_sweep_row *rows,
				       size_t n);

/** Reads /sweep/summary: its number of rows (0 if there is none), which
 *  plan_store_get_sweep() then gives; 0 also on error (plan_store_errmsg()). */
PLAN_EXPORT size_t plan_store_count_sweep(plan_store *store);

/** Row @p index of the last plan_store_count_sweep(); its text belongs to
 *  the store until the next call on it. 0, PLAN_EINVAL (out of range). */
PLAN_EXPORT int plan_store_get_sweep(plan_sweep_row *out, plan_store *store, size_t index);

/**
 * Writes the store's scenario, @p model (read from it with
 * plan_store_read_model()), as CSV tables into @p dir (NAME.csv.gz with
 * @p gzip), and each stored plan into dir/plans/NAME/, all at once: the
 * files go to a new directory beside @p dir that replaces it only when
 * complete and on disk, so a failure or a kill leaves @p dir as it was.
 * An existing @p dir is replaced only if it holds nothing but scenario
 * tables and a plans/ folder. Plans are exported only if the model is
 * valid.
 * @return 0, PLAN_EIO, PLAN_EFORMAT (a plan does not fit the model),
 *     PLAN_ENOMEM, PLAN_EINVAL (plan_store_errmsg() says why).
 */
PLAN_EXPORT int plan_store_export_csv(plan_store *store, plan_model *model, const char *dir,
				      int gzip);

PLAN_END_DECL

#endif
