TITLE integrate-and-fire reset of a section's v from NET_RECEIVE
COMMENT
Written for nrncc's tests: a WATCH on v armed from INITIAL; at each
crossing the block sends an event (net_event), sets v back to vreset and
holds it there with a large conductance for a refractory time.  NEURON
writes v back to the node when a NET_RECEIVE block that assigns v ends.
ENDCOMMENT
NEURON {
    POINT_PROCESS VReset
    RANGE vth, vreset, trefrac, gclamp, count
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    vth = -50 (mV)
    vreset = -65 (mV)
    trefrac = 2 (ms)
    gclamp = 50 (uS)
}
ASSIGNED {
    v (mV)
    i (nA)
    gon (uS)
    count
}
INITIAL {
    gon = 0
    count = 0
    net_send(0, 1)
}
BREAKPOINT {
    i = gon * (v - vreset)
}
NET_RECEIVE (w) {
    if (flag == 1) {
        WATCH (v > vth) 2
    } else if (flag == 2) {
        net_event(t)
        count = count + 1
        v = vreset
        gon = gclamp
        net_send(trefrac, 3)
    } else if (flag == 3) {
        gon = 0
    }
}
