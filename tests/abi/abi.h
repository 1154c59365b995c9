/* A small library in three versions for check-abi.sh's own test: v1, v2
 * with a function added (compatible), v3 with a field inserted (a break). */
typedef struct abi_row {
	unsigned version;
#if ABI_VARIANT == 3
	int inserted;
#endif
	double qty;
} abi_row;
__attribute__((visibility("default"))) int abi_get(abi_row *out, int index);
#if ABI_VARIANT >= 2
__attribute__((visibility("default"))) int abi_count(void);
#endif
