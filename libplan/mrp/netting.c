/* Gross to net for one SKU, then lot sizing.
 *
 * Buckets follow format.md: requirements and receipts are placed on their
 * day (before start: on start); a bucket's net requirement is what keeps
 * stock at or above zero on every day of the bucket and at or above safety
 * stock at its end (APICS: projected available balance against safety stock
 * at period end). Planned receipts are due on the first day of the bucket
 * they net. The lot-for-lot series r is computed first; the lot rule then
 * groups it (lotsize.c), and each lot becomes orders released lead_time
 * working days before due (transfers: per lane, transfer_days calendar days). */
#include "mrp/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_req(const void *a, const void *b)
{
	const plan_req *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->src < y->src ? -1 : x->src > y->src;
}

typedef struct emit_ctx {
	plan_engine *e;
	int32_t sku;
	const plan_sku_def *def;
	const plan_cal *cal;
	int32_t run;          /* (1.1) a co-product: the recipe SKU each lot runs
				 (-1: the SKU's own orders) */
	double per;           /* the recipe's yield of it a unit */
} emit_ctx;

/* A requirement of sku past PLAN_MAX_PLANNED in the bucket of day: the
 * message names the largest requirement of the SKU and the input row it
 * comes from (the demand, or the BOM line or lane from the order placing
 * it). PLAN_ERANGE. */
static int too_large(plan_engine *e, int32_t sku, const plan_req *reqs, size_t nreq,
		     double need, plan_date day)
{
	const plan_model *m = e->m;
	const plan_sku_def *def = plan__sku(m, sku);
	size_t big = 0;
	for (size_t i = 1; i < nreq; i++)
		if (!(reqs[i].qty <= reqs[big].qty))
			big = i;
	char d[11], where[300] = "";
	plan_date_format(d, day);
	if (nreq && reqs[big].src < 0) {
		size_t row = (size_t)(-1 - reqs[big].src);
		plan_model__where(m, PLAN_TABLE_DEMAND, row, DEM_QTY, where, sizeof(where));
	} else if (nreq && e->all && (size_t)reqs[big].src < e->all->nord) {
		const plan_ord *o = &e->all->ord[reqs[big].src];
		const plan_sku_def *p = plan__sku(m, o->sku);
		char at[200] = "";
		if (o->kind == PLAN_ORDER_TRANSFER) {
			plan_model__where(m, PLAN_TABLE_SOURCING, (size_t)o->lane, -1, at, sizeof(at));
		} else {
			for (int32_t x = m->edge_off[o->sku]; x < m->edge_off[o->sku + 1]; x++)
				if (m->edge_to[x] == sku && m->edge_row[x] >= 0)
					plan_model__where(m, PLAN_TABLE_BOM, (size_t)m->edge_row[x],
							  BOM_QTY_PER, at, sizeof(at));
		}
		snprintf(where, sizeof(where), "an order of %.6g of %.64s@%.64s, %.100s", o->qty,
			 p->item, p->site, at);
	}
	snprintf(e->errmsg, sizeof(e->errmsg),
		 "%.64s@%.64s: a requirement of %.6g in the bucket of %s is past the limit %g of a "
		 "plan (the largest from %.250s)", def->item, def->site, need, d,
		 (double)PLAN_MAX_PLANNED, where);
	return PLAN_ERANGE;
}

