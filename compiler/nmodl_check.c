/* nmodl_check.c - from a parsed .mod file to a Mech: the NEURON block
 * read, every variable classified as nocmodl classifies it (PARAMETER
 * global unless RANGE, ASSIGNED per instance unless GLOBAL, STATE per
 * instance, USEION variables as the mechanism's copies of the ion's),
 * currents listed in declaration order, blocks found.
 *
 * needs: a ModFile without syntax errors.
 * provides: a Mech, or errors at their place for constructs that are
 * wrong or that nrncc does not support yet (each named).
 * Leaves to nmodl_emit.c: names inside statements (resolved when the
 * kernels are generated).
 */
#include <stdlib.h>
#include <string.h>

#include "mech.h"

typedef struct Check {
    Arena *a;
    Diag *diag;
    Mech *m;
    /* NEURON-block name lists */
    VEC(MNode *) range, global, nonspecific, electrode, pointer;
    VEC(const char *) bbcore; /* the names BBCOREPOINTER declares (also in pointer) */
    VEC(const char *) unit_alias_from;
    VEC(const char *) unit_alias_to;
    bool in_netrecv;
    bool in_fornetcons;
    bool in_lin;         /* in a LINEAR or NONLINEAR block */
    bool in_kinetic;
    bool threadsafe;     /* the NEURON block says THREADSAFE */
} Check;

int mech_var(const Mech *m, const char *name)
{
    for (int i = 0; i < m->vars.len; i++)
        if (strcmp(m->vars.data[i].name, name) == 0)
            return i;
    return -1;
}

static bool listed(MNode **items, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(items[i]->name, name) == 0)
            return true;
    return false;
}

