#!/usr/bin/env python3
"""Writes the Voltaro demo scenario (format 1.1) into this directory.

Deterministic: the same files on every run (seeded). Run it after changing
the company's master data; commit the CSV files it writes.
"""
import csv
import datetime as dt
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
START = dt.date(2027, 1, 4)          # a Monday
END = dt.date(2027, 7, 4)            # 26 weeks
rng = random.Random(20270104)


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def iso(d):
    return d.isoformat()


write("scenario.csv", ["key", "value"], [
    ["name", "Voltaro e-bikes, H1 2027"],
    ["start", iso(START)],
    ["end", iso(END)],
    ["bucket", "week"],
    ["calendar", "STD5"],
    ["format", "1.1"],
])

write("calendars.csv", ["calendar", "weekdays"], [
    ["STD5", "1111100"],     # plants: Monday to Friday
    ["SHIFT6", "1111110"],   # drive plant and warehouses: Monday to Saturday
    ["LINE2", "1111100"],    # cargo line, own holidays below
])

holidays = [dt.date(2027, 3, 26), dt.date(2027, 3, 29), dt.date(2027, 5, 6),
            dt.date(2027, 5, 17), dt.date(2027, 5, 27)]
cal_days = []
for cal in ("STD5", "SHIFT6", "LINE2"):
    for h in holidays:
        cal_days.append([cal, iso(h), 0])
cal_days.append(["LINE2", iso(dt.date(2027, 2, 15)), 0])   # line 2 retooling day
cal_days.append(["STD5", iso(dt.date(2027, 6, 12)), 1])    # a Saturday shift in June
write("calendar_days.csv", ["calendar", "date", "working"], cal_days)

write("sites.csv", ["site", "name", "calendar"], [
    ["FRAME", "Chemnitz frame works", "STD5"],
    ["DRIVE", "Dresden drive systems", "SHIFT6"],
    ["ASSY", "Leipzig final assembly", "STD5"],
    ["DC-N", "Hamburg distribution centre", "SHIFT6"],
    ["DC-S", "Munich distribution centre", "SHIFT6"],
])

# item -> (name, uom, family)
items = {}
skus = []     # rows of skus.csv
bom = []      # rows of bom.csv


def item(code, name, uom="pcs", family=None):
    items[code] = (name, uom, family)


def sku(code, site, typ, lead=0, on_hand=0, ss=0, rule="L4L", lot_qty=None, periods=None,
        lot_min=None, lot_max=None, multiple=None, yld=None, phantom=None, setup=0,
        hold=0, cost=0, back=None, forward=None, frozen=None, batch=None, specific=None):
    skus.append([code, site, typ, lead, on_hand, ss, rule, lot_qty, periods, lot_min, lot_max,
                 multiple, yld, phantom, setup, hold, cost, back, forward, frozen, batch,
                 specific])


def line(parent, comp, qty, site=None, scrap=None, vfrom=None, vuntil=None):
    bom.append([parent, site, comp, qty, scrap, vfrom, vuntil])


BIKES = {
    # code: (name, family, frame, wheel, motor, battery, kit, line, price)
    "EB-CITY": ("City e-bike 28in", "URBAN", "FRAME-CITY", "WHEEL-28", "MOTOR-250", "BATT-500",
                "KIT-DRIVE-HUB", "LINE-1", 1900),
    "EB-TREK": ("Trekking e-bike 28in", "URBAN", "FRAME-TREK", "WHEEL-28", "MOTOR-250", "BATT-750",
                "KIT-DRIVE-HUB", "LINE-1", 2400),
    "EB-FOLD": ("Folding e-bike 20in", "URBAN", "FRAME-FOLD", "WHEEL-20", "MOTOR-250", "BATT-500",
                "KIT-DRIVE-HUB", "LINE-1", 1700),
    "EB-CARGO": ("Cargo e-bike", "HEAVY", "FRAME-CARGO", "WHEEL-20", "MOTOR-MID", "BATT-750",
                 "KIT-DRIVE-MID", "LINE-2", 4200),
    "EB-MTB": ("e-MTB 29in", "HEAVY", "FRAME-MTB", "WHEEL-29", "MOTOR-MID", "BATT-750",
               "KIT-DRIVE-MID", "LINE-2", 3900),
}

