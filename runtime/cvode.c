/* cvode.c - the variable time step: SUNDIALS CVODE (BDF, Newton) over the
 * model's unknowns, with the model's own tree solve as the linear solver
 * (see nrt.h and compiler/emit_cvode.c for the model's side).
 *
 * The run: from finitialize, CVODE takes one step at a time and a trace
 * row is recorded after each.  It stops exactly at the times where the
 * model changes without warning: the next event on the queue (NetCon
 * deliveries, self events, plays), the next discontinuity a mechanism
 * announced with at_time() (IClamp's pulse), the next space-plot sample
 * and tstop.  There the due events are delivered and, when anything was
 * delivered or a discontinuity passed, the integrator restarts from the
 * new state.  Until a discontinuity is reached the mechanisms see time
 * just before it, so a step that ends at it integrates the left side.
 * Threshold detectors are checked after every step, as NEURON does by
 * default (condition order 1): a spike is the time of the first step end
 * found above threshold.  With condition order 2 (NEURON's
 * CVode.condition_order(2)) a crossing is interpolated within the step,
 * and a NetCon delivery it queues inside the step takes the run back to
 * it (check_order2).
 *
 * With record_every (NEURON's Vector.record(&x, Dt)) the rows are at
 * fixed times instead, each interpolated within the step that passed it
 * from CVODE's own polynomial (CVodeGetDky, as NEURON's CVode interpolates
 * to its record events): the steps are the same as without it.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_linearsolver.h>

#include "cvode_run.h"

typedef struct CvRun {
    NrtSim *sim;
    const NrtModel *m;
    void *state;
    void *mem;                  /* CVODE's */
    SUNContext ctx;
    N_Vector y;
    SUNLinearSolver ls;
    double disc;                /* the discontinuity being integrated to, or HUGE_VAL */
    char err[512];              /* CVODE's last error message */
} CvRun;

static double f_time(const CvRun *r, double t)
{
    /* left of a discontinuity until it is reached */
    return t >= r->disc ? nextafter(r->disc, -HUGE_VAL) : t;
}

static int rhs(realtype t, N_Vector y, N_Vector ydot, void *user)
{
    CvRun *r = user;
    r->m->cv_f(r->state, f_time(r, t), NV_DATA_S(y), NV_DATA_S(ydot));
    return 0;
}

static void errors(int code, const char *module, const char *function, char *msg, void *user)
{
    CvRun *r = user;
    (void)code;
    snprintf(r->err, sizeof r->err, "%s (%s, %s)", msg, module, function);
}

/* ---- the linear solver: the model's solve at CVODE's current state ---- */

static SUNLinearSolver_Type ls_type(SUNLinearSolver S)
{
    (void)S;
    return SUNLINEARSOLVER_MATRIX_EMBEDDED;
}

static int ls_solve(SUNLinearSolver S, SUNMatrix A, N_Vector x, N_Vector b, realtype tol)
{
    (void)A;
    (void)tol;
    CvRun *r = S->content;
    realtype gamma, t;
    N_Vector ycur;
    if (CVodeGetCurrentGamma(r->mem, &gamma) != CV_SUCCESS || CVodeGetCurrentState(r->mem, &ycur) != CV_SUCCESS ||
        CVodeGetCurrentTime(r->mem, &t) != CV_SUCCESS)
        return SUNLS_PACKAGE_FAIL_UNREC;
    N_VScale(1.0, b, x);
    r->m->cv_solve(r->state, f_time(r, t), NV_DATA_S(ycur), gamma, NV_DATA_S(x));
    return SUNLS_SUCCESS;
}

/* ---- at_time ---- */

double nrt_at_time(NrtSim *sim, double te)
{
    if (!sim->cv_active)
        return 0.0;
    for (int i = 0; i < sim->ndisc; i++)
        if (sim->disc[i] == te)
            return 0.0;
    if (sim->ndisc == sim->capdisc) {
        int cap = sim->capdisc ? 2 * sim->capdisc : 16;
        double *p = realloc(sim->disc, sizeof(double) * (size_t)cap);
        if (!p)
            nrt_abort(sim, "out of memory (discontinuities)");
        sim->disc = p;
        sim->capdisc = cap;
    }
    sim->disc[sim->ndisc++] = te;
    return 0.0;
}

/* The first discontinuity after t, or HUGE_VAL. */
static double next_disc(const NrtSim *sim, double t)
{
    double best = HUGE_VAL;
    for (int i = 0; i < sim->ndisc; i++)
        if (sim->disc[i] > t && sim->disc[i] < best)
            best = sim->disc[i];
    return best;
}

