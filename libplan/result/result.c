/* A plan's tables: building them, reading them, writing them as CSV. */
#include "result/result_impl.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvout.h"
#include "base/outdir.h"

const char *const plan__origin_names[] = { "planned", "scheduled", "firm", "released", NULL };

const char *const plan__exc_codes[EXC_COUNT_] = {
	"past_due_release", "past_due_receipt", "late_demand", "reschedule_in",
	"reschedule_out", "cancel", "below_safety_stock", "lane_over_limit", "overload",
	"routed_to_alternate", "beyond_forecast", "inside_fence", "firm_short",
	"supplier_over_limit", "fair_share", "deployment", "project_late",
};

const char *const plan__adj_actions[ADJ_COUNT_] = {
	"earlier", "later", "alternate", "lane", "split", "short",
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

int plan_result__add_delivery(plan_result *r, int32_t d, plan_date date, double qty)
{
	if (plan_vec__reserve((void **)&r->dlv, &r->dlv_cap, sizeof(*r->dlv), r->ndlv + 1) < 0)
		return PLAN_ENOMEM;
	r->dlv[r->ndlv++] = (plan_delivery_rec){ d, date, qty };
	return 0;
}

int plan_result__exception(plan_result *r, int code, int severity, int32_t sku, int32_t order,
			   int32_t demand, plan_date date, double qty, const char *fmt, ...)
{
	if (plan_vec__reserve((void **)&r->exc, &r->exc_cap, sizeof(*r->exc), r->nexc + 1) < 0)
		return PLAN_ENOMEM;
	va_list ap;
	va_start(ap, fmt);
	const char *stored = plan_arena__vprintf(&r->arena, fmt, ap); /* whole, however long */
	va_end(ap);
	if (!stored)
		return PLAN_ENOMEM;
	r->exc[r->nexc++] = (plan_exc_rec){ (uint8_t)code, (uint8_t)severity, sku, order, demand,
					    -1, date, qty, stored };
	return 0;
}

int plan_result__adjust(plan_result *r, int32_t order, int action, const char *reason,
			const char *fmt, ...)
{
	if (plan_vec__reserve((void **)&r->adj, &r->adj_cap, sizeof(*r->adj), r->nadj + 1) < 0)
		return PLAN_ENOMEM;
	va_list ap;
	va_start(ap, fmt);
	const char *d = plan_arena__vprintf(&r->arena, fmt, ap);
	va_end(ap);
	const char *w = plan_arena__strndup(&r->arena, reason, strlen(reason));
	if (!d || !w)
		return PLAN_ENOMEM;
	r->adj[r->nadj++] = (plan_adj_rec){ order, (uint8_t)action, d, w };
	return 0;
}

const char *plan_result__id(const plan_result *r, size_t i)
{
	const plan_ord *o = &r->ord[i];
	if (o->receipt >= 0)
		return ((const plan_receipt_def *)TAB_ROW(r->model, PLAN_TABLE_RECEIPTS, o->receipt))->id;
	return r->idblock + (i - r->nsched) * r->idw;
}

static const char id_letter[] = { 'M', 'P', 'T' };

/* Writes number v of its kind as order i's id: kind letter, "O", the
 * number in iddigits digits; a receipt id of the same spelling gets the
 * planned id a suffix so that ids stay unique. */
static void write_id(plan_result *r, size_t i, unsigned long v)
{
	char *buf = r->idblock + (i - r->nsched) * r->idw;
	size_t n = 2 + r->iddigits;
	buf[0] = id_letter[r->ord[i].kind];
	buf[1] = 'O';
	buf[n] = '\0';
	for (size_t k = n; k-- > 2;) {
		buf[k] = (char)('0' + v % 10);
		v /= 10;
	}
	while (r->idclash && plan_model__code_id(r->model, NS_RECEIPT, buf) >= 0 && n + 1 < r->idw)
		buf[n++] = '\'', buf[n] = '\0';
}

int plan_result__name_orders(plan_result *r)
{
	const plan_model *m = r->model;
	/* planned order ids: a number per kind, in fixed-width slots of one
	 * block (no pointer per order), with a few spare slots for the pieces
	 * a repair may split off */
	int clash = 0;
	for (size_t i = 0; i < m->tab[PLAN_TABLE_RECEIPTS].n && !clash; i++) {
		const char *id = ((const plan_receipt_def *)TAB_ROW(m, PLAN_TABLE_RECEIPTS, i))->id;
		clash = (id[0] == 'M' || id[0] == 'P' || id[0] == 'T') && id[1] == 'O';
	}
	size_t nplanned = r->nord - r->nsched, digits = 6;
	for (size_t v = nplanned; v >= 1000000; v /= 10)
		digits++;
	r->idclash = clash;
	r->iddigits = (unsigned)digits;
	r->idw = 2 + digits + (clash ? 4 : 0) + 1;
	r->idcap = nplanned + nplanned / 64 + 64;
	r->idblock = plan_arena__alloc(&r->arena, r->idcap * r->idw);
	if (!r->idblock)
		return PLAN_ENOMEM;
	r->idnext[0] = r->idnext[1] = r->idnext[2] = 0;
	for (size_t i = r->nsched; i < r->nord; i++)
		write_id(r, i, ++r->idnext[r->ord[i].kind]);
	return 0;
}

int plan_result__room_for(const plan_result *r, size_t n)
{
	unsigned long limit = 1;
	for (unsigned k = 0; k < r->iddigits; k++)
		limit *= 10;
	return r->iddigits && r->nord + n - r->nsched <= r->idcap &&
	       r->idnext[0] + n < limit && r->idnext[1] + n < limit && r->idnext[2] + n < limit;
}

int plan_result__name_next(plan_result *r, size_t i)
{
	if (i != r->nord - 1 || !plan_result__room_for(r, 0))
		return 1;
	write_id(r, i, ++r->idnext[r->ord[i].kind]);
	return 0;
}

/* Orders beyond their SKU's forecast (info), in demand file order. */
static int beyond_forecast(plan_result *r)
{
	const plan_model *m = r->model;
	int rc = 0;
	for (size_t k = 0; k < m->nbeyond && !rc; k++) {
		int32_t d = m->beyond[k];
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		int32_t sku = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
						       TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
		const plan_sku_def *s = plan__sku(m, sku);
		double over = dd->qty - m->dem_used[d];
		rc = plan_result__exception(r, EXC_BEYOND_FORECAST, PLAN_EXC_INFO, sku, -1, d, dd->due,
					    over,
					    "%s is %.10g beyond the forecast of %s@%s: it consumed %.10g "
					    "of its %.10g (forecasts due %d day%s before to %d day%s after "
					    "its due date)",
					    dd->id, over, s->item, s->site, m->dem_used[d], dd->qty,
					    s->consume_back, s->consume_back == 1 ? "" : "s",
					    s->consume_forward, s->consume_forward == 1 ? "" : "s");
	}
	return rc;
}

int plan_result__finish(plan_result *r)
{
	int rc = beyond_forecast(r);
	if (!rc)
		rc = plan_result__name_orders(r);
	return rc ? rc : plan_result__summarise(r);
}

static int cmp_dlv(const void *a, const void *b)
{
	const plan_delivery_rec *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? -1 : 1;
	return x->date < y->date ? -1 : x->date > y->date;
}

void plan_result__sort_deliveries(plan_result *r, double tol)
{
	size_t k = 0;
	for (size_t i = 0; i < r->ndlv; i++)
		if (r->dlv[i].qty > tol)
			r->dlv[k++] = r->dlv[i];
	if (k)
		qsort(r->dlv, k, sizeof(*r->dlv), cmp_dlv);
	r->ndlv = k;
	k = 0;
	for (size_t i = 0; i < r->ndlv; i++) {
		plan_delivery_rec *last = k ? &r->dlv[k - 1] : NULL;
		if (last && last->demand == r->dlv[i].demand && last->date == r->dlv[i].date)
			last->qty += r->dlv[i].qty;
		else
			r->dlv[k++] = r->dlv[i];
	}
	r->ndlv = k;
	/* A demand's parts, summed in order as a checker sums deliveries.csv,
	 * do not exceed its quantity by float noise alone (parts of 1e12 lose
	 * their small digits as they are added): where they would by more
	 * than the verifier's 1e-6 but at most 1e-9 of the quantity, the last
	 * part is what leaves the sum at the quantity. A larger excess stays,
	 * for the verifier to report. */
	for (size_t a = 0, b; a < r->ndlv; a = b) {
		double before = 0, sum;
		for (b = a; b < r->ndlv && r->dlv[b].demand == r->dlv[a].demand; b++)
			;
		for (size_t i = a; i + 1 < b; i++)
			before += r->dlv[i].qty;
		sum = before + r->dlv[b - 1].qty;
		double want = plan_model__demand_qty(r->model, (size_t)r->dlv[a].demand);
		if (!(sum > want + 1e-7 && sum - want <= 1e-9 * want))
			continue;
		double q = want - before;
		while (q > 0 && before + q > want)
			q = nextafter(q, 0);
		if (q > 0)
			r->dlv[b - 1].qty = q;
	}
}

int plan_result__summarise(plan_result *r)
{
	const plan_model *m = r->model;
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
	/* the demands given (a project's materials, 1.1, are counted by its
	 * project: the activities and project_late) */
	s->demands = plan_model__given(m, PLAN_TABLE_DEMAND);
	for (size_t i = 0; i < s->demands; i++) {
		const plan_demand_def *d = TAB_ROW(m, PLAN_TABLE_DEMAND, i);
		double short_ = plan_model__demand_qty(m, i) - got[i];
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
	/* a constrained plan is feasible by construction (its verdict is the
	 * service it gives) unless firm or released orders (1.1) ask for more
	 * than there is: its only critical exceptions say so */
	int projects_late = 0;
	for (size_t i = 0; i < r->nexc; i++)
		projects_late |= r->exc[i].code == EXC_PROJECT_LATE;
	snprintf(r->status, sizeof(r->status), "%s",
		 s->critical ? "infeasible" : s->demands_late || projects_late ? "late" : "on_time");
	s->adjustments = r->nadj;
	for (size_t i = r->nsched; i < r->nord; i++)
		if (r->ord[i].lane >= 0 && r->ord[i].kind == PLAN_ORDER_TRANSFER)
			s->transfer_cost += r->ord[i].qty *
					    ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING,
									     r->ord[i].lane))->cost;
	for (size_t i = 0; i < r->ncap; i++) {
		s->capacity_available += r->cap[i].available;
		s->capacity_loaded += r->cap[i].loaded;
	}
	s->status = r->status;
	int rc = plan_result__finance(r);
	return rc ? rc : plan_result__deployment(r);
}

