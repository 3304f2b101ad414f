/* emit_cvode.c - the generated program's side of CVODE, NEURON's variable
 * time step (the runtime's cvode.c drives SUNDIALS with these functions).
 *
 * needs: the Emitter after emit.c has written the kernels, assemble(),
 * solve(), fire() and the plays.
 * provides: cv_reason (why a model cannot run with CVODE, or NULL) and,
 * when it can, the unknowns y = (v of every node with membrane, then the
 * STATEs of every DERIVATIVE block: mechanism by mechanism, instance by
 * instance), f(t, y), the Newton solve with the tree matrix (Hines) for
 * v and each STATE's own derivative for the STATEs (a KINETIC scheme's
 * whole sparse matrix; its array STATEs element by element), sync (the
 * state at (t, y) with its computed variables), nonode (before each step:
 * the state updates of the mechanisms without unknowns, SOLVEs of METHOD
 * after_cvode among them) and the threshold check after a step.
 *
 * As in NEURON, nodes without membrane (a tree's root, a section's x = 1
 * end) are not unknowns: f gives them the v their neighbours and point
 * currents make (one linear solve of their own row: they have no
 * neighbours without membrane).
 */
#include <string.h>

#include "emit.h"

/* Whether mechanism use u has no CVODE unknowns but a state update:
 * NEURON's CVode runs its nrn_state before each step (do_nonode): a
 * BREAKPOINT without currents, a SOLVE ... METHOD after_cvode. */
static bool nonode(Emitter *e, MechUse *u)
{
    Mech *me = u->mech;
    if (me->kind == MECH_ION || me->kind == MECH_ARTIFICIAL || !nmodl_has_state_kernel(me))
        return false;
    for (int s = 0; s < me->solves.len; s++) {
        int *vars;
        if (nmodl_cvode_states(e, u, s, &vars) > 0)
            return false;
    }
    return true;
}

/* Why the model cannot run with CVODE yet (a message), or NULL. */
static const char *unsupported(Emitter *e)
{
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        Mech *me = u->mech;
        if (me->kind == MECH_ION)
            continue;
        const char *nm = me->name;
        if (me->kinetics.len && e->embed)
            return arena_printf(e->arena, "a KINETIC scheme in an embedding (mechanism '%s')", nm);
        if (nmodl_has_longdiff(me) && nmodl_cvode_longdiff_lone(e, u))
            return arena_printf(e->arena, "LONGITUDINAL_DIFFUSION of a STATE in no reaction of its KINETIC block "
                                "(mechanism '%s')", nm);
        const char *conc = nmodl_cvode_conc(e, u);
        if (conc)
            return conc;
        bool deriv = false, proc = false;
        for (int s = 0; s < me->solves.len; s++) {
            const MechSolve *sv = &me->solves.data[s];
            if (sv->block && sv->block->kind != MK_DERIVATIVE && !sv->kinetic)
                return arena_printf(e->arena, "a SOLVE of a %s block in its BREAKPOINT (mechanism '%s'; "
                                    "NEURON's CVode refuses it too)",
                                    sv->block->kind == MK_NONLINEAR ? "NONLINEAR" : "LINEAR", nm);
            if (sv->block) {
                deriv = true;
                int *vars;
                int n = nmodl_cvode_states(e, u, s, &vars);
                for (int j = 0; j < n; j++)
                    if (vars[j] < 0 || (me->vars.data[vars[j]].dim && !sv->kinetic))
                        return arena_printf(e->arena, "array STATEs in a DERIVATIVE block (mechanism '%s')", nm);
            } else {
                proc = true;
                if (!sv->method || strcmp(sv->method, "after_cvode") != 0)
                    return arena_printf(e->arena, "a SOLVE of a PROCEDURE without METHOD after_cvode "
                                        "(mechanism '%s'; NEURON's CVode refuses it too)", nm);
            }
        }
        if (deriv && proc)
            return arena_printf(e->arena, "a DERIVATIVE block beside a SOLVE'd PROCEDURE (mechanism '%s'; "
                                "NEURON's CVode refuses it too)", nm);
        if (deriv && me->kind == MECH_ARTIFICIAL)
            return arena_printf(e->arena, "an artificial cell with a DERIVATIVE block ('%s')", nm);
    }
    return NULL;
}