/* The first space-plot sample time after t, or HUGE_VAL. */
static double next_sample(const NrtSim *sim, double t)
{
    double best = HUGE_VAL;
    for (int k = 0; k < sim->n_rplot; k++)
        for (int j = 0; j < sim->rplots[k].ntimes; j++) {
            double s = sim->rplots[k].times[j];
            if (s > t && s < best && !sim->range_taken[sim->range_first[k] + j])
                best = s;
        }
    return best;
}

/* record_every: the first row time after t.  The times are summed one
 * interval at a time from 0, as NEURON sends its record events (t + Dt),
 * so they are its times to the bit. */
static double every_next(double every, double t)
{
    double s = 0.0;
    while (s <= t)
        s += every;
    return s;
}

/* record_every: whether a row is due at trec by the end t of a step.
 * None within NEURON's time tolerance of tstop or after it, as NEURON's
 * run ends there. */
static int every_due(const NrtRun *run, double trec, double t)
{
    return trec <= t && trec < run->tstop - 100.0 * DBL_EPSILON * run->tstop;
}

/* record_every: the rows due by the step that ended at t (CVODE's
 * polynomial within the step when it took one, else the state at t;
 * before: only those before t, a row at t waits for the restart there),
 * each the model after an evaluation of f there (NEURON's CVode evaluates
 * its f after interpolating: BEFORE BREAKPOINT and AFTER SOLVE blocks
 * run), then the model back at t with the BEFORE STEP blocks run: NEURON
 * records at its interpolated times before it runs them for the next
 * step, so a variable they set has in a row the value they gave it at the
 * start of the step.  Returns the next row time. */
static double every_rows(CvRun *r, const NrtRun *run, double trec, double t, int stepped, int before,
                         N_Vector yi, N_Vector yd)
{
    while (every_due(run, trec, t) && !(before && trec >= t)) {
        const double *y = NV_DATA_S(r->y);
        if (stepped && trec < t) {
            int flag = CVodeGetDky(r->mem, trec, 0, yi);
            if (flag != CV_SUCCESS)
                nrt_abort(r->sim, "CVODE: CVodeGetDky at t = %.17g ms failed: %s", trec,
                          r->err[0] ? r->err : "(no message)");
            y = NV_DATA_S(yi);
        }
        r->m->cv_f(r->state, f_time(r, trec), y, NV_DATA_S(yd));
        r->m->cv_sync(r->state, trec, y, 4); /* (at trec itself, not f's left side) */
        trec += run->record_every;
    }
    r->m->cv_sync(r->state, f_time(r, t), NV_DATA_S(r->y), 2);
    return trec;
}

/* condition_order 2, after a step that ended at t: the detectors checked
 * with the model at t, each crossing since the last check firing at its
 * interpolated time (its NetCons queue their deliveries from there).  A
 * delivery that falls before t (a delay shorter than the rest of the
 * step) makes the run go back to it, as NEURON's CVode does: the state
 * there from CVODE's polynomial, and the step ends there, at an event
 * (*at_stop), so the caller delivers it and restarts (the crossings after
 * it were abandoned by the check).  Returns the step's end. */
static double check_order2(CvRun *r, double t, int *at_stop)
{
    const NrtModel *m = r->m;
    m->cv_sync(r->state, f_time(r, t), NV_DATA_S(r->y), 0);
    m->cv_check(r->state, t, NRT_CHECK_STEP2);
    double tev;
    if (!nrt_queue_peek(&r->sim->queue, &tev) || tev >= t)
        return t;
    int flag = CVodeGetDky(r->mem, tev, 0, r->y);
    if (flag != CV_SUCCESS)
        nrt_abort(r->sim, "CVODE: CVodeGetDky at t = %.17g ms failed: %s", tev, r->err[0] ? r->err : "(no message)");
    *at_stop = 1;
    return tev;
}

/* Adds CVODE's counters to the run's (CVodeReInit restarts them). */
static void add_stats(CvRun *r, NrtCvStats *st)
{
    long nst = 0, nfe = 0, nni = 0, ncfn = 0, netf = 0;
    CVodeGetNumSteps(r->mem, &nst);
    CVodeGetNumRhsEvals(r->mem, &nfe);
    CVodeGetNumNonlinSolvIters(r->mem, &nni);
    CVodeGetNumNonlinSolvConvFails(r->mem, &ncfn);
    CVodeGetNumErrTestFails(r->mem, &netf);
    st->steps += nst;
    st->f_evals += nfe;
    st->newton_iters += nni;
    st->conv_fails += ncfn;
    st->err_fails += netf;
}

