/* random.c - the mechanisms' random numbers, as NEURON 8.2.2 draws them
 * for a mod file's scop_random(), exprand(), normrand() and set_seed()
 * (its default generator; hoc's use_mcell_ran4() left off).
 *
 * The generator is a 32-bit linear congruential one: each draw replaces
 * the state x by 2147437301 x + 453816981 (mod 2^32) and returns the new
 * x divided by 2^32 - 1, so a value in [0, 1], both ends included.  The
 * state starts at 1 (NEURON's, in a fresh process) and set_seed(s) makes
 * it s truncated to 32 bits.  exprand(mean) is -mean ln u of one draw;
 * normrand(mean, sd) is the polar method: pairs (2u - 1, 2w - 1) are
 * drawn until their squared length s is below 1, and the first of the
 * pair times sqrt(-2 ln s / s) is the deviate (the second is not kept).
 * One stream per simulation, in NrtSim; nrncc restarts it from the run's
 * seed= at each finitialize (NEURON carries it on from run to run). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nrt.h"
#include "simstate.h"

void nrt_random_seed(NrtRandom *r, double seed)
{
    /* NEURON converts the double to a 32-bit unsigned; going through a
     * 64-bit integer gives the same bits for every whole seed in range
     * and keeps the conversion defined for negative ones */
    r->value = (uint32_t)(int64_t)seed;
}

void nrt_seed(NrtSim *sim, double seed)
{
    nrt_random_seed(&sim->random, seed);
}

/* the thread drawing (1 + its number in the interval mode's threads) */
static __thread int rand_thread;

void nrt_random_thread(int k)
{
    rand_thread = k + 1;
}

double nrt_unirand(NrtSim *sim)
{
    if (sim->ival_watch) { /* --threads' interval mode: draws on two threads start the run again */
        while (__atomic_test_and_set(&sim->rand_busy, __ATOMIC_ACQUIRE))
            ;
        if (!sim->ival_drawer)
            sim->ival_drawer = rand_thread;
        else if (sim->ival_drawer != rand_thread)
            sim->ival_drew = 1; /* not in the one-thread run's order */
        uint32_t x = sim->random.value * 2147437301u + 453816981u;
        sim->random.value = x;
        __atomic_clear(&sim->rand_busy, __ATOMIC_RELEASE);
        return (double)x / 4294967295.0;
    }
    uint32_t x = sim->random.value * 2147437301u + 453816981u;
    sim->random.value = x;
    return (double)x / 4294967295.0;
}

double nrt_exprand(NrtSim *sim, double mean)
{
    return -mean * log(nrt_unirand(sim));
}

double nrt_normrand(NrtSim *sim, double mean, double sd)
{
    double s = 1.0, v1 = 0.0;
    while (s >= 1.0) {
        v1 = 2.0 * nrt_unirand(sim) - 1.0;
        double v2 = 2.0 * nrt_unirand(sim) - 1.0;
        s = v1 * v1 + v2 * v2;
    }
    double dev = v1 * sqrt(-2.0 * log(s) / s);
    return dev * sd + mean;
}

/* ---- Random123: NEURON's nrnran123 streams ----------------------------
 *
 * Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers:
 * as easy as 1, 2, 3", SC11): a 128-bit counter and a 64-bit key give 128
 * random bits through ten rounds; each round multiplies counter words 0
 * and 2 by fixed constants, keeping both halves of the 64-bit products,
 * and mixes the high halves with the other words and the key; the key
 * grows by two other constants between rounds.
 *
 * NEURON's layout: the counter holds (sequence, id3, id1, id2) in its
 * words 0..3, the key (global index, 0) with a global index of 0 unless
 * Random123_globalindex changed it.  A stream hands out the four words of
 * one block in turn ("which" 0..3), then counts the sequence up.  A word u
 * becomes the double (u + 1) / (2^32 + 1), in (0, 1); the exponential
 * deviate is -ln of one such double, the normal one the polar method on
 * pairs of them (the first of an accepted pair, the second dropped). */

static void philox_round(uint32_t c[4], const uint32_t k[2])
{
    uint64_t p0 = (uint64_t)0xD2511F53u * c[0];
    uint64_t p1 = (uint64_t)0xCD9E8D57u * c[2];
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    uint32_t n0 = hi1 ^ c[1] ^ k[0], n2 = hi0 ^ c[3] ^ k[1];
    c[0] = n0;
    c[1] = lo1;
    c[2] = n2;
    c[3] = lo0;
}

void nrt_philox4x32(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t c[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
    uint32_t k[2] = {key[0], key[1]};
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k[0] += 0x9E3779B9u;
            k[1] += 0xBB67AE85u;
        }
        philox_round(c, k);
    }
    for (int j = 0; j < 4; j++)
        out[j] = c[j];
}

static uint32_t ran123_globalindex;

static void ran123_block(NrtRan123 *s)
{
    uint32_t key[2] = {ran123_globalindex, 0};
    nrt_philox4x32(s->ctr, key, s->block);
}

