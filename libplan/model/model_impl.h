/* The inside of a plan_model, shared by the files that build, check and read
 * it. Rows are stored as the public def structs (strings interned or copied
 * into the model's arena) plus, per row, the ids of its codes. */
#ifndef PLAN_MODEL_IMPL_H
#define PLAN_MODEL_IMPL_H

#include <math.h>
#include <stdarg.h>

#include "plan/load.h"
#include "plan/model.h"
#include "model/schema.h"
#include "base/util.h"

typedef struct plan_tab {
	char *rows;            /* n defs of schema def_size bytes */
	size_t n, cap;
	int32_t *ids;          /* nref ids per row (-1: empty code) */
	size_t ids_cap;
	uint32_t *line;        /* source line per row (0: added by a call) */
	size_t line_cap;
	const char *file;      /* "skus.csv" while/after loading; NULL for calls */
	int16_t col[PLAN_MAX_COLS]; /* field number of each column in the file */
	uint64_t *kslot;       /* rows by key (open addressing, 0 empty) */
	size_t nkslot;
} plan_tab;

typedef struct plan_diag_rec {
	int severity;
	const char *file;
	int line, column;
	const char *text;
	const char *message;
	int phase;             /* 1: found by validation */
} plan_diag_rec;

struct plan_model {
	plan_arena arena;
	plan_strtab ns[NS_COUNT];
	plan_tab tab[PLAN_TABLE_COUNT_];
	int8_t ref[PLAN_TABLE_COUNT_][PLAN_MAX_COLS]; /* code column -> its id slot */
	int has_scenario;
	plan_scenario_def scenario;
	uint32_t scenario_line[SCN_COUNT];

	plan_diag_rec *diag;
	size_t ndiag, diag_cap, nerrors;
	size_t max_errors;     /* 0: no limit */
	size_t max_buckets;    /* of the horizon (plan_model_set_max_buckets()) */
	int validating;        /* diagnostics now come from validation */
	int defer_keys;        /* rows are added without key checks; plan_model__index_keys() */
	uint32_t cur_line;     /* the loader's line for the row being added */
	int valid;
	int oom;
	char errmsg[512];