/* A DERIVATIVE block of a mechanism use: its n STATEs are the unknowns
 * off + i * n + j (instance i, STATE j). */
typedef struct DerivSolve {
    MechUse *u;
    int k;          /* solve */
    const char **acc; /* its unknowns' C lvalues for instance i */
    int n;
    int off;        /* first unknown */
} DerivSolve;

static int deriv_solves(Emitter *e, DerivSolve **out, int first)
{
    VEC(DerivSolve) v = {0};
    int off = first;
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        if (u->mech->kind == MECH_ION)
            continue;
        for (int s = 0; s < u->mech->solves.len; s++) {
            DerivSolve d = {u, s, NULL, 0, off};
            d.n = nmodl_cvode_elems(e, u, s, &d.acc);
            if (d.n == 0)
                continue;
            VEC_PUSH(v, d);
            off += d.n * u->n;
        }
    }
    DerivSolve *a = ARENA_NEWN(e->arena, DerivSolve, v.len ? v.len : 1);
    if (v.len)
        memcpy(a, v.data, sizeof(DerivSolve) * (size_t)v.len);
    int n = v.len;
    VEC_FREE(v);
    *out = a;
    return n;
}

/* Whether solve d is a KINETIC block with LONGITUDINAL_DIFFUSION. */
static bool longdiff_solve(const DerivSolve *d)
{
    const Mech *me = d->u->mech;
    return me->kind == MECH_DENSITY && me->solves.data[d->k].kinetic && nmodl_has_longdiff(me);
}

/* ---- absolute tolerances: NEURON's atol times a scale per unknown ---- */

/* The name NEURON's CVode.atolscale knows STATE v of use u by: an ion's
 * variable by its own (cai), a point process's as TYPE.NAME, a density
 * mechanism's as NAME_SUFFIX. */
static const char *state_name(Emitter *e, const MechUse *u, int v)
{
    const MechVar *mv = &u->mech->vars.data[v];
    if (mv->ion >= 0)
        return mv->name;
    if (u->mech->kind == MECH_POINT)
        return arena_printf(e->arena, "%s.%s", u->mech->name, mv->name);
    return arena_printf(e->arena, "%s_%s", mv->name, u->mech->name);
}

/* The scale a `STATE { name (unit) <tol> }` declares, or 0.  As nocmodl,
 * none for an ion's variable (its tolerance table leaves them out). */
static double declared_scale(const Mech *me, int v)
{
    const MechVar *mv = &me->vars.data[v];
    if (mv->ion >= 0 || !me->mod)
        return 0.0;
    for (int i = 0; i < me->mod->blocks.len; i++) {
        const MNode *b = me->mod->blocks.items[i];
        if (b->kind != MK_STATE)
            continue;
        for (int j = 0; j < b->body.len; j++) {
            const MNode *d = b->body.items[j];
            if (d->flag == 1 && d->c && d->c->kind == MK_NUM && !strcmp(d->name, mv->name))
                return d->c->num;
        }
    }
    return 0.0;
}

/* The model file's atolscale for name (the last one), or 0. */
static double user_scale(const Model *m, const char *name)
{
    for (int i = m->run.natolscale; i-- > 0;)
        if (!strcmp(m->run.atolscale[i].name, name))
            return m->run.atolscale[i].scale;
    return 0.0;
}

/* NEURON keeps the scales as floats. */
static double as_float(double x)
{
    return (double)(float)x;
}

/* Each atolscale names v or a STATE of a mechanism the model uses. */
static void check_atolscale(Emitter *e)
{
    const Model *m = e->m;
    for (int i = 0; i < m->run.natolscale; i++) {
        const AtolScale *a = &m->run.atolscale[i];
        bool ok = !strcmp(a->name, "v");
        for (int k = 0; k < e->nuses && !ok; k++) {
            const MechUse *u = &e->uses[k];
            for (int v = 0; v < u->mech->vars.len && !ok; v++)
                ok = u->mech->vars.data[v].kind == VAR_STATE && !strcmp(state_name(e, u, v), a->name);
        }
        if (!ok)
            diag_error(e->diag, a->loc,
                       "'%s' is not a STATE of the model's mechanisms (atolscale takes v, a STATE as m_hh, "
                       "an ion's concentration as cai, or a point process's as ExpSyn.g)",
                       a->name);
    }
}

