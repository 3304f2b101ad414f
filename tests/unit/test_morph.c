/* test_morph.c - unit tests of the morphology importers (compiler/morph*.c)
 * against NEURON 8.2.2:
 *  - the real SWC cell of the swc_cell oracle: every section's name,
 *    parent, parent_x, number of 3-D points, L and d_lambda nseg equal
 *    ../shared/oracle/swc_cell/sections.csv;
 *  - Debian's pyramid.nrn (hoc with fscan data): its 79 sections in the
 *    order and with the d_lambda nseg of ../shared/oracle/pyramid_seed;
 *  - small SWC files (each soma form) and a hoc file of the supported
 *    subset under tests/unit/morph/, against NAME.expect written by
 *    tests/unit/morph/expect.py with NEURON (points, arcs, L, nseg, Ra,
 *    cm, diam), a CellBuilder-style file (L and diam set on sections with
 *    points) among them;
 *  - d_lambda on cylinders and points; diagnostics of bad input.
 *
 * Run from the repository root.  Paths: argv[1..4] or the environment
 * (MORPH_SWC, MORPH_ORACLE, MORPH_PYRAMID, MORPH_CASES); defaults
 * ../shared/morphologies/control-1-wt.CNG.swc, ../shared/oracle,
 * /usr/share/nrn/demo/pyramid.nrn, tests/unit/morph.  A part whose files
 * (oracle, pyramid.nrn) are absent is skipped with a line saying so; the
 * small cases are ours and must be there.
 * Prints one line per failure, then "morph: N passed, N failed". */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "morph.h"

static int passed, failed;

