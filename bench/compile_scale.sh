#!/usr/bin/env bash
# bench/compile_scale.sh - how compile time and memory grow with the size of
# a network: models/ring.nrn built with -D N=1000, 10000, 100000 (override
# with SIZES="..."), one build each.
#
#   bench/compile_scale.sh
#
# Per size:
#   nrncc -S    model file to C file (nrncc's own work), wall seconds
#   C size      bytes of that C file
#   nrncc RSS   nrncc's peak resident memory during -S, MB
#   compile     model file to executable (with the C compiler), wall seconds
#   per 1k      compile seconds per 1000 cells
# The ring has one connection per cell, so cells and connections grow
# together.  Issue 8's goal: the 10,000-cell ring in under 5 s, growing
# linearly.
set -u
cd "$(dirname "$0")/.." || exit 1
. bench/lib.sh
export LC_ALL=C
SIZES=${SIZES:-1000 10000 100000}
OUT=bench/out/compile_scale
rm -rf "$OUT"
mkdir -p "$OUT"
[ -x bin/nrncc ] || make -s >/dev/null || exit 1
command -v /usr/bin/time >/dev/null || { echo "compile_scale.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }

printf "%8s %9s %12s %10s %9s %8s\n" N "nrncc -S" "C size" "RSS MB" compile "per 1k"
for n in $SIZES; do
    : >"$OUT/s_$n" && : >"$OUT/c_$n"
    if ! /usr/bin/time -o "$OUT/rss_$n" -f "%M" bash -c 't0=$(date +%s.%N); "$@"; rc=$?; t1=$(date +%s.%N);
            awk -v a="$t1" -v b="$t0" "BEGIN { printf \"%.4f\n\", a - b }" >"$0"; exit $rc' \
            "$OUT/s_$n" bin/nrncc -D N="$n" models/ring.nrn -S -o "$OUT/ring_$n.c" >"$OUT/log_$n" 2>&1; then
        echo "compile_scale.sh: nrncc -S failed at N=$n (see $OUT/log_$n)" >&2
        exit 1
    fi
    timed "$OUT/c_$n" bin/nrncc -D N="$n" models/ring.nrn -o "$OUT/ring_$n" >>"$OUT/log_$n" 2>&1 ||
        { echo "compile_scale.sh: nrncc failed at N=$n (see $OUT/log_$n)" >&2; exit 1; }
    s=$(head -n 1 "$OUT/s_$n")
    c=$(head -n 1 "$OUT/c_$n")
    rss=$(tail -n 1 "$OUT/rss_$n")
    printf "%8d %9.3f %12d %10.1f %9.3f %8.3f\n" "$n" "$s" "$(wc -c <"$OUT/ring_$n.c")" \
        "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$c" "$(awk -v c="$c" -v n="$n" 'BEGIN { print c * 1000 / n }')"
    rm -f "$OUT/ring_$n"
done
