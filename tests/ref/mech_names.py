"""Names each mechanism declares, as NEURON 8.2.2 lists them with
MechanismStandard (1: range PARAMETERs, 2: range ASSIGNED, 3: STATEs),
sorted, for the test of `nrncc --check` (tests/run.sh).  Writes
tests/ref/check/NAME.txt.  Run with NEURON's Python from the repo root:
    /usr/bin/python3 tests/ref/mech_names.py
The mechanisms: NEURON's built-ins our stdlib/ reimplements, and those of
Debian's /usr/share/nrn/demo/release/*.mod (compiled in a temporary copy).
"""
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RELEASE = "/usr/share/nrn/demo/release"
STDLIB = ["hh", "pas", "IClamp", "ExpSyn", "NetStim", "Exp2Syn", "AlphaSynapse", "IntFire1", "IntFire2",
          "IntFire4", "APCount", "SEClamp", "VClamp"]


def mech_names(h, name):
    out = []
    for vt, what in ((1, "range parameters"), (2, "range assigned"), (3, "states")):
        ms = h.MechanismStandard(name, vt)
        s = h.ref("")
        names = []
        for i in range(int(ms.count())):
            ms.name(s, i)
            n = s[0]
            if n.endswith("_" + name):
                n = n[: -len(name) - 1]
            names.append(n)
        out.append("%s: %s" % (what, " ".join(sorted(names))))
    return "\n".join(out) + "\n"


def main():
    tmp = tempfile.mkdtemp()
    mods = {}
    for f in sorted(os.listdir(RELEASE)):
        if f.endswith(".mod"):
            shutil.copy(os.path.join(RELEASE, f), tmp)
            for line in open(os.path.join(RELEASE, f)):
                w = line.split()
                if len(w) >= 2 and w[0] in ("SUFFIX", "POINT_PROCESS", "ARTIFICIAL_CELL"):
                    mods[w[1]] = f
    lib = subprocess.run(["bash", os.path.join(HERE, "../../../shared/oracle/build-mods.sh"), tmp],
                         capture_output=True, text=True, check=True).stdout.strip()
    from neuron import h
    h.nrn_load_dll(lib)
    outdir = os.path.join(HERE, "check")
    os.makedirs(outdir, exist_ok=True)
    for name in STDLIB + sorted(mods):
        with open(os.path.join(outdir, name + ".txt"), "w") as f:
            f.write(mech_names(h, name))
    with open(os.path.join(outdir, "release.txt"), "w") as f:
        for name in sorted(mods):
            f.write("%s %s\n" % (name, mods[name]))
    shutil.rmtree(tmp)


main()
