TITLE a sodium-like gate whose rate functions are INCLUDEd
COMMENT
Written for nrncc's tests: INCLUDE "incl_rates.inc" (found beside this
file) brings FUNCTIONs in at file level.
ENDCOMMENT
NEURON {
    SUFFIX incl
    USEION na READ ena WRITE ina
    RANGE gbar
}
PARAMETER { gbar = 0.05 (S/cm2) }
ASSIGNED {
    v (mV)
    ena (mV)
    ina (mA/cm2)
}
STATE { m }
INCLUDE "incl_rates.inc"
INITIAL { m = alpha(v) / (alpha(v) + beta(v)) }
BREAKPOINT {
    SOLVE states METHOD cnexp
    ina = gbar * m * m * m * (v - ena)
}
DERIVATIVE states { m' = alpha(v) * (1 - m) - beta(v) * m }
