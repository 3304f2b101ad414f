TITLE APCount: counts the action potentials at one point

COMMENT
Counts the upward crossings of thresh by the membrane potential at its
location.  At the end of each time step (and at initialization), if v is
at or above thresh and no spike is in progress, n goes up by one, time
becomes the present t and a spike is in progress (firing = 1); the spike
ends at the first later step where v is below thresh again.

NEURON's APCount can also append each spike time to a Vector
(APCount.record()); that part is not provided here: record n, time or
firing instead.

As NEURON's built-in APCount.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    POINT_PROCESS APCount
    RANGE n, thresh, time, firing
    THREADSAFE
}

UNITS {
    (mV) = (millivolt)
}

PARAMETER {
    n                     : spikes counted since initialization
    thresh = -20 (mV)     : threshold
    time (ms)             : time of the last spike counted
}

ASSIGNED {
    v (mV)
    firing                : 1 from a crossing until v falls below thresh
}

INITIAL {
    n = 0
    firing = 0
    check()
}

BREAKPOINT {
    SOLVE check METHOD after_cvode
}

: look at v after the step
PROCEDURE check() {
    if (v >= thresh && firing == 0) {
        firing = 1
        time = t
        n = n + 1
    }
    if (firing != 0 && v < thresh && t > time) {
        firing = 0
    }
}
