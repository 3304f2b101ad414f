: LINEAR with a state in a denominator; NONLINEAR with too few equations
NEURON { SUFFIX linbad }
STATE { a b c }
LINEAR l1 {
    ~ 2 * a + 1 / b = 1
    ~ a - b = 0
}
NONLINEAR n1 {
    ~ a * c = 1
}
BREAKPOINT {
    SOLVE l1
    SOLVE n1
}
