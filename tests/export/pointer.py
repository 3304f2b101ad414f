# POINTERs of point processes set with setpointer on a segment's v
# (tests/export/export_tests.sh): a gap junction of two GapJ halves
# (tests/mods/gapj.mod, compiled for NEURON into $EXPORT_MODLIB), one at a
# section's 1 end, the other pointing at it.  Writes NEURON's trace to
# $EXPORT_TRACE.
import os
from neuron import h
h.nrn_load_dll(os.environ["EXPORT_MODLIB"])
h.load_file("stdrun.hoc")
a = h.Section(name="a")
b = h.Section(name="b")
for s in (a, b):
    s.L = s.diam = 20
    s.insert("hh")
d = h.Section(name="d")
d.L, d.diam, d.nseg = 100, 2, 5
d.insert("pas")
d.connect(b(1))
ga = h.GapJ(a(0.5))
gb = h.GapJ(d(1))
ga.g = gb.g = 0.02
h.setpointer(d(1)._ref_v, "vgap", ga)
h.setpointer(a(0.5)._ref_v, "vgap", gb)
st = h.IClamp(a(0.5))
st.delay, st.dur, st.amp = 1, 0.5, 0.4
cols = {"a(0.5).v": a(0.5)._ref_v, "b(0.5).v": b(0.5)._ref_v, "d(1).v": d(1)._ref_v, "ga.i": ga._ref_i}
t = h.Vector().record(h._ref_t)
vecs = {k: h.Vector().record(r) for k, r in cols.items()}
h.finitialize(-65)
h.continuerun(10)
out = os.environ.get("EXPORT_TRACE")
if out:
    with open(out, "w") as f:
        f.write(",".join(["t"] + list(cols)) + "\n")
        for i in range(len(t)):
            f.write(",".join(repr(x) for x in [t[i]] + [vecs[k][i] for k in cols]) + "\n")
