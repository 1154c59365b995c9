/* GLPK, embedded safely (docs/style-study.md, section 4): the program is
 * checked before GLPK sees it; GLPK's terminal output goes to a buffer, never
 * to the terminal; a GLPK fatal error longjmps back here through the error
 * hook, frees GLPK's environment and becomes PLAN_ESOLVER with GLPK's
 * message; the glp_prob lives inside this one call. GLPK's environment is
 * per thread (TLS in Debian's build), so separate models solve in separate
 * threads; the calling thread's environment is freed at the end unless the
 * host had GLPK objects of its own in it. */
#include "base/lp.h"
#include "base/util.h"

#include "plan/common.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct guard {
	jmp_buf jb;
	char text[512];   /* the last lines GLPK wrote */
	size_t len;
	double gap;       /* branch-and-cut: the last relative gap seen */
} guard;

static int term_hook(void *info, const char *s)
{
	guard *g = info;
	size_t n = strlen(s);
	if (n >= sizeof(g->text))
		s += n - (sizeof(g->text) - 1), n = sizeof(g->text) - 1;
	if (g->len + n >= sizeof(g->text)) {
		/* keep the tail */
		size_t drop = g->len + n - (sizeof(g->text) - 1);
		memmove(g->text, g->text + drop, g->len - drop);
		g->len -= drop;
	}
	memcpy(g->text + g->len, s, n);
	g->len += n;
	g->text[g->len] = '\0';
	return 1; /* GLPK prints nothing */
}

static void error_hook(void *info)
{
	guard *g = info;
	glp_free_env();
	longjmp(g->jb, 1);
}

static void mip_callback(glp_tree *tree, void *info)
{
	guard *g = info;
	if (glp_ios_best_node(tree) != 0)
		g->gap = glp_ios_mip_gap(tree);
}

/* GLPK aborts on bad data: everything is checked before. */
static const char *check(const plan_lp *lp)
{
	if (lp->nrow == 0 || lp->ncol == 0 || lp->nrow > INT32_MAX / 2 || lp->ncol > INT32_MAX / 2)
		return "an empty or too large program";
	for (size_t j = 0; j < lp->ncol; j++) {
		const plan_lp_col *c = &lp->col[j];
		if (isnan(c->lo) || isnan(c->hi) || !isfinite(c->cost) || c->lo > c->hi ||
		    c->lo == HUGE_VAL || c->hi == -HUGE_VAL)
			return "a column with bad bounds or cost";
	}
	for (size_t i = 0; i < lp->nrow; i++) {
		const plan_lp_row *r = &lp->row[i];
		if (isnan(r->lo) || isnan(r->hi) || r->lo > r->hi)
			return "a row with bad bounds";
	}
	for (size_t k = 1; k <= lp->nel; k++)
		if (lp->ia[k] < 1 || (size_t)lp->ia[k] > lp->nrow || lp->ja[k] < 1 ||
		    (size_t)lp->ja[k] > lp->ncol || !isfinite(lp->ar[k]))
			return "a matrix element out of range";
	return NULL;
}

static void set_bounds(glp_prob *P, int row, int j, double lo, double hi)
{
	int type = lo == -HUGE_VAL && hi == HUGE_VAL ? GLP_FR
		 : lo == -HUGE_VAL ? GLP_UP
		 : hi == HUGE_VAL ? GLP_LO
		 : lo == hi ? GLP_FX : GLP_DB;
	double l = lo == -HUGE_VAL ? 0 : lo, u = hi == HUGE_VAL ? 0 : hi;
	if (row)
		glp_set_row_bnds(P, j, type, l, u);
	else
		glp_set_col_bnds(P, j, type, l, u);
}

