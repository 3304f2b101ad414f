TITLE casetn: sets cai as a function of t in a BREAKPOINT without currents (a test mechanism)
: nrncc's test of CVODE's state update of a mechanism without STATEs:
: NEURON's CVode runs its BREAKPOINT before each step.
NEURON {
    SUFFIX casetn
    USEION ca WRITE cai
    RANGE c0, rate
}
UNITS { (mM) = (milli/liter) }
PARAMETER { c0 = 1e-4 (mM) rate = 2e-4 (mM/ms) }
ASSIGNED { cai (mM) }
BREAKPOINT { cai = c0 + rate * t }
