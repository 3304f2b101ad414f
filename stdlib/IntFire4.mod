TITLE IntFire4: an integrate-and-fire cell with excitatory and inhibitory currents

COMMENT
An artificial cell with four dimensionless states that evolve exactly
between events:

    e' = -e/taue                    excitatory current, jumps by w > 0
    i1' = -i1/taui1                 first inhibitory stage, jumps by w <= 0
    i2' = -i2/taui2 + ai1*i1        second inhibitory stage
    m' = -m/taum + ae*e + ai2*i2    membrane

The scale factors ae, ai1 and ai2 are chosen at initialization so that a
lone excitatory event of weight 1 takes m to a peak of 1, a lone
inhibitory event of weight -1 takes i2 to a peak of -1, and m to a peak of
-1.  The cell fires when m is above 1 - eps at an event, and m restarts
from 0.

The states are stored as of the last event, t0 (the functions E(), I()
and M() give the present excitatory current ae*e, inhibitory current
ai2*i2 and membrane state).  A self-event is kept at a lower bound of the
threshold crossing time, m's time to 1 at its present slope; at each
event the bound is recomputed, so the self-events step up to the crossing.

The time constants must satisfy taue < taui2, taui1 < taui2, all at least
taueps apart, and taum at least taueps away from each; at initialization
they are adjusted to (taui1 and taui2 swapped if taui1 > taui2).

As NEURON's built-in IntFire4.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL IntFire4
    RANGE taue, taui1, taui2, taum, e, i1, i2, m, ae, ai2, ai1
    RANGE nself, nexcite, ninhibit
    GLOBAL eps, taueps, ib
}

PARAMETER {
    taue = 5 (ms) <0, 1e9>         : excitatory current decay
    taui1 = 10 (ms) <0, 1e9>       : inhibitory rise
    taui2 = 20 (ms) <0, 1e9>       : inhibitory decay
    taum = 50 (ms) <0, 1e9>        : membrane time constant
    ib = 0                         : not used
    eps = 1e-6 <1e-9, 0.01>        : m > 1 - eps counts as threshold
    taueps = 0.01 <1e-9, 1e9>      : least distance between time constants
}

ASSIGNED {
    e i1 i2 m                      : the states at t0
    enew i1new i2new mnew          : the states advanced by newstates()
    t0 (ms)                        : time of the last update
    nself nexcite ninhibit         : self, excitatory and inhibitory events received

    ke (1/ms) ki1 (1/ms) ki2 (1/ms) km (1/ms)   : rates, 1/tau
    ae (1/ms) ai1 (1/ms) ai2 (1/ms)             : scale factors of the inputs
    be bi1 bi2                     : scale factors of the analytic solution
    a b                            : products of them used by newstates()
    searchfailed                   : 1 when search() found no bracket
}

INITIAL {
    adjust_taus()
    scale_factors()
    e = 0
    i1 = 0
    i2 = 0
    m = 0
    t0 = t
    net_send(firetimebound(), 1)
    nself = 0
    nexcite = 0
    ninhibit = 0
}

: the states d ms after t0, into enew, i1new, i2new and mnew
PROCEDURE newstates(d (ms)) {
    LOCAL xe, xi1, xi2, xm
    xe = exp(-ke*d)
    xi1 = exp(-ki1*d)
    xi2 = exp(-ki2*d)
    xm = exp(-km*d)
    enew = e*xe
    i1new = i1*xi1
    i2new = i2*xi2 + bi1*i1*(xi2 - xi1)
    mnew = m*xm + be*e*(xm - xe) + (bi2*i2 + a*i1)*(xm - xi2) - b*i1*(xm - xi1)
}

: the present membrane state
FUNCTION M() {
    newstates(t - t0)
    M = mnew
}

: the present excitatory current
FUNCTION E() {
    newstates(t - t0)
    E = ae*enew
}

: the present inhibitory current
FUNCTION I() {
    newstates(t - t0)
    I = ai2*i2new
}

: make the advanced states the stored ones, as of now
PROCEDURE update() {
    e = enew
    i1 = i1new
    i2 = i2new
    m = mnew
    t0 = t
}

