/* nmodl_parse.h - parsing an NMODL file (.mod) into a ModFile.
 *
 * grammar/nmodl.l scans, grammar/nmodl.y parses and builds MNode trees;
 * syntax errors go to the Diag with file:line:col and what was expected.
 */
#ifndef NRNCC_NMODL_PARSE_H
#define NRNCC_NMODL_PARSE_H

#include <stdbool.h>

#include "diag.h"
#include "nmodl_ast.h"
#include "util.h"

/* Scanner state (the flex "extra" data). */
typedef struct MLexState {
    Arena *arena;
    Diag *diag;
    const SrcFile *src;
    int line, col;
    size_t pos;                  /* byte offset of the scanner */
    int react, bracket;          /* inside a reaction's reactant lists */
    int start_line, start_col;   /* where a COMMENT/VERBATIM began */
    StrBuf verb;                 /* VERBATIM text being collected */
    /* INCLUDE: the files being read, outermost first (where to go back) */
#define MLEX_MAX_INCLUDE 16
    struct {
        void *buf;               /* the including file's flex buffer */
        const SrcFile *src;
        int line, col;
        size_t pos;
    } inc[MLEX_MAX_INCLUDE];
    int ninc;
    /* names in the order of first appearance, and a hash set over them */
    VEC(const char *) names;
    int *slots;                  /* index + 1 into names, 0 empty */
    int nslots;
} MLexState;

/* Notes a name the scanner met (grammar/nmodl.l). */
void nmodl_lex_note_name(MLexState *lx, const char *name);

typedef struct MParser {
    MLexState lex;
    void *scanner;
    ModFile *out;
} MParser;

/* Parses src into *out (nodes in arena).  Returns true when there was no
 * syntax error; errors are reported to diag. */
bool nmodl_parse_file(Arena *arena, Diag *diag, const SrcFile *src, ModFile *out);

/* Scanner entry points (grammar/nmodl.l). */
int nmodl_yylex_init_extra(MLexState *extra, void **scanner);
int nmodl_yylex_destroy(void *scanner);
void nmodl_scan_setup(const char *text, size_t len, void *scanner);

#endif
