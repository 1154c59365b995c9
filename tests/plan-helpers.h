/* Helpers of the planning suites: models by calls, looking orders up, and
 * an independent check of every plan a test makes (material balance day by
 * day, release <= due, lead times on an all-days calendar, pegs within their
 * orders, deliveries equal to demand). */
#ifndef PLAN_TEST_PLAN_HELPERS_H
#define PLAN_TEST_PLAN_HELPERS_H

#include "helpers.h"

#include <math.h>
#include <unistd.h>

static inline plan_date day_of(const char *iso)
{
	plan_date d = PLAN_DATE_NONE;
	ck_assert_int_eq(plan_date_parse(&d, iso), 0);
	return d;
}

/* A model starting on start with weekly buckets and sites P1, P2, W1. */
static inline plan_model *mk_model(const char *start, const char *end)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_new(&m), 0);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	sc.start = day_of(start);
	if (end)
		sc.end = day_of(end);
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	static const char *const sites[] = { "P1", "P2", "W1" };
	for (int i = 0; i < 3; i++) {
		plan_site_def s = PLAN_SITE_DEF_INIT;
		s.site = sites[i];
		ck_assert_int_eq(plan_model_add_site(m, &s), 0);
	}
	return m;
}

/* The same in format 1.`format` (0: 1.0, 1: 1.1) with buckets `bucket`. */
static inline plan_model *mk_model_as(const char *start, const char *end, int format,
				      plan_bucket bucket)
{
	plan_model *m = mk_model(start, end);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.format = format;
	sc.bucket = bucket;
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
	return m;
}

static inline plan_sku_def mk_sku(const char *item, const char *site, plan_sku_type type, int lt)
{
	plan_sku_def s = PLAN_SKU_DEF_INIT;
	s.item = item;
	s.site = site;
	s.type = type;
	s.lead_time = lt;
	return s;
}

static inline void add_sku(plan_model *m, plan_sku_def s)
{
	ck_assert_int_eq(plan_model_add_sku(m, &s), 0);
}

static inline void add_line(plan_model *m, const char *parent, const char *comp, double qty_per)
{
	plan_bom_def b = PLAN_BOM_DEF_INIT;
	b.parent = parent;
	b.component = comp;
	b.qty_per = qty_per;
	ck_assert_int_eq(plan_model_add_bom_line(m, &b), 0);
}

static inline void add_demand(plan_model *m, const char *id, const char *item, const char *site,
			      plan_date due, double qty)
{
	plan_demand_def d = PLAN_DEMAND_DEF_INIT;
	d.id = id;
	d.item = item;
	d.site = site;
	d.due = due;
	d.qty = qty;
	ck_assert_int_eq(plan_model_add_demand(m, &d), 0);
}

static inline void add_receipt(plan_model *m, const char *id, const char *item, const char *site,
			       plan_date due, double qty)
{
	plan_receipt_def r = PLAN_RECEIPT_DEF_INIT;
	r.id = id;
	r.item = item;
	r.site = site;
	r.due = due;
	r.qty = qty;
	ck_assert_int_eq(plan_model_add_receipt(m, &r), 0);
}

static inline void add_lane(plan_model *m, const char *item, const char *to, const char *from,
			    int priority, double share, int days, double max)
{
	plan_lane_def l = PLAN_LANE_DEF_INIT;
	l.item = item;
	l.site = to;
	l.source = from;
	l.priority = priority;
	l.share = share;
	l.transfer_days = days;
	l.max_per_bucket = max;
	ck_assert_int_eq(plan_model_add_lane(m, &l), 0);
}

/* Resources, routing steps (at P1) and maintenance blocks. */
static inline void add_resource(plan_model *m, const char *res, const char *site, double hours,
			 const char *cal)
{
	plan_resource_def r = PLAN_RESOURCE_DEF_INIT;
	r.resource = res;
	r.site = site;
	r.hours_per_day = hours;
	r.calendar = cal;
	ck_assert_int_eq(plan_model_add_resource(m, &r), 0);
}

static inline void add_step(plan_model *m, const char *item, const char *step, const char *res,
		     double setup, double run)
{
	plan_routing_def r = PLAN_ROUTING_DEF_INIT;
	r.item = item;
	r.site = "P1";
	r.step = step;
	r.resource = res;
	r.setup_hours = setup;
	r.run_hours = run;
	ck_assert_int_eq(plan_model_add_routing_step(m, &r), 0);
}

/* The scenario's calendar: cal, working on weekdays (Monday first, as
 * calendars.csv has it). */
static inline void set_calendar(plan_model *m, const char *cal, const char *weekdays)
{
	plan_calendar_def c = PLAN_CALENDAR_DEF_INIT;
	c.calendar = cal;
	c.weekdays = weekdays;
	ck_assert_int_eq(plan_model_add_calendar(m, &c), 0);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	ck_assert_int_eq(plan_model_get_scenario(&sc, m), 0);
	sc.calendar = cal;
	ck_assert_int_eq(plan_model_set_scenario(m, &sc), 0);
}

/* A project at P1 (1.1), due on an ISO day, and an activity of it
 * (predecessors blank-separated, or NULL). */