/* Names an NMODL file may declare that stand for NEURON's own variables. */
static bool is_neuron_global(const char *name)
{
    static const char *const names[] = {"v", "t", "dt", "celsius", "secondorder", "area", "diam", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static void parse_units(Check *c, MechVar *v)
{
    if (!v->units)
        return;
    char err[200];
    const char *text = v->units;
    for (int i = 0; i < c->unit_alias_from.len; i++)
        if (strcmp(text, c->unit_alias_from.data[i]) == 0)
            text = c->unit_alias_to.data[i];
    v->unit_ok = units_parse(text, &v->unit, err, sizeof err);
}

/* The variable `name`, created with kind k when new. */
static bool loc_before(SrcLoc a, SrcLoc b)
{
    return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* Whether a node of n's tree (a name, a call, a declaration) names name
 * at a place after at (in at's file). */
static bool node_uses_after(const MNode *n, const char *name, SrcLoc at)
{
    if (!n)
        return false;
    if (n->name && !strcmp(n->name, name) && n->loc.file == at.file && loc_before(at, n->loc))
        return true;
    if (node_uses_after(n->a, name, at) || node_uses_after(n->b, name, at) || node_uses_after(n->c, name, at) ||
        node_uses_after(n->d, name, at))
        return true;
    const MList *ls[] = {&n->list, &n->list2, &n->body};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < ls[k]->len; i++)
            if (node_uses_after(ls[k]->items[i], name, at))
                return true;
    return false;
}

static bool used_after(const ModFile *mod, const char *name, SrcLoc at)
{
    for (int i = 0; i < mod->blocks.len; i++)
        if (node_uses_after(mod->blocks.items[i], name, at))
            return true;
    return false;
}

static MechVar *var_get(Check *c, const char *name, VarKind k, SrcLoc loc, bool *is_new)
{
    int i = mech_var(c->m, name);
    if (i >= 0) {
        *is_new = false;
        return &c->m->vars.data[i];
    }
    MechVar nv;
    memset(&nv, 0, sizeof nv);
    nv.name = name;
    nv.kind = k;
    nv.loc = loc;
    nv.ion = -1;
    APUSH(c->a, c->m->vars, nv);
    *is_new = true;
    return &c->m->vars.data[c->m->vars.len - 1];
}

/* An ion variable name ("ena", "nai", "nao", "ina", "dina_dv_") of ion
 * `ion`, or false. */
static bool ion_var_name(const char *ion, const char *name)
{
    char buf[128];
    const char *forms[] = {"e%s", "%si", "%so", "i%s", "di%s_dv_"};
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        snprintf(buf, sizeof buf, forms[k], ion);
        if (strcmp(buf, name) == 0)
            return true;
    }
    return false;
}

static void check_useion(Check *c, MNode *u)
{
    Mech *m = c->m;
    for (int i = 0; i < m->ions.len; i++)
        if (strcmp(m->ions.data[i].name, u->name) == 0) {
            diag_error(c->diag, u->loc, "ion '%s' is used twice in the NEURON block", u->name);
            return;
        }
    MechIon ion;
    memset(&ion, 0, sizeof ion);
    ion.name = u->name;
    ion.loc = u->loc;
    if (u->a) {
        ion.valence = (int)u->a->num;
        ion.has_valence = true;
        if ((double)ion.valence != u->a->num)
            diag_error(c->diag, u->a->loc, "VALENCE must be a whole number");
    }
    int ionidx = m->ions.len;
    APUSH(c->a, m->ions, ion);
    for (int pass = 0; pass < 2; pass++) {
        MList *l = pass == 0 ? &u->list : &u->list2;
        for (int i = 0; i < l->len; i++) {
            MNode *n = l->items[i];
            if (!ion_var_name(u->name, n->name)) {
                diag_error(c->diag, n->loc, "'%s' is not a variable of ion '%s'", n->name, u->name);
                diag_note(c->diag, n->loc, "an ion 'x' has ex, xi, xo, ix and dix_dv_");
                continue;
            }
            bool is_new;
            MechVar *v = var_get(c, n->name, VAR_ION, n->loc, &is_new);
            if (!is_new && v->ion >= 0 && v->ion != ionidx) {
                diag_error(c->diag, n->loc, "'%s' belongs to two ions", n->name);
                continue;
            }
            v->kind = VAR_ION;
            v->ion = ionidx;
            v->range = true;
            v->visible = true;
            if (pass == 0)
                v->ion_read = true;
            else
                v->ion_write = true;
            /* The ion's concentrations and reversal potential: NEURON's styles. */
            MechIon *io = &m->ions.data[ionidx];
            char name[128];
            snprintf(name, sizeof name, "i%s", u->name);
            bool is_cur = strcmp(n->name, name) == 0;
            snprintf(name, sizeof name, "e%s", u->name);
            bool is_rev = strcmp(n->name, name) == 0;
            snprintf(name, sizeof name, "di%s_dv_", u->name);
            bool is_dcur = strcmp(n->name, name) == 0;
            if (pass == 1 && is_cur) {
                v->is_current = true; /* listed in order by check_neuron */
            } else if (is_rev) {
                int s = pass == 0 ? 1 : 3;
                if (s > io->rev_style)
                    io->rev_style = s;
            } else if (!is_cur && !is_dcur) {
                int s = pass == 0 ? 1 : 3;
                if (s > io->conc_style)
                    io->conc_style = s;
            }
        }
    }
}

static void check_neuron(Check *c, MNode *blk)
{
    Mech *m = c->m;
    for (int i = 0; i < blk->body.len; i++) {
        MNode *s = blk->body.items[i];
        if (s->kind == MK_USEION) {
            check_useion(c, s);
            continue;
        }
        const char *w = s->name;
        if (!strcmp(w, "SUFFIX") || !strcmp(w, "POINT_PROCESS") || !strcmp(w, "ARTIFICIAL_CELL")) {
            MechKind kind = !strcmp(w, "SUFFIX") ? MECH_DENSITY : !strcmp(w, "POINT_PROCESS") ? MECH_POINT
                                                                                             : MECH_ARTIFICIAL;
            if (m->name) {
                /* nocmodl keeps the last name, and a POINT_PROCESS or
                 * ARTIFICIAL_CELL once seen stays one */
                diag_warning(c->diag, s->loc, "the mechanism is already named '%s'; it is named '%s' (the last name, as nocmodl does)",
                             m->name, s->name2);
                if (kind < m->kind)
                    kind = m->kind;
            }
            m->name = s->name2;
            m->kind = kind;
        } else if (!strcmp(w, "RANGE")) {
            for (int k = 0; k < s->list.len; k++)
                VEC_PUSH(c->range, s->list.items[k]);
        } else if (!strcmp(w, "GLOBAL")) {
            for (int k = 0; k < s->list.len; k++)
                VEC_PUSH(c->global, s->list.items[k]);
        } else if (!strcmp(w, "NONSPECIFIC_CURRENT")) {
            for (int k = 0; k < s->list.len; k++)
                VEC_PUSH(c->nonspecific, s->list.items[k]);
        } else if (!strcmp(w, "ELECTRODE_CURRENT")) {
            for (int k = 0; k < s->list.len; k++)
                VEC_PUSH(c->electrode, s->list.items[k]);
        } else if (!strcmp(w, "THREADSAFE")) {
            /* every nrncc kernel is thread-safe by construction */
            c->threadsafe = true;
        } else if (!strcmp(w, "EXTERNAL")) {
            for (int k = 0; k < s->list.len; k++)
                APUSH(c->a, m->externals, s->list.items[k]);
        } else if (!strcmp(w, "POINTER")) {
            for (int k = 0; k < s->list.len; k++)
                VEC_PUSH(c->pointer, s->list.items[k]);
        } else if (!strcmp(w, "BBCOREPOINTER")) {
            /* CoreNEURON's opaque data (random streams): only VERBATIM C
             * reaches it (_p_X, a slot of its own per instance, NULL until
             * that C sets it), and that C is checked there */
            for (int k = 0; k < s->list.len; k++) {
                VEC_PUSH(c->pointer, s->list.items[k]);
                VEC_PUSH(c->bbcore, s->list.items[k]->name);
            }
        } else {
            die("unknown NEURON statement %s", w);
        }
    }
    /* Currents: ion currents were added in order by check_useion; the
     * nonspecific and electrode currents take their place in statement
     * order, so rebuild the list walking the block once more. */
    m->currents.len = 0;
    for (int i = 0; i < blk->body.len; i++) {
        MNode *s = blk->body.items[i];
        if (s->kind == MK_USEION) {
            for (int k = 0; k < s->list2.len; k++) {
                int vi = mech_var(m, s->list2.items[k]->name);
                if (vi >= 0 && m->vars.data[vi].is_current)
                    APUSH(c->a, m->currents, vi);
            }
        } else if (!strcmp(s->name, "NONSPECIFIC_CURRENT") || !strcmp(s->name, "ELECTRODE_CURRENT")) {
            bool electrode = !strcmp(s->name, "ELECTRODE_CURRENT");
            if (electrode)
                m->electrode = true;
            for (int k = 0; k < s->list.len; k++) {
                MNode *n = s->list.items[k];
                bool is_new;
                MechVar *v = var_get(c, n->name, VAR_ASSIGNED, n->loc, &is_new);
                if (v->ion >= 0) {
                    diag_error(c->diag, n->loc, "'%s' is an ion variable; it cannot also be a %s",
                               n->name, s->name);
                    continue;
                }
                v->is_current = true;
                v->range = true;
                v->visible = true; /* nocmodl makes these currents RANGE */
                APUSH(c->a, m->currents, (int)(v - m->vars.data));
            }
        }
    }
    if (c->nonspecific.len && c->electrode.len)
        diag_error(c->diag, c->electrode.data[0]->loc,
                   "a mechanism cannot have both NONSPECIFIC_CURRENT and ELECTRODE_CURRENT");
}

/* The length of an array declaration: a whole number, or a DEFINE name. */
static bool array_dim(Check *c, const MNode *e, int *dim)
{
    double v = e->num;
    if (e->kind == MK_NAME) {
        const MNode *def = NULL;
        for (int i = 0; i < c->m->defines.len; i++)
            if (!strcmp(c->m->defines.data[i]->name, e->name))
                def = c->m->defines.data[i];
        if (!def) {
            diag_error(c->diag, e->loc, "array length '%s' is not a DEFINE", e->name);
            return false;
        }
        v = def->num;
    }
    if (v != (int)v || v < 1 || v > 1000000) {
        diag_error(c->diag, e->loc, "an array length must be a whole number from 1 to 1000000");
        return false;
    }
    *dim = (int)v;
    return true;
}

/* A PARAMETER's default as NEURON has it: nocmodl writes it into its C
 * with printf's %g, six significant digits (gbar = 0.002122066 runs as
 * 0.00212207; a CONSTANT keeps its text). */
static double nocmodl_default(double x)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%g", x);
    return strtod(buf, NULL);
}

static void check_decls(Check *c, MNode *blk)
{
    VarKind k = blk->kind == MK_PARAMETER ? VAR_PARAM : blk->kind == MK_STATE ? VAR_STATE : VAR_ASSIGNED;
    for (int i = 0; i < blk->body.len; i++) {
        MNode *d = blk->body.items[i];
        int dim = 0;
        if (d->a && !array_dim(c, d->a, &dim))
            continue;
        if (is_neuron_global(d->name)) {
            if (blk->kind == MK_STATE)
                diag_error(c->diag, d->loc, "'%s' is NEURON's own variable; it cannot be a STATE", d->name);
            if (!strcmp(d->name, "diam"))
                c->m->uses_diam = true;
            if (!strcmp(d->name, "area"))
                c->m->uses_area = true;
            continue; /* v, celsius, dt, ... declared for their units */
        }
        bool is_new;
        MechVar *v = var_get(c, d->name, k, d->loc, &is_new);
        if (!is_new && v->ion < 0 &&
            (v->declared || !(v->is_current && v->kind == VAR_ASSIGNED && k == VAR_ASSIGNED))) {
            diag_error(c->diag, d->loc, "'%s' is declared twice", d->name);
            diag_note(c->diag, v->loc, "first declared here");
            continue;
        }
        if (v->ion < 0 || k == VAR_STATE)
            v->kind = k; /* an ion concentration may also be a STATE (cai' = ...) */
        v->declared = true;
        v->loc = d->loc;
        v->dim = dim;
        if (dim && v->ion >= 0) {
            diag_error(c->diag, d->loc, "an ion variable cannot be an array");
            continue;
        }
        if (d->units)
            v->units = d->units;
        if (d->b) {
            if (k == VAR_STATE) {
                diag_error(c->diag, d->b->loc, "a STATE takes its initial value in INITIAL, not '='");
            }
            v->has_value = true;
            v->value = nocmodl_default(d->b->num);
        }
        parse_units(c, v);
    }
}

static void check_constants(Check *c, MNode *blk)
{
    for (int i = 0; i < blk->body.len; i++) {
        MNode *d = blk->body.items[i];
        if (!d->b) {
            diag_error(c->diag, d->loc, "CONSTANT '%s' needs a value", d->name);
            continue;
        }
        MNode *k = mnode(c->a, MK_DEFINE, d->loc);
        k->name = d->name;
        k->num = d->b->num;
        APUSH(c->a, c->m->defines, k);
    }
}

/* UNITS { (mA) = (milliamp)   FARADAY = (faraday) (coulomb)   R = 8.314 (J/degC)
 *         foot2inch = (foot) -> (inch) } */
/* A whole number before a unit in a UNITS definition is a factor, as in
 * NEURON's unit library: FARADAY = (faraday) (10000 coulomb).  Takes it
 * out of u (in place) and returns it (1 when there is none). */
static double leading_factor(char *u)
{
    char *p = u;
    while (*p == ' ' || *p == '\t')
        p++;
    char *q = p;
    while (*q >= '0' && *q <= '9')
        q++;
    if (q == p || (*q != ' ' && *q != '\t') || q - p > 15)
        return 1;
    double v = strtod(p, NULL);
    if (v == 0)
        return 1;
    memmove(u, q, strlen(q) + 1);
    return v;
}

static void check_units_block(Check *c, MNode *blk)
{
    const char *p = blk->text;
    int line = blk->loc.line;
    while (*p) {
        /* one definition a line; ':' starts a comment */
        const char *eol = strchr(p, '\n');
        if (!eol)
            eol = p + strlen(p);
        char buf[512];
        size_t n = (size_t)(eol - p) < sizeof buf - 1 ? (size_t)(eol - p) : sizeof buf - 1;
        memcpy(buf, p, n);
        buf[n] = 0;
        char *cm = strpbrk(buf, ":?");
        if (cm)
            *cm = 0;
        SrcLoc loc = {blk->loc.file, line, 1};
        char lhs[128], u1[128], u2[128];
        double num;
        int k;
        char *s = buf;
        while (*s == ' ' || *s == '\t' || *s == '\r')
            s++;
        if (*s == 0) {
            /* blank */
        } else if (sscanf(s, " ( %127[^)] ) = ( %127[^)] )", u1, u2) == 2) {
            VEC_PUSH(c->unit_alias_from, arena_strdup(c->a, u1));
            VEC_PUSH(c->unit_alias_to, arena_strdup(c->a, u2));
        } else if ((k = sscanf(s, " %127[A-Za-z_0-9] = ( %127[^)] ) ( %127[^)] )", lhs, u1, u2)) == 3 ||
                   sscanf(s, " %127[A-Za-z_0-9] = ( %127[^)] ) -> ( %127[^)] )", lhs, u1, u2) == 3) {
            Unit a, b;
            char err[200];
            double f1 = leading_factor(u1), f2 = leading_factor(u2);
            bool ok1 = units_parse(u1, &a, err, sizeof err);
            bool ok2 = ok1 && units_parse(u2, &b, err, sizeof err);
            a.factor *= f1;
            b.factor *= f2;
            if (!ok1 || !ok2) {
                diag_error(c->diag, loc, "in UNITS: %s", err);
            } else if (!units_same_dim(a, b)) {
                diag_error(c->diag, loc, "in UNITS: '(%s)' and '(%s)' have different dimensions", u1, u2);
            } else {
                MNode *d = mnode(c->a, MK_DEFINE, loc);
                d->name = arena_strdup(c->a, lhs);
                d->num = a.factor / b.factor; /* as nocmodl: the quotient of the two magnitudes */
                APUSH(c->a, c->m->unitconsts, d);
            }
        } else if (sscanf(s, " %127[A-Za-z_0-9] = %lf", lhs, &num) == 2) {
            MNode *d = mnode(c->a, MK_DEFINE, loc);
            d->name = arena_strdup(c->a, lhs);
            d->num = num;
            APUSH(c->a, c->m->unitconsts, d);
        } else {
            diag_error(c->diag, loc, "cannot read this UNITS definition");
        }
        if (!*eol)
            break;
        p = eol + 1;
        line++;
    }
}

/* Calls to net_event/net_move anywhere below e. */
static void find_net_calls(Mech *m, const MNode *e)
{
    if (!e)
        return;
    if (e->kind == MK_CALL) {
        if (!strcmp(e->name, "net_event"))
            m->net_event = true;
        if (!strcmp(e->name, "net_move"))
            m->net_move = true;
        if (!strcmp(e->name, "net_send"))
            m->net_send = true;
    }
    find_net_calls(m, e->a);
    find_net_calls(m, e->b);
    find_net_calls(m, e->c);
    for (int i = 0; i < e->list.len; i++)
        find_net_calls(m, e->list.items[i]);
    for (int i = 0; i < e->list2.len; i++)
        find_net_calls(m, e->list2.items[i]);
    for (int i = 0; i < e->body.len; i++)
        find_net_calls(m, e->body.items[i]);
}

/* Statements nrncc does not lower yet, found anywhere in a block. */
/* LAG x BY y makes the variable lag_x_y (nocmodl's name; one per
 * mechanism, as nocmodl's C has it), made before any block refers to it. */
static void lag_vars(Check *c, const MList *body)
{
    for (int i = 0; i < body->len; i++) {
        const MNode *s = body->items[i];
        if (!s)
            continue;
        if (s->kind == MK_LAG) {
            const char *name = arena_printf(c->a, "lag_%s_%s", s->name, s->name2);
            if (mech_var(c->m, name) >= 0) {
                diag_error(c->diag, s->loc, "'%s' is already in use (a second LAG %s BY %s?)", name, s->name,
                           s->name2);
                continue;
            }
            bool is_new;
            MechVar *v = var_get(c, name, VAR_ASSIGNED, s->loc, &is_new);
            v->declared = true;
        }
        lag_vars(c, &s->body);
        lag_vars(c, &s->list2);
        if (s->kind == MK_PROTECT && s->a)
            lag_vars(c, &(MList){(MNode **)&s->a, 1, 1});
    }
}

static void check_stmts(Check *c, MList *body, MechFunc *fn)
{
    for (int i = 0; i < body->len; i++) {
        MNode *s = body->items[i];
        const char *what = NULL;
        switch (s->kind) {
        case MK_TABLE:
            if (!fn)
                diag_error(c->diag, s->loc, "TABLE belongs in a PROCEDURE or FUNCTION");
            else if (fn->table)
                diag_error(c->diag, s->loc, "a second TABLE in '%s'", fn->name);
            else
                fn->table = s;
            break;
        case MK_IF:
            check_stmts(c, &s->body, fn);
            check_stmts(c, &s->list2, fn);
            break;
        case MK_WHILE:
        case MK_FROM:
        case MK_BLOCK:
            check_stmts(c, &s->body, fn);
            break;
        case MK_VERBATIM: break; /* C, translated by nmodl_emit.c */
        case MK_ASSIGN:
            if (s->order > 0 && s->a && s->a->kind == MK_NAME && s->a->a)
                diag_error(c->diag, s->loc, "a derivative of an element of the STATE array '%s' is not supported: "
                           "NEURON 8.2.2's nocmodl does not translate these either (its C does not compile); "
                           "a KINETIC block with ~ reactions integrates array STATEs", s->a->name);
            break;
        case MK_REACTION:
        case MK_FLUX:
            if (!c->in_kinetic)
                what = "a reaction ('~') outside a KINETIC block";
            else if (s->kind == MK_REACTION && s->op != MOP_REV)
                what = "a one-way reaction ('->')";
            break;
        case MK_CONSERVE:
        case MK_COMPARTMENT:
            if (!c->in_kinetic)
                what = s->kind == MK_CONSERVE ? "CONSERVE outside a KINETIC block" : "COMPARTMENT outside a KINETIC block";
            break;
        case MK_LINEQ:
            if (!c->in_lin)
                what = "an equation ('~') outside LINEAR and NONLINEAR blocks";
            break;
        case MK_LONGDIFF:
            if (!c->in_kinetic)
                what = "LONGITUDINAL_DIFFUSION outside a KINETIC block";
            else if (c->m->kind != MECH_DENSITY)
                diag_error(c->diag, s->loc, "LONGITUDINAL_DIFFUSION belongs to a density mechanism (SUFFIX): "
                           "it couples the instances of neighbouring segments");
            break;
        case MK_WATCH:
            if (!c->in_netrecv) {
                diag_error(c->diag, s->loc, "WATCH belongs in NET_RECEIVE");
                break;
            }
            if (c->m->kind != MECH_POINT) {
                what = "WATCH in an ARTIFICIAL_CELL";
                break;
            }
            for (int k = 0; k < s->list.len; k++) {
                MNode *w = s->list.items[k];
                if (w->a->kind != MK_BINOP || (w->a->op != '>' && w->a->op != '<')) {
                    diag_error(c->diag, w->loc, "a WATCH condition is (a > b) or (a < b)");
                    continue;
                }
                w->num = c->m->watches.len; /* its place among the mechanism's WATCH items */
                APUSH(c->a, c->m->watches, w);
            }
            break;
        case MK_FORNETCONS:
            if (!c->in_netrecv || c->in_fornetcons) {
                diag_error(c->diag, s->loc, c->in_fornetcons ? "FOR_NETCONS inside FOR_NETCONS"
                                                              : "FOR_NETCONS belongs in NET_RECEIVE");
                break;
            }
            if (s->list.len != c->m->netrecv->list.len) {
                diag_error(c->diag, s->loc, "FOR_NETCONS must have as many arguments as NET_RECEIVE (%d)",
                           c->m->netrecv->list.len);
                break;
            }
            c->m->fornetcons = true;
            c->in_fornetcons = true;
            check_stmts(c, &s->body, fn);
            c->in_fornetcons = false;
            break;
        case MK_PROTECT: check_stmts(c, &(MList){&s->a, 1, 1}, fn); break;
        case MK_LAG: {
            /* nocmodl: the variable a STATE or ASSIGNED, the lag a
             * PARAMETER or CONSTANT */
            int x = mech_var(c->m, s->name), y = mech_var(c->m, s->name2);
            bool is_const = false;
            for (int k = 0; k < c->m->defines.len; k++)
                is_const = is_const || !strcmp(c->m->defines.data[k]->name, s->name2);
            if (!strcmp(s->name, "v")) {
                /* the membrane potential (an ASSIGNED in nocmodl) */
            } else if (x < 0 || !c->m->vars.data[x].declared ||
                (c->m->vars.data[x].kind != VAR_STATE && c->m->vars.data[x].kind != VAR_ASSIGNED)) {
                diag_error(c->diag, s->loc, "LAG of '%s': it is not a STATE or ASSIGNED variable", s->name);
            } else if (c->m->vars.data[x].dim) {
                diag_error(c->diag, s->loc, "LAG of the array '%s' is not supported yet", s->name);
            }
            if (!is_const && (y < 0 || c->m->vars.data[y].kind != VAR_PARAM || c->m->vars.data[y].dim)) {
                diag_error(c->diag, s->loc, "LAG ... BY '%s': it is not a PARAMETER or CONSTANT", s->name2);
            } else if (c->in_netrecv || c->in_lin || c->in_kinetic || c->m->kind == MECH_ARTIFICIAL) {
                diag_error(c->diag, s->loc, "LAG is supported in INITIAL, BREAKPOINT, PROCEDURE and FUNCTION "
                           "blocks of a density mechanism or point process, not here");
            }
            break;
        }
        case MK_MUTEX:
        case MK_UNITSFLAG: break;
        case MK_INITIAL:
            if (c->in_netrecv && body == &c->m->netrecv->body && !c->m->netrecv_init) {
                c->m->netrecv_init = s;
                check_stmts(c, &s->body, fn);
            } else {
                what = "INITIAL inside a block";
            }
            break;
        default: break;
        }
        if (what)
            diag_error(c->diag, s->loc, "%s is not supported%s", what,
                       strstr(what, "outside") ? "" : " yet");
    }
}

typedef VEC(MNode *) NodeList;

/* The assignments in body and in the blocks inside it. */
static void assigned_names(const MList *body, NodeList *out)
{
    for (int i = 0; i < body->len; i++) {
        MNode *s = body->items[i];
        if (s->kind == MK_ASSIGN)
            VEC_PUSH(*out, s);
        assigned_names(&s->body, out);
        assigned_names(&s->list2, out);
    }
}

/* SOLVE ... IFERROR { body } of a DERIVATIVE or KINETIC block: nocmodl
 * 8.2.2 runs the body after every solve (it does not look at the error,
 * but for runge, which never fails); a body that sets a STATE would come
 * before secondorder's extrapolation there, which nrncc does not split. */
static void check_iferror(Check *c, MNode *s)
{
    check_stmts(c, &s->a->body, NULL);
    NodeList assigned = {0};
    assigned_names(&s->a->body, &assigned);
    for (int k = 0; k < assigned.len; k++) {
        int v = mech_var(c->m, assigned.data[k]->a->name);
        if (v >= 0 && c->m->vars.data[v].kind == VAR_STATE)
            diag_error(c->diag, assigned.data[k]->loc, "IFERROR sets the STATE '%s': not supported yet",
                       assigned.data[k]->a->name);
    }
    VEC_FREE(assigned);
}

/* A STATE s has its starting value s0 (0 unless declared), which a RANGE
 * or GLOBAL statement can name without a declaration, as in nocmodl
 * (NEURON's book's cadifus: GLOBAL Buffer0): a PARAMETER with s's units. */
static void implicit_s0(Check *c, MNode *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->name;
        size_t ln = strlen(nm);
        if (mech_var(c->m, nm) >= 0 || ln < 2 || nm[ln - 1] != '0')
            continue;
        int sv = mech_var(c->m, arena_strndup(c->a, nm, ln - 1));
        if (sv < 0 || c->m->vars.data[sv].kind != VAR_STATE)
            continue;
        MechVar st = c->m->vars.data[sv];
        bool is_new;
        MechVar *v = var_get(c, nm, VAR_PARAM, names[i]->loc, &is_new);
        v->has_value = true;
        v->value = 0;
        v->units = st.units;
        v->unit = st.unit;
        v->unit_ok = st.unit_ok;
    }
}

