/* sym.h - a small symbolic-expression module over NMODL expression trees:
 * dependence, substitution, simplification and differentiation.
 *
 * Used to lower SOLVE methods (cnexp's s' = A + B*s form) and, later,
 * Jacobians of derivimplicit and kinetic schemes.  New nodes come from
 * the arena; input trees are never modified.  Simplification only folds
 * what evaluates to the same double at run time (number op number, and
 * the identities x+0, x*1, x*0, 0/x, x/1, --x), so that generated code
 * keeps NEURON's order of operations.
 */
#ifndef NRNCC_SYM_H
#define NRNCC_SYM_H

#include <stdbool.h>

#include "nmodl_ast.h"

/* True when e mentions the variable `var` (not counting calls' bodies). */
bool sym_depends(const MNode *e, const char *var);

/* e with every occurrence of `var` replaced by `val` (shared, not copied). */
MNode *sym_subst(Arena *a, MNode *e, const char *var, MNode *val);

/* e simplified (see above). */
MNode *sym_simplify(Arena *a, MNode *e);

/* d e / d var, simplified; NULL when e contains something that cannot be
 * differentiated symbolically with respect to var (a call of a user
 * function or a comparison whose arguments depend on var). */
MNode *sym_diff(Arena *a, MNode *e, const char *var);

/* Number node with value x. */
MNode *sym_num(Arena *a, double x, SrcLoc loc);

/* True when e is a number equal to x. */
bool sym_is_num(const MNode *e, double x);

/* Prints e as NMODL text (for tests and messages). */
void sym_print(const MNode *e, StrBuf *out);

#endif