static inline void add_project(plan_model *m, const char *id, const char *due, int priority)
{
	plan_project_def p = PLAN_PROJECT_DEF_INIT;
	p.project = id;
	p.site = "P1";
	p.due = day_of(due);
	p.priority = priority;
	ck_assert_int_eq(plan_model_add_project(m, &p), 0);
}

static inline void add_activity(plan_model *m, const char *prj, const char *id, int dur,
				const char *pred)
{
	plan_activity_def a = PLAN_ACTIVITY_DEF_INIT;
	a.project = prj;
	a.activity = id;
	a.duration = dur;
	a.predecessors = pred;
	ck_assert_int_eq(plan_model_add_activity(m, &a), 0);
}

static inline void add_block(plan_model *m, const char *id, const char *res, plan_date a, plan_date b,
		      double factor, const char *alt, double alt_factor, plan_maint_kind kind)
{
	plan_maintenance_def d = PLAN_MAINTENANCE_DEF_INIT;
	d.id = id;
	d.resource = res;
	d.start = a;
	d.end = b;
	d.capacity_factor = factor;
	d.alt_resource = alt;
	d.alt_factor = alt_factor;
	d.kind = kind;
	ck_assert_int_eq(plan_model_add_maintenance(m, &d), 0);
}

/* From 2027-01-04 to end (NULL: the default horizon): A made at P1 (lead
 * time 1, no components, lot_multiple unless PLAN_NONE) on R (8 h a day,
 * 1 h a unit). */
static inline plan_model *mk_a_on_r(const char *end, double lot_multiple)
{
	plan_model *m = mk_model("2027-01-04", end);
	plan_sku_def a = mk_sku("A", "P1", PLAN_SKU_MAKE, 1);
	if (lot_multiple != PLAN_NONE)
		a.lot_multiple = lot_multiple;
	add_sku(m, a);
	add_resource(m, "R", "P1", 8, NULL);
	add_step(m, "A", "10", "R", 0, 1);
	return m;
}

/* Horizon 2027-01-04..01-31 (four weekly buckets, its last day the 27th
 * after start); A on R (mk_a_on_r()) blocked without alternate from start
 * to the 24th day after: the horizon leaves R 24 h (days 25..27). */
static inline plan_model *mk_cut_by_horizon(void)
{
	plan_date s = day_of("2027-01-04");
	plan_model *m = mk_a_on_r("2027-01-31", PLAN_NONE);
	add_block(m, "MB1", "R", s, s + 24, 0, NULL, 1, PLAN_MAINT_PLANNED);
	return m;
}

/* "date qty;" of a demand's deliveries, in order. */
static inline const char *deliveries(const plan_result *r, const char *demand, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_DELIVERIES); i++) {
		plan_delivery d = PLAN_DELIVERY_INIT;
		char s[11];
		ck_assert_int_eq(plan_result_get_delivery(&d, r, i), 0);
		if (strcmp(d.demand, demand))
			continue;
		plan_date_format(s, d.date);
		k += (size_t)snprintf(buf + k, n - k, "%s %g;", s + 5, d.qty);
	}
	return buf;
}

/* What a short adjustment leaves out is something ("X of Y ..."), and a
 * split make order's parts add up to at most the order ("T made in 2
 * parts: A due ..., B due ..."). */
static inline void adjustments_add_up(const plan_result *r)
{
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ADJUSTMENTS); i++) {
		plan_adjustment x = PLAN_ADJUSTMENT_INIT;
		ck_assert_int_eq(plan_result_get_adjustment(&x, r, i), 0);
		double t, p1, p2;
		if (!strcmp(x.action, "short") && sscanf(x.detail, "%lf of %lf", &p1, &t) == 2)
			ck_assert_msg(p1 > 1e-6 * (1 + t), "%s", x.detail);
		if (!strcmp(x.action, "split") &&
		    sscanf(x.detail, "%lf made in 2 parts: %lf due %*10s (released %*10s), %lf", &t,
			   &p1, &p2) == 3)
			ck_assert_msg(p1 > 0 && p2 > 0 && p1 + p2 <= t * (1 + 1e-9), "%s", x.detail);
	}
}

/* Planned orders of item@site, by due date then id, into out (at most max). */
static inline size_t planned_of(const plan_result *r, const char *item, const char *site,
				plan_order *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		if (o.origin != PLAN_ORIGIN_PLANNED || strcmp(o.item, item) || strcmp(o.site, site))
			continue;
		if (n < max)
			out[n] = o;
		n++;
	}
	return n;
}

static inline size_t count_exceptions(const plan_result *r, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_EXCEPTIONS); i++) {
		plan_exception x = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&x, r, i);
		n += strcmp(x.code, code) == 0;
	}
	return n;
}

static inline int find_exception(const plan_result *r, const char *code, plan_exception *out)
{
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_EXCEPTIONS); i++) {
		plan_exception x = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&x, r, i);
		if (strcmp(x.code, code) == 0) {
			*out = x;
			return 1;
		}
	}
	return 0;
}