/* One lot from the lot rule: due on the first day of its bucket. */
static int emit_lot(void *ctx, size_t b, double qty)
{
	emit_ctx *c = ctx;
	plan_engine *e = c->e;
	if (!(qty <= PLAN_MAX_PLANNED)) {
		char where[200];
		plan_model__where(e->m, PLAN_TABLE_SKUS, (size_t)c->sku, SKU_LOT_RULE, where,
				  sizeof(where));
		snprintf(e->errmsg, sizeof(e->errmsg),
			 "%.64s@%.64s: a lot of %.6g by its lot rule (%.100s) is past the limit %g of "
			 "a plan",
			 c->def->item, c->def->site, qty, where, (double)PLAN_MAX_PLANNED);
		return PLAN_ERANGE;
	}
	e->planned[b] += qty;
	if (c->run >= 0) {
		/* a run of the recipe that yields the lot: whole units and lots
		 * of the recipe (what it yields beyond is stock) */
		const plan_sku_def *r = plan__sku(e->m, c->run);
		plan_ord o = { c->run, -1, -1, PLAN_ORDER_MAKE, 0, e->bk.start[b], 0, 0, 0 };
		o.release = plan_cal__back(plan_cal__of_site(&e->cals, TAB_ID(e->m, PLAN_TABLE_SKUS, c->run, 1)),
					   o.due, r->lead_time);
		o.qty = plan_qty__lot_up(qty / c->per, r->lot_min, plan_sku__multiple(r),
					 plan_model__sku_dec(e->m, c->run));
		for (int k = 0; k < 4 && o.qty * c->per < qty; k++)
			o.qty = nextafter(o.qty, HUGE_VAL); /* never a hair short */
		if (!(o.qty <= PLAN_MAX_PLANNED)) {
			snprintf(e->errmsg, sizeof(e->errmsg),
				 "%.64s@%.64s: a run of %.6g of its recipe %.64s for a lot of %.6g is "
				 "past the limit %g of a plan", c->def->item, c->def->site, o.qty,
				 r->item, qty, (double)PLAN_MAX_PLANNED);
			return PLAN_ERANGE;
		}
		return plan_result__add_order(e->res, &o) < 0 ? PLAN_ENOMEM : 0;
	}
	if (c->def->type == PLAN_SKU_TRANSFER)
		return plan_sourcing__split(e, c->sku, b, qty);
	if (c->def->type == PLAN_SKU_BUY && plan_model__has_suppliers(e->m, c->sku))
		return plan_sourcing__buy(e, c->sku, b, qty);
	plan_ord o;
	o.sku = c->sku;
	o.lane = -1;
	o.receipt = -1;
	o.kind = c->def->type == PLAN_SKU_MAKE ? PLAN_ORDER_MAKE : PLAN_ORDER_BUY;
	o.due = e->bk.start[b];
	o.release = plan_cal__back(c->cal, o.due, c->def->lead_time);
	o.qty = qty;
	o.alloc_first = o.alloc_count = 0;
	return plan_result__add_order(e->res, &o) < 0 ? PLAN_ENOMEM : 0;
}

/* Sorts a SKU's requirements by (date, src). They come in the order of
 * their src (mrp.c places them so), so a stable sort by day is enough:
 * a counting sort over the days they span when that is not much more than
 * their number. 0 or PLAN_ENOMEM. */
static int sort_reqs(plan_engine *e, plan_req *reqs, size_t nreq)
{
	if (nreq <= 24) {
		/* most SKUs have few requirements: insertion sort */
		for (size_t i = 1; i < nreq; i++) {
			plan_req v = reqs[i];
			size_t j = i;
			while (j > 0 && cmp_req(&reqs[j - 1], &v) > 0) {
				reqs[j] = reqs[j - 1];
				j--;
			}
			reqs[j] = v;
		}
		return 0;
	}
	plan_date lo = reqs[0].date, hi = reqs[0].date;
	for (size_t i = 1; i < nreq; i++) {
		lo = reqs[i].date < lo ? reqs[i].date : lo;
		hi = reqs[i].date > hi ? reqs[i].date : hi;
	}
	size_t span = (size_t)((int64_t)hi - lo) + 1;
	if (span > 4 * nreq + 1024) {
		qsort(reqs, nreq, sizeof(*reqs), cmp_req);
		return 0;
	}
	if (plan_vec__reserve((void **)&e->sort_buf, &e->sort_cap, sizeof(*e->sort_buf), nreq) < 0 ||
	    plan_vec__reserve((void **)&e->sort_cnt, &e->sort_cnt_cap, sizeof(*e->sort_cnt), span + 1) < 0)
		return PLAN_ENOMEM;
	uint32_t *cnt = e->sort_cnt;
	memset(cnt, 0, (span + 1) * sizeof(*cnt));
	for (size_t i = 0; i < nreq; i++)
		cnt[reqs[i].date - lo + 1]++;
	for (size_t d = 0; d < span; d++)
		cnt[d + 1] += cnt[d];
	for (size_t i = 0; i < nreq; i++)
		e->sort_buf[cnt[reqs[i].date - lo]++] = reqs[i];
	memcpy(reqs, e->sort_buf, nreq * sizeof(*reqs));
	return 0;
}