/* Restarts the integrator at t from the model's state. */
static void restart(CvRun *r, NrtCvStats *st, double t)
{
    add_stats(r, st);
    r->m->cv_gather(r->state, NV_DATA_S(r->y));
    if (CVodeReInit(r->mem, t, r->y) != CV_SUCCESS)
        nrt_abort(r->sim, "CVODE: CVodeReInit failed: %s", r->err[0] ? r->err : "(no message)");
    st->restarts++;
}

static void check(CvRun *r, int flag, const char *what)
{
    if (flag < 0)
        nrt_abort(r->sim, "CVODE: %s failed: %s", what, r->err[0] ? r->err : "(no message)");
}

/* The N_Vector operations CVODE spends its time in, as our own loops.
 * Debian's SUNDIALS libraries are built without optimisation, and these
 * ran ten times slower there than the rest of a step.  Each does the
 * serial vector's arithmetic in its order (its special cases of a and b
 * included), so the numbers are the same; CVODE's clones of y inherit
 * them. */
static realtype v_wsqrsum(N_Vector x, N_Vector w)
{
    const realtype *xd = NV_DATA_S(x), *wd = NV_DATA_S(w);
    sunindextype n = NV_LENGTH_S(x);
    realtype sum = 0.0;
    for (sunindextype i = 0; i < n; i++) {
        realtype p = xd[i] * wd[i];
        sum += p * p;
    }
    return sum;
}

static realtype v_wrmsnorm(N_Vector x, N_Vector w)
{
    realtype q = v_wsqrsum(x, w) / (realtype)NV_LENGTH_S(x);
    return q <= 0.0 ? 0.0 : sqrt(q);
}

static void v_linearsum(realtype a, N_Vector x, realtype b, N_Vector y, N_Vector z)
{
    const realtype *xd = NV_DATA_S(x), *yd = NV_DATA_S(y);
    realtype *zd = NV_DATA_S(z);
    sunindextype n = NV_LENGTH_S(x);
    if ((b == 1.0 && z == y) || (a == 1.0 && z == x)) { /* z += c v */
        realtype c = b == 1.0 && z == y ? a : b;
        const realtype *v = b == 1.0 && z == y ? xd : yd;
        if (c == 1.0)
            for (sunindextype i = 0; i < n; i++)
                zd[i] += v[i];
        else if (c == -1.0)
            for (sunindextype i = 0; i < n; i++)
                zd[i] -= v[i];
        else
            for (sunindextype i = 0; i < n; i++)
                zd[i] += c * v[i];
        return;
    }
    if (a == 1.0 && b == 1.0) {
        for (sunindextype i = 0; i < n; i++)
            zd[i] = xd[i] + yd[i];
    } else if ((a == 1.0 && b == -1.0) || (b == 1.0 && a == -1.0)) { /* the positive one less the other */
        const realtype *p = a == 1.0 ? xd : yd, *q = a == 1.0 ? yd : xd;
        for (sunindextype i = 0; i < n; i++)
            zd[i] = p[i] - q[i];
    } else if (a == 1.0 || b == 1.0) { /* c v + the other */
        realtype c = a == 1.0 ? b : a;
        const realtype *v = a == 1.0 ? yd : xd, *u = a == 1.0 ? xd : yd;
        for (sunindextype i = 0; i < n; i++)
            zd[i] = c * v[i] + u[i];
    } else if (a == -1.0 || b == -1.0) { /* c v - the other */
        realtype c = a == -1.0 ? b : a;
        const realtype *v = a == -1.0 ? yd : xd, *u = a == -1.0 ? xd : yd;
        for (sunindextype i = 0; i < n; i++)
            zd[i] = c * v[i] - u[i];
    } else if (a == b) {
        for (sunindextype i = 0; i < n; i++)
            zd[i] = a * (xd[i] + yd[i]);
    } else if (a == -b) {
        for (sunindextype i = 0; i < n; i++)
            zd[i] = a * (xd[i] - yd[i]);
    } else {
        for (sunindextype i = 0; i < n; i++)
            zd[i] = a * xd[i] + b * yd[i];
    }
}

static void v_scale(realtype c, N_Vector x, N_Vector z)
{
    const realtype *xd = NV_DATA_S(x);
    realtype *zd = NV_DATA_S(z);
    sunindextype n = NV_LENGTH_S(x);
    if (z == x)
        for (sunindextype i = 0; i < n; i++)
            zd[i] *= c;
    else if (c == 1.0)
        for (sunindextype i = 0; i < n; i++)
            zd[i] = xd[i];
    else if (c == -1.0)
        for (sunindextype i = 0; i < n; i++)
            zd[i] = -xd[i];
    else
        for (sunindextype i = 0; i < n; i++)
            zd[i] = c * xd[i];
}

