/* positions.c - a population's positions from a file (see positions.h). */
#include "positions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "morph.h"

/* Is [b, e) the header x,y,z (commas or blanks between)? */
static bool is_header(const char *b, const char *e)
{
    const char *want = "xyz";
    for (int k = 0; k < 3; k++) {
        while (b < e && (*b == ' ' || *b == '\t' || (k > 0 && *b == ',')))
            b++;
        if (b == e || *b != want[k])
            return false;
        b++;
    }
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    return b == e;
}

bool positions_read(Arena *arena, Diag *diag, const char *path, SrcLoc from, int n, double *pos)
{
    const SrcFile *sf = morph_load_file(arena, diag, path, from);
    if (!sf)
        return false;
    const char *end = sf->text + sf->len;
    int line = 0, cells = 0;
    bool first = true;
    for (const char *p = sf->text; p < end;) {
        line++;
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        const char *next = e + 1, *lb = p;
        while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        const char *b = p;
        p = next;
        if (b == e || *b == '#')
            continue;
        if (first && is_header(b, e)) {
            first = false;
            continue;
        }
        first = false;
        SrcLoc at = {sf, line, (int)(b - lb) + 1};
        if (cells == n) {
            diag_error(diag, at, "more than the population's %d cells", n);
            return false;
        }
        const char *c = b;
        for (int k = 0; k < 3; k++) {
            while (c < e && (*c == ' ' || *c == '\t' || (k > 0 && *c == ',')))
                c++;
            at.col = (int)(c - lb) + 1;
            char buf[64], *stop = buf;
            size_t m = 0;
            while (c + m < e && c[m] != ',' && c[m] != ' ' && c[m] != '\t')
                m++;
            double v = 0;
            if (m > 0 && m < sizeof buf) {
                memcpy(buf, c, m);
                buf[m] = 0;
                v = strtod(buf, &stop);
            }
            if (m == 0 || m >= sizeof buf || *stop || !isfinite(v)) {
                diag_error(diag, at, "expected x, y and z (um), three finite numbers");
                return false;
            }
            pos[3 * cells + k] = v;
            c += m;
        }
        while (c < e && (*c == ' ' || *c == '\t'))
            c++;
        if (c != e) {
            at.col = (int)(c - lb) + 1;
            diag_error(diag, at, "expected x, y and z (um), three finite numbers");
            return false;
        }
        cells++;
    }
    if (cells != n) {
        SrcLoc at = {sf, line > 0 ? line : 1, 1};
        diag_error(diag, at, "%d cells' positions, but the population has %d cells", cells, n);
        return false;
    }
    return true;
}
