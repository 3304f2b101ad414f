/* describe.h - `nrncc --describe`: a model summarised as NEURON's
 * ModelView shows it (see describe.c). */
#ifndef NRNCC_DESCRIBE_H
#define NRNCC_DESCRIBE_H

#include <stdio.h>

#include "model.h"

/* Prints the summary of a checked model (after geometry_build) to out:
 * sections and segments, per cell the distinct nseg values with
 * ModelView's dx and d_lambda analysis, the inserted mechanisms with their
 * parameters (one value, or the values and where they hold), point
 * processes, artificial cells and NetCons. */
void describe_model(const Model *m, FILE *out);

#endif
