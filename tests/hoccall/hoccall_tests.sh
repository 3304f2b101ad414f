# tests/hoccall/hoccall_tests.sh - the model file's calls of mechanisms'
# PROCEDUREs and FUNCTIONs (`call`, nrn(5)) and the hoc-argument API of
# VERBATIM (ifarg, getarg, hoc_is_*_arg, nrn_random_arg, vector_arg,
# vector_vec, ...; nrncc-nmodl(7)), against NEURON 8.2.2 to the last bit.
# Sourced by tests/run.sh (it uses pass, fail, skip, compare, simulate,
# $NRNCC, $OUT, $CSVCMP).

# NEURON's python and nrnivmodl, or none: the references are made here
HC_PY=
for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import neuron" >/dev/null 2>&1; then
        HC_PY=$py
        break
    fi
done
command -v nrnivmodl >/dev/null 2>&1 || HC_PY=

# hc_cols FILE: csvcmp's COL=COL pairs for every column but t of FILE
hc_cols() {
    head -n 1 "$1" | tr , '\n' | tail -n +2 | sed 's/.*/&=&/'
}

# hc_col FILE NAME: the values of column NAME of FILE (one a line)
hc_col() {
    awk -F, -v name="$2" 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == name) c = k; next } c { print $c }' "$1"
}

# ---- the models, built and run (they need no NEURON) ----------------------------

for hc in stosyn vecplay; do
    rm -rf "$OUT/hc_$hc"
    if ! simulate "hc_$hc" "tests/hoccall/$hc.nrn"; then
        fail "hoccall: $hc.nrn (build or run)" "$OUT/hc_$hc.log"
    fi
done

# ---- against NEURON: the same calls made by hoc before finitialize -------------

HC_MODS=$OUT/hc_mods
if [ -z "$HC_PY" ]; then
    skip "hoccall: stosyn.nrn and vecplay.nrn against NEURON" "no NEURON or no nrnivmodl"
