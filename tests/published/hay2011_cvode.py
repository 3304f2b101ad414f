# Hay et al. 2011 (ModelDB 139653), the cell of hay2011_step.py (cell1 +
# biophys3, 0.793 nA somatic step from 50 to 250 ms) integrated by CVode
# (NEURON's variable time step, atol 1e-6 (NRNCC_PUBLISHED_ATOL), rtol 0)
# with a spike detector at the soma (-20 mV): 300 ms from -80 mV.  Run
# by tests/published/check.sh in simulationcode/; the spike times are
# compared within the tolerance of tests/cvode.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import record_spikes, timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("stdrun.hoc")
h.load_file("import3d.hoc")
h.load_file("../models/L5PCbiophys3.hoc")
h.load_file("../models/L5PCtemplate.hoc")
cell = h.L5PCtemplate("../morphologies/cell1.asc")
stim = h.IClamp(cell.soma[0](0.5))
stim.delay, stim.dur, stim.amp = 50, 200, 0.793
det = h.NetCon(cell.soma[0](0.5)._ref_v, None, sec=cell.soma[0])
det.threshold = -20
h.cvode_active(1)
h.cvode.atol(float(os.environ.get("NRNCC_PUBLISHED_ATOL", "1e-6")))
h.cvode.rtol(0)
spikes = record_spikes()
recs = [("t", h._ref_t), ("soma", cell.soma[0](0.5)._ref_v), ("apic36", cell.apic[36](0.5)._ref_v)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
h.finitialize(-80)
run_time = timed(lambda: h.continuerun(300))
write_records(vecs, spikes=spikes, run_time=run_time)
