# A model with what a model file cannot say (tests/export/export_tests.sh):
# a Vector.play from a computed vector, Python callbacks (at initialisation,
# and a CVode.event), and a NetStim with noise.
from neuron import h
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 10
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.dur = 1e9
tv = h.Vector([0, 1, 2])
av = tv.c().mul(0.1)           # computed
av.play(stim._ref_amp, tv)
fih = h.FInitializeHandler(lambda: None)
ns = h.NetStim()
ns.noise = 0.5
h.finitialize(-65)
h.CVode().event(1, lambda: print("1 ms"))
h.continuerun(3)
