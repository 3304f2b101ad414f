#!/usr/bin/env python3
"""NEURON 8.2.2 references for nrncc's own golden models (beyond the
user's oracle in ../shared/oracle).  Each case builds in NEURON the model of
tests/golden/<case>.nrn and writes tests/ref/<case>/trace.csv (columns
named as the model's records) and spikes.csv (gid,time).
Run with Debian's NEURON:  /usr/bin/python3 tests/ref/neuron_refs.py
(install it with ../shared/oracle/install-neuron.sh)."""
import os
import subprocess
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


def features():
    soma = h.Section(name="soma")
    dend = [h.Section(name="dend[%d]" % i) for i in range(3)]
    axon = h.Section(name="axon")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.gnabar_hh = 0.15
    h.pt3dadd(0, 0, 0, 2, sec=axon)
    h.pt3dadd(15, 5, 0, 1.5, sec=axon)
    h.pt3dadd(40, 5, 3, 1, sec=axon)
    axon.nseg = 3
    axon.insert("hh")
    dend[0].connect(soma(1))
    dend[1].connect(soma(0.5))
    dend[2].connect(dend[0](0.3))
    axon.connect(soma(0))
    for s in h.allsec():
        s.Ra = 120
    dend[0].L, dend[0].diam, dend[0].nseg = 150, 2, 5
    dend[1].L, dend[1].diam, dend[1].nseg, dend[1].cm = 80, 1, 3, 2
    dend[2].L, dend[2].diam, dend[2].nseg = 60, 0.8, 7
    dend[0](0.5).diam = 1.5
    dend[0].insert("pas")
    for seg in dend[0]:
        seg.pas.g, seg.pas.e = 2e-4, -65
    dend[1].insert("pas")
    for seg in dend[1]:
        seg.pas.g, seg.pas.e = 1e-4 * (1 + seg.x), -70
    dend[2].insert("hh")
    dend[2].gkbar_hh = 0.03
    soma.ena = 55
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 0.5, 0.8
    tip = h.IClamp(dend[2](1))
    tip.delay, tip.dur, tip.amp = 12, 1, 0.3
    spk = [h.Vector(), h.Vector()]
    ncs = [h.NetCon(soma(0.5)._ref_v, None, sec=soma), h.NetCon(axon(0.5)._ref_v, None, sec=axon)]
    ncs[1].threshold = 0
    for nc, v in zip(ncs, spk):
        nc.record(v)
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("axon(0.5).v", axon(0.5)._ref_v),
            ("dend[2](1).v", dend[2](1)._ref_v), ("dend[1](0.5).v", dend[1](0.5)._ref_v),
            ("stim.i", stim._ref_i), ("tip.i", tip._ref_i), ("axon(0.5).m_hh", axon(0.5)._ref_m_hh),
            ("soma(0.5).ina", soma(0.5)._ref_ina), ("soma(0.5).ena", soma(0.5)._ref_ena),
            ("dend[2](0.5).ik", dend[2](0.5)._ref_ik)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.celsius = 16.3
    h.secondorder = 1
    h.finitialize(-65)
    h.continuerun(30)
    write("features", vecs, spk)
    print("features: spikes", [list(v) for v in spk])


def notable():
    """spike_demo with h.usetable_hh = 0"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 10
    soma.insert("hh")
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 2, 0.1, 1
    h.usetable_hh = 0
    vecs = [("t", h.Vector().record(h._ref_t)), ("soma(0.5).v", h.Vector().record(soma(0.5)._ref_v))]
    h.celsius = 6.3
    h.secondorder = 0
    h.finitialize(-65)
    h.continuerun(10)
    h.usetable_hh = 1
    write("notable", vecs, [])


def methods():
    """tests/golden/methods.nrn: derivimplicit, euler, runge, nonlinear cnexp (tests/mods)"""
    secs = {}
    for name, mechs in (("a", ["hhdi"]), ("b", ["hheu"]), ("c", ["hhrk"]), ("d", ["hh", "cahvt", "cadi"])):
        s = h.Section(name=name)
        s.L = s.diam = 20
        for mname in mechs:
            s.insert(mname)
        secs[name] = s
    stims = []
    for s in secs.values():
        st = h.IClamp(s(0.5))
        st.delay, st.dur, st.amp = 1, 0.5, 0.5
        stims.append(st)
    a, b, c, d = (secs[k] for k in "abcd")
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v), ("b(0.5).v", b(0.5)._ref_v),
            ("c(0.5).v", c(0.5)._ref_v), ("d(0.5).v", d(0.5)._ref_v), ("a(0.5).m_hhdi", a(0.5)._ref_m_hhdi),
            ("b(0.5).h_hheu", b(0.5)._ref_h_hheu), ("c(0.5).n_hhrk", c(0.5)._ref_n_hhrk),
            ("d(0.5).cai", d(0.5)._ref_cai), ("d(0.5).eca", d(0.5)._ref_eca), ("d(0.5).ica", d(0.5)._ref_ica),
            ("d(0.5).s_cahvt", d(0.5)._ref_s_cahvt)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(20)
    write("methods", vecs, [])


def kinetic_model(pool):
    """tests/golden/kinetic.nrn's two cells: a with pas and kin3's KINETIC
    scheme, b with hh, cahvt and the calcium mechanism pool (cabuf here,
    cadi in cvode_refs.py's kinetic), each with a pulse: (a, b, clamps)"""
    a = h.Section(name="a")
    b = h.Section(name="b")
    for s in (a, b):
        s.L = s.diam = 20
    a.insert("pas")
    a.insert("kin3")
    a.gbar_kin3 = 0.002
    b.insert("hh")
    b.insert("cahvt")
    b.gcabar_cahvt = 0.005
    b.insert(pool)
    sa = h.IClamp(a(0.5))
    sa.delay, sa.dur, sa.amp = 1, 0.5, 0.3
    sb = h.IClamp(b(0.5))
    sb.delay, sb.dur, sb.amp = 1, 0.5, 0.5
    return a, b, (sa, sb)


def kinetic():
    """tests/golden/kinetic.nrn: KINETIC sparse (kin3, cabuf in tests/mods)"""
    a, b, keep = kinetic_model("cabuf")
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v), ("a(0.5).o_kin3", a(0.5)._ref_o_kin3),
            ("a(0.5).c1_kin3", a(0.5)._ref_c1_kin3), ("a(0.5).ina", a(0.5)._ref_ina),
            ("b(0.5).v", b(0.5)._ref_v), ("b(0.5).cai", b(0.5)._ref_cai), ("b(0.5).eca", b(0.5)._ref_eca),
            ("b(0.5).ca_cabuf", b(0.5)._ref_ca_cabuf), ("b(0.5).cabf_cabuf", b(0.5)._ref_cabf_cabuf),
            ("b(0.5).bound_cabuf", b(0.5)._ref_bound_cabuf)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(20)
    write("kinetic", vecs, [])


