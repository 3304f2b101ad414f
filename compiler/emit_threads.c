/* emit_threads.c - the step on several threads (./sim --threads N).
 *
 * The executable's step has a parallel path besides the one-thread one.
 * Each thread does the same arithmetic on its share of the model as the
 * one-thread step does on all of it, so the results are the same bits for
 * every N:
 *   phase A, by node ranges (nodes nlo..nhi-1 and every mechanism
 *     instance on them): rhs and d zeroed, the currents and their
 *     conductances, the capacity term; in a model of one-node cells also
 *     the solve and the new v;
 *   phase B, by cells (roots rlo..rhi-1 and the trees of the node groups
 *     hanging from them): the axial terms, the Hines elimination and back
 *     substitution, the new v;
 *   phase D, by node ranges again: the ions' second-order correction and
 *     the state updates.
 * Between them (on the calling thread): t, continuous plays; around them:
 * threshold detectors, events, recording, as in the one-thread step.  A
 * per-node sum gets its terms in the same order as there: a node's
 * mechanisms all run on one thread, mechanism after mechanism, and a root
 * gets its trees' eliminations group after group.
 *
 * GLOBALs that mechanisms assign (NEURON's THREADSAFE: rates() writing
 * minf, ...) are thread-local, tl_<field>.  The Model keeps one copy,
 * tl_[]: the calling thread's values before a phase (the workers start
 * from it), and after it the values of the thread that ran each
 * mechanism's last instance, as the one-thread step would leave them.
 *
 * What cannot run so (mech_thread_reason, and below) makes the model run
 * on one thread, with the reason in NrtModel.thread_reason.
 */
#include <stdio.h>
#include <string.h>

#include "emit.h"

/* the tl_ variables of use u, in order; returns how many doubles */
static int use_tls(const Emitter *e, const MechUse *u, StrBuf *decl, StrBuf *get, StrBuf *put, int base)
{
    int n = 0;
    for (int v = 0; v < u->mech->vars.len; v++) {
        const MechVar *mv = &u->mech->vars.data[v];
        if (!nmodl_tls_var(e, mv))
            continue;
        const char *f = nmodl_field((Emitter *)e, (MechUse *)u, v);
        if (mv->dim) {
            if (decl)
                sb_printf(decl, "static NRN_MAYBE_UNUSED __thread double tl_%s[%d];\n", f, mv->dim);
            if (get)
                sb_printf(get, "    memcpy(tl_%s, b + %d, sizeof tl_%s);\n", f, base + n, f);
            if (put)
                sb_printf(put, "    memcpy(b + %d, tl_%s, sizeof tl_%s);\n", base + n, f, f);
            n += mv->dim;
        } else {
            if (decl)
                sb_printf(decl, "static NRN_MAYBE_UNUSED __thread double tl_%s;\n", f);
            if (get)
                sb_printf(get, "    tl_%s = b[%d];\n", f, base + n);
            if (put)
                sb_printf(put, "    b[%d] = tl_%s;\n", base + n, f);
            n++;
        }
    }
    return n;
}

void emit_threads_prepare(Emitter *e)
{
    if (e->embed)
        return;
    for (int k = 0; k < e->nuses; k++)
        e->ntl += use_tls(e, &e->uses[k], NULL, NULL, NULL, 0);
    const Model *m = e->m;
    for (int k = 0; k < e->nuses && !e->thread_reason; k++) {
        const MechUse *u = &e->uses[k];
        e->thread_reason = mech_thread_reason(e->arena, u->mech);
    }
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        for (int x = 1; u->node && u->mech->kind != MECH_ARTIFICIAL && x < u->n; x++)
            if (u->node[x] < u->node[x - 1])
                u->unsorted = true;
        e->any_unsorted = e->any_unsorted || u->unsorted;
    }
    for (int gi = 0; gi < m->groups.len && !e->thread_reason; gi++) {
        const NodeGroup *g = &m->groups.data[gi];
        for (int t = 1; !g->roots_affine && t < g->g; t++)
            if (g->roots[t] <= g->roots[t - 1]) {
                e->thread_reason = "the cells' trees are not in the order of their roots";
                break;
            }
    }
    e->par = !e->thread_reason;
}

