/* morph_hoc.c - hoc geometry programs evaluated at compile time.
 *
 * needs: a hoc file of the kind neuroanatomy converters (ntscable, CVapp,
 * NEURON's CellBuilder export) and ModelDB models write to build a cell.
 * provides: the sections it creates, in creation order, with their
 * connections, 3-D points and nseg/L/diam/Ra/cm settings.
 *
 * The subset: create (with 1-D arrays), connect (both forms), access,
 * section statements `sec stmt` and `sec.prop`, pt3dclear/pt3dadd/n3d,
 * nseg, L, diam, Ra, cm; proc and func with $1.. and local; for i = a, b;
 * while; if/else; break, continue, return; forall; print and printf
 * (evaluated, output dropped); numeric globals; + - * / % ^, comparisons
 * (with hoc's float_epsilon), && || !; abs int sqrt exp log log10 sin cos
 * atan atan2 numarg; fscan() reading the words that follow the statement
 * being executed in the file itself, as hoc's does.  Anything else is an
 * error naming it.
 *
 * How it runs, as hoc does: the file is read one top-level statement at a
 * time (a statement ends at its newline); each is executed before the
 * next is parsed, so fscan() reads the text after the current statement's
 * line and parsing resumes after the last word it read.  Loading stops at
 * the first error (hoc stops there too, and the text after an fscan()
 * call that did not run cannot be told from code).
 */
#include <ctype.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "morph.h"

#define HOC_EPS 1e-11          /* hoc's float_epsilon */
#define MAX_DEPTH 200          /* nested calls */
#define MAX_NEST 500           /* nested statements and parentheses while parsing */
#define MAX_RECURSION 10000    /* exec/eval frames (keeps the C stack bounded) */
#define MAX_STEPS 100000000L   /* statements executed before we give up */

/* ---- tokens ---- */

typedef enum TokKind { T_EOF, T_NL, T_NUM, T_NAME, T_STR, T_ARG, T_OP } TokKind;

enum {                        /* T_OP codes besides single characters */
    OP_EQ = 256, OP_NE, OP_LE, OP_GE, OP_AND, OP_OR,
    OP_ADDASGN, OP_SUBASGN, OP_MULASGN, OP_DIVASGN,
};

typedef struct Tok {
    TokKind kind;
    int op;            /* T_OP */
    double num;        /* T_NUM; T_ARG: the argument number */
    const char *text;  /* T_NAME, T_STR (arena, NUL-terminated) */
    size_t end;        /* offset just after the token */
    SrcLoc loc;
} Tok;

/* ---- syntax tree ---- */

typedef enum NodeKind {
    N_NUM, N_STR, N_GLOBAL, N_LOCAL, N_ARG, N_NEG, N_NOT, N_BIN, N_CALL, N_ASSIGN, N_PROP,
    N_EXPR, N_BLOCK, N_IF, N_FOR, N_WHILE, N_CREATE, N_ACCESS, N_SECSTMT, N_CONNECT,
    N_RETURN, N_BREAK, N_CONTINUE, N_FORALL, N_PRINT,
} NodeKind;

typedef enum Prop { P_NSEG, P_L, P_DIAM, P_RA, P_CM } Prop;
static const char *const prop_names[] = {"nseg", "L", "diam", "Ra", "cm"};

typedef enum Builtin {
    B_NONE, B_ABS, B_INT, B_SQRT, B_EXP, B_LOG, B_LOG10, B_SIN, B_COS, B_ATAN, B_ATAN2,
    B_FSCAN, B_NUMARG, B_PT3DADD, B_PT3DCLEAR, B_N3D, B_PRINTF,
} Builtin;

static const struct {
    const char *name;
    Builtin b;
    int min, max;      /* number of arguments; max -1: any */
} builtins[] = {
    {"abs", B_ABS, 1, 1},         {"int", B_INT, 1, 1},         {"sqrt", B_SQRT, 1, 1},
    {"exp", B_EXP, 1, 1},         {"log", B_LOG, 1, 1},         {"log10", B_LOG10, 1, 1},
    {"sin", B_SIN, 1, 1},         {"cos", B_COS, 1, 1},         {"atan", B_ATAN, 1, 1},
    {"atan2", B_ATAN2, 2, 2},     {"fscan", B_FSCAN, 0, 0},     {"numarg", B_NUMARG, 0, 0},
    {"pt3dadd", B_PT3DADD, 4, 4}, {"pt3dclear", B_PT3DCLEAR, 0, 1}, {"n3d", B_N3D, 0, 0},
    {"printf", B_PRINTF, 1, -1},
};

/* hoc and NEURON words outside the subset: reported where they appear. */
static const char *const unsupported_words[] = {
    "objref", "objectvar", "strdef", "double", "begintemplate", "endtemplate", "public",
    "external", "new", "insert", "uninsert", "forsec", "ifsec", "setpointer", "iterator",
    "iterator_statement", "obfunc", "localobj", "stop", "delete", "help", "depvar", "eqn",
    "parallel", "read", "debug", "edit", "em",
    /* NEURON globals a geometry reader would silently lose */
    "celsius", "dt", "tstop", "v_init", "t", "v", "secondorder", "steps_per_ms",
    "rallbranch", "global_ra", "float_epsilon",
};

typedef struct Sym Sym;
typedef struct Node Node;
typedef struct NodeList {
    Node **data;
    int len, cap;
} NodeList;

/* A section reference: name[index]. */
typedef struct SecRef {
    Sym *sym;
    Node *index;       /* NULL: none written */
    SrcLoc loc;
} SecRef;

struct Node {
    NodeKind kind;
    SrcLoc loc;
    int op;            /* N_BIN, N_ASSIGN (0 for '='); N_PROP: Prop; N_CALL: Builtin */
    double num;        /* N_NUM */
    const char *text;  /* N_STR; N_CALL: the name */
    int index;         /* N_LOCAL slot, N_ARG number */
    Sym *sym;          /* N_GLOBAL, N_CALL (user procedures) */
    Node *a, *b, *c, *d;
    NodeList list;     /* N_BLOCK, N_CALL arguments, N_CREATE items, N_PRINT */
    SecRef *sec, *sec2;
};

typedef struct Proc {
    const char *name;
    bool is_func;
    int nlocals;
    Node *body;
} Proc;

typedef enum SymKind { SYM_UNDEF, SYM_VAR, SYM_PROC, SYM_FUNC, SYM_SEC } SymKind;

struct Sym {
    const char *name;
    SymKind kind;
    double val;        /* SYM_VAR */
    Proc *proc;        /* SYM_PROC, SYM_FUNC */
    int first, count;  /* SYM_SEC: its sections in Hoc.secs */
    bool is_array;
};

/* A section while the program runs. */
typedef struct HSec {
    const char *name;
    SrcLoc loc;
    int parent;
    double px, cx;
    int conn;
    struct {
        MorphPoint *data;
        int len, cap;
    } pts;
    struct {
        double *data;
        int len, cap;
    } arc;             /* NEURON's arc3d, kept beside pts */
    int nseg;
    double L, diam, Ra, cm;
} HSec;

typedef struct Frame {
    double *args;
    int nargs;
    double *locals;
    double ret;
} Frame;

typedef enum Flow { FLOW_NEXT, FLOW_BREAK, FLOW_CONTINUE, FLOW_RETURN } Flow;

