TITLE cadi: calcium accumulation in a shell with a first-order decay (a test mechanism)
: nrncc's test of derivimplicit on a concentration a mechanism writes, and
: of nonlinear cnexp (a Michaelis-Menten pump makes the equation
: nonlinear; nocmodl then uses derivimplicit).
NEURON {
    SUFFIX cadi
    USEION ca READ ica, cai WRITE cai
    RANGE depth, taur, cainf, kpump, kd
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}
PARAMETER {
    depth = .1 (um)
    taur = 200 (ms)
    cainf = 1e-4 (mM)
    kpump = 2e-4 (mM/ms)
    kd = 1e-3 (mM)
}
ASSIGNED { ica (mA/cm2) drive (mM/ms) }
STATE { cai (mM) }
INITIAL { cai = cainf }
BREAKPOINT { SOLVE state METHOD cnexp }
DERIVATIVE state {
    drive = -(10000)*ica/(2*FARADAY*depth)
    if (drive < 0) { drive = 0 }
    cai' = drive + (cainf - cai)/taur - kpump*cai/(cai + kd)
}