static void check(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(int cond, const char *fmt, ...)
{
    if (cond) {
        passed++;
        return;
    }
    failed++;
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

static const char *path_arg(int argc, char **argv, int i, const char *env, const char *def)
{
    if (argc > i && argv[i][0])
        return argv[i];
    const char *e = getenv(env);
    return e && e[0] ? e : def;
}

static bool exists(const char *path)
{
    return access(path, R_OK) == 0;
}

/* Splits a CSV line in place (no quoting in our files). */
static int split(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = 0;
        p = c + 1;
    }
    return n;
}

static bool rel_close(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fabs(b);
}

/* nseg by d_lambda 0.1 at 100 Hz, both ways: from the section's own arcs
 * and, for sections with points, from the points alone (the required
 * interface), which must agree when the arcs are the points' own. */
static int nseg_of(const MorphSection *s, double Ra, double cm)
{
    int n = morph_section_dlambda(s, Ra, cm, 0.1, 100);
    if (s->npts > 1) {
        double L = morph_arc_length(s->pts, s->npts);
        int m = morph_dlambda_nseg(s->pts, s->npts, L, s->diam, Ra, cm, 0.1, 100);
        check(m == n, "%s: d_lambda from points %d, from arcs %d", s->name, m, n);
    }
    return n;
}

/* L the way NEURON has it: the last arc of a section with points. */
static double L_of(const MorphSection *s)
{
    if (s->npts > 1)
        return s->arc[s->npts - 1] < 1e-9 ? 1e-9 : s->arc[s->npts - 1];
    return isnan(s->L) ? 100 : s->L;
}

/* ---- the swc_cell oracle ---- */

static void test_swc_cell(const char *swc, const char *oracle)
{
    char csv[1024];
    snprintf(csv, sizeof csv, "%s/swc_cell/sections.csv", oracle);
    if (!exists(swc) || !exists(csv)) {
        printf("morph: skipped (no %s or %s)\n", swc, csv);
        return;
    }
    Arena a = {0};
    Diag d;
    diag_init(&d, stdout);
    Morphology m = {0};
    bool ok = morph_read_swc(&a, &d, swc, (SrcLoc){0}, &m);
    check(ok, "swc_cell: %s not read", swc);
    FILE *f = fopen(csv, "r");
    char line[1024];
    int row = 0;
    if (!fgets(line, sizeof line, f))
        line[0] = 0;
    while (ok && fgets(line, sizeof line, f)) {
        char *c[8];
        if (split(line, c, 8) != 6)
            continue;
        if (row >= m.nsecs) {
            row++;
            continue;
        }
        const MorphSection *s = &m.secs[row];
        const char *par = s->parent >= 0 ? m.secs[s->parent].name : "";
        check(strcmp(s->name, c[0]) == 0, "swc_cell row %d: name %s, NEURON %s", row, s->name, c[0]);
        check(strcmp(par, c[1]) == 0, "swc_cell %s: parent '%s', NEURON '%s'", c[0], par, c[1]);
        check(s->parent_x == strtod(c[2], NULL), "swc_cell %s: parent_x %.17g, NEURON %s", c[0],
              s->parent_x, c[2]);
        check(s->npts == atoi(c[3]), "swc_cell %s: n3d %d, NEURON %s", c[0], s->npts, c[3]);
        double L = morph_arc_length(s->pts, s->npts);
        check(rel_close(L, strtod(c[4], NULL), 1e-12), "swc_cell %s: L %.17g, NEURON %s", c[0], L, c[4]);
        check(L == L_of(s), "swc_cell %s: arcs end at %.17g, points give %.17g", c[0], L_of(s), L);
        int nseg = nseg_of(s, 100, 1);
        check(nseg == atoi(c[5]), "swc_cell %s: d_lambda nseg %d, NEURON %s", c[0], nseg, c[5]);
        row++;
    }
    fclose(f);
    if (ok)
        check(row == m.nsecs, "swc_cell: %d sections, NEURON %d", m.nsecs, row);
    arena_free(&a);
}

/* ---- pyramid.nrn and the pyramid_seed oracle ---- */

static void test_pyramid(const char *pyramid, const char *oracle)
{
    char csv[1024];
    snprintf(csv, sizeof csv, "%s/pyramid_seed/geometry.csv", oracle);
    if (!exists(pyramid)) {
        printf("morph: skipped (no pyramid.nrn)\n");
        return;
    }
    if (!exists(csv)) {
        printf("morph: skipped (no %s)\n", csv);
        return;
    }
    Arena a = {0};
    Diag d;
    diag_init(&d, stdout);
    Morphology m = {0};
    bool ok = morph_read_hoc(&a, &d, pyramid, (SrcLoc){0}, &m);
    check(ok, "pyramid: %s not read", pyramid);
    check(m.nsecs == 79, "pyramid: %d sections, NEURON 79", m.nsecs);
    /* sections in first-appearance order with their row counts */
    FILE *f = fopen(csv, "r");
    char line[1024], names[128][64];
    int counts[128] = {0}, n = 0;
    if (!fgets(line, sizeof line, f))
        line[0] = 0;
    while (fgets(line, sizeof line, f)) {
        char *c[4];
        if (split(line, c, 4) < 1)
            continue;
        if (n == 0 || strcmp(names[n - 1], c[0]) != 0) {
            if (n == 128)
                break;
            snprintf(names[n], sizeof names[n], "%s", c[0]);
            n++;
        }
        counts[n - 1]++;
    }
    fclose(f);
    check(n == 79, "pyramid: oracle has %d sections", n);
    for (int i = 0; ok && i < n && i < m.nsecs; i++) {
        const MorphSection *s = &m.secs[i];
        check(strcmp(s->name, names[i]) == 0, "pyramid section %d: %s, NEURON %s", i, s->name, names[i]);
        int nseg = nseg_of(s, 100, 1);
        check(nseg == counts[i], "pyramid %s: d_lambda nseg %d, NEURON %d", names[i], nseg, counts[i]);
        check(s->npts >= 2, "pyramid %s: %d 3-D points", names[i], s->npts);
    }
    arena_free(&a);
}

/* ---- small cases against NEURON's own output ---- */

static void test_case(const char *dir, const char *file)
{
    char path[1024], expect[1100];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(expect, sizeof expect, "%s.expect", path);
    if (!exists(path) || !exists(expect)) {
        check(0, "%s: missing (run from the repository root)", expect);
        return;
    }
    Arena a = {0};
    Diag d;
    FILE *msgs = tmpfile();
    diag_init(&d, msgs);
    Morphology m = {0};
    bool swc = strstr(file, ".swc") != NULL;
    bool ok = swc ? morph_read_swc(&a, &d, path, (SrcLoc){0}, &m)
                  : morph_read_hoc(&a, &d, path, (SrcLoc){0}, &m);
    check(ok, "%s: not read", file);
    /* NEURON removes one zero-length section of midbranch.swc; we warn */
    int want_warnings = strcmp(file, "midbranch.swc") == 0;
    check(d.nwarnings == want_warnings, "%s: %d warnings, want %d", file, d.nwarnings, want_warnings);
    if (!ok || d.nwarnings != want_warnings) {
        char buf[512];
        rewind(msgs);
        while (fgets(buf, sizeof buf, msgs))
            printf("    | %s", buf);
    }
    fclose(msgs);
    if (!ok) {
        arena_free(&a);
        return;
    }
    FILE *f = fopen(expect, "r");
    char line[1024];
    int isec = -1, ipt = 0;
    const MorphSection *s = NULL;
    while (fgets(line, sizeof line, f)) {
        char *c[12];
        if (line[0] == 'S') {
            if (s)
                check(ipt == s->npts, "%s %s: %d points, NEURON %d", file, s->name, s->npts, ipt);
            int nf = split(line + 2, c, 12);
            isec++;
            ipt = 0;
            s = isec < m.nsecs ? &m.secs[isec] : NULL;
            if (nf != 10 || !s) {
                check(0, "%s: NEURON has section %s beyond our %d", file, c[0], m.nsecs);
                s = NULL;
                continue;
            }
            const char *par = s->parent >= 0 ? m.secs[s->parent].name : "";
            check(strcmp(s->name, c[0]) == 0, "%s section %d: %s, NEURON %s", file, isec, s->name, c[0]);
            check(strcmp(par, c[1]) == 0, "%s %s: parent '%s', NEURON '%s'", file, c[0], par, c[1]);
            check(s->parent_x == strtod(c[2], NULL), "%s %s: parent_x %g, NEURON %s", file, c[0],
                  s->parent_x, c[2]);
            check(s->child_x == strtod(c[3], NULL), "%s %s: child_x %g, NEURON %s", file, c[0],
                  s->child_x, c[3]);
            double L = L_of(s);
            check(rel_close(L, strtod(c[5], NULL), 1e-12), "%s %s: L %.17g, NEURON %s", file, c[0], L, c[5]);
            int nseg = s->nseg > 0 ? s->nseg : 1;
            check(nseg == atoi(c[6]), "%s %s: nseg %d, NEURON %s", file, c[0], nseg, c[6]);
            double Ra = isnan(s->Ra) ? 35.4 : s->Ra, cm = isnan(s->cm) ? 1 : s->cm;
            check(Ra == strtod(c[7], NULL), "%s %s: Ra %g, NEURON %s", file, c[0], Ra, c[7]);
            check(cm == strtod(c[8], NULL), "%s %s: cm %g, NEURON %s", file, c[0], cm, c[8]);
            if (s->npts == 0) {
                double diam = isnan(s->diam) ? 500 : s->diam;
                check(diam == strtod(c[9], NULL), "%s %s: diam %g, NEURON %s", file, c[0], diam, c[9]);
            }
            if (swc)
                check(s->loc.file && s->loc.line > 0, "%s %s: no place in the file", file, c[0]);
        } else if (line[0] == 'P' && s) {
            if (split(line + 2, c, 12) != 5)
                continue;
            if (ipt < s->npts) {
                const MorphPoint *p = &s->pts[ipt];
                double got[5] = {(float)p->x, (float)p->y, (float)p->z, fabs((float)p->d), s->arc[ipt]};
                for (int k = 0; k < 5; k++)
                    check(got[k] == strtod(c[k], NULL), "%s %s: point %d %s %.17g, NEURON %s", file,
                          s->name, ipt, (const char *[]){"x", "y", "z", "diam", "arc"}[k], got[k], c[k]);
            }
            ipt++;
        }
    }
    if (s)
        check(ipt == s->npts, "%s %s: %d points, NEURON %d", file, s->name, s->npts, ipt);
    check(isec + 1 == m.nsecs, "%s: %d sections, NEURON %d", file, m.nsecs, isec + 1);
    fclose(f);
    arena_free(&a);
}

/* ---- d_lambda ---- */

static void test_dlambda(void)
{
    /* cylinders: NEURON's lambda_f from diam */
    check(morph_dlambda_nseg(NULL, 0, 1000, 1, 100, 1, 0.1, 100) == 37, "d_lambda cylinder 1000/1");
    check(morph_dlambda_nseg(NULL, 0, 30, 2.5, 35.4, 1, 0.1, 100) == 1, "d_lambda cylinder 30/2.5");
    check(morph_dlambda_nseg(NULL, 0, 200, 0.5, 150, 2, 0.05, 1000) == 111, "d_lambda cylinder 200/0.5");
    /* 3-D points (values from NEURON: L, then nseg at 0.1/100 Hz and 0.02/500 Hz) */
    MorphPoint p[] = {{0, 0, 0, 1}, {5, 5, 0, 1}, {10, 10, 0.1, 0.5}, {40, 12, 3, 0.25}};
    double L = morph_arc_length(p, 4);
    check(L == 44.34896791099038, "arc length %.17g, NEURON 44.34896791099038", L);
    check(morph_dlambda_nseg(p, 4, L, NAN, 100, 1, 0.1, 100) == 3, "d_lambda points 0.1/100");
    check(morph_dlambda_nseg(p, 4, L, NAN, 100, 1, 0.02, 500) == 27, "d_lambda points 0.02/500");
    MorphPoint same[] = {{1, 2, 3, 1}, {1, 2, 3, 1}};
    check(morph_arc_length(same, 2) == 1e-9, "zero arc length gives NEURON's 1e-9");
}

/* ---- diagnostics ---- */

/* The first line the reader reports for a file holding text. */
static void bad_input(bool swc, const char *text, const char *want)
{
    const char *tmp = getenv("TMPDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/nrncc_morph_XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        check(0, "cannot make a temporary file for '%s'", want);
        return;
    }
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    FILE *out = tmpfile();
    Arena a = {0};
    Diag d;
    diag_init(&d, out);
    Morphology m = {0};
    bool ok = swc ? morph_read_swc(&a, &d, path, (SrcLoc){0}, &m)
                  : morph_read_hoc(&a, &d, path, (SrcLoc){0}, &m);
    rewind(out);
    char line[1024] = "";
    if (!fgets(line, sizeof line, out))
        line[0] = 0;
    line[strcspn(line, "\n")] = 0;
    fclose(out);
    remove(path);
    /* compare after the path */
    const char *got = strncmp(line, path, strlen(path)) == 0 ? line + strlen(path) : line;
    check(!ok && strcmp(got, want) == 0, "bad input: got '%s' (%s), want '%s'", got,
          ok ? "accepted" : "rejected", want);
    arena_free(&a);
}

static void test_errors(void)
{
    bad_input(false, "create soma\nxopen(\"cell.hoc\")\n",
              ":2:1: error: hoc: 'xopen' is not supported by nrncc's geometry reader");
    bad_input(false, "objref sl\n", ":1:1: error: hoc: 'objref' is not supported by nrncc's geometry reader");
    bad_input(false, "create soma\nsoma insert hh\n",
              ":2:6: error: hoc: 'insert' is not supported by nrncc's geometry reader");
    bad_input(false, "create soma\nsoma.diam(0.5) = 2\n",
              ":2:10: error: hoc: values at a position ('diam(x)') are not supported by nrncc's geometry reader");
    bad_input(false, "create soma\n{ x = 1  y = 2 }\nx = 1  y = 2\n",
              ":3:8: error: hoc: syntax error: expected the end of the line, found 'y'");
    bad_input(false, "x = 0\nif (x) {\n}\nelse { x = 1 }\n",
              ":4:1: error: hoc: syntax error: 'else' must follow its 'if' statement on the same line");
    bad_input(false, "create a, b\nconnect b(0.5), a(1)\n",
              ":2:11: error: hoc: 'b' must connect at position 0 or 1, not 0.5");
    bad_input(false, "create a, b\nconnect b(0), a(1)\nconnect a(0), b(1)\n",
              ":3:1: error: hoc: connecting 'a' to 'b' would make a loop");
    bad_input(false, "create a[2]\na[2] { L = 1 }\n",
              ":2:3: error: hoc: index 2 is out of range for section array 'a[2]'");
    bad_input(false, "proc p() { x = $2 }\np(1)\n", ":1:16: error: hoc: there is no argument '$2' here");
    bad_input(false, "create a\na { pt3dadd(0, 0, 0) }\n", ":2:5: error: hoc: 'pt3dadd' takes 4 arguments");
    bad_input(false, "create soma\nn = fscan()\n", ":2:5: error: hoc: fscan() found no more numbers in the file");
    bad_input(false, "y = x + 1\n", ":1:5: error: hoc: undefined variable 'x'");
    bad_input(false, "create a\na { pt3dadd(0, 0, 0, 1) L = 5 }\n",
              ":2:25: error: hoc: setting 'L' of a section whose 3-d points have no length is not "
              "supported by nrncc's geometry reader");
    bad_input(false, "create a\na { pt3dadd(0, 0, 0, 1) pt3dadd(1, 0, 0, 2) x = diam }\n",
              ":2:49: error: hoc: reading 'diam' of a section whose 3-d points differ in diameter is "
              "not supported by nrncc's geometry reader");
    bad_input(false, "create soma\nproc p() {\n", ":2:10: error: hoc: this '{' is never closed");
    bad_input(false, "x = 1/0\n", ":1:6: error: hoc: division by zero");
    bad_input(true, "1 1 0 0 0 1 -1\n2 3 1 0 0 1 5\n", ":2:1: error: SWC: parent 5 of point 2 does not exist");
    bad_input(true, "1 1 0 0 0 1 -1\n2 3 1 0 0 1 3\n3 3 2 0 0 1 1\n",
              ":2:1: error: SWC: parent 3 of point 2 must have a smaller id");
    bad_input(true, "1 1 0 0 0 1 -1\n2 3 1 0 0 1 2\n", ":2:1: error: SWC: point 2 is its own parent");
    bad_input(true, "1 1 0 0 0 1 -1\n2 3 1 0 0 1 4\n3 3 2 0 0 1 2\n4 3 3 0 0 1 3\n",
              ":2:1: error: SWC: the parents of point 2 form a cycle (2 -> 4 -> 3 -> 2)");
    bad_input(true, "1 1 0 0 0 1 -1\n2 3 1 0 0 -0.25 1\n",
              ":2:1: error: SWC: point 2 has a negative radius (-0.25 um)");
    bad_input(true, "1 1 0 0 0 1 -1\n2 3 1 0 0 1 -1\n",
              ":2:1: error: SWC: more than one tree (NEURON's Import3d reads one)");
    bad_input(true, "# c\n1 1 0 0 0 1 -1\n2 3 1 0 0\n",
              ":3:1: error: SWC: expected 7 numbers: id type x y z radius parent");
    bad_input(true, "1 1 0 0 0 1 -1\n3 3 1 0 0 1 2\n", ":2:1: error: SWC: parent 2 of point 3 does not exist");
    bad_input(true, "# nothing\n", ":1:1: error: SWC: the file has no points");

    /* a file that cannot be read: the error is at the model's place */
    SrcFile model = {"cell.nrn", "morphology \"x.swc\"\n", 19};
    FILE *out = tmpfile();
    Arena a = {0};
    Diag d;
    diag_init(&d, out);
    Morphology m = {0};
    bool ok = morph_read_swc(&a, &d, "tests/unit/morph/no-such-file.swc", (SrcLoc){&model, 1, 12}, &m);
    rewind(out);
    char line[1024] = "";
    if (!fgets(line, sizeof line, out))
        line[0] = 0;
    fclose(out);
    const char *want = "cell.nrn:1:12: error: cannot read 'tests/unit/morph/no-such-file.swc'";
    check(!ok && strncmp(line, want, strlen(want)) == 0, "missing file: got '%s'", line);
    arena_free(&a);
}

int main(int argc, char **argv)
{
    const char *swc = path_arg(argc, argv, 1, "MORPH_SWC", "../shared/morphologies/control-1-wt.CNG.swc");
    const char *oracle = path_arg(argc, argv, 2, "MORPH_ORACLE", "../shared/oracle");
    const char *pyramid = path_arg(argc, argv, 3, "MORPH_PYRAMID", "/usr/share/nrn/demo/pyramid.nrn");
    const char *cases = path_arg(argc, argv, 4, "MORPH_CASES", "tests/unit/morph");
    test_swc_cell(swc, oracle);
    test_pyramid(pyramid, oracle);
    static const char *const files[] = {"soma1pt.swc",     "soma3pt.swc",   "soma3pt_branched.swc",
                                        "somacontour.swc", "midbranch.swc", "features.hoc",
                                        "cellbuilder.hoc"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        test_case(cases, files[i]);
    test_dlambda();
    test_errors();
    printf("morph: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
