"""NEURON 8.2.2 model of tests/rand/rand_obj.nrn, for tests/rand/rand_tests.sh
(tests/rand/rsyn.mod and rnoise.mod compiled for NEURON, its library's path
the second argument).  The Randoms are bound as hoc binds them: setRand(r),
noiseFromRandom(r).  Writes OUT/traces.csv and OUT/spikes.csv.
Usage: python3 rand_obj.py OUT LIB"""
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
ru = h.Random()
ru.Random123(1, 2, 3)
ru.uniform(0, 1)
rn = h.Random()
rn.MCellRan4(12345, 7)
rn.normal(0, 4)
rx = h.Random()
rx.Random123(5, 0, 4294967295)
rx.seq(10)
rx.negexp(2)
syn = h.RandSyn(soma(0.5))
syn.tau, syn.p = 2, 0.6
noise = h.RandNoise(soma(0.5))
noise.amp = 0.02
noise2 = h.RandNoise(soma(0.5))
noise2.amp = 0.01
syn.setRand(ru)
noise.noiseFromRandom(rn)
noise2.noiseFromRandom(rx)
lone = h.RandSyn(soma(0.5))
lone.tau, lone.p = 1, 0.5
ns = h.NetStim()
ns.interval, ns.number, ns.start, ns.noise = 3, 40, 1, 0
ncs = [h.NetCon(ns, syn, 0, 0.5, 0.01), h.NetCon(ns, lone, 0, 0.25, 0.004)]
rs, s = [], []
for i in range(3):
    r = h.Random()
    r.MCellRan4(100 + i)
    r.uniform(0, 1)
    rs.append(r)
    p = h.RandSyn(soma(0.5))
    p.tau, p.p = 3, 0.3 + 0.2 * i
    p.setRand(r)
    s.append(p)
    ncs.append(h.NetCon(ns, p, 0, 1, 0.005))
spk_t, spk_id = h.Vector(), h.Vector()
nsd = h.NetCon(ns, None)
nsd.record(spk_t, spk_id, 0)
det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
det.threshold = 10
det.record(spk_t, spk_id, 1)
cols = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g), ("syn.last", syn._ref_last),
        ("syn.nrel", syn._ref_nrel), ("noise.x", noise._ref_x), ("noise2.x", noise2._ref_x),
        ("s[0].last", s[0]._ref_last), ("s[1].nrel", s[1]._ref_nrel), ("s[2].last", s[2]._ref_last), ("lone.last", lone._ref_last)]
vecs = [(n, h.Vector().record(x)) for n, x in cols]
h.finitialize(-65)
h.continuerun(120)
write_run(OUT, vecs, spk_t, spk_id)
