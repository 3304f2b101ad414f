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
 *     the roots' capacity term, then (ph_b) the other nodes' capacity and
 *     axial terms, the Hines elimination and back substitution, the new v;
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

/* Whether the threads may step their cells through whole intervals
 * between spike exchanges (e->ival), or why not (e->ival_reason): each
 * thread then delivers its own cells' events, so their NET_RECEIVEs must
 * share nothing (mech_event_reason), and what the one-thread step does
 * for the whole model between its phases (plays, WATCH, a halved dt)
 * must not be there. */
static void ival_prepare(Emitter *e)
{
    const Model *m = e->m;
    e->ev_draws = ARENA_NEWN(e->arena, bool, e->nuses + 1);
    memset(e->ev_draws, 0, sizeof(bool) * (size_t)(e->nuses + 1));
    e->ival = false;
    if (!e->par)
        return;
    const char *why = NULL;
    for (int p = 0; !why && p < m->plays.len; p++)
        if (m->plays.data[p].target.kind == REC_GLOBAL)
            why = arena_printf(e->arena, "it plays a Vector into the GLOBAL %s", m->plays.data[p].target.label);
    if (why)
        ;
    else if (m->run.record_every > 0)
        why = "it records every few ms (rows at events)";
    else if (e->nwatch)
        why = "a mechanism has WATCH statements";
    else if (e->nnc_list >= (1 << 27))
        why = "it has too many NetCons";
    for (int k = 0; !why && k < m->records.len; k++)
        if (m->records.data[k].kind == REC_GLOBAL)
            why = arena_printf(e->arena, "it records the GLOBAL %s", m->records.data[k].label);
    for (int k = 0; !why && k < e->nuses; k++) {
        const MechUse *u = &e->uses[k];
        if (u->mech->kind == MECH_ARTIFICIAL && (emit_has_cur(u) || nmodl_has_state_kernel(u->mech)))
            why = arena_printf(e->arena, "the artificial cell %s has per-step code", u->mech->name);
        else
            why = mech_event_reason(e->arena, u->mech, &e->ev_draws[k]);
    }
    e->ival_reason = why;
    e->ival = !why;
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
    ival_prepare(e);
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
    sb_printf(o, "%s    {\n            m->rhs[i] = 0.0;\n            m->d[i] = 0.0;\n        }\n", loop);
    for (int k = 0; k < e->nuses; k++)
        if (emit_has_cur(&e->uses[k]))
            kernel_call(e, k, "cur", "    ");
    sb_puts(o, "    double cfac = 0.001 * m->cj;\n");
    if (e->m->groups.len) {
        /* the roots' capacitance here, the other nodes' with their axial
         * terms (phase_b) */
        sb_puts(o, "    for (int i = P_->rlo; i < P_->rhi; i++)\n"
                   "        m->d[i] += cfac * node_cm[i];\n"
                   "    return ph_b(m, P_, cfac);\n");
    } else { /* one-node cells: every node a root */
        sb_printf(o, "    const double vf = m->secondorder ? 2.0 : 1.0;\n"
                     "    int bad_ = 0;\n"
                     "%s    {\n"
                     "            m->d[i] += cfac * node_cm[i];\n"
                     "            m->rhs[i] /= m->d[i];\n"
                     "            m->v[i] += vf * m->rhs[i];\n%s"
                     "        }\n"
                     "    return bad_;\n",
                  loop, e->vchk ? "            bad_ |= !(fabs(m->v[i]) <= 1e6);\n" : "");
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
    emit_group_loops_part(e, AXIAL_BODY, false, true);
    emit_group_loops_part(e, "        double f = node_a[i] / m->d[i];\n"
                             "        m->d[p] -= f * node_b[i];\n"
                             "        m->rhs[p] -= f * m->rhs[i];\n", true, true);
    /* the new v in the back substitution's pass, as solve_v(), and
     * whether one is NaN or beyond 1e6 mV */
    const char *look = e->vchk ? "        bad_ |= !(fabs(m->v[i]) <= 1e6);\n" : "";
    sb_printf(o, "    const double vf = m->secondorder ? 2.0 : 1.0;\n"
                 "    int bad_ = 0;\n"
                 "    for (int i = P_->rlo; i < P_->rhi; i++) {\n"
                 "        m->rhs[i] /= m->d[i];\n"
                 "        m->v[i] += vf * m->rhs[i];\n%s"
                 "    }\n",
              look);
    emit_group_loops_part(e,
                          arena_printf(e->arena, "        m->rhs[i] -= node_b[i] * m->rhs[p];\n"
                                                 "        m->rhs[i] /= m->d[i];\n"
                                                 "        m->v[i] += vf * m->rhs[i];\n%s",
                                       look),
                          false, true);
    sb_puts(o, "    return bad_;\n");
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
    if (e->ival)
        sb_puts(o, "/* a spike of the interval mode: its time, source, and the step of its\n"
                   " * threshold detector (-1: sent while delivering an event) */\n"
                   "typedef struct IvSpike_ {\n    double t;\n    long n;\n    int src;\n} IvSpike_;\n\n");
    sb_printf(o, "typedef struct Part_ {\n"
                 "    int rlo, rhi;           /* its cells, by their roots */\n"
                 "    int tlo[%d], thi[%d];   /* their trees in each node group */\n"
                 "    int nnrun, *nlo, *nhi;  /* their nodes, run by run */\n"
                 "    int mi[%d], *mlo, *mhi; /* mechanism u's instances on them: runs mi[u] .. mi[u+1]-1 */\n"
                 "    int bad;                /* a v of its nodes NaN or beyond 1e6 mV after par_d */\n"
                 "%s%s"
                 "} Part_;\n\n",
              ng ? ng : 1, ng ? ng : 1, nu + 1,
              e->ntl ? "    double tl[NTL];         /* its GLOBALs after a phase (tl_join) */\n" : "",
              !e->ival ? ""
                       : "    /* the interval mode (ival_run): its threshold detectors, its trace\n"
                         "     * columns and their values step by step, the spikes of its sources\n"
                         "     * (two lists: the one of the last interval is read while this one\n"
                         "     * fills), the steps done, where a v went bad */\n"
                         "    int ndet, *det;\n"
                         "    int nrc, *rc;\n"
                         "    double *rows;\n"
                         "    IvSpike_ *ob[2];\n"
                         "    long obn[2], obcap[2];\n"
                         "    long nsteps;\n"
                         "    int bad_node;\n"
                         "    double bad_v, bad_t;\n"
                         "    char pad_[64];          /* (no cache line shared with the next share's) */\n");

    sb_puts(o, "static Part_ *part_;\nstatic int npart_; /* 0: not made yet; 1: one thread */\n");
    if (e->ival)
        sb_puts(o, "static int *node_own_; /* the share of each node */\n");
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
    /* the shares are made for the threads (the step's phases) or for the
     * interval mode's tiles (nrt_shares: more shares than threads) */
    sb_printf(o, "static int npart_for_; /* the number par_make was asked for */\n\n"
                 "static void par_free(void)\n{\n"
                 "    for (int k = 0; part_ && k < npart_; k++) {\n"
                 "        free(part_[k].nlo);\n        free(part_[k].nhi);\n"
                 "        free(part_[k].mlo);\n        free(part_[k].mhi);\n%s"
                 "    }\n"
                 "    free(part_);\n    part_ = NULL;\n    npart_ = 0;\n%s}\n\n",
              e->ival ? "        free(part_[k].det);\n        free(part_[k].rc);\n        free(part_[k].rows);\n"
                        "        free(part_[k].ob[0]);\n        free(part_[k].ob[1]);\n"
                      : "",
              e->ival ? "    free(node_own_);\n    node_own_ = NULL;\n" : "");
    sb_puts(o, "/* n shares (at most one per cell), unless they are made already. */\n"
               "static void par_make(Model *m, int n)\n{\n"
               "    if (npart_ && npart_for_ == n)\n        return;\n"
               "    par_free();\n"
               "    npart_for_ = n;\n"
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
    sb_puts(o, e->ival ? "    node_own_ = own; /* (the interval mode's) */\n    part_ = P;\n    npart_ = n;\n}\n\n"
                       : "    free(own);\n    part_ = P;\n    npart_ = n;\n}\n\n");
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
                   "static int ph_b(Model *m, const Part_ *P_, double cfac)\n{\n");
        phase_b(e);
        sb_puts(o, "}\n\n");
    }
    sb_puts(o, "/* phase A: the matrix of share P_'s nodes, its solve, the new v; whether\n"
               " * a new v is NaN or beyond 1e6 mV */\n"
               "static int ph_a(Model *m, const Part_ *P_)\n{\n");
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
        if (!ph && e->vchk) /* model_unstable's look: the solve's */
            sb_puts(o, "    part_[k].bad = ph_a(m, &part_[k]);\n");
        else
            sb_printf(o, "    %sph_%c(m, &part_[k]);\n", ph ? "" : "(void)", ph ? 'd' : 'a');
        if (ph && !e->vchk) /* the quick look for model_unstable, over its nodes */
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
                 "    par_make(m, nrt_threads(m->sim));\n"
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
    /* (model_unstable then looks at nothing else: the rank's own nodes'
     * new v, as the solve saw them) */
    sb_puts(&e->out, states    ? "        ph_d(m, &mpart_);\n"
                     : e->vchk ? "        m->vok_ = !ph_a(m, &mpart_);\n"
                               : "        (void)ph_a(m, &mpart_);\n");
}

