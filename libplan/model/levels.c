/* The graph of SKUs joined by BOM lines and sourcing lanes: cycles, low-level
 * codes and BOM depth.
 *
 * Nodes are SKU rows. An edge p -> c means p can place demand on c: a make
 * SKU on the SKU of each component of its BOM at its site (site rows replace
 * the parent's rows with an empty site, as format.md says), a transfer SKU on
 * the SKU at the source of each of its lanes. The low-level code of a SKU is
 * the length of the longest path reaching it, so netting SKUs in increasing
 * code nets each one after every SKU that can place demand on it (APICS).
 *
 * Outputs (1.1, outputs.csv) order the codes further, without being edges
 * of the graph the rest of the library reads (BOM lines and lanes): a
 * recipe comes before its outputs (their netting counts its orders'
 * yields), a recipe's outputs one after the other in file order, its
 * components after them all (a co-product's need may run the recipe), and
 * whatever places demand on an output before the recipe (the pegging of
 * a run passes on what its yields serve). */
#include "model/model_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CYCLE_REPORTS 20

typedef struct edge {
	int32_t from, to, row; /* row: BOM line, or -1 - lane */
} edge;

/* Appends the edges of make SKU p (item, site) and reports components
 * without a SKU at the site. bom_off/bom_rows: BOM lines by parent item. */
static int bom_edges(plan_model *m, int32_t p, const int32_t *bom_off,
		     const int32_t *bom_rows, edge **e, size_t *n, size_t *cap)
{
	int32_t item = TAB_ID(m, PLAN_TABLE_SKUS, p, 0);
	int32_t site = TAB_ID(m, PLAN_TABLE_SKUS, p, 1);
	int own = 0;
	for (int32_t k = bom_off[item]; k < bom_off[item + 1]; k++)
		own |= TAB_ID(m, PLAN_TABLE_BOM, bom_rows[k], 1) == site &&
		       TAB_ID(m, PLAN_TABLE_BOM, bom_rows[k], 3) < 0;
	for (int32_t k = bom_off[item]; k < bom_off[item + 1]; k++) {
		int32_t r = bom_rows[k];
		int32_t lsite = TAB_ID(m, PLAN_TABLE_BOM, r, 1);
		/* the primary's lines, and (1.1) every alternate's at the site:
		 * edges of the graph either way (an order may draw on them) */
		if (TAB_ID(m, PLAN_TABLE_BOM, r, 3) >= 0 ? lsite != site : own ? lsite != site : lsite >= 0)
			continue;
		int32_t comp = TAB_ID(m, PLAN_TABLE_BOM, r, 2);
		long c = plan_model__sku(m, comp, site);
		if (c < 0) {
			plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_BOM, (size_t)r,
					 BOM_COMPONENT, "%s has no SKU at site %s, where %s is made",
					 m->ns[NS_ITEM].str[comp], m->ns[NS_SITE].str[site],
					 m->ns[NS_ITEM].str[item]);
			continue;
		}
		if (plan_vec__reserve((void **)e, cap, sizeof(**e), *n + 1) < 0)
			return PLAN_ENOMEM;
		(*e)[(*n)++] = (edge){ p, (int32_t)c, r };
	}
	return 0;
}

/* The ordering edges of outputs (above), packed by SKU: x_off, x_to. 0 or
 * PLAN_ENOMEM. */
