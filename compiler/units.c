/* units.c - physical units: parse unit text, check dimensions, convert
 * (see units.h).
 *
 * Unit text is split into factors; each word is a named unit, or an SI
 * prefix followed by a named unit, and the factors are multiplied (or
 * divided, after a '/') into one Unit.  Scales are kept as mantissa *
 * 10^exp10 so that changing prefixes converts exactly.  Temperature
 * offsets are ignored: degC has the scale of kelvin, since NEURON writes
 * degC only for celsius values and never converts them to kelvin.
 */
#include "units.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- tables ---- */

/* Kinds of names: a symbol ("mV") or a word ("millivolt"); PLURAL marks
 * words that may take a final 's' ("volts"). */
enum { SYM = 1, WORD = 2, PLURAL = 4 };

/* Dimension exponents in enum order: m kg s A K mol. */
#define D(l, m, t, i, k, n) {l, m, t, i, k, n}
#define LENGTH D(1, 0, 0, 0, 0, 0)
#define MASS D(0, 1, 0, 0, 0, 0)
#define TIME D(0, 0, 1, 0, 0, 0)
#define CURRENT D(0, 0, 0, 1, 0, 0)
#define TEMP D(0, 0, 0, 0, 1, 0)
#define NODIM D(0, 0, 0, 0, 0, 0)
#define VOLTAGE D(2, 1, -3, -1, 0, 0)
#define RESISTANCE D(2, 1, -3, -2, 0, 0)
#define CONDUCTANCE D(-2, -1, 3, 2, 0, 0)

typedef struct NamedUnit {
    const char *name;
    unsigned char kind;
    double mant; /* never a multiple of 10 (see normalize) */
    int exp10;
    signed char dim[DIM_N];
    double factor; /* NEURON's double for it; 0 means mant * 10^exp10 */
} NamedUnit;

