#!/usr/bin/env python3
"""NEURON 8.2.2 CVode references for what nrncc's CVODE integrates beyond
the plain DERIVATIVE mechanisms: ion concentrations a mechanism writes,
KINETIC schemes.  Each case runs the model of tests/golden/<model>.nrn with
h.cvode.active(1) at the tolerances named and writes
tests/ref/cvode_<case>/trace.csv (NEURON's every step, columns named as the
model's records) and stats.txt (NEURON's CVode.statistics).
Run with Debian's NEURON:  /usr/bin/python3 tests/ref/cvode_refs.py"""
import os
import subprocess
import sys
from neuron import h

import neuron_refs

HERE = os.path.dirname(os.path.abspath(__file__))


def write(case, cols, spikes=None):
    d = os.path.join(HERE, "cvode_" + case)
    os.makedirs(d, exist_ok=True)
    names = [n for n, _ in cols]
    vals = [list(v) for _, v in cols]
    with open(os.path.join(d, "trace.csv"), "w") as f:
        f.write(",".join(names) + "\n")
        for row in zip(*vals):
            f.write(",".join(repr(x) for x in row) + "\n")
    if spikes:
        rows = sorted((t, g) for g, ts in enumerate(spikes) for t in ts)
        with open(os.path.join(d, "spikes.csv"), "w") as f:
            f.write("gid,time\n")
            for t, g in rows:
                f.write("%d,%r\n" % (g, t))
    # NEURON's counts (CVode.statistics prints them on stdout)
    sys.stdout.flush()
    fd = os.dup(1)
    with open(os.path.join(d, "stats.txt"), "w") as f:
        os.dup2(f.fileno(), 1)
        h.cvode.statistics()
        sys.stdout.flush()
        os.dup2(fd, 1)
    os.close(fd)


def cvode(atol, rtol):
    h.cvode.active(1)
    h.cvode.atol(atol)
    h.cvode.rtol(rtol)


def run(case, recs, tstop, spikes=None, atol=1e-6, every=None):
    """records recs (name, reference), at every step or, with every, at
    0, every, 2 every ... (Vector.record(&x, Dt)), runs under CVode at atol
    (rtol 0) from v = -65 mV to tstop, and writes the case"""
    vecs = [(n, h.Vector().record(r) if every is None else h.Vector().record(r, every)) for n, r in recs]
    cvode(atol, 0)
    h.finitialize(-65)
    h.continuerun(tstop)
    write(case, vecs, spikes)


def ghk():
    """tests/golden/ghk.nrn (caghk, cadi: cai written by cadi's DERIVATIVE)"""
    soma, st, recs = neuron_refs.ghk_model()
    seg = soma(0.5)
    recs += [("soma(0.5).eca", seg._ref_eca), ("soma(0.5).m_caghk", seg._ref_m_caghk)]
    run("ghk", recs, 10)


def kinetic():
    """tests/cvode/kinetic.nrn (kin3's KINETIC scheme; cahvt and cadi)"""
    a, b, keep = neuron_refs.kinetic_model("cadi")
    pa, pb = a(0.5), b(0.5)
    recs = [("t", h._ref_t), ("a(0.5).v", pa._ref_v), ("a(0.5).o_kin3", pa.kin3._ref_o),
            ("a(0.5).c1_kin3", pa.kin3._ref_c1), ("a(0.5).c2_kin3", pa.kin3._ref_c2), ("a(0.5).ina", pa._ref_ina),
            ("b(0.5).v", pb._ref_v), ("b(0.5).cai", pb._ref_cai), ("b(0.5).eca", pb._ref_eca)]
    run("kinetic", recs, 20)


def watch():
    """tests/golden/watch.nrn (WATCH in wtch's NET_RECEIVE) under CVode"""
    recs, spk, keep = neuron_refs.watch_model()
    run("watch", recs, 40, spk)


def watch_order2():
    """tests/golden/watch.nrn under CVode with condition_order(2): the
    spikes and the WATCH conditions located within the step"""
    recs, spk, keep = neuron_refs.watch_model()
    h.cvode.condition_order(2)
    run("watch_order2", recs, 40, spk)


