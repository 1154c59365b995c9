"""libplan for Python: MRP II multi-site planning, its plans as pandas tables.

    import libplan
    m = libplan.load("data/demo")          # a directory, a FILE.h5, or a dict of DataFrames
    p = m.plan(mode="constrained")         # the GIL is released while it plans
    p.summary["status"], p.orders, p.deliveries, p.exceptions, ...
    p.verify()                             # every rule of format.md
    m.whatif([{"demand": 1.2}, {"block": ("WELD-1", "2027-03-01", "2027-03-12")}])
    s = libplan.Session(m)                 # repairs after emergency maintenance

Every plan table is a pandas DataFrame built on numpy arrays that the C
library fills in bulk: quantities and dates are arrays, repeated strings
(items, sites, kinds, codes) categoricals of their distinct values; only
free text (order ids, messages) is one Python string per row.

Errors are libplan.Error; a scenario with bad data raises it with every
diagnostic (file, line, column and text) and the first error's position
as .file, .line, .column.
"""
import datetime as _dt
import io as _io
import os as _os

import numpy as _np

from . import _libplan

__all__ = ["Error", "Model", "Plan", "Session", "load", "version"]

version = _libplan.version()


class Error(Exception):
    """A libplan failure: .code (the C status), .diagnostics (a list of
    Diagnostic), and .file, .line, .column of the first error (None if
    the failure is not about the data)."""

    def __init__(self, message, code=0, diagnostics=()):
        super().__init__(message)
        self.message = message
        self.code = code
        self.diagnostics = [Diagnostic(*d) for d in diagnostics]
        first = next((d for d in self.diagnostics if d.severity == "error"), None)
        self.file = first.file if first else None
        self.line = first.line if first else None
        self.column = first.column if first else None

    def __str__(self):
        errors = [d.message for d in self.diagnostics if d.severity == "error"]
        if errors and errors[0] != self.message:
            return "%s\n%s" % (self.message, "\n".join(errors[:20]))
        return self.message


class Diagnostic(tuple):
    """One problem of the data: severity, file, line, column, text, message."""

    __slots__ = ()

    def __new__(cls, severity, file, line, column, text, message):
        return tuple.__new__(cls, (severity, file, line, column, text, message))

    severity = property(lambda self: self[0])
    file = property(lambda self: self[1])
    line = property(lambda self: self[2])
    column = property(lambda self: self[3])
    text = property(lambda self: self[4])
    message = property(lambda self: self[5])

    def __repr__(self):
        return "Diagnostic(%r)" % (self.message,)


_libplan._set_error_type(Error)


def _days(date):
    """A date (str YYYY-MM-DD, datetime.date, numpy or pandas) as days
    since 1970-01-01."""
    if isinstance(date, str):
        date = _dt.date.fromisoformat(date)
    if hasattr(date, "to_pydatetime"):
        date = date.to_pydatetime()
    if isinstance(date, _dt.datetime):
        date = date.date()
    if isinstance(date, _np.datetime64):
        return int(date.astype("datetime64[D]").astype(_np.int64))
    return (date - _dt.date(1970, 1, 1)).days


def _frame(columns):
    """A DataFrame from the C extension's columns, without per-row objects
    for numbers, dates and repeated strings."""
    import pandas as pd

    data = {}
    for col in columns:
        name, kind, buf = col[0], col[1], col[2]
        if kind == "f8":
            data[name] = _np.frombuffer(buf, dtype=_np.float64)
        elif kind == "i8":
            data[name] = _np.frombuffer(buf, dtype=_np.int64)
        elif kind == "date":
            data[name] = _np.frombuffer(buf, dtype="datetime64[ns]")
        elif kind == "cat":
            data[name] = _categorical(pd, buf, col[3], col[4])
        else:
            data[name] = buf  # a numpy array of str (None where empty)
    return pd.DataFrame(data, copy=False)


_CODE = {1: _np.int8, 2: _np.int16, 4: _np.int32}


def _categorical(pd, codes, values, width):
    """A Categorical from codes (-1: missing; as wide as pandas keeps them
    for so many categories: no copy) and distinct values. The
    values are distinct by construction (the C side maps them by content),
    so pandas' check of that, which hashes every value again, is skipped
    where pandas allows it."""
    codes = _np.frombuffer(codes, dtype=_CODE[width])
    cats = pd.Index(values, dtype=object)
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    if fast is not None:
        try:
            return pd.Categorical.from_codes(codes, dtype=fast(cats, False))
        except TypeError:
            pass
    return pd.Categorical.from_codes(codes, categories=cats)


