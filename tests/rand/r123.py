"""NEURON 8.2.2 model of tests/rand/r123.nrn, for tests/rand/rand_tests.sh
(tests/rand/r123.mod compiled for NEURON, its library's path the second
argument).  Writes OUT/traces.csv.  Usage: python3 r123.py OUT LIB"""
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
soma.insert("pas")
a = h.R123(soma(0.5))
a.id1, a.id2, a.id3 = 1, 2, 3
b = h.R123(soma(0.5))
b.id1, b.id2, b.id3 = 6, 4294967295, 0
cols = [("t", h._ref_t)]
for name, pp in (("a", a), ("b", b)):
    for v in ("u", "e", "n", "k"):
        cols.append(("%s.%s" % (name, v), getattr(pp, "_ref_" + v)))
vecs = [(n, h.Vector().record(x)) for n, x in cols]
h.finitialize(-65)
h.continuerun(5)
with open(os.path.join(OUT, "traces.csv"), "w") as f:
    f.write(",".join(n for n, _ in vecs) + "\n")
    for row in zip(*[list(v) for _, v in vecs]):
        f.write(",".join(repr(x) for x in row) + "\n")
