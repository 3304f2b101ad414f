# Brette et al. 2007, benchmark 3 (ModelDB 83319, NEURON/cobahh): 4000
# single-compartment HH cells whose channels are ChannelBuilder (KSChan)
# mechanisms of hhchan.ses, conductance synapses (ExpSyn), the network of
# common/net.hoc; cobahh/init.hoc's steps with regular driving NetStims
# (as brette2007_cuba.py).  nrncc-export refuses it: KSChan channels are
# no .mod files (see README.md).  50 ms at dt 0.1 ms.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import record_spikes, timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.load_file("stdrun.hoc")
h.load_file("hhcell.hoc")
h.load_file("../common/init.hoc")
h("obfunc newcell() { return new CobaHHCell() }")
h.create_net()
h("STOPSTIM = 100")
h.create_stim(h.run_random_low_start_, h.AMPA_GMAX)
for stim in h.stimlist:
    stim.noise = 0
h.tstop = 50
spikes = record_spikes()
run_time = timed(lambda: h.continuerun(h.tstop))
write_records([], spikes=spikes, run_time=run_time)
