#!/bin/sh
# plancheck end to end: exit codes and what it prints.
# usage: test-plancheck.sh PLANCHECK SOURCE_ROOT SHIM_VIOLATION
set -u
pc=$1
root=$2
shim=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# folders of --out that do not exist yet are created
"$pc" "$root/data/demo" --out "$tmp/new/folders/demo" > "$tmp/out" 2> "$tmp/err"; rc=$?
# the feasible plan of the demo is late (orders that would have had to start
# before start): a plan, verified and written, so exit 0; the verdict says late
[ $rc -eq 0 ] && ok || bad "demo: exit $rc"
mv "$tmp/new/folders/demo" "$tmp/demo"
# with --strict a late plan is exit 1
"$pc" --strict "$root/data/demo" > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] && ok || bad "demo --strict: exit $rc"
# the messages: late demands first, every row counted
grep -q '^messages 0 critical, 4 warnings, 30 info$' "$tmp/out" && ok || bad "demo: messages line"
# what format 1.1 changes, in one line (a 1.0 scenario has none)
grep -q '^format   1.1: 75 items counted in units (66 whole); 55 of 196 forecasts consumed by orders (262 of 1384); 5 SKUs with a time fence$' "$tmp/out" \
	&& ok || bad "demo: format line"
"$pc" "$root/tests/data/small" 2>/dev/null | grep -q '^format' && bad "small (1.0): a format line" || ok
[ "$(grep -A1 '^messages ' "$tmp/out" | tail -n 1 | awk '{print $2}')" = late_demand ] \
	&& ok || bad "demo: late demands not first"
grep -q '^  warning  late_demand  .* late 1 day (due' "$tmp/out" && ok || bad "demo: 1 day"
grep -q '^feasible plan (finite capacity' "$tmp/out" && ok || bad "demo: plan line"
grep -q '^verdict  late$' "$tmp/out" && ok || bad "demo: verdict"
grep -q '^verified [0-9]* checks of format.md.s rules: 0 violations$' "$tmp/out" && ok || bad "demo: verified"
grep -qx 'status,late' "$tmp/demo/summary.csv" && grep -qx 'mode,constrained' "$tmp/demo/summary.csv" \
	&& ok || bad "demo: summary.csv"
head -n 1 "$tmp/demo/adjustments.csv" | grep -qx 'order,action,detail,reason' && ok || bad "demo: adjustments.csv"
[ "$(grep -c ',later,' "$tmp/demo/adjustments.csv")" -gt 0 ] && ok || bad "demo: no later adjustment"
grep -q '^late_demand,warning,.*late [0-9]* days' "$tmp/demo/exceptions.csv" && ok || bad "demo: late_demand reason"
"$pc" --unconstrained "$root/data/demo" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q '^verdict  infeasible$' "$tmp/out" && ok || bad "demo unconstrained: exit $rc"
grep -q '^horizon  2027-01-04 .. 2027-07-04, 26 weekly buckets$' "$tmp/out" && ok || bad "demo: horizon line"
grep -q '^levels   BOM depth 4, low-level codes 0..8$' "$tmp/out" && ok || bad "demo: levels line"
# data warnings go to stderr with errors; stdout goes line by line, so a log
# of both keeps the order: the warning before the scenario's summary
grep -q '^warning: receipts.csv:5:4: due: 2026-12-28 is before the plan start' "$tmp/err" && ok || bad "demo: warning"
"$pc" --unconstrained "$root/data/demo" > "$tmp/log" 2>&1
[ "$(grep -n '^warning: receipts.csv:5:4' "$tmp/log" | cut -d: -f1)" -lt \
  "$(grep -n '^scenario ' "$tmp/log" | cut -d: -f1)" ] && ok || bad "log out of order"
