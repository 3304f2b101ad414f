/* nmodl.y - the grammar of NMODL as NEURON 8.2.2's nocmodl accepts it.
 *
 * Actions only build MNode trees (mnode, mlist_push); meaning is given by
 * compiler/nmodl_check.c.  Reaction statements (`~ A + B <-> C (kf, kb)`)
 * get their reactant names as RNAME tokens from the scanner, which knows
 * from the rest of the line whether a `~` line is a reaction or a linear
 * equation.
 */
%require "3.8"
%define api.pure full
%define api.prefix {nmodl_}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {MParser *p}

%define api.location.type {MLoc}

%code requires {
#include <stddef.h>
#include "nmodl_ast.h"
/* Bison's line/column pair plus the byte offset of a token's start. */
typedef struct MLoc {
    int first_line, first_column, last_line, last_column;
    size_t off;
    const struct SrcFile *src; /* the file (a .mod file, or one it INCLUDEs) */
} MLoc;
/* A rule's location: its first symbol's (file and offset included), or,
 * for an empty rule, the end of the previous symbol. */
#define NMODL_LLOC_DEFAULT(Cur, Rhs, N)                                      \
    do {                                                                     \
        if (N) {                                                             \
            (Cur) = YYRHSLOC(Rhs, 1);                                        \
            (Cur).last_line = YYRHSLOC(Rhs, N).last_line;                    \
            (Cur).last_column = YYRHSLOC(Rhs, N).last_column;                \
        } else {                                                             \
            (Cur) = YYRHSLOC(Rhs, 0);                                        \
            (Cur).first_line = (Cur).last_line;                              \
            (Cur).first_column = (Cur).last_column;                          \
        }                                                                    \
    } while (0)
#define YYLLOC_DEFAULT NMODL_LLOC_DEFAULT
typedef struct MParser MParser;
typedef struct MNum { double v; const char *text; } MNum;
typedef struct MPrime { const char *name; int order; } MPrime;
}

%union {
    MNode *node;
    const char *str;
    MNum num;
    MPrime prime;
    MList list;
    int ival;
}

%code {
#include "nmodl_parse.h"
#include <string.h>

int nmodl_yylex(NMODL_STYPE *lval, NMODL_LTYPE *lloc, void *scanner);
#define nmodl_lex nmodl_yylex
#define A (p->lex.arena)
static SrcLoc L(const NMODL_LTYPE *l, MParser *p)
{
    SrcLoc s = {l->src ? l->src : p->lex.src, l->first_line, l->first_column};
    return s;
}
static MNode *mk(MParser *p, MKind k, const NMODL_LTYPE *l)
{
    return mnode(A, k, L(l, p));
}
static MNode *bin(MParser *p, int op, MNode *a, MNode *b, const NMODL_LTYPE *l)
{
    MNode *n = mk(p, MK_BINOP, l);
    n->op = op;
    n->a = a;
    n->b = b;
    return n;
}
static MList one(MParser *p, MNode *n)
{
    MList l = {0};
    mlist_push(A, &l, n);
    return l;
}
/* The source text between two locations (for unit text). */
static const char *span(MParser *p, const NMODL_LTYPE *from, const NMODL_LTYPE *to);
static void nmodl_error(const NMODL_LTYPE *l, void *scanner, MParser *p, const char *msg)
{
    (void)scanner;
    diag_error(p->lex.diag, L(l, p), "%s", msg);
}
}

