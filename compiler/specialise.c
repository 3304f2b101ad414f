/* specialise.c - what exact mode knows about a mechanism's variables at
 * compile time (issue 8, "specialise what the compiler knows").
 *
 * needs: the checked model (records, plays, init blocks, setpointers,
 * params, space plots) and each mechanism's NMODL syntax tree.
 * provides: spec_plan(), which fills MechUse.spec and .fold_val (read
 * by nmodl_emit.c where fields are declared and read, and by emit.c's
 * setup()):
 *
 *   SPEC_FOLD  a RANGE PARAMETER whose value is the same double in every
 *              instance and that nothing can change at run time: no
 *              assignment to it in the .mod (any block), no TABLE that
 *              lists or DEPENDs on it, no VERBATIM in the mechanism, no
 *              CONSTRUCTOR/DESTRUCTOR, and in the model no record, play,
 *              init or v_init statement, setpointer (either end), space
 *              plot or param-bound value naming it.  Its reads become the
 *              literal (emit_double: the shortest decimal that reads back
 *              as the same double), and it has no field.
 *   SPEC_DEAD  a RANGE ASSIGNED scalar (not an ion variable or ion
 *              current, not a POINTER; a NONSPECIFIC_CURRENT or
 *              ELECTRODE_CURRENT may be one) that only the BREAKPOINT of a
 *              mechanism with currents names, where every path assigns it
 *              (an assignment not reading it, or an if/else assigning it
 *              in both branches) before anything reads it, and that no model statement names: it is recomputed before
 *              every read, so it is a local sp_<name> of C_<mech> (which
 *              also sums the currents) and has no field.
 *
 * NRNCC_NO_SPECIALISE=1 in the environment turns both off (the tests
 * compare the two builds' outputs byte for byte).
 *
 * Both in the executable's exact and --fast modes (fewer arrays for the
 * vector loops to stream); --embed (its setters) and nrncc's dump keep
 * every field.
 * The arithmetic is unchanged: x * 0.12 with 0.12 a literal is the same
 * IEEE operation as with 0.12 loaded from memory (exact mode compiles
 * with -ffp-contract=off and without -ffast-math, so the C compiler does
 * not reassociate or fuse).  A state file (--save) holds the Model
 * struct, which loses these fields; its format is unchanged, and since
 * the state file is tied to the generated C by the model hash, no old
 * file can be misread.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"

/* ---- the .mod file ---- */

static bool is_decl_block(MKind k)
{
    return k == MK_TITLE || k == MK_UNITS || k == MK_NEURON || k == MK_PARAMETER || k == MK_ASSIGNED ||
           k == MK_STATE || k == MK_CONSTANT || k == MK_INDEPENDENT || k == MK_DEFINE;
}

typedef struct Scan {
    const char *name;
    int writes;        /* assignments, FROM loop variables, TABLE outputs, LOCAL declarations */
    int mentions;      /* any use of the name */
    bool verbatim;
} Scan;

static void scan_node(Scan *s, const MNode *n);

static void scan_list(Scan *s, const MList *l)
{
    for (int i = 0; i < l->len; i++)
        scan_node(s, l->items[i]);
}

static void scan_node(Scan *s, const MNode *n)
{
    if (!n)
        return;
    bool named = n->name && !strcmp(n->name, s->name);
    switch (n->kind) {
    case MK_VERBATIM:
        s->verbatim = true;
        break;
    case MK_ASSIGN:
        if (n->a && n->a->name && !strcmp(n->a->name, s->name))
            s->writes++;
        break;
    case MK_FROM:
        if (named)
            s->writes++;
        break;
    case MK_TABLE:
        for (int i = 0; i < n->list.len; i++)
            if (!strcmp(n->list.items[i]->name, s->name))
                s->writes++;
        for (int i = 0; i < n->list2.len; i++)
            if (!strcmp(n->list2.items[i]->name, s->name))
                s->writes++; /* DEPEND: the table's check reads it apart */
        break;
    case MK_LOCAL:
        for (int i = 0; i < n->list.len; i++)
            if (!strcmp(n->list.items[i]->name, s->name))
                s->writes++; /* a local of the same name: kept apart */
        break;
    case MK_PROCEDURE:
    case MK_FUNCTION:
    case MK_NETRECEIVE:
        for (int i = 0; i < n->list.len; i++)
            if (n->list.items[i]->name && !strcmp(n->list.items[i]->name, s->name))
                s->writes++; /* an argument of the same name */
        break;
    default:
        break;
    }
    if (named && n->kind != MK_PROCEDURE && n->kind != MK_FUNCTION && n->kind != MK_DERIVATIVE &&
        n->kind != MK_KINETIC && n->kind != MK_LINEAR && n->kind != MK_NONLINEAR)
        s->mentions++;
    scan_node(s, n->a);
    scan_node(s, n->b);
    scan_node(s, n->c);
    scan_node(s, n->d);
    scan_list(s, &n->list);
    scan_list(s, &n->list2);
    scan_list(s, &n->body);
}

