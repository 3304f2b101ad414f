TITLE IntFire1: a leaky integrate-and-fire cell driven by events

COMMENT
An artificial cell whose state m (dimensionless; 1 is the threshold)
decays towards 0 with time constant tau and jumps by the weight of each
incoming event.  m is brought up to date only when an event arrives: it
is the value of the state at the last event, t0, and the value at a later
time t is m*exp(-(t - t0)/tau) (the function M() computes it).  When an
event takes m above 1 the cell fires at once, m is set to 2 and the cell
ignores events for refrac ms; then m restarts from 0.  During the
refractory period M() is 2 for the first 0.5 ms, then -1 (a drawing aid).

As NEURON's built-in IntFire1.  Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL IntFire1
    RANGE tau, refrac, m
    THREADSAFE
}

PARAMETER {
    tau = 10 (ms)      : membrane time constant
    refrac = 5 (ms)    : refractory period after each spike
}

ASSIGNED {
    m                  : the state at time t0
    t0 (ms)            : when m was last brought up to date
    refractory         : 1 during the refractory period, else 0
}

INITIAL {
    m = 0
    t0 = t
    refractory = 0
}

: the state at the present time
FUNCTION M() {
    if (refractory == 0) {
        M = m*exp(-(t - t0)/tau)
    } else if (refractory == 1) {
        if (t - t0 < 0.5) {
            M = 2
        } else {
            M = -1
        }
    }
}

NET_RECEIVE (w) {
    if (refractory == 0) {
        : decay from t0 to now, then add the input
        m = m*exp(-(t - t0)/tau)
        t0 = t
        m = m + w
        if (m > 1) {
            : fire, and stay refractory until the self-event (flag 1)
            refractory = 1
            m = 2
            net_send(refrac, 1)
            net_event(t)
        }
    } else if (flag == 1) {
        : end of the refractory period
        t0 = t
        refractory = 0
        m = 0
    }
}
