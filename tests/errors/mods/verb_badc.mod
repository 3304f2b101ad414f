: VERBATIM C that does not compile
NEURON { SUFFIX vbc RANGE x }
ASSIGNED { x }
INITIAL {
    VERBATIM
    x = undeclared_thing + 1;
    ENDVERBATIM
}
