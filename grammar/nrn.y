/* nrn.y - the grammar of the model language (.nrn); see man/nrn.5.
 *
 * Actions only build nodes (nrn_node, nrn_list_push); every meaning is
 * given later by compiler/model.c.  Statements need no separators: the
 * unit filter in compiler/nrn_lexer.c keeps `L = 3 um  diam = 2 um`
 * unambiguous.
 */
%require "3.8"
%define api.pure full
%define api.prefix {nrn_}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%lex-param {NrnParser *p}
%parse-param {NrnParser *p}

%code requires {
#include "nrn_ast.h"
typedef struct NrnParser NrnParser;
typedef struct NrnNum {
    double v;
    const char *text;
    const char *unit;
    SrcLoc unit_loc;
} NrnNum;
}

%union {
    NrnNode *node;
    const char *str;
    NrnNum num;
    NrnList list;
}

%code {
#include <string.h>

#include "nrn_parse.h"

#define A (p->lex.arena)
static SrcLoc L(const NRN_LTYPE *l, NrnParser *p)
{
    SrcLoc s = {p->lex.src, l->first_line, l->first_column};
    return s;
}
static NrnNode *mk(NrnParser *p, NrnKind k, const NRN_LTYPE *l)
{
    return nrn_node(A, k, L(l, p));
}
static void nrn_error(const NRN_LTYPE *l, NrnParser *p, const char *msg)
{
    diag_error(p->lex.diag, L(l, p), "%s", msg);
}
/* A word the grammar needs at this place but does not reserve
 * (`from`, `to`, `into`). */
static void expect_word(NrnParser *p, const char *got, const char *want, const NRN_LTYPE *l)
{
    if (strcmp(got, want) != 0)
        diag_error(p->lex.diag, L(l, p), "syntax error: unexpected '%s', expected '%s'", got, want);
}
static NrnNode *binop(NrnParser *p, int op, NrnNode *a, NrnNode *b, const NRN_LTYPE *l)
{
    NrnNode *n = mk(p, NK_BINOP, l);
    n->op = op;
    n->a = a;
    n->b = b;
    return n;
}
}

%token <str> IDENT "identifier" STRING "string"
%token <num> NUMBER "number"
%token KW_MODEL "'model'" KW_SECTION "'section'" KW_CONNECT "'connect'"
%token KW_FORALL "'forall'" KW_INSERT "'insert'" KW_CONST "'const'"
%token KW_PARAM "'param'" KW_RECORD "'record'" KW_SPIKE "'spike'" KW_EVERY "'every'"
%token KW_AT "'at'" KW_THRESHOLD "'threshold'" KW_RUN "'run'"
%token KW_USE "'use'" KW_PT3D "'pt3d'" KW_NETCON "'netcon'" ARROW "'->'"
%token KW_SETPOINTER "'setpointer'" KW_FUNCTION_TABLE "'function_table'" KW_CALL "'call'"
%token KW_MORPHOLOGY "'morphology'" KW_GEOMETRY "'geometry'"
%token KW_EDGES "'edges'" KW_CELL "'cell'" KW_POPULATION "'population'" KW_FOR "'for'" KW_IN "'in'" DOTDOT "'..'"
%token KW_PLAY "'play'" KW_INIT "'init'" KW_RANGE "'range'"
%token KW_PLOTSHAPE "'plot shape'" KW_PLOTTRACES "'plot traces'" KW_PLOTHTML "'plot html'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='" AND "'&&'" OR "'||'"

%type <node> item stmt expr postfix primary declarator segment point_body_opt
%type <node> threshold_opt pt play_source bound
%type <list> items stmts args declarators exprs strings pts body pairs
%type <node> pair
%type <str> play_mode member_kw

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
    items                       { p->out->items = $1; }
    ;

items:
    %empty                      { $$ = (NrnList){0}; }
  | items item                  { $$ = $1; if ($2) nrn_list_push(A, &$$, $2); }
  | items error                 { $$ = $1; }
    ;

