/* Reading a stored plan back into a result of its model: every code is
 * looked up in the model, every order id in the plan's own orders, and
 * whatever does not fit is an error naming the dataset and row. Dates and
 * quantities are checked for range so that a broken file never reaches the
 * verifier or the writers as a silently wrong plan. */
#include "io/readplan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/calendar.h"
#include "base/h5io.h"
#include "result/result_impl.h"

/* Dates of a plan lie within this many days of the horizon. */
#define DATE_SLACK 3660

typedef struct reader {
	plan_model *m;
	plan_result *r;
	const char *where;
	const char *table;
	const char *const *cols;
	size_t row;              /* 1-based, for messages */
	char *err;
	size_t errlen;
	plan_strtab ids;         /* order ids; id == order index */
	plan_arena ids_arena;
	plan_buckets bk;
	size_t nplanned;
	plan_date lo, hi;        /* dates accepted */
	size_t cap_cap;          /* capacity rows allocated (the result keeps none) */
	size_t alloc_out_cap;    /* (1.1) of r->alloc_out */
} reader;

static int bad(reader *x, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int bad(reader *x, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(x->err, x->errlen, "%s/%s:%zu: %s", x->where, x->table, x->row, msg);
	return PLAN_EFORMAT;
}

static long sku_of(const plan_model *m, const char *item, const char *site)
{
	int32_t i = plan_model__code_id(m, NS_ITEM, item), s = plan_model__code_id(m, NS_SITE, site);
	return i < 0 || s < 0 ? -1 : plan_model__sku(m, i, s);
}

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static int get_date(reader *x, const plan_h5_in *in, size_t i, int k, int none_ok,
		    plan_date *out)
{
	double v = plan_h5__in_num(in, i, k);
	if (none_ok && v == (double)PLAN_DATE_NONE) {
		*out = PLAN_DATE_NONE;
		return 0;
	}
	if (!(v >= (double)x->lo && v <= (double)x->hi) || v != floor(v))
		return bad(x, "%s: %.17g is no day near the plan's horizon", x->cols[k], v);
	*out = (plan_date)v;
	return 0;
}

static int get_qty(reader *x, const plan_h5_in *in, size_t i, int k, double *out)
{
	double v = plan_h5__in_num(in, i, k);
	if (!isfinite(v) || v < 0)
		return bad(x, "%s: expected a quantity >= 0, got %.17g", x->cols[k], v);
	*out = v;
	return 0;
}

static long order_index(reader *x, const char *id)
{
	return plan_strtab__id(&x->ids, &x->ids_arena, id, strlen(id), 0);
}

/* --- one function per table, called per row ------------------------------ */

static const char *const kind_names[] = { "make", "buy", "transfer" };
static const char *const severity_names[] = { "info", "warning", "critical" };

static int order_row(reader *x, const plan_h5_in *in, size_t i)
{
	const plan_model *m = x->m;
	const char *id = plan_h5__in_text(in, i, 0), *item = plan_h5__in_text(in, i, 1),
		   *site = plan_h5__in_text(in, i, 2), *kind = plan_h5__in_text(in, i, 3),
		   *source = plan_h5__in_text(in, i, 4), *origin = plan_h5__in_text(in, i, 8);
	plan_ord o;
	memset(&o, 0, sizeof(o));
	o.lane = o.receipt = -1;
	long sku = sku_of(m, item, site);
	if (sku < 0)
		return bad(x, "no SKU %s@%s in the scenario", item, site);
	o.sku = (int32_t)sku;
	int k = name_index(kind_names, 3, kind);
	if (k < 0)
		return bad(x, "kind \"%s\": expected make, buy or transfer", kind);
	o.kind = (uint8_t)k;
	int rc;
	if ((rc = get_date(x, in, i, 5, 0, &o.release)) || (rc = get_date(x, in, i, 6, 0, &o.due)) ||
	    (rc = get_qty(x, in, i, 7, &o.qty)))
		return rc;
	if (!*id)
		return bad(x, "empty order id");
	int32_t n = plan_strtab__id(&x->ids, &x->ids_arena, id, strlen(id), 1);
	if (n == -2)
		return PLAN_ENOMEM;
	if ((size_t)n != x->r->nord)
		return bad(x, "duplicate order \"%s\"", id);
	int st = name_index(plan__origin_names + 1, 3, origin); /* receipts: by status */
	if (st >= 0) {
		if (x->nplanned)
			return bad(x, "scheduled receipt \"%s\" after planned orders", id);
		long rec = plan_model__row_by_name(m, NS_RECEIPT, PLAN_TABLE_RECEIPTS, id);
		if (rec < 0)
			return bad(x, "no scheduled receipt \"%s\" in the scenario", id);
		const plan_receipt_def *d = TAB_ROW(m, PLAN_TABLE_RECEIPTS, rec);
		if (strcmp(d->item, item) != 0 || strcmp(d->site, site) != 0)
			return bad(x, "receipt \"%s\" is of %s@%s, not %s@%s", id, d->item, d->site,
				   item, site);
		if ((int)d->status != st)
			return bad(x, "receipt \"%s\" is %s in the scenario, not %s", id,
				   plan__origin_names[1 + d->status], origin);
		o.receipt = (int32_t)rec;
		if (d->status == PLAN_RECEIPT_FIRM)
			o.lane = m->rec_lane[rec];
		x->r->nsched++;
	} else if (strcmp(origin, "planned") == 0) {
		x->nplanned++;
		const char *alt = in->field[10] >= 0 ? plan_h5__in_text(in, i, 10) : "";
		if (*alt && o.kind == PLAN_ORDER_MAKE) {
			int32_t aid = plan_model__code_id(m, NS_ALTERNATE, alt);
			for (int32_t j = m->alt_off ? m->alt_off[sku] : 0;
			     m->alt_off && j < m->alt_off[sku + 1] && o.lane < 0; j++)
				if (m->alt[j].name == aid)
					o.lane = j;
			if (o.lane < 0)
				return bad(x, "no alternate \"%s\" of %s@%s", alt, item, site);
		}
		const char *sup = in->field[9] >= 0 ? plan_h5__in_text(in, i, 9) : "";
		if (*sup && o.kind == PLAN_ORDER_BUY) {
			for (int32_t j = m->sp_off[sku]; j < m->sp_off[sku + 1] && o.lane < 0; j++)
				if (!strcmp(((const plan_supplier_def *)TAB_ROW(m, PLAN_TABLE_SUPPLIERS,
										 m->sp_row[j]))->supplier, sup))
					o.lane = m->sp_row[j];
			if (o.lane < 0)
				return bad(x, "no supplier \"%s\" of %s@%s", sup, item, site);
		}
		if (o.kind == PLAN_ORDER_TRANSFER) {
			for (int32_t j = m->lane_off[sku]; j < m->lane_off[sku + 1]; j++) {
				const plan_lane_def *l = TAB_ROW(m, PLAN_TABLE_SOURCING, m->lane_row[j]);
				if (strcmp(l->source, source) == 0) {
					o.lane = m->lane_row[j];
					break;
				}
			}
			if (o.lane < 0)
				return bad(x, "no lane to %s@%s from \"%s\"", item, site, source);
		}
	} else {
		return bad(x, "origin \"%s\": expected planned, scheduled, firm or released", origin);
	}
	return plan_result__add_order(x->r, &o) < 0 ? PLAN_ENOMEM : 0;
}

static int alloc_row(reader *x, const plan_h5_in *in, size_t i)
{
	plan_result *r = x->r;
	const char *id = plan_h5__in_text(in, i, 0), *parent = plan_h5__in_text(in, i, 1),
		   *demand = plan_h5__in_text(in, i, 2);
	plan_alloc_rec a;
	long o = order_index(x, id);
	if (o < 0)
		return bad(x, "unknown order \"%s\"", id);
	a.order = (int32_t)o;
	if (*parent) {
		long p = order_index(x, parent);
		if (p < 0)
			return bad(x, "unknown parent order \"%s\"", parent);
		a.src = (int32_t)p;
	} else {
		long d = plan_model__row_by_name(x->m, NS_DEMAND, PLAN_TABLE_DEMAND, demand);
		if (d < 0)
			return bad(x, "unknown demand \"%s\"", demand);
		a.src = (int32_t)(-1 - d);
	}
	int rc = get_qty(x, in, i, 3, &a.qty);
	if (rc)
		return rc;
	plan_ord *ord = &r->ord[o];
	if (plan_model__has_outputs(x->m)) {
		/* (1.1) the output of its run it gives, or its own item */
		const char *out = in->field[4] >= 0 ? plan_h5__in_text(in, i, 4) : "";
		long b = -1;
		if (*out) {
			const plan_model *m = x->m;
			b = plan_model__sku(m, plan_model__code_id(m, NS_ITEM, out),
					    TAB_ID(m, PLAN_TABLE_SKUS, ord->sku, 1));
			if (b < 0)
				return bad(x, "order \"%s\": unknown output \"%s\"", id, out);
		}
		if (plan_vec__reserve((void **)&r->alloc_out, &x->alloc_out_cap, sizeof(*r->alloc_out),
				      r->nalloc + 1) < 0)
			return PLAN_ENOMEM;
		r->alloc_out[r->nalloc] = (int32_t)b;
	}
	if (!ord->alloc_count)
		ord->alloc_first = (uint32_t)r->nalloc;
	else if (ord->alloc_first + ord->alloc_count != r->nalloc)
		return bad(x, "the allocations of order \"%s\" are not together", id);
	if (r->nalloc >= UINT32_MAX ||
	    plan_big__reserve((void **)&r->alloc, &r->alloc_cap, sizeof(*r->alloc), r->nalloc + 1) < 0)
		return PLAN_ENOMEM;
	ord->alloc_count++;
	r->alloc[r->nalloc++] = a;
	return 0;
}

static int delivery_row(reader *x, const plan_h5_in *in, size_t i)
{
	plan_result *r = x->r;
	const char *demand = plan_h5__in_text(in, i, 0);
	plan_delivery_rec d = { 0, 0, 0 };
	long row = plan_model__row_by_name(x->m, NS_DEMAND, PLAN_TABLE_DEMAND, demand);
	if (row < 0)
		return bad(x, "unknown demand \"%s\"", demand);
	d.demand = (int32_t)row;
	int rc;
	if ((rc = get_date(x, in, i, 1, 0, &d.date)) || (rc = get_qty(x, in, i, 2, &d.qty)))
		return rc;
	return plan_result__add_delivery(r, d.demand, d.date, d.qty);
}

/* activities (1.1): an activity of a project of the model, its days,
 * slack and lateness as written (the verifier judges them). */
static int activity_row(reader *x, const plan_h5_in *in, size_t i)
{
	const plan_model *m = x->m;
	plan_result *r = x->r;
	const char *project = plan_h5__in_text(in, i, 0), *activity = plan_h5__in_text(in, i, 1);
	long p = plan_model__row_by_name(m, NS_PROJECT, PLAN_TABLE_PROJECTS, project);
	int32_t id = plan_model__code_id(m, NS_ACTIVITY, activity), a = -1;
	if (p < 0 || !r->act)
		return bad(x, "unknown project \"%s\"", project);
	for (int32_t k = m->prj_off[p]; k < m->prj_off[p + 1] && a < 0; k++)
		if (TAB_ID(m, PLAN_TABLE_ACTIVITIES, m->prj_act[k], 1) == id)
			a = m->prj_act[k];
	if (a < 0)
		return bad(x, "project %s has no activity \"%s\"", project, activity);
	plan_act_rec *rec = &r->act[a];
	double slack = 0;
	int rc;
	if ((rc = get_date(x, in, i, 2, 1, &rec->start)) || (rc = get_date(x, in, i, 3, 1, &rec->end)) ||
	    (rc = get_qty(x, in, i, 4, &slack)))
		return rc;
	const char *late = plan_h5__in_text(in, i, 5);
	char *end = NULL;
	long lv = late && *late ? strtol(late, &end, 10) : 0;
	if ((late && *late && *end) || lv < 0 || lv > DATE_SLACK * 4 || slack > DATE_SLACK * 4)
		return bad(x, "late_days \"%s\" or slack_days %.10g out of range", late ? late : "",
			   slack);
	rec->slack = (int32_t)slack;
	rec->late = (int32_t)lv;
	return 0;
}

static int exception_row(reader *x, const plan_h5_in *in, size_t i)
{
	plan_result *r = x->r;
	const plan_model *m = x->m;
	const char *code = plan_h5__in_text(in, i, 0), *sev = plan_h5__in_text(in, i, 1),
		   *item = plan_h5__in_text(in, i, 2), *site = plan_h5__in_text(in, i, 3),
		   *res = plan_h5__in_text(in, i, 4), *order = plan_h5__in_text(in, i, 5),
		   *demand = plan_h5__in_text(in, i, 6), *msg = plan_h5__in_text(in, i, 9);
	plan_exc_rec e;
	int c = name_index(plan__exc_codes, EXC_COUNT_, code);
	int s = name_index(severity_names, 3, sev);
	if (c < 0)
		return bad(x, "unknown exception code \"%s\"", code);
	if (s < 0)
		return bad(x, "severity \"%s\": expected info, warning or critical", sev);
	e.code = (uint8_t)c;
	e.severity = (uint8_t)s;
	e.sku = e.order = e.demand = e.resource = -1;
	if (*item || *site) {
		long sku = sku_of(m, item, site);
		if (sku < 0)
			return bad(x, "no SKU %s@%s in the scenario", item, site);
		e.sku = (int32_t)sku;
	}
	if (*res) {
		long row = plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES, res);
		if (row < 0)
			return bad(x, "unknown resource \"%s\"", res);
		e.resource = (int32_t)row;
	}
	if (*order) {
		long o = order_index(x, order);
		if (o < 0)
			return bad(x, "unknown order \"%s\"", order);
		e.order = (int32_t)o;
	}
	if (*demand) {
		long d = plan_model__row_by_name(m, NS_DEMAND, PLAN_TABLE_DEMAND, demand);
		if (d < 0)
			return bad(x, "unknown demand \"%s\"", demand);
		e.demand = (int32_t)d;
	}
	e.qty = plan_h5__in_num(in, i, 8);
	int rc = get_date(x, in, i, 7, 1, &e.date);
	if (rc)
		return rc;
	if (!isfinite(e.qty))
		return bad(x, "qty: expected a number, got %.17g", e.qty);
	if (!(e.message = plan_arena__strndup(&r->arena, msg, strlen(msg))) ||
	    plan_vec__reserve((void **)&r->exc, &r->exc_cap, sizeof(*r->exc), r->nexc + 1) < 0)
		return PLAN_ENOMEM;
	r->exc[r->nexc++] = e;
	return 0;
}

