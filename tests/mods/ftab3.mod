: FUNCTION_TABLEs of three and four arguments: a grid (NEURON does not
: interpolate beyond two arguments: the value at the grid point at or below
: each argument, clamped) and a constant
NEURON {
    SUFFIX ftab3
    NONSPECIFIC_CURRENT i
    RANGE gbar, q, s
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { gbar = 0.001 (S/cm2)  q = 1.5  e = -70 (mV) }
ASSIGNED { v (mV)  i (mA/cm2)  s }
FUNCTION_TABLE f3(v (mV), tt (ms), k)
FUNCTION_TABLE c4(a, b, c, d)
BREAKPOINT {
    s = f3(v, t, q)*c4(v, t, q, 1)
    i = gbar*s*(v - e)
}
