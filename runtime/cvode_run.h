/* cvode_run.h - the variable time step (internal to the runtime; see cvode.c). */
#ifndef NRT_CVODE_RUN_H
#define NRT_CVODE_RUN_H

#include "simstate.h"

/* What CVODE did in a run (--stats). */
typedef struct NrtCvStats {
    long steps, f_evals, newton_iters, conv_fails, err_fails;
    long restarts;              /* at events and discontinuities */
} NrtCvStats;

/* Integrates the model (initialised: finitialize done, or restored) from
 * its time to run->tstop with CVODE, recording a trace row after every
 * step.  When save_at is finite the run also stops exactly there and
 * writes the state to sim->state_out (SaveState), then goes on without a
 * restart.  0, or 1 when the run went unstable or the state could not be
 * written (the message printed); aborts on a CVODE failure. */
int nrt_cvode_run(NrtSim *sim, void *state, const NrtRun *run, NrtCvStats *stats, double save_at);

/* run.c: takes the space plots' samples due at the present time (a
 * sample at T is due once t >= T - half_dt). */
void nrt_range_samples(NrtSim *sim, void *state, double half_dt);

#endif