# --progress: a line on stderr as each phase ends, in order, none on stdout
"$pc" --progress "$root/data/demo" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && [ "$(grep '^progress ' "$tmp/err" | awk '{print $2}' | tr '\n' ' ')" = \
	"validating netting planning late safety finishing " ] && ! grep -q '^progress' "$tmp/out" \
	&& ok || bad "--progress: $(cat "$tmp/err")"
# not a terminal, no --progress: nothing drawn
"$pc" "$root/data/demo" > /dev/null 2> "$tmp/err"
! grep -q 'progress\|%' "$tmp/err" && ok || bad "progress drawn into a file"
"$pc" --version > "$tmp/out"; rc=$?
[ $rc -eq 0 ] && grep -Eq '^plancheck \(libplan [0-9]+\.[0-9]+\.[0-9]+\)$' "$tmp/out" && ok || bad "--version"

# verify, then write: a plan the verifier finds a violation in (one injected
# by the shim) is not written, the last good plan stays, exit 3
cp -r "$tmp/demo" "$tmp/demo-before"
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$shim" \
	"$pc" "$root/data/demo" --out "$tmp/demo" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 3 ] && ok || bad "violation: exit $rc, expected 3"
grep -qx 'violation: injected: a violation injected by tests/shim/violation.c' "$tmp/err" \
	&& ok || bad "violation: not named: $(cat "$tmp/err")"
grep -q 'internal error: the plan breaks 1 rule of format.md .*nothing written' "$tmp/err" \
	&& ok || bad "violation: closing line"
diff -r "$tmp/demo-before" "$tmp/demo" > /dev/null && ok || bad "violation: the last plan changed"
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" LD_PRELOAD="$shim" \
	"$pc" "$root/data/demo" --out "$tmp/new.h5" > /dev/null 2>&1; rc=$?
[ $rc -eq 3 ] && [ ! -e "$tmp/new.h5" ] && ok || bad "violation: h5 written or exit $rc"
# an .h5 in folders that do not exist yet; the wrote line names every table
"$pc" "$root/data/demo" --out "$tmp/h5/deep/plan.h5" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q "^wrote    $tmp/h5/deep/plan.h5:/plans/plan (.*adjustments" "$tmp/out" \
	&& ok || bad "h5 in new folders: exit $rc: $(cat "$tmp/err")"
# an aggregate plan goes to a directory: an .h5 is refused up front, clearly
"$pc" --aggregate "$root/tests/data/red-tomato" --out "$tmp/agg.h5" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'an aggregate plan is written as CSV tables into a directory' "$tmp/err" \
	&& [ ! -e "$tmp/agg.h5" ] && ok || bad "aggregate --out .h5: exit $rc: $(cat "$tmp/err")"
"$pc" --help > "$tmp/out"; rc=$?
[ $rc -eq 0 ] && grep -q '^  3  internal error' "$tmp/out" && grep -q '^  2  bad input' "$tmp/out" \
	&& ok || bad "--help: exit codes"
# a directory holding files plancheck did not write is never replaced
mkdir "$tmp/mine" && echo keep > "$tmp/mine/notes.txt"
"$pc" "$root/data/demo" --out "$tmp/mine" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'holds notes.txt, which libplan did not write' "$tmp/err" && \
	[ "$(cat "$tmp/mine/notes.txt")" = keep ] && ok || bad "foreign directory: exit $rc"

# the service bound beside the plan's on-time quantity
"$pc" --bound "$root/tests/data/small" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q '^service  on time 100.0 % of demand quantity; no plan can exceed 100.0 % (60 and 60 of 60; LP by days of ' "$tmp/out" \
	&& ok || bad "--bound: exit $rc: $(grep service "$tmp/out")"
grep -Eq '^capacity [0-9.]+ h loaded, [0-9.]+ h of them for what serves no delivery \(dead load\)$' "$tmp/out" \
	&& ok || bad "--bound: dead load: $(grep '^capacity' "$tmp/out")"

