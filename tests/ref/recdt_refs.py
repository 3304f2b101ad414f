#!/usr/bin/env python3
"""NEURON 8.2.2 references for `record ... every X` with the fixed step
(NEURON's Vector.record(&x, Dt)): writes tests/ref/recdt_<case>/traces.csv
and spikes.csv for
  every:   tests/recdt/every.nrn (two cells, a NetStim, Dt 0.1 ms, 3 ms);
  netstim: tests/cvode/every.nrn run with the fixed step (dt 0.025 ms).
Run with Debian's NEURON:  /usr/bin/python3 tests/ref/recdt_refs.py"""
import os
import sys

from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from nrnrun_out import write_run  # noqa: E402

h.load_file("stdrun.hoc")


def run(case, recs, sources, tstop, every):
    """records recs (name, reference) every `every` ms (t first), the
    spikes of sources (gid order), runs to tstop, writes the case"""
    vecs = [("t", h.Vector().record(h._ref_t, every))]
    vecs += [(n, h.Vector().record(r, every)) for n, r in recs]
    spk_t, spk_id = h.Vector(), h.Vector()
    ncs = []
    for gid, (src, sec) in enumerate(sources):
        nc = h.NetCon(src, None, sec=sec) if sec is not None else h.NetCon(src, None)
        if sec is not None:
            nc.threshold = 10
        nc.record(spk_t, spk_id, gid)
        ncs.append(nc)
    h.dt = 0.025
    h.celsius = 6.3
    h.finitialize(-65)
    h.continuerun(tstop)
    out = os.path.join(HERE, "recdt_" + case)
    os.makedirs(out, exist_ok=True)
    write_run(out, vecs, spk_t, spk_id)


def every():
    a = h.Section(name="a")
    b = h.Section(name="b")
    for s in (a, b):
        s.L = s.diam = 20
        s.insert("hh")
    st = h.IClamp(a(0.5))
    st.delay, st.dur, st.amp = 0.5, 1, 0.5
    syn = h.ExpSyn(a(0.5))
    syn.tau = 2
    synb = h.ExpSyn(b(0.5))
    synb.tau = 2
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 0.3, 0.7, 5
    nc = h.NetCon(ns, syn)
    nc.weight[0], nc.delay = 0.01, 0.09
    nab = h.NetCon(a(0.5)._ref_v, synb, sec=a)
    nab.threshold, nab.weight[0], nab.delay = 10, 0.05, 1
    recs = [("a(0.5).v", a(0.5)._ref_v), ("syn.g", syn._ref_g), ("b(0.5).v", b(0.5)._ref_v),
            ("synb.g", synb._ref_g)]
    run("every", recs, [(ns, None), (a(0.5)._ref_v, a)], 3, 0.1)
    return [a, b, st, syn, synb, ns, nc, nab]


def netstim():
    soma = h.Section(name="soma")
    soma.L = soma.diam = 10
    soma.insert("hh")
    syn = h.ExpSyn(soma(0.5))
    syn.tau, syn.e = 5, 0
    stim = h.NetStim()
    stim.number, stim.start, stim.interval, stim.noise = 5, 5, 20, 0
    nc = h.NetCon(stim, syn)
    nc.delay, nc.weight[0] = 1, 0.02
    recs = [("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g), ("syn.i", syn._ref_i)]
    run("netstim", recs, [(stim, None), (soma(0.5)._ref_v, soma)], 100, 0.1)
    return [soma, syn, stim, nc]


if __name__ == "__main__":
    keep = every()
    for s in keep[:2]:
        h.delete_section(sec=s)
    del keep
    netstim()