int plan_netting__sku(plan_engine *e, int32_t sku, plan_req *reqs, size_t nreq)
{
	const plan_sku_def *def = plan__sku(e->m, sku);
	size_t nb = e->bk.n;
	plan_date start = e->start;
	if (sort_reqs(e, reqs, nreq) < 0)
		return PLAN_ENOMEM;

	/* lot-for-lot: walk the days that have events, bucket by bucket
	 * (1.1: a project's requirements of its own stock have none at start,
	 * no receipts and no safety stock) */
	const int32_t *rec = e->rec_ord + e->rec_off[sku];
	size_t nrec = e->seg >= 0 ? 0 : (size_t)(e->rec_off[sku + 1] - e->rec_off[sku]);
	double safety = e->seg >= 0 ? 0 : def->safety_stock;
	size_t qi = 0, ri = 0;
	/* beside the position as summed, the exact one (xpos + xcomp, rule
	 * 1's stock: the plan's quantities added exactly): at 1e12 a double
	 * cannot hold 1e12 + 0.25 + 0.25 ... to the plan's tolerance, and a
	 * need short by that rounding would break rule 1 */
	double pos = e->seg >= 0 ? 0 : def->on_hand, gross = 0, xpos = pos, xcomp = 0;
	for (size_t b = 0; b < nb; b++) {
		plan_date end = e->bk.start[b + 1];
		double low = pos, xlow = xpos, xlow_comp = xcomp;
		for (;;) {
			plan_date dq = qi < nreq ? (reqs[qi].date > start ? reqs[qi].date : start) : end;
			plan_date dr = end;
			if (ri < nrec) {
				plan_date d = e->res->ord[rec[ri]].due;
				dr = d > start ? d : start;
			}
			plan_date day = dq < dr ? dq : dr;
			if (day >= end)
				break;
			while (ri < nrec) {
				plan_date d = e->res->ord[rec[ri]].due;
				if ((d > start ? d : start) != day)
					break;
				pos += e->res->ord[rec[ri]].qty;
				plan_sum__add(&xpos, &xcomp, e->res->ord[rec[ri]].qty);
				ri++;
			}
			while (qi < nreq && (reqs[qi].date > start ? reqs[qi].date : start) == day) {
				pos -= reqs[qi].qty; /* (1.1: a yield is minus) */
				plan_sum__add(&xpos, &xcomp, -reqs[qi].qty);
				if (reqs[qi].qty > 0)
					gross += reqs[qi].qty;
				qi++;
			}
			if (pos < low)
				low = pos;
			if (xpos + xcomp < xlow + xlow_comp) {
				xlow = xpos;
				xlow_comp = xcomp;
			}
		}
		double need = safety - pos;
		if (-low > need)
			need = -low;
		/* the exact need, where the sum's rounding left more than a
		 * hair of the tolerance out (else the need as summed, as ever) */
		double shortfall = plan_sum__beyond(safety, 0, xpos, xcomp, need);
		double low_short = plan_sum__beyond(0, 0, xlow, xlow_comp, need);
		if (low_short > shortfall)
			shortfall = low_short;
		if (shortfall > PLAN_TOL / 8) {
			double up = need + shortfall;
			need = up - need < shortfall ? nextafter(up, HUGE_VAL) : up;
		}
		/* within the plan's tolerance a need is none (it waits for the
		 * next bucket's), and a need just above it is an order twice as
		 * large: an order the verifiers would call empty is never made */
		if (need < 1e-12 * fabs(pos) + PLAN_EPS || need <= PLAN_TOL / 2)
			need = 0;
		else if (need < 2 * PLAN_TOL)
			need = 2 * PLAN_TOL;
		if (!(need <= PLAN_MAX_PLANNED))
			return too_large(e, sku, reqs, nreq, need, e->bk.start[b]);
		e->r[b] = need;
		pos += need;
		plan_sum__add(&xpos, &xcomp, need);
		e->pa[b] = pos;
		e->planned[b] = 0;
	}

	plan_lot_params p = PLAN_LOT_PARAMS_INIT;
	p.rule = def->lot_rule;
	p.lot_qty = def->lot_qty;
	p.lot_periods = def->lot_periods;
	p.lot_min = def->lot_min;
	p.lot_max = def->lot_max;
	p.lot_multiple = plan_sku__multiple(def); /* (1.1: or its batches) */
	p.setup = def->setup_cost;
	p.holding = def->holding_cost;
	p.mean_gross = nb ? gross / (double)nb : 0;
	emit_ctx c = { e, sku, def, plan_cal__of_site(&e->cals, TAB_ID(e->m, PLAN_TABLE_SKUS, sku, 1)),
		       -1, 1 };
	int32_t co = plan_model__co_row(e->m, sku);
	if (co >= 0) {
		/* (1.1) a co-product's lots are its recipe's runs: the recipe's
		 * lot bounds, in units of the output */
		const plan_sku_def *r = plan__sku(e->m, e->m->out_rec[co]);
		c.run = e->m->out_rec[co];
		c.per = ((const plan_output_def *)TAB_ROW(e->m, PLAN_TABLE_OUTPUTS, co))->qty_per;
		double mult = plan_sku__multiple(r);
		p.lot_min = r->lot_min * c.per;
		p.lot_multiple = mult != PLAN_NONE ? mult * c.per : PLAN_NONE;
		p.lot_max = r->lot_max != PLAN_NONE ? r->lot_max * c.per : PLAN_NONE;
	}
	int rc = plan_lot__run(&e->lot, e->r, nb, &p, plan_model__sku_dec(e->m, sku), emit_lot, &c);
	if (rc == PLAN_ERANGE && !e->errmsg[0])
		snprintf(e->errmsg, sizeof(e->errmsg),
			 "%s@%s: lot_max %.10g splits a lot into more than a million orders", def->item,
			 def->site, def->lot_max);
	return rc;
}
