#!/usr/bin/env python3
"""Copies the NEURON 8.2.2 reference outputs of ../shared/oracle (made by the
user's oracle scripts with Debian's NEURON) into the simple CSV forms the
tests read: traces as they are, spike lists as gid,time, JSON snapshots as
one-row-per-time CSV, geometry as section,x,area,ri.  Run from this folder
when the oracle changes:  python3 import_oracle.py ../../../shared/oracle
The tests themselves never need Python."""
import csv, json, os, shutil, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../../../shared/oracle"


def out(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def spikes(path, lists):
    rows = sorted((t, gid) for gid, ts in enumerate(lists) for t in ts)
    with open(out(path), "w") as f:
        f.write("gid,time\n")
        for t, gid in rows:
            f.write("%d,%r\n" % (gid, t))


def num(x):
    """shortest round-trip text, "1" rather than "1.0" (as nrncc prints)"""
    return "%d" % x if x == int(x) else repr(x)


def geometry(path, rows):
    with open(out(path), "w") as f:
        f.write("section,x,area,ri\n")
        for name, x, a, r in rows:
            f.write("%s,%s,%r,%r\n" % (name, num(x), a, r))


for case, files in (("spike_demo", ["trace.csv"]), ("spike_detect", ["trace.csv"]),
                    ("pas_cable", ["trace_secondorder0.csv", "trace_secondorder2.csv"]),
                    ("hh_axon", ["trace.csv"]), ("netstim_expsyn", ["trace.csv"]),
                    ("two_cells", ["trace.csv"]), ("seclamp_play", ["trace.csv"]),
                    ("savestate", ["pass1.csv", "pass2.csv"])):
    for fn in files:
        shutil.copy(os.path.join(src, case, fn), out(os.path.join(case, fn)))
shutil.copy(os.path.join(src, "topology", "topology.txt"), out("topology/topology.txt"))
# CVode runs: trace and spike of each tolerance
for run in ("atol1e-5", "atol_default"):
    shutil.copy(os.path.join(src, "cvode_hh", run, "trace.csv"), out("cvode_hh/%s/trace.csv" % run))
    spikes("cvode_hh/%s/spikes.csv" % run,
           [json.load(open(os.path.join(src, "cvode_hh", run, "stats.json")))["spike_times"]])
# the space plot, named as nrncc names its file
shutil.copy(os.path.join(src, "rangevarplot", "rvp.csv"), out("rangevarplot/range_v.csv"))

spikes("spike_detect/spikes.csv", [json.load(open(os.path.join(src, "spike_detect/spikes.json")))["spike_times"]])
sp = json.load(open(os.path.join(src, "hh_axon/spikes.json")))["spike_times"]
spikes("hh_axon/spikes.csv", [sp["0.1"], sp["0.5"], sp["0.9"]])

ne = json.load(open(os.path.join(src, "netstim_expsyn/spikes.json")))
spikes("netstim_expsyn/spikes.csv", [ne["netstim_events"], ne["soma_spikes"]])
tc = json.load(open(os.path.join(src, "two_cells/spikes.json")))
spikes("two_cells/spikes.csv", [tc["neuron1"], tc["neuron2"]])

ions = json.load(open(os.path.join(src, "ions/ions.json")))
names = ["v", "nai", "nao", "ina", "ena", "dina_dv_", "ki", "ko", "ik", "ek", "dik_dv_",
         "il_hh", "gna_hh", "gk_hh", "m_hh", "h_hh", "n_hh"]
with open(out("ions/ions.csv"), "w") as f:
    f.write(",".join(["t"] + names) + "\n")
    for k in ("after_finitialize", "after_5ms"):
        f.write(",".join(repr(ions[k][n]) for n in ["t"] + names) + "\n")

g = json.load(open(os.path.join(src, "geometry/geometry.json")))
xs = [(j + 0.5) / 3 for j in range(3)]
geometry("geometry/A_uniform.csv", [("dend", x, a, r) for x, a, r in zip(xs, g["A_areas_uniform"], g["A_ri_uniform"])])
geometry("geometry/A_diam4.csv", [("dend", x, a, r) for x, a, r in
                                   zip(xs, g["A_areas_after_mid_diam4"], g["A_ri_after_mid_diam4"])])
B = g["B_frustum"]
geometry("geometry/B_frustum.csv", [("dend", 0.5, B["area"], B["ri"])])
rows = []
for s in g["C_cell"]["sections"]:
    for n in s["nodes"]:
        rows.append((s["name"], n["x"], n["area"], n["ri"]))
geometry("geometry/C_cell.csv", rows)


def final_v(case):
    """section,x,v at one time -> one trace row: t (the trace's last), then
    a column "sec(x).v" per segment, as nrncc's `record forall v` names them"""
    with open(os.path.join(src, case, "trace.csv")) as f:
        t = list(csv.reader(f))[-1][0]
    with open(os.path.join(src, case, "final_v.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(out(os.path.join(case, "final_v.csv")), "w") as f:
        f.write(",".join(["t"] + ["%s(%s).v" % (r["section"], num(float(r["x"]))) for r in rows]) + "\n")
        f.write(",".join([t] + [r["v"] for r in rows]) + "\n")


# reconstructed cells: trace, v everywhere at the end, area and ri per segment
for case in ("pyramid_seed", "swc_cell"):
    shutil.copy(os.path.join(src, case, "trace.csv"), out(os.path.join(case, "trace.csv")))
    final_v(case)
    with open(os.path.join(src, case, "geometry.csv")) as f:
        geometry(os.path.join(case, "geometry.csv"),
                 [(r["section"], float(r["x"]), float(r["area"]), float(r["ri"])) for r in csv.DictReader(f)])
# NEURON's sections of the SWC cell: name, parent, parent_x, n3d, L, nseg (creation order)
with open(os.path.join(src, "swc_cell", "sections.csv")) as f:
    rows = list(csv.DictReader(f))
with open(out("swc_cell/sections.csv"), "w") as f:
    f.write("section,parent,parent_x,n3d,L,nseg\n")
    for r in rows:
        f.write("%s,%s,%s,%s,%s,%s\n" % (r["section"], r["parent"], num(float(r["parent_x"])), r["n3d"],
                                         num(float(r["L"])), r["nseg"]))
print("imported from", src)
