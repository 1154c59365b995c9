/* The report's charts, as inline SVG: load against capacity, projected
 * stock against safety stock, orders on a time line. Each chart draws a
 * bounded number of elements, whatever the plan's size: the most loaded
 * resources, the most critical SKUs, the first orders of the focus. */
#include "report/report_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HEAT_ROWS 40     /* resources in the heat map */
#define BAR_CHARTS 6     /* resources with bars of their own */
#define HEAT_COLS 120    /* columns at most (buckets grouped beyond) */
#define STOCK_CHARTS 8
#define GANTT_ROWS 150
#define WIDTH 960        /* of a chart, pixels */
#define LABEL 150        /* of the labels left of a chart */

/* --- time axis ---------------------------------------------------------------- */

static double x_of(const rep *x, plan_date d, double x0, double w)
{
	double span = (double)(x->end + 1 - x->start);
	return x0 + w * (double)(d - x->start) / (span > 0 ? span : 1);
}

/* Month ticks and labels below a time chart of width w from x0, at y. */
static void time_axis(rep *x, double x0, double w, double y)
{
	FILE *f = x->f;
	int yy, mm, dd;
	if (plan_date_to_ymd(&yy, &mm, &dd, x->start) < 0)
		return;
	fprintf(f, "<g class=\"axis\">");
	for (int k = 0; k < 240; k++) {
		int mo = mm + k + (dd > 1 ? 1 : 0);
		plan_date d = plan_date_from_ymd(yy + (mo - 1) / 12, (mo - 1) % 12 + 1, 1);
		if (d == PLAN_DATE_NONE || d > x->end)
			break;
		double px = x_of(x, d, x0, w);
		if (px + 40 > x0 + w)
			break; /* no label cut by the edge */
		char s[11];
		plan_date_format(s, d);
		s[7] = '\0';
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			   "<text x=\"%.1f\" y=\"%.1f\">%s</text>",
			px, y, px, y + 4, px + 2, y + 14, s);
	}
	fprintf(f, "</g>");
}

/* --- load against capacity ------------------------------------------------------ */

typedef struct cap_row {
	const char *res;
	plan_date bucket;
	double avail, loaded, lost, alt;
} cap_row;

static int cmp_cap(const void *a, const void *b)
{
	const cap_row *p = a, *q = b;
	int c = strcmp(p->res, q->res);
	if (c)
		return c;
	return p->bucket < q->bucket ? -1 : p->bucket > q->bucket;
}

typedef struct res_sum {
	size_t first, n;   /* its rows */
	double peak, loaded;
} res_sum;

static int cmp_res(const void *a, const void *b)
{
	const res_sum *p = a, *q = b;
	if (p->peak != q->peak)
		return p->peak > q->peak ? -1 : 1;
	if (p->loaded != q->loaded)
		return p->loaded > q->loaded ? -1 : 1;
	return p->first < q->first ? -1 : p->first > q->first;
}

static int cmp_date(const void *a, const void *b)
{
	plan_date p = *(const plan_date *)a, q = *(const plan_date *)b;
	return p < q ? -1 : p > q;
}

static double util(double loaded, double avail)
{
	return avail > 0 ? loaded / avail : loaded > 0 ? 9.99 : 0;
}

static const char *heat_color(double u)
{
	return u <= 0 ? "#f1f5f9" : u < 0.5 ? "#dbeafe" : u < 0.8 ? "#93c5fd" : u < 0.95 ? "#3b82f6"
	     : u <= 1.0 + 1e-9 ? "#1e40af" : "#dc2626";
}

