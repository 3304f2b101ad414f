"""NEURON 8.2.2 reference for the random network of
/work/shared/bench/model_d_randnet.py, rebuilt from its netlist
(/work/shared/bench/netlist_N1000_seed12345.txt) exactly as that script
builds it (its BallStick class, imported from there), run for 50 ms; every
spike at full precision to tests/ref/randnet_1000/spikes.csv (gid,time).
Run with Debian's NEURON: /usr/bin/python3 tests/ref/randnet_refs.py"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "../../../shared/bench")
sys.path.insert(0, BENCH)
from neuron import h  # noqa: E402
from ballstick import BallStick  # noqa: E402

TSTOP = 50.0
conns, drive, sec = [], [], None
with open(os.path.join(BENCH, "netlist_N1000_seed12345.txt")) as f:
    for line in f:
        w = line.split()
        if not w or w[0].startswith("#"):
            continue
        if w[0] in ("conn", "drive"):
            sec = w[0]
        elif sec == "conn":
            conns.append((int(w[0]), int(w[1]), float(w[2]), float(w[3])))
        else:
            drive.append((int(w[0]), float(w[1]), float(w[2]), float(w[3]), float(w[4]), float(w[5])))
n = len(drive)
h.load_file("stdrun.hoc")
h.celsius = 6.3
h.secondorder = 0
h.dt = 0.025
cells = [BallStick(i) for i in range(n)]
spk_t, spk_id, keep = h.Vector(), h.Vector(), []
for i, c in enumerate(cells):
    nc = h.NetCon(c.soma(0.5)._ref_v, None, sec=c.soma)
    nc.threshold = 10.0
    nc.record(spk_t, spk_id, i)
    keep.append(nc)
for src, tgt, w, d in conns:
    nc = h.NetCon(cells[src].soma(0.5)._ref_v, cells[tgt].syn, sec=cells[src].soma)
    nc.threshold = 10.0
    nc.weight[0] = w
    nc.delay = d
    keep.append(nc)
for gid, start, interval, number, w, d in drive:
    ns = h.NetStim()
    ns.noise, ns.number, ns.interval, ns.start = 0, number, interval, start
    nc = h.NetCon(ns, cells[gid].syn)
    nc.weight[0], nc.delay = w, d
    keep += [ns, nc]
h.finitialize(-65)
h.continuerun(TSTOP)
rows = sorted((t, int(g)) for t, g in zip(spk_t, spk_id))
out = os.path.join(HERE, "randnet_1000")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "spikes.csv"), "w") as f:
    f.write("gid,time\n")
    for t, g in rows:
        f.write("%d,%r\n" % (g, t))
