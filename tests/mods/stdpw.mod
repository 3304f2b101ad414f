TITLE a synapse with weight changes through FOR_NETCONS
COMMENT
Written for nrncc's tests (the pattern of STDP synapses): each event
adds its weight to a decaying conductance; a postsynaptic spike, seen by
a WATCH, scales the weights of all the NetCons that target the synapse
(FOR_NETCONS), each by an amount that depends on its last event time
(its second argument, set when the event arrives).
ENDCOMMENT
NEURON {
    POINT_PROCESS StdpW
    RANGE tau, e, g, i, npost, wsum
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    tau = 2 (ms)
    e = 0 (mV)
    thresh = -10 (mV)
    gain = 0.3
    taus = 10 (ms)
}
ASSIGNED {
    v (mV)
    i (nA)
    npost
    wsum
}
STATE { g (uS) }
INITIAL {
    g = 0
    npost = 0
    wsum = 0
    net_send(0, 1)
}
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g * (v - e)
}
DERIVATIVE state { g' = -g / tau }
NET_RECEIVE (w (uS), tpre (ms)) {
    INITIAL { tpre = -1e9 }
    if (flag == 0) {
        g = g + w
        tpre = t
    } else if (flag == 1) {
        WATCH (v > thresh) 2
    } else if (flag == 2) {
        npost = npost + 1
        wsum = 0
        FOR_NETCONS (w1, tp1) {
            w1 = w1 * (1 + gain * exp(-(t - tp1) / taus))
            wsum = wsum + w1
        }
        WATCH (v < thresh) 1
    }
}
