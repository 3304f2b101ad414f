TITLE IntFire2: an integrate-and-fire cell with a synaptic current

COMMENT
An artificial cell with two dimensionless states: a synaptic current i,
which relaxes towards the bias ib with time constant taus and jumps by
the weight of each incoming event, and a membrane state m, which follows
i with time constant taum:

    taus di/dt = ib - i        taum dm/dt = i - m

The cell fires when m reaches 1, and m restarts from 0.  taum must be
shorter than taus (else taus is set to taum + 0.1 ms at initialization).

Both states are stored as of the last event, t0, and evolve analytically
in between (the functions M() and I() give their present values).  The
time of the next threshold crossing is found by Newton's method on the
analytic solution and kept as a self-event, which each input moves.

As NEURON's built-in IntFire2.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL IntFire2
    RANGE taus, taum, ib, i, m
    THREADSAFE
}

PARAMETER {
    taus = 20 (ms)     : synaptic current time constant
    taum = 10 (ms)     : membrane time constant, below taus
    ib = 0             : bias current (ib > 1 fires by itself)
}

ASSIGNED {
    i                  : synaptic current at t0
    m                  : membrane state at t0
    t0 (ms)            : time of the last update
}

INITIAL {
    i = ib
    m = 0
    if (taus <= taum) {
        taus = taum + 0.1
    }
    t0 = t
    net_send(firetime(ib, 0, 0), 1)
}

: the membrane state at the present time
FUNCTION M() {
    LOCAL q, xs
    q = taus/(taus - taum)
    xs = (i - ib)*exp(-(t - t0)/taus)
    M = ib + q*xs + (m - (ib + (i - ib)*q))*exp(-(t - t0)/taum)
}

: the synaptic current at the present time
FUNCTION I() {
    I = (i - ib)*exp(-(t - t0)/taus) + ib
}

NET_RECEIVE (w) {
    LOCAL q, xs, inow, bq
    q = taus/(taus - taum)
    xs = (i - ib)*exp(-(t - t0)/taus)
    inow = ib + xs
    if (flag == 1) {
        : the predicted threshold crossing: fire and predict the next one
        net_event(t)
        m = 0
        bq = (inow - ib)*q
        net_send(firetime(ib, bq, 0), 1)
    } else {
        : an input: bring m up to date, add w to the current, and move
        : the predicted crossing
        m = ib + q*xs + (m - (ib + (i - ib)*q))*exp(-(t - t0)/taum)
        inow = inow + w
        if (m >= 1) {
            net_move(t)
        } else {
            bq = (inow - ib)*q
            net_move(firetime(ib, bq, m) + t)
        }
    }
    t0 = t
    i = inow
}

COMMENT
firetime(a, b, c): the time from now until m = 1, where from now on
    m(s) = a + b*exp(-s/taus) + (c - a - b)*exp(-s/taum),
and 1e9 when m never gets there.  c < 1 and taum < taus are assumed.
With y = exp(-s/taum) and r = taum/taus this is 1 = a + b*y^r + (c - a - b)*y
on 0 < y <= 1, solved by solve_y() (Newton's method) from a starting point that makes it
converge to the first crossing; when b is too negative for that, the same
equation is solved in the variable exp(-s/taus) instead.
ENDCOMMENT
FUNCTION firetime(a, b, c) (ms) {
    LOCAL r, k, y, slope, top
    r = taum/taus
    if (a <= 1 && a + b <= 1) {
        : m stays below its final and its present drive
        firetime = 1e9
    } else if (a > 1 && b <= 0) {
        : m crosses 1 exactly once
        k = c - a - b
        slope = r*b + k
        if (slope >= 0) {
            firetime = -taus*log(solve_y(a, k, b, 1/r, 0))
        } else {
            y = (1 - c + slope)/slope
            if (y <= 0) {
                firetime = -taus*log(solve_y(a, k, b, 1/r, 0))
            } else {
                firetime = -taum*log(solve_y(a, b, k, r, y))
            }
        }
    } else {
        : a crossing exists only if the maximum of m is above 1 (and the
        : maximum may lie at y >= 1, i.e. in the past)
        k = c - a - b
        y = (-k/(r*b))^(1/(r - 1))
        top = a + b*y^r + k*y
        if (y >= 1 || top <= 1) {
            firetime = 1e9
        } else {
            slope = r*b + k
            y = (1 - c + slope)/slope
            firetime = -taum*log(solve_y(a, b, k, r, y))
        }
    }
}

: Newton's iteration for 1 = a + b*y^r + c*y from y, kept in 0 < y <= 1,
: until both the step and the residual are below 1e-6 (at most 11 steps)
FUNCTION solve_y(a, b, c, r, y) {
    LOCAL step, val, dval, n
    step = 1
    val = 0
    n = 0
    while (fabs(step) > 1e-6 || fabs(val - 1) > 1e-6) {
        val = a + b*y^r + c*y
        dval = r*b*y^(r - 1) + c
        step = (1 - val)/dval
        y = y + step
        if (y <= 0) {
            y = 1e-4
        } else if (y > 1) {
            y = 1
        }
        n = n + 1
        if (n > 10) {
            : give up with the present y
            val = 1
            step = 0
        }
    }
    solve_y = y
}
