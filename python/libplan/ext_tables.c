/* A plan's tables as columns in bulk, for pandas: numbers and dates as
 * bytes numpy maps without a copy, repeated strings as category codes with
 * their distinct values, free text as str objects in a numpy array. The
 * columns without text are filled on a thread of their own, without the
 * GIL, while the calling thread makes the str objects. */
#define NO_IMPORT_ARRAY
#include "ext.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Distinct strings of a column, as category codes. The library's strings
 * are the model's, interned: a pointer seen before is found by its value
 * alone; a new pointer is looked up by content (two copies of one string
 * get one code). No Python object is made here (the codes are filled
 * without the GIL): the distinct values become str at the end. */
typedef struct {
	const char **key;   /* open addressing */
	int32_t *code;
	size_t nslot, n;
} strmap;

typedef struct {
	strmap by_ptr, by_text;
	const char **val;   /* the distinct values, by code */
	size_t n, cap;
	const char *last;   /* the last pointer seen, and its code */
	int32_t last_code;
} catmap;

static int map_init(strmap *m)
{
	m->nslot = 64;
	m->n = 0;
	m->key = calloc(m->nslot, sizeof(*m->key));
	m->code = malloc(m->nslot * sizeof(*m->code));
	return m->key && m->code ? 0 : -1;
}

static void map_free(strmap *m)
{
	free(m->key);
	free(m->code);
}

static uint64_t hash_ptr(const char *s)
{
	uint64_t x = (uint64_t)(uintptr_t)s;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdu;
	return x ^ (x >> 33);
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The slot of s in m: where it is, or the empty one where it would go. */
static size_t map_slot(const strmap *m, int by_ptr, const char *s)
{
	size_t k = (by_ptr ? hash_ptr(s) : hash_text(s)) & (m->nslot - 1);
	while (m->key[k] && (by_ptr ? m->key[k] != s : strcmp(m->key[k], s) != 0))
		k = (k + 1) & (m->nslot - 1);
	return k;
}

/* Adds s -> code (absent). 0 or -1. */
static int map_put(strmap *m, int by_ptr, const char *s, int32_t code)
{
	if (2 * (m->n + 1) > m->nslot) {
		strmap g = { calloc(m->nslot * 2, sizeof(*m->key)), malloc(m->nslot * 2 * sizeof(*m->code)),
			     m->nslot * 2, m->n };
		if (!g.key || !g.code) {
			map_free(&g);
			return -1;
		}
		for (size_t i = 0; i < m->nslot; i++) {
			if (!m->key[i])
				continue;
			size_t k = map_slot(&g, by_ptr, m->key[i]);
			g.key[k] = m->key[i];
			g.code[k] = m->code[i];
		}
		map_free(m);
		*m = g;
	}
	size_t k = map_slot(m, by_ptr, s);
	m->key[k] = s;
	m->code[k] = code;
	m->n++;
	return 0;
}

static int cat_init(catmap *c)
{
	memset(c, 0, sizeof(*c));
	c->last_code = -1;
	return map_init(&c->by_ptr) == 0 && map_init(&c->by_text) == 0 ? 0 : -1;
}

static void cat_free(catmap *c)
{
	map_free(&c->by_ptr);
	map_free(&c->by_text);
	free(c->val);
}

/* Code of s (-1 for NULL: no value), adding it if new; -2 out of memory. */
static int32_t cat_code(catmap *c, const char *s)
{
	if (!s)
		return -1;
	if (s == c->last)
		return c->last_code;
	size_t k = map_slot(&c->by_ptr, 1, s);
	int32_t code;
	if (c->by_ptr.key[k]) {
		code = c->by_ptr.code[k];
	} else {
		size_t t = map_slot(&c->by_text, 0, s);
		if (c->by_text.key[t]) {
			code = c->by_text.code[t];
		} else {
			if (c->n == c->cap) {
				size_t cap = c->cap ? 2 * c->cap : 64;
				const char **v = realloc(c->val, cap * sizeof(*v));
				if (!v)
					return -2;
				c->val = v;
				c->cap = cap;
			}
			c->val[c->n] = s;
			code = (int32_t)c->n++;
			if (map_put(&c->by_text, 0, s, code) < 0)
				return -2;
		}
		if (map_put(&c->by_ptr, 1, s, code) < 0)
			return -2;
	}
	c->last = s;
	c->last_code = code;
	return code;
}

/* The distinct values as a list of str. */
static PyObject *cat_list(const catmap *c)
{
	PyObject *list = PyList_New((Py_ssize_t)c->n);
	for (size_t i = 0; list && i < c->n; i++) {
		PyObject *u = PyUnicode_DecodeUTF8(c->val[i], (Py_ssize_t)strlen(c->val[i]), "replace");
		if (!u) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, u);
	}
	return list;
}