/* cv_atolscale: each unknown's scale, NEURON's: v's atolscale when below
 * 1; a STATE's atolscale, else its declared tolerance, else 1.  Nothing
 * when every scale is 1. */
static void emit_atolscale(Emitter *e, int ncap, const DerivSolve *ds, int nds, int n)
{
    double *sc = ARENA_NEWN(e->arena, double, n ? n : 1);
    double vs = as_float(user_scale(e->m, "v"));
    for (int k = 0; k < ncap; k++)
        sc[k] = vs != 0.0 && vs < 1.0 ? vs : 1.0;
    for (int k = 0; k < nds; k++) {
        const DerivSolve *d = &ds[k];
        int *vars;
        int nv = nmodl_cvode_states(e, d->u, d->k, &vars), j = 0;
        for (int s = 0; s < nv; s++) {
            double x = 1.0;
            int dim = 1;
            if (vars[s] >= 0) {
                double u = user_scale(e->m, state_name(e, d->u, vars[s]));
                double decl = declared_scale(d->u->mech, vars[s]);
                x = u != 0.0 ? as_float(u) : decl != 0.0 ? as_float(decl) : 1.0;
                dim = d->u->mech->vars.data[vars[s]].dim ? d->u->mech->vars.data[vars[s]].dim : 1;
            }
            for (int x_ = 0; x_ < dim && j < d->n; x_++, j++)
                for (int i = 0; i < d->u->n; i++)
                    sc[d->off + i * d->n + j] = x;
        }
    }
    bool any = false;
    for (int k = 0; k < n; k++)
        any = any || sc[k] != 1.0;
    e->cv_scaled = any;
    if (!any)
        return;
    StrBuf *o = &e->out;
    sb_puts(o, "/* each unknown's scale of atol (STATE tolerances, atolscale) */\n"
               "static const double cv_atolscale[CV_N] = {");
    for (int k = 0; k < n; k++) {
        sb_puts(o, k % 6 ? " " : "\n    ");
        emit_double(o, sc[k]);
        sb_putc(o, ',');
    }
    sb_puts(o, "\n};\n\n");
}

