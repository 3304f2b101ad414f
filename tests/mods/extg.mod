TITLE GLOBALs that another mechanism reads through EXTERNAL
COMMENT
Written for nrncc's tests: a GLOBAL PARAMETER (set by the model file), a
GLOBAL ASSIGNED this mechanism's INITIAL sets, and a GLOBAL array.
ENDCOMMENT
NEURON {
    SUFFIX extg
    GLOBAL gscale, ninit, tab
    RANGE x
}
PARAMETER {
    gscale = 1.5
    tab[3]
}
ASSIGNED {
    ninit
    x
}
INITIAL {
    ninit = ninit + 1
    tab[1] = 0.25 * ninit
    x = gscale + tab[1]
}
