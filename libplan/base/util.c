/* mremap() and MADV_HUGEPAGE are Linux extensions */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1
#endif
#include "base/util.h"
#include "plan/common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

int plan_vec__reserve(void **data, size_t *cap, size_t elem, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return -1;
	void *p = realloc(*data, ncap * elem);
	if (!p)
		return -1;
	*data = p;
	*cap = ncap;
	return 0;
}

#if defined(__linux__) && defined(MREMAP_MAYMOVE)
#define BIG_MIN (1u << 20) /* below this, plain realloc */

static size_t big_bytes(size_t cap, size_t elem)
{
	size_t b = cap * elem;
	return b < BIG_MIN ? b : (b + 4095) & ~(size_t)4095;
}

int plan_big__reserve(void **data, size_t *cap, size_t elem, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 4 / elem)
			return -1;
		ncap *= 2;
	}
	size_t old = big_bytes(*cap, elem), nb = big_bytes(ncap, elem);
	if (nb < BIG_MIN) {
		void *p = realloc(*data, nb);
		if (!p)
			return -1;
		*data = p;
		*cap = ncap;
		return 0;
	}
	void *p;
	if (*cap && old >= BIG_MIN) {
		p = mremap(*data, old, nb, MREMAP_MAYMOVE);
	} else {
		p = mmap(NULL, nb, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED && *cap) {
			memcpy(p, *data, *cap * elem);
			free(*data);
		}
	}
	if (p == MAP_FAILED)
		return -1;
#ifdef MADV_HUGEPAGE
	madvise(p, nb, MADV_HUGEPAGE);
#endif
	*data = p;
	*cap = ncap;
	return 0;
}

uint64_t *plan_big__slots(size_t n)
{
	void *p = NULL;
	size_t cap = 0;
	if (plan_big__reserve(&p, &cap, sizeof(uint64_t), n) < 0)
		return NULL;
	/* n is a power of two >= 64, so cap == n; fresh mappings are zero */
	if (big_bytes(n, sizeof(uint64_t)) < BIG_MIN)
		memset(p, 0, n * sizeof(uint64_t));
	return p;
}

void plan_big__free(void *data, size_t cap, size_t elem)
{
	if (!data)
		return;
	size_t b = big_bytes(cap, elem);
	if (b < BIG_MIN)
		free(data);
	else
		munmap(data, b);
}
#else
int plan_big__reserve(void **data, size_t *cap, size_t elem, size_t need)
{
	return plan_vec__reserve(data, cap, elem, need);
}

uint64_t *plan_big__slots(size_t n)
{
	return calloc(n, sizeof(uint64_t));
}

void plan_big__free(void *data, size_t cap, size_t elem)
{
	(void)cap;
	(void)elem;
	free(data);
}
#endif

struct plan_arena_chunk {
	struct plan_arena_chunk *next;
	size_t used, size;
	max_align_t align_[];
};

#define ARENA_CHUNK (64 * 1024)

void *plan_arena__alloc(plan_arena *arena, size_t size)
{
	size = (size + 7) & ~(size_t)7;
	struct plan_arena_chunk *c = arena->head;
	if (!c || c->size - c->used < size) {
		size_t cap = size > ARENA_CHUNK / 4 ? size : ARENA_CHUNK;
		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = cap;
		if (cap == size && arena->head) {
			/* a big one-off block goes behind the current chunk, which
			 * keeps serving small strings */
			c->next = arena->head->next;
			arena->head->next = c;
			c->used = size;
			return (char *)c->align_;
		}
		c->next = arena->head;
		arena->head = c;
	}
	void *p = (char *)c->align_ + c->used;
	c->used += size;
	return p;
}

