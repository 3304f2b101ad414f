/* emit.h - lowering a checked model to one C file.
 *
 * emit.c lays out the data (structure of arrays, sizes fixed), orders the
 * mechanisms as NEURON does, and writes finitialize and the fixed step;
 * nmodl_emit.c writes each mechanism's kernels (INITIAL, currents,
 * states with cnexp, TABLEs) as C.  The output depends only on the input:
 * the same model gives byte-identical C.
 */
#ifndef NRNCC_EMIT_H
#define NRNCC_EMIT_H

#include <stdbool.h>

#include "mech.h"
#include "model.h"
#include "util.h"

/* One mechanism as it is used in this model. */
typedef struct MechUse {
    Mech *mech;
    int index;           /* in Model.mechs */
    const char *cname;   /* C prefix of its data and kernels */
    int n;               /* instances */
    int *node;           /* node of each instance */
    int *sec, *seg;      /* density/ion: section and segment of each instance */
    int *pp;             /* point process: Model.pps index of each instance */
    int **ion_inst;      /* per ion of the mechanism: the ion's instance of each instance */
    int *src;            /* point process/artificial cell: spike source of each instance, or -1 */
    int *ion_use;        /* per ion of the mechanism: MechUse index of the ion */
    bool pointing;       /* its code asks nrn_pointing(): an unset POINTER is no error */
    size_t code_len;     /* bytes of its kernels' C: a guess at its cost per
                          * instance, for the threads' shares */
    bool unsorted;       /* its instances are not in node order (a share of the
                          * model holds them one by one: emit_threads.c) */
    int watch_base;      /* its first WATCH slot: instance i's item k is watch_base + i*K + k */
    /* density mechanisms and ions: runs of instances on consecutive nodes
     * (instances run_inst[r] .. run_inst[r+1]-1 on nodes run_node[r] ...);
     * nrun 0 for point processes and artificial cells */
    int nrun;
    int *run_inst, *run_node;
    /* ions only: NEURON's per-instance style flags */
    unsigned char *cinit, *einit, *eadvance;
    /* nrncc --fast only: the kernels' loops may run as vectors (simd), and
     * priv[v] marks the GLOBAL ASSIGNED variables kept one per instance */
    bool simd;
    bool *priv;
    const char **tab_body; /* per function: its TABLE lookup as statements (F_..._t's body) */
    /* exact mode (specialise.c): per variable, SPEC_FOLD (a constant,
     * fold_val[v]) or SPEC_DEAD (a local of C_<mech>), 0 otherwise; NULL
     * when nothing is specialised */
    unsigned char *spec;
    double *fold_val;
} MechUse;

enum { SPEC_FOLD = 1, SPEC_DEAD = 2 };

/* nrncc --embed: the model's C for a microcontroller (emit_embed.c,
 * nrncc-embed(7)): freestanding C99 and a header, every external name
 * prefixed, all state in one struct of fixed size. */
typedef struct EmbedOptions {
    const char *prefix;  /* of every external name (the model's name) */
    const char *header;  /* the header's file name, as the C file includes it */
    bool real_float;     /* --real float: float instead of double */
    bool no_libm;        /* --no-libm: nrncc's own exp, log, ... */
    int event_capacity;  /* --event-capacity (0: from the model) */
    int spike_capacity;  /* --spike-capacity (0: from the model) */
} EmbedOptions;

typedef struct Emitter {
    Model *m;
    Arena *arena;
    Diag *diag;
    StrBuf out;
    MechUse *uses;       /* in NEURON's mechanism order, only those with instances */
    int nuses;
    int *use_of_mech;    /* Model.mechs index -> uses index, or -1 */
    int *pp_inst;        /* Model.pps index -> its instance in its mechanism's use */
    size_t exp_at;       /* where nx_exp() is inserted when a kernel calls it */
    /* spike sources: the distinct detectors (by node), then the point
     * processes and artificial cells that send events */
    int nsrc, ndet;
    int *det_of;         /* Model.detectors index -> source */
    int *src_node;       /* detectors: node */
    double *src_thresh;  /* detectors: threshold, mV */
    int *src_gid;        /* gid or -1 */
    int *src_pp;         /* Model.pps index (point sources), -1 for detectors */
    int *pp_src;         /* Model.pps index -> source, or -1 */
    int maxw;            /* largest NET_RECEIVE argument count */
    int nnc_list;        /* NetCons with a target (those that queue events) */
    bool has_verbatim;   /* a mechanism's VERBATIM C is in the output */
    bool uses_stdio;     /* a mechanism calls printf */
    StrBuf tinit;        /* the body of tables_init(): big tables filled at start */
    int nwatch;          /* WATCH slots (all instances' WATCH items) */
    int *rp_npoints;     /* points of each space plot */
    bool cvode_ok;       /* the model can run with CVODE (emit_cvode.c) */
    bool cv_scaled;      /* it has cv_atolscale (emit_cvode.c) */
    bool cv_nonode;      /* it has model_cv_nonode (emit_cvode.c) */
    bool fast;           /* nrncc --fast: reassociations and vector loops allowed */
    int cv_n;            /* its unknowns */
    /* --threads (emit_threads.c): why the model runs on one thread (NULL:
     * it can use more), whether the step has its parallel path, and the
     * number of per-thread GLOBAL values (tl_) */
    const char *thread_reason;
    bool par;
    int ntl;
    /* and the interval mode (each thread steps its cells between spike
     * exchanges): why not (NULL: it can), per use whether its NET_RECEIVE
     * may draw random numbers (its instances then stay on one thread) */
    const char *ival_reason;
    bool ival;
    bool *ev_draws;
    /* only the solve pass writes v in a step (spec_v_only_by_solve): its
     * look at the new v is the step's instability check */
    bool vchk;
    /* --embed only (NULL otherwise) */
    const EmbedOptions *embed;
    size_t struct_at, struct_end; /* where the Model struct is in out */
    int ninput;          /* NetCons emit_embed.c added, one per NET_RECEIVE target */
    int input_nc0;       /* the first of them */
} Emitter;

