: VERBATIM that reads the ion's value by nocmodl's name _ion_cai, and two
: INITIAL blocks (run one after the other, each with its own LOCALs).
NEURON {
    SUFFIX ionvb
    USEION ca READ cai WRITE ica
    RANGE c0, q, gbar
}
UNITS { (mV) = (millivolt) (mA) = (milliamp) (mM) = (milli/liter) }
PARAMETER { gbar = 0.0001 (mho/cm2) }
ASSIGNED { v (mV)  ica (mA/cm2)  cai (mM)  c0 (mM)  q }
INITIAL {
    LOCAL k
    k = 3
    VERBATIM
    c0 = _ion_cai * _lk;
    ENDVERBATIM
}
BREAKPOINT {
    ica = gbar*(v - 60)*q
}
INITIAL {
    LOCAL k
    k = 1000
    q = c0*k*(1 (/mM))
}
