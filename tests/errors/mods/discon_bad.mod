: state_discontinuity outside NET_RECEIVE; with one argument
NEURON { POINT_PROCESS DiscBad }
STATE { a }
INITIAL { state_discontinuity(a, 1) }
NET_RECEIVE(w) { state_discontinuity(a) }
