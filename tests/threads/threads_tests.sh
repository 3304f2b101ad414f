# tests/threads/threads_tests.sh - --threads N, the interval mode: each
# thread steps its cells between spike exchanges with its own event queue
# (emit_threads.c).  Every case's files must be the same bytes on 1, 2 and
# 3 threads; the equal-time case is NEURON's on one.  Sourced by
# tests/run.sh (it uses pass, fail, skip, $NRNCC, $OUT and $CSVCMP).

THR_PY=
for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import neuron" >/dev/null 2>&1; then
        THR_PY=$py
        break
    fi
done

# thr_same NAME MODEL NOTE [settings...]: built, run on 1, 2 and 3 threads,
# on one thread as 4 tiles and on 2 threads as 3 tiles each (--tiles: the
# interval mode's shares stepped in turn) into $OUT/thr3_NAME_N; the same
# files; NOTE: what the runs on several threads say on stderr ('' nothing;
# tiles on one thread say nothing)
thr_same() {
    local name=$1 model=$2 note=$3; shift 3
    local log=$OUT/thr3_$name.log n f ok=1 opts
    if ! "$NRNCC" "$model" -o "$OUT/thr3_$name.bin" >"$log" 2>&1; then
        fail "$name (build)" "$log"
        return 1
    fi
    for n in 1 2 3 t4 2t3; do
        case $n in
        t*) opts="--tiles ${n#t}" ;;
        *t*) opts="--threads ${n%t*} --tiles ${n#*t}" ;;
        *) opts="--threads $n" ;;
        esac
        rm -rf "$OUT/thr3_${name}_$n"
        # shellcheck disable=SC2086
        if ! "$OUT/thr3_$name.bin" -o "$OUT/thr3_${name}_$n" $opts "$@" >"$OUT/thr3_${name}_$n.err" 2>&1; then
            cat "$OUT/thr3_${name}_$n.err" >>"$log"
            fail "$name with $opts (run)" "$log"
            return 1
        fi
        [ $n = 1 ] && continue
        if [ -n "$note" ] && [ $n != t4 ]; then
            grep -q "note: the threads meet every step: $note" "$OUT/thr3_${name}_$n.err" || ok=0
        elif grep -q "note:" "$OUT/thr3_${name}_$n.err"; then
            ok=0
        fi
        for f in "$OUT/thr3_${name}_1"/*.csv; do
            cmp -s "$f" "$OUT/thr3_${name}_$n/$(basename "$f")" || ok=0
        done
    done
    cat "$OUT/thr3_${name}"_*.err >>"$log"
    if [ $ok -eq 1 ]; then
        pass "$name on 1, 2 and 3 threads and in tiles: the same bytes${note:+ (the threads meet every step: $note)}"
    else
        fail "$name on 2 and 3 threads or in tiles: files or notes differ" "$log"
        return 1
    fi
}

# ---- events crossing threads at equal times ---------------------------------------
if thr_same equal_times tests/threads/equal_times.nrn ""; then
    if [ "$(grep -c '^[0-9]*,2.600000000100003$' "$OUT/thr3_equal_times_1/spikes.csv")" -ne 6 ]; then
        fail "equal_times: the six cells do not spike in one step" "$OUT/thr3_equal_times_1/spikes.csv"
    elif [ -z "$THR_PY" ]; then
        skip "equal_times against NEURON" "no NEURON"
    elif ! "$THR_PY" tests/threads/equal_times.py "$OUT/thr3_equal_times.ref" >"$OUT/thr3_equal_times.ref.log" 2>&1; then
        fail "equal_times: NEURON's reference" "$OUT/thr3_equal_times.ref.log"
    else
        IFS=, read -r -a cols <"$OUT/thr3_equal_times.ref/traces.csv"
        pairs=()
        for c in "${cols[@]:1}"; do pairs+=("$c=$c"); done
        compare thr3_equal_times trace --tol 0 "$OUT/thr3_equal_times_1/traces.csv" "$OUT/thr3_equal_times.ref/traces.csv" "${pairs[@]}"
        compare thr3_equal_times spikes --spikes --tol 0 "$OUT/thr3_equal_times_1/spikes.csv" "$OUT/thr3_equal_times.ref/spikes.csv"
    fi
fi

# ---- the interval mode's other cases ------------------------------------------------
# cells without NetCons (intervals of the trace buffer's length), every v
thr_same nonet tests/threads/nonet.nrn ""
# the ring of tests/ref/ring_10, and the randnet run of tests/run.sh
if [ -x "$OUT/ring_10.bin" ]; then
    rm -rf "$OUT/thr3_ring"
    if "$OUT/ring_10.bin" -o "$OUT/thr3_ring" --threads 3 >"$OUT/thr3_ring.log" 2>&1 &&
        ! grep -q "note:" "$OUT/thr3_ring.log" &&
        cmp -s "$OUT/thr3_ring/traces.csv" "$OUT/ring_10/traces.csv" && cmp -s "$OUT/thr3_ring/spikes.csv" "$OUT/ring_10/spikes.csv"; then
        pass "ring_10 on 3 threads in the interval mode: the one-thread run's bytes"
    else
        fail "ring_10 on 3 threads in the interval mode" "$OUT/thr3_ring.log"
    fi
fi
if [ -x "$OUT/randnet.bin" ] && [ -d "$OUT/randnet" ]; then
    rm -rf "$OUT/thr3_randnet"
    if "$OUT/randnet.bin" -o "$OUT/thr3_randnet" --threads 2 tstop=50 >"$OUT/thr3_randnet.log" 2>&1 &&
        ! grep -q "note:" "$OUT/thr3_randnet.log" &&
        cmp -s "$OUT/thr3_randnet/traces.csv" "$OUT/randnet/traces.csv" && cmp -s "$OUT/thr3_randnet/spikes.csv" "$OUT/randnet/spikes.csv"; then
        pass "randnet on 2 threads in the interval mode: the one-thread run's bytes"
    else
        fail "randnet on 2 threads in the interval mode" "$OUT/thr3_randnet.log"
    fi
fi

# the ring in tiles: 7 on one thread, 2 threads of 3 each, 3 of 2 (a ring of
# 10 cells: shares of one or two cells), and more tiles than cells
if [ -x "$OUT/ring_10.bin" ]; then
    ok=1
    for opts in "--tiles 7" "--threads 2 --tiles 3" "--threads 3 --tiles 2" "--tiles 40"; do
        rm -rf "$OUT/thr3_ring_tiles"
        # shellcheck disable=SC2086
        if ! "$OUT/ring_10.bin" -o "$OUT/thr3_ring_tiles" $opts >"$OUT/thr3_ring_tiles.err" 2>&1 ||
            grep -q "note:" "$OUT/thr3_ring_tiles.err" ||
            ! cmp -s "$OUT/thr3_ring_tiles/traces.csv" "$OUT/ring_10/traces.csv" ||
            ! cmp -s "$OUT/thr3_ring_tiles/spikes.csv" "$OUT/ring_10/spikes.csv"; then
            echo "with $opts:" >>"$OUT/thr3_ring_tiles.log"
            cat "$OUT/thr3_ring_tiles.err" >>"$OUT/thr3_ring_tiles.log"
            ok=0
        fi
    done
    if [ $ok -eq 1 ]; then
        pass "ring_10 in tiles (--tiles 7, 40; 2 threads x 3, 3 x 2): the one-thread run's bytes"
    else
        fail "ring_10 in tiles" "$OUT/thr3_ring_tiles.log"
    fi
fi
# a ring of 10,000 cells (27 MB of state: on one thread in tiles by default
# where the last-level cache is under 36 MB): the bytes of --tiles 1
if "$NRNCC" -D N=10000 models/ring.nrn -o "$OUT/thr3_ring10k.bin" >"$OUT/thr3_ring10k.log" 2>&1 &&
    "$OUT/thr3_ring10k.bin" -q -o "$OUT/thr3_ring10k_d" tstop=5 >>"$OUT/thr3_ring10k.log" 2>&1 &&
    "$OUT/thr3_ring10k.bin" -q -o "$OUT/thr3_ring10k_1" tstop=5 --tiles 1 >>"$OUT/thr3_ring10k.log" 2>&1 &&
    cmp -s "$OUT/thr3_ring10k_d/traces.csv" "$OUT/thr3_ring10k_1/traces.csv" &&
    cmp -s "$OUT/thr3_ring10k_d/spikes.csv" "$OUT/thr3_ring10k_1/spikes.csv"; then
    pass "ring of 10000 cells, tiles by the cache's size and --tiles 1: the same bytes"
else
    fail "ring of 10000 cells in tiles" "$OUT/thr3_ring10k.log"
fi
rm -f "$OUT/thr3_ring10k.bin"

# --tiles' values, and a run that cannot use them (--save): a note
if [ -x "$OUT/ring_10.bin" ]; then
    if ! "$OUT/ring_10.bin" -o "$OUT/thr3_tiles_bad" --tiles 0 >"$OUT/thr3_tiles_bad.err" 2>&1 &&
        grep -q "bad value '0' for '--tiles': expected a whole number from 1 to 4096" "$OUT/thr3_tiles_bad.err" &&
        [ ! -e "$OUT/thr3_tiles_bad" ]; then
        pass "--tiles 0 is refused ($(head -n 1 "$OUT/thr3_tiles_bad.err"))"
    else
        fail "--tiles 0 is refused" "$OUT/thr3_tiles_bad.err"
    fi
    rm -rf "$OUT/thr3_tiles_save"
    if "$OUT/ring_10.bin" -o "$OUT/thr3_tiles_save" --tiles 3 --save "$OUT/thr3_tiles.state" >"$OUT/thr3_tiles_save.err" 2>&1 &&
        grep -q "note: --tiles is ignored: --save and --restore need the whole model between steps" "$OUT/thr3_tiles_save.err" &&
        cmp -s "$OUT/thr3_tiles_save/traces.csv" "$OUT/ring_10/traces.csv"; then
        pass "--tiles with --save: ignored with a note, the same trace"
    else
        fail "--tiles with --save" "$OUT/thr3_tiles_save.err"
    fi
fi

# plays (each on its target's thread) and records of several cells' variables
thr_same play_net tests/threads/play_net.nrn ""

# ---- what makes the threads meet every step -----------------------------------------
# NetStims with noise on several threads: the run starts again
thr_same noisy tests/threads/noisy.nrn "a NET_RECEIVE drew random numbers from the one stream on several threads; the run starts again"
# a NetCon between threads shorter than 1.5 dt
thr_same short_delay tests/threads/noisy.nrn "its shortest NetCon delay between threads is less than 1.5 dt" dt=2.5

# ---- a run that goes unstable on a thread: the one-thread run's error, no files ----------
if "$NRNCC" tests/threads/unstable_net.nrn -o "$OUT/thr3_unstable.bin" >"$OUT/thr3_unstable.log" 2>&1; then
    ok=1
    for n in 1 2 3; do
        rm -rf "$OUT/thr3_unstable_$n"
        "$OUT/thr3_unstable.bin" -o "$OUT/thr3_unstable_$n" --threads $n >"$OUT/thr3_unstable_$n.out" 2>"$OUT/thr3_unstable_$n.err"
        rc=$?
        [ $rc -eq 1 ] && [ -z "$(ls -A "$OUT/thr3_unstable_$n" 2>/dev/null)" ] || ok=0
        cmp -s "$OUT/thr3_unstable_1.err" "$OUT/thr3_unstable_$n.err" || ok=0
        cat "$OUT/thr3_unstable_$n.err" >>"$OUT/thr3_unstable.log"
    done
    if [ $ok -eq 1 ] && grep -q "unstable at t = .* ms: .* at c\[3\].soma(0.5)" "$OUT/thr3_unstable_1.err"; then
        pass "unstable_net on 1, 2 and 3 threads: the same error ($(cut -d: -f3- "$OUT/thr3_unstable_1.err" | head -n 1)), no files"
    else
        fail "unstable_net on several threads" "$OUT/thr3_unstable.log"
    fi
else
    fail "unstable_net (build)" "$OUT/thr3_unstable.log"
fi