%token <str> NAME "name" RNAME "reactant name" STRING "string" TITLETEXT "title"
%token <str> VERBATIM "VERBATIM block" UNITSBLOCK "UNITS block"
%token <num> NUMBER "number"
%token <prime> PRIME "derivative name"
%token TITLE "'TITLE'" UNITSON "'UNITSON'" UNITSOFF "'UNITSOFF'"
%token NEURON "'NEURON'" SUFFIX "'SUFFIX'" POINT_PROCESS "'POINT_PROCESS'"
%token ARTIFICIAL_CELL "'ARTIFICIAL_CELL'" USEION "'USEION'" READ "'READ'" WRITE "'WRITE'"
%token VALENCE "'VALENCE'" NONSPECIFIC_CURRENT "'NONSPECIFIC_CURRENT'"
%token ELECTRODE_CURRENT "'ELECTRODE_CURRENT'" RANGE "'RANGE'" GLOBAL "'GLOBAL'"
%token POINTER "'POINTER'" BBCOREPOINTER "'BBCOREPOINTER'" THREADSAFE "'THREADSAFE'"
%token EXTERNAL "'EXTERNAL'" PARAMETER "'PARAMETER'" CONSTANT "'CONSTANT'"
%token ASSIGNED "'ASSIGNED'" STATE "'STATE'" INDEPENDENT "'INDEPENDENT'" DEFINE "'DEFINE'"
%token LOCAL "'LOCAL'" INITIAL_ "'INITIAL'" BREAKPOINT "'BREAKPOINT'"
%token DERIVATIVE "'DERIVATIVE'" KINETIC "'KINETIC'" LINEAR "'LINEAR'" SOLVEFOR "'SOLVEFOR'"
%token NONLINEAR "'NONLINEAR'" PROCEDURE "'PROCEDURE'" FUNCTION "'FUNCTION'"
%token FUNCTION_TABLE "'FUNCTION_TABLE'" NET_RECEIVE "'NET_RECEIVE'" WATCH "'WATCH'"
%token BEFORE "'BEFORE'" AFTER "'AFTER'" SOLVE "'SOLVE'" STEP "'STEP'" TABLE "'TABLE'"
%token DEPEND "'DEPEND'" FROM "'FROM'" TO "'TO'" WITH "'WITH'" BY "'BY'"
%token METHOD "'METHOD'" STEADYSTATE "'STEADYSTATE'" IFERROR "'IFERROR'"
%token PROTECT "'PROTECT'" MUTEXLOCK "'MUTEXLOCK'" MUTEXUNLOCK "'MUTEXUNLOCK'" LAG "'LAG'"
%token CONSERVE "'CONSERVE'" COMPARTMENT "'COMPARTMENT'"
%token LONGITUDINAL_DIFFUSION "'LONGITUDINAL_DIFFUSION'" FOR_NETCONS "'FOR_NETCONS'"
%token START_ "'START'" IF "'if'" ELSE "'else'" WHILE "'while'"
%token CONSTRUCTOR "'CONSTRUCTOR'" DESTRUCTOR "'DESTRUCTOR'"
%token EQADD "'~+'"
%token REV "'<->'" FWD "'->'" FLUXOP "'<<'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='" AND "'&&'" OR "'||'"

%type <node> block neuron_stmt vardecl stmt lhs expr primary if_stmt else_opt
%type <node> reactant watch_item local_name formal signed useion indep_decl by_opt
%type <node> iferror_opt
%type <list> blocks neuron_stmts vardecls stmts stmtblock names formals formal_list
%type <list> args exprs reactants local_names watch_items useion_parts depend_opt
%type <list> table_names indep_decls names_ws solvefor_opt
%type <str> units units_opt method_opt steady_opt ba_when
%type <ival> unit_toks

%left OR
%left AND
%left EQ NE
%left '<' '>' LE GE
%left '+' '-'
%left '*' '/' '%'
%precedence NEG '!'
%right '^'

%%

file:
    blocks                      { p->out->blocks = $1; }
    ;

blocks:
    %empty                      { $$ = (MList){0}; }
  | blocks block                { $$ = $1; if ($2) mlist_push(A, &$$, $2); }
  | blocks error                { $$ = $1; }
    ;

