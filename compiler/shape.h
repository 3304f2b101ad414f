/* shape.h - the drawing of the cells for shape plots (see shape.c). */
#ifndef NRNCC_SHAPE_H
#define NRNCC_SHAPE_H

#include <stddef.h>

#include "model.h"
#include "util.h"

/* The time part of a shape plot's file name: "2ms", "0p025ms" (the
 * shortest decimal that reads back as t, '.' written 'p').  The runtime's
 * plot.c follows the same rule for --plot-shape. */
const char *shape_time_name(char *buf, size_t n, double t);

/* Makes sure the model has a shape plot of v to sample (a hidden one, no
 * times, when the model has none): the executable's --plot-shape v@T
 * samples with it. */
void shape_add_v(Model *m);

/* Writes the drawing (static const NrtShape shape_desc): each section's
 * x-y points with diameter and arc, NEURON's define_shape layout for the
 * sections without 3-D points, identical point lists written once. */
void shape_emit(const Model *m, StrBuf *o);

#endif
