: a DERIVATIVE block called as a procedure, solved by derivimplicit
NEURON { SUFFIX dcl }
STATE { a }
INITIAL { a = 0.5  states() }
BREAKPOINT { SOLVE states METHOD derivimplicit }
DERIVATIVE states { a' = 1 - a }