PLAN_EXPORT void plan_result_free(plan_result *r)
{
	if (!r)
		return;
	plan_big__free(r->ord, r->ord_cap, sizeof(*r->ord));
	plan_big__free(r->alloc, r->alloc_cap, sizeof(*r->alloc));
	free(r->alloc_out);
	free(r->dlv);
	free(r->exc);
	free(r->adj);
	plan_big__free(r->load, r->load_cap, sizeof(*r->load));
	free(r->cap);
	free(r->bucket_start);
	free(r->fin);
	free(r->fin_fam);
	free(r->dep);
	free(r->act);
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
	case PLAN_RESULT_ADJUSTMENTS: return r->nadj;
	case PLAN_RESULT_FINANCE: return r->nfin;
	case PLAN_RESULT_COSTS: return plan_result__rows(r, PT_COSTS);
	case PLAN_RESULT_DEPLOYMENT: return r->ndep;
	case PLAN_RESULT_ACTIVITIES: return r->act ? r->nact : 0;
	default: return 0;
	}
}

static const char *sku_code(const plan_model *m, int32_t sku, int k)
{
	return sku >= 0 ? m->ns[k == 0 ? NS_ITEM : NS_SITE].str[TAB_ID(m, PLAN_TABLE_SKUS, sku, k)]
			: NULL;
}

