"""NEURON 8.2.2 model of tests/nmodl4/nmodl4.nrn, for
tests/nmodl4/nmodl4_tests.sh: the .mod files of tests/nmodl4 compiled for
NEURON, their library's path the second argument.  Writes OUT/traces.csv.
Usage: python3 nmodl4.py OUT LIB"""
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
for m in ("pas", "dcall", "kinit", "vhead", "vhead2", "kquirk"):
    soma.insert(m)
dend = h.Section(name="dend")
dend.L, dend.diam = 30, 2
for m in ("pas", "clnov", "clval", "tophide"):
    dend.insert(m)
tw = h.twolast(dend(0.5))
tw.g = 0.003
st = h.IClamp(soma(0.5))
st.delay, st.dur, st.amp = 0.5, 1, 0.1
sd = h.IClamp(dend(0.5))
sd.delay, sd.dur, sd.amp = 0.3, 2, 0.02
s, d = soma(0.5), dend(0.5)
cols = [("t", h._ref_t), ("soma(0.5).v", s._ref_v), ("soma(0.5).u_dcall", s._ref_u_dcall),
        ("soma(0.5).q_dcall", s._ref_q_dcall), ("soma(0.5).o_kinit", s._ref_o_kinit),
        ("soma(0.5).d_kinit", s._ref_d_kinit), ("soma(0.5).oinit_kinit", s._ref_oinit_kinit),
        ("dend(0.5).v", d._ref_v), ("dend(0.5).cli", d._ref_cli), ("dend(0.5).ecl", d._ref_ecl),
        ("dend(0.5).icl", d._ref_icl), ("dend(0.5).k1_tophide", d._ref_k1_tophide), ("tw.i", tw._ref_i),
        ("soma(0.5).gain_vhead", s._ref_gain_vhead), ("soma(0.5).here_vhead", s._ref_here_vhead),
        ("soma(0.5).i_vhead", s._ref_i_vhead), ("soma(0.5).y_vhead2", s._ref_y_vhead2),
        ("soma(0.5).c_kquirk", s._ref_c_kquirk), ("soma(0.5).o_kquirk", s._ref_o_kquirk)]
vecs = [(n, h.Vector().record(x)) for n, x in cols]
h.finitialize(-65)
h.continuerun(3)
write_run(OUT, vecs, [], [])