/* Every order and delivery of a plan in whole units (format 1.1), but the
 * item `fine` (NULL: none), counted in 1/per_unit of a unit (1000: grams
 * of a kg). */
static inline void in_whole_units(const plan_result *r, const char *fine, double per_unit)
{
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		double k = o.qty * (fine && !strcmp(o.item, fine) ? per_unit : 1);
		ck_assert_msg(k == floor(k), "order %s of %s: %.17g", o.id, o.item, o.qty);
	}
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_DELIVERIES); i++) {
		plan_delivery d = PLAN_DELIVERY_INIT;
		ck_assert_int_eq(plan_result_get_delivery(&d, r, i), 0);
		ck_assert_msg(d.qty == floor(d.qty), "delivery to %s: %.17g", d.demand, d.qty);
	}
}

/* ---- an independent check of a plan, from the public API only ---------- */

typedef struct flow {
	char item[72], site[72];
	plan_date date;
	double qty;
} flow;

typedef struct flows {
	flow *v;
	size_t n, cap;
} flows;

static inline void add_flow(flows *f, const char *item, const char *site, plan_date d, double q)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->v = realloc(f->v, f->cap * sizeof(*f->v));
		ck_assert_ptr_nonnull(f->v);
	}
	flow *x = &f->v[f->n++];
	snprintf(x->item, sizeof(x->item), "%s", item);
	snprintf(x->site, sizeof(x->site), "%s", site);
	x->date = d;
	x->qty = q;
}

static inline int cmp_flow(const void *a, const void *b)
{
	const flow *x = a, *y = b;
	int c = strcmp(x->item, y->item);
	if (!c)
		c = strcmp(x->site, y->site);
	if (!c)
		c = (x->date > y->date) - (x->date < y->date);
	if (!c)
		c = (x->qty < y->qty) - (x->qty > y->qty); /* arrivals first on a day */
	return c;
}

/* Component requirements of making qty of parent at site on day `on`
 * (phantoms pass through), following format.md, from the model's rows. */
/* (alt: the alternate the order is made by, 1.1; NULL: the primary) */
static inline void requirements(const plan_model *m, flows *f, const char *parent, const char *site,
				const char *alt, double qty, plan_date on, plan_date when, int depth)
{
	ck_assert_int_lt(depth, 64);
	long p = plan_model_find_sku(m, parent, site);
	ck_assert_int_ge(p, 0);
	plan_sku_def ps = PLAN_SKU_DEF_INIT;
	plan_model_get_sku(&ps, m, (size_t)p);
	int own = 0, alt_own = 0;
	size_t nb = plan_model_count(m, PLAN_TABLE_BOM);
	for (size_t i = 0; i < nb; i++) {
		plan_bom_def b = PLAN_BOM_DEF_INIT;
		plan_model_get_bom_line(&b, m, i);
		int here = strcmp(b.parent, parent) == 0 && b.site && strcmp(b.site, site) == 0;
		own |= here && !b.alternate;
		alt_own |= here && alt && b.alternate && strcmp(b.alternate, alt) == 0;
	}
	for (size_t i = 0; i < nb; i++) {
		plan_bom_def b = PLAN_BOM_DEF_INIT;
		plan_model_get_bom_line(&b, m, i);
		if (strcmp(b.parent, parent) != 0)
			continue;
		/* an alternate's own lines where it has any, else the primary's */
		if (alt_own) {
			if (!b.alternate || strcmp(b.alternate, alt) || !b.site || strcmp(b.site, site))
				continue;
		} else if (b.alternate || (own ? !b.site || strcmp(b.site, site) != 0 : b.site != NULL)) {
			continue;
		}
		if ((b.valid_from != PLAN_DATE_NONE && on < b.valid_from) ||
		    (b.valid_until != PLAN_DATE_NONE && on >= b.valid_until))
			continue;
		double need = qty * b.qty_per / (ps.yield * (1 - b.scrap));
		long c = plan_model_find_sku(m, b.component, site);
		ck_assert_int_ge(c, 0);
		plan_sku_def cs = PLAN_SKU_DEF_INIT;
		plan_model_get_sku(&cs, m, (size_t)c);
		if (cs.phantom)
			requirements(m, f, b.component, site, NULL, need, on, when, depth + 1);
		else
			add_flow(f, b.component, site, when, -need);
	}
}

typedef struct peg_sum {
	double *sum;
	size_t only; /* 0: index by order; k: just order k - 1, into sum[0] */
} peg_sum;

static inline int sum_pegs(void *ctx, size_t order, const char *demand, double qty)
{
	peg_sum *p = ctx;
	ck_assert_ptr_nonnull(demand);
	ck_assert(qty > 0);
	if (p->only)
		p->sum[0] += qty;
	else
		p->sum[order] += qty;
	return 0;
}

/* Pegs of one order, as "demand=qty;..." (for exact assertions). */
typedef struct peg_text {
	char buf[512];
	size_t n;
} peg_text;

static inline int peg_to_text(void *ctx, size_t order, const char *demand, double qty)
{
	peg_text *t = ctx;
	(void)order;
	t->n += (size_t)snprintf(t->buf + t->n, sizeof(t->buf) - t->n, "%s=%g;", demand, qty);
	return 0;
}

