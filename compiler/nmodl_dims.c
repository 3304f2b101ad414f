/* nmodl_dims.c - modlunit's dimension check of expressions, as warnings.
 *
 * needs: a checked Mech (its variables' parsed units).
 * provides: nmodl_check_dims(): a warning (file:line:col: warning: ...)
 * where two sides that must have the same dimensions do not (a sum, a
 * comparison, an assignment, a derivative and its state over time) and
 * where an argument of exp, log, sin, ... or an exponent is not
 * dimensionless: what NEURON's modlunit reports as "not conformable" or
 * "not dimensionless".  Only dimensions, not scale factors (modlunit's
 * "missing a conversion factor" is not checked).
 *
 * It warns only where it is sure: a quantity has a dimension when it
 * comes from a declaration with units nrncc reads (a variable, a
 * FUNCTION, an argument), from NEURON's own variables (v, t, dt,
 * celsius, diam, area) or from a number written with units; a plain
 * number adapts to what it is added to and is dimensionless in a product;
 * anything else (a LOCAL, a variable declared without units, a call of
 * most functions) is unknown and silences the check around it.  A file
 * with UNITSOFF anywhere is not checked (modlunit skips those parts);
 * KINETIC reactions, LINEAR/NONLINEAR equations, NET_RECEIVE and
 * VERBATIM are not checked.
 */
#include <stdio.h>
#include <string.h>

#include "mech.h"
#include "units.h"

typedef enum { D_UNKNOWN, D_NUMBER, D_KNOWN } DimKind;

typedef struct Dim {
    DimKind kind;
    Unit u;
} Dim;

typedef struct DimCheck {
    Diag *diag;
    const Mech *m;
    const MNode *func;   /* the FUNCTION or PROCEDURE being checked, or NULL */
    VEC(const char *) locals;
} DimCheck;

static Dim unknown(void)
{
    Dim d = {D_UNKNOWN, units_one()};
    return d;
}

static Dim known(Unit u)
{
    Dim d = {D_KNOWN, u};
    return d;
}

static bool parse_unit(const char *text, Unit *u)
{
    char err[160];
    return text && *text && units_parse(text, u, err, sizeof err);
}

static const char *describe(Unit u, char *buf, size_t n)
{
    units_describe(u, buf, n);
    return buf;
}

static bool is_local(DimCheck *c, const char *name)
{
    for (int i = 0; i < c->locals.len; i++)
        if (!strcmp(c->locals.data[i], name))
            return true;
    return false;
}

static Dim name_dim(DimCheck *c, const MNode *x)
{
    const char *n = x->name;
    if (is_local(c, n))
        return unknown();
    if (c->func) {
        for (int k = 0; k < c->func->list.len; k++)
            if (!strcmp(c->func->list.items[k]->name, n)) {
                Unit u;
                return parse_unit(c->func->list.items[k]->units, &u) ? known(u) : unknown();
            }
        if (!strcmp(c->func->name, n)) {
            Unit u;
            return parse_unit(c->func->units, &u) ? known(u) : unknown();
        }
    }
    int v = mech_var(c->m, n);
    if (v >= 0) {
        const MechVar *mv = &c->m->vars.data[v];
        return mv->unit_ok && !mv->pointer ? known(mv->unit) : unknown();
    }
    static const char *const builtin[][2] = {
        {"v", "mV"}, {"t", "ms"}, {"dt", "ms"}, {"celsius", "degC"}, {"diam", "um"}, {"area", "um2"},
    };
    for (size_t k = 0; k < sizeof builtin / sizeof builtin[0]; k++)
        if (!strcmp(n, builtin[k][0])) {
            Unit u;
            return parse_unit(builtin[k][1], &u) ? known(u) : unknown();
        }
    return unknown();
}

static Dim expr_dim(DimCheck *c, const MNode *x);

/* Two sides that must agree (a sum, a comparison): a warning when both
 * are known and differ; the known one (or a number) as the result. */
