# Mainen & Sejnowski 1996 (ModelDB 2488), the L3 pyramid of Figure 1c as
# in mainen1996_fig1c.py, integrated by CVode (NEURON's variable time
# step, atol 1e-5 (NRNCC_PUBLISHED_ATOL), rtol 0), with a spike detector at the soma (0 mV):
# 200 ms.  Run by tests/published/check.sh in the model's folder; the
# spike times are compared within the tolerance of tests/cvode.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import record_spikes, timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("demofig1.hoc")  # its panels are not drawn without a display
h.fig1c()
h.tstop = 200
det = h.NetCon(h.soma(0.5)._ref_v, None, sec=h.soma)
det.threshold = 0
h.cvode_active(1)
h.cvode.atol(float(os.environ.get("NRNCC_PUBLISHED_ATOL", "1e-5")))
h.cvode.rtol(0)
spikes = record_spikes()
recs = [("t", h._ref_t), ("soma", h.soma(0.5)._ref_v), ("node4", h.node[4](0.5)._ref_v)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
run_time = timed(h.run)
write_records(vecs, spikes=spikes, run_time=run_time)
