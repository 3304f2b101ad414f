/* run.c - the built executable's main: command line, run loop, output.
 *
 *   ./sim [-o DIR] [name=value ...]     run and write DIR/traces.csv (and spikes.csv)
 *   ./sim --help | --version
 *
 * The loop is NEURON's continuerun: steps while t < tstop - dt/2.  After
 * every step the voltages are checked: a NaN or |v| > 1e6 mV stops the
 * run with an error naming the time and the segment; the output files
 * are then removed, never left half written.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nrt.h"
#include "output.h"
#include "queue.h"
#include "simstate.h"

void nrt_abort(NrtSim *sim, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", sim->prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    nrt_out_discard(&sim->traces);
    nrt_out_discard(&sim->spikes_out);
    exit(1);
}

static void out_of_memory(NrtSim *sim, const char *what)
{
    fprintf(stderr, "%s: error: out of memory (%s)\n", sim->prog, what);
    exit(1);
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
    unsigned long long seq;
    if (nrt_queue_push(&sim->queue, &ev, &seq) != 0)
        out_of_memory(sim, "event queue");
    return seq;
}

void nrt_event_cancel(NrtSim *sim, unsigned long long seq)
{
    if (nrt_queue_cancel(&sim->queue, seq) != 0)
        out_of_memory(sim, "event queue");
}

void nrt_deliver(NrtSim *sim, void *state, double tmax)
{
    NrtEvent ev;
    while (nrt_queue_pop_until(&sim->queue, tmax, &ev))
        sim->model->deliver(state, &ev);
}

void nrt_events_clear(NrtSim *sim)
{
    nrt_queue_clear(&sim->queue);
}

void nrt_record(NrtSim *sim, const double *row)
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
    if (sim->exp_overflows++ == 0 || x > sim->exp_worst)
        sim->exp_worst = x;
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
            "\n"
            "Exit status: 0 success, 1 bad value or failed run, 2 bad usage.\n",
            prog, m->name, m->source, m->n_record, m->n_record == 1 ? "" : "s",
            m->record_spikes ? " and DIR/spikes.csv (gid,time)" : "", d->tstop, d->dt, d->v_init, d->celsius,
            d->secondorder, d->seed);
}

/* A finite number; the whole text must be read. */
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

static int set_setting(const char *prog, NrtRun *run, const char *arg)
{
    const char *eq = strchr(arg, '=');
    size_t n = (size_t)(eq - arg);
    const char *val = eq + 1;
    double v;
    static const char *const names[] = {"tstop", "dt", "v_init", "celsius", "secondorder", "seed"};
    int k = -1;
    for (int i = 0; i < 6; i++)
        if (strlen(names[i]) == n && strncmp(arg, names[i], n) == 0)
            k = i;
    if (k < 0) {
        fprintf(stderr, "%s: error: unknown setting '%.*s' (see --help)\n", prog, (int)n, arg);
        return 2;
    }
    if (parse_number(val, &v) != 0)
        return bad(prog, names[k], val, "expected a number");
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
    }
    return 0;
}

static void discard_all(NrtSim *sim)
{
    nrt_out_discard(&sim->traces);
    nrt_out_discard(&sim->spikes_out);
}

/* Seconds on a monotonic clock. */
static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int nrt_main(int argc, char **argv, const NrtModel *m)
{
    const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (m->abi != NRT_ABI_VERSION) {
        fprintf(stderr, "%s: error: built for runtime ABI %d, linked with %d\n", prog, m->abi, NRT_ABI_VERSION);
        return 1;
    }
    NrtRun run = m->defaults;
    const char *outdir = ".";
    int quiet = 0;
    int progress = -1; /* -1: when stderr is a terminal */
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
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: error: '%s' needs a directory\n", prog, a);
                return 2;
            }
            outdir = argv[++i];
        } else if (!strncmp(a, "--output=", 9)) {
            outdir = a + 9;
        } else if (a[0] != '-' && strchr(a, '=')) {
            int rc = set_setting(prog, &run, a);
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

    NrtSim sim;
    memset(&sim, 0, sizeof sim);
    sim.model = m;
    sim.prog = prog;
    sim.ncols = m->n_record + 1;
    char err[4400];
    if (nrt_mkdirs(outdir, err, sizeof err) != 0 ||
        nrt_out_open(&sim.traces, outdir, "traces.csv", err, sizeof err) != 0 ||
        (m->record_spikes && nrt_out_open(&sim.spikes_out, outdir, "spikes.csv", err, sizeof err) != 0)) {
        fprintf(stderr, "%s: error: %s\n", prog, err);
        discard_all(&sim);
        return 1;
    }
    fputs("t", sim.traces.f);
    for (int i = 0; i < m->n_record; i++)
        fprintf(sim.traces.f, ",%s", m->record_labels[i]);
    fputc('\n', sim.traces.f);

    void *state = calloc(1, m->state_size);
    if (!state) {
        fprintf(stderr, "%s: error: out of memory (%zu bytes of state)\n", prog, m->state_size);
        discard_all(&sim);
        return 1;
    }
    m->init(state, &sim, &run);
    long steps = 0;
    int status = 0;
    double v;
    int bad_node = m->unstable(state, &v);
    if (progress < 0)
        progress = isatty(2);
    double t_start = progress ? wall_seconds() : 0, t_shown = 0;
    /* after how many seconds of running the line appears ($NRT_PROGRESS_AFTER, for tests) */
    const char *after_env = getenv("NRT_PROGRESS_AFTER");
    double after = after_env ? atof(after_env) : 2.0;
    while (bad_node < 0 && m->time(state) < run.tstop - run.dt / 2) {
        m->step(state);
        steps++;
        bad_node = m->unstable(state, &v);
        if (progress && (steps & 255) == 0) {
            double now = wall_seconds() - t_start;
            if (now > after && (t_shown == 0 || now - t_shown >= 0.5)) {
                double f = run.tstop > 0 ? m->time(state) / run.tstop : 1;
                fprintf(stderr, "\r%s: t = %.3f of %g ms (%.0f%%), about %.0f s left   ", prog, m->time(state),
                        run.tstop, 100 * f, f > 0 ? now * (1 - f) / f : 0.0);
                t_shown = now;
            }
        }
    }
    if (t_shown > 0)
        fputc('\n', stderr);
    if (bad_node >= 0) {
        fprintf(stderr, "%s: error: the simulation went unstable at t = %.17g ms: v = %g mV at %s%s\n", prog,
                m->time(state), v, m->node_label(bad_node),
                run.dt > 0.001 ? " (try a smaller dt)" : "");
        status = 1;
    }
    if (sim.exp_overflows)
        fprintf(stderr, "%s: warning: exp(%g) out of range %ld time%s; used exp(700) as NEURON does\n", prog,
                sim.exp_worst, sim.exp_overflows, sim.exp_overflows == 1 ? "" : "s");
    if (status == 0 && m->record_spikes) {
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
        if (nrt_out_commit(&sim.traces, err, sizeof err) != 0 ||
            nrt_out_commit(&sim.spikes_out, err, sizeof err) != 0) {
            fprintf(stderr, "%s: error: %s\n", prog, err);
            status = 1;
        }
    }
    discard_all(&sim);
    if (status == 0 && !quiet)
        fprintf(stderr, "%s: %ld steps to t = %g ms; wrote %s/traces.csv%s\n", prog, steps, m->time(state), outdir,
                m->record_spikes ? " and spikes.csv" : "");
    free(state);
    free(sim.spikes);
    nrt_queue_free(&sim.queue);
    nrt_sparse_free_all(&sim);
    return status;
}