PLAN_EXPORT int plan_result_get_adjustment(plan_adjustment *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_ADJUSTMENT_VERSION)
		return PLAN_EINVAL;
	if (i >= r->nadj)
		return PLAN_ERANGE;
	const plan_adj_rec *a = &r->adj[i];
	out->order = a->order >= 0 ? plan_result__id(r, (size_t)a->order) : NULL;
	out->action = plan__adj_actions[a->action];
	out->detail = a->detail;
	out->reason = a->reason;
	return 0;
}

PLAN_EXPORT int plan_result_get_order(plan_order *out, const plan_result *r, size_t i)
{
	/* (a version 1 struct ends before supplier) */
	if (!r || !out || (out->version != PLAN_ORDER_VERSION && out->version != 1))
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
	if (o->lane >= 0 && o->kind == PLAN_ORDER_TRANSFER)
		out->source = ((const plan_lane_def *)TAB_ROW(m, PLAN_TABLE_SOURCING, o->lane))->source;
	else if (o->receipt >= 0)
		out->source = ((const plan_receipt_def *)TAB_ROW(m, PLAN_TABLE_RECEIPTS, o->receipt))->source;
	out->release = o->release;
	out->due = o->due;
	out->qty = plan_qty__round(o->qty, plan_model__sku_dec(m, o->sku));
	out->origin = o->receipt < 0 ? PLAN_ORIGIN_PLANNED
		      : (plan_origin)(PLAN_ORIGIN_SCHEDULED + plan_model__rec_status(m, (size_t)o->receipt));
	if (out->version >= 2) {
		out->supplier = o->lane >= 0 && o->kind == PLAN_ORDER_BUY
				? ((const plan_supplier_def *)TAB_ROW(m, PLAN_TABLE_SUPPLIERS, o->lane))->supplier
				: NULL;
		int32_t alt = plan_result__alt_of(o);
		out->alternate = alt >= 0 ? m->ns[NS_ALTERNATE].str[m->alt[alt].name] : NULL;
	}
	return 0;
}

static const char *demand_id(const plan_model *m, int32_t row)
{
	return row >= 0 ? ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, row))->id : NULL;
}

