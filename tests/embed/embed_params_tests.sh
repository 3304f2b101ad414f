# tests/embed/embed_params_tests.sh - a model's params in the embedded C
# (nrncc-embed(7) PARAMS); sourced by tests/run.sh after embed_tests.sh,
# using its pass/fail/skip, $NRNCC, $OUT and $CSVCMP.
#
# The host program sets params with PFX_set_param and its trace equals the
# executable's run with NAME=VALUE on its command line, bit for bit (the
# ring's weight and delay; every kind of place in tests/params); the
# setters' error codes and their effect during a run
# (tests/embed/params_main.c); on QEMU's mps2-an500 the board's output
# equals the host's byte for byte.  Space plots (record range) sampled with
# PFX_range_sample equal the executable's range files
# (tests/embed/range_main.c), on the host and the board.  Also the Cortex-M3 (mps2-an385): within
# 1e-9 mV of the host with newlib's libm, byte for byte with --no-libm.

EP=$OUT/embed_params
mkdir -p "$EP"
EP_HARNESS=${NRNCC_EMBED_HARNESS:-../shared/embed}
EP_STRICT="-std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off"

# ep_case NAME MODEL "NRNCC OPTIONS" "NAME=VALUE ..." [cc options]: the embedded
# C with the params set by trace_main.c against the executable with them
ep_case() {
    local name=$1 model=$2 opts=$3 vals=$4 extra=${5:-} d=$EP/$1 a
    mkdir -p "$d"
    : >"$d/set_params.h"
    for a in $vals; do printf '{"%s", %s},\n' "${a%%=*}" "${a#*=}" >>"$d/set_params.h"; done
    # shellcheck disable=SC2086
    if ! "$NRNCC" --embed "$model" $opts --prefix m -o "$d/m.c" >"$d/log" 2>&1 ||
        ! cc $EP_STRICT -O1 $TEST_SAN -I"$d" -DMODEL_H='"m.h"' -DPFX=m -DPFXU=M -DSET_PARAMS $extra \
            -o "$d/host" tests/embed/trace_main.c "$d/m.c" -lm >>"$d/log" 2>&1 ||
        ! "$d/host" >"$d/host.txt" 2>>"$d/log"; then
        fail "embed params $name: build or run" "$d/log"
        return
    fi
    awk '/^# spikes/ { exit } { print }' "$d/host.txt" >"$d/trace.csv"
    awk 'f { print } /^# spikes/ { f = 1 }' "$d/host.txt" >"$d/spikes.csv"
    # shellcheck disable=SC2086
    if ! "$NRNCC" "$model" $opts -o "$d/exe" >>"$d/log" 2>&1 || ! "$d/exe" -q -o "$d/exe_out" $vals >>"$d/log" 2>&1 ||
        ! "$d/exe" -q -o "$d/exe_default" >>"$d/log" 2>&1; then
        fail "embed params $name: the executable" "$d/log"
        return
    fi
    local cols pairs=() c
    IFS=, read -r -a cols <"$d/exe_out/traces.csv"
    for c in "${cols[@]:1}"; do pairs+=("$c=$c"); done
    if cmp -s "$d/exe_out/traces.csv" "$d/exe_default/traces.csv"; then
        fail "embed params $name: $vals do not change the executable's run (a test that cannot fail)" "$d/log"
    elif "$CSVCMP" --tol 0 "$d/trace.csv" "$d/exe_out/traces.csv" "${pairs[@]}" >"$d/cmp.txt" 2>&1 &&
        { [ ! -f "$d/exe_out/spikes.csv" ] ||
            "$CSVCMP" --spikes --tol 0 "$d/spikes.csv" "$d/exe_out/spikes.csv" >>"$d/cmp.txt" 2>&1; }; then
        pass "embed params $name: set by the host program = the executable's $vals, $(($(wc -l <"$d/trace.csv") - 1)) rows x ${#pairs[@]}, $(($(wc -l <"$d/spikes.csv") - 1)) spikes, max |diff| 0"
    else
        fail "embed params $name: the host's trace differs from the executable's $vals" "$d/cmp.txt"
    fi
}

