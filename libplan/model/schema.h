/* The tables and columns of format v1, described once. The loader parses
 * cells by these descriptions, the model checks values, compares and reads
 * rows back by them. */
#ifndef PLAN_SCHEMA_H
#define PLAN_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "plan/model.h"

/* Kinds of codes, each interned on its own (an item and a site may share a code). */
enum plan_ns {
	NS_NONE = 0,
	NS_CALENDAR,
	NS_SITE,
	NS_ITEM,
	NS_RESOURCE,
	NS_FAMILY,
	NS_STEP,
	NS_DEMAND,
	NS_RECEIPT,
	NS_MAINT,
	NS_SUPPLIER,
	NS_ALTERNATE,
	NS_PROJECT,
	NS_ACTIVITY,
	NS_COUNT
};

enum plan_coltype {
	COL_CODE,  /* const char *, interned in ns */
	COL_TEXT,  /* const char *, free text */
	COL_NUM,   /* double */
	COL_INT,   /* int */
	COL_DATE,  /* plan_date */
	COL_ENUM,  /* int-sized enum, by name */
	COL_BOOL   /* int 0/1 */
};

/* Range a value must lie in. */
enum plan_check {
	CHK_ANY = 0,
	CHK_GE0,   /* >= 0 */
	CHK_GT0,   /* > 0 */
	CHK_GE1,   /* >= 1 */
	CHK_UNIT,  /* [0, 1] */
	CHK_SCRAP, /* [0, 1) */
	CHK_YIELD, /* (0, 1] */
	CHK_SHARE, /* (0, 1] */
	CHK_HOURS, /* [0, 24] */
	CHK_DEC,   /* decimals: -1 (not given) or 0 to 6 */
	CHK_DAYS   /* days: -1 (not given) or >= 0 */
};

#define COLF_REQUIRED 1u /* the value is required (the column must be present) */
#define COLF_NONE     2u /* an optional number: PLAN_NONE (or an empty cell) means none */
#define COLF_V11      4u /* added by format 1.1: written back only where a row sets it */

typedef struct plan_col {
	const char *name;
	uint8_t type;
	uint8_t ns;
	uint8_t check;
	uint8_t flags;
	uint16_t offset;
	const char *const *enums; /* COL_ENUM: names by value, NULL-terminated */
} plan_col;

#define PLAN_MAX_COLS 24
#define PLAN_MAX_KEY 5

typedef struct plan_schema {
	const char *name;   /* "skus" */
	const plan_col *cols;
	int ncols;
	size_t def_size;
	int nref;           /* number of COL_CODE columns */
	int key[PLAN_MAX_KEY + 1]; /* key columns, -1 terminated; none: no key */
	const char *what;   /* a row in words: "SKU" */
} plan_schema;

/* Indexed by plan_table; PLAN_TABLE_SCENARIO has its own key/value layout. */
extern const plan_schema plan_schema__tables[PLAN_TABLE_COUNT_];

/* Columns of the key/value table scenario.csv, by key. */
enum { SCN_START, SCN_END, SCN_BUCKET, SCN_NAME, SCN_CALENDAR, SCN_FORMAT, SCN_SOURCING, SCN_FAIR_SHARE, SCN_COUNT };
extern const plan_col plan_schema__scenario[SCN_COUNT];

extern const char *const plan_schema__bucket_names[];
/* The minor versions of format 1 this library reads, by number: "1.0", "1.1". */
extern const char *const plan_schema__format_names[];

/* Column indices used by code that looks at particular fields. */
enum { CAL_CALENDAR, CAL_WEEKDAYS };
enum { CD_CALENDAR, CD_DATE, CD_WORKING };
enum { SITE_SITE, SITE_NAME, SITE_CALENDAR };
enum { ITEM_ITEM, ITEM_NAME, ITEM_UOM, ITEM_FAMILY, ITEM_DECIMALS, ITEM_PRICE };
enum { SKU_ITEM, SKU_SITE, SKU_TYPE, SKU_LEAD_TIME, SKU_ON_HAND, SKU_SAFETY_STOCK,
       SKU_LOT_RULE, SKU_LOT_QTY, SKU_LOT_PERIODS, SKU_LOT_MIN, SKU_LOT_MAX,
       SKU_LOT_MULTIPLE, SKU_YIELD, SKU_PHANTOM, SKU_SETUP_COST, SKU_HOLDING_COST,
       SKU_UNIT_COST, SKU_CONSUME_BACK, SKU_CONSUME_FORWARD, SKU_FROZEN_DAYS, SKU_BATCH_SIZE,
       SKU_PROJECT_SPECIFIC };