def _records(columns):
    """The same columns as one numpy structured array (strings as objects,
    categoricals as their codes' values)."""
    arrays, names = [], []
    for col in columns:
        name, kind, buf = col[0], col[1], col[2]
        if kind == "f8":
            a = _np.frombuffer(buf, dtype=_np.float64)
        elif kind == "i8":
            a = _np.frombuffer(buf, dtype=_np.int64)
        elif kind == "date":
            a = _np.frombuffer(buf, dtype="datetime64[ns]")
        elif kind == "cat":
            cats = _np.array(list(col[3]) + [None], dtype=object)
            a = cats[_np.frombuffer(buf, dtype=_CODE[col[4]])]
        else:
            a = buf
        arrays.append(a)
        names.append(name)
    return _np.rec.fromarrays(arrays, names=names) if arrays else None


class Plan:
    """A plan: its tables as DataFrames (orders, deliveries, allocations,
    exceptions, loads, capacity, adjustments), its summary, its check."""

    TABLES = ("orders", "deliveries", "allocations", "pegging", "exceptions", "loads",
              "capacity", "adjustments")

    def __init__(self, handle, model, mode):
        self._h = handle
        self.model = model
        self.mode = mode
        self._cache = {}

    def table(self, name):
        """Plan table `name` as a DataFrame (read once, then kept)."""
        if name not in self._cache:
            self._cache[name] = _frame(self._h.table(name))
        return self._cache[name]

    def records(self, name):
        """Plan table `name` as a numpy structured array."""
        return _records(self._h.table(name))

    orders = property(lambda self: self.table("orders"))
    deliveries = property(lambda self: self.table("deliveries"))
    allocations = property(lambda self: self.table("allocations"))
    #: full pegging (pegging.csv): every (order, end demand) with its
    #: quantity, traced through every level; can be far larger than orders
    pegging = property(lambda self: self.table("pegging"))
    exceptions = property(lambda self: self.table("exceptions"))
    loads = property(lambda self: self.table("loads"))
    capacity = property(lambda self: self.table("capacity"))
    adjustments = property(lambda self: self.table("adjustments"))
    #: format 1.1, where the scenario speaks of money: costs.csv (the
    #: standard cost a unit of each SKU) and finance.csv (the plan in money)
    costs = property(lambda self: self.table("costs"))
    finance = property(lambda self: self.table("finance"))
    #: format 1.1, likewise: per lane and bucket, need and shipped
    deployment = property(lambda self: self.table("deployment"))
    #: format 1.1, where the scenario has projects: each activity's days,
    #: slack and lateness (late_days NaN: not scheduled)
    activities = property(lambda self: self.table("activities"))

    @property
    def summary(self):
        """The verdict and counts (summary.csv), with on_time_qty and the
        planning time in seconds."""
        return self._h.summary()

    def verify(self, max_violations=100):
        """Checks the plan against every rule of format.md. Returns a dict:
        checks, violations, notes, stock_value, and the first violations
        found as (rule, hard, message). In an unconstrained plan, capacity,
        lane and release breaks are notes (hard 0), as MRP allows them."""
        checks, violations, notes, stock_value, found = self._h.verify(
            unconstrained=self.mode == "unconstrained", max=max_violations)
        return {"checks": checks, "violations": violations, "notes": notes,
                "stock_value": stock_value, "found": found}

    def write_csv(self, directory, pegging=True):
        """Writes the plan's CSV tables into `directory`, all at once."""
        self._h.write_csv(_os.fspath(directory), bool(pegging))

    def write_report(self, path, focus=None, title=None, max_rows=0):
        """Writes the plan as one self-contained HTML page (plancheck
        --report): load against capacity, stock against safety stock, a
        Gantt chart of the orders of `focus` (an item or a resource; None:
        the most loaded resource), late demands with their reasons, the
        adjustments."""
        self._h.write_report(_os.fspath(path), focus, title, int(max_rows))

    def __repr__(self):
        s = self.summary
        return "<libplan.Plan %s: %d orders, %d of %d demands late or short>" % (
            s["status"], s["orders"], s["demands_late"], s["demands"])


