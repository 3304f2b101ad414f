/* model.c - checking a model file: from the NrnFile to a Model.
 *
 * needs: a parsed model file.
 * provides: sections (geometry values per segment, inserted mechanisms
 * with their per-segment parameters), point processes, spike detectors,
 * records and run settings, every value converted to NEURON's units and
 * dimension-checked; every mechanism used loaded and checked.
 *
 * The file is declarative, so it is read in three passes: names (model,
 * consts, sections, `use`), then topology (`connect`), then everything
 * else in the order written, as a NEURON script would do it (a later
 * assignment wins; `forall` reaches every section of the model).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "model.h"
#include "model_eval.h"
#include "netrule.h"
#include "positions.h"
#include "nmodl_parse.h"
#include "nrn_parse.h"
#include "series.h"
#include "shape.h"
#include "units.h"
#include "vecstim.h"

/* ---- values with units ---- */

/* A unit nrncc itself names ("um", "ms"): parsed once, then remembered
 * by its text (the callers pass string literals). */
static Unit U(const char *text)
{
    static struct {
        const char *text;
        Unit u;
    } cache[32];
    static int ncache;
    for (int i = 0; i < ncache; i++)
        if (cache[i].text == text || !strcmp(cache[i].text, text))
            return cache[i].u;
    Unit u;
    char err[100];
    if (!units_parse(text, &u, err, sizeof err))
        die("built-in unit '%s': %s", text, err);
    if (ncache < (int)(sizeof cache / sizeof cache[0])) {
        cache[ncache].text = text;
        cache[ncache++].u = u;
    }
    return u;
}

int seg_index(int nseg, double x)
{
    int i = (int)(nseg * x);
    return i >= nseg ? nseg - 1 : i < 0 ? 0 : i;
}

static bool eval(Model *m, const EvalCtx *cx, const NrnNode *e, Quant *q);
static int find_section(Model *m, const NrnNode *ref, bool report);
static bool eval_segment(Model *m, const NrnNode *ref, int *sec, double *x);

static const ConstVal *find_const(Model *m, const char *name)
{
    for (int i = 0; i < m->consts.len; i++)
        if (strcmp(m->consts.data[i].name, name) == 0)
            return &m->consts.data[i];
    return NULL;
}

/* A const's or a param's name. */
static bool value_name(Model *m, const char *name)
{
    return find_const(m, name) || model_param(m, name);
}

/* Path distance (um) from the x = 0 end of the tree's root section. */
static double root_distance(Model *m, int s, double x)
{
    double d = x * m->secs.data[s].L;
    while (m->secs.data[s].parent >= 0) {
        double px = m->secs.data[s].px;
        s = m->secs.data[s].parent;
        d += px * m->secs.data[s].L;
    }
    return d;
}

static int tree_root(Model *m, int s)
{
    while (m->secs.data[s].parent >= 0)
        s = m->secs.data[s].parent;
    return s;
}

/* Distance along the tree between two points (NEURON's distance()). */
static bool path_distance(Model *m, int s1, double x1, int s2, double x2, double *out)
{
    if (tree_root(m, s1) != tree_root(m, s2))
        return false;
    /* The lowest common point: walk s1's ancestors, marking positions. */
    int n = m->secs.len;
    double *pos1 = xmalloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i++)
        pos1[i] = -1;
    double px = x1;
    for (int s = s1; s >= 0;) {
        pos1[s] = px;
        px = m->secs.data[s].px;
        s = m->secs.data[s].parent;
    }
    double cx = x2;
    int s = s2;
    while (pos1[s] < 0) {
        cx = m->secs.data[s].px;
        s = m->secs.data[s].parent;
    }
    double xa = pos1[s];
    free(pos1);
    double lca_x = xa < cx ? xa : cx;
    *out = root_distance(m, s1, x1) + root_distance(m, s2, x2) - 2 * root_distance(m, s, lca_x);
    return true;
}

static bool call_math(Model *m, const EvalCtx *cx, const NrnNode *e, Quant *q)
{
    const char *fn = e->a->name;
    int n = e->list.len;
    static const struct { const char *name; int nargs; } fns[] = {
        {"exp", 1}, {"log", 1}, {"log10", 1}, {"sqrt", 1}, {"sin", 1}, {"cos", 1}, {"tan", 1},
        {"fabs", 1}, {"abs", 1}, {"floor", 1}, {"ceil", 1}, {"tanh", 1}, {"atan", 1},
        {"pow", 2}, {"min", 2}, {"max", 2}, {"atan2", 2},
    };
    int k = -1;
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (strcmp(fns[i].name, fn) == 0)
            k = (int)i;
    if (k < 0)
        return false;
    if (n != fns[k].nargs) {
        diag_error(m->diag, e->loc, "'%s' takes %d argument%s, got %d", fn, fns[k].nargs,
                   fns[k].nargs == 1 ? "" : "s", n);
        return true;
    }
    Quant a[2];
    for (int i = 0; i < n; i++)
        if (!eval(m, cx, e->list.items[i], &a[i]))
            return true;
    q->bare = false;
    q->u = units_one();
    bool keep_unit = !strcmp(fn, "fabs") || !strcmp(fn, "abs") || !strcmp(fn, "floor") ||
                     !strcmp(fn, "ceil") || !strcmp(fn, "min") || !strcmp(fn, "max");
    if (keep_unit) {
        if (n == 2 && !a[0].bare && !a[1].bare && !units_same_dim(a[0].u, a[1].u)) {
            diag_error(m->diag, e->loc, "the arguments of '%s' have different dimensions", fn);
            return true;
        }
        if (n == 2 && !a[0].bare && !a[1].bare)
            a[1].v = units_convert(a[1].v, a[1].u, a[0].u);
        q->u = a[0].bare && n == 2 ? a[1].u : a[0].u;
        q->bare = a[0].bare && (n == 1 || a[1].bare);
    } else {
        for (int i = 0; i < n; i++) {
            if (!a[i].bare && !units_dimensionless(a[i].u) && strcmp(fn, "pow") != 0) {
                diag_error(m->diag, e->list.items[i]->loc, "the argument of '%s' must be dimensionless", fn);
                return true;
            }
            /* pow's base keeps its unit (the result has its power) */
            if (!a[i].bare && !(i == 0 && !strcmp(fn, "pow") && !units_dimensionless(a[0].u)))
                a[i].v = units_convert(a[i].v, a[i].u, units_one());
        }
        q->bare = true;
        for (int i = 0; i < n; i++)
            q->bare = q->bare && a[i].bare;
    }
    double x = a[0].v, y = n > 1 ? a[1].v : 0;
    if (!strcmp(fn, "exp")) q->v = exp(x);
    else if (!strcmp(fn, "log")) q->v = log(x);
    else if (!strcmp(fn, "log10")) q->v = log10(x);
    else if (!strcmp(fn, "sqrt")) q->v = sqrt(x);
    else if (!strcmp(fn, "sin")) q->v = sin(x);
    else if (!strcmp(fn, "cos")) q->v = cos(x);
    else if (!strcmp(fn, "tan")) q->v = tan(x);
    else if (!strcmp(fn, "fabs") || !strcmp(fn, "abs")) q->v = fabs(x);
    else if (!strcmp(fn, "floor")) q->v = floor(x);
    else if (!strcmp(fn, "ceil")) q->v = ceil(x);
    else if (!strcmp(fn, "tanh")) q->v = tanh(x);
    else if (!strcmp(fn, "atan")) q->v = atan(x);
    else if (!strcmp(fn, "atan2")) q->v = atan2(x, y);
    else if (!strcmp(fn, "min")) q->v = x < y ? x : y;
    else if (!strcmp(fn, "max")) q->v = x > y ? x : y;
    else if (!strcmp(fn, "pow")) {
        if (!a[1].bare && !units_dimensionless(a[1].u)) {
            diag_error(m->diag, e->list.items[1]->loc, "an exponent must be dimensionless");
            return true;
        }
        if (!a[0].bare && !units_dimensionless(a[0].u)) {
            if (y != floor(y) || fabs(y) > 8) {
                diag_error(m->diag, e->list.items[1]->loc,
                           "a quantity with a unit can only be raised to a small whole power");
                return true;
            }
            q->u = units_pow(a[0].u, (int)y);
            q->bare = false;
        }
        q->v = pow(x, y);
    }
    return true;
}

static bool eval(Model *m, const EvalCtx *cx, const NrnNode *e, Quant *q)
{
    int errs = m->diag->nerrors;
    Quant a, b;
    switch (e->kind) {
    case NK_NUM:
        q->v = e->num;
        q->bare = e->unit == NULL;
        q->u = units_one();
        if (e->unit) {
            /* parsed once: a cell type's numbers are evaluated for each cell */
            NrnNode *memo = (NrnNode *)e;
            if (memo->unit_state == 0) {
                char err[200];
                if (!units_parse(e->unit, &memo->unit_val, err, sizeof err)) {
                    diag_error(m->diag, e->unit_loc, "%s", err);
                    return false;
                }
                memo->unit_state = 1;
            }
            q->u = memo->unit_val;
        }
        return true;
    case NK_NAME: {
        const ConstVal *c = find_const(m, e->name);
        if (c) {
            q->v = c->value;
            q->u = c->unit;
            q->bare = !c->has_unit;
            return true;
        }
        const ParamDef *pd = model_param(m, e->name);
        if (pd) {
            if (!m->param_allow) {
                diag_error(m->diag, e->loc, "'%s' is a param, set when the simulation starts: this value is "
                           "fixed when the model is compiled (use a const)", e->name);
                return false;
            }
            m->param_hit = true;
            q->v = pd->value;
            q->u = pd->unit;
            q->bare = !pd->has_unit;
            return true;
        }
        if (!strcmp(e->name, "PI")) {
            q->v = 3.14159265358979323846;
            q->u = units_one();
            q->bare = true;
            return true;
        }
        if (cx && cx->has_seg) {
            Section *s = cx->sec;
            int j = seg_index(s->nseg, cx->x);
            if (!strcmp(e->name, "x")) {
                q->v = cx->x;
                q->u = units_one();
                q->bare = true;
                return true;
            }
            if (!strcmp(e->name, "diam") && !s->pts) {
                q->v = s->diam[j];
                q->u = U("um");
                q->bare = false;
                return true;
            }
            if (!strcmp(e->name, "L")) {
                q->v = s->L;
                q->u = U("um");
                q->bare = false;
                return true;
            }
        }
        diag_error(m->diag, e->loc, "unknown name '%s'", e->name);
        return false;
    }
    case NK_NEG:
        if (!eval(m, cx, e->a, q))
            return false;
        q->v = -q->v;
        return true;
    case NK_NOT:
        if (!eval(m, cx, e->a, q))
            return false;
        q->v = q->v == 0;
        q->u = units_one();
        q->bare = true;
        return true;
    case NK_CALL:
        if (e->a->kind == NK_NAME && call_math(m, cx, e, q))
            return m->diag->nerrors == errs;
        if (e->a->kind == NK_NAME && !strcmp(e->a->name, "distance")) {
            if (!cx || !cx->has_seg) {
                diag_error(m->diag, e->loc, "distance() needs a segment: use it in a section's statements");
                return false;
            }
            if (e->list.len != 1) {
                diag_error(m->diag, e->loc, "distance() takes one segment, as in distance(soma(0.5))");
                return false;
            }
            int s2;
            double x2;
            if (!eval_segment(m, e->list.items[0], &s2, &x2))
                return false;
            double d;
            if (!path_distance(m, (int)(cx->sec - m->secs.data), cx->x, s2, x2, &d)) {
                diag_error(m->diag, e->loc, "'%s' and '%s' are not in the same tree", cx->sec->name,
                           m->secs.data[s2].name);
                return false;
            }
            q->v = d;
            q->u = U("um");
            q->bare = false;
            return true;
        }
        diag_error(m->diag, e->loc, "unknown function '%s'",
                   e->a->kind == NK_NAME ? e->a->name : "(expression)");
        return false;
    case NK_BINOP: {
        if (!eval(m, cx, e->a, &a) || !eval(m, cx, e->b, &b))
            return false;
        int op = e->op;
        if (op == '+' || op == '-' || op == '<' || op == '>' || op == OP_LE || op == OP_GE ||
            op == OP_EQ || op == OP_NE || op == '%') {
            if (!a.bare && !b.bare) {
                if (!units_same_dim(a.u, b.u)) {
                    char da[64], db[64];
                    units_describe(a.u, da, sizeof da);
                    units_describe(b.u, db, sizeof db);
                    diag_error(m->diag, e->loc, "'%s' between a %s and a %s", nrn_op_str(op), da, db);
                    return false;
                }
                b.v = units_convert(b.v, b.u, a.u);
            }
            q->u = a.bare ? b.u : a.u;
            q->bare = a.bare && b.bare;
            switch (op) {
            case '+': q->v = a.v + b.v; break;
            case '-': q->v = a.v - b.v; break;
            case '%': q->v = fmod(a.v, b.v); break;
            default:
                q->v = op == '<' ? a.v < b.v : op == '>' ? a.v > b.v : op == OP_LE ? a.v <= b.v
                     : op == OP_GE ? a.v >= b.v : op == OP_EQ ? a.v == b.v : a.v != b.v;
                q->u = units_one();
                q->bare = true;
            }
            return true;
        }
        if (op == OP_AND || op == OP_OR) {
            q->v = op == OP_AND ? (a.v != 0 && b.v != 0) : (a.v != 0 || b.v != 0);
            q->u = units_one();
            q->bare = true;
            return true;
        }
        if (op == '*' || op == '/') {
            q->v = op == '*' ? a.v * b.v : a.v / b.v;
            Unit ua = a.bare ? units_one() : a.u, ub = b.bare ? units_one() : b.u;
            q->u = op == '*' ? units_mul(ua, ub) : units_div(ua, ub);
            q->bare = a.bare && b.bare;
            return true;
        }
        if (op == '^') {
            if (!b.bare && !units_dimensionless(b.u)) {
                diag_error(m->diag, e->b->loc, "an exponent must be dimensionless");
                return false;
            }
            q->v = pow(a.v, b.v);
            q->bare = a.bare;
            q->u = units_one();
            if (!a.bare) {
                if (b.v != floor(b.v) || fabs(b.v) > 8) {
                    diag_error(m->diag, e->b->loc, "a quantity with a unit can only be raised to a small whole power");
                    return false;
                }
                q->u = units_pow(a.u, (int)b.v);
            }
            return true;
        }
        die("unknown operator %d", op);
    }
    case NK_STRING:
        diag_error(m->diag, e->loc, "a string is not a number");
        return false;
    case NK_LIST:
        diag_error(m->diag, e->loc, "a list of values belongs only to a VecStim's 'times'");
        return false;
    default:
        diag_error(m->diag, e->loc, "this is not a value");
        return false;
    }
}

bool model_eval(Model *m, const EvalCtx *cx, const NrnNode *e, Quant *q)
{
    return eval(m, cx, e, q);
}

const ParamDef *model_param(const Model *m, const char *name)
{
    for (int i = 0; i < m->params.len; i++)
        if (!strcmp(m->params.data[i].name, name))
            return &m->params.data[i];
    return NULL;
}

/* Evaluates e and converts it to `target` (a bare number is taken to be
 * in the target unit).  what names the quantity in messages. */
static bool eval_as(Model *m, const EvalCtx *cx, const NrnNode *e, Unit target, const char *what,
                    double *out)
{
    Quant q;
    if (!eval(m, cx, e, &q))
        return false;
    if (q.bare) {
        *out = q.v;
        return true;
    }
    if (!units_same_dim(q.u, target)) {
        char want[64], got[64];
        units_describe(target, want, sizeof want);
        units_describe(q.u, got, sizeof got);
        if (units_dimensionless(target))
            diag_error(m->diag, e->loc, "wrong unit for '%s': expected a plain number, got a %s", what, got);
        else
            diag_error(m->diag, e->loc, "wrong unit for '%s': expected a %s, got a %s", what, want, got);
        return false;
    }
    *out = units_convert(q.v, q.u, target);
    return true;
}

/* eval_as for a value that may depend on params: *cexpr gets its C
 * expression when it does (else NULL). */
static bool eval_as_p(Model *m, const EvalCtx *cx, const NrnNode *e, Unit target, const char *what, double *out,
                      const char **cexpr)
{
    param_begin(m);
    bool ok = eval_as(m, cx, e, target, what, out), err;
    *cexpr = param_end(m, cx, e, ok, target, true, &err);
    return ok && !err;
}

/* A bare number (for a variable whose unit nrncc cannot read), which may
 * depend on params. */
static bool eval_bare_p(Model *m, const EvalCtx *cx, const NrnNode *e, const char *what, const char *units,
                        double *out, const char **cexpr)
{
    Quant q;
    param_begin(m);
    bool ok = eval(m, cx, e, &q), err;
    *cexpr = param_end(m, cx, e, ok, units_one(), false, &err);
    if (!ok || err)
        return false;
    if (!q.bare) {
        diag_error(m->diag, e->loc, "cannot check the unit of '%s': its .mod file declares '(%s)', which nrncc "
                   "does not know; give a bare number", what, units);
        return false;
    }
    *out = q.v;
    return true;
}

/* Evaluates e for mechanism variable mv (named `what` to the user): in
 * mv's declared unit; when nrncc cannot read that unit, only a bare number
 * is accepted.  The value may depend on params (*cexpr). */
static bool eval_mech_value(Model *m, const EvalCtx *cx, const NrnNode *e, const MechVar *mv, const char *what,
                            double *out, const char **cexpr)
{
    if (mv->unit_ok || !mv->units)
        return eval_as_p(m, cx, e, mv->unit_ok ? mv->unit : units_one(), what, out, cexpr);
    return eval_bare_p(m, cx, e, what, mv->units, out, cexpr);
}

/* A whole number >= lo. */
static bool eval_int(Model *m, const NrnNode *e, const char *what, int lo, int *out)
{
    double v;
    if (!eval_as(m, NULL, e, units_one(), what, &v))
        return false;
    if (v != floor(v) || v < lo || v > 1e9) {
        char buf[40];
        fmt_double(buf, sizeof buf, v);
        diag_error(m->diag, e->loc, "'%s' must be a whole number %s %d, got %s", what, lo ? ">=" : ">=", lo, buf);
        return false;
    }
    *out = (int)v;
    return true;
}

/* ---- sections ---- */

/* name in the current cell's scope ("ring[3].soma"); in buf, or the
 * name itself at top level. */
static const char *scoped(const Model *m, const char *name, char *buf, size_t n)
{
    if (!m->scope || !*m->scope)
        return name;
    snprintf(buf, n, "%s%s", m->scope, name);
    return buf;
}

static int section_by_name(Model *m, const char *name)
{
    char buf[512];
    return strmap_get(&m->sec_map, scoped(m, name, buf, sizeof buf));
}

/* Number of elements of section array `name`, or 0 when it is not one. */
static int array_len(Model *m, const char *name)
{
    char buf[512];
    int n = strmap_get(&m->arr_map, scoped(m, name, buf, sizeof buf));
    return n < 0 ? 0 : n;
}

/* The cell a reference names: `c1` (a single instance), `ring[3]`, or
 * `ring[*]` while a statement is repeated over ring; -1 (and an error
 * when report) if none. */
static int find_cell(Model *m, const NrnNode *ref, bool report)
{
    if (ref->kind == NK_NAME) {
        int c = strmap_get(&m->cell_map, ref->name);
        if (c < 0 && report) {
            int p = strmap_get(&m->pop_map, ref->name);
            if (p >= 0)
                diag_error(m->diag, ref->loc, "'%s' is a population of %d cells: name one, as in %s[0]", ref->name,
                           m->pops.data[p].n, ref->name);
            else
                diag_error(m->diag, ref->loc, "unknown cell '%s'", ref->name);
        }
        return c;
    }
    if ((ref->kind == NK_INDEX || ref->kind == NK_EACH) && ref->a->kind == NK_NAME) {
        int p = strmap_get(&m->pop_map, ref->a->name);
        if (p < 0) {
            if (report)
                diag_error(m->diag, ref->loc, "unknown population '%s'", ref->a->name);
            return -1;
        }
        const Population *pop = &m->pops.data[p];
        int i;
        if (ref->kind == NK_EACH) {
            int slot = m->each_pop[0] == p ? 0 : m->each_pop[1] == p ? 1 : -1;
            if (slot < 0) {
                if (report)
                    diag_error(m->diag, ref->loc, "'%s[*]' stands for every cell of %s only in a record, a netcon, "
                               "an assignment or a section body", ref->a->name, ref->a->name);
                return -1;
            }
            i = m->each_i[slot];
        } else if (!eval_int(m, ref->b, "cell index", 0, &i)) {
            return -1;
        }
        if (i >= pop->n) {
            if (report)
                diag_error(m->diag, ref->b->loc, "index %d is out of range: '%s' has %d cells", i, pop->name, pop->n);
            return -1;
        }
        return pop->first + i;
    }
    if (report)
        diag_error(m->diag, ref->loc, "expected a cell, as in 'ring[3]'");
    return -1;
}

/* Resolves a member of cell c (its section or point process `ref`) with
 * c's scope in place. */
#define IN_CELL_SCOPE(m, c, stmt)                                               \
    do {                                                                        \
        const char *scope_sav_ = (m)->scope;                                    \
        (m)->scope = arena_printf((m)->arena, "%s.", (m)->cells.data[c].name);  \
        stmt;                                                                   \
        (m)->scope = scope_sav_;                                                \
    } while (0)

/* The section a reference names: `soma`, `dend[3]`; -1 (and an error
 * when report) if none. */
static int find_section(Model *m, const NrnNode *ref, bool report)
{
    /* a cell's section: ring[3].soma, ring[3].dend[2] */
    if (ref->kind == NK_MEMBER || (ref->kind == NK_INDEX && ref->a->kind == NK_MEMBER)) {
        const NrnNode *mem = ref->kind == NK_MEMBER ? ref : ref->a;
        int c = find_cell(m, mem->a, report);
        if (c < 0)
            return -1;
        NrnNode local = *ref;
        NrnNode name = *mem;
        name.kind = NK_NAME;
        name.a = NULL;
        if (ref->kind == NK_INDEX)
            local.a = &name;
        int s = -1;
        IN_CELL_SCOPE(m, c, s = find_section(m, ref->kind == NK_INDEX ? &local : &name, report));
        return s;
    }
    if (ref->kind == NK_NAME) {
        int s = section_by_name(m, ref->name);
        if (s < 0 && report) {
            int n = array_len(m, ref->name);
            if (n)
                diag_error(m->diag, ref->loc, "'%s' is an array of %d sections: name one, as in %s[0]",
                           ref->name, n, ref->name);
            else
                diag_error(m->diag, ref->loc, "unknown section '%s'", ref->name);
        }
        return s;
    }
    if (ref->kind == NK_INDEX && ref->a->kind == NK_NAME) {
        int i;
        if (!eval_int(m, ref->b, "index", 0, &i))
            return -1;
        char buf[256];
        snprintf(buf, sizeof buf, "%s[%d]", ref->a->name, i);
        int s = section_by_name(m, buf);
        if (s < 0 && report) {
            int n = array_len(m, ref->a->name);
            char pa[256], pb[512];
            snprintf(pa, sizeof pa, "%s[]", ref->a->name);
            if (n)
                diag_error(m->diag, ref->b->loc, "index %d is out of range: '%s' has %d sections", i,
                           ref->a->name, n);
            else if (strmap_get(&m->pp_map, scoped(m, pa, pb, sizeof pb)) >= 0)
                diag_error(m->diag, ref->loc, "no point process '%s' (the array '%s' has no element %d)", buf,
                           ref->a->name, i);
            else
                diag_error(m->diag, ref->loc, "unknown section array '%s'", ref->a->name);
        }
        return s;
    }
    if (ref->kind == NK_EACH && ref->a->kind == NK_NAME) {
        char pa[256], pb[512];
        snprintf(pa, sizeof pa, "%s[]", ref->a->name);
        if (report && strmap_get(&m->pp_map, scoped(m, pa, pb, sizeof pb)) >= 0)
            diag_error(m->diag, ref->loc, "'%s' is an array of point processes: name its elements one by one "
                       "(in a loop: %s[i])", ref->a->name, ref->a->name);
        else if (report)
            diag_error(m->diag, ref->loc, "'%s[*]' is every section of '%s': name one here, as in %s[0]",
                       ref->a->name, ref->a->name, ref->a->name);
        return -1;
    }
    if (report)
        diag_error(m->diag, ref->loc, "expected a section, as in 'soma' or 'dend[2]'");
    return -1;
}

