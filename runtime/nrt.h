/* nrt.h - the runtime every nrncc simulation links (libnrnrt.a).
 *
 * The generated C file holds the model: its data, finitialize and one
 * fixed step, specialised.  The runtime owns what is the same for every
 * model: the executable's command line, the run loop, the instability
 * check's message, and the trace and spike writers (buffered, written to
 * a temporary file and renamed, so a failed run leaves no half file).
 * No global state: everything hangs off one NrtSim.
 */
#ifndef NRT_H
#define NRT_H

#include <stddef.h>
#include <stdint.h>

#define NRT_ABI_VERSION 14

typedef struct NrtSim NrtSim;

/* An event on the queue.  kind, index, nc and flag mean what the model
 * says (its deliver function interprets them); the queue orders events by
 * t, then by the order they were sent. */
typedef struct NrtEvent {
    double t;                 /* ms */
    unsigned long long seq;   /* set by the queue */
    int kind;
    int index;
    int nc;
    double flag;
} NrtEvent;

/* The run settings the command line may override. */
typedef struct NrtRun {
    double tstop;    /* ms */
    double dt;       /* ms */
    double v_init;   /* mV */
    double celsius;  /* degC */
    int secondorder; /* 0, 1 or 2 */
    double seed;     /* of the random stream */
    int method;      /* NRT_FIXED or NRT_CVODE */
    double atol;     /* CVODE: absolute tolerance (mV, and the STATEs' units) */
    double rtol;     /* CVODE: relative tolerance */
    double record_every; /* CVODE: rows at 0, X, 2X, ... before tstop (0: a row per step) */
    int condition_order; /* CVODE: 1 a threshold crossing at the step's end, 2 interpolated
                            within the step (NEURON's CVode.condition_order; the fixed step
                            ignores it, as NEURON's) */
} NrtRun;

enum { NRT_FIXED = 0, NRT_CVODE = 1 };
enum { NRT_CHECK_STEP1 = 0, NRT_CHECK_STEP2 = 1, NRT_CHECK_INIT2 = 2 };

/* A space plot (`record range`): the values of one variable at points
 * along a path, sampled at given times, written to DIR/file as NEURON's
 * RangeVarPlot gives them (x, then one column per time). */
typedef struct NrtRangePlot {
    const char *file;                 /* "range_v.csv" */
    const char *var;                  /* "v" */
    int npoints;
    const double *x;                  /* distance of each point, um */
    int ntimes;
    const double *times;              /* ms, increasing */
    int sampler;                      /* the k of range_sample() */
    /* a shape plot (`plot shape`, plot.c): the points are the nodes (x
     * NULL; NrtShape), drawn as an SVG file coloured from lo to hi; NaN
     * where the variable does not exist */
    int shape;
    double lo, hi;
} NrtRangePlot;

/* The drawing of the cells for shape plots: per section, its points in
 * the x-y plane (x, y, diam, arc: 4 floats each, um) relative to its
 * first point at (x0, y0); sections with the same points share them.  A
 * shape plot's sample holds the value at every node: segment j of section
 * s is the node whose node_sec is s and node_seg j. */
typedef struct NrtShapeSec {
    int first, npts;                  /* in pts, counted in points */
    float x0, y0;
} NrtShapeSec;

typedef struct NrtShape {
    int nsec;
    const char *const *names;
    const int *nseg;
    const NrtShapeSec *secs;          /* in blocks: */
    int nblock;
    const int *blocks;                /* (P, R): the next P entries stand for
                                         P sections, repeated R times */
    const float *pts;
    int nnode;
    const int *node_sec, *node_seg;
} NrtShape;

/* A run-time param of the model (`param w = 0.05 uS`): the command
 * line's w=VALUE sets it, a number in its unit or followed by one of the
 * units listed (converted as nrncc converts: times ratio when it is not
 * 1, then times 10^exp10). */
typedef struct NrtParam {
    const char *name;
    const char *unit;                 /* "uS", or NULL for a plain number */
    double value;                     /* the default */
    const char *where;                /* "model.nrn:12" */
    int nunits;
    const char *const *unit_names;
    const double *unit_ratio;
    const int *unit_exp10;
} NrtParam;

