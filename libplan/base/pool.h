/* Running one job on several threads: part 0 on the calling thread, the
 * others each on a thread of their own, all joined before it returns. A part
 * whose thread cannot be started runs on the calling thread, so the work is
 * always done, only slower. The parts decide what they share. */
#ifndef PLAN_POOL_H
#define PLAN_POOL_H

#include <stddef.h>

/* Part i of a job: fn(parts + i * size). */
typedef void plan_pool_fn(void *part);

/* Runs fn on each of the n parts (n >= 1, at most 64 on threads). */
void plan_pool__run(plan_pool_fn *fn, void *parts, size_t size, int n);

/* The cores online, from 1 to 64: the default number of parts. */
int plan_pool__cores(void);

#endif
