/* test_dump.c - unit tests of the parse pass of nrncc --dump-after
 * (compiler/dump.c): NMODL printed back parses again to the same tree
 * (every node, parentheses included, places aside) and prints to the
 * same text; expressions get exactly the parentheses they need.  Reads
 * every .mod file under stdlib/, tests/mods/ and tests/errors/mods/ that
 * parses (run from the top of the tree), without checking them.  Links
 * with the compiler's objects. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "nmodl_parse.h"
#include "sym.h"

static int passed, failed;

static void check(const char *what, int cond)
{
    if (cond) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_tree(const MNode *a, const MNode *b);

static bool same_list(const MList *a, const MList *b)
{
    if (a->len != b->len)
        return false;
    for (int i = 0; i < a->len; i++)
        if (!same_tree(a->items[i], b->items[i]))
            return false;
    return true;
}

/* Equal in everything the compiler reads: a number's text as written,
 * a title's spaces and a UNITS block's layout are the printer's to
 * normalise. */
static bool same_tree(const MNode *a, const MNode *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || !same_str(a->name, b->name) || !same_str(a->name2, b->name2) ||
        !same_str(a->units, b->units) || a->op != b->op || a->order != b->order || a->flag != b->flag ||
        a->paren != b->paren)
        return false;
    if (a->num != b->num && !(a->num != a->num && b->num != b->num))
        return false;
    if ((a->kind == MK_VERBATIM || a->kind == MK_STRING) && !same_str(a->text, b->text))
        return false;
    return same_tree(a->a, b->a) && same_tree(a->b, b->b) && same_tree(a->c, b->c) && same_tree(a->d, b->d) &&
           same_list(&a->list, &b->list) && same_list(&a->list2, &b->list2) && same_list(&a->body, &b->body);
}

static bool parse_text(Arena *a, const char *path, const char *text, ModFile *mod, FILE *errs)
{
    SrcFile *src = ARENA_NEW(a, SrcFile);
    src->path = path;
    src->text = arena_strdup(a, text);
    src->len = strlen(text);
    Diag d;
    diag_init(&d, errs);
    memset(mod, 0, sizeof *mod);
    return nmodl_parse_file(a, &d, src, mod);
}

/* print(parse(text)) parses to the same tree and prints to the same text. */
static void round_trip(Arena *a, const char *path, const char *text, FILE *quiet)
{
    ModFile m1, m2;
    if (!parse_text(a, path, text, &m1, quiet))
        return; /* a file of syntax errors: nothing to print */
    StrBuf p1 = {0}, p2 = {0};
    dump_nmodl(&m1, &p1);
    char what[512];
    snprintf(what, sizeof what, "%s: the printed text parses", path);
    bool ok = parse_text(a, path, sb_str(&p1), &m2, stdout);
    check(what, ok);
    if (ok) {
        snprintf(what, sizeof what, "%s: the same tree again", path);
        check(what, same_list(&m1.blocks, &m2.blocks));
        dump_nmodl(&m2, &p2);
        snprintf(what, sizeof what, "%s: the same text again", path);
        check(what, !strcmp(sb_str(&p1), sb_str(&p2)));
    }
    sb_free(&p1);
    sb_free(&p2);
}

static void round_trip_dir(Arena *a, const char *dir, FILE *quiet, int *nfiles)
{
    DIR *d = opendir(dir);
    if (!d) {
        check(dir, 0);
        return;
    }
    /* in name order, so that the output is the same every time */
    char *names[512];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".mod"))
            names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        char *path = arena_printf(a, "%s/%s", dir, names[i]);
        free(names[i]);
        char *text = read_file(path, NULL);
        if (!text) {
            check(path, 0);
            continue;
        }
        round_trip(a, path, text, quiet);
        free(text);
        (*nfiles)++;
    }
}

/* `x = EXPR` printed back: want (NULL: as written). */
static void expr_case(Arena *a, const char *expr, const char *want)
{
    char buf[512];
    snprintf(buf, sizeof buf, "PROCEDURE p() {\n    x = %s\n}\n", expr);
    ModFile m;
    if (!parse_text(a, "<test>", buf, &m, stdout)) {
        check(expr, 0);
        return;
    }
    StrBuf b = {0};
    dump_expr(m.blocks.items[0]->body.items[0]->b, &b);
    char what[512];
    snprintf(what, sizeof what, "'%s' prints as '%s' (got '%s')", expr, want ? want : expr, sb_str(&b));
    check(what, !strcmp(sb_str(&b), want ? want : expr));
    sb_free(&b);
    round_trip(a, "<test>", buf, stdout);
}

int main(void)
{
    Arena a = {0};
    FILE *quiet = fopen("/dev/null", "w");
    /* precedence and grouping: parentheses where written, none added */
    expr_case(&a, "a - b - c", NULL);
    expr_case(&a, "a - (b - c)", NULL);
    expr_case(&a, "a/b*c", "a / b * c");
    expr_case(&a, "a ^ b ^ c", NULL);
    expr_case(&a, "(a ^ b) ^ c", NULL);
    expr_case(&a, "-a ^ 2", NULL);
    expr_case(&a, "(-a) ^ 2", NULL);
    expr_case(&a, "-a * b", NULL);
    expr_case(&a, "-(a * b)", NULL);
    expr_case(&a, "- -a", NULL);
    expr_case(&a, "--a", "- -a");
    expr_case(&a, "+a", "a");
    expr_case(&a, "!a && b || c < d == e", NULL);
    expr_case(&a, "((a))", "(a)");
    expr_case(&a, "f(a, (b + c) * 2, g())", NULL);
    expr_case(&a, ".5e-3 + 1.0 + 2e9 + 100", "0.0005 + 1 + 2e9 + 100");
    expr_case(&a, "2 (mV) * s[i + 1]", NULL);
    /* trees built by sym.c: parentheses from precedence alone */
    {
        SrcLoc none = {NULL, 0, 0};
        MNode *n = mnode(&a, MK_BINOP, none);
        n->op = '*';
        n->a = sym_num(&a, -1, none);
        n->b = mnode(&a, MK_BINOP, none);
        n->b->op = '+';
        n->b->a = sym_num(&a, 2, none);
        n->b->b = sym_num(&a, 3, none);
        StrBuf b = {0};
        dump_expr(n, &b);
        check("sym tree -1 * (2 + 3)", !strcmp(sb_str(&b), "-1 * (2 + 3)"));
        sb_free(&b);
    }
    int nfiles = 0;
    round_trip_dir(&a, "stdlib", quiet, &nfiles);
    round_trip_dir(&a, "tests/mods", quiet, &nfiles);
    round_trip_dir(&a, "tests/errors/mods", quiet, &nfiles);
    check("found the .mod files", nfiles > 30);
    arena_free(&a);
    if (quiet)
        fclose(quiet);
    printf("%d passed, %d failed (%d .mod files printed and parsed again)\n", passed, failed, nfiles);
    return failed != 0;
}
