/* emit.c - the generated simulation: data layout, finitialize, fadvance.
 *
 * needs: a checked Model with its geometry built.
 * provides: one C file: sizes and geometry as constants, all mutable
 * data in one Model struct of fixed-size arrays (structure of arrays),
 * the mechanisms in NEURON's order with their kernels (nmodl_emit.c),
 * NEURON's fixed step (NUMERICS.md section 4) written out for this
 * model, records, spike detectors, and the NrtModel the runtime drives.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "verbatim.h"
#include "geometry.h"
#include "shape.h"
#include "spaceplot.h"

#define R_GAS 8.31446261815324
#define FARADAY 96485.33212331001

/* ---- mechanism order and instances ---- */

/* NEURON's order: pas and extracellular, the ions, the mechanisms that
 * write a concentration, the other built-ins, then user mechanisms (by
 * .mod file name, as nrnivmodl registers them). */
static bool writes_conc(const Mech *m)
{
    for (int i = 0; i < m->ions.len; i++)
        if (m->ions.data[i].conc_style == 3)
            return true;
    return false;
}

static void order_key(const Mech *m, int idx, int *cls, int *sub)
{
    int b = mech_builtin_order(m->name);
    if (m->kind == MECH_ION) {
        *cls = 1;
        *sub = idx;
    } else if (writes_conc(m)) {
        *cls = 2; /* concentration writers come right after the ions */
        *sub = 0;
    } else if (b >= 0 && b <= 2) {
        *cls = 0;
        *sub = b;
    } else if (b >= 0) {
        *cls = 3;
        *sub = b;
    } else {
        *cls = 4;
        *sub = 0;
    }
}

/* The file name of m's .mod file without directory (the mechanism name
 * for built-ins). */
static const char *mod_base(const Mech *m)
{
    const char *p = m->path && *m->path ? m->path : m->name;
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int cmp_use(const void *pa, const void *pb)
{
    const MechUse *a = pa, *b = pb;
    int ca, sa, cb, sb;
    order_key(a->mech, a->index, &ca, &sa);
    order_key(b->mech, b->index, &cb, &sb);
    if (ca != cb)
        return ca - cb;
    if (sa != sb)
        return sa - sb;
    if (ca == 4 || ca == 2) {
        /* nrnivmodl registers the .mod files in the order of their names */
        int c = strcmp(mod_base(a->mech), mod_base(b->mech));
        return c ? c : strcmp(a->mech->name, b->mech->name);
    }
    return a->index - b->index;
}

static int *arena_ints(Arena *a, const int *v, int n)
{
    int *p = ARENA_NEWN(a, int, n ? n : 1);
    if (n)
        memcpy(p, v, sizeof(int) * (size_t)n);
    return p;
}

typedef struct PpOrder {
    int node, seq, pp;
} PpOrder;

/* NEURON's order of a point process type's instances (its memb_list): by
 * node, and on one node the newest first, as each new instance is linked in
 * at the head of the node's property list (the order shows in the sums of
 * their currents into the node's rhs and d).  Artificial cells (node -1)
 * are in the order they were made, their template's object list. */
static int cmp_pp(const void *pa, const void *pb)
{
    const PpOrder *a = pa, *b = pb;
    if (a->node != b->node)
        return a->node - b->node;
    return a->node < 0 ? a->seq - b->seq : b->seq - a->seq;
}

/* Sorts the (node, sec, seg) triples of n instances by node. */
static void sort_by_node(int *node, int *sec, int *seg, int n)
{
    int *idx = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int maxn = 0;
    for (int i = 0; i < n; i++)
        if (node[i] > maxn)
            maxn = node[i];
    /* the nodes are distinct: place each by its node */
    int *at = xmalloc(sizeof(int) * (size_t)(maxn + 1));
    for (int i = 0; i <= maxn; i++)
        at[i] = -1;
    for (int i = 0; i < n; i++)
        at[node[i]] = i;
    int k = 0;
    for (int i = 0; i <= maxn; i++)
        if (at[i] >= 0)
            idx[k++] = at[i];
    int *tmp = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int *arrs[3] = {node, sec, seg};
    for (int a = 0; a < 3; a++) {
        for (int i = 0; i < n; i++)
            tmp[i] = arrs[a][idx[i]];
        memcpy(arrs[a], tmp, sizeof(int) * (size_t)n);
    }
    free(tmp);
    free(at);
    free(idx);
}

/* Instances of every mechanism: segment nodes in node order for density
 * mechanisms and ions, node order (then newest first) for point processes. */
static void build_uses(Emitter *e)
{
    Model *m = e->m;
    int nm = m->mechs.len;
    MechUse *all = ARENA_NEWN(e->arena, MechUse, nm);
    for (int k = 0; k < nm; k++) {
        MechUse *u = &all[k];
        u->mech = m->mechs.data[k];
        u->index = k;
        u->cname = u->mech->name;
        VEC(int) node = {0}, sec = {0}, seg = {0}, pp = {0};
        if (u->mech->kind == MECH_POINT || u->mech->kind == MECH_ARTIFICIAL) {
            PpOrder *po = xmalloc(sizeof(PpOrder) * (size_t)(m->pps.len + 1));
            int n = 0;
            /* in NEURON's node order (the order their INITIAL blocks run in) */
            for (int i = 0; i < m->pps.len; i++)
                if (m->pps.data[i].mech == k) {
                    int nd = m->pps.data[i].node;
                    po[n++] = (PpOrder){nd >= 0 && m->node_old ? m->node_old[nd] : nd, m->pps.data[i].seq, i};
                }
            qsort(po, (size_t)n, sizeof *po, cmp_pp);
            for (int i = 0; i < n; i++) {
                VEC_PUSH(node, m->pps.data[po[i].pp].node);
                VEC_PUSH(pp, po[i].pp);
            }
            free(po);
        } else {
            for (int o = 0; o < m->secs.len; o++) {
                int si = m->sec_order[o];
                Section *s = &m->secs.data[si];
                bool has = false;
                for (int i = 0; i < s->mechs.len; i++)
                    has = has || s->mechs.data[i] == k;
                if (!has)
                    continue;
                for (int j = 0; j < s->nseg; j++) {
                    VEC_PUSH(node, geom_seg_node(m, si, j));
                    VEC_PUSH(sec, si);
                    VEC_PUSH(seg, j);
                }
            }
            /* in our node order: each instance's data beside its node's */
            sort_by_node(node.data, sec.data, seg.data, node.len);
        }
        u->n = node.len;
        u->node = arena_ints(e->arena, node.data, node.len);
        if (!pp.len && node.len) {
            /* runs of consecutive nodes (density mechanisms and ions) */
            u->run_inst = ARENA_NEWN(e->arena, int, node.len + 1);
            u->run_node = ARENA_NEWN(e->arena, int, node.len);
            for (int i = 0; i < node.len; i++)
                if (i == 0 || node.data[i] != node.data[i - 1] + 1) {
                    u->run_inst[u->nrun] = i;
                    u->run_node[u->nrun++] = node.data[i];
                }
            u->run_inst[u->nrun] = node.len;
        }
        u->sec = arena_ints(e->arena, sec.data, sec.len);
        u->seg = arena_ints(e->arena, seg.data, seg.len);
        u->pp = pp.len ? arena_ints(e->arena, pp.data, pp.len) : NULL;
        VEC_FREE(node);
        VEC_FREE(sec);
        VEC_FREE(seg);
        VEC_FREE(pp);
    }
    /* keep the used ones, in NEURON's order */
    MechUse *used = ARENA_NEWN(e->arena, MechUse, nm ? nm : 1);
    int n = 0;
    for (int k = 0; k < nm; k++)
        if (all[k].n > 0)
            used[n++] = all[k];
    qsort(used, (size_t)n, sizeof *used, cmp_use);
    e->uses = used;
    e->nuses = n;
    e->use_of_mech = ARENA_NEWN(e->arena, int, nm ? nm : 1);
    for (int k = 0; k < nm; k++)
        e->use_of_mech[k] = -1;
    for (int i = 0; i < n; i++)
        e->use_of_mech[used[i].index] = i;
    /* ion instance of each instance, and ion styles per ion instance */
    int *node_inst = xmalloc(sizeof(int) * (size_t)m->nnode);
    for (int i = 0; i < n; i++) {
        MechUse *u = &used[i];
        int ni = u->mech->ions.len;
        if (u->mech->kind == MECH_ION)
            continue;
        u->ion_inst = ARENA_NEWN(e->arena, int *, ni ? ni : 1);
        u->ion_use = ARENA_NEWN(e->arena, int, ni ? ni : 1);
        for (int k = 0; k < ni; k++) {
            char name[128];
            snprintf(name, sizeof name, "%s_ion", u->mech->ions.data[k].name);
            int iu = -1;
            for (int j = 0; j < n; j++)
                if (!strcmp(used[j].mech->name, name))
                    iu = j;
            if (iu < 0)
                die("ion %s has no instances", name);
            u->ion_use[k] = iu;
            for (int x = 0; x < m->nnode; x++)
                node_inst[x] = -1;
            for (int x = 0; x < used[iu].n; x++)
                node_inst[used[iu].node[x]] = x;
            u->ion_inst[k] = ARENA_NEWN(e->arena, int, u->n);
            for (int x = 0; x < u->n; x++) {
                int ii = node_inst[u->node[x]];
                if (ii < 0) {
                    const PointProc *p = u->pp ? &m->pps.data[u->pp[x]] : NULL;
                    diag_error(e->diag, p ? p->loc : u->mech->ions.data[k].loc,
                               "'%s' uses ion '%s' and must sit inside a section (0 < x < 1)", u->mech->name,
                               u->mech->ions.data[k].name);
                    ii = 0;
                }
                u->ion_inst[k][x] = ii;
            }
        }
    }
    /* NEURON's ion styles: the maxima over the density mechanisms at the
     * node (nrn_promote at each insert), a section's ion_style in their
     * place, then the point processes' promotions (created later) */
    for (int i = 0; i < n; i++) {
        MechUse *iu = &used[i];
        if (iu->mech->kind != MECH_ION)
            continue;
        int *conc = calloc((size_t)iu->n, sizeof(int)), *rev = calloc((size_t)iu->n, sizeof(int));
        iu->cinit = ARENA_NEWN(e->arena, unsigned char, iu->n);
        iu->einit = ARENA_NEWN(e->arena, unsigned char, iu->n);
        iu->eadvance = ARENA_NEWN(e->arena, unsigned char, iu->n);
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < n; j++) {
                MechUse *u = &used[j];
                if (u->mech->kind == MECH_ION || (u->pp != NULL) != (pass == 1))
                    continue;
                for (int k = 0; k < u->mech->ions.len; k++) {
                    if (u->ion_use[k] != i)
                        continue;
                    const MechIon *io = &u->mech->ions.data[k];
                    for (int x = 0; x < u->n; x++) {
                        int ii = u->ion_inst[k][x];
                        if (pass == 1)
                            iu->cinit[ii] = 2; /* promoted again: the flags follow the styles */
                        if (io->conc_style > conc[ii])
                            conc[ii] = io->conc_style;
                        if (io->rev_style > rev[ii])
                            rev[ii] = io->rev_style;
                    }
                }
            }
            for (int x = 0; x < iu->n; x++) {
                if (pass == 1 && iu->cinit[x] != 2)
                    continue;
                if (conc[x] > 0 && rev[x] < 2)
                    rev[x] = 2;
                iu->cinit[x] = conc[x] == 3;
                iu->einit[x] = conc[x] > 0 && rev[x] == 2;
                iu->eadvance[x] = conc[x] == 3 && rev[x] == 2;
            }
            if (pass == 1)
                break;
            /* ion_style statements of the sections */
            for (int x = 0; x < iu->n; x++) {
                const Section *s = &m->secs.data[iu->sec[x]];
                for (int k = 0; k < s->ion_styles.len; k++) {
                    const IonStyle *st = &s->ion_styles.data[k];
                    if (strcmp(st->ion, iu->mech->name))
                        continue;
                    conc[x] = st->c_style;
                    rev[x] = st->e_style;
                    iu->cinit[x] = (unsigned char)st->cinit;
                    iu->einit[x] = (unsigned char)st->einit;
                    iu->eadvance[x] = (unsigned char)st->eadvance;
                }
            }
        }
        free(conc);
        free(rev);
    }
    /* an ion_style for an ion no mechanism of the section uses */
    for (int si = 0; si < m->secs.len; si++) {
        const Section *s = &m->secs.data[si];
        for (int k = 0; k < s->ion_styles.len; k++) {
            const IonStyle *st = &s->ion_styles.data[k];
            bool found = false;
            for (int i = 0; i < n && !found; i++)
                if (used[i].mech->kind == MECH_ION && !strcmp(used[i].mech->name, st->ion))
                    for (int x = 0; x < used[i].n && !found; x++)
                        found = used[i].sec[x] == si;
            if (!found)
                diag_error(e->diag, st->loc, "ion_style: no mechanism of section '%s' uses '%s'", s->name, st->ion);
        }
    }
    free(node_inst);
}

/* Spike sources: detectors merged by node (NEURON shares one detector
 * among the NetCons of one variable; the last threshold given wins), then
 * the artificial cells and point processes that call net_event. */
static void build_sources(Emitter *e)
{
    Model *m = e->m;
    int nd = m->detectors.len, np = m->pps.len;
    int cap = nd + np + 1;
    e->det_of = ARENA_NEWN(e->arena, int, nd + 1);
    e->src_node = ARENA_NEWN(e->arena, int, cap);
    e->src_thresh = ARENA_NEWN(e->arena, double, cap);
    e->src_gid = ARENA_NEWN(e->arena, int, cap);
    e->src_pp = ARENA_NEWN(e->arena, int, cap);
    e->pp_src = ARENA_NEWN(e->arena, int, np + 1);
    int n = 0;
    int *node_src = ARENA_NEWN(e->arena, int, m->nnode + 1); /* the detector at a node */
    for (int i = 0; i <= m->nnode; i++)
        node_src[i] = -1;
    for (int i = 0; i < nd; i++) {
        const Detector *d = &m->detectors.data[i];
        int j = node_src[d->node] >= 0 ? node_src[d->node] : n;
        node_src[d->node] = j;
        if (j == n) {
            e->src_node[n] = d->node;
            e->src_thresh[n] = 10;
            e->src_gid[n] = -1;
            e->src_pp[n] = -1;
            n++;
        }
        e->det_of[i] = j;
        if (d->threshold_set)
            e->src_thresh[j] = d->threshold;
        if (d->gid >= 0) {
            if (e->src_gid[j] >= 0) {
                char buf[300];
                diag_error(e->diag, d->loc, "a second spike source at %s (node of an earlier 'spike')",
                           geometry_node_label(m, d->node, buf, sizeof buf));
            }
            e->src_gid[j] = d->gid;
        }
    }
    e->ndet = n;
    for (int i = 0; i < np; i++) {
        const PointProc *p = &m->pps.data[i];
        const Mech *mech = m->mechs.data[p->mech];
        e->pp_src[i] = -1;
        if (mech->kind != MECH_ARTIFICIAL && !mech->net_event)
            continue;
        e->pp_src[i] = n;
        e->src_node[n] = p->node;
        e->src_thresh[n] = 0;
        e->src_gid[n] = p->gid;
        e->src_pp[n] = i;
        n++;
    }
    e->nsrc = n;
    /* record spikes of some sources only (`record ring[*].spikes`) */
    if (m->spike_sel)
        for (int j = 0; j < n; j++)
            if (e->src_gid[j] >= 0 && !m->spike_sel[e->src_gid[j]])
                e->src_gid[j] = -1;
    e->maxw = 1;
    for (int i = 0; i < m->netcons.len; i++)
        if (m->netcons.data[i].nw > e->maxw)
            e->maxw = m->netcons.data[i].nw;
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        if (!u->pp)
            continue;
        u->src = ARENA_NEWN(e->arena, int, u->n);
        for (int x = 0; x < u->n; x++)
            u->src[x] = e->pp_src[u->pp[x]];
    }
}

/* ---- small writers ---- */

static void int_array(StrBuf *o, const char *name, const int *v, int n)
{
    sb_printf(o, "static const int %s[%d] = {", name, n);
    for (int i = 0; i < n; i++)
        sb_printf(o, "%s%s%d", i ? "," : "", i % 16 ? " " : "\n    ", v[i]);
    sb_puts(o, "\n};\n");
}