/* A quantity of demand row d's item as written: rounded to its decimals
 * (format 1.1; as computed in a 1.0 scenario). */
static double demand_units(const plan_model *m, int32_t d, double q)
{
	if (!m->sku_dec)
		return q;
	int32_t s = (int32_t)plan_model__sku(m, TAB_ID(m, PLAN_TABLE_DEMAND, d, 1),
					     TAB_ID(m, PLAN_TABLE_DEMAND, d, 2));
	return plan_qty__round(q, plan_model__sku_dec(m, s));
}

PLAN_EXPORT int plan_result_get_delivery(plan_delivery *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_DELIVERY_VERSION)
		return PLAN_EINVAL;
	if (i >= r->ndlv)
		return PLAN_ERANGE;
	out->demand = demand_id(r->model, r->dlv[i].demand);
	out->date = r->dlv[i].date;
	out->qty = demand_units(r->model, r->dlv[i].demand, r->dlv[i].qty);
	return 0;
}

PLAN_EXPORT int plan_result_get_allocation(plan_allocation *out, const plan_result *r, size_t i)
{
	/* (a version 1 struct ends before output) */
	if (!r || !out || (out->version != PLAN_ALLOCATION_VERSION && out->version != 1))
		return PLAN_EINVAL;
	if (i >= r->nalloc)
		return PLAN_ERANGE;
	const plan_alloc_rec *a = &r->alloc[i];
	out->order = (size_t)a->order;
	out->demand = a->src < 0 ? demand_id(r->model, -1 - a->src) : NULL;
	out->parent = a->src >= 0 ? a->src : -1;
	out->qty = a->qty; /* exact: the plan is read back from them (format.md, "Units") */
	if (out->version >= 2)
		out->output = r->alloc_out && r->alloc_out[i] >= 0 ? sku_code(r->model, r->alloc_out[i], 0)
								     : NULL;
	return 0;
}

PLAN_EXPORT int plan_result_pegging(const plan_result *r, plan_peg_fn fn, void *ctx)
{
	if (!r || !fn)
		return PLAN_EINVAL;
	return plan_result__trace_all(r, fn, ctx);
}

PLAN_EXPORT int plan_result_order_pegs(const plan_result *r, size_t order, plan_peg_fn fn,
				       void *ctx)
{
	if (!r || !fn)
		return PLAN_EINVAL;
	if (order >= r->nord)
		return PLAN_ERANGE;
	return plan_result__trace_one(r, order, fn, ctx);
}

PLAN_EXPORT int plan_result_get_exception(plan_exception *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_EXCEPTION_VERSION)
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
	out->qty = plan_qty__round(x->qty, plan_model__sku_dec(r->model, x->sku));
	out->message = x->message;
	return 0;
}

static const char *resource_code(const plan_model *m, int32_t row)
{
	return ((const plan_resource_def *)TAB_ROW(m, PLAN_TABLE_RESOURCES, row))->resource;
}

PLAN_EXPORT int plan_result_get_load(plan_load *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_LOAD_VERSION)
		return PLAN_EINVAL;
	if (i >= r->nload)
		return PLAN_ERANGE;
	const plan_load_rec *l = &r->load[i];
	out->order = (size_t)l->order;
	out->order_id = plan_result__id(r, (size_t)l->order);
	out->step = l->routing >= 0
		    ? ((const plan_routing_def *)TAB_ROW(r->model, PLAN_TABLE_ROUTINGS, l->routing))->step
		    : ((const plan_operation_def *)TAB_ROW(r->model, PLAN_TABLE_OPERATIONS,
							   -1 - l->routing))->step;
	out->resource = resource_code(r->model, l->resource);
	out->date = l->date;
	out->hours = l->hours;
	return 0;
}

PLAN_EXPORT int plan_result_get_capacity(plan_capacity *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_CAPACITY_VERSION)
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

PLAN_EXPORT int plan_result_get_timing(plan_timing *out, const plan_result *r)
{
	if (!r || !out || out->version != PLAN_TIMING_VERSION)
		return PLAN_EINVAL;
	*out = r->timing;
	return 0;
}

PLAN_EXPORT int plan_result_get_summary(plan_summary *out, const plan_result *r)
{
	if (!r || !out || !out->version || out->version > PLAN_SUMMARY_VERSION)
		return PLAN_EINVAL;
	/* a caller built for version 1 has a struct that ends before the money */
	size_t size = out->version == 1 ? offsetof(plan_summary, purchases) : sizeof(*out);
	unsigned version = out->version;
	memcpy(out, &r->summary, size);
	out->version = version;
	return 0;
}

