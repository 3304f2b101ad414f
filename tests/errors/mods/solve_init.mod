: SOLVE of a DERIVATIVE block by a METHOD in INITIAL
NEURON { SUFFIX sin }
STATE { a }
INITIAL { SOLVE states METHOD derivimplicit }
BREAKPOINT { SOLVE states METHOD derivimplicit }
DERIVATIVE states { a' = 1 - a }