/* Writes the C of model m (checked, geometry built) to out.  Returns
 * false (errors in diag) if a mechanism cannot be lowered. */
bool emit_model(Model *m, StrBuf *out);
/* The same for nrncc --fast (man nrncc(1), FAST MODE): the same model
 * with the mechanisms' loops written for the C compiler's vectoriser
 * (a vectorisable exp, TABLE lookups without branches, GLOBAL ASSIGNED
 * variables one per instance, #pragma omp simd where it is safe). */
bool emit_model_fast(Model *m, StrBuf *out);
/* nmodl_emit.c, --fast: decides u->simd and u->priv (before the fields
 * are written). */
void nmodl_fast_plan(Emitter *e, MechUse *u);
/* specialise.c, exact mode: decides u->spec and u->fold_val (before the
 * fields are written); spec_of(u, v) is u->spec[v] or 0. */
void spec_plan(Emitter *e, MechUse *u);
bool spec_v_only_by_solve(const Emitter *e);
int spec_of(const MechUse *u, int v);
/* The same model as freestanding C for embedding (nrncc --embed): the C
 * file into c, its header into h (both owned by the caller).  False (errors
 * in diag) when the model needs what the embedded C cannot have. */
bool emit_model_embed(Model *m, const EmbedOptions *opt, StrBuf *c, StrBuf *h);

/* emit.c, for emit_embed.c: the C rvalue of a record (or any Record-shaped
 * reference) in a function where 'm' is the state. */
const char *emit_record_c(Emitter *e, const Record *r);

/* emit_embed.c, called by emit.c in --embed mode. */
/* Adds one source-less NetCon per point process with NET_RECEIVE: the
 * inputs of PFX_deliver. */
void embed_add_inputs(Emitter *e);
/* The nodes' names, packed in one array (flash the linker can drop). */
void embed_node_labels(Emitter *e);
/* The head of the C file (replaces the executable's includes). */
void embed_head(Emitter *e);
/* Finishes the file (the runtime, the API) and writes the header into h. */
bool embed_finish(Emitter *e, StrBuf *h);
/* An error at loc: what (printf, VERBATIM, ...) cannot be embedded. */
void embed_refuse(Emitter *e, SrcLoc loc, const char *what);

/* A table of the model's size: a const array when small, else a static
 * array that tables_init() fills from a compact description (emit.c). */
void int_table(Emitter *e, const char *name, const int *v, int n);
void double_table(Emitter *e, const char *name, const double *v, int n);

/* emit_params.c: the NrtParam table (before the model's description),
 * params_static() and params_state() (after setup(), before
 * finitialize); whether a live param use of a kind exists (its table
 * must then be writable). */
void emit_params_table(Emitter *e);
void emit_params_code(Emitter *e);
bool emit_params_touch(const Emitter *e, ParamSlot kind);

/* emit_cvode.c: the functions CVODE needs (after every kernel, assemble,
 * solve, fire and the plays), or why the model cannot use it; and their
 * entries of the model's NrtModel description. */
void emit_cvode(Emitter *e);
void emit_cvode_desc(Emitter *e, StrBuf *o);

/* emit.c, for emit_threads.c: the loops over every non-root node i with
 * its parent p, group by group (part: only the trees of the thread's
 * share P_); whether a mechanism use has a current kernel. */