typedef struct Hoc {
    Arena *a;
    Diag *d;
    const SrcFile *src;
    jmp_buf fail;
    /* lexer */
    size_t pos;
    int line, col;
    Tok tok;
    /* parser */
    struct {
        const char **data;
        int len, cap;
    } locals;          /* of the procedure being parsed */
    bool in_defn;
    int nest;          /* parse_stmt/parse_expr recursion */
    /* program state */
    struct {
        Sym **data;
        int len, cap;
    } syms;
    struct {
        HSec *data;
        int len, cap;
    } secs;
    struct {
        int *data;
        int len, cap;
    } stack;           /* section stack */
    int accessed;      /* -1: none */
    int nconn;
    Frame *frame;
    int depth;         /* hoc calls */
    int recursion;     /* exec and eval frames */
    long steps;
    size_t fscan_pos;  /* where fscan() reads next */
} Hoc;

/* ---- errors ---- */

static void fail(Hoc *h, SrcLoc loc, const char *fmt, ...) __attribute__((noreturn, format(printf, 3, 4)));
static void fail(Hoc *h, SrcLoc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(h->d, loc, fmt, ap);
    va_end(ap);
    longjmp(h->fail, 1);
}

static void unsupported(Hoc *h, SrcLoc loc, const char *what)
{
    fail(h, loc, "hoc: '%s' is not supported by nrncc's geometry reader", what);
}

static bool is_unsupported_word(const char *s)
{
    for (size_t i = 0; i < sizeof unsupported_words / sizeof *unsupported_words; i++)
        if (strcmp(s, unsupported_words[i]) == 0)
            return true;
    return false;
}

/* ---- lexer ---- */

static int cur(const Hoc *h)
{
    return h->pos < h->src->len ? (unsigned char)h->src->text[h->pos] : -1;
}

static int ahead(const Hoc *h, size_t k)
{
    return h->pos + k < h->src->len ? (unsigned char)h->src->text[h->pos + k] : -1;
}

static void advance(Hoc *h)
{
    if (h->src->text[h->pos] == '\n') {
        h->line++;
        h->col = 1;
    } else {
        h->col++;
    }
    h->pos++;
}

/* Moves the lexer forward to offset pos. */
static void seek(Hoc *h, size_t pos)
{
    while (h->pos < pos)
        advance(h);
}

static SrcLoc here(const Hoc *h)
{
    return (SrcLoc){h->src, h->line, h->col};
}

static void lex_string(Hoc *h, Tok *t)
{
    StrBuf b = {0};
    advance(h);
    for (;;) {
        int c = cur(h);
        if (c < 0 || c == '\n') {
            sb_free(&b);
            fail(h, t->loc, "hoc: unterminated string");
        }
        advance(h);
        if (c == '"')
            break;
        if (c == '\\' && cur(h) >= 0 && cur(h) != '\n') {
            c = cur(h);
            advance(h);
            switch (c) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            default: break;
            }
        }
        sb_putc(&b, (char)c);
    }
    t->kind = T_STR;
    t->text = arena_strdup(h->a, sb_str(&b));
    sb_free(&b);
}

static void lex(Hoc *h)
{
    Tok *t = &h->tok;
    for (;;) {
        int c = cur(h);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            advance(h);
        } else if (c == '\\' && (ahead(h, 1) == '\n' || (ahead(h, 1) == '\r' && ahead(h, 2) == '\n'))) {
            while (cur(h) != '\n')
                advance(h);
            advance(h);
        } else if (c == '/' && ahead(h, 1) == '/') {
            while (cur(h) >= 0 && cur(h) != '\n')
                advance(h);
        } else if (c == '/' && ahead(h, 1) == '*') {
            SrcLoc at = here(h);
            advance(h);
            advance(h);
            while (cur(h) >= 0 && !(cur(h) == '*' && ahead(h, 1) == '/'))
                advance(h);
            if (cur(h) < 0)
                fail(h, at, "hoc: unterminated comment");
            advance(h);
            advance(h);
        } else {
            break;
        }
    }
    memset(t, 0, sizeof *t);
    t->loc = here(h);
    int c = cur(h);
    if (c < 0) {
        t->kind = T_EOF;
    } else if (c == '\n') {
        t->kind = T_NL;
        advance(h);
    } else if (isdigit(c) || (c == '.' && isdigit(ahead(h, 1)))) {
        size_t start = h->pos;
        while (isdigit(cur(h)))
            advance(h);
        if (cur(h) == '.') {
            advance(h);
            while (isdigit(cur(h)))
                advance(h);
        }
        if ((cur(h) == 'e' || cur(h) == 'E') &&
            (isdigit(ahead(h, 1)) || ((ahead(h, 1) == '+' || ahead(h, 1) == '-') && isdigit(ahead(h, 2))))) {
            advance(h);
            advance(h);
            while (isdigit(cur(h)))
                advance(h);
        }
        char buf[128];
        size_t n = h->pos - start;
        char *s = n < sizeof buf ? buf : arena_alloc(h->a, n + 1);
        memcpy(s, h->src->text + start, n);
        s[n] = 0;
        t->kind = T_NUM;
        t->num = strtod(s, NULL);
    } else if (isalpha(c) || c == '_') {
        size_t start = h->pos;
        while (isalnum(cur(h)) || cur(h) == '_')
            advance(h);
        t->kind = T_NAME;
        t->text = arena_strndup(h->a, h->src->text + start, h->pos - start);
    } else if (c == '"') {
        lex_string(h, t);
    } else if (c == '$') {
        advance(h);
        if (!isdigit(cur(h))) {
            char what[3] = {'$', (char)(cur(h) > 0 ? cur(h) : ' '), 0};
            fail(h, t->loc, "hoc: '%s' arguments are not supported by nrncc's geometry reader", what);
        }
        int n = 0;
        while (isdigit(cur(h))) {
            if (n < 10000)
                n = n * 10 + (cur(h) - '0');
            advance(h);
        }
        t->kind = T_ARG;
        t->num = n;
    } else {
        static const struct {
            const char *s;
            int op;
        } two[] = {{"==", OP_EQ}, {"!=", OP_NE}, {"<=", OP_LE}, {">=", OP_GE}, {"&&", OP_AND},
                   {"||", OP_OR}, {"+=", OP_ADDASGN}, {"-=", OP_SUBASGN}, {"*=", OP_MULASGN},
                   {"/=", OP_DIVASGN}};
        t->kind = T_OP;
        for (size_t i = 0; i < sizeof two / sizeof *two; i++)
            if (c == two[i].s[0] && ahead(h, 1) == two[i].s[1]) {
                t->op = two[i].op;
                advance(h);
                advance(h);
                t->end = h->pos;
                return;
            }
        if (c == 0 || !strchr("+-*/%^(){}[],.=<>!&", c))
            fail(h, t->loc, isprint(c) ? "hoc: unexpected character '%c'" : "hoc: unexpected byte 0x%02x", c);
        t->op = c;
        advance(h);
    }
    t->end = h->pos;
}

static void next(Hoc *h)
{
    lex(h);
}

static bool is_op(const Hoc *h, int op)
{
    return h->tok.kind == T_OP && h->tok.op == op;
}

static bool is_word(const Hoc *h, const char *w)
{
    return h->tok.kind == T_NAME && strcmp(h->tok.text, w) == 0;
}

static const char *tok_desc(const Hoc *h)
{
    const Tok *t = &h->tok;
    switch (t->kind) {
    case T_EOF: return "the end of the file";
    case T_NL: return "the end of the line";
    case T_NUM: return "a number";
    case T_STR: return "a string";
    case T_ARG: return "an argument";
    case T_NAME: return arena_printf(h->a, "'%s'", t->text);
    case T_OP: break;
    }
    static const char *const names[] = {"==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/="};
    if (t->op >= OP_EQ)
        return arena_printf(h->a, "'%s'", names[t->op - OP_EQ]);
    return arena_printf(h->a, "'%c'", t->op);
}

