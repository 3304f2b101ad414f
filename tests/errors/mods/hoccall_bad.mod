: PROCEDUREs for the model file's calls: one with NMODL-declared
: arguments, one whose VERBATIM nrncc cannot translate (secname), which
: the mod never calls: the mod compiles, calling it is the error
NEURON {
    POINT_PROCESS HocBad
    RANGE x
}
ASSIGNED { x }
INITIAL { x = 0 }
PROCEDURE set2(a, b) {
    x = a + b
}
PROCEDURE hoconly() {
VERBATIM
    printf("%s\n", secname(0));
ENDVERBATIM
}
