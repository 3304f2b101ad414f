/* nmodl_emit.c - a mechanism's kernels as C (see emit.h).
 *
 * needs: a checked Mech and its MechUse (instances, nodes, ion indices).
 * provides: the Model struct fields of the mechanism, its PROCEDUREs and
 * FUNCTIONs (with TABLEs as NEURON builds and interpolates them), and the
 * kernels K_<m>_init, _cur (rhs and d) and _state, each one loop over the
 * instances.  The current is evaluated as nocmodl does (at v + 0.001 and
 * at v, conductance by difference); SOLVE ... METHOD cnexp becomes
 * s = s + (1 - exp(dt*B))*(-A/B - s) with A and B from sym.c.
 * Names are resolved here; an unknown name is an error at its place in
 * the .mod file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "geometry.h"
#include "sym.h"
#include "verbatim.h"

typedef struct Fn {
    Emitter *e;
    MechUse *u;
    Mech *mech;
    StrBuf *out;
    int indent;
    VEC(const char *) locals;  /* NMODL locals and formals in scope */
    VEC(int) local_dims;       /* their array lengths (0 for scalars) */
    const char *func;          /* the FUNCTION being emitted (its name is its value) */
    bool deriv;                /* inside the SOLVE'd DERIVATIVE block */
    const MList *dstates;      /* when set: s' = e evaluates D_[k] = e (k: s's place
                                  in this list) instead of cnexp's update */
    bool netrecv;              /* inside NET_RECEIVE (its arguments, flag, nc_ exist) */
    const MList *fnc_args;     /* inside FOR_NETCONS: its arguments (fw_[k]) */
    const NmodlKin *kin;       /* inside a KINETIC block (its rows, fluxes) */
    const NmodlLin *lin;       /* inside a LINEAR or NONLINEAR block (its unknowns) */
    int one_var;               /* a variable that reads as 1.0 (a LINEAR term's state), or -1 */
    bool in_breakpoint;        /* emitting the BREAKPOINT (its SOLVEs are handled apart) */
    bool callable;             /* a FUNCTION or PROCEDURE body ('return' is allowed in VERBATIM) */
    const char *ret_label;     /* else where VERBATIM's `return;` goes (the INITIAL block's end), or NULL */
    const char *ctor;          /* "CONSTRUCTOR" or "DESTRUCTOR" inside one (t and dt have no value) */
    const MNode *verbs[16];    /* the block's VERBATIMs emitted so far (their C locals are in scope) */
    int nverbs;
    bool shadow;               /* RANGE variables are the locals sh_<name> (NEURON's load-time instance) */
    bool ok;
} Fn;

void emit_double(StrBuf *b, double x)
{
    char buf[40];
    if (isnan(x)) {
        sb_puts(b, "NAN");
        return;
    }
    if (isinf(x)) {
        sb_puts(b, x > 0 ? "HUGE_VAL" : "(-HUGE_VAL)");
        return;
    }
    fmt_double(buf, sizeof buf, x);
    bool has_point = strpbrk(buf, ".eE") != NULL;
    if (x < 0 || (x == 0 && signbit(x)))
        sb_printf(b, "(%s%s)", buf, has_point ? "" : ".0");
    else
        sb_printf(b, "%s%s", buf, has_point ? "" : ".0");
}

const char *nmodl_field(Emitter *e, MechUse *u, int v)
{
    return arena_printf(e->arena, "%s_%s", u->cname, u->mech->vars.data[v].name);
}

/* A folded PARAMETER's value as a C literal (specialise.c). */
static const char *fold_c(Emitter *e, MechUse *u, int v)
{
    StrBuf b = {0};
    emit_double(&b, u->fold_val[v]);
    const char *s = arena_strdup(e->arena, sb_str(&b));
    sb_free(&b);
    return s;
}

static void ind(Fn *f)
{
    for (int i = 0; i < f->indent; i++)
        sb_puts(f->out, "    ");
}

static void add_local(Fn *f, const char *name, int dim)
{
    VEC_PUSH(f->locals, name);
    VEC_PUSH(f->local_dims, dim);
}

static bool is_local(Fn *f, const char *name)
{
    for (int i = f->locals.len - 1; i >= 0; i--)
        if (!strcmp(f->locals.data[i], name))
            return true;
    return false;
}

static MechFunc *find_func(Mech *m, const char *name)
{
    for (int i = 0; i < m->funcs.len; i++)
        if (!strcmp(m->funcs.data[i].name, name))
            return &m->funcs.data[i];
    return NULL;
}

static const MNode *find_define(const Mech *m, const char *name)
{
    for (int i = 0; i < m->defines.len; i++)
        if (!strcmp(m->defines.data[i]->name, name))
            return m->defines.data[i];
    for (int i = 0; i < m->unitconsts.len; i++)
        if (!strcmp(m->unitconsts.data[i]->name, name))
            return m->unitconsts.data[i];
    return NULL;
}

static void expr(Fn *f, const MNode *x, StrBuf *b);

/* "[(int)(index)]" for an array reference, "" for a scalar; an error when
 * the two disagree with the declaration (dim: 0 for a scalar). */
static const char *subscript(Fn *f, const MNode *n, int dim)
{
    if (!n->a && !dim)
        return "";
    if (!n->a || !dim) {
        diag_error(f->e->diag, n->loc, dim ? "'%s' is an array: index it, as in %s[0]" : "'%s' is not an array",
                   n->name, n->name);
        f->ok = false;
        return "";
    }
    StrBuf b = {0};
    sb_puts(&b, "[(int)(");
    expr(f, n->a, &b);
    sb_puts(&b, ")]");
    const char *r = arena_strdup(f->e->arena, sb_str(&b));
    sb_free(&b);
    return r;
}

static int local_dim(Fn *f, const char *name)
{
    for (int i = f->locals.len - 1; i >= 0; i--)
        if (!strcmp(f->locals.data[i], name))
            return f->local_dims.data[i];
    return 0;
}

/* The C lvalue/rvalue of variable `name` (NULL with an error if unknown). */
/* An EXTERNAL name: NEURON's C global of that name, which is a GLOBAL g
 * of a loaded mechanism S spelt g_S (or t, dt, which nocmodl leaves as
 * they are); here the field of S's use. */
static const char *external_field(Emitter *e, const Mech *self, const char *name, bool indexed, const char **why)
{
    if (!strcmp(name, "t") || !strcmp(name, "dt") || !strcmp(name, "celsius"))
        return !strcmp(name, "t") ? "NRN_T(m)" : !strcmp(name, "dt") ? "m->dt" : "m->celsius";
    for (int k = 0; k < e->m->mechs.len; k++) {
        const Mech *s = e->m->mechs.data[k];
        size_t ln = strlen(name), ls = strlen(s->name);
        if (s == self || ln < ls + 2 || name[ln - ls - 1] != '_' || strcmp(name + ln - ls, s->name) != 0)
            continue;
        char *g = arena_strndup(e->arena, name, ln - ls - 1);
        int v = mech_var(s, g);
        if (v < 0)
            continue;
        const MechVar *mv = &s->vars.data[v];
        if (mv->range || !mv->visible) {
            *why = arena_printf(e->arena, "EXTERNAL '%s': '%s' of mechanism '%s' is not a GLOBAL", name, g, s->name);
            return NULL;
        }
        int ui = e->use_of_mech ? e->use_of_mech[k] : -1;
        if (ui < 0) {
            *why = arena_printf(e->arena, "EXTERNAL '%s': the model inserts no '%s' (nrncc keeps the GLOBALs of the "
                                "mechanisms it uses only)", name, s->name);
            return NULL;
        }
        if (mv->dim || indexed) {
            /* nocmodl declares an EXTERNAL a scalar: "variable is not an array" */
            *why = mv->dim ? arena_printf(e->arena, "EXTERNAL '%s': an EXTERNAL is a scalar, and '%s' of '%s' is an "
                                          "array", name, g, s->name)
                           : arena_printf(e->arena, "EXTERNAL '%s' is a scalar: it has no elements", name);
            return NULL;
        }
        /* (a GLOBAL that S assigns is one per thread: this thread's) */
        return arena_printf(e->arena, "%s%s", nmodl_tls_var(e, &e->uses[ui], v) ? "tl_" : "m->",
                            nmodl_field(e, &e->uses[ui], v));
    }
    if (indexed) {
        *why = arena_printf(e->arena, "EXTERNAL '%s' is a scalar: it has no elements", name);
        return NULL;
    }
    /* nrncc --check lowers the file alone in a model of its own (main.c):
     * what it names elsewhere is a stand-in there */
    size_t lp = strlen(e->m->path);
    if (lp > 10 && !strcmp(e->m->path + lp - 10, ".check.nrn"))
        return "(*(double[1]){0.0})";
    *why = arena_printf(e->arena, "EXTERNAL '%s' is no GLOBAL of the mechanisms the model loads (GLOBAL g of "
                        "mechanism S is named g_S)", name);
    return NULL;
}

static const char *external_c(Fn *f, const MNode *n)
{
    const char *why = NULL;
    const char *c = external_field(f->e, f->mech, n->name, n->a != NULL, &why);
    if (c)
        return c;
    diag_error(f->e->diag, n->loc, "%s", why);
    f->ok = false;
    return "0.0";
}

static const char *var_c(Fn *f, const MNode *n, bool lvalue)
{
    const char *name = n->name;
    Arena *a = f->e->arena;
    if (is_local(f, name))
        return arena_printf(a, "l_%s%s", name, subscript(f, n, local_dim(f, name)));
    if (f->fnc_args) {
        for (int k = 0; k < f->fnc_args->len; k++)
            if (!strcmp(f->fnc_args->items[k]->name, name))
                return arena_printf(a, "fw_[%d]", k);
    }
    if (f->netrecv) {
        const MList *args = &f->mech->netrecv->list;
        for (int k = 0; k < args->len; k++)
            if (!strcmp(args->items[k]->name, name))
                return arena_printf(a, "w_[%d]", k);
        if (!strcmp(name, "flag") && !lvalue)
            return "flag_";
    }
    if (f->func && !strcmp(name, f->func))
        return "r_";
    if (f->kin && (!strcmp(name, "f_flux") || !strcmp(name, "b_flux")))
        return name;
    int v = mech_var(f->mech, name);
    if (v >= 0 && v == f->one_var && !lvalue)
        return "1.0";
    if (v >= 0) {
        MechVar *mv = &f->mech->vars.data[v];
        const char *fld = nmodl_field(f->e, f->u, v);
        const char *sub = subscript(f, n, mv->dim);
        if (spec_of(f->u, v) == SPEC_FOLD && !lvalue && !f->shadow) /* specialise.c */
            return fold_c(f->e, f->u, v);
        if (spec_of(f->u, v) == SPEC_DEAD && !f->shadow)
            return arena_printf(a, "sp_%s", name);
        if (f->shadow && mv->range)
            return mv->pointer ? "0.0" : arena_printf(a, "sh_%s%s", name, sub);
        if (mv->pointer)
            return arena_printf(a, "(*m->%s[i])", fld);
        bool per_inst = mv->range || (f->u->priv && f->u->priv[v]); /* (--fast: one per instance) */
        if (!per_inst && nmodl_tls_var(f->e, f->u, v))
            return arena_printf(a, "tl_%s%s", fld, sub);
        return per_inst ? arena_printf(a, "m->%s[i]%s", fld, sub) : arena_printf(a, "m->%s%s", fld, sub);
    }
    for (int k = 0; k < f->mech->externals.len; k++)
        if (!strcmp(f->mech->externals.data[k]->name, name))
            return external_c(f, n);
    if (n->a) {
        diag_error(f->e->diag, n->loc, "'%s' is not an array", name);
        f->ok = false;
    }
    if (!strcmp(name, "v"))
        return "vm";
    if (f->ctor && (!strcmp(name, "t") || !strcmp(name, "dt"))) {
        /* nocmodl's C for it does not compile: there is no thread's t */
        diag_error(f->e->diag, n->loc, "'%s' has no value in a %s (NEURON makes and frees instances outside time)",
                   name, f->ctor);
        f->ok = false;
        return "0.0";
    }
    if (!strcmp(name, "t"))
        return "NRN_T(m)";
    if (!strcmp(name, "dt"))
        return "m->dt";
    if (!strcmp(name, "celsius"))
        return "m->celsius";
    if (!strcmp(name, "secondorder") && !lvalue)
        return "((double)m->secondorder)";
    char buf[256];
    snprintf(buf, sizeof buf, "usetable_%s", f->mech->name);
    if (!strcmp(name, buf))
        return arena_printf(a, "m->%s_usetable", f->u->cname);
    if (!lvalue) {
        const MNode *d = find_define(f->mech, name);
        if (d) {
            StrBuf b = {0};
            emit_double(&b, d->num);
            const char *s = arena_strdup(a, sb_str(&b));
            sb_free(&b);
            return s;
        }
        if (!strcmp(name, "PI"))
            return "3.14159265358979323846";
    }
    if (!strcmp(name, "diam") && f->mech->uses_diam && !lvalue && f->mech->kind != MECH_ARTIFICIAL)
        return arena_printf(a, "%s_diam_[i]", f->u->cname);
    if (!strcmp(name, "area") && f->mech->uses_area && !lvalue && f->mech->kind != MECH_ARTIFICIAL)
        return arena_printf(a, "node_area[%s_node[i]]", f->u->cname);
    if (!strcmp(name, "area") || !strcmp(name, "diam"))
        diag_error(f->e->diag, n->loc, lvalue ? "'%s' cannot be assigned in a mechanism"
                                              : "'%s' must be declared (in ASSIGNED or PARAMETER) to be used", name);
    else if (lvalue && (find_define(f->mech, name) || !strcmp(name, "PI")))
        diag_error(f->e->diag, n->loc, "'%s' is a constant; it cannot be assigned", name);
    else {
        /* a C local of an earlier VERBATIM of this block: nocmodl's C
         * names it as it is, and so does ours */
        for (int k = 0; k < f->nverbs; k++)
            if (!n->a && verbatim_declares(f->verbs[k]->text, name))
                return name;
        diag_error(f->e->diag, n->loc, "undefined variable '%s'", name);
    }
    f->ok = false;
    return "0.0";
}

