/* Progress and cancel of a long run: the caller's callback, called at the
 * start and end of each phase and about every hundredth in between, never
 * more often than that (a tick is a compare when it is not due). Once the
 * callback asks to stop, every later tick says so. One per run, on the
 * calling thread. */
#ifndef PLAN_PROGRESS_H
#define PLAN_PROGRESS_H

#include "plan/run.h"

typedef struct plan_prog {
	plan_progress_fn fn;  /* NULL: no progress, never canceled */
	void *user;
	plan_phase phase;
	size_t total, next, step;
	int canceled;
} plan_prog;

static inline int plan_prog__call(plan_prog *p, size_t done)
{
	if (p->fn && !p->canceled && p->fn(p->phase, done, p->total, p->user) != 0)
		p->canceled = 1;
	return p->canceled;
}

/* Phase starts, of total steps. Non-zero: canceled. */
static inline int plan_prog__begin(plan_prog *p, plan_phase phase, size_t total)
{
	p->phase = phase;
	p->total = total;
	p->step = total / 100 ? total / 100 : 1;
	if (p->step > 65536)
		p->step = 65536;
	p->next = p->step;
	return plan_prog__call(p, 0);
}

/* done steps of the phase are behind. Non-zero: canceled. */
static inline int plan_prog__at(plan_prog *p, size_t done)
{
	if (!p->fn || done < p->next || done >= p->total) /* the end: plan_prog__end() */
		return p->canceled;
	p->next = done + p->step;
	return plan_prog__call(p, done);
}

/* The phase is over. Non-zero: canceled. */
static inline int plan_prog__end(plan_prog *p)
{
	return plan_prog__call(p, p->total);
}

#endif
