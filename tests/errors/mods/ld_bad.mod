: LONGITUDINAL_DIFFUSION misuses the lowering finds: a name that is not
: a STATE of the scheme; a STATE without a COMPARTMENT
NEURON { SUFFIX ldb }
ASSIGNED { x }
STATE { a b c }
BREAKPOINT { SOLVE k METHOD sparse }
KINETIC k {
    COMPARTMENT 2 {a b}
    LONGITUDINAL_DIFFUSION 1 {x}
    LONGITUDINAL_DIFFUSION 1 {c}
    ~ a <-> b (1, 2)
    ~ c <-> b (1, 2)
}