def verbatim():
    """tests/golden/verbatim.nrn: VERBATIM blocks (verb in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("verb")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).count_verb", seg._ref_count_verb),
            ("soma(0.5).scale_verb", seg._ref_scale_verb), ("soma(0.5).tw_verb", seg._ref_tw_verb)]
    for k in range(4):
        recs.append(("soma(0.5).tab_verb[%d]" % k, seg.verb._ref_tab[k]))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.celsius = 22
    h.finitialize(-65)
    h.continuerun(5)
    write("verbatim", vecs, [])


def pointer():
    """tests/golden/pointer.nrn: POINTER and setpointer (gapj, ptrd in tests/mods)"""
    a = h.Section(name="a")
    b = h.Section(name="b")
    c = h.Section(name="c")
    for s in (a, b):
        s.L = s.diam = 20
        s.insert("hh")
    c.L, c.diam, c.nseg = 30, 10, 3
    c.insert("pas")
    c.insert("ptrd")
    st = h.IClamp(a(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.4
    ga = h.GapJ(a(0.5))
    gb = h.GapJ(b(0.5))
    ga.g = gb.g = 0.02
    h.setpointer(b(0.5)._ref_v, "vgap", ga)
    h.setpointer(a(0.5)._ref_v, "vgap", gb)
    h.setpointer(a(0.5)._ref_v, "vref", c(0.1).ptrd)
    h.setpointer(b(0.5)._ref_m_hh, "vref", c(0.5).ptrd)
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v), ("b(0.5).v", b(0.5)._ref_v), ("ga.i", ga._ref_i),
            ("gb.i", gb._ref_i), ("ga.vgap", ga._ref_vgap)]
    for x in (0.1, 0.5, 0.9):
        recs.append(("c(%g).v" % x, c(x)._ref_v))
    for x in (0.1, 0.5, 0.9):
        recs.append(("c(%g).seen_ptrd" % x, c(x)._ref_seen_ptrd))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("pointer", vecs, [])


def watch_model():
    """tests/golden/watch.nrn's model (wtch in tests/mods): its records
    (name, reference) and spike vectors; cvode_refs.py runs it under CVode"""
    a = h.Section(name="a")
    b = h.Section(name="b")
    for s in (a, b):
        s.L = s.diam = 20
        s.insert("hh")
    st = h.IClamp(a(0.5))
    st.delay, st.dur, st.amp = 1, 20, 0.2
    wa = h.Wtch(a(0.5))
    wa.thresh = -20
    wb = h.Wtch(b(0.5))
    wb.thresh, wb.tau = -30, 3
    nc = h.NetCon(wa, wb)
    nc.delay, nc.weight[0] = 1, 0.02
    spk = [h.Vector(), h.Vector()]
    nc.record(spk[0])
    rb = h.NetCon(wb, None)
    rb.record(spk[1])
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v), ("b(0.5).v", b(0.5)._ref_v)]
    for n, pp in (("wa", wa), ("wb", wb)):
        for var in ("count", "tlast", "tdown"):
            recs.append(("%s.%s" % (n, var), getattr(pp, "_ref_" + var)))
    recs += [("wb.g", wb._ref_g), ("wb.i", wb._ref_i)]
    # the sections and point processes live as long as the records
    return recs, spk, (a, b, st, wa, wb, nc, rb)


def watch():
    """tests/golden/watch.nrn: WATCH in NET_RECEIVE (wtch in tests/mods)"""
    recs, spk, keep = watch_model()
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(40)
    write("watch", vecs, spk)


def fornetcons():
    """tests/golden/fornetcons.nrn: FOR_NETCONS (stdpw in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    syn = h.StdpW(soma(0.5))
    syn.tau = 3
    stims = []
    for number, start, interval in ((6, 2, 5), (4, 3.5, 7), (5, 1, 6)):
        ns = h.NetStim()
        ns.number, ns.start, ns.interval = number, start, interval
        stims.append(ns)
    s1, s2, s3 = stims
    ncs = []
    for src, delay, w in ((s2, 1, 0.004), (s1, 0.5, 0.006), (s3, 2, 0.003), (s1, 3, 0.002)):
        nc = h.NetCon(src, syn)
        nc.delay, nc.weight[0] = delay, w
        ncs.append(nc)
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g),
            ("syn.npost", syn._ref_npost), ("syn.wsum", syn._ref_wsum)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(40)
    write("fornetcons", vecs, [])


