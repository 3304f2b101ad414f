: CONSTRUCTOR misuses: t has no value there; NEURON's random streams
NEURON { POINT_PROCESS CtorBad  RANGE x }
ASSIGNED { x }
CONSTRUCTOR {
    x = t + 1
    VERBATIM
    _p_rng = nrnran123_newstream(1, 2);
    ENDVERBATIM
}
