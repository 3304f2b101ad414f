: a POINTER handed to nrn_random_pick without a test of _p_ranp
NEURON {
    ARTIFICIAL_CELL RandUnset
    POINTER ranp
    RANGE x
}
ASSIGNED { x  ranp }
VERBATIM
double nrn_random_pick(void* r);
ENDVERBATIM
INITIAL { x = pick() }
FUNCTION pick() {
VERBATIM
    _lpick = nrn_random_pick(_p_ranp);
ENDVERBATIM
}
