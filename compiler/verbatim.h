/* verbatim.h - NMODL VERBATIM blocks: C passed through, with the names
 * nocmodl would have given it translated to the generated code's.
 *
 * The text is scanned as C tokens (comments, string and character
 * literals, numbers and preprocessor lines are copied as they are); each
 * identifier that is not a member name (after '.' or '->') goes to the
 * caller's resolver, which keeps it, replaces it, or names it a function
 * of the mechanism (then the call gets the generated code's leading
 * arguments, as nocmodl's _threadargscomma_ gives NEURON's).  NEURON's
 * internals (hoc_*, nrn_*, _p, _ppvar, vector_*, ifarg, ...) and headers
 * other than the standard C library's, a few POSIX ones and those beside
 * the .mod file (whose text goes in place, translated the same way) are
 * errors naming them.  The output
 * starts with a #line directive pointing at the .mod file, so that the C
 * compiler's messages about the code point there too; a line
 * VERBATIM_LINE_RESET follows it, for emit.c to renumber.
 *
 * A hand scanner rather than libclang: it needs the tokens only, and
 * nrncc builds where libclang is absent.
 */
#ifndef NRNCC_VERBATIM_H
#define NRNCC_VERBATIM_H

#include <stdbool.h>

#include "diag.h"
#include "util.h"

typedef enum VerbKind {
    VERB_KEEP,    /* leave the identifier as it is */
    VERB_REPLACE, /* replace it by text */
    VERB_CALL,    /* a function of the mechanism: text is its C name */
    VERB_ERROR,   /* text is the message (the resolver has not reported it) */
} VerbKind;

typedef struct VerbName {
    VerbKind kind;
    const char *text;
} VerbName;

typedef VerbName (*VerbResolve)(void *ud, const char *ident);

/* The marker line that emit.c turns into `#line N "FILE.c"`. */
#define VERBATIM_LINE_RESET "#line 0 \"@nrncc-reset\""

/* Translates VERBATIM text (what follows the keyword at loc, up to
 * ENDVERBATIM) into out.  threadargs is what stands for nocmodl's
 * _threadargs_ ("m, i, vm"), protoargs for _threadargsproto_ (or NULL
 * when there are none in this place).  ret says what C 'return' becomes:
 * NULL: an error (a block whose C is not a function of its own); "":
 * kept (a file-level block, a FUNCTION or PROCEDURE); a label L: the
 * block's code is a function's whole body in nocmodl's C but inline in
 * ours, so `return;` becomes `goto L;` (and `return X;` becomes
 * `{ (void)(X); goto L; }`: NEURON's C compiler warns about nocmodl's void
 * function returning a value, evaluates X and drops it).  Returns false after
 * reporting errors to d. */
bool verbatim_translate(Diag *d, SrcLoc loc, const char *text, VerbResolve resolve, void *ud,
                        const char *threadargs, const char *protoargs, const char *ret, StrBuf *out);

/* Replaces every VERBATIM_LINE_RESET line of the C text in b by the
 * #line directive that restores b's own numbering under the name cname. */
void verbatim_fix_lines(StrBuf *b, const char *cname);

/* True when the C text declares a variable name (double name; int k,
 * name = 0; ...): a VERBATIM local that the block's NMODL statements
 * may use, as nocmodl lets them. */
bool verbatim_declares(const char *text, const char *name);

#endif