static void double_array(StrBuf *o, const char *name, const double *v, int n)
{
    sb_printf(o, "static const double %s[%d] = {", name, n);
    for (int i = 0; i < n; i++) {
        sb_puts(o, i ? "," : "");
        sb_puts(o, i % 4 ? " " : "\n    ");
        emit_double(o, v[i]);
    }
    sb_puts(o, "\n};\n");
}

/* Tables of the model's size (per node, per instance, per NetCon): a
 * small one is a const array; a big one is a static array that
 * tables_init() fills, from runs of equal values (doubles) or of values
 * growing by a fixed step (ints) when that is shorter, else from a const
 * copy.  Cells of one shape lie side by side, so their tables are mostly
 * runs, and the C file stays small however many cells there are. */
#define TABLE_SMALL 256

void int_table(Emitter *e, const char *name, const int *v, int n)
{
    StrBuf *o = &e->out;
    if (n < TABLE_SMALL || e->embed) { /* an embedding's tables stay in flash */
        int_array(o, name, v, n ? n : 1);
        return;
    }
    int runs = 0;
    for (int i = 0; i < n;) {
        int step = i + 1 < n ? v[i + 1] - v[i] : 0, j = i + 1;
        while (j < n && v[j] - v[j - 1] == step)
            j++;
        runs++;
        i = j;
    }
    sb_printf(o, "static int %s[%d];\n", name, n);
    if (3 * runs > n) {
        int_array(o, arena_printf(e->arena, "%s_src_", name), v, n);
        sb_printf(&e->tinit, "    for (int i = 0; i < %d; i++)\n        %s[i] = %s_src_[i];\n", n, name, name);
        return;
    }
    int *st = xmalloc(sizeof(int) * (size_t)runs), *len = xmalloc(sizeof(int) * (size_t)runs),
        *dl = xmalloc(sizeof(int) * (size_t)runs);
    int r = 0;
    for (int i = 0; i < n;) {
        int step = i + 1 < n ? v[i + 1] - v[i] : 0, j = i + 1;
        while (j < n && v[j] - v[j - 1] == step)
            j++;
        st[r] = v[i];
        len[r] = j - i;
        dl[r++] = step;
        i = j;
    }
    sb_printf(o, "/* %s: %d runs (first value, length, step) */\n", name, runs);
    int_array(o, arena_printf(e->arena, "%s_rs_", name), st, runs);
    int_array(o, arena_printf(e->arena, "%s_rl_", name), len, runs);
    int_array(o, arena_printf(e->arena, "%s_rd_", name), dl, runs);
    sb_printf(&e->tinit,
              "    for (int r = 0, i = 0; r < %d; r++)\n"
              "        for (int j = 0; j < %s_rl_[r]; j++)\n"
              "            %s[i++] = %s_rs_[r] + j * %s_rd_[r];\n",
              runs, name, name, name, name);
    free(st);
    free(len);
    free(dl);
}

/* A double table the params may change (params_static writes it). */
static void double_table_var(Emitter *e, const char *name, const double *v, int n, bool writable);

void double_table(Emitter *e, const char *name, const double *v, int n)
{
    double_table_var(e, name, v, n, false);
}

static void double_table_var(Emitter *e, const char *name, const double *v, int n, bool writable)
{
    StrBuf *o = &e->out;
    if (e->embed && writable) { /* the values in flash, the table in the state (emit_embed.c) */
        double_array(o, arena_printf(e->arena, "%s_def_", name), v, n ? n : 1);
        sb_printf(o, "#define %s (m->sim->%ss)\n", name, name);
        return;
    }
    if ((n < TABLE_SMALL && !writable) || e->embed) { /* an embedding's tables stay in flash */
        double_array(o, name, v, n ? n : 1);
        return;
    }
    int runs = 0;
    for (int i = 0; i < n; i++)
        if (i == 0 || memcmp(&v[i], &v[i - 1], sizeof(double)) != 0)
            runs++;
    sb_printf(o, "static double %s[%d];\n", name, n);
    if (2 * runs > n) {
        double_array(o, arena_printf(e->arena, "%s_src_", name), v, n);
        sb_printf(&e->tinit, "    for (int i = 0; i < %d; i++)\n        %s[i] = %s_src_[i];\n", n, name, name);
        return;
    }
    double *val = xmalloc(sizeof(double) * (size_t)runs);
    int *len = xmalloc(sizeof(int) * (size_t)runs), r = -1;
    for (int i = 0; i < n; i++) {
        if (i == 0 || memcmp(&v[i], &v[i - 1], sizeof(double)) != 0) {
            val[++r] = v[i];
            len[r] = 0;
        }
        len[r]++;
    }
    sb_printf(o, "/* %s: %d runs of equal values */\n", name, runs);
    double_array(o, arena_printf(e->arena, "%s_rv_", name), val, runs);
    int_array(o, arena_printf(e->arena, "%s_rl_", name), len, runs);
    sb_printf(&e->tinit,
              "    for (int r = 0, i = 0; r < %d; r++)\n"
              "        for (int j = 0; j < %s_rl_[r]; j++)\n"
              "            %s[i++] = %s_rv_[r];\n",
              runs, name, name, name);
    free(val);
    free(len);
}

static bool uniform(const double *v, int n)
{
    for (int i = 1; i < n; i++)
        if (memcmp(&v[i], &v[0], sizeof(double)) != 0)
            return false;
    return true;
}

static bool uniform_u8(const unsigned char *v, int n)
{
    for (int i = 1; i < n; i++)
        if (v[i] != v[0])
            return false;
    return true;
}

/* Values of range variable var of use u at each instance (element k of
 * an array). */
static double *instance_values(Emitter *e, MechUse *u, int var, int k)
{
    Model *m = e->m;
    double *vals = ARENA_NEWN(e->arena, double, u->n);
    MechVar *mv = &u->mech->vars.data[var];
    for (int x = 0; x < u->n; x++) {
        double v = mv->has_value ? mv->value : 0;
        if (u->pp) {
            v = m->pps.data[u->pp[x]].val[var][k];
        } else if (mv->dim) {
            /* arrays of density mechanisms keep their declared default */
        } else {
            Section *s = &m->secs.data[u->sec[x]];
            double *r = model_range(s, u->index, var);
            if (r)
                v = r[u->seg[x]];
        }
        vals[x] = v;
    }
    return vals;
}

/* `m->field[i] = value` for all instances (element k of an array: field
 * is then "name[i][k]"-shaped): a loop when uniform, else a table. */
static void set_values(Emitter *e, MechUse *u, const char *field, const char *table, int k, bool array,
                       const double *vals)
{
    StrBuf *o = &e->out;
    char idx[32] = "";
    if (array)
        snprintf(idx, sizeof idx, "[%d]", k);
    if (uniform(vals, u->n)) {
        sb_printf(o, "    for (int i = 0; i < %d; i++)\n        m->%s[i]%s = ", u->n, field, idx);
        emit_double(o, vals[0]);
        sb_puts(o, ";\n");
    } else {
        sb_printf(o, "    for (int i = 0; i < %d; i++)\n        m->%s[i]%s = %s[i];\n", u->n, field, idx, table);
    }
}

/* The name of the table of instance values of element k of variable v. */
static const char *values_table(Emitter *e, MechUse *u, int v, int k)
{
    if (u->mech->vars.data[v].dim)
        return arena_printf(e->arena, "%s_%d_0", nmodl_field(e, u, v), k);
    return arena_printf(e->arena, "%s_0", nmodl_field(e, u, v));
}

/* ---- the file ---- */

static void emit_group_tables(Emitter *e);
static bool group_uniform(const Model *m, const NodeGroup *g, const double *vals);
static bool group_uniform_scan(const NodeGroup *g, const double *vals);

static void emit_constants(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    int n = m->nnode;
    /* (NODES_: the arrays' length, 1 in a model of artificial cells alone) */
    sb_printf(o, "#define NODES %d\n#define NODES_ %d\n#define NCELL %d\n\n", n, n ? n : 1, m->ncell);
    sb_puts(o, "/* each node's parent (NEURON's tree); the loops use the node groups below */\nNRN_MAYBE_UNUSED\n");
    int_table(e, "node_parent", m->parent, n);
    sb_puts(o, "/* the couplings to the parent (a) and from it (b); groups whose trees share\n"
               " * them use per-rank tables instead */\nNRN_MAYBE_UNUSED\n");
    double_table(e, "node_a", m->a, n);
    sb_puts(o, "NRN_MAYBE_UNUSED\n");
    double_table(e, "node_b", m->b, n);
    emit_group_tables(e);
    sb_puts(o, "/* area of each node, um2 (100 at zero-area nodes); unused when no mechanism has a current */\n"
               "NRN_MAYBE_UNUSED\n");
    double_table(e, "node_area", m->area, n);
    sb_puts(o, "/* specific capacitance, uF/cm2 (0 at zero-area nodes) */\n");
    double_table(e, "node_cm", m->cm, n);
    if (e->embed) {
        embed_node_labels(e);
    } else {
    /* what each node stands for, for messages: its section and segment
     * (-1 for the root end, nseg for the x = 1 end) */
    sb_printf(o, "#define NSEC %d\n", m->secs.len);
    sb_printf(o, "static const char *const sec_names[%d] = {", m->secs.len ? m->secs.len : 1);
    for (int i = 0; i < m->secs.len; i++) {
        sb_puts(o, "\n    \"");
        for (const char *p = m->secs.data[i].name; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_putc(o, '\\');
            sb_putc(o, *p);
        }
        sb_puts(o, "\",");
    }
    if (!m->secs.len) /* a network of artificial cells alone */
        sb_puts(o, "\n    \"\"");
    sb_puts(o, "\n};\n");
    int *nseg = ARENA_NEWN(e->arena, int, m->secs.len + 1);
    for (int i = 0; i < m->secs.len; i++)
        nseg[i] = m->secs.data[i].nseg;
    int_table(e, "sec_nseg", nseg, m->secs.len);
    int_table(e, "node_sec", m->node_sec, n);
    int_table(e, "node_seg", m->node_seg, n);
    sb_putc(o, '\n');
    }
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        sb_printf(o, "/* %s: %d instance%s */\n", u->mech->name, u->n, u->n == 1 ? "" : "s");
        if (u->mech->kind != MECH_ARTIFICIAL) {
            sb_puts(o, "NRN_MAYBE_UNUSED\n");
            int_table(e, arena_printf(e->arena, "%s_node", u->cname), u->node, u->n);
        }
        if (u->nrun) {
            sb_printf(o, "/* %s: runs of instances on consecutive nodes */\nNRN_MAYBE_UNUSED\n", u->cname);
            int_table(e, arena_printf(e->arena, "%s_run_inst", u->cname), u->run_inst, u->nrun + 1);
            sb_puts(o, "NRN_MAYBE_UNUSED\n");
            int_table(e, arena_printf(e->arena, "%s_run_node", u->cname), u->run_node, u->nrun);
        }
        if (u->src && u->mech->net_event)
            int_table(e, arena_printf(e->arena, "%s_src", u->cname), u->src, u->n);
        if (u->mech->uses_diam && u->mech->kind != MECH_ARTIFICIAL) {
            /* the diameter of each instance's segment, um */
            double *d = ARENA_NEWN(e->arena, double, u->n);
            for (int x = 0; x < u->n; x++) {
                const Section *s;
                int j;
                if (u->pp) {
                    const PointProc *p = &m->pps.data[u->pp[x]];
                    s = &m->secs.data[p->sec];
                    j = seg_index(s->nseg, p->x);
                } else {
                    s = &m->secs.data[u->sec[x]];
                    j = u->seg[x];
                }
                d[x] = s->diam[j];
            }
            sb_puts(o, "NRN_MAYBE_UNUSED ");
            double_table(e, arena_printf(e->arena, "%s_diam_", u->cname), d, u->n);
        }
        if (u->mech->kind != MECH_ION) {
            for (int i = 0; i < u->mech->ions.len; i++) {
                if (e->fast) /* --fast reads "i" where the table is that */
                    sb_puts(o, "NRN_MAYBE_UNUSED\n");
                int_table(e, arena_printf(e->arena, "%s_%s_ix", u->cname, u->mech->ions.data[i].name),
                          u->ion_inst[i], u->n);
            }
        }
        for (int v = 0; v < u->mech->vars.len; v++) {
            MechVar *mv = &u->mech->vars.data[v];
            if (!mv->range || mv->kind != VAR_PARAM)
                continue;
            for (int k = 0; k < (mv->dim ? mv->dim : 1); k++) {
                double *vals = instance_values(e, u, v, k);
                if (!uniform(vals, u->n))
                    double_table(e, values_table(e, u, v, k), vals, u->n);
            }
        }
        sb_putc(o, '\n');
    }
}

/* Kinds of events: 0 a NetCon delivery, 1 + k a self event (net_send) of
 * mechanism use k. */
static int self_kind(const Emitter *e, const MechUse *u)
{
    return 1 + (int)(u - e->uses);
}

/* The spike source of a NetCon, or -1 (an embedding's input has none). */
static int nc_source(const Emitter *e, const NetCon *nc)
{
    if (nc->det >= 0)
        return e->det_of[nc->det];
    return nc->src_pp >= 0 ? e->pp_src[nc->src_pp] : -1;
}

/* Spike sources and NetCons as tables: who fires, who receives, when. */
static void emit_network_constants(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    int nnc = m->netcons.len;
    sb_printf(o, "/* spike sources: %d threshold detector%s, then %d cell%s that send events */\n", e->ndet,
              e->ndet == 1 ? "" : "s", e->nsrc - e->ndet, e->nsrc - e->ndet == 1 ? "" : "s");
    sb_printf(o, "#define NDET %d\n#define NSRC %d\n#define NNETCON %d\n", e->ndet, e->nsrc, nnc);
    if (e->nwatch)
        sb_printf(o, "#define NWATCH %d\n", e->nwatch);
    if (e->ndet) {
        int_table(e, "det_node", e->src_node, e->ndet);
        double_table_var(e, "det_threshold", e->src_thresh, e->ndet, emit_params_touch(e, PS_THRESHOLD));
    }
    if (e->nsrc)
        int_table(e, "src_gid", e->src_gid, e->nsrc);
    if (!nnc) /* (an embedding's inputs are NetCons without a source) */
        return;
    /* the NetCons of each source, in creation order (those with a target) */
    int *start = ARENA_NEWN(e->arena, int, e->nsrc + 2), *list = ARENA_NEWN(e->arena, int, nnc + 1), nl = 0;
    /* by counting: the sources' NetCons, each source's in creation order */
    memset(start, 0, sizeof(int) * (size_t)(e->nsrc + 2));
    for (int k = 0; k < nnc; k++) {
        const NetCon *nc = &m->netcons.data[k];
        if (nc->target >= 0 && nc_source(e, nc) >= 0)
            start[nc_source(e, nc) + 2]++;
    }
    for (int s = 0; s < e->nsrc; s++)
        start[s + 2] += start[s + 1];
    for (int k = 0; k < nnc; k++) {
        const NetCon *nc = &m->netcons.data[k];
        if (nc->target >= 0 && nc_source(e, nc) >= 0)
            list[start[nc_source(e, nc) + 1]++] = k;
    }
    nl = start[e->nsrc];
    e->nnc_list = nl;
    if (nl) { /* fire() queues the NetCons of its source */
        int_table(e, "src_nc_start", start, e->nsrc + 1);
        int_table(e, "src_nc", list, nl);
    }
    double *delay = ARENA_NEWN(e->arena, double, nnc), *w = NULL;
    int *kind = ARENA_NEWN(e->arena, int, nnc), *inst = ARENA_NEWN(e->arena, int, nnc);
    int *woff = ARENA_NEWN(e->arena, int, nnc), nw = 0;
    for (int k = 0; k < nnc; k++)
        nw += m->netcons.data[k].nw;
    w = ARENA_NEWN(e->arena, double, nw);
    nw = 0;
    for (int k = 0; k < nnc; k++) {
        const NetCon *nc = &m->netcons.data[k];
        delay[k] = nc->delay;
        woff[k] = nw;
        for (int j = 0; j < nc->nw; j++)
            w[nw++] = nc->w[j];
        kind[k] = -1;
        inst[k] = -1;
        if (nc->target >= 0) {
            const MechUse *u = &e->uses[e->use_of_mech[m->pps.data[nc->target].mech]];
            kind[k] = self_kind(e, u);
            inst[k] = e->pp_inst[nc->target];
        }
    }
    sb_printf(o, "#define NWEIGHT %d\n", nw);
    if (nl || !e->embed) /* (an embedding's inputs alone queue no delayed events) */
        double_table_var(e, "nc_delay", delay, nnc, emit_params_touch(e, PS_NC_DELAY));
    int_table(e, "nc_target_kind", kind, nnc);
    int_table(e, "nc_target", inst, nnc);
    int_table(e, "nc_woff", woff, nnc);
    double_table(e, "nc_weight0", w, nw);
    /* FOR_NETCONS: each target instance's NetCons in NEURON's order (by
     * source, sources in the order of their first NetCon, then creation) */
    bool any_fnc = false;
    for (int u = 0; u < e->nuses; u++)
        any_fnc = any_fnc || e->uses[u].mech->fornetcons;
    int *first = ARENA_NEWN(e->arena, int, nnc + 1);
    if (any_fnc) {
        int *src_first = ARENA_NEWN(e->arena, int, e->nsrc + 1); /* a source's first NetCon */
        for (int s2 = 0; s2 < e->nsrc; s2++)
            src_first[s2] = -1;
        for (int k = 0; k < nnc; k++) {
            const NetCon *nc = &m->netcons.data[k];
            int sk = nc_source(e, nc);
            if (sk < 0) { /* an embedding's input: a source of its own */
                first[k] = k;
                continue;
            }
            if (src_first[sk] < 0)
                src_first[sk] = k;
            first[k] = src_first[sk];
        }
    }
    for (int u = 0; u < e->nuses; u++) {
        const MechUse *mu = &e->uses[u];
        if (!mu->mech->fornetcons)
            continue;
        /* each instance's NetCons, ordered by (their source's first NetCon, creation) */
        int *fstart = ARENA_NEWN(e->arena, int, mu->n + 2), *flist = ARENA_NEWN(e->arena, int, nnc + 1);
        memset(fstart, 0, sizeof(int) * (size_t)(mu->n + 2));
        for (int k = 0; k < nnc; k++)
            if (kind[k] == self_kind(e, mu))
                fstart[inst[k] + 2]++;
        for (int x = 0; x < mu->n; x++)
            fstart[x + 2] += fstart[x + 1];
        for (int k = 0; k < nnc; k++)
            if (kind[k] == self_kind(e, mu))
                flist[fstart[inst[k] + 1]++] = k;
        int fl = fstart[mu->n];
        for (int x = 0; x < mu->n; x++) /* insertion sort: an instance has few NetCons */
            for (int a = fstart[x] + 1; a < fstart[x + 1]; a++) {
                int k = flist[a], b = a - 1;
                while (b >= fstart[x] && (first[flist[b]] > first[k] || (first[flist[b]] == first[k] && flist[b] > k))) {
                    flist[b + 1] = flist[b];
                    b--;
                }
                flist[b + 1] = k;
            }
        int_table(e, arena_printf(e->arena, "fnc_start_%s", mu->cname), fstart, mu->n + 1);
        int_table(e, arena_printf(e->arena, "fnc_nc_%s", mu->cname), flist, fl ? fl : 1);
    }
    sb_putc(o, '\n');
}