PLAN_EXPORT int plan_result_get_cost(plan_sku_cost *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_SKU_COST_VERSION)
		return PLAN_EINVAL;
	const plan_model *m = r->model;
	if (!m->sku_cost || i >= m->tab[PLAN_TABLE_SKUS].n)
		return PLAN_ERANGE;
	const plan_sku_def *s = TAB_ROW(m, PLAN_TABLE_SKUS, i);
	out->item = s->item;
	out->site = s->site;
	out->material = m->sku_cost[2 * i];
	out->labour = m->sku_cost[2 * i + 1];
	out->total = out->material + out->labour;
	return 0;
}

PLAN_EXPORT int plan_result_get_deployment(plan_deployment *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_DEPLOYMENT_VERSION)
		return PLAN_EINVAL;
	if (i >= r->ndep)
		return PLAN_ERANGE;
	const plan_dep_rec *d = &r->dep[i];
	const plan_lane_def *l = TAB_ROW(r->model, PLAN_TABLE_SOURCING, d->lane);
	out->source = l->source;
	out->destination = l->site;
	out->item = l->item;
	out->bucket = r->bucket_start[d->bucket];
	out->need = d->need;
	out->shipped = d->shipped;
	out->cost = d->shipped * l->cost;
	return 0;
}

PLAN_EXPORT int plan_result_get_finance(plan_finance *out, const plan_result *r, size_t i)
{
	if (!r || !out || out->version != PLAN_FINANCE_VERSION)
		return PLAN_EINVAL;
	if (i >= r->nfin)
		return PLAN_ERANGE;
	const plan_fin_rec *f = &r->fin[i];
	const plan_model *m = r->model;
	out->level = plan_result__fin_levels[f->level];
	out->site = f->site >= 0 ? ((const plan_site_def *)TAB_ROW(m, PLAN_TABLE_SITES, f->site))->site
				 : NULL;
	out->family = f->family >= 0 ? r->fin_fam[f->family] : NULL;
	out->bucket = r->bucket_start[f->bucket];
	out->purchases = f->v[0];
	out->production = f->v[1];
	out->transport = f->v[2];
	out->holding = f->v[3];
	out->inventory_value = f->v[4];
	out->revenue = f->v[5];
	return 0;
}

/* --- The plan tables as cells, for the CSV and HDF5 writers ------------- */

/* (supplier, alternate: 1.1, only where the scenario has suppliers or
 * alternates: plan_result__ncols) */
static const char *const orders_cols[] = { "order", "item", "site", "kind", "source", "release",
					   "due", "qty", "origin", "supplier", "alternate" };
static const uint8_t orders_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT,
					CELL_DATE, CELL_DATE, CELL_NUM, CELL_TEXT, CELL_TEXT,
					CELL_TEXT };
static const char *const deliveries_cols[] = { "demand", "date", "qty" };
static const uint8_t deliveries_kinds[] = { CELL_TEXT, CELL_DATE, CELL_NUM };
static const char *const exceptions_cols[] = { "code", "severity", "item", "site", "resource",
					       "order", "demand", "date", "qty", "message" };
static const uint8_t exceptions_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT,
					    CELL_TEXT, CELL_TEXT, CELL_DATE, CELL_NUM, CELL_TEXT };
static const char *const summary_cols[] = { "key", "value" };
static const uint8_t summary_kinds[] = { CELL_TEXT, CELL_TEXT };
static const char *const loads_cols[] = { "order", "step", "resource", "date", "hours" };
static const uint8_t loads_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_DATE, CELL_NUM };
static const char *const capacity_cols[] = { "resource", "bucket", "available", "loaded",
					     "maintenance_lost", "to_alternate" };
static const uint8_t capacity_kinds[] = { CELL_TEXT, CELL_DATE, CELL_NUM, CELL_NUM, CELL_NUM,
					  CELL_NUM };
static const char *const alloc_cols[] = { "order", "parent", "demand", "qty", "output" };
static const uint8_t alloc_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_NUM, CELL_TEXT };
static const char *const adj_cols[] = { "order", "action", "detail", "reason" };
static const uint8_t adj_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT };
static const char *const forecast_cols[] = { "forecast", "item", "site", "due", "qty",
					     "consumed", "net" };
static const uint8_t forecast_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_DATE, CELL_NUM,
					  CELL_NUM, CELL_NUM };
static const char *const costs_cols[] = { "item", "site", "material", "labour", "total" };
static const uint8_t costs_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_NUM, CELL_NUM, CELL_NUM };
static const char *const finance_cols[] = { "site", "family", "bucket", "purchases",
					    "production", "transport", "holding",
					    "inventory_value", "revenue", "level" };
static const uint8_t finance_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_DATE, CELL_NUM, CELL_NUM,
					 CELL_NUM, CELL_NUM, CELL_NUM, CELL_NUM, CELL_TEXT };