# bad input: every error printed as the loader gives it, exit 2
mkdir "$tmp/broken"
cp "$root"/tests/data/small/*.csv "$tmp/broken/"
printf 'parent,component,qty_per\nA,B,-2\nA,ZZ,1\n' > "$tmp/broken/bom.csv"
"$pc" "$tmp/broken" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && ok || bad "broken: exit $rc, expected 2"
grep -qx 'error: bom.csv:2:3: qty_per: expected a number > 0, got "-2"' "$tmp/err" && ok || bad "broken: qty_per message"
grep -qx 'error: bom.csv:3:2: component: ZZ has no SKU at site P1, where A is made' "$tmp/err" && ok || bad "broken: component message"
grep -q 'nothing planned' "$tmp/err" && ok || bad "broken: closing line"

"$pc" "$tmp/no-such-dir" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "missing dir: exit $rc"
"$pc" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "no argument: exit $rc"
"$pc" --integer "$root/data/demo" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "--integer without --aggregate: exit $rc"

# the aggregate plan of Chopra and Meindl's Red Tomato Tools
"$pc" --aggregate "$root/tests/data/red-tomato" --out "$tmp/agg" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && ok || bad "aggregate: exit $rc: $(cat "$tmp/err")"
grep -q '^cost     422275.00 = wages 248000.00 ' "$tmp/out" && ok || bad "aggregate: cost line"
grep -q '^  chase (workforce follows)       446250.00' "$tmp/out" && ok || bad "aggregate: chase line"
grep -qx 'aggregate_cost,422275' "$tmp/agg/summary.csv" && ok || bad "aggregate: summary.csv"
grep -qx 'RT,TOOLS,2027-04-01,3800,2583.333333,0,0,266.666667,0,0,,,,,' "$tmp/agg/aggregate.csv" \
	&& ok || bad "aggregate: April row"
"$pc" --aggregate --integer "$root/tests/data/red-tomato" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^cost     422660.00 ' "$tmp/out" && ok || bad "aggregate --integer: exit $rc"
# whole workers: the strategies are solved in whole workers too, so neither
# is cheaper than the optimal plan (the level strategy showed -0.1 %)
grep -q '^  level (constant workforce)      423400.00  (+0.2 %)$' "$tmp/out" && ok || bad "aggregate --integer: level line"
# the demo's aggregate plan makes all of its bikes (subcontracting costs
# more than the family's standard material, 1.1, and the wages: the peak is
# worked in overtime) and the rough-cut check has something to say
"$pc" --aggregate --integer "$root/data/demo" > "$tmp/out" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -q '^cost .* overtime 8928.00 + .* material 1045301.16 + subcontracting 0.00 ' "$tmp/out" \
	&& grep -q '^rough-cut 4[0-9] resource-buckets loaded' "$tmp/out" && ! grep -q ' (-' "$tmp/out" \
	&& ! grep -q -- '-0.00' "$tmp/out" && ok || bad "demo aggregate: $(grep -E '^(cost|rough)|\(' "$tmp/out")"
# in money (the demo speaks of it, format 1.1): the aggregate plan's cost
# beside the feasible plan's finance.csv totals, over the same horizon, and
# both plans' making valued at standard cost; the same numbers as the
# feasible plan's own summary.csv
grep -q '^in money, 2027-01-04 \.\. 2027-07-04 ' "$tmp/out" && ok || bad "demo aggregate: no money table"
agg=$(sed -n 's/^cost *\([0-9.]*\) = .*/\1/p' "$tmp/out")
grep -q "^  cost  *$agg  *[0-9]" "$tmp/out" && ok || bad "demo aggregate: cost $agg not in the money table"
"$pc" "$root/data/demo" --out "$tmp/demo-plan" > /dev/null 2>&1
rev=$(sed -n 's/^revenue,//p' "$tmp/demo-plan/summary.csv")
printf '%s\n' "$(grep '^  revenue ' "$tmp/out")" | awk -v r="$rev" '{ exit !($NF - r < 0.005 && r - $NF < 0.005) }' \
	&& ok || bad "demo aggregate: revenue $(grep '^  revenue ' "$tmp/out") against summary.csv's $rev"
