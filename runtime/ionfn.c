/* ionfn.c - NEURON's nernst() and nrn_ghk() for mechanisms (see nrt.h). */
#include <math.h>

#include "nrt.h"

#define R_GAS 8.31446261815324     /* J/(mol K): CODATA 2018 k * N_A */
#define FARADAY 96485.33212331001  /* C/mol: CODATA 2018 e * N_A */

static double ktf(double celsius)
{
    return 1000.0 * R_GAS * (celsius + 273.15) / FARADAY;
}

double nrt_nernst(double ci, double co, double z, double celsius)
{
    if (z == 0)
        return 0.0;
    if (ci <= 0.0)
        return 1e6;
    if (co <= 0.0)
        return -1e6;
    return ktf(celsius) / z * log(co / ci);
}

/* x / (exp(x) - 1), and its limit near 0 */
static double efun(double x)
{
    if (fabs(x) < 1e-4)
        return 1.0 - x / 2.0;
    return x / (exp(x) - 1.0);
}

double nrt_ghk(double v, double ci, double co, double z, double celsius)
{
    double temp = z * v / ktf(celsius);
    double eco = co * efun(temp);
    double eci = ci * efun(-temp);
    return 0.001 * z * FARADAY * (eci - eco);
}
