TITLE bacv: BEFORE/AFTER blocks whose effects show under CVODE (a test mechanism)
COMMENT
Written for nrncc's tests of BEFORE/AFTER blocks under CVODE, where the
number of evaluations is the integrator's: every block here sets values
from the present state only.  BEFORE BREAKPOINT sets the reversal
potential the current uses (so v shows whether it ran before the
current of each evaluation), AFTER SOLVE notes v, BEFORE STEP notes t and
v when a row is recorded, BEFORE/AFTER INITIAL mark finitialize.
ENDCOMMENT
NEURON {
    SUFFIX bacv
    NONSPECIFIC_CURRENT i
    RANGE g, ebb, vas, tbs, vbs, ninit
}
PARAMETER { g = 0.002 (S/cm2) }
ASSIGNED {
    v (mV)
    i (mA/cm2)
    ebb (mV)
    vas (mV)
    tbs (ms)
    vbs (mV)
    ninit
}
BEFORE INITIAL { ninit = 1 }
AFTER INITIAL { ninit = ninit + 10 }
BEFORE BREAKPOINT { ebb = -70 + 0.5 * (v + 65) }
BREAKPOINT { i = g * (v - ebb) }
AFTER SOLVE { vas = v }
BEFORE STEP {
    tbs = t
    vbs = v
}
