: A noise current: before each step, amp times a draw from the NEURON
: Random kept in POINTER donotuse (nrn_random_pick), e.g. a normal one
: (drawn before each step, the current as ELECTRODE_CURRENT).
: Written for nrncc's tests (tests/rand/rand_tests.sh).
NEURON {
    POINT_PROCESS RandNoise
    RANGE amp, x, i
    ELECTRODE_CURRENT i
    POINTER donotuse
}
UNITS { (nA) = (nanoamp) }
PARAMETER { amp = 0.01 (nA) }
ASSIGNED { i (nA)  x  donotuse }
INITIAL { x = 0  i = 0 }
VERBATIM
double nrn_random_pick(void* r);
void* nrn_random_arg(int argpos);
ENDVERBATIM
BEFORE BREAKPOINT {
    x = pick()
}
BREAKPOINT {
    i = -amp * x
}
FUNCTION pick() {
VERBATIM
    if (_p_donotuse) {
        _lpick = nrn_random_pick(_p_donotuse);
    } else {
        hoc_execerror("RandNoise: no Random given", 0);
    }
ENDVERBATIM
}
PROCEDURE noiseFromRandom() {
VERBATIM
 {
    void** pv = (void**)(&_p_donotuse);
    if (ifarg(1)) {
        *pv = nrn_random_arg(1);
    } else {
        *pv = (void*)0;
    }
 }
ENDVERBATIM
}
