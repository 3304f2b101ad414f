# tests/embed/embed_tests.sh - nrncc --embed (nrncc-embed(7)); sourced by
# tests/run.sh, whose pass/fail/skip, $NRNCC, $OUT, $CSVCMP and $TEST_SAN
# it uses.
#
# On the host: the embedded C of two dozen models, built with strict C99
# (-Wall -Wextra -Werror -pedantic, gcc and clang), gives the executable's
# trace and spikes to the last bit; the API (three models in one program);
# --real float against double; --no-libm's accuracy; what is refused.
# On the emulated board (../shared/embed: QEMU's mps2-an500, a Cortex-M7;
# SKIP lines when the arm toolchain, QEMU or the harness are missing): the
# firmware's output equals the host's byte for byte, the image has no heap
# and no stdio, and the flash and RAM it needs are printed.

E=$OUT/embed
mkdir -p "$E"
EMBED_HARNESS=${NRNCC_EMBED_HARNESS:-../shared/embed}
STRICT="-std=c99 -Wall -Wextra -Werror -pedantic -ffp-contract=off"

# embed_c DIR PREFIX MODEL [nrncc options]: DIR/PREFIX.c and .h
embed_c() {
    local dir=$1 prefix=$2 model=$3
    shift 3
    mkdir -p "$dir"
    "$NRNCC" --embed "$model" --prefix "$prefix" -o "$dir/$prefix.c" "$@" >"$dir/$prefix.nrncc.log" 2>&1
}

# trace_exe DIR PREFIX: DIR/host (tests/embed/trace_main.c and the model), strict C99
trace_exe() {
    local dir=$1 p=$2 P
    P=$(echo "$2" | tr 'a-z' 'A-Z')
    # shellcheck disable=SC2086
    cc $STRICT -O1 $TEST_SAN -I"$dir" -DMODEL_H="\"$p.h\"" -DPFX="$p" -DPFXU="$P" -DMAXSPIKES=20000 \
        -o "$dir/host" tests/embed/trace_main.c "$dir/$p.c" -lm >"$dir/cc.log" 2>&1
}

# split_out FILE DIR: trace_main's output into DIR/trace.csv and DIR/spikes.csv
split_out() {
    awk '/^# spikes/ { exit } { print }' "$1" >"$2/trace.csv"
    awk 'f { print } /^# spikes/ { f = 1 }' "$1" >"$2/spikes.csv"
}

# ---- the host: the embedded C equals the executable ---------------------------------