/* Columns of the heat map: buckets grouped by g. */
static void heat_map(rep *x, const cap_row *row, const res_sum *rs, size_t nres, size_t nb,
		     const plan_date *bucket)
{
	FILE *f = x->f;
	size_t g = (nb + HEAT_COLS - 1) / HEAT_COLS, ncol = (nb + g - 1) / g;
	double cw = (double)(WIDTH - LABEL) / (double)(ncol ? ncol : 1), ch = 14;
	size_t shown = nres < HEAT_ROWS ? nres : HEAT_ROWS;
	double h = ch * (double)shown + 24;
	fprintf(f, "<svg class=\"chart heat\" width=\"%d\" height=\"%.0f\" role=\"img\" "
		   "aria-label=\"load against capacity\">", WIDTH, h);
	for (size_t k = 0; k < shown; k++) {
		const res_sum *s = &rs[k];
		double y = ch * (double)k;
		fprintf(f, "<text class=\"lbl\" x=\"%d\" y=\"%.1f\">", LABEL - 6, y + ch - 3);
		plan_rep__esc(f, row[s->first].res);
		fprintf(f, "</text>");
		/* its rows run in bucket order: each column takes the next ones */
		size_t i = s->first, end = s->first + s->n;
		for (size_t c = 0; c < ncol; c++) {
			double avail = 0, loaded = 0, lost = 0, alt = 0;
			size_t b0 = c * g, b1 = b0 + g < nb ? b0 + g : nb;
			for (; i < end && (b1 >= nb || row[i].bucket < bucket[b1]); i++) {
				avail += row[i].avail, loaded += row[i].loaded;
				lost += row[i].lost, alt += row[i].alt;
			}
			double u = util(loaded, avail);
			char d[11];
			plan_date_format(d, bucket[b0]);
			fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s>"
				   "<title>%s: %.1f of %.1f h (%.0f %%)",
				LABEL + cw * (double)c, y, cw - 0.5, ch - 1, heat_color(u),
				lost > 0 ? " class=\"maint\"" : "", d, loaded, avail, 100 * u);
			if (lost > 0)
				fprintf(f, ", %.1f h lost to maintenance", lost);
			if (alt > 0)
				fprintf(f, ", %.1f h to alternates", alt);
			fprintf(f, "</title></rect>");
			if (alt > 0)
				fprintf(f, "<circle class=\"alt\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>",
					LABEL + cw * ((double)c + 0.5), y + ch / 2 - 0.5);
		}
	}
	time_axis(x, LABEL, WIDTH - LABEL, ch * (double)shown + 2);
	fprintf(f, "</svg>\n");
	if (nres > shown)
		fprintf(f, "<p class=\"note\">The %zu most loaded of %zu resources (by their busiest "
			   "bucket); capacity.csv holds every one.</p>\n", shown, nres);
	if (g > 1)
		fprintf(f, "<p class=\"note\">Each column is %zu buckets.</p>\n", g);
}

/* One resource's buckets: what it would offer (grey), what maintenance
 * took of it (hatched), the load (blue, red beyond what is left). */
static void bars(rep *x, const cap_row *row, const res_sum *s)
{
	FILE *f = x->f;
	double top = 0;
	for (size_t i = s->first; i < s->first + s->n; i++) {
		double a = row[i].avail + row[i].lost;
		top = fmax(top, fmax(a, row[i].loaded));
	}
	if (!(top > 0))
		top = 1;
	double w = WIDTH - LABEL, h = 90, y0 = 8;
	fprintf(f, "<svg class=\"chart bars\" width=\"%d\" height=\"%.0f\" role=\"img\">", WIDTH, h + 30);
	fprintf(f, "<text class=\"lbl\" x=\"%d\" y=\"%.1f\">", LABEL - 6, y0 + 12);
	plan_rep__esc(f, row[s->first].res);
	fprintf(f, "</text><text class=\"lbl small\" x=\"%d\" y=\"%.1f\">peak %.0f %%</text>", LABEL - 6,
		y0 + 26, 100 * s->peak);
	for (size_t i = s->first; i < s->first + s->n; i++) {
		const cap_row *p = &row[i];
		plan_date next = i + 1 < s->first + s->n ? row[i + 1].bucket : x->end + 1;
		double x0 = x_of(x, p->bucket, LABEL, w), x1 = x_of(x, next, LABEL, w);
		double bw = fmax(1, x1 - x0 - 1);
		double ya = y0 + h * (1 - p->avail / top), yl = y0 + h * (1 - (p->avail + p->lost) / top);
		char d[11];
		plan_date_format(d, p->bucket);
		fprintf(f, "<g><title>%s: %.1f of %.1f h", d, p->loaded, p->avail);
		if (p->lost > 0)
			fprintf(f, ", %.1f h lost to maintenance", p->lost);
		if (p->alt > 0)
			fprintf(f, ", %.1f h moved to alternates", p->alt);
		fprintf(f, "</title><rect class=\"offer\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
			x0, ya, bw, y0 + h - ya);
		if (p->lost > 0)
			fprintf(f, "<rect class=\"lost\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
				x0, yl, bw, ya - yl);
		double in = fmin(p->loaded, p->avail), over = p->loaded - in;
		double yi = y0 + h * (1 - in / top);
		if (in > 0)
			fprintf(f, "<rect class=\"load\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
				x0 + bw * 0.15, yi, bw * 0.7, y0 + h - yi);
		if (over > 1e-9)
			fprintf(f, "<rect class=\"over\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
				x0 + bw * 0.15, y0 + h * (1 - p->loaded / top), bw * 0.7, h * over / top);
		if (p->alt > 0)
			fprintf(f, "<circle class=\"alt\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", x0 + bw / 2,
				y0 + h - 4);
		fprintf(f, "</g>");
	}
	time_axis(x, LABEL, w, y0 + h + 2);
	fprintf(f, "</svg>\n");
}

