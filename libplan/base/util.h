/* Internal helpers: growable arrays, an arena for strings, interned codes and
 * a 64-bit key map. Nothing here is exported. */
#ifndef PLAN_UTIL_H
#define PLAN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Grows *data (elements of size elem, capacity *cap) to hold at least need
 * elements. Returns 0 or -1 on overflow / out of memory (data untouched). */
int plan_vec__reserve(void **data, size_t *cap, size_t elem, size_t need);

/* Large arrays (millions of orders or requirements): on Linux mapped
 * memory grown by mremap, which moves pages instead of copying them, with
 * transparent huge pages asked for; elsewhere realloc. Free with
 * plan_big__free() and the same cap and elem. */
int plan_big__reserve(void **data, size_t *cap, size_t elem, size_t need);
void plan_big__free(void *data, size_t cap, size_t elem);

/* n zeroed hash slots (n a power of two >= 64), on huge pages where it pays
 * (random probes of a large table miss the TLB on 4 KiB pages). Free with
 * plan_big__free(slots, n, sizeof(uint64_t)). */
uint64_t *plan_big__slots(size_t n);

/* Bump allocator for strings that live as long as their owner. */
typedef struct plan_arena {
	struct plan_arena_chunk *head;
} plan_arena;

void *plan_arena__alloc(plan_arena *arena, size_t size);
char *plan_arena__strndup(plan_arena *arena, const char *s, size_t len);
void plan_arena__free(plan_arena *arena);
/* Moves every block of src into dst (pointers into them stay valid). */
void plan_arena__splice(plan_arena *dst, plan_arena *src);
/* fmt formatted whole into the arena (never cut short); NULL on out of
 * memory. */
char *plan_arena__vprintf(plan_arena *arena, const char *fmt, va_list ap);

/* s copied into the arena for a terminal: control bytes and bytes that
 * are not UTF-8 written as \xNN (a binary file's bytes are never echoed
 * raw); NULL on out of memory. */
char *plan_arena__printable(plan_arena *arena, const char *s);

/* A growable string: what it holds is always whole ("" when empty). Free
 * with plan_text__free(). */
typedef struct plan_text {
	char *s;           /* NULL until written */
	size_t cap;
} plan_text;