static inline const char *pegs_of(const plan_result *r, size_t order, peg_text *t)
{
	t->n = 0;
	t->buf[0] = '\0';
	ck_assert_int_eq(plan_result_order_pegs(r, order, peg_to_text, t), 0);
	return t->buf;
}

/* Index of the order with id, or -1. */
static inline long order_index(const plan_result *r, const char *id)
{
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, i);
		if (strcmp(o.id, id) == 0)
			return (long)i;
	}
	return -1;
}

/* A load of a released work order (format 1.1): one of its operations, on
 * the resource it names, within [start, due] (start if due before). */
static inline int operation_load(const plan_model *m, const plan_order *o, const plan_load *l)
{
	plan_horizon h = PLAN_HORIZON_INIT;
	ck_assert_int_eq(plan_model_get_horizon(&h, m), 0);
	for (size_t k = 0; k < plan_model_count(m, PLAN_TABLE_OPERATIONS); k++) {
		plan_operation_def op = PLAN_OPERATION_DEF_INIT;
		plan_model_get_operation(&op, m, k);
		if (strcmp(op.receipt, o->id) || strcmp(op.step, l->step))
			continue;
		plan_date to = o->due > h.start ? o->due : h.start;
		if (strcmp(op.resource, l->resource) || l->date < h.start || l->date > to) {
			fprintf(stderr, "work order %s: load of %s on %s outside its window\n", o->id,
				l->step, l->resource);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "work order %s: no operation %s\n", o->id, l->step);
	return 1;
}

/* Loads: within [release, due], on the step's resource or on the alternate
 * of a block of it that covers the day, adding up per step to setup + run x
 * qty (alternates count hours / alt_factor). Skipped for models with many
 * routing rows (a linear scan per load). */
static inline int check_loads(const plan_model *m, const plan_result *r)
{
	size_t nrt = plan_model_count(m, PLAN_TABLE_ROUTINGS);
	size_t no = plan_result_count(r, PLAN_RESULT_ORDERS);
	if (nrt == 0 || nrt > 500)
		return 0;
	int bad = 0;
	double *got = calloc(no * nrt, sizeof(double));
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_LOADS); i++) {
		plan_load l = PLAN_LOAD_INIT;
		plan_result_get_load(&l, r, i);
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, l.order);
		if (o.origin == PLAN_ORIGIN_RELEASED) {
			bad += operation_load(m, &o, &l);
			continue;
		}
		if (l.date < o.release || l.date > (o.due > o.release ? o.due : o.release)) {
			fprintf(stderr, "load of %s outside [release, due]\n", o.id);
			bad++;
		}
		long step = -1;
		plan_routing_def rt = PLAN_ROUTING_DEF_INIT;
		int alt_rt = 0; /* (the order's alternate has a routing of its own, 1.1) */
		for (size_t k = 0; k < nrt && o.alternate; k++) {
			plan_model_get_routing_step(&rt, m, k);
			alt_rt |= !strcmp(rt.item, o.item) && !strcmp(rt.site, o.site) && rt.alternate &&
				  !strcmp(rt.alternate, o.alternate);
		}
		for (size_t k = 0; k < nrt && step < 0; k++) {
			plan_model_get_routing_step(&rt, m, k);
			if (!strcmp(rt.item, o.item) && !strcmp(rt.site, o.site) && !strcmp(rt.step, l.step) &&
			    (alt_rt ? rt.alternate && !strcmp(rt.alternate, o.alternate) : !rt.alternate))
				step = (long)k;
		}
		if (step < 0) {
			fprintf(stderr, "load of %s on unknown step %s\n", o.id, l.step);
			bad++;
			continue;
		}
		double factor = 0;
		if (!strcmp(l.resource, rt.resource)) {
			factor = 1;
		} else {
			for (size_t k = 0; k < plan_model_count(m, PLAN_TABLE_MAINTENANCE); k++) {
				plan_maintenance_def mb = PLAN_MAINTENANCE_DEF_INIT;
				plan_model_get_maintenance(&mb, m, k);
				if (!strcmp(mb.resource, rt.resource) && mb.alt_resource &&
				    !strcmp(mb.alt_resource, l.resource) && mb.start <= l.date &&
				    l.date <= mb.end) {
					factor = 1 / mb.alt_factor;
					break;
				}
			}
		}
		if (factor == 0) {
			fprintf(stderr, "load of %s on %s, neither its resource nor an alternate\n", o.id,
				l.resource);
			bad++;
		}
		got[l.order * nrt + (size_t)step] += l.hours * factor;
	}
	for (size_t i = 0; i < no; i++) {
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, i);
		if ((o.origin != PLAN_ORIGIN_PLANNED && o.origin != PLAN_ORIGIN_FIRM) ||
		    o.kind != PLAN_ORDER_MAKE)
			continue;
		int alt_rt = 0; /* (its alternate's own routing, 1.1, else the primary's) */
		for (size_t k = 0; k < nrt && o.alternate; k++) {
			plan_routing_def rt = PLAN_ROUTING_DEF_INIT;
			plan_model_get_routing_step(&rt, m, k);
			alt_rt |= !strcmp(rt.item, o.item) && !strcmp(rt.site, o.site) && rt.alternate &&
				  !strcmp(rt.alternate, o.alternate);
		}
		for (size_t k = 0; k < nrt; k++) {
			plan_routing_def rt = PLAN_ROUTING_DEF_INIT;
			plan_model_get_routing_step(&rt, m, k);
			if (strcmp(rt.item, o.item) || strcmp(rt.site, o.site) ||
			    (alt_rt ? !rt.alternate || strcmp(rt.alternate, o.alternate) : rt.alternate != NULL))
				continue;
			/* (1.1: a rate, units an hour, in place of run_hours) */
			double need = rt.setup_hours + (rt.rate > 0 ? o.qty / rt.rate : rt.run_hours * o.qty);
			if (fabs(got[i * nrt + k] - need) > 1e-6 * (1 + need)) {
				fprintf(stderr, "order %s step %s: loads %g h, needs %g h\n", o.id, rt.step,
					got[i * nrt + k], need);
				bad++;
			}
		}
	}
	free(got);
	return bad;
}

