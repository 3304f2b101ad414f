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
    int watch_base;      /* its first WATCH slot: instance i's item k is watch_base + i*K + k */
    /* ions only: NEURON's per-instance style flags */
    unsigned char *cinit, *einit, *eadvance;
} MechUse;

typedef struct Emitter {
    Model *m;
    Arena *arena;
    Diag *diag;
    StrBuf out;
    MechUse *uses;       /* in NEURON's mechanism order, only those with instances */
    int nuses;
    int *use_of_mech;    /* Model.mechs index -> uses index, or -1 */
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
    int nwatch;          /* WATCH slots (all instances' WATCH items) */
} Emitter;

/* Writes the C of model m (checked, geometry built) to out.  Returns
 * false (errors in diag) if a mechanism cannot be lowered. */
bool emit_model(Model *m, StrBuf *out);

/* nmodl_emit.c: the data fields, prototypes and kernels of one mechanism. */
void nmodl_emit_fields(Emitter *e, MechUse *u);
void nmodl_emit_kernels(Emitter *e, MechUse *u);
/* True when the mechanism has a state update (SOLVEs, or a BREAKPOINT
 * without currents, which NEURON runs there). */
bool nmodl_has_state_kernel(const Mech *m);
/* Name of the C field holding variable v of mechanism use u ("hh_gnabar"). */
const char *nmodl_field(Emitter *e, MechUse *u, int v);

/* Prints a double as a C literal that reads back exactly. */
void emit_double(StrBuf *b, double x);

#endif