ep_case ring10 models/ring.nrn "-D N=10" "w=0.0637 d=4.25"
ep_case ring10_after_init models/ring.nrn "-D N=10" "w=0.0637 d=4.25" -DPARAMS_AFTER_INIT
ep_case cell_params tests/params/cell_params.nrn "" \
    "gna=0.1 gl=0.0004 vi=-63.5 m0=0.07 amp=620 eps4=2e-6 w=3.5 d=2.25 thr=-30"
ep_case cell_params_after_init tests/params/cell_params.nrn "" \
    "gna=0.1 gl=0.0004 amp=620 eps4=2e-6 w=3.5 d=2.25 thr=-30" -DPARAMS_AFTER_INIT

# the setters' and getters' API, error codes, changes during a run
d=$EP/api
mkdir -p "$d"
if "$NRNCC" --embed models/ring.nrn -D N=10 -o "$d/ring.c" >"$d/log" 2>&1; then
    for compiler in gcc clang; do
        # shellcheck disable=SC2086
        if ! command -v $compiler >/dev/null; then
            skip "embed params API with $compiler" "no $compiler"
        elif $compiler $EP_STRICT -O1 $TEST_SAN -I"$d" -o "$d/pm_$compiler" tests/embed/params_main.c "$d/ring.c" -lm \
            >>"$d/log" 2>&1 && "$d/pm_$compiler" >"$d/pm_$compiler.txt" 2>&1; then
            pass "embed params API ($compiler): $(grep -c '^ok' "$d/pm_$compiler.txt") checks: indices, names, units, error codes -1/-2/-3 changing nothing, w and d changed during a run"
        else
            fail "embed params API ($compiler)" "$d/pm_$compiler.txt"
        fi
    done
else
    fail "embed params API: nrncc --embed" "$d/log"
fi