/* ---- --threads N, the interval mode ----
 *
 * As NEURON's ParallelContext steps each rank's cells: the threads step
 * their own cells through an interval of L steps with a queue of their
 * own cells' events (nrt_ival_thread), and meet once at its end.  A spike
 * of a threshold detector reaches the targets of other threads at the
 * start of the next interval; L is as many steps as fit in the shortest
 * delay of a NetCon from one thread to another less half a step, so none
 * of those events is due before.  Events sent while delivering one (self
 * events, an artificial cell's net_event) stay on their thread: the
 * sources that send them have all their targets on it (else the model
 * steps with per-step meetings, model_step).
 *
 * Every event's sequence number (its order among events at equal times)
 * is a key of the one-thread run's order of sending: (1 + 3n + p) << 28
 * | x for step n's phase p: 0 the threshold detectors (x the NetCon's
 * place in src_nc: sources in order, each one's NetCons in order), 1 and
 * 2 the deliveries before and after the middle of the step (x counts the
 * thread's sends); the events queued at finitialize keep their numbers.
 * A thread's events thus leave its queue in the order the one-thread
 * run delivers them: the results are the same bits on every N.
 *
 * Each thread keeps its trace columns' values step by step and its
 * spikes; the caller writes the rows and spikes after the interval.
 * GLOBALs are joined as after a phase (tl_join). */
