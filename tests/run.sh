#!/usr/bin/env bash
# tests/run.sh - every test of nrncc (what `make check` runs).
#
# Unit tests of compiler modules; simulations compared with NEURON 8.2.2's
# references (tests/ref, from ../shared/oracle); the topology and geometry
# printers; one bad input per file under tests/errors with its exact
# diagnostics in NAME.expect; the built executable's own errors; an
# unstable run; byte-identical C; warning-free C under gcc and clang.
#
# Environment: NRNCC (the compiler, default bin/nrncc), TEST_OBJ (compiler
# objects for unit tests, default build/obj), TEST_SAN (sanitizer flags
# for unit tests), NRNCC_CFLAGS (passed on to nrncc's C compiler).
# Prints PASS/FAIL per test and closes with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
# (the makes the tests start, nrnivmodl's among them, are not part of the
# make that runs the tests: no jobserver or flags of its own passed on)
unset MAKEFLAGS MFLAGS MAKELEVEL
NRNCC=${NRNCC:-bin/nrncc}
TEST_OBJ=${TEST_OBJ:-$(dirname "$(dirname "$NRNCC")")/build/obj}
TEST_SAN=${TEST_SAN:-}
OUT=tests/out
rm -rf "$OUT"
mkdir -p "$OUT"
CSVCMP=$OUT/csvcmp
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $1"; }
skip() { echo "SKIP $1 ($2)"; }
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then sed 's/^/    | /' "$2" | head -40; fi
}

cc -O2 -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -o "$CSVCMP" tests/tools/csvcmp.c -lm ||
    { echo "cannot build csvcmp"; exit 1; }

# ---- unit tests ------------------------------------------------------------

unit() { # unit NAME SOURCES...
    local name=$1; shift
    if cc -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g $TEST_SAN -Wall -Wextra -Icompiler -I"$TEST_OBJ/../gen" \
        -o "$OUT/$name" "$@" -lm >"$OUT/$name.log" 2>&1 && "$OUT/$name" >>"$OUT/$name.log" 2>&1; then
        pass "unit $name ($(tail -n 1 "$OUT/$name.log"))"
    else
        fail "unit $name" "$OUT/$name.log"
    fi
}
unit units tests/unit/test_units.c compiler/units.c
unit queue -Iruntime tests/unit/test_queue.c runtime/queue.c
unit morph tests/unit/test_morph.c compiler/morph.c compiler/morph_swc.c compiler/morph_hoc.c compiler/diag.c \
    compiler/util.c
