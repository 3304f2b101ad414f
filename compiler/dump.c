/* dump.c - `nrncc --dump-after=PASS FILE.mod` (see dump.h): a mechanism
 * printed as one pass of the compiler leaves it.
 *
 * needs: a mechanism that went through nrncc --check's whole pipeline
 * (parsed, checked, lowered inside its smallest model) without errors.
 * provides: the text of one pass.  What the lowering decides (cnexp's A
 * and B, the unknowns of a solver, a KINETIC system's rows, a LINEAR
 * row's terms, the C) comes from nmodl_emit.c's own functions (emit.h);
 * this file only prints it.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "dump.h"
#include "emit.h"
#include "sym.h"
#include "verbatim.h"

/* ---- expressions ---- */

/* Binding strength of a binary operator as nmodl.y's precedences give
 * it; unary operators are 7, primaries 9. */
static int op_prec(int op)
{
    switch (op) {
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
    die("dump: unknown operator %d", op);
}

static int prec(const MNode *e)
{
    if (e->paren)
        return 9;
    switch (e->kind) {
    case MK_BINOP: return op_prec(e->op);
    case MK_NEG:
    case MK_NOT: return 7;
    case MK_NUM: return e->num < 0 || (e->num == 0 && signbit(e->num)) ? 7 : 9;
    default: return 9;
    }
}

/* x as the shortest text that reads back exactly: whole numbers below
 * 1e7 in full, others as %g does, the exponent without '+' and leading
 * zeros ("1e-6", "2.5e20"). */
static void num_fmt(char *buf, size_t n, double x)
{
    if (x == floor(x) && fabs(x) < 1e7) {
        snprintf(buf, n, "%.0f", x);
        return;
    }
    fmt_double(buf, n, x);
    char *e = strchr(buf, 'e');
    if (!e)
        return;
    char *q = e + 1, *w = e + 1;
    if (*q == '+')
        q++;
    else if (*q == '-')
        *w++ = *q++;
    while (*q == '0' && q[1])
        q++;
    memmove(w, q, strlen(q) + 1);
}

static void num(StrBuf *b, double x)
{
    char buf[48];
    num_fmt(buf, sizeof buf, x);
    sb_puts(b, buf);
}

static void operand(StrBuf *b, const MNode *e, bool parens)
{
    if (parens)
        sb_putc(b, '(');
    dump_expr(e, b);
    if (parens)
        sb_putc(b, ')');
}

void dump_expr(const MNode *e, StrBuf *b)
{
    if (e->paren)
        sb_putc(b, '(');
    switch (e->kind) {
    case MK_NUM:
        num(b, e->num);
        if (e->units)
            sb_printf(b, " (%s)", e->units);
        break;
    case MK_NAME:
        sb_puts(b, e->name);
        for (int i = 0; i < e->order; i++)
            sb_putc(b, '\'');
        if (e->a) {
            sb_putc(b, '[');
            dump_expr(e->a, b);
            sb_putc(b, ']');
        }
        break;
    case MK_CALL:
        sb_printf(b, "%s(", e->name);
        for (int i = 0; i < e->list.len; i++) {
            if (i)
                sb_puts(b, ", ");
            dump_expr(e->list.items[i], b);
        }
        sb_putc(b, ')');
        break;
    case MK_NEG:
    case MK_NOT:
        sb_putc(b, e->kind == MK_NEG ? '-' : '!');
        if (prec(e->a) == 7 && !e->a->paren && e->a->kind != MK_NOT && e->kind == MK_NEG)
            sb_putc(b, ' '); /* "- -x", not the "--" of C */
        operand(b, e->a, prec(e->a) < 7);
        break;
    case MK_BINOP: {
        int p = op_prec(e->op);
        bool right = e->op == '^'; /* '^' groups to the right, the others to the left */
        operand(b, e->a, right ? prec(e->a) <= p : prec(e->a) < p);
        sb_printf(b, " %s ", mop_str(e->op));
        operand(b, e->b, right ? prec(e->b) < p : prec(e->b) <= p);
        break;
    }
    case MK_STRING:
        sb_puts(b, e->text);
        break;
    default:
        die("dump: unexpected expression node %d", e->kind);
    }
    if (e->paren)
        sb_putc(b, ')');
}

/* ---- NMODL text ---- */

typedef struct Pr Pr;
struct Pr {
    StrBuf *b;
    int indent;
    bool nopad;          /* the next line's indentation is already written */
    /* called after each statement (solve and kinetic passes annotate
     * equations with what they become) */
    void (*after)(Pr *p, const MNode *st);
    void *ud;
};

static void pad(Pr *p)
{
    if (p->nopad) {
        p->nopad = false;
        return;
    }
    for (int i = 0; i < p->indent; i++)
        sb_puts(p->b, "    ");
}

/* A line at the present indentation (printf-style). */
static void line(Pr *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(Pr *p, const char *fmt, ...)
{
    pad(p);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(p->b, fmt, ap);
    va_end(ap);
    sb_putc(p->b, '\n');
}

/* An annotation under a statement: an NMODL comment one level deeper. */
static void note(Pr *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(Pr *p, const char *fmt, ...)
{
    p->indent++;
    pad(p);
    p->indent--;
    sb_puts(p->b, ": ");
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(p->b, fmt, ap);
    va_end(ap);
    sb_putc(p->b, '\n');
}

/* name, name[size], name (units), joined by sep */
static void name_list(StrBuf *b, const MList *l, const char *sep)
{
    for (int i = 0; i < l->len; i++) {
        const MNode *n = l->items[i];
        if (i)
            sb_puts(b, sep);
        sb_puts(b, n->name);
        if (n->a) {
            sb_putc(b, '[');
            dump_expr(n->a, b);
            sb_putc(b, ']');
        }
        if (n->units)
            sb_printf(b, " (%s)", n->units);
    }
}

static void reactant(StrBuf *b, const MNode *r)
{
    if (r->num != 1) {
        num(b, r->num);
        sb_putc(b, ' ');
    }
    sb_puts(b, r->name);
    if (r->a) {
        sb_putc(b, '[');
        dump_expr(r->a, b);
        sb_putc(b, ']');
    }
}

static void reactants(StrBuf *b, const MList *l)
{
    for (int i = 0; i < l->len; i++) {
        if (i)
            sb_puts(b, " + ");
        reactant(b, l->items[i]);
    }
}

static void stmt(Pr *p, const MNode *st);

static void body(Pr *p, const MList *l)
{
    p->indent++;
    for (int i = 0; i < l->len; i++)
        stmt(p, l->items[i]);
    p->indent--;
}

/* "HEAD {", the statements, "}" */
static void braced(Pr *p, const char *head, const MList *l)
{
    line(p, "%s{", head);
    body(p, l);
    line(p, "}");
}

static void vardecl(StrBuf *b, const MNode *d)
{
    sb_puts(b, d->name);
    if (d->a) {
        sb_putc(b, '[');
        dump_expr(d->a, b);
        sb_putc(b, ']');
    }
    if (d->b) {
        sb_puts(b, " = ");
        num(b, d->b->num);
    }
    if (d->units)
        sb_printf(b, " (%s)", d->units);
    if (d->c) {
        sb_puts(b, " <");
        num(b, d->c->num);
        if (!d->flag) {
            sb_puts(b, ", ");
            num(b, d->d->num);
        }
        sb_putc(b, '>');
    }
}

/* A statement and what the pass adds after it. */
static void stmt(Pr *p, const MNode *st)
{
    StrBuf t = {0};
    switch (st->kind) {
    case MK_LOCAL:
        name_list(&t, &st->list, ", ");
        line(p, "LOCAL %s", sb_str(&t));
        break;
    case MK_ASSIGN:
        dump_expr(st->a, &t);
        sb_puts(&t, " = ");
        dump_expr(st->b, &t);
        line(p, "%s", sb_str(&t));
        break;
    case MK_EXPRSTMT:
        dump_expr(st->a, &t);
        line(p, "%s", sb_str(&t));
        break;
    case MK_IF: {
        dump_expr(st->a, &t);
        line(p, "if (%s) {", sb_str(&t));
        body(p, &st->body);
        const MNode *x = st;
        /* an else holding one if is an else if */
        while (x->list2.len == 1 && x->list2.items[0]->kind == MK_IF) {
            x = x->list2.items[0];
            t.len = 0;
            dump_expr(x->a, &t);
            line(p, "} else if (%s) {", sb_str(&t));
            body(p, &x->body);
        }
        if (x->list2.len) {
            line(p, "} else {");
            body(p, &x->list2);
        }
        line(p, "}");
        break;
    }
    case MK_WHILE:
        sb_puts(&t, "while (");
        dump_expr(st->a, &t);
        sb_puts(&t, ") ");
        braced(p, sb_str(&t), &st->body);
        break;
    case MK_FROM:
        sb_printf(&t, "FROM %s = ", st->name);
        dump_expr(st->a, &t);
        sb_puts(&t, " TO ");
        dump_expr(st->b, &t);
        if (st->c) {
            sb_puts(&t, " BY ");
            dump_expr(st->c, &t);
        }
        sb_putc(&t, ' ');
        braced(p, sb_str(&t), &st->body);
        break;
    case MK_SOLVE:
        sb_printf(&t, "SOLVE %s", st->name);
        if (st->name2)
            sb_printf(&t, " METHOD %s", st->name2);
        if (st->text)
            sb_printf(&t, " STEADYSTATE %s", st->text);
        if (st->a) {
            sb_puts(&t, " IFERROR ");
            braced(p, sb_str(&t), &st->a->body);
        } else {
            line(p, "%s", sb_str(&t));
        }
        break;
    case MK_TABLE:
        sb_puts(&t, "TABLE");
        if (st->list.len) {
            sb_putc(&t, ' ');
            name_list(&t, &st->list, ", ");
        }
        if (st->list2.len) {
            sb_puts(&t, " DEPEND ");
            name_list(&t, &st->list2, ", ");
        }
        sb_puts(&t, " FROM ");
        dump_expr(st->a, &t);
        sb_puts(&t, " TO ");
        dump_expr(st->b, &t);
        sb_puts(&t, " WITH ");
        dump_expr(st->c, &t);
        line(p, "%s", sb_str(&t));
        break;
    case MK_REACTION:
        sb_puts(&t, "~ ");
        reactants(&t, &st->list);
        if (st->flag == 1) { /* nocmodl's one-way form: ~ A -> (k) */
            sb_puts(&t, " -> (");
            dump_expr(st->a, &t);
            sb_putc(&t, ')');
            line(p, "%s", sb_str(&t));
            break;
        }
        sb_printf(&t, " %s ", mop_str(st->op));
        reactants(&t, &st->list2);
        sb_puts(&t, " (");
        dump_expr(st->a, &t);
        if (st->b) {
            sb_puts(&t, ", ");
            dump_expr(st->b, &t);
        }
        sb_putc(&t, ')');
        line(p, "%s", sb_str(&t));
        break;
    case MK_FLUX:
        sb_puts(&t, "~ ");
        reactant(&t, st->a);
        sb_puts(&t, " << (");
        dump_expr(st->b, &t);
        sb_putc(&t, ')');
        line(p, "%s", sb_str(&t));
        break;
    case MK_LINEQ:
    case MK_CONSERVE:
        sb_puts(&t, st->kind == MK_LINEQ ? (st->flag ? "~+ " : "~ ") : "CONSERVE ");
        dump_expr(st->a, &t);
        sb_puts(&t, " = ");
        dump_expr(st->b, &t);
        line(p, "%s", sb_str(&t));
        break;
    case MK_COMPARTMENT:
    case MK_LONGDIFF:
        sb_puts(&t, st->kind == MK_COMPARTMENT ? "COMPARTMENT " : "LONGITUDINAL_DIFFUSION ");
        if (st->name)
            sb_printf(&t, "%s, ", st->name);
        dump_expr(st->a, &t);
        sb_puts(&t, " {");
        for (int i = 0; i < st->list.len; i++)
            sb_printf(&t, " %s", st->list.items[i]->name);
        sb_puts(&t, " }");
        line(p, "%s", sb_str(&t));
        break;
    case MK_BLOCK:
        braced(p, "", &st->body);
        break;
    case MK_VERBATIM:
        /* the C as it is: its own lines and spaces */
        pad(p);
        sb_printf(p->b, "VERBATIM%sENDVERBATIM\n", st->text);
        break;
    case MK_WATCH:
        sb_puts(&t, "WATCH ");
        for (int i = 0; i < st->list.len; i++) {
            const MNode *w = st->list.items[i];
            sb_puts(&t, i ? ", (" : "(");
            dump_expr(w->a, &t);
            sb_puts(&t, ") ");
            dump_expr(w->b, &t);
        }
        line(p, "%s", sb_str(&t));
        break;
    case MK_FORNETCONS:
        sb_puts(&t, "FOR_NETCONS(");
        name_list(&t, &st->list, ", ");
        sb_puts(&t, ") ");
        braced(p, sb_str(&t), &st->body);
        break;
    case MK_PROTECT:
        pad(p);
        sb_puts(p->b, "PROTECT ");
        p->nopad = true;
        stmt(p, st->a);
        break;
    case MK_MUTEX:
        line(p, "%s", st->flag ? "MUTEXLOCK" : "MUTEXUNLOCK");
        break;
    case MK_LAG:
        line(p, "LAG %s BY %s", st->name, st->name2);
        break;
    case MK_UNITSFLAG:
        line(p, "%s", st->flag ? "UNITSON" : "UNITSOFF");
        break;
    case MK_INITIAL:
        braced(p, "INITIAL ", &st->body);
        break;
    default:
        die("dump: unexpected NMODL statement %d", st->kind);
    }
    sb_free(&t);
    if (p->after)
        p->after(p, st);
}

/* The raw text of a UNITS block, a line at a time: comments dropped,
 * spaces normalised, blank lines left out (nmodl_check.c reads one
 * definition a line, so lines stay as they are). */
static void units_block(Pr *p, const char *text)
{
    line(p, "UNITS {");
    p->indent++;
    StrBuf l = {0};
    for (const char *s = text;;) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        l.len = 0;
        bool space = false;
        for (size_t i = 0; i < n && s[i] != ':' && s[i] != '?'; i++) {
            char c = s[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                space = l.len > 0;
                continue;
            }
            if (space)
                sb_putc(&l, ' ');
            space = false;
            sb_putc(&l, c);
        }
        if (l.len)
            line(p, "%s", sb_str(&l));
        if (!eol)
            break;
        s = eol + 1;
    }
    sb_free(&l);
    p->indent--;
    line(p, "}");
}

static const char *const decl_heads[] = {
    [MK_PARAMETER] = "PARAMETER", [MK_ASSIGNED] = "ASSIGNED", [MK_STATE] = "STATE",
    [MK_CONSTANT] = "CONSTANT",   [MK_INDEPENDENT] = "INDEPENDENT",
};

static void toplevel(Pr *p, const MNode *blk)
{
    StrBuf t = {0};
    switch (blk->kind) {
    case MK_TITLE: {
        const char *s = blk->text, *e = s + strlen(s);
        while (*s == ' ' || *s == '\t')
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        line(p, "TITLE %.*s", (int)(e - s), s);
        break;
    }
    case MK_UNITS:
        units_block(p, blk->text);
        break;
    case MK_NEURON:
        line(p, "NEURON {");
        p->indent++;
        for (int i = 0; i < blk->body.len; i++) {
            const MNode *s = blk->body.items[i];
            t.len = 0;
            if (s->kind == MK_USEION) {
                sb_printf(&t, "USEION %s", s->name);
                if (s->list.len) {
                    sb_puts(&t, " READ ");
                    name_list(&t, &s->list, ", ");
                }
                if (s->list2.len) {
                    sb_puts(&t, " WRITE ");
                    name_list(&t, &s->list2, ", ");
                }
                if (s->a) {
                    sb_puts(&t, " VALENCE ");
                    num(&t, s->a->num);
                }
            } else {
                sb_puts(&t, s->name);
                if (s->name2)
                    sb_printf(&t, " %s", s->name2);
                if (s->list.len) {
                    sb_putc(&t, ' ');
                    name_list(&t, &s->list, ", ");
                }
            }
            line(p, "%s", sb_str(&t));
        }
        p->indent--;
        line(p, "}");
        break;
    case MK_PARAMETER:
    case MK_ASSIGNED:
    case MK_STATE:
    case MK_CONSTANT:
    case MK_INDEPENDENT:
        line(p, "%s {", decl_heads[blk->kind]);
        p->indent++;
        for (int i = 0; i < blk->body.len; i++) {
            const MNode *d = blk->body.items[i];
            t.len = 0;
            if (blk->kind == MK_INDEPENDENT) {
                sb_printf(&t, "%s FROM ", d->name);
                num(&t, d->c->num);
                sb_puts(&t, " TO ");
                num(&t, d->d->num);
                sb_puts(&t, " WITH ");
                num(&t, d->num);
                if (d->units)
                    sb_printf(&t, " (%s)", d->units);
            } else {
                vardecl(&t, d);
            }
            line(p, "%s", sb_str(&t));
        }
        p->indent--;
        line(p, "}");
        break;
    case MK_DEFINE:
        num(&t, blk->num);
        line(p, "DEFINE %s %s", blk->name, sb_str(&t));
        break;
    case MK_LOCAL:
    case MK_VERBATIM:
    case MK_INITIAL:
    case MK_UNITSFLAG:
        stmt(p, blk);
        break;
    case MK_BREAKPOINT:
        braced(p, "BREAKPOINT ", &blk->body);
        break;
    case MK_DERIVATIVE:
    case MK_KINETIC:
    case MK_LINEAR:
    case MK_NONLINEAR:
        sb_printf(&t, "%s %s ", blk->kind == MK_DERIVATIVE ? "DERIVATIVE" : blk->kind == MK_KINETIC ? "KINETIC"
                                : blk->kind == MK_LINEAR   ? "LINEAR"
                                                           : "NONLINEAR",
                  blk->name);
        if (blk->list.len) {
            sb_puts(&t, "SOLVEFOR ");
            name_list(&t, &blk->list, ", ");
            sb_putc(&t, ' ');
        }
        braced(p, sb_str(&t), &blk->body);
        break;
    case MK_PROCEDURE:
    case MK_FUNCTION:
    case MK_FUNCTABLE:
        sb_printf(&t, "%s %s(", blk->kind == MK_PROCEDURE ? "PROCEDURE" : blk->kind == MK_FUNCTION ? "FUNCTION"
                                                                                                 : "FUNCTION_TABLE",
                  blk->name);
        name_list(&t, &blk->list, ", ");
        sb_putc(&t, ')');
        if (blk->units)
            sb_printf(&t, " (%s)", blk->units);
        if (blk->kind == MK_FUNCTABLE) {
            line(p, "%s", sb_str(&t));
        } else {
            sb_putc(&t, ' ');
            braced(p, sb_str(&t), &blk->body);
        }
        break;
    case MK_NETRECEIVE:
        sb_puts(&t, "NET_RECEIVE(");
        name_list(&t, &blk->list, ", ");
        sb_puts(&t, ") ");
        braced(p, sb_str(&t), &blk->body);
        break;
    case MK_BEFOREAFTER:
        sb_printf(&t, "%s %s ", blk->flag ? "AFTER" : "BEFORE", blk->name2);
        braced(p, sb_str(&t), &blk->body);
        break;
    case MK_CONSTRUCTOR:
    case MK_DESTRUCTOR:
        braced(p, blk->kind == MK_CONSTRUCTOR ? "CONSTRUCTOR " : "DESTRUCTOR ", &blk->body);
        break;
    default:
        die("dump: unexpected top-level NMODL node %d", blk->kind);
    }
    sb_free(&t);
}

void dump_nmodl(const ModFile *mod, StrBuf *out)
{
    Pr p = {out, 0, false, NULL, NULL};
    for (int i = 0; i < mod->blocks.len; i++) {
        if (i)
            sb_putc(out, '\n');
        toplevel(&p, mod->blocks.items[i]);
    }
}

/* One statement as a line of text, without its newline. */
static const char *stmt_text(Arena *a, const MNode *st)
{
    StrBuf b = {0};
    Pr p = {&b, 0, false, NULL, NULL};
    stmt(&p, st);
    if (b.len && b.s[b.len - 1] == '\n')
        b.s[--b.len] = 0;
    const char *r = arena_strdup(a, sb_str(&b));
    sb_free(&b);
    return r;
}

static const char *expr_text(Arena *a, const MNode *e)
{
    StrBuf b = {0};
    dump_expr(e, &b);
    const char *r = arena_strdup(a, sb_str(&b));
    sb_free(&b);
    return r;
}

static const char *num_text(Arena *a, double x)
{
    char buf[48];
    num_fmt(buf, sizeof buf, x);
    return arena_strdup(a, buf);
}

/* ---- the passes ---- */

typedef struct Dump {
    Model *model;
    Mech *mech;
    const char *path;    /* the .mod file as the user named it */
    Arena *arena;
    Diag *quiet;         /* for the lowering functions: the pipeline has reported everything */
    StrBuf *out;
} Dump;

static void out(Dump *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(Dump *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(d->out, fmt, ap);
    va_end(ap);
}

static void dump_parse(Dump *d)
{
    dump_nmodl(d->mech->mod, d->out);
}

/* -- check -- */

static const char *kind_word(const MechVar *v)
{
    switch (v->kind) {
    case VAR_PARAM: return "PARAMETER";
    case VAR_ASSIGNED: return "ASSIGNED";
    case VAR_STATE: return "STATE";
    case VAR_ION: return "ion";
    case VAR_SCRATCH: return "LOCAL";
    }
    return "?";
}

static const char *style_word(int style)
{
    return style == 3 ? "written" : style == 1 ? "read" : "unused";
}

static void dump_check(Dump *d)
{
    Mech *m = d->mech;
    Arena *a = d->arena;
    static const char *const kinds[] = {"SUFFIX", "POINT_PROCESS", "ARTIFICIAL_CELL", "ion"};
    static const char *const kind_names[] = {"a density mechanism", "a point process", "an artificial cell", "an ion"};
    out(d, "mechanism %s: %s %s (%s), from %s\n", m->name, kinds[m->kind], m->name, kind_names[m->kind], d->path);
    if (m->title) {
        const char *t = m->title;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t)
            out(d, "title: %s\n", t);
    }
    /* variables: name, class, storage, units, default, notes */
    int wn = 4, wc = 5, wu = 0;
    const char **nm = ARENA_NEWN(a, const char *, m->vars.len + 1);
    for (int i = 0; i < m->vars.len; i++) {
        const MechVar *v = &m->vars.data[i];
        nm[i] = v->dim ? arena_printf(a, "%s[%d]", v->name, v->dim) : v->name;
        if ((int)strlen(nm[i]) > wn)
            wn = (int)strlen(nm[i]);
        if ((int)strlen(kind_word(v)) > wc)
            wc = (int)strlen(kind_word(v));
        if (v->units && (int)strlen(v->units) + 2 > wu)
            wu = (int)strlen(v->units) + 2;
    }
    out(d, "variables (%d):\n", m->vars.len);
    for (int i = 0; i < m->vars.len; i++) {
        const MechVar *v = &m->vars.data[i];
        StrBuf l = {0};
        sb_printf(&l, "  %-*s  %-*s  %-6s", wn, nm[i], wc, kind_word(v), v->range ? "range" : "global");
        if (wu)
            sb_printf(&l, "  %-*s", wu, v->units ? arena_printf(a, "(%s)", v->units) : "");
        if (v->has_value)
            sb_printf(&l, "  = %s", num_text(a, v->value));
        if (v->ion >= 0)
            sb_printf(&l, "  ion %s%s%s", m->ions.data[v->ion].name, v->ion_read ? " read" : "",
                      v->ion_write ? " write" : "");
        if (v->is_current)
            sb_puts(&l, "  current");
        if (v->pointer)
            sb_puts(&l, "  POINTER");
        if (v->in_range)
            sb_puts(&l, "  RANGE");
        if (!v->visible)
            sb_puts(&l, "  hidden");
        while (l.len && l.s[l.len - 1] == ' ')
            l.s[--l.len] = 0;
        out(d, "%s\n", sb_str(&l));
        sb_free(&l);
    }
    if (m->ions.len) {
        out(d, "ions:\n");
        for (int k = 0; k < m->ions.len; k++) {
            const MechIon *io = &m->ions.data[k];
            if (io->has_valence)
                out(d, "  %s: VALENCE %d", io->name, io->valence);
            else
                out(d, "  %s: valence %d (NEURON's)", io->name, !strcmp(io->name, "ca") ? 2 : 1);
            for (int pass = 0; pass < 2; pass++) {
                int n = 0;
                for (int i = 0; i < m->vars.len; i++) {
                    const MechVar *v = &m->vars.data[i];
                    if (v->ion == k && (pass ? v->ion_write : v->ion_read))
                        out(d, "%s%s", n++ ? " " : pass ? "; writes " : "; reads ", v->name);
                }
            }
            out(d, "; styles: concentration %d (%s), reversal potential %d (%s)\n", io->conc_style,
                style_word(io->conc_style), io->rev_style, style_word(io->rev_style));
        }
    }
    if (m->currents.len) {
        out(d, "currents (in NEURON-block order):");
        for (int i = 0; i < m->currents.len; i++)
            out(d, " %s", m->vars.data[m->currents.data[i]].name);
        out(d, "%s\n", m->electrode ? " (ELECTRODE_CURRENT)" : "");
    }
    if (m->solves.len) {
        out(d, "solves (in BREAKPOINT order):\n");
        for (int i = 0; i < m->solves.len; i++) {
            const MechSolve *s = &m->solves.data[i];
            const char *what = s->lin ? (s->block->kind == MK_NONLINEAR ? "NONLINEAR" : "LINEAR")
                               : s->kinetic ? "KINETIC"
                               : s->block   ? "DERIVATIVE"
                                            : "PROCEDURE";
            out(d, "  %s: %s %s\n", stmt_text(a, s->stmt), what, s->stmt->name);
        }
    }
    if (m->funcs.len) {
        out(d, "functions:\n");
        for (int i = 0; i < m->funcs.len; i++) {
            const MechFunc *f = &m->funcs.data[i];
            StrBuf l = {0};
            sb_printf(&l, "%s %s(", f->functable ? "FUNCTION_TABLE" : f->is_function ? "FUNCTION" : "PROCEDURE",
                      f->name);
            name_list(&l, &f->node->list, ", ");
            sb_putc(&l, ')');
            if (f->node->units)
                sb_printf(&l, " (%s)", f->node->units);
            if (f->table)
                sb_printf(&l, " with %s", stmt_text(a, f->table));
            out(d, "  %s\n", sb_str(&l));
            sb_free(&l);
        }
    }
    out(d, "blocks:\n");
    for (int i = 0; i < m->mod->blocks.len; i++) {
        const MNode *b = m->mod->blocks.items[i];
        switch (b->kind) {
        case MK_INITIAL: out(d, "  INITIAL\n"); break;
        case MK_BREAKPOINT: out(d, "  BREAKPOINT%s\n", m->currents.len ? "" : " (no currents: run after the SOLVEs)"); break;
        case MK_DERIVATIVE: out(d, "  DERIVATIVE %s\n", b->name); break;
        case MK_KINETIC: out(d, "  KINETIC %s\n", b->name); break;
        case MK_LINEAR: out(d, "  LINEAR %s\n", b->name); break;
        case MK_NONLINEAR: out(d, "  NONLINEAR %s\n", b->name); break;
        case MK_BEFOREAFTER: out(d, "  %s %s\n", b->flag ? "AFTER" : "BEFORE", b->name2); break;
        case MK_VERBATIM: out(d, "  VERBATIM (file level)\n"); break;
        case MK_NETRECEIVE: {
            StrBuf l = {0};
            name_list(&l, &b->list, ", ");
            out(d, "  NET_RECEIVE(%s)%s%s%s%s%s", sb_str(&l), m->net_event ? " net_event" : "",
                m->net_send ? " net_send" : "", m->net_move ? " net_move" : "", m->fornetcons ? " FOR_NETCONS" : "",
                m->netrecv_init ? " INITIAL" : "");
            if (m->watches.len)
                out(d, " WATCH (%d)", m->watches.len);
            out(d, "\n");
            sb_free(&l);
            break;
        }
        default: break;
        }
    }
    if (m->defines.len || m->unitconsts.len) {
        out(d, "constants:\n");
        for (int i = 0; i < m->unitconsts.len; i++)
            out(d, "  %s = %s (UNITS)\n", m->unitconsts.data[i]->name, num_text(a, m->unitconsts.data[i]->num));
        for (int i = 0; i < m->defines.len; i++)
            out(d, "  %s = %s (%s)\n", m->defines.data[i]->name, num_text(a, m->defines.data[i]->num),
                m->defines.data[i]->text ? "DEFINE" : "CONSTANT");
    }
    if (m->uses_diam || m->uses_area)
        out(d, "segment:%s%s\n", m->uses_diam ? " diam" : "", m->uses_area ? " area" : "");
}

/* -- where blocks are solved -- */

/* The heading of a top-level block ("BREAKPOINT", "FUNCTION f"). */
static const char *block_head(Arena *a, const MNode *b)
{
    switch (b->kind) {
    case MK_INITIAL: return "INITIAL";
    case MK_BREAKPOINT: return "BREAKPOINT";
    case MK_PROCEDURE: return arena_printf(a, "PROCEDURE %s", b->name);
    case MK_FUNCTION: return arena_printf(a, "FUNCTION %s", b->name);
    case MK_NETRECEIVE: return "NET_RECEIVE";
    case MK_BEFOREAFTER: return arena_printf(a, "%s %s", b->flag ? "AFTER" : "BEFORE", b->name2);
    default: return "a block";
    }
}

static void where_walk(Dump *d, const MList *l, const char *name, const char *in, int *n)
{
    for (int i = 0; i < l->len; i++) {
        const MNode *st = l->items[i];
        if (st->kind == MK_SOLVE && !strcmp(st->name, name)) {
            out(d, "  %s in %s", stmt_text(d->arena, st), in);
            if (st->text && !strcmp(st->text, "sparse"))
                out(d, ": the system below with dt = 1e9 ms");
            else if (st->text)
                out(d, ": one derivimplicit step with dt = 1e-9 ms");
            out(d, "\n");
            (*n)++;
        }
        where_walk(d, &st->body, name, in, n);
        where_walk(d, &st->list2, name, in, n);
    }
}

/* Lines "SOLVE ... in BLOCK" for every SOLVE of name; how many. */
static int print_wheres(Dump *d, const char *name)
{
    int n = 0;
    const MList *blocks = &d->mech->mod->blocks;
    for (int i = 0; i < blocks->len; i++) {
        const MNode *b = blocks->items[i];
        if (b->kind == MK_BREAKPOINT || b->kind == MK_INITIAL || b->kind == MK_PROCEDURE || b->kind == MK_FUNCTION ||
            b->kind == MK_NETRECEIVE || b->kind == MK_BEFOREAFTER)
            where_walk(d, &b->body, name, block_head(d->arena, b), &n);
    }
    if (!n)
        out(d, "  not solved: nrncc lowers it to nothing\n");
    return n;
}

/* -- solve -- */

static MNode *node(Dump *d, MKind k)
{
    SrcLoc none = {NULL, 0, 0};
    return mnode(d->arena, k, none);
}

static MNode *bin(Dump *d, int op, MNode *a, MNode *b)
{
    MNode *n = node(d, MK_BINOP);
    n->op = op;
    n->a = a;
    n->b = b;
    return n;
}

static MNode *name_node(Dump *d, const char *name)
{
    MNode *n = node(d, MK_NAME);
    n->name = name;
    return n;
}

static MNode *num_node(Dump *d, double x)
{
    MNode *n = node(d, MK_NUM);
    n->num = x;
    return n;
}

static MNode *neg(Dump *d, MNode *a)
{
    MNode *n = node(d, MK_NEG);
    n->a = a;
    return n;
}

/* What the annotator needs to know about the block being printed. */
typedef struct SolveCtx {
    Dump *d;
    bool cnexp;          /* a DERIVATIVE block under cnexp proper */
    const MList *states; /* else its unknowns, in order */
    const NmodlLin *lin; /* a LINEAR or NONLINEAR block */
    int row;             /* the equation being numbered */
} SolveCtx;

static void annotate_solve(Pr *p, const MNode *st)
{
    SolveCtx *c = p->ud;
    Dump *d = c->d;
    Arena *a = d->arena;
    if (st->kind == MK_ASSIGN && st->order > 0 && c->cnexp) {
        MNode *A, *B;
        MNode *s = node(d, MK_NAME);
        *s = *st->a;
        s->order = 0;
        s->paren = false;
        if (!nmodl_cnexp_form(a, st, &A, &B)) {
            note(p, "not linear in %s", s->name);
        } else if (!B) {
            note(p, "%s = %s", expr_text(a, s), expr_text(a, bin(d, '+', s, bin(d, '*', name_node(d, "dt"), A))));
        } else {
            note(p, "A = %s", expr_text(a, A));
            note(p, "B = %s", expr_text(a, B));
            MNode *ex = node(d, MK_CALL);
            ex->name = "exp";
            mlist_push(a, &ex->list, bin(d, '*', name_node(d, "dt"), B));
            MNode *upd = bin(d, '+', s,
                             bin(d, '*', bin(d, '-', num_node(d, 1), ex), bin(d, '-', bin(d, '/', neg(d, A), B), s)));
            note(p, "%s = %s", expr_text(a, s), expr_text(a, upd));
        }
    } else if (st->kind == MK_ASSIGN && st->order > 0 && c->states) {
        int k = 0;
        while (k < c->states->len && strcmp(c->states->items[k]->name, st->a->name) != 0)
            k++;
        MNode *A, *B;
        bool linear = nmodl_cnexp_form(a, st, &A, &B);
        note(p, "D[%d]: the derivative of %s%s", k, st->a->name, linear ? "" : " (not linear in it)");
    } else if (st->kind == MK_LINEQ && c->lin && !c->lin->nonlin) {
        NmodlLinTerms terms = {0};
        nmodl_lin_row(d->quiet, d->mech, c->lin, st, &terms);
        for (int k = 0; k < terms.len; k++) {
            const NmodlLinTerm *t = &terms.data[k];
            const MNode *x = t->x;
            const char *col = "constant";
            if (t->col < c->lin->n) {
                col = d->mech->vars.data[c->lin->var[t->col]].name;
                x = sym_subst(a, (MNode *)x, col, num_node(d, 1)); /* the unknown reads as 1 */
            }
            if (t->index) /* an array's element: its column as the equation runs */
                note(p, "c[%d][%d + %s] (%s[%s]) %s %s", c->row - (st->flag ? 1 : 0), t->col,
                     expr_text(a, t->index), col, expr_text(a, t->index), t->sign > 0 ? "+=" : "-=",
                     expr_text(a, x));
            else
                note(p, "c[%d][%d] (%s) %s %s", c->row - (st->flag ? 1 : 0), t->col, col, t->sign > 0 ? "+=" : "-=",
                     expr_text(a, x));
        }
        VEC_FREE(terms);
        c->row += st->flag ? 0 : 1;
    } else if (st->kind == MK_LINEQ && c->lin) {
        NmodlLinTerms terms = {0};
        nmodl_nonlin_terms(st, &terms);
        MNode *acc = neg(d, st->a);
        for (int k = 0; k < terms.len; k++)
            acc = bin(d, terms.data[k].sign > 0 ? '+' : '-', acc, (MNode *)terms.data[k].x);
        note(p, st->flag ? "F[%d] += %s" : "F[%d] = %s", c->row - (st->flag ? 1 : 0), expr_text(a, acc));
        VEC_FREE(terms);
        c->row += st->flag ? 0 : 1;
    }
}

/* The statements of a block at indentation 1, each followed by what
 * after(ud) adds. */
static void print_body(Dump *d, const MList *l, void *ud, void (*after)(Pr *, const MNode *))
{
    Pr p = {d->out, 1, false, after, ud};
    for (int i = 0; i < l->len; i++)
        stmt(&p, l->items[i]);
}

static const MechSolve *bp_solve(const Mech *m, const MNode *blk)
{
    for (int i = 0; i < m->solves.len; i++)
        if (m->solves.data[i].block == blk)
            return &m->solves.data[i];
    return NULL;
}

/* Does a statement list hold SOLVE name STEADYSTATE derivimplicit? */
static bool steady(const MList *l, const char *name)
{
    for (int i = 0; i < l->len; i++) {
        const MNode *st = l->items[i];
        if (st->kind == MK_SOLVE && st->text && strcmp(st->text, "sparse") != 0 && !strcmp(st->name, name))
            return true;
        if (steady(&st->body, name) || steady(&st->list2, name))
            return true;
    }
    return false;
}

static void solve_deriv(Dump *d, const MNode *blk)
{
    Mech *m = d->mech;
    out(d, "DERIVATIVE %s\n", blk->name);
    print_wheres(d, blk->name);
    const MechSolve *sv = bp_solve(m, blk);
    const char *method = sv ? sv->method : NULL;
    bool ss = m->initial && steady(&m->initial->body, blk->name);
    if (!method && !ss)
        return;
    MList states = {0};
    nmodl_deriv_states(d->arena, &blk->body, &states);
    SolveCtx c = {d, false, NULL, NULL, 0};
    if (method && !strcmp(method, "cnexp") && nmodl_cnexp_possible(d->arena, &blk->body)) {
        c.cnexp = true;
        out(d, "  cnexp: each s' = A + B*s (B free of s) advances exactly over a step,\n"
               "    s = s + (1 - exp(dt*B))*(-A/B - s); an s' free of s advances as s = s + dt*s'\n");
    } else {
        c.states = &states;
        if (method && !strcmp(method, "cnexp"))
            out(d, "  cnexp: an equation is not linear in its state, so derivimplicit, as in NEURON\n");
        if (!method || !strcmp(method, "cnexp") || !strcmp(method, "derivimplicit"))
            out(d, "  derivimplicit: implicit Euler, D(s) - (s - s_old)/dt = 0, by Newton's method (Jacobian\n"
                   "    by central differences, rebuilt while the change exceeds 0.05; converged at a relative\n"
                   "    change <= 1e-6 and |F| <= 1e-8; at most 50 iterations)\n");
        else if (!strcmp(method, "euler"))
            out(d, "  euler: s = s + dt*D(s)\n");
        else
            out(d, "  runge: classical fourth-order Runge-Kutta, t advanced by dt/2 twice\n");
        if (method)
            out(d, "  secondorder: a step of dt/2, then s = s + dt*D(s)\n");
    }
    out(d, "  %s:", c.cnexp ? "states" : "unknowns");
    for (int k = 0; k < states.len; k++) {
        if (c.cnexp)
            out(d, " %s", states.items[k]->name);
        else
            out(d, "%s %d %s", k ? "," : "", k, states.items[k]->name);
    }
    out(d, "\n");
    print_body(d, &blk->body, &c, annotate_solve);
}

static void solve_lin(Dump *d, int b)
{
    const MNode *blk = d->mech->lins.data[b];
    bool nonlin = blk->kind == MK_NONLINEAR;
    StrBuf h = {0};
    if (blk->list.len) {
        sb_puts(&h, " SOLVEFOR ");
        name_list(&h, &blk->list, ", ");
    }
    out(d, "%s %s%s\n", nonlin ? "NONLINEAR" : "LINEAR", blk->name, sb_str(&h));
    sb_free(&h);
    print_wheres(d, blk->name);
    NmodlLin *ls = nmodl_lin_build(d->arena, d->quiet, d->mech, b);
    if (!ls)
        return;
    if (nonlin)
        out(d, "  newton: the residuals F = -(left side) + right side, zero by Newton's method (Jacobian by\n"
               "    central differences, Crout LU; converged at a relative change <= 1e-6 and |F| <= 1e-8;\n"
               "    at most 50 iterations), starting from the present values\n");
    else
        out(d, "  simeq: the rows c[row][col] accumulated as below (in a term the unknown reads as 1),\n"
               "    then Gaussian elimination with partial pivoting\n");
    out(d, "  unknowns (%s):", nonlin ? "nocmodl's symbol-table order" : "in order of first appearance");
    for (int k = 0; k < ls->n; k++)
        out(d, "%s %d %s", k ? "," : "", k, d->mech->vars.data[ls->var[k]].name);
    if (!nonlin)
        out(d, "; %d the constants", ls->n);
    out(d, "\n");
    SolveCtx c = {d, false, NULL, ls, 0};
    print_body(d, &blk->body, &c, annotate_solve);
}

static void dump_solve(Dump *d)
{
    Mech *m = d->mech;
    int n = 0;
    for (int i = 0; i < m->mod->blocks.len; i++) {
        const MNode *b = m->mod->blocks.items[i];
        if (b->kind != MK_DERIVATIVE && b->kind != MK_LINEAR && b->kind != MK_NONLINEAR && b->kind != MK_KINETIC)
            continue;
        if (n++)
            out(d, "\n");
        if (b->kind == MK_DERIVATIVE) {
            solve_deriv(d, b);
        } else if (b->kind == MK_KINETIC) {
            out(d, "KINETIC %s\n", b->name);
            print_wheres(d, b->name);
            out(d, "  sparse: see nrncc --dump-after=kinetic\n");
        } else {
            int k = 0;
            while (m->lins.data[k] != b)
                k++;
            solve_lin(d, k);
        }
    }
    /* PROCEDUREs the BREAKPOINT SOLVEs */
    for (int i = 0; i < m->solves.len; i++) {
        const MechSolve *s = &m->solves.data[i];
        if (s->proc < 0)
            continue;
        if (n++)
            out(d, "\n");
        out(d, "PROCEDURE %s\n", m->funcs.data[s->proc].name);
        out(d, "  %s in BREAKPOINT: called as it is in the state update\n", stmt_text(d->arena, s->stmt));
    }
    if (!n)
        out(d, "%s: no DERIVATIVE, KINETIC, LINEAR or NONLINEAR block, no SOLVE\n", m->name);
}

/* -- kinetic -- */

/* A row (or column) of a KINETIC system: a number when it is known
 * before the run, else the reactant as written (an array element whose
 * index varies). */
typedef struct KRow {
    int row;             /* -1: see label */
    const char *label;
} KRow;

typedef struct KElem {
    KRow r, c;
} KElem;

typedef struct KinCtx {
    Dump *d;
    const NmodlKin *k;
    int nreact, nflux;
    StrBuf *rhs;         /* per row: what the statements add to it */
    VEC(const char *) sym_label; /* rows known by label only, in order of appearance */
    VEC(StrBuf) sym_rhs;
    VEC(KElem) elems;    /* the non-zero elements, in order of appearance */
} KinCtx;

/* The label of row r: "c1", "ca[2]". */
static const char *row_label(Dump *d, const NmodlKin *k, int r)
{
    for (int s = 0; s < k->nst; s++) {
        const NmodlKinState *ks = &k->st[s];
        int n = ks->dim ? ks->dim : 1;
        if (r >= ks->base && r < ks->base + n) {
            const char *name = d->mech->vars.data[ks->var].name;
            return ks->dim ? arena_printf(d->arena, "%s[%d]", name, r - ks->base) : name;
        }
    }
    return "?";
}

static KRow krow(KinCtx *c, const char *name, const MNode *index)
{
    const NmodlKinState *ks = nmodl_kin_state(c->k, c->d->mech, name);
    KRow r = {ks->base, NULL};
    if (ks->dim) {
        if (index && index->kind == MK_NUM && index->num == (int)index->num && index->num >= 0 &&
            index->num < ks->dim) {
            r.row += (int)index->num;
        } else {
            MNode *n = name_node(c->d, name);
            n->a = (MNode *)index;
            r.row = -1;
            r.label = expr_text(c->d->arena, n);
            return r;
        }
    }
    r.label = row_label(c->d, c->k, r.row);
    return r;
}

static bool conserved(const NmodlKin *k, const NmodlKinState *ks)
{
    return !ks->dim && ks->base < k->ncons;
}

static void add_elem(KinCtx *c, KRow r, KRow col)
{
    for (int i = 0; i < c->elems.len; i++)
        if (!strcmp(c->elems.data[i].r.label, r.label) && !strcmp(c->elems.data[i].c.label, col.label))
            return;
    KElem e = {r, col};
    VEC_PUSH(c->elems, e);
}

/* The text added to row r: " - r1", " + 2 * f1". */
static void add_rhs(KinCtx *c, KRow r, int sign, int times, const char *what)
{
    StrBuf *b = NULL;
    if (r.row >= 0) {
        b = &c->rhs[r.row];
    } else {
        for (int i = 0; i < c->sym_label.len && !b; i++)
            if (!strcmp(c->sym_label.data[i], r.label))
                b = &c->sym_rhs.data[i];
        if (!b) {
            StrBuf e = {0};
            VEC_PUSH(c->sym_label, r.label);
            VEC_PUSH(c->sym_rhs, e);
            b = &c->sym_rhs.data[c->sym_rhs.len - 1];
        }
    }
    sb_printf(b, " %c ", sign > 0 ? '+' : '-');
    if (times != 1)
        sb_printf(b, "%d * ", times);
    sb_puts(b, what);
}

static bool is_kstate(KinCtx *c, const char *name)
{
    return nmodl_kin_state(c->k, c->d->mech, name) != NULL;
}

static void annotate_kinetic(Pr *p, const MNode *st)
{
    KinCtx *c = p->ud;
    Dump *d = c->d;
    Arena *a = d->arena;
    if (st->kind == MK_REACTION) {
        const char *r = arena_printf(a, "r%d", ++c->nreact);
        const MList *sides[2] = {&st->list, &st->list2};
        const MNode *rates[2] = {st->a, st->b};
        StrBuf l = {0};
        sb_printf(&l, "%s = f_flux - b_flux:", r);
        /* f_flux = kf * B * A: the reactants multiplied last first, as nocmodl */
        for (int j = 0; j < 2; j++) {
            MNode *acc = (MNode *)rates[j];
            for (int t = sides[j]->len - 1; t >= 0; t--) {
                const MNode *x = sides[j]->items[t];
                for (int n = 0; n < (int)x->num; n++) {
                    MNode *v = name_node(d, x->name);
                    v->a = x->a;
                    acc = bin(d, '*', acc, v);
                }
            }
            sb_printf(&l, "%s %s = %s", j ? "," : "", j ? "b_flux" : "f_flux", expr_text(a, acc));
        }
        note(p, "%s", sb_str(&l));
        sb_free(&l);
        for (int j = 0; j < 2; j++)
            for (int t = sides[j]->len - 1; t >= 0; t--) {
                const MNode *x = sides[j]->items[t];
                if (!is_kstate(c, x->name) || conserved(c->k, nmodl_kin_state(c->k, d->mech, x->name)))
                    continue;
                add_rhs(c, krow(c, x->name, x->a), j ? 1 : -1, (int)x->num, r);
            }
        for (int j = 0; j < 2; j++)
            for (int t = sides[j]->len - 1; t >= 0; t--) {
                const MNode *xc = sides[j]->items[t];
                if (!is_kstate(c, xc->name))
                    continue;
                KRow col = krow(c, xc->name, xc->a);
                for (int j1 = 0; j1 < 2; j1++)
                    for (int t1 = sides[j1]->len - 1; t1 >= 0; t1--) {
                        const MNode *xr = sides[j1]->items[t1];
                        if (is_kstate(c, xr->name) && !conserved(c->k, nmodl_kin_state(c->k, d->mech, xr->name)))
                            add_elem(c, krow(c, xr->name, xr->a), col);
                    }
            }
    } else if (st->kind == MK_LONGDIFF) {
        note(p, "not in this system: after every mechanism's state update, one implicit step of diffusion "
                "along the cable (NEURON's ldifus)");
    } else if (st->kind == MK_FLUX) {
        const char *f = arena_printf(a, "f%d", ++c->nflux);
        note(p, "%s = %s: into %s", f, expr_text(a, st->b), krow(c, st->a->name, st->a->a).label);
        add_rhs(c, krow(c, st->a->name, st->a->a), 1, 1, f);
    } else if (st->kind == MK_CONSERVE) {
        int eq = -1;
        for (int i = 0; i < c->k->ncons_stmt; i++)
            if (c->k->cons_stmt[i] == st)
                eq = c->k->cons_eq[i];
        note(p, "the equation of row %d (%s)", eq, row_label(d, c->k, eq));
        NmodlKinTerms terms = {0};
        nmodl_conserve_terms(d->quiet, st->a, &terms);
        KRow r = {eq, row_label(d, c->k, eq)};
        for (int t = terms.len - 1; t >= 0; t--)
            add_elem(c, r, krow(c, terms.data[t].name, terms.data[t].index));
        VEC_FREE(terms);
    }
}

/* COMPARTMENT volume of row r (NULL when none), with an array's index
 * name replaced by the element's index. */
static const MNode *row_cap(Dump *d, const NmodlKin *k, int r)
{
    for (int s = 0; s < k->nst; s++) {
        const NmodlKinState *ks = &k->st[s];
        int n = ks->dim ? ks->dim : 1;
        if (r < ks->base || r >= ks->base + n || !ks->cap)
            continue;
        if (ks->dim && ks->cap_index)
            return sym_subst(d->arena, (MNode *)ks->cap, ks->cap_index, num_node(d, r - ks->base));
        return ks->cap;
    }
    return NULL;
}

static void kinetic_block(Dump *d, const MNode *blk)
{
    Mech *m = d->mech;
    Arena *a = d->arena;
    out(d, "KINETIC %s\n", blk->name);
    print_wheres(d, blk->name);
    NmodlKin *k = nmodl_kin_build(a, d->quiet, m, blk);
    if (!k)
        return;
    if (k->linear)
        out(d, "  sparse, linear (no product of states): one Newton step a time step, states not clamped\n");
    else
        out(d, "  sparse, nonlinear: Newton steps until the sum of |corrections| <= 1e-6 (at most 21),\n"
               "    states clamped at 0\n");
    int w = 1;
    for (int r = 0; r < k->n; r++)
        if ((int)strlen(row_label(d, k, r)) > w)
            w = (int)strlen(row_label(d, k, r));
    int wr = k->n > 10 ? 2 : 1;
    out(d, "  unknowns, %d rows and columns (conservation equations first, then nocmodl's symbol-table order):\n",
        k->n);
    for (int r = 0; r < k->n; r++) {
        StrBuf l = {0};
        sb_printf(&l, "    %*d  %-*s", wr, r, w, row_label(d, k, r));
        for (int i = 0; i < k->ncons_stmt; i++)
            if (k->cons_eq[i] == r)
                sb_printf(&l, "  %s", stmt_text(a, k->cons_stmt[i]));
        const MNode *cap = row_cap(d, k, r);
        if (cap)
            sb_printf(&l, "  COMPARTMENT %s", expr_text(a, cap));
        while (l.len && l.s[l.len - 1] == ' ')
            l.s[--l.len] = 0;
        out(d, "%s\n", sb_str(&l));
        sb_free(&l);
    }
    KinCtx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.k = k;
    c.rhs = calloc((size_t)k->n + 1, sizeof(StrBuf));
    /* the diagonal of every row but the conservation equations' */
    for (int r = 0; r < k->n; r++) {
        bool cons = false;
        for (int i = 0; i < k->ncons_stmt; i++)
            cons = cons || k->cons_eq[i] == r;
        if (!cons) {
            KRow x = {r, row_label(d, k, r)};
            add_elem(&c, x, x);
        }
    }
    out(d, "  the block, as each Newton iteration evaluates it:\n");
    print_body(d, &blk->body, &c, annotate_kinetic);
    out(d, "  equations (X_old: X at the start of the step):\n");
    for (int r = 0; r < k->n; r++) {
        StrBuf l = {0};
        int cons = -1;
        for (int i = 0; i < k->ncons_stmt; i++)
            if (k->cons_eq[i] == r)
                cons = i;
        if (cons >= 0) {
            /* sum of num * cap * state = total */
            NmodlKinTerms terms = {0};
            nmodl_conserve_terms(d->quiet, k->cons_stmt[cons]->a, &terms);
            MNode *sum = NULL;
            for (int t = 0; t < terms.len; t++) {
                MNode *x = name_node(d, terms.data[t].name);
                x->a = (MNode *)terms.data[t].index;
                const NmodlKinState *ks = nmodl_kin_state(k, m, terms.data[t].name);
                if (ks->cap)
                    x = bin(d, '*', x, (MNode *)ks->cap);
                if (terms.data[t].num != 1)
                    x = bin(d, '*', num_node(d, terms.data[t].num), x);
                sum = sum ? bin(d, '+', sum, x) : x;
            }
            VEC_FREE(terms);
            sb_printf(&l, "%s = %s", expr_text(a, sum), expr_text(a, k->cons_stmt[cons]->b));
        } else {
            const char *s = row_label(d, k, r), *br = strchr(s, '[');
            const char *old = br ? arena_printf(a, "%.*s_old%s", (int)(br - s), s, br) : arena_printf(a, "%s_old", s);
            const MNode *cap = row_cap(d, k, r);
            sb_printf(&l, "%s(%s - %s) / dt = ", cap ? arena_printf(a, "%s * ", expr_text(a, cap)) : "", s, old);
            /* a first '+' is left out, a first '-' kept */
            const char *t = c.rhs[r].len ? sb_str(&c.rhs[r]) : " + 0";
            sb_puts(&l, t[1] == '+' ? t + 3 : arena_printf(a, "-%s", t + 3));
        }
        out(d, "    %*d  %-*s  %s\n", wr, r, w, row_label(d, k, r), sb_str(&l));
        sb_free(&l);
    }
    for (int i = 0; i < c.sym_label.len; i++) {
        const char *t = sb_str(&c.sym_rhs.data[i]);
        out(d, "    %s (an index that varies) adds %s\n", c.sym_label.data[i],
            t[1] == '+' ? t + 3 : arena_printf(a, "-%s", t + 3));
    }
    out(d, "  non-zero elements (x) of the Jacobian, rows and columns as above:\n");
    char *grid = calloc((size_t)k->n * (size_t)k->n + 1, 1);
    memset(grid, '.', (size_t)k->n * (size_t)k->n);
    for (int i = 0; i < c.elems.len; i++)
        if (c.elems.data[i].r.row >= 0 && c.elems.data[i].c.row >= 0)
            grid[c.elems.data[i].r.row * k->n + c.elems.data[i].c.row] = 'x';
    for (int r = 0; r < k->n; r++)
        out(d, "    %*d  %-*s  %.*s\n", wr, r, w, row_label(d, k, r), k->n, grid + (size_t)r * (size_t)k->n);
    for (int i = 0; i < c.elems.len; i++)
        if (c.elems.data[i].r.row < 0 || c.elems.data[i].c.row < 0)
            out(d, "    and (%s, %s)\n", c.elems.data[i].r.label, c.elems.data[i].c.label);
    free(grid);
    for (int r = 0; r < k->n; r++)
        sb_free(&c.rhs[r]);
    free(c.rhs);
    for (int i = 0; i < c.sym_rhs.len; i++)
        sb_free(&c.sym_rhs.data[i]);
    VEC_FREE(c.sym_rhs);
    VEC_FREE(c.sym_label);
    VEC_FREE(c.elems);
}

static void dump_kinetic(Dump *d)
{
    Mech *m = d->mech;
    for (int b = 0; b < m->kinetics.len; b++) {
        if (b)
            out(d, "\n");
        kinetic_block(d, m->kinetics.data[b]);
    }
    if (!m->kinetics.len)
        out(d, "%s: no KINETIC block\n", m->name);
}

/* -- c -- */

/* The emitter's fields and kernels of the mechanism, for one instance,
 * with the ions it uses beside it (their C is the ions', not shown). */
static void dump_c(Dump *d)
{
    Model *model = d->model;
    Mech copy = *d->mech;
    copy.path = d->path; /* the kernels' heading names the file as the user did */
    int nuse = 1 + copy.ions.len;
    MechUse *uses = ARENA_NEWN(d->arena, MechUse, nuse);
    for (int k = 0; k < model->mechs.len; k++)
        if (model->mechs.data[k] == d->mech)
            uses[0].index = k;
    uses[0].mech = &copy;
    uses[0].cname = copy.name;
    uses[0].n = 1;
    uses[0].ion_use = ARENA_NEWN(d->arena, int, nuse);
    for (int i = 0; i < copy.ions.len; i++) {
        MechUse *iu = &uses[1 + i];
        const char *ion = arena_printf(d->arena, "%s_ion", copy.ions.data[i].name);
        for (int k = 0; k < model->mechs.len; k++)
            if (!strcmp(model->mechs.data[k]->name, ion)) {
                iu->mech = model->mechs.data[k];
                iu->index = k;
            }
        if (!iu->mech)
            die("dump: the check model has no %s", ion);
        iu->cname = iu->mech->name;
        iu->n = 1;
        uses[0].ion_use[i] = 1 + i;
    }
    Emitter e;
    memset(&e, 0, sizeof e);
    e.m = model;
    e.arena = d->arena;
    e.diag = d->quiet;
    e.uses = uses;
    e.nuses = nuse;
    sb_puts(&e.out, "/* the fields of the Model struct */\n");
    nmodl_emit_fields(&e, &uses[0]);
    sb_putc(&e.out, '\n');
    nmodl_emit_kernels(&e, &uses[0]);
    /* the markers emit.c turns into #line directives of the whole file */
    const char *s = sb_str(&e.out);
    while (*s) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) + 1 : strlen(s);
        if (strncmp(s, VERBATIM_LINE_RESET, strlen(VERBATIM_LINE_RESET)) != 0)
            sb_putn(d->out, s, n);
        s += n;
    }
    sb_free(&e.out);
}

/* ---- driver ---- */

static const struct {
    const char *name;
    void (*fn)(Dump *d);
} passes[DUMP_NPASSES] = {
    [DUMP_PARSE] = {"parse", dump_parse},       [DUMP_CHECK] = {"check", dump_check},
    [DUMP_SOLVE] = {"solve", dump_solve},       [DUMP_KINETIC] = {"kinetic", dump_kinetic},
    [DUMP_C] = {"c", dump_c},
};

int dump_pass_named(const char *name)
{
    for (int i = 0; i < DUMP_NPASSES; i++)
        if (!strcmp(passes[i].name, name))
            return i;
    return -1;
}

const char *dump_pass_names(void)
{
    return "parse, check, solve, kinetic, c";
}

void dump_mechanism(DumpPass pass, Model *model, Mech *mech, const char *path, FILE *f)
{
    FILE *devnull = fopen("/dev/null", "w");
    Diag quiet;
    diag_init(&quiet, devnull ? devnull : stderr);
    StrBuf b = {0};
    Dump d = {model, mech, path, model->arena, &quiet, &b};
    passes[pass].fn(&d);
    fputs(sb_str(&b), f);
    sb_free(&b);
    if (devnull)
        fclose(devnull);
}