/* Whether any mechanism has BEFORE/AFTER blocks of this type. */
bool has_ba(const Emitter *e, int type)
{
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->ba[type].len)
            return true;
    return false;
}

/* Calls the BEFORE/AFTER blocks of one type, in mechanism order. */
void emit_ba_calls(Emitter *e, int type, const char *pad)
{
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->ba[type].len)
            sb_printf(&e->out, "%sBA%d_%s(m);\n", pad, type, e->uses[k].cname);
}

static bool has_pointers(const Emitter *e)
{
    for (int k = 0; k < e->nuses; k++)
        for (int v = 0; v < e->uses[k].mech->vars.len; v++)
            if (e->uses[k].mech->vars.data[v].pointer)
                return true;
    return false;
}

/* Does the Model need hocargs_ (a PROCEDURE or FUNCTION reads hoc's
 * arguments) or cvode_active_ (a VERBATIM reads NEURON's)? */
static bool needs_hocargs(const Emitter *e)
{
    if (e->m->hoccalls.len)
        return true;
    for (int k = 0; k < e->nuses; k++)
        for (int f = 0; f < e->uses[k].mech->funcs.len; f++)
            if (e->uses[k].mech->funcs.data[f].hocargs)
                return true;
    return false;
}

static bool needs_cvode_active(const Emitter *e)
{
    for (int k = 0; k < e->nuses; k++)
        if (mech_verbatim_uses(e->uses[k].mech, "cvode_active_"))
            return true;
    return false;
}

/* Is POINTER v of instance x of use u set by a hoc call (a function the
 * model file calls on it stores into _p_V)? */
static bool pointer_set_by_call(const Emitter *e, const MechUse *u, int x, int v)
{
    const Model *m = e->m;
    if (u->mech->kind == MECH_DENSITY)
        return false;
    char w[256];
    snprintf(w, sizeof w, "_p_%s", u->mech->vars.data[v].name);
    for (int k = 0; k < m->hoccalls.len; k++) {
        const HocCall *c = &m->hoccalls.data[k];
        if (c->pp == u->pp[x] && mech_func_uses(u->mech->funcs.data[c->func].node, w))
            return true;
    }
    return false;
}

/* The model file's calls (`call`, nrn(5)): hoc's calls of the instances'
 * PROCEDUREs and FUNCTIONs before finitialize, in the order written. */
static int record_instance(const Emitter *e, const Record *r);
static void emit_hoccalls(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    for (int k = 0; k < m->hoccalls.len; k++) {
        const HocCall *c = &m->hoccalls.data[k];
        const PointProc *pp = &m->pps.data[c->pp];
        int ui = e->use_of_mech[c->mech];
        Record r;
        memset(&r, 0, sizeof r);
        r.kind = REC_POINT;
        r.mech = c->mech;
        r.pp = c->pp;
        int inst = record_instance(e, &r);
        if (ui < 0 || inst < 0)
            die("call without instance");
        const MechUse *u = &e->uses[ui];
        const MechFunc *fn = &u->mech->funcs.data[c->func];
        if (fn->hoc_only) {
            diag_error(e->diag, c->loc, "%s.%s cannot be called: nrncc could not make its C", pp->name, fn->name);
            diag_note(e->diag, fn->hoc_only_loc, "%s", fn->hoc_only);
            continue;
        }
        int n = c->nargs ? c->nargs : 1;
        sb_printf(o, "    { /* call %s.%s */\n        double a_[%d] = {", pp->name, fn->name, n);
        for (int a = 0; a < n; a++) {
            sb_puts(o, a ? ", " : "");
            emit_double(o, a < c->nargs ? c->args[a].num : 0.0);
        }
        sb_printf(o, "};\n        void *const o_[%d] = {", n);
        char *kinds = arena_alloc(e->arena, (size_t)n + 1);
        for (int a = 0; a < n; a++) {
            kinds[a] = 'n';
            if (a < c->nargs && c->args[a].rnd) {
                sb_printf(o, "%s&m->rand_[%d]", a ? ", " : "", c->args[a].rnd - 1);
                kinds[a] = 'r';
            } else if (a < c->nargs && c->args[a].vec) {
                sb_printf(o, "%s&m->vec_[%d]", a ? ", " : "", c->args[a].vec - 1);
                kinds[a] = 'v';
            } else {
                sb_puts(o, a ? ", NULL" : "NULL");
            }
        }
        kinds[n] = 0;
        sb_printf(o, "};\n        const NrtHocArgs h_ = {sim, \"%s.%s\", %d, \"%s\", a_, o_};\n"
                     "        m->hocargs_ = &h_;\n        (void)F_%s_%s(m, %d, %s",
                  u->mech->name, fn->name, c->nargs, kinds, u->cname, fn->name, inst,
                  pp->sec >= 0 ? arena_printf(e->arena, "m->v[%d]", pp->node) : "0.0");
        for (int a = 0; a < fn->node->list.len; a++)
            sb_printf(o, ", a_[%d]", a);
        sb_puts(o, ");\n        m->hocargs_ = NULL;\n    }\n");
    }
}

/* ---- plays and initial values ---- */

/* The node of a reference's place (v and range variables). */
static void ref_node(Emitter *e, Record *r)
{
    if (r->kind == REC_V || r->kind == REC_RANGE)
        r->node = geom_node_at(e->m, r->sec, r->x);
}

static const char *record_c(Emitter *e, const Record *r);

/* The time series of the plays. */
static void emit_play_constants(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    if (!m->plays.len)
        return;
    sb_printf(o, "/* plays: the (t, value) series that drive variables */\n#define NPLAY %d\n", m->plays.len);
    for (int p = 0; p < m->plays.len; p++) {
        const Play *pl = &m->plays.data[p];
        sb_printf(o, "/* %s into %s */\n", pl->continuous ? "continuous play" : "play", pl->target.label);
        double_array(o, arena_printf(e->arena, "play_t_%d", p), pl->t, pl->n);
        double_array(o, arena_printf(e->arena, "play_y_%d", p), pl->y, pl->n);
    }
    sb_putc(o, '\n');
}

/* play_init (finitialize: the first event of each play), play_event (a
 * play's event: a step play takes its next value, a continuous one moves
 * to its next interval) and play_continuous (continuous plays at the
 * present t), as NEURON's Vector.play does them. */
static void emit_plays(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    if (!m->plays.len)
        return;
    sb_puts(o, "static void play_init(Model *m)\n{\n");
    for (int p = 0; p < m->plays.len; p++)
        sb_printf(o, "    m->play_k[%d] = 0;\n    m->play_last[%d] = 0;\n"
                     "    nrt_event_send(m->sim, play_t_%d[0], KIND_PLAY, %d, -1, 0.0);\n", p, p, p, p);
    sb_puts(o, "}\n\n");
    sb_puts(o, "static void play_event(Model *m, int p, double tt)\n{\n    (void)tt;\n    switch (p) {\n");
    bool any_cont = false;
    for (int p = 0; p < m->plays.len; p++) {
        Play *pl = &m->plays.data[p];
        ref_node(e, &pl->target);
        const char *lv = record_c(e, &pl->target);
        sb_printf(o, "    case %d: /* %s */\n", p, pl->target.label);
        if (pl->continuous) {
            any_cont = true;
            sb_printf(o, "        m->play_last[%d] = m->play_k[%d];\n", p, p);
            sb_printf(o, "        if (m->play_k[%d] < %d) {\n            m->play_k[%d]++;\n"
                         "            nrt_event_send(m->sim, play_t_%d[m->play_k[%d]], KIND_PLAY, %d, -1, 0.0);\n"
                         "        }\n", p, pl->n - 1, p, p, p, p);
            sb_printf(o, "        %s = nrt_play_interp(play_t_%d, play_y_%d, m->play_k[%d], &m->play_last[%d], tt);\n",
                      lv, p, p, p, p);
        } else {
            sb_printf(o, "        %s = play_y_%d[m->play_k[%d]++];\n", lv, p, p);
            sb_printf(o, "        if (m->play_k[%d] < %d)\n"
                         "            nrt_event_send(m->sim, play_t_%d[m->play_k[%d]], KIND_PLAY, %d, -1, 0.0);\n",
                      p, pl->n, p, p, p);
        }
        sb_puts(o, "        break;\n");
    }
    sb_puts(o, "    default:\n        break;\n    }\n}\n\n");
    if (!any_cont)
        return;
    sb_puts(o, "static void play_continuous(Model *m)\n{\n");
    for (int p = 0; p < m->plays.len; p++) {
        Play *pl = &m->plays.data[p];
        if (pl->continuous)
            sb_printf(o, "    %s = nrt_play_interp(play_t_%d, play_y_%d, m->play_k[%d], &m->play_last[%d], NRN_T(m));\n",
                      record_c(e, &pl->target), p, p, p, p);
    }
    sb_puts(o, "}\n\n");
}

static bool any_continuous(const Model *m)
{
    for (int p = 0; p < m->plays.len; p++)
        if (m->plays.data[p].continuous)
            return true;
    return false;
}

/* Values set at finitialize: `list` is Model.vinits or Model.inits. */
static void emit_init_sets(Emitter *e, const char *what, InitSet *list, int n)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    if (n)
        sb_printf(o, "    /* %s */\n", what);
    for (int i = 0; i < n; i++) {
        InitSet *is = &list[i];
        if (is->whole_v) {
            const Section *s = &m->secs.data[is->target.sec];
            sb_printf(o, "    m->v[%d] = ", geom_parent_node(m, is->target.sec));
            if (is->cexpr)
                sb_puts(o, is->cexpr);
            else
                emit_double(o, is->value);
            sb_printf(o, ";\n    for (int i = %d; i <= %d; i++)\n        m->v[i] = ", s->node0, s->node0 + s->nseg);
            if (is->cexpr)
                sb_puts(o, is->cexpr);
            else
                emit_double(o, is->value);
            sb_printf(o, "; /* %s */\n", is->target.label);
            continue;
        }
        ref_node(e, &is->target);
        sb_printf(o, "    %s = ", record_c(e, &is->target));
        if (is->cexpr)
            sb_puts(o, is->cexpr);
        else
            emit_double(o, is->value);
        sb_printf(o, "; /* %s */\n", is->target.label);
    }
}

/* `record ... every X` (run.record_every) in an executable: with the
 * fixed step, rows at events every X ms instead of every step. */
static bool rec_dt(const Emitter *e)
{
    return !e->embed && e->m->run.record_every > 0;
}

static void emit_struct(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    e->struct_at = o->len;
    sb_puts(o, "typedef struct Model {\n");
    sb_puts(o, e->embed ? "    NrtSim sim[1]; /* the embedded runtime: events, spikes, status */\n" : "    NrtSim *sim;\n");
    sb_puts(o, "    double t, dt, celsius, cj; /* ms, ms, degC, 1/ms */\n"
               "    int secondorder;\n");
    if (!e->embed)
        sb_puts(o, "    int cv_on_;        /* in a CVODE callback: at_time() must be called */\n");
    if (e->vchk && !e->embed)
        sb_puts(o, "    int vok_;          /* the last step's solve saw every new v finite, within 1e6 mV */\n");
    if (rec_dt(e))
        sb_puts(o, "    double rec_every_; /* fixed step: a row at each KIND_REC event, every rec_every_ ms */\n");
    if (has_ba(e, BA_BEFORE_BREAKPOINT))
        sb_puts(o, "    int cv_ba_;        /* CVODE: BEFORE BREAKPOINT runs once per f (emit_cvode.c) */\n");
    const char *line = e->embed ? "" : " NRN_LINE"; /* (an embedding's arrays packed) */
    sb_printf(o, "    double v[NODES_]%s;   /* mV */\n"
                 "    double rhs[NODES_]%s;\n"
                 "    double d[NODES_]%s;\n",
              line, line, line);
    if (e->ndet)
        sb_puts(o, "    unsigned char det_flag[NDET];\n");
    if (e->ndet && !e->embed) /* CVODE's condition_order 2 (emit_cvode.c) */
        sb_puts(o, "    double det_vold_[NDET], det_told_[NDET]; /* the last check's value and time */\n"
                   "    double det_vth_[NDET]; /* below again under this value */\n");
    if (m->netcons.len)
        sb_puts(o, "    double nc_w[NWEIGHT]; /* NetCon weights (NET_RECEIVE arguments) */\n");
    if (m->plays.len)
        sb_puts(o, "    int play_k[NPLAY];    /* step play: its next value; continuous: its upper bound */\n"
                   "    int play_last[NPLAY]; /* continuous play: the interval last used */\n");
    sb_printf(o, "    double w_none_[%d];     /* the arguments of a self event sent from INITIAL */\n", e->maxw);
    for (int k = 0; k < e->nuses; k++)
        nmodl_emit_fields(e, &e->uses[k]);
    if (has_pointers(e))
        sb_puts(o, "    double unset_pointer_; /* where a POINTER that no setpointer set refers */\n");
    if (e->m->rands.len)
        sb_printf(o, "    NrtRand rand_[%d]; /* the Random objects */\n", e->m->rands.len);
    if (needs_hocargs(e))
        sb_puts(o, "    const NrtHocArgs *hocargs_; /* the arguments of the model file's call being made */\n");
    if (e->m->vecs.len)
        sb_printf(o, "    NrtVec vec_[%d]; /* the Vector objects */\n", e->m->vecs.len);
    if (needs_cvode_active(e))
        sb_puts(o, "    int cvode_active_; /* NEURON's cvode_active_: the run uses CVODE */\n");
    if (e->ntl)
        sb_printf(o, "    double tl_[%d]; /* the GLOBALs the mechanisms assign (tl_join) */\n", e->ntl);
    if (e->nwatch)
        sb_printf(o, "    /* WATCH: the active conditions in activation order (a list through\n"
                     "     * wl_next/wl_prev, NWATCH its head), above-threshold flags, pending events */\n"
                     "    int wl_next[NWATCH + 1], wl_prev[NWATCH + 1];\n"
                     "    unsigned char wc_on[NWATCH], wc_flag[NWATCH];\n"
                     "    unsigned long long wc_q[NWATCH]; /* its queued event's sequence + 1, or 0 */\n"
                     "    double wc_nrflag[NWATCH];\n");
    if (e->nwatch && !e->embed) /* CVODE's condition_order 2 (emit_cvode.c) */
        sb_puts(o, "    double wc_vold_[NWATCH], wc_told_[NWATCH], wc_vth_[NWATCH];\n");
    sb_puts(o, "} Model;\n\n");
    e->struct_end = o->len;
    e->exp_at = o->len; /* nx_exp goes here if a kernel uses it */
}