void emit_group_loops_part(Emitter *e, const char *body, bool descending, bool part);
/* the body of the capacity and axial terms of a non-root node (i, p; cfac) */
extern const char *const AXIAL_BODY;
bool emit_has_cur(const MechUse *u);

/* emit_threads.c: ./sim --threads N.  prepare: e->thread_reason, e->par,
 * e->ntl (before the Model struct, which then has tl_[NTL]); tls: the
 * thread-local GLOBALs and their copies (after the struct); code: the
 * partition of cells and nodes over threads and the step's parallel
 * phases (after assemble and solve); step_*: the model_step parts. */
void emit_threads_prepare(Emitter *e);
void emit_threads_tls(Emitter *e);
void emit_threads_code(Emitter *e);
void emit_threads_step(Emitter *e, bool states);
/* --threads' interval mode: model_run_interval (after emit_record) */
void emit_ival_code(Emitter *e);
/* mpirun: each rank's share, its phases, and model_mpi_fire,
 * model_min_delay, model_rec_owner (after emit_threads_code); the step's
 * branch. */
void emit_mpi_code(Emitter *e);
void emit_mpi_step(Emitter *e, bool states);

/* nmodl_emit.c: whether the state update of m halves dt under
 * secondorder (a method other than cnexp, as nocmodl does); whether a
 * variable v of u is one per thread (a GLOBAL the code assigns:
 * tl_<field>, a thread-local copy, in the executable; not --fast's one per
 * instance). */
bool nmodl_halves_dt(Emitter *e, const Mech *m);
bool nmodl_tls_var(const Emitter *e, const MechUse *u, int v);

/* threads.c (compiler): why mechanism m's per-step code (currents and
 * state update) cannot run for different cells on different threads at
 * once, or NULL. */
const char *mech_thread_reason(Arena *a, const Mech *m);
/* The same of m's NET_RECEIVE, for the threads' interval mode; *draws: it
 * may draw random numbers from the run's one stream. */
const char *mech_event_reason(Arena *a, const Mech *m, bool *draws);

/* nmodl_emit.c: the data fields, prototypes and kernels of one mechanism. */
void nmodl_emit_fields(Emitter *e, MechUse *u);
void nmodl_emit_kernels(Emitter *e, MechUse *u);
/* True when the mechanism has a state update (SOLVEs, or a BREAKPOINT
 * without currents, which NEURON runs there). */
bool nmodl_has_state_kernel(const Mech *m);
/* True when a KINETIC block the BREAKPOINT solves has LONGITUDINAL_DIFFUSION:
 * LD_<m>(m) then runs after every mechanism's state update. */
bool nmodl_has_longdiff(const Mech *m);
/* True when a LONGITUDINAL_DIFFUSION of u diffuses a STATE that is in no
 * reaction of its KINETIC block (no CVODE unknown). */
bool nmodl_cvode_longdiff_lone(Emitter *e, MechUse *u);
/* LDF<k>_<m> and LDJ<k>_<m>: LONGITUDINAL_DIFFUSION of KINETIC solve k
 * under CVODE, in f and in the Newton solve (see nmodl_emit.c). */
void nmodl_emit_cvode_longdiff(Emitter *e, MechUse *u, int k);
/* CVODE: the STATEs (variable indices, *vars in arena) whose derivatives
 * the DERIVATIVE block of solve k computes, in the order of its D_
 * array; 0 when solve k has no DERIVATIVE block. */
int nmodl_cvode_states(Emitter *e, MechUse *u, int k, int **vars);
/* CVODE: CVD<k>_<m>(m, i, vm, D_) for each DERIVATIVE solve k: the
 * derivatives of instance i's STATEs at the present values. */
void nmodl_emit_cvode(Emitter *e, MechUse *u);
/* emit.c: whether a mechanism has BEFORE/AFTER blocks of type (BAType),
 * and the calls of them all, in mechanism order, each line after pad. */
bool has_ba(const Emitter *e, int type);
void emit_ba_calls(Emitter *e, int type, const char *pad);
/* Why u's written concentrations cannot be CVODE unknowns (one that is
 * not a STATE of its DERIVATIVE blocks, or a second writer), or NULL. */
const char *nmodl_cvode_conc(Emitter *e, MechUse *u);
/* Copies of u's written concentrations (instance i) into their ions. */
void nmodl_cvode_conc_to_ion(Emitter *e, MechUse *u, StrBuf *o, const char *pad);
int nmodl_cvode_elems(Emitter *e, MechUse *u, int k, const char ***acc);
void nmodl_cvode_assigned_to_ion(Emitter *e, MechUse *u, StrBuf *o, const char *pad);
/* Name of the C field holding variable v of mechanism use u ("hh_gnabar"). */
const char *nmodl_field(Emitter *e, MechUse *u, int v);

/* Prints a double as a C literal that reads back exactly. */
void emit_double(StrBuf *b, double x);

