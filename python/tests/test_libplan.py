"""The Python package against the C library's own outputs: the same plan as
plancheck writes, from a directory, an .h5 or DataFrames; errors with their
file, line and column; what-if variants; sessions; the GIL released while
planning. Run by meson test (suite script), skipped where Python is absent."""
import csv
import glob
import os
import subprocess
import threading
import time

import numpy as np
import pandas as pd
import pytest

import libplan

ROOT = os.environ.get("LIBPLAN_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DEMO = os.path.join(ROOT, "data", "demo")


@pytest.fixture(scope="module")
def demo():
    return libplan.load(DEMO)


@pytest.fixture(scope="module")
def demo_plan(demo):
    return demo.plan()


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_demo_plan(demo_plan):
    s = demo_plan.summary
    # the demo's feasible plan (README, data/demo/README.md): late, 4 of 262
    assert s["status"] == "late"
    assert s["demands"] == 262 and s["demands_late"] == 4
    v = demo_plan.verify()
    assert v["violations"] == 0 and v["checks"] > 10000 and v["found"] == []


def test_tables_equal_the_csv_files(demo_plan, tmp_path):
    demo_plan.write_csv(tmp_path / "plan")
    rows = read_csv(tmp_path / "plan" / "orders.csv")
    o = demo_plan.orders
    assert len(o) == len(rows)
    assert list(o["order"]) == [r["order"] for r in rows]
    assert list(o["item"].astype(str)) == [r["item"] for r in rows]
    assert list(o["kind"].astype(str)) == [r["kind"] for r in rows]
    assert list(o["due"].dt.strftime("%Y-%m-%d")) == [r["due"] for r in rows]
    assert np.allclose(o["qty"].to_numpy(), [float(r["qty"]) for r in rows], rtol=1e-9)
    # no per-row objects for numbers, dates and repeated strings
    assert o["qty"].dtype == np.float64 and str(o["due"].dtype) == "datetime64[ns]"
    assert isinstance(o["item"].dtype, pd.CategoricalDtype)
    d = demo_plan.deliveries
    drows = read_csv(tmp_path / "plan" / "deliveries.csv")
    assert len(d) == len(drows)
    assert abs(d["qty"].sum() - sum(float(r["qty"]) for r in drows)) < 1e-6
    x = demo_plan.exceptions
    xrows = read_csv(tmp_path / "plan" / "exceptions.csv")
    assert list(x["message"]) == [r["message"] for r in xrows]
    assert len(demo_plan.adjustments) == len(read_csv(tmp_path / "plan" / "adjustments.csv"))
    assert len(demo_plan.capacity) == len(read_csv(tmp_path / "plan" / "capacity.csv"))
    assert len(demo_plan.loads) == len(read_csv(tmp_path / "plan" / "loads.csv"))
    assert len(demo_plan.allocations) == demo_plan.summary["allocations"]
    rec = demo_plan.records("orders")
    assert rec.dtype.names[:3] == ("order", "item", "site") and len(rec) == len(rows)
    lrows = read_csv(tmp_path / "plan" / "loads.csv")
    assert list(demo_plan.loads["order"].astype(str)) == [r["order"] for r in lrows]
    # the row columns index the orders table
    l0 = demo_plan.loads.iloc[0]
    assert o["order"].iloc[l0["order_row"]] == l0["order"]


def test_finance_equals_the_csv(demo_plan, tmp_path):
    # the demo speaks of money (format 1.1: prices, hourly costs)
    demo_plan.write_csv(tmp_path / "plan")
    rows = read_csv(tmp_path / "plan" / "finance.csv")
    f = demo_plan.finance
    assert len(f) == len(rows) > 0
    assert list(f["level"].astype(str)) == [r["level"] for r in rows]
    assert list(f["site"].astype(str).replace("nan", "")) == [r["site"] for r in rows]
    for col in ("purchases", "production", "transport", "holding", "inventory_value", "revenue"):
        assert np.allclose(f[col].to_numpy(), [float(r[col]) for r in rows], rtol=1e-12)
    # the enterprise's rows add up to the summary's totals
    e = f[f["level"] == "enterprise"]
    s = demo_plan.summary
    assert abs(e["revenue"].sum() - s["revenue"]) <= 1e-6 * s["revenue"]
    assert abs(e["inventory_value"].iloc[-1] - s["inventory_value"]) <= 1e-6 * (1 + s["inventory_value"])
    c = demo_plan.costs
    crows = read_csv(tmp_path / "plan" / "costs.csv")
    assert list(c["item"].astype(str)) == [r["item"] for r in crows]
    assert np.allclose(c["total"].to_numpy(), [float(r["total"]) for r in crows], rtol=1e-12)
    d = demo_plan.deployment
    drows = read_csv(tmp_path / "plan" / "deployment.csv")
    assert len(d) == len(drows) > 0
    assert np.allclose(d["shipped"].to_numpy(), [float(r["shipped"]) for r in drows], rtol=1e-12)
    # what the lanes bring is what the transfers bring
    o = demo_plan.orders
    t = o[(o["kind"] == "transfer") & (o["origin"] == "planned")]
    assert abs(d["shipped"].sum() - t["qty"].sum()) <= 1e-6 * t["qty"].sum()
    # and each site's rows to the enterprise's, bucket by bucket
    by_site = f[f["level"] == "site"].groupby("bucket")["purchases"].sum()
    assert np.allclose(by_site.to_numpy(), e.set_index("bucket")["purchases"].to_numpy())
    # the line 3 project (format 1.1): activities.csv as written, its
    # materials delivered under their own ids, by the activity's start
    a = demo_plan.activities
    arows = read_csv(tmp_path / "plan" / "activities.csv")
    assert list(a["activity"].astype(str)) == [r["activity"] for r in arows]
    assert [str(x.date()) for x in a["start"]] == [r["start"] for r in arows]
    assert a.set_index("activity").loc["HANDOVER", "end"].date().isoformat() == "2027-04-30"
    dl = demo_plan.deliveries
    mat = dl[dl["demand"].astype(str).str.startswith("LINE3/")]
    assert sorted(mat["demand"].astype(str)) == ["LINE3/FOUNDATION/PRIMER@ASSY",
                                                 "LINE3/INSTALL/CONVEYOR@ASSY",
                                                 "LINE3/INSTALL/TORQUE-TOOL@ASSY",
                                                 "LINE3/TRIAL/FRAME-CITY@ASSY",
                                                 "LINE3/TRIAL/MOTOR-250@ASSY"]
    start = a.set_index("activity")["start"]
    for _, row in mat.iterrows():
        assert row["date"] <= start[str(row["demand"]).split("/")[1]]


def test_unconstrained(demo):
    p = demo.plan(mode="unconstrained")
    assert p.summary["status"] == "infeasible"
    v = p.verify()
    assert v["violations"] == 0 and v["notes"] > 0
    with pytest.raises(ValueError):
        demo.plan(mode="fast")


def test_from_dataframes_plans_the_same(demo_plan):
    tables = {}
    for path in glob.glob(os.path.join(DEMO, "*.csv")):
        name = os.path.basename(path)[:-4]
        tables[name] = pd.read_csv(path, dtype=str, keep_default_na=False)
    m = libplan.load(tables)
    p = m.plan()
    assert p.summary == {**demo_plan.summary, "seconds": p.summary["seconds"]}
    assert list(p.orders["order"]) == list(demo_plan.orders["order"])
    assert (p.orders["qty"].to_numpy() == demo_plan.orders["qty"].to_numpy()).all()


def test_errors_name_file_line_column(tmp_path):
    tables = {os.path.basename(p)[:-4]: open(p, "rb").read() for p in glob.glob(os.path.join(DEMO, "*.csv"))}
    lines = tables["demand"].decode().splitlines()
    head = lines[0].split(",")
    cells = lines[3].split(",")
    cells[head.index("qty")] = "lots"
    lines[3] = ",".join(cells)
    tables["demand"] = ("\n".join(lines) + "\n").encode()
    with pytest.raises(libplan.Error) as e:
        libplan.load(tables)
    assert e.value.file == "demand.csv"
    assert e.value.line == 4
    assert e.value.column == head.index("qty") + 1
    assert e.value.code < 0
    assert any(d.severity == "error" and "qty" in d.text for d in e.value.diagnostics)
    with pytest.raises(libplan.Error) as e:
        libplan.load(str(tmp_path / "nothing-here"))
    assert "nothing-here" in str(e.value)


def test_h5(demo_plan, tmp_path):
    conv = os.environ.get("LIBPLAN_PLANCONVERT")
    if not conv:
        pytest.skip("LIBPLAN_PLANCONVERT not set (meson test sets it)")
    subprocess.run([conv, DEMO, str(tmp_path / "demo.h5")], check=True, capture_output=True)
    p = libplan.load(tmp_path / "demo.h5").plan()
    assert list(p.orders["order"]) == list(demo_plan.orders["order"])


def test_whatif(demo):
    w = demo.whatif([{"hours": ("LINE-1", 6)}, {"demand": 1, "hours": ("LINE-1", 6)},
                     {"demand": 1.2, "block": ("WELD-1", "2027-03-01", "2027-03-12")}])
    assert list(w.index) == ["base", "#1", "#2", "#3"]
    assert (w["violations"] == 0).all()
    # demand x1 joined to fewer hours plans as fewer hours alone
    assert w.loc["#1"].drop("change").equals(w.loc["#2"].drop("change"))
    assert w.loc["#3", "orders"] > w.loc["base", "orders"]
    # the base model is unchanged
    assert demo.plan().summary["orders"] == w.loc["base", "orders"]


def test_session_repairs(demo):
    s = libplan.Session(demo.copy())
    before = s.plan

    def lost(plan):
        c = plan.capacity
        return c[(c["resource"] == "WELD-1") & (c["bucket"] == "2027-03-01")]["maintenance_lost"].sum()

    assert lost(before) == 0
    st = s.add_block("WELD-1", "2027-03-01", "2027-03-12", id="EMG-1")
    assert st["seconds"] >= 0 and st["moved"] + st["rerouted"] + st["left_out"] + st["later"] >= 0
    with pytest.raises(RuntimeError):
        before.orders  # the plan asked for before the repair
    after = s.plan
    assert after.verify()["violations"] == 0
    assert lost(after) > 0
    with pytest.raises(libplan.Error):
        s.add_block("NO-SUCH-RESOURCE", "2027-03-01", "2027-03-02")


def test_gil_released_while_planning(tmp_path):
    gen = os.environ.get("LIBPLAN_PLANGEN")
    if not gen:
        pytest.skip("LIBPLAN_PLANGEN not set (meson test sets it)")
    subprocess.run([gen, "--size", "small", str(tmp_path / "small")], check=True, capture_output=True)
    m = libplan.load(tmp_path / "small")
    span = {}

    def work():
        # many plans back to back: with the GIL held in each, the main
        # thread would run only between them (a tick a plan)
        span["start"] = time.perf_counter()
        for _ in range(30):
            m.plan()
        span["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    ticks = []
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    mid = [x for x in ticks if span["start"] + 0.05 < x < span["end"] - 0.02]
    length = span["end"] - span["start"]
    if length < 0.2:
        pytest.skip("planning took %.3f s: too short to tell" % length)
    # the main thread ran all along: about one tick a millisecond, far
    # more than one a plan
    assert len(mid) > max(0.3 * (length - 0.07) * 1000, 3 * 30), (len(mid), length)


def test_whatif_example(tmp_path):
    script = os.path.join(ROOT, "examples", "python", "whatif.py")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in [os.environ.get("PYTHONPATH", "")] if p))
    out = subprocess.run([os.sys.executable, script, DEMO, "--steps", "2", "--chart", str(tmp_path / "w.png")],
                         capture_output=True, text=True, env=env, check=True).stdout
    assert "demand_factor" in out and "violations" in out
    rows = [l.split() for l in out.splitlines() if l.startswith(("base", "#"))]
    assert [r[0] for r in rows] == ["base", "#1", "#2"] and all(r[-1] == "0" for r in rows)


