/**
 * @file plan/session.h
 * Keeping a feasible plan and repairing it when something changes.
 *
 * A plan_session holds a model and its feasible plan (PLAN_MODE_CONSTRAINED)
 * and keeps what it needs to repair that plan after a change:
 *
 * - plan_session_add_block(): an emergency (or planned) maintenance block.
 *   A block changes capacity only, so the requirements stand. By default
 *   the repair is local: the make orders loading the blocked resource
 *   during the block give their hours back and are loaded again, deepest
 *   level first, against what the other orders keep: in their own window
 *   (the block's alternate included), earlier (back to the day their
 *   supplies arrive), or later (then what draws on them goes again in
 *   turn: parent orders, transfers in the first bucket with lane room,
 *   demands' parts); an order that fits nowhere by the horizon's end is
 *   left out with what draws on it, and what it drew is taken down.
 *   Nothing else moves and every order keeps its id. The repaired plan
 *   keeps every rule; its orders may differ from a full replan's (which
 *   could give capacity to other demands first).
 *   With plan_session_set_exact(), a repair plans the whole changed model
 *   again (stats.replanned is 1): the result is, order for order, the plan
 *   a full replan makes (tested), at a full plan's cost.
 * - plan_session_add_demand(), plan_session_close_lane(): a new demand or a
 *   closed lane changes the requirements themselves, so netting runs again
 *   and the whole plan is made again (stats.replanned is 1).
 *
 * Every repair reports what changed against the plan before it through a
 * callback (orders moved or rerouted, demands newly late or on time again)
 * and in counts.
 *
 * Ownership: the session borrows the model, which must outlive it and must
 * be changed only through the session while it lives (the session's
 * changes are added to it). plan_session_result() returns the current plan,
 * owned by the session and valid until the next repair or
 * plan_session_free(). A session is used by one thread at a time; separate
 * sessions of separate models are independent.
 */
#ifndef PLAN_SESSION_H
#define PLAN_SESSION_H

#include "run.h"

PLAN_BEGIN_DECL

typedef struct plan_session plan_session;

/**
 * Plans @p model feasibly and keeps the plan for repairs.
 * @param opts options (NULL: defaults); the mode is always
 *             PLAN_MODE_CONSTRAINED
 * @return 0 or plan_run()'s errors; the model's errmsg says more.
 */
PLAN_EXPORT int plan_session_new(plan_session **out, plan_model *model, const plan_run_options *opts);

/** Frees a session and its plan. NULL is a no-op. */
PLAN_EXPORT void plan_session_free(plan_session *session);

/** Repairs after a block: local (0, the default) or a full replan (1). */
PLAN_EXPORT int plan_session_set_exact(plan_session *session, int exact);

/** The current plan (owned by the session). */
PLAN_EXPORT const plan_result *plan_session_result(const plan_session *session);

/** What a repair changed. */
typedef enum plan_diff_kind {
	PLAN_DIFF_MOVED = 0,        /**< an order's release or due changed, or it was split */
	PLAN_DIFF_REROUTED,         /**< an order loads other resources (a block's alternate) */
	PLAN_DIFF_LEFT_OUT,         /**< an order the plan can no longer keep */
	PLAN_DIFF_BACK,             /**< an order left out before, kept now */
	PLAN_DIFF_NEWLY_LATE,       /**< a demand on time before, late or short now */
	PLAN_DIFF_LATER,            /**< a late demand, later still (or short now) */
	PLAN_DIFF_ON_TIME_AGAIN     /**< a late demand on time now */
} plan_diff_kind;

typedef struct plan_diff {
	unsigned version;
	plan_diff_kind kind;
	const char *order;        /**< orders: its id in the repaired plan (the old one if left out) */
	const char *item;
	const char *site;
	const char *demand;       /**< demands: its id */
	plan_date old_date;       /**< orders: due before; demands: last part delivered before */
	plan_date new_date;       /**< after (PLAN_DATE_NONE: left out, or short) */
} plan_diff;
#define PLAN_DIFF_VERSION 1
#define PLAN_DIFF_INIT { PLAN_DIFF_VERSION, PLAN_DIFF_MOVED, NULL, NULL, NULL, NULL, \
			 PLAN_DATE_NONE, PLAN_DATE_NONE }

/** Called once per change; strings valid during the call. A non-zero
 *  return stops the report (the repair itself is done). */
typedef int (*plan_diff_fn)(void *ctx, const plan_diff *diff);

typedef struct plan_repair_stats {
	unsigned version;
	int replanned;            /**< 1: netting ran again and the whole plan was made */
	size_t rescheduled;       /**< orders placed again (a replan: every planned order) */
	double seconds;           /**< wall time of the repair */
	/** The changes by kind (plan_diff_kind): */
	size_t moved;             /**< PLAN_DIFF_MOVED */
	size_t rerouted;          /**< PLAN_DIFF_REROUTED */
	size_t left_out;          /**< PLAN_DIFF_LEFT_OUT */
	size_t back;              /**< PLAN_DIFF_BACK */
	size_t newly_late;        /**< PLAN_DIFF_NEWLY_LATE */
	size_t later;             /**< PLAN_DIFF_LATER */
	size_t on_time_again;     /**< PLAN_DIFF_ON_TIME_AGAIN */
} plan_repair_stats;
#define PLAN_REPAIR_STATS_VERSION 1
#define PLAN_REPAIR_STATS_INIT { PLAN_REPAIR_STATS_VERSION, 0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0 }

/**
 * Adds a maintenance block to the model and repairs the plan.
 * @param block   the block (its resource and alternate must exist)
 * @param fn      called for each change (may be NULL)
 * @param[out] stats what changed (may be NULL)
 * @return 0; PLAN_EINVAL (a bad block: the model's errmsg and diagnostics
 *         say why; nothing changed); PLAN_ENOMEM (the model has the block,
 *         the session's plan may be half repaired: free the session).
 */
PLAN_EXPORT int plan_session_add_block(plan_repair_stats *stats, plan_session *session,
				       const plan_maintenance_def *block, plan_diff_fn fn, void *ctx);

/** Adds a demand and plans again (see above). Errors as plan_session_add_block(). */
PLAN_EXPORT int plan_session_add_demand(plan_repair_stats *stats, plan_session *session,
					const plan_demand_def *demand, plan_diff_fn fn, void *ctx);

/** Closes the lane that ships @p item from @p source to @p site (it carries
 *  nothing from now on: its max_per_bucket becomes 0) and plans again.
 *  PLAN_EINVAL if there is no such lane. */
PLAN_EXPORT int plan_session_close_lane(plan_repair_stats *stats, plan_session *session, const char *item,
					const char *site, const char *source, plan_diff_fn fn,
					void *ctx);

PLAN_END_DECL

#endif
