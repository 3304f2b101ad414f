"""What the scripts of tests/published share."""
import os


def write_records(vecs):
    """vecs: (column name, recorded Vector) pairs, t first; written as CSV
    to $NRNCC_NEURON_OUT when it is set (check.sh's NEURON run), else
    nothing (nrncc-export runs the same script)"""
    path = os.environ.get("NRNCC_NEURON_OUT")
    if not path:
        return
    with open(path, "w") as f:
        f.write(",".join(n for n, _ in vecs) + "\n")
        for row in zip(*[list(v) for _, v in vecs]):
            f.write(",".join(repr(x) for x in row) + "\n")
