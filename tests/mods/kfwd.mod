: nocmodl's one-way reaction `~ A -> (k)` (a flux out of A, no products),
: with one and with two reactants, in a KINETIC block solved by sparse
NEURON {
    SUFFIX kfwd
    NONSPECIFIC_CURRENT i
    RANGE g, e, k3
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { g = 0.001 (S/cm2)  e = -70 (mV)  k3 = 0.05 (/ms)  k4 = 0.2 (/ms) }
ASSIGNED { v (mV)  i (mA/cm2) }
STATE { a b c }
INITIAL { a = 1  b = 0  c = 0.5 }
BREAKPOINT {
    SOLVE kin METHOD sparse
    i = g*(a + 2*b + c)*(v - e)
}
KINETIC kin {
    ~ a <-> b (0.3*exp(v/40), 0.1)
    ~ b -> (k3)
    ~ a + c -> (k4)
}
