"""The distance rules of tests/net/distrule.nrn computed from their
specification in nrn(5) ("Random connection rules", "Distance rules")
alone, in Python, independently of nrncc's C: the cells' positions, the
distances, the generator, the order of draws.  Prints the rules'
NetCons as `nrncc --netcons` prints them (source,source_gid,target,
delay,weight), delays and weights as the shortest text that reads back
as the same double (as nrncc prints them).
Usage: python3 tests/net/distrule_spec.py"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from splitmix import SplitMix64  # noqa: E402

# positions (um), as the population statements give them
EXC = [((i % 6) * 40.0, math.floor(i / 6) * 40.0, 0.0) for i in range(36)]
INH = [(20.0 + (i % 3) * 80.0, 20.0 + math.floor(i / 3) * 80.0, 15.0) for i in range(9)]
POS = {"exc": EXC, "inh": INH}
GID0 = {"exc": 0, "inh": 36}


def dist(a, b):
    dx, dy, dz = b[0] - a[0], b[1] - a[1], b[2] - a[2]
    return math.sqrt(dx * dx + dy * dy + dz * dz)


def probability(seed, src, tgt, p):
    r = SplitMix64(seed)
    same = src == tgt
    return [(i, j) for i in range(len(POS[src])) for j in range(len(POS[tgt]))
            if not (same and i == j) and r.uniform() < p(dist(POS[src][i], POS[tgt][j]))]


def indegree(seed, src, tgt, k):
    r = SplitMix64(seed)
    pairs = []
    for j in range(len(POS[tgt])):
        cand = [i for i in range(len(POS[src])) if not (src == tgt and i == j)]
        for q in range(k):
            x = q + math.floor(r.uniform() * (len(cand) - q))
            cand[q], cand[x] = cand[x], cand[q]
        pairs += [(i, j) for i in sorted(cand[:k])]
    return pairs


RULES = [  # (source, target, pairs, delay(d) in ms, weight(d) in uS)
    ("exc", "exc", probability(21, "exc", "exc", lambda d: 0.8 * math.exp(-d / 60)),
     lambda d: 0.5 + d / 0.25 * 1e-3, lambda d: 0.0012 * math.exp(-d / 200)),
    ("exc", "inh", probability(5, "exc", "inh", lambda d: 0.9 * math.exp(-(d / 70) ** 2)),
     lambda d: 1.0, lambda d: 0.001),
    ("inh", "exc", indegree(9, "inh", "exc", 2), lambda d: 0.5 + d / 1.0 * 1e-3, lambda d: 0.002),
]


def num(x):
    r = repr(x)
    return r[:-2] if r.endswith(".0") else r


for src, tgt, pairs, delay, weight in RULES:
    for i, j in pairs:
        d = dist(POS[src][i], POS[tgt][j])
        print("%s[%d].soma(0.5),%d,%s[%d].syn,%s,%s" % (src, i, GID0[src] + i, tgt, j, num(delay(d)), num(weight(d))))
