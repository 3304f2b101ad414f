"""NEURON 8.2.2 reference for tests/vecstim/vecstim.nrn: two hh cells
(sections a and b, L = diam = 10 um) with ExpSyns (tau 2 ms, e 0 mV),
driven by VecStims playing the same times as the model file's (the file
tests/vecstim/train.txt, and the list), through the same NetCons made in
the same order; tstop 40 ms.  Every spike at full precision goes to
tests/ref/vecstim/spikes.csv (gid,time; gids in the model's declaration
order: a 0, b 1, vs_file 2, vs_list 3, vs_none 4, vs_many 5), and a(0.5).v,
b(0.5).v, sa.g to tests/ref/vecstim/trace.csv; then the same with CVode
(atol 1e-3, rtol 0: nrncc's method = cvode defaults), the spikes to
tests/ref/vecstim/cvode_spikes.csv.

Debian's NEURON has no VecStim built in: NEURON's own vecevent.mod is
taken from a NEURON 8.2.2 source tree (git tag 8.2.2 of the repository
named by NRN_GIT_DIR, default /work/.mirror/neuronsimulator+nrn/repo),
compiled in a temporary folder with ../shared/oracle/build-mods.sh and
loaded; nothing of it is kept.
Run with Debian's NEURON: /usr/bin/python3 tests/ref/vecstim_refs.py"""
import os
import subprocess
import tempfile

from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "vecstim")
GIT = os.environ.get("NRN_GIT_DIR", "/work/.mirror/neuronsimulator+nrn/repo")
tmp = tempfile.mkdtemp()
with open(os.path.join(tmp, "vecevent.mod"), "wb") as f:
    f.write(subprocess.check_output(["git", "--git-dir", GIT, "show",
                                     "8.2.2:share/examples/nrniv/netcon/vecevent.mod"]))
lib = subprocess.check_output(["bash", os.path.join(HERE, "../../../shared/oracle/build-mods.sh"), tmp],
                              text=True).strip()
h.nrn_load_dll(lib)

h.load_file("stdrun.hoc")
h.celsius = 6.3
h.secondorder = 0
h.dt = 0.025


def times_of(path):
    """The file's times as nrncc reads them: '#' lines, blank lines and the
    header 't [ms]' skipped."""
    out = []
    with open(path) as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith("#") and not s.startswith("t"):
                out.append(float(s))
    return out


secs = {}
for name in ("a", "b"):
    s = h.Section(name=name)
    s.L = s.diam = 10
    s.insert("hh")
    secs[name] = s
sa, sb = h.ExpSyn(secs["a"](0.5)), h.ExpSyn(secs["b"](0.5))
for syn in (sa, sb):
    syn.tau, syn.e = 2, 0
tv_file = h.Vector(times_of(os.path.join(HERE, "../vecstim/train.txt")))
tv_list = h.Vector([0, 0.7, 5.55, 15.3, 15.3, 21.9, 0.0301 * 1000])
tv_many = h.Vector(times_of(os.path.join(HERE, "../vecstim/many.txt")))
vs_file, vs_list, vs_none, vs_many = h.VecStim(), h.VecStim(), h.VecStim(), h.VecStim()
vs_file.play(tv_file)
vs_list.play(tv_list)
vs_many.play(tv_many)
spk_t, spk_id, keep = h.Vector(), h.Vector(), []
for gid, name in ((0, "a"), (1, "b")):
    nc = h.NetCon(secs[name](0.5)._ref_v, None, sec=secs[name])
    nc.threshold = 10
    nc.record(spk_t, spk_id, gid)
    keep.append(nc)
for gid, vs in ((2, vs_file), (3, vs_list), (4, vs_none), (5, vs_many)):
    nc = h.NetCon(vs, None)
    nc.record(spk_t, spk_id, gid)
    keep.append(nc)
for src, tgt, d, w in ((vs_file, sa, 1, 0.01), (vs_list, sa, 0.3, 0.004), (vs_list, sb, 2.05, 0.02),
                       (vs_none, sb, 1, 1), (vs_many, sb, 0.1, 0.0005)):
    nc = h.NetCon(src, tgt)
    nc.delay, nc.weight[0] = d, w
    keep.append(nc)
nc = h.NetCon(secs["a"](0.5)._ref_v, sb, sec=secs["a"])
nc.threshold, nc.delay, nc.weight[0] = 10, 0.6, 0.01
keep.append(nc)
tv = h.Vector().record(h._ref_t)
va = h.Vector().record(secs["a"](0.5)._ref_v)
vb = h.Vector().record(secs["b"](0.5)._ref_v)
ga = h.Vector().record(sa._ref_g)
h.finitialize(-65)
h.continuerun(40)
os.makedirs(OUT, exist_ok=True)
rows = sorted((t, int(g)) for t, g in zip(spk_t, spk_id))
with open(os.path.join(OUT, "spikes.csv"), "w") as f:
    f.write("gid,time\n")
    for t, g in rows:
        f.write("%d,%r\n" % (g, t))
with open(os.path.join(OUT, "trace.csv"), "w") as f:
    f.write("t,a(0.5).v,b(0.5).v,sa.g\n")
    for row in zip(tv, va, vb, ga):
        f.write(",".join("%r" % x for x in row) + "\n")
print(len(rows), "spikes")
spk_t.resize(0)
spk_id.resize(0)
h.cvode_active(1)
h.cvode.atol(1e-3)
h.cvode.rtol(0)
h.finitialize(-65)
h.continuerun(40)
rows = sorted((t, int(g)) for t, g in zip(spk_t, spk_id))
with open(os.path.join(OUT, "cvode_spikes.csv"), "w") as f:
    f.write("gid,time\n")
    for t, g in rows:
        f.write("%d,%r\n" % (g, t))
print(len(rows), "spikes with CVode")