# NAME:PREFIX:MODEL[:nrncc options]; the executable's output is tests/run.sh's
# golden run of NAME when there is one (the prefix 'watch' would meet the
# generated code's watch_deliver: nrncc says so, tested below)
EMBED_CASES="spike_demo:spike_demo:examples/spike_demo.nrn
spike_detect:spike_detect:examples/spike_detect.nrn
netstim_expsyn:netstim_expsyn:examples/netstim_expsyn.nrn
hh_axon:hh_axon:tests/golden/hh_axon.nrn
ring10:ring10:models/ring.nrn:-D N=10
ions:ions:tests/golden/ions.nrn
kinetic:kinetic:tests/golden/kinetic.nrn
linnl:linnl:tests/golden/linnl.nrn
steadystate:steadystate:tests/golden/steadystate.nrn
methods:methods:tests/golden/methods.nrn
release_mods:release_mods:tests/golden/release_mods.nrn
watch:watch1:tests/golden/watch.nrn
fornetcons:fornetcons:tests/golden/fornetcons.nrn
pointer:pointer:tests/golden/pointer.nrn
beforeafter:beforeafter:tests/golden/beforeafter.nrn
functable:functable:tests/golden/functable.nrn
ghk:ghk:tests/golden/ghk.nrn
intfire_net:intfire_net:tests/golden/intfire_net.nrn
stdlib_intfire4:stdlib_intfire4:tests/golden/stdlib_intfire4.nrn
small_cell:small_cell:examples/small_cell.nrn
play_steps:play_steps:tests/golden/play_steps.nrn
play_continuous:play_continuous:tests/golden/play_continuous.nrn
seclamp_play:seclamp_play:tests/golden/seclamp_play.nrn
init_values:init_values:tests/golden/init_values.nrn
vecstim:vecstim:tests/vecstim/vecstim.nrn
netrule:netrule:tests/netrule/netrule.nrn"
while IFS=: read -r name prefix model opts; do
    d=$E/$name
    # shellcheck disable=SC2086
    if ! embed_c "$d" "$prefix" "$model" $opts; then
        fail "embed $name: nrncc --embed" "$d/$prefix.nrncc.log"
        continue
    fi
    if ! trace_exe "$d" "$prefix"; then
        fail "embed $name: the C does not build with cc $STRICT" "$d/cc.log"
        continue
    fi
    if ! "$d/host" >"$d/host.txt" 2>"$d/host.err"; then
        fail "embed $name: the run's status is not 0" "$d/host.err"
        continue
    fi
    split_out "$d/host.txt" "$d"
    ref=$OUT/$name
    if [ ! -f "$ref/traces.csv" ]; then
        ref=$d/exe_out
        # shellcheck disable=SC2086
        if ! "$NRNCC" "$model" $opts -o "$d/exe" >"$d/exe.log" 2>&1 || ! "$d/exe" -q -o "$ref" >>"$d/exe.log" 2>&1; then
            fail "embed $name: the executable" "$d/exe.log"
            continue
        fi
    fi
    IFS=, read -r -a cols <"$ref/traces.csv"
    pairs=()
    for c in "${cols[@]:1}"; do pairs+=("$c=$c"); done
    if "$CSVCMP" --tol 0 "$d/trace.csv" "$ref/traces.csv" "${pairs[@]}" >"$d/cmp.txt" 2>&1 &&
        { [ ! -f "$ref/spikes.csv" ] || "$CSVCMP" --spikes --tol 0 "$d/spikes.csv" "$ref/spikes.csv" >>"$d/cmp.txt" 2>&1; }; then
        nsp=$(($(wc -l <"$d/spikes.csv") - 1))
        pass "embed $name on the host equals the executable: $(($(wc -l <"$d/trace.csv") - 1)) rows x ${#pairs[@]}, $nsp spikes, max |diff| 0"
    else
        fail "embed $name on the host differs from the executable" "$d/cmp.txt"
    fi
done <<<"$EMBED_CASES"

# a model's params are fixed when nrncc writes the C: -D w=... equals the
# executable's w=... on its command line
d=$E/ring_params
if embed_c "$d" ring10p models/ring.nrn -D N=10 -D w=0.06 -D d=4.5 && trace_exe "$d" ring10p &&
    "$d/host" >"$d/host.txt" 2>"$d/host.err" && "$NRNCC" models/ring.nrn -D N=10 -o "$d/exe" >"$d/exe.log" 2>&1 &&
    "$d/exe" -q -o "$d/exe_out" w=0.06 d=4.5 >>"$d/exe.log" 2>&1; then
    split_out "$d/host.txt" "$d"
    if "$CSVCMP" --tol 0 "$d/trace.csv" "$d/exe_out/traces.csv" 'ring[0].soma(0.5).v=ring[0].soma(0.5).v' \
        >"$d/cmp.txt" 2>&1 && "$CSVCMP" --spikes --tol 0 "$d/spikes.csv" "$d/exe_out/spikes.csv" >>"$d/cmp.txt" 2>&1; then
        pass "embed ring10 with -D w=0.06 -D d=4.5 equals the executable run with w=0.06 d=4.5 ($(tail -n 1 "$d/cmp.txt" | sed 's/^ok //'))"
    else
        fail "embed ring10 with params" "$d/cmp.txt"
    fi
else
    fail "embed ring10 with params" "$d/exe.log"
fi

# every option combination compiles warning-free with gcc and clang
for mode in "" "--real float" "--no-libm" "--real float --no-libm"; do
    for m in spike_demo:examples/spike_demo.nrn: kinetic:tests/golden/kinetic.nrn: watch:tests/golden/watch.nrn: \
        ring3:models/ring.nrn:-D\ N=3; do
        IFS=: read -r name model opts <<<"$m"
        case "$mode $name" in *float*kinetic) continue ;; esac
        d=$E/strict
        # shellcheck disable=SC2086
        if ! embed_c "$d" m "$model" $mode $opts; then
            fail "embed $name $mode" "$d/m.nrncc.log"
            continue
        fi
        for compiler in gcc clang; do
            # shellcheck disable=SC2086
            if $compiler $STRICT -O2 -c -o "$d/m.o" "$d/m.c" >"$d/cc.log" 2>&1; then
                pass "embed C of $name ${mode:+($mode) }compiles with $compiler $STRICT"
            else
                fail "embed C of $name $mode with $compiler" "$d/cc.log"
            fi
        done
    done