# --- final assembly (ASSY) -------------------------------------------------
for code, (name, fam, frame, wheel, motor, batt, kit, _, price) in BIKES.items():
    item(code, name, "pcs", fam)
    # the final assembly schedule is frozen for three working days (1.1)
    sku(code, "ASSY", "make", lead=2, on_hand=rng.choice([0, 5, 10]), rule="L4L",
        setup=120, hold=price * 0.004, cost=price * 0.55, frozen=3)
    line(code, frame, 1)
    line(code, wheel, 2)
    line(code, kit, 1)
    line(code, batt, 1)
    line(code, "COCKPIT", 1)
    line(code, "SADDLE", 1)
    line(code, "DRIVETRAIN", 1)
    line(code, "BRAKE-HYD", 1)
    line(code, "CARTON", 1)
    line(code, "FORK-SUSP" if code == "EB-MTB" else "FORK-RIGID", 1)
    for dc in ("DC-N", "DC-S"):
        sku(code, dc, "transfer", on_hand=rng.choice([4, 8, 12, 20]), ss=5, rule="WW",
            setup=60, hold=price * 0.004, cost=price * 0.57, back=6)

# phantom drive kits; the mid-drive kit nests the phantom light kit
item("KIT-DRIVE-HUB", "Hub drive kit (phantom)")
item("KIT-DRIVE-MID", "Mid drive kit (phantom)")
item("KIT-LIGHT", "Light kit (phantom)")
for kit in ("KIT-DRIVE-HUB", "KIT-DRIVE-MID", "KIT-LIGHT"):
    sku(kit, "ASSY", "make", phantom=1)
line("KIT-DRIVE-HUB", "MOTOR-250", 1)
line("KIT-DRIVE-HUB", "CONTROLLER", 1)
line("KIT-DRIVE-HUB", "HARNESS", 1, scrap=0.02)
line("KIT-DRIVE-HUB", "LIGHT-F", 1)
line("KIT-DRIVE-HUB", "LIGHT-R", 1)
line("KIT-DRIVE-MID", "MOTOR-MID", 1)
line("KIT-DRIVE-MID", "CONTROLLER", 1)
line("KIT-DRIVE-MID", "HARNESS", 1, scrap=0.02)
line("KIT-DRIVE-MID", "KIT-LIGHT", 1)
line("KIT-LIGHT", "LIGHT-F", 1)
line("KIT-LIGHT", "LIGHT-R", 1)

# wheels: wheel -> laced wheel -> spokes, hub, rim (4 levels from the bike)
for size, rim_cost in (("28", 18), ("20", 14), ("29", 24)):
    item(f"WHEEL-{size}", f"Wheel {size}in, tyre fitted")
    item(f"LACED-{size}", f"Laced wheel {size}in")
    item(f"RIM-{size}", f"Rim {size}in")
    item(f"TIRE-{size}", f"Tyre {size}in")
    sku(f"WHEEL-{size}", "ASSY", "make", lead=1, on_hand=40, rule="FOQ", lot_qty=100,
        setup=40, hold=0.2, cost=60)
    sku(f"LACED-{size}", "ASSY", "make", lead=1, on_hand=20, rule="POQ", periods=2,
        setup=60, hold=0.15, cost=45, yld=0.98)
    sku(f"RIM-{size}", "ASSY", "buy", lead=15, on_hand=300, rule="EOQ", setup=90, hold=0.08,
        cost=rim_cost, multiple=20)
    sku(f"TIRE-{size}", "ASSY", "buy", lead=10, on_hand=400, rule="PPB", setup=70, hold=0.05,
        cost=12)
    line(f"WHEEL-{size}", f"LACED-{size}", 1)
    line(f"WHEEL-{size}", f"TIRE-{size}", 1, scrap=0.01)
    line(f"LACED-{size}", f"RIM-{size}", 1)
    line(f"LACED-{size}", "SPOKE", 36, scrap=0.03)
    line(f"LACED-{size}", "HUB-F", 1)

item("COCKPIT", "Cockpit: bar, stem, grips, display")
sku("COCKPIT", "ASSY", "make", lead=1, on_hand=30, rule="L4L", cost=95)
line("COCKPIT", "HANDLEBAR", 1)
line("COCKPIT", "STEM", 1)
line("COCKPIT", "GRIPS", 1)
line("COCKPIT", "DISPLAY", 1)

