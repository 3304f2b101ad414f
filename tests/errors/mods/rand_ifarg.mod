: a FUNCTION reading hoc's arguments (ifarg), which INITIAL calls
NEURON {
    POINT_PROCESS RandIfarg
    POINTER ranp
    RANGE x
}
ASSIGNED { x  ranp }
VERBATIM
double nrn_random_pick(void* r);
void* nrn_random_arg(int argpos);
ENDVERBATIM
INITIAL { x = pick() }
FUNCTION pick() {
VERBATIM
    _lpick = ifarg(1) ? 0 : nrn_random_pick(_p_ranp);
ENDVERBATIM
}
PROCEDURE setRand() {
VERBATIM
    void** pv = (void**)(&_p_ranp);
    *pv = nrn_random_arg(1);
ENDVERBATIM
}
