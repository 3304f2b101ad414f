: a VERBATIM return whose value has no ';' before ENDVERBATIM (with one,
: INITIAL ends there and the value is dropped, as NEURON's C compiler does
: with nocmodl's void initmodel: tests/mods/vbloc.mod)
NEURON { SUFFIX vrs }
ASSIGNED { a }
INITIAL {
    a = 1
    VERBATIM
    return (0)
    ENDVERBATIM
}