/* fire(): a source's spike is recorded (when it has a gid) and each of its
 * NetCons queues a delivery at t + delay, in creation order. */
static void emit_fire(Emitter *e)
{
    StrBuf *o = &e->out;
    sb_puts(o, "#define KIND_NETCON 0\n");
    if (e->m->plays.len)
        sb_printf(o, "#define KIND_PLAY %d\n", e->nuses + 1);
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->netrecv)
            sb_printf(o, "#define KIND_%s %d\n", e->uses[k].cname, self_kind(e, &e->uses[k]));
    if (rec_dt(e))
        sb_puts(o, "#define KIND_REC (-2) /* record ... every: a row (NEURON's VecRecordDt event) */\n");
    if (e->nwatch)
        sb_puts(o, "#define KIND_WATCH (-1)\n"
                   "static void watch_activate(Model *m, int s, int s0, int k, int rm, double flag);\n");
    if (e->par)
        sb_puts(o, "\n/* mpirun: this rank when the cells are spread over ranks, else -1; which\n"
                   " * spike sources and NetCon targets are this rank's (emit_threads.c) */\n"
                   "static int mpi_rank_ = -1;\n"
                   "static NRN_MAYBE_UNUSED unsigned char *src_mine_, *nc_mine_;\n");
    if (e->ival)
        sb_puts(o, "/* --threads: the interval mode: 0 not tried yet, 1 on, -1 not for this run\n"
                   " * (emit_threads.c) */\n"
                   "static int ival_;\n"
                   "static void ival_spike(Model *m, int src, double t);\n");
    if (!e->nsrc) {
        sb_putc(o, '\n');
        return;
    }
    sb_puts(o, "\nstatic void fire(Model *m, int src, double t)\n{\n");
    if (e->par) /* spread over ranks: the spike goes out at the next exchange */
        sb_puts(o, "    if (mpi_rank_ >= 0) {\n"
                   "        if (src_mine_[src])\n"
                   "            nrt_mpi_spike(m->sim, src, t);\n"
                   "        return;\n"
                   "    }\n");
    if (e->ival) /* (a spike while delivering: this thread's, ival_run) */
        sb_puts(o, "    if (ival_ > 0)\n"
                   "        ival_spike(m, src, t);\n"
                   "    else if (src_gid[src] >= 0)\n"
                   "        nrt_spike(m->sim, src_gid[src], t);\n");
    else
        sb_puts(o, "    if (src_gid[src] >= 0)\n"
                   "        nrt_spike(m->sim, src_gid[src], t);\n");
    if (e->nnc_list)
        sb_puts(o, "    for (int k = src_nc_start[src]; k < src_nc_start[src + 1]; k++) {\n"
                   "        int nc = src_nc[k];\n"
                   "        nrt_event_send(m->sim, t + nc_delay[nc], KIND_NETCON, nc, nc, 0.0);\n"
                   "    }\n");
    sb_puts(o, "}\n\n");
}

static const char NX_EXP[] =
    "/* NEURON's exp() in mechanisms: 0 below -700, exp(700) (with a warning) above 700 */\n"
    "static double nx_exp(Model *m, double x)\n{\n"
    "    if (x < -700.0)\n        return 0.0;\n"
    "    if (x > 700.0) {\n        nrt_exp_overflow(m->sim, x);\n        return exp(700.0);\n    }\n"
    "    return exp(x);\n}\n\n";

/* --fast: the same values (exp(700) above 700, 0 below -700), with no
 * branch and no call, so that the loops calling it vectorise: exp(x) =
 * 2^k exp(r), k = round(x/ln 2), r = x - k ln 2 (ln 2 in two parts, as
 * fdlibm splits it), exp(r) by its Taylor polynomial of degree 13 (|r| <=
 * 0.347: truncation below 2e-17); 2^k from its bits.  Measured against
 * glibc's exp on 2e7 points of [-700, 700] and [-20, 20]: at most 1 ulp
 * apart.  exp overflows are not counted (no warning). */
static const char NX_EXP_FAST[] =
    "/* NEURON's exp() in mechanisms: 0 below -700, exp(700) above 700 (--fast: no warning;\n"
    " * 2^k exp(r), |r| <= ln(2)/2, exp(r) by its Taylor polynomial: within 1 ulp of libm's exp) */\n"
    "static inline double nx_exp(Model *m, double x)\n{\n"
    "    (void)m;\n"
    "    double xc = x > 700.0 ? 700.0 : x;\n"
    "    xc = xc < -708.0 ? -708.0 : xc;\n"
    "    double k = floor(xc * 1.4426950408889634 + 0.5);\n"
    "    double r = (xc - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;\n"
    "    double p = 1.0 / 6227020800.0;\n"
    "    p = p * r + 1.0 / 479001600.0;\n"
    "    p = p * r + 1.0 / 39916800.0;\n"
    "    p = p * r + 1.0 / 3628800.0;\n"
    "    p = p * r + 1.0 / 362880.0;\n"
    "    p = p * r + 1.0 / 40320.0;\n"
    "    p = p * r + 1.0 / 5040.0;\n"
    "    p = p * r + 1.0 / 720.0;\n"
    "    p = p * r + 1.0 / 120.0;\n"
    "    p = p * r + 1.0 / 24.0;\n"
    "    p = p * r + 1.0 / 6.0;\n"
    "    p = p * r + 0.5;\n"
    "    p = p * r + 1.0;\n"
    "    p = p * r + 1.0;\n"
    "    uint64_t bits = (uint64_t)((int64_t)k + 1023) << 52;\n"
    "    double s;\n"
    "    memcpy(&s, &bits, sizeof s);\n"
    "    return x < -700.0 ? 0.0 : p * s;\n}\n\n";

/* Ion kernels: NUMERICS.md 5.2. */
static void emit_ion(Emitter *e, MechUse *u)
{
    StrBuf *o = &e->out;
    Mech *mech = u->mech;
    const char *ion = mech->ion_name;
    const char *cn = u->cname;
    int z = mech->ions.data[0].valence;
    const char *fe = nmodl_field(e, u, 0), *fci = nmodl_field(e, u, 1), *fco = nmodl_field(e, u, 2);
    const char *fcur = nmodl_field(e, u, 3), *fdcur = nmodl_field(e, u, 4);
    sb_printf(o, "/* ---- %s ---- */\n\n", mech->name);
    bool any_cinit = false, any_einit = false, any_eadv = false;
    for (int x = 0; x < u->n; x++) {
        any_cinit |= u->cinit[x];
        any_einit |= u->einit[x];
        any_eadv |= u->eadvance[x];
    }
    if (!any_einit && !any_eadv) {
        /* no Nernst potential needed */
    } else if (z == 0) {
        sb_printf(o, "static double nernst_%s(const Model *m, double ci, double co)\n{\n", ion);
        sb_puts(o, "    (void)m;\n    (void)ci;\n    (void)co;\n    return 0.0;\n}\n\n");
    } else {
        sb_printf(o, "static double nernst_%s(const Model *m, double ci, double co)\n{\n", ion);
        sb_puts(o, "    if (ci <= 0.0)\n        return 1e6;\n    if (co <= 0.0)\n        return -1e6;\n");
        sb_puts(o, "    double ktf = 1000.0 * ");
        emit_double(o, R_GAS);
        sb_puts(o, " * (m->celsius + 273.15) / ");
        emit_double(o, FARADAY);
        sb_printf(o, ";\n    return ktf / %d.0 * log(co / ci);\n}\n\n", z);
    }
    const char *flags[3] = {"cinit", "einit", "eadvance"};
    unsigned char *fl[3] = {u->cinit, u->einit, u->eadvance};
    for (int k = 0; k < 3; k++)
        if (!uniform_u8(fl[k], u->n)) {
            sb_printf(o, "static const unsigned char %s_%s[%d] = {", cn, flags[k], u->n);
            for (int x = 0; x < u->n; x++)
                sb_printf(o, "%s%s%d", x ? "," : "", x % 32 ? "" : "\n    ", fl[k][x]);
            sb_puts(o, "\n};\n");
        }
    /* the condition for flag k at instance i, or NULL when never */
#define COND(k, any) (!(any) ? NULL : uniform_u8(fl[k], u->n) ? "1" : arena_printf(e->arena, "%s_%s[i]", cn, flags[k]))
    const char *c_cinit = COND(0, any_cinit), *c_einit = COND(1, any_einit), *c_eadv = COND(2, any_eadv);
#undef COND
    sb_printf(o, "static void K_%s_init(Model *m)\n{\n", cn);
    if (c_cinit || c_einit) {
        sb_printf(o, "    for (int i = 0; i < %d; i++) {\n", u->n);
        if (c_cinit)
            sb_printf(o, "        if (%s) {\n            m->%s[i] = m->%s;\n            m->%s[i] = m->%s;\n        }\n",
                      c_cinit, fci, nmodl_field(e, u, 5), fco, nmodl_field(e, u, 6));
        if (c_einit)
            sb_printf(o, "        if (%s)\n            m->%s[i] = nernst_%s(m, m->%s[i], m->%s[i]);\n", c_einit, fe, ion,
                      fci, fco);
        sb_puts(o, "    }\n");
    } else {
        sb_puts(o, "    (void)m;\n");
    }
    sb_puts(o, "}\n\n");
    /* nrn_wrote_conc: after an INITIAL writes a concentration */
    bool written = false;
    for (int j = 0; j < e->nuses; j++) {
        const Mech *um = e->uses[j].mech;
        for (int k = 0; um->kind != MECH_ION && k < um->ions.len; k++)
            written = written || (e->uses[j].ion_use[k] == (int)(u - e->uses) && um->ions.data[k].conc_style == 3);
    }
    if (written) {
        sb_printf(o, "static void W_%s(Model *m, int i)\n{\n", cn);
        if (c_einit)
            sb_printf(o, "    if (%s)\n        m->%s[i] = nernst_%s(m, m->%s[i], m->%s[i]);\n", c_einit, fe, ion, fci, fco);
        else
            sb_puts(o, "    (void)m;\n    (void)i;\n");
        sb_puts(o, "}\n\n");
    }
    sb_printf(o, "static void K_%s_cur(Model *m, int lo_, int hi_)\n{\n", cn);
    sb_puts(o, "    for (int i = lo_; i < hi_; i++) {\n");
    sb_printf(o, "        m->%s[i] = 0.0;\n        m->%s[i] = 0.0;\n", fcur, fdcur);
    if (c_eadv)
        sb_printf(o, "        if (%s)\n            m->%s[i] = nernst_%s(m, m->%s[i], m->%s[i]);\n", c_eadv, fe, ion, fci,
                  fco);
    sb_puts(o, "    }\n}\n\n");
    sb_printf(o, "static void K_%s_correct(Model *m, int lo_, int hi_)\n{\n", cn);
    sb_puts(o, "    for (int i = lo_; i < hi_; i++)\n");
    sb_printf(o, "        m->%s[i] += m->%s[i] * m->rhs[%s_node[i]];\n}\n\n", fcur, fdcur, cn);
}

/* WATCH (NEURON's WatchCondition): the active conditions are checked at
 * the start of each step after the threshold detectors, in the order they
 * were activated; one going above 0 sends an event at t with its flag,
 * which NET_RECEIVE receives (its arguments all 0). */
static void emit_watch(Emitter *e)
{
    StrBuf *o = &e->out;
    if (!e->nwatch)
        return;
    sb_puts(o, "static double watch_value(Model *m, int s)\n{\n");
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        int nw = u->mech->watches.len;
        if (!nw)
            continue;
        sb_printf(o, "    if (s >= %d && s < %d) {\n        int i = (s - %d) / %d;\n        switch ((s - %d) %% %d) {\n",
                  u->watch_base, u->watch_base + u->n * nw, u->watch_base, nw, u->watch_base, nw);
        for (int w = 0; w < nw; w++)
            sb_printf(o, "        case %d: return W_%s_%d(m, i);\n", w, u->cname, w);
        sb_puts(o, "        }\n    }\n");
    }
    sb_puts(o, "    return 0.0;\n}\n\n");
    sb_puts(o, "static void watch_deliver(Model *m, int s, double flag)\n{\n");
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        int nw = u->mech->watches.len;
        if (nw)
            sb_printf(o, "    if (s >= %d && s < %d)\n        R_%s(m, (s - %d) / %d, m->w_none_, flag, -1);\n",
                      u->watch_base, u->watch_base + u->n * nw, u->cname, u->watch_base, nw);
    }
    sb_puts(o, "}\n\n");
    sb_puts(o, "static void watch_unlink(Model *m, int s)\n{\n"
               "    m->wl_next[m->wl_prev[s]] = m->wl_next[s];\n"
               "    m->wl_prev[m->wl_next[s]] = m->wl_prev[s];\n"
               "    m->wc_on[s] = 0;\n}\n\n");
    sb_puts(o, "static void watch_clear(Model *m)\n{\n"
               "    m->wl_next[NWATCH] = m->wl_prev[NWATCH] = NWATCH;\n"
               "    for (int s = 0; s < NWATCH; s++) {\n"
               "        m->wc_on[s] = m->wc_flag[s] = 0;\n"
               "        m->wc_q[s] = 0;\n"
               "        m->wc_nrflag[s] = 0.0;\n"
               "    }\n}\n\n");
    sb_puts(o, "/* WATCH item s (instance slots s0 .. s0+k-1) from NET_RECEIVE: rm == 0\n"
               " * first deactivates the instance's conditions and cancels their events. */\n"
               "static void watch_activate(Model *m, int s, int s0, int k, int rm, double flag)\n{\n"
               "    if (rm == 0)\n"
               "        for (int j = s0; j < s0 + k; j++) {\n"
               "            if (m->wc_on[j])\n"
               "                watch_unlink(m, j);\n"
               "            if (m->wc_q[j]) {\n"
               "                nrt_event_cancel(m->sim, m->wc_q[j] - 1);\n"
               "                m->wc_q[j] = 0;\n"
               "            }\n"
               "        }\n"
               "    m->wc_q[s] = 0;\n"
               "    m->wc_flag[s] = watch_value(m, s) >= -1e-11; /* hoc_epsilon */\n");
    if (!e->embed) /* CVODE's condition_order 2: NEURON's activate resets it */
        sb_puts(o, "    m->wc_vth_[s] = 0.0;\n");
    sb_puts(o, "    m->wc_nrflag[s] = flag;\n"
               "    if (m->wc_on[s])\n"
               "        watch_unlink(m, s);\n"
               "    m->wl_prev[s] = m->wl_prev[NWATCH];\n"
               "    m->wl_next[s] = NWATCH;\n"
               "    m->wl_next[m->wl_prev[NWATCH]] = s;\n"
               "    m->wl_prev[NWATCH] = s;\n"
               "    m->wc_on[s] = 1;\n}\n\n");
    sb_puts(o, "static void watch_check(Model *m)\n{\n"
               "    for (int s = m->wl_next[NWATCH]; s != NWATCH; s = m->wl_next[s]) {\n"
               "        if (watch_value(m, s) > 0.0) {\n"
               "            if (!m->wc_flag[s]) {\n"
               "                m->wc_flag[s] = 1;\n"
               "                m->wc_q[s] = nrt_event_send(m->sim, NRN_T(m), KIND_WATCH, s, -1, m->wc_nrflag[s]) + 1;\n"
               "            }\n"
               "        } else {\n"
               "            m->wc_flag[s] = 0;\n"
               "        }\n"
               "    }\n}\n\n");
}

