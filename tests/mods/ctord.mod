TITLE CONSTRUCTOR of a density mechanism, with VERBATIM
COMMENT
Written for nrncc's tests: the CONSTRUCTOR of each segment's instance
(NMODL statements and VERBATIM C) before the model's values; a PARAMETER
the model sets on some segments only.
ENDCOMMENT
NEURON {
    SUFFIX ctord
    RANGE gl, el, k, kc, i
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    gl = 0.0003 (S/cm2)
    el = -60 (mV)
    k = 2
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    kc
}
CONSTRUCTOR {
    kc = k * k
    VERBATIM
    kc = kc + 0.5;
    el = el - 5.0;
    ENDVERBATIM
}
BREAKPOINT {
    i = gl * (1 + 0.1 * kc) * (v - el)
}