	/* Derived by plan_model_validate() */
	plan_horizon horizon;
	int32_t *sku_llc;      /* per SKU row */
	double *sku_cost;      /* per SKU row: standard material and labour a unit
				  (costs.c; NULL where the scenario has no money) */
	int32_t *edge_off;     /* CSR: SKU -> SKUs it places demand on */
	int32_t *edge_to;
	int32_t *edge_row;     /* the BOM line (>= 0) or lane (-1 - row) of each edge */
	size_t nedge;
	int bom_depth;
	int32_t *lane_off;     /* by SKU: its lanes in lane_row, by priority then */
	int32_t *lane_row;     /* file order (the order they are tried) */
	int32_t *lane_src;     /* by sourcing row: the SKU it ships from, or -1 */
	int32_t *rt_off;       /* by SKU: its routing steps in rt_row, in file order */
	int32_t *rt_row;
	/* forecast consumption (forecast.c), NULL without forecast rows: per
	 * demand row the quantity to plan (a forecast's net, an order's qty)
	 * and what it consumed (a forecast: by orders; an order: of forecast) */
	double *dem_net;
	double *dem_used;
	int32_t *fc_row;       /* the forecast rows, in file order (nfc) */
	size_t nfc;
	int32_t *beyond;       /* orders that found less forecast than their qty,
				  at a SKU with forecast, in file order (nbeyond) */
	size_t nbeyond;
	int8_t *sku_dec;       /* units.c: by SKU, its item's decimals (-1: none);
				  NULL where no quantity is rounded (1.0) */
	int32_t *rec_lane;     /* firm.c: by receipt, a firm transfer's lane (-1) */
	int32_t *op_off;       /* firm.c: by receipt, its operations in op_row, */
	int32_t *op_row;       /* in file order */
	int32_t *sp_off;       /* validate.c: by SKU, its suppliers in sp_row, by */
	int32_t *sp_row;       /* priority, then file order (1.1) */
	/* alternates.c (1.1): each make SKU's alternate BOMs and routings,
	 * grouped by SKU by priority, then first row (alt_off, alt); each
	 * alternate's routing rows (its own, else the primary's) in alt_rt */
	int32_t *alt_off;
	struct plan_alt *alt;
	size_t nalt;
	int32_t *alt_rt;
	/* projects.c (1.1): each project's activities, predecessors first
	 * (prj_act[prj_off[p] .. prj_off[p + 1]), activity rows); by activity
	 * row its project (act_prj), its predecessors (pred[pred_off[a] ..],
	 * activity rows) and its resources (ar_row[ar_off[a] ..],
	 * activity_resources rows); by activity_resources row its resource
	 * (ar_res, resources row). NULL without projects. */
	int32_t *prj_off, *prj_act, *act_prj, *pred_off, *pred, *ar_off, *ar_row, *ar_res;
	/* projects.c, after the horizon: each activity's latest start and end
	 * by the critical path back from its project's due (act_ls, act_le,
	 * by activity row); its materials as demand rows of the plan, derived
	 * (ndem_derived of them after the rows given; mat_dem[mat_off[a] ..]:
	 * activity a's, dem_act[k]: the activity of derived row k) */
	plan_date *act_ls, *act_le;
	size_t nspecific;      /* validate.c: SKUs that are project_specific (1.1)
				  where the scenario has projects' materials */
	/* outputs.c (1.1): by outputs row its recipe and output SKUs (out_rec,
	 * out_sku; -1 where the row is in error); each recipe's rows
	 * (out_row[out_off[s] .. out_off[s + 1]), file order); by SKU the row
	 * whose recipe a need of it runs (co_row: its co-product row of the
	 * best priority, then the first; -1: none). NULL without outputs. */
	int32_t *out_rec, *out_sku, *out_off, *out_row, *co_row;
	double *out_share;     /* by outputs row: its share of a run (cost_share,
				  or by quantity where its recipe sets none) */
	size_t ndem_derived;
	int32_t *mat_off, *mat_dem, *dem_act;
};

/* An alternate of a make SKU (format 1.1, "Alternate BOMs and routings"). */
typedef struct plan_alt {
	int32_t sku;
	int32_t name;          /* NS_ALTERNATE id */
	int priority;
	uint8_t own_bom, own_rt; /* it has BOM lines / routing steps of its own */
	int32_t rt_first, rt_end; /* its routing rows in alt_rt */
} plan_alt;

/* The field of column col (a plan_col) in a def struct. */
#define FIELD(def, col) ((char *)(def) + (col)->offset)

#define TAB_ROW(m, t, i) ((void *)((m)->tab[t].rows + (size_t)(i) * plan_schema__tables[t].def_size))
#define TAB_ID(m, t, i, k) ((m)->tab[t].ids[(size_t)(i) * plan_schema__tables[t].nref + (k)])

/* Records a diagnostic about column col of row `row` of table t (row == n:
 * the row being added). Returns PLAN_EINVAL for errors, 0 for warnings. */
