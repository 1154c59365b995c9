/* plan_result_write_report(): a plan as one self-contained HTML page. The
 * page (this file): the verdict and counts, the charts (charts.c), the late
 * demands with their whole reasons, the adjustments; written to a new file
 * beside the target that takes its place when complete. */
#include "report/report_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/outdir.h"
#include "model/schema.h"
#include "plan/bound.h"

static const char style[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#0f172a}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid "
	"#cbd5e1}h3{font-size:15px;margin:16px 0 6px}"
	".verdict{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600}"
	".on_time{background:#15803d}.late{background:#b45309}.infeasible{background:#b91c1c}"
	"table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid "
	"#e2e8f0;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f1f5f9}"
	"td.n{text-align:right;white-space:nowrap}.counts td{border:none;padding:1px 12px 1px 0}"
	".note{color:#475569;font-size:12px}.legend{font-size:12px}.sw{display:inline-block;"
	"width:12px;height:12px;margin:0 3px 0 10px;vertical-align:middle;border:1px solid #94a3b8}"
	".dot{display:inline-block;width:7px;height:7px;border-radius:50%;background:#7c3aed;"
	"margin:0 3px 0 10px}svg.chart{display:block;margin:4px 0}svg text{font-size:11px;"
	"fill:#334155}svg .lbl{text-anchor:end}svg .small{font-size:10px}.axis line{stroke:#94a3b8}"
	".heat rect.maint,.sw.maint{stroke:#0f172a;stroke-width:1.5}.sw.maint{background:#f1f5f9}"
	"circle.alt{fill:#7c3aed}.offer{fill:#e2e8f0}.lost{fill:#94a3b8;opacity:.7}.load{fill:#2563eb}"
	".over{fill:#dc2626}.zero{stroke:#94a3b8}.ss{stroke:#d97706;stroke-dasharray:5 3}"
	".level{fill:none;stroke:#2563eb;stroke-width:1.5}circle.late{fill:#dc2626}"
	"rect.make{fill:#2563eb}rect.buy{fill:#16a34a}rect.transfer{fill:#d97706}"
	"input.filter{margin:4px 0 6px;padding:3px 6px;width:320px}";

/* Filters a table's rows by the text typed above it. */
static const char script[] =
	"document.querySelectorAll('input.filter').forEach(function(box){"
	"var rows=document.getElementById(box.dataset.table).tBodies[0].rows;"
	"box.addEventListener('input',function(){var q=box.value.toLowerCase();"
	"for(var i=0;i<rows.length;i++){rows[i].style.display="
	"rows[i].textContent.toLowerCase().indexOf(q)<0?'none':'';}});});"
	/* each chart says how many of its shapes the browser drew (a check) */
	"document.querySelectorAll('svg.chart').forEach(function(s){var n=0;"
	"s.querySelectorAll('rect,path,circle,line').forEach(function(e){var b=e.getBBox();"
	"if(b.width>0||b.height>0)n++;});s.dataset.drawn=n;});";

static void date_cell(FILE *f, plan_date d)
{
	char s[11] = "";
	if (d != PLAN_DATE_NONE)
		plan_date_format(s, d);
	fprintf(f, "<td class=\"n\">%s</td>", s);
}

static void text_cell(FILE *f, const char *s)
{
	fputs("<td>", f);
	plan_rep__esc(f, s);
	fputs("</td>", f);
}

static void head(rep *x, const char *title, const plan_summary *s)
{
	FILE *f = x->f;
	plan_scenario_def sc = PLAN_SCENARIO_DEF_INIT;
	plan_model_get_scenario(&sc, x->m);
	const char *name = title ? title : sc.name ? sc.name : "plan";
	char a[11], b[11];
	plan_date_format(a, x->start);
	plan_date_format(b, x->end);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width\"><title>", f);
	plan_rep__esc(f, name);
	fprintf(f, "</title><style>%s</style></head><body>\n<h1>", style);
	plan_rep__esc(f, name);
	fprintf(f, "</h1>\n<p>%s plan, %s to %s, made by libplan %s. "
		   "<span class=\"verdict %s\">%s</span></p>\n",
		x->r->constrained ? "The feasible" : "The unconstrained", a, b, plan_version(), s->status,
		s->status);
	double on_time = plan_result_on_time_qty(x->r);
	fprintf(f, "<table class=\"counts\"><tr><td>demands</td><td class=\"n\">%zu</td>"
		   "<td>late or short</td><td class=\"n\">%zu</td><td>days late in all</td>"
		   "<td class=\"n\">%.10g</td><td>short</td><td class=\"n\">%.10g</td></tr>"
		   "<tr><td>orders</td><td class=\"n\">%zu</td><td>planned</td><td class=\"n\">%zu</td>"
		   "<td>adjustments</td><td class=\"n\">%zu</td><td>on time (quantity)</td>"
		   "<td class=\"n\">%.10g</td></tr>"
		   "<tr><td>critical</td><td class=\"n\">%zu</td><td>warnings</td><td class=\"n\">%zu</td>"
		   "<td>capacity used</td><td class=\"n\">%.1f %%</td><td>overloaded days</td>"
		   "<td class=\"n\">%zu</td></tr></table>\n",
		s->demands, s->demands_late, s->lateness_days, s->qty_short, s->orders,
		s->planned_orders, s->adjustments, on_time, s->critical, s->warnings,
		s->capacity_available > 0 ? 100 * s->capacity_loaded / s->capacity_available : 0.0,
		s->overloads);
}