static int load_row(reader *x, const plan_h5_in *in, size_t i)
{
	plan_result *r = x->r;
	const plan_model *m = x->m;
	const char *order = plan_h5__in_text(in, i, 0), *step = plan_h5__in_text(in, i, 1),
		   *res = plan_h5__in_text(in, i, 2);
	plan_load_rec l;
	long o = order_index(x, order);
	if (o < 0)
		return bad(x, "unknown order \"%s\"", order);
	l.order = (int32_t)o;
	/* the step among the routing rows of the order's SKU (a few), or an
	 * operation of a released work order */
	int32_t sid = plan_model__code_id(m, NS_STEP, step), rt = 0;
	int kstep = MODEL_REF(m, PLAN_TABLE_ROUTINGS, RT_STEP), found = 0;
	int32_t rec = r->ord[o].receipt;
	int released = rec >= 0 && plan_model__rec_status(m, (size_t)rec) == PLAN_RECEIPT_RELEASED;
	int32_t k0, k1; /* (its alternate's routing, 1.1) */
	const int32_t *steps = plan_model__steps(m, r->ord[o].sku, plan_result__alt_of(&r->ord[o]), &k0, &k1);
	for (int32_t k = k0; !released && sid >= 0 && k < k1; k++)
		if (TAB_ID(m, PLAN_TABLE_ROUTINGS, steps[k], kstep) == sid) {
			rt = steps[k];
			found = 1;
		}
	if (released && sid >= 0)
		for (int32_t k = m->op_off[rec]; k < m->op_off[rec + 1] && !found; k++)
			if (TAB_ID(m, PLAN_TABLE_OPERATIONS, m->op_row[k], 1) == sid) {
				rt = -1 - m->op_row[k];
				found = 1;
			}
	if (!found)
		return bad(x, "order \"%s\" has no routing step \"%s\"", order, step);
	l.routing = rt;
	long row = plan_model__row_by_name(m, NS_RESOURCE, PLAN_TABLE_RESOURCES, res);
	if (row < 0)
		return bad(x, "unknown resource \"%s\"", res);
	l.resource = (int32_t)row;
	int rc;
	if ((rc = get_date(x, in, i, 3, 0, &l.date)) || (rc = get_qty(x, in, i, 4, &l.hours)))
		return rc;
	if (plan_big__reserve((void **)&r->load, &r->load_cap, sizeof(*r->load), r->nload + 1) < 0)
		return PLAN_ENOMEM;
	r->load[r->nload++] = l;
	return 0;
}

