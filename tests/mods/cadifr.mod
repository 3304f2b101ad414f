TITLE cadifr: calcium diffusing between radial shells (a test mechanism)
COMMENT
Written for nrncc's tests of CVODE with an array STATE: calcium in NS
shells (per-shell COMPARTMENT volumes) exchanging with their neighbours,
the calcium current flowing into the outer shell, and cai set to the
outer shell's concentration by assignment in the KINETIC block (NEURON's
CVode evaluates that assignment into the ion).  F is the faraday in units
of 10000 coulomb.
ENDCOMMENT
NEURON {
    SUFFIX cadifr
    USEION ca READ ica WRITE cai
    RANGE D
}
DEFINE NS 4
UNITS {
    (mM) = (milli/liter)
    (um) = (micron)
    (mA) = (milliamp)
    F = (faraday) (10000 coulomb)
    PI = (pi) (1)
}
PARAMETER {
    D = 0.6 (um2/ms)
    ca0 = 5e-5 (mM)
}
ASSIGNED {
    diam (um)
    ica (mA/cm2)
    cai (mM)
    vr[NS]
}
STATE { ca[NS] (mM) }
INITIAL {
    FROM k = 0 TO NS - 1 {
        vr[k] = (2 * (NS - k) - 1) / (NS * NS)
        ca[k] = ca0
    }
    cai = ca[0]
}
BREAKPOINT { SOLVE radial METHOD sparse }
KINETIC radial {
    COMPARTMENT k, diam * diam * vr[k] {ca}
    ~ ca[0] << (-ica * PI * diam / (2 * F))
    FROM k = 0 TO NS - 2 {
        ~ ca[k] <-> ca[k + 1] (4 * D, 4 * D)
    }
    cai = ca[0]
}
