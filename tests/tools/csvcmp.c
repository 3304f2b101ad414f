/* csvcmp - compares a simulation's CSV output with a NEURON reference.
 *
 *   csvcmp [--tol X] [--ttol X] [--match-t] OURS.csv REF.csv OURCOL=REFCOL ...
 *       Traces: for each pair of columns, the largest absolute difference,
 *       the time (column t) and row where it happens.  Both files must
 *       have the same number of rows, and their t columns must agree to
 *       --ttol (default 1e-12), unless --match-t: then every reference row
 *       is compared with our row of the same t.
 *       --key COLS matches rows by the text of the key columns instead
 *       (e.g. --key section,x), --rel makes the tolerance relative,
 *       --tcol NAME compares rows by another column than t (a space
 *       plot's x), --interp compares each reference row with our trace
 *       linearly interpolated at its t (traces of variable time steps).
 *   csvcmp --spikes [--tol X] OURS.csv REF.csv
 *       Spike lists (gid,time): the same spikes, times within --tol.
 *
 * Prints one line per comparison; exit status 0 when everything is within
 * tolerance, 1 when not, 2 on bad input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Csv {
    char **names;
    int ncols;
    double *vals; /* row-major; NaN where a field is not a number */
    char **text;  /* the fields as written, row-major */
    int nrows;
} Csv;

static int fail_input(const char *msg, const char *what)
{
    fprintf(stderr, "csvcmp: %s: %s\n", msg, what);
    exit(2);
}

static void split(char *line, char ***out, int *n)
{
    int cap = 8;
    *out = malloc(sizeof(char *) * (size_t)cap);
    *n = 0;
    char *p = line;
    for (;;) {
        char *c = strchr(p, ',');
        if (c)
            *c = 0;
        if (*n == cap)
            *out = realloc(*out, sizeof(char *) * (size_t)(cap *= 2));
        (*out)[(*n)++] = p;
        if (!c)
            break;
        p = c + 1;
    }
}

static Csv read_csv(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_input("cannot open", path);
    Csv c = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int cap_rows = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        if (n == 0)
            continue;
        char **fields;
        int nf;
        split(line, &fields, &nf);
        if (!c.names) {
            c.ncols = nf;
            c.names = malloc(sizeof(char *) * (size_t)nf);
            for (int i = 0; i < nf; i++)
                c.names[i] = strdup(fields[i]);
        } else {
            if (nf != c.ncols)
                fail_input("ragged row in", path);
            if (c.nrows == cap_rows) {
                cap_rows = cap_rows ? 2 * cap_rows : 1024;
                c.vals = realloc(c.vals, sizeof(double) * (size_t)cap_rows * (size_t)c.ncols);
                c.text = realloc(c.text, sizeof(char *) * (size_t)cap_rows * (size_t)c.ncols);
            }
            for (int i = 0; i < nf; i++) {
                char *end;
                double v = strtod(fields[i], &end);
                if (end == fields[i] || *end)
                    v = NAN;
                c.vals[(size_t)c.nrows * (size_t)c.ncols + (size_t)i] = v;
                c.text[(size_t)c.nrows * (size_t)c.ncols + (size_t)i] = strdup(fields[i]);
            }
            c.nrows++;
        }
        free(fields);
    }
    free(line);
    fclose(f);
    if (!c.names)
        fail_input("empty file", path);
    return c;
}

static int col(const Csv *c, const char *name, const char *path)
{
    for (int i = 0; i < c->ncols; i++)
        if (!strcmp(c->names[i], name))
            return i;
    fprintf(stderr, "csvcmp: no column '%s' in %s\n", name, path);
    exit(2);
}

static double at(const Csv *c, int row, int k)
{
    return c->vals[(size_t)row * (size_t)c->ncols + (size_t)k];
}

