/* run.c - the built executable's main: command line, run loop, output.
 *
 *   ./sim [-o DIR] [name=value ...]     run and write DIR/traces.csv (and spikes.csv);
 *                                       name a run setting or a param of the model
 *   ./sim --params FILE                 ... name = value lines from a file
 *   ./sim --save-at T --save FILE       ... and save the state at T (SaveState)
 *   ./sim --restore FILE                continue a saved run
 *   ./sim --help | --version
 *
 * The loop is NEURON's continuerun: steps while t < tstop - dt/2.  After
 * every step the voltages are checked: a NaN or |v| > 1e6 mV stops the
 * run with an error naming the time and the segment; the output files
 * are then removed, never left half written.  A moment T (a save, a space
 * plot's sample) is reached when t >= T - dt/2, as continuerun(T) stops.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nrt.h"
#include "output.h"
#include "plot.h"
#include "queue.h"
#include "cvode_run.h"
#include "simstate.h"

/* --tiles' default: a share's part of the model's state at most this (a
 * processor's second-level cache holds it with room to spare) */
#define NRT_TILE_BYTES (256 * 1024)

/* The processor's last-level cache, bytes, as Linux describes cpu0's
 * (sysconf's figure can be a whole host's); 32 MiB when it does not */
static size_t last_level_cache(void)
{
    size_t best = 0;
    int level = 0;
    for (int i = 0; i < 10; i++) {
        char path[96], buf[32];
        int lv = 0;
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
        FILE *f = fopen(path, "r");
        if (!f)
            break;
        if (fscanf(f, "%d", &lv) != 1)
            lv = 0;
        fclose(f);
        snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
        if (!(f = fopen(path, "r")))
            continue;
        if (fgets(buf, sizeof buf, f)) {
            char *end;
            unsigned long v = strtoul(buf, &end, 10);
            size_t bytes = *end == 'K' ? v << 10 : *end == 'M' ? v << 20 : v;
            if (lv > level || (lv == level && bytes > best)) {
                level = lv;
                best = bytes;
            }
        }
        fclose(f);
    }
    return best ? best : (size_t)32 << 20;
}

void nrt_abort(NrtSim *sim, const char *fmt, ...)
{
    /* one thread of --threads reports and exits; another one stops here */
    nrt_lock(sim);
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", sim->prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    nrt_out_discard(&sim->traces);
    nrt_out_discard(&sim->spikes_out);
    nrt_out_discard(&sim->state_out);
    nrt_mpi_abort(1); /* (mpirun: every rank) */
}

/* VERBATIM's hoc_execerror(s1, s2) (NRT_HOC_EXECERROR) */
void nrt_hoc_execerror(NrtSim *sim, const char *s1, const char *s2)
{
    nrt_abort(sim, "hoc_execerror: %s%s%s", s1 ? s1 : "", s2 ? " " : "", s2 ? s2 : "");
}

static void out_of_memory(NrtSim *sim, const char *what)
{
    nrt_abort(sim, "out of memory (%s)", what);
}

double nrt_event_next(NrtSim *sim)
{
    double t;
    return nrt_queue_peek(&sim->queue, &t) ? t : HUGE_VAL;
}

unsigned long long nrt_event_send(NrtSim *sim, double t, int kind, int index, int nc, double flag)
{
    NrtEvent ev;
    ev.t = t;
    ev.seq = 0;
    ev.kind = kind;
    ev.index = index;
    ev.nc = nc;
    ev.flag = flag;
    NrtQueue *q = nrt_ival_queue(sim);
    if (q) { /* --threads' interval mode: this thread's queue, the slot's next number */
        ev.seq = nrt_ival_next_seq();
        if (nrt_queue_push_seq(q, &ev) != 0)
            out_of_memory(sim, "event queue");
        return ev.seq;
    }
    unsigned long long seq;
    if (nrt_queue_push(&sim->queue, &ev, &seq) != 0)
        out_of_memory(sim, "event queue");
    return seq;
}

void nrt_event_send_key(NrtSim *sim, double t, int kind, int index, int nc, double flag, unsigned long long seq)
{
    NrtEvent ev;
    ev.t = t;
    ev.seq = seq;
    ev.kind = kind;
    ev.index = index;
    ev.nc = nc;
    ev.flag = flag;
    NrtQueue *q = nrt_ival_queue(sim);
    if (nrt_queue_push_seq(q ? q : &sim->queue, &ev) != 0)
        out_of_memory(sim, "event queue");
}

void nrt_event_cancel(NrtSim *sim, unsigned long long seq)
{
    NrtQueue *q = nrt_ival_queue(sim);
    if (nrt_queue_cancel(q ? q : &sim->queue, seq) != 0)
        out_of_memory(sim, "event queue");
}

void nrt_deliver(NrtSim *sim, void *state, double tmax)
{
    NrtEvent ev;
    NrtQueue *q = nrt_ival_queue(sim);
    if (!q)
        q = &sim->queue;
    while (nrt_queue_pop_until(q, tmax, &ev))
        sim->model->deliver(state, &ev);
}

void nrt_events_clear(NrtSim *sim)
{
    nrt_queue_clear(&sim->queue);
}

static void write_row(NrtSim *sim, const double *row);

/* traces.csv's first line (again: anew, the file emptied first); 0, or -1
 * with errno */
static int write_header(NrtSim *sim, int anew)
{
    FILE *f = sim->traces.f;
    if (!f)
        return 0;
    if (anew && (fflush(f) != 0 || ftruncate(fileno(f), 0) != 0 || fseek(f, 0, SEEK_SET) != 0))
        return -1;
    fputs("t", f);
    for (int i = 0; i < sim->model->n_record; i++)
        fprintf(f, ",%s", sim->model->record_labels[i]);
    fputc('\n', f);
    return 0;
}

void nrt_record(NrtSim *sim, const double *row)
{
    memcpy(sim->last_row, row, sizeof(double) * (size_t)sim->ncols);
    if (nrt_nranks(sim) > 1) { /* rank 0 writes the gathered rows at the end */
        nrt_mpi_row(sim, row);
        return;
    }
    write_row(sim, row);
}

static void write_row(NrtSim *sim, const double *row)
{
    FILE *f = sim->traces.f;
    if (!f)
        return;
    for (int i = 0; i < sim->ncols; i++) {
        if (i)
            fputc(',', f);
        nrt_put_double(f, row[i]);
    }
    fputc('\n', f);
}

