: a top-level LOCAL named as an ASSIGNED declared before it, and used after
: it: nocmodl makes the uses after it another variable
NEURON { SUFFIX lhid }
ASSIGNED { k1 }
BREAKPOINT { k1 = 2 }
LOCAL k1
INITIAL { k1 = 1 }
