# tests/spec/spec_tests.sh - exact mode's specialisation (compiler/specialise.c,
# nrncc(1) SPECIALISATION; sourced by tests/run.sh; uses its NRNCC, OUT,
# pass, fail, skip).
#
# Every golden case, the bench models (small) and tests/spec's models are
# built twice, as usual and with NRNCC_NO_SPECIALISE=1 (every parameter a
# field, every ASSIGNED stored), and run: every output file the same bytes.
# The golden cases' NEURON comparisons (run.sh) hold the specialised build
# to NEURON.  Then: a uniform parameter nothing changes has no field and is
# a literal in the C; one bound to a param, played into, different in one
# section, or written by the .mod file (INITIAL, NET_RECEIVE, a PROCEDURE)
# keeps its field, and a run-time param value still takes effect; a
# recorded ASSIGNED keeps its field, an unread one (a NONSPECIFIC_CURRENT
# too) is a local; threads and
# SaveState give the same bytes as the unspecialised one-thread run.
S=$OUT/spec
mkdir -p "$S"

# spec_pair NAME MODEL SETTINGS [nrncc options...]: both builds and runs into
# $S/NAME.on/ and $S/NAME.off/ (SETTINGS comma-separated or '-'); false
# (and a FAIL) if one fails
spec_pair() {
    local name=$1 model=$2 settings=$3
    shift 3
    local args=()
    [ "$settings" = "-" ] || IFS=, read -r -a args <<<"$settings"
    rm -rf "$S/$name.on" "$S/$name.off"
    if "$NRNCC" "$@" "$model" -o "$S/$name.on.bin" >"$S/$name.log" 2>&1 &&
        NRNCC_NO_SPECIALISE=1 "$NRNCC" "$@" "$model" -o "$S/$name.off.bin" >>"$S/$name.log" 2>&1 &&
        "$S/$name.on.bin" -q -o "$S/$name.on" "${args[@]}" >>"$S/$name.log" 2>&1 &&
        "$S/$name.off.bin" -q -o "$S/$name.off" "${args[@]}" >>"$S/$name.log" 2>&1; then
        return 0
    fi
    fail "specialise $name (build or run)" "$S/$name.log"
    return 1
}

