/* Numbers as text, exactly as printf writes them, without printf where
 * that can be done with integers (fixed notation: the plan's quantities,
 * hours and costs). */
#ifndef PLAN_NUMFMT_H
#define PLAN_NUMFMT_H

#include <stdint.h>

/* v as printf("%.<P>g") writes it (1 <= P <= 17), into b (32 bytes). */
char *plan_num__g(char *b, double v, int P);

/* v as "%.15g" writes it, or "%.17g" where that does not read back as v:
 * the plan's CSV numbers. b: 40 bytes. */
char *plan_num__exact(char *b, double v);

/* The decimal digits of n, written backwards ending at end; their start. */
char *plan_num__digits(char *end, unsigned long long n);

#endif
