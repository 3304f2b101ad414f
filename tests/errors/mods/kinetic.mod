NEURON { SUFFIX kin }
STATE { a b }
BREAKPOINT { SOLVE k METHOD sparse }
KINETIC k {
    LONGITUDINAL_DIFFUSION 1 {a}
    ~ a <-> b (1, 2)
}
