/* param.c - run-time parameters: the values of the model that depend on
 * a `param`, as C expressions the executable evaluates at start.
 *
 * needs: model.c's evaluator (model_eval.h): a value that names a param
 * is first evaluated with the param's default, as any other, so that its
 * units are checked and the model has a value; then, here, the same
 * expression is written as C that repeats eval's arithmetic operation
 * for operation (params as P[k], the parts without params folded to
 * their exact values, each unit conversion as eval makes it), so that a
 * run with a param's default gives the same bits as a model compiled with
 * that value.
 * provides: param_begin/param_end around an evaluation, param_store for
 * where the value goes (Model.param_uses); emit.c writes the uses.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_eval.h"
#include "nrn_parse.h"

void param_begin(Model *m)
{
    m->param_allow = m->params.len > 0;
    m->param_hit = false;
}

static int param_index(const Model *m, const char *name)
{
    for (int i = 0; i < m->params.len; i++)
        if (!strcmp(m->params.data[i].name, name))
            return i;
    return -1;
}

/* Does e name a param (where eval would read it)? */
static bool mentions_param(const Model *m, const NrnNode *e)
{
    if (!e)
        return false;
    switch (e->kind) {
    case NK_NAME: return param_index(m, e->name) >= 0;
    case NK_NUM:
    case NK_STRING: return false;
    default: break;
    }
    if (mentions_param(m, e->a) || mentions_param(m, e->b))
        return true;
    for (int i = 0; i < e->list.len; i++)
        if (mentions_param(m, e->list.items[i]))
            return true;
    return false;
}

/* A double as a C literal that reads back exactly. */
static bool literal(Model *m, const NrnNode *e, StrBuf *o, double x)
{
    if (!isfinite(x)) {
        diag_error(m->diag, e->loc, "this part of a value that depends on a param is not a finite number");
        return false;
    }
    char buf[40];
    fmt_double(buf, sizeof buf, x);
    if (!strpbrk(buf, ".eE"))
        strcat(buf, ".0");
    sb_printf(o, x < 0 || (x == 0 && signbit(x)) ? "(%s)" : "%s", buf);
    return true;
}

/* value * 10^k as units.c's scale10 applies it. */
static void scale10_c(StrBuf *o, const char *expr, int k)
{
    StrBuf t = {0};
    sb_puts(&t, expr);
    for (; k > 22; k -= 22) {
        StrBuf n = {0};
        sb_printf(&n, "(%s * 1e22)", sb_str(&t));
        sb_free(&t);
        t = n;
    }
    for (; k < -22; k += 22) {
        StrBuf n = {0};
        sb_printf(&n, "(%s / 1e22)", sb_str(&t));
        sb_free(&t);
        t = n;
    }
    if (k >= 0)
        sb_printf(o, "(%s * 1e%d)", sb_str(&t), k);
    else
        sb_printf(o, "(%s / 1e%d)", sb_str(&t), -k);
    sb_free(&t);
}

/* expr (in unit from) in unit to, as units_convert computes it. */
static void convert_c(StrBuf *o, const char *expr, Unit from, Unit to)
{
    if (from.mant == to.mant && from.exp10 == to.exp10) {
        sb_puts(o, expr);
        return;
    }
    StrBuf t = {0};
    if (from.mant != to.mant) {
        char buf[40];
        fmt_double(buf, sizeof buf, from.mant / to.mant);
        sb_printf(&t, "(%s * %s%s)", expr, buf, strpbrk(buf, ".eE") ? "" : ".0");
    } else {
        sb_puts(&t, expr);
    }
    scale10_c(o, sb_str(&t), from.exp10 - to.exp10);
    sb_free(&t);
}

static bool to_c(Model *m, const EvalCtx *cx, const NrnNode *e, StrBuf *o, Quant *q);