item:
    KW_MODEL IDENT              { $$ = mk(p, NK_MODEL, &@1); $$->name = $2; }
  | KW_CONST IDENT '=' expr     { $$ = mk(p, NK_CONST, &@1); $$->name = $2; $$->a = $4; }
  | KW_PARAM IDENT '=' expr     { $$ = mk(p, NK_PARAM, &@1); $$->name = $2; $$->a = $4; }
  | KW_USE strings              { $$ = mk(p, NK_USE, &@1); $$->list = $2; }
  | KW_MORPHOLOGY STRING        { $$ = mk(p, NK_MORPH, &@1); $$->a = mk(p, NK_STRING, &@2);
                                  $$->a->name = $2; $$->op = 'm'; }
  | KW_GEOMETRY STRING          { $$ = mk(p, NK_MORPH, &@1); $$->a = mk(p, NK_STRING, &@2);
                                  $$->a->name = $2; $$->op = 'g'; }
  | KW_SECTION declarators point_body_opt
                                { $$ = mk(p, NK_SECTION, &@1); $$->list = $2;
                                  if ($3) { $$->body = $3->body; $$->has_body = 1; } }
  | KW_CONNECT segment ',' segment
                                { $$ = mk(p, NK_CONNECT, &@1); $$->a = $2; $$->b = $4; }
  | KW_FORALL body              { $$ = mk(p, NK_FORALL, &@1); $$->body = $2; $$->has_body = 1; }
  | IDENT IDENT KW_AT postfix point_body_opt
                                { $$ = mk(p, NK_POINT, &@1); $$->name = $1; $$->name2 = $2; $$->a = $4;
                                  if ($5) { $$->body = $5->body; $$->has_body = 1; } }
  | IDENT IDENT point_body_opt  { $$ = mk(p, NK_POINT, &@1); $$->name = $1; $$->name2 = $2;
                                  if ($3) { $$->body = $3->body; $$->has_body = 1; } }
  | IDENT IDENT '[' expr ']' KW_AT postfix point_body_opt
                                { $$ = mk(p, NK_POINT, &@1); $$->name = $1; $$->name2 = $2; $$->b = $4; $$->a = $7;
                                  if ($8) { $$->body = $8->body; $$->has_body = 1; } }
  | IDENT IDENT '[' expr ']' point_body_opt
                                { $$ = mk(p, NK_POINT, &@1); $$->name = $1; $$->name2 = $2; $$->b = $4;
                                  if ($6) { $$->body = $6->body; $$->has_body = 1; } }
  | KW_NETCON postfix ARROW postfix point_body_opt
                                { $$ = mk(p, NK_NETCON, &@1); $$->a = $2; $$->b = $4;
                                  if ($5) { $$->body = $5->body; $$->has_body = 1; } }
  | KW_SPIKE KW_AT postfix threshold_opt
                                { $$ = mk(p, NK_SPIKE, &@1); $$->a = $3; $$->b = $4; }
  | KW_SPIKE IDENT KW_AT postfix threshold_opt
                                { $$ = mk(p, NK_SPIKE, &@1); $$->name2 = $2; $$->a = $4; $$->b = $5; }
  | KW_RECORD exprs             { $$ = mk(p, NK_RECORD, &@1); $$->list = $2; }
  | KW_RECORD exprs KW_EVERY expr
                                { $$ = mk(p, NK_RECORD, &@1); $$->list = $2; $$->b = $4; }
  | KW_EDGES STRING IDENT postfix IDENT postfix point_body_opt
                                { $$ = mk(p, NK_EDGES, &@1); $$->name2 = $2; $$->a = $4; $$->b = $6;
                                  $$->name = $3; $$->text = $5;
                                  if ($7) { $$->body = $7->body; $$->has_body = 1; } }
  | KW_CELL IDENT '{' items '}' { $$ = mk(p, NK_CELL, &@1); $$->name = $2; $$->body = $4; $$->has_body = 1; }
  | KW_POPULATION IDENT '=' IDENT '[' expr ']' point_body_opt
                                { $$ = mk(p, NK_POPULATION, &@1); $$->name = $2; $$->name2 = $4; $$->a = $6;
                                  if ($8) { $$->body = $8->body; $$->has_body = 1; } }
  | KW_FOR IDENT KW_IN expr DOTDOT expr '{' items '}'
                                { $$ = mk(p, NK_FOR, &@1); $$->name = $2; $$->a = $4; $$->b = $6; $$->body = $8;
                                  $$->has_body = 1; }
  | KW_FUNCTION_TABLE IDENT '=' expr
                                { $$ = mk(p, NK_FUNCTABLE, &@1); $$->name = $2; $$->a = $4; }
  | KW_FUNCTION_TABLE IDENT pairs
                                { $$ = mk(p, NK_FUNCTABLE, &@1); $$->name = $2; $$->list = $3; }
  | KW_FUNCTION_TABLE IDENT STRING
                                { $$ = mk(p, NK_FUNCTABLE, &@1); $$->name = $2; $$->name2 = $3; }
  | KW_SETPOINTER postfix ',' postfix
                                { $$ = mk(p, NK_SETPOINTER, &@1); $$->a = $2; $$->b = $4; }
  | KW_CALL postfix             { $$ = mk(p, NK_HOCCALL, &@1); $$->a = $2; }
  | KW_RECORD KW_FORALL IDENT   { $$ = mk(p, NK_RECORD_ALL, &@1); $$->name = $3; $$->a = mk(p, NK_NAME, &@3);
                                  $$->a->name = $3; }
  | KW_RECORD KW_FORALL IDENT KW_EVERY expr
                                { $$ = mk(p, NK_RECORD_ALL, &@1); $$->name = $3; $$->a = mk(p, NK_NAME, &@3);
                                  $$->a->name = $3; $$->b = $5; }
  | KW_RECORD KW_RANGE IDENT IDENT postfix IDENT postfix KW_AT exprs
                                { $$ = mk(p, NK_RANGEREC, &@1); $$->name = $3; $$->a = $5; $$->b = $7;
                                  $$->list = $9; $$->loc = L(&@3, p);
                                  expect_word(p, $4, "from", &@4); expect_word(p, $6, "to", &@6); }
  | KW_PLOTSHAPE IDENT KW_AT expr
                                { $$ = mk(p, NK_PLOTSHAPE, &@1); $$->name = $2; $$->a = $4; $$->loc = L(&@2, p); }
  | KW_PLOTSHAPE IDENT KW_AT expr KW_RANGE bound bound
                                { $$ = mk(p, NK_PLOTSHAPE, &@1); $$->name = $2; $$->a = $4; $$->loc = L(&@2, p);
                                  nrn_list_push(A, &$$->list, $6); nrn_list_push(A, &$$->list, $7); }
  | KW_PLOTTRACES               { $$ = mk(p, NK_PLOTTRACES, &@1); }
  | KW_PLOTHTML                 { $$ = mk(p, NK_PLOTTRACES, &@1); $$->name = "html"; }
  | KW_PLAY play_mode play_source IDENT postfix
                                { $$ = mk(p, NK_PLAY, &@1); $$->name2 = $2; $$->b = $3; $$->a = $5;
                                  if ($2) expect_word(p, $2, "continuous", &@2);
                                  expect_word(p, $4, "into", &@4); }
  | KW_INIT body                { $$ = mk(p, NK_INIT, &@1); $$->body = $2; $$->has_body = 1; }
  | KW_RUN body                 { $$ = mk(p, NK_RUN, &@1); $$->body = $2; $$->has_body = 1; }
  | postfix body                { $$ = mk(p, NK_ONSEC, &@1); $$->a = $1; $$->body = $2; $$->has_body = 1; }
  | stmt
    ;

