#!/bin/sh
# The ABI of a built library against the dump of its release: what the
# library offered then, it must still offer, the same way (types, sizes,
# offsets, function signatures, symbols), under the same soname. Added
# functions are fine. A change that breaks the ABI needs a new soname AND
# a new dump (abi/README.md): then they move together and this passes again.
#
# usage: check-abi.sh [--expect-break] OLD NEW HEADERS_DIR
#   OLD: the dump (abidw's XML) or the old library; NEW: the built library;
#   HEADERS_DIR: the public headers (types only they declare are compared)
# Exits 77 (skipped) without abidiff (apt-get install abigail-tools).
set -u
expect_break=0
if [ "$1" = --expect-break ]; then
	expect_break=1 # the check's own test: passes only on a break it finds
	shift
fi
old=$1
new=$2
headers=$3
if ! command -v abidiff >/dev/null 2>&1; then
	echo "SKIP: abidiff not found (apt-get install abigail-tools)"
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# a dump was written with the public types only already (abidw
# --headers-dir), and abidiff cannot filter one again
case $old in
*.abi | *.xml) filter1= ;;
*) filter1="--headers-dir1 $headers" ;;
esac
# shellcheck disable=SC2086
abidiff $filter1 --headers-dir2 "$headers" --drop-private-types "$old" "$new" > "$out" 2>&1
rc=$?
cat "$out"
# abidiff's status is a bit field: 1 error, 2 usage, 4 ABI change, 8 an
# incompatible one (something removed). Only additions may pass.
if [ $((rc & 3)) -ne 0 ]; then
	echo "0 passed, 1 failed: abidiff could not compare (status $rc)"
	exit 1
fi
if [ "$rc" -ne 0 ]; then
	if [ $((rc & 8)) -ne 0 ] || grep -q 'SONAME changed' "$out" ||
	   ! grep -q '^Functions changes summary: 0 Removed, 0 Changed' "$out" ||
	   ! grep -q '^Variables changes summary: 0 Removed, 0 Changed' "$out" ||
	   grep -Eq '^(Function|Variable) symbols changes summary: [1-9]' "$out"; then
		if [ "$expect_break" -eq 1 ]; then
			echo "1 passed, 0 failed: the break was found"
			exit 0
		fi
		echo "0 passed, 1 failed: the ABI changed against $(basename "$old");" \
		     "a break needs a new soname and a new dump (abi/README.md)"
		exit 1
	fi
	[ "$expect_break" -eq 1 ] && { echo "0 passed, 1 failed: no break found"; exit 1; }
	echo "1 passed, 0 failed: only additions against $(basename "$old")"
	exit 0
fi
[ "$expect_break" -eq 1 ] && { echo "0 passed, 1 failed: no break found"; exit 1; }
echo "1 passed, 0 failed: the same ABI as $(basename "$old")"
exit 0
