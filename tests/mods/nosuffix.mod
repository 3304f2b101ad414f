TITLE A mechanism without SUFFIX (named after its file), its current declared without units
NEURON {
    NONSPECIFIC_CURRENT i
    RANGE g, e
}
PARAMETER {
    g = 0.0004 (S/cm2)
    e = -58 (mV)
}
ASSIGNED {
    v (mV)
    i
}
BREAKPOINT {
    i = g * (v - e)
}
