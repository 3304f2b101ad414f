# Brette et al. 2007, benchmark 1 (COBA) of the review of spiking-network
# simulators (ModelDB 83319, NEURON/coba): 4000 single-compartment cells
# (pas) whose SpikeOut point process fires by a WATCH, resets v in its
# NET_RECEIVE and sends events (net_event), conductance synapses
# (ExpSyn, excitatory and inhibitory), 2% connectivity drawn by the
# authors' code through ParallelNetManager in one process; coba/init.hoc's
# steps with the change of brette2007_cuba.py: the 80 driving NetStims
# are regular (noise 0), every 2 ms until they stop at 50 ms.  200 ms at
# dt 0.1 ms.  Run by
# tests/published/check.sh in NEURON/coba; every cell's spikes and one
# cell's v are compared.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import record_spikes, timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("stdrun.hoc")
h.load_file("cobacell.hoc")
h.load_file("../common/init.hoc")
h("obfunc newcell() { return new CobaCell() }")
h.create_net()
h.create_stim(h.run_random_low_start_, h.AMPA_GMAX)
for stim in h.stimlist:
    stim.noise = 0
    stim.interval = 2  # (70 ms in the paper, with noise) so that the volley starts the network
h.tstop = 200
spikes = record_spikes()
cell0 = h.pnm.cells.object(0)
vecs = [("t", h.Vector().record(h._ref_t)), ("v0", h.Vector().record(cell0.soma(0.5)._ref_v))]
h.stdinit()
run_time = timed(lambda: h.continuerun(h.tstop))
write_records(vecs, spikes=spikes, run_time=run_time)
