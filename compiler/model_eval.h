/* model_eval.h - values of the model file's expressions, shared by
 * model.c (which evaluates them) and param.c (which turns those that
 * depend on run-time params into C).  Private to the checker.
 */
#ifndef NRNCC_MODEL_EVAL_H
#define NRNCC_MODEL_EVAL_H

#include "model.h"
#include "units.h"

typedef struct Quant {
    double v;
    Unit u;
    bool bare;           /* no unit was written: it takes the target's */
} Quant;

/* Where an expression is evaluated: a segment, for per-segment values. */
typedef struct EvalCtx {
    Section *sec;
    double x;
    bool has_seg;
} EvalCtx;

/* The value of e (cx: its segment, or NULL); false after an error. */
bool model_eval(Model *m, const EvalCtx *cx, const NrnNode *e, Quant *q);

/* The param named name, or NULL. */
const ParamDef *model_param(const Model *m, const char *name);

/* ---- param.c ---- */

/* Before evaluating a value that may depend on params. */
void param_begin(Model *m);

/* After evaluating e (ok: without error) for a value in unit target
 * (convert: the value was converted to it; else it was taken as it is):
 * the value's C expression when it depends on params, else NULL (and
 * NULL with an error reported when it cannot be computed at run time).
 * *err is set on such an error. */
const char *param_end(Model *m, const EvalCtx *cx, const NrnNode *e, bool ok, Unit target, bool convert,
                      bool *err);

/* Records where a value went: cexpr its C expression (NULL for a value
 * fixed at compile time, which undoes an earlier param use of the slot). */
void param_store(Model *m, ParamSlot kind, int a, int b, int c, int d, const char *cexpr, SrcLoc loc);

#endif
