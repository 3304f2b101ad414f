: s'[k] = ... for an array STATE: nocmodl 8.2.2 writes C for it that does
: not compile ("Derivatives of STATE array variables are not translated
: correctly"), so nrncc refuses it
NEURON { SUFFIX dar RANGE tau }
PARAMETER { tau = 2 (ms) }
STATE { s[3] }
INITIAL { FROM k = 0 TO 2 { s[k] = k + 1 } }
BREAKPOINT { SOLVE ds METHOD derivimplicit }
DERIVATIVE ds {
    FROM k = 0 TO 2 { s'[k] = -s[k] / tau }
}
