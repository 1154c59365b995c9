/* Alternate BOMs and routings (format.md, "Alternate BOMs and routings",
 * 1.1): the alternates each make SKU has, by priority, from the rows of
 * bom.csv and routings.csv that name one, with the checks that join them.
 * An order made by an alternate draws on its own BOM lines (else the
 * primary's) and loads its own routing steps (else the primary's). */
#include "model/model_impl.h"

#include <stdlib.h>

typedef struct akey {
	int32_t sku, name, priority;
	int32_t order;         /* file order: BOM rows, then routing rows */
	int32_t row;
	int is_rt;
} akey;

static int cmp_name(const void *a, const void *b)
{
	const akey *x = a, *y = b;
	if (x->sku != y->sku)
		return x->sku < y->sku ? -1 : 1;
	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* An alternate while it is gathered: its rows are k[from .. to). */
typedef struct agroup {
	plan_alt a;
	int32_t order, from, to;
} agroup;

static int cmp_group(const void *a, const void *b)
{
	const agroup *x = a, *y = b;
	if (x->a.sku != y->a.sku)
		return x->a.sku < y->a.sku ? -1 : 1;
	if (x->a.priority != y->a.priority)
		return x->a.priority < y->a.priority ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* The rows that name an alternate, checked, as keys. */
static size_t gather(plan_model *m, akey *k)
{
	size_t n = 0, nbom = m->tab[PLAN_TABLE_BOM].n;
	for (size_t r = 0; r < nbom; r++) {
		const plan_bom_def *d = TAB_ROW(m, PLAN_TABLE_BOM, r);
		int32_t a = TAB_ID(m, PLAN_TABLE_BOM, r, 3), site = TAB_ID(m, PLAN_TABLE_BOM, r, 1);
		if (a < 0)
			continue;
		if (site < 0) {
			plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_BOM, r, BOM_ALT,
					 "alternate %s of %s: an alternate's BOM line names its site",
					 d->alternate, d->parent);
			continue;
		}
		long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_BOM, r, 0), site);
		if (s >= 0 && plan__sku(m, (int32_t)s)->type == PLAN_SKU_MAKE)
			k[n++] = (akey){ (int32_t)s, a, d->priority, (int32_t)r, (int32_t)r, 0 };
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_ROUTINGS].n; r++) {
		const plan_routing_def *d = TAB_ROW(m, PLAN_TABLE_ROUTINGS, r);
		int32_t a = TAB_ID(m, PLAN_TABLE_ROUTINGS, r, 4);
		long s = a < 0 ? -1 : plan_model__sku(m, TAB_ID(m, PLAN_TABLE_ROUTINGS, r, 0),
						      TAB_ID(m, PLAN_TABLE_ROUTINGS, r, 1));
		if (s >= 0 && plan__sku(m, (int32_t)s)->type == PLAN_SKU_MAKE)
			k[n++] = (akey){ (int32_t)s, a, d->priority, (int32_t)(nbom + r), (int32_t)r, 1 };
	}
	return n;
}

int plan_model__alternates(plan_model *m)
{
	plan_model__drop_alternates(m);
	size_t nbom = m->tab[PLAN_TABLE_BOM].n, nrt = m->tab[PLAN_TABLE_ROUTINGS].n;
	size_t nsku = m->tab[PLAN_TABLE_SKUS].n;
	akey *k = malloc((nbom + nrt + 1) * sizeof(*k));
	if (!k)
		return PLAN_ENOMEM;
	size_t n = gather(m, k), na = 0;
	if (!n) {
		free(k);
		return 0; /* no alternates: none of the arrays */
	}
	qsort(k, n, sizeof(*k), cmp_name);
	agroup *g = malloc(n * sizeof(*g));
	m->alt_off = calloc(nsku + 1, sizeof(*m->alt_off));
	m->alt = malloc(n * sizeof(*m->alt));
	if (!g || !m->alt_off || !m->alt) {
		free(g);
		free(k);
		return PLAN_ENOMEM;
	}
	/* one alternate a (SKU, name); its rows agree on its priority */
	size_t nsteps = 0;
	for (size_t i = 0, j; i < n; i = j) {
		plan_alt a = { k[i].sku, k[i].name, k[i].priority, 0, 0, 0, 0 };
		for (j = i; j < n && k[j].sku == k[i].sku && k[j].name == k[i].name; j++) {
			a.own_bom |= !k[j].is_rt;
			a.own_rt |= (uint8_t)k[j].is_rt;
			if (k[j].priority != a.priority)
				plan_model__diag(m, PLAN_SEVERITY_ERROR,
						 k[j].is_rt ? PLAN_TABLE_ROUTINGS : PLAN_TABLE_BOM,
						 (size_t)k[j].row, k[j].is_rt ? RT_PRIORITY : BOM_PRIORITY,
						 "priority %d, where alternate %s's first row says %d",
						 k[j].priority, m->ns[NS_ALTERNATE].str[a.name], a.priority);
		}
		g[na++] = (agroup){ a, k[i].order, (int32_t)i, (int32_t)j };
	}
	qsort(g, na, sizeof(*g), cmp_group);
	m->nalt = na;
	for (size_t a = 0; a < na; a++) {
		int32_t s = g[a].a.sku;
		m->alt_off[s + 1]++;
		nsteps += g[a].a.own_rt ? (size_t)(g[a].to - g[a].from)
					: (size_t)(m->rt_off[s + 1] - m->rt_off[s]);
	}
	for (size_t s = 0; s < nsku; s++)
		m->alt_off[s + 1] += m->alt_off[s];
	/* each alternate's routing rows: its own in file order, else the primary's */
	m->alt_rt = malloc((nsteps + 1) * sizeof(*m->alt_rt));
	if (!m->alt_rt) {
		free(g);
		free(k);
		return PLAN_ENOMEM;
	}
	int32_t at = 0;
	for (size_t a = 0; a < na; a++) {
		plan_alt *x = &m->alt[a];
		*x = g[a].a;
		x->rt_first = at;
		if (!x->own_rt) {
			for (int32_t q = m->rt_off[x->sku]; q < m->rt_off[x->sku + 1]; q++)
				m->alt_rt[at++] = m->rt_row[q];
		} else {
			for (int32_t i = g[a].from; i < g[a].to; i++)
				if (k[i].is_rt)
					m->alt_rt[at++] = k[i].row;
		}
		x->rt_end = at;
	}
	free(g);
	free(k);
	return 0;
}
