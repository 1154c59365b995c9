/* libFuzzer target: the HDF5 store reader.
 *
 * An input is the image of an HDF5 file. It is opened from memory, its
 * scenario read and validated, and each plan in it read back against that
 * scenario; a plan that reads back must pass the library's own verifier
 * without crashing. Nothing may crash, hang or leak in libplan; what HDF5
 * itself does with a corrupted file is HDF5's (see tests/lsan.supp). */
#include <plan.h>

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plan_store *s = NULL;
	if (size == 0 || plan_store_open_image(&s, data, size, "fuzz.h5") != 0) {
		plan_store_close(s);
		return 0;
	}
	plan_model *m = NULL;
	if (plan_store_read_model(s, &m, NULL) == 0) {
		size_t n = plan_store_plan_count(s);
		for (size_t i = 0; i < n && i < 4; i++) {
			plan_result *r = NULL;
			const char *name = plan_store_plan_name(s, i);
			if (name && plan_store_read_plan(s, name, m, &r) == 0) {
				plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
				if (plan_result_verify(r, PLAN_VERIFY_UNCONSTRAINED, NULL, NULL, &c) != 0)
					abort();
			}
			plan_result_free(r);
		}
	}
	plan_model_free(m);
	plan_store_close(s);
	return 0;
}