static void expect_op(Hoc *h, int op, const char *what)
{
    if (!is_op(h, op))
        fail(h, h->tok.loc, "hoc: syntax error: expected %s, found %s", what, tok_desc(h));
    next(h);
}

/* ---- symbols ---- */

static Sym *lookup(const Hoc *h, const char *name)
{
    for (int i = 0; i < h->syms.len; i++)
        if (strcmp(h->syms.data[i]->name, name) == 0)
            return h->syms.data[i];
    return NULL;
}

/* The symbol of name, created undefined when new (as hoc's lookup does). */
static Sym *intern(Hoc *h, const char *name)
{
    Sym *s = lookup(h, name);
    if (!s) {
        s = ARENA_NEW(h->a, Sym);
        s->name = name;
        s->kind = SYM_UNDEF;
        APUSH(h->a, h->syms, s);
    }
    return s;
}

static int find_local(const Hoc *h, const char *name)
{
    for (int i = 0; i < h->locals.len; i++)
        if (strcmp(h->locals.data[i], name) == 0)
            return i;
    return -1;
}

static int find_prop(const char *name)
{
    for (int i = 0; i < (int)(sizeof prop_names / sizeof *prop_names); i++)
        if (strcmp(prop_names[i], name) == 0)
            return i;
    return -1;
}