class Model:
    """A scenario: master data and demand, validated. Plan it with plan()."""

    def __init__(self, handle, source=None):
        self._h = handle
        self.source = source

    def plan(self, mode="constrained", threads=0):
        """The plan: mode "constrained" (the feasible plan) or
        "unconstrained" (classic MRP). The GIL is released meanwhile."""
        if mode not in ("constrained", "unconstrained"):
            raise ValueError("mode: 'constrained' or 'unconstrained', not %r" % (mode,))
        return Plan(self._h.plan(constrained=mode == "constrained", threads=threads), self, mode)

    @property
    def diagnostics(self):
        """The loader's warnings (a valid model has no errors)."""
        return [Diagnostic(*d) for d in self._h.diagnostics()]

    def count(self, table):
        """Rows of scenario table `table` ("skus", "demand", ...)."""
        return self._h.count(table)

    @property
    def consumption(self):
        """Forecast consumption (format 1.1), one row per demand row: `demand`,
        `kind` (order or forecast), `qty` as given, `consumed` (a forecast:
        by orders; an order: of forecast), `net` (what the plan asks for), as
        a DataFrame (a list of tuples without pandas). Plan tables show the
        forecast rows as forecast.csv."""
        rows = self._h.consumption()
        try:
            import pandas as pd
        except ImportError:
            return rows
        return pd.DataFrame(rows, columns=["demand", "kind", "qty", "consumed", "net"])

    def copy(self):
        """A model of the same data, to change without changing this one."""
        if self.source is None:
            raise Error("this model was not loaded from a path or tables: it cannot be copied")
        return _open(self.source)

    def edit(self, demand=None, block=None, close_lane=None, hours=None):
        """Changes this model (as whatif's variants): demand (a factor for
        every demand's quantity), block ((resource, from, to[, factor[,
        alternate[, alt_factor]]]): an emergency maintenance block),
        close_lane ((item, site, source)), hours ((resource, hours a day))."""
        if demand is not None:
            self._h.scale_demand(float(demand))
        if block is not None:
            b = tuple(block) + (None,) * (6 - len(block))
            res, start, end, factor, alt, alt_factor = b
            self._h.add_block("WHATIF-BLOCK", res, _days(start), _days(end),
                              float(factor or 0.0), alt, float(alt_factor or 1.0), True)
        if close_lane is not None:
            self._h.close_lane(*close_lane)
        if hours is not None:
            self._h.set_resource_hours(hours[0], float(hours[1]))
        return self

    def whatif(self, variants, mode="constrained"):
        """The plan of this model and of each variant side by side: a
        DataFrame, one row per plan (the base first). A variant is a dict
        of edit()'s arguments (several keys: one variant of them all)."""
        import pandas as pd

        rows = []
        for name, change in [("base", {})] + [("#%d" % (k + 1), v) for k, v in enumerate(variants)]:
            m = self.copy().edit(**change) if change else self
            p = m.plan(mode)
            s = p.summary
            v = p.verify()
            rows.append({
                "variant": name,
                "change": ", ".join("%s=%s" % kv for kv in change.items()),
                "on_time_demands": (s["demands"] - s["demands_late"]) / s["demands"] if s["demands"] else 1.0,
                "late_or_short": s["demands_late"],
                "lateness_days": s["lateness_days"],
                "qty_short": s["qty_short"],
                "stock_value": v["stock_value"],
                "capacity_use": s["capacity_loaded"] / s["capacity_available"] if s["capacity_available"] else 0.0,
                "transfer_cost": s["transfer_cost"],
                "orders": s["orders"],
                "adjustments": s["adjustments"],
                "violations": v["violations"],
            })
        return pd.DataFrame(rows).set_index("variant")

    def write_csv(self, directory, gzip=False):
        """Writes the scenario as CSV files into `directory`."""
        self._h.write_csv(_os.fspath(directory), bool(gzip))

    def __repr__(self):
        return "<libplan.Model %s: %d SKUs, %d demands>" % (
            self.source if isinstance(self.source, str) else "from tables",
            self.count("skus"), self.count("demand"))


def _csv_bytes(df):
    """A DataFrame as the CSV text of format.md (dates as YYYY-MM-DD, empty
    cells for missing values, no index)."""
    buf = _io.StringIO()
    df.to_csv(buf, index=False, date_format="%Y-%m-%d", float_format="%.17g", lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _open(source):
    if isinstance(source, dict):
        tables = []
        for name, df in source.items():
            file = name if name.endswith(".csv") else name + ".csv"
            tables.append((file, df if isinstance(df, (bytes, bytearray)) else _csv_bytes(df)))
        return Model(_libplan._from_tables(tables), dict(source))
    path = _os.fspath(source)
    return Model(_libplan._load(path), path)


def load(source):
    """A scenario: a directory of CSV files, an HDF5 store (FILE.h5), or a
    dict {table name: pandas DataFrame (or CSV bytes)}, one per table of
    format.md ("skus" or "skus.csv"). Loaded and validated; bad data raises
    Error with every diagnostic (file, line, column)."""
    return _open(source)


class Session:
    """A feasible plan kept for repairs: add_block(), add_demand() and
    close_lane() change the model and repair the plan locally; plan gives
    the plan as it is now (an older Plan of the session raises once the
    session has repaired)."""

    def __init__(self, model, exact=False):
        self.model = model
        self._h = _libplan._Session(model._h, exact=bool(exact))

    @property
    def plan(self):
        return Plan(self._h.plan(), self.model, "constrained")

    def add_block(self, resource, start, end, factor=0.0, alternate=None, alt_factor=1.0,
                  id="BLOCK", emergency=True):
        """An (emergency) maintenance block; returns the repair's counts."""
        return self._h.add_block(id, resource, _days(start), _days(end), float(factor), alternate,
                                 float(alt_factor), bool(emergency))

    def add_demand(self, id, item, site, due, qty, priority=0):
        return self._h.add_demand(id, item, site, _days(due), float(qty), int(priority))

    def close_lane(self, item, site, source):
        return self._h.close_lane(item, site, source)
