: LONGITUDINAL_DIFFUSION misuses the lowering finds: a name that is not
: a STATE of the scheme; a STATE without a COMPARTMENT, in the reactions
: or not (d)
NEURON { SUFFIX ldb }
ASSIGNED { x }
STATE { a b c d }
BREAKPOINT { SOLVE k METHOD sparse }
KINETIC k {
    COMPARTMENT 2 {a b}
    LONGITUDINAL_DIFFUSION 1 {x}
    LONGITUDINAL_DIFFUSION 1 {c}
    LONGITUDINAL_DIFFUSION 1 {d}
    ~ a <-> b (1, 2)
    ~ c <-> b (1, 2)
}
