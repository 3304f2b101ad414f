# tests/rand/rand_tests.sh - NEURON's random streams: the default stream
# (scop_random, exprand, normrand, set_seed) that mechanisms and NetStim's
# noise draw from, against NEURON 8.2.2 to the last bit.  Sourced by
# tests/run.sh (it uses pass, fail, skip, compare, $NRNCC, $OUT, $CSVCMP).

# NEURON's python (Debian's), or none: the references are made here
RAND_PY=
for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import neuron" >/dev/null 2>&1; then
        RAND_PY=$py
        break
    fi
done

# rand_cols FILE: csvcmp's COL=COL pairs for every column but t of FILE
rand_cols() {
    head -n 1 "$1" | tr , '\n' | tail -n +2 | sed 's/.*/&=&/'
}

# rand_against NAME: compare $OUT/NAME (nrncc's run) with $OUT/NAME.ref
rand_against() {
    local c
    mapfile -t c < <(rand_cols "$OUT/$2.ref/traces.csv")
    compare "$1" trace "$OUT/$2/traces.csv" "$OUT/$2.ref/traces.csv" "${c[@]}"
    if [ -f "$OUT/$2.ref/spikes.csv" ]; then
        compare "$1" spikes --spikes "$OUT/$2/spikes.csv" "$OUT/$2.ref/spikes.csv"
    fi
}

# ---- noisy NetStims (tests/rand/netstim_noise.nrn) ------------------------------

if ! build rand_ns tests/rand/netstim_noise.nrn ||
    ! "$OUT/rand_ns.bin" -q -o "$OUT/rand_ns" >>"$OUT/rand_ns.log" 2>&1 ||
    ! "$OUT/rand_ns.bin" -q -o "$OUT/rand_ns_s" seed=20261124 >>"$OUT/rand_ns.log" 2>&1; then
    fail "rand: noisy NetStims (build or run)" "$OUT/rand_ns.log"
elif [ -z "$RAND_PY" ]; then
    skip "rand: noisy NetStims against NEURON" "no NEURON"
elif ! "$RAND_PY" tests/rand/netstim_noise.py "$OUT/rand_ns.ref" >"$OUT/rand_ns.ref.log" 2>&1 ||
    ! "$RAND_PY" tests/rand/netstim_noise.py "$OUT/rand_ns_s.ref" 20261124 >>"$OUT/rand_ns.ref.log" 2>&1; then
    fail "rand: NEURON's reference for the noisy NetStims" "$OUT/rand_ns.ref.log"
else
    # a run that cannot pass by accident: many random spikes, most of them
    # from the chain of NetStims restarted by events
    n=$(($(wc -l <"$OUT/rand_ns.ref/spikes.csv") - 1))
    if [ "$n" -ge 100 ]; then
        pass "rand: NEURON's noisy NetStims fire $n spikes"
    else
        fail "rand: too few spikes ($n) in NEURON's noisy NetStims to test the stream"
    fi
    rand_against "rand netstim noise" rand_ns
    rand_against "rand netstim noise seed=20261124" rand_ns_s
    if cmp -s "$OUT/rand_ns/spikes.csv" "$OUT/rand_ns_s/spikes.csv"; then
        fail "rand: seed= changes nothing in the noisy NetStims"
    else
        pass "rand: seed= gives other noisy spikes"
    fi
fi

# ---- NetStims with their own Random123 streams (tests/rand/netstim_r123.nrn) -----

# kind 1: as noiseFromRandom123; 2: as noiseFromRandom of a Random123
# Random; 3: of an MCellRan4 Random
for kind in 1 2 3; do
    sed "s/rng = 1/rng = $kind/" tests/rand/netstim_r123.nrn >"$OUT/rand_r123ns$kind.nrn"
    if ! simulate rand_r123ns$kind "$OUT/rand_r123ns$kind.nrn"; then
        fail "rand: NetStims of their own streams, rng = $kind (build or run)" "$OUT/rand_r123ns$kind.log"
    elif [ -z "$RAND_PY" ]; then
        skip "rand: NetStims of their own streams, rng = $kind, against NEURON" "no NEURON"
    elif ! "$RAND_PY" tests/rand/netstim_r123.py "$OUT/rand_r123ns$kind.ref" $kind >"$OUT/rand_r123ns$kind.ref.log" 2>&1; then
        fail "rand: NEURON's reference for the NetStims of their own streams ($kind)" "$OUT/rand_r123ns$kind.ref.log"
    else
        rand_against "rand NetStims' own streams rng = $kind" rand_r123ns$kind
    fi
