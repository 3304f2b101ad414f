"""NEURON 8.2.2 references for models/ring.nrn: the ring of
/work/shared/bench/model_c_ring.py (its BallStick class, imported from
there) for N = 10 and 100, every spike at full precision, written to
tests/ref/ring_N/spikes.csv (gid,time; ring cells only), and cell 0's
soma v to tests/ref/ring_N/trace.csv; and N = 10 with the ring's weight
0.07 uS and delay 4.5 ms (the model's params w and d) in ring_10_params.
Run with Debian's NEURON: /usr/bin/python3 tests/ref/ring_refs.py"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../shared/bench"))
from neuron import h  # noqa: E402
from ballstick import BallStick  # noqa: E402


def ring(n, weight=0.05, delay=5, tag=None):
    h.load_file("stdrun.hoc")
    h.celsius = 6.3
    h.secondorder = 0
    h.dt = 0.025
    cells = [BallStick(i) for i in range(n)]
    spk_t, spk_id, ncs = h.Vector(), h.Vector(), []
    for i, c in enumerate(cells):
        nc = h.NetCon(c.soma(0.5)._ref_v, cells[(i + 1) % n].syn, sec=c.soma)
        nc.threshold = 10
        nc.delay = delay
        nc.weight[0] = weight
        nc.record(spk_t, spk_id, i)
        ncs.append(nc)
    stim = h.NetStim()
    stim.number, stim.start = 1, 9
    ncstim = h.NetCon(stim, cells[0].syn)
    ncstim.delay, ncstim.weight[0] = 1, 0.04
    tv, vv = h.Vector().record(h._ref_t), h.Vector().record(cells[0].soma(0.5)._ref_v)
    h.finitialize(-65)
    h.continuerun(100)
    rows = sorted((t, int(g)) for t, g in zip(spk_t, spk_id))
    d = os.path.join(HERE, tag or "ring_%d" % n)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "spikes.csv"), "w") as f:
        f.write("gid,time\n")
        for t, g in rows:
            f.write("%d,%r\n" % (g, t))
    with open(os.path.join(d, "trace.csv"), "w") as f:
        f.write("t,ring[0].soma(0.5).v\n")
        for t, v in zip(tv, vv):
            f.write("%r,%r\n" % (t, v))


for args in ((10,), (100,), (10, 0.07, 4.5, "ring_10_params")):
    pid = os.fork()
    if pid == 0:
        ring(*args)
        os._exit(0)
    os.waitpid(pid, 0)
