/* The CSV reader on its own (RFC 4180 cases). */
#include "helpers.h"
#include "base/csv.h"

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
	suite_add_tcase(s, tc);
	return run_suite(s);
}