done

# the same input gives the same files; every external name has the prefix
d=$E/det
if embed_c "$d/1" ring10 models/ring.nrn -D N=10 && embed_c "$d/2" ring10 models/ring.nrn -D N=10 &&
    cmp -s "$d/1/ring10.c" "$d/2/ring10.c" && cmp -s "$d/1/ring10.h" "$d/2/ring10.h"; then
    pass "embed C and header are byte-identical across runs"
else
    fail "embed C is not deterministic" "$d/1/ring10.nrncc.log"
fi
# shellcheck disable=SC2086
if cc $STRICT -O2 -c -o "$d/ring10.o" "$d/1/ring10.c" 2>"$d/nm.log" &&
    nm -g --defined-only "$d/ring10.o" | awk '{ print $NF }' >"$d/syms" && [ -s "$d/syms" ] &&
    ! grep -v '^ring10_' "$d/syms" >>"$d/nm.log"; then
    pass "embed: all $(wc -l <"$d/syms") external symbols of ring10.o start with 'ring10_'"
else
    fail "embed: external symbols without the prefix" "$d/nm.log"
fi

# the API: three models in one program
d=$E/api
if embed_c "$d" a examples/netstim_expsyn.nrn && embed_c "$d" b tests/embed/deliver.nrn &&
    embed_c "$d" c examples/spike_demo.nrn --event-capacity 2 --spike-capacity 1; then
    # shellcheck disable=SC2086
    if cc $STRICT -O1 $TEST_SAN -I"$d" -o "$d/api" tests/embed/api_main.c "$d/a.c" "$d/b.c" "$d/c.c" -lm \
        >"$d/cc.log" 2>&1 && "$d/api" >"$d/host.txt" 2>"$d/host.err"; then
        pass "embed API, three models in one program: $(tail -n 1 "$d/host.txt")"
    else
        cat "$d/host.txt" "$d/host.err" >>"$d/cc.log" 2>/dev/null
        fail "embed API" "$d/cc.log"
    fi
else
    fail "embed API: nrncc --embed" "$d/a.nrncc.log"
fi

# --real float: spike_demo within 0.01 mV of double (nrncc-embed(7) has the figures)
d=$E/float
if embed_c "$d" spike_demo examples/spike_demo.nrn --real float && trace_exe "$d" spike_demo &&
    "$d/host" >"$d/host.txt" 2>"$d/host.err"; then
    split_out "$d/host.txt" "$d"
    diff=$(paste -d, "$d/trace.csv" "$E/spike_demo/trace.csv" |
        awk -F, 'NR > 1 { d = $2 - $4; if (d < 0) d = -d; if (d > m) m = d } END { printf "%.3g", m }')
    if [ "$(wc -l <"$d/trace.csv")" -eq "$(wc -l <"$E/spike_demo/trace.csv")" ] &&
        awk -v d="$diff" 'BEGIN { exit !(d < 0.01) }'; then
        pass "embed --real float: spike_demo's v within $diff mV of double (bound 0.01 mV)"
    else
        echo "max |diff| $diff mV" >>"$d/host.err"
        fail "embed --real float: spike_demo" "$d/host.err"
    fi
else
    fail "embed --real float: spike_demo" "$d/cc.log"
fi

# --no-libm: the functions' accuracy, and spike_demo within 1e-9 mV of libm's
if cc -std=c99 -O2 -ffp-contract=off -Wall -Wextra -o "$E/libm_check" tests/embed/libm_check.c -lm \
    >"$E/libm_check.log" 2>&1 && "$E/libm_check" 100000 >>"$E/libm_check.log" 2>&1; then
    pass "embed --no-libm: $(grep -c ' args ' "$E/libm_check.log") function ranges within their bounds, special values as C99"
else
    fail "embed --no-libm: accuracy" "$E/libm_check.log"
