TITLE cabuf: calcium entry, buffering and a pump in a shell (a test mechanism)
: nrncc's test of a nonlinear KINETIC scheme with COMPARTMENT, a flux
: (<<), f_flux/b_flux, and a concentration the scheme writes.
NEURON {
    SUFFIX cabuf
    USEION ca READ ica, cai WRITE cai
    RANGE btot, kf, kb, depth, pump, bound
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}
PARAMETER {
    btot = 0.05 (mM)
    kf = 100 (/mM-ms)
    kb = 0.1 (/ms)
    depth = 0.2 (um)
    pump = 0.02 (/ms)
    diam (um)
}
ASSIGNED { ica (mA/cm2) cai (mM) bound (mM/ms) }
STATE { ca (mM) buf (mM) cabf (mM) }
INITIAL {
    ca = cai
    buf = btot*kb/(kb + kf*ca)
    cabf = btot - buf
}
BREAKPOINT { SOLVE state METHOD sparse }
KINETIC state {
    COMPARTMENT depth {ca buf cabf}
    ~ ca << (-ica*10000/(2*FARADAY))
    ~ ca + buf <-> cabf (kf*depth, kb*depth)
    bound = f_flux - b_flux
    ~ ca << (-pump*depth*(ca - 5e-5))
    cai = ca
}