static int find_builtin(const char *name)
{
    for (int i = 0; i < (int)(sizeof builtins / sizeof *builtins); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return i;
    return -1;
}

static bool is_keyword(const char *s)
{
    static const char *const kw[] = {"if", "else", "for", "while", "create", "connect", "access",
                                     "return", "break", "continue", "forall", "print", "proc",
                                     "func", "local"};
    for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
        if (strcmp(s, kw[i]) == 0)
            return true;
    return false;
}

/* ---- parser ---- */

static Node *new_node(Hoc *h, NodeKind k, SrcLoc loc)
{
    Node *n = ARENA_NEW(h->a, Node);
    n->kind = k;
    n->loc = loc;
    return n;
}

static Node *parse_expr(Hoc *h);
static Node *parse_stmt(Hoc *h);

/* section: NAME ['[' expr ']'] */
static SecRef *parse_secref(Hoc *h)
{
    SecRef *r = ARENA_NEW(h->a, SecRef);
    r->loc = h->tok.loc;
    r->sym = lookup(h, h->tok.text);
    next(h);
    if (is_op(h, '[')) {
        if (!r->sym->is_array)
            fail(h, h->tok.loc, "hoc: section '%s' is not an array", r->sym->name);
        next(h);
        r->index = parse_expr(h);
        expect_op(h, ']', "']'");
        if (is_op(h, '['))
            unsupported(h, h->tok.loc, "arrays of more than one dimension");
    }
    return r;
}

static bool is_section_name(const Hoc *h)
{
    if (h->tok.kind != T_NAME || find_local(h, h->tok.text) >= 0)
        return false;
    const Sym *s = lookup(h, h->tok.text);
    return s && s->kind == SYM_SEC;
}

/* arglist: [(STRING | expr) {',' (STRING | expr)}] ')' -- after '(' */
static void parse_args(Hoc *h, NodeList *args)
{
    if (is_op(h, ')')) {
        next(h);
        return;
    }
    for (;;) {
        Node *e;
        if (h->tok.kind == T_STR) {
            e = new_node(h, N_STR, h->tok.loc);
            e->text = h->tok.text;
            next(h);
        } else {
            e = parse_expr(h);
        }
        APUSH(h->a, *args, e);
        if (is_op(h, ','))
            next(h);
        else
            break;
    }
    expect_op(h, ')', "')' or ','");
}

/* A section property after '.': nseg, L, diam, Ra, cm. */
static int parse_prop_name(Hoc *h)
{
    if (h->tok.kind != T_NAME)
        fail(h, h->tok.loc, "hoc: syntax error: expected a section property, found %s", tok_desc(h));
    int p = find_prop(h->tok.text);
    if (p < 0)
        fail(h, h->tok.loc, "hoc: section property '%s' is not supported by nrncc's geometry reader",
             h->tok.text);
    next(h);
    if (is_op(h, '('))
        fail(h, h->tok.loc,
             "hoc: values at a position ('%s(x)') are not supported by nrncc's geometry reader",
             prop_names[p]);
    return p;
}

static Node *parse_name(Hoc *h)
{
    Tok t = h->tok;
    const char *name = t.text;
    if (is_unsupported_word(name))
        unsupported(h, t.loc, name);
    if (is_keyword(name))
        fail(h, t.loc, "hoc: syntax error: '%s' cannot be used here", name);
    int slot = find_local(h, name);
    if (slot >= 0) {
        next(h);
        if (is_op(h, '[') || is_op(h, '('))
            fail(h, h->tok.loc, "hoc: local variable '%s' is not an array or a function", name);
        Node *n = new_node(h, N_LOCAL, t.loc);
        n->index = slot;
        return n;
    }
    Sym *s = lookup(h, name);
    if (s && s->kind == SYM_SEC) {
        Node *n = new_node(h, N_PROP, t.loc);
        n->sec = parse_secref(h);
        expect_op(h, '.', "'.' and a property after a section name");
        n->op = parse_prop_name(h);
        return n;
    }
    int p = find_prop(name);
    if (p >= 0) {
        next(h);
        if (is_op(h, '('))
            fail(h, h->tok.loc,
                 "hoc: values at a position ('%s(x)') are not supported by nrncc's geometry reader", name);
        Node *n = new_node(h, N_PROP, t.loc);
        n->op = p;
        return n;
    }
    next(h);
    if (is_op(h, '(')) {
        next(h);
        Node *n = new_node(h, N_CALL, t.loc);
        n->text = name;
        int b = find_builtin(name);
        if (b >= 0 && !(s && (s->kind == SYM_PROC || s->kind == SYM_FUNC))) {
            n->op = builtins[b].b;
        } else {
            n->op = B_NONE;
            n->sym = intern(h, name);
        }
        parse_args(h, &n->list);
        if (n->op != B_NONE) {
            int min = builtins[b].min, max = builtins[b].max;
            if (n->list.len < min || (max >= 0 && n->list.len > max))
                fail(h, t.loc, "hoc: '%s' takes %d argument%s", name, n->list.len < min ? min : max,
                     (n->list.len < min ? min : max) == 1 ? "" : "s");
        }
        return n;
    }
    if (is_op(h, '['))
        unsupported(h, h->tok.loc, "arrays of numbers");
    if (find_builtin(name) >= 0 && !(s && s->kind == SYM_VAR))
        fail(h, t.loc, "hoc: '%s' is a function: write '%s(...)'", name, name);
    Node *n = new_node(h, N_GLOBAL, t.loc);
    n->sym = intern(h, name);
    return n;
}

static Node *parse_unary(Hoc *h);

static void enter(Hoc *h)
{
    if (++h->nest > MAX_NEST)
        fail(h, h->tok.loc, "hoc: statements or expressions nested too deeply (more than %d)", MAX_NEST);
}

static Node *parse_primary(Hoc *h)
{
    Tok t = h->tok;
    switch (t.kind) {
    case T_NUM: {
        next(h);
        Node *n = new_node(h, N_NUM, t.loc);
        n->num = t.num;
        return n;
    }
    case T_ARG: {
        if (!h->in_defn)
            fail(h, t.loc, "hoc: '$%d' outside a procedure", (int)t.num);
        if (t.num < 1)
            fail(h, t.loc, "hoc: there is no argument '$0'");
        next(h);
        Node *n = new_node(h, N_ARG, t.loc);
        n->index = (int)t.num;
        return n;
    }
    case T_NAME:
        return parse_name(h);
    case T_STR:
        fail(h, t.loc, "hoc: a string cannot be used as a number");
    case T_OP:
        if (t.op == '(') {
            next(h);
            Node *e = parse_expr(h);
            expect_op(h, ')', "')'");
            return e;
        }
        break;
    default:
        break;
    }
    fail(h, t.loc, "hoc: syntax error: expected an expression, found %s", tok_desc(h));
}

/* power: primary ['^' unary]  (right associative, above unary minus) */
static Node *parse_power(Hoc *h)
{
    Node *base = parse_primary(h);
    if (!is_op(h, '^'))
        return base;
    Node *n = new_node(h, N_BIN, h->tok.loc);
    next(h);
    n->op = '^';
    n->a = base;
    enter(h);
    n->b = parse_unary(h);
    h->nest--;
    return n;
}

/* unary: '-' unary | '!' unary | power */
static Node *parse_unary(Hoc *h)
{
    if (is_op(h, '-') || is_op(h, '!')) {
        Node *n = new_node(h, is_op(h, '-') ? N_NEG : N_NOT, h->tok.loc);
        next(h);
        enter(h);
        n->a = parse_unary(h);
        h->nest--;
        return n;
    }
    return parse_power(h);
}

/* Left-associative binary levels, loosest first. */
static const int level_ops[][7] = {
    {OP_OR, 0},
    {OP_AND, 0},
    {'<', '>', OP_LE, OP_GE, OP_EQ, OP_NE, 0},
    {'+', '-', 0},
    {'*', '/', '%', 0},
};
#define NLEVELS ((int)(sizeof level_ops / sizeof *level_ops))

static int level_op(const Hoc *h, int level)
{
    if (h->tok.kind != T_OP)
        return 0;
    for (const int *op = level_ops[level]; *op; op++)
        if (h->tok.op == *op)
            return *op;
    return 0;
}

static Node *parse_level(Hoc *h, int level)
{
    if (level == NLEVELS)
        return parse_unary(h);
    Node *left = parse_level(h, level + 1);
    int op;
    while ((op = level_op(h, level)) != 0) {
        Node *n = new_node(h, N_BIN, h->tok.loc);
        next(h);
        n->op = op;
        n->a = left;
        n->b = parse_level(h, level + 1);
        left = n;
    }
    return left;
}

/* expr: lvalue ('=' | '+=' | ...) expr | or-expression */
static Node *parse_expr(Hoc *h)
{
    enter(h);
    Node *left = parse_level(h, 0);
    h->nest--;
    if (h->tok.kind != T_OP)
        return left;
    int op = h->tok.op;
    if (op != '=' && op != OP_ADDASGN && op != OP_SUBASGN && op != OP_MULASGN && op != OP_DIVASGN)
        return left;
    if (left->kind != N_GLOBAL && left->kind != N_LOCAL && left->kind != N_ARG && left->kind != N_PROP)
        fail(h, h->tok.loc, "hoc: the left side of '%s' cannot be assigned to",
             op == '=' ? "=" : tok_desc(h));
    Node *n = new_node(h, N_ASSIGN, h->tok.loc);
    next(h);
    n->op = op == '=' ? 0 : op;
    n->a = left;
    n->b = parse_expr(h);
    return n;
}

/* stmtlist '}' -- after '{' */
static Node *parse_block_rest(Hoc *h, SrcLoc loc)
{
    Node *n = new_node(h, N_BLOCK, loc);
    for (;;) {
        while (h->tok.kind == T_NL)
            next(h);
        if (is_op(h, '}')) {
            next(h);
            return n;
        }
        if (h->tok.kind == T_EOF)
            fail(h, loc, "hoc: this '{' is never closed");
        APUSH(h->a, n->list, parse_stmt(h));
    }
}

/* The statement after `if (...)`, `for ...`, a section name: it must
 * start on the same line, as hoc's grammar has it. */
static Node *parse_body(Hoc *h, const char *after)
{
    if (h->tok.kind == T_NL || h->tok.kind == T_EOF)
        fail(h, h->tok.loc, "hoc: syntax error: expected a statement after %s on the same line", after);
    return parse_stmt(h);
}

static Node *parse_if(Hoc *h)
{
    Node *n = new_node(h, N_IF, h->tok.loc);
    next(h);
    expect_op(h, '(', "'(' after 'if'");
    n->a = parse_expr(h);
    expect_op(h, ')', "')'");
    n->b = parse_body(h, "'if (...)'");
    if (is_word(h, "else")) {
        next(h);
        n->c = parse_body(h, "'else'");
    }
    return n;
}

/* for NAME '=' expr ',' expr stmt */
static Node *parse_for(Hoc *h)
{
    Node *n = new_node(h, N_FOR, h->tok.loc);
    next(h);
    if (is_op(h, '('))
        unsupported(h, h->tok.loc, "for (...)");
    if (h->tok.kind != T_NAME)
        fail(h, h->tok.loc, "hoc: syntax error: expected a variable after 'for', found %s", tok_desc(h));
    if (is_section_name(h) || find_prop(h->tok.text) >= 0)
        fail(h, h->tok.loc, "hoc: '%s' cannot be a loop variable", h->tok.text);
    n->a = parse_name(h);
    if (n->a->kind != N_GLOBAL && n->a->kind != N_LOCAL)
        fail(h, n->a->loc, "hoc: the loop variable must be a plain variable");
    expect_op(h, '=', "'='");
    n->b = parse_expr(h);
    expect_op(h, ',', "','");
    n->c = parse_expr(h);
    n->d = parse_body(h, "'for ...'");
    return n;
}

static Node *parse_while(Hoc *h)
{
    Node *n = new_node(h, N_WHILE, h->tok.loc);
    next(h);
    expect_op(h, '(', "'(' after 'while'");
    n->a = parse_expr(h);
    expect_op(h, ')', "')'");
    n->b = parse_body(h, "'while (...)'");
    return n;
}

/* create NAME ['[' expr ']'] {',' NAME ['[' expr ']']} */
static Node *parse_create(Hoc *h)
{
    Node *n = new_node(h, N_CREATE, h->tok.loc);
    next(h);
    for (;;) {
        if (h->tok.kind != T_NAME)
            fail(h, h->tok.loc, "hoc: syntax error: expected a section name, found %s", tok_desc(h));
        const char *name = h->tok.text;
        if (is_keyword(name) || is_unsupported_word(name) || find_prop(name) >= 0 ||
            find_builtin(name) >= 0)
            fail(h, h->tok.loc, "hoc: '%s' cannot be a section name", name);
        Node *item = new_node(h, N_GLOBAL, h->tok.loc);
        item->sym = intern(h, name);
        next(h);
        if (is_op(h, '[')) {
            next(h);
            item->a = parse_expr(h);
            expect_op(h, ']', "']'");
            if (is_op(h, '['))
                unsupported(h, h->tok.loc, "arrays of more than one dimension");
        }
        APUSH(h->a, n->list, item);
        if (!is_op(h, ','))
            return n;
        next(h);
    }
}

/* connect child '(' expr ')' ',' (section '(' expr ')' | expr) */
static Node *parse_connect(Hoc *h)
{
    Node *n = new_node(h, N_CONNECT, h->tok.loc);
    next(h);
    if (!is_section_name(h))
        fail(h, h->tok.loc, "hoc: syntax error: expected a section after 'connect', found %s", tok_desc(h));
    n->sec = parse_secref(h);
    expect_op(h, '(', "'(' and the end (0 or 1) of the section to connect");
    n->a = parse_expr(h);
    expect_op(h, ')', "')'");
    expect_op(h, ',', "','");
    if (is_section_name(h)) {
        n->sec2 = parse_secref(h);
        expect_op(h, '(', "'(' and the position on the parent section");
        n->b = parse_expr(h);
        expect_op(h, ')', "')'");
    } else {
        n->b = parse_expr(h);
    }
    return n;
}

static bool starts_expr(const Hoc *h)
{
    switch (h->tok.kind) {
    case T_NUM:
    case T_ARG:
        return true;
    case T_NAME:
        return strcmp(h->tok.text, "else") != 0;
    case T_OP:
        return h->tok.op == '(' || h->tok.op == '-' || h->tok.op == '!';
    default:
        return false;
    }
}

static Node *parse_print(Hoc *h)
{
    Node *n = new_node(h, N_PRINT, h->tok.loc);
    next(h);
    for (;;) {
        if (h->tok.kind == T_STR) {
            next(h);
        } else {
            APUSH(h->a, n->list, parse_expr(h));
        }
        if (!is_op(h, ','))
            return n;
        next(h);
    }
}

static Node *parse_stmt_in(Hoc *h);

static Node *parse_stmt(Hoc *h)
{
    enter(h);
    Node *n = parse_stmt_in(h);
    h->nest--;
    return n;
}

static Node *parse_stmt_in(Hoc *h)
{
    Tok t = h->tok;
    if (is_op(h, '{')) {
        next(h);
        return parse_block_rest(h, t.loc);
    }
    if (t.kind == T_NAME && find_local(h, t.text) < 0) {
        const char *w = t.text;
        if (strcmp(w, "if") == 0)
            return parse_if(h);
        if (strcmp(w, "for") == 0)
            return parse_for(h);
        if (strcmp(w, "while") == 0)
            return parse_while(h);
        if (strcmp(w, "create") == 0)
            return parse_create(h);
        if (strcmp(w, "connect") == 0)
            return parse_connect(h);
        if (strcmp(w, "print") == 0)
            return parse_print(h);
        if (strcmp(w, "access") == 0) {
            next(h);
            if (!is_section_name(h))
                fail(h, h->tok.loc, "hoc: syntax error: expected a section after 'access', found %s",
                     tok_desc(h));
            Node *n = new_node(h, N_ACCESS, t.loc);
            n->sec = parse_secref(h);
            return n;
        }
        if (strcmp(w, "forall") == 0) {
            next(h);
            Node *n = new_node(h, N_FORALL, t.loc);
            n->a = parse_body(h, "'forall'");
            return n;
        }
        if (strcmp(w, "return") == 0) {
            if (!h->in_defn)
                fail(h, t.loc, "hoc: 'return' outside a procedure");
            next(h);
            Node *n = new_node(h, N_RETURN, t.loc);
            if (starts_expr(h))
                n->a = parse_expr(h);
            return n;
        }
        if (strcmp(w, "break") == 0 || strcmp(w, "continue") == 0) {
            next(h);
            return new_node(h, w[0] == 'b' ? N_BREAK : N_CONTINUE, t.loc);
        }
        if (strcmp(w, "else") == 0)
            fail(h, t.loc, "hoc: syntax error: 'else' must follow its 'if' statement on the same line");
        if (strcmp(w, "proc") == 0 || strcmp(w, "func") == 0)
            fail(h, t.loc, "hoc: syntax error: '%s' definitions must be at the top level", w);
        if (strcmp(w, "local") == 0)
            fail(h, t.loc, "hoc: syntax error: 'local' must come right after the '{' of a procedure");
        if (is_section_name(h)) {
            /* `sec stmt`, unless it is `sec.prop ...` (an expression) */
            size_t pos = h->pos;
            int line = h->line, col = h->col;
            Tok save = h->tok;
            SecRef *r = parse_secref(h);
            if (!is_op(h, '.')) {
                Node *n = new_node(h, N_SECSTMT, t.loc);
                n->sec = r;
                n->a = parse_body(h, arena_printf(h->a, "section '%s'", r->sym->name));
                return n;
            }
            h->pos = pos;
            h->line = line;
            h->col = col;
            h->tok = save;
        }
    }
    Node *n = new_node(h, N_EXPR, t.loc);
    n->a = parse_expr(h);
    return n;
}

/* defn: (proc | func) NAME '(' ')' '{' [local NAME {',' NAME}] stmtlist '}' */
static void parse_defn(Hoc *h)
{
    bool is_func = is_word(h, "func");
    next(h);
    if (h->tok.kind != T_NAME)
        fail(h, h->tok.loc, "hoc: syntax error: expected a name after '%s', found %s",
             is_func ? "func" : "proc", tok_desc(h));
    SrcLoc at = h->tok.loc;
    const char *name = h->tok.text;
    if (is_keyword(name) || is_unsupported_word(name) || find_prop(name) >= 0 || find_builtin(name) >= 0)
        fail(h, at, "hoc: '%s' cannot be redefined", name);
    Sym *s = intern(h, name);
    if (s->kind == SYM_VAR || s->kind == SYM_SEC)
        fail(h, at, "hoc: '%s' is already declared as a %s", name,
             s->kind == SYM_VAR ? "variable" : "section");
    next(h);
    expect_op(h, '(', "'('");
    expect_op(h, ')', "')' (hoc procedures take their arguments as $1, $2, ...)");
    SrcLoc brace = h->tok.loc;
    expect_op(h, '{', "'{' on the same line");
    Proc *p = ARENA_NEW(h->a, Proc);
    p->name = name;
    p->is_func = is_func;
    h->locals.len = 0;
    if (is_word(h, "local")) {
        do {
            next(h);
            if (h->tok.kind != T_NAME)
                fail(h, h->tok.loc, "hoc: syntax error: expected a variable name, found %s", tok_desc(h));
            if (find_local(h, h->tok.text) >= 0)
                fail(h, h->tok.loc, "hoc: '%s' is already declared local", h->tok.text);
            if (is_keyword(h->tok.text) || find_prop(h->tok.text) >= 0)
                fail(h, h->tok.loc, "hoc: '%s' cannot be a local variable", h->tok.text);
            APUSH(h->a, h->locals, h->tok.text);
            next(h);
        } while (is_op(h, ','));
    }
    if (is_word(h, "localobj"))
        unsupported(h, h->tok.loc, "localobj");
    /* known while its body is parsed, so that it can call itself */
    if (s->kind == SYM_UNDEF) {
        s->kind = is_func ? SYM_FUNC : SYM_PROC;
        s->proc = p;
    }
    h->in_defn = true;
    p->body = parse_block_rest(h, brace);
    h->in_defn = false;
    p->nlocals = h->locals.len;
    h->locals.len = 0;
    s->kind = is_func ? SYM_FUNC : SYM_PROC;
    s->proc = p;
}

/* ---- execution ---- */

static double eval(Hoc *h, Node *n);
static Flow exec(Hoc *h, Node *n);

static HSec *section(Hoc *h, int i)
{
    return &h->secs.data[i];
}

static int current_section(Hoc *h, SrcLoc loc)
{
    if (h->stack.len > 0)
        return h->stack.data[h->stack.len - 1];
    if (h->accessed < 0)
        fail(h, loc, "hoc: no section is accessed here (create one first)");
    return h->accessed;
}

static int resolve_sec(Hoc *h, const SecRef *r)
{
    const Sym *s = r->sym;
    int i = 0;
    if (r->index) {
        double v = eval(h, r->index);
        if (!(v + HOC_EPS >= 0) || v + HOC_EPS >= s->count)
            fail(h, r->index->loc, "hoc: index %g is out of range for section array '%s[%d]'", v,
                 s->name, s->count);
        i = (int)(v + HOC_EPS);
    }
    if (s->kind != SYM_SEC)
        die("hoc: section reference to a non-section");
    return s->first + i;
}

static void step(Hoc *h, SrcLoc loc)
{
    if (++h->steps > MAX_STEPS)
        fail(h, loc, "hoc: the program runs too long (more than %ld statements)", MAX_STEPS);
}

/* hoc's fscan(): the next word of the file that reads as a number
 * (words starting with i, n, I or N are skipped, as are words that do not
 * start with a number), then the blanks after it. */
static double fscan(Hoc *h, SrcLoc loc)
{
    const char *t = h->src->text;
    size_t len = h->src->len, p = h->fscan_pos;
    for (;;) {
        while (p < len && isspace((unsigned char)t[p]))
            p++;
        if (p >= len)
            fail(h, loc, "hoc: fscan() found no more numbers in the file");
        size_t start = p;
        while (p < len && !isspace((unsigned char)t[p]) && p - start < 255)
            p++;
        char c = t[start];
        if (c == 'i' || c == 'n' || c == 'I' || c == 'N')
            continue;
        char word[256];
        memcpy(word, t + start, p - start);
        word[p - start] = 0;
        char *end;
        double v = strtod(word, &end);
        if (end == word)
            continue;
        while (p < len && isspace((unsigned char)t[p]))
            p++;
        h->fscan_pos = p;
        return v;
    }
}

/* hoc's math library: domain errors stop the program, range errors only
 * warn in hoc (we say nothing) and the value is used. */
static double domain(Hoc *h, SrcLoc loc, const char *what, double v)
{
    if (isnan(v))
        fail(h, loc, "hoc: %s: argument out of domain", what);
    return v;
}

/* hoc's int(): toward zero, allowing float_epsilon */
static double hoc_int(double x)
{
    return x < 0 ? (double)(long long)(x - HOC_EPS) : (double)(long long)(x + HOC_EPS);
}

static double call_builtin(Hoc *h, Node *n)
{
    int na = n->list.len;
    double v[4] = {0};
    if (n->op != B_PRINTF)
        for (int i = 0; i < na && i < 4; i++)
            v[i] = eval(h, n->list.data[i]);
    switch ((Builtin)n->op) {
    case B_ABS: return fabs(v[0]);
    case B_INT:
        if (!(fabs(v[0]) < 9e18))
            fail(h, n->loc, "hoc: int: argument out of range");
        return hoc_int(v[0]);
    case B_SQRT: return domain(h, n->loc, "sqrt", sqrt(v[0]));
    case B_EXP:
        if (v[0] < -700)
            return 0;
        return exp(v[0] > 700 ? 700 : v[0]);
    case B_LOG: return domain(h, n->loc, "log", log(v[0]));
    case B_LOG10: return domain(h, n->loc, "log10", log10(v[0]));
    case B_SIN: return sin(v[0]);
    case B_COS: return cos(v[0]);
    case B_ATAN: return atan(v[0]);
    case B_ATAN2: return atan2(v[0], v[1]);
    case B_FSCAN: return fscan(h, n->loc);
    case B_NUMARG:
        if (!h->frame)
            fail(h, n->loc, "hoc: 'numarg' outside a procedure");
        return h->frame->nargs;
    case B_PT3DADD: {
        HSec *s = section(h, current_section(h, n->loc));
        MorphPoint p = {v[0], v[1], v[2], v[3]};
        APUSH(h->a, s->pts, p);
        double arc = 0;
        if (s->arc.len > 0) {
            double two[2];
            morph_arcs(&s->pts.data[s->pts.len - 2], 2, two);
            arc = s->arc.data[s->arc.len - 1] + two[1];
        }
        APUSH(h->a, s->arc, arc);
        s->L = s->diam = NAN;   /* the points define them now */
        return 1;
    }
    case B_PT3DCLEAR: {
        HSec *s = section(h, current_section(h, n->loc));
        s->pts.len = s->arc.len = 0;
        return 1;
    }
    case B_N3D: return section(h, current_section(h, n->loc))->pts.len;
    case B_PRINTF:
        if (n->list.data[0]->kind != N_STR)
            fail(h, n->list.data[0]->loc, "hoc: printf needs a format string first");
        for (int i = 1; i < na; i++)
            if (n->list.data[i]->kind != N_STR)
                eval(h, n->list.data[i]);
        return 0;
    case B_NONE: break;
    }
    die("hoc: unknown builtin %d", n->op);
}

static double call_user(Hoc *h, Node *n)
{
    Sym *s = n->sym;
    if (s->kind != SYM_PROC && s->kind != SYM_FUNC) {
        if (s->kind == SYM_UNDEF)
            unsupported(h, n->loc, s->name);
        fail(h, n->loc, "hoc: '%s' is not a procedure or function", s->name);
    }
    Proc *p = s->proc;
    int na = n->list.len;
    double *args = ARENA_NEWN(h->a, double, na > 0 ? na : 1);
    for (int i = 0; i < na; i++) {
        if (n->list.data[i]->kind == N_STR)
            fail(h, n->list.data[i]->loc, "hoc: string arguments are not supported by nrncc's geometry reader");
        args[i] = eval(h, n->list.data[i]);
    }
    if (h->depth >= MAX_DEPTH)
        fail(h, n->loc, "hoc: calls nested too deeply (more than %d)", MAX_DEPTH);
    double locals_buf[16];
    double *locals = p->nlocals <= 16 ? locals_buf : ARENA_NEWN(h->a, double, p->nlocals);
    for (int i = 0; i < p->nlocals; i++)
        locals[i] = 0;
    Frame f = {args, na, locals, 0};
    Frame *saved = h->frame;
    int stack_len = h->stack.len;
    h->frame = &f;
    h->depth++;
    exec(h, p->body);
    h->depth--;
    h->frame = saved;
    h->stack.len = stack_len;
    return p->is_func ? f.ret : 0;
}

static double prop_get(Hoc *h, Node *n)
{
    int si = n->sec ? resolve_sec(h, n->sec) : current_section(h, n->loc);
    HSec *s = section(h, si);
    switch ((Prop)n->op) {
    case P_NSEG: return s->nseg > 0 ? s->nseg : 1;
    case P_L:
        if (s->pts.len > 1) {
            double L = s->arc.data[s->pts.len - 1];
            return L < 1e-9 ? 1e-9 : L;
        }
        return isnan(s->L) ? 100 : s->L;
    case P_DIAM:
        if (s->pts.len > 0) {
            /* NEURON's segment diameter from the points: simple only when
             * they all have one diameter */
            float d0 = fabsf((float)s->pts.data[0].d);
            for (int i = 1; i < s->pts.len; i++)
                if (fabsf((float)s->pts.data[i].d) != d0)
                    fail(h, n->loc, "hoc: reading 'diam' of a section whose 3-d points differ in "
                                    "diameter is not supported by nrncc's geometry reader");
            return d0;
        }
        return isnan(s->diam) ? 500 : s->diam;
    case P_RA: return isnan(s->Ra) ? 35.4 : s->Ra;
    case P_CM: return isnan(s->cm) ? 1 : s->cm;
    }
    return 0;
}

/* `L = v` on a section with 3-D points, as NEURON does it: the points
 * move away from the first one by the factor v/L (computed from their
 * float32 values), and the arcs NEURON keeps are scaled too (not
 * recomputed, so L becomes the scaled last arc, not exactly v). */
static void scale_length(Hoc *h, HSec *s, double v, SrcLoc loc)
{
    int n = s->pts.len;
    double l = n > 1 ? s->arc.data[n - 1] : 0;
    if (!(l > 0))
        fail(h, loc, "hoc: setting 'L' of a section whose 3-d points have no length is not "
                     "supported by nrncc's geometry reader");
    double fac = v / l;
    double x0 = (float)s->pts.data[0].x, y0 = (float)s->pts.data[0].y, z0 = (float)s->pts.data[0].z;
    for (int i = 0; i < n; i++) {
        MorphPoint *p = &s->pts.data[i];
        s->arc.data[i] *= fac;
        p->x = x0 + ((float)p->x - x0) * fac;
        p->y = y0 + ((float)p->y - y0) * fac;
        p->z = z0 + ((float)p->z - z0) * fac;
    }
}

static void prop_set(Hoc *h, Node *n, double v, SrcLoc loc)
{
    int si = n->sec ? resolve_sec(h, n->sec) : current_section(h, n->loc);
    HSec *s = section(h, si);
    switch ((Prop)n->op) {
    case P_NSEG:
        if (!(v >= 1) || v > 32767)
            fail(h, loc, "hoc: nseg must be between 1 and 32767, not %g", v);
        s->nseg = (int)v;
        return;
    case P_L:
    case P_DIAM:
        if (!(v > 0))
            fail(h, loc, "hoc: %s must be positive, not %g", prop_names[n->op], v);
        if (s->pts.len == 0) {
            if (n->op == P_L)
                s->L = v;
            else
                s->diam = v;
        } else if (n->op == P_DIAM) {
            /* NEURON gives every 3-D point the new segment diameter */
            for (int i = 0; i < s->pts.len; i++)
                s->pts.data[i].d = v;
        } else {
            scale_length(h, s, v, loc);
        }
        return;
    case P_RA:
        if (!(v > 0))
            fail(h, loc, "hoc: Ra must be positive, not %g", v);
        s->Ra = v;
        return;
    case P_CM:
        if (!(v >= 0))
            fail(h, loc, "hoc: cm must not be negative, not %g", v);
        s->cm = v;
        return;
    }
}

static double *arg_slot(Hoc *h, Node *n)
{
    if (!h->frame || n->index > h->frame->nargs)
        fail(h, n->loc, "hoc: there is no argument '$%d' here", n->index);
    return &h->frame->args[n->index - 1];
}

static double binary(Hoc *h, int op, double x, double y, SrcLoc loc)
{
    switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/':
        if (y == 0)
            fail(h, loc, "hoc: division by zero");
        return x / y;
    case '%': {
        /* hoc's modulus: into [0, y) */
        if (y <= 0)
            fail(h, loc, "hoc: a%%b needs b > 0");
        double r = x;
        if (r >= y)
            r = x - floor(x / y) * y;
        else if (r <= -y)
            r = x + floor(-x / y) * y;
        if (r > y)
            r -= y;
        if (r < 0)
            r += y;
        return r;
    }
    case '^': return domain(h, loc, "exponentiation", pow(x, y));
    case '>': return x > y + HOC_EPS;
    case '<': return x < y - HOC_EPS;
    case OP_GE: return x >= y - HOC_EPS;
    case OP_LE: return x <= y + HOC_EPS;
    case OP_EQ: return x <= y + HOC_EPS && x >= y - HOC_EPS;
    case OP_NE: return x < y - HOC_EPS || x > y + HOC_EPS;
    case OP_AND: return x != 0 && y != 0;
    case OP_OR: return x != 0 || y != 0;
    }
    die("hoc: unknown operator %d", op);
}

