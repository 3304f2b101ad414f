#!/usr/bin/env bash
# bench/hh_soma.sh - benchmark A (hh_soma) at several sizes: nrncc against
# NEURON, same machine.  (bench/run.sh is the acceptance table of all the
# models; this script looks at hh_soma alone, with compile times.)
#
#   bench/hh_soma.sh              N = 1, 100 and 1000
#   bench/hh_soma.sh 1 100        other sizes
#   REPS=5 bench/hh_soma.sh       repetitions per measurement (default 3; the
#                                 figures are medians)
#
# For each N it
#   1. writes the model with bench/gen_hh_soma.sh (N HH somas, see there),
#   2. compiles it with bin/nrncc and times that (model file to executable,
#      including the C compiler),
#   3. runs our executable (./sim -q -o DIR) and times the whole process;
#      it also runs it with tstop=0, which does everything but the time
#      steps (process start, set-up, initialisation, writing the output),
#      and takes "simulation" to be the difference of the two medians,
#   4. runs NEURON's script from /work/shared/bench with
#      cache_efficient(1), model_a_hh_soma.py N --cache-efficient, and
#      takes its own timing (run_s in its RESULT line: h.finitialize plus
#      h.continuerun, by time.perf_counter) and the whole process time,
#   5. checks that both found the same number of spikes, and compares our
#      spike list with NEURON's reference dumps refs/hh_soma_N*.txt (gid
#      and time at the dump's 6 decimals); for an N without one, an extra
#      untimed NEURON run with --dump makes one in bench/out/hh_soma/N/.
# It ends with a table and, as the very last line,
#   speedup N=1000: X.XX
# NEURON's simulation time over ours for N = 1000 (or the largest N run).
#
# Everything it writes goes to bench/out/hh_soma/N/ (model, executable, outputs,
# NEURON's logs).  Whole-process times come from `date +%s.%N` around the
# command.
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C

SIZES=${*:-1 100 1000}
REPS=${REPS:-3}
PY=/usr/bin/python3
SHARED=/work/shared/bench
NEURON_SCRIPT=$SHARED/model_a_hh_soma.py
OUT=bench/out/hh_soma
NRNCC=bin/nrncc

die() { echo "hh_soma.sh: $*" >&2; exit 1; }

for n in $SIZES; do
    case $n in '' | *[!0-9]* | 0) die "bad size '$n' (want positive integers)" ;; esac
done
case $REPS in '' | *[!0-9]* | 0) die "bad REPS '$REPS'" ;; esac

# ---- helpers ---------------------------------------------------------------

. bench/lib.sh   # now, sub, div, median, timed, json_field, ref_spikes, our_spikes

# ---- set-up ----------------------------------------------------------------

make -s >/dev/null || die "make failed"
[ -x "$NRNCC" ] || die "no $NRNCC after make"
if ! "$PY" -c 'import neuron' >/dev/null 2>&1; then
    echo "NEURON is not installed for $PY: installing it with" \
        "bash /work/shared/oracle/install-neuron.sh"
    bash /work/shared/oracle/install-neuron.sh || die "installing NEURON failed"
fi
mkdir -p "$OUT" || die "cannot create $OUT"

cc_name=${CC:-$(command -v clang >/dev/null 2>&1 && echo clang || echo cc)}
echo "hh_soma benchmark: nrncc vs NEURON"
echo "date     : $(date '+%Y-%m-%d %H:%M:%S %Z')"
echo "machine  : $(uname -sm), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "load avg : $(cut -d' ' -f1-3 /proc/loadavg)"
echo "nrncc    : $("$NRNCC" --version 2>&1 | head -n 1), C compiler: $("$cc_name" --version 2>/dev/null | head -n 1)"
echo "NEURON   : $("$PY" -c 'import neuron; print(neuron.__version__)' 2>/dev/null | tail -n 1)," \
    "run as: $PY $NEURON_SCRIPT N --cache-efficient"
echo "sizes    : $SIZES; $REPS runs of each measurement, medians shown"
echo "model    : N HH somas, IClamp amp 0.1+0.001*i nA, tstop 1000 ms, dt 0.025 ms (40000 steps)"
echo
echo "our sim s = median(whole ./sim run) - median(./sim tstop=0), i.e. without process"
echo "start, set-up, initialisation and output; NEURON sim s = its own run_s"
echo "(h.finitialize + h.continuerun, time.perf_counter), cache_efficient(1)."

status=0
table=""
last_n=""
last_speedup=""
speedup_1000=""

# ---- one size --------------------------------------------------------------

