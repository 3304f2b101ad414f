: VERBATIM that reaches into NEURON's internals
NEURON { SUFFIX vbi RANGE x }
ASSIGNED { x }
VERBATIM
#include "nrniv_mf.h"
ENDVERBATIM
INITIAL {
    VERBATIM
    if (ifarg(1)) { x = *hoc_getarg(1); }
    nrn_random_reset(_p_ran);
    ENDVERBATIM
}
BREAKPOINT {
    VERBATIM
    if (_lq > 0) return 0;
    ENDVERBATIM
}
