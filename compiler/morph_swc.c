/* morph_swc.c - SWC morphologies as NEURON 8.2.2's Import3d makes them.
 *
 * needs: an SWC file ("id type x y z radius parent" per line).
 * provides: a Morphology whose sections, names, parents, attachment
 * positions and 3-D points are the ones NEURON creates with
 * Import3d_SWC_read + Import3d_GUI.instantiate.
 *
 * What NEURON does, in our words (the steps below follow it):
 * - Each line with seven numbers is a point; they are read as float32
 *   (hoc's sscanf "%f"), the radius doubled to a diameter.  '#' lines are
 *   comments; other lines are ignored or rejected (see read_points).
 * - A section is a maximal run of points where each point is the only
 *   child of the previous one and has its type.  Soma points chain into
 *   one section unless a soma point has several soma children.
 * - The root section holds its own points only; every other section
 *   starts with a copy of its parent point (the wire cases below excepted).
 *   A non-soma section hanging on a soma takes, for that copied point, the
 *   diameter of its own first point.
 * - A single-point root becomes a 3-point cylinder along x with L = diam.
 *   The NeuroMorpho three-point soma (3 soma points of equal diameter, the
 *   two outer ones children of the middle one with nothing attached to
 *   them, spanning one diameter) is reduced to its middle point and so
 *   becomes the same cylinder.  Children of a single-point soma attach at
 *   0.5, by a "wire" when they have several points: their copied parent
 *   point is dropped.
 * - Children attach at 1 (the parent's last point), at 0 (the root's first
 *   point) or at 0.5 (an interior soma point, with a wire for dendrites).
 * - Sections of one point, or of two equal points, are removed and their
 *   children moved to the removed section's parent.
 * - Sections are created type by type (ascending type, then file order)
 *   and named soma/axon/dend/apic[i] (type 1..4), dend_N (N = 0 or >= 5),
 *   minus_N (negative types); connections are made in file order; every
 *   number goes to pt3dadd through "%.8g".
 * Where NEURON 8.2.2 fails we choose: points out of id order are sorted
 * (NEURON's own sort breaks), several trees or a missing parent are
 * errors.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "morph.h"

#define HOC_EPS 1e-11   /* hoc's float_epsilon: its comparisons allow this much */

typedef struct SwcPoint {
    double id, pid;      /* as read (float32 values) */
    double type;
    double x, y, z, d;   /* um; d = 2 * radius */
    int line;
} SwcPoint;

/* One Import3d_Section: a run of points, with its parent point first
 * unless it is the root. */
typedef struct ISec {
    int id;              /* index of its first own point */
    int first;           /* 1: the copied parent point is a wire, not used */
    int parent;          /* index into the ISec list, or -1 */
    double parentx;
    int type;
    MorphPoint *raw;     /* its points (the parent point first, if any) */
    int npts;
    bool removed;
    int nameindex;
} ISec;

typedef struct Swc {
    Arena *a;
    Diag *d;
    const SrcFile *src;
    SwcPoint *p;
    int n;
    int *pix;            /* index of each point's parent point, -1 for none */
    double *nchild;      /* NEURON's branch counts (1 = run continues) */
    double *nchild_soma; /* soma children of each point */
    bool *to_prox;       /* attach to the proximal end of the parent section */
    int *p2s;            /* section of each point */
    bool soma3geom;      /* the three-point soma convention applies */
    ISec *secs;
    int nsecs;
} Swc;

static SrcLoc line_loc(const Swc *s, int line)
{
    return (SrcLoc){s->src, line, 1};
}

/* hoc's sscanf("%f %f %f %f %f %f %f"): how many leading numbers the line
 * holds (at most 7), read as float32. */
static int scan_numbers(const char *line, double *v)
{
    const char *q = line;
    int n = 0;
    while (n < 7) {
        while (isspace((unsigned char)*q))
            q++;
        char *end;
        float f = strtof(q, &end);
        if (end == q)
            break;
        v[n++] = f;
        q = end;
    }
    return n;
}

static bool is_integer(double v)
{
    return v == floor(v) && fabs(v) < 1e9;
}

/* Import3d_SWC_read's line loop: points, comments, blank lines.  A line
 * with no whitespace before its final newline is skipped by NEURON like a
 * blank one (its blank-line test only looks at the first whitespace run);
 * we skip it too but warn. */
