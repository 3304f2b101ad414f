/* spaceplot.h - the points of `record range` plots (see spaceplot.c). */
#ifndef NRNCC_SPACEPLOT_H
#define NRNCC_SPACEPLOT_H

#include "model.h"

/* One plotted point: its distance along the path (um, single precision
 * as NEURON's RangeVarPlot keeps it) and the node whose value it shows,
 * or -1 for the value 0. */
typedef struct PlotPoint {
    double x;
    int node;
} PlotPoint;

/* The points of plot rp in NEURON's order, from its begin to its end;
 * *out is a heap array the caller frees.  Returns the count. */
int spaceplot_points(const Model *m, const RangePlot *rp, PlotPoint **out);

#endif
