: an undeclared GLOBAL assigned in a file without THREADSAFE
NEURON {
    SUFFIX gund2
    GLOBAL q1
}
INITIAL { q1 = 2 }
