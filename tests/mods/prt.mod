: NMODL's printf (C's): a format string, then numbers
NEURON { SUFFIX prt RANGE x }
ASSIGNED { x }
INITIAL {
    x = 2.5
    printf("prt: x = %g at t = %g, celsius %.1f\n", x, t, celsius)
}
