: IF, ELSE and WHILE written in capitals (nocmodl takes these three so);
: VERBATIM `return` ending INITIAL early and ending a SOLVEd PROCEDURE;
: PARAMETER defaults with more than six digits (NEURON keeps six: %g; a
: CONSTANT keeps them all)
NEURON {
    SUFFIX kwret
    NONSPECIFIC_CURRENT i
    RANGE g, e, a, b, n
    GLOBAL k1
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { g = 0.000512345678 (S/cm2)  e = -75.1234567 (mV)  k1 = 0.0212345678 }
CONSTANT { k2 = 0.97123456789 }
ASSIGNED { v (mV)  i (mA/cm2)  n }
STATE { a b }
INITIAL {
    LOCAL k
    a = 0.2
    b = 0.1
    k = 0
    WHILE (k < 4) { k = k + 1 }
    n = k
    IF (v > -100) {
        VERBATIM
        return;
        ENDVERBATIM
    }
    a = 0.9
}
BREAKPOINT {
    SOLVE adv
    i = g*(a + b)*(v - e)
}
PROCEDURE adv() {
    IF (v > -60) {
        b = b + k1*(1 - b)
    } ELSE IF (v > -64.9) {
        b = b*0.97
    } ELSE {
        b = b*k2
    }
    a = a + (0.5 - a)*0.1
    VERBATIM
    if (a > 0.4) return 0;
    ENDVERBATIM
    b = b + 0.001
}