/* NEURON's math functions of the model language (call_math in model.c). */
static bool call_c(Model *m, const EvalCtx *cx, const NrnNode *e, StrBuf *o, Quant *q)
{
    const char *fn = e->a->name;
    int n = e->list.len;
    if (n < 1 || n > 2 || !strcmp(fn, "distance")) {
        diag_error(m->diag, e->loc, "'%s' of a param is not supported: compute it from consts", fn);
        return false;
    }
    Quant a[2];
    StrBuf t[2] = {{0}, {0}};
    bool ok = true;
    for (int i = 0; i < n && ok; i++)
        ok = to_c(m, cx, e->list.items[i], &t[i], &a[i]);
    if (!ok) {
        sb_free(&t[0]);
        sb_free(&t[1]);
        return false;
    }
    const char *x = sb_str(&t[0]), *y = n > 1 ? sb_str(&t[1]) : "";
    StrBuf cy = {0};
    q->bare = false;
    q->u = units_one();
    bool keep_unit = !strcmp(fn, "fabs") || !strcmp(fn, "abs") || !strcmp(fn, "floor") ||
                     !strcmp(fn, "ceil") || !strcmp(fn, "min") || !strcmp(fn, "max");
    if (keep_unit) {
        if (n == 2 && !a[0].bare && !a[1].bare) {
            convert_c(&cy, y, a[1].u, a[0].u);
            y = sb_str(&cy);
        }
        q->u = a[0].bare && n == 2 ? a[1].u : a[0].u;
        q->bare = a[0].bare && (n == 1 || a[1].bare);
        if (!strcmp(fn, "min") || !strcmp(fn, "max"))
            sb_printf(o, "(%s %c %s ? %s : %s)", x, fn[1] == 'i' ? '<' : '>', y, x, y);
        else
            sb_printf(o, "%s(%s)", !strcmp(fn, "abs") ? "fabs" : fn, x);
    } else {
        StrBuf cx0 = {0};
        if (!strcmp(fn, "pow") && !a[0].bare && !units_dimensionless(a[0].u)) {
            if (mentions_param(m, e->list.items[1])) {
                diag_error(m->diag, e->list.items[1]->loc,
                           "the power of a quantity with a unit cannot depend on a param (its unit would)");
                sb_free(&t[0]);
                sb_free(&t[1]);
                return false;
            }
            q->u = units_pow(a[0].u, (int)a[1].v);
        } else if (!a[0].bare) {
            convert_c(&cx0, x, a[0].u, units_one());
            x = sb_str(&cx0);
        }
        if (n == 2 && !a[1].bare) {
            convert_c(&cy, y, a[1].u, units_one());
            y = sb_str(&cy);
        }
        q->bare = true;
        for (int i = 0; i < n; i++)
            q->bare = q->bare && a[i].bare;
        if (!strcmp(fn, "pow") && !a[0].bare && !units_dimensionless(a[0].u))
            q->bare = false;
        if (n == 2)
            sb_printf(o, "%s(%s, %s)", fn, x, y);
        else
            sb_printf(o, "%s(%s)", fn, x);
        sb_free(&cx0);
    }
    sb_free(&cy);
    sb_free(&t[0]);
    sb_free(&t[1]);
    return true;
}