static int output_edges(const plan_model *m, size_t nsku, int32_t **x_off, int32_t **x_to)
{
	size_t n = m->tab[PLAN_TABLE_OUTPUTS].n, ne = 0, cap = 0;
	edge *e = NULL;
	int rc = PLAN_ENOMEM;
	/* the rows of each output SKU, as lists */
	int32_t *head = malloc((nsku + 1) * sizeof(*head)), *next = malloc((n + 1) * sizeof(*next));
	*x_off = calloc(nsku + 1, sizeof(**x_off));
	if (!*x_off || !head || !next)
		goto out;
	for (size_t s = 0; s < nsku; s++)
		head[s] = -1;
	for (size_t r = n; r-- > 0;)
		if (m->out_rec[r] >= 0) {
			next[r] = head[m->out_sku[r]];
			head[m->out_sku[r]] = (int32_t)r;
		}
#define ADD_EDGE(f, t)                                                             \
	do {                                                                       \
		if (plan_vec__reserve((void **)&e, &cap, sizeof(*e), ne + 1) < 0) \
			goto out;                                                  \
		e[ne++] = (edge){ (f), (t), 0 };                                   \
	} while (0)
	for (size_t r = 0; r < n; r++) {
		int32_t a = m->out_rec[r], b = m->out_sku[r];
		if (a < 0)
			continue;
		ADD_EDGE(a, b);
		for (int32_t k = m->edge_off[a]; k < m->edge_off[a + 1]; k++)
			if (m->edge_row[k] >= 0)
				ADD_EDGE(b, m->edge_to[k]);
	}
	for (size_t s = 0; s < nsku; s++) {
		/* a recipe's outputs in file order */
		for (int32_t k = m->out_off[s] + 1; k < m->out_off[s + 1]; k++)
			ADD_EDGE(m->out_sku[m->out_row[k - 1]], m->out_sku[m->out_row[k]]);
		/* what places demand on an output, before its recipes */
		for (int32_t k = m->edge_off[s]; k < m->edge_off[s + 1]; k++)
			for (int32_t r = head[m->edge_to[k]]; r >= 0; r = next[r])
				if (m->out_rec[r] != (int32_t)s)
					ADD_EDGE((int32_t)s, m->out_rec[r]);
	}
#undef ADD_EDGE
	*x_to = malloc((ne ? ne : 1) * sizeof(**x_to));
	if (!*x_to)
		goto out;
	for (size_t i = 0; i < ne; i++)
		(*x_off)[e[i].from + 1]++;
	for (size_t s = 0; s < nsku; s++)
		(*x_off)[s + 1] += (*x_off)[s];
	{
		int32_t *fill = malloc((nsku + 1) * sizeof(*fill));
		if (!fill)
			goto out;
		memcpy(fill, *x_off, (nsku + 1) * sizeof(*fill));
		for (size_t i = 0; i < ne; i++)
			(*x_to)[fill[e[i].from]++] = e[i].to;
		free(fill);
	}
	rc = 0;
out:
	free(e);
	free(head);
	free(next);
	return rc;
}

/* Outputs whose recipe or output is left on a cycle that only the
 * ordering edges of outputs close. */
static void report_output_cycles(plan_model *m, const int32_t *indeg)
{
	int reports = 0;
	for (size_t r = 0; r < m->tab[PLAN_TABLE_OUTPUTS].n && reports < MAX_CYCLE_REPORTS; r++) {
		int32_t a = m->out_rec[r], b = m->out_sku[r];
		if (a < 0 || (indeg[a] == 0 && indeg[b] == 0))
			continue;
		const plan_output_def *d = TAB_ROW(m, PLAN_TABLE_OUTPUTS, r);
		plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_OUTPUTS, r, OUT_OUTPUT,
				 "cycle through outputs: %s@%s is yielded by %s and needed, directly or "
				 "below, to make it (or what draws on it)", d->output, d->site, d->item);
		reports++;
	}
}

static int cmp_edge(const void *a, const void *b)
{
	const edge *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static void report_cycle(plan_model *m, const int32_t *stack, size_t top, size_t from,
			 int32_t row)
{
	char path[1024], name[160];
	size_t k = 0;
	int bom = 0, lane = 0;
	path[0] = '\0';
	for (size_t i = from; i <= top && k < sizeof(path); i++) {
		int32_t s = stack[i];
		plan_model__sku_name(m, TAB_ID(m, PLAN_TABLE_SKUS, s, 0),
				     TAB_ID(m, PLAN_TABLE_SKUS, s, 1), name, sizeof(name));
		k += (size_t)snprintf(path + k, sizeof(path) - k, "%s -> ", name);
		if (i < top) {
			/* the kind of the edge from stack[i] to stack[i + 1] is not kept;
			 * a node is a transfer SKU exactly when its out edges are lanes */
			const plan_sku_def *d = TAB_ROW(m, PLAN_TABLE_SKUS, s);
			if (d->type == PLAN_SKU_TRANSFER)
				lane = 1;
			else
				bom = 1;
		}
	}
	int32_t first = stack[from];
	plan_model__sku_name(m, TAB_ID(m, PLAN_TABLE_SKUS, first, 0),
			     TAB_ID(m, PLAN_TABLE_SKUS, first, 1), name, sizeof(name));
	if (k < sizeof(path))
		snprintf(path + k, sizeof(path) - k, "%s", name);
	if (row >= 0)
		bom = 1;
	else
		lane = 1;
	const char *what = bom && lane ? "cycle through BOM lines and lanes"
			   : bom ? "cycle in the bill of materials"
				 : "cycle in the sourcing lanes";
	if (row >= 0)
		plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_BOM, (size_t)row,
				 BOM_COMPONENT, "%s: %s", what, path);
	else
		plan_model__diag(m, PLAN_SEVERITY_ERROR, PLAN_TABLE_SOURCING, (size_t)(-1 - row),
				 LANE_SOURCE, "%s: %s", what, path);
}

