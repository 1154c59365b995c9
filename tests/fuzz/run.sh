#!/bin/sh
# A short fuzz run (default 60 seconds each) of the CSV loader, the HDF5
# store reader and the planner:
#   tests/fuzz/run.sh [SECONDS] [load|store|plan|all]
# Builds build-fuzz/ with clang, libFuzzer, ASan and UBSan, then fuzzes
# each target from its seed corpus kept in the repo (tests/fuzz/corpus for
# load, tests/fuzz/corpus-store for store; plan starts from nothing: its
# inputs are programs that build a model); new inputs go to
# build-fuzz/corpus-TARGET. A crash leaves its input as
# build-fuzz/crash-*, and the run stops with the target's status.
set -eu
secs=${1:-60}
which=${2:-all}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ ! -d build-fuzz ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=disabled \
		-Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-DPLAN_CHECK_MEMO
fi
[ "$which" = all ] && targets="load store plan" || targets=$which
for target in $targets; do
	ninja -C build-fuzz "tests/fuzz/fuzz-$target"
	seeds=
	[ "$target" = load ] && seeds=tests/fuzz/corpus
	[ "$target" = store ] && seeds=tests/fuzz/corpus-store
	mkdir -p "build-fuzz/corpus-$target"
	echo "fuzz-$target: $secs s"
	# Leaks: an allocation records malloc and its caller only, and
	# tests/fuzz/lsan-fast.supp drops those whose caller is in libhdf5: what
	# HDF5 allocates itself (it loses some on corrupted files), not what
	# libplan allocates, even in a callback HDF5 calls. (The test suite names
	# HDF5's functions instead, tests/lsan.supp, with the slow unwinder:
	# 50 runs a second here instead of 100-170.) A small quarantine keeps
	# memory warm. HDF5 ids left open are counted by the store target.
	# Some valid models plan a million orders (lot_max 1 on a big need):
	# 9 s here three ways under the sanitizers, so 30 s before a hang.
	ASAN_OPTIONS=malloc_context_size=2:quarantine_size_mb=16 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan-fast.supp" \
	"build-fuzz/tests/fuzz/fuzz-$target" -max_total_time="$secs" -max_len=262144 \
		-timeout=30 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/ \
		"build-fuzz/corpus-$target" $seeds
done