static int spikes(const char *ours, const char *ref, double tol)
{
    Csv a = read_csv(ours), b = read_csv(ref);
    int ga = col(&a, "gid", ours), ta = col(&a, "time", ours);
    int gb = col(&b, "gid", ref), tb = col(&b, "time", ref);
    if (a.nrows != b.nrows) {
        printf("FAIL spikes: %d spikes, reference has %d\n", a.nrows, b.nrows);
        for (int i = 0; i < a.nrows || i < b.nrows; i++) {
            if (i < a.nrows)
                printf("  ours %d: gid %g t %.17g\n", i, at(&a, i, ga), at(&a, i, ta));
            if (i < b.nrows)
                printf("  ref  %d: gid %g t %.17g\n", i, at(&b, i, gb), at(&b, i, tb));
        }
        return 1;
    }
    double worst = 0;
    int wi = -1;
    for (int i = 0; i < a.nrows; i++) {
        if (at(&a, i, ga) != at(&b, i, gb)) {
            printf("FAIL spikes: spike %d is gid %g, reference gid %g\n", i, at(&a, i, ga), at(&b, i, gb));
            return 1;
        }
        double d = fabs(at(&a, i, ta) - at(&b, i, tb));
        if (!(d <= worst)) {
            worst = d;
            wi = i;
        }
    }
    int bad = !(worst <= tol);
    printf("%s spikes: %d spikes, max |dt| = %.3g ms", bad ? "FAIL" : "ok", a.nrows, worst);
    if (wi >= 0)
        printf(" (spike %d: %.17g vs %.17g)", wi, at(&a, wi, ta), at(&b, wi, tb));
    printf("\n");
    return bad;
}