/* "step/resource MM-DD hours;" for every load, in plan order. */
static inline const char *loads_text(const plan_result *r, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_LOADS); i++) {
		plan_load l = PLAN_LOAD_INIT;
		char d[11];
		ck_assert_int_eq(plan_result_get_load(&l, r, i), 0);
		plan_date_format(d, l.date);
		k += (size_t)snprintf(buf + k, n - k, "%s/%s %s %g;", l.step, l.resource, d + 5, l.hours);
	}
	return buf;
}

/* Checks a plan; returns the number of problems (each printed). */
static inline int check_plan(const plan_model *m, const plan_result *r)
{
	plan_horizon h = PLAN_HORIZON_INIT;
	ck_assert_int_eq(plan_model_get_horizon(&h, m), 0);
	plan_date start = h.start;
	flows f = { NULL, 0, 0 };
	int bad = 0;
	for (size_t i = 0; i < plan_model_count(m, PLAN_TABLE_SKUS); i++) {
		plan_sku_def s = PLAN_SKU_DEF_INIT;
		plan_model_get_sku(&s, m, i);
		add_flow(&f, s.item, s.site, start, s.on_hand);
	}
	size_t no = plan_result_count(r, PLAN_RESULT_ORDERS);
	double *pegged = calloc(no ? no : 1, sizeof(double));
	for (size_t i = 0; i < no; i++) {
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, i);
		add_flow(&f, o.item, o.site, o.due > start ? o.due : start, o.qty);
		if (o.kind == PLAN_ORDER_MAKE) /* (1.1) its recipe's yields */
			for (size_t k = 0; k < plan_model_count(m, PLAN_TABLE_OUTPUTS); k++) {
				plan_output_def y = PLAN_OUTPUT_DEF_INIT;
				plan_model_get_output(&y, m, k);
				if (!strcmp(y.item, o.item) && !strcmp(y.site, o.site))
					add_flow(&f, y.output, o.site, o.due > start ? o.due : start,
						 o.qty * y.qty_per);
			}
		if (o.origin == PLAN_ORIGIN_SCHEDULED || o.origin == PLAN_ORIGIN_RELEASED)
			continue;
		/* (a firm order past due is released on start) */
		if (!(o.qty > 0) || (o.release > o.due && o.origin != PLAN_ORIGIN_FIRM)) {
			fprintf(stderr, "order %s: qty %g, release after due\n", o.id, o.qty);
			bad++;
		}
		plan_date when = o.release > start ? o.release : start;
		long s = plan_model_find_sku(m, o.item, o.site);
		plan_sku_def sd = PLAN_SKU_DEF_INIT;
		plan_model_get_sku(&sd, m, (size_t)s);
		if (sd.phantom) {
			fprintf(stderr, "order %s: phantom %s ordered\n", o.id, o.item);
			bad++;
		}
		if (o.kind == PLAN_ORDER_MAKE)
			requirements(m, &f, o.item, o.site, o.alternate, o.qty, o.release, when, 0);
		if (o.kind == PLAN_ORDER_TRANSFER)
			add_flow(&f, o.item, o.source, when, -o.qty);
	}
	/* deliveries: parts add up to at most the demand; what is missing is
	 * the summary's qty_short */
	size_t nd = plan_model_count(m, PLAN_TABLE_DEMAND);
	double *got = calloc(nd ? nd : 1, sizeof(double)), missing = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_DELIVERIES); i++) {
		plan_delivery d = PLAN_DELIVERY_INIT;
		plan_result_get_delivery(&d, r, i);
		for (size_t k = 0; k < nd; k++) {
			plan_demand_def dd = PLAN_DEMAND_DEF_INIT;
			plan_model_get_demand(&dd, m, k);
			if (strcmp(dd.id, d.demand) == 0) {
				add_flow(&f, dd.item, dd.site, d.date, -d.qty);
				got[k] += d.qty;
				if (d.date < start) {
					fprintf(stderr, "demand %s: delivered before start\n", dd.id);
					bad++;
				}
			}
		}
	}
	for (size_t k = 0; k < nd; k++) {
		plan_demand_def dd = PLAN_DEMAND_DEF_INIT;
		plan_model_get_demand(&dd, m, k);
		/* a forecast asks only for what orders left of it */
		plan_consumption use = PLAN_CONSUMPTION_INIT;
		ck_assert_int_eq(plan_model_get_consumption(&use, m, k), 0);
		if (got[k] > use.net + 1e-6) {
			fprintf(stderr, "demand %s: delivered %g of %g\n", dd.id, got[k], use.net);
			bad++;
		}
		if (use.net - got[k] > 1e-6) /* (a demand short by less is not short) */
			missing += use.net - got[k];
	}
	free(got);
	plan_summary sum = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&sum, r);
	if (fabs(sum.qty_short - missing) > 1e-6 * (1 + missing)) {
		fprintf(stderr, "summary: qty_short %g, deliveries miss %g\n", sum.qty_short, missing);
		bad++;
	}
	if (f.n) /* (a model without SKUs has no flow: no array) */
		qsort(f.v, f.n, sizeof(*f.v), cmp_flow);
	for (size_t i = 0; i < f.n;) {
		size_t j = i;
		double bal = 0;
		int reported = 0;
		while (j < f.n && !strcmp(f.v[j].item, f.v[i].item) && !strcmp(f.v[j].site, f.v[i].site)) {
			bal += f.v[j].qty;
			/* the balance counts at the end of each day */
			int day_end = j + 1 == f.n || f.v[j + 1].date != f.v[j].date ||
				      strcmp(f.v[j + 1].item, f.v[j].item) || strcmp(f.v[j + 1].site, f.v[j].site);
			if (day_end && bal < -1e-6 * (1 + fabs(bal)) && !reported) {
				char d[11];
				plan_date_format(d, f.v[j].date);
				fprintf(stderr, "stock of %s@%s is %g on %s\n", f.v[j].item, f.v[j].site, bal, d);
				reported = 1;
				bad++;
			}
			j++;
		}
		i = j;
	}
	/* full pegging: each order pegs at most its quantity; tracing one order
	 * gives what tracing all gives for it */
	peg_sum ps = { pegged, 0 };
	ck_assert_int_eq(plan_result_pegging(r, sum_pegs, &ps), 0);
	for (size_t i = 0; i < no; i++) {
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, i);
		/* (1.1) a recipe's run serves each of its products with all of it */
		double products = 1;
		for (size_t k = 0; o.kind == PLAN_ORDER_MAKE && k < plan_model_count(m, PLAN_TABLE_OUTPUTS); k++) {
			plan_output_def y = PLAN_OUTPUT_DEF_INIT;
			plan_model_get_output(&y, m, k);
			products += !strcmp(y.item, o.item) && !strcmp(y.site, o.site);
		}
		if (pegged[i] > products * o.qty * (1 + 1e-9) + 1e-9) {
			fprintf(stderr, "order %s: pegged %g of %g\n", o.id, pegged[i], o.qty);
			bad++;
		}
		double one[1] = { 0 };
		peg_sum p1 = { one, i + 1 };
		ck_assert_int_eq(plan_result_order_pegs(r, i, sum_pegs, &p1), 0);
		if (fabs(one[0] - pegged[i]) > 1e-6 * (1 + pegged[i])) {
			fprintf(stderr, "order %s: traced alone %g, with all %g\n", o.id, one[0], pegged[i]);
			bad++;
		}
	}
	free(pegged);
	free(f.v);
	return bad + check_loads(m, r);
}

