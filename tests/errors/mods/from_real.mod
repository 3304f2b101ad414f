: FROM's bounds and step are nocmodl's integer expressions: a real
: number, a unary minus or a function call other than INT is refused
NEURON { SUFFIX frr RANGE x }
ASSIGNED { x }
INITIAL {
    x = 0
    FROM i = 0 TO 2.5 { x = x + i }
    FROM i = -1 TO 2 { x = x + i }
    FROM i = 0 TO 4 BY fabs(2) { x = x + i }
}