static const char *const deployment_cols[] = { "source", "destination", "item", "bucket",
					       "need", "shipped", "cost" };
static const uint8_t deployment_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_DATE, CELL_NUM,
					    CELL_NUM, CELL_NUM };
static const char *const activities_cols[] = { "project", "activity", "start", "end",
					       "slack_days", "late_days" };
static const uint8_t activities_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_DATE, CELL_DATE, CELL_NUM,
					    CELL_TEXT };
static const char *const pegging_cols[] = { "order", "demand", "qty" };
static const uint8_t pegging_kinds[] = { CELL_TEXT, CELL_TEXT, CELL_NUM };

#define TABLE(name, cols, kinds) { name, (int)(sizeof(cols) / sizeof(cols[0])), cols, kinds }
const plan_rtable plan_result__tables[PT_COUNT_] = {
	TABLE("orders", orders_cols, orders_kinds),
	TABLE("deliveries", deliveries_cols, deliveries_kinds),
	TABLE("exceptions", exceptions_cols, exceptions_kinds),
	TABLE("summary", summary_cols, summary_kinds),
	TABLE("loads", loads_cols, loads_kinds),
	TABLE("capacity", capacity_cols, capacity_kinds),
	TABLE("allocations", alloc_cols, alloc_kinds),
	TABLE("adjustments", adj_cols, adj_kinds),
	TABLE("forecast", forecast_cols, forecast_kinds),
	TABLE("costs", costs_cols, costs_kinds),
	TABLE("finance", finance_cols, finance_kinds),
	TABLE("deployment", deployment_cols, deployment_kinds),
	TABLE("activities", activities_cols, activities_kinds),
	TABLE("pegging", pegging_cols, pegging_kinds),
};
#undef TABLE

static const char *const summary_keys[] = { "status", "mode", "demands", "demands_late",
	"qty_short", "lateness_days", "orders", "planned_orders", "allocations", "critical",
	"warnings", "overloads", "overload_hours", "adjustments", "transfer_cost",
	"capacity_available", "capacity_loaded",
	/* where the scenario speaks of money (format 1.1) */
	"purchases", "production", "transport", "holding", "inventory_value", "revenue" };
#define NSUMMARY (sizeof(summary_keys) / sizeof(summary_keys[0]))
#define NSUMMARY_1_0 (NSUMMARY - 6)

int plan_result__has_table(const plan_result *r, int t)
{
	if (t == PT_FORECAST)
		return r->model->dem_net != NULL;
	if (t == PT_COSTS)
		return r->model->sku_cost != NULL;
	if (t == PT_FINANCE)
		return r->fin != NULL;
	if (t == PT_DEPLOYMENT)
		return r->fin != NULL && r->model->tab[PLAN_TABLE_SOURCING].n;
	if (t == PT_ACTIVITIES)
		return r->act != NULL;
	return 1;
}

int plan_result__ncols(const plan_result *r, int t)
{
	if (t == PT_ORDERS && !r->model->tab[PLAN_TABLE_SUPPLIERS].n && !r->model->nalt)
		return plan_result__tables[t].ncols - 2; /* a 1.0 plan's orders */
	if (t == PT_ALLOCATIONS && !plan_model__has_outputs(r->model))
		return plan_result__tables[t].ncols - 1; /* (output: 1.1, with outputs) */
	return plan_result__tables[t].ncols;
}

size_t plan_result__rows(const plan_result *r, int t)
{
	switch (t) {
	case PT_ORDERS: return r->nord;
	case PT_DELIVERIES: return r->ndlv;
	case PT_EXCEPTIONS: return r->nexc;
	case PT_SUMMARY: return r->fin ? NSUMMARY : NSUMMARY_1_0;
	case PT_LOADS: return r->nload;
	case PT_CAPACITY: return r->ncap;
	case PT_ALLOCATIONS: return r->nalloc;
	case PT_ADJUSTMENTS: return r->nadj;
	case PT_FORECAST: return r->model->nfc;
	case PT_COSTS: return r->model->sku_cost ? r->model->tab[PLAN_TABLE_SKUS].n : 0;
	case PT_FINANCE: return r->nfin;
	case PT_DEPLOYMENT: return r->ndep;
	case PT_ACTIVITIES: return r->act ? r->nact : 0;
	default: return 0; /* pegging is traced, not stored */
	}
}

