/* An LD_PRELOAD qsort() that leaves ties in another order than glibc's:
 * it shuffles the array (seed: SHIM_SEED, default 1) and then sorts it by
 * heap sort, which is not stable. A library whose output depends on the
 * order qsort() leaves equal elements in gives other bytes under it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmp_fn)(const void *, const void *);

static void swap(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

static void sift(char *base, size_t size, cmp_fn cmp, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap(base + root * size, base + child * size, size);
		root = child;
	}
}

__attribute__((visibility("default"))) void qsort(void *v, size_t n, size_t size, cmp_fn cmp)
{
	char *base = v;
	const char *seed = getenv("SHIM_SEED");
	uint64_t x = seed ? strtoull(seed, NULL, 10) * 0x9e3779b97f4a7c15u + 1 : 1;
	for (size_t i = n; i > 1; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		swap(base + (i - 1) * size, base + (x % i) * size, size);
	}
	for (size_t i = n / 2; i-- > 0;)
		sift(base, size, cmp, i, n);
	for (size_t end = n; end > 1; end--) {
		swap(base, base + (end - 1) * size, size);
		sift(base, size, cmp, 0, end - 1);
	}
}