/* A segment reference `sec(x)`: its section and x in [0, 1]. */
static bool eval_segment(Model *m, const NrnNode *ref, int *sec, double *x)
{
    if (ref->kind != NK_CALL || ref->list.len != 1) {
        diag_error(m->diag, ref->loc, "expected a segment, as in 'soma(0.5)'");
        return false;
    }
    *sec = find_section(m, ref->a, true);
    if (*sec < 0)
        return false;
    if (!eval_as(m, NULL, ref->list.items[0], units_one(), "x", x))
        return false;
    if (!(*x >= 0 && *x <= 1)) {
        char buf[40];
        fmt_double(buf, sizeof buf, *x);
        diag_error(m->diag, ref->list.items[0]->loc, "segment position must be in [0, 1], got %s", buf);
        return false;
    }
    return true;
}

static void resample(Model *m, double **vals, int oldn, int newn)
{
    double *nv = ARENA_NEWN(m->arena, double, newn);
    for (int j = 0; j < newn; j++)
        nv[j] = (*vals)[seg_index(oldn, (j + 0.5) / newn)];
    *vals = nv;
}

static void set_nseg(Model *m, Section *s, int nseg)
{
    if (nseg == s->nseg)
        return;
    resample(m, &s->diam, s->nseg, nseg);
    resample(m, &s->cm, s->nseg, nseg);
    for (int i = 0; i < s->ranges.len; i++)
        resample(m, &s->ranges.data[i].val, s->nseg, nseg);
    /* values that depend on params move with the values */
    int sec = (int)(s - m->secs.data), nold = 0;
    ParamUse *old = xmalloc(sizeof(ParamUse) * (size_t)(m->param_uses.len + 1));
    for (int i = 0; i < m->param_uses.len; i++) {
        ParamUse *u = &m->param_uses.data[i];
        if (u->kind == PS_RANGE && u->a == sec && !u->dead) {
            old[nold++] = *u;
            u->dead = true;
        }
    }
    for (int i = 0; i < nold; i++)
        for (int j = 0; j < nseg; j++)
            if (seg_index(s->nseg, (j + 0.5) / nseg) == old[i].b)
                param_store(m, PS_RANGE, sec, j, old[i].c, old[i].d, old[i].cexpr, old[i].loc);
    free(old);
    s->nseg = nseg;
}

static Section *new_section(Model *m, const char *name, SrcLoc loc)
{
    Section s;
    memset(&s, 0, sizeof s);
    if (m->scope && *m->scope)
        name = arena_printf(m->arena, "%s%s", m->scope, name);
    strmap_put(&m->sec_map, name, m->secs.len);
    const char *br = strchr(name + (m->scope ? strlen(m->scope) : 0), '[');
    if (br) {
        const char *base = arena_strndup(m->arena, name, (size_t)(br - name));
        int n = strmap_get(&m->arr_map, base);
        strmap_put(&m->arr_map, base, n < 0 ? 1 : n + 1);
    }
    s.name = name;
    s.loc = loc;
    s.nseg = 1;
    s.L = 100;
    s.Ra = 35.4;
    s.rall = 1;
    s.diam = ARENA_NEWN(m->arena, double, 1);
    s.diam[0] = 500;
    s.cm = ARENA_NEWN(m->arena, double, 1);
    s.cm[0] = 1;
    s.parent = -1;
    APUSH(m->arena, m->secs, s);
    return &m->secs.data[m->secs.len - 1];
}

double *model_range(Section *s, int mech, int var)
{
    for (int i = 0; i < s->ranges.len; i++)
        if (s->ranges.data[i].mech == mech && s->ranges.data[i].var == var)
            return s->ranges.data[i].val;
    return NULL;
}

/* ---- mechanisms ---- */

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

static void ensure_ions(Model *m, Mech *mech, SrcLoc loc)
{
    for (int i = 0; i < mech->ions.len; i++) {
        MechIon *io = &mech->ions.data[i];
        char name[128];
        snprintf(name, sizeof name, "%s_ion", io->name);
        bool found = false;
        for (int k = 0; k < m->mechs.len; k++)
            if (strcmp(m->mechs.data[k]->name, name) == 0) {
                found = true;
                MechIon *have = &m->mechs.data[k]->ions.data[0];
                if (io->has_valence && !have->has_valence) {
                    /* the first VALENCE given (NEURON's ion_reg) */
                    have->valence = io->valence;
                    have->has_valence = true;
                } else if (io->has_valence && have->valence != io->valence) {
                    diag_error(m->diag, io->loc, "ion '%s' has valence %d here but %d in another mechanism",
                               io->name, io->valence, have->valence);
                }
            }
        if (found)
            continue;
        int val = 0;
        bool has_val = true;
        if (io->has_valence)
            val = io->valence;
        else if (!strcmp(io->name, "na") || !strcmp(io->name, "k"))
            val = 1;
        else if (!strcmp(io->name, "ca"))
            val = 2;
        else
            has_val = false; /* another mechanism may give it (checked by check_valences) */
        (void)loc;
        Mech *ion = mech_ion(m->arena, io->name, val);
        ion->ions.data[0].has_valence = has_val;
        ion->ions.data[0].loc = io->loc;
        ion->order = 1000 + m->mechs.len; /* placed after pas, in order of first use */
        APUSH(m->arena, m->mechs, ion);
    }
}

/* After every .mod file is loaded: each ion has a valence from some
 * mechanism's USEION (NEURON's nrn_verify_ion_charge_defined refuses the
 * mechanisms at load otherwise). */
static void check_valences(Model *m)
{
    for (int k = 0; k < m->mechs.len; k++) {
        const Mech *ion = m->mechs.data[k];
        if (ion->kind == MECH_ION && ion->ions.len && !ion->ions.data[0].has_valence) {
            diag_error(m->diag, ion->ions.data[0].loc, "ion '%s' needs a VALENCE", ion->ion_name);
            diag_note(m->diag, ion->ions.data[0].loc, "no mechanism of the model that uses '%s' gives one "
                      "(NEURON, loading the mechanisms at its start, refuses them too)", ion->ion_name);
        }
    }
}

/* Parses and checks one .mod file; registers its mechanism. */
static Mech *load_mod(Model *m, const char *path, SrcLoc loc)
{
    size_t len;
    APUSH(m->arena, m->deps, arena_strdup(m->arena, path));
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(m->diag, loc, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    SrcFile *src = ARENA_NEW(m->arena, SrcFile);
    src->path = arena_strdup(m->arena, path);
    src->text = arena_strndup(m->arena, text, len);
    src->len = len;
    free(text);
    ModFile *mod = ARENA_NEW(m->arena, ModFile);
    Mech *mech = NULL;
    if (nmodl_parse_file(m->arena, m->diag, src, mod))
        mech = mech_check(m->arena, m->diag, mod);
    if (!mech) {
        /* remember the file's name, so that its mechanism is not also called unknown */
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        size_t n = strlen(base);
        if (n > 4 && !strcmp(base + n - 4, ".mod"))
            n -= 4;
        APUSH(m->arena, m->failed_mods, arena_strndup(m->arena, base, n));
        for (int i = 0; i < mod->blocks.len; i++) {
            MNode *b = mod->blocks.items[i];
            for (int k = 0; b->kind == MK_NEURON && k < b->body.len; k++)
                if (b->body.items[k]->kind == MK_NEURONSTMT && b->body.items[k]->name2)
                    APUSH(m->arena, m->failed_mods, b->body.items[k]->name2);
        }
        return NULL;
    }
    for (int k = 0; k < m->mechs.len; k++)
        if (strcmp(m->mechs.data[k]->name, mech->name) == 0) {
            diag_error(m->diag, loc, "mechanism '%s' is defined twice", mech->name);
            diag_note(m->diag, (SrcLoc){0}, "in '%s' and '%s'", m->mechs.data[k]->path, path);
            return NULL;
        }
    if (mech->order < 0)
        mech->order = 100000 + m->mechs.len;
    APUSH(m->arena, m->mechs, mech);
    mech_random_pointers(m->arena, m->diag, mech);
    ensure_ions(m, mech, loc);
    return mech;
}

Mech *model_mech(Model *m, const char *name, SrcLoc loc, int *index)
{
    for (int k = 0; k < m->mechs.len; k++)
        if (strcmp(m->mechs.data[k]->name, name) == 0) {
            if (index)
                *index = k;
            return m->mechs.data[k];
        }
    /* beside the model, then -I directories, then the standard library */
    StrBuf tried = {0};
    for (int d = -1; d < m->nincdirs; d++) {
        const char *dir = d < 0 ? m->dir : m->incdirs[d];
        char *path = arena_printf(m->arena, "%s/%s.mod", dir, name);
        if (file_exists(path)) {
            sb_free(&tried);
            Mech *mech = load_mod(m, path, loc);
            if (!mech)
                return NULL;
            if (strcmp(mech->name, name) != 0) {
                diag_error(m->diag, loc, "'%s' defines mechanism '%s', not '%s'", path, mech->name, name);
                return NULL;
            }
            if (index)
                *index = m->mechs.len - 1;
            /* ions may have been added after it: find it again */
            for (int k = 0; k < m->mechs.len; k++)
                if (m->mechs.data[k] == mech && index)
                    *index = k;
            return mech;
        }
        sb_printf(&tried, "%s%s", tried.len ? ", " : "", dir);
    }
    sb_free(&tried);
    for (int i = 0; i < m->failed_mods.len; i++)
        if (!strcmp(m->failed_mods.data[i], name))
            return NULL; /* its file had errors, already reported */
    diag_error(m->diag, loc, "unknown mechanism '%s'", name);
    diag_note(m->diag, loc, "no '%s.mod' beside the model, in the -I directories or in the standard library",
              name);
    return NULL;
}

static int ion_mech_index(Model *m, const char *ion)
{
    char name[128];
    snprintf(name, sizeof name, "%s_ion", ion);
    for (int k = 0; k < m->mechs.len; k++)
        if (strcmp(m->mechs.data[k]->name, name) == 0)
            return k;
    return -1;
}

static bool sec_has(const Section *s, int mech)
{
    for (int i = 0; i < s->mechs.len; i++)
        if (s->mechs.data[i] == mech)
            return true;
    return false;
}

/* Inserts density mechanism (or ion) `mi` into s with default values. */
static void sec_insert(Model *m, Section *s, int mi)
{
    if (sec_has(s, mi))
        return;
    APUSH(m->arena, s->mechs, mi);
    Mech *mech = m->mechs.data[mi];
    for (int v = 0; v < mech->vars.len; v++) {
        MechVar *mv = &mech->vars.data[v];
        if (!mv->range || mv->ion >= 0 || mv->dim)
            continue; /* arrays of density mechanisms keep their declared defaults */
        RangeVals rv = {mi, v, ARENA_NEWN(m->arena, double, s->nseg)};
        for (int j = 0; j < s->nseg; j++)
            rv.val[j] = mv->has_value ? mv->value : 0;
        APUSH(m->arena, s->ranges, rv);
    }
    for (int i = 0; i < mech->ions.len && mech->kind != MECH_ION; i++) {
        int ii = ion_mech_index(m, mech->ions.data[i].name);
        if (ii >= 0)
            sec_insert(m, s, ii);
    }
}

/* The variable of a mechanism a user name refers to: `name` itself, or
 * `delay` for `del` (NEURON's Python spelling). */
static int user_var(const Mech *mech, const char *name)
{
    int v = mech_var(mech, name);
    if (v < 0 && !strcmp(name, "delay"))
        v = mech_var(mech, "del");
    return v;
}

/* ---- statements ---- */

typedef struct Checker {
    Model *m;
} Checker;

/* A range variable `name` of section s: a suffixed mechanism variable
 * (gnabar_hh) or an ion variable (ena).  Returns the RangeVals or NULL
 * (with an error when report). */
static RangeVals *sec_range_var(Model *m, Section *s, const char *name, SrcLoc loc, bool report,
                                MechVar **out)
{
    for (int i = 0; i < s->ranges.len; i++) {
        RangeVals *rv = &s->ranges.data[i];
        Mech *mech = m->mechs.data[rv->mech];
        MechVar *mv = &mech->vars.data[rv->var];
        if (mech->kind == MECH_ION) {
            if (strcmp(mv->name, name) == 0) {
                *out = mv;
                return rv;
            }
            continue;
        }
        size_t nl = strlen(mv->name), ml = strlen(mech->name);
        if (strlen(name) == nl + 1 + ml && strncmp(name, mv->name, nl) == 0 && name[nl] == '_' &&
            strcmp(name + nl + 1, mech->name) == 0) {
            if (!mv->visible) {
                if (report)
                    diag_error(m->diag, loc, "'%s' of '%s' is not a RANGE variable", mv->name, mech->name);
                return NULL;
            }
            *out = mv;
            return rv;
        }
    }
    if (report) {
        diag_error(m->diag, loc, "unknown property '%s' of section '%s'", name, s->name);
        /* a hint when the mechanism exists but is not inserted */
        const char *us = strrchr(name, '_');
        if (us && us[1]) {
            for (int k = 0; k < m->mechs.len; k++)
                if (!strcmp(m->mechs.data[k]->name, us + 1) && m->mechs.data[k]->kind == MECH_DENSITY &&
                    !sec_has(s, k))
                    diag_note(m->diag, loc, "'%s' is not inserted in '%s'", us + 1, s->name);
        }
    }
    return NULL;
}

static bool check_value(Model *m, const NrnNode *e, const char *what, double v, bool positive)
{
    if (positive ? !(v > 0) : !(v >= 0)) {
        char buf[40];
        fmt_double(buf, sizeof buf, v);
        diag_error(m->diag, e->loc, "'%s' must be %s, got %s", what, positive ? "> 0" : ">= 0", buf);
        return false;
    }
    return true;
}

/* `nseg = dlambda(d_lambda, freq)`: NEURON's d_lambda rule (stdlib.hoc's
 * geom_nseg) for section s as it is now: lambda_f from its 3-D points
 * (their arcs as they are) or, for a cylinder, from the diam and cm of the
 * segment at 0.5 (NEURON's sec.diam, sec.cm); defaults 0.1 and 100 Hz. */
static bool eval_dlambda(Model *m, Section *s, const NrnNode *e, int *nseg)
{
    double dl = 0.1, freq = 100;
    if (e->list.len > 2) {
        diag_error(m->diag, e->loc, "'dlambda' takes a fraction of the length constant and a frequency, "
                   "as in dlambda(0.1, 100 Hz)");
        return false;
    }
    if (e->list.len >= 1 && !(eval_as(m, NULL, e->list.items[0], units_one(), "d_lambda", &dl) &&
                              check_value(m, e->list.items[0], "d_lambda", dl, true)))
        return false;
    if (e->list.len >= 2 && !(eval_as(m, NULL, e->list.items[1], U("Hz"), "frequency", &freq) &&
                              check_value(m, e->list.items[1], "frequency", freq, true)))
        return false;
    int mid = seg_index(s->nseg, 0.5);
    int n = morph_dlambda(s->pts, s->arc, s->npts, s->L, s->diam[mid], s->Ra, s->cm[mid], dl, freq);
    if (n < 1 || n > 1000000000) {
        diag_error(m->diag, e->loc, "the d_lambda rule gives no usable nseg for '%s'", s->name);
        return false;
    }
    *nseg = n;
    return true;
}

/* `name = expr` applied to every segment j0..j1-1 of s (a whole section
 * when j0 = 0 and j1 = nseg).  seg_x >= 0 marks a per-segment statement. */
static void assign_property(Model *m, Section *s, const char *name, const NrnNode *lhs, const NrnNode *e,
                            int j0, int j1, bool whole)
{
    EvalCtx cx = {s, 0.5, false};
    int rv_mech = -1, rv_var = -1;
    if (!strcmp(name, "L") || !strcmp(name, "nseg") || !strcmp(name, "Ra") || !strcmp(name, "rallbranch") ||
        !strcmp(name, "v_init")) {
        if (!whole) {
            diag_error(m->diag, lhs->loc, "'%s' belongs to the whole section, not to a segment", name);
            return;
        }
        double v;
        if (!strcmp(name, "nseg")) {
            int n;
            if (e->kind == NK_CALL && e->a->kind == NK_NAME && !strcmp(e->a->name, "dlambda")) {
                if (eval_dlambda(m, s, e, &n))
                    set_nseg(m, s, n);
            } else if (eval_int(m, e, "nseg", 1, &n)) {
                set_nseg(m, s, n);
            }
        } else if (!strcmp(name, "L")) {
            if (s->pts) {
                diag_error(m->diag, lhs->loc, "the length of '%s' comes from its 3-D points", s->name);
                return;
            }
            if (eval_as(m, NULL, e, U("um"), "L", &v) && check_value(m, e, "L", v, true))
                s->L = v;
        } else if (!strcmp(name, "Ra")) {
            if (eval_as(m, NULL, e, U("ohm cm"), "Ra", &v) && check_value(m, e, "Ra", v, true))
                s->Ra = v;
        } else if (!strcmp(name, "v_init")) {
            /* v of the section's nodes before the INITIAL blocks (NEURON's
             * sec.v = ... in an FInitializeHandler of type 0) */
            const char *cexpr;
            if (eval_as_p(m, NULL, e, U("mV"), "v_init", &v, &cexpr)) {
                InitSet is;
                memset(&is, 0, sizeof is);
                is.cexpr = cexpr;
                is.loc = lhs->loc;
                is.target.kind = REC_V;
                is.target.loc = lhs->loc;
                is.target.sec = (int)(s - m->secs.data);
                is.target.x = 0.5;
                is.target.elem = -1;
                is.target.label = arena_printf(m->arena, "%s.v_init", s->name);
                is.whole_v = true;
                is.value = v;
                APUSH(m->arena, m->vinits, is);
            }
        } else {
            if (eval_as(m, NULL, e, units_one(), "rallbranch", &v) && check_value(m, e, "rallbranch", v, true))
                s->rall = v;
        }
        return;
    }
    double *vals = NULL;
    Unit unit;
    bool positive = false;
    const char *what = name;
    MechVar *mv = NULL;
    if (!strcmp(name, "diam")) {
        if (s->pts) {
            diag_error(m->diag, lhs->loc, "the diameter of '%s' comes from its 3-D points", s->name);
            return;
        }
        vals = s->diam;
        unit = U("um");
        positive = true;
    } else if (!strcmp(name, "cm")) {
        vals = s->cm;
        unit = U("uF/cm2");
    } else {
        RangeVals *rv = sec_range_var(m, s, name, lhs->loc, true, &mv);
        if (!rv)
            return;
        rv_mech = rv->mech;
        rv_var = rv->var;
        if (mv->kind != VAR_PARAM && mv->kind != VAR_ASSIGNED) {
            diag_error(m->diag, lhs->loc, "'%s' is a %s; it cannot be set here", name,
                       mv->kind == VAR_STATE ? "STATE (its value comes from INITIAL)" : "computed variable");
            return;
        }
        vals = rv->val;
        if (!mv->unit_ok) {
            if (mv->units) {
                /* unknown unit text in the .mod: accept bare numbers only */
            }
            unit = units_one();
        } else {
            unit = mv->unit;
        }
    }
    for (int j = j0; j < j1; j++) {
        cx.x = (j + 0.5) / s->nseg;
        cx.has_seg = true;
        double v;
        const char *cexpr = NULL;
        if (!mv) { /* diam, cm: geometry, fixed at compile time */
            if (!eval_as(m, &cx, e, unit, what, &v))
                return;
        } else if (mv->unit_ok || !mv->units) {
            if (!eval_as_p(m, &cx, e, unit, what, &v, &cexpr))
                return;
        } else if (!eval_bare_p(m, &cx, e, name, mv->units, &v, &cexpr)) {
            return;
        }
        if (positive && !check_value(m, e, what, v, true))
            return;
        vals[j] = v;
        if (mv)
            param_store(m, PS_RANGE, (int)(s - m->secs.data), j, rv_mech, rv_var, cexpr, e->loc);
    }
}

static void apply_pt3d(Model *m, Section *s, const NrnNode *st)
{
    int n = st->list.len;
    if (n < 2) {
        diag_error(m->diag, st->loc, "pt3d needs at least two points");
        return;
    }
    Pt3d *pts = ARENA_NEWN(m->arena, Pt3d, n);
    for (int i = 0; i < n; i++) {
        const NrnNode *p = st->list.items[i];
        double c[4];
        static const char *const what[4] = {"x", "y", "z", "diam"};
        for (int k = 0; k < 4; k++)
            if (!eval_as(m, NULL, p->list.items[k], U("um"), what[k], &c[k]))
                return;
        pts[i].x = (float)c[0];
        pts[i].y = (float)c[1];
        pts[i].z = (float)c[2];
        pts[i].d = (float)c[3];
    }
    s->pts = pts;
    s->npts = n;
    s->arc = ARENA_NEWN(m->arena, double, n);
    morph_arcs(pts, n, s->arc);   /* NEURON's arc3d */
    s->L = s->arc[n - 1];
    if (!(s->L > 0))
        diag_error(m->diag, st->loc, "the 3-D points of '%s' give it zero length", s->name);
}

static void apply_insert(Model *m, Section *s, const NrnNode *st)
{
    int mi;
    Mech *mech = model_mech(m, st->name, st->loc, &mi);
    if (!mech)
        return;
    if (mech->kind != MECH_DENSITY) {
        diag_error(m->diag, st->loc, "'%s' is a point process: place it with '%s name at %s(0.5)'", st->name,
                   st->name, s->name);
        return;
    }
    sec_insert(m, s, mi);
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind != NK_ASSIGN || a->a->kind != NK_NAME) {
            diag_error(m->diag, a->loc, "expected 'parameter = value' inside 'insert %s { }'", st->name);
            continue;
        }
        int v = user_var(mech, a->a->name);
        if (v < 0 || !mech->vars.data[v].visible) {
            diag_error(m->diag, a->a->loc, "'%s' has no parameter '%s'", st->name, a->a->name);
            continue;
        }
        if (!mech->vars.data[v].range) {
            diag_error(m->diag, a->a->loc, "'%s' is a GLOBAL of '%s': set it once, as '%s_%s = ...' at the top level",
                       a->a->name, st->name, mech->vars.data[v].name, st->name);
            continue;
        }
        char *full = arena_printf(m->arena, "%s_%s", mech->vars.data[v].name, mech->name);
        assign_property(m, s, full, a->a, a->b, 0, s->nseg, true);
    }
}

/* `arc3d(a0, a1, ...)` after pt3d: the points' arc lengths as NEURON holds
 * them (after a change of L it scales them in double precision, while the
 * points stay float32: they are then not the points' own distances). */
