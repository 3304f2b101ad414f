/* morph.h - morphology importers: a neuron's sections read from an SWC
 * file (as NEURON 8.2.2's Import3d makes them) or from a hoc geometry
 * program (evaluated at compile time), and NEURON's d_lambda rule.
 *
 * The result is a plain structure of named sections with their parents
 * and 3-D points; turning it into nrncc Sections (model.c), and areas and
 * resistances (geometry.c), is left to the callers.
 */
#ifndef NRNCC_MORPH_H
#define NRNCC_MORPH_H

#include <stdbool.h>

#include "diag.h"
#include "util.h"

/* A 3-D point (um): the value NEURON's pt3dadd receives, in double.
 * NEURON then stores it as float32; rounding is left to the caller
 * (morph_arc_length does it for L).  SWC points are the numbers NEURON's
 * Import3d passes on, i.e. the file's values read as float32, diameter =
 * 2*radius, and formatted with "%.8g" (so usually the file's own text);
 * hoc points are the values of the pt3dadd arguments, or what NEURON makes
 * of them when the program then sets L (the points scaled away from the
 * first one) or diam (every point's d) of their section. */
typedef struct MorphPoint {
    double x, y, z, d;
} MorphPoint;

typedef struct MorphSection {
    const char *name;      /* NEURON's name: "soma[0]", "dend[3]", "apic[12]",
                              "axon[0]" (SWC), or the hoc names ("soma",
                              "dendrite_1[4]") */
    int parent;            /* index into Morphology.secs, or -1 */
    double parent_x;       /* position on the parent where it attaches (0..1) */
    double child_x;        /* which end of this section attaches: 0 (normal) or 1 */
    int conn_order;        /* order in which NEURON made this connection (0, 1, ...;
                              for NEURON's child order), -1 if none */
    MorphPoint *pts;       /* its 3-D points in order (NEURON's pt3dadd calls);
                              round to float32 before use, as NEURON does */
    double *arc;           /* NEURON's arc3d at each point (npts values, NULL when
                              none): the running arc length of the float32 points
                              (morph_arcs), except after `L = ...` on a section with
                              points, where NEURON scales the arcs it had.  The
                              section's L is arc[npts-1] (at least 1e-9) */
    int npts;
    int nseg;              /* 0 when the file does not set it */
    double L, diam, Ra, cm;/* NAN when the file does not set them (hoc: L = ...,
                              diam = ...); L and diam are NAN when the section
                              has 3-D points (the points define them) */
    SrcLoc loc;            /* where in the file it was created (SWC: the line
                              of its first own point) */
} MorphSection;

/* Sections in NEURON's creation order (the order of h.allsec()). */
typedef struct Morphology {
    MorphSection *secs;
    int nsecs;
} Morphology;

/* Each reader returns false after reporting errors to diag
 * ("file:line:col: error: ..." at the place in the morphology file, or at
 * `from`, the place in the model file that named it, when the file cannot
 * be read).  Everything, the file's text included, lives in the arena;
 * *out is filled only on success. */

/* SWC (morph_swc.c): NeuroMorpho.org's format, "id type x y z radius
 * parent" per line, '#' comments.  Sections as Import3d_SWC_read followed
 * by Import3d_GUI.instantiate make them: names soma[i], axon[i], dend[i],
 * apic[i], dend_N[i] for type N >= 5 (dend_0 for type 0, minus_N for
 * negative types), the single-point and three-point somas made a 3-point
 * cylinder with L = diam, and so on (see morph_swc.c). */
bool morph_read_swc(Arena *a, Diag *d, const char *path, SrcLoc from, Morphology *out);

/* hoc geometry programs (morph_hoc.c): create, connect, access, section
 * stacks, pt3dclear/pt3dadd, nseg/L/diam/Ra/cm, proc/func with $n and
 * local, for, while, if/else, forall, arithmetic, fscan() from the file
 * itself; anything else is an error naming the construct ("hoc: 'xopen'
 * is not supported by nrncc's geometry reader").  Loading stops at the
 * first error, as hoc's does. */
bool morph_read_hoc(Arena *a, Diag *d, const char *path, SrcLoc from, Morphology *out);

/* ---- morph.c: helpers ---- */

/* The file at path as an SrcFile in the arena (the readers' diagnostics
 * point into it); NULL after "cannot read 'path': reason" at from. */
const SrcFile *morph_load_file(Arena *a, Diag *d, const char *path, SrcLoc from);

/* ---- morph.c: geometry helpers with NEURON's float32 points ---- */

/* NEURON's arc3d of these points: arc[0] = 0, arc[i] = arc[i-1] + the
 * distance from point i-1 to point i, the points rounded to float32 (their
 * differences float32 operations, the squares summed in double). */
void morph_arcs(const MorphPoint *pts, int npts, double *arc);

/* L of a section with these 3-D points as NEURON computes it: the arc
 * length of the points rounded to float32 (differences formed in float32,
 * squares summed in double), at least 1e-9 (NEURON's floor; also the
 * result for fewer than 2 points). */
double morph_arc_length(const MorphPoint *pts, int npts);

/* NEURON's usual d_lambda rule: the odd
 *   nseg = int((L/(d_lambda*lambda_f(freq_hz)) + 0.9)/2)*2 + 1
 * with stdlib.hoc's lambda_f (from the float32 3-D points when npts >= 2,
 * otherwise from diam); L, diam um; Ra ohm cm; cm uF/cm2.  Pass L =
 * morph_arc_length(pts, npts) for a section with points.  INT_MAX when
 * the rule gives more than 2e9 segments (or NaN). */
int morph_dlambda_nseg(const MorphPoint *pts, int npts, double L, double diam, double Ra,
                       double cm, double d_lambda, double freq_hz);

/* stdlib.hoc's lambda_f(freq_hz): the AC length constant (um) of a
 * section, from its 3-D points (arc NULL: the points' own arcs) when it
 * has two or more, otherwise from diam. */
double morph_lambda_f(const MorphPoint *pts, const double *arc, int npts, double L, double diam,
                      double Ra, double cm, double freq_hz);

/* The same rule with the section's own arcs (NEURON's arc3d; NULL: the
 * points' arcs), as for a section whose arcs were scaled by `L = ...`. */
int morph_dlambda(const MorphPoint *pts, const double *arc, int npts, double L, double diam,
                  double Ra, double cm, double d_lambda, double freq_hz);

/* The same rule for a section read by morph_read_*: its own arcs (so also
 * right after `L = ...`), L and diam (NEURON's defaults 100 and 500 um
 * when not set); Ra, cm, d_lambda and freq_hz as above. */
int morph_section_dlambda(const MorphSection *s, double Ra, double cm, double d_lambda,
                          double freq_hz);

#endif