/* A column being filled. */
enum { COL_F8, COL_I8, COL_DATE, COL_CAT, COL_STR };
typedef struct {
	const char *name;
	int kind;
	PyObject *buf;   /* bytes (F8, I8, DATE: int64 ns; CAT: int32 codes) or, STR, a
			    numpy array of objects */
	char *data;
	catmap cat;
	int width;       /* CAT: bytes of a code, the width pandas keeps for as many
			    categories as the column can have (1, 2 or 4) */
	int failed;      /* out of memory while filling (codes) */
} column;

static int col_open(column *c, const char *name, int kind, size_t n, size_t most)
{
	c->name = name;
	c->kind = kind;
	if (kind == COL_STR) {
		/* an object array, every slot None until filled */
		npy_intp dim = (npy_intp)n;
		c->buf = PyArray_SimpleNew(1, &dim, NPY_OBJECT);
		if (!c->buf)
			return -1;
		PyObject **o = (PyObject **)PyArray_DATA((PyArrayObject *)c->buf);
		for (size_t i = 0; i < n; i++) {
			Py_INCREF(Py_None);
			o[i] = Py_None;
		}
		c->data = (char *)o;
		return 0;
	}
	/* pandas keeps a Categorical's codes in int8 below 127 categories,
	 * int16 below 32,767: codes made that wide are kept as they are */
	c->width = most < 127 ? 1 : most < 32767 ? 2 : 4;
	size_t w = kind == COL_CAT ? (size_t)c->width : 8;
	c->buf = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(n * w));
	if (!c->buf)
		return -1;
	c->data = PyBytes_AS_STRING(c->buf);
	return kind == COL_CAT ? cat_init(&c->cat) : 0;
}

static void put_f8(column *c, size_t i, double v)
{
	memcpy(c->data + 8 * i, &v, 8);
}

static void put_i8(column *c, size_t i, int64_t v)
{
	memcpy(c->data + 8 * i, &v, 8);
}

static void put_date(column *c, size_t i, plan_date d)
{
	int64_t ns = d == PLAN_DATE_NONE ? INT64_MIN : (int64_t)d * 86400 * INT64_C(1000000000);
	memcpy(c->data + 8 * i, &ns, 8);
}

static void put_cat(column *c, size_t i, const char *s)
{
	int32_t k = cat_code(&c->cat, s);
	if (k < -1)
		c->failed = 1, k = -1;
	if ((c->width == 1 && k >= 127) || (c->width == 2 && k >= 32767)) {
		c->failed = 2; /* more values than the column's bound: a bug */
		k = -1;
	}
	if (c->width == 1) {
		int8_t v = (int8_t)k;
		memcpy(c->data + i, &v, 1);
	} else if (c->width == 2) {
		int16_t v = (int16_t)k;
		memcpy(c->data + 2 * i, &v, 2);
	} else {
		memcpy(c->data + 4 * i, &k, 4);
	}
}

/* (the GIL held) */
static int put_str(column *c, size_t i, const char *s)
{
	if (!s)
		return 0; /* None already */
	PyObject *u = PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
	if (!u)
		return -1;
	PyObject **o = (PyObject **)c->data;
	Py_DECREF(o[i]);
	o[i] = u;
	return 0;
}

static const char *const kind_names[] = { "make", "buy", "transfer" };
static const char *const origin_names[] = { "planned", "scheduled", "firm", "released" };
static const char *const severity_names[] = { "info", "warning", "critical" };

/* A plan table: its columns, its rows and how one row fills them: py 0
 * every column but text (no Python object made, no GIL needed), py 1 the
 * text columns (the GIL held). -1: a str could not be made. */
typedef int row_fn(const plan_result *r, size_t i, column *c, int py);

typedef struct {
	const char *name;
	plan_result_table table;
	int ncol;
	const char *col[11];
	int kind[11];
	int most[11];    /* CAT: what bounds its distinct values (below) */
	row_fn *row;
} table_def;

