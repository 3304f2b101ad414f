"""Writes NAME.expect for every *.swc and *.hoc file here: the sections
NEURON 8.2.2 makes of it (SWC via Import3d_SWC_read + Import3d_GUI
instantiate, hoc via load_file), for tests/unit/test_morph.c.

Run with NEURON's Python:  /usr/bin/python3 tests/unit/morph/expect.py
Each file is loaded in a fresh NEURON process.  Lines:
  S name,parent,parent_x,child_x,n3d,L,nseg,Ra,cm,diam   (diam: -1 with 3-D points)
  P x,y,z,d,arc                                           (its 3-D points, float32 values, arc3d)
"""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def dump(path):
    from neuron import h
    if path.endswith(".swc"):
        h.load_file("import3d.hoc")
        r = h.Import3d_SWC_read()
        r.quiet = 1
        r.input(path)
        h.Import3d_GUI(r, False).instantiate(None)
    else:
        h.load_file(path)
    out = ["# made by expect.py with NEURON 8.2.2 from %s" % os.path.basename(path)]
    for s in h.allsec():
        sr = h.SectionRef(sec=s)
        par = sr.parent.name() if sr.has_parent() else ""
        px = s.parentseg().x if sr.has_parent() else -1
        n3d = int(s.n3d())
        diam = s.diam if n3d == 0 else -1
        out.append("S %s,%s,%r,%r,%d,%r,%d,%r,%r,%r" % (s.name(), par, px, s.orientation(), n3d,
                                                        s.L, s.nseg, s.Ra, s.cm, diam))
        for i in range(n3d):
            out.append("P %r,%r,%r,%r,%r" % (h.x3d(i, sec=s), h.y3d(i, sec=s), h.z3d(i, sec=s),
                                             h.diam3d(i, sec=s), h.arc3d(i, sec=s)))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) == 2:
        sys.stdout.write(dump(sys.argv[1]))
        sys.exit(0)
    for f in sorted(glob.glob(os.path.join(HERE, "*.swc")) + glob.glob(os.path.join(HERE, "*.hoc"))):
        text = subprocess.run([sys.executable, __file__, f], check=True, capture_output=True,
                              text=True, cwd=HERE).stdout
        with open(f + ".expect", "w") as e:
            e.write(text)
        print("wrote", os.path.basename(f) + ".expect")