def beforeafter():
    """tests/golden/beforeafter.nrn: BEFORE/AFTER blocks (bablk in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.nseg = 2
    soma.insert("hh")
    soma.insert("bablk")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    recs = [("t", h._ref_t), ("soma(0.25).v", soma(0.25)._ref_v)]
    for x, names in ((0.25, ("nbi", "nai2", "nbb", "vbb")), (0.75, ("nas", "vas", "tas", "nbs", "tbs"))):
        for n in names:
            recs.append(("soma(%g).%s_bablk" % (x, n), getattr(soma(x), "_ref_%s_bablk" % n)))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("beforeafter", vecs, [])


def ghk_model():
    """tests/golden/ghk.nrn's cell (caghk, cadi in tests/mods) at 30 degC:
    its soma and the records of t, v, ica and cai; cvode_refs.py runs it
    under CVode"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    for mname in ("hh", "caghk", "cadi"):
        soma.insert(mname)
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.4
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).ica", seg._ref_ica),
            ("soma(0.5).cai", seg._ref_cai)]
    h.celsius = 30
    return soma, st, recs


def ghk():
    """tests/golden/ghk.nrn: nrn_ghk (caghk, cadi in tests/mods)"""
    soma, st, recs = ghk_model()
    seg = soma(0.5)
    recs += [("soma(0.5).g_caghk", seg._ref_g_caghk), ("soma(0.5).m_caghk", seg._ref_m_caghk)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("ghk", vecs, [])


def include():
    """tests/golden/include.nrn: INCLUDE (incl in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("pas")
    soma.insert("incl")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.2
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).m_incl", seg._ref_m_incl),
            ("soma(0.5).ina", seg._ref_ina)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("include", vecs, [])


def functable():
    """tests/golden/functable.nrn: FUNCTION_TABLE (ftab in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.gkbar_hh = 0
    soma.insert("ftab")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    xs = h.Vector([-100, -70, -50, -20, 0, 40])
    ys = h.Vector([6, 4.5, 2.5, 1.2, 0.9, 0.8])
    h.table_taun_ftab(ys, xs)
    cx, cy = [], []
    with open(os.path.join(HERE, "..", "golden", "data", "ninf.csv")) as f:
        next(f)
        for line in f:
            a, b = line.split(",")
            cx.append(float(a))
            cy.append(float(b))
    nx, ny = h.Vector(cx), h.Vector(cy)
    h.table_ninf_ftab(ny, nx)
    h.table_gscale_ftab(0.7)
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).n_ftab", seg._ref_n_ftab),
            ("soma(0.5).tauv_ftab", seg._ref_tauv_ftab), ("soma(0.5).infv_ftab", seg._ref_infv_ftab)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("functable", vecs, [])


def linnl():
    """tests/golden/linnl.nrn: LINEAR and NONLINEAR blocks (linnl in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("linnl")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v)]
    for n in ("x", "w", "p", "q", "g"):
        recs.append(("soma(0.5).%s_linnl" % n, getattr(seg, "_ref_%s_linnl" % n)))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("linnl", vecs, [])


def ctor():
    """tests/golden/ctor.nrn: CONSTRUCTOR and DESTRUCTOR (ctorp, ctord in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.nseg = 3
    soma.insert("hh")
    soma.insert("ctord")
    soma(0.5).el_ctord = -50
    soma(0.8).k_ctord = 3
    a = h.CtorSyn(soma(0.5))
    a.tau = 2
    b = h.CtorSyn(soma(0.2))
    b.gmax = 0.004
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v)]
    for n, p in (("a", a), ("b", b)):
        for v in ("g", "base", "seen", "tau"):
            recs.append(("%s.%s" % (n, v), getattr(p, "_ref_" + v)))
    for v in ("kc", "el"):
        for x in (0.2, 0.5, 0.8):
            recs.append(("soma(%g).%s_ctord" % (x, v), getattr(soma(x), "_ref_%s_ctord" % v)))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("ctor", vecs, [])