static inline int print_violation(void *ctx, const plan_violation *v)
{
	(void)ctx;
	if (v->hard)
		fprintf(stderr, "violation (%s): %s\n", v->rule, v->message);
	return 0;
}

/* Plans m unconstrained; the plan passes check_plan() and the library's
 * own verifier; returns it. */
static inline plan_result *plan_checked(plan_model *m)
{
	plan_result *r = NULL;
	int rc = plan_run(&r, m, NULL);
	if (rc)
		dump_diags(m);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(check_plan(m, r), 0);
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, PLAN_VERIFY_UNCONSTRAINED, print_violation, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	ck_assert_uint_gt(n.checks, 0);
	return r;
}

/* Two plans are the same, row for row, in every table, and have the same
 * verdict. */
static inline void same_plans(const plan_result *a, const plan_result *b)
{
	for (int t = 0; t < PLAN_RESULT_COUNT_; t++)
		ck_assert_uint_eq(plan_result_count(a, (plan_result_table)t),
				  plan_result_count(b, (plan_result_table)t));
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_ORDERS); i++) {
		plan_order x = PLAN_ORDER_INIT, y = PLAN_ORDER_INIT;
		plan_result_get_order(&x, a, i);
		plan_result_get_order(&y, b, i);
		ck_assert_str_eq(x.id, y.id);
		ck_assert_str_eq(x.item, y.item);
		ck_assert_str_eq(x.site, y.site);
		ck_assert_int_eq(x.release, y.release);
		ck_assert_int_eq(x.due, y.due);
		ck_assert(x.qty == y.qty);
	}
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_ALLOCATIONS); i++) {
		plan_allocation x = PLAN_ALLOCATION_INIT, y = PLAN_ALLOCATION_INIT;
		plan_result_get_allocation(&x, a, i);
		plan_result_get_allocation(&y, b, i);
		ck_assert_uint_eq(x.order, y.order);
		ck_assert_int_eq(x.parent, y.parent);
		ck_assert(x.qty == y.qty);
	}
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_DELIVERIES); i++) {
		plan_delivery x = PLAN_DELIVERY_INIT, y = PLAN_DELIVERY_INIT;
		plan_result_get_delivery(&x, a, i);
		plan_result_get_delivery(&y, b, i);
		ck_assert_str_eq(x.demand, y.demand);
		ck_assert_int_eq(x.date, y.date);
		ck_assert(x.qty == y.qty);
	}
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_LOADS); i++) {
		plan_load x = PLAN_LOAD_INIT, y = PLAN_LOAD_INIT;
		plan_result_get_load(&x, a, i);
		plan_result_get_load(&y, b, i);
		ck_assert_str_eq(x.order_id, y.order_id);
		ck_assert_str_eq(x.resource, y.resource);
		ck_assert_int_eq(x.date, y.date);
		ck_assert(x.hours == y.hours);
	}
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_ADJUSTMENTS); i++) {
		plan_adjustment x = PLAN_ADJUSTMENT_INIT, y = PLAN_ADJUSTMENT_INIT;
		plan_result_get_adjustment(&x, a, i);
		plan_result_get_adjustment(&y, b, i);
		ck_assert_str_eq(x.action, y.action);
		ck_assert_str_eq(x.detail, y.detail);
		ck_assert_str_eq(x.reason, y.reason);
	}
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_EXCEPTIONS); i++) {
		plan_exception x = PLAN_EXCEPTION_INIT, y = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&x, a, i);
		plan_result_get_exception(&y, b, i);
		ck_assert_str_eq(x.code, y.code);
		ck_assert_str_eq(x.message, y.message);
		ck_assert_str_eq(x.order ? x.order : "", y.order ? y.order : "");
	}
	for (size_t i = 0; i < plan_result_count(a, PLAN_RESULT_CAPACITY); i++) {
		plan_capacity x = PLAN_CAPACITY_INIT, y = PLAN_CAPACITY_INIT;
		plan_result_get_capacity(&x, a, i);
		plan_result_get_capacity(&y, b, i);
		ck_assert(fabs(x.loaded - y.loaded) < 1e-9 * (1 + x.loaded));
		ck_assert(x.available == y.available);
	}
	plan_summary x = PLAN_SUMMARY_INIT, y = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&x, a);
	plan_result_get_summary(&y, b);
	ck_assert_str_eq(x.status, y.status);
	ck_assert_uint_eq(x.demands_late, y.demands_late);
	ck_assert(x.lateness_days == y.lateness_days);
}

