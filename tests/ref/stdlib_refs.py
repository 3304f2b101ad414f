#!/usr/bin/env python3
"""NEURON 8.2.2 references for nrncc's standard library.  Each case builds
in NEURON, with NEURON's built-in mechanism, the protocol of
tests/golden/stdlib_<name>.nrn and writes tests/ref/stdlib_<name>/trace.csv
(columns named as the model's records) and spikes.csv (gid,time; the
spike sources numbered as nrncc numbers them: artificial cells and spike
statements in declaration order).
Run with Debian's NEURON:  /usr/bin/python3 tests/ref/stdlib_refs.py"""
import os
import sys
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))


def write(case, cols, spikes):
    d = os.path.join(HERE, case)
    os.makedirs(d, exist_ok=True)
    names = [n for n, _ in cols]
    vals = [list(v) for _, v in cols]
    with open(os.path.join(d, "trace.csv"), "w") as f:
        f.write(",".join(names) + "\n")
        for row in zip(*vals):
            f.write(",".join(repr(x) for x in row) + "\n")
    if not spikes:
        return
    rows = sorted((t, g) for g, ts in enumerate(spikes) for t in ts)
    with open(os.path.join(d, "spikes.csv"), "w") as f:
        f.write("gid,time\n")
        for t, g in rows:
            f.write("%d,%r\n" % (g, t))


def soma_hh(L=10, diam=10):
    soma = h.Section(name="soma")
    soma.L, soma.diam = L, diam
    soma.insert("hh")
    return soma


def netstim(number, start, interval):
    ns = h.NetStim()
    ns.number, ns.start, ns.interval, ns.noise = number, start, interval, 0
    return ns


def netcon(src, target, delay, weight, sec=None):
    nc = h.NetCon(src, target, sec=sec) if sec is not None else h.NetCon(src, target)
    nc.delay = delay
    nc.weight[0] = weight
    return nc


class Spikes:
    """spike sources in nrncc's gid order, each with its time vector"""

    def __init__(self):
        self.keep, self.vecs = [], []

    def cell(self, c):
        v = h.Vector()
        nc = h.NetCon(c, None)
        nc.record(v)
        self.keep.append(nc)
        self.vecs.append(v)

    def at(self, sec, x, threshold=10):
        v = h.Vector()
        nc = h.NetCon(sec(x)._ref_v, None, sec=sec)
        nc.threshold = threshold
        nc.record(v)
        self.keep.append(nc)
        self.vecs.append(v)


def records(pairs):
    return [("t", h.Vector().record(h._ref_t))] + [(n, h.Vector().record(r)) for n, r in pairs]


def run(tstop, v_init=-65):
    h.dt = 0.025
    h.finitialize(v_init)
    h.continuerun(tstop)


