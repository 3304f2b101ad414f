#!/usr/bin/env bash
# tests/published/check.sh - a published model, whole, against NEURON.
#
#   tests/published/check.sh CASE DIR [OUT]
#
# DIR is the model as its authors publish it (e.g. a checkout of
# github.com/ModelDBRepository/139653 for hay2011_step); nothing of it is
# in this repository.  The case's script (tests/published/CASE.py, ours)
# builds the model with the authors' hoc and .mod files and runs a
# protocol in NEURON 8.2.2; nrncc-export writes that model as a model
# file; nrncc compiles it; the executable's traces are compared with
# NEURON's own, which the same script records.  Prints the comparison and
# exits 0 when every column agrees within TOL (default 0: to the bit).
#
# Cases (CASE: ModelDB id, folder the script runs in, mod folder, records):
#   hay2011_step: 139653, simulationcode, mod,
#                 soma[0](0.5).v and apic[36](0.5).v of L5PCtemplate[0]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case=${1:?usage: check.sh CASE DIR [OUT]}
dir=$(cd "${2:?usage: check.sh CASE DIR [OUT]}" && pwd)
out=${3:-/tmp/nrncc_published_$case}
tol=${TOL:-0}
case $case in
hay2011_step)
    run=simulationcode mods=mod
    recs="L5PCtemplate[0].soma[0](0.5).v L5PCtemplate[0].apic[36](0.5).v"
    ;;
*)
    echo "check.sh: unknown case '$case'" >&2
    exit 2
    ;;
esac
rm -rf "$out"
mkdir -p "$out/mod"
cp "$dir/$mods"/*.mod "$out/mod/"
lib=$(bash /work/shared/oracle/build-mods.sh "$out/mod" 2>/dev/null || true)
if [ -z "$lib" ]; then
    lib=$(cd "$out/mod" && nrnivmodl >nrnivmodl.log 2>&1 && echo "$PWD/x86_64/libnrnmech.so")
fi
export NRNCC_MECH=$lib NRNCC_MODEL_DIR=$dir/$run
# NEURON's run: the script writes its records (in the order of $recs)
args=()
for r in $recs; do args+=(--record "$r"); done
(cd "$dir/$run" && NRNCC_NEURON_OUT="$out/neuron.csv" /usr/bin/python3 "$here/$case.py" >"$out/neuron.log" 2>&1) ||
    { cat "$out/neuron.log"; exit 1; }
(cd "$dir/$run" && "$root/bin/nrncc-export" "$here/$case.py" -o "$out/model.nrn" --mod-dir "$out/mod" "${args[@]}" \
    >"$out/export.log" 2>&1) || { cat "$out/export.log"; exit 1; }
start=$(date +%s.%N)
"$root/bin/nrncc" "$out/model.nrn" -o "$out/sim"
mid=$(date +%s.%N)
"$out/sim" -q -o "$out/run"
end=$(date +%s.%N)
echo "$case: nrncc $(echo "$mid - $start" | bc) s, run $(echo "$end - $mid" | bc) s"
cc -O2 -o "$out/csvcmp" "$root/tests/tools/csvcmp.c" -lm
# the model's column names: the exporter's (the records' order)
cols=$(head -n 1 "$out/run/traces.csv" | cut -d, -f2-)
refcols=$(head -n 1 "$out/neuron.csv" | cut -d, -f2-)
pairs=()
i=0
for r in $recs; do
    i=$((i + 1))
    pairs+=("$(echo "$cols" | cut -d, -f$i)=$(echo "$refcols" | cut -d, -f$i)")
done
"$out/csvcmp" --tol "$tol" "$out/run/traces.csv" "$out/neuron.csv" "${pairs[@]}"
