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

double nrt_unirand(NrtSim *sim)
{
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
