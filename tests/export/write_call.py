# nrncc_export.write() called from a running script (tests/export/export_tests.sh):
# the oracle's spike_demo, exported after its run to $EXPORT_NRN.
import os
import nrncc_export          # imported first: it sees the defaults and finitialize
from neuron import h
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 10
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 0.1, 1
h.finitialize(-65)
h.continuerun(10)
warnings = nrncc_export.write(os.environ["EXPORT_NRN"], record=["soma(0.5).v"])
print("warnings:", len(warnings))
