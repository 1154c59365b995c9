/* libFuzzer target: the HDF5 store reader.
 *
 * An input is the image of an HDF5 file. It is opened from memory, its
 * scenario read and validated, and each plan in it read back against that
 * scenario; a plan that reads back must pass the library's own verifier
 * without crashing; a sweep's summary rows are read, their text touched. Nothing may crash, hang or leak in libplan, and no
 * HDF5 object (file, group, dataset, type, space, attribute) may be left
 * open after an input; what HDF5 itself loses on a corrupted file is
 * HDF5's (tests/lsan.supp names its functions). */
#include <hdf5.h>
#include <plan.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plan_store *s = NULL;
	if (size == 0 || plan_store_open_image(&s, data, size, "fuzz.h5") != 0) {
		plan_store_close(s);
		plan_store_free(s);
		if (H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL) != 0)
			abort();
		return 0;
	}
	plan_model *m = NULL;
	if (plan_store_read_model(&m, s, NULL) == 0) {
		size_t n = plan_store_count_plans(s);
		for (size_t i = 0; i < n && i < 4; i++) {
			plan_result *r = NULL;
			const char *name = plan_store_plan_name(s, i);
			if (name && plan_store_read_plan(&r, s, name, m) == 0) {
				plan_verify_counts c = PLAN_VERIFY_COUNTS_INIT;
				if (plan_result_verify(&c, r, PLAN_VERIFY_UNCONSTRAINED, NULL, NULL) != 0)
					abort();
			}
			plan_result_free(r);
		}
	}
	/* a sweep's summary (examples/plansweep): every row's text readable */
	size_t nrows = plan_store_count_sweep(s), sum = 0;
	for (size_t i = 0; i < nrows; i++) {
		plan_sweep_row row;
		if (plan_store_get_sweep(&row, s, i) != 0)
			abort();
		sum += strlen(row.variant) + strlen(row.scenario) + strlen(row.edits) +
		       strlen(row.block) + strlen(row.close_lane) + strlen(row.hours) +
		       strlen(row.mode) + strlen(row.error) + strlen(row.status);
	}
	volatile size_t sink = sum; /* the reads are not optimised away */
	(void)sink;
	plan_model_free(m);
	plan_store_close(s);
	plan_store_free(s);
	/* an id libplan forgot: HDF5 would free it at exit, so no leak check
	 * sees it; counted here instead */
	if (H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL) != 0)
		abort();
	return 0;
}