buys_assy = {
    # code: (name, uom, lead, on_hand, rule, extra, unit cost)
    "SADDLE": ("Saddle", "pcs", 10, 250, "PPB", {}, 15),
    "GRIPS": ("Grip pair", "pair", 10, 300, "SM", {}, 4),
    "HANDLEBAR": ("Handlebar", "pcs", 10, 200, "LUC", {}, 12),
    "STEM": ("Stem", "pcs", 10, 200, "LUC", {}, 9),
    "DISPLAY": ("LCD display", "pcs", 20, 150, "WW", {}, 35),
    "CONTROLLER": ("Motor controller 36V", "pcs", 25, 180, "WW", {}, 42),
    "HARNESS": ("Wiring harness", "pcs", 10, 200, "L4L", {"lot_min": 50}, 8),
    "LIGHT-F": ("Front light", "pcs", 10, 300, "SM", {}, 11),
    "LIGHT-R": ("Rear light", "pcs", 10, 300, "SM", {}, 7),
    "BRAKE-HYD": ("Hydraulic brake set", "set", 15, 200, "EOQ", {}, 48),
    "DRIVETRAIN": ("Chain, cassette, derailleur", "set", 20, 200, "WW", {}, 55),
    "CARTON": ("Shipping carton", "pcs", 5, 500, "FOQ", {"lot_qty": 500}, 3),
    "SPOKE": ("Spoke", "pcs", 10, 20000, "SM", {"multiple": 1000}, 0.12),
    "HUB-F": ("Front hub", "pcs", 15, 300, "POQ", {"periods": 4}, 14),
    "FORK-SUSP": ("Suspension fork", "pcs", 30, 60, "L4L", {"lot_min": 20, "multiple": 10}, 160),
}
for code, (name, uom, lead, oh, rule, extra, cost) in buys_assy.items():
    item(code, name, uom)
    sku(code, "ASSY", "buy", lead=lead, on_hand=oh, rule=rule, setup=80, hold=cost * 0.005,
        cost=cost, lot_qty=extra.get("lot_qty"), periods=extra.get("periods"),
        lot_min=extra.get("lot_min"), multiple=extra.get("multiple"))

# --- frame plant (FRAME) -------------------------------------------------
for code, (name, fam, frame, *_rest) in BIKES.items():
    item(frame, f"Frame for {name}")
    sku(frame, "FRAME", "make", lead=3, on_hand=rng.choice([10, 20, 30]), rule="POQ",
        periods=2, yld=0.97, setup=150, hold=0.6, cost=140)
    sku(frame, "ASSY", "transfer", on_hand=rng.choice([5, 10, 15]), rule="L4L", cost=150)
    tube = "TUBE-STEEL" if code == "EB-CARGO" else "TUBE-ALU"
    line(frame, tube, 3.2 if code == "EB-CARGO" else 2.4, scrap=0.08)
    line(frame, "PAINT", 0.6)
    line(frame, "DROPOUT", 2)
item("FORK-RIGID", "Rigid fork")
sku("FORK-RIGID", "FRAME", "make", lead=2, on_hand=40, rule="FOQ", lot_qty=120, setup=90,
    hold=0.3, cost=38, yld=0.99)
sku("FORK-RIGID", "ASSY", "transfer", on_hand=30, rule="L4L", cost=40)
line("FORK-RIGID", "TUBE-ALU", 0.8, scrap=0.08)
line("FORK-RIGID", "FORK-CROWN", 1)
line("FORK-RIGID", "PAINT", 0.2)
for code, name, uom, lead, oh, rule, cost in (
        ("TUBE-ALU", "Aluminium tube 6061", "m", 10, 1500, "EOQ", 6.5),
        ("TUBE-STEEL", "Steel tube", "m", 10, 400, "EOQ", 4.0),
        ("DROPOUT", "Dropout pair", "pair", 15, 500, "WW", 5.0),
        ("FORK-CROWN", "Fork crown", "pcs", 15, 200, "PPB", 7.0),
        ("RESIN", "Polyester resin", "kg", 8, 150, "LUC", 6.0),
        ("PIGMENT", "Pigment and additives", "kg", 12, 80, "LUC", 14.0)):
    item(code, name, uom)
    sku(code, "FRAME", "buy", lead=lead, on_hand=oh, rule=rule, setup=100, hold=cost * 0.01,
        cost=cost, multiple=10 if uom == "m" else None)

# the powder coat is made at FRAME (format 1.1, a process line): a batch of
# 250 kg mixed, extruded and milled on MIX-1 from resin and pigment; each kg
# also yields 0.12 kg of primer (a co-product sold to repair shops and used
# by the new assembly line's floor, a tenth of the batch's cost) and 0.04 kg
# of fines (a by-product the recycler collects)
item("PAINT", "Powder coat", "kg")
sku("PAINT", "FRAME", "make", lead=2, on_hand=200, rule="L4L", setup=100, hold=0.09, cost=9.0,
    batch=250)
