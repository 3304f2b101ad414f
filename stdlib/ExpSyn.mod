TITLE ExpSyn: a synapse whose conductance jumps at each event and decays exponentially

COMMENT
A synaptic conductance g that jumps by the NetCon's weight (uS) at each
event and decays with time constant tau; its current is i = g*(v - e).
As NEURON's built-in ExpSyn.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    POINT_PROCESS ExpSyn
    RANGE tau, e, i
    NONSPECIFIC_CURRENT i
    THREADSAFE
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau = 0.1 (ms) <1e-9, 1e9>   : decay time constant
    e = 0 (mV)                   : reversal potential
}

ASSIGNED {
    v (mV)
    i (nA)
}

STATE {
    g (uS)
}

INITIAL {
    g = 0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g*(v - e)
}

DERIVATIVE state {
    g' = -g/tau
}

NET_RECEIVE(weight (uS)) {
    g = g + weight
}