: enforce taue < taui2, taui1 < taui2 and distances of at least taueps,
: keeping every time constant clear of 0 (taum may be moved three times)
PROCEDURE adjust_taus() {
    LOCAL held
    if (taui2 < 4*taueps) {
        taui2 = 4*taueps
    }
    if (taui1 < 3*taueps) {
        taui1 = 3*taueps
    }
    if (taue < 2*taueps) {
        taue = 2*taueps
    }
    : excitation must end before inhibition
    if (taue > taui2) {
        taue = taui2 - taueps
    } else if (taui2 - taue < taueps) {
        taue = taui2 - taueps
    }
    : the inhibitory rise must be the faster one; taui2 is final after this
    if (taui1 > taui2) {
        held = taui2
        taui2 = taui1
        taui1 = held
    }
    if (taui2 - taui1 < taueps) {
        taui1 = taui2 - taueps
    }
    if (taum <= taui2) {
        if (taui2 - taum < taueps) {
            taum = taui2 - taueps
        }
        if (fabs(taui1 - taum) < taueps) {
            taum = taui1 - taueps
        }
        if (fabs(taui1 - taum) < taueps) {
            if (taui1 - taum < 0) {
                taum = taui1 - taueps
            } else {
                taui1 = taum - taueps
            }
        }
        if (fabs(taue - taum) < taueps) {
            if (taue - taum < 0) {
                taum = taue - taueps
            } else {
                taue = taum - taueps
            }
        }
        if (fabs(taui1 - taum) < taueps) {
            taum = taui1 - taueps
        }
    } else if (taum - taui2 < taueps) {
        taum = taui2 + taueps
    }
}

: the rates and the normalizing scale factors
PROCEDURE scale_factors() {
    LOCAL tpk
    ke = 1/taue
    ki1 = 1/taui1
    ki2 = 1/taui2
    km = 1/taum

    : m's peak after e = 1 is 1
    tpk = log(km/ke)/(km - ke)
    be = 1/(exp(-km*tpk) - exp(-ke*tpk))
    ae = be*(ke - km)

    : i2's peak after i1 = 1 is 1
    tpk = log(ki2/ki1)/(ki2 - ki1)
    bi1 = 1/(exp(-ki2*tpk) - exp(-ki1*tpk))
    ai1 = bi1*(ki1 - ki2)

    : m's peak after i1 = 1: first with bi2 = 1, then rescaled to 1
    e = 0
    i1 = 1
    i2 = 0
    m = 0
    bi2 = 1
    ai2 = bi2*(ki2 - km)
    a = bi2*bi1
    b = a*(ki2 - km)/(ki1 - km)
    tpk = search()
    newstates(tpk)
    bi2 = 1/mnew
    ai2 = bi2*(ki2 - km)
    a = bi2*bi1
    b = a*(ki2 - km)/(ki1 - km)
    newstates(tpk)
    i1 = 0
}

: a function with the sign of m's slope after a lone i1 = 1, d ms later
FUNCTION deriv(d (ms)) (1) {
    deriv = (ki2*exp(-d*ki2) - km*exp(-d*km))/(ki2 - km) - (ki1*exp(-d*ki1) - km*exp(-d*km))/(ki1 - km)
}

: the time of m's extremum after a lone i1 = 1: bracket it between two
: times a factor 10 apart, then bisect to 1e-6 ms
FUNCTION search() (ms) {
    LOCAL lo, hi, slope
    lo = 1
    searchfailed = 0
    if (deriv(lo) < 0) {
        while (deriv(lo) < 0 && lo > 1e-9) {
            hi = lo
            lo = lo/10
        }
        if (deriv(lo) < 0) {
            searchfailed = 1
            search = 1e-9
        }
    } else {
        hi = lo
        while (deriv(hi) > 0 && hi < 1e9) {
            lo = hi
            hi = hi*10
        }
        if (deriv(hi) > 0) {
            searchfailed = 1
            search = 1e9
        }
    }
    while (hi - lo > 1e-6 && searchfailed == 0) {
        search = (lo + hi)/2
        slope = deriv(search)
        if (slope > 0) {
            lo = search
        } else {
            hi = search
        }
    }
}

NET_RECEIVE (w) {
    newstates(t - t0)
    update()
    if (m > 1 - eps) {
        net_event(t)
        m = 0
    }
    if (flag == 1) {
        : a self-event: set the next bound
        nself = nself + 1
        net_send(firetimebound(), 1)
    } else {
        if (w > 0) {
            nexcite = nexcite + 1
            e = e + w
        } else {
            ninhibit = ninhibit + 1
            i1 = i1 + w
        }
        net_move(firetimebound() + t)
    }
}

: a lower bound of the time until m reaches 1: (1 - m)/(m's slope), or
: 1e9 when m is not rising
FUNCTION firetimebound() (ms) {
    LOCAL slope
    slope = -km*m + ae*e + ai2*i2
    if (slope <= 1e-9) {
        firetimebound = 1e9
    } else {
        firetimebound = (1 - m)/slope
    }
}