NrtRan123 *nrt_ran123_new3(uint32_t id1, uint32_t id2, uint32_t id3)
{
    NrtRan123Node *n = calloc(1, sizeof *n);
    if (!n) {
        fprintf(stderr, "nrncc: out of memory for a Random123 stream\n");
        exit(1);
    }
    NrtRan123 *s = &n->s;
    s->ctr[1] = id3;
    s->ctr[2] = id1;
    s->ctr[3] = id2;
    nrt_ran123_setseq(s, 0, 0);
    return s;
}

NrtRan123 *nrt_ran123_new(uint32_t id1, uint32_t id2)
{
    return nrt_ran123_new3(id1, id2, 0);
}

void nrt_ran123_delete(NrtRan123 *s)
{
    NrtRan123Node *n = (NrtRan123Node *)s;
    if (n && n->unlink)
        n->unlink(n);
    free(n);
}

void nrt_ran123_setseq(NrtRan123 *s, uint32_t seq, char which)
{
    s->which = which >= 0 && which <= 3 ? which : 0;
    s->ctr[0] = seq;
    ran123_block(s);
}

void nrt_ran123_getseq(NrtRan123 *s, uint32_t *seq, char *which)
{
    *seq = s->ctr[0];
    *which = s->which;
}

void nrt_ran123_getids(NrtRan123 *s, uint32_t *id1, uint32_t *id2)
{
    *id1 = s->ctr[2];
    *id2 = s->ctr[3];
}

void nrt_ran123_getids3(NrtRan123 *s, uint32_t *id1, uint32_t *id2, uint32_t *id3)
{
    *id1 = s->ctr[2];
    *id2 = s->ctr[3];
    *id3 = s->ctr[1];
}

uint32_t nrt_ran123_ipick(NrtRan123 *s)
{
    uint32_t u = s->block[(int)s->which];
    if (s->which == 3) {
        s->which = 0;
        s->ctr[0]++;
        ran123_block(s);
    } else {
        s->which++;
    }
    return u;
}

double nrt_ran123_uint2dbl(uint32_t u)
{
    return ((double)u + 1.0) * (1.0 / 4294967297.0);
}

double nrt_ran123_dblpick(NrtRan123 *s)
{
    return nrt_ran123_uint2dbl(nrt_ran123_ipick(s));
}

double nrt_ran123_negexp(NrtRan123 *s)
{
    return -log(nrt_ran123_dblpick(s));
}

double nrt_ran123_normal(NrtRan123 *s)
{
    double u1, u2, w;
    do {
        u1 = 2.0 * nrt_ran123_dblpick(s) - 1.0;
        u2 = 2.0 * nrt_ran123_dblpick(s) - 1.0;
        w = u1 * u1 + u2 * u2;
    } while (w > 1.0);
    return u1 * sqrt(-2.0 * log(w) / w);
}

void nrt_ran123_set_globalindex(uint32_t gix)
{
    ran123_globalindex = gix;
}

uint32_t nrt_ran123_get_globalindex(void)
{
    return ran123_globalindex;
}

/* Word n (counted from 0 at sequence 0, word 0) of the stream with these
 * ids, as nrnran123_dblpick hands it out: NMODL's random123(id1, id2, id3,
 * n), nrncc's, for a mechanism that keeps n itself. */
double nrt_ran123_at(NrtSim *sim, double id1, double id2, double id3, double n)
{
    (void)sim;
    uint64_t pos = n > 0 ? (uint64_t)n : 0;
    uint32_t ctr[4] = {(uint32_t)(pos >> 2), (uint32_t)(int64_t)id3, (uint32_t)(int64_t)id1, (uint32_t)(int64_t)id2};
    uint32_t key[2] = {ran123_globalindex, 0}, out[4];
    nrt_philox4x32(ctr, key, out);
    return nrt_ran123_uint2dbl(out[pos & 3]);
}

/* ---- MCellRan4: NEURON's Random.MCellRan4(seed, ilow) ------------------
 *
 * A 64-bit to 32-bit hash of the pair (high, low), high counting up from
 * the seed with each draw: two rounds, each taking one word w of the pair
 * xored with a constant, splitting it into halves v (high) and w (low),
 * u = ~((v - w)(v + w)), and xoring into the other word u with its halves
 * swapped, xored with a second constant, plus v w (all mod 2^32).  The
 * second round's result is the number; the double is it times 2^-32, in
 * [0, 1).  low is ilow, or NEURON's global mcell_ran4_init index (0 by
 * default) when ilow is 0. */
static uint32_t mcell_round(uint32_t w, uint32_t c1, uint32_t c2)
{
    w ^= c1;
    uint32_t v = w >> 16;
    w &= 0xffffu;
    uint32_t u = ~((v - w) * (v + w));
    return (((u >> 16) | (u << 16)) ^ c2) + w * v;
}