static void apply_arc3d(Model *m, Section *s, const NrnNode *st)
{
    if (!s->pts) {
        diag_error(m->diag, st->loc, "arc3d needs the section's 3-D points first (pt3d)");
        return;
    }
    if (st->list.len != s->npts) {
        diag_error(m->diag, st->loc, "arc3d gives %d arc lengths for the %d 3-D points of '%s'", st->list.len,
                   s->npts, s->name);
        return;
    }
    double *arc = ARENA_NEWN(m->arena, double, s->npts);
    for (int i = 0; i < s->npts; i++) {
        const NrnNode *a = st->list.items[i];
        if (!eval_as(m, NULL, a, U("um"), "arc3d", &arc[i]))
            return;
        if (!(i ? arc[i] >= arc[i - 1] : arc[i] == 0)) {
            diag_error(m->diag, a->loc, i ? "arc3d: the arc lengths must not decrease"
                                          : "arc3d: the first arc length is 0");
            return;
        }
    }
    double last = arc[s->npts - 1];
    if (!(last > 0)) {
        diag_error(m->diag, st->loc, "arc3d gives '%s' zero length", s->name);
        return;
    }
    /* they are the points' own arcs rescaled: the same to a part in 1e-4 */
    for (int i = 1; i < s->npts; i++) {
        double own = s->arc[i] / s->arc[s->npts - 1] * last;
        if (fabs(arc[i] - own) > 1e-4 * last) {
            diag_error(m->diag, st->list.items[i]->loc, "arc3d: %g um is not the arc of 3-D point %d (%g um "
                       "along the points, scaled to the last arc length)", arc[i], i, own);
            return;
        }
    }
    s->arc = arc;
    s->L = arc[s->npts - 1];
}

/* `ion_style("ca_ion", c_style, e_style, einit, eadvance, cinit)`: NEURON's
 * ion_style for the section (emit.c applies it at its nodes). */
static void apply_ion_style(Model *m, Section *s, const NrnNode *st)
{
    static const char *what[5] = {"c_style", "e_style", "einit", "eadvance", "cinit"};
    static const int hi[5] = {3, 3, 1, 1, 1};
    if (st->list.len != 6 || st->list.items[0]->kind != NK_STRING) {
        diag_error(m->diag, st->loc, "ion_style takes an ion and five numbers, as NEURON's: "
                   "ion_style(\"ca_ion\", c_style, e_style, einit, eadvance, cinit)");
        return;
    }
    const NrnNode *ion = st->list.items[0];
    size_t len = strlen(ion->name);
    if (len <= 4 || strcmp(ion->name + len - 4, "_ion")) {
        diag_error(m->diag, ion->loc, "'%s' is not an ion: name it as NEURON does, e.g. \"ca_ion\"", ion->name);
        return;
    }
    IonStyle is;
    memset(&is, 0, sizeof is);
    is.ion = ion->name;
    is.loc = st->loc;
    int *v[5] = {&is.c_style, &is.e_style, &is.einit, &is.eadvance, &is.cinit};
    for (int k = 0; k < 5; k++) {
        const NrnNode *a = st->list.items[k + 1];
        if (!eval_int(m, a, what[k], 0, v[k]))
            return;
        if (*v[k] > hi[k]) {
            diag_error(m->diag, a->loc, "'%s' of ion_style is 0 to %d, got %d", what[k], hi[k], *v[k]);
            return;
        }
    }
    for (int i = 0; i < s->ion_styles.len; i++)
        if (!strcmp(s->ion_styles.data[i].ion, is.ion)) {
            s->ion_styles.data[i] = is;
            return;
        }
    APUSH(m->arena, s->ion_styles, is);
}

/* Statements of a section body applied to section s. */
static void apply_body(Model *m, Section *s, const NrnList *body)
{
    for (int i = 0; i < body->len; i++) {
        const NrnNode *st = body->items[i];
        switch (st->kind) {
        case NK_ASSIGN:
            if (st->a->kind != NK_NAME) {
                diag_error(m->diag, st->a->loc, "expected a property name, as in 'L = 10 um'");
                break;
            }
            assign_property(m, s, st->a->name, st->a, st->b, 0, s->nseg, true);
            break;
        case NK_INSERT: apply_insert(m, s, st); break;
        case NK_PT3D: apply_pt3d(m, s, st); break;
        case NK_CALL:
            if (st->a && st->a->kind == NK_NAME && !strcmp(st->a->name, "ion_style")) {
                apply_ion_style(m, s, st);
                break;
            }
            if (st->a && st->a->kind == NK_NAME && !strcmp(st->a->name, "arc3d")) {
                apply_arc3d(m, s, st);
                break;
            }
            diag_error(m->diag, st->loc, "this statement does not belong in a section");
            break;
        default: diag_error(m->diag, st->loc, "this statement does not belong in a section"); break;
        }
    }
}

/* Declarators of `section a, b[3]`: creates the sections (pass 1). */
static void declare_sections(Model *m, const NrnNode *st)
{
    for (int i = 0; i < st->list.len; i++) {
        const NrnNode *d = st->list.items[i];
        const char *base = d->kind == NK_NAME ? d->name : d->name;
        if (value_name(m, base)) {
            diag_error(m->diag, d->loc, "'%s' is already a %s", base, find_const(m, base) ? "const" : "param");
            continue;
        }
        if (section_by_name(m, base) >= 0 || array_len(m, base) > 0) {
            diag_error(m->diag, d->loc, "section '%s' is declared twice", base);
            continue;
        }
        if (d->kind == NK_NAME) {
            new_section(m, base, d->loc);
        } else {
            int n;
            if (!eval_int(m, d->a, "array size", 1, &n))
                continue;
            if (n > 10000000) {
                diag_error(m->diag, d->a->loc, "array size %d is too large", n);
                continue;
            }
            for (int k = 0; k < n; k++)
                new_section(m, arena_printf(m->arena, "%s[%d]", base, k), d->loc);
        }
    }
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* "dend" of "dend[3]" (in the arena); the name itself when not an element. */
static const char *base_name(Model *m, const char *name)
{
    const char *br = strchr(name, '[');
    return br ? arena_strndup(m->arena, name, (size_t)(br - name)) : name;
}

/* A section (or array) of the model that name would clash with, or -1. */
static int clashing_section(Model *m, const char *name)
{
    int s = section_by_name(m, name);
    if (s >= 0)
        return s;
    const char *base = base_name(m, name);
    if (base != name)
        return section_by_name(m, base); /* "dend[3]" against a section "dend" */
    return array_len(m, base) ? section_by_name(m, arena_printf(m->arena, "%s[0]", base)) : -1;
}

/* `morphology "cell.swc"` or `geometry "cell.hoc"` (pass 1): the file's
 * sections, created and connected as loading it in NEURON does (names,
 * creation order, connection order, 3-D points with NEURON's arc3d as the
 * file leaves them, nseg, L, diam, Ra, cm).  A `morphology` file is SWC
 * unless its name ends in .hoc; a `geometry` file is a hoc program. */
static void load_morphology(Model *m, const NrnNode *st)
{
    const NrnNode *f = st->a;
    const char *path = f->name[0] == '/' ? f->name : arena_printf(m->arena, "%s/%s", m->dir, f->name);
    if (!file_exists(path)) {
        diag_error(m->diag, f->loc, "cannot open '%s': %s", f->name, errno == ENOENT ? "no such file" : strerror(errno));
        return;
    }
    bool hoc = st->op == 'g' || ends_with(f->name, ".hoc");
    Morphology mo;
    memset(&mo, 0, sizeof mo);
    APUSH(m->arena, m->deps, path);
    if (!(hoc ? morph_read_hoc : morph_read_swc)(m->arena, m->diag, path, f->loc, &mo))
        return;
    bool ok = true;
    for (int i = 0; i < mo.nsecs; i++) {
        const MorphSection *ms = &mo.secs[i];
        int c = clashing_section(m, ms->name);
        if (c >= 0 || value_name(m, base_name(m, ms->name))) {
            diag_error(m->diag, f->loc, "section '%s' of '%s' is already %s", ms->name, f->name,
                       c >= 0 ? "a section of the model" : "the name of a const or param");
            if (c >= 0)
                diag_note(m->diag, m->secs.data[c].loc, "'%s' was made here", m->secs.data[c].name);
            return;
        }
        if (ms->parent >= 0 && ms->child_x != 0) {
            diag_error(m->diag, ms->loc, "section '%s' is connected by its 1 end, which nrncc does not support yet",
                       ms->name);
            ok = false;
        }
        if (ms->npts == 1) {
            diag_error(m->diag, ms->loc, "section '%s' has a single 3-D point; nrncc needs two or more", ms->name);
            ok = false;
        }
    }
    if (!ok)
        return;
    int base = m->secs.len, nconn = 0;
    for (int i = 0; i < mo.nsecs; i++) {
        const MorphSection *ms = &mo.secs[i];
        Section *s = new_section(m, ms->name, ms->loc);
        if (ms->npts >= 2) {
            s->npts = ms->npts;
            s->pts = ARENA_NEWN(m->arena, Pt3d, ms->npts);
            for (int k = 0; k < ms->npts; k++) {   /* stored as float32, as NEURON does */
                s->pts[k].x = (float)ms->pts[k].x;
                s->pts[k].y = (float)ms->pts[k].y;
                s->pts[k].z = (float)ms->pts[k].z;
                s->pts[k].d = (float)ms->pts[k].d;
            }
            s->arc = ms->arc;                       /* NEURON's arc3d, as it is */
            double L = ms->arc[ms->npts - 1];
            s->L = L < 1e-9 ? 1e-9 : L;
        } else {
            if (!isnan(ms->L))
                s->L = ms->L;
            if (!isnan(ms->diam))
                s->diam[0] = ms->diam;
        }
        if (!isnan(ms->Ra))
            s->Ra = ms->Ra;
        if (!isnan(ms->cm))
            s->cm[0] = ms->cm;
        if (ms->nseg > 0)
            set_nseg(m, s, ms->nseg);
        if (ms->parent >= 0) {
            s->parent = base + ms->parent;
            s->px = ms->parent_x;
            s->conn_seq = m->nconnect + ms->conn_order;
            s->conn_loc = ms->loc;
            if (ms->conn_order + 1 > nconn)
                nconn = ms->conn_order + 1;
        }
    }
    m->nconnect += nconn;
}

/* The sections a `section` statement declared (pass 3). */
static void section_body(Model *m, const NrnNode *st)
{
    if (!st->has_body)
        return;
    for (int i = 0; i < st->list.len; i++) {
        const NrnNode *d = st->list.items[i];
        int n = d->kind == NK_NAME ? 1 : array_len(m, d->name);
        for (int k = 0; k < n; k++) {
            int si = d->kind == NK_NAME ? section_by_name(m, d->name)
                                        : section_by_name(m, arena_printf(m->arena, "%s[%d]", d->name, k));
            if (si < 0 || !srcloc_eq(m->secs.data[si].loc, d->loc))
                continue;
            apply_body(m, &m->secs.data[si], &st->body);
        }
    }
}

/* The sections of the current scope: a cell's, or the whole model's. */
static void scope_range(const Model *m, int *lo, int *hi)
{
    if (m->scope_cell >= 0) {
        *lo = m->cells.data[m->scope_cell].sec_lo;
        *hi = m->cells.data[m->scope_cell].sec_hi;
    } else {
        *lo = 0;
        *hi = m->secs.len;
    }
}

static void do_connect(Model *m, const NrnNode *st)
{
    int cs, ps;
    double cx, px;
    if (!eval_segment(m, st->a, &cs, &cx) || !eval_segment(m, st->b, &ps, &px))
        return;
    Section *c = &m->secs.data[cs];
    if (cx != 0) {
        diag_error(m->diag, st->a->list.items[0]->loc,
                   "connecting a child by its %s end is not supported yet: use '%s(0)'", cx == 1 ? "1" : "middle",
                   c->name);
        return;
    }
    if (cs == ps) {
        diag_error(m->diag, st->loc, "'%s' cannot be connected to itself", c->name);
        return;
    }
    if (c->parent >= 0) {
        diag_error(m->diag, st->loc, "section '%s' is connected twice", c->name);
        diag_note(m->diag, c->conn_loc, "first connected here");
        return;
    }
    for (int s = ps; s >= 0; s = m->secs.data[s].parent)
        if (s == cs) {
            diag_error(m->diag, st->loc, "connecting '%s' to '%s' makes a loop", c->name, m->secs.data[ps].name);
            return;
        }
    c->parent = ps;
    c->px = px;
    c->conn_seq = m->nconnect++;
    c->conn_loc = st->loc;
}

/* PARAM = value for point process pp (declaration body or `pp.PARAM =
 * value`): a visible range parameter, element elem of an array (-1 for a
 * scalar); pi is pp's index in Model.pps (once it is there). */
static bool is_vecstim(const Mech *mech);

static void set_pp_param(Model *m, PointProc *pp, int pi, const NrnNode *lhs, int elem, const NrnNode *value)
{
    const Mech *mech = m->mechs.data[pp->mech];
    if (is_vecstim(mech) && (!strcmp(lhs->name, "vecstim_first") || !strcmp(lhs->name, "vecstim_count") ||
                             !strcmp(lhs->name, "times"))) {
        diag_error(m->diag, lhs->loc, "a VecStim's spike times are set only by 'times' inside its braces: "
                   "'VecStim %s { times = ... }'", pp->name);
        return;
    }
    int v = user_var(mech, lhs->name);
    if (v < 0 || !mech->vars.data[v].visible || mech->vars.data[v].ion >= 0) {
        diag_error(m->diag, lhs->loc, "'%s' has no parameter '%s'", pp->type, lhs->name);
        return;
    }
    const MechVar *mv = &mech->vars.data[v];
    if (!mv->range) {
        diag_error(m->diag, lhs->loc, "'%s' is a GLOBAL of '%s': set it once, as '%s_%s = ...' at the top level",
                   lhs->name, pp->type, mv->name, pp->type);
        return;
    }
    if (mv->kind == VAR_STATE) {
        diag_error(m->diag, lhs->loc, "'%s' is a STATE of '%s': its value comes from INITIAL", mv->name, pp->type);
        return;
    }
    if (mv->pointer) {
        diag_error(m->diag, lhs->loc, "'%s' is a POINTER: set it with setpointer", mv->name);
        return;
    }
    if (elem >= 0 && !mv->dim) {
        diag_error(m->diag, lhs->loc, "'%s' is not an array", mv->name);
        return;
    }
    if (elem >= mv->dim && mv->dim) {
        diag_error(m->diag, lhs->loc, "index %d is out of range: '%s' has %d elements", elem, mv->name, mv->dim);
        return;
    }
    if (elem < 0 && mv->dim) {
        diag_error(m->diag, lhs->loc, "'%s' is an array of %d: set its elements, as in %s[0] = ...", mv->name,
                   mv->dim, mv->name);
        return;
    }
    double val;
    const char *cexpr;
    if (eval_mech_value(m, NULL, value, mv, lhs->name, &val, &cexpr)) {
        pp->val[v][elem < 0 ? 0 : elem] = val;
        param_store(m, PS_POINT, pi, elem < 0 ? 0 : elem, pp->mech, v, cexpr, value->loc);
    }
}

/* Is mech a spike-train cell whose times nrncc fills in (stdlib/VecStim.mod's
 * contract: FUNCTION_TABLE vecstim_time, vecstim_first, vecstim_count)? */
static bool is_vecstim(const Mech *mech)
{
    if (mech_var(mech, "vecstim_first") < 0 || mech_var(mech, "vecstim_count") < 0)
        return false;
    for (int k = 0; k < mech->funcs.len; k++)
        if (mech->funcs.data[k].functable && !strcmp(mech->funcs.data[k].name, "vecstim_time"))
            return true;
    return false;
}

/* `times = "FILE"` or `times = [T, ...]` of a VecStim: appended to the
 * model's spike times; this cell's first and count set. */
static void vecstim_times(Model *m, const Mech *mech, PointProc *pp, const NrnNode *value)
{
    double *t = NULL;
    int n = 0;
    if (value->kind == NK_STRING) {
        const char *path = value->name[0] == '/' ? value->name : arena_printf(m->arena, "%s/%s", m->dir, value->name);
        APUSH(m->arena, m->deps, path);
        if (!vecstim_read(m->arena, m->diag, path, value->loc, &t, &n))
            return;
    } else if (value->kind == NK_LIST) {
        n = value->list.len;
        t = ARENA_NEWN(m->arena, double, n ? n : 1);
        SrcLoc *at = ARENA_NEWN(m->arena, SrcLoc, n ? n : 1);
        for (int i = 0; i < n; i++) {
            at[i] = value->list.items[i]->loc;
            if (!eval_as(m, NULL, value->list.items[i], U("ms"), "times", &t[i]))
                return;
        }
        if (!vecstim_check_times(m->diag, t, at, n))
            return;
    } else {
        diag_error(m->diag, value->loc, "'times' is a file, as in \"spikes.txt\", or a list, as in [1 ms, 5 ms]");
        return;
    }
    /* the table holds what makes the generated t + (x - t) NEURON's times */
    double *d = ARENA_NEWN(m->arena, double, n ? n : 1), *x = ARENA_NEWN(m->arena, double, n ? n : 1);
    int bad = 0;
    if (!vecstim_schedule(t, n, d, x, &bad)) {
        char a[40];
        fmt_double(a, sizeof a, t[bad]);
        diag_error(m->diag, value->loc, "spike time %s ms (number %d) cannot be reached as NEURON's VecStim "
                   "reaches it", a, bad + 1);
        return;
    }
    pp->val[mech_var(mech, "vecstim_first")][0] = m->vecstim_times.len;
    pp->val[mech_var(mech, "vecstim_count")][0] = n;
    for (int i = 0; i < n; i++)
        APUSH(m->arena, m->vecstim_times, x[i]);
}

static void add_hoccall(Model *m, int pi, const char *fname, SrcLoc floc, const NrnNode *c);
static void do_vector(Model *m, const NrnNode *st);

static void do_point(Model *m, const NrnNode *st)
{
    int mi;
    Mech *mech = model_mech(m, st->name, st->loc, &mi);
    if (!mech)
        return;
    if (mech->kind == MECH_DENSITY || mech->kind == MECH_ION) {
        diag_error(m->diag, st->loc, "'%s' is not a point process%s", st->name,
                   mech->kind == MECH_DENSITY ? ": insert it in a section with 'insert'" : "");
        return;
    }
    if (mech->kind == MECH_POINT && !st->a) {
        diag_error(m->diag, st->loc, "a point process needs a place: '%s %s at soma(0.5)'", st->name, st->name2);
        return;
    }
    if (mech->kind == MECH_ARTIFICIAL && st->a) {
        diag_error(m->diag, st->a->loc, "'%s' is an artificial cell: it has no place (drop 'at ...')", st->name);
        return;
    }
    /* NAME, or NAME[K] (an element of an array of point processes, as a
     * loop makes them); the key NAME[] marks NAME as an array */
    const char *pname = st->name2;
    char nbuf[512], abuf[512];
    const char *arr = scoped(m, arena_printf(m->arena, "%s[]", st->name2), abuf, sizeof abuf);
    const char *plain = st->name2;
    if (st->b) {
        int k;
        if (!eval_int(m, st->b, "index", 0, &k))
            return;
        pname = arena_printf(m->arena, "%s[%d]", st->name2, k);
    }
    const char *full = scoped(m, pname, nbuf, sizeof nbuf);
    int dup = strmap_get(&m->pp_map, full);
    if (dup >= 0) {
        diag_error(m->diag, st->loc, "'%s' is declared twice", pname);
        diag_note(m->diag, m->pps.data[dup].loc, "first declared here");
        return;
    }
    if (section_by_name(m, plain) >= 0 || array_len(m, plain) || value_name(m, plain) ||
        (m->scope_cell < 0 && (strmap_get(&m->pop_map, plain) >= 0 || strmap_get(&m->cell_map, plain) >= 0))) {
        diag_error(m->diag, st->loc, "'%s' is already the name of a section, const, param or cell", plain);
        return;
    }
    {
        char pb[512];
        int other = strmap_get(&m->pp_map, st->b ? scoped(m, plain, pb, sizeof pb) : arr);
        if (other >= 0) {
            diag_error(m->diag, st->loc, st->b ? "'%s' is a single point process, not an array" :
                       "'%s' is an array of point processes: name an element, as in '%s[0]'", plain, plain);
            diag_note(m->diag, m->pps.data[other].loc, "first declared here");
            return;
        }
    }
    PointProc pp;
    memset(&pp, 0, sizeof pp);
    pp.type = mech->name;
    pp.name = full == nbuf ? arena_strdup(m->arena, full) : full;
    pp.loc = st->loc;
    pp.mech = mi;
    pp.seq = m->pps.len;
    pp.gid = -1;
    pp.sec = -1;
    if (st->a && !eval_segment(m, st->a, &pp.sec, &pp.x))
        return;
    pp.val = ARENA_NEWN(m->arena, double *, mech->vars.len ? mech->vars.len : 1);
    for (int v = 0; v < mech->vars.len; v++) {
        const MechVar *mv = &mech->vars.data[v];
        int n = mv->dim ? mv->dim : 1;
        pp.val[v] = ARENA_NEWN(m->arena, double, n);
        for (int k = 0; k < n; k++)
            pp.val[v][k] = mv->has_value ? mv->value : 0;
    }
    /* the ions a point process uses exist at its segment */
    for (int i = 0; i < mech->ions.len && pp.sec >= 0; i++) {
        int ii = ion_mech_index(m, mech->ions.data[i].name);
        if (ii >= 0)
            sec_insert(m, &m->secs.data[pp.sec], ii);
    }
    bool times_set = false;
    int ncalls = 0;
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        const NrnNode *lhs = a->kind == NK_ASSIGN ? a->a : NULL;
        int elem = -1; /* an array element: name[k] = ... */
        if (lhs && lhs->kind == NK_INDEX && lhs->a->kind == NK_NAME) {
            if (!eval_int(m, lhs->b, "index", 0, &elem))
                continue;
            lhs = lhs->a;
        }
        if (a->kind == NK_CALL && a->a && a->a->kind == NK_NAME) {
            ncalls++; /* a PROCEDURE or FUNCTION: called once the instance exists (below) */
            continue;
        }
        if (!lhs || lhs->kind != NK_NAME) {
            diag_error(m->diag, a->loc, "expected 'parameter = value' or 'FUNCTION(ARGS)' inside '%s %s { }'",
                       st->name, st->name2);
            continue;
        }
        if (is_vecstim(mech) && elem < 0 && !strcmp(lhs->name, "times")) {
            if (times_set) {
                diag_error(m->diag, lhs->loc, "'times' is given twice");
                continue;
            }
            times_set = true;
            vecstim_times(m, mech, &pp, a->b);
            continue;
        }
        set_pp_param(m, &pp, m->pps.len, lhs, elem, a->b);
    }
    if (mech->kind == MECH_ARTIFICIAL) {
        pp.gid = m->ngid++; /* an artificial cell is a spike source of its own */
        /* and, in a cell type without another, the cell's */
        if (m->scope_cell >= 0 && m->cells.data[m->scope_cell].det < 0 && m->cells.data[m->scope_cell].pp < 0)
            m->cells.data[m->scope_cell].pp = m->pps.len;
    }
    strmap_put(&m->pp_map, pp.name, m->pps.len);
    if (st->b && strmap_get(&m->pp_map, arr) < 0)
        strmap_put(&m->pp_map, arena_strdup(m->arena, arr), m->pps.len);
    APUSH(m->arena, m->pps, pp);
    for (int i = 0; ncalls && i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind == NK_CALL && a->a && a->a->kind == NK_NAME)
            add_hoccall(m, m->pps.len - 1, a->a->name, a->a->loc, a);
    }
}

static int find_pp(Model *m, const char *name)
{
    char buf[512];
    return strmap_get(&m->pp_map, scoped(m, name, buf, sizeof buf));
}

static bool quiet_int(Model *m, const NrnNode *e, long *out);

/* A point process a reference names: `syn`, or a cell's: `ring[3].syn`,
 * or an element of an array of them: `stim[2]`, `ring[3].syn[0]`. */
