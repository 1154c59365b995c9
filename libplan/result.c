/* A plan's tables: building them, reading them, writing them as CSV. */
#include "result_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"

const char *const plan__exc_codes[EXC_COUNT_] = {
	"past_due_release", "past_due_receipt", "late_demand", "reschedule_in",
	"reschedule_out", "cancel", "below_safety_stock", "lane_over_limit", "overload",
	"routed_to_alternate",
};

static const char *const severity_names[] = { "info", "warning", "critical" };
static const char *const kind_names[] = { "make", "buy", "transfer" };

int32_t plan_result__add_order(plan_result *r, const plan_ord *o)
{
	if (r->nord >= INT32_MAX ||
	    plan_big__reserve((void **)&r->ord, &r->ord_cap, sizeof(*r->ord), r->nord + 1) < 0)
		return -1;
	r->ord[r->nord] = *o;
	return (int32_t)r->nord++;
}

int plan_result__exception(plan_result *r, int code, int severity, int32_t sku, int32_t order,
			   int32_t demand, plan_date date, double qty, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (plan_vec__reserve((void **)&r->exc, &r->exc_cap, sizeof(*r->exc), r->nexc + 1) < 0)
		return PLAN_ENOMEM;
	const char *stored = plan_arena__strndup(&r->arena, msg, strlen(msg));
	if (!stored)
		return PLAN_ENOMEM;
	r->exc[r->nexc++] = (plan_exc_rec){ (uint8_t)code, (uint8_t)severity, sku, order, demand,
					    -1, date, qty, stored };
	return 0;
}

const char *plan_result__id(const plan_result *r, size_t i)
{
	const plan_ord *o = &r->ord[i];
	if (o->receipt >= 0)
		return ((const plan_receipt_def *)TAB_ROW(r->model, PLAN_TABLE_RECEIPTS, o->receipt))->id;
	return r->idblock + (i - r->nsched) * r->idw;
}

int plan_result__finish(plan_result *r)
{
	const plan_model *m = r->model;
	/* planned order ids: kind letter, "O", a number per kind, in fixed-width
	 * slots of one block (no pointer per order); a receipt id of the same
	 * spelling gets the planned id a suffix so that ids stay unique */
	unsigned long count[3] = { 0, 0, 0 };
	static const char letter[] = { 'M', 'P', 'T' };
	int clash = 0;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_RECEIPTS].n && !clash; i++) {
		const char *id = ((const plan_receipt_def *)TAB_ROW(m, PLAN_TABLE_RECEIPTS, i))->id;
		clash = (id[0] == 'M' || id[0] == 'P' || id[0] == 'T') && id[1] == 'O';
	}
	size_t nplanned = r->nord - r->nsched, digits = 6;
	for (size_t v = nplanned; v >= 1000000; v /= 10)
		digits++;
	r->idw = 2 + digits + (clash ? 4 : 0) + 1;
	r->idblock = plan_arena__alloc(&r->arena, (nplanned ? nplanned : 1) * r->idw);
	if (!r->idblock)
		return PLAN_ENOMEM;
	for (size_t i = r->nsched; i < r->nord; i++) {
		const plan_ord *o = &r->ord[i];
		char *buf = r->idblock + (i - r->nsched) * r->idw;
		unsigned long v = ++count[o->kind];
		buf[0] = letter[o->kind];
		buf[1] = 'O';
		size_t n = 2 + digits;
		buf[n] = '\0';
		for (size_t k = n; k-- > 2;) {
			buf[k] = (char)('0' + v % 10);
			v /= 10;
		}
		while (clash && plan_model__code_id(m, NS_RECEIPT, buf) >= 0 && n + 1 < r->idw)
			buf[n++] = '\'', buf[n] = '\0';
	}

	plan_summary *s = &r->summary;
	*s = (plan_summary)PLAN_SUMMARY_INIT;
	s->orders = r->nord;
	s->planned_orders = r->nord - r->nsched;
	s->allocations = r->nalloc;
	for (size_t i = 0; i < r->nexc; i++) {
		s->critical += r->exc[i].severity == PLAN_EXC_CRITICAL;
		s->warnings += r->exc[i].severity == PLAN_EXC_WARNING;
		if (r->exc[i].code == EXC_OVERLOAD) {
			s->overloads++;
			s->overload_hours += r->exc[i].qty;
		}
	}
	/* per demand: what arrived by its due date, when the last part came */
	size_t nd = m->tab[PLAN_TABLE_DEMAND].n;
	double *got = calloc(nd ? nd : 1, sizeof(*got));
	plan_date *last = malloc((nd ? nd : 1) * sizeof(*last));
	if (!got || !last) {
		free(got);
		free(last);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < nd; i++)
		last[i] = PLAN_DATE_NONE;
	for (size_t i = 0; i < r->ndlv; i++) {
		got[r->dlv[i].demand] += r->dlv[i].qty;
		if (r->dlv[i].date > last[r->dlv[i].demand])
			last[r->dlv[i].demand] = r->dlv[i].date;
	}
	s->demands = nd;
	for (size_t i = 0; i < nd; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		double short_ = d->qty - got[i];
		int late = last[i] != PLAN_DATE_NONE && last[i] > d->due;
		if (short_ > 1e-6) {
			s->qty_short += short_;
			late = 1;
		}
		if (late)
			s->demands_late++;
		if (last[i] != PLAN_DATE_NONE && last[i] > d->due)
			s->lateness_days += (double)(last[i] - d->due);
	}
	free(got);
	free(last);
	snprintf(r->status, sizeof(r->status), "%s",
		 s->critical ? "infeasible" : s->demands_late ? "late" : "on_time");
	s->status = r->status;
	return 0;
}