fi
d=$E/nolibm
if embed_c "$d" spike_demo examples/spike_demo.nrn --no-libm && trace_exe "$d" spike_demo &&
    "$d/host" >"$d/host.txt" 2>"$d/host.err" && ! grep -q 'include <math.h>' "$d/spike_demo.c"; then
    split_out "$d/host.txt" "$d"
    if "$CSVCMP" --tol 1e-9 "$d/trace.csv" "$E/spike_demo/trace.csv" 'soma(0.5).v=soma(0.5).v' >"$d/cmp.txt" 2>&1; then
        pass "embed --no-libm: spike_demo $(tail -n 1 "$d/cmp.txt" | sed 's/^[a-z]* summary: //') against libm"
    else
        fail "embed --no-libm: spike_demo" "$d/cmp.txt"
    fi
else
    fail "embed --no-libm: spike_demo" "$d/cc.log"
fi

# what the embedded C cannot have: refused at its place (tests/embed/*.expect)
for t in verbatim:tests/golden/verbatim.nrn: printf:tests/embed/printf.nrn: float_kinetic:tests/golden/kinetic.nrn:--real\ float \
    float_intfire4:tests/golden/stdlib_intfire4.nrn:--real\ float prefix_clash:tests/golden/watch.nrn: \
    cvode:tests/golden/cvode_hh.nrn: erf_nolibm:tests/embed/erf.nrn:--no-libm \
    ctor:tests/golden/ctor.nrn: longdiff:tests/golden/longdiff.nrn:; do
    IFS=: read -r name model opts <<<"$t"
    rm -f "$E/refused.c" "$E/refused.h"
    # shellcheck disable=SC2086
    "$NRNCC" --embed "$model" $opts -o "$E/refused.c" 2>&1 | sed -e "s|$PWD/||g" -e 's|[^ ]*bin/\.\./stdlib/|stdlib/|' \
        >"$E/refused_$name.err"
    rc=${PIPESTATUS[0]}
    if [ "$rc" -eq 1 ] && [ ! -e "$E/refused.c" ] && [ ! -e "$E/refused.h" ] &&
        diff -u "tests/embed/refused_$name.expect" "$E/refused_$name.err" >"$E/refused_$name.diff" 2>&1; then
        pass "embed refuses $name ($(grep -m 1 -o 'error: .*' "$E/refused_$name.err" | cut -c 8-70)...)"
    else
        echo "exit status $rc" >>"$E/refused_$name.diff"
        fail "embed refuses $name" "$E/refused_$name.diff"
    fi
done
for args in "--prefix x examples/spike_demo.nrn" "--embed --prefix 1x examples/spike_demo.nrn" \
    "--embed --real half examples/spike_demo.nrn" "--embed --event-capacity 0 examples/spike_demo.nrn"; do
    # shellcheck disable=SC2086
    "$NRNCC" $args -o "$E/usage.c" >"$E/usage.out" 2>"$E/usage.err"
    rc=$?
    if [ $rc -eq 2 ] && grep -q "^nrncc: error: " "$E/usage.err"; then
        pass "embed usage error '$args' (exit 2)"
    else
        fail "embed usage error '$args': exit $rc" "$E/usage.err"
    fi
done

# examples/embed: its host program
ex=$PWD/$E/example
abs_nrncc=$(cd "$(dirname "$NRNCC")" && pwd)/$(basename "$NRNCC")
if make -s --no-print-directory -C examples/embed B="$ex" NRNCC="$abs_nrncc" >"$E/example.log" 2>&1 &&
    "$ex/host" >"$ex/host.txt" 2>>"$E/example.log" && [ "$(wc -l <"$ex/host.txt")" -eq 20 ]; then
    pass "examples/embed: the host program runs the embedded model ($(awk '{ n += $NF } END { print n }' "$ex/host.txt") spikes in 200 ms)"
else
    fail "examples/embed: the host program" "$E/example.log"
fi

# ---- the board (QEMU) ---------------------------------------------------------------

# fw DIR MAIN "SOURCES" BOARD [EXTRA_CFLAGS]: DIR/fw/fw.elf and DIR/fw/host.exe
# by the harness (image check, size report in DIR/fw.log), then both run
fw() {
    local dir=$1 main=$2 src=$3 board=$4 extra=${5:-}
    make -s --no-print-directory -C "$EMBED_HARNESS" build host BOARD="$board" MAIN="$PWD/$main" SRC="$src" \
        OUT="$dir/fw" EXTRA_CFLAGS="-I$dir -pedantic -Werror $extra" >"$dir/fw.log" 2>&1 &&
        "$EMBED_HARNESS/run-qemu.sh" "$dir/fw/fw.elf" "$board" 60 >"$dir/board.txt" 2>>"$dir/fw.log" &&
        "$dir/fw/host.exe" >"$dir/fwhost.txt" 2>>"$dir/fw.log"
}

