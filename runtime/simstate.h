/* simstate.h - the runtime's own view of a simulation (internal: the
 * generated code sees NrtSim only as an opaque pointer). */
#ifndef NRT_SIMSTATE_H
#define NRT_SIMSTATE_H

#include <stdint.h>
#include <stdio.h>

#include "nrt.h"
#include "output.h"
#include "queue.h"

typedef struct NrtRandom {
    uint32_t value; /* NEURON's scop_random state (random.c) */
} NrtRandom;

void nrt_random_seed(NrtRandom *r, double seed);
/* the interval mode's thread k draws from now on (random.c) */
void nrt_random_thread(int k);

typedef struct NrtPool NrtPool;

/* threads.c: starts the pool of n threads (the caller one of them):
 * 0, or -1 (then one thread) */
int nrt_pool_start(NrtSim *sim, int n);
void nrt_pool_stop(NrtSim *sim);
/* mpi.c: MPI_Init (0, or -1) and MPI_Finalize (nothing without MPI);
 * whether this runtime has MPI; an exit that ends every rank; the
 * exchange of the spikes of an interval (returns the largest flag any rank
 * gave: 1 to stop); a trace row kept; the rows gathered on rank 0 (*rows,
 * mpi_nrows of ncols; NULL elsewhere) */
int nrt_mpi_start(int *argc, char ***argv);
void nrt_mpi_stop(void);
int nrt_mpi_built(void);
void nrt_mpi_abort(int status) __attribute__((noreturn));
int nrt_mpi_exchange(NrtSim *sim, const NrtModel *m, void *state, int flag);
void nrt_mpi_row(NrtSim *sim, const double *row);
int nrt_mpi_gather(NrtSim *sim, const NrtModel *m, void *state, double **rows);
/* threads.c, the interval mode: this thread's queue (NULL outside it),
 * and the sequence number of the next event it sends */
NrtQueue *nrt_ival_queue(NrtSim *sim);
unsigned long long nrt_ival_next_seq(void);
void nrt_ival_end(NrtSim *sim);
/* a lock for the rare runtime calls the threads share */
void nrt_lock(NrtSim *sim);
void nrt_unlock(NrtSim *sim);

typedef struct NrtSpike {
    double t;
    int gid;
    long seq;
} NrtSpike;

/* A state file read and checked by nrt_saved_read (pointers into data). */
typedef struct NrtSaved {
    unsigned char *data;        /* the whole file (owned) */
    size_t len;
    NrtRun run;                 /* the saved run's settings */
    const unsigned char *params; /* and its params' values (n_param doubles) */
    const unsigned char *state; /* the model's state (state_size bytes) */
    uint64_t nevents, next_seq, ncancelled;
    const unsigned char *events, *cancelled;
    NrtRandom random;
    long exp_overflows;
    double exp_worst;
    const unsigned char *last_row; /* ncols doubles */
    const unsigned char *taken;    /* nrange_samples flags */
} NrtSaved;

/* A Random123 stream of the mechanisms' C (random.c): the C's pointer is
 * the node's.  One made where the C has the run (nrt_ran123_new3_sim,
 * hocargs.c) is on the run's list (sim set) and freed with the run if the
 * C does not delete it; unlink takes it off when it does. */
typedef struct NrtRan123Node {
    NrtRan123 s;
    struct NrtRan123Node *prev, *next;
    NrtSim *sim;
    void (*unlink)(struct NrtRan123Node *n);
} NrtRan123Node;

struct NrtSim {
    const NrtModel *model;
    const char *prog;
    NrtOut traces, spikes_out;
    NrtOut state_out;           /* --save FILE */
    int ncols;
    NrtSpike *spikes;
    long nspikes, capspikes;
    long exp_overflows;
    double exp_worst;
    long kinetic_fails;         /* sparse solves NEURON would carry on from (nrt_kinetic_fail) */
    const char *kinetic_what;   /* the first one's scheme */
    double kinetic_t;           /* and its time (ms) */
    NrtQueue queue;
    NrtRandom random;
    NrtSparse *sparse;          /* every sparse solver of the run */
    NrtRan123Node *streams;     /* the streams the mechanisms' C made for the run (hocargs.c) */
    double *last_row;           /* the trace row recorded last (ncols values) */
    /* space plots: the model's, then the command line's (--plot-shape,
     * sampled by the model's shape plot of their variable): one sample per
     * (plot, time), plot k's first at range_first[k] */
    int n_rplot;
    NrtRangePlot *rplots;
    int nrange_samples;
    int *range_first;
    unsigned char *range_taken; /* 0 not yet, 1 taken by this run, 2 by the run restored from */
    double *range_vals;         /* each sample's npoints values */
    size_t *range_val_at;       /* where each sample's values start in range_vals */
    /* CVODE: the discontinuities mechanisms announced with at_time() */
    int cv_active;
    double *disc;
    int ndisc, capdisc;
    double *param;              /* the params' values (n_param) */
    /* mpirun (mpi.c): spikes to send (t, source pairs), the trace rows */
    double *mpi_out;
    long mpi_n, mpi_cap;
    double *mpi_rows;
    long mpi_nrows, mpi_caprows;
    /* --threads: the worker pool (threads.c); the interval mode's queues
     * (one per thread, NULL before nrt_ival_begin) */
    int nthreads;
    int tiles;                  /* the interval mode's shares per thread (nrt_shares) */
    NrtPool *pool;
    NrtQueue *tq;
    int ntq;
    int ival_watch;             /* a draw from the one random stream ends the mode */
    int ival_drew;              /* ... and threads drew from it (under rand_busy) */
    int ival_drawer;            /* the first thread that drew (1 + its number) */
    char rand_busy;             /* the stream is being drawn from (random.c) */
    /* --profile */
    double prof_t[NRT_PROF_N];
    double prof_last;
    int prof_phase;
};

/* savestate.c: writes the run's state to f (0, or -1 with errno set). */
int nrt_state_write(NrtSim *sim, const void *state, const NrtRun *run, FILE *f);
/* The params' values a read state file holds into out (n_param). */
void nrt_saved_params(const NrtModel *m, const NrtSaved *s, double *out);
/* Reads and checks the state file at path for model m (whose trace rows
 * have ncols columns and whose space plots nsamples samples): 0, or -1
 * with a message in err. */
int nrt_saved_read(const NrtModel *m, int ncols, int nsamples, const char *path, NrtSaved *s, char *err,
                   size_t errlen);
/* Puts a read state into sim and state (0, or -1 when out of memory). */
int nrt_saved_apply(const NrtSaved *s, NrtSim *sim, void *state);
void nrt_saved_free(NrtSaved *s);

void nrt_sparse_free_all(NrtSim *sim);

#endif
