TITLE EXTERNAL: another mechanism's GLOBALs, named name_suffix
COMMENT
Written for nrncc's tests: reads extg's GLOBALs (a PARAMETER, an
ASSIGNED) and writes one of them, in INITIAL (NMODL and VERBATIM) and
in BREAKPOINT.
ENDCOMMENT
NEURON {
    SUFFIX extu
    EXTERNAL gscale_extg, ninit_extg
    NONSPECIFIC_CURRENT i
    RANGE g, seen
}
PARAMETER { g = 0.0002 (S/cm2) }
ASSIGNED {
    v (mV)
    i (mA/cm2)
    seen
}
INITIAL {
    seen = 10 * ninit_extg
    ninit_extg = ninit_extg + 100
    VERBATIM
    seen = seen + 0.5 * gscale_extg;  /* an EXTERNAL in C */
    ENDVERBATIM
}
BREAKPOINT {
    i = g * gscale_extg * (v + 70) + 1e-5 * seen
}