/* The late demands, each with its whole reason chain. */
static void late_table(rep *x)
{
	FILE *f = x->f;
	size_t nx = plan_result_count(x->r, PLAN_RESULT_EXCEPTIONS), n = 0, shown = 0;
	for (size_t i = 0; i < nx; i++) {
		plan_exception e = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&e, x->r, i);
		n += !strcmp(e.code, "late_demand");
	}
	if (!n) {
		fputs("<p>Every demand is delivered on time.</p>\n", f);
		return;
	}
	fprintf(f, "<p>%zu demands late or short. Each line says why, down to the constraint that "
		   "holds it back.</p>\n<input class=\"filter\" data-table=\"late\" "
		   "placeholder=\"filter the late demands\">\n<table id=\"late\"><thead><tr><th>demand"
		   "</th><th>SKU</th><th>last part</th><th>quantity</th><th>why</th></tr></thead><tbody>\n",
		n);
	for (size_t i = 0; i < nx && shown < x->max_rows; i++) {
		plan_exception e = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&e, x->r, i);
		if (strcmp(e.code, "late_demand"))
			continue;
		fputs("<tr>", f);
		text_cell(f, e.demand);
		fputs("<td>", f);
		plan_rep__esc(f, e.item);
		fputc('@', f);
		plan_rep__esc(f, e.site);
		fputs("</td>", f);
		date_cell(f, e.date);
		fprintf(f, "<td class=\"n\">%.10g</td>", e.qty);
		text_cell(f, e.message);
		fputs("</tr>\n", f);
		shown++;
	}
	fputs("</tbody></table>\n", f);
	if (n > shown)
		fprintf(f, "<p class=\"note\">%zu of %zu; exceptions.csv holds them all.</p>\n", shown, n);
}

/* Projects (format 1.1): each late one's chain, then every activity's
 * days, slack and lateness. */
