"""NEURON 8.2.2 model of tests/rand/draws.nrn, for tests/rand/rand_tests.sh:
the .mod files in tests/rand compiled for NEURON, their library's path the
second argument.  Writes OUT/traces.csv.  Usage: python3 draws.py OUT LIB
[SEEDV [SEED]] (SEEDV: rnd's GLOBAL seedv, 0 for none; SEED: the stream's
seed before finitialize, set as nrncc's seed=SEED does, by NetStim's
seed())"""
import os
import sys

from neuron import h

OUT = sys.argv[1]
h.nrn_load_dll(sys.argv[2])
os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius, h.secondorder, h.dt = 6.3, 0, 0.025
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.nseg = 3
soma.insert("hh")
soma.insert("rnd")
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 100, 2, 2
dend.insert("pas")
dend.insert("rnd")
for seg in dend:
    seg.rnd.amp = 5e-7
dend.connect(soma(1), 0)
if len(sys.argv) > 3:
    h.seedv_rnd = float(sys.argv[3])
if len(sys.argv) > 4:
    h.NetStim().seed(float(sys.argv[4]))
tk = h.rtick(dend(0.5))
cols = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("soma(0.1).z_rnd", soma(0.1)._ref_z_rnd),
        ("dend(0.75).z_rnd", dend(0.75)._ref_z_rnd), ("soma(0.5).u_rnd", soma(0.5)._ref_u_rnd),
        ("dend(0.25).e1_rnd", dend(0.25)._ref_e1_rnd), ("soma(0.9).n1_rnd", soma(0.9)._ref_n1_rnd),
        ("tk.u", tk._ref_u), ("tk.x", tk._ref_x), ("tk.w", tk._ref_w)]
vecs = [(n, h.Vector().record(x)) for n, x in cols]
h.finitialize(-65)
h.continuerun(20)
with open(os.path.join(OUT, "traces.csv"), "w") as f:
    f.write(",".join(n for n, _ in vecs) + "\n")
    for row in zip(*[list(v) for _, v in vecs]):
        f.write(",".join(repr(x) for x in row) + "\n")