int plan_model__diag(plan_model *m, int severity, int t, size_t row, int col,
		     const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* Records a diagnostic with an explicit place (file may be NULL). */
int plan_model__diag_at(plan_model *m, int severity, const char *file, int line,
			int column, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

/* Sets the model's last error message; returns status. */
int plan_model__error(plan_model *m, int status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Reads load options (NULL: the defaults; a version 1 struct: without
 * max_buckets) into o and applies the model's share of them to m (if not
 * NULL). 0 or PLAN_EINVAL (an unknown version). */
int plan_model__load_options(plan_model *m, const plan_load_options *in, plan_load_options *o);

/* Adds a row of table t. skip: bit c set means column c was already reported
 * bad by the caller (its value is the default; do not report it again). */
int plan_model__add(plan_model *m, int t, const void *def, uint32_t skip);

/* The same with the ids of the row's codes given (the ref order of the
 * table; -1: empty), already interned and checked: the code fields of def
 * are ignored. */
int plan_model__add_ids(plan_model *m, int t, const void *def, uint32_t skip,
			const int32_t *given);

/* Checks the keys of rows from..n of table t (added with defer_keys set)
 * and indexes them; a duplicate is reported and left out of the index.
 * Faster than row by row for many rows. 0 or PLAN_ENOMEM. */
int plan_model__index_keys(plan_model *m, int t, size_t from);

/* Makes room for n more rows of table t (and, in an empty keyed table, key
 * slots for them). 0 or PLAN_ENOMEM. */
int plan_model__reserve(plan_model *m, int t, size_t n);

/* Checks a code (1-64 bytes, no control characters, no blanks around it):
 * NULL if fine, else the problem. */
const char *plan_model__code_problem(const char *s, size_t len);

/* Where row `row` (column col, or -1) of table t came from, as diagnostics
 * name it: "bom.csv:14:4", "bom.csv:14", or "bom row 14" for a row added
 * by a call. Written into buf (n bytes), returned. */
const char *plan_model__where(const plan_model *m, int t, size_t row, int col, char *buf,
			      size_t n);
int plan_model__set_scenario(plan_model *m, const plan_scenario_def *def, uint32_t skip);

/* The ref index (k) of column col among the code columns of table t. */
int plan_model__ref(int t, int col);
#define MODEL_REF(m, t, col) ((m)->ref[t][col])

/* SKU row of (item id, site id), or -1. */
long plan_model__sku(const plan_model *m, int32_t item, int32_t site);

/* The SKU a lane (sourcing row) ships from, or -1 (a validated model's). */
static inline long plan_model__lane_source(const plan_model *m, int32_t lane)
{
	return m->lane_src ? m->lane_src[lane]
			   : plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SOURCING, lane, 0),
					     TAB_ID(m, PLAN_TABLE_SOURCING, lane, 2));
}

/* Id of a code in namespace ns, or -1. */
int32_t plan_model__code_id(const plan_model *m, int ns, const char *s);

/* Row of the key row of table t whose first key column has id `id`
 * (tables keyed by one code), or -1. */
long plan_model__row_by_code(const plan_model *m, int t, int32_t id);

/* The same by the code's text in namespace ns (NULL or unknown: -1). */
long plan_model__row_by_name(const plan_model *m, int ns, int t, const char *code);

/* "A@P1" for SKU ids, into buf of size n. */
const char *plan_model__sku_name(const plan_model *m, int32_t item, int32_t site,
				 char *buf, size_t n);

/* A text cell into column col of def, the row being added to table t
 * (cell.c): 0, or 1 if the cell was bad (reported, def keeps the default).
 * What the CSV loader and the HDF5 reader share. */
int plan_model__cell(plan_model *m, int t, const plan_col *cols, int col, char *def,
		     const char *s, size_t len);

/* The def of table t with format.md's defaults, and the version of its
 * struct. */
const void *plan_model__default(int t);
unsigned plan_model__def_version(int t);
/* The size of version `version` of table t's def struct (the current one
 * or an earlier one it grew from), or 0 for a version it never had. */
size_t plan_model__def_size(int t, unsigned version);

/* Levels: cycles and low-level codes (levels.c). Returns 0, PLAN_EFORMAT
 * (a cycle, reported) or PLAN_ENOMEM. */
int plan_levels__compute(plan_model *m);
/* check.c: a row's columns checked and normalised in *def (a copy), codes
 * interned into ids (or the ids given taken): -1 if the row must be
 * dropped (a bad key), else the number of errors; then the rules between
 * the columns of the row (the number of errors). */
