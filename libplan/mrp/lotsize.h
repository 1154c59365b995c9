/* Lot sizing, shared by plan_lotsize() and the netting of each SKU. */
#ifndef PLAN_LOTSIZE_IMPL_H
#define PLAN_LOTSIZE_IMPL_H

#include "plan/lotsize.h"

/* Scratch space of one run, reusable across SKUs (no allocation per SKU once
 * it has grown to the horizon). */
typedef struct plan_lot_work {
	double *g;        /* WW: cost from period i on, given an order at i */
	int32_t *choice;  /* WW: last period covered by the order at i */
	int32_t *next;    /* first period >= i with a requirement */
	size_t cap;
} plan_lot_work;

void plan_lot__work_free(plan_lot_work *w);

/* One order as the modifiers leave it. */
typedef struct plan_lot_piece {
	double qty;
	int32_t period;
} plan_lot_piece;

/* Sizes the lots of net[0..n) (the lot-for-lot net requirements: what must
 * arrive at the start of each period given the earlier arrivals). Calls
 * emit(ctx, period, qty) for each order, in period order. decimals >= 0:
 * the SKU's unit step (format 1.1), where lot_multiple is none each lot
 * rounds up to a multiple of 10^-decimals. Returns 0, PLAN_ENOMEM or the
 * first non-zero value emit returned. */
int plan_lot__run(plan_lot_work *w, const double *net, size_t n, const plan_lot_params *p,
		  int decimals, int (*emit)(void *ctx, size_t period, double qty), void *ctx);

/* Checks the parameters the rule needs. */
int plan_lot__check(const plan_lot_params *p);

#endif
