#!/usr/bin/env python3
"""The Python package's bulk tables, timed: load a scenario, plan it, read
the plan's orders (and deliveries) into pandas DataFrames.

    PYTHONPATH=build-rel/python python3 bench/bench_python.py SCENARIO [--mode unconstrained|constrained]

SCENARIO: a directory (bench/plangen writes one) or FILE.h5. Prints each
step's seconds and the rows; the DataFrame steps are what issue 21 times
(at most 2 s for the orders of the large plan).
"""
import argparse
import resource
import time

import libplan


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--mode", default="unconstrained", choices=["unconstrained", "constrained"])
    ap.add_argument("--repeat", type=int, default=3, help="times each table is read (best kept)")
    args = ap.parse_args()
    t = time.perf_counter()
    m = libplan.load(args.scenario)
    print("load            %8.2f s  %s" % (time.perf_counter() - t, m))
    t = time.perf_counter()
    p = m.plan(mode=args.mode)
    print("plan (%s) %8.2f s  %s" % (args.mode[:5], time.perf_counter() - t, p))
    for name in ("orders", "deliveries"):
        best = None
        for _ in range(args.repeat):
            p._cache.clear()
            t = time.perf_counter()
            df = p.table(name)
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
            del df
        df = p.table(name)
        print("%-15s %8.2f s  %d rows, %d columns (best of %d)" % (name + " -> pandas", best, len(df),
              len(df.columns), args.repeat))
    print("peak RSS        %8.2f GiB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20))


if __name__ == "__main__":
    main()
