/* nrn_ast.h - the syntax tree of a model file (.nrn), as the parser
 * (grammar/nrn.y) builds it and the model checker (model.c) reads it.
 *
 * One node type for statements and expressions: a kind, a place, and a
 * few generic fields whose meaning each kind documents below.  All nodes
 * live in the compilation's arena.
 */
#ifndef NRNCC_NRN_AST_H
#define NRNCC_NRN_AST_H

#include "diag.h"
#include "units.h"

typedef enum NrnKind {
    /* expressions */
    NK_NUM,      /* num, unit (text or NULL), text (as written) */
    NK_STRING,   /* name = the string's contents */
    NK_NAME,     /* name */
    NK_CALL,     /* a(list): a function call or a segment `soma(0.5)` */
    NK_INDEX,    /* a[b]: an element of a section array */
    NK_EACH,     /* a[*]: every element of a section array */
    NK_MEMBER,   /* a.name: `soma(0.5).v`, `stim.amp` */
    NK_NEG,      /* -a */
    NK_NOT,      /* !a */
    NK_BINOP,    /* a op b, op one of + - * / ^ < > <= >= == != && || */
    NK_LIST,     /* [list]: a list of values (a VecStim's times) */
    /* statements */
    NK_MODEL,    /* model name */
    NK_CONST,    /* const name = a */
    NK_PARAM,    /* param name = a */
    NK_USE,      /* use list (NK_STRING) */
    NK_MORPH,    /* morphology (op 'm') or geometry (op 'g') a (NK_STRING): sections from a file */
    NK_SECTION,  /* section list (declarators: NK_NAME or NK_INDEX) [body] */
    NK_CONNECT,  /* connect a(x), b(y): a = child NK_CALL, b = parent NK_CALL */
    NK_FORALL,   /* forall body */
    NK_ONSEC,    /* a { body }: statements for an existing section (a) */
    NK_ASSIGN,   /* a = b, or a = NAME { body } (method = cvode { atol = .. }) */
    NK_INSERT,   /* insert name [body of NK_ASSIGN] */
    NK_PT3D,     /* pt3d list (each NK_CALL with name NULL and four args) */
    NK_POINT,    /* name (type) name2 (instance) [at a] [body]: a point process or,
                    without a place, an artificial cell */
    NK_NETCON,   /* netcon a -> b [body] */
    NK_SPIKE,    /* spike [name2] at a [threshold b] */
    NK_RECORD,   /* record list (reference expressions) */
    NK_SETPOINTER, /* setpointer a (a POINTER variable), b (what it refers to) */
    NK_FUNCTABLE,  /* function_table name = a | list of (x, y) pairs | name2 (a CSV file) */
    NK_RECORD_ALL, /* record forall name: a variable at every segment (a: the name) */
    NK_RUN,      /* run body (NK_ASSIGN) */
    NK_CELL,     /* cell name { body: items }: a cell type */
    NK_POPULATION, /* population name = name2[a]: a cells of type name2 */
    NK_FOR,      /* for name in a .. b { body: items } */
    NK_EDGES,    /* edges "name2" name(from) a text(to) b [body]: netcons from a file */
    NK_PLAY,     /* play [name2 = "continuous"] b into a: b is the file (NK_STRING) or
                    an NK_CALL whose list holds the (t, value) pairs (each an NK_CALL) */
    NK_INIT,     /* init body (NK_ASSIGN): values set after the INITIAL blocks */
    NK_RANGEREC, /* record range name from a to b at list (times) */
    NK_PLOTSHAPE, /* plot shape name at a [range list: low, high]: the shape coloured by name at time a */
    NK_PLOTTRACES, /* plot traces, or plot html (name "html") */
    NK_HOCCALL,  /* call a: a (NK_CALL of NK_MEMBER) calls a mechanism's PROCEDURE or FUNCTION, as hoc */
} NrnKind;

typedef struct NrnNode NrnNode;
typedef struct NrnList {
    NrnNode **items;
    int len, cap;
} NrnList;

struct NrnNode {
    NrnKind kind;
    SrcLoc loc;
    const char *name;
    const char *name2;
    const char *unit;     /* unit text of a number (NK_NUM) */
    int unit_state;       /* 0: not parsed yet, 1: unit_val holds it, -1: bad (model.c) */
    Unit unit_val;
    SrcLoc unit_loc;
    const char *text;     /* a number as written */
    double num;
    int op;               /* binary operator: a character or an OP_ code */
    NrnNode *a, *b;
    NrnList list;         /* arguments, declarators, record items */
    NrnList body;         /* statements of a block */
    int has_body;
};

enum { OP_LE = 256, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR };

/* The parse of one model file. */
typedef struct NrnFile {
    const SrcFile *src;
    NrnList items;        /* top-level statements in order */
} NrnFile;

/* Operator spelling for messages and printing ("<=", "+", ...). */
const char *nrn_op_str(int op);

#endif
