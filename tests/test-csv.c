/* The CSV reader on its own (RFC 4180 cases). */
#include "helpers.h"
#include "base/csv.h"
#include "base/csvout.h"
#include "base/numfmt.h"

#include <math.h>
#include <stdint.h>

/* Reads text and returns the records as "a|b|c\n" lines, or the error. */
static char *read_all(const char *text, char *out, size_t n)
{
	size_t len = strlen(text);
	char *buf = malloc(len + 1);
	memcpy(buf, text, len + 1);
	plan_csv c;
	plan_csv__init(&c, buf, len);
	size_t k = 0;
	int rc;
	out[0] = '\0';
	while ((rc = plan_csv__next(&c)) != 0) {
		if (rc < 0) {
			k += (size_t)snprintf(out + k, n - k, "!%u:%d:%s\n", c.error_line,
					      c.error_column, c.error);
			continue;
		}
		k += (size_t)snprintf(out + k, n - k, "%u:", c.record_line);
		for (size_t i = 0; i < c.nfield; i++) {
			ck_assert_uint_eq(strlen(c.field[i].s), c.field[i].len);
			k += (size_t)snprintf(out + k, n - k, "%s%s", i ? "|" : "", c.field[i].s);
		}
		k += (size_t)snprintf(out + k, n - k, "\n");
	}
	plan_csv__free(&c);
	free(buf);
	return out;
}

START_TEST(plain_records)
{
	char out[512];
	ck_assert_str_eq(read_all("a,b,c\n1,2,3\n", out, sizeof(out)), "1:a|b|c\n2:1|2|3\n");
	ck_assert_str_eq(read_all("a,b\r\n1,2\r\n", out, sizeof(out)), "1:a|b\n2:1|2\n");
	ck_assert_str_eq(read_all("a,b\n1,2", out, sizeof(out)), "1:a|b\n2:1|2\n");
	ck_assert_str_eq(read_all("a,,\n,,\n", out, sizeof(out)), "1:a||\n2:||\n");
	ck_assert_str_eq(read_all("a\n\n\nb\n", out, sizeof(out)), "1:a\n4:b\n");
	ck_assert_str_eq(read_all("", out, sizeof(out)), "");
}
END_TEST

START_TEST(quoted_fields)
{
	char out[512];
	ck_assert_str_eq(read_all("\"a,b\",c\n", out, sizeof(out)), "1:a,b|c\n");
	ck_assert_str_eq(read_all("\"say \"\"hi\"\"\",x\n", out, sizeof(out)), "1:say \"hi\"|x\n");
	ck_assert_str_eq(read_all("\"two\nlines\",x\nnext,y\n", out, sizeof(out)),
			 "1:two\nlines|x\n3:next|y\n");
	ck_assert_str_eq(read_all("\"\",\"\"\r\n", out, sizeof(out)), "1:|\n");
	ck_assert_str_eq(read_all("\"end\"", out, sizeof(out)), "1:end\n");
}
END_TEST

START_TEST(byte_order_mark)
{
	char out[512];
	ck_assert_str_eq(read_all("\xEF\xBB\xBFkey,value\n", out, sizeof(out)), "1:key|value\n");
}
END_TEST

START_TEST(bad_records_are_skipped)
{
	char out[512];
	ck_assert_str_eq(read_all("a,\"open\nb,c\n", out, sizeof(out)), "!1:2:unterminated quoted field\n");
	ck_assert_str_eq(read_all("a,b\"c\nd,e\n", out, sizeof(out)),
			 "!1:2:quote inside an unquoted field\n2:d|e\n");
	ck_assert_str_eq(read_all("\"a\"x,b\nd,e\n", out, sizeof(out)),
			 "!1:1:unexpected character after a closing quote\n2:d|e\n");
}
END_TEST