# spec_same DIR1 DIR2: every file of either is in both, the same bytes
spec_same() {
    local f
    [ -n "$(ls "$1")" ] || return 1
    for f in "$1"/* "$2"/*; do
        cmp -s "$1/$(basename "$f")" "$2/$(basename "$f")" || return 1
    done
}

spec_n=0
spec_bad=
spec_changed=0
while read -r sname smodel _sref ssettings srest; do
    case $sname in '' | '#'*) continue ;; esac
    sneed=
    for c in $srest; do case $c in --needs=*) sneed=${c#--needs=} ;; esac; done
    [ -z "$sneed" ] || [ -e "$sneed" ] || continue
    spec_pair "$sname" "$smodel" "$ssettings" || continue
    spec_n=$((spec_n + 1))
    spec_same "$S/$sname.on" "$S/$sname.off" || spec_bad="$spec_bad $sname"
    cmp -s "$S/$sname.on.bin" "$S/$sname.off.bin" || spec_changed=$((spec_changed + 1))
done <tests/golden/cases.txt
if [ -n "$spec_bad" ]; then
    fail "specialise: golden cases whose outputs differ from the unspecialised build's:$spec_bad"
elif [ "$spec_changed" -eq 0 ]; then
    fail "specialise: no golden case's executable changed (nothing was specialised)"
else
    pass "specialise: $spec_n golden cases, every output file the same bytes as unspecialised ($spec_changed executables differ)"
fi

# the bench models, small, and tests/spec's; then on 2 threads
bash bench/gen_hh_soma.sh 20 >"$S/hh_soma_20.nrn"
for c in hh_soma:"$S/hh_soma_20.nrn": hh_axon:models/hh_axon.nrn:-DNSEG=101 ring:models/ring.nrn:-DN=10 \
    tree:models/tree.nrn: fold:tests/spec/fold.nrn: kept:tests/spec/kept.nrn:; do
    IFS=: read -r sname smodel sopt <<<"$c"
    # shellcheck disable=SC2086
    spec_pair "$sname" "$smodel" - $sopt || continue
    if spec_same "$S/$sname.on" "$S/$sname.off"; then
        pass "specialise $sname: the same bytes as unspecialised ($(wc -l <"$S/$sname.on/traces.csv" 2>/dev/null || echo 0) trace rows)"
    else
        fail "specialise $sname: outputs differ from the unspecialised build's"
    fi
    rm -rf "$S/$sname.thr"
    if "$S/$sname.on.bin" -q -o "$S/$sname.thr" --threads 2 >"$S/$sname.thr.log" 2>&1 &&
        spec_same "$S/$sname.thr" "$S/$sname.off"; then
        pass "specialise $sname --threads 2: the same bytes as unspecialised on one thread"
    else
        fail "specialise $sname --threads 2" "$S/$sname.thr.log"
    fi
done

# what is folded, what is kept: the generated C
spec_c() { "$NRNCC" -S "$1" -o "$S/$2.c" >"$S/$2.c.log" 2>&1; }
spec_has() { grep -q -E "$2" "$S/$1.c"; }
if spec_c tests/spec/fold.nrn fold && NRNCC_NO_SPECIALISE=1 "$NRNCC" -S tests/spec/fold.nrn -o "$S/fold_off.c" \
    >>"$S/fold.c.log" 2>&1; then
    missing=
    for f in hh_gnabar hh_gkbar hh_gl hh_el hh_gna hh_gk hh_il IClamp_del IClamp_dur PWrite_k PWrite_g PWrite_s; do
        spec_has fold "^    double ${f}\[" && missing="$missing $f"
        grep -q "^    double ${f}\[" "$S/fold_off.c" || missing="$missing $f(off)"
    done
    for f in hh_m hh_ina IClamp_amp IClamp_i PWrite_gbar PWrite_e PWrite_i PWrite_q; do
        spec_has fold "^    double ${f}\[" || missing="$missing $f(kept)"
    done
    if [ -z "$missing" ] && spec_has fold "sp_gna = \(\(\(\(0\.12 \* m->hh_m\[i\]\)" &&
        spec_has fold "sp_il = \(0\.0003 \* \(vm - \(-54\.3\)\)\)" && spec_has fold "cur_ \+= sp_il;" &&
        spec_has fold "double sp_g = 0\.0;" && spec_has fold "sp_g = \(\(m->PWrite_gbar\[i\] \* 3\.0\) \* sp_s\)"; then
        pass "specialise fold: uniform hh and IClamp parameters are literals, gna/gk/il and PWrite's g and s (if/else) locals"
    else
        fail "specialise fold: fields folded/kept as expected (wrong:$missing)" "$S/fold.c.log"
    fi
else
    fail "specialise fold (nrncc -S)" "$S/fold.c.log"
fi
if spec_c tests/spec/kept.nrn kept; then
    missing=
    for f in hh_gnabar hh_gl hh_el hh_gk; do
        spec_has kept "^    double ${f}\[" || missing="$missing $f"
    done
    for f in hh_gkbar hh_gna; do
        spec_has kept "^    double ${f}\[" && missing="$missing $f(folded)"
    done
    if [ -z "$missing" ]; then
        pass "specialise kept: param-bound, played, non-uniform parameters and a recorded ASSIGNED stay fields"
    else
        fail "specialise kept: wrong:$missing" "$S/kept.c.log"
    fi
fi
# the param still works at run time, the same bytes as unspecialised
if [ -x "$S/kept.on.bin" ] && [ -x "$S/kept.off.bin" ]; then
    rm -rf "$S/kept.p0.on" "$S/kept.p0.off"
    if "$S/kept.on.bin" -q -o "$S/kept.p0.on" gbar=0 >"$S/kept.p0.log" 2>&1 &&
        "$S/kept.off.bin" -q -o "$S/kept.p0.off" gbar=0 >>"$S/kept.p0.log" 2>&1 &&
        spec_same "$S/kept.p0.on" "$S/kept.p0.off" && ! cmp -s "$S/kept.p0.on/traces.csv" "$S/kept.on/traces.csv"; then
        pass "specialise kept: gbar=0 at run time changes the run, the same bytes as unspecialised"
    else
        fail "specialise kept: gbar=0 at run time" "$S/kept.p0.log"
    fi
fi

# SaveState of a specialised build: saved at 5 ms, continued bitwise
if [ -x "$S/fold.on.bin" ]; then
    d=$S/fold.ss
    rm -rf "$d"
    if "$S/fold.on.bin" -q -o "$d/first" --save-at 5 --save "$d/state.bin" >"$S/fold.ss.log" 2>&1 &&
        "$S/fold.on.bin" -q -o "$d/cont" --restore "$d/state.bin" >>"$S/fold.ss.log" 2>&1 &&
        cmp -s "$d/first/traces.csv" "$S/fold.off/traces.csv"; then
        first=$(sed -n 2p "$d/cont/traces.csv")
        n=$(grep -n -F -x -- "$first" "$S/fold.off/traces.csv" | head -n 1 | cut -d: -f1)
        if [ -n "$n" ] && { head -n 1 "$S/fold.off/traces.csv"; tail -n "+$n" "$S/fold.off/traces.csv"; } |
            cmp -s - "$d/cont/traces.csv"; then
            pass "specialise fold: saved at 5 ms and continued, the unspecialised run's bytes"
        else
            fail "specialise fold: the continued trace differs" "$S/fold.ss.log"
        fi
    else
        fail "specialise fold: SaveState runs" "$S/fold.ss.log"
    fi
fi

# the specialised C compiles warning-free
for sname in fold kept; do
    [ -f "$S/$sname.c" ] || continue
    for compiler in gcc clang; do
        command -v $compiler >/dev/null 2>&1 || { skip "specialise $sname C with $compiler" "no $compiler"; continue; }
        if $compiler -std=c99 -O2 -Wall -Wextra -Werror -Iruntime -c -o "$S/$sname.$compiler.o" "$S/$sname.c" \
            >"$S/$sname.$compiler.log" 2>&1; then
            pass "specialise $sname: C compiles with $compiler -Wall -Wextra -Werror"
        else
            fail "specialise $sname: C with $compiler -Wall -Wextra -Werror" "$S/$sname.$compiler.log"
        fi
    done
done
