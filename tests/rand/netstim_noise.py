"""NEURON 8.2.2 model of tests/rand/netstim_noise.nrn, written out by hand,
for tests/rand/rand_tests.sh.  Writes OUT/traces.csv and OUT/spikes.csv
(gid,time at full precision).  Usage: python3 netstim_noise.py OUT [SEED]
(SEED: the stream's seed before finitialize, set as nrncc's seed=SEED does,
by NetStim's seed())"""
import os
import sys

from neuron import h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from nrnrun_out import write_run  # noqa: E402

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius, h.secondorder, h.dt = 6.3, 0, 0.025
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
syn = h.ExpSyn(soma(0.5))
syn.tau, syn.e = 2, 0
spk_t, spk_id = h.Vector(), h.Vector()
keep = []


def source(src, gid, sec=None):
    nc = h.NetCon(src, None, sec=sec) if sec else h.NetCon(src, None)
    if sec:
        nc.threshold = 10
    nc.record(spk_t, spk_id, gid)
    keep.append(nc)


def netstim(interval, number, start, noise):
    ns = h.NetStim()
    ns.interval, ns.number, ns.start, ns.noise = interval, number, start, noise
    return ns


def connect(src, tgt, delay, weight):
    nc = h.NetCon(src, tgt)
    nc.delay, nc.weight[0] = delay, weight
    keep.append(nc)


source(soma(0.5)._ref_v, 0, soma)
p = netstim(4, 30, 5, 1)
q = netstim(6, 20, 2, 0.5)
source(p, 1)
source(q, 2)
connect(p, syn, 1, 0.004)
connect(q, syn, 0.5, 0.003)
N = 5
r = []
for i in range(N):
    r.append(netstim(3 + i, 4, -1, 1))
    source(r[i], 3 + i)
head = netstim(7, 12, 1, 1)
source(head, 3 + N)
connect(head, r[0], 0.5, 1)
for i in range(1, N):
    connect(r[i - 1], r[i], 1, 1)
connect(r[N - 1], syn, 2, 0.002)
cols = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g)]
vecs = [(n, h.Vector().record(x)) for n, x in cols]
if len(sys.argv) > 2:
    p.seed(float(sys.argv[2]))
h.finitialize(-65)
h.continuerun(120)
write_run(OUT, vecs, spk_t, spk_id)
