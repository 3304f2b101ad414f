"""NEURON 8.2.2 model of tests/threads/equal_times.nrn, written out by
hand, for tests/threads/threads_tests.sh: six identical cells whose
spikes reach one ExpSyn and one IntFire1 at one time.  Writes
OUT/traces.csv and OUT/spikes.csv (gid,time at full precision).
Usage: python3 equal_times.py OUT"""
import os
import sys

from neuron import h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from nrnrun_out import write_run  # noqa: E402

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius, h.secondorder, h.dt = 6.3, 0, 0.025


def soma(name):
    s = h.Section(name=name)
    s.L = s.diam = 20
    s.insert("hh")
    return s


N = 6
src = [soma("src[%d].soma" % i) for i in range(N)]
tgt = [soma("tgt[%d].soma" % i) for i in range(2)]
keep = []
for s in src:
    st = h.IClamp(s(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    keep.append(st)
syn = []
for s in tgt:
    sy = h.ExpSyn(s(0.5))
    sy.tau, sy.e = 2, 0
    syn.append(sy)
ifc = h.IntFire1()
ifc.tau, ifc.refrac = 10, 2
spk_t, spk_id = h.Vector(), h.Vector()
# the spike sources in nrncc's order of gids: the cells', then the artificial ones
for gid, s in enumerate(src + tgt):
    nc = h.NetCon(s(0.5)._ref_v, None, sec=s)
    nc.threshold = 10
    nc.record(spk_t, spk_id, gid)
    keep.append(nc)
kick = h.NetStim()
kick.number, kick.start, kick.noise = 1, 8, 0
for gid, a in ((8, ifc), (9, kick)):
    nc = h.NetCon(a, None)
    nc.record(spk_t, spk_id, gid)
    keep.append(nc)
# the NetCons in the model's order
ws = [0.01, -0.01, 1e-19, 0.02, -0.02, 1e-19]
wi = [0.5, -0.5, 1e-17, 0.3, -0.3, 1e-17]
for i, s in enumerate(src):
    nc = h.NetCon(s(0.5)._ref_v, syn[0], sec=s)
    nc.threshold, nc.delay, nc.weight[0] = 10, 2, ws[i]
    keep.append(nc)
for i, s in enumerate(src):
    nc = h.NetCon(s(0.5)._ref_v, ifc, sec=s)
    nc.threshold, nc.delay, nc.weight[0] = 10, 2, wi[i]
    keep.append(nc)
for a, b, d, w in ((kick, ifc, 1, 2), (ifc, syn[1], 1, 0.01)):
    nc = h.NetCon(a, b)
    nc.delay, nc.weight[0] = d, w
    keep.append(nc)
vecs = []
for name, ref in (("t", h._ref_t), ("tgt[0].soma(0.5).v", tgt[0](0.5)._ref_v), ("tgt[0].syn.g", syn[0]._ref_g),
                  ("tgt[1].soma(0.5).v", tgt[1](0.5)._ref_v), ("ifc.m", ifc._ref_m)):
    v = h.Vector()
    v.record(ref)
    vecs.append((name, v))
h.finitialize(-65)
h.continuerun(15)
write_run(OUT, vecs, spk_t, spk_id)