static int find_pp_ref(Model *m, const NrnNode *ref)
{
    if (ref->kind == NK_NAME)
        return find_pp(m, ref->name);
    if (ref->kind == NK_INDEX && (ref->a->kind == NK_NAME || ref->a->kind == NK_MEMBER)) {
        long k;
        if (!quiet_int(m, ref->b, &k) || k < 0 || k > INT_MAX)
            return -1;
        char el[512];
        snprintf(el, sizeof el, "%s[%ld]", ref->a->name, k);
        if (ref->a->kind == NK_NAME)
            return find_pp(m, el);
        int c = find_cell(m, ref->a->a, false);
        if (c < 0)
            return -1;
        int p = -1;
        IN_CELL_SCOPE(m, c, p = find_pp(m, el));
        return p;
    }
    if (ref->kind == NK_MEMBER) {
        int c = find_cell(m, ref->a, false);
        if (c < 0)
            return -1;
        int p = -1;
        IN_CELL_SCOPE(m, c, p = find_pp(m, ref->name));
        return p;
    }
    return -1;
}

/* The unit of NET_RECEIVE argument k of mechanism mech (dimensionless
 * when it declares none or one nrncc cannot read). */
static Unit netrecv_unit(const Mech *mech, int k)
{
    const MNode *a = mech->netrecv->list.items[k];
    Unit u = units_one();
    char err[100];
    if (a->units && !units_parse(a->units, &u, err, sizeof err))
        u = units_one();
    return u;
}

/* netcon SRC -> TARGET { delay = ..  weight = ..  threshold = ..  ARG = .. } */
static void do_netcon(Model *m, const NrnNode *st)
{
    NetCon nc;
    memset(&nc, 0, sizeof nc);
    nc.loc = st->loc;
    nc.det = nc.src_pp = nc.target = -1;
    nc.delay = 1;
    /* the source */
    const NrnNode *src = st->a;
    if (src->kind == NK_MEMBER && !strcmp(src->name, "v") && src->a->kind == NK_CALL)
        src = src->a;
    if (src->kind == NK_CALL) {
        Detector d;
        memset(&d, 0, sizeof d);
        d.loc = src->loc;
        d.threshold = 10;
        d.gid = -1;
        if (!eval_segment(m, src, &d.sec, &d.x))
            return;
        nc.det = m->detectors.len;
        APUSH(m->arena, m->detectors, d);
    } else if (find_pp_ref(m, src) >= 0) {
        nc.src_pp = find_pp_ref(m, src);
        Mech *sm = m->mechs.data[m->pps.data[nc.src_pp].mech];
        if (sm->kind != MECH_ARTIFICIAL && !sm->net_event) {
            diag_error(m->diag, src->loc, "'%s' (%s) sends no events: a netcon source is a segment, as in "
                       "soma(0.5), an artificial cell, or a point process that calls net_event",
                       m->pps.data[nc.src_pp].name, sm->name);
            return;
        }
    } else if (find_cell(m, src, false) >= 0) {
        /* a cell: its spike source */
        const CellInst *c = &m->cells.data[find_cell(m, src, false)];
        if (c->det < 0 && c->pp < 0) {
            diag_error(m->diag, src->loc, "cell '%s' has no spike source: give its type one, as in "
                       "'spike at soma(0.5)'", c->name);
            return;
        }
        nc.det = c->det;
        nc.src_pp = c->pp;
    } else {
        if (src->kind == NK_NAME)
            diag_error(m->diag, src->loc, "unknown netcon source '%s'", src->name);
        else
            diag_error(m->diag, src->loc, "a netcon source is a segment, as in soma(0.5), or an artificial cell");
        return;
    }
    /* the target */
    const NrnNode *tg = st->b;
    Mech *tm = NULL;
    if (tg->kind == NK_NAME && !strcmp(tg->name, "none")) {
        /* records only */
    } else if (find_pp_ref(m, tg) >= 0) {
        nc.target = find_pp_ref(m, tg);
        tm = m->mechs.data[m->pps.data[nc.target].mech];
        if (!tm->netrecv) {
            diag_error(m->diag, tg->loc, "'%s' (%s) has no NET_RECEIVE: it cannot receive events",
                       m->pps.data[nc.target].name, tm->name);
            return;
        }
    } else {
        diag_error(m->diag, tg->loc, "a netcon target is a point process or artificial cell with NET_RECEIVE, "
                   "or 'none'");
        return;
    }
    nc.nw = tm ? tm->netrecv->list.len : 1;
    if (nc.nw < 1)
        nc.nw = 1;
    nc.w = ARENA_NEWN(m->arena, double, nc.nw);
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind != NK_ASSIGN || a->a->kind != NK_NAME) {
            diag_error(m->diag, a->loc, "expected 'setting = value' inside 'netcon { }'");
            continue;
        }
        const char *n = a->a->name;
        double v;
        const char *cexpr;
        if (!strcmp(n, "delay")) {
            if (eval_as_p(m, NULL, a->b, U("ms"), n, &v, &cexpr) && check_value(m, a->b, n, v, false)) {
                nc.delay = v;
                param_store(m, PS_NC_DELAY, m->netcons.len, 0, 0, 0, cexpr, a->b->loc);
            }
        } else if (!strcmp(n, "threshold")) {
            if (nc.det < 0) {
                diag_error(m->diag, a->a->loc, "a threshold belongs to a netcon whose source is a segment");
                continue;
            }
            if (eval_as_p(m, NULL, a->b, U("mV"), n, &v, &cexpr)) {
                m->detectors.data[nc.det].threshold = v;
                m->detectors.data[nc.det].threshold_set = true;
                param_store(m, PS_THRESHOLD, nc.det, 0, 0, 0, cexpr, a->b->loc);
            }
        } else {
            /* weight (the first NET_RECEIVE argument) or an argument by name */
            int k = -1;
            for (int j = 0; tm && j < tm->netrecv->list.len; j++)
                if (!strcmp(tm->netrecv->list.items[j]->name, n))
                    k = j;
            if (k < 0 && !strcmp(n, "weight"))
                k = 0;
            if (k < 0) {
                diag_error(m->diag, a->a->loc, "unknown netcon setting '%s'", n);
                diag_note(m->diag, a->a->loc, "settings: delay, weight, threshold%s",
                          tm ? " and the NET_RECEIVE arguments of the target" : "");
                continue;
            }
            if (eval_as_p(m, NULL, a->b, tm ? netrecv_unit(tm, k) : units_one(), n, &v, &cexpr)) {
                nc.w[k] = v;
                param_store(m, PS_NC_WEIGHT, m->netcons.len, k, 0, 0, cexpr, a->b->loc);
            }
        }
    }
    APUSH(m->arena, m->netcons, nc);
}

/* ---- random connection rules ---- */

static bool is_rule_key(const char *n)
{
    return !strcmp(n, "probability") || !strcmp(n, "indegree") || !strcmp(n, "seed") || !strcmp(n, "allow_self");
}

/* Does a netcon statement carry a random rule (one of its keys)? */
static bool netcon_is_rule(const NrnNode *st)
{
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind == NK_ASSIGN && a->a->kind == NK_NAME && is_rule_key(a->a->name))
            return true;
    }
    return false;
}

/* The population of `POP[*]`, or -1 with an error. */
static int rule_pop(Model *m, const NrnNode *e, const char *what)
{
    if (!e || e->kind != NK_EACH || e->a->kind != NK_NAME) {
        diag_error(m->diag, e ? e->loc : (SrcLoc){0}, "a random netcon rule connects POP[*] -> POP2[*].SYN: "
                   "expected every cell of a population as the %s", what);
        return -1;
    }
    int p = strmap_get(&m->pop_map, e->a->name);
    if (p < 0)
        diag_error(m->diag, e->loc, "unknown population '%s'", e->a->name);
    return p;
}

/* Does expression e name `name` (as a value)? */
static const NrnNode *names_value(const NrnNode *e, const char *name)
{
    if (!e)
        return NULL;
    if (e->kind == NK_NAME && !strcmp(e->name, name))
        return e;
    const NrnNode *r = names_value(e->a, name);
    if (!r && e->kind != NK_MEMBER)
        r = names_value(e->b, name);
    for (int k = 0; !r && k < e->list.len; k++)
        r = names_value(e->list.items[k], name);
    return r;
}

/* The distance (um) between cell i of a and cell j of b, as nrn(5)
 * specifies it: the coordinates' differences target minus source, the
 * squares summed x, y, z from the left, then the square root. */
static double cell_dist(const Population *a, int i, const Population *b, int j)
{
    double dx = b->pos[3 * j] - a->pos[3 * i];
    double dy = b->pos[3 * j + 1] - a->pos[3 * i + 1];
    double dz = b->pos[3 * j + 2] - a->pos[3 * i + 2];
    return sqrt(dx * dx + dy * dy + dz * dz);
}

/* `dist` as a const (um) while one pair's expressions are evaluated. */
static void push_dist(Model *m, double d, SrcLoc loc)
{
    ConstVal c = {"dist", d, U("um"), true, loc};
    APUSH(m->arena, m->consts, c);
}

typedef struct DistProb {
    Model *m;
    const NrnNode *e;
    const Population *src, *tgt;
} DistProb;

/* A distance rule's probability for the pair (i, j). */
static bool dist_prob(void *ctx, int i, int j, double *prob)
{
    DistProb *d = ctx;
    push_dist(d->m, cell_dist(d->src, i, d->tgt, j), d->e->loc);
    bool ok = eval_as(d->m, NULL, d->e, units_one(), "probability", prob);
    d->m->consts.len--;
    if (ok && !(*prob >= 0 && *prob <= 1)) {
        char buf[40];
        fmt_double(buf, sizeof buf, *prob);
        diag_error(d->m->diag, d->e->loc, "'probability' must be in [0, 1], got %s for %s[%d] -> %s[%d]", buf,
                   d->src->name, i, d->tgt->name, j);
        ok = false;
    }
    return ok;
}

/* netcon POP[*] -> POP2[*].SYN { probability = P | indegree = K  seed = S
 * [allow_self = 0|1]  delay, weight, ... }: the pairs netrule.c draws,
 * each made as `netcon POP[i] -> POP2[j].SYN { delay, weight, ... }`. */
static void do_netcon_rule(Model *m, const NrnNode *st)
{
    if (m->scope_cell >= 0) {
        diag_error(m->diag, st->loc, "a random netcon rule belongs at the top level, not in a cell type");
        return;
    }
    const NrnNode *prob = NULL, *indeg = NULL, *seed = NULL, *self = NULL;
    NrnNode *one = ARENA_NEW(m->arena, NrnNode);
    *one = *st;
    one->body = (NrnList){0};
    for (int i = 0; i < st->body.len; i++) {
        NrnNode *a = st->body.items[i];
        const char *n = a->kind == NK_ASSIGN && a->a->kind == NK_NAME ? a->a->name : "";
        const NrnNode **slot = !strcmp(n, "probability") ? &prob : !strcmp(n, "indegree") ? &indeg :
                               !strcmp(n, "seed") ? &seed : !strcmp(n, "allow_self") ? &self : NULL;
        if (!slot) {
            nrn_list_push(m->arena, &one->body, a);
            continue;
        }
        if (*slot) {
            diag_error(m->diag, a->a->loc, "'%s' is given twice", n);
            return;
        }
        *slot = a;
    }
    if (!prob && !indeg) {
        const NrnNode *a = seed ? seed : self;
        diag_error(m->diag, a->a->loc, "'%s' belongs to a random netcon rule: give 'probability = P' or "
                   "'indegree = K'", a->a->name);
        return;
    }
    if (prob && indeg) {
        diag_error(m->diag, indeg->a->loc, "a random netcon rule has 'probability' or 'indegree', not both");
        return;
    }
    int sp = rule_pop(m, st->a, "source");
    if (sp < 0)
        return;
    const NrnNode *tg = st->b;
    if (tg->kind != NK_MEMBER || tg->a->kind != NK_EACH) {
        diag_error(m->diag, tg->loc, "a random netcon rule connects POP[*] -> POP2[*].SYN: expected a point "
                   "process of every cell of a population as the target");
        return;
    }
    int tp = rule_pop(m, tg->a, "target");
    if (tp < 0)
        return;
    const Population *src = &m->pops.data[sp], *tgt = &m->pops.data[tp];
    double s = 0, as = 0, p = 0;
    /* a distance rule: `dist` in its probability or settings */
    const NrnNode *dist_at = NULL;
    for (int i = 0; !dist_at && i < st->body.len; i++)
        dist_at = names_value(st->body.items[i]->b, "dist");
    if (dist_at) {
        if (value_name(m, "dist")) {
            diag_error(m->diag, dist_at->loc, "'dist' in a netcon rule is the distance between the two cells, but "
                       "it is a const or param here");
            return;
        }
        const Population *np = !src->pos ? src : !tgt->pos ? tgt : NULL;
        if (np) {
            diag_error(m->diag, dist_at->loc, "'dist' is the distance between the cells' positions, and population "
                       "'%s' has none: give them as in 'population %s = ...[N] { x = i * 10 um }'", np->name,
                       np->name);
            return;
        }
    }
    if (!seed) {
        diag_error(m->diag, st->loc, "a random netcon rule needs 'seed = N' (a whole number): the same seed "
                   "gives the same connections");
        return;
    }
    if (!eval_as(m, NULL, seed->b, units_one(), "seed", &s))
        return;
    if (s != floor(s) || s < 0 || s > 9007199254740992.0) {
        diag_error(m->diag, seed->b->loc, "'seed' must be a whole number from 0 to 2^53");
        return;
    }
    if (self) {
        if (!eval_as(m, NULL, self->b, units_one(), "allow_self", &as))
            return;
        if (as != 0 && as != 1) {
            diag_error(m->diag, self->b->loc, "'allow_self' is 0 or 1");
            return;
        }
    }
    bool same = sp == tp, allow = as == 1;
    NetPairs pairs = {0};
    if (prob && names_value(prob->b, "dist")) {
        DistProb dp = {m, prob->b, src, tgt};
        if (!netrule_probability_fn((uint64_t)s, src->n, tgt->n, same, allow, dist_prob, &dp, &pairs)) {
            netpairs_free(&pairs);
            return;
        }
    } else if (prob) {
        if (!eval_as(m, NULL, prob->b, units_one(), "probability", &p))
            return;
        if (!(p >= 0 && p <= 1)) {
            char buf[40];
            fmt_double(buf, sizeof buf, p);
            diag_error(m->diag, prob->b->loc, "'probability' must be in [0, 1], got %s", buf);
            return;
        }
        netrule_probability((uint64_t)s, src->n, tgt->n, same, allow, p, &pairs);
    } else {
        int k;
        if (!eval_int(m, indeg->b, "indegree", 0, &k))
            return;
        int avail = netrule_candidates(src->n, same, allow);
        if (k > avail) {
            diag_error(m->diag, indeg->b->loc, "indegree %d is larger than the %d sources each target can draw "
                       "from", k, avail);
            diag_note(m->diag, src->loc, "'%s' has %d cells%s", src->name, src->n,
                      same && !allow ? ", less the target itself (allow_self = 0)" : "");
            return;
        }
        netrule_indegree((uint64_t)s, src->n, tgt->n, same, allow, k, &pairs);
    }
    /* POP[i] -> POP2[j].SYN, i and j set for each pair */
    NrnNode *si = ARENA_NEW(m->arena, NrnNode), *ti = ARENA_NEW(m->arena, NrnNode);
    NrnNode *sref = ARENA_NEW(m->arena, NrnNode), *tcell = ARENA_NEW(m->arena, NrnNode);
    NrnNode *tref = ARENA_NEW(m->arena, NrnNode);
    si->kind = ti->kind = NK_NUM;
    si->loc = st->a->loc;
    ti->loc = tg->a->loc;
    si->text = ti->text = "i";
    *sref = *st->a;
    sref->kind = NK_INDEX;
    sref->b = si;
    *tcell = *tg->a;
    tcell->kind = NK_INDEX;
    tcell->b = ti;
    *tref = *tg;
    tref->a = tcell;
    one->a = sref;
    one->b = tref;
    if (pairs.n == 0) {
        /* no pair drawn: the target and settings are checked all the same,
         * on a NetCon made and taken back */
        int nc = m->netcons.len;
        if (dist_at)
            push_dist(m, 0, st->loc);
        do_netcon(m, one);
        if (dist_at)
            m->consts.len--;
        if (m->netcons.len > nc) {
            m->netcons.len = nc;
            for (int u = 0; u < m->param_uses.len; u++) {
                ParamUse *pu = &m->param_uses.data[u];
                if ((pu->kind == PS_NC_DELAY || pu->kind == PS_NC_WEIGHT) && pu->a == nc)
                    pu->dead = true;
            }
        }
    }
    for (int k = 0; k < pairs.n; k++) {
        si->num = pairs.src[k];
        ti->num = pairs.tgt[k];
        int before = m->diag->nerrors;
        if (dist_at)
            push_dist(m, cell_dist(src, pairs.src[k], tgt, pairs.tgt[k]), st->loc);
        do_netcon(m, one);
        if (dist_at)
            m->consts.len--;
        if (m->diag->nerrors != before)
            break; /* the same error would come for every pair */
    }
    netpairs_free(&pairs);
}

/* A global of a loaded mechanism, named `var_mech`. */
static bool find_global(Model *m, const char *name, int *mech, int *var)
{
    for (int k = 0; k < m->mechs.len; k++) {
        Mech *me = m->mechs.data[k];
        size_t ml = strlen(me->name), nl = strlen(name);
        if (nl > ml + 1 && name[nl - ml - 1] == '_' && !strcmp(name + nl - ml, me->name)) {
            for (int v = 0; v < me->vars.len; v++) {
                MechVar *mv = &me->vars.data[v];
                if (!mv->range && mv->visible && strlen(mv->name) == nl - ml - 1 &&
                    !strncmp(mv->name, name, nl - ml - 1)) {
                    *mech = k;
                    *var = v;
                    return true;
                }
            }
        }
    }
    return false;
}

/* Top-level `lhs = expr`. */
static void do_assign(Model *m, const NrnNode *st)
{
    const NrnNode *lhs = st->a;
    if (lhs->kind == NK_MEMBER) {
        const NrnNode *base = lhs->a;
        if (base->kind == NK_CALL) { /* soma(0.5).diam = ... */
            int s;
            double x;
            if (!eval_segment(m, base, &s, &x))
                return;
            Section *sec = &m->secs.data[s];
            if (x == 0 || x == 1) {
                diag_error(m->diag, base->loc, "'%s' is a zero-area end: range values live at 0 < x < 1",
                           lhs->name);
                return;
            }
            int j = seg_index(sec->nseg, x);
            assign_property(m, sec, lhs->name, lhs, st->b, j, j + 1, false);
            return;
        }
        int pi = find_pp_ref(m, base);
        if (pi >= 0) { /* syn.tau = ..., ring[3].syn.tau = ... */
            set_pp_param(m, &m->pps.data[pi], pi, lhs, -1, st->b);
            return;
        }
        int s = find_section(m, base, true);
        if (s >= 0)
            assign_property(m, &m->secs.data[s], lhs->name, lhs, st->b, 0, m->secs.data[s].nseg, true);
        return;
    }
    if (lhs->kind == NK_NAME) {
        int mi, vi;
        if (find_global(m, lhs->name, &mi, &vi)) {
            MechVar *mv = &m->mechs.data[mi]->vars.data[vi];
            double v;
            if (mv->dim) {
                diag_error(m->diag, lhs->loc, "'%s' is an array: setting it is not supported yet", lhs->name);
                return;
            }
            const char *cexpr;
            if (eval_mech_value(m, NULL, st->b, mv, lhs->name, &v, &cexpr)) {
                mv->value = v;
                mv->has_value = true;
                param_store(m, PS_GLOBAL, 0, 0, mi, vi, cexpr, st->b->loc);
            }
            return;
        }
        diag_error(m->diag, lhs->loc, "unknown name '%s'", lhs->name);
        if (!strcmp(lhs->name, "L") || !strcmp(lhs->name, "diam") || !strcmp(lhs->name, "nseg") ||
            !strcmp(lhs->name, "Ra") || !strcmp(lhs->name, "cm"))
            diag_note(m->diag, lhs->loc, "section properties go inside a section: 'soma { %s = ... }'", lhs->name);
        return;
    }
    diag_error(m->diag, lhs->loc, "cannot assign to this");
}

static void do_spike(Model *m, const NrnNode *st)
{
    Detector d;
    memset(&d, 0, sizeof d);
    d.name = st->name2;
    d.loc = st->loc;
    d.threshold = 10;
    if (m->scope_cell >= 0) {
        CellInst *c = &m->cells.data[m->scope_cell];
        if (c->det >= 0 || c->pp >= 0) {
            diag_error(m->diag, st->loc, "a cell has one spike source (its gid's)");
            return;
        }
    }
    if (find_pp_ref(m, st->a) >= 0) {
        /* spike at POINT: a point process that calls net_event is the source */
        int pi = find_pp_ref(m, st->a);
        PointProc *pp = &m->pps.data[pi];
        if (!m->mechs.data[pp->mech]->net_event) {
            diag_error(m->diag, st->a->loc, "'%s' (%s) does not send events (no net_event in its NET_RECEIVE)",
                       pp->name, pp->type);
            return;
        }
        if (st->b) {
            diag_error(m->diag, st->b->loc, "a point process source has no threshold");
            return;
        }
        if (pp->gid >= 0) {
            diag_error(m->diag, st->loc, "'%s' is already a spike source (gid %d)", pp->name, pp->gid);
            return;
        }
        pp->gid = m->ngid++;
        if (m->scope_cell >= 0)
            m->cells.data[m->scope_cell].pp = pi;
        return;
    }
    if (!eval_segment(m, st->a, &d.sec, &d.x))
        return;
    if (st->b) {
        const char *cexpr;
        if (!eval_as_p(m, NULL, st->b, U("mV"), "threshold", &d.threshold, &cexpr))
            return;
        d.threshold_set = true;
        param_store(m, PS_THRESHOLD, m->detectors.len, 0, 0, 0, cexpr, st->b->loc);
    }
    d.gid = m->ngid++;
    if (m->scope_cell >= 0)
        m->cells.data[m->scope_cell].det = m->detectors.len;
    APUSH(m->arena, m->detectors, d);
}

/* An index expression's value when it is made of numbers, consts and
 * + - * / %, without reporting anything; false otherwise. */
static bool quiet_int(Model *m, const NrnNode *e, long *out)
{
    long a, b;
    switch (e->kind) {
    case NK_NUM:
        if (e->unit || e->num != (double)(long)e->num)
            return false;
        *out = (long)e->num;
        return true;
    case NK_NAME: {
        const ConstVal *c = find_const(m, e->name);
        if (!c || c->has_unit || c->value != (double)(long)c->value)
            return false;
        *out = (long)c->value;
        return true;
    }
    case NK_NEG:
        if (!quiet_int(m, e->a, &a))
            return false;
        *out = -a;
        return true;
    case NK_BINOP:
        if (!quiet_int(m, e->a, &a) || !quiet_int(m, e->b, &b))
            return false;
        switch (e->op) {
        case '+': *out = a + b; return true;
        case '-': *out = a - b; return true;
        case '*': *out = a * b; return true;
        case '/': if (!b) return false; *out = a / b; return true;
        case '%': if (!b) return false; *out = a % b; return true;
        default: return false;
        }
    default: return false;
    }
}

/* The column name of a record: the reference as written, with indices
 * that are not plain numbers (a loop's `i + 1`, `ring[*]`) replaced by
 * their values. */
