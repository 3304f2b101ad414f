: A synapse that releases each event with probability p.  Its draws come
: from what hoc's setRNG call gave it: numbers make a Random123 stream of
: its own (ifarg, getarg, nrnran123_newstream3), restarted at each
: finitialize; a Random object is kept as it is (nrn_random_arg) and drawn
: with nrn_random_pick; no argument leaves it without one (the shared
: stream).  The patterns of published stochastic synapses, written for
: nrncc's tests (tests/hoccall/hoccall_tests.sh).
NEURON {
    POINT_PROCESS StoSyn
    THREADSAFE  : only with a stream or a Random of its own per instance
    RANGE tau, e, p, g, i, nrel, last, usingR123, scale, nargs, cvon, hval
    NONSPECIFIC_CURRENT i
    POINTER rng
}
UNITS { (nA) = (nanoamp)  (mV) = (millivolt)  (uS) = (microsiemens) }
PARAMETER { tau = 2 (ms)  e = 0 (mV)  p = 0.5 }
ASSIGNED { v (mV)  i (nA)  nrel  last  usingR123  rng  scale  nargs  cvon  hval }
STATE { g (uS) }

VERBATIM
#include "nrnran123.h"
extern int ifarg(int iarg);
extern double* getarg(int iarg);
extern int hoc_is_double_arg(int iarg);
extern int hoc_is_object_arg(int iarg);
double nrn_random_pick(void* r);
void* nrn_random_arg(int argpos);
extern int cvode_active_;
/* CoreNEURON's copy of the stream ids: NEURON never calls it */
static void bbcore_write(double* x, int* d, int* xx, int* offset, _threadargsproto_) {
    if (d) {
        uint32_t* di = ((uint32_t*)d) + *offset;
        nrnran123_State** pv = (nrnran123_State**)(&_p_rng);
        nrnran123_getids3(*pv, di, di + 1, di + 2);
    }
    *offset += 3;
}
ENDVERBATIM

INITIAL {
    g = 0
    nrel = 0
    last = -1
    cvon = 0
VERBATIM
    if (usingR123) {
        nrnran123_setseq((nrnran123_State*)_p_rng, 0, 0);
    }
    if (cvode_active_) {
        cvon = 1;
    }
ENDVERBATIM
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    i = g * (v - e)
}
DERIVATIVE state { g' = -g / tau }

FUNCTION urand() {
VERBATIM
    if (usingR123) {
        _lurand = nrnran123_dblpick((nrnran123_State*)_p_rng);
    } else if (_p_rng) {
        _lurand = nrn_random_pick(_p_rng);
    } else {
ENDVERBATIM
        urand = scop_random()
VERBATIM
    }
ENDVERBATIM
}

PROCEDURE setRNG() {
VERBATIM
    usingR123 = 0;
    nargs = 0;
    while (ifarg((int)nargs + 1)) {
        nargs = nargs + 1;
    }
    if (ifarg(1) && hoc_is_double_arg(1)) {
        nrnran123_State** pv = (nrnran123_State**)(&_p_rng);
        uint32_t a2 = 0, a3 = 0;
        if (*pv) {
            nrnran123_deletestream(*pv);
            *pv = (nrnran123_State*)0;
        }
        if (ifarg(2)) {
            a2 = (uint32_t)*getarg(2);
        }
        if (ifarg(3)) {
            a3 = (uint32_t)*getarg(3);
        }
        *pv = nrnran123_newstream3((uint32_t)*getarg(1), a2, a3);
        usingR123 = 1;
    } else if (ifarg(1) && hoc_is_object_arg(1)) {
        void** pv = (void**)(&_p_rng);
        *pv = nrn_random_arg(1);
    } else {
        void** pv = (void**)(&_p_rng);
        *pv = (void*)0;
    }
ENDVERBATIM
}

: reads a second argument whether there is one or not (hoc stops the
: run when there is not)
PROCEDURE need2() {
VERBATIM
    scale = *getarg(2);
ENDVERBATIM
}

: NMODL-declared arguments, called from hoc as well
PROCEDURE setscale(a, b) {
    scale = a * b
    tau = tau * b
}

FUNCTION half(x) {
    half = x / 2
    hval = half
}

NET_RECEIVE (w (uS)) {
    last = urand()
    if (last < p) {
        g = g + w * scale
        nrel = nrel + 1
    }
}
