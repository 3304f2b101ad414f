#!/usr/bin/env bash
# bench/networks.sh - the network benchmarks of ../shared/bench beside NEURON,
# same machine, one run after the other:
#   ring N     models/ring.nrn built with -D N=N (N = 100, 1000 by default)
#              against model_c_ring.py N
#   randnet    the random network (1000 cells, 10000 edges) from its netlist
#              (tests/tools/netlist2nrn.sh) against model_d_randnet.py
# For each: our compile time (model file to executable), our simulation time
# (the whole ./sim run minus a tstop=0 run: start, set-up and output taken
# out), NEURON's run_s (h.finitialize + h.continuerun) with cache_efficient
# 0 (its default) and 1 (its fastest), the ratios, and whether the spikes
# agree.  Medians of REPS runs (default 3).
#   bench/networks.sh            all
#   bench/networks.sh ring 100   one
#   NATIVE=--native bench/...    our executables built with nrncc --native
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C
REPS=${REPS:-3}
NATIVE=${NATIVE:-}
PY=/usr/bin/python3
SHARED=${SHARED:-/work/shared/bench}
OUT=bench/out/networks
mkdir -p "$OUT"
make -s >/dev/null || exit 1

now() { date +%s.%N; }
median() { sort -g | awk '{ x[NR] = $1 } END { printf "%.4f", NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'; }
json_field() { sed -n 's/^RESULT .*"'"$1"'": \([-0-9.eE+]*\).*/\1/p' "$2" | tail -n 1; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

# bench NAME MODEL NEURON_ARGS...: one row
bench() {
    local name=$1 model=$2 dir=$OUT/$1
    shift 2
    mkdir -p "$dir"
    local t0 t1
    t0=$(now)
    bin/nrncc $NRNCC_ARGS $NATIVE "$model" -o "$dir/sim" >"$dir/nrncc.log" 2>&1 || { cat "$dir/nrncc.log"; return 1; }
    t1=$(now)
    local compile_s
    compile_s=$(awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
    : >"$dir/whole"
    : >"$dir/start"
    for _ in $(seq "$REPS"); do
        t0=$(now); "$dir/sim" -q -o "$dir/ours" || return 1; t1=$(now)
        awk -v a="$t1" -v b="$t0" 'BEGIN { print a - b }' >>"$dir/whole"
        t0=$(now); "$dir/sim" -q -o "$dir/ours0" tstop=0 || return 1; t1=$(now)
        awk -v a="$t1" -v b="$t0" 'BEGIN { print a - b }' >>"$dir/start"
    done
    local ours
    ours=$(awk -v a="$(median <"$dir/whole")" -v b="$(median <"$dir/start")" 'BEGIN { printf "%.4f", a - b }')
    local rss
    rss=$( { /usr/bin/time -f "%M" "$dir/sim" -q -o "$dir/ours_rss" >/dev/null; } 2>&1 | tail -n 1)
    local ce res=()
    for ce in 0 1; do
        : >"$dir/neuron_$ce"
        for _ in $(seq "$REPS"); do
            if [ "$ce" = 1 ]; then "$PY" "$@" --cache-efficient >"$dir/neuron.log" 2>&1; else "$PY" "$@" >"$dir/neuron.log" 2>&1; fi ||
                { cat "$dir/neuron.log"; return 1; }
            json_field run_s "$dir/neuron.log" >>"$dir/neuron_$ce"
        done
        res+=("$(median <"$dir/neuron_$ce")")
    done
    local nspk ospk
    nspk=$(json_field spikes "$dir/neuron.log")
    ospk=$(awk -F, -v n="$NCELLS" 'NR > 1 && $1 < n' "$dir/ours/spikes.csv" | wc -l)
    printf "%-12s %8s %9s %10s %10s %8s %8s %8s %7s\n" "$name" "$compile_s" "$ours" "${res[0]}" "${res[1]}" \
        "$(div "${res[0]}" "$ours")" "$(div "${res[1]}" "$ours")" "$ospk/$nspk" "$((rss / 1024))"
}

echo "network benchmarks: nrncc${NATIVE:+ $NATIVE} vs NEURON $("$PY" -c 'import neuron; print(neuron.__version__)' 2>/dev/null | tail -n 1)," \
    "$(date '+%Y-%m-%d'), $(nproc) cores; medians of $REPS runs; times in s"
printf "%-12s %8s %9s %10s %10s %8s %8s %8s %7s\n" model compile "our sim" "NEURON ce0" "NEURON ce1" "x ce0" "x ce1" spikes "RSS MB"
what=${1:-all}
if [ "$what" = all ] || [ "$what" = ring ]; then
    for n in ${2:-100 1000}; do
        NRNCC_ARGS="-D N=$n" NCELLS=$n bench "ring_$n" models/ring.nrn "$SHARED/model_c_ring.py" "$n"
    done
fi
if [ "$what" = all ] || [ "$what" = randnet ]; then
    tests/tools/netlist2nrn.sh "$SHARED/netlist_N1000_seed12345.txt" "$OUT/randnet_model"
    NRNCC_ARGS="" NCELLS=1000 bench randnet_1000 "$OUT/randnet_model/randnet.nrn" "$SHARED/model_d_randnet.py" 1000
fi
