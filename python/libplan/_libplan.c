/* _libplan: the C API of libplan for Python, thin. Models, plans and
 * sessions are objects holding the C handles; a plan table comes out as
 * columns in bulk (numbers and dates as bytes that numpy maps without a
 * copy, repeated strings as category codes and their distinct values),
 * which libplan/__init__.py turns into numpy arrays and pandas DataFrames.
 * The GIL is released while the library loads, plans, verifies, repairs
 * and writes. Errors raise libplan.Error (see libplan/__init__.py) with the
 * status code and, for data errors, every diagnostic with its file, line
 * and column. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include <plan.h>

#include <pthread.h>
#include <stdint.h>
#include <string.h>

static PyObject *error_type; /* libplan.Error, set by _set_error_type() */

/* --- errors --------------------------------------------------------------- */

/* The model's diagnostics: [(severity, file, line, column, text, message)]. */
static PyObject *diag_list(const plan_model *m)
{
	size_t n = m ? plan_model_count_diags(m) : 0;
	PyObject *list = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; list && i < n; i++) {
		plan_diag d = PLAN_DIAG_INIT;
		plan_model_get_diag(&d, m, i);
		PyObject *t = Py_BuildValue("(sziiss)",
					    d.severity == PLAN_SEVERITY_ERROR ? "error" : "warning",
					    d.file, d.line, d.column, d.text, d.message);
		if (!t) {
			Py_DECREF(list);
			return NULL;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, t);
	}
	return list;
}

/* Raises libplan.Error(message, code, diagnostics); returns NULL. */
static PyObject *py_fail(int code, const char *message, const plan_model *m)
{
	if (code == PLAN_ENOMEM)
		return PyErr_NoMemory();
	PyObject *diags = diag_list(m);
	if (!diags)
		return NULL;
	PyObject *type = error_type ? error_type : PyExc_RuntimeError;
	PyObject *args = Py_BuildValue("(siO)", message && message[0] ? message : plan_errstr(code),
				       code, diags);
	Py_DECREF(diags);
	if (args) {
		PyErr_SetObject(type, args);
		Py_DECREF(args);
	}
	return NULL;
}

/* --- Model ------------------------------------------------------------------ */

typedef struct {
	PyObject_HEAD
	plan_model *m;
} Model;

static PyTypeObject ModelType;

static void model_dealloc(Model *self)
{
	plan_model_free(self->m);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static Model *model_wrap(plan_model *m)
{
	Model *self = PyObject_New(Model, &ModelType);
	if (!self) {
		plan_model_free(m);
		return NULL;
	}
	self->m = m;
	return self;
}

/* _load(path): a scenario directory or FILE.h5, loaded and validated. */
static PyObject *mod_load(PyObject *mod, PyObject *args)
{
	(void)mod;
	const char *path;
	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	plan_model *m = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_model_load(&m, path, NULL);
	Py_END_ALLOW_THREADS
	if (rc < 0) {
		py_fail(rc, m ? plan_model_errmsg(m) : plan_errstr(rc), m);
		plan_model_free(m);
		return NULL;
	}
	return (PyObject *)model_wrap(m);
}

/* _from_tables([(file, bytes), ...]): tables from memory (CSV text, as
 * files of those names would hold), then validated. */
static PyObject *mod_from_tables(PyObject *mod, PyObject *args)
{
	(void)mod;
	PyObject *seq;
	if (!PyArg_ParseTuple(args, "O", &seq))
		return NULL;
	PyObject *fast = PySequence_Fast(seq, "expected a sequence of (file, bytes)");
	if (!fast)
		return NULL;
	plan_model *m = NULL;
	int rc = plan_model_new(&m), bad = 0;
	Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
	for (Py_ssize_t i = 0; !rc && i < n; i++) {
		const char *file, *text;
		Py_ssize_t len;
		if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "sy#", &file, &text, &len)) {
			Py_DECREF(fast);
			plan_model_free(m);
			return NULL;
		}
		int r;
		Py_BEGIN_ALLOW_THREADS
		r = plan_model_load_table(m, file, text, (size_t)len);
		Py_END_ALLOW_THREADS
		if (r == PLAN_ENOMEM)
			rc = r;
		else if (r < 0)
			bad = 1; /* every table is read: all its diagnostics */
	}
	Py_DECREF(fast);
	if (!rc) {
		Py_BEGIN_ALLOW_THREADS
		rc = plan_model_validate(m);
		Py_END_ALLOW_THREADS
	}
	if (!rc && bad)
		rc = PLAN_EFORMAT;
	if (rc < 0) {
		py_fail(rc, plan_model_count_errors(m) ? plan_model_errmsg(m) : plan_errstr(rc), m);
		plan_model_free(m);
		return NULL;
	}
	return (PyObject *)model_wrap(m);
}

