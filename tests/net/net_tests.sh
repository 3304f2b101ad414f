# tests/net/net_tests.sh - networks: loops that make point processes,
# spike sources, plays, connects and netcons (nrn(5), "for VAR in A ..
# B"); distance-dependent connection rules.  Sourced by tests/run.sh (it
# uses pass, fail, skip, $NRNCC, $OUT and $CSVCMP).

# NEURON's python (Debian's), or none: the references are made here
NET_PY=
for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import neuron" >/dev/null 2>&1; then
        NET_PY=$py
        break
    fi
done

# net_neuron NAME SCRIPT: NEURON's traces.csv/spikes.csv into $OUT/NAME.ref
net_neuron() {
    "$NET_PY" "$2" "$OUT/$1.ref" >"$OUT/$1.ref.log" 2>&1
}

# ---- for loops holding point processes, spikes, plays, connects, netcons ----

if ! "$NRNCC" tests/net/forloops.nrn -o "$OUT/forloops.bin" >"$OUT/forloops.log" 2>&1 ||
    ! "$OUT/forloops.bin" -q -o "$OUT/forloops" >>"$OUT/forloops.log" 2>&1; then
    fail "forloops (build or run)" "$OUT/forloops.log"
elif [ -z "$NET_PY" ]; then
    skip "forloops against NEURON" "no NEURON"
elif ! net_neuron forloops tests/net/forloops.py; then
    fail "forloops: NEURON's reference" "$OUT/forloops.ref.log"
else
    IFS=, read -r -a cols <"$OUT/forloops.ref/traces.csv"
    pairs=()
    for c in "${cols[@]:1}"; do pairs+=("$c=$c"); done
    # the columns are the loops' elements, named with their index values
    if [ "$(head -n 1 "$OUT/forloops/traces.csv")" = "$(head -n 1 "$OUT/forloops.ref/traces.csv")" ]; then
        pass "forloops: record columns named by index (${#pairs[@]} columns)"
    else
        fail "forloops: record columns differ from NEURON's script's"
    fi
    compare forloops trace "$OUT/forloops/traces.csv" "$OUT/forloops.ref/traces.csv" "${pairs[@]}"
    compare forloops spikes --spikes "$OUT/forloops/spikes.csv" "$OUT/forloops.ref/spikes.csv"
fi

# ---- distance-dependent connection rules (tests/net/distrule.nrn) ----------

# the list nrncc draws is the one nrn(5)'s specification gives, computed
# anew in Python from the man page (positions, distances, draws, delays
# and weights to the last bit)
DR=tests/net/distrule.nrn
if ! "$NRNCC" --netcons "$DR" >"$OUT/distrule.csv" 2>"$OUT/distrule.log"; then
    fail "distance rules: nrncc --netcons" "$OUT/distrule.log"
elif ! command -v python3 >/dev/null 2>&1; then
    skip "distance rules from the man page" "no python3"
elif python3 tests/net/distrule_spec.py >"$OUT/distrule_spec.csv" 2>"$OUT/distrule_spec.log" &&
    [ -s "$OUT/distrule_spec.csv" ] &&
    cmp -s "$OUT/distrule_spec.csv" <(grep -v '^drive,\|^source,' "$OUT/distrule.csv"); then
    pass "distance rules: nrn(5)'s positions, distances and draws, programmed anew in Python, give nrncc's $(wc -l <"$OUT/distrule_spec.csv") NetCons, delays and weights"
else
    diff "$OUT/distrule_spec.csv" <(grep -v '^drive,\|^source,' "$OUT/distrule.csv") | head >>"$OUT/distrule_spec.log" 2>&1
    fail "distance rules from the man page" "$OUT/distrule_spec.log"
