NEURON { SUFFIX undef NONSPECIFIC_CURRENT i }
ASSIGNED { i (mA/cm2) v (mV) }
BREAKPOINT {
    i = gbar*(v - 10)
}
