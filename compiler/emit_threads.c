/* emit_threads.c - the step on several threads (./sim --threads N) and on
 * several processes (mpirun -np K of an nrncc --mpi executable).
 *
 * The executable's step has a parallel path besides the one-thread one.
 * The model is cut into shares of whole cells (part_build: a root with the
 * trees of the node groups hanging from it, cells in consecutive ranges of
 * about equal cost), each with its runs of nodes and of each mechanism's
 * instances on them (part_runs).  Each share gets the same arithmetic as
 * the one-thread step does on all of it, so the results are the same bits
 * for every N:
 *   phase A (ph_a): rhs and d zeroed, the currents and their conductances,
 *     the capacity term, then (ph_b) the axial terms, the Hines elimination
 *     and back substitution, the new v;
 *   phase D (ph_d): the ions' second-order correction, the state updates.
 * Between them (on the calling thread): t, continuous plays; around them:
 * threshold detectors, events, recording, as in the one-thread step.  A
 * per-node sum gets its terms in the same order as there: a node's
 * mechanisms all run in one share, mechanism after mechanism, instance
 * after instance, and a root gets its trees' eliminations group after
 * group.
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
        if (!nmodl_tls_var(e, u, v))
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
    if (e->fast) /* its vector loops and solve go over all the model */
        e->thread_reason = "an executable of nrncc --fast steps on one thread";
    for (int k = 0; k < e->nuses; k++)
        e->ntl += use_tls(e, &e->uses[k], NULL, NULL, NULL, 0);
    const Model *m = e->m;
    for (int k = 0; k < e->nuses && !e->thread_reason; k++) {
        const MechUse *u = &e->uses[k];
        e->thread_reason = mech_thread_reason(e->arena, u->mech);
    }
    if (!e->thread_reason && e->m->rands.len)
        e->thread_reason = "the model has Random objects";
    for (int k = 0; k < e->nuses && !e->thread_reason; k++) {
        const Mech *mech = e->uses[k].mech;
        for (int v = 0; v < mech->vars.len && !e->thread_reason; v++)
            if (mech->vars.data[v].random)
                e->thread_reason = "a mechanism keeps a Random in a POINTER";
        if (!e->thread_reason && mech_verbatim_uses(mech, "nrn_threads"))
            e->thread_reason = "a mechanism's VERBATIM tests for the first thread (_nt != nrn_threads)";
    }
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        for (int x = 1; u->node && u->mech->kind != MECH_ARTIFICIAL && x < u->n; x++)
            if (u->node[x] < u->node[x - 1])
                u->unsorted = true;
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

/* The loops of phases A and D over the share P_: its runs of nodes, and
 * a kernel over its runs of instances of mechanism k. */
static const char *node_loop(void)
{
    return "    for (int j_ = 0; j_ < P_->nnrun; j_++)\n        for (int i = P_->nlo[j_]; i < P_->nhi[j_]; i++)\n    ";
}

static void kernel_call(Emitter *e, int k, const char *what, const char *pad)
{
    sb_printf(&e->out, "%sfor (int q_ = P_->mi[%d]; q_ < P_->mi[%d]; q_++)\n%s    K_%s_%s(m, P_->mlo[q_], P_->mhi[q_]);\n",
              pad, k, k + 1, pad, e->uses[k].cname, what);
}

/* phase A's body: the one-thread assemble() of the share's nodes, then
 * the tree solve of its cells and the new v */
static void phase_a(Emitter *e)
{
    StrBuf *o = &e->out;
    const char *loop = node_loop();
    sb_printf(o, "%s        m->rhs[i] = 0.0;\n", loop);
    for (int k = 0; k < e->nuses; k++)
        if (emit_has_cur(&e->uses[k]))
            kernel_call(e, k, "cur", "    ");
    sb_printf(o, "%s        m->d[i] = 0.0;\n", loop);
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->kind != MECH_ION && e->uses[k].mech->breakpoint && e->uses[k].mech->currents.len)
            kernel_call(e, k, "jacob", "    ");
    sb_printf(o, "    double cfac = 0.001 * m->cj;\n%s        m->d[i] += cfac * node_cm[i];\n", loop);
    if (e->m->groups.len) {
        sb_puts(o, "    ph_b(m, P_);\n");
    } else { /* one-node cells: every node a root */
        sb_printf(o, "%s        m->rhs[i] /= m->d[i];\n"
                     "    const double vf = m->secondorder ? 2.0 : 1.0;\n"
                     "%s        m->v[i] += vf * m->rhs[i];\n",
                  loop, loop);
    }
}