int plan_model__check_columns(plan_model *m, int t, void *def, int32_t *ids, uint32_t skip,
			      const int32_t *given);
int plan_model__check_row(plan_model *m, int t, void *def, const int32_t *ids);

/* keys.c: the row of table t whose key equals def's (-1: none); a row
 * added to the key slots (0 or PLAN_ENOMEM); a duplicate reported; fresh
 * slots for n rows (0 or PLAN_ENOMEM). */
long plan_model__key_find(const plan_model *m, int t, const void *def, const int32_t *ids);
int plan_model__key_insert(plan_model *m, int t, size_t row);
void plan_model__report_duplicate(plan_model *m, int t, size_t row, const void *def, long first);
int plan_model__kslot_fresh(plan_tab *tab, size_t n);

/* SKUs by low-level code, in row order within a code (a counting sort):
 * by (a SKU each) and off (nlevels + 1 entries: code l's are by[off[l]]
 * .. by[off[l + 1] - 1]); every code is below nlevels. */
void plan_levels__order(const plan_model *m, size_t nlevels, int32_t *by, size_t *off);
/* costs.c: whether the scenario speaks of money (format 1.1, a resource's
 * cost_per_hour, an item's price): then plans have costs.csv. */
int plan_model__money(const plan_model *m);
/* costs.c: m->sku_cost, after the levels (none where there is no money or
 * the levels failed). 0 or -1 (out of memory). */
int plan_model__costs(plan_model *m);
/* costs.c: a lane's (sourcing row's) landed cost, format.md "Least-cost
 * sourcing": its cost and its source's standard cost (material and labour;
 * the cost alone where the model has no standard costs). */
double plan_model__landed(const plan_model *m, int32_t lane);
/* Frees the levels (sku_llc and the edges); plan_levels__compute() builds them. */
void plan_model__drop_levels(plan_model *m);

/* The multiple a SKU's planned orders come in: its lot_multiple, else
 * (1.1) its batch_size (a lot_multiple with a batch_size is whole batches:
 * check.c), else PLAN_NONE. */
static inline double plan_sku__multiple(const plan_sku_def *d)
{
	return d->lot_multiple != PLAN_NONE ? d->lot_multiple
	       : d->batch_size > 0	    ? d->batch_size
					    : PLAN_NONE;
}

/* A routing step's hours a unit: run_hours, or 1 / rate (1.1). */
static inline double plan_rt__run(const plan_routing_def *rt)
{
	return rt->rate > 0 ? 1.0 / rt->rate : rt->run_hours;
}

/* The hours a routing step takes for qty: setup_hours + run_hours x qty,
 * or with a rate (1.1) setup_hours + qty / rate. */
static inline double plan_rt__hours(const plan_routing_def *rt, double qty)
{
	return rt->setup_hours + (rt->rate > 0 ? qty / rt->rate : rt->run_hours * qty);
}

/* What a resource offers on a working day: units x hours_per_day (1.1). */
static inline double plan_res__hours(const plan_resource_def *d)
{
	return d->hours_per_day * d->units;
}

static inline const plan_sku_def *plan__sku(const plan_model *m, int32_t s)
{
	return TAB_ROW(m, PLAN_TABLE_SKUS, s);
}

/* units.c: each SKU's decimals (sku_dec) and the input quantities that
 * must be multiples of its step (errors); 0 or PLAN_ENOMEM. */
int plan_model__units(plan_model *m);

/* The decimals of an item (its id in NS_ITEM): its own, else 6 in a 1.1
 * scenario, else -1 (not rounded). */
int plan_model__item_dec(const plan_model *m, int32_t item);

/* The decimals of SKU s's quantities (-1: not rounded). */
static inline int plan_model__sku_dec(const plan_model *m, int32_t s)
{
	return m->sku_dec && s >= 0 ? m->sku_dec[s] : -1;
}

