# Destexhe, Neubig, Ulrich & Huguenard 1998, dendritic T-current in
# thalamic relay cells (ModelDB 279): the 200-compartment TC cell of
# tc200_cc.oc (its geometry, pas, hh2, the GHK T-current itGHK placed by
# loc200.oc, the calcium pool cad, the authors' Electrode in current
# clamp) with the program's own protocol: 0.05 nA from 480 ms, 800 ms at
# dt 0.1 ms, 34 degC, from -74 mV.  Run by tests/published/check.sh in
# the model's folder.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("nrngui.hoc")
h("ismenu = 0")  # what the model's rundemo.hoc sets before loading a program
h("electrodes_present = 0")
h.xopen("tc200_cc.oc")
recs = [("t", h._ref_t), ("soma", h.soma(0.5)._ref_v), ("dend10_6", h.dend10[6](0.5)._ref_v),
        ("dend10_26", h.dend10[26](0.5)._ref_v), ("cai", h.dend10[26](0.5)._ref_cai)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
run_time = timed(h.run)
write_records(vecs, run_time=run_time)
