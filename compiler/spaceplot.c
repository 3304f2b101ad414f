/* spaceplot.c - the points of a space plot (`record range`), as NEURON's
 * RangeVarPlot places them (see spaceplot.h).
 *
 * needs: a checked model with its geometry built.
 * provides: for a path between two places of one tree, every node on it
 * with its signed distance from the path's node nearest the root (the
 * begin side negative), and then the plotted points: NEURON drops a
 * single point where the variable does not exist (a section end, a
 * section without the mechanism), gives an end point the value of its
 * neighbour, and marks a longer gap with points of value 0.
 *
 * Distances are computed in NEURON's order of operations and rounded to
 * single precision, as RangeVarPlot stores them.
 */
#include <string.h>

#include "geometry.h"
#include "spaceplot.h"

/* Distance of node nd from the 0 end of section s (-1: no section): 0 at
 * the section's parent node, L at its end, the centre's position else. */
static double node_dist(const Model *m, int s, int nd)
{
    if (s < 0 || geom_parent_node(m, s) == nd)
        return 0.0;
    const Section *sec = &m->secs.data[s];
    int i = nd - sec->node0;
    double ratio = i == sec->nseg ? 1.0 : ((double)i + 0.5) / (double)sec->nseg;
    return sec->L * ratio;
}

/* The section that owns the parent node of s: up past every section
 * attached at its parent's 0 end; -1 past a root. */
static int true_parent(const Model *m, int s)
{
    int p = m->secs.data[s].parent;
    while (p >= 0 && m->secs.data[s].px == 0) {
        s = p;
        p = m->secs.data[p].parent;
    }
    return p;
}

/* Path distance between (s1, n1) and (s2, n2) of one tree, and the node
 * of the path nearest the root (*root, with its section *rootsec). */
static double topol_distance(const Model *m, int s1, int n1, int s2, int n2, int *rootsec, int *root)
{
    double d = 0;
    while (s1 != s2) {
        bool up1 = s2 < 0 || (s1 >= 0 && m->secs.data[s1].order > m->secs.data[s2].order);
        if (up1) {
            d += node_dist(m, s1, n1);
            n1 = geom_parent_node(m, s1);
            s1 = m->secs.data[s1].parent;
        } else {
            d += node_dist(m, s2, n2);
            n2 = geom_parent_node(m, s2);
            s2 = m->secs.data[s2].parent;
        }
    }
    if (s1 >= 0 && n1 != n2) {
        double x1 = node_dist(m, s1, n1), x2 = node_dist(m, s2, n2);
        if (x1 < x2) {
            d += x2 - x1;
        } else {
            n1 = n2;
            d += x1 - x2;
        }
    }
    *rootsec = s1;
    *root = n1;
    return d;
}

/* Whether the plotted variable exists at node nd: v everywhere, a
 * mechanism's variable at the centres of sections that have it. */
static bool exists_at(const Model *m, const RangePlot *rp, int nd)
{
    if (rp->mech < 0)
        return true;
    int s = m->node_sec[nd], j = m->node_seg[nd];
    if (j < 0 || j >= m->secs.data[s].nseg)
        return false;
    const Section *sec = &m->secs.data[s];
    for (int i = 0; i < sec->mechs.len; i++)
        if (sec->mechs.data[i] == rp->mech)
            return true;
    return false;
}

int spaceplot_points(const Model *m, const RangePlot *rp, PlotPoint **out)
{
    int s1 = rp->sec0, s2 = rp->sec1;
    int nd1 = geom_node_at(m, s1, rp->x0), nd2 = geom_node_at(m, s2, rp->x1);
    int rootsec, root, rs2, r2;
    double dist = topol_distance(m, s1, nd1, s2, nd2, &rootsec, &root);
    double d2r = topol_distance(m, s1, nd1, rootsec, root, &rs2, &r2);
    /* the path's nodes with their distances (float, as NEURON keeps them) */
    VEC(int) node = {0};
    VEC(float) len = {0};
    int nd = nd1, s = s1;
    double d = -d2r + node_dist(m, s, nd);
    while (nd != root) {
        double x = node_dist(m, s, nd);
        VEC_PUSH(node, nd);
        VEC_PUSH(len, (float)(d - x));
        if (x == 0.0 && s >= 0) {
            s = true_parent(m, s);
            d += node_dist(m, s, nd);
        }
        nd = m->parent[nd];
    }
    VEC_PUSH(node, root);
    VEC_PUSH(len, 0.0f);
    VEC(int) node2 = {0};
    VEC(float) len2 = {0};
    nd = nd2;
    s = s2;
    d = dist - d2r - node_dist(m, s, nd);
    while (nd != root) {
        double x = node_dist(m, s, nd);
        VEC_PUSH(node2, nd);
        VEC_PUSH(len2, (float)(d + x));
        if (x == 0.0 && s >= 0) {
            s = true_parent(m, s);
            d -= node_dist(m, s, nd);
        }
        nd = m->parent[nd];
    }
    for (int i = node2.len - 1; i >= 0; i--) {
        VEC_PUSH(node, node2.data[i]);
        VEC_PUSH(len, len2.data[i]);
    }
    VEC_FREE(node2);
    VEC_FREE(len2);
    /* the plotted points: a missing value takes its neighbour's, a gap of
     * two or more points is marked by points of value 0 */
    VEC(PlotPoint) pts = {0};
    int noexist = 0, val = -1;
    int n = node.len;
    for (int i = 0; i < n; i++) {
        if (exists_at(m, rp, node.data[i])) {
            val = node.data[i];
            if (noexist > 1) {
                VEC_PUSH(pts, ((PlotPoint){len.data[i - 1], -1}));
                VEC_PUSH(pts, ((PlotPoint){len.data[i - 1], val}));
            }
            if (i == 1 && noexist == 1)
                VEC_PUSH(pts, ((PlotPoint){len.data[i - 1], val}));
            VEC_PUSH(pts, ((PlotPoint){len.data[i], val}));
            noexist = 0;
        } else {
            if (noexist == 1) {
                VEC_PUSH(pts, ((PlotPoint){len.data[i - 1], val}));
                VEC_PUSH(pts, ((PlotPoint){len.data[i - 1], -1}));
            }
            if (i == n - 1 && noexist == 0)
                VEC_PUSH(pts, ((PlotPoint){len.data[i], val}));
            noexist++;
        }
    }
    VEC_FREE(node);
    VEC_FREE(len);
    *out = pts.data;
    return pts.len;
}
