TITLE AlphaSynapse: one alpha-function conductance at a fixed time

COMMENT
A synaptic conductance that starts at onset and follows an alpha function,
g = gmax * x * exp(1 - x) with x = (t - onset)/tau, so that it peaks at
gmax tau ms after onset.  It is 0 before onset and again once x exceeds 10
(ten time constants).  The current is i = g*(v - e).  No events are
involved: the time course is fixed by the parameters.

As NEURON's built-in AlphaSynapse.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    POINT_PROCESS AlphaSynapse
    RANGE onset, tau, gmax, e, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    onset = 0 (ms)               : start of the conductance change
    tau = 0.1 (ms) <1e-3, 1e6>   : time to peak after onset
    gmax = 0 (uS) <0, 1e9>       : peak conductance
    e = 0 (mV)                   : reversal potential
}

ASSIGNED {
    v (mV)
    i (nA)     : the synaptic current, outward positive
    g (uS)     : the conductance
}

BREAKPOINT {
    if (gmax != 0) {
        at_time(onset)
    }
    g = gmax*alphafn((t - onset)/tau)
    i = g*(v - e)
}

: the alpha function normalized to a peak of 1 at x = 1, cut off outside [0, 10]
FUNCTION alphafn(x) {
    if (x >= 0 && x <= 10) {
        alphafn = x*exp(1 - x)
    } else {
        alphafn = 0
    }
}
