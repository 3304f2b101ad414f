#!/usr/bin/env python3
"""NEURON 8.2.2 references for nrncc's simulation-control features: plays
(Vector.play), initial values (FInitializeHandler), SaveState and space
plots (RangeVarPlot).  Each case builds in NEURON the model of
tests/golden/<case>.nrn and writes tests/ref/<case>/trace.csv (columns
named as the model's records), and for space plots the (x, value) pairs of
RangeVarPlot.to_vector as tests/ref/<case>/range_<var>.csv.
Run with Debian's NEURON:  /usr/bin/python3 tests/ref/simctl_refs.py
(install it with ../shared/oracle/install-neuron.sh)."""
import os
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "golden")


def write_csv(path, names, cols):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for row in zip(*cols):
            f.write(",".join(repr(float(x)) for x in row) + "\n")


def write(case, recs):
    write_csv(os.path.join(HERE, case, "trace.csv"), [n for n, _ in recs], [list(v) for _, v in recs])


def record(pairs):
    return [(n, h.Vector().record(r)) for n, r in pairs]


def read_series(name):
    """a play file of tests/golden: (t, y) rows, '#' comments, an optional
    header whose units are given in brackets (us and mS/cm2 here)"""
    t, y, scale = [], [], (1.0, 1.0)
    for line in open(os.path.join(GOLDEN, name)):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        a, b = (x.strip() for x in line.split(","))
        try:
            t.append(float(a))
            y.append(float(b))
        except ValueError:
            scale = (1000.0 if "[us]" in a else 1.0, 1000.0 if "[mS/cm2]" in b else 1.0)
    return [x / scale[0] for x in t], [x / scale[1] for x in y]


