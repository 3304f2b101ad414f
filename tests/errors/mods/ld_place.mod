: LONGITUDINAL_DIFFUSION out of place: outside a KINETIC block; in a
: point process
NEURON { POINT_PROCESS LdPlace }
STATE { a b }
INITIAL { LONGITUDINAL_DIFFUSION 1 {a} }
BREAKPOINT { SOLVE k METHOD sparse }
KINETIC k {
    COMPARTMENT 2 {a b}
    LONGITUDINAL_DIFFUSION 1 {a}
    ~ a <-> b (1, 2)
}