uint32_t nrt_mcellran4_int(uint32_t high, uint32_t low)
{
    uint32_t m = low ^ mcell_round(high, 0xbaa96887u, 0x4b0f3b58u);
    return high ^ mcell_round(m, 0x1e17d32cu, 0xe874f0c3u);
}

/* Number n (from 0) of MCellRan4(seed, ilow): NMODL's mcellran4(seed,
 * ilow, n), nrncc's, for a mechanism that keeps n itself. */
double nrt_mcellran4_at(NrtSim *sim, double seed, double ilow, double n)
{
    (void)sim;
    uint64_t pos = n > 0 ? (uint64_t)n : 0;
    uint32_t high = (uint32_t)(int64_t)seed + (uint32_t)pos;
    return (double)nrt_mcellran4_int(high, (uint32_t)(int64_t)ilow) * (1.0 / 4294967296.0);
}

/* ---- Random objects: NEURON's hoc Random --------------------------------
 *
 * A Random holds a generator and a distribution object drawing doubles
 * from it.  Random123(id1, id2, id3) is an nrnran123 stream at sequence 0;
 * MCellRan4(seed, ilow) draws the hash of (seed, ilow), (seed + 1, ilow),
 * ... as 2^-32 times the 32-bit number.  Setting a distribution
 * (normal, uniform, negexp) makes a new one and draws one number from it,
 * as hoc's methods do; setting a generator keeps the distribution.  The
 * distributions are the GNU C++ library's: uniform(a, b) is
 * low + (high - low) u with low, high the smaller and larger of a, b;
 * negexp(mean) is -mean ln u; normal(mean, var) the polar method on pairs
 * (2u - 1, 2w - 1) with squared length s <= 1, giving the first times
 * sqrt(-2 ln s / s) sqrt(var) + mean and keeping the second for the next
 * draw.  A new Random's distribution is normal(0, 1), undrawn. */

void nrt_rand_init(NrtRand *r)
{
    memset(r, 0, sizeof *r);
    r->dist = NRT_RAND_NORMAL;
    r->a = 0.0;
    r->b = 1.0;
}

static uint32_t rand_u32(double x)
{
    return (uint32_t)(int64_t)x;
}

void nrt_rand_random123(NrtRand *r, double id1, double id2, double id3)
{
    NrtRan123 *s = nrt_ran123_new3(rand_u32(id1), rand_u32(id2), rand_u32(id3));
    r->r123 = *s;
    nrt_ran123_delete(s);
    r->gen = NRT_RAND_R123;
}

void nrt_rand_mcellran4(NrtRand *r, double seed, double ilow)
{
    r->high = rand_u32(seed);
    r->low = rand_u32(ilow);
    r->gen = NRT_RAND_MCELL;
}

void nrt_rand_seq(NrtRand *r, double seq)
{
    if (r->gen == NRT_RAND_R123) {
        uint32_t q = (uint32_t)(seq / 4.0);
        nrt_ran123_setseq(&r->r123, q, (char)(seq - q * 4.0));
    } else {
        r->high = (uint32_t)(long)seq;
    }
}

static double rand_u(NrtRand *r)
{
    if (r->gen == NRT_RAND_R123)
        return nrt_ran123_dblpick(&r->r123);
    uint32_t n = r->high++;
    return (double)nrt_mcellran4_int(n, r->low) * (1.0 / 4294967296.0);
}

double nrt_rand_repick(NrtRand *r)
{
    switch (r->dist) {
    case NRT_RAND_UNIFORM: return r->a + (r->b - r->a) * rand_u(r);
    case NRT_RAND_NEGEXP: return -r->a * log(rand_u(r));
    default: break;
    }
    if (r->cached) {
        r->cached = 0;
        return r->cache * r->b + r->a;
    }
    for (;;) {
        double v1 = 2.0 * rand_u(r) - 1.0;
        double v2 = 2.0 * rand_u(r) - 1.0;
        double w = v1 * v1 + v2 * v2;
        if (w <= 1.0) {
            double y = sqrt(-2.0 * log(w) / w);
            r->cached = 1;
            r->cache = v2 * y;
            return v1 * y * r->b + r->a;
        }
    }
}

double nrt_rand_normal(NrtRand *r, double mean, double var)
{
    r->dist = NRT_RAND_NORMAL;
    r->a = mean;
    r->b = sqrt(var);
    r->cached = 0;
    return nrt_rand_repick(r);
}

double nrt_rand_uniform(NrtRand *r, double low, double high)
{
    r->dist = NRT_RAND_UNIFORM;
    r->a = low < high ? low : high;
    r->b = low < high ? high : low;
    r->cached = 0;
    return nrt_rand_repick(r);
}

double nrt_rand_negexp(NrtRand *r, double mean)
{
    r->dist = NRT_RAND_NEGEXP;
    r->a = mean;
    r->cached = 0;
    return nrt_rand_repick(r);
}

/* NEURON's nrn_random_pick gives 0.5 for no Random */
double nrt_random_pick(void *r)
{
    return r ? nrt_rand_repick(r) : 0.5;
}
