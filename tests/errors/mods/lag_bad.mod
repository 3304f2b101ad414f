: LAG misuses: a variable that is not a STATE or ASSIGNED, a lag that is
: not a PARAMETER or CONSTANT, an array, the same LAG twice
NEURON { SUFFIX lgb RANGE p }
PARAMETER { p = 1  d = 0.5 }
ASSIGNED { w  z[2]  r }
BREAKPOINT {
    LAG p BY d
    LAG w BY r
    LAG z BY d
    LAG w BY d
    LAG w BY d
}