void nrt_spike(NrtSim *sim, int gid, double t)
{
    if (sim->nspikes == sim->capspikes) {
        long cap = sim->capspikes ? 2 * sim->capspikes : 1024;
        NrtSpike *p = realloc(sim->spikes, sizeof(NrtSpike) * (size_t)cap);
        if (!p)
            out_of_memory(sim, "spikes");
        sim->spikes = p;
        sim->capspikes = cap;
    }
    NrtSpike s = {t, gid, sim->nspikes};
    sim->spikes[sim->nspikes++] = s;
}

void nrt_exp_overflow(NrtSim *sim, double x)
{
    /* the model's threads may call it at once */
    nrt_lock(sim);
    if (sim->exp_overflows++ == 0 || x > sim->exp_worst)
        sim->exp_worst = x;
    nrt_unlock(sim);
}

void nrt_kinetic_fail(NrtSim *sim, const char *what, double t)
{
    nrt_lock(sim);
    if (sim->kinetic_fails++ == 0) {
        sim->kinetic_what = what;
        sim->kinetic_t = t;
    }
    nrt_unlock(sim);
}

static int cmp_spike(const void *pa, const void *pb)
{
    const NrtSpike *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->gid != b->gid)
        return a->gid < b->gid ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The params' lines of --help: name=UNIT, default, where declared. */
static void usage_params(const NrtModel *m, FILE *out)
{
    if (!m->n_param)
        return;
    fprintf(out, "params of the model (name=VALUE: a number in the param's unit, or one followed\n"
                 "by a unit of the same kind, as in w=60nS; or name = VALUE lines in --params FILE):\n");
    for (int i = 0; i < m->n_param; i++) {
        const NrtParam *p = &m->params[i];
        char lhs[128], val[40];
        snprintf(lhs, sizeof lhs, "%s=%s", p->name, p->unit ? p->unit : "N");
        for (int prec = 1; prec <= 17; prec++) { /* the shortest text that reads back as the value */
            snprintf(val, sizeof val, "%.*g", prec, p->value);
            if (strtod(val, NULL) == p->value)
                break;
        }
        fprintf(out, "  %-16s %sdefault %s%s%s (%s)\n", lhs, p->unit ? "" : "a plain number, ", val,
                p->unit ? " " : "", p->unit ? p->unit : "", p->where);
    }
    fputc('\n', out);
}

static void usage(const NrtModel *m, const char *prog, FILE *out)
{
    const NrtRun *d = &m->defaults;
    fprintf(out,
            "usage: %s [options] [setting=value ...]\n"
            "\n"
            "Runs the model '%s' (compiled by nrncc from %s) and writes\n"
            "DIR/traces.csv (t and %d recorded variable%s)%s.\n"
            "\n"
            "options:\n"
            "  -o DIR, --output DIR   where to write the output (default: .)\n"
            "  -q, --quiet            print nothing on success (and no progress line)\n"
            "      --progress         a progress line on stderr for runs longer than 2 s\n"
            "                         (the default when stderr is a terminal)\n"
            "      --profile          time per phase of the step, ns per compartment-step, memory\n"
            "      --params FILE      settings and params from FILE, one 'name = value' a line\n"
            "                         ('#' starts a comment), applied where it stands among\n"
            "                         the arguments (a later value wins)\n"
            "      --save FILE        save the state of the run to FILE (at its end,\n"
            "                         or at --save-at), to be continued by --restore\n"
            "      --save-at T        the time of the save, ms (units ms, s, us may follow)\n"
            "      --restore FILE     continue the run saved in FILE (only tstop= may\n"
            "                         be set: the other settings and the params are the saved run's)\n"
            "      --method M         fixed (NEURON's fixed step) or cvode (the variable\n"
            "                         time step, SUNDIALS CVODE) (%s)\n"
            "      --stats            print what the integrator did\n"
            "      --threads N        spread the cells over N threads (the same results\n"
            "                         for every N)\n"
            "      --tiles N          each thread steps its cells as N tiles, an interval\n"
            "                         at a time each, for the cache (default: from the\n"
            "                         model's size; the same results for every N)\n"
            "      --plot-shape VAR@T draw the cells coloured by VAR at T ms in\n"
            "                         DIR/shape_VAR_Tms.svg (repeatable; v, or a variable of\n"
            "                         the model's 'plot shape' statements)\n"
            "      --html             DIR/traces.svg, and DIR/plots.html with every picture\n"
            "  -h, --help             this text\n"
            "      --version          the model and the runtime version\n"
            "\n"
            "settings (default):\n"
            "  tstop=MS         stop time, ms (%g)\n"
            "  dt=MS            time step, ms (%g)\n"
            "  v_init=MV        initial voltage, mV (%g)\n"
            "  celsius=DEGC     temperature, degC (%g)\n"
            "  secondorder=N    0 backward Euler, 1 or 2 Crank-Nicolson (%d)\n"
            "  seed=N           of the random numbers mechanisms draw (%g)\n"
            "  atol=X           CVODE's absolute tolerance (%g)\n"
            "  rtol=X           CVODE's relative tolerance (%g)\n"
            "  condition_order=N  CVODE: 1 spikes at step ends, 2 interpolated within the\n"
            "                   step (%d; the fixed step ignores it, as NEURON's)\n"
            "\n",
            prog, m->name, m->source, m->n_record, m->n_record == 1 ? "" : "s",
            m->record_spikes ? " and DIR/spikes.csv (gid,time)" : "", d->method == NRT_CVODE ? "cvode" : "fixed",
            d->tstop, d->dt, d->v_init, d->celsius, d->secondorder, d->seed, d->atol, d->rtol,
            d->condition_order);
    usage_params(m, out);
    fputs("Exit status: 0 success, 1 bad value or failed run, 2 bad usage.\n", out);
}

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != 0 || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static int bad(const char *prog, const char *what, const char *value, const char *why)
{
    fprintf(stderr, "%s: error: bad value '%s' for '%s': %s\n", prog, value, what, why);
    return 1;
}