static PyObject *model_diagnostics(Model *self, PyObject *unused)
{
	(void)unused;
	return diag_list(self->m);
}

static PyObject *model_count(Model *self, PyObject *args)
{
	const char *name;
	if (!PyArg_ParseTuple(args, "s", &name))
		return NULL;
	for (int t = 0; t < PLAN_TABLE_COUNT_; t++)
		if (!strcmp(plan_table_name((plan_table)t), name))
			return PyLong_FromSize_t(plan_model_count(self->m, (plan_table)t));
	PyErr_Format(PyExc_KeyError, "no table %s", name);
	return NULL;
}

static PyObject *edit_done(Model *self, int rc)
{
	if (rc < 0)
		return py_fail(rc, plan_model_errmsg(self->m), self->m);
	Py_RETURN_NONE;
}

static PyObject *model_scale_demand(Model *self, PyObject *args)
{
	double f;
	if (!PyArg_ParseTuple(args, "d", &f))
		return NULL;
	return edit_done(self, plan_model_scale_demand(self->m, f));
}

static PyObject *model_set_resource_hours(Model *self, PyObject *args)
{
	const char *res;
	double h;
	if (!PyArg_ParseTuple(args, "sd", &res, &h))
		return NULL;
	return edit_done(self, plan_model_set_resource_hours(self->m, res, h));
}

static PyObject *model_close_lane(Model *self, PyObject *args)
{
	const char *item, *site, *source;
	if (!PyArg_ParseTuple(args, "sss", &item, &site, &source))
		return NULL;
	return edit_done(self, plan_model_close_lane(self->m, item, site, source));
}

/* (id, resource, start, end, capacity_factor, alt or None, alt_factor,
 * emergency): a maintenance block; dates as days since 1970-01-01. */
static int parse_block(PyObject *args, plan_maintenance_def *b)
{
	int emergency = 1;
	*b = (plan_maintenance_def)PLAN_MAINTENANCE_DEF_INIT;
	if (!PyArg_ParseTuple(args, "ssiidzdp", &b->id, &b->resource, &b->start, &b->end,
			      &b->capacity_factor, &b->alt_resource, &b->alt_factor, &emergency))
		return -1;
	b->kind = emergency ? PLAN_MAINT_EMERGENCY : PLAN_MAINT_PLANNED;
	return 0;
}

static PyObject *model_add_block(Model *self, PyObject *args)
{
	plan_maintenance_def b;
	if (parse_block(args, &b) < 0)
		return NULL;
	int rc = plan_model_add_maintenance(self->m, &b);
	if (!rc)
		rc = plan_model_validate(self->m);
	return edit_done(self, rc);
}

static PyObject *model_write_csv(Model *self, PyObject *args)
{
	const char *dir;
	int gzip = 0;
	if (!PyArg_ParseTuple(args, "s|p", &dir, &gzip))
		return NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_model_write_csv(self->m, dir, gzip);
	Py_END_ALLOW_THREADS
	return edit_done(self, rc);
}

/* --- Plan ------------------------------------------------------------------- */

typedef struct {
	PyObject_HEAD
	const plan_result *r;
	plan_result *owned;      /* NULL: borrowed from a session */
	PyObject *owner;         /* the Model (or the Session) it borrows from */
	const plan_model *m;     /* its model */
	unsigned long gen;       /* a session's plan: the session's repair count */
	unsigned long *now_gen;  /* ... and where the session keeps it */
} Plan;

static PyTypeObject PlanType;