int plan_rep__capacity(rep *x)
{
	size_t n = plan_result_count(x->r, PLAN_RESULT_CAPACITY);
	FILE *f = x->f;
	if (!n) {
		fprintf(f, "<p>No resource is loaded.</p>\n");
		return 0;
	}
	cap_row *row = malloc(n * sizeof(*row));
	res_sum *rs = malloc(n * sizeof(*rs));
	plan_date *bucket = malloc(n * sizeof(*bucket));
	if (!row || !rs || !bucket) {
		free(row), free(rs), free(bucket);
		return PLAN_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		plan_capacity c = PLAN_CAPACITY_INIT;
		plan_result_get_capacity(&c, x->r, i);
		row[i] = (cap_row){ c.resource, c.bucket, c.available, c.loaded, c.maintenance_lost,
				    c.to_alternate };
	}
	qsort(row, n, sizeof(*row), cmp_cap);
	size_t nres = 0, nb = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(row[i].res, row[i - 1].res)) {
			rs[nres++] = (res_sum){ i, 0, 0, 0 };
		}
		res_sum *s = &rs[nres - 1];
		s->n++;
		s->loaded += row[i].loaded;
		s->peak = fmax(s->peak, util(row[i].loaded, row[i].avail));
		bucket[i] = row[i].bucket;
	}
	/* the buckets: every distinct first day */
	qsort(bucket, n, sizeof(*bucket), cmp_date);
	for (size_t i = 0; i < n; i++)
		if (nb == 0 || bucket[i] != bucket[nb - 1])
			bucket[nb++] = bucket[i];
	qsort(rs, nres, sizeof(*rs), cmp_res);
	fprintf(f, "<p class=\"legend\"><span class=\"sw\" style=\"background:#dbeafe\"></span>under "
		   "50 %% <span class=\"sw\" style=\"background:#93c5fd\"></span>50-80 %% "
		   "<span class=\"sw\" style=\"background:#3b82f6\"></span>80-95 %% "
		   "<span class=\"sw\" style=\"background:#1e40af\"></span>95-100 %% "
		   "<span class=\"sw\" style=\"background:#dc2626\"></span>over 100 %% "
		   "<span class=\"sw maint\"></span>maintenance "
		   "<span class=\"dot\"></span>hours moved to an alternate</p>\n");
	heat_map(x, row, rs, nres, nb, bucket);
	fprintf(f, "<h3>The %d most loaded resources, bucket by bucket</h3>\n",
		(int)(nres < BAR_CHARTS ? nres : BAR_CHARTS));
	for (size_t k = 0; k < nres && k < BAR_CHARTS; k++)
		bars(x, row, &rs[k]);
	free(row);
	free(rs);
	free(bucket);
	return 0;
}

/* --- projected stock ------------------------------------------------------------ */

typedef struct step {
	plan_date date;
	double stock;
} step;

typedef struct steps {
	step *v;
	size_t n, cap;
} steps;

static int take_step(void *ctx, plan_date date, double stock)
{
	steps *s = ctx;
	if (plan_vec__reserve((void **)&s->v, &s->cap, sizeof(*s->v), s->n + 1) < 0)
		return PLAN_ENOMEM;
	s->v[s->n++] = (step){ date, stock };
	return 0;
}

typedef struct critical {
	const char *item, *site;
	double late_qty;   /* quantity of its demands late or short */
	int below;         /* stock below safety stock */
	plan_date marks[16];
	int nmarks;
} critical;

static int cmp_critical(const void *a, const void *b)
{
	const critical *p = a, *q = b;
	if (p->late_qty != q->late_qty)
		return p->late_qty > q->late_qty ? -1 : 1;
	return q->below - p->below;
}

