/* shape.c - the drawing of the cells for shape plots (`plot shape`).
 *
 * needs: a checked model with its geometry built.
 * provides: the drawing the runtime's plot.c renders: each section's points in the x-y
 * plane with their diameters and arcs.  A section without 3-D points is
 * laid out as NEURON's define_shape lays it out (PlotShape calls it): a
 * root from (0, 0) along +x; a child from the point of its parent's
 * straight first-to-last line at its connection position, along that line
 * (reversed when the position is below 0.5), turned by 90 degrees when it
 * connects between the ends, and fanned over +-0.4 rad among the siblings
 * at the same position; its points are the start, the segment centres and
 * the end, each with its segment's diameter.  A child with 3-D points is
 * moved so that its first point is that connection point.  Coordinates in
 * single precision, as NEURON keeps them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geometry.h"
#include "shape.h"

const char *shape_time_name(char *buf, size_t n, double t)
{
    char num[40];
    for (int prec = 1; prec <= 17; prec++) { /* the shortest that reads back */
        snprintf(num, sizeof num, "%.*g", prec, t);
        if (strtod(num, NULL) == t)
            break;
    }
    for (char *p = num; *p; p++)
        if (*p == '.')
            *p = 'p';
    snprintf(buf, n, "%sms", num);
    return buf;
}

void shape_add_v(Model *m)
{
    for (int i = 0; i < m->rangeplots.len; i++)
        if (m->rangeplots.data[i].shape && !strcmp(m->rangeplots.data[i].var, "v"))
            return;
    RangePlot rp;
    memset(&rp, 0, sizeof rp);
    rp.var = "v";
    rp.mech = rp.mvar = -1;
    rp.shape = true;
    rp.lo = -80;
    rp.hi = 40;
    rp.times = ARENA_NEWN(m->arena, double, 1);
    rp.times[0] = 0;
    rp.ntimes = 0;
    rp.file = "";
    APUSH(m->arena, m->rangeplots, rp);
}

/* One drawn point (float, as NEURON's pt3d). */
typedef struct SPt {
    float x, y, d;
    double arc;
} SPt;

typedef struct SSec {
    SPt *p;
    int n;
} SSec;

/* NEURON's define_shape over the sections in its order (see the top). */
static void layout(const Model *m, SSec *ss)
{
    int ns = m->secs.len;
    int *kids = xmalloc(sizeof(int) * (size_t)(ns + 1));
    for (int k = 0; k < ns; k++) {
        int si = m->sec_order[k];
        const Section *s = &m->secs.data[si];
        float x = 0, y = 0, dx = 1, dy = 0;
        double arc = s->parent >= 0 ? s->px : 0;
        if (s->parent >= 0) {
            const SSec *ps = &ss[s->parent];
            const SPt *a = &ps->p[0], *b = &ps->p[ps->n - 1];
            dx = b->x - a->x;
            dy = b->y - a->y;
            if (arc < .5) {
                dx = -dx;
                dy = -dy;
            }
            x = (float)(b->x * arc + a->x * (1 - arc));
            y = (float)(b->y * arc + a->y * (1 - arc));
        }
        SSec *o = &ss[si];
        if (s->pts) {
            o->n = s->npts;
            o->p = xmalloc(sizeof(SPt) * (size_t)(o->n ? o->n : 1));
            float tx = 0, ty = 0;
            if (s->parent >= 0 && s->npts) {
                tx = x - (float)s->pts[0].x;
                ty = y - (float)s->pts[0].y;
            }
            for (int i = 0; i < s->npts; i++) {
                o->p[i].x = (float)s->pts[i].x + tx;
                o->p[i].y = (float)s->pts[i].y + ty;
                o->p[i].d = (float)fabs(s->pts[i].d);
                o->p[i].arc = s->arc[i];
            }
            continue;
        }
        float angle = fabsf(dy) < 1e-6f && fabsf(dx) < 1e-6f ? 0.0f : atan2f(dy, dx);
        if (arc > 0 && arc < 1)
            angle += (float)(3.14159265358979323846 / 2);
        if (s->parent >= 0) {
            /* the siblings at the same position, in NEURON's child order */
            int nk = 0;
            for (int j = 0; j < ns; j++) {
                const Section *c = &m->secs.data[m->sec_order[j]];
                if (c->parent == s->parent)
                    kids[nk++] = m->sec_order[j];
            }
            float nch = 0, ich = 0;
            for (int j = 0; j < nk; j++) {
                if (kids[j] == si)
                    ich = nch;
                if (m->secs.data[kids[j]].px == arc)
                    nch++;
            }
            if (nch > 1)
                angle = (float)(angle + ich / (nch - 1.) * .8 - .4);
        }
        double len = s->L;
        float x1 = (float)(x + len * cos(angle)), y1 = (float)(y + len * sin(angle));
        o->n = s->nseg + 2;
        o->p = xmalloc(sizeof(SPt) * (size_t)o->n);
        o->p[0] = (SPt){x, y, (float)s->diam[0], 0};
        for (int j = 0; j < s->nseg; j++) {
            double f = (j + .5) / s->nseg;
            o->p[j + 1] = (SPt){(float)(x * (1 - f) + x1 * f), (float)(y * (1 - f) + y1 * f), (float)s->diam[j], 0};
        }
        o->p[o->n - 1] = (SPt){x1, y1, (float)s->diam[s->nseg - 1], len};
        for (int j = 1; j < o->n - 1; j++) {
            double ddx = (double)o->p[j].x - o->p[j - 1].x, ddy = (double)o->p[j].y - o->p[j - 1].y;
            o->p[j].arc = o->p[j - 1].arc + sqrt(ddx * ddx + ddy * ddy);
        }
    }
    free(kids);
}