static void add_func(Check *c, MNode *b)
{
    for (int i = 0; i < c->m->funcs.len; i++)
        if (strcmp(c->m->funcs.data[i].name, b->name) == 0) {
            diag_error(c->diag, b->loc, "'%s' is defined twice", b->name);
            return;
        }
    MechFunc f;
    memset(&f, 0, sizeof f);
    f.name = b->name;
    f.node = b;
    f.is_function = b->kind == MK_FUNCTION;
    APUSH(c->a, c->m->funcs, f);
    check_stmts(c, &b->body, &c->m->funcs.data[c->m->funcs.len - 1]);
    MechFunc *fp = &c->m->funcs.data[c->m->funcs.len - 1];
    if (fp->table && b->list.len != 1)
        diag_error(c->diag, fp->table->loc, "a TABLE needs a %s of exactly one argument",
                   f.is_function ? "FUNCTION" : "PROCEDURE");
}

Mech *mech_check(Arena *a, Diag *diag, ModFile *mod)
{
    Check c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.diag = diag;
    c.m = ARENA_NEW(a, Mech);
    c.m->mod = mod;
    c.m->path = mod->src->path;
    int before = diag->nerrors;
    MNode *neuron = NULL;
    /* DEFINEs first: array lengths may name them. */
    for (int i = 0; i < mod->blocks.len; i++)
        if (mod->blocks.items[i]->kind == MK_DEFINE)
            APUSH(c.a, c.m->defines, mod->blocks.items[i]);
    /* UNITS first: declarations may use its aliases. */
    for (int i = 0; i < mod->blocks.len; i++)
        if (mod->blocks.items[i]->kind == MK_UNITS)
            check_units_block(&c, mod->blocks.items[i]);
    for (int i = 0; i < mod->blocks.len; i++) {
        MNode *b = mod->blocks.items[i];
        if (b->kind == MK_NEURON) {
            if (neuron)
                diag_error(diag, b->loc, "a second NEURON block");
            else
                neuron = b;
        }
    }
    if (neuron)
        check_neuron(&c, neuron);
    if (!c.m->name) {
        /* nocmodl: without SUFFIX (or without a NEURON block) the
         * mechanism is a density mechanism named after its file */
        const char *path = mod->src->path, *slash = strrchr(path, '/');
        const char *base = slash ? slash + 1 : path;
        size_t n = strlen(base);
        if (n > 4 && !strcmp(base + n - 4, ".mod"))
            n -= 4;
        bool ok = n > 0 && !(base[0] >= '0' && base[0] <= '9');
        for (size_t k = 0; k < n; k++)
            ok = ok && (base[k] == '_' || (base[k] >= 'a' && base[k] <= 'z') || (base[k] >= 'A' && base[k] <= 'Z') ||
                        (base[k] >= '0' && base[k] <= '9'));
        if (!ok) {
            SrcLoc top = {mod->src, 1, 1};
            diag_error(diag, neuron ? neuron->loc : top, "no SUFFIX, and the file's name '%s' is not a name to "
                       "give the mechanism", base);
            goto out;
        }
        c.m->name = arena_strndup(c.a, base, n);
        c.m->kind = MECH_DENSITY;
    }
    for (int i = 0; i < mod->blocks.len; i++) {
        MNode *b = mod->blocks.items[i];
        switch (b->kind) {
        case MK_TITLE: c.m->title = b->text; break;
        case MK_PARAMETER:
        case MK_ASSIGNED:
        case MK_STATE: check_decls(&c, b); break;
        case MK_CONSTANT: check_constants(&c, b); break;
        case MK_DEFINE: break; /* collected above */
        case MK_INITIAL:
            check_stmts(&c, &b->body, NULL);
            if (c.m->initial) {
                /* a second INITIAL: nocmodl runs the blocks one after the
                 * other, each in its own braces (its own LOCALs) */
                const MNode *first = c.m->initial;
                MNode *both = mnode(a, MK_INITIAL, first->loc);
                MNode *b1 = mnode(a, MK_BLOCK, first->loc), *b2 = mnode(a, MK_BLOCK, b->loc);
                b1->body = first->body;
                b2->body = b->body;
                mlist_push(a, &both->body, b1);
                mlist_push(a, &both->body, b2);
                c.m->initial = both;
            } else {
                c.m->initial = b;
            }
            break;
        case MK_BREAKPOINT:
            if (c.m->breakpoint)
                diag_error(diag, b->loc, "a second BREAKPOINT block");
            c.m->breakpoint = b;
            check_stmts(&c, &b->body, NULL);
            break;
        case MK_DERIVATIVE:
            APUSH(c.a, c.m->derivs, b);
            check_stmts(&c, &b->body, NULL);
            break;
        case MK_PROCEDURE:
        case MK_FUNCTION: add_func(&c, b); break;
        case MK_LOCAL:
            for (int k = 0; k < b->list.len; k++) {
                bool is_new;
                int dim = 0;
                if (b->list.items[k]->a && !array_dim(&c, b->list.items[k]->a, &dim))
                    continue;
                const MNode *ln = b->list.items[k];
                MechVar *v = var_get(&c, ln->name, VAR_SCRATCH, ln->loc, &is_new);
                if (!is_new && v->declared && v->loc.file == ln->loc.file && loc_before(v->loc, ln->loc) &&
                    !used_after(mod, ln->name, ln->loc)) {
                    /* nocmodl: a top-level LOCAL hides the variable of
                     * that name from there to the file's end; used nowhere
                     * after, it changes nothing */
                    diag_warning(diag, ln->loc, "LOCAL '%s' hides the variable declared before it, and nothing "
                                 "after it uses the name: it is ignored", v->name);
                    continue;
                }
                if (!is_new) {
                    diag_error(diag, ln->loc, "'%s' is declared twice", v->name);
                    if (v->declared && v->loc.file == ln->loc.file && loc_before(v->loc, ln->loc))
                        diag_note(diag, ln->loc, "nocmodl makes the uses after this LOCAL another variable than "
                                  "the one declared before it; nrncc does not support that");
                }
                v->dim = dim;
            }
            break;
        case MK_LINEAR:
        case MK_NONLINEAR:
            APUSH(c.a, c.m->lins, b);
            c.in_lin = true;
            check_stmts(&c, &b->body, NULL);
            c.in_lin = false;
            break;
        case MK_KINETIC:
            if (b->list.len) {
                diag_error(diag, b->list.items[0]->loc, "SOLVEFOR in a KINETIC block is not supported yet");
                break;
            }
            APUSH(c.a, c.m->kinetics, b);
            c.in_kinetic = true;
            check_stmts(&c, &b->body, NULL);
            c.in_kinetic = false;
            break;
        case MK_FUNCTABLE:
            if (b->list.len < 1) {
                diag_error(diag, b->loc, "a FUNCTION_TABLE needs an argument");
                break;
            }
            add_func(&c, b);
            c.m->funcs.data[c.m->funcs.len - 1].functable = true;
            c.m->funcs.data[c.m->funcs.len - 1].is_function = true;
            break;
        case MK_NETRECEIVE:
            if (c.m->netrecv) {
                diag_error(diag, b->loc, "a second NET_RECEIVE block");
                break;
            }
            if (c.m->kind == MECH_DENSITY) {
                diag_error(diag, b->loc, "NET_RECEIVE belongs to a POINT_PROCESS or ARTIFICIAL_CELL");
                break;
            }
            c.m->netrecv = b;
            c.in_netrecv = true;
            check_stmts(&c, &b->body, NULL);
            c.in_netrecv = false;
            break;
        case MK_BEFOREAFTER: {
            static const struct { int after; const char *when; BAType type; } ok[] = {
                {0, "BREAKPOINT", BA_BEFORE_BREAKPOINT}, {1, "SOLVE", BA_AFTER_SOLVE},
                {0, "INITIAL", BA_BEFORE_INITIAL}, {1, "INITIAL", BA_AFTER_INITIAL}, {0, "STEP", BA_BEFORE_STEP},
            };
            int t = -1;
            for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
                if (ok[k].after == b->flag && !strcmp(ok[k].when, b->name2))
                    t = (int)ok[k].type;
            if (t < 0) {
                diag_error(diag, b->loc, "%s %s is not a NEURON block (there are BEFORE BREAKPOINT, AFTER SOLVE, "
                           "BEFORE/AFTER INITIAL and BEFORE STEP)", b->flag ? "AFTER" : "BEFORE", b->name2);
                break;
            }
            if (c.m->kind == MECH_ARTIFICIAL) {
                diag_error(diag, b->loc, "an ARTIFICIAL_CELL cannot have BEFORE/AFTER blocks");
                break;
            }
            APUSH(c.a, c.m->ba[t], b);
            check_stmts(&c, &b->body, NULL);
            break;
        }
        case MK_CONSTRUCTOR:
        case MK_DESTRUCTOR: {
            bool ctor = b->kind == MK_CONSTRUCTOR;
            MNode **slot = ctor ? &c.m->constructor : &c.m->destructor;
            if (*slot) {
                diag_error(diag, b->loc, "a second %s block", ctor ? "CONSTRUCTOR" : "DESTRUCTOR");
                break;
            }
            /* nocmodl: "DESTRUCTOR only permitted for POINT_PROCESS" */
            if (!ctor && c.m->kind == MECH_DENSITY) {
                diag_error(diag, b->loc, "DESTRUCTOR belongs to a POINT_PROCESS or ARTIFICIAL_CELL");
                break;
            }
            *slot = b;
            check_stmts(&c, &b->body, NULL);
            break;
        }
        case MK_VERBATIM: APUSH(c.a, c.m->verbatims, b); break;
        case MK_INDEPENDENT:
        case MK_UNITS:
        case MK_UNITSFLAG:
        case MK_NEURON: break;
        default: die("unexpected top-level NMODL node %d", b->kind);
        }
    }
    lag_vars(&c, &mod->blocks);
    /* a STATE's s0 named in RANGE or GLOBAL without a declaration */
    implicit_s0(&c, c.range.data, c.range.len);
    implicit_s0(&c, c.global.data, c.global.len);
    /* RANGE and GLOBAL: make the listed names visible and set storage. */
    for (int i = 0; i < c.range.len; i++) {
        MNode *n = c.range.data[i];
        int vi = mech_var(c.m, n->name);
        if (vi < 0) {
            /* nocmodl lets it pass when nothing uses it, and makes no
             * variable of it (a use fails to compile there) */
            diag_warning(diag, n->loc, "RANGE '%s' is not declared; it is ignored", n->name);
            continue;
        }
        c.m->vars.data[vi].range = true;
        c.m->vars.data[vi].visible = true;
        c.m->vars.data[vi].in_range = true;
    }
    /* POINTER: a reference to a double elsewhere in the model, set by the
     * model file's setpointer; one per instance */
    for (int i = 0; i < c.pointer.len; i++) {
        MNode *n = c.pointer.data[i];
        int vi = mech_var(c.m, n->name);
        MechVar *v = vi >= 0 ? &c.m->vars.data[vi] : NULL;
        /* nocmodl makes one declared in PARAMETER a POINTER all the same
         * (its value, if any, unused) */
        if (v && v->kind == VAR_PARAM && !v->dim && v->ion < 0 && !v->is_current)
            v->kind = VAR_ASSIGNED;
        if (!v || v->kind != VAR_ASSIGNED || v->ion >= 0 || v->is_current || v->dim) {
            diag_error(diag, n->loc, "POINTER '%s' must be declared in ASSIGNED, as a scalar%s", n->name,
                       v && v->dim ? " (NEURON 8.2.2 does not build a POINTER array either: nocmodl's C for it "
                                     "does not compile)" : "");
            continue;
        }
        v->pointer = true;
        v->range = true;
        v->visible = true;
        for (int k = 0; k < c.bbcore.len; k++)
            if (!strcmp(c.bbcore.data[k], n->name))
                v->opaque = v->random = v->random_tested = true;
    }
    for (int i = 0; i < c.global.len; i++) {
        MNode *n = c.global.data[i];
        int vi = mech_var(c.m, n->name);
        bool set = false;
        for (int b = 0; vi < 0 && b < mod->blocks.len && !set; b++)
            set = mnode_assigns(mod->blocks.items[b], n->name);
        if (vi < 0 && !(c.threadsafe && set && !c.pointer.len && !c.m->externals.len)) {
            diag_error(diag, n->loc, "GLOBAL '%s' is not declared (nocmodl accepts that only in a THREADSAFE "
                       "mechanism without POINTER or EXTERNAL that assigns it)", n->name);
            continue;
        }
        if (vi < 0) {
            /* nocmodl warns and makes it a per-thread dimensionless
             * ASSIGNED GLOBAL */
            diag_warning(diag, n->loc, "GLOBAL '%s' is not declared; it is made an ASSIGNED (as nocmodl does)",
                         n->name);
            bool is_new;
            var_get(&c, n->name, VAR_ASSIGNED, n->loc, &is_new);
            vi = mech_var(c.m, n->name);
        }
        MechVar *v = &c.m->vars.data[vi];
        if (v->kind == VAR_STATE || v->ion >= 0 || v->is_current) {
            diag_error(diag, n->loc, "'%s' cannot be GLOBAL", n->name);
            continue;
        }
        if (listed(c.range.data, c.range.len, n->name)) {
            diag_error(diag, n->loc, "'%s' is both RANGE and GLOBAL", n->name);
            continue;
        }
        v->range = false;
        v->visible = true;
    }
    for (int i = 0; i < c.m->vars.len; i++) {
        MechVar *v = &c.m->vars.data[i];
        bool in_range = listed(c.range.data, c.range.len, v->name);
        bool in_global = listed(c.global.data, c.global.len, v->name);
        switch (v->kind) {
        case VAR_PARAM:
            v->range = in_range;
            v->visible = true;
            break;
        case VAR_ASSIGNED: v->range = !in_global; break;
        case VAR_STATE:
            v->range = true;
            v->visible = true;
            v->has_value = true;
            break;
        case VAR_ION: v->range = true; break;
        case VAR_SCRATCH: v->range = false; break;
        }
        if (v->is_current && !v->declared && v->ion < 0) {
            /* declared by NONSPECIFIC/ELECTRODE_CURRENT but not in ASSIGNED */
            diag_error(diag, v->loc, "current '%s' must be declared in ASSIGNED", v->name);
        }
    }
    /* The SOLVEs of the BREAKPOINT: a DERIVATIVE block with its METHOD, or
     * a PROCEDURE called in the state update (METHOD after_cvode or none). */
    if (c.m->breakpoint) {
        for (int i = 0; i < c.m->breakpoint->body.len; i++) {
            MNode *s = c.m->breakpoint->body.items[i];
            if (s->kind != MK_SOLVE)
                continue;
            MechSolve sv = {s, NULL, -1, s->name2, false, 0};
            for (int k = 0; k < c.m->lins.len; k++)
                if (strcmp(c.m->lins.data[k]->name, s->name) == 0) {
                    MNode *lb = c.m->lins.data[k];
                    bool nonlin = lb->kind == MK_NONLINEAR;
                    sv.block = lb;
                    sv.lin = k + 1;
                    if (s->name2 && strcmp(s->name2, nonlin ? "newton" : "simeq") != 0)
                        diag_error(diag, s->loc, "METHOD %s is not supported for a %s block (supported: %s)", s->name2,
                                   nonlin ? "NONLINEAR" : "LINEAR", nonlin ? "newton" : "simeq");
                    if (s->text)
                        diag_error(diag, s->loc, "STEADYSTATE does not apply to a %s block",
                                   nonlin ? "NONLINEAR" : "LINEAR");
                    if (s->a)
                        diag_error(diag, s->loc, "IFERROR is not supported yet");
                }
            if (sv.lin) {
                APUSH(c.a, c.m->solves, sv);
                continue;
            }
            for (int k = 0; k < c.m->derivs.len; k++)
                if (strcmp(c.m->derivs.data[k]->name, s->name) == 0)
                    sv.block = c.m->derivs.data[k];
            for (int k = 0; k < c.m->kinetics.len; k++)
                if (strcmp(c.m->kinetics.data[k]->name, s->name) == 0) {
                    sv.block = c.m->kinetics.data[k];
                    sv.kinetic = true;
                }
            if (sv.kinetic) {
                if (s->name2 && strcmp(s->name2, "sparse") != 0)
                    diag_error(diag, s->loc, "METHOD %s is not supported for a KINETIC block (supported: sparse)%s",
                               s->name2, strcmp(s->name2, "matexp") ? ""
                                         : "; NEURON 8.2.2's nocmodl does not accept it either");
                sv.method = "sparse";
                if (s->text)
                    diag_error(diag, s->loc, "STEADYSTATE belongs in INITIAL");
                if (s->a)
                    check_iferror(&c, s);
                APUSH(c.a, c.m->solves, sv);
                continue;
            }
            for (int k = 0; k < c.m->funcs.len; k++)
                if (!c.m->funcs.data[k].is_function && strcmp(c.m->funcs.data[k].name, s->name) == 0)
                    sv.proc = k;
            if (s->text)
                diag_error(diag, s->loc, "STEADYSTATE is not supported yet");
            if (s->a && !sv.block)
                diag_error(diag, s->loc, "IFERROR after the SOLVE of a PROCEDURE is not supported yet");
            else if (s->a)
                check_iferror(&c, s);
            if (sv.block) {
                static const char *const methods[] = {"cnexp", "derivimplicit", "euler", "runge", NULL};
                bool ok = false;
                for (int k = 0; s->name2 && methods[k]; k++)
                    ok = ok || !strcmp(s->name2, methods[k]);
                if (!s->name2)
                    diag_error(diag, s->loc, "SOLVE of a DERIVATIVE block needs a METHOD (cnexp, derivimplicit, "
                               "euler or runge)");
                else if (!ok)
                    diag_error(diag, s->loc, "METHOD %s is not supported for a DERIVATIVE block (supported: cnexp, "
                               "derivimplicit, euler, runge)", s->name2);
            } else if (sv.proc >= 0) {
                if (s->name2 && strcmp(s->name2, "after_cvode") != 0 && strcmp(s->name2, "cvode_t") != 0 &&
                    strcmp(s->name2, "cvode_v") != 0)
                    diag_error(diag, s->loc, "METHOD %s does not apply to a PROCEDURE", s->name2);
            } else {
                diag_error(diag, s->loc, "SOLVE names '%s', which is not a DERIVATIVE, KINETIC, LINEAR or "
                           "NONLINEAR block or a PROCEDURE", s->name);
                continue;
            }
            APUSH(c.a, c.m->solves, sv);
        }
    }
    /* A TABLE gives the mechanism NEURON's GLOBAL usetable_<suffix> (1: use tables). */
    for (int i = 0; i < c.m->funcs.len; i++)
        if (c.m->funcs.data[i].table && mech_var(c.m, "usetable") < 0) {
            bool is_new;
            MechVar *v = var_get(&c, "usetable", VAR_PARAM, c.m->funcs.data[i].table->loc, &is_new);
            v->range = false;
            v->visible = true;
            v->has_value = true;
            v->value = 1;
        }
    for (int i = 0; i < mod->blocks.len; i++)
        find_net_calls(c.m, mod->blocks.items[i]);
    if (c.m->kind == MECH_ARTIFICIAL && c.m->breakpoint)
        diag_error(diag, c.m->breakpoint->loc, "an ARTIFICIAL_CELL has no BREAKPOINT (it has no membrane)");
    c.m->order = mech_builtin_order(c.m->name);
    if (diag->nerrors == before)
        nmodl_check_dims(diag, c.m);
out:
    VEC_FREE(c.range);
    VEC_FREE(c.global);
    VEC_FREE(c.pointer);
    VEC_FREE(c.bbcore);
    VEC_FREE(c.nonspecific);
    VEC_FREE(c.electrode);
    VEC_FREE(c.unit_alias_from);
    VEC_FREE(c.unit_alias_to);
    return diag->nerrors == before ? c.m : NULL;
}