def savestate():
    """tests/golden/cvode_hh.nrn under CVode at atol 1e-5: SaveState.save at
    5 ms, and the run restored from that state in a fresh simulation
    (restored.csv from 5 ms on: SaveState.restore, then CVode.re_init, as a
    restore needs)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 10
    soma.insert("hh")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 2, 0.1, 1
    d = os.path.join(HERE, "cvode_savestate")
    os.makedirs(d, exist_ok=True)
    for part in ("cont", "restored"):
        tv, vv = h.Vector(), h.Vector()
        tv.record(h._ref_t)
        vv.record(soma(0.5)._ref_v)
        cvode(1e-5, 0)
        h.finitialize(-65)
        if part == "cont":
            h.continuerun(5)
            ss = h.SaveState()
            ss.save()
        else:
            ss.restore()
            h.cvode.re_init()
        h.continuerun(10)
        if part == "cont":
            continue
        with open(os.path.join(d, part + ".csv"), "w") as f:
            f.write("t,soma(0.5).v\n")
            for t, v in zip(tv, vv):
                if t >= 5:
                    f.write("%r,%r\n" % (t, v))


def every_pulse():
    """tests/cvode/every_pulse.nrn: an IClamp pulse from 1 to 1.5 ms (its
    at_time discontinuities) and NetStim events into an ExpSyn at 1.5,
    2.25 and 3 ms, recorded every 0.25 ms: rows at all of them"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 10
    soma.insert("hh")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    syn = h.ExpSyn(soma(0.5))
    syn.tau = 2
    stim = h.NetStim()
    stim.number, stim.start, stim.interval, stim.noise = 3, 1, 0.75, 0
    nc = h.NetCon(stim, syn)
    nc.delay, nc.weight[0] = 0.5, 0.001
    h.celsius = 6.3
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("st.i", st._ref_i), ("syn.g", syn._ref_g)]
    run("every_pulse", recs, 4, atol=1e-5, every=0.25)


def beforeafter(case="beforeafter", every=None):
    """tests/cvode/beforeafter.nrn (bacv: BEFORE/AFTER blocks) under CVode"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("bacv")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).ebb_bacv", seg.bacv._ref_ebb),
            ("soma(0.5).tbs_bacv", seg.bacv._ref_tbs), ("soma(0.5).vbs_bacv", seg.bacv._ref_vbs),
            ("soma(0.5).ninit_bacv", seg.bacv._ref_ninit)]
    run(case, recs, 10, every=every)


def beforeafter_every():
    """tests/cvode/beforeafter_every.nrn: beforeafter recorded every 0.1 ms"""
    beforeafter("beforeafter_every", 0.1)


def buffer_cell(case, buf, states):
    """an hh cell with cahvt's calcium current into the buffer mechanism buf
    (its KINETIC scheme), recording v, cai, eca and buf's states"""
    b = h.Section(name="b")
    b.L = b.diam = 20
    b.insert("hh")
    b.insert("cahvt")
    b(0.5).cahvt.gcabar = 0.005
    b.insert(buf)
    sb = h.IClamp(b(0.5))
    sb.delay, sb.dur, sb.amp = 1, 0.5, 0.5
    p = b(0.5)
    recs = [("t", h._ref_t), ("b(0.5).v", p._ref_v), ("b(0.5).cai", p._ref_cai), ("b(0.5).eca", p._ref_eca)]
    recs += [("b(0.5).%s_%s" % (x, buf), getattr(getattr(p, buf), "_ref_" + x)) for x in states]
    run(case, recs, 20)


def kinconc():
    """tests/cvode/kinconc.nrn (cabufk: cai a STATE of a KINETIC scheme)"""
    buffer_cell("kinconc", "cabufk", ("buf", "cabf", "bound"))


