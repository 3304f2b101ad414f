TITLE cabufk: calcium entry, buffering and a pump, cai itself a KINETIC STATE (a test mechanism)
: nrncc's test of a KINETIC scheme under CVODE with COMPARTMENT sizes,
: fluxes, a reaction of two reactants and an ion concentration as one of
: its STATEs (CVODE's unknown, as NEURON maps it onto the ion).
NEURON {
    SUFFIX cabufk
    USEION ca READ ica WRITE cai
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
}
ASSIGNED { ica (mA/cm2) bound (mM/ms) }
STATE { cai (mM) buf (mM) cabf (mM) }
INITIAL {
    cai = 5e-5
    buf = btot*kb/(kb + kf*cai)
    cabf = btot - buf
}
BREAKPOINT { SOLVE state METHOD sparse }
KINETIC state {
    COMPARTMENT depth {cai buf cabf}
    ~ cai << (-ica*10000/(2*FARADAY))
    ~ cai + buf <-> cabf (kf*depth, kb*depth)
    bound = f_flux - b_flux
    ~ cai << (-pump*depth*(cai - 5e-5))
}
