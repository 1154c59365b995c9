#include "base/csvout.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void flush(plan_csvout *o)
{
	if (!o->n)
		return;
	if (o->gz) {
		if (gzwrite(o->gz, o->buf, (unsigned)o->n) != (int)o->n)
			o->failed = 1;
	} else if (fwrite(o->buf, 1, o->n, o->f) != o->n) {
		o->failed = 1;
	}
	o->n = 0;
}

static void put(plan_csvout *o, const char *p, size_t len)
{
	while (len) {
		if (o->n == sizeof(o->buf))
			flush(o);
		size_t k = sizeof(o->buf) - o->n;
		if (k > len)
			k = len;
		memcpy(o->buf + o->n, p, k);
		o->n += k;
		p += k;
		len -= k;
	}
}

static void sep(plan_csvout *o)
{
	if (o->col++)
		put(o, ",", 1);
}

int plan_csvout__open(plan_csvout *o, const char *dir, const char *file, int gz,
		      char *errbuf, size_t errlen)
{
	char path[4096];
	o->f = NULL;
	o->gz = NULL;
	o->n = 0;
	o->col = 0;
	o->failed = 0;
	o->last_date = PLAN_DATE_NONE;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	errno = 0;
	if (gz)
		o->gz = gzopen(path, "wb6");
	else
		o->f = fopen(path, "wb");
	if (!o->gz && !o->f) {
		if (errbuf)
			snprintf(errbuf, errlen, "%s: %s", path, strerror(errno ? errno : ENOMEM));
		return PLAN_EIO;
	}
	return 0;
}

int plan_csvout__close(plan_csvout *o, const char *dir, const char *file, char *errbuf,
		       size_t errlen)
{
	flush(o);
	int bad = o->failed;
	if (o->gz)
		bad |= gzclose(o->gz) != Z_OK;
	else
		bad |= fclose(o->f) != 0;
	o->f = NULL;
	o->gz = NULL;
	if (bad && errbuf)
		snprintf(errbuf, errlen, "%s/%s: write error", dir, file);
	return bad ? PLAN_EIO : 0;
}

/* s, quoted when it must be (RFC 4180). */
static void text_slow(plan_csvout *o, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		put(o, s, strlen(s));
		return;
	}
	put(o, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			put(o, "\"", 1);
		put(o, p, 1);
	}
	put(o, "\"", 1);
}

void plan_csvout__text(plan_csvout *o, const char *s)
{
	sep(o);
	if (!s)
		return;
	/* copied as it is checked (most fields need no quotes): one pass;
	 * nothing is flushed meanwhile, so the copy can be taken back */
	size_t at = o->n;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c == ',' || c == '"' || c == '\r' || c == '\n' || o->n == sizeof(o->buf)) {
			o->n = at; /* quotes, or the buffer's end: the slow way */
			text_slow(o, s);
			return;
		}
		o->buf[o->n++] = c;
	}
}

