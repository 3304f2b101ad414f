/* geometry.c - sections to nodes: NEURON's node order, segment areas and
 * axial resistances (cylinders and 3-D points), tree-matrix couplings;
 * and the --topology and --geometry printers.
 *
 * needs: a checked Model (sections, connections, geometry values).
 * provides: Model.nnode, ncell, parent, area, segarea, rinv, a, b, cm,
 * node_sec, node_seg; each Section's root_node, node0, order; the node of
 * every point process, detector and record.
 * The order of operations follows NUMERICS.md section 1 literally, so
 * that every number equals NEURON's bit for bit.
 */
#include <math.h>
#include <string.h>

#include "geometry.h"

#define PI 3.14159265358979323846

/* Children of section p in NEURON's order: increasing position, and the
 * most recently connected first among equal positions. */
static int cmp_child(const Model *m, int a, int b)
{
    const Section *x = &m->secs.data[a], *y = &m->secs.data[b];
    if (x->px != y->px)
        return x->px < y->px ? -1 : 1;
    return y->conn_seq - x->conn_seq;
}

/* The sections connected to each section, in creation order: kid_first[s]
 * .. kid_first[s+1]-1 index kid_list (built once, by counting). */
static void build_kids(Model *m)
{
    int ns = m->secs.len;
    m->kid_first = ARENA_NEWN(m->arena, int, ns + 2);
    m->kid_list = ARENA_NEWN(m->arena, int, ns + 1);
    memset(m->kid_first, 0, sizeof(int) * (size_t)(ns + 2));
    for (int i = 0; i < ns; i++)
        if (m->secs.data[i].parent >= 0)
            m->kid_first[m->secs.data[i].parent + 2]++;
    for (int i = 0; i < ns; i++)
        m->kid_first[i + 2] += m->kid_first[i + 1];
    for (int i = 0; i < ns; i++)
        if (m->secs.data[i].parent >= 0)
            m->kid_list[m->kid_first[m->secs.data[i].parent + 1]++] = i;
}

static int children(const Model *m, int p, int *out)
{
    int n = 0;
    for (int k = m->kid_first[p]; k < m->kid_first[p + 1]; k++)
        out[n++] = m->kid_list[k];
    /* insertion sort: child lists are short */
    for (int i = 1; i < n; i++) {
        int c = out[i], k = i - 1;
        while (k >= 0 && cmp_child(m, out[k], c) > 0) {
            out[k + 1] = out[k];
            k--;
        }
        out[k + 1] = c;
    }
    return n;
}

/* Node numbers in NEURON's order (sections breadth first, each one's
 * nodes together); geometry_build then renumbers them (below), and the
 * public functions give the final numbers. */
static int order_parent_node(const Model *m, int s)
{
    const Section *sec = &m->secs.data[s];
    if (sec->parent < 0)
        return sec->root_node;
    const Section *p = &m->secs.data[sec->parent];
    if (sec->px == 1)
        return p->node0 + p->nseg;
    if (sec->px == 0)
        return order_parent_node(m, sec->parent);
    return p->node0 + seg_index(p->nseg, sec->px);
}

static int order_node_at(const Model *m, int s, double x)
{
    const Section *sec = &m->secs.data[s];
    if (x == 0)
        return order_parent_node(m, s);
    if (x == 1)
        return sec->node0 + sec->nseg;
    return sec->node0 + seg_index(sec->nseg, x);
}

static int renumbered(const Model *m, int node)
{
    return m->node_new ? m->node_new[node] : node;
}

int geom_parent_node(const Model *m, int s)
{
    return renumbered(m, order_parent_node(m, s));
}

int geom_node_at(const Model *m, int s, double x)
{
    return renumbered(m, order_node_at(m, s, x));
}

int geom_seg_node(const Model *m, int s, int j)
{
    return renumbered(m, m->secs.data[s].node0 + j);
}

static void area_ri_cylinder(Model *m, Section *s)
{
    double dx = s->L / s->nseg;
    double rright = 0;
    for (int j = 0; j < s->nseg; j++) {
        double d = s->diam[j];
        int nd = s->node0 + j;
        m->area[nd] = m->segarea[nd] = PI * d * dx;
        double rleft = 1e-2 * s->Ra * (dx / 2) / (PI * d * d / 4.0);
        m->rinv[nd] = 1.0 / (rleft + rright);
        rright = rleft;
    }
    m->rinv[s->node0 + s->nseg] = 1.0 / rright;
}