int main(int argc, char **argv)
{
    double tol = 1e-9, ttol = 1e-12;
    int match_t = 0, spike_mode = 0, rel = 0, interp = 0, i = 1;
    const char *key = NULL, *tname = "t";
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (!strcmp(argv[i], "--tol") && i + 1 < argc)
            tol = atof(argv[++i]);
        else if (!strcmp(argv[i], "--ttol") && i + 1 < argc)
            ttol = atof(argv[++i]);
        else if (!strcmp(argv[i], "--match-t"))
            match_t = 1;
        else if (!strcmp(argv[i], "--spikes"))
            spike_mode = 1;
        else if (!strcmp(argv[i], "--rel"))
            rel = 1;
        else if (!strcmp(argv[i], "--key") && i + 1 < argc)
            key = argv[++i];
        else if (!strcmp(argv[i], "--interp"))
            interp = 1;
        else if (!strcmp(argv[i], "--tcol") && i + 1 < argc)
            tname = argv[++i];
        else
            fail_input("unknown option", argv[i]);
    }
    if (argc - i < 2)
        fail_input("usage", "csvcmp [options] OURS REF [OURCOL=REFCOL ...]");
    const char *ours = argv[i], *ref = argv[i + 1];
    if (spike_mode)
        return spikes(ours, ref, tol);
    Csv a = read_csv(ours), b = read_csv(ref);
    int *rows = malloc(sizeof(int) * (size_t)(b.nrows ? b.nrows : 1));
    int bad = 0;
    int ta = -1, tb = -1;
    if (key) {
        /* rows matched by the text of the key columns */
        char *keys = strdup(key);
        int ka[8], kb[8], nk = 0;
        for (char *k = strtok(keys, ","); k && nk < 8; k = strtok(NULL, ","), nk++) {
            ka[nk] = col(&a, k, ours);
            kb[nk] = col(&b, k, ref);
        }
        for (int r = 0; r < b.nrows; r++) {
            rows[r] = -1;
            for (int q = 0; q < a.nrows && rows[r] < 0; q++) {
                int same = 1;
                for (int k = 0; k < nk; k++)
                    same &= !strcmp(a.text[(size_t)q * (size_t)a.ncols + (size_t)ka[k]],
                                    b.text[(size_t)r * (size_t)b.ncols + (size_t)kb[k]]);
                if (same)
                    rows[r] = q;
            }
            if (rows[r] < 0) {
                printf("FAIL %s: reference row %d has no match\n", key, r + 1);
                return 1;
            }
        }
        ta = ka[nk - 1];
        tb = kb[nk - 1];
        free(keys);
        printf("ok %s: all %d reference rows found\n", key, b.nrows);
    } else if (interp) {
        ta = col(&a, tname, ours);
        tb = col(&b, tname, ref);
        printf("ok %s: %d reference rows against %d rows interpolated\n", tname, b.nrows, a.nrows);
    } else if (match_t) {
        ta = col(&a, tname, ours);
        tb = col(&b, tname, ref);
        for (int r = 0; r < b.nrows; r++) {
            rows[r] = -1;
            for (int k = 0; k < a.nrows; k++)
                if (fabs(at(&a, k, ta) - at(&b, r, tb)) <= ttol)
                    rows[r] = k;
            if (rows[r] < 0) {
                printf("FAIL %s: no row at %s = %.17g\n", tname, tname, at(&b, r, tb));
                return 1;
            }
        }
    } else {
        ta = col(&a, tname, ours);
        tb = col(&b, tname, ref);
        if (a.nrows != b.nrows) {
            printf("FAIL rows: %d, reference has %d\n", a.nrows, b.nrows);
            return 1;
        }
        double wt = 0;
        for (int r = 0; r < b.nrows; r++) {
            rows[r] = r;
            double d = fabs(at(&a, r, ta) - at(&b, r, tb));
            if (!(d <= wt))
                wt = d;
        }
        bad |= !(wt <= ttol);
        printf("%s %s: %d rows, max |d%s| = %.3g\n", wt <= ttol ? "ok" : "FAIL", tname, a.nrows, tname, wt);
    }
    double all_worst = 0;
    const char *all_col = NULL;
    for (int k = i + 2; k < argc; k++) {
        char *pair = strdup(argv[k]);
        char *eq = strrchr(pair, '=');
        if (!eq)
            fail_input("expected OURCOL=REFCOL, got", argv[k]);
        *eq = 0;
        int ca = col(&a, pair, ours), cb = col(&b, eq + 1, ref);
        double worst = 0, wv = 0;
        int wr = 0;
        for (int r = 0; r < b.nrows; r++) {
            double ours_v;
            if (interp) {
                /* our rows q-1, q around the reference's t (the last row after our end) */
                double t = at(&b, r, tb);
                int q = 0;
                while (q < a.nrows && at(&a, q, ta) < t)
                    q++;
                /* rows at one time (before and after an event): the same one of ours */
                for (int k = r - 1; k >= 0 && at(&b, k, tb) == t && q + 1 < a.nrows && at(&a, q + 1, ta) == t; k--)
                    q++;
                if (q < a.nrows && at(&a, q, ta) == t) {
                    ours_v = at(&a, q, ca);
                } else if (q == 0 || q == a.nrows) {
                    ours_v = at(&a, q == 0 ? 0 : a.nrows - 1, ca);
                } else {
                    double t0 = at(&a, q - 1, ta), t1 = at(&a, q, ta);
                    double v0 = at(&a, q - 1, ca), v1 = at(&a, q, ca);
                    ours_v = t1 > t0 ? v0 + (v1 - v0) * (t - t0) / (t1 - t0) : v1;
                }
                rows[r] = q < a.nrows ? q : a.nrows - 1;
            } else {
                ours_v = at(&a, rows[r], ca);
            }
            double d = fabs(ours_v - at(&b, r, cb));
            if (rel && at(&b, r, cb) != 0)
                d /= fabs(at(&b, r, cb));
            if (!(d <= worst)) {
                worst = d;
                wr = r;
                wv = ours_v;
            }
        }
        int fail = !(worst <= tol);
        bad |= fail;
        if (!all_col || !(worst <= all_worst)) {
            all_worst = worst;
            all_col = argv[k];
        }
        printf("%s %s: max %s= %.3g at %s = %.17g (row %d: %.17g vs %.17g)\n", fail ? "FAIL" : "ok", pair,
               rel ? "relative |diff| " : "|diff| ", worst, b.names[tb], at(&b, wr, tb), wr + 1,
               worst > 0 ? wv : at(&a, rows[wr], ca), at(&b, wr, cb));
        free(pair);
    }
    if (all_col)
        printf("%s summary: %d column%s, max %s|diff| %.3g (%s)\n", bad ? "FAIL" : "ok", argc - i - 2,
               argc - i - 2 == 1 ? "" : "s", rel ? "relative " : "", all_worst, all_col);
    free(rows);
    return bad;
}
