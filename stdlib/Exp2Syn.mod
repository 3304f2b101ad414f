TITLE Exp2Syn: a synapse with a rise and a decay time constant

COMMENT
The conductance is the difference g = B - A of two exponentially decaying
terms: A with the rise time constant tau1, B with the decay time constant
tau2.  An event of weight w (uS) adds w*factor to both, where factor is
chosen so that one event alone gives a peak conductance of exactly w, at
tp = tau1*tau2/(tau2 - tau1)*log(tau2/tau1) ms after it.  The current is
i = g*(v - e).

tau1 must stay below tau2: at initialization tau1 is lowered to
0.9999*tau2 if it is above that, and raised to 1e-9*tau2 if it is below.

As NEURON's built-in Exp2Syn.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    POINT_PROCESS Exp2Syn
    RANGE tau1, tau2, e, i, g
    NONSPECIFIC_CURRENT i
    THREADSAFE
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau1 = 0.1 (ms) <1e-9, 1e9>   : rise time constant
    tau2 = 10 (ms) <1e-9, 1e9>    : decay time constant
    e = 0 (mV)                    : reversal potential
}

ASSIGNED {
    v (mV)
    i (nA)          : the synaptic current, outward positive
    g (uS)          : the conductance B - A
    factor          : scales a weight to the jump of A and B
}

STATE {
    A (uS)          : rising part (subtracted)
    B (uS)          : decaying part
}

INITIAL {
    LOCAL tpeak
    : keep the ratio tau1/tau2 within [1e-9, 0.9999]
    if (tau1/tau2 > 0.9999) {
        tau1 = 0.9999*tau2
    }
    if (tau1/tau2 < 1e-9) {
        tau1 = tau2*1e-9
    }
    A = 0
    B = 0
    : the time of the peak of B - A after one event, and the scale that
    : makes that peak equal to the event's weight
    tpeak = (tau1*tau2)/(tau2 - tau1)*log(tau2/tau1)
    factor = exp(-tpeak/tau2) - exp(-tpeak/tau1)
    factor = 1/factor
}

BREAKPOINT {
    SOLVE decay METHOD cnexp
    g = B - A
    i = g*(v - e)
}

DERIVATIVE decay {
    A' = -A/tau1
    B' = -B/tau2
}

NET_RECEIVE(weight (uS)) {
    A = A + weight*factor
    B = B + weight*factor
}
