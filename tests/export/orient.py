# A section connected by its 1 end, which a model file cannot say
# (tests/export/export_tests.sh): an error, no file.
from neuron import h
a = h.Section(name="a")
b = h.Section(name="b")
b.connect(a(1), 1)
