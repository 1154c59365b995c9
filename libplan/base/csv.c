/* RFC 4180: fields separated by commas, records by CRLF or LF; a field in
 * double quotes may hold commas, line breaks and doubled quotes. Fields are
 * unescaped in place, so a record costs no allocation once the field array
 * has grown to the widest record. */
#include "base/csv.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/util.h"

void plan_csv__init(plan_csv *c, char *buf, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->buf = buf;
	c->len = len;
	c->line = 1;
	if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
	    (unsigned char)buf[2] == 0xBF)
		c->pos = 3;
}

void plan_csv__free(plan_csv *c)
{
	free(c->field);
	c->field = NULL;
	c->nfield = c->cap = 0;
}

static int push_field(plan_csv *c, char *s, size_t len)
{
	if (plan_vec__reserve((void **)&c->field, &c->cap, sizeof(*c->field), c->nfield + 1) < 0)
		return -2;
	s[len] = '\0';
	c->field[c->nfield].s = s;
	c->field[c->nfield].len = len;
	c->nfield++;
	return 0;
}

/* Skips to the start of the next line after a bad record. */
static int bad(plan_csv *c, const char *why, int column)
{
	c->error = why;
	c->error_line = c->line;
	c->error_column = column;
	while (c->pos < c->len && c->buf[c->pos] != '\n')
		c->pos++;
	if (c->pos < c->len) {
		c->pos++;
		c->line++;
	}
	return -1;
}

int plan_csv__next(plan_csv *c)
{
	char *b = c->buf;
	size_t n = c->len;
	for (;;) {
		if (c->pos >= n)
			return 0;
		/* blank line */
		if (b[c->pos] == '\n') {
			c->pos++;
			c->line++;
			continue;
		}
		if (b[c->pos] == '\r' && c->pos + 1 < n && b[c->pos + 1] == '\n') {
			c->pos += 2;
			c->line++;
			continue;
		}
		break;
	}
	c->nfield = 0;
	c->record_line = c->line;
	size_t p = c->pos;
	for (;;) {
		int column = (int)c->nfield + 1;
		char term; /* what ends the field: ',', '\n', '\r' (of CRLF) or 0 (end) */
		if (p < n && b[p] == '"') {
			/* quoted field: unescape into place */
			uint32_t start_line = c->line;
			size_t open = p, w = p + 1, r = p + 1;
			for (;;) {
				if (r >= n) {
					c->pos = n;
					c->error = "unterminated quoted field";
					c->error_line = start_line;
					c->error_column = column;
					return -1;
				}
				char ch = b[r];
				if (ch == '"') {
					if (r + 1 < n && b[r + 1] == '"') {
						b[w++] = '"';
						r += 2;
						continue;
					}
					r++;
					break;
				}
				if (ch == '\0') {
					c->pos = r;
					return bad(c, "NUL byte in field", column);
				}
				if (ch == '\n')
					c->line++;
				b[w++] = ch;
				r++;
			}
			p = r;
			term = p < n ? b[p] : 0;
			if (term == '\r' && !(p + 1 == n || b[p + 1] == '\n'))
				term = 'x';
			if (term != 0 && term != ',' && term != '\n' && term != '\r') {
				c->pos = p;
				return bad(c, "unexpected character after a closing quote", column);
			}
			/* the NUL goes at w < p: the terminator is untouched */
			if (push_field(c, b + open + 1, w - (open + 1)) < 0)
				return -2;
		} else {
			size_t q = p;
			while (q < n && b[q] != ',' && b[q] != '\n') {
				if (b[q] == '"') {
					c->pos = q;
					return bad(c, "quote inside an unquoted field", column);
				}
				if (b[q] == '\0') {
					c->pos = q;
					return bad(c, "NUL byte in field", column);
				}
				q++;
			}
			term = q < n ? b[q] : 0;
			size_t end = q;
			if (end > p && b[end - 1] == '\r' && term != ',')
				end--;
			if (push_field(c, b + p, end - p) < 0) /* may overwrite b[q] */
				return -2;
			p = q;
		}
		/* after a field: p is at its terminator */
		if (term == 0) {
			c->pos = n;
			return 1;
		}
		if (term == ',') {
			p++;
			continue;
		}
		if (term == '\r')
			p++;
		if (p < n) { /* the '\n' (possibly overwritten by a NUL) */
			p++;
			c->line++;
		}
		c->pos = p;
		return 1;
	}
}

int plan_csv__gunzip(const void *data, size_t size, char **out, size_t *len,
		     const char **why)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK) {
		*why = "zlib: cannot start inflating";
		return -1;
	}
	size_t cap = size * 4 + 1024, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf) {
		inflateEnd(&z);
		return -2;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	int rc = Z_OK;
	size_t left = size;
	while (rc != Z_STREAM_END) {
		if (n == cap) {
			if (cap > SIZE_MAX / 2 - 1) {
				rc = Z_MEM_ERROR;
				break;
			}
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				rc = Z_MEM_ERROR;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		if (z.avail_in == 0) {
			uInt chunk = left > 1u << 30 ? 1u << 30 : (uInt)left;
			z.avail_in = chunk;
			left -= chunk;
		}
		size_t room = cap - n;
		z.next_out = (Bytef *)buf + n;
		z.avail_out = room > 1u << 30 ? 1u << 30 : (uInt)room;
		uInt before = z.avail_out;
		rc = inflate(&z, Z_NO_FLUSH);
		n += before - z.avail_out;
		if (rc == Z_STREAM_END && (z.avail_in || left)) {
			/* concatenated gzip members, as gzip(1) allows */
			if (inflateReset(&z) != Z_OK)
				break;
			rc = Z_OK;
			continue;
		}
		if (rc == Z_BUF_ERROR && z.avail_in == 0 && left == 0) {
			rc = Z_DATA_ERROR;
			*why = "gzip data ends too early";
			break;
		}
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			break;
	}
	inflateEnd(&z);
	if (rc == Z_MEM_ERROR) {
		free(buf);
		return -2;
	}
	if (rc != Z_STREAM_END) {
		free(buf);
		if (rc != Z_DATA_ERROR || !*why)
			*why = "not valid gzip data";
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int plan_csv__read_file(const char *path, int gz, char **out, size_t *len,
			const char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = strerror(errno);
		return -1;
	}
	/* the file's size when it has one, so that the buffer is read once */
	struct stat st;
	size_t cap = 1 << 16, n = 0;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < SIZE_MAX / 2)
		cap = (size_t)st.st_size + 1;
	char *buf = malloc(cap + 1);
	if (!buf) {
		fclose(f);
		return -2;
	}
	for (;;) {
		if (n == cap) {
			char *nb = cap < SIZE_MAX / 2 - 1 ? realloc(buf, cap * 2 + 1) : NULL;
			if (!nb) {
				free(buf);
				fclose(f);
				return -2;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		*why = "read error";
		return -1;
	}
	if (!gz) {
		buf[n] = '\0';
		*out = buf;
		*len = n;
		return 0;
	}
	int rc = plan_csv__gunzip(buf, n, out, len, why);
	free(buf);
	return rc;
}
