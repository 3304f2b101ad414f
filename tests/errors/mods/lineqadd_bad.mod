: '~+' with no equation before it
NEURON { SUFFIX lqb }
STATE { x }
LINEAR ls {
    ~+ x = 1
}
INITIAL { SOLVE ls }
