TITLE state_discontinuity in NET_RECEIVE (the older NEURON idiom)
COMMENT
Written for nrncc's tests: a two-state synapse whose events jump its
states with state_discontinuity, as synapses written for NEURON before
version 5 do; at the fixed step NEURON assigns the new value.
ENDCOMMENT
NEURON {
    POINT_PROCESS DisconSyn
    RANGE tau1, tau2, e, i, g, nev
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    tau1 = 0.8 (ms)
    tau2 = 4 (ms)
    e = 0 (mV)
}
ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    nev
}
STATE { a (uS)  b (uS) }
INITIAL { a = 0  b = 0  nev = 0 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    g = b - a
    i = g * (v - e)
}
DERIVATIVE st {
    a' = -a / tau1
    b' = -b / tau2
}
NET_RECEIVE(w (uS)) {
    state_discontinuity(a, a + w * 1.3)
    state_discontinuity(b, b + w * 1.3)
    nev = nev + 1
}