static bool read_points(Swc *s)
{
    VEC(SwcPoint) pts = {0};
    const char *t = s->src->text, *end = t + s->src->len;
    int line = 0;
    bool ok = true;
    while (t < end) {
        line++;
        const char *eol = memchr(t, '\n', (size_t)(end - t));
        size_t len = eol ? (size_t)(eol - t) + 1 : (size_t)(end - t);
        char *buf = arena_strndup(s->a, t, len);
        t += len;
        double v[7];
        if (scan_numbers(buf, v) == 7) {
            SwcPoint p = {v[0], v[6], v[1], v[2], v[3], v[4], v[5] * 2, line};
            if (!is_integer(p.id) || !is_integer(p.pid) || !is_integer(p.type)) {
                diag_error(s->d, line_loc(s, line), "SWC: id, type and parent must be integers");
                ok = false;
            } else if (v[5] < 0) {
                /* NEURON would take |d| silently; a negative radius is a broken file */
                diag_error(s->d, line_loc(s, line), "SWC: point %.0f has a negative radius (%g um)", p.id, v[5]);
                ok = false;
            }
            VEC_PUSH(pts, p);
            continue;
        }
        const char *q = buf;
        while (*q == ' ' || *q == '\t' || *q == '\n')
            q++;
        if (*q == '#' || *q == 0)
            continue;
        /* the first run of blanks: does it reach the end of the line? */
        q = buf + strcspn(buf, " \t\n");
        if (*q && q[strspn(q, " \t\n")] == 0) {
            diag_warning(s->d, line_loc(s, line), "SWC: line skipped (not 7 numbers), as NEURON does");
            continue;
        }
        diag_error(s->d, line_loc(s, line), "SWC: expected 7 numbers: id type x y z radius parent");
        ok = false;
    }
    s->n = pts.len;
    s->p = ARENA_NEWN(s->a, SwcPoint, pts.len > 0 ? pts.len : 1);
    if (pts.len)
        memcpy(s->p, pts.data, sizeof(SwcPoint) * (size_t)pts.len);
    VEC_FREE(pts);
    if (ok && s->n == 0) {
        diag_error(s->d, (SrcLoc){s->src, 1, 1}, "SWC: the file has no points");
        ok = false;
    }
    return ok;
}

static int cmp_point(const void *a, const void *b)
{
    const SwcPoint *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->line - y->line;
}

/* Index of the point with this id among the sorted points, or -1. */
static int point_by_id(const Swc *s, double id)
{
    int lo = 0, hi = s->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (s->p[mid].id < id)
            lo = mid + 1;
        else if (s->p[mid].id > id)
            hi = mid - 1;
        else
            return mid;
    }
    return -1;
}

/* Reports the cycle through point i, if its parents lead back to it. */
static bool in_cycle(Swc *s, int i)
{
    int k = i;
    for (int steps = 0; steps < s->n; steps++) {
        k = point_by_id(s, s->p[k].pid);
        if (k < 0)
            return false;
        if (k == i)
            break;
    }
    if (k != i)
        return false;
    if (s->p[i].pid == s->p[i].id) {
        diag_error(s->d, line_loc(s, s->p[i].line), "SWC: point %.0f is its own parent", s->p[i].id);
        return true;
    }
    StrBuf b = {0};
    int shown = 0;
    k = i;
    do {
        sb_printf(&b, "%s%.0f", shown ? " -> " : "", s->p[k].id);
        k = point_by_id(s, s->p[k].pid);
    } while (k != i && ++shown < 8);
    sb_printf(&b, " -> %.0f%s", s->p[k].id, k == i ? "" : " ...");
    diag_error(s->d, line_loc(s, s->p[i].line), "SWC: the parents of point %.0f form a cycle (%s)", s->p[i].id,
               sb_str(&b));
    sb_free(&b);
    return true;
}

/* check_pid: ids in order (sorted if not), parents before children, no
 * cycle, one tree; and each point's parent index. */
