/* libFuzzer target: the CSV reader, the loader and the validation.
 *
 * An input is a list of tables separated by a line "====". The first byte of
 * each table picks its file: its low bits the table of format v1, its high
 * bit gzip. Every table is loaded from memory, then the model is validated
 * and read back; a valid model is planned and the plan must pass the
 * library's own verifier (no hard violation of format.md's rules in an
 * unconstrained plan). Nothing may crash, hang or leak. */
#include <plan.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
	"scenario", "calendars", "calendar_days", "sites", "items", "skus", "bom",
	"resources", "routings", "maintenance", "sourcing", "demand", "receipts",
	"workforce", "families",
	/* format 1.1's tables (added after: the corpus's first bytes keep
	 * their tables) */
	"operations", "suppliers", "projects", "activities", "activity_resources",
	"activity_materials", "outputs",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n====\n";
	plan_model *m = NULL;
	if (plan_model_new(&m) < 0)
		return 0;
	size_t pos = 0;
	while (pos < size) {
		const uint8_t *end = NULL;
		for (size_t i = pos; i + sizeof(sep) - 1 <= size; i++) {
			if (memcmp(data + i, sep, sizeof(sep) - 1) == 0) {
				end = data + i;
				break;
			}
		}
		size_t len = (end ? (size_t)(end - data) : size) - pos;
		if (len > 0) {
			uint8_t pick = data[pos];
			char file[48];
			strcpy(file, names[(pick & 0x7f) % NNAMES]);
			strcat(file, pick & 0x80 ? ".csv.gz" : ".csv");
			plan_model_load_table(m, file, data + pos + 1, len - 1);
		}
		pos += len + (end ? sizeof(sep) - 1 : 0);
	}
	if (plan_model_validate(m) == 0) {
		plan_horizon h = PLAN_HORIZON_INIT;
		if (plan_model_get_horizon(&h, m) != 0)
			abort();
		for (size_t i = 0; i < plan_model_count(m, PLAN_TABLE_SKUS); i++)
			if (plan_model_sku_llc(m, i) < 0)
				abort();
		/* small horizons only: a fuzzed end date far away plans for long */
		plan_result *r = NULL;
		if (h.buckets <= 400 && plan_run(&r, m, NULL) == 0) {
			plan_verify_counts n = PLAN_VERIFY_COUNTS_INIT;
			if (plan_result_verify(&n, r, PLAN_VERIFY_UNCONSTRAINED, NULL, NULL) != 0 ||
			    n.violations)
				abort();
		}
		plan_result_free(r);
	}
	for (size_t i = 0; i < plan_model_count_diags(m); i++) {
		plan_diag d = PLAN_DIAG_INIT;
		if (plan_model_get_diag(&d, m, i) != 0 || !d.message)
			abort();
	}
	plan_model_free(m);
	return 0;
}
