/* plot.c - the executable's pictures: shape plots (the cells coloured by a
 * variable at a time, as NEURON's PlotShape shows them), the traces, and
 * one HTML page holding them.
 *
 * Shape plot: the sections' points in the x-y plane (NrtShape), each
 * segment its own stretch of its section's arc, drawn as lines of the
 * points' diameters in the colour of the segment's value.  The colours are
 * PlotShape's built-in scale of 24 from purple through red to yellow; a
 * value maps as PlotShape maps it (single precision): x = (value - lo) /
 * (hi - lo), the last colour above 0.99, the first below 0, else colour
 * int(24 x).  A segment without the variable is grey.  Every segment keeps
 * its exact value in data-value (and a <title>), for readers and tests.
 *
 * Files are written through NrtOut (a temporary file renamed when
 * complete): a failure leaves no half-written picture.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "plot.h"
#include "simstate.h"

/* PlotShape's built-in colour scale (r, g, b out of 256) */
static const unsigned char scale_rgb[24][3] = {
    {95, 0, 95},    {111, 0, 111},  {127, 0, 143},  {143, 0, 127},  {159, 0, 111},  {175, 0, 95},
    {191, 0, 79},   {207, 0, 63},   {207, 31, 47},  {223, 47, 47},  {239, 63, 31},  {255, 79, 15},
    {255, 95, 7},   {255, 111, 0},  {255, 127, 0},  {255, 143, 0},  {255, 159, 0},  {255, 175, 0},
    {255, 191, 0},  {255, 207, 0},  {255, 223, 0},  {255, 239, 0},  {255, 247, 0},  {255, 255, 0},
};

static int scale_index(double value, double lo, double hi)
{
    float x = ((float)value - (float)lo) / ((float)hi - (float)lo);
    if (x > .99f)
        return 23;
    if (x < 0)
        return 0;
    return (int)(24 * x);
}

/* "#rrggbb" of a value (grey without one) */
static void value_colour(char out[8], double value, double lo, double hi)
{
    if (isnan(value)) {
        strcpy(out, "#c0c0c0");
        return;
    }
    const unsigned char *c = scale_rgb[scale_index(value, lo, hi)];
    snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

/* The time part of a file name, as nrncc's shape.c writes it: the
 * shortest decimal that reads back, '.' as 'p', then "ms". */
static void time_name(char *buf, size_t n, double t)
{
    char num[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(num, sizeof num, "%.*g", prec, t);
        if (strtod(num, NULL) == t)
            break;
    }
    for (char *p = num; *p; p++)
        if (*p == '.')
            *p = 'p';
    snprintf(buf, n, "%sms", num);
}

static int plot_bad(const char *prog, const char *value, const char *why)
{
    fprintf(stderr, "%s: error: bad value '%s' for '--plot-shape': %s\n", prog, value, why);
    return 1;
}

int nrt_plot_args(const NrtModel *m, const char *prog, int argc, char **argv, NrtPlotArgs *pa)
{
    memset(pa, 0, sizeof *pa);
    pa->plots = calloc((size_t)argc + 1, sizeof(NrtRangePlot));
    pa->times = calloc((size_t)argc + 1, sizeof(double));
    pa->files = calloc((size_t)argc + 1, sizeof *pa->files);
    pa->values = calloc((size_t)argc + 1, sizeof(char *));
    if (!pa->plots || !pa->times || !pa->files || !pa->values) {
        fprintf(stderr, "%s: error: out of memory\n", prog);
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--html")) {
            pa->html = 1;
            continue;
        }
        if (!strcmp(a, "--plot-shape")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: error: '--plot-shape' needs VAR@TIME (ms), e.g. v@2\n", prog);
                return 2;
            }
            v = argv[++i];
        } else if (!strncmp(a, "--plot-shape=", 13)) {
            v = a + 13;
        } else {
            if (!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--save") || !strcmp(a, "--restore") ||
                !strcmp(a, "--save-at") || !strcmp(a, "--method") || !strcmp(a, "--params") ||
                !strcmp(a, "--threads"))
                i++; /* (their values are not options) */
            continue;
        }
        const char *at = strchr(v, '@');
        if (!at || at == v)
            return plot_bad(prog, v, "expected VAR@TIME, the time in ms (e.g. v@2)");
        char *end;
        errno = 0;
        double t = strtod(at + 1, &end);
        if (end == at + 1 || *end || errno || !isfinite(t) || t < 0)
            return plot_bad(prog, v, "expected VAR@TIME with a time >= 0 in ms (e.g. v@2)");
        if (!m->shape) {
            fprintf(stderr, "%s: error: '--plot-shape': this executable has no drawing of its cells (compile the "
                    "model with a 'plot shape' statement or with nrncc --plot-data)\n", prog);
            return 1;
        }
        int base = -1;
        size_t vlen = (size_t)(at - v);
        for (int k = 0; k < m->n_rangeplot; k++)
            if (m->rangeplots[k].shape && strlen(m->rangeplots[k].var) == vlen &&
                !strncmp(m->rangeplots[k].var, v, vlen))
                base = k;
        if (base < 0) {
            fprintf(stderr, "%s: error: bad value '%s' for '--plot-shape': the executable can draw", prog, v);
            for (int k = 0, first = 1; k < m->n_rangeplot; k++)
                if (m->rangeplots[k].shape) {
                    int dup = 0;
                    for (int j = 0; j < k; j++)
                        dup |= m->rangeplots[j].shape && !strcmp(m->rangeplots[j].var, m->rangeplots[k].var);
                    if (!dup)
                        fprintf(stderr, "%s %s", first ? "" : ",", m->rangeplots[k].var);
                    first = 0;
                }
            fprintf(stderr, " (the variables of its 'plot shape' statements, and v)\n");
            return 1;
        }
        char tn[64];
        time_name(tn, sizeof tn, t);
        NrtRangePlot rp = m->rangeplots[base];
        snprintf(pa->files[pa->n], sizeof pa->files[0], "shape_%s_%s.svg", rp.var, tn);
        int dup = 0;
        for (int k = 0; k < m->n_rangeplot; k++)
            dup |= m->rangeplots[k].ntimes && !strcmp(m->rangeplots[k].file, pa->files[pa->n]);
        for (int k = 0; k < pa->n; k++)
            dup |= !strcmp(pa->plots[k].file, pa->files[pa->n]);
        if (dup)
            continue; /* (drawn once) */
        pa->times[pa->n] = t;
        pa->values[pa->n] = v;
        rp.file = pa->files[pa->n];
        rp.ntimes = 1;
        rp.times = &pa->times[pa->n];
        pa->plots[pa->n++] = rp;
    }
    return 0;
}