static void plan_dealloc(Plan *self)
{
	plan_result_free(self->owned);
	Py_XDECREF(self->owner);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static int plan_ok(Plan *self)
{
	if (self->now_gen && *self->now_gen != self->gen) {
		PyErr_SetString(PyExc_RuntimeError,
				"this plan of a session was repaired since: ask the session for its plan again");
		return 0;
	}
	return 1;
}

static PyObject *model_plan(Model *self, PyObject *args, PyObject *kw)
{
	static char *names[] = { (char *)"constrained", (char *)"threads", NULL };
	int constrained = 1, threads = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "|pi", names, &constrained, &threads))
		return NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = constrained ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED;
	o.threads = threads;
	plan_result *r = NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_run(&r, self->m, &o);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return py_fail(rc, plan_model_errmsg(self->m), self->m);
	Plan *p = PyObject_New(Plan, &PlanType);
	if (!p) {
		plan_result_free(r);
		return NULL;
	}
	p->r = p->owned = r;
	p->m = self->m;
	p->owner = (PyObject *)self;
	Py_INCREF(self);
	p->gen = 0;
	p->now_gen = NULL;
	return (PyObject *)p;
}

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
static const char *const origin_names[] = { "planned", "scheduled" };
static const char *const severity_names[] = { "info", "warning", "critical" };

/* A plan table: its columns, its rows and how one row fills them: py 0
 * every column but text (no Python object made, no GIL needed), py 1 the
 * text columns (the GIL held). -1: a str could not be made. */
typedef int row_fn(const plan_result *r, size_t i, column *c, int py);

