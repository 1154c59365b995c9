#!/bin/sh
# A short fuzz run (default 60 seconds) of the CSV loader or the HDF5 store
# reader:
#   tests/fuzz/run.sh [SECONDS] [load|store]
# Builds build-fuzz/ with clang, libFuzzer, ASan and UBSan, then fuzzes with
# the seed corpus of tests/fuzz/corpus (load) or tests/fuzz/corpus-store
# (store), kept in the repo; new inputs go to build-fuzz/corpus-TARGET. A
# crash leaves its input as build-fuzz/crash-*.
set -eu
secs=${1:-60}
target=${2:-load}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ ! -d build-fuzz ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=disabled \
		-Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C build-fuzz "tests/fuzz/fuzz-$target"
seeds=tests/fuzz/corpus
[ "$target" = store ] && seeds=tests/fuzz/corpus-store
mkdir -p "build-fuzz/corpus-$target"
LSAN_OPTIONS="suppressions=$root/tests/lsan.supp" \
exec "build-fuzz/tests/fuzz/fuzz-$target" -max_total_time="$secs" -max_len=262144 \
	-timeout=10 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/ \
	"build-fuzz/corpus-$target" "$seeds"
