: A TABLE whose DEPEND names a RANGE variable, in a file nocmodl does not
: make thread-safe (it assigns the GLOBAL 'calls'): the table is checked at
: each call against the calling instance's 'mg' and rebuilt when it differs.
NEURON {
    POINT_PROCESS TabRng
    RANGE g, e, mg, i
    GLOBAL calls
    NONSPECIFIC_CURRENT i
}
UNITS { (mV) = (millivolt) (nA) = (nanoamp) (uS) = (microsiemens) (mM) = (milli/liter) }
PARAMETER { g = 0.002 (uS)  e = 0 (mV)  mg = 1 (mM) }
ASSIGNED { v (mV)  i (nA)  calls }
INITIAL { calls = 0 }
BREAKPOINT {
    calls = calls + 1
    i = g*blk(v)*(v - e)
}
FUNCTION blk(x (mV)) {
    TABLE DEPEND mg FROM -100 TO 50 WITH 37
    blk = 1/(1 + exp(-0.07 (/mV)*x)*mg/3 (mM))
}
