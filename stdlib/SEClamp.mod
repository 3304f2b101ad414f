TITLE SEClamp: a single-electrode voltage clamp with three levels

COMMENT
Holds the potential at its location through a series resistance rs: it
injects i = (vc - v)/rs (nA, positive into the cell) where the command
vc is amp1 until dur1, amp2 until dur1 + dur2, and amp3 until
dur1 + dur2 + dur3; after that the clamp is off (vc = 0, i = 0).  v is the
potential inside the cell.

The command is set for each step at the step's middle time.  The current
recorded after a step is recomputed from the potential at the end of the
step, the value that the implicit step effectively used.

Several SEClamps at one place are independent clamps, not one clamp with
more levels.

As NEURON's built-in SEClamp.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    POINT_PROCESS SEClamp
    ELECTRODE_CURRENT i
    RANGE dur1, amp1, dur2, amp2, dur3, amp3, rs, vc, i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    rs = 1 (megohm) <1e-9, 1e9>   : series resistance
    dur1 (ms)                     : duration of the first level
    amp1 (mV)                     : first level
    dur2 (ms) <0, 1e9>            : duration of the second level
    amp2 (mV)                     : second level
    dur3 (ms) <0, 1e9>            : duration of the third level
    amp3 (mV)                     : third level
}

ASSIGNED {
    v (mV)
    i (nA)       : the injected current
    vc (mV)      : the command potential
    tc2 (ms)     : end of the second level
    tc3 (ms)     : end of the third level (the clamp's end)
    on           : 1 while the clamp is on
}

INITIAL {
    tc2 = dur1 + dur2
    tc3 = tc2 + dur3
    on = 0
}

BREAKPOINT {
    SOLVE current METHOD after_cvode
    command()
}

: the current for the present v
PROCEDURE current() {
    if (on != 0) {
        i = (vc - v)/rs
    } else {
        i = 0
    }
}

: the command for the present t, then the current
PROCEDURE command() {
    if (dur1 != 0) {
        at_time(dur1)
    }
    if (dur2 != 0) {
        at_time(tc2)
    }
    if (dur3 != 0) {
        at_time(tc3)
    }
    on = 1
    if (t < dur1) {
        vc = amp1
    } else if (t < tc2) {
        vc = amp2
    } else if (t < tc3) {
        vc = amp3
    } else {
        vc = 0
        on = 0
    }
    current()
}