static void ref_text(Model *m, const NrnNode *e, StrBuf *b)
{
    long v;
    switch (e->kind) {
    case NK_NAME: sb_puts(b, e->name); break;
    case NK_NUM: sb_puts(b, e->text); if (e->unit) sb_printf(b, " %s", e->unit); break;
    case NK_INDEX:
        ref_text(m, e->a, b);
        sb_putc(b, '[');
        if (e->b->kind != NK_NUM && quiet_int(m, e->b, &v))
            sb_printf(b, "%ld", v);
        else
            ref_text(m, e->b, b);
        sb_putc(b, ']');
        break;
    case NK_EACH:
        ref_text(m, e->a, b);
        {
            int p = e->a->kind == NK_NAME ? strmap_get(&m->pop_map, e->a->name) : -1;
            int slot = p < 0 ? -1 : m->each_pop[0] == p ? 0 : m->each_pop[1] == p ? 1 : -1;
            if (slot >= 0)
                sb_printf(b, "[%d]", m->each_i[slot]);
            else
                sb_puts(b, "[*]");
        }
        break;
    case NK_CALL:
        ref_text(m, e->a, b);
        sb_putc(b, '(');
        for (int i = 0; i < e->list.len; i++) {
            if (i)
                sb_puts(b, ", ");
            ref_text(m, e->list.items[i], b);
        }
        sb_putc(b, ')');
        break;
    case NK_MEMBER:
        ref_text(m, e->a, b);
        sb_printf(b, ".%s", e->name);
        break;
    case NK_NEG:
        sb_putc(b, '-');
        ref_text(m, e->a, b);
        break;
    case NK_BINOP:
        ref_text(m, e->a, b);
        sb_puts(b, nrn_op_str(e->op));
        ref_text(m, e->b, b);
        break;
    default: sb_puts(b, "?"); break;
    }
}

/* Checks the element of r against the array length of its variable. */
static bool record_elem_ok(Model *m, Record *r, const NrnNode *e)
{
    int dim = m->mechs.data[r->mech]->vars.data[r->var].dim;
    if (r->elem < 0 && dim) {
        diag_error(m->diag, e->loc, "'%s' is an array of %d: record one element, as in [0]",
                   m->mechs.data[r->mech]->vars.data[r->var].name, dim);
        return false;
    }
    if (r->elem >= 0 && r->elem >= dim) {
        diag_error(m->diag, e->loc, dim ? "index %d is out of range (%d elements)" : "this variable is not an array",
                   r->elem, dim);
        return false;
    }
    return true;
}

/* The variable `var` of section s for a record: a range parameter
 * (gnabar_hh, ena) or any other visible variable of a mechanism inserted
 * there (m_hh, ina, a GLOBAL).  Sets r->kind, mech, var; false when none. */
static bool segment_var(Model *m, Section *s, const char *var, Record *r)
{
    MechVar *mv;
    RangeVals *rv = sec_range_var(m, s, var, r->loc, false, &mv);
    if (rv) {
        r->kind = REC_RANGE;
        r->mech = rv->mech;
        r->var = rv->var;
        return true;
    }
    /* range variables that are not parameters (states, assigned) */
    for (int i = 0; i < s->mechs.len; i++) {
        Mech *mech = m->mechs.data[s->mechs.data[i]];
        for (int v = 0; v < mech->vars.len; v++) {
            MechVar *x = &mech->vars.data[v];
            char *full = mech->kind == MECH_ION ? (char *)x->name
                                                : arena_printf(m->arena, "%s_%s", x->name, mech->name);
            if (x->visible && !strcmp(full, var)) {
                r->mech = s->mechs.data[i];
                r->var = v;
                r->kind = x->range ? REC_RANGE : REC_GLOBAL;
                return true;
            }
        }
    }
    return false;
}

/* Resolves a reference to a variable of the model (`sec(x).v`,
 * `sec(x).m_hh`, `sec(x).cai`, `pp.var`, `global_mech`, an element
 * `...[k]`) into *r; false after an error.  `what` names the use in
 * messages ("record it", "point to it"). */
static bool ref_resolve(Model *m, const NrnNode *e, Record *r_out, const char *what)
{
    Record r;
    memset(&r, 0, sizeof r);
    r.loc = e->loc;
    r.elem = -1;
    StrBuf b = {0};
    ref_text(m, e, &b);
    r.label = arena_strdup(m->arena, sb_str(&b));
    sb_free(&b);
    if (e->kind == NK_INDEX && e->a && e->a->kind == NK_MEMBER) {
        if (!eval_int(m, e->b, "index", 0, &r.elem))
            return false;
        e = e->a;
    }
    if (e->kind == NK_NAME) {
        if (find_global(m, e->name, &r.mech, &r.var)) {
            r.kind = REC_GLOBAL;
            *r_out = r;
            return record_elem_ok(m, &r, e);
        }
    }
    if (e->kind != NK_MEMBER) {
        diag_error(m->diag, e->loc, "expected 'section(x).variable' or 'point.variable'");
        return false;
    }
    const NrnNode *base = e->a;
    const char *var = e->name;
    if (find_pp_ref(m, base) >= 0) {
        int p = find_pp_ref(m, base);
        PointProc *pp = &m->pps.data[p];
        Mech *mech = m->mechs.data[pp->mech];
        int v = user_var(mech, var);
        if (v < 0 || !mech->vars.data[v].visible) {
            diag_error(m->diag, e->loc, "'%s' (%s) has no variable '%s'", pp->name, pp->type, var);
            return false;
        }
        r.kind = mech->vars.data[v].range ? REC_POINT : REC_GLOBAL;
        r.mech = pp->mech;
        r.var = v;
        r.pp = p;
        *r_out = r;
        return record_elem_ok(m, &r, e);
    }
    /* section(x).var, or section.var for x = 0.5 */
    if (base->kind == NK_CALL) {
        if (!eval_segment(m, base, &r.sec, &r.x))
            return false;
    } else {
        r.sec = find_section(m, base, true);
        if (r.sec < 0)
            return false;
        r.x = 0.5;
    }
    Section *s = &m->secs.data[r.sec];
    if (!strcmp(var, "v")) {
        r.kind = REC_V;
        *r_out = r;
        return true;
    }
    if (!segment_var(m, s, var, &r)) {
        MechVar *mv;
        sec_range_var(m, s, var, e->loc, true, &mv);   /* reports it */
        return false;
    }
    if (r.x == 0 || r.x == 1) {
        diag_error(m->diag, e->loc, "'%s' lives in segments: %s at 0 < x < 1", var, what);
        return false;
    }
    *r_out = r;
    return record_elem_ok(m, &r, e);
}

/* The unit a .mod file declares (text), or 1 when it declares none or
 * one nrncc cannot read (the .mod file's check reported that). */
static Unit declared_unit(const char *text)
{
    Unit u;
    char err[160];
    if (!text || !*text || !units_parse(text, &u, err, sizeof err))
        return units_one();
    return u;
}

typedef VEC(double) DVec;

/* The next line of a table file's text at *p that holds something (blank
 * lines and '#' comments are skipped): an arena copy of it, with *p moved
 * past it and *line its line number; NULL at the end. */
static char *next_data_line(Model *m, const char **p, int *line)
{
    while (**p) {
        (*line)++;
        const char *e = strchr(*p, '\n');
        size_t n = e ? (size_t)(e - *p) : strlen(*p);
        char *buf = arena_strndup(m->arena, *p, n);
        *p = e ? e + 1 : *p + n;
        const char *q = buf;
        while (*q == ' ' || *q == '\t' || *q == '\r')
            q++;
        if (*q && *q != '#')
            return buf;
    }
    return NULL;
}

/* A CSV of x,y lines (an optional header first) into *xs, *ys. */
/* The numbers of one CSV line (the first cell may be empty: nan); false
 * with an error at the place of a cell that is not a number. */
static bool csv_numbers(Model *m, const SrcFile *src, int line, const char *text, DVec *out)
{
    const char *q = text;
    for (int cell = 0;; cell++) {
        while (*q == ' ' || *q == '\t')
            q++;
        char *end;
        double v = strtod(q, &end);
        if (end == q) {
            const char *r = q;
            while (*r == ' ' || *r == '\t' || *r == '\r')
                r++;
            if (cell == 0 && (*r == ',' || *r == 0 || isalpha((unsigned char)*r))) {
                while (*r && *r != ',')
                    r++;
                end = (char *)r;
                v = NAN; /* the corner cell: empty or a label */
            } else {
                SrcLoc at = {src, line, (int)(q - text) + 1};
                diag_error(m->diag, at, "expected a number");
                return false;
            }
        }
        VEC_PUSH(*out, v);
        q = end;
        while (*q == ' ' || *q == '\t' || *q == '\r')
            q++;
        if (!*q)
            return true;
        if (*q != ',') {
            SrcLoc at = {src, line, (int)(q - text) + 1};
            diag_error(m->diag, at, "expected ',' or the end of the line");
            return false;
        }
        q++;
    }
}

/* A FUNCTION_TABLE's data file (st names it as written), read whole and
 * counted among the model's dependencies; NULL (an error at st) when it
 * cannot be read. */
static SrcFile *table_file(Model *m, const NrnNode *st, const char *path)
{
    size_t len;
    APUSH(m->arena, m->deps, path);
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(m->diag, st->loc, "cannot read '%s': %s", st->name2, strerror(errno));
        return NULL;
    }
    SrcFile *src = ARENA_NEW(m->arena, SrcFile);
    src->path = arena_strdup(m->arena, path);
    src->text = arena_strndup(m->arena, text, len);
    src->len = len;
    free(text);
    return src;
}

/* A FUNCTION_TABLE of two arguments from a CSV grid: the first line the
 * second argument's values (after a corner cell), then one line per value
 * of the first argument: that value, then the function's along the line.
 * Numbers in the units the .mod file declares. */
static bool read_grid_csv(Model *m, const NrnNode *st, const char *path, FuncTableData *t)
{
    SrcFile *src = table_file(m, st, path);
    if (!src)
        return false;
    DVec ys = {0}, xs = {0}, vals = {0}, row = {0};
    bool ok = true;
    int line = 0;
    const char *p = src->text;
    for (char *buf; ok && (buf = next_data_line(m, &p, &line));) {
        row.len = 0;
        if (!csv_numbers(m, src, line, buf, &row)) {
            ok = false;
            break;
        }
        SrcLoc at = {src, line, 1};
        if (!ys.len) {
            for (int k = 1; k < row.len; k++)
                VEC_PUSH(ys, row.data[k]);
            if (!ys.len) {
                diag_error(m->diag, at, "expected the second argument's values after a corner cell");
                ok = false;
            }
            continue;
        }
        if (row.len != ys.len + 1 || isnan(row.data[0])) {
            diag_error(m->diag, at, "expected %d numbers (a value of the first argument, then %d values)",
                       ys.len + 1, ys.len);
            ok = false;
            break;
        }
        VEC_PUSH(xs, row.data[0]);
        for (int k = 1; k < row.len; k++)
            VEC_PUSH(vals, row.data[k]);
    }
    for (int pass = 0; ok && pass < 2; pass++) {
        const DVec *a = pass ? &ys : &xs;
        if (!a->len) {
            diag_error(m->diag, st->loc, "'%s' has no values in '%s'", st->name, st->name2);
            ok = false;
        }
        for (int k = 1; ok && k < a->len; k++)
            if (!(a->data[k] > a->data[k - 1])) {
                diag_error(m->diag, st->loc, "the %s argument's values of '%s' must increase (%g after %g)",
                           pass ? "second" : "first", st->name, a->data[k], a->data[k - 1]);
                ok = false;
            }
    }
    if (ok) {
        t->n = xs.len;
        t->n2 = ys.len;
        t->x = ARENA_NEWN(m->arena, double, t->n);
        t->x2 = ARENA_NEWN(m->arena, double, t->n2);
        t->y = ARENA_NEWN(m->arena, double, vals.len);
        memcpy(t->x, xs.data, sizeof(double) * (size_t)t->n);
        memcpy(t->x2, ys.data, sizeof(double) * (size_t)t->n2);
        memcpy(t->y, vals.data, sizeof(double) * (size_t)vals.len);
    }
    VEC_FREE(xs);
    VEC_FREE(ys);
    VEC_FREE(vals);
    VEC_FREE(row);
    return ok;
}

/* A FUNCTION_TABLE of nd >= 3 arguments from a CSV of its grid, one line
 * per point: the nd arguments' values, then the function's; the points in
 * the grid's order, the last argument's value changing fastest (an
 * optional header line first).  Each argument's values are those of its
 * column, in the order they first appear, and must increase. */
static bool read_long_csv(Model *m, const NrnNode *st, const char *path, int nd, FuncTableData *t)
{
    SrcFile *src = table_file(m, st, path);
    if (!src)
        return false;
    DVec row = {0}, vals = {0}, pts = {0};
    VEC(DVec) cols = {0};
    for (int a = 0; a < nd; a++) {
        DVec z = {0};
        VEC_PUSH(cols, z);
    }
    bool ok = true;
    int line = 0, npts = 0;
    const char *p = src->text;
    for (char *buf; ok && (buf = next_data_line(m, &p, &line));) {
        const char *q = buf;
        while (*q == ' ' || *q == '\t')
            q++;
        if (npts == 0 && isalpha((unsigned char)*q))
            continue; /* the header */
        row.len = 0;
        if (!csv_numbers(m, src, line, buf, &row)) {
            ok = false;
            break;
        }
        SrcLoc at = {src, line, 1};
        if (row.len != nd + 1 || isnan(row.data[0])) {
            diag_error(m->diag, at, "expected %d numbers (the %d arguments' values, then the function's)", nd + 1,
                       nd);
            ok = false;
            break;
        }
        for (int a = 0; a < nd; a++) {
            DVec *c = &cols.data[a];
            bool seen = false;
            for (int k = 0; k < c->len && !seen; k++)
                seen = c->data[k] == row.data[a];
            if (!seen)
                VEC_PUSH(*c, row.data[a]);
        }
        for (int a = 0; a < nd; a++)
            VEC_PUSH(pts, row.data[a]);
        VEC_PUSH(vals, row.data[nd]);
        npts++;
    }
    long total = 1;
    for (int a = 0; ok && a < nd; a++) {
        const DVec *c = &cols.data[a];
        total *= c->len;
        for (int k = 1; ok && k < c->len; k++)
            if (!(c->data[k] > c->data[k - 1])) {
                diag_error(m->diag, st->loc, "argument %d's values of '%s' must increase (%g after %g)", a + 1,
                           st->name, c->data[k], c->data[k - 1]);
                ok = false;
            }
    }
    if (ok && (npts == 0 || total != npts)) {
        diag_error(m->diag, st->loc, "'%s' in '%s' is not a full grid: %d points, for %ld combinations of the "
                   "arguments' values", st->name, st->name2, npts, total);
        ok = false;
    }
    /* each line at its place in the grid */
    for (int k = 0; ok && k < npts; k++) {
        int rest = k;
        for (int a = nd - 1; a >= 0; a--) {
            int len = cols.data[a].len;
            if (pts.data[(size_t)k * (size_t)nd + (size_t)a] != cols.data[a].data[rest % len]) {
                diag_error(m->diag, st->loc, "'%s' in '%s': point %d is out of the grid's order (the last "
                           "argument's value changes fastest)", st->name, st->name2, k + 1);
                ok = false;
                break;
            }
            rest /= len;
        }
    }
    if (ok) {
        t->nd = nd;
        t->dims = ARENA_NEWN(m->arena, int, nd);
        t->axes = ARENA_NEWN(m->arena, double *, nd);
        for (int a = 0; a < nd; a++) {
            t->dims[a] = cols.data[a].len;
            t->axes[a] = ARENA_NEWN(m->arena, double, cols.data[a].len);
            memcpy(t->axes[a], cols.data[a].data, sizeof(double) * (size_t)cols.data[a].len);
        }
        t->n = t->dims[0];
        t->x = t->axes[0];
        t->y = ARENA_NEWN(m->arena, double, npts);
        memcpy(t->y, vals.data, sizeof(double) * (size_t)npts);
    }
    for (int a = 0; a < nd; a++)
        VEC_FREE(cols.data[a]);
    VEC_FREE(cols);
    VEC_FREE(row);
    VEC_FREE(vals);
    VEC_FREE(pts);
    return ok;
}

static bool read_table_csv(Model *m, const NrnNode *st, const char *path, DVec *xs, DVec *ys)
{
    SrcFile *src = table_file(m, st, path);
    if (!src)
        return false;
    bool ok = true;
    int line = 0;
    const char *p = src->text;
    for (char *buf; ok && (buf = next_data_line(m, &p, &line));) {
        char *q = buf;
        while (*q == ' ' || *q == '\t')
            q++;
        char *end1, *end2;
        double x = strtod(q, &end1);
        while (*end1 == ' ' || *end1 == '\t')
            end1++;
        if (end1 == q || *end1 != ',') {
            if (line == 1 && xs->len == 0)
                continue; /* a header */
            SrcLoc at = {src, line, 1};
            diag_error(m->diag, at, "expected 'x,y' (two numbers)");
            ok = false;
            break;
        }
        double y = strtod(end1 + 1, &end2);
        while (*end2 == ' ' || *end2 == '\t' || *end2 == '\r')
            end2++;
        if (end2 == end1 + 1 || (*end2 && *end2 != ',')) {
            SrcLoc at = {src, line, (int)(end1 + 2 - buf)};
            diag_error(m->diag, at, "expected a number after ','");
            ok = false;
            break;
        }
        VEC_PUSH(*xs, x);
        VEC_PUSH(*ys, y);
    }
    if (ok && !xs->len) {
        diag_error(m->diag, st->loc, "'%s' has no x,y lines", st->name2);
        ok = false;
    }
    return ok;
}

/* function_table F_MECH = value | (x, y) ... | "file.csv": the values of
 * a mechanism's FUNCTION_TABLE F (NEURON's table_F_MECH()). */
static void do_functable(Model *m, const NrnNode *st)
{
    int mi = -1;
    const MechFunc *fn = NULL;
    for (int k = 0; k < m->mechs.len && !fn; k++) {
        const Mech *mech = m->mechs.data[k];
        size_t nl = strlen(st->name), ml = strlen(mech->name);
        if (nl <= ml + 1 || strcmp(st->name + nl - ml, mech->name) || st->name[nl - ml - 1] != '_')
            continue;
        for (int f = 0; f < mech->funcs.len; f++)
            if (mech->funcs.data[f].functable && strlen(mech->funcs.data[f].name) == nl - ml - 1 &&
                !strncmp(mech->funcs.data[f].name, st->name, nl - ml - 1)) {
                fn = &mech->funcs.data[f];
                mi = k;
            }
    }
    if (!fn) {
        diag_error(m->diag, st->loc, "'%s' is not a FUNCTION_TABLE of a mechanism the model uses "
                   "(write FUNCTION_MECHANISM, as in tau1_kd)", st->name);
        return;
    }
    for (int k = 0; k < m->functables.len; k++)
        if (m->functables.data[k].mech == mi && !strcmp(m->functables.data[k].func, fn->name)) {
            diag_error(m->diag, st->loc, "'%s' is given twice", st->name);
            return;
        }
    FuncTableData t;
    memset(&t, 0, sizeof t);
    t.loc = st->loc;
    t.mech = mi;
    t.func = fn->name;
    Unit xu = declared_unit(fn->node->list.items[0]->units), yu = declared_unit(fn->node->units);
    if (fn->node->list.len >= 3 && !st->a) {
        if (!st->name2) {
            diag_error(m->diag, st->loc, "'%s' is a FUNCTION_TABLE of %d arguments: give a constant or a CSV file "
                       "of its grid", st->name, fn->node->list.len);
            return;
        }
        const char *path = st->name2[0] == '/' ? st->name2 : arena_printf(m->arena, "%s/%s", m->dir, st->name2);
        if (read_long_csv(m, st, path, fn->node->list.len, &t))
            APUSH(m->arena, m->functables, t);
        return;
    }
    if (fn->node->list.len == 2 && !st->a) {
        if (!st->name2) {
            diag_error(m->diag, st->loc, "'%s' is a FUNCTION_TABLE of two arguments: give a constant or a CSV "
                       "file of its grid", st->name);
            return;
        }
        const char *path = st->name2[0] == '/' ? st->name2 : arena_printf(m->arena, "%s/%s", m->dir, st->name2);
        if (read_grid_csv(m, st, path, &t))
            APUSH(m->arena, m->functables, t);
        return;
    }
    if (st->a) {
        t.n = 1;
        t.y = ARENA_NEW(m->arena, double);
        if (!eval_as(m, NULL, st->a, yu, st->name, t.y))
            return;
        APUSH(m->arena, m->functables, t);
        return;
    }
    DVec xs = {0}, ys = {0};
    bool ok = true;
    if (st->name2) {
        const char *path = st->name2[0] == '/' ? st->name2 : arena_printf(m->arena, "%s/%s", m->dir, st->name2);
        ok = read_table_csv(m, st, path, &xs, &ys);
    } else {
        for (int k = 0; k < st->list.len && ok; k++) {
            double x, y;
            ok = eval_as(m, NULL, st->list.items[k]->list.items[0], xu, fn->node->list.items[0]->name, &x) &&
                 eval_as(m, NULL, st->list.items[k]->list.items[1], yu, fn->name, &y);
            if (ok) {
                VEC_PUSH(xs, x);
                VEC_PUSH(ys, y);
            }
        }
    }
    for (int k = 1; ok && k < xs.len; k++)
        if (!(xs.data[k] > xs.data[k - 1])) {
            diag_error(m->diag, st->loc, "the x values of '%s' must increase (point %d: %g after %g)", st->name,
                       k + 1, xs.data[k], xs.data[k - 1]);
            ok = false;
        }
    if (ok) {
        t.n = xs.len;
        t.x = ARENA_NEWN(m->arena, double, t.n);
        t.y = ARENA_NEWN(m->arena, double, t.n);
        memcpy(t.x, xs.data, sizeof(double) * (size_t)t.n);
        memcpy(t.y, ys.data, sizeof(double) * (size_t)t.n);
        APUSH(m->arena, m->functables, t);
    }
    VEC_FREE(xs);
    VEC_FREE(ys);
}

static void do_record_item(Model *m, const NrnNode *e)
{
    if (e->kind == NK_NAME && !strcmp(e->name, "spikes")) {
        m->record_spikes = true;
        m->spike_all = true;
        return;
    }
    if (e->kind == NK_NAME && !strcmp(e->name, "t")) {
        diag_error(m->diag, e->loc, "'t' is always the first column; record something else");
        return;
    }
    if (e->kind == NK_MEMBER && !strcmp(e->name, "spikes")) {
        /* the spikes of one source: ring[3].spikes, ring[*].spikes, stim.spikes */
        int gid = -1, c = find_cell(m, e->a, false), p = c < 0 ? find_pp_ref(m, e->a) : -1;
        if (c >= 0) {
            const CellInst *ci = &m->cells.data[c];
            gid = ci->det >= 0 ? m->detectors.data[ci->det].gid : ci->pp >= 0 ? m->pps.data[ci->pp].gid : -1;
        } else if (p >= 0) {
            gid = m->pps.data[p].gid;
        } else {
            find_cell(m, e->a, true);
            return;
        }
        if (gid < 0) {
            diag_error(m->diag, e->loc, "this has no spike source (no gid)");
            return;
        }
        m->record_spikes = true;
        m->spike_sel_req = true;
        APUSH(m->arena, m->spike_gids, gid);
        return;
    }
    Record r;
    if (ref_resolve(m, e, &r, "record it"))
        APUSH(m->arena, m->records, r);
}

/* The name a `Random NAME` or `Vector NAME` (NAME[K] in a loop) declares,
 * in the scope of the cell being built (written to buf), or NULL after an
 * error: such an object has no place, and its name is new in the model. */
static const char *object_name(Model *m, const NrnNode *st, const char *what, char *buf, size_t size)
{
    if (st->a) {
        diag_error(m->diag, st->a->loc, "a %s has no place (drop 'at ...')", what);
        return NULL;
    }
    const char *pname = st->name2;
    if (st->b) {
        int k;
        if (!eval_int(m, st->b, "index", 0, &k))
            return NULL;
        pname = arena_printf(m->arena, "%s[%d]", st->name2, k);
    }
    const char *full = scoped(m, pname, buf, size);
    if (strmap_get(&m->vec_map, full) >= 0 || strmap_get(&m->rand_map, full) >= 0 ||
        strmap_get(&m->pp_map, full) >= 0 || section_by_name(m, st->name2) >= 0 || value_name(m, st->name2)) {
        diag_error(m->diag, st->loc, "'%s' is already a name in the model", pname);
        return NULL;
    }
    return full;
}

