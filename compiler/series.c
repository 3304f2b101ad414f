/* series.c - reading the time series of `play "FILE" into ...` (see
 * series.h): a CSV file of (t, value) rows, checked here so that every
 * problem is reported at its line and column in the file.
 *
 * The format: one row per line, two comma-separated numbers; blank lines
 * and lines starting with '#' are skipped; the first line may instead be
 * a header naming the two columns, each name optionally followed by its
 * unit in square brackets (`t [ms], amp2 [mV]`).  A column without a unit
 * is in ms (times) or in the target's unit (values).  Times must not
 * decrease.  Leaves to the caller: what the target is and its unit.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series.h"

/* One comma-separated field of a line: [b, e) with spaces trimmed. */
typedef struct Field {
    const char *b, *e;
} Field;

static Field trim(const char *b, const char *e)
{
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    return (Field){b, e};
}

/* Splits [b, e) at commas into at most max fields; returns the count
 * (more than max when there are more). */
static int split(const char *b, const char *e, Field *f, int max)
{
    int n = 0;
    const char *s = b;
    for (const char *p = b;; p++) {
        if (p == e || *p == ',') {
            if (n < max)
                f[n] = trim(s, p);
            n++;
            s = p + 1;
            if (p == e)
                break;
        }
    }
    return n;
}

static bool number(Field f, double *out)
{
    char buf[128];
    size_t n = (size_t)(f.e - f.b);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, f.b, n);
    buf[n] = 0;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static SrcLoc at(const SrcFile *src, int line, const char *line_start, const char *p)
{
    SrcLoc l = {src, line, (int)(p - line_start) + 1};
    return l;
}

/* The unit of a header field `name [unit]`, or none: true with *has set
 * when a unit is written and valid, false (with an error) when invalid. */
static bool header_unit(Diag *diag, const SrcFile *src, int line, const char *ls, Field f, Unit *u, bool *has)
{
    *has = false;
    const char *open = memchr(f.b, '[', (size_t)(f.e - f.b));
    if (!open)
        return true;
    if (f.e[-1] != ']') {
        diag_error(diag, at(src, line, ls, open), "expected the unit in brackets at the end, as in 't [ms]'");
        return false;
    }
    Field uf = trim(open + 1, f.e - 1);
    char text[128];
    size_t n = (size_t)(uf.e - uf.b);
    if (n >= sizeof text)
        n = sizeof text - 1;
    memcpy(text, uf.b, n);
    text[n] = 0;
    char err[200];
    if (!units_parse(text, u, err, sizeof err)) {
        diag_error(diag, at(src, line, ls, uf.b), "%s", err);
        return false;
    }
    *has = true;
    return true;
}

static bool check_unit(Diag *diag, SrcLoc loc, Unit got, Unit want, bool want_known, const char *what)
{
    if (!want_known) {
        diag_error(diag, loc, "cannot convert the %s: the target's unit is not known to nrncc; drop the unit", what);
        return false;
    }
    if (!units_same_dim(got, want)) {
        char w[64], g[64];
        units_describe(want, w, sizeof w);
        units_describe(got, g, sizeof g);
        diag_error(diag, loc, "wrong unit for the %s: expected a %s, got a %s", what, w, g);
        return false;
    }
    return true;
}

bool series_read(Arena *arena, Diag *diag, const char *path, SrcLoc from, Unit yunit, bool yunit_known,
                 Series *out)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(diag, from, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    SrcFile *src = ARENA_NEW(arena, SrcFile);
    src->path = arena_strdup(arena, path);
    src->text = arena_strndup(arena, text, len);
    src->len = len;
    free(text);
    if (memchr(src->text, 0, len)) {
        diag_error(diag, from, "'%s' is not a text file", path);
        return false;
    }
    int before = diag->nerrors;
    Unit tunit_file, yunit_file;
    bool thas = false, yhas = false;
    VEC(double) ts = {0}, ys = {0};
    int line = 0, rows = 0;
    bool first = true;
    const char *p = src->text, *end = src->text + len;
    while (p < end && diag->nerrors - before < DIAG_MAX_ERRORS) {
        const char *ls = p;
        const char *le = memchr(p, '\n', (size_t)(end - p));
        if (!le)
            le = end;
        p = le + 1;
        line++;
        Field whole = trim(ls, le);
        if (whole.b == whole.e || *whole.b == '#')
            continue;
        Field f[2];
        int nf = split(ls, le, f, 2);
        double tv, yv;
        bool tnum = nf >= 1 && number(f[0], &tv), ynum = nf >= 2 && number(f[1], &yv);
        if (first && !tnum && !(nf >= 1 && f[0].b < f[0].e && (isdigit((unsigned char)*f[0].b) ||
                                                                *f[0].b == '-' || *f[0].b == '.'))) {
            /* a header */
            first = false;
            if (nf != 2) {
                diag_error(diag, at(src, line, ls, ls), "expected two columns (t, value), got %d", nf);
                continue;
            }
            header_unit(diag, src, line, ls, f[0], &tunit_file, &thas);
            header_unit(diag, src, line, ls, f[1], &yunit_file, &yhas);
            if (thas) {
                Unit ms;
                char err[8];
                units_parse("ms", &ms, err, sizeof err);
                check_unit(diag, at(src, line, ls, f[0].b), tunit_file, ms, true, "time column");
            }
            if (yhas)
                check_unit(diag, at(src, line, ls, f[1].b), yunit_file, yunit, yunit_known, "value column");
            continue;
        }
        first = false;
        if (nf != 2) {
            diag_error(diag, at(src, line, ls, nf > 2 ? f[1].e : ls), "expected two columns (t, value), got %d",
                       nf);
            continue;
        }
        if (!tnum || !ynum) {
            Field bad = !tnum ? f[0] : f[1];
            diag_error(diag, at(src, line, ls, bad.b), "expected a number, got '%.*s'", (int)(bad.e - bad.b),
                       bad.b);
            continue;
        }
        if (thas) {
            Unit ms;
            char err[8];
            units_parse("ms", &ms, err, sizeof err);
            tv = units_convert(tv, tunit_file, ms);
        }
        if (yhas && yunit_known)
            yv = units_convert(yv, yunit_file, yunit);
        if (ts.len && tv < ts.data[ts.len - 1]) {
            char a[40], b[40];
            fmt_double(a, sizeof a, tv);
            fmt_double(b, sizeof b, ts.data[ts.len - 1]);
            diag_error(diag, at(src, line, ls, f[0].b), "times must not decrease: %s ms after %s ms", a, b);
            continue;
        }
        VEC_PUSH(ts, tv);
        VEC_PUSH(ys, yv);
        rows++;
    }
    bool ok = diag->nerrors == before;
    if (ok && rows == 0) {
        diag_error(diag, from, "'%s' has no (t, value) rows", path);
        ok = false;
    }
    if (ok) {
        out->n = rows;
        out->t = ARENA_NEWN(arena, double, rows);
        out->y = ARENA_NEWN(arena, double, rows);
        memcpy(out->t, ts.data, sizeof(double) * (size_t)rows);
        memcpy(out->y, ys.data, sizeof(double) * (size_t)rows);
    }
    VEC_FREE(ts);
    VEC_FREE(ys);
    return ok;
}