def external():
    """tests/golden/external.nrn: EXTERNAL (extu reads extg's GLOBALs, in tests/mods)"""
    h.gscale_extg = 2.5
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.nseg = 2
    for m in ("hh", "extg", "extu"):
        soma.insert(m)
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v)]
    for v, m in (("seen", "extu"), ("x", "extg")):
        for x in (0.25, 0.75):
            recs.append(("soma(%g).%s_%s" % (x, v, m), getattr(soma(x), "_ref_%s_%s" % (v, m))))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("external", vecs, [])


def longdiff_model():
    """the cells of tests/golden/longdiff.nrn, its records (name, reference)
    and what must stay alive (also cvode_refs.py's longdiff)"""
    h.b0_cadifl = 0.01
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    br = [h.Section(name="br[%d]" % i) for i in range(3)]
    axon = h.Section(name="axon")
    soma.L = soma.diam = 20
    dend.L, dend.diam, dend.nseg = 200, 2, 7
    for b in br:
        b.L, b.diam, b.nseg = 80, 1, 4
    axon.L, axon.diam, axon.nseg = 100, 1, 3
    soma.insert("hh")
    axon.insert("hh")
    for sec in [soma, dend] + br:
        if sec is not soma:
            sec.insert("pas")
        sec.insert("cadifl")
    dend.connect(soma(1), 0)
    br[0].connect(dend(1), 0)
    br[1].connect(dend(1), 0)
    br[2].connect(dend(0.5), 0)
    axon.connect(soma(0), 0)
    br[1].rallbranch = 2
    dend(0.3).jin_cadifl = 0.02
    br[0](0.9).jin_cadifl = 0.05
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("dend(0.3).v", dend(0.3)._ref_v),
            ("br[0](0.9).v", br[0](0.9)._ref_v)]
    for name, seg, var in (("dend(0.3)", dend(0.3), "ca[0]"), ("dend(0.5)", dend(0.5), "ca[0]"),
                           ("dend(0.7)", dend(0.7), "ca[2]"), ("dend(0.93)", dend(0.93), "ca[1]"),
                           ("br[0](0.125)", br[0](0.125), "ca[0]"), ("br[1](0.125)", br[1](0.125), "ca[0]"),
                           ("br[2](0.375)", br[2](0.375), "ca[0]"), ("soma(0.5)", soma(0.5), "ca[0]"),
                           ("br[0](0.9)", br[0](0.9), "b"), ("dend(0.1)", dend(0.1), "b")):
        if "[" in var:
            n, k = var[:-1].split("[")
            ref = getattr(seg, "_ref_%s_cadifl" % n)[int(k)]
            recs.append(("%s.%s_cadifl[%s]" % (name, n, k), ref))
        else:
            recs.append(("%s.%s_cadifl" % (name, var), getattr(seg, "_ref_%s_cadifl" % var)))
    recs.append(("br[1](0.875).cai", br[1](0.875)._ref_cai))
    return recs, (soma, dend, br, axon, st)


def longdiff():
    """tests/golden/longdiff.nrn: LONGITUDINAL_DIFFUSION (cadifl in tests/mods)"""
    recs, keep = longdiff_model()
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("longdiff", vecs, [])


def iferror():
    """tests/golden/iferror.nrn: SOLVE ... IFERROR (iferr, iferrd, iferrr in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    for m in ("hh", "iferr", "iferrd", "iferrr"):
        soma.insert(m)
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v)]
    for n in ("n1_iferr", "n2_iferr", "n_iferrd", "x_iferrd", "n_iferrr"):
        recs.append(("soma(0.5).%s" % n, getattr(seg, "_ref_" + n)))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("iferror", vecs, [])


def lineqadd():
    """tests/golden/lineqadd.nrn: '~+' in LINEAR and NONLINEAR (lineqadd in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("lineqadd")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v)]
    for n in ("x", "w", "p", "q", "tot"):
        recs.append(("soma(0.5).%s_lineqadd" % n, getattr(seg, "_ref_%s_lineqadd" % n)))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("lineqadd", vecs, [])


def linarr():
    """tests/golden/linarr.nrn: array STATEs in LINEAR and NONLINEAR (linarr in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("linarr")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v)]
    for n, k in (("x", 0), ("x", 1), ("x", 2), ("s", -1), ("p", 0), ("p", 1), ("r", -1)):
        if k < 0:
            recs.append(("soma(0.5).%s_linarr" % n, getattr(seg, "_ref_%s_linarr" % n)))
        else:
            recs.append(("soma(0.5).%s_linarr[%d]" % (n, k), getattr(seg, "_ref_%s_linarr" % n)[k]))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("linarr", vecs, [])


def functable2():
    """tests/golden/functable2.nrn: FUNCTION_TABLEs of two arguments (ftab2 in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("ftab2")
    with open(os.path.join(HERE, "..", "golden", "data", "nrate_grid.csv")) as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    tcs = [float(c) for c in rows[0][1:]]
    vs = [float(r[0]) for r in rows[1:]]
    grid = [float(c) for r in rows[1:] for c in r[1:]]
    xv, yv, tab = h.Vector(vs), h.Vector(tcs), h.Vector(grid)
    h.table_nrate_ftab2(tab._ref_x[0], len(vs), xv._ref_x[0], len(tcs), yv._ref_x[0])
    h.table_ninf2_ftab2(0.25)
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 1, 0.5
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).n_ftab2", seg._ref_n_ftab2),
            ("soma(0.5).rate_ftab2", seg._ref_rate_ftab2)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("functable2", vecs, [])


