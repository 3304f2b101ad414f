/* trace_main.c - runs a model nrncc --embed wrote, from its init to its
 * run block's tstop, and prints what the nrncc executable writes: the
 * trace (traces.csv: t and the recorded variables, %.17g), then a line
 * "# spikes" and the spikes (spikes.csv: gid,time in the order of time,
 * then gid).  The same program runs on the host and, through
 * ../shared/embed, on the emulated board.
 *
 *   cc -DMODEL_H='"ring.h"' -DPFX=ring -DPFXU=RING trace_main.c ring.c -lm
 *
 * With -DSET_PARAMS it sets the model's params first, from the file
 * set_params.h on the include path (lines {"w", 0.06},): PFX_setup, the
 * setters, PFX_finitialize, as the executable's `./model w=0.06`; with
 * -DPARAMS_AFTER_INIT too, PFX_init and then the setters, at t = 0.
 *
 * Exit status: 0, or 1 when the run's status is not 0 (printed on stderr),
 * 2 when a param cannot be set. */
#ifdef FW_TARGET
#include "fwio.h"
#define OUT fw_printf
#define ERR fw_eprintf
#else
#include <stdio.h>
#define OUT printf
#define ERR(...) fprintf(stderr, __VA_ARGS__)
#endif

#include MODEL_H

#define CAT2(a, b) a##_##b
#define CAT(a, b) CAT2(a, b)
#define API(name) CAT(PFX, name)
#define MAC(name) CAT(PFXU, name)

typedef API(real) real;

typedef struct Spike {
    real t;
    int gid;
} Spike;

#ifndef MAXSPIKES
#define MAXSPIKES 4096 /* -DMAXSPIKES=N for more */
#endif
static Spike spikes[MAXSPIKES];
static int nspikes;
static API(state) s;

static void take_spikes(void)
{
    int gid;
    real t;
    while (API(spike_pop)(&s, &gid, &t)) {
        if (nspikes == MAXSPIKES)
            continue;
        /* insertion in (t, gid) order; equal keys keep firing order */
        int i = nspikes++;
        while (i > 0 && (spikes[i - 1].t > t || (spikes[i - 1].t == t && spikes[i - 1].gid > gid))) {
            spikes[i] = spikes[i - 1];
            i--;
        }
        spikes[i].t = t;
        spikes[i].gid = gid;
    }
}

static void row(void)
{
    real r[MAC(NRECORD) + 1];
    API(sample)(&s, r);
    for (int i = 0; i <= MAC(NRECORD); i++)
        OUT("%s%.17g", i ? "," : "", (double)r[i]);
    OUT("\n");
}

#ifdef SET_PARAMS
static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}
#endif

int main(void)
{
    OUT("t");
    for (int i = 0; API(record_labels)[i]; i++)
        OUT(",%s", API(record_labels)[i]);
    OUT("\n");
#ifdef SET_PARAMS
    static const struct {
        const char *name;
        double value;
    } set[] = {
#include "set_params.h"
    };
#ifdef PARAMS_AFTER_INIT /* set at t = 0, after finitialize */
    API(init)(&s);
#else
    API(setup)(&s);
#endif
    for (unsigned k = 0; k < sizeof set / sizeof set[0]; k++) {
        int i = 0, rc;
        while (API(param_names)[i] && !streq(API(param_names)[i], set[k].name))
            i++;
        if ((rc = API(set_param)(&s, i, (real)set[k].value)) != 0) {
            ERR("trace_main: param %s: error %d\n", set[k].name, rc);
            return 2;
        }
    }
#ifndef PARAMS_AFTER_INIT
    API(finitialize)(&s, 0);
#endif
#else
    API(init)(&s);
#endif
    row();
    real tstop = API(defaults).tstop;
    int status = API(status)(&s);
    while (!(status & (MAC(UNSTABLE) | MAC(FAILED))) && s.t < tstop - s.dt / 2) {
        status = API(step)(&s);
        row();
        take_spikes();
    }
    take_spikes();
    OUT("# spikes\ngid,time\n");
    for (int i = 0; i < nspikes; i++)
        OUT("%d,%.17g\n", spikes[i].gid, (double)spikes[i].t);
    ERR("trace_main: state %u bytes, at most %d events waited\n", (unsigned)API(state_size)(), s.sim->events_max);
    if (status) {
        ERR("trace_main: status %d (events lost %lu, most waiting %d)\n", status, s.sim->events_lost,
            s.sim->events_max);
        return 1;
    }
    return 0;
}
