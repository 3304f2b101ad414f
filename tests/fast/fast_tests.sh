# tests/fast/fast_tests.sh - nrncc --fast (sourced by tests/run.sh; uses its
# NRNCC, OUT, CSVCMP, pass, fail, skip).
#
# Each model is built twice, as usual (NEURON's order of operations, which
# the other tests hold to NEURON's numbers) and with --fast, and run: every
# recorded column of the fast run within 1e-6 of the exact run (mV for v)
# and the same spikes to the last bit.  The ring's fast trace is also held
# to NEURON's own reference.  Then: the fast C is byte-identical across
# runs and compiles warning-free with gcc and clang -Wall -Wextra -Werror
# under the flags --fast uses; hh's state update is a vector loop
# (objdump); --embed --fast is a usage error.
F=$OUT/fast
mkdir -p "$F"

# fast_pair NAME MODEL [nrncc options...]: both builds and runs into
# $F/NAME.exact/ and $F/NAME.fast/; false (and a FAIL) if one fails
fast_pair() {
    local name=$1 model=$2
    shift 2
    if "$NRNCC" "$@" "$model" -o "$F/$name.exact.bin" >"$F/$name.log" 2>&1 &&
        "$NRNCC" --fast "$@" "$model" -o "$F/$name.fast.bin" >>"$F/$name.log" 2>&1 &&
        "$F/$name.exact.bin" -q -o "$F/$name.exact" >>"$F/$name.log" 2>&1 &&
        "$F/$name.fast.bin" -q -o "$F/$name.fast" >>"$F/$name.log" 2>&1; then
        return 0
    fi
    fail "--fast $name (build or run)" "$F/$name.log"
    return 1
}

# fast_traces NAME: every column of traces.csv, fast against exact, to 1e-6
fast_traces() {
    local name=$1 cols
    cols=$(head -n 1 "$F/$1.exact/traces.csv" | tr ',' '\n' | awk '$0 != "t" { printf "%s=%s ", $0, $0 }')
    # shellcheck disable=SC2086
    compare "fast_$name" "trace within 1e-6 of exact" --tol 1e-6 "$F/$name.fast/traces.csv" \
        "$F/$name.exact/traces.csv" $cols
}

# fast_spikes NAME: the same spike list, bit for bit
fast_spikes() {
    if [ "$(wc -l <"$F/$1.exact/spikes.csv")" -gt 1 ] && cmp -s "$F/$1.fast/spikes.csv" "$F/$1.exact/spikes.csv"; then
        pass "fast_$1 spikes identical to exact ($(($(wc -l <"$F/$1.exact/spikes.csv") - 1)) spikes)"
    else
        diff "$F/$1.fast/spikes.csv" "$F/$1.exact/spikes.csv" >"$F/$1.spikes.diff" 2>&1
        fail "fast_$1 spikes differ from exact (or none)" "$F/$1.spikes.diff"
    fi
}

# hh_soma (bench/gen_hh_soma.sh): 20 HH somas, each its own IClamp
bench/gen_hh_soma.sh 20 --trace >"$F/hh_soma_20.nrn"
sed -i 's/tstop = 1000 ms/tstop = 200 ms/' "$F/hh_soma_20.nrn"
if fast_pair hh_soma "$F/hh_soma_20.nrn"; then
    fast_traces hh_soma
    fast_spikes hh_soma
fi

# the ring of 10 ball-and-stick cells: also against NEURON's trace
if fast_pair ring models/ring.nrn -D N=10; then
    fast_traces ring
    fast_spikes ring
    compare fast_ring "trace within 1e-6 of NEURON" --tol 1e-6 "$F/ring.fast/traces.csv" tests/ref/ring_10/trace.csv \
        "ring[0].soma(0.5).v=ring[0].soma(0.5).v"
fi

# an unbranched HH axon (43 segments): --fast solves it as one chain
if fast_pair hh_axon tests/golden/hh_axon.nrn; then
    fast_traces hh_axon
    fast_spikes hh_axon
fi

# kinetic schemes, a calcium current and buffer (COMPARTMENT), ions with
# their concentrations written; and hh's vector loops beside them
if fast_pair kinetic tests/golden/kinetic.nrn; then
    fast_traces kinetic
fi
# ion styles (nai written, ena from Nernst), every ion variable recorded
if fast_pair ions tests/golden/ions.nrn; then
    fast_traces ions
fi

