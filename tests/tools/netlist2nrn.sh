#!/bin/sh
# netlist2nrn.sh NETLIST OUTDIR: the random network of
# ../shared/bench/model_d_randnet.py, from its netlist file, as a model of
# nrncc's language: OUTDIR/randnet.nrn (ball-and-stick cells, one NetStim
# per cell from the file's 'drive' section) and OUTDIR/edges.csv (its
# 'conn' section: src,tgt,weight,delay) read by `edges`.
set -eu
netlist=$1
out=$2
mkdir -p "$out"
awk -v out="$out" '
/^#/ { next }
$1 == "conn" { sec = "conn"; print "src,tgt,weight,delay" >(out "/edges.csv"); next }
$1 == "drive" { sec = "drive"; next }
sec == "conn" { printf "%s,%s,%s,%s\n", $1, $2, $3, $4 >(out "/edges.csv"); next }
sec == "drive" { n++; g[n] = $1; start[n] = $2; ivl[n] = $3; num[n] = $4; w[n] = $5; d[n] = $6; next }
END {
    f = out "/randnet.nrn"
    print "// The random network of model_d_randnet.py, written by tests/tools/netlist2nrn.sh." >f
    print "model randnet" >f
    printf "const N = %d\n", n >f
    print "cell BallStick {" >f
    print "    section soma { L = 12.6157 um  diam = 12.6157 um  insert hh }" >f
    print "    section dend {" >f
    print "        L = 200 um  diam = 1 um  nseg = 101" >f
    print "        insert pas { g = 0.001 S/cm2  e = -65 mV }" >f
    print "    }" >f
    print "    connect dend(0), soma(1)" >f
    print "    forall { Ra = 100 ohm cm  cm = 1 uF/cm2 }" >f
    print "    ExpSyn syn at dend(0.5) { tau = 2 ms  e = 0 mV }" >f
    print "    spike at soma(0.5) threshold 10 mV" >f
    print "}" >f
    print "population net = BallStick[N]" >f
    print "edges \"edges.csv\" from net to net.syn { threshold = 10 mV }" >f
    for (i = 1; i <= n; i++) {
        printf "NetStim drive%d { noise = 0  number = %s  interval = %s ms  start = %s ms }\n", g[i], num[i], ivl[i], start[i] >f
        printf "netcon drive%d -> net[%d].syn { delay = %s ms  weight = %s uS }\n", g[i], g[i], d[i], w[i] >f
    }
    print "record net[0].soma(0.5).v" >f
    print "record spikes" >f
    print "run { tstop = 200 ms  dt = 0.025 ms  v_init = -65 mV  celsius = 6.3 degC }" >f
}' "$netlist"
