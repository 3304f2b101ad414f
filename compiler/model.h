/* model.h - a checked model: sections with their geometry and inserted
 * mechanisms, point processes, spike detectors, records and run
 * settings; then (geometry.c) the nodes of the tree matrix.
 *
 * Made by model.c from an NrnFile; read by geometry.c (nodes, areas,
 * resistances), by the --topology/--geometry printers, and by emit.c.
 */
#ifndef NRNCC_MODEL_H
#define NRNCC_MODEL_H

#include <stdbool.h>

#include "diag.h"
#include "mech.h"
#include "morph.h"
#include "nrn_ast.h"
#include "util.h"

/* A 3-D point: coordinates and diameter rounded to float32, as NEURON
 * stores them, kept in doubles. */
typedef MorphPoint Pt3d;

/* Per-segment values of one range variable of a mechanism in a section. */
typedef struct RangeVals {
    int mech;            /* index into Model.mechs */
    int var;             /* index into that mechanism's vars */
    double *val;         /* nseg values */
} RangeVals;

/* `ion_style("ca_ion", c_style, e_style, einit, eadvance, cinit)` in a
 * section: NEURON's ion_style for the ion at the section's nodes. */
typedef struct IonStyle {
    const char *ion;     /* "ca_ion" */
    SrcLoc loc;
    int c_style, e_style, einit, eadvance, cinit;
} IonStyle;

typedef struct Section {
    const char *name;    /* "soma", "dend[3]" */
    SrcLoc loc;          /* where it was declared */
    int nseg;
    double L, Ra, rall;
    double *diam, *cm;   /* per segment (nseg values) */
    Pt3d *pts;           /* 3-D points or NULL */
    int npts;
    double *arc;         /* NEURON's arc3d at each point (npts values): the
                            arcs of the float32 points, or a morphology
                            file's (MorphSection.arc), used as they are */
    int parent;          /* index into Model.secs, or -1 */
    double px;           /* position on the parent */
    int conn_seq;        /* connection order (for NEURON's child order) */
    SrcLoc conn_loc;
    VEC(int) mechs;      /* inserted density mechanisms (Model.mechs indices) */
    VEC(RangeVals) ranges;
    VEC(IonStyle) ion_styles; /* ion_style statements, the last one of an ion wins */
    /* set by geometry.c */
    int root_node;       /* its tree's root node, for root sections */
    int node0;           /* index of its first node (centre of segment 0) */
    int order;           /* place in NEURON's section order */
} Section;

typedef struct PointProc {
    const char *type;    /* mechanism name */
    const char *name;    /* instance name (as declared) */
    SrcLoc loc;
    int mech;            /* Model.mechs index */
    int sec;             /* -1 for an artificial cell (it has no place) */
    double x;
    int gid;             /* spike source number (artificial cells), or -1 */
    double **val;        /* per mechanism variable, its value (an array's: max(1, dim) values) */
    int node;            /* set by geometry.c */
    int seq;             /* declaration order */
} PointProc;

/* A threshold detector on v at a place, as a `spike` declaration or the
 * source of a netcon makes one.  Several at the same node are one
 * detector in the simulation (emit.c merges them, as NEURON shares one
 * detector among the NetCons of a source). */
typedef struct Detector {
    const char *name;    /* may be NULL */
    SrcLoc loc;
    int sec;
    double x;
    double threshold;    /* mV */
    bool threshold_set;  /* given explicitly (the last one given wins) */
    int gid;             /* spike source number, or -1 (a netcon's source only) */
    int node;            /* set by geometry.c */
} Detector;

/* A NetCon: from a detector or a point process/artificial cell that calls
 * net_event, to a point process with NET_RECEIVE (or to none). */
typedef struct NetCon {
    SrcLoc loc;
    int det;             /* source detector (Model.detectors), or -1 */
    int src_pp;          /* source point process (Model.pps), or -1 */
    int target;          /* target point process, or -1 (none) */
    double delay;        /* ms */
    double *w;           /* the NET_RECEIVE arguments (weight first) */
    int nw;
} NetCon;

typedef enum RecKind {
    REC_V,       /* v at a node */
    REC_RANGE,   /* a range variable of a density mechanism or ion at a segment */
    REC_GLOBAL,  /* a mechanism's global */
    REC_POINT,   /* a variable of a point process */
} RecKind;

typedef struct Record {
    RecKind kind;
    const char *label;   /* column name, as written */
    SrcLoc loc;
    int sec;
    double x;
    int mech, var;       /* REC_RANGE, REC_GLOBAL, REC_POINT */
    int pp;              /* REC_POINT: index into Model.pps */
    int elem;            /* element of an array variable, or -1 */
    int node;            /* set by geometry.c (REC_V, REC_RANGE) */
} Record;

