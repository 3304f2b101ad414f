#!/bin/sh
# check_names.sh: the range parameters, range assigned and states of
# `nrncc --check` output (stdin), sorted, in tests/ref/mech_names.py's
# format (what NEURON's MechanismStandard lists).
awk '
/^[a-zA-Z_ ]+:$/ || /^[A-Za-z]/ { sec = $0; sub(/:.*/, "", sec); next }
/^  / {
    n = $1; sub(/\[.*/, "", n)
    if (sec == "range parameters") p = p " " n
    else if (sec == "range assigned") a = a " " n
    else if (sec == "states") s = s " " n
}
function sorted(l,   arr, k, i, j, t, out) {
    k = split(l, arr, " ")
    for (i = 2; i <= k; i++) { t = arr[i]; for (j = i - 1; j >= 1 && arr[j] > t; j--) arr[j + 1] = arr[j]; arr[j + 1] = t }
    out = ""
    for (i = 1; i <= k; i++) out = out (i > 1 ? " " : "") arr[i]
    return out
}
END {
    printf "range parameters: %s\nrange assigned: %s\nstates: %s\n", sorted(p), sorted(a), sorted(s)
}'