def longdiff_ion_model():
    """the cells of tests/golden/longdiff_ion.nrn, its records and what
    must stay alive (also cvode_refs.py's longdiff_ion)"""
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    axon = h.Section(name="axon")
    soma.L = soma.diam = 20
    dend.L, dend.diam, dend.nseg = 150, 1, 6
    axon.L, axon.diam, axon.nseg = 200, 0.8, 5
    soma.insert("hh")
    soma.insert("nadif")
    dend.insert("pas")
    dend.insert("nadif")
    axon.insert("hh")
    axon.insert("nadif")
    dend.connect(soma(1), 0)
    axon.connect(soma(0), 0)
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 2, 0.4
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("axon(0.9).v", axon(0.9)._ref_v)]
    for name, seg in (("soma(0.5)", soma(0.5)), ("dend(0.083)", dend(0.083)), ("dend(0.917)", dend(0.917)),
                      ("axon(0.1)", axon(0.1)), ("axon(0.9)", axon(0.9))):
        recs.append(("%s.nai" % name, seg._ref_nai))
    recs.append(("soma(0.5).ena", soma(0.5)._ref_ena))
    recs.append(("dend(0.5).ena", dend(0.5)._ref_ena))
    return recs, (soma, dend, axon, st)


def longdiff_ion():
    """tests/golden/longdiff_ion.nrn: LONGITUDINAL_DIFFUSION of nai (nadif in tests/mods)"""
    recs, keep = longdiff_ion_model()
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("longdiff_ion", vecs, [])


