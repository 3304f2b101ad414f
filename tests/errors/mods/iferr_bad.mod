: IFERROR misuses: a block that sets a STATE; after a PROCEDURE's SOLVE
NEURON { SUFFIX ifb }
STATE { a }
BREAKPOINT {
    SOLVE da METHOD cnexp IFERROR { a = 0 }
    SOLVE pr IFERROR { }
}
DERIVATIVE da { a' = -a }
PROCEDURE pr() { }