static const NamedUnit named_units[] = {
    {"m", SYM, 1, 0, LENGTH, 0},
    {"metre", WORD | PLURAL, 1, 0, LENGTH, 0},
    {"meter", WORD | PLURAL, 1, 0, LENGTH, 0},
    {"micron", WORD | PLURAL, 1, -6, LENGTH, 0},
    {"g", SYM, 1, -3, MASS, 0},
    {"gram", WORD | PLURAL, 1, -3, MASS, 0},
    {"s", SYM, 1, 0, TIME, 0},
    {"sec", SYM | WORD | PLURAL, 1, 0, TIME, 0},
    {"second", WORD | PLURAL, 1, 0, TIME, 0},
    {"min", SYM, 6, 1, TIME, 0},
    {"minute", WORD | PLURAL, 6, 1, TIME, 0},
    {"hr", SYM, 36, 2, TIME, 0},
    {"hour", WORD | PLURAL, 36, 2, TIME, 0},
    {"day", WORD | PLURAL, 864, 2, TIME, 0},
    {"A", SYM, 1, 0, CURRENT, 0},
    {"amp", WORD | PLURAL, 1, 0, CURRENT, 0},
    {"ampere", WORD | PLURAL, 1, 0, CURRENT, 0},
    {"K", SYM, 1, 0, TEMP, 0},
    {"degK", SYM, 1, 0, TEMP, 0},
    {"kelvin", WORD | PLURAL, 1, 0, TEMP, 0},
    {"degC", SYM, 1, 0, TEMP, 0}, /* offset ignored, see above */
    /* the mole is Avogadro's number (NEURON's modern constants) */
    {"mol", SYM, 6.02214076, 23, NODIM, 6.02214076e23},
    {"mole", WORD | PLURAL, 6.02214076, 23, NODIM, 6.02214076e23},
    {"M", SYM, 6.02214076, 26, D(-3, 0, 0, 0, 0, 0), 6.02214076e23 / 1e-3}, /* mol/L */
    {"molar", WORD, 6.02214076, 26, D(-3, 0, 0, 0, 0, 0), 6.02214076e23 / 1e-3},
    {"L", SYM, 1, -3, D(3, 0, 0, 0, 0, 0), 0},
    {"l", SYM, 1, -3, D(3, 0, 0, 0, 0, 0), 0},
    {"liter", WORD | PLURAL, 1, -3, D(3, 0, 0, 0, 0, 0), 0},
    {"litre", WORD | PLURAL, 1, -3, D(3, 0, 0, 0, 0, 0), 0},
    {"V", SYM, 1, 0, VOLTAGE, 0},
    {"volt", WORD | PLURAL, 1, 0, VOLTAGE, 0},
    {"ohm", SYM | WORD | PLURAL, 1, 0, RESISTANCE, 0},
    {"Ohm", SYM | WORD | PLURAL, 1, 0, RESISTANCE, 0},
    {"mho", SYM | WORD | PLURAL, 1, 0, CONDUCTANCE, 0},
    {"S", SYM, 1, 0, CONDUCTANCE, 0},
    {"siemens", WORD, 1, 0, CONDUCTANCE, 0},
    {"F", SYM, 1, 0, D(-2, -1, 4, 2, 0, 0), 0},
    {"farad", WORD | PLURAL, 1, 0, D(-2, -1, 4, 2, 0, 0), 0},
    {"C", SYM, 1, 0, D(0, 0, 1, 1, 0, 0), 0},
    {"coulomb", WORD | PLURAL, 1, 0, D(0, 0, 1, 1, 0, 0), 0},
    {"coul", WORD, 1, 0, D(0, 0, 1, 1, 0, 0), 0}, /* NEURON's unit library's base name */
    {"J", SYM, 1, 0, D(2, 1, -2, 0, 0, 0), 0},
    {"joule", WORD | PLURAL, 1, 0, D(2, 1, -2, 0, 0, 0), 0},
    {"W", SYM, 1, 0, D(2, 1, -3, 0, 0, 0), 0},
    {"watt", WORD | PLURAL, 1, 0, D(2, 1, -3, 0, 0, 0), 0},
    {"N", SYM, 1, 0, D(1, 1, -2, 0, 0, 0), 0},
    {"newton", WORD | PLURAL, 1, 0, D(1, 1, -2, 0, 0, 0), 0},
    {"Pa", SYM, 1, 0, D(-1, 1, -2, 0, 0, 0), 0},
    {"pascal", WORD | PLURAL, 1, 0, D(-1, 1, -2, 0, 0, 0), 0},
    {"Hz", SYM, 1, 0, D(0, 0, -1, 0, 0, 0), 0},
    {"hertz", WORD, 1, 0, D(0, 0, -1, 0, 0, 0), 0},
    /* physical constants as units, as NEURON's unit library defines them:
     * e the elementary charge, k Boltzmann's constant, faraday = e-mole
     * (a charge: the mole is a number), pi */
    {"e", SYM, 1.602176634, -19, D(0, 0, 1, 1, 0, 0), 1.602176634e-19},
    {"k", SYM, 1.380649, -23, D(2, 1, -2, 0, -1, 0), 1.380649e-23},
    {"boltzmann", WORD, 1.380649, -23, D(2, 1, -2, 0, -1, 0), 1.380649e-23},
    {"faraday", WORD | PLURAL, 96485.33212331001, 0, D(0, 0, 1, 1, 0, 0), 1.602176634e-19 * 6.02214076e23},
    {"pi", SYM | WORD, 3.14159265358979323846, 0, NODIM, 3.14159265358979323846},
    {"rad", SYM, 1, 0, NODIM, 0},
    {"radian", WORD | PLURAL, 1, 0, NODIM, 0},
};

typedef struct Prefix {
    const char *name;
    unsigned char kind;
    int exp10;
} Prefix;

