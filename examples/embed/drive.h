/* drive.h - what both programs do with the model, written once: every
 * millisecond a "sensor" value (a triangle wave, in integers: no libm
 * needed here) is turned into input spikes by integrate-and-fire rate
 * coding and delivered to the synapse; a small bias current follows the
 * sensor too; the cell's spikes are counted per 10 ms and reported.  The
 * sodium conductance, a param of the model, is set before the run.
 *
 * The including program defines report(t_ms, sensor, v, spikes) and keeps
 * a cell_state; nothing here allocates or prints. */
#ifndef DRIVE_H
#define DRIVE_H

#include "cell.h"

static void report(double t, int sensor, double v, int spikes);

/* the sodium conductance both programs run with (the model file says 0.12) */
#define GNA_DEFAULT 0.1

/* the sensor at millisecond k: 0 .. 1000, a triangle of period 100 ms */
static int sensor_at(int k)
{
    int phase = k % 100;
    return phase < 50 ? 20 * phase : 20 * (100 - phase);
}

/* Runs the model for ms milliseconds with the sodium conductance gna
 * (S/cm2, the model's param gna); 1 for a bad value. */
static int drive(cell_state *s, int ms, double gna)
{
    int acc = 0, spikes = 0, gid;
    double t;
    cell_setup(s);                          /* the model file's values */
    if (cell_set_param_gna(s, gna) != 0)    /* -2: not a finite number */
        return 1;
    cell_finitialize(s, 0);                 /* t = 0, v = v_init, INITIAL blocks */
    for (int k = 0; k < ms; k++) {
        int sensor = sensor_at(k);
        /* rate code: one input spike each time the sum passes 4000 (up to 250 Hz) */
        acc += sensor;
        if (acc >= 4000) {
            acc -= 4000;
            cell_deliver(s, CELL_IN_syn, 0.006, k + 0.5); /* uS, at the middle of the ms */
        }
        cell_set_bias_amp(s, 0.00005 * sensor); /* nA */
        cell_run_until(s, k + 1.0);
        while (cell_spike_pop(s, &gid, &t))
            spikes++;
        if ((k + 1) % 10 == 0) {
            report(cell_time(s), sensor, cell_get_soma_0_5_v(s), spikes);
            spikes = 0;
        }
    }
    return 0;
}

#endif
