/* Numbers as text, exactly as printf writes them but without it: the
 * digits of a double computed with integers (128 bits where they must be),
 * for the plan's CSV files and the planner's words. */
#include "base/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *plan_num__digits(char *end, unsigned long long n)
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

/* v as printf's "%.<P>g" writes it (round_trip: "%.15g", or "%.17g" where
 * that does not read back), computed exactly with integers where printf
 * writes fixed notation (1e-4 <= |v| < 1e15 and fewer integer digits than
 * P); 0 elsewhere (the caller uses printf). */
static size_t fmt_fast(char *b, double v, int P, int round_trip)
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
	if (d > P - 1)
		return 0; /* printf writes an exponent there */
	uint64_t q;
	int dq;
	char dig[20], *o = b;
	digits_of(m, e, d, P, &q, &dq);
	if (round_trip) {
		if (dq > 14)
			return 0; /* rounded up to 1e15: "%.15g" writes an exponent */
		if (!reads_back(m, e, q, dq)) {
			P = 17;
			digits_of(m, e, d, 17, &q, &dq);
		}
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

char *plan_num__g(char *b, double v, int P)
{
	if (v == 0)
		strcpy(b, signbit(v) ? "-0" : "0");
	else if (!(P >= 1 && P <= 17) || !fmt_fast(b, v, P, 0))
		snprintf(b, 32, "%.*g", P, v);
	return b;
}

char *plan_num__exact(char *b, double v)
{
	if (v == 0) {
		strcpy(b, signbit(v) ? "-0" : "0");
		return b;
	}
	if (fmt_fast(b, v, 15, 1))
		return b;
	snprintf(b, 40, "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, 40, "%.17g", v);
	return b;
}
