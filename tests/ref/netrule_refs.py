"""NEURON 8.2.2 reference for the random connection rules of
tests/netrule/netrule.nrn.  NEURON draws nothing: the connections are
read from tests/ref/netrule/netcons.csv, the list `nrncc --netcons
tests/netrule/netrule.nrn` printed (tests/run.sh checks that nrncc still
prints exactly that list), and made in its order.  The cells (one
compartment, hh, an ExpSyn, a detector at soma(0.5)) and the NetStim are
made as the model file makes them, gids in declaration order (exc 0-39,
inh 40-54, the NetStim 55); every spike at full precision goes to
tests/ref/netrule/spikes.csv (gid,time).
Run with Debian's NEURON: /usr/bin/python3 tests/ref/netrule_refs.py
With arguments NETCONS.csv OUTDIR NEXC NINH it runs another list of the
same kind of network (tests/net/net_tests.sh: tests/net/distrule.nrn, 36
and 9 cells) and writes OUTDIR/spikes.csv."""
import csv
import os
import re
import sys

from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 1:
    NETCONS, OUT = sys.argv[1], sys.argv[2]
    SIZES = (("exc", int(sys.argv[3])), ("inh", int(sys.argv[4])))
else:
    OUT = os.path.join(HERE, "netrule")
    NETCONS = os.path.join(OUT, "netcons.csv")
    SIZES = (("exc", 40), ("inh", 15))
os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius = 6.3
h.secondorder = 0
h.dt = 0.025


class Ball:
    def __init__(self, name):
        self.soma = h.Section(name=name + ".soma")
        self.soma.L = self.soma.diam = 10
        self.soma.insert("hh")
        self.syn = h.ExpSyn(self.soma(0.5))
        self.syn.tau, self.syn.e = 2, 0


cells = {}
gid_of = {}
for pop, n in SIZES:
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
nc.record(spk_t, spk_id, len(cells))
keep.append(nc)
with open(NETCONS) as f:
    for row in csv.DictReader(f):
        tcell, tsyn = row["target"].rsplit(".", 1)
        target = getattr(cells[tcell], tsyn)
        if row["source"] == "drive":
            nc = h.NetCon(drive, target)
        else:
            m = re.fullmatch(r"(.*)\.soma\(0\.5\)", row["source"])
            src = cells[m.group(1)]
            nc = h.NetCon(src.soma(0.5)._ref_v, target, sec=src.soma)
            nc.threshold = 10
        nc.delay = float(row["delay"])
        nc.weight[0] = float(row["weight"])
        keep.append(nc)
h.finitialize(-65)
h.continuerun(40)
rows = sorted((t, int(g)) for t, g in zip(spk_t, spk_id))
with open(os.path.join(OUT, "spikes.csv"), "w") as f:
    f.write("gid,time\n")
    for t, g in rows:
        f.write("%d,%r\n" % (g, t))
print(len(keep), "NetCons,", len(rows), "spikes")