for n in $SIZES; do
    dir=$OUT/$n
    rm -rf "$dir"
    mkdir -p "$dir"
    echo
    echo "=== N = $n ==="

    # 1. the model
    bench/gen_hh_soma.sh "$n" >"$dir/hh_soma_$n.nrn" || die "gen_hh_soma.sh $n failed"

    # 2. compile: nrncc model -> C -> executable
    t0=$(now)
    "$NRNCC" "$dir/hh_soma_$n.nrn" -o "$dir/sim" >"$dir/nrncc.log" 2>&1 ||
        { cat "$dir/nrncc.log"; die "nrncc failed for N=$n"; }
    t1=$(now)
    compile_s=$(sub "$t1" "$t0")
    # the same again, stopping at the C file, to see where the time goes
    t0=$(now)
    "$NRNCC" -S "$dir/hh_soma_$n.nrn" -o "$dir/hh_soma_$n.c" >>"$dir/nrncc.log" 2>&1 ||
        die "nrncc -S failed for N=$n"
    t1=$(now)
    emit_s=$(sub "$t1" "$t0")
    echo "compile (nrncc, model to executable): $compile_s s; of which model to C (nrncc -S): $emit_s s;" \
        "C file $(wc -l <"$dir/hh_soma_$n.c") lines, $(wc -c <"$dir/hh_soma_$n.c") bytes"

    # 3. ours: whole runs and tstop=0 runs, interleaved
    : >"$dir/ours_whole.txt"
    : >"$dir/ours_start.txt"
    for r in $(seq "$REPS"); do
        timed "$dir/ours_whole.txt" "$dir/sim" -q -o "$dir/ours" ||
            die "our run failed for N=$n"
        timed "$dir/ours_start.txt" "$dir/sim" -q -o "$dir/ours_tstop0" tstop=0 ||
            die "our tstop=0 run failed for N=$n"
    done
    ours_whole=$(median <"$dir/ours_whole.txt")
    ours_start=$(median <"$dir/ours_start.txt")
    ours_sim=$(sub "$ours_whole" "$ours_start")
    ours_spikes=$(($(wc -l <"$dir/ours/spikes.csv") - 1))
    echo "ours  : whole process $ours_whole s (runs: $(tr '\n' ' ' <"$dir/ours_whole.txt")), tstop=0 $ours_start s," \
        "simulation $ours_sim s, $ours_spikes spikes"

    # 4. NEURON
    : >"$dir/neuron_whole.txt"
    : >"$dir/neuron_run.txt"
    neuron_spikes=""
    for r in $(seq "$REPS"); do
        log=$dir/neuron_$r.log
        timed "$dir/neuron_whole.txt" "$PY" "$NEURON_SCRIPT" "$n" --cache-efficient >"$log" 2>&1 ||
            { cat "$log"; die "NEURON's script failed for N=$n"; }
        run_s=$(json_field run_s "$log")
        [ -n "$run_s" ] || { cat "$log"; die "no RESULT line from NEURON for N=$n"; }
        echo "$run_s" >>"$dir/neuron_run.txt"
        neuron_spikes=$(json_field spikes "$log")
    done
    neuron_whole=$(median <"$dir/neuron_whole.txt")
    neuron_sim=$(median <"$dir/neuron_run.txt")
    echo "NEURON: whole process $neuron_whole s (runs: $(tr '\n' ' ' <"$dir/neuron_whole.txt")), simulation $neuron_sim s" \
        "(runs: $(awk '{ printf "%.4f ", $1 }' "$dir/neuron_run.txt")), $neuron_spikes spikes"

    ratio=$(div "$neuron_sim" "$ours_sim")
    ratio_whole=$(div "$neuron_whole" "$ours_whole")
    echo "speedup (NEURON sim / our sim): $ratio; whole process: $ratio_whole"

    # 5. the spikes
    if [ "$ours_spikes" = "$neuron_spikes" ]; then
        echo "spike counts equal: $ours_spikes"
    else
        echo "MISMATCH N=$n: spike counts differ: ours $ours_spikes, NEURON $neuron_spikes"
        status=1
    fi
    our_spikes "$dir/ours/spikes.csv" >"$dir/ours_spikes.txt"
    # the reference dumps for this N; with none, an extra (untimed) NEURON
    # run makes one
    refs=""
    for ref in "$SHARED/refs/hh_soma_$n.txt" "$SHARED/refs/hh_soma_${n}_cacheefficient.txt"; do
        [ -f "$ref" ] && refs="$refs $ref"
    done
    if [ -z "$refs" ]; then
        echo "(no reference dump refs/hh_soma_$n.txt: making one with an extra NEURON run, --dump $dir/neuron_dump.txt)"
        "$PY" "$NEURON_SCRIPT" "$n" --cache-efficient --dump "$dir/neuron_dump.txt" >"$dir/neuron_dump.log" 2>&1 ||
            { cat "$dir/neuron_dump.log"; die "NEURON's dump run failed for N=$n"; }
        refs=$dir/neuron_dump.txt
    fi
    for ref in $refs; do
        ref_spikes "$ref" >"$dir/ref_spikes.txt"
        if cmp -s "$dir/ours_spikes.txt" "$dir/ref_spikes.txt"; then
            echo "spike list identical to $(basename "$ref") ($(wc -l <"$dir/ref_spikes.txt") spikes, gid and time to 1e-6 ms)"
        else
            ndiff=$(diff "$dir/ours_spikes.txt" "$dir/ref_spikes.txt" | grep -c '^[<>]')
            echo "MISMATCH N=$n: spike list differs from $(basename "$ref") ($ndiff lines; '<' ours, '>' NEURON):"
            diff "$dir/ours_spikes.txt" "$dir/ref_spikes.txt" | grep '^[<>]' | head -n 10 | sed 's/^/    /'
            status=1
        fi
    done

    table="$table$(printf '| %5s | %7s | %7s | %9s | %10s | %12s | %13s | %10s | %13s |' \
        "$n" "$compile_s" "$ours_sim" "$ours_whole" "$neuron_sim" "$neuron_whole" "$ratio" "$ours_spikes" "$neuron_spikes")
"
    last_n=$n
    last_speedup=$ratio
    [ "$n" = 1000 ] && speedup_1000=$ratio
done

# ---- summary ---------------------------------------------------------------

echo
echo "Summary (seconds; medians of $REPS runs; NEURON with cache_efficient(1)):"
echo
echo "|     N | compile | our sim | our whole | NEURON sim | NEURON whole | speedup (sim) | our spikes | NEURON spikes |"
echo "|------:|--------:|--------:|----------:|-----------:|-------------:|--------------:|-----------:|--------------:|"
printf '%s' "$table"
[ $status = 0 ] || echo "SOME CHECKS FAILED (see MISMATCH lines above)"
echo
if [ -n "$speedup_1000" ]; then
    echo "speedup N=1000: $speedup_1000"
else
    echo "speedup N=$last_n: $last_speedup"
fi
exit $status
