"""NEURON 8.2.2 run of tests/net/distrule.nrn: NEURON draws nothing; the
connections are read from the list `nrncc --netcons` printed (which
tests/net/net_tests.sh checks against nrn(5)'s specification,
tests/net/distrule_spec.py) and made in its order.  Cells as the model
file makes them, gids in declaration order (exc 0-35, inh 36-44, the
NetStim 45).  Writes OUT/spikes.csv (gid,time at full precision).
Usage: python3 distrule.py NETCONS.csv OUT"""
import csv
import os
import re
import sys

from neuron import h

NETCONS, OUT = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius, h.secondorder, h.dt = 6.3, 0, 0.025


class Ball:
    def __init__(self, name):
        self.soma = h.Section(name=name + ".soma")
        self.soma.L = self.soma.diam = 10
        self.soma.insert("hh")
        self.syn = h.ExpSyn(self.soma(0.5))
        self.syn.tau, self.syn.e = 2, 0


cells, gid_of = {}, {}
for pop, n in (("exc", 36), ("inh", 9)):
    for i in range(n):
        name = "%s[%d]" % (pop, i)
        gid_of[name] = len(cells)
        cells[name] = Ball(name)
drive = h.NetStim()
drive.number, drive.start, drive.interval, drive.noise = 3, 1, 12, 0
spk_t, spk_id, keep = h.Vector(), h.Vector(), []
for name, c in cells.items():
    nc = h.NetCon(c.soma(0.5)._ref_v, None, sec=c.soma)
    nc.threshold = 10
    nc.record(spk_t, spk_id, gid_of[name])
    keep.append(nc)
nc = h.NetCon(drive, None)
nc.record(spk_t, spk_id, 45)
keep.append(nc)
with open(NETCONS) as f:
    for row in csv.DictReader(f):
        tcell, tsyn = row["target"].rsplit(".", 1)
        target = getattr(cells[tcell], tsyn)
        if row["source"] == "drive":
            nc = h.NetCon(drive, target)
        else:
            src = cells[re.fullmatch(r"(.*)\.soma\(0\.5\)", row["source"]).group(1)]
            nc = h.NetCon(src.soma(0.5)._ref_v, target, sec=src.soma)
            nc.threshold = 10
        nc.delay = float(row["delay"])
        nc.weight[0] = float(row["weight"])
        keep.append(nc)
h.finitialize(-65)
h.continuerun(40)
with open(os.path.join(OUT, "spikes.csv"), "w") as f:
    f.write("gid,time\n")
    for t, g in sorted(zip(spk_t, spk_id)):
        f.write("%d,%r\n" % (g, t))
