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
#         bothfail        (the run went unstable or failed, and NEURON's run
#                         of the same model, when NEURON's Python is here,
#                         goes non-finite or stops with an error at the same
#                         step; or the check found an ion with no VALENCE,
#                         and NEURON refuses to load the mechanism alone for
#                         it too: counted as accepted, and listed)
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
nrn_py=
for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import neuron" >/dev/null 2>&1; then
        nrn_py=$py
        break
    fi
done

# neuron_loads W: true when NEURON loads the library of W's mechanism
# (built as neuron_fails builds it; messages in W/run.log)
neuron_loads() {
    local w=$1
    [ -n "$nrn_py" ] && command -v nrnivmodl >/dev/null 2>&1 || return 1
    rm -rf "$w/run" && cp -r "$w/nrn" "$w/run" && rm -f "$w/run"/*.c "$w/run"/*.log || return 1
    (cd "$w/run" && timeout 300 nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn") >"$w/run.log" 2>&1
    [ -f "$w/run/x86_64/libnrnmech.so" ] || return 1
    # loaded as NEURON loads a folder's mechanisms at its start (from where
    # x86_64 is), which checks every ion's valence (nrn_load_dll does not)
    (cd "$w/run" && timeout 120 "$nrn_py" -c 'from neuron import h') >>"$w/run.log" 2>&1
}

# neuron_fails W KIND NAME T: NEURON runs W's one-compartment model (the
# mechanism's .mod file and the files beside it in W/nrn) for 1 ms; true
# when its v goes non-finite first, or the run stops with an error, at
# t = T (within 1e-9 ms), as ours did
neuron_fails() {
    local w=$1 kind=$2 name=$3 t=$4
    [ -n "$nrn_py" ] && command -v nrnivmodl >/dev/null 2>&1 || return 1
    rm -rf "$w/run" && cp -r "$w/nrn" "$w/run" && rm -f "$w/run"/*.c "$w/run"/*.log || return 1
    # (nrnivmodl's last step, the 'special' program, fails on Debian; the
    # library is all NEURON needs)
    (cd "$w/run" && timeout 300 nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn") >"$w/run.log" 2>&1
    [ -f "$w/run/x86_64/libnrnmech.so" ] || return 1
    (cd "$w" && timeout 120 "$nrn_py" - "$w/run/x86_64/libnrnmech.so" "$kind" "$name" "$t" >>"$w/run.log" 2>&1) <<'PY'
import math, sys
from neuron import h
h.nrn_load_dll(sys.argv[1])
kind, name, t = sys.argv[2], sys.argv[3], float(sys.argv[4])
soma = h.Section(name="soma")
soma.L = soma.diam = 10
keep = []
if kind == "density":
    soma.insert(name)
else:
    soma.insert("pas")
    keep.append(getattr(h, name)(soma(0.5)) if kind == "point" else getattr(h, name)())
h.load_file("stdrun.hoc")
tv, vv = h.Vector().record(h._ref_t), h.Vector().record(soma(0.5)._ref_v)
h.dt, h.tstop = 0.025, 1
h.finitialize(-65)
try:
    h.continuerun(1)
except RuntimeError:
    # (hoc's t is still the step's start: the thread's time moved on)
    print("NEURON: the run stops with an error in the step from t = %r ms" % h.t)
    sys.exit(0 if abs(h.t + h.dt - t) < 1e-9 else 1)
bad = [x for x, y in zip(tv, vv) if not math.isfinite(y)]
print("NEURON: v first non-finite at t = %r ms" % bad[0] if bad else "NEURON: v stays finite, the run ends well")
sys.exit(0 if bad and abs(bad[0] - t) < 1e-9 else 1)
PY
}

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
            *"density mechanism"*) kind=density body="section soma { L = 10 um  diam = 10 um  insert $name }" ;;
            *"point process"*) kind=point body="section soma { L = 10 um  diam = 10 um  insert pas }
$name pp at soma(0.5) { }" ;;
            *"artificial cell"*) kind=artificial body="section soma { L = 10 um  diam = 10 um  insert pas }
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
                # a run that goes unstable or fails: NEURON's own run of the
                # model says whether the mechanism or nrncc is at fault
                case $reason in m.bin:*" at t = "*)
                    t=$(printf '%s\n' "$reason" | sed -n 's/.* at t = \([0-9.e+-]*\) ms.*/\1/p')
                    if [ "$nrn" = ok ] && [ -n "$t" ] && neuron_fails "$w" "$kind" "$name" "$t"; then
                        build=bothfail
                    elif [ "$nrn" = ok ] && [ -n "$nrn_py" ]; then
                        reason="$reason ($(tail -n 1 "$w/run.log"))"
                    fi ;;
                esac
            fi
        fi
    else
        reason=$(grep -m1 'error' "$w/check.err" | sed 's/^[^ ]*:[0-9]*:[0-9]*: //')
        [ -n "$reason" ] || reason="check: $(head -1 "$w/check.err")"
    fi
    # an ion without a valence from any mechanism of the one-mechanism model:
    # NEURON refuses to load the mechanism too
    case $reason in *"needs a VALENCE"*)
        if [ "$nrn" = ok ] && neuron_loads "$w"; then
            :
        elif [ "$nrn" = ok ] && grep -q "USEION CHARGE (or VALENCE) must be defined" "$w/run.log"; then
            build=bothfail
        fi ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\n' "$f" "$nrn" "$check" "$build" "$reason"
}

n=0
find "$dir" -type f \( -name '*.mod' -o -name '*.MOD' \) | LC_ALL=C sort | while read -r f; do
    n=$((n + 1))
    one "$f" "$n"
done >"$out/results.tsv"

awk -F'\t' '
    { total++; if ($2 == "ok") nrn++
      ok = ($3 == "ok" && $4 != "fail") || $4 == "bothfail"
      if ($2 != "fail") { counted++; if (ok) good++ }
      if ($2 != "fail" && !ok) why[$5]++
      if ($2 != "fail" && $4 == "pointer") ptr++
      if ($2 != "fail" && $4 == "bothfail") both++ }
    END {
      printf "%d files; NEURON 8.2.2 accepts %d\n", total, nrn
      printf "nrncc accepts (check, build and 1 ms run) %d of the %d NEURON accepts (%.1f%%)\n", good, counted, counted ? 100 * good / counted : 0
      printf "  (%d of them built only to the unset POINTER of the one-compartment model)\n", ptr
      printf "  (%d of them went unstable or failed in the 1 ms run at the step where NEURON'"'"'s run does too,\n", both
      printf "   or lack an ion'"'"'s VALENCE that NEURON refuses to load them without too)\n"
      for (r in why) printf "%5d  %s\n", why[r], r | "sort -rn"
    }' "$out/results.tsv"
echo "details: $out/results.tsv"
