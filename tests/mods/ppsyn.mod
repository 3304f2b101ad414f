: ppsyn: an exponentially decaying synaptic conductance, compiled for
: NEURON by nrnivmodl (a loaded mechanism: its type comes after hh's, so
: its instances add their currents to a node that already holds hh's).
: Several sit on one node in tests/golden/ppsum.nrn.
NEURON {
    POINT_PROCESS PpSyn
    RANGE tau, erev, i
    NONSPECIFIC_CURRENT i
}
UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}
PARAMETER {
    tau = 2 (ms)
    erev = 0 (mV)
}
ASSIGNED {
    v (mV)
    i (nA)
}
STATE { g (uS) }
INITIAL { g = 0 }
BREAKPOINT {
    SOLVE decay METHOD cnexp
    i = g*(v - erev)
}
DERIVATIVE decay { g' = -g/tau }
NET_RECEIVE(w (uS)) { g = g + w }