def synonym():
    """tests/cvode/synonym.nrn (casyn: cai = 2 ca assigned in its DERIVATIVE,
    NEURON's synonym)"""
    b = h.Section(name="b")
    b.L = b.diam = 20
    b.insert("hh")
    b.insert("cahvt")
    b(0.5).cahvt.gcabar = 0.005
    b.insert("casyn")
    sb = h.IClamp(b(0.5))
    sb.delay, sb.dur, sb.amp = 1, 0.5, 0.5
    pb = b(0.5)
    recs = [("t", h._ref_t), ("b(0.5).v", pb._ref_v), ("b(0.5).cai", pb._ref_cai), ("b(0.5).eca", pb._ref_eca),
            ("b(0.5).ca_casyn", pb.casyn._ref_ca)]
    run("synonym", recs, 20)


def nonode():
    """tests/cvode/nonode.nrn (casetn: cai set from t in a BREAKPOINT without
    currents, which CVode runs before each step)"""
    c = h.Section(name="c")
    c.L = c.diam = 20
    c.insert("hh")
    c.insert("cahvt")
    c(0.5).cahvt.gcabar = 0.005
    c.insert("casetn")
    sc = h.IClamp(c(0.5))
    sc.delay, sc.dur, sc.amp = 2, 0.5, 0.5
    pc = c(0.5)
    recs = [("t", h._ref_t), ("c(0.5).v", pc._ref_v), ("c(0.5).cai", pc._ref_cai), ("c(0.5).eca", pc._ref_eca)]
    run("nonode", recs, 20)


def conctwo():
    """tests/cvode/conc_two.nrn (cai written by cadi in a, by caset in b)"""
    a = h.Section(name="a")
    b = h.Section(name="b")
    for s in (a, b):
        s.L = s.diam = 20
        s.insert("hh")
        s.insert("cahvt")
    a.insert("cadi")
    b.insert("caset")
    sa = h.IClamp(a(0.5))
    sa.delay, sa.dur, sa.amp = 1, 0.5, 0.5
    sb = h.IClamp(b(0.5))
    sb.delay, sb.dur, sb.amp = 2, 0.5, 0.5
    pa, pb = a(0.5), b(0.5)
    recs = [("t", h._ref_t), ("a(0.5).v", pa._ref_v), ("a(0.5).cai", pa._ref_cai), ("a(0.5).eca", pa._ref_eca),
            ("b(0.5).v", pb._ref_v), ("b(0.5).cai", pb._ref_cai), ("b(0.5).eca", pb._ref_eca)]
    run("conctwo", recs, 10)


def nocur():
    """tests/cvode/nocur.nrn (nocur: x = 2 s after its SOLVE, in a BREAKPOINT
    without currents: CVode never runs it)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("pas")
    soma.insert("nocur")
    p = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", p._ref_v), ("soma(0.5).s_nocur", p.nocur._ref_s),
            ("soma(0.5).x_nocur", p.nocur._ref_x)]
    run("nocur", recs, 5)


def radial():
    """tests/cvode/radial.nrn (cadifr: an array STATE in a KINETIC scheme,
    cai assigned from its outer shell)"""
    b = h.Section(name="b")
    b.L = b.diam = 20
    b.insert("hh")
    b.insert("cahvt")
    b(0.5).cahvt.gcabar = 0.005
    b.insert("cadifr")
    sb = h.IClamp(b(0.5))
    sb.delay, sb.dur, sb.amp = 1, 0.5, 0.5
    p = b(0.5)
    recs = [("t", h._ref_t), ("b(0.5).v", p._ref_v), ("b(0.5).cai", p._ref_cai), ("b(0.5).eca", p._ref_eca)]
    recs += [("b(0.5).ca_cadifr[%d]" % k, p.cadifr._ref_ca[k]) for k in (0, 1, 3)]
    run("radial", recs, 20)


def playv():
    """tests/cvode/playv.nrn (a continuous Vector.play into v under CVode)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    seg = soma(0.5)
    tv = h.Vector([0, 2, 3.5, 6, 9])
    yv = h.Vector([-65, -50, -30, -70, -60])
    yv.play(seg._ref_v, tv, 1)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).m_hh", seg._ref_m_hh)]
    run("playv", recs, 12)


def kinassign():
    """tests/cvode/kinassign.nrn (cabuf: cai = ca assigned in its KINETIC
    block)"""
    buffer_cell("kinassign", "cabuf", ("ca", "cabf", "bound"))