/* What a generated model tells the runtime about itself. */
typedef struct NrtModel {
    int abi;                          /* NRT_ABI_VERSION */
    const char *name;                 /* the model's name */
    const char *source;               /* the .nrn file it came from */
    size_t state_size;                /* bytes of its state (allocated zeroed) */
    int n_record;                     /* trace columns after t */
    const char *const *record_labels; /* their names */
    int record_spikes;                /* write spikes.csv */
    int n_source;                     /* spike sources (gids 0..n-1) */
    NrtRun defaults;
    /* finitialize: set up state from its constants and the run settings,
     * record the t = 0 row. */
    void (*init)(void *state, NrtSim *sim, const NrtRun *run);
    /* one fixed step (records its row) */
    void (*step)(void *state);
    double (*time)(const void *state);
    /* index of a node whose v is NaN or |v| > 1e6 mV, or -1 */
    int (*unstable)(const void *state, double *v);
    /* "soma(0.5)" for a node */
    const char *(*node_label)(int node);
    /* acts on one event, with the model's t set to the event's time */
    void (*deliver)(void *state, const NrtEvent *ev);
    /* SaveState: a hash of the model's code (a state file restores only
     * into the model that saved it); save copies the state into buf
     * (state_size bytes) without the run's pointers, restore copies it
     * back and attaches the state to sim */
    unsigned long long hash;
    void (*save)(const void *state, void *buf);
    void (*restore)(void *state, const void *buf, NrtSim *sim);
    /* space plots: range_sample writes the npoints values of plot k */
    int n_rangeplot;
    const NrtRangePlot *rangeplots;
    void (*range_sample)(const void *state, int k, double *out);
    /* CVODE (the variable time step, cvode.c).  cv_reason: NULL when the
     * model can run with it, else why not.  The unknowns y: v of every
     * node with membrane, then the STATEs of the DERIVATIVE blocks.
     * gather: y from the state; f: ydot at (t, y); solve: b becomes
     * (I - gamma J)^-1 b, J approximated at (t, y) (the tree matrix for v,
     * each STATE's own derivative for the STATEs); sync: the state at
     * (t, y) with its computed variables, as after a step; record: 0
     * nothing more, 1 the BEFORE STEP blocks and the trace row, 2 the
     * blocks only, 3 the row only, 4 the row of the model as it is at
     * time t (y unused: after an f evaluation there); check: the threshold detectors
     * and WATCH conditions with the model at t.  how NRT_CHECK_STEP1: after a
     * step ending at t, as NEURON's default (condition order 1): a detector
     * found above threshold that was not fires at t.  NRT_CHECK_STEP2, after a
     * step, and NRT_CHECK_INIT2, after finitialize and every restart:
     * NEURON's condition order 2, a crossing since the last check fires at
     * the time interpolated linearly between the two checks' values (at t
     * when found by an initialisation), in the order of those times (a
     * WATCH's event queued there); a crossing after an event that an
     * earlier one of the same check queued is abandoned (NEURON's
     * abandon: the condition is below again, and the initialisation at
     * that event checks it afresh). */
    const char *cv_reason;
    int cv_n;
    void (*cv_gather)(const void *state, double *y);
    void (*cv_f)(void *state, double t, const double *y, double *ydot);
    void (*cv_solve)(void *state, double t, const double *y, double gamma, double *b);
    void (*cv_sync)(void *state, double t, const double *y, int record);
    void (*cv_check)(void *state, double t, int how);
    /* before each step at t: the state updates NEURON's CVode runs then
     * (do_nonode), or NULL */
    void (*cv_nonode)(void *state, double t);
    /* each unknown's absolute tolerance is atol times its scale (NEURON's
     * STATE tolerances and CVode.atolscale), or NULL: all 1 */
    const double *cv_atolscale;
    /* plots (plot.c): the drawing of the cells (NULL: the model has none,
     * --plot-shape is refused), and what the model asks for: 1 `plot
     * traces`, 2 `plot html` (as --html) */
    const NrtShape *shape;
    int plot_traces;
    /* --profile: the step with nrt_prof() marks between its phases, and
     * the number of compartments (segments) */
    void (*step_prof)(void *state);
    long n_comp;
    /* run-time params: their values reach the model by nrt_param_values() */
    int n_param;
    const NrtParam *params;
    /* --threads: NULL when the model's cells can be spread over threads,
     * else why not (it then runs on one) */
    const char *thread_reason;
    /* mpirun -np K (an executable of nrncc --mpi): NULL when the cells can
     * be spread over the K ranks, else why not (then only K = 1 runs).
     * mpi_fire: a spike of the last interval, given to every rank at an
     * exchange, in one order; min_delay: the shortest delay of a NetCon
     * that queues events (ms); rec_owner: the rank with the values of
     * trace column col */
    const char *mpi_reason;
    void (*mpi_fire)(void *state, int src, double t);
    double (*min_delay)(const void *state);
    int (*rec_owner)(const void *state, int col);
    /* at the end of the run (NULL: nothing to do): the mechanisms'
     * DESTRUCTOR blocks, as NEURON runs them when it exits */
    void (*finish)(void *state);
    /* --threads N, N > 1: runs the threads' cells through one interval of
     * steps between spike exchanges (emit_threads.c), none beyond the one
     * that reaches tend (ms); returns the steps done, or -1 when the model
     * cannot run so (then it steps with model.step), with *why saying why
     * (NULL: it runs on one thread), or -2 when it cannot run so after all
     * (*why): the run must start again from finitialize; NULL: never */
    long (*run_interval)(void *state, double tend, const char **why);
} NrtModel;