/* Reports cycles among the nodes left with in-degree > 0 by Kahn's
 * algorithm: an iterative DFS; each back edge closes one cycle. */
static int find_cycles(plan_model *m, size_t nsku, const int32_t *indeg)
{
	uint8_t *color = calloc(nsku, 1);
	int32_t *stack = malloc(nsku * sizeof(*stack));
	int32_t *next = malloc(nsku * sizeof(*next));
	int reports = 0;
	if (!color || !stack || !next) {
		free(color);
		free(stack);
		free(next);
		return PLAN_ENOMEM;
	}
	int32_t *pos = next; /* next edge to explore per node on the stack */
	for (size_t root = 0; root < nsku && reports < MAX_CYCLE_REPORTS; root++) {
		if (color[root] || indeg[root] == 0)
			continue;
		size_t top = 0;
		stack[0] = (int32_t)root;
		pos[root] = m->edge_off[root];
		color[root] = 1;
		for (;;) {
			int32_t v = stack[top];
			if (pos[v] < m->edge_off[v + 1]) {
				int32_t e = pos[v]++;
				int32_t w = m->edge_to[e];
				if (color[w] == 1) {
					size_t from = top;
					while (stack[from] != w)
						from--;
					if (reports++ < MAX_CYCLE_REPORTS)
						report_cycle(m, stack, top, from, m->edge_row[e]);
				} else if (color[w] == 0 && indeg[w] > 0) {
					color[w] = 1;
					pos[w] = m->edge_off[w];
					stack[++top] = w;
				}
				continue;
			}
			color[v] = 2;
			if (top == 0)
				break;
			top--;
		}
	}
	free(color);
	free(stack);
	free(next);
	return 0;
}