static int row_orders(const plan_result *r, size_t i, column *c, int py)
{
	plan_order o = PLAN_ORDER_INIT;
	plan_result_get_order(&o, r, i);
	if (py)
		return put_str(&c[0], i, o.id);
	put_cat(&c[1], i, o.item);
	put_cat(&c[2], i, o.site);
	put_cat(&c[3], i, kind_names[o.kind]);
	put_cat(&c[4], i, o.source);
	put_date(&c[5], i, o.release);
	put_date(&c[6], i, o.due);
	put_f8(&c[7], i, o.qty);
	put_cat(&c[8], i, origin_names[o.origin]);
	put_cat(&c[9], i, o.supplier);
	put_cat(&c[10], i, o.alternate);
	return 0;
}

static int row_deliveries(const plan_result *r, size_t i, column *c, int py)
{
	plan_delivery d = PLAN_DELIVERY_INIT;
	plan_result_get_delivery(&d, r, i);
	if (!py) {
		put_cat(&c[0], i, d.demand);
		put_date(&c[1], i, d.date);
		put_f8(&c[2], i, d.qty);
	}
	return 0;
}

static int row_allocations(const plan_result *r, size_t i, column *c, int py)
{
	plan_allocation a = PLAN_ALLOCATION_INIT;
	plan_result_get_allocation(&a, r, i);
	if (!py) {
		put_i8(&c[0], i, (int64_t)a.order);
		put_cat(&c[1], i, a.demand);
		put_i8(&c[2], i, a.parent);
		put_f8(&c[3], i, a.qty);
		put_cat(&c[4], i, a.output);
	}
	return 0;
}

static int row_exceptions(const plan_result *r, size_t i, column *c, int py)
{
	plan_exception x = PLAN_EXCEPTION_INIT;
	plan_result_get_exception(&x, r, i);
	if (py)
		return put_str(&c[5], i, x.order) < 0 || put_str(&c[9], i, x.message) < 0 ? -1 : 0;
	put_cat(&c[0], i, x.code);
	put_cat(&c[1], i, severity_names[x.severity]);
	put_cat(&c[2], i, x.item);
	put_cat(&c[3], i, x.site);
	put_cat(&c[4], i, x.resource);
	put_cat(&c[6], i, x.demand);
	put_date(&c[7], i, x.date);
	put_f8(&c[8], i, x.qty);
	return 0;
}

static int row_loads(const plan_result *r, size_t i, column *c, int py)
{
	plan_load l = PLAN_LOAD_INIT;
	plan_result_get_load(&l, r, i);
	if (!py) {
		put_cat(&c[0], i, l.order_id);
		put_cat(&c[1], i, l.step);
		put_cat(&c[2], i, l.resource);
		put_date(&c[3], i, l.date);
		put_f8(&c[4], i, l.hours);
		put_i8(&c[5], i, (int64_t)l.order);
	}
	return 0;
}

static int row_capacity(const plan_result *r, size_t i, column *c, int py)
{
	plan_capacity x = PLAN_CAPACITY_INIT;
	plan_result_get_capacity(&x, r, i);
	if (!py) {
		put_cat(&c[0], i, x.resource);
		put_date(&c[1], i, x.bucket);
		put_f8(&c[2], i, x.available);
		put_f8(&c[3], i, x.loaded);
		put_f8(&c[4], i, x.maintenance_lost);
		put_f8(&c[5], i, x.to_alternate);
	}
	return 0;
}

static int row_adjustments(const plan_result *r, size_t i, column *c, int py)
{
	plan_adjustment a = PLAN_ADJUSTMENT_INIT;
	plan_result_get_adjustment(&a, r, i);
	if (py)
		return put_str(&c[0], i, a.order) < 0 || put_str(&c[2], i, a.detail) < 0 ||
				       put_str(&c[3], i, a.reason) < 0
			       ? -1
			       : 0;
	put_cat(&c[1], i, a.action);
	return 0;
}

static int row_costs(const plan_result *r, size_t i, column *c, int py)
{
	plan_sku_cost x = PLAN_SKU_COST_INIT;
	plan_result_get_cost(&x, r, i);
	if (!py) {
		put_cat(&c[0], i, x.item);
		put_cat(&c[1], i, x.site);
		put_f8(&c[2], i, x.material);
		put_f8(&c[3], i, x.labour);
		put_f8(&c[4], i, x.total);
	}
	return 0;
}