line("PAINT", "RESIN", 0.75, site="FRAME", scrap=0.02)
line("PAINT", "PIGMENT", 0.3, site="FRAME")
item("PRIMER", "Epoxy primer", "kg")
sku("PRIMER", "FRAME", "make", on_hand=20, hold=0.1, cost=12.0)
sku("PRIMER", "ASSY", "transfer", hold=0.1, cost=12.5)
item("FINES", "Powder fines", "kg")
sku("FINES", "FRAME", "buy", lead=5, hold=0.01, cost=1.0)
OUTPUTS = [
    ["PAINT", "FRAME", "PRIMER", 0.12, "co", 0.1],
    ["PAINT", "FRAME", "FINES", 0.04, "by", None],
]

# --- drive plant (DRIVE): motors and batteries, 4 levels for batteries ----
for code, name, stator, housing in (("MOTOR-250", "Hub motor 250W", "STATOR-HUB", "HOUSING-HUB"),
                                    ("MOTOR-MID", "Mid motor 250W 85Nm", "STATOR-MID",
                                     "HOUSING-MID")):
    item(code, name)
    item(stator, f"Stator for {name}")
    item(housing, f"Housing for {name}")
    sku(code, "DRIVE", "make", lead=2, on_hand=30, rule="WW", setup=200, hold=0.9, cost=180)
    sku(code, "ASSY", "transfer", on_hand=15, rule="L4L", cost=185)
    sku(stator, "DRIVE", "make", lead=1, on_hand=20, rule="L4L", yld=0.96, cost=60)
    sku(housing, "DRIVE", "buy", lead=20, on_hand=150, rule="WW", setup=150, hold=0.1, cost=25)
    line(code, stator, 1)
    line(code, housing, 1)
    line(code, "MAGNET-SET", 1)
    line(stator, "COPPER", 0.45, scrap=0.05)
    line(stator, "LAMINATION", 1)
for code, name, uom, lead, oh, rule, cost in (
        ("MAGNET-SET", "NdFeB magnet set", "set", 30, 200, "WW", 22),
        ("COPPER", "Enamelled copper wire", "kg", 10, 120, "EOQ", 11),
        ("LAMINATION", "Stator lamination stack", "pcs", 20, 150, "SM", 9),
        ("CELL-A", "Li-ion cell 21700, supplier A", "pcs", 30, 16000, "WW", 2.9),
        ("CELL-B", "Li-ion cell 21700, supplier B", "pcs", 30, 0, "WW", 2.6),
        ("NICKEL", "Nickel strip", "m", 10, 600, "LUC", 1.1),
        ("BMS", "Battery management board", "pcs", 25, 200, "WW", 19),
        ("CASE-500", "Battery case 500Wh", "pcs", 20, 150, "PPB", 12),
        ("CASE-750", "Battery case 750Wh", "pcs", 20, 150, "PPB", 14)):
    item(code, name, uom)
    sku(code, "DRIVE", "buy", lead=lead, on_hand=oh, rule=rule, setup=120, hold=cost * 0.01,
        cost=cost, multiple=500 if code.startswith("CELL") else None)
for wh, cells in (("500", 4), ("750", 6)):
    item(f"BATT-{wh}", f"Battery {wh}Wh")
    item(f"MODULE-{wh}", f"Cell module for {wh}Wh")
    item(f"BLOCK-{cells}P", f"Parallel cell block {cells}P")
    sku(f"BATT-{wh}", "DRIVE", "make", lead=2, on_hand=25, rule="L4L", lot_max=300, yld=0.98,
        cost=260)
    sku(f"BATT-{wh}", "ASSY", "transfer", on_hand=10, rule="L4L", cost=265)
    sku(f"MODULE-{wh}", "DRIVE", "make", lead=1, on_hand=10, rule="L4L", cost=200)
    sku(f"BLOCK-{cells}P", "DRIVE", "make", lead=1, on_hand=100, rule="FOQ", lot_qty=400,
        setup=60, hold=0.05, cost=15)
    line(f"BATT-{wh}", f"MODULE-{wh}", 1)
    line(f"BATT-{wh}", "BMS", 1)
    line(f"BATT-{wh}", f"CASE-{wh}", 1)
    line(f"MODULE-{wh}", f"BLOCK-{cells}P", 10)
    line(f"MODULE-{wh}", "NICKEL", 0.5, scrap=0.1)
    # effectivity: cells from supplier A until April, then supplier B
    line(f"BLOCK-{cells}P", "CELL-A", cells, vuntil="2027-04-01")
    line(f"BLOCK-{cells}P", "CELL-B", cells, vfrom="2027-04-01")
    line(f"BLOCK-{cells}P", "NICKEL", 0.2, scrap=0.1)