done
if [ -f "$OUT/rand_r123ns1/spikes.csv" ] && [ -f "$OUT/rand_r123ns2/spikes.csv" ] &&
    [ -f "$OUT/rand_r123ns3/spikes.csv" ] && ! cmp -s "$OUT/rand_r123ns1/spikes.csv" "$OUT/rand_r123ns2/spikes.csv" &&
    ! cmp -s "$OUT/rand_r123ns2/spikes.csv" "$OUT/rand_r123ns3/spikes.csv"; then
    pass "rand: rng = 1, 2 and 3 give three other spike lists"
else
    fail "rand: rng = 1, 2 and 3 do not give three other spike lists"
fi

# ---- mechanisms of our own drawing in INITIAL, BREAKPOINT, NET_RECEIVE ----------

# (nrnivmodl's last step, the 'special' program, fails on Debian; the
# library is all NEURON needs here)
RAND_MODS=$OUT/rand_mods
if ! build rand_draws tests/rand/draws.nrn ||
    ! "$OUT/rand_draws.bin" -q -o "$OUT/rand_draws" >>"$OUT/rand_draws.log" 2>&1 ||
    ! "$OUT/rand_draws.bin" -q -o "$OUT/rand_draws_s" seed=123456789 >>"$OUT/rand_draws.log" 2>&1; then
    fail "rand: draws.nrn (build or run)" "$OUT/rand_draws.log"
elif [ -z "$RAND_PY" ] || ! command -v nrnivmodl >/dev/null 2>&1; then
    skip "rand: draws.nrn against NEURON" "no NEURON or no nrnivmodl"
