TITLE cashell0: a STATE shell that sets cai in its BREAKPOINT only (a test mechanism)
: nrncc's test: CVODE refuses it, as NEURON's nocmodl rejects the file (cai
: is written, not a STATE, and assigned in no PROCEDURE or DERIVATIVE).
NEURON {
    SUFFIX cashell0
    USEION ca READ ica WRITE cai
    RANGE ca
}
UNITS { (mM) = (milli/liter) (mA) = (milliamp) }
ASSIGNED { cai (mM) ica (mA/cm2) }
STATE { ca (mM) }
INITIAL { ca = 1e-4  cai = ca }
BREAKPOINT { SOLVE shell METHOD cnexp  cai = ca }
DERIVATIVE shell { ca' = -ica * 0.05 - (ca - 1e-4) / 5 }