static void emit_pointers(Emitter *e);

static bool has_destructor(const Emitter *e)
{
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->destructor)
            return true;
    return false;
}

/* A mechanism with a CONSTRUCTOR: its RANGE PARAMETERs at their defaults
 * first (as NEURON's nrn_alloc makes an instance), ... */
static void ctor_defaults(Emitter *e, MechUse *u, int v)
{
    MechVar *mv = &u->mech->vars.data[v];
    const char *fld = nmodl_field(e, u, v);
    double *vals = ARENA_NEWN(e->arena, double, u->n);
    for (int x = 0; x < u->n; x++)
        vals[x] = mv->has_value ? mv->value : 0;
    for (int k = 0; k < (mv->dim ? mv->dim : 1); k++)
        set_values(e, u, fld, "", k, mv->dim > 0, vals);
}

/* ... then the CONSTRUCTOR, then the values the model file gives (those
 * that differ from the default: a value set equal to the default after
 * the CONSTRUCTOR changed it is the one case this does not tell apart). */
static void ctor_then_values(Emitter *e, MechUse *u)
{
    StrBuf *o = &e->out;
    Mech *mech = u->mech;
    if (mech->kind != MECH_DENSITY)
        sb_printf(o, "    CT0_%s(m);\n", u->cname);
    sb_printf(o, "    CT_%s(m);\n", u->cname);
    for (int v = 0; v < mech->vars.len; v++) {
        MechVar *mv = &mech->vars.data[v];
        if (!mv->range || mv->kind != VAR_PARAM)
            continue;
        double def = mv->has_value ? mv->value : 0;
        for (int k = 0; k < (mv->dim ? mv->dim : 1); k++) {
            double *vals = instance_values(e, u, v, k);
            char idx[32] = "";
            if (mv->dim)
                snprintf(idx, sizeof idx, "[%d]", k);
            if (uniform(vals, u->n) && vals[0] == def)
                continue;
            if (uniform(vals, u->n)) {
                set_values(e, u, nmodl_field(e, u, v), "", k, mv->dim > 0, vals);
                continue;
            }
            const char *tbl = values_table(e, u, v, k);
            sb_printf(o, "    for (int i = 0; i < %d; i++)\n        if (%s[i] != ", u->n, tbl);
            emit_double(o, def);
            sb_printf(o, ")\n            m->%s[i]%s = %s[i];\n", nmodl_field(e, u, v), idx, tbl);
        }
    }
}

static void emit_setup(Emitter *e)
{
    StrBuf *o = &e->out;
    sb_puts(o, "/* Parameters and ion values from the model file (once, before finitialize). */\n");
    sb_puts(o, "static void setup(Model *m)\n{\n    (void)m;\n");
    if (e->m->netcons.len)
        sb_puts(o, "    for (int i = 0; i < NWEIGHT; i++)\n        m->nc_w[i] = nc_weight0[i];\n");
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        Mech *mech = u->mech;
        for (int v = 0; v < mech->vars.len; v++) {
            MechVar *mv = &mech->vars.data[v];
            const char *fld = nmodl_field(e, u, v);
            if (mv->range && mv->kind == VAR_PARAM && mech->constructor) {
                ctor_defaults(e, u, v);
            } else if (mv->range && mv->kind == VAR_PARAM && spec_of(u, v) != SPEC_FOLD) {
                for (int k = 0; k < (mv->dim ? mv->dim : 1); k++)
                    set_values(e, u, fld, values_table(e, u, v, k), k, mv->dim > 0, instance_values(e, u, v, k));
            } else if (!mv->range && mv->kind == VAR_PARAM) {
                for (int k = 0; k < (mv->dim ? mv->dim : 1); k++) {
                    if (mv->dim)
                        sb_printf(o, "    m->%s[%d] = ", fld, k);
                    else
                        sb_printf(o, "    m->%s = ", fld);
                    emit_double(o, mv->has_value ? mv->value : 0);
                    sb_puts(o, ";\n");
                }
            }
        }
        if (mech->constructor)
            ctor_then_values(e, u);
    }
    emit_pointers(e);
    sb_puts(o, "}\n\n");
}

/* Every C name of a mechanism's fields must be distinct (mechanism and
 * variable names joined by '_' could collide). */
static bool check_field_names(Emitter *e)
{
    VEC(const char *) names = {0};
    bool ok = true;
    for (int k = 0; k < e->nuses && ok; k++)
        for (int v = 0; v < e->uses[k].mech->vars.len && ok; v++) {
            const char *f = nmodl_field(e, &e->uses[k], v);
            for (int j = 0; j < names.len; j++)
                if (!strcmp(names.data[j], f)) {
                    diag_plain_error(e->diag, "two mechanisms give the C name '%s'; rename a variable", f);
                    ok = false;
                }
            VEC_PUSH(names, f);
        }
    VEC_FREE(names);
    return ok;
}

bool emit_has_cur(const MechUse *u)
{
    return u->mech->kind == MECH_ION || (u->mech->breakpoint && u->mech->currents.len);
}

/* A loop over every non-root node i with its parent p, group by group:
 * node k of every tree of a group before node k + 1 (descending: after),
 * the trees side by side in the inner loop (independent, so the C
 * compiler may run them in vector registers); each parent still sees its
 * children in NEURON's order.  body uses i and p. */
static void emit_group_loop(Emitter *e, int gi, const char *body, bool descending, bool part);

static void emit_group_loops(Emitter *e, const char *body, bool descending)
{
    emit_group_loops_part(e, body, descending, false);
}

/* The same; part: only the trees of a thread's share (P_->tlo[G] ..
 * P_->thi[G]-1 of group G). */
void emit_group_loops_part(Emitter *e, const char *body, bool descending, bool part)
{
    for (int gi = 0; gi < e->m->groups.len; gi++)
        emit_group_loop(e, gi, body, descending, part);
}

/* Are the roots of group g's trees all different nodes? */
static bool roots_distinct(const NodeGroup *g)
{
    int hi = 0;
    for (int t = 0; t < g->g; t++)
        hi = g->roots[t] > hi ? g->roots[t] : hi;
    unsigned char *seen = calloc((size_t)hi + 1, 1);
    bool ok = seen != NULL;
    for (int t = 0; ok && t < g->g; t++)
        ok = !seen[g->roots[t]]++;
    free(seen);
    return ok;
}

/* The loop of group gi over its node ranks (descending: from the last)
 * and its trees (part: the share's), with body inside it (i the node, p
 * its parent). */
static void emit_group_loop(Emitter *e, int gi, const char *body, bool descending, bool part)
{
    StrBuf *o = &e->out;
    const Model *m = e->m;
    {
        const NodeGroup *g = &m->groups.data[gi];
        if (descending)
            sb_printf(o, "    for (int k = %d; k >= 0; k--) {\n", g->K - 1);
        else
            sb_printf(o, "    for (int k = 0; k < %d; k++) {\n", g->K);
        sb_printf(o, "        const int ib = %d + k * %d;\n", g->base, g->g);
        if (g->roots_affine)
            sb_printf(o, "        const int pb = G%d_prank[k] < 0 ? %d : %d + G%d_prank[k] * %d;\n", gi, g->roots[0],
                      g->base, gi, g->g);
        else
            sb_printf(o, "        const int pb = G%d_prank[k] < 0 ? -1 : %d + G%d_prank[k] * %d;\n", gi, g->base, gi,
                      g->g);
        /* a rank's nodes and their parents are two ranges apart (the
         * parents' rank comes first), each node and each parent once in the
         * loop when the roots are distinct: independent iterations */
        if (g->roots_affine || roots_distinct(g))
            sb_puts(o, e->fast ? "        NRN_SIMD\n" : "        NRN_IVDEP\n");
        if (part)
            sb_printf(o, "        for (int t = P_->tlo[%d]; t < P_->thi[%d]; t++) {\n", gi, gi);
        else
            sb_printf(o, "        for (int t = 0; t < %d; t++) {\n", g->g);
        sb_puts(o, "            const int i = ib + t;\n");
        if (g->roots_affine)
            sb_puts(o, "            const int p = pb + t;\n");
        else
            sb_printf(o, "            const int p = pb < 0 ? G%d_root[t] : pb + t;\n", gi);
        /* the body, indented one more level; a coupling that is the same in
         * every tree of the group comes from its per-rank table */
        StrBuf bb = {0};
        for (const char *l = body; *l;) {
            if (!strncmp(l, "node_a[i]", 9) && group_uniform(m, g, m->a)) {
                sb_printf(&bb, "G%d_a[k]", gi);
                l += 9;
            } else if (!strncmp(l, "node_b[i]", 9) && group_uniform(m, g, m->b)) {
                sb_printf(&bb, "G%d_b[k]", gi);
                l += 9;
            } else if (!strncmp(l, "node_cm[i]", 10) && group_uniform(m, g, m->cm)) {
                sb_printf(&bb, "G%d_cm[k]", gi);
                l += 10;
            } else {
                sb_putc(&bb, *l++);
            }
        }
        for (const char *l = sb_str(&bb); *l;) {
            const char *nl = strchr(l, '\n');
            size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);
            sb_puts(o, "    ");
            sb_putn(o, l, len);
            l += len;
        }
        sb_free(&bb);
        sb_puts(o, "        }\n    }\n");
    }
}

/* --fast: group g is one unbranched cable (a single tree whose rank k's
 * parent is rank k - 1, rank 0's the root), solved with the parent's
 * values carried in registers. */
static bool fast_chain(const NodeGroup *g)
{
    if (g->g != 1 || g->K < 2 || g->prank[0] >= 0)
        return false;
    for (int k = 1; k < g->K; k++)
        if (g->prank[k] != k - 1)
            return false;
    return true;
}

/* Is vals (a per-node table) the same in every tree of group g, rank by rank? */
static bool group_uniform(const Model *m, const NodeGroup *g, const double *vals)
{
    signed char *memo = vals == m->a    ? &((NodeGroup *)g)->uniform_a
                        : vals == m->b  ? &((NodeGroup *)g)->uniform_b
                        : vals == m->cm ? &((NodeGroup *)g)->uniform_cm
                                        : NULL;
    if (memo && *memo >= 0)
        return *memo;
    bool r = group_uniform_scan(g, vals);
    if (memo)
        *memo = r;
    return r;
}

static bool group_uniform_scan(const NodeGroup *g, const double *vals)
{
    if (g->g < 2)
        return false;
    for (int k = 0; k < g->K; k++) {
        double v0 = vals[g->base + k * g->g];
        for (int t = 1; t < g->g; t++)
            if (memcmp(&vals[g->base + k * g->g + t], &v0, sizeof v0) != 0)
                return false;
    }
    return true;
}

/* The groups' tables: each node's parent rank, the trees' roots. */
static void emit_group_tables(Emitter *e)
{
    StrBuf *o = &e->out;
    const Model *m = e->m;
    sb_puts(o, "/* Node groups: trees of one shape side by side (node k of tree t of group G is\n"
               " * base + k*g + t); its parent is node prank[k] of the same tree, or the root. */\n");
    for (int gi = 0; gi < m->groups.len; gi++) {
        const NodeGroup *g = &m->groups.data[gi];
        int_array(o, arena_printf(e->arena, "G%d_prank", gi), g->prank, g->K);
        for (int w = 0; w < 3; w++) {
            const double *vals = w == 2 ? m->cm : w ? m->b : m->a;
            if (!group_uniform(m, g, vals))
                continue;
            double *rk = ARENA_NEWN(e->arena, double, g->K);
            for (int k = 0; k < g->K; k++)
                rk[k] = vals[g->base + k * g->g];
            double_array(o, arena_printf(e->arena, "G%d_%s", gi, w == 2 ? "cm" : w ? "b" : "a"), rk, g->K);
        }
        if (!g->roots_affine)
            int_array(o, arena_printf(e->arena, "G%d_root", gi), g->roots, g->g);
    }
    sb_putc(o, '\n');
}

/* The matrix's capacitance and axial terms of non-root node i (parent p),
 * after the currents: assemble()'s and each thread's (emit_threads.c) */
const char *const AXIAL_BODY = "        double dv = m->v[p] - m->v[i];\n"
                               "        m->rhs[i] -= node_b[i] * dv;\n"
                               "        m->rhs[p] += node_a[i] * dv;\n"
                               "        m->d[i] += cfac * node_cm[i];\n"
                               "        m->d[i] -= node_b[i];\n"
                               "        m->d[p] -= node_a[i];\n";

static void emit_solve(Emitter *e, bool upd);

static void emit_assemble(Emitter *e)
{
    StrBuf *o = &e->out;
    sb_puts(o, "/* The tree matrix at the present v (NUMERICS.md 4.4), in NEURON's order. */\n");
    sb_puts(o, "static void assemble(Model *m)\n{\n");
    sb_puts(o, "    for (int i = 0; i < NODES; i++) {\n        m->rhs[i] = 0.0;\n        m->d[i] = 0.0;\n    }\n");
    if (has_ba(e, BA_BEFORE_BREAKPOINT)) { /* (CVODE calls them itself) */
        sb_puts(o, "    if (!m->cv_ba_) {\n");
        emit_ba_calls(e, BA_BEFORE_BREAKPOINT, "        ");
        sb_puts(o, "    }\n");
    }
    for (int k = 0; k < e->nuses; k++)
        if (emit_has_cur(&e->uses[k]))
            sb_printf(o, "    K_%s_cur(m, 0, %d);\n", e->uses[k].cname, e->uses[k].n);
    /* the currents have put their conductances into d (K_<m>_cur); then
     * the capacitance and the axial terms, in one pass: every node's rhs
     * and d still sum NEURON's terms in NEURON's order (a node's own terms
     * at its turn, its children's later, as their turns come after) */
    sb_puts(o, "    double cfac = 0.001 * m->cj;\n"
               "    for (int i = 0; i < NCELL; i++)\n"
               "        m->d[i] += cfac * node_cm[i];\n");
    emit_group_loops(e, AXIAL_BODY, false);
    sb_puts(o, "}\n\n");
    emit_solve(e, false);
    emit_solve(e, true);
}

/* Gaussian elimination on the tree (Hines): solve(m) turns rhs into the
 * change of v; upd: solve_v(m, vf), which also adds vf times it to v as
 * each node's change is final (the step's v update in the same pass) */
