/* describe.c - `nrncc --describe`: a summary of a model in the form of
 * NEURON's ModelView (its "real cells" tree, artificial cells, NetCons).
 *
 * needs: a checked Model after geometry_build (3-D sections' diam).
 * provides: text on a FILE, one item per line, each level indented by four
 * spaces and an item with sub-items marked "* ", as ModelView's tree
 * prints when copied to text.  Written from what ModelView shows, not
 * from its code; what it does not cover: the subsets of sections with
 * equal parameters, the density-mechanism and global-parameter pages.
 */
#include <math.h>
#include <string.h>

#include "describe.h"
#include "morph.h"

typedef struct Out {
    FILE *f;
} Out;

static void line(Out *o, int level, bool more, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void line(Out *o, int level, bool more, const char *fmt, ...)
{
    for (int i = 0; i < level * 4; i++)
        fputc(' ', o->f);
    if (more)
        fputs("* ", o->f);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(o->f, fmt, ap);
    va_end(ap);
    fputc('\n', o->f);
}

static int tree_root(const Model *m, int s)
{
    while (m->secs.data[s].parent >= 0)
        s = m->secs.data[s].parent;
    return s;
}

/* ---- nseg ---- */

/* stdlib.hoc's lambda_f(100) of section s, or 0 when a 3-D point has
 * diameter 0 (ModelView leaves those sections out of the d_lambda test). */
static double lambda100(const Section *s)
{
    for (int i = 0; i < s->npts; i++)
        if (s->pts[i].d == 0)
            return 0;
    /* lambda_f = L / (the rule's nseg count before rounding) */
    int mid = seg_index(s->nseg, 0.5);
    return morph_lambda_f(s->pts, s->arc, s->npts, s->L, s->diam[mid], s->Ra, s->cm[mid], 100);
}

static int count_distinct_ints(const int *v, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = v[j] == v[i];
        k += !seen;
    }
    return k;
}

/* The nseg analysis of a cell's sections (creation order). */
static void describe_nseg(const Model *m, Out *o, const int *secs, int n, int level)
{
    int *nseg = xmalloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; i++)
        nseg[i] = m->secs.data[secs[i]].nseg;
    line(o, level, true, "%d distinct values of nseg", count_distinct_ints(nseg, n));
    /* the longest segment, and whether one dx explains every nseg */
    int imax = 0;
    for (int i = 1; i < n; i++)
        if (m->secs.data[secs[i]].L / nseg[i] > m->secs.data[secs[imax]].L / nseg[imax])
            imax = i;
    const Section *s = &m->secs.data[secs[imax]];
    double dx = s->L / s->nseg;
    line(o, level + 1, false, "Longest dx is %g at %s with nseg=%d", dx, s->name, s->nseg);
    dx = (int)(dx / 10 + .999) * 10;
    bool plain = true, odd = true;
    for (int i = 0; i < n; i++) {
        double L = m->secs.data[secs[i]].L;
        plain = plain && floor(L / dx) + 1 == nseg[i];
        odd = odd && floor(L / (2 * dx) + .45) * 2 + 1 == nseg[i];
    }
    if (plain)
        line(o, level + 1, false, "all nseg consistent under assumption of dx=%g and nseg=L/dx+1", dx);
    else if (odd)
        line(o, level + 1, false, "nseg consistent under assumption of dx=%g and nseg=2*int(L/dx/2)+1", dx);
    else
        line(o, level + 1, false, "nseg not consistent under constant dx=%g assumption", dx);
    /* the largest segment in length constants, and whether one d_lambda explains every nseg */
    double *lam = xmalloc(sizeof(double) * (size_t)n);
    int nzero = 0;
    for (int i = 0; i < n; i++) {
        const Section *si = &m->secs.data[secs[i]];
        double lf = lambda100(si);
        if (lf > 0) {
            lam[i] = si->L / lf;
        } else {
            lam[i] = 1e6;
            if (++nzero == 1)
                line(o, level + 1, false, "%s has 1 or more 0 diameter 3-d points", si->name);
        }
    }
    if (nzero > 1)
        line(o, level + 1, false, "...there exist %d sections with 0 diameter points", nzero);
    imax = 0;
    for (int i = 1; i < n; i++)
        if (lam[i] / nseg[i] > lam[imax] / nseg[imax])
            imax = i;
    double dlam = lam[imax] / nseg[imax];
    line(o, level + 1, false, "Greatest dlambda is %g at %s with nseg=%d", dlam, m->secs.data[secs[imax]].name,
         nseg[imax]);
    if (dlam > .01) {
        double unit = dlam > .1 ? .1 : .01;
        dlam = (int)(dlam / unit + .45) * unit;
        bool ok = true;
        for (int i = 0; i < n; i++)
            ok = ok && floor(lam[i] / (2 * dlam) + .45) * 2 + 1 == nseg[i];
        if (ok)
            line(o, level + 1, false, "nseg consistent under assumption of dlambda=%g", dlam);
        else
            line(o, level + 1, false, "nseg not consistent under constant dlambda=%g assumption", dlam);
    }
    free(lam);
    free(nseg);
}