static int row_deployment(const plan_result *r, size_t i, column *c, int py)
{
	plan_deployment x = PLAN_DEPLOYMENT_INIT;
	plan_result_get_deployment(&x, r, i);
	if (!py) {
		put_cat(&c[0], i, x.source);
		put_cat(&c[1], i, x.destination);
		put_cat(&c[2], i, x.item);
		put_date(&c[3], i, x.bucket);
		put_f8(&c[4], i, x.need);
		put_f8(&c[5], i, x.shipped);
		put_f8(&c[6], i, x.cost);
	}
	return 0;
}

static int row_activities(const plan_result *r, size_t i, column *c, int py)
{
	plan_activity x = PLAN_ACTIVITY_INIT;
	plan_result_get_activity(&x, r, i);
	if (!py) {
		put_cat(&c[0], i, x.project);
		put_cat(&c[1], i, x.activity);
		put_date(&c[2], i, x.start);
		put_date(&c[3], i, x.end);
		put_f8(&c[4], i, x.slack_days);
		put_f8(&c[5], i, x.late_days < 0 ? NAN : x.late_days);
	}
	return 0;
}

static int row_finance(const plan_result *r, size_t i, column *c, int py)
{
	plan_finance f = PLAN_FINANCE_INIT;
	plan_result_get_finance(&f, r, i);
	if (!py) {
		put_cat(&c[0], i, f.site);
		put_cat(&c[1], i, f.family);
		put_date(&c[2], i, f.bucket);
		put_f8(&c[3], i, f.purchases);
		put_f8(&c[4], i, f.production);
		put_f8(&c[5], i, f.transport);
		put_f8(&c[6], i, f.holding);
		put_f8(&c[7], i, f.inventory_value);
		put_f8(&c[8], i, f.revenue);
		put_cat(&c[9], i, f.level);
	}
	return 0;
}

enum { F8 = COL_F8, I8 = COL_I8, DT = COL_DATE, CT = COL_CAT, ST = COL_STR };
/* a category column's distinct values are at most: a few words (FEW), or
 * the rows of a scenario table, or the orders (ORD) */
/* (items.csv is optional: a SKU's item need not be in it; SKUs bound them) */
enum { FEW = -1, ORD = -2, ITEMS = PLAN_TABLE_SKUS, SITES = PLAN_TABLE_SITES,
       RES = PLAN_TABLE_RESOURCES, DEM = PLAN_TABLE_DEMAND, STEPS = PLAN_TABLE_ROUTINGS,
       SUPPLIERS = PLAN_TABLE_SUPPLIERS, ALTS = -3, PROJECTS = PLAN_TABLE_PROJECTS,
       ACTIVITIES = PLAN_TABLE_ACTIVITIES };
static const table_def tables[] = {
	{ "orders", PLAN_RESULT_ORDERS, 11,
	  { "order", "item", "site", "kind", "source", "release", "due", "qty", "origin", "supplier",
	    "alternate" },
	  { ST, CT, CT, CT, CT, DT, DT, F8, CT, CT, CT },
	  { 0, ITEMS, SITES, FEW, SITES, 0, 0, 0, FEW, SUPPLIERS, ALTS },
	  row_orders },
	{ "deliveries", PLAN_RESULT_DELIVERIES, 3, { "demand", "date", "qty" }, { CT, DT, F8 },
	  { DEM, 0, 0 }, row_deliveries },
	{ "allocations", PLAN_RESULT_ALLOCATIONS, 5,
	  { "order_row", "demand", "parent_row", "qty", "output" },
	  { I8, CT, I8, F8, CT }, { 0, DEM, 0, 0, ITEMS }, row_allocations },
	{ "exceptions", PLAN_RESULT_EXCEPTIONS, 10,
	  { "code", "severity", "item", "site", "resource", "order", "demand", "date", "qty", "message" },
	  { CT, CT, CT, CT, CT, ST, CT, DT, F8, ST }, { FEW, FEW, ITEMS, SITES, RES, 0, DEM, 0, 0, 0 },
	  row_exceptions },
	{ "loads", PLAN_RESULT_LOADS, 6, { "order", "step", "resource", "date", "hours", "order_row" },
	  { CT, CT, CT, DT, F8, I8 }, { ORD, STEPS, RES, 0, 0, 0 }, row_loads },
	{ "capacity", PLAN_RESULT_CAPACITY, 6,
	  { "resource", "bucket", "available", "loaded", "maintenance_lost", "to_alternate" },
	  { CT, DT, F8, F8, F8, F8 }, { RES, 0, 0, 0, 0, 0 }, row_capacity },
	{ "adjustments", PLAN_RESULT_ADJUSTMENTS, 4, { "order", "action", "detail", "reason" },
	  { ST, CT, ST, ST }, { 0, FEW, 0, 0 }, row_adjustments },
	{ "costs", PLAN_RESULT_COSTS, 5, { "item", "site", "material", "labour", "total" },
	  { CT, CT, F8, F8, F8 }, { ITEMS, SITES, 0, 0, 0 }, row_costs },
	{ "deployment", PLAN_RESULT_DEPLOYMENT, 7,
	  { "source", "destination", "item", "bucket", "need", "shipped", "cost" },
	  { CT, CT, CT, DT, F8, F8, F8 }, { SITES, SITES, ITEMS, 0, 0, 0, 0 }, row_deployment },
	{ "activities", PLAN_RESULT_ACTIVITIES, 6,
	  { "project", "activity", "start", "end", "slack_days", "late_days" },
	  { CT, CT, DT, DT, F8, F8 }, { PROJECTS, ACTIVITIES, 0, 0, 0, 0 }, row_activities },
	{ "finance", PLAN_RESULT_FINANCE, 10,
	  { "site", "family", "bucket", "purchases", "production", "transport", "holding",
	    "inventory_value", "revenue", "level" },
	  { CT, CT, DT, F8, F8, F8, F8, F8, F8, CT }, { SITES, ITEMS, 0, 0, 0, 0, 0, 0, 0, FEW },
	  row_finance },
};

