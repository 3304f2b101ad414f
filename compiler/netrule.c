/* netrule.c - seeded random connection rules (see netrule.h and nrn(5)). */
#include "netrule.h"

#include <stdlib.h>

#include "model.h"
#include "util.h"

void netrng_init(NetRng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t netrng_next(NetRng *r)
{
    r->state += UINT64_C(0x9E3779B97F4A7C15);
    uint64_t z = r->state;
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

double netrng_uniform(NetRng *r)
{
    return (double)(netrng_next(r) >> 11) * 0x1.0p-53;
}

static void push(NetPairs *p, int s, int t)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->src = xrealloc(p->src, sizeof(int) * (size_t)p->cap);
        p->tgt = xrealloc(p->tgt, sizeof(int) * (size_t)p->cap);
    }
    p->src[p->n] = s;
    p->tgt[p->n] = t;
    p->n++;
}

void netpairs_free(NetPairs *p)
{
    free(p->src);
    free(p->tgt);
    p->src = p->tgt = NULL;
    p->n = p->cap = 0;
}

bool netrule_probability_fn(uint64_t seed, int nsrc, int ntgt, bool same, bool allow_self,
                            bool (*p)(void *ctx, int i, int j, double *prob), void *ctx, NetPairs *out)
{
    NetRng r;
    netrng_init(&r, seed);
    for (int i = 0; i < nsrc; i++)
        for (int j = 0; j < ntgt; j++) {
            if (same && !allow_self && i == j)
                continue; /* no draw */
            double pij;
            if (!p(ctx, i, j, &pij))
                return false;
            if (netrng_uniform(&r) < pij)
                push(out, i, j);
        }
    return true;
}

/* netrule_probability's probability: the same for every pair */
static bool const_probability(void *ctx, int i, int j, double *prob)
{
    (void)i;
    (void)j;
    *prob = *(const double *)ctx;
    return true;
}

void netrule_probability(uint64_t seed, int nsrc, int ntgt, bool same, bool allow_self, double p, NetPairs *out)
{
    netrule_probability_fn(seed, nsrc, ntgt, same, allow_self, const_probability, &p, out);
}

int netrule_candidates(int nsrc, bool same, bool allow_self)
{
    return same && !allow_self && nsrc > 0 ? nsrc - 1 : nsrc;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void netrule_indegree(uint64_t seed, int nsrc, int ntgt, bool same, bool allow_self, int k, NetPairs *out)
{
    NetRng r;
    netrng_init(&r, seed);
    int *cand = xmalloc(sizeof(int) * (size_t)(nsrc > 0 ? nsrc : 1));
    for (int j = 0; j < ntgt; j++) {
        int m = 0;
        for (int i = 0; i < nsrc; i++)
            if (!(same && !allow_self && i == j))
                cand[m++] = i;
        for (int q = 0; q < k && q < m; q++) {
            /* u * (m - q) < m - q for every u < 1 (see nrn(5)); the guard
             * only documents it */
            int pick = q + (int)(netrng_uniform(&r) * (double)(m - q));
            if (pick >= m)
                pick = m - 1;
            int t = cand[q];
            cand[q] = cand[pick];
            cand[pick] = t;
        }
        int kk = k < m ? k : m;
        qsort(cand, (size_t)kk, sizeof(int), cmp_int);
        for (int q = 0; q < kk; q++)
            push(out, cand[q], j);
    }
    free(cand);
}

void netrule_print_netcons(const Model *m, FILE *out)
{
    fputs("source,source_gid,target,delay,weight\n", out);
    for (int k = 0; k < m->netcons.len; k++) {
        const NetCon *nc = &m->netcons.data[k];
        char d[40], w[40];
        fmt_double(d, sizeof d, nc->delay);
        fmt_double(w, sizeof w, nc->w[0]);
        if (nc->src_pp >= 0) {
            const PointProc *pp = &m->pps.data[nc->src_pp];
            fprintf(out, "%s,%d,", pp->name, pp->gid);
        } else {
            const Detector *dt = &m->detectors.data[nc->det];
            char x[40];
            fmt_double(x, sizeof x, dt->x);
            /* the gid of a `spike` declaration at the same place, if any */
            int gid = dt->gid;
            for (int q = 0; gid < 0 && q < m->detectors.len; q++)
                if (m->detectors.data[q].sec == dt->sec && m->detectors.data[q].x == dt->x)
                    gid = m->detectors.data[q].gid;
            fprintf(out, "%s(%s),%d,", m->secs.data[dt->sec].name, x, gid);
        }
        fprintf(out, "%s,%s,%s\n", nc->target >= 0 ? m->pps.data[nc->target].name : "none", d, w);
    }
}