static int capacity_row(reader *x, const plan_h5_in *in, size_t i)
{
	plan_result *r = x->r;
	const char *res = plan_h5__in_text(in, i, 0);
	plan_cap_rec c;
	long row = plan_model__row_by_name(x->m, NS_RESOURCE, PLAN_TABLE_RESOURCES, res);
	if (row < 0)
		return bad(x, "unknown resource \"%s\"", res);
	c.resource = (int32_t)row;
	plan_date day = 0;
	int rc = get_date(x, in, i, 1, 0, &day);
	if (rc)
		return rc;
	size_t b = plan_buckets__of(&x->bk, day);
	if (b >= x->bk.n || x->bk.start[b] != day)
		return bad(x, "bucket: no bucket of the horizon starts on that day");
	c.bucket = (int32_t)b;
	double *v[4] = { &c.available, &c.loaded, &c.lost, &c.to_alt };
	for (int k = 0; k < 4; k++)
		if ((rc = get_qty(x, in, i, 2 + k, v[k])))
			return rc;
	if (plan_vec__reserve((void **)&r->cap, &x->cap_cap, sizeof(*r->cap), r->ncap + 1) < 0)
		return PLAN_ENOMEM;
	r->cap[r->ncap++] = c;
	return 0;
}

typedef int (*row_fn)(reader *x, const plan_h5_in *in, size_t i);

