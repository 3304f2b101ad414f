: A TABLE whose DEPEND names a RANGE variable, in a file nocmodl makes
: thread-safe: NEURON checks the table at its check points (each step)
: against the first instance's 'mg' only, and every instance uses it.
NEURON {
    POINT_PROCESS TabRs
    RANGE g, e, mg, i
    NONSPECIFIC_CURRENT i
}
UNITS { (mV) = (millivolt) (nA) = (nanoamp) (uS) = (microsiemens) (mM) = (milli/liter) }
PARAMETER { g = 0.002 (uS)  e = 0 (mV)  mg = 1 (mM) }
ASSIGNED { v (mV)  i (nA) }
BREAKPOINT {
    i = g*blk(v)*(v - e)
}
FUNCTION blk(x (mV)) {
    TABLE DEPEND mg FROM -100 TO 50 WITH 37
    blk = 1/(1 + exp(-0.07 (/mV)*x)*mg/3 (mM))
}