typedef struct {
	const char *name;
	plan_result_table table;
	int ncol;
	const char *col[10];
	int kind[10];
	int most[10];    /* CAT: what bounds its distinct values (below) */
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

enum { F8 = COL_F8, I8 = COL_I8, DT = COL_DATE, CT = COL_CAT, ST = COL_STR };
/* a category column's distinct values are at most: a few words (FEW), or
 * the rows of a scenario table, or the orders (ORD) */
/* (items.csv is optional: a SKU's item need not be in it; SKUs bound them) */
enum { FEW = -1, ORD = -2, ITEMS = PLAN_TABLE_SKUS, SITES = PLAN_TABLE_SITES,
       RES = PLAN_TABLE_RESOURCES, DEM = PLAN_TABLE_DEMAND, STEPS = PLAN_TABLE_ROUTINGS };
static const table_def tables[] = {
	{ "orders", PLAN_RESULT_ORDERS, 9,
	  { "order", "item", "site", "kind", "source", "release", "due", "qty", "origin" },
	  { ST, CT, CT, CT, CT, DT, DT, F8, CT }, { 0, ITEMS, SITES, FEW, SITES, 0, 0, 0, FEW },
	  row_orders },
	{ "deliveries", PLAN_RESULT_DELIVERIES, 3, { "demand", "date", "qty" }, { CT, DT, F8 },
	  { DEM, 0, 0 }, row_deliveries },
	{ "allocations", PLAN_RESULT_ALLOCATIONS, 4, { "order_row", "demand", "parent_row", "qty" },
	  { I8, CT, I8, F8 }, { 0, DEM, 0, 0 }, row_allocations },
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
	column c[10];
	memset(c, 0, sizeof(c));
	int ok = 1, has_str = 0;
	for (int k = 0; k < t->ncol && ok; k++) {
		int most = t->most[k];
		size_t bound = most == FEW ? 16 : most == ORD ? plan_result_count(r, PLAN_RESULT_ORDERS)
						 : plan_model_count(m, (plan_table)most);
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

static PyObject *py_plan_table(Plan *self, PyObject *args)
{
	const char *name;
	if (!PyArg_ParseTuple(args, "s", &name) || !plan_ok(self))
		return NULL;
	if (!strcmp(name, "pegging"))
		return read_pegging(self->r);
	for (size_t k = 0; k < sizeof(tables) / sizeof(*tables); k++)
		if (!strcmp(tables[k].name, name))
			return read_table(self->r, self->m, &tables[k]);
	PyErr_Format(PyExc_KeyError, "no plan table %s", name);
	return NULL;
}

static PyObject *plan_summary_dict(Plan *self, PyObject *unused)
{
	(void)unused;
	if (!plan_ok(self))
		return NULL;
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_timing t = PLAN_TIMING_INIT;
	plan_result_get_summary(&s, self->r);
	plan_result_get_timing(&t, self->r);
	return Py_BuildValue(
		"{s:s,s:n,s:n,s:d,s:d,s:n,s:n,s:n,s:n,s:n,s:n,s:d,s:n,s:d,s:d,s:d,s:d,s:d}", "status",
		s.status, "demands", (Py_ssize_t)s.demands, "demands_late", (Py_ssize_t)s.demands_late,
		"qty_short", s.qty_short, "lateness_days", s.lateness_days, "orders",
		(Py_ssize_t)s.orders, "planned_orders", (Py_ssize_t)s.planned_orders, "critical",
		(Py_ssize_t)s.critical, "warnings", (Py_ssize_t)s.warnings, "allocations",
		(Py_ssize_t)s.allocations, "overloads", (Py_ssize_t)s.overloads, "overload_hours",
		s.overload_hours, "adjustments", (Py_ssize_t)s.adjustments, "transfer_cost",
		s.transfer_cost, "capacity_available", s.capacity_available, "capacity_loaded",
		s.capacity_loaded, "on_time_qty", plan_result_on_time_qty(self->r), "seconds", t.total);
}

typedef struct {
	PyObject *list;  /* violations, or NULL after a failure */
	size_t max;
} vio_ctx;

static int collect_violation(void *ctx, const plan_violation *v)
{
	vio_ctx *x = ctx;
	if (!x->list || (size_t)PyList_GET_SIZE(x->list) >= x->max)
		return 0;
	PyGILState_STATE g = PyGILState_Ensure();
	PyObject *t = Py_BuildValue("(sis)", v->rule, v->hard, v->message);
	if (!t || PyList_Append(x->list, t) < 0)
		Py_CLEAR(x->list);
	Py_XDECREF(t);
	PyGILState_Release(g);
	return 0;
}

/* verify(unconstrained=False, max=100): (checks, violations, notes,
 * stock_value, [(rule, hard, message), ...]) */
static PyObject *plan_verify(Plan *self, PyObject *args, PyObject *kw)
{
	static char *names[] = { (char *)"unconstrained", (char *)"max", NULL };
	int unconstrained = 0;
	Py_ssize_t max = 100;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "|pn", names, &unconstrained, &max) || !plan_ok(self))
		return NULL;
	vio_ctx x = { PyList_New(0), max > 0 ? (size_t)max : 0 };
	if (!x.list)
		return NULL;
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_result_verify(&n, self->r, unconstrained ? PLAN_VERIFY_UNCONSTRAINED : 0,
				collect_violation, &x);
	Py_END_ALLOW_THREADS
	if (!x.list)
		return NULL;
	if (rc < 0) {
		Py_DECREF(x.list);
		return py_fail(rc, "verify", NULL);
	}
	PyObject *out = Py_BuildValue("(nnndO)", (Py_ssize_t)n.checks, (Py_ssize_t)n.violations,
				      (Py_ssize_t)n.notes, n.stock_value, x.list);
	Py_DECREF(x.list);
	return out;
}

static PyObject *plan_write_csv(Plan *self, PyObject *args)
{
	const char *dir;
	int pegging = 1;
	if (!PyArg_ParseTuple(args, "s|p", &dir, &pegging) || !plan_ok(self))
		return NULL;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_result_write_csv(self->r, dir, pegging ? 0 : PLAN_WRITE_NO_PEGGING);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return py_fail(rc, plan_result_errmsg(self->r), NULL);
	Py_RETURN_NONE;
}

static PyObject *plan_write_report(Plan *self, PyObject *args)
{
	plan_report_options o = PLAN_REPORT_OPTIONS_INIT;
	const char *path;
	Py_ssize_t rows = 0;
	if (!PyArg_ParseTuple(args, "s|zzn", &path, &o.focus, &o.title, &rows) || !plan_ok(self))
		return NULL;
	o.max_rows = rows > 0 ? (size_t)rows : 0;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_result_write_report(self->r, path, &o);
	Py_END_ALLOW_THREADS
	if (rc < 0)
		return py_fail(rc, plan_result_errmsg(self->r), NULL);
	Py_RETURN_NONE;
}

/* --- Session ---------------------------------------------------------------- */

typedef struct {
	PyObject_HEAD
	plan_session *s;
	Model *model;
	unsigned long gen;
} Session;

static PyTypeObject SessionType;

static void session_dealloc(Session *self)
{
	plan_session_free(self->s);
	Py_XDECREF(self->model);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *session_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
	static char *names[] = { (char *)"model", (char *)"exact", NULL };
	Model *m;
	int exact = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O!|p", names, &ModelType, &m, &exact))
		return NULL;
	plan_session *s = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	o.threads = 0;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_session_new(&s, m->m, &o);
	Py_END_ALLOW_THREADS
	if (!rc && exact)
		rc = plan_session_set_exact(s, 1);
	if (rc < 0) {
		plan_session_free(s);
		return py_fail(rc, plan_model_errmsg(m->m), m->m);
	}
	Session *self = (Session *)type->tp_alloc(type, 0);
	if (!self) {
		plan_session_free(s);
		return NULL;
	}
	self->s = s;
	self->model = m;
	Py_INCREF(m);
	self->gen = 0;
	return (PyObject *)self;
}

static PyObject *session_plan(Session *self, PyObject *unused)
{
	(void)unused;
	Plan *p = PyObject_New(Plan, &PlanType);
	if (!p)
		return NULL;
	p->r = plan_session_result(self->s);
	p->m = self->model->m;
	p->owned = NULL;
	p->owner = (PyObject *)self;
	Py_INCREF(self);
	p->gen = self->gen;
	p->now_gen = &self->gen;
	return (PyObject *)p;
}

static PyObject *repaired(Session *self, int rc, const plan_repair_stats *st)
{
	self->gen++; /* plans asked for before are stale, whatever happened */
	if (rc < 0)
		return py_fail(rc, plan_model_errmsg(self->model->m), self->model->m);
	return Py_BuildValue("{s:O,s:n,s:d,s:n,s:n,s:n,s:n,s:n,s:n,s:n}", "replanned",
			     st->replanned ? Py_True : Py_False, "rescheduled", (Py_ssize_t)st->rescheduled,
			     "seconds", st->seconds, "moved", (Py_ssize_t)st->moved, "rerouted",
			     (Py_ssize_t)st->rerouted, "left_out", (Py_ssize_t)st->left_out, "back",
			     (Py_ssize_t)st->back, "newly_late", (Py_ssize_t)st->newly_late, "later",
			     (Py_ssize_t)st->later, "on_time_again", (Py_ssize_t)st->on_time_again);
}

static PyObject *session_add_block(Session *self, PyObject *args)
{
	plan_maintenance_def b;
	if (parse_block(args, &b) < 0)
		return NULL;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_session_add_block(&st, self->s, &b, NULL, NULL);
	Py_END_ALLOW_THREADS
	return repaired(self, rc, &st);
}

static PyObject *session_add_demand(Session *self, PyObject *args)
{
	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	if (!PyArg_ParseTuple(args, "sssid|i", &d.id, &d.item, &d.site, &d.due, &d.qty, &d.priority))
		return NULL;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_session_add_demand(&st, self->s, &d, NULL, NULL);
	Py_END_ALLOW_THREADS
	return repaired(self, rc, &st);
}

static PyObject *session_close_lane(Session *self, PyObject *args)
{
	const char *item, *site, *source;
	if (!PyArg_ParseTuple(args, "sss", &item, &site, &source))
		return NULL;
	plan_repair_stats st = PLAN_REPAIR_STATS_INIT;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = plan_session_close_lane(&st, self->s, item, site, source, NULL, NULL);
	Py_END_ALLOW_THREADS
	return repaired(self, rc, &st);
}

/* --- the module ------------------------------------------------------------- */

static PyMethodDef model_methods[] = {
	{ "plan", (PyCFunction)(void (*)(void))model_plan, METH_VARARGS | METH_KEYWORDS,
	  "plan(constrained=True, threads=0) -> _Plan" },
	{ "diagnostics", (PyCFunction)model_diagnostics, METH_NOARGS, "the loader's diagnostics" },
	{ "count", (PyCFunction)model_count, METH_VARARGS, "rows of a scenario table" },
	{ "scale_demand", (PyCFunction)model_scale_demand, METH_VARARGS, NULL },
	{ "set_resource_hours", (PyCFunction)model_set_resource_hours, METH_VARARGS, NULL },
	{ "close_lane", (PyCFunction)model_close_lane, METH_VARARGS, NULL },
	{ "add_block", (PyCFunction)model_add_block, METH_VARARGS, NULL },
	{ "write_csv", (PyCFunction)model_write_csv, METH_VARARGS, NULL },
	{ NULL, NULL, 0, NULL },
};

static PyMethodDef plan_methods[] = {
	{ "table", (PyCFunction)py_plan_table, METH_VARARGS, "a plan table's columns" },
	{ "summary", (PyCFunction)plan_summary_dict, METH_NOARGS, NULL },
	{ "verify", (PyCFunction)(void (*)(void))plan_verify, METH_VARARGS | METH_KEYWORDS, NULL },
	{ "write_csv", (PyCFunction)plan_write_csv, METH_VARARGS, NULL },
	{ "write_report", (PyCFunction)plan_write_report, METH_VARARGS, NULL },
	{ NULL, NULL, 0, NULL },
};

static PyMethodDef session_methods[] = {
	{ "plan", (PyCFunction)session_plan, METH_NOARGS, NULL },
	{ "add_block", (PyCFunction)session_add_block, METH_VARARGS, NULL },
	{ "add_demand", (PyCFunction)session_add_demand, METH_VARARGS, NULL },
	{ "close_lane", (PyCFunction)session_close_lane, METH_VARARGS, NULL },
	{ NULL, NULL, 0, NULL },
};

static PyTypeObject ModelType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libplan._libplan._Model",
	.tp_basicsize = sizeof(Model),
	.tp_dealloc = (destructor)model_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_methods = model_methods,
};