# a limited edition: the last 30 e-MTBs of last year's colour at Leipzig,
# sold through both DCs and never made again (a purchase would take longer
# than the horizon): where the two DCs' orders of one week want more than
# 30, scenario key fair_share decides who gets what (data/demo/README.md)
item("EB-MTB-LTD", "e-MTB 29in, last season's colour", "pcs")
sku("EB-MTB-LTD", "ASSY", "buy", lead=200, on_hand=30, cost=2600)
sku("EB-MTB-LTD", "DC-N", "transfer")
sku("EB-MTB-LTD", "DC-S", "transfer")

# the new assembly line's parts (format 1.1 projects: LINE3 below), bought
# at Leipzig for the project alone
item("CONVEYOR", "Assembly conveyor, 24 m", "pcs")
sku("CONVEYOR", "ASSY", "buy", lead=40, cost=86000, specific=1)
item("TORQUE-TOOL", "Torque-controlled driver station", "pcs")
sku("TORQUE-TOOL", "ASSY", "buy", lead=15, cost=3200, specific=1)

# format 1.1 units: pieces, pairs and sets whole; kilograms to the gram,
# metres to the centimetre
DECIMALS = {"kg": 3, "m": 2}
# format 1.1 money: the bikes' list prices (what they sell for; parts are
# not sold)
PRICES = {code: b[8] for code, b in BIKES.items()}
PRICES["EB-MTB-LTD"] = 3400
write("items.csv", ["item", "name", "unit", "family", "decimals", "price"],
      [[k, v[0], v[1], v[2], DECIMALS.get(v[1], 0), PRICES.get(k)] for k, v in items.items()])
write("skus.csv", ["item", "site", "type", "lead_time", "on_hand", "safety_stock", "lot_rule",
                   "lot_qty", "lot_periods", "lot_min", "lot_max", "lot_multiple", "yield",
                   "phantom", "setup_cost", "holding_cost", "unit_cost", "consume_back",
                   "consume_forward", "frozen_days", "batch_size", "project_specific"],
      [[round(v, 4) if isinstance(v, float) else v for v in r] for r in skus])
write("bom.csv", ["parent", "site", "component", "qty_per", "scrap", "valid_from", "valid_until"],
      bom)

# --- resources, routings, maintenance -------------------------------------
# cost_per_hour (format 1.1): labour and machine, EUR an hour
write("resources.csv", ["resource", "site", "hours_per_day", "calendar", "cost_per_hour",
                        "units"], [r + [None] * (6 - len(r)) for r in [
    ["CUT-1", "FRAME", 16, None, 62],
    ["WELD-1", "FRAME", 16, None, 78],
    ["WELD-2", "FRAME", 16, None, 84],
    ["PAINT-1", "FRAME", 16, None, 70],
    ["WIND-1", "DRIVE", 16, None, 66],
    ["CELL-WELD", "DRIVE", 20, None, 90],
    ["PACK-TEST", "DRIVE", 16, None, 72],
    ["LACE-1", "ASSY", 16, None, 48],
    ["LINE-1", "ASSY", 16, None, 55],
    ["LINE-2", "ASSY", 8, "LINE2", 61],
    # the maintenance crew (format 1.1 units: three technicians, 8 h each)
    ["MAINT-CREW", "ASSY", 8, None, 58, 3],
    # the powder coat line (format 1.1 rate: kg an hour)
    ["MIX-1", "FRAME", 8, None, 65],
]])
rt = []
for code, (name, fam, frame, wheel, motor, batt, kit, line_res, price) in BIKES.items():
    rt.append([code, "ASSY", "10", line_res, 1.0, 0.55 if line_res == "LINE-1" else 0.8])
    rt.append([frame, "FRAME", "10", "CUT-1", 0.5, 0.05])
    rt.append([frame, "FRAME", "20", "WELD-2" if fam == "HEAVY" else "WELD-1", 1.0, 0.35])
    rt.append([frame, "FRAME", "30", "PAINT-1", 2.0, 0.08])
rt.append(["FORK-RIGID", "FRAME", "10", "CUT-1", 0.5, 0.02])
rt.append(["FORK-RIGID", "FRAME", "20", "WELD-1", 0.5, 0.1])
for size in ("28", "20", "29"):
    rt.append([f"LACED-{size}", "ASSY", "10", "LACE-1", 0.5, 0.12])
    rt.append([f"WHEEL-{size}", "ASSY", "10", "LACE-1", 0.2, 0.04])
rt.append(["COCKPIT", "ASSY", "10", "LINE-1", 0, 0.05])
for stator in ("STATOR-HUB", "STATOR-MID"):
    rt.append([stator, "DRIVE", "10", "WIND-1", 1.0, 0.12])