void nrt_plot_args_free(NrtPlotArgs *pa)
{
    free(pa->plots);
    free(pa->times);
    free(pa->files);
    free(pa->values);
}

/* a number for a label: short, without trailing zeros */
static void label_num(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.6g", fabs(v) < 1e-12 ? 0.0 : v);
}

/* the extent of the drawing */
static void shape_bounds(const NrtShape *sh, const NrtShapeSec *const *sec, double b[4])
{
    b[0] = b[1] = HUGE_VAL;
    b[2] = b[3] = -HUGE_VAL;
    for (int s = 0; s < sh->nsec; s++) {
        const NrtShapeSec *q = sec[s];
        for (int i = 0; i < q->npts; i++) {
            const float *p = sh->pts + 4 * (size_t)(q->first + i);
            double x = (double)q->x0 + p[0], y = (double)q->y0 + p[1], r = p[2] / 2.0;
            b[0] = fmin(b[0], x - r);
            b[1] = fmin(b[1], y - r);
            b[2] = fmax(b[2], x + r);
            b[3] = fmax(b[3], y + r);
        }
    }
    if (!(b[0] <= b[2])) {
        b[0] = b[1] = 0;
        b[2] = b[3] = 1;
    }
    if (b[2] - b[0] < 1e-6)
        b[2] = b[0] + 1;
    if (b[3] - b[1] < 1e-6)
        b[3] = b[1] + 1;
}