/* phase D's body: the ions' second-order correction, the state updates */
static void phase_d(Emitter *e)
{
    StrBuf *o = &e->out;
    bool ions = false;
    for (int k = 0; k < e->nuses; k++)
        ions = ions || e->uses[k].mech->kind == MECH_ION;
    if (ions) {
        sb_puts(o, "    if (m->secondorder == 2) {\n");
        for (int k = 0; k < e->nuses; k++)
            if (e->uses[k].mech->kind == MECH_ION)
                kernel_call(e, k, "correct", "        ");
        sb_puts(o, "    }\n");
    }
    for (int k = 0; k < e->nuses; k++)
        if (nmodl_has_state_kernel(e->uses[k].mech))
            kernel_call(e, k, "state", "    ");
}

/* the axial terms, the Hines elimination and back substitution and the new
 * v of the cells of share P_ */
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
    sb_puts(o, "/* ---- ./sim --threads N, mpirun -np K: shares of the model (emit_threads.c) ---- */\n\n");
    sb_printf(o, "typedef struct Part_ {\n"
                 "    int rlo, rhi;           /* its cells, by their roots */\n"
                 "    int tlo[%d], thi[%d];   /* their trees in each node group */\n"
                 "    int nnrun, *nlo, *nhi;  /* their nodes, run by run */\n"
                 "    int mi[%d], *mlo, *mhi; /* mechanism u's instances on them: runs mi[u] .. mi[u+1]-1 */\n"
                 "    int bad;                /* a v of its nodes NaN or beyond 1e6 mV after par_d */\n"
                 "%s"
                 "} Part_;\n\n",
              ng ? ng : 1, ng ? ng : 1, nu + 1,
              e->ntl ? "    double tl[NTL];         /* its GLOBALs after a phase (tl_join) */\n" : "");
    sb_puts(o, "static Part_ *part_;\nstatic int npart_; /* 0: not made yet; 1: one thread */\n");
    /* a play into v changes it after the states: model_unstable looks then */
    bool vplay = false;
    for (int k = 0; k < m->plays.len; k++)
        vplay = vplay || m->plays.data[k].target.kind == REC_V;
    sb_printf(o, "static int par_scanned_; /* the last step's v looked at by its threads%s */\n",
              vplay ? " (never: a play sets v)" : "");
    if (e->ntl)
        sb_puts(o, "static int tl_owner_[NTL]; /* the thread that runs the last instance of its mechanism */\n");
    sb_puts(o, "\n/* the first of a[0..n-1] (ascending) not below x */\n"
               "static NRN_MAYBE_UNUSED int lbound_(const int *a, int n, int x)\n{\n"
               "    int lo = 0, hi = n;\n"
               "    while (lo < hi) {\n"
               "        int mid = lo + (hi - lo) / 2;\n"
               "        if (a[mid] < x)\n            lo = mid + 1;\n        else\n            hi = mid;\n"
               "    }\n    return lo;\n}\n\n");
    /* the shares: cells by cost */
    sb_puts(o, "/* n shares of the model: its cells (roots with their trees) in ranges of\n"
               " * about equal cost, a node's cost its own and its mechanism instances'\n"
               " * (guessed from the size of their C); own[i] becomes node i's share.\n"
               " * NULL when out of memory. */\n"
               "static Part_ *part_build(int n, int *own)\n{\n"
               "    Part_ *P = calloc((size_t)n, sizeof *P);\n"
               "    long *w = calloc((size_t)NCELL + 1, sizeof *w), *nw = calloc((size_t)NODES + 1, sizeof *nw);\n"
               "    if (!P || !w || !nw) {\n        free(P);\n        free(w);\n        free(nw);\n        return NULL;\n    }\n"
               "    for (int i = 0; i < NODES; i++)\n        nw[i] = 4;\n");
    for (int k = 0; k < nu; k++) {
        const MechUse *u = &e->uses[k];
        if (u->mech->kind == MECH_ARTIFICIAL)
            continue;
        long c = 1 + (long)(u->code_len / 500);
        sb_printf(o, "    for (int x = 0; x < %d; x++)\n        nw[%s_node[x]] += %ld;\n", u->n, u->cname, c);
    }
    sb_puts(o, "    for (int r = 0; r < NCELL; r++)\n        w[r + 1] = nw[r];\n");
    for (int gi = 0; gi < ng; gi++) {
        const NodeGroup *g = &m->groups.data[gi];
        sb_printf(o, "    for (int k = 0; k < %d; k++)\n        for (int t = 0; t < %d; t++)\n", g->K, g->g);
        if (g->roots_affine)
            sb_printf(o, "            w[%d + t + 1] += nw[%d + k * %d + t];\n", g->roots[0], g->base, g->g);
        else
            sb_printf(o, "            w[G%d_root[t] + 1] += nw[%d + k * %d + t];\n", gi, g->base, g->g);
    }
    sb_puts(o, "    for (int r = 0; r < NCELL; r++)\n        w[r + 1] += w[r];\n"
               "    for (int k = 0, rlo = 0; k < n; k++) {\n"
               "        Part_ *p = &P[k];\n"
               "        long cend = w[NCELL] * (k + 1) / n;\n"
               "        p->rlo = rlo;\n"
               "        while (rlo < NCELL && w[rlo] < cend)\n            rlo++;\n"
               "        p->rhi = k == n - 1 ? NCELL : rlo;\n"
               "        for (int r = p->rlo; r < p->rhi; r++)\n            own[r] = k;\n");
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
        sb_printf(o, "        for (int kk = 0; kk < %d; kk++)\n"
                     "            for (int t = p->tlo[%d]; t < p->thi[%d]; t++)\n"
                     "                own[%d + kk * %d + t] = k;\n",
                  g->K, gi, gi, g->base, g->g);
    }
    sb_puts(o, "    }\n    free(nw);\n    free(w);\n    return P;\n}\n\n");
    /* a share's runs */
    sb_puts(o, "/* Share k's runs of nodes and of each mechanism's instances on them\n"
               " * (own: part_build's); art: it runs the artificial cells.  0, or -1 when\n"
               " * out of memory. */\n"
               "static int part_runs(Part_ *p, const int *own, int k, int art)\n{\n"
               "    p->nnrun = 0;\n"
               "    for (int i = 0; i < NODES; i++)\n"
               "        p->nnrun += own[i] == k && (i == 0 || own[i - 1] != k);\n"
               "    p->nlo = malloc(sizeof(int) * (size_t)(p->nnrun + 1));\n"
               "    p->nhi = malloc(sizeof(int) * (size_t)(p->nnrun + 1));\n");
    long cap = 1;
    sb_puts(o, "    size_t icap = 1");
    for (int k = 0; k < nu; k++) {
        const MechUse *u = &e->uses[k];
        if (u->mech->kind == MECH_ARTIFICIAL)
            cap++;
        else if (u->unsorted)
            sb_printf(o, " + %d", u->n);
        else
            sb_puts(o, " + (size_t)p->nnrun");
    }
    sb_printf(o, " + %ld;\n", cap);
    sb_puts(o, "    p->mlo = malloc(sizeof(int) * icap);\n    p->mhi = malloc(sizeof(int) * icap);\n"
               "    if (!p->nlo || !p->nhi || !p->mlo || !p->mhi)\n        return -1;\n"
               "    for (int i = 0, j = 0; i < NODES; i++) {\n"
               "        if (own[i] != k)\n            continue;\n"
               "        if (i == 0 || own[i - 1] != k)\n            p->nlo[j] = i;\n"
               "        if (i == NODES - 1 || own[i + 1] != k)\n            p->nhi[j++] = i + 1;\n"
               "    }\n"
               "    int q = 0;\n"
               "    (void)art;\n");
    for (int k = 0; k < nu; k++) {
        const MechUse *u = &e->uses[k];
        sb_printf(o, "    p->mi[%d] = q;\n", k);
        if (u->mech->kind == MECH_ARTIFICIAL)
            sb_printf(o, "    if (art) {\n        p->mlo[q] = 0;\n        p->mhi[q++] = %d;\n    }\n", u->n);
        else if (u->unsorted) /* point processes out of node order: one by one */
            sb_printf(o, "    for (int x = 0; x < %d; x++)\n"
                         "        if (own[%s_node[x]] == k) {\n"
                         "            if (q > p->mi[%d] && p->mhi[q - 1] == x)\n                p->mhi[q - 1]++;\n"
                         "            else {\n                p->mlo[q] = x;\n                p->mhi[q++] = x + 1;\n            }\n"
                         "        }\n",
                      u->n, u->cname, k);
        else
            sb_printf(o, "    for (int j = 0; j < p->nnrun; j++) {\n"
                         "        int lo = lbound_(%s_node, %d, p->nlo[j]), hi = lbound_(%s_node, %d, p->nhi[j]);\n"
                         "        if (hi > lo) {\n            p->mlo[q] = lo;\n            p->mhi[q++] = hi;\n        }\n"
                         "    }\n",
                      u->cname, u->n, u->cname, u->n);
    }
    sb_printf(o, "    p->mi[%d] = q;\n    return 0;\n}\n\n", nu);
    /* threads */
    sb_puts(o, "/* The shares of nrt_threads() threads (at most one per cell). */\n"
               "static void par_make(Model *m)\n{\n"
               "    int n = nrt_threads(m->sim);\n"
               "    if (n > NCELL)\n        n = NCELL;\n"
               "    npart_ = 1;\n"
               "    if (n < 2)\n        return;\n"
               "    int *own = malloc(sizeof(int) * NODES);\n"
               "    Part_ *P = own ? part_build(n, own) : NULL;\n"
               "    if (!P) {\n        free(own);\n        return;\n    }\n"
               "    for (int k = 0; k < n; k++)\n"
               "        if (part_runs(&P[k], own, k, k == 0) != 0)\n"
               "            nrt_abort(m->sim, \"out of memory (the threads' shares)\");\n");
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
                sb_printf(o, "    for (int j = %d; j < %d; j++)\n        tl_owner_[j] = own[%s_node[%d]];\n", base,
                          base + c, u->cname, u->n - 1);
            base += c;
        }
    }
    sb_puts(o, "    free(own);\n    part_ = P;\n    npart_ = n;\n}\n\n");
    if (e->ntl)
        sb_puts(o, "/* after a phase: each GLOBAL as the thread that ran its mechanism's last\n"
                   " * instance left it, on this thread too */\n"
                   "static void tl_join(Model *m)\n{\n"
                   "    for (int j = 0; j < NTL; j++)\n"
                   "        m->tl_[j] = part_[tl_owner_[j]].tl[j];\n"
                   "    tl_get(m->tl_);\n}\n\n");
    /* the phases: bodies over a share P_ */
    if (ng) {
        sb_puts(o, "/* phase B: the tree solve of the cells of P_ */\n"
                   "static void ph_b(Model *m, const Part_ *P_)\n{\n");
        phase_b(e);
        sb_puts(o, "}\n\n");
    }
    sb_puts(o, "/* phase A: the matrix of share P_'s nodes, its solve, the new v */\n"
               "static void ph_a(Model *m, const Part_ *P_)\n{\n");
    phase_a(e);
    sb_puts(o, "}\n\n");
    sb_puts(o, "/* phase D: the state updates of share P_'s instances */\n"
               "static void ph_d(Model *m, const Part_ *P_)\n{\n");
    phase_d(e);
    sb_puts(o, "    (void)m;\n    (void)P_;\n}\n\n");
    /* (a pool of more threads than cells leaves the extra ones idle) */
    for (int ph = 0; ph < 2; ph++) {
        sb_printf(o, "static void par_%c(void *state, int k)\n{\n"
                     "    if (k >= npart_)\n        return;\n"
                     "    Model *m = state;\n"
                     "    if (k)\n        NRN_T(m) = m->t; /* the caller's t (par_run) */\n",
                  ph ? 'd' : 'a');
        if (e->ntl)
            sb_puts(o, "    if (k)\n        tl_get(m->tl_);\n");
        sb_printf(o, "    ph_%c(m, &part_[k]);\n", ph ? 'd' : 'a');
        if (ph) /* the quick look for model_unstable, over its nodes */
            sb_printf(o, "    int bad = %s;\n"
                         "    for (int j_ = 0; j_ < part_[k].nnrun; j_++)\n"
                         "        for (int i = part_[k].nlo[j_]; i < part_[k].nhi[j_]; i++)\n"
                         "            bad |= !(fabs(m->v[i]) <= 1e6);\n"
                         "    part_[k].bad = bad;\n",
                      vplay ? "1" : "0");
        if (e->ntl)
            sb_puts(o, "    tl_put(part_[k].tl);\n");
        sb_puts(o, "}\n\n");
    }
    /* running a phase */
    sb_printf(o, "/* Whether this step runs on the threads (a state update that halves dt\n"
                 " * under secondorder changes m->dt: one thread then). */\n"
                 "static int par_on(Model *m)\n{\n"
                 "    if (!npart_)\n        par_make(m);\n"
                 "    return npart_ > 1%s;\n}\n\n",
              halves ? " && !m->secondorder" : "");
    sb_printf(o, "static void par_run(Model *m, void (*phase)(void *, int))\n{\n    m->t = NRN_T(m);\n%s"
                 "    nrt_parallel(m->sim, phase, m);\n%s}\n\n",
              e->ntl ? "    tl_put(m->tl_);\n" : "", e->ntl ? "    tl_join(m);\n" : "");
}