char *plan_arena__strndup(plan_arena *arena, const char *s, size_t len)
{
	char *p = plan_arena__alloc(arena, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *plan_arena__vprintf(plan_arena *arena, const char *fmt, va_list ap)
{
	if (fmt[0] == '%' && fmt[1] == 's' && fmt[2] == '\0') { /* a copy: no printf */
		const char *s = va_arg(ap, const char *);
		return plan_arena__strndup(arena, s, strlen(s));
	}
	char buf[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	char *p = NULL;
	if (n >= 0 && (size_t)n < sizeof(buf)) {
		p = plan_arena__strndup(arena, buf, (size_t)n);
	} else if (n >= 0) {
		p = plan_arena__alloc(arena, (size_t)n + 1);
		if (p)
			vsnprintf(p, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	return p;
}

/* Length of the UTF-8 sequence at s (2 to 4), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || s[0] > 0xf4)
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	/* overlong three-byte forms, surrogates, beyond U+10FFFF */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

char *plan_arena__printable(plan_arena *arena, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = 0;
	for (size_t i = 0; u[i];) {
		size_t n = u[i] >= 0x80 ? utf8_len(u + i) : (u[i] < 0x20 || u[i] == 0x7f) ? 0 : 1;
		len += n ? n : 4;
		i += n ? n : 1;
	}
	char *out = plan_arena__alloc(arena, len + 1), *p = out;
	if (!out)
		return NULL;
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; u[i];) {
		size_t n = u[i] >= 0x80 ? utf8_len(u + i) : (u[i] < 0x20 || u[i] == 0x7f) ? 0 : 1;
		if (n) {
			memcpy(p, u + i, n);
			p += n, i += n;
		} else {
			*p++ = '\\', *p++ = 'x', *p++ = hex[u[i] >> 4], *p++ = hex[u[i] & 15];
			i++;
		}
	}
	*p = '\0';
	return out;
}

int plan_text__vprintf(plan_text *t, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(t->s, t->s ? t->cap : 0, fmt, ap);
	int rc = n < 0 ? -1 : 0;
	if (n >= 0 && (size_t)n >= t->cap) {
		size_t cap = t->cap ? t->cap : 128;
		while (cap <= (size_t)n)
			cap *= 2;
		char *s = malloc(cap);
		if (s) {
			vsnprintf(s, cap, fmt, again);
			free(t->s);
			t->s = s;
			t->cap = cap;
		} else {
			rc = -1;
			if (t->s) /* cut short above: not kept */
				t->s[0] = '\0';
		}
	}
	va_end(again);
	return rc;
}

int plan_text__join(plan_text *t, ...)
{
	va_list ap;
	size_t n = 0;
	va_start(ap, t);
	for (const char *s; (s = va_arg(ap, const char *));)
		n += strlen(s);
	va_end(ap);
	if (n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 128;
		while (cap < n + 1)
			cap *= 2;
		char *s = malloc(cap);
		if (!s)
			return -1;
		free(t->s);
		t->s = s;
		t->cap = cap;
	}
	char *o = t->s;
	va_start(ap, t);
	for (const char *s; (s = va_arg(ap, const char *));) {
		size_t k = strlen(s);
		memcpy(o, s, k);
		o += k;
	}
	va_end(ap);
	*o = '\0';
	return 0;
}

int plan_text__printf(plan_text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = plan_text__vprintf(t, fmt, ap);
	va_end(ap);
	return rc;
}

void plan_text__free(plan_text *t)
{
	free(t->s);
	t->s = NULL;
	t->cap = 0;
}

void plan_arena__splice(plan_arena *dst, plan_arena *src)
{
	struct plan_arena_chunk *c = src->head;
	if (!c)
		return;
	while (c->next)
		c = c->next;
	/* src's blocks go behind dst's current one, which keeps serving */
	if (dst->head) {
		c->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	src->head = NULL;
}

void plan_arena__free(plan_arena *arena)
{
	struct plan_arena_chunk *c = arena->head;
	while (c) {
		struct plan_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena->head = NULL;
}

/* FNV-1a over bytes, then a 64-bit finaliser (splitmix64) so that the low
 * bits used for the slot index are well mixed. */
uint64_t plan_hash__bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return plan_hash__u64(h);
}

uint64_t plan_hash__u64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A slot's tag holds the high 24 bits of the code's hash and its length
 * (255: that long or longer) beside its id, so that a probe rarely has to
 * fetch the string to compare it; the slot points at the string, so that a
 * hit costs the slot and the string, not the id's entries as well. */
#define TAG(h, len) (((h) & 0xffffff0000000000ULL) | (uint64_t)((len) < 255 ? (len) : 255) << 32)
#define SLOT(h, len, id) (TAG(h, len) | (uint64_t)(uint32_t)((id) + 1))
#define SLOT_ID(v) ((int32_t)(uint32_t)(v) - 1)

static int strtab_rehash(plan_strtab *t, size_t nslot)
{
	/* zeroed: two words a slot */
	plan_strslot *slot = (plan_strslot *)plan_big__slots(2 * nslot);
	if (!slot)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		uint64_t h = plan_hash__bytes(t->str[i], t->len[i]);
		size_t k = h & (nslot - 1);
		while (slot[k].tag)
			k = (k + 1) & (nslot - 1);
		slot[k] = (plan_strslot){ SLOT(h, t->len[i], i), t->str[i] };
	}
	plan_big__free(t->slot, 2 * t->nslot, sizeof(uint64_t));
	t->slot = slot;
	t->nslot = nslot;
	return 0;
}

int32_t plan_strtab__id(plan_strtab *t, plan_arena *arena, const char *s,
			size_t len, int create)
{
	if (t->n && t->last >= 0 && t->len[t->last] == len &&
	    memcmp(t->str[t->last], s, len) == 0)
		return t->last;
	uint64_t h = plan_hash__bytes(s, len);
	if (t->nslot) {
		size_t k = h & (t->nslot - 1);
		uint64_t tag = TAG(h, len);
		for (;;) {
			const plan_strslot *e = &t->slot[k];
			uint64_t v = e->tag;
			if (!v)
				break;
			if ((v ^ tag) >> 32 == 0) {
				int32_t id = SLOT_ID(v);
				if ((len < 255 || t->len[id] == len) && memcmp(e->s, s, len) == 0)
					return create ? (t->last = id) : id;
			}
			k = (k + 1) & (t->nslot - 1);
		}
	}
	if (!create)
		return -1;
	if (t->n >= INT32_MAX - 1)
		return -2;
	if ((t->n + 1) * 2 > t->nslot &&
	    strtab_rehash(t, t->nslot ? t->nslot * 2 : 64) < 0)
		return -2;
	size_t cap = t->cap;
	if (plan_big__reserve((void **)&t->str, &cap, sizeof(*t->str), t->n + 1) < 0)
		return -2;
	cap = t->cap;
	if (plan_big__reserve((void **)&t->len, &cap, sizeof(*t->len), t->n + 1) < 0)
		return -2;
	t->cap = cap;
	char *copy = plan_arena__strndup(arena, s, len);
	if (!copy)
		return -2;
	int32_t id = (int32_t)t->n++;
	t->str[id] = copy;
	t->len[id] = (uint32_t)len;
	size_t k = h & (t->nslot - 1);
	while (t->slot[k].tag)
		k = (k + 1) & (t->nslot - 1);
	t->slot[k] = (plan_strslot){ SLOT(h, len, id), copy };
	return t->last = id;
}

void plan_strtab__prefetch(const plan_strtab *t, const char *s, size_t len)
{
#if defined(__GNUC__)
	if (t->nslot)
		__builtin_prefetch(&t->slot[plan_hash__bytes(s, len) & (t->nslot - 1)]);
#else
	(void)t;
	(void)s;
	(void)len;
#endif
}

void plan_strtab__free(plan_strtab *t)
{
	plan_big__free(t->str, t->cap, sizeof(*t->str));
	plan_big__free(t->len, t->cap, sizeof(*t->len));
	plan_big__free(t->slot, 2 * t->nslot, sizeof(uint64_t));
	memset(t, 0, sizeof(*t));
}

int32_t plan_map64__get(const plan_map64 *m, uint64_t key)
{
	if (!m->nslot)
		return -1;
	size_t h = plan_hash__u64(key) & (m->nslot - 1);
	while (m->val[h] >= 0) {
		if (m->key[h] == key)
			return m->val[h];
		h = (h + 1) & (m->nslot - 1);
	}
	return -1;
}

static int map64_rehash(plan_map64 *m, size_t nslot)
{
	uint64_t *key = malloc(nslot * sizeof(*key));
	int32_t *val = malloc(nslot * sizeof(*val));
	if (!key || !val) {
		free(key);
		free(val);
		return -1;
	}
	memset(val, 0xff, nslot * sizeof(*val));
	for (size_t i = 0; i < m->nslot; i++) {
		if (m->val[i] < 0)
			continue;
		size_t h = plan_hash__u64(m->key[i]) & (nslot - 1);
		while (val[h] >= 0)
			h = (h + 1) & (nslot - 1);
		key[h] = m->key[i];
		val[h] = m->val[i];
	}
	free(m->key);
	free(m->val);
	m->key = key;
	m->val = val;
	m->nslot = nslot;
	return 0;
}

int32_t plan_map64__put(plan_map64 *m, uint64_t key, int32_t val)
{
	if ((m->n + 1) * 2 > m->nslot &&
	    map64_rehash(m, m->nslot ? m->nslot * 2 : 64) < 0)
		return -2;
	size_t h = plan_hash__u64(key) & (m->nslot - 1);
	while (m->val[h] >= 0) {
		if (m->key[h] == key)
			return m->val[h];
		h = (h + 1) & (m->nslot - 1);
	}
	m->key[h] = key;
	m->val[h] = val;
	m->n++;
	return val;
}

void plan_map64__free(plan_map64 *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Trims blanks around a numeric or date cell. */
const char *plan_str__trim(const char *s, size_t *len)
{
	while (*len && is_blank(s[0])) {
		s++;
		(*len)--;
	}
	while (*len && is_blank(s[*len - 1]))
		(*len)--;
	return s;
}

/* --- quantities in units (format 1.1 decimals) ----------------------- */

/* 10^d for d in 0..6 */
static const double tens[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };

int plan_qty__is_multiple_(double q, int decimals)
{
	if (decimals < 0 || !(q == q))
		return 1;
	double k = round(q * tens[decimals]);
	return fabs(q - k / tens[decimals]) <= 1e-6 * (1 + fabs(q) * 1e-9);
}

/* A hair of float noise around q: relative, and never more than a
 * thousandth of the step (at a billion units and more the relative hair
 * alone would be a whole unit: 1,000,001,002 rounded up to 1,000,001,001),
 * nor than half the plan's tolerance of 1e-6 (what is rounded away as a
 * hair is a real shortfall to the verifier: 1e8 + 1e-5 units in steps of
 * 0.01 made 1e8 on the day and the 1e-5 a day late, a fuzz-plan find). */
static double hair(double q, int decimals)
{
	double h = 1e-9 * (1 + q), most = 1e-3 / tens[decimals];
	if (most > 5e-7)
		most = 5e-7;
	return h < most ? h : most;
}

double plan_qty__up_(double q, int decimals)
{
	if (decimals < 0 || !(q > 0))
		return q;
	/* a hair (float noise of sums) over a multiple is that multiple */
	double k = ceil((q - hair(q, decimals)) * tens[decimals]);
	return k > 0 ? k / tens[decimals] : 0;
}

double plan_qty__down_(double q, int decimals)
{
	if (decimals < 0 || !(q > 0))
		return q;
	double k = floor((q + hair(q, decimals)) * tens[decimals]);
	return k > 0 ? k / tens[decimals] : 0;
}

double plan_qty__round_(double q, int decimals)
{
	if (decimals < 0 || !(q == q) || fabs(q) > 1e15)
		return q;
	return round(q * tens[decimals]) / tens[decimals];
}


double plan_qty__lot_up(double q, double lot_min, double lot_multiple, int decimals)
{
	if (!(q > 0))
		return 0;
	if (q < lot_min)
		q = lot_min;
	if (lot_multiple != PLAN_NONE) {
		double k = ceil((q - 5e-7) / lot_multiple);
		return lot_multiple * (k < 1 ? 1 : k);
	}
	return plan_qty__up(q, decimals);
}

double plan_qty__snap_(double q, int decimals)
{
	if (!(q == q) || fabs(q) > 1e15)
		return q;
	double k = round(q * tens[decimals]), m = k / tens[decimals];
	return fabs(q - m) <= 1e-12 * (1 + fabs(q)) ? m : q;
}