static void v_const(realtype c, N_Vector z)
{
    realtype *zd = NV_DATA_S(z);
    for (sunindextype i = 0; i < NV_LENGTH_S(z); i++)
        zd[i] = c;
}

static void v_abs(N_Vector x, N_Vector z)
{
    const realtype *xd = NV_DATA_S(x);
    realtype *zd = NV_DATA_S(z);
    for (sunindextype i = 0; i < NV_LENGTH_S(x); i++)
        zd[i] = fabs(xd[i]);
}

static void fast_ops(N_Vector y)
{
    y->ops->nvwsqrsumlocal = v_wsqrsum;
    y->ops->nvwrmsnorm = v_wrmsnorm;
    y->ops->nvlinearsum = v_linearsum;
    y->ops->nvscale = v_scale;
    y->ops->nvconst = v_const;
    y->ops->nvabs = v_abs;
}

/* --save-at: the state at the save time, once */
static int save_state(NrtSim *sim, void *state, const NrtRun *run, double *save_at)
{
    *save_at = HUGE_VAL;
    if (nrt_state_write(sim, state, run, sim->state_out.f) != 0) {
        fprintf(stderr, "%s: error: cannot write the state file: %s\n", sim->prog, strerror(errno));
        return 1;
    }
    return 0;
}

