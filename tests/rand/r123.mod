TITLE r123: Random123 streams from VERBATIM C (nrncc's tests)

COMMENT
Each instance keeps a stream (ids id1, id2, id3) in a table of the file's
own C, made at INITIAL at sequence 5, word 2; each run of draw() takes a
uniform, an exponential and a normal deviate from it, and k is where the
stream then stands (4 * sequence + word).
ENDCOMMENT

NEURON {
    POINT_PROCESS R123
    RANGE id1, id2, id3, u, e, n, k
}

PARAMETER {
    id1 = 0
    id2 = 0
    id3 = 0
}

ASSIGNED {
    u
    e
    n
    k
}

VERBATIM
#include "nrnran123.h"
static nrnran123_State *streams_[8];
ENDVERBATIM

INITIAL {
VERBATIM
    {
        int j_ = (int)id1 % 8;
        if (streams_[j_]) {
            nrnran123_deletestream(streams_[j_]);
        }
        streams_[j_] = nrnran123_newstream3((uint32_t)id1, (uint32_t)id2, (uint32_t)id3);
        nrnran123_setseq(streams_[j_], 5, 2);
    }
ENDVERBATIM
    draw()
}

BREAKPOINT {
    draw()
}

PROCEDURE draw() {
VERBATIM
    {
        nrnran123_State *s_ = streams_[(int)id1 % 8];
        uint32_t seq_;
        char which_;
        u = nrnran123_dblpick(s_);
        e = nrnran123_negexp(s_);
        n = nrnran123_normal(s_);
        nrnran123_getseq(s_, &seq_, &which_);
        k = 4.0 * seq_ + which_;
    }
ENDVERBATIM
}