/* ---- parameters ---- */

/* The values of one parameter in one section: a pointer to nvals values
 * (one per segment, or one for the section). */
typedef struct ParamAt {
    const double *vals;
    int nvals;
} ParamAt;

static bool uniform(const ParamAt *p)
{
    for (int j = 1; j < p->nvals; j++)
        if (p->vals[j] != p->vals[0])
            return false;
    return true;
}

/* One parameter over the sections that have it: "name = v" when it has
 * one value everywhere, otherwise "* N name" with one line per group of
 * sections of one value ("8 cm = 1", most sections first; "soma.cm = 1"
 * for a value of one section only) and one per
 * section whose value varies along it ("apic[3].cm = 1 2 3", or "apic[2].cm
 * = 9 distinct values" from five segments on). */
static void describe_param(const Model *m, Out *o, const char *name, const int *secs, const ParamAt *at, int n,
                           int level)
{
    if (n == 0)
        return;
    /* groups of uniform sections by value, in order of first appearance */
    double *gval = xmalloc(sizeof(double) * (size_t)n);
    int *gcount = xmalloc(sizeof(int) * (size_t)n), *gsec = xmalloc(sizeof(int) * (size_t)n);
    int ngroup = 0, nvary = 0;
    for (int i = 0; i < n; i++) {
        if (!uniform(&at[i])) {
            nvary++;
            continue;
        }
        int g = 0;
        while (g < ngroup && gval[g] != at[i].vals[0])
            g++;
        if (g == ngroup) {
            gval[g] = at[i].vals[0];
            gcount[g] = 0;
            gsec[g] = secs[i];
            ngroup++;
        }
        gcount[g]++;
    }
    if (ngroup == 1 && nvary == 0) {
        line(o, level, false, "%s = %g", name, gval[0]);
    } else {
        line(o, level, true, "%d %s", ngroup + nvary, name);
        bool *done = xmalloc(sizeof(bool) * (size_t)(ngroup ? ngroup : 1));
        memset(done, 0, sizeof(bool) * (size_t)(ngroup ? ngroup : 1));
        for (int k = 0; k < ngroup; k++) { /* most sections first (stable) */
            int best = -1;
            for (int g = 0; g < ngroup; g++)
                if (!done[g] && (best < 0 || gcount[g] > gcount[best]))
                    best = g;
            done[best] = true;
            if (gcount[best] == 1) /* a value of one section: named by it */
                line(o, level + 1, false, "%s.%s = %g", m->secs.data[gsec[best]].name, name, gval[best]);
            else
                line(o, level + 1, false, "%d %s = %g", gcount[best], name, gval[best]);
        }
        free(done);
        for (int i = 0; i < n; i++) {
            if (uniform(&at[i]))
                continue;
            const char *sec = m->secs.data[secs[i]].name;
            if (at[i].nvals >= 5) {
                line(o, level + 1, false, "%s.%s = %d distinct values", sec, name, at[i].nvals);
                continue;
            }
            for (int l = 0; l < level + 1; l++)
                fputs("    ", o->f);
            fprintf(o->f, "%s.%s =", sec, name);
            for (int j = 0; j < at[i].nvals; j++)
                fprintf(o->f, " %g", at[i].vals[j]);
            fputc('\n', o->f);
        }
    }
    free(gval);
    free(gcount);
    free(gsec);
}