/* NUMERICS.md 1.4: piecewise-linear integration along the 3-D points. */
static void area_ri_3d(Model *m, Section *s)
{
    const Pt3d *pts = s->pts;
    const double *arc = s->arc;
    int last = s->npts - 1;
    double ds = arc[last] / s->nseg;
    int j = 0;
    double x1 = arc[0], y1 = fabs(pts[0].d);
    double rparent = 0;
    double *diam = ARENA_NEWN(m->arena, double, s->nseg);
    for (int seg = 0; seg < s->nseg; seg++) {
        double si = seg * ds;
        double diamsum = 0, areasum = 0, halves[2];
        for (int half = 0; half < 2; half++) {
            double ri = 0;
            double sip = si + ds / 2.0;
            for (;;) {
                double xj = arc[j], xjp = arc[j + 1];
                double x2, y2;
                bool advance;
                if (xjp > sip || j + 1 == last) {
                    double frac = fabs(xjp - xj) < 1e-10 ? 1.0 : (sip - xj) / (xjp - xj);
                    x2 = sip;
                    y2 = (1.0 - frac) * fabs(pts[j].d) + frac * fabs(pts[j + 1].d);
                    advance = false;
                } else {
                    x2 = xjp;
                    y2 = fabs(pts[j + 1].d);
                    advance = true;
                }
                double delta = x2 - x1;
                diamsum += (y2 + y1) * delta;
                if (delta < 1e-15)
                    delta = 1e-15;
                double q = y2 * y1 / delta;
                if (q == 0)
                    q = 1e-15;
                ri += 1.0 / q;
                double sl = 0.5 * (y2 - y1);
                sl = sqrt(delta * delta + sl * sl);
                areasum += (y2 + y1) * sl;
                x1 = x2;
                y1 = y2;
                if (!advance)
                    break;
                j++;
            }
            halves[half] = ri * s->Ra / PI * (4.0 * 0.01);
            si = sip;
        }
        int nd = s->node0 + seg;
        m->rinv[nd] = 1.0 / (rparent + halves[0]);
        m->area[nd] = m->segarea[nd] = areasum * 0.5 * PI;
        diam[seg] = diamsum * (0.5 / ds);
        rparent = halves[1];
    }
    m->rinv[s->node0 + s->nseg] = 1.0 / rparent;
    s->diam = diam;
}

/* Renumbers the nodes so that trees (cells) of the same shape lie side by
 * side: node k of each such tree in turn, the trees in order.  Each
 * node's parent still comes before it and the children of a node keep
 * their order, so the matrix is assembled and solved in the same
 * floating-point operations as in NEURON's order, tree by tree; but
 * consecutive nodes now belong to different trees, whose chains of
 * dependent operations the processor can overlap.  The root nodes stay
 * first, in order. */