/* Puts the plan's place before a message of h5io (which names the
 * dataset); returns status. */
static int in_where(reader *x, int status)
{
	char why[300];
	snprintf(why, sizeof(why), "%s", x->err);
	snprintf(x->err, x->errlen, "%s/%s", x->where, why);
	return status;
}

static int adjustment_row(reader *x, const plan_h5_in *in, size_t i)
{
	plan_result *r = x->r;
	const char *order = plan_h5__in_text(in, i, 0), *action = plan_h5__in_text(in, i, 1),
		   *detail = plan_h5__in_text(in, i, 2), *reason = plan_h5__in_text(in, i, 3);
	int a = name_index(plan__adj_actions, ADJ_COUNT_, action);
	if (a < 0)
		return bad(x, "unknown adjustment \"%s\"", action);
	long o = -1;
	if (*order && (o = order_index(x, order)) < 0)
		return bad(x, "unknown order \"%s\"", order);
	return plan_result__adjust(r, (int32_t)o, a, reason, "%s", detail);
}

/* summary.csv is recomputed from the tables; only what made the plan is read */
static int summary_row(reader *x, const plan_h5_in *in, size_t i)
{
	if (!strcmp(plan_h5__in_text(in, i, 0), "mode"))
		x->r->constrained = !strcmp(plan_h5__in_text(in, i, 1), "constrained");
	return 0;
}