/* setpointer TARGET, SOURCE: the POINTER variable of one mechanism
 * instance (target: REC_POINT or REC_RANGE) refers to source's value. */
typedef struct PointerSet {
    SrcLoc loc;
    Record target, source;
    int rnd;             /* source is a Random: 1 + its index in Model.rands; else 0 */
} PointerSet;

/* `Random NAME { GENERATOR(...) DISTRIBUTION(...) ... }`: NEURON's Random
 * object, its calls in order (randobj.c); the runtime's NrtRand. */
typedef struct RandOp {
    const char *fn;      /* Random123, MCellRan4, seq, normal, uniform, negexp */
    double arg[3];
    int nargs;
} RandOp;
typedef struct RandObj {
    const char *name;
    SrcLoc loc;
    RandOp *ops;
    int nops;
} RandObj;
/* `play ... into TARGET`: a time series drives a variable (NEURON's
 * Vector.play): in steps (the value changes at each time, delivered as an
 * event) or continuous (linear interpolation at every step's times). */
typedef struct Play {
    SrcLoc loc;
    Record target;       /* REC_V, REC_RANGE, REC_GLOBAL or REC_POINT (node set by emit.c) */
    bool continuous;
    double *t, *y;       /* n times (ms) and values (the target's unit) */
    int n;
} Play;

/* `call POINT.FN(ARGS)`, or FN(ARGS) in a point process's braces: hoc's
 * call of a PROCEDURE or FUNCTION of the instance after it is made and
 * before finitialize (model.c); emit.c runs the calls in this order at
 * the start of each run, before the INITIAL blocks. */
typedef struct HocArg {
    double num;          /* a number */
    int rnd;             /* or a Random: 1 + its index in Model.rands; else 0 */
    int vec;             /* or a Vector: 1 + its index in Model.vecs; else 0 */
} HocArg;

/* `Vector NAME { values = [X, ...] }`: a hoc Vector a call hands to a
 * mechanism (vector_arg), read by its VERBATIM C (vector_vec, ...). */
typedef struct VecObj {
    const char *name;
    SrcLoc loc;
    double *v;
    int n;
} VecObj;
typedef struct HocCall {
    SrcLoc loc;
    int pp;              /* Model.pps index */
    int mech;            /* Model.mechs index */
    int func;            /* index into the mechanism's funcs */
    HocArg *args;
    int nargs;
} HocCall;

/* A value set at finitialize: `v_init` of a section (before the INITIAL
 * blocks) or a statement of an `init { }` block (after them). */
typedef struct InitSet {
    SrcLoc loc;
    Record target;       /* as for a play */
    bool whole_v;        /* REC_V of every node of target.sec, as NEURON's sec.v = ... */
    double value;
    const char *cexpr;   /* the value as C when it depends on params (else NULL) */
} InitSet;

/* `record range VAR from A to B at T, ...`: the values of VAR along the
 * path from A to B at given times, as NEURON's RangeVarPlot gives them. */
typedef struct RangePlot {
    SrcLoc loc;
    const char *var;     /* "v" or a range variable (m_hh, ina, ...) */
    int mech, mvar;      /* the variable (-1 for v) */
    int sec0, sec1;      /* the path's ends */
    double x0, x1;
    double *times;       /* ms */
    int ntimes;
    const char *file;    /* "range_v.csv" ("shape_v_2ms.svg" for a shape) */
    /* `plot shape VAR at T`: a plot of every segment (its points are the
     * segments in section order, spaceplot_points), coloured from lo to hi */
    bool shape;
    double lo, hi;
    SrcLoc tloc;         /* its time, for messages */
} RangePlot;

/* function_table NAME_MECH ...: the values of a mechanism's
 * FUNCTION_TABLE: n points x ascending, y (in the units the .mod file
 * declares); a constant when n is 1 and x is NULL.  Of two arguments
 * (n2 > 0): the second's n2 points x2 ascending, and y the n * n2 grid,
 * y[i * n2 + j] at (x[i], x2[j]). */
typedef struct FuncTableData {
    SrcLoc loc;
    int mech;            /* Model.mechs index */
    const char *func;
    int n;
    double *x, *y;
    int n2;
    double *x2;
    /* of three or more arguments: nd of them, argument a's dims[a] points
     * axes[a] ascending, y the grid (the last argument's index fastest) */
    int nd;
    int *dims;
    double **axes;
} FuncTableData;