void emit_threads_tls(Emitter *e)
{
    if (e->embed)
        return;
    StrBuf *o = &e->out;
    /* a KINETIC block's sparse matrix: each thread builds its own */
    for (int k = 0; k < e->nuses; k++)
        for (int b = 0; b < e->uses[k].mech->kinetics.len; b++)
            sb_printf(o, "static NRN_MAYBE_UNUSED __thread NrtSparse *tl_%s_so%d; /* KINETIC %s's sparse matrix */\n",
                      e->uses[k].cname, b, e->uses[k].mech->kinetics.data[b]->name);
    if (e->any_unsorted)
        sb_puts(o, "/* the nodes of this thread's share, while it runs a phase (else all) */\n"
                   "static __thread int nlo_ = 0, nhi_ = NODES;\n");
    if (!e->ntl)
        return;
    StrBuf decl = {0}, get = {0}, put = {0};
    int base = 0;
    for (int k = 0; k < e->nuses; k++)
        base += use_tls(e, &e->uses[k], &decl, &get, &put, base);
    sb_printf(o, "/* The GLOBALs the mechanisms assign, one copy per thread (Model.tl_: see\n"
                 " * tl_join); tl_get and tl_put copy them from and to b[NTL]. */\n"
                 "#define NTL %d\n%s\n",
              e->ntl, sb_str(&decl));
    sb_printf(o, "static NRN_MAYBE_UNUSED void tl_get(const double *b)\n{\n%s}\n\n", sb_str(&get));
    sb_printf(o, "static NRN_MAYBE_UNUSED void tl_put(double *b)\n{\n%s}\n\n", sb_str(&put));
    sb_free(&decl);
    sb_free(&get);
    sb_free(&put);
}

/* phase A's body: the one-thread assemble() of nodes nlo..nhi-1 */
static void phase_a(Emitter *e, bool solve_too)
{
    StrBuf *o = &e->out;
    sb_puts(o, "    for (int i = P_->nlo; i < P_->nhi; i++)\n        m->rhs[i] = 0.0;\n");
    for (int k = 0; k < e->nuses; k++)
        if (emit_has_cur(&e->uses[k]))
            sb_printf(o, "    K_%s_cur(m, P_->ilo[%d], P_->ihi[%d]);\n", e->uses[k].cname, k, k);
    sb_puts(o, "    for (int i = P_->nlo; i < P_->nhi; i++)\n        m->d[i] = 0.0;\n");
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->kind != MECH_ION && e->uses[k].mech->breakpoint && e->uses[k].mech->currents.len)
            sb_printf(o, "    K_%s_jacob(m, P_->ilo[%d], P_->ihi[%d]);\n", e->uses[k].cname, k, k);
    sb_puts(o, "    double cfac = 0.001 * m->cj;\n"
               "    for (int i = P_->nlo; i < P_->nhi; i++)\n"
               "        m->d[i] += cfac * node_cm[i];\n");
    if (solve_too) /* one-node cells: every node a root */
        sb_puts(o, "    for (int i = P_->nlo; i < P_->nhi; i++)\n"
                   "        m->rhs[i] /= m->d[i];\n"
                   "    if (m->secondorder) {\n"
                   "        for (int i = P_->nlo; i < P_->nhi; i++)\n            m->v[i] += 2.0 * m->rhs[i];\n"
                   "    } else {\n"
                   "        for (int i = P_->nlo; i < P_->nhi; i++)\n            m->v[i] += m->rhs[i];\n"
                   "    }\n");
}

static void phase_b(Emitter *e)
{
    StrBuf *o = &e->out;
    emit_group_loops_part(e, "        double dv = m->v[p] - m->v[i];\n"
                             "        m->rhs[i] -= node_b[i] * dv;\n"
                             "        m->rhs[p] += node_a[i] * dv;\n", false, true);
    emit_group_loops_part(e, "        m->d[i] -= node_b[i];\n"
                             "        m->d[p] -= node_a[i];\n", false, true);
    emit_group_loops_part(e, "        double f = node_a[i] / m->d[i];\n"
                             "        m->d[p] -= f * node_b[i];\n"
                             "        m->rhs[p] -= f * m->rhs[i];\n", true, true);
    sb_puts(o, "    for (int i = P_->rlo; i < P_->rhi; i++)\n"
               "        m->rhs[i] /= m->d[i];\n");
    emit_group_loops_part(e, "        m->rhs[i] -= node_b[i] * m->rhs[p];\n"
                             "        m->rhs[i] /= m->d[i];\n", false, true);
    sb_puts(o, "    const double vf = m->secondorder ? 2.0 : 1.0;\n"
               "    for (int i = P_->rlo; i < P_->rhi; i++)\n"
               "        m->v[i] += vf * m->rhs[i];\n");
    emit_group_loops_part(e, "        (void)p;\n        m->v[i] += vf * m->rhs[i];\n", false, true);
}