START_TEST(nul_bytes)
{
	char buf[] = "a,b\0c\nd,e\n";
	plan_csv c;
	plan_csv__init(&c, buf, sizeof(buf) - 1);
	ck_assert_int_eq(plan_csv__next(&c), -1);
	ck_assert_str_eq(c.error, "NUL byte in field");
	ck_assert_int_eq(plan_csv__next(&c), 1);
	ck_assert_str_eq(c.field[0].s, "d");
	plan_csv__free(&c);
}
END_TEST

START_TEST(gzip_round_trip)
{
	/* "a,b\n1,2\n" compressed by gzip -9 -n */
	static const unsigned char gz[] = {
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xd4,
		0x49, 0xe2, 0x32, 0xd4, 0x31, 0xe2, 0x02, 0x00, 0x7b, 0x07, 0x97, 0x0a,
		0x08, 0x00, 0x00, 0x00,
	};
	char *out = NULL;
	size_t len = 0;
	const char *why = NULL;
	ck_assert_int_eq(plan_csv__gunzip(gz, sizeof(gz), &out, &len, &why), 0);
	ck_assert_uint_eq(len, 8);
	ck_assert_str_eq(out, "a,b\n1,2\n");
	free(out);
	ck_assert_int_eq(plan_csv__gunzip(gz, sizeof(gz) - 6, &out, &len, &why), -1);
	ck_assert_str_eq(why, "gzip data ends too early");
	why = NULL;
	ck_assert_int_eq(plan_csv__gunzip("not gzip", 8, &out, &len, &why), -1);
	ck_assert_str_eq(why, "not valid gzip data");
}
END_TEST

/* The number writer writes what printf's "%.15g" writes (or "%.17g" where
 * that does not read back): byte for byte on edge values and on 200,000
 * values of five kinds (random bits, decimals of 1 to 18 places, ratios,
 * tenths, binary fractions; 20 million of them by hand, the same), and
 * every number reads back exactly. */