def axon():
    """tests/cvode/axon.nrn: the bench's hh_axon at 101 segments, atol 1e-5"""
    axon = h.Section(name="axon")
    axon.L, axon.diam, axon.Ra, axon.cm, axon.nseg = 10000, 1, 100, 1, 101
    axon.insert("hh")
    st = h.IClamp(axon(0))
    st.delay, st.dur, st.amp = 1, 0.5, 1
    nc = h.NetCon(axon(0.9)._ref_v, None, sec=axon)
    nc.threshold = 10
    spk = h.Vector()
    nc.record(spk)
    h.celsius = 6.3
    recs = [("t", h._ref_t), ("axon(0.5).v", axon(0.5)._ref_v), ("axon(0.9).v", axon(0.9)._ref_v)]
    run("axon", recs, 50, [spk], atol=1e-5)


def netstim(case="netstim", every=None):
    """tests/cvode/netstim.nrn: examples/netstim_expsyn.nrn (gid 0 the
    NetStim, 1 the soma), atol 1e-5"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 10
    soma.insert("hh")
    syn = h.ExpSyn(soma(0.5))
    syn.tau, syn.e = 5, 0
    stim = h.NetStim()
    stim.number, stim.start, stim.interval, stim.noise = 5, 5, 20, 0
    nc = h.NetCon(stim, syn)
    nc.delay, nc.weight[0] = 1, 0.02
    spk = [h.Vector(), h.Vector()]
    src = h.NetCon(stim, None)
    src.record(spk[0])
    det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    det.threshold = 10
    det.record(spk[1])
    h.celsius = 6.3
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g), ("syn.i", syn._ref_i)]
    run(case, recs, 100, spk, atol=1e-5, every=every)


def every():
    """tests/cvode/every.nrn: netstim recorded every 0.1 ms"""
    netstim("every", 0.1)


def ca_cell(pool):
    """tests/cvode/atoltol.nrn's and atolscale.nrn's cell: hh, cahvt and a
    calcium pool"""
    b = h.Section(name="b")
    b.L = b.diam = 20
    b.insert("hh")
    b.insert("cahvt")
    b(0.5).cahvt.gcabar = 0.005
    b.insert(pool)
    sb = h.IClamp(b(0.5))
    sb.delay, sb.dur, sb.amp = 1, 0.5, 0.5
    return b, sb


def atoltol():
    """tests/cvode/atoltol.nrn at NEURON's default atol 1e-3: catol's STATE
    ca declares the tolerance <1e-4> (nocmodl's state tolerance table)"""
    b, sb = ca_cell("catol")
    pb = b(0.5)
    recs = [("t", h._ref_t), ("b(0.5).v", pb._ref_v), ("b(0.5).cai", pb._ref_cai),
            ("b(0.5).ca_catol", pb.catol._ref_ca)]
    run("atoltol", recs, 20, atol=1e-3)


def atolscale():
    """tests/cvode/atolscale.nrn at NEURON's default atol 1e-3 with
    CVode.atolscale for cadi's cai (the ion's), hh's m and v"""
    b, sb = ca_cell("cadi")
    for name, x in (("cai", 1e-3), ("m_hh", 0.1), ("v", 0.5)):
        h.cvode.atolscale(name, x)
    pb = b(0.5)
    recs = [("t", h._ref_t), ("b(0.5).v", pb._ref_v), ("b(0.5).cai", pb._ref_cai), ("b(0.5).m_hh", pb._ref_m_hh)]
    run("atolscale", recs, 20, atol=1e-3)


def longdiff():
    """tests/cvode/longdiff.nrn: cadifl's calcium shells and buffer diffusing
    along a branched cable (LONGITUDINAL_DIFFUSION), the cells of
    tests/golden/longdiff.nrn"""
    recs, keep = neuron_refs.longdiff_model()
    run("longdiff", recs, 10)


def longdiff_ion():
    """tests/cvode/longdiff_ion.nrn: nai itself diffusing (nadif), the cells
    of tests/golden/longdiff_ion.nrn"""
    recs, keep = neuron_refs.longdiff_ion_model()
    run("longdiff_ion", recs, 10)


def order2():
    """tests/cvode/order2.nrn: CVode.condition_order(2), threshold crossings
    interpolated within the step (a NetCon of delay 0 from a to b, one of
    1 ms to c, a passive cell p crossing -62 mV slowly)"""
    secs = {}
    for name, mech in (("a", "hh"), ("b", "hh"), ("c", "hh"), ("p", "pas")):
        sec = h.Section(name=name)
        sec.L = sec.diam = 10
        sec.insert(mech)
        secs[name] = sec
    a, b, c, p = (secs[n] for n in "abcp")
    sa = h.IClamp(a(0.5))
    sa.delay, sa.dur, sa.amp = 2, 0.1, 1
    sp = h.IClamp(p(0.5))
    sp.delay, sp.dur, sp.amp = 1, 30, 0.03
    sb, sc = h.ExpSyn(b(0.5)), h.ExpSyn(c(0.5))
    sb.tau = sc.tau = 2
    spk = [h.Vector() for _ in range(4)]
    dets = []
    for sec, v in zip((a, b, c, p), spk):
        nc = h.NetCon(sec(0.5)._ref_v, None, sec=sec)
        nc.record(v)
        dets.append(nc)
    dets[3].threshold = -62
    ncb = h.NetCon(a(0.5)._ref_v, sb, sec=a)
    ncb.delay, ncb.weight[0] = 0, 0.01
    ncc = h.NetCon(a(0.5)._ref_v, sc, sec=a)
    ncc.delay, ncc.weight[0] = 1, 0.01
    h.cvode.condition_order(2)
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v), ("b(0.5).v", b(0.5)._ref_v), ("c(0.5).v", c(0.5)._ref_v),
            ("p(0.5).v", p(0.5)._ref_v), ("sb.g", sb._ref_g)]
    run("order2", recs, 20, spk)