static bool link_points(Swc *s)
{
    bool sorted = true;
    for (int i = 1; i < s->n; i++)
        if (s->p[i].id <= s->p[i - 1].id)
            sorted = false;
    if (!sorted)
        qsort(s->p, (size_t)s->n, sizeof(SwcPoint), cmp_point);
    for (int i = 1; i < s->n; i++)
        if (s->p[i].id == s->p[i - 1].id) {
            diag_error(s->d, line_loc(s, s->p[i].line), "SWC: duplicate id %.0f", s->p[i].id);
            diag_note(s->d, line_loc(s, s->p[i - 1].line), "first used here");
            return false;
        }
    /* report at the first line in the file that breaks the rule */
    int bad = -1;
    for (int i = 0; i < s->n; i++)
        if (s->p[i].pid >= s->p[i].id && (bad < 0 || s->p[i].line < s->p[bad].line))
            bad = i;
    if (bad >= 0) {
        if (point_by_id(s, s->p[bad].pid) < 0)
            diag_error(s->d, line_loc(s, s->p[bad].line), "SWC: parent %.0f of point %.0f does not exist",
                       s->p[bad].pid, s->p[bad].id);
        else if (!in_cycle(s, bad))
            diag_error(s->d, line_loc(s, s->p[bad].line), "SWC: parent %.0f of point %.0f must have a smaller id",
                       s->p[bad].pid, s->p[bad].id);
        return false;
    }
    s->pix = ARENA_NEWN(s->a, int, s->n);
    int root = -1;
    for (int i = 0; i < s->n; i++) {
        s->pix[i] = -1;
        if (s->p[i].pid < 0) {
            if (root >= 0) {
                diag_error(s->d, line_loc(s, s->p[i].line),
                           "SWC: more than one tree (NEURON's Import3d reads one)");
                diag_note(s->d, line_loc(s, s->p[root].line), "the first root is here");
                return false;
            }
            root = i;
            continue;
        }
        s->pix[i] = point_by_id(s, s->p[i].pid);   /* ids are sorted */
        if (s->pix[i] < 0) {
            diag_error(s->d, line_loc(s, s->p[i].line), "SWC: parent %.0f of point %.0f does not exist",
                       s->p[i].pid, s->p[i].id);
            return false;
        }
    }
    if (root != 0) {
        /* with sorted ids and parents before children the first point is
         * always a root */
        die("SWC: first point is not a root");
    }
    return true;
}

static int ptype(const Swc *s, int i)
{
    return (int)s->p[i].type;
}

/* mark_branch: nchild[p] counts p's children, 1 for the one that
 * continues p's run and a bit more than 1 for any other (a non-adjacent
 * child, or one of another type); also which points attach to the
 * proximal end of their parent's section. */
static void mark_branches(Swc *s)
{
    s->nchild = ARENA_NEWN(s->a, double, s->n);
    s->to_prox = ARENA_NEWN(s->a, bool, s->n);
    for (int i = 0; i < s->n; i++) {
        int p = s->pix[i];
        if (p < 0)
            continue;
        s->nchild[p] += 1;
        if (p != i - 1) {
            s->nchild[p] += .01;
            /* a branch from the first point of a dendrite that hangs on the
             * soma (or from a non-soma root) goes to that section's 0 end */
            if (p > 1) {
                int pp = s->pix[p];
                if (ptype(s, p) != 1 && pp >= 0 && ptype(s, pp) == 1) {
                    s->to_prox[i] = true;
                    s->nchild[p] = 1;
                }
            } else if (p == 0 && ptype(s, p) != 1) {
                s->to_prox[i] = true;
                s->nchild[p] = 1;
            }
        }
        if (ptype(s, p) != ptype(s, i))
            s->nchild[p] += .01;
    }
}

static bool hoc_eq(double a, double b)
{
    return a <= b + HOC_EPS && a >= b - HOC_EPS;
}

/* NeuroMorpho's three-point soma: points 1 and 2 children of point 0,
 * childless, of point 0's diameter, together one diameter long.  Then
 * point 2 is made a child of point 1 (one soma section) and the root
 * section keeps point 0 only. */
static void three_point_soma(Swc *s)
{
    if (s->n < 3 || s->pix[1] != 0 || s->pix[2] != 0)
        return;
    if (s->nchild[1] != 0 || s->nchild[2] != 0)
        return;
    const SwcPoint *p = s->p;
    if (!hoc_eq(p[1].d, p[0].d) || !hoc_eq(p[2].d, p[0].d))
        return;
    double len = 0;
    for (int i = 1; i <= 2; i++)
        len += sqrt(pow(p[i].x - p[0].x, 2) + pow(p[i].y - p[0].y, 2) + pow(p[i].z - p[0].z, 2));
    if (fabs(len / p[0].d - 1) < .01 - HOC_EPS) {   /* hoc's < */
        s->soma3geom = true;
        s->pix[2] = 1;
        s->p[2].pid = s->p[1].id;
    }
}