static const char *math_fn(const char *name, int nargs)
{
    static const struct { const char *nmodl, *c; int nargs; } fns[] = {
        {"log", "log", 1},     {"log10", "log10", 1}, {"sqrt", "sqrt", 1}, {"sin", "sin", 1},
        {"cos", "cos", 1},     {"tan", "tan", 1},     {"asin", "asin", 1}, {"acos", "acos", 1},
        {"atan", "atan", 1},   {"atan2", "atan2", 2}, {"sinh", "sinh", 1}, {"cosh", "cosh", 1},
        {"tanh", "tanh", 1},   {"fabs", "fabs", 1},   {"floor", "floor", 1}, {"ceil", "ceil", 1},
        {"pow", "pow", 2},     {"fmod", "fmod", 2},   {"erf", "erf", 1},   {"erfc", "erfc", 1},
        {"fmin", "fmin", 2},   {"fmax", "fmax", 2},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (!strcmp(fns[i].nmodl, name) && fns[i].nargs == nargs)
            return fns[i].c;
    return NULL;
}

/* net_send's event time.  nocmodl writes t + and then the text of the
 * delay, so that C groups t with the first term of a sum or difference
 * written without parentheses: net_send(etime - t, 1) is (t + etime) - t,
 * which can differ from t + (etime - t) in the last bit. */
static void time_plus(Fn *f, const MNode *x, StrBuf *b)
{
    if (x->kind == MK_BINOP && (x->op == '+' || x->op == '-') && !x->paren) {
        sb_putc(b, '(');
        time_plus(f, x->a, b);
        sb_printf(b, " %c ", x->op);
        expr(f, x->b, b);
        sb_putc(b, ')');
    } else {
        sb_puts(b, "(NRN_T(m) + ");
        expr(f, x, b);
        sb_putc(b, ')');
    }
}

static void call(Fn *f, const MNode *x, StrBuf *b)
{
    int n = x->list.len;
    if (!strcmp(x->name, "exp") && n == 1) {
        sb_puts(b, "nx_exp(m, ");
        expr(f, x->list.items[0], b);
        sb_putc(b, ')');
        return;
    }
    if (!strcmp(x->name, "net_send") || !strcmp(x->name, "net_event") || !strcmp(x->name, "net_move")) {
        bool send = !strcmp(x->name, "net_send");
        if (n != (send ? 2 : 1)) {
            diag_error(f->e->diag, x->loc, "'%s' takes %d argument%s", x->name, send ? 2 : 1, send ? "s" : "");
            f->ok = false;
            sb_puts(b, "0.0");
            return;
        }
        if (!send && !f->netrecv) {
            diag_error(f->e->diag, x->loc, "'%s' belongs in NET_RECEIVE", x->name);
            f->ok = false;
            sb_puts(b, "0.0");
            return;
        }
        if (f->mech->kind == MECH_DENSITY || !f->mech->netrecv) {
            diag_error(f->e->diag, x->loc, "'%s' needs a POINT_PROCESS or ARTIFICIAL_CELL with NET_RECEIVE",
                       x->name);
            f->ok = false;
            sb_puts(b, "0.0");
            return;
        }
        if (send)
            sb_printf(b, "N_%s_send(m, i, ", f->u->cname);
        else if (!strcmp(x->name, "net_move"))
            sb_printf(b, "N_%s_move(m, i, ", f->u->cname);
        else
            sb_printf(b, "fire(m, %s_src[i], ", f->u->cname);
        for (int k = 0; k < n; k++) {
            if (k)
                sb_puts(b, ", ");
            if (send && k == 0)
                time_plus(f, x->list.items[0], b);
            else
                expr(f, x->list.items[k], b);
        }
        if (send)
            sb_puts(b, f->netrecv ? ", nc_" : ", -1");
        sb_putc(b, ')');
        return;
    }
    static const struct { const char *name, *c; int nargs; } rnd[] = {
        {"exprand", "nrt_exprand", 1}, {"normrand", "nrt_normrand", 2}, {"unirand", "nrt_unirand", 0},
        {"scop_random", "nrt_unirand", 0}, {"set_seed", "nrt_seed", 1},
    };
    for (size_t k = 0; k < sizeof rnd / sizeof rnd[0]; k++)
        if (!strcmp(x->name, rnd[k].name)) {
            if (!strcmp(x->name, "scop_random") && n > 0) {
                /* NEURON 8.2.2's C declares it without a prototype: the
                 * arguments are evaluated and ignored */
                sb_putc(b, '(');
                for (int j = 0; j < n; j++) {
                    sb_puts(b, "(void)(");
                    expr(f, x->list.items[j], b);
                    sb_puts(b, "), ");
                }
                sb_puts(b, "nrt_unirand(m->sim))");
                return;
            }
            if (n != rnd[k].nargs) {
                diag_error(f->e->diag, x->loc, "'%s' takes %d argument%s", x->name, rnd[k].nargs,
                           rnd[k].nargs == 1 ? "" : "s");
                f->ok = false;
            }
            sb_printf(b, "%s(m->sim", rnd[k].c);
            for (int j = 0; j < n; j++) {
                sb_puts(b, ", ");
                expr(f, x->list.items[j], b);
            }
            sb_putc(b, ')');
            return;
        }
    bool r123 = !strcmp(x->name, "random123"), mc4 = !strcmp(x->name, "mcellran4");
    if ((r123 || mc4) && !find_func(f->mech, x->name)) {
        /* nrncc's: number N of NEURON's Random123 stream (id1, id2, id3)
         * as nrnran123_dblpick gives it, or of Random.MCellRan4(seed,
         * ilow); stateless (the caller counts N) */
        if (n != (r123 ? 4 : 3)) {
            diag_error(f->e->diag, x->loc, r123 ? "'random123' takes 4 arguments (id1, id2, id3, n)"
                                                : "'mcellran4' takes 3 arguments (seed, ilow, n)");
            f->ok = false;
        }
        sb_puts(b, r123 ? "nrt_ran123_at(m->sim" : "nrt_mcellran4_at(m->sim");
        for (int j = 0; j < n; j++) {
            sb_puts(b, ", ");
            expr(f, x->list.items[j], b);
        }
        sb_putc(b, ')');
        return;
    }
    if (!strcmp(x->name, "printf")) {
        /* NMODL's printf is C's: a format string, then numbers */
        if (n < 1 || x->list.items[0]->kind != MK_STRING) {
            diag_error(f->e->diag, x->loc, "printf needs a format string first");
            f->ok = false;
            sb_puts(b, "0.0");
            return;
        }
        sb_printf(b, "printf(%s", x->list.items[0]->text);
        for (int j = 1; j < n; j++) {
            sb_puts(b, ", ");
            expr(f, x->list.items[j], b);
        }
        sb_putc(b, ')');
        f->e->uses_stdio = true;
        if (f->e->embed)
            embed_refuse(f->e, x->loc, "printf");
        return;
    }
    if (!strcmp(x->name, "nrn_pointing")) {
        /* 1 when the POINTER was set by setpointer, else 0 */
        int v = n == 1 && x->list.items[0]->kind == MK_NAME ? mech_var(f->mech, x->list.items[0]->name) : -1;
        if (v < 0 || !f->mech->vars.data[v].pointer) {
            diag_error(f->e->diag, x->loc, "nrn_pointing takes one POINTER variable");
            f->ok = false;
            sb_puts(b, "0.0");
            return;
        }
        sb_printf(b, "(m->%s[i] != &m->unset_pointer_ ? 1.0 : 0.0)", nmodl_field(f->e, f->u, v));
        f->u->pointing = true;
        return;
    }
    if (!strcmp(x->name, "at_time") && n == 1) {
        /* a discontinuity for the variable step integrator (the runtime
         * stops CVODE there); 0 and nothing else in fixed step, so it is
         * called only in CVODE's callbacks (m->cv_on_) and a fixed step's
         * loop has no call (an embedding's at_time is an inline 0) */
        bool guard = !f->e->embed;
        sb_puts(b, guard ? "(m->cv_on_ ? nrt_at_time(m->sim, " : "nrt_at_time(m->sim, ");
        expr(f, x->list.items[0], b);
        sb_puts(b, guard ? ") : 0.0)" : ")");
        return;
    }
    const char *c = math_fn(x->name, n);
    if (c) {
        sb_printf(b, "%s(", c);
        for (int i = 0; i < n; i++) {
            if (i)
                sb_puts(b, ", ");
            expr(f, x->list.items[i], b);
        }
        sb_putc(b, ')');
        return;
    }
    MechFunc *fn = find_func(f->mech, x->name);
    /* NEURON's ion functions: nrn_ghk(v, ci, co, z) (nocmodl's), and ghk()
     * and nernst(ci, co, z) as hoc has them when the file defines none */
    bool ghk = !strcmp(x->name, "nrn_ghk") || (!fn && !strcmp(x->name, "ghk"));
    if (ghk || (!fn && !strcmp(x->name, "nernst"))) {
        if (n != (ghk ? 4 : 3)) {
            diag_error(f->e->diag, x->loc, "'%s' takes %d arguments", x->name, ghk ? 4 : 3);
            f->ok = false;
            sb_puts(b, "0.0");
            return;
        }
        sb_puts(b, ghk ? "nrt_ghk(" : "nrt_nernst(");
        for (int j = 0; j < n; j++) {
            expr(f, x->list.items[j], b);
            sb_puts(b, ", ");
        }
        sb_puts(b, "m->celsius)");
        return;
    }
    if (!fn) {
        diag_error(f->e->diag, x->loc, "unknown function '%s'", x->name);
        f->ok = false;
        sb_puts(b, "0.0");
        return;
    }
    if (fn->node->list.len != n) {
        diag_error(f->e->diag, x->loc, "'%s' takes %d argument%s, got %d", x->name, fn->node->list.len,
                   fn->node->list.len == 1 ? "" : "s", n);
        f->ok = false;
    }
    sb_printf(b, "F_%s_%s(m, i, vm", f->u->cname, fn->name);
    for (int i = 0; i < n; i++) {
        sb_puts(b, ", ");
        expr(f, x->list.items[i], b);
    }
    sb_putc(b, ')');
}

static void expr(Fn *f, const MNode *x, StrBuf *b)
{
    switch (x->kind) {
    case MK_NUM:
        emit_double(b, x->num);
        break;
    case MK_NAME:
        if (x->order) {
            diag_error(f->e->diag, x->loc, "'%s'' can only be assigned, in a DERIVATIVE block", x->name);
            f->ok = false;
        }
        sb_puts(b, var_c(f, x, false));
        break;
    case MK_CALL:
        call(f, x, b);
        break;
    case MK_NEG:
        sb_puts(b, "(-");
        expr(f, x->a, b);
        sb_putc(b, ')');
        break;
    case MK_NOT:
        sb_puts(b, "((double)!");
        expr(f, x->a, b);
        sb_putc(b, ')');
        break;
    case MK_BINOP:
        if (x->op == '^') {
            sb_puts(b, "pow(");
            expr(f, x->a, b);
            sb_puts(b, ", ");
            expr(f, x->b, b);
            sb_putc(b, ')');
        } else if (x->op == '%') {
            sb_puts(b, "fmod(");
            expr(f, x->a, b);
            sb_puts(b, ", ");
            expr(f, x->b, b);
            sb_putc(b, ')');
        } else {
            bool logical = x->op != '+' && x->op != '-' && x->op != '*' && x->op != '/';
            sb_puts(b, logical ? "((double)(" : "(");
            expr(f, x->a, b);
            sb_printf(b, " %s ", mop_str(x->op));
            expr(f, x->b, b);
            sb_puts(b, logical ? "))" : ")");
        }
        break;
    case MK_STRING:
        diag_error(f->e->diag, x->loc, "a string is not a number");
        f->ok = false;
        sb_puts(b, "0.0");
        break;
    default:
        die("unexpected expression node %d", x->kind);
    }
}

static void stmts(Fn *f, const MList *body);

bool nmodl_cnexp_form(Arena *a, const MNode *eq, MNode **A, MNode **B)
{
    const MNode *lhs = eq->a;
    MNode *rhs = eq->b;
    if (!sym_depends(rhs, lhs->name)) {
        *A = rhs;
        *B = NULL;
        return true;
    }
    *B = sym_diff(a, rhs, lhs->name);
    if (!*B || sym_depends(*B, lhs->name))
        return false;
    *A = sym_simplify(a, sym_subst(a, rhs, lhs->name, sym_num(a, 0, eq->loc)));
    return true;
}

/* s' = rhs under cnexp: s = s + (1 - exp(dt*B))*(-A/B - s), or s + dt*f
 * when f does not depend on s. */
static void cnexp(Fn *f, const MNode *st)
{
    const MNode *lhs = st->a;
    Arena *a = f->e->arena;
    int v = mech_var(f->mech, lhs->name);
    if (v < 0 || f->mech->vars.data[v].kind != VAR_STATE) {
        diag_error(f->e->diag, lhs->loc, "'%s' is not a STATE", lhs->name);
        f->ok = false;
        return;
    }
    if (st->order != 1) {
        diag_error(f->e->diag, lhs->loc, "higher derivatives are not supported yet");
        f->ok = false;
        return;
    }
    const char *s = var_c(f, lhs, true);
    StrBuf b = {0};
    MNode *A, *B;
    if (!nmodl_cnexp_form(a, st, &A, &B)) {
        diag_error(f->e->diag, st->loc,
                   "the equation for '%s' is not linear in '%s': cnexp cannot solve it (derivimplicit is not "
                   "supported yet)",
                   lhs->name, lhs->name);
        f->ok = false;
        return;
    }
    if (!B) {
        sb_printf(&b, "%s = %s + m->dt * ", s, s);
        expr(f, A, &b);
    } else {
        sb_printf(&b, "%s = %s + (1.0 - nx_exp(m, m->dt * ", s, s);
        expr(f, B, &b);
        sb_puts(&b, ")) * (-");
        expr(f, A, &b);
        sb_puts(&b, " / ");
        expr(f, B, &b);
        sb_printf(&b, " - %s)", s);
    }
    ind(f);
    sb_printf(f->out, "%s;\n", sb_str(&b));
    sb_free(&b);
}

static void stmts(Fn *f, const MList *body);
static void add_local(Fn *f, const char *name, int dim);
static Fn fn_begin(Emitter *e, MechUse *u, StrBuf *out);

/* ---- KINETIC blocks (NEURON's sparse method) ----
 *
 * nocmodl turns a KINETIC block into implicit Euler for its STATEs,
 * solved by Newton's method: row r of the system is
 *     cap_r * (s_r - s_old_r)/dt - (fluxes into r) = 0,
 * except that the rows of the first states are replaced by the CONSERVE
 * equations.  The block is evaluated once per Newton iteration, filling
 * the matrix (M_) and the right-hand side (R_); the correction is added
 * to the states (clamped at 0 when the scheme is nonlinear), until the
 * sum of |corrections| is at most 1e-6 (one iteration when the scheme is
 * linear).  The order of the states and of the terms follows nocmodl;
 * the linear solve is a dense LU (NEURON's sparse elimination differs
 * only in roundoff).
 */

typedef NmodlKinState KinState;
typedef NmodlKinTerm KinTerm;
typedef NmodlKinTerms KinTerms;
typedef NmodlKin Kin;

const NmodlKinState *nmodl_kin_state(const NmodlKin *k, const Mech *m, const char *name)
{
    int v = mech_var(m, name);
    for (int i = 0; i < k->nst; i++)
        if (k->st[i].var == v)
            return &k->st[i];
    return NULL;
}

static KinState *kin_state(const Kin *k, const Mech *m, const char *name)
{
    return (KinState *)nmodl_kin_state(k, m, name);
}

/* The terms of a CONSERVE side, in source order: A + B + 2*C. */
bool nmodl_conserve_terms(Diag *diag, const MNode *x, NmodlKinTerms *out)
{
    if (x->kind == MK_BINOP && x->op == '+')
        return nmodl_conserve_terms(diag, x->a, out) && nmodl_conserve_terms(diag, x->b, out);
    KinTerm t = {NULL, NULL, 1};
    if (x->kind == MK_BINOP && x->op == '*' && x->a->kind == MK_NUM && x->a->num == (int)x->a->num) {
        t.num = (int)x->a->num;
        x = x->b;
    }
    if (x->kind != MK_NAME || x->order) {
        diag_error(diag, x->loc, "a CONSERVE side is a sum of STATEs");
        return false;
    }
    t.name = x->name;
    t.index = x->a;
    VEC_PUSH(*out, t);
    return true;
}

typedef VEC(const MNode *) NodeVec;
static void longdiff_walk(const MList *body, NodeVec *out);

static void kin_walk(const MList *body, NodeVec *out)
{
    for (int i = 0; i < body->len; i++) {
        const MNode *s = body->items[i];
        if (s->kind == MK_REACTION || s->kind == MK_FLUX || s->kind == MK_CONSERVE || s->kind == MK_COMPARTMENT)
            VEC_PUSH(*out, s);
        kin_walk(&s->body, out);
        kin_walk(&s->list2, out);
    }
}

/* States, their rows (conservation diagonals first, as nocmodl orders
 * them), compartments and linearity of a KINETIC block. */
/* True when nocmodl's symbol table lists STATE a before STATE b: its
 * lists are by first character ('A' to 'z'), each newest name first. */
static bool symtab_before(const Mech *m, int a, int b)
{
    const char *na = m->vars.data[a].name, *nb = m->vars.data[b].name;
    if (na[0] != nb[0])
        return (unsigned char)na[0] < (unsigned char)nb[0];
    return modfile_first_seen(m->mod, na) > modfile_first_seen(m->mod, nb);
}

NmodlKin *nmodl_kin_build(Arena *arena, Diag *diag, const Mech *m, const MNode *block)
{
    Kin *k = ARENA_NEW(arena, Kin);
    k->block = block;
    k->linear = true;
    NodeVec stmts_ = {0};
    kin_walk(&block->body, &stmts_);
    int nv = m->vars.len;
    bool *used = calloc((size_t)nv + 1, 1);
    int *order = calloc((size_t)nv + 1, sizeof(int)), norder = 0;
    bool ok = true;
    /* mark the STATEs the reactions and conservation laws use */
    for (int s = 0; s < stmts_.len; s++) {
        const MNode *st = stmts_.data[s];
        if (st->kind == MK_REACTION) {
            for (int side = 0; side < 2; side++) {
                const MList *l = side ? &st->list2 : &st->list;
                int nterms = 0;
                for (int t = 0; t < l->len; t++) {
                    nterms += (int)l->items[t]->num;
                    int v = mech_var(m, l->items[t]->name);
                    if (v >= 0 && m->vars.data[v].kind == VAR_STATE)
                        used[v] = true;
                    else if (v < 0 && !find_define(m, l->items[t]->name)) {
                        diag_error(diag, l->items[t]->loc, "'%s' is not declared", l->items[t]->name);
                        ok = false;
                    }
                }
                if (nterms > 1)
                    k->linear = false; /* a product of concentrations */
            }
        } else if (st->kind == MK_FLUX) {
            int v = mech_var(m, st->a->name);
            if (v < 0 || m->vars.data[v].kind != VAR_STATE) {
                diag_error(diag, st->a->loc, "'%s' must be a STATE in a flux", st->a->name);
                ok = false;
            } else {
                used[v] = true;
            }
        } else if (st->kind == MK_CONSERVE) {
            KinTerms terms = {0};
            if (!nmodl_conserve_terms(diag, st->a, &terms))
                ok = false;
            for (int t = 0; t < terms.len; t++) {
                int v = mech_var(m, terms.data[t].name);
                if (v < 0 || m->vars.data[v].kind != VAR_STATE) {
                    diag_error(diag, st->loc, "'%s' in CONSERVE must be a STATE", terms.data[t].name);
                    ok = false;
                } else {
                    used[v] = true;
                }
            }
            VEC_FREE(terms);
        }
    }
    /* conservation diagonals: the last CONSERVE first, its last scalar
     * term not yet taken */
    bool *taken = calloc((size_t)nv + 1, 1);
    k->cons_stmt = ARENA_NEWN(arena, const MNode *, stmts_.len + 1);
    k->cons_eq = ARENA_NEWN(arena, int, stmts_.len + 1);
    for (int s = stmts_.len - 1; s >= 0 && ok; s--) {
        const MNode *st = stmts_.data[s];
        if (st->kind != MK_CONSERVE)
            continue;
        KinTerms terms = {0};
        nmodl_conserve_terms(diag, st->a, &terms);
        int pick = -1;
        for (int t = terms.len - 1; t >= 0 && pick < 0; t--) {
            int v = mech_var(m, terms.data[t].name);
            if (!taken[v] && !m->vars.data[v].dim)
                pick = v;
        }
        VEC_FREE(terms);
        if (pick < 0) {
            diag_error(diag, st->loc, "this CONSERVE has no scalar STATE left for its equation");
            ok = false;
            continue;
        }
        taken[pick] = true;
        k->cons_stmt[k->ncons_stmt] = st;
        k->cons_eq[k->ncons_stmt++] = norder; /* diagonals take rows 0, 1, ... in this order */
        order[norder++] = pick;
    }
    k->ncons = norder;
    /* the others in nocmodl's symbol-table order: by first character,
     * then the name that appeared last in the file first */
    int first = norder;
    for (int v = 0; v < nv; v++)
        if (used[v] && !taken[v])
            order[norder++] = v;
    for (int i = first + 1; i < norder; i++) {
        int v = order[i], j = i;
        while (j > first && symtab_before(m, v, order[j - 1])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    k->nst = norder;
    k->st = ARENA_NEWN(arena, KinState, norder ? norder : 1);
    int row = 0;
    for (int i = 0; i < norder; i++) {
        KinState *ks = &k->st[i];
        ks->var = order[i];
        ks->base = row;
        ks->dim = m->vars.data[order[i]].dim;
        row += ks->dim ? ks->dim : 1;
    }
    k->n = row;
    for (int s = 0; s < stmts_.len; s++) {
        const MNode *st = stmts_.data[s];
        if (st->kind != MK_COMPARTMENT)
            continue;
        for (int t = 0; t < st->list.len; t++) {
            KinState *ks = kin_state(k, m, st->list.items[t]->name);
            if (!ks) {
                if (mech_var(m, st->list.items[t]->name) < 0) {
                    diag_error(diag, st->list.items[t]->loc, "'%s' is not declared", st->list.items[t]->name);
                    ok = false;
                }
                continue; /* not a STATE of the scheme: nocmodl ignores it */
            }
            ks->cap = st->a;
            ks->cap_index = st->name;
        }
    }
    if (!k->n) {
        diag_error(diag, block->loc, "KINETIC block '%s' has no reactions", block->name);
        ok = false;
    }
    free(used);
    free(order);
    free(taken);
    VEC_FREE(stmts_);
    return ok ? k : NULL;
}

/* The row of reactant name[index] as C ("3", "(5 + (int)(i))"). */
static const char *kin_row(Fn *f, const char *name, const MNode *index)
{
    KinState *ks = kin_state(f->kin, f->mech, name);
    if (!ks->dim)
        return arena_printf(f->e->arena, "%d", ks->base);
    StrBuf b = {0};
    sb_printf(&b, "(%d + (int)(", ks->base);
    if (index)
        expr(f, index, &b);
    else {
        diag_error(f->e->diag, f->kin->block->loc, "'%s' is an array: index it", name);
        f->ok = false;
        sb_puts(&b, "0");
    }
    sb_puts(&b, "))");
    const char *r = arena_strdup(f->e->arena, sb_str(&b));
    sb_free(&b);
    return r;
}

static bool kin_is_state(Fn *f, const char *name)
{
    return kin_state(f->kin, f->mech, name) != NULL;
}

/* A reactant's value as C. */
static void kin_value(Fn *f, const MNode *r, StrBuf *b)
{
    MNode nm = *r;
    nm.kind = MK_NAME;
    sb_puts(b, var_c(f, &nm, false));
}

/* A flux: rate times the terms (terms: " * B * A", or ""), as nocmodl
 * writes it, the rate's text followed by "*B*A": when the rate's
 * outermost operator binds more loosely than '*' and the rate is not in
 * parentheses (kf*a + boost), only its last operand is multiplied
 * (kf*a + boost*B*A); the Jacobian has the whole rate. */
static void reaction_flux(Fn *f, const MNode *rate, const char *terms, StrBuf *b)
{
    if (*terms && rate->kind == MK_BINOP && !rate->paren && rate->op != '*' && rate->op != '/' &&
        rate->op != '^' && rate->op != '%') {
        bool logical = rate->op != '+' && rate->op != '-';
        sb_puts(b, logical ? "((double)(" : "(");
        expr(f, rate->a, b);
        sb_printf(b, " %s ", mop_str(rate->op));
        reaction_flux(f, rate->b, terms, b);
        sb_puts(b, logical ? "))" : ")");
        return;
    }
    expr(f, rate, b);
    sb_puts(b, terms);
}

/* ~ A + B <-> C (kf, kb): the fluxes, the right-hand sides, the Jacobian. */
static void kin_reaction(Fn *f, const MNode *st)
{
    StrBuf b = {0};
    const MList *sides[2] = {&st->list, &st->list2};
    const MNode *rates[2] = {st->a, st->b};
    /* f_flux = kf*B*A; b_flux = kb*C  (nocmodl multiplies the terms last first) */
    for (int j = 0; j < 2; j++) {
        sb_puts(&b, "");
        StrBuf terms = {0}, e1 = {0};
        sb_puts(&terms, "");
        for (int t = sides[j]->len - 1; t >= 0; t--) {
            const MNode *r = sides[j]->items[t];
            for (int c = 0; c < (int)r->num; c++) {
                StrBuf v = {0};
                kin_value(f, r, &v);
                sb_printf(&terms, " * %s", sb_str(&v));
                sb_free(&v);
            }
        }
        reaction_flux(f, rates[j], sb_str(&terms), &e1);
        ind(f);
        sb_printf(f->out, "%s = %s;\n", j ? "b_flux" : "f_flux", sb_str(&e1));
        sb_free(&e1);
        sb_free(&terms);
    }
    for (int j = 0; j < 2; j++)
        for (int t = sides[j]->len - 1; t >= 0; t--) {
            const MNode *r = sides[j]->items[t];
            if (!kin_is_state(f, r->name))
                continue;
            KinState *ks = kin_state(f->kin, f->mech, r->name);
            if (!ks->dim && ks->base < f->kin->ncons)
                continue; /* a conservation row */
            const char *row = kin_row(f, r->name, r->a);
            ind(f);
            sb_printf(f->out, "R_[%s] %s %s(f_flux - b_flux);\n", row, j ? "+=" : "-=",
                      r->num > 1 ? arena_printf(f->e->arena, "%d.0 * ", (int)r->num) : "");
        }
    /* the Jacobian: column of each state, rows of every state */
    for (int j = 0; j < 2; j++)
        for (int t = sides[j]->len - 1; t >= 0; t--) {
            const MNode *rc = sides[j]->items[t];
            if (!kin_is_state(f, rc->name))
                continue;
            StrBuf e1 = {0};
            expr(f, rates[j], &e1);
            ind(f);
            sb_printf(f->out, "term_ = %s", sb_str(&e1));
            sb_free(&e1);
            if (rc->num != 1)
                sb_printf(f->out, " * %d", (int)rc->num);
            for (int t1 = sides[j]->len - 1; t1 >= 0; t1--) {
                const MNode *r1 = sides[j]->items[t1];
                int n = (int)r1->num - (r1 == rc ? 1 : 0);
                for (int c = 0; c < n; c++) {
                    StrBuf v = {0};
                    kin_value(f, r1, &v);
                    sb_printf(f->out, " * %s", sb_str(&v));
                    sb_free(&v);
                }
            }
            sb_puts(f->out, ";\n");
            const char *col = kin_row(f, rc->name, rc->a);
            for (int j1 = 0; j1 < 2; j1++)
                for (int t1 = sides[j1]->len - 1; t1 >= 0; t1--) {
                    const MNode *rr = sides[j1]->items[t1];
                    if (!kin_is_state(f, rr->name))
                        continue;
                    KinState *ks = kin_state(f->kin, f->mech, rr->name);
                    if (!ks->dim && ks->base < f->kin->ncons)
                        continue;
                    const char *row = kin_row(f, rr->name, rr->a);
                    ind(f);
                    sb_printf(f->out, "*nrt_sparse_elm(so_, %s, %s) %s %sterm_;\n", row, col, j == j1 ? "+=" : "-=",
                              rr->num != 1 ? arena_printf(f->e->arena, "%d * ", (int)rr->num) : "");
                }
        }
    sb_free(&b);
}

/* ~ A << (flux) */
static void kin_flux(Fn *f, const MNode *st)
{
    KinState *ks = kin_state(f->kin, f->mech, st->a->name);
    if (!ks->dim && ks->base < f->kin->ncons) {
        diag_error(f->e->diag, st->loc, "'%s' is conserved and has a flux", st->a->name);
        f->ok = false;
        return;
    }
    StrBuf e1 = {0};
    expr(f, st->b, &e1);
    ind(f);
    sb_puts(f->out, "f_flux = b_flux = 0.0;\n");
    ind(f);
    sb_printf(f->out, "R_[%s] += (b_flux = %s);\n", kin_row(f, st->a->name, st->a->a), sb_str(&e1));
    sb_free(&e1);
}

/* The capacity factor " * (cap)" of a state, or "". */
static const char *kin_cap(Fn *f, const KinState *ks)
{
    if (!ks->cap)
        return "";
    StrBuf b = {0};
    sb_puts(&b, " * (");
    expr(f, ks->cap, &b);
    sb_puts(&b, ")");
    const char *r = arena_strdup(f->e->arena, sb_str(&b));
    sb_free(&b);
    return r;
}

/* An array state's COMPARTMENT size, element by element: writes the
 * opening of a loop over the elements, k_, with the compartment's index
 * name (l_IX) set to it, and returns the size's C expression there; the
 * caller writes the loop's body and closes it ("        }\n    }\n"). */
static const char *kin_cap_open(Fn *f, const KinState *ks)
{
    const char *ix = ks->cap_index ? ks->cap_index : "k_";
    sb_printf(f->out, "    {\n        double l_%s;\n        for (int k_ = 0; k_ < %d; k_++) {\n"
                      "            l_%s = k_;\n", ix, ks->dim, ix);
    add_local(f, ix, 0);
    const char *cap = kin_cap(f, ks);
    f->locals.len--;
    f->local_dims.len--;
    return cap;
}

/* CONSERVE A + B + C = total: the equation row of its diagonal state. */
static void kin_conserve(Fn *f, const MNode *st)
{
    KinTerms terms = {0};
    nmodl_conserve_terms(f->e->diag, st->a, &terms);
    int eq = -1;
    for (int c = 0; c < f->kin->ncons_stmt; c++)
        if (f->kin->cons_stmt[c] == st)
            eq = f->kin->cons_eq[c];
    if (eq < 0) { /* CVODE's form of the scheme: no CONSERVE equations, as nocmodl's */
        VEC_FREE(terms);
        return;
    }
    StrBuf e1 = {0};
    expr(f, st->b, &e1);
    ind(f);
    sb_printf(f->out, "R_[%d] = %s;\n", eq, sb_str(&e1));
    sb_free(&e1);
    for (int t = terms.len - 1; t >= 0; t--) {
        KinState *ks = kin_state(f->kin, f->mech, terms.data[t].name);
        const char *col = kin_row(f, terms.data[t].name, terms.data[t].index);
        const char *cap = kin_cap(f, ks);
        ind(f);
        sb_printf(f->out, "*nrt_sparse_elm(so_, %d, %s) = %d%s;\n", eq, col, terms.data[t].num, cap);
        MNode nm;
        memset(&nm, 0, sizeof nm);
        nm.kind = MK_NAME;
        nm.name = terms.data[t].name;
        nm.a = (MNode *)terms.data[t].index;
        nm.loc = st->loc;
        ind(f);
        sb_printf(f->out, "R_[%d] -= %s%s", eq, var_c(f, &nm, false), cap);
        if (terms.data[t].num != 1)
            sb_printf(f->out, " * %d", terms.data[t].num);
        sb_puts(f->out, ";\n");
    }
    VEC_FREE(terms);
}

/* KF<k>_<m>: the block, evaluated at the present states: M_ (zeroed by
 * the caller) and R_ of the Newton system. */
static void emit_kinetic_eval_tag(Emitter *e, MechUse *u, const char *k, Kin *kin);
static void emit_kinetic_eval(Emitter *e, MechUse *u, int k, Kin *kin)
{
    emit_kinetic_eval_tag(e, u, arena_printf(e->arena, "%d", k), kin);
}

static void emit_kinetic_eval_tag(Emitter *e, MechUse *u, const char *k, Kin *kin)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    sb_printf(o, "static void KF%s_%s(Model *m, int i, double vm, NrtSparse *so_, double *R_, const double *sav_)\n{\n",
              k, cn);
    sb_puts(o, "    double f_flux = 0.0, b_flux = 0.0, term_ = 0.0;\n"
               "    (void)vm;\n    (void)f_flux;\n    (void)b_flux;\n    (void)term_;\n"
               "    double dt1_ = 1.0 / m->dt;\n");
    /* the time derivative rows, then the compartment volumes */
    for (int s = 0; s < kin->nst; s++) {
        KinState *ks = &kin->st[s];
        if (!ks->dim && ks->base < kin->ncons)
            continue;
        const char *fld = nmodl_field(e, u, ks->var);
        if (ks->dim)
            sb_printf(o, "    for (int k_ = 0; k_ < %d; k_++) {\n"
                         "        R_[%d + k_] = -dt1_ * (m->%s[i][k_] - sav_[%d + k_]);\n"
                         "        *nrt_sparse_elm(so_, %d + k_, %d + k_) = dt1_;\n    }\n",
                      ks->dim, ks->base, fld, ks->base, ks->base, ks->base);
        else
            sb_printf(o, "    R_[%d] = -dt1_ * (m->%s[i] - sav_[%d]);\n    *nrt_sparse_elm(so_, %d, %d) = dt1_;\n",
                      ks->base, fld, ks->base, ks->base, ks->base);
    }
    Fn f = fn_begin(e, u, o);
    f.kin = kin;
    for (int pass = 0; pass < 2; pass++)
        for (int s = 0; s < kin->nst; s++) {
            KinState *ks = &kin->st[s];
            if (!ks->cap || (pass == 0) != (ks->dim == 0))
                continue;
            if (!ks->dim) {
                const char *cap = kin_cap(&f, ks);
                sb_printf(o, "    R_[%d] *= 1.0%s;\n    *nrt_sparse_elm(so_, %d, %d) *= 1.0%s;\n", ks->base, cap,
                          ks->base, ks->base, cap);
                continue;
            }
            const char *cap = kin_cap_open(&f, ks);
            sb_printf(o, "            R_[%d + k_] *= 1.0%s;\n            *nrt_sparse_elm(so_, %d + k_, %d + k_) *= 1.0%s;\n"
                         "        }\n    }\n",
                      ks->base, cap, ks->base, ks->base, cap);
        }
    stmts(&f, &kin->block->body);
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    sb_puts(o, "    (void)sav_;\n}\n\n");
    (void)m;
}

/* KSP<k>_<m>: sparse's Newton loop; linflag: one iteration, no clamping.
 * D_ gets (s - s_old)/dt. KSS<k>_<m>: the steady state (STEADYSTATE
 * sparse: dt = 1e9, as NEURON iterates it). KS<k>_<m>: one step. */
static void emit_kinetic_solve(Emitter *e, MechUse *u, int k, Kin *kin)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    sb_printf(o, "static int KSP%d_%s(Model *m, int i, double vm, int linflag, double *D_)\n{\n", k, cn);
    sb_printf(o, "    enum { N = %d };\n    double *x_[N] = {", kin->n);
    for (int s = 0, c = 0; s < kin->nst; s++) {
        KinState *ks = &kin->st[s];
        const char *fld = nmodl_field(e, u, ks->var);
        for (int j = 0; j < (ks->dim ? ks->dim : 1); j++, c++) {
            if (ks->dim)
                sb_printf(o, "%s&m->%s[i][%d]", c ? ", " : "", fld, j);
            else
                sb_printf(o, "%s&m->%s[i]", c ? ", " : "", fld);
        }
    }
    sb_puts(o, "};\n");
    sb_printf(o, "    double sav_[N], R_[N], err = 1.0;\n"
                 "    for (int j = 0; j < N; j++)\n        sav_[j] = *x_[j];\n"
                 "    NrtSparse *so_ = %s%s_so%d;\n"
                 "    if (!so_) {\n"
                 "        /* the matrix's structure and pivot order, from two runs of the scheme */\n"
                 "        so_ = %s%s_so%d = nrt_sparse_new(m->sim, N);\n"
                 "        while (nrt_sparse_phase(so_)) {\n"
                 "            KF%d_%s(m, i, vm, so_, R_, sav_);\n"
                 "            nrt_sparse_next_phase(so_);\n"
                 "        }\n"
                 "    }\n"
                 "    for (int it = 0; err > 1e-6; it++) {\n"
                 "        nrt_sparse_zero(so_);\n"
                 "        KF%d_%s(m, i, vm, so_, R_, sav_);\n"
                 "        if (nrt_sparse_solve(so_, R_) != 0) {\n"
                 "            for (int j = 0; j < N; j++)\n                D_[j] = sav_[j];\n"
                 "            return 1; /* singular */\n"
                 "        }\n"
                 "        err = 0.0;\n"
                 "        for (int j = 0; j < N; j++) {\n"
                 "            *x_[j] += R_[j];\n"
                 "            if (!linflag && *x_[j] < 0.0)\n                *x_[j] = 0.0;\n"
                 "            err += fabs(R_[j]);\n"
                 "        }\n"
                 "        if (it > 20) {\n"
                 "            for (int j = 0; j < N; j++)\n                D_[j] = sav_[j];\n"
                 "            return 2; /* no convergence */\n"
                 "        }\n"
                 "        if (linflag)\n            break;\n"
                 "    }\n"
                 "    nrt_sparse_zero(so_);\n"
                 "    KF%d_%s(m, i, vm, so_, R_, sav_);\n"
                 "    for (int j = 0; j < N; j++)\n        D_[j] = (*x_[j] - sav_[j]) / m->dt;\n"
                 "    return 0;\n"
                 "}\n\n",
              e->embed ? "m->" : "tl_", cn, k, e->embed ? "m->" : "tl_", cn, k, k, cn, k, cn, k, cn);
    sb_printf(o, "static NRN_MAYBE_UNUSED void KSS%d_%s(Model *m, int i, double vm)\n{\n", k, cn);
    sb_printf(o, "    double D_[%d], dtsav = m->dt;\n    m->dt = 1e9;\n", kin->n);
    if (kin->linear) {
        sb_printf(o, "    int err = KSP%d_%s(m, i, vm, 0, D_);\n", k, cn);
    } else {
        sb_printf(o, "    int it, err = 0;\n    for (it = 0; it < 7; it++) {\n"
                     "        err = KSP%d_%s(m, i, vm, 1, D_);\n"
                     "        if (err)\n            break;\n"
                     "        int good = 1;\n", k, cn);
        for (int s = 0; s < kin->nst; s++) {
            KinState *ks = &kin->st[s];
            const char *fld = nmodl_field(e, u, ks->var);
            if (ks->dim)
                sb_printf(o, "        for (int j = 0; j < %d; j++)\n"
                             "            if (m->%s[i][j] < -1e-6) {\n                m->%s[i][j] = 0.0;\n"
                             "                good = 0;\n            }\n",
                          ks->dim, fld, fld);
            else
                sb_printf(o, "        if (m->%s[i] < -1e-6) {\n            m->%s[i] = 0.0;\n            good = 0;\n"
                             "        }\n",
                          fld, fld);
        }
        sb_printf(o, "        if (good) {\n            err = KSP%d_%s(m, i, vm, 0, D_);\n            break;\n        }\n"
                     "    }\n"
                     "    if (it >= 7)\n        err = 1;\n", k, cn);
    }
    /* NEURON goes on with the last iterate (its INITIAL ignores the error):
     * counted, and said at the end of the run */
    sb_printf(o, "    if (err)\n        nrt_kinetic_fail(m->sim, \"%s: the steady state of KINETIC '%s'\", NRN_T(m));\n",
              m->name, kin->block->name);
    sb_puts(o, "    m->dt = dtsav;\n}\n\n");
    sb_printf(o, "static NRN_MAYBE_UNUSED void KS%d_%s(Model *m, int i, double vm)\n{\n", k, cn);
    /* NEURON's state update ignores sparse's error: the state is the last
     * iterate and its D slots hold the saved state (used by secondorder) */
    sb_printf(o, "    double D_[%d];\n    if (KSP%d_%s(m, i, vm, %d, D_) != 0)\n"
                 "        nrt_kinetic_fail(m->sim, \"%s: KINETIC '%s'\", NRN_T(m));\n",
              kin->n, k, cn, kin->linear ? 1 : 0, m->name, kin->block->name);
    sb_puts(o, "    if (m->secondorder) {\n");
    for (int s = 0, c = 0; s < kin->nst; s++) {
        KinState *ks = &kin->st[s];
        const char *fld = nmodl_field(e, u, ks->var);
        for (int j = 0; j < (ks->dim ? ks->dim : 1); j++, c++) {
            if (ks->dim)
                sb_printf(o, "        m->%s[i][%d] += m->dt * D_[%d];\n", fld, j, c);
            else
                sb_printf(o, "        m->%s[i] += m->dt * D_[%d];\n", fld, c);
        }
    }
    sb_puts(o, "    }\n}\n\n");
}

/* The STATEs with an equation s' = ... in body, in order of appearance. */
void nmodl_deriv_states(Arena *a, const MList *body, MList *out)
{
    for (int i = 0; i < body->len; i++) {
        MNode *st = body->items[i];
        if (st->kind == MK_ASSIGN && st->order > 0) {
            bool seen = false;
            for (int k = 0; k < out->len; k++)
                seen = seen || !strcmp(out->items[k]->name, st->a->name);
            if (!seen)
                mlist_push(a, out, st->a);
        }
        nmodl_deriv_states(a, &st->body, out);
        nmodl_deriv_states(a, &st->list2, out);
    }
}

/* True when every equation of body is linear in its state (cnexp applies;
 * otherwise nocmodl falls back to derivimplicit for the whole block). */
bool nmodl_cnexp_possible(Arena *a, const MList *body)
{
    for (int i = 0; i < body->len; i++) {
        MNode *st = body->items[i];
        if (st->kind == MK_ASSIGN && st->order > 0 && sym_depends(st->b, st->a->name)) {
            MNode *B = sym_diff(a, st->b, st->a->name);
            if (!B || sym_depends(B, st->a->name))
                return false;
        }
        if (!nmodl_cnexp_possible(a, &st->body) || !nmodl_cnexp_possible(a, &st->list2))
            return false;
    }
    return true;
}

/* ---- LINEAR and NONLINEAR blocks ---- */

typedef NmodlLin LinSys;

static int lin_col(const LinSys *ls, int v)
{
    for (int k = 0; k < ls->n; k++)
        if (ls->var[k] == v)
            return k;
    return -1;
}

/* Is x (or something in it) one of the unknowns? */
static bool has_unknown(const Mech *m, const LinSys *ls, const MNode *x)
{
    if (!x)
        return false;
    if (x->kind == MK_NAME && lin_col(ls, mech_var(m, x->name)) >= 0)
        return true;
    if (has_unknown(m, ls, x->a) || has_unknown(m, ls, x->b))
        return true;
    for (int k = 0; k < x->list.len; k++)
        if (has_unknown(m, ls, x->list.items[k]))
            return true;
    return false;
}

/* The terms of a side of an equation as nocmodl's grammar splits it: a
 * +/- chain of primaries, a leading '-' on the first; a parenthesised
 * sum is one primary. */
static void lin_terms(const MNode *x, int sign, NmodlLinTerms *out)
{
    if (x->kind == MK_BINOP && !x->paren && (x->op == '+' || x->op == '-')) {
        lin_terms(x->a, sign, out);
        NmodlLinTerm t = {x->b, -1, x->op == '-' ? -sign : sign, NULL};
        VEC_PUSH(*out, t);
        return;
    }
    if (x->kind == MK_NEG && !x->paren) {
        NmodlLinTerm t = {x->a, -1, -sign, NULL};
        VEC_PUSH(*out, t);
        return;
    }
    NmodlLinTerm t = {x, -1, sign, NULL};
    VEC_PUSH(*out, t);
}

/* The unknown that a primary multiplies (-1 for none); an error when it
 * holds one elsewhere (a denominator, a call, parentheses) or two. */
static int lin_factor(Diag *diag, const Mech *m, const LinSys *ls, const MNode *x, bool denom, int *found,
                      const MNode **index)
{
    if (x->kind == MK_BINOP && !x->paren && (x->op == '*' || x->op == '/')) {
        if (!lin_factor(diag, m, ls, x->a, denom, found, index))
            return 0;
        return lin_factor(diag, m, ls, x->b, denom || x->op == '/', found, index);
    }
    if (x->kind == MK_NAME && (!x->a || (lin_col(ls, mech_var(m, x->name)) >= 0 && !has_unknown(m, ls, x->a)))) {
        int col = lin_col(ls, mech_var(m, x->name));
        if (col >= 0) {
            *index = x->a;
            if (denom || *found >= 0) {
                diag_error(diag, x->loc, denom ? "a state in a denominator of a linear equation"
                                               : "more than one state in a term of a linear equation");
                return 0;
            }
            *found = col;
        }
        return 1;
    }
    if (has_unknown(m, ls, x)) {
        diag_error(diag, x->loc, "a state inside parentheses, a call or a power in a linear equation: "
                   "write the term as (coefficient) * state");
        return 0;
    }
    return 1;
}

bool nmodl_lin_row(Diag *diag, const Mech *m, const NmodlLin *ls, const MNode *eq, NmodlLinTerms *out)
{
    bool ok = true;
    for (int side = 0; side < 2; side++) {
        NmodlLinTerms terms = {0};
        lin_terms(side ? eq->b : eq->a, 1, &terms);
        int leftside = side ? 1 : -1;
        for (int k = 0; k < terms.len; k++) {
            int col = -1;
            const MNode *index = NULL;
            if (!lin_factor(diag, m, ls, terms.data[k].x, false, &col, &index)) {
                ok = false;
                continue;
            }
            /* lhs terms subtracted, rhs terms added; constants to the other side */
            int sign = terms.data[k].sign * leftside;
            if (col < 0)
                sign = -sign;
            NmodlLinTerm t = {terms.data[k].x, col >= 0 ? col : ls->n, sign, col >= 0 ? index : NULL};
            VEC_PUSH(*out, t);
        }
        VEC_FREE(terms);
    }
    return ok;
}

void nmodl_nonlin_terms(const MNode *eq, NmodlLinTerms *out)
{
    NmodlLinTerms rt = {0};
    if (eq->b->kind == MK_BINOP && !eq->b->paren && (eq->b->op == '+' || eq->b->op == '-')) {
        /* the rhs's own +/- chain continues "-(lhs) + " */
        const MNode *x = eq->b;
        while (x->kind == MK_BINOP && !x->paren && (x->op == '+' || x->op == '-')) {
            NmodlLinTerm t = {x->b, -1, x->op == '-' ? -1 : 1, NULL};
            VEC_PUSH(rt, t);
            x = x->a;
        }
        NmodlLinTerm t = {x, -1, 1, NULL};
        VEC_PUSH(rt, t);
    } else {
        NmodlLinTerm t = {eq->b, -1, 1, NULL};
        VEC_PUSH(rt, t);
    }
    for (int k = rt.len - 1; k >= 0; k--)
        VEC_PUSH(*out, rt.data[k]);
    VEC_FREE(rt);
}

/* One '~' equation: LINEAR adds its terms to row e_ of c_ (state terms
 * to their column, the rest to column N), lhs terms subtracted and rhs
 * terms added, as nocmodl's code does; NONLINEAR sets F_[e_] to
 * -(lhs) + rhs, chained as nocmodl's C text chains it. */
static void lin_equation(Fn *f, const MNode *st)
{
    const LinSys *ls = f->lin;
    if (ls->nonlin) {
        NmodlLinTerms rt = {0};
        nmodl_nonlin_terms(st, &rt);
        StrBuf acc = {0};
        sb_puts(&acc, "(-(");
        expr(f, st->a, &acc);
        sb_puts(&acc, "))");
        for (int k = 0; k < rt.len; k++) {
            StrBuf t = {0};
            expr(f, rt.data[k].x, &t);
            StrBuf n = {0};
            sb_printf(&n, "(%s %c %s)", sb_str(&acc), rt.data[k].sign > 0 ? '+' : '-', sb_str(&t));
            sb_free(&acc);
            sb_free(&t);
            acc = n;
        }
        ind(f);
        sb_printf(f->out, st->flag ? "F_[e_] += %s;\n" : "F_[++e_] = %s;\n", sb_str(&acc));
        sb_free(&acc);
        VEC_FREE(rt);
        return;
    }
    if (!st->flag) { /* '~+' adds to the equation before */
        ind(f);
        sb_puts(f->out, "++e_;\n");
    }
    NmodlLinTerms terms = {0};
    if (!nmodl_lin_row(f->e->diag, f->mech, ls, st, &terms))
        f->ok = false;
    for (int k = 0; k < terms.len; k++) {
        int col = terms.data[k].col;
        int saved = f->one_var;
        f->one_var = col < ls->n ? ls->var[col] : -1;
        StrBuf t = {0};
        expr(f, terms.data[k].x, &t);
        f->one_var = saved;
        ind(f);
        if (terms.data[k].index) { /* an array's element: its column at run time */
            StrBuf ix = {0};
            expr(f, terms.data[k].index, &ix);
            sb_printf(f->out, "c_[e_][%d + (int)(%s)] %s %s;\n", col, sb_str(&ix),
                      terms.data[k].sign > 0 ? "+=" : "-=", sb_str(&t));
            sb_free(&ix);
        } else {
            sb_printf(f->out, "c_[e_][%d] %s %s;\n", col, terms.data[k].sign > 0 ? "+=" : "-=", sb_str(&t));
        }
        sb_free(&t);
    }
    VEC_FREE(terms);
}

static void lin_walk(const MList *body, const MNode ***eqs, int *n, int *cap)
{
    for (int k = 0; k < body->len; k++) {
        const MNode *st = body->items[k];
        if (st->kind == MK_LINEQ) {
            if (*n == *cap) {
                *cap = *cap ? 2 * *cap : 8;
                *eqs = xrealloc(*eqs, sizeof **eqs * (size_t)*cap);
            }
            (*eqs)[(*n)++] = st;
        }
        lin_walk(&st->body, eqs, n, cap);
        lin_walk(&st->list2, eqs, n, cap);
    }
}

/* The first unknown of x in left-to-right order that is not yet in order[]. */
static void lin_first_seen(const Mech *m, const MNode *x, const bool *unknown, int *order, int *n)
{
    if (!x)
        return;
    lin_first_seen(m, x->a, unknown, order, n);
    if (x->kind == MK_NAME) {
        int v = mech_var(m, x->name);
        if (v >= 0 && unknown[v]) {
            bool seen = false;
            for (int k = 0; k < *n; k++)
                seen = seen || order[k] == v;
            if (!seen)
                order[(*n)++] = v;
        }
    }
    lin_first_seen(m, x->b, unknown, order, n);
    for (int k = 0; k < x->list.len; k++)
        lin_first_seen(m, x->list.items[k], unknown, order, n);
}

static void mark_states(const Mech *m, const MNode *x, bool *unknown)
{
    if (!x)
        return;
    if (x->kind == MK_NAME) {
        int v = mech_var(m, x->name);
        if (v >= 0 && m->vars.data[v].kind == VAR_STATE)
            unknown[v] = true;
    }
    mark_states(m, x->a, unknown);
    mark_states(m, x->b, unknown);
    for (int k = 0; k < x->list.len; k++)
        mark_states(m, x->list.items[k], unknown);
}

static bool symtab_before(const Mech *m, int a, int b);

NmodlLin *nmodl_lin_build(Arena *arena, Diag *diag, const Mech *m, int b)
{
    const MNode *blk = m->lins.data[b];
    LinSys *ls = ARENA_NEW(arena, LinSys);
    ls->nonlin = blk->kind == MK_NONLINEAR;
    const MNode **eqs = NULL;
    int neq = 0, cap = 0;
    lin_walk(&blk->body, &eqs, &neq, &cap);
    int nv = m->vars.len;
    bool *unknown = calloc((size_t)nv + 1, 1);
    int *order = calloc((size_t)nv + 1, sizeof(int)), norder = 0;
    bool ok = true;
    if (blk->list.len) {
        for (int k = 0; k < blk->list.len; k++) {
            int v = mech_var(m, blk->list.items[k]->name);
            if (v < 0 || m->vars.data[v].kind != VAR_STATE) {
                diag_error(diag, blk->list.items[k]->loc, "SOLVEFOR '%s': not a STATE", blk->list.items[k]->name);
                ok = false;
            } else {
                unknown[v] = true;
            }
        }
    } else {
        for (int k = 0; k < neq; k++) {
            mark_states(m, eqs[k]->a, unknown);
            mark_states(m, eqs[k]->b, unknown);
        }
    }
    /* only those used in the equations; LINEAR numbers them in order of
     * appearance, NONLINEAR in nocmodl's symbol-table order */
    for (int k = 0; k < neq; k++) {
        lin_first_seen(m, eqs[k]->a, unknown, order, &norder);
        lin_first_seen(m, eqs[k]->b, unknown, order, &norder);
    }
    if (ls->nonlin)
        for (int i = 1; i < norder; i++) {
            int v = order[i], j = i;
            while (j > 0 && symtab_before(m, v, order[j - 1])) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = v;
        }
    /* an array takes one unknown per element, in a row */
    int ncol = 0;
    for (int k = 0; k < norder; k++) {
        int dim = m->vars.data[order[k]].dim;
        ncol += dim ? dim : 1;
        ls->arrays = ls->arrays || dim > 0;
    }
    /* '~+' adds its terms to the equation before: not one of its own */
    int nadd = 0;
    for (int k = 0; k < neq; k++)
        if (eqs[k]->flag) {
            if (k == 0) {
                diag_error(diag, eqs[k]->loc, "'~+' adds to the equation before, and there is none");
                ok = false;
            }
            nadd++;
        }
    neq -= nadd;
    /* with arrays the equations may be in loops: counted as they run */
    if (ok && (neq == 0 || (neq != ncol && !ls->arrays))) {
        if (neq)
            diag_error(diag, blk->loc, "%s block '%s' has %d equation%s for %d state%s", ls->nonlin ? "NONLINEAR" : "LINEAR",
                       blk->name, neq, neq == 1 ? "" : "s", ncol, ncol == 1 ? "" : "s");
        else
            diag_error(diag, blk->loc, "%s block '%s' has no equations", ls->nonlin ? "NONLINEAR" : "LINEAR",
                       blk->name);
        ok = false;
    }
    free(unknown);
    if (!ok) {
        free(eqs);
        free(order);
        return NULL;
    }
    ls->n = ncol;
    ls->var = ARENA_NEWN(arena, int, ncol);
    ls->elem = ARENA_NEWN(arena, int, ncol);
    for (int k = 0, c = 0; k < norder; k++) {
        int dim = m->vars.data[order[k]].dim;
        for (int el = 0; el < (dim ? dim : 1); el++, c++) {
            ls->var[c] = order[k];
            ls->elem[c] = dim ? el : -1;
        }
    }
    ls->eqs = ARENA_NEWN(arena, const MNode *, neq + nadd);
    memcpy(ls->eqs, eqs, sizeof *eqs * (size_t)(neq + nadd));
    free(eqs);
    free(order);
    return ls;
}

/* "[k]" for an unknown that is element k of an array, else "". */
static const char *lin_elem(Emitter *e, const LinSys *ls, int k)
{
    return ls->elem[k] >= 0 ? arena_printf(e->arena, "[%d]", ls->elem[k]) : "";
}

/* With arrays the equations are counted as they run (some may be in
 * loops): a count that is not the number of unknowns stops the run
 * (nocmodl's code prints it and goes on with a wrong system). */
static void lin_count_check(StrBuf *o, const LinSys *ls, const Mech *m, const MNode *blk)
{
    if (!ls->arrays)
        return;
    sb_printf(o, "    if (e_ != N - 1)\n"
                 "        nrt_abort(m->sim, \"%s: %s block '%s' has %%d equations for %%d states at t = %%.17g ms\", "
                 "e_ + 1, N, NRN_T(m));\n",
              m->name, ls->nonlin ? "NONLINEAR" : "LINEAR", blk->name);
}

/* LINEAR block b: its system built and solved by NEURON's simeq
 * (Gaussian elimination with partial pivoting); NONLINEAR: by NEURON's
 * Newton iteration.  Both as LS<b>_<m>(m, i, vm), run where SOLVE is. */
static void emit_lin(Emitter *e, MechUse *u, int b)
{
    Mech *m = u->mech;
    const MNode *blk = m->lins.data[b];
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    LinSys *lsp = nmodl_lin_build(e->arena, e->diag, m, b);
    if (!lsp)
        return;
    LinSys ls = *lsp;
    int n = ls.n;
    if (!ls.nonlin) {
        sb_printf(o, "static void LS%d_%s(Model *m, int i, double vm)\n{\n", b, cn);
        sb_printf(o, "    enum { N = %d };\n    double c_[N][N + 1];\n    int e_ = -1, perm_[N];\n"
                     "    (void)vm;\n"
                     "    for (int r = 0; r < N; r++)\n        for (int c = 0; c <= N; c++)\n"
                     "            c_[r][c] = 0.0;\n", n);
        Fn f = fn_begin(e, u, o);
        f.lin = &ls;
        stmts(&f, &blk->body);
        VEC_FREE(f.locals);
        VEC_FREE(f.local_dims);
        lin_count_check(o, &ls, m, blk);
        sb_puts(o, "    double *x_[N] = {");
        for (int k = 0; k < n; k++)
            sb_printf(o, "%s&m->%s[i]%s", k ? ", " : "", nmodl_field(e, u, ls.var[k]), lin_elem(e, &ls, k));
        sb_printf(o, "};\n"
                     "    /* simeq: pivot rows by largest magnitude, normalise, reduce */\n"
                     "    for (int r = 0; r < N; r++)\n        perm_[r] = r;\n"
                     "    for (int j = 0, isave = 0; j < N; j++) {\n"
                     "        int ip = perm_[j];\n"
                     "        for (int r = j + 1; r < N; r++)\n"
                     "            if (fabs(c_[ip][j]) < fabs(c_[perm_[r]][j])) {\n"
                     "                ip = perm_[r];\n"
                     "                isave = r;\n"
                     "            }\n"
                     "        if (fabs(c_[ip][j]) < 1e-20)\n"
                     "            nrt_abort(m->sim, \"%s: LINEAR block '%s' is singular at t = %%.17g ms\", NRN_T(m));\n"
                     "        if (ip != perm_[j]) {\n"
                     "            perm_[isave] = perm_[j];\n"
                     "            perm_[j] = ip;\n"
                     "        }\n"
                     "        for (int c = j + 1; c <= N; c++)\n"
                     "            c_[ip][c] /= c_[ip][j];\n"
                     "        for (int r = j + 1; r < N; r++)\n"
                     "            for (int c = j + 1; c <= N; c++)\n"
                     "                c_[perm_[r]][c] -= c_[ip][c] * c_[perm_[r]][j];\n"
                     "    }\n"
                     "    for (int r = N - 1; r >= 0; r--) {\n"
                     "        int jr = perm_[r];\n"
                     "        *x_[r] = c_[jr][N];\n"
                     "        for (int c = r + 1; c < N; c++)\n"
                     "            *x_[r] -= c_[jr][c] * *x_[c];\n"
                     "    }\n"
                     "    (void)e_;\n}\n\n",
                  m->name, blk->name);
        return;
    }
    sb_printf(o, "static void NLF%d_%s(Model *m, int i, double vm, double *F_)\n{\n    int e_ = -1;\n    (void)vm;\n",
              b, cn);
    Fn f = fn_begin(e, u, o);
    f.lin = &ls;
    stmts(&f, &blk->body);
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    if (ls.arrays)
        sb_printf(o, "    enum { N = %d };\n", n);
    lin_count_check(o, &ls, m, blk);
    sb_puts(o, "    (void)e_;\n}\n\n");
    sb_printf(o, "static void LS%d_%s(Model *m, int i, double vm)\n{\n    enum { N = %d };\n    double *x_[N] = {", b,
              cn, n);
    for (int k = 0; k < n; k++)
        sb_printf(o, "%s&m->%s[i]%s", k ? ", " : "", nmodl_field(e, u, ls.var[k]), lin_elem(e, &ls, k));
    /* scopmath's newton: the same iteration as derivimplicit's, on the
     * block's residuals, with no evaluation before the first Jacobian */
    sb_printf(o, "};\n"
                 "    double F_[N], hi_[N], J_[N * N], dx_[N], rowmax_[N], change = 1.0, temp;\n"
                 "    int perm_[N], count = 0, error = 0;\n"
                 "    while (count++ < 50) {\n"
                 "        if (change > 0.05) {\n"
                 "            for (int c = 0; c < N; c++) {\n"
                 "                double inc = fabs(0.02 * *x_[c]) > 1e-6 ? fabs(0.02 * *x_[c]) : 1e-6;\n"
                 "                *x_[c] += inc;\n"
                 "                NLF%d_%s(m, i, vm, F_);\n"
                 "                for (int r = 0; r < N; r++)\n"
                 "                    hi_[r] = F_[r];\n"
                 "                *x_[c] -= 2.0 * inc;\n"
                 "                NLF%d_%s(m, i, vm, F_);\n"
                 "                for (int r = 0; r < N; r++)\n"
                 "                    J_[r * N + c] = (hi_[r] - F_[r]) / (2.0 * inc);\n"
                 "                *x_[c] += inc;\n"
                 "                NLF%d_%s(m, i, vm, F_);\n"
                 "            }\n"
                 "            for (int r = 0; r < N; r++)\n"
                 "                F_[r] = -F_[r];\n"
                 "            if ((error = nrt_crout(N, J_, perm_, rowmax_)) != 0)\n"
                 "                break;\n"
                 "        }\n"
                 "        nrt_crout_solve(N, J_, F_, perm_, dx_);\n"
                 "        change = 0.0;\n"
                 "        for (int j = 0; j < N; j++) {\n"
                 "            if (fabs(*x_[j]) > 1e-8 && (temp = fabs(dx_[j] / *x_[j])) > change)\n"
                 "                change = temp;\n"
                 "            *x_[j] += dx_[j];\n"
                 "        }\n"
                 "        NLF%d_%s(m, i, vm, F_);\n"
                 "        double maxdev = 0.0;\n"
                 "        for (int j = 0; j < N; j++) {\n"
                 "            F_[j] = -F_[j];\n"
                 "            if ((temp = fabs(F_[j])) > maxdev)\n"
                 "                maxdev = temp;\n"
                 "        }\n"
                 "        if (change <= 1e-6 && maxdev <= 1e-8)\n"
                 "            break;\n"
                 "        if (count == 50) {\n"
                 "            error = 1;\n"
                 "            break;\n"
                 "        }\n"
                 "    }\n"
                 "    if (error)\n"
                 "        nrt_abort(m->sim, \"%s: the Newton iteration of NONLINEAR '%s' %%s at t = %%.17g ms\", error == 1 ?\n"
                 "                  \"did not converge in 50 iterations\" : \"met a singular matrix\", NRN_T(m));\n"
                 "}\n\n",
              b, cn, b, cn, b, cn, b, cn, m->name, blk->name);
}

/* ---- VERBATIM ---- */

/* A DEFINE or CONSTANT in VERBATIM C: a whole number as an int literal
 * (it may size an array, as nocmodl's #define allows), else a double. */
static const char *verb_define(Fn *f, const char *id)
{
    const MNode *d = find_define(f->mech, id);
    if (!d)
        return NULL;
    if (d->num == (double)(int)d->num && fabs(d->num) < 1e9)
        return arena_printf(f->e->arena, "%d", (int)d->num);
    StrBuf b = {0};
    emit_double(&b, d->num);
    const char *r = arena_strdup(f->e->arena, sb_str(&b));
    sb_free(&b);
    return r;
}

static const char *ion_ix(Emitter *e, MechUse *u, int k);

/* A name in VERBATIM C, as nocmodl's C would have it: _lx for LOCAL or
 * argument x (and _lf for FUNCTION f's value), the mechanism's variables,
 * functions and DEFINEs by their names, v, t, dt, celsius. */
static VerbName verb_resolve(void *ud, const char *id)
{
    Fn *f = ud;
    Arena *a = f->e->arena;
    VerbName r = {VERB_KEEP, NULL};
    /* the C's own local named as a parameter of the generated code (int i
     * in nocmodl's C, where i is free): renamed, in all the function's
     * VERBATIM */
    if (!strcmp(id, "i") || !strcmp(id, "m") || !strcmp(id, "vm") || !strcmp(id, "r_"))
        for (int k = 0; k < f->nverbs; k++)
            if (verbatim_declares(f->verbs[k]->text, id)) {
                r.kind = VERB_REPLACE;
                r.text = arena_printf(a, "vl_%s", id);
                return r;
            }
    if (id[0] == '_' && id[1] == 'l' && id[2]) {
        const char *n = id + 2;
        if (is_local(f, n)) {
            r.kind = VERB_REPLACE;
            r.text = arena_printf(a, "l_%s", n);
        } else if (f->func && !strcmp(n, f->func)) {
            r.kind = VERB_REPLACE;
            r.text = "r_";
        } else {
            r.kind = VERB_ERROR;
            r.text = arena_printf(a, "'%s': there is no LOCAL or argument '%s' here", id, n);
        }
        return r;
    }
    /* the arguments of hoc's call (a PROCEDURE or FUNCTION the model
     * file calls: emit.c's hocargs_), and NEURON's cvode_active_ */
    static const char *const hocargs[][2] = {
        {"ifarg", "NRT_HOC_IFARG"}, {"getarg", "NRT_HOC_GETARG"}, {"hoc_is_double_arg", "NRT_HOC_IS_DOUBLE_ARG"},
        {"hoc_is_object_arg", "NRT_HOC_IS_OBJECT_ARG"}, {"hoc_is_str_arg", "NRT_HOC_IS_STR_ARG"},
        {"nrn_random_arg", "NRT_HOC_RANDOM_ARG"}, {"vector_arg", "NRT_HOC_VECTOR_ARG"},
    };
    for (size_t k = 0; k < sizeof hocargs / sizeof *hocargs; k++)
        if (!strcmp(id, hocargs[k][0])) {
            r.kind = f->callable && !f->shadow ? VERB_REPLACE : VERB_ERROR;
            r.text = f->callable && !f->shadow ? hocargs[k][1] :
                arena_printf(a, "'%s' reads the arguments of hoc's call: only a PROCEDURE or FUNCTION has them", id);
            return r;
        }
    if (mech_is_hocarg_word(id)) {
        r.kind = VERB_ERROR;
        r.text = arena_printf(a, "'%s' reads an argument of hoc's call of a kind nrncc does not provide "
                              "(numbers, Randoms and Vectors are: see nrncc-nmodl(7))", id);
        return r;
    }
    /* a stream the C makes here is the run's (freed with it) */
    if ((!strcmp(id, "nrnran123_newstream3") || !strcmp(id, "nrnran123_newstream")) && !f->shadow) {
        r.kind = VERB_REPLACE;
        r.text = id[19] == '3' ? "NRT_RAN123_NEW3" : "NRT_RAN123_NEW";
        return r;
    }
    /* NET_RECEIVE's arguments as nocmodl's C has them: the NetCon's weights */
    if (!strcmp(id, "_args") && f->netrecv) {
        r.kind = VERB_REPLACE;
        r.text = "w_";
        return r;
    }
    if (!strcmp(id, "cvode_active_") && !f->shadow) {
        r.kind = VERB_REPLACE;
        r.text = "(m->cvode_active_)";
        return r;
    }
    for (int k = 0; k < f->mech->externals.len; k++)
        if (!strcmp(f->mech->externals.data[k]->name, id)) {
            const char *why = NULL;
            const char *c = external_field(f->e, f->mech, id, false, &why);
            r.kind = c ? VERB_REPLACE : VERB_ERROR;
            r.text = c ? arena_printf(a, "(%s)", c) : why;
            return r;
        }
    if (find_func(f->mech, id)) {
        r.kind = VERB_CALL;
        r.text = arena_printf(a, "F_%s_%s", f->u->cname, id);
        return r;
    }
    /* _ion_cai: nocmodl's name for the ion's own value of a USEION
     * variable (cai = _ion_cai in INITIAL is a common idiom) */
    int iv = !strncmp(id, "_ion_", 5) ? mech_var(f->mech, id + 5) : -1;
    if (iv >= 0 && f->mech->vars.data[iv].ion >= 0 && !f->shadow) {
        const MechVar *mv = &f->mech->vars.data[iv];
        MechUse *iu = &f->e->uses[f->u->ion_use[mv->ion]];
        r.kind = VERB_REPLACE;
        r.text = arena_printf(a, "(m->%s[%s])", nmodl_field(f->e, iu, mech_var(iu->mech, mv->name)),
                              ion_ix(f->e, f->u, mv->ion));
        return r;
    }
    /* _p_X of a POINTER X holding a Random (randobj.c): the address */
    int pv = !strncmp(id, "_p_", 3) ? mech_var(f->mech, id + 3) : -1;
    if (pv >= 0 && f->mech->vars.data[pv].random && !f->shadow) {
        r.kind = VERB_REPLACE;
        r.text = arena_printf(a, "(m->%s[i])", nmodl_field(f->e, f->u, pv));
        return r;
    }
    int v = mech_var(f->mech, id);
    if (v >= 0) {
        const char *fld = nmodl_field(f->e, f->u, v);
        r.kind = VERB_REPLACE;
        if (f->shadow && f->mech->vars.data[v].range)
            r.text = f->mech->vars.data[v].pointer ? "0.0" : arena_printf(a, "(sh_%s)", id);
        else if (f->mech->vars.data[v].pointer)
            r.text = arena_printf(a, "(*m->%s[i])", fld);
        else if (f->mech->vars.data[v].range || (f->u->priv && f->u->priv[v]))
            r.text = arena_printf(a, "(m->%s[i])", fld);
        else if (nmodl_tls_var(f->e, f->u, v)) /* a GLOBAL the mechanism assigns: one per thread */
            r.text = arena_printf(a, "(tl_%s)", fld);
        else
            r.text = arena_printf(a, "(m->%s)", fld);
        return r;
    }
    static const char *const builtins[][2] = {
        {"v", "vm"}, {"t", "(NRN_T(m))"}, {"dt", "(m->dt)"}, {"celsius", "(m->celsius)"},
    };
    for (size_t k = 0; k < sizeof builtins / sizeof *builtins; k++)
        if (!strcmp(id, builtins[k][0])) {
            r.kind = VERB_REPLACE;
            r.text = builtins[k][1];
            return r;
        }
    r.text = verb_define(f, id);
    if (r.text)
        r.kind = VERB_REPLACE;
    return r;
}

/* A FROM loop's bound or step as nocmodl's integer expression: whole
 * numbers, names (each truncated to int), INT(expression), ( ), and
 * + - * / in int arithmetic. */
static void int_expr(Fn *f, const MNode *x, StrBuf *b)
{
    switch (x->kind) {
    case MK_NUM:
        if (x->num != floor(x->num) || fabs(x->num) > 1e9 || (x->text && strpbrk(x->text, ".eE")))
            break;
        sb_printf(b, "%d", (int)x->num);
        return;
    case MK_NAME:
        sb_puts(b, "((int)");
        sb_puts(b, var_c(f, x, false));
        sb_putc(b, ')');
        return;
    case MK_CALL:
        if (strcmp(x->name, "INT") != 0 || x->list.len != 1)
            break;
        sb_puts(b, "((int)(");
        expr(f, x->list.items[0], b);
        sb_puts(b, "))");
        return;
    case MK_BINOP:
        if (x->op != '+' && x->op != '-' && x->op != '*' && x->op != '/')
            break;
        sb_putc(b, '(');
        int_expr(f, x->a, b);
        sb_printf(b, " %c ", x->op);
        int_expr(f, x->b, b);
        sb_putc(b, ')');
        return;
    default:
        break;
    }
    diag_error(f->e->diag, x->loc, "FROM ... TO ... BY take integer expressions (whole numbers, names, INT(...), "
                                   "+ - * /), as in NEURON");
    f->ok = false;
    sb_puts(b, "0");
}

static void verbatim_stmt(Fn *f, const MNode *st)
{
    if (f->nverbs < (int)(sizeof f->verbs / sizeof f->verbs[0]))
        f->verbs[f->nverbs++] = st;
    if (!verbatim_translate(f->e->diag, st->loc, st->text, verb_resolve, f, "m, i, vm", NULL,
                            f->callable ? "" : f->ret_label, f->out))
        f->ok = false;
    f->e->has_verbatim = true;
    if (f->e->embed)
        embed_refuse(f->e, st->loc, "VERBATIM");
}

/* A file-level VERBATIM: C (helper functions, includes) before the
 * mechanism's functions; _threadargsproto_ declares the generated
 * code's leading parameters. */
static VerbName verb_resolve_top(void *ud, const char *id)
{
    Fn *f = ud;
    VerbName r = {VERB_KEEP, NULL};
    if (find_func(f->mech, id)) {
        r.kind = VERB_CALL;
        r.text = arena_printf(f->e->arena, "F_%s_%s", f->u->cname, id);
        return r;
    }
    r.text = verb_define(f, id);
    if (r.text)
        r.kind = VERB_REPLACE;
    return r;
}

/* SOLVE name METHOD method outside the BREAKPOINT (nakpump.mod of
 * BlueBrain's metabolism models has one in INITIAL): nocmodl emits there
 * the solver's call of the state update, one step of dt.  Done for a
 * KINETIC block by sparse that the BREAKPOINT SOLVEs too (a DERIVATIVE
 * block by cnexp cannot be: nocmodl 8.2.2 takes one SOLVE by cnexp). */
static void solve_step(Fn *f, const MNode *st)
{
    const Mech *m = f->mech;
    for (int k = 0; k < m->solves.len; k++) {
        const MechSolve *sv = &m->solves.data[k];
        if (!sv->block || sv->lin || strcmp(sv->block->name, st->name) != 0)
            continue;
        if (sv->kinetic && (!st->name2 || !strcmp(st->name2, "sparse"))) {
            int b = 0;
            while (m->kinetics.data[b] != sv->block)
                b++;
            ind(f);
            sb_printf(f->out, "KS%d_%s(m, i, vm); /* one sparse step of dt */\n", b, f->u->cname);
            return;
        }
    }
    diag_error(f->e->diag, st->loc, "SOLVE outside the BREAKPOINT is supported for a STEADYSTATE, a LINEAR or "
               "NONLINEAR block, and a KINETIC block by sparse that the BREAKPOINT SOLVEs too");
    f->ok = false;
}

/* name() called as a statement, where name is a DERIVATIVE block: nocmodl
 * makes the block a function and the call runs it, which for cnexp is
 * one cnexp step of dt (TC_NaP.mod of BlueBrain's thalamus models calls
 * its DERIVATIVE block in INITIAL).  False when name is no DERIVATIVE block
 * (the call is an ordinary one); other methods are refused. */
static bool deriv_call(Fn *f, const MNode *x)
{
    const Mech *m = f->mech;
    const MNode *blk = NULL;
    for (int k = 0; k < m->derivs.len && !blk; k++)
        if (!strcmp(m->derivs.data[k]->name, x->name))
            blk = m->derivs.data[k];
    if (!blk || find_func(f->mech, x->name))
        return false;
    const MechSolve *sv = NULL;
    for (int k = 0; k < m->solves.len && !sv; k++)
        if (m->solves.data[k].block == blk)
            sv = &m->solves.data[k];
    if (x->list.len) {
        diag_error(f->e->diag, x->loc, "the DERIVATIVE block '%s' takes no arguments", x->name);
        f->ok = false;
    } else if (!sv || strcmp(sv->method, "cnexp") != 0 || !nmodl_cnexp_possible(f->e->arena, &blk->body)) {
        diag_error(f->e->diag, x->loc, "a call of the DERIVATIVE block '%s' is supported only when the "
                   "BREAKPOINT SOLVEs it by METHOD cnexp", x->name);
        f->ok = false;
    } else if (f->deriv) {
        diag_error(f->e->diag, x->loc, "the DERIVATIVE block '%s' is called inside a DERIVATIVE block", x->name);
        f->ok = false;
    } else {
        /* one cnexp step, as the state update does it */
        const MList *dstates = f->dstates;
        f->deriv = true;
        f->dstates = NULL;
        ind(f);
        sb_printf(f->out, "{ /* %s(): one cnexp step of dt */\n", x->name);
        stmts(f, &blk->body);
        ind(f);
        sb_puts(f->out, "}\n");
        f->deriv = false;
        f->dstates = dstates;
    }
    return true;
}

static void stmt(Fn *f, const MNode *st)
{
    StrBuf b = {0};
    switch (st->kind) {
    case MK_LOCAL:
        for (int i = 0; i < st->list.len; i++) {
            const MNode *n = st->list.items[i];
            int dim = 0;
            if (n->a) {
                const MNode *def = n->a->kind == MK_NAME ? find_define(f->mech, n->a->name) : n->a;
                if (!def || def->num != (int)def->num || def->num < 1) {
                    diag_error(f->e->diag, n->loc, "a LOCAL array needs a whole-number length");
                    f->ok = false;
                } else {
                    dim = (int)def->num;
                }
            }
            add_local(f, n->name, dim);
            ind(f);
            if (dim)
                sb_printf(f->out, "NRN_MAYBE_UNUSED double l_%s[%d] = {0.0};\n", n->name, dim);
            else
                sb_printf(f->out, "NRN_MAYBE_UNUSED double l_%s = 0.0;\n", n->name);
        }
        break;
    case MK_ASSIGN:
        if (st->order > 0) {
            if (!f->deriv) {
                diag_error(f->e->diag, st->loc, "a derivative '%s'' belongs in the DERIVATIVE block that is SOLVEd",
                           st->a->name);
                f->ok = false;
            } else if (f->dstates) {
                int k = 0;
                while (k < f->dstates->len && strcmp(f->dstates->items[k]->name, st->a->name) != 0)
                    k++;
                if (st->order != 1) {
                    diag_error(f->e->diag, st->a->loc, "higher derivatives are not supported yet");
                    f->ok = false;
                }
                expr(f, st->b, &b);
                ind(f);
                sb_printf(f->out, "D_[%d] = %s;\n", k, sb_str(&b));
            } else {
                cnexp(f, st);
            }
            break;
        }
        {
            int v = mech_var(f->mech, st->a->name);
            if (v >= 0 && !is_local(f, st->a->name) && f->mech->vars.data[v].ion >= 0 &&
                f->mech->vars.data[v].ion_read && !f->mech->vars.data[v].ion_write) {
                diag_warning(f->e->diag, st->a->loc, "'%s' is READ from the ion; this assignment is not "
                             "written back to it", st->a->name);
            }
        }
        expr(f, st->b, &b);
        ind(f);
        sb_printf(f->out, "%s = %s;\n", var_c(f, st->a, true), sb_str(&b));
        break;
    case MK_EXPRSTMT:
        if (st->a->kind == MK_CALL && !strcmp(st->a->name, "state_discontinuity")) {
            /* state_discontinuity(s, x) in NET_RECEIVE: s = x at the
             * fixed step (NEURON adjusts it only with
             * nrn_netrec_state_adjust, off unless asked for) */
            const MList *args = &st->a->list;
            if (!f->netrecv) {
                diag_error(f->e->diag, st->loc, "state_discontinuity outside NET_RECEIVE is not supported yet");
                f->ok = false;
                break;
            }
            if (args->len != 2 || args->items[0]->kind != MK_NAME) {
                diag_error(f->e->diag, st->loc, "state_discontinuity takes a variable and its new value");
                f->ok = false;
                break;
            }
            const char *lhs = var_c(f, args->items[0], true);
            expr(f, args->items[1], &b);
            ind(f);
            sb_printf(f->out, "%s = %s;\n", lhs, sb_str(&b));
            break;
        }
        if (st->a->kind == MK_CALL && deriv_call(f, st->a))
            break;
        expr(f, st->a, &b);
        ind(f);
        sb_printf(f->out, "(void)%s;\n", sb_str(&b));
        break;
    case MK_IF:
        expr(f, st->a, &b);
        ind(f);
        sb_printf(f->out, "if (%s) {\n", sb_str(&b));
        stmts(f, &st->body);
        ind(f);
        if (st->list2.len) {
            sb_puts(f->out, "} else {\n");
            stmts(f, &st->list2);
            ind(f);
        }
        sb_puts(f->out, "}\n");
        break;
    case MK_WHILE:
        expr(f, st->a, &b);
        ind(f);
        sb_printf(f->out, "while (%s) {\n", sb_str(&b));
        stmts(f, &st->body);
        ind(f);
        sb_puts(f->out, "}\n");
        break;
    case MK_FROM: {
        /* nocmodl: the loop variable is always a new int of the loop's own
         * scope (whatever else bears its name); the bounds and step are
         * integer expressions */
        StrBuf lo = {0}, hi = {0}, by = {0};
        int_expr(f, st->a, &lo);
        int_expr(f, st->b, &hi);
        if (st->c)
            int_expr(f, st->c, &by);
        ind(f);
        sb_puts(f->out, "{\n");
        f->indent++;
        ind(f);
        sb_printf(f->out, "int l_%s;\n", st->name);
        add_local(f, st->name, 0);
        ind(f);
        if (st->c)
            sb_printf(f->out, "for (l_%s = %s; l_%s <= %s; l_%s += %s) {\n", st->name, sb_str(&lo), st->name,
                      sb_str(&hi), st->name, sb_str(&by));
        else
            sb_printf(f->out, "for (l_%s = %s; l_%s <= %s; l_%s++) {\n", st->name, sb_str(&lo), st->name,
                      sb_str(&hi), st->name);
        stmts(f, &st->body);
        ind(f);
        sb_puts(f->out, "}\n");
        f->locals.len--;
        f->local_dims.len--;
        f->indent--;
        ind(f);
        sb_puts(f->out, "}\n");
        sb_free(&lo);
        sb_free(&hi);
        sb_free(&by);
        break;
    }
    case MK_BLOCK:
        ind(f);
        sb_puts(f->out, "{\n");
        stmts(f, &st->body);
        ind(f);
        sb_puts(f->out, "}\n");
        break;
    case MK_PROTECT:
        stmt(f, st->a);
        break;
    case MK_VERBATIM:
        verbatim_stmt(f, st);
        break;
    case MK_LINEQ:
        if (!f->lin) {
            diag_error(f->e->diag, st->loc, "an equation ('~') belongs in a LINEAR or NONLINEAR block");
            f->ok = false;
        } else {
            lin_equation(f, st);
        }
        break;
    case MK_FORNETCONS:
        /* each NetCon that targets this instance, its arguments as the loop's */
        if (!f->e->m->netcons.len)
            break;
        ind(f);
        sb_printf(f->out, "for (int q_ = fnc_start_%s[i]; q_ < fnc_start_%s[i + 1]; q_++) {\n", f->u->cname,
                  f->u->cname);
        f->indent++;
        ind(f);
        sb_printf(f->out, "double *fw_ = &m->nc_w[nc_woff[fnc_nc_%s[q_]]];\n", f->u->cname);
        f->fnc_args = &st->list;
        stmts(f, &st->body);
        f->fnc_args = NULL;
        f->indent--;
        ind(f);
        sb_puts(f->out, "}\n");
        break;
    case MK_WATCH: {
        /* each item (re)activates its condition; the first of a NET_RECEIVE
         * call first deactivates all of the instance's (NEURON's _watch_rm) */
        int nw = f->mech->watches.len;
        for (int k = 0; k < st->list.len; k++) {
            const MNode *w = st->list.items[k];
            StrBuf fl = {0};
            expr(f, w->b, &fl);
            ind(f);
            sb_printf(f->out, "watch_activate(m, %d + i * %d + %d, %d + i * %d, %d, watch_rm_++, %s);\n",
                      f->u->watch_base, nw, (int)w->num, f->u->watch_base, nw, nw, sb_str(&fl));
            sb_free(&fl);
        }
        break;
    }
    case MK_LONGDIFF:
        if (!f->kin) {
            diag_error(f->e->diag, st->loc, "this statement belongs in a KINETIC block");
            f->ok = false;
        }
        break; /* not part of the scheme: LD_<m> after the state update */
    case MK_REACTION:
    case MK_FLUX:
    case MK_CONSERVE:
    case MK_COMPARTMENT:
        if (!f->kin) {
            diag_error(f->e->diag, st->loc, "this statement belongs in a KINETIC block");
            f->ok = false;
        } else if (st->kind == MK_REACTION) {
            kin_reaction(f, st);
        } else if (st->kind == MK_FLUX) {
            kin_flux(f, st);
        } else if (st->kind == MK_CONSERVE) {
            kin_conserve(f, st);
        }
        break;
    case MK_SOLVE:
        if (st->a && !f->in_breakpoint) {
            diag_error(f->e->diag, st->a->loc, "IFERROR outside the BREAKPOINT is not supported yet");
            f->ok = false;
            break;
        }
        if (!st->text && !f->in_breakpoint) {
            /* SOLVE lin (a LINEAR or NONLINEAR block) in INITIAL */
            int b = -1;
            for (int k = 0; k < f->mech->lins.len; k++)
                if (!strcmp(f->mech->lins.data[k]->name, st->name))
                    b = k;
            if (b >= 0) {
                ind(f);
                sb_printf(f->out, "LS%d_%s(m, i, vm);\n", b, f->u->cname);
                break;
            }
        }
        if (st->text && strcmp(st->text, "sparse") != 0) {
            /* SOLVE deriv STEADYSTATE derivimplicit: one implicit step with
             * the dt of NEURON's steady state, 1e-9 ms (its only code path
             * that builds: a vectorized mechanism's; kept as it is) */
            int d = -1;
            for (int k = 0; k < f->mech->derivs.len; k++)
                if (!strcmp(f->mech->derivs.data[k]->name, st->name))
                    d = k;
            if (d < 0 || strcmp(st->text, "derivimplicit") != 0) {
                diag_error(f->e->diag, st->loc, "STEADYSTATE is supported for DERIVATIVE blocks with derivimplicit "
                           "and KINETIC blocks with sparse");
                f->ok = false;
                break;
            }
            ind(f);
            sb_printf(f->out, "{\n");
            ind(f);
            sb_printf(f->out, "    double dts_ = m->dt;\n");
            ind(f);
            sb_puts(f->out, "    m->dt = 1e-9;\n");
            ind(f);
            sb_printf(f->out, "    Sss%d_%s(m, i, vm);\n", d, f->u->cname);
            ind(f);
            sb_printf(f->out, "    m->dt = dts_;\n");
            ind(f);
            sb_printf(f->out, "}\n");
            break;
        }
        if (st->text) {
            /* SOLVE kin STEADYSTATE sparse (in INITIAL, or a FUNCTION) */
            int b = -1;
            for (int k = 0; k < f->mech->kinetics.len; k++)
                if (!strcmp(f->mech->kinetics.data[k]->name, st->name))
                    b = k;
            if (b < 0 || strcmp(st->text, "sparse") != 0) {
                diag_error(f->e->diag, st->loc, "STEADYSTATE is supported for KINETIC blocks with sparse");
                f->ok = false;
                break;
            }
            ind(f);
            sb_printf(f->out, "KSS%d_%s(m, i, vm);\n", b, f->u->cname);
        } else if (!f->in_breakpoint) {
            solve_step(f, st);
        }
        break;
    case MK_LAG: {
        if (f->deriv || f->dstates || f->kin || f->lin || f->netrecv || f->ctor || f->shadow || f->fnc_args) {
            diag_error(f->e->diag, st->loc, "LAG is supported in INITIAL, BREAKPOINT, PROCEDURE and FUNCTION "
                                            "blocks, not here");
            f->ok = false;
            break;
        }
        if (f->e->embed)
            embed_refuse(f->e, st->loc, "LAG");
        MNode lv = *st, xv = *st, yv = *st, tv = *st;
        lv.kind = xv.kind = yv.kind = tv.kind = MK_NAME;
        lv.a = xv.a = yv.a = tv.a = NULL;
        lv.name = arena_printf(f->e->arena, "lag_%s_%s", st->name, st->name2);
        yv.name = st->name2;
        tv.name = "t";
        const char *lhs = var_c(f, &lv, true);
        const char *x = var_c(f, &xv, false), *y = var_c(f, &yv, false), *t = var_c(f, &tv, false);
        ind(f);
        sb_printf(f->out, "%s = LAG_%s(m, &LH_%s_%s_%s[i], %s, %s, %s);\n", lhs, f->u->cname, f->u->cname, st->name,
                  st->name2, t, x, y);
        break;
    }
    case MK_TABLE:
    case MK_MUTEX:
    case MK_UNITSFLAG:
        break;
    default:
        diag_error(f->e->diag, st->loc, "this statement is not supported here");
        f->ok = false;
    }
    sb_free(&b);
}

static void stmts(Fn *f, const MList *body)
{
    int nloc = f->locals.len;
    f->indent++;
    for (int i = 0; i < body->len; i++)
        stmt(f, body->items[i]);
    f->indent--;
    f->locals.len = nloc;
    f->local_dims.len = nloc;
}

static Fn fn_begin(Emitter *e, MechUse *u, StrBuf *out)
{
    Fn f;
    memset(&f, 0, sizeof f);
    f.e = e;
    f.u = u;
    f.mech = u->mech;
    f.out = out;
    f.ok = true;
    f.one_var = -1;
    return f;
}

/* ---- data ---- */

void nmodl_emit_fields(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    sb_printf(o, "    /* %s: %d instance%s */\n", m->name, u->n, u->n == 1 ? "" : "s");
    for (int v = 0; v < m->vars.len; v++) {
        MechVar *mv = &m->vars.data[v];
        const char *fld = nmodl_field(e, u, v);
        char dim[32] = "";
        if (mv->dim)
            snprintf(dim, sizeof dim, "[%d]", mv->dim);
        if (nmodl_tls_var(e, u, v))
            continue; /* one per thread: tl_<field>, emit.c */
        if (spec_of(u, v))
            continue; /* a constant or a local (specialise.c) */
        if (mv->pointer)
            sb_printf(o, "    double *%s[%d]; /* POINTER */", fld, u->n);
        else if (mv->range || (u->priv && u->priv[v]))
            sb_printf(o, "    double %s[%d]%s%s;", fld, u->n, dim, u->n >= 64 && !e->embed ? " NRN_LINE" : "");
        else
            sb_printf(o, "    double %s%s;", fld, dim);
        if (mv->units)
            sb_printf(o, " /* %s */", mv->units);
        sb_putc(o, '\n');
    }
    for (int b = 0; e->embed && b < m->kinetics.len; b++)
        sb_printf(o, "    NrtSparse *%s_so%d; /* KINETIC %s's sparse matrix */\n", u->cname, b, m->kinetics.data[b]->name);
    if (nmodl_has_longdiff(m))
        sb_printf(o, "    double %s_ld_[6][%d]; /* LONGITUDINAL_DIFFUSION's tree system */\n", u->cname, u->n);
    if (m->net_move)
        sb_printf(o, "    unsigned long long %s_tq_[%d]; /* the last net_send of each instance */\n"
                     "    double %s_tqflag_[%d];\n    int %s_tqnc_[%d];\n",
                  u->cname, u->n, u->cname, u->n, u->cname, u->n);
    for (int k = 0; k < m->funcs.len; k++) {
        MechFunc *fn = &m->funcs.data[k];
        if (!fn->table)
            continue;
        int n = (int)fn->table->c->num + 1;
        if (fn->is_function) {
            sb_printf(o, "    double %s_T_%s[%d];\n", u->cname, fn->name, n);
        } else {
            for (int t = 0; t < fn->table->list.len; t++) {
                int v = mech_var(m, fn->table->list.items[t]->name);
                int dim = v >= 0 ? m->vars.data[v].dim : 0;
                if (dim)
                    sb_printf(o, "    double %s_T_%s_%s[%d][%d];\n", u->cname, fn->name, fn->table->list.items[t]->name,
                              dim, n);
                else
                    sb_printf(o, "    double %s_T_%s_%s[%d];\n", u->cname, fn->name, fn->table->list.items[t]->name,
                              n);
            }
        }
        sb_printf(o, "    double %s_T_%s_lo, %s_T_%s_mfac;\n", u->cname, fn->name, u->cname, fn->name);
        sb_printf(o, "    int %s_T_%s_built;\n", u->cname, fn->name);
        for (int d = 0; d < fn->table->list2.len; d++)
            sb_printf(o, "    double %s_T_%s_dep%d;\n", u->cname, fn->name, d);
    }
}

/* ---- functions and tables ---- */

static void func_signature(Emitter *e, MechUse *u, MechFunc *fn, const char *suffix, StrBuf *o)
{
    (void)e;
    /* --fast: inlined into the vector loops (a call would stop them) */
    sb_printf(o, "static NRN_MAYBE_UNUSED %s%s F_%s_%s%s(Model *m, int i, double vm", u->simd ? "NRN_INLINE " : "",
              fn->is_function ? "double" : "int", u->cname, fn->name, suffix);
    for (int a = 0; a < fn->node->list.len; a++)
        sb_printf(o, ", double l_%s", fn->node->list.items[a]->name);
    sb_putc(o, ')');
}

/* A function the mod never calls whose C cannot be made (its VERBATIM
 * uses what nrncc does not provide): a stub, so that the mod compiles;
 * the model file calling it is the error (emit.c, fn->hoc_only). */
static void emit_func_stub(Emitter *e, MechUse *u, MechFunc *fn, const char *suffix)
{
    StrBuf *o = &e->out;
    func_signature(e, u, fn, suffix, o);
    sb_puts(o, "\n{\n    (void)i;\n    (void)vm;\n");
    for (int a = 0; a < fn->node->list.len; a++)
        sb_printf(o, "    (void)l_%s;\n", fn->node->list.items[a]->name);
    sb_printf(o, "    nrt_abort(m->sim, \"%s of %s cannot run in nrncc\");\n}\n\n", fn->name, u->mech->name);
}

static void emit_func_body(Emitter *e, MechUse *u, MechFunc *fn, const char *suffix)
{
    StrBuf *o = &e->out;
    if (!fn->called && !e->embed && !u->simd && mech_func_uses(fn->node, NULL)) {
        /* made with a quiet Diag first: its errors make it a stub */
        size_t at = o->len;
        Diag *loud = e->diag, quiet;
        char *msg = NULL;
        size_t msglen = 0;
        FILE *mf = open_memstream(&msg, &msglen);
        if (!mf)
            die("open_memstream failed");
        diag_init(&quiet, mf);
        e->diag = &quiet;
        fn->called = true;
        emit_func_body(e, u, fn, suffix);
        fn->called = false;
        e->diag = loud;
        fclose(mf);
        if (quiet.nerrors) {
            o->len = at;
            o->s[at] = 0;
            if (!fn->hoc_only) {
                fn->hoc_only = arena_strdup(e->arena, quiet.last);
                fn->hoc_only_loc = quiet.last_loc;
            }
            emit_func_stub(e, u, fn, suffix);
        }
        free(msg);
        return;
    }
    func_signature(e, u, fn, suffix, o);
    sb_puts(o, "\n{\n    (void)m;\n    (void)i;\n    (void)vm;\n");
    if (fn->is_function)
        sb_puts(o, "    double r_ = 0.0;\n");
    Fn f = fn_begin(e, u, o);
    f.func = fn->is_function ? fn->name : NULL;
    f.callable = true;
    for (int a = 0; a < fn->node->list.len; a++)
        add_local(&f, fn->node->list.items[a]->name, 0);
    stmts(&f, &fn->node->body);
    sb_puts(o, fn->is_function ? "    return r_;\n" : "    return 0;\n");
    sb_puts(o, "}\n\n");
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
}

/* "    static const double NAME[N] = {...};" with the values' exact text */
static void emit_const_array(StrBuf *o, const char *name, const double *v, long n)
{
    sb_printf(o, "    static const double %s[%ld] = {", name, n);
    for (long k = 0; k < n; k++) {
        sb_puts(o, k ? ", " : "");
        emit_double(o, v[k]);
    }
    sb_puts(o, "};\n");
}

/* The C that places x among the n increasing points of the array arr as
 * NEURON's hoc_func_table does: clamped at the first and the last point,
 * else the point at or below it (bisection), into jvar; with fvar (set to
 * 0 before), the fraction of the way to the next point. */
static void emit_table_locate(StrBuf *o, const char *x, const char *arr, int n, const char *jvar, const char *fvar)
{
    sb_printf(o, "    if (%s <= %s[0]) {\n        %s = 0;\n"
                 "    } else if (%s >= %s[%d]) {\n        %s = %d;\n"
                 "    } else {\n"
                 "        int t0 = 0, t1 = %d;\n"
                 "        while (t0 < t1 - 1) {\n"
                 "            int h = (t0 + t1) / 2;\n"
                 "            if (%s[h] <= %s)\n                t0 = h;\n            else\n                t1 = h;\n"
                 "        }\n"
                 "        %s = t0;\n",
              x, arr, jvar, x, arr, n - 1, jvar, n - 1, n - 1, arr, x, jvar);
    if (fvar)
        sb_printf(o, "        %s = (%s - %s[t0]) / (%s[t0 + 1] - %s[t0]);\n", fvar, x, arr, arr, arr);
    sb_puts(o, "    }\n");
}

/* A FUNCTION_TABLE with the model file's values: NEURON's
 * hoc_func_table for one argument (clamped at both ends, the interval by
 * bisection, linear in between), or a constant. */
/* NEURON's hoc_func_table for two arguments: each argument's place and
 * fraction in its points (clamped), the grid interpolated along the
 * second argument at the first's point, and, when the first is between
 * points, at the next one too and between the two. */
static void emit_functable2(Emitter *e, MechFunc *fn, const FuncTableData *t)
{
    StrBuf *o = &e->out;
    const double *axis[2] = {t->x, t->x2};
    int size[2] = {t->n, t->n2};
    for (int a = 0; a < 2; a++)
        emit_const_array(o, a ? "a1_" : "a0_", axis[a], size[a]);
    emit_const_array(o, "y_", t->y, (long)t->n * t->n2);
    sb_puts(o, "    int j_[2];\n    double f_[2];\n");
    for (int a = 0; a < 2; a++) {
        const char *x = arena_printf(e->arena, "l_%s", fn->node->list.items[a]->name);
        sb_printf(o, "    f_[%d] = 0.0;\n", a);
        emit_table_locate(o, x, a ? "a1_" : "a0_", size[a], a ? "j_[1]" : "j_[0]", a ? "f_[1]" : "f_[0]");
    }
    sb_printf(o, "    int j = j_[0] * %d + j_[1];\n"
                 "    double y1 = f_[1] > 0.0 ? (1.0 - f_[1]) * y_[j] + f_[1] * y_[j + 1] : y_[j];\n"
                 "    if (f_[0] != 0.0) {\n"
                 "        int j1 = j + %d;\n"
                 "        double y2 = f_[1] > 0.0 ? (1.0 - f_[1]) * y_[j1] + f_[1] * y_[j1 + 1] : y_[j1];\n"
                 "        return f_[0] > 0.0 ? (1.0 - f_[0]) * y1 + f_[0] * y2 : y1;\n"
                 "    }\n"
                 "    return y1;\n}\n\n",
              t->n2, t->n2);
}

/* NEURON's hoc_func_table for three or more arguments: no interpolation,
 * the grid's value at each argument's place (the point at or below it,
 * clamped at both ends). */
static void emit_functablen(Emitter *e, MechFunc *fn, const FuncTableData *t)
{
    StrBuf *o = &e->out;
    long total = 1;
    for (int a = 0; a < t->nd; a++) {
        emit_const_array(o, arena_printf(e->arena, "a%d_", a), t->axes[a], t->dims[a]);
        total *= t->dims[a];
    }
    emit_const_array(o, "y_", t->y, total);
    sb_puts(o, "    int j = 0, jj;\n");
    for (int a = 0; a < t->nd; a++) {
        const char *x = arena_printf(e->arena, "l_%s", fn->node->list.items[a]->name);
        emit_table_locate(o, x, arena_printf(e->arena, "a%d_", a), t->dims[a], "jj", NULL);
        sb_printf(o, "    j = j * %d + jj;\n", t->dims[a]);
    }
    sb_puts(o, "    return y_[j];\n}\n\n");
}

static void emit_functable(Emitter *e, MechUse *u, MechFunc *fn)
{
    StrBuf *o = &e->out;
    const FuncTableData *t = NULL;
    for (int k = 0; k < e->m->functables.len; k++)
        if (e->m->functables.data[k].mech == u->index && !strcmp(e->m->functables.data[k].func, fn->name))
            t = &e->m->functables.data[k];
    if (!t) {
        diag_error(e->diag, fn->node->loc, "FUNCTION_TABLE '%s' has no values: add 'function_table %s_%s = VALUE' "
                   "or '... (x, y) (x, y) ...' to the model", fn->name, fn->name, u->mech->name);
        return;
    }
    func_signature(e, u, fn, "", o);
    sb_puts(o, "\n{\n    (void)m;\n    (void)i;\n    (void)vm;\n");
    if (!t->x) {
        for (int a = 0; a < fn->node->list.len; a++)
            sb_printf(o, "    (void)l_%s;\n", fn->node->list.items[a]->name);
        sb_puts(o, "    return ");
        emit_double(o, t->y[0]);
        sb_puts(o, ";\n}\n\n");
        return;
    }
    if (t->nd) {
        emit_functablen(e, fn, t);
        return;
    }
    if (t->n2) {
        emit_functable2(e, fn, t);
        return;
    }
    const char *x = arena_printf(e->arena, "l_%s", fn->node->list.items[0]->name);
    emit_const_array(o, "x_", t->x, t->n);
    emit_const_array(o, "y_", t->y, t->n);
    sb_puts(o, "    int j = 0;\n    double frac = 0.0;\n");
    emit_table_locate(o, x, "x_", t->n, "j", "frac");
    sb_puts(o, "    return frac > 0.0 ? (1.0 - frac) * y_[j] + frac * y_[j + 1] : y_[j];\n}\n\n");
}

/* Resolves a DEPEND or TABLE name to its C expression. */
static const char *table_name_c(Emitter *e, MechUse *u, const MNode *n, bool *ok)
{
    Fn f = fn_begin(e, u, NULL);
    const char *c = var_c(&f, n, false);
    if (!f.ok)
        *ok = false;
    return c;
}

/* Element j of a TABLE's array variable n (named without its index). */
static const char *table_elem_c(Emitter *e, MechUse *u, const MNode *n, int j, bool *ok)
{
    MNode *x = mnode(e->arena, MK_NAME, n->loc);
    x->name = n->name;
    x->a = mnode(e->arena, MK_NUM, n->loc);
    x->a->num = j;
    Fn f = fn_begin(e, u, NULL);
    const char *c = var_c(&f, x, false);
    if (!f.ok)
        *ok = false;
    return c;
}

/* nocmodl's C is not thread-safe ("vectorize = 0") for a file without
 * THREADSAFE that has VERBATIM, assigns a GLOBAL, or uses POINTER,
 * EXTERNAL, LINEAR or NONLINEAR.  Its TABLEs are then checked at each
 * call, with the calling instance's values. */
static bool unsafe_node(const Mech *m, const MNode *n, int depth)
{
    if (!n || depth > 200)
        return false;
    if (n->kind == MK_VERBATIM || n->kind == MK_LINEAR || n->kind == MK_NONLINEAR)
        return true;
    if (n->kind == MK_ASSIGN && n->a && n->a->kind == MK_NAME) {
        int v = mech_var(m, n->a->name);
        if (v >= 0 && !m->vars.data[v].range && !m->vars.data[v].pointer && m->vars.data[v].kind != VAR_ION)
            return true;
    }
    const MNode *kids[] = {n->a, n->b, n->c, n->d};
    for (size_t k = 0; k < sizeof kids / sizeof *kids; k++)
        if (unsafe_node(m, kids[k], depth + 1))
            return true;
    const MList *ls[] = {&n->list, &n->list2, &n->body};
    for (size_t k = 0; k < 3; k++)
        for (int j = 0; j < ls[k]->len; j++)
            if (unsafe_node(m, ls[k]->items[j], depth + 1))
                return true;
    return false;
}

static bool nocmodl_thread_safe(const Mech *m)
{
    const MList *bl = &m->mod->blocks;
    for (int i = 0; i < bl->len; i++)
        if (bl->items[i]->kind == MK_NEURON)
            for (int j = 0; j < bl->items[i]->body.len; j++) {
                const MNode *st = bl->items[i]->body.items[j];
                if (st->kind == MK_NEURONSTMT && !strcmp(st->name, "THREADSAFE"))
                    return true;
            }
    if (m->externals.len || m->lins.len || m->verbatims.len)
        return false;
    for (int v = 0; v < m->vars.len; v++)
        if (m->vars.data[v].pointer)
            return false;
    for (int i = 0; i < bl->len; i++)
        if (bl->items[i]->kind != MK_NEURON && bl->items[i]->kind != MK_PARAMETER &&
            bl->items[i]->kind != MK_ASSIGNED && bl->items[i]->kind != MK_STATE && unsafe_node(m, bl->items[i], 0))
            return false;
    return true;
}

/* The length of a TABLE variable that is an array, else 0. */
static int table_dim(const Mech *m, const MNode *n)
{
    int v = mech_var(m, n->name);
    return v >= 0 ? m->vars.data[v].dim : 0;
}

static void emit_table(Emitter *e, MechUse *u, MechFunc *fn)
{
    StrBuf *o = &e->out;
    MNode *t = fn->table;
    const char *cn = u->cname, *fnm = fn->name;
    int n = (int)t->c->num;
    bool ok = true;
    if ((double)n != t->c->num || n < 1) {
        diag_error(e->diag, t->c->loc, "WITH needs a whole number of at least 1");
        return;
    }
    if (fn->is_function && t->list.len) {
        diag_error(e->diag, t->loc, "a FUNCTION's TABLE names no variables (its value is tabulated)");
        return;
    }
    if (!fn->is_function && !t->list.len) {
        diag_error(e->diag, t->loc, "a PROCEDURE's TABLE must name the variables it tabulates");
        return;
    }
    for (int k = 0; k < t->list.len; k++) {
        int v = mech_var(u->mech, t->list.items[k]->name);
        if (v < 0) {
            diag_error(e->diag, t->list.items[k]->loc, "TABLE names '%s', which is not a variable",
                       t->list.items[k]->name);
            return;
        }
    }
    /* A DEPEND on a RANGE variable: the table is checked at each call,
     * against the calling instance's values, and rebuilt from them when
     * they differ from the last build's (as nocmodl's C does in a
     * mechanism that is not thread-safe); otherwise at NEURON's check
     * points (check_tables), with instance 0's values. */
    bool per_call = false;
    for (int d = 0; d < t->list2.len; d++) {
        int v = mech_var(u->mech, t->list2.items[d]->name);
        if (v >= 0 && (u->mech->vars.data[v].range || u->mech->vars.data[v].pointer))
            per_call = true;
    }
    bool range_dep = per_call;
    per_call = per_call && !nocmodl_thread_safe(u->mech);
    if (per_call && e->fast) {
        diag_error(e->diag, t->loc, "--fast does not support a TABLE that DEPENDs on a RANGE variable "
                                    "(its table is rebuilt per instance); build without --fast");
        return;
    }
    /* check: rebuild when never built or a DEPEND value changed */
    if (per_call) {
        sb_printf(o, "static void T_%s_%s_check(Model *m)\n{\n    (void)m;\n}\n\n", cn, fnm);
        sb_printf(o, "static void T_%s_%s_icheck(Model *m, int i, double vm)\n{\n    (void)i;\n    (void)vm;\n", cn, fnm);
    } else {
        sb_printf(o, "static void T_%s_%s_check(Model *m)\n{\n", cn, fnm);
        if (range_dep)
            sb_printf(o, "    const int i = 0;\n    const double vm = m->v[%s_node[0]];\n", cn);
    }
    sb_printf(o, "    if (m->%s_usetable == 0.0)\n        return;\n", cn);
    sb_printf(o, "    if (m->%s_T_%s_built", cn, fnm);
    for (int d = 0; d < t->list2.len; d++)
        sb_printf(o, " && m->%s_T_%s_dep%d == %s", cn, fnm, d, table_name_c(e, u, t->list2.items[d], &ok));
    sb_puts(o, ")\n        return;\n");
    /* the FROM/TO expressions, evaluated now as NEURON does */
    Fn f = fn_begin(e, u, o);
    StrBuf lo = {0}, hi = {0};
    expr(&f, t->a, &lo);
    expr(&f, t->b, &hi);
    if (!per_call && !range_dep) {
        sb_puts(o, "    const int i = 0;\n    const double vm = m->v[");
        sb_printf(o, "%s_node[0]];\n", cn);
    }
    sb_printf(o, "    double lo = %s, hi = %s;\n", sb_str(&lo), sb_str(&hi));
    sb_printf(o, "    double dx = (hi - lo) / %d.0;\n", n);
    sb_printf(o, "    m->%s_T_%s_lo = lo;\n    m->%s_T_%s_mfac = 1.0 / dx;\n", cn, fnm, cn, fnm);
    sb_printf(o, "    double x = lo;\n    for (int k = 0; k <= %d; k++, x += dx) {\n", n);
    if (fn->is_function) {
        sb_printf(o, "        m->%s_T_%s[k] = F_%s_%s_x(m, i, vm, x);\n", cn, fnm, cn, fnm);
    } else {
        sb_printf(o, "        F_%s_%s_x(m, i, vm, x);\n", cn, fnm);
        for (int k = 0; k < t->list.len; k++) {
            const MNode *nv = t->list.items[k];
            int dim = table_dim(u->mech, nv);
            if (!dim)
                sb_printf(o, "        m->%s_T_%s_%s[k] = %s;\n", cn, fnm, nv->name, table_name_c(e, u, nv, &ok));
            for (int j = 0; j < dim; j++)
                sb_printf(o, "        m->%s_T_%s_%s[%d][k] = %s;\n", cn, fnm, nv->name, j,
                          table_elem_c(e, u, nv, j, &ok));
        }
    }
    sb_puts(o, "    }\n");
    for (int d = 0; d < t->list2.len; d++)
        sb_printf(o, "    m->%s_T_%s_dep%d = %s;\n", cn, fnm, d, table_name_c(e, u, t->list2.items[d], &ok));
    sb_printf(o, "    m->%s_T_%s_built = 1;\n}\n\n", cn, fnm);
    sb_free(&lo);
    sb_free(&hi);
    if (!f.ok)
        ok = false;
    /* lookup: linear interpolation, clamped at both ends, NaN in -> NaN out;
     * --fast: F_..._t, the lookup alone, for the vector loops (nmodl_fast_split) */
    const char *arg = fn->node->list.items[0]->name;
    func_signature(e, u, fn, e->fast ? "_t" : "", o);
    sb_puts(o, "\n{\n");
    size_t body_at = o->len;
    if (per_call)
        sb_printf(o, "    T_%s_%s_icheck(m, i, vm);\n", cn, fnm);
    if (!e->fast) {
        sb_printf(o, "    if (m->%s_usetable == 0.0) {\n        %sF_%s_%s_x(m, i, vm, l_%s);\n", cn,
                  fn->is_function ? "return " : "", cn, fnm, arg);
        if (!fn->is_function)
            sb_puts(o, "        return 0;\n");
        sb_puts(o, "    }\n");
    }
    sb_printf(o, "    double xi = m->%s_T_%s_mfac * (l_%s - m->%s_T_%s_lo);\n", cn, fnm, arg, cn, fnm);
    int nouts = fn->is_function ? 1 : t->list.len;
    if (e->fast) {
        /* --fast: clamped without branches (NaN gives entry 0); at xi >= n
         * the last interval at theta 1 (T[n] to the last bit or one off) */
        sb_printf(o, "    xi = xi > 0.0 ? xi : 0.0;\n    xi = xi < %d.0 ? xi : %d.0;\n"
                     "    int k_ = (int)xi;\n    k_ = k_ < %d ? k_ : %d;\n    double th_ = xi - (double)k_;\n",
                  n, n, n - 1, n - 1);
    }
    for (int k = 0; k < nouts; k++) {
        int dim = fn->is_function ? 0 : table_dim(u->mech, t->list.items[k]);
        /* an array: each element from its own table, as nocmodl does */
        for (int j = 0; j < dim; j++) {
            const char *tab = arena_printf(e->arena, "m->%s_T_%s_%s[%d]", cn, fnm, t->list.items[k]->name, j);
            const char *dst = table_elem_c(e, u, t->list.items[k], j, &ok);
            if (e->fast)
                sb_printf(o, "    %s = %s[k_] + th_ * (%s[k_ + 1] - %s[k_]);\n", dst, tab, tab, tab);
            else
                sb_printf(o,
                          "    %s = isnan(xi) ? xi : xi <= 0.0 ? %s[0] : xi >= %d.0 ? %s[%d] : "
                          "%s[(int)xi] + (xi - (int)xi) * (%s[(int)xi + 1] - %s[(int)xi]);\n",
                          dst, tab, n, tab, n, tab, tab, tab);
        }
        if (dim)
            continue;
        const char *tab = fn->is_function ? arena_printf(e->arena, "m->%s_T_%s", cn, fnm)
                                          : arena_printf(e->arena, "m->%s_T_%s_%s", cn, fnm, t->list.items[k]->name);
        const char *dst = fn->is_function ? "double r_" : table_name_c(e, u, t->list.items[k], &ok);
        if (e->fast) {
            sb_printf(o, "    %s = %s[k_] + th_ * (%s[k_ + 1] - %s[k_]);\n", dst, tab, tab, tab);
            continue;
        }
        sb_printf(o,
                  "    %s = isnan(xi) ? xi : xi <= 0.0 ? %s[0] : xi >= %d.0 ? %s[%d] : "
                  "%s[(int)xi] + (xi - (int)xi) * (%s[(int)xi + 1] - %s[(int)xi]);\n",
                  dst, tab, n, tab, n, tab, tab, tab);
    }
    if (e->fast && !fn->is_function && u->simd) {
        if (!u->tab_body)
            u->tab_body = ARENA_NEWN(e->arena, const char *, u->mech->funcs.len + 1);
        u->tab_body[fn - u->mech->funcs.data] = arena_strdup(e->arena, o->s + body_at);
    }
    sb_puts(o, "    (void)i;\n    (void)vm;\n");
    sb_puts(o, fn->is_function ? "    return r_;\n}\n\n" : "    return 0;\n}\n\n");
    if (e->fast) {
        func_signature(e, u, fn, "", o);
        sb_printf(o, "\n{\n    if (m->%s_usetable == 0.0)\n        return F_%s_%s_x(m, i, vm, l_%s);\n"
                     "    return F_%s_%s_t(m, i, vm, l_%s);\n}\n\n", cn, cn, fnm, arg, cn, fnm, arg);
    }
    if (!ok)
        diag_note(e->diag, t->loc, "in this TABLE");
}

/* ---- kernels ---- */

/* --fast: short runs (a section's few segments between zero-area end
 * nodes) make one loop over all instances, the nodes through the table */
static bool flat_loop(const MechUse *u, bool vec)
{
    return vec && u->simd && u->nrun && u->n < 16 * u->nrun;
}

/* The instances on consecutive nodes, node[0] + i (--fast writes that
 * rather than a table lookup, which the vectoriser cannot bound). */
static bool affine_nodes(const MechUse *u)
{
    for (int x = 1; x < u->n; x++)
        if (u->node[x] != u->node[0] + x)
            return false;
    return u->n > 0;
}

/* Opens the loop of a kernel over u's instances with i the instance and
 * nd its node: for density mechanisms, run by run of consecutive nodes,
 * so that the C compiler sees plain consecutive indices.  vec: a per-step
 * kernel, over the instances lo_ .. hi_-1 only (its arguments: a thread's
 * share, or all of them); under --fast (u->simd) a vector loop over all
 * of them (an executable of nrncc --fast steps on one thread, which passes
 * all). */
static void inst_loop_open(MechUse *u, StrBuf *o, bool vec)
{
    if (u->simd && vec)
        sb_puts(o, "    (void)lo_;\n    (void)hi_;\n");
    if (flat_loop(u, vec))
        sb_printf(o, "    NRN_SIMD\n    for (int i = 0; i < %d; i++) {\n        const int nd = %s_node[i];\n", u->n,
                  u->cname);
    else if (u->nrun && u->simd && vec)
        /* --fast: one induction variable and the vectoriser told that the
         * instances are independent (nmodl_fast_plan) */
        sb_printf(o, "    for (int r_ = 0; r_ < %d; r_++) {\n"
                     "      const int i0_ = %s_run_inst[r_], i1_ = %s_run_inst[r_ + 1], nd0_ = %s_run_node[r_];\n"
                     "      NRN_SIMD\n"
                     "      for (int i = i0_; i < i1_; i++) {\n"
                     "        const int nd = nd0_ + (i - i0_);\n",
                  u->nrun, u->cname, u->cname, u->cname);
    else if (u->nrun && vec)
        sb_printf(o, "    for (int r_ = 0; r_ < %d; r_++) {\n"
                     "      int a_ = %s_run_inst[r_], b_ = %s_run_inst[r_ + 1];\n"
                     "      if (b_ <= lo_ || a_ >= hi_)\n"
                     "          continue;\n"
                     "      int nd = %s_run_node[r_] + (a_ < lo_ ? lo_ - a_ : 0);\n"
                     "      a_ = a_ < lo_ ? lo_ : a_;\n"
                     "      b_ = b_ > hi_ ? hi_ : b_;\n"
                     "      for (int i = a_; i < b_; i++, nd++) {\n",
                  u->nrun, u->cname, u->cname, u->cname);
    else if (u->nrun)
        sb_printf(o, "    for (int r_ = 0; r_ < %d; r_++) {\n"
                     "      int nd = %s_run_node[r_];\n"
                     "      for (int i = %s_run_inst[r_]; i < %s_run_inst[r_ + 1]; i++, nd++) {\n",
                  u->nrun, u->cname, u->cname, u->cname);
    else if (u->mech->kind == MECH_ARTIFICIAL)
        sb_printf(o, vec ? "    for (int i = lo_; i < hi_; i++) {\n" : "    for (int i = 0; i < %d; i++) {\n", u->n);
    else if (u->simd && vec && affine_nodes(u))
        sb_printf(o, "    NRN_SIMD\n    for (int i = 0; i < %d; i++) {\n        const int nd = %d + i;\n", u->n, u->node[0]);
    else if (u->simd && vec)
        sb_printf(o, "    NRN_SIMD\n    for (int i = 0; i < %d; i++) {\n        int nd = %s_node[i];\n", u->n, u->cname);
    else if (vec)
        sb_printf(o, "    for (int i = lo_; i < hi_; i++) {\n        int nd = %s_node[i];\n", u->cname);
    else
        sb_printf(o, "    for (int i = 0; i < %d; i++) {\n        int nd = %s_node[i];\n", u->n, u->cname);
}

/* --fast: a vector loop (text from at to the end of o) of a mechanism with
 * TABLEs, written twice: with the lookups alone (F_..._t, no branch on
 * usetable_<m> inside the loop) when usetable_<m> is set, and as it was,
 * without NRN_SIMD, when it is not. */
static void fast_split(Emitter *e, MechUse *u, StrBuf *o, size_t at)
{
    Mech *m = u->mech;
    bool tables = false;
    for (int k = 0; k < m->funcs.len; k++)
        tables = tables || (m->funcs.data[k].table && !m->funcs.data[k].functable);
    if (!e->fast || !u->simd || !tables)
        return;
    StrBuf loop = {0}, t = {0};
    sb_puts(&loop, o->s + at);
    o->len = at;
    o->s[at] = 0;
    const char *p = loop.s;
    while (*p) {
        bool hit = false;
        for (int k = 0; k < m->funcs.len && !hit; k++) {
            if (!m->funcs.data[k].table || m->funcs.data[k].functable)
                continue;
            const char *name = arena_printf(e->arena, "F_%s_%s(", u->cname, m->funcs.data[k].name);
            size_t n = strlen(name);
            if (!strncmp(p, name, n)) {
                sb_putn(&t, name, n - 1);
                sb_puts(&t, "_t(");
                p += n;
                hit = true;
            }
        }
        if (!hit)
            sb_putc(&t, *p++);
    }
    /* a TABLE PROCEDURE called as a statement, (void)F_<m>_<p>_t(m, i, vm,
     * ARG);, becomes its lookup in place: the vectoriser sees the table
     * loads as the loop's own (a call's, once inlined, would stop it) */
    for (int k = 0; u->tab_body && k < m->funcs.len; k++) {
        const MechFunc *fn = &m->funcs.data[k];
        if (!u->tab_body[k])
            continue;
        const char *head = arena_printf(e->arena, "(void)F_%s_%s_t(m, i, vm, ", u->cname, fn->name);
        StrBuf r = {0};
        const char *q = sb_str(&t);
        for (const char *hit; (hit = strstr(q, head));) {
            sb_putn(&r, q, (size_t)(hit - q));
            const char *a0 = hit + strlen(head), *a1 = a0;
            for (int depth = 0; *a1 && (depth > 0 || *a1 != ')'); a1++)
                depth += *a1 == '(' ? 1 : *a1 == ')' ? -1 : 0;
            if (a1[0] != ')' || a1[1] != ';') { /* not the statement form: keep the call */
                sb_putn(&r, hit, (size_t)(a0 - hit));
                q = a0;
                continue;
            }
            sb_printf(&r, "{\n    const double l_%s = ", fn->node->list.items[0]->name);
            sb_putn(&r, a0, (size_t)(a1 - a0));
            sb_printf(&r, ";\n%s}", u->tab_body[k]);
            q = a1 + 2;
        }
        sb_puts(&r, q);
        sb_free(&t);
        t = r;
    }
    sb_printf(o, "    if (m->%s_usetable != 0.0) {\n", u->cname);
    sb_puts(o, sb_str(&t));
    sb_puts(o, "    } else {\n");
    for (p = loop.s; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (!strstr(p, "NRN_SIMD") || strstr(p, "NRN_SIMD") >= p + n)
            sb_putn(o, p, n);
        p += n;
    }
    sb_puts(o, "    }\n");
    sb_free(&loop);
    sb_free(&t);
}

/* --fast: at_time() in a vector mechanism's current (IClamp's) is a call
 * that would keep its loop scalar, and does nothing outside CVODE.  When
 * the function C_<m> (text from at to the end of o) has one, a copy C_<m>_nc
 * without them follows it (the calls replaced by their value, 0); true if
 * so.  Only for mechanisms without TABLEs (fast_split handles those). */
static bool fast_at_time_copy(Emitter *e, MechUse *u, StrBuf *o, size_t at)
{
    Mech *m = u->mech;
    for (int k = 0; k < m->funcs.len; k++)
        if (m->funcs.data[k].table)
            return false;
    const char *head = "(m->cv_on_ ? nrt_at_time(m->sim, ";
    if (!e->fast || !u->simd || !strstr(o->s + at, head))
        return false;
    StrBuf c = {0};
    const char *name = arena_printf(e->arena, "C_%s(", u->cname);
    const char *q = o->s + at;
    const char *nm = strstr(q, name);
    sb_putn(&c, q, (size_t)(nm - q) + strlen(name) - 1);
    sb_puts(&c, "_nc(");
    q = nm + strlen(name);
    for (const char *hit; (hit = strstr(q, head));) {
        sb_putn(&c, q, (size_t)(hit - q));
        const char *a1 = hit + strlen(head);
        for (int depth = 0; *a1 && (depth > 0 || *a1 != ')'); a1++)
            depth += *a1 == '(' ? 1 : *a1 == ')' ? -1 : 0;
        if (strncmp(a1, ") : 0.0)", 8) != 0) { /* not our form: no copy */
            sb_free(&c);
            return false;
        }
        sb_puts(&c, "0.0");
        q = a1 + 8;
    }
    sb_puts(&c, q);
    sb_puts(o, sb_str(&c));
    sb_free(&c);
    return true;
}

/* --fast: the current loop (text from at to the end of o) twice: as it
 * is, without NRN_SIMD, inside CVODE (m->cv_on_), and with C_<m>_nc, a
 * vector loop, in a fixed step. */
static void fast_at_time_split(Emitter *e, MechUse *u, StrBuf *o, size_t at)
{
    StrBuf loop = {0};
    sb_puts(&loop, o->s + at);
    o->len = at;
    o->s[at] = 0;
    sb_puts(o, "    if (m->cv_on_) {\n");
    for (const char *p = loop.s; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (!strstr(p, "NRN_SIMD") || strstr(p, "NRN_SIMD") >= p + n)
            sb_putn(o, p, n);
        p += n;
    }
    sb_puts(o, "    } else {\n");
    const char *name = arena_printf(e->arena, "C_%s(", u->cname);
    for (const char *p = loop.s; *p;) {
        if (!strncmp(p, name, strlen(name))) {
            sb_printf(o, "C_%s_nc(", u->cname);
            p += strlen(name);
        } else {
            sb_putc(o, *p++);
        }
    }
    sb_puts(o, "    }\n");
    sb_free(&loop);
}

static void inst_loop_close(MechUse *u, StrBuf *o, bool vec)
{
    sb_puts(o, u->nrun && !flat_loop(u, vec) ? "      }\n    }\n" : "    }\n");
}

/* The C index of instance i's instance of ion k of u: its table, or in
 * --fast "i" (or "(i + c)") when the table is that. */
static const char *ion_ix(Emitter *e, MechUse *u, int k)
{
    if (e->fast && u->n > 0 && u->ion_inst) {
        const int *t = u->ion_inst[k];
        bool affine = true;
        for (int x = 1; affine && x < u->n; x++)
            affine = t[x] == t[0] + x;
        if (affine)
            return t[0] ? arena_printf(e->arena, "(i + %d)", t[0]) : "i";
    }
    return arena_printf(e->arena, "%s_%s_ix[i]", u->cname, u->mech->ions.data[k].name);
}

/* Copies of the READ ion variables into the mechanism, at kernel start. */
static void ion_reads(Emitter *e, MechUse *u, StrBuf *o, const char *pad)
{
    Mech *m = u->mech;
    for (int v = 0; v < m->vars.len; v++) {
        MechVar *mv = &m->vars.data[v];
        /* read variables, and written concentrations (they start from the ion's value) */
        if (mv->ion < 0 || !(mv->ion_read || (mv->ion_write && !mv->is_current)))
            continue;
        MechUse *iu = &e->uses[u->ion_use[mv->ion]];
        int iv = mech_var(iu->mech, mv->name);
        sb_printf(o, "%sm->%s[i] = m->%s[%s];\n", pad, nmodl_field(e, u, v), nmodl_field(e, iu, iv),
                  ion_ix(e, u, mv->ion));
    }
}

/* Written concentrations and reversal potentials back to the ion; after
 * INITIAL (init), a written concentration also updates the reversal
 * potential when the ion's style says so (NEURON's nrn_wrote_conc). */
static void ion_writes(Emitter *e, MechUse *u, StrBuf *o, const char *pad, bool init)
{
    Mech *m = u->mech;
    for (int k = 0; k < m->ions.len; k++) {
        bool conc = false;
        for (int v = 0; v < m->vars.len; v++) {
            MechVar *mv = &m->vars.data[v];
            if (mv->ion != k || !mv->ion_write || mv->is_current)
                continue;
            MechUse *iu = &e->uses[u->ion_use[mv->ion]];
            int iv = mech_var(iu->mech, mv->name);
            sb_printf(o, "%sm->%s[%s] = m->%s[i];\n", pad, nmodl_field(e, iu, iv), ion_ix(e, u, k),
                      nmodl_field(e, u, v));
            conc = conc || iv == 1 || iv == 2;
        }
        if (init && conc) {
            MechUse *iu = &e->uses[u->ion_use[k]];
            sb_printf(o, "%sW_%s(m, %s);\n", pad, iu->cname, ion_ix(e, u, k));
        }
    }
}

/* ---- --fast: which mechanisms' loops run as vectors ---- */

static bool simd_list_ok(Mech *m, const MList *l, int depth);
static bool other_method(Emitter *e, const Mech *m, int k);

/* True when x (an expression or statement of m, with the functions it
 * calls) has nothing that stops its instances from running side by side
 * in a vector loop: no VERBATIM, no call but exp, the C math functions,
 * at_time and m's own FUNCTIONs and PROCEDUREs, no POINTER, no loop. */
static bool simd_node_ok(Mech *m, const MNode *x, int depth)
{
    if (!x)
        return true;
    if (depth > 16)
        return false;
    switch (x->kind) {
    case MK_VERBATIM:
    case MK_WHILE:
    case MK_FROM:
    case MK_WATCH:
    case MK_FORNETCONS:
    case MK_PROTECT:
    case MK_MUTEX:
    case MK_LAG:
    case MK_STRING:
    case MK_REACTION:
    case MK_FLUX:
    case MK_LINEQ:
    case MK_CONSERVE:
    case MK_COMPARTMENT:
        return false;
    case MK_SOLVE: /* the BREAKPOINT's SOLVEs are judged apart */
    case MK_TABLE:
    case MK_LOCAL:
        return true;
    case MK_NAME: {
        int v = mech_var(m, x->name);
        if (v >= 0 && m->vars.data[v].pointer)
            return false;
        break;
    }
    case MK_CALL: {
        int n = x->list.len;
        if (!(!strcmp(x->name, "exp") && n == 1) && !(!strcmp(x->name, "at_time") && n == 1) &&
            !math_fn(x->name, n)) {
            MechFunc *fn = find_func(m, x->name);
            if (!fn || fn->functable || !simd_list_ok(m, &fn->node->body, depth + 1))
                return false;
        }
        break;
    }
    default:
        break;
    }
    return simd_node_ok(m, x->a, depth) && simd_node_ok(m, x->b, depth) && simd_node_ok(m, x->c, depth) &&
           simd_node_ok(m, x->d, depth) && simd_list_ok(m, &x->list, depth) && simd_list_ok(m, &x->list2, depth) &&
           simd_list_ok(m, &x->body, depth);
}

static bool simd_list_ok(Mech *m, const MList *l, int depth)
{
    for (int k = 0; k < l->len; k++)
        if (!simd_node_ok(m, l->items[k], depth))
            return false;
    return true;
}

void nmodl_fast_plan(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    bool ok = ((m->kind == MECH_DENSITY && u->nrun > 0) || m->kind == MECH_POINT) && !m->verbatims.len &&
              !m->kinetics.len && !m->lins.len && m->breakpoint && simd_list_ok(m, &m->breakpoint->body, 0);
    /* point processes: only when no two share a node (their loops add to
     * the node's rhs and d) */
    for (int x = 0; ok && m->kind == MECH_POINT && x < u->n; x++)
        for (int y = 0; ok && y < x; y++)
            ok = u->node[x] != u->node[y];
    for (int v = 0; ok && v < m->vars.len; v++)
        ok = !m->vars.data[v].pointer;
    for (int k = 0; ok && k < m->solves.len; k++) {
        const MechSolve *sv = &m->solves.data[k];
        if (sv->proc >= 0)
            ok = simd_list_ok(m, &m->funcs.data[sv->proc].node->body, 0);
        else if (sv->lin || sv->kinetic || !sv->block || other_method(e, m, k))
            ok = false;
        else
            ok = !strcmp(sv->method, "cnexp") && simd_list_ok(m, &sv->block->body, 0);
    }
    u->simd = ok;
    if (!ok)
        return;
    /* GLOBAL ASSIGNED variables (and file-level LOCALs) are written by each
     * instance before it reads them (hh's minf, ..., as rates() leaves them):
     * one value per instance, so that instances do not share one place */
    u->priv = ARENA_NEWN(e->arena, bool, m->vars.len + 1);
    for (int v = 0; v < m->vars.len; v++) {
        const MechVar *mv = &m->vars.data[v];
        u->priv[v] = (mv->kind == VAR_ASSIGNED || mv->kind == VAR_SCRATCH) && !mv->range && !mv->dim &&
                     !mv->pointer && mv->ion < 0;
    }
}

/* K_<m>_<what>: one loop over the instances, the ion copies read before
 * and written after the statements of block (INITIAL), or, for the state
 * update (state), each SOLVE in turn; the INITIAL first zeroes the STATEs. */
bool nmodl_has_state_kernel(const Mech *m)
{
    return m->solves.len || (m->breakpoint && !m->currents.len);
}

/* True when solve k integrates a DERIVATIVE block by a method other than
 * cnexp proper (derivimplicit, euler, runge, or cnexp that fell back). */
static bool other_method(Emitter *e, const Mech *m, int k)
{
    const MechSolve *sv = &m->solves.data[k];
    return sv->block && !sv->lin &&
           (strcmp(sv->method, "cnexp") != 0 || !nmodl_cnexp_possible(e->arena, &sv->block->body));
}

bool nmodl_halves_dt(Emitter *e, const Mech *m)
{
    for (int k = 0; k < m->solves.len; k++)
        if (other_method(e, m, k))
            return true;
    return false;
}

bool nmodl_tls_var(const Emitter *e, const MechUse *u, int v)
{
    const MechVar *mv = &u->mech->vars.data[v];
    return !e->embed && !(u->priv && u->priv[v]) && !mv->range && !mv->pointer &&
           (mv->kind == VAR_ASSIGNED || mv->kind == VAR_STATE || mv->kind == VAR_SCRATCH);
}

static void lag_walk(const MList *body, NodeVec *out);

static void emit_instance_kernel(Emitter *e, MechUse *u, const char *what, MNode *block, bool state)
{
    bool deriv = state;
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    /* the per-step kernel takes a range of instances (a thread's share) */
    if (state)
        sb_printf(o, "static void K_%s_%s(Model *m, int lo_, int hi_)\n{\n", cn, what);
    else
        sb_printf(o, "static void K_%s_%s(Model *m)\n{\n", cn, what);
    /* nocmodl halves dt under secondorder for the state update of a
     * mechanism integrated by a method other than cnexp */
    bool halve = false;
    for (int k = 0; state && k < m->solves.len; k++)
        halve = halve || other_method(e, m, k);
    if (halve)
        sb_puts(o, "    double dtsav_ = m->dt;\n    if (m->secondorder)\n        m->dt *= 0.5;\n");
    size_t loop_at = o->len;
    inst_loop_open(u, o, state);
    if (m->kind == MECH_ARTIFICIAL)
        sb_puts(o, "        double vm = 0.0; /* an artificial cell has no membrane */\n        (void)vm;\n");
    else
        sb_puts(o, "        double vm = m->v[nd];\n        (void)vm;\n");
    ion_reads(e, u, o, "        ");
    /* a STATE s starts at the value of s0 (a PARAMETER of that name, 0 when
     * there is none), as nocmodl initialises states; an ion's
     * concentration declared a STATE starts at the ion's value */
    if (!deriv)
        for (int v = 0; v < m->vars.len; v++) {
            if (m->vars.data[v].kind != VAR_STATE || m->vars.data[v].ion >= 0)
                continue;
            char s0[256];
            snprintf(s0, sizeof s0, "%s0", m->vars.data[v].name);
            int v0 = mech_var(m, s0);
            const char *init = "0.0";
            if (v0 >= 0 && spec_of(u, v0) == SPEC_FOLD)
                init = fold_c(e, u, v0);
            else if (v0 >= 0 && !m->vars.data[v0].dim)
                init = m->vars.data[v0].range ? arena_printf(e->arena, "m->%s[i]", nmodl_field(e, u, v0))
                                              : arena_printf(e->arena, "m->%s", nmodl_field(e, u, v0));
            if (m->vars.data[v].dim)
                sb_printf(o, "        for (int k_ = 0; k_ < %d; k_++)\n            m->%s[i][k_] = %s;\n",
                          m->vars.data[v].dim, nmodl_field(e, u, v), init);
            else
                sb_printf(o, "        m->%s[i] = %s;\n", nmodl_field(e, u, v), init);
        }
    if (block) {
        Fn f = fn_begin(e, u, o);
        f.indent = 1;
        /* nocmodl's INITIAL is a function (initmodel): a VERBATIM `return;`
         * ends the block, and the ions' writes still follow */
        if (!state) {
            f.ret_label = "init_end_";
            NodeVec lags = {0};
            lag_walk(&m->mod->blocks, &lags);
            for (int k = 0; k < lags.len; k++)
                sb_printf(o, "        LH_%s_%s_%s[i].n = 0; /* LAG: a new run */\n", cn, lags.data[k]->name,
                          lags.data[k]->name2);
            VEC_FREE(lags);
        }
        size_t at = o->len;
        stmts(&f, &block->body);
        if (!state && strstr(o->s + at, "goto init_end_"))
            sb_puts(o, "    init_end_:;\n");
        VEC_FREE(f.locals);
        VEC_FREE(f.local_dims);
    }
    for (int k = 0; state && k < m->solves.len; k++) {
        MechSolve *sv = &m->solves.data[k];
        if (sv->proc >= 0) {
            sb_printf(o, "        F_%s_%s(m, i, vm);\n", cn, m->funcs.data[sv->proc].name);
        } else if (sv->lin) {
            sb_printf(o, "        LS%d_%s(m, i, vm);\n", sv->lin - 1, cn);
        } else if (!strcmp(sv->method, "cnexp") && nmodl_cnexp_possible(e->arena, &sv->block->body)) {
            sb_puts(o, "        {\n");
            Fn f = fn_begin(e, u, o);
            f.indent = 2;
            f.deriv = true;
            stmts(&f, &sv->block->body);
            VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
            sb_puts(o, "        }\n");
        } else {
            if (m->solves.data[k].kinetic) {
                int b = 0;
                while (m->kinetics.data[b] != m->solves.data[k].block)
                    b++;
                sb_printf(o, "        KS%d_%s(m, i, vm);\n", b, cn);
            } else {
                sb_printf(o, "        S%d_%s(m, i, vm);\n", k, cn);
            }
        }
        /* SOLVE ... IFERROR { }: nocmodl 8.2.2 runs it after the solve
         * whatever happened (runge, which cannot fail, tests its result) */
        if (sv->stmt->a && sv->block && !sv->lin && strcmp(sv->method ? sv->method : "", "runge") != 0) {
            sb_puts(o, "        {\n");
            Fn f = fn_begin(e, u, o);
            f.indent = 2;
            stmts(&f, &sv->stmt->a->body);
            VEC_FREE(f.locals);
            VEC_FREE(f.local_dims);
            sb_puts(o, "        }\n");
        }
    }
    if (state && m->breakpoint && !m->currents.len) {
        /* a BREAKPOINT without currents runs here, after its SOLVEs */
        Fn f = fn_begin(e, u, o);
        f.indent = 1;
        f.in_breakpoint = true;
        stmts(&f, &m->breakpoint->body);
        VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    }
    ion_writes(e, u, o, "        ", !state);
    inst_loop_close(u, o, state);
    if (state)
        fast_split(e, u, o, loop_at);
    if (halve)
        sb_puts(o, "    if (m->secondorder)\n        m->dt = dtsav_;\n");
    sb_puts(o, "}\n\n");
}

static void emit_cur(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    /* the current as a function of v: the BREAKPOINT without its SOLVE */
    size_t c_at = o->len;
    sb_printf(o, "static double C_%s(Model *m, int i, double vm)\n{\n    (void)m;\n    (void)i;\n    (void)vm;\n", cn);
    for (int v = 0; v < m->vars.len; v++)
        if (spec_of(u, v) == SPEC_DEAD) /* specialise.c: a local, not a field */
            sb_printf(o, "    double sp_%s = 0.0;\n    (void)sp_%s;\n", m->vars.data[v].name, m->vars.data[v].name);
    Fn f = fn_begin(e, u, o);
    f.in_breakpoint = true;
    stmts(&f, &m->breakpoint->body);
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    sb_puts(o, "    double cur_ = 0.0;\n");
    for (int k = 0; k < m->currents.len; k++)
        if (spec_of(u, m->currents.data[k]) == SPEC_DEAD) /* specialise.c */
            sb_printf(o, "    cur_ += sp_%s;\n", m->vars.data[m->currents.data[k]].name);
        else
            sb_printf(o, "    cur_ += m->%s[i];\n", nmodl_field(e, u, m->currents.data[k]));
    sb_puts(o, "    return cur_;\n}\n\n");
    bool at_split = fast_at_time_copy(e, u, o, c_at);

    sb_printf(o, "static void K_%s_cur(Model *m, int lo_, int hi_)\n{\n", cn);
    size_t loop_at = o->len;
    inst_loop_open(u, o, true);
    sb_puts(o, "        double vm = m->v[nd];\n");
    if (m->kind == MECH_POINT)
        sb_puts(o, "        double f_ = 1.e2 / node_area[nd];\n");
    ion_reads(e, u, o, "        ");
    sb_printf(o, "        double g_ = C_%s(m, i, vm + 0.001);\n", cn);
    for (int k = 0; k < m->currents.len; k++) {
        MechVar *mv = &m->vars.data[m->currents.data[k]];
        if (mv->ion >= 0)
            sb_printf(o, "        double %s_p = m->%s[i];\n", mv->name, nmodl_field(e, u, m->currents.data[k]));
    }
    sb_printf(o, "        double rhs_ = C_%s(m, i, vm);\n", cn);
    for (int k = 0; k < m->currents.len; k++) {
        int v = m->currents.data[k];
        MechVar *mv = &m->vars.data[v];
        if (mv->ion < 0)
            continue;
        MechUse *iu = &e->uses[u->ion_use[mv->ion]];
        const char *ion = iu->mech->ion_name;
        char dname[128];
        snprintf(dname, sizeof dname, "di%s_dv_", ion);
        /* a point process's nA become the ion's mA/cm2 as nocmodl writes it */
        sb_printf(o, "        m->%s[%s] += (%s_p - m->%s[i]) / 0.001%s;\n",
                  nmodl_field(e, iu, mech_var(iu->mech, dname)), ion_ix(e, u, mv->ion), mv->name,
                  nmodl_field(e, u, v), m->kind == MECH_POINT ? " * 1.e2 / node_area[nd]" : "");
    }
    for (int k = 0; k < m->currents.len; k++) {
        int v = m->currents.data[k];
        MechVar *mv = &m->vars.data[v];
        if (mv->ion < 0)
            continue;
        MechUse *iu = &e->uses[u->ion_use[mv->ion]];
        sb_printf(o, "        m->%s[%s] += m->%s[i]%s;\n", nmodl_field(e, iu, mech_var(iu->mech, mv->name)),
                  ion_ix(e, u, mv->ion), nmodl_field(e, u, v),
                  m->kind == MECH_POINT ? " * 1.e2 / node_area[nd]" : "");
    }
    sb_puts(o, "        g_ = (g_ - rhs_) / 0.001;\n");
    ion_writes(e, u, o, "        ", false);
    if (m->kind == MECH_POINT)
        sb_puts(o, "        g_ *= f_;\n        rhs_ *= f_;\n");
    /* the conductance goes straight into d (assemble() zeroes d with rhs
     * before the currents): each node's d sums the same terms in the same
     * order as NEURON's separate jacobian pass over the mechanisms */
    sb_printf(o, "        m->rhs[nd] %s= rhs_;\n", m->electrode ? "+" : "-");
    sb_printf(o, "        m->d[nd] %s= g_;\n", m->electrode ? "-" : "+");
    inst_loop_close(u, o, true);
    if (at_split)
        fast_at_time_split(e, u, o, loop_at);
    else
        fast_split(e, u, o, loop_at);
    sb_puts(o, "}\n\n");

}

/* The DERIVATIVE block of solve k as a function DD<k>_<m> filling D_ with
 * the derivatives at the present STATE values, and the integration step
 * S<k>_<m> of its METHOD: derivimplicit (NEURON's Newton on implicit
 * Euler, also what cnexp becomes when an equation is not linear), euler or
 * runge, each in the order of operations of NEURON's scopmath. */
/* The solver of a DERIVATIVE block by a method other than cnexp proper:
 * DD<tag> evaluates the derivatives, S<tag> takes one step (extrap: with
 * nocmodl's secondorder extrapolation). */
static void emit_deriv_solver(Emitter *e, MechUse *u, const char *tag, const MNode *block, const char *method,
                              SrcLoc at, bool extrap)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    MList ds = {0};
    nmodl_deriv_states(e->arena, &block->body, &ds);
    int n = ds.len;
    if (n == 0) {
        diag_error(e->diag, block->loc, "DERIVATIVE block '%s' has no equations", block->name);
        return;
    }
    const char **x = ARENA_NEWN(e->arena, const char *, n);
    for (int j = 0; j < n; j++) {
        int v = mech_var(m, ds.items[j]->name);
        if (v < 0 || m->vars.data[v].kind != VAR_STATE) {
            diag_error(e->diag, ds.items[j]->loc, "'%s' is not a STATE", ds.items[j]->name);
            return;
        }
        x[j] = arena_printf(e->arena, "m->%s[i]", nmodl_field(e, u, v));
    }
    sb_printf(o, "static void DD%s_%s(Model *m, int i, double vm, double *D_)\n{\n    (void)vm;\n", tag, cn);
    Fn f = fn_begin(e, u, o);
    f.deriv = true;
    f.dstates = &ds;
    stmts(&f, &block->body);
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    sb_puts(o, "}\n\n");
    bool implicit = !strcmp(method, "derivimplicit") || !strcmp(method, "cnexp");
    if (!strcmp(method, "cnexp"))
        diag_warning(e->diag, at, "an equation of '%s' is not linear in its state: cnexp becomes "
                     "derivimplicit, as in NEURON", block->name);
    sb_printf(o, "static void S%s_%s(Model *m, int i, double vm)\n{\n", tag, cn);
    sb_printf(o, "    enum { N = %d };\n    double D_[N];\n", n);
    /* under secondorder the step above was a half step (dt halved by the
     * kernel); nocmodl then extrapolates with the last derivatives */
    const char *extrapolate = !extrap ? "" : "    if (m->secondorder)\n        for (int j = 0; j < N; j++)\n"
                                             "            *x_[j] += m->dt * D_[j];\n";
    if (!strcmp(method, "euler")) {
        sb_puts(o, "    double *x_[N] = {");
        for (int j = 0; j < n; j++)
            sb_printf(o, "%s&%s", j ? ", " : "", x[j]);
        sb_puts(o, "};\n");
        sb_printf(o, "    DD%s_%s(m, i, vm, D_);\n", tag, cn);
        sb_puts(o, "    for (int j = 0; j < N; j++)\n        *x_[j] += m->dt * D_[j];\n");
        sb_printf(o, "%s}\n\n", extrapolate);
        return;
    }
    sb_puts(o, "    double *x_[N] = {");
    for (int j = 0; j < n; j++)
        sb_printf(o, "%s&%s", j ? ", " : "", x[j]);
    sb_puts(o, "};\n");
    if (!strcmp(method, "runge")) {
        /* scopmath's fourth-order Runge-Kutta: t advanced by h/2 twice, then back by h */
        sb_printf(o, "    double y0_[N], acc_[N], h = m->dt, temp;\n"
                     "    DD%s_%s(m, i, vm, D_);\n"
                     "    for (int j = 0; j < N; j++) {\n"
                     "        y0_[j] = *x_[j];\n"
                     "        temp = (h / 2.0) * D_[j];\n"
                     "        *x_[j] += temp;\n"
                     "        acc_[j] = y0_[j] + temp / 3.0;\n"
                     "    }\n"
                     "    NRN_T(m) += h / 2.0;\n"
                     "    DD%s_%s(m, i, vm, D_);\n"
                     "    for (int j = 0; j < N; j++) {\n"
                     "        temp = h * D_[j];\n"
                     "        *x_[j] = y0_[j] + temp / 2.0;\n"
                     "        acc_[j] += temp / 3.0;\n"
                     "    }\n"
                     "    DD%s_%s(m, i, vm, D_);\n"
                     "    for (int j = 0; j < N; j++) {\n"
                     "        temp = h * D_[j];\n"
                     "        *x_[j] = y0_[j] + temp;\n"
                     "        acc_[j] += temp / 3.0;\n"
                     "    }\n"
                     "    NRN_T(m) += h / 2.0;\n"
                     "    DD%s_%s(m, i, vm, D_);\n"
                     "    for (int j = 0; j < N; j++)\n"
                     "        *x_[j] = acc_[j] + (h / 6.0) * D_[j];\n"
                     "    NRN_T(m) -= h; /* scopmath restores t so: its roundoff stays, as in NEURON */\n"
                     "%s}\n\n",
                  tag, cn, tag, cn, tag, cn, tag, cn, extrapolate);
        return;
    }
    if (!implicit) {
        diag_error(e->diag, at, "METHOD %s is not supported (supported: cnexp, derivimplicit, euler, "
                   "runge)", method);
        return;
    }
    /* implicit Euler, F(s) = D(s) - (s - s_old)/dt = 0, by NEURON's Newton:
     * Jacobian by central differences (step 2% of s, at least 1e-6),
     * rebuilt while the relative change exceeds 0.05; converged when the
     * change is <= 1e-6 and |F| <= 1e-8; at most 50 iterations. */
    sb_printf(o, "    double sav_[N], F_[N], hi_[N], J_[N * N], dx_[N], rowmax_[N], change = 1.0, temp;\n"
                 "    int perm_[N], count = 0, error = 0;\n"
                 "    for (int j = 0; j < N; j++)\n"
                 "        sav_[j] = *x_[j];\n"
                 "#define EVAL_F()                                              \\\n"
                 "    do {                                                      \\\n"
                 "        DD%s_%s(m, i, vm, D_);                                 \\\n"
                 "        for (int j = 0; j < N; j++)                           \\\n"
                 "            F_[j] = D_[j] - (*x_[j] - sav_[j]) / m->dt;       \\\n"
                 "    } while (0)\n"
                 "    EVAL_F();\n"
                 "    while (count++ < 50) {\n"
                 "        if (change > 0.05) {\n"
                 "            for (int c = 0; c < N; c++) {\n"
                 "                double inc = fabs(0.02 * *x_[c]) > 1e-6 ? fabs(0.02 * *x_[c]) : 1e-6;\n"
                 "                *x_[c] += inc;\n"
                 "                EVAL_F();\n"
                 "                for (int r = 0; r < N; r++)\n"
                 "                    hi_[r] = F_[r];\n"
                 "                *x_[c] -= 2.0 * inc;\n"
                 "                EVAL_F();\n"
                 "                for (int r = 0; r < N; r++)\n"
                 "                    J_[r * N + c] = (hi_[r] - F_[r]) / (2.0 * inc);\n"
                 "                *x_[c] += inc;\n"
                 "                EVAL_F();\n"
                 "            }\n"
                 "            for (int r = 0; r < N; r++)\n"
                 "                F_[r] = -F_[r];\n"
                 "            if ((error = nrt_crout(N, J_, perm_, rowmax_)) != 0)\n"
                 "                break;\n"
                 "        }\n"
                 "        nrt_crout_solve(N, J_, F_, perm_, dx_);\n"
                 "        change = 0.0;\n"
                 "        for (int j = 0; j < N; j++) {\n"
                 "            if (fabs(*x_[j]) > 1e-8 && (temp = fabs(dx_[j] / *x_[j])) > change)\n"
                 "                change = temp;\n"
                 "            *x_[j] += dx_[j];\n"
                 "        }\n"
                 "        EVAL_F();\n"
                 "        double maxdev = 0.0;\n"
                 "        for (int j = 0; j < N; j++) {\n"
                 "            F_[j] = -F_[j];\n"
                 "            if ((temp = fabs(F_[j])) > maxdev)\n"
                 "                maxdev = temp;\n"
                 "        }\n"
                 "        if (change <= 1e-6 && maxdev <= 1e-8)\n"
                 "            break;\n"
                 "        if (count == 50) {\n"
                 "            error = 1;\n"
                 "            break;\n"
                 "        }\n"
                 "    }\n"
                 "#undef EVAL_F\n"
                 "    if (error)\n"
                 "        nrt_abort(m->sim, \"%s: the Newton iteration of '%s' %%s at t = %%.17g ms\", error == 1 ?\n"
                 "                  \"did not converge in 50 iterations\" : \"met a singular matrix\", NRN_T(m));\n"
                 "    DD%s_%s(m, i, vm, D_);\n"
                 "%s}\n\n",
              tag, cn, m->name, block->name, tag, cn, extrapolate);
}

