/* api_main.c - the embedding API (nrncc-embed(7)), three models in one
 * program, each with its prefix:
 *   a  examples/netstim_expsyn.nrn       (a NetStim drives syn)
 *   b  tests/embed/deliver.nrn           (the same cell, no NetStim)
 *   c  examples/spike_demo.nrn, --event-capacity 2 --spike-capacity 1
 * Checks: b driven through b_deliver with a's NetStim spikes (a_spike_pop,
 * plus the NetCon's 1 ms) has a's trace to the last bit; setters,
 * finitialize and init; a full queue and a full spike buffer; the sizes.
 * Prints one line per check and "api: N passed, M failed"; exit 1 on a
 * failure.  Runs on the host and on the board (fwio.h). */
#ifdef FW_TARGET
#include "fwio.h"
#define OUT fw_printf
#define ERR fw_eprintf
#else
#include <stdio.h>
#define OUT printf
#define ERR(...) fprintf(stderr, __VA_ARGS__)
#endif

#include "a.h"
#include "b.h"
#include "c.h"

static a_state sa;
static b_state sb;
static c_state sc;
static int passed, failed;

static void check(int ok, const char *what)
{
    OUT("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (ok)
        passed++;
    else
        failed++;
}

/* the largest v of spike_demo over a run to t (mV) */
static double peak_until(c_state *s, double t)
{
    double vmax = -1e9, row[C_NRECORD + 1];
    while (c_time(s) < t - s->dt / 2) {
        c_step(s);
        c_sample(s, row);
        if (row[1] > vmax)
            vmax = row[1];
    }
    return vmax;
}

int main(void)
{
    /* 1. spikes out of a, into b */
    a_init(&sa);
    b_init(&sb);
    double ra[A_NRECORD + 1], rb[B_NRECORD + 1];
    int same = A_NRECORD == 3 && B_NRECORD == 3, rows = 0, delivered = 0, soma_spikes = 0;
    a_sample(&sa, ra);
    b_sample(&sb, rb);
    for (int k = 0; k <= 3 && same; k++)
        same = ra[k] == rb[k];
    while (same && sa.t < a_defaults.tstop - sa.dt / 2) {
        a_step(&sa);
        int gid;
        double t;
        while (a_spike_pop(&sa, &gid, &t)) {
            if (gid == 0) /* the NetStim: its NetCon has delay 1 ms and weight 0.02 uS */
                delivered += b_deliver(&sb, B_IN_syn, 0.02, t + 1.0) == 0;
            else
                soma_spikes++;
        }
        b_step(&sb);
        a_sample(&sa, ra);
        b_sample(&sb, rb);
        for (int k = 0; k <= 3; k++)
            same = same && ra[k] == rb[k];
        rows++;
    }
    OUT("     %d rows, %d NetStim spikes delivered, %d soma spikes\n", rows, delivered, soma_spikes);
    check(same && rows == 4000 && delivered == 5, "b driven by b_deliver has a's trace, bit for bit");
    check(a_status(&sa) == 0 && b_status(&sb) == 0, "status 0 after both runs");
    check(b_get_syn_g(&sb) == sb.ExpSyn_g[0] && a_get_soma_0_5_v(&sa) == sa.v[1], "getters read the state");
    check(b_deliver(&sb, B_NINPUT, 1.0, 0.0) == -1 && b_deliver(&sb, -1, 1.0, 0.0) == -1,
          "b_deliver refuses an input that does not exist");

    /* 2. setters, finitialize, init */
    c_init(&sc);
    double peak = peak_until(&sc, 10.0);
    check(peak > 30.0, "spike_demo spikes with the model's stim.amp (1 nA)");
    c_set_stim_amp(&sc, 0.0);
    c_finitialize(&sc, 0);
    check(peak_until(&sc, 10.0) < -60.0, "c_set_stim_amp(0) then c_finitialize: no spike");
    c_init(&sc);
    check(peak_until(&sc, 10.0) == peak, "c_init restores the model file's stim.amp: the same peak");
    c_settings run = c_defaults;
    run.dt = 0.0125;
    c_init_with(&sc, &run);
    peak_until(&sc, 1.0);
    check(sc.dt == 0.0125 && c_time(&sc) > 0.99 && c_time(&sc) < 1.0, "c_init_with: another dt");

    /* 3. full queue, full spike buffer (capacities 2 and 1 for c) */
    c_init(&sc);
    int q0 = c_deliver(&sc, 0, 1.0, 1.0);
    check(q0 == -1 && C_NINPUT == 0, "spike_demo has no inputs");
    check(C_EVENT_CAPACITY == 2 && C_SPIKE_CAPACITY == 1, "--event-capacity 2, --spike-capacity 1");
    a_init(&sa);
    int lost = 0, room = A_EVENT_CAPACITY - sa.sim->nev; /* the NetStim's first event waits */
    for (int k = 0; k < room + 3; k++)
        lost += a_deliver(&sa, A_IN_syn, 0.001, 50.0 + k) != 0;
    check(lost == 3 && (a_status(&sa) & A_EVENTS_LOST) && sa.sim->events_lost == 3 &&
              sa.sim->events_max == A_EVENT_CAPACITY,
          "a full queue drops the event: -1, A_EVENTS_LOST, events_lost counts");
    check(a_run_until(&sa, 20.0) & A_EVENTS_LOST, "the status stays until the next init");
    a_init(&sa);
    check(a_status(&sa) == 0, "a_init clears it");
    b_settings fast = b_defaults;
    b_init_with(&sb, &fast);
    for (int k = 0; k < 3; k++) /* three inputs as a's NetStim's: three soma spikes */
        b_deliver(&sb, B_IN_syn, 0.02, 5.0 + 20.0 * k);
    b_run_until(&sb, 80.0);
    int n = 0, gid;
    double t, last = -1;
    while (b_spike_pop(&sb, &gid, &t)) {
        n += gid == 0 && t > last;
        last = t;
    }
    check(n == 3 && b_status(&sb) == 0, "b_spike_pop gives the spikes in order");

    /* 4. sizes */
    check(a_state_size() == sizeof(a_state) && c_state_size() == sizeof(c_state), "state_size is sizeof");
    ERR("api: state sizes: a %u, b %u, c %u bytes\n", (unsigned)a_state_size(), (unsigned)b_state_size(),
        (unsigned)c_state_size());
    OUT("api: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