typedef struct {
	const plan_result *r;
	const table_def *t;
	column *c;
	size_t n;
} fill_job;

static void *fill_plain(void *arg)
{
	fill_job *j = arg;
	for (size_t i = 0; i < j->n; i++)
		j->t->row(j->r, i, j->c, 0);
	return NULL;
}

/* Table t of r as [(name, kind, data[, categories])]: the columns without
 * text filled on a thread of their own (without the GIL) while this one,
 * holding it, makes the text's str objects (only that needs the GIL). */
static PyObject *read_table(const plan_result *r, const plan_model *m, const table_def *t)
{
	static const char *const kinds[] = { "f8", "i8", "date", "cat", "str" };
	size_t n = plan_result_count(r, t->table);
	column c[11];
	memset(c, 0, sizeof(c));
	int ok = 1, has_str = 0;
	for (int k = 0; k < t->ncol && ok; k++) {
		int most = t->most[k];
		size_t bound = most == FEW ? 16 : most == ORD ? plan_result_count(r, PLAN_RESULT_ORDERS)
						 : plan_model_count(m, (plan_table)most);
		if (most == STEPS) /* and the operations of work orders (1.1) */
			bound += plan_model_count(m, PLAN_TABLE_OPERATIONS);
		if (most == DEM) /* and projects' materials (1.1) */
			bound += plan_model_count(m, PLAN_TABLE_ACTIVITY_MATERIALS);
		if (most == ALTS) /* (1.1: at most one a BOM line or routing step) */
			bound = plan_model_count(m, PLAN_TABLE_BOM) + plan_model_count(m, PLAN_TABLE_ROUTINGS);
		ok = col_open(&c[k], t->col[k], t->kind[k], n, bound) == 0;
		has_str |= t->kind[k] == COL_STR;
	}
	if (ok) {
		fill_job job = { r, t, c, n };
		pthread_t th;
		int threaded = has_str && n >= 100000 && pthread_create(&th, NULL, fill_plain, &job) == 0;
		if (!threaded) {
			Py_BEGIN_ALLOW_THREADS
			fill_plain(&job);
			Py_END_ALLOW_THREADS
		}
		for (size_t i = 0; has_str && ok && i < n; i++)
			ok = t->row(r, i, c, 1) == 0;
		if (threaded) {
			Py_BEGIN_ALLOW_THREADS
			pthread_join(th, NULL);
			Py_END_ALLOW_THREADS
		}
		for (int k = 0; k < t->ncol && ok; k++)
			if (c[k].failed) {
				if (c[k].failed == 2)
					PyErr_Format(PyExc_RuntimeError, "%s: more distinct values than expected",
						     c[k].name);
				else
					PyErr_NoMemory();
				ok = 0;
			}
	}
	PyObject *out = ok ? PyList_New(t->ncol) : NULL;
	for (int k = 0; k < t->ncol; k++) {
		if (out) {
			PyObject *cats = c[k].kind == COL_CAT ? cat_list(&c[k].cat) : NULL;
			PyObject *x = c[k].kind != COL_CAT
					      ? Py_BuildValue("(ssO)", c[k].name, kinds[c[k].kind], c[k].buf)
				      : cats ? Py_BuildValue("(ssOOi)", c[k].name, kinds[c[k].kind], c[k].buf, cats,
							     c[k].width)
					     : NULL;
			Py_XDECREF(cats);
			if (!x)
				Py_CLEAR(out);
			else
				PyList_SET_ITEM(out, k, x);
		}
		Py_XDECREF(c[k].buf);
		if (c[k].kind == COL_CAT)
			cat_free(&c[k].cat);
	}
	if (!out && !PyErr_Occurred())
		PyErr_NoMemory();
	return out;
}

