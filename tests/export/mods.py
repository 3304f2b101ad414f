# Mechanisms of .mod files (tests/export/export_tests.sh): some of Debian's
# demo mechanisms (/usr/share/nrn/demo/release), compiled for NEURON into the
# library $EXPORT_MODLIB.  A calcium pool that writes cai (its start from the
# changed global cao0_ca_ion and cai0_ca_ion), a changed GLOBAL PARAMETER
# (pump0_cadifpmp), a RANGE parameter varying along a section, an
# artificial cell of a .mod file driven by a NetStim.  Writes NEURON's
# trace to $EXPORT_TRACE.
import os
from neuron import h
h.nrn_load_dll(os.environ["EXPORT_MODLIB"])
h.load_file("stdrun.hoc")
a = h.Section(name="a")
a.L = a.diam = 20
for m in ("hh", "cachan", "cadifpmp", "capump"):
    a.insert(m)
b = h.Section(name="b")
b.L, b.diam, b.nseg = 60, 5, 3
for m in ("pas", "HHk", "HHna", "cachan1"):
    b.insert(m)
b.connect(a(1))
for seg, g in zip(b, (0.1, 0.12, 0.14)):
    seg.gnabar_HHna = g
h.pump0_cadifpmp = 1e-14
h.cao0_ca_ion = 2.5
h.cai0_ca_ion = 1e-4
st = h.IClamp(a(0.5))
st.delay, st.dur, st.amp = 1, 0.5, 0.5
f = h.IntervalFire()
f.tau, f.invl = 5, 3
ns = h.NetStim()
ns.number, ns.start, ns.interval = 3, 2, 4
nc = h.NetCon(ns, f)
nc.delay, nc.weight[0] = 0.5, 0.4
cols = {"a(0.5).v": a(0.5)._ref_v, "a(0.5).cai": a(0.5)._ref_cai, "a(0.5).cao": a(0.5)._ref_cao,
        "b(0.5).v": b(0.5)._ref_v, "b(0.5).S_cachan1": b(0.5)._ref_S_cachan1, "f.m": f._ref_m}
t = h.Vector().record(h._ref_t)
vecs = {k: h.Vector().record(r) for k, r in cols.items()}
h.finitialize(-65)
h.continuerun(20)
out = os.environ.get("EXPORT_TRACE")
if out:
    with open(out, "w") as fh:
        fh.write(",".join(["t"] + list(cols)) + "\n")
        for i in range(len(t)):
            fh.write(",".join(repr(x) for x in [t[i]] + [vecs[k][i] for k in cols]) + "\n")
