/* The inside of a plan_result, shared by the engine that fills it and the
 * code that reads and writes it. */
#ifndef PLAN_RESULT_IMPL_H
#define PLAN_RESULT_IMPL_H

#include "plan/run.h"
#include "model/model_impl.h"

/* The largest quantity or number of hours a plan may hold (inputs are at
 * most 1e12, format.md "Limits"; BOM levels and yields multiply them):
 * planning that computes more, or a number that is not finite, stops with
 * PLAN_ERANGE naming the SKU or order and the input row; the verifier's
 * rule "finite" reports it in a plan. */
#define PLAN_MAX_PLANNED 1e15

typedef struct plan_ord {
	int32_t sku;
	int32_t lane;          /* sourcing row of a transfer; 1.1: suppliers row of a
				  buy order, alternate (model's alt) of a make
				  order; else -1 */
	int32_t receipt;       /* receipts row of a scheduled receipt, else -1 */
	uint8_t kind;          /* plan_order_kind */
	plan_date release, due;
	double qty;
	uint32_t alloc_first, alloc_count; /* its allocations, contiguous */
} plan_ord;

/* The alternate an order is made by (1.1; -1: the primary, or not made). */
static inline int32_t plan_result__alt_of(const plan_ord *o)
{
	return o->kind == PLAN_ORDER_MAKE ? o->lane : -1;
}

/* (1.1) What a recipe's run gives each of its products (format.md,
 * "Co-products and by-products": pegging and cost split by cost_share):
 * the share of allocation i of r (1 where its order's SKU has no outputs). */
double plan_result__alloc_share(const plan_result *r, size_t i);
/* (1.1) What a unit of allocation i's order gives of what the allocation
 * gives: 1, or an output's qty_per (a yield's allocation is in the run's
 * units). */
double plan_result__alloc_per(const plan_result *r, size_t i);
/* The orders of r by the low-level code of their SKU, stably: what draws
 * on an order comes before it (malloc'd; NULL: out of memory). trace.c. */
int32_t *plan_result__by_level(const plan_result *r);

/* Single-level pegging: supply order -> requirement source. */
typedef struct plan_alloc_rec {
	int32_t order;
	int32_t src;           /* >= 0 parent order, < 0: -1 - demand row */
	double qty;
} plan_alloc_rec;

typedef struct plan_delivery_rec {
	int32_t demand;
	plan_date date;
	double qty;
} plan_delivery_rec;

/* Hours of an order's routing step on a resource on a day. */
typedef struct plan_load_rec {
	int32_t order;
	int32_t routing;       /* routings row (the step) */
	int32_t resource;      /* resources row */
	plan_date date;
	double hours;
} plan_load_rec;

/* One resource in one bucket. */
typedef struct plan_cap_rec {
	int32_t resource;
	int32_t bucket;
	double available, loaded, lost, to_alt;
} plan_cap_rec;

/* Exception codes, in the order of plan__exc_codes. */
enum plan_exc_code {
	EXC_PAST_DUE_RELEASE,
	EXC_PAST_DUE_RECEIPT,
	EXC_LATE_DEMAND,
	EXC_RESCHEDULE_IN,
	EXC_RESCHEDULE_OUT,
	EXC_CANCEL,
	EXC_BELOW_SAFETY_STOCK,
	EXC_LANE_OVER_LIMIT,
	EXC_OVERLOAD,
	EXC_ALTERNATE,
	EXC_BEYOND_FORECAST,
	EXC_INSIDE_FENCE,
	EXC_FIRM_SHORT,
	EXC_SUPPLIER_OVER_LIMIT,
	EXC_FAIR_SHARE,
	EXC_DEPLOYMENT,
	EXC_PROJECT_LATE,
	EXC_COUNT_
};

extern const char *const plan__exc_codes[EXC_COUNT_];
/* orders.csv `origin`, by plan_origin. */
extern const char *const plan__origin_names[];

typedef struct plan_exc_rec {
	uint8_t code, severity;
	int32_t sku;           /* or -1 */
	int32_t order;         /* or -1 */
	int32_t demand;        /* demand row, or -1 */
	int32_t resource;      /* resources row, or -1 */
	plan_date date;
	double qty;
	const char *message;
} plan_exc_rec;