# "flash N B, RAM M B" of the model's object and its state, from the size report
fw_size() {
    local obj flash state
    obj=$(awk -v o="$2.o" '$2 == o { print $3 + $4 }' "$1/fw.log")
    state=$(sed -n 's/.*state \([0-9]*\) bytes.*/\1/p' "$1/fw.log" | head -n 1)
    echo "$2.o flash $obj B, state $state B"
}

if [ ! -d "$EMBED_HARNESS" ]; then
    skip "embed on the board" "no harness at $EMBED_HARNESS (NRNCC_EMBED_HARNESS)"
elif ! "$EMBED_HARNESS/install-deps.sh" --check >"$E/deps.log" 2>&1; then
    skip "embed on the board" "$(tail -n 1 "$E/deps.log"): gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"
else
    for name in spike_demo hh_axon ring10; do
        d=$E/$name
        P=$(echo "$name" | tr 'a-z' 'A-Z')
        if ! fw "$PWD/$d" tests/embed/trace_main.c "$PWD/$d/$name.c" mps2-an500 \
            "-DMODEL_H='\"$name.h\"' -DPFX=$name -DPFXU=$P -DMAXSPIKES=1024"; then
            fail "embed $name on mps2-an500: build or run" "$d/fw.log"
        elif ! grep -q "image check passed" "$d/fw.log"; then
            fail "embed $name on mps2-an500: the image has a heap or stdio" "$d/fw.log"
        elif ! cmp -s "$d/board.txt" "$d/fwhost.txt" || ! cmp -s "$d/fwhost.txt" "$d/host.txt"; then
            cmp "$d/board.txt" "$d/fwhost.txt" >>"$d/fw.log" 2>&1
            fail "embed $name on mps2-an500: the board's output differs from the host's" "$d/fw.log"
        else
            pass "embed $name on mps2-an500 (Cortex-M7): board = host = executable, byte for byte; no heap, no stdio; $(fw_size "$d" "$name")"
            grep -E "size of|$name.o|libm.a" "$d/fw.log" | sed 's/^embed:/    |/'
        fi
    done
    d=$E/api
    if fw "$PWD/$d" tests/embed/api_main.c "$PWD/$d/a.c $PWD/$d/b.c $PWD/$d/c.c" mps2-an500 &&
        grep -q "image check passed" "$d/fw.log" && cmp -s "$d/board.txt" "$d/fwhost.txt"; then
        pass "embed API on mps2-an500: three models in one image, $(tail -n 1 "$d/board.txt")"
    else
        fail "embed API on mps2-an500" "$d/fw.log"
    fi
    if make -s --no-print-directory -C examples/embed firmware B="$ex" NRNCC="$abs_nrncc" \
        EMBED="$(cd "$EMBED_HARNESS" && pwd)" >"$E/example_fw.log" 2>&1 &&
        grep -q "the board's output equals the host's" "$E/example_fw.log"; then
        pass "examples/embed: the firmware program on mps2-an500 prints what the host program prints"
    else
        fail "examples/embed: the firmware program" "$E/example_fw.log"
    fi
    # without libm the numbers are the same on a Cortex-M4F, where libm's differ
    for b in "mps2-an386:" "mps2-an386:--real float"; do
        board=${b%%:*} mode=${b#*:}
        d=$E/nolibm_${board}_${mode// /_}
        # shellcheck disable=SC2086
        if embed_c "$d" spike_demo examples/spike_demo.nrn --no-libm $mode &&
            fw "$PWD/$d" tests/embed/trace_main.c "$PWD/$d/spike_demo.c" "$board" \
                "-DMODEL_H='\"spike_demo.h\"' -DPFX=spike_demo -DPFXU=SPIKE_DEMO -DMAXSPIKES=16" &&
            cmp -s "$d/board.txt" "$d/fwhost.txt" && ! grep -q 'libm.a  *[1-9]' "$d/fw.log"; then
            pass "embed --no-libm ${mode:+$mode }on $board (Cortex-M4F): board = host, byte for byte, no libm linked"
        else
            fail "embed --no-libm $mode on $board" "$d/fw.log"
        fi
    done
fi