/* Does a statement list hold SOLVE name STEADYSTATE (not sparse)? */
static bool solves_steady(const MList *body, const char *name)
{
    for (int k = 0; k < body->len; k++) {
        const MNode *st = body->items[k];
        if (st->kind == MK_SOLVE && st->text && strcmp(st->text, "sparse") != 0 && !strcmp(st->name, name))
            return true;
        if (solves_steady(&st->body, name) || solves_steady(&st->list2, name))
            return true;
    }
    return false;
}

/* Whether body SOLVEs block name by a METHOD (not to a steady state). */
static bool solves_step(const MList *body, const char *name)
{
    for (int k = 0; k < body->len; k++) {
        const MNode *st = body->items[k];
        if (st->kind == MK_SOLVE && !st->text && !strcmp(st->name, name))
            return true;
        if (solves_step(&st->body, name) || solves_step(&st->list2, name))
            return true;
    }
    return false;
}

static void emit_deriv_solve(Emitter *e, MechUse *u, int k)
{
    MechSolve *sv = &u->mech->solves.data[k];
    emit_deriv_solver(e, u, arena_printf(e->arena, "%d", k), sv->block, sv->method, sv->stmt->loc, true);
}

/* ---- CVODE ---- */

int nmodl_cvode_states(Emitter *e, MechUse *u, int k, int **vars)
{
    Mech *m = u->mech;
    MechSolve *sv = &m->solves.data[k];
    if (sv->block && sv->kinetic) {
        Diag quiet = {.out = stderr, .nerrors = DIAG_MAX_ERRORS + 1, .suppressed = true}; /* (reported when the block was emitted) */
        Kin *kin = nmodl_kin_build(e->arena, &quiet, m, sv->block);
        if (!kin)
            return 0;
        int *v = ARENA_NEWN(e->arena, int, kin->nst ? kin->nst : 1);
        for (int j = 0; j < kin->nst; j++)
            v[j] = kin->st[j].var;
        *vars = v;
        return kin->nst;
    }
    if (!sv->block || sv->block->kind != MK_DERIVATIVE)
        return 0;
    MList ds = {0};
    nmodl_deriv_states(e->arena, &sv->block->body, &ds);
    int *v = ARENA_NEWN(e->arena, int, ds.len ? ds.len : 1);
    for (int j = 0; j < ds.len; j++)
        v[j] = mech_var(m, ds.items[j]->name);
    *vars = v;
    return ds.len;
}

