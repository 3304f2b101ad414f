/* nrn_lexer.c - between the scanner and the parser of model files: the
 * unit filter, and the parse entry point.
 *
 * A number may be followed by unit words: `10 um`, `100 ohm cm`,
 * `0.12 S/cm2`.  An identifier after a number belongs to its unit when it
 * reads as a unit and the token after it is not one of `= ( . [ {` (which
 * would make it the start of the next statement: `... ohm cm  cm = 1`);
 * `/` continues a unit when a unit word follows it.  The merged unit text
 * travels with the NUMBER token.
 */
#include <string.h>

#include "nrn_parse.h"
#include "nrn.tab.h"
#include "units.h"

void nrn_list_push(Arena *a, NrnList *l, NrnNode *n)
{
    if (l->len == l->cap)
        l->items = arena_grow(a, l->items, sizeof *l->items, l->len, &l->cap);
    l->items[l->len++] = n;
}

NrnNode *nrn_node(Arena *a, NrnKind kind, SrcLoc loc)
{
    NrnNode *n = ARENA_NEW(a, NrnNode);
    n->kind = kind;
    n->loc = loc;
    return n;
}

/* The k-th token ahead (0 = next), reading from the scanner as needed. */
static NrnTok *peek(NrnParser *p, int k)
{
    while (p->qlen <= k)
        nrnraw_next(&p->queue[p->qlen++], p->scanner);
    return &p->queue[k];
}

static NrnTok take(NrnParser *p)
{
    NrnTok t = *peek(p, 0);
    memmove(p->queue, p->queue + 1, sizeof(NrnTok) * (size_t)(p->qlen - 1));
    p->qlen--;
    return t;
}

static bool is_unit_word(const NrnTok *t)
{
    if (t->kind != IDENT)
        return false;
    Unit u;
    char err[8];
    return units_parse(t->text, &u, err, sizeof err);
}

static bool starts_statement(int kind)
{
    return kind == '=' || kind == '(' || kind == '.' || kind == '[' || kind == '{';
}

/* Merges the unit after a NUMBER; returns the unit text or NULL. */
static const char *take_unit(NrnParser *p, SrcLoc *where)
{
    StrBuf b = {0};
    for (;;) {
        int k = 0;
        bool slash = false;
        if (b.len && peek(p, 0)->kind == '/') {
            slash = true;
            k = 1;
        }
        NrnTok *w = peek(p, k);
        if (!is_unit_word(w) || starts_statement(peek(p, k + 1)->kind))
            break;
        if (!b.len)
            *where = w->loc;
        if (slash) {
            take(p);
            sb_putc(&b, '/');
        } else if (b.len) {
            sb_putc(&b, ' ');
        }
        sb_puts(&b, take(p).text);
    }
    const char *unit = b.len ? arena_strdup(p->lex.arena, b.s) : NULL;
    sb_free(&b);
    return unit;
}

int nrn_lex(NRN_STYPE *lval, NRN_LTYPE *lloc, NrnParser *p)
{
    NrnTok t = take(p);
    lloc->first_line = lloc->last_line = t.loc.line;
    lloc->first_column = lloc->last_column = t.loc.col;
    switch (t.kind) {
    case NUMBER:
        lval->num.v = t.num;
        lval->num.text = t.text;
        lval->num.unit_loc = t.loc;
        lval->num.unit = take_unit(p, &lval->num.unit_loc);
        break;
    case IDENT:
        if (p->prev == KW_RECORD && !strcmp(t.text, "range") && peek(p, 0)->kind == IDENT)
            t.kind = KW_RANGE;
        /* plot shape ... / plot traces / plot html (words only there); a
         * plot's `range LOW HIGH` on the line of its `plot` */
        if (!strcmp(t.text, "plot") && peek(p, 0)->kind == IDENT &&
            (!strcmp(peek(p, 0)->text, "shape") || !strcmp(peek(p, 0)->text, "traces") ||
             !strcmp(peek(p, 0)->text, "html"))) {
            const char *w = take(p).text;
            t.kind = !strcmp(w, "shape") ? KW_PLOTSHAPE : !strcmp(w, "traces") ? KW_PLOTTRACES : KW_PLOTHTML;
            p->plot_line = t.loc.line;
        } else if (p->plot_line == t.loc.line && !strcmp(t.text, "range")) {
            t.kind = KW_RANGE;
            p->plot_line = 0;
        } else if (p->record_line == t.loc.line && !strcmp(t.text, "every") && p->prev != KW_RECORD &&
                   p->prev != ',') {
            /* `record X, Y every 0.1 ms` (after a value, on the record's line) */
            t.kind = KW_EVERY;
            p->record_line = 0;
        }
        lval->str = t.text;
        break;
    case STRING:
        lval->str = t.text;
        break;
    case KW_RECORD:
        p->record_line = t.loc.line;
        break;
    default:
        break;
    }
    p->prev = t.kind;
    return t.kind;
}

bool nrn_parse_file(Arena *arena, Diag *diag, const SrcFile *src, NrnFile *out)
{
    NrnParser p;
    memset(&p, 0, sizeof p);
    p.lex.arena = arena;
    p.lex.diag = diag;
    p.lex.src = src;
    p.lex.line = 1;
    p.lex.col = 1;
    p.out = out;
    out->src = src;
    int before = diag->nerrors;
    if (nrnraw_lex_init_extra(&p.lex, &p.scanner))
        die("cannot initialise the model scanner");
    nrn_scan_string_setup(src->text, src->len, p.scanner);
    int rc = nrn_parse(&p);
    nrnraw_lex_destroy(p.scanner);
    return rc == 0 && diag->nerrors == before;
}

const char *nrn_op_str(int op)
{
    switch (op) {
    case OP_LE: return "<=";
    case OP_GE: return ">=";
    case OP_EQ: return "==";
    case OP_NE: return "!=";
    case OP_AND: return "&&";
    case OP_OR: return "||";
    case '+': return "+";
    case '-': return "-";
    case '*': return "*";
    case '/': return "/";
    case '%': return "%";
    case '^': return "^";
    case '<': return "<";
    case '>': return ">";
    default: return "?";
    }
}
