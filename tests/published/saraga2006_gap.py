# Saraga, Ng, Skinner 2006, two hippocampal basket cells coupled by
# dendritic gap junctions (ModelDB 114047): cella.hoc, cellb.hoc and
# prog.hoc (HH, pas), the gap point processes of fig6.hoc at the distal
# ends of dend4a[6] and dend4b[6] with their POINTERs on each other's v,
# the strongest coupling of fig6.hoc (4.17 MOhm, 240 nS) and its 0.1 nA,
# 5 ms pulse into cell a: 300 ms at dt 0.025 ms.  Run by
# tests/published/check.sh in the model's folder.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("stdrun.hoc")
for f in ("cella.hoc", "cellb.hoc", "prog.hoc"):
    h.load_file(f)
h("""
objref g[2], stim[2]
for i = 0, 1 g[i] = new gap()
dend4a[6] g[0].loc(1)
dend4b[6] g[1].loc(1)
g[0].del = 1
g[1].del = 1
setpointer g[0].vgap, dend4b[6].v(1)
setpointer g[1].vgap, dend4a[6].v(1)
g[0].r = 4.17
g[1].r = 4.17
for i = 0, 1 stim[i] = new IClamp()
somaa stim[0].loc(0.5)
somab stim[1].loc(0.5)
stim[0].dur = 5
stim[0].amp = 0.1
""")
h.dt = 0.025
h.tstop = 300
recs = [("t", h._ref_t), ("somaa", h.somaa(0.5)._ref_v), ("somab", h.somab(0.5)._ref_v),
        ("dista", h.dend4a[6](1)._ref_v), ("gi", h.g[0]._ref_i)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
run_time = timed(h.run)
write_records(vecs, run_time=run_time)