/* NEURON's mechanism order, for the list of inserted mechanisms: pas and
 * extracellular, the ions (in order of first use), the other built-ins,
 * then the others by .mod file name. */
static void mech_key(const Model *m, int k, int *cls, int *sub)
{
    const Mech *me = m->mechs.data[k];
    int b = mech_builtin_order(me->name);
    if (me->kind == MECH_ION)
        *cls = 1, *sub = k;
    else if (b >= 0 && b <= 2)
        *cls = 0, *sub = b;
    else if (b >= 0)
        *cls = 2, *sub = b;
    else
        *cls = 3, *sub = 0;
}

static const char *mod_base(const Mech *me)
{
    const char *p = me->path && *me->path ? me->path : me->name;
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool mech_before(const Model *m, int a, int b)
{
    int ca, sa, cb, sb;
    mech_key(m, a, &ca, &sa);
    mech_key(m, b, &cb, &sb);
    if (ca != cb)
        return ca < cb;
    if (sa != sb)
        return sa < sb;
    return strcmp(mod_base(m->mechs.data[a]), mod_base(m->mechs.data[b])) < 0;
}

static bool sec_has(const Section *s, int mech)
{
    for (int i = 0; i < s->mechs.len; i++)
        if (s->mechs.data[i] == mech)
            return true;
    return false;
}

/* The ion variables ModelView lists as parameters: the reversal potential
 * when the mechanisms only read it (and no concentration), the
 * concentrations when they are read and never written. */
static bool ion_param_shown(const Model *m, const Mech *ion, const MechVar *v)
{
    int conc = 0, rev = 0;
    for (int k = 0; k < m->mechs.len; k++) {
        const Mech *me = m->mechs.data[k];
        for (int i = 0; me->kind != MECH_ION && i < me->ions.len; i++)
            if (!strcmp(me->ions.data[i].name, ion->ion_name)) {
                if (me->ions.data[i].conc_style > conc)
                    conc = me->ions.data[i].conc_style;
                if (me->ions.data[i].rev_style > rev)
                    rev = me->ions.data[i].rev_style;
            }
    }
    if (v->kind != VAR_PARAM || !v->range)
        return false;
    if (v->name[0] == 'e')
        return rev == 1 && conc == 0;
    return conc == 1;
}

static void describe_mechs(const Model *m, Out *o, const int *secs, int n, int level)
{
    /* the mechanisms inserted in this cell, in NEURON's order */
    int *used = xmalloc(sizeof(int) * (size_t)(m->mechs.len ? m->mechs.len : 1));
    int nused = 0;
    for (int k = 0; k < m->mechs.len; k++) {
        bool in = false;
        for (int i = 0; i < n && !in; i++)
            in = sec_has(&m->secs.data[secs[i]], k);
        if (in && m->mechs.data[k]->kind != MECH_POINT && m->mechs.data[k]->kind != MECH_ARTIFICIAL)
            used[nused++] = k;
    }
    for (int i = 1; i < nused; i++)
        for (int j = i; j > 0 && mech_before(m, used[j], used[j - 1]); j--) {
            int t = used[j];
            used[j] = used[j - 1];
            used[j - 1] = t;
        }
    line(o, level, true, "%d inserted mechanisms", nused + 2); /* with Ra and capacitance */
    ParamAt *at = xmalloc(sizeof(ParamAt) * (size_t)n);
    int *with = xmalloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; i++) {
        at[i].vals = &m->secs.data[secs[i]].Ra;
        at[i].nvals = 1;
    }
    describe_param(m, o, "Ra", secs, at, n, level + 1);
    for (int i = 0; i < n; i++) {
        at[i].vals = m->secs.data[secs[i]].cm;
        at[i].nvals = m->secs.data[secs[i]].nseg;
    }
    bool cm_uniform = true;
    for (int i = 0; i < n; i++)
        cm_uniform = cm_uniform && uniform(&at[i]) && at[i].vals[0] == at[0].vals[0];
    if (!cm_uniform)
        line(o, level + 1, true, "capacitance");
    describe_param(m, o, "cm", secs, at, n, level + 1 + !cm_uniform);
    for (int u = 0; u < nused; u++) {
        int k = used[u];
        const Mech *me = m->mechs.data[k];
        int nw = 0;
        for (int i = 0; i < n; i++)
            if (sec_has(&m->secs.data[secs[i]], k))
                with[nw++] = secs[i];
        int plevel = level + 1;
        if (me->kind != MECH_ION) {
            line(o, level + 1, true, "%s", me->name);
            plevel++;
        }
        for (int v = 0; v < me->vars.len; v++) {
            const MechVar *mv = &me->vars.data[v];
            if (me->kind == MECH_ION ? !ion_param_shown(m, me, mv)
                                     : mv->kind != VAR_PARAM || !mv->range || !mv->visible || mv->dim)
                continue;
            int na = 0;
            for (int i = 0; i < nw; i++) {
                Section *s = &m->secs.data[with[i]];
                double *vals = model_range(s, k, v);
                if (!vals)
                    continue;
                at[na].vals = vals;
                at[na].nvals = s->nseg;
                with[na] = with[i];
                na++;
            }
            const char *full = me->kind == MECH_ION ? mv->name
                                                    : arena_printf(m->arena, "%s_%s", mv->name, me->name);
            describe_param(m, o, full, with, at, na, plevel);
            nw = na;
        }
    }
    free(at);
    free(with);
    free(used);
}

