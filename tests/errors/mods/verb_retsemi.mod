: a VERBATIM return whose value has no ';' before ENDVERBATIM
NEURON { SUFFIX vrs }
ASSIGNED { a }
INITIAL {
    a = 1
    VERBATIM
    return (0)
    ENDVERBATIM
}