static double assign(Hoc *h, Node *n)
{
    Node *target = n->a;
    double v = eval(h, n->b);
    if (n->op) {
        double old;
        switch (target->kind) {
        case N_PROP: old = prop_get(h, target); break;
        default: old = eval(h, target); break;
        }
        int op = n->op == OP_ADDASGN ? '+' : n->op == OP_SUBASGN ? '-' : n->op == OP_MULASGN ? '*' : '/';
        v = binary(h, op, old, v, n->loc);
    }
    switch (target->kind) {
    case N_GLOBAL: {
        Sym *s = target->sym;
        if (s->kind == SYM_UNDEF)
            s->kind = SYM_VAR;
        if (s->kind != SYM_VAR)
            fail(h, target->loc, "hoc: '%s' is not a variable", s->name);
        s->val = v;
        break;
    }
    case N_LOCAL: h->frame->locals[target->index] = v; break;
    case N_ARG: *arg_slot(h, target) = v; break;
    case N_PROP: prop_set(h, target, v, target->loc); break;
    default: die("hoc: bad assignment target");
    }
    return v;
}

static double eval_in(Hoc *h, Node *n)
{
    switch (n->kind) {
    case N_NUM: return n->num;
    case N_STR: fail(h, n->loc, "hoc: a string cannot be used as a number");
    case N_GLOBAL:
        if (n->sym->kind == SYM_VAR)
            return n->sym->val;
        if (n->sym->kind == SYM_UNDEF)
            fail(h, n->loc, "hoc: undefined variable '%s'", n->sym->name);
        fail(h, n->loc, "hoc: '%s' is not a variable", n->sym->name);
    case N_LOCAL: return h->frame->locals[n->index];
    case N_ARG: return *arg_slot(h, n);
    case N_NEG: return -eval(h, n->a);
    case N_NOT: return eval(h, n->a) == 0;
    case N_BIN: {
        /* hoc evaluates both sides, && and || included */
        double x = eval(h, n->a);
        double y = eval(h, n->b);
        return binary(h, n->op, x, y, n->loc);
    }
    case N_CALL: return n->op != B_NONE ? call_builtin(h, n) : call_user(h, n);
    case N_ASSIGN: return assign(h, n);
    case N_PROP: return prop_get(h, n);
    default: break;
    }
    die("hoc: eval of a statement");
}