block:
    TITLE TITLETEXT             { $$ = mk(p, MK_TITLE, &@1); $$->text = $2; }
  | UNITSBLOCK                  { $$ = mk(p, MK_UNITS, &@1); $$->text = $1; }
  | UNITSON                     { $$ = mk(p, MK_UNITSFLAG, &@1); $$->flag = 1; }
  | UNITSOFF                    { $$ = mk(p, MK_UNITSFLAG, &@1); $$->flag = 0; }
  | NEURON '{' neuron_stmts '}' { $$ = mk(p, MK_NEURON, &@1); $$->body = $3; }
  | PARAMETER '{' vardecls '}'  { $$ = mk(p, MK_PARAMETER, &@1); $$->body = $3; }
  | ASSIGNED '{' vardecls '}'   { $$ = mk(p, MK_ASSIGNED, &@1); $$->body = $3; }
  | STATE '{' vardecls '}'      { $$ = mk(p, MK_STATE, &@1); $$->body = $3; }
  | CONSTANT '{' vardecls '}'   { $$ = mk(p, MK_CONSTANT, &@1); $$->body = $3; }
  | INDEPENDENT '{' indep_decls '}' { $$ = mk(p, MK_INDEPENDENT, &@1); $$->body = $3; }
  | DEFINE NAME NUMBER          { $$ = mk(p, MK_DEFINE, &@1); $$->name = $2; $$->num = $3.v; $$->text = $3.text; }
  | LOCAL local_names           { $$ = mk(p, MK_LOCAL, &@1); $$->list = $2; }
  | INITIAL_ stmtblock          { $$ = mk(p, MK_INITIAL, &@1); $$->body = $2; }
  | BREAKPOINT stmtblock        { $$ = mk(p, MK_BREAKPOINT, &@1); $$->body = $2; }
  | DERIVATIVE NAME stmtblock   { $$ = mk(p, MK_DERIVATIVE, &@1); $$->name = $2; $$->body = $3; }
  | KINETIC NAME solvefor_opt stmtblock
                                { $$ = mk(p, MK_KINETIC, &@1); $$->name = $2; $$->list = $3; $$->body = $4; }
  | LINEAR NAME solvefor_opt stmtblock
                                { $$ = mk(p, MK_LINEAR, &@1); $$->name = $2; $$->list = $3; $$->body = $4; }
  | NONLINEAR NAME solvefor_opt stmtblock
                                { $$ = mk(p, MK_NONLINEAR, &@1); $$->name = $2; $$->list = $3; $$->body = $4; }
  | PROCEDURE NAME '(' formals ')' units_opt stmtblock
                                { $$ = mk(p, MK_PROCEDURE, &@1); $$->name = $2; $$->list = $4;
                                  $$->units = $6; $$->body = $7; }
  | FUNCTION NAME '(' formals ')' units_opt stmtblock
                                { $$ = mk(p, MK_FUNCTION, &@1); $$->name = $2; $$->list = $4;
                                  $$->units = $6; $$->body = $7; }
  | FUNCTION_TABLE NAME '(' formals ')' units_opt
                                { $$ = mk(p, MK_FUNCTABLE, &@1); $$->name = $2; $$->list = $4; $$->units = $6; }
  | NET_RECEIVE '(' formals ')' stmtblock
                                { $$ = mk(p, MK_NETRECEIVE, &@1); $$->list = $3; $$->body = $5; }
  | BEFORE ba_when stmtblock    { $$ = mk(p, MK_BEFOREAFTER, &@1); $$->flag = 0; $$->name2 = $2; $$->body = $3; }
  | AFTER ba_when stmtblock     { $$ = mk(p, MK_BEFOREAFTER, &@1); $$->flag = 1; $$->name2 = $2; $$->body = $3; }
  | CONSTRUCTOR stmtblock       { $$ = mk(p, MK_CONSTRUCTOR, &@1); $$->body = $2; }
  | DESTRUCTOR stmtblock        { $$ = mk(p, MK_DESTRUCTOR, &@1); $$->body = $2; }
  | VERBATIM                    { $$ = mk(p, MK_VERBATIM, &@1); $$->text = $1; }
    ;

ba_when:
    INITIAL_                    { $$ = "INITIAL"; }
  | BREAKPOINT                  { $$ = "BREAKPOINT"; }
  | SOLVE                       { $$ = "SOLVE"; }
  | STEP                        { $$ = "STEP"; }
    ;

/* ---- units ---- */

units_opt:
    %empty                      { $$ = NULL; }
  | units
    ;

units:
    '(' unit_toks ')'           { $$ = span(p, &@1, &@3); }
    ;

unit_toks:
    %empty                      { $$ = 0; }
  | unit_toks NAME              { $$ = $1 + 1; }
  | unit_toks NUMBER            { $$ = $1 + 1; }
  | unit_toks '/'               { $$ = $1 + 1; }
  | unit_toks '-'               { $$ = $1 + 1; }
  | unit_toks '*'               { $$ = $1 + 1; }
  | unit_toks '^'               { $$ = $1 + 1; }
  | unit_toks '.'               { $$ = $1 + 1; }
  | unit_toks '+'               { $$ = $1 + 1; }
    ;

/* ---- NEURON block ---- */

neuron_stmts:
    %empty                      { $$ = (MList){0}; }
  | neuron_stmts neuron_stmt    { $$ = $1; mlist_push(A, &$$, $2); }
  | neuron_stmts error          { $$ = $1; }
    ;