/* `Random NAME { Random123(id1, id2, id3)  negexp(mean) ... }` (or
 * `Random NAME[K]` in a loop): NEURON's Random object, its generator and
 * distribution set by these calls in order (randobj.c, random.c). */
static void do_random(Model *m, const NrnNode *st)
{
    static const struct { const char *fn; int min, max; bool gen; } calls[] = {
        {"Random123", 1, 3, true}, {"MCellRan4", 1, 2, true}, {"seq", 1, 1, false},
        {"normal", 2, 2, false}, {"uniform", 2, 2, false}, {"negexp", 1, 1, false},
    };
    char nbuf[512];
    const char *full = object_name(m, st, "Random", nbuf, sizeof nbuf);
    if (!full)
        return;
    RandObj r = {arena_strdup(m->arena, full), st->loc, NULL, 0};
    r.ops = ARENA_NEWN(m->arena, RandOp, st->body.len ? st->body.len : 1);
    bool gen = false;
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *c = st->body.items[i];
        size_t k = 0;
        if (c->kind == NK_CALL && c->a && c->a->kind == NK_NAME)
            for (; k < sizeof calls / sizeof *calls && strcmp(calls[k].fn, c->a->name); k++)
                ;
        if (c->kind != NK_CALL || !c->a || c->a->kind != NK_NAME || k == sizeof calls / sizeof *calls) {
            diag_error(m->diag, c->loc, "a Random's body holds calls: Random123(id1, id2, id3) or MCellRan4(seed, "
                       "ilow), then normal(mean, var), uniform(a, b), negexp(mean) or seq(n)");
            return;
        }
        if (c->list.len < calls[k].min || c->list.len > calls[k].max) {
            diag_error(m->diag, c->loc, "'%s' takes %d%s%d argument%s", calls[k].fn, calls[k].min,
                       calls[k].max > calls[k].min ? " to " : "", calls[k].max, calls[k].max > 1 ? "s" : "");
            return;
        }
        if (!calls[k].gen && !gen) {
            diag_error(m->diag, c->loc, "'%s' before the Random's generator: give Random123(...) or MCellRan4(...) "
                       "first (NEURON's default ACG generator is not provided)", calls[k].fn);
            return;
        }
        RandOp *op = &r.ops[r.nops++];
        op->fn = calls[k].fn;
        op->nargs = c->list.len;
        for (int j = 0; j < c->list.len; j++) {
            if (!eval_as(m, NULL, c->list.items[j], units_one(), calls[k].fn, &op->arg[j]))
                return;
            double x = op->arg[j];
            bool whole = calls[k].gen || k == 2;
            if (whole && (x != floor(x) || x < 0 || x > (k == 2 ? 17179869183.0 : 4294967295.0))) {
                diag_error(m->diag, c->list.items[j]->loc, "the arguments of '%s' are whole numbers from 0 to %s",
                           calls[k].fn, k == 2 ? "2^34 - 1" : "2^32 - 1");
                return;
            }
            if (k == 1 && j == 0 && x == 0) {
                diag_error(m->diag, c->list.items[j]->loc, "MCellRan4's seed is >= 1 (NEURON picks one for 0)");
                return;
            }
            if (k == 3 && j == 1 && x < 0) {
                diag_error(m->diag, c->list.items[j]->loc, "normal's second argument is a variance, >= 0");
                return;
            }
        }
        if (k == 1 && op->nargs < 2)
            op->arg[1] = 0;
        if (k == 0)
            for (int j = op->nargs; j < 3; j++)
                op->arg[j] = 0;
        gen |= calls[k].gen;
    }
    if (!gen) {
        diag_error(m->diag, st->loc, "Random '%s' has no generator: give Random123(id1, id2, id3) or MCellRan4(seed, "
                   "ilow) in its body", full);
        return;
    }
    strmap_put(&m->rand_map, r.name, m->rands.len);
    APUSH(m->arena, m->rands, r);
}

/* `Vector NAME { values = [X, ...] }` (or NAME[K] in a loop): a hoc
 * Vector of numbers, for the model file's calls to hand to a mechanism. */
static void do_vector(Model *m, const NrnNode *st)
{
    char nbuf[512];
    const char *full = object_name(m, st, "Vector", nbuf, sizeof nbuf);
    if (!full)
        return;
    VecObj vo = {arena_strdup(m->arena, full), st->loc, NULL, 0};
    bool set = false;
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind != NK_ASSIGN || a->a->kind != NK_NAME || strcmp(a->a->name, "values") || set) {
            diag_error(m->diag, a->loc, set ? "'values' is given twice" :
                       "a Vector's body is 'values = [X, ...]'");
            return;
        }
        set = true;
        if (a->b->kind != NK_LIST) {
            diag_error(m->diag, a->b->loc, "'values' is a list, as in [1, 2.5, 4]");
            return;
        }
        vo.n = a->b->list.len;
        vo.v = ARENA_NEWN(m->arena, double, vo.n ? vo.n : 1);
        for (int k = 0; k < vo.n; k++)
            if (!eval_as(m, NULL, a->b->list.items[k], units_one(), "values", &vo.v[k]))
                return;
    }
    strmap_put(&m->vec_map, vo.name, m->vecs.len);
    APUSH(m->arena, m->vecs, vo);
}

/* an argument naming a Vector: 1 + its index, else 0 (-1 after an error) */
static int vector_source(Model *m, const NrnNode *e)
{
    const char *name = NULL;
    char tb[512], nb[512];
    if (e->kind == NK_NAME) {
        name = e->name;
    } else if (e->kind == NK_INDEX && e->a && e->a->kind == NK_NAME && e->b) {
        int k;
        if (strmap_get(&m->vec_map, scoped(m, arena_printf(m->arena, "%s[0]", e->a->name), tb, sizeof tb)) < 0)
            return 0;
        if (!eval_int(m, e->b, "index", 0, &k))
            return -1;
        name = arena_printf(m->arena, "%s[%d]", e->a->name, k);
        if (strmap_get(&m->vec_map, scoped(m, name, nb, sizeof nb)) < 0) {
            diag_error(m->diag, e->loc, "there is no Vector '%s'", name);
            return -1;
        }
    }
    return name ? strmap_get(&m->vec_map, scoped(m, name, nb, sizeof nb)) + 1 : 0;
}

/* a setpointer's SOURCE naming a Random: 1 + its index, else 0 */
static int random_source(Model *m, const NrnNode *e)
{
    const char *name = NULL;
    if (e->kind == NK_NAME) {
        name = e->name;
    } else if (e->kind == NK_INDEX && e->a && e->a->kind == NK_NAME && e->b) {
        int k;
        char tb[512];
        if (strmap_get(&m->rand_map, scoped(m, arena_printf(m->arena, "%s[0]", e->a->name), tb, sizeof tb)) < 0)
            return 0;
        if (!eval_int(m, e->b, "index", 0, &k))
            return -1;
        name = arena_printf(m->arena, "%s[%d]", e->a->name, k);
    }
    char nb[512];
    int r = name ? strmap_get(&m->rand_map, scoped(m, name, nb, sizeof nb)) : -1;
    if (r < 0 && e->kind == NK_INDEX && name) {
        diag_error(m->diag, e->loc, "there is no Random '%s'", name);
        return -1;
    }
    return r + 1;
}

/* setpointer TARGET, SOURCE: a POINTER variable of a mechanism instance
 * (`pp.name`, `sec(x).name_mech`) refers to SOURCE's value. */
static void do_setpointer(Model *m, const NrnNode *st)
{
    PointerSet ps;
    memset(&ps, 0, sizeof ps);
    ps.loc = st->loc;
    ps.rnd = random_source(m, st->b);
    if (ps.rnd < 0 || !ref_resolve(m, st->a, &ps.target, "set it") ||
        (!ps.rnd && !ref_resolve(m, st->b, &ps.source, "point to it")))
        return;
    const Record *t = &ps.target;
    if (t->kind == REC_V || !m->mechs.data[t->mech]->vars.data[t->var].pointer) {
        diag_error(m->diag, st->a->loc, "'%s' is not a POINTER variable", t->label);
        return;
    }
    const MechVar *tv = &m->mechs.data[t->mech]->vars.data[t->var];
    if (tv->opaque) {
        diag_error(m->diag, st->a->loc, "'%s' is a slot of the mod's VERBATIM C (a BBCOREPOINTER, or a POINTER whose "
                   "_p_%s the C stores into): only that C sets it", t->label, tv->name);
        return;
    }
    if (ps.rnd && !tv->random) {
        diag_error(m->diag, st->b->loc, "'%s' is a Random, and POINTER '%s' refers to a number (its mod does not hand "
                   "_p_%s to nrn_random_pick)", m->rands.data[ps.rnd - 1].name, t->label, tv->name);
        return;
    }
    if (!ps.rnd && tv->random) {
        diag_error(m->diag, st->b->loc, "POINTER '%s' holds a Random (its mod hands _p_%s to nrn_random_pick): "
                   "bind a 'Random NAME { ... }' of the model", t->label, tv->name);
        return;
    }
    if (ps.rnd) {
        ps.source.kind = REC_GLOBAL; /* no node */
        ps.source.label = m->rands.data[ps.rnd - 1].name;
    }
    if (!ps.rnd && ps.source.kind != REC_V && m->mechs.data[ps.source.mech]->vars.data[ps.source.var].pointer) {
        diag_error(m->diag, st->b->loc, "'%s' is itself a POINTER: point to what it points to", ps.source.label);
        return;
    }
    for (int k = 0; k < m->pointers.len; k++) {
        const Record *o = &m->pointers.data[k].target;
        if (o->kind == t->kind && o->mech == t->mech && o->var == t->var && o->pp == t->pp && o->sec == t->sec &&
            seg_index(m->secs.data[o->sec].nseg, o->x) == seg_index(m->secs.data[t->sec].nseg, t->x) &&
            t->kind != REC_POINT) {
            diag_error(m->diag, st->loc, "'%s' is already set", t->label);
            return;
        }
        if (t->kind == REC_POINT && o->kind == REC_POINT && o->pp == t->pp && o->var == t->var) {
            diag_error(m->diag, st->loc, "'%s' is already set", t->label);
            return;
        }
    }
    APUSH(m->arena, m->pointers, ps);
}

/* A call of PROCEDURE or FUNCTION `c` (an NK_CALL whose a names the
 * function) on point process pi, as hoc calls it after making the
 * instance: numbers (consts and loop variables, no params) and Randoms of
 * the model for arguments.  Kept in m->hoccalls, run by emit.c. */
static void netstim_r123(Model *m, int pi, const NrnNode *c);

static void add_hoccall(Model *m, int pi, const char *fname, SrcLoc floc, const NrnNode *c)
{
    const PointProc *pp = &m->pps.data[pi];
    Mech *mech = m->mechs.data[pp->mech];
    int fi = -1;
    for (int f = 0; f < mech->funcs.len; f++)
        if (!strcmp(mech->funcs.data[f].name, fname))
            fi = f;
    if (fi < 0 && !strcmp(fname, "noiseFromRandom123") && !strcmp(mech->name, "NetStim") &&
        mech_var(mech, "rng") >= 0) {
        netstim_r123(m, pi, c);
        return;
    }
    if (fi < 0) {
        diag_error(m->diag, floc, "'%s' (%s) has no PROCEDURE or FUNCTION '%s'", pp->name, mech->name, fname);
        return;
    }
    const MechFunc *fn = &mech->funcs.data[fi];
    if (fn->functable) {
        diag_error(m->diag, floc, "'%s' is a FUNCTION_TABLE: give its values with function_table, not a call", fname);
        return;
    }
    int declared = fn->node->list.len;
    if (c->list.len < declared || (c->list.len > declared && !fn->hocargs)) {
        diag_error(m->diag, c->loc, "'%s' takes %d argument%s, got %d", fname, declared, declared == 1 ? "" : "s",
                   c->list.len);
        return;
    }
    HocCall hc;
    memset(&hc, 0, sizeof hc);
    hc.loc = c->loc;
    hc.pp = pi;
    hc.mech = pp->mech;
    hc.func = fi;
    hc.nargs = c->list.len;
    hc.args = ARENA_NEWN(m->arena, HocArg, c->list.len ? c->list.len : 1);
    for (int k = 0; k < c->list.len; k++) {
        const NrnNode *x = c->list.items[k];
        int r = x->kind == NK_NAME || x->kind == NK_INDEX ? random_source(m, x) : 0;
        int v = !r && (x->kind == NK_NAME || x->kind == NK_INDEX) ? vector_source(m, x) : 0;
        if (r < 0 || v < 0)
            return;
        if ((r || v) && k < declared) {
            diag_error(m->diag, x->loc, "argument %d of '%s' is a number (NMODL declares '%s'), not a %s", k + 1,
                       fname, fn->node->list.items[k]->name, r ? "Random" : "Vector");
            return;
        }
        if (r || v) {
            hc.args[k].rnd = r;
            hc.args[k].vec = v;
            continue;
        }
        if (!eval_as(m, NULL, x, units_one(), fname, &hc.args[k].num))
            return;
    }
    APUSH(m->arena, m->hoccalls, hc);
}

/* NEURON's NetStim.noiseFromRandom123(id1, id2[, id3]): nrncc's NetStim
 * has its parameters instead (rng = 1 and the ids, nrn(5)), set here. */
static void netstim_r123(Model *m, int pi, const NrnNode *c)
{
    PointProc *pp = &m->pps.data[pi];
    const Mech *mech = m->mechs.data[pp->mech];
    if (c->list.len < 2 || c->list.len > 3) {
        diag_error(m->diag, c->loc, "'noiseFromRandom123' takes 2 or 3 arguments (id1, id2[, id3]), got %d",
                   c->list.len);
        return;
    }
    double id[3] = {0, 0, 0};
    for (int k = 0; k < c->list.len; k++) {
        const NrnNode *x = c->list.items[k];
        if (!eval_as(m, NULL, x, units_one(), "noiseFromRandom123", &id[k]))
            return;
        if (id[k] != floor(id[k]) || id[k] < 0 || id[k] > 4294967295.0) {
            diag_error(m->diag, x->loc, "the arguments of 'noiseFromRandom123' are whole numbers from 0 to 2^32 - 1");
            return;
        }
    }
    static const char *const names[] = {"rng", "rng_id1", "rng_id2", "rng_id3"};
    for (int k = 0; k < 4; k++) {
        int v = mech_var(mech, names[k]);
        pp->val[v][0] = k ? id[k - 1] : 1.0;
        param_store(m, PS_POINT, pi, 0, pp->mech, v, NULL, c->loc); /* a param's value set before is dead */
    }
}

/* `call POINT.FN(ARGS)`: POINT a point process or artificial cell
 * (`syn`, `stim[i]`, `ring[3].syn`). */
static void do_hoccall(Model *m, const NrnNode *st)
{
    const NrnNode *c = st->a;
    if (c->kind != NK_CALL || !c->a || c->a->kind != NK_MEMBER) {
        diag_error(m->diag, c->loc, "expected 'call POINT.FUNCTION(ARGS)', a PROCEDURE or FUNCTION of a point process "
                   "or artificial cell");
        return;
    }
    int pi = find_pp_ref(m, c->a->a);
    if (pi < 0) {
        diag_error(m->diag, c->a->a->loc, "unknown point process or artificial cell (calls of density mechanisms' "
                   "functions are not supported)");
        return;
    }
    add_hoccall(m, pi, c->a->name, c->a->loc, c);
}

/* `dend[*] { ... }`: the body for every section of array dend. */
static void apply_each(Model *m, const NrnNode *st)
{
    const NrnNode *ref = st->a;
    if (ref->a->kind != NK_NAME) {
        diag_error(m->diag, ref->loc, "expected a section array, as in 'dend[*]'");
        return;
    }
    const char *base = ref->a->name;
    if (array_len(m, base) == 0) {
        if (section_by_name(m, base) >= 0)
            diag_error(m->diag, ref->loc, "'%s' is a single section, not an array: write '%s { ... }'", base, base);
        else
            diag_error(m->diag, ref->loc, "unknown section array '%s'", base);
        return;
    }
    int n = array_len(m, base);
    for (int k = 0; k < n; k++) {
        int si = section_by_name(m, arena_printf(m->arena, "%s[%d]", base, k));
        if (si >= 0)
            apply_body(m, &m->secs.data[si], &st->body);
    }
}

/* A `record forall VAR` waiting for the end of pass 3: its statement and
 * the place of its columns among the records. */
typedef struct PendingAll {
    const NrnNode *st;
    int at;
} PendingAll;

/* `record forall VAR`: VAR at the centre of every segment of every
 * section, sections in creation order (NEURON's forall), segments from 0
 * to 1; the columns are inserted at records[at].  Columns are named
 * "sec(x).VAR" with x in shortest form. */
static void record_all(Model *m, const NrnNode *st, int at)
{
    int before = m->records.len;
    for (int k = 0; k < m->secs.len; k++) {
        Section *s = &m->secs.data[k];
        for (int j = 0; j < s->nseg; j++) {
            Record r;
            memset(&r, 0, sizeof r);
            r.loc = st->loc;
            r.elem = -1;
            r.sec = k;
            r.x = (j + 0.5) / s->nseg;
            char bx[40];
            fmt_double(bx, sizeof bx, r.x);
            r.label = arena_printf(m->arena, "%s(%s).%s", s->name, bx, st->name);
            if (strcmp(st->name, "v") == 0)
                r.kind = REC_V;
            else if (!segment_var(m, s, st->name, &r)) {
                diag_error(m->diag, st->a->loc, "section '%s' has no range variable '%s'", s->name, st->name);
                m->records.len = before;
                return;
            } else if (r.kind != REC_RANGE || m->mechs.data[r.mech]->vars.data[r.var].dim) {
                diag_error(m->diag, st->a->loc, "'%s' is not a range variable with one value per segment", st->name);
                m->records.len = before;
                return;
            }
            APUSH(m->arena, m->records, r);
        }
    }
    /* move the new columns to their place */
    int n = m->records.len - before;
    if (n == 0 || at == before)
        return;
    Record *tmp = xmalloc(sizeof(Record) * (size_t)n);
    memcpy(tmp, m->records.data + before, sizeof(Record) * (size_t)n);
    memmove(m->records.data + at + n, m->records.data + at, sizeof(Record) * (size_t)(before - at));
    memcpy(m->records.data + at, tmp, sizeof(Record) * (size_t)n);
    free(tmp);
}

/* ---- plays, initial values, space plots ---- */

/* ref_resolve for `play ... into` and `init { }`, which also say whether
 * `sec.var` (no position) was written: *whole is then set, and for an
 * init block it means the whole section (for a play, sec(0.5)). */
static bool resolve_ref(Model *m, const NrnNode *e, Record *r, const char *how, bool *whole)
{
    const NrnNode *x = e->kind == NK_INDEX && e->a && e->a->kind == NK_MEMBER ? e->a : e;
    if (whole)
        *whole = x->kind == NK_MEMBER && x->a->kind != NK_CALL &&
                 !(x->a->kind == NK_NAME && find_pp(m, x->a->name) >= 0);
    return ref_resolve(m, e, r, how);
}

/* The mechanism variable a resolved reference names, or NULL for v. */
static MechVar *ref_var(Model *m, const Record *r)
{
    if (r->kind == REC_V)
        return NULL;
    return &m->mechs.data[r->mech]->vars.data[r->var];
}

/* The column label of a reference (its text as written). */
static const char *ref_label(Model *m, const NrnNode *e)
{
    StrBuf b = {0};
    ref_text(m, e, &b);
    const char *l = arena_strdup(m->arena, sb_str(&b));
    sb_free(&b);
    return l;
}

/* A value for the variable r names, in its unit (mV for v; the .mod
 * file's unit for a mechanism variable; a bare number only when nrncc
 * cannot read that unit). */
static bool eval_for_ref(Model *m, const EvalCtx *cx, const NrnNode *e, const Record *r, double *out)
{
    MechVar *mv = ref_var(m, r);
    if (!mv)
        return eval_as(m, cx, e, U("mV"), "v", out);
    if (mv->unit_ok || !mv->units)
        return eval_as(m, cx, e, mv->unit_ok ? mv->unit : units_one(), r->label, out);
    Quant q;
    if (!eval(m, cx, e, &q))
        return false;
    if (!q.bare) {
        diag_error(m->diag, e->loc, "cannot check the unit of '%s': its .mod file declares '(%s)', which nrncc "
                   "does not know; give a bare number", r->label, mv->units);
        return false;
    }
    *out = q.v;
    return true;
}

/* eval_for_ref for a value that may depend on params (*cexpr). */
static bool eval_for_ref_p(Model *m, const EvalCtx *cx, const NrnNode *e, const Record *r, double *out,
                           const char **cexpr)
{
    MechVar *mv = ref_var(m, r);
    if (!mv)
        return eval_as_p(m, cx, e, U("mV"), "v", out, cexpr);
    return eval_mech_value(m, cx, e, mv, r->label, out, cexpr);
}

/* play [continuous] "FILE" | (t, value) ... into TARGET */
static void do_play(Model *m, const NrnNode *st)
{
    Play pl;
    memset(&pl, 0, sizeof pl);
    pl.loc = st->loc;
    pl.continuous = st->name2 != NULL; /* the grammar checked the word */
    Record *r = &pl.target;
    r->loc = st->a->loc;
    r->elem = -1;
    r->label = ref_label(m, st->a);
    if (!resolve_ref(m, st->a, r, "play into it", NULL))
        return;
    MechVar *mv = ref_var(m, r); /* any variable may be played, as in NEURON */
    if (st->b->kind == NK_STRING) {
        const char *path = st->b->name[0] == '/' ? st->b->name : arena_printf(m->arena, "%s/%s", m->dir, st->b->name);
        Unit yu = mv ? (mv->unit_ok ? mv->unit : units_one()) : U("mV");
        bool known = !mv || mv->unit_ok || !mv->units;
        Series se;
        if (!series_read(m->arena, m->diag, path, st->b->loc, yu, known, &se))
            return;
        pl.t = se.t;
        pl.y = se.y;
        pl.n = se.n;
    } else {
        const NrnList *pairs = &st->b->list;
        pl.n = pairs->len;
        pl.t = ARENA_NEWN(m->arena, double, pl.n);
        pl.y = ARENA_NEWN(m->arena, double, pl.n);
        for (int i = 0; i < pl.n; i++) {
            const NrnNode *pr = pairs->items[i];
            if (!eval_as(m, NULL, pr->list.items[0], U("ms"), "time", &pl.t[i]) ||
                !eval_for_ref(m, NULL, pr->list.items[1], r, &pl.y[i]))
                return;
            if (i && pl.t[i] < pl.t[i - 1]) {
                char a[40], b[40];
                fmt_double(a, sizeof a, pl.t[i]);
                fmt_double(b, sizeof b, pl.t[i - 1]);
                diag_error(m->diag, pr->list.items[0]->loc, "times must not decrease: %s ms after %s ms", a, b);
                return;
            }
        }
    }
    APUSH(m->arena, m->plays, pl);
}

/* init { TARGET = EXPR ... }: values set after the INITIAL blocks, where
 * NEURON's FInitializeHandler of type 1 acts. */
