: VERBATIM including a header beside it that uses NEURON's internals
NEURON { SUFFIX vhd }
VERBATIM
#include "verb_header.h"
ENDVERBATIM