static PyTypeObject PlanType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libplan._libplan._Plan",
	.tp_basicsize = sizeof(Plan),
	.tp_dealloc = (destructor)plan_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_methods = plan_methods,
};

static PyTypeObject SessionType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libplan._libplan._Session",
	.tp_basicsize = sizeof(Session),
	.tp_dealloc = (destructor)session_dealloc,
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_methods = session_methods,
	.tp_new = session_new,
};

static PyObject *mod_set_error_type(PyObject *mod, PyObject *args)
{
	(void)mod;
	PyObject *t;
	if (!PyArg_ParseTuple(args, "O", &t))
		return NULL;
	Py_XDECREF(error_type);
	error_type = t;
	Py_INCREF(t);
	Py_RETURN_NONE;
}

static PyObject *mod_version(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	return PyUnicode_FromString(plan_version());
}

static PyMethodDef mod_methods[] = {
	{ "_load", mod_load, METH_VARARGS, "a scenario directory or FILE.h5" },
	{ "_from_tables", mod_from_tables, METH_VARARGS, "tables as CSV bytes" },
	{ "_set_error_type", mod_set_error_type, METH_VARARGS, NULL },
	{ "version", mod_version, METH_NOARGS, "the C library's version" },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "_libplan", "libplan's C API, thin (see the libplan package)", -1,
	mod_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__libplan(void);

PyMODINIT_FUNC PyInit__libplan(void)
{
	import_array(); /* numpy's C API (returns NULL on failure) */
	if (PyType_Ready(&ModelType) < 0 || PyType_Ready(&PlanType) < 0 ||
	    PyType_Ready(&SessionType) < 0)
		return NULL;
	PyObject *m = PyModule_Create(&module);
	if (!m)
		return NULL;
	Py_INCREF(&SessionType);
	if (PyModule_AddObject(m, "_Session", (PyObject *)&SessionType) < 0) {
		Py_DECREF(&SessionType);
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
