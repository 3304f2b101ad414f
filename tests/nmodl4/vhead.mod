: VERBATIM including a header beside the .mod file (vhead.h) and POSIX
: headers (tests/nmodl4)
NEURON {
    SUFFIX vhead
    NONSPECIFIC_CURRENT i
    RANGE g, e, gain, here
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.001 (S/cm2)
    e = -45 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    gain
    here
}

VERBATIM
#include "vhead.h"
#include <unistd.h>
#include <sys/types.h>
#include <sys/time.h>
ENDVERBATIM

INITIAL {
VERBATIM
    {
        struct timeval tv;
        tv.tv_sec = 2;
        tv.tv_usec = 250000;
        here = (access("/", F_OK) == 0 ? 1.0 : 0.0) + tv.tv_sec + 1e-6 * tv.tv_usec;
    }
ENDVERBATIM
}

BREAKPOINT {
    gain = vgain(v)
    i = g*gain*here*(v - e)
}

FUNCTION vgain(x) {
VERBATIM
    _lvgain = vhead_gain(_lx);
ENDVERBATIM
}
