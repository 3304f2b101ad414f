#!/usr/bin/env bash
# bench/run.sh - the acceptance benchmark of issue 8: the five models of
# /work/shared/bench, each run by NEURON 8.2.2 (cache_efficient 0, its
# default, and 1, its fastest), by nrncc (the default exact build, a
# --fast build and the exact build with --threads 2) and by Brian2's C++
# standalone mode where ../shared/bench/brian2 has the model, in one run
# on this machine.
#
#   bench/run.sh                   every row (7 to 13 minutes, with the
#                                  machine's speed)
#   bench/run.sh --skip-slow       without NEURON's default runs of ring and
#                                  randnet (20-40 s and 40-95 s each): their
#                                  figures are then read from
#                                  ../shared/bench/RESULTS.md and labelled so
#   bench/run.sh ring tree         some rows only
#   bench/run.sh --no-brian2       without the Brian2 column
#   NATIVE=1 bench/run.sh          adds a column: the exact build with
#                                  nrncc --native (-march=native: the same
#                                  numbers as exact, this machine's
#                                  instructions)
#   REPS=5 bench/run.sh            repetitions of our runs (default 3)
#   PEER_REPS=1 bench/run.sh       repetitions of NEURON's and Brian2's runs
#                                  (default: REPS)
#
# The rows (compartments counted as NEURON counts them, the sum of nseg;
# steps = tstop / dt):
#   hh_soma 1000   bench/gen_hh_soma.sh 1000      model_a_hh_soma.py 1000
#   hh_axon 10001  models/hh_axon.nrn             model_b_hh_axon.py 10001
#   ring 1000      models/ring.nrn -D N=1000      model_c_ring.py 1000
#   randnet 1000   its netlist, by                model_d_randnet.py 1000
#                  tests/tools/netlist2nrn.sh
#   tree 10        models/tree.nrn                model_e_tree.py 10
#
# What is timed: for NEURON (and Brian2) the run_s of the RESULT line its
# script prints (NEURON: h.finitialize + h.continuerun, by
# time.perf_counter; Brian2: the simulation loop inside its binary).  For
# nrncc, median(whole ./sim -q run) - median(./sim -q tstop=0): the
# process start, set-up, initialisation and output are taken out, as
# bench/hh_soma.sh does.  ns per compartment-step = seconds * 1e9 /
# (compartments * steps), from medians; "x" = NEURON's best ns (the
# smaller of its two modes measured in this run) / the column's ns, so
# 2.00x is twice as fast as NEURON at its best.
#
# Columns that cannot run print n/a and why: nrncc --fast until
# `bin/nrncc --help` lists --fast, --threads 2 until the executable's
# --help lists --threads, Brian2 where python3-brian is not installed or
# ../shared/bench/brian2 has no script for the model.
#
# The check of each row: every nrncc build's spikes (gid and time, at the
# 6 decimals of NEURON's dumps) equal NEURON's reference dumps
# ../shared/bench/refs/MODEL_SIZE.txt and MODEL_SIZE_cacheefficient.txt
# (an extra, untimed NEURON run makes one where there is none), and our
# spike count equals the count of every timed NEURON run.  The script
# exits with status 1 when a check fails.
#
# Everything goes to bench/out/acceptance/ (git ignores bench/out); the
# table also to bench/out/acceptance/table.md.
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C

PY=/usr/bin/python3
SHARED=${SHARED:-/work/shared/bench}
OUT=bench/out/acceptance
NRNCC=${NRNCC:-bin/nrncc}   # another build of nrncc may be given
REPS=${REPS:-3}
PEER_REPS=${PEER_REPS:-$REPS}
ALL_ROWS="hh_soma hh_axon ring randnet tree"

. bench/lib.sh   # now, sub, div, median, timed, json_field, ref_spikes, our_spikes

die() { echo "run.sh: $*" >&2; exit 2; }
usage() {
    sed -n '2,/^set -u$/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit "${1:-2}"
}

skip_slow=0
brian=1
rows=""
for a in "$@"; do
    case $a in
    --skip-slow) skip_slow=1 ;;
    --no-brian2) brian=0 ;;
    -h | --help) usage 0 ;;
    -*) echo "run.sh: unknown option '$a'" >&2; usage 2 ;;
    *)
        case " $ALL_ROWS " in *" $a "*) ;; *) die "unknown row '$a' (the rows: $ALL_ROWS)" ;; esac
        rows="$rows $a"
        ;;
    esac