static bool written_conc(Emitter *e, MechUse *u, int v);
static bool is_cvode_state(Emitter *e, MechUse *u, int v);

/* The unknowns of solve k element by element: *acc gets the C lvalue of
 * each for instance i ("m->f[i]", "m->f[i][2]"); their order is that of
 * the block's D_ (a KINETIC scheme's rows, arrays' elements in a row). */
int nmodl_cvode_elems(Emitter *e, MechUse *u, int k, const char ***acc)
{
    int *vars;
    int n = nmodl_cvode_states(e, u, k, &vars), total = 0;
    for (int j = 0; j < n; j++)
        total += vars[j] >= 0 && u->mech->vars.data[vars[j]].dim ? u->mech->vars.data[vars[j]].dim : 1;
    const char **a = ARENA_NEWN(e->arena, const char *, total ? total : 1);
    int c = 0;
    for (int j = 0; j < n; j++) {
        int dim = vars[j] >= 0 ? u->mech->vars.data[vars[j]].dim : 0;
        const char *f = vars[j] >= 0 ? nmodl_field(e, u, vars[j]) : "?";
        if (!dim)
            a[c++] = arena_printf(e->arena, "m->%s[i]", f);
        for (int x = 0; x < dim; x++)
            a[c++] = arena_printf(e->arena, "m->%s[i][%d]", f, x);
    }
    *acc = a;
    return total;
}

