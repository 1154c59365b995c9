/* A cell's text into a column of a row: what the CSV loader and the HDF5
 * reader share, driven by the column's description (schema.c). Numbers are
 * read exactly where they can be (digits times an exact power of ten),
 * else by strtod(); a bad cell is reported with what was expected. */
#include "model/model_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define E PLAN_SEVERITY_ERROR

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* A plain decimal number: [+-]digits[.digits][(e|E)[+-]digits]. Exact (as
 * strtod) on the fast path of at most 15 significant digits and a power of
 * ten up to 22, where one IEEE multiplication or division is correctly
 * rounded (Clinger); strtod otherwise. Returns 0 or -1. */
static int parse_number(const char *s, size_t len, double *out)
{
	size_t i = 0;
	int neg = 0, digits = 0, frac = 0, exp = 0;
	uint64_t mant = 0;
	int sig = 0, dropped = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (sig < 19) {
			mant = mant * 10 + (uint64_t)(s[i] - '0');
			sig += mant != 0;
		} else {
			dropped++;
		}
		digits++;
		i++;
	}
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (sig < 19) {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				sig += mant != 0;
				frac++;
			}
			digits++;
			i++;
		}
	}
	if (!digits)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int eneg = 0, edigits = 0;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (exp < 100000)
				exp = exp * 10 + (s[i] - '0');
			edigits++;
			i++;
		}
		if (!edigits)
			return -1;
		if (eneg)
			exp = -exp;
	}
	if (i != len)
		return -1;
	int e10 = exp - frac + dropped;
	double v;
	if (sig <= 15 && e10 >= -22 && e10 <= 22) {
		v = (double)mant;
		v = e10 < 0 ? v / pow10_exact[-e10] : v * pow10_exact[e10];
	} else {
		char tmp[512];
		if (len >= sizeof(tmp))
			return -1;
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		char *end;
		v = strtod(tmp, &end);
		if (*end)
			return -1;
		if (!isfinite(v))
			return -1;
		neg = 0;
	}
	*out = neg ? -v : v;
	return 0;
}

/* Reports a bad cell of the row being loaded. */
static void bad_cell(plan_model *m, int t, int col, const char *expected,
		     const char *s, size_t len)
{
	size_t shown = len > 80 ? 80 : len;
	plan_model__diag(m, E, t, m->tab[t].n, col, "expected %s, got \"%.*s\"%s", expected,
			 (int)shown, s, shown < len ? "..." : "");
}

/* Parses cell s[0..len) of column col into def. Returns 0, or 1 if the cell
 * was bad (reported; def keeps the default). */
int plan_model__cell(plan_model *m, int t, const plan_col *cols, int col, char *def,
		     const char *s, size_t len)
{
	const plan_col *cd = &cols[col];
	char *f = def + cd->offset;
	if (cd->type == COL_CODE || cd->type == COL_TEXT) {
		const char *v = s;
		memcpy(f, &v, sizeof(v));
		return 0;
	}
	s = plan_str__trim(s, &len);
	if (len == 0)
		return 0; /* empty: the default (add reports a missing required value) */
	switch (cd->type) {
	case COL_NUM:
	case COL_INT: {
		double v;
		if (parse_number(s, len, &v) < 0) {
			bad_cell(m, t, col, cd->type == COL_INT ? "an integer" : "a number", s, len);
			return 1;
		}
		if (!plan_schema__check_ok(cd->check, v)) {
			bad_cell(m, t, col, plan_schema__check_text(cd->check), s, len);
			return 1;
		}
		if (cd->type == COL_NUM) {
			memcpy(f, &v, sizeof(v));
			return 0;
		}
		if (v != floor(v) || v > 1e9 || v < -1e9) {
			bad_cell(m, t, col, "an integer", s, len);
			return 1;
		}
		int iv = (int)v;
		memcpy(f, &iv, sizeof(iv));
		return 0;
	}
	case COL_DATE: {
		char tmp[16];
		plan_date d;
		if (len > 10) {
			bad_cell(m, t, col, "a date YYYY-MM-DD", s, len);
			return 1;
		}
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (plan_date_parse(&d, tmp) < 0) {
			bad_cell(m, t, col, "a date YYYY-MM-DD", s, len);
			return 1;
		}
		memcpy(f, &d, sizeof(d));
		return 0;
	}
	case COL_ENUM: {
		for (int i = 0; cd->enums[i]; i++) {
			if (strlen(cd->enums[i]) == len && strncasecmp(cd->enums[i], s, len) == 0) {
				memcpy(f, &i, sizeof(i));
				return 0;
			}
		}
		char list[160];
		size_t k = 0;
		for (int i = 0; cd->enums[i] && k < sizeof(list); i++)
			k += (size_t)snprintf(list + k, sizeof(list) - k, "%s%s", i ? ", " : "one of ",
					      cd->enums[i]);
		bad_cell(m, t, col, list, s, len);
		return 1;
	}
	case COL_BOOL: {
		static const char *const yes[] = { "1", "true", "yes", NULL };
		static const char *const no[] = { "0", "false", "no", NULL };
		for (int i = 0; yes[i]; i++) {
			int v = -1;
			if (strlen(yes[i]) == len && strncasecmp(yes[i], s, len) == 0)
				v = 1;
			else if (strlen(no[i]) == len && strncasecmp(no[i], s, len) == 0)
				v = 0;
			if (v >= 0) {
				memcpy(f, &v, sizeof(v));
				return 0;
			}
		}
		bad_cell(m, t, col, "0 or 1", s, len);
		return 1;
	}
	}
	return 0;
}