/* 1, 2 or 5 times a power of ten, near x */
static double nice(double x)
{
    double p = pow(10, floor(log10(x))), f = x / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

int nrt_plot_shape(NrtSim *sim, const NrtRangePlot *rp, const double *vals, const char *outdir, char *err,
                   size_t errlen)
{
    const NrtModel *m = sim->model;
    const NrtShape *sh = m->shape;
    /* the node of each segment, sections in order */
    int *first = malloc(sizeof(int) * (size_t)(sh->nsec + 1));
    int nsegs = 0;
    for (int s = 0; first && s < sh->nsec; s++) {
        first[s] = nsegs;
        nsegs += sh->nseg[s];
    }
    int *node = first ? malloc(sizeof(int) * (size_t)(nsegs + 1)) : NULL;
    if (!node) {
        free(first);
        snprintf(err, errlen, "out of memory drawing %s", rp->file);
        return -1;
    }
    for (int i = 0; i < sh->nnode; i++) {
        int s = sh->node_sec[i], j = sh->node_seg[i];
        if (j >= 0 && j < sh->nseg[s])
            node[first[s] + j] = i;
    }
    free(first);
    /* each section's entry, the blocks unrolled */
    const NrtShapeSec **sec = malloc(sizeof(NrtShapeSec *) * (size_t)(sh->nsec + 1));
    if (!sec) {
        free(node);
        snprintf(err, errlen, "out of memory drawing %s", rp->file);
        return -1;
    }
    for (int b = 0, e = 0, s = 0; b < sh->nblock; b++) {
        for (int r = 0; r < sh->blocks[2 * b + 1]; r++)
            for (int j = 0; j < sh->blocks[2 * b] && s < sh->nsec; j++)
                sec[s++] = &sh->secs[e + j];
        e += sh->blocks[2 * b];
    }
    NrtOut o;
    if (nrt_out_open(&o, outdir, rp->file, err, errlen) != 0) {
        free(node);
        free(sec);
        return -1;
    }
    FILE *f = o.f;
    double b[4];
    shape_bounds(sh, sec, b);
    const double W = 640, H0 = 480, pad = 20, bar = 110, top = 36;
    double sc = fmin((W - 2 * pad) / (b[2] - b[0]), (H0 - 2 * pad) / (b[3] - b[1]));
    double h = (b[3] - b[1]) * sc + 2 * pad, dw = (b[2] - b[0]) * sc + 2 * pad;
    if (h < 300)
        h = 300;
    if (dw < 280)
        dw = 280;
    double tw = dw + bar, th = h + top + 24;
    const char *unit = strcmp(rp->var, "v") ? "" : " mV";
    char tbuf[40];
    label_num(tbuf, sizeof tbuf, rp->times[0]);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "class=\"nrncc-shape\" data-var=\"%s\" data-t=\"%.17g\" data-lo=\"%.17g\" data-hi=\"%.17g\">\n",
            tw, th, tw, th, rp->var, rp->times[0], rp->lo, rp->hi);
    fprintf(f, "<title>%s: %s at t = %s ms</title>\n", m->name, rp->var, tbuf);
    fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", tw, th);
    fprintf(f, "<text x=\"%.0f\" y=\"24\" font-family=\"sans-serif\" font-size=\"16\">%s at t = %s ms</text>\n", pad,
            rp->var, tbuf);
    /* x to the right, y up, as NEURON draws */
    double ox = pad - b[0] * sc, oy = top + pad + b[3] * sc;
    fputs("<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n", f);
    int k = 0;
    for (int s = 0; s < sh->nsec; s++) {
        const NrtShapeSec *q = sec[s];
        int nseg = sh->nseg[s];
        const float *p = sh->pts + 4 * (size_t)q->first;
        double total = q->npts ? p[4 * (q->npts - 1) + 3] : 0;
        for (int j = 0; j < nseg; j++, k++) {
            double v = vals[node[k]];
            char col[8];
            value_colour(col, v, rp->lo, rp->hi);
            double a0 = total * j / nseg, a1 = total * (j + 1) / nseg;
            char xs[40];
            snprintf(xs, sizeof xs, "%.17g", (j + 0.5) / nseg);
            fprintf(f, "<g class=\"seg\" stroke=\"%s\" data-sec=\"%s\" data-x=\"%s\" data-value=\"", col,
                    sh->names[s], xs);
            if (isnan(v))
                fputs("\">", f);
            else
                fprintf(f, "%.17g\">", v);
            fprintf(f, "<title>%s(%s) %s = ", sh->names[s], xs, rp->var);
            if (isnan(v))
                fputs("(none)</title>", f);
            else
                fprintf(f, "%.6g%s</title>", v, unit);
            /* the stretch of the section's points from arc a0 to a1 */
            for (int i = 0; i + 1 < q->npts; i++) {
                const float *c = p + 4 * i, *d = p + 4 * (i + 1);
                double ca = c[3], da = d[3];
                if (da < a0 || ca > a1 || (da == ca && q->npts > 2))
                    continue;
                double f0 = da > ca ? fmax(0, (a0 - ca) / (da - ca)) : 0;
                double f1 = da > ca ? fmin(1, (a1 - ca) / (da - ca)) : 1;
                if (f1 < f0)
                    continue;
                double x0 = q->x0 + c[0] + (d[0] - c[0]) * f0, y0 = q->y0 + c[1] + (d[1] - c[1]) * f0;
                double x1 = q->x0 + c[0] + (d[0] - c[0]) * f1, y1 = q->y0 + c[1] + (d[1] - c[1]) * f1;
                double w = (c[2] + (d[2] - c[2]) * (f0 + f1) / 2) * sc;
                fprintf(f, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke-width=\"%.2f\"/>",
                        ox + x0 * sc, oy - y0 * sc, ox + x1 * sc, oy - y1 * sc, w < 1 ? 1 : w);
            }
            fputs("</g>\n", f);
        }
    }
    fputs("</g>\n", f);
    /* a scale bar of about a fifth of the width */
    double len = nice((W - 2 * pad) / sc / 5);
    fprintf(f, "<g class=\"scalebar\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
               "stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" font-size=\"12\">",
            pad, th - 12, pad + len * sc, th - 12, pad + len * sc + 6, th - 8);
    label_num(tbuf, sizeof tbuf, len);
    fprintf(f, "%s um</text></g>\n", tbuf);
    /* the colour bar: lo at the bottom, hi at the top */
    double bx = dw + 10, by = top + 20, bh = fmin(h - 40, 360), cell = bh / 24;
    fprintf(f, "<g class=\"colorbar\" font-family=\"sans-serif\" font-size=\"12\">\n");
    for (int i = 0; i < 24; i++)
        fprintf(f, "<rect x=\"%.1f\" y=\"%.2f\" width=\"20\" height=\"%.2f\" fill=\"#%02x%02x%02x\"/>\n", bx,
                by + bh - (i + 1) * cell, cell + 0.3, scale_rgb[i][0], scale_rgb[i][1], scale_rgb[i][2]);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"%.1f\" fill=\"none\" stroke=\"#000000\"/>\n", bx, by,
            bh);
    for (int i = 0; i <= 4; i++) {
        double v = rp->lo + (rp->hi - rp->lo) * i / 4, y = by + bh - bh * i / 4;
        label_num(tbuf, sizeof tbuf, v);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>", bx + 20, y,
                bx + 24, y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", bx + 27, y + 4, tbuf);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s%s</text>\n</g>\n</svg>\n", bx, by - 8, rp->var,
            *unit ? " (mV)" : "");
    free(node);
    free(sec);
    return nrt_out_commit(&o, err, errlen);
}