static Dim conform(DimCheck *c, SrcLoc at, Dim a, Dim b, const char *what)
{
    if (a.kind == D_KNOWN && b.kind == D_KNOWN) {
        if (!units_same_dim(a.u, b.u)) {
            char ba[128], bb[128];
            diag_warning(c->diag, at, "the two sides of %s have different dimensions ('%s' and '%s')", what,
                         describe(a.u, ba, sizeof ba), describe(b.u, bb, sizeof bb));
            return unknown();
        }
        return a;
    }
    if (a.kind == D_NUMBER)
        return b;
    if (b.kind == D_NUMBER)
        return a;
    return unknown();
}

static void dimensionless(DimCheck *c, SrcLoc at, Dim d, const char *what)
{
    if (d.kind == D_KNOWN && !units_dimensionless(d.u)) {
        char b[128];
        diag_warning(c->diag, at, "%s is not dimensionless ('%s')", what, describe(d.u, b, sizeof b));
    }
}

static bool is_math1(const char *n)
{
    static const char *const fns[] = {"exp", "log", "log10", "sin", "cos", "tan", "sinh", "cosh", "tanh",
                                      "asin", "acos", "atan", NULL};
    for (int i = 0; fns[i]; i++)
        if (!strcmp(n, fns[i]))
            return true;
    return false;
}

static Dim call_dim(DimCheck *c, const MNode *x)
{
    Dim args[8];
    int n = x->list.len;
    for (int k = 0; k < n; k++) {
        Dim d = expr_dim(c, x->list.items[k]);
        if (k < 8)
            args[k] = d;
    }
    if (n == 1 && is_math1(x->name)) {
        char what[64];
        snprintf(what, sizeof what, "the argument of '%s'", x->name);
        dimensionless(c, x->loc, args[0], what);
        return known(units_one());
    }
    if (n == 1 && !strcmp(x->name, "fabs"))
        return args[0].kind == D_NUMBER ? args[0] : args[0].kind == D_KNOWN ? args[0] : unknown();
    for (int k = 0; k < c->m->funcs.len; k++) {
        const MechFunc *f = &c->m->funcs.data[k];
        if (strcmp(f->name, x->name) != 0)
            continue;
        Unit u;
        if (f->is_function && parse_unit(f->node->units, &u))
            return known(u);
        return unknown();
    }
    return unknown();
}

static Dim expr_dim(DimCheck *c, const MNode *x)
{
    if (!x)
        return unknown();
    switch (x->kind) {
    case MK_NUM: {
        Unit u;
        if (x->units) /* a number written with its unit: 2 (mV) */
            return parse_unit(x->units, &u) ? known(u) : unknown();
        Dim d = {D_NUMBER, units_one()};
        return d;
    }
    case MK_NAME:
        if (x->a)
            expr_dim(c, x->a);
        return name_dim(c, x);
    case MK_CALL: return call_dim(c, x);
    case MK_NEG: return expr_dim(c, x->a);
    case MK_NOT:
        expr_dim(c, x->a);
        return unknown();
    case MK_BINOP: {
        Dim a = expr_dim(c, x->a), b = expr_dim(c, x->b);
        switch (x->op) {
        case '+':
        case '-': return conform(c, x->loc, a, b, x->op == '+' ? "this sum" : "this difference");
        case '*':
        case '/':
            if (a.kind == D_UNKNOWN || b.kind == D_UNKNOWN)
                return unknown();
            if (a.kind == D_NUMBER && b.kind == D_NUMBER)
                return a;
            return known(x->op == '*' ? units_mul(a.u, b.u) : units_div(a.u, b.u));
        case '^':
            dimensionless(c, x->loc, b, "this exponent");
            if (a.kind == D_NUMBER && b.kind == D_NUMBER)
                return a;
            if (a.kind == D_KNOWN && units_dimensionless(a.u))
                return known(units_one());
            if (a.kind == D_KNOWN && x->b->kind == MK_NUM && x->b->num == (int)x->b->num &&
                x->b->num > -10 && x->b->num < 10)
                return known(units_pow(a.u, (int)x->b->num));
            return unknown();
        case '<':
        case '>':
        case MOP_LE:
        case MOP_GE:
        case MOP_EQ:
        case MOP_NE:
            conform(c, x->loc, a, b, "this comparison");
            return unknown();
        default: return unknown();
        }
    }
    default: return unknown();
    }
}

