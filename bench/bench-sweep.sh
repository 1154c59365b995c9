#!/bin/sh
# The sweep benchmark: 64 variants of a scenario (4 demand factors x 4
# resource hours x 4 maintenance blocks) planned by plansweep on 1 rank,
# then on 2, in one run; prints variants a minute and the speed-up.
#   bench/bench-sweep.sh BUILD [SCENARIO] [RANKS...]
# SCENARIO defaults to a generated medium one (plangen --size medium
# --seed 1, in $TMPDIR); its resources R1-00000 to R1-00005 are edited.
set -e
build="$1"; shift
scen="${1:-}"; [ $# -gt 0 ] && shift
ranks="${*:-1 2}"
tmp="${TMPDIR:-/tmp}/bench-sweep-$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
if [ -z "$scen" ]; then
	scen="$tmp/medium"
	"$build/bench/plangen" --size medium --seed 1 "$scen" > /dev/null
fi
cat > "$tmp/grid.ini" <<G
demand = 0.9 1.0 1.1 1.2
hours  = none R1-00000:12 R1-00001:12 R1-00002:20
block  = none R1-00003:2027-02-01:2027-02-14 R1-00004:2027-03-01:2027-03-14 R1-00005:2027-04-01:2027-04-14
G
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); scenario $scen"
for n in $ranks; do
	rm -f "$tmp/r.h5"
	/usr/bin/time -f "ranks $n: %e s wall, peak RSS of a rank %M KiB" \
		mpirun -n "$n" --oversubscribe "$build/examples/plansweep" --out "$tmp/r.h5" \
		--grid "$tmp/grid.ini" --commit 30 "$scen" > "$tmp/out-$n" 2> "$tmp/err-$n" || true
	tail -1 "$tmp/out-$n" | sed "s/^/ranks $n: /"
	grep '^ranks' "$tmp/err-$n" || true
	grep -c ' late \| on_time ' "$tmp/out-$n" | sed "s/^/ranks $n: rows planned: /"
done
