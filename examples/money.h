/* plancheck --aggregate: the aggregate plan and the detailed plan in money,
 * side by side over the same horizon (format 1.1, where the scenario speaks
 * of money). */
#ifndef EXAMPLES_MONEY_H
#define EXAMPLES_MONEY_H

#include <plan.h>

/* Prints the aggregate plan a's cost beside the detailed plan r's money
 * (finance.csv's totals), and what each plan makes valued on one basis: the
 * standard costs of costs.csv (a family's at a site: its items' there,
 * weighted by their demand). Nothing where r has no money. 0, or a
 * libplan status. */
/* Whether the scenario speaks of money (format.md, "Standard costs"): its
 * plans have costs.csv and finance.csv. */
int money_in(const plan_model *m);

int money_side_by_side(const plan_model *m, const plan_aggregate *a, const plan_result *r);

#endif