grep -q '^  made, at standard cost (costs.csv) *[1-9][0-9.]* *[1-9][0-9.]*$' "$tmp/out" \
	&& ok || bad "demo aggregate: made at standard cost"
"$pc" --aggregate "$root/tests/data/red-tomato" > "$tmp/out" 2>&1
! grep -q '^in money' "$tmp/out" && ok || bad "red tomato (1.0, no money): a money table"
# conditions that cannot hold: exit 1 and the reason
mkdir "$tmp/rt"
cp "$root"/tests/data/red-tomato/*.csv "$tmp/rt/"
sed -i 's/,30,,1000,0,500,0$/,,,1000,0,99000,0/' "$tmp/rt/families.csv"
printf 'site,workers,hours_per_day,wage,overtime_wage,max_overtime,hire_cost,layoff_cost,min_workers,max_workers\nRT,80,8,4,6,10,300,500,0,80\n' > "$tmp/rt/workforce.csv"
"$pc" --aggregate --strict "$tmp/rt" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] && grep -q "family TOOLS at RT cannot end with 99000 in stock (end_on_hand_min)" "$tmp/err" \
	&& ok || bad "aggregate infeasible: exit $rc: $(cat "$tmp/err")"
"$pc" --aggregate "$tmp/rt" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && ok || bad "aggregate infeasible without --strict: exit $rc"
"$pc" --aggregate "$root/tests/data/small" > /dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && ok || bad "aggregate small: exit $rc"

# what-if: the demo and four variants side by side, every plan verified
wi="$(dirname "$pc")/whatif"
"$wi" "$root/data/demo" --demand 1.2 --block WELD-1:2027-03-01:2027-03-12 \
	--close-lane EB-CITY:DC-N:ASSY --hours LINE-1:6 > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && ok || bad "whatif: exit $rc: $(cat "$tmp/err")"
grep -q '^  #2  block WELD-1:2027-03-01:2027-03-12$' "$tmp/out" && ok || bad "whatif: legend"
grep -Eq '^on time \(demands\) +98\.5%' "$tmp/out" && ok || bad "whatif: on-time row"
grep -Eq '^violations( +0){5}$' "$tmp/out" && ok || bad "whatif: violations row"
grep -Eq '^quantity short +22 +[0-9]+ +22 +[1-9][0-9]{2,} +22$' "$tmp/out" && ok || bad "whatif: the closed lane leaves demand short"
# changes joined by --and are one variant: demand x1 joined to fewer hours
# plans exactly as fewer hours alone, and x1.2 joined to them differs
"$wi" "$root/data/demo" --hours LINE-1:6 --demand 1 --and --hours LINE-1:6 \
	--demand 1.2 --and --hours LINE-1:6 > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q '^  #2  demand 1 and hours LINE-1:6$' "$tmp/out" && ok || bad "whatif --and: exit $rc: $(cat "$tmp/err")"
awk 'NR > 6 && NF >= 4 { if ($(NF-1) != $(NF-2)) bad = 1; if ($NF != $(NF-1)) diff = 1 }
	END { exit !(bad == 0 && diff == 1) }' "$tmp/out" && ok || bad "whatif --and: columns $(cat "$tmp/out")"
"$wi" "$root/data/demo" --and --hours LINE-1:6 > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "whatif --and first: exit $rc"
"$wi" "$root/data/demo" --hours NOPE:3 > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'no resource "NOPE"' "$tmp/err" && ok || bad "whatif: bad resource: exit $rc"
"$wi" "$root/data/demo" --block WELD-1:2027-13-01:2027-03-12 > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "whatif: bad date: exit $rc"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