/* The ion variables a DERIVATIVE block reads, copied from the ions as
 * NEURON's _ode_spec finds them (the currents summed by the current
 * evaluation just before), and a concentration it writes by assignment;
 * not the concentrations that are its own CVODE unknowns (STATEs). */
static void cvode_ion_reads(Emitter *e, MechUse *u, StrBuf *o)
{
    Mech *m = u->mech;
    for (int v = 0; v < m->vars.len; v++) {
        MechVar *mv = &m->vars.data[v];
        bool assigned = written_conc(e, u, v) && !is_cvode_state(e, u, v);
        if (mv->ion < 0 || (!assigned && (!mv->ion_read || mv->ion_write)))
            continue;
        MechUse *iu = &e->uses[u->ion_use[mv->ion]];
        int iv = mech_var(iu->mech, mv->name);
        sb_printf(o, "    m->%s[i] = m->%s[%s];\n", nmodl_field(e, u, v), nmodl_field(e, iu, iv), ion_ix(e, u, mv->ion));
    }
}

/* Whether variable v of mechanism m is a concentration it writes. */
static bool written_conc(Emitter *e, MechUse *u, int v)
{
    MechVar *mv = &u->mech->vars.data[v];
    if (mv->ion < 0 || !mv->ion_write || mv->is_current)
        return false;
    int iv = mech_var(e->uses[u->ion_use[mv->ion]].mech, mv->name);
    return iv == 1 || iv == 2;
}

