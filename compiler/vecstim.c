/* vecstim.c - reading a VecStim's spike times (see vecstim.h).
 *
 * The format: one time per line; blank lines and lines starting with '#'
 * are skipped; the first other line may instead be a header naming the
 * column, optionally with its unit in square brackets (`t [s]`); without
 * one the times are in ms.  Times must be finite, >= 0 and not decrease
 * (NEURON's VecStim cannot send an event into the past).  Leaves to
 * model.c: which cell the times belong to.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "morph.h"
#include "units.h"
#include "vecstim.h"

static bool check_one(Diag *diag, SrcLoc at, double t, double prev, bool has_prev)
{
    char a[40], b[40];
    fmt_double(a, sizeof a, t);
    if (!isfinite(t)) {
        diag_error(diag, at, "a spike time must be a finite number, got %s", a);
        return false;
    }
    if (t < 0) {
        diag_error(diag, at, "a spike time must be >= 0 ms, got %s ms", a);
        return false;
    }
    if (has_prev && t < prev) {
        fmt_double(b, sizeof b, prev);
        diag_error(diag, at, "spike times must not decrease: %s ms after %s ms", a, b);
        return false;
    }
    return true;
}

bool vecstim_check_times(Diag *diag, const double *t, const SrcLoc *from, int n)
{
    for (int i = 0; i < n; i++)
        if (!check_one(diag, from[i], t[i], i ? t[i - 1] : 0, i > 0))
            return false;
    return true;
}

/* A header `NAME` or `NAME [UNIT]` (p: the line, without its end): the
 * factor to ms in *scale.  False when the line is not a header or its
 * unit is not a time (then *bad is set and an error reported). */
static bool header(Diag *diag, const SrcFile *sf, int line, const char *p, const char *e, double *scale, bool *bad)
{
    const char *q = p;
    if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_'))
        return false;
    while (q < e && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' || (*q >= '0' && *q <= '9')))
        q++;
    while (q < e && (*q == ' ' || *q == '\t'))
        q++;
    *scale = 1;
    if (q == e)
        return true;
    if (*q != '[')
        return false;
    const char *u = q + 1, *ue = memchr(u, ']', (size_t)(e - u));
    SrcLoc at = {sf, line, (int)(u - p) + 1};
    const char *rest = ue ? ue + 1 : e;
    while (rest < e && (*rest == ' ' || *rest == '\t'))
        rest++;
    if (!ue || rest != e) {
        diag_error(diag, at, "expected a header 'NAME [UNIT]'");
        *bad = true;
        return true;
    }
    char ubuf[64], err[100];
    size_t n = (size_t)(ue - u);
    if (n >= sizeof ubuf)
        n = sizeof ubuf - 1;
    memcpy(ubuf, u, n);
    ubuf[n] = 0;
    Unit unit, ms;
    units_parse("ms", &ms, NULL, 0);
    if (!units_parse(ubuf, &unit, err, sizeof err)) {
        diag_error(diag, at, "%s", err);
        *bad = true;
        return true;
    }
    if (!units_same_dim(unit, ms)) {
        diag_error(diag, at, "spike times are times: '%s' is not a unit of time", ubuf);
        *bad = true;
        return true;
    }
    *scale = units_convert(1.0, unit, ms);
    return true;
}

bool vecstim_read(Arena *arena, Diag *diag, const char *path, SrcLoc from, double **t, int *n)
{
    const SrcFile *sf = morph_load_file(arena, diag, path, from);
    if (!sf)
        return false;
    size_t len = sf->len;
    VEC(double) ts = {0};
    double scale = 1;
    bool first = true, ok = true;
    int line = 0;
    for (const char *p = sf->text; ok && p < sf->text + len;) {
        line++;
        const char *e = memchr(p, '\n', (size_t)(sf->text + len - p));
        if (!e)
            e = sf->text + len;
        const char *next = e + 1;
        const char *b = p;
        while (e > b && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        p = next;
        if (b == e || *b == '#')
            continue;
        bool bad = false;
        if (first && header(diag, sf, line, b, e, &scale, &bad)) {
            first = false;
            ok = !bad;
            continue;
        }
        first = false;
        char buf[128];
        size_t m = (size_t)(e - b);
        SrcLoc at = {sf, line, 1};
        for (const char *c = b; c > sf->text && c[-1] != '\n'; c--)
            at.col++;
        char *end = buf;
        double v = 0;
        if (m < sizeof buf) {
            memcpy(buf, b, m);
            buf[m] = 0;
            v = strtod(buf, &end);
        }
        if (m >= sizeof buf || end == buf || *end) {
            diag_error(diag, at, "expected one spike time (ms) per line");
            ok = false;
            break;
        }
        v *= scale;
        if (!check_one(diag, at, v, ts.len ? ts.data[ts.len - 1] : 0, ts.len > 0)) {
            ok = false;
            break;
        }
        VEC_PUSH(ts, v);
    }
    if (ok) {
        *n = ts.len;
        *t = ARENA_NEWN(arena, double, ts.len ? ts.len : 1);
        if (ts.len)
            memcpy(*t, ts.data, sizeof(double) * (size_t)ts.len);
    }
    VEC_FREE(ts);
    return ok;
}

bool vecstim_schedule(const double *e, int n, double *d, double *x, int *bad)
{
    double t = 0;
    for (int k = 0; k < n; k++) {
        /* volatile: each operation rounded to double, in this order */
        volatile double sum = t + e[k];
        volatile double dk = sum - t;
        d[k] = dk;
        /* the nearest x (in units in the last place) with t + (x - t) == d[k] */
        bool found = false;
        for (int step = 0; step <= 64 && !found; step++) {
            for (int dir = 0; dir < 2 && !found; dir++) {
                double c = dk;
                for (int s = 0; s < step; s++)
                    c = nextafter(c, dir ? INFINITY : -INFINITY);
                volatile double diff = c - t;
                volatile double at = t + diff;
                if (at == dk) {
                    x[k] = c;
                    found = true;
                }
            }
        }
        if (!found) {
            *bad = k;
            return false;
        }
        t = dk;
    }
    return true;
}
