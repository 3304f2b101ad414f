TITLE VecStim: an artificial cell that fires at given times

COMMENT
An artificial cell with a gid that sends an event at each of a list of
times, in order: the model file gives them (`VecStim vs { times = "t.txt" }`
or `times = [1 ms, 5 ms]`, see nrn(5)).  Incoming events are ignored.

The spikes are at NEURON's VecStim's times (vecevent.mod): the first time
is reached by a self-event sent at initialization, each next one by a
self-event sent when the previous one arrives, and the spike is sent with
net_event(t).  NEURON computes the self-event's time as t + etime - t
(left to right), which may differ from the time given in the last bit;
nrncc computes those times when it compiles the model (compiler/vecstim.c)
and gives this mechanism, as etime, the value x for which t + (x - t) is
that time: the delay is computed first, into `delay`, so that the event
time is t + delay whichever way net_send's argument is bracketed.

nrncc fills in the times: `vecstim_time(k)` is the k-th value of all the
VecStims of a model, one after the other (a FUNCTION_TABLE at whole k),
and `vecstim_first` and `vecstim_count` say which are this cell's.  These
three are the contract with nrncc's model checker (compiler/model.c); they
are not the user's to set.

Written for nrncc's standard library.
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL VecStim
    RANGE vecstim_first, vecstim_count
    THREADSAFE
}

PARAMETER {
    vecstim_first = 0   : index of this cell's first time in vecstim_time
    vecstim_count = 0   : how many times it has
}

ASSIGNED {
    index           : the next time to send is number index - 1; -1 when done
    etime (ms)      : the time of the pending event (see below)
    delay (ms)      : the self-event's delay, etime - t
}

FUNCTION_TABLE vecstim_time(k) (ms)

INITIAL {
    index = 0
    element()
    if (index > 0) {
        delay = etime - t
        net_send(delay, 1)
    }
}

NET_RECEIVE (w) {
    if (flag == 1) {
        net_event(t)
        element()
        if (index > 0) {
            delay = etime - t
            net_send(delay, 1)
        }
    }
}

: the next time into etime (and index one on), or index = -1 after the last
PROCEDURE element() {
    if (index >= 0) {
        if (index < vecstim_count) {
            etime = vecstim_time(vecstim_first + index)
            index = index + 1
        } else {
            index = -1
        }
    }
}