def test_pegging_equals_the_csv(demo_plan, tmp_path):
    demo_plan.write_csv(tmp_path / "plan")
    rows = read_csv(tmp_path / "plan" / "pegging.csv")
    g = demo_plan.pegging
    assert len(g) == len(rows) > 0
    assert list(g["order"].astype(str)) == [r["order"] for r in rows]
    assert list(g["demand"].astype(str)) == [r["demand"] for r in rows]
    assert np.allclose(g["qty"].to_numpy(), [float(r["qty"]) for r in rows], rtol=1e-9)
    o = demo_plan.orders
    assert (o["order"].to_numpy()[g["order_row"].to_numpy()] == g["order"].astype(str).to_numpy()).all()


def test_co_product_allocations(demo_plan):
    # the powder coat line (data/demo/README.md): primer comes from the
    # coat's runs (allocations naming the output PRIMER, in kg of coat: a
    # kg of primer is 1 / 0.12 kg of a run), never from an order of its own
    a = demo_plan.allocations
    o = demo_plan.orders
    prim = a[a["output"].astype(str) == "PRIMER"]
    assert len(prim) > 0
    assert set(o["item"].astype(str).to_numpy()[prim["order_row"].to_numpy()]) == {"PAINT"}
    assert not ((o["item"].astype(str) == "PRIMER") & (o["site"].astype(str) == "FRAME")).any()
    d = demo_plan.deliveries
    coat = d[d["demand"].astype(str).str.startswith("COAT-")]
    assert coat["qty"].sum() == 170


