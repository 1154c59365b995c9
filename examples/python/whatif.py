#!/usr/bin/env python3
"""A demand sweep: the feasible plan of a scenario with every demand scaled
from 0.8 to 1.4, its on-time share and capacity use side by side, and a
chart (whatif.png) when matplotlib is installed.

    PYTHONPATH=build/python python3 examples/python/whatif.py data/demo [--chart whatif.png]
"""
import argparse

import libplan


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", help="a scenario directory or FILE.h5")
    ap.add_argument("--chart", default="whatif.png", help="where to draw the chart (PNG)")
    ap.add_argument("--steps", type=int, default=7)
    args = ap.parse_args()

    model = libplan.load(args.scenario)
    factors = [round(0.8 + 0.1 * k, 2) for k in range(args.steps)]
    table = model.whatif([{"demand": f} for f in factors])
    table.insert(0, "demand_factor", [1.0] + factors)
    print(table[["demand_factor", "on_time_demands", "late_or_short", "lateness_days",
                 "capacity_use", "orders", "adjustments", "violations"]].to_string())

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no matplotlib: no chart; apt-get install python3-matplotlib)")
        return
    sweep = table.iloc[1:]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(sweep["demand_factor"], 100 * sweep["on_time_demands"], marker="o", label="demands on time")
    ax.plot(sweep["demand_factor"], 100 * sweep["capacity_use"], marker="s", label="capacity used")
    ax.set_xlabel("demand, times the scenario's")
    ax.set_ylabel("%")
    ax.set_title("%s: the feasible plan as demand grows" % args.scenario)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.chart, dpi=120)
    print("wrote", args.chart)


if __name__ == "__main__":
    main()