/* Full pegging (pegging.csv), traced by the library: rows gathered without
 * the GIL into plain arrays, then made columns as the other tables'. */
typedef struct peg_rows {
	const plan_result *r;
	int64_t *order;
	double *qty;
	catmap id, demand;
	int32_t *id_code, *demand_code;
	size_t n, cap;
	int failed;
} peg_rows;

static int take_peg(void *ctx, size_t order, const char *demand, double qty)
{
	peg_rows *p = ctx;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 4096;
		int64_t *o = realloc(p->order, cap * sizeof(*o));
		if (o)
			p->order = o;
		double *q = realloc(p->qty, cap * sizeof(*q));
		if (q)
			p->qty = q;
		int32_t *a = realloc(p->id_code, cap * sizeof(*a));
		if (a)
			p->id_code = a;
		int32_t *b = realloc(p->demand_code, cap * sizeof(*b));
		if (b)
			p->demand_code = b;
		if (!o || !q || !a || !b)
			return p->failed = PLAN_ENOMEM;
		p->cap = cap;
	}
	plan_order o = PLAN_ORDER_INIT;
	plan_result_get_order(&o, p->r, order);
	int32_t a = cat_code(&p->id, o.id), b = cat_code(&p->demand, demand);
	if (a < -1 || b < -1)
		return p->failed = PLAN_ENOMEM;
	p->order[p->n] = (int64_t)order;
	p->qty[p->n] = qty;
	p->id_code[p->n] = a;
	p->demand_code[p->n++] = b;
	return 0;
}

static PyObject *bytes_of(const void *data, size_t size)
{
	return PyBytes_FromStringAndSize(size ? data : "", (Py_ssize_t)size);
}

static PyObject *read_pegging(const plan_result *r)
{
	peg_rows p;
	memset(&p, 0, sizeof(p));
	p.r = r;
	int rc = cat_init(&p.id) == 0 && cat_init(&p.demand) == 0 ? 0 : PLAN_ENOMEM;
	if (!rc) {
		Py_BEGIN_ALLOW_THREADS
		rc = plan_result_pegging(r, take_peg, &p);
		Py_END_ALLOW_THREADS
	}
	PyObject *out = NULL;
	if (rc || p.failed) {
		py_fail(rc ? rc : p.failed, "pegging", NULL);
	} else {
		PyObject *ids = cat_list(&p.id), *dem = cat_list(&p.demand);
		PyObject *o = bytes_of(p.order, p.n * 8), *q = bytes_of(p.qty, p.n * 8);
		PyObject *a = bytes_of(p.id_code, p.n * 4), *b = bytes_of(p.demand_code, p.n * 4);
		if (ids && dem && o && q && a && b)
			out = Py_BuildValue("[(ssOOi)(ssOOi)(ssO)(ssO)]", "order", "cat", a, ids, 4, "demand",
					    "cat", b, dem, 4, "qty", "f8", q, "order_row", "i8", o);
		Py_XDECREF(ids), Py_XDECREF(dem), Py_XDECREF(o), Py_XDECREF(q), Py_XDECREF(a),
			Py_XDECREF(b);
	}
	cat_free(&p.id);
	cat_free(&p.demand);
	free(p.order);
	free(p.qty);
	free(p.id_code);
	free(p.demand_code);
	return out;
}

PyObject *read_named_table(const plan_result *r, const plan_model *m, const char *name)
{
	if (!strcmp(name, "pegging"))
		return read_pegging(r);
	for (size_t k = 0; k < sizeof(tables) / sizeof(*tables); k++)
		if (!strcmp(tables[k].name, name))
			return read_table(r, m, &tables[k]);
	PyErr_Format(PyExc_KeyError, "no plan table %s", name);
	return NULL;
}
