/* plot.h - the executable's pictures (see plot.c). */
#ifndef NRT_PLOT_H
#define NRT_PLOT_H

#include <stddef.h>

#include "nrt.h"

/* The command line's plot requests: --plot-shape VAR@T (as space plots
 * sampled by the model's shape plot of VAR) and --html. */
typedef struct NrtPlotArgs {
    int n;
    NrtRangePlot *plots;
    double *times;
    char (*files)[96];
    const char **values;          /* as written, for messages */
    int html;
} NrtPlotArgs;

/* Reads the plot options of argv into *pa (the rest is main_run's);
 * returns 0, or the exit status after an error message (1 a bad value,
 * 2 a missing one).  nrt_plot_args_free releases *pa in every case. */
int nrt_plot_args(const NrtModel *m, const char *prog, int argc, char **argv, NrtPlotArgs *pa);
void nrt_plot_args_free(NrtPlotArgs *pa);

/* Writes DIR/<rp->file>: the cells coloured by vals (one per segment). */
int nrt_plot_shape(NrtSim *sim, const NrtRangePlot *rp, const double *vals, const char *outdir, char *err,
                   size_t errlen);

/* At the end of a run, before its traces.csv is renamed into place:
 * DIR/traces.svg from its rows when asked for (`plot traces`, --html),
 * then DIR/plots.html with every picture of the run when --html. */
int nrt_plot_finish(NrtSim *sim, const NrtPlotArgs *pa, const char *outdir, char *err, size_t errlen);

#endif