static void create(Hoc *h, Node *item)
{
    Sym *s = item->sym;
    if (s->kind == SYM_SEC)
        unsupported(h, item->loc, arena_printf(h->a, "create %s (again)", s->name));
    if (s->kind != SYM_UNDEF)
        fail(h, item->loc, "hoc: '%s' is already declared as a %s", s->name,
             s->kind == SYM_VAR ? "variable" : "procedure");
    int count = 1;
    if (item->a) {
        double v = eval(h, item->a);
        if (!(v >= 1) || v > 1e6)
            fail(h, item->a->loc, "hoc: section array size must be between 1 and 1000000, not %g", v);
        count = (int)(v + HOC_EPS);
    }
    s->kind = SYM_SEC;
    s->is_array = item->a != NULL;
    s->first = h->secs.len;
    s->count = count;
    for (int i = 0; i < count; i++) {
        HSec sec = {0};
        sec.name = s->is_array ? arena_printf(h->a, "%s[%d]", s->name, i) : s->name;
        sec.loc = item->loc;
        sec.parent = -1;
        sec.conn = -1;
        sec.L = sec.diam = sec.Ra = sec.cm = NAN;
        APUSH(h->a, h->secs, sec);
    }
    if (h->accessed < 0)
        h->accessed = s->first;   /* NEURON's default section: the first one created */
}

