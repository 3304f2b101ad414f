"""tests/embed/midrun.nrn in NEURON 8.2.2, its params changed between two
continueruns as tests/embed/midrun_main.c changes them: writes DIR/trace.csv
(t, v, syn.g) and DIR/spikes.csv (gid,time: the NetStim's events, gid 0,
and the soma's spikes, gid 1, as nrncc numbers them; in order of time).
python3 midrun.py DIR"""
import sys
from neuron import h

h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 10
soma.insert("hh")
soma.gnabar_hh = 0.12
syn = h.ExpSyn(soma(0.5))
syn.tau, syn.e = 5, 0
ns = h.NetStim()
ns.number, ns.start, ns.interval, ns.noise = 12, 5, 7, 0
nc = h.NetCon(ns, syn)
nc.delay, nc.weight[0] = 1, 0.02
det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
det.threshold = 10
spikes = h.Vector()
det.record(spikes)
stims = h.Vector()
nc.record(stims)
t = h.Vector().record(h._ref_t)
v = h.Vector().record(soma(0.5)._ref_v)
g = h.Vector().record(syn._ref_g)
h.dt = 0.025
h.celsius = 6.3
h.finitialize(-65)
h.continuerun(30)
soma.gnabar_hh = 0.08
syn.tau = 2.5
nc.weight[0] = 0.035
nc.delay = 3
det.threshold = -20
h.continuerun(100)
with open(sys.argv[1] + "/trace.csv", "w") as f:
    f.write("t,soma(0.5).v,syn.g\n")
    for row in zip(t, v, g):
        f.write(",".join(repr(x) for x in row) + "\n")
with open(sys.argv[1] + "/spikes.csv", "w") as f:
    f.write("gid,time\n")
    for x, gid in sorted([(x, 0) for x in stims] + [(x, 1) for x in spikes]):
        f.write("%d,%r\n" % (gid, x))