/* --profile phases of a step */
enum {
    NRT_PROF_EVENTS,   /* threshold detection, WATCH, event delivery */
    NRT_PROF_MATRIX,   /* currents and the tree matrix */
    NRT_PROF_SOLVE,    /* the tree solve and the new v */
    NRT_PROF_STATES,   /* the mechanisms' state updates */
    NRT_PROF_RECORD,   /* trace rows */
    NRT_PROF_N
};

/* The executable's main: parses the command line, runs, writes the
 * output.  Returns the exit status (0 ok, 1 user error, 2 usage). */
int nrt_main(int argc, char **argv, const NrtModel *model);

/* Called by generated code. */

/* --profile: the time since the last mark goes to the phase then
 * running; phase runs from now on. */
void nrt_prof(NrtSim *sim, int phase);

/* --threads: the threads of this run (1 when not asked for, or when the
 * model cannot use more: NrtModel.thread_reason). */
int nrt_threads(NrtSim *sim);
/* Runs fn(state, k) for every thread k = 0 .. nrt_threads()-1 (k 0 on the
 * caller's) and returns when all have returned. */
void nrt_parallel(NrtSim *sim, void (*fn)(void *state, int k), void *state);
/* The same for shares k = 0 .. nshares-1: thread j of N runs shares
 * nshares*j/N .. nshares*(j+1)/N - 1 in turn. */
void nrt_parallel_n(NrtSim *sim, void (*fn)(void *state, int k), void *state, int nshares);
/* The interval mode's shares: the threads times the tiles each thread
 * steps in turn, an interval at a time (a tile's arrays stay in the
 * processor's cache through its interval; ./sim --tiles). */
int nrt_shares(NrtSim *sim);

/* --threads, the interval mode (run_interval): each thread steps its own
 * cells with its own event queue.  nrt_ival_begin moves the run's pending
 * events into the queue of thread owner(state, ev) each (their sequence
 * numbers kept) and makes n queues: 0, or -1 when the sequence numbers
 * reached 2^28 (nothing moved); with watch, draws from the run's one
 * random stream (NMODL's exprand, ...) are watched: once two threads have
 * drawn, nrt_ival_drew says 1: the numbers are not the one-thread run's
 * (the model's run_interval returns -2: the run starts again).  On thread k, nrt_ival_thread makes its
 * queue the one nrt_event_send, nrt_event_cancel and nrt_deliver use;
 * nrt_ival_slot(sim, s) numbers the events it sends from then on s << 28,
 * s << 28 | 1, ... (the order of events at equal times: NRT_IVAL_KEY);
 * nrt_event_send_key queues one with the sequence number seq. */
#define NRT_IVAL_KEY(slot, x) (((unsigned long long)(slot) << 28) | (unsigned long long)(x))
int nrt_ival_begin(NrtSim *sim, int n, int (*owner)(void *state, const NrtEvent *ev), void *state, int watch);
int nrt_ival_drew(NrtSim *sim);
void nrt_ival_thread(NrtSim *sim, int k);
void nrt_ival_slot(NrtSim *sim, unsigned long long slot);
void nrt_event_send_key(NrtSim *sim, double t, int kind, int index, int nc, double flag, unsigned long long seq);

