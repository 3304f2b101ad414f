/* mechinfo.h - a checked mechanism described in plain text: its kind,
 * ions (what it reads and writes), currents, parameters with defaults and
 * units, assigned variables, states, solves, functions and NET_RECEIVE.
 * Used by `nrncc --check file.mod`. */
#ifndef NRNCC_MECHINFO_H
#define NRNCC_MECHINFO_H

#include <stdio.h>

#include "mech.h"

void mech_describe(const Mech *m, FILE *out);

#endif
