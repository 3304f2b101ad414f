"""The generator of nrn(5)'s random connection rules, SplitMix64, as that
page specifies it: each draw adds the golden-ratio increment to the state,
mixes it, and keeps its top 53 bits as a double in [0, 1).  Shared by the
Python re-implementations of the rules (tests/tools/netrule_spec.py,
tests/net/distrule_spec.py)."""

M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.s = seed

    def uniform(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        z = z ^ (z >> 31)
        return (z >> 11) * 2.0 ** -53
