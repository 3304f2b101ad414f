/* libm_check.c - the accuracy of --no-libm's functions (compiler/
 * embed_libm.c.in): each is compared, on arguments spread over its useful
 * range, with the host's long double libm (64-bit significands: the
 * reference is the exact value rounded to double in all but rare cases).
 * Prints per function the largest error in ulps and the share of results
 * not equal to the rounded reference; exits 1 when an error exceeds the
 * bound nrncc-embed(7) states.
 *
 *   cc -std=c99 -O2 -ffp-contract=off -Ibuild/gen tests/embed/libm_check.c -lm
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NRN_MAYBE_UNUSED __attribute__((unused))
#undef isnan
#undef HUGE_VAL
#undef NAN
#include "../../compiler/embed_libm.c.in"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static double uni(void) /* [0, 1) */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) * 0x1.0p-53;
}

/* |got - want| in units of the last place of want (a double) */
static double ulps(double got, long double want)
{
    if (isnan(got) && isnan((double)want))
        return 0;
    if (isinf((double)want) || isinf(got))
        return got == (double)want ? 0 : 1e9;
    double w = (double)want;
    int e;
    frexp(w == 0 ? 0x1p-1074 : w, &e);
    long double ulp = ldexpl(1.0L, (e - 53 < -1074 ? -1074 : e - 53));
    return (double)(fabsl((long double)got - want) / ulp);
}

typedef struct Check {
    const char *name;
    double bound; /* ulps nrncc-embed(7) promises */
    double worst, worst_x, worst_y;
    long n, inexact;
} Check;

static void record(Check *c, double got, long double want, double x, double y)
{
    double u = ulps(got, want);
    c->n++;
    if (got != (double)want && !(isnan(got) && isnan((double)want)))
        c->inexact++;
    if (u > c->worst) {
        c->worst = u;
        c->worst_x = x;
        c->worst_y = y;
    }
}

static int report(Check *c)
{
    int bad = c->worst > c->bound;
    printf("%-6s %9ld args  max %.3f ulp (at %.17g%s%.17g)  %.4f%% not the rounded value  [bound %.1f]%s\n",
           c->name, c->n, c->worst, c->worst_x, c->worst_y == c->worst_y ? ", " : "",
           c->worst_y == c->worst_y ? c->worst_y : 0.0, 100.0 * (double)c->inexact / (double)c->n, c->bound,
           bad ? "  FAIL" : "");
    return bad;
}

/* an argument: uniform in [lo, hi] or, when log, log-uniform in |x| */
static double arg(double lo, double hi)
{
    return lo + (hi - lo) * uni();
}