# a run that goes unstable is still stopped, with the same message
if "$NRNCC" --fast tests/golden/unstable.nrn -o "$F/unstable.bin" >"$F/unstable.log" 2>&1; then
    "$F/unstable.bin" -q -o "$F/unstable" 2>"$F/unstable.err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "error: the simulation went unstable at t = 1.0249999999999984 ms" "$F/unstable.err"; then
        pass "--fast unstable run stopped (exit 1, the exact build's time)"
    else
        echo "exit status $rc" >>"$F/unstable.err"
        fail "--fast unstable run" "$F/unstable.err"
    fi
else
    fail "--fast unstable (build)" "$F/unstable.log"
fi

# the fast C: deterministic, and warning-free under the flags --fast uses
FAST_FLAGS="-O3 -ffp-contract=fast -fno-math-errno -fno-trapping-math -fopenmp-simd -DNRNCC_OPENMP_SIMD -march=native"
for m in hh_soma:$F/hh_soma_20.nrn kinetic:tests/golden/kinetic.nrn ions:tests/golden/ions.nrn; do
    name=${m%%:*} model=${m#*:}
    if "$NRNCC" --fast -S "$model" -o "$F/$name.1.c" 2>"$F/$name.c.log" &&
        "$NRNCC" --fast -S "$model" -o "$F/$name.2.c" 2>>"$F/$name.c.log" && cmp -s "$F/$name.1.c" "$F/$name.2.c" &&
        grep -q "NRN_SIMD" "$F/$name.1.c"; then
        pass "--fast C of $name is byte-identical across runs and has vector loops"
    else
        fail "--fast C of $name (not deterministic or no NRN_SIMD loop)" "$F/$name.c.log"
    fi
    for compiler in gcc clang; do
        extra=
        [ $compiler = clang ] && extra="-fveclib=libmvec -Wno-pass-failed"
        # shellcheck disable=SC2086
        if $compiler -std=c99 $FAST_FLAGS $extra -Wall -Wextra -Werror -Iruntime -c -o "$F/$name.$compiler.o" \
            "$F/$name.1.c" >"$F/$name.$compiler.log" 2>&1; then
            pass "--fast C of $name compiles with $compiler -Wall -Wextra -Werror"
        else
            fail "--fast C of $name with $compiler -Wall -Wextra -Werror" "$F/$name.$compiler.log"
        fi
    done
done

# hh's state update runs as a vector loop: packed-double arithmetic in
# K_hh_state (exp inlined: nx_exp is branch-free, no call)
case ${NRNCC_CFLAGS:-} in
*sanitize*) fast_vec_check=0 ;; # the sanitizers' checks keep loops scalar
*) fast_vec_check=1 ;;
esac
if [ $fast_vec_check = 0 ]; then
    skip "--fast vector loops" "NRNCC_CFLAGS has sanitizers"
elif command -v objdump >/dev/null 2>&1 && [ -x "$F/hh_soma.fast.bin" ]; then
    objdump -d --no-show-raw-insn "$F/hh_soma.fast.bin" | awk '/<K_hh_state>:/, /^$/' >"$F/hh_state.s"
    if grep -Eq "v?(mul|add|sub|div|vfmadd[0-9]*)pd" "$F/hh_state.s" && ! grep -q "call.*<exp" "$F/hh_state.s"; then
        pass "--fast hh state update vectorised ($(grep -Ec "v?(mul|add|sub|div|vfmadd[0-9]*)pd" "$F/hh_state.s") packed instructions, no exp call)"
    else
        fail "--fast hh state update is not vectorised (or calls exp)" "$F/hh_state.s"
    fi
else
    skip "--fast vector loops" "no objdump"
fi

# --embed --fast: refused, exit 2, nothing written
rm -f "$F/embed.c" "$F/embed.h"
"$NRNCC" --embed --fast examples/spike_demo.nrn -o "$F/embed.c" >"$F/embed.out" 2>"$F/embed.err"
rc=$?
if [ $rc -eq 2 ] && [ ! -e "$F/embed.c" ] && [ ! -e "$F/embed.h" ] &&
    grep -q "^nrncc: error: --fast does not go with --embed" "$F/embed.err"; then
    pass "--embed --fast is a usage error (exit 2)"
else
    echo "exit status $rc" >>"$F/embed.err"
    fail "--embed --fast is not refused as it should be" "$F/embed.err"
fi