static void interleave_cells(Model *m)
{
    int n = m->nnode, nc = m->ncell;
    int *tree = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int *rank = xmalloc(sizeof(int) * (size_t)(n ? n : 1)); /* place among its tree's nodes */
    int *count = calloc((size_t)nc + 1, sizeof(int));
    for (int i = 0; i < nc; i++)
        tree[i] = i;
    for (int i = nc; i < n; i++) {
        int p = m->parent[i];
        tree[i] = p < nc ? p : tree[p];
        rank[i] = count[tree[i]]++;
    }
    /* each tree's shape: its size and its nodes' parents (by rank, or -1 for the root) */
    int *first = xmalloc(sizeof(int) * (size_t)(nc + 1)); /* a tree's first non-root node */
    for (int t = 0; t < nc; t++)
        first[t] = -1;
    for (int i = n - 1; i >= nc; i--)
        first[tree[i]] = i;
    int **nodes = xmalloc(sizeof(int *) * (size_t)(nc + 1));
    for (int t = 0; t < nc; t++)
        nodes[t] = xmalloc(sizeof(int) * (size_t)(count[t] + 1));
    int *fill = calloc((size_t)nc + 1, sizeof(int));
    for (int i = nc; i < n; i++)
        nodes[tree[i]][fill[tree[i]]++] = i;
    unsigned *hash = xmalloc(sizeof(unsigned) * (size_t)(nc + 1));
    for (int t = 0; t < nc; t++) {
        unsigned h = 2166136261u ^ (unsigned)count[t];
        for (int k = 0; k < count[t]; k++) {
            int p = m->parent[nodes[t][k]];
            h = (h ^ (unsigned)(p < nc ? -1 : rank[p])) * 16777619u;
        }
        hash[t] = h;
    }
    int *group = xmalloc(sizeof(int) * (size_t)(nc + 1)); /* first tree of the same shape */
    StrMap seen = {0};
    char key[32];
    for (int t = 0; t < nc; t++) {
        group[t] = t;
        snprintf(key, sizeof key, "%u:%d", hash[t], count[t]);
        int g = strmap_get(&seen, key);
        /* the same hash: compare the shapes in full */
        while (g >= 0) {
            bool same = count[g] == count[t];
            for (int k = 0; same && k < count[t]; k++) {
                int p1 = m->parent[nodes[g][k]], p2 = m->parent[nodes[t][k]];
                same = (p1 < nc ? -1 : rank[p1]) == (p2 < nc ? -1 : rank[p2]);
            }
            if (same)
                break;
            g = -1; /* a collision: keep the tree on its own */
        }
        if (g >= 0) {
            group[t] = g;
        } else {
            char *k2 = xstrdup(key);
            strmap_put(&seen, arena_strdup(m->arena, k2), t);
            free(k2);
        }
    }
    int *node_new = ARENA_NEWN(m->arena, int, n ? n : 1);
    for (int i = 0; i < nc; i++)
        node_new[i] = i;
    int next = nc;
    int *members = xmalloc(sizeof(int) * (size_t)(nc + 1));
    for (int t = 0; t < nc; t++) {
        if (group[t] != t || !count[t])
            continue;
        int g = 0;
        for (int u = t; u < nc; u++)
            if (group[u] == t)
                members[g++] = u;
        NodeGroup ng;
        ng.base = next;
        ng.g = g;
        ng.K = count[t];
        ng.prank = ARENA_NEWN(m->arena, int, count[t]);
        ng.roots = ARENA_NEWN(m->arena, int, g);
        ng.roots_affine = true;
        ng.uniform_a = ng.uniform_b = ng.uniform_cm = -1;
        for (int j = 0; j < g; j++) {
            ng.roots[j] = members[j];
            ng.roots_affine = ng.roots_affine && members[j] == members[0] + j;
        }
        for (int k = 0; k < count[t]; k++) {
            int p = m->parent[nodes[t][k]];
            ng.prank[k] = p < nc ? -1 : rank[p];
            for (int j = 0; j < g; j++)
                node_new[nodes[members[j]][k]] = next++;
        }
        APUSH(m->arena, m->groups, ng);
    }
    if (next != n)
        die("renumbering covers %d of %d nodes", next, n);
    /* apply */
    int *ip = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    double *dp = xmalloc(sizeof(double) * (size_t)(n ? n : 1));
#define PERMUTE_INT(arr, map_values)                                                       \
    do {                                                                                   \
        for (int i = 0; i < n; i++)                                                        \
            ip[node_new[i]] = (map_values) && (arr)[i] >= 0 ? node_new[(arr)[i]] : (arr)[i]; \
        memcpy((arr), ip, sizeof(int) * (size_t)n);                                        \
    } while (0)
#define PERMUTE_DOUBLE(arr)                                                                \
    do {                                                                                   \
        for (int i = 0; i < n; i++)                                                        \
            dp[node_new[i]] = (arr)[i];                                                    \
        memcpy((arr), dp, sizeof(double) * (size_t)n);                                     \
    } while (0)
    PERMUTE_INT(m->parent, true);
    PERMUTE_INT(m->node_sec, false);
    PERMUTE_INT(m->node_seg, false);
    PERMUTE_DOUBLE(m->area);
    PERMUTE_DOUBLE(m->segarea);
    PERMUTE_DOUBLE(m->rinv);
    PERMUTE_DOUBLE(m->a);
    PERMUTE_DOUBLE(m->b);
    PERMUTE_DOUBLE(m->cm);
#undef PERMUTE_INT
#undef PERMUTE_DOUBLE
    m->node_new = node_new;
    m->node_old = ARENA_NEWN(m->arena, int, n ? n : 1);
    for (int i = 0; i < n; i++)
        m->node_old[node_new[i]] = i;
    free(ip);
    free(dp);
    free(members);
    strmap_free(&seen);
    free(group);
    free(hash);
    free(fill);
    for (int t = 0; t < nc; t++)
        free(nodes[t]);
    free(nodes);
    free(first);
    free(count);
    free(rank);
    free(tree);
}

