: nrncc's random123() and mcellran4() with other than their arguments
NEURON { SUFFIX r123a RANGE x }
ASSIGNED { x }
INITIAL {
    x = random123(1, 2, 0)
    x = mcellran4(1, 2)
}