PLAN_EXPORT void plan_result_free(plan_result *r)
{
	if (!r)
		return;
	plan_big__free(r->ord, r->ord_cap, sizeof(*r->ord));
	plan_big__free(r->alloc, r->alloc_cap, sizeof(*r->alloc));
	free(r->dlv);
	free(r->exc);
	plan_big__free(r->load, r->load_cap, sizeof(*r->load));
	free(r->cap);
	free(r->bucket_start);
	plan_arena__free(&r->arena);
	free(r);
}

PLAN_EXPORT size_t plan_result_count(const plan_result *r, plan_result_table t)
{
	if (!r)
		return 0;
	switch (t) {
	case PLAN_RESULT_ORDERS: return r->nord;
	case PLAN_RESULT_DELIVERIES: return r->ndlv;
	case PLAN_RESULT_ALLOCATIONS: return r->nalloc;
	case PLAN_RESULT_EXCEPTIONS: return r->nexc;
	case PLAN_RESULT_LOADS: return r->nload;
	case PLAN_RESULT_CAPACITY: return r->ncap;
	default: return 0;
	}
}

static const char *sku_code(const plan_model *m, int32_t sku, int k)
{
	return sku >= 0 ? m->ns[k == 0 ? NS_ITEM : NS_SITE].str[TAB_ID(m, PLAN_TABLE_SKUS, sku, k)]
			: NULL;
}

PLAN_EXPORT int plan_result_get_order(const plan_result *r, size_t i, plan_order *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	if (i >= r->nord)
		return PLAN_ERANGE;
	const plan_ord *o = &r->ord[i];
	const plan_model *m = r->model;
	out->id = plan_result__id(r, i);
	out->item = sku_code(m, o->sku, 0);
	out->site = sku_code(m, o->sku, 1);
	out->kind = (plan_order_kind)o->kind;
	out->source = NULL;
	if (o->lane >= 0)
		out->source = ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, o->lane))->source;
	else if (o->receipt >= 0)
		out->source = ((const plan_receipt_def *)TAB_ROW(m, PLAN_TABLE_RECEIPTS, o->receipt))->source;
	out->release = o->release;
	out->due = o->due;
	out->qty = o->qty;
	out->origin = o->receipt >= 0 ? PLAN_ORIGIN_SCHEDULED : PLAN_ORIGIN_PLANNED;
	return 0;
}

static const char *demand_id(const plan_model *m, int32_t row)
{
	return row >= 0 ? ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, row))->id : NULL;
}

PLAN_EXPORT int plan_result_get_delivery(const plan_result *r, size_t i, plan_delivery *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	if (i >= r->ndlv)
		return PLAN_ERANGE;
	out->demand = demand_id(r->model, r->dlv[i].demand);
	out->date = r->dlv[i].date;
	out->qty = r->dlv[i].qty;
	return 0;
}

PLAN_EXPORT int plan_result_get_allocation(const plan_result *r, size_t i, plan_allocation *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	if (i >= r->nalloc)
		return PLAN_ERANGE;
	const plan_alloc_rec *a = &r->alloc[i];
	out->order = (size_t)a->order;
	out->demand = a->src < 0 ? demand_id(r->model, -1 - a->src) : NULL;
	out->parent = a->src >= 0 ? a->src : -1;
	out->qty = a->qty;
	return 0;
}