void emit_threads_code(Emitter *e)
{
    if (!e->par)
        return;
    StrBuf *o = &e->out;
    const Model *m = e->m;
    int ng = m->groups.len, nu = e->nuses;
    bool halves = false;
    for (int k = 0; k < nu; k++)
        halves = halves || (nmodl_has_state_kernel(e->uses[k].mech) && nmodl_halves_dt(e, e->uses[k].mech));
    sb_puts(o, "/* ---- ./sim --threads N: each thread's share (emit_threads.c) ---- */\n\n");
    sb_printf(o, "typedef struct Part_ {\n"
                 "    int nlo, nhi;         /* nodes (phases A, D) */\n"
                 "    int ilo[%d], ihi[%d]; /* the instances of each mechanism on them */\n"
                 "    int rlo, rhi;         /* cells by their roots (phase B) */\n"
                 "    int tlo[%d], thi[%d]; /* their trees in each node group */\n"
                 "%s"
                 "} Part_;\n\n",
              nu, nu, ng ? ng : 1, ng ? ng : 1,
              e->ntl ? "    double tl[NTL];       /* its GLOBALs after a phase (tl_join) */\n" : "");
    sb_puts(o, "static Part_ *part_;\nstatic int npart_; /* 0: not made yet; 1: one thread */\n");
    if (e->ntl)
        sb_puts(o, "static int tl_owner_[NTL]; /* the thread that runs the last instance of its mechanism */\n");
    sb_puts(o, "\n/* the first of a[0..n-1] (ascending) not below x */\n"
               "static NRN_MAYBE_UNUSED int lbound_(const int *a, int n, int x)\n{\n"
               "    int lo = 0, hi = n;\n"
               "    while (lo < hi) {\n"
               "        int mid = lo + (hi - lo) / 2;\n"
               "        if (a[mid] < x)\n            lo = mid + 1;\n        else\n            hi = mid;\n"
               "    }\n    return lo;\n}\n\n");
    /* the partition */
    sb_puts(o, "/* The shares of nrt_threads() threads: nodes in ranges of about equal\n"
               " * cost; cells in ranges of about equal numbers of nodes. */\n"
               "static void par_make(Model *m)\n{\n"
               "    int n = nrt_threads(m->sim);\n"
               "    if (n > NCELL)\n        n = NCELL;\n"
               "    npart_ = 1;\n"
               "    if (n < 2)\n        return;\n"
               "    Part_ *P = calloc((size_t)n, sizeof *P);\n"
               "    long *w = calloc((size_t)NCELL + 1, sizeof *w);\n");
    sb_puts(o, "    if (!P || !w) {\n        free(P);\n        free(w);\n        return;\n    }\n");
    /* nodes of each cell (root), then cumulative */
    sb_puts(o, "    for (int r = 0; r < NCELL; r++)\n        w[r + 1] = 1;\n");
    for (int gi = 0; gi < ng; gi++) {
        const NodeGroup *g = &m->groups.data[gi];
        if (g->roots_affine)
            sb_printf(o, "    for (int t = 0; t < %d; t++)\n        w[%d + t + 1] += %d;\n", g->g, g->roots[0], g->K);
        else
            sb_printf(o, "    for (int t = 0; t < %d; t++)\n        w[G%d_root[t] + 1] += %d;\n", g->g, gi, g->K);
    }
    /* the nodes' costs: a node's own, and its mechanism instances' (a
     * guess from the size of their C) */
    sb_puts(o, "    long *nw = calloc((size_t)NODES + 1, sizeof *nw);\n"
               "    if (!nw) {\n        free(P);\n        free(w);\n        return;\n    }\n"
               "    for (int i = 0; i < NODES; i++)\n        nw[i + 1] = 4;\n");
    for (int k = 0; k < nu; k++) {
        const MechUse *u = &e->uses[k];
        if (u->mech->kind == MECH_ARTIFICIAL)
            continue;
        long c = 1 + (long)(u->code_len / 500);
        sb_printf(o, "    for (int x = 0; x < %d; x++)\n        nw[%s_node[x] + 1] += %ld;\n", u->n, u->cname, c);
    }
    sb_puts(o, "    for (int i = 0; i < NODES; i++)\n        nw[i + 1] += nw[i];\n");
    sb_puts(o, "    for (int r = 0; r < NCELL; r++)\n        w[r + 1] += w[r];\n"
               "    for (int k = 0, nlo = 0; k < n; k++) {\n"
               "        Part_ *p = &P[k];\n"
               "        long wend = nw[NODES] * (k + 1) / n;\n"
               "        p->nlo = nlo;\n"
               "        while (nlo < NODES && nw[nlo] < wend)\n            nlo++;\n"
               "        p->nhi = k == n - 1 ? NODES : nlo;\n"
               "        long wlo = w[NCELL] * k / n, whi = w[NCELL] * (k + 1) / n;\n"
               "        p->rlo = 0;\n"
               "        while (p->rlo < NCELL && w[p->rlo] < wlo)\n            p->rlo++;\n"
               "        p->rhi = p->rlo;\n"
               "        while (p->rhi < NCELL && w[p->rhi] < whi)\n            p->rhi++;\n"
               "        if (k == n - 1)\n            p->rhi = NCELL;\n");
    for (int gi = 0; gi < ng; gi++) {
        const NodeGroup *g = &m->groups.data[gi];
        if (g->roots_affine)
            sb_printf(o, "        p->tlo[%d] = p->rlo < %d ? 0 : p->rlo - %d > %d ? %d : p->rlo - %d;\n"
                         "        p->thi[%d] = p->rhi < %d ? 0 : p->rhi - %d > %d ? %d : p->rhi - %d;\n",
                      gi, g->roots[0], g->roots[0], g->g, g->g, g->roots[0], gi, g->roots[0], g->roots[0], g->g, g->g,
                      g->roots[0]);
        else
            sb_printf(o, "        p->tlo[%d] = lbound_(G%d_root, %d, p->rlo);\n"
                         "        p->thi[%d] = lbound_(G%d_root, %d, p->rhi);\n",
                      gi, gi, g->g, gi, gi, g->g);
    }
    for (int k = 0; k < nu; k++) {
        const MechUse *u = &e->uses[k];
        if (u->mech->kind == MECH_ARTIFICIAL)
            sb_printf(o, "        p->ilo[%d] = 0;\n        p->ihi[%d] = k == 0 ? %d : 0; /* no node: thread 0 */\n", k, k,
                      u->n);
        else if (u->unsorted)
            sb_printf(o, "        p->ilo[%d] = 0; /* all, those on its nodes kept */\n        p->ihi[%d] = %d;\n", k, k,
                      u->n);
        else
            sb_printf(o, "        p->ilo[%d] = lbound_(%s_node, %d, p->nlo);\n"
                         "        p->ihi[%d] = lbound_(%s_node, %d, p->nhi);\n",
                      k, u->cname, u->n, k, u->cname, u->n);
    }
    sb_puts(o, "    }\n");
    if (e->ntl) {
        int base = 0;
        for (int k = 0; k < nu; k++) {
            int c = use_tls(e, &e->uses[k], NULL, NULL, NULL, 0);
            if (!c)
                continue;
            const MechUse *u = &e->uses[k];
            if (u->mech->kind == MECH_ARTIFICIAL) /* thread 0 */
                sb_printf(o, "    for (int j = %d; j < %d; j++)\n        tl_owner_[j] = 0;\n", base, base + c);
            else /* the thread of its last instance's node */
                sb_printf(o, "    for (int k = 0; k < n; k++)\n"
                             "        if (P[k].nlo <= %s_node[%d] && %s_node[%d] < P[k].nhi)\n"
                             "            for (int j = %d; j < %d; j++)\n"
                             "                tl_owner_[j] = k;\n",
                          u->cname, u->n - 1, u->cname, u->n - 1, base, base + c);
            base += c;
        }
    }
    sb_puts(o, "    free(nw);\n    free(w);\n    part_ = P;\n    npart_ = n;\n}\n\n");
    if (e->ntl)
        sb_puts(o, "/* after a phase: each GLOBAL as the thread that ran its mechanism's last\n"
                   " * instance left it, on this thread too */\n"
                   "static void tl_join(Model *m)\n{\n"
                   "    for (int j = 0; j < NTL; j++)\n"
                   "        m->tl_[j] = part_[tl_owner_[j]].tl[j];\n"
                   "    tl_get(m->tl_);\n}\n\n");
    /* the phases */
    /* (a pool of more threads than cells leaves the extra ones idle) */
    const char *head = e->ntl ? "    if (k >= npart_)\n        return;\n    Model *m = state;\n    Part_ *P_ = &part_[k];\n"
                                "    (void)m;\n    (void)P_;\n    if (k)\n        tl_get(m->tl_);\n"
                              : "    if (k >= npart_)\n        return;\n    Model *m = state;\n    const Part_ *P_ = &part_[k];\n"
                                "    (void)m;\n    (void)P_;\n";
    const char *tail = e->ntl ? "    tl_put(P_->tl);\n" : "";
    if (e->any_unsorted) {
        head = arena_printf(e->arena, "%s    nlo_ = P_->nlo;\n    nhi_ = P_->nhi;\n", head);
        tail = arena_printf(e->arena, "%s    nlo_ = 0;\n    nhi_ = NODES;\n", tail);
    }
    sb_printf(o, "static void par_a(void *state, int k)\n{\n%s", head);
    phase_a(e, ng == 0);
    sb_printf(o, "%s}\n\n", tail);
    if (ng) {
        sb_puts(o, "static void par_b(void *state, int k)\n{\n"
                   "    if (k >= npart_)\n        return;\n"
                   "    Model *m = state;\n    const Part_ *P_ = &part_[k];\n");
        phase_b(e);
        sb_puts(o, "}\n\n");
    }
    sb_printf(o, "static void par_d(void *state, int k)\n{\n%s", head);
    bool ions = false;
    for (int k = 0; k < nu; k++)
        ions = ions || e->uses[k].mech->kind == MECH_ION;
    if (ions) {
        sb_puts(o, "    if (m->secondorder == 2) {\n");
        for (int k = 0; k < nu; k++)
            if (e->uses[k].mech->kind == MECH_ION)
                sb_printf(o, "        K_%s_correct(m, P_->ilo[%d], P_->ihi[%d]);\n", e->uses[k].cname, k, k);
        sb_puts(o, "    }\n");
    }
    for (int k = 0; k < nu; k++)
        if (nmodl_has_state_kernel(e->uses[k].mech))
            sb_printf(o, "    K_%s_state(m, P_->ilo[%d], P_->ihi[%d]);\n", e->uses[k].cname, k, k);
    sb_printf(o, "%s}\n\n", tail);
    /* running a phase */
    sb_printf(o, "/* Whether this step runs on the threads (a state update that halves dt\n"
                 " * under secondorder changes m->dt: one thread then). */\n"
                 "static int par_on(Model *m)\n{\n"
                 "    if (!npart_)\n        par_make(m);\n"
                 "    return npart_ > 1%s;\n}\n\n",
              halves ? " && !m->secondorder" : "");
    sb_printf(o, "static void par_run(Model *m, void (*phase)(void *, int))\n{\n%s"
                 "    nrt_parallel(m->sim, phase, m);\n%s}\n\n",
              e->ntl ? "    tl_put(m->tl_);\n" : "", e->ntl ? "    tl_join(m);\n" : "");
}

/* The fixed step's middle on the threads (emit.c's model_step): the
 * matrix, its solve and the new v; then (after t and the continuous plays)
 * the state updates. */
void emit_threads_step(Emitter *e, bool states)
{
    StrBuf *o = &e->out;
    if (states) {
        sb_puts(o, "        par_run(m, par_d);\n");
        return;
    }
    sb_puts(o, "        par_run(m, par_a);\n");
    if (e->m->groups.len)
        sb_puts(o, "        nrt_parallel(m->sim, par_b, m); /* no mechanism code: tl_ unchanged */\n");
}