def stdlib_exp2syn():
    soma = soma_hh()
    syn = h.Exp2Syn(soma(0.5))
    syn.tau1, syn.tau2, syn.e = 0.5, 5, 0
    syn2 = h.Exp2Syn(soma(0.5))
    syn2.tau1, syn2.tau2, syn2.e = 3, 3, -80
    sp = Spikes()
    ns = netstim(5, 5, 10)
    sp.cell(ns)
    ncs = [netcon(ns, syn, 1, 0.004), netcon(ns, syn2, 4, 0.002)]
    sp.at(soma, 0.5)
    vecs = records([("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g), ("syn.i", syn._ref_i),
                    ("syn.A", syn._ref_A), ("syn.B", syn._ref_B), ("syn2.g", syn2._ref_g),
                    ("syn2.i", syn2._ref_i), ("syn2.tau1", syn2._ref_tau1)])
    run(60)
    return vecs, sp.vecs


def stdlib_alphasynapse():
    soma = soma_hh()
    ex = h.AlphaSynapse(soma(0.5))
    ex.onset, ex.tau, ex.gmax, ex.e = 5, 2, 0.005, 0
    inh = h.AlphaSynapse(soma(0.5))
    inh.onset, inh.tau, inh.gmax, inh.e = 20, 1, 0.01, -80
    off = h.AlphaSynapse(soma(0.5))
    off.onset = 1
    sp = Spikes()
    sp.at(soma, 0.5)
    vecs = records([("soma(0.5).v", soma(0.5)._ref_v), ("ex.i", ex._ref_i), ("inh.i", inh._ref_i),
                    ("off.i", off._ref_i)])
    run(50)
    return vecs, sp.vecs


def stdlib_intfire1():
    soma = soma_hh()
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    sp = Spikes()
    ns = netstim(20, 2, 3)
    sp.cell(ns)
    inh = netstim(6, 4.5, 7)
    sp.cell(inh)
    c1 = h.IntFire1()
    c1.tau, c1.refrac = 10, 5
    sp.cell(c1)
    ncs = [netcon(ns, c1, 1, 0.4), netcon(inh, c1, 0.5, -0.3), netcon(c1, syn, 2, 0.01)]
    sp.at(soma, 0.5)
    vecs = records([("soma(0.5).v", soma(0.5)._ref_v), ("c1.m", c1._ref_m), ("syn.g", syn._ref_g)])
    run(70)
    return vecs, sp.vecs


def stdlib_intfire2():
    soma = soma_hh()
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    sp = Spikes()
    ns = netstim(12, 2, 4)
    sp.cell(ns)
    inh = netstim(3, 10, 9)
    sp.cell(inh)
    c2 = h.IntFire2()
    c2.taus, c2.taum = 20, 10
    sp.cell(c2)
    c3 = h.IntFire2()
    c3.taus, c3.taum, c3.ib = 15, 5, 1.3
    sp.cell(c3)
    ncs = [netcon(ns, c2, 1, 0.6), netcon(inh, c3, 1, -0.5), netcon(c2, syn, 1, 0.01)]
    sp.at(soma, 0.5)
    vecs = records([("soma(0.5).v", soma(0.5)._ref_v), ("c2.m", c2._ref_m), ("c2.i", c2._ref_i),
                    ("c3.m", c3._ref_m), ("c3.i", c3._ref_i)])
    run(60)
    return vecs, sp.vecs


def stdlib_intfire4():
    soma = soma_hh()
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    sp = Spikes()
    ns = netstim(20, 1, 3)
    sp.cell(ns)
    inh = netstim(5, 6, 11)
    sp.cell(inh)
    c4 = h.IntFire4()
    sp.cell(c4)
    c5 = h.IntFire4()
    c5.taue, c5.taui1, c5.taui2, c5.taum = 2, 12, 8, 8.005
    sp.cell(c5)
    ncs = [netcon(ns, c4, 1, 0.5), netcon(inh, c4, 1, -0.4), netcon(ns, c5, 2, 0.7),
           netcon(inh, c5, 2, -0.2), netcon(c4, syn, 1, 0.01)]
    sp.at(soma, 0.5)
    pairs = [("soma(0.5).v", soma(0.5)._ref_v)]
    pairs += [("c4." + n, getattr(c4, "_ref_" + n))
              for n in ("m", "e", "i1", "i2", "nself", "nexcite", "ninhibit")]
    pairs += [("c5." + n, getattr(c5, "_ref_" + n))
              for n in ("m", "taue", "taui1", "taui2", "taum", "ae", "ai1", "ai2")]
    vecs = records(pairs)
    run(60)
    return vecs, sp.vecs


def stdlib_apcount():
    soma = soma_hh()
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 2, 40, 0.1
    ap = h.APCount(soma(0.5))
    ap2 = h.APCount(soma(0.5))
    ap2.thresh = 30
    sp = Spikes()
    sp.at(soma, 0.5, -20)
    vecs = records([("soma(0.5).v", soma(0.5)._ref_v), ("ap.n", ap._ref_n), ("ap.time", ap._ref_time),
                    ("ap.firing", ap._ref_firing), ("ap2.n", ap2._ref_n), ("ap2.time", ap2._ref_time),
                    ("ap2.firing", ap2._ref_firing)])
    run(50)
    return vecs, sp.vecs


def stdlib_seclamp():
    soma = soma_hh(20, 20)
    se = h.SEClamp(soma(0.5))
    se.dur1, se.amp1, se.dur2, se.amp2, se.dur3, se.amp3, se.rs = 5, -70, 10, -10, 5, -50, 0.5
    weak = h.SEClamp(soma(0.5))
    weak.dur1, weak.amp1, weak.rs = 30, -40, 50
    vecs = records([("soma(0.5).v", soma(0.5)._ref_v), ("se.i", se._ref_i), ("se.vc", se._ref_vc),
                    ("weak.i", weak._ref_i), ("weak.vc", weak._ref_vc), ("soma(0.5).ina", soma(0.5)._ref_ina),
                    ("soma(0.5).ik", soma(0.5)._ref_ik)])
    run(40)
    return vecs, []


def stdlib_vclamp():
    soma = soma_hh(20, 20)
    vc = h.VClamp(soma(0.5))
    for k, (d, a) in enumerate([(5, -70), (10, -10), (5, -50)]):
        vc.dur[k], vc.amp[k] = d, a
    vecs = records([("soma(0.5).v", soma(0.5)._ref_v), ("vc.i", vc._ref_i), ("vc.e", vc._ref_e),
                    ("vc.vo", vc._ref_vo), ("vc.vi", vc._ref_vi), ("soma(0.5).ina", soma(0.5)._ref_ina),
                    ("soma(0.5).ik", soma(0.5)._ref_ik)])
    run(30)
    return vecs, []


CASES = [stdlib_exp2syn, stdlib_alphasynapse, stdlib_intfire1, stdlib_intfire2, stdlib_intfire4,
         stdlib_apcount, stdlib_seclamp, stdlib_vclamp]


def main():
    h.load_file("stdrun.hoc")
    wanted = sys.argv[1:]
    for case in CASES:
        if wanted and case.__name__ not in wanted:
            continue
        # each case in its own process: NEURON keeps its sections
        pid = os.fork()
        if pid == 0:
            vecs, spikes = case()
            write(case.__name__, vecs, [list(v) for v in spikes] if any(len(v) for v in spikes) else [])
            print("%s: %d rows, spikes per source %s" % (case.__name__, len(vecs[0][1]),
                                                          [len(v) for v in spikes]))
            os._exit(0)
        os.waitpid(pid, 0)


main()
