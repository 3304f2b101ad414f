# A script that fails (tests/export/export_tests.sh): nothing is exported.
from neuron import h
soma = h.Section(name="soma")
print(soma(1.5).v)