done
rows=${rows:-$ALL_ROWS}
case $REPS in '' | *[!0-9]* | 0) die "bad REPS '$REPS'" ;; esac
case $PEER_REPS in '' | *[!0-9]* | 0) die "bad PEER_REPS '$PEER_REPS'" ;; esac

# row NAME: the row's size, NEURON script, reference name, Brian2 script
# (or ""), the gids that are cells (spikes of NetStims are left out) and
# whether NEURON's default mode is one of the slow runs
row() {
    case $1 in
    hh_soma) size=1000 script=model_a_hh_soma.py b2=hh_soma.py ncells=1000 slow=0 ;;
    hh_axon) size=10001 script=model_b_hh_axon.py b2="" ncells=1 slow=0 ;;
    ring) size=1000 script=model_c_ring.py b2=ring.py ncells=1000 slow=1 ;;
    randnet) size=1000 script=model_d_randnet.py b2="" ncells=1000 slow=1 ;;
    tree) size=10 script=model_e_tree.py b2="" ncells=513 slow=0 ;;
    esac
}
# model NAME DIR: write the row's model file to DIR, print its path and the
# nrncc options it needs
model() {
    case $1 in
    hh_soma) bench/gen_hh_soma.sh 1000 >"$2/hh_soma_1000.nrn" && echo "$2/hh_soma_1000.nrn" ;;
    hh_axon) echo "models/hh_axon.nrn" ;;
    ring) echo "models/ring.nrn -D N=1000" ;;
    randnet) tests/tools/netlist2nrn.sh "$SHARED/netlist_N1000_seed12345.txt" "$2/randnet_model" &&
        echo "$2/randnet_model/randnet.nrn" ;;
    tree) echo "models/tree.nrn" ;;
    esac
}
# results_md MODEL SIZE METHOD FIELD: a figure of ../shared/bench/RESULTS.md
# (FIELD 7: median run s with its range, 10: ns/comp-step)
results_md() {
    awk -F'|' -v m="$1" -v s="$2" -v k="$3" -v f="$4" '
        { for (i = 2; i <= 5; i++) gsub(/^ +| +$/, "", $i) }
        $2 == m && $3 == s && $4 == k { v = $f; gsub(/^ +| +$/, "", v); print v; exit }' "$SHARED/RESULTS.md"
}
# ns SECONDS COMPARTMENTS STEPS: ns per compartment-step, 2 decimals
ns() { awk -v s="$1" -v c="$2" -v n="$3" 'BEGIN { if (s > 0 && c > 0 && n > 0) printf "%.2f", s * 1e9 / (c * n); else printf "n/a" }'; }
# cell NS BEST: a table cell "NS (X.XXx)"
cell() {
    case $1 in n/a* | "") printf '%s' "${1:-n/a}" ;; *) printf '%s (%sx)' "$1" "$(div "$2" "$1")" ;; esac
}

# ---- set-up ----------------------------------------------------------------

make -s >/dev/null || die "make failed"
[ -x "$NRNCC" ] || die "no $NRNCC after make"
"$PY" -c 'import neuron' >/dev/null 2>&1 ||
    die "NEURON is not importable by $PY (install it: bash /work/shared/oracle/install-neuron.sh)"
[ -f "$SHARED/RESULTS.md" ] || die "no $SHARED (the benchmark models)"
mkdir -p "$OUT" || die "cannot create $OUT"

have_fast=0
"$NRNCC" --help 2>&1 | grep -q -- '--fast' && have_fast=1
brian_why=""
if [ $brian = 0 ]; then
    brian_why="n/a (--no-brian2)"
elif ! "$PY" -c 'import brian2' >/dev/null 2>&1; then
    brian_why="n/a (no brian2)"
fi

cc_name=${CC:-$(command -v clang >/dev/null 2>&1 && echo clang || echo cc)}
echo "acceptance benchmark (issue 8): nrncc vs NEURON vs Brian2, this machine, one run"
echo "date       : $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine    : $(uname -sm), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "load avg   : $(cut -d' ' -f1-3 /proc/loadavg) (at the start)"
echo "nrncc      : $("$NRNCC" --version 2>&1 | head -n 1), C compiler: $("$cc_name" --version 2>/dev/null | head -n 1)," \
    "git $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