fi
# nearer pairs connect more often: exc -> exc at 40 um (grid neighbours)
# (p = 0.41) against pairs farther than 120 um (p < 0.11, about 0.05 on
# average), each as a fraction of such pairs
if awk -F, 'NR > 1 && $1 ~ /^exc/ && $3 ~ /^exc/ { split($1, s, /[][]/); split($3, t, /[][]/);
        dx = (s[2] % 6 - t[2] % 6) * 40; dy = (int(s[2] / 6) - int(t[2] / 6)) * 40; d = sqrt(dx * dx + dy * dy)
        if (d == 40) near++; else if (d > 120) far++ }
        END { for (i = 0; i < 36; i++) for (j = 0; j < 36; j++) if (i != j) {
                  dx = (i % 6 - j % 6) * 40; dy = (int(i / 6) - int(j / 6)) * 40; d = sqrt(dx * dx + dy * dy)
                  if (d == 40) nn++; else if (d > 120) nf++ }
              printf "exc->exc: %d of %d pairs at 40 um, %d of %d beyond 120 um\n", near, nn, far, nf > "/dev/stderr"
              exit !(near / nn > 0.3 && far / nf < 0.1) }' "$OUT/distrule.csv" 2>"$OUT/distrule.stats"; then
    pass "distance rules: $(cat "$OUT/distrule.stats")"
else
    fail "distance rules: connection fraction by distance" "$OUT/distrule.stats"
fi
if ! "$NRNCC" "$DR" -o "$OUT/distrule.bin" >>"$OUT/distrule.log" 2>&1 ||
    ! "$OUT/distrule.bin" -q -o "$OUT/distrule" >>"$OUT/distrule.log" 2>&1; then
    fail "distrule (build or run)" "$OUT/distrule.log"
elif [ -z "$NET_PY" ]; then
    skip "distrule against NEURON" "no NEURON"
elif ! "$NET_PY" tests/ref/netrule_refs.py "$OUT/distrule.csv" "$OUT/distrule.ref" 36 9 >"$OUT/distrule.ref.log" 2>&1; then
    fail "distrule: NEURON's reference" "$OUT/distrule.ref.log"
else
    compare distrule spikes --spikes "$OUT/distrule/spikes.csv" "$OUT/distrule.ref/spikes.csv"
fi

# the C of both models: warning-free under gcc and clang
for m in tests/net/forloops.nrn tests/net/distrule.nrn; do
    name=$(basename "$m" .nrn)
    if ! "$NRNCC" -S "$m" -o "$OUT/$name.net.c" 2>"$OUT/$name.net.log"; then
        fail "C of $name" "$OUT/$name.net.log"
        continue
    fi
    for compiler in gcc clang; do
        if ! command -v $compiler >/dev/null 2>&1; then
            skip "C of $name with $compiler" "no $compiler"
        elif $compiler -std=c99 -O2 -Wall -Wextra -Werror -Iruntime -c -o "$OUT/$name.net.$compiler.o" \
            "$OUT/$name.net.c" >"$OUT/$name.net.$compiler.log" 2>&1; then
            pass "C of $name compiles with $compiler -Wall -Wextra -Werror"
        else
            fail "C of $name with $compiler -Wall -Wextra -Werror" "$OUT/$name.net.$compiler.log"
        fi
    done
done

# positions from a file (tests/net/inh_positions.csv: the inhibitory
# cells where distrule.nrn's expressions put them): the same NetCons
sed 's|^population inh = Ball\[9\] {.*|population inh = Ball[9] { positions = "'"$PWD"'/tests/net/inh_positions.csv" }|' \
    "$DR" >"$OUT/distrule_file.nrn"
if grep -q 'positions = ' "$OUT/distrule_file.nrn" &&
    "$NRNCC" --netcons "$OUT/distrule_file.nrn" 2>"$OUT/distrule_file.log" | cmp -s - "$OUT/distrule.csv"; then
    pass "distance rules: positions read from a file give the same $(($(wc -l <"$OUT/distrule.csv") - 1)) NetCons as the same positions by expression"
else
    fail "distance rules: positions from a file" "$OUT/distrule_file.log"
fi

# both models on two threads: the same bytes as on one
for name in forloops distrule; do
    if [ -x "$OUT/$name.bin" ] && "$OUT/$name.bin" -q --threads 2 -o "$OUT/$name.t2" >"$OUT/$name.t2.log" 2>&1 &&
        cmp -s "$OUT/$name/spikes.csv" "$OUT/$name.t2/spikes.csv" &&
        { [ ! -f "$OUT/$name/traces.csv" ] || cmp -s "$OUT/$name/traces.csv" "$OUT/$name.t2/traces.csv"; }; then
        pass "$name on --threads 2: the same files as one thread"
    else
        fail "$name on --threads 2" "$OUT/$name.t2.log"
    fi
done
