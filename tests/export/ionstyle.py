# What NEURON holds after a model's own changes that the mechanisms do not
# say (tests/export/export_tests.sh): ion_style, sodium's reversal
# potential computed from its concentrations in the soma (nrnocCONST
# concentrations, einit and eadvance) against hh's default (ena a
# parameter) in the axon; a 3-D dendrite whose L and diam the script sets
# after its points (NEURON scales the points' arcs: arc3d); the
# concentration the run started from.  Writes
# NEURON's trace to $EXPORT_TRACE (t and the recorded columns).
import os
from neuron import h
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L, soma.diam = 20, 20
soma.insert("hh")
soma.nai = 12.5
h.ion_style("na_ion", 1, 2, 1, 1, 0, sec=soma)
axon = h.Section(name="axon")
axon.connect(soma(0))
axon.L, axon.diam, axon.nseg = 200, 1, 9
axon.insert("hh")
dend = h.Section(name="dend")
dend.connect(soma(1))
dend.nseg = 7
for i, (x, y, d) in enumerate([(0, 0, 3), (7.3, 1.1, 2.5), (19.9, 4.7, 2.2), (41.3, 2.9, 1.7), (80.1, -3.3, 1.1)]):
    h.pt3dadd(x, y, 0.1 * i, d, sec=dend)
dend.L = dend.L * 1.37
for seg in dend:
    seg.diam = seg.diam * 1.21
dend.insert("pas")
dend.g_pas, dend.e_pas = 2e-4, -65
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 0.5, 0.6
cols = {"soma(0.5).v": soma(0.5)._ref_v, "soma(0.5).ena": soma(0.5)._ref_ena,
        "axon(0.9).v": axon(0.9)._ref_v, "dend(0.9).v": dend(0.9)._ref_v}
t = h.Vector().record(h._ref_t)
vecs = {k: h.Vector().record(r) for k, r in cols.items()}
h.finitialize(-65)
h.continuerun(8)
# finitialize does not set the soma's nai (no cinit): the run started from
# 12.5 mM, which is what the model file must say, whatever the script
# leaves after the run (with a calcium pool's cai, the run changes it)
soma.nai = 20
out = os.environ.get("EXPORT_TRACE")
if out:
    with open(out, "w") as f:
        f.write(",".join(["t"] + list(cols)) + "\n")
        for i in range(len(t)):
            f.write(",".join(repr(x) for x in [t[i]] + [vecs[k][i] for k in cols]) + "\n")