void geometry_build(Model *m)
{
    build_kids(m);
    int ns = m->secs.len;
    int *order = ARENA_NEWN(m->arena, int, ns);
    int *kids = xmalloc(sizeof(int) * (size_t)(ns ? ns : 1));
    int n = 0, ncell = 0;
    for (int i = 0; i < ns; i++)
        if (m->secs.data[i].parent < 0) {
            m->secs.data[i].root_node = ncell++;
            order[n++] = i;
        }
    for (int k = 0; k < n; k++) {
        int nk = children(m, order[k], kids);
        for (int c = 0; c < nk; c++)
            order[n++] = kids[c];
    }
    free(kids);
    if (n != ns)
        die("section order covers %d of %d sections", n, ns);
    int nnode = ncell;
    for (int k = 0; k < ns; k++) {
        Section *s = &m->secs.data[order[k]];
        s->order = k;
        s->node0 = nnode;
        nnode += s->nseg + 1;
    }
    m->sec_order = order;
    m->nnode = nnode;
    m->ncell = ncell;
    m->parent = ARENA_NEWN(m->arena, int, nnode);
    m->area = ARENA_NEWN(m->arena, double, nnode);
    m->segarea = ARENA_NEWN(m->arena, double, nnode);
    m->rinv = ARENA_NEWN(m->arena, double, nnode);
    m->a = ARENA_NEWN(m->arena, double, nnode);
    m->b = ARENA_NEWN(m->arena, double, nnode);
    m->cm = ARENA_NEWN(m->arena, double, nnode);
    m->node_sec = ARENA_NEWN(m->arena, int, nnode);
    m->node_seg = ARENA_NEWN(m->arena, int, nnode);
    for (int i = 0; i < nnode; i++) {
        m->area[i] = 100.0;
        m->parent[i] = -1;
    }
    for (int i = 0; i < ns; i++)
        if (m->secs.data[i].parent < 0) {
            m->node_sec[m->secs.data[i].root_node] = i;
            m->node_seg[m->secs.data[i].root_node] = -1;
        }
    for (int k = 0; k < ns; k++) {
        int si = order[k];
        Section *s = &m->secs.data[si];
        int pn = order_parent_node(m, si);
        for (int j = 0; j <= s->nseg; j++) {
            int nd = s->node0 + j;
            m->parent[nd] = j == 0 ? pn : nd - 1;
            m->node_sec[nd] = si;
            m->node_seg[nd] = j;
        }
        if (s->pts)
            area_ri_3d(m, s);
        else
            area_ri_cylinder(m, s);
        for (int j = 0; j < s->nseg; j++)
            m->cm[s->node0 + j] = s->cm[j];
    }
    for (int k = 0; k < ns; k++) {
        Section *s = &m->secs.data[order[k]];
        for (int j = 0; j <= s->nseg; j++) {
            int nd = s->node0 + j, p = m->parent[nd];
            if (j == 0)
                m->a[nd] = -1e2 * s->rall * m->rinv[nd] / m->area[p];
            else
                m->a[nd] = -1e2 * m->rinv[nd] / m->area[p];
            m->b[nd] = -1e2 * m->rinv[nd] / m->area[nd];
        }
    }
    interleave_cells(m);
    for (int i = 0; i < m->pps.len; i++)
        m->pps.data[i].node = m->pps.data[i].sec < 0 ? -1 : geom_node_at(m, m->pps.data[i].sec, m->pps.data[i].x);
    for (int i = 0; i < m->detectors.len; i++)
        m->detectors.data[i].node = geom_node_at(m, m->detectors.data[i].sec, m->detectors.data[i].x);
    for (int i = 0; i < m->records.len; i++) {
        Record *r = &m->records.data[i];
        if (r->kind == REC_V || r->kind == REC_RANGE)
            r->node = geom_node_at(m, r->sec, r->x);
    }
    for (int i = 0; i < m->pointers.len; i++)
        for (int k = 0; k < 2; k++) {
            Record *r = k ? &m->pointers.data[i].source : &m->pointers.data[i].target;
            if (r->kind == REC_V || r->kind == REC_RANGE)
                r->node = geom_node_at(m, r->sec, r->x);
        }
}