int plan_lp__solve(plan_lp *lp, const plan_aggregate_options *mip, char *msg, size_t n)
{
	const char *why = check(lp);
	if (why) {
		snprintf(msg, n, "%s", why);
		return PLAN_ESOLVER;
	}
	if (glp_config("TLS") == NULL) {
		snprintf(msg, n, "this GLPK is not built thread-local; refused");
		return PLAN_ESOLVER;
	}
	free(lp->x);
	lp->x = malloc(lp->ncol * sizeof(double));
	if (!lp->x)
		return PLAN_ENOMEM;
	lp->out = (plan_lp_outcome){ LP_NONE, 0, 0 };
	guard *g = calloc(1, sizeof(*g));
	if (!g)
		return PLAN_ENOMEM;
	/* does the host keep GLPK objects in this thread? then its environment
	 * stays after the call */
	int count = 0;
	glp_mem_usage(&count, NULL, NULL, NULL);
	int host_env = count > 0;
	glp_term_hook(term_hook, g);
	glp_error_hook(error_hook, g);
	glp_prob *volatile P = NULL;
	volatile int rc = 0;
	if (setjmp(g->jb)) {
		/* the environment, P with it, is gone (error_hook) */
		snprintf(msg, n, "%s", g->len ? g->text : "fatal error");
		for (char *nl = strchr(msg, '\n'); nl; nl = strchr(nl, '\n'))
			*nl = ' ';
		free(g);
		return PLAN_ESOLVER;
	}
	P = glp_create_prob();
	glp_set_obj_dir(P, GLP_MIN);
	glp_add_rows(P, (int)lp->nrow);
	glp_add_cols(P, (int)lp->ncol);
	for (size_t i = 0; i < lp->nrow; i++)
		set_bounds(P, 1, (int)i + 1, lp->row[i].lo, lp->row[i].hi);
	for (size_t j = 0; j < lp->ncol; j++) {
		set_bounds(P, 0, (int)j + 1, lp->col[j].lo, lp->col[j].hi);
		glp_set_obj_coef(P, (int)j + 1, lp->col[j].cost);
		if (mip && lp->col[j].integer)
			glp_set_col_kind(P, (int)j + 1, GLP_IV);
	}
	glp_load_matrix(P, (int)lp->nel, lp->ia, lp->ja, lp->ar);

	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = GLP_MSG_ERR;
	sp.presolve = GLP_OFF; /* keeps the basis the branch-and-cut starts from */
	/* dual simplex (primal if it fails): on aggregate programs about three
	 * times faster than the primal (bench-aggregate) */
	sp.meth = GLP_DUALP;
	if (lp->presolve && !mip) {
		/* GLPK's presolver, scaling and the primal simplex: on the
		 * service bound's large programs (stock chains, many equal
		 * rows) the dual simplex stalls in its first phase */
		glp_scale_prob(P, GLP_SF_AUTO);
		sp.presolve = GLP_ON;
		sp.meth = GLP_PRIMAL;
	}
	if (lp->interior && !mip) {
		/* GLPK's interior-point method: faster on large programs, a
		 * solution without a basis */
		glp_iptcp ipp;
		glp_init_iptcp(&ipp);
		ipp.msg_lev = GLP_MSG_ERR;
		int r = glp_interior(P, &ipp);
		int st = glp_ipt_status(P);
		if (r == 0 && st == GLP_OPT) {
			lp->out.status = LP_OPTIMAL;
			lp->out.obj = glp_ipt_obj_val(P);
			for (size_t j = 0; j < lp->ncol; j++)
				lp->x[j] = glp_ipt_col_prim(P, (int)j + 1);
		} else if (st == GLP_NOFEAS || r == GLP_ENOFEAS) {
			lp->out.status = LP_INFEASIBLE;
		} else {
			snprintf(msg, n, "interior point failed (code %d, status %d)%s%s", r, st,
				 g->len ? ": " : "", g->text);
			rc = PLAN_ESOLVER;
		}
		goto done;
	}
	int r = glp_simplex(P, &sp);
	int st = glp_get_status(P);
	if (r != 0 && r != GLP_ENOPFS && r != GLP_ENODFS) {
		snprintf(msg, n, "simplex failed (code %d)%s%s", r, g->len ? ": " : "", g->text);
		rc = PLAN_ESOLVER;
	} else if (st == GLP_NOFEAS || r == GLP_ENOPFS) {
		lp->out.status = LP_INFEASIBLE;
	} else if (st == GLP_UNBND || r == GLP_ENODFS) {
		lp->out.status = LP_UNBOUNDED;
	} else if (st != GLP_OPT) {
		snprintf(msg, n, "simplex ended without an optimum (status %d)", st);
		rc = PLAN_ESOLVER;
	} else if (!mip) {
		lp->out.status = LP_OPTIMAL;
		lp->out.obj = glp_get_obj_val(P);
		for (size_t j = 0; j < lp->ncol; j++)
			lp->x[j] = glp_get_col_prim(P, (int)j + 1);
	} else {
		glp_iocp ip;
		glp_init_iocp(&ip);
		ip.msg_lev = GLP_MSG_ERR;
		ip.presolve = GLP_OFF;
		ip.tm_lim = mip->time_limit * 1000 > INT32_MAX ? INT32_MAX : (int)(mip->time_limit * 1000);
		ip.mip_gap = mip->mip_gap;
		ip.cb_func = mip_callback;
		ip.cb_info = g;
		r = glp_intopt(P, &ip);
		int ms = glp_mip_status(P);
		if (ms == GLP_OPT || ms == GLP_FEAS) {
			lp->out.status = ms == GLP_OPT && r == 0 ? LP_OPTIMAL
				       : r == GLP_EMIPGAP ? LP_WITHIN_GAP : LP_FEASIBLE;
			lp->out.obj = glp_mip_obj_val(P);
			lp->out.gap = g->gap;
			for (size_t j = 0; j < lp->ncol; j++)
				lp->x[j] = glp_mip_col_val(P, (int)j + 1);
		} else if (ms == GLP_NOFEAS) {
			lp->out.status = LP_INFEASIBLE;
		} else if (r == GLP_ETMLIM) {
			lp->out.status = LP_NONE;
		} else {
			snprintf(msg, n, "branch-and-cut failed (code %d)", r);
			rc = PLAN_ESOLVER;
		}
	}
done:
	glp_delete_prob(P);
	glp_term_hook(NULL, NULL);
	glp_error_hook(NULL, NULL);
	if (!host_env)
		glp_free_env();
	free(g);
	return rc;
}

