: LAG: a variable's value a fixed time ago, from NEURON's history of it
: (linear between the times it was taken at): of a STATE in a SOLVEd
: PROCEDURE, of an ASSIGNED, and of v in BREAKPOINT
NEURON {
    SUFFIX lagt
    NONSPECIFIC_CURRENT i
    RANGE g, g2, e, q, ql, w, wl, vl
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { g = 0.002 (S/cm2)  g2 = 0.0005 (S/cm2)  e = -70 (mV)  tau = 2 (ms)  d = 0.3 (ms)  d2 = 0.11 (ms) }
ASSIGNED { v (mV)  i (mA/cm2)  w  ql  wl  vl }
STATE { q }
INITIAL { q = 0 }
BREAKPOINT {
    SOLVE upd
    LAG v BY d2
    vl = lag_v_d2
    i = g*(1 + ql)*(v - e) + g2*(vl + 65)
}
PROCEDURE upd() {
    q = q + dt*((v + 65)/10 - q)/tau
    LAG q BY d
    ql = lag_q_d
    w = v*v/100
    LAG w BY d2
    wl = lag_w_d2
}
