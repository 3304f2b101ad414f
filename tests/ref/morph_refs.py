#!/usr/bin/env python3
"""NEURON 8.2.2 references for nrncc's morphology models (beyond the user's
oracle in ../shared/oracle): examples/small_cell.nrn, the made-up
examples/small_cell.swc read by NEURON's Import3d, and
tests/golden/cellbuilder.nrn (tests/unit/morph/cellbuilder.hoc).  Writes
tests/ref/CASE/: trace.csv (t and v at the centre of every segment,
named as nrncc's `record forall v` names them), spikes.csv (gid,time),
sections.csv (section,parent,parent_x,n3d,L,nseg in creation order) and
geometry.csv (section,x,area,ri of every segment), modelview.txt (what
NEURON's ModelView shows; also for examples/pyramid.nrn, in pyramid_seed/).
Run with Debian's NEURON:  /usr/bin/python3 tests/ref/morph_refs.py"""
import os
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "examples")


def num(x):
    """shortest round-trip text, "1" rather than "1.0" (as nrncc prints)"""
    return "%d" % x if x == int(x) else repr(x)


def lambda_f(sec, freq):
    # stdlib.hoc's lambda_f: from the 3-D points when there are two or more
    if sec.n3d() < 2:
        return 1e5 * (sec.diam / (4 * 3.141592653589793 * freq * sec.Ra * sec.cm)) ** 0.5
    x1, d1 = sec.arc3d(0), sec.diam3d(0)
    lam = 0.0
    for i in range(1, sec.n3d()):
        x2, d2 = sec.arc3d(i), sec.diam3d(i)
        lam += (x2 - x1) / (d1 + d2) ** 0.5
        x1, d1 = x2, d2
    lam *= (2 ** 0.5) * 1e-5 * (4 * 3.141592653589793 * freq * sec.Ra * sec.cm) ** 0.5
    return sec.L / lam


def small_cell():
    h.load_file("stdrun.hoc")
    h.load_file("import3d.hoc")
    r = h.Import3d_SWC_read()
    r.input(os.path.join(EXAMPLES, "small_cell.swc"))
    h.Import3d_GUI(r, False).instantiate(None)
    secs = list(h.allsec())
    for s in secs:
        s.Ra = 100
        s.cm = 1
        s.nseg = int((s.L / (0.1 * lambda_f(s, 100)) + 0.9) / 2) * 2 + 1
    h.apic[2].nseg = 9
    soma = h.soma[0]
    soma.insert("hh")
    for s in secs:
        name = s.name()
        if name.startswith("axon"):
            s.insert("hh")
        elif name.startswith("dend"):
            s.insert("pas")
            for seg in s:
                seg.pas.g, seg.pas.e = 5e-5, -65
        elif name.startswith("apic"):
            s.cm = 2
            s.insert("hh")
            for seg in s:
                seg.hh.gnabar = 0.05
                seg.hh.gkbar = 0.036 * __import__("math").exp(-h.distance(soma(0.5), seg) / 200)
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 2, 0.5
    syn = h.ExpSyn(h.apic[4](0.7))
    syn.tau, syn.e = 2, 0
    drive = h.NetStim()
    drive.number, drive.start, drive.interval, drive.noise = 2, 3, 4, 0
    nc = h.NetCon(drive, syn)
    nc.delay, nc.weight[0] = 1, 0.01
    spk = [h.Vector(), h.Vector()]
    nc.record(spk[0])
    det = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    det.record(spk[1])
    cols = [("t", h.Vector().record(h._ref_t))]
    for s in secs:
        for seg in s:
            cols.append(("%s(%s).v" % (s.name(), num(seg.x)), h.Vector().record(seg._ref_v)))
    h.finitialize(-65)
    h.continuerun(15)

    d = os.path.join(HERE, "small_cell")
    os.makedirs(d, exist_ok=True)
    write_trace(d, cols, spk)
    write_geometry(d, secs)
    modelview(d)
    print("small_cell: %d sections, %d segments, spikes %s" %
          (len(secs), sum(s.nseg for s in secs), [list(v) for v in spk]))