/* firm.c: firm transfers' lanes and released orders' operations
 * (rec_lane, op_off, op_row), with the checks that join them; 0 or
 * PLAN_ENOMEM. After the lanes are indexed. model.c frees them. */
int plan_model__firm(plan_model *m);
void plan_model__drop_firm(plan_model *m);

/* alternates.c: the alternates of make SKUs (alt_off, alt, alt_rt) and the
 * checks that join their rows; 0 or PLAN_ENOMEM. model.c frees them. */
int plan_model__alternates(plan_model *m);
void plan_model__drop_alternates(plan_model *m);

/* Whether SKU s has alternates (1.1). */
static inline int plan_model__has_alternates(const plan_model *m, int32_t s)
{
	return m->alt_off && m->alt_off[s + 1] > m->alt_off[s];
}

/* Whether BOM row `row` is among those an order of its parent made by
 * alternate k (-1: the primary) draws on: the alternate's own lines where
 * it has any, else the primary's. */
static inline int plan_model__bom_row_of(const plan_model *m, int32_t row, int32_t k)
{
	int32_t a = TAB_ID(m, PLAN_TABLE_BOM, row, 3);
	if (k < 0 || !m->alt[k].own_bom)
		return a < 0;
	return a == m->alt[k].name;
}

/* The routing rows of an order of SKU s made by alternate k (-1: the
 * primary), in *first .. *end of the returned array. */
static inline const int32_t *plan_model__steps(const plan_model *m, int32_t s, int32_t k,
					       int32_t *first, int32_t *end)
{
	if (k < 0) {
		*first = m->rt_off[s];
		*end = m->rt_off[s + 1];
		return m->rt_row;
	}
	*first = m->alt[k].rt_first;
	*end = m->alt[k].rt_end;
	return m->alt_rt;
}

/* outputs.c: co-products and by-products (out_rec ... co_row), with the
 * checks that join their rows; 0 or PLAN_ENOMEM. Before the levels (which
 * order a recipe's outputs after it and its components after them).
 * model.c frees them. */
int plan_model__outputs(plan_model *m);
void plan_model__drop_outputs(plan_model *m);

/* Whether the model has outputs (1.1). */
static inline int plan_model__has_outputs(const plan_model *m)
{
	return m->out_off != NULL;
}

/* The outputs rows of recipe SKU s: rows[*k0 .. *k1) (none: k0 = k1). */
static inline const int32_t *plan_model__outputs_of(const plan_model *m, int32_t s, int32_t *k0,
						    int32_t *k1)
{
	*k0 = m->out_off ? m->out_off[s] : 0;
	*k1 = m->out_off ? m->out_off[s + 1] : 0;
	return m->out_row;
}

/* The share of a run of recipe s that its product p gets (its own item:
 * what the outputs leave), 1 where s has no outputs. */
double plan_model__share(const plan_model *m, int32_t s, int32_t p);

/* What a unit of recipe s's run gives of product p: an output's qty_per,
 * 1 for its own item (or where s does not yield p). */
double plan_model__yield_per(const plan_model *m, int32_t s, int32_t p);

/* The outputs row whose recipe a need of SKU s runs (a co-product), or -1. */
static inline int32_t plan_model__co_row(const plan_model *m, int32_t s)
{
	return m->co_row ? m->co_row[s] : -1;
}

/* projects.c: the activities of projects, their predecessors and
 * resources (prj_off ...), with the checks that join their rows; 0 or
 * PLAN_ENOMEM. model.c frees them. */
int plan_model__projects(plan_model *m);
void plan_model__drop_projects(plan_model *m);

/* Whether the model has activities to schedule (1.1). */
static inline int plan_model__has_projects(const plan_model *m)
{
	return m->prj_off && m->tab[PLAN_TABLE_ACTIVITIES].n > 0;
}

