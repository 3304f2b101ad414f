TITLE A mechanism without SUFFIX: named after its file, as nocmodl names it
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
    i (mA/cm2)
}
BREAKPOINT {
    i = g * (v - e)
}
