: INCLUDE of one with an error
NEURON { SUFFIX inclb }
INCLUDE "bad.inc"