void emit_cvode(Emitter *e)
{
    check_atolscale(e);
    Model *m = e->m;
    StrBuf *o = &e->out;
    const char *why = unsupported(e);
    sb_puts(o, "/* ---- CVODE: the variable time step ---- */\n\n");
    if (why) {
        sb_puts(o, "static const char cv_reason[] = \"");
        for (const char *p = why; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_putc(o, '\\');
            sb_putc(o, *p);
        }
        sb_puts(o, "\";\n\n");
        e->cvode_ok = false;
        return;
    }
    e->cvode_ok = true;
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->kind != MECH_ION)
            nmodl_emit_cvode(e, &e->uses[k]);
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->kind == MECH_DENSITY && nmodl_has_longdiff(e->uses[k].mech))
            for (int s = 0; s < e->uses[k].mech->solves.len; s++)
                if (e->uses[k].mech->solves.data[s].kinetic)
                    nmodl_emit_cvode_longdiff(e, &e->uses[k], s);
    /* the nodes with and without membrane */
    int ncap = 0, nnocap = 0;
    int *cap = ARENA_NEWN(e->arena, int, m->nnode), *nocap = ARENA_NEWN(e->arena, int, m->nnode);
    for (int i = 0; i < m->nnode; i++) {
        if (m->cm[i] != 0)
            cap[ncap++] = i;
        else
            nocap[nnocap++] = i;
    }
    DerivSolve *ds;
    int nds = deriv_solves(e, &ds, ncap);
    int n = ncap;
    for (int k = 0; k < nds; k++)
        n += ds[k].n * ds[k].u->n;
    e->cv_n = n;
    sb_printf(o, "#define CV_NCAP %d\n#define CV_NNOCAP %d\n#define CV_N %d\n", ncap, nnocap, n);
    emit_atolscale(e, ncap, ds, nds, n);
    sb_puts(o, "/* nodes with membrane: their v are the first unknowns */\n");
    int_table(e, "cv_cap", cap, ncap ? ncap : 1);
    int_table(e, "cv_nocap", nocap, nnocap ? nnocap : 1);
    sb_putc(o, '\n');

    /* y <-> the state */
    for (int dir = 0; dir < 2; dir++) {
        if (dir == 0)
            sb_puts(o, "static void cv_scatter(Model *m, const double *y)\n{\n"
                       "    for (int k = 0; k < CV_NCAP; k++)\n        m->v[cv_cap[k]] = y[k];\n");
        else
            sb_puts(o, "static void model_cv_gather(const void *state, double *y)\n{\n"
                       "    const Model *m = state;\n"
                       "    for (int k = 0; k < CV_NCAP; k++)\n        y[k] = m->v[cv_cap[k]];\n");
        for (int k = 0; k < nds; k++) {
            const DerivSolve *d = &ds[k];
            sb_printf(o, "    for (int i = 0; i < %d; i++) {\n", d->u->n);
            for (int j = 0; j < d->n; j++) {
                if (dir == 0)
                    sb_printf(o, "        %s = y[%d + i * %d];\n", d->acc[j], d->off + j, d->n);
                else
                    sb_printf(o, "        y[%d + i * %d] = %s;\n", d->off + j, d->n, d->acc[j]);
            }
            sb_puts(o, "    }\n");
        }
        /* written concentrations are unknowns: the ions see them at once */
        for (int k = 0; dir == 0 && k < e->nuses; k++) {
            MechUse *u = &e->uses[k];
            if (u->mech->kind == MECH_ION)
                continue;
            StrBuf w = {0};
            nmodl_cvode_conc_to_ion(e, u, &w, "        ");
            if (w.len)
                sb_printf(o, "    for (int i = 0; i < %d; i++) {\n%s    }\n", u->n, sb_str(&w));
            sb_free(&w);
        }
        sb_puts(o, "}\n\n");
    }

    /* the currents at (t, y), and v of the nodes without membrane */
    bool cont = false;
    for (int p = 0; p < m->plays.len; p++)
        cont = cont || m->plays.data[p].continuous;
    sb_puts(o, "/* The state at (t, y) with the currents evaluated: the v of each node\n"
               " * without membrane first from its own row of the tree matrix. */\n"
               "static void cv_currents(Model *m, double t, const double *y, int f)\n{\n"
               "    NRN_T(m) = t;\n");
    /* NEURON's f: the continuous plays, then the unknowns (a play into v or
     * a STATE is overwritten by them: it acts through its events only) */
    if (cont)
        sb_puts(o, "    play_continuous(m);\n");
    sb_puts(o, "    cv_scatter(m, y);\n");
    bool bb = has_ba(e, BA_BEFORE_BREAKPOINT);
    if (bb)
        sb_puts(o, "    m->cv_ba_ = 1;\n");
    else
        sb_puts(o, "    (void)f;\n");
    /* the kernels call at_time() only when this is set (a fixed step's
     * at_time is 0: it needs no call) */
    sb_puts(o, "    m->cv_on_ = 1;\n");
    sb_puts(o, "    assemble(m);\n"
               "    for (int k = 0; k < CV_NNOCAP; k++) {\n"
               "        int nd = cv_nocap[k];\n"
               "        m->v[nd] += m->rhs[nd] / m->d[nd];\n"
               "    }\n");
    if (bb) { /* NEURON's f: BEFORE BREAKPOINT after the v of the nodes without membrane */
        sb_puts(o, "    if (f) {\n");
        emit_ba_calls(e, BA_BEFORE_BREAKPOINT, "        ");
        sb_puts(o, "    }\n");
    }
    sb_puts(o, "    assemble(m);\n}\n\n");

    /* f */
    sb_puts(o, "static void model_cv_f(void *state, double t, const double *y, double *ydot)\n{\n"
               "    Model *m = state;\n"
               "    cv_currents(m, t, y, 1);\n"
               "    for (int k = 0; k < CV_NCAP; k++) {\n"
               "        int nd = cv_cap[k];\n"
               "        ydot[k] = m->rhs[nd] / (0.001 * node_cm[nd]);\n"
               "    }\n");
    for (int k = 0; k < nds; k++) {
        const DerivSolve *d = &ds[k];
        sb_printf(o, "    for (int i = 0; i < %d; i++) {\n        double D_[%d];\n"
                     "        CVD%d_%s(m, i, m->v[%s_node[i]], D_);\n"
                     "        for (int j = 0; j < %d; j++)\n            ydot[%d + i * %d + j] = D_[j];\n",
                  d->u->n, d->n, d->k, d->u->cname, d->u->cname, d->n, d->off, d->n);
        nmodl_cvode_assigned_to_ion(e, d->u, o, "        ");
        sb_puts(o, "    }\n");
    }
    /* NEURON's do_ode: the diffusion along the cable after every
     * mechanism's derivatives */
    for (int k = 0; k < nds; k++)
        if (longdiff_solve(&ds[k]))
            sb_printf(o, "    LDF%d_%s(m, y, ydot, %d, %d);\n", ds[k].k, ds[k].u->cname, ds[k].off, ds[k].n);
    emit_ba_calls(e, BA_AFTER_SOLVE, "    "); /* NEURON's f ends with AFTER SOLVE */
    sb_puts(o, "}\n\n");

    /* the Newton solve */
    sb_puts(o, "/* b becomes (I - gamma J)^-1 b.  v: the tree matrix with capacitance\n"
               " * 0.001 cm / gamma (NEURON's d), solved by Hines; each STATE: divided by\n"
               " * 1 - gamma dF/ds, dF/ds of its own derivative by a difference. */\n"
               "static void model_cv_solve(void *state, double t, const double *y, double gamma, double *b)\n{\n"
               "    Model *m = state;\n"
               "    double cj = m->cj;\n"
               "    m->cj = 1.0 / gamma;\n"
               "    cv_currents(m, t, y, 0);\n"
               "    m->cj = cj;\n"
               "    for (int i = 0; i < NODES; i++)\n        m->rhs[i] = 0.0;\n"
               "    for (int k = 0; k < CV_NCAP; k++) {\n"
               "        int nd = cv_cap[k];\n"
               "        m->rhs[nd] = 0.001 * node_cm[nd] / gamma * b[k];\n"
               "    }\n"
               "    solve(m);\n"
               "    for (int k = 0; k < CV_NCAP; k++)\n        b[k] = m->rhs[cv_cap[k]];\n");
    for (int k = 0; k < nds; k++) {
        const DerivSolve *d = &ds[k];
        if (d->u->mech->solves.data[d->k].kinetic) { /* the scheme's own sparse solve */
            sb_printf(o, "    for (int i = 0; i < %d; i++)\n"
                         "        CVJ%d_%s(m, i, m->v[%s_node[i]], gamma, b + %d + i * %d);\n",
                      d->u->n, d->k, d->u->cname, d->u->cname, d->off, d->n);
            continue;
        }
        sb_printf(o, "    for (int i = 0; i < %d; i++) {\n"
                     "        double vm = m->v[%s_node[i]], D0[%d], D1[%d];\n"
                     "        CVD%d_%s(m, i, vm, D0);\n",
                  d->u->n, d->u->cname, d->n, d->n, d->k, d->u->cname);
        for (int j = 0; j < d->n; j++) {
            const char *f = d->acc[j];
            sb_printf(o, "        {\n            double s = %s, h = 1e-7 * (fabs(s) + 1e-7);\n"
                         "            %s = s + h;\n"
                         "            CVD%d_%s(m, i, vm, D1);\n"
                         "            %s = s;\n"
                         "            b[%d + i * %d] /= 1.0 - gamma * (D1[%d] - D0[%d]) / h;\n        }\n",
                      f, f, d->k, d->u->cname, f, d->off + j, d->n, j, j);
        }
        sb_puts(o, "    }\n");
    }
    /* NEURON's solvemem: the diffusion's tree after every mechanism's own */
    for (int k = 0; k < nds; k++)
        if (longdiff_solve(&ds[k]))
            sb_printf(o, "    LDJ%d_%s(m, gamma, b, %d, %d);\n", ds[k].k, ds[k].u->cname, ds[k].off, ds[k].n);
    sb_puts(o, "}\n\n");

    /* sync: after a step */
    sb_puts(o, "static void model_cv_sync(void *state, double t, const double *y, int rec)\n{\n"
               "    Model *m = state;\n    if (rec == 4) {\n        NRN_T(m) = t;\n        record(m);\n        return;\n    }\n"
               "    cv_currents(m, t, y, 0);\n");
    if (has_ba(e, BA_BEFORE_STEP)) { /* NEURON's record_continuous */
        sb_puts(o, "    if (rec == 1 || rec == 2) {\n");
        emit_ba_calls(e, BA_BEFORE_STEP, "        ");
        sb_puts(o, "    }\n    if (rec == 1 || rec == 3)\n        record(m);\n}\n\n");
    } else {
        sb_puts(o, "    if (rec == 1 || rec == 3)\n        record(m);\n}\n\n");
    }

    /* before each step: the state updates of the mechanisms without
     * CVODE unknowns, at the state of the last step's end (NEURON's
     * do_nonode; it calls the SOLVEs of METHOD after_cvode "before cvode"
     * now) */
    bool any = false;
    for (int k = 0; k < e->nuses; k++)
        any = any || nonode(e, &e->uses[k]);
    e->cv_nonode = any;
    if (any) {
        sb_puts(o, "static void model_cv_nonode(void *state, double t)\n{\n    Model *m = state;\n    NRN_T(m) = t;\n");
        for (int k = 0; k < e->nuses; k++)
            if (nonode(e, &e->uses[k]))
                sb_printf(o, "    K_%s_state(m, 0, %d);\n", e->uses[k].cname, e->uses[k].n);
        sb_puts(o, "}\n\n");
    }

    /* threshold detectors, then the active WATCH conditions: NEURON's
     * check after a step (its condition_order 1), an event at the step's
     * end; or NEURON's condition_order 2 (ConditionEvent::condition, for
     * both): a condition not above that is found at or above 0 fires at
     * the time where the line through the last check's value and this
     * one's crosses 0 (at t itself after an initialisation), and is below
     * again once two checks in a row are below the value before its
     * crossing (0 after an initialisation's firing).  The crossings of a
     * step fire in the order of their times, each unless an event queued
     * by an earlier one comes before it: NEURON goes back to that event
     * and abandons the later crossing (below again; the initialisation
     * there checks it afresh). */
    if (!e->ndet && !e->nwatch)
        return;
    sb_puts(o, "static void model_cv_check(void *state, double t, int how)\n{\n"
               "    Model *m = state;\n");
    if (e->nwatch)
        sb_puts(o, "    NRN_T(m) = t;\n");
    sb_printf(o, "    if (how != NRT_CHECK_STEP1) {\n"
                 "        int np = 0, pk[%d];\n"
                 "        double pt[%d];\n", e->ndet + e->nwatch, e->ndet + e->nwatch);
    /* one condition: its flag, last value and time, value before the
     * crossing; k its pending code (a detector k, a WATCH slot NDET + s) */
    const char *kinds[2][6] = {
        {"NDET", "m->v[det_node[k]] - det_threshold[k]", "m->det_flag[k]", "m->det_vold_[k]", "m->det_told_[k]",
         "m->det_vth_[k]"},
        {"", "watch_value(m, k)", "m->wc_flag[k]", "m->wc_vold_[k]", "m->wc_told_[k]", "m->wc_vth_[k]"}};
    for (int w = 0; w < 2; w++) {
        const char **c = kinds[w];
        if (w == 0 && !e->ndet)
            continue;
        if (w == 1 && !e->nwatch)
            continue;
        if (w == 0)
            sb_puts(o, "        for (int k = 0; k < NDET; k++) {\n");
        else
            sb_puts(o, "        for (int k = m->wl_next[NWATCH]; k != NWATCH; k = m->wl_next[k]) {\n");
        const char *code = w == 0 ? "k" : arena_printf(e->arena, "%d + k", e->ndet);
        const char *init_fire = w == 0 ? "fire(m, k, t)"
                                       : "m->wc_q[k] = nrt_event_send(m->sim, t, KIND_WATCH, k, -1, m->wc_nrflag[k]) + 1";
        sb_printf(o, "            double val = %s;\n"
                     "            if (!%s && val >= 0.0) {\n"
                     "                %s = 1;\n"
                     "                %s = 0.0;\n"
                     "                if (how == NRT_CHECK_INIT2) {\n"
                     "                    %s;\n"
                     "                } else {\n"
                     "                    double th = -%s / (val - %s);\n"
                     "                    double tc = th * t + (1. - th) * %s;\n"
                     "                    %s = %s;\n"
                     "                    int j = np++;\n"
                     "                    for (; j > 0 && pt[j - 1] > tc; j--) {\n"
                     "                        pk[j] = pk[j - 1];\n"
                     "                        pt[j] = pt[j - 1];\n"
                     "                    }\n"
                     "                    pk[j] = %s;\n"
                     "                    pt[j] = tc;\n"
                     "                }\n"
                     "            } else if (%s && %s < %s && val < %s) {\n"
                     "                %s = 0;\n"
                     "            }\n"
                     "            %s = val;\n"
                     "            %s = t;\n"
                     "        }\n",
                  c[1], c[2], c[2], c[5], init_fire, c[3], c[3], c[4], c[5], c[3], code, c[2], c[3], c[5], c[5], c[2],
                  c[3], c[4]);
    }
    sb_puts(o, "        for (int j = 0; j < np; j++) {\n"
               "            int k = pk[j];\n"
               "            if (pt[j] > nrt_event_next(m->sim)) {\n");
    if (e->ndet && e->nwatch)
        sb_puts(o, "                if (k < NDET) {\n"
                   "                    m->det_flag[k] = 0;\n"
                   "                    m->det_vth_[k] = 0.0;\n"
                   "                } else {\n"
                   "                    m->wc_flag[k - NDET] = 0;\n"
                   "                    m->wc_vth_[k - NDET] = 0.0;\n"
                   "                }\n"
                   "            } else if (k < NDET) {\n"
                   "                fire(m, k, pt[j]);\n"
                   "            } else {\n"
                   "                k -= NDET;\n"
                   "                m->wc_q[k] = nrt_event_send(m->sim, pt[j], KIND_WATCH, k, -1, m->wc_nrflag[k]) + 1;\n"
                   "            }\n");
    else if (e->ndet)
        sb_puts(o, "                m->det_flag[k] = 0;\n"
                   "                m->det_vth_[k] = 0.0;\n"
                   "            } else {\n"
                   "                fire(m, k, pt[j]);\n"
                   "            }\n");
    else
        sb_puts(o, "                m->wc_flag[k] = 0;\n"
                   "                m->wc_vth_[k] = 0.0;\n"
                   "            } else {\n"
                   "                m->wc_q[k] = nrt_event_send(m->sim, pt[j], KIND_WATCH, k, -1, m->wc_nrflag[k]) + 1;\n"
                   "            }\n");
    sb_puts(o, "        }\n"
               "        return;\n"
               "    }\n");
    if (e->ndet)
        sb_puts(o, "    for (int k = 0; k < NDET; k++) {\n"
                   "        if (m->v[det_node[k]] - det_threshold[k] > 0.0) {\n"
                   "            if (!m->det_flag[k]) {\n"
                   "                m->det_flag[k] = 1;\n"
                   "                fire(m, k, t);\n"
                   "            }\n"
                   "        } else {\n"
                   "            m->det_flag[k] = 0;\n"
                   "        }\n"
                   "    }\n");
    if (e->nwatch)
        sb_puts(o, "    watch_check(m);\n");
    sb_puts(o, "}\n\n");
}

void emit_cvode_desc(Emitter *e, StrBuf *o)
{
    if (!e->cvode_ok) {
        sb_puts(o, "    cv_reason,\n    0,\n    NULL,\n    NULL,\n    NULL,\n    NULL,\n    NULL,\n    NULL,\n    NULL,\n");
        return;
    }
    sb_printf(o, "    NULL,\n    CV_N,\n    model_cv_gather,\n    model_cv_f,\n    model_cv_solve,\n"
                 "    model_cv_sync,\n    %s,\n    %s,\n    %s,\n", e->ndet || e->nwatch ? "model_cv_check" : "NULL",
              e->cv_nonode ? "model_cv_nonode" : "NULL", e->cv_scaled ? "cv_atolscale" : "NULL");
}