/* Scans every block of the file except the declarations (and except
 * skip, when not NULL). */
static void scan_mod(Scan *s, const Mech *mech, const MNode *skip)
{
    for (int i = 0; i < mech->mod->blocks.len; i++) {
        const MNode *b = mech->mod->blocks.items[i];
        if (b != skip && !is_decl_block(b->kind))
            scan_node(s, b);
    }
}

static bool mentions(const MNode *n, const char *name)
{
    Scan s = {name, 0, 0, false};
    scan_node(&s, n);
    return s.mentions > 0 || s.writes > 0 || s.verbatim;
}

/* On every path through body, the first statement that names the
 * variable assigns it (`name = expr`: no index, no derivative, expr not
 * naming it); an if with an else counts when its condition does not name
 * it and both branches do so. */
static bool written_first(const MList *body, const char *name)
{
    for (int i = 0; i < body->len; i++) {
        const MNode *st = body->items[i];
        if (!mentions(st, name))
            continue;
        if (st->kind == MK_ASSIGN)
            return st->order == 0 && st->a && st->a->kind == MK_NAME && !st->a->a && !strcmp(st->a->name, name) &&
                   !mentions(st->b, name);
        if (st->kind == MK_BLOCK)
            return written_first(&st->body, name);
        if (st->kind == MK_IF)
            return !mentions(st->a, name) && st->list2.len && written_first(&st->body, name) &&
                   written_first(&st->list2, name);
        return false;
    }
    return false;
}

static bool mech_has_verbatim(const Mech *mech)
{
    if (mech->verbatims.len)
        return true;
    Scan s = {"", 0, 0, false};
    scan_mod(&s, mech, NULL);
    return s.verbatim;
}

/* Can the step's solve pass stand for the instability check (model_unstable:
 * every v finite and within 1e6 mV after the step)?  Only when nothing
 * writes v after it in a step: no play into v, no AFTER SOLVE or BEFORE
 * STEP block, and no mechanism that assigns v or one of its POINTERs
 * (a NET_RECEIVE's v is written back) or has VERBATIM. */
bool spec_v_only_by_solve(const Emitter *e)
{
    const Model *m = e->m;
    for (int k = 0; k < m->plays.len; k++)
        if (m->plays.data[k].target.kind == REC_V)
            return false;
    if (has_ba(e, BA_AFTER_SOLVE) || has_ba(e, BA_BEFORE_STEP))
        return false;
    for (int k = 0; k < e->nuses; k++) {
        const Mech *mech = e->uses[k].mech;
        if (!mech->mod)
            continue;
        if (mech_has_verbatim(mech))
            return false;
        for (int i = 0; i < mech->mod->blocks.len; i++) {
            const MNode *b = mech->mod->blocks.items[i];
            if (is_decl_block(b->kind))
                continue;
            if (mnode_assigns(b, "v"))
                return false;
            for (int v = 0; v < mech->vars.len; v++)
                if (mech->vars.data[v].pointer && mnode_assigns(b, mech->vars.data[v].name))
                    return false;
        }
    }
    return true;
}

/* ---- the model ---- */

static bool names_rec(const Record *r, int mech, int var)
{
    return r->kind != REC_V && r->mech == mech && r->var == var;
}

/* A model statement reads or writes variable var of mechanism mech (a
 * Model.mechs index). */