/* The planned orders of a kind as "tag DD..DD qty;" in plan order (days
 * of the month of release and due); tag: a buy order's supplier, a make
 * order's alternate (1.1), else "-". */
static inline const char *orders_of(const plan_result *r, plan_order_kind kind, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = 0;
	for (size_t i = 0; i < plan_result_count(r, PLAN_RESULT_ORDERS); i++) {
		plan_order o = PLAN_ORDER_INIT;
		ck_assert_int_eq(plan_result_get_order(&o, r, i), 0);
		if (o.kind != kind || o.origin != PLAN_ORIGIN_PLANNED)
			continue;
		const char *tag = kind == PLAN_ORDER_BUY ? o.supplier : o.alternate;
		char a[11], b[11];
		plan_date_format(a, o.release);
		plan_date_format(b, o.due);
		k += (size_t)snprintf(buf + k, n - k, "%s %s..%s %g;", tag ? tag : "-", a + 8, b + 8,
				      o.qty);
	}
	return buf;
}

/* Writes m (and r, if not NULL, in dir/plan) into a fresh directory
 * dir (a mkdtemp template, filled in) and loads the model back: equal to
 * m, returned (the caller greps the files, then removes dir). */
static inline plan_model *csv_written(const plan_model *m, const plan_result *r, char *dir)
{
	char path[600];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(plan_model_write_csv(m, dir, 0), 0);
	snprintf(path, sizeof(path), "%s/plan", dir);
	if (r)
		ck_assert_int_eq(plan_result_write_csv(r, path, 0), 0);
	plan_model *b = NULL;
	ck_assert_int_eq(plan_model_load(&b, dir, NULL), 0);
	ck_assert(plan_model_equal(m, b));
	return b;
}

/* Stores m and its plan r in a fresh .h5, reads both back: the model
 * equal to m (into *back), the plan the same as r and keeping every rule
 * (returned). */
