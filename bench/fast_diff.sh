#!/usr/bin/env bash
# bench/fast_diff.sh - nrncc --fast against the default (exact) build on
# the models of ../shared/bench: the largest |difference| of every recorded
# trace, whether the spike lists are identical, and the time of each
# (ns per compartment-step from --profile, wall clock, and from the CPU
# time of the whole process, which other load on the machine disturbs
# less).  The figures of nrncc(1), FAST MODE, come from this script.
#
#   bench/fast_diff.sh                 every model
#   bench/fast_diff.sh hh_soma ring    some of them (hh_soma hh_axon ring randnet tree)
#
# The models: hh_soma 1000 (bench/gen_hh_soma.sh 1000 --trace: soma[0]'s v),
# hh_axon 10001 (axon(0.5).v), ring 1000 (models/ring.nrn -D N=1000:
# ring[0].soma(0.5).v), randnet 1000 (the edge list of ../shared/bench:
# its records), tree 10 (a binary tree of depth 10, NEURON's model_e_tree.py:
# root(0.5).v).  Everything goes to bench/out/fast/.
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C
SHARED=${SHARED:-/work/shared/bench}
OUT=bench/out/fast
mkdir -p "$OUT"
make -s >/dev/null || exit 1
cc -O2 -std=c99 -D_POSIX_C_SOURCE=200809L -o "$OUT/csvcmp" tests/tools/csvcmp.c -lm || exit 1

model_hh_axon() {
    cat <<'EOF'
model hh_axon
section axon { L = 10000 um  diam = 1 um  Ra = 100 ohm cm  cm = 1 uF/cm2  nseg = 10001  insert hh }
IClamp stim at axon(0) { delay = 1 ms  dur = 0.5 ms  amp = 1 nA }
spike at axon(0.9) threshold 10 mV
record axon(0.5).v
record spikes
run { tstop = 50 ms  dt = 0.025 ms  v_init = -65 mV  celsius = 6.3 degC }
EOF
}

model_tree() { # depth 10: 1023 sections of 5 segments, diam from 2 to 0.5 um by level
    awk -v D=10 'BEGIN {
        n = 2 ^ D - 1
        print "model tree"
        print "section dend[" n "] { L = 50 um  nseg = 5  Ra = 100 ohm cm  cm = 1 uF/cm2  insert hh }"
        for (k = 0; k < n; k++) {
            lev = 0; x = k + 1
            while (x > 1) { x = int(x / 2); lev++ }
            printf "dend[%d] { diam = %.17g um }\n", k, 2.0 - 1.5 * lev / (D - 1)
        }
        for (k = 1; k < n; k++) printf "connect dend[%d](0), dend[%d](1)\n", k, int((k - 1) / 2)
        print "IClamp stim at dend[0](0) { delay = 1 ms  dur = 1 ms  amp = 3 nA }"
        print "spike at dend[0](0.5) threshold 10 mV"
        for (k = 2 ^ (D - 1) - 1; k < n; k++) printf "spike at dend[%d](0.5) threshold 10 mV\n", k
        print "record dend[0](0.5).v"
        print "record spikes"
        print "run { tstop = 100 ms  dt = 0.025 ms  v_init = -65 mV  celsius = 6.3 degC }"
    }'
}

# cpu BIN DIR: the user CPU seconds of one run (the least of three)
cpu() {
    local best=
    for _ in 1 2 3; do
        t=$({ /usr/bin/time -f "%U" "$1" -q -o "$2" >/dev/null; } 2>&1 | tail -n 1)
        best=$(awk -v a="$t" -v b="${best:-1e9}" 'BEGIN { print (a < b) ? a : b }')
    done
    echo "$best"
}

# one NAME MODEL CSTEPS [nrncc options]: both builds, both runs, the row
one() {
    local name=$1 model=$2 csteps=$3 d=$OUT/$1
    shift 3
    mkdir -p "$d"
    bin/nrncc "$@" "$model" -o "$d/exact" >"$d/log" 2>&1 && bin/nrncc --fast "$@" "$model" -o "$d/fast" >>"$d/log" 2>&1 ||
        { cat "$d/log"; return 1; }
    local mode
    for mode in exact fast; do
        "$d/$mode" -q --profile -o "$d/$mode.out" 2>"$d/$mode.prof" || { cat "$d/$mode.prof"; return 1; }
    done
    local cols dv same ce cf pe pf
    cols=$(head -n 1 "$d/exact.out/traces.csv" | tr ',' '\n' | awk '$0 != "t" { printf "%s=%s ", $0, $0 }')
    # shellcheck disable=SC2086
    "$OUT/csvcmp" --tol 1e-6 "$d/fast.out/traces.csv" "$d/exact.out/traces.csv" $cols >"$d/cmp" 2>&1
    dv=$(tail -n 1 "$d/cmp" | sed -n 's/.*max |diff| \([^ ]*\).*/\1/p')
    if cmp -s "$d/exact.out/spikes.csv" "$d/fast.out/spikes.csv"; then
        same="identical ($(($(wc -l <"$d/exact.out/spikes.csv") - 1)))"
    else
        same=DIFFERENT
    fi
    pe=$(sed -n 's/.*: \([0-9.]*\) ns per compartment-step.*/\1/p' "$d/exact.prof")
    pf=$(sed -n 's/.*: \([0-9.]*\) ns per compartment-step.*/\1/p' "$d/fast.prof")
    ce=$(cpu "$d/exact" "$d/exact.cpu")
    cf=$(cpu "$d/fast" "$d/fast.cpu")
    printf "%-14s %12s  %-18s %9s %9s %9.2f %9.2f\n" "$name" "$dv" "$same" "$pe" "$pf" \
        "$(awk -v c="$ce" -v n="$csteps" 'BEGIN { print c * 1e9 / n }')" \
        "$(awk -v c="$cf" -v n="$csteps" 'BEGIN { print c * 1e9 / n }')"
}

echo "nrncc --fast against exact, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-14s %12s  %-18s %9s %9s %9s %9s\n" model "max |dv| mV" "spikes" "exact ns" "fast ns" "exact cpu" "fast cpu"
for what in ${*:-hh_soma hh_axon ring randnet tree}; do
    case $what in
    hh_soma)
        bench/gen_hh_soma.sh 1000 --trace >"$OUT/hh_soma_1000.nrn"
        one hh_soma_1000 "$OUT/hh_soma_1000.nrn" $((1000 * 40000)) ;;
    hh_axon)
        model_hh_axon >"$OUT/hh_axon_10001.nrn"
        one hh_axon_10001 "$OUT/hh_axon_10001.nrn" $((10001 * 2000)) ;;
    ring) one ring_1000 models/ring.nrn $((102000 * 4000)) -D N=1000 ;;
    randnet)
        tests/tools/netlist2nrn.sh "$SHARED/netlist_N1000_seed12345.txt" "$OUT/randnet_model" >/dev/null
        one randnet_1000 "$OUT/randnet_model/randnet.nrn" $((102000 * 8000)) ;;
    tree)
        model_tree >"$OUT/tree_10.nrn"
        one tree_10 "$OUT/tree_10.nrn" $((5115 * 4000)) ;;
    *) echo "fast_diff.sh: unknown model '$what'" >&2; exit 2 ;;
    esac
done
echo "(ns: ns per compartment-step; 'ns' from --profile, wall clock of the steps; 'cpu' from the"
echo " process's user CPU time, the least of 3 runs, set-up and output included)"