def nosuffix():
    """tests/golden/nosuffix.nrn: a mechanism without SUFFIX (nosuffix in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("nosuffix")
    soma(0.5).g_nosuffix = 0.0006
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).i_nosuffix", seg._ref_i_nosuffix)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("nosuffix", vecs, [])


def discon():
    """tests/golden/discon.nrn: state_discontinuity in NET_RECEIVE (discon in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 10
    soma.insert("hh")
    syn = h.DisconSyn(soma(0.5))
    syn.tau1 = 0.5
    stim = h.NetStim()
    stim.number, stim.start, stim.interval, stim.noise = 4, 2, 6, 0
    nc = h.NetCon(stim, syn)
    nc.delay, nc.weight[0] = 1, 0.01
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("syn.g", syn._ref_g), ("syn.nev", syn._ref_nev)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(30)
    write("discon", vecs, [])


def steadystate():
    """tests/golden/steadystate.nrn: STEADYSTATE derivimplicit (ssdit in tests/mods)"""
    b = h.Section(name="b")
    b.L = b.diam = 20
    b.insert("pas")
    b.insert("ssdit")
    st = h.IClamp(b(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.1
    recs = [("t", h._ref_t), ("b(0.5).v", b(0.5)._ref_v), ("b(0.5).n_ssdit", b(0.5)._ref_n_ssdit)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("steadystate", vecs, [])


def intfire_net():
    """tests/golden/intfire_net.nrn: rings of IntFire1, IntFire2, IntFire4"""
    n = 12
    dummy = h.Section(name="dummy")
    r1, r2, r4 = [], [], []
    for _ in range(n):
        c = h.IntFire1()
        c.tau, c.refrac = 8, 3
        r1.append(c)
    for _ in range(n):
        c = h.IntFire2()
        c.taum, c.taus, c.ib = 12, 15, 0.2
        r2.append(c)
    for _ in range(n):
        c = h.IntFire4()
        c.taue, c.taui1, c.taui2, c.taum = 4, 8, 12, 20
        r4.append(c)
    keep = []

    def con(src, tgt, delay, w):
        nc = h.NetCon(src, tgt)
        nc.delay, nc.weight[0] = delay, w
        keep.append(nc)

    for i in range(n):
        con(r1[i], r1[(i + 1) % n], 2, 1.2)
        con(r2[i], r2[(i + 1) % n], 1.5, 0.9)
        con(r4[i], r4[(i + 1) % n], 1, 0.8)
        con(r4[i], r4[(i + 5) % n], 3, -0.3)
    d1, d2 = h.NetStim(), h.NetStim()
    d1.number, d1.start, d1.interval, d1.noise = 4, 1, 37, 0
    d2.number, d2.start, d2.interval, d2.noise = 30, 2, 5, 0
    con(d1, r1[0], 0.5, 1.5)
    con(d1, r4[0], 0.5, 1.2)
    con(d2, r2[3], 1, 0.5)
    cells = r1 + r2 + r4 + [d1, d2]
    spk = [h.Vector() for _ in cells]
    for g, c in enumerate(cells):
        nc = h.NetCon(c, None)
        nc.record(spk[g])
        keep.append(nc)
    recs = [("t", h._ref_t), ("r1[0].c.m", r1[0]._ref_m), ("r2[3].c.m", r2[3]._ref_m), ("r4[0].c.m", r4[0]._ref_m)]
    vecs = [(nm, h.Vector().record(r)) for nm, r in recs]
    h.finitialize(-65)
    h.continuerun(150)
    write("intfire_net", vecs, spk)
    del dummy


RELEASE = "/usr/share/nrn/demo/release"


def release_mods():
    """tests/golden/release_mods.nrn: Debian's ten demo .mod files"""
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp()
    for f in os.listdir(RELEASE):
        if f.endswith(".mod"):
            shutil.copy(os.path.join(RELEASE, f), tmp)
    lib = subprocess.run(["bash", os.path.join(HERE, "../../../shared/oracle/build-mods.sh"), tmp],
                         capture_output=True, text=True, check=True).stdout.strip()
    h.nrn_load_dll(lib)
    secs = {}
    for name, mechs in (("a", ["hh", "cachan", "cadifpmp", "capump", "nacax", "trel"]),
                        ("b", ["pas", "HHk", "HHna", "cachan1"]), ("c", ["pas", "MCna", "HHk"])):
        s = h.Section(name=name)
        s.L = s.diam = 20
        for mname in mechs:
            s.insert(mname)
        secs[name] = s
    stims = []
    for s in secs.values():
        st = h.IClamp(s(0.5))
        st.delay, st.dur, st.amp = 1, 0.5, 0.5
        stims.append(st)
    f = h.IntervalFire()
    f.tau, f.invl = 5, 3
    ns = h.NetStim()
    ns.number, ns.start, ns.interval = 3, 2, 4
    nc = h.NetCon(ns, f)
    nc.delay, nc.weight[0] = 0.5, 0.4
    spk = [h.Vector(), h.Vector()]
    rec_f = h.NetCon(f, None)
    rec_f.record(spk[0])
    nc.record(spk[1])
    a, b, c = secs["a"], secs["b"], secs["c"]
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v), ("a(0.5).cai", a(0.5)._ref_cai),
            ("a(0.5).ica", a(0.5)._ref_ica), ("a(0.5).oca_cachan", a(0.5)._ref_oca_cachan),
            ("a(0.5).pump_cadifpmp", a(0.5)._ref_pump_cadifpmp),
            ("a(0.5).pumpca_cadifpmp", a(0.5)._ref_pumpca_cadifpmp)]
    for k in range(10):
        recs.append(("a(0.5).ca_cadifpmp[%d]" % k, a(0.5).cadifpmp._ref_ca[k]))
    for st in ("Ves", "B", "Ach", "X"):
        recs.append(("a(0.5).%s_trel" % st, getattr(a(0.5), "_ref_%s_trel" % st)))
    recs += [("b(0.5).v", b(0.5)._ref_v), ("b(0.5).n_HHk", b(0.5)._ref_n_HHk),
             ("b(0.5).m_HHna", b(0.5)._ref_m_HHna), ("b(0.5).h_HHna", b(0.5)._ref_h_HHna),
             ("b(0.5).S_cachan1", b(0.5)._ref_S_cachan1), ("c(0.5).v", c(0.5)._ref_v)]
    for st in ("P", "L", "M", "N", "O"):
        recs.append(("c(0.5).%s_MCna" % st, getattr(c(0.5), "_ref_%s_MCna" % st)))
    recs += [("c(0.5).n_HHk", c(0.5)._ref_n_HHk), ("f.m", f._ref_m)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(20)
    write("release_mods", vecs, spk)
    shutil.rmtree(tmp)


def modfix():
    """tests/golden/modfix.nrn: constructs of published models (crend, ionvb, tabrng, tabrs in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.nseg = 3
    for m in ("hh", "crend", "ionvb"):
        soma.insert(m)
    a1, a2 = h.TabRng(soma(0.5)), h.TabRng(soma(0.5))
    a1.mg, a2.mg = 1, 2.5
    b1, b2 = h.TabRs(soma(0.1)), h.TabRs(soma(0.9))
    b1.mg, b2.mg = 0.5, 4
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.3
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).cai", seg._ref_cai),
            ("soma(0.5).ica", seg._ref_ica), ("soma(0.5).c0_ionvb", seg._ref_c0_ionvb),
            ("soma(0.5).q_ionvb", seg._ref_q_ionvb), ("soma(0.5).i_crend", seg._ref_i_crend),
            ("a1.i", a1._ref_i), ("a2.i", a2._ref_i), ("b1.i", b1._ref_i), ("b2.i", b2._ref_i)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(5)
    write("modfix", vecs, [])


def modfix2():
    """tests/golden/modfix2.nrn: constructs of published models (kwret, tabarr, ldlone in tests/mods)"""
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    soma.L = soma.diam = 20
    dend.L, dend.diam, dend.nseg = 200, 2, 5
    for m in ("hh", "kwret", "tabarr"):
        soma.insert(m)
    for m in ("pas", "kwret", "ldlone"):
        dend.insert(m)
    dend.connect(soma(1), 0)
    dend(0.1).b0_ldlone = 1
    dend(0.9).c0_ldlone = 0.5
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.5
    s5, d9 = soma(0.5), dend(0.9)
    recs = [("t", h._ref_t), ("soma(0.5).v", s5._ref_v), ("dend(0.9).v", d9._ref_v),
            ("soma(0.5).a_kwret", s5._ref_a_kwret), ("soma(0.5).b_kwret", s5._ref_b_kwret),
            ("soma(0.5).n_kwret", s5._ref_n_kwret), ("dend(0.9).b_kwret", d9._ref_b_kwret),
            ("soma(0.5).m_tabarr[0]", s5._ref_m_tabarr[0]), ("soma(0.5).m_tabarr[1]", s5._ref_m_tabarr[1]),
            ("soma(0.5).ik", s5._ref_ik)]
    for x, var in ((0.1, "b"), (0.5, "b"), (0.9, "b"), (0.9, "c"), (0.9, "x"), (0.3, "c"), (0.3, "x")):
        recs.append(("dend(%g).%s_ldlone" % (x, var), getattr(dend(x), "_ref_%s_ldlone" % var)))
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("modfix2", vecs, [])


def lag():
    """tests/golden/lag.nrn: LAG (lagt in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.nseg = 2
    soma.insert("hh")
    soma.insert("lagt")
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.5
    a, b = soma(0.25), soma(0.75)
    recs = [("t", h._ref_t), ("soma(0.25).v", a._ref_v), ("soma(0.75).v", b._ref_v),
            ("soma(0.25).q_lagt", a._ref_q_lagt), ("soma(0.25).ql_lagt", a._ref_ql_lagt),
            ("soma(0.75).ql_lagt", b._ref_ql_lagt), ("soma(0.25).wl_lagt", a._ref_wl_lagt),
            ("soma(0.25).vl_lagt", a._ref_vl_lagt), ("soma(0.75).vl_lagt", b._ref_vl_lagt),
            ("soma(0.25).i_lagt", a._ref_i_lagt)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(8)
    write("lag", vecs, [])


def functable3():
    """tests/golden/functable3.nrn: FUNCTION_TABLEs of three and four arguments (ftab3 in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("ftab3")
    with open(os.path.join(HERE, "..", "golden", "data", "f3_grid.csv")) as f:
        rows = [[float(c) for c in line.strip().split(",")] for line in f if line.strip()[0].isdigit() or line.strip()[0] == "-"]
    axes = [sorted(set(r[a] for r in rows)) for a in range(3)]
    vecs_ax = [h.Vector(a) for a in axes]
    tab = h.Vector([r[3] for r in rows])
    h.table_f3_ftab3(tab._ref_x[0], len(axes[0]), vecs_ax[0]._ref_x[0], len(axes[1]), vecs_ax[1]._ref_x[0],
                     len(axes[2]), vecs_ax[2]._ref_x[0])
    h.table_c4_ftab3(0.75)
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 1, 0.5
    seg = soma(0.5)
    recs = [("t", h._ref_t), ("soma(0.5).v", seg._ref_v), ("soma(0.5).s_ftab3", seg._ref_s_ftab3),
            ("soma(0.5).i_ftab3", seg._ref_i_ftab3)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(10)
    write("functable3", vecs, [])


def modfix3():
    """tests/golden/modfix3.nrn: constructs of published models (vbloc, nrret, kfwd, ppca, cacc in tests/mods)"""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.nseg = 3
    for m in ("hh", "vbloc", "kfwd", "cacc"):
        soma.insert(m)
    pc, pd = h.PpCa(soma(0.5)), h.PpCa(soma(0.1))
    pc.gmax = 0.004
    syn = h.NrRet(soma(0.5))
    syn.tau = 2
    h.setpointer(soma(0.1)._ref_v, "vs", syn)
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = 1, 0.5, 0.5
    s1, s2 = h.NetStim(), h.NetStim()
    s1.number, s1.start, s1.interval, s1.noise = 3, 1, 3, 0
    s2.number, s2.start, s2.interval, s2.noise = 3, 2, 3, 0
    n1, n2 = h.NetCon(s1, syn), h.NetCon(s2, syn)
    n1.delay, n1.weight[0] = 0.5, 0.02
    n2.delay, n2.weight[0] = 0.5, -0.01
    a, b, c = soma(0.1), soma(0.5), soma(0.9)
    recs = [("t", h._ref_t), ("soma(0.5).v", b._ref_v), ("soma(0.1).a_vbloc", a._ref_a_vbloc),
            ("soma(0.5).a_vbloc", b._ref_a_vbloc), ("soma(0.9).w_vbloc", c._ref_w_vbloc),
            ("soma(0.5).r0_vbloc", b._ref_r0_vbloc), ("soma(0.5).ik", b._ref_ik), ("syn.g", syn._ref_g),
            ("syn.nev", syn._ref_nev), ("soma(0.5).a_kfwd", b._ref_a_kfwd), ("soma(0.5).b_kfwd", b._ref_b_kfwd),
            ("soma(0.5).c_kfwd", b._ref_c_kfwd),
            ("pc.gt", pc._ref_gt), ("pd.gt", pd._ref_gt), ("soma(0.5).ica", b._ref_ica),
            ("soma(0.5).cai", b._ref_cai), ("soma(0.5).eca", b._ref_eca), ("soma(0.1).ica", a._ref_ica),
            ("soma(0.1).cai", a._ref_cai), ("soma(0.9).ica", c._ref_ica),
            ("soma(0.5).dica_dv_", b._ref_dica_dv_)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(12)
    write("modfix3", vecs, [])


def ppsum():
    """tests/golden/ppsum.nrn: several point processes of one type on one node (ppsyn in tests/mods)"""
    soma = h.Section(name="soma")
    dend = h.Section(name="dend")
    soma.L = soma.diam = 10
    soma.insert("hh")
    dend.L, dend.diam, dend.nseg = 100, 2, 3
    dend.insert("pas")
    dend.connect(soma(1))
    syns = {}
    for name, loc, tau, erev in (("s1", soma(0.5), 5, 0), ("s2", soma(0.5), 3, -10), ("s3", soma(0.5), 1.5, 10),
                                 ("s4", dend(0), 4, 0), ("s5", soma(1), 2, -20)):
        s = h.PpSyn(loc)
        s.tau, s.erev = tau, erev
        syns[name] = s
    for name, tau, e in (("x1", 2, 0), ("x2", 3, -5), ("x3", 7, 5)):
        s = h.ExpSyn(dend(0.5))
        s.tau, s.e = tau, e
        syns[name] = s
    stim = h.NetStim()
    stim.number, stim.start, stim.interval, stim.noise = 5, 2, 9, 0
    ncs = []
    for name, delay, w in (("s1", 1, 0.02), ("s2", 2, 0.01), ("s3", 1.5, 0.015), ("s4", 1, 0.01), ("s5", 3, 0.012),
                           ("x1", 1, 0.003), ("x2", 1.25, 0.002), ("x3", 0.5, 0.004)):
        nc = h.NetCon(stim, syns[name])
        nc.delay, nc.weight[0] = delay, w
        ncs.append(nc)
    spk = [h.Vector(), h.Vector()]
    ncs[0].record(spk[0])
    det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    det.record(spk[1])
    recs = [("t", h._ref_t), ("soma(0.5).v", soma(0.5)._ref_v), ("soma(1).v", soma(1)._ref_v),
            ("dend(0.5).v", dend(0.5)._ref_v), ("dend(0.9).v", dend(0.9)._ref_v), ("s1.g", syns["s1"]._ref_g),
            ("s3.i", syns["s3"]._ref_i), ("s5.i", syns["s5"]._ref_i), ("x3.i", syns["x3"]._ref_i)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(50)
    write("ppsum", vecs, spk)


def vreset():
    """tests/golden/vreset.nrn: v set in NET_RECEIVE (vreset in tests/mods)"""
    a = h.Section(name="a")
    b = h.Section(name="b")
    for s in (a, b):
        s.L = s.diam = 20
        s.insert("pas")
        s.g_pas, s.e_pas = 1e-4, -70
    st = h.IClamp(a(0.5))
    st.delay, st.dur, st.amp = 1, 30, 0.4
    ra = h.VReset(a(0.5))
    rb = h.VReset(b(0.5))
    rb.vth = -60
    syn = h.ExpSyn(b(0.5))
    syn.tau = 2
    nc = h.NetCon(ra, syn)
    nc.delay, nc.weight[0] = 1, 0.01
    spk = [h.Vector(), h.Vector()]
    nc.record(spk[0])
    nb = h.NetCon(rb, None)
    nb.record(spk[1])
    recs = [("t", h._ref_t), ("a(0.5).v", a(0.5)._ref_v), ("b(0.5).v", b(0.5)._ref_v),
            ("ra.count", ra._ref_count), ("ra.i", ra._ref_i), ("rb.count", rb._ref_count)]
    vecs = [(n, h.Vector().record(r)) for n, r in recs]
    h.finitialize(-65)
    h.continuerun(40)
    write("vreset", vecs, spk)


def main():
    h.load_file("stdrun.hoc")
    mods = os.path.join(HERE, "..", "mods")
    lib = subprocess.run(["bash", os.path.join(HERE, "../../../shared/oracle/build-mods.sh"), mods],
                         capture_output=True, text=True, check=True).stdout.strip()
    cases = (features, notable, methods, kinetic, verbatim, pointer, watch, fornetcons, beforeafter, ghk, include,
             functable, linnl, steadystate, intfire_net, release_mods, ctor, external, longdiff, iferror, lineqadd, linarr, functable2, longdiff_ion, nosuffix, discon, modfix, modfix2, lag, functable3, ppsum,
             modfix3, vreset)
    # python3 neuron_refs.py [CASE...]: only those cases
    if len(sys.argv) > 1:
        cases = [c for c in cases if c.__name__ in sys.argv[1:]]
    for case in cases:
        # each case in its own process: NEURON keeps its sections
        pid = os.fork()
        if pid == 0:
            if case is not release_mods:
                h.nrn_load_dll(lib)
            case()
            os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
