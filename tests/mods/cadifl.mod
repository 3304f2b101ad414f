TITLE Calcium diffusing along the cable (LONGITUDINAL_DIFFUSION)
COMMENT
Written for nrncc's tests: calcium in NSH radial shells (an array STATE
with per-shell COMPARTMENT volumes) exchanging with each other and with a
buffer b, an influx into the outer shell where jin is set, and both the
shells and the buffer diffusing along the cable (an indexed and a plain
LONGITUDINAL_DIFFUSION).  The outer shell's calcium opens a small
current, so v feels the diffusion.  The buffer starts from b0, a GLOBAL
named without a declaration (every STATE has one); F is the faraday in
units of 10000 coulomb.
ENDCOMMENT
NEURON {
    SUFFIX cadifl
    USEION ca READ cai WRITE cai
    NONSPECIFIC_CURRENT i
    RANGE jin, gca, D
    GLOBAL b0
}
DEFINE NSH 3
UNITS {
    (mM) = (milli/liter)
    (um) = (micron)
    (mA) = (milliamp)
    F = (faraday) (10000 coulomb)
}
PARAMETER {
    D = 0.6 (um2/ms)
    Dbuf = 0.05 (um2/ms)
    jin = 0 (mM/ms)
    kx = 0.4 (/ms)
    kon = 2 (/mM-ms)
    koff = 0.01 (/ms)
    gca = 0.05 (S/cm2/mM)
}
ASSIGNED {
    v (mV)
    diam (um)
    i (mA/cm2)
    cai (mM)
    vr[NSH]
}
STATE {
    ca[NSH] (mM)
    b (mM)
}
INITIAL {
    FROM k = 0 TO NSH - 1 {
        ca[k] = cai
        vr[k] = (2 * k + 1) / (NSH * NSH)
    }
}
BREAKPOINT {
    SOLVE diff METHOD sparse
    i = gca * ca[0] * (v - 40) * F / 9.6
}
KINETIC diff {
    COMPARTMENT k, diam * diam * vr[k] {ca}
    COMPARTMENT diam * diam * 0.25 {b}
    LONGITUDINAL_DIFFUSION k, D * diam * diam * vr[k] {ca}
    LONGITUDINAL_DIFFUSION Dbuf * diam * diam * 0.25 {b}
    ~ ca[0] << (jin * diam * diam * vr[0])
    FROM k = 0 TO NSH - 2 {
        ~ ca[k] <-> ca[k + 1] (kx * diam, kx * diam)
    }
    ~ ca[1] + b <-> ca[2] (kon * 0.1, koff * 0.2)
    cai = ca[0]
}
