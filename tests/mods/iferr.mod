TITLE IFERROR after the SOLVE of DERIVATIVE (cnexp) and KINETIC blocks
COMMENT
Written for nrncc's tests: NEURON 8.2.2 runs an IFERROR block after
every cnexp, derivimplicit, euler and sparse solve (it does not look at
the error there), so its counters count the steps.
ENDCOMMENT
NEURON {
    SUFFIX iferr
    NONSPECIFIC_CURRENT i
    RANGE n1, n2, g
}
PARAMETER { g = 0.0002 (S/cm2) }
ASSIGNED { v (mV)  i (mA/cm2)  n1  n2 }
STATE { a b c }
INITIAL { a = 0.2  b = 1  c = 0 }
BREAKPOINT {
    SOLVE da METHOD cnexp IFERROR { n1 = n1 + 1 }
    SOLVE kb METHOD sparse IFERROR {
        n2 = n2 + a
    }
    i = g * (1 + a + c) * (v + 70)
}
DERIVATIVE da { a' = (0.5 - a) / (2 + 0.01 * v) }
KINETIC kb { ~ b <-> c (0.3, 0.1) }
