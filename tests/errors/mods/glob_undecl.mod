: GLOBALs never declared: nocmodl makes one an ASSIGNED only when the file
: is THREADSAFE (without POINTER or EXTERNAL) and assigns it
NEURON {
    SUFFIX gund
    GLOBAL q1, q2
    THREADSAFE
}
INITIAL { q1 = 2 }
BREAKPOINT { LOCAL x  x = q1 + q2 }
