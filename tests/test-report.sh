#!/bin/sh
# The plan report (plancheck --report, plan_result_write_report()): one
# self-contained HTML file that a browser draws. Without Chromium the file
# itself is checked; with it (Debian's chromium), headless Chromium opens
# the page: every chart has drawn shapes (the page counts the shapes with a
# non-empty bounding box into data-drawn), the console has no message, and
# a screenshot is taken.
# usage: test-report.sh PLANCHECK PLANGEN SOURCE_ROOT
set -u
pc=$1
gen=$2
root=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

"$pc" "$root/data/demo" --report "$tmp/r/demo.html" --focus LINE-2 > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] && grep -q "^wrote    $tmp/r/demo.html (the plan report)$" "$tmp/out" && ok || bad "demo: exit $rc $(cat "$tmp/err")"
f="$tmp/r/demo.html"
# self-contained: nothing fetched
! grep -Eq '(src|href)="?(https?:)?//' "$f" && ! grep -q '<link' "$f" && ok || bad "demo: an external reference"
grep -q '<span class="verdict late">late</span>' "$f" && ok || bad "demo: verdict"
for c in heat bars stock gantt; do
	grep -q "<svg class=\"chart $c\"" "$f" && ok || bad "demo: no $c chart"
done
grep -q 'Orders loading resource <b>LINE-2</b>: ' "$f" && ok || bad "demo: focus"
# the late demands with their whole reasons, as exceptions.csv has them
grep -q 'D0007 late 3 days (due 2027-01-04, 4 on time, the rest in 1 part by 2027-01-07): EB-TREK@DC-S comes from ASSY in 2 days: not by 2027-01-04 from the start' "$f" \
	&& ok || bad "demo: late demand reason"
grep -q '41 changes against the unconstrained plan' "$f" && ok || bad "demo: adjustments"
# the line 3 project: every activity's days, the project on time
grep -q '<h2>Projects</h2>' "$f" && grep -q '<p>Every project ends by its due.</p>' "$f" &&
	grep -q '<tr><td>LINE3</td><td>HANDOVER</td><td class="n">2027-04-30</td>' "$f" \
	&& ok || bad "demo: projects"
# an item as the focus; a focus that is neither: exit 2, the old report kept
"$pc" "$root/data/demo" --report "$tmp/r/item.html" --focus EB-CITY > /dev/null 2>&1 \
	&& grep -q 'Orders of item <b>EB-CITY</b>: ' "$tmp/r/item.html" && ok || bad "item focus"
cp "$f" "$tmp/before.html"
"$pc" "$root/data/demo" --report "$f" --focus NOPE > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'focus "NOPE": no such item or resource' "$tmp/err" && cmp -s "$f" "$tmp/before.html" \
	&& ok || bad "bad focus: exit $rc $(cat "$tmp/err")"
# a larger plan stays bounded: at most 150 Gantt rows (and 40 heat map
# rows: small has 24 resources; medium, 1,800, by hand)
"$gen" --size small "$tmp/small" > /dev/null 2>&1
"$pc" "$tmp/small" --report "$tmp/r/small.html" > /dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(wc -c < "$tmp/r/small.html")" -lt 3000000 ] && ok || bad "small: exit $rc or too big"
grep -q '150 of [0-9]* orders shown; orders.csv holds them all' "$tmp/r/small.html" && ok || bad "small: Gantt not bounded"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "SKIP (the browser part): no chromium (apt-get install chromium)"
else
	for page in demo small; do
		timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
			--enable-logging=stderr --v=0 --window-size=1100,3000 --dump-dom \
			"file://$tmp/r/$page.html" > "$tmp/$page.dom" 2> "$tmp/$page.log"
		for c in heat bars stock gantt; do
			n=$(grep -o "<svg class=\"chart $c\"[^>]*data-drawn=\"[0-9]*\"" "$tmp/$page.dom" | head -n 1 | sed 's/.*data-drawn="//; s/"//')
			[ -n "$n" ] && [ "$n" -gt 0 ] && ok || bad "$page: the $c chart drew ${n:-no} shapes"
		done
		! grep -q ':CONSOLE' "$tmp/$page.log" && ok || bad "$page: console: $(grep ':CONSOLE' "$tmp/$page.log" | head -3)"
		timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
			--window-size=1100,2000 --screenshot="$tmp/$page.png" "file://$tmp/r/$page.html" > /dev/null 2>&1
		[ -s "$tmp/$page.png" ] && [ "$(wc -c < "$tmp/$page.png")" -gt 20000 ] && ok || bad "$page: no screenshot"
	done
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
