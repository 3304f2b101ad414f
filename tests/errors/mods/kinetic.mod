NEURON { SUFFIX kin }
STATE { a b }
BREAKPOINT { SOLVE k METHOD sparse }
KINETIC k {
    ~ a <-> b (1, 2)
}