int plan_levels__compute(plan_model *m)
{
	size_t nsku = m->tab[PLAN_TABLE_SKUS].n;
	size_t nbom = m->tab[PLAN_TABLE_BOM].n;
	size_t nitem = m->ns[NS_ITEM].n;
	int rc = PLAN_ENOMEM;
	edge *e = NULL;
	size_t ne = 0, ecap = 0;
	int32_t *bom_off = calloc(nitem + 1, sizeof(*bom_off));
	int32_t *bom_rows = malloc((nbom ? nbom : 1) * sizeof(*bom_rows));
	int32_t *indeg = calloc(nsku ? nsku : 1, sizeof(*indeg));
	int32_t *queue = malloc((nsku ? nsku : 1) * sizeof(*queue));
	int32_t *bl = calloc(nsku ? nsku : 1, sizeof(*bl));
	int32_t *x_off = NULL, *x_to = NULL; /* outputs' ordering edges (1.1) */

	plan_model__drop_levels(m);
	m->bom_depth = 0;
	if (!bom_off || !bom_rows || !indeg || !queue || !bl)
		goto out;

	/* BOM lines by parent item (counting sort keeps file order) */
	for (size_t r = 0; r < nbom; r++)
		bom_off[TAB_ID(m, PLAN_TABLE_BOM, r, 0) + 1]++;
	for (size_t i = 0; i < nitem; i++)
		bom_off[i + 1] += bom_off[i];
	{
		int32_t *fill = malloc((nitem + 1) * sizeof(*fill));
		if (!fill)
			goto out;
		memcpy(fill, bom_off, (nitem + 1) * sizeof(*fill));
		for (size_t r = 0; r < nbom; r++)
			bom_rows[fill[TAB_ID(m, PLAN_TABLE_BOM, r, 0)]++] = (int32_t)r;
		free(fill);
	}

	for (size_t p = 0; p < nsku; p++) {
		const plan_sku_def *d = TAB_ROW(m, PLAN_TABLE_SKUS, p);
		if (d->type == PLAN_SKU_MAKE &&
		    bom_edges(m, (int32_t)p, bom_off, bom_rows, &e, &ne, &ecap) < 0)
			goto out;
	}
	for (size_t r = 0; r < m->tab[PLAN_TABLE_SOURCING].n; r++) {
		int32_t item = TAB_ID(m, PLAN_TABLE_SOURCING, r, 0);
		long to = plan_model__sku(m, item, TAB_ID(m, PLAN_TABLE_SOURCING, r, 1));
		long from = plan_model__sku(m, item, TAB_ID(m, PLAN_TABLE_SOURCING, r, 2));
		if (to < 0 || from < 0 || to == from)
			continue; /* reported by validation */
		if (plan_vec__reserve((void **)&e, &ecap, sizeof(*e), ne + 1) < 0)
			goto out;
		e[ne++] = (edge){ (int32_t)to, (int32_t)from, -1 - (int32_t)r };
	}
	if (ne)
		qsort(e, ne, sizeof(*e), cmp_edge);

	m->edge_off = calloc(nsku + 1, sizeof(*m->edge_off));
	m->edge_to = malloc((ne ? ne : 1) * sizeof(*m->edge_to));
	m->edge_row = malloc((ne ? ne : 1) * sizeof(*m->edge_row));
	m->sku_llc = calloc(nsku ? nsku : 1, sizeof(*m->sku_llc));
	if (!m->edge_off || !m->edge_to || !m->edge_row || !m->sku_llc)
		goto out;
	m->nedge = ne;
	for (size_t i = 0; i < ne; i++) {
		m->edge_off[e[i].from + 1]++;
		m->edge_to[i] = e[i].to;
		m->edge_row[i] = e[i].row;
		indeg[e[i].to]++;
	}
	for (size_t i = 0; i < nsku; i++)
		m->edge_off[i + 1] += m->edge_off[i];
	if (plan_model__has_outputs(m)) {
		if (output_edges(m, nsku, &x_off, &x_to) < 0)
			goto out;
		for (size_t i = 0; i < (size_t)x_off[nsku]; i++)
			indeg[x_to[i]]++;
	}

	/* Kahn: a node leaves the queue once every parent has set its code */
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < nsku; i++)
		if (indeg[i] == 0)
			queue[tail++] = (int32_t)i;
	int any_bom = 0;
	while (head < tail) {
		int32_t v = queue[head++];
		for (int32_t k = m->edge_off[v]; k < m->edge_off[v + 1]; k++) {
			int32_t w = m->edge_to[k];
			if (m->sku_llc[w] < m->sku_llc[v] + 1)
				m->sku_llc[w] = m->sku_llc[v] + 1;
			if (m->edge_row[k] >= 0) {
				any_bom = 1;
				if (bl[w] < bl[v] + 1)
					bl[w] = bl[v] + 1;
			}
			if (--indeg[w] == 0)
				queue[tail++] = w;
		}
		for (int32_t k = x_off ? x_off[v] : 0; x_off && k < x_off[v + 1]; k++) {
			int32_t w = x_to[k];
			if (m->sku_llc[w] < m->sku_llc[v] + 1)
				m->sku_llc[w] = m->sku_llc[v] + 1;
			if (--indeg[w] == 0)
				queue[tail++] = w;
		}
	}
	for (size_t i = 0; i < nsku; i++)
		if (any_bom && bl[i] + 1 > m->bom_depth)
			m->bom_depth = bl[i] + 1;
	if (tail < nsku) {
		size_t before = m->nerrors;
		rc = find_cycles(m, nsku, indeg);
		if (rc == 0 && m->nerrors == before)
			report_output_cycles(m, indeg);
		if (rc == 0)
			rc = PLAN_EFORMAT;
		goto out;
	}
	rc = 0;
out:
	if (rc == PLAN_ENOMEM)
		plan_model__error(m, PLAN_ENOMEM, "out of memory");
	free(e);
	free(bom_off);
	free(bom_rows);
	free(indeg);
	free(queue);
	free(bl);
	free(x_off);
	free(x_to);
	return rc;
}

void plan_levels__order(const plan_model *m, size_t nlevels, int32_t *by, size_t *off)
{
	size_t n = m->tab[PLAN_TABLE_SKUS].n;
	memset(off, 0, (nlevels + 1) * sizeof(*off));
	for (size_t s = 0; s < n; s++)
		off[m->sku_llc[s] + 1]++;
	for (size_t l = 0; l < nlevels; l++)
		off[l + 1] += off[l];
	for (size_t s = 0; s < n; s++)
		by[off[m->sku_llc[s]]++] = (int32_t)s;
	/* each code's count ran up to the next one's start: back by one */
	for (size_t l = nlevels; l > 0; l--)
		off[l] = off[l - 1];
	off[0] = 0;
}
