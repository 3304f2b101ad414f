/* simstate.h - the runtime's own view of a simulation (internal: the
 * generated code sees NrtSim only as an opaque pointer). */
#ifndef NRT_SIMSTATE_H
#define NRT_SIMSTATE_H

#include <stdint.h>

#include "nrt.h"
#include "output.h"
#include "queue.h"

typedef struct NrtRandom {
    uint64_t s[4];
    double normal;      /* the second deviate of the last Box-Muller pair */
    int have_normal;
} NrtRandom;

void nrt_random_seed(NrtRandom *r, double seed);

typedef struct NrtSpike {
    double t;
    int gid;
    long seq;
} NrtSpike;

struct NrtSim {
    const NrtModel *model;
    const char *prog;
    NrtOut traces, spikes_out;
    int ncols;
    NrtSpike *spikes;
    long nspikes, capspikes;
    long exp_overflows;
    double exp_worst;
    NrtQueue queue;
    NrtRandom random;
    NrtSparse *sparse;          /* every sparse solver of the run */
};

void nrt_sparse_free_all(NrtSim *sim);

#endif