/* ---- traces.svg ---- */

typedef struct Table {
    int ncol;
    char **names;
    long nrow;
    double *v; /* nrow x ncol */
} Table;

static void table_free(Table *t)
{
    for (int i = 0; i < t->ncol; i++)
        free(t->names[i]);
    free(t->names);
    free(t->v);
}

/* reads a traces.csv as the run writes it */
static int read_traces(const char *path, Table *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *line = malloc(cap);
    int c, ok = line != NULL;
    while (ok && (c = fgetc(f)) != EOF && c != '\n') {
        if (len + 2 > cap && !(line = realloc(line, cap *= 2)))
            ok = 0;
        else
            line[len++] = (char)c;
    }
    if (ok)
        line[len] = 0;
    for (char *p = line, *q; ok && p; p = q) {
        q = strchr(p, ',');
        if (q)
            *q++ = 0;
        char **nn = realloc(t->names, sizeof(char *) * (size_t)(t->ncol + 1));
        if (!nn) {
            ok = 0;
            break;
        }
        t->names = nn;
        t->names[t->ncol++] = strdup(p);
    }
    free(line);
    long capr = 256;
    t->v = ok ? malloc(sizeof(double) * (size_t)capr * (size_t)t->ncol) : NULL;
    ok = ok && t->v;
    while (ok) {
        double *row = t->v + (size_t)t->nrow * (size_t)t->ncol;
        int i = 0;
        for (; i < t->ncol; i++)
            if (fscanf(f, i ? ",%lf" : "%lf", &row[i]) != 1)
                break;
        if (i < t->ncol)
            break;
        if (++t->nrow == capr) {
            double *nv = realloc(t->v, sizeof(double) * (size_t)(capr *= 2) * (size_t)t->ncol);
            if (!nv)
                ok = 0;
            else
                t->v = nv;
        }
    }
    fclose(f);
    if (!ok) {
        snprintf(err, errlen, "out of memory reading '%s'", path);
        table_free(t);
        return -1;
    }
    return 0;
}

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++)
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else
            fputc(*s, f);
}

