#!/usr/bin/env bash
# bench/memory.sh - issue 7's memory acceptance: the peak resident size of
# the built ring executable (models/ring.nrn) at N cells against the size
# of its state arrays (the model's state struct: every array the step loop
# touches), both as the executable's --profile prints them.  The goal:
# peak RSS < 2 x state at 10,000 cells (judged for N >= 10000; smaller
# rings are dominated by the executable's fixed ~6 MB and only printed).
#
# Usage: bench/memory.sh [N ...]        (default: 10000)
# Environment: NRNCC (default bin/nrncc), TSTOP (ms, default 10: the
# arrays are all allocated before the first step, so a short run shows
# the peak), KEEP=1 keeps the build directory.
# Prints one line per N; exits 1 if a ring of 10,000 cells or more misses
# the goal.
set -u
cd "$(dirname "$0")/.."
NRNCC=${NRNCC:-bin/nrncc}
TSTOP=${TSTOP:-10}
dir=$(mktemp -d "${TMPDIR:-/tmp}/nrncc_memory.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
[ $# -gt 0 ] || set -- 10000
rc=0
printf "%-10s %12s %12s %12s %8s %s\n" model compartments "state MB" "peak RSS MB" ratio "goal < 2"
for n in "$@"; do
    if ! "$NRNCC" -D N="$n" models/ring.nrn -o "$dir/ring_$n" >"$dir/ring_$n.log" 2>&1; then
        echo "ring_$n: build failed:" >&2
        cat "$dir/ring_$n.log" >&2
        rc=1
        continue
    fi
    if ! "$dir/ring_$n" -q --profile tstop="$TSTOP" -o "$dir/out_$n" 2>"$dir/prof_$n.txt"; then
        echo "ring_$n: run failed:" >&2
        cat "$dir/prof_$n.txt" >&2
        rc=1
        continue
    fi
    # "...: profile: S steps of C compartments ..." and
    # "...: memory: state X MB (...), peak resident Y MB (...)"
    read -r comp state rss < <(awk '/: profile: / { for (i = 1; i <= NF; i++) if ($i == "of") c = $(i + 1) }
        /: memory: / { for (i = 1; i <= NF; i++) { if ($i == "state") s = $(i + 1); if ($i == "resident") r = $(i + 1) } }
        END { print c, s, r }' "$dir/prof_$n.txt")
    ratio=$(awk -v s="$state" -v r="$rss" 'BEGIN { if (s > 0) printf "%.2f", r / s; else print "n/a" }')
    ok=$(awk -v x="$ratio" -v n="$n" 'BEGIN { print n < 10000 ? "-" : (x != "n/a" && x < 2) ? "yes" : "NO" }')
    [ "$ok" != NO ] || rc=1
    printf "%-10s %12s %12s %12s %8s %s\n" "ring_$n" "$comp" "$state" "$rss" "$ratio" "$ok"
done
exit $rc