static void stock_chart(rep *x, const critical *c, const steps *st, double ss)
{
	FILE *f = x->f;
	double lo = fmin(0, ss), hi = fmax(ss, 1);
	for (size_t i = 0; i < st->n; i++)
		lo = fmin(lo, st->v[i].stock), hi = fmax(hi, st->v[i].stock);
	hi += (hi - lo) * 0.08;
	double w = WIDTH - LABEL, h = 110, y0 = 6;
#define Y(v) (y0 + h * (1 - ((v)-lo) / (hi - lo)))
	fprintf(f, "<svg class=\"chart stock\" width=\"%d\" height=\"%.0f\" role=\"img\">", WIDTH, h + 28);
	fprintf(f, "<text class=\"lbl\" x=\"%d\" y=\"%.1f\">", LABEL - 6, y0 + 12);
	plan_rep__esc(f, c->item);
	fprintf(f, "@");
	plan_rep__esc(f, c->site);
	fprintf(f, "</text>");
	if (c->late_qty > 0)
		fprintf(f, "<text class=\"lbl small\" x=\"%d\" y=\"%.1f\">%.6g late or short</text>",
			LABEL - 6, y0 + 26, c->late_qty);
	fprintf(f, "<line class=\"zero\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LABEL, Y(0),
		WIDTH, Y(0));
	if (ss > 0)
		fprintf(f, "<line class=\"ss\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"><title>safety "
			   "stock %.6g</title></line>",
			LABEL, Y(ss), WIDTH, Y(ss), ss);
	/* a step line: each level holds until the next day that changes it */
	fprintf(f, "<path class=\"level\" d=\"");
	for (size_t i = 0; i < st->n; i++) {
		double nx = x_of(x, st->v[i].date, LABEL, w), ny = Y(st->v[i].stock);
		if (i == 0)
			fprintf(f, "M%.1f,%.1f", nx, ny);
		else
			fprintf(f, " H%.1f V%.1f", nx, ny);
	}
	fprintf(f, " H%d\"/>", WIDTH);
	for (int k = 0; k < c->nmarks; k++) {
		char d[11];
		plan_date_format(d, c->marks[k]);
		fprintf(f, "<circle class=\"late\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>a late demand's "
			   "last part, %s</title></circle>",
			x_of(x, c->marks[k], LABEL, w), y0 + h - 3, d);
	}
	time_axis(x, LABEL, w, y0 + h + 2);
	fprintf(f, "</svg>\n");
#undef Y
}

int plan_rep__stock(rep *x)
{
	size_t nx = plan_result_count(x->r, PLAN_RESULT_EXCEPTIONS), nc = 0;
	size_t nsku = plan_model_count(x->m, PLAN_TABLE_SKUS);
	critical *c = calloc(nx + 1, sizeof(*c));
	int32_t *at = malloc((nsku + 1) * sizeof(*at)); /* by SKU: its entry in c, or -1 */
	if (!c || !at) {
		free(c);
		free(at);
		return PLAN_ENOMEM;
	}
	memset(at, 0xff, (nsku + 1) * sizeof(*at));
	for (size_t i = 0; i < nx; i++) {
		plan_exception e = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&e, x->r, i);
		int late = !strcmp(e.code, "late_demand"), below = !strcmp(e.code, "below_safety_stock");
		long sku = (late || below) && e.item && e.site ? plan_model_find_sku(x->m, e.item, e.site) : -1;
		if (sku < 0)
			continue;
		if (at[sku] < 0) {
			at[sku] = (int32_t)nc;
			c[nc++] = (critical){ e.item, e.site, 0, 0, { 0 }, 0 };
		}
		size_t k = (size_t)at[sku];
		if (late) {
			c[k].late_qty += e.qty;
			if (c[k].nmarks < 16 && e.date != PLAN_DATE_NONE)
				c[k].marks[c[k].nmarks++] = e.date;
		} else {
			c[k].below = 1;
		}
	}
	qsort(c, nc, sizeof(*c), cmp_critical);
	FILE *f = x->f;
	if (!nc)
		fprintf(f, "<p>No SKU has a late demand or stock below its safety stock.</p>\n");
	int rc = 0;
	for (size_t k = 0; k < nc && k < STOCK_CHARTS && !rc; k++) {
		steps st = { NULL, 0, 0 };
		rc = plan_result_stock(x->r, c[k].item, c[k].site, take_step, &st);
		long s = plan_model_find_sku(x->m, c[k].item, c[k].site);
		plan_sku_def d = PLAN_SKU_DEF_INIT;
		if (!rc && s >= 0 && plan_model_get_sku(&d, x->m, (size_t)s) == 0)
			stock_chart(x, &c[k], &st, d.safety_stock > 0 ? d.safety_stock : 0);
		free(st.v);
	}
	if (nc > STOCK_CHARTS)
		fprintf(f, "<p class=\"note\">%d of %zu SKUs with late demands or stock below safety "
			   "stock, most quantity late first.</p>\n", STOCK_CHARTS, nc);
	free(c);
	free(at);
	return rc == PLAN_ENOTFOUND ? 0 : rc;
}