/* ---- printers ---- */

/* Index of position x among a section's points as NEURON's topology()
 * counts them: a root section counts its x = 0 node first. */
static int topo_index(const Section *p, double x)
{
    int root = p->parent < 0;
    if (x == 0)
        return root ? 0 : -1;
    if (x == 1)
        return p->nseg + root;
    return seg_index(p->nseg, x) + root;
}

static void topo_print(const Model *m, FILE *out, int s, int offset)
{
    const Section *sec = &m->secs.data[s];
    bool root = sec->parent < 0;
    for (int i = 0; i < offset; i++)
        fputc(' ', out);
    fputc(root ? '|' : '`', out);
    for (int i = 0; i < sec->nseg - (root ? 0 : 1); i++)
        fputc('-', out);
    fprintf(out, "|       %s(0-1)\n", sec->name);
    int *kids = xmalloc(sizeof(int) * (size_t)m->secs.len);
    int nk = children(m, s, kids);
    for (int c = nk - 1; c >= 0; c--) {
        const Section *ch = &m->secs.data[kids[c]];
        topo_print(m, out, kids[c], offset + topo_index(sec, ch->px) + 1);
    }
    free(kids);
}

void geometry_print_topology(const Model *m, FILE *out)
{
    fputc('\n', out);
    for (int i = 0; i < m->secs.len; i++)
        if (m->secs.data[i].parent < 0)
            topo_print(m, out, i, 0);
    fputc('\n', out);
}

static void row(FILE *out, const char *name, double x, double area, double rinv)
{
    char bx[40], ba[40], br[40];
    fmt_double(bx, sizeof bx, x);
    fmt_double(ba, sizeof ba, area);
    fmt_double(br, sizeof br, rinv == 0 ? 1e30 : 1.0 / rinv);
    fprintf(out, "%s,%s,%s,%s\n", name, bx, ba, br);
}

void geometry_print_csv(const Model *m, FILE *out)
{
    fputs("section,x,area,ri\n", out);
    for (int i = 0; i < m->secs.len; i++) {
        const Section *s = &m->secs.data[i];
        if (s->parent < 0)
            row(out, s->name, 0, 0, m->rinv[s->root_node]);
        for (int j = 0; j < s->nseg; j++)
            row(out, s->name, (j + 0.5) / s->nseg, m->segarea[geom_seg_node(m, i, j)], m->rinv[geom_seg_node(m, i, j)]);
        row(out, s->name, 1, 0, m->rinv[geom_seg_node(m, i, s->nseg)]);
    }
}

/* x in shortest round-trip form, whole numbers without exponent ("20"). */
static void fmt_num(char *buf, size_t n, double x)
{
    if (x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, n, "%.0f", x);
    else
        fmt_double(buf, n, x);
}

void geometry_print_sections(const Model *m, FILE *out)
{
    fputs("section,parent,parent_x,n3d,L,nseg\n", out);
    for (int i = 0; i < m->secs.len; i++) {
        const Section *s = &m->secs.data[i];
        char bx[40], bl[40];
        fmt_num(bx, sizeof bx, s->parent >= 0 ? s->px : -1);
        fmt_num(bl, sizeof bl, s->L);
        fprintf(out, "%s,%s,%s,%d,%s,%d\n", s->name, s->parent >= 0 ? m->secs.data[s->parent].name : "", bx,
                s->npts, bl, s->nseg);
    }
}

const char *geometry_node_label(const Model *m, int node, char *buf, size_t n)
{
    const Section *s = &m->secs.data[m->node_sec[node]];
    int j = m->node_seg[node];
    if (j < 0)
        snprintf(buf, n, "%s(0)", s->name);
    else if (j == s->nseg)
        snprintf(buf, n, "%s(1)", s->name);
    else {
        char bx[40];
        fmt_double(bx, sizeof bx, (j + 0.5) / s->nseg);
        snprintf(buf, n, "%s(%s)", s->name, bx);
    }
    return buf;
}
