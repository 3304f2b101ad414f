/* positions.h - reading the cells' positions of a population from a file
 * (`population p = T[N] { positions = "FILE" }`, nrn(5)).
 *
 * The format: one cell per line, x, y and z in um separated by commas or
 * blanks; blank lines and lines starting with '#' are skipped; the first
 * other line may instead be the header `x,y,z`.  Exactly n cells.
 */
#ifndef NRNCC_POSITIONS_H
#define NRNCC_POSITIONS_H

#include <stdbool.h>

#include "diag.h"
#include "util.h"

/* Fills pos[0 .. 3n) from the file at path (errors at their line and
 * column in it, or at from when it cannot be read); false after an
 * error. */
bool positions_read(Arena *arena, Diag *diag, const char *path, SrcLoc from, int n, double *pos);

#endif