def order2_two():
    """tests/cvode/order2_two.nrn: condition_order 2, a's NetCon of delay 0
    delivers inside the step where a2 (a's copy, threshold 10.001 mV)
    crosses after a: NEURON abandons a2's crossing and finds it again"""
    secs = {}
    for name in ("a", "a2", "b"):
        sec = h.Section(name=name)
        sec.L = sec.diam = 10
        sec.insert("hh")
        secs[name] = sec
    a, a2, b = secs["a"], secs["a2"], secs["b"]
    stims = []
    for sec in (a, a2):
        st = h.IClamp(sec(0.5))
        st.delay, st.dur, st.amp = 2, 0.1, 1
        stims.append(st)
    sb = h.ExpSyn(b(0.5))
    sb.tau = 2
    spk = [h.Vector(), h.Vector()]
    dets = []
    for sec, v in zip((a, a2), spk):
        nc = h.NetCon(sec(0.5)._ref_v, None, sec=sec)
        nc.record(v)
        dets.append(nc)
    dets[1].threshold = 10.001
    ncb = h.NetCon(a(0.5)._ref_v, sb, sec=a)
    ncb.delay, ncb.weight[0] = 0, 0.01
    h.cvode.condition_order(2)
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v)]
    run("order2_two", recs, 5, spk)


def main():
    h.load_file("stdrun.hoc")
    mods = os.path.join(HERE, "..", "mods")
    lib = subprocess.run(["bash", os.path.join(HERE, "../../../shared/oracle/build-mods.sh"), mods],
                         capture_output=True, text=True, check=True).stdout.strip()
    cases = (ghk, kinetic, watch, savestate, beforeafter, kinconc, synonym, nonode, conctwo, nocur, radial, playv, kinassign,
             axon, netstim, atoltol, atolscale, every, beforeafter_every,
             every_pulse, longdiff, longdiff_ion, order2, order2_two, watch_order2)
    if len(sys.argv) > 1:
        cases = [c for c in cases if c.__name__ in sys.argv[1:]]
    for case in cases:
        pid = os.fork()
        if pid == 0:
            h.nrn_load_dll(lib)
            case()
            os._exit(0)
        os.waitpid(pid, 0)


main()
