: A point process writing an ion current (nA): NEURON adds it to the
: segment's ica as 100 ica / area (mA/cm2), its dica/dv too
NEURON {
    POINT_PROCESS PpCa
    USEION ca READ eca WRITE ica
    RANGE gmax, tau, onset, gt
}
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER { gmax = 0.002 (uS)  tau = 3 (ms)  onset = 1 (ms) }
ASSIGNED { v (mV)  ica (nA)  eca (mV)  gt (uS) }
BREAKPOINT {
    if (t > onset) {
        gt = gmax*(t - onset)/tau*exp(1 - (t - onset)/tau)
    } else {
        gt = 0
    }
    ica = gt*(v - eca)/(1 + exp(-(v + 20)/(9 (mV))))
}