for wh, cells in (("500", 4), ("750", 6)):
    rt.append([f"BLOCK-{cells}P", "DRIVE", "10", "CELL-WELD", 0.5, 0.01])
    rt.append([f"MODULE-{wh}", "DRIVE", "10", "CELL-WELD", 0.5, 0.05])
    rt.append([f"BATT-{wh}", "DRIVE", "10", "PACK-TEST", 0.5, 0.1])
# format 1.1: each bike may also be assembled on the other line (alternate
# routings, slower there), when its own line cannot make it in time
for r in rt:
    r += [None]
for code, (name, fam, frame, wheel, motor, batt, kit, line_res, price) in BIKES.items():
    if line_res == "LINE-1":
        rt.append([code, "ASSY", "10", "LINE-2", 1.0, 0.9, "ON-LINE-2"])
    else:
        rt.append([code, "ASSY", "10", "LINE-1", 1.5, 1.1, "ON-LINE-1"])
for r in rt:
    r += [None]
# the powder coat line runs at 125 kg an hour after 1.5 h of cleaning
rt.append(["PAINT", "FRAME", "10", "MIX-1", 1.5, None, None, 125])
write("routings.csv", ["item", "site", "step", "resource", "setup_hours", "run_hours", "alternate",
                       "rate"], rt)
write("outputs.csv", ["item", "site", "output", "qty_per", "kind", "cost_share"], OUTPUTS)

write("maintenance.csv", ["id", "resource", "start", "end", "kind", "capacity_factor",
                          "alt_resource", "alt_factor"], [
    ["MB-WELD2-Q1", "WELD-2", "2027-03-08", "2027-03-12", "planned", 0, "WELD-1", 1.2],
    ["MB-LINE1-EMG", "LINE-1", "2027-04-19", "2027-04-21", "emergency", 0.5, "LINE-2", 1.0],
])

# --- sourcing lanes ---------------------------------------------------------
lanes = []
lanes.append(["PRIMER", "ASSY", "FRAME", 1, None, 2, None, 0.5])
for code, (name, fam, frame, wheel, motor, batt, *_r) in BIKES.items():
    lanes.append([frame, "ASSY", "FRAME", 1, None, 2, None, 3.5])
for code in BIKES:
    if code == "EB-CARGO":
        # cargo bikes to the north: a truck slot of 25 a week, then via Munich
        lanes.append([code, "DC-N", "ASSY", 1, None, 2, 25, 12])
        lanes.append([code, "DC-N", "DC-S", 2, None, 3, None, 18])
        lanes.append([code, "DC-S", "ASSY", 1, None, 2, None, 11])
    elif code in ("EB-CITY", "EB-TREK"):
        # the south is served 70/30 from the plant and from the north's stock
        lanes.append([code, "DC-N", "ASSY", 1, None, 2, None, 9])
        lanes.append([code, "DC-S", "ASSY", 1, 0.7, 2, None, 10])
        lanes.append([code, "DC-S", "DC-N", 1, 0.3, 3, None, 7])
    elif code == "EB-MTB":
        # e-MTBs reach Munich two ways of equal priority: on the backhaul
        # from Hamburg's stock (4 a bike, listed first out of habit; landed
        # 9 + 4 = 13 over the plant's cost) or straight from Leipzig (10):
        # sourcing=cost takes the direct lane (data/demo/README.md)
        lanes.append([code, "DC-N", "ASSY", 1, None, 2, None, 9])
        lanes.append([code, "DC-S", "DC-N", 1, None, 3, None, 4])
        lanes.append([code, "DC-S", "ASSY", 1, None, 2, None, 10])
    else:
        lanes.append([code, "DC-N", "ASSY", 1, None, 2, None, 9])
        lanes.append([code, "DC-S", "ASSY", 1, None, 2, None, 10])
lanes.append(["FORK-RIGID", "ASSY", "FRAME", 1, None, 2, None, 1.0])
for motor in ("MOTOR-250", "MOTOR-MID"):
    lanes.append([motor, "ASSY", "DRIVE", 1, None, 1, None, 2.0])
for batt in ("BATT-500", "BATT-750"):
    # dangerous goods: at most 150 batteries of each kind a week by road
    lanes.append([batt, "ASSY", "DRIVE", 1, None, 1, 150, 4.0])
lanes.append(["EB-MTB-LTD", "DC-N", "ASSY", 1, None, 2, None, 9])
lanes.append(["EB-MTB-LTD", "DC-S", "ASSY", 1, None, 2, None, 10])
write("sourcing.csv", ["item", "site", "source", "priority", "share", "transfer_days",
                       "max_per_bucket", "cost"], lanes)