void plan_result__cells(const plan_result *r, int t, size_t i, plan_cell *c, char *numbuf)
{
	const plan_model *m = r->model;
	switch (t) {
	case PT_ORDERS: {
		plan_order x = PLAN_ORDER_INIT;
		plan_result_get_order(&x, r, i);
		c[0].s = x.id;
		c[1].s = x.item;
		c[2].s = x.site;
		c[3].s = kind_names[x.kind];
		c[4].s = x.source;
		c[5].date = x.release;
		c[6].date = x.due;
		c[7].d = x.qty;
		c[8].s = plan__origin_names[x.origin];
		c[9].s = x.supplier;
		c[10].s = x.alternate;
		break;
	}
	case PT_DELIVERIES:
		c[0].s = demand_id(m, r->dlv[i].demand);
		c[1].date = r->dlv[i].date;
		c[2].d = demand_units(m, r->dlv[i].demand, r->dlv[i].qty);
		break;
	case PT_EXCEPTIONS: {
		plan_exception x = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&x, r, i);
		c[0].s = x.code;
		c[1].s = severity_names[x.severity];
		c[2].s = x.item;
		c[3].s = x.site;
		c[4].s = x.resource;
		c[5].s = x.order;
		c[6].s = x.demand;
		c[7].date = x.date;
		c[8].d = x.qty;
		c[9].s = x.message;
		break;
	}
	case PT_SUMMARY: {
		const plan_summary *s = &r->summary;
		const double nums[NSUMMARY] = { 0, 0, (double)s->demands, (double)s->demands_late,
			s->qty_short, s->lateness_days, (double)s->orders, (double)s->planned_orders,
			(double)s->allocations, (double)s->critical, (double)s->warnings,
			(double)s->overloads, s->overload_hours, (double)s->adjustments, s->transfer_cost,
			s->capacity_available, s->capacity_loaded, s->purchases, s->production,
			s->transport, s->holding, s->inventory_value, s->revenue };
		c[0].s = summary_keys[i];
		if (i == 0)
			c[1].s = s->status;
		else if (i == 1)
			c[1].s = r->constrained ? "constrained" : "unconstrained";
		else
			c[1].s = plan_csvout__fmt_num(numbuf, nums[i]);
		break;
	}
	case PT_LOADS: {
		plan_load l = PLAN_LOAD_INIT;
		plan_result_get_load(&l, r, i);
		c[0].s = l.order_id;
		c[1].s = l.step;
		c[2].s = l.resource;
		c[3].date = l.date;
		c[4].d = l.hours;
		break;
	}
	case PT_CAPACITY: {
		plan_capacity x = PLAN_CAPACITY_INIT;
		plan_result_get_capacity(&x, r, i);
		c[0].s = x.resource;
		c[1].date = x.bucket;
		c[2].d = x.available;
		c[3].d = x.loaded;
		c[4].d = x.maintenance_lost;
		c[5].d = x.to_alternate;
		break;
	}
	case PT_ALLOCATIONS: {
		const plan_alloc_rec *a = &r->alloc[i];
		c[0].s = plan_result__id(r, (size_t)a->order);
		c[1].s = a->src >= 0 ? plan_result__id(r, (size_t)a->src) : NULL;
		c[2].s = a->src < 0 ? demand_id(m, -1 - a->src) : NULL;
		c[3].d = a->qty;
		c[4].s = r->alloc_out && r->alloc_out[i] >= 0
				 ? sku_code(m, r->alloc_out[i], 0) : NULL;
		break;
	}
	case PT_ADJUSTMENTS: {
		const plan_adj_rec *a = &r->adj[i];
		c[0].s = a->order >= 0 ? plan_result__id(r, (size_t)a->order) : NULL;
		c[1].s = plan__adj_actions[a->action];
		c[2].s = a->detail;
		c[3].s = a->reason;
		break;
	}
	case PT_FORECAST: {
		int32_t d = m->fc_row[i];
		const plan_demand_def *dd = TAB_ROW(m, PLAN_TABLE_DEMAND, d);
		c[0].s = dd->id;
		c[1].s = dd->item;
		c[2].s = dd->site;
		c[3].date = dd->due;
		c[4].d = dd->qty;
		c[5].d = demand_units(m, d, m->dem_used[d]);
		c[6].d = demand_units(m, d, m->dem_net[d]);
		break;
	}
	case PT_COSTS: {
		plan_sku_cost x = PLAN_SKU_COST_INIT;
		plan_result_get_cost(&x, r, i);
		c[0].s = x.item;
		c[1].s = x.site;
		c[2].d = x.material;
		c[3].d = x.labour;
		c[4].d = x.total;
		break;
	}
	case PT_FINANCE: {
		plan_finance x = PLAN_FINANCE_INIT;
		plan_result_get_finance(&x, r, i);
		c[0].s = x.site;
		c[1].s = x.family;
		c[2].date = x.bucket;
		c[3].d = x.purchases;
		c[4].d = x.production;
		c[5].d = x.transport;
		c[6].d = x.holding;
		c[7].d = x.inventory_value;
		c[8].d = x.revenue;
		c[9].s = x.level;
		break;
	}
	case PT_DEPLOYMENT: {
		plan_deployment x = PLAN_DEPLOYMENT_INIT;
		plan_result_get_deployment(&x, r, i);
		c[0].s = x.source;
		c[1].s = x.destination;
		c[2].s = x.item;
		c[3].date = x.bucket;
		c[4].d = x.need;
		c[5].d = x.shipped;
		c[6].d = x.cost;
		break;
	}
	case PT_ACTIVITIES:
		plan_result__activity_cells(r, i, c, numbuf);
		break;
	default:
		break;
	}
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

