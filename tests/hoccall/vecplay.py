"""NEURON 8.2.2 model of tests/hoccall/vecplay.nrn, for
tests/hoccall/hoccall_tests.sh (tests/hoccall/vecplay.mod compiled for
NEURON, its library's path the second argument).
Writes OUT/traces.csv and OUT/spikes.csv.
Usage: python3 vecplay.py OUT LIB"""
import os
import sys

from neuron import h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from nrnrun_out import write_run  # noqa: E402

OUT = sys.argv[1]
h.nrn_load_dll(sys.argv[2])
os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius, h.secondorder, h.dt = 6.3, 0, 0.025
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
syn = h.ExpSyn(soma(0.5))
syn.tau = 2
tv = h.Vector([1, 2.5, 4.125, 10, 10, 17.3])
p1 = h.VecPlay()
p1.play(tv)
p1.count(tv)
p2 = h.VecPlay()
w, q = [], []
for i in range(2):
    w.append(h.Vector([3 + i, 8 + 2 * i, 30]))
    q.append(h.VecPlay())
    q[i].play(w[i])
p2.play()
ncs = [h.NetCon(p1, syn, 0, 1, 0.004), h.NetCon(q[0], syn, 0, 0.5, 0.003), h.NetCon(q[1], syn, 0, 2, 0.002)]
spk_t, spk_id = h.Vector(), h.Vector()
recs = []
for gid, c in enumerate([p1, p2, q[0], q[1]]):
    nc = h.NetCon(c, None)
    nc.record(spk_t, spk_id, gid)
    recs.append(nc)
det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
det.threshold = 10
det.record(spk_t, spk_id, 4)
cols = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g), ("p1.index", p1._ref_index),
        ("p1.total", p1._ref_total), ("q[1].etime", q[1]._ref_etime), ("p2.index", p2._ref_index)]
vecs = [(n, h.Vector().record(x)) for n, x in cols]
h.finitialize(-65)
h.continuerun(40)
write_run(OUT, vecs, spk_t, spk_id)
