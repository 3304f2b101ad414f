"""NEURON 8.2.2 model of tests/net/forloops.nrn, written out by hand (the
loops unrolled as NEURON's own for loops), for tests/net/net_tests.sh.
Writes OUT/traces.csv (the model's record columns) and OUT/spikes.csv
(gid,time at full precision).  Usage: python3 forloops.py OUT"""
import os
import sys

from neuron import h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from nrnrun_out import write_run  # noqa: E402

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius, h.secondorder, h.dt = 6.3, 0, 0.025
N = 4
s = [h.Section(name="s[%d]" % i) for i in range(N)]
axon = [h.Section(name="axon[%d]" % i) for i in range(5)]
for sec in s:
    sec.L = sec.diam = 20
    sec.insert("hh")
for sec in axon:
    sec.L, sec.diam, sec.nseg = 100, 1, 3
    sec.insert("hh")
for k in range(4):
    axon[k + 1].connect(axon[k](1), 0)
axon[0].connect(s[0](1), 0)
stim, syn, keep = [], [], []
spk_t, spk_id = h.Vector(), h.Vector()
gid = 0
for i in range(N):
    st = h.IClamp(s[i](0.5))
    st.delay, st.dur, st.amp = 1 + i * 2, 0.5, 0.1
    stim.append(st)
    sy = h.ExpSyn(s[i](0.5))
    sy.tau, sy.e = 2, 0
    syn.append(sy)
    nc = h.NetCon(s[i](0.5)._ref_v, None, sec=s[i])
    nc.threshold = 10
    nc.record(spk_t, spk_id, gid)
    gid += 1
    keep.append(nc)
drive = []
for i in range(2):
    tv, yv = h.Vector([0, 1, 1.5]), h.Vector([0, 1.5 + i * 0.5, 0])
    yv.play(stim[i]._ref_amp, tv)
    keep += [tv, yv]
    ns = h.NetStim()
    ns.number, ns.start, ns.interval, ns.noise = 2, 4 + i * 3, 6, 0
    drive.append(ns)
    rec = h.NetCon(ns, None)
    rec.record(spk_t, spk_id, gid)
    gid += 1
    nc = h.NetCon(ns, syn[i + 2])
    nc.delay, nc.weight[0] = 1, 0.01
    keep += [rec, nc]
acc = h.IntFire1()
acc.tau, acc.refrac = 5, 2
rec = h.NetCon(acc, None)
rec.record(spk_t, spk_id, gid)
keep.append(rec)
for i in range(2):
    for j in range(2, 4):
        nc = h.NetCon(s[i](0.5)._ref_v, syn[j], sec=s[i])
        nc.threshold, nc.delay, nc.weight[0] = 10, 1 + (i + j) * 0.25, 0.002 * (j - i)
        keep.append(nc)
    nc = h.NetCon(s[i + 2](0.5)._ref_v, acc, sec=s[i + 2])
    nc.threshold, nc.delay, nc.weight[0] = 10, 0.5, 0.6
    keep.append(nc)
cols = [("t", h._ref_t)]
for i in range(N):
    cols += [("s[%d](0.5).v" % i, s[i](0.5)._ref_v), ("stim[%d].i" % i, stim[i]._ref_i),
             ("syn[%d].g" % i, syn[i]._ref_g)]
cols += [("axon[4](0.5).v", axon[4](0.5)._ref_v), ("acc[0].m", acc._ref_m)]
vecs = [(n, h.Vector().record(r)) for n, r in cols]
h.finitialize(-65)
h.continuerun(25)
write_run(OUT, vecs, spk_t, spk_id)
