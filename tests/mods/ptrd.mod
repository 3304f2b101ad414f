TITLE a density mechanism that follows a value elsewhere through a POINTER
COMMENT
Written for nrncc's tests: a leak toward a remote voltage (vref, set by
setpointer), zero where the POINTER is not set (nrn_pointing), and a
copy of what it points to.
ENDCOMMENT
NEURON {
    SUFFIX ptrd
    POINTER vref
    RANGE gp, i, seen
    NONSPECIFIC_CURRENT i
}
PARAMETER { gp = 0.0002 (S/cm2) }
ASSIGNED {
    v (mV)
    i (mA/cm2)
    seen
    vref (mV)
}
BREAKPOINT {
    if (nrn_pointing(vref)) {
        seen = vref
        i = gp * (v - vref)
    } else {
        seen = -1
        i = 0
    }
}
