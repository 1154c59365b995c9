/* Reading a stored plan back into a result (readplan.c), for the store. */
#ifndef PLAN_READPLAN_H
#define PLAN_READPLAN_H

#include <hdf5.h>

#include "plan/run.h"

/* Reads the plan tables in group g (named `where` in messages) as a result
 * of the validated model m. 0, or PLAN_EFORMAT / PLAN_EIO / PLAN_ENOMEM with
 * the reason in err. */
int plan_readplan__run(hid_t g, const char *where, plan_model *m, plan_result **out,
		       char *err, size_t errlen);

#endif
