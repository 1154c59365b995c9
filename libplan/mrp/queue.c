/* The queue of requirements waiting for each low-level code: explosion
 * and the demands push them, the run takes a level's at once, sorted by
 * SKU. Requirements wait in the order they were placed, which is
 * deterministic, and the counting sort keeps that order within a SKU. */
#include "mrp/engine.h"

#include <stdlib.h>
#include <string.h>

int plan_queue__new(plan_engine *e)
{
	e->pending = calloc((size_t)e->nlevels + 1, sizeof(*e->pending));
	return e->pending ? 0 : PLAN_ENOMEM;
}

void plan_queue__free(plan_engine *e)
{
	for (int l = 0; e->pending && l < e->nlevels; l++)
		plan_big__free(e->pending[l].v, e->pending[l].cap, sizeof(plan_req));
	free(e->pending);
	e->pending = NULL;
}

int plan_queue__push(plan_engine *e, const plan_req *q)
{
	plan_req_list *l = &e->pending[e->m->sku_llc[q->sku]];
	if (plan_big__reserve((void **)&l->v, &l->cap, sizeof(*l->v), l->n + 1) < 0)
		return PLAN_ENOMEM;
	l->v[l->n++] = *q;
	return 0;
}

int plan_queue__take(plan_engine *e, int level, const int32_t *pos, size_t nl, size_t *cnt,
		     plan_req **sorted, size_t *sorted_cap)
{
	plan_req_list *pl = &e->pending[level];
	if (plan_big__reserve((void **)sorted, sorted_cap, sizeof(**sorted), pl->n + 1) < 0)
		return PLAN_ENOMEM;
	memset(cnt, 0, (nl + 1) * sizeof(*cnt));
	for (size_t i = 0; i < pl->n; i++)
		cnt[pos[pl->v[i].sku] + 1]++;
	for (size_t k = 0; k < nl; k++)
		cnt[k + 1] += cnt[k];
	for (size_t i = 0; i < pl->n; i++)
		(*sorted)[cnt[pos[pl->v[i].sku]]++] = pl->v[i];
	plan_big__free(pl->v, pl->cap, sizeof(*pl->v));
	pl->v = NULL;
	pl->n = pl->cap = 0;
	return 0;
}