enum { BOM_PARENT, BOM_SITE, BOM_COMPONENT, BOM_QTY_PER, BOM_SCRAP, BOM_VALID_FROM,
       BOM_VALID_UNTIL, BOM_ALT, BOM_PRIORITY };
enum { RES_RESOURCE, RES_SITE, RES_HOURS, RES_CALENDAR, RES_COST_PER_HOUR, RES_UNITS };
enum { RT_ITEM, RT_SITE, RT_STEP, RT_RESOURCE, RT_SETUP, RT_RUN, RT_ALT, RT_PRIORITY, RT_RATE };
enum { MB_ID, MB_RESOURCE, MB_START, MB_END, MB_KIND, MB_FACTOR, MB_ALT, MB_ALT_FACTOR };
enum { LANE_ITEM, LANE_SITE, LANE_SOURCE, LANE_PRIORITY, LANE_SHARE, LANE_DAYS,
       LANE_MAX, LANE_COST };
enum { DEM_ID, DEM_ITEM, DEM_SITE, DEM_DUE, DEM_QTY, DEM_PRIORITY, DEM_KIND };
enum { REC_ID, REC_ITEM, REC_SITE, REC_DUE, REC_QTY, REC_KIND, REC_SOURCE, REC_STATUS,
       REC_RELEASE };
enum { OP_RECEIPT, OP_STEP, OP_RESOURCE, OP_HOURS };
enum { SUP_ITEM, SUP_SITE, SUP_SUPPLIER, SUP_PRIORITY, SUP_SHARE, SUP_LEAD_TIME, SUP_LOT_MIN,
       SUP_LOT_MULTIPLE, SUP_MAX, SUP_UNIT_COST, SUP_CALENDAR };
enum { PRJ_PROJECT, PRJ_SITE, PRJ_DUE, PRJ_PRIORITY };
enum { ACT_PROJECT, ACT_ACTIVITY, ACT_DURATION, ACT_PREDECESSORS };
enum { AR_PROJECT, AR_ACTIVITY, AR_RESOURCE, AR_HOURS };
enum { AM_PROJECT, AM_ACTIVITY, AM_ITEM, AM_SITE, AM_QTY };
enum { OUT_ITEM, OUT_SITE, OUT_OUTPUT, OUT_QTY_PER, OUT_KIND, OUT_COST_SHARE, OUT_PRIORITY };
enum { WF_SITE, WF_WORKERS, WF_HOURS, WF_WAGE, WF_OT_WAGE, WF_MAX_OT, WF_HIRE,
       WF_LAYOFF, WF_MIN, WF_MAX };
enum { FAM_FAMILY, FAM_SITE, FAM_HOURS, FAM_MATERIAL, FAM_HOLDING, FAM_BACKLOG,
       FAM_SUB_COST, FAM_MAX_SUB, FAM_ON_HAND, FAM_BACKLOG0, FAM_END_MIN,
       FAM_END_BACKLOG };

/* Index of the column named name[0..len) in table t, or -1. */
int plan_schema__column(const plan_schema *t, const char *name, size_t len);

/* The column a later format version's other name stands for (items.csv
 * `unit`, 1.1, is `uom`), or -1. */
int plan_schema__synonym(const plan_schema *t, const char *name, size_t len);

/* The table whose file is name ("skus" for "skus.csv"), or -1. */
int plan_schema__table(const char *name, size_t len);

/* Writes "expected ..." for a value breaking check c into buf. */
const char *plan_schema__check_text(int check);

/* 1 if v satisfies check c. */
int plan_schema__check_ok(int check, double v);

#endif
