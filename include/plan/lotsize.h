/**
 * @file plan/lotsize.h
 * Lot sizing on its own: the rules the MRP engine applies per SKU, for a
 * plain series of net requirements.
 *
 * Conventions (format.md, and the textbooks' examples): periods are numbered
 * from 0; the requirement of period t is due at its start; an order placed in
 * period t arrives at its start; holding cost is charged per unit on the stock
 * left at the end of each period; setup cost is charged per order.
 */
#ifndef PLAN_LOTSIZE_H
#define PLAN_LOTSIZE_H

#include "model.h"

PLAN_BEGIN_DECL

/** Parameters of a lot-sizing run. Initialise with PLAN_LOT_PARAMS_INIT. */
typedef struct plan_lot_params {
	unsigned version;
	plan_lot_rule rule;
	double lot_qty;            /**< FOQ quantity */
	int lot_periods;           /**< POQ periods */
	double lot_min;            /**< 0: none */
	double lot_max;            /**< PLAN_NONE: none */
	double lot_multiple;       /**< PLAN_NONE: none */
	double setup;              /**< cost of one order (when setup_per_period is NULL) */
	const double *setup_per_period; /**< cost of an order placed in period t, or NULL */
	double holding;            /**< cost of one unit carried from one period to the next */
	double mean_gross;         /**< EOQ: mean gross requirement per period;
				        PLAN_NONE: the mean of the series */
} plan_lot_params;
#define PLAN_LOT_PARAMS_VERSION 1
#define PLAN_LOT_PARAMS_INIT \
	{ PLAN_LOT_PARAMS_VERSION, PLAN_LOT_L4L, PLAN_NONE, 0, 0.0, PLAN_NONE, PLAN_NONE, \
	  0.0, NULL, 0.0, PLAN_NONE }

/**
 * Sizes the lots for net requirements @p net[0..n).
 *
 * The rule picks each lot when stock runs out; then lot_min raises it,
 * lot_multiple rounds it up and lot_max splits it into several orders. WW is
 * exact (Wagner-Whitin dynamic programming); SM, LUC and PPB are the
 * textbook heuristics (Silver-Meal: grow while the cost per period does not
 * increase; least unit cost: while the cost per unit does not increase;
 * part-period balancing: the lot whose part-periods come closest to
 * setup/holding, the shorter on a tie).
 *
 * @param[out] qty    quantity ordered in each period (n values; 0: none)
 * @param[out] orders number of orders in each period (n values), or NULL
 * @param net         net requirements, each >= 0
 * @param n           number of periods
 * @param params      the rule and its parameters
 * @return 0, PLAN_EINVAL (NULL pointer, negative or non-finite
 *         requirement, parameters the rule needs missing or out of range),
 *         or PLAN_ERANGE (lot_max would split one lot into more than a
 *         million orders).
 */
PLAN_EXPORT int plan_lotsize(double *qty, unsigned *orders, const double *net, size_t n,
			     const plan_lot_params *params);

/**
 * Cost of ordering @p qty against @p net: a setup for each order (@p orders,
 * or one per period with qty > 0 when NULL), plus holding on the stock left at
 * the end of each period.
 * @param[out] cost the total
 * @return 0, PLAN_EINVAL, or PLAN_ERANGE if the orders do not cover the
 *         requirements (stock would go below zero).
 */
PLAN_EXPORT int plan_lotsize_cost(double *cost, const double *qty, const unsigned *orders,
				  const double *net, size_t n, const plan_lot_params *params);

PLAN_END_DECL

#endif
