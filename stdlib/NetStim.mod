TITLE NetStim: a generator of spike events, regular or Poisson-like

COMMENT
An artificial cell that fires `number` events, the first near `start`, then
one every `interval` ms on average.  noise = 0 gives a regular train; noise
= 1 a Poisson-like train (intervals exponentially distributed); values
between mix the two (a fixed part (1 - noise)*interval plus an exponential
part of mean noise*interval).  The random intervals are exprand(1) from
the mechanisms' shared stream, NEURON's default one: the same numbers in
the same order as NEURON's NetStim without a Random object (the run's
seed= sets the stream's seed, as NetStim's seed() does in NEURON).

nrncc's parameters rng and rng_id1, rng_id2, rng_id3 give an instance
its own stream instead, as NEURON's noiseFromRandom123 and
noiseFromRandom do:
  rng = 1: as after noiseFromRandom123(rng_id1, rng_id2, rng_id3), from
    the Random123 stream's start at every INITIAL;
  rng = 2: as after noiseFromRandom(r) of a Random r set up by
    r.Random123(rng_id1, rng_id2, rng_id3) and r.negexp(1), which takes
    the stream's first number;
  rng = 3: the same with r.MCellRan4(rng_id1, rng_id2) (the seed rng_id1
    from 1: NEURON picks a seed of its own for 0).
(NEURON's Random carries on from run to run; nrncc starts each run where
NEURON's first run starts.)  The interval's random part is then -ln u of
the stream's next number u, and the instance draws nothing from the
shared stream.

An incoming event with positive weight starts a new train when the
generator is idle; one with negative weight stops it.

Behaviour as NEURON's built-in NetStim.  Written for nrncc's standard
library.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL NetStim
    RANGE interval, number, start, noise
    RANGE rng, rng_id1, rng_id2, rng_id3
    THREADSAFE
}

PARAMETER {
    interval = 10 (ms) <1e-9, 1e9>   : mean time between events
    number = 10 <0, 1e9>             : how many events
    start = 50 (ms)                  : the first event (on average, with noise)
    noise = 0 <0, 1>                 : randomness, 0 (regular) to 1 (Poisson-like)
    rng = 0                          : 0 the shared stream; 1, 2 Random123, 3 MCellRan4
    rng_id1 = 0                      : the stream's ids (above)
    rng_id2 = 0
    rng_id3 = 0
}

ASSIGNED {
    event (ms)     : time to the next event
    on             : 1 while a train is running
    ispike         : events fired so far in this train
    ranpos         : the next number of the instance's own stream
}

INITIAL {
    ranpos = 0
    if (rng == 2 || rng == 3) {
        ranpos = 1
    }
    on = 0
    ispike = 0
    if (noise < 0) {
        noise = 0
    }
    if (noise > 1) {
        noise = 1
    }
    if (start >= 0 && number > 0) {
        on = 1
        : the first event on average at start + noise*interval, never before 0
        event = start + invl(interval) - interval*(1 - noise)
        if (event < 0) {
            event = 0
        }
        net_send(event, 3)
    }
}

: a new train begins now
PROCEDURE restart() {
    if (number > 0) {
        on = 1
        event = 0
        ispike = 0
    }
}

: an interval of mean `mean`, with the random part noise*mean
FUNCTION invl(mean (ms)) (ms) {
    if (mean <= 0) {
        mean = .01
    }
    if (noise == 0) {
        invl = mean
    } else {
        invl = (1 - noise)*mean + noise*mean*erand()
    }
}

: an exponential deviate of mean 1: from this instance's Random123 stream
: or the shared one
FUNCTION erand() {
    if (rng == 1 || rng == 2) {
        erand = -log(random123(rng_id1, rng_id2, rng_id3, ranpos))
        ranpos = ranpos + 1
    } else if (rng == 3) {
        erand = -log(mcellran4(rng_id1, rng_id2, ranpos))
        ranpos = ranpos + 1
    } else {
        erand = exprand(1)
    }
}

: the time to the next event, and the end of the train
PROCEDURE next_interval() {
    if (number > 0) {
        event = invl(interval)
    }
    if (ispike >= number) {
        on = 0
    }
}

NET_RECEIVE (w) {
    if (flag == 0) {
        : an event from a NetCon
        if (w > 0 && on == 0) {
            restart()
            next_interval()
            event = event - interval*(1 - noise)
            net_send(event, 1)
        } else if (w < 0) {
            on = 0
        }
    }
    if (flag == 3) {
        : the start sent by INITIAL, unless stopped since
        if (on == 1) {
            restart()
            net_send(0, 1)
        }
    }
    if (flag == 1 && on == 1) {
        ispike = ispike + 1
        net_event(t)
        next_interval()
        if (on == 1) {
            net_send(event, 1)
        }
    }
}