/* nrncc's own parameters of its NetStim (its Random123 streams), which
 * NEURON's lacks: ModelView has no line for them. */
static bool nrncc_extension(const Mech *me, const MechVar *mv)
{
    return !strcmp(me->name, "NetStim") && (!strcmp(mv->name, "rng") || !strncmp(mv->name, "rng_id", 6));
}

/* The PARAMETERs of point processes or artificial cells of one type,
 * "name = v" when all instances agree, else the number of values (nrncc's
 * own parameters only when set). */
static void describe_pp_params(const Model *m, Out *o, int mech, const int *pps, int n, int level)
{
    const Mech *me = m->mechs.data[mech];
    for (int v = 0; v < me->vars.len; v++) {
        const MechVar *mv = &me->vars.data[v];
        if (mv->kind != VAR_PARAM || !mv->range || !mv->visible || mv->dim)
            continue;
        bool set = false;
        for (int i = 0; i < n; i++)
            set = set || m->pps.data[pps[i]].val[v][0] != (mv->has_value ? mv->value : 0);
        if (!set && nrncc_extension(me, mv))
            continue;
        double first = m->pps.data[pps[0]].val[v][0];
        int ndistinct = 1;
        for (int i = 1; i < n; i++) {
            bool seen = false;
            for (int j = 0; j < i && !seen; j++)
                seen = m->pps.data[pps[j]].val[v][0] == m->pps.data[pps[i]].val[v][0];
            ndistinct += !seen;
        }
        if (ndistinct == 1)
            line(o, level, false, "%s = %g", mv->name, first);
        else
            line(o, level, false, "%s: %d distinct values", mv->name, ndistinct);
    }
}

/* Point processes (cell >= 0: those placed in that cell's sections) or
 * artificial cells (cell < 0), grouped by type in order of first
 * declaration.  Returns the number of types. */
