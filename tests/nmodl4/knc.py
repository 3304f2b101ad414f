"""NEURON 8.2.2 model of tests/nmodl4/knc.nrn (tests/nmodl4/nmodl4_tests.sh).
Usage: python3 knc.py OUT LIB: writes OUT/traces.csv"""
import os
import sys

from neuron import h

OUT = sys.argv[1]
h.nrn_load_dll(sys.argv[2])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from nrnrun_out import write_run  # noqa: E402

os.makedirs(OUT, exist_ok=True)
h.load_file("stdrun.hoc")
h.celsius, h.secondorder, h.dt = 6.3, 0, 0.025
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("knc")
soma.insert("pas")
st = h.IClamp(soma(0.5))
st.delay, st.dur, st.amp = 1, 2, 0.2
vecs = [("t", h.Vector().record(h._ref_t)), ("soma(0.5).v", h.Vector().record(soma(0.5)._ref_v)),
        ("soma(0.5).c_knc", h.Vector().record(soma(0.5)._ref_c_knc)),
        ("soma(0.5).o_knc", h.Vector().record(soma(0.5)._ref_o_knc))]
h.finitialize(-65)
h.continuerun(5)
write_run(OUT, vecs, [], [])
