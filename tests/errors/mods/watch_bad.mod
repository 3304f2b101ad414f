: WATCH where it cannot be, and a condition that is not a comparison
NEURON { POINT_PROCESS WBad  RANGE x }
ASSIGNED { v (mV)  x }
INITIAL { WATCH (v > 0) 1 }
NET_RECEIVE (w) {
    WATCH (v >= 0) 2
}
