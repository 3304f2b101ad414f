/* mech.h - a checked NMODL mechanism: its kind, variables (classified as
 * NEURON classifies them), ions, currents and blocks.  Made by
 * nmodl_check.c from a ModFile; read by model.c (names, defaults, units)
 * and by nmodl_emit.c (the kernels).  Ions are mechanisms too (MECH_ION),
 * built in by mech_ion().
 */
#ifndef NRNCC_MECH_H
#define NRNCC_MECH_H

#include <stdbool.h>

#include "diag.h"
#include "nmodl_ast.h"
#include "units.h"
#include "util.h"

typedef enum MechKind {
    MECH_DENSITY,    /* SUFFIX: one instance per segment where inserted */
    MECH_POINT,      /* POINT_PROCESS: placed at a segment */
    MECH_ARTIFICIAL, /* ARTIFICIAL_CELL */
    MECH_ION,        /* na_ion, k_ion, ...: built in */
} MechKind;

typedef enum VarKind {
    VAR_PARAM,       /* PARAMETER */
    VAR_ASSIGNED,    /* ASSIGNED */
    VAR_STATE,       /* STATE */
    VAR_ION,         /* an ion variable used through USEION (the mechanism's copy) */
    VAR_SCRATCH,     /* top-level LOCAL: a global scratch variable */
} VarKind;

typedef struct MechVar {
    const char *name;
    VarKind kind;
    bool range;          /* one value per instance (else one per mechanism) */
    bool visible;        /* named in RANGE/GLOBAL, or a PARAMETER: user may refer to it */
    bool in_range;       /* named in RANGE */
    bool pointer;        /* a POINTER: the instance holds the address of a double elsewhere */
    bool has_value;
    double value;        /* default (PARAMETER value, STATE initial 0) */
    const char *units;   /* declared unit text, or NULL */
    Unit unit;           /* parsed unit (valid when unit_ok) */
    bool unit_ok;
    SrcLoc loc;
    int ion;             /* VAR_ION: index into Mech.ions */
    bool ion_read, ion_write;
    bool is_current;     /* a current of the BREAKPOINT (ion, nonspecific, electrode) */
    int dim;             /* array length, or 0 for a scalar */
    bool declared;       /* in a PARAMETER, ASSIGNED or STATE block */
    bool random;         /* a POINTER that VERBATIM hands to nrn_random_pick: it holds a Random (randobj.c) */
    bool random_tested;  /* and VERBATIM tests it (if (_p_X)): it may be left unset */
    bool opaque;         /* a BBCOREPOINTER: a slot of the VERBATIM C's own (random too), never setpointer's */
} MechVar;

typedef struct MechIon {
    const char *name;    /* "na" */
    int valence;
    bool has_valence;
    /* styles as NEURON computes them (see ion.c): 1 read, 3 write, 0 unused */
    int conc_style, rev_style;
    SrcLoc loc;
} MechIon;

/* A PROCEDURE or FUNCTION (possibly with a TABLE). */
typedef struct MechFunc {
    const char *name;
    MNode *node;         /* MK_PROCEDURE / MK_FUNCTION */
    bool is_function;
    MNode *table;        /* its TABLE statement, or NULL */
    bool functable;      /* a FUNCTION_TABLE: its values come from the model file */
    bool hocargs;        /* its VERBATIM reads hoc's call's arguments (ifarg, getarg, ...): randobj.c */
    bool called;         /* the mod calls it (NMODL, VERBATIM or SOLVE): randobj.c */
    const char *hoc_only;/* nmodl_emit.c: its C could not be made (a message, at hoc_only_loc), and as
                            the mod never calls it, it was made a stub that the model file may not call */
    SrcLoc hoc_only_loc;
} MechFunc;

/* One SOLVE of the BREAKPOINT: what the state update (after the matrix
 * solve, NUMERICS.md 4.9) does for it. */
typedef struct MechSolve {
    MNode *stmt;         /* the SOLVE statement */
    MNode *block;        /* the DERIVATIVE block it integrates, or NULL */
    int proc;            /* or the PROCEDURE it calls (index into funcs), or -1 */
    const char *method;  /* "cnexp", "after_cvode", "sparse", or NULL */
    bool kinetic;        /* block is a KINETIC block */
    int lin;             /* block is a LINEAR (1) or NONLINEAR (2) block: its index in lins */
} MechSolve;