neuron_stmt:
    SUFFIX NAME                 { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "SUFFIX"; $$->name2 = $2; }
  | POINT_PROCESS NAME          { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "POINT_PROCESS"; $$->name2 = $2; }
  | ARTIFICIAL_CELL NAME        { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "ARTIFICIAL_CELL"; $$->name2 = $2; }
  | useion
  | NONSPECIFIC_CURRENT names   { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "NONSPECIFIC_CURRENT"; $$->list = $2; }
  | ELECTRODE_CURRENT names     { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "ELECTRODE_CURRENT"; $$->list = $2; }
  | RANGE names                 { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "RANGE"; $$->list = $2; }
  | GLOBAL names                { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "GLOBAL"; $$->list = $2; }
  | POINTER names               { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "POINTER"; $$->list = $2; }
  | BBCOREPOINTER names         { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "BBCOREPOINTER"; $$->list = $2; }
  | EXTERNAL names              { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "EXTERNAL"; $$->list = $2; }
  | THREADSAFE                  { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "THREADSAFE"; }
  | THREADSAFE names            { $$ = mk(p, MK_NEURONSTMT, &@1); $$->name = "THREADSAFE"; $$->list = $2; }
    ;

useion:
    USEION NAME useion_parts    { $$ = mk(p, MK_USEION, &@1); $$->name = $2;
                                  for (int i = 0; i < $3.len; i++) {
                                      MNode *part = $3.items[i];
                                      if (part->flag == 0) for (int k = 0; k < part->list.len; k++) mlist_push(A, &$$->list, part->list.items[k]);
                                      else if (part->flag == 1) for (int k = 0; k < part->list.len; k++) mlist_push(A, &$$->list2, part->list.items[k]);
                                      else $$->a = part->a;
                                  } }
    ;

useion_parts:
    %empty                      { $$ = (MList){0}; }
  | useion_parts READ names     { $$ = $1; MNode *n = mk(p, MK_BLOCK, &@2); n->flag = 0; n->list = $3; mlist_push(A, &$$, n); }
  | useion_parts WRITE names    { $$ = $1; MNode *n = mk(p, MK_BLOCK, &@2); n->flag = 1; n->list = $3; mlist_push(A, &$$, n); }
  | useion_parts VALENCE signed { $$ = $1; MNode *n = mk(p, MK_BLOCK, &@2); n->flag = 2; n->a = $3; mlist_push(A, &$$, n); }
    ;

solvefor_opt:
    %empty                      { $$ = (MList){0}; }
  | SOLVEFOR names              { $$ = $2; }
    ;

names:
    NAME                        { MNode *n = mk(p, MK_NAME, &@1); n->name = $1; $$ = one(p, n); }
  | names ',' NAME              { $$ = $1; MNode *n = mk(p, MK_NAME, &@3); n->name = $3; mlist_push(A, &$$, n); }
    ;

/* ---- variable declarations ---- */

vardecls:
    %empty                      { $$ = (MList){0}; }
  | vardecls vardecl            { $$ = $1; mlist_push(A, &$$, $2); }
  | vardecls error              { $$ = $1; }
    ;

vardecl:
    NAME                        { $$ = mk(p, MK_VARDECL, &@1); $$->name = $1; }
  | NAME '[' NUMBER ']'         { $$ = mk(p, MK_VARDECL, &@1); $$->name = $1;
                                  $$->a = mk(p, MK_NUM, &@3); $$->a->num = $3.v; $$->a->text = $3.text; }
  | NAME '[' NAME ']'           { $$ = mk(p, MK_VARDECL, &@1); $$->name = $1;
                                  $$->a = mk(p, MK_NAME, &@3); $$->a->name = $3; }
  | vardecl '=' signed          { $$ = $1; $$->b = $3; }
  | vardecl units               { $$ = $1; $$->units = $2; }
  | vardecl '<' signed ',' signed '>' { $$ = $1; $$->c = $3; $$->d = $5; }
  | vardecl '<' signed '>'      { $$ = $1; $$->c = $3; $$->flag = 1; /* STATE tolerance */ }
  | vardecl FROM signed TO signed { $$ = $1; }
  | vardecl START_ signed       { $$ = $1; }
    ;

signed:
    NUMBER                      { $$ = mk(p, MK_NUM, &@1); $$->num = $1.v; $$->text = $1.text; }
  | '-' NUMBER                  { $$ = mk(p, MK_NUM, &@1); $$->num = -$2.v;
                                  $$->text = arena_printf(A, "-%s", $2.text); }
  | '+' NUMBER                  { $$ = mk(p, MK_NUM, &@1); $$->num = $2.v; $$->text = $2.text; }
    ;

indep_decls:
    %empty                      { $$ = (MList){0}; }
  | indep_decls indep_decl      { $$ = $1; mlist_push(A, &$$, $2); }
    ;

indep_decl:
    NAME FROM signed TO signed WITH NUMBER units_opt
                                { $$ = mk(p, MK_VARDECL, &@1); $$->name = $1; $$->units = $8;
                                  $$->c = $3; $$->d = $5; $$->num = $7.v; $$->text = $7.text; }
    ;

