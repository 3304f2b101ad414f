: FOR_NETCONS with the wrong number of arguments, and outside NET_RECEIVE
NEURON { POINT_PROCESS FncBad  RANGE x }
ASSIGNED { x }
INITIAL { FOR_NETCONS (a) { x = a } }
NET_RECEIVE (w, tp) {
    FOR_NETCONS (w1) { x = w1 }
}
