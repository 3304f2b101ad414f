# Genet, Sabarly, Guigon, Berry & Delord 2010, a Purkinje cell model
# (ModelDB 147218): full_CP.hoc, 1088 sections (soma, smooth dendrites,
# spiny branchlets), its leak, K and P-type Ca channels, a calcium pool of
# a KINETIC scheme with a COMPARTMENT; in a protocol of ours (the model
# has none): the parallel-fibre conductance pf of every spiny branchlet
# at 1e-5 S/cm2, tonic, which makes the cell fire; 200 ms at dt 0.025
# ms.  Run by tests/published/check.sh in the model's folder.
import os
import sys

from neuron import h

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import timed, write_records  # noqa: E402

os.chdir(os.environ["NRNCC_MODEL_DIR"])
h.nrn_load_dll(os.environ["NRNCC_MECH"])
h.load_file("stdrun.hoc")
h.load_file("full_CP.hoc")
for sec in h.allsec():
    if sec.name().startswith("spn"):
        sec.g_pf = 1e-5
h.tstop = 200
recs = [("t", h._ref_t), ("soma", h.soma(0.5)._ref_v), ("sm", h.sm[10](0.5)._ref_v),
        ("spn", h.spn40[0](0.5)._ref_v), ("cai", h.spn40[0](0.5)._ref_cai)]
vecs = [(n, h.Vector().record(r)) for n, r in recs]
run_time = timed(h.run)
write_records(vecs, run_time=run_time)