/* sectionify: which section each point belongs to. */
static void split_sections(Swc *s)
{
    mark_branches(s);
    s->nchild_soma = ARENA_NEWN(s->a, double, s->n);
    int nsoma = ptype(s, 0) == 1;
    for (int i = 1; i < s->n; i++)
        if (ptype(s, i) == 1) {
            nsoma++;
            int p = s->pix[i];
            if (p >= 0 && ptype(s, p) == 1)
                s->nchild_soma[p] += 1;
        }
    if (nsoma == 3)
        three_point_soma(s);
    /* a soma point followed by its soma child continues the soma section
     * unless it has several soma children (then the soma branches) */
    for (int i = 0; i + 1 < s->n; i++)
        if (ptype(s, i) == 1 && ptype(s, i + 1) == 1 && s->pix[i + 1] == i)
            if (!(i != 0 && s->nchild_soma[i] > 1 + HOC_EPS))
                s->nchild[i] = 1;
    s->p2s = ARENA_NEWN(s->a, int, s->n);
    int si = 0;
    for (int i = 0; i < s->n; i++) {
        s->p2s[i] = si;
        if (!hoc_eq(s->nchild[i], 1))   /* i ends section si */
            si++;
    }
}

static void set_raw(MorphPoint *m, const SwcPoint *p)
{
    *m = (MorphPoint){p->x, p->y, p->z, p->d};
}

/* mksection: section isec made of points [first, last). */
static void make_section(Swc *s, int isec, int first, int last)
{
    ISec *sec = &s->secs[isec];
    sec->id = first;
    sec->parent = -1;
    sec->parentx = 1;
    sec->type = ptype(s, first);
    if (isec == 0) {
        if (s->soma3geom)
            last = 1;
        sec->npts = last - first;
        sec->raw = ARENA_NEWN(s->a, MorphPoint, sec->npts);
        for (int i = 0; i < sec->npts; i++)
            set_raw(&sec->raw[i], &s->p[first + i]);
        return;
    }
    int pp = s->pix[first];                 /* the parent point */
    sec->parent = s->p2s[pp];
    const ISec *ps = &s->secs[sec->parent];
    int own = last - first;
    bool on_soma = ps->type == 1;
    bool dend_on_soma = on_soma && ptype(s, first) != 1;
    bool handled = false;
    if (sec->parent == 0) {
        handled = true;
        if (dend_on_soma && ps->npts == 1) {          /* single-point soma */
            sec->parentx = 0.5;
            if (own > 1)
                sec->first = 1;
        } else if (pp == ps->id) {                    /* the root's first point */
            sec->parentx = 0;
            if (ptype(s, first) != 1 && s->nchild_soma[pp] > 1 + HOC_EPS)
                sec->first = 1;
        } else {
            handled = false;
        }
    }
    if (!handled && on_soma) {
        int last_of_parent = ps->id + ps->npts + (ps->id == 0 ? -1 : -2);
        if (pp < last_of_parent) {                    /* an interior soma point */
            sec->parentx = 0.5;
            if (dend_on_soma && own > 1)
                sec->first = 1;
        } else if (own > 1 && s->nchild_soma[pp] > 1 + HOC_EPS && ptype(s, first) != 1) {
            sec->first = 1;
        }
    }
    sec->npts = own + 1;
    sec->raw = ARENA_NEWN(s->a, MorphPoint, sec->npts);
    set_raw(&sec->raw[0], &s->p[pp]);
    for (int i = 0; i < own; i++)
        set_raw(&sec->raw[i + 1], &s->p[first + i]);
    if (ps->type == 1 && sec->type != 1)
        sec->raw[0].d = sec->raw[1].d;
    if (s->to_prox[first])
        sec->parentx = 0;
}

static void make_sections(Swc *s)
{
    s->nsecs = s->p2s[s->n - 1] + 1;
    s->secs = ARENA_NEWN(s->a, ISec, s->nsecs);
    int isec = 0, first = 0;
    for (int i = 0; i < s->n; i++)
        if (s->p2s[i] > isec) {
            make_section(s, isec, first, i);
            isec++;
            first = i;
        }
    make_section(s, isec, first, s->n);
}

/* chk_valid: sections without length are removed, their children moved
 * up to the removed section's parent. */
static void remove_empty(Swc *s)
{
    for (int i = s->nsecs - 1; i >= 0; i--) {
        ISec *sec = &s->secs[i];
        if (sec->parent < 0)
            continue;
        int n = sec->npts - sec->first;
        const MorphPoint *a = &sec->raw[sec->first];
        bool drop = n <= 1;
        if (!drop && n <= 2)
            drop = a[0].x == a[1].x && a[0].y == a[1].y && a[0].z == a[1].z;
        if (!drop)
            continue;
        diag_warning(s->d, line_loc(s, s->p[sec->id].line),
                     "SWC: section without length removed, as NEURON does");
        sec->removed = true;
        for (int j = i + 1; j < s->nsecs; j++)
            if (!s->secs[j].removed && s->secs[j].parent == i) {
                s->secs[j].parent = sec->parent;
                s->secs[j].parentx = sec->parentx;
            }
    }
}

