: An artificial cell that fires at the times of a hoc Vector that
: play(v) hands it (vector_arg), kept in a POINTER slot of the C's own
: (&_p_ptr) and read with vector_capacity and vector_vec, as ModelDB's
: VecStim-like mods do; play() with no argument forgets it.  Also
: count(v), a FUNCTION of a Vector (vector_instance_px).  Written for
: nrncc's tests (tests/hoccall/hoccall_tests.sh).
NEURON {
    THREADSAFE
    ARTIFICIAL_CELL VecPlay
    POINTER ptr
    RANGE index, etime, total
}
ASSIGNED { index  etime (ms)  ptr  total }

VERBATIM
extern int ifarg(int iarg);
extern void* vector_arg(int iarg);
extern double* vector_vec(void* vv);
extern int vector_capacity(void* vv);
extern int vector_instance_px(void* vv, double** px);
ENDVERBATIM

INITIAL {
    index = 0
    element()
    if (index > 0) {
        net_send(etime - t, 1)
    }
}

NET_RECEIVE (w) {
    if (flag == 1) {
        net_event(t)
        element()
        if (index > 0) {
            net_send(etime - t, 1)
        }
    }
}

PROCEDURE element() {
VERBATIM
    {
        void* vv = (void*)(_p_ptr);
        int k = (int)index;
        if (vv && k >= 0 && k < vector_capacity(vv)) {
            etime = vector_vec(vv)[k];
            index += 1.;
        } else {
            index = -1.;
        }
    }
ENDVERBATIM
}

PROCEDURE play() {
VERBATIM
    void** pv = (void**)(&_p_ptr);
    *pv = ifarg(1) ? vector_arg(1) : (void*)0;
ENDVERBATIM
}

FUNCTION count() {
VERBATIM
    {
        double* px;
        int n = vector_instance_px(vector_arg(1), &px), k;
        double s = 0.;
        for (k = 0; k < n; k++) {
            s += px[k];
        }
        total = s;
        _lcount = n;
    }
ENDVERBATIM
}