/* mpirun: this process's rank and the number of ranks (0 and 1 without
 * MPI); a spike of source src at t, sent to every rank at the next
 * exchange (only when the ranks are more than one). */
int nrt_rank(NrtSim *sim);
int nrt_nranks(NrtSim *sim);
void nrt_mpi_spike(NrtSim *sim, int src, double t);

/* One trace row: t, then n_record values. */
void nrt_record(NrtSim *sim, const double *row);
/* A spike of source gid at time t (ms). */
void nrt_spike(NrtSim *sim, int gid, double t);
/* at_time(te) of NMODL: 0; under CVODE te is a discontinuity the
 * integrator stops at (and restarts from). */
double nrt_at_time(NrtSim *sim, double te);
/* Counts exp() arguments above 700 (NEURON warns and returns exp(700)). */
void nrt_exp_overflow(NrtSim *sim, double x);
/* Counts a KINETIC sparse solve that met a singular matrix or did not
 * converge in NEURON's 21 Newton iterations: NEURON carries on with the
 * last iterate without a word; the run does too, and warns at the end.
 * what: "MECH: KINETIC 'NAME'" (a string constant). */
void nrt_kinetic_fail(NrtSim *sim, const char *what, double t);
/* The values of the model's params for this run (n_param values). */
const double *nrt_param_values(NrtSim *sim);
/* Queues an event at time t; returns its sequence number. */
unsigned long long nrt_event_send(NrtSim *sim, double t, int kind, int index, int nc, double flag);
/* Cancels a queued event (net_move). */
void nrt_event_cancel(NrtSim *sim, unsigned long long seq);
/* The time of the first queued event, or HUGE_VAL when none. */
double nrt_event_next(NrtSim *sim);
/* Delivers in order every event with t <= tmax, including those the
 * deliveries send (zero-delay chains complete). */
void nrt_deliver(NrtSim *sim, void *state, double tmax);
/* Empties the queue (finitialize). */
void nrt_events_clear(NrtSim *sim);

/* The value of a continuous play at time tt: linear interpolation of
 * (t, y) as NEURON's continuous Vector.play computes it.  ubound is the
 * index of the play's next event time (times at or past t[ubound]
 * extrapolate the interval that ends there), *last the interval of the
 * previous call (updated). */
double nrt_play_interp(const double *t, const double *y, int ubound, int *last, double tt);

/* Dense LU by Crout's method with partial pivoting (NEURON's scopmath
 * order of operations): a is row-major n x n, factored in place; returns 0,
 * or 2 when a pivot is below 1e-20.  rowmax is scratch of n doubles. */
int nrt_crout(int n, double *a, int *perm, double *rowmax);
/* Solves with the factors of nrt_crout: x = a^-1 b. */
void nrt_crout_solve(int n, const double *a, const double *b, const int *perm, double *x);

/* The sparse solver of KINETIC schemes (NEURON's scopmath algorithm):
 * created with the number of unknowns; its owner (the simulation) frees
 * it.  While nrt_sparse_phase() is not 0, the scheme's equations run to
 * record the structure (phase 1) and then the order of its element
 * touches (phase 2), each followed by nrt_sparse_next_phase(). */
typedef struct NrtSparse NrtSparse;
NrtSparse *nrt_sparse_new(NrtSim *sim, int n);
int nrt_sparse_phase(const NrtSparse *s);
void nrt_sparse_next_phase(NrtSparse *s);
/* The matrix element (row, col), 0-based; touches are counted. */
double *nrt_sparse_elm(NrtSparse *s, int row, int col);
/* Zeroes the matrix and restarts the touch count. */
void nrt_sparse_zero(NrtSparse *s);
/* Solves in place (rhs in, solution out); 0, or 2 when singular. */
int nrt_sparse_solve(NrtSparse *s, double *rhs);

/* Stops the run: prints "PROG: error: MESSAGE", removes the output files,
 * exits with status 1. */