static void connect(Hoc *h, Node *n)
{
    int child = resolve_sec(h, n->sec);
    double cx = eval(h, n->a);
    int parent = n->sec2 ? resolve_sec(h, n->sec2) : current_section(h, n->loc);
    double px = eval(h, n->b);
    HSec *c = section(h, child);
    if (cx != 0 && cx != 1)
        fail(h, n->a->loc, "hoc: '%s' must connect at position 0 or 1, not %g", c->name, cx);
    if (!(px >= 0 && px <= 1))
        fail(h, n->b->loc, "hoc: the position on '%s' must be in [0, 1], not %g",
             section(h, parent)->name, px);
    for (int p = parent; p >= 0; p = section(h, p)->parent)
        if (p == child)
            fail(h, n->loc, "hoc: connecting '%s' to '%s' would make a loop", c->name,
                 section(h, parent)->name);
    c->parent = parent;
    c->px = px;
    c->cx = cx;
    c->conn = h->nconn++;
}

static Flow exec_in(Hoc *h, Node *n)
{
    step(h, n->loc);
    switch (n->kind) {
    case N_EXPR: eval(h, n->a); return FLOW_NEXT;
    case N_BLOCK:
        for (int i = 0; i < n->list.len; i++) {
            Flow f = exec(h, n->list.data[i]);
            if (f != FLOW_NEXT)
                return f;
        }
        return FLOW_NEXT;
    case N_IF:
        if (eval(h, n->a) != 0)
            return exec(h, n->b);
        return n->c ? exec(h, n->c) : FLOW_NEXT;
    case N_FOR: {
        /* both bounds once, the end allowing hoc's epsilon */
        double from = eval(h, n->b);
        double to = eval(h, n->c) + HOC_EPS;
        double *var;
        if (n->a->kind == N_LOCAL) {
            var = &h->frame->locals[n->a->index];
        } else {
            Sym *s = n->a->sym;
            if (s->kind == SYM_UNDEF)
                s->kind = SYM_VAR;
            if (s->kind != SYM_VAR)
                fail(h, n->a->loc, "hoc: '%s' is not a variable", s->name);
            var = &s->val;
        }
        for (*var = from; *var <= to; *var += 1) {
            step(h, n->loc);
            Flow f = exec(h, n->d);
            if (f == FLOW_BREAK)
                break;
            if (f == FLOW_RETURN)
                return f;
        }
        return FLOW_NEXT;
    }
    case N_WHILE:
        while (eval(h, n->a) != 0) {
            step(h, n->loc);
            Flow f = exec(h, n->b);
            if (f == FLOW_BREAK)
                break;
            if (f == FLOW_RETURN)
                return f;
        }
        return FLOW_NEXT;
    case N_CREATE:
        for (int i = 0; i < n->list.len; i++)
            create(h, n->list.data[i]);
        return FLOW_NEXT;
    case N_ACCESS: h->accessed = resolve_sec(h, n->sec); return FLOW_NEXT;
    case N_SECSTMT: {
        int s = resolve_sec(h, n->sec);
        APUSH(h->a, h->stack, s);
        Flow f = exec(h, n->a);
        h->stack.len--;
        return f;
    }
    case N_CONNECT: connect(h, n); return FLOW_NEXT;
    case N_RETURN:
        if (n->a)
            h->frame->ret = eval(h, n->a);
        return FLOW_RETURN;
    case N_BREAK: return FLOW_BREAK;
    case N_CONTINUE: return FLOW_CONTINUE;
    case N_FORALL:
        for (int i = 0; i < h->secs.len; i++) {
            APUSH(h->a, h->stack, i);
            Flow f = exec(h, n->a);
            h->stack.len--;
            if (f == FLOW_BREAK)
                break;
            if (f == FLOW_RETURN)
                return f;
        }
        return FLOW_NEXT;
    case N_PRINT:
        for (int i = 0; i < n->list.len; i++)
            eval(h, n->list.data[i]);
        return FLOW_NEXT;
    default: break;
    }
    die("hoc: exec of an expression");
}

