/* vhead.h - plain C beside tests/nmodl4's vhead.mod and vhead2.mod, which
 * both include it: nrncc puts its text in once */
#include <math.h>

static double vhead_gain(double x)
{
    return 1.0 + 0.5 * tanh(x / 20.0);
}