static int set_setting(const char *prog, NrtRun *run, const char *arg, unsigned *given)
{
    const char *eq = strchr(arg, '=');
    size_t n = (size_t)(eq - arg);
    const char *val = eq + 1;
    double v;
    static const char *const names[] = {"tstop",  "dt",   "v_init", "celsius",        "secondorder",
                                        "seed",   "atol", "rtol",   "condition_order"};
    int k = -1;
    for (int i = 0; i < 9; i++)
        if (strlen(names[i]) == n && strncmp(arg, names[i], n) == 0)
            k = i;
    if (k < 0) {
        fprintf(stderr, "%s: error: unknown setting or param '%.*s' (see --help)\n", prog, (int)n, arg);
        return 2;
    }
    if (parse_number(val, &v) != 0)
        return bad(prog, names[k], val, "expected a number");
    *given |= 1u << k;
    switch (k) {
    case 0:
        if (v < 0)
            return bad(prog, "tstop", val, "must be >= 0");
        run->tstop = v;
        break;
    case 1:
        if (!(v > 0))
            return bad(prog, "dt", val, "must be > 0");
        run->dt = v;
        break;
    case 2:
        run->v_init = v;
        break;
    case 3:
        if (v < -273.15)
            return bad(prog, "celsius", val, "must be >= -273.15");
        run->celsius = v;
        break;
    case 4:
        if (v != 0 && v != 1 && v != 2)
            return bad(prog, "secondorder", val, "must be 0, 1 or 2");
        run->secondorder = (int)v;
        break;
    case 5:
        if (v != floor(v) || fabs(v) > 9e15)
            return bad(prog, "seed", val, "must be a whole number");
        run->seed = v;
        break;
    case 6:
        if (!(v > 0))
            return bad(prog, "atol", val, "must be > 0");
        run->atol = v;
        break;
    case 7:
        if (v < 0)
            return bad(prog, "rtol", val, "must be >= 0");
        run->rtol = v;
        break;
    case 8:
        if (v != 1 && v != 2)
            return bad(prog, "condition_order", val, "must be 1 or 2");
        run->condition_order = (int)v;
        break;
    }
    return 0;
}

static void discard_all(NrtSim *sim)
{
    nrt_out_discard(&sim->traces);
    nrt_out_discard(&sim->spikes_out);
    nrt_out_discard(&sim->state_out);
}

/* A time for --save-at: a number of ms, or with a unit ms, s or us (in
 * the same argument, or in the next one, which is then consumed). */
static int parse_time(const char *s, const char *next, int *used_next, double *ms)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v))
        return -1;
    while (*end == ' ')
        end++;
    const char *unit = end;
    *used_next = 0;
    if (!*unit && next && (!strcmp(next, "ms") || !strcmp(next, "s") || !strcmp(next, "us"))) {
        unit = next;
        *used_next = 1;
    }
    if (!*unit || !strcmp(unit, "ms"))
        *ms = v;
    else if (!strcmp(unit, "s"))
        *ms = v * 1000.0;
    else if (!strcmp(unit, "us"))
        *ms = v / 1000.0;
    else
        return -1;
    return 0;
}

/* Opens the temporary file of the state file at path (dir/name). */
static int open_state_file(NrtOut *o, const char *path, char *err, size_t errlen)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!*name) {
        snprintf(err, errlen, "bad value '%s' for '--save': a directory, not a file", path);
        return -1;
    }
    if (slash) {
        size_t n = (size_t)(slash - path);
        if (n == 0)
            n = 1; /* "/name" */
        if (n >= sizeof dir) {
            snprintf(err, errlen, "bad value '%s' for '--save': too long", path);
            return -1;
        }
        memcpy(dir, path, n);
        dir[n] = 0;
    } else {
        strcpy(dir, ".");
    }
    return nrt_out_open(o, dir, name, err, errlen);
}

void nrt_range_samples(NrtSim *sim, void *state, double half_dt)
{
    const NrtModel *m = sim->model;
    double t = m->time(state);
    for (int k = 0; k < sim->n_rplot; k++) {
        const NrtRangePlot *rp = &sim->rplots[k];
        for (int j = 0; j < rp->ntimes; j++) {
            int s = sim->range_first[k] + j;
            if (sim->range_taken[s] || t < rp->times[j] - half_dt)
                continue;
            m->range_sample(state, rp->sampler, sim->range_vals + sim->range_val_at[s]);
            sim->range_taken[s] = 1;
        }
    }
}

/* Writes DIR/<file> of every space plot with samples taken by this run:
 * x, then one column per sample ("v", or "v@2" when the plot has several
 * times). */
static int write_range_plots(NrtSim *sim, const char *outdir, char *err, size_t errlen)
{
    for (int k = 0; k < sim->n_rplot; k++) {
        const NrtRangePlot *rp = &sim->rplots[k];
        int any = 0;
        for (int j = 0; j < rp->ntimes; j++)
            any |= sim->range_taken[sim->range_first[k] + j] == 1;
        if (!any)
            continue;
        if (rp->shape) { /* (plot.c) */
            if (nrt_plot_shape(sim, rp, sim->range_vals + sim->range_val_at[sim->range_first[k]], outdir, err,
                               errlen) != 0)
                return -1;
            continue;
        }
        NrtOut o;
        if (nrt_out_open(&o, outdir, rp->file, err, errlen) != 0)
            return -1;
        fputs("x", o.f);
        for (int j = 0; j < rp->ntimes; j++) {
            if (sim->range_taken[sim->range_first[k] + j] != 1)
                continue;
            if (rp->ntimes == 1) {
                fprintf(o.f, ",%s", rp->var);
            } else {
                fprintf(o.f, ",%s@", rp->var);
                nrt_put_double(o.f, rp->times[j]);
            }
        }
        fputc('\n', o.f);
        for (int i = 0; i < rp->npoints; i++) {
            nrt_put_double(o.f, rp->x[i]);
            for (int j = 0; j < rp->ntimes; j++) {
                int s = sim->range_first[k] + j;
                if (sim->range_taken[s] != 1)
                    continue;
                fputc(',', o.f);
                nrt_put_double(o.f, sim->range_vals[sim->range_val_at[s] + (size_t)i]);
            }
            fputc('\n', o.f);
        }
        if (nrt_out_commit(&o, err, errlen) != 0)
            return -1;
    }
    return 0;
}

/* The runtime's own memory for a run: the last row and the space plots
 * (the model's, then nextra more: --plot-shape's). */
