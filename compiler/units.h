/* units.h - physical units: parse unit text, check dimensions, convert.
 *
 * A Unit is a scale factor relative to SI (kept as mantissa * 10^exp10 so
 * that prefix conversions are exact powers of ten) and the exponents of
 * the base dimensions.  Used by both languages: the model language's
 * values (`10 um`, `0.12 S/cm2`, `100 ohm cm`) and NMODL declarations
 * (`(mA/cm2)`, `(/ms)`, `(degC)`, `(mM)`).  Leaves to its callers: what
 * unit a given quantity has (mechanism declarations, section properties)
 * and where a diagnostic is printed.
 */
#ifndef NRNCC_UNITS_H
#define NRNCC_UNITS_H

#include <stdbool.h>
#include <stddef.h>

/* As in NEURON's unit library, the mole is a number (Avogadro's, 6.02214076e23),
 * not a dimension: a concentration is a number per volume, the faraday a
 * charge, R = k-mole an energy per kelvin. */
enum {
    DIM_LENGTH, /* m   */
    DIM_MASS,   /* kg  */
    DIM_TIME,   /* s   */
    DIM_CURRENT, /* A  */
    DIM_TEMP,   /* K   */
    DIM_AMOUNT, /* unused: kept zero (the mole is dimensionless) */
    DIM_N
};

typedef struct Unit {
    double mant;            /* scale to SI = mant * 10^exp10 */
    int exp10;
    signed char dim[DIM_N]; /* exponent of each base dimension */
    double factor;          /* the same scale as NEURON's unit library computes it:
                               the product of each word's double factor (what
                               NMODL UNITS constants such as FARADAY = (faraday)
                               (coulomb) evaluate to) */
} Unit;

/* The dimensionless unit 1. */
Unit units_one(void);

/* Parses unit text as written after a number in a model file or inside
 * the parentheses of an NMODL declaration, e.g. "mV", "S/cm2", "ohm cm",
 * "mA/cm2", "/ms", "1/ms", "degC", "mM", "um2", "uF/cm2", "nA", "uS",
 * "mho/cm2", "millivolt", "k-mole", "1".  Returns true and fills *out on
 * success; on failure writes a lowercase message naming the offending
 * word to err (at most errlen bytes) and returns false. */
bool units_parse(const char *text, Unit *out, char *err, size_t errlen);

/* Product, quotient, integer power. */
Unit units_mul(Unit a, Unit b);
Unit units_div(Unit a, Unit b);
Unit units_pow(Unit a, int n);

/* True when both have the same dimension exponents. */
bool units_same_dim(Unit a, Unit b);
/* True when the unit is dimensionless (its scale may differ from 1). */
bool units_dimensionless(Unit a);

/* value (in unit `from`) expressed in unit `to`; the dimensions must
 * agree (the caller checks).  When the two scales are equal the value is
 * returned unchanged, bit for bit; a power-of-ten ratio is applied as one
 * multiplication by 10^k (k >= 0) or one division by 10^-k (k < 0), so
 * that e.g. 1 mm -> um gives exactly 1000 and 1 nA -> uA exactly 0.001. */
double units_convert(double value, Unit from, Unit to);

/* Human-readable dimension for messages, e.g. "time", "length",
 * "voltage", "specific conductance", or "m^-2 kg^-1 s^3 A^2" when it has
 * no common name.  Writes into buf (NUL-terminated). */
void units_describe(Unit u, char *buf, size_t n);

#endif
