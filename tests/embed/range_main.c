/* range_main.c - the space plots (record range) of a model nrncc --embed
 * wrote, sampled as the executable samples them: at init and after each
 * step, every plot time T that t has reached (t >= T - dt/2) not yet
 * taken.  Prints, for each plot, a line "# NAME" and then what the
 * executable writes to range_NAME.csv (x, then a column per time; %.17g).
 * The same program runs on the host and, through ../shared/embed, on the
 * emulated board.
 *
 *   cc -DMODEL_H='"m.h"' -DPFX=m -DPFXU=M range_main.c m.c -lm */
#ifdef FW_TARGET
#include "fwio.h"
#define OUT fw_printf
#else
#include <stdio.h>
#define OUT printf
#endif

#include MODEL_H

#define CAT2(a, b) a##_##b
#define CAT(a, b) CAT2(a, b)
#define API(name) CAT(PFX, name)
#define MAC(name) CAT(PFXU, name)

typedef API(real) real;

#ifndef MAXTIMES
#define MAXTIMES 8
#endif
static API(state) s;
static real vals[MAC(NRANGE) + 1][MAXTIMES][MAC(RANGE_MAXPOINTS)];
static int taken[MAC(NRANGE) + 1][MAXTIMES];

static void sample(void)
{
    for (int k = 0; k < MAC(NRANGE); k++)
        for (int j = 0; j < API(range_ntimes)[k] && j < MAXTIMES; j++)
            if (!taken[k][j] && !(s.t < API(range_times)[k][j] - s.dt / 2)) {
                API(range_sample)(&s, k, vals[k][j]);
                taken[k][j] = 1;
            }
}

int main(void)
{
    API(init)(&s);
    real tstop = API(defaults).tstop;
    sample();
    while (s.t < tstop - s.dt / 2) {
        if (API(step)(&s) & (MAC(UNSTABLE) | MAC(FAILED)))
            return 1;
        sample();
    }
    for (int k = 0; k < MAC(NRANGE); k++) {
        int nt = API(range_ntimes)[k];
        OUT("# %d\nx", k);
        for (int j = 0; j < nt && j < MAXTIMES; j++)
            if (taken[k][j]) {
                if (nt == 1)
                    OUT(",%s", API(range_vars)[k]);
                else
                    OUT(",%s@%.17g", API(range_vars)[k], (double)API(range_times)[k][j]);
            }
        OUT("\n");
        for (int i = 0; i < API(range_npoints)[k]; i++) {
            OUT("%.17g", (double)API(range_x)[k][i]);
            for (int j = 0; j < nt && j < MAXTIMES; j++)
                if (taken[k][j])
                    OUT(",%.17g", (double)vals[k][j][i]);
            OUT("\n");
        }
    }
    return 0;
}
