/**
 * @file plan/common.h
 * Status codes, export macros, versions and dates shared by every area of
 * libplan.
 */
#ifndef PLAN_COMMON_H
#define PLAN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(PLAN_BUILDING_LIBRARY)
#    define PLAN_EXPORT __declspec(dllexport)
#  else
#    define PLAN_EXPORT __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define PLAN_EXPORT __attribute__((visibility("default")))
#else
#  define PLAN_EXPORT
#endif

#ifdef __cplusplus
#  define PLAN_BEGIN_DECL extern "C" {
#  define PLAN_END_DECL }
#else
#  define PLAN_BEGIN_DECL
#  define PLAN_END_DECL
#endif

PLAN_BEGIN_DECL

#define PLAN_VERSION_MAJOR 0
#define PLAN_VERSION_MINOR 4
#define PLAN_VERSION_PATCH 0
#define PLAN_VERSION_STRING "0.4.0"
/** The version as one number, major * 10000 + minor * 100 + patch. */
#define PLAN_VERSION_NUMBER \
	(PLAN_VERSION_MAJOR * 10000 + PLAN_VERSION_MINOR * 100 + PLAN_VERSION_PATCH)

/**
 * Status codes. Every function that can fail returns `int`: 0 on success,
 * one of these negative codes otherwise. New codes may be added; treat an
 * unknown negative code as a generic failure.
 */
typedef enum plan_status {
	PLAN_OK = 0,
	PLAN_EINVAL = -1,    /**< an argument or a value is invalid */
	PLAN_ENOMEM = -2,    /**< out of memory */
	PLAN_EIO = -3,       /**< a file could not be read or written */
	PLAN_EFORMAT = -4,   /**< the input breaks the format; see the diagnostics */
	PLAN_ENOTFOUND = -5, /**< no such entity or file */
	PLAN_ESTATE = -6,    /**< the call is not allowed in the object's state */
	PLAN_ESOLVER = -7,   /**< the LP/MIP solver failed */
	PLAN_ERANGE = -8,    /**< an index or a size is out of range */
	PLAN_ECANCELED = -9  /**< a progress callback asked to stop */
} plan_status;

/**
 * Names a status code ("invalid argument", ...). Never returns NULL; the
 * string is static and must not be freed.
 */
PLAN_EXPORT const char *plan_errstr(int status);

/** The library's version string at run time, e.g. "0.4.0". Static. */
PLAN_EXPORT const char *plan_version(void);

/** The library's version number at run time (see PLAN_VERSION_NUMBER). */
PLAN_EXPORT int plan_version_number(void);

/**
 * A calendar date as a count of days since 1970-01-01 (proleptic Gregorian).
 * Day arithmetic is plain integer arithmetic.
 */
typedef int32_t plan_date;

/** "No date": an open effectivity bound or an unset date. */
#define PLAN_DATE_NONE INT32_MIN

/** "No value" for optional quantities such as `lot_max` (any negative value). */
#define PLAN_NONE (-1.0)

/**
 * The date of year @p y, month @p m (1-12), day @p d (1-31).
 * @return the date, or PLAN_DATE_NONE if no such day exists or the year is
 *         outside 1..9999.
 */
PLAN_EXPORT plan_date plan_date_from_ymd(int y, int m, int d);

/**
 * Splits @p date into year, month and day. Any out pointer may be NULL.
 * @return 0, or PLAN_EINVAL if @p date is PLAN_DATE_NONE or outside 1..9999.
 */
PLAN_EXPORT int plan_date_to_ymd(int *y, int *m, int *d, plan_date date);

/**
 * Parses a `YYYY-MM-DD` date (exactly ten characters, nothing around them).
 * @param[out] out the date; untouched on error
 * @return 0, or PLAN_EINVAL if @p text is not a valid date.
 */
PLAN_EXPORT int plan_date_parse(plan_date *out, const char *text);

/**
 * Writes @p date as `YYYY-MM-DD` and a terminating NUL into @p buf, which
 * must hold at least 11 bytes.
 * @return 0, or PLAN_EINVAL (and an empty string) for an invalid date.
 */
PLAN_EXPORT int plan_date_format(char *buf, plan_date date);

/** Day of the week of @p date: 0 is Monday, 6 is Sunday. */
PLAN_EXPORT int plan_date_weekday(plan_date date);

PLAN_END_DECL

#endif
