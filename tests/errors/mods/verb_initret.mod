: VERBATIM in INITIAL: `return;` ends the block (as nocmodl's void
: initmodel), a return with a value does not compile there
NEURON { SUFFIX vir RANGE x }
ASSIGNED { x }
INITIAL {
    x = 1
    VERBATIM
    if (x > 0) return 1;
    ENDVERBATIM
}
