/* Threads for the parts of one job (base/pool.h). */
#include "base/pool.h"

#include <pthread.h>
#include <unistd.h>

typedef struct part {
	plan_pool_fn *fn;
	void *arg;
} part;

static void *part_main(void *p)
{
	part *x = p;
	x->fn(x->arg);
	return NULL;
}

void plan_pool__run(plan_pool_fn *fn, void *parts, size_t size, int n)
{
	pthread_t th[64];
	part arg[64];
	int started[64] = { 0 };
	if (n > 64)
		n = 64;
	for (int i = 1; i < n; i++) {
		arg[i] = (part){ fn, (char *)parts + (size_t)i * size };
		started[i] = pthread_create(&th[i], NULL, part_main, &arg[i]) == 0;
		if (!started[i])
			fn(arg[i].arg);
	}
	if (n > 0)
		fn(parts);
	for (int i = 1; i < n; i++)
		if (started[i])
			pthread_join(th[i], NULL);
}

int plan_pool__cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}