/* The digits of n (> 0) ending at end (written backwards); the start. */
static char *digits_back(char *end, unsigned long long n)
{
	do {
		*--end = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	return end;
}

/* 128-bit integers (a GCC and Clang extension) for exact decimal digits */
__extension__ typedef unsigned __int128 u128;

static const double pow10_d[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
				  1e12, 1e13, 1e14, 1e15, 1e16, 1e17 };

static const uint64_t pow10_64[] = {
	1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
	10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
	1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
	10000000000000000000u,
};

/* 10^k, 0 <= k <= 20 */
static u128 pow10_u(int k)
{
	return k < 20 ? (u128)pow10_64[k] : (u128)pow10_64[19] * 10;
}

/* The P significant digits of a = m / 2^e exactly rounded (to nearest,
 * ties to even, as printf rounds): *q has P digits (10^(P-1) <= *q <
 * 10^P, P <= 17: it fits 64 bits), a ~ *q * 10^(*d - P + 1). */
static void digits_of(uint64_t m, int e, int d, int P, uint64_t *q, int *dout)
{
	int s = P - 1 - d; /* 2 <= s <= 20: m * 10^s < 2^53 * 2^67 */
	u128 n = (u128)m * pow10_u(s), r = n & (((u128)1 << e) - 1), half = (u128)1 << (e - 1);
	*q = (uint64_t)(n >> e);
	if (r > half || (r == half && (*q & 1)))
		(*q)++;
	if (*q == pow10_64[P]) {
		*q /= 10;
		d++;
	}
	*dout = d;
}

/* Whether q * 10^(d - 14) (15 digits) reads back as m / 2^e: within half
 * the gap to each neighbour (below a power of two the lower gap is half
 * as wide), a tie going to the even mantissa. */
static int reads_back(uint64_t m, int e, uint64_t q, int d)
{
	int s = 14 - d; /* 0 <= s <= 18 */
	u128 ten = pow10_64[s];
	u128 x = (u128)q << (e + 2), y = ((u128)m * ten) << 2; /* both scaled by 10^s 2^(e+2) */
	if (x >= y) {
		u128 diff = x - y, gap = ten << 1;
		return diff < gap || (diff == gap && !(m & 1));
	}
	u128 diff = y - x, gap = m == ((uint64_t)1 << 52) ? ten : ten << 1;
	return diff < gap || (diff == gap && !(m & 1));
}

/* Digits dig[0..n) with decimal exponent d (dig[0] is 10^d), trailing
 * zeros left out, in fixed notation into o; the end. */
static char *fixed(char *o, const char *dig, int n, int d)
{
	while (n > 1 && dig[n - 1] == '0')
		n--;
	if (d < 0) {
		*o++ = '0';
		*o++ = '.';
		for (int z = 0; z < -d - 1; z++)
			*o++ = '0';
		memcpy(o, dig, (size_t)n);
		return o + n;
	}
	for (int i = 0; i <= d; i++)
		*o++ = i < n ? dig[i] : '0';
	if (n > d + 1) {
		*o++ = '.';
		memcpy(o, dig + d + 1, (size_t)(n - d - 1));
		o += n - d - 1;
	}
	return o;
}

/* v as the printf fallback below writes it ("%.15g", or "%.17g" where
 * that does not read back), computed exactly with integers where it is
 * in fixed notation (1e-4 <= |v| < 1e15: quantities, hours, costs); 0
 * elsewhere (the caller uses printf). */
static size_t fmt_fast(char *b, double v)
{
	double a = v < 0 ? -v : v;
	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	uint64_t bits;
	memcpy(&bits, &a, 8);
	uint64_t m = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
	int e = 1075 - (int)(bits >> 52); /* a = m / 2^e, 3 <= e <= 66 here */
	int d = 0; /* a's decimal exponent: 10^d <= a < 10^(d+1) */
	if (a >= 1) {
		while (d < 17 && a >= pow10_d[d + 1])
			d++;
	} else {
		d = -1;
		while (a * pow10_d[-d] < 1) /* (exact enough: only -4 <= d <= -1) */
			d--;
	}
	uint64_t q;
	int dq;
	char dig[20], *o = b;
	int P = 15;
	digits_of(m, e, d, 15, &q, &dq);
	if (dq > 14)
		return 0; /* rounded up to 1e15: "%.15g" writes an exponent */
	if (!reads_back(m, e, q, dq)) {
		P = 17;
		digits_of(m, e, d, 17, &q, &dq);
	}
	if (dq < -4 || dq >= P)
		return 0; /* printf writes an exponent there */
	for (int i = P - 1; i >= 0; i--, q /= 10)
		dig[i] = (char)('0' + (int)(q % 10));
	if (v < 0)
		*o++ = '-';
	o = fixed(o, dig, P, dq);
	*o = '\0';
	return (size_t)(o - b);
}

char *plan_csvout__fmt_num(char *b, double v)
{
	if (v == 0) {
		strcpy(b, signbit(v) ? "-0" : "0");
		return b;
	}
	if (fmt_fast(b, v))
		return b;
	snprintf(b, 40, "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, 40, "%.17g", v);
	return b;
}

void plan_csvout__num(plan_csvout *o, double v)
{
	char b[40];
	sep(o);
	plan_csvout__fmt_num(b, v);
	put(o, b, strlen(b));
}

void plan_csvout__int(plan_csvout *o, long v)
{
	char b[24], *end = b + sizeof(b);
	sep(o);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	char *p = digits_back(end, u);
	if (v < 0)
		*--p = '-';
	put(o, p, (size_t)(end - p));
}

void plan_csvout__date(plan_csvout *o, plan_date d)
{
	sep(o);
	if (d == PLAN_DATE_NONE)
		return;
	/* tables run in date order often: the last date's text is kept */
	if (d != o->last_date) {
		if (plan_date_format(o->last_text, d) != 0)
			return;
		o->last_date = d;
	}
	put(o, o->last_text, 10);
}

void plan_csvout__empty(plan_csvout *o)
{
	sep(o);
}

void plan_csvout__end_row(plan_csvout *o)
{
	put(o, "\n", 1);
	o->col = 0;
}

void plan_csvout__header(plan_csvout *o, const char *names)
{
	put(o, names, strlen(names));
	plan_csvout__end_row(o);
}