static bool has_unitsoff(const MList *body)
{
    for (int i = 0; i < body->len; i++) {
        const MNode *s = body->items[i];
        if (s->kind == MK_UNITSFLAG && s->flag == 0)
            return true;
        if (has_unitsoff(&s->body) || has_unitsoff(&s->list2))
            return true;
    }
    return false;
}

static void stmts_dim(DimCheck *c, const MList *body)
{
    int nloc = c->locals.len;
    for (int i = 0; i < body->len; i++) {
        const MNode *s = body->items[i];
        switch (s->kind) {
        case MK_LOCAL:
            for (int k = 0; k < s->list.len; k++)
                VEC_PUSH(c->locals, s->list.items[k]->name);
            break;
        case MK_ASSIGN: {
            Dim r = expr_dim(c, s->b);
            if (s->a->a)
                expr_dim(c, s->a->a);
            Dim l = name_dim(c, s->a);
            if (s->order > 0 && l.kind == D_KNOWN) {
                Unit ms;
                if (!parse_unit("ms", &ms))
                    break;
                for (int k = 0; k < s->order; k++)
                    l.u = units_div(l.u, ms);
            } else if (s->order > 0) {
                l = unknown();
            }
            conform(c, s->loc, l, r, s->order ? "this derivative's equation" : "this assignment");
            break;
        }
        case MK_EXPRSTMT: expr_dim(c, s->a); break;
        case MK_IF:
            expr_dim(c, s->a);
            stmts_dim(c, &s->body);
            stmts_dim(c, &s->list2);
            break;
        case MK_WHILE:
            expr_dim(c, s->a);
            stmts_dim(c, &s->body);
            break;
        case MK_FROM:
            VEC_PUSH(c->locals, s->name);
            stmts_dim(c, &s->body);
            break;
        case MK_BLOCK: stmts_dim(c, &s->body); break;
        case MK_PROTECT:
            if (s->a)
                stmts_dim(c, &(MList){(MNode **)&s->a, 1, 1});
            break;
        default: break; /* reactions, equations, tables, VERBATIM, ... */
        }
    }
    c->locals.len = nloc;
}

void nmodl_check_dims(Diag *diag, const Mech *m)
{
    const ModFile *mod = m->mod;
    if (!mod || has_unitsoff(&mod->blocks))
        return;
    for (int i = 0; i < mod->blocks.len; i++)
        if (mod->blocks.items[i]->kind == MK_UNITSFLAG && mod->blocks.items[i]->flag == 0)
            return;
    DimCheck c;
    memset(&c, 0, sizeof c);
    c.diag = diag;
    c.m = m;
    for (int i = 0; i < mod->blocks.len; i++) {
        const MNode *b = mod->blocks.items[i];
        switch (b->kind) {
        case MK_INITIAL:
        case MK_BREAKPOINT:
        case MK_DERIVATIVE:
        case MK_KINETIC:
        case MK_BEFOREAFTER:
        case MK_CONSTRUCTOR:
        case MK_DESTRUCTOR:
            c.func = NULL;
            stmts_dim(&c, &b->body);
            break;
        case MK_FUNCTION:
        case MK_PROCEDURE:
            c.func = b;
            stmts_dim(&c, &b->body);
            break;
        default: break;
        }
    }
    VEC_FREE(c.locals);
}