int main(int argc, char **argv)
{
    long N = argc > 1 ? atol(argv[1]) : 200000;
    int bad = 0;
    const double nan = (double)NAN;
    Check c;

#define RUN1(NAME, OURS, REF, BOUND, GEN)                                                                        \
    memset(&c, 0, sizeof c);                                                                                     \
    c.name = NAME;                                                                                               \
    c.bound = BOUND;                                                                                             \
    c.worst_y = nan;                                                                                             \
    for (long i = 0; i < N; i++) {                                                                               \
        double x = GEN;                                                                                          \
        record(&c, OURS(x), REF((long double)x), x, nan);                                                        \
    }                                                                                                            \
    bad |= report(&c);

    RUN1("exp", nl_exp, expl, 1.0, arg(-745, 710))
    RUN1("exp~0", nl_exp, expl, 1.0, arg(-1, 1))
    RUN1("expm1", nl_expm1, expm1l, 2.0, arg(-1, 1))
    RUN1("log", nl_log, logl, 1.0, exp(arg(-745, 709)))
    RUN1("log~1", nl_log, logl, 1.0, arg(0.5, 2))
    RUN1("log10", nl_log10, log10l, 2.0, exp(arg(-700, 700)))
    RUN1("sqrt", nl_sqrt, sqrtl, 0.5, exp(arg(-745, 709)))
    RUN1("sin", nl_sin, sinl, 2.0, arg(-100, 100))
    RUN1("cos", nl_cos, cosl, 2.0, arg(-100, 100))
    RUN1("sin~big", nl_sin, sinl, 2.5, arg(-1e6, 1e6))
    RUN1("tan", nl_tan, tanl, 3.0, arg(-10, 10))
    RUN1("atan", nl_atan, atanl, 2.0, tan(arg(-1.5707, 1.5707)))
    RUN1("asin", nl_asin, asinl, 3.5, arg(-1, 1))
    RUN1("acos", nl_acos, acosl, 3.0, arg(-1, 1))
    RUN1("sinh", nl_sinh, sinhl, 3.0, arg(-710, 710))
    RUN1("sinh~0", nl_sinh, sinhl, 3.0, arg(-1, 1))
    RUN1("cosh", nl_cosh, coshl, 3.0, arg(-710, 710))
    RUN1("tanh", nl_tanh, tanhl, 3.0, arg(-20, 20))
    RUN1("floor", nl_floor, floorl, 0.0, arg(-1e6, 1e6))
    RUN1("ceil", nl_ceil, ceill, 0.0, arg(-1e6, 1e6))

#define RUN2(NAME, OURS, REF, BOUND, GX, GY)                                                                     \
    memset(&c, 0, sizeof c);                                                                                     \
    c.name = NAME;                                                                                               \
    c.bound = BOUND;                                                                                             \
    for (long i = 0; i < N; i++) {                                                                               \
        double x = GX, y = GY;                                                                                   \
        record(&c, OURS(x, y), REF((long double)x, (long double)y), x, y);                                      \
    }                                                                                                            \
    bad |= report(&c);

    RUN2("pow", nl_pow, powl, 1.5, exp(arg(-20, 20)), arg(-30, 30))
    RUN2("pow~q10", nl_pow, powl, 1.5, arg(1, 5), arg(-4, 4))
    RUN2("pow-x", nl_pow, powl, 1.5, -exp(arg(-5, 5)), floor(arg(-40, 40)))
    RUN2("powbig", nl_pow, powl, 20.0, arg(0.5, 2), arg(-1000, 1000))
    RUN2("atan2", nl_atan2, atan2l, 3.0, arg(-10, 10), arg(-10, 10))
    RUN2("fmod", nl_fmod, fmodl, 0.0, arg(-1e6, 1e6), arg(-100, 100))
    RUN2("fmin", nl_fmin, fminl, 0.0, arg(-1, 1), arg(-1, 1))
    RUN2("fmax", nl_fmax, fmaxl, 0.0, arg(-1, 1), arg(-1, 1))

    /* special values: C99's answers */
    struct {
        const char *what;
        double got, want;
    } sp[] = {
        {"exp(-inf)", nl_exp(-HUGE_VAL), 0.0},      {"exp(inf)", nl_exp(HUGE_VAL), HUGE_VAL},
        {"exp(-800)", nl_exp(-800), 0.0},           {"exp(710)", nl_exp(710), HUGE_VAL},
        {"log(0)", nl_log(0.0), -HUGE_VAL},         {"log(1)", nl_log(1.0), 0.0},
        {"sqrt(0)", nl_sqrt(0.0), 0.0},             {"sqrt(inf)", nl_sqrt(HUGE_VAL), HUGE_VAL},
        {"pow(0,-1)", nl_pow(0.0, -1.0), HUGE_VAL}, {"pow(-2,3)", nl_pow(-2.0, 3.0), -8.0},
        {"pow(-8,1/3)", isnan(nl_pow(-8.0, 1.0 / 3)) ? 1.0 : 0.0, 1.0},
        {"pow(2,-1074)", nl_pow(2.0, -1074.0), 0x1p-1074}, {"pow(3,2)", nl_pow(3.0, 2.0), 9.0},
        {"pow(2,0.5)", nl_pow(2.0, 0.5), sqrt(2.0)},
        {"floor(-0.5)", nl_floor(-0.5), -1.0},      {"floor(-0)", 1.0 / nl_floor(-0.0), -HUGE_VAL},
        {"fmod(5.5,2)", nl_fmod(5.5, 2.0), 1.5},    {"fmod(-5.5,2)", nl_fmod(-5.5, 2.0), -1.5},
        {"fmod(1e300,3)", nl_fmod(1e300, 3.0), fmod(1e300, 3.0)},
        {"fmod(0x1p-1070,0x1p-1074*3)", nl_fmod(0x1p-1070, 0x1p-1074 * 3), fmod(0x1p-1070, 0x1p-1074 * 3)},
        {"sqrt(0x1p-1074)", nl_sqrt(0x1p-1074), sqrt(0x1p-1074)},
        {"exp(-745)", nl_exp(-745.0), exp(-745.0)}, {"exp(-740)", nl_exp(-740.0), exp(-740.0)},
        {"atan(inf)", nl_atan(HUGE_VAL), atan(HUGE_VAL)},
        {"atan2(0,-1)", nl_atan2(0.0, -1.0), atan2(0.0, -1.0)},
        {"tanh(30)", nl_tanh(30.0), 1.0},           {"sinh(-0)", 1.0 / nl_sinh(-0.0), -HUGE_VAL},
    };
    for (size_t i = 0; i < sizeof sp / sizeof sp[0]; i++)
        if (memcmp(&sp[i].got, &sp[i].want, sizeof(double)) != 0) {
            printf("special %-28s %.17g, C99 says %.17g  FAIL\n", sp[i].what, sp[i].got, sp[i].want);
            bad = 1;
        }
    printf("libm_check: %s\n", bad ? "FAILED" : "every function within its bound, special values as C99");
    return bad;
}