/* --- orders on a time line ------------------------------------------------------- */

typedef struct bar {
	size_t order;
	plan_date release, due;
	double hours;
} bar;

static int cmp_bar(const void *a, const void *b)
{
	const bar *p = a, *q = b;
	if (p->release != q->release)
		return p->release < q->release ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

/* The most loaded resource (its name), or NULL. */
static const char *busiest(const plan_result *r)
{
	size_t n = plan_result_count(r, PLAN_RESULT_CAPACITY);
	const char *best = NULL;
	double top = -1;
	for (size_t i = 0; i < n; i++) {
		plan_capacity c = PLAN_CAPACITY_INIT;
		plan_result_get_capacity(&c, r, i);
		double u = util(c.loaded, c.available);
		if (c.loaded > 0 && u > top)
			top = u, best = c.resource;
	}
	return best;
}

int plan_rep__gantt(rep *x, const char *focus)
{
	FILE *f = x->f;
	const plan_result *r = x->r;
	if (!focus)
		focus = busiest(r);
	if (!focus) {
		fprintf(f, "<p>No resource is loaded: no orders to show.</p>\n");
		return 0;
	}
	size_t no = plan_result_count(r, PLAN_RESULT_ORDERS), nl = plan_result_count(r, PLAN_RESULT_LOADS);
	bar *b = malloc((no + 1) * sizeof(*b));
	double *hours = calloc(no + 1, sizeof(*hours));
	if (!b || !hours) {
		free(b);
		free(hours);
		return PLAN_ENOMEM;
	}
	int is_res = 0;
	for (size_t i = 0; i < nl; i++) {
		plan_load l = PLAN_LOAD_INIT;
		plan_result_get_load(&l, r, i);
		if (!strcmp(l.resource, focus))
			hours[l.order] += l.hours, is_res = 1;
	}
	size_t n = 0;
	for (size_t i = 0; i < no; i++) {
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, i);
		if (is_res ? hours[i] > 0 : !strcmp(o.item, focus))
			b[n++] = (bar){ i, o.release, o.due, hours[i] };
	}
	qsort(b, n, sizeof(*b), cmp_bar);
	fprintf(f, "<p>Orders %s <b>", is_res ? "loading resource" : "of item");
	plan_rep__esc(f, focus);
	fprintf(f, "</b>: %zu, from release to due%s.</p>\n", n,
		n > GANTT_ROWS ? " (the first by release)" : "");
	size_t shown = n < GANTT_ROWS ? n : GANTT_ROWS;
	double w = WIDTH - LABEL, rh = 12, h = rh * (double)shown;
	fprintf(f, "<svg class=\"chart gantt\" width=\"%d\" height=\"%.0f\" role=\"img\">", WIDTH, h + 24);
	static const char *const kind_class[] = { "make", "buy", "transfer" };
	for (size_t k = 0; k < shown; k++) {
		plan_order o = PLAN_ORDER_INIT;
		plan_result_get_order(&o, r, b[k].order);
		double y = rh * (double)k, x0 = x_of(x, o.release, LABEL, w),
		       x1 = x_of(x, o.due + 1, LABEL, w);
		char a[11], d[11];
		plan_date_format(a, o.release);
		plan_date_format(d, o.due);
		fprintf(f, "<text class=\"lbl small\" x=\"%d\" y=\"%.1f\">", LABEL - 6, y + rh - 2);
		plan_rep__esc(f, o.id);
		fprintf(f, "</text><rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
			kind_class[o.kind], fmax(LABEL, x0), y + 1, fmax(1.5, x1 - fmax(LABEL, x0)), rh - 2);
		plan_rep__esc(f, o.id);
		fprintf(f, " ");
		plan_rep__esc(f, o.item);
		fprintf(f, "@");
		plan_rep__esc(f, o.site);
		fprintf(f, ": %.6g, %s to %s", o.qty, a, d);
		if (b[k].hours > 0)
			fprintf(f, ", %.3g h here", b[k].hours);
		fprintf(f, "</title></rect>");
	}
	time_axis(x, LABEL, w, h + 2);
	fprintf(f, "</svg>\n");
	if (n > shown)
		fprintf(f, "<p class=\"note\">%zu of %zu orders shown; orders.csv holds them all.</p>\n",
			shown, n);
	free(b);
	free(hours);
	return 0;
}