typedef struct RunParams {
    double tstop, dt, v_init, celsius;
    int secondorder;
    bool cvode;              /* method = cvode */
    double atol, rtol;       /* its tolerances */
    double record_every;     /* record_every = X ms: rows at 0, X, 2X, ... (0: every step) */
    int condition_order;     /* cvode { condition_order = 2 }: crossings interpolated (1: at step ends) */
    int natolscale;          /* atolscale { NAME = X ... }: per-state scales of atol */
    struct AtolScale *atolscale;
} RunParams;

/* One `atolscale { NAME = X }` entry: NEURON's CVode.atolscale("NAME", X)
 * (emit_cvode.c checks the name against the model's STATEs). */
typedef struct AtolScale {
    const char *name;        /* v, m_hh, cai, ExpSyn.g */
    double scale;
    SrcLoc loc;
} AtolScale;

/* A named compile-time constant. */
typedef struct ConstVal {
    const char *name;
    double value;
    Unit unit;
    bool has_unit;
    SrcLoc loc;
} ConstVal;

/* A run-time parameter: `param w = 0.05 uS`.  Its value is in its own
 * unit (the one written; none for a plain number); the executable takes
 * `w=VALUE` and the values that depend on it are computed at start. */
typedef struct ParamDef {
    const char *name;
    double value;        /* the default */
    Unit unit;
    bool has_unit;
    const char *unit_text; /* as written ("uS"), or NULL */
    SrcLoc loc;
} ParamDef;

/* Where a value that depends on params goes (a "slot"), and its C
 * expression (params are P[k]).  A later assignment to the same slot
 * wins: a plain value kills the use (dead). */
typedef enum ParamSlot {
    PS_RANGE,     /* a: section, b: segment, c: mechanism, d: variable */
    PS_POINT,     /* a: point process, b: element (0 for a scalar), d: variable */
    PS_GLOBAL,    /* c: mechanism, d: variable */
    PS_NC_DELAY,  /* a: NetCon */
    PS_NC_WEIGHT, /* a: NetCon, b: argument */
    PS_THRESHOLD, /* a: detector */
} ParamSlot;

typedef struct ParamUse {
    ParamSlot kind;
    int a, b, c, d;
    const char *cexpr;
    bool dead;
    SrcLoc loc;
} ParamUse;

/* A cell type: `cell Name { ... }`, instantiated by populations (and by
 * `Name inst`) with its names prefixed ("ring[3].soma"). */
/* Nodes of trees of one shape, side by side (geometry.c): node k of
 * tree t of the group is base + k*g + t; its parent is node prank[k] of
 * the same tree, or the tree's root (prank[k] < 0): roots[t]. */
typedef struct NodeGroup {
    int base, g, K;
    int *prank;
    int *roots;
    bool roots_affine;   /* roots[t] = roots[0] + t */
    signed char uniform_a, uniform_b, uniform_cm; /* emit.c's memo: -1 unknown, 0 no, 1 the same in every tree */
} NodeGroup;

typedef struct CellType {
    const char *name;
    const NrnNode *node;
} CellType;

typedef struct CellInst {
    const char *name;    /* "ring[3]", or the single instance's name */
    int type;            /* Model.ctypes index */
    int sec_lo, sec_hi;  /* its sections: Model.secs[sec_lo .. sec_hi) */
    int det;             /* its spike source: a detector, or -1 */
    int pp;              /* or a point process that calls net_event, or -1 */
    SrcLoc loc;
} CellInst;

typedef struct Population {
    const char *name;
    int type;
    int first, n;        /* Model.cells[first .. first + n) */
    SrcLoc loc;
    double *pos;         /* x, y, z (um) of each cell, 3n values; NULL if not given */
} Population;

