#!/usr/bin/env bash
# bench/cvode.sh - the variable time step beside NEURON's (issue 5's bench
# row): hh_soma 100 (bench/gen_hh_soma.sh 100) and hh_axon 1001
# (models/hh_axon.nrn -D NSEG=1001), both with CVODE at atol 1e-3, rtol 0,
# as ../shared/bench's scripts run NEURON with --cvode.
#
#   bench/cvode.sh            both rows, REPS runs each (default 3)
#
# For each: our steps, f evaluations and spikes (./sim --stats) against
# NEURON's (its cvode.statistics(): advance_tn, fevals), the ratios, and the
# simulation times: ours is median(./sim -q) - median(./sim -q tstop=0);
# NEURON's is run_s of its RESULT line (h.finitialize + h.continuerun).
# Everything it writes goes to bench/out/cvode/.
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C
. bench/lib.sh
REPS=${REPS:-3}
PY=/usr/bin/python3
SHARED=${SHARED:-/work/shared/bench}
NRNCC=${NRNCC:-bin/nrncc}
OUT=bench/out/cvode
mkdir -p "$OUT"
make -s >/dev/null || exit 1

printf '| model | ours: steps, f evals, spikes | NEURON: steps, f evals, spikes | steps ratio | f evals ratio | ours s | NEURON s | NEURON s / ours |\n'
printf '|---|---|---|---:|---:|---:|---:|---:|\n'
row() {
    local name=$1 model=$2 script=$3 size=$4 d
    d=$OUT/${1// /_}
    shift 4
    mkdir -p "$d"
    if ! "$NRNCC" "$@" "$model" -o "$d/sim" >"$d/build.log" 2>&1; then
        echo "$name: nrncc failed (see $d/build.log)" >&2
        return 1
    fi
    rm -f "$d/whole" "$d/zero" "$d/neuron"
    for _ in $(seq "$REPS"); do
        timed "$d/whole" "$d/sim" -q -o "$d/o" --method cvode atol=1e-3 rtol=0 --stats 2>"$d/stats.log"
        timed "$d/zero" "$d/sim" -q -o "$d/z" --method cvode atol=1e-3 rtol=0 tstop=0 2>/dev/null
        "$PY" "$SHARED/$script" "$size" --cvode --atol 1e-3 >"$d/neuron.log" 2>&1
        json_field run_s "$d/neuron.log" >>"$d/neuron"
    done
    local st fe sp nst nfe nsp ours nrn
    st=$(sed -n 's/.*cvode: \([0-9]*\) steps.*/\1/p' "$d/stats.log")
    fe=$(sed -n 's/.* \([0-9]*\) f evaluations.*/\1/p' "$d/stats.log")
    sp=$(($(wc -l <"$d/o/spikes.csv") - 1))
    nst=$(sed -n 's/.*"advance_tn": \([0-9]*\).*/\1/p' "$d/neuron.log" | tail -n 1)
    nfe=$(sed -n 's/.*"fevals": \([0-9]*\).*/\1/p' "$d/neuron.log" | tail -n 1)
    nsp=$(json_field spikes "$d/neuron.log")
    ours=$(sub "$(median <"$d/whole")" "$(median <"$d/zero")")
    nrn=$(median <"$d/neuron")
    printf '| %s | %s, %s, %s | %s, %s, %s | %s | %s | %s | %s | %s |\n' "$name" "$st" "$fe" "$sp" "$nst" "$nfe" \
        "$nsp" "$(div "$st" "$nst")" "$(div "$fe" "$nfe")" "$ours" "$nrn" "$(div "$nrn" "$ours")"
}
bench/gen_hh_soma.sh 100 >"$OUT/hh_soma_100.nrn"
row "hh_soma 100" "$OUT/hh_soma_100.nrn" model_a_hh_soma.py 100
row "hh_axon 1001" models/hh_axon.nrn model_b_hh_axon.py 1001 -D NSEG=1001
