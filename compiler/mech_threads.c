/* mech_threads.c - may a mechanism's per-step code run for different cells
 * on different threads at once (./sim --threads N)?
 *
 * The per-step code is the BREAKPOINT (its currents), the blocks its
 * SOLVEs integrate, and every PROCEDURE and FUNCTION they call, directly
 * or not.  Each instance writes only its own variables, its node's
 * matrix entries and its node's ion; what it shares with the other
 * instances is refused here, naming the construct:
 *   - VERBATIM C (it may do anything),
 *   - random numbers (one stream, drawn in instance order),
 *   - printf (the lines would interleave),
 *   - POINTERs (they read other cells' variables while those change),
 *   - net_send / net_event / net_move (the event queue is one),
 *   - assignments to a PARAMETER that is GLOBAL (the model's value for
 *     every instance),
 *   - BEFORE/AFTER BREAKPOINT, SOLVE and STEP blocks,
 *   - LONGITUDINAL_DIFFUSION (it couples a cell's neighbouring segments,
 *     which another thread may own),
 *   - SOLVE ... METHOD runge (scopmath moves t forward and back by h, and
 *     the roundoff of it stays in the model's one t).
 * GLOBALs that the code assigns (ASSIGNED, top-level LOCAL) are fine:
 * each thread has its own copy (nmodl_tls_var), as it has its own sparse
 * matrix for a KINETIC block.
 *
 * mech_event_reason asks the same of a NET_RECEIVE for the threads'
 * interval mode (each thread delivers its cells' events): what it shares
 * with other instances is a GLOBAL (read or assigned), VERBATIM, printf,
 * a POINTER; random numbers it may draw (one stream) are told apart, for
 * emit_threads.c keeps every instance of such a mechanism on one thread.
 */
#include <stdio.h>
#include <string.h>

#include "emit.h"

typedef struct Walk {
    Arena *arena;
    const Mech *m;
    bool *seen;          /* per function: already walked */
    const char *why;     /* the first reason found */
    bool event;          /* walking the NET_RECEIVE (mech_event_reason) */
    bool draws;          /* ... and it may draw random numbers */
} Walk;

static void walk_list(Walk *w, const MList *l);

static const char *where(Walk *w, SrcLoc loc, const char *what)
{
    return arena_printf(w->arena, "%s (%s:%d) %s", w->m->name, loc.file ? loc.file->path : w->m->path, loc.line, what);
}

