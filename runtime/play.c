/* play.c - the interpolation of a continuous play (NEURON's
 * Vector.play(&var, tvec, 1)), in NEURON's order of operations so that
 * the played values are NEURON's to the bit (see nrt.h).
 *
 * The generated code keeps, per play, the upper bound `ubound` (advanced
 * by the play's own events, one at each time of the series) and the
 * interval `last` of the previous call.  A time at or past t[ubound]
 * extrapolates the interval ending at ubound; a time at or before t[0]
 * gives y[0]; otherwise the interval holding the time is searched from
 * `last`. */
#include "nrt.h"

double nrt_play_interp(const double *t, const double *y, int ubound, int *last, double tt)
{
    int k;
    if (tt >= t[ubound]) {
        k = ubound;
        if (k == 0) {
            *last = 0;
            return y[0];
        }
    } else if (tt <= t[0]) {
        *last = 0;
        return y[0];
    } else {
        k = *last;
        while (tt < t[k])
            k--;
        while (tt >= t[k])
            k++;
    }
    *last = k;
    double x0 = y[k - 1], x1 = y[k], t0 = t[k - 1], t1 = t[k];
    if (t0 == t1)
        return (x0 + x1) / 2.0;
    double theta = (tt - t0) / (t1 - t0);
    return x0 + (x1 - x0) * theta;
}