static void emit_solve(Emitter *e, bool upd)
{
    StrBuf *o = &e->out;
    const char *look = e->vchk ? "        bad_ |= !(fabs(m->v[i]) <= 1e6);\n" : "";
    const char *vu = upd ? arena_printf(e->arena, "        m->v[i] += vf * m->rhs[i];\n%s", look) : "";
    if (upd)
        sb_puts(o, "/* solve(), and v += vf * (the change of v); whether a new v is NaN or\n"
                   " * beyond 1e6 mV */\n"
                   "static int solve_v(Model *m, double vf)\n{\n    int bad_ = 0;\n");
    else
        sb_puts(o, "/* Gaussian elimination on the tree (Hines): rhs becomes the change of v. */\n"
                   "static NRN_MAYBE_UNUSED void solve(Model *m)\n{\n");
    if (e->fast) {
        /* --fast: d[i] becomes 1/d[i] once final, so that the back
         * substitution multiplies (one division a node, not two, and the
         * chain along a cable without a division in it) */
        for (int gi = 0; gi < e->m->groups.len; gi++) {
            const NodeGroup *g = &e->m->groups.data[gi];
            if (fast_chain(g)) /* one unbranched cable: its parent's d and rhs in registers */
                sb_printf(o, "    {\n"
                             "        double dn = m->d[%d], rn = m->rhs[%d];\n"
                             "        for (int i = %d; i > %d; i--) {\n"
                             "            const double dinv = 1.0 / dn;\n"
                             "            m->d[i] = dinv;\n"
                             "            dn = m->d[i - 1] - (node_a[i] * node_b[i]) * dinv;\n"
                             "            rn = m->rhs[i - 1] - (node_a[i] * dinv) * rn;\n"
                             "            m->rhs[i - 1] = rn;\n"
                             "        }\n"
                             "        const double dinv = 1.0 / dn;\n"
                             "        m->d[%d] = dinv;\n"
                             "        m->d[%d] -= (node_a[%d] * node_b[%d]) * dinv;\n"
                             "        m->rhs[%d] -= (node_a[%d] * dinv) * rn;\n"
                             "    }\n",
                          g->base + g->K - 1, g->base + g->K - 1, g->base + g->K - 1, g->base, g->base, g->roots[0],
                          g->base, g->base, g->roots[0], g->base);
            else
                emit_group_loop(e, gi, "        const double dinv = 1.0 / m->d[i];\n"
                                       "        m->d[i] = dinv;\n"
                                       "        m->d[p] -= (node_a[i] * node_b[i]) * dinv;\n"
                                       "        m->rhs[p] -= (node_a[i] * dinv) * m->rhs[i];\n", true, false);
        }
        sb_printf(o, "    for (int i = 0; i < NCELL; i++) {\n"
                     "        m->rhs[i] /= m->d[i];\n%s"
                     "    }\n",
                  vu);
        for (int gi = 0; gi < e->m->groups.len; gi++) {
            const NodeGroup *g = &e->m->groups.data[gi];
            if (fast_chain(g))
                sb_printf(o, "    {\n"
                             "        double rp = m->rhs[%d];\n"
                             "        for (int i = %d; i < %d; i++) {\n"
                             "            rp = (m->rhs[i] - node_b[i] * rp) * m->d[i];\n"
                             "            m->rhs[i] = rp;\n"
                             "%s"
                             "        }\n"
                             "    }\n",
                          g->roots[0], g->base, g->base + g->K, upd ? "            m->v[i] += vf * rp;\n" : ""); /* (--fast: no look, e->vchk) */
            else
                emit_group_loop(e, gi,
                                arena_printf(e->arena, "        m->rhs[i] = (m->rhs[i] - node_b[i] * m->rhs[p]) * m->d[i];\n%s",
                                             vu),
                                false, false);
        }
    } else {
        emit_group_loops(e, "        double f = node_a[i] / m->d[i];\n"
                            "        m->d[p] -= f * node_b[i];\n"
                            "        m->rhs[p] -= f * m->rhs[i];\n", true);
        sb_printf(o, "    for (int i = 0; i < NCELL; i++) {\n"
                     "        m->rhs[i] /= m->d[i];\n%s"
                     "    }\n",
                  vu);
        emit_group_loops(e,
                         arena_printf(e->arena, "        m->rhs[i] -= node_b[i] * m->rhs[p];\n"
                                                "        m->rhs[i] /= m->d[i];\n%s",
                                      vu),
                         false);
    }
    sb_puts(o, upd ? "    return bad_;\n}\n\n" : "}\n\n");
}

/* The C rvalue of record r. */
static const char *record_c(Emitter *e, const Record *r);

const char *emit_record_c(Emitter *e, const Record *r)
{
    return record_c(e, r);
}

static const char *record_c(Emitter *e, const Record *r)
{
    Model *m = e->m;
    if (r->kind == REC_V)
        return arena_printf(e->arena, "m->v[%d]", r->node);
    int ui = e->use_of_mech[r->mech];
    if (ui < 0) {
        Mech *mech = m->mechs.data[r->mech];
        diag_error(e->diag, r->loc, "'%s' has no instances in this model", mech->name);
        return "0.0";
    }
    MechUse *u = &e->uses[ui];
    const char *fld = nmodl_field(e, u, r->var);
    char elem[32] = "";
    if (r->elem >= 0)
        snprintf(elem, sizeof elem, "[%d]", r->elem);
    if (r->kind == REC_GLOBAL && u->priv && u->priv[r->var]) /* --fast: the last instance's */
        return arena_printf(e->arena, "m->%s[%d]%s", fld, u->n - 1, elem);
    if (r->kind == REC_GLOBAL)
        return arena_printf(e->arena, "%s%s%s", nmodl_tls_var(e, u, r->var) ? "tl_" : "m->", fld, elem);
    int inst = -1;
    for (int x = 0; x < u->n; x++) {
        if (r->kind == REC_POINT ? u->pp[x] == r->pp : u->node[x] == r->node)
            inst = x;
    }
    if (inst < 0)
        die("record without instance");
    if (u->mech->vars.data[r->var].pointer)
        return arena_printf(e->arena, "(*m->%s[%d])", fld, inst);
    return arena_printf(e->arena, "m->%s[%d]%s", fld, inst, elem);
}

/* The instance of r's mechanism that r names (REC_POINT, REC_RANGE), or -1. */
static int record_instance(const Emitter *e, const Record *r)
{
    int ui = e->use_of_mech[r->mech];
    if (ui < 0)
        return -1;
    const MechUse *u = &e->uses[ui];
    for (int x = 0; x < u->n; x++)
        if (r->kind == REC_POINT ? u->pp[x] == r->pp : u->node[x] == r->node)
            return x;
    return -1;
}

/* The POINTERs: every one at unset_pointer_, then those setpointer set;
 * an unset one is an error unless its mechanism asks nrn_pointing(). */
static void emit_pointers(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    if (!has_pointers(e))
        return;
    sb_puts(o, "    m->unset_pointer_ = 0.0;\n");
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        for (int v = 0; v < u->mech->vars.len; v++) {
            if (!u->mech->vars.data[v].pointer)
                continue;
            const char *fld = nmodl_field(e, u, v);
            bool *set = calloc((size_t)u->n + 1, 1);
            bool rnd = u->mech->vars.data[v].random;
            /* a POINTER holding a Random: NULL when unset (VERBATIM tests _p_X) */
            sb_printf(o, "    for (int i = 0; i < %d; i++)\n        m->%s[i] = %s;\n", u->n, fld,
                      rnd ? "NULL" : "&m->unset_pointer_");
            for (int p = 0; p < m->pointers.len; p++) {
                const PointerSet *ps = &m->pointers.data[p];
                if (e->use_of_mech[ps->target.mech] != k || ps->target.var != v)
                    continue;
                int inst = record_instance(e, &ps->target);
                if (inst < 0)
                    die("setpointer target without instance");
                set[inst] = true;
                if (ps->rnd)
                    sb_printf(o, "    m->%s[%d] = (double *)(void *)&m->rand_[%d]; /* Random %s */\n", fld, inst,
                              ps->rnd - 1, ps->source.label);
                else
                    sb_printf(o, "    m->%s[%d] = &%s; /* %s */\n", fld, inst, record_c(e, &ps->source), ps->source.label);
            }
            for (int x = 0; x < u->n && !u->pointing && !(rnd && u->mech->vars.data[v].random_tested); x++) {
                if (set[x] || (rnd && pointer_set_by_call(e, u, x, v)))
                    continue;
                const char *var = u->mech->vars.data[v].name;
                if (u->mech->kind == MECH_DENSITY) {
                    const Section *sec = &m->secs.data[u->sec[x]];
                    diag_error(e->diag, u->mech->vars.data[v].loc,
                               "POINTER '%s' of %s in %s, segment %d, is not set: add "
                               "'setpointer %s(x).%s_%s, %s' to the model%s",
                               var, u->mech->name, sec->name, u->seg[x], sec->name, var, u->mech->name,
                               rnd ? "RANDOM" : "SOURCE", rnd ? " (a 'Random NAME { ... }')" : "");
                } else {
                    const PointProc *pp = &m->pps.data[u->pp[x]];
                    diag_error(e->diag, pp->loc, "POINTER '%s' of '%s' is not set: add 'setpointer %s.%s, %s'%s",
                               var, pp->name, pp->name, var, rnd ? "RANDOM" : "SOURCE", rnd ? " (a 'Random NAME "
                               "{ ... }': its mod draws from it without testing _p_X)" : "");
                }
                break;
            }
            free(set);
        }
    }
}

static void emit_tables_check(Emitter *e)
{
    StrBuf *o = &e->out;
    sb_puts(o, "static void check_tables(Model *m)\n{\n    (void)m;\n");
    for (int k = 0; k < e->nuses; k++)
        for (int f = 0; f < e->uses[k].mech->funcs.len; f++)
            if (e->uses[k].mech->funcs.data[f].table)
                sb_printf(o, "    T_%s_%s_check(m);\n", e->uses[k].cname, e->uses[k].mech->funcs.data[f].name);
    sb_puts(o, "}\n\n");
}

static void emit_record(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    sb_puts(o, "static void record(Model *m)\n{\n");
    sb_printf(o, "    double row[%d];\n    row[0] = NRN_T(m);\n", m->records.len + 1);
    for (int i = 0; i < m->records.len; i++)
        sb_printf(o, "    row[%d] = %s; /* %s */\n", i + 1, record_c(e, &m->records.data[i]), m->records.data[i].label);
    sb_puts(o, "    nrt_record(m->sim, row);\n}\n\n");
}

static void emit_finitialize(Emitter *e)
{
    StrBuf *o = &e->out;
    /* the Vector objects' numbers */
    for (int k = 0; k < e->m->vecs.len; k++) {
        const VecObj *v = &e->m->vecs.data[k];
        sb_printf(o, "static const double vec%d_[%d] = { /* Vector %s */\n    ", k, v->n ? v->n : 1, v->name);
        for (int j = 0; j < (v->n ? v->n : 1); j++) {
            sb_puts(o, j ? (j % 8 ? ", " : ",\n    ") : "");
            emit_double(o, j < v->n ? v->v[j] : 0.0);
        }
        sb_puts(o, "\n};\n\n");
    }
    sb_puts(o, "/* finitialize(v_init): NUMERICS.md 3. */\n");
    if (!e->embed)
        sb_puts(o, "static void tables_init(void);\n\n");
    sb_puts(o, "static void model_init(void *state, NrtSim *sim, const NrtRun *run)\n{\n");
    if (!e->embed)
        sb_puts(o, "    tables_init();\n");
    sb_puts(o, "    Model *m = state;\n");
    /* an embedding keeps its runtime inside the state, and sets the
     * parameters once (PFX_init), not at every finitialize */
    if (!e->embed)
        sb_puts(o, "    m->sim = sim;\n");
    if (!e->embed)
        sb_puts(o, "    m->cv_on_ = 0;\n");
    if (needs_cvode_active(e))
        sb_puts(o, "    m->cvode_active_ = run->method == NRT_CVODE;\n");
    if (has_ba(e, BA_BEFORE_BREAKPOINT))
        sb_puts(o, "    m->cv_ba_ = 0;\n");
    sb_puts(o, "    m->dt = run->dt;\n"
               "    m->celsius = run->celsius;\n"
               "    m->secondorder = run->secondorder;\n");
    if (rec_dt(e)) /* (CVODE interpolates its rows: cvode.c) */
        sb_puts(o, "    m->rec_every_ = run->method == NRT_FIXED ? run->record_every : 0.0;\n");
    /* an embedding's params are the model file's (nrncc -D sets them): its
     * values are those of the compiled model */
    if (!e->embed)
        sb_puts(o, "    setup(m);\n");
    if (e->m->params.len && !e->embed)
        sb_puts(o, "    const double *P = nrt_param_values(sim);\n"
                   "    params_static(sim, P);\n"
                   "    params_state(m, P);\n");
    else if (e->m->params.len) /* the setters applied them (emit_params.c); v_init and init blocks read them */
        sb_puts(o, "    const double *P = sim->param;\n    (void)P;\n");
    if (e->par)
        sb_puts(o, "    mpi_make(m); /* mpirun: this rank's share */\n");
    if (e->ntl && !e->embed) /* (a run started again: its GLOBALs as at the first start) */
        sb_puts(o, "    tl_get(m->tl_);\n");
    sb_puts(o, "    NRN_T(m) = 0.0;\n"
               "    m->cj = m->secondorder ? 2.0 / m->dt : 1.0 / m->dt;\n"
               "    check_tables(m);\n"
               "    nrt_events_clear(sim);\n"
               "    nrt_seed(sim, run->seed);\n");
    /* the Random objects from their declared state: their calls in order */
    for (int k = 0; k < e->m->rands.len; k++) {
        const RandObj *r = &e->m->rands.data[k];
        sb_printf(o, "    nrt_rand_init(&m->rand_[%d]); /* Random %s */\n", k, r->name);
        for (int j = 0; j < r->nops; j++) {
            const RandOp *op = &r->ops[j];
            bool draw = strcmp(op->fn, "Random123") && strcmp(op->fn, "MCellRan4") && strcmp(op->fn, "seq");
            int n = !strcmp(op->fn, "Random123") ? 3 : !strcmp(op->fn, "MCellRan4") ? 2 : op->nargs;
            const char *c = !strcmp(op->fn, "Random123") ? "random123" : !strcmp(op->fn, "MCellRan4") ? "mcellran4" : op->fn;
            sb_printf(o, "    %snrt_rand_%s(&m->rand_[%d]", draw ? "(void)" : "", c, k);
            for (int a = 0; a < n; a++) {
                sb_puts(o, ", ");
                emit_double(o, op->arg[a]);
            }
            sb_puts(o, ");\n");
        }
    }
    if (e->m->plays.len)
        sb_puts(o, "    play_init(m);\n    nrt_deliver(sim, m, 0.0); /* the plays' values at t = 0 */\n");
    sb_puts(o, "    for (int i = 0; i < NODES; i++)\n"
               "        m->v[i] = run->v_init;\n");
    emit_init_sets(e, "v_init of sections (before the INITIAL blocks)", e->m->vinits.data, e->m->vinits.len);
    if (needs_hocargs(e))
        sb_puts(o, "    m->hocargs_ = NULL;\n");
    for (int k = 0; k < e->m->vecs.len; k++)
        sb_printf(o, "    m->vec_[%d].n = %d; /* Vector %s */\n    m->vec_[%d].v = vec%d_;\n", k,
                  e->m->vecs.data[k].n, e->m->vecs.data[k].name, k, k);
    emit_hoccalls(e);
    emit_ba_calls(e, BA_BEFORE_INITIAL, "    ");
    for (int k = 0; k < e->nuses; k++)
        sb_printf(o, "    K_%s_init(m);\n", e->uses[k].cname);
    if (e->ndet)
        sb_puts(o, "    for (int i = 0; i < NDET; i++)\n        m->det_flag[i] = 0;\n");
    /* the NET_RECEIVE INITIAL blocks, NetCon by NetCon */
    Model *md = e->m;
    for (int k = 0; k < md->netcons.len; k++) {
        const NetCon *nc = &md->netcons.data[k];
        if (nc->target < 0)
            continue;
        const MechUse *u = &e->uses[e->use_of_mech[md->pps.data[nc->target].mech]];
        if (u->mech->netrecv_init)
            sb_printf(o, "    RI_%s(m, nc_target[%d], &m->nc_w[nc_woff[%d]], %d);\n", u->cname, k, k, k);
    }
    if (e->nwatch)
        sb_puts(o, "    watch_clear(m); /* NEURON's init_events: no WATCH active */\n");
    emit_ba_calls(e, BA_AFTER_INITIAL, "    ");
    emit_init_sets(e, "the init block (after the INITIAL blocks, as FInitializeHandler type 1)", md->inits.data,
                   md->inits.len);
    sb_puts(o, "    nrt_deliver(sim, m, 0.0);\n    assemble(m);\n");
    emit_ba_calls(e, BA_BEFORE_STEP, "    ");
    if (rec_dt(e)) /* the rows' events: the first at 0, delivered next (NUMERICS.md 3, step 9) */
        sb_puts(o, "    if (m->rec_every_ > 0)\n"
                   "        nrt_event_send(sim, NRN_T(m), KIND_REC, 0, -1, 0.0);\n"
                   "    else\n"
                   "        record(m);\n"
                   "    nrt_deliver(sim, m, 0.0);\n}\n\n");
    else
        sb_puts(o, "    record(m);\n    nrt_deliver(sim, m, 0.0);\n}\n\n");
}

/* One fixed step; with prof, nrt_prof() marks between the phases (for
 * --profile). */
