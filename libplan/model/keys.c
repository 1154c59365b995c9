/* The keys of a table: each row's key hashed into open-addressing slots,
 * so a duplicate is found as the row is added (or, for a loader adding
 * many rows, all at once after them), and reported on its own line; and
 * rows found by their key (a code, a SKU's item and site). */
#include "model/model_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t key_hash(const plan_model *m, int t, const void *def, const int32_t *ids)
{
	const plan_schema *s = &plan_schema__tables[t];
	uint64_t h = 0;
	for (int j = 0; s->key[j] >= 0; j++) {
		const plan_col *col = &s->cols[s->key[j]];
		int64_t v;
		if (col->type == COL_CODE) {
			v = ids[MODEL_REF(m, t, s->key[j])];
		} else {
			plan_date d;
			memcpy(&d, FIELD(def, col), sizeof(d));
			v = d;
		}
		h = plan_hash__u64(h ^ (uint64_t)v);
	}
	return h;
}

static int key_equal(const plan_model *m, int t, size_t row, const void *def,
		     const int32_t *ids)
{
	const plan_schema *s = &plan_schema__tables[t];
	for (int j = 0; s->key[j] >= 0; j++) {
		int c = s->key[j];
		const plan_col *col = &s->cols[c];
		if (col->type == COL_CODE) {
			int k = MODEL_REF(m, t, c);
			if (TAB_ID(m, t, row, k) != ids[k])
				return 0;
		} else {
			plan_date a, b;
			memcpy(&a, FIELD(TAB_ROW(m, t, row), col), sizeof(a));
			memcpy(&b, FIELD(def, col), sizeof(b));
			if (a != b)
				return 0;
		}
	}
	return 1;
}

/* Key slots hold the high half of the key's hash beside the row, so that
 * a probe rarely has to read the row to compare keys. */
#define KSLOT(h, row) (((h) & 0xffffffff00000000ULL) | (uint64_t)(uint32_t)((row) + 1))
#define KSLOT_ROW(v) ((long)(uint32_t)(v) - 1)

/* Row with the same key as def, or -1. */
long plan_model__key_find(const plan_model *m, int t, const void *def, const int32_t *ids)
{
	const plan_tab *tab = &m->tab[t];
	if (!tab->nkslot)
		return -1;
	uint64_t hash = key_hash(m, t, def, ids);
	size_t h = hash & (tab->nkslot - 1);
	while (tab->kslot[h]) {
		uint64_t v = tab->kslot[h];
		if ((v ^ hash) >> 32 == 0 && key_equal(m, t, (size_t)KSLOT_ROW(v), def, ids))
			return KSLOT_ROW(v);
		h = (h + 1) & (tab->nkslot - 1);
	}
	return -1;
}

int plan_model__key_insert(plan_model *m, int t, size_t row)
{
	plan_tab *tab = &m->tab[t];
	if ((tab->n + 1) * 2 > tab->nkslot) {
		size_t nslot = tab->nkslot ? tab->nkslot * 2 : 64;
		uint64_t *slot = plan_big__slots(nslot);
		if (!slot)
			return -1;
		for (size_t k = 0; k < tab->nkslot; k++) {
			uint64_t v = tab->kslot[k];
			if (!v)
				continue;
			/* the low bits of the hash are gone: hash the row again */
			long i = KSLOT_ROW(v);
			uint64_t hash = key_hash(m, t, TAB_ROW(m, t, i), &TAB_ID(m, t, i, 0));
			size_t h = hash & (nslot - 1);
			while (slot[h])
				h = (h + 1) & (nslot - 1);
			slot[h] = v;
		}
		plan_big__free(tab->kslot, tab->nkslot, sizeof(uint64_t));
		tab->kslot = slot;
		tab->nkslot = nslot;
	}
	uint64_t hash = key_hash(m, t, TAB_ROW(m, t, row), &TAB_ID(m, t, row, 0));
	size_t h = hash & (tab->nkslot - 1);
	while (tab->kslot[h])
		h = (h + 1) & (tab->nkslot - 1);
	tab->kslot[h] = KSLOT(hash, row);
	return 0;
}

static void describe_key(const plan_model *m, int t, const void *def, char *buf, size_t n)
{
	const plan_schema *s = &plan_schema__tables[t];
	size_t k = 0;
	buf[0] = '\0';
	for (int j = 0; s->key[j] >= 0 && k < n; j++) {
		const plan_col *col = &s->cols[s->key[j]];
		const char *sep = j ? ", " : "";
		if (col->type == COL_CODE) {
			const char *v;
			memcpy(&v, FIELD(def, col), sizeof(v));
			k += (size_t)snprintf(buf + k, n - k, "%s%s %s", sep, col->name,
					      v ? v : "(empty)");
		} else {
			plan_date d;
			char ds[11] = "(none)";
			memcpy(&d, FIELD(def, col), sizeof(d));
			if (d != PLAN_DATE_NONE)
				plan_date_format(ds, d);
			k += (size_t)snprintf(buf + k, n - k, "%s%s %s", sep, col->name, ds);
		}
	}
	(void)m;
}

/* Replaces the key slots of tab by empty ones for n rows. 0 or -1. */
int plan_model__kslot_fresh(plan_tab *tab, size_t n)
{
	size_t nslot = 64;
	while (nslot < n * 2)
		nslot *= 2;
	uint64_t *slot = plan_big__slots(nslot);
	if (!slot)
		return -1;
	plan_big__free(tab->kslot, tab->nkslot, sizeof(uint64_t));
	tab->kslot = slot;
	tab->nkslot = nslot;
	return 0;
}

