#!/bin/sh
# A short fuzz run of the loader (default 60 seconds):
#   tests/fuzz/run.sh [SECONDS]
# Builds build-fuzz/ with clang, libFuzzer, ASan and UBSan, then fuzzes with
# the seed corpus of tests/fuzz/corpus (kept in the repo; new inputs go to
# build-fuzz/corpus). A crash leaves its input as build-fuzz/crash-*.
set -eu
secs=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ ! -d build-fuzz ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=disabled \
		-Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C build-fuzz tests/fuzz/fuzz-load
mkdir -p build-fuzz/corpus
exec build-fuzz/tests/fuzz/fuzz-load -max_total_time="$secs" -max_len=65536 \
	-timeout=10 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/ \
	build-fuzz/corpus tests/fuzz/corpus