elif ! { rm -rf "$RAND_MODS" && mkdir -p "$RAND_MODS" && cp tests/rand/rnd.mod tests/rand/rtick.mod tests/rand/r123.mod tests/rand/rsyn.mod tests/rand/rnoise.mod "$RAND_MODS" &&
    { (cd "$RAND_MODS" && nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn") >"$OUT/rand_mods.log" 2>&1 ||
        true; } && [ -f "$RAND_MODS/x86_64/libnrnmech.so" ]; }; then
    fail "rand: the test's .mod files compiled for NEURON" "$OUT/rand_mods.log"
else
    lib=$RAND_MODS/x86_64/libnrnmech.so
    sed 's/^use "rnd.mod", "rtick.mod"$/&\nseedv_rnd = 7/' tests/rand/draws.nrn >"$OUT/rand_draws7.nrn"
    cp tests/rand/rnd.mod tests/rand/rtick.mod "$OUT/"
    if ! simulate rand_draws7 "$OUT/rand_draws7.nrn"; then
        fail "rand: draws.nrn with set_seed(7) (build or run)" "$OUT/rand_draws7.log"
    elif ! "$RAND_PY" tests/rand/draws.py "$OUT/rand_draws.ref" "$lib" >"$OUT/rand_draws.ref.log" 2>&1 ||
        ! "$RAND_PY" tests/rand/draws.py "$OUT/rand_draws7.ref" "$lib" 7 >>"$OUT/rand_draws.ref.log" 2>&1 ||
        ! "$RAND_PY" tests/rand/draws.py "$OUT/rand_draws_s.ref" "$lib" 0 123456789 >>"$OUT/rand_draws.ref.log" 2>&1; then
        fail "rand: NEURON's reference for draws.nrn" "$OUT/rand_draws.ref.log"
    else
        rand_against "rand draws" rand_draws
        rand_against "rand draws set_seed(7) in INITIAL" rand_draws7
        rand_against "rand draws seed=123456789" rand_draws_s
    fi
    # Random123 streams of VERBATIM C (nrnran123_* calls)
    if ! simulate rand_r123 tests/rand/r123.nrn; then
        fail "rand: r123.nrn (build or run)" "$OUT/rand_r123.log"
    elif ! "$RAND_PY" tests/rand/r123.py "$OUT/rand_r123.ref" "$lib" >"$OUT/rand_r123.ref.log" 2>&1; then
        fail "rand: NEURON's reference for r123.nrn" "$OUT/rand_r123.ref.log"
    else
        rand_against "rand Random123 from VERBATIM" rand_r123
    fi
    # Random objects bound to POINTERs (nrn_random_pick): NEURON binds them
    # by the mods' hoc-called PROCEDUREs, nrncc by setpointer
    if ! simulate rand_obj tests/rand/rand_obj.nrn; then
        fail "rand: rand_obj.nrn (build or run)" "$OUT/rand_obj.log"
    elif ! "$RAND_PY" tests/rand/rand_obj.py "$OUT/rand_obj.ref" "$lib" >"$OUT/rand_obj.ref.log" 2>&1; then
        fail "rand: NEURON's reference for rand_obj.nrn" "$OUT/rand_obj.ref.log"
    else
        # every drawn number and spike to the last bit; v to 1e-9 mV (the
        # synapses' currents sum in another order: 1e-10 mV without Randoms)
        mapfile -t c < <(rand_cols "$OUT/rand_obj.ref/traces.csv" | grep -v '^soma')
        compare "rand Random objects (draws)" trace --tol 0 "$OUT/rand_obj/traces.csv" "$OUT/rand_obj.ref/traces.csv" "${c[@]}"
        compare "rand Random objects (v)" trace "$OUT/rand_obj/traces.csv" "$OUT/rand_obj.ref/traces.csv" \
            "soma(0.5).v=soma(0.5).v"
        compare "rand Random objects" spikes --spikes --tol 0 "$OUT/rand_obj/spikes.csv" "$OUT/rand_obj.ref/spikes.csv"
        n=$(awk -F, 'NR > 1 && $11 != prev { k++; prev = $11 } NR > 1 && $6 != p6 { j++; p6 = $6 } END { print k + 0, j + 0 }' \
            "$OUT/rand_obj.ref/traces.csv")
        if [ "${n% *}" -ge 20 ] && [ "${n#* }" -ge 4000 ]; then
            pass "rand: NEURON's Random objects drew ($n values of lone.last and of noise.x)"
        else
            fail "rand: too few draws in NEURON's rand_obj run ($n)"
        fi
    fi
fi

# Random objects: the model's declared state at each run, one thread,
# --embed refused
if [ -x "$OUT/rand_obj.bin" ]; then
    if "$OUT/rand_obj.bin" -q -o "$OUT/rand_obj_t2" --threads 2 >"$OUT/rand_obj_t2.log" 2>&1 &&
        cmp -s "$OUT/rand_obj/traces.csv" "$OUT/rand_obj_t2/traces.csv"; then
        pass "rand: Random objects under --threads 2 (one thread) equal the run"
    else
        fail "rand: Random objects under --threads 2" "$OUT/rand_obj_t2.log"
    fi
fi
# hoc_execerror from VERBATIM (rnoise.mod without a Random): the run
# stops with its message, exit status 1, no output left
cat >"$OUT/rand_noerr.nrn" <<'NRN'
model rand_noerr
use "rnoise.mod"
section soma { L = 20 um  diam = 20 um  insert pas }
RandNoise n at soma(0.5)
record soma(0.5).v
run { tstop = 1 ms }
NRN
cp tests/rand/rnoise.mod "$OUT/"
rm -rf "$OUT/rand_noerr"
if ! build rand_noerr "$OUT/rand_noerr.nrn"; then
    fail "rand: an unset Random the mod tests (build)" "$OUT/rand_noerr.log"
else
    "$OUT/rand_noerr.bin" -q -o "$OUT/rand_noerr" >"$OUT/rand_noerr.out" 2>"$OUT/rand_noerr.err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "error: hoc_execerror: RandNoise: no Random given$" "$OUT/rand_noerr.err" &&
        [ ! -e "$OUT/rand_noerr/traces.csv" ]; then
        pass "rand: hoc_execerror stops the run (an unset Random the mod tests)"
    else
        echo "exit status $rc" >>"$OUT/rand_noerr.err"
        fail "rand: hoc_execerror from VERBATIM" "$OUT/rand_noerr.err"
    fi
fi
mkdir -p "$OUT/rand_obj_embed"
if "$NRNCC" --embed tests/rand/rand_obj.nrn --prefix ro -o "$OUT/rand_obj_embed/ro.c" >"$OUT/rand_obj_embed/log" 2>&1; then
    fail "rand: --embed of Random objects is not refused"
elif grep -q "error: nrncc --embed does not provide Random objects" "$OUT/rand_obj_embed/log" &&
    [ ! -e "$OUT/rand_obj_embed/ro.c" ]; then
    pass "rand: --embed of Random objects refused with an error"
else
    fail "rand: --embed of Random objects: no clear error" "$OUT/rand_obj_embed/log"
fi

# Philox4x32-10's known answers (Random123's own test vectors), through a
# program linked with the runtime
cat >"$OUT/rand_kat.c" <<'KAT'
#include <stdio.h>
#include "nrt.h"
int main(void)
{
    const uint32_t c0[4] = {0, 0, 0, 0}, k0[2] = {0, 0};
    const uint32_t c1[4] = {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, k1[2] = {0xa4093822u, 0x299f31d0u};
    uint32_t o[4];
    nrt_philox4x32(c0, k0, o);
    printf("%08x %08x %08x %08x\n", o[0], o[1], o[2], o[3]);
    nrt_philox4x32(c1, k1, o);
    printf("%08x %08x %08x %08x\n", o[0], o[1], o[2], o[3]);
    return 0;
}
KAT
# shellcheck disable=SC2086
if ! cc -std=c99 $TEST_SAN -Wall -Wextra -Iruntime -o "$OUT/rand_kat" "$OUT/rand_kat.c" "$(dirname "$NRNCC")/../lib/libnrnrt.a" -lm >"$OUT/rand_kat.log" 2>&1; then
    fail "rand: Philox4x32-10 known answers (build)" "$OUT/rand_kat.log"
elif [ "$("$OUT/rand_kat" | tr '\n' ' ')" = "6627e8d5 e169c58d bc57ac4c 9b00dbd8 d16cfe09 94fdcceb 5001e420 24126ea1 " ]; then
    pass "rand: Philox4x32-10 gives Random123's known answers"
else
    "$OUT/rand_kat" >>"$OUT/rand_kat.log" 2>&1
    fail "rand: Philox4x32-10 known answers" "$OUT/rand_kat.log"
fi

# ---- --embed: the embedded C draws the same streams ---------------------------

# rand_embed NAME MODEL RUN: the embedded C of MODEL on the host against
# the executable's run in $OUT/RUN
rand_embed() {
    local d=$OUT/rand_embed_$1
    mkdir -p "$d"
    if ! "$NRNCC" --embed "$2" --prefix rns -o "$d/rns.c" >"$d/nrncc.log" 2>&1; then
        fail "rand: nrncc --embed of $1" "$d/nrncc.log"
    elif ! cc -std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off -O1 -I"$d" -DMODEL_H='"rns.h"' -DPFX=rns \
        -DPFXU=RNS -DMAXSPIKES=20000 -o "$d/host" tests/embed/trace_main.c "$d/rns.c" -lm >"$d/cc.log" 2>&1; then
        fail "rand: the embedded C of $1 does not build" "$d/cc.log"
    elif ! "$d/host" >"$d/host.txt" 2>"$d/host.err"; then
        fail "rand: the embedded $1's run" "$d/host.err"
    elif [ ! -f "$OUT/$3/spikes.csv" ]; then
        fail "rand: the embedded $1: no executable's run to compare with"
    else
        awk '/^# spikes/ { exit } { print }' "$d/host.txt" >"$d/trace.csv"
        awk 'f { print } /^# spikes/ { f = 1 }' "$d/host.txt" >"$d/spikes.csv"
        compare "rand embed $1" trace --tol 0 "$d/trace.csv" "$OUT/$3/traces.csv" \
            "soma(0.5).v=soma(0.5).v" "syn.g=syn.g"
        compare "rand embed $1" spikes --spikes --tol 0 "$d/spikes.csv" "$OUT/$3/spikes.csv"
    fi
}
rand_embed "noisy NetStims" tests/rand/netstim_noise.nrn rand_ns
rand_embed "Random123 NetStims" "$OUT/rand_r123ns2.nrn" rand_r123ns2
rand_embed "MCellRan4 NetStims" "$OUT/rand_r123ns3.nrn" rand_r123ns3

# ---- SaveState: the shared stream's state and the NetStims' own positions ----------

if declare -F savestate >/dev/null; then
    savestate rand_shared tests/rand/netstim_noise.nrn 37 "the shared stream mid-train"
    savestate rand_rng "$OUT/rand_r123ns3.nrn" 41 "NetStims of their own streams"
    savestate rand_obj tests/rand/rand_obj.nrn 53 "Random objects mid-run, an unset one"
else
    skip "rand: savestate" "tests/run.sh's savestate not defined"
fi
