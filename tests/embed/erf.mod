: a mechanism that calls erf(), which nrncc --embed --no-libm does not supply
NEURON { SUFFIX erfm RANGE x }
ASSIGNED { x }
INITIAL { x = erf(0.5) }
