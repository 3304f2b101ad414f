/* morph.c - geometry helpers shared by the morphology importers and their
 * users: the arc length of 3-D points as NEURON stores them (float32) and
 * the d_lambda rule of NEURON's stdlib.hoc.
 *
 * needs: 3-D points as given to pt3dadd.  provides: L and nseg numbers
 * equal to NEURON's (the operation order below is NEURON's).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "morph.h"

#define PI 3.14159265358979323846

const SrcFile *morph_load_file(Arena *a, Diag *d, const char *path, SrcLoc from)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(d, from, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    SrcFile *f = ARENA_NEW(a, SrcFile);
    f->path = arena_strdup(a, path);
    f->text = arena_strndup(a, text, len);
    f->len = len;
    free(text);
    return f;
}

/* Length of the piece from point i-1 to point i, NEURON's way: the points
 * rounded to float32, their differences float32 operations, the squares
 * summed in double. */
static double piece(const MorphPoint *pts, int i)
{
    float dx = (float)pts[i].x - (float)pts[i - 1].x;
    float dy = (float)pts[i].y - (float)pts[i - 1].y;
    float dz = (float)pts[i].z - (float)pts[i - 1].z;
    return sqrt((double)dx * dx + (double)dy * dy + (double)dz * dz);
}

void morph_arcs(const MorphPoint *pts, int npts, double *arc)
{
    if (npts > 0)
        arc[0] = 0;
    for (int i = 1; i < npts; i++)
        arc[i] = arc[i - 1] + piece(pts, i);
}

double morph_arc_length(const MorphPoint *pts, int npts)
{
    double arc = 0;
    for (int i = 1; i < npts; i++)
        arc += piece(pts, i);
    return arc < 1e-9 ? 1e-9 : arc;   /* NEURON's smallest L */
}

/* stdlib.hoc's lambda_f(freq): the AC length constant (um) of the section;
 * from the 3-D points (arc3d and float32 diameters) when there are two or
 * more, arc NULL meaning the points' own arcs. */
static double lambda_f(const MorphPoint *pts, const double *arc, int npts, double L, double diam,
                       double Ra, double cm, double freq)
{
    if (npts < 2)
        return 1e5 * pow(diam / (4 * PI * freq * Ra * cm), 0.5);
    double arc_prev = 0, d_prev = fabs((double)(float)pts[0].d), lam = 0;
    for (int i = 1; i < npts; i++) {
        double arc_cur = arc ? arc[i] : arc_prev + piece(pts, i);
        double d_cur = fabs((double)(float)pts[i].d);
        lam += (arc_cur - arc_prev) / pow(d_prev + d_cur, 0.5);
        arc_prev = arc_cur;
        d_prev = d_cur;
    }
    lam *= pow(2, 0.5) * 1e-5 * pow(4 * PI * freq * Ra * cm, 0.5);
    return L / lam;
}

static int odd_nseg(double L, double d_lambda, double lambda)
{
    double half = (L / (d_lambda * lambda) + 0.9) / 2;
    if (!(half < 1e9))
        return INT_MAX;   /* no usable nseg (or NaN): callers reject it */
    return (int)half * 2 + 1;
}

int morph_dlambda_nseg(const MorphPoint *pts, int npts, double L, double diam, double Ra,
                       double cm, double d_lambda, double freq_hz)
{
    return odd_nseg(L, d_lambda, lambda_f(pts, NULL, npts, L, diam, Ra, cm, freq_hz));
}

double morph_lambda_f(const MorphPoint *pts, const double *arc, int npts, double L, double diam,
                      double Ra, double cm, double freq_hz)
{
    return lambda_f(pts, arc, npts, L, diam, Ra, cm, freq_hz);
}

int morph_dlambda(const MorphPoint *pts, const double *arc, int npts, double L, double diam,
                  double Ra, double cm, double d_lambda, double freq_hz)
{
    return odd_nseg(L, d_lambda, lambda_f(pts, arc, npts, L, diam, Ra, cm, freq_hz));
}

int morph_section_dlambda(const MorphSection *s, double Ra, double cm, double d_lambda,
                          double freq_hz)
{
    double L, diam = isnan(s->diam) ? 500 : s->diam;
    if (s->npts > 1)
        L = s->arc[s->npts - 1] < 1e-9 ? 1e-9 : s->arc[s->npts - 1];
    else
        L = isnan(s->L) ? 100 : s->L;
    return odd_nseg(L, d_lambda, lambda_f(s->pts, s->arc, s->npts, L, diam, Ra, cm, freq_hz));
}