/* What the feasibility step changed against the unconstrained plan
 * (adjustments.csv), in the order of plan__adj_actions. */
enum plan_adj_action { ADJ_EARLIER, ADJ_LATER, ADJ_ALTERNATE, ADJ_LANE, ADJ_SPLIT, ADJ_SHORT,
		       ADJ_COUNT_ };

extern const char *const plan__adj_actions[ADJ_COUNT_];

typedef struct plan_adj_rec {
	int32_t order;         /* or -1: an order the plan could not keep (short) */
	uint8_t action;
	const char *detail;    /* in the result's arena */
	const char *reason;
} plan_adj_rec;

/* One row of finance.csv (finance.c): a site's family, a site, a family or
 * the enterprise in one bucket. */
enum { FIN_DETAIL, FIN_SITE, FIN_FAMILY, FIN_ENTERPRISE, FIN_LEVEL_COUNT_ };
#define FIN_NVALUES 6 /* purchases, production, transport, holding, inventory_value, revenue */
extern const char *const plan_result__fin_levels[FIN_LEVEL_COUNT_];

typedef struct plan_fin_rec {
	int32_t site;          /* sites row, -1: every site */
	int32_t family;        /* into plan_result.fin_fam, -1: every family */
	int32_t bucket;
	uint8_t level;
	double v[FIN_NVALUES];
} plan_fin_rec;

/* One row of deployment.csv (deployment.c): a lane in a bucket. */
typedef struct plan_dep_rec {
	int32_t lane;          /* sourcing row */
	int32_t sku;           /* the destination (transfer) SKU */
	int32_t bucket;
	double need, shipped;
} plan_dep_rec;

/* One activity as planned (format 1.1 activities.csv), by activities row:
 * its days (PLAN_DATE_NONE: not scheduled within the horizon) and what
 * the critical path from its project's due (the model's act_ls, act_le)
 * leaves it (activities.c). */
typedef struct plan_act_rec {
	plan_date start, end;
	int32_t slack;         /* working days from start to its latest start (0 if later) */
	int32_t late;          /* days end is after its latest end (0 if not) */
} plan_act_rec;

struct plan_result {
	const plan_model *model;
	char errmsg[256];       /* why the last call on it failed (plan_result_errmsg()):
				   set through a const result too, not part of the plan */
	plan_arena arena;
	plan_ord *ord;
	size_t nord, ord_cap, nsched;
	char *idblock;         /* planned order ids, idw bytes each, from nsched on */
	size_t idw;
	size_t idcap;          /* slots in idblock (name_orders() leaves some spare) */
	unsigned long idnext[3]; /* the last number given to each kind */
	unsigned iddigits;     /* digits of an id's number; 0: ids not made here */
	int idclash;           /* a receipt id looks like a planned one */
	plan_alloc_rec *alloc;
	size_t nalloc, alloc_cap;
	int32_t *alloc_out;    /* (1.1, with outputs) by allocation: the output SKU
				  it gives of a recipe's run, -1: its order's own;
				  NULL without outputs (malloc'd) */
	plan_delivery_rec *dlv;
	size_t ndlv, dlv_cap;
	plan_exc_rec *exc;
	size_t nexc, exc_cap;
	plan_load_rec *load;
	size_t nload, load_cap;
	plan_cap_rec *cap;
	size_t ncap;
	plan_date *bucket_start;   /* of the capacity rows, nbuckets + 1 */
	size_t nbuckets;
	plan_fin_rec *fin;     /* finance.csv, where the model has costs */
	size_t nfin;
	const char **fin_fam;  /* the families' names (the model's text; "": none) */
	plan_dep_rec *dep;     /* deployment.csv, likewise */
	size_t ndep;
	plan_adj_rec *adj;
	size_t nadj, adj_cap;
	plan_act_rec *act;     /* by activities row (1.1), NULL without projects */
	size_t nact;
	int constrained;       /* made by the feasibility step */
	plan_summary summary;
	plan_timing timing;
	char status[16];
};

/* Appends an order; returns its index or -1 (out of memory). */
int32_t plan_result__add_order(plan_result *r, const plan_ord *o);
/* A delivery of qty to demand row d on date appended: 0 or PLAN_ENOMEM. */
int plan_result__add_delivery(plan_result *r, int32_t d, plan_date date, double qty);

