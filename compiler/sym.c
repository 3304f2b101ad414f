/* sym.c - symbolic dependence, substitution, simplification and
 * differentiation of NMODL expressions (see sym.h). */
#include <math.h>
#include <string.h>

#include "sym.h"

MNode *sym_num(Arena *a, double x, SrcLoc loc)
{
    MNode *n = mnode(a, MK_NUM, loc);
    n->num = x;
    return n;
}

bool sym_is_num(const MNode *e, double x)
{
    return e->kind == MK_NUM && e->num == x;
}

bool sym_depends(const MNode *e, const char *var)
{
    if (!e)
        return false;
    switch (e->kind) {
    case MK_NAME:
        return strcmp(e->name, var) == 0 || sym_depends(e->a, var);
    case MK_CALL:
        for (int i = 0; i < e->list.len; i++)
            if (sym_depends(e->list.items[i], var))
                return true;
        return false;
    case MK_NEG:
    case MK_NOT:
        return sym_depends(e->a, var);
    case MK_BINOP:
        return sym_depends(e->a, var) || sym_depends(e->b, var);
    default:
        return false;
    }
}

static MNode *with(Arena *a, const MNode *proto, MNode *x, MNode *y)
{
    MNode *n = mnode(a, proto->kind, proto->loc);
    *n = *proto;
    n->a = x;
    n->b = y;
    return n;
}

MNode *sym_subst(Arena *a, MNode *e, const char *var, MNode *val)
{
    if (!e || !sym_depends(e, var))
        return e;
    switch (e->kind) {
    case MK_NAME:
        if (strcmp(e->name, var) == 0 && !e->a)
            return val;
        return with(a, e, sym_subst(a, e->a, var, val), NULL);
    case MK_CALL: {
        MNode *n = with(a, e, NULL, NULL);
        n->list = (MList){0};
        for (int i = 0; i < e->list.len; i++)
            mlist_push(a, &n->list, sym_subst(a, e->list.items[i], var, val));
        return n;
    }
    case MK_NEG:
    case MK_NOT:
        return with(a, e, sym_subst(a, e->a, var, val), NULL);
    case MK_BINOP:
        return with(a, e, sym_subst(a, e->a, var, val), sym_subst(a, e->b, var, val));
    default:
        return e;
    }
}

static MNode *neg(Arena *a, MNode *x, SrcLoc loc)
{
    if (x->kind == MK_NUM)
        return sym_num(a, -x->num, loc);
    if (x->kind == MK_NEG)
        return x->a;
    MNode *n = mnode(a, MK_NEG, loc);
    n->a = x;
    return n;
}

static MNode *binop(Arena *a, int op, MNode *x, MNode *y, SrcLoc loc)
{
    /* number op number: fold (the same double as at run time) */
    if (x->kind == MK_NUM && y->kind == MK_NUM) {
        switch (op) {
        case '+': return sym_num(a, x->num + y->num, loc);
        case '-': return sym_num(a, x->num - y->num, loc);
        case '*': return sym_num(a, x->num * y->num, loc);
        case '/':
            if (y->num != 0)
                return sym_num(a, x->num / y->num, loc);
            break;
        default: break;
        }
    }
    switch (op) {
    case '+':
        if (sym_is_num(x, 0))
            return y;
        if (sym_is_num(y, 0))
            return x;
        break;
    case '-':
        if (sym_is_num(y, 0))
            return x;
        if (sym_is_num(x, 0))
            return neg(a, y, loc);
        break;
    case '*':
        if (sym_is_num(x, 0) || sym_is_num(y, 0))
            return sym_num(a, 0, loc);
        if (sym_is_num(x, 1))
            return y;
        if (sym_is_num(y, 1))
            return x;
        break;
    case '/':
        if (sym_is_num(x, 0))
            return sym_num(a, 0, loc);
        if (sym_is_num(y, 1))
            return x;
        break;
    case '^':
        if (sym_is_num(y, 1))
            return x;
        if (sym_is_num(y, 0))
            return sym_num(a, 1, loc);
        break;
    default: break;
    }
    MNode *n = mnode(a, MK_BINOP, loc);
    n->op = op;
    n->a = x;
    n->b = y;
    return n;
}