local_names:
    local_name                  { $$ = one(p, $1); }
  | local_names ',' local_name  { $$ = $1; mlist_push(A, &$$, $3); }
    ;

local_name:
    NAME                        { $$ = mk(p, MK_NAME, &@1); $$->name = $1; }
  | NAME '[' NUMBER ']'         { $$ = mk(p, MK_NAME, &@1); $$->name = $1;
                                  $$->a = mk(p, MK_NUM, &@3); $$->a->num = $3.v; $$->a->text = $3.text; }
  | NAME '[' NAME ']'           { $$ = mk(p, MK_NAME, &@1); $$->name = $1;
                                  $$->a = mk(p, MK_NAME, &@3); $$->a->name = $3; }
    ;

formals:
    %empty                      { $$ = (MList){0}; }
  | formal_list
    ;

formal_list:
    formal                      { $$ = one(p, $1); }
  | formal_list ',' formal      { $$ = $1; mlist_push(A, &$$, $3); }
    ;

formal:
    NAME units_opt              { $$ = mk(p, MK_NAME, &@1); $$->name = $1; $$->units = $2; }
    ;

/* ---- statements ---- */

stmtblock:
    '{' stmts '}'               { $$ = $2; }
    ;

stmts:
    %empty                      { $$ = (MList){0}; }
  | stmts stmt                  { $$ = $1; if ($2) mlist_push(A, &$$, $2); }
  | stmts error                 { $$ = $1; }
    ;

stmt:
    LOCAL local_names           { $$ = mk(p, MK_LOCAL, &@1); $$->list = $2; }
  | lhs '=' expr                { $$ = mk(p, MK_ASSIGN, &@2); $$->a = $1; $$->b = $3; $$->order = $1->order; }
  | NAME '(' args ')'           { $$ = mk(p, MK_EXPRSTMT, &@1); $$->a = mk(p, MK_CALL, &@1);
                                  $$->a->name = $1; $$->a->list = $3; }
  | if_stmt
  | WHILE '(' expr ')' stmtblock { $$ = mk(p, MK_WHILE, &@1); $$->a = $3; $$->body = $5; }
  | FROM NAME '=' expr TO expr by_opt stmtblock
                                { $$ = mk(p, MK_FROM, &@1); $$->name = $2; $$->a = $4; $$->b = $6;
                                  $$->c = $7; $$->body = $8; }
  | SOLVE NAME method_opt steady_opt iferror_opt
                                { $$ = mk(p, MK_SOLVE, &@1); $$->name = $2; $$->name2 = $3;
                                  $$->text = $4; $$->a = $5; }
  | TABLE table_names depend_opt FROM expr TO expr WITH expr
                                { $$ = mk(p, MK_TABLE, &@1); $$->list = $2; $$->list2 = $3;
                                  $$->a = $5; $$->b = $7; $$->c = $9; }
  | '~' reactants REV reactants '(' expr ',' expr ')'
                                { $$ = mk(p, MK_REACTION, &@1); $$->op = MOP_REV; $$->list = $2; $$->list2 = $4;
                                  $$->a = $6; $$->b = $8; }
  | '~' reactants FWD reactants '(' expr ')'
                                { $$ = mk(p, MK_REACTION, &@1); $$->op = MOP_FWD; $$->list = $2; $$->list2 = $4;
                                  $$->a = $6; }
  | '~' reactants FWD '(' expr ')'
                                { /* nocmodl's one-way flux out of the reactants: a
                                     reaction with no products and a backward rate 0 */
                                  $$ = mk(p, MK_REACTION, &@1); $$->op = MOP_REV; $$->list = $2;
                                  $$->a = $5; $$->b = mk(p, MK_NUM, &@3); $$->b->num = 0; $$->b->text = "0";
                                  $$->flag = 1; }
  | '~' reactant FLUXOP '(' expr ')'
                                { $$ = mk(p, MK_FLUX, &@1); $$->a = $2; $$->b = $5; }
  | '~' expr '=' expr           { $$ = mk(p, MK_LINEQ, &@1); $$->a = $2; $$->b = $4; }
  | EQADD expr '=' expr         { $$ = mk(p, MK_LINEQ, &@1); $$->a = $2; $$->b = $4; $$->flag = 1; }
  | CONSERVE expr '=' expr      { $$ = mk(p, MK_CONSERVE, &@1); $$->a = $2; $$->b = $4; }
  | COMPARTMENT expr '{' names_ws '}'
                                { $$ = mk(p, MK_COMPARTMENT, &@1); $$->a = $2; $$->list = $4; }
  | COMPARTMENT NAME ',' expr '{' names_ws '}'
                                { $$ = mk(p, MK_COMPARTMENT, &@1); $$->name = $2; $$->a = $4; $$->list = $6; }
  | LONGITUDINAL_DIFFUSION expr '{' names_ws '}'
                                { $$ = mk(p, MK_LONGDIFF, &@1); $$->a = $2; $$->list = $4; }
  | LONGITUDINAL_DIFFUSION NAME ',' expr '{' names_ws '}'
                                { $$ = mk(p, MK_LONGDIFF, &@1); $$->name = $2; $$->a = $4; $$->list = $6; }
  | stmtblock                   { $$ = mk(p, MK_BLOCK, &@1); $$->body = $1; }
  | VERBATIM                    { $$ = mk(p, MK_VERBATIM, &@1); $$->text = $1; }
  | WATCH watch_items           { $$ = mk(p, MK_WATCH, &@1); $$->list = $2; }
  | FOR_NETCONS '(' formals ')' stmtblock
                                { $$ = mk(p, MK_FORNETCONS, &@1); $$->list = $3; $$->body = $5; }
  | PROTECT stmt                { $$ = mk(p, MK_PROTECT, &@1); $$->a = $2; }
  | MUTEXLOCK                   { $$ = mk(p, MK_MUTEX, &@1); $$->flag = 1; }
  | MUTEXUNLOCK                 { $$ = mk(p, MK_MUTEX, &@1); $$->flag = 0; }
  | LAG NAME BY NAME            { $$ = mk(p, MK_LAG, &@1); $$->name = $2; $$->name2 = $4; }
  | UNITSON                     { $$ = mk(p, MK_UNITSFLAG, &@1); $$->flag = 1; }
  | UNITSOFF                    { $$ = mk(p, MK_UNITSFLAG, &@1); $$->flag = 0; }
  | INITIAL_ stmtblock          { $$ = mk(p, MK_INITIAL, &@1); $$->body = $2; }
    ;

