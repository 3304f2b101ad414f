: The header vhead.mod includes, included by a second mechanism
: (tests/nmodl4)
NEURON {
    SUFFIX vhead2
    RANGE y
}

ASSIGNED {
    v (mV)
    y
}

VERBATIM
#include "vhead.h"
ENDVERBATIM

BREAKPOINT {
VERBATIM
    y = vhead_gain(v + 10.0);
ENDVERBATIM
}
