/* nrn_parse.h - parsing a model file (.nrn) into an NrnFile.
 *
 * The flex scanner (grammar/nrn.l) makes raw tokens; a small filter
 * (nrn_lexer.c) merges the unit words after a number into that number
 * (`100 ohm cm`, `0.12 S/cm2`) so that statements need no separators;
 * the bison parser (grammar/nrn.y) builds the tree.  Syntax errors go to
 * the Diag with file:line:col and what was expected.
 */
#ifndef NRNCC_NRN_PARSE_H
#define NRNCC_NRN_PARSE_H

#include <stdbool.h>

#include "diag.h"
#include "nrn_ast.h"
#include "util.h"

/* One raw token from the scanner. */
typedef struct NrnTok {
    int kind;            /* a bison token code, a character, or 0 at end */
    SrcLoc loc;
    const char *text;    /* arena copy of the lexeme (IDENT, NUMBER, STRING) */
    double num;
} NrnTok;

/* Scanner position and context (the flex "extra" data). */
typedef struct NrnLexState {
    Arena *arena;
    Diag *diag;
    const SrcFile *src;
    int line, col;
} NrnLexState;

typedef struct NrnParser {
    NrnLexState lex;
    void *scanner;        /* yyscan_t of grammar/nrn.l */
    NrnTok queue[8];      /* lookahead for the unit filter */
    int qlen;
    int prev;             /* the kind of the token returned last */
    int plot_line;        /* the line of the last `plot shape` (its range) */
    int record_line;      /* the line of the last `record` (its `every`) */
    NrnFile *out;
} NrnParser;

/* Parses src into *out (nodes in arena).  Returns true when there was no
 * syntax error; errors are reported to diag. */
bool nrn_parse_file(Arena *arena, Diag *diag, const SrcFile *src, NrnFile *out);

/* The lexer interface the bison parser calls (nrn_lexer.c). */
union NRN_STYPE;
struct NRN_LTYPE;
int nrn_lex(union NRN_STYPE *lval, struct NRN_LTYPE *lloc, NrnParser *p);

/* Raw scanner entry points (grammar/nrn.l). */
int nrnraw_lex_init_extra(NrnLexState *extra, void **scanner);
int nrnraw_lex_destroy(void *scanner);
void nrn_scan_string_setup(const char *text, size_t len, void *scanner);
int nrnraw_next(NrnTok *tok, void *scanner);

/* List helpers for the parser actions. */
void nrn_list_push(Arena *a, NrnList *l, NrnNode *n);
NrnNode *nrn_node(Arena *a, NrnKind kind, SrcLoc loc);

#endif