/* Sets t to fmt formatted (0), or leaves it as it was (-1: out of memory). */
int plan_text__printf(plan_text *t, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
int plan_text__vprintf(plan_text *t, const char *fmt, va_list ap);
/* Sets t to the strings given, one after another, up to a NULL: what a
 * format of only %s would make, without printf's cost. 0 or -1. */
int plan_text__join(plan_text *t, ...);
/* Its string ("" if never written). */
static inline const char *plan_text__str(const plan_text *t)
{
	return t->s ? t->s : "";
}
static inline void plan_text__clear(plan_text *t)
{
	if (t->s)
		t->s[0] = '\0';
}
void plan_text__free(plan_text *t);

uint64_t plan_hash__bytes(const void *data, size_t len);
uint64_t plan_hash__u64(uint64_t x);

/* Interned codes of one kind: code <-> dense id (0, 1, 2, ... in order of
 * first appearance). Strings are stored in the caller's arena. */
typedef struct plan_strslot {
	uint64_t tag;      /* hash high 24 bits | length (255: longer) | id + 1; 0: empty */
	const char *s;     /* the code (NUL-terminated), read without a hop through str */
} plan_strslot;

typedef struct plan_strtab {
	const char **str;
	uint32_t *len;
	size_t n, cap;
	plan_strslot *slot; /* open addressing */
	size_t nslot;      /* power of two */
	int32_t last;      /* the id interned or found last by a creating call
	                      (rows often repeat a code); lookups do not change it */
} plan_strtab;

/* Id of s[0..len), interning it if create is set. Returns the id, -1 if absent
 * (and !create), -2 on out of memory. */
int32_t plan_strtab__id(plan_strtab *t, plan_arena *arena, const char *s,
			size_t len, int create);
void plan_strtab__free(plan_strtab *t);
/* Asks the processor to fetch the slot where s[0..len) would be looked up
 * (a loader calls it a row ahead: lookups then rarely wait for memory). */
void plan_strtab__prefetch(const plan_strtab *t, const char *s, size_t len);

/* Map from 64-bit keys to int32 values. */
typedef struct plan_map64 {
	uint64_t *key;
	int32_t *val;      /* -1: empty slot */
	size_t n, nslot;
} plan_map64;

/* Value stored for key, or -1. */
int32_t plan_map64__get(const plan_map64 *m, uint64_t key);
/* Stores key -> val (val >= 0) unless key is present. Returns the value now
 * stored for key (the old one if present), or -2 on out of memory. */
int32_t plan_map64__put(plan_map64 *m, uint64_t key, int32_t val);
void plan_map64__free(plan_map64 *m);

/* Trims blanks (spaces, tabs) around s[0..*len): the start, and *len
 * shortened. */
const char *plan_str__trim(const char *s, size_t *len);

/* Quantities at or below this are nothing (float noise of the plan's sums). */
#define PLAN_EPS 1e-9

/* The tolerance a plan is checked at (format.md): no order is that small
 * (the verifiers reject it as not positive), and a shortfall below it is
 * none. */
#define PLAN_TOL 1e-6

/* Quantities counted in units of 10^-decimals (format 1.1 items.csv
 * `decimals`; -1: not counted, q as it is): whether q is a multiple within
 * the plan's tolerance (1e-6); q rounded up (a hair over a multiple, float
 * noise of at most 1e-9 (1 + q), is that multiple), down (the same below),
 * or to the nearest; never below 0.
 * The results are k / 10^decimals, the double nearest the decimal. */
int plan_qty__is_multiple_(double q, int decimals);
double plan_qty__up_(double q, int decimals);
double plan_qty__down_(double q, int decimals);
double plan_qty__round_(double q, int decimals);
/* Neumaier's compensated sum: *sum + *comp is the sum of the x added, in
 * any order, to within a rounding of the result (not of the terms' sizes:
 * moves of 1e12 that cancel leave their small ones exact). */
static inline void plan_sum__add(double *sum, double *comp, double x)
{
	double s = *sum, t = s + x;
	*comp += (s >= 0 ? s : -s) >= (x >= 0 ? x : -x) ? (s - t) + x : (x - t) + s;
	*sum = t;
}

/* How much the exact (x + xc) - (y + yc) is above d, where the sums and d
 * are near (compensated sums, d the same difference as summed): x - y with
 * its rounding error kept (Knuth's two-sum), d taken off the near result
 * (exact when they are close). */
static inline double plan_sum__beyond(double x, double xc, double y, double yc, double d)
{
	double s = x - y, bb = s - x, err = (x - (s - bb)) + (-y - bb);
	return (s - d) + (err + (xc - yc));
}

/* (not counted in units, the common case, costs no call) */
static inline int plan_qty__is_multiple(double q, int decimals)
{
	return decimals < 0 || plan_qty__is_multiple_(q, decimals);
}
static inline double plan_qty__up(double q, int decimals)
{
	return decimals < 0 ? q : plan_qty__up_(q, decimals);
}
static inline double plan_qty__down(double q, int decimals)
{
	return decimals < 0 ? q : plan_qty__down_(q, decimals);
}
static inline double plan_qty__round(double q, int decimals)
{
	return decimals < 0 ? q : plan_qty__round_(q, decimals);
}
/* The lot q (> 0) takes by a minimum and a multiple (PLAN_NONE: none): at
 * least lot_min, then up to a multiple of lot_multiple (a hair over one,
 * within half the plan's tolerance, is that one: sums of draws carry float
 * noise), else up to the unit step; 0 for q <= 0. A SKU's lot rules and a
 * supplier's (1.1) both. */
double plan_qty__lot_up(double q, double lot_min, double lot_multiple, int decimals);

/* q, or the multiple of 10^-decimals it is within float noise of (1e-12
 * relative: what products and sums of multiples leave, 5.9999999999999991
 * for 6), never moved farther: a share of a requirement stays exact. */
double plan_qty__snap_(double q, int decimals);
static inline double plan_qty__snap(double q, int decimals)
{
	return decimals < 0 ? q : plan_qty__snap_(q, decimals);
}

#endif
