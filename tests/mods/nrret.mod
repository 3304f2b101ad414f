: VERBATIM `return;` in NET_RECEIVE ends the block (nocmodl's
: _net_receive is a void function): events of weight <= 0 change nothing;
: a POINTER declared in PARAMETER (nocmodl makes it a POINTER all the same).
NEURON {
    POINT_PROCESS NrRet
    RANGE tau, e, i, g, nev, gs
    NONSPECIFIC_CURRENT i
    POINTER vs
}
UNITS { (nA) = (nanoamp) (mV) = (millivolt) (uS) = (microsiemens) }
PARAMETER { tau = 2 (ms)  e = 0 (mV)  gs = 0.001 (uS)  vs (mV) }
ASSIGNED { v (mV)  i (nA)  nev }
STATE { g (uS) }
INITIAL { g = 0  nev = 0 }
BREAKPOINT {
    SOLVE st METHOD cnexp
    i = g*(v - e) + gs*(v - vs)
}
DERIVATIVE st { g' = -g/tau }
NET_RECEIVE (w (uS)) {
    if (!(w > 0)) {
VERBATIM
        return;
ENDVERBATIM
    }
    nev = nev + 1
    g = g + w
}