static void write_table(const plan_result *r, plan_csvout *o, int t)
{
	const plan_rtable *d = &plan_result__tables[t];
	plan_cell cells[PLAN_RTABLE_MAX_COLS];
	char numbuf[40];
	int ncols = plan_result__ncols(r, t);
	for (int k = 0; k < ncols; k++)
		plan_csvout__text(o, d->cols[k]);
	plan_csvout__end_row(o);
	size_t n = plan_result__rows(r, t);
	for (size_t i = 0; i < n; i++) {
		plan_result__cells(r, t, i, cells, numbuf);
		for (int k = 0; k < ncols; k++) {
			if (d->kinds[k] == CELL_TEXT)
				plan_csvout__text(o, cells[k].s);
			else if (d->kinds[k] == CELL_DATE)
				plan_csvout__date(o, cells[k].date);
			else
				plan_csvout__num(o, cells[k].d);
		}
		plan_csvout__end_row(o);
	}
}

/* the stored tables, then pegging traced from the allocations */
static const int csv_tables[] = { PT_ORDERS, PT_DELIVERIES, PT_EXCEPTIONS, PT_SUMMARY, PT_LOADS,
				  PT_CAPACITY, PT_ADJUSTMENTS, PT_FORECAST, PT_COSTS, PT_FINANCE,
				  PT_DEPLOYMENT, PT_ACTIVITIES, PT_PEGGING };
enum { NTABLES = sizeof(csv_tables) / sizeof(csv_tables[0]) };

/* A file of a plan directory: what an existing one may hold to be replaced. */
int plan_result__plan_file(const char *name, int is_dir)
{
	char file[64];
	for (int k = 0; k < NTABLES && !is_dir; k++) {
		snprintf(file, sizeof(file), "%s.csv", plan_result__tables[csv_tables[k]].name);
		if (strcmp(name, file) == 0)
			return 1;
	}
	return 0;
}

int plan_result__write_tables(const plan_result *r, const char *dir, unsigned flags,
			      char *errbuf, size_t errlen)
{
	int rc = 0;
	plan_writer *w = malloc(sizeof(*w));
	if (!w)
		return PLAN_ENOMEM;
	w->r = r;
	plan_csvout *o = &w->out;
	for (int k = 0; k < NTABLES && !rc; k++) {
		int t = csv_tables[k];
		char file[64];
		if (t == PT_PEGGING && (flags & PLAN_WRITE_NO_PEGGING))
			break;
		if (!plan_result__has_table(r, t))
			continue; /* no 1.1 data for it: a 1.0 plan's files */
		snprintf(file, sizeof(file), "%s.csv", plan_result__tables[t].name);
		if ((rc = plan_csvout__open(o, dir, file, 0, errbuf, errlen)))
			break;
		if (t != PT_PEGGING) {
			write_table(r, o, t);
		} else {
			plan_csvout__header(o, "order,demand,qty");
			rc = plan_result__trace_all(r, write_peg, w);
			if (rc && errbuf)
				snprintf(errbuf, errlen, "%s/pegging.csv: %s", dir, plan_errstr(rc));
		}
		int rc2 = plan_csvout__close(o, dir, file, rc ? NULL : errbuf, errlen);
		if (!rc)
			rc = rc2;
	}
	free(w);
	return rc;
}

typedef struct plan_job {
	const plan_result *r;
	unsigned flags;
} plan_job;

static int fill_plan(void *ctx, const char *dir, char *errbuf, size_t errlen)
{
	const plan_job *j = ctx;
	return plan_result__write_tables(j->r, dir, j->flags, errbuf, errlen);
}

PLAN_EXPORT int plan_result_write_csv(const plan_result *r, const char *dir, unsigned flags)
{
	if (!r || !dir)
		return PLAN_EINVAL;
	plan_job j = { r, flags };
	/* the message is the result's, also of a const one (plan/run.h) */
	char *msg = ((plan_result *)(uintptr_t)r)->errmsg;
	msg[0] = '\0';
	return plan_outdir__write(dir, plan_result__plan_file, fill_plan, &j, msg, sizeof(r->errmsg));
}

PLAN_EXPORT const char *plan_result_errmsg(const plan_result *r)
{
	return r ? r->errmsg : "no result";
}