static inline plan_result *stored_and_read(const plan_model *m, const plan_result *r,
					   plan_model **back)
{
	char path[] = "/tmp/libplan-store-XXXXXX.h5";
	int fd = mkstemps(path, 3);
	ck_assert_int_ge(fd, 0);
	close(fd);
	plan_store *st = NULL;
	ck_assert_int_eq(plan_store_open(&st, path, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_model(st, m), 0);
	ck_assert_int_eq(plan_store_write_plan(st, "p", r, 0), 0);
	ck_assert_int_eq(plan_store_close(st), 0);
	plan_store_free(st);
	ck_assert_int_eq(plan_store_open(&st, path, PLAN_STORE_READ), 0);
	ck_assert_int_eq(plan_store_read_model(back, st, NULL), 0);
	ck_assert(plan_model_equal(m, *back));
	plan_result *rb = NULL;
	ck_assert_int_eq(plan_store_read_plan(&rb, st, "p", *back), 0);
	ck_assert_int_eq(plan_store_close(st), 0);
	plan_store_free(st);
	unlink(path);
	same_plans(r, rb);
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, rb, 0, print_violation, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	return rb;
}

/* needs TOP_SRCDIR; skips (saying so) without the checker */
#ifdef TOP_SRCDIR
#include <unistd.h>
/* Writes the scenario and the plan to a fresh directory and runs the
 * independent checker over them (--unconstrained for an unconstrained
 * plan: capacity, lanes and releases before start its notes). The 1.0
 * checker takes format 1.1's consumption columns for harmless but counts
 * a forecast delivered its net only as short, so its summary's
 * demands_late differs where something was consumed (format.md, "Forecast
 * consumption"): that line only is allowed, and only then. */
static inline void verify_outside_as(const plan_model *m, const plan_result *r,
				     int unconstrained)
{
	char tool[1024], dir[] = "/tmp/libplan-feasible-XXXXXX", path[1100], cmd[4096];
	snprintf(tool, sizeof(tool), "%s/../shared/tools/verify_plan.py", TOP_SRCDIR);
	if (access(tool, R_OK) != 0) {
		fprintf(stderr, "skip: %s not found: the independent check did not run\n", tool);
		return;
	}
	int consumed = 0;
	for (size_t i = 0; i < plan_model_count(m, PLAN_TABLE_DEMAND) && !consumed; i++) {
		plan_consumption c = PLAN_CONSUMPTION_INIT;
		ck_assert_int_eq(plan_model_get_consumption(&c, m, i), 0);
		consumed = c.consumed > 0;
	}
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/scenario", dir);
	ck_assert_int_eq(plan_model_write_csv(m, path, 0), 0);
	snprintf(path, sizeof(path), "%s/plan", dir);
	ck_assert_int_eq(plan_result_write_csv(r, path, 0), 0);
	/* as many violations as allowed lines, and no other */
	char count[1200] = "0";
	if (consumed)
		snprintf(count, sizeof(count), "$(grep -c '^violation: summary.csv: demands_late ' '%s/out')",
			 dir);
	snprintf(cmd, sizeof(cmd),
		 "python3 '%s' %s '%s/scenario' '%s/plan' > '%s/out' 2>&1; "
		 "if [ $? -eq 4 ]; then echo 'skip: verify_plan.py: 1.1 rules it does not know' >&2; "
		 "rm -rf '%s'; exit 0; fi; n=%s; "
		 "grep -q \" $n violations$\" '%s/out'; rc=$?; [ $rc -eq 0 ] || cat '%s/out' >&2; "
		 "rm -rf '%s'; exit $rc",
		 tool, unconstrained ? "--unconstrained" : "", dir, dir, dir, dir, count, dir, dir, dir);
	int rc = system(cmd);
	ck_assert_msg(rc == 0, "verify_plan.py found violations (exit %d)", rc);
}

static inline void verify_outside(const plan_model *m, const plan_result *r)
{
	verify_outside_as(m, r, 0);
}

/* Plans m in mode; the plan passes check_plan(), the library's verifier
 * (an unconstrained plan by the unconstrained rules: *notes, if not NULL,
 * gets their notes) and the independent checker; returns it. */
static inline plan_result *plan_verified(plan_model *m, plan_mode mode, size_t *notes)
{
	plan_result *r = NULL;
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = mode;
	int rc = plan_run(&r, m, &o);
	if (rc)
		dump_diags(m);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(check_plan(m, r), 0);
	int unconstrained = mode == PLAN_MODE_UNCONSTRAINED;
	plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
	ck_assert_int_eq(plan_result_verify(&n, r, unconstrained ? PLAN_VERIFY_UNCONSTRAINED : 0,
					    print_violation, NULL), 0);
	ck_assert_uint_eq(n.violations, 0);
	ck_assert_uint_gt(n.checks, 0);
	if (notes)
		*notes = n.notes;
	verify_outside_as(m, r, unconstrained);
	return r;
}

/* A scenario of tests/data (a fuzz find) planned in both modes, each plan
 * keeping every rule (plan_verified()). */
static inline void planned_both(const char *dir)
{
	plan_model *m = NULL;
	ck_assert_int_eq(plan_model_load(&m, dir, NULL), 0);
	for (int mode = 0; mode < 2; mode++)
		plan_result_free(plan_verified(m, mode ? PLAN_MODE_CONSTRAINED : PLAN_MODE_UNCONSTRAINED,
					       NULL));
	plan_model_free(m);
}

#endif

#endif