/* Reads plan table t of group g, every field required, row by row; a
 * table written by later versions only may be missing (optional). */
static int read_table_opt(reader *x, hid_t g, int t, row_fn fn, int optional);

static int read_table(reader *x, hid_t g, int t, row_fn fn)
{
	return read_table_opt(x, g, t, fn, 0);
}

static int read_table_opt(reader *x, hid_t g, int t, row_fn fn, int optional)
{
	const plan_rtable *d = &plan_result__tables[t];
	plan_h5_in in;
	x->table = d->name;
	x->cols = d->cols;
	x->row = 0;
	int rc = plan_h5__in_open(&in, g, d->name, d->cols, d->ncols, x->err, x->errlen);
	if (rc > 0 && optional)
		return 0;
	if (rc > 0) {
		snprintf(x->err, x->errlen, "%s: dataset %s missing", x->where, d->name);
		return PLAN_EFORMAT;
	}
	if (rc < 0)
		return in_where(x, PLAN_EFORMAT);
	for (int k = 0; k < d->ncols; k++) {
		int want = d->kinds[k] == CELL_TEXT ? H5F_TEXT : H5F_NUM;
		if (in.field[k] < 0 && t == PT_ORDERS && k >= 9)
			continue; /* supplier, alternate: only where the scenario has them (1.1) */
		if (in.field[k] < 0 && t == PT_ALLOCATIONS && k >= 4)
			continue; /* output: only where the scenario has outputs (1.1) */
		if (in.field[k] < 0 || in.cls[k] != want) {
			snprintf(x->err, x->errlen, "%s/%s: field \"%s\" %s", x->where, d->name,
				 d->cols[k], in.field[k] < 0 ? "missing"
				 : want == H5F_TEXT ? "is not a string" : "is not a number");
			plan_h5__in_close(&in);
			return PLAN_EFORMAT;
		}
	}
	rc = 0;
	while (!rc && (rc = plan_h5__in_next(&in, x->err, x->errlen)) > 0) {
		rc = 0;
		for (size_t i = 0; i < in.count && !rc; i++) {
			x->row = in.first + i + 1;
			rc = fn(x, &in, i);
		}
	}
	if (rc == -1)
		rc = in_where(x, PLAN_EIO);
	plan_h5__in_close(&in);
	return rc;
}