PLAN_EXPORT int plan_result_pegging(const plan_result *r, plan_peg_fn fn, void *ctx)
{
	if (!r || !fn)
		return PLAN_EINVAL;
	return plan_pegging__trace_all(r, fn, ctx);
}

PLAN_EXPORT int plan_result_order_pegs(const plan_result *r, size_t order, plan_peg_fn fn,
				       void *ctx)
{
	if (!r || !fn)
		return PLAN_EINVAL;
	if (order >= r->nord)
		return PLAN_ERANGE;
	return plan_pegging__trace_one(r, order, fn, ctx);
}

PLAN_EXPORT int plan_result_get_exception(const plan_result *r, size_t i, plan_exception *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	if (i >= r->nexc)
		return PLAN_ERANGE;
	const plan_exc_rec *x = &r->exc[i];
	out->code = plan__exc_codes[x->code];
	out->severity = (plan_exception_severity)x->severity;
	out->item = sku_code(r->model, x->sku, 0);
	out->site = sku_code(r->model, x->sku, 1);
	out->resource = x->resource >= 0
		? ((const plan_resource_def *)TAB_ROW(r->model, PLAN_TABLE_RESOURCES, x->resource))->resource
		: NULL;
	out->order = x->order >= 0 ? plan_result__id(r, (size_t)x->order) : NULL;
	out->demand = demand_id(r->model, x->demand);
	out->date = x->date;
	out->qty = x->qty;
	out->message = x->message;
	return 0;
}

static const char *resource_code(const plan_model *m, int32_t row)
{
	return ((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, row))->resource;
}

PLAN_EXPORT int plan_result_get_load(const plan_result *r, size_t i, plan_load *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	if (i >= r->nload)
		return PLAN_ERANGE;
	const plan_load_rec *l = &r->load[i];
	out->order = (size_t)l->order;
	out->order_id = plan_result__id(r, (size_t)l->order);
	out->step = ((const plan_routing_def *)TAB_ROW(r->model, PLAN_TABLE_ROUTINGS, l->routing))->step;
	out->resource = resource_code(r->model, l->resource);
	out->date = l->date;
	out->hours = l->hours;
	return 0;
}

PLAN_EXPORT int plan_result_get_capacity(const plan_result *r, size_t i, plan_capacity *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	if (i >= r->ncap)
		return PLAN_ERANGE;
	const plan_cap_rec *c = &r->cap[i];
	out->resource = resource_code(r->model, c->resource);
	out->bucket = r->bucket_start[c->bucket];
	out->available = c->available;
	out->loaded = c->loaded;
	out->maintenance_lost = c->lost;
	out->to_alternate = c->to_alt;
	return 0;
}

PLAN_EXPORT int plan_result_timing(const plan_result *r, plan_timing *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	*out = r->timing;
	return 0;
}

PLAN_EXPORT int plan_result_summary(const plan_result *r, plan_summary *out)
{
	if (!r || !out || out->version != PLAN_RESULT_ROW_VERSION)
		return PLAN_EINVAL;
	*out = r->summary;
	return 0;
}

/* --- CSV writing --------------------------------------------------------- */

typedef struct plan_writer {
	plan_csvout out;
	const plan_result *r;
} plan_writer;

static int write_peg(void *ctx, size_t order, const char *demand, double qty)
{
	plan_writer *w = ctx;
	plan_csvout__text(&w->out, plan_result__id(w->r, order));
	plan_csvout__text(&w->out, demand);
	plan_csvout__num(&w->out, qty);
	plan_csvout__end_row(&w->out);
	return 0;
}