static int *ival_homes(Emitter *e)
{
    const Model *m = e->m;
    int np = m->pps.len;
    int *home = ARENA_NEWN(e->arena, int, np + 1);
    for (int p = 0; p < np; p++)
        home[p] = m->pps.data[p].sec >= 0 ? m->pps.data[p].node : -1;
    /* an artificial cell goes where its first placed target is */
    for (bool changed = true; changed;) {
        changed = false;
        for (int k = 0; k < m->netcons.len; k++) {
            const NetCon *nc = &m->netcons.data[k];
            if (nc->det < 0 && nc->src_pp >= 0 && nc->target >= 0 && home[nc->src_pp] < 0 && home[nc->target] >= 0) {
                home[nc->src_pp] = home[nc->target];
                changed = true;
            }
        }
    }
    return home;
}

void emit_ival_code(Emitter *e)
{
    StrBuf *o = &e->out;
    const Model *m = e->m;
    if (!e->par)
        return;
    if (!e->ival) {
        sb_printf(o, "static long model_run_interval(void *state, double tend, const char **why)\n{\n"
                     "    (void)state;\n    (void)tend;\n    *why = \"%s\";\n    return -1;\n}\n\n",
                  e->ival_reason);
        return;
    }
    int nnc = m->netcons.len, nrec = m->records.len;
    int *home = ival_homes(e);
    sb_puts(o, "/* ---- --threads N: the interval mode (emit_threads.c) ---- */\n\n");
    sb_printf(o, "#define IV_NCOL %d\n#define IV_OWN(h) ((h) >= 0 ? node_own_[h] : 0)\n"
                 "#define IV_SLOT(n, p) (1 + 3 * (unsigned long long)(n) + (p))\n", nrec + 1);
    /* where things are: a node (its share's thread), or -1 (thread 0) */
    if (nnc) {
        int *t = ARENA_NEWN(e->arena, int, nnc);
        for (int k = 0; k < nnc; k++)
            t[k] = m->netcons.data[k].target < 0 ? -2 : home[m->netcons.data[k].target];
        sb_puts(o, "NRN_MAYBE_UNUSED\n");
        int_table(e, "ival_nc_home_", t, nnc);
    }
    if (e->nsrc) {
        int *t = ARENA_NEWN(e->arena, int, e->nsrc);
        for (int s = 0; s < e->nsrc; s++)
            t[s] = s < e->ndet ? e->src_node[s] : home[e->src_pp[s]];
        int_table(e, "ival_src_home_", t, e->nsrc);
    }
    if (nrec) {
        int *t = ARENA_NEWN(e->arena, int, nrec);
        for (int k = 0; k < nrec; k++) {
            const Record *r = &m->records.data[k];
            t[k] = r->kind == REC_POINT ? home[r->pp] : r->node;
        }
        int_table(e, "ival_rec_home_", t, nrec);
    }
    bool cont = false;
    if (m->plays.len) { /* a play is its target's thread's */
        int *t = ARENA_NEWN(e->arena, int, m->plays.len);
        for (int p = 0; p < m->plays.len; p++) {
            const Record *r = &m->plays.data[p].target;
            t[p] = r->kind == REC_POINT ? home[r->pp] : r->node;
            cont = cont || m->plays.data[p].continuous;
        }
        int_table(e, "ival_play_home_", t, m->plays.len);
        sb_puts(o, "static int play_own_[NPLAY]; /* each play's thread */\n");
    }
    for (int k = 0; k < e->nuses; k++) {
        const MechUse *u = &e->uses[k];
        if (!u->mech->netrecv || !u->pp)
            continue;
        int *t = ARENA_NEWN(e->arena, int, u->n + 1);
        for (int x = 0; x < u->n; x++)
            t[x] = home[u->pp[x]];
        int_table(e, arena_printf(e->arena, "ival_home_%s", u->cname), t, u->n);
        sb_printf(o, "static int *ival_own_%s; /* each instance's thread */\n", u->cname);
    }
    sb_puts(o, "static NRN_MAYBE_UNUSED int *nc_own_; /* the thread of each NetCon's target */\n"

               "static int col_own_[IV_NCOL]; /* the thread of each trace column */\n"
               "static long ival_len_;        /* steps per interval */\n"
               "static long ival_n0_;         /* steps done in the interval mode before this interval */\n"
               "static unsigned long ival_i_; /* intervals done */\n"
               "static double ival_tend_;\n"
               "static int ival_badnode_ = -1; /* after an interval where a v went bad: where, and its v */\n"
               "static double ival_badv_;\n"
               "static __thread Part_ *ival_p_; /* this thread's share */\n\n");
    /* the trace columns one by one */
    sb_puts(o, "static void ival_record(Model *m, double *row, int c)\n{\n    switch (c) {\n"
               "    case 0:\n        row[0] = NRN_T(m);\n        break;\n");
    for (int k = 0; k < nrec; k++)
        sb_printf(o, "    case %d:\n        row[%d] = %s;\n        break;\n", k + 1, k + 1,
                  emit_record_c(e, &m->records.data[k]));
    sb_puts(o, "    default:\n        break;\n    }\n}\n\n");
    if (cont) { /* play_continuous, thread k's plays */
        sb_puts(o, "static void ival_play_continuous(Model *m, int k)\n{\n");
        for (int p = 0; p < m->plays.len; p++) {
            const Play *pl = &m->plays.data[p];
            if (pl->continuous)
                sb_printf(o, "    if (play_own_[%d] == k)\n"
                             "        %s = nrt_play_interp(play_t_%d, play_y_%d, m->play_k[%d], &m->play_last[%d], NRN_T(m));\n",
                          p, emit_record_c(e, &pl->target), p, p, p, p);
        }
        sb_puts(o, "}\n\n");
    }
    /* spikes */
    sb_puts(o, "static NRN_MAYBE_UNUSED void ival_push(NrtSim *sim, Part_ *P, int w, double t, int src, long n)\n{\n"
               "    if (P->obn[w] == P->obcap[w]) {\n"
               "        long cap = P->obcap[w] ? 2 * P->obcap[w] : 64;\n"
               "        IvSpike_ *q = realloc(P->ob[w], sizeof(IvSpike_) * (size_t)cap);\n"
               "        if (!q)\n            nrt_abort(sim, \"out of memory (spikes)\");\n"
               "        P->ob[w] = q;\n        P->obcap[w] = cap;\n    }\n"
               "    IvSpike_ s = {t, n, src};\n    P->ob[w][P->obn[w]++] = s;\n}\n\n");
    sb_puts(o, "/* fire() while delivering an event: the spike, kept (its NetCons' events\n"
               " * are this thread's: ival_setup) */\n"
               "static NRN_MAYBE_UNUSED void ival_spike(Model *m, int src, double t)\n{\n"
               "    ival_push(m->sim, ival_p_, (int)(ival_i_ & 1), t, src, -1);\n}\n\n");
    /* the owner of an event's target */
    sb_puts(o, "static int ival_owner(void *state, const NrtEvent *ev)\n{\n    (void)state;\n    switch (ev->kind) {\n");
    if (nnc)
        sb_puts(o, "    case KIND_NETCON:\n        return nc_own_[ev->nc];\n");
    if (m->plays.len)
        sb_puts(o, "    case KIND_PLAY:\n        return play_own_[ev->index];\n");
    for (int k = 0; k < e->nuses; k++) {
        const MechUse *u = &e->uses[k];
        if (u->mech->netrecv && u->pp)
            sb_printf(o, "    case KIND_%s:\n        return ival_own_%s[ev->index];\n", u->cname, u->cname);
    }
    sb_puts(o, "    default:\n        return 0;\n    }\n}\n\n");
    /* set-up */
    sb_puts(o, "/* The interval mode's tables and buffers for the shares made (part_): 0,\n"
               " * or -1 with *why when the model needs the threads to meet every step. */\n"
               "static int ival_try(Model *m, const char **why)\n{\n"
               "    if (npart_ < 2 || !node_own_) {\n        *why = NULL; /* (one thread) */\n        return -1;\n    }\n"
               "    int n = npart_, dthr = -1, watch = 0; /* (NET_RECEIVEs that may draw random numbers: their thread) */\n"
               "    (void)dthr;\n");
    bool halves = false;
    for (int k = 0; k < e->nuses; k++)
        halves = halves || (nmodl_has_state_kernel(e->uses[k].mech) && nmodl_halves_dt(e, e->uses[k].mech));
    if (halves) /* (as par_on) */
        sb_puts(o, "    if (m->secondorder) {\n"
                   "        *why = \"a state update halves dt under secondorder\";\n        return -1;\n    }\n");
    if (nnc)
        sb_puts(o, "    free(nc_own_); /* (a try with other shares before) */\n"
                   "    nc_own_ = malloc(sizeof(int) * NNETCON);\n"
                   "    if (!nc_own_)\n        nrt_abort(m->sim, \"out of memory (the threads' shares)\");\n"
                   "    for (int k = 0; k < NNETCON; k++)\n        nc_own_[k] = IV_OWN(ival_nc_home_[k]);\n");
    if (e->nsrc)
        sb_puts(o, "    int *src_own_ = malloc(sizeof(int) * NSRC);\n"
                   "    if (!src_own_)\n        nrt_abort(m->sim, \"out of memory (the threads' shares)\");\n"
                   "    for (int s = 0; s < NSRC; s++)\n        src_own_[s] = IV_OWN(ival_src_home_[s]);\n");
    for (int k = 0; k < e->nuses; k++) {
        const MechUse *u = &e->uses[k];
        if (!u->mech->netrecv || !u->pp)
            continue;
        sb_printf(o, "    free(ival_own_%s);\n"
                     "    ival_own_%s = malloc(sizeof(int) * %d);\n"
                     "    if (!ival_own_%s)\n        nrt_abort(m->sim, \"out of memory (the threads' shares)\");\n"
                     "    for (int x = 0; x < %d; x++)\n        ival_own_%s[x] = IV_OWN(ival_home_%s[x]);\n",
                  u->cname, u->cname, u->n, u->cname, u->n, u->cname, u->cname);
        if (e->ev_draws[k]) /* (on one thread they draw in the one-thread run's order) */
            sb_printf(o, "    for (int x = 0; x < %d; x++) {\n"
                         "        if (dthr < 0)\n            dthr = ival_own_%s[x];\n"
                         "        watch |= ival_own_%s[x] != dthr;\n"
                         "    }\n",
                      u->n, u->cname, u->cname);
    }
    if (m->plays.len)
        sb_puts(o, "    for (int p = 0; p < NPLAY; p++)\n        play_own_[p] = IV_OWN(ival_play_home_[p]);\n");
    /* sources that send while delivering: their targets on their thread */
    sb_puts(o, "    double md = 1e300;\n");
    sb_puts(o, "    int ok = 1;\n");
    const char *fs = e->nsrc ? "free(src_own_);\n        " : "";
    if (e->nnc_list)
        sb_puts(o, "    for (int s = 0; s < NSRC; s++)\n"
                   "        for (int q = src_nc_start[s]; q < src_nc_start[s + 1]; q++) {\n"
                   "            int nc = src_nc[q];\n"
                   "            if (nc_own_[nc] == src_own_[s])\n                continue;\n"
                   "            if (s >= NDET) {\n"
                   "                *why = \"an artificial cell or point process sends spikes to cells of several threads\";\n"
                   "                ok = 0;\n            }\n"
                   "            if (nc_delay[nc] < md)\n                md = nc_delay[nc];\n"
                   "        }\n");
    sb_printf(o, "    long L = 4096; /* (a model without NetCons between threads: a cap) */\n"
                 "    if (L * IV_NCOL > (1L << 20))\n        L = (1L << 20) / IV_NCOL > 0 ? (1L << 20) / IV_NCOL : 1;\n"
                 "    if (ok && md < 1e299) {\n"
                 "        double q = md / m->dt - 0.5;\n"
                 "        if (!(q + 1e-9 >= 1.0)) {\n"
                 "            *why = \"its shortest NetCon delay between threads is less than 1.5 dt\";\n"
                 "            ok = 0;\n        }\n"
                 "        if (q + 1e-9 < (double)L)\n            L = (long)floor(q + 1e-9);\n"
                 "    }\n"
                 "    if (!ok) {\n        %sreturn -1;\n    }\n"
                 "    ival_len_ = L;\n"
                 "    col_own_[0] = 0;\n", fs);
    if (nrec)
        sb_puts(o, "    for (int c = 1; c < IV_NCOL; c++)\n        col_own_[c] = IV_OWN(ival_rec_home_[c - 1]);\n");
    sb_puts(o, "    for (int k = 0; k < n; k++) {\n"
               "        Part_ *P = &part_[k];\n"
               "        P->ndet = 0;\n");
    if (e->ndet)
        sb_puts(o, "        P->det = malloc(sizeof(int) * NDET);\n"
                   "        if (!P->det)\n            nrt_abort(m->sim, \"out of memory (the threads' shares)\");\n"
                   "        for (int s = 0; s < NDET; s++)\n"
                   "            if (src_own_[s] == k)\n                P->det[P->ndet++] = s;\n");
    sb_puts(o, "        P->rc = malloc(sizeof(int) * IV_NCOL);\n"
               "        P->rows = malloc(sizeof(double) * (size_t)(L * IV_NCOL));\n"
               "        if (!P->rc || !P->rows)\n            nrt_abort(m->sim, \"out of memory (the threads' trace rows)\");\n"
               "        P->nrc = 0;\n"
               "        for (int c = 0; c < IV_NCOL; c++)\n"
               "            if (col_own_[c] == k)\n                P->rc[P->nrc++] = c;\n"
               "    }\n");
    if (e->nsrc)
        sb_puts(o, "    free(src_own_);\n");
    sb_puts(o, "    if (nrt_ival_begin(m->sim, n, ival_owner, m, watch) != 0) {\n"
               "        *why = \"too many events were queued at finitialize\";\n        return -1;\n    }\n"
               "    return 0;\n}\n\n");
    sb_puts(o, "/* The interval mode's set-up (at its first interval): in tiles (nrt_shares),\n"
               " * else (NetCons between tiles too short, ...) in one share a thread. */\n"
               "static int ival_setup(Model *m, const char **why)\n{\n"
               "    int n = nrt_shares(m->sim);\n"
               "    par_make(m, n);\n"
               "    if (ival_try(m, why) == 0)\n        return 0;\n"
               "    if (n == nrt_threads(m->sim))\n        return -1;\n"
               "    par_make(m, nrt_threads(m->sim));\n"
               "    return ival_try(m, why);\n}\n\n");
    /* a thread's interval */
    sb_puts(o, "/* thread k: the spikes other threads' detectors made in the last interval\n"
               " * (their events for its cells), then up to ival_len_ steps of its cells */\n"
               "static void par_ival(void *state, int k)\n{\n"
               "    if (k >= npart_)\n        return;\n"
               "    Model *m = state;\n"
               "    Part_ *P = &part_[k];\n"
               "    ival_p_ = P;\n"
               "    if (k)\n        NRN_T(m) = m->t;\n");
    if (e->ntl)
        sb_puts(o, "    if (k)\n        tl_get(m->tl_);\n");
    sb_puts(o, "    nrt_ival_thread(m->sim, k);\n"
               "    int w = (int)(ival_i_ & 1), r = w ^ 1;\n");
    if (e->nnc_list)
        sb_puts(o, "    for (int j = 0; j < npart_; j++) {\n"
                   "        if (j == k)\n            continue;\n"
                   "        const IvSpike_ *sp = part_[j].ob[r];\n"
                   "        for (long x = 0; x < part_[j].obn[r]; x++) {\n"
                   "            if (sp[x].n < 0)\n                continue;\n"
                   "            for (int q = src_nc_start[sp[x].src]; q < src_nc_start[sp[x].src + 1]; q++) {\n"
                   "                int nc = src_nc[q];\n"
                   "                if (nc_own_[nc] == k)\n"
                   "                    nrt_event_send_key(m->sim, sp[x].t + nc_delay[nc], KIND_NETCON, nc, nc, 0.0,\n"
                   "                                       NRT_IVAL_KEY(IV_SLOT(sp[x].n, 0), q));\n"
                   "            }\n        }\n    }\n");
    else
        sb_puts(o, "    (void)r;\n");
    sb_puts(o, "    P->obn[w] = 0;\n"
               "    P->bad = 0;\n"
               "    long i = 0;\n"
               "    for (; i < ival_len_ && NRN_T(m) < ival_tend_; i++) {\n"
               "        long n = ival_n0_ + i;\n"
               "        nrt_ival_slot(m->sim, IV_SLOT(n, 0));\n");
    if (e->ndet) {
        sb_puts(o, "        for (int d = 0; d < P->ndet; d++) {\n"
                   "            int s = P->det[d];\n"
                   "            if (m->v[det_node[s]] - det_threshold[s] > 0.0) {\n"
                   "                if (!m->det_flag[s]) {\n"
                   "                    m->det_flag[s] = 1;\n"
                   "                    double ts = NRN_T(m) + 1e-10;\n"
                   "                    ival_push(m->sim, P, w, ts, s, n);\n");
        if (e->nnc_list)
            sb_puts(o, "                    for (int q = src_nc_start[s]; q < src_nc_start[s + 1]; q++) {\n"
                       "                        int nc = src_nc[q];\n"
                       "                        if (nc_own_[nc] == k)\n"
                       "                            nrt_event_send_key(m->sim, ts + nc_delay[nc], KIND_NETCON, nc, nc, 0.0,\n"
                       "                                               NRT_IVAL_KEY(IV_SLOT(n, 0), q));\n"
                       "                    }\n");
        sb_puts(o, "                }\n"
                   "            } else if (m->det_flag[s]) {\n"
                   "                m->det_flag[s] = 0;\n"
                   "            }\n"
                   "        }\n");
    }
    const char *pc = cont ? "        ival_play_continuous(m, k);\n" : "";
    sb_printf(o, "        nrt_ival_slot(m->sim, IV_SLOT(n, 1));\n"
               "        nrt_deliver(m->sim, m, NRN_T(m) + 0.5 * m->dt);\n"
               "        NRN_T(m) += 0.5 * m->dt;\n%s"
               "        int bad = ph_a(m, P);\n"
               "        NRN_T(m) += 0.5 * m->dt;\n%s"
               "        ph_d(m, P);\n"
               "        double *row = P->rows + i * IV_NCOL;\n"
               "        for (int c = 0; c < P->nrc; c++)\n            ival_record(m, row, P->rc[c]);\n"
               "        nrt_ival_slot(m->sim, IV_SLOT(n, 2));\n"
               "        nrt_deliver(m->sim, m, NRN_T(m));\n"
               "%s"
               "        if (bad) { /* as model_unstable picks among its nodes */\n"
               "            int b = -1;\n"
               "            for (int j_ = 0; j_ < P->nnrun; j_++)\n"
               "                for (int x = P->nlo[j_]; x < P->nhi[j_]; x++)\n"
               "                    if (!(fabs(m->v[x]) <= 1e6) && (b < 0 || (node_cm[x] != 0.0 && node_cm[b] == 0.0)))\n"
               "                        b = x;\n"
               "            P->bad = 1;\n            P->bad_node = b;\n            P->bad_v = m->v[b];\n"
               "            P->bad_t = NRN_T(m);\n            i++;\n            break;\n        }\n"
               "    }\n"
               "    P->nsteps = i;\n", pc, pc,
              e->vchk ? "" /* (the solve's look is the step's: nothing else writes v) */
                      : "        bad = 0; /* (after the whole step, as model_unstable) */\n"
                        "        for (int j_ = 0; j_ < P->nnrun; j_++)\n"
                        "            for (int x = P->nlo[j_]; x < P->nhi[j_]; x++)\n"
                        "                bad |= !(fabs(m->v[x]) <= 1e6);\n");
    if (e->ntl)
        sb_puts(o, "    tl_put(P->tl);\n");
    sb_puts(o, "}\n\n");
    /* the caller's side */
    sb_puts(o, "static long model_run_interval(void *state, double tend, const char **why)\n{\n"
               "    Model *m = state;\n"
               "    if (ival_ == 0) {\n"
               "        static const char *no;\n"
               "        ival_ = ival_setup(m, &no) == 0 ? 1 : -1;\n"
               "        *why = no;\n    }\n"
               "    if (ival_ < 0)\n        return -1;\n"
               "    check_tables(m);\n"
               "    ival_tend_ = tend;\n"
               "    m->t = NRN_T(m);\n");
    if (e->ntl)
        sb_puts(o, "    tl_put(m->tl_);\n");
    sb_puts(o, "    nrt_parallel_n(m->sim, par_ival, m, npart_);\n"
               "    if (nrt_ival_drew(m->sim)) {\n"
               "        ival_ = -1;\n"
               "        *why = \"a NET_RECEIVE drew random numbers from the one stream on several threads\";\n"
               "        return -2;\n    }\n"
               "    /* the steps all threads did (up to the first where a v went bad) */\n"
               "    int bk = -1;\n"
               "    for (int k = 0; k < npart_; k++) {\n"
               "        const Part_ *P = &part_[k];\n"
               "        if (!P->bad)\n            continue;\n"
               "        if (bk < 0 || P->nsteps < part_[bk].nsteps)\n            bk = k;\n"
               "        else if (P->nsteps == part_[bk].nsteps) {\n"
               "            int a = part_[bk].bad_node, b = P->bad_node;\n"
               "            if ((node_cm[b] != 0.0) > (node_cm[a] != 0.0) || ((node_cm[b] != 0.0) == (node_cm[a] != 0.0) && b < a))\n"
               "                bk = k;\n"
               "        }\n    }\n"
               "    long ns = bk >= 0 ? part_[bk].nsteps : part_[0].nsteps;\n"
               "    double row[IV_NCOL];\n"
               "    for (long i = 0; i < ns; i++) {\n"
               "        for (int c = 0; c < IV_NCOL; c++)\n            row[c] = part_[col_own_[c]].rows[i * IV_NCOL + c];\n"
               "        nrt_record(m->sim, row);\n    }\n");
    if (e->nsrc)
        sb_puts(o, "    int w = (int)(ival_i_ & 1);\n"
               "    for (int k = 0; k < npart_; k++)\n"
               "        for (long x = 0; x < part_[k].obn[w]; x++) {\n"
               "            const IvSpike_ *sp = &part_[k].ob[w][x];\n"
               "            if (src_gid[sp->src] >= 0)\n                nrt_spike(m->sim, src_gid[sp->src], sp->t);\n"
               "        }\n");
    if (e->ntl)
        sb_puts(o, "    tl_join(m);\n");
    sb_puts(o, "    if (bk >= 0) {\n"
               "        NRN_T(m) = part_[bk].bad_t;\n"
               "        ival_badnode_ = part_[bk].bad_node;\n"
               "        ival_badv_ = part_[bk].bad_v;\n    }\n"
               "    ival_n0_ += ns;\n    ival_i_++;\n    return ns;\n}\n\n");
}