names_ws:
    NAME                        { MNode *n = mk(p, MK_NAME, &@1); n->name = $1; $$ = one(p, n); }
  | RNAME                       { MNode *n = mk(p, MK_NAME, &@1); n->name = $1; $$ = one(p, n); }
  | names_ws NAME               { $$ = $1; MNode *n = mk(p, MK_NAME, &@2); n->name = $2; mlist_push(A, &$$, n); }
  | names_ws RNAME              { $$ = $1; MNode *n = mk(p, MK_NAME, &@2); n->name = $2; mlist_push(A, &$$, n); }
    ;

lhs:
    NAME                        { $$ = mk(p, MK_NAME, &@1); $$->name = $1; }
  | NAME '[' expr ']'           { $$ = mk(p, MK_NAME, &@1); $$->name = $1; $$->a = $3; }
  | PRIME                       { $$ = mk(p, MK_NAME, &@1); $$->name = $1.name; $$->order = $1.order; }
  | PRIME '[' expr ']'          { $$ = mk(p, MK_NAME, &@1); $$->name = $1.name; $$->order = $1.order; $$->a = $3; }
    ;

if_stmt:
    IF '(' expr ')' stmtblock else_opt
                                { $$ = mk(p, MK_IF, &@1); $$->a = $3; $$->body = $5;
                                  if ($6) { if ($6->kind == MK_BLOCK) $$->list2 = $6->body; else $$->list2 = one(p, $6); } }
    ;

else_opt:
    %empty                      { $$ = NULL; }
  | ELSE stmtblock              { $$ = mk(p, MK_BLOCK, &@1); $$->body = $2; }
  | ELSE if_stmt                { $$ = $2; }
    ;

by_opt:
    %empty                      { $$ = NULL; }
  | BY expr                     { $$ = $2; }
    ;

method_opt:
    %empty                      { $$ = NULL; }
  | METHOD NAME                 { $$ = $2; }
    ;

steady_opt:
    %empty                      { $$ = NULL; }
  | STEADYSTATE NAME            { $$ = $2; }
    ;

iferror_opt:
    %empty                      { $$ = NULL; }
  | IFERROR stmtblock           { $$ = mk(p, MK_BLOCK, &@1); $$->body = $2; }
    ;

table_names:
    %empty                      { $$ = (MList){0}; }
  | names
    ;

depend_opt:
    %empty                      { $$ = (MList){0}; }
  | DEPEND names                { $$ = $2; }
    ;

reactants:
    reactant                    { $$ = one(p, $1); }
  | reactants '+' reactant      { $$ = $1; mlist_push(A, &$$, $3); }
    ;

