/* netrule.h - seeded random connection rules (fixed probability, fixed
 * in-degree): which (source, target) pairs of two populations a rule
 * connects, drawn from nrncc's own generator so that the same rule gives
 * the same pairs on every machine.  nrn(5), "Random connection rules",
 * specifies the generator and the order of the draws; this file is that
 * specification in C.
 *
 * Pure functions of their arguments: no model, no diagnostics (model.c
 * checks the rule and turns each pair into a NetCon).
 */
#ifndef NRNCC_NETRULE_H
#define NRNCC_NETRULE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* SplitMix64: the state advances by 0x9E3779B97F4A7C15 and is mixed into
 * the output.  The first state is the rule's seed. */
typedef struct NetRng {
    uint64_t state;
} NetRng;

void netrng_init(NetRng *r, uint64_t seed);
uint64_t netrng_next(NetRng *r);
/* A uniform double in [0, 1): the top 53 bits of the next output times 2^-53. */
double netrng_uniform(NetRng *r);

/* The pairs a rule connects, in the order the NetCons are made. */
typedef struct NetPairs {
    int *src, *tgt;      /* n pairs (malloc'd; netpairs_free) */
    int n, cap;
} NetPairs;

void netpairs_free(NetPairs *p);

/* Fixed probability: every (i, j), i in 0..nsrc-1 (outer loop), j in
 * 0..ntgt-1 (inner), except i == j when `same` (the two populations are
 * one) and !allow_self, draws u and is connected when u < p. */
void netrule_probability(uint64_t seed, int nsrc, int ntgt, bool same, bool allow_self, double p, NetPairs *out);

/* The sources a target can draw from under the rule (nsrc, or nsrc - 1
 * without self-connections). */
/* The same, with a probability for each pair: p(ctx, i, j), asked only
 * for the pairs that take a draw, in the order they take it, before the
 * draw.  p returns false to stop (an error); then so does this. */
bool netrule_probability_fn(uint64_t seed, int nsrc, int ntgt, bool same, bool allow_self,
                            bool (*p)(void *ctx, int i, int j, double *prob), void *ctx, NetPairs *out);

int netrule_candidates(int nsrc, bool same, bool allow_self);

/* Fixed in-degree: for each target j in 0..ntgt-1 in turn, k distinct
 * sources by a partial Fisher-Yates shuffle of the candidates (0..nsrc-1
 * ascending, without j when same && !allow_self), made in ascending order.
 * k must be <= netrule_candidates(). */
void netrule_indegree(uint64_t seed, int nsrc, int ntgt, bool same, bool allow_self, int k, NetPairs *out);

/* nrncc --netcons: every NetCon of a checked model as CSV, in the order
 * they are made (the order a NEURON script must make them in):
 * source,source_gid,target,delay,weight (see nrncc(1)). */
struct Model;
void netrule_print_netcons(const struct Model *m, FILE *out);

#endif