/* ---- the lowering as data ----
 * nmodl_emit.c decides with these how a SOLVE'd block becomes code; dump.c
 * (nrncc --dump-after) prints the same decisions.  Each reads a checked
 * Mech, never changes it, allocates from the arena and reports errors to
 * diag (a quiet one when the caller only wants the answer). */

/* cnexp on one equation s' = rhs (an MK_ASSIGN with order 1): rhs is
 * A + B*s with B free of s, A = rhs at s = 0 (both simplified by sym.c).
 * *B is NULL when rhs does not mention s (the update is s + dt*A).  False
 * when rhs is not linear in s. */
bool nmodl_cnexp_form(Arena *a, const MNode *eq, MNode **A, MNode **B);
/* True when every equation of a DERIVATIVE body is linear in its state,
 * so cnexp applies (otherwise nocmodl integrates the block by
 * derivimplicit). */
bool nmodl_cnexp_possible(Arena *a, const MList *body);
/* The states with an equation s' = ... in body (their MK_NAME nodes), in
 * order of first appearance: the unknowns of derivimplicit, euler, runge. */
void nmodl_deriv_states(Arena *a, const MList *body, MList *out);

/* A KINETIC block as NEURON's sparse method solves it (see nmodl_emit.c). */
typedef struct NmodlKinState {
    int var;             /* the mechanism variable */
    int base;            /* its first row (and column) */
    int dim;             /* 0 for a scalar */
    const MNode *cap;    /* COMPARTMENT volume, or NULL */
    const char *cap_index; /* the COMPARTMENT's index name for arrays */
} NmodlKinState;

typedef struct NmodlKin {
    const MNode *block;
    NmodlKinState *st;   /* nst states in row order: conservation diagonals first */
    int nst, n, ncons;   /* rows; the first ncons are CONSERVE equations */
    bool linear;         /* no product of concentrations: one Newton step */
    const MNode **cons_stmt; /* each CONSERVE statement ... */
    int *cons_eq;            /* ... and the row of its equation */
    int ncons_stmt;
} NmodlKin;

/* The terms of a CONSERVE side: A + B + 2*C. */
typedef struct NmodlKinTerm {
    const char *name;
    const MNode *index;  /* array index, or NULL */
    int num;             /* stoichiometric coefficient */
} NmodlKinTerm;
typedef VEC(NmodlKinTerm) NmodlKinTerms;

/* The system of KINETIC block `block` of m; NULL after errors. */
NmodlKin *nmodl_kin_build(Arena *a, Diag *diag, const Mech *m, const MNode *block);
/* The state called name in k, or NULL when it is not one of its unknowns. */
const NmodlKinState *nmodl_kin_state(const NmodlKin *k, const Mech *m, const char *name);
/* The terms of a CONSERVE statement's left side into out (the caller
 * frees out.data); false after an error. */
bool nmodl_conserve_terms(Diag *diag, const MNode *x, NmodlKinTerms *out);

/* A LINEAR or NONLINEAR block: its unknowns and equations. */
typedef struct NmodlLin {
    bool nonlin;
    int n;               /* unknowns (= equations) */
    int *var;            /* the STATE of each unknown, in nocmodl's order (an
                            array's elements: dim unknowns in a row) */
    int *elem;           /* its element (-1 for a scalar) */
    bool arrays;         /* some unknown is an array's element: the number of
                            equations is known when they run */
    const MNode **eqs;   /* the '~' equations in order */
} NmodlLin;

/* One term of an equation: LINEAR adds sign*x to c[row][col] with the
 * unknown in x read as 1 (col n: the constant column); NONLINEAR chains
 * -(lhs) + ... with sign*x, col unused (-1). */
typedef struct NmodlLinTerm {
    const MNode *x;
    int col;
    int sign;
    const MNode *index;  /* LINEAR: the unknown's subscript when it is an array's
                            element (its column is col + index), or NULL */
} NmodlLinTerm;
typedef VEC(NmodlLinTerm) NmodlLinTerms;

/* LINEAR or NONLINEAR block b (index into m->lins); NULL after errors. */
NmodlLin *nmodl_lin_build(Arena *a, Diag *diag, const Mech *m, int b);
/* The terms of one LINEAR equation, in the order nocmodl accumulates
 * them, into out (the caller frees out.data); false after an error
 * (the terms without errors are still there). */
bool nmodl_lin_row(Diag *diag, const Mech *m, const NmodlLin *ls, const MNode *eq, NmodlLinTerms *out);
/* The right-side terms of one NONLINEAR equation, in the order nocmodl's
 * residual -(lhs) + t1 - t2 ... chains them. */
void nmodl_nonlin_terms(const MNode *eq, NmodlLinTerms *out);

#endif
