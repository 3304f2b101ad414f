# Hay et al. 2011, layer 5b pyramidal cell (ModelDB 139653): cell1.asc with
# L5PCbiophys3.hoc, a 0.793 nA somatic step from 50 to 250 ms, fixed dt
# 0.025 ms, 300 ms, from -80 mV.  Run by tests/published/check.sh with
# NRNCC_MODEL_DIR the model's simulationcode/ folder (where its own
# relative paths start) and NRNCC_MECH set to the NEURON library of its mod/ folder; with
# NRNCC_NEURON_OUT set, it writes its records there (t first, every step).
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("stdrun.hoc")
h.load_file("import3d.hoc")
h.load_file("../models/L5PCbiophys3.hoc")
h.load_file("../models/L5PCtemplate.hoc")
cell = h.L5PCtemplate("../morphologies/cell1.asc")
stim = h.IClamp(cell.soma[0](0.5))
stim.delay, stim.dur, stim.amp = 50, 200, 0.793
h.dt = 0.025
recs = [("t", h._ref_t), ("soma", cell.soma[0](0.5)._ref_v), ("apic36", cell.apic[36](0.5)._ref_v)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
h.finitialize(-80)
run_time = timed(lambda: h.continuerun(300))
write_records(vecs, run_time=run_time)