/* The fixed step's middle on the threads (emit.c's model_step): the
 * matrix, its solve and the new v; then (after t and the continuous plays)
 * the state updates. */
void emit_threads_step(Emitter *e, bool states)
{
    sb_puts(&e->out, states ? "        par_run(m, par_d);\n" : "        par_run(m, par_a);\n");
}

/* ---- mpirun -np K: the cells spread over K processes ----
 *
 * Each rank steps the cells of one share (part_build(K)) with the
 * one-thread arithmetic (ph_a, ph_d); artificial cells (no node) run on
 * every rank alike, their spikes sent by rank 0.  A spike leaves by
 * nrt_mpi_spike(); at each exchange the runtime hands every rank all the
 * spikes of the interval in one order (model_mpi_fire), and each queues
 * the NetCon events of its own targets. */
void emit_mpi_code(Emitter *e)
{
    if (!e->par)
        return;
    StrBuf *o = &e->out;
    const Model *m = e->m;
    int nnc = m->netcons.len;
    /* where sources, targets and recorded values are: a node, or -1 (an
     * artificial cell, a GLOBAL: rank 0's), -2 (no target) */
    if (e->nsrc) {
        int *sn = ARENA_NEWN(e->arena, int, e->nsrc);
        for (int s = 0; s < e->nsrc; s++) {
            if (s < e->ndet) {
                sn[s] = e->src_node[s];
            } else {
                const PointProc *pp = &m->pps.data[e->src_pp[s]];
                sn[s] = pp->sec >= 0 ? pp->node : -1;
            }
        }
        sb_puts(o, "NRN_MAYBE_UNUSED\n");
        int_table(e, "src_snode_", sn, e->nsrc);
    }
    if (nnc) {
        int *tn = ARENA_NEWN(e->arena, int, nnc);
        for (int k = 0; k < nnc; k++) {
            const NetCon *nc = &m->netcons.data[k];
            tn[k] = nc->target < 0 ? -2 : m->pps.data[nc->target].sec >= 0 ? m->pps.data[nc->target].node : -1;
        }
        sb_puts(o, "NRN_MAYBE_UNUSED\n");
        int_table(e, "nc_tnode_", tn, nnc);
    }
    int nrec = m->records.len;
    int *rn = ARENA_NEWN(e->arena, int, nrec + 1);
    for (int k = 0; k < nrec; k++) {
        const Record *r = &m->records.data[k];
        rn[k] = r->kind == REC_GLOBAL ? -1
              : r->kind == REC_POINT  ? (m->pps.data[r->pp].sec >= 0 ? m->pps.data[r->pp].node : -1)
                                      : r->node;
    }
    if (nrec) {
        sb_puts(o, "NRN_MAYBE_UNUSED\n");
        int_table(e, "rec_node_", rn, nrec);
    }
    sb_puts(o, "static int *node_rank_; /* the rank of each node's cell */\n"
               "static Part_ mpart_;    /* this rank's share */\n\n");
    sb_puts(o, "/* This rank's share, when there are K > 1 (at finitialize). */\n"
               "static void mpi_make(Model *m)\n{\n"
               "    int K = nrt_nranks(m->sim), me = nrt_rank(m->sim);\n"
               "    if (K < 2 || mpi_rank_ >= 0)\n        return;\n"
               "    if (K > NCELL)\n"
               "        nrt_abort(m->sim, \"%d ranks for %d cell%s: at most one rank per cell\", K, NCELL, NCELL == 1 ? \"\" : \"s\");\n"
               "    node_rank_ = malloc(sizeof(int) * NODES);\n"
               "    Part_ *P = node_rank_ ? part_build(K, node_rank_) : NULL;\n"
               "    if (!P)\n        nrt_abort(m->sim, \"out of memory (the ranks' shares)\");\n"
               "    mpart_ = P[me];\n    free(P);\n"
               "    if (part_runs(&mpart_, node_rank_, me, 1) != 0)\n"
               "        nrt_abort(m->sim, \"out of memory (the ranks' shares)\");\n");
    if (e->nsrc)
        sb_puts(o, "    src_mine_ = malloc(NSRC);\n");
    if (nnc)
        sb_puts(o, "    nc_mine_ = malloc(NNETCON);\n");
    if (e->nsrc || nnc)
        sb_printf(o, "    if (%s%s%s)\n        nrt_abort(m->sim, \"out of memory (the ranks' shares)\");\n",
                  e->nsrc ? "!src_mine_" : "", e->nsrc && nnc ? " || " : "", nnc ? "!nc_mine_" : "");
    if (e->nsrc)
        sb_puts(o, "    for (int s = 0; s < NSRC; s++)\n"
                   "        src_mine_[s] = src_snode_[s] >= 0 ? node_rank_[src_snode_[s]] == me : me == 0;\n");
    if (nnc)
        sb_puts(o, "    for (int k = 0; k < NNETCON; k++)\n"
                   "        nc_mine_[k] = nc_tnode_[k] >= 0 ? node_rank_[nc_tnode_[k]] == me : nc_tnode_[k] == -1;\n");
    sb_puts(o, "    mpi_rank_ = me;\n}\n\n");
    /* for the runtime */
    if (e->nsrc) {
        sb_puts(o, "/* at an exchange: a spike of the interval, on every rank */\n"
                   "static void model_mpi_fire(void *state, int src, double t)\n{\n"
                   "    Model *m = state;\n"
                   "    if (src_gid[src] >= 0 && mpi_rank_ == 0)\n"
                   "        nrt_spike(m->sim, src_gid[src], t);\n");
        if (e->nnc_list)
            sb_puts(o, "    for (int k = src_nc_start[src]; k < src_nc_start[src + 1]; k++) {\n"
                       "        int nc = src_nc[k];\n"
                       "        if (nc_mine_[nc])\n"
                       "            nrt_event_send(m->sim, t + nc_delay[nc], KIND_NETCON, nc, nc, 0.0);\n"
                       "    }\n");
        sb_puts(o, "}\n\n");
    }
    sb_puts(o, "/* the shortest delay of a NetCon that queues events (ms), or 1e300 */\n"
               "static double model_min_delay(const void *state)\n{\n    (void)state;\n    double d = 1e300;\n");
    if (e->nnc_list)
        sb_puts(o, "    for (int k = 0; k < src_nc_start[NSRC]; k++)\n"
                   "        if (nc_delay[src_nc[k]] < d)\n            d = nc_delay[src_nc[k]];\n");
    sb_puts(o, "    return d;\n}\n\n");
    sb_puts(o, "/* the rank whose values trace column col has */\n"
               "static int model_rec_owner(const void *state, int col)\n{\n    (void)state;\n");
    if (nrec)
        sb_puts(o, "    if (mpi_rank_ < 0 || col < 1 || rec_node_[col - 1] < 0)\n        return 0;\n"
                   "    return node_rank_[rec_node_[col - 1]];\n}\n\n");
    else
        sb_puts(o, "    (void)col;\n    return 0;\n}\n\n");
}

/* model_step's MPI branch (par == 2) */
void emit_mpi_step(Emitter *e, bool states)
{
    sb_puts(&e->out, states ? "        ph_d(m, &mpart_);\n" : "        ph_a(m, &mpart_);\n");
}