static const char *const trace_colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/* ticks of [lo, hi]: step and first */
static double tick_step(double lo, double hi)
{
    return hi > lo ? nice((hi - lo) / 5) : 1;
}

static int write_traces_svg(NrtSim *sim, const char *outdir, char *err, size_t errlen)
{
    const NrtModel *m = sim->model;
    Table t;
    if (fflush(sim->traces.f) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", sim->traces.final, strerror(errno));
        return -1;
    }
    if (read_traces(sim->traces.tmp, &t, err, errlen) != 0) /* (the run's traces.csv, before its rename) */
        return -1;
    NrtOut o;
    if (nrt_out_open(&o, outdir, "traces.svg", err, errlen) != 0) {
        table_free(&t);
        return -1;
    }
    FILE *f = o.f;
    int ny = t.ncol - 1, shown = ny < 10 ? ny : 10;
    double x0 = 0, x1 = 1, y0 = HUGE_VAL, y1 = -HUGE_VAL;
    if (t.nrow) {
        x0 = t.v[0];
        x1 = t.v[(size_t)(t.nrow - 1) * (size_t)t.ncol];
    }
    for (long r = 0; r < t.nrow; r++)
        for (int c = 1; c < t.ncol; c++) {
            double v = t.v[(size_t)r * (size_t)t.ncol + (size_t)c];
            if (isfinite(v)) {
                y0 = fmin(y0, v);
                y1 = fmax(y1, v);
            }
        }
    if (!(y0 <= y1))
        y0 = 0, y1 = 1;
    if (y1 - y0 < 1e-9 * (fabs(y0) + 1))
        y0 -= 1, y1 += 1;
    if (!(x1 > x0))
        x1 = x0 + 1;
    double ys = tick_step(y0, y1), xs = tick_step(x0, x1);
    y0 = floor(y0 / ys) * ys;
    y1 = ceil(y1 / ys) * ys;
    int allv = ny > 0;
    for (int c = 1; c < t.ncol; c++) {
        size_t n = strlen(t.names[c]);
        allv &= !strcmp(t.names[c], "v") || (n >= 2 && !strcmp(t.names[c] + n - 2, ".v"));
    }
    const double W = 760, H = 440, L = 70, R = 200, T = 40, B = 50, pw = W - L - R, ph = H - T - B;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "class=\"nrncc-traces\" font-family=\"sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fprintf(f, "<title>%s: traces</title>\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", m->name, W, H);
    fprintf(f, "<text x=\"%.0f\" y=\"24\" font-size=\"16\">%s: traces</text>\n", L, m->name);
    fprintf(f, "<g class=\"axes\" stroke=\"#000000\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
               "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></g>\n",
            L, T + ph, L + pw, T + ph, L, T, L, T + ph);
    char b[40];
    fputs("<g class=\"xticks\">", f);
    for (double v = ceil(x0 / xs - 1e-9) * xs; v <= x1 + xs * 1e-9; v += xs) {
        double x = L + (v - x0) / (x1 - x0) * pw;
        label_num(b, sizeof b, v);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                x, T + ph, x, T + ph + 5, x, T + ph + 18, b);
    }
    fputs("</g>\n<g class=\"yticks\">", f);
    for (double v = y0; v <= y1 + ys * 1e-9; v += ys) {
        double y = T + ph - (v - y0) / (y1 - y0) * ph;
        label_num(b, sizeof b, v);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                L - 5, y, L, y, L - 8, y + 4, b);
    }
    fputs("</g>\n", f);
    fprintf(f, "<text class=\"xlabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">t (ms)</text>\n", L + pw / 2,
            H - 12);
    fprintf(f, "<text class=\"ylabel\" transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">%s"
               "</text>\n",
            T + ph / 2, allv ? "v (mV)" : "value (the variables' units)");
    /* at most about 2 points per pixel: a min and a max per pixel column */
    for (int c = 1; c < t.ncol; c++) {
        fprintf(f, "<polyline class=\"trace\" data-label=\"");
        xml_text(f, t.names[c]);
        fprintf(f, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"", trace_colours[(c - 1) % 10]);
        long per = t.nrow / 1000 + 1;
        for (long r = 0; r < t.nrow; r += per) {
            long lo = r, hi = r;
            for (long q = r; q < r + per && q < t.nrow; q++) {
                if (t.v[(size_t)q * (size_t)t.ncol + (size_t)c] < t.v[(size_t)lo * (size_t)t.ncol + (size_t)c])
                    lo = q;
                if (t.v[(size_t)q * (size_t)t.ncol + (size_t)c] > t.v[(size_t)hi * (size_t)t.ncol + (size_t)c])
                    hi = q;
            }
            long pick[2] = {lo < hi ? lo : hi, lo < hi ? hi : lo};
            for (int k = 0; k < (lo == hi ? 1 : 2); k++) {
                const double *row = t.v + (size_t)pick[k] * (size_t)t.ncol;
                if (!isfinite(row[c]))
                    continue;
                fprintf(f, "%.2f,%.2f ", L + (row[0] - x0) / (x1 - x0) * pw, T + ph - (row[c] - y0) / (y1 - y0) * ph);
            }
        }
        fputs("\"/>\n", f);
    }
    fputs("<g class=\"legend\">\n", f);
    for (int c = 1; c <= shown; c++) {
        double y = T + 10 + (c - 1) * 18;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\">",
                L + pw + 15, y, L + pw + 35, y, trace_colours[(c - 1) % 10], L + pw + 40, y + 4);
        xml_text(f, t.names[c]);
        fputs("</text>\n", f);
    }
    if (ny > shown)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">and %d more</text>\n", L + pw + 15, T + 14 + shown * 18, ny - shown);
    fputs("</g>\n</svg>\n", f);
    table_free(&t);
    return nrt_out_commit(&o, err, errlen);
}

