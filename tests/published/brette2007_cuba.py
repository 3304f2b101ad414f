# Brette et al. 2007, benchmark 2 of the review of spiking-network
# simulators (ModelDB 83319, NEURON/cuba): 4000 IF3 integrate-and-fire
# artificial cells (3200 excitatory, 800 inhibitory), 2% connectivity
# drawn by the authors' code with MCellRan4 streams, current-based
# synapses as NetCon weights, through ParallelNetManager in one process;
# cuba/init.hoc's steps with a change of ours: the 80 driving NetStims
# are regular (noise 0) instead of drawing from the authors' MCellRan4
# streams (noiseFromRandom: a Random a NEURON script cannot show the
# exporter).  200 ms at dt 0.1 ms.  Run by tests/published/check.sh in
# NEURON/cuba; every cell's spikes are compared.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import record_spikes, timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("stdrun.hoc")
h.load_file("cubacell.hoc")
h.load_file("../common/init.hoc")
h("AMPA_GMAX = 0.02082")
h("GABA_GMAX = -0.3464")
h("AMPA_INDEX = -1")
h("GABA_INDEX = -1")
h.create_net()
h.create_stim(h.run_random_low_start_, h.AMPA_GMAX)
for stim in h.stimlist:
    stim.noise = 0
h.tstop = 200
spikes = record_spikes()
vecs = []  # (a model without sections records no trace in NEURON)
h.stdinit()
run_time = timed(lambda: h.continuerun(h.tstop))
write_records(vecs, spikes=spikes, run_time=run_time)
