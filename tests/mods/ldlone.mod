: LONGITUDINAL_DIFFUSION of a STATE that takes part in no reaction of its
: KINETIC block (b): NEURON diffuses it all the same
NEURON { SUFFIX ldlone RANGE b0, c0 }
UNITS { (mM) = (milli/liter)  (um) = (micron) }
PARAMETER { b0 = 0 (mM)  c0 = 0.001 (mM)  D = 0.5 (um2/ms)  kf = 0.3 (/ms)  kb = 0.1 (/ms) }
ASSIGNED { diam (um) }
STATE { b (mM)  c (mM)  x (mM) }
INITIAL {
    b = b0
    c = c0
    x = 2*c0
}
BREAKPOINT { SOLVE kin METHOD sparse }
KINETIC kin {
    COMPARTMENT diam*diam {b c x}
    LONGITUDINAL_DIFFUSION D*diam*diam {b c}
    ~ c <-> x (kf, kb)
}
