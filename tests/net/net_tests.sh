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