MNode *sym_simplify(Arena *a, MNode *e)
{
    if (!e)
        return e;
    switch (e->kind) {
    case MK_NEG:
        return neg(a, sym_simplify(a, e->a), e->loc);
    case MK_BINOP:
        return binop(a, e->op, sym_simplify(a, e->a), sym_simplify(a, e->b), e->loc);
    case MK_CALL: {
        MNode *n = with(a, e, NULL, NULL);
        n->list = (MList){0};
        for (int i = 0; i < e->list.len; i++)
            mlist_push(a, &n->list, sym_simplify(a, e->list.items[i]));
        return n;
    }
    default:
        return e;
    }
}

static MNode *call1(Arena *a, const char *fn, MNode *x, SrcLoc loc)
{
    MNode *n = mnode(a, MK_CALL, loc);
    n->name = fn;
    mlist_push(a, &n->list, x);
    return n;
}

static MNode *diff(Arena *a, MNode *e, const char *var);

/* d/dvar of a call of a known math function f(u): f'(u) * u'. */
static MNode *diff_call(Arena *a, MNode *e, const char *var)
{
    SrcLoc l = e->loc;
    if (e->list.len == 1) {
        MNode *u = e->list.items[0];
        MNode *du = diff(a, u, var);
        if (!du)
            return NULL;
        MNode *fprime = NULL;
        const char *f = e->name;
        if (!strcmp(f, "exp"))
            fprime = e;
        else if (!strcmp(f, "log"))
            fprime = binop(a, '/', sym_num(a, 1, l), u, l);
        else if (!strcmp(f, "log10"))
            fprime = binop(a, '/', sym_num(a, 1, l), binop(a, '*', u, call1(a, "log", sym_num(a, 10, l), l), l), l);
        else if (!strcmp(f, "sqrt"))
            fprime = binop(a, '/', sym_num(a, 1, l), binop(a, '*', sym_num(a, 2, l), e, l), l);
        else if (!strcmp(f, "sin"))
            fprime = call1(a, "cos", u, l);
        else if (!strcmp(f, "cos"))
            fprime = neg(a, call1(a, "sin", u, l), l);
        else if (!strcmp(f, "tanh"))
            fprime = binop(a, '-', sym_num(a, 1, l), binop(a, '*', e, e, l), l);
        else
            return NULL;
        return binop(a, '*', fprime, du, l);
    }
    if (e->list.len == 2 && !strcmp(e->name, "pow")) {
        MNode *p = mnode(a, MK_BINOP, l);
        p->op = '^';
        p->a = e->list.items[0];
        p->b = e->list.items[1];
        return diff(a, p, var);
    }
    return NULL;
}

