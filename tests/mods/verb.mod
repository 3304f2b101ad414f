TITLE VERBATIM as published models use it
COMMENT
Written for nrncc's tests: C helper functions at file level, VERBATIM in
FUNCTIONs (the value through _lname, a return), in a PROCEDURE (return 0),
in INITIAL and BREAKPOINT reading and writing RANGE variables, v, t and
celsius, calling the mechanism's FUNCTIONs with and without
_threadargscomma_, and the C library.
ENDCOMMENT

NEURON {
    SUFFIX verb
    NONSPECIFIC_CURRENT i
    RANGE g, e, i, scale, count, tw, tab
}

DEFINE NTAB 4

PARAMETER {
    g = 0.0005 (S/cm2)
    e = -70 (mV)
    k = 0.75
}

ASSIGNED {
    v (mV)
    celsius (degC)
    i (mA/cm2)
    scale
    count
    tw
    tab[NTAB]
}

VERBATIM
#include <math.h>
#include <stdlib.h>
/* a helper, as many published models have one */
static double sq(double x) { return x * x; }
ENDVERBATIM

INITIAL {
    count = 0
    scale = twice(k)
    VERBATIM
    { int j;
      for (j = 0; j < 4; j++) tab[j] = sq((double)j) + celsius / 100.0;
    }
    ENDVERBATIM
    fill()
}

BREAKPOINT {
    VERBATIM
    count += 1.0;
    if (t > 2.0) {
        scale = twice(_threadargscomma_ 0.5) + tab[2] * 1e-3;
    }
    tw = fabs(v) / 100.0;
    if (count > scale) { tw = tw * 1.0; } /* a name after '>' is a variable, not a member */
    ENDVERBATIM
    i = g * scale * (v - e) * half_of(4) * (1 + 0.01 * tw)
}

FUNCTION twice(x) {
    VERBATIM
    _ltwice = 2.0 * _lx + sq(0.0);
    ENDVERBATIM
}

FUNCTION half_of(x) {
    LOCAL y
    y = x / 2
    VERBATIM
    if (_ly > 100.0) {
        return 0.0;
    }
    return _ly / 2.0;
    ENDVERBATIM
}

PROCEDURE fill() {
    VERBATIM
    if (tab[0] > 1e9) {
        return 0;
    }
    tab[3] = tab[3] + 0.5;
    ENDVERBATIM
}
