#!/usr/bin/env bash
# mod_sweep.sh DIR [OUTDIR]: runs every .mod file under DIR through nrncc
# and, when NEURON is installed, through nocmodl 8.2.2 and the C compiler
# nrnivmodl uses, and prints one line per file and a summary:
#
#   FILE <TAB> NEURON <TAB> CHECK <TAB> BUILD <TAB> REASON
#
# NEURON: ok | fail | -  (nocmodl translates it and cc compiles the C)
# CHECK:  ok | fail      (nrncc --check FILE)
# BUILD:  ok | fail | -  (a one-compartment model inserting the mechanism,
#                         compiled by nrncc and run for 1 ms)
#         pointer         (refused only because that model sets no POINTER:
#                         counted as accepted, and listed)
# REASON: nrncc's first error message, without its file:line:col.
#
# The files are only read: nothing is written under DIR.  Meant for
# collections of published models kept outside the repository, e.g.
#   tests/tools/mod_sweep.sh /tmp/sweep/all /tmp/sweep/out
set -u
dir=${1:?usage: mod_sweep.sh DIR [OUTDIR]}
out=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/../.." && pwd)
nrncc=${NRNCC:-$here/bin/nrncc}
mkdir -p "$out"
have_neuron=
command -v nocmodl >/dev/null 2>&1 && [ -f /usr/include/nrnapi.h ] && have_neuron=1
units=/usr/share/nrn/lib/nrnunits.lib

one() { # one FILE N
    f=$1 n=$2
    w=$out/$n
    rm -rf "$w" && mkdir -p "$w"
    base=$(basename "$f")
    nrn=-
    if [ -n "$have_neuron" ]; then
        mkdir -p "$w/nrn"
        cp "$f" "$w/nrn/"
        # INCLUDEd files sit beside the .mod file
        find "$(dirname "$f")" -maxdepth 1 -type f ! -iname '*.mod' -exec cp {} "$w/nrn/" \; 2>/dev/null
        if (cd "$w/nrn" && MODLUNIT=$units timeout 60 nocmodl "$base" -o . >nocmodl.log 2>&1) &&
            c=$(ls "$w"/nrn/*.c 2>/dev/null | head -1) && [ -n "$c" ] &&
            timeout 60 cc -O0 -fsyntax-only -Wno-write-strings -DHAVE_CONFIG_H -I"$w/nrn" -I/usr/include \
                "$c" >"$w/nrn/cc.log" 2>&1; then
            nrn=ok
        else
            nrn=fail
        fi
    fi
    check=fail build=- reason=
    if timeout 60 "$nrncc" --check "$f" >"$w/check.out" 2>"$w/check.err"; then
        check=ok
        head=$(head -1 "$w/check.out")
        name=$(printf '%s\n' "$head" | sed -n 's/^\([^:]*\): .*/\1/p')
        case $head in
            *"density mechanism"*) body="section soma { L = 10 um  diam = 10 um  insert $name }" ;;
            *"point process"*) body="section soma { L = 10 um  diam = 10 um  insert pas }
$name pp at soma(0.5) { }" ;;
            *"artificial cell"*) body="section soma { L = 10 um  diam = 10 um  insert pas }
$name ac { }" ;;
            *) body= ;;
        esac
        if [ -n "$body" ]; then
            printf 'model sweep\nuse "%s"\n%s\nrun { tstop = 1 ms }\n' "$f" "$body" >"$w/m.nrn"
            if timeout 120 "$nrncc" "$w/m.nrn" -o "$w/m.bin" >"$w/build.log" 2>&1 &&
                timeout 60 "$w/m.bin" -q -o "$w/m" >>"$w/build.log" 2>&1; then
                build=ok
            else
                build=fail
                reason=$(grep -m1 'error' "$w/build.log" | sed 's/^[^ ]*:[0-9]*:[0-9]*: //')
                [ -n "$reason" ] || reason="build/run: $(head -c 150 "$w/build.log" | head -1)"
                # the one-compartment model sets no POINTER: not the mechanism's fault
                case $reason in *"is not set: add 'setpointer"*) build=pointer ;; esac
            fi
        fi
    else
        reason=$(grep -m1 'error' "$w/check.err" | sed 's/^[^ ]*:[0-9]*:[0-9]*: //')
        [ -n "$reason" ] || reason="check: $(head -1 "$w/check.err")"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$f" "$nrn" "$check" "$build" "$reason"
}

n=0
find "$dir" -type f \( -name '*.mod' -o -name '*.MOD' \) | LC_ALL=C sort | while read -r f; do
    n=$((n + 1))
    one "$f" "$n"
done >"$out/results.tsv"

awk -F'\t' '
    { total++; if ($2 == "ok") nrn++
      if ($2 != "fail") { counted++; if ($3 == "ok" && $4 != "fail") good++ }
      if ($2 != "fail" && !($3 == "ok" && $4 != "fail")) why[$5]++
      if ($2 != "fail" && $4 == "pointer") ptr++ }
    END {
      printf "%d files; NEURON 8.2.2 accepts %d\n", total, nrn
      printf "nrncc accepts (check, build and 1 ms run) %d of the %d NEURON accepts (%.1f%%)\n", good, counted, counted ? 100 * good / counted : 0
      printf "  (%d of them built only to the unset POINTER of the one-compartment model)\n", ptr
      for (r in why) printf "%5d  %s\n", why[r], r | "sort -rn"
    }' "$out/results.tsv"
echo "details: $out/results.tsv"
