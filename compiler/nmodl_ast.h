/* nmodl_ast.h - the syntax tree of an NMODL file (.mod), as the parser
 * (grammar/nmodl.y) builds it and the mechanism checker (nmodl_check.c),
 * the symbolic module (sym.c) and the lowering (nmodl_lower.c) read it.
 *
 * One node type; each kind documents which generic fields it uses.
 * All nodes live in the compilation's arena.
 */
#ifndef NRNCC_NMODL_AST_H
#define NRNCC_NMODL_AST_H

#include <stdbool.h>

#include "diag.h"

typedef enum MKind {
    /* ---- expressions ---- */
    MK_NUM,        /* num, text (as written), units (text or NULL) */
    MK_NAME,       /* name; a = index expression for arrays (or NULL) */
    MK_CALL,       /* name(list) */
    MK_NEG,        /* -a */
    MK_NOT,        /* !a */
    MK_BINOP,      /* a op b: + - * / ^ < > <= >= == != && || */
    MK_STRING,     /* text (printf arguments) */
    /* ---- statements ---- */
    MK_ASSIGN,     /* a = b; a is MK_NAME; order > 0 for a derivative (m' = ...) */
    MK_LOCAL,      /* LOCAL list (MK_NAME, a = array size) */
    MK_EXPRSTMT,   /* a (a call used as a statement) */
    MK_IF,         /* if (a) body else list2 (else statements; may hold one MK_IF) */
    MK_WHILE,      /* while (a) body */
    MK_FROM,       /* FROM name = a TO b [BY c] body */
    MK_SOLVE,      /* SOLVE name [METHOD name2] [STEADYSTATE text] [IFERROR body] */
    MK_TABLE,      /* TABLE list (MK_NAME) DEPEND list2 FROM a TO b WITH c */
    MK_REACTION,   /* ~ list (MK_REACTANT) op list2 (a, b): op '<->' or '->'; flag 1: nocmodl's
                      ~ list -> (a), stored as '<->' with no list2 and b the number 0 */
    MK_REACTANT,   /* [num *] name, a = index */
    MK_FLUX,       /* ~ name << (a) */
    MK_LINEQ,      /* ~ a = b (LINEAR / NONLINEAR) */
    MK_CONSERVE,   /* CONSERVE a = b */
    MK_COMPARTMENT,/* COMPARTMENT [name ,] a { list } */
    MK_LONGDIFF,   /* LONGITUDINAL_DIFFUSION [name,] a { list }: a KINETIC state's diffusion along the cable */
    MK_BLOCK,      /* { body } */
    MK_VERBATIM,   /* text */
    MK_WATCH,      /* WATCH list of MK_WATCHITEM */
    MK_WATCHITEM,  /* (a) b: condition and flag */
    MK_FORNETCONS, /* FOR_NETCONS(list) body */
    MK_PROTECT,    /* PROTECT a */
    MK_MUTEX,      /* MUTEXLOCK (flag 1) / MUTEXUNLOCK (flag 0) */
    MK_LAG,        /* LAG name BY name2: lag_<name>_<name2> = name's value name2 ago */
    MK_UNITSFLAG,  /* UNITSON (flag 1) / UNITSOFF (flag 0) */
    /* ---- declarations (top level) ---- */
    MK_TITLE,      /* text */
    MK_UNITS,      /* UNITS { text }: the block's raw text, read by nmodl_check.c */
    MK_NEURON,     /* body of MK_NEURONSTMT */
    MK_NEURONSTMT, /* name = SUFFIX, RANGE, ...; list of MK_NAME; see nmodl_check.c */
    MK_USEION,     /* name (ion), list (READ), list2 (WRITE), a (VALENCE) */
    MK_PARAMETER,  /* body of MK_VARDECL */
    MK_ASSIGNED,
    MK_STATE,
    MK_CONSTANT,
    MK_INDEPENDENT,/* body of MK_VARDECL: name FROM c TO d WITH num (units) */
    MK_VARDECL,    /* name [a = array size] [= b value] (units) <c, d> limits */
    MK_DEFINE,     /* DEFINE name num */
    MK_INITIAL,    /* body */
    MK_BREAKPOINT, /* body */
    MK_DERIVATIVE, /* name body */
    MK_KINETIC,    /* name body */
    MK_LINEAR,     /* name body */
    MK_NONLINEAR,  /* name body */
    MK_PROCEDURE,  /* name(list) body */
    MK_FUNCTION,   /* name(list) (units) body */
    MK_FUNCTABLE,  /* FUNCTION_TABLE name(list) (units) */
    MK_NETRECEIVE, /* NET_RECEIVE(list) body; its INITIAL is a MK_INITIAL in body */
    MK_BEFOREAFTER,/* BEFORE (flag 0) / AFTER (flag 1) name2 body */
    MK_CONSTRUCTOR,/* body (VERBATIM only) */
    MK_DESTRUCTOR,
} MKind;

typedef struct MNode MNode;
typedef struct MList {
    MNode **items;
    int len, cap;
} MList;

struct MNode {
    MKind kind;
    SrcLoc loc;
    const char *name;
    const char *name2;
    const char *text;
    const char *units;
    double num;
    int op;               /* operator code (a character or an MOP_ code) */
    int order;            /* derivative order of an MK_ASSIGN target */
    int flag;
    bool paren;           /* an expression written in parentheses */
    MNode *a, *b, *c, *d;
    MList list, list2;
    MList body;
};

enum { MOP_LE = 256, MOP_GE, MOP_EQ, MOP_NE, MOP_AND, MOP_OR, MOP_REV /* <-> */, MOP_FWD /* -> */ };

/* A parsed .mod file. */
typedef struct ModFile {
    const SrcFile *src;
    MList blocks;         /* top-level declarations in order */
    /* every name the file uses, in the order of its first appearance
     * (nocmodl's symbol table order derives from it) */
    const char **names;
    int nnames;
} ModFile;

/* Where name first appears among mod's names (0 first), or -1. */
int modfile_first_seen(const ModFile *mod, const char *name);

void mlist_push(Arena *a, MList *l, MNode *n);
/* True when a statement under n assigns name (name = ...). */
bool mnode_assigns(const MNode *n, const char *name);
MNode *mnode(Arena *a, MKind kind, SrcLoc loc);
const char *mop_str(int op);

#endif