static void projects_table(rep *x)
{
	FILE *f = x->f;
	size_t n = plan_result_count(x->r, PLAN_RESULT_ACTIVITIES);
	size_t nx = plan_result_count(x->r, PLAN_RESULT_EXCEPTIONS), late = 0;
	for (size_t i = 0; i < nx; i++) {
		plan_exception e = PLAN_EXCEPTION_INIT;
		plan_result_get_exception(&e, x->r, i);
		if (strcmp(e.code, "project_late"))
			continue;
		if (!late++)
			fputs("<ul>\n", f);
		fputs("<li>", f);
		plan_rep__esc(f, e.message);
		fputs("</li>\n", f);
	}
	fputs(late ? "</ul>\n" : "<p>Every project ends by its due.</p>\n", f);
	fputs("<table id=\"act\"><thead><tr><th>project</th><th>activity</th><th>start</th>"
	      "<th>end</th><th>slack (working days)</th><th>late (days)</th></tr></thead><tbody>\n", f);
	size_t shown = n < x->max_rows ? n : x->max_rows;
	for (size_t i = 0; i < shown; i++) {
		plan_activity a = PLAN_ACTIVITY_INIT;
		plan_result_get_activity(&a, x->r, i);
		fputs("<tr>", f);
		text_cell(f, a.project);
		text_cell(f, a.activity);
		date_cell(f, a.start);
		date_cell(f, a.end);
		fprintf(f, "<td class=\"n\">%d</td>", a.slack_days);
		if (a.late_days < 0)
			fputs("<td>not within the horizon</td>", f);
		else
			fprintf(f, "<td class=\"n\">%d</td>", a.late_days);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (n > shown)
		fprintf(f, "<p class=\"note\">%zu of %zu; activities.csv holds them all.</p>\n", shown, n);
}

static void adjustments_table(rep *x)
{
	FILE *f = x->f;
	static const char *const actions[] = { "earlier", "later", "alternate", "lane", "split", "short" };
	size_t n = plan_result_count(x->r, PLAN_RESULT_ADJUSTMENTS), count[6] = { 0 };
	if (!n) {
		fprintf(f, "<p>%s</p>\n", x->r->constrained ? "The plan needed no adjustment."
							     : "An unconstrained plan is not adjusted.");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		plan_adjustment a = PLAN_ADJUSTMENT_INIT;
		plan_result_get_adjustment(&a, x->r, i);
		for (int k = 0; k < 6; k++)
			count[k] += !strcmp(a.action, actions[k]);
	}
	fprintf(f, "<p>%zu changes against the unconstrained plan:", n);
	for (int k = 0; k < 6; k++)
		fprintf(f, " %zu %s%s", count[k], actions[k], k < 5 ? "," : ".</p>\n");
	fputs("<input class=\"filter\" data-table=\"adj\" placeholder=\"filter the adjustments\">\n"
	      "<table id=\"adj\"><thead><tr><th>order</th><th>action</th><th>what changed</th>"
	      "<th>why</th></tr></thead><tbody>\n", f);
	size_t shown = n < x->max_rows ? n : x->max_rows;
	for (size_t i = 0; i < shown; i++) {
		plan_adjustment a = PLAN_ADJUSTMENT_INIT;
		plan_result_get_adjustment(&a, x->r, i);
		fputs("<tr>", f);
		text_cell(f, a.order ? a.order : "-");
		text_cell(f, a.action);
		text_cell(f, a.detail);
		text_cell(f, a.reason);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (n > shown)
		fprintf(f, "<p class=\"note\">%zu of %zu; adjustments.csv holds them all.</p>\n", shown, n);
}

static int page(rep *x, const plan_report_options *o)
{
	plan_summary s = PLAN_SUMMARY_INIT;
	plan_result_get_summary(&s, x->r);
	head(x, o->title, &s);
	FILE *f = x->f;
	fputs("<h2>Capacity: load against what each resource offers</h2>\n", f);
	int rc = plan_rep__capacity(x);
	if (!rc) {
		fputs("<h2>Stock against safety stock, the most critical SKUs</h2>\n", f);
		rc = plan_rep__stock(x);
	}
	if (!rc) {
		fputs("<h2>Orders on a time line</h2>\n", f);
		rc = plan_rep__gantt(x, o->focus);
	}
	if (!rc && plan_result_count(x->r, PLAN_RESULT_ACTIVITIES)) {
		fputs("<h2>Projects</h2>\n", f);
		projects_table(x);
	}
	if (!rc) {
		fputs("<h2>Late demands</h2>\n", f);
		late_table(x);
		fputs("<h2>Adjustments</h2>\n", f);
		adjustments_table(x);
		fprintf(f, "<script>%s</script>\n</body></html>\n", script);
	}
	return rc;
}

static int fail(plan_result *r, int rc, const char *what, const char *path)
{
	snprintf(r->errmsg, sizeof(r->errmsg), "%s: %s%s%s", path, what, errno ? ": " : "",
		 errno ? strerror(errno) : "");
	return rc;
}

PLAN_EXPORT int plan_result_write_report(const plan_result *result, const char *path,
					 const plan_report_options *opts)
{
	plan_report_options o = PLAN_REPORT_OPTIONS_INIT;
	if (!result || !path || (opts && opts->version != PLAN_REPORT_OPTIONS_VERSION))
		return PLAN_EINVAL;
	if (opts)
		o = *opts;
	plan_result *r = (plan_result *)(uintptr_t)result; /* the message only (run.h) */
	const plan_model *m = result->model;
	r->errmsg[0] = '\0';
	if (o.focus && plan_model__code_id(m, NS_RESOURCE, o.focus) < 0 &&
	    plan_model__code_id(m, NS_ITEM, o.focus) < 0) {
		snprintf(r->errmsg, sizeof(r->errmsg), "focus \"%.100s\": no such item or resource", o.focus);
		return PLAN_ENOTFOUND;
	}
	char tmp[4096 + 32];
	errno = 0;
	int fd = plan_outdir__tmpfile(tmp, sizeof(tmp), path, 0666);
	if (fd < 0)
		return fail(r, PLAN_EIO, "cannot create", path);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return fail(r, PLAN_EIO, "cannot write", path);
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	rep x = { f, result, m, m->horizon.start, m->horizon.end, o.max_rows ? o.max_rows : 500, 0 };
	int rc = page(&x, &o);
	errno = 0;
	int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (fclose(f) != 0)
		bad = 1;
	if (!rc && bad)
		rc = fail(r, PLAN_EIO, "write failed", path);
	if (!rc && rename(tmp, path) != 0)
		rc = fail(r, PLAN_EIO, "cannot replace it", path);
	if (!rc && plan_outdir__sync_path(path) != 0)
		rc = fail(r, PLAN_EIO, "sync", path);
	if (rc) {
		unlink(tmp);
		if (rc == PLAN_ENOMEM)
			snprintf(r->errmsg, sizeof(r->errmsg), "out of memory");
	}
	return rc;
}