static void do_init(Model *m, const NrnNode *st)
{
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind != NK_ASSIGN) {
            diag_error(m->diag, a->loc, "expected 'variable = value' inside 'init { }'");
            continue;
        }
        InitSet is;
        memset(&is, 0, sizeof is);
        is.loc = a->loc;
        Record *r = &is.target;
        r->loc = a->a->loc;
        r->elem = -1;
        r->label = ref_label(m, a->a);
        bool whole;
        if (!resolve_ref(m, a->a, r, "set it", &whole))
            continue;
        if (whole && r->kind == REC_RANGE) {
            /* every segment of the section, the value evaluated at each */
            Section *s = &m->secs.data[r->sec];
            for (int j = 0; j < s->nseg; j++) {
                EvalCtx cx = {s, (j + 0.5) / s->nseg, true};
                InitSet one = is;
                one.target.x = cx.x;
                if (!eval_for_ref_p(m, &cx, a->b, r, &one.value, &one.cexpr))
                    break;
                APUSH(m->arena, m->inits, one);
            }
            continue;
        }
        is.whole_v = whole && r->kind == REC_V;
        EvalCtx cx = {r->kind == REC_V || r->kind == REC_RANGE ? &m->secs.data[r->sec] : NULL, r->x, false};
        cx.has_seg = cx.sec != NULL && r->x > 0 && r->x < 1;
        if (eval_for_ref_p(m, cx.sec ? &cx : NULL, a->b, r, &is.value, &is.cexpr))
            APUSH(m->arena, m->inits, is);
    }
}

/* A range variable by its full name (m_hh, ina), of a density mechanism
 * or an ion loaded by the model. */
static bool find_range_var(Model *m, const char *name, int *mech, int *var)
{
    for (int k = 0; k < m->mechs.len; k++) {
        Mech *me = m->mechs.data[k];
        if (me->kind != MECH_DENSITY && me->kind != MECH_ION)
            continue;
        for (int v = 0; v < me->vars.len; v++) {
            MechVar *mv = &me->vars.data[v];
            if (!mv->range || !mv->visible)
                continue;
            bool match = me->kind == MECH_ION ? !strcmp(mv->name, name)
                                              : !strcmp(arena_printf(m->arena, "%s_%s", mv->name, me->name), name);
            if (match) {
                *mech = k;
                *var = v;
                return true;
            }
        }
    }
    return false;
}

/* The variable of a space or shape plot (`what`): v, or a density
 * mechanism's or an ion's range variable, not an array.  Sets rp->mech and
 * rp->mvar (-1 for v); false after an error. */
static bool plot_var(Model *m, const NrnNode *st, const char *what, const char *yet, RangePlot *rp)
{
    rp->mech = rp->mvar = -1;
    if (!strcmp(st->name, "v"))
        return true;
    if (!find_range_var(m, st->name, &rp->mech, &rp->mvar)) {
        diag_error(m->diag, st->loc, "unknown range variable '%s'", st->name);
        diag_note(m->diag, st->loc, "a %s plot shows v, a range variable of a density mechanism "
                  "(m_hh, gna_hh) or an ion variable (ina, cai)", what);
        return false;
    }
    if (m->mechs.data[rp->mech]->vars.data[rp->mvar].dim) {
        diag_error(m->diag, st->loc, "'%s' is an array: %s plots of arrays are not supported%s", st->name, what, yet);
        return false;
    }
    return true;
}

/* record range VAR from A(x) to B(x) at T, ... */
static void do_rangerec(Model *m, const NrnNode *st)
{
    RangePlot rp;
    memset(&rp, 0, sizeof rp);
    rp.loc = st->loc;
    rp.var = st->name;
    if (!plot_var(m, st, "space", " yet", &rp))
        return;
    if (!eval_segment(m, st->a, &rp.sec0, &rp.x0) || !eval_segment(m, st->b, &rp.sec1, &rp.x1))
        return;
    if (rp.mech >= 0 && !sec_has(&m->secs.data[rp.sec0], rp.mech)) {
        diag_error(m->diag, st->a->loc, "'%s' is not in section '%s', where the plot begins", st->name,
                   m->secs.data[rp.sec0].name);
        return;
    }
    if (tree_root(m, rp.sec0) != tree_root(m, rp.sec1)) {
        diag_error(m->diag, st->b->loc, "no path from '%s' to '%s': they are in different trees",
                   m->secs.data[rp.sec0].name, m->secs.data[rp.sec1].name);
        return;
    }
    rp.ntimes = st->list.len;
    rp.times = ARENA_NEWN(m->arena, double, rp.ntimes);
    for (int i = 0; i < rp.ntimes; i++) {
        if (!eval_as(m, NULL, st->list.items[i], U("ms"), "time", &rp.times[i]) ||
            !check_value(m, st->list.items[i], "time", rp.times[i], false))
            return;
        if (i && rp.times[i] <= rp.times[i - 1]) {
            diag_error(m->diag, st->list.items[i]->loc, "the times of a space plot must increase");
            return;
        }
    }
    /* range_VAR.csv, then range_VAR_2.csv, ... for more plots of VAR */
    int same = 0;
    for (int i = 0; i < m->rangeplots.len; i++)
        same += !strcmp(m->rangeplots.data[i].var, rp.var);
    rp.file = same ? arena_printf(m->arena, "range_%s_%d.csv", rp.var, same + 1)
                   : arena_printf(m->arena, "range_%s.csv", rp.var);
    APUSH(m->arena, m->rangeplots, rp);
}

/* plot shape VAR at T [range LOW HIGH]: a space plot of every segment
 * (emit.c samples it as the others), drawn as DIR/shape_VAR_Tms.svg */
static void do_plotshape(Model *m, const NrnNode *st)
{
    RangePlot rp;
    memset(&rp, 0, sizeof rp);
    rp.loc = st->loc;
    rp.var = st->name;
    rp.shape = true;
    rp.lo = -80; /* NEURON's PlotShape scale */
    rp.hi = 40;
    if (!plot_var(m, st, "shape", "", &rp))
        return;
    rp.ntimes = 1;
    rp.times = ARENA_NEWN(m->arena, double, 1);
    rp.tloc = st->a->loc;
    if (!eval_as(m, NULL, st->a, U("ms"), "time", &rp.times[0]) ||
        !check_value(m, st->a, "time", rp.times[0], false))
        return;
    if (st->list.len == 2) {
        /* in the variable's unit */
        const char *ut = rp.mech < 0 ? "mV" : m->mechs.data[rp.mech]->vars.data[rp.mvar].units;
        Unit u;
        char uerr[8];
        if (!ut || !units_parse(ut, &u, uerr, sizeof uerr))
            u = U("1");
        if (!eval_as(m, NULL, st->list.items[0], u, "range bound", &rp.lo) ||
            !eval_as(m, NULL, st->list.items[1], u, "range bound", &rp.hi))
            return;
        if (!(rp.lo < rp.hi)) {
            diag_error(m->diag, st->list.items[1]->loc, "the range of a shape plot must increase: %g to %g",
                       rp.lo, rp.hi);
            return;
        }
    } else if (rp.mech >= 0) {
        rp.lo = 0; /* (PlotShape's scale fits v; any other variable is drawn over 0 to 1 unless told) */
        rp.hi = 1;
    }
    char tn[64];
    rp.file = arena_printf(m->arena, "shape_%s_%s.svg", rp.var, shape_time_name(tn, sizeof tn, rp.times[0]));
    for (int i = 0; i < m->rangeplots.len; i++)
        if (m->rangeplots.data[i].shape && !strcmp(m->rangeplots.data[i].file, rp.file)) {
            diag_error(m->diag, st->loc, "a second shape plot of '%s' at this time", rp.var);
            diag_note(m->diag, m->rangeplots.data[i].loc, "the first is here");
            return;
        }
    m->shape_data = true;
    APUSH(m->arena, m->rangeplots, rp);
}

/* atolscale { NAME = X ... }: positive plain numbers, by the name of a
 * STATE (m_hh, cai, ExpSyn.g) or v; a later one for a name wins. */
static void atolscale_settings(Model *m, const NrnNode *g)
{
    for (int i = 0; i < g->body.len; i++) {
        const NrnNode *s = g->body.items[i];
        const char *name = NULL;
        if (s->kind == NK_ASSIGN && !s->has_body && s->a->kind == NK_NAME)
            name = s->a->name;
        else if (s->kind == NK_ASSIGN && !s->has_body && s->a->kind == NK_MEMBER && s->a->a->kind == NK_NAME)
            name = arena_printf(m->arena, "%s.%s", s->a->a->name, s->a->name);
        if (!name) {
            diag_error(m->diag, s->loc, "expected 'STATE = scale' inside 'atolscale { }' (m_hh = 0.1, cai = 0.01, "
                                        "ExpSyn.g = 0.5, v = 0.5)");
            continue;
        }
        Quant q;
        if (!eval(m, NULL, s->b, &q))
            continue;
        if (!q.bare) {
            diag_error(m->diag, s->b->loc, "an atolscale is a plain number: it multiplies atol");
            continue;
        }
        if (!(q.v >= 1e-30 && q.v <= 1e30)) {
            diag_error(m->diag, s->b->loc, "an atolscale must be between 1e-30 and 1e30 (NEURON's limits)");
            continue;
        }
        AtolScale *n = ARENA_NEWN(m->arena, AtolScale, m->run.natolscale + 1);
        if (m->run.natolscale)
            memcpy(n, m->run.atolscale, sizeof *n * (size_t)m->run.natolscale);
        n[m->run.natolscale++] = (AtolScale){name, q.v, s->a->loc};
        m->run.atolscale = n;
    }
}

/* method = cvode { atol = X  rtol = Y  atolscale { .. } }: the tolerances
 * (NEURON's defaults 1e-3 and 0), plain numbers. */
static void cvode_settings(Model *m, const NrnNode *a)
{
    for (int i = 0; i < a->body.len; i++) {
        const NrnNode *s = a->body.items[i];
        if (s->kind == NK_ONSEC && !strcmp(s->a->name, "atolscale")) {
            atolscale_settings(m, s);
            continue;
        }
        if (s->kind != NK_ASSIGN || s->a->kind != NK_NAME ||
            (strcmp(s->a->name, "atol") != 0 && strcmp(s->a->name, "rtol") != 0 &&
             strcmp(s->a->name, "condition_order") != 0)) {
            diag_error(m->diag, s->loc,
                       "expected 'atol = ...', 'rtol = ...', 'condition_order = ...' or 'atolscale { ... }' inside "
                       "'cvode { }'");
            continue;
        }
        if (!strcmp(s->a->name, "condition_order")) { /* NEURON's CVode.condition_order */
            int k;
            if (eval_int(m, s->b, "condition_order", 1, &k)) {
                if (k > 2)
                    diag_error(m->diag, s->b->loc, "'condition_order' must be 1 or 2");
                else
                    m->run.condition_order = k;
            }
            continue;
        }
        bool atol = !strcmp(s->a->name, "atol");
        Quant q;
        if (!eval(m, NULL, s->b, &q))
            continue;
        if (!q.bare) {
            diag_error(m->diag, s->b->loc, "'%s' is a plain number: it applies to every unknown in its own unit",
                       s->a->name);
            continue;
        }
        double v = q.v;
        if (check_value(m, s->b, s->a->name, v, atol)) {
            if (atol)
                m->run.atol = v;
            else
                m->run.rtol = v;
        }
    }
}

static void do_run(Model *m, const NrnNode *st)
{
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind != NK_ASSIGN || a->a->kind != NK_NAME) {
            diag_error(m->diag, a->loc, "expected 'setting = value' inside 'run { }'");
            continue;
        }
        const char *n = a->a->name;
        double v;
        RunParams *r = &m->run;
        if (!strcmp(n, "tstop")) {
            if (eval_as(m, NULL, a->b, U("ms"), n, &v) && check_value(m, a->b, n, v, false))
                r->tstop = v;
        } else if (!strcmp(n, "dt")) {
            if (eval_as(m, NULL, a->b, U("ms"), n, &v) && check_value(m, a->b, n, v, true))
                r->dt = v;
        } else if (!strcmp(n, "v_init")) {
            if (eval_as(m, NULL, a->b, U("mV"), n, &v))
                r->v_init = v;
        } else if (!strcmp(n, "celsius")) {
            if (eval_as(m, NULL, a->b, U("degC"), n, &v))
                r->celsius = v;
        } else if (!strcmp(n, "secondorder")) {
            int k;
            if (eval_int(m, a->b, n, 0, &k)) {
                if (k > 2)
                    diag_error(m->diag, a->b->loc, "'secondorder' must be 0, 1 or 2");
                else
                    r->secondorder = k;
            }
        } else if (!strcmp(n, "record_every")) {
            if (eval_as(m, NULL, a->b, U("ms"), n, &v) && check_value(m, a->b, n, v, true)) {
                r->record_every = v;
                m->run_every_loc = a->b->loc;
            }
        } else if (!strcmp(n, "method")) {
            const char *meth = a->b->kind == NK_NAME ? a->b->name : "";
            if (!strcmp(meth, "fixed") && !a->has_body) {
                r->cvode = false;
            } else if (!strcmp(meth, "cvode")) {
                r->cvode = true;
                cvode_settings(m, a);
            } else {
                diag_error(m->diag, a->b->loc, "expected 'method = fixed' or 'method = cvode [{ atol = .. rtol = .. }]'");
            }
        } else if (!strcmp(n, "condition_order")) {
            diag_error(m->diag, a->a->loc, "'condition_order' is a CVODE setting: 'method = cvode { condition_order = "
                       "2 }' (NEURON's fixed step ignores it)");
        } else {
            diag_error(m->diag, a->a->loc, "unknown run setting '%s'", n);
            diag_note(m->diag, a->a->loc, "settings: tstop, dt, v_init, celsius, secondorder, method, record_every");
        }
    }
}

/* `edges "file" from POP to POP2.SYN [{ threshold = ... }]`: a NetCon
 * for each line "src,tgt,weight,delay" of the file (commas or spaces; a
 * header line, blank lines and '#' comments skipped): from cell POP[src]'s
 * spike source to point process SYN of cell POP2[tgt], weight in SYN's
 * NET_RECEIVE unit, delay in ms; in file order. */
static void do_edges(Model *m, const NrnNode *st)
{
    if (strcmp(st->name, "from") != 0 || strcmp(st->text, "to") != 0) {
        diag_error(m->diag, st->loc, "expected 'edges \"FILE\" from POP to POP.SYN'");
        return;
    }
    int sp = st->a->kind == NK_NAME ? strmap_get(&m->pop_map, st->a->name) : -1;
    if (sp < 0) {
        diag_error(m->diag, st->a->loc, "expected a population after 'from'");
        return;
    }
    if (st->b->kind != NK_MEMBER || st->b->a->kind != NK_NAME || strmap_get(&m->pop_map, st->b->a->name) < 0) {
        diag_error(m->diag, st->b->loc, "expected POP.SYN after 'to': a point process of each cell of a population");
        return;
    }
    const Population *src = &m->pops.data[sp], *tgt = &m->pops.data[strmap_get(&m->pop_map, st->b->a->name)];
    double threshold = 0;
    bool set_threshold = false;
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *a = st->body.items[i];
        if (a->kind == NK_ASSIGN && a->a->kind == NK_NAME && !strcmp(a->a->name, "threshold")) {
            if (!eval_as(m, NULL, a->b, U("mV"), "threshold", &threshold))
                return;
            set_threshold = true;
        } else {
            diag_error(m->diag, a->loc, "an edges block sets only 'threshold' (the file gives weight and delay)");
            return;
        }
    }
    const char *path = st->name2[0] == '/' ? st->name2 : arena_printf(m->arena, "%s/%s", m->dir, st->name2);
    APUSH(m->arena, m->deps, path);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(m->diag, st->loc, "cannot read '%s': %s", st->name2, strerror(errno));
        return;
    }
    SrcFile *sf = ARENA_NEW(m->arena, SrcFile);
    sf->path = path;
    sf->text = arena_strndup(m->arena, text, len);
    sf->len = len;
    free(text);
    int *syn = xmalloc(sizeof(int) * (size_t)tgt->n);
    for (int k = 0; k < tgt->n; k++)
        syn[k] = -2; /* not looked up yet */
    int line = 0, nedges = 0;
    for (const char *p = sf->text; *p;) {
        line++;
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char buf[512];
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, p, n);
        buf[n] = 0;
        p = e ? e + 1 : p + n;
        for (char *c = buf; *c; c++)
            if (*c == ',' || *c == '\t' || *c == '\r')
                *c = ' ';
        char *q = buf;
        while (*q == ' ')
            q++;
        if (!*q || *q == '#')
            continue;
        double v[4];
        int k = 0;
        char *end = q;
        for (; k < 4; k++) {
            v[k] = strtod(end, &end);
            if (end == q)
                break;
            q = end;
        }
        while (*end == ' ')
            end++;
        SrcLoc at = {sf, line, 1};
        if (k < 4 || *end) {
            if (k == 0 && nedges == 0)
                continue; /* a header */
            diag_error(m->diag, at, "expected 'src,tgt,weight,delay'");
            break;
        }
        if (v[0] != (int)v[0] || v[0] < 0 || v[0] >= src->n || v[1] != (int)v[1] || v[1] < 0 || v[1] >= tgt->n) {
            diag_error(m->diag, at, "cell index out of range (%s has %d cells, %s has %d)", src->name, src->n,
                       tgt->name, tgt->n);
            break;
        }
        if (!(v[3] >= 0)) {
            diag_error(m->diag, at, "a delay must be >= 0 ms");
            break;
        }
        const CellInst *sc = &m->cells.data[src->first + (int)v[0]];
        if (sc->det < 0 && sc->pp < 0) {
            diag_error(m->diag, st->loc, "cell '%s' has no spike source: give its type one, as in "
                       "'spike at soma(0.5)'", sc->name);
            break;
        }
        int ti = (int)v[1];
        if (syn[ti] == -2) {
            int c = tgt->first + ti;
            IN_CELL_SCOPE(m, c, syn[ti] = find_pp(m, st->b->name));
        }
        if (syn[ti] < 0 || !m->mechs.data[m->pps.data[syn[ti]].mech]->netrecv) {
            diag_error(m->diag, st->b->loc, "'%s' is not a point process with NET_RECEIVE in the cells of %s",
                       st->b->name, tgt->name);
            break;
        }
        const Mech *tm = m->mechs.data[m->pps.data[syn[ti]].mech];
        NetCon nc;
        memset(&nc, 0, sizeof nc);
        nc.loc = at;
        nc.det = sc->det;
        nc.src_pp = sc->pp;
        nc.target = syn[ti];
        nc.delay = v[3];
        nc.nw = tm->netrecv->list.len > 0 ? tm->netrecv->list.len : 1;
        nc.w = ARENA_NEWN(m->arena, double, nc.nw);
        memset(nc.w, 0, sizeof(double) * (size_t)nc.nw);
        nc.w[0] = v[2];
        if (set_threshold && nc.det >= 0) {
            m->detectors.data[nc.det].threshold = threshold;
            m->detectors.data[nc.det].threshold_set = true;
        }
        APUSH(m->arena, m->netcons, nc);
        nedges++;
    }
    free(syn);
}

/* ---- cells, populations, loops ---- */

typedef VEC(PendingAll) PendingVec;

static void pass1_items(Model *m, const NrnList *items);
static void pass2_items(Model *m, const NrnList *items);
static void pass3_items(Model *m, const NrnList *items, PendingVec *pending);

/* Enters cell c's scope (its names prefixed, forall over its sections). */
static void enter_cell(Model *m, int c, const char **scope_sav, int *cell_sav)
{
    *scope_sav = m->scope;
    *cell_sav = m->scope_cell;
    m->scope = arena_printf(m->arena, "%s.", m->cells.data[c].name);
    m->scope_cell = c;
}

static void leave_cell(Model *m, const char *scope_sav, int cell_sav)
{
    m->scope = scope_sav;
    m->scope_cell = cell_sav;
}

/* Is name free for a new population, cell or section at top level? */
static bool name_free(Model *m, const char *name, SrcLoc loc)
{
    if (value_name(m, name) || strmap_get(&m->sec_map, name) >= 0 || strmap_get(&m->arr_map, name) >= 0 ||
        strmap_get(&m->pp_map, name) >= 0 || strmap_get(&m->cell_map, name) >= 0 ||
        strmap_get(&m->pop_map, name) >= 0 || strmap_get(&m->type_map, name) >= 0) {
        diag_error(m->diag, loc, "'%s' is already a name in the model", name);
        return false;
    }
    return true;
}

/* `cell Name { ... }` (before pass 1): a cell type; what its body may hold. */
static void declare_cell_type(Model *m, const NrnNode *st)
{
    if (m->scope && *m->scope) {
        diag_error(m->diag, st->loc, "a cell type is declared at the top level");
        return;
    }
    if (!name_free(m, st->name, st->loc))
        return;
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *it = st->body.items[i];
        switch (it->kind) {
        case NK_SECTION: case NK_MORPH: case NK_CONNECT: case NK_FORALL: case NK_ONSEC: case NK_ASSIGN:
        case NK_POINT: case NK_SPIKE: case NK_NETCON: case NK_SETPOINTER: case NK_HOCCALL:
            break;
        default:
            diag_error(m->diag, it->loc, "this belongs at the top level, not in a cell type");
        }
    }
    CellType t = {st->name, st};
    strmap_put(&m->type_map, st->name, m->ctypes.len);
    APUSH(m->arena, m->ctypes, t);
}

/* One instance of cell type `type`, named name, made by pass 1. */
static int make_cell(Model *m, const char *name, int type, SrcLoc loc)
{
    CellInst c = {name, type, m->secs.len, m->secs.len, -1, -1, loc};
    int ci = m->cells.len;
    APUSH(m->arena, m->cells, c);
    strmap_put(&m->cell_map, name, ci);
    const char *ss;
    int cs;
    enter_cell(m, ci, &ss, &cs);
    pass1_items(m, &m->ctypes.data[type].node->body);
    m->cells.data[ci].sec_hi = m->secs.len;
    leave_cell(m, ss, cs);
    return ci;
}

/* `population p = Type[N] { x = EXPR  y = EXPR  z = EXPR }`: each cell's
 * position (um), each EXPR evaluated with i the cell's index (a const);
 * a coordinate not given is 0.  `{ positions = "FILE" }`: from a file
 * (positions.c).  False after an error. */
static bool population_positions(Model *m, const NrnNode *st, Population *p)
{
    const NrnNode *coord[3] = {NULL, NULL, NULL};
    static const char *const names[3] = {"x", "y", "z"};
    for (int k = 0; k < st->body.len; k++) {
        const NrnNode *a = st->body.items[k];
        if (a->kind == NK_ASSIGN && a->a->kind == NK_NAME && !strcmp(a->a->name, "positions") && a->b &&
            a->b->kind == NK_STRING && st->body.len == 1) {
            const char *f = a->b->name;
            const char *path = f[0] == '/' ? f : arena_printf(m->arena, "%s/%s", m->dir, f);
            APUSH(m->arena, m->deps, path);
            p->pos = ARENA_NEWN(m->arena, double, 3 * (size_t)p->n);
            return positions_read(m->arena, m->diag, path, a->b->loc, p->n, p->pos);
        }
        int c = -1;
        if (a->kind == NK_ASSIGN && a->a->kind == NK_NAME)
            for (int q = 0; q < 3; q++)
                if (!strcmp(a->a->name, names[q]))
                    c = q;
        if (c < 0) {
            diag_error(m->diag, a->kind == NK_ASSIGN ? a->a->loc : a->loc, "a population's body gives its cells' "
                       "positions: 'x = EXPR  y = EXPR  "
                       "z = EXPR' (i is the cell's index), or 'positions = \"FILE\"' alone");
            return false;
        }
        if (coord[c]) {
            diag_error(m->diag, a->a->loc, "'%s' is given twice", names[c]);
            return false;
        }
        coord[c] = a->b;
    }
    if (value_name(m, "i")) {
        diag_error(m->diag, st->loc, "a population's positions name the cell's index 'i', but 'i' is a const or "
                   "param here");
        return false;
    }
    p->pos = ARENA_NEWN(m->arena, double, 3 * (size_t)p->n);
    for (int i = 0; i < p->n; i++) {
        ConstVal c = {"i", (double)i, units_one(), false, st->loc};
        APUSH(m->arena, m->consts, c);
        bool ok = true;
        for (int q = 0; q < 3 && ok; q++) {
            p->pos[3 * i + q] = 0;
            if (coord[q])
                ok = eval_as(m, NULL, coord[q], U("um"), names[q], &p->pos[3 * i + q]);
            if (ok && !isfinite(p->pos[3 * i + q])) {
                diag_error(m->diag, coord[q]->loc, "position '%s' of cell %d is not a finite number", names[q], i);
                ok = false;
            }
        }
        m->consts.len--;
        if (!ok)
            return false;
    }
    return true;
}

