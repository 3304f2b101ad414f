: A synapse whose every event is released with probability p, the draws
: from a NEURON Random kept in POINTER ranp (nrn_random_pick; bound with
: setRand(r) in NEURON, by setpointer in nrncc); without one, from the
: shared stream.  Written for nrncc's tests (tests/rand/rand_tests.sh).
NEURON {
    POINT_PROCESS RandSyn
    THREADSAFE  : only with a Random of its own per instance
    RANGE tau, e, p, g, i, nrel, last
    NONSPECIFIC_CURRENT i
    POINTER ranp
}
UNITS { (nA) = (nanoamp)  (mV) = (millivolt)  (uS) = (microsiemens) }
PARAMETER { tau = 2 (ms)  e = 0 (mV)  p = 0.5 }
ASSIGNED { v (mV)  i (nA)  nrel  last  ranp }
STATE { g (uS) }
INITIAL { g = 0  nrel = 0  last = -1 }
BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g * (v - e)
}
DERIVATIVE state { g' = -g / tau }

VERBATIM
double nrn_random_pick(void* r);
void* nrn_random_arg(int argpos);
ENDVERBATIM

FUNCTION draw() {
VERBATIM
    if (_p_ranp) {
        _ldraw = nrn_random_pick(_p_ranp);
    } else {
        if (_nt != nrn_threads) {
            hoc_execerror("RandSyn:", "the shared stream is for the first thread only");
        }
ENDVERBATIM
        draw = scop_random()
VERBATIM
    }
ENDVERBATIM
}

PROCEDURE setRand() {
VERBATIM
    void** pv = (void**)(&_p_ranp);
    *pv = ifarg(1) ? nrn_random_arg(1) : (void*)0;
ENDVERBATIM
}

NET_RECEIVE (w (uS)) {
    last = draw()
    if (last < p) {
        g = g + w
        nrel = nrel + 1
    }
}
