/* diag.h - user diagnostics: "file:line:col: error: message", the source
 * line and a caret under the place, optional "note:" lines.
 *
 * Errors are counted in a Diag context; after DIAG_MAX_ERRORS the rest
 * are suppressed (one line says so).  Internal bugs do not come here: they
 * go to die() (util.h).  Leaves to callers: deciding when to stop.
 */
#ifndef NRNCC_DIAG_H
#define NRNCC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"

#define DIAG_MAX_ERRORS 20

/* A source file held in memory for the whole compilation. */
typedef struct SrcFile {
    const char *path;   /* as given (used in messages) */
    const char *text;   /* NUL-terminated contents */
    size_t len;
} SrcFile;

/* A place in a source file; line and col count from 1 (col in bytes). */
typedef struct SrcLoc {
    const SrcFile *file;
    int line, col;
} SrcLoc;

static inline bool srcloc_eq(SrcLoc a, SrcLoc b)
{
    return a.file == b.file && a.line == b.line && a.col == b.col;
}

typedef struct Diag {
    FILE *out;          /* where messages go (stderr) */
    int nerrors, nwarnings;
    bool suppressed;    /* the "too many errors" line was printed */
    /* the last error or warning printed, so that one made again at the same
     * place (code lowered twice, for the fixed step and for CVODE) prints once */
    SrcLoc last_loc;
    const char *last_kind;
    char last[1024];
    bool last_repeated; /* it was a repeat: its notes are dropped too */
} Diag;

void diag_init(Diag *d, FILE *out);
/* An error at loc (loc.file may be NULL for errors with no place). */
void diag_error(Diag *d, SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(Diag *d, SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A note attached to the previous error or warning. */
void diag_note(Diag *d, SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_verror(Diag *d, SrcLoc loc, const char *fmt, va_list ap);

/* An error with no source place: "nrncc: error: ...". */
void diag_plain_error(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
