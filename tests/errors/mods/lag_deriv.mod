: LAG in a DERIVATIVE block, which the integration methods run any number
: of times a step: refused
NEURON { SUFFIX lgd }
PARAMETER { d = 0.5 }
ASSIGNED { sl }
STATE { s }
BREAKPOINT { SOLVE ds METHOD cnexp }
DERIVATIVE ds {
    LAG s BY d
    sl = lag_s_d
    s' = -s
}