echo "nrncc --fast: $([ $have_fast = 1 ] && echo 'listed by nrncc --help' || echo 'not in nrncc --help: n/a')"
echo "NEURON     : $("$PY" -c 'import neuron; print(neuron.__version__)' 2>/dev/null | tail -n 1), $PY $SHARED/model_*.py SIZE [--cache-efficient]"
if [ -z "$brian_why" ]; then
    echo "Brian2     : $("$PY" -c 'import brian2; print(brian2.__version__)' 2>/dev/null | tail -n 1)," \
        "cpp_standalone, $SHARED/brian2/*.py SIZE (cold build each run, one thread)"
else
    echo "Brian2     : $brian_why"
fi
echo "rows       : $rows"
echo "repetitions: ours $REPS, NEURON and Brian2 $PEER_REPS; medians"
[ $skip_slow = 1 ] && echo "--skip-slow: NEURON's default mode of ring and randnet not run; RESULTS.md's figures shown, marked (RESULTS.md)"

status=0
table=""
secs_table=""

# ---- one row ---------------------------------------------------------------

for name in $rows; do
    row "$name"
    dir=$OUT/$name
    rm -rf "$dir"
    mkdir -p "$dir"
    echo
    echo "=== $name $size === (load avg $(cut -d' ' -f1-3 /proc/loadavg))"

    # 1. the model, built exact and --fast
    # shellcheck disable=SC2046
    set -- $(model "$name" "$dir") || die "cannot write the model of $name"
    [ $# -ge 1 ] || die "cannot write the model of $name"
    t0=$(now)
    "$NRNCC" "$@" -o "$dir/sim" >"$dir/nrncc.log" 2>&1 || { cat "$dir/nrncc.log"; die "nrncc failed for $name"; }
    t1=$(now)
    echo "nrncc $*: $(sub "$t1" "$t0") s (model to executable)"
    variants="exact"
    if [ $have_fast = 1 ]; then
        t0=$(now)
        "$NRNCC" --fast "$@" -o "$dir/sim_fast" >"$dir/nrncc_fast.log" 2>&1 ||
            { cat "$dir/nrncc_fast.log"; die "nrncc --fast failed for $name"; }
        t1=$(now)
        echo "nrncc --fast $*: $(sub "$t1" "$t0") s"
        variants="$variants fast"
    fi
    if [ "${NATIVE:-0}" = 1 ]; then
        "$NRNCC" --native "$@" -o "$dir/sim_native" >"$dir/nrncc_native.log" 2>&1 ||
            { cat "$dir/nrncc_native.log"; die "nrncc --native failed for $name"; }
        variants="$variants native"
    fi
    if "$dir/sim" --help 2>&1 | grep -q -- '--threads'; then
        variants="$variants threads2"
    fi

    # 2. the runs: each repetition runs ours (every variant: a whole run and
    # a tstop=0 run), NEURON's two modes and Brian2 one after the other, so
    # that the figures of one repetition see the same load on the machine
    modes="1"
    if [ $skip_slow = 1 ] && [ "$slow" = 1 ]; then
        echo "NEURON default: not run (--skip-slow): RESULTS.md has $(results_md "$name" "$size" fixed 7) s," \
            "$(results_md "$name" "$size" fixed 10) ns per compartment-step"
    else
        modes="0 1"
    fi
    run_b2=0
    [ -z "$brian_why" ] && [ -n "$b2" ] && run_b2=1
    for v in $variants; do : >"$dir/${v}_whole.txt"; : >"$dir/${v}_start.txt"; done
    for ce in $modes; do : >"$dir/neuron_ce$ce.txt"; done
    : >"$dir/brian2.txt"
    nspikes_neuron=""
    nrep=$((REPS > PEER_REPS ? REPS : PEER_REPS))
    for r in $(seq "$nrep"); do
        [ "$r" -le "$REPS" ] && for v in $variants; do
            case $v in
            exact) cmd=("$dir/sim") ;;
            fast) cmd=("$dir/sim_fast") ;;
            native) cmd=("$dir/sim_native") ;;
            threads2) cmd=("$dir/sim" --threads 2) ;;
            esac
            timed "$dir/${v}_whole.txt" "${cmd[@]}" -q -o "$dir/out_$v" || die "our $v run failed for $name"
            timed "$dir/${v}_start.txt" "${cmd[@]}" -q -o "$dir/out_${v}_0" tstop=0 ||
                die "our $v tstop=0 run failed for $name"
        done
        [ "$r" -le "$PEER_REPS" ] || continue
        for ce in $modes; do
            log=$dir/neuron_ce${ce}_$r.log
            opt=()
            [ "$ce" = 1 ] && opt=(--cache-efficient)
            "$PY" "$SHARED/$script" "$size" "${opt[@]}" >"$log" 2>&1 || { cat "$log"; die "NEURON's $script failed"; }
            run_s=$(json_field run_s "$log")
            [ -n "$run_s" ] || { cat "$log"; die "no RESULT line from NEURON's $script"; }
            echo "$run_s" >>"$dir/neuron_ce$ce.txt"
            nspikes_neuron="$nspikes_neuron $(json_field spikes "$log")"
            comps=$(json_field compartments "$log")
            steps=$(json_field steps "$log")
        done
        if [ $run_b2 = 1 ]; then
            log=$dir/brian2_$r.log
            (cd "$SHARED/brian2" && "$PY" "$b2" "$size") >"$log" 2>&1 || { cat "$log"; die "Brian2's $b2 failed"; }
            run_s=$(json_field run_s "$log")
            [ -n "$run_s" ] || { cat "$log"; die "no RESULT line from Brian2's $b2"; }
            echo "$run_s" >>"$dir/brian2.txt"
        fi
    done

    # 3. the figures: medians
    declare -A sim=([exact]=n/a [native]=n/a [fast]="n/a (no --fast)" [threads2]="n/a (no --threads)")
    for v in $variants; do
        whole=$(median <"$dir/${v}_whole.txt")
        start=$(median <"$dir/${v}_start.txt")
        sim[$v]=$(sub "$whole" "$start")
        echo "nrncc $v: simulation ${sim[$v]} s = whole $whole s (runs: $(tr '\n' ' ' <"$dir/${v}_whole.txt"))" \
            "- tstop=0 $start s"
    done
    declare -A nrn=([0]=n/a [1]=n/a) nrn_ns=([0]=n/a [1]=n/a)
    for ce in $modes; do
        nrn[$ce]=$(median <"$dir/neuron_ce$ce.txt")
        nrn_ns[$ce]=$(ns "${nrn[$ce]}" "$comps" "$steps")
        echo "NEURON cache_efficient($ce): ${nrn[$ce]} s (runs: $(awk '{ printf "%.4f ", $1 }' "$dir/neuron_ce$ce.txt"))"
    done
    best_ns=${nrn_ns[1]}
    [ "${nrn_ns[0]}" != n/a ] && best_ns=$(awk -v a="${nrn_ns[0]}" -v b="${nrn_ns[1]}" 'BEGIN { print (a < b ? a : b) }')
    echo "compartments $comps, steps $steps (NEURON's count); NEURON's best: $best_ns ns per compartment-step"
    if [ "${nrn_ns[0]}" = n/a ]; then
        nrn_ce0_cell="$(results_md "$name" "$size" fixed 10) (RESULTS.md)"
        nrn[0]="$(results_md "$name" "$size" fixed 7 | sed 's/ .*//') (RESULTS.md)"
    else
        nrn_ce0_cell=$(cell "${nrn_ns[0]}" "$best_ns")
    fi
    b2_s="" b2_cell=""
    if [ -n "$brian_why" ]; then
        b2_cell=$brian_why
    elif [ $run_b2 = 0 ]; then
        b2_cell="n/a (no model)"
    else
        b2_s=$(median <"$dir/brian2.txt")
        echo "Brian2: $b2_s s (runs: $(awk '{ printf "%.4f ", $1 }' "$dir/brian2.txt")), $(json_field spikes "$log") spikes" \
            "(its own numerics: not compared), build $(json_field build_s "$log" | awk '{ printf "%.1f", $1 }') s"
        b2_cell=$(cell "$(ns "$b2_s" "$comps" "$steps")" "$best_ns")
    fi
    echo "load avg after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

    # 4. the check: our spikes against NEURON's
    refs=""
    for ref in "$SHARED/refs/${name}_$size.txt" "$SHARED/refs/${name}_${size}_cacheefficient.txt"; do
        [ -f "$ref" ] && refs="$refs $ref"
    done
    if [ -z "$refs" ]; then
        echo "(no reference dump refs/${name}_$size.txt: making one with an extra NEURON run)"
        "$PY" "$SHARED/$script" "$size" --dump "$dir/neuron_dump.txt" >"$dir/neuron_dump.log" 2>&1 ||
            { cat "$dir/neuron_dump.log"; die "NEURON's dump run failed for $name"; }
        refs=$dir/neuron_dump.txt
    fi
    check="ok"
    for v in $variants; do
        our_spikes "$dir/out_$v/spikes.csv" "$ncells" >"$dir/spikes_$v.txt"
        nours=$(wc -l <"$dir/spikes_$v.txt")
        for c in $nspikes_neuron; do
            if [ "$c" != "$nours" ]; then
                echo "MISMATCH $name: nrncc $v has $nours spikes, a NEURON run $c"
                check="MISMATCH"
            fi
        done
        for ref in $refs; do
            ref_spikes "$ref" >"$dir/ref_spikes.txt"
            if cmp -s "$dir/spikes_$v.txt" "$dir/ref_spikes.txt"; then
                echo "nrncc $v: spikes identical to $(basename "$ref") ($nours spikes, gid and time to 1e-6 ms)"
            else
                echo "MISMATCH $name: nrncc $v's spikes differ from $(basename "$ref") ('<' ours, '>' NEURON):"
                diff "$dir/spikes_$v.txt" "$dir/ref_spikes.txt" | grep '^[<>]' | head -n 6 | sed 's/^/    /'
                check="MISMATCH"
            fi
        done
    done
    [ "$check" = ok ] || status=1
    nspk=$(wc -l <"$dir/spikes_exact.txt")

    # 5. the row
    cells=("$nrn_ce0_cell" "$(cell "${nrn_ns[1]}" "$best_ns")")
    secs=("${nrn[0]}" "${nrn[1]}")
    cols="exact fast threads2"
    [ "${NATIVE:-0}" = 1 ] && cols="exact native fast threads2"
    for v in $cols; do
        s=${sim[$v]}
        case $s in n/a*) cells+=("$s") ;; *) cells+=("$(cell "$(ns "$s" "$comps" "$steps")" "$best_ns")") ;; esac
        secs+=("$s")
    done
    cells+=("$b2_cell")
    secs+=("${b2_s:-$b2_cell}")
    table="$table| $name $size | $comps | $steps | $(printf '%s | ' "${cells[@]}")$([ "$check" = ok ] && echo "identical ($nspk)" || echo MISMATCH) |