elif ! { rm -rf "$HC_MODS" && mkdir -p "$HC_MODS" && cp tests/hoccall/stosyn.mod tests/hoccall/vecplay.mod "$HC_MODS" &&
    { (cd "$HC_MODS" && nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn") >"$OUT/hc_mods.log" 2>&1 ||
        true; } && [ -f "$HC_MODS/x86_64/libnrnmech.so" ]; }; then
    fail "hoccall: the test's .mod files compiled for NEURON" "$OUT/hc_mods.log"
else
    for hc in stosyn vecplay; do
        if [ ! -f "$OUT/hc_$hc/traces.csv" ]; then
            continue
        elif ! "$HC_PY" "tests/hoccall/$hc.py" "$OUT/hc_$hc.ref" "$HC_MODS/x86_64/libnrnmech.so" >"$OUT/hc_$hc.ref.log" 2>&1; then
            fail "hoccall: NEURON's reference for $hc.nrn" "$OUT/hc_$hc.ref.log"
            continue
        fi
        mapfile -t c < <(hc_cols "$OUT/hc_$hc.ref/traces.csv")
        compare "hoccall $hc" trace --tol 0 "$OUT/hc_$hc/traces.csv" "$OUT/hc_$hc.ref/traces.csv" "${c[@]}"
        compare "hoccall $hc" spikes --spikes --tol 0 "$OUT/hc_$hc/spikes.csv" "$OUT/hc_$hc.ref/spikes.csv"
    done
    # runs that cannot pass by accident: NEURON's synapses released often
    # through each kind of stream, the cell fired, the Vectors were read
    r=$OUT/hc_stosyn.ref/traces.csv
    if [ -f "$r" ]; then
        n="$(hc_col "$r" a.nrel | tail -n 1) $(hc_col "$r" b.nrel | tail -n 1) $(hc_col "$r" s[1].nrel | tail -n 1)"
        k=$(awk -F, 'NR > 1 && $1 == 1' "$OUT/hc_stosyn.ref/spikes.csv" | wc -l)
        u="$(hc_col "$r" a.usingR123 | tail -n 1) $(hc_col "$r" b.usingR123 | tail -n 1) $(hc_col "$r" a.nargs | tail -n 1)"
        if [ "$n" = "19.0 15.0 17.0" ] && [ "$k" -ge 3 ] && [ "$u" = "1.0 0.0 3.0" ]; then
            pass "hoccall: NEURON's stochastic synapses released $n times, the cell fired $k times"
        else
            fail "hoccall: NEURON's stosyn run is not the one the test expects (releases $n, spikes $k, kinds $u)"
        fi
    fi
    r=$OUT/hc_vecplay.ref/spikes.csv
    if [ -f "$r" ]; then
        n=$(awk -F, 'NR > 1 && ($1 == 0 || $1 == 2 || $1 == 3)' "$r" | wc -l)
        k=$(awk -F, 'NR > 1 && ($1 == 1 || $1 == 4)' "$r" | wc -l)
        if [ "$n" -eq 12 ] && [ "$k" -ge 2 ]; then
            pass "hoccall: NEURON's VecPlay cells fired the Vectors' $n times, the cell $k times"
        else
            fail "hoccall: NEURON's vecplay run is not the one the test expects ($n, $k spikes)"
        fi
    fi
fi

# ---- the generated C: warning-free under gcc and clang -----------------------------

for hc in stosyn vecplay; do
    if ! "$NRNCC" "tests/hoccall/$hc.nrn" -S -o "$OUT/hc_$hc.c" >"$OUT/hc_$hc.c.log" 2>&1; then
        fail "hoccall: $hc.nrn to C" "$OUT/hc_$hc.c.log"
        continue
    fi
    for cc in gcc clang; do
        if ! command -v $cc >/dev/null 2>&1; then
            skip "hoccall: $hc.nrn's C under $cc" "no $cc"
        elif $cc -std=c99 -Wall -Wextra -Werror -Iruntime -c "$OUT/hc_$hc.c" -o "$OUT/hc_$hc.$cc.o" >"$OUT/hc_$hc.$cc.log" 2>&1; then
            pass "hoccall: $hc.nrn's C compiles warning-free under $cc -Wall -Wextra"
        else
            fail "hoccall: $hc.nrn's C under $cc -Wall -Wextra" "$OUT/hc_$hc.$cc.log"
        fi
    done
done

# ---- cvode_active_: 1 in a CVODE run, 0 in a fixed-step one -------------------------

if [ -x "$OUT/hc_stosyn.bin" ] && [ -f "$OUT/hc_stosyn/traces.csv" ]; then
    if ! "$OUT/hc_stosyn.bin" -q -o "$OUT/hc_stosyn_cv" --method cvode >"$OUT/hc_stosyn_cv.log" 2>&1; then
        fail "hoccall: stosyn.nrn under --method cvode" "$OUT/hc_stosyn_cv.log"
    else
        a=$(hc_col "$OUT/hc_stosyn_cv/traces.csv" a.cvon | sort -u | tr '\n' ' ')
        b=$(hc_col "$OUT/hc_stosyn/traces.csv" a.cvon | sort -u | tr '\n' ' ')
        if [ "$a" = "1 " ] && [ "$b" = "0 " ]; then
            pass "hoccall: cvode_active_ is 1 under CVODE, 0 at a fixed step"
        else
            fail "hoccall: cvode_active_ reads '$a' under CVODE, '$b' at a fixed step"
        fi
    fi
    # a stream the C made is not saved: SaveState refuses, nothing written
    rm -rf "$OUT/hc_ss" "$OUT/hc_ss.state"
    "$OUT/hc_stosyn.bin" -q -o "$OUT/hc_ss" --save "$OUT/hc_ss.state" >"$OUT/hc_ss.out" 2>"$OUT/hc_ss.err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "error: SaveState: POINTER rng of StoSyn holds what its C made (a stream), which is not saved$" \
        "$OUT/hc_ss.err" && [ ! -e "$OUT/hc_ss.state" ] && [ -z "$(ls -A "$OUT/hc_ss" 2>/dev/null)" ]; then
        pass "hoccall: SaveState of a stream the C made refused (exit 1, nothing written)"
    else
        echo "exit status $rc" >>"$OUT/hc_ss.err"
        fail "hoccall: SaveState of a stream the C made" "$OUT/hc_ss.err"
    fi
fi

# ---- hoc's errors at run time: an argument that is not there --------------------------

sed 's/^call c.half(3)$/&\ncall c.need2(1)/' tests/hoccall/stosyn.nrn >"$OUT/hc_need2.nrn"
cp tests/hoccall/stosyn.mod "$OUT/"
rm -rf "$OUT/hc_need2"
if ! build hc_need2 "$OUT/hc_need2.nrn"; then
    fail "hoccall: a call missing an argument (build)" "$OUT/hc_need2.log"
else
    "$OUT/hc_need2.bin" -q -o "$OUT/hc_need2" >"$OUT/hc_need2.out" 2>"$OUT/hc_need2.err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "error: StoSyn.need2: arg 2 out of range (the call has 1)$" "$OUT/hc_need2.err" &&
        [ -z "$(ls -A "$OUT/hc_need2" 2>/dev/null)" ]; then
        pass "hoccall: getarg of an argument the call lacks stops the run (exit 1, nothing written)"
    else
        echo "exit status $rc" >>"$OUT/hc_need2.err"
        fail "hoccall: getarg of an argument the call lacks" "$OUT/hc_need2.err"
    fi
fi

# ---- a mod whose uncalled PROCEDURE nrncc cannot translate still compiles -----------

if "$NRNCC" --check tests/errors/mods/hoccall_bad.mod >"$OUT/hc_check.log" 2>&1 &&
    grep -q "PROCEDURE hoconly()" "$OUT/hc_check.log"; then
    pass "hoccall: a mod with a hoc-only PROCEDURE nrncc cannot translate passes --check"
else
    fail "hoccall: a mod with a hoc-only PROCEDURE nrncc cannot translate" "$OUT/hc_check.log"
fi

# ---- --embed refuses calls ----------------------------------------------------

printf 'model hc_embed\nuse "%s/tests/errors/mods/hoccall_bad.mod"\nsection soma { L = 10 um  diam = 10 um }\nHocBad h at soma(0.5)\ncall h.set2(1, 2)\n' \
    "$PWD" >"$OUT/hc_embed.nrn"
mkdir -p "$OUT/hc_embed"
rm -f "$OUT/hc_embed/e.c"
if "$NRNCC" --embed "$OUT/hc_embed.nrn" --prefix e -o "$OUT/hc_embed/e.c" >"$OUT/hc_embed.log" 2>&1; then
    fail "hoccall: --embed of a model with calls is not refused"
elif grep -q "error: nrncc --embed does not provide calls of mechanisms' PROCEDUREs and FUNCTIONs (yet)" \
    "$OUT/hc_embed.log" && [ ! -e "$OUT/hc_embed/e.c" ]; then
    pass "hoccall: --embed of a model with calls refused with an error"
else
    fail "hoccall: --embed of a model with calls: no clear error" "$OUT/hc_embed.log"
fi

# ---- NetStim's noiseFromRandom123(id1, id2[, id3]), as hoc calls it -------------------

# tests/rand/netstim_r123.nrn with its streams given by calls (in the
# braces, a statement, a loop) instead of rng = 1 and the ids
sed -e 's/  rng = 1  rng_id1 = 1  rng_id2 = 2  rng_id3 = 3 }/  noiseFromRandom123(1, 2, 3) }/' \
    -e 's/  rng = 1  rng_id1 = 7  rng_id2 = 0 }/ }\ncall q.noiseFromRandom123(7, 0)/' \
    -e 's/^                   rng = 1  rng_id1 = 100 + i  rng_id2 = 4294967295  rng_id3 = i }/ }\n    call r[i].noiseFromRandom123(100 + i, 4294967295, i)/' \
    tests/rand/netstim_r123.nrn >"$OUT/hc_ns123.nrn"
if [ "$(grep -v "^//" "$OUT/hc_ns123.nrn" | grep -c noiseFromRandom123)" -ne 3 ] || grep -v "^//" "$OUT/hc_ns123.nrn" | grep -q "rng = 1"; then
    fail "hoccall: NetStim calls: tests/rand/netstim_r123.nrn is not the one this test rewrites"
elif ! simulate hc_ns123 "$OUT/hc_ns123.nrn"; then
    fail "hoccall: NetStims given their streams by noiseFromRandom123 (build or run)" "$OUT/hc_ns123.log"
elif [ -z "$HC_PY" ]; then
    skip "hoccall: NetStim's noiseFromRandom123 against NEURON" "no NEURON"
elif ! "$HC_PY" tests/rand/netstim_r123.py "$OUT/hc_ns123.ref" 1 >"$OUT/hc_ns123.ref.log" 2>&1; then
    fail "hoccall: NEURON's reference for NetStim's noiseFromRandom123" "$OUT/hc_ns123.ref.log"
else
    mapfile -t c < <(hc_cols "$OUT/hc_ns123.ref/traces.csv")
    compare "hoccall NetStim noiseFromRandom123" trace --tol 0 "$OUT/hc_ns123/traces.csv" "$OUT/hc_ns123.ref/traces.csv" "${c[@]}"
    compare "hoccall NetStim noiseFromRandom123" spikes --spikes --tol 0 "$OUT/hc_ns123/spikes.csv" "$OUT/hc_ns123.ref/spikes.csv"
fi

# ---- SaveState of a model whose mechanism keeps a Vector: the run restored
# from t = 12 ms ends as the whole run does, the same spikes after 12 ms ----------

if [ -x "$OUT/hc_vecplay.bin" ] && [ -f "$OUT/hc_vecplay/traces.csv" ]; then
    rm -rf "$OUT/hc_vp_save" "$OUT/hc_vp_rest" "$OUT/hc_vp.state"
    if "$OUT/hc_vecplay.bin" -q -o "$OUT/hc_vp_save" --save "$OUT/hc_vp.state" --save-at 12 >"$OUT/hc_vp_ss.log" 2>&1 &&
        "$OUT/hc_vecplay.bin" -q -o "$OUT/hc_vp_rest" --restore "$OUT/hc_vp.state" >>"$OUT/hc_vp_ss.log" 2>&1 &&
        [ "$(tail -n 1 "$OUT/hc_vp_rest/traces.csv")" = "$(tail -n 1 "$OUT/hc_vecplay/traces.csv")" ] &&
        cmp -s <(awk -F, 'NR > 1 && $2 >= 12' "$OUT/hc_vecplay/spikes.csv") <(awk -F, 'NR > 1 && $2 >= 12' "$OUT/hc_vp_rest/spikes.csv") &&
        [ "$(awk -F, 'NR > 1 && $2 >= 12' "$OUT/hc_vp_rest/spikes.csv" | wc -l)" -ge 4 ]; then
        pass "hoccall: vecplay.nrn saved at 12 ms and restored ends as the whole run (its Vectors kept)"
    else
        fail "hoccall: vecplay.nrn saved at 12 ms and restored" "$OUT/hc_vp_ss.log"
    fi
fi