reactant:
    RNAME                       { $$ = mk(p, MK_REACTANT, &@1); $$->name = $1; $$->num = 1; }
  | RNAME '[' expr ']'          { $$ = mk(p, MK_REACTANT, &@1); $$->name = $1; $$->num = 1; $$->a = $3; }
  | NUMBER RNAME                { $$ = mk(p, MK_REACTANT, &@1); $$->name = $2; $$->num = $1.v; }
  | NUMBER RNAME '[' expr ']'   { $$ = mk(p, MK_REACTANT, &@1); $$->name = $2; $$->num = $1.v; $$->a = $4; }
    ;

watch_items:
    watch_item                  { $$ = one(p, $1); }
  | watch_items ',' watch_item  { $$ = $1; mlist_push(A, &$$, $3); }
    ;

watch_item:
    '(' expr ')' expr           { $$ = mk(p, MK_WATCHITEM, &@1); $$->a = $2; $$->b = $4; }
    ;

/* ---- expressions ---- */

exprs:
    expr                        { $$ = one(p, $1); }
  | exprs ',' expr              { $$ = $1; mlist_push(A, &$$, $3); }
    ;

args:
    %empty                      { $$ = (MList){0}; }
  | exprs
    ;

expr:
    primary
  | '-' expr %prec NEG          { $$ = mk(p, MK_NEG, &@1); $$->a = $2; }
  | '+' expr %prec NEG          { $$ = $2; }
  | '!' expr                    { $$ = mk(p, MK_NOT, &@1); $$->a = $2; }
  | expr '+' expr               { $$ = bin(p, '+', $1, $3, &@2); }
  | expr '-' expr               { $$ = bin(p, '-', $1, $3, &@2); }
  | expr '*' expr               { $$ = bin(p, '*', $1, $3, &@2); }
  | expr '/' expr               { $$ = bin(p, '/', $1, $3, &@2); }
  | expr '%' expr               { $$ = bin(p, '%', $1, $3, &@2); }
  | expr '^' expr               { $$ = bin(p, '^', $1, $3, &@2); }
  | expr '<' expr               { $$ = bin(p, '<', $1, $3, &@2); }
  | expr '>' expr               { $$ = bin(p, '>', $1, $3, &@2); }
  | expr LE expr                { $$ = bin(p, MOP_LE, $1, $3, &@2); }
  | expr GE expr                { $$ = bin(p, MOP_GE, $1, $3, &@2); }
  | expr EQ expr                { $$ = bin(p, MOP_EQ, $1, $3, &@2); }
  | expr NE expr                { $$ = bin(p, MOP_NE, $1, $3, &@2); }
  | expr AND expr               { $$ = bin(p, MOP_AND, $1, $3, &@2); }
  | expr OR expr                { $$ = bin(p, MOP_OR, $1, $3, &@2); }
    ;

primary:
    NUMBER                      { $$ = mk(p, MK_NUM, &@1); $$->num = $1.v; $$->text = $1.text; }
  | NUMBER units                { $$ = mk(p, MK_NUM, &@1); $$->num = $1.v; $$->text = $1.text; $$->units = $2; }
  | NAME                        { $$ = mk(p, MK_NAME, &@1); $$->name = $1; }
  | NAME '[' expr ']'           { $$ = mk(p, MK_NAME, &@1); $$->name = $1; $$->a = $3; }
  | PRIME                       { $$ = mk(p, MK_NAME, &@1); $$->name = $1.name; $$->order = $1.order; }
  | NAME '(' args ')'           { $$ = mk(p, MK_CALL, &@1); $$->name = $1; $$->list = $3; }
  | STRING                      { $$ = mk(p, MK_STRING, &@1); $$->text = $1; }
  | '(' expr ')'                { $$ = $2; $$->paren = true; }
    ;

%%

