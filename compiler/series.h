/* series.h - the (t, value) CSV files of `play "FILE" into ...` (see series.c). */
#ifndef NRNCC_SERIES_H
#define NRNCC_SERIES_H

#include <stdbool.h>

#include "diag.h"
#include "units.h"
#include "util.h"

/* A time series: n times (ms, not decreasing) and values. */
typedef struct Series {
    double *t, *y;
    int n;
} Series;

/* Reads the CSV file at path into *out (arrays in arena).  Values are
 * converted to yunit when the header gives their unit (which must then
 * have yunit's dimension; yunit_known false: the target's unit is not
 * known, a written unit is an error).  Errors go to diag at their line
 * and column in the file, or at `from` (the play statement) when the file
 * cannot be read; returns false when there were any. */
bool series_read(Arena *arena, Diag *diag, const char *path, SrcLoc from, Unit yunit, bool yunit_known,
                 Series *out);

#endif
