TITLE rtick: a point process drawing in its BREAKPOINT and NET_RECEIVE (nrncc's tests)

NEURON {
    POINT_PROCESS rtick
    RANGE u, x, w
}

ASSIGNED {
    u
    x
    w
}

INITIAL {
    x = exprand(1)
    w = 0
    net_send(x, 1)
}

BREAKPOINT {
    u = scop_random()
}

NET_RECEIVE (weight) {
    w = normrand(5, 2)
    x = exprand(3)
    net_send(x, 1)
}