static int alloc_run(NrtSim *sim, const NrtRangePlot *extra, int nextra)
{
    const NrtModel *m = sim->model;
    sim->last_row = calloc((size_t)sim->ncols, sizeof(double));
    sim->n_rplot = m->n_rangeplot + nextra;
    sim->range_first = calloc((size_t)sim->n_rplot + 1, sizeof(int));
    sim->rplots = calloc((size_t)sim->n_rplot + 1, sizeof(NrtRangePlot));
    if (!sim->last_row || !sim->range_first || !sim->rplots)
        return -1;
    for (int k = 0; k < sim->n_rplot; k++)
        sim->rplots[k] = k < m->n_rangeplot ? m->rangeplots[k] : extra[k - m->n_rangeplot];
    size_t nvals = 0;
    int ns = 0;
    for (int k = 0; k < sim->n_rplot; k++) {
        sim->range_first[k] = ns;
        ns += sim->rplots[k].ntimes;
        nvals += (size_t)sim->rplots[k].ntimes * (size_t)sim->rplots[k].npoints;
    }
    sim->nrange_samples = ns;
    sim->range_taken = calloc((size_t)ns + 1, 1);
    sim->range_val_at = calloc((size_t)ns + 1, sizeof(size_t));
    sim->range_vals = calloc(nvals + 1, sizeof(double));
    if (!sim->range_taken || !sim->range_val_at || !sim->range_vals)
        return -1;
    size_t at = 0;
    for (int k = 0; k < sim->n_rplot; k++)
        for (int j = 0; j < sim->rplots[k].ntimes; j++) {
            sim->range_val_at[sim->range_first[k] + j] = at;
            at += (size_t)sim->rplots[k].npoints;
        }
    return 0;
}

static void free_run(NrtSim *sim)
{
    free(sim->last_row);
    free(sim->range_first);
    free(sim->rplots);
    free(sim->range_taken);
    free(sim->range_val_at);
    free(sim->range_vals);
}

const double *nrt_param_values(NrtSim *sim)
{
    return sim->param;
}

/* value * 10^k as nrncc's unit conversion applies it: one multiplication
 * or division by an exact power of ten per 22 decades. */
static double scale10(double value, int k)
{
    static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    for (; k > 22; k -= 22)
        value *= p10[22];
    for (; k < -22; k += 22)
        value /= p10[22];
    return k >= 0 ? value * p10[k] : value / p10[-k];
}

/* name=VALUE for a param of model m into vals (given[k] set): 0, 1 after
 * a bad value (reported), -1 when name is not a param. */
static int set_param(const char *prog, const NrtModel *m, double *vals, unsigned char *given, const char *arg)
{
    const char *eq = strchr(arg, '=');
    size_t n = (size_t)(eq - arg);
    int k = -1;
    for (int i = 0; i < m->n_param; i++)
        if (strlen(m->params[i].name) == n && !strncmp(arg, m->params[i].name, n))
            k = i;
    if (k < 0)
        return -1;
    const NrtParam *p = &m->params[k];
    const char *val = eq + 1;
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    if (end == val || errno == ERANGE || !isfinite(v) || (!p->unit && *end))
        return bad(prog, p->name, val, p->unit ? "expected a number, in its unit or with one" : "expected a number");
    while (*end == ' ')
        end++;
    if (*end) {
        int u = -1;
        for (int j = 0; j < p->nunits; j++)
            if (!strcmp(end, p->unit_names[j]))
                u = j;
        if (u < 0) {
            fprintf(stderr, "%s: error: bad value '%s' for '%s': '%s' is not a unit it takes (", prog, val, p->name,
                    end);
            for (int j = 0; j < p->nunits; j++)
                fprintf(stderr, "%s%s", j ? ", " : "", p->unit_names[j]);
            fprintf(stderr, ")\n");
            return 1;
        }
        if (p->unit_ratio[u] != 1.0)
            v *= p->unit_ratio[u];
        v = scale10(v, p->unit_exp10[u]);
    }
    vals[k] = v;
    given[k] = 1;
    return 0;
}

/* name=value: a param of the model or a run setting (0, 1 or 2 as
 * nrt_main returns). */
static int set_assignment(const char *prog, const NrtModel *m, NrtRun *run, double *vals, unsigned char *pgiven,
                          const char *arg, unsigned *given)
{
    int rc = set_param(prog, m, vals, pgiven, arg);
    return rc >= 0 ? rc : set_setting(prog, run, arg, given);
}

/* --params FILE: `name = value` lines ('#' comments, blank lines). */
static int read_params_file(const char *prog, const NrtModel *m, NrtRun *run, double *vals, unsigned char *pgiven,
                            const char *path, unsigned *given)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: error: cannot read '%s': %s\n", prog, path, strerror(errno));
        return 1;
    }
    char line[1024];
    int lineno = 0, rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        /* name = value, spaces around both trimmed */
        char *p = line, *e = line + strlen(line);
        while (*p == ' ' || *p == '\t')
            p++;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
            *--e = 0;
        if (!*p)
            continue;
        char *eq = strchr(p, '=');
        if (!eq || eq == p) {
            fprintf(stderr, "%s:%d: error: expected 'name = value'\n", path, lineno);
            rc = 1;
            break;
        }
        char *ne = eq, *v = eq + 1;
        while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
            ne--;
        while (*v == ' ' || *v == '\t')
            v++;
        char arg[1100];
        snprintf(arg, sizeof arg, "%.*s=%s", (int)(ne - p), p, v);
        rc = set_assignment(prog, m, run, vals, pgiven, arg, given);
        if (rc)
            fprintf(stderr, "%s:%d: note: in this line of the params file\n", path, lineno);
    }
    fclose(f);
    return rc ? 1 : 0;
}

/* Seconds on a monotonic clock. */
static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The progress line on a terminal: once the run has taken `after` seconds
 * (now, since its start), at most every half second. */
static void show_progress(const char *prog, double t, double tstop, double now, double after, double *t_shown)
{
    if (now <= after || (*t_shown != 0 && now - *t_shown < 0.5))
        return;
    double f = tstop > 0 ? t / tstop : 1;
    fprintf(stderr, "\r%s: t = %.3f of %g ms (%.0f%%), about %.0f s left   ", prog, t, tstop, 100 * f,
            f > 0 ? now * (1 - f) / f : 0.0);
    *t_shown = now;
}

void nrt_prof(NrtSim *sim, int phase)
{
    double now = wall_seconds();
    sim->prof_t[sim->prof_phase] += now - sim->prof_last;
    sim->prof_last = now;
    sim->prof_phase = phase;
}

/* The process's peak resident memory, bytes (0 when unknown). */
static long peak_rss(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    long kb = 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6))
            kb = atol(line + 6);
    fclose(f);
    return kb * 1024;
}

static int main_run(int argc, char **argv, const NrtModel *m, const char *prog, NrtRun *runp, double *pvals,
                    unsigned char *pgiven, const NrtPlotArgs *pa);

