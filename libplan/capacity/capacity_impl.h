/* What capacity.c and capacity_track.c share: the finite loading's state. */
#ifndef PLAN_CAPACITY_IMPL_H
#define PLAN_CAPACITY_IMPL_H

#include "capacity/capacity.h"

typedef struct block {
	plan_date start, end;
	int32_t alt;          /* resources row, or -1 */
	double alt_factor;
	int32_t row;          /* maintenance row */
} block;

typedef struct cap_state {
	plan_engine *e;
	size_t nres, ndays, nb;
	plan_date base;        /* first day of the window */
	double *offered;       /* nres x ndays */
	double *left;          /* nres x ndays; below zero: overload */
	double *to_alt;        /* nres x nb: primary hours moved to alternates */
	int32_t *blk_off;      /* blocks by resource */
	block *blk;
	const int32_t *rt_off, *rt_row; /* routing rows by SKU (the model's) */
	int32_t *rt_res;       /* by routing row: its resource's row */
	/* per resource and chunk of CHUNK days: days with hours left, and
	 * whether a block names an alternate on one of them; scans skip
	 * chunks with neither, so a full resource costs days / CHUNK steps */
	uint16_t *cnt;
	uint8_t *calt;
	size_t nch;
	int notes_later;       /* alternates noted by plan_capacity__note_alternates() */
	/* plan_capacity__track(): resources whose room came or went on a
	 * day, each once until taken (chg_on); the blocks each resource is
	 * the alternate of (by_alt_off, by_alt); the SKUs routed on each */
	int32_t *chg, *by_alt_off, *by_alt, *blk_res, *on_off, *on_sku;
	size_t nchg;
	uint8_t *chg_on;
	plan_date *chg_from;   /* by resource noted: the earliest day noted */
} cap_state;

#define CHUNK 8
#define HAS_LEFT(x) ((x) > 1e-9)

/* Tracking (capacity_track.c): resource r noted as changed on day d; what a change
 * of r on day k (its room came or went: crossed) may change of room();
 * the tracking's view of the blocks, built again with them (0 or
 * PLAN_ENOMEM). */
void plan_capacity__note(cap_state *c, int32_t r, plan_date d);
void plan_capacity__note_change(cap_state *c, int32_t r, size_t k, int crossed);
int plan_capacity__track_blocks(cap_state *c);

#endif
