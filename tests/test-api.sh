#!/bin/sh
# The README's API example (examples/api.c) runs from any folder: it plans
# the demo, prints its verdict and writes the plan; a missing scenario is
# an error that says why.
# usage: test-api.sh API SOURCE_ROOT
set -u
api=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cd /
"$api" "$root/data/demo" "$tmp/plan" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL: exit $rc: $(cat "$tmp/err")"; fail=1; }
grep -Eqx 'late: [0-9]+ planned orders, 4 of 262 demands late or short' "$tmp/out" \
	|| { echo "FAIL: verdict line: $(cat "$tmp/out")"; fail=1; }
[ -s "$tmp/plan/orders.csv" ] && [ -s "$tmp/plan/summary.csv" ] || { echo "FAIL: no plan written"; fail=1; }
"$api" "$tmp/no-such-scenario" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q "no-such-scenario" "$tmp/err" || { echo "FAIL: missing scenario: exit $rc: $(cat "$tmp/err")"; fail=1; }
# the README shows this very program: they cannot drift apart
awk '/^### The API in one program/ { on = 1 } on && /^```c$/ { code = 1; next }
	code && /^```$/ { exit } code { print }' "$root/README.md" > "$tmp/readme.c"
sed -n '/^#include <plan.h>$/,$p' "$root/examples/api.c" > "$tmp/api.c"
cmp -s "$tmp/readme.c" "$tmp/api.c" || { echo "FAIL: README's program differs from examples/api.c"; diff "$tmp/readme.c" "$tmp/api.c" | head; fail=1; }
[ $fail -eq 0 ] && echo "api example: ok"
exit $fail
