/* _libplan: the C API of libplan for Python, thin. Models, plans and
 * sessions are objects holding the C handles (this file); a plan table
 * comes out as columns in bulk (ext_tables.c), which libplan/__init__.py
 * turns into numpy arrays and pandas DataFrames. The GIL is released
 * while the library loads, plans, verifies, repairs and writes. Errors
 * raise libplan.Error (see libplan/__init__.py) with the status code and,
 * for data errors, every diagnostic with its file, line and column. */
#include "ext.h"

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
PyObject *py_fail(int code, const char *message, const plan_model *m)
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

/* Forecast consumption of every demand row (format 1.1): a list of
 * (id, kind, qty, consumed, net) tuples, in file order. */
static PyObject *model_consumption(Model *self, PyObject *unused)
{
	(void)unused;
	int rc = plan_model_validate(self->m);
	if (rc < 0)
		return py_fail(rc, plan_model_errmsg(self->m), self->m);
	size_t n = plan_model_count(self->m, PLAN_TABLE_DEMAND);
	PyObject *list = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; list && i < n; i++) {
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		plan_consumption c = PLAN_CONSUMPTION_INIT;
		if (plan_model_get_demand(&d, self->m, i) < 0 ||
		    plan_model_get_consumption(&c, self->m, i) < 0) {
			Py_DECREF(list);
			return py_fail(PLAN_EINVAL, "consumption: a demand row went away", NULL);
		}
		PyObject *t = Py_BuildValue("(ssddd)", d.id, d.kind == PLAN_DEMAND_FORECAST ? "forecast" : "order",
					    c.qty, c.consumed, c.net);
		if (!t) {
			Py_DECREF(list);
			return NULL;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, t);
	}
	return list;
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

static PyObject *py_plan_table(Plan *self, PyObject *args)
{
	const char *name;
	if (!PyArg_ParseTuple(args, "s", &name) || !plan_ok(self))
		return NULL;
	return read_named_table(self->r, self->m, name);
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
	PyObject *d = Py_BuildValue(
		"{s:s,s:n,s:n,s:d,s:d,s:n,s:n,s:n,s:n,s:n,s:n,s:d,s:n,s:d,s:d,s:d,s:d,s:d}", "status",
		s.status, "demands", (Py_ssize_t)s.demands, "demands_late", (Py_ssize_t)s.demands_late,
		"qty_short", s.qty_short, "lateness_days", s.lateness_days, "orders",
		(Py_ssize_t)s.orders, "planned_orders", (Py_ssize_t)s.planned_orders, "critical",
		(Py_ssize_t)s.critical, "warnings", (Py_ssize_t)s.warnings, "allocations",
		(Py_ssize_t)s.allocations, "overloads", (Py_ssize_t)s.overloads, "overload_hours",
		s.overload_hours, "adjustments", (Py_ssize_t)s.adjustments, "transfer_cost",
		s.transfer_cost, "capacity_available", s.capacity_available, "capacity_loaded",
		s.capacity_loaded, "on_time_qty", plan_result_on_time_qty(self->r), "seconds", t.total);
	/* the plan in money (format 1.1), where the scenario speaks of it */
	if (d && plan_result_count(self->r, PLAN_RESULT_FINANCE)) {
		PyObject *money = Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:d}", "purchases", s.purchases,
						"production", s.production, "transport", s.transport,
						"holding", s.holding, "inventory_value",
						s.inventory_value, "revenue", s.revenue);
		if (!money || PyDict_Update(d, money) < 0)
			Py_CLEAR(d);
		Py_XDECREF(money);
	}
	return d;
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
	{ "consumption", (PyCFunction)model_consumption, METH_NOARGS,
	  "[(id, kind, qty, consumed, net)] of every demand row" },
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