/* Whether variable v of mechanism use u is a STATE of one of its DERIVATIVE
 * or KINETIC solves (a CVODE unknown). */
static bool is_cvode_state(Emitter *e, MechUse *u, int v)
{
    for (int k = 0; k < u->mech->solves.len; k++) {
        int *vars;
        int n = nmodl_cvode_states(e, u, k, &vars);
        for (int j = 0; j < n; j++)
            if (vars[j] == v)
                return true;
    }
    return false;
}

static bool has_cvode_states(Emitter *e, MechUse *u)
{
    for (int k = 0; k < u->mech->solves.len; k++) {
        int *vars;
        if (nmodl_cvode_states(e, u, k, &vars) > 0)
            return true;
    }
    return false;
}

/* The first assignment 'name = ...' in a statement list (or NULL). */
static const MNode *first_assign(const MList *body, const char *name)
{
    for (int k = 0; k < body->len; k++) {
        const MNode *st = body->items[k];
        if (st->kind == MK_ASSIGN && !st->order && st->a && st->a->kind == MK_NAME && !st->a->a &&
            !strcmp(st->a->name, name))
            return st;
        const MNode *r = first_assign(&st->body, name);
        if (!r)
            r = first_assign(&st->list2, name);
        if (r)
            return r;
    }
    return NULL;
}

