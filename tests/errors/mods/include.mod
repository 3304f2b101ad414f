: INCLUDE of another file
NEURON { SUFFIX incl }
INCLUDE "rates.inc"