# --- demand: 26 weeks of orders and forecasts at the DCs, fleet orders ------
weekly = {"EB-CITY": 22, "EB-TREK": 16, "EB-FOLD": 8, "EB-CARGO": 9, "EB-MTB": 11}
season = [0.7, 0.7, 0.8, 0.8, 0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5,
          1.5, 1.5, 1.4, 1.4, 1.3, 1.3, 1.2, 1.2, 1.1, 1.1, 1.0, 1.0, 1.0]
dem = []
n = 0
for w in range(26):
    for dc, share in (("DC-N", 0.55), ("DC-S", 0.45)):
        for code, base in weekly.items():
            if rng.random() < 0.35:
                continue
            qty = max(1, round(base * share * season[w] * rng.uniform(0.7, 1.3)))
            due = START + dt.timedelta(days=7 * w + rng.choice([0, 1, 2, 3, 4]))
            n += 1
            kind = "order" if w < 8 else "forecast"
            prio = rng.choice([1, 2, 3, 5]) if kind == "order" else None
            dem.append([f"D{n:04d}", code, dc, iso(due), qty, prio, kind])
# format 1.1: the sales forecast of the first eight weeks too, due on each
# week's Monday; the customer orders of the week consume it (backward up to 6
# days, skus.csv consume_back), so that the two do not add up
frng = random.Random(20270105)
for w in range(8):
    for dc, share in (("DC-N", 0.55), ("DC-S", 0.45)):
        for code, base in weekly.items():
            qty = max(1, round(base * share * season[w] * frng.uniform(0.8, 1.0)))
            dem.append([f"F{w + 1:02d}-{dc}-{code}", code, dc,
                        iso(START + dt.timedelta(days=7 * w)), qty, None, "forecast"])
for i, (code, w, qty) in enumerate((("EB-CARGO", 6, 30), ("EB-CITY", 10, 60),
                                    ("EB-TREK", 14, 40), ("EB-CARGO", 20, 25))):
    dem.append([f"FLEET-{i + 1}", code, "ASSY", iso(START + dt.timedelta(days=7 * w + 2)), qty,
                1, "order"])
# the limited edition: a dealer campaign in the week of 2027-03-01 wants 40
# of the 30, and Hamburg's dealers 12 more in June
dem.append(["LTD-N1", "EB-MTB-LTD", "DC-N", "2027-03-03", 24, 1, "order"])
dem.append(["LTD-S1", "EB-MTB-LTD", "DC-S", "2027-03-03", 16, 1, "order"])
dem.append(["LTD-N2", "EB-MTB-LTD", "DC-N", "2027-06-02", 12, 1, "order"])
# primer for repair shops and dealers, and the recycler's pick-ups of fines
for i, (item_, due, qty) in enumerate((("PRIMER", "2027-02-10", 40), ("PRIMER", "2027-03-17", 60),
                                       ("PRIMER", "2027-05-12", 50), ("FINES", "2027-06-16", 20))):
    dem.append([f"COAT-{i + 1}", item_, "FRAME", due, qty, 3, "order"])
write("demand.csv", ["id", "item", "site", "due", "qty", "priority", "kind"], dem)

# scheduled receipts; two work orders in progress (released: what their
# operations still need loads the plants first) and two firm planned orders
# (format 1.1: they draw their components or source when released)
write("receipts.csv", ["id", "item", "site", "due", "qty", "kind", "source", "status"], [
    ["PO-4711", "CELL-A", "DRIVE", "2027-01-18", 8000, "purchase", None, None],
    ["PO-4712", "TUBE-ALU", "FRAME", "2027-01-11", 800, "purchase", None, None],
    ["PO-4713", "DISPLAY", "ASSY", "2027-01-25", 120, "purchase", None, None],
    ["PO-4690", "SADDLE", "ASSY", "2026-12-28", 100, "purchase", None, None],
    ["PO-4720", "FORK-SUSP", "ASSY", "2027-03-01", 40, "purchase", None, None],
    ["WO-881", "FRAME-CITY", "FRAME", "2027-01-07", 60, "production", None, "released"],
    ["WO-882", "BATT-500", "DRIVE", "2027-01-08", 80, "production", None, "released"],
    ["TO-301", "EB-CITY", "DC-N", "2027-01-06", 20, "transfer", "ASSY", None],
    ["TO-302", "MOTOR-MID", "ASSY", "2027-01-12", 40, "transfer", "DRIVE", None],
    ["FPO-901", "EB-CITY", "ASSY", "2027-01-20", 25, "production", None, "firm"],
    ["FTO-902", "EB-CITY", "DC-S", "2027-01-22", 15, "transfer", "ASSY", "firm"],
])
# two bought parts from several vendors (format 1.1 suppliers.csv): saddles
# from an Italian maker (150 a week at most) and, second, a German one
# (quicker, but at least 100 an order, by 50); displays split 70/30 between
# two makers with their own lead times and lots
write("suppliers.csv", ["item", "site", "supplier", "priority", "share", "lead_time", "lot_min",
                        "lot_multiple", "max_per_bucket", "unit_cost", "calendar"], [
    ["SADDLE", "ASSY", "SELLE-IT", 1, None, 10, None, None, 150, 14.5, None],
    ["SADDLE", "ASSY", "ERGON-DE", 2, None, 6, 100, 50, None, 16.0, "STD5"],
    ["DISPLAY", "ASSY", "BAFANG", 1, 0.7, 20, None, 10, None, 34.0, None],
    ["DISPLAY", "ASSY", "SHIMANO", 1, 0.3, 15, None, 10, None, 37.5, None],
])
write("operations.csv", ["receipt", "step", "resource", "remaining_hours"], [
    ["WO-881", "20", "WELD-1", 12],
    ["WO-881", "30", "PAINT-1", 6.8],
    ["WO-882", "10", "PACK-TEST", 6],
])