/* BEFORE/AFTER blocks, by when NEURON runs them (its nrn_ba types). */
typedef enum BAType {
    BA_BEFORE_BREAKPOINT, /* before the currents, whenever the matrix is set up */
    BA_AFTER_SOLVE,       /* after the state update of each step */
    BA_BEFORE_INITIAL,    /* in finitialize, after v = v_init, before the INITIAL blocks */
    BA_AFTER_INITIAL,     /* after the INITIAL blocks (and NET_RECEIVE INITIALs) */
    BA_BEFORE_STEP,       /* at the end of each step (and of finitialize), before recording */
    BA_N
} BAType;

typedef struct Mech {
    const char *name;    /* SUFFIX or POINT_PROCESS name ("hh", "IClamp", "na_ion") */
    MechKind kind;
    const char *path;    /* the .mod file ("" for built-in ions) */
    ModFile *mod;
    const char *title;
    VEC(MechVar) vars;
    VEC(MechIon) ions;
    VEC(int) currents;   /* var indices in NEURON-block declaration order */
    bool electrode;      /* its current is an ELECTRODE_CURRENT */
    VEC(MechFunc) funcs;
    MNode *initial;      /* INITIAL block or NULL */
    MNode *breakpoint;   /* BREAKPOINT block or NULL */
    VEC(MechSolve) solves; /* the SOLVE statements of the BREAKPOINT, in order */
    VEC(MNode *) derivs; /* DERIVATIVE blocks */
    VEC(MNode *) kinetics; /* KINETIC blocks */
    VEC(MNode *) lins;   /* LINEAR and NONLINEAR blocks */
    MNode *constructor;  /* CONSTRUCTOR block (run as an instance is made), or NULL */
    MNode *destructor;   /* DESTRUCTOR block (a point process's, run at the end), or NULL */
    MNode *netrecv;      /* NET_RECEIVE block, or NULL */
    MNode *netrecv_init; /* the INITIAL block inside it, or NULL */
    bool net_event;      /* calls net_event(): its instances are spike sources */
    bool net_move;       /* calls net_move() */
    bool net_send;       /* calls net_send() */
    bool fornetcons;     /* its NET_RECEIVE has FOR_NETCONS */
    bool uses_diam, uses_area; /* declares NEURON's diam / area (the segment's) */
    VEC(MNode *) defines;/* DEFINE and CONSTANT: value-only names */
    VEC(MNode *) externals; /* EXTERNAL names (another mechanism's GLOBAL name_suffix), resolved by the emitter */
    VEC(MNode *) verbatims; /* file-level VERBATIM blocks, in order */
    VEC(MNode *) watches;   /* the WATCH items of NET_RECEIVE, in order (num: index) */
    VEC(MNode *) ba[BA_N];  /* BEFORE/AFTER blocks of each type, in file order */
    VEC(MNode *) unitconsts; /* named constants from UNITS (name, value in num) */
    int order;           /* place in NEURON's mechanism order (lower first) */
    /* ions only */
    const char *ion_name;
} Mech;

/* Checks a parsed .mod file and builds its Mech.  Errors go to diag at
 * their place in the .mod file; returns NULL when there were errors. */
Mech *mech_check(Arena *a, Diag *diag, ModFile *mod);

/* modlunit's dimension check of m's expressions: warnings to diag where
 * sure (nmodl_dims.c). */
void nmodl_check_dims(Diag *diag, const Mech *m);

/* The built-in ion mechanism for ion `name` (na, k, ca or any other),
 * with NEURON's default concentrations and reversal potential. */
Mech *mech_ion(Arena *a, const char *name, int valence);

/* Index of variable `name` in m, or -1. */
int mech_var(const Mech *m, const char *name);

/* The place of a built-in mechanism in NEURON's order, or -1 when the
 * name is not one of NEURON's built-ins. */
int mech_builtin_order(const char *name);

#endif
