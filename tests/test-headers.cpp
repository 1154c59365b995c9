/* The public headers compile on their own as strict C99 (and as C++, see
 * test-headers.cpp): nothing from glpk.h, hdf5.h or zlib.h leaks in. */
#include <plan.h>

int main(void)
{
	plan_sku_def sku = PLAN_SKU_DEF_INIT;
	plan_load_options opts = PLAN_LOAD_OPTIONS_INIT;
	(void)opts;
	return sku.version == PLAN_SKU_DEF_VERSION ? 0 : 1;
}
