/* test_sym.c - unit tests of the symbolic module (compiler/sym.c): the
 * derivatives and the A + B*s split that cnexp needs, printed back as
 * NMODL text, and the linearity test.  Links with the compiler's objects. */
#include <stdio.h>
#include <string.h>

#include "nmodl_parse.h"
#include "sym.h"

static int passed, failed;

/* The expression of `x = EXPR` parsed from NMODL text. */
static MNode *parse_expr(Arena *a, const char *text)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "PROCEDURE p() {\n x = %s\n}\n", text);
    SrcFile *src = ARENA_NEW(a, SrcFile);
    src->path = "<test>";
    src->text = arena_strdup(a, buf);
    src->len = strlen(buf);
    Diag d;
    diag_init(&d, stderr);
    ModFile *mod = ARENA_NEW(a, ModFile);
    if (!nmodl_parse_file(a, &d, src, mod))
        return NULL;
    return mod->blocks.items[0]->body.items[0]->b;
}

static void check_text(const char *what, const MNode *e, const char *want)
{
    StrBuf b = {0};
    if (e)
        sym_print(e, &b);
    else
        sb_puts(&b, "(null)");
    if (strcmp(sb_str(&b), want) == 0) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s: got '%s', want '%s'\n", what, sb_str(&b), want);
    }
    sb_free(&b);
}

static void check(const char *what, int cond)
{
    if (cond) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

static void diff_case(Arena *a, const char *expr, const char *var, const char *want)
{
    char what[256];
    snprintf(what, sizeof what, "d/d%s %s", var, expr);
    check_text(what, sym_diff(a, parse_expr(a, expr), var), want);
}

int main(void)
{
    Arena a = {0};
    /* cnexp's B for hh's gates and ExpSyn: exactly nocmodl's forms */
    diff_case(&a, "(minf - m)/mtau", "m", "-1 / mtau");
    diff_case(&a, "-g/tau", "g", "-1 / tau");
    diff_case(&a, "a*s + b", "s", "a");
    diff_case(&a, "s*a", "s", "a");
    diff_case(&a, "3", "s", "0");
    diff_case(&a, "y", "s", "0");
    diff_case(&a, "s*s", "s", "s + s");
    diff_case(&a, "exp(2*s)", "s", "exp(2 * s) * 2");
    diff_case(&a, "s^3", "s", "3 * s ^ 2");
    diff_case(&a, "1/s", "s", "-1 / (s * s)");
    diff_case(&a, "log(s)", "s", "1 / s");
    diff_case(&a, "f(s)", "s", "(null)");
    diff_case(&a, "f(y)*s", "s", "f(y)");
    /* A = f(s = 0), simplified */
    MNode *f = parse_expr(&a, "(minf - m)/mtau");
    check_text("A of hh's m", sym_simplify(&a, sym_subst(&a, f, "m", sym_num(&a, 0, f->loc))), "minf / mtau");
    f = parse_expr(&a, "-g/tau");
    MNode *A = sym_simplify(&a, sym_subst(&a, f, "g", sym_num(&a, 0, f->loc)));
    check("A of ExpSyn's g is zero", A->kind == MK_NUM && A->num == 0);
    /* linearity: B does not depend on s */
    check("(minf - m)/mtau is linear in m", !sym_depends(sym_diff(&a, parse_expr(&a, "(minf - m)/mtau"), "m"), "m"));
    check("m*m is not linear in m", sym_depends(sym_diff(&a, parse_expr(&a, "m*m - 1"), "m"), "m"));
    check("depends", sym_depends(parse_expr(&a, "a + exp(b*c)"), "c"));
    check("does not depend", !sym_depends(parse_expr(&a, "a + exp(b*c)"), "d"));
    /* folding gives the run-time double */
    MNode *k = sym_simplify(&a, parse_expr(&a, "1/3 + 0*x"));
    check("1/3 folds to the same double", k->kind == MK_NUM && k->num == 1.0 / 3.0);
    arena_free(&a);
    printf("sym: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
