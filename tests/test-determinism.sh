#!/bin/sh
# Plans do not depend on the order qsort() leaves ties in: plancheck's
# output, both modes, on the demo and a generated scenario, is the same
# byte for byte with glibc's qsort() and with tests/shim/qsort-shuffle.c
# (LD_PRELOAD: shuffles, then sorts by an unstable heap sort) under two
# seeds.
# usage: test-determinism.sh PLANCHECK PLANGEN SHIM SOURCE_ROOT
set -u
pc=$1
gen=$2
shim=$3
root=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# a sanitizer runtime need not come first when the shim is preloaded
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"

"$gen" --size tiny --seed 7 "$tmp/gen" > /dev/null || bad "plangen"
for scn in "$root/data/demo" "$tmp/gen"; do
	for mode in "" --unconstrained; do
		"$pc" $mode "$scn" --out "$tmp/ref" > /dev/null 2>&1
		[ $? -eq 0 ] || bad "$scn $mode: plancheck failed"
		for seed in 1 2; do
			SHIM_SEED=$seed LD_PRELOAD="$shim" "$pc" $mode "$scn" --out "$tmp/shuf" \
				> /dev/null 2>&1
			[ $? -eq 0 ] || bad "$scn $mode seed $seed: plancheck failed under the shim"
			if diff -r "$tmp/ref" "$tmp/shuf" > "$tmp/diff"; then
				ok
			else
				bad "$scn $mode seed $seed: output differs: $(head -c 600 "$tmp/diff")"
			fi
			rm -rf "$tmp/shuf"
		done
		rm -rf "$tmp/ref"
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
