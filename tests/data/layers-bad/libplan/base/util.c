/* wrong on purpose: base/ includes a higher layer */
#include "model/model_impl.h"
int plan_util(void);
int plan_util(void) { return 0; }