def test_report(demo_plan, tmp_path):
    demo_plan.write_report(tmp_path / "r.html", focus="WELD-1", title="Demo & <test>")
    html = (tmp_path / "r.html").read_text()
    assert "<title>Demo &amp; &lt;test&gt;</title>" in html
    assert "Orders loading resource <b>WELD-1</b>" in html
    with pytest.raises(libplan.Error) as e:
        demo_plan.write_report(tmp_path / "x.html", focus="NOPE")
    assert "NOPE" in str(e.value) and not (tmp_path / "x.html").exists()


def test_consumption_equals_forecast_csv(demo, demo_plan, tmp_path):
    # the demo is format 1.1: its first weeks' forecasts are consumed by the
    # week's orders; Model.consumption agrees with the plan's forecast.csv
    demo_plan.write_csv(tmp_path / "plan", pegging=False)
    rows = read_csv(tmp_path / "plan" / "forecast.csv")
    c = demo.consumption
    f = c[c["kind"] == "forecast"]
    assert list(f["demand"]) == [r["forecast"] for r in rows]
    assert np.allclose(f["net"], [float(r["net"]) for r in rows])
    assert np.allclose(f["consumed"], [float(r["consumed"]) for r in rows])
    assert f["consumed"].sum() > 0
    # an order asks for its whole qty; a forecast for what is left of it
    o = c[c["kind"] == "order"]
    assert (o["net"] == o["qty"]).all()
    assert np.allclose(f["net"] + f["consumed"], f["qty"])