int nrt_main(int argc, char **argv, const NrtModel *m)
{
    const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (m->abi != NRT_ABI_VERSION) {
        fprintf(stderr, "%s: error: built for runtime ABI %d, linked with %d\n", prog, m->abi, NRT_ABI_VERSION);
        return 1;
    }
    NrtRun run = m->defaults;
    /* the params' values: defaults, then the command line's */
    double *pvals = malloc(sizeof(double) * (size_t)(m->n_param + 1));
    unsigned char *pgiven = calloc((size_t)m->n_param + 1, 1);
    if (!pvals || !pgiven) {
        fprintf(stderr, "%s: error: out of memory\n", prog);
        free(pvals);
        free(pgiven);
        return 1;
    }
    for (int i = 0; i < m->n_param; i++)
        pvals[i] = m->params[i].value;
    if (nrt_mpi_start(&argc, &argv) != 0) {
        fprintf(stderr, "%s: error: MPI_Init failed\n", prog);
        free(pvals);
        free(pgiven);
        return 1;
    }
    NrtPlotArgs pa;
    int status = nrt_plot_args(m, prog, argc, argv, &pa);
    if (status == 0)
        status = main_run(argc, argv, m, prog, &run, pvals, pgiven, &pa);
    nrt_plot_args_free(&pa);
    free(pvals);
    free(pgiven);
    nrt_mpi_stop();
    return status;
}

