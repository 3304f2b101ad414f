: a PROCEDURE storing a Random passed from hoc (nrn_random_arg), which the
: mod calls itself
NEURON {
    POINT_PROCESS RandHoc
    POINTER ranp
    RANGE x
}
ASSIGNED { x  ranp }
VERBATIM
double nrn_random_pick(void* r);
void* nrn_random_arg(int argpos);
ENDVERBATIM
INITIAL { setRand()  x = 0 }
FUNCTION pick() {
VERBATIM
    _lpick = nrn_random_pick(_p_ranp);
ENDVERBATIM
}
PROCEDURE setRand() {
VERBATIM
    void** pv = (void**)(&_p_ranp);
    *pv = nrn_random_arg(1);
ENDVERBATIM
}