typedef struct Model {
    Arena *arena;
    Diag *diag;
    const char *name;            /* from `model NAME`, or the file name */
    const char *path;            /* the .nrn file */
    const char *dir;             /* its directory */
    const char **incdirs;        /* -I directories, then the standard library */
    int nincdirs;
    VEC(Section) secs;           /* creation order */
    VEC(Mech *) mechs;           /* loaded mechanisms (ions included) */
    VEC(PointProc) pps;
    VEC(Detector) detectors;
    VEC(Record) records;
    VEC(NetCon) netcons;
    VEC(PointerSet) pointers;    /* setpointer statements */
    VEC(RandObj) rands;          /* Random objects */
    VEC(HocCall) hoccalls;       /* calls of mechanisms' PROCEDUREs/FUNCTIONs, in order */
    VEC(VecObj) vecs;            /* Vector objects */
    StrMap vec_map;              /* scoped name -> vecs index */
    StrMap rand_map;             /* scoped name -> rands index */
    VEC(FuncTableData) functables; /* function_table statements */
    VEC(Play) plays;
    VEC(InitSet) vinits;         /* v_init of sections, in the order written */
    VEC(InitSet) inits;          /* the init blocks' statements, in order */
    VEC(RangePlot) rangeplots;
    int plot_traces;             /* 1: `plot traces`; 2: `plot html` (and traces) */
    bool shape_data;             /* emit the drawing of the cells (shape.c) */
    VEC(double) vecstim_times;   /* every VecStim's spike times, one after the other (ms) */
    int ngid;                    /* spike sources numbered so far */
    bool record_spikes;
    bool *spike_sel;             /* by gid: recorded (NULL: all, with record_spikes) */
    bool spike_all, spike_sel_req; /* `record spikes`; `record X.spikes` */
    VEC(int) spike_gids;         /* the gids `record X.spikes` named */
    double rec_every;            /* `record ... every X`: X ms (0: none yet) */
    SrcLoc rec_every_loc;        /* the first such record's `every` value */
    SrcLoc rec_plain_loc;        /* the first record of columns without `every` */
    bool rec_plain;              /* (there is one) */
    SrcLoc run_every_loc;        /* run { record_every = X } (when given) */
    VEC(ConstVal) consts;
    VEC(ParamDef) params;
    VEC(ParamUse) param_uses;    /* values computed from params at start */
    StrMap param_slot;           /* slot key -> param_uses index */
    bool param_allow;            /* the value being evaluated may use params */
    bool param_hit;              /* and it did */
    RunParams run;
    int nconnect;
    VEC(const char *) failed_mods;   /* stems of .mod files that had errors */
    /* cells: types, instances, populations; the scope of the instance
     * being made ("ring[3]." and its sections; "" and -1 at top level) */
    VEC(CellType) ctypes;
    VEC(CellInst) cells;
    VEC(Population) pops;
    const char *scope;
    int scope_cell;
    bool named;                  /* `model NAME` was seen */
    int each_pop[2], each_i[2];  /* `pop[*]` stands for pop[each_i] (pop -1: none) */
    StrMap sec_map, arr_map, pp_map, cell_map, pop_map, type_map;
    /* nrncc -D NAME=VALUE: const overrides (which were used) */
    const char **def_names;
    double *def_vals;
    bool *def_used;
    int ndefs;
    VEC(const char *) deps;      /* files the model reads (nrncc -MD) */
    bool has_verbatim;           /* the generated C holds VERBATIM code (emit.c) */
    /* geometry.c */
    int nnode, ncell;
    int *parent;                 /* parent node (-1 for roots) */
    double *area;                /* area' (100 for zero-area nodes), um2 */
    double *segarea;             /* seg.area(): 0 at zero-area nodes */
    double *rinv;                /* 1/ri, uS */
    double *a, *b;               /* tree-matrix couplings */
    double *cm;                  /* uF/cm2 at segment nodes, 0 elsewhere */
    int *node_sec;               /* section of each node (-1 for roots: see root_of) */
    int *node_seg;               /* segment index, nseg for the x = 1 end, -1 for root */
    int *sec_order;              /* sections in NEURON's node order */
    int *kid_first, *kid_list;   /* the sections connected to each (geometry.c) */
    int *node_new;               /* node number in NEURON's order -> ours (cells of a shape side by side) */
    int *node_old;               /* ours -> NEURON's */
    VEC(NodeGroup) groups;       /* every non-root node, in groups of trees of a shape */
} Model;

/* Builds a Model from a parsed model file; loads the mechanisms it uses
 * (parsing and checking their .mod files).  Errors go to the model's
 * diag; returns false when there were any. */
bool model_check(Model *m, const NrnFile *f);

/* Frees what model_check allocated outside the arena. */
void model_free(Model *m);

/* Loads (once) the mechanism `name`; NULL and an error at loc when there
 * is no such mechanism or its file has errors. */
Mech *model_mech(Model *m, const char *name, SrcLoc loc, int *index);

/* Segment index of position x in a section of nseg segments. */
int seg_index(int nseg, double x);

/* The value of range variable (mech, var) at segment j of section s. */
double *model_range(Section *s, int mech, int var);

/* randobj.c: which POINTERs of a mechanism hold a Random (MechVar.random) */
void mech_random_pointers(Arena *a, Diag *d, Mech *m);
bool mech_verbatim_uses(const Mech *m, const char *word);
/* Does PROCEDURE or FUNCTION fn of m read the arguments of hoc's call in
 * its VERBATIM (ifarg, getarg, nrn_random_arg, ...)?  And is id one of
 * those words? */
bool mech_func_hocargs(const Mech *m, const MNode *fn);
bool mech_is_hocarg_word(const char *id);
/* Does a VERBATIM of fn (a PROCEDURE or FUNCTION node) use word (NULL:
 * does fn hold VERBATIM)? */
bool mech_func_uses(const MNode *fn, const char *word);

#endif
