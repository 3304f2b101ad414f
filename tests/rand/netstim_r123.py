"""NEURON 8.2.2 model of tests/rand/netstim_r123.nrn, for
tests/rand/rand_tests.sh.  KIND 1: each NetStim with ids calls
noiseFromRandom123(id1, id2, id3); KIND 2: noiseFromRandom(r) of a Random r
set up by r.Random123(id1, id2, id3) and r.negexp(1); KIND 3: the same with
r.MCellRan4(id1, id2).  Writes
OUT/traces.csv and OUT/spikes.csv.  Usage: python3 netstim_r123.py OUT KIND"""
import os
import sys

from neuron import h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from nrnrun_out import write_run  # noqa: E402

OUT = sys.argv[1]
KIND = int(sys.argv[2])
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
gids = [0]


def source(src, sec=None):
    nc = h.NetCon(src, None, sec=sec) if sec else h.NetCon(src, None)
    if sec:
        nc.threshold = 10
    nc.record(spk_t, spk_id, gids[0])
    gids[0] += 1
    keep.append(nc)


def netstim(interval, number, start, noise, ids=None):
    ns = h.NetStim()
    ns.interval, ns.number, ns.start, ns.noise = interval, number, start, noise
    if ids is not None:
        if KIND == 1:
            ns.noiseFromRandom123(*ids)
        else:
            r = h.Random()
            if KIND == 2:
                r.Random123(*ids)
            else:
                r.MCellRan4(ids[0], ids[1])
            r.negexp(1)
            ns.noiseFromRandom(r)
            keep.append(r)
    source(ns)
    return ns


def connect(src, tgt, delay, weight):
    nc = h.NetCon(src, tgt)
    nc.delay, nc.weight[0] = delay, weight
    keep.append(nc)


source(soma(0.5)._ref_v, soma)
p = netstim(4, 30, 5, 1, (1, 2, 3))
q = netstim(6, 20, 2, 0.5, (7, 0, 0))
z = netstim(5, 15, 1, 1)
connect(p, syn, 1, 0.004)
connect(q, syn, 0.5, 0.003)
connect(z, syn, 0.5, 0.002)
N = 4
r = [netstim(3 + i, 4, -1, 1, (100 + i, 4294967295, i)) for i in range(N)]
connect(p, r[0], 0.5, 1)
for i in range(1, N):
    connect(r[i - 1], r[i], 1, 1)
connect(r[N - 1], syn, 2, 0.002)
cols = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g)]
vecs = [(n, h.Vector().record(x)) for n, x in cols]
h.finitialize(-65)
h.continuerun(100)
write_run(OUT, vecs, spk_t, spk_id)
