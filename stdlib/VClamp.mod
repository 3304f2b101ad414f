TITLE VClamp: a two-electrode voltage clamp with three levels

COMMENT
A voltage clamp built from a measuring amplifier and a control amplifier.
The command is amp[0] for dur[0] ms from t = 0, then amp[1] for dur[1] ms,
then amp[2] for dur[2] ms; after that the clamp is off and injects nothing.

The circuit has three potentials, treated as states: vi, the output of the
measuring amplifier (it follows v, with the feedback fraction fac of the
output mixed in); e, the input of the control amplifier, which compares
the command with vi through a filter of time constant tau1; and vo, the
output of the control amplifier, gain*e filtered with time constant tau2.
The current injected into the cell is i = (vo - v)/rstim (nA, positive
into the cell).

In each time step the three circuit equations, discretized with the step
dt (backward Euler), are solved together for vi, vo and e by Gaussian
elimination with partial pivoting.  The clamp is very stiff.  The values
at the start of the step are kept in vi0, vo0 and e0; the current for
the cell's matrix is computed with the potential at the start of the
step, and once v is known at the end of the step the circuit is solved
again with it, which gives the recorded current and the next starting
values.  Use it with secondorder = 0.  (NEURON stops the run when the
circuit's matrix is singular; that is not checked here.)

Several VClamps at one place are independent clamps, not one clamp with
more levels.

As NEURON's built-in VClamp (which refuses to run under CVODE).  Written
for nrncc's standard library.
ENDCOMMENT

DEFINE NLEVELS 3

NEURON {
    POINT_PROCESS VClamp
    ELECTRODE_CURRENT i
    RANGE e0, vo0, vi0, dur, amp, gain, rstim, tau1, tau2, fac, i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    dur[NLEVELS] (ms) <0, 1e9>    : durations of the three levels
    amp[NLEVELS] (mV)             : the three command levels
    gain = 1e5 <0, 1e9>           : gain of the control amplifier
    rstim = 1 (megohm) <1e-9, 1e9> : resistance between amplifier and cell
    tau1 = 0.001 (ms) <0, 1e9>    : time constant of the comparison
    tau2 = 0 (ms) <0, 1e9>        : time constant of the control amplifier
    e0 (mV)                       : e at the start of the step
    vo0 (mV)                      : vo at the start of the step
    vi0 (mV)                      : vi at the start of the step
    fac = 0 <1, 10>               : fraction of vo fed back into vi
}

ASSIGNED {
    v (mV)
    dt (ms)
    i (nA)       : the injected current
    stim (mV)    : the present command level
    tc (ms)      : end of the present level, plus 100 ms while the clamp is on
}

STATE {
    e (mV)       : control amplifier input
    vo (mV)      : control amplifier output
    vi (mV)      : measuring amplifier output
}

INITIAL {
    e0 = 0
    vo = v
    vo0 = v
    vi = v
    vi0 = v
    e = 0
}

BREAKPOINT {
    SOLVE step_end METHOD after_cvode
    command()
    i = icur()
}

: the command level for the present t; tc ends up far beyond t while a
: level is running, and at the total duration once the clamp is off
PROCEDURE command() {
    LOCAL found
    found = 0
    tc = 0
    FROM j = 0 TO NLEVELS - 1 {
        if (found == 0) {
            stim = amp[j]
            tc = tc + dur[j]
            at_time(tc)      : the level's end: a discontinuity for CVODE
            if (t < tc) {
                tc = tc + 100
                found = 1
            }
        }
    }
}

: the current for the present v (solving the circuit), 0 when off
FUNCTION icur() (nA) {
    if (t > tc) {
        e0 = 0
        vo0 = 0
        icur = 0
    } else {
        circuit()
        icur = (vo - v)/rstim
    }
}

COMMENT
circuit(): vi, vo and e after a step dt from vi0, vo0 and e0, with k1 =
tau1/dt and k2 = tau2/dt.  Unknowns in the order vi, vo, e; the rows are

    -vi + fac*vo                      = -v + fac*v
    -(k2 + 1)*vo - gain*e             = -k2*vo0
    -(1 + k1)*vi + (2 + k1)*e         = -stim - k1*(vi0 - e0)

(the last one is (vi - e) - (stim + e) + k1*((vi - e) - (vi0 - e0)) = 0
multiplied by -1: the balance at the input of the control amplifier,
where the command enters inverted).  They are
solved by elimination column by column, each time taking as pivot the
row with the largest coefficient (the first such row on ties), dividing
the pivot row by its pivot and subtracting it from the rows below; then
back substitution.
ENDCOMMENT
PROCEDURE circuit() {
    LOCAL k1, k2, a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, s0, s1, s2, s3, p
    k1 = tau1/dt
    k2 = tau2/dt
    : rows a, b, c: three coefficients and the right-hand side
    a0 = -1
    a1 = fac
    a2 = 0
    a3 = -v + fac*v
    b0 = 0
    b1 = -k2 - 1
    b2 = -gain
    b3 = -k2*vo0
    c0 = -1 - k1
    c1 = 0
    c2 = 2 + k1
    c3 = -stim - k1*(vi0 - e0)

    : column 0: bring the largest |coefficient| into row a
    p = 0
    s0 = fabs(a0)
    if (s0 < fabs(b0)) {
        p = 1
        s0 = fabs(b0)
    }
    if (s0 < fabs(c0)) {
        p = 2
    }
    if (p == 1) {
        s0 = a0  s1 = a1  s2 = a2  s3 = a3
        a0 = b0  a1 = b1  a2 = b2  a3 = b3
        b0 = s0  b1 = s1  b2 = s2  b3 = s3
    } else if (p == 2) {
        s0 = a0  s1 = a1  s2 = a2  s3 = a3
        a0 = c0  a1 = c1  a2 = c2  a3 = c3
        c0 = s0  c1 = s1  c2 = s2  c3 = s3
    }
    a1 = a1/a0
    a2 = a2/a0
    a3 = a3/a0
    b1 = b1 - a1*b0
    b2 = b2 - a2*b0
    b3 = b3 - a3*b0
    c1 = c1 - a1*c0
    c2 = c2 - a2*c0
    c3 = c3 - a3*c0

    : column 1: rows b and c
    if (fabs(b1) < fabs(c1)) {
        s1 = b1  s2 = b2  s3 = b3
        b1 = c1  b2 = c2  b3 = c3
        c1 = s1  c2 = s2  c3 = s3
    }
    b2 = b2/b1
    b3 = b3/b1
    c2 = c2 - b2*c1
    c3 = c3 - b3*c1

    : column 2, then back substitution
    c3 = c3/c2
    e = c3
    vo = b3
    vo = vo - b2*e
    vi = a3
    vi = vi - a1*vo
    vi = vi - a2*e
}

: after the step: the current for the new v, and the new starting values
PROCEDURE step_end() {
    i = icur()
    e0 = e
    vo0 = vo
    vi0 = vi
}
