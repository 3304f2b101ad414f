# A ChannelBuilder channel (KSChan) inserted in a section: nrncc-export
# refuses the model with a clear error (tests/export/export_tests.sh).
from neuron import h
h.load_file("stdrun.hoc")
ks = h.KSChan()
ks.name("kst")
ks.ion("k")
soma = h.Section(name="soma")
soma.insert("pas")
soma.insert("kst")
h.finitialize(-65)