/* e as C (into o), with the value and unit eval gives it (into q). */
static bool to_c(Model *m, const EvalCtx *cx, const NrnNode *e, StrBuf *o, Quant *q)
{
    if (!mentions_param(m, e)) {
        /* folded: eval's own value, exactly */
        return model_eval(m, cx, e, q) && literal(m, e, o, q->v);
    }
    StrBuf ta = {0}, tb = {0}, cb = {0};
    Quant a, b;
    bool ok = true;
    switch (e->kind) {
    case NK_NAME: {
        int k = param_index(m, e->name);
        const ParamDef *p = &m->params.data[k];
        q->v = p->value;
        q->u = p->unit;
        q->bare = !p->has_unit;
        sb_printf(o, "P[%d]", k);
        return true;
    }
    case NK_NEG:
        if (!to_c(m, cx, e->a, &ta, q))
            return false;
        sb_printf(o, "(-%s)", sb_str(&ta));
        sb_free(&ta);
        return true;
    case NK_NOT:
        if (!to_c(m, cx, e->a, &ta, q))
            return false;
        sb_printf(o, "(double)(%s == 0)", sb_str(&ta));
        sb_free(&ta);
        q->u = units_one();
        q->bare = true;
        return true;
    case NK_CALL:
        if (e->a->kind != NK_NAME) {
            diag_error(m->diag, e->loc, "this is not a value");
            return false;
        }
        return call_c(m, cx, e, o, q);
    case NK_BINOP:
        break;
    default:
        diag_error(m->diag, e->loc, "a param cannot be used here");
        return false;
    }
    if (!to_c(m, cx, e->a, &ta, &a) || !to_c(m, cx, e->b, &tb, &b)) {
        sb_free(&ta);
        sb_free(&tb);
        return false;
    }
    const char *x = sb_str(&ta), *y = sb_str(&tb);
    int op = e->op;
    if (op == '+' || op == '-' || op == '<' || op == '>' || op == OP_LE || op == OP_GE || op == OP_EQ ||
        op == OP_NE || op == '%') {
        if (!a.bare && !b.bare) {
            convert_c(&cb, y, b.u, a.u);
            y = sb_str(&cb);
        }
        q->u = a.bare ? b.u : a.u;
        q->bare = a.bare && b.bare;
        if (op == '+' || op == '-') {
            sb_printf(o, "(%s %c %s)", x, op, y);
        } else if (op == '%') {
            sb_printf(o, "fmod(%s, %s)", x, y);
        } else {
            sb_printf(o, "(double)(%s %s %s)", x, nrn_op_str(op), y);
            q->u = units_one();
            q->bare = true;
        }
    } else if (op == OP_AND || op == OP_OR) {
        sb_printf(o, "(double)(%s != 0 %s %s != 0)", x, op == OP_AND ? "&&" : "||", y);
        q->u = units_one();
        q->bare = true;
    } else if (op == '*' || op == '/') {
        sb_printf(o, "(%s %c %s)", x, op, y);
        Unit ua = a.bare ? units_one() : a.u, ub = b.bare ? units_one() : b.u;
        q->u = op == '*' ? units_mul(ua, ub) : units_div(ua, ub);
        q->bare = a.bare && b.bare;
    } else if (op == '^') {
        q->bare = a.bare;
        q->u = units_one();
        if (!a.bare) {
            if (mentions_param(m, e->b)) {
                diag_error(m->diag, e->b->loc,
                           "the power of a quantity with a unit cannot depend on a param (its unit would)");
                ok = false;
            } else {
                q->u = units_pow(a.u, (int)b.v);
            }
        }
        sb_printf(o, "pow(%s, %s)", x, y);
    } else {
        die("unknown operator %d", op);
    }
    sb_free(&ta);
    sb_free(&tb);
    sb_free(&cb);
    return ok;
}

const char *param_end(Model *m, const EvalCtx *cx, const NrnNode *e, bool ok, Unit target, bool convert,
                      bool *err)
{
    bool hit = m->param_hit;
    m->param_allow = false;
    m->param_hit = false;
    *err = !ok;
    if (!ok || !hit)
        return NULL;
    StrBuf o = {0};
    Quant q;
    int before = m->diag->nerrors;
    if (!to_c(m, cx, e, &o, &q) || m->diag->nerrors != before) {
        sb_free(&o);
        *err = true;
        return NULL;
    }
    const char *r;
    if (convert && !q.bare) {
        StrBuf c = {0};
        convert_c(&c, sb_str(&o), q.u, target);
        r = arena_strdup(m->arena, sb_str(&c));
        sb_free(&c);
    } else {
        r = arena_strdup(m->arena, sb_str(&o));
    }
    sb_free(&o);
    return r;
}

void param_store(Model *m, ParamSlot kind, int a, int b, int c, int d, const char *cexpr, SrcLoc loc)
{
    if (!m->params.len)
        return;
    char key[80];
    snprintf(key, sizeof key, "%d:%d:%d:%d:%d", (int)kind, a, b, c, d);
    int i = strmap_get(&m->param_slot, key);
    if (i >= 0) {
        ParamUse *u = &m->param_uses.data[i];
        u->dead = cexpr == NULL;
        if (cexpr) {
            u->cexpr = cexpr;
            u->loc = loc;
        }
        return;
    }
    if (!cexpr)
        return;
    ParamUse u = {kind, a, b, c, d, cexpr, false, loc};
    strmap_put(&m->param_slot, arena_strdup(m->arena, key), m->param_uses.len);
    APUSH(m->arena, m->param_uses, u);
}
