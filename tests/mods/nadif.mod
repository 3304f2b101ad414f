TITLE Sodium diffusing along the cable, the ion's concentration as the STATE
COMMENT
Written for nrncc's tests: nai itself is the STATE (USEION na WRITE
nai), filled by the sodium current and spread between segments by
LONGITUDINAL_DIFFUSION; a slow extrusion towards nai0 keeps it bounded.
ENDCOMMENT
NEURON {
    SUFFIX nadif
    USEION na READ ina WRITE nai
    RANGE Dna, kx
}
UNITS {
    (mM) = (milli/liter)
    (um) = (micron)
    (mA) = (milliamp)
    FARADAY = (faraday) (coulomb)
    PI = (pi) (1)
}
PARAMETER {
    Dna = 1.2 (um2/ms)
    kx = 0.02 (/ms)
    nainf = 10 (mM)
}
ASSIGNED {
    ina (mA/cm2)
    diam (um)
}
STATE { nai (mM) }
BREAKPOINT { SOLVE flux METHOD sparse }
KINETIC flux {
    COMPARTMENT diam * diam * PI / 4 {nai}
    LONGITUDINAL_DIFFUSION Dna * diam * diam * PI / 4 {nai}
    ~ nai << (-ina * PI * diam * 1e4 / FARADAY - kx * (nai - nainf) * diam * diam * PI / 4)
}
