: INCLUDE of a missing file
NEURON { SUFFIX incl }
INCLUDE "rates.inc"
