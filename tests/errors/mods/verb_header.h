/* a header beside verb_header.mod that reaches into NEURON */
static double vh_first(void) { return *hoc_getarg(1); }