static const Prefix prefixes[] = {
    {"Y", SYM, 24},   {"yotta", WORD, 24}, {"Z", SYM, 21},   {"zetta", WORD, 21},
    {"E", SYM, 18},   {"exa", WORD, 18},   {"P", SYM, 15},   {"peta", WORD, 15},
    {"T", SYM, 12},   {"tera", WORD, 12},  {"G", SYM, 9},    {"giga", WORD, 9},
    {"M", SYM, 6},    {"mega", WORD, 6},   {"k", SYM, 3},    {"kilo", WORD, 3},
    {"h", SYM, 2},    {"hecto", WORD, 2},  {"da", SYM, 1},   {"deka", WORD, 1},
    {"deca", WORD, 1}, {"d", SYM, -1},     {"deci", WORD, -1}, {"c", SYM, -2},
    {"centi", WORD, -2}, {"m", SYM, -3},   {"milli", WORD, -3}, {"u", SYM, -6},
    {"\xC2\xB5", SYM, -6}, /* micro sign */
    {"\xCE\xBC", SYM, -6}, /* Greek small mu */
    {"micro", WORD, -6}, {"n", SYM, -9},   {"nano", WORD, -9}, {"p", SYM, -12},
    {"pico", WORD, -12}, {"f", SYM, -15},  {"femto", WORD, -15}, {"a", SYM, -18},
    {"atto", WORD, -18}, {"z", SYM, -21},  {"zepto", WORD, -21}, {"y", SYM, -24},
    {"yocto", WORD, -24},
};

/* Words users plausibly write that are not units, and what to write. */
static const struct {
    const char *word, *hint;
} hints[] = {
    {"celsius", "the temperature unit is degC"},
    {"h", "for hours write hr"},
};

