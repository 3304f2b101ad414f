: a POINTER that is not declared in ASSIGNED
NEURON { POINT_PROCESS PtrU  POINTER vx  RANGE y }
ASSIGNED { y }
BREAKPOINT { y = 1 }
