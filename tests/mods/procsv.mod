TITLE procsv: a BREAKPOINT that SOLVEs a PROCEDURE (a test mechanism)
: nrncc's test: CVODE refuses it, as NEURON's CVode does.
NEURON {
    SUFFIX procsv
    NONSPECIFIC_CURRENT i
    RANGE g, x
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) }
PARAMETER { g = 1e-4 (S/cm2) }
ASSIGNED { x i (mA/cm2) v (mV) }
INITIAL { x = 0 }
BREAKPOINT { SOLVE bump  i = g * x * (v + 60) }
PROCEDURE bump() { x = x + 0.01 }
