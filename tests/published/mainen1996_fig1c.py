# Mainen & Sejnowski 1996, firing patterns of neocortical neurons by
# dendritic structure (ModelDB 2488): the L3 pyramid of its Figure 1c
# (cells/j8.hoc with the authors' axon, spines and channels, from
# demofig1.hoc's fig1c), 0.1 nA into the soma from 5 ms, 200 ms at the
# paper's dt of 0.025 ms, 37 degC, from -70 mV.  Run by
# tests/published/check.sh in the model's folder.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("demofig1.hoc")  # its panels are not drawn without a display
h.fig1c()
h.tstop = 200
recs = [("t", h._ref_t), ("soma", h.soma(0.5)._ref_v), ("node4", h.node[4](0.5)._ref_v),
        ("dend", h.a1_111(0.5)._ref_v), ("cai", h.soma(0.5)._ref_cai)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
run_time = timed(h.run)
write_records(vecs, run_time=run_time)