/* The routing rows by SKU (the model's), and the buckets of the horizon. */
static int prepare(reader *x)
{
	const plan_model *m = x->m;
	if (plan_buckets__build(&x->bk, &m->horizon) < 0)
		return PLAN_ENOMEM;
	x->lo = m->horizon.start - DATE_SLACK;
	x->hi = m->horizon.end + DATE_SLACK;
	return 0;
}

/* Planned order ids into the result's fixed-width block. */
static int name_orders(reader *x)
{
	plan_result *r = x->r;
	size_t w = 1;
	for (size_t i = r->nsched; i < r->nord; i++)
		if (x->ids.len[i] + 1 > w)
			w = x->ids.len[i] + 1;
	size_t n = r->nord - r->nsched;
	r->idw = w;
	r->idblock = plan_arena__alloc(&r->arena, (n ? n : 1) * w);
	if (!r->idblock)
		return PLAN_ENOMEM;
	for (size_t i = r->nsched; i < r->nord; i++)
		memcpy(r->idblock + (i - r->nsched) * w, x->ids.str[i], x->ids.len[i] + 1);
	return 0;
}

int plan_readplan__run(hid_t g, const char *where, plan_model *m, plan_result **out,
		       char *err, size_t errlen)
{
	reader x;
	memset(&x, 0, sizeof(x));
	x.m = m;
	x.where = where;
	x.table = "";
	x.err = err;
	x.errlen = errlen;
	x.r = calloc(1, sizeof(*x.r));
	if (!x.r) {
		snprintf(err, errlen, "out of memory");
		return PLAN_ENOMEM;
	}
	x.r->model = m;
	/* "constrained": a feasible plan, verified by the feasibility rules
	 * (a missing attribute or any other value: unconstrained) */
	char mode[32];
	x.r->constrained = plan_h5__attr_text_get(g, "mode", mode, sizeof(mode)) == 0 &&
			   strcmp(mode, "constrained") == 0;
	int rc = prepare(&x);
	if (!rc)
		rc = read_table(&x, g, PT_ORDERS, order_row);
	if (!rc)
		rc = read_table(&x, g, PT_ALLOCATIONS, alloc_row);
	if (!rc)
		rc = read_table(&x, g, PT_DELIVERIES, delivery_row);
	if (!rc)
		rc = read_table(&x, g, PT_EXCEPTIONS, exception_row);
	if (!rc)
		rc = read_table(&x, g, PT_LOADS, load_row);
	if (!rc)
		rc = read_table(&x, g, PT_CAPACITY, capacity_row);
	if (!rc)
		rc = read_table_opt(&x, g, PT_ADJUSTMENTS, adjustment_row, 1);
	if (!rc)
		rc = read_table_opt(&x, g, PT_SUMMARY, summary_row, 1);
	if (!rc)
		rc = plan_result__open_activities(x.r);
	if (!rc && x.r->act)
		rc = read_table(&x, g, PT_ACTIVITIES, activity_row);
	if (!rc) {
		x.r->bucket_start = malloc((x.bk.n + 1) * sizeof(*x.r->bucket_start));
		if (!x.r->bucket_start)
			rc = PLAN_ENOMEM;
		else
			memcpy(x.r->bucket_start, x.bk.start, (x.bk.n + 1) * sizeof(*x.bk.start));
		x.r->nbuckets = x.bk.n;
	}
	if (!rc)
		rc = name_orders(&x);
	if (!rc)
		rc = plan_result__summarise(x.r);
	if (rc == PLAN_ENOMEM)
		snprintf(err, errlen, "out of memory");
	plan_strtab__free(&x.ids);
	plan_arena__free(&x.ids_arena);
	plan_buckets__free(&x.bk);
	if (rc) {
		plan_result_free(x.r);
		return rc;
	}
	*out = x.r;
	return 0;
}
