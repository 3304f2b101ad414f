: a second CONSTRUCTOR; a DESTRUCTOR in a density mechanism
NEURON { SUFFIX ctw  RANGE x }
ASSIGNED { x }
CONSTRUCTOR { x = 1 }
CONSTRUCTOR { x = 2 }
DESTRUCTOR { x = 0 }
