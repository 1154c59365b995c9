/* plan_model_load(): a scenario from a directory of CSV files (load.c) or
 * from an HDF5 store, a regular file (store.c). */
#include "io/io.h"

#include <sys/stat.h>

PLAN_EXPORT int plan_model_load(plan_model **out, const char *path, const plan_load_options *opts)
{
	plan_load_options o;
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!path || plan_model__load_options(NULL, opts, &o) < 0)
		return PLAN_EINVAL;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return plan_store__load(out, path, &o);
	return plan_load__dir(out, path, &o);
}
