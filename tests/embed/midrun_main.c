/* midrun_main.c - tests/embed/midrun.nrn with its params changed during
 * the run: PFX_init, PFX_run_until(30 ms), then every param set
 * (PFX_set_param), PFX_run_until(tstop).  Prints the trace (t and the
 * recorded variables, %.17g, a row at init and after every step), then
 * "# spikes" and the spikes (gid,time).  Exit status 1 when a setter fails.
 *
 *   cc midrun_main.c midrun.c -lm */
#include <stdio.h>

#include "midrun.h"

static midrun_state s;

static void rows_until(double t)
{
    double r[MIDRUN_NRECORD + 1];
    while (s.t < t - s.dt / 2) {
        midrun_step(&s);
        midrun_sample(&s, r);
        for (int i = 0; i <= MIDRUN_NRECORD; i++)
            printf("%s%.17g", i ? "," : "", r[i]);
        printf("\n");
    }
}

int main(void)
{
    double r[MIDRUN_NRECORD + 1], t;
    int gid, n = 0, sg[64];
    double st[64];
    midrun_init(&s);
    printf("t");
    for (int i = 0; midrun_record_labels[i]; i++)
        printf(",%s", midrun_record_labels[i]);
    printf("\n");
    midrun_sample(&s, r);
    for (int i = 0; i <= MIDRUN_NRECORD; i++)
        printf("%s%.17g", i ? "," : "", r[i]);
    printf("\n");
    rows_until(30.0);
    while (midrun_spike_pop(&s, &gid, &t) && n < 64)
        sg[n] = gid, st[n++] = t;
    if (midrun_set_param_gna(&s, 0.08) || midrun_set_param_tau(&s, 2.5) || midrun_set_param_w(&s, 0.035) ||
        midrun_set_param_d(&s, 3.0) || midrun_set_param_thr(&s, -20.0))
        return 1;
    rows_until(midrun_defaults.tstop);
    while (midrun_spike_pop(&s, &gid, &t) && n < 64)
        sg[n] = gid, st[n++] = t;
    printf("# spikes\ngid,time\n");
    for (int i = 0; i < n; i++)
        printf("%d,%.17g\n", sg[i], st[i]);
    return midrun_status(&s) != 0;
}