def play_continuous():
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend.L, dend.diam, dend.nseg = 200, 2, 5
    dend.insert("pas")
    for seg in dend:
        seg.pas.g, seg.pas.e = 1e-4, -65
    dend.connect(soma(1))
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 0, 1e9, 0
    keep = []

    def play(ref, t, y, continuous):
        tv, yv = h.Vector(t), h.Vector(y)
        yv.play(ref, tv, continuous)
        keep.extend([tv, yv])
    play(stim._ref_amp, [0, 1.02, 1.5, 2, 2, 3.333], [0, 0.3, -0.1, 0.2, 0.4, 0.05], True)
    play(soma(0.5)._ref_gnabar_hh, *read_series("play_gna.csv"), True)
    play(dend(0.3)._ref_e_pas, *read_series("play_epas.csv"), False)
    play(soma(0.5)._ref_ena, [0.5, 4], [40, 60], True)
    recs = record([("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("dend(0.3).v", dend(0.3)._ref_v),
                   ("stim.amp", stim._ref_amp), ("stim.i", stim._ref_i),
                   ("soma(0.5).gnabar_hh", soma(0.5)._ref_gnabar_hh), ("dend(0.3).e_pas", dend(0.3)._ref_e_pas),
                   ("soma(0.5).ena", soma(0.5)._ref_ena), ("soma(0.5).ina", soma(0.5)._ref_ina)])
    h.finitialize(-65)
    h.continuerun(6)
    write("play_continuous", recs)


def play_steps():
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend.L, dend.diam, dend.nseg = 100, 2, 3
    dend.insert("pas")
    dend.connect(soma(1))
    stim = h.IClamp(dend(0.5))
    stim.delay, stim.dur = 0, 1e9
    keep = []

    def play(ref, t, y, continuous):
        tv, yv = h.Vector(t), h.Vector(y)
        yv.play(ref, tv, continuous)
        keep.extend([tv, yv])
    play(soma(0.5)._ref_v, [1, 3], [-40, -70], False)
    play(stim._ref_amp, [0.5, 2, 2, 3.02], [0.1, 0.3, -0.2, 0.05], False)
    play(dend(0.5)._ref_e_pas, [2], [-60], True)
    recs = record([("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("dend(0.5).v", dend(0.5)._ref_v),
                   ("stim.amp", stim._ref_amp), ("stim.i", stim._ref_i), ("dend(0.5).e_pas", dend(0.5)._ref_e_pas)])
    h.finitialize(-65)
    h.continuerun(5)
    write("play_steps", recs)


def init_values():
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    axon = h.Section(name="axon")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend.L, dend.diam, dend.nseg = 300, 2, 7
    dend.insert("hh")
    dend.gnabar_hh = 0.05
    axon.L, axon.diam, axon.nseg = 100, 1, 3
    axon.insert("pas")
    dend.connect(soma(1))
    axon.connect(soma(0.5))
    syn = h.ExpSyn(dend(0.8))
    syn.tau = 2

    def type0():
        dend.v = -70
        axon.v = -68

    def type1():
        soma.v = -60
        axon(0.5).v = -50
        soma(0.5).m_hh = 0.2
        for seg in dend:
            seg.n_hh = 0.4 + 0.1 * seg.x
        syn.g = 0.01
    fih = [h.FInitializeHandler(0, type0), h.FInitializeHandler(1, type1)]
    recs = record([("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("soma(1).v", soma(1)._ref_v),
                   ("dend(0.1).v", dend(0.1)._ref_v), ("dend(0.9).v", dend(0.9)._ref_v),
                   ("axon(0.5).v", axon(0.5)._ref_v), ("axon(1).v", axon(1)._ref_v),
                   ("soma(0.5).m_hh", soma(0.5)._ref_m_hh), ("dend(0.5).n_hh", dend(0.5)._ref_n_hh),
                   ("dend(0.5).m_hh", dend(0.5)._ref_m_hh), ("dend(0.1).h_hh", dend(0.1)._ref_h_hh),
                   ("syn.g", syn._ref_g), ("syn.i", syn._ref_i)])
    h.finitialize(-65)
    h.continuerun(5)
    write("init_values", recs)


def rangeplot():
    soma, d1, d2, ax = (h.Section(name=n) for n in ("soma", "d1", "d2", "ax"))
    for sec, L, diam, nseg in ((soma, 20, 20, 3), (d1, 50, 2, 2), (d2, 30, 1.5, 4), (ax, 40, 1, 3)):
        sec.L, sec.diam, sec.nseg = L, diam, nseg
    for sec, mech in ((soma, "hh"), (d1, "hh"), (d2, "pas"), (ax, "hh")):
        sec.insert(mech)
    d1.connect(soma(1))
    d2.connect(soma(0.5))
    ax.connect(soma(0))
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 0.5, 1, 0.5
    # file, variable, begin, end, times: as the model's record range statements
    plots = [("range_v.csv", "v", d1(1), ax(1), [1, 2.5]), ("range_m_hh.csv", "m_hh", d1(1), d2(1), [1, 2.5]),
             ("range_v_2.csv", "v", d2(0.6), ax(1), [2]), ("range_ina.csv", "ina", ax(1), d1(0.3), [2]),
             ("range_m_hh_2.csv", "m_hh", soma(0), d1(1), [2])]
    rvps = [h.RangeVarPlot(var, b, e) for _, var, b, e, _ in plots]
    samples = [[] for _ in plots]
    h.finitialize(-65)
    for T in sorted(set(t for p in plots for t in p[4])):
        h.continuerun(T)
        for k, p in enumerate(plots):
            if T in p[4]:
                y, x = h.Vector(), h.Vector()
                rvps[k].to_vector(y, x)
                samples[k].append((list(x), list(y)))
    for k, (fname, var, _, _, times) in enumerate(plots):
        names = ["x"] + ([var] if len(times) == 1 else ["%s@%g" % (var, t) for t in times])
        cols = [samples[k][0][0]] + [y for _, y in samples[k]]
        write_csv(os.path.join(HERE, "rangeplot", fname), names, cols)
    h.continuerun(3)


def cvode_cell():
    """CVode (atol 1e-5, rtol 0, NEURON's default threshold detection):
    spike times, and t, v at every CVode step"""
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    soma.L = soma.diam = 20
    soma.insert("hh")
    dend.L, dend.diam, dend.nseg = 300, 2, 7
    dend.insert("pas")
    for seg in dend:
        seg.pas.g, seg.pas.e = 1e-4, -65
    dend.connect(soma(1))
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 0.5, 0.8
    syn = h.ExpSyn(dend(0.7))
    syn.tau, syn.e = 2, 0
    ns = h.NetStim()
    ns.number, ns.start, ns.interval, ns.noise = 3, 12, 9, 0
    nc = h.NetCon(ns, syn)
    nc.delay, nc.weight[0] = 1, 0.02
    spikes = [h.Vector(), h.Vector()]
    nc.record(spikes[0])
    det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    det.record(spikes[1])
    cv = h.CVode()
    cv.active(True)
    cv.atol(1e-5)
    recs = record([("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("dend(0.7).v", dend(0.7)._ref_v),
                   ("syn.g", syn._ref_g)])
    h.finitialize(-65)
    h.continuerun(40)
    write("cvode_cell", recs)
    d = os.path.join(HERE, "cvode_cell")
    rows = sorted((t, g) for g, ts in enumerate(spikes) for t in ts)
    with open(os.path.join(d, "spikes.csv"), "w") as f:
        f.write("gid,time\n")
        for t, g in rows:
            f.write("%d,%r\n" % (g, t))
    os.rename(os.path.join(d, "trace.csv"), os.path.join(d, "cvode_trace.csv"))


def main():
    h.load_file("stdrun.hoc")
    for case in (play_continuous, play_steps, init_values, rangeplot, cvode_cell):
        # each case in its own process: NEURON keeps its sections
        pid = os.fork()
        if pid == 0:
            case()
            os._exit(0)
        os.waitpid(pid, 0)


main()