void nrt_abort(NrtSim *sim, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* Random numbers for mechanisms (NMODL's scop_random, unirand, exprand,
 * normrand, set_seed): NEURON's default stream, the same numbers in the
 * same order (random.c); one per run, restarted from the executable's
 * seed= setting (default 1, NEURON's start) at finitialize. */
/* NEURON's ion functions at temperature celsius (degC): the Nernst
 * potential (mV) of an ion of charge z, and the GHK current factor (as
 * NEURON's nrn_ghk, with its CODATA 2018 R and F). */
double nrt_nernst(double ci, double co, double z, double celsius);
double nrt_ghk(double v, double ci, double co, double z, double celsius);

double nrt_unirand(NrtSim *sim);                          /* uniform in [0, 1] */
double nrt_exprand(NrtSim *sim, double mean);             /* exponential */
double nrt_normrand(NrtSim *sim, double mean, double sd); /* normal */
void nrt_seed(NrtSim *sim, double seed);

/* NEURON's Random123 streams (nrnran123_*; random.c): Philox4x32-10 with
 * NEURON's counter and key layout.  VERBATIM C's nrnran123_ names become
 * these.  A stream is the C's own (made, kept and freed by it). */
typedef struct NrtRan123 {
    uint32_t ctr[4];   /* sequence, id3, id1, id2 */
    uint32_t block[4]; /* Philox of ctr */
    char which;        /* the next word of block */
} NrtRan123;
void nrt_philox4x32(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);
NrtRan123 *nrt_ran123_new(uint32_t id1, uint32_t id2);
NrtRan123 *nrt_ran123_new3(uint32_t id1, uint32_t id2, uint32_t id3);
/* the same, the run's (hocargs.c): freed with it unless the C deletes it
 * first; VERBATIM's nrnran123_newstream(3) in a mechanism's functions and
 * blocks (m in scope) become the macros */
NrtRan123 *nrt_ran123_new3_sim(NrtSim *sim, uint32_t id1, uint32_t id2, uint32_t id3);
void nrt_ran123_free_run(NrtSim *sim);
#define NRT_RAN123_NEW3(id1, id2, id3) nrt_ran123_new3_sim(m->sim, (id1), (id2), (id3))
#define NRT_RAN123_NEW(id1, id2) nrt_ran123_new3_sim(m->sim, (id1), (id2), 0)
void nrt_ran123_delete(NrtRan123 *s);
void nrt_ran123_setseq(NrtRan123 *s, uint32_t seq, char which);
void nrt_ran123_getseq(NrtRan123 *s, uint32_t *seq, char *which);
void nrt_ran123_getids(NrtRan123 *s, uint32_t *id1, uint32_t *id2);
void nrt_ran123_getids3(NrtRan123 *s, uint32_t *id1, uint32_t *id2, uint32_t *id3);
uint32_t nrt_ran123_ipick(NrtRan123 *s);     /* 0 .. 2^32 - 1 */
double nrt_ran123_uint2dbl(uint32_t u);      /* (u + 1) / (2^32 + 1) */
double nrt_ran123_dblpick(NrtRan123 *s);     /* in (0, 1) */
double nrt_ran123_negexp(NrtRan123 *s);      /* mean 1 */
double nrt_ran123_normal(NrtRan123 *s);      /* mean 0, sd 1 */
void nrt_ran123_set_globalindex(uint32_t gix);
uint32_t nrt_ran123_get_globalindex(void);
double nrt_ran123_at(NrtSim *sim, double id1, double id2, double id3, double n); /* NMODL's random123 */
/* NEURON's Random.MCellRan4 (random.c): the hash of (high, low), and
 * NMODL's mcellran4(seed, ilow, n) */
uint32_t nrt_mcellran4_int(uint32_t high, uint32_t low);
double nrt_mcellran4_at(NrtSim *sim, double seed, double ilow, double n);

/* NEURON's Random objects (random.c): a generator (Random123 or
 * MCellRan4) and a distribution drawing from it, as hoc's Random class
 * has them; a model's `Random NAME { ... }`, handed to a mechanism's
 * POINTER by setpointer and drawn from by VERBATIM's nrn_random_pick. */
enum { NRT_RAND_R123 = 1, NRT_RAND_MCELL = 2 };
enum { NRT_RAND_NORMAL = 0, NRT_RAND_UNIFORM = 1, NRT_RAND_NEGEXP = 2 };
typedef struct NrtRand {
    int gen, dist;
    NrtRan123 r123;       /* NRT_RAND_R123 */
    uint32_t high, low;   /* NRT_RAND_MCELL: the next index, the low word */
    double a, b;          /* the distribution's parameters (normal: mean, sd) */
    int cached;           /* normal: a second deviate is kept */
    double cache;
} NrtRand;
void nrt_rand_init(NrtRand *r);                     /* Random(): normal(0, 1), no generator yet */
void nrt_rand_random123(NrtRand *r, double id1, double id2, double id3);
void nrt_rand_mcellran4(NrtRand *r, double seed, double ilow);
void nrt_rand_seq(NrtRand *r, double seq);
double nrt_rand_normal(NrtRand *r, double mean, double var);  /* set and draw, as hoc's r.normal() */
double nrt_rand_uniform(NrtRand *r, double low, double high);
double nrt_rand_negexp(NrtRand *r, double mean);
double nrt_rand_repick(NrtRand *r);
double nrt_random_pick(void *r);                    /* VERBATIM's nrn_random_pick */

/* The arguments of hoc's call of a PROCEDURE or FUNCTION (the model
 * file's `call`, nrn(5)): numbers, and Random objects (obj[k] non-NULL).
 * The generated code points its Model's hocargs_ at them for the call;
 * VERBATIM's ifarg, getarg, hoc_is_double_arg, hoc_is_object_arg,
 * hoc_is_str_arg and nrn_random_arg become the macros below (m in
 * scope).  k counts from 1, as in NEURON; an argument that is not there,
 * or not of the kind asked, stops the run as NEURON's hoc stops. */
typedef struct NrtHocArgs {
    NrtSim *sim;
    const char *fn;      /* "MECH.FN", for messages */
    int n;
    const char *kinds;   /* n letters: 'n' a number, 'r' a Random (NrtRand), 'v' a Vector (NrtVec) */
    double *num;         /* n numbers (0 for an object) */
    void *const *obj;    /* n objects (NULL for a number) */
} NrtHocArgs;
/* A hoc Vector of the model file (`Vector NAME { values = [...] }`):
 * read-only numbers.  VERBATIM's IvocVect is this type, vector_capacity,
 * vector_vec and vector_instance_px the functions below, and vector_arg
 * the macro. */
typedef struct NrtVec {
    int n;
    const double *v;
    void *obj;           /* what vector_pobj points to (hoc's Object: no use here) */
} NrtVec;
int nrt_vector_capacity(void *v);
double *nrt_vector_vec(void *v);
int nrt_vector_instance_px(void *v, double **px);
void *nrt_hoc_vector_arg(const NrtHocArgs *a, int k);
/* hoc's reference counts of objects (vector_pobj, hoc_obj_ref,
 * hoc_obj_unref): the model's Vectors live as long as the run, so these
 * do nothing */
void **nrt_vector_pobj(void *v);
void nrt_hoc_obj_ref(void *obj);
void nrt_hoc_obj_unref(void *obj);
#define NRT_HOC_VECTOR_ARG(k) nrt_hoc_vector_arg(m->hocargs_, (k))
int nrt_hoc_ifarg(const NrtHocArgs *a, int k);
double *nrt_hoc_getarg(const NrtHocArgs *a, int k);
int nrt_hoc_is_double_arg(const NrtHocArgs *a, int k);
int nrt_hoc_is_object_arg(const NrtHocArgs *a, int k);
void *nrt_hoc_random_arg(const NrtHocArgs *a, int k);
#define NRT_HOC_IFARG(k) nrt_hoc_ifarg(m->hocargs_, (k))
#define NRT_HOC_GETARG(k) nrt_hoc_getarg(m->hocargs_, (k))
#define NRT_HOC_IS_DOUBLE_ARG(k) nrt_hoc_is_double_arg(m->hocargs_, (k))
#define NRT_HOC_IS_OBJECT_ARG(k) nrt_hoc_is_object_arg(m->hocargs_, (k))
#define NRT_HOC_IS_STR_ARG(k) ((void)nrt_hoc_ifarg(m->hocargs_, (k)), 0)
#define NRT_HOC_RANDOM_ARG(k) nrt_hoc_random_arg(m->hocargs_, (k))
/* VERBATIM's hoc_execerror(s1, s2) in a mechanism's code (m in scope) */
void nrt_hoc_execerror(NrtSim *sim, const char *s1, const char *s2) __attribute__((noreturn));
#define NRT_HOC_EXECERROR(s1, s2) nrt_hoc_execerror(m->sim, (s1), (s2))

#endif