static void emit_step(Emitter *e, bool prof)
{
    StrBuf *o = &e->out;
#define PROF(phase) (prof ? "    nrt_prof(m->sim, " phase ");\n" : "")
    if (!prof)
        sb_puts(o, "/* One fixed step, t_n -> t_n+1: NUMERICS.md 4. */\n");
    sb_printf(o, "static void model_step%s(void *state)\n{\n    Model *m = state;\n    check_tables(m);\n",
              prof ? "_prof" : "");
    if (e->ndet)
        sb_puts(o, "    for (int k = 0; k < NDET; k++) {\n"
                   "        if (m->v[det_node[k]] - det_threshold[k] > 0.0) {\n"
                   "            if (!m->det_flag[k]) {\n"
                   "                m->det_flag[k] = 1;\n"
                   "                fire(m, k, NRN_T(m) + 1e-10);\n"
                   "            }\n"
                   "        } else {\n"
                   "            m->det_flag[k] = 0;\n"
                   "        }\n"
                   "    }\n");
    if (e->nwatch)
        sb_puts(o, "    watch_check(m);\n");
    sb_puts(o, "    nrt_deliver(m->sim, m, NRN_T(m) + 0.5 * m->dt);\n");
    const char *cont = any_continuous(e->m) ? "    play_continuous(m);\n" : "";
    /* the parallel path (emit_threads.c) beside the one-thread one */
    bool par = e->par && !prof;
    const char *pad = par ? "    " : "";
    sb_printf(o, "    NRN_T(m) += 0.5 * m->dt;\n%s", cont);
    if (par) {
        sb_puts(o, "    int par = mpi_rank_ >= 0 ? 2 : par_on(m);\n    if (par == 2) {\n");
        emit_mpi_step(e, false);
        sb_puts(o, "    } else if (par) {\n");
        emit_threads_step(e, false);
        sb_puts(o, "    } else {\n");
    }
    /* the solve and the new v (v += rhs, 2 rhs under secondorder) in one
     * pass: the ions' second-order correction after it reads rhs only */
    sb_printf(o, "%s%s    assemble(m);\n%s%s    %ssolve_v(m, m->secondorder ? 2.0 : 1.0);\n", PROF("NRT_PROF_MATRIX"),
              pad, PROF("NRT_PROF_SOLVE"), pad, e->vchk && !e->embed ? "m->vok_ = !" : "(void)");
    bool ions = false;
    for (int k = 0; k < e->nuses; k++)
        ions = ions || e->uses[k].mech->kind == MECH_ION;
    if (ions) {
        sb_printf(o, "%s    if (m->secondorder == 2) {\n", pad);
        for (int k = 0; k < e->nuses; k++)
            if (e->uses[k].mech->kind == MECH_ION)
                sb_printf(o, "%s        K_%s_correct(m, 0, %d);\n", pad, e->uses[k].cname, e->uses[k].n);
        sb_printf(o, "%s    }\n", pad);
    }
    if (par)
        sb_puts(o, "    }\n");
    sb_puts(o, "    NRN_T(m) += 0.5 * m->dt;\n");
    sb_puts(o, cont);
    sb_puts(o, PROF("NRT_PROF_STATES"));
    if (par) {
        sb_puts(o, "    if (par == 2) {\n");
        emit_mpi_step(e, true);
        sb_puts(o, "    } else if (par) {\n");
        emit_threads_step(e, true);
        sb_puts(o, "    } else {\n");
    }
    for (int k = 0; k < e->nuses; k++)
        if (nmodl_has_state_kernel(e->uses[k].mech))
            sb_printf(o, "%s    K_%s_state(m, 0, %d);\n", pad, e->uses[k].cname, e->uses[k].n);
    if (par)
        sb_puts(o, "    }\n    par_scanned_ = par == 1; /* the threads looked at v (par_d) */\n");
    for (int k = 0; k < e->nuses; k++) /* NEURON's long_difus_solve (one thread: mech_threads.c) */
        if (e->uses[k].mech->kind == MECH_DENSITY && nmodl_has_longdiff(e->uses[k].mech))
            sb_printf(o, "    LD_%s(m);\n", e->uses[k].cname);
    emit_ba_calls(e, BA_AFTER_SOLVE, "    ");
    emit_ba_calls(e, BA_BEFORE_STEP, "    ");
    sb_puts(o, PROF("NRT_PROF_RECORD"));
    sb_puts(o, rec_dt(e) ? "    if (!(m->rec_every_ > 0))\n        record(m);\n" : "    record(m);\n");
    sb_puts(o, PROF("NRT_PROF_EVENTS"));
    sb_puts(o, "    nrt_deliver(m->sim, m, NRN_T(m));\n}\n\n");
#undef PROF
}

static void emit_fadvance(Emitter *e)
{
    emit_step(e, false);
    if (!e->embed) /* the executable's --profile */
        emit_step(e, true);
}

/* An event: a NetCon's delivery to its target, or a self event; t is the
 * event's time while the target's NET_RECEIVE runs. */
static void emit_deliver(Emitter *e)
{
    StrBuf *o = &e->out;
    sb_puts(o, "static void model_deliver(void *state, const NrtEvent *ev)\n{\n"
               "    Model *m = state;\n"
               "    double tsave = NRN_T(m);\n"
               "    NRN_T(m) = ev->t;\n");
    if (rec_dt(e)) /* a row at the event's time, and the next event (NEURON accumulates the times) */
        sb_puts(o, "    if (ev->kind == KIND_REC) {\n        record(m);\n"
                   "        nrt_event_send(m->sim, ev->t + m->rec_every_, KIND_REC, 0, -1, 0.0);\n"
                   "        NRN_T(m) = tsave;\n        return;\n    }\n");
    if (e->m->plays.len)
        sb_puts(o, "    if (ev->kind == KIND_PLAY) {\n        play_event(m, ev->index, ev->t);\n"
                   "        NRN_T(m) = tsave;\n        return;\n    }\n");
    bool any = false;
    for (int k = 0; k < e->nuses; k++)
        any = any || e->uses[k].mech->netrecv;
    if (any) {
        if (e->m->netcons.len)
            sb_puts(o, "    int kind = ev->kind, i = ev->index, nc = ev->nc;\n"
                       "    if (kind == KIND_NETCON) {\n"
                       "        kind = nc_target_kind[nc];\n"
                       "        i = nc_target[nc];\n"
                       "    }\n"
                       "    double *w = nc >= 0 ? &m->nc_w[nc_woff[nc]] : m->w_none_;\n");
        else
            sb_puts(o, "    int kind = ev->kind, i = ev->index, nc = ev->nc;\n"
                       "    double *w = m->w_none_;\n");
        sb_puts(o, "    switch (kind) {\n");
        if (e->nwatch)
            sb_puts(o, "    case KIND_WATCH:\n        m->wc_q[i] = 0;\n        watch_deliver(m, i, ev->flag);\n        break;\n");
        for (int k = 0; k < e->nuses; k++)
            if (e->uses[k].mech->netrecv)
                sb_printf(o, "    case KIND_%s:\n        R_%s(m, i, w, ev->flag, nc);\n        break;\n",
                          e->uses[k].cname, e->uses[k].cname);
        sb_puts(o, "    default:\n        break;\n    }\n");
    }
    sb_puts(o, "    NRN_T(m) = tsave;\n}\n\n");
}

/* FNV-1a (64 bits) of the generated code without its comments: the
 * model's identity for SaveState.  Comments hold file paths (where the
 * model and its .mod files were), which do not change what the code does. */
static unsigned long long code_hash(const char *s, size_t n)
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        if (!in_str && s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            if (!end)
                break;
            i = (size_t)(end - s) + 1;
            continue;
        }
        if (s[i] == '"')
            in_str = !in_str;
        else if (in_str && s[i] == '\\' && i + 1 < n) {
            h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
            i++;
        }
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    }
    return h;
}

/* SaveState: the state without the run's pointers (the simulation it
 * belongs to; the KINETIC solvers, which are remade as needed: their
 * structure depends on the scheme only). */
static void emit_savestate(Emitter *e)
{
    StrBuf *o = &e->out;
    StrBuf ptrs = {0};
    for (int k = 0; e->embed && k < e->nuses; k++)
        for (int b = 0; b < e->uses[k].mech->kinetics.len; b++)
            sb_printf(&ptrs, "    %%s->%s_so%d = NULL;\n", e->uses[k].cname, b);
    /* POINTERs refer into the state: saved as offsets from its start */
    StrBuf save_ptr = {0}, restore_ptr = {0};
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        for (int v = 0; v < u->mech->vars.len; v++) {
            const MechVar *mv = &u->mech->vars.data[v];
            if (!mv->pointer)
                continue;
            const char *f = nmodl_field(e, u, v);
            /* every element: [i], or [i][j] for an array */
            const char *loop = mv->dim ? arena_printf(e->arena, "    for (int i = 0; i < %d; i++)\n"
                                                               "        for (int j = 0; j < %d; j++) {\n", u->n, mv->dim)
                                       : arena_printf(e->arena, "    for (int i = 0; i < %d; i++) {\n", u->n);
            const char *el = mv->dim ? "[i][j]" : "[i]", *pad = mv->dim ? "    " : "", *end = mv->dim ? "        }\n" : "    }\n";
            /* (a POINTER holding a Random may be NULL: offset -1; one
             * holding what a hoc call's C made is not saved) */
            if (mv->random)
                sb_printf(&save_ptr, "%s%s        if (s->%s%s && ((uintptr_t)s->%s%s < (uintptr_t)s ||\n"
                                     "%s            (uintptr_t)s->%s%s >= (uintptr_t)s + sizeof(Model)))\n"
                                     "%s            nrt_abort(s->sim, \"SaveState: POINTER %s of %s holds what its C "
                                     "made (a stream), which is not saved\");\n%s",
                          loop, pad, f, el, f, el, pad, f, el, pad, mv->name, u->mech->name, end);
            sb_printf(&save_ptr, "%s%s        ptrdiff_t off = s->%s%s ? (const char *)s->%s%s - (const char *)s : -1;\n"
                                 "%s        memcpy(&c->%s%s, &off, sizeof off);\n%s",
                      loop, pad, f, el, f, el, pad, f, el, end);
            sb_printf(&restore_ptr, "%s%s        ptrdiff_t off;\n%s        memcpy(&off, &m->%s%s, sizeof off);\n"
                                    "%s        m->%s%s = off < 0 ? NULL : (double *)((char *)m + off);\n%s",
                      loop, pad, pad, f, el, pad, f, el, end);
        }
    }
    sb_puts(o, "static void model_save(const void *state, void *buf)\n{\n"
               "    Model *c = buf;\n"
               "    memcpy(c, state, sizeof(Model));\n"
               "    c->sim = NULL;\n");
    if (!e->embed) /* (the thread's t) */
        sb_puts(o, "    c->t = NRN_T(c);\n");
    if (e->ntl)
        sb_puts(o, "    tl_put(c->tl_); /* this thread's GLOBALs */\n");
    if (save_ptr.len)
        sb_printf(o, "    const Model *s = state;\n%s", sb_str(&save_ptr));
    for (const char *p = sb_str(&ptrs); *p; p++)
        if (p[0] == '%' && p[1] == 's') {
            sb_putc(o, 'c');
            p++;
        } else {
            sb_putc(o, *p);
        }
    sb_puts(o, "}\n\n");
    sb_puts(o, "static void model_restore(void *state, const void *buf, NrtSim *sim)\n{\n"
               "    tables_init();\n"
               "    Model *m = state;\n"
               "    memcpy(m, buf, sizeof(Model));\n"
               "    m->sim = sim;\n");
    if (!e->embed)
        sb_puts(o, "    NRN_T(m) = m->t;\n");
    if (e->ntl)
        sb_puts(o, "    tl_get(m->tl_);\n");
    if (e->m->params.len)
        sb_puts(o, "    params_static(sim, nrt_param_values(sim));\n");
    for (int k = 0; k < e->m->vecs.len; k++) /* (the numbers' address is this process's) */
        sb_printf(o, "    m->vec_[%d].v = vec%d_;\n", k, k);
    sb_puts(o, sb_str(&restore_ptr));
    sb_free(&save_ptr);
    sb_free(&restore_ptr);
    for (const char *p = sb_str(&ptrs); *p; p++)
        if (p[0] == '%' && p[1] == 's') {
            sb_putc(o, 'm');
            p++;
        } else {
            sb_putc(o, *p);
        }
    sb_puts(o, "}\n\n");
    sb_free(&ptrs);
}

/* A shape plot's sampler: the value at every node (plot.c draws the
 * segments' nodes), from where rp_src_K says (a node's v, an instance of
 * the variable's mechanism, or -1: none, NaN), a compact table. */
static void emit_shape_sampler(Emitter *e, const RangePlot *rp, int k, StrBuf *cases)
{
    Model *m = e->m;
    int n = m->nnode;
    int *src = ARENA_NEWN(e->arena, int, n + 1);
    const char *field = "v";
    for (int i = 0; i < n; i++)
        src[i] = rp->mech < 0 && m->node_seg[i] >= 0 && m->node_seg[i] < m->secs.data[m->node_sec[i]].nseg ? i : -1;
    if (rp->mech >= 0) {
        MechUse *u = &e->uses[e->use_of_mech[rp->mech]];
        field = nmodl_field(e, u, rp->mvar);
        for (int j = 0; j < u->n; j++)
            src[u->node[j]] = j;
    }
    sb_printf(&e->out, "/* shape plot %d: %s at every node */\n", k, rp->var);
    int_table(e, arena_printf(e->arena, "rp_src_%d", k), src, n);
    double_array(&e->out, arena_printf(e->arena, "rp_t_%d", k), rp->times, rp->ntimes ? rp->ntimes : 1);
    sb_printf(cases, "    case %d:\n        for (int i = 0; i < NODES; i++)\n"
                     "            out[i] = rp_src_%d[i] >= 0 ? m->%s[rp_src_%d[i]] : NAN;\n        break;\n",
              k, k, field, k);
    e->rp_npoints[k] = n;
}

/* Space plots: each point's distance and where its value is (a node's
 * v, an instance of the variable's mechanism, or -1 for 0), the sample
 * times, and range_sample() filling a plot's values. */
static void emit_rangeplots(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    if (!m->rangeplots.len)
        return;
    StrBuf cases = {0};
    e->rp_npoints = ARENA_NEWN(e->arena, int, m->rangeplots.len);
    for (int k = 0; k < m->rangeplots.len; k++) {
        const RangePlot *rp = &m->rangeplots.data[k];
        if (rp->shape) {
            emit_shape_sampler(e, rp, k, &cases);
            continue;
        }
        PlotPoint *pts;
        int n = spaceplot_points(m, rp, &pts);
        double *x = ARENA_NEWN(e->arena, double, n ? n : 1);
        int *src = ARENA_NEWN(e->arena, int, n ? n : 1);
        const char *field = "v";
        MechUse *u = NULL;
        if (rp->mech >= 0) {
            u = &e->uses[e->use_of_mech[rp->mech]];
            field = nmodl_field(e, u, rp->mvar);
        }
        for (int i = 0; i < n; i++) {
            x[i] = pts[i].x;
            src[i] = pts[i].node;
            if (u && src[i] >= 0) {
                int inst = -1;
                for (int j = 0; j < u->n; j++)
                    if (u->node[j] == pts[i].node)
                        inst = j;
                if (inst < 0)
                    die("space plot point without an instance");
                src[i] = inst;
            }
        }
        free(pts);
        sb_printf(o, "/* space plot %d: %s from %s(", k, rp->var, m->secs.data[rp->sec0].name);
        char b0[40], b1[40];
        fmt_double(b0, sizeof b0, rp->x0);
        fmt_double(b1, sizeof b1, rp->x1);
        sb_printf(o, "%s) to %s(%s), %d points */\n", b0, m->secs.data[rp->sec1].name, b1, n);
        double_array(o, arena_printf(e->arena, "rp_x_%d", k), x, n ? n : 1);
        int_array(o, arena_printf(e->arena, "rp_src_%d", k), src, n ? n : 1);
        double_array(o, arena_printf(e->arena, "rp_t_%d", k), rp->times, rp->ntimes);
        sb_printf(&cases, "    case %d:\n        for (int i = 0; i < %d; i++)\n"
                          "            out[i] = rp_src_%d[i] >= 0 ? m->%s[rp_src_%d[i]] : 0.0;\n        break;\n",
                  k, n, k, field, k);
        e->rp_npoints[k] = n;
    }
    sb_printf(o, "\nstatic void range_sample(const void *state, int k, double *out)\n{\n"
                 "    const Model *m = state;\n    switch (k) {\n%s    default:\n        break;\n    }\n}\n\n",
              sb_str(&cases));
    sb_free(&cases);
    if (e->embed) /* the API reads the tables (emit_embed.c) */
        return;
    sb_printf(o, "static const NrtRangePlot rangeplots[%d] = {\n", m->rangeplots.len);
    for (int k = 0; k < m->rangeplots.len; k++) {
        const RangePlot *rp = &m->rangeplots.data[k];
        sb_printf(o, "    {\"%s\", \"%s\", %d, %s, %d, rp_t_%d, %d, %d, ", rp->file, rp->var, e->rp_npoints[k],
                  rp->shape ? "NULL" : arena_printf(e->arena, "rp_x_%d", k), rp->ntimes, k, k, rp->shape);
        emit_double(o, rp->lo);
        sb_puts(o, ", ");
        emit_double(o, rp->hi);
        sb_puts(o, "},\n");
    }
    sb_puts(o, "};\n\n");
}

