TITLE BEFORE and AFTER blocks, counted and timed
COMMENT
Written for nrncc's tests: every BEFORE/AFTER type NEURON runs, each
counting its calls and noting v or t when it ran; two BEFORE BREAKPOINT
blocks, in file order.  It also carries INDEPENDENT, UNITSOFF/UNITSON,
MUTEXLOCK/MUTEXUNLOCK and a '?' comment, which change nothing.  A small current depends on what BEFORE
BREAKPOINT saw, so the order shows in v.
ENDCOMMENT
NEURON {
    SUFFIX bablk
    NONSPECIFIC_CURRENT i
    RANGE nbi, nai2, nbb, vbb, nas, vas, tas, nbs, tbs, i, g
}
INDEPENDENT { t FROM 0 TO 1 WITH 1 (ms) }
? a '?' comment: the rest of the line is ignored
UNITSOFF
PARAMETER { g = 0.0001 (S/cm2) }
UNITSON
ASSIGNED {
    v (mV)
    i (mA/cm2)
    nbi nai2 nbb vbb nas vas tas nbs tbs
}
BEFORE INITIAL { nbi = nbi + 1 }
INITIAL {
    nai2 = nbi * 10
    nbb = 0
    nas = 0
    nbs = 0
    vbb = 0
}
AFTER INITIAL { nai2 = nai2 + 1 }
BEFORE BREAKPOINT { nbb = nbb + 1 }
BEFORE BREAKPOINT { vbb = v + nbb * 1e-3 }
BREAKPOINT { i = g * (v - vbb + 1) }
AFTER SOLVE {
    nas = nas + 1
    vas = v
    tas = t
}
BEFORE STEP {
    MUTEXLOCK
    nbs = nbs + 1
    MUTEXUNLOCK
    tbs = t
}