stmt:
    postfix '=' expr            { $$ = mk(p, NK_ASSIGN, &@2); $$->a = $1; $$->b = $3; }
  | postfix '=' IDENT body      { $$ = mk(p, NK_ASSIGN, &@2); $$->a = $1; $$->b = mk(p, NK_NAME, &@3);
                                  $$->b->name = $3; $$->body = $4; $$->has_body = 1; }
  | KW_INSERT IDENT point_body_opt
                                { $$ = mk(p, NK_INSERT, &@1); $$->name = $2; $$->loc = L(&@2, p);
                                  if ($3) { $$->body = $3->body; $$->has_body = 1; } }
  | KW_PT3D pts                 { $$ = mk(p, NK_PT3D, &@1); $$->list = $2; }
    ;

body:
    '{' stmts '}'               { $$ = $2; }
    ;

point_body_opt:
    %empty                      { $$ = NULL; }
  | body                        { $$ = mk(p, NK_ONSEC, &@1); $$->body = $1; }
    ;

stmts:
    %empty                      { $$ = (NrnList){0}; }
  | stmts stmt                  { $$ = $1; nrn_list_push(A, &$$, $2); }
  | stmts KW_THRESHOLD '=' expr { $$ = $1; NrnNode *a = mk(p, NK_ASSIGN, &@3); a->a = mk(p, NK_NAME, &@2);
                                  a->a->name = "threshold"; a->b = $4; nrn_list_push(A, &$$, a); }
  | stmts postfix               { $$ = $1; nrn_list_push(A, &$$, $2); } /* a call: Random's body */
  | stmts IDENT body            { $$ = $1; NrnNode *g = mk(p, NK_ONSEC, &@2); g->a = mk(p, NK_NAME, &@2);
                                  g->a->name = $2; g->body = $3; g->has_body = 1;
                                  nrn_list_push(A, &$$, g); } /* a group: cvode's atolscale { } */
  | stmts error                 { $$ = $1; }
    ;