static void write_table(const plan_result *r, plan_csvout *o, int table)
{
	const plan_model *m = r->model;
	switch (table) {
	case 0:
		plan_csvout__header(o, "order,item,site,kind,source,release,due,qty,origin");
		for (size_t i = 0; i < r->nord; i++) {
			plan_order x = PLAN_ORDER_INIT;
			plan_result_get_order(r, i, &x);
			plan_csvout__text(o, x.id);
			plan_csvout__text(o, x.item);
			plan_csvout__text(o, x.site);
			plan_csvout__text(o, kind_names[x.kind]);
			plan_csvout__text(o, x.source);
			plan_csvout__date(o, x.release);
			plan_csvout__date(o, x.due);
			plan_csvout__num(o, x.qty);
			plan_csvout__text(o, x.origin == PLAN_ORIGIN_SCHEDULED ? "scheduled" : "planned");
			plan_csvout__end_row(o);
		}
		break;
	case 1:
		plan_csvout__header(o, "demand,date,qty");
		for (size_t i = 0; i < r->ndlv; i++) {
			plan_csvout__text(o, demand_id(m, r->dlv[i].demand));
			plan_csvout__date(o, r->dlv[i].date);
			plan_csvout__num(o, r->dlv[i].qty);
			plan_csvout__end_row(o);
		}
		break;
	case 2:
		plan_csvout__header(o, "code,severity,item,site,resource,order,demand,date,qty,message");
		for (size_t i = 0; i < r->nexc; i++) {
			plan_exception x = PLAN_EXCEPTION_INIT;
			plan_result_get_exception(r, i, &x);
			plan_csvout__text(o, x.code);
			plan_csvout__text(o, severity_names[x.severity]);
			plan_csvout__text(o, x.item);
			plan_csvout__text(o, x.site);
			plan_csvout__text(o, x.resource);
			plan_csvout__text(o, x.order);
			plan_csvout__text(o, x.demand);
			plan_csvout__date(o, x.date);
			plan_csvout__num(o, x.qty);
			plan_csvout__text(o, x.message);
			plan_csvout__end_row(o);
		}
		break;
	case 4:
		plan_csvout__header(o, "order,step,resource,date,hours");
		for (size_t i = 0; i < r->nload; i++) {
			plan_load l = PLAN_LOAD_INIT;
			plan_result_get_load(r, i, &l);
			plan_csvout__text(o, l.order_id);
			plan_csvout__text(o, l.step);
			plan_csvout__text(o, l.resource);
			plan_csvout__date(o, l.date);
			plan_csvout__num(o, l.hours);
			plan_csvout__end_row(o);
		}
		break;
	case 5:
		plan_csvout__header(o, "resource,bucket,available,loaded,maintenance_lost,to_alternate");
		for (size_t i = 0; i < r->ncap; i++) {
			plan_capacity c = PLAN_CAPACITY_INIT;
			plan_result_get_capacity(r, i, &c);
			plan_csvout__text(o, c.resource);
			plan_csvout__date(o, c.bucket);
			plan_csvout__num(o, c.available);
			plan_csvout__num(o, c.loaded);
			plan_csvout__num(o, c.maintenance_lost);
			plan_csvout__num(o, c.to_alternate);
			plan_csvout__end_row(o);
		}
		break;
	default: { /* 6: summary */
		const plan_summary *s = &r->summary;
		static const char *const keys[] = { "status", "mode", "demands", "demands_late",
			"qty_short", "lateness_days", "orders", "planned_orders", "allocations",
			"critical", "warnings", "overloads", "overload_hours" };
		const double nums[] = { 0, 0, (double)s->demands, (double)s->demands_late, s->qty_short,
			s->lateness_days, (double)s->orders, (double)s->planned_orders,
			(double)s->allocations, (double)s->critical, (double)s->warnings,
			(double)s->overloads, s->overload_hours };
		plan_csvout__header(o, "key,value");
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			plan_csvout__text(o, keys[k]);
			if (k == 0)
				plan_csvout__text(o, s->status);
			else if (k == 1)
				plan_csvout__text(o, "unconstrained");
			else
				plan_csvout__num(o, nums[k]);
			plan_csvout__end_row(o);
		}
		break;
	}
	}
}

PLAN_EXPORT int plan_result_write_csv(const plan_result *r, const char *dir, unsigned flags,
				      char *errbuf, size_t errlen)
{
	static const char *const files[] = { "orders.csv", "deliveries.csv", "exceptions.csv",
					     "summary.csv", "loads.csv", "capacity.csv", "pegging.csv" };
	if (!r || !dir)
		return PLAN_EINVAL;
	int rc = plan_csvout__mkdir(dir, errbuf, errlen);
	if (rc)
		return rc;
	plan_writer *w = malloc(sizeof(*w));
	if (!w)
		return PLAN_ENOMEM;
	w->r = r;
	plan_csvout *o = &w->out;
	for (int t = 0; t < 7 && !rc; t++) {
		if (t == 6 && (flags & PLAN_WRITE_NO_PEGGING))
			break;
		if ((rc = plan_csvout__open(o, dir, files[t], 0, errbuf, errlen)))
			break;
		if (t < 6) {
			write_table(r, o, t == 3 ? 6 : t);
		} else {
			plan_csvout__header(o, "order,demand,qty");
			rc = plan_pegging__trace_all(r, write_peg, w);
			if (rc && errbuf)
				snprintf(errbuf, errlen, "%s/pegging.csv: %s", dir, plan_errstr(rc));
		}
		int rc2 = plan_csvout__close(o, dir, files[t], rc ? NULL : errbuf, errlen);
		if (!rc)
			rc = rc2;
	}
	free(w);
	return rc;
}
