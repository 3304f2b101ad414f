: CONSTRUCTOR misuses: t has no value there; a POINTER of NEURON's (its random stream)
NEURON { POINT_PROCESS CtorBad  RANGE x }
ASSIGNED { x }
CONSTRUCTOR {
    x = t + 1
    VERBATIM
    _p_rng = nrnran123_newstream(1, 2);
    ENDVERBATIM
}