/* Reports row (of def) as a duplicate of row first. */
void plan_model__report_duplicate(plan_model *m, int t, size_t row, const void *def, long first)
{
	const plan_schema *s = &plan_schema__tables[t];
	const plan_tab *tab = &m->tab[t];
	char key[256];
	describe_key(m, t, def, key, sizeof(key));
	if (tab->line[first] && tab->file)
		plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, s->key[0],
				 "duplicate %s (%s), first on line %u", s->what, key,
				 tab->line[first]);
	else
		plan_model__diag(m, PLAN_SEVERITY_ERROR, t, row, s->key[0],
				 "duplicate %s (%s), first in row %ld", s->what, key, first + 1);
}

int plan_model__index_keys(plan_model *m, int t, size_t from)
{
	const plan_schema *s = &plan_schema__tables[t];
	plan_tab *tab = &m->tab[t];
	if (s->key[0] < 0 || from >= tab->n)
		return 0;
	if (tab->n * 2 > tab->nkslot) {
		/* grow by re-inserting what is indexed (rows before from) */
		if (plan_model__kslot_fresh(tab, tab->n) < 0)
			return PLAN_ENOMEM;
		uint64_t *slot = tab->kslot;
		size_t nslot = tab->nkslot;
		for (size_t i = 0; i < from; i++) {
			uint64_t hash = key_hash(m, t, TAB_ROW(m, t, i), &TAB_ID(m, t, i, 0));
			size_t h = hash & (nslot - 1);
			while (slot[h])
				h = (h + 1) & (nslot - 1);
			slot[h] = KSLOT(hash, i);
		}
	}
	/* hashes of a batch first, their slots prefetched, then the probes: the
	 * cache misses of a batch overlap instead of following one another */
	enum { BATCH = 16 };
	uint64_t hs[BATCH];
	size_t mask = tab->nkslot - 1;
	for (size_t base = from; base < tab->n; base += BATCH) {
		size_t cnt = tab->n - base < BATCH ? tab->n - base : BATCH;
		for (size_t j = 0; j < cnt; j++) {
			hs[j] = key_hash(m, t, TAB_ROW(m, t, base + j), &TAB_ID(m, t, base + j, 0));
#if defined(__GNUC__)
			__builtin_prefetch(&tab->kslot[hs[j] & mask], 1);
#endif
		}
		for (size_t j = 0; j < cnt; j++) {
			size_t row = base + j, h = hs[j] & mask;
			const void *def = TAB_ROW(m, t, row);
			const int32_t *ids = &TAB_ID(m, t, row, 0);
			long first = -1;
			while (tab->kslot[h]) {
				uint64_t v = tab->kslot[h];
				if ((v ^ hs[j]) >> 32 == 0 &&
				    key_equal(m, t, (size_t)KSLOT_ROW(v), def, ids)) {
					first = KSLOT_ROW(v);
					break;
				}
				h = (h + 1) & mask;
			}
			if (first >= 0)
				plan_model__report_duplicate(m, t, row, def, first);
			else
				tab->kslot[h] = KSLOT(hs[j], row);
		}
	}
	return 0;
}

int32_t plan_model__code_id(const plan_model *m, int ns, const char *s)
{
	if (!s)
		return -1;
	return plan_strtab__id((plan_strtab *)&m->ns[ns], NULL, s, strlen(s), 0);
}

long plan_model__row_by_name(const plan_model *m, int ns, int t, const char *code)
{
	int32_t id = code ? plan_model__code_id(m, ns, code) : -1;
	return id < 0 ? -1 : plan_model__row_by_code(m, t, id);
}

long plan_model__row_by_code(const plan_model *m, int t, int32_t id)
{
	int32_t ids[8];
	char def[256];
	const plan_schema *s = &plan_schema__tables[t];
	if (id < 0)
		return -1;
	memset(ids, 0xff, sizeof(ids));
	ids[MODEL_REF(m, t, s->key[0])] = id;
	memset(def, 0, sizeof(def));
	long row = plan_model__key_find(m, t, def, ids);
	if (row < 0 && t == PLAN_TABLE_DEMAND)
		/* a project's material (1.1): derived rows are not keyed */
		for (size_t i = plan_model__given(m, t); i < m->tab[t].n && row < 0; i++)
			if (TAB_ID(m, t, i, 0) == id)
				row = (long)i;
	return row;
}

long plan_model__sku(const plan_model *m, int32_t item, int32_t site)
{
	int32_t ids[2] = { item, site };
	plan_sku_def def = PLAN_SKU_DEF_INIT;
	if (item < 0 || site < 0)
		return -1;
	return plan_model__key_find(m, PLAN_TABLE_SKUS, &def, ids);
}

PLAN_EXPORT long plan_model_find_sku(const plan_model *m, const char *item, const char *site)
{
	if (!m || !item || !site)
		return -1;
	return plan_model__sku(m, plan_model__code_id(m, NS_ITEM, item),
			       plan_model__code_id(m, NS_SITE, site));
}

const char *plan_model__sku_name(const plan_model *m, int32_t item, int32_t site,
				 char *buf, size_t n)
{
	snprintf(buf, n, "%s@%s", item >= 0 ? m->ns[NS_ITEM].str[item] : "?",
		 site >= 0 ? m->ns[NS_SITE].str[site] : "?");
	return buf;
}
