# Hallermann, de Kock, Stuart & Kole 2012, the metabolic cost of action
# potentials in a layer 5 pyramidal neuron (ModelDB 144526): the cell
# 28_04_10_num19 with the authors' parameters and channels (Cell
# parameters.hoc: parameters(), geom_nseg(), init_channels(); the axon
# initial segment's Markov Na channels, Kv1, Kv7, the charge-overlap
# mechanism of charge.mod), in a protocol of our own: a 2.5 nA, 3 ms
# somatic pulse (the authors' amplitude and length) at 5 ms, 30 ms at
# dt 0.01 ms, 33 degC, started by finitialize(-85) (the authors' run
# first relaxes the cell for 500 ms with dt 0.5 ms in a custom init(),
# which a model file cannot say).  Run by tests/published/check.sh in
# the model's folder.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("stdrun.hoc")
h.xopen("28_04_10_num19.hoc")
h.xopen("Cell parameters.hoc")
h.xopen("charge.hoc")
h.parameters()
h.geom_nseg()
h.init_channels()
stim = h.IClamp(h.soma(0.5))
stim.delay, stim.dur, stim.amp = 5, 3, 2.5
h.dt = 0.01
recs = [("t", h._ref_t), ("soma", h.soma(0.5)._ref_v), ("ais", h.axon[0](0.5)._ref_v),
        ("node", h.axon[0](1)._ref_v), ("apic", h.apic[10](0.5)._ref_v)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
h.finitialize(-85)
run_time = timed(lambda: h.continuerun(30))
write_records(vecs, run_time=run_time)
