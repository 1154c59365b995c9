/* Co-products and by-products (format.md, "Co-products and by-products",
 * 1.1): the outputs each recipe (a make SKU) yields beside its item, and
 * the recipe a need of each co-product runs, with the checks that join the
 * rows of outputs.csv to the SKUs. */
#include "model/model_impl.h"

#include <stdlib.h>

#define E PLAN_SEVERITY_ERROR

/* The SKUs of row r (recipe, output), or -1 each where the row is wrong
 * (reported). */
static void check_row(plan_model *m, size_t r, int32_t *rec, int32_t *out)
{
	const plan_output_def *d = TAB_ROW(m, PLAN_TABLE_OUTPUTS, r);
	int32_t site = TAB_ID(m, PLAN_TABLE_OUTPUTS, r, 1);
	long a = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_OUTPUTS, r, 0), site);
	long b = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_OUTPUTS, r, 2), site);
	*rec = *out = -1;
	if (a < 0) {
		plan_model__diag(m, E, PLAN_TABLE_OUTPUTS, r, OUT_ITEM, "%s has no SKU at site %s",
				 d->item, d->site);
		return;
	}
	const plan_sku_def *sa = plan__sku(m, (int32_t)a);
	if (sa->type != PLAN_SKU_MAKE || sa->phantom) {
		plan_model__diag(m, E, PLAN_TABLE_OUTPUTS, r, OUT_ITEM,
				 "%s@%s is %s; a recipe is a make SKU that is ordered", d->item,
				 d->site, sa->phantom ? "a phantom" : "not made");
		return;
	}
	if (b < 0) {
		plan_model__diag(m, E, PLAN_TABLE_OUTPUTS, r, OUT_OUTPUT,
				 "%s has no SKU at site %s, where %s is made", d->output, d->site,
				 d->item);
		return;
	}
	if (b == a) {
		plan_model__diag(m, E, PLAN_TABLE_OUTPUTS, r, OUT_OUTPUT,
				 "%s is the recipe's own item, not an output of it", d->output);
		return;
	}
	if (plan__sku(m, (int32_t)b)->phantom) {
		plan_model__diag(m, E, PLAN_TABLE_OUTPUTS, r, OUT_OUTPUT,
				 "%s@%s is a phantom: nothing is ever yielded of it", d->output,
				 d->site);
		return;
	}
	*rec = (int32_t)a;
	*out = (int32_t)b;
}

int plan_model__outputs(plan_model *m)
{
	plan_model__drop_outputs(m);
	size_t n = m->tab[PLAN_TABLE_OUTPUTS].n, nsku = m->tab[PLAN_TABLE_SKUS].n;
	if (!n)
		return 0;
	m->out_rec = malloc(n * sizeof(*m->out_rec));
	m->out_sku = malloc(n * sizeof(*m->out_sku));
	m->out_off = calloc(nsku + 2, sizeof(*m->out_off));
	m->out_row = malloc(n * sizeof(*m->out_row));
	m->co_row = malloc((nsku + 1) * sizeof(*m->co_row));
	m->out_share = calloc(n, sizeof(*m->out_share));
	double *share = calloc(nsku + 1, sizeof(*share));
	if (!m->out_rec || !m->out_sku || !m->out_off || !m->out_row || !m->co_row || !share ||
	    !m->out_share) {
		free(share);
		return PLAN_ENOMEM;
	}
	for (size_t s = 0; s < nsku; s++)
		m->co_row[s] = -1;
	for (size_t r = 0; r < n; r++) {
		const plan_output_def *d = TAB_ROW(m, PLAN_TABLE_OUTPUTS, r);
		check_row(m, r, &m->out_rec[r], &m->out_sku[r]);
		int32_t a = m->out_rec[r], b = m->out_sku[r];
		if (a < 0)
			continue;
		m->out_off[a + 2]++;
		share[a] += d->cost_share;
		if (d->cost_share > 0 && share[a] > 1 + 1e-9)
			plan_model__diag(m, E, PLAN_TABLE_OUTPUTS, r, OUT_COST_SHARE,
					 "the cost shares of %s@%s's outputs add up to %.10g, more "
					 "than the whole of its cost", d->item, d->site, share[a]);
		if (d->kind != PLAN_OUTPUT_CO)
			continue;
		int32_t best = m->co_row[b];
		if (best < 0 || d->priority <
					((const plan_output_def *)TAB_ROW(m, PLAN_TABLE_OUTPUTS, best))->priority)
			m->co_row[b] = (int32_t)r;
	}
	free(share);
	/* each recipe's rows in file order (counting sort) */
	for (size_t s = 0; s < nsku; s++)
		m->out_off[s + 2] += m->out_off[s + 1];
	for (size_t r = 0; r < n; r++)
		if (m->out_rec[r] >= 0)
			m->out_row[m->out_off[m->out_rec[r] + 1]++] = (int32_t)r;
	/* each row's share of a run: its cost_share where its recipe sets
	 * any, else by quantity among the item and its co-products (a unit
	 * of each alike; by-products none) */
	for (size_t s = 0; s < nsku; s++) {
		double set = 0, units = 1;
		for (int32_t k = m->out_off[s]; k < m->out_off[s + 1]; k++) {
			const plan_output_def *d = TAB_ROW(m, PLAN_TABLE_OUTPUTS, m->out_row[k]);
			set += d->cost_share;
			units += d->kind == PLAN_OUTPUT_CO ? d->qty_per : 0;
		}
		for (int32_t k = m->out_off[s]; k < m->out_off[s + 1]; k++) {
			const plan_output_def *d = TAB_ROW(m, PLAN_TABLE_OUTPUTS, m->out_row[k]);
			m->out_share[m->out_row[k]] = set > 0 ? d->cost_share
						      : d->kind == PLAN_OUTPUT_CO ? d->qty_per / units : 0;
		}
	}
	return 0;
}

double plan_model__yield_per(const plan_model *m, int32_t s, int32_t p)
{
	int32_t k0, k1;
	const int32_t *rows = plan_model__outputs_of(m, s, &k0, &k1);
	for (int32_t k = k0; k < k1 && p != s; k++)
		if (m->out_sku[rows[k]] == p)
			return ((const plan_output_def *)TAB_ROW(m, PLAN_TABLE_OUTPUTS, rows[k]))->qty_per;
	return 1;
}

double plan_model__share(const plan_model *m, int32_t s, int32_t p)
{
	int32_t k0, k1;
	const int32_t *rows = plan_model__outputs_of(m, s, &k0, &k1);
	double left = 1;
	for (int32_t k = k0; k < k1; k++) {
		if (m->out_sku[rows[k]] == p)
			return m->out_share[rows[k]];
		left -= m->out_share[rows[k]];
	}
	return left > 0 ? left : 0;
}
