/* random.c - the mechanisms' random numbers: xoshiro256** seeded with
 * splitmix64 (both public-domain algorithms, written here from their
 * definitions), exponential and normal deviates by inversion and
 * Box-Muller.  One stream per simulation, in NrtSim. */
#include <math.h>
#include <stdint.h>

#include "nrt.h"
#include "simstate.h"

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next64(NrtRandom *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

void nrt_random_seed(NrtRandom *r, double seed)
{
    uint64_t z = (uint64_t)(int64_t)seed * 0x9E3779B97F4A7C15ULL + 0x243F6A8885A308D3ULL;
    for (int i = 0; i < 4; i++) {
        z += 0x9E3779B97F4A7C15ULL;
        uint64_t x = z;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        r->s[i] = x ^ (x >> 31);
    }
    r->have_normal = 0;
}

void nrt_seed(NrtSim *sim, double seed)
{
    nrt_random_seed(&sim->random, seed);
}

double nrt_unirand(NrtSim *sim)
{
    return (double)(next64(&sim->random) >> 11) * 0x1.0p-53;
}

double nrt_exprand(NrtSim *sim, double mean)
{
    return -mean * log(1.0 - nrt_unirand(sim));
}

double nrt_normrand(NrtSim *sim, double mean, double sd)
{
    NrtRandom *r = &sim->random;
    if (r->have_normal) {
        r->have_normal = 0;
        return mean + sd * r->normal;
    }
    double u1 = 1.0 - nrt_unirand(sim), u2 = nrt_unirand(sim);
    double rad = sqrt(-2.0 * log(u1));
    r->normal = rad * sin(2.0 * 3.14159265358979323846 * u2);
    r->have_normal = 1;
    return mean + sd * rad * cos(2.0 * 3.14159265358979323846 * u2);
}