/* a model-file keyword as a member's name: a mechanism's PROCEDURE
 * (`call vs.play(v)`) */
member_kw:
    KW_PLAY                     { $$ = "play"; }
  | KW_RECORD                   { $$ = "record"; }
  | KW_INIT                     { $$ = "init"; }
  | KW_RUN                      { $$ = "run"; }
  | KW_SPIKE                    { $$ = "spike"; }
  | KW_INSERT                   { $$ = "insert"; }
  | KW_CONNECT                  { $$ = "connect"; }
  | KW_RANGE                    { $$ = "range"; }
  | KW_USE                      { $$ = "use"; }
  | KW_PARAM                    { $$ = "param"; }
  | KW_SECTION                  { $$ = "section"; }
  | KW_CALL                     { $$ = "call"; }
  | KW_THRESHOLD                { $$ = "threshold"; }
  | KW_IN                       { $$ = "in"; }
  | KW_AT                       { $$ = "at"; }
  | KW_FOR                      { $$ = "for"; }
    ;

play_mode:
    %empty                      { $$ = NULL; }
  | IDENT                       { $$ = $1; }
    ;

/* the values a play drives its target with: a file, or (t, value) pairs */
play_source:
    STRING                      { $$ = mk(p, NK_STRING, &@1); $$->name = $1; }
  | pairs                       { $$ = mk(p, NK_CALL, &@1); $$->list = $1; }
    ;

pairs:
    pair                        { $$ = (NrnList){0}; nrn_list_push(A, &$$, $1); }
  | pairs pair                  { $$ = $1; nrn_list_push(A, &$$, $2); }
    ;

pair:
    '(' expr ',' expr ')'       { $$ = mk(p, NK_CALL, &@1);
                                  nrn_list_push(A, &$$->list, $2); nrn_list_push(A, &$$->list, $4); }
    ;

threshold_opt:
    %empty                      { $$ = NULL; }
  | KW_THRESHOLD expr           { $$ = $2; }
    ;

declarators:
    declarator                  { $$ = (NrnList){0}; nrn_list_push(A, &$$, $1); }
  | declarators ',' declarator  { $$ = $1; nrn_list_push(A, &$$, $3); }
    ;

declarator:
    IDENT                       { $$ = mk(p, NK_NAME, &@1); $$->name = $1; }
  | IDENT '[' expr ']'          { $$ = mk(p, NK_INDEX, &@1); $$->name = $1; $$->a = $3; }
    ;

segment:
    postfix                     { $$ = $1; }
    ;

pts:
    pt                          { $$ = (NrnList){0}; nrn_list_push(A, &$$, $1); }
  | pts pt                      { $$ = $1; nrn_list_push(A, &$$, $2); }
    ;

pt:
    '(' expr ',' expr ',' expr ',' expr ')'
                                { $$ = mk(p, NK_CALL, &@1);
                                  nrn_list_push(A, &$$->list, $2); nrn_list_push(A, &$$->list, $4);
                                  nrn_list_push(A, &$$->list, $6); nrn_list_push(A, &$$->list, $8); }
    ;

strings:
    STRING                      { $$ = (NrnList){0}; NrnNode *s = mk(p, NK_STRING, &@1); s->name = $1;
                                  nrn_list_push(A, &$$, s); }
  | strings ',' STRING          { $$ = $1; NrnNode *s = mk(p, NK_STRING, &@3); s->name = $3;
                                  nrn_list_push(A, &$$, s); }
    ;

