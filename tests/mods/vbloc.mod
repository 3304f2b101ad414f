: Constructs met in published models by the third sweep, in a mechanism
: of our own: a VERBATIM C local that the FUNCTION's NMODL statements
: use by name; scop_random given an argument (NEURON 8.2.2 ignores it);
: `return 0;` in INITIAL's VERBATIM (the rest of INITIAL is skipped);
: USEION ... CHARGE (VALENCE's other name); a GLOBAL never declared
: and assigned in a THREADSAFE file (nocmodl makes it an ASSIGNED).
NEURON {
    SUFFIX vbloc
    USEION k READ ek WRITE ik CHARGE 1
    RANGE g, a, r0, w
    GLOBAL q10f
    THREADSAFE
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { g = 0.002 (S/cm2)  kv = 5 (mV) }
ASSIGNED { v (mV)  ik (mA/cm2)  ek (mV)  r0  w }
STATE { a }
INITIAL {
    a = 0.3
    r0 = scop_random(1)
    q10f = 1.5
    VERBATIM
    return 0;
    ENDVERBATIM
    a = 0.9
}
BREAKPOINT {
    SOLVE st METHOD cnexp
    w = pick(v)
    ik = g*a*w*q10f*(v - ek)
}
DERIVATIVE st {
    a' = ((1/(1 + exp(-(v + 40)/kv))) - a)/2
}
FUNCTION pick(x (mV)) {
VERBATIM
    double val;
    if (_lx > -50.0) {
        val = 1.0 + 0.01*(_lx + 50.0);
    } else {
ENDVERBATIM
        val = 0.5 + scop_random(7)*0
VERBATIM
    }
ENDVERBATIM
    pick = val
}