static const char *type_name(Arena *a, int type)
{
    switch (type) {
    case 1: return "soma";
    case 2: return "axon";
    case 3: return "dend";
    case 4: return "apic";
    default:
        return type < 0 ? arena_printf(a, "minus_%d", -type) : arena_printf(a, "dend_%d", type);
    }
}

/* What pt3dadd receives: the number printed with "%.8g" and read back. */
static double via_text(double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.8g", v);
    return strtod(buf, NULL);
}

/* Import3d_GUI.instantiate: sections created type by type, connected in
 * file order, 3-D points from the first used point on. */
static void instantiate(Swc *s, Morphology *out)
{
    int tmin = ptype(s, 0), tmax = ptype(s, 0);
    for (int i = 0; i < s->n; i++) {
        if (ptype(s, i) < tmin)
            tmin = ptype(s, i);
        if (ptype(s, i) > tmax)
            tmax = ptype(s, i);
    }
    int ntypes = tmax - tmin + 1;
    int *count = ARENA_NEWN(s->a, int, ntypes);
    int nkept = 0;
    for (int i = 0; i < s->nsecs; i++) {
        ISec *sec = &s->secs[i];
        if (sec->removed)
            continue;
        sec->nameindex = count[sec->type - tmin]++;
        nkept++;
    }
    /* output index of each kept section: by type, then name index */
    int *start = ARENA_NEWN(s->a, int, ntypes);
    for (int t = 1; t < ntypes; t++)
        start[t] = start[t - 1] + count[t - 1];
    int *outix = ARENA_NEWN(s->a, int, s->nsecs);
    for (int i = 0; i < s->nsecs; i++)
        outix[i] = s->secs[i].removed ? -1 : start[s->secs[i].type - tmin] + s->secs[i].nameindex;

    MorphSection *ms = ARENA_NEWN(s->a, MorphSection, nkept);
    int conn = 0;
    for (int i = 0; i < s->nsecs; i++) {
        const ISec *sec = &s->secs[i];
        if (sec->removed)
            continue;
        MorphSection *m = &ms[outix[i]];
        m->name = arena_printf(s->a, "%s[%d]", type_name(s->a, sec->type), sec->nameindex);
        m->parent = sec->parent >= 0 ? outix[sec->parent] : -1;
        m->parent_x = sec->parent >= 0 ? sec->parentx : -1;
        m->child_x = 0;
        m->conn_order = sec->parent >= 0 ? conn++ : -1;
        m->nseg = 0;
        m->L = m->diam = m->Ra = m->cm = NAN;
        m->loc = line_loc(s, s->p[sec->id].line);
        const MorphPoint *src = &sec->raw[sec->first];
        int n = sec->npts - sec->first;
        if (n == 1) {
            /* a lone point is a sphere: a cylinder along x, L = diam */
            MorphPoint c = src[0];
            m->npts = 3;
            m->pts = ARENA_NEWN(s->a, MorphPoint, 3);
            for (int k = 0; k < 3; k++)
                m->pts[k] = c;
            m->pts[0].x -= c.d / 2;
            m->pts[2].x += c.d / 2;
        } else {
            m->npts = n;
            m->pts = ARENA_NEWN(s->a, MorphPoint, n);
            memcpy(m->pts, src, sizeof(MorphPoint) * (size_t)n);
        }
        for (int k = 0; k < m->npts; k++) {
            MorphPoint *q = &m->pts[k];
            *q = (MorphPoint){via_text(q->x), via_text(q->y), via_text(q->z), via_text(q->d)};
        }
        m->arc = ARENA_NEWN(s->a, double, m->npts);
        morph_arcs(m->pts, m->npts, m->arc);
    }
    out->secs = ms;
    out->nsecs = nkept;
}

bool morph_read_swc(Arena *a, Diag *d, const char *path, SrcLoc from, Morphology *out)
{
    Swc s = {.a = a, .d = d};
    s.src = morph_load_file(a, d, path, from);
    if (!s.src)
        return false;
    int errors = d->nerrors;
    if (!read_points(&s) || !link_points(&s))
        return false;
    split_sections(&s);
    make_sections(&s);
    remove_empty(&s);
    instantiate(&s, out);
    return d->nerrors == errors;
}