/* a plot's range bound: a number with its unit, maybe negative, or (expr) */
bound:
    NUMBER                      { $$ = mk(p, NK_NUM, &@1); $$->num = $1.v; $$->text = $1.text;
                                  $$->unit = $1.unit; $$->unit_loc = $1.unit_loc; }
  | '-' bound                   { $$ = mk(p, NK_NEG, &@1); $$->a = $2; }
  | '(' expr ')'                { $$ = $2; }
    ;

exprs:
    expr                        { $$ = (NrnList){0}; nrn_list_push(A, &$$, $1); }
  | exprs ',' expr              { $$ = $1; nrn_list_push(A, &$$, $3); }
    ;

expr:
    primary
  | '-' expr %prec NEG          { $$ = mk(p, NK_NEG, &@1); $$->a = $2; }
  | '+' expr %prec NEG          { $$ = $2; }
  | '!' expr                    { $$ = mk(p, NK_NOT, &@1); $$->a = $2; }
  | expr '+' expr               { $$ = binop(p, '+', $1, $3, &@2); }
  | expr '-' expr               { $$ = binop(p, '-', $1, $3, &@2); }
  | expr '*' expr               { $$ = binop(p, '*', $1, $3, &@2); }
  | expr '/' expr               { $$ = binop(p, '/', $1, $3, &@2); }
  | expr '%' expr               { $$ = binop(p, '%', $1, $3, &@2); }
  | expr '^' expr               { $$ = binop(p, '^', $1, $3, &@2); }
  | expr '<' expr               { $$ = binop(p, '<', $1, $3, &@2); }
  | expr '>' expr               { $$ = binop(p, '>', $1, $3, &@2); }
  | expr LE expr                { $$ = binop(p, OP_LE, $1, $3, &@2); }
  | expr GE expr                { $$ = binop(p, OP_GE, $1, $3, &@2); }
  | expr EQ expr                { $$ = binop(p, OP_EQ, $1, $3, &@2); }
  | expr NE expr                { $$ = binop(p, OP_NE, $1, $3, &@2); }
  | expr AND expr               { $$ = binop(p, OP_AND, $1, $3, &@2); }
  | expr OR expr                { $$ = binop(p, OP_OR, $1, $3, &@2); }
    ;

/* A reference: a name with calls, indexes and members after it. */
postfix:
    IDENT                       { $$ = mk(p, NK_NAME, &@1); $$->name = $1; }
  | postfix '(' args ')'        { $$ = mk(p, NK_CALL, &@1); $$->a = $1; $$->list = $3; $$->loc = $1->loc; }
  | postfix '[' expr ']'        { $$ = mk(p, NK_INDEX, &@1); $$->a = $1; $$->b = $3; $$->loc = $1->loc; }
  | postfix '[' '*' ']'         { $$ = mk(p, NK_EACH, &@1); $$->a = $1; $$->loc = $1->loc; }
  | postfix '.' IDENT           { $$ = mk(p, NK_MEMBER, &@3); $$->a = $1; $$->name = $3; }
  | postfix '.' member_kw       { $$ = mk(p, NK_MEMBER, &@3); $$->a = $1; $$->name = $3; }
    ;

args:
    %empty                      { $$ = (NrnList){0}; }
  | exprs
    ;

primary:
    NUMBER                      { $$ = mk(p, NK_NUM, &@1); $$->num = $1.v; $$->text = $1.text;
                                  $$->unit = $1.unit; $$->unit_loc = $1.unit_loc; }
  | postfix
  | STRING                      { $$ = mk(p, NK_STRING, &@1); $$->name = $1; }
  | '(' expr ')'                { $$ = $2; }
  | '[' exprs ']'               { $$ = mk(p, NK_LIST, &@1); $$->list = $2; }
  | '[' ']'                     { $$ = mk(p, NK_LIST, &@1); }
    ;

%%

/* "syntax error: unexpected X, expected Y or Z" at the unexpected token. */
static int yyreport_syntax_error(const yypcontext_t *ctx, NrnParser *p)
{
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
        if (expected[i] == YYSYMBOL_NUMBER || expected[i] == YYSYMBOL_IDENT)
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
