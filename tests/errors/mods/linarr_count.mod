: an array's LINEAR equations in a loop one short of its elements: the
: count is known when they run
NEURON { SUFFIX lac }
STATE { x[3] }
LINEAR ls {
    FROM j = 0 TO 1 {
        ~ 2 * x[j] = 1
    }
}
BREAKPOINT { SOLVE ls }