static const struct {
    const char *name;
    signed char dim[DIM_N];
} dim_names[] = {
    {"dimensionless", NODIM},
    {"length", LENGTH},
    {"area", D(2, 0, 0, 0, 0, 0)},
    {"volume", D(3, 0, 0, 0, 0, 0)},
    {"time", TIME},
    {"frequency", D(0, 0, -1, 0, 0, 0)},
    {"mass", MASS},
    {"current", CURRENT},
    {"voltage", VOLTAGE},
    {"resistance", RESISTANCE},
    {"conductance", CONDUCTANCE},
    {"capacitance", D(-2, -1, 4, 2, 0, 0)},
    {"charge", D(0, 0, 1, 1, 0, 0)},
    {"temperature", TEMP},
    {"concentration", D(-3, 0, 0, 0, 0, 0)},
    {"specific resistance", D(3, 1, -3, -2, 0, 0)},
    {"specific conductance", D(-4, -1, 3, 2, 0, 0)},
    {"specific capacitance", D(-4, -1, 4, 2, 0, 0)},
    {"current density", D(-2, 0, 0, 1, 0, 0)},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Exactly representable powers of ten. */
static const double pow10_table[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
#define POW10_MAX 22

/* ---- arithmetic ---- */

/* Moves whole factors of ten from an integral mantissa into exp10, so
 * that one scale has one representation (60 s = 6 * 10^1). */
static Unit normalize(Unit u)
{
    while (u.mant >= 10 && fmod(u.mant, 10) == 0) {
        u.mant /= 10;
        u.exp10++;
    }
    return u;
}

Unit units_one(void)
{
    Unit u = {1, 0, NODIM, 1};
    return u;
}

/* a*b: mantissas multiply, exponents add. */
Unit units_mul(Unit a, Unit b)
{
    Unit r = {a.mant * b.mant, a.exp10 + b.exp10, NODIM, a.factor * b.factor};
    for (int d = 0; d < DIM_N; d++)
        r.dim[d] = (signed char)(a.dim[d] + b.dim[d]);
    return normalize(r);
}

/* a/b: mantissas divide, exponents subtract. */
Unit units_div(Unit a, Unit b)
{
    Unit r = {a.mant / b.mant, a.exp10 - b.exp10, NODIM, a.factor / b.factor};
    for (int d = 0; d < DIM_N; d++)
        r.dim[d] = (signed char)(a.dim[d] - b.dim[d]);
    return normalize(r);
}

/* a^n by repeated squaring of the mantissa (exact for small integral
 * mantissas); the caller keeps n * dim within signed char. */
Unit units_pow(Unit a, int n)
{
    unsigned long k = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
    double m = 1, b = a.mant;
    for (; k; k >>= 1) {
        if (k & 1)
            m *= b;
        b *= b;
    }
    double f = 1;
    for (int i = 0; i < (n < 0 ? -n : n); i++)
        f *= a.factor;
    Unit r = {n < 0 ? 1 / m : m, a.exp10 * n, NODIM, n < 0 ? 1 / f : f};
    for (int d = 0; d < DIM_N; d++)
        r.dim[d] = (signed char)(a.dim[d] * n);
    return normalize(r);
}

/* Compares the dimension exponents only. */
bool units_same_dim(Unit a, Unit b)
{
    return memcmp(a.dim, b.dim, sizeof a.dim) == 0;
}

/* All dimension exponents zero. */
bool units_dimensionless(Unit a)
{
    return units_same_dim(a, units_one());
}

/* value * 10^k, as one exact multiplication or division when |k| <= 22. */
static double scale10(double value, int k)
{
    for (; k > POW10_MAX; k -= POW10_MAX)
        value *= pow10_table[POW10_MAX];
    for (; k < -POW10_MAX; k += POW10_MAX)
        value /= pow10_table[POW10_MAX];
    return k >= 0 ? value * pow10_table[k] : value / pow10_table[-k];
}

/* value in `from` expressed in `to`: unchanged when the scales are equal,
 * else times mant_from/mant_to (when they differ), then times 10^k. */
double units_convert(double value, Unit from, Unit to)
{
    if (from.mant == to.mant && from.exp10 == to.exp10)
        return value;
    if (from.mant != to.mant)
        value *= from.mant / to.mant;
    return scale10(value, from.exp10 - to.exp10);
}

/* A common name for the dimension, else "m^-2 kg^-1 s^3 A^2" form;
 * truncated to fit buf (n bytes, NUL-terminated when n > 0). */
void units_describe(Unit u, char *buf, size_t n)
{
    static const char *const base[DIM_N] = {"m", "kg", "s", "A", "K", "mol"};
    if (!n)
        return;
    for (size_t i = 0; i < COUNT(dim_names); i++) {
        if (memcmp(dim_names[i].dim, u.dim, sizeof u.dim) == 0) {
            snprintf(buf, n, "%s", dim_names[i].name);
            return;
        }
    }
    size_t len = 0;
    buf[0] = '\0';
    for (int d = 0; d < DIM_N; d++) {
        if (!u.dim[d])
            continue;
        const char *sep = len ? " " : "";
        int w = u.dim[d] == 1 ? snprintf(buf + len, n - len, "%s%s", sep, base[d])
                              : snprintf(buf + len, n - len, "%s%s^%d", sep, base[d], u.dim[d]);
        if (w < 0 || (size_t)w >= n - len)
            return; /* truncated */
        len += (size_t)w;
    }
}

/* ---- parsing ---- */

static bool fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the message into err (when there is room) and returns false. */
static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Letters of a word: ASCII letters, '_' and any byte of a UTF-8
 * sequence (so "µm" is one word and an unknown symbol is quoted whole). */
static bool is_letter(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
        p++;
    return p;
}

/* Named unit spelt exactly w[0..n), or else a plural of one. */
static const NamedUnit *find_unit(const char *w, size_t n)
{
    const NamedUnit *plural = NULL;
    for (size_t i = 0; i < COUNT(named_units); i++) {
        const NamedUnit *u = &named_units[i];
        size_t len = strlen(u->name);
        if (len == n && memcmp(w, u->name, n) == 0)
            return u;
        if (!plural && (u->kind & PLURAL) && n == len + 1 && w[len] == 's' &&
            memcmp(w, u->name, len) == 0)
            plural = u;
    }
    return plural;
}

/* Prefix spelt exactly w[0..n). */
static const Prefix *find_prefix(const char *w, size_t n)
{
    for (size_t i = 0; i < COUNT(prefixes); i++)
        if (strlen(prefixes[i].name) == n && memcmp(w, prefixes[i].name, n) == 0)
            return &prefixes[i];
    return NULL;
}

/* 10^k as the double nearest to it (what "1e-3" reads as). */
static double pow10d(int k)
{
    double p = 1;
    for (int i = 0; i < (k < 0 ? -k : k); i++)
        p *= 10;
    return k < 0 ? 1 / p : p;
}

static Unit make_unit(const NamedUnit *nu, int prefix_exp10)
{
    Unit u = {nu->mant, nu->exp10 + prefix_exp10, NODIM, 1};
    memcpy(u.dim, nu->dim, sizeof u.dim);
    double f = nu->factor != 0 ? nu->factor : nu->mant * pow10d(nu->exp10);
    u.factor = prefix_exp10 ? pow10d(prefix_exp10) * f : f;
    return u;
}

static bool unknown(const char *w, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < COUNT(hints); i++)
        if (strlen(hints[i].word) == n && memcmp(w, hints[i].word, n) == 0)
            return fail(err, errlen, "unknown unit '%.*s' (%s)", (int)n, w, hints[i].hint);
    return fail(err, errlen, "unknown unit '%.*s'", (int)n, w);
}

/* Resolves the word w[0..n): a named unit, else prefix + named unit.
 * Symbol prefixes with symbol units and word prefixes with word units
 * ("mV", "millivolt") are preferred, longest prefix first; a mixed
 * spelling ("mmole", "msec") is accepted when only one reading exists. */
static bool resolve_word(const char *w, size_t n, Unit *out, char *err, size_t errlen)
{
    const NamedUnit *nu = find_unit(w, n);
    if (nu) {
        *out = make_unit(nu, 0);
        return true;
    }
    int best_rank = 0, mixed = 0;
    size_t best_len = 0;
    Unit best = units_one(), first_mixed = units_one();
    for (size_t i = 0; i < COUNT(prefixes); i++) {
        const Prefix *p = &prefixes[i];
        size_t len = strlen(p->name);
        if (len >= n || memcmp(w, p->name, len) != 0 || !(nu = find_unit(w + len, n - len)))
            continue;
        Unit u = make_unit(nu, p->exp10);
        int rank = (nu->kind & p->kind) ? 2 : 1;
        if (rank == 1) {
            if (mixed && (u.mant != first_mixed.mant || u.exp10 != first_mixed.exp10 ||
                          !units_same_dim(u, first_mixed)))
                mixed = 2; /* two different readings */
            else if (!mixed)
                mixed = 1, first_mixed = u;
        }
        if (rank > best_rank || (rank == best_rank && len > best_len))
            best_rank = rank, best_len = len, best = u;
    }
    if (best_rank == 1 && mixed == 2)
        return fail(err, errlen, "ambiguous unit '%.*s'", (int)n, w);
    if (!best_rank)
        return unknown(w, n, err, errlen);
    *out = best;
    return true;
}

/* Reads a decimal exponent at *pp into *e; false when it exceeds 99. */
static bool read_exponent(const char **pp, int *e)
{
    const char *p = *pp;
    long v = 0;
    for (; is_digit(*p); p++)
        if ((v = v * 10 + (*p - '0')) > 99)
            return false;
    *pp = p;
    *e = (int)v;
    return true;
}

/* Parses one factor at *pp (which starts a word or a number): "1", or a
 * word with an optional exponent ("cm2", "cm^2", "cm ^ -2"), or a bare
 * prefix joined to a unit by '-' ("k-mole").  Gives the unit and its
 * exponent separately so the caller can check the range. */
static bool parse_factor(const char **pp, Unit *base, int *expo, char *err, size_t errlen)
{
    const char *s = *pp, *e = s;
    while (is_letter(*e) || is_digit(*e))
        e++;
    size_t n = (size_t)(e - s);
    *expo = 1;
    if (is_digit(*s)) {
        const char *t = s;
        while (is_digit(*t))
            t++;
        if (t != e)
            return unknown(s, n, err, errlen);
        if (n != 1 || *s != '1')
            return fail(err, errlen, "unexpected number '%.*s'", (int)n, s);
        *base = units_one();
        *pp = e;
        return true;
    }
    const char *t = e; /* start of trailing exponent digits */
    while (is_digit(t[-1]))
        t--;
    for (const char *q = s; q < t; q++)
        if (is_digit(*q))
            return unknown(s, n, err, errlen);

    const Prefix *pre;
    if (t == e && e[0] == '-' && is_letter(e[1]) && !find_unit(s, n) && (pre = find_prefix(s, n))) {
        /* "k-mole": the prefix applies to the next word, of either kind */
        const char *s2 = e + 1;
        e = s2;
        while (is_letter(*e) || is_digit(*e))
            e++;
        t = e;
        while (is_digit(t[-1]))
            t--;
        const NamedUnit *nu = find_unit(s2, (size_t)(t - s2));
        if (!nu)
            return unknown(s, (size_t)(t - s), err, errlen);
        *base = make_unit(nu, pre->exp10);
    } else if (!resolve_word(s, (size_t)(t - s), base, err, errlen)) {
        return false;
    }

    size_t wlen = (size_t)(t - s); /* the word, for messages */
    if (t != e) {
        const char *q = t;
        if (!read_exponent(&q, expo) || q != e)
            return fail(err, errlen, "exponent out of range in '%.*s'", (int)(e - s), s);
    }
    const char *q = skip_space(e);
    if (*q == '^') {
        if (t != e)
            return fail(err, errlen, "unit '%.*s' has two exponents", (int)(e - s), s);
        q = skip_space(q + 1);
        int sign = 1;
        if (*q == '-' || *q == '+')
            sign = *q++ == '-' ? -1 : 1;
        if (!is_digit(*q))
            return fail(err, errlen, "missing exponent after '%.*s^'", (int)wlen, s);
        if (!read_exponent(&q, expo))
            return fail(err, errlen, "exponent out of range in '%.*s'", (int)wlen, s);
        if (is_letter(*q))
            return fail(err, errlen, "unexpected '%c' after exponent of '%.*s'", *q, (int)wlen, s);
        *expo *= sign;
        e = q;
    }
    *pp = e;
    return true;
}

/* Grammar: factors separated by spaces, '*', or '-' (between words); a
 * '/' puts every later factor in the denominator ("mA/cm2", "/ms",
 * "1/ms", "ohm cm").  See units.h for the contract. */
bool units_parse(const char *text, Unit *out, char *err, size_t errlen)
{
    Unit acc = units_one();
    bool denom = false, any = false, last_word = false;
    char pending = 0; /* an operator still waiting for its right operand */
    const char *p = text;
    for (;;) {
        p = skip_space(p);
        char c = *p;
        if (!c)
            break;
        if (c == '/' || c == '*' || c == '-') {
            if (pending)
                return fail(err, errlen, "missing unit after '%c'", pending);
            if (c == '*' && !any)
                return fail(err, errlen, "unexpected '*'");
            if (c == '-' && (!last_word || !is_letter(*skip_space(p + 1))))
                return fail(err, errlen, "unexpected '-'");
            if (c == '/')
                denom = true;
            pending = c;
            p++;
            continue;
        }
        if (!is_letter(c) && !is_digit(c)) {
            if (c > ' ' && c < 0x7f)
                return fail(err, errlen, "unexpected '%c'", c);
            return fail(err, errlen, "unexpected character 0x%02x", (unsigned)(unsigned char)c);
        }
        const char *start = p;
        Unit base;
        int e;
        if (!parse_factor(&p, &base, &e, err, errlen))
            return false;
        if (denom)
            e = -e;
        long x10 = acc.exp10 + (long)e * base.exp10;
        bool ok = x10 >= -9999 && x10 <= 9999;
        for (int d = 0; d < DIM_N; d++) {
            long f = (long)e * base.dim[d], v = acc.dim[d] + f;
            ok = ok && f >= -127 && f <= 127 && v >= -127 && v <= 127;
        }
        if (ok)
            acc = units_mul(acc, units_pow(base, e));
        if (!ok || !isfinite(acc.mant) || acc.mant == 0)
            return fail(err, errlen, "unit '%.*s' out of range", (int)(p - start), start);
        last_word = !is_digit(*start);
        pending = 0;
        any = true;
    }
    if (pending)
        return fail(err, errlen, "missing unit after '%c'", pending);
    if (!any)
        return fail(err, errlen, "empty unit");
    *out = acc;
    return true;
}
