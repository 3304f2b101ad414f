/* params_main.c - the params' setters and getters of an embedded
 * models/ring.nrn (prefix ring): their indices, names and units, the
 * error codes (nothing changes after an error), and what a change does in
 * a run.  Prints one line per check, "ok ..." or "FAIL ..."; exit status
 * the number of failures.
 *
 *   cc params_main.c ring.c -lm */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ring.h"

static ring_state s, r;
static int nfail;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok" : "FAIL", what);
    nfail += !ok;
}

/* the spikes of a run to tstop, counted */
static int spikes(ring_state *x, double tstop)
{
    int n = 0, gid;
    double t;
    while (x->t < tstop - x->dt / 2) {
        ring_step(x);
        while (ring_spike_pop(x, &gid, &t))
            n++;
    }
    return n;
}

/* steps until cell 2 has fired */
static void after_gid2(ring_state *x)
{
    int gid = -1;
    double t;
    while (gid != 2 && x->t < 100.0) {
        ring_step(x);
        while (ring_spike_pop(x, &gid, &t) && gid != 2)
            ;
    }
}

/* the times of cells 3 and 4's first spikes */
static void spike_times(ring_state *x, double *t3, double *t4)
{
    int gid;
    double t;
    *t3 = *t4 = -1.0;
    while (x->t < 100.0 - x->dt / 2 && *t4 < 0) {
        ring_step(x);
        while (ring_spike_pop(x, &gid, &t)) {
            if (gid == 3 && *t3 < 0)
                *t3 = t;
            if (gid == 4 && *t4 < 0)
                *t4 = t;
        }
    }
}

int main(void)
{
    check(RING_NPARAM == 2 && RING_PARAM_w == 0 && RING_PARAM_d == 1, "two params, w then d");
    check(!strcmp(ring_param_names[0], "w") && !strcmp(ring_param_names[1], "d") && !ring_param_names[2],
          "ring_param_names");
    check(!strcmp(ring_param_units[0], "uS") && !strcmp(ring_param_units[1], "ms"), "ring_param_units");
    ring_setup(&s);
    check(ring_get_param_w(&s) == 0.05 && ring_get_param(&s, RING_PARAM_d) == 5.0, "the model file's values");
    check(ring_set_param_w(&s, 0.07) == 0 && ring_get_param_w(&s) == 0.07, "set w, get it back");
    check(ring_set_param(&s, 2, 1.0) == -1 && ring_set_param(&s, -1, 1.0) == -1 && ring_get_param(&s, 2) == 0.0,
          "no such param: -1");
    check(ring_set_param_w(&s, NAN) == -2 && ring_set_param_d(&s, INFINITY) == -2 &&
              ring_set_param_d(&s, -INFINITY) == -2 && ring_get_param_w(&s) == 0.07 && ring_get_param_d(&s) == 5.0,
          "NaN or infinite: -2, nothing changed");
    check(ring_set_param_d(&s, -0.5) == -3 && ring_get_param_d(&s) == 5.0, "a negative delay: -3, nothing changed");
    check(ring_set_param_d(&s, 0.0) == 0 && ring_set_param_d(&s, 5.0) == 0, "delay 0 is allowed");
    /* after the errors, the run is the one of w = 0.07 set without them */
    ring_finitialize(&s, 0);
    ring_setup(&r);
    ring_set_param_w(&r, 0.07);
    ring_finitialize(&r, 0);
    int ns = spikes(&s, 100.0), nr = spikes(&r, 100.0);
    check(ns == nr && ns > 0 && !memcmp(s.v, r.v, sizeof s.v), "the errors changed nothing: the runs are equal");
    /* init sets the model file's values again; finitialize keeps the setters' */
    ring_init(&s);
    check(ring_get_param_w(&s) == 0.05, "ring_init: the model file's w again");
    ring_set_param_w(&s, 0.0);
    ring_finitialize(&s, 0);
    check(ring_get_param_w(&s) == 0.0 && spikes(&s, 100.0) == 2,
          "w = 0 kept by finitialize: the NetStim and cell 0 fire, no other cell");
    /* during a run: each change right after cell 2 fires, its event to cell 3 waiting */
    double t3, t4, d3, d4;
    ring_init(&r);
    spike_times(&r, &t3, &t4);
    ring_init(&s);
    after_gid2(&s);
    ring_set_param_w(&s, 0.0);
    check(spikes(&s, 100.0) == 0, "w = 0 after cell 2 fires: cell 3 does not (the weight is read at delivery)");
    ring_init(&s);
    after_gid2(&s);
    ring_set_param_d(&s, 10.0);
    spike_times(&s, &d3, &d4);
    printf("  (cell 3 at %.4f, cell 4 at %.4f ms; with d = 5 ms: %.4f, %.4f)\n", d3, d4, t3, t4);
    check(d3 == t3 && fabs((d4 - d3) - (t4 - t3) - 5.0) < 0.0126,
          "d = 10 ms after cell 2 fires: cell 3 fires as before (its event was sent), cell 4 5 ms later");
    return nfail;
}
