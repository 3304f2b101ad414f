# A model of our own with what the exporter writes besides the oracle's
# cases (tests/export/export_tests.sh): values that vary along a section
# (diam, cm, gnabar_hh, g_pas), Ra, non-default ion and global values,
# celsius, Crank-Nicolson, v_init from finitialize, a 3-D dendrite on a
# cylinder soma, an axon at soma(0), Exp2Syn and ExpSyn driven by a NetStim
# and by a threshold-0 detector, two weights' NetCons, an IntFire1 cell,
# two sections of one name (spine, spine_2 in the model).
# Writes NEURON's trace to $EXPORT_TRACE (t and the recorded columns).
import os
from neuron import h
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L, soma.diam, soma.nseg = 20, 18, 3
soma.insert("hh")
soma.insert("pas")
for seg, g in zip(soma, (1e-4, 2e-4, 3e-4)):
    seg.g_pas = g
    seg.pas.e = -70
soma(0.5).hh.gnabar = 0.15
soma.ena = 55
soma.Ra = 123.4
dend = h.Section(name="dend")
dend.connect(soma(1))
dend.nseg = 5
h.pt3dadd(0, 0, 0, 3, sec=dend)
h.pt3dadd(40, 5, 0, 2.5, sec=dend)
h.pt3dadd(120, 10, 3, 1.25, sec=dend)
dend.insert("pas")
dend.cm = 1.7
dend(0.9).cm = 2.1
axon = h.Section(name="axon")
axon.connect(soma(0))
axon.L, axon.nseg = 300, 7
axon.insert("hh")
for seg in axon:
    seg.diam = 1.5 - seg.x
spines = []
for x in (0.3, 0.6):
    sp = h.Section(name="spine")
    sp.L, sp.diam = 1.5, 0.4
    sp.connect(dend(x))
    sp.insert("pas")
    spines.append(sp)
h.usetable_hh = 0
h.celsius = 16.3
h.secondorder = 2
ic = h.IClamp(soma(0.5))
ic.delay, ic.dur, ic.amp = 1, 0.5, 0.8
ns = h.NetStim()
ns.number, ns.start, ns.interval = 3, 4, 6
e2 = h.Exp2Syn(dend(0.7))
e2.tau1, e2.tau2, e2.e = 0.3, 3, 0
nc1 = h.NetCon(ns, e2)
nc1.delay, nc1.weight[0] = 0.5, 0.004
es = h.ExpSyn(axon(0.9))
es.tau = 2
nc2 = h.NetCon(soma(0.5)._ref_v, es, sec=soma)
nc2.threshold, nc2.delay, nc2.weight[0] = 0, 2, 0.001
fire = h.IntFire1()
fire.tau = 4
nc3 = h.NetCon(axon(1)._ref_v, fire, sec=axon)
nc3.threshold, nc3.delay, nc3.weight[0] = -20, 1, 1.5
det = h.NetCon(fire, None)
cols = {"soma(0.5).v": soma(0.5)._ref_v, "dend(0.9).v": dend(0.9)._ref_v, "axon(1).v": axon(1)._ref_v, "spine_2(1).v": spines[1](1)._ref_v,
        "e2.g": e2._ref_g, "es.i": es._ref_i, "fire.m": fire._ref_m}
t = h.Vector().record(h._ref_t)
vecs = {k: h.Vector().record(r) for k, r in cols.items()}
h.finitialize(-68)
h.continuerun(20)
out = os.environ.get("EXPORT_TRACE")
if out:
    with open(out, "w") as f:
        f.write(",".join(["t"] + list(cols)) + "\n")
        for i in range(len(t)):
            f.write(",".join(repr(x) for x in [t[i]] + [vecs[k][i] for k in cols]) + "\n")
