int plan_model(void);