# --- a project (format 1.1): commissioning assembly line 3 at Leipzig -------
# The maintenance crew plans and builds it; the conveyor (40 working days
# from order) and the driver stations come in for the installation; the
# trial run takes LINE-1's hours and 12 city frames and hub motors from the
# plants' supply, the same stock and capacity the bikes need.
write("projects.csv", ["project", "site", "due", "priority"], [
    ["LINE3", "ASSY", "2027-04-30", 3],
])
write("activities.csv", ["project", "activity", "duration", "predecessors"], [
    ["LINE3", "LAYOUT", 8, None],
    ["LINE3", "FOUNDATION", 6, "LAYOUT"],
    ["LINE3", "ELECTRICAL", 7, "LAYOUT"],
    ["LINE3", "INSTALL", 8, "FOUNDATION"],
    ["LINE3", "SAFETY", 2, "INSTALL ELECTRICAL"],
    ["LINE3", "TRIAL", 3, "SAFETY"],
    ["LINE3", "HANDOVER", 0, "TRIAL"],
])
write("activity_resources.csv", ["project", "activity", "resource", "hours_per_day"], [
    ["LINE3", "LAYOUT", "MAINT-CREW", 8],
    ["LINE3", "FOUNDATION", "MAINT-CREW", 16],
    ["LINE3", "ELECTRICAL", "MAINT-CREW", 8],
    ["LINE3", "INSTALL", "MAINT-CREW", 24],
    ["LINE3", "SAFETY", "MAINT-CREW", 8],
    ["LINE3", "TRIAL", "MAINT-CREW", 8],
    ["LINE3", "TRIAL", "LINE-1", 4],
])
write("activity_materials.csv", ["project", "activity", "item", "site", "qty"], [
    ["LINE3", "INSTALL", "CONVEYOR", "ASSY", 1],
    ["LINE3", "INSTALL", "TORQUE-TOOL", "ASSY", 6],
    ["LINE3", "TRIAL", "FRAME-CITY", "ASSY", 12],
    ["LINE3", "TRIAL", "MOTOR-250", "ASSY", 12],
    ["LINE3", "FOUNDATION", "PRIMER", "ASSY", 30],
])

# --- aggregate planning: the assembly workforce and its two families --------
write("workforce.csv", ["site", "workers", "hours_per_day", "wage", "overtime_wage",
                        "max_overtime", "hire_cost", "layoff_cost", "min_workers",
                        "max_workers"], [
    ["ASSY", 14, 7.5, 24, 36, 20, 1800, 2500, 8, 30],
])
write("families.csv", ["family", "site", "hours_per_unit", "material_cost", "holding_cost",
                       "backlog_cost", "subcontract_cost", "max_subcontract", "on_hand",
                       "backlog", "end_on_hand_min", "end_backlog_max"], [
    # material_cost empty (1.1): each family's standard material cost at
    # ASSY, the basis the detailed plan is valued on
    ["URBAN", "ASSY", 7, "", 8, 40, 1300, 60, 40, 0, 20, 0],
    ["HEAVY", "ASSY", 10, "", 15, 70, 2650, 30, 15, 0, 10, 0],
])
print(f"{len(items)} items, {len(skus)} SKUs, {len(bom)} BOM lines, {len(dem)} demands")
