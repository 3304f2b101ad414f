TITLE IClamp: a current pulse injected at one point

COMMENT
Injects amp (nA) from time del for dur ms, positive into the cell, as
NEURON's built-in IClamp.  The pulse is on while del <= t < del + dur,
where t is the middle of the time step.  Written for nrncc's standard
library.  In the model language 'delay' may be written for 'del'.
ENDCOMMENT

UNITS {
    (nA) = (nanoamp)
}

NEURON {
    POINT_PROCESS IClamp
    RANGE del, dur, amp, i
    ELECTRODE_CURRENT i
}

PARAMETER {
    del (ms)              : start of the pulse
    dur (ms) <0, 1e9>     : its length
    amp (nA)              : its amplitude
}

ASSIGNED {
    i (nA)
}

INITIAL {
    i = 0
}

BREAKPOINT {
    at_time(del)
    at_time(del + dur)
    if (t < del + dur && t >= del) {
        i = amp
    } else {
        i = 0
    }
}