LIBOBJ=$(ls "$TEST_OBJ"/compiler/*.o "$TEST_OBJ"/gen/*.o 2>/dev/null | grep -v '/main\.o$')
# shellcheck disable=SC2086
unit sym tests/unit/test_sym.c $LIBOBJ
# shellcheck disable=SC2086
unit dump tests/unit/test_dump.c $LIBOBJ
# shellcheck disable=SC2086
unit netrule_draws tests/unit/test_netrule.c $LIBOBJ

# ---- simulations against NEURON --------------------------------------------

# build NAME MODEL: compile MODEL to $OUT/NAME.bin
build() {
    "$NRNCC" "$2" -o "$OUT/$1.bin" >"$OUT/$1.log" 2>&1
}
# simulate NAME MODEL [settings...]: build and run into $OUT/NAME/
simulate() {
    local name=$1 model=$2; shift 2
    build "$name" "$model" && "$OUT/$name.bin" -q -o "$OUT/$name" "$@" >>"$OUT/$name.log" 2>&1
}
# compare NAME WHAT csvcmp-arguments...: one test from one csvcmp call
compare() {
    local name=$1 what=$2; shift 2
    if "$CSVCMP" "$@" >"$OUT/$name.$what.cmp" 2>&1; then
        pass "$name $what ($(tail -n 1 "$OUT/$name.$what.cmp" | sed 's/^[a-zA-Z]* //'))"
    else
        fail "$name $what" "$OUT/$name.$what.cmp"
    fi
}

# One line of tests/golden/cases.txt: build, run, compare trace (and spikes).
golden_case() {
    local name=$1 model=$2 ref=$3 settings=$4
    shift 4
    local trace spikes
    if [ -d "tests/ref/$ref" ]; then
        trace=tests/ref/$ref/trace.csv
        spikes=tests/ref/$ref/spikes.csv
    else
        trace=tests/ref/$ref
        spikes=
    fi
    local need
    for c in "$@"; do
        case $c in --needs=*)
            need=${c#--needs=}
            if [ ! -e "$need" ]; then skip "$name" "no $need"; return; fi ;;
        esac
    done
    local args=()
    [ "$settings" = "-" ] || IFS=, read -r -a args <<<"$settings"
    if ! simulate "$name" "$model" "${args[@]}"; then
        fail "$name (build or run)" "$OUT/$name.log"
        return
    fi
    # NEURON's numbers to the last bit (tolerance 0), unless the case says
    local opts=() pairs=() tol=(--tol 0)
    for c in "$@"; do
        case $c in --needs=*) ;; --tol=*) tol=(--tol "${c#--tol=}") ;; --*) opts+=("$c") ;; *) pairs+=("$c") ;; esac
    done
    opts+=("${tol[@]}")
    if [ ${#pairs[@]} -eq 0 ] && [ -f "$trace" ]; then
        IFS=, read -r -a cols <"$trace"
        for c in "${cols[@]:1}"; do pairs+=("$c=$c"); done
    fi
    if [ -f "$trace" ]; then
        compare "$name" trace "${opts[@]}" "$OUT/$name/traces.csv" "$trace" "${pairs[@]}"
    fi
    if [ -n "$spikes" ] && [ -f "$spikes" ]; then
        compare "$name" spikes --spikes "${tol[@]}" "$OUT/$name/spikes.csv" "$spikes"
    fi
    # space plots: every range_*.csv of the reference, point by point
    local r
    for r in "tests/ref/$ref"/range_*.csv; do
        [ -f "$r" ] || continue
        local rcols=()
        IFS=, read -r -a cols <"$r"
        for c in "${cols[@]:1}"; do rcols+=("$c=$c"); done
        compare "$name" "$(basename "$r" .csv)" --tcol x --ttol 0 "$OUT/$name/$(basename "$r")" "$r" "${rcols[@]}"
    done
}

while read -r line; do
    case $line in '' | '#'*) continue ;; esac
    # shellcheck disable=SC2086
    golden_case $line
done <tests/golden/cases.txt

# ---- nrncc --check: what each mechanism defines, as NEURON lists it ----------------

for ref in tests/ref/check/*.txt; do
    name=$(basename "$ref" .txt)
    case $name in release | extensions) continue ;; esac
    mod=stdlib/$name.mod
    [ -f "$mod" ] || mod=/usr/share/nrn/demo/release/$(awk -v n="$name" '$1 == n { print $2 }' tests/ref/check/release.txt)
    if "$NRNCC" --check "$mod" >"$OUT/check_$name.txt" 2>"$OUT/check_$name.log" &&
        LC_ALL=C tests/tools/check_names.sh <"$OUT/check_$name.txt" |
        awk -v n="$name" 'NR == FNR { if ($1 == n) for (i = 2; i <= NF; i++) x[" " $i] = 1; next }
            { for (k in x) { sub(k " ", " "); sub(k "$", "") } print }' tests/ref/check/extensions.txt - \
            >"$OUT/check_$name.names" &&
        cmp -s "$OUT/check_$name.names" "$ref"; then
        pass "--check $name (its variables as NEURON's MechanismStandard lists them)"
    else
        diff "$OUT/check_$name.names" "$ref" >>"$OUT/check_$name.log" 2>&1
        fail "--check $name" "$OUT/check_$name.log"
    fi
done
if ! "$NRNCC" --check tests/errors/mods/kinetic.mod >"$OUT/check_bad.txt" 2>"$OUT/check_bad.log" &&
    [ ! -s "$OUT/check_bad.txt" ] && grep -q "kinetic.mod:5:31: error: LONGITUDINAL_DIFFUSION of .a.: .a. has no COMPARTMENT" "$OUT/check_bad.log"; then
    pass "--check of a bad .mod file: its error, exit 1, nothing on stdout"
else
    fail "--check of a bad .mod file" "$OUT/check_bad.log"
fi

# ---- nrncc --dump-after: a mechanism after each pass -----------------------------

# each pass's text for a few test mechanisms, as tests/dump/NAME.PASS.txt
for p in parse check solve kinetic c; do
    ls tests/dump/*."$p".txt >/dev/null 2>&1 || fail "--dump-after=$p has no golden text in tests/dump"
done
for want in tests/dump/*.txt; do
    base=$(basename "$want" .txt) name=${base%.*} p=${base##*.}
    mod=stdlib/$name.mod
    [ -f "$mod" ] || mod=tests/mods/$name.mod
    if "$NRNCC" --dump-after="$p" "$mod" >"$OUT/dump_$base.txt" 2>"$OUT/dump_$base.log" &&
        cmp -s "$OUT/dump_$base.txt" "$want"; then
        pass "--dump-after=$p $mod ($(wc -l <"$want") lines, as $want)"
    else
        diff -u "$want" "$OUT/dump_$base.txt" >>"$OUT/dump_$base.log" 2>&1
        fail "--dump-after=$p $mod" "$OUT/dump_$base.log"
    fi
done

# the parse pass round trip: every .mod printed, the print parsed and
# printed again to the same text, and meaning the same (the same check,
# solve, kinetic and C dumps, file names aside)
mkdir -p "$OUT/roundtrip"
dump_as() { # dump_as PASS FILE: the dump with FILE's name, #line directives and
    # trailing blanks left out (a VERBATIM's C keeps its column in the file)
    "$NRNCC" --dump-after="$1" "$2" 2>/dev/null | grep -v '^#line' | sed -e "s|$2|MOD|g" -e 's/[[:blank:]]*$//'
}
for mod in stdlib/*.mod tests/mods/*.mod; do
    # the copy keeps the file's name (a mechanism without SUFFIX is named after it)
    rt=$OUT/roundtrip/$(dirname "$mod" | tr / _)/$(basename "$mod")
    mkdir -p "$(dirname "$rt")"
    log=$rt.log
    if ! "$NRNCC" --dump-after=parse "$mod" >"$rt" 2>"$log" ||
        ! "$NRNCC" --dump-after=parse "$rt" >"$rt.again" 2>>"$log"; then
        fail "--dump-after=parse round trip of $mod: nrncc failed" "$log"
        continue
    fi
    if ! cmp -s "$rt" "$rt.again"; then
        diff -u "$rt" "$rt.again" >>"$log" 2>&1
        fail "--dump-after=parse round trip of $mod: the text changed" "$log"
        continue
    fi
    differs=
    for p in check solve kinetic c; do
        if ! cmp -s <(dump_as "$p" "$mod") <(dump_as "$p" "$rt"); then
            differs="$differs $p"
            diff <(dump_as "$p" "$mod") <(dump_as "$p" "$rt") >>"$log" 2>&1
        fi
    done
    if [ -z "$differs" ]; then
        pass "--dump-after=parse round trip of $mod ($(wc -l <"$rt") lines: the same text again, the same mechanism)"
    else
        fail "--dump-after=parse round trip of $mod: the printed file differs in$differs" "$log"
    fi
done

# an unknown pass is a usage error naming the passes; a bad .mod file
# gives --check's messages, exit 1 and nothing on stdout
"$NRNCC" --dump-after=lower stdlib/hh.mod >"$OUT/dump_usage.out" 2>"$OUT/dump_usage.err"
rc=$?
if [ $rc -eq 2 ] && [ ! -s "$OUT/dump_usage.out" ] &&
    grep -q "^nrncc: error: unknown pass 'lower' for --dump-after (the passes: parse, check, solve, kinetic, c)" \
        "$OUT/dump_usage.err"; then
    pass "--dump-after=lower: usage error (exit 2) listing the passes"
else
    echo "exit status $rc" >>"$OUT/dump_usage.err"
    fail "--dump-after of an unknown pass" "$OUT/dump_usage.err"
fi
for bad in tests/errors/mods/kinetic.mod tests/errors/mods/malformed.mod tests/errors/mods/undef.mod; do
    name=$(basename "$bad" .mod)
    "$NRNCC" --check "$bad" >/dev/null 2>"$OUT/dump_bad_$name.want"
    "$NRNCC" --dump-after=solve "$bad" >"$OUT/dump_bad_$name.out" 2>"$OUT/dump_bad_$name.err"
    rc=$?
    if [ $rc -eq 1 ] && [ ! -s "$OUT/dump_bad_$name.out" ] && [ -s "$OUT/dump_bad_$name.err" ] &&
        cmp -s "$OUT/dump_bad_$name.err" "$OUT/dump_bad_$name.want"; then
        pass "--dump-after of the bad $bad: --check's messages, exit 1, nothing on stdout"
    else
        echo "exit status $rc" >>"$OUT/dump_bad_$name.err"
        diff "$OUT/dump_bad_$name.want" "$OUT/dump_bad_$name.err" >>"$OUT/dump_bad_$name.err" 2>&1
        fail "--dump-after of the bad $bad" "$OUT/dump_bad_$name.err"
    fi
done

# ---- NMODL printf: C's printf, on the executable's standard output ------------------

printf 'model printf_case\nuse "%s/tests/mods/prt.mod"\nsection soma { insert prt }\nrun { tstop = 0.05 ms  celsius = 21 degC }\n' \
    "$PWD" >"$OUT/printf_case.nrn"
if build printf_case "$OUT/printf_case.nrn" && "$OUT/printf_case.bin" -q -o "$OUT/printf_case" >"$OUT/printf_case.out" 2>>"$OUT/printf_case.log" &&
    [ "$(cat "$OUT/printf_case.out")" = "prt: x = 2.5 at t = 0, celsius 21.0" ]; then
    pass "NMODL printf prints as C's printf, once per finitialize"
else
    cat "$OUT/printf_case.out" >>"$OUT/printf_case.log" 2>/dev/null
    fail "NMODL printf" "$OUT/printf_case.log"
fi

# ---- DESTRUCTOR: run as the executable ends, as NEURON runs it at exit ---------------

# NEURON 8.2.2 prints these two lines at exit for tests/golden/ctor.nrn
# (tests/ref/neuron_refs.py ctor): the point processes in the order made
if build ctor_dtor tests/golden/ctor.nrn && "$OUT/ctor_dtor.bin" -q -o "$OUT/ctor_dtor" >"$OUT/ctor_dtor.out" 2>>"$OUT/ctor_dtor.log" &&
    [ "$(cat "$OUT/ctor_dtor.out")" = "$(printf 'CtorSyn: base 0.007 seen 20\nCtorSyn: base 0.007 seen 30')" ]; then
    pass "DESTRUCTOR runs at the end, once per instance, as NEURON's at exit"
else
    cat "$OUT/ctor_dtor.out" >>"$OUT/ctor_dtor.log" 2>/dev/null
    fail "DESTRUCTOR at the end" "$OUT/ctor_dtor.log"
fi

# ---- modlunit's dimension check, as warnings ---------------------------------------

# a file with five mismatches: the five warnings, exactly; it still compiles
"$NRNCC" --check tests/dims/dims_warn.mod >/dev/null 2>"$OUT/dims_warn.err"
rc=$?
sed -i "s|$PWD/||" "$OUT/dims_warn.err"
if [ $rc -eq 0 ] && diff -u tests/dims/dims_warn.expect "$OUT/dims_warn.err" >"$OUT/dims_warn.diff" 2>&1; then
    pass "dimension warnings: the five of tests/dims/dims_warn.mod, exit 0"
else
    echo "exit status $rc" >>"$OUT/dims_warn.diff"
    fail "dimension warnings of tests/dims/dims_warn.mod" "$OUT/dims_warn.diff"
fi
# none on a file modlunit passes (the standard library, the tests' own
# files, Debian's NEURON demo files)
if command -v modlunit >/dev/null 2>&1; then
    bad=
    nw=0
    for mod in stdlib/*.mod tests/mods/*.mod /usr/share/nrn/demo/release/*.mod; do
        [ -f "$mod" ] || continue
        "$NRNCC" --check "$mod" 2>&1 >/dev/null | grep -q "warning: .*dimension" || continue
        nw=$((nw + 1))
        (cd "$(dirname "$mod")" && modlunit "$(basename "$mod")" >/dev/null 2>&1) && bad="$bad $mod"
    done
    if [ -z "$bad" ]; then
        pass "dimension warnings only where modlunit complains too ($nw files warned)"
    else
        echo "warned where modlunit is silent:$bad" >"$OUT/dims_silent.log"
        fail "dimension warnings where modlunit is silent" "$OUT/dims_silent.log"
    fi
else
    skip "dimension warnings against modlunit" "no modlunit"
fi

# ---- array STATEs in LINEAR: the equations counted as they run ----------------------

printf 'model linarr_count\nuse "%s/tests/errors/mods/linarr_count.mod"\nsection soma { insert lac }\n' "$PWD" \
    >"$OUT/linarr_count.nrn"
if build linarr_count "$OUT/linarr_count.nrn"; then
    "$OUT/linarr_count.bin" -q -o "$OUT/linarr_count" >"$OUT/linarr_count.out" 2>"$OUT/linarr_count.err"
    rc=$?
    if [ $rc -ne 0 ] && grep -q "lac: LINEAR block 'ls' has 2 equations for 3 states at t = " "$OUT/linarr_count.err"; then
        pass "LINEAR with arrays: too few equations stop the run with a message (exit $rc)"
    else
        echo "exit status $rc" >>"$OUT/linarr_count.err"
        fail "LINEAR with arrays: equation count" "$OUT/linarr_count.err"
    fi
else
    fail "linarr_count (build)" "$OUT/linarr_count.log"
fi

# ---- the ring network (models/ring.nrn), sizes by -D N=... -----------------------

for n in 10 100; do
    name=ring_$n
    if "$NRNCC" -D N=$n models/ring.nrn -o "$OUT/$name.bin" >"$OUT/$name.log" 2>&1 &&
        "$OUT/$name.bin" -q -o "$OUT/$name" >>"$OUT/$name.log" 2>&1; then
        # the ring cells' spikes (gids 0 .. N-1; the NetStim is gid N)
        awk -F, -v n=$n 'NR == 1 || $1 < n' "$OUT/$name/spikes.csv" >"$OUT/$name/ring_spikes.csv"
        compare "$name" spikes --spikes "$OUT/$name/ring_spikes.csv" tests/ref/$name/spikes.csv
        compare "$name" trace "$OUT/$name/traces.csv" tests/ref/$name/trace.csv "ring[0].soma(0.5).v=ring[0].soma(0.5).v"
    else
        fail "$name (build or run)" "$OUT/$name.log"
    fi
done

# ---- the benchmark models hh_axon and tree (bench/run.sh), smaller -----------------

# models/hh_axon.nrn with nseg 101 and the tree of depth 5 (models/gen_tree.sh)
# against NEURON (tests/ref/bench_refs.py): spikes and the recorded v
models/gen_tree.sh 5 >"$OUT/tree_5.nrn"
for spec in "hh_axon_101 models/hh_axon.nrn -D NSEG=101" "tree_5 $OUT/tree_5.nrn"; do
    # shellcheck disable=SC2086
    set -- $spec
    name=$1 model=$2
    shift 2
    if "$NRNCC" "$@" "$model" -o "$OUT/$name.bin" >"$OUT/$name.log" 2>&1 &&
        "$OUT/$name.bin" -q -o "$OUT/$name" >>"$OUT/$name.log" 2>&1; then
        compare "$name" spikes --spikes "$OUT/$name/spikes.csv" "tests/ref/$name/spikes.csv"
        IFS=, read -r -a cols <"tests/ref/$name/trace.csv"
        compare "$name" trace "$OUT/$name/traces.csv" "tests/ref/$name/trace.csv" "${cols[1]}=${cols[1]}"
    else
        fail "$name (build or run)" "$OUT/$name.log"
    fi
done
# models/tree.nrn is what the generator writes for depth 10
if models/gen_tree.sh 10 | cmp -s - models/tree.nrn; then
    pass "models/tree.nrn = models/gen_tree.sh 10"
else
    fail "models/tree.nrn differs from models/gen_tree.sh 10 (regenerate it)"
fi

# ---- run-time params: the ring's weight and delay (param w, d) ---------------------

# the same executable with w=0.07 d=4.5 gives NEURON's spikes for those
# values; and the bits of a model compiled with them as consts
name=ring_10_params
if "$NRNCC" -D N=10 models/ring.nrn -o "$OUT/$name.bin" >"$OUT/$name.log" 2>&1 &&
    "$OUT/$name.bin" -q -o "$OUT/$name" w=0.07 d=4.5 >>"$OUT/$name.log" 2>&1; then
    awk -F, 'NR == 1 || $1 < 10' "$OUT/$name/spikes.csv" >"$OUT/$name/ring_spikes.csv"
    compare "$name" spikes --spikes "$OUT/$name/ring_spikes.csv" tests/ref/$name/spikes.csv
    compare "$name" trace "$OUT/$name/traces.csv" tests/ref/$name/trace.csv "ring[0].soma(0.5).v=ring[0].soma(0.5).v"
    sed 's/^param /const /' models/ring.nrn >"$OUT/ring_consts.nrn"
    if "$NRNCC" -D N=10 -D w=0.07 -D d=4.5 "$OUT/ring_consts.nrn" -o "$OUT/ring_consts.bin" >>"$OUT/$name.log" 2>&1 &&
        "$OUT/ring_consts.bin" -q -o "$OUT/ring_consts" >>"$OUT/$name.log" 2>&1 &&
        cmp "$OUT/ring_consts/traces.csv" "$OUT/$name/traces.csv" >>"$OUT/$name.log" 2>&1 &&
        cmp "$OUT/ring_consts/spikes.csv" "$OUT/$name/spikes.csv" >>"$OUT/$name.log" 2>&1; then
        pass "params: w=0.07 d=4.5 on the command line = the model compiled with those consts (bitwise)"
    else
        fail "params = consts" "$OUT/$name.log"
    fi
    # with a unit (70 nS = 0.07 uS), and from a --params file
    printf '# the ring\nw = 70 nS   # weight\n\nd=4.5\n' >"$OUT/ring.params"
    if "$OUT/$name.bin" -q -o "$OUT/${name}_u" w=70nS d=4.5ms >>"$OUT/$name.log" 2>&1 &&
        cmp "$OUT/${name}_u/spikes.csv" "$OUT/$name/spikes.csv" >>"$OUT/$name.log" 2>&1 &&
        "$OUT/$name.bin" -q -o "$OUT/${name}_f" --params "$OUT/ring.params" >>"$OUT/$name.log" 2>&1 &&
        cmp "$OUT/${name}_f/spikes.csv" "$OUT/$name/spikes.csv" >>"$OUT/$name.log" 2>&1; then
        pass "params: w=70nS d=4.5ms and a --params file give the same run"
    else
        fail "params with units or from a file" "$OUT/$name.log"
    fi
    if "$OUT/$name.bin" --help >"$OUT/$name.help" 2>&1 &&
        grep -q "^  w=uS  *default 0.05 uS (ring.nrn:[0-9]*)" "$OUT/$name.help" &&
        grep -q "^  d=ms  *default 5 ms" "$OUT/$name.help"; then
        pass "params: --help lists each with unit and default"
    else
        fail "params --help" "$OUT/$name.help"
    fi
    # bad values: an error naming the param, exit 1, nothing written
    for bad in "w=abc:'w': expected a number" "w=3xS:'xS' is not a unit it takes (fS, pS, nS, uS, mS, S" \
        "d=-1:NetCon 0 a delay of -1 ms" "q=1:unknown setting or param 'q'"; do
        arg=${bad%%:*} want=${bad#*:}
        rm -rf "$OUT/${name}_bad"
        "$OUT/$name.bin" -o "$OUT/${name}_bad" "$arg" >"$OUT/$name.out" 2>"$OUT/$name.err"
        rc=$?
        if [ $rc -ne 0 ] && grep -qF -- "$want" "$OUT/$name.err" && [ ! -e "$OUT/${name}_bad/spikes.csv" ]; then
            pass "params: $arg is refused ($(head -n 1 "$OUT/$name.err"))"
        else
            echo "exit $rc" >>"$OUT/$name.err"
            fail "params: $arg is refused" "$OUT/$name.err"
        fi
    done
    printf 'w 3\n' >"$OUT/bad.params"
    if ! "$OUT/$name.bin" -q -o "$OUT/${name}_bad" --params "$OUT/bad.params" 2>"$OUT/$name.err" &&
        grep -q "bad.params:1: error: expected 'name = value'" "$OUT/$name.err"; then
        pass "params: a bad line of a --params file is an error at its line"
    else
        fail "params: bad --params file" "$OUT/$name.err"
    fi
    # a saved run continues with its params; setting one when restoring is an error
    if "$OUT/$name.bin" -q -o "$OUT/${name}_s1" w=0.07 d=4.5 --save-at 50 --save "$OUT/$name.state" \
            >>"$OUT/$name.log" 2>&1 &&
        "$OUT/$name.bin" -q -o "$OUT/${name}_s2" --restore "$OUT/$name.state" >>"$OUT/$name.log" 2>&1 &&
        [ "$(tail -n 1 "$OUT/${name}_s2/traces.csv")" = "$(tail -n 1 "$OUT/$name/traces.csv")" ] &&
        ! "$OUT/$name.bin" -q -o "$OUT/${name}_s3" --restore "$OUT/$name.state" w=0.05 2>"$OUT/$name.err" &&
        grep -q "param 'w' cannot be set when restoring" "$OUT/$name.err"; then
        pass "params: a restored run keeps the saved run's params"
    else
        fail "params with SaveState" "$OUT/$name.log"
    fi
else
    fail "$name (build or run)" "$OUT/$name.log"
fi

# every kind of place a param may go (tests/params/cell_params.nrn): the
# run with defaults and with other values equals, bit for bit, the file
# with consts compiled with those values
if build cell_params tests/params/cell_params.nrn; then
    sed 's/^param /const /' tests/params/cell_params.nrn >"$OUT/cell_consts.nrn"
    for set in "" "gna=0.2 gl=0.0005 vi=-60 m0=0.1 amp=0.7nA eps4=1e-5 w=5 d=0.5 thr=0"; do
        defs=""
        for a in $set; do defs="$defs -D ${a%nA}"; done
        [ -n "$set" ] && defs=$(echo "$defs" | sed 's/amp=0.7$/amp=700/; s/amp=0.7 /amp=700 /')
        # shellcheck disable=SC2086
        if "$OUT/cell_params.bin" -q -o "$OUT/cell_params_run" $set >>"$OUT/cell_params.log" 2>&1 &&
            "$NRNCC" $defs "$OUT/cell_consts.nrn" -o "$OUT/cell_consts.bin" >>"$OUT/cell_params.log" 2>&1 &&
            "$OUT/cell_consts.bin" -q -o "$OUT/cell_consts_run" >>"$OUT/cell_params.log" 2>&1 &&
            cmp "$OUT/cell_params_run/traces.csv" "$OUT/cell_consts_run/traces.csv" >>"$OUT/cell_params.log" 2>&1 &&
            cmp "$OUT/cell_params_run/spikes.csv" "$OUT/cell_consts_run/spikes.csv" >>"$OUT/cell_params.log" 2>&1 &&
            [ "$(wc -l <"$OUT/cell_params_run/spikes.csv")" -gt 2 ]; then
            pass "params at every kind of place = consts (${set:-defaults})"
        else
            fail "params at every kind of place (${set:-defaults})" "$OUT/cell_params.log"
        fi
    done
else
    fail "build cell_params" "$OUT/cell_params.log"
fi

# ---- the random network of ../shared/bench (its netlist as an edge file) ----------

NETLIST=../shared/bench/netlist_N1000_seed12345.txt
if [ -f "$NETLIST" ]; then
    tests/tools/netlist2nrn.sh "$NETLIST" "$OUT/randnet_model"
    if "$NRNCC" "$OUT/randnet_model/randnet.nrn" -o "$OUT/randnet.bin" >"$OUT/randnet.log" 2>&1 &&
        "$OUT/randnet.bin" -q -o "$OUT/randnet" tstop=50 >>"$OUT/randnet.log" 2>&1; then
        awk -F, 'NR == 1 || $1 < 1000' "$OUT/randnet/spikes.csv" >"$OUT/randnet/net_spikes.csv"
        compare randnet_1000 spikes --spikes "$OUT/randnet/net_spikes.csv" tests/ref/randnet_1000/spikes.csv
    else
        fail "randnet_1000 (build or run)" "$OUT/randnet.log"
    fi
else
    skip "randnet_1000" "$NETLIST is not here"
fi

# ---- NetStim with noise: interval statistics, reproducible for a seed -------------

# intervals of source GID in a spikes.csv: "n mean cv"
isi_stats() {
    awk -F, -v g="$2" 'NR > 1 && $1 == g { if (n) { d = $2 - p; s += d; ss += d * d } p = $2; n++ }
        END { m = s / (n - 1); printf "%d %.6f %.6f\n", n, m, sqrt(ss / (n - 1) - m * m) / m }' "$1"
}
if build netstim_noise tests/stats/netstim_noise.nrn &&
    "$OUT/netstim_noise.bin" -q -o "$OUT/ns_a" seed=5 >>"$OUT/netstim_noise.log" 2>&1 &&
    "$OUT/netstim_noise.bin" -q -o "$OUT/ns_b" seed=5 >>"$OUT/netstim_noise.log" 2>&1 &&
    "$OUT/netstim_noise.bin" -q -o "$OUT/ns_c" seed=6 >>"$OUT/netstim_noise.log" 2>&1; then
    if cmp -s "$OUT/ns_a/spikes.csv" "$OUT/ns_b/spikes.csv" && ! cmp -s "$OUT/ns_a/spikes.csv" "$OUT/ns_c/spikes.csv"; then
        pass "NetStim noise: the same spikes for the same seed, others for another"
    else
        fail "NetStim noise reproducibility" "$OUT/netstim_noise.log"
    fi
    # noise 1: exponential intervals, mean 10 ms, CV 1; noise 0.5: 5 ms + exponential of mean 5 ms, CV 0.5
    for spec in "0 1" "1 0.5"; do
        set -- $spec
        st=$(isi_stats "$OUT/ns_a/spikes.csv" "$1")
        if echo "$st $2" | awk '{ n = $1; se = 10 * $4 / sqrt(n); exit !(n > 4000 && ($2 - 10) ^ 2 < (4 * se) ^ 2 &&
                                   ($3 - $4) ^ 2 < (4 * $4 / sqrt(2 * n) + 0.01) ^ 2) }'; then
            pass "NetStim noise $2: intervals (n mean cv = $st)"
        else
            echo "n mean cv: $st" >>"$OUT/netstim_noise.log"
            fail "NetStim noise $2: interval statistics" "$OUT/netstim_noise.log"
        fi
    done
else
    fail "netstim_noise (build or run)" "$OUT/netstim_noise.log"
fi

# ---- record POP[*].spikes: one population's spikes only ------------------------------

sed 's/^record a\[\*\]\.spikes$/record spikes/' tests/stats/spikes_of_pop.nrn >"$OUT/spikes_all.nrn"
if build spikes_of_pop tests/stats/spikes_of_pop.nrn && "$OUT/spikes_of_pop.bin" -q -o "$OUT/spikes_of_pop" &&
    build spikes_all "$OUT/spikes_all.nrn" && "$OUT/spikes_all.bin" -q -o "$OUT/spikes_all" &&
    [ "$(wc -l <"$OUT/spikes_all/spikes.csv")" -eq 3 ] &&
    awk -F, 'NR == 1 || $1 < 5' "$OUT/spikes_all/spikes.csv" | cmp -s - "$OUT/spikes_of_pop/spikes.csv"; then
    pass "record a[*].spikes: population a's spikes only (gids 0-4)"
else
    fail "record a[*].spikes" "$OUT/spikes_of_pop.log"
fi

# ---- random connection rules (tests/netrule/netrule.nrn) ------------------------------

# the list nrncc draws is the one tests/ref/netrule_refs.py built NEURON's
# network from (the same on every machine), and the spikes are NEURON's
NR=tests/netrule/netrule.nrn
if "$NRNCC" --netcons "$NR" >"$OUT/netrule.csv" 2>"$OUT/netrule.log" &&
    cmp -s "$OUT/netrule.csv" tests/ref/netrule/netcons.csv; then
    pass "netcon rules: nrncc --netcons draws the list NEURON's reference was built from ($(($(wc -l <"$OUT/netrule.csv") - 1)) NetCons)"
else
    diff "$OUT/netrule.csv" tests/ref/netrule/netcons.csv | head -20 >>"$OUT/netrule.log" 2>&1
    fail "netcon rules: nrncc --netcons differs from tests/ref/netrule/netcons.csv" "$OUT/netrule.log"
fi
if simulate netrule "$NR"; then
    compare netrule spikes --spikes "$OUT/netrule/spikes.csv" tests/ref/netrule/spikes.csv
else
    fail "netrule (build or run)" "$OUT/netrule.log"
fi
# indegree 4 within exc (no self-connections): exactly 4 distinct sources
# per target; probability 0.25 from exc (40) to inh (15) and 0.1 from inh
# to exc: counts within 4 standard deviations of n*p
if awk -F, 'NR > 1 && $1 ~ /^exc/ && $3 ~ /^exc/ { split($1, s, /[][]/); split($3, t, /[][]/);
        if (s[2] == t[2] || seen[$1 "," $3]++) bad = 1; n[$3]++ }
        NR > 1 && $1 ~ /^exc/ && $3 ~ /^inh/ { ei++ } NR > 1 && $1 ~ /^inh/ { ie++ }
        END { for (k in n) { if (n[k] != 4) bad = 1; m++ }
              if (m != 40 || bad) exit 1
              if ((ei - 150) ^ 2 > 16 * 600 * 0.25 * 0.75 || (ie - 60) ^ 2 > 16 * 600 * 0.1 * 0.9) exit 1
              printf "exc->exc 4 per target x %d, exc->inh %d (150 +- 10.6), inh->exc %d (60 +- 7.3)\n", m, ei, ie > "/dev/stderr" }' \
        "$OUT/netrule.csv" 2>"$OUT/netrule.stats"; then
    pass "netcon rules: $(cat "$OUT/netrule.stats")"
else
    fail "netcon rules: in-degrees and counts" "$OUT/netrule.stats"
fi
# the rules computed from nrn(5)'s description alone (a Python program,
# tests/tools/netrule_spec.py): the same NetCons in the same order
if ! command -v python3 >/dev/null 2>&1; then
    skip "netcon rules from the man page" "no python3"
elif python3 tests/tools/netrule_spec.py >"$OUT/netrule_spec.csv" 2>"$OUT/netrule_spec.log" &&
    cmp -s "$OUT/netrule_spec.csv" <(grep -v '^drive,\|^source,' "$OUT/netrule.csv"); then
    pass "netcon rules: nrn(5)'s generator and order of draws, programmed anew in Python, give nrncc's $(wc -l <"$OUT/netrule_spec.csv") NetCons"
else
    diff "$OUT/netrule_spec.csv" <(grep -v '^drive,\|^source,' "$OUT/netrule.csv") | head >>"$OUT/netrule_spec.log" 2>&1
    fail "netcon rules from the man page" "$OUT/netrule_spec.log"
fi
# the same seed twice: the same list; another seed: another list (only
# that rule's NetCons change)
sed 's/probability = 0.25  seed = 7/probability = 0.25  seed = 8/' "$NR" >"$OUT/netrule_seed8.nrn"
if "$NRNCC" --netcons "$NR" | cmp -s - "$OUT/netrule.csv" &&
    "$NRNCC" --netcons "$OUT/netrule_seed8.nrn" >"$OUT/netrule_seed8.csv" 2>>"$OUT/netrule.log" &&
    ! cmp -s "$OUT/netrule_seed8.csv" "$OUT/netrule.csv" &&
    cmp -s <(grep -v '^exc.*,inh' "$OUT/netrule_seed8.csv") <(grep -v '^exc.*,inh' "$OUT/netrule.csv"); then
    pass "netcon rules: the same seed gives the same NetCons, another seed others"
else
    fail "netcon rules: determinism" "$OUT/netrule.log"
fi

# VecStim and SaveState: a run restored from a state saved at 10.3 ms
# (VecStim events pending) gives the uninterrupted run's later spikes and
# its last row
if [ -x "$OUT/vecstim.bin" ] &&
    "$OUT/vecstim.bin" -q -o "$OUT/vecstim_s1" --save-at 10.3 --save "$OUT/vecstim.state" >"$OUT/vecstim_ss.log" 2>&1 &&
    "$OUT/vecstim.bin" -q -o "$OUT/vecstim_s2" --restore "$OUT/vecstim.state" >>"$OUT/vecstim_ss.log" 2>&1 &&
    cmp -s <(awk -F, 'NR > 1 && $2 > 10.3' "$OUT/vecstim/spikes.csv" | sort) <(tail -n +2 "$OUT/vecstim_s2/spikes.csv" | sort) &&
    [ "$(tail -n 1 "$OUT/vecstim_s2/traces.csv")" = "$(tail -n 1 "$OUT/vecstim/traces.csv")" ] &&
    [ "$(wc -l <"$OUT/vecstim_s2/spikes.csv")" -gt 100 ]; then
    pass "VecStim with SaveState: the restored run's $(($(wc -l <"$OUT/vecstim_s2/spikes.csv") - 1)) spikes and last row are the uninterrupted run's"
else
    fail "VecStim with SaveState" "$OUT/vecstim_ss.log"
fi

# VecStim with CVODE (a time a few units in the last place before a
# recording time, as 25.799999999999997 before 25.8, is reached without a
# CVODE step): the VecStims' spikes exactly NEURON's CVode's, the cells'
# within 0.01 ms
if [ -x "$OUT/vecstim.bin" ] && "$OUT/vecstim.bin" -q -o "$OUT/vecstim_cvode" --method cvode >"$OUT/vecstim_cvode.log" 2>&1; then
    awk -F, 'NR == 1 || $1 >= 2' "$OUT/vecstim_cvode/spikes.csv" >"$OUT/vecstim_cvode/vs_spikes.csv"
    awk -F, 'NR == 1 || $1 >= 2' tests/ref/vecstim/cvode_spikes.csv >"$OUT/vecstim_cvode/vs_ref.csv"
    compare vecstim_cvode vecstim_spikes --spikes --tol 0 "$OUT/vecstim_cvode/vs_spikes.csv" "$OUT/vecstim_cvode/vs_ref.csv"
    compare vecstim_cvode spikes --spikes --tol 0.01 "$OUT/vecstim_cvode/spikes.csv" tests/ref/vecstim/cvode_spikes.csv
else
    fail "vecstim with cvode (run)" "$OUT/vecstim_cvode.log"
fi

# --native (-march=native): the same numbers
if "$NRNCC" --native -D N=10 models/ring.nrn -o "$OUT/ring_native.bin" >"$OUT/ring_native.log" 2>&1 &&
    "$OUT/ring_native.bin" -q -o "$OUT/ring_native" >>"$OUT/ring_native.log" 2>&1; then
    compare ring_native trace "$OUT/ring_native/traces.csv" tests/ref/ring_10/trace.csv "ring[0].soma(0.5).v=ring[0].soma(0.5).v"
else
    fail "ring_native (build or run)" "$OUT/ring_native.log"
fi

# --profile: time per phase, ns per compartment-step, memory
if [ -x "$OUT/ring_10.bin" ] && "$OUT/ring_10.bin" -q --profile -o "$OUT/profile" 2>"$OUT/profile.err" &&
    grep -q "^ring_10.bin: profile: 4000 steps of 1020 compartments in [0-9.]* s: [0-9.]* ns per compartment-step$" "$OUT/profile.err" &&
    grep -q "^ring_10.bin:   tree solve and v  *[0-9.]* s" "$OUT/profile.err" &&
    grep -q "^ring_10.bin: memory: state [0-9.]* MB ([0-9]* bytes per compartment)" "$OUT/profile.err" &&
    cmp -s "$OUT/profile/traces.csv" "$OUT/ring_10/traces.csv"; then
    pass "--profile: phases, ns per compartment-step and memory; the same trace"
else
    fail "--profile" "$OUT/profile.err"
fi

# ---- the executable's progress line --------------------------------------------------

if [ -x "$OUT/ring_10.bin" ] &&
    NRT_PROGRESS_AFTER=0 "$OUT/ring_10.bin" --progress -o "$OUT/progress" 2>"$OUT/progress.err" >/dev/null &&
    tr '\r' '\n' <"$OUT/progress.err" | grep -q "^ring_10.bin: t = [0-9.]* of 100 ms ([0-9]*%)" &&
    NRT_PROGRESS_AFTER=0 "$OUT/ring_10.bin" -q -o "$OUT/progress" 2>"$OUT/progress_q.err" >/dev/null &&
    [ ! -s "$OUT/progress_q.err" ]; then
    pass "--progress prints a progress line; -q prints nothing"
else
    fail "progress line" "$OUT/progress.err"
fi

# ---- topology and geometry -----------------------------------------------------

if "$NRNCC" --topology examples/topology.nrn >"$OUT/topology.txt" 2>"$OUT/topology.log" &&
    cmp -s "$OUT/topology.txt" tests/ref/topology/topology.txt; then
    pass "topology (byte-identical to NEURON's topology())"
else
    diff "$OUT/topology.txt" tests/ref/topology/topology.txt >>"$OUT/topology.log" 2>&1
    fail "topology" "$OUT/topology.log"
fi

for g in A:A_uniform A4:A_diam4 B:B_frustum C:C_cell; do
    model=${g%%:*} ref=${g##*:}
    if "$NRNCC" --geometry "tests/golden/geometry_$model.nrn" >"$OUT/geometry_$model.csv" 2>"$OUT/geometry_$model.log"; then
        compare "geometry_$model" area_ri --key section,x --rel --tol 1e-12 "$OUT/geometry_$model.csv" \
            "tests/ref/geometry/$ref.csv" area=area ri=ri
    else
        fail "geometry_$model" "$OUT/geometry_$model.log"
    fi
done

# reconstructed cells: every segment's area and ri (relative 1e-12), and
# the sections (names, order, parents, points, L, nseg) as NEURON's
SWC_DATA=../shared/morphologies/control-1-wt.CNG.swc
for c in examples/pyramid.nrn:pyramid_seed tests/golden/swc_cell.nrn:swc_cell examples/small_cell.nrn:small_cell \
    tests/golden/cellbuilder.nrn:cellbuilder; do
    model=${c%%:*} ref=${c##*:}
    if [ "$ref" = swc_cell ] && [ ! -e $SWC_DATA ]; then
        skip "geometry_$ref" "no $SWC_DATA"
        continue
    fi
    if "$NRNCC" --geometry "$model" >"$OUT/geometry_$ref.csv" 2>"$OUT/geometry_$ref.log"; then
        compare "geometry_$ref" area_ri --key section,x --rel --tol 1e-12 "$OUT/geometry_$ref.csv" \
            "tests/ref/$ref/geometry.csv" area=area ri=ri
    else
        fail "geometry_$ref" "$OUT/geometry_$ref.log"
    fi
    [ -e "tests/ref/$ref/sections.csv" ] || continue
    if "$NRNCC" --sections "$model" >"$OUT/sections_$ref.csv" 2>"$OUT/sections_$ref.log" &&
        cmp -s "$OUT/sections_$ref.csv" "tests/ref/$ref/sections.csv"; then
        pass "sections of $ref ($(($(wc -l <"tests/ref/$ref/sections.csv") - 1)) sections: names, order, parents, n3d, L, nseg as NEURON's)"
    else
        diff "$OUT/sections_$ref.csv" "tests/ref/$ref/sections.csv" >>"$OUT/sections_$ref.log" 2>&1
        fail "sections of $ref" "$OUT/sections_$ref.log"
    fi
done

# --describe: every line we print is a line of NEURON's ModelView for the
# same model (tests/ref/morph_refs.py); for the pyramid the whole real-cell
# tree up to ModelView's parameter subsets is identical
for c in examples/pyramid.nrn:pyramid_seed:20 examples/small_cell.nrn:small_cell:0; do
    model=${c%%:*} rest=${c#*:} ref=${c#*:} ref=${ref%%:*} same=${rest##*:}
    mv=tests/ref/$ref/modelview.txt
    if ! "$NRNCC" --describe "$model" >"$OUT/describe_$ref.txt" 2>"$OUT/describe_$ref.log"; then
        fail "describe $ref" "$OUT/describe_$ref.log"
        continue
    fi
    missing=$(while IFS= read -r l; do grep -Fxq -- "$l" "$mv" || echo "not in ModelView: '$l'"; done \
        <"$OUT/describe_$ref.txt")
    if [ -z "$missing" ] && cmp -s <(head -n "$same" "$OUT/describe_$ref.txt") <(head -n "$same" "$mv"); then
        pass "describe $ref ($(wc -l <"$OUT/describe_$ref.txt") lines, each as NEURON's ModelView prints it)"
    else
        echo "$missing" >>"$OUT/describe_$ref.log"
        diff <(head -n "$same" "$OUT/describe_$ref.txt") <(head -n "$same" "$mv") >>"$OUT/describe_$ref.log"
        fail "describe $ref" "$OUT/describe_$ref.log"
    fi
done

# ---- bad input: exact diagnostics, exit status 1, nothing written -------------

for f in tests/errors/*.nrn; do
    name=$(basename "$f" .nrn)
    rm -f "$OUT/err.bin"
    "$NRNCC" "$f" -o "$OUT/err.bin" >"$OUT/err_$name.out" 2>"$OUT/err_$name.err"
    rc=$?
    if [ $rc -ne 1 ]; then
        echo "exit status $rc, expected 1" >>"$OUT/err_$name.err"
        fail "error $name" "$OUT/err_$name.err"
    elif [ -e "$OUT/err.bin" ] || ls "$OUT"/err.bin.tmp* >/dev/null 2>&1; then
        fail "error $name: an output file was left behind"
    elif ! diff -u "tests/errors/$name.expect" "$OUT/err_$name.err" >"$OUT/err_$name.diff" 2>&1; then
        fail "error $name: diagnostics differ from $name.expect" "$OUT/err_$name.diff"
    else
        pass "error $name ($(head -n 1 "tests/errors/$name.expect" | sed 's/^[^ ]* //'))"
    fi
done

# VERBATIM C that the C compiler rejects: its messages point into the .mod
# file, nrncc exits 1 (an error in the input, not in nrncc), nothing written
printf 'model verbatim_badc\nuse "%s/tests/errors/mods/verb_badc.mod"\nsection soma { insert vbc }\n' "$PWD" \
    >"$OUT/verbatim_badc.nrn"
rm -f "$OUT/err.bin"
"$NRNCC" "$OUT/verbatim_badc.nrn" -o "$OUT/err.bin" >"$OUT/err_verbatim_badc.err" 2>&1
rc=$?
if [ $rc -eq 1 ] && [ ! -e "$OUT/err.bin" ] && grep -q "verb_badc.mod:6:[0-9]*: error" "$OUT/err_verbatim_badc.err" &&
    grep -q "point into the VERBATIM blocks" "$OUT/err_verbatim_badc.err"; then
    pass "error verbatim C rejected by the C compiler (message at the .mod line, exit 1)"
else
    echo "exit status $rc" >>"$OUT/err_verbatim_badc.err"
    fail "error verbatim C rejected by the C compiler" "$OUT/err_verbatim_badc.err"
fi

# usage errors: exit status 2
for args in "--no-such-option examples/spike_demo.nrn" "" "-o" "-D N models/ring.nrn" "-D N=ten models/ring.nrn"; do
    # shellcheck disable=SC2086
    "$NRNCC" $args >"$OUT/usage.out" 2>"$OUT/usage.err"
    rc=$?
    if [ $rc -eq 2 ] && grep -q "^nrncc: error: " "$OUT/usage.err"; then
        pass "usage error '$args' (exit 2)"
    else
        fail "usage error '$args': exit $rc" "$OUT/usage.err"
    fi
done

# -D of a const the model does not have: an error (exit 1), nothing built
rm -f "$OUT/err.bin"
if ! "$NRNCC" -D M=3 models/ring.nrn -o "$OUT/err.bin" 2>"$OUT/define.err" &&
    grep -q "^nrncc: error: -D M: the model has no const or param 'M'" "$OUT/define.err" && [ ! -e "$OUT/err.bin" ]; then
    pass "-D of an unknown const (error, exit 1)"
else
    fail "-D of an unknown const" "$OUT/define.err"
fi

# -MD: the model's files as a Make rule (the .nrn first, then the .mod files)
rm -f "$OUT/md.bin" "$OUT/md.bin.d"
if "$NRNCC" -MD tests/golden/verbatim.nrn -o "$OUT/md.bin" >"$OUT/md.log" 2>&1 &&
    head -n 1 "$OUT/md.bin.d" | grep -q "^$OUT/md.bin: \\\\$" &&
    grep -q "^  tests/golden/verbatim.nrn \\\\$" "$OUT/md.bin.d" &&
    grep -q "/mods/verb.mod" "$OUT/md.bin.d" && grep -q "stdlib/hh.mod" "$OUT/md.bin.d" &&
    grep -q "stdlib/IClamp.mod" "$OUT/md.bin.d"; then
    pass "-MD writes the model's files as a Make rule"
else
    cat "$OUT/md.bin.d" >>"$OUT/md.log" 2>/dev/null
    fail "-MD" "$OUT/md.log"
fi

# ---- the built executable ------------------------------------------------------

if build cli examples/spike_demo.nrn; then
    for bad in "tstop=abc:tstop" "dt=-1:dt" "dt=0:dt" "secondorder=3:secondorder" "v_init=:v_init"; do
        arg=${bad%%:*} what=${bad##*:}
        rm -rf "$OUT/cli_out"
        "$OUT/cli.bin" -o "$OUT/cli_out" "$arg" >"$OUT/cli.out" 2>"$OUT/cli.err"
        rc=$?
        if [ $rc -eq 1 ] && [ "$(wc -l <"$OUT/cli.err")" -eq 1 ] && grep -q "'$what'" "$OUT/cli.err" &&
            [ ! -e "$OUT/cli_out/traces.csv" ]; then
            pass "executable rejects $arg ($(cat "$OUT/cli.err"))"
        else
            echo "exit $rc" >>"$OUT/cli.err"
            fail "executable rejects $arg" "$OUT/cli.err"
        fi
    done
    "$OUT/cli.bin" --bogus >"$OUT/cli.out" 2>"$OUT/cli.err"
    [ $? -eq 2 ] && pass "executable: unknown option (exit 2)" || fail "executable: unknown option" "$OUT/cli.err"
    if "$OUT/cli.bin" --help >"$OUT/cli.help" 2>&1 && grep -q "tstop=" "$OUT/cli.help" && grep -q -- "-o DIR" "$OUT/cli.help"; then
        pass "executable --help lists its options"
    else
        fail "executable --help" "$OUT/cli.help"
    fi
    # settings on the command line override the model: tstop=5 gives 201 rows
    if "$OUT/cli.bin" -q -o "$OUT/cli_short" tstop=5 2>"$OUT/cli.err" && [ "$(wc -l <"$OUT/cli_short/traces.csv")" -eq 202 ]; then
        pass "executable: tstop=5 gives 201 rows"
    else
        fail "executable: tstop=5" "$OUT/cli.err"
    fi
else
    fail "build spike_demo for the executable tests" "$OUT/cli.log"
fi

# every example builds and runs
for f in examples/*.nrn; do
    name=example_$(basename "$f" .nrn)
    if build "$name" "$f" && "$OUT/$name.bin" -q -o "$OUT/$name" >>"$OUT/$name.log" 2>&1; then
        pass "example $f builds and runs"
    else
        fail "example $f" "$OUT/$name.log"
    fi
done

# an unstable run stops with an error naming time and segment, and no output
if build unstable tests/golden/unstable.nrn; then
    rm -rf "$OUT/unstable_out"
    "$OUT/unstable.bin" -o "$OUT/unstable_out" >"$OUT/unstable.out" 2>"$OUT/unstable.err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "unstable at t = .* ms: .* at soma(0.5)" "$OUT/unstable.err" &&
        [ -z "$(ls -A "$OUT/unstable_out" 2>/dev/null)" ]; then
        pass "unstable run stops ($(cut -d: -f3- "$OUT/unstable.err" | head -n 1))"
    else
        echo "exit $rc; output: $(ls -A "$OUT/unstable_out" 2>/dev/null)" >>"$OUT/unstable.err"
        fail "unstable run" "$OUT/unstable.err"
    fi
else
    fail "build unstable" "$OUT/unstable.log"
fi

# ---- SaveState: --save-at, --save, --restore ---------------------------------

# savestate NAME MODEL T: the run saved at T and continued from the file is
# bitwise the uninterrupted run (traces from the saved row on, spikes
# after it); saving does not change the run.
savestate() {
    local name=ss_$1 model=$2 at=$3 d=$OUT/ss_$1
    if ! build "$name" "$model"; then
        fail "savestate $1 (build)" "$OUT/$name.log"
        return
    fi
    rm -rf "$d"
    mkdir -p "$d"
    if ! "$OUT/$name.bin" -q -o "$d/full" >>"$OUT/$name.log" 2>&1 ||
        ! "$OUT/$name.bin" -q -o "$d/first" --save-at "$at" --save "$d/state.bin" >>"$OUT/$name.log" 2>&1 ||
        ! "$OUT/$name.bin" -q -o "$d/cont" --restore "$d/state.bin" >>"$OUT/$name.log" 2>&1; then
        fail "savestate $1 (runs)" "$OUT/$name.log"
        return
    fi
    local first n
    first=$(sed -n 2p "$d/cont/traces.csv")
    n=$(grep -n -F -x -- "$first" "$d/full/traces.csv" | head -n 1 | cut -d: -f1)
    if ! cmp -s "$d/full/traces.csv" "$d/first/traces.csv"; then
        fail "savestate $1: saving changed the run"
    elif [ -z "$n" ] || ! { head -n 1 "$d/full/traces.csv"; tail -n "+$n" "$d/full/traces.csv"; } |
        cmp -s - "$d/cont/traces.csv"; then
        fail "savestate $1: the continued trace differs from the uninterrupted one"
    elif [ -f "$d/full/spikes.csv" ] && ! awk -F, -v ts="${first%%,*}" 'NR == 1 || $2 > ts + 0' "$d/full/spikes.csv" |
        cmp -s - "$d/cont/spikes.csv"; then
        fail "savestate $1: the continued spikes differ from the uninterrupted ones"
    else
        pass "savestate $1: saved at $at ms, continued bitwise ($(($(wc -l <"$d/cont/traces.csv") - 1)) rows${4:+, $4})"
    fi
}
savestate spike_demo examples/spike_demo.nrn 5
savestate mix tests/savestate/mix.nrn 10 "events, random stream, plays, spikes"
savestate kinetic tests/golden/kinetic.nrn 7.5 "KINETIC solvers"
savestate intfire4 tests/golden/stdlib_intfire4.nrn 12 "net_move"
savestate at0 tests/savestate/mix.nrn 0
savestate pointer tests/golden/pointer.nrn 3 "POINTERs"
savestate watch tests/golden/watch.nrn 4 "WATCH"
savestate ring models/ring.nrn 20 "a network of populations"

savestate rangeplot tests/golden/rangeplot.nrn 1.5 "space plots"
# the continued run's space plots hold the samples after the save only
d=$OUT/ss_rangeplot
if [ -f "$d/cont/range_v.csv" ] && [ "$(head -n 1 "$d/cont/range_v.csv")" = "x,v@2.5" ]; then
    compare savestate range_v --tcol x --ttol 0 "$d/cont/range_v.csv" "$d/full/range_v.csv" "v@2.5=v@2.5"
else
    fail "savestate rangeplot: the space plots' files of the two parts"
fi

# against NEURON's SaveState (the user's oracle): the continued run is pass 2
if [ -f "$OUT/ss_spike_demo/cont/traces.csv" ]; then
    compare savestate pass2 "$OUT/ss_spike_demo/cont/traces.csv" tests/ref/savestate/pass2.csv "soma(0.5).v=v"
fi

# a continued run saved at its end (tstop given on restore) and continued
# again: the two pieces make the same run
d=$OUT/ss_mix
if "$OUT/ss_mix.bin" -q -o "$d/c1" --restore "$d/state.bin" tstop=20 --save "$d/s20.bin" >"$d/chain.log" 2>&1 &&
    "$OUT/ss_mix.bin" -q -o "$d/c2" --restore "$d/s20.bin" tstop=30 >>"$d/chain.log" 2>&1 &&
    { cat "$d/c1/traces.csv"; tail -n +3 "$d/c2/traces.csv"; } | cmp -s - "$d/cont/traces.csv"; then
    pass "savestate: a restored run saved at its end and continued again is the same run"
else
    fail "savestate: chained restore" "$d/chain.log"
fi

# bad state files: a clear error, exit status 1, no output
state_error() { # state_error WHAT FILE EXECUTABLE PATTERN
    rm -rf "$OUT/ss_err"
    "$3" -o "$OUT/ss_err" --restore "$2" >"$OUT/ss_err.out" 2>"$OUT/ss_err.err"
    local rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l <"$OUT/ss_err.err")" -eq 1 ] && grep -q -- "$4" "$OUT/ss_err.err" &&
        [ -z "$(ls -A "$OUT/ss_err" 2>/dev/null)" ]; then
        pass "restore rejects $1 ($(sed 's/^[^:]*: //' "$OUT/ss_err.err"))"
    else
        echo "exit $rc" >>"$OUT/ss_err.err"
        fail "restore rejects $1" "$OUT/ss_err.err"
    fi
}
s=$OUT/ss_spike_demo/state.bin
if [ -f "$s" ] && build ss_other tests/golden/two_cells.nrn; then
    state_error "a state of another model" "$s" "$OUT/ss_other.bin" "saved by model 'spike_demo', not by this one"
    head -c 300 "$s" >"$OUT/ss_trunc.bin"
    state_error "a truncated file" "$OUT/ss_trunc.bin" "$OUT/ss_spike_demo.bin" "is truncated"
    cp "$s" "$OUT/ss_corrupt.bin"
    b=$(od -An -tu1 -j 400 -N 1 "$s" | tr -d ' ')
    printf "\\$(printf %o $(((b + 1) % 256)))" | dd of="$OUT/ss_corrupt.bin" bs=1 seek=400 conv=notrunc 2>/dev/null
    state_error "a corrupted file" "$OUT/ss_corrupt.bin" "$OUT/ss_spike_demo.bin" "corrupted (checksum mismatch)"
    cp "$s" "$OUT/ss_newer.bin"
    printf '\143' | dd of="$OUT/ss_newer.bin" bs=1 seek=8 conv=notrunc 2>/dev/null
    state_error "a newer format version" "$OUT/ss_newer.bin" "$OUT/ss_spike_demo.bin" "format version 99, newer than"
    state_error "a file that is no state" tests/golden/cases.txt "$OUT/ss_spike_demo.bin" "is not a state file"
    state_error "a missing file" "$OUT/no_such.bin" "$OUT/ss_spike_demo.bin" "cannot read"
else
    fail "savestate: build the models of the bad-file tests"
fi

# bad uses of the options
ss_usage() { # ss_usage EXIT PATTERN ARGS...
    local want=$1 pat=$2
    shift 2
    rm -rf "$OUT/ss_err"
    "$OUT/ss_spike_demo.bin" -o "$OUT/ss_err" "$@" >"$OUT/ss_err.out" 2>"$OUT/ss_err.err"
    local rc=$?
    if [ $rc -eq "$want" ] && grep -q -- "$pat" "$OUT/ss_err.err" && [ ! -e "$OUT/ss_err/traces.csv" ]; then
        pass "executable rejects $* (exit $rc: $(sed 's/^[^:]*: //' "$OUT/ss_err.err"))"
    else
        echo "exit $rc" >>"$OUT/ss_err.err"
        fail "executable rejects $*" "$OUT/ss_err.err"
    fi
}
ss_usage 2 "needs '--save FILE'" --save-at 5
ss_usage 1 "for '--save-at'" --save-at 5x --save "$OUT/x.bin"
ss_usage 1 "after tstop" --save-at 50 --save "$OUT/x.bin"
ss_usage 1 "'dt' cannot be set when restoring" --restore "$OUT/ss_spike_demo/state.bin" dt=0.01
ss_usage 1 "before the restored time" --restore "$OUT/ss_spike_demo/state.bin" --save-at 1 --save "$OUT/x.bin"
ss_usage 2 "needs a file" --restore
ss_usage 1 "expected fixed or cvode" --method euler

# ---- CVODE: the variable time step ------------------------------------------------

# the user's oracle (cvode_hh): the spike within 5e-3 ms of NEURON's, the
# trace (interpolated at NEURON's steps) within 0.1 mV, at atol 1e-5 and
# at NEURON's default 1e-3; --stats says what CVODE did
if build cvode_hh tests/golden/cvode_hh.nrn; then
    for run in 1e-5:atol1e-5 1e-3:atol_default; do
        atol=${run%%:*} ref=tests/ref/cvode_hh/${run##*:}
        d=$OUT/cvode_hh_$atol
        if "$OUT/cvode_hh.bin" -q -o "$d" atol="$atol" --stats 2>"$d.stats"; then
            compare "cvode_hh_atol$atol" spikes --spikes --tol 5e-3 "$d/spikes.csv" "$ref/spikes.csv"
            compare "cvode_hh_atol$atol" trace --interp --tol 0.1 "$d/traces.csv" "$ref/trace.csv" "soma(0.5).v=v"
            if grep -q "cvode: [0-9]* steps, [0-9]* f evaluations, .*atol $(printf %g "$atol")" "$d.stats"; then
                pass "cvode_hh --stats ($(sed 's/^[^:]*: //' "$d.stats" | cut -c1-90)...)"
            else
                fail "cvode_hh --stats" "$d.stats"
            fi
        else
            fail "cvode_hh atol=$atol" "$d.stats"
        fi
    done
else
    fail "cvode_hh (build)" "$OUT/cvode_hh.log"
fi

# against NEURON's CVode on a cell with a dendrite, a pulse, synaptic
# events and spikes (tests/ref/simctl_refs.py): spikes within 0.01 ms (a
# spike is stamped with the end of its step, and the steps differ), the
# traces within 0.1 mV, two rows at each event time as NEURON writes
if simulate cvode_cell tests/golden/cvode_cell.nrn; then
    compare cvode_cell spikes --spikes --tol 0.01 "$OUT/cvode_cell/spikes.csv" tests/ref/cvode_cell/spikes.csv
    compare cvode_cell trace --interp --tol 0.1 "$OUT/cvode_cell/traces.csv" tests/ref/cvode_cell/cvode_trace.csv \
        "soma(0.5).v=soma(0.5).v" "dend(0.7).v=dend(0.7).v" "syn.g=syn.g"
else
    fail "cvode_cell (build or run)" "$OUT/cvode_cell.log"
fi

# --method fixed overrides the model's method = cvode (fixed-step spike_demo numbers)
if "$OUT/cvode_hh.bin" -q -o "$OUT/cvode_fixed" --method fixed 2>"$OUT/cvode_fixed.err" &&
    "$CSVCMP" "$OUT/cvode_fixed/traces.csv" tests/ref/spike_demo/trace.csv "soma(0.5).v=v" >"$OUT/cvode_fixed.cmp"; then
    pass "--method fixed overrides 'method = cvode' ($(tail -n 1 "$OUT/cvode_fixed.cmp" | sed 's/^[a-z]* //'))"
else
    fail "--method fixed overrides 'method = cvode'" "$OUT/cvode_fixed.cmp"
fi

# what CVODE cannot do yet is refused with the reason; bad values
cv_reject() { # cv_reject NAME EXECUTABLE PATTERN ARGS...
    local name=$1 exe=$2 pat=$3
    shift 3
    rm -rf "$OUT/cv_err"
    "$exe" -o "$OUT/cv_err" "$@" >"$OUT/cv_err.out" 2>"$OUT/cv_err.err"
    local rc=$?
    if [ $rc -eq 1 ] && grep -q -- "$pat" "$OUT/cv_err.err" && [ ! -e "$OUT/cv_err/traces.csv" ]; then
        pass "cvode: $name ($(sed 's/^[^:]*: //' "$OUT/cv_err.err"))"
    else
        echo "exit $rc" >>"$OUT/cv_err.err"
        fail "cvode: $name" "$OUT/cv_err.err"
    fi
}
# (a concentration a KINETIC block assigns: tests/cvode/cvode_tests.sh, cv_kinassign)
cv_reject "atol=0 is refused" "$OUT/cvode_hh.bin" "bad value '0' for 'atol'" atol=0
cv_reject "rtol=-1 is refused" "$OUT/cvode_hh.bin" "bad value '-1' for 'rtol'" rtol=-1

# golden models that CVODE can run run, and their spikes are the same as
# the fixed step's (NEURON's, dt 0.025 ms) to 0.1 ms: four fixed steps
for m in features two_cells netstim_expsyn stdlib_seclamp stdlib_vclamp stdlib_exp2syn play_continuous pointer rangeplot \
    init_values; do
    f=$(awk -v n="$m" '$1 == n { print $2 }' tests/golden/cases.txt)
    [ -n "$f" ] || f=examples/$m.nrn
    if build "cvall_$m" "$f" && "$OUT/cvall_$m.bin" -q -o "$OUT/cvall_$m" --method cvode >>"$OUT/cvall_$m.log" 2>&1; then
        if [ -f "$OUT/cvall_$m/spikes.csv" ] && [ -f "tests/ref/$m/spikes.csv" ] &&
            ! "$CSVCMP" --spikes --tol 0.1 "$OUT/cvall_$m/spikes.csv" "tests/ref/$m/spikes.csv" >"$OUT/cvall_$m.cmp"; then
            fail "cvode runs $m: spikes" "$OUT/cvall_$m.cmp"
        else
            pass "cvode runs $m$( [ -f "$OUT/cvall_$m.cmp" ] && echo " ($(tail -n 1 "$OUT/cvall_$m.cmp" | sed 's/^[a-z]* //'))")"
        fi
    else
        fail "cvode runs $m" "$OUT/cvall_$m.log"
    fi
done

# ---- generated C ------------------------------------------------------------------

# every model of the golden cases
C_MODELS=$(awk '!/^#/ && NF { n = "-"; for (i = 5; i <= NF; i++) if ($i ~ /^--needs=/) n = substr($i, 9)
                              print $2 "@" n }' tests/golden/cases.txt | sort -u)
for mn in $C_MODELS; do
    m=${mn%@*} need=${mn##*@}
    name=$(basename "$m" .nrn)
    if [ "$need" != "-" ] && [ ! -e "$need" ]; then
        skip "C of $name" "no $need"
        continue
    fi
    if "$NRNCC" -S "$m" -o "$OUT/$name.1.c" 2>"$OUT/$name.c.log" && "$NRNCC" -S "$m" -o "$OUT/$name.2.c" 2>>"$OUT/$name.c.log" &&
        cmp -s "$OUT/$name.1.c" "$OUT/$name.2.c"; then
        pass "C of $name is byte-identical across runs"
    else
        fail "C of $name is not deterministic" "$OUT/$name.c.log"
    fi
    for compiler in gcc clang; do
        if ! command -v $compiler >/dev/null 2>&1; then
            fail "$compiler is not installed"
            continue
        fi
        if $compiler -std=c99 -O2 -Wall -Wextra -Werror -Iruntime -c -o "$OUT/$name.$compiler.o" "$OUT/$name.1.c" \
            >"$OUT/$name.$compiler.log" 2>&1; then
            pass "C of $name compiles with $compiler -Wall -Wextra -Werror"
        else
            fail "C of $name with $compiler -Wall -Wextra -Werror" "$OUT/$name.$compiler.log"
        fi
    done
done

# ---- ./sim --threads N: the same files for every N ----------------------------------
# Every golden case (and the networks) run again on 2 and 3 threads: each
# output file must be the same bytes as the one-thread run's.  A model that
# cannot be spread (NrtModel.thread_reason) must say so and run on one.
thread_case() {
    local name=$1 dir=$2; shift 2
    [ -x "$OUT/$name.bin" ] && [ -d "$dir" ] || return 0
    local n f ok=1 one=0
    for n in 2 3; do
        rm -rf "$OUT/thr_${name}_$n"
        if ! "$OUT/$name.bin" -o "$OUT/thr_${name}_$n" --threads $n "$@" >"$OUT/thr_$name.log" 2>&1; then
            fail "$name on $n threads (run)" "$OUT/thr_$name.log"
            return
        fi
        grep -q "note: running on one thread: " "$OUT/thr_$name.log" && one=1
        [ -f "$OUT/thr_${name}_$n/traces.csv" ] || ok=0
        for f in "$OUT/thr_${name}_$n"/*.csv; do
            cmp -s "$f" "$dir/$(basename "$f")" || ok=0
        done
    done
    if [ $ok -eq 0 ]; then
        fail "$name on 2 and 3 threads: files differ from the one-thread run's" "$OUT/thr_$name.log"
    elif [ $one -eq 1 ]; then
        pass "$name on 2 and 3 threads: one thread, as it says ($(sed -n 's/.*running on one thread: //p' "$OUT/thr_$name.log" | head -n 1))"
    else
        pass "$name on 2 and 3 threads: the same bytes as on one"
    fi
}
nthr_multi=0
while read -r tname tmodel tref tsettings trest; do
    case $tname in '' | '#'*) continue ;; esac
    targs=()
    [ "$tsettings" = "-" ] || IFS=, read -r -a targs <<<"$tsettings"
    thread_case "$tname" "$OUT/$tname" "${targs[@]}"
done <tests/golden/cases.txt
thread_case randnet "$OUT/randnet" tstop=50
thread_case ring_10 "$OUT/ring_10"
# they must really use the threads: the ring, two cells, the mixed network
# and (where ../shared has its netlist) the random network
nthr_ran=0
for t in randnet ring_10 two_cells; do
    [ -f "$OUT/thr_$t.log" ] || continue
    nthr_ran=$((nthr_ran + 1))
    grep -q "running on one thread" "$OUT/thr_$t.log" || nthr_multi=$((nthr_multi + 1))
done
if [ $nthr_ran -ge 2 ] && [ $nthr_multi -eq $nthr_ran ]; then
    pass "the networks ($nthr_ran of ring_10, two_cells, randnet here) run on several threads"
else
    fail "only $nthr_multi of $nthr_ran networks ran on several threads"
fi
# a network of cells with most kinds of mechanism, on 1 to 4 threads and
# with each secondorder
if build thr_mixed tests/threads/mixed.nrn; then
    for so in 0 1 2; do
        ok=1
        for n in 1 2 3 4; do
            "$OUT/thr_mixed.bin" -q -o "$OUT/thr_mixed_$so$n" --threads $n secondorder=$so >"$OUT/thr_mixed.log" 2>&1 || ok=0
            [ $n -eq 1 ] && continue
            cmp -s "$OUT/thr_mixed_${so}1/traces.csv" "$OUT/thr_mixed_$so$n/traces.csv" || ok=0
            cmp -s "$OUT/thr_mixed_${so}1/spikes.csv" "$OUT/thr_mixed_$so$n/spikes.csv" || ok=0
        done
        if [ $ok -eq 1 ] && [ "$(wc -l <"$OUT/thr_mixed_${so}1/spikes.csv")" -gt 20 ]; then
            pass "tests/threads/mixed.nrn (secondorder=$so) on 1, 2, 3 and 4 threads: the same bytes"
        else
            fail "tests/threads/mixed.nrn (secondorder=$so) on 2 to 4 threads differs from 1" "$OUT/thr_mixed.log"
        fi
    done
    # ThreadSanitizer: no two threads touch the same memory unordered
    tsan_cvode=$(pkg-config --silence-errors --libs --static sundials-cvode sundials-nvecserial || echo -l:libsundials_cvode.a)
    # shellcheck disable=SC2086
    if "$NRNCC" -S tests/threads/mixed.nrn -o "$OUT/thr_mixed.c" >"$OUT/thr_tsan.log" 2>&1 &&
        clang -std=c99 -D_POSIX_C_SOURCE=200809L -O1 -g -fsanitize=thread -ffp-contract=off -Iruntime \
            -o "$OUT/thr_mixed_tsan" "$OUT/thr_mixed.c" runtime/*.c $tsan_cvode -lm -pthread >>"$OUT/thr_tsan.log" 2>&1; then
        if TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$OUT/thr_mixed_tsan" -q -o "$OUT/thr_tsan" --threads 3 \
            >>"$OUT/thr_tsan.log" 2>&1 && cmp -s "$OUT/thr_tsan/traces.csv" "$OUT/thr_mixed_01/traces.csv"; then
            pass "mixed.nrn on 3 threads under ThreadSanitizer: no data race, the same trace"
        else
            fail "mixed.nrn under ThreadSanitizer" "$OUT/thr_tsan.log"
        fi
    else
        skip "ThreadSanitizer run" "clang -fsanitize=thread does not build here"
    fi
else
    fail "tests/threads/mixed.nrn (build)" "$OUT/thr_mixed.log"
fi
# SaveState across thread counts: saved on 2 threads, restored on 3, the
# same as the one-thread run without a stop
if [ -x "$OUT/ring_10.bin" ] &&
    "$OUT/ring_10.bin" -q -o "$OUT/thr_ss1" --threads 2 --save-at 50 --save "$OUT/thr_ss.state" >"$OUT/thr_ss.log" 2>&1 &&
    "$OUT/ring_10.bin" -q -o "$OUT/thr_ss2" --threads 3 --restore "$OUT/thr_ss.state" >>"$OUT/thr_ss.log" 2>&1 &&
    "$OUT/ring_10.bin" -q -o "$OUT/thr_ss0" --save-at 50 --save "$OUT/thr_ss0.state" >>"$OUT/thr_ss.log" 2>&1 &&
    cmp -s "$OUT/thr_ss.state" "$OUT/thr_ss0.state" &&
    "$OUT/ring_10.bin" -q -o "$OUT/thr_ss3" --restore "$OUT/thr_ss0.state" >>"$OUT/thr_ss.log" 2>&1 &&
    cmp -s "$OUT/thr_ss2/traces.csv" "$OUT/thr_ss3/traces.csv" && cmp -s "$OUT/thr_ss2/spikes.csv" "$OUT/thr_ss3/spikes.csv"; then
    pass "SaveState on 2 threads = on 1 (the same state file; restored on 3, the same run)"
else
    fail "SaveState with --threads" "$OUT/thr_ss.log"
fi
for bad in 0 -1 x 1025 ""; do
    if [ -x "$OUT/ring_10.bin" ] && ! "$OUT/ring_10.bin" -q -o "$OUT/thr_bad" --threads "$bad" >"$OUT/thr_bad.log" 2>&1 &&
        grep -q "error: .*--threads" "$OUT/thr_bad.log"; then
        pass "--threads '$bad' refused with a message"
    else
        fail "--threads '$bad' accepted or no message" "$OUT/thr_bad.log"
    fi
done

# ---- nrncc --mpi: mpirun -np K, the same files for every K ---------------------------
# (Open MPI: as root it needs the two variables; --oversubscribe: more ranks
# than cores)
if command -v mpirun >/dev/null 2>&1 && [ -f "$(dirname "$NRNCC")/../lib/libnrnrt_mpi.a" ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    # (Open MPI's own allocations outlive MPI_Finalize: no leak check there)
    MPIRUN="env ASAN_OPTIONS=detect_leaks=0 mpirun --oversubscribe -np"
    # mpi_case NAME MODEL ONE_PROCESS_DIR 'NRNCC OPTIONS' [settings...]: K = 1,
    # 2, 4 against the one-process run's files
    mpi_case() {
        local name=$1 model=$2 ref=$3 opts=$4; shift 4
        # shellcheck disable=SC2086
        if ! "$NRNCC" --mpi $opts "$model" -o "$OUT/mpi_$name.bin" >"$OUT/mpi_$name.log" 2>&1; then
            fail "nrncc --mpi $model" "$OUT/mpi_$name.log"
            return
        fi
        local k f ok=1
        for k in 1 2 4; do
            rm -rf "$OUT/mpi_${name}_$k"
            if ! $MPIRUN $k "$OUT/mpi_$name.bin" -q -o "$OUT/mpi_${name}_$k" "$@" >>"$OUT/mpi_$name.log" 2>&1; then
                fail "$name under mpirun -np $k (run)" "$OUT/mpi_$name.log"
                return
            fi
            [ -f "$OUT/mpi_${name}_$k/traces.csv" ] || ok=0
            for f in "$OUT/mpi_${name}_$k"/*.csv; do
                cmp -s "$f" "$ref/$(basename "$f")" || ok=0
            done
        done
        if [ $ok -eq 1 ]; then
            pass "$name under mpirun -np 1, 2 and 4: the same files as one process"
        else
            fail "$name under mpirun: files differ from one process's" "$OUT/mpi_$name.log"
        fi
    }
    [ -d "$OUT/ring_10" ] && mpi_case ring_10 models/ring.nrn "$OUT/ring_10" "-D N=10"
    [ -d "$OUT/thr_mixed_01" ] && mpi_case mixed tests/threads/mixed.nrn "$OUT/thr_mixed_01" ""
    [ -d "$OUT/randnet" ] && mpi_case randnet "$OUT/randnet_model/randnet.nrn" "$OUT/randnet" "" tstop=50
    # the ring against NEURON itself, on 4 ranks
    if [ -f "$OUT/mpi_ring_10_4/traces.csv" ]; then
        compare mpi_ring_10_4 trace "$OUT/mpi_ring_10_4/traces.csv" tests/ref/ring_10/trace.csv \
            "ring[0].soma(0.5).v=ring[0].soma(0.5).v"
        awk -F, 'NR == 1 || $1 < 10' "$OUT/mpi_ring_10_4/spikes.csv" >"$OUT/mpi_ring_10_4.ring_spikes.csv"
        compare mpi_ring_10_4 spikes --spikes "$OUT/mpi_ring_10_4.ring_spikes.csv" tests/ref/ring_10/spikes.csv
    fi
    # what the ranks refuse: each with its message, from rank 0 only, exit 1
    mpi_refuse() {
        local what=$1 bin=$2 msg=$3; shift 3
        if ! $MPIRUN 2 "$bin" -q -o "$OUT/mpi_refused" "$@" >"$OUT/mpi_refuse.log" 2>&1 &&
            [ "$(grep -c "error: cannot spread the model over 2 ranks: $msg" "$OUT/mpi_refuse.log")" -eq 1 ] &&
            [ ! -e "$OUT/mpi_refused/traces.csv" ]; then
            pass "mpirun -np 2 refuses $what, once, no files"
        else
            fail "mpirun -np 2 with $what" "$OUT/mpi_refuse.log"
        fi
    }
    if [ -x "$OUT/mpi_ring_10.bin" ]; then
        mpi_refuse "CVODE" "$OUT/mpi_ring_10.bin" "CVODE integrates" --method cvode
        mpi_refuse "--save" "$OUT/mpi_ring_10.bin" "SaveState" --save "$OUT/mpi_refused.state"
        mpi_refuse "a NetCon delay under 1.5 dt" "$OUT/mpi_ring_10.bin" "its shortest NetCon delay (0.0299" d=0.03
    fi
    if "$NRNCC" --mpi tests/golden/verbatim.nrn -o "$OUT/mpi_verbatim.bin" >"$OUT/mpi_verbatim.log" 2>&1; then
        mpi_refuse "VERBATIM in per-step code" "$OUT/mpi_verbatim.bin" ".*VERBATIM"
    else
        fail "nrncc --mpi tests/golden/verbatim.nrn" "$OUT/mpi_verbatim.log"
    fi
    if "$NRNCC" --mpi tests/golden/two_cells.nrn -o "$OUT/mpi_two.bin" >"$OUT/mpi_two.log" 2>&1 &&
        ! $MPIRUN 3 "$OUT/mpi_two.bin" -q -o "$OUT/mpi_refused" >"$OUT/mpi_two.log" 2>&1 &&
        grep -q "error: 3 ranks for 2 cells: at most one rank per cell" "$OUT/mpi_two.log"; then
        pass "mpirun -np 3 of a 2-cell model: refused with a message"
    else
        fail "mpirun -np 3 of a 2-cell model" "$OUT/mpi_two.log"
    fi
    if ! "$NRNCC" --mpi --embed examples/spike_demo.nrn -o "$OUT/mpi_embed.c" >"$OUT/mpi_embed.log" 2>&1 &&
        grep -q "error: --mpi builds an executable: it does not go with --embed" "$OUT/mpi_embed.log"; then
        pass "nrncc --mpi --embed refused"
    else
        fail "nrncc --mpi --embed" "$OUT/mpi_embed.log"
    fi
else
    skip "nrncc --mpi" "no mpirun or no lib/libnrnrt_mpi.a (Open MPI: openmpi-bin libopenmpi-dev)"
fi
# ---- nrncc --fast: within 1e-6 of the exact build, the same spikes ----------------

. tests/fast/fast_tests.sh

# ---- nrncc --embed: the model's C for a microcontroller ---------------------------

. tests/embed/embed_tests.sh
. tests/embed/embed_params_tests.sh

. tests/net/net_tests.sh

# ---- NEURON's random streams (tests/rand) ------------------------------------------

. tests/rand/rand_tests.sh

# ---- calls of mechanisms' PROCEDUREs from the model file (tests/hoccall) ------------

. tests/hoccall/hoccall_tests.sh

# ---- nrncc-export: models from NEURON (a Python module run in NEURON) --------------

. tests/export/export_tests.sh

# ---- CVODE: concentrations, KINETIC, ... against NEURON's CVode ---------------------

. tests/cvode/cvode_tests.sh
. tests/cvode/every_tests.sh
. tests/cvode/atol_tests.sh
. tests/cvode/longdiff_tests.sh
. tests/cvode/order2_tests.sh

# ---- pictures: plot shape, plot traces, --plot-shape, --html ----------------------

. tests/plots/plots_tests.sh

# ---- exact mode's specialisation: folded parameters, local ASSIGNEDs ----------------

. tests/spec/spec_tests.sh

# ---- record ... every X with the fixed step (NEURON's Vector.record(&x, Dt)) ------

. tests/recdt/recdt_tests.sh

# ---- NMODL forms of published models (tests/nmodl4) against NEURON ------------------

. tests/nmodl4/nmodl4_tests.sh

# ---- --threads N: the interval mode (events across threads, plays, noise) ------------

. tests/threads/threads_tests.sh

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
