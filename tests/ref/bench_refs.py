"""NEURON 8.2.2 references for the benchmark models models/hh_axon.nrn
and models/tree.nrn (models/gen_tree.sh), smaller than in the bench:
  hh_axon_101  the axon of /work/shared/bench/model_b_hh_axon.py with
               nseg 101 (nrncc -D NSEG=101), 50 ms
  tree_5       the tree of model_e_tree.py with depth 5 (31 sections,
               gen_tree.sh 5), 100 ms
built as those scripts build them (the same statements in the same
order), run with finitialize(-65) and continuerun(tstop) at dt 0.025 ms,
secondorder 0, celsius 6.3.  Each writes tests/ref/CASE/spikes.csv
(gid,time at full precision, sorted by time, then gid) and trace.csv (t
and the v the model records, every step).
Run with Debian's NEURON: /usr/bin/python3 tests/ref/bench_refs.py"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def run(case, tstop, build):
    from neuron import h
    h.load_file("stdrun.hoc")
    h.celsius = 6.3
    h.secondorder = 0
    h.dt = 0.025
    spk_t, spk_id = h.Vector(), h.Vector()
    keep, vseg, vname = build(h, spk_t, spk_id)
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(vseg._ref_v)
    h.finitialize(-65)
    h.continuerun(tstop)
    d = os.path.join(HERE, case)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "spikes.csv"), "w") as f:
        f.write("gid,time\n")
        for t, g in sorted((t, int(g)) for t, g in zip(spk_t, spk_id)):
            f.write("%d,%r\n" % (g, t))
    with open(os.path.join(d, "trace.csv"), "w") as f:
        f.write("t,%s\n" % vname)
        for t, v in zip(tv, vv):
            f.write("%r,%r\n" % (t, v))
    del keep


def detector(h, seg, sec, gid, spk_t, spk_id):
    nc = h.NetCon(seg._ref_v, None, sec=sec)
    nc.threshold = 10.0
    nc.record(spk_t, spk_id, gid)
    return nc


def hh_axon(nseg):
    def build(h, spk_t, spk_id):
        axon = h.Section(name="axon")
        axon.L = 10000.0
        axon.diam = 1.0
        axon.Ra = 100.0
        axon.cm = 1.0
        axon.nseg = nseg
        axon.insert("hh")
        ic = h.IClamp(axon(0))
        ic.delay, ic.dur, ic.amp = 1.0, 0.5, 1.0
        nc = detector(h, axon(0.9), axon, 0, spk_t, spk_id)
        return (axon, ic, nc), axon(0.5), "axon(0.5).v"
    run("hh_axon_%d" % nseg, 50.0, build)


def tree(depth):
    def build(h, spk_t, spk_id):
        secs = []
        for k in range(2 ** depth - 1):
            level = (k + 1).bit_length() - 1
            s = h.Section(name="dend_%d" % k)
            s.L = 50.0
            s.nseg = 5
            s.diam = 2.0 - 1.5 * level / (depth - 1) if depth > 1 else 2.0
            s.Ra = 100.0
            s.cm = 1.0
            s.insert("hh")
            if k > 0:
                s.connect(secs[(k - 1) // 2](1))
            secs.append(s)
        root = secs[0]
        ic = h.IClamp(root(0))
        ic.delay, ic.dur, ic.amp = 1.0, 1.0, 3.0
        ncs = [detector(h, root(0.5), root, 0, spk_t, spk_id)]
        for j, leaf in enumerate(secs[2 ** (depth - 1) - 1:]):
            ncs.append(detector(h, leaf(0.5), leaf, 1 + j, spk_t, spk_id))
        return (secs, ic, ncs), root(0.5), "dend[0](0.5).v"
    run("tree_%d" % depth, 100.0, build)


# each case in a fresh NEURON (a child process)
for case in (lambda: hh_axon(101), lambda: tree(5)):
    pid = os.fork()
    if pid == 0:
        case()
        os._exit(0)
    os.waitpid(pid, 0)
