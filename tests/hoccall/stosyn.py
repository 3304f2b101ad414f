"""NEURON 8.2.2 model of tests/hoccall/stosyn.nrn, for
tests/hoccall/hoccall_tests.sh (tests/hoccall/stosyn.mod compiled for
NEURON, its library's path the second argument): the same calls of the
synapses' PROCEDUREs and FUNCTIONs, made by hoc before finitialize.
Writes OUT/traces.csv and OUT/spikes.csv.
Usage: python3 stosyn.py OUT LIB"""
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
ru.Random123(4, 5, 6)
ru.uniform(0, 1)
a = h.StoSyn(soma(0.5))
a.tau, a.p = 2, 0.6
a.setRNG(1, 2, 3)
a.setscale(2, 1.5)
b = h.StoSyn(soma(0.5))
b.tau, b.p = 3, 0.4
b.setRNG(ru)
c = h.StoSyn(soma(0.5))
c.p = 0.5
c.setscale(1, 1)
c.half(3)
ns = h.NetStim()
ns.interval, ns.number, ns.start, ns.noise = 2, 40, 1, 0
ncs = [h.NetCon(ns, a, 0, 0.5, 0.002), h.NetCon(ns, b, 0, 0.25, 0.003), h.NetCon(ns, c, 0, 0.75, 0.001)]
s = []
for i in range(3):
    p = h.StoSyn(soma(0.5))
    p.tau, p.p = 1, 0.3 + 0.2 * i
    p.setRNG(10 + i, 0, 7)
    p.setscale(1, 1)
    s.append(p)
    ncs.append(h.NetCon(ns, p, 0, 1, 0.004))
spk_t, spk_id = h.Vector(), h.Vector()
nsd = h.NetCon(ns, None)
nsd.record(spk_t, spk_id, 0)
det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
det.threshold = 10
det.record(spk_t, spk_id, 1)
cols = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("a.g", a._ref_g), ("a.nrel", a._ref_nrel),
        ("a.last", a._ref_last), ("b.nrel", b._ref_nrel), ("b.last", b._ref_last), ("c.last", c._ref_last),
        ("c.hval", c._ref_hval), ("s[0].last", s[0]._ref_last), ("s[1].nrel", s[1]._ref_nrel),
        ("s[2].last", s[2]._ref_last), ("a.nargs", a._ref_nargs), ("b.nargs", b._ref_nargs), ("c.nargs", c._ref_nargs),
        ("a.scale", a._ref_scale), ("a.tau", a._ref_tau), ("a.usingR123", a._ref_usingR123),
        ("b.usingR123", b._ref_usingR123), ("a.cvon", a._ref_cvon)]
vecs = [(n, h.Vector().record(x)) for n, x in cols]
h.finitialize(-65)
h.continuerun(100)
write_run(OUT, vecs, spk_t, spk_id)