int nrt_cvode_run(NrtSim *sim, void *state, const NrtRun *run, NrtCvStats *stats, double save_at)
{
    memset(stats, 0, sizeof *stats);
    const NrtModel *m = sim->model;
    CvRun r;
    memset(&r, 0, sizeof r);
    r.sim = sim;
    r.m = m;
    r.state = state;
    r.disc = HUGE_VAL;
    sim->cv_active = 1;
    if (SUNContext_Create(NULL, &r.ctx) != 0)
        nrt_abort(sim, "CVODE: cannot create its context");
    r.y = N_VNew_Serial(m->cv_n, r.ctx);
    if (r.y)
        fast_ops(r.y);
    r.mem = CVodeCreate(CV_BDF, r.ctx);
    r.ls = SUNLinSolNewEmpty(r.ctx);
    if (!r.y || !r.mem || !r.ls)
        nrt_abort(sim, "out of memory (CVODE)");
    r.ls->content = &r;
    r.ls->ops->gettype = ls_type;
    r.ls->ops->solve = ls_solve;
    double t = m->time(state);
    m->cv_gather(state, NV_DATA_S(r.y));
    /* one evaluation announces the discontinuities (at_time) */
    m->cv_sync(state, t, NV_DATA_S(r.y), 0);
    CVodeSetErrHandlerFn(r.mem, errors, &r);
    check(&r, CVodeInit(r.mem, rhs, t, r.y), "CVodeInit");
    check(&r, CVodeSetUserData(r.mem, &r), "CVodeSetUserData");
    N_Vector atolv = NULL;
    if (m->cv_atolscale) { /* atol times each unknown's scale (NEURON's atolnvec) */
        atolv = N_VClone(r.y);
        if (!atolv)
            nrt_abort(sim, "out of memory (CVODE)");
        for (int k = 0; k < m->cv_n; k++)
            NV_DATA_S(atolv)[k] = run->atol * m->cv_atolscale[k];
        check(&r, CVodeSVtolerances(r.mem, run->rtol, atolv), "CVodeSVtolerances");
    } else {
        check(&r, CVodeSStolerances(r.mem, run->rtol, run->atol), "CVodeSStolerances");
    }
    check(&r, CVodeSetLinearSolver(r.mem, r.ls, NULL), "CVodeSetLinearSolver");
    check(&r, CVodeSetMaxStep(r.mem, 1e9), "CVodeSetMaxStep");
    int status = 0;
    double v;
    /* record_every: rows at fixed times (the steps' syncs run the BEFORE
     * STEP blocks only) */
    int every = run->record_every > 0, rec = every ? 2 : 1;
    double trec = every ? every_next(run->record_every, t) : HUGE_VAL;
    N_Vector yi = every ? N_VClone(r.y) : NULL, yd = every ? N_VClone(r.y) : NULL;
    if (every && (!yi || !yd))
        nrt_abort(sim, "out of memory (CVODE)");
    /* condition_order 2: the detectors are checked at every initialisation
     * too (NEURON's evaluate_conditions after each CVode init) */
    int order2 = run->condition_order == 2 && m->cv_check;
    if (order2)
        m->cv_check(state, t, NRT_CHECK_INIT2);
    if (save_at <= t && save_state(sim, state, run, &save_at) != 0)
        t = run->tstop, status = 1;
    while (t < run->tstop) {
        /* events due now: deliver them and restart */
        double tev;
        if (nrt_queue_peek(&sim->queue, &tev) && tev <= t) {
            nrt_deliver(sim, state, t);
            restart(&r, stats, t);
            m->cv_sync(state, t, NV_DATA_S(r.y), rec);
            if (order2)
                m->cv_check(state, t, NRT_CHECK_INIT2);
            continue;
        }
        double tnext = run->tstop;
        if (nrt_queue_peek(&sim->queue, &tev) && tev < tnext)
            tnext = tev;
        double td = next_disc(sim, t);
        r.disc = td <= tnext ? td : HUGE_VAL;
        if (td < tnext)
            tnext = td;
        double ts = next_sample(sim, t);
        if (ts < tnext)
            tnext = ts;
        if (save_at < tnext)
            tnext = save_at;
        realtype tret;
        int flag, stepped = 0;
        if (tnext - t <= 4 * DBL_EPSILON * fabs(tnext)) {
            /* a stop a few units in the last place ahead (a VecStim's time
             * just before a recording time): too short for CVODE to step
             * ("tout too close to t0"); the state at t stands for tnext */
            tret = tnext;
            flag = CV_TSTOP_RETURN;
        } else {
            check(&r, CVodeSetStopTime(r.mem, tnext), "CVodeSetStopTime");
            if (m->cv_nonode)
                m->cv_nonode(state, t);
            flag = CVode(r.mem, tnext, r.y, &tret, CV_ONE_STEP);
            stepped = 1;
            if (flag < 0)
                nrt_abort(sim, "CVODE failed at t = %.17g ms: %s", tret, r.err[0] ? r.err : "(no message)");
        }
        t = tret;
        int at_stop = flag == CV_TSTOP_RETURN || t >= tnext;
        if (order2 && stepped)
            t = check_order2(&r, t, &at_stop);
        /* the step's row: at a discontinuity, its left side (with
         * record_every, rows due: the BEFORE STEP blocks after them) */
        int rows = every && every_due(run, trec, t);
        m->cv_sync(state, f_time(&r, t), NV_DATA_S(r.y), rows ? 0 : rec);
        if (m->cv_check && !order2)
            m->cv_check(state, t, NRT_CHECK_STEP1);
        int bad = m->unstable(state, &v);
        if (bad >= 0) {
            fprintf(stderr, "%s: error: the simulation went unstable at t = %.17g ms: v = %g mV at %s\n", sim->prog,
                    t, v, m->node_label(bad));
            status = 1;
            break;
        }
        nrt_range_samples(sim, state, 0.0);
        /* a row at the time of an event or a discontinuity has the
         * values after it, as NEURON's (it restarts there first) */
        int restarts = at_stop && t < run->tstop &&
                       ((r.disc != HUGE_VAL && t >= r.disc) || (nrt_queue_peek(&sim->queue, &tev) && tev <= t));
        if (rows)
            trec = every_rows(&r, run, trec, t, stepped, restarts, yi, yd);
        /* SaveState: the state at the save time, before its events */
        if (t >= save_at && save_state(sim, state, run, &save_at) != 0) {
            status = 1;
            break;
        }
        if (at_stop && t < run->tstop) {
            /* events and discontinuities: deliver, restart, and a second
             * row at the same time, after them (as NEURON records) */
            int reached = r.disc != HUGE_VAL && t >= r.disc;
            r.disc = HUGE_VAL;
            int delivered = nrt_queue_peek(&sim->queue, &tev) && tev <= t;
            nrt_deliver(sim, state, t);
            if (delivered || reached) {
                restart(&r, stats, t);
                int due = every && every_due(run, trec, t);
                m->cv_sync(state, t, NV_DATA_S(r.y), due ? 0 : rec);
                if (order2)
                    m->cv_check(state, t, NRT_CHECK_INIT2);
                nrt_range_samples(sim, state, 0.0);
                if (due)
                    trec = every_rows(&r, run, trec, t, 0, 0, yi, yd);
            }
        }
    }
    add_stats(&r, stats);
    CVodeFree(&r.mem);
    if (atolv)
        N_VDestroy(atolv);
    if (yi)
        N_VDestroy(yi);
    if (yd)
        N_VDestroy(yd);
    SUNLinSolFreeEmpty(r.ls);
    N_VDestroy(r.y);
    SUNContext_Free(&r.ctx);
    sim->cv_active = 0;
    return status;
}
