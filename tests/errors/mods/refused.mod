: Constructs that NEURON 8.2.2 does not build either, refused with a
: message that says so: a POINTER array, METHOD matexp.
NEURON { SUFFIX refz  POINTER pa  RANGE y }
ASSIGNED { y  pa[2] }
STATE { a b }
BREAKPOINT {
    SOLVE kin METHOD matexp
    y = a
}
KINETIC kin { ~ a <-> b (1, 2) }