static const char *span(MParser *p, const NMODL_LTYPE *from, const NMODL_LTYPE *to)
{
    const SrcFile *src = from->src ? from->src : p->lex.src;
    const char *a = src->text + from->off + 1, *e = src->text + (to->src == from->src ? to->off : from->off + 1);
    while (a < e && (*a == ' ' || *a == '\t'))
        a++;
    while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return arena_strndup(A, a, (size_t)(e - a));
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, MParser *p)
{
    (void)scanner;
    enum { MAXEXP = 64 };
    yysymbol_kind_t expected[MAXEXP];
    int n = yypcontext_expected_tokens(ctx, expected, MAXEXP);
    yysymbol_kind_t un = yypcontext_token(ctx);
    StrBuf b = {0};
    sb_puts(&b, "syntax error");
    if (un != YYSYMBOL_YYEMPTY)
        sb_printf(&b, ": unexpected %s", un == YYSYMBOL_YYEOF ? "end of file" : yysymbol_name(un));
    /* Say what was expected: every token when there are few; otherwise
     * "a value" and the closing brackets that would fit. */
    const char *what[MAXEXP];
    int nw = 0;
    bool value = false;
    for (int i = 0; i < n; i++)
        if (expected[i] == YYSYMBOL_NUMBER || expected[i] == YYSYMBOL_NAME)
            value = true;
    for (int i = 0; i < n; i++) {
        const char *nm = expected[i] == YYSYMBOL_YYEOF ? "end of file" : yysymbol_name(expected[i]);
        if (n <= 5 || (!value && n <= 8) || !strcmp(nm, "')'") || !strcmp(nm, "'}'") || !strcmp(nm, "']'"))
            what[nw++] = nm;
    }
    if (n > 5 && value)
        what[nw++] = "a value";
    if (n > 0 && nw > 0) {
        sb_puts(&b, ", expected ");
        for (int i = 0; i < nw; i++)
            sb_printf(&b, "%s%s", i == 0 ? "" : i == nw - 1 ? " or " : ", ", what[i]);
    }
    diag_error(p->lex.diag, L(yypcontext_location(ctx), p), "%s", sb_str(&b));
    sb_free(&b);
    return 0;
}

static unsigned name_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void nmodl_lex_note_name(MLexState *lx, const char *name)
{
    if (2 * (lx->names.len + 1) > lx->nslots) {
        int n = lx->nslots ? 2 * lx->nslots : 256;
        int *slots = xmalloc(sizeof(int) * (size_t)n);
        memset(slots, 0, sizeof(int) * (size_t)n);
        for (int i = 0; i < lx->names.len; i++) {
            unsigned h = name_hash(lx->names.data[i]) & (unsigned)(n - 1);
            while (slots[h])
                h = (h + 1) & (unsigned)(n - 1);
            slots[h] = i + 1;
        }
        free(lx->slots);
        lx->slots = slots;
        lx->nslots = n;
    }
    unsigned h = name_hash(name) & (unsigned)(lx->nslots - 1);
    while (lx->slots[h]) {
        if (!strcmp(lx->names.data[lx->slots[h] - 1], name))
            return;
        h = (h + 1) & (unsigned)(lx->nslots - 1);
    }
    VEC_PUSH(lx->names, name);
    lx->slots[h] = lx->names.len;
}

/* A file with old Macintosh line ends (a lone CR), which nocmodl reads as
 * line ends: a copy with each lone CR made LF, so that `:` comments, TITLE
 * and the diagnostics' lines end where NEURON's do.  The same length, so
 * every offset stays. */
static const SrcFile *lf_lines(Arena *arena, const SrcFile *src)
{
    size_t i;
    for (i = 0; i < src->len; i++)
        if (src->text[i] == '\r' && (i + 1 == src->len || src->text[i + 1] != '\n'))
            break;
    if (i == src->len)
        return src;
    char *t = arena_strndup(arena, src->text, src->len);
    for (; i < src->len; i++)
        if (t[i] == '\r' && (i + 1 == src->len || t[i + 1] != '\n'))
            t[i] = '\n';
    SrcFile *copy = ARENA_NEW(arena, SrcFile);
    *copy = *src;
    copy->text = t;
    return copy;
}

bool nmodl_parse_file(Arena *arena, Diag *diag, const SrcFile *src, ModFile *out)
{
    src = lf_lines(arena, src);
    MParser p;
    memset(&p, 0, sizeof p);
    p.lex.arena = arena;
    p.lex.diag = diag;
    p.lex.src = src;
    p.lex.line = 1;
    p.lex.col = 1;
    p.out = out;
    out->src = src;
    int before = diag->nerrors;
    if (nmodl_yylex_init_extra(&p.lex, &p.scanner))
        die("cannot initialise the NMODL scanner");
    nmodl_scan_setup(src->text, src->len, p.scanner);
    int rc = nmodl_parse(p.scanner, &p);
    nmodl_yylex_destroy(p.scanner);
    sb_free(&p.lex.verb);
    out->nnames = p.lex.names.len;
    out->names = ARENA_NEWN(arena, const char *, out->nnames + 1);
    for (int i = 0; i < out->nnames; i++)
        out->names[i] = p.lex.names.data[i];
    VEC_FREE(p.lex.names);
    free(p.lex.slots);
    return rc == 0 && diag->nerrors == before;
}