/* projects.c: the critical path (act_ls, act_le) and the materials'
 * demand rows (after the horizon is known); 0 or PLAN_ENOMEM. */
int plan_model__project_demand(plan_model *m);
/* The derived demand rows taken off (before rows are added or the model
 * is validated again). */
void plan_model__strip_derived(plan_model *m);

/* The rows of table t as given: without the demand rows a validated
 * model derives from projects' materials (1.1). What is counted, read,
 * compared, written and stored. */
static inline size_t plan_model__given(const plan_model *m, int t)
{
	return m->tab[t].n - (t == PLAN_TABLE_DEMAND ? m->ndem_derived : 0);
}

/* Whether demand row d is a project's material (1.1, derived). */
static inline int plan_model__is_material(const plan_model *m, size_t d)
{
	return d >= plan_model__given(m, PLAN_TABLE_DEMAND);
}

/* The project (projects.csv row) whose material demand row d is, or -1
 * (1.1). */
static inline int32_t plan_model__material_project(const plan_model *m, size_t d)
{
	if (!plan_model__is_material(m, d))
		return -1;
	return m->act_prj[m->dem_act[d - plan_model__given(m, PLAN_TABLE_DEMAND)]];
}

/* Whether SKU s keeps project stock (1.1 skus.csv project_specific): what
 * is made for a project's materials serves that project alone. */
static inline int plan_model__specific(const plan_model *m, int32_t s)
{
	return m->nspecific && ((const plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, s))->project_specific;
}

/* Whether some activity takes resource row res (1.1). */
int plan_model__project_uses(const plan_model *m, int32_t res);

/* Whether SKU s buys from suppliers.csv's vendors (1.1). */
static inline int plan_model__has_suppliers(const plan_model *m, int32_t s)
{
	return m->sp_off && m->sp_off[s + 1] > m->sp_off[s];
}

/* A supplier's lead time (suppliers.csv row v): its own, else its SKU's. */
static inline int plan_model__supplier_lead(const plan_model *m, size_t v)
{
	const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, v);
	if (d->lead_time >= 0)
		return d->lead_time;
	long s = plan_model__sku(m, TAB_ID(m, PLAN_TABLE_SUPPLIERS, v, 0), TAB_ID(m, PLAN_TABLE_SUPPLIERS, v, 1));
	return s >= 0 ? ((const plan_sku_def *)TAB_ROW(m, PLAN_TABLE_SKUS, s))->lead_time : 0;
}

/* q as an order from supplier v takes it (1.1): its lot_min and
 * lot_multiple, in the SKU's units (dec); 0 stays 0. */
static inline double plan_model__supplier_lot(const plan_model *m, size_t v, double q, int dec)
{
	const plan_supplier_def *d = TAB_ROW(m, PLAN_TABLE_SUPPLIERS, v);
	return plan_qty__lot_up(q, d->lot_min, d->lot_multiple, dec);
}

/* The status of receipt row r (format 1.1; scheduled in 1.0). */
static inline plan_receipt_status plan_model__rec_status(const plan_model *m, size_t r)
{
	return ((const plan_receipt_def *)TAB_ROW(m, PLAN_TABLE_RECEIPTS, r))->status;
}

/* forecast.c: orders consume forecasts (dem_net, dem_used, fc_row,
 * beyond); 0 or PLAN_ENOMEM. model.c frees them (with the model, and
 * for forecast.c before they are derived again). */
int plan_model__consume(plan_model *m);
void plan_model__drop_consumption(plan_model *m);

/* The quantity demand row i asks the plan for: its qty (0 if negative
 * or none), a forecast's only what orders left of it (valid model). */
static inline double plan_model__demand_qty(const plan_model *m, size_t i)
{
	if (m->dem_net)
		return m->dem_net[i];
	double q = ((const plan_demand_def *)TAB_ROW(m, PLAN_TABLE_DEMAND, i))->qty;
	return q > 0 ? q : 0;
}

#endif
