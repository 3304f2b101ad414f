TITLE nocur: a BREAKPOINT without currents that computes after its SOLVE (a test mechanism)
: nrncc's test: CVODE refuses it (the statement after SOLVE would run in
: the fixed step's state update only).
NEURON {
    SUFFIX nocur
    RANGE x
}
ASSIGNED { x }
STATE { s }
INITIAL { s = 1 }
BREAKPOINT {
    SOLVE states METHOD cnexp
    x = 2 * s
}
DERIVATIVE states { s' = -s }
