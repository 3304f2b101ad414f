"""What the NEURON scripts of the tests write after a run, in the files
nrncc's executables write: OUT/traces.csv (the recorded vectors, one
column each, every value at full precision) and OUT/spikes.csv (gid,time,
sorted by time then gid)."""
import os


def write_run(out, vecs, spk_t, spk_id):
    """vecs: (column name, recorded Vector) pairs; spk_t, spk_id: the
    times and gids NetCon.record gathered"""
    with open(os.path.join(out, "traces.csv"), "w") as f:
        f.write(",".join(n for n, _ in vecs) + "\n")
        for row in zip(*[list(v) for _, v in vecs]):
            f.write(",".join(repr(x) for x in row) + "\n")
    with open(os.path.join(out, "spikes.csv"), "w") as f:
        f.write("gid,time\n")
        for t, g in sorted(zip(spk_t, spk_id)):
            f.write("%d,%r\n" % (g, t))