/* nrt_main with the params' values (pvals, defaults set; pgiven zeroed). */
static int main_run(int argc, char **argv, const NrtModel *m, const char *prog, NrtRun *runp, double *pvals,
                    unsigned char *pgiven, const NrtPlotArgs *pa)
{
    NrtRun run = *runp;
    const char *outdir = ".";
    const char *save_path = NULL, *restore_path = NULL;
    double save_at = 0;
    int has_save_at = 0;
    unsigned given = 0;
    int quiet = 0, stats = 0;
    int progress = -1; /* -1: when stderr is a terminal */
    int profile = 0;
    int threads = 1;
    int tiles = 0; /* --tiles (0: from the model's size) */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(m, prog, stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("%s (model '%s' from %s), nrncc runtime ABI %d\n", prog, m->name, m->source, NRT_ABI_VERSION);
            return 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
            progress = 0;
        } else if (!strcmp(a, "--progress")) {
            progress = 1;
        } else if (!strcmp(a, "--stats")) {
            stats = 1;
        } else if (!strcmp(a, "--profile")) {
            profile = 1;
        } else if (!strcmp(a, "--html") || !strncmp(a, "--plot-shape=", 13)) {
            /* (read by nrt_plot_args) */
        } else if (!strcmp(a, "--plot-shape")) {
            i++;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--save") ||
                   !strcmp(a, "--restore") || !strcmp(a, "--save-at") || !strcmp(a, "--method") ||
                   !strcmp(a, "--params") || !strcmp(a, "--threads") || !strcmp(a, "--tiles")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: error: '%s' needs %s\n", prog, a,
                        !strcmp(a, "--save-at")  ? "a time"
                        : !strcmp(a, "--method") ? "a method (fixed or cvode)"
                        : !strcmp(a, "--threads") ? "a number of threads"
                        : !strcmp(a, "--tiles")   ? "a number of tiles"
                        : a[2] == 's' || a[2] == 'r' || a[2] == 'p' ? "a file" : "a directory");
                return 2;
            }
            const char *v = argv[++i];
            if (!strcmp(a, "--threads") || !strcmp(a, "--tiles")) {
                int tl = a[3] == 'i', top = tl ? 4096 : 1024;
                char *end;
                errno = 0;
                long n = strtol(v, &end, 10);
                if (end == v || *end || errno || n < 1 || n > top)
                    return bad(prog, a, v, tl ? "expected a whole number from 1 to 4096"
                                              : "expected a whole number from 1 to 1024");
                *(tl ? &tiles : &threads) = (int)n;
            } else if (!strcmp(a, "--params")) {
                int rc = read_params_file(prog, m, &run, pvals, pgiven, v, &given);
                if (rc)
                    return rc;
            } else if (!strcmp(a, "--method")) {
                if (!strcmp(v, "cvode"))
                    run.method = NRT_CVODE;
                else if (!strcmp(v, "fixed"))
                    run.method = NRT_FIXED;
                else
                    return bad(prog, "--method", v, "expected fixed or cvode");
            } else if (a[1] == 'o' || !strcmp(a, "--output")) {
                outdir = v;
            } else if (!strcmp(a, "--save")) {
                save_path = v;
            } else if (!strcmp(a, "--restore")) {
                restore_path = v;
            } else {
                int used;
                if (parse_time(v, i + 1 < argc ? argv[i + 1] : NULL, &used, &save_at) != 0 || save_at < 0)
                    return bad(prog, "--save-at", v, "expected a time >= 0, in ms or with a unit (ms, s, us)");
                i += used;
                has_save_at = 1;
            }
        } else if (!strncmp(a, "--output=", 9)) {
            outdir = a + 9;
        } else if (a[0] != '-' && strchr(a, '=')) {
            int rc = set_assignment(prog, m, &run, pvals, pgiven, a, &given);
            if (rc)
                return rc;
        } else {
            fprintf(stderr, "%s: error: unknown argument '%s' (see --help)\n", prog, a);
            return 2;
        }
    }
    if (!*outdir) {
        fprintf(stderr, "%s: error: bad value '' for '-o': an empty directory name\n", prog);
        return 1;
    }
    if (has_save_at && !save_path) {
        fprintf(stderr, "%s: error: '--save-at' needs '--save FILE' (where to save)\n", prog);
        return 2;
    }
    if (save_path && !*save_path)
        return bad(prog, "--save", "", "an empty file name");
    if (restore_path && !*restore_path)
        return bad(prog, "--restore", "", "an empty file name");
    for (int k = 0; restore_path && k < m->n_param; k++)
        if (pgiven[k]) {
            fprintf(stderr, "%s: error: param '%s' cannot be set when restoring: the run continues with the saved "
                    "run's params\n", prog, m->params[k].name);
            return 1;
        }
    if (restore_path && (given & ~1u)) {
        static const char *const names[] = {"tstop", "dt",   "v_init", "celsius",        "secondorder",
                                            "seed",  "atol", "rtol",   "condition_order"};
        int k = 1;
        while (!(given & (1u << k)))
            k++;
        fprintf(stderr, "%s: error: '%s' cannot be set when restoring: the run continues with the saved "
                "run's settings (only tstop may be set)\n", prog, names[k]);
        return 1;
    }
    if (run.method == NRT_CVODE && m->cv_reason) {
        fprintf(stderr, "%s: error: model '%s' cannot run with CVODE yet: it has %s (use --method fixed)\n", prog,
                m->name, m->cv_reason);
        return 1;
    }
    /* condition_order 2: what NEURON's CVode does with it and ours does not
     * (the fixed step ignores it, as NEURON's) */
    if (run.method == NRT_CVODE && run.condition_order == 2) {
        const char *why = NULL;
        if (run.record_every > 0)
            why = "rows at fixed times (record_every)";
        if (!why && (save_path || restore_path))
            why = save_path ? "--save" : "--restore";
        if (why) {
            fprintf(stderr, "%s: error: model '%s' cannot run with CVODE's condition_order 2 yet: it has %s (use "
                    "condition_order=1)\n", prog, m->name, why);
            return 1;
        }
    }
    for (int k = 0; k < pa->n; k++)
        if (pa->times[k] > run.tstop) {
            char b[40];
            snprintf(b, sizeof b, "%.17g", run.tstop);
            char why[80];
            snprintf(why, sizeof why, "the time is after tstop (%s ms)", b);
            return bad(prog, "--plot-shape", pa->values[k], why);
        }
    if (pa->n && (save_path || restore_path)) {
        fprintf(stderr, "%s: error: '--plot-shape' with '%s' is not supported (draw the shape with a 'plot shape' "
                "statement of the model)\n", prog, save_path ? "--save" : "--restore");
        return 1;
    }
    int nspace = pa->n; /* space and shape plots with samples to take */
    for (int k = 0; k < m->n_rangeplot; k++)
        nspace += m->rangeplots[k].ntimes > 0;
    /* mpirun -np K, K > 1: what the ranks cannot do (yet) */
    int nranks = nrt_nranks(NULL), rank = nrt_rank(NULL);
    if (nranks > 1) {
        const char *no = m->mpi_reason          ? m->mpi_reason
                       : run.method == NRT_CVODE ? "CVODE integrates the whole model as one system (use --method fixed)"
                       : save_path || restore_path ? "SaveState (--save, --restore) is for one process"
                       : nspace                  ? "its space and shape plots are written by one process"
                       : profile                 ? "--profile times one process"
                                                 : NULL;
        if (no) {
            if (rank == 0)
                fprintf(stderr, "%s: error: cannot spread the model over %d ranks: %s\n", prog, nranks, no);
            return 1;
        }
        if (threads > 1 && rank == 0 && !quiet)
            fprintf(stderr, "%s: note: --threads is ignored under mpirun: one thread per rank\n", prog);
        threads = 1;
        if (rank != 0) {
            quiet = 1;
            progress = 0;
        }
    }

    NrtSim sim;
    memset(&sim, 0, sizeof sim);
    sim.model = m;
    sim.prog = prog;
    sim.param = pvals;
    sim.ncols = m->n_record + 1;
    char err[4400];
    if (alloc_run(&sim, pa->plots, pa->n) != 0) {
        fprintf(stderr, "%s: error: out of memory\n", prog);
        free_run(&sim);
        return 1;
    }
    NrtSaved saved;
    memset(&saved, 0, sizeof saved);
    if (restore_path) {
        if (nrt_saved_read(m, sim.ncols, sim.nrange_samples, restore_path, &saved, err, sizeof err) != 0) {
            fprintf(stderr, "%s: error: %s\n", prog, err);
            free_run(&sim);
            return 1;
        }
        double tstop = run.tstop, every = run.record_every; /* (the model's, not saved) */
        int order = run.condition_order;
        run = saved.run;
        run.record_every = every;
        run.condition_order = order;
        nrt_saved_params(m, &saved, pvals);
        if (given & 1u)
            run.tstop = tstop;
    }
    if (has_save_at && save_at > run.tstop) {
        char a[40], b[40];
        snprintf(a, sizeof a, "%.17g", save_at);
        snprintf(b, sizeof b, "%.17g", run.tstop);
        fprintf(stderr, "%s: error: bad value '%s' for '--save-at': after tstop (%s ms)\n", prog, a, b);
        nrt_saved_free(&saved);
        free_run(&sim);
        return 1;
    }
    if (rank != 0) {
        /* mpirun: rank 0 writes the files */
    } else if (nrt_mkdirs(outdir, err, sizeof err) != 0 ||
        nrt_out_open(&sim.traces, outdir, "traces.csv", err, sizeof err) != 0 ||
        (m->record_spikes && nrt_out_open(&sim.spikes_out, outdir, "spikes.csv", err, sizeof err) != 0) ||
        (save_path && open_state_file(&sim.state_out, save_path, err, sizeof err) != 0)) {
        fprintf(stderr, "%s: error: %s\n", prog, err);
        if (nranks > 1)
            nrt_mpi_abort(1); /* the other ranks wait for this one */
        discard_all(&sim);
        nrt_saved_free(&saved);
        free_run(&sim);
        return 1;
    }
    write_header(&sim, 0);

    /* on a cache line boundary: the model's arrays start on one (each
     * thread's share of them then shares no line with another's) */
    void *state = NULL;
    if (posix_memalign(&state, 64, (m->state_size + 63) / 64 * 64) != 0)
        state = NULL;
    if (state)
        memset(state, 0, m->state_size);
    if (!state) {
        fprintf(stderr, "%s: error: out of memory (%zu bytes of state)\n", prog, m->state_size);
        discard_all(&sim);
        nrt_saved_free(&saved);
        free_run(&sim);
        return 1;
    }
    int status = 0;
    if (threads > 1) {
        const char *why = m->thread_reason ? m->thread_reason
                        : run.method == NRT_CVODE ? "CVODE integrates the whole model as one system"
                        : profile ? "--profile times the phases of the one-thread step" : NULL;
        if (why) {
            if (!quiet)
                fprintf(stderr, "%s: note: running on one thread: %s\n", prog, why);
            threads = 1;
        } else if (nrt_pool_start(&sim, threads) != 0) {
            fprintf(stderr, "%s: error: cannot start %d threads\n", prog, threads);
            discard_all(&sim);
            nrt_saved_free(&saved);
            free_run(&sim);
            free(state);
            return 1;
        }
    }
    /* --tiles: the interval mode's shares per thread; by default as many
     * as keep each one's part of the state within NRT_TILE_BYTES, on
     * several threads (they then stream less through the cache they
     * share), and on one when the state fills more than 3/4 of the
     * last-level cache (smaller, the step is bound by its arithmetic:
     * tiles only add their cost; measured on the ring of bench/) */
    {
        const char *why = m->thread_reason ? m->thread_reason
                        : !m->run_interval ? "the model steps as one"
                        : run.method == NRT_CVODE ? "CVODE integrates the whole model as one system"
                        : profile ? "--profile times the phases of the one-thread step"
                        : nranks > 1 ? "under mpirun each rank steps its cells as one"
                        : save_path || restore_path ? "--save and --restore need the whole model between steps"
                        : NULL;
        if (why) {
            if (tiles > 1 && !quiet && rank == 0)
                fprintf(stderr, "%s: note: --tiles is ignored: %s\n", prog, why);
            tiles = 1;
        } else if (tiles == 0 && threads == 1 && m->state_size <= last_level_cache() / 4 * 3) {
            tiles = 1;
        } else if (tiles == 0) {
            size_t per = (size_t)threads * NRT_TILE_BYTES;
            size_t n = (m->state_size + per - 1) / per;
            tiles = n < 2 ? 1 : n > 4096 ? 4096 : (int)n;
        }
        sim.tiles = tiles;
    }
    if (restore_path) {
        if (nrt_saved_apply(&saved, &sim, state) != 0)
            out_of_memory(&sim, "restoring the event queue");
        nrt_saved_free(&saved);
        /* the row at the saved time, as the saved run wrote it (none with
         * record_every: its rows are at their own times) */
        if (run.record_every <= 0) {
            double *row = malloc(sizeof(double) * (size_t)sim.ncols);
            if (!row)
                out_of_memory(&sim, "trace row");
            memcpy(row, sim.last_row, sizeof(double) * (size_t)sim.ncols);
            nrt_record(&sim, row);
            free(row);
        }
        if (has_save_at && save_at < m->time(state) - run.dt / 2) {
            fprintf(stderr, "%s: error: bad value '%.17g' for '--save-at': before the restored time (%.17g ms)\n",
                    prog, save_at, m->time(state));
            status = 1;
        }
    } else {
        m->init(state, &sim, &run);
    }
    long steps = 0;
    double v;
    int saved_now = 0;
    int bad_node = m->unstable(state, &v);
    /* mpirun: steps between spike exchanges: as many as fit in the shortest
     * NetCon delay less half a step (no event of an interval is due before
     * its spikes are exchanged) */
    long nexch = LONG_MAX;
    int mpi_stop = 0;
    if (nranks > 1 && status == 0) {
        double md = m->min_delay(state), q = md / run.dt - 0.5;
        if (md < 1e299 && !(q + 1e-9 >= 1.0)) {
            if (rank == 0)
                fprintf(stderr, "%s: error: cannot spread the model over %d ranks: its shortest NetCon delay "
                                "(%.17g ms) is less than 1.5 dt (%.17g ms)\n", prog, nranks, md, 1.5 * run.dt);
            status = 1;
            mpi_stop = 1;
        } else if (md < 1e299) {
            nexch = (long)floor(q + 1e-9);
        }
    }
    if (progress < 0)
        progress = isatty(2);
    double t_start = progress ? wall_seconds() : 0, t_shown = 0;
    /* after how many seconds of running the line appears ($NRT_PROGRESS_AFTER, for tests) */
    const char *after_env = getenv("NRT_PROGRESS_AFTER");
    double after = after_env ? atof(after_env) : 2.0;
    NrtCvStats cvs;
    memset(&cvs, 0, sizeof cvs);
    if (status == 0 && bad_node < 0 && run.method == NRT_CVODE) {
        nrt_range_samples(&sim, state, 0.0);
        status = nrt_cvode_run(&sim, state, &run, &cvs, save_path && has_save_at ? save_at : HUGE_VAL);
        steps = cvs.steps;
    }
    /* --threads N: the threads step their cells an interval at a time
     * (run_interval), unless the run needs a look at the whole model
     * between steps (a save, space plots) */
    int ival = (threads > 1 || tiles > 1) && m->run_interval && nranks == 1 && !save_path && !restore_path &&
               !nspace && run.method == NRT_FIXED;
    while (status == 0 && bad_node < 0 && run.method == NRT_FIXED) {
        nrt_range_samples(&sim, state, run.dt / 2);
        if (save_path && has_save_at && !saved_now && !(m->time(state) < save_at - run.dt / 2)) {
            if (nrt_state_write(&sim, state, &run, sim.state_out.f) != 0) {
                fprintf(stderr, "%s: error: cannot write '%s': %s\n", prog, save_path, strerror(errno));
                status = 1;
                break;
            }
            saved_now = 1;
        }
        if (!(m->time(state) < run.tstop - run.dt / 2))
            break;
        const char *why = NULL;
        long nstep = ival ? m->run_interval(state, run.tstop - run.dt / 2, &why) : -1;
        if (nstep < 0 && ival && why && !quiet && threads > 1) /* (tiles alone: quietly) */
            fprintf(stderr, "%s: note: the threads meet every step: %s%s\n", prog, why,
                    nstep == -2 ? "; the run starts again" : "");
        if (nstep < 0)
            ival = 0; /* (the model steps one step at a time) */
        if (nstep == -2) { /* from finitialize, as the one-thread run */
            nrt_ival_end(&sim);
            if (write_header(&sim, 1) != 0) {
                fprintf(stderr, "%s: error: cannot write traces.csv: %s\n", prog, strerror(errno));
                status = 1;
                break;
            }
            sim.nspikes = 0;
            sim.exp_overflows = 0;
            sim.exp_worst = 0;
            steps = 0;
            memset(state, 0, m->state_size);
            m->init(state, &sim, &run);
            bad_node = m->unstable(state, &v);
            continue;
        }
        if (nstep >= 0) {
            bad_node = m->unstable(state, &v);
            if (progress && (steps >> 8) != ((steps + nstep) >> 8))
                show_progress(prog, m->time(state), run.tstop, wall_seconds() - t_start, after, &t_shown);
            steps += nstep;
            continue;
        }
        if (profile) {
            sim.prof_last = wall_seconds();
            m->step_prof(state);
            nrt_prof(&sim, NRT_PROF_EVENTS);
        } else {
            m->step(state);
        }
        steps++;
        bad_node = m->unstable(state, &v);
        if (nranks > 1 && (bad_node >= 0 || steps % nexch == 0) &&
            nrt_mpi_exchange(&sim, m, state, bad_node >= 0)) {
            mpi_stop = 1; /* a rank went unstable: it says so */
            status = 1;
            break;
        }
        if (progress && (steps & 255) == 0)
            show_progress(prog, m->time(state), run.tstop, wall_seconds() - t_start, after, &t_shown);
    }
    if (t_shown > 0)
        fputc('\n', stderr);
    if (nranks > 1 && !mpi_stop) {
        /* the last interval's spikes; then rank 0 gathers the traces */
        if (nrt_mpi_exchange(&sim, m, state, status != 0 || bad_node >= 0) && status == 0 && bad_node < 0)
            status = 1;
        if (status == 0 && bad_node < 0) {
            double *rows = NULL;
            nrt_mpi_gather(&sim, m, state, &rows);
            for (long i = 0; rows && i < sim.mpi_nrows; i++)
                write_row(&sim, rows + i * sim.ncols);
            free(rows);
        }
    }
    if (bad_node >= 0) {
        fprintf(stderr, "%s: error: the simulation went unstable at t = %.17g ms: v = %g mV at %s%s\n", prog,
                m->time(state), v, m->node_label(bad_node),
                run.dt > 0.001 ? " (try a smaller dt)" : "");
        status = 1;
    }
    if (status == 0 && save_path && !has_save_at && nrt_state_write(&sim, state, &run, sim.state_out.f) != 0) {
        fprintf(stderr, "%s: error: cannot write '%s': %s\n", prog, save_path, strerror(errno));
        status = 1;
    }
    for (int k = 0; status == 0 && k < sim.n_rplot; k++)
        for (int j = 0; j < sim.rplots[k].ntimes; j++)
            if (!sim.range_taken[sim.range_first[k] + j])
                fprintf(stderr, "%s: warning: no sample of %s at %.17g ms: the run stopped at %.17g ms\n", prog,
                        sim.rplots[k].file, sim.rplots[k].times[j], m->time(state));
    if (profile && run.method == NRT_FIXED && status == 0) {
        static const char *const names[NRT_PROF_N] = {"events and spikes", "currents and matrix",
                                                      "tree solve and v", "state updates", "recording"};
        double total = 0;
        for (int k = 0; k < NRT_PROF_N; k++)
            total += sim.prof_t[k];
        fprintf(stderr, "%s: profile: %ld steps of %ld compartments in %.4f s: %.2f ns per compartment-step\n",
                prog, steps, m->n_comp, total, steps && m->n_comp ? 1e9 * total / ((double)steps * m->n_comp) : 0.0);
        for (int k = 0; k < NRT_PROF_N; k++)
            fprintf(stderr, "%s:   %-20s %9.4f s  %5.1f%%\n", prog, names[k], sim.prof_t[k],
                    total > 0 ? 100 * sim.prof_t[k] / total : 0.0);
        long rss = peak_rss();
        fprintf(stderr, "%s: memory: state %.1f MB (%.0f bytes per compartment), peak resident %.1f MB (%.0f bytes per "
                        "compartment)\n",
                prog, m->state_size / 1e6, m->n_comp ? (double)m->state_size / m->n_comp : 0.0, rss / 1e6,
                m->n_comp ? (double)rss / m->n_comp : 0.0);
    }
    if (stats && run.method == NRT_CVODE)
        fprintf(stderr,
                "%s: cvode: %ld steps, %ld f evaluations, %ld Newton iterations, %ld convergence failures, "
                "%ld error test failures, %ld restarts (at events and discontinuities); atol %g, rtol %g\n",
                prog, cvs.steps, cvs.f_evals, cvs.newton_iters, cvs.conv_fails, cvs.err_fails, cvs.restarts,
                run.atol, run.rtol);
    else if (stats)
        fprintf(stderr, "%s: fixed step: %ld steps of dt = %g ms\n", prog, steps, run.dt);
    if (sim.exp_overflows)
        fprintf(stderr, "%s: warning: exp(%g) out of range %ld time%s; used exp(700) as NEURON does\n", prog,
                sim.exp_worst, sim.exp_overflows, sim.exp_overflows == 1 ? "" : "s");
    if (sim.kinetic_fails)
        fprintf(stderr, "%s: warning: %s: sparse found no solution %ld time%s (first at t = %.17g ms: a singular "
                "matrix or no convergence in 21 Newton iterations); the run went on from the last iterate, as "
                "NEURON's does\n", prog, sim.kinetic_what, sim.kinetic_fails, sim.kinetic_fails == 1 ? "" : "s",
                sim.kinetic_t);
    if (status == 0 && m->record_spikes && sim.spikes_out.f) {
        if (sim.nspikes) /* (qsort of NULL is undefined, even of 0 items) */
            qsort(sim.spikes, (size_t)sim.nspikes, sizeof(NrtSpike), cmp_spike);
        FILE *f = sim.spikes_out.f;
        fputs("gid,time\n", f);
        for (long i = 0; i < sim.nspikes; i++) {
            fprintf(f, "%d,", sim.spikes[i].gid);
            nrt_put_double(f, sim.spikes[i].t);
            fputc('\n', f);
        }
    }
    if (status == 0) {
        if (write_range_plots(&sim, outdir, err, sizeof err) != 0 ||
            (rank == 0 && nrt_plot_finish(&sim, pa, outdir, err, sizeof err) != 0) ||
            nrt_out_commit(&sim.traces, err, sizeof err) != 0 ||
            nrt_out_commit(&sim.spikes_out, err, sizeof err) != 0 ||
            nrt_out_commit(&sim.state_out, err, sizeof err) != 0) {
            fprintf(stderr, "%s: error: %s\n", prog, err);
            status = 1;
        }
    }
    discard_all(&sim);
    if (status == 0 && !quiet)
        fprintf(stderr, "%s: %ld steps to t = %g ms; wrote %s/traces.csv%s%s%s\n", prog, steps, m->time(state),
                outdir, m->record_spikes ? " and spikes.csv" : "", save_path ? "; saved the state in " : "",
                save_path ? save_path : "");
    nrt_pool_stop(&sim);
    nrt_ival_end(&sim);
    free(sim.mpi_out);
    free(sim.mpi_rows);
    if (m->finish && rank == 0) /* (mpirun: once) */
        m->finish(state);
    free(state);
    nrt_ran123_free_run(&sim);
    free(sim.spikes);
    free_run(&sim);
    free(sim.disc);
    nrt_queue_free(&sim.queue);
    nrt_sparse_free_all(&sim);
    return status;
}
