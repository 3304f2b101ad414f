/* test_netrule.c - unit test of compiler/netrule.c: the generator is the
 * published SplitMix64, and the rules give what nrn(5) promises: a count
 * of connections within a few standard deviations of n*p, exactly k
 * distinct sources per target, no self-connections unless allowed, the
 * same pairs for a seed and others for another.  And compiler/vecstim.c's
 * schedule: NEURON's VecStim times (t + etime - t) and the values that
 * give them through t + (x - t).
 *
 * Prints one line per failed check, then "netrule: N passed, N failed";
 * exits 0 only when nothing failed.
 */
#include "netrule.h"
#include "vecstim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct Tally {
    int passed, failed;
} Tally;

static void check(Tally *t, bool ok, int line, const char *what)
{
    if (ok) {
        t->passed++;
    } else {
        t->failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
}
#define CHECK(t, cond) check((t), (cond), __LINE__, #cond)

static void test_generator(Tally *t)
{
    /* SplitMix64's reference outputs for seed 1234567 (Vigna's splitmix64.c) */
    static const uint64_t want[5] = {UINT64_C(6457827717110365317), UINT64_C(3203168211198807973),
                                     UINT64_C(9817491932198370423), UINT64_C(4593380528125082431),
                                     UINT64_C(16408922859458223821)};
    NetRng r;
    netrng_init(&r, 1234567);
    for (int i = 0; i < 5; i++)
        CHECK(t, netrng_next(&r) == want[i]);
    /* uniform: the top 53 bits over 2^53 */
    netrng_init(&r, 1234567);
    CHECK(t, netrng_uniform(&r) == (double)(want[0] >> 11) / 9007199254740992.0);
    /* mean and variance of a million draws (1/2 and 1/12) */
    netrng_init(&r, 42);
    double s = 0, ss = 0;
    int n = 1000000;
    bool in01 = true;
    for (int i = 0; i < n; i++) {
        double u = netrng_uniform(&r);
        in01 = in01 && u >= 0 && u < 1;
        s += u;
        ss += u * u;
    }
    CHECK(t, in01);
    double mean = s / n, var = ss / n - mean * mean;
    CHECK(t, fabs(mean - 0.5) < 5 * sqrt(1.0 / 12 / n));
    CHECK(t, fabs(var - 1.0 / 12) < 0.001);
}

static bool same_pairs(const NetPairs *a, const NetPairs *b)
{
    return a->n == b->n && !memcmp(a->src, b->src, sizeof(int) * (size_t)a->n) &&
           !memcmp(a->tgt, b->tgt, sizeof(int) * (size_t)a->n);
}

static void test_probability(Tally *t)
{
    /* 800 x 1000 pairs at p = 0.1: 80000 expected, sd sqrt(n p (1-p)) = 268 */
    NetPairs a = {0}, b = {0}, c = {0};
    netrule_probability(7, 800, 1000, false, false, 0.1, &a);
    double n = 800.0 * 1000.0, sd = sqrt(n * 0.1 * 0.9);
    CHECK(t, fabs(a.n - n * 0.1) < 4 * sd);
    bool ordered = true;
    for (int k = 1; k < a.n; k++)
        ordered = ordered && (a.src[k] > a.src[k - 1] || (a.src[k] == a.src[k - 1] && a.tgt[k] > a.tgt[k - 1]));
    CHECK(t, ordered); /* source-major, each pair once */
    /* in-degrees: binomial(800, 0.1), mean 80 */
    int deg[1000] = {0};
    for (int k = 0; k < a.n; k++)
        deg[a.tgt[k]]++;
    double s = 0, ss = 0;
    for (int j = 0; j < 1000; j++) {
        s += deg[j];
        ss += (double)deg[j] * deg[j];
    }
    double var = ss / 1000 - (s / 1000) * (s / 1000);
    CHECK(t, fabs(var - 72) < 12); /* 800 * 0.1 * 0.9, sd of the estimate about 3.3 */
    /* determinism */
    netrule_probability(7, 800, 1000, false, false, 0.1, &b);
    CHECK(t, same_pairs(&a, &b));
    netrule_probability(8, 800, 1000, false, false, 0.1, &c);
    CHECK(t, !same_pairs(&a, &c));
    netpairs_free(&a);
    netpairs_free(&b);
    netpairs_free(&c);
    /* one population: no i -> i unless allowed; p = 1 connects all, p = 0 none */
    netrule_probability(1, 50, 50, true, false, 1.0, &a);
    CHECK(t, a.n == 50 * 49);
    bool self = false;
    for (int k = 0; k < a.n; k++)
        self = self || a.src[k] == a.tgt[k];
    CHECK(t, !self);
    netpairs_free(&a);
    netrule_probability(1, 50, 50, true, true, 1.0, &a);
    CHECK(t, a.n == 50 * 50);
    netpairs_free(&a);
    netrule_probability(1, 50, 50, true, true, 0.0, &a);
    CHECK(t, a.n == 0);
    netpairs_free(&a);
    /* the draws are those nrn(5) describes: pair (i, j) is connected when
     * the (i*ntgt + j)-th uniform is < p (two populations) */
    netrule_probability(99, 3, 4, false, false, 0.5, &a);
    NetRng r;
    netrng_init(&r, 99);
    int k = 0;
    bool as_doc = true;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            if (netrng_uniform(&r) < 0.5)
                as_doc = as_doc && k < a.n && a.src[k] == i && a.tgt[k++] == j;
    CHECK(t, as_doc && k == a.n);
    netpairs_free(&a);
}

static void test_indegree(Tally *t)
{
    NetPairs a = {0}, b = {0}, c = {0};
    netrule_indegree(11, 300, 200, true, false, 20, &a);
    CHECK(t, a.n == 200 * 20);
    bool exact = true, distinct = true, noself = true;
    int hits[300] = {0};
    for (int j = 0; j < 200; j++) {
        const int *s = a.src + 20 * j;
        for (int q = 0; q < 20; q++) {
            exact = exact && a.tgt[20 * j + q] == j;
            distinct = distinct && (q == 0 || s[q] > s[q - 1]);
            noself = noself && s[q] != j;
            hits[s[q]]++;
        }
    }
    CHECK(t, exact);    /* target-major, k each */
    CHECK(t, distinct); /* ascending: distinct */
    CHECK(t, noself);
    /* out-degrees: about 200*20/299 = 13.4 each, none far off */
    int lo = 1000, hi = 0;
    for (int i = 0; i < 300; i++) {
        lo = hits[i] < lo ? hits[i] : lo;
        hi = hits[i] > hi ? hits[i] : hi;
    }
    CHECK(t, lo >= 1 && hi <= 32);
    netrule_indegree(11, 300, 200, true, false, 20, &b);
    CHECK(t, same_pairs(&a, &b));
    netrule_indegree(12, 300, 200, true, false, 20, &c);
    CHECK(t, !same_pairs(&a, &c));
    netpairs_free(&a);
    netpairs_free(&b);
    netpairs_free(&c);
    /* every candidate: k = all 9 others; with self allowed, all 10 */
    netrule_indegree(5, 10, 10, true, false, 9, &a);
    CHECK(t, a.n == 90 && netrule_candidates(10, true, false) == 9);
    netpairs_free(&a);
    netrule_indegree(5, 10, 10, true, true, 10, &a);
    CHECK(t, a.n == 100 && netrule_candidates(10, true, true) == 10);
    netpairs_free(&a);
    /* the first target's draw is the partial Fisher-Yates nrn(5) describes */
    netrule_indegree(3, 6, 1, false, false, 2, &a);
    NetRng r;
    netrng_init(&r, 3);
    int cand[6] = {0, 1, 2, 3, 4, 5};
    for (int q = 0; q < 2; q++) {
        int p = q + (int)(netrng_uniform(&r) * (6 - q));
        int x = cand[q];
        cand[q] = cand[p];
        cand[p] = x;
    }
    int s0 = cand[0] < cand[1] ? cand[0] : cand[1], s1 = cand[0] < cand[1] ? cand[1] : cand[0];
    CHECK(t, a.n == 2 && a.src[0] == s0 && a.src[1] == s1);
    netpairs_free(&a);
}

/* netrule_probability_fn's callback: a constant, or i - j's sign; it
 * counts the pairs it is asked for and stops at pair `stop_at`. */
typedef struct ProbCtx {
    double p;
    int asked, stop_at;
    bool by_sign;
} ProbCtx;

static bool prob_of(void *ctx, int i, int j, double *prob)
{
    ProbCtx *c = ctx;
    if (c->asked++ == c->stop_at)
        return false;
    *prob = c->by_sign ? (i < j ? 1.0 : 0.0) : c->p;
    return true;
}

static void test_probability_fn(Tally *t)
{
    /* a constant probability: the same pairs as netrule_probability */
    NetPairs a = {0}, b = {0};
    ProbCtx c = {0.3, 0, -1, false};
    netrule_probability(17, 40, 30, false, false, 0.3, &a);
    CHECK(t, netrule_probability_fn(17, 40, 30, false, false, prob_of, &c, &b));
    CHECK(t, same_pairs(&a, &b) && c.asked == 40 * 30);
    netpairs_free(&a);
    netpairs_free(&b);
    /* one population without self: i == j is never asked */
    ProbCtx one = {0.5, 0, -1, false};
    netrule_probability(4, 20, 20, true, false, 0.5, &a);
    CHECK(t, netrule_probability_fn(4, 20, 20, true, false, prob_of, &one, &b));
    CHECK(t, same_pairs(&a, &b) && one.asked == 20 * 19);
    netpairs_free(&a);
    netpairs_free(&b);
    /* per-pair values: probability 1 exactly for i < j, 0 otherwise */
    ProbCtx sg = {0, 0, -1, true};
    CHECK(t, netrule_probability_fn(9, 12, 12, true, false, prob_of, &sg, &a));
    bool upper = a.n == 12 * 11 / 2;
    for (int k = 0; k < a.n; k++)
        upper = upper && a.src[k] < a.tgt[k];
    CHECK(t, upper);
    netpairs_free(&a);
    /* the callback stops it: false, no further pair asked */
    ProbCtx st = {0.5, 0, 7, false};
    CHECK(t, !netrule_probability_fn(9, 5, 5, false, false, prob_of, &st, &a) && st.asked == 8);
    netpairs_free(&a);
}

static void test_vecstim(Tally *t)
{
    /* NEURON 8.2.2's VecStim spikes for these times (tests/ref/vecstim) */
    double e[7] = {0.1, 1.1, 2.3, 3.7, 3.7, 10.01, 12.345678901234}, d[7], x[7];
    int bad = -1;
    CHECK(t, vecstim_schedule(e, 7, d, x, &bad));
    CHECK(t, d[0] == 0.1 && d[3] == 3.7 && d[4] == 3.7);
    CHECK(t, d[5] == 10.010000000000002 && d[6] == 12.345678901233999);
    bool through = true;
    for (int k = 1; k < 7; k++)
        through = through && d[k - 1] + (x[k] - d[k - 1]) == d[k];
    CHECK(t, through);
    /* random trains: a value x is always found, and near the time */
    NetRng r;
    netrng_init(&r, 2026);
    enum { N = 20000 };
    static double te[N], td[N], tx[N];
    bool all = true, near = true;
    for (int rep = 0; rep < 20; rep++) {
        double now = 0, scale = rep < 10 ? 1.0 : 1000.0;
        for (int k = 0; k < N; k++) {
            now += netrng_uniform(&r) * scale * (rep % 2 ? 0.01 : 1.0);
            te[k] = now;
        }
        all = all && vecstim_schedule(te, N, td, tx, &bad);
        for (int k = 0; k < N; k++)
            near = near && fabs(tx[k] - td[k]) <= 1e-12 * td[k] + 1e-300;
    }
    CHECK(t, all);
    CHECK(t, near);
}

int main(void)
{
    Tally t = {0, 0};
    test_generator(&t);
    test_probability(&t);
    test_indegree(&t);
    test_probability_fn(&t);
    test_vecstim(&t);
    printf("netrule: %d passed, %d failed\n", t.passed, t.failed);
    return t.failed ? 1 : 0;
}