static int describe_pps(const Model *m, Out *o, int cell, int level, bool header)
{
    int n = m->pps.len;
    int *mine = xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int nm = 0;
    for (int i = 0; i < n; i++) {
        const PointProc *pp = &m->pps.data[i];
        if (cell >= 0 ? pp->sec >= 0 && tree_root(m, pp->sec) == cell : pp->sec < 0)
            mine[nm++] = i;
    }
    int *types = xmalloc(sizeof(int) * (size_t)(nm ? nm : 1));
    int ntypes = 0;
    for (int i = 0; i < nm; i++) {
        int mech = m->pps.data[mine[i]].mech, t = 0;
        while (t < ntypes && types[t] != mech)
            t++;
        if (t == ntypes)
            types[ntypes++] = mech;
    }
    if (header && ntypes > 1) {
        line(o, level, true, "%d Point Processes", nm);
        level++;
    }
    int *of = xmalloc(sizeof(int) * (size_t)(nm ? nm : 1));
    for (int t = 0; t < ntypes; t++) {
        int k = 0;
        for (int i = 0; i < nm; i++)
            if (m->pps.data[mine[i]].mech == types[t])
                of[k++] = mine[i];
        line(o, level, true, "%d %s", k, m->mechs.data[types[t]]->name);
        describe_pp_params(m, o, types[t], of, k, level + 1);
    }
    free(of);
    free(types);
    free(mine);
    return ntypes;
}

void describe_model(const Model *m, FILE *f)
{
    Out o = {f};
    int nsec = m->secs.len, nseg = 0;
    for (int i = 0; i < nsec; i++)
        nseg += m->secs.data[i].nseg;
    line(&o, 0, false, "%d sections; %d segments", nsec, nseg);
    line(&o, 0, false, "%s", "");
    int ncell = 0;
    for (int i = 0; i < nsec; i++)
        ncell += m->secs.data[i].parent < 0;
    line(&o, 0, ncell > 0, "%d real cells", ncell);
    int *secs = xmalloc(sizeof(int) * (size_t)(nsec ? nsec : 1));
    for (int r = 0; r < nsec; r++) {
        if (m->secs.data[r].parent >= 0)
            continue;
        int n = 0, segs = 0;
        for (int i = 0; i < nsec; i++)
            if (tree_root(m, i) == r) {
                secs[n++] = i;
                segs += m->secs.data[i].nseg;
            }
        line(&o, 1, true, "root %s", m->secs.data[r].name);
        line(&o, 2, false, "%d sections; %d segments", n, segs);
        describe_nseg(m, &o, secs, n, 2);
        describe_mechs(m, &o, secs, n, 2);
        describe_pps(m, &o, r, 2, true);
    }
    free(secs);
    /* artificial cells */
    int nart = 0;
    for (int i = 0; i < m->pps.len; i++)
        nart += m->pps.data[i].sec < 0;
    if (nart == 0) {
        line(&o, 0, false, "0 artificial cells");
    } else {
        int ntypes = 0;
        for (int i = 0; i < m->pps.len; i++) {
            bool first = m->pps.data[i].sec < 0;
            for (int j = 0; j < i && first; j++)
                first = !(m->pps.data[j].sec < 0 && m->pps.data[j].mech == m->pps.data[i].mech);
            ntypes += first;
        }
        line(&o, 0, true, "%d artificial cells of %d base classes", nart, ntypes);
        describe_pps(m, &o, -1, 1, false);
    }
    /* NetCons: netcon statements, and spike sources (NEURON's NetCons without target) */
    int nnc = m->netcons.len;
    for (int i = 0; i < m->detectors.len; i++)
        nnc += m->detectors.data[i].gid >= 0;
    line(&o, 0, nnc > 0, "%d NetCon objects", nnc);
    if (m->netcons.len > 0) {
        const NetCon *c0 = &m->netcons.data[0];
        bool w = true, d = true;
        for (int i = 1; i < m->netcons.len; i++) {
            w = w && m->netcons.data[i].w[0] == c0->w[0];
            d = d && m->netcons.data[i].delay == c0->delay;
        }
        if (w)
            line(&o, 1, false, "weight = %g", c0->w[0]);
        if (d)
            line(&o, 1, false, "delay = %g", c0->delay);
        double th = 10;
        bool t = true, any = false;
        for (int i = 0; i < m->netcons.len; i++) {
            int det = m->netcons.data[i].det;
            if (det < 0)
                continue;
            if (!any)
                th = m->detectors.data[det].threshold;
            t = t && m->detectors.data[det].threshold == th;
            any = true;
        }
        if (t)
            line(&o, 1, false, "threshold = %g", th);
    }
    line(&o, 0, false, "0 LinearMechanism objects");
}