/* `population p = Type[N]` (pass 1): N cells p[0] .. p[N-1]. */
static void declare_population(Model *m, const NrnNode *st)
{
    int type = strmap_get(&m->type_map, st->name2);
    if (type < 0) {
        diag_error(m->diag, st->loc, "unknown cell type '%s' (declare it first: 'cell %s { ... }')", st->name2,
                   st->name2);
        return;
    }
    int n;
    if (!eval_int(m, st->a, "population size", 1, &n))
        return;
    if (n > 10000000) {
        diag_error(m->diag, st->a->loc, "population size %d is too large", n);
        return;
    }
    if (!name_free(m, st->name, st->loc))
        return;
    Population p = {st->name, type, m->cells.len, n, st->loc, NULL};
    if (st->has_body && !population_positions(m, st, &p))
        return;
    strmap_put(&m->pop_map, st->name, m->pops.len);
    APUSH(m->arena, m->pops, p);
    for (int i = 0; i < n; i++) {
        int before = m->diag->nerrors;
        make_cell(m, arena_printf(m->arena, "%s[%d]", st->name, i), type, st->loc);
        if (m->diag->nerrors != before)
            break; /* the same errors would come again for each cell */
    }
}

/* The cells a population statement or a single instance made (pass 2, 3). */
static void cells_of(Model *m, const NrnNode *st, int *first, int *n)
{
    *first = 0;
    *n = 0;
    if (st->kind == NK_POPULATION) {
        int p = strmap_get(&m->pop_map, st->name);
        if (p >= 0 && srcloc_eq(m->pops.data[p].loc, st->loc)) {
            *first = m->pops.data[p].first;
            *n = m->pops.data[p].n;
        }
    } else {
        int c = strmap_get(&m->cell_map, st->name2);
        if (c >= 0 && srcloc_eq(m->cells.data[c].loc, st->loc)) {
            *first = c;
            *n = 1;
        }
    }
}

static bool is_cell_instance(Model *m, const NrnNode *st)
{
    return st->kind == NK_POINT && !st->a && strmap_get(&m->type_map, st->name) >= 0;
}

/* The populations a statement names with [*] (at most two, in order). */
static void each_pops(Model *m, const NrnNode *e, int *pops, int *n)
{
    if (!e)
        return;
    if (e->kind == NK_EACH && e->a->kind == NK_NAME) {
        int p = strmap_get(&m->pop_map, e->a->name);
        if (p >= 0 && !(*n > 0 && pops[0] == p) && !(*n > 1 && pops[1] == p)) {
            if (*n < 2)
                pops[*n] = p;
            (*n)++;
        }
    }
    each_pops(m, e->a, pops, n);
    each_pops(m, e->b, pops, n);
    for (int k = 0; k < e->list.len; k++)
        each_pops(m, e->list.items[k], pops, n);
}

/* `record X, ... every D ms` (NEURON's Vector.record(&x, Dt)): rows at 0,
 * D, D + D, ... instead of every step.  traces.csv has one time column,
 * so every record statement of columns gives the same D (checked in
 * model_check with the run block's record_every). */
static void record_every(Model *m, const NrnNode *st, bool cols)
{
    double v;
    if (!eval_as(m, NULL, st->b, U("ms"), "every", &v) || !check_value(m, st->b, "every", v, true))
        return;
    if (!cols) {
        diag_error(m->diag, st->b->loc, "'every' applies to recorded variables (the rows of traces.csv), not to "
                   "spikes, which are written at their times");
        return;
    }
    if (m->rec_every > 0 && v != m->rec_every) {
        diag_error(m->diag, st->b->loc, "every %g ms here but %g ms before: traces.csv has one time column, so "
                   "every record has the same interval", v, m->rec_every);
        diag_note(m->diag, m->rec_every_loc, "the first interval");
        return;
    }
    if (m->rec_every <= 0) {
        m->rec_every = v;
        m->rec_every_loc = st->b->loc;
    }
}

/* Runs a pass-3 statement once, or once per cell of each population it
 * names with [*] (all pairs for two). */
static void pass3_each(Model *m, const NrnNode *st, PendingVec *pending)
{
    int pops[2] = {-1, -1}, n = 0;
    if (st->kind == NK_RECORD || st->kind == NK_NETCON || st->kind == NK_ASSIGN || st->kind == NK_ONSEC ||
        st->kind == NK_SETPOINTER) {
        each_pops(m, st->a, pops, &n);
        each_pops(m, st->b, pops, &n);
        for (int k = 0; k < st->list.len; k++)
            each_pops(m, st->list.items[k], pops, &n);
    }
    if (n > 2) {
        diag_error(m->diag, st->loc, "at most two populations can be named with [*] in one statement");
        return;
    }
    if (n == 0 || (m->each_pop[0] >= 0 && (pops[0] == m->each_pop[0] || pops[0] == m->each_pop[1]))) {
        NrnList one = {(NrnNode **)&st, 1, 1};
        pass3_items(m, &one, pending);
        return;
    }
    int sav[4] = {m->each_pop[0], m->each_pop[1], m->each_i[0], m->each_i[1]};
    const Population *p0 = &m->pops.data[pops[0]], *p1 = n > 1 ? &m->pops.data[pops[1]] : NULL;
    m->each_pop[0] = pops[0];
    m->each_pop[1] = n > 1 ? pops[1] : -1;
    for (int i = 0; i < p0->n; i++)
        for (int j = 0; j < (p1 ? p1->n : 1); j++) {
            m->each_i[0] = i;
            m->each_i[1] = j;
            int before = m->diag->nerrors;
            NrnList one = {(NrnNode **)&st, 1, 1};
            pass3_items(m, &one, pending);
            if (m->diag->nerrors != before) {
                i = p0->n;
                break;
            }
        }
    m->each_pop[0] = sav[0];
    m->each_pop[1] = sav[1];
    m->each_i[0] = sav[2];
    m->each_i[1] = sav[3];
}

/* `for i in a .. b { ... }` (pass 3): the body once per whole number i
 * from a to b, i a const inside it. */
static void do_for(Model *m, const NrnNode *st, PendingVec *pending)
{
    int lo, hi;
    if (!eval_int(m, st->a, "loop start", INT_MIN, &lo) || !eval_int(m, st->b, "loop end", INT_MIN, &hi))
        return;
    if (value_name(m, st->name) || strmap_get(&m->pop_map, st->name) >= 0 || strmap_get(&m->cell_map, st->name) >= 0) {
        diag_error(m->diag, st->loc, "the loop variable '%s' is already a name in the model", st->name);
        return;
    }
    for (int i = 0; i < st->body.len; i++) {
        const NrnNode *it = st->body.items[i];
        int k = it->kind;
        if (k == NK_POINT && strmap_get(&m->type_map, it->name) >= 0) {
            diag_error(m->diag, it->loc, "cells are not made in a loop: make many with 'population %s = %s[N]'",
                       it->name2, it->name);
            return;
        }
        if (k == NK_POINT && !it->b) {
            diag_error(m->diag, it->loc, "a point process made in a loop is an array element: give its name an "
                       "index, as in '%s %s[%s]'", it->name, it->name2, st->name);
            return;
        }
        if (k != NK_NETCON && k != NK_RECORD && k != NK_ASSIGN && k != NK_ONSEC && k != NK_SETPOINTER &&
            k != NK_FOR && k != NK_POINT && k != NK_SPIKE && k != NK_CONNECT && k != NK_PLAY && k != NK_HOCCALL) {
            diag_error(m->diag, it->loc, "a loop body holds netcon, record, play, spike, connect, setpointer, call, "
                       "point processes, assignments, section bodies and loops");
            return;
        }
    }
    for (long i = lo; i <= hi; i++) {
        ConstVal c = {st->name, (double)i, units_one(), false, st->loc};
        APUSH(m->arena, m->consts, c);
        int before = m->diag->nerrors;
        pass3_items(m, &st->body, pending);
        m->consts.len--;
        if (m->diag->nerrors != before)
            break;
    }
}

/* The names the executable's command line gives its run settings. */
static const char *const run_setting_names[] = {"tstop", "dt", "v_init", "celsius", "secondorder",
                                                "seed", "atol", "rtol", "method"};

/* `param NAME = value`: its default fixed at compile time (nrncc -D may
 * set it, in its unit). */
static void declare_param(Model *m, const NrnNode *st)
{
    if (value_name(m, st->name) || section_by_name(m, st->name) >= 0) {
        diag_error(m->diag, st->loc, "'%s' is declared twice", st->name);
        return;
    }
    for (size_t k = 0; k < sizeof run_setting_names / sizeof run_setting_names[0]; k++)
        if (!strcmp(st->name, run_setting_names[k])) {
            diag_error(m->diag, st->loc, "'%s' is a run setting: the executable takes %s=VALUE itself", st->name,
                       st->name);
            return;
        }
    if (!strcmp(st->name, "x") || !strcmp(st->name, "diam") || !strcmp(st->name, "L") ||
        !strcmp(st->name, "PI")) {
        diag_error(m->diag, st->loc, "'%s' is a reserved name in values", st->name);
        return;
    }
    Quant q;
    if (!eval(m, NULL, st->a, &q))
        return;
    ParamDef p = {st->name, q.v, q.u, !q.bare, NULL, st->loc};
    /* the unit as written, when the value is a number with a unit */
    const NrnNode *v = st->a;
    if (v->kind == NK_NEG)
        v = v->a;
    if (!q.bare) {
        if (v->kind != NK_NUM || !v->unit) {
            diag_error(m->diag, st->a->loc, "a param's value is a number with its unit, as in 'param w = 0.05 uS'");
            return;
        }
        p.unit_text = v->unit;
    }
    for (int d = 0; d < m->ndefs; d++)
        if (!strcmp(m->def_names[d], st->name)) {
            p.value = m->def_vals[d]; /* nrncc -D: in the param's own unit */
            m->def_used[d] = true;
        }
    APUSH(m->arena, m->params, p);
}

/* Pass 1: names (consts, sections, mechanisms, cells). */
static void pass1_items(Model *m, const NrnList *items)
{
    for (int i = 0; i < items->len; i++) {
        const NrnNode *st = items->items[i];
        switch (st->kind) {
        case NK_MODEL:
            if (m->named)
                diag_error(m->diag, st->loc, "the model is named twice");
            m->name = st->name;
            m->named = true;
            break;
        case NK_CONST: {
            if (value_name(m, st->name) || section_by_name(m, st->name) >= 0) {
                diag_error(m->diag, st->loc, "'%s' is declared twice", st->name);
                break;
            }
            Quant q;
            if (!eval(m, NULL, st->a, &q))
                break;
            for (int d = 0; d < m->ndefs; d++)
                if (!strcmp(m->def_names[d], st->name)) {
                    q.v = m->def_vals[d]; /* nrncc -D: in the const's own unit */
                    m->def_used[d] = true;
                }
            ConstVal c = {st->name, q.v, q.u, !q.bare, st->loc};
            APUSH(m->arena, m->consts, c);
            break;
        }
        case NK_PARAM: declare_param(m, st); break;
        case NK_SECTION: declare_sections(m, st); break;
        case NK_MORPH: load_morphology(m, st); break;
        case NK_USE:
            for (int k = 0; k < st->list.len; k++) {
                const NrnNode *s = st->list.items[k];
                const char *path = s->name[0] == '/' ? s->name : arena_printf(m->arena, "%s/%s", m->dir, s->name);
                if (!file_exists(path)) {
                    diag_error(m->diag, s->loc, "cannot open '%s': %s", s->name, "no such file");
                    continue;
                }
                load_mod(m, path, s->loc);
            }
            break;
        case NK_CELL: break; /* declared before pass 1 */
        case NK_POPULATION: declare_population(m, st); break;
        case NK_POINT:
            if (is_cell_instance(m, st) && st->b)
                diag_error(m->diag, st->loc, "one cell is '%s NAME'; many are a population: 'population %s = %s[N]'",
                           st->name, st->name2, st->name);
            else if (is_cell_instance(m, st) && name_free(m, st->name2, st->loc))
                make_cell(m, st->name2, strmap_get(&m->type_map, st->name), st->loc);
            break;
        default: break;
        }
    }
}

/* The connects of a loop (pass 2), once per value of its variable; the
 * loop's other items and its errors wait for pass 3 (do_for). */
static void for_connects(Model *m, const NrnNode *st)
{
    long lo, hi;
    if (!quiet_int(m, st->a, &lo) || !quiet_int(m, st->b, &hi) || value_name(m, st->name) ||
        strmap_get(&m->pop_map, st->name) >= 0 || strmap_get(&m->cell_map, st->name) >= 0)
        return;
    bool any = false;
    for (int k = 0; k < st->body.len; k++)
        any |= st->body.items[k]->kind == NK_CONNECT || st->body.items[k]->kind == NK_FOR;
    for (long i = lo; any && i <= hi; i++) {
        ConstVal c = {st->name, (double)i, units_one(), false, st->loc};
        APUSH(m->arena, m->consts, c);
        int before = m->diag->nerrors;
        pass2_items(m, &st->body);
        m->consts.len--;
        if (m->diag->nerrors != before)
            break;
    }
}

/* Pass 2: topology. */
static void pass2_items(Model *m, const NrnList *items)
{
    for (int i = 0; i < items->len; i++) {
        const NrnNode *st = items->items[i];
        if (st->kind == NK_CONNECT) {
            do_connect(m, st);
        } else if (st->kind == NK_FOR) {
            for_connects(m, st);
        } else if (st->kind == NK_POPULATION || is_cell_instance(m, st)) {
            int first, n;
            cells_of(m, st, &first, &n);
            for (int c = first; c < first + n; c++) {
                const char *ss;
                int cs;
                enter_cell(m, c, &ss, &cs);
                pass2_items(m, &m->ctypes.data[m->cells.data[c].type].node->body);
                leave_cell(m, ss, cs);
            }
        }
    }
}

/* Pass 3: everything else, in order. */
static void pass3_items(Model *m, const NrnList *items, PendingVec *pending)
{
    for (int i = 0; i < items->len; i++) {
        const NrnNode *st = items->items[i];
        if (st->kind == NK_NETCON && netcon_is_rule(st)) {
            do_netcon_rule(m, st);
            continue;
        }
        if (m->each_pop[0] < 0 && (st->kind == NK_RECORD || st->kind == NK_NETCON || st->kind == NK_ASSIGN ||
                                   st->kind == NK_ONSEC || st->kind == NK_SETPOINTER)) {
            int pops[2], n = 0;
            each_pops(m, st->a, pops, &n);
            each_pops(m, st->b, pops, &n);
            for (int k = 0; k < st->list.len; k++)
                each_pops(m, st->list.items[k], pops, &n);
            if (n) {
                pass3_each(m, st, pending);
                continue;
            }
        }
        switch (st->kind) {
        case NK_SECTION: section_body(m, st); break;
        case NK_FORALL: {
            int lo, hi;
            scope_range(m, &lo, &hi);
            for (int k = lo; k < hi; k++)
                apply_body(m, &m->secs.data[k], &st->body);
            break;
        }
        case NK_ONSEC: {
            if (st->a->kind == NK_EACH) {
                apply_each(m, st);
                break;
            }
            int s = find_section(m, st->a, true);
            if (s >= 0)
                apply_body(m, &m->secs.data[s], &st->body);
            break;
        }
        case NK_ASSIGN: do_assign(m, st); break;
        case NK_POINT:
            if (is_cell_instance(m, st)) {
                int first, n;
                cells_of(m, st, &first, &n);
                for (int c = first; c < first + n; c++) {
                    const char *ss;
                    int cs;
                    enter_cell(m, c, &ss, &cs);
                    pass3_items(m, &m->ctypes.data[m->cells.data[c].type].node->body, pending);
                    leave_cell(m, ss, cs);
                }
            } else if (!strcmp(st->name, "Random")) {
                do_random(m, st);
            } else if (!strcmp(st->name, "Vector")) {
                do_vector(m, st);
            } else {
                do_point(m, st);
            }
            break;
        case NK_POPULATION: {
            int first, n;
            cells_of(m, st, &first, &n);
            for (int c = first; c < first + n; c++) {
                const char *ss;
                int cs;
                int before = m->diag->nerrors;
                enter_cell(m, c, &ss, &cs);
                pass3_items(m, &m->ctypes.data[m->cells.data[c].type].node->body, pending);
                leave_cell(m, ss, cs);
                if (m->diag->nerrors != before)
                    break;
            }
            break;
        }
        case NK_FOR: do_for(m, st, pending); break;
        case NK_EDGES: do_edges(m, st); break;
        case NK_NETCON: do_netcon(m, st); break;
        case NK_SPIKE: do_spike(m, st); break;
        case NK_RECORD: {
            int cols = m->records.len;
            for (int k = 0; k < st->list.len; k++)
                do_record_item(m, st->list.items[k]);
            if (st->b)
                record_every(m, st, m->records.len > cols);
            else if (m->records.len > cols && !m->rec_plain) {
                m->rec_plain = true;
                m->rec_plain_loc = st->loc;
            }
            break;
        }
        case NK_RUN: do_run(m, st); break;
        case NK_SETPOINTER: do_setpointer(m, st); break;
        case NK_HOCCALL: do_hoccall(m, st); break;
        case NK_FUNCTABLE: break; /* after every mechanism is loaded (below) */
        case NK_PLAY: do_play(m, st); break;
        case NK_INIT: do_init(m, st); break;
        case NK_RANGEREC: do_rangerec(m, st); break;
        case NK_PLOTSHAPE: do_plotshape(m, st); break;
        case NK_PLOTTRACES: m->plot_traces |= st->name ? 2 : 1; break;
        case NK_INSERT:
        case NK_PT3D:
            diag_error(m->diag, st->loc, "'%s' belongs inside a section: 'soma { ... }'",
                       st->kind == NK_INSERT ? "insert" : "pt3d");
            break;
        case NK_RECORD_ALL: {
            PendingAll p = {st, m->records.len};
            VEC_PUSH(*pending, p);
            if (st->b)
                record_every(m, st, true);
            else if (!m->rec_plain) {
                m->rec_plain = true;
                m->rec_plain_loc = st->loc;
            }
            break;
        }
        case NK_MODEL:
        case NK_CONST:
        case NK_PARAM:
        case NK_USE:
        case NK_MORPH:
        case NK_CELL:
        case NK_CONNECT: break;
        default: diag_error(m->diag, st->loc, "unexpected statement"); break;
        }
    }
}

/* The VecStims' times as their FUNCTION_TABLE: time k at x = k (exact
 * at whole x), or the constant 0 when there are none. */
static void vecstim_tables(Model *m)
{
    for (int k = 0; k < m->mechs.len; k++) {
        if (!is_vecstim(m->mechs.data[k]))
            continue;
        bool given = false;
        for (int q = 0; q < m->functables.len; q++)
            if (m->functables.data[q].mech == k && !strcmp(m->functables.data[q].func, "vecstim_time")) {
                /* harmless while no VecStim has times (nrncc --check gives one) */
                if (m->vecstim_times.len) {
                    diag_error(m->diag, m->functables.data[q].loc, "the values of vecstim_time_%s come from the "
                               "VecStims' 'times'", m->mechs.data[k]->name);
                    return;
                }
                given = true;
            }
        if (given)
            continue;
        FuncTableData t;
        memset(&t, 0, sizeof t);
        t.loc = (SrcLoc){0};
        t.mech = k;
        t.func = "vecstim_time";
        int n = m->vecstim_times.len;
        t.n = n ? n : 1;
        t.y = ARENA_NEWN(m->arena, double, t.n);
        if (n) {
            t.x = ARENA_NEWN(m->arena, double, n);
            for (int i = 0; i < n; i++) {
                t.x[i] = i;
                t.y[i] = m->vecstim_times.data[i];
            }
        }
        APUSH(m->arena, m->functables, t);
    }
}

bool model_check(Model *m, const NrnFile *f)
{
    int before = m->diag->nerrors;
    m->run.tstop = 5;
    m->run.dt = 0.025;
    m->run.v_init = -65;
    m->run.celsius = 6.3;
    m->run.secondorder = 0;
    m->run.atol = 1e-3;
    m->run.rtol = 0;
    m->run.condition_order = 1;
    m->scope = "";
    m->scope_cell = -1;
    m->each_pop[0] = m->each_pop[1] = -1;
    for (int i = 0; i < f->items.len; i++)
        if (f->items.items[i]->kind == NK_CELL)
            declare_cell_type(m, f->items.items[i]);
    pass1_items(m, &f->items);
    for (int d = 0; d < m->ndefs; d++)
        if (!m->def_used[d])
            diag_plain_error(m->diag, "-D %s: the model has no const or param '%s'", m->def_names[d], m->def_names[d]);
    pass2_items(m, &f->items);
    PendingVec pending = {0};
    pass3_items(m, &f->items, &pending);
    /* `record forall VAR` sees the final nseg; its columns go where it stands */
    for (int i = pending.len - 1; i >= 0; i--)
        record_all(m, pending.data[i].st, pending.data[i].at);
    VEC_FREE(pending);
    check_valences(m);
    for (int i = 0; i < f->items.len; i++)
        if (f->items.items[i]->kind == NK_FUNCTABLE)
            do_functable(m, f->items.items[i]);
    vecstim_tables(m);
    for (int i = 0; i < m->rangeplots.len; i++) /* (the run's tstop is known now) */
        if (m->rangeplots.data[i].shape && m->rangeplots.data[i].times[0] > m->run.tstop)
            diag_error(m->diag, m->rangeplots.data[i].tloc,
                       "'plot shape' at %g ms: the run stops at tstop = %g ms", m->rangeplots.data[i].times[0],
                       m->run.tstop);
    /* one row interval for traces.csv: `record ... every` and record_every */
    if (m->rec_every > 0) {
        if (m->rec_plain) {
            diag_error(m->diag, m->rec_plain_loc, "this record has no 'every' but another has (every %g ms): "
                       "traces.csv has one time column, so give every record the same 'every'", m->rec_every);
            diag_note(m->diag, m->rec_every_loc, "the record with 'every'");
        } else if (m->run.record_every > 0 && m->run.record_every != m->rec_every) {
            diag_error(m->diag, m->run_every_loc, "record_every = %g ms, but the records say every %g ms",
                       m->run.record_every, m->rec_every);
            diag_note(m->diag, m->rec_every_loc, "the records' interval");
        } else {
            m->run.record_every = m->rec_every;
        }
    }
    /* `record X.spikes` without `record spikes`: those sources only */
    if (m->spike_sel_req && !m->spike_all) {
        m->spike_sel = ARENA_NEWN(m->arena, bool, m->ngid + 1);
        memset(m->spike_sel, 0, sizeof(bool) * (size_t)(m->ngid + 1));
        for (int i = 0; i < m->spike_gids.len; i++)
            m->spike_sel[m->spike_gids.data[i]] = true;
    }
    if (m->diag->nerrors == before && m->secs.len == 0 && m->pps.len == 0) {
        SrcLoc top = {f->src, 1, 1};
        diag_error(m->diag, top, "the model has no sections and no artificial cells: nothing to simulate");
    }
    return m->diag->nerrors == before;
}

void model_free(Model *m)
{
    strmap_free(&m->sec_map);
    strmap_free(&m->arr_map);
    strmap_free(&m->pp_map);
    strmap_free(&m->rand_map);
    strmap_free(&m->vec_map);
    strmap_free(&m->cell_map);
    strmap_free(&m->pop_map);
    strmap_free(&m->type_map);
    strmap_free(&m->param_slot);
}