# every option compiles warning-free with the params' code
for mm in "ring:models/ring.nrn:--real float" "cell_params:tests/params/cell_params.nrn:--no-libm"; do
    IFS=: read -r mname model mode <<<"$mm"
    d=$EP/strict_${mode// /_}
    mkdir -p "$d"
    # shellcheck disable=SC2086
    if "$NRNCC" --embed $model $mode --prefix m -o "$d/m.c" >"$d/log" 2>&1 &&
        gcc $EP_STRICT -c -o "$d/m.o" "$d/m.c" >>"$d/log" 2>&1 && clang $EP_STRICT -c -o "$d/m.o" "$d/m.c" >>"$d/log" 2>&1; then
        pass "embed params $mode: $mname's C builds with gcc and clang, strict C99"
    else
        fail "embed params $mode" "$d/log"
    fi
done

# params changed during a run: tests/embed/midrun_main.c at 30 ms against
# NEURON 8.2.2 between two continueruns (tests/embed/midrun.py), when there
d=$EP/midrun
mkdir -p "$d"
# shellcheck disable=SC2086
if ! /usr/bin/python3 -c "import neuron" >/dev/null 2>&1; then
    skip "embed params changed during a run, against NEURON" "no NEURON for /usr/bin/python3"
elif "$NRNCC" --embed tests/embed/midrun.nrn -o "$d/midrun.c" >"$d/log" 2>&1 &&
    cc $EP_STRICT -O1 $TEST_SAN -I"$d" -o "$d/host" tests/embed/midrun_main.c "$d/midrun.c" -lm >>"$d/log" 2>&1 &&
    "$d/host" >"$d/host.txt" 2>>"$d/log" && mkdir -p "$d/nrn" &&
    /usr/bin/python3 tests/embed/midrun.py "$d/nrn" >>"$d/log" 2>&1; then
    awk '/^# spikes/ { exit } { print }' "$d/host.txt" >"$d/trace.csv"
    awk 'f { print } /^# spikes/ { f = 1 }' "$d/host.txt" >"$d/spikes.csv"
    if "$CSVCMP" --tol 0 "$d/trace.csv" "$d/nrn/trace.csv" 'soma(0.5).v=soma(0.5).v' 'syn.g=syn.g' >"$d/cmp.txt" 2>&1 &&
        "$CSVCMP" --spikes --tol 0 "$d/spikes.csv" "$d/nrn/spikes.csv" >>"$d/cmp.txt" 2>&1; then
        pass "embed params changed at 30 ms (gna, ExpSyn tau, NetCon weight and delay, threshold) = NEURON between two continueruns: $(($(wc -l <"$d/trace.csv") - 1)) rows, $(($(wc -l <"$d/spikes.csv") - 1)) spikes, max |diff| 0"
    else
        fail "embed params changed during a run differ from NEURON's" "$d/cmp.txt"
    fi
else
    fail "embed params changed during a run: build or run" "$d/log"
fi

# space plots (record range): range_main.c samples with PFX_range_sample at
# the executable's moments and prints its range_NAME.csv files
for rp in rangeplot:tests/golden/rangeplot.nrn rangevarplot:tests/golden/rangevarplot.nrn; do
    name=${rp%%:*} model=${rp#*:} d=$EP/${rp%%:*}
    mkdir -p "$d"
    # shellcheck disable=SC2086
    if ! "$NRNCC" --embed "$model" --prefix m -o "$d/m.c" >"$d/log" 2>&1 ||
        ! cc $EP_STRICT -O1 $TEST_SAN -I"$d" -DMODEL_H='"m.h"' -DPFX=m -DPFXU=M -o "$d/host" tests/embed/range_main.c \
            "$d/m.c" -lm >>"$d/log" 2>&1 || ! "$d/host" >"$d/host.txt" 2>>"$d/log" ||
        ! "$NRNCC" "$model" -o "$d/exe" >>"$d/log" 2>&1 || ! "$d/exe" -q -o "$d/exe_out" >>"$d/log" 2>&1; then
        fail "embed space plots $name: build or run" "$d/log"
        continue
    fi
    nf=0 ok=1 k=0
    : >"$d/cmp.txt"
    while read -r f; do
        awk -v k="# $k" '$0 == k { f = 1; next } /^# / { f = 0 } f' "$d/host.txt" >"$d/plot_$k.csv"
        IFS=, read -r -a ca <"$d/plot_$k.csv"
        IFS=, read -r -a cb <"$f"
        pairs=()
        for i in "${!cb[@]}"; do [ "$i" -gt 0 ] && pairs+=("${ca[$i]:-none}=${cb[$i]}"); done
        if [ "${#ca[@]}" -ne "${#cb[@]}" ] || [ "$(wc -l <"$d/plot_$k.csv")" -ne "$(wc -l <"$f")" ] ||
            ! "$CSVCMP" --tol 0 --ttol 0 --tcol x "$d/plot_$k.csv" "$f" "${pairs[@]}" >>"$d/cmp.txt" 2>&1; then
            ok=0
            echo "differs: $f" >>"$d/cmp.txt"
        fi
        nf=$((nf + 1)) k=$((k + 1))
    done < <("$NRNCC" -S "$model" -o "$d/exe.c" >/dev/null 2>&1 &&
        sed -n 's/^    {"\(range_[^"]*\)".*/\1/p' "$d/exe.c" | sed "s|^|$d/exe_out/|")
    if [ "$ok" = 1 ] && [ "$nf" -gt 0 ]; then
        pass "embed space plots $name: PFX_range_sample gives the executable's $nf range files, max |diff| 0"
    else
        fail "embed space plots $name ($nf files)" "$d/cmp.txt"
    fi
done

# the board: the same program, params set, byte for byte the host's (and so the executable's)
if [ ! -d "$EP_HARNESS" ]; then
    skip "embed params on the board" "no harness at $EP_HARNESS (NRNCC_EMBED_HARNESS)"
elif ! "$EP_HARNESS/install-deps.sh" --check >"$EP/deps.log" 2>&1; then
    skip "embed params on the board" "$(tail -n 1 "$EP/deps.log"): gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"
else
    for name in ring10 cell_params; do
        d=$PWD/$EP/$name
        [ -f "$d/host.txt" ] || continue
        if make -s --no-print-directory -C "$EP_HARNESS" build host BOARD=mps2-an500 MAIN="$PWD/tests/embed/trace_main.c" \
            SRC="$d/m.c" OUT="$d/fw" EXTRA_CFLAGS="-I$d -pedantic -Werror -DMODEL_H='\"m.h\"' -DPFX=m -DPFXU=M -DSET_PARAMS -DMAXSPIKES=1024" \
            >"$d/fw.log" 2>&1 && "$EP_HARNESS/run-qemu.sh" "$d/fw/fw.elf" mps2-an500 60 >"$d/board.txt" 2>>"$d/fw.log" &&
            grep -q "image check passed" "$d/fw.log" && cmp -s "$d/board.txt" "$d/host.txt"; then
            pass "embed params $name on mps2-an500 (Cortex-M7): params set by the firmware, board = host = executable, byte for byte; no heap, no stdio"
        else
            cmp "$d/board.txt" "$d/host.txt" >>"$d/fw.log" 2>&1
            fail "embed params $name on mps2-an500" "$d/fw.log"
        fi
    done
    d=$PWD/$EP/rangeplot
    if [ -f "$d/host.txt" ] && make -s --no-print-directory -C "$EP_HARNESS" build BOARD=mps2-an500 \
        MAIN="$PWD/tests/embed/range_main.c" SRC="$d/m.c" OUT="$d/fw" \
        EXTRA_CFLAGS="-I$d -pedantic -Werror -DMODEL_H='\"m.h\"' -DPFX=m -DPFXU=M" >"$d/fw.log" 2>&1 &&
        "$EP_HARNESS/run-qemu.sh" "$d/fw/fw.elf" mps2-an500 60 >"$d/board.txt" 2>>"$d/fw.log" &&
        grep -q "image check passed" "$d/fw.log" && cmp -s "$d/board.txt" "$d/host.txt"; then
        pass "embed space plots on mps2-an500 (Cortex-M7): board = host = executable, byte for byte; no heap, no stdio"
    else
        fail "embed space plots on mps2-an500" "$d/fw.log"
    fi
    # the Cortex-M3 (mps2-an385, double in software, newlib's older libm):
    # within 1e-9 mV of the host with libm (nrncc-embed(7) states 3.9e-11),
    # byte for byte with --no-libm
    for opt in "" --no-libm; do
        d=$PWD/$EP/an385$opt
        mkdir -p "$d"
        if "$NRNCC" --embed examples/spike_demo.nrn $opt -o "$d/spike_demo.c" >"$d/log" 2>&1 &&
            OUT=$d/fw BOARD=mps2-an385 TOL=${opt:+0}${opt:-1e-9} \
                EXTRA_CFLAGS="-I$d -pedantic -Werror -DMODEL_H='\"spike_demo.h\"' -DPFX=spike_demo -DPFXU=SPIKE_DEMO -DMAXSPIKES=64" \
                "$EP_HARNESS/compare.sh" tests/embed/trace_main.c "$d/spike_demo.c" >"$d/cmp.txt" 2>>"$d/log"; then
            pass "embed spike_demo ${opt:-with libm} on mps2-an385 (Cortex-M3): $(grep -c 'byte-identical: yes' "$d/cmp.txt" | sed 's/1/byte for byte the host/; s/0/within 1e-9 mV of the host/')$(sed -n 's/.*column 2: \(max |diff| [^ ]*\).*/, v: \1 mV/p' "$d/cmp.txt")"
        else
            fail "embed spike_demo ${opt:-with libm} on mps2-an385" "$d/cmp.txt"
        fi
    done
fi
