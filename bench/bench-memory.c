/* What this machine charges for memory, the floor under every phase of
 * bench-plan that builds large arrays: the first write to a fresh page (the
 * kernel hands out a zeroed page; a virtual machine's host may back it only
 * then), with one thread and with two, against writing the same memory
 * again.
 *
 *   bench-memory [MiB]     (default 1024 per measurement)
 *
 * Each measurement maps its own fresh anonymous memory (with
 * MADV_HUGEPAGE, as libplan's big arrays ask for) and keeps it mapped until
 * the end, so that no measurement reuses pages another one freed. On a
 * virtual machine that reports free pages to its host, run it on a machine
 * otherwise idle for a few seconds: pages freed just before are cheap.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct part {
	char *p;
	size_t len;
} part;

static void *touch(void *arg)
{
	part *t = arg;
	for (size_t i = 0; i < t->len; i += 4096)
		t->p[i] = 1;
	return NULL;
}

static char *fresh(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("bench-memory: mmap");
		exit(1);
	}
#ifdef MADV_HUGEPAGE
	madvise(p, len, MADV_HUGEPAGE);
#endif
	return p;
}

/* Seconds to touch every page of p[0, len) with nt threads. */
static double touch_all(char *p, size_t len, int nt)
{
	part parts[2] = { { p, len / (size_t)nt }, { p + len / (size_t)nt, len - len / (size_t)nt } };
	pthread_t th;
	double t = now();
	if (nt == 2 && pthread_create(&th, NULL, touch, &parts[1]) != 0) {
		touch(&parts[1]);
		nt = 1;
	}
	touch(&parts[0]);
	if (nt == 2)
		pthread_join(th, NULL);
	return now() - t;
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 1024;
	if (mib < 16 || mib > 8192) {
		fprintf(stderr, "usage: bench-memory [MiB, 16 to 8192]\n");
		return 2;
	}
	size_t len = (size_t)mib << 20;
	double gib = (double)mib / 1024.0;
	char *a = fresh(len), *b = fresh(len);
	double one = touch_all(a, len, 1);
	double two = touch_all(b, len, 2);
	double again = now();
	memset(a, 2, len);
	again = now() - again;
	printf("first touch, one thread   %7.3f s/GiB\n", one / gib);
	printf("first touch, two threads  %7.3f s/GiB\n", two / gib);
	printf("written again (memset)    %7.3f s/GiB\n", again / gib);
	munmap(a, len);
	munmap(b, len);
	return 0;
}