"
    secs_table="$secs_table| $name $size | $(printf '%s | ' "${secs[@]}" | sed 's/ $//')
"
done

# ---- the table -------------------------------------------------------------

{
    echo "ns per compartment-step (x: NEURON's best of this run / this; higher is faster)"
    echo
    nat_h="" nat_r=""
    [ "${NATIVE:-0}" = 1 ] && nat_h=" nrncc exact --native |" nat_r="---:|"
    echo "| model | compartments | steps | NEURON default | NEURON cache_efficient(1) | nrncc exact |$nat_h nrncc --fast | nrncc --threads 2 | Brian2 C++ standalone | spikes (nrncc vs NEURON) |"
    echo "|---|---:|---:|---:|---:|---:|$nat_r---:|---:|---:|---|"
    printf '%s' "$table"
    echo
    echo "simulation seconds (medians; ours without start, set-up and output)"
    echo
    echo "| model | NEURON default | NEURON cache_efficient(1) | nrncc exact |$nat_h nrncc --fast | nrncc --threads 2 | Brian2 |"
    echo "|---|---:|---:|---:|$nat_r---:|---:|---:|"
    printf '%s' "$secs_table"
} >"$OUT/table.md"
echo
echo "load avg   : $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
echo
cat "$OUT/table.md"
[ $status = 0 ] || echo "SOME CHECKS FAILED (see MISMATCH lines above)"
exit $status
