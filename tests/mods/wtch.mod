TITLE a synapse-and-detector point process driven by WATCH
COMMENT
Written for nrncc's tests.  INITIAL sends a self event (flag 1) that
arms WATCH (v > thresh) 2; when v crosses, flag 2 counts a spike, sends
it on (net_event) and watches for the way down (WATCH (v < thresh - 5) 3,
with a second condition on time); flag 3 re-arms.  Events from NetCons
(flag 0) add to a decaying conductance.
ENDCOMMENT
NEURON {
    POINT_PROCESS Wtch
    RANGE thresh, tau, e, g, i, count, tlast, tdown
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    thresh = -20 (mV)
    tau = 2 (ms)
    e = 0 (mV)
}
ASSIGNED {
    v (mV)
    i (nA)
    count
    tlast (ms)
    tdown (ms)
}
STATE { g (uS) }
INITIAL {
    g = 0
    count = 0
    tlast = -1
    tdown = -1
    net_send(0, 1)
}
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g * (v - e)
}
DERIVATIVE state { g' = -g / tau }
NET_RECEIVE (w (uS)) {
    if (flag == 0) {
        g = g + w
    } else if (flag == 1) {
        WATCH (v > thresh) 2
    } else if (flag == 2) {
        count = count + 1
        tlast = t
        net_event(t)
        WATCH (v < thresh - 5) 3, (t > tlast + 30) 4
    } else if (flag == 3) {
        tdown = t
        WATCH (v > thresh) 2
    } else if (flag == 4) {
        count = count + 1000
    }
}
