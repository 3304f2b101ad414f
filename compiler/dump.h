/* dump.h - `nrncc --dump-after=PASS FILE.mod`: one mechanism as a pass of
 * the compiler leaves it, printed as deterministic text for mechanism
 * authors and for tests (one golden file per pass).
 *
 * The passes, in pipeline order (nrncc(1) documents each format):
 *   parse    the syntax tree printed back as canonical NMODL
 *   check    the checked mechanism: variables, ions, currents, blocks
 *   solve    DERIVATIVE, LINEAR and NONLINEAR blocks as they are lowered
 *   kinetic  KINETIC blocks as the sparse method's systems
 *   c        the mechanism's generated C (its fields and kernels)
 */
#ifndef NRNCC_DUMP_H
#define NRNCC_DUMP_H

#include <stdio.h>

#include "mech.h"
#include "model.h"
#include "nmodl_ast.h"
#include "util.h"

typedef enum DumpPass { DUMP_PARSE, DUMP_CHECK, DUMP_SOLVE, DUMP_KINETIC, DUMP_C, DUMP_NPASSES } DumpPass;

/* The pass called name, or -1 when there is none. */
int dump_pass_named(const char *name);

/* The pass names in order, separated by ", " (for messages and --help). */
const char *dump_pass_names(void);

/* Prints mechanism mech after pass to out.  Needs the whole pipeline
 * done without errors: model is the smallest model that uses mech (as
 * nrncc --check builds it) and mech its mechanism there; path is the .mod
 * file's name as the user gave it (printed instead of the absolute one).
 * Reads mech and model, changes neither; allocates from model's arena. */
void dump_mechanism(DumpPass pass, Model *model, Mech *mech, const char *path, FILE *out);

/* The tree of a .mod file as canonical NMODL (the parse pass): one
 * statement a line, indented by 4, spaces normalised, comments dropped,
 * INCLUDEs expanded, parentheses where written or where precedence
 * needs them.  It parses again to the same tree and the same text. */
void dump_nmodl(const ModFile *mod, StrBuf *out);

/* An NMODL expression as text, with parentheses where written or where
 * precedence needs them. */
void dump_expr(const MNode *e, StrBuf *out);

#endif