def write_trace(d, cols, spk):
    with open(os.path.join(d, "trace.csv"), "w") as f:
        f.write(",".join(n for n, _ in cols) + "\n")
        for row in zip(*[list(v) for _, v in cols]):
            f.write(",".join(repr(x) for x in row) + "\n")
    if spk is None:
        return
    with open(os.path.join(d, "spikes.csv"), "w") as f:
        f.write("gid,time\n")
        for t, g in sorted((t, g) for g, ts in enumerate(spk) for t in ts):
            f.write("%d,%r\n" % (g, t))


def write_geometry(d, secs):
    with open(os.path.join(d, "sections.csv"), "w") as f:
        f.write("section,parent,parent_x,n3d,L,nseg\n")
        for s in secs:
            sr = h.SectionRef(sec=s)
            par = sr.parent.name() if sr.has_parent() else ""
            px = s.parentseg().x if sr.has_parent() else -1
            f.write("%s,%s,%s,%d,%s,%d\n" % (s.name(), par, num(px), s.n3d(), num(s.L), s.nseg))
    with open(os.path.join(d, "geometry.csv"), "w") as f:
        f.write("section,x,area,ri\n")
        for s in secs:
            for seg in s:
                f.write("%s,%s,%r,%r\n" % (s.name(), num(seg.x), seg.area(), seg.ri()))


def modelview(d):
    """NEURON's ModelView of the model as it stands, as text: its tree one
    item per line, as its own text export writes it (the items carry their
    indentation and "* " marks): d/modelview.txt"""
    h.load_file("mview.hoc")
    mv = h.ModelView(0)
    lines = []

    def walk(item):
        lines.append(item.s)
        if item.children is not None:
            for i in range(int(item.children.count())):
                walk(item.children.object(i))

    for i in range(int(mv.display.top.count())):
        walk(mv.display.top.object(i))
    with open(os.path.join(d, "modelview.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def pyramid():
    """examples/pyramid.nrn (the oracle's pyramid_seed): only its ModelView"""
    h.load_file("stdrun.hoc")
    h.load_file("/usr/share/nrn/demo/pyramid.nrn")
    secs = list(h.allsec())
    for s in secs:
        s.Ra = 100
        s.cm = 1
        s.nseg = int((s.L / (0.1 * lambda_f(s, 100)) + 0.9) / 2) * 2 + 1
        s.insert("hh")
    stim = h.IClamp(h.soma(0.5))
    stim.delay, stim.dur, stim.amp = 1, 1, 10
    d = os.path.join(HERE, "pyramid_seed")
    os.makedirs(d, exist_ok=True)
    modelview(d)
    print("pyramid: ModelView")


def cellbuilder():
    """tests/golden/cellbuilder.nrn: a CellBuilder-style hoc file (3-D points,
    then L and diam set on the same sections: NEURON scales the points and
    their arcs), hh everywhere, a pulse into the soma"""
    h.load_file("stdrun.hoc")
    h.load_file(os.path.join(HERE, "..", "unit", "morph", "cellbuilder.hoc"))
    secs = list(h.allsec())
    for s in secs:
        s.insert("hh")
    stim = h.IClamp(h.soma(0.5))
    stim.delay, stim.dur, stim.amp = 0.5, 1, 2
    cols = [("t", h.Vector().record(h._ref_t))]
    for s in secs:
        for seg in s:
            cols.append(("%s(%s).v" % (s.name(), num(seg.x)), h.Vector().record(seg._ref_v)))
    h.finitialize(-65)
    h.continuerun(5)
    d = os.path.join(HERE, "cellbuilder")
    os.makedirs(d, exist_ok=True)
    write_trace(d, cols, None)
    write_geometry(d, secs)
    print("cellbuilder: %d sections, %d segments" % (len(secs), sum(s.nseg for s in secs)))


for case in (small_cell, cellbuilder, pyramid):
    # each case in its own process: NEURON keeps its sections
    pid = os.fork()
    if pid == 0:
        case()
        os._exit(0)
    os.waitpid(pid, 0)