/* Appends an exception with a formatted message; 0 or PLAN_ENOMEM. */
int plan_result__exception(plan_result *r, int code, int severity, int32_t sku, int32_t order,
			   int32_t demand, plan_date date, double qty, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 9, 10)))
#endif
	;

/* Appends an adjustment: reason as given, detail formatted; both copied.
 * 0 or PLAN_ENOMEM. */
int plan_result__adjust(plan_result *r, int32_t order, int action, const char *reason,
			const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* Traces full pegging (trace.c). */
int plan_result__trace_all(const plan_result *r, plan_peg_fn fn, void *ctx);
int plan_result__trace_one(const plan_result *r, size_t order, plan_peg_fn fn, void *ctx);

/* The id of order i. */
const char *plan_result__id(const plan_result *r, size_t i);

/* What making qty of make SKU sku, released on day on, draws from each
 * component (BOM lines in effect on that day, yield and scrap; phantoms
 * passed through): fn(ctx, component, qty) for each; a non-zero return
 * stops (returned); an order made by alternate alt (1.1; -1: the primary)
 * draws on that alternate's lines. stock.c; the verifier and
 * plan_result_stock() count draws by it. */
typedef int (*plan_draw_fn)(void *ctx, int32_t component, double qty);
int plan_result__bom_draws(const plan_model *m, int32_t sku, int32_t alt, double qty, plan_date on,
			   plan_draw_fn fn, void *ctx, int depth);
/* (1.1) What an order of qty of make SKU sku yields of its recipe's
 * outputs (format.md, "Co-products and by-products"): fn(ctx, output SKU,
 * qty x qty_per) for each, in file order. 0 or fn's first non-zero. */
int plan_result__yields(const plan_model *m, int32_t sku, double qty, plan_draw_fn fn, void *ctx);

/* Gives planned orders their ids (kind letter, "O", a number per kind, in
 * order). 0 or PLAN_ENOMEM. */
int plan_result__name_orders(plan_result *r);

/* Whether n more planned orders can be named after
 * plan_result__name_orders() (the id block has spare slots, the numbers
 * digits left). */
int plan_result__room_for(const plan_result *r, size_t n);
/* Names order i, the last, a planned order added after
 * plan_result__name_orders() (a repair appends a split's new piece): the
 * next number of its kind. 0, or 1 without room (plan_result__room_for()). */
int plan_result__name_next(plan_result *r, size_t i);

/* Names orders, counts and sets the verdict once the plan is complete. */
int plan_result__finish(plan_result *r);

/* Deliveries in order of demand and date, the parts of one demand on one
 * day one row, rows of nothing (at most tol) dropped. */
void plan_result__sort_deliveries(plan_result *r, double tol);

/* Counts and sets the verdict from the tables (orders already named). */
int plan_result__summarise(plan_result *r);

/* finance.c: finance.csv's rows and the summary's money, where the model
 * has standard costs (else none). 0 or PLAN_ENOMEM. */
int plan_result__finance(plan_result *r);
/* finance.c: the bucket of each day of r's buckets, from the first day
 * (malloc'd; NULL: out of memory), and the bucket of day d by it (a day
 * before the first: the first; after the last: -1). */
int32_t *plan_result__day_buckets(const plan_result *r);
static inline long plan_result__bucket_at(const plan_result *r, const int32_t *days, plan_date d)
{
	const plan_date *bs = r->bucket_start;
	return d < bs[0] ? 0 : d >= bs[r->nbuckets] ? -1 : days[d - bs[0]];
}
/* A quantity of SKU sku as the plan's tables write it (to its unit step,
 * 1.1). */
static inline double plan_result__qty_written(const plan_model *m, int32_t sku, double q)
{
	return plan_qty__round(q, plan_model__sku_dec(m, sku));
}
/* activities.c (1.1): r's activity records for its model's activities,
 * none scheduled, their latest dates by the critical path (none without
 * activities). 0 or PLAN_ENOMEM. */
int plan_result__open_activities(plan_result *r);
/* activities.c (1.1): each activity's loads as the plan has them: on each
 * working day of its project's site calendar from start to end, each of
 * its resources' hours_per_day: fn(ctx, activity, resource row, day,
 * hours) (a non-zero return stops, returned). */
struct plan_calendars;
typedef int (*plan_act_load_fn)(void *ctx, int32_t activity, int32_t res, plan_date day,
				double hours);
int plan_result__activity_loads(const plan_result *r, const struct plan_calendars *cals,
				plan_act_load_fn fn, void *ctx);
/* activities.c: where the activity after a predecessor a (scheduled
 * start, end, duration) may start at the earliest: the day after its end,
 * a milestone's own day. */
static inline plan_date plan_result__after(plan_date start, plan_date end, int duration)
{
	return duration > 0 ? end + 1 : start;
}
/* activities.c: what each project material (the model's derived demand
 * rows, 1.1, in order) has by its activity's start: have[k] for derived
 * row k (the caller's array of m->ndem_derived); the number of scheduled
 * activities' materials short of their qty (the verifier's and a
 * session's repair's check). */
size_t plan_result__materials_by_start(const plan_result *r, double *have);
/* activities.c: the slack and lateness of activity a scheduled from start
 * to end against its latest days by the critical path (0 and 0 if not
 * scheduled); plan_result__act_slack() sets them in each of the n records
 * of activity rows `rows` (NULL: every activity, rec by row). */
void plan_result__slack_of(const plan_model *m, const struct plan_calendars *cals, int32_t a,
			   plan_date start, plan_date end, int32_t *slack, int32_t *late);
void plan_result__act_slack(const plan_model *m, const struct plan_calendars *cals,
			    plan_act_rec *rec, const int32_t *rows, size_t n);
/* deployment.c: deployment.csv's rows, likewise. 0 or PLAN_ENOMEM. */
int plan_result__deployment(plan_result *r);

/* The plan tables, described once for the writers (CSV, HDF5): names,
 * columns and the kind of each column's cells. */
enum { CELL_TEXT, CELL_NUM, CELL_DATE };
enum { PT_ORDERS, PT_DELIVERIES, PT_EXCEPTIONS, PT_SUMMARY, PT_LOADS, PT_CAPACITY,
       PT_ALLOCATIONS, /* single-level pegging: HDF5 only, what a plan is read back from */
       PT_ADJUSTMENTS, /* what the feasibility step changed */
       PT_FORECAST,    /* forecast consumption (format 1.1), from the model: written
			  where it applies (plan_model__consumes()) */
       PT_COSTS,       /* standard costs (format 1.1), from the model: written where
			  the scenario speaks of money (plan_model__money()) */
       PT_FINANCE,     /* the plan in money (format 1.1), where costs.csv is */
       PT_DEPLOYMENT,  /* per lane and bucket, need and shipped (1.1), likewise */
       PT_ACTIVITIES,  /* projects' activities as planned (1.1), where the model has any */
       PT_PEGGING,     /* full pegging: traced (plan_result__trace_all), not stored */
       PT_COUNT_ };
#define PLAN_RTABLE_MAX_COLS 11

typedef struct plan_rtable {
	const char *name;
	int ncols;
	const char *const *cols;
	const uint8_t *kinds;
} plan_rtable;

typedef struct plan_cell {
	const char *s;     /* CELL_TEXT (NULL: empty) */
	double d;          /* CELL_NUM */
	plan_date date;    /* CELL_DATE (PLAN_DATE_NONE: empty) */
} plan_cell;

extern const plan_rtable plan_result__tables[PT_COUNT_];

/* Rows of plan table t (0 for PT_PEGGING). */
size_t plan_result__rows(const plan_result *r, int t);
/* The columns of table t this result writes: its first ones (orders.csv's
 * supplier only where the scenario has suppliers, 1.1). */
int plan_result__ncols(const plan_result *r, int t);
/* Whether plan table t is written for r at all (forecast.csv and costs.csv
 * only where their 1.1 data are). */
int plan_result__has_table(const plan_result *r, int t);

/* activities.c: the cells of activities.csv's row i (late_days as text
 * in numbuf: empty where the activity is not scheduled). */
void plan_result__activity_cells(const plan_result *r, size_t i, plan_cell *c, char *numbuf);

/* The cells of row i of table t; numbuf (40 bytes) holds a number written
 * as text. */
void plan_result__cells(const plan_result *r, int t, size_t i, plan_cell *cells, char *numbuf);

#endif
