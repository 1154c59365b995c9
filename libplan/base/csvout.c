#include "base/csvout.h"

#include "base/numfmt.h"

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

char *plan_csvout__fmt_num(char *b, double v)
{
	return plan_num__exact(b, v);
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
	char *p = plan_num__digits(end, u);
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
