TITLE hhdi: hh's gates integrated by derivimplicit (a test mechanism)
: nrncc's test of SOLVE ... METHOD derivimplicit against NEURON.
NEURON {
    SUFFIX hhdi
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gnabar, gkbar, gl, el
    THREADSAFE
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER {
    gnabar = .12 (S/cm2)
    gkbar = .036 (S/cm2)
    gl = .0003 (S/cm2)
    el = -54.3 (mV)
}
STATE { m h n }
ASSIGNED {
    v (mV) celsius (degC) ena (mV) ek (mV)
    ina (mA/cm2) ik (mA/cm2) il (mA/cm2)
    minf hinf ninf mtau (ms) htau (ms) ntau (ms)
}
BREAKPOINT {
    SOLVE states METHOD derivimplicit
    ina = gnabar*m*m*m*h*(v - ena)
    ik = gkbar*n*n*n*n*(v - ek)
    il = gl*(v - el)
}
INITIAL {
    rates(v)
    m = minf
    h = hinf
    n = ninf
}
DERIVATIVE states {
    rates(v)
    m' = (minf - m)/mtau
    h' = (hinf - h)/htau
    n' = (ninf - n)/ntau
}
PROCEDURE rates(v (mV)) {
    LOCAL a, b, q10
    q10 = 3^((celsius - 6.3)/10)
    a = .1*trap(-(v + 40), 10)
    b = 4*exp(-(v + 65)/18)
    mtau = 1/(q10*(a + b))
    minf = a/(a + b)
    a = .07*exp(-(v + 65)/20)
    b = 1/(exp(-(v + 35)/10) + 1)
    htau = 1/(q10*(a + b))
    hinf = a/(a + b)
    a = .01*trap(-(v + 55), 10)
    b = .125*exp(-(v + 65)/80)
    ntau = 1/(q10*(a + b))
    ninf = a/(a + b)
}
FUNCTION trap(x, y) {
    if (fabs(x/y) < 1e-6) {
        trap = y*(1 - x/y/2)
    } else {
        trap = x/(exp(x/y) - 1)
    }
}
