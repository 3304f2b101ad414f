TITLE cahvt: a high-threshold calcium current with GHK-free ohmic drive (a test mechanism)
: nrncc's test of an ion current whose reversal potential NEURON
: recomputes every step (a concentration written by another mechanism).
NEURON {
    SUFFIX cahvt
    USEION ca READ eca WRITE ica
    RANGE gcabar
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { gcabar = .002 (S/cm2) }
ASSIGNED { v (mV) eca (mV) ica (mA/cm2) sinf stau (ms) }
STATE { s }
INITIAL { srate(v) s = sinf }
BREAKPOINT {
    SOLVE gate METHOD derivimplicit
    ica = gcabar*s*s*(v - eca)
}
DERIVATIVE gate {
    srate(v)
    s' = (sinf - s)/stau
}
PROCEDURE srate(v (mV)) {
    sinf = 1/(1 + exp(-(v + 20)/5))
    stau = 1 + 2/(1 + exp((v + 30)/10))
}