int plan_lp__col(plan_lp *lp, double lo, double hi, double cost, int integer)
{
	if (plan_vec__reserve((void **)&lp->col, &lp->col_cap, sizeof(*lp->col), lp->ncol + 1) < 0)
		return -1;
	lp->col[lp->ncol++] = (plan_lp_col){ lo, hi, cost, integer };
	return (int)lp->ncol;
}

int plan_lp__row(plan_lp *lp, double lo, double hi)
{
	if (plan_vec__reserve((void **)&lp->row, &lp->row_cap, sizeof(*lp->row), lp->nrow + 1) < 0)
		return -1;
	lp->row[lp->nrow++] = (plan_lp_row){ lo, hi, NULL };
	return (int)lp->nrow;
}

int plan_lp__el(plan_lp *lp, int row, int col, double v)
{
	size_t k = lp->nel + 1; /* element 0 unused, as GLPK wants */
	if (plan_vec__reserve((void **)&lp->ia, &lp->ia_cap, sizeof(int), k + 1) < 0 ||
	    plan_vec__reserve((void **)&lp->ja, &lp->ja_cap, sizeof(int), k + 1) < 0 ||
	    plan_vec__reserve((void **)&lp->ar, &lp->ar_cap, sizeof(double), k + 1) < 0)
		return -1;
	lp->ia[k] = row;
	lp->ja[k] = col;
	lp->ar[k] = v;
	lp->nel = k;
	return 0;
}

void plan_lp__free(plan_lp *lp)
{
	free(lp->col);
	free(lp->row);
	free(lp->ia);
	free(lp->ja);
	free(lp->ar);
	free(lp->x);
	memset(lp, 0, sizeof(*lp));
}
