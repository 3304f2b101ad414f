/* vecstim.h - the spike-time files of a VecStim (`times = "FILE"`, see
 * vecstim.c and nrn(5)). */
#ifndef NRNCC_VECSTIM_H
#define NRNCC_VECSTIM_H

#include <stdbool.h>

#include "diag.h"
#include "util.h"

/* Reads the spike times (ms, finite, >= 0, not decreasing) of the file at
 * path into *t (arena) and *n.  Errors go to diag at their line and column
 * in the file, or at `from` (the statement) when the file cannot be read;
 * returns false when there were any. */
bool vecstim_read(Arena *arena, Diag *diag, const char *path, SrcLoc from, double **t, int *n);

/* Checks times given in the model file (from: the place of each, for
 * messages): the same rules as a file's.  False after an error. */
bool vecstim_check_times(Diag *diag, const double *t, const SrcLoc *from, int n);

/* NEURON's times for a VecStim's times e[0..n-1]: nocmodl writes
 * net_send(etime - t, 1) as the event time t + etime - t, so the spikes
 * are d[0] = e[0] (t is 0 at initialization) and d[k] = (d[k-1] + e[k])
 * - d[k-1], in double arithmetic.  The values x[k] that make the
 * generated code's t + (x[k] - t) equal d[k] (with t = d[k-1]) go to x:
 * d[k] itself or a double a few units in the last place from it.  False
 * when there is none (the caller reports it). */
bool vecstim_schedule(const double *e, int n, double *d, double *x, int *bad);

#endif