static MNode *diff(Arena *a, MNode *e, const char *var)
{
    SrcLoc l = e->loc;
    if (!sym_depends(e, var))
        return sym_num(a, 0, l);
    switch (e->kind) {
    case MK_NAME:
        if (e->a)
            return NULL; /* arrays indexed by the variable: not differentiable here */
        return sym_num(a, 1, l);
    case MK_NEG: {
        MNode *d = diff(a, e->a, var);
        return d ? neg(a, d, l) : NULL;
    }
    case MK_CALL:
        return diff_call(a, e, var);
    case MK_BINOP: {
        MNode *u = e->a, *v = e->b;
        bool du_dep = sym_depends(u, var), dv_dep = sym_depends(v, var);
        switch (e->op) {
        case '+':
        case '-': {
            MNode *du = diff(a, u, var), *dv = diff(a, v, var);
            return du && dv ? binop(a, e->op, du, dv, l) : NULL;
        }
        case '*': {
            if (!dv_dep) {
                MNode *du = diff(a, u, var);
                return du ? binop(a, '*', du, v, l) : NULL;
            }
            if (!du_dep) {
                MNode *dv = diff(a, v, var);
                return dv ? binop(a, '*', u, dv, l) : NULL;
            }
            MNode *du = diff(a, u, var), *dv = diff(a, v, var);
            if (!du || !dv)
                return NULL;
            return binop(a, '+', binop(a, '*', du, v, l), binop(a, '*', u, dv, l), l);
        }
        case '/': {
            MNode *du = diff(a, u, var);
            if (!dv_dep)
                return du ? binop(a, '/', du, v, l) : NULL;
            MNode *dv = diff(a, v, var);
            if (!du || !dv)
                return NULL;
            return binop(a, '/', binop(a, '-', binop(a, '*', du, v, l), binop(a, '*', u, dv, l), l),
                         binop(a, '*', v, v, l), l);
        }
        case '^': {
            if (!dv_dep) {
                /* v * u^(v-1) * u' */
                MNode *du = diff(a, u, var);
                if (!du)
                    return NULL;
                MNode *pw = binop(a, '^', u, binop(a, '-', v, sym_num(a, 1, l), l), l);
                return binop(a, '*', binop(a, '*', v, pw, l), du, l);
            }
            /* u^v * (v' log u + v u'/u) */
            MNode *du = diff(a, u, var), *dv = diff(a, v, var);
            if (!du || !dv)
                return NULL;
            MNode *t1 = binop(a, '*', dv, call1(a, "log", u, l), l);
            MNode *t2 = binop(a, '/', binop(a, '*', v, du, l), u, l);
            return binop(a, '*', e, binop(a, '+', t1, t2, l), l);
        }
        default:
            return NULL;
        }
    }
    default:
        return NULL;
    }
}

MNode *sym_diff(Arena *a, MNode *e, const char *var)
{
    MNode *d = diff(a, e, var);
    return d ? sym_simplify(a, d) : NULL;
}

static int prec(const MNode *e)
{
    if (e->kind == MK_BINOP) {
        switch (e->op) {
        case MOP_OR: return 1;
        case MOP_AND: return 2;
        case MOP_EQ:
        case MOP_NE: return 3;
        case '<':
        case '>':
        case MOP_LE:
        case MOP_GE: return 4;
        case '+':
        case '-': return 5;
        case '*':
        case '/':
        case '%': return 6;
        case '^': return 8;
        }
    }
    if (e->kind == MK_NEG || e->kind == MK_NOT)
        return 7;
    return 9;
}

void sym_print(const MNode *e, StrBuf *out)
{
    char buf[40];
    switch (e->kind) {
    case MK_NUM:
        fmt_double(buf, sizeof buf, e->num);
        sb_puts(out, buf);
        break;
    case MK_NAME:
        sb_puts(out, e->name);
        for (int i = 0; i < e->order; i++)
            sb_putc(out, '\'');
        if (e->a) {
            sb_putc(out, '[');
            sym_print(e->a, out);
            sb_putc(out, ']');
        }
        break;
    case MK_CALL:
        sb_printf(out, "%s(", e->name);
        for (int i = 0; i < e->list.len; i++) {
            if (i)
                sb_puts(out, ", ");
            sym_print(e->list.items[i], out);
        }
        sb_putc(out, ')');
        break;
    case MK_NEG:
    case MK_NOT:
        sb_putc(out, e->kind == MK_NEG ? '-' : '!');
        if (prec(e->a) < 7) {
            sb_putc(out, '(');
            sym_print(e->a, out);
            sb_putc(out, ')');
        } else {
            sym_print(e->a, out);
        }
        break;
    case MK_BINOP: {
        int p = prec(e);
        bool pl = prec(e->a) < p || (e->op == '^' && prec(e->a) <= p);
        bool pr = prec(e->b) < p || (e->op != '^' && prec(e->b) <= p);
        if (pl)
            sb_putc(out, '(');
        sym_print(e->a, out);
        if (pl)
            sb_putc(out, ')');
        sb_printf(out, " %s ", mop_str(e->op));
        if (pr)
            sb_putc(out, '(');
        sym_print(e->b, out);
        if (pr)
            sb_putc(out, ')');
        break;
    }
    case MK_STRING:
        sb_puts(out, e->text);
        break;
    default:
        sb_puts(out, "?");
    }
}