static void deeper(Hoc *h, SrcLoc loc)
{
    if (++h->recursion > MAX_RECURSION)
        fail(h, loc, "hoc: the program nests too deeply");
}

static double eval(Hoc *h, Node *n)
{
    deeper(h, n->loc);
    double v = eval_in(h, n);
    h->recursion--;
    return v;
}

static Flow exec(Hoc *h, Node *n)
{
    deeper(h, n->loc);
    Flow f = exec_in(h, n);
    h->recursion--;
    return f;
}

/* ---- top level ---- */

/* list: { '\n' | defn '\n' | stmt '\n' }: each statement runs when its
 * line is complete; fscan() reads on from there. */
static void run_file(Hoc *h)
{
    next(h);
    for (;;) {
        while (h->tok.kind == T_NL)
            next(h);
        if (h->tok.kind == T_EOF)
            return;
        bool defn = is_word(h, "proc") || is_word(h, "func");
        Node *stmt = NULL;
        if (defn)
            parse_defn(h);
        else
            stmt = parse_stmt(h);
        if (h->tok.kind != T_NL && h->tok.kind != T_EOF)
            fail(h, h->tok.loc, "hoc: syntax error: expected the end of the line, found %s", tok_desc(h));
        if (!stmt) {
            next(h);
            continue;
        }
        size_t end = h->tok.kind == T_NL ? h->tok.end : h->src->len;
        h->fscan_pos = end;
        Flow f = exec(h, stmt);
        if (f == FLOW_BREAK || f == FLOW_CONTINUE)
            fail(h, stmt->loc, "hoc: '%s' outside a loop", f == FLOW_BREAK ? "break" : "continue");
        h->stack.len = 0;
        if (h->tok.kind == T_EOF)
            return;
        seek(h, h->fscan_pos > end ? h->fscan_pos : end);
        next(h);
    }
}

static void build(Hoc *h, Morphology *out)
{
    int n = h->secs.len;
    MorphSection *ms = ARENA_NEWN(h->a, MorphSection, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        HSec *s = section(h, i);
        MorphSection *m = &ms[i];
        m->name = s->name;
        m->parent = s->parent;
        m->parent_x = s->parent >= 0 ? s->px : -1;
        m->child_x = s->parent >= 0 ? s->cx : 0;
        m->conn_order = s->parent >= 0 ? s->conn : -1;
        m->pts = s->pts.data;
        m->arc = s->arc.len ? s->arc.data : NULL;
        m->npts = s->pts.len;
        m->nseg = s->nseg;
        m->L = s->L;
        m->diam = s->diam;
        m->Ra = s->Ra;
        m->cm = s->cm;
        m->loc = s->loc;
    }
    out->secs = ms;
    out->nsecs = n;
}

/* Everything that may fail, kept out of the function that calls setjmp. */
static void load(Hoc *h, Morphology *out)
{
    run_file(h);
    if (h->secs.len == 0)
        fail(h, (SrcLoc){h->src, 1, 1}, "hoc: the file creates no sections");
    build(h, out);
}

bool morph_read_hoc(Arena *a, Diag *d, const char *path, SrcLoc from, Morphology *out)
{
    const SrcFile *src = morph_load_file(a, d, path, from);
    if (!src)
        return false;
    Hoc *h = ARENA_NEW(a, Hoc);
    h->a = a;
    h->d = d;
    h->src = src;
    h->line = h->col = 1;
    h->accessed = -1;
    if (setjmp(h->fail))
        return false;
    load(h, out);
    return true;
}
