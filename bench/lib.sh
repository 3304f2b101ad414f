# shellcheck shell=bash
# bench/lib.sh - helpers of the bench scripts (sourced by run.sh and
# hh_soma.sh).  All arithmetic goes through awk, in doubles.

now() { date +%s.%N; }
# sub A B: A - B with 4 decimals
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a - b }'; }
# div A B: A / B with 2 decimals ("n/a" if B is not positive)
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
# median of the numbers on stdin, one a line
median() {
    sort -g | awk '{ x[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) m = x[(NR + 1) / 2]; else m = (x[NR / 2] + x[NR / 2 + 1]) / 2
        printf "%.4f\n", m }'
}
# timed FILE CMD...: run CMD, append its wall-clock seconds to FILE; the
# command's status is returned
timed() {
    local file=$1 t0 t1 rc
    shift
    t0=$(now)
    "$@"
    rc=$?
    t1=$(now)
    sub "$t1" "$t0" >>"$file"
    echo >>"$file"
    return $rc
}
# json_field NAME FILE: a number from a 'RESULT {json}' line (NEURON's and
# Brian2's scripts in ../shared/bench print one)
json_field() {
    sed -n 's/^RESULT .*"'"$1"'": \([-0-9.eE+]*\).*/\1/p' "$2" | tail -n 1
}
# ref_spikes REF: the 'gid time' lines of a reference dump, sorted by time, gid
ref_spikes() {
    awk '/^# spikes:/ { on = 1; next } /^#/ { on = 0 } on' "$1" | sort -k2,2g -k1,1n
}
# our_spikes CSV [LIMIT]: our gid,time list as 'gid time' with the dump's
# %.6f, sorted as ref_spikes sorts; with LIMIT, only gids below it (the
# cells of a network, not its NetStims)
our_spikes() {
    awk -F, -v lim="${2:-}" 'NR > 1 && (lim == "" || $1 < lim + 0) { printf "%d %.6f\n", $1, $2 }' "$1" |
        sort -k2,2g -k1,1n
}
