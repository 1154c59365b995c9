#include "model/model_impl.h"
int plan_model(void) { return 0; }
