#include "plan/common.h"

PLAN_EXPORT const char *plan_errstr(int status)
{
	switch (status) {
	case PLAN_OK: return "success";
	case PLAN_EINVAL: return "invalid argument";
	case PLAN_ENOMEM: return "out of memory";
	case PLAN_EIO: return "input/output error";
	case PLAN_EFORMAT: return "bad input data";
	case PLAN_ENOTFOUND: return "not found";
	case PLAN_ESTATE: return "not allowed in this state";
	case PLAN_ESOLVER: return "solver failure";
	case PLAN_ERANGE: return "out of range";
	case PLAN_ECANCELED: return "canceled";
	default: return "unknown error";
	}
}

PLAN_EXPORT const char *plan_version(void)
{
	return PLAN_VERSION_STRING;
}

PLAN_EXPORT int plan_version_number(void)
{
	return PLAN_VERSION_NUMBER;
}
