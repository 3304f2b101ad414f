: LONGITUDINAL_DIFFUSION misuses the lowering finds: a name that is not
: a STATE of the scheme; an ion's concentration as the STATE
NEURON { SUFFIX ldb  USEION ca READ cai WRITE cai }
ASSIGNED { x }
STATE { a b cai }
BREAKPOINT { SOLVE k METHOD sparse }
KINETIC k {
    COMPARTMENT 2 {a b cai}
    LONGITUDINAL_DIFFUSION 1 {x}
    LONGITUDINAL_DIFFUSION 1 {cai}
    ~ a <-> b (1, 2)
    ~ cai <-> b (1, 2)
}