static void emit_driver(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    sb_puts(o, "static double model_time(const void *state)\n{\n    return NRN_T((const Model *)state);\n}\n\n");
    sb_puts(o, "/* A node whose v is NaN or beyond 1e6 mV (a segment's, when there is one), or -1. */\n"
               "static int model_unstable(const void *state, double *v)\n{\n"
               "    const Model *m = state;\n"
               "    int any = 0; /* the quick look first: one vector pass */\n");
    if (e->ival) /* (the threads looked at every step of their interval) */
        sb_puts(o, "    if (ival_ > 0) {\n"
                   "        if (ival_badnode_ < 0)\n            return -1;\n"
                   "        *v = ival_badv_;\n        return ival_badnode_;\n    }\n");
    if (e->vchk) { /* (after a one-thread step: its solve looked; once) */
        sb_puts(o, "    if (m->vok_) {\n"
                   "        ((Model *)state)->vok_ = 0;\n"
                   "        return -1;\n"
                   "    }\n");
    }
    if (e->par) /* (after a step on the threads, theirs at the end of par_d) */
        sb_puts(o, "    if (par_scanned_) {\n"
                   "        for (int k = 0; k < npart_; k++)\n"
                   "            any |= part_[k].bad;\n"
                   "        if (!any)\n            return -1;\n"
                   "    }\n");
    sb_puts(o, "    for (int i = 0; i < NODES; i++)\n"
               "        any |= !(fabs(m->v[i]) <= 1e6);\n"
               "    if (!any)\n"
               "        return -1;\n"
               "    int bad = -1;\n"
               "    for (int i = 0; i < NODES; i++)\n"
               "        if (!(fabs(m->v[i]) <= 1e6) && (bad < 0 || (node_cm[i] != 0.0 && node_cm[bad] == 0.0)))\n"
               "            bad = i;\n"
               "    if (bad >= 0)\n"
               "        *v = m->v[bad];\n"
               "    return bad;\n}\n\n");
    sb_puts(o, "/* \"dend[3](0.25)\": the segment a node stands for */\n"
               "static const char *model_node_label(int node)\n{\n"
               "    static char buf[512];\n"
               "    int s = node_sec[node], j = node_seg[node];\n"
               "    if (j < 0)\n"
               "        snprintf(buf, sizeof buf, \"%s(0)\", sec_names[s]);\n"
               "    else if (j == sec_nseg[s])\n"
               "        snprintf(buf, sizeof buf, \"%s(1)\", sec_names[s]);\n"
               "    else\n"
               "        snprintf(buf, sizeof buf, \"%s(%.17g)\", sec_names[s], (j + 0.5) / sec_nseg[s]);\n"
               "    return buf;\n}\n\n");
    sb_printf(o, "static const char *const record_labels[%d] = {", m->records.len + 1);
    for (int i = 0; i < m->records.len; i++) {
        sb_puts(o, "\n    \"");
        for (const char *p = m->records.data[i].label; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_putc(o, '\\');
            sb_putc(o, *p);
        }
        sb_puts(o, "\",");
    }
    sb_puts(o, "\n    0\n};\n\n");
    emit_savestate(e);
    if (m->shape_data && !e->embed) { /* plot shape, --plot-shape (shape.c) */
        shape_add_v(m);
        shape_emit(m, o);
    }
    emit_rangeplots(e);
    emit_cvode(e);
    emit_params_table(e);
    if (has_destructor(e)) {
        sb_puts(o, "/* the DESTRUCTOR blocks, as the executable ends */\nstatic void model_finish(void *state)\n{\n"
                   "    Model *m = state;\n");
        for (int k = 0; k < e->nuses; k++)
            if (e->uses[k].mech->destructor)
                sb_printf(o, "    DT_%s(m);\n", e->uses[k].cname);
        sb_puts(o, "}\n\n");
    }
    unsigned long long hash = code_hash(o->s, o->len);
    sb_puts(o, "static const NrtModel model_desc = {\n    NRT_ABI_VERSION,\n");
    sb_printf(o, "    \"%s\",\n    \"%s\",\n", m->name, m->path);
    sb_printf(o, "    sizeof(Model),\n    %d,\n    record_labels,\n    %d,\n    %d,\n", m->records.len,
              m->record_spikes ? 1 : 0, m->ngid);
    sb_puts(o, "    {");
    emit_double(o, m->run.tstop);
    sb_puts(o, ", ");
    emit_double(o, m->run.dt);
    sb_puts(o, ", ");
    emit_double(o, m->run.v_init);
    sb_puts(o, ", ");
    emit_double(o, m->run.celsius);
    sb_printf(o, ", %d, 1, %s, ", m->run.secondorder, m->run.cvode ? "NRT_CVODE" : "NRT_FIXED");
    emit_double(o, m->run.atol);
    sb_puts(o, ", ");
    emit_double(o, m->run.rtol);
    sb_puts(o, ", ");
    emit_double(o, m->run.record_every);
    sb_printf(o, ", %d},\n", m->run.condition_order);
    sb_puts(o, "    model_init,\n    model_step,\n    model_time,\n    model_unstable,\n    model_node_label,\n"
               "    model_deliver,\n");
    sb_printf(o, "    0x%016llxULL,\n    model_save,\n    model_restore,\n", hash);
    if (m->rangeplots.len)
        sb_printf(o, "    %d,\n    rangeplots,\n    range_sample,\n", m->rangeplots.len);
    else
        sb_puts(o, "    0,\n    NULL,\n    NULL,\n");
    emit_cvode_desc(e, o);
    sb_printf(o, "    %s,\n    %d,\n", m->shape_data && !e->embed ? "&shape_desc" : "NULL", m->plot_traces);
    long ncomp = 0;
    for (int i = 0; i < m->secs.len; i++)
        ncomp += m->secs.data[i].nseg;
    sb_printf(o, "    model_step_prof,\n    %ld,\n", ncomp);
    if (m->params.len)
        sb_puts(o, "    NPARAM,\n    params,\n");
    else
        sb_puts(o, "    0,\n    NULL,\n");
    if (e->thread_reason) { /* (the same reason keeps mpirun to one rank) */
        StrBuf q = {0};
        sb_putc(&q, '"');
        for (const char *p = e->thread_reason; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_putc(&q, '\\');
            sb_putc(&q, *p);
        }
        sb_putc(&q, '"');
        sb_printf(o, "    %s,\n    %s,\n    NULL,\n    NULL,\n    NULL,\n", sb_str(&q), sb_str(&q));
        sb_free(&q);
    } else {
        sb_printf(o, "    NULL,\n    NULL,\n    %s,\n    model_min_delay,\n    model_rec_owner,\n",
                  e->nsrc ? "model_mpi_fire" : "NULL");
    }
    sb_puts(o, has_destructor(e) ? "    model_finish,\n" : "    NULL,\n");
    sb_puts(o, e->par ? "    model_run_interval,\n" : "    NULL,\n");
    sb_puts(o, "};\n\n");
    sb_puts(o, "/* The big tables, filled once from their compact form. */\n"
               "static void tables_init(void)\n{\n"
               "    static int done;\n"
               "    if (done)\n        return;\n"
               "    done = 1;\n");
    sb_puts(o, sb_str(&e->tinit));
    sb_puts(o, "}\n\n");
    sb_puts(o, "#ifndef NRNCC_NO_MAIN\nint main(int argc, char **argv)\n{\n"
               "    return nrt_main(argc, argv, &model_desc);\n}\n#endif\n");
}

/* The whole file; embed (NULL for an executable) makes it the embedded
 * C (emit_embed.c), with its header into h. */
static bool emit_all(Model *m, const EmbedOptions *embed, bool fast, StrBuf *out, StrBuf *h)
{
    Emitter e;
    memset(&e, 0, sizeof e);
    e.fast = fast;
    e.m = m;
    e.arena = m->arena;
    e.diag = m->diag;
    e.embed = embed;
    int before = m->diag->nerrors;
    if (embed)
        embed_add_inputs(&e);
    build_uses(&e);
    for (int k = 0; fast && k < e.nuses; k++)
        if (e.uses[k].mech->kind != MECH_ION)
            nmodl_fast_plan(&e, &e.uses[k]);
    for (int k = 0; k < e.nuses; k++)
        spec_plan(&e, &e.uses[k]);
    /* (not with --fast: there the check in the vector loops cost more than
     * the separate pass it saves) */
    e.vchk = !embed && !fast && spec_v_only_by_solve(&e);
    e.pp_inst = ARENA_NEWN(e.arena, int, m->pps.len + 1);
    for (int k = 0; k < e.nuses; k++)
        for (int x = 0; e.uses[k].pp && x < e.uses[k].n; x++)
            e.pp_inst[e.uses[k].pp[x]] = x;
    build_sources(&e);
    for (int k = 0; k < e.nuses; k++) {
        e.uses[k].watch_base = e.nwatch;
        e.nwatch += e.uses[k].n * e.uses[k].mech->watches.len;
    }
    for (int k = 0; embed && k < e.nuses; k++)
        for (int v = 0; v < e.uses[k].mech->vars.len; v++)
            if (e.uses[k].mech->vars.data[v].random) {
                diag_error(m->diag, e.uses[k].mech->vars.data[v].loc, "nrncc --embed does not provide Random "
                           "objects (yet): '%s' of %s holds one; build an executable",
                           e.uses[k].mech->vars.data[v].name, e.uses[k].mech->name);
                k = e.nuses;
                break;
            }
    for (int k = 0; embed && k < e.nuses && m->diag->nerrors == before; k++)
        if (mech_verbatim_uses(e.uses[k].mech, "hoc_execerror"))
            diag_error(m->diag, (SrcLoc){e.uses[k].mech->mod->src, 1, 1}, "nrncc --embed does not provide hoc_execerror, which %s's "
                       "VERBATIM calls; build an executable", e.uses[k].mech->name);
    if (embed && m->hoccalls.len && m->diag->nerrors == before)
        diag_error(m->diag, m->hoccalls.data[0].loc, "nrncc --embed does not provide calls of mechanisms' "
                   "PROCEDUREs and FUNCTIONs (yet): build an executable");
    if (embed && m->rands.len && m->diag->nerrors == before)
        diag_error(m->diag, m->rands.data[0].loc, "nrncc --embed does not provide Random objects (yet): "
                   "build an executable");
    if (m->diag->nerrors != before || !check_field_names(&e))
        return false;
    StrBuf *o = &e.out;
    if (embed) {
        embed_head(&e);
    } else {
        sb_printf(o, "/* %s.c - generated by nrncc %s from %s; do not edit. */\n", m->name, NRNCC_VERSION, m->path);
        sb_printf(o, "#include <math.h>\n#include <stddef.h>\n%s#include <stdio.h>\n#include <stdlib.h>\n"
                     "#include <string.h>\n\n#include \"nrt.h\"\n\n",
                  fast ? "#include <stdint.h>\n" : "");
    }
    sb_puts(o, "/* a mechanism's FUNCTIONs and PROCEDUREs need not all be called */\n"
               "#if defined(__GNUC__)\n#define NRN_MAYBE_UNUSED __attribute__((unused))\n#else\n"
               "#define NRN_MAYBE_UNUSED\n#endif\n\n");
    sb_puts(o, "/* a loop whose iterations touch different elements (a node group's rank):\n"
               " * vectorised, each element's arithmetic the same operations (where clang\n"
               " * cannot, at -O0 or under sanitizers, it says nothing) */\n"
               "#if defined(__clang__)\n#pragma clang diagnostic ignored \"-Wpass-failed\"\n"
               "#define NRN_IVDEP _Pragma(\"clang loop vectorize(assume_safety)\")\n"
               "#elif defined(__GNUC__)\n#define NRN_IVDEP _Pragma(\"GCC ivdep\")\n#else\n#define NRN_IVDEP\n#endif\n\n");
    if (!embed)
        sb_puts(o, "/* the state's large arrays each start a cache line (the runtime allocates\n"
                   " * the state on one): threads' shares of them then share no line */\n"
                   "#if defined(__GNUC__)\n#define NRN_LINE __attribute__((aligned(64)))\n#else\n#define NRN_LINE\n#endif\n\n");
    /* t: an executable's threads each keep their own (--threads: a thread
     * runs its cells through a whole interval between spike exchanges);
     * Model.t holds it for SaveState and for the workers' start */
    if (embed)
        sb_puts(o, "#define NRN_T(m) ((m)->t)\n\n");
    else
        sb_puts(o, "static __thread double nrn_t_; /* this thread's t (ms) */\n"
                   "#define NRN_T(m) (*((void)(m), &nrn_t_))\n\n");
    if (fast)
        sb_puts(o, "/* nrncc --fast: loops whose instances are independent, for the\n"
                   " * vectoriser (nrncc passes -fopenmp-simd -DNRNCC_OPENMP_SIMD) */\n"
                   "#if defined(NRNCC_OPENMP_SIMD)\n#define NRN_SIMD _Pragma(\"omp simd\")\n#else\n"
                   "#define NRN_SIMD\n#endif\n"
                   "#if defined(__GNUC__)\n#define NRN_INLINE inline __attribute__((always_inline))\n#else\n"
                   "#define NRN_INLINE inline\n#endif\n\n");
    emit_constants(&e);
    emit_network_constants(&e);
    emit_play_constants(&e);
    emit_threads_prepare(&e);
    emit_struct(&e);
    emit_threads_tls(&e);
    emit_fire(&e);
    for (int k = 0; k < e.nuses; k++) {
        size_t at = o->len;
        if (e.uses[k].mech->kind == MECH_ION)
            emit_ion(&e, &e.uses[k]);
        else
            nmodl_emit_kernels(&e, &e.uses[k]);
        e.uses[k].code_len = o->len - at;
    }
    emit_watch(&e);
    emit_plays(&e);
    emit_setup(&e);
    emit_params_code(&e);
    emit_tables_check(&e);
    emit_assemble(&e);
    emit_threads_code(&e);
    emit_mpi_code(&e);
    emit_record(&e);
    if (!embed)
        emit_ival_code(&e);
    emit_finitialize(&e);
    emit_fadvance(&e);
    emit_deliver(&e);
    if (!embed)
        emit_driver(&e);
    else
        emit_rangeplots(&e);
    sb_free(&e.tinit);
    if (m->diag->nerrors != before) {
        sb_free(&e.out);
        return false;
    }
    if (strstr(e.out.s + e.exp_at, "nx_exp(")) {
        StrBuf full = {0};
        sb_putn(&full, e.out.s, e.exp_at);
        sb_puts(&full, e.fast ? NX_EXP_FAST : NX_EXP);
        sb_puts(&full, e.out.s + e.exp_at);
        sb_free(&e.out);
        e.out = full;
    }
    if (e.has_verbatim || e.uses_stdio) {
        /* VERBATIM C may use what POSIX adds to the C library (M_PI,
         * drand48); printf needs stdio.h */
        StrBuf full = {0};
        const char *nl = strchr(e.out.s, '\n');
        size_t head = nl ? (size_t)(nl - e.out.s) + 1 : 0;
        sb_putn(&full, e.out.s, head);
        if (e.has_verbatim)
            sb_puts(&full, "#ifndef _DEFAULT_SOURCE\n#define _DEFAULT_SOURCE 1\n#endif\n");
        if (e.uses_stdio)
            sb_puts(&full, "#include <stdio.h>\n");
        sb_puts(&full, e.out.s + head);
        sb_free(&e.out);
        e.out = full;
    }
    if (e.has_verbatim)
        verbatim_fix_lines(&e.out, arena_printf(m->arena, "%s.c", m->name));
    m->has_verbatim = e.has_verbatim;
    if (embed && !embed_finish(&e, h)) {
        sb_free(&e.out);
        return false;
    }
    *out = e.out;
    return true;
}

bool emit_model(Model *m, StrBuf *out)
{
    return emit_all(m, NULL, false, out, NULL);
}

bool emit_model_fast(Model *m, StrBuf *out)
{
    return emit_all(m, NULL, true, out, NULL);
}

bool emit_model_embed(Model *m, const EmbedOptions *opt, StrBuf *c, StrBuf *h)
{
    return emit_all(m, opt, false, c, h);
}
