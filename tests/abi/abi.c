#include "abi.h"

int abi_get(abi_row *out, int index)
{
	out->qty = index;
	return 0;
}

#if ABI_VARIANT >= 2
int abi_count(void)
{
	return 1;
}
#endif
