# Poirazi, Brannon & Mel 2003, the CA1 pyramidal cell (ModelDB 20212): the
# cell as the authors' ExperimentControl sets it up (n123 morphology,
# cell-setup.hoc: Na, K-DR, A-type K (proximal, distal), M, h, the Ca
# channels (T, L, R, N), KCa, the calcium pool) with the protocol of
# experiment/hyperpolarization-current/H_current.hoc: -0.2 nA into the
# soma from 10 ms for 300 ms, 310 ms at dt 0.1 ms (the h-current sag).
# Run by tests/published/check.sh in that experiment's folder.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
os.makedirs("data", exist_ok=True)  # where ExperimentControl dumps its variables
h.load_file("nrngui.hoc")
h.load_file("../../template/load_templates.hoc")
h("""
objref econ
show_errs = 1
debug_lev = 1
econ = new ExperimentControl(show_errs, debug_lev)
econ.self_define(econ)
econ.morphology_dir = "../../morphology/n123"
econ.add_lib_dir("Terrence", "../../lib")
econ.generic_dir = "../../experiment/"
econ.data_dir = "data"
econ.xopen_geometry_dependent("cell")
econ.xopen_geometry_dependent("cell-analysis")
cell_analysis(econ)
econ.xopen_generic("cell-setup")
cell_setup(econ)
""")
stim = h.IClamp(h.soma[0](0.5))
stim.delay, stim.dur, stim.amp = 10, 300, -0.2
h.dt = 0.1
h.steps_per_ms = 10
recs = [("t", h._ref_t), ("soma", h.soma[0](0.5)._ref_v), ("trunk", h.apical_dendrite[71](0.5)._ref_v)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
h.tstop = 310
run_time = timed(h.run)
write_records(vecs, run_time=run_time)