static bool loc_before(SrcLoc a, SrcLoc b)
{
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static void earliest(const MNode **best, const MNode *blk, const char *name)
{
    const MNode *a = blk ? first_assign(&blk->body, name) : NULL;
    if (a && (!*best || loc_before(a->loc, (*best)->loc)))
        *best = a;
}

/* NEURON's ode_synonym for a concentration a mechanism with CVODE STATEs
 * writes by assignment: nocmodl takes the file's first assignment to it in
 * a PROCEDURE, FUNCTION, DERIVATIVE, KINETIC or the like (not INITIAL or
 * BREAKPOINT) and CVode evaluates its right-hand side into the ion each
 * time the unknowns go into the model.  NULL when there is none (nocmodl
 * then rejects the file). */
static const MNode *conc_synonym(const Mech *m, const char *name)
{
    const MNode *best = NULL;
    for (int k = 0; k < m->funcs.len; k++)
        earliest(&best, m->funcs.data[k].node, name);
    for (int k = 0; k < m->derivs.len; k++)
        earliest(&best, m->derivs.data[k], name);
    for (int k = 0; k < m->kinetics.len; k++)
        earliest(&best, m->kinetics.data[k], name);
    for (int k = 0; k < m->lins.len; k++)
        earliest(&best, m->lins.data[k], name);
    for (int t = 0; t < BA_N; t++)
        for (int k = 0; k < m->ba[t].len; k++)
            earliest(&best, m->ba[t].data[k], name);
    earliest(&best, m->netrecv, name);
    return best;
}

/* The first name in an expression that is not a variable of mechanism m,
 * or a call: what a synonym cannot evaluate outside its block. */
static const char *foreign_name(const Mech *m, const MNode *x)
{
    if (!x)
        return NULL;
    if (x->kind == MK_CALL)
        return x->name;
    if (x->kind == MK_NAME) {
        if (mech_var((Mech *)m, x->name) < 0)
            return x->name;
        return foreign_name(m, x->a); /* an element: its index */
    }
    const MNode *kids[4] = {x->a, x->b, x->c, x->d};
    for (int k = 0; k < 4; k++) {
        const char *r = foreign_name(m, kids[k]);
        if (r)
            return r;
    }
    for (int k = 0; k < x->list.len; k++) {
        const char *r = foreign_name(m, x->list.items[k]);
        if (r)
            return r;
    }
    return NULL;
}

const char *nmodl_cvode_conc(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    for (int v = 0; v < m->vars.len; v++) {
        if (!written_conc(e, u, v))
            continue;
        const char *nm = m->vars.data[v].name;
        if (!is_cvode_state(e, u, v) && has_cvode_states(e, u)) {
            const MNode *syn = conc_synonym(m, nm);
            if (!syn)
                return arena_printf(e->arena, "a concentration ('%s') written by a mechanism with STATEs, neither a STATE "
                                    "nor assigned in a PROCEDURE or a DERIVATIVE or KINETIC block (mechanism '%s'; "
                                    "NEURON's nocmodl rejects it too: '%s is WRITE but is not a STATE and has no "
                                    "assignment statement')", nm, m->name, nm);
            const char *bad = foreign_name(m, syn->b);
            if (bad)
                return arena_printf(e->arena, "a concentration ('%s') assigned from '%s', not a variable of the "
                                    "mechanism (mechanism '%s')", nm, bad, m->name);
        }
        /* two writers of one concentration at one place: NEURON warns
         * ('cai is being written at the same location by ...') */
        int ionu = u->ion_use[m->vars.data[v].ion];
        for (int j = 0; j < e->nuses; j++) {
            MechUse *w = &e->uses[j];
            if (w == u || w->mech->kind == MECH_ION)
                continue;
            for (int x = 0; x < w->mech->vars.len; x++) {
                if (!written_conc(e, w, x) || w->ion_use[w->mech->vars.data[x].ion] != ionu ||
                    strcmp(w->mech->vars.data[x].name, nm) != 0)
                    continue;
                int *a = u->ion_inst[m->vars.data[v].ion], *b = w->ion_inst[w->mech->vars.data[x].ion];
                for (int p = 0; p < u->n; p++)
                    for (int q = 0; q < w->n; q++)
                        if (a[p] == b[q])
                            return arena_printf(e->arena, "two mechanisms that write '%s' at one place ('%s' and "
                                                "'%s'; NEURON warns that it is being written at the same location)",
                                                nm, m->name, w->mech->name);
            }
        }
    }
    return NULL;
}

/* The unknowns into the ions: a concentration STATE as it is, one a
 * mechanism with STATEs assigns by its synonym (the assignment's value);
 * one a mechanism without STATEs assigns is left to its BREAKPOINT. */
void nmodl_cvode_conc_to_ion(Emitter *e, MechUse *u, StrBuf *o, const char *pad)
{
    Mech *m = u->mech;
    bool states = has_cvode_states(e, u);
    for (int v = 0; v < m->vars.len; v++) {
        if (!written_conc(e, u, v))
            continue;
        MechVar *mv = &m->vars.data[v];
        MechUse *iu = &e->uses[u->ion_use[mv->ion]];
        const char *dst = arena_printf(e->arena, "m->%s[%s]", nmodl_field(e, iu, mech_var(iu->mech, mv->name)),
                                       ion_ix(e, u, mv->ion));
        if (is_cvode_state(e, u, v)) {
            sb_printf(o, "%s%s = m->%s[i];\n", pad, dst, nmodl_field(e, u, v));
        } else if (states) {
            const MNode *syn = conc_synonym(m, mv->name);
            StrBuf b = {0};
            Fn f = fn_begin(e, u, o);
            expr(&f, syn->b, &b);
            sb_printf(o, "%s%s = %s; /* %s's synonym */\n", pad, dst, sb_str(&b), mv->name);
            sb_free(&b);
        }
    }
}

/* After a DERIVATIVE or KINETIC evaluation of instance i: the
 * concentrations it assigns into the ions (NEURON's _ode_spec ends so). */
void nmodl_cvode_assigned_to_ion(Emitter *e, MechUse *u, StrBuf *o, const char *pad)
{
    Mech *m = u->mech;
    for (int v = 0; v < m->vars.len; v++) {
        if (!written_conc(e, u, v) || is_cvode_state(e, u, v))
            continue;
        MechVar *mv = &m->vars.data[v];
        MechUse *iu = &e->uses[u->ion_use[mv->ion]];
        sb_printf(o, "%sm->%s[%s] = m->%s[i];\n", pad, nmodl_field(e, iu, mech_var(iu->mech, mv->name)),
                  ion_ix(e, u, mv->ion), nmodl_field(e, u, v));
    }
}

/* CVODE's form of KINETIC solve k, as nocmodl writes it for CVode: the
 * scheme without its CONSERVE equations.  KFC<k>_<m> is the fixed
 * step's evaluation of that form at sav_ = the present state, so R_ gets
 * the fluxes into each state and the matrix cap/dt - d(fluxes)/d(state);
 * KCAP<k>_<m> the COMPARTMENT sizes.  CVD<k>_<m>: the derivatives, fluxes
 * over sizes (NEURON's _ode_spec).  CVJ<k>_<m>: b becomes
 * (I - gamma J)^-1 b with the scheme's whole Jacobian, the matrix at
 * dt = gamma and right-hand side cap b / gamma (NEURON's _ode_matsol,
 * which solves that sparse system). */
static void cvode_kinetic(Emitter *e, MechUse *u, int k)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    Diag quiet = {.out = stderr, .nerrors = DIAG_MAX_ERRORS + 1, .suppressed = true}, *diag = e->diag;
    e->diag = &quiet; /* (everything was reported when the block was emitted) */
    Kin *kin = nmodl_kin_build(e->arena, &quiet, m, m->solves.data[k].block);
    if (!kin) {
        e->diag = diag;
        return;
    }
    Kin *kc = ARENA_NEW(e->arena, Kin);
    *kc = *kin;
    kc->ncons = 0;
    kc->ncons_stmt = 0;
    const char *tag = arena_printf(e->arena, "C%d", k);
    emit_kinetic_eval_tag(e, u, tag, kc);
    /* the compartment sizes */
    sb_printf(o, "static void KCAP%d_%s(Model *m, int i, double vm, double *cap_)\n{\n    (void)m;\n    (void)i;\n"
                 "    (void)vm;\n    for (int j = 0; j < %d; j++)\n        cap_[j] = 1.0;\n", k, cn, kc->n);
    Fn f = fn_begin(e, u, o);
    f.kin = kc;
    for (int s = 0; s < kc->nst; s++) {
        KinState *ks = &kc->st[s];
        if (!ks->cap)
            continue;
        if (!ks->dim) {
            sb_printf(o, "    cap_[%d] *= 1.0%s;\n", ks->base, kin_cap(&f, ks));
            continue;
        }
        const char *cap = kin_cap_open(&f, ks);
        sb_printf(o, "            cap_[%d + k_] *= 1.0%s;\n        }\n    }\n", ks->base, cap);
    }
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    sb_puts(o, "}\n\n");
    /* the state into sav_, the sparse matrix made once */
    sb_printf(o, "static NrtSparse *cv_%s_so%d; /* CVODE's matrix of KINETIC %s */\n\n", cn, k,
              m->solves.data[k].block->name);
    sb_printf(o, "static NrtSparse *KCE%d_%s(Model *m, int i, double vm, double *R_, double *sav_, double *cap_)\n{\n",
              k, cn);
    for (int s = 0; s < kc->nst; s++) {
        if (kc->st[s].dim)
            sb_printf(o, "    for (int k_ = 0; k_ < %d; k_++)\n        sav_[%d + k_] = m->%s[i][k_];\n", kc->st[s].dim,
                      kc->st[s].base, nmodl_field(e, u, kc->st[s].var));
        else
            sb_printf(o, "    sav_[%d] = m->%s[i];\n", kc->st[s].base, nmodl_field(e, u, kc->st[s].var));
    }
    sb_printf(o, "    if (!cv_%s_so%d) {\n"
                 "        cv_%s_so%d = nrt_sparse_new(m->sim, %d);\n"
                 "        while (nrt_sparse_phase(cv_%s_so%d)) {\n"
                 "            KF%s_%s(m, i, vm, cv_%s_so%d, R_, sav_);\n"
                 "            nrt_sparse_next_phase(cv_%s_so%d);\n"
                 "        }\n"
                 "    }\n"
                 "    nrt_sparse_zero(cv_%s_so%d);\n"
                 "    KF%s_%s(m, i, vm, cv_%s_so%d, R_, sav_);\n"
                 "    KCAP%d_%s(m, i, vm, cap_);\n"
                 "    return cv_%s_so%d;\n}\n\n",
              cn, k, cn, k, kc->n, cn, k, tag, cn, cn, k, cn, k, cn, k, tag, cn, cn, k, k, cn, cn, k);
    sb_printf(o, "/* CVODE: the derivatives of %s's KINETIC %s at the present state */\n", m->name,
              m->solves.data[k].block->name);
    sb_printf(o, "static void CVD%d_%s(Model *m, int i, double vm, double *D_)\n{\n", k, cn);
    cvode_ion_reads(e, u, o);
    sb_printf(o, "    double R_[%d], sav_[%d], cap_[%d];\n"
                 "    KCE%d_%s(m, i, vm, R_, sav_, cap_);\n"
                 "    for (int j = 0; j < %d; j++)\n        D_[j] = R_[j] / cap_[j];\n}\n\n",
              kc->n, kc->n, kc->n, k, cn, kc->n);
    sb_printf(o, "static void CVJ%d_%s(Model *m, int i, double vm, double gamma, double *b)\n{\n", k, cn);
    cvode_ion_reads(e, u, o);
    sb_printf(o, "    double R_[%d], sav_[%d], cap_[%d], dt = m->dt;\n"
                 "    m->dt = gamma;\n"
                 "    NrtSparse *so_ = KCE%d_%s(m, i, vm, R_, sav_, cap_);\n"
                 "    m->dt = dt;\n"
                 "    for (int j = 0; j < %d; j++)\n        R_[j] = cap_[j] * b[j] / gamma;\n"
                 "    if (nrt_sparse_solve(so_, R_) != 0)\n"
                 "        nrt_abort(m->sim, \"%s: CVODE's matrix of KINETIC '%s' is singular at t = %%.17g ms\", NRN_T(m));\n"
                 "    for (int j = 0; j < %d; j++)\n        b[j] = R_[j];\n}\n\n",
              kc->n, kc->n, kc->n, k, cn, kc->n, m->name, m->solves.data[k].block->name, kc->n);
    e->diag = diag;
}

void nmodl_emit_cvode(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    for (int k = 0; k < m->solves.len; k++) {
        MechSolve *sv = &m->solves.data[k];
        if (!sv->block || sv->block->kind != MK_DERIVATIVE)
            continue;
        MList ds = {0};
        nmodl_deriv_states(e->arena, &sv->block->body, &ds);
        sb_printf(o, "/* CVODE: the derivatives of %s's DERIVATIVE %s at the present state */\n", m->name,
                  sv->block->name);
        sb_printf(o, "static void CVD%d_%s(Model *m, int i, double vm, double *D_)\n{\n    (void)vm;\n", k, u->cname);
        cvode_ion_reads(e, u, o);
        Fn f = fn_begin(e, u, o);
        f.deriv = true;
        f.dstates = &ds;
        stmts(&f, &sv->block->body);
        VEC_FREE(f.locals);
        VEC_FREE(f.local_dims);
        sb_puts(o, "}\n\n");
    }
    for (int k = 0; k < m->solves.len; k++)
        if (m->solves.data[k].block && m->solves.data[k].kinetic)
            cvode_kinetic(e, u, k);
}

/* net_send and net_move of one mechanism: self events of kind KIND_<m>. */
static void emit_send(Emitter *e, MechUse *u)
{
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    bool mv = u->mech->net_move;
    sb_printf(o, "static void N_%s_send(Model *m, int i, double tev, double flag, int nc)\n{\n", cn);
    sb_printf(o, "    %snrt_event_send(m->sim, tev, KIND_%s, i, nc, flag);\n",
              mv ? arena_printf(e->arena, "m->%s_tq_[i] = ", cn) : "", cn);
    if (mv)
        sb_printf(o, "    m->%s_tqflag_[i] = flag;\n    m->%s_tqnc_[i] = nc;\n", cn, cn);
    else
        sb_puts(o, "    (void)i;\n");
    sb_puts(o, "}\n\n");
    if (mv) {
        sb_printf(o, "static void N_%s_move(Model *m, int i, double t)\n{\n", cn);
        sb_printf(o, "    nrt_event_cancel(m->sim, m->%s_tq_[i]);\n", cn);
        sb_printf(o, "    m->%s_tq_[i] = nrt_event_send(m->sim, t, KIND_%s, i, m->%s_tqnc_[i], m->%s_tqflag_[i]);\n}\n\n",
                  cn, cn, cn, cn);
    }
}

/* R_<m>: NET_RECEIVE for instance i with the NetCon's arguments w_ (t is
 * the event's time); RI_<m>: its INITIAL, once per NetCon at finitialize. */
/* BEFORE/AFTER blocks of one type: each block over all instances (as
 * NEURON's nrn_ba), with v the node's; other variables are the
 * mechanism's own copies, as nocmodl's. */
static void emit_ba(Emitter *e, MechUse *u, int type)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    sb_printf(o, "static void BA%d_%s(Model *m)\n{\n", type, u->cname);
    for (int b = 0; b < m->ba[type].len; b++) {
        sb_printf(o, "    for (int i = 0; i < %d; i++) {\n", u->n);
        sb_printf(o, "        double vm = m->v[%s_node[i]];\n        (void)vm;\n", u->cname);
        Fn f = fn_begin(e, u, o);
        f.indent = 2;
        stmts(&f, &m->ba[type].data[b]->body);
        VEC_FREE(f.locals);
        VEC_FREE(f.local_dims);
        sb_puts(o, "    }\n");
    }
    sb_puts(o, "}\n\n");
}

/* WATCH conditions as nocmodl makes them: (a > b) is a - b, (a < b) is
 * -(a - b); the condition holds when the value is above 0. */
static void emit_watch_conds(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    for (int k = 0; k < m->watches.len; k++) {
        const MNode *w = m->watches.data[k];
        sb_printf(o, "static double W_%s_%d(Model *m, int i)\n{\n", u->cname, k);
        sb_printf(o, "    double vm = m->v[%s_node[i]];\n    (void)vm;\n", u->cname);
        Fn f = fn_begin(e, u, o);
        StrBuf a = {0}, b = {0};
        expr(&f, w->a->a, &a);
        expr(&f, w->a->b, &b);
        if (w->a->op == '>')
            sb_printf(o, "    return (%s) - (%s);\n}\n\n", sb_str(&a), sb_str(&b));
        else
            sb_printf(o, "    return -((%s) - (%s));\n}\n\n", sb_str(&a), sb_str(&b));
        sb_free(&a);
        sb_free(&b);
        VEC_FREE(f.locals);
        VEC_FREE(f.local_dims);
    }
}

static void emit_netrecv(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    for (int pass = 0; pass < 2; pass++) {
        const MNode *blk = pass == 0 ? m->netrecv : m->netrecv_init;
        if (!blk)
            continue;
        if (pass == 0)
            sb_printf(o, "static void R_%s(Model *m, int i, double *w_, double flag_, int nc_)\n{\n", cn);
        else
            sb_printf(o, "static void RI_%s(Model *m, int i, double *w_, int nc_)\n{\n    double flag_ = 0.0;\n", cn);
        if (m->kind == MECH_ARTIFICIAL)
            sb_puts(o, "    double vm = 0.0;\n");
        else
            sb_printf(o, "    double vm = m->v[%s_node[i]];\n", cn);
        sb_puts(o, "    (void)vm;\n    (void)w_;\n    (void)flag_;\n    (void)nc_;\n");
        if (m->watches.len)
            sb_puts(o, "    int watch_rm_ = 0;\n    (void)watch_rm_;\n");
        Fn f = fn_begin(e, u, o);
        f.netrecv = true;
        f.ret_label = ""; /* nocmodl's is a void function too: `return;` ends it */
        MList body = {0};
        for (int k = 0; k < blk->body.len; k++)
            if (blk->body.items[k] != m->netrecv_init)
                mlist_push(e->arena, &body, blk->body.items[k]);
        stmts(&f, &body);
        bool set_v = false;
        for (int k = 0; k < body.len && m->kind != MECH_ARTIFICIAL; k++)
            set_v = set_v || mnode_assigns(body.items[k], "v"); /* (nocmodl writes v back) */
        if (set_v) /* (a `return` skips it, as in nocmodl's code) */
            sb_printf(o, "    m->v[%s_node[i]] = vm;\n", cn);
        VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
        sb_puts(o, "}\n\n");
    }
}

/* ---- LONGITUDINAL_DIFFUSION (NEURON's ldifus, fixed step) ----
 *
 * After every mechanism's state update (NEURON's nonvint), each
 * LONGITUDINAL_DIFFUSION state s (each element of an array) of the
 * KINETIC blocks the BREAKPOINT solves takes one implicit step of
 * diffusion between the instances of neighbouring segments: with c_i the
 * statement's coefficient (D times cross-section) and vol_i the state's
 * COMPARTMENT at instance i, and p the parent instance of i,
 *     a_i = -af_i (c_i + c_p)/2 / vol_p,   b_i = -bf_i (c_i + c_p)/2 / vol_i,
 *     af_i = 2 rall / dx_p / (dx_i + dx_p),   bf_i = 2 / dx_i / (dx_i + dx_p)
 * (dx: L/nseg of each one's section; rall: rallbranch at a section's
 * first segment, else 1), the diagonal 1/dt - b_i - (a_k of i's children)
 * and right side s_i/dt, solved as a tree (Gaussian elimination from the
 * last instance to the first, then back), the instances in NEURON's node
 * order.  A segment whose parent node has no instance (a zero-area end)
 * couples to the parent's parent, or else to the first segment of the
 * parent section, as NEURON's. */

bool nmodl_has_longdiff(const Mech *m)
{
    for (int k = 0; k < m->solves.len; k++) {
        const MechSolve *sv = &m->solves.data[k];
        if (!sv->kinetic)
            continue;
        NodeVec ld = {0};
        longdiff_walk(&sv->block->body, &ld);
        int n = ld.len;
        VEC_FREE(ld);
        if (n)
            return true;
    }
    return false;
}

static void longdiff_walk(const MList *body, NodeVec *out)
{
    for (int i = 0; i < body->len; i++) {
        const MNode *s = body->items[i];
        if (s->kind == MK_LONGDIFF)
            VEC_PUSH(*out, s);
        longdiff_walk(&s->body, out);
        longdiff_walk(&s->list2, out);
    }
}

/* The instance tables: in NEURON's node order, each one's parent
 * instance (its place in that order, or -1) and af, bf. */
static void longdiff_tables(Emitter *e, MechUse *u)
{
    Model *md = e->m;
    int n = u->n;
    int *ord = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int *pin = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    double *af = xmalloc(sizeof(double) * (size_t)(n ? n : 1));
    double *bf = xmalloc(sizeof(double) * (size_t)(n ? n : 1));
    int *inst_at = xmalloc(sizeof(int) * (size_t)md->nnode);
    int *place = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    for (int k = 0; k < md->nnode; k++)
        inst_at[k] = -1;
    /* --dump-after=c's one instance has no node: alone, no parent */
    for (int x = 0; x < n && u->node; x++)
        inst_at[u->node[x]] = x;
    if (!u->node)
        for (int x = 0; x < n; x++) {
            ord[x] = x;
            pin[x] = -1;
            af[x] = bf[x] = 0.0;
        }
    /* NEURON's node order */
    int j = 0;
    for (int k = 0; k < md->nnode && u->node; k++) {
        int nd = md->node_new ? md->node_new[k] : k;
        if (inst_at[nd] >= 0)
            ord[j++] = inst_at[nd];
    }
    for (int x = 0; x < n; x++)
        place[x] = 0; /* NEURON's map of places starts zeroed */
    for (j = 0; j < n && u->node; j++) {
        int x = ord[j];
        int nd = u->node[x];
        place[x] = j;
        int pnd = md->parent[nd];
        int pi = pnd >= 0 ? inst_at[pnd] : -1;
        int sec = md->node_sec[nd];
        int psec = sec >= 0 ? md->secs.data[sec].parent : -1;
        if (pi < 0 && pnd >= 0) { /* a zero-area node */
            int ppnd = md->parent[pnd];
            if (ppnd >= 0) {
                pi = inst_at[ppnd];
                if (pi < 0 && psec >= 0)
                    pi = inst_at[geom_seg_node(md, psec, 0)];
            } else if (psec >= 0) {
                pi = inst_at[geom_seg_node(md, psec, 0)];
            }
        }
        pin[j] = pi >= 0 ? place[pi] : -1;
        af[j] = bf[j] = 0.0;
        if (pi >= 0) {
            const Section *cs = &md->secs.data[sec];
            const Section *ps = &md->secs.data[md->node_sec[u->node[pi]]];
            double rall = md->node_seg[nd] == 0 ? cs->rall : 1.0;
            double dxc = (cs->L > 1e-9 ? cs->L : 1e-9) / (double)cs->nseg;
            double dxp = (ps->L > 1e-9 ? ps->L : 1e-9) / (double)ps->nseg;
            af[j] = 2 * rall / dxp / (dxc + dxp);
            bf[j] = 2 / dxc / (dxc + dxp);
        }
    }
    StrBuf *o = &e->out;
    sb_puts(o, "/* LONGITUDINAL_DIFFUSION: the instances in NEURON's node order, each one's\n"
               " * parent (its place in that order, or -1), and the coefficients af, bf */\n");
    int_table(e, arena_printf(e->arena, "LDo_%s", u->cname), ord, n);
    int_table(e, arena_printf(e->arena, "LDp_%s", u->cname), pin, n);
    double_table(e, arena_printf(e->arena, "LDa_%s", u->cname), af, n);
    double_table(e, arena_printf(e->arena, "LDb_%s", u->cname), bf, n);
    free(ord);
    free(pin);
    free(af);
    free(bf);
    free(inst_at);
    free(place);
}

