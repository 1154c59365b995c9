#!/bin/sh
# The shared library exports exactly the public API: the functions marked
# PLAN_EXPORT in include/, which are also the globals of libplan.map.
# usage: check-symbols.sh LIBPLAN.so SOURCE_ROOT
set -eu
lib=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sed 's/@.*//' | sort -u > "$tmp/exported"
grep -h '^PLAN_EXPORT' "$root"/include/plan/*.h | grep -o 'plan_[a-z0-9_]*(' | tr -d '(' | sort -u > "$tmp/headers"
sed -n 's/^[[:space:]]*\(plan_[a-z0-9_]*\);/\1/p' "$root/libplan/libplan.map" | sort -u > "$tmp/map"
status=0
if ! diff -u "$tmp/headers" "$tmp/exported" > "$tmp/d1"; then
	echo "exported symbols differ from the PLAN_EXPORT declarations:"; cat "$tmp/d1"; status=1
fi
if ! diff -u "$tmp/headers" "$tmp/map" > "$tmp/d2"; then
	echo "libplan.map differs from the PLAN_EXPORT declarations:"; cat "$tmp/d2"; status=1
fi
n=$(wc -l < "$tmp/exported")
[ "$status" -eq 0 ] && echo "1 passed, 0 failed: $n symbols exported, all public"
[ "$status" -eq 0 ] || echo "0 passed, 1 failed"
exit $status
