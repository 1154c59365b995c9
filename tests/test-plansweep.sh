#!/bin/sh
# plansweep on 2 MPI ranks (--oversubscribe: one core will do): the demo
# swept over a grid, its rows equal to whatif's for the same variants; a
# failing variant is a row and the sweep goes on; a sweep started again
# skips what the file holds; a rank that dies ends the sweep with the
# variant named and the file readable; the file reads back with plancheck,
# planconvert and h5py; axes, lists of scenarios, bad grids, timeouts.
# Skips (77) without mpirun or without plansweep (MPI not found at build).
# usage: test-plansweep.sh PLANSWEEP WHATIF PLANCHECK PLANCONVERT SRCDIR
sweep="$1"; wi="$2"; pc="$3"; pv="$4"; src="$5"
if ! command -v mpirun >/dev/null 2>&1 || [ ! -x "$sweep" ]; then
	echo "SKIP: no mpirun, or plansweep not built (MPI not found)"
	exit 77
fi
# CI runs as root; Open MPI refuses root unless told twice
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI's own allocations, never freed, come from components it has
# unloaded at exit, which LeakSanitizer cannot name to suppress: in a
# sanitizer build leaks are not checked here (the other sanitizers are);
# plansweep's own leaks are checked under valgrind below
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# no network interfaces to probe on a single machine
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { :; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
run() { timeout 300 mpirun -n "$1" --oversubscribe "$sweep" --out "$tmp/$2" "$@" 2>>"$tmp/err"; }
demo="$src/data/demo"
block=WELD-1:2027-03-01:2027-03-12

cat > "$tmp/grid.csv" <<EOF
name,demand,block,close_lane,hours
base,,,,
peak,1.2,,,
weld,,$block,,LINE-1:6
lane,,,EB-CARGO:DC-N:ASSY,
EOF

# 1. a 2-rank sweep, its plans kept; its rows are whatif's
n=2; f=r.h5
timeout 300 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/r.h5" --grid "$tmp/grid.csv" \
	--keep-plans "$demo" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || bad "sweep: exit $rc: $(cat "$tmp/err")"
grep -q '^4 planned, 0 failed, 0 in the file already' "$tmp/out" && ok || bad "sweep: $(cat "$tmp/out")"
"$sweep" --show "$tmp/r.h5" > "$tmp/show" || bad "--show: exit $?"
"$wi" "$demo" --demand 1.2 --block "$block" --and --hours LINE-1:6 \
	--close-lane EB-CARGO:DC-N:ASSY > "$tmp/whatif" || bad "whatif: exit $?"
sed -n '/^on time/,$p' "$tmp/show" > "$tmp/a"
sed -n '/^on time/,$p' "$tmp/whatif" > "$tmp/b"
[ -s "$tmp/a" ] && diff "$tmp/a" "$tmp/b" > "$tmp/diff" && ok || bad "rows differ from whatif's: $(cat "$tmp/diff")"
grep -q '^  weld *.*--block WELD-1:2027-03-01:2027-03-12 --and --hours LINE-1:6$' "$tmp/show" && ok ||
	bad "--show: weld's edits: $(cat "$tmp/show")"
# both ranks planned (the dispatch is dynamic: rank 1 asks for work at once)
grep -Eq ' 1$' "$tmp/out" && grep -Eq ' 0$' "$tmp/out" && ok || bad "not both ranks planned: $(cat "$tmp/out")"

# 2. it reads back: plancheck plans its scenario, planconvert exports the
# kept plans, h5py reads /sweep/summary
"$pc" "$tmp/r.h5" > "$tmp/pc" 2>&1 && ok || bad "plancheck r.h5: exit $?: $(tail -3 "$tmp/pc")"
"$pv" "$tmp/r.h5" "$tmp/conv" > /dev/null 2>&1 && ok || bad "planconvert r.h5: exit $?"
for v in base peak weld lane; do
	[ -s "$tmp/conv/plans/$v/orders.csv" ] && ok || bad "planconvert: no plans/$v/orders.csv"
done
py=/usr/bin/python3
if [ -x $py ] && $py -c 'import h5py' 2>/dev/null; then
	$py - "$tmp/r.h5" > "$tmp/py" 2>&1 <<'EOF' && ok || bad "h5py: $(cat "$tmp/py")"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    s = f["sweep/summary"][:]
    names = [x.decode() for x in s["variant"]]
    assert names == ["base", "peak", "weld", "lane"], names
    assert abs(s["demand_factor"][1] - 1.2) < 1e-12
    assert (s["violations"] == 0).all() and all(e == b"" for e in s["error"])
    assert sorted(f["plans"]) == ["base", "lane", "peak", "weld"], list(f["plans"])
    assert f.attrs["format_major"] == 1
EOF
else
	echo "h5py not installed: that check skipped"
fi

# 3. started again: everything is in the file already
timeout 300 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/r.h5" --grid "$tmp/grid.csv" \
	"$demo" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q '^0 planned, 0 failed, 4 in the file already' "$tmp/out" && ok ||
	bad "restart: exit $rc: $(cat "$tmp/out" "$tmp/err")"

# 4. a variant that fails is a row with its error; the sweep goes on (exit 1)
printf 'bad,,,X:Y:Z,\nlast,0.5,,,\n' >> "$tmp/grid.csv"
timeout 300 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/r.h5" --grid "$tmp/grid.csv" \
	"$demo" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && ok || bad "a failing variant: exit $rc, not 1"
grep -q '^1 planned, 1 failed, 4 in the file already' "$tmp/out" && ok || bad "failing: $(cat "$tmp/out")"
grep -q '^bad .*error.*no lane ships X from Z to Y' "$tmp/out" && ok || bad "the error row: $(cat "$tmp/out")"
"$sweep" --show "$tmp/r.h5" | grep -q '^  bad .*(failed)$' && ok || bad "the error row not in the file"

# 5. a rank that dies: the sweep fails, naming the variant, within the timeout
rm -f "$tmp/d.h5"
PLANSWEEP_TEST_DIE=1 timeout 120 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/d.h5" \
	--grid "$tmp/grid.csv" "$demo" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] && ok || bad "a rank died: exit $rc (124: it hung)"
grep -Eq 'stopped \(signal [0-9]+\) with variants under way:.* [a-z]+ on rank 1' "$tmp/err" && ok ||
	bad "a rank died: no variant named: $(cat "$tmp/err")"
"$sweep" --show "$tmp/d.h5" > "$tmp/show" 2>&1 && ok || bad "the file after a death: $(cat "$tmp/show")"
# and the same arguments again finish it, skipping what it holds
before=$(grep -c '^  [a-z]' "$tmp/show")
timeout 300 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/d.h5" --grid "$tmp/grid.csv" \
	"$demo" > "$tmp/out" 2> "$tmp/err"
grep -q "in the file already" "$tmp/out" && "$sweep" --show "$tmp/d.h5" | grep -q '^sweep .*: 6 variants$' &&
	grep -q ", $before in the file already" "$tmp/out" && ok ||
	bad "finishing after a death ($before rows before): $(cat "$tmp/out" "$tmp/err")"

# 6. axes: every combination, the first axis slowest; one rank
cat > "$tmp/axes.ini" <<EOF
# demand times hours
[grid]
demand = 1.0 1.2
hours  = none LINE-1:6+WELD-1:6
EOF
timeout 300 mpirun -n 1 "$sweep" --out "$tmp/x.h5" --grid "$tmp/axes.ini" "$demo" > "$tmp/out" 2> "$tmp/err" ||
	bad "axes: exit $?: $(cat "$tmp/err")"
"$sweep" --show "$tmp/x.h5" > "$tmp/show"
grep -q '^  v0004 .* --demand 1.2 --and --hours LINE-1:6 --and --hours WELD-1:6$' "$tmp/show" &&
	grep -q '^sweep .*: 4 variants$' "$tmp/show" && ok || bad "axes: $(cat "$tmp/show")"

# 7. a list of scenarios, each as it is, unconstrained; one that is not
# there is a row with its error; no /scenario then
printf '%s\n%s\n%s\n' "$demo" "$src/tests/data/small" "$tmp/missing" > "$tmp/list"
timeout 300 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/l.h5" --list "$tmp/list" \
	--unconstrained > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q '^2 planned, 1 failed' "$tmp/out" && ok || bad "list: exit $rc: $(cat "$tmp/out" "$tmp/err")"
grep -q '^missing .*error' "$tmp/out" && ok || bad "list: the missing scenario's row: $(cat "$tmp/out")"
"$sweep" --show "$tmp/l.h5" > "$tmp/show"
grep -q '^  demo ' "$tmp/show" && grep -q '^  small ' "$tmp/show" && ok || bad "list: $(cat "$tmp/show")"
"$pc" "$tmp/l.h5" > /dev/null 2>&1 && bad "plancheck planned a sweep of several scenarios" || ok

# 8. a timeout cancels a variant: a row with its error
printf 'name,demand\nslow,1\n' > "$tmp/one.csv"
timeout 300 mpirun -n 1 "$sweep" --out "$tmp/t.h5" --grid "$tmp/one.csv" --timeout 0.000001 \
	"$demo" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'canceled: still planning after 1e-06 s' "$tmp/out" && ok ||
	bad "timeout: exit $rc: $(cat "$tmp/out")"

# 9. bad input: the grid's file, line and column; usage
printf 'name,demand,oops\n' > "$tmp/bad.csv"
timeout 60 mpirun -n 1 "$sweep" --out "$tmp/b.h5" --grid "$tmp/bad.csv" "$demo" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'bad.csv:1:13: unknown column "oops"' "$tmp/err" && ok ||
	bad "bad grid: exit $rc: $(cat "$tmp/err")"
[ ! -e "$tmp/b.h5" ] && ok || bad "bad grid: a results file was made"
printf 'name,demand\nx y,1\n' > "$tmp/bad.csv"
timeout 60 mpirun -n 1 "$sweep" --out "$tmp/b.h5" --grid "$tmp/bad.csv" "$demo" > /dev/null 2> "$tmp/err"
grep -q 'bad.csv:2:1: name "x y"' "$tmp/err" && ok || bad "bad name: $(cat "$tmp/err")"
timeout 60 mpirun -n 1 "$sweep" "$demo" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^usage:' "$tmp/err" && ok || bad "no --out: exit $rc"
timeout 60 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/b.h5" --frobnicate "$demo" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^usage:' "$tmp/err" && ok || bad "an unknown option: exit $rc"
# a results file that is not a store: said, and no rank hangs
echo "not hdf5" > "$tmp/notastore.h5"
timeout 60 mpirun -n 2 --oversubscribe "$sweep" --out "$tmp/notastore.h5" "$demo" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'not an HDF5 file' "$tmp/err" && ok || bad "not a store: exit $rc: $(cat "$tmp/err")"
[ "$(cat "$tmp/notastore.h5")" = "not hdf5" ] && ok || bad "not a store: the file was changed"

# 10. no leak of plansweep's own, nor an uninitialised read: one rank under
# valgrind (Open MPI's allocations at MPI_Init and MPI_Finalize suppressed),
# where valgrind is installed and the build has no sanitizer (definite
# leaks only: what Open MPI loses indirectly hangs off its suppressed ones)
if command -v valgrind >/dev/null 2>&1 && ! ldd "$sweep" | grep -q 'libasan\|libubsan'; then
	printf 'name,demand,close_lane\none,1.1,\ntwo,,X:Y:Z\n' > "$tmp/vg.csv"
	timeout 600 mpirun -n 1 valgrind -q --error-exitcode=9 --leak-check=full --num-callers=40 \
		--errors-for-leak-kinds=definite --suppressions="$src/tests/valgrind-mpi.supp" \
		"$sweep" --out "$tmp/vg.h5" --grid "$tmp/vg.csv" --keep-plans "$demo" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && ok || bad "valgrind: exit $rc (1: one variant failed, as it should): $(grep -v '^--\|^ *$' "$tmp/err" | head -40)"
else
	echo "valgrind not installed, or a sanitizer build: the valgrind check skipped"
fi

[ $fails -eq 0 ] || exit 1
echo "plansweep: all checks passed"