/* NEURON's order of its built-in mechanisms (ions are placed by model.c). */
int mech_builtin_order(const char *name)
{
    static const char *const order[] = {
        "capacitance", "pas", "extracellular", "fastpas", "IClamp", "AlphaSynapse", "ExpSyn",
        "Exp2Syn", "SEClamp", "VClamp", "OClamp", "APCount", "hh", "NetStim", "IntFire1",
        "IntFire2", "IntFire4", "PointProcessMark", "PatternStim", NULL};
    for (int i = 0; order[i]; i++)
        if (strcmp(order[i], name) == 0)
            return i;
    return -1;
}

Mech *mech_ion(Arena *a, const char *name, int valence)
{
    Mech *m = ARENA_NEW(a, Mech);
    m->name = arena_printf(a, "%s_ion", name);
    m->ion_name = arena_strdup(a, name);
    m->kind = MECH_ION;
    m->path = "";
    double e = 0, ci = 1, co = 1;
    if (!strcmp(name, "na")) {
        e = 50, ci = 10, co = 140;
    } else if (!strcmp(name, "k")) {
        e = -77, ci = 54.4, co = 2.5;
    } else if (!strcmp(name, "ca")) {
        e = 132.4579341637009, ci = 5e-5, co = 2;
    }
    struct { const char *fmt; VarKind k; double val; const char *units; } vars[] = {
        {"e%s", VAR_PARAM, e, "mV"},       {"%si", VAR_PARAM, ci, "mM"},
        {"%so", VAR_PARAM, co, "mM"},      {"i%s", VAR_ASSIGNED, 0, "mA/cm2"},
        {"di%s_dv_", VAR_ASSIGNED, 0, "S/cm2"},
    };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        MechVar v;
        memset(&v, 0, sizeof v);
        v.name = arena_printf(a, vars[i].fmt, name);
        v.kind = vars[i].k;
        v.range = true;
        v.visible = true;
        v.has_value = true;
        v.value = vars[i].val;
        v.units = vars[i].units;
        v.ion = -1;
        char err[100];
        v.unit_ok = units_parse(v.units, &v.unit, err, sizeof err);
        APUSH(a, m->vars, v);
    }
    /* nai0_na_ion, nao0_na_ion: the start values when a mechanism writes them */
    for (int k = 1; k <= 2; k++) {
        MechVar v = m->vars.data[k];
        v.name = arena_printf(a, "%s0", m->vars.data[k].name);
        v.range = false;
        APUSH(a, m->vars, v);
    }
    MechIon io;
    memset(&io, 0, sizeof io);
    io.name = m->ion_name;
    io.valence = valence;
    io.has_valence = true;
    APUSH(a, m->ions, io);
    return m;
}