static void walk(Walk *w, const MNode *n)
{
    if (!n || w->why)
        return;
    switch (n->kind) {
    case MK_VERBATIM:
        w->why = where(w, n->loc, "has VERBATIM C in its per-step code");
        return;
    case MK_LONGDIFF:
        w->why = where(w, n->loc, "couples neighbouring segments (LONGITUDINAL_DIFFUSION)");
        return;
    case MK_CALL: {
        static const char *const rnd[] = {"exprand", "normrand", "unirand", "scop_random", "set_seed"};
        for (size_t k = 0; w->event && k < sizeof rnd / sizeof rnd[0]; k++)
            if (!strcmp(n->name, rnd[k]))
                w->draws = true;
        for (size_t k = 0; !w->event && k < sizeof rnd / sizeof rnd[0]; k++)
            if (!strcmp(n->name, rnd[k])) {
                w->why = where(w, n->loc, arena_printf(w->arena, "draws random numbers (%s) in its per-step code", n->name));
                return;
            }
        if (!strcmp(n->name, "printf")) {
            w->why = where(w, n->loc, "calls printf in its per-step code");
            return;
        }
        if (!w->event &&
            (!strcmp(n->name, "net_send") || !strcmp(n->name, "net_event") || !strcmp(n->name, "net_move"))) {
            w->why = where(w, n->loc, arena_printf(w->arena, "calls %s in its per-step code", n->name));
            return;
        }
        for (int k = 0; k < w->m->funcs.len; k++)
            if (!strcmp(w->m->funcs.data[k].name, n->name) && !w->seen[k]) {
                w->seen[k] = true;
                if (w->m->funcs.data[k].node)
                    walk_list(w, &w->m->funcs.data[k].node->body);
            }
        break;
    }
    case MK_NAME: {
        int v = mech_var(w->m, n->name);
        if (v >= 0 && w->m->vars.data[v].pointer) {
            w->why = where(w, n->loc, arena_printf(w->arena, "uses the POINTER %s in its per-step code", n->name));
            return;
        }
        if (w->event && v >= 0 && !w->m->vars.data[v].range && w->m->vars.data[v].kind != VAR_PARAM) {
            w->why = where(w, n->loc, arena_printf(w->arena, "uses the GLOBAL %s in its NET_RECEIVE", n->name));
            return;
        }
        break;
    }
    case MK_ASSIGN: {
        const MNode *t = n->a;
        int v = t && t->kind == MK_NAME ? mech_var(w->m, t->name) : -1;
        if (v >= 0 && (w->m->vars.data[v].kind == VAR_PARAM || w->event) && !w->m->vars.data[v].range) {
            w->why = where(w, n->loc, arena_printf(w->arena, "assigns the GLOBAL PARAMETER %s in its per-step code", t->name));
            return;
        }
        for (int k = 0; v < 0 && t && k < w->m->externals.len; k++)
            if (!strcmp(w->m->externals.data[k]->name, t->name)) {
                w->why = where(w, n->loc, arena_printf(w->arena, "assigns the EXTERNAL %s in its per-step code", t->name));
                return;
            }
        break;
    }
    default:
        break;
    }
    walk(w, n->a);
    walk(w, n->b);
    walk(w, n->c);
    walk(w, n->d);
    walk_list(w, &n->list);
    walk_list(w, &n->list2);
    walk_list(w, &n->body);
}

static void walk_list(Walk *w, const MList *l)
{
    for (int k = 0; k < l->len && !w->why; k++)
        walk(w, l->items[k]);
}

const char *mech_thread_reason(Arena *a, const Mech *m)
{
    if (m->kind == MECH_ION)
        return NULL;
    static const BAType step_ba[] = {BA_BEFORE_BREAKPOINT, BA_AFTER_SOLVE, BA_BEFORE_STEP};
    for (size_t k = 0; k < sizeof step_ba / sizeof step_ba[0]; k++)
        if (m->ba[step_ba[k]].len)
            return arena_printf(a, "%s (%s:%d) has a BEFORE/AFTER block that runs every step", m->name, m->path,
                                m->ba[step_ba[k]].data[0]->loc.line);
    Walk w = {a, m, ARENA_NEWN(a, bool, m->funcs.len + 1), NULL, false, false};
    memset(w.seen, 0, sizeof(bool) * (size_t)(m->funcs.len + 1));
    if (m->breakpoint)
        walk_list(&w, &m->breakpoint->body);
    for (int k = 0; k < m->solves.len && !w.why; k++) {
        const MechSolve *sv = &m->solves.data[k];
        if (sv->method && !strcmp(sv->method, "runge") && sv->block) /* (scopmath's steps of t: its roundoff stays) */
            return arena_printf(a, "%s (%s:%d) integrates by runge, which moves the model's one t", m->name, m->path,
                                sv->stmt->loc.line);
        if (sv->block)
            walk_list(&w, &sv->block->body);
        if (sv->lin)
            walk_list(&w, &m->lins.data[sv->lin - 1]->body);
        if (sv->proc >= 0 && !w.seen[sv->proc]) {
            w.seen[sv->proc] = true;
            walk_list(&w, &m->funcs.data[sv->proc].node->body);
        }
    }
    return w.why;
}

const char *mech_event_reason(Arena *a, const Mech *m, bool *draws)
{
    *draws = false;
    if (!m->netrecv)
        return NULL;
    Walk w = {a, m, ARENA_NEWN(a, bool, m->funcs.len + 1), NULL, true, false};
    memset(w.seen, 0, sizeof(bool) * (size_t)(m->funcs.len + 1));
    walk_list(&w, &m->netrecv->body);
    *draws = w.draws;
    return w.why;
}