static const char *printf_num(char *b, double v)
{
	snprintf(b, 40, "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, 40, "%.17g", v);
	return b;
}

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A random double of one of five kinds (i % 5): random bits (NaN and
 * infinities included: callers skip them), decimals of 0 to 17 places,
 * ratios, signed tenths, binary fractions. */
static double random_double(uint64_t *st, long i)
{
	double v;
	uint64_t x = next_rand(st);
	switch (i % 5) {
	case 0: memcpy(&v, &x, 8); break;
	case 1: v = (double)(int64_t)(x % 2000000000000000ull) / pow(10, (double)(next_rand(st) % 18)); break;
	case 2: v = (double)(x % 100000) / (double)(1 + next_rand(st) % 1000); break;
	case 3: v = (double)(int64_t)(x % 10000000) * 0.1 * (next_rand(st) % 2 ? 1 : -1); break;
	default: v = ldexp((double)(x >> 11), -(int)(next_rand(st) % 80)); break;
	}
	return v;
}

START_TEST(numbers_as_printf_writes_them)
{
	static const double edge[] = { 0.0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1e-4, 9.99999e-5, 1e-5, 0.00012345,
				       1e15, 999999999999999, 1e15 - 0.5, 123456789012345.6, 0.1 + 0.2,
				       2.675, 1.005, 16.700000000000003, 2.6999999999999997, 1e300, 5e-324,
				       4503599627370495.5, 9007199254740993.0, 33.333333333333336,
				       1.0 / 3, 2.0 / 3, 1e-4 * 3, 123.456, -7.25e-4 };
	char a[48], b[48];
	for (size_t i = 0; i < sizeof(edge) / sizeof(*edge); i++)
		ck_assert_str_eq(plan_csvout__fmt_num(b, edge[i]), printf_num(a, edge[i]));
	uint64_t st = 88172645463325252ull;
	for (long i = 0; i < 200000; i++) {
		double v = random_double(&st, i);
		if (!isfinite(v))
			continue;
		plan_csvout__fmt_num(b, v);
		if (strcmp(b, printf_num(a, v)) || strtod(b, NULL) != v)
			ck_abort_msg("%.17g: %s, printf %s", v, b, a);
	}
}
END_TEST

/* "%.<P>g" without printf: the same text as printf for every precision on
 * edge values and on 100,000 random values of the kinds above. */
START_TEST(numbers_at_every_precision)
{
	static const double edge[] = { 0.0, -0.0, 1, 0.5, 0.05, 9.5, 99.5, 0.00995, 1e-4, 9.9999999e-5,
				       123456.5, 999999.5, 1e9 - 0.5, 9999999999.5, 0.1 + 0.2, 14.2,
				       0.108, 2.44, 1.0 / 3, 1e15 - 1, -2.5 };
	char a[48], b[48];
	uint64_t st = 2463534242ull;
	for (int P = 1; P <= 17; P++) {
		for (size_t i = 0; i < sizeof(edge) / sizeof(*edge); i++) {
			snprintf(a, sizeof(a), "%.*g", P, edge[i]);
			ck_assert_str_eq(plan_num__g(b, edge[i], P), a);
		}
		for (long i = 0; i < 6000; i++) {
			double v = random_double(&st, i);
			if (!isfinite(v))
				continue;
			snprintf(a, sizeof(a), "%.*g", P, v);
			if (strcmp(plan_num__g(b, v, P), a))
				ck_abort_msg("%%.%dg of %.17g: %s, printf %s", P, v, b, a);
		}
	}
}
END_TEST

/* Text fields written and read back, across the writer's 64 KiB buffer:
 * plain ones copied in one pass, ones with commas, quotes or line breaks
 * quoted, wherever the buffer's end falls (fields of every length). */
/* Field i of text_fields_round_trip: 1 to 97 letters, a comma or a quote
 * in every third, a line break first in every seventh. */
static void make_field(char *field, int i)
{
	int len = i % 97 + 1;
	for (int k = 0; k < len; k++)
		field[k] = (char)('a' + (i + k) % 26);
	field[len] = '\0';
	if (i % 3 == 1)
		field[len / 2] = i % 2 ? ',' : '"';
	if (i % 7 == 3)
		field[0] = '\n';
}

START_TEST(text_fields_round_trip)
{
	char dir[] = "/tmp/test-csv-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	plan_csvout o;
	ck_assert_int_eq(plan_csvout__open(&o, dir, "t.csv", 0, NULL, 0), 0);
	char field[300];
	for (int i = 0; i < 3000; i++) {
		make_field(field, i);
		plan_csvout__text(&o, field);
		plan_csvout__int(&o, -i);
		plan_csvout__date(&o, 20000 + i / 10);
		plan_csvout__end_row(&o);
	}
	ck_assert_int_eq(plan_csvout__close(&o, dir, "t.csv", NULL, 0), 0);
	char path[64];
	snprintf(path, sizeof(path), "%s/t.csv", dir);
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	remove(path);
	rmdir(dir);
	ck_assert_uint_gt(n, 1 << 16);
	plan_csv c;
	plan_csv__init(&c, text, n);
	for (int i = 0; i < 3000; i++) {
		ck_assert_int_eq(plan_csv__next(&c), 1);
		ck_assert_uint_eq(c.nfield, 3);
		make_field(field, i);
		ck_assert_str_eq(c.field[0].s, field);
		char num[16], date[11];
		snprintf(num, sizeof(num), "%d", -i);
		ck_assert_str_eq(c.field[1].s, num);
		plan_date_format(date, 20000 + i / 10);
		ck_assert_str_eq(c.field[2].s, date);
	}
	ck_assert_int_eq(plan_csv__next(&c), 0);
	plan_csv__free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("rfc4180");
	tcase_add_test(tc, plain_records);
	tcase_add_test(tc, quoted_fields);
	tcase_add_test(tc, byte_order_mark);
	tcase_add_test(tc, bad_records_are_skipped);
	tcase_add_test(tc, nul_bytes);
	tcase_add_test(tc, gzip_round_trip);
	tcase_add_test(tc, numbers_as_printf_writes_them);
	tcase_add_test(tc, text_fields_round_trip);
	tcase_add_test(tc, numbers_at_every_precision);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