/* copies DIR/name into f (an SVG of this run) */
static int copy_file(FILE *f, const char *outdir, const char *name, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", outdir, name);
    FILE *in = fopen(path, "r");
    if (!in) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, f);
    fclose(in);
    return 0;
}

int nrt_plot_finish(NrtSim *sim, const NrtPlotArgs *pa, const char *outdir, char *err, size_t errlen)
{
    const NrtModel *m = sim->model;
    int html = pa->html || (m->plot_traces & 2);
    int traces = (m->plot_traces || html) && m->n_record > 0 && sim->traces.f;
    if (traces && write_traces_svg(sim, outdir, err, errlen) != 0)
        return -1;
    if (!html)
        return 0;
    NrtOut o;
    if (nrt_out_open(&o, outdir, "plots.html", err, errlen) != 0)
        return -1;
    FILE *f = o.f;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    xml_text(f, m->name);
    fputs(": plots</title>\n<style>body{font-family:sans-serif;margin:1em 2em;background:#fafafa}"
          "figure{margin:1em 0}figcaption{color:#444;margin-bottom:.3em}</style>\n</head>\n<body>\n<h1>",
          f);
    xml_text(f, m->name);
    fputs("</h1>\n<p>From ", f);
    xml_text(f, m->source);
    fputs(" (nrncc).</p>\n", f);
    for (int k = 0; k < sim->n_rplot; k++) {
        const NrtRangePlot *rp = &sim->rplots[k];
        if (!rp->shape || !rp->ntimes || sim->range_taken[sim->range_first[k]] != 1)
            continue;
        fprintf(f, "<figure>\n<figcaption>%s</figcaption>\n", rp->file);
        if (copy_file(f, outdir, rp->file, err, errlen) != 0) {
            nrt_out_discard(&o);
            return -1;
        }
        fputs("</figure>\n", f);
    }
    if (traces) {
        fputs("<figure>\n<figcaption>traces.svg</figcaption>\n", f);
        if (copy_file(f, outdir, "traces.svg", err, errlen) != 0) {
            nrt_out_discard(&o);
            return -1;
        }
        fputs("</figure>\n", f);
    }
    fputs("</body>\n</html>\n", f);
    return nrt_out_commit(&o, err, errlen);
}