static void put_float(StrBuf *o, double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.9g", v);
    if (!strcmp(b, "-0"))
        strcpy(b, "0");
    sb_puts(o, b);
    if (!strpbrk(b, ".eEn"))
        sb_puts(o, ".0");
    sb_putc(o, 'f');
}

void shape_emit(const Model *m, StrBuf *o)
{
    int ns = m->secs.len;
    SSec *ss = xmalloc(sizeof(SSec) * (size_t)(ns + 1));
    memset(ss, 0, sizeof(SSec) * (size_t)(ns + 1));
    layout(m, ss);
    /* each section's points relative to its first; the same list once */
    StrMap seen = {0};
    StrBuf pool = {0};
    int npool = 0;
    int *at = xmalloc(sizeof(int) * (size_t)(ns + 1));
    char **keys = xmalloc(sizeof(char *) * (size_t)(ns + 1));
    for (int s = 0; s < ns; s++) {
        StrBuf k = {0};
        const SSec *q = &ss[s];
        for (int i = 0; i < q->n; i++) {
            sb_puts(&k, "    ");
            put_float(&k, (double)q->p[i].x - q->p[0].x);
            sb_puts(&k, ", ");
            put_float(&k, (double)q->p[i].y - q->p[0].y);
            sb_puts(&k, ", ");
            put_float(&k, q->p[i].d);
            sb_puts(&k, ", ");
            put_float(&k, q->p[i].arc);
            sb_puts(&k, ",\n");
        }
        keys[s] = xmalloc(k.len + 1);
        memcpy(keys[s], sb_str(&k), k.len + 1);
        sb_free(&k);
        int prev = strmap_get(&seen, keys[s]);
        if (prev >= 0) {
            at[s] = prev;
        } else {
            at[s] = npool;
            strmap_put(&seen, keys[s], npool);
            sb_puts(&pool, keys[s]);
            npool += q->n;
        }
    }
    sb_printf(o, "/* the drawing of the cells (plot shape): x, y, diam, arc of each point (um), relative to\n"
                 " * its section's first; %d points for %d sections */\n", npool, ns);
    sb_printf(o, "static const float shape_pts[%d] = {\n%s};\n", npool ? 4 * npool : 1, npool ? sb_str(&pool) : "0");
    /* the sections' entries, a run of the same P entries R times written
     * once (cells of one shape, side by side): blocks of (P, R) */
    char **ent = xmalloc(sizeof(char *) * (size_t)(ns + 1));
    for (int s = 0; s < ns; s++) {
        StrBuf b = {0};
        sb_printf(&b, "    {%d, %d, ", at[s], ss[s].n);
        put_float(&b, ss[s].n ? ss[s].p[0].x : 0);
        sb_puts(&b, ", ");
        put_float(&b, ss[s].n ? ss[s].p[0].y : 0);
        sb_puts(&b, "},\n");
        ent[s] = xmalloc(b.len + 1);
        memcpy(ent[s], sb_str(&b), b.len + 1);
        sb_free(&b);
    }
    StrBuf secs = {0}, blocks = {0};
    int nent = 0, nblock = 0;
    for (int i = 0; i < ns;) {
        int bestp = 1, bestr = 1;
        for (int p = 1; p <= 512 && i + 2 * p <= ns; p++) {
            int r = 1;
            while (i + (r + 1) * p <= ns) {
                int same = 1;
                for (int j = 0; same && j < p; j++)
                    same = !strcmp(ent[i + j], ent[i + r * p + j]);
                if (!same)
                    break;
                r++;
            }
            if (r > 1 && (long)p * r > (long)bestp * bestr) {
                bestp = p;
                bestr = r;
            }
        }
        for (int j = 0; j < bestp; j++)
            sb_puts(&secs, ent[i + j]);
        sb_printf(&blocks, "%s%d, %d", nblock ? ", " : "", bestp, bestr);
        nent += bestp;
        nblock++;
        i += bestp * bestr;
    }
    sb_printf(o, "static const NrtShapeSec shape_secs[%d] = {\n%s", nent ? nent : 1, sb_str(&secs));
    if (!nent)
        sb_puts(o, "    {0, 0, 0.0f, 0.0f},\n");
    sb_printf(o, "};\n/* the entries above in blocks of P sections repeated R times: (P, R) pairs */\n"
                 "static const int shape_blocks[%d] = {%s};\n",
              nblock ? 2 * nblock : 1, nblock ? sb_str(&blocks) : "0");
    sb_printf(o, "static const NrtShape shape_desc = {%d, sec_names, sec_nseg, shape_secs, %d, shape_blocks, "
                 "shape_pts, NODES, node_sec, node_seg};\n\n", ns, nblock);
    for (int s = 0; s < ns; s++)
        free(ent[s]);
    free(ent);
    sb_free(&secs);
    sb_free(&blocks);
    for (int s = 0; s < ns; s++) {
        free(ss[s].p);
        free(keys[s]);
    }
    free(keys);
    free(ss);
    free(at);
    sb_free(&pool);
    strmap_free(&seen);
}
