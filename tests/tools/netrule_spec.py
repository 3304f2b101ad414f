"""The random connection rules of tests/netrule/netrule.nrn computed from
their specification in nrn(5) ("Random connection rules") alone, in
Python, independently of nrncc's C: prints the rules' NetCons as
`nrncc --netcons` prints them (source,source_gid,target,delay,weight),
in the same order.  tests/run.sh compares the two.
Usage: python3 tests/tools/netrule_spec.py"""
import math
from splitmix import SplitMix64


def probability(seed, n, m, same, allow_self, p):
    r = SplitMix64(seed)
    return [(i, j) for i in range(n) for j in range(m)
            if not (same and not allow_self and i == j) and r.uniform() < p]


def indegree(seed, n, m, same, allow_self, k):
    r = SplitMix64(seed)
    pairs = []
    for j in range(m):
        cand = [i for i in range(n) if not (same and not allow_self and i == j)]
        for q in range(k):
            x = q + math.floor(r.uniform() * (len(cand) - q))
            cand[q], cand[x] = cand[x], cand[q]
        pairs += [(i, j) for i in sorted(cand[:k])]
    return pairs


GID0 = {"exc": 0, "inh": 40}
RULES = [  # (source, target, pairs, delay, weight) as the model file has them
    ("exc", "exc", indegree(11, 40, 40, True, False, 4), "1.5", "0.0008"),
    ("exc", "inh", probability(7, 40, 15, False, False, 0.25), "1", "0.0009"),
    ("inh", "exc", probability(3, 15, 40, False, False, 0.1), "0.75", "0.002"),
]
for src, tgt, pairs, d, w in RULES:
    for i, j in pairs:
        print("%s[%d].soma(0.5),%d,%s[%d].syn,%s,%s" % (src, i, GID0[src] + i, tgt, j, d, w))
