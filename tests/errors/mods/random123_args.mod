: nrncc's random123() with other than its four arguments
NEURON { SUFFIX r123a RANGE x }
ASSIGNED { x }
INITIAL {
    x = random123(1, 2, 0)
}
