/* Tracking what changes in the finite loading (capacity.h,
 * plan_capacity__track()): which resources' room came or went on some day,
 * as first_room() reads it, for callers that remember what they read of it
 * (the demand-driven planner's earliest days). */
#include "capacity/capacity_impl.h"

#include <stdlib.h>
#include <string.h>

void plan_capacity__note(cap_state *c, int32_t r, plan_date d)
{
	if (!c->chg_on[r]) {
		c->chg_on[r] = 1;
		c->chg[c->nchg++] = r;
		c->chg_from[r] = d;
	} else if (d < c->chg_from[r]) {
		c->chg_from[r] = d;
	}
}

/* Notes, when tracked, what a change of resource r on day k may change of
 * room() (what first_room() reads): r's own room where it came or went,
 * and any change of r as an alternate during a block that names it. */
void plan_capacity__note_change(cap_state *c, int32_t r, size_t k, int crossed)
{
	plan_date d = c->base + (plan_date)k;
	if (crossed)
		plan_capacity__note(c, r, d);
	for (int32_t i = c->by_alt_off[r]; i < c->by_alt_off[r + 1]; i++) {
		const block *bk = &c->blk[c->by_alt[i]];
		if (d >= bk->start && d <= bk->end)
			plan_capacity__note(c, c->blk_res[c->by_alt[i]], d);
	}
}

/* A CSR index: for n keys, the items 0 .. ni - 1 whose key key(i) is >= 0,
 * in item order (*off: n + 1 offsets, *at: the items). */
static int index_by(size_t n, size_t ni, int32_t (*key)(const cap_state *, size_t),
		    const cap_state *c, int32_t **off, int32_t **at)
{
	*off = calloc(n + 2, sizeof(**off));
	*at = malloc((ni + 1) * sizeof(**at));
	int32_t *fill = malloc((n + 1) * sizeof(*fill));
	if (!*off || !*at || !fill) {
		free(fill);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < ni; i++)
		if (key(c, i) >= 0)
			(*off)[key(c, i) + 1]++;
	for (size_t k = 0; k < n; k++)
		(*off)[k + 1] += (*off)[k];
	memcpy(fill, *off, (n + 1) * sizeof(*fill));
	for (size_t i = 0; i < ni; i++)
		if (key(c, i) >= 0)
			(*at)[fill[key(c, i)]++] = (int32_t)i;
	free(fill);
	return 0;
}

static int32_t alternate_of(const cap_state *c, size_t b)
{
	return c->blk[b].alt;
}

/* Routing rows by resource (a SKU's steps listed by SKU below). */
static int32_t routing_key(const cap_state *c, size_t row)
{
	return c->rt_res[row];
}

int plan_capacity__track_blocks(cap_state *c)
{
	size_t nb = (size_t)c->blk_off[c->nres];
	free(c->by_alt_off);
	free(c->by_alt);
	free(c->blk_res);
	c->by_alt_off = c->by_alt = NULL;
	c->blk_res = malloc((nb + 1) * sizeof(*c->blk_res));
	if (!c->blk_res || index_by(c->nres, nb, alternate_of, c, &c->by_alt_off, &c->by_alt))
		return PLAN_ENOMEM;
	for (size_t r = 0; r < c->nres; r++)
		for (int32_t b = c->blk_off[r]; b < c->blk_off[r + 1]; b++)
			c->blk_res[b] = (int32_t)r;
	return 0;
}

int plan_capacity__track(plan_cap *c)
{
	size_t nrt = c->e->m->tab[PLAN_TABLE_ROUTINGS].n;
	/* (chg_on set last: what add_left() reads to note) */
	uint8_t *on = calloc(c->nres + 1, 1);
	c->chg = malloc((c->nres + 1) * sizeof(*c->chg));
	c->chg_from = malloc((c->nres + 1) * sizeof(*c->chg_from));
	int32_t *rt_off = NULL, *rt_at = NULL;
	if (!on || !c->chg || !c->chg_from || plan_capacity__track_blocks(c) ||
	    index_by(c->nres, nrt, routing_key, c, &rt_off, &rt_at)) {
		free(on);
		free(rt_off);
		free(rt_at);
		return PLAN_ENOMEM;
	}
	/* the SKU of each routing row, then SKUs by resource (a SKU with two
	 * steps on one resource listed twice: harmless) */
	int32_t *sku_of = malloc((nrt + 1) * sizeof(*sku_of));
	c->on_sku = malloc((nrt + 1) * sizeof(*c->on_sku));
	if (!sku_of || !c->on_sku) {
		free(on);
		free(sku_of);
		free(rt_off);
		free(rt_at);
		return PLAN_ENOMEM;
	}
	/* (every row: an alternate's steps, 1.1, are its SKU's too) */
	const plan_model *m = c->e->m;
	for (size_t i = 0; i < nrt; i++)
		sku_of[i] = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_ROUTINGS, i, 0),
						     TAB_ID(m, PLAN_TABLE_ROUTINGS, i, 1));
	for (size_t i = 0; i < (size_t)rt_off[c->nres]; i++)
		c->on_sku[i] = sku_of[rt_at[i]];
	free(sku_of);
	free(rt_at);
	c->on_off = rt_off;
	c->chg_on = on;
	return 0;
}

int32_t plan_capacity__changed(plan_cap *c, plan_date *from, const int32_t **skus, size_t *n)
{
	if (!c->nchg)
		return -1;
	int32_t r = c->chg[--c->nchg];
	c->chg_on[r] = 0;
	*from = c->chg_from[r];
	*skus = c->on_sku + c->on_off[r];
	*n = (size_t)(c->on_off[r + 1] - c->on_off[r]);
	return r;
}