static bool model_touches(const Model *m, int mech, int var)
{
    for (int i = 0; i < m->records.len; i++)
        if (names_rec(&m->records.data[i], mech, var))
            return true;
    for (int i = 0; i < m->plays.len; i++)
        if (names_rec(&m->plays.data[i].target, mech, var))
            return true;
    for (int i = 0; i < m->inits.len; i++)
        if (names_rec(&m->inits.data[i].target, mech, var))
            return true;
    for (int i = 0; i < m->vinits.len; i++)
        if (names_rec(&m->vinits.data[i].target, mech, var))
            return true;
    for (int i = 0; i < m->pointers.len; i++)
        if (names_rec(&m->pointers.data[i].target, mech, var) || names_rec(&m->pointers.data[i].source, mech, var))
            return true;
    for (int i = 0; i < m->rangeplots.len; i++)
        if (m->rangeplots.data[i].mech == mech && m->rangeplots.data[i].mvar == var)
            return true;
    for (int i = 0; i < m->param_uses.len; i++) {
        const ParamUse *pu = &m->param_uses.data[i];
        if ((pu->kind == PS_RANGE || pu->kind == PS_GLOBAL) && pu->c == mech && pu->d == var)
            return true;
        if (pu->kind == PS_POINT && pu->a >= 0 && pu->a < m->pps.len && m->pps.data[pu->a].mech == mech &&
            pu->d == var)
            return true;
    }
    return false;
}

/* The value of scalar variable var in every instance of u, when it is
 * one double (same bits) everywhere. */
static bool uniform_value(Emitter *e, MechUse *u, int var, double *out)
{
    Model *m = e->m;
    MechVar *mv = &u->mech->vars.data[var];
    double first = 0;
    for (int x = 0; x < u->n; x++) {
        double v = mv->has_value ? mv->value : 0;
        if (u->pp) {
            v = m->pps.data[u->pp[x]].val[var][0];
        } else {
            double *r = model_range(&m->secs.data[u->sec[x]], u->index, var);
            if (r)
                v = r[u->seg[x]];
        }
        if (x == 0)
            first = v;
        else if (memcmp(&v, &first, sizeof v) != 0)
            return false;
    }
    *out = first;
    return u->n > 0;
}

void spec_plan(Emitter *e, MechUse *u)
{
    Mech *mech = u->mech;
    const char *off = getenv("NRNCC_NO_SPECIALISE"); /* nrncc(1): for comparisons */
    if ((off && *off && strcmp(off, "0")) || e->embed || mech->kind == MECH_ION || !mech->mod || mech->constructor || mech->destructor ||
        mech_has_verbatim(mech))
        return;
    u->spec = ARENA_NEWN(e->arena, unsigned char, mech->vars.len);
    u->fold_val = ARENA_NEWN(e->arena, double, mech->vars.len);
    memset(u->spec, 0, (size_t)mech->vars.len);
    for (int v = 0; v < mech->vars.len; v++) {
        MechVar *mv = &mech->vars.data[v];
        if (!mv->range || mv->pointer || mv->dim || mv->ion >= 0 || model_touches(e->m, u->index, v))
            continue;
        if (mv->kind == VAR_PARAM) {
            Scan s = {mv->name, 0, 0, false};
            scan_mod(&s, mech, NULL);
            double val;
            if (!s.writes && !s.verbatim && uniform_value(e, u, v, &val)) {
                u->spec[v] = SPEC_FOLD;
                u->fold_val[v] = val;
            }
        } else if (mv->kind == VAR_ASSIGNED && mech->breakpoint && mech->currents.len) {
            Scan s = {mv->name, 0, 0, false};
            scan_mod(&s, mech, mech->breakpoint);
            if (s.writes || s.mentions || s.verbatim)
                continue;
            /* the STATE-from-PARAMETER rule (s0 starts s) reads it too */
            size_t len = strlen(mv->name);
            if (len > 1 && mv->name[len - 1] == '0')
                continue;
            if (written_first(&mech->breakpoint->body, mv->name))
                u->spec[v] = SPEC_DEAD;
        }
    }
}

int spec_of(const MechUse *u, int v)
{
    return u->spec ? u->spec[v] : 0;
}
