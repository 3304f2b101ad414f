TITLE kin3: a three-state sodium channel as a kinetic scheme (a test mechanism)
: nrncc's test of KINETIC ... METHOD sparse with CONSERVE (a linear scheme).
NEURON {
    SUFFIX kin3
    USEION na READ ena WRITE ina
    RANGE gbar, ina
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { gbar = .05 (S/cm2) }
ASSIGNED { v (mV) ena (mV) ina (mA/cm2) a1 (/ms) b1 (/ms) a2 (/ms) b2 (/ms) }
STATE { c1 c2 o }
INITIAL { rates(v) SOLVE scheme STEADYSTATE sparse }
BREAKPOINT {
    SOLVE scheme METHOD sparse
    ina = gbar*o*(v - ena)
}
KINETIC scheme {
    rates(v)
    ~ c1 <-> c2 (a1, b1)
    ~ c2 <-> o (a2, b2)
    CONSERVE c1 + c2 + o = 1
}
PROCEDURE rates(v (mV)) {
    a1 = 2*exp((v + 40)/12)
    b1 = 0.5*exp(-(v + 40)/15)
    a2 = 3*exp((v + 30)/10)
    b2 = 0.3*exp(-(v + 50)/20)
}
