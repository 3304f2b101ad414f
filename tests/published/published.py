"""What the scripts of tests/published share."""
import os
import time

from neuron import h


def timed(run):
    """calls run() (the protocol's run in NEURON) and returns the seconds
    it took (wall clock), which write_records reports"""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def record_spikes():
    """records the spikes of every spike source the model's NetCons have,
    in the order nrncc-export numbers them (the sources in the order of
    the NetCons, then the artificial cells no NetCon leaves from): call
    it after building the model and before finitialize; returns what
    write_records takes as spikes"""
    seen = set()
    recs = []
    for nc in list(h.List("NetCon")):
        pre = nc.pre()
        if pre is not None:
            key = pre.hname()
        else:
            seg = nc.preseg()
            if seg is None:
                continue
            key = (seg.sec.name(), seg.x)
        if key in seen:
            continue
        seen.add(key)
        vec = h.Vector()
        nc.record(vec)
        recs.append(vec)
    mt = h.MechanismType(1)
    name = h.ref("")
    for i in range(int(mt.count())):
        if not mt.is_artificial(i):
            continue
        mt.select(i)
        mt.selected(name)
        for obj in h.List(name[0]):
            if obj.hname() in seen:
                continue
            seen.add(obj.hname())
            nc = h.NetCon(obj, None)
            vec = h.Vector()
            nc.record(vec)
            recs.append((nc, vec))
    return recs


def write_records(vecs, spikes=None, run_time=None):
    """vecs: (column name, recorded Vector) pairs, t first; written as CSV
    to $NRNCC_NEURON_OUT when it is set (check.sh's NEURON run), else
    nothing (nrncc-export runs the same script).  spikes (record_spikes's
    list) go to $NRNCC_NEURON_SPIKES as gid,time; the run's time and the
    model's size to $NRNCC_NEURON_INFO"""
    path = os.environ.get("NRNCC_NEURON_OUT")
    if not path:
        return
    with open(path, "w") as f:
        if not vecs:
            vecs = [("t", [])]
        f.write(",".join(n for n, _ in vecs) + "\n")
        for row in zip(*[list(v) for _, v in vecs]):
            f.write(",".join(repr(x) for x in row) + "\n")
    spath = os.environ.get("NRNCC_NEURON_SPIKES")
    if spath and spikes is not None:
        rows = []
        for gid, r in enumerate(spikes):
            vec = r[1] if isinstance(r, tuple) else r
            rows.extend((t, gid) for t in vec)
        rows.sort()
        with open(spath, "w") as f:
            f.write("gid,time\n")
            for t, gid in rows:
                f.write("%d,%r\n" % (gid, t))
    ipath = os.environ.get("NRNCC_NEURON_INFO")
    if ipath:
        secs = list(h.allsec())
        with open(ipath, "w") as f:
            f.write("sections %d\n" % len(secs))
            f.write("segments %d\n" % sum(s.nseg for s in secs))
            f.write("netcons %d\n" % len(h.List("NetCon")))
            f.write("cvode %d\n" % h.cvode.active())
            if run_time is not None:
                f.write("neuron_run %.3f\n" % run_time)