/* One state (element k, or -1 for a scalar) of statement st, in one of
 * NEURON's three forms (its ldifus methods): LD_FIXED, one implicit step
 * of the fixed step (the state itself); LD_ODE, CVODE's f (the state is
 * the unknown y[off_ + i * stride_ + row], the diffusion's flux added to
 * its derivative in ydot); LD_JAC, CVODE's Newton solve (b[off_ + i *
 * stride_ + row] becomes (I - gamma L)^-1 b, L the diffusion's tree
 * matrix, after the scheme's own solve). */
enum { LD_FIXED, LD_ODE, LD_JAC };

/* The first name in expression x that is an ion current mechanism u
 * READs (nocmodl's NRNCURIN), or NULL. */
static const MNode *ld_current(Emitter *e, MechUse *u, const MNode *x)
{
    if (!x)
        return NULL;
    if (x->kind == MK_NAME) {
        int v = mech_var(u->mech, x->name);
        const MechVar *mv = v >= 0 ? &u->mech->vars.data[v] : NULL;
        if (mv && mv->ion >= 0 && mv->ion_read && !mv->ion_write &&
            mech_var(e->uses[u->ion_use[mv->ion]].mech, mv->name) == 3) /* the ion's current */
            return x;
    }
    const MNode *kids[3] = {x->a, x->b, x->c};
    for (int i = 0; i < 3; i++) {
        const MNode *r = ld_current(e, u, kids[i]);
        if (r)
            return r;
    }
    for (int i = 0; i < x->list.len; i++) {
        const MNode *r = ld_current(e, u, x->list.items[i]);
        if (r)
            return r;
    }
    return NULL;
}

/* nocmodl's flux "from a current" of a LONGITUDINAL_DIFFUSION state: the
 * first flux '~ name << (...)' after statement st in body whose
 * expression names an ion current the mechanism reads (*cur). */
static const MNode *ld_flux(Emitter *e, MechUse *u, const MList *body, const MNode *st, const char *name, bool *after,
                            const MNode **cur)
{
    for (int i = 0; i < body->len; i++) {
        const MNode *s = body->items[i];
        if (s == st)
            *after = true;
        if (*after && s->kind == MK_FLUX && s->a && !strcmp(s->a->name, name) && (*cur = ld_current(e, u, s->b)))
            return s;
        const MNode *r = ld_flux(e, u, &s->body, st, name, after, cur);
        if (!r)
            r = ld_flux(e, u, &s->list2, st, name, after, cur);
        if (r)
            return r;
    }
    return NULL;
}

static void longdiff_state(Emitter *e, MechUse *u, const MNode *block, const MNode *st, const KinState *ks, int v,
                           int k, int mode)
{
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    int n = u->n;
    Fn f = fn_begin(e, u, o);
    sb_puts(o, "    {\n");
    const char *ix[2] = {st->name, ks->cap_index};
    for (int q = 0; q < 2; q++)
        if (ix[q] && !(q == 1 && ix[0] && !strcmp(ix[0], ix[1]))) {
            sb_printf(o, "        const double l_%s = %d;\n        (void)l_%s;\n", ix[q], k < 0 ? 0 : k, ix[q]);
            add_local(&f, ix[q], 0);
        }
    StrBuf cap = {0}, dc = {0};
    expr(&f, ks->cap, &cap);
    expr(&f, st->a, &dc);
    const char *s = arena_printf(e->arena, "m->%s[i]%s", nmodl_field(e, u, v),
                                 k >= 0 ? arena_printf(e->arena, "[%d]", k) : "");
    const MechVar *mv = &u->mech->vars.data[v];
    const char *sm = s; /* the state in the model */
    if (mv->ion >= 0) {
        MechUse *iu = &e->uses[u->ion_use[mv->ion]];
        sm = arena_printf(e->arena, "m->%s[%s_%s_ix[i]]", nmodl_field(e, iu, mech_var(iu->mech, mv->name)), cn,
                          iu->mech->ion_name);
    }
    /* NEURON's matsol adds |dflux/dconc| / vol / state to the diagonal for
     * a flux from a current: nocmodl's dflux/dconc is the flux with the
     * current replaced by its dcur/dv, times RT/(zF) */
    StrBuf dfdi = {0};
    if (mode == LD_JAC) {
        bool after = false;
        const MNode *cur = NULL;
        const MNode *fl = ld_flux(e, u, &block->body, st, mv->name, &after, &cur);
        if (fl) {
            const MechVar *cv = &u->mech->vars.data[mech_var(u->mech, cur->name)];
            MechUse *iu = &e->uses[u->ion_use[cv->ion]];
            StrBuf fx = {0}, ix = {0};
            add_local(&f, cur->name, 0);
            expr(&f, fl->b, &fx);
            f.locals.len--;
            f.local_dims.len--;
            if (fl->a->a)
                expr(&f, fl->a->a, &ix);
            sb_printf(&dfdi, "            if (%s) {\n"
                             "                const double l_%s = m->%s[%s];\n"
                             "                double dfdi_ = 1000.0 * %.17g * (m->celsius + 273.15) / %.17g / %d.0 * (%s);\n"
                             "                if (dfdi_ != 0.0)\n"
                             "                    d_[j] += fabs(dfdi_) / vol_[j] / %s;\n"
                             "            }\n",
                      fl->a->a ? arena_printf(e->arena, "%d == (int)(%s)", k < 0 ? 0 : k, sb_str(&ix)) : "1",
                      cur->name, nmodl_field(e, iu, 4), ion_ix(e, u, cv->ion), 8.31446261815324,
                      96485.33212331001, iu->mech->ions.data[0].valence, sb_str(&fx), sm);
            sb_free(&fx);
            sb_free(&ix);
        }
    }
    if (mode != LD_FIXED) {
        const char *vec = mode == LD_ODE ? "y" : "b";
        s = arena_printf(e->arena, "%s[off_ + i * stride_ + %d]", vec, ks->base + (k < 0 ? 0 : k));
    } else if (mv->ion >= 0) {
        /* an ion's concentration as the STATE: NEURON diffuses the ion's
         * own value (the mechanism's copy is read from it at the next
         * state update) */
        s = sm;
    }
    const char *sg = mode == LD_ODE ? "" : "-"; /* f's a and b are the matrix's negated */
    sb_printf(o, "        for (int j = 0; j < %d; j++) {\n"
                 "            const int i = LDo_%s[j], p = LDp_%s[j];\n"
                 "            double vm = m->v[%s_node[i]];\n            (void)vm;\n"
                 "            vol_[j] = %s;\n            dc_[j] = %s;\n            d_[j] = 0.0;\n%s"
                 "            if (p > -1) {\n"
                 "                double dcm = (dc_[j] + dc_[p]) / 2.;\n"
                 "                a_[j] = %sLDa_%s[j] * dcm / vol_[p];\n"
                 "                b_[j] = %sLDb_%s[j] * dcm / vol_[j];\n"
                 "            }\n        }\n",
              n, cn, cn, cn, sb_str(&cap), sb_str(&dc), sb_str(&dfdi), sg, cn, sg, cn);
    sb_free(&dfdi);
    if (mode == LD_ODE) {
        /* NEURON's ode: each instance's derivative gets the flux from its
         * parent, the parent's the opposite */
        sb_printf(o, "        for (int j = 0; j < %d; j++) {\n"
                     "            const int i = LDo_%s[j], p = LDp_%s[j];\n"
                     "            if (p > -1) {\n"
                     "                const int ip = LDo_%s[p];\n"
                     "                double dif = %s - %s;\n"
                     "                ydot[off_ + i * stride_ + %d] += dif * b_[j];\n"
                     "                ydot[off_ + ip * stride_ + %d] -= dif * a_[j];\n"
                     "            }\n        }\n    }\n",
                  n, cn, cn, cn, arena_printf(e->arena, "y[off_ + ip * stride_ + %d]", ks->base + (k < 0 ? 0 : k)), s,
                  ks->base + (k < 0 ? 0 : k), ks->base + (k < 0 ? 0 : k));
        sb_free(&cap);
        sb_free(&dc);
        VEC_FREE(f.locals);
        VEC_FREE(f.local_dims);
        return;
    }
    sb_printf(o, "        for (int j = 0; j < %d; j++) {\n"
                 "            const int i = LDo_%s[j], p = LDp_%s[j];\n"
                 "            d_[j] += 1. / %s;\n            rhs_[j] = %s / %s;\n"
                 "            if (p > -1) {\n                d_[j] -= b_[j];\n                d_[p] -= a_[j];\n"
                 "            }\n        }\n",
              n, cn, cn, mode == LD_JAC ? "gamma" : "m->dt", s, mode == LD_JAC ? "gamma" : "m->dt");
    sb_printf(o, "        for (int j = %d; j > 0; --j) {\n            const int p = LDp_%s[j];\n"
                 "            if (p > -1) {\n                double q = a_[j] / d_[j];\n"
                 "                d_[p] -= q * b_[j];\n                rhs_[p] -= q * rhs_[j];\n            }\n        }\n",
              n - 1, cn);
    sb_printf(o, "        for (int j = 0; j < %d; ++j) {\n            const int p = LDp_%s[j];\n"
                 "            if (p > -1)\n                rhs_[j] -= b_[j] * rhs_[p];\n"
                 "            rhs_[j] /= d_[j];\n        }\n",
              n, cn);
    sb_printf(o, "        for (int j = 0; j < %d; j++) {\n            const int i = LDo_%s[j];\n"
                 "            %s = rhs_[j];\n        }\n    }\n",
              n, cn, s);
    sb_free(&cap);
    sb_free(&dc);
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
}

/* The LONGITUDINAL_DIFFUSION statements of KINETIC solve k, every state
 * (each element of an array) in form mode (longdiff_state). */
static void longdiff_solve(Emitter *e, MechUse *u, int k, int mode)
{
    Mech *m = u->mech;
    const MechSolve *sv = &m->solves.data[k];
    Kin *kin = nmodl_kin_build(e->arena, e->diag, m, sv->block);
    if (!kin)
        return;
    NodeVec ld = {0};
    longdiff_walk(&sv->block->body, &ld);
    for (int l = 0; l < ld.len; l++) {
        const MNode *st = ld.data[l];
        for (int t = 0; t < st->list.len; t++) {
            const MNode *nm = st->list.items[t];
            int v = mech_var(m, nm->name);
            const KinState *ks = nmodl_kin_state(kin, m, nm->name);
            KinState lone;
            if (!ks && v >= 0 && m->vars.data[v].kind == VAR_STATE && mode == LD_FIXED) {
                /* a STATE in no reaction of the scheme: NEURON still
                 * diffuses it (in the volume of its COMPARTMENT) */
                memset(&lone, 0, sizeof lone);
                lone.var = v;
                lone.dim = m->vars.data[v].dim;
                for (int c = 0; c < sv->block->body.len; c++) {
                    const MNode *cs = sv->block->body.items[c];
                    for (int j = 0; cs->kind == MK_COMPARTMENT && j < cs->list.len; j++)
                        if (!strcmp(cs->list.items[j]->name, nm->name)) {
                            lone.cap = cs->a;
                            lone.cap_index = cs->name;
                        }
                }
                ks = &lone;
            }
            if (v < 0 || !ks) {
                if (mode == LD_FIXED)
                    diag_error(e->diag, nm->loc, "LONGITUDINAL_DIFFUSION of '%s': it is not a STATE of KINETIC "
                               "block '%s'", nm->name, sv->block->name);
                continue;
            }
            if (!ks->cap) {
                /* nocmodl: "must be declared in COMPARTMENT" */
                if (mode == LD_FIXED)
                    diag_error(e->diag, nm->loc, "LONGITUDINAL_DIFFUSION of '%s': '%s' has no COMPARTMENT (its "
                               "volume)", nm->name, nm->name);
                continue;
            }
            int dim = m->vars.data[v].dim;
            for (int el = 0; el < (dim ? dim : 1); el++)
                longdiff_state(e, u, sv->block, st, ks, v, dim ? el : -1, mode);
        }
    }
    VEC_FREE(ld);
}

static void longdiff_locals(Emitter *e, MechUse *u)
{
    for (int q = 0; q < 6; q++)
        sb_printf(&e->out, "    double *%s = m->%s_ld_[%d];\n",
                  (const char *[]){"vol_", "dc_", "a_", "b_", "d_", "rhs_"}[q], u->cname, q);
    sb_puts(&e->out, "    (void)d_;\n    (void)rhs_;\n");
}

static void emit_longdiff(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    if (e->embed) {
        NodeVec ld = {0};
        for (int k = 0; k < m->solves.len; k++)
            if (m->solves.data[k].kinetic)
                longdiff_walk(&m->solves.data[k].block->body, &ld);
        diag_error(e->diag, ld.data[0]->loc, "LONGITUDINAL_DIFFUSION is not supported with --embed (not yet)");
        VEC_FREE(ld);
        return;
    }
    longdiff_tables(e, u);
    sb_printf(o, "static void LD_%s(Model *m)\n{\n", u->cname);
    longdiff_locals(e, u);
    for (int k = 0; k < m->solves.len; k++)
        if (m->solves.data[k].kinetic)
            longdiff_solve(e, u, k, LD_FIXED);
    sb_puts(o, "}\n\n");
}

bool nmodl_cvode_longdiff_lone(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    Diag quiet = {.out = stderr, .nerrors = DIAG_MAX_ERRORS + 1, .suppressed = true};
    bool lone = false;
    for (int k = 0; k < m->solves.len && !lone; k++) {
        const MechSolve *sv = &m->solves.data[k];
        if (!sv->kinetic)
            continue;
        Kin *kin = nmodl_kin_build(e->arena, &quiet, m, sv->block);
        if (!kin)
            continue;
        NodeVec ld = {0};
        longdiff_walk(&sv->block->body, &ld);
        for (int l = 0; l < ld.len && !lone; l++)
            for (int t = 0; t < ld.data[l]->list.len && !lone; t++)
                lone = !nmodl_kin_state(kin, m, ld.data[l]->list.items[t]->name);
        VEC_FREE(ld);
    }
    return lone;
}

void nmodl_emit_cvode_longdiff(Emitter *e, MechUse *u, int k)
{
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    Diag quiet = {.out = stderr, .nerrors = DIAG_MAX_ERRORS + 1, .suppressed = true}, *diag = e->diag;
    e->diag = &quiet; /* (everything was reported when the block was emitted) */
    sb_printf(o, "/* CVODE: LONGITUDINAL_DIFFUSION of %s's KINETIC %s, its flux added to the\n"
                 " * derivatives (NEURON's ldifus ode) */\n"
                 "static void LDF%d_%s(Model *m, const double *y, double *ydot, int off_, int stride_)\n{\n",
              u->mech->name, u->mech->solves.data[k].block->name, k, cn);
    longdiff_locals(e, u);
    longdiff_solve(e, u, k, LD_ODE);
    sb_puts(o, "}\n\n");
    sb_printf(o, "/* ... and its tree matrix in the Newton solve (NEURON's ldifus matsol) */\n"
                 "static void LDJ%d_%s(Model *m, double gamma, double *b, int off_, int stride_)\n{\n",
              k, cn);
    longdiff_locals(e, u);
    longdiff_solve(e, u, k, LD_JAC);
    sb_puts(o, "}\n\n");
    e->diag = diag;
}

/* CT_<m> and DT_<m>: the CONSTRUCTOR (DESTRUCTOR) for every instance.
 * NEURON runs the CONSTRUCTOR as it makes an instance (nrn_alloc), its
 * PARAMETERs at their defaults and every other variable 0 (v, the
 * mechanism's copy, included), before the model sets values; setup()
 * (emit.c) calls CT_ in that order.  The DESTRUCTOR runs as the
 * executable ends, as NEURON frees its point processes at exit. */
static void emit_ctor(Emitter *e, MechUse *u, const MNode *blk, const char *tag)
{
    StrBuf *o = &e->out;
    bool ctor = blk->kind == MK_CONSTRUCTOR;
    /* point processes in the order the model file makes them */
    int *order = NULL;
    bool sorted = true;
    if (u->pp && u->n > 1) {
        order = ARENA_NEWN(e->arena, int, u->n);
        for (int x = 0; x < u->n; x++)
            order[x] = x;
        for (int x = 1; x < u->n; x++)
            for (int y = x; y > 0 && e->m->pps.data[u->pp[order[y]]].seq < e->m->pps.data[u->pp[order[y - 1]]].seq;
                 y--) {
                int t = order[y];
                order[y] = order[y - 1];
                order[y - 1] = t;
                sorted = false;
            }
    }
    if (!sorted) {
        sb_puts(o, "/* the instances in the order the model file makes them */\n");
        int_table(e, arena_printf(e->arena, "%s_%s_order", tag, u->cname), order, u->n);
    }
    int nerr = e->diag->nerrors;
    sb_printf(o, "static void %s_%s(Model *m)\n{\n", tag, u->cname);
    if (sorted)
        sb_printf(o, "    for (int i = 0; i < %d; i++) {\n", u->n);
    else
        sb_printf(o, "    for (int j_ = 0; j_ < %d; j_++) {\n        int i = %s_%s_order[j_];\n", u->n, tag,
                  u->cname);
    if (ctor || u->mech->kind == MECH_ARTIFICIAL)
        sb_puts(o, "        double vm = 0.0; /* the mechanism's v: not yet set */\n        (void)vm;\n");
    else
        sb_printf(o, "        double vm = m->v[%s_node[i]];\n        (void)vm;\n", u->cname);
    Fn f = fn_begin(e, u, o);
    f.indent = 2;
    f.ctor = ctor ? "CONSTRUCTOR" : "DESTRUCTOR";
    stmts(&f, &blk->body);
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    sb_puts(o, "    }\n}\n\n");
    if (!ctor || u->mech->kind == MECH_DENSITY || e->diag->nerrors > nerr)
        return;
    /* NEURON 8.2.2 makes one instance of a point process as it loads the
     * mechanism, and never frees it: its CONSTRUCTOR runs once more, first,
     * on variables of its own (what it leaves in GLOBALs stays).  FUNCTIONs
     * it calls see instance 0. */
    Mech *mech = u->mech;
    sb_printf(o, "static void CT0_%s(Model *m)\n{\n    const int i = 0;\n    double vm = 0.0;\n"
                 "    (void)i;\n    (void)vm;\n", u->cname);
    for (int v = 0; v < mech->vars.len; v++) {
        MechVar *mv = &mech->vars.data[v];
        if (!mv->range || mv->pointer)
            continue;
        double def = mv->kind == VAR_PARAM && mv->has_value ? mv->value : 0;
        if (mv->dim) {
            sb_printf(o, "    double sh_%s[%d];\n    for (int k_ = 0; k_ < %d; k_++)\n        sh_%s[k_] = ", mv->name,
                      mv->dim, mv->dim, mv->name);
        } else {
            sb_printf(o, "    double sh_%s = ", mv->name);
        }
        emit_double(o, def);
        sb_printf(o, ";\n    (void)sh_%s;\n", mv->name);
    }
    f = fn_begin(e, u, o);
    f.indent = 1;
    f.ctor = "CONSTRUCTOR";
    f.shadow = true;
    stmts(&f, &blk->body);
    VEC_FREE(f.locals);
    VEC_FREE(f.local_dims);
    sb_puts(o, "}\n\n");
    if (e->embed)
        diag_error(e->diag, blk->loc, "%s is not supported with --embed (the embedded C has no moment an instance "
                   "is made or freed: its parameters are set once)", ctor ? "CONSTRUCTOR" : "DESTRUCTOR");
}

static void lag_walk(const MList *body, NodeVec *out)
{
    for (int i = 0; i < body->len; i++) {
        const MNode *s = body->items[i];
        if (!s)
            continue;
        if (s->kind == MK_LAG)
            VEC_PUSH(*out, s);
        lag_walk(&s->body, out);
        lag_walk(&s->list2, out);
        if (s->kind == MK_PROTECT && s->a)
            lag_walk(&(MList){(MNode **)&s->a, 1, 1}, out);
    }
}

/* LAG x BY d (nocmodl's call of scopmath's lag()): each instance keeps
 * the history of x, a node (t, x) per new time; at a time already held
 * the last node takes the new value.  Once t is d past the oldest node
 * kept, the nodes that are d old are dropped but the last of them and the
 * value is that node's and the next one's, linear at t - d.  Before that,
 * the first value.  At a time already held the last interpolation is
 * returned again (lag() does not redo it), and INITIAL starts afresh (a
 * new run frees the histories). */
static void emit_lag(Emitter *e, MechUse *u)
{
    NodeVec lags = {0};
    lag_walk(&u->mech->mod->blocks, &lags);
    if (!lags.len) {
        VEC_FREE(lags);
        return;
    }
    StrBuf *o = &e->out;
    const char *cn = u->cname;
    sb_printf(o, "typedef struct { int n, cap, lag; double *t, *x, ip; } LagH_%s;\n", cn);
    for (int k = 0; k < lags.len; k++)
        sb_printf(o, "static LagH_%s LH_%s_%s_%s[%d];\n", cn, cn, lags.data[k]->name, lags.data[k]->name2,
                  u->n ? u->n : 1);
    sb_printf(o, "static void LAGpush_%s(Model *m, LagH_%s *h, double t, double x)\n{\n"
                 "    if (h->lag > 0 && h->lag >= h->n / 2) { /* drop what lag() has freed */\n"
                 "        memmove(h->t, h->t + h->lag, sizeof(double) * (size_t)(h->n - h->lag));\n"
                 "        memmove(h->x, h->x + h->lag, sizeof(double) * (size_t)(h->n - h->lag));\n"
                 "        h->n -= h->lag;\n        h->lag = 0;\n    }\n"
                 "    if (h->n == h->cap) {\n"
                 "        int cap = h->cap ? 2 * h->cap : 16;\n"
                 "        double *nt = realloc(h->t, sizeof(double) * (size_t)cap);\n"
                 "        if (nt)\n            h->t = nt;\n"
                 "        double *nx = nt ? realloc(h->x, sizeof(double) * (size_t)cap) : NULL;\n"
                 "        if (!nx)\n            nrt_abort(m->sim, \"LAG: out of memory\");\n"
                 "        h->x = nx;\n        h->cap = cap;\n    }\n"
                 "    h->t[h->n] = t;\n    h->x[h->n] = x;\n    h->n++;\n}\n\n",
              cn, cn);
    sb_printf(o, "static double LAG_%s(Model *m, LagH_%s *h, double t, double x, double lagt)\n{\n"
                 "    int interp = 0;\n"
                 "    if (h->n == 0) {\n        LAGpush_%s(m, h, t, x);\n        h->lag = 0;\n        h->ip = 0.0;\n"
                 "    } else if (t == h->t[h->n - 1]) {\n        h->x[h->n - 1] = x;\n"
                 "        interp = t - h->t[h->lag] >= lagt;\n"
                 "    } else if (t - h->t[h->lag] >= lagt) {\n        LAGpush_%s(m, h, t, x);\n"
                 "        int j = h->lag;\n        while (j + 1 < h->n - 1 && t - h->t[j + 1] >= lagt)\n            j++;\n"
                 "        h->lag = j;\n        double tl = t - lagt;\n"
                 "        if (tl > h->t[j]) {\n"
                 "            double r = (tl - h->t[j]) / (h->t[j + 1] - h->t[j]);\n"
                 "            h->ip = h->x[j] + r * (h->x[j + 1] - h->x[j]);\n            interp = 1;\n        }\n"
                 "    } else if (t > h->t[h->n - 1]) {\n        LAGpush_%s(m, h, t, x);\n    }\n"
                 "    return interp ? h->ip : h->x[h->lag];\n}\n\n",
              cn, cn, cn, cn, cn);
    VEC_FREE(lags);
}

void nmodl_emit_kernels(Emitter *e, MechUse *u)
{
    Mech *m = u->mech;
    StrBuf *o = &e->out;
    sb_printf(o, "/* ---- %s (%s) ---- */\n\n", m->name, m->path);
    if (m->netrecv && (m->net_send || m->net_move))
        emit_send(e, u);
    for (int b = 0; b < m->kinetics.len; b++)
    {
        sb_printf(o, "static NRN_MAYBE_UNUSED void KSS%d_%s(Model *m, int i, double vm);\n", b, u->cname);
        /* a PROCEDURE may take one step of it (SOLVE ... METHOD sparse) */
        for (int k = 0; k < m->funcs.len; k++)
            if (solves_step(&m->funcs.data[k].node->body, m->kinetics.data[b]->name)) {
                sb_printf(o, "static void KS%d_%s(Model *m, int i, double vm);\n", b, u->cname);
                break;
            }
    }
    /* a FUNCTION or PROCEDURE may SOLVE a LINEAR or NONLINEAR block */
    for (int b = 0; b < m->lins.len; b++)
        sb_printf(o, "static void LS%d_%s(Model *m, int i, double vm);\n", b, u->cname);
    for (int k = 0; k < m->funcs.len; k++) {
        MechFunc *fn = &m->funcs.data[k];
        func_signature(e, u, fn, "", o);
        sb_puts(o, ";\n");
    }
    if (m->funcs.len)
        sb_putc(o, '\n');
    emit_lag(e, u);
    for (int k = 0; k < m->verbatims.len; k++) {
        Fn f = fn_begin(e, u, o);
        const MNode *vb = m->verbatims.data[k];
        verbatim_translate(e->diag, vb->loc, vb->text, verb_resolve_top, &f, "m, i, vm", "Model *m, int i, double vm",
                           "", o);
        sb_putc(o, '\n');
        e->has_verbatim = true;
        if (e->embed)
            embed_refuse(e, vb->loc, "VERBATIM");
    }
    for (int k = 0; k < m->funcs.len; k++) {
        MechFunc *fn = &m->funcs.data[k];
        if (fn->functable) {
            emit_functable(e, u, fn);
            continue;
        }
        emit_func_body(e, u, fn, fn->table ? "_x" : "");
        if (fn->table)
            emit_table(e, u, fn);
    }
    if (m->watches.len)
        emit_watch_conds(e, u);
    if (m->netrecv)
        emit_netrecv(e, u);
    for (int k = 0; k < m->solves.len; k++)
        if (other_method(e, m, k) && !m->solves.data[k].kinetic)
            emit_deriv_solve(e, u, k);
    for (int b = 0; b < m->lins.len; b++)
        emit_lin(e, u, b);
    /* the DERIVATIVE blocks INITIAL solves to a steady state */
    for (int d = 0; m->initial && d < m->derivs.len; d++)
        if (solves_steady(&m->initial->body, m->derivs.data[d]->name))
            emit_deriv_solver(e, u, arena_printf(e->arena, "ss%d", d), m->derivs.data[d], "derivimplicit",
                              m->derivs.data[d]->loc, false);
    for (int b = 0; b < m->kinetics.len; b++) {
        Kin *kin = nmodl_kin_build(e->arena, e->diag, m, m->kinetics.data[b]);
        if (kin) {
            emit_kinetic_eval(e, u, b, kin);
            emit_kinetic_solve(e, u, b, kin);
        }
    }
    for (int t = 0; t < BA_N; t++)
        if (m->ba[t].len)
            emit_ba(e, u, t);
    if (m->constructor)
        emit_ctor(e, u, m->constructor, "CT");
    if (m->destructor)
        emit_ctor(e, u, m->destructor, "DT");
    if (nmodl_has_longdiff(m) && m->kind == MECH_DENSITY)
        emit_longdiff(e, u);
    emit_instance_kernel(e, u, "init", m->initial, false);
    if (m->breakpoint && m->currents.len)
        emit_cur(e, u);
    if (nmodl_has_state_kernel(m))
        emit_instance_kernel(e, u, "state", NULL, true);
}
