/* The generated company: plants P1..Pn make items level by level from
 * components of deeper levels (bought at the last level), mostly at their own
 * plant and sometimes from another plant over a lane; distribution centres
 * D1..Dm sell the end items, supplied from the item's plant (and, for some,
 * from the previous DC at priority 2, with a weekly limit on the first lane).
 * Everything follows from the seed. */
#define _POSIX_C_SOURCE 200809L
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uni(rng *r)
{
	return (double)(next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static size_t pick(rng *r, size_t n)
{
	return (size_t)(uni(r) * (double)n);
}

int gen_preset(gen_params *p, const char *name)
{
	gen_params base = { 42, 2000, 5, 2, 2, 3.0, 0.1, 2000, 26, 0.02, 12, 0.2, 1.0, 0, 0, 0 };
	*p = base;
	if (strcmp(name, "tiny") == 0) {
		p->items = 60;
		p->levels = 4;
		p->demands = 80;
		p->weeks = 12;
		p->resources = 3;
		p->blocks = 0.5;
	} else if (strcmp(name, "small") == 0) {
		/* defaults */
	} else if (strcmp(name, "medium") == 0) {
		p->items = 60000;
		p->levels = 8;
		p->plants = 3;
		p->components = 4.0;
		p->demands = 60000;
		p->weeks = 52;
		p->resources = 600;
		p->blocks = 0.02;
		p->run_scale = 0.1;
	} else if (strcmp(name, "large") == 0) {
		p->items = 680000;
		p->levels = 8;
		p->plants = 3;
		p->components = 5.0;
		p->cross_plant = 0.08;
		p->demands = 1000000;
		p->weeks = 52;
		p->resources = 6700;
		p->blocks = 0.02;
		p->run_scale = 0.1;
	} else {
		return PLAN_EINVAL;
	}
	return 0;
}

#define TRY(x)                      \
	do {                        \
		int rc_ = (x);      \
		if (rc_ < 0)        \
			goto fail;  \
	} while (0)

static void code(char *buf, size_t n, char prefix, size_t i)
{
	snprintf(buf, n, "%c%07zu", prefix, i);
}

/* Projects at each plant (gen_params.projects), drawn on their own. */
static int gen_projects(plan_model *m, const gen_params *p, plan_date start, const int *level,
			const int *home, int L)
{
	rng r = { p->seed ^ 0x3333333333333333ULL };
	size_t per_plant = 2 + p->items / 5000;
	char prj[32], act[32], res[32], site[16], item[32], preds[128];
	for (int pl = 0; pl < p->plants && p->resources > 0; pl++) {
		snprintf(site, sizeof(site), "P%d", pl + 1);
		/* the plant's items, for materials */
		size_t nown = 0;
		for (size_t i = 0; i < p->items; i++)
			nown += home[i] == pl && level[i] > 0;
		for (size_t k = 0; k < per_plant; k++) {
			plan_project_def pd = PLAN_PROJECT_DEF_INIT;
			snprintf(prj, sizeof(prj), "PRJ%d-%03zu", pl + 1, k);
			pd.project = prj;
			pd.site = site;
			pd.due = start + 21 + (plan_date)pick(&r, (size_t)(7 * p->weeks - 21));
			pd.priority = 1 + (int)pick(&r, 10);
			if (plan_model_add_project(m, &pd))
				return -1;
			int n = 6 + (int)pick(&r, 25);
			for (int a = 0; a < n; a++) {
				plan_activity_def ad = PLAN_ACTIVITY_DEF_INIT;
				snprintf(act, sizeof(act), "A%02d", a);
				size_t len = 0;
				preds[0] = '\0';
				int np = a ? 1 + (int)pick(&r, 3) : 0;
				for (int q = 0; q < np; q++) {
					int b = a - 1 - (int)pick(&r, (size_t)(a < 8 ? a : 8));
					len += (size_t)snprintf(preds + len, sizeof(preds) - len, "%sA%02d",
								len ? " " : "", b);
				}
				ad.project = prj;
				ad.activity = act;
				ad.duration = 1 + (int)pick(&r, 8);
				ad.predecessors = preds;
				if (plan_model_add_activity(m, &ad))
					return -1;
				int nr = p->resources > 1 ? 1 + (int)pick(&r, 2) : 1;
				int first = (int)pick(&r, (size_t)p->resources);
				for (int q = 0; q < nr; q++) {
					plan_activity_resource_def ar = PLAN_ACTIVITY_RESOURCE_DEF_INIT;
					/* a second one other than the first */
					int rk = q ? (first + 1 + (int)pick(&r, (size_t)p->resources - 1)) %
							    p->resources
						  : first;
					snprintf(res, sizeof(res), "R%d-%05d", pl + 1, rk);
					ar.project = prj;
					ar.activity = act;
					ar.resource = res;
					ar.hours_per_day = 2 + (double)pick(&r, 7);
					if (plan_model_add_activity_resource(m, &ar))
						return -1;
				}
				if (nown && uni(&r) < 0.2) {
					size_t want = pick(&r, nown), i = 0;
					for (size_t seen = 0; i < p->items; i++)
						if (home[i] == pl && level[i] > 0 && seen++ == want)
							break;
					plan_activity_material_def am = PLAN_ACTIVITY_MATERIAL_DEF_INIT;
					code(item, sizeof(item), 'I', i);
					am.project = prj;
					am.activity = act;
					am.item = item;
					am.site = site;
					am.qty = 1 + (double)pick(&r, 20);
					if (plan_model_add_activity_material(m, &am))
						return -1;
				}
			}
		}
	}
	(void)L;
	return 0;
}

int gen_model(plan_model **out, const gen_params *p)
{
	plan_model *m = NULL;
	rng r = { p->seed };
	rng r11 = { p->seed ^ 0x1111111111111111ULL }; /* format 1.1's draws, apart */
	rng rpr = { p->seed ^ 0x2222222222222222ULL }; /* and the process columns' */
	rng rps = { p->seed ^ 0x4444444444444444ULL }; /* and project stock's */
	size_t n = p->items;
	int L = p->levels < 2 ? 2 : p->levels;
	int *level = malloc(n * sizeof(*level));
	int *home = malloc(n * sizeof(*home));
	/* items by (level, plant): a list each */
	size_t *first = calloc((size_t)L * (size_t)p->plants + 1, sizeof(*first));
	size_t *byhome = malloc(n * sizeof(*byhome));
	size_t *comp = malloc(64 * sizeof(*comp));
	size_t *pos_in_slot = malloc(n * sizeof(*pos_in_slot));
	char a[32], b[32], site[16], src[16], id[32];
	*out = NULL;
	if (!level || !home || !first || !byhome || !comp || !pos_in_slot)
		goto fail;
	TRY(plan_model_new(&m));

	plan_date start = plan_date_from_ymd(2027, 1, 4);
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	sc.name = "generated";
	sc.start = start;
	sc.end = start + 7 * p->weeks - 1;
	sc.calendar = "MF";
	sc.format = p->v11 || p->process || p->projects ? 1 : 0;
	TRY(plan_model_set_scenario(m, &sc));
	plan_calendar_def cal = PLAN_CALENDAR_DEF_INIT;
	cal.calendar = "MF";
	cal.weekdays = "1111100";
	TRY(plan_model_add_calendar(m, &cal));
	cal.calendar = "MS";
	cal.weekdays = "1111110";
	TRY(plan_model_add_calendar(m, &cal));
	static const int holidays[][2] = { { 4, 2 }, { 4, 5 }, { 5, 13 }, { 5, 24 }, { 10, 3 }, { 12, 25 } };
	for (size_t h = 0; h < sizeof(holidays) / sizeof(holidays[0]); h++) {
		plan_calendar_day_def cd = PLAN_CALENDAR_DAY_DEF_INIT;
		cd.date = plan_date_from_ymd(2027, holidays[h][0], holidays[h][1]);
		cd.calendar = "MF";
		TRY(plan_model_add_calendar_day(m, &cd));
		cd.calendar = "MS";
		TRY(plan_model_add_calendar_day(m, &cd));
	}
	for (int s = 0; s < p->plants + p->dcs; s++) {
		plan_site_def sd = PLAN_SITE_DEF_INIT;
		snprintf(site, sizeof(site), "%c%d", s < p->plants ? 'P' : 'D',
			 s < p->plants ? s + 1 : s - p->plants + 1);
		sd.site = site;
		sd.calendar = s < p->plants ? "MF" : "MS";
		TRY(plan_model_add_site(m, &sd));
	}

	/* levels and home plants; more items deeper down */
	for (size_t i = 0; i < n; i++) {
		level[i] = (int)((double)i * L / (double)n);
		home[i] = (int)pick(&r, (size_t)p->plants);
		first[(size_t)level[i] * (size_t)p->plants + (size_t)home[i] + 1]++;
	}
	for (size_t k = 0; k < (size_t)L * (size_t)p->plants; k++)
		first[k + 1] += first[k];
	{
		size_t *fill = malloc(((size_t)L * (size_t)p->plants + 1) * sizeof(*fill));
		if (!fill)
			goto fail;
		memcpy(fill, first, ((size_t)L * (size_t)p->plants + 1) * sizeof(*fill));
		for (size_t i = 0; i < n; i++) {
			size_t slot = (size_t)level[i] * (size_t)p->plants + (size_t)home[i];
			pos_in_slot[i] = fill[slot] - first[slot];
			byhome[fill[slot]++] = i;
		}
		free(fill);
	}

	static const plan_lot_rule rules[] = {
		PLAN_LOT_L4L, PLAN_LOT_L4L, PLAN_LOT_L4L, PLAN_LOT_FOQ, PLAN_LOT_POQ,
		PLAN_LOT_EOQ, PLAN_LOT_WW, PLAN_LOT_SM, PLAN_LOT_LUC, PLAN_LOT_PPB,
	};
	for (size_t i = 0; i < n; i++) {
		plan_sku_def s = PLAN_SKU_DEF_INIT;
		code(a, sizeof(a), 'I', i);
		snprintf(site, sizeof(site), "P%d", home[i] + 1);
		s.item = a;
		s.site = site;
		s.type = level[i] == L - 1 ? PLAN_SKU_BUY : PLAN_SKU_MAKE;
		s.lead_time = s.type == PLAN_SKU_BUY ? 2 + (int)pick(&r, 9) : 1 + (int)pick(&r, 4);
		s.on_hand = uni(&r) < 0.5 ? 0 : (double)(10 * pick(&r, 30));
		s.safety_stock = uni(&r) < 0.1 ? (double)(5 * pick(&r, 10)) : 0;
		s.lot_rule = rules[pick(&r, sizeof(rules) / sizeof(rules[0]))];
		s.lot_qty = 50 + 10 * (double)pick(&r, 20);
		s.lot_periods = 2 + (int)pick(&r, 3);
		s.setup_cost = 20 + (double)pick(&r, 200);
		s.holding_cost = 0.05 + uni(&r);
		s.unit_cost = 1 + (double)pick(&r, 100);
		if (uni(&r) < 0.1)
			s.lot_multiple = 5;
		if (s.type == PLAN_SKU_MAKE && uni(&r) < 0.05)
			s.yield = 0.95;
		if (p->v11 && uni(&r11) < 0.2)
			s.frozen_days = 1 + (int)pick(&r11, 5);
		if (p->projects && level[i] > 0 && uni(&rps) < 0.1)
			s.project_specific = 1; /* (1.1 project stock) */
		if (p->process && s.type == PLAN_SKU_MAKE && uni(&rpr) < 0.2) {
			s.batch_size = 10 * (double)(1 + pick(&rpr, 5));
			s.lot_multiple = PLAN_NONE; /* (the batches are the multiple) */
		}
		if (p->v11) {
			plan_item_def it = PLAN_ITEM_DEF_INIT;
			it.item = a;
			it.uom = "pcs";
			it.decimals = 0;
			TRY(plan_model_add_item(m, &it));
		}
		TRY(plan_model_add_sku(m, &s));
	}
	/* resources: per plant, two shifts on the plant calendar; every made
	 * item has one or two routing steps on resources of its plant */
	for (int pl = 0; pl < p->plants; pl++) {
		for (int k = 0; k < p->resources; k++) {
			plan_resource_def rd = PLAN_RESOURCE_DEF_INIT;
			snprintf(id, sizeof(id), "R%d-%05d", pl + 1, k);
			snprintf(site, sizeof(site), "P%d", pl + 1);
			rd.resource = id;
			rd.site = site;
			rd.hours_per_day = 16;
			if (p->process && uni(&rpr) < 1.0 / 3)
				rd.units = 2 + (double)pick(&rpr, 2);
			TRY(plan_model_add_resource(m, &rd));
		}
	}
	for (size_t i = 0; i < n && p->resources > 0; i++) {
		if (level[i] == L - 1)
			continue;
		int steps = 1 + (int)pick(&r, 2);
		for (int k = 0; k < steps; k++) {
			plan_routing_def rt = PLAN_ROUTING_DEF_INIT;
			char step[16];
			code(a, sizeof(a), 'I', i);
			snprintf(site, sizeof(site), "P%d", home[i] + 1);
			snprintf(step, sizeof(step), "%d", 10 * (k + 1));
			snprintf(id, sizeof(id), "R%d-%05d", home[i] + 1, (int)pick(&r, (size_t)p->resources));
			rt.item = a;
			rt.site = site;
			rt.step = step;
			rt.resource = id;
			rt.setup_hours = 0.1 + (double)pick(&r, 5) * 0.1;
			rt.run_hours = 0.0002 * p->run_scale * (double)(1 + pick(&r, 20));
			if (p->process && uni(&rpr) < 1.0 / 3) {
				rt.rate = 1 / rt.run_hours; /* units an hour */
				rt.run_hours = 0;
			}
			TRY(plan_model_add_routing_step(m, &rt));
		}
	}
	size_t nblocks = (size_t)(p->blocks * (double)p->resources * (double)p->plants);
	for (size_t k = 0; k < nblocks; k++) {
		plan_maintenance_def mb = PLAN_MAINTENANCE_DEF_INIT;
		int pl = (int)pick(&r, (size_t)p->plants);
		char res[32], alt[32];
		snprintf(id, sizeof(id), "MB%06zu", k);
		snprintf(res, sizeof(res), "R%d-%05d", pl + 1, (int)pick(&r, (size_t)p->resources));
		snprintf(alt, sizeof(alt), "R%d-%05d", pl + 1, (int)pick(&r, (size_t)p->resources));
		mb.id = id;
		mb.resource = res;
		mb.start = start + (plan_date)pick(&r, (size_t)(7 * p->weeks - 5));
		mb.end = mb.start + 2 + (plan_date)pick(&r, 3);
		mb.kind = uni(&r) < 0.3 ? PLAN_MAINT_EMERGENCY : PLAN_MAINT_PLANNED;
		mb.capacity_factor = mb.kind == PLAN_MAINT_EMERGENCY ? 0.5 : 0;
		if (strcmp(res, alt) != 0 && uni(&r) < 0.6) {
			mb.alt_resource = alt;
			mb.alt_factor = 1.2;
		}
		TRY(plan_model_add_maintenance(m, &mb));
	}
	/* BOMs: components from the next level (70%) or deeper; from the own
	 * plant unless cross_plant says otherwise, then transferred in */
	for (size_t i = 0; i < n; i++) {
		if (level[i] == L - 1)
			continue;
		int nc = 1 + (int)pick(&r, (size_t)(2 * p->components - 1 + 0.5));
		if (nc > 64)
			nc = 64;
		int got = 0;
		for (int k = 0; k < nc * 3 && got < nc; k++) {
			int lv = level[i] + 1;
			if (uni(&r) >= 0.7 && lv < L - 1)
				lv += 1 + (int)pick(&r, (size_t)(L - 1 - lv));
			int pl = home[i];
			if (uni(&r) < p->cross_plant)
				pl = (int)pick(&r, (size_t)p->plants);
			size_t slot = (size_t)lv * (size_t)p->plants + (size_t)pl;
			size_t cnt = first[slot + 1] - first[slot];
			if (!cnt)
				continue;
			/* modular products: a parent draws on the components near its
			 * own place in its level, so that each component has a few
			 * dozen ancestors, not the whole catalogue; the bought level
			 * is shared more widely (raw materials) */
			size_t own = (size_t)level[i] * (size_t)p->plants + (size_t)home[i];
			size_t ocnt = first[own + 1] - first[own];
			double at = ocnt ? (double)(pos_in_slot[i]) / (double)ocnt : 0;
			size_t width = lv == L - 1 ? 400 : 24;
			if (width > cnt)
				width = cnt;
			size_t lo = (size_t)(at * (double)cnt);
			lo = lo + width > cnt ? cnt - width : lo;
			size_t c = byhome[first[slot] + lo + pick(&r, width)];
			int dup = 0;
			for (int j = 0; j < got; j++)
				dup |= comp[j] == c;
			if (dup)
				continue;
			comp[got++] = c;
			code(a, sizeof(a), 'I', i);
			code(b, sizeof(b), 'I', c);
			snprintf(site, sizeof(site), "P%d", home[i] + 1);
			if (home[c] != home[i] && plan_model_find_sku(m, b, site) < 0) {
				plan_sku_def t = PLAN_SKU_DEF_INIT;
				t.item = b;
				t.site = site;
				t.type = PLAN_SKU_TRANSFER;
				t.lot_rule = uni(&r) < 0.5 ? PLAN_LOT_L4L : PLAN_LOT_POQ;
				t.lot_periods = 2;
				t.on_hand = uni(&r) < 0.5 ? 0 : (double)(10 * pick(&r, 10));
				TRY(plan_model_add_sku(m, &t));
				plan_lane_def l = PLAN_LANE_DEF_INIT;
				snprintf(src, sizeof(src), "P%d", home[c] + 1);
				l.item = b;
				l.site = site;
				l.source = src;
				l.transfer_days = 1 + (int)pick(&r, 3);
				l.cost = 1;
				TRY(plan_model_add_lane(m, &l));
			}
			plan_bom_def bl = PLAN_BOM_DEF_INIT;
			bl.parent = a;
			bl.component = b;
			bl.qty_per = uni(&r) < 0.7 ? 1 : 2 + (double)pick(&r, 3);
			if (uni(&r) < 0.1)
				bl.scrap = 0.02;
			TRY(plan_model_add_bom_line(m, &bl));
		}
	}
	/* (1.1 process) a tenth of the made items are recipes yielding one
	 * output: an item of their level and plant after them (no cycle: its
	 * own components are deeper), a co-product or (a third) a by-product */
	rng rout = { p->seed ^ 0x3333333333333333ULL };
	for (size_t i = 0; p->process && i < n; i++) {
		if (level[i] == L - 1 || uni(&rout) >= 0.1)
			continue;
		size_t slot = (size_t)level[i] * (size_t)p->plants + (size_t)home[i];
		size_t cnt = first[slot + 1] - first[slot];
		size_t j = cnt ? byhome[first[slot] + pick(&rout, cnt)] : i;
		if (j <= i)
			continue;
		plan_output_def o = PLAN_OUTPUT_DEF_INIT;
		code(a, sizeof(a), 'I', i);
		code(b, sizeof(b), 'I', j);
		snprintf(site, sizeof(site), "P%d", home[i] + 1);
		o.item = a;
		o.site = site;
		o.output = b;
		o.qty_per = 0.2 * (double)(1 + pick(&rout, 5));
		o.kind = uni(&rout) < 1.0 / 3 ? PLAN_OUTPUT_BY : PLAN_OUTPUT_CO;
		o.cost_share = uni(&rout) < 0.5 ? 0 : 0.1 * (double)(1 + pick(&rout, 3));
		TRY(plan_model_add_output(m, &o));
	}
	/* end items at every DC: from their plant, some also from the previous DC */
	size_t nend = first[(size_t)p->plants];
	for (size_t k = 0; k < nend; k++) {
		size_t i = byhome[k];
		code(a, sizeof(a), 'I', i);
		for (int d = 0; d < p->dcs; d++) {
			plan_sku_def t = PLAN_SKU_DEF_INIT;
			snprintf(site, sizeof(site), "D%d", d + 1);
			t.item = a;
			t.site = site;
			t.type = PLAN_SKU_TRANSFER;
			t.lot_rule = uni(&r) < 0.7 ? PLAN_LOT_L4L : PLAN_LOT_WW;
			t.setup_cost = 50;
			t.holding_cost = 0.5;
			t.on_hand = (double)(5 * pick(&r, 8));
			t.safety_stock = uni(&r) < 0.2 ? 5 : 0;
			t.consume_back = p->v11 ? 6 : 0;
			t.consume_forward = p->v11 ? 1 : 0;
			TRY(plan_model_add_sku(m, &t));
			plan_lane_def l = PLAN_LANE_DEF_INIT;
			snprintf(src, sizeof(src), "P%d", home[i] + 1);
			l.item = a;
			l.site = site;
			l.source = src;
			l.transfer_days = 1 + (int)pick(&r, 3);
			l.cost = 2;
			int second = d > 0 && uni(&r) < 0.1;
			if (second)
				l.max_per_bucket = 100;
			TRY(plan_model_add_lane(m, &l));
			if (second) {
				snprintf(src, sizeof(src), "D%d", d);
				l.source = src;
				l.priority = 2;
				l.max_per_bucket = PLAN_NONE;
				l.transfer_days = 2;
				TRY(plan_model_add_lane(m, &l));
			}
		}
	}
	for (size_t k = 0; k < p->demands && nend; k++) {
		size_t i = byhome[pick(&r, nend)];
		plan_demand_def d = PLAN_DEMAND_DEF_INIT;
		code(a, sizeof(a), 'I', i);
		code(id, sizeof(id), 'D', k);
		snprintf(site, sizeof(site), "D%d", 1 + (int)pick(&r, (size_t)p->dcs));
		d.id = id;
		d.item = a;
		d.site = site;
		d.due = start + (plan_date)pick(&r, (size_t)(7 * p->weeks));
		d.qty = 1 + (double)pick(&r, 50);
		d.priority = 1 + (int)pick(&r, 10);
		d.kind = d.due < start + 28 ? PLAN_DEMAND_ORDER : PLAN_DEMAND_FORECAST;
		TRY(plan_model_add_demand(m, &d));
		if (p->v11 && d.kind == PLAN_DEMAND_ORDER && uni(&r11) < 0.6) {
			/* the forecast of the order's week, due on its Monday */
			code(id, sizeof(id), 'F', k);
			d.id = id;
			d.due = start + 7 * ((d.due - start) / 7);
			d.qty = 1 + (double)pick(&r11, 60);
			d.kind = PLAN_DEMAND_FORECAST;
			TRY(plan_model_add_demand(m, &d));
		}
	}
	size_t nsku = plan_model_count(m, PLAN_TABLE_SKUS);
	size_t nrec = (size_t)(p->receipts * (double)nsku);
	for (size_t k = 0; k < nrec; k++) {
		plan_sku_def s = PLAN_SKU_DEF_INIT;
		plan_model_get_sku(&s, m, pick(&r, nsku));
		plan_receipt_def rc = PLAN_RECEIPT_DEF_INIT;
		code(id, sizeof(id), 'R', k);
		rc.id = id;
		rc.item = s.item;
		rc.site = s.site;
		rc.due = start + (plan_date)pick(&r, 28);
		rc.qty = 10 + (double)pick(&r, 100);
		rc.kind = s.type == PLAN_SKU_MAKE ? PLAN_RECEIPT_PRODUCTION
			  : s.type == PLAN_SKU_BUY ? PLAN_RECEIPT_PURCHASE : PLAN_RECEIPT_TRANSFER;
		if (s.type == PLAN_SKU_TRANSFER) {
			/* every lane's first source is the item's plant */
			size_t item = (size_t)strtoul(s.item + 1, NULL, 10);
			snprintf(src, sizeof(src), "P%d", home[item] + 1);
			rc.source = src;
		}
		TRY(plan_model_add_receipt(m, &rc));
	}
	if (p->projects && gen_projects(m, p, start, level, home, L) < 0)
		goto fail;
	free(level);
	free(home);
	free(first);
	free(byhome);
	free(comp);
	free(pos_in_slot);
	*out = m;
	return 0;
fail:
	free(level);
	free(home);
	free(first);
	free(byhome);
	free(comp);
	free(pos_in_slot);
	plan_model_free(m);
	return PLAN_ENOMEM;
}
