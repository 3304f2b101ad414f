/* test_units.c - unit test of compiler/units.c.
 *
 * Build: cc -std=c11 -Wall -Wextra -Icompiler tests/unit/test_units.c \
 *        compiler/units.c -lm
 * Prints one line per failed check, then "units: N passed, N failed";
 * exits 0 only when nothing failed.
 */
#include "units.h"

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

/* Parses text, reporting a failure (and returning units_one) on error. */
static Unit U(Tally *t, const char *text)
{
    Unit u = units_one();
    char err[128] = "";
    if (!units_parse(text, &u, err, sizeof err)) {
        t->failed++;
        printf("FAIL: units_parse(\"%s\") failed: %s\n", text, err);
        return units_one();
    }
    return u;
}

/* Same scale representation and dimension. */
static bool same(Unit a, Unit b)
{
    return a.mant == b.mant && a.exp10 == b.exp10 && units_same_dim(a, b);
}

static bool is(Unit u, double mant, int exp10, int l, int m, int s, int a, int k, int n)
{
    const int d[DIM_N] = {l, m, s, a, k, n};
    for (int i = 0; i < DIM_N; i++)
        if (u.dim[i] != d[i])
            return false;
    return u.mant == mant && u.exp10 == exp10;
}

static bool describes(Unit u, const char *want)
{
    char buf[64];
    units_describe(u, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        printf("  describe gave \"%s\", want \"%s\"\n", buf, want);
    return strcmp(buf, want) == 0;
}

/* units_parse fails with exactly the message want. */
static bool rejects(const char *text, const char *want)
{
    Unit u;
    char err[128] = "";
    if (units_parse(text, &u, err, sizeof err)) {
        printf("  \"%s\" parsed but should not\n", text);
        return false;
    }
    if (strcmp(err, want) != 0)
        printf("  \"%s\" gave \"%s\", want \"%s\"\n", text, err, want);
    return strcmp(err, want) == 0;
}

static double conv(Tally *t, double v, const char *from, const char *to)
{
    return units_convert(v, U(t, from), U(t, to));
}

static bool bits_equal(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void test_convert(Tally *t)
{
    CHECK(t, conv(t, 1, "mm", "um") == 1000);
    CHECK(t, conv(t, 0.12, "S/cm2", "mS/cm2") == 120);
    CHECK(t, conv(t, 1, "nA", "uA") == 0.001);
    CHECK(t, conv(t, 1, "ms", "s") == 0.001);
    CHECK(t, conv(t, 3, "um", "cm") == 3e-4);
    CHECK(t, conv(t, 7, "nA", "uA") == 0.007);
    CHECK(t, conv(t, 123, "ms", "s") == 0.123);
    CHECK(t, conv(t, 0.5, "um", "nm") == 500);
    CHECK(t, conv(t, 1, "uF/cm2", "F/m2") == 0.01);
    CHECK(t, conv(t, 1, "L", "cm3") == 1000);
    CHECK(t, conv(t, 1, "M", "mol/m3") == 1000);
    CHECK(t, conv(t, 1, "mM", "mol/m3") == 1);
    CHECK(t, conv(t, 2, "min", "s") == 120);
    CHECK(t, conv(t, 1, "hr", "min") == 60);
    CHECK(t, conv(t, 1, "day", "hr") == 24);
    CHECK(t, conv(t, 90, "min", "hr") == 1.5);
    /* NEURON's unit library: the mole is a number, the faraday a charge */
    CHECK(t, conv(t, 1, "faraday", "C") == 96485.33212331001);
    CHECK(t, U(t, "faraday").factor / U(t, "coulomb").factor == 96485.33212331001);
    CHECK(t, U(t, "k-mole").factor / U(t, "joule/degC").factor == 8.31446261815324);
    CHECK(t, U(t, "e").factor == 1.602176634e-19);
    CHECK(t, units_same_dim(U(t, "k-mole"), U(t, "J/K")));
    CHECK(t, conv(t, 37, "degC", "K") == 37); /* offsets are ignored */
    CHECK(t, conv(t, 1, "kg", "g") == 1000);
    CHECK(t, conv(t, 1, "Ym", "ym") == 1e48); /* beyond one exact power */
    /* equal scales: the value comes back bit for bit */
    double v = 0.1 + 0.2;
    CHECK(t, bits_equal(units_convert(v, U(t, "mV"), U(t, "millivolt")), v));
    CHECK(t, bits_equal(units_convert(v, U(t, "mho/cm2"), U(t, "S/cm2")), v));
    CHECK(t, bits_equal(units_convert(-0.0, U(t, "ms"), U(t, "ms")), -0.0));
}

static void test_parse(Tally *t)
{
    Unit ohm = U(t, "ohm"), cm = U(t, "cm");
    CHECK(t, same(U(t, "ohm cm"), units_mul(ohm, cm)));
    CHECK(t, is(U(t, "ohm cm"), 1, -2, 3, 1, -3, -2, 0, 0));
    CHECK(t, same(U(t, "ohm-cm"), units_mul(ohm, cm)));
    CHECK(t, same(U(t, "ohm*cm"), units_mul(ohm, cm)));
    CHECK(t, same(U(t, "  ohm  *  cm "), units_mul(ohm, cm)));
    CHECK(t, is(U(t, "mA/cm2"), 1, 1, -2, 0, 0, 1, 0, 0));
    CHECK(t, is(U(t, "S/cm2"), 1, 4, -4, -1, 3, 2, 0, 0));
    CHECK(t, is(U(t, "/ms"), 1, 3, 0, 0, -1, 0, 0, 0));
    CHECK(t, same(U(t, "/ms"), U(t, "1/ms")));
    CHECK(t, same(U(t, "/ms"), U(t, "kHz")));
    CHECK(t, same(U(t, "/s"), U(t, "Hz")));
    CHECK(t, is(U(t, "mM/ms"), 6.02214076, 26, -3, 0, -1, 0, 0, 0));
    CHECK(t, is(U(t, "cm2/s"), 1, -4, 2, 0, -1, 0, 0, 0));
    CHECK(t, is(U(t, "mV"), 1, -3, 2, 1, -3, -1, 0, 0));
    CHECK(t, is(U(t, "degC"), 1, 0, 0, 0, 0, 0, 1, 0));
    CHECK(t, same(U(t, "degC"), U(t, "K")));
    CHECK(t, same(U(t, "degK"), U(t, "kelvin")));
    CHECK(t, is(U(t, "mM"), 6.02214076, 23, -3, 0, 0, 0, 0, 0));
    CHECK(t, is(U(t, "um2"), 1, -12, 2, 0, 0, 0, 0, 0));
    CHECK(t, is(U(t, "um3"), 1, -18, 3, 0, 0, 0, 0, 0));
    CHECK(t, is(U(t, "uF/cm2"), 1, -2, -4, -1, 4, 2, 0, 0));
    CHECK(t, is(U(t, "nA"), 1, -9, 0, 0, 0, 1, 0, 0));
    CHECK(t, is(U(t, "uS"), 1, -6, -2, -1, 3, 2, 0, 0));
    CHECK(t, same(U(t, "mho/cm2"), U(t, "S/cm2")));
    CHECK(t, same(U(t, "kmol"), U(t, "kilomole")));
    CHECK(t, same(U(t, "mmole"), U(t, "mmol"))); /* mixed symbol+word */
    CHECK(t, same(U(t, "msec"), U(t, "ms")));
    CHECK(t, is(U(t, "1"), 1, 0, 0, 0, 0, 0, 0, 0));
    CHECK(t, units_dimensionless(U(t, "1")));
    CHECK(t, units_dimensionless(U(t, "rad")));
    CHECK(t, units_dimensionless(U(t, "mV/mV")));
    CHECK(t, !units_dimensionless(U(t, "mV")));
    CHECK(t, same(U(t, "cm^2"), U(t, "cm2")));
    CHECK(t, same(U(t, "cm ^ 2"), U(t, "cm2")));
    CHECK(t, same(U(t, "cm^-2"), U(t, "/cm2")));
    CHECK(t, is(U(t, "mA/cm2/ms"), 1, 4, -2, 0, -1, 1, 0, 0));
    CHECK(t, is(U(t, "mA / cm2 ms"), 1, 4, -2, 0, -1, 1, 0, 0));
    CHECK(t, is(U(t, "mm"), 1, -3, 1, 0, 0, 0, 0, 0));
    CHECK(t, is(U(t, "min"), 6, 1, 0, 0, 1, 0, 0, 0));
    CHECK(t, is(U(t, "mol"), 6.02214076, 23, 0, 0, 0, 0, 0, 0));
    CHECK(t, is(U(t, "m"), 1, 0, 1, 0, 0, 0, 0, 0));
    CHECK(t, is(U(t, "kg"), 1, 0, 0, 1, 0, 0, 0, 0));
    CHECK(t, is(U(t, "M"), 6.02214076, 26, -3, 0, 0, 0, 0, 0));
    CHECK(t, is(U(t, "MOhm"), 1, 6, 2, 1, -3, -2, 0, 0));
    CHECK(t, same(U(t, "kohm"), U(t, "kiloohm")));
    CHECK(t, same(U(t, "\xC2\xB5m"), U(t, "um")));
    CHECK(t, same(U(t, "\xCE\xBCm"), U(t, "um")));
    CHECK(t, same(U(t, "micron"), U(t, "um")));
    CHECK(t, same(U(t, "volts"), U(t, "V")));
    CHECK(t, same(U(t, "amps"), U(t, "ampere")));
    CHECK(t, same(U(t, "seconds"), U(t, "s")));
    CHECK(t, same(U(t, "meters"), U(t, "metre")));
    CHECK(t, same(U(t, "millivolt"), U(t, "mV")));
    CHECK(t, same(U(t, "millivolts"), U(t, "mV")));
    CHECK(t, same(U(t, "milliamp"), U(t, "mA")));
    CHECK(t, same(U(t, "micromho"), U(t, "umho")));
    CHECK(t, same(U(t, "micromho"), U(t, "uS")));
    CHECK(t, same(U(t, "millimolar"), U(t, "mM")));
    CHECK(t, same(U(t, "microsiemens"), U(t, "uS")));
    CHECK(t, same(U(t, "nanoamp"), U(t, "nA")));
    CHECK(t, same(U(t, "dam"), U(t, "decameter")));
    CHECK(t, same(U(t, "hm"), U(t, "hectometre")));
    CHECK(t, same(U(t, "ml"), U(t, "cm3")));
    CHECK(t, same(U(t, "mL"), U(t, "ml")));
    CHECK(t, is(U(t, "faraday"), 96485.33212331001, 0, 0, 0, 1, 1, 0, 0));
    CHECK(t, same(U(t, "C"), units_mul(U(t, "A"), U(t, "s"))));
    CHECK(t, same(U(t, "J"), U(t, "N m")));
    CHECK(t, same(U(t, "W"), U(t, "J/s")));
    CHECK(t, same(U(t, "V"), U(t, "W/A")));
    CHECK(t, same(U(t, "ohm"), U(t, "V/A")));
    CHECK(t, same(U(t, "F"), U(t, "C/V")));
    CHECK(t, same(U(t, "Pa"), U(t, "N/m2")));
    CHECK(t, same(U(t, "l"), U(t, "dm3")));
}

static void test_arith(Tally *t)
{
    Unit cm = U(t, "cm");
    CHECK(t, same(units_pow(cm, 2), U(t, "cm2")));
    CHECK(t, same(units_pow(cm, -3), U(t, "/cm3")));
    CHECK(t, same(units_pow(cm, 0), units_one()));
    CHECK(t, same(units_div(U(t, "mA"), U(t, "cm2")), U(t, "mA/cm2")));
    CHECK(t, is(units_mul(U(t, "min"), U(t, "/s")), 6, 1, 0, 0, 0, 0, 0, 0));
    CHECK(t, is(units_mul(U(t, "min"), U(t, "min")), 36, 2, 0, 0, 2, 0, 0, 0));
    CHECK(t, is(units_div(U(t, "hr"), U(t, "min")), 6, 1, 0, 0, 0, 0, 0, 0));
    CHECK(t, !units_same_dim(U(t, "ms"), U(t, "um")));
    CHECK(t, units_same_dim(U(t, "ms"), U(t, "hr")));
    CHECK(t, !units_same_dim(U(t, "mV"), U(t, "mA")));
}

static void test_describe(Tally *t)
{
    CHECK(t, describes(U(t, "1"), "dimensionless"));
    CHECK(t, describes(U(t, "um"), "length"));
    CHECK(t, describes(U(t, "um2"), "area"));
    CHECK(t, describes(U(t, "um3"), "volume"));
    CHECK(t, describes(U(t, "ms"), "time"));
    CHECK(t, describes(U(t, "/ms"), "frequency"));
    CHECK(t, describes(U(t, "g"), "mass"));
    CHECK(t, describes(U(t, "nA"), "current"));
    CHECK(t, describes(U(t, "mV"), "voltage"));
    CHECK(t, describes(U(t, "Mohm"), "resistance"));
    CHECK(t, describes(U(t, "uS"), "conductance"));
    CHECK(t, describes(U(t, "uF"), "capacitance"));
    CHECK(t, describes(U(t, "C"), "charge"));
    CHECK(t, describes(U(t, "degC"), "temperature"));
    CHECK(t, describes(U(t, "mol"), "dimensionless"));
    CHECK(t, describes(U(t, "mM"), "concentration"));
    CHECK(t, describes(U(t, "ohm cm"), "specific resistance"));
    CHECK(t, describes(U(t, "S/cm2"), "specific conductance"));
    CHECK(t, describes(U(t, "uF/cm2"), "specific capacitance"));
    CHECK(t, describes(U(t, "mA/cm2"), "current density"));
    CHECK(t, describes(U(t, "mM/ms"), "m^-3 s^-1"));
    CHECK(t, describes(U(t, "m/s"), "m s^-1"));
    CHECK(t, describes(U(t, "S/cm"), "m^-3 kg^-1 s^3 A^2"));
    CHECK(t, describes(U(t, "faraday"), "charge"));
    char small[6];
    units_describe(U(t, "mM/ms"), small, sizeof small);
    CHECK(t, strlen(small) < sizeof small && strncmp(small, "m^-3", 4) == 0);
    units_describe(U(t, "mV"), small, sizeof small);
    CHECK(t, strcmp(small, "volta") == 0);
    units_describe(U(t, "mV"), small, 0); /* must not write */
    CHECK(t, strcmp(small, "volta") == 0);
}

static void test_errors(Tally *t)
{
    CHECK(t, rejects("furlongz", "unknown unit 'furlongz'"));
    CHECK(t, rejects("mA/furlongz2", "unknown unit 'furlongz'"));
    CHECK(t, rejects("", "empty unit"));
    CHECK(t, rejects("   ", "empty unit"));
    CHECK(t, rejects("celsius", "unknown unit 'celsius' (the temperature unit is degC)"));
    CHECK(t, rejects("h", "unknown unit 'h' (for hours write hr)"));
    CHECK(t, rejects("k-furlong", "unknown unit 'furlong'"));
    CHECK(t, rejects("siemen", "unknown unit 'siemen'"));
    CHECK(t, rejects("mA/", "missing unit after '/'"));
    CHECK(t, rejects("/", "missing unit after '/'"));
    CHECK(t, rejects("mA//cm2", "missing unit after '/'"));
    CHECK(t, rejects("ohm *", "missing unit after '*'"));
    CHECK(t, rejects("* ohm", "unexpected '*'"));
    CHECK(t, rejects("s-1", "unexpected '-'"));
    CHECK(t, rejects("-ms", "unexpected '-'"));
    CHECK(t, rejects("1-ms", "unexpected '-'"));
    CHECK(t, rejects("2 ms", "unexpected number '2'"));
    CHECK(t, rejects("10/ms", "unexpected number '10'"));
    CHECK(t, rejects("1ms", "unknown unit '1ms'"));
    CHECK(t, rejects("c2m", "unknown unit 'c2m'"));
    CHECK(t, rejects("(mA/cm2)", "unexpected '('"));
    CHECK(t, rejects("ms.cm", "unexpected '.'"));
    CHECK(t, rejects("cm2^2", "unit 'cm2' has two exponents"));
    CHECK(t, rejects("cm^", "missing exponent after 'cm^'"));
    CHECK(t, rejects("cm^x", "missing exponent after 'cm^'"));
    CHECK(t, rejects("cm^2x", "unexpected 'x' after exponent of 'cm'"));
    CHECK(t, rejects("cm^100", "exponent out of range in 'cm'"));
    CHECK(t, rejects("m999", "exponent out of range in 'm999'"));
    CHECK(t, rejects("m99 m99", "unit 'm99' out of range"));
    CHECK(t, rejects("F^40", "unit 'F^40' out of range"));
    CHECK(t, rejects("\xE2\x84\xA6", "unknown unit '\xE2\x84\xA6'"));
    CHECK(t, rejects("ms\x01", "unexpected character 0x01"));
    /* a short or absent error buffer is safe */
    Unit u;
    char err[8];
    CHECK(t, !units_parse("furlongz", &u, err, sizeof err) && strcmp(err, "unknown") == 0);
    CHECK(t, !units_parse("furlongz", &u, NULL, 0));
    /* failure leaves *out alone */
    u = units_one();
    CHECK(t, !units_parse("mV furlong", &u, NULL, 0) && same(u, units_one()));
}

int main(void)
{
    Tally t = {0, 0};
    test_convert(&t);
    test_parse(&t);
    test_arith(&t);
    test_describe(&t);
    test_errors(&t);
    printf("units: %d passed, %d failed\n", t.passed, t.failed);
    return t.failed ? 1 : 0;
}
