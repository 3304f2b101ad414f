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
# file; nrncc compiles it; the executable's traces (and spikes) are
# compared with NEURON's own, which the same script records.  Prints the
# comparison, the model's size and the times, and exits 0 when every
# column agrees within the case's tolerance (TOL=X overrides it; 0 is to
# the bit) and the spikes are the same within STOL.
#
# Cases (CASE: ModelDB id; the folder the script runs in and the .mod
# folder, relative to DIR; what is recorded; the tolerances):
case_table() {
    # CASE|ModelDB|run folder|mod folder (- for none)|records (- for none)|record spikes|TOL|STOL
    # (a TOL of the form iX compares variable-step traces: NEURON's rows
    # with ours interpolated at their times, within X; a TOL "refused"
    # marks a model nrncc-export refuses: the check passes when it does so
    # with an error message)
    cat <<'CASES'
hay2011_step|139653|simulationcode|mod|L5PCtemplate[0].soma[0](0.5).v L5PCtemplate[0].apic[36](0.5).v|0|0|0
hay2011_cvode|139653|simulationcode|mod|L5PCtemplate[0].soma[0](0.5).v L5PCtemplate[0].apic[36](0.5).v|1|i1|5e-3
mainen1996_fig1c|2488|.|.|soma(0.5).v node[4](0.5).v a1_111(0.5).v soma(0.5).cai|0|0|0
mainen1996_cvode|2488|.|.|soma(0.5).v node[4](0.5).v|1|i1|5e-3
destexhe1998_tc200|279|.|.|soma(0.5).v dend10[6](0.5).v dend10[26](0.5).v dend10[26](0.5).cai|0|0|0
hallermann2012_ais|144526|.|.|soma(0.5).v axon[0](0.5).v axon[0](1).v apic[10](0.5).v|0|0|0
brette2007_cuba|83319|NEURON/cuba|NEURON/cuba|-|1|0|0
brette2007_coba|83319|NEURON/coba|NEURON/coba|CobaCell[0].soma(0.5).v|1|0|0
brette2007_cobahh|83319|NEURON/cobahh|-|-|1|refused|0
poirazi2003_hcurrent|20212|experiment/hyperpolarization-current|mechanism|soma[0](0.5).v apical_dendrite[71](0.5).v|0|0|0
saraga2006_gap|114047|.|.|somaa(0.5).v somab(0.5).v dend4a[6](1).v gap[0].i|0|0|0
genet2010_purkinje|147218|.|.|soma(0.5).v sm[10](0.5).v spn40[0](0.5).v spn40[0](0.5).cai|0|0|0
CASES
}
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
case=${1:?usage: check.sh CASE DIR [OUT]}
dir=$(cd "${2:?usage: check.sh CASE DIR [OUT]}" && pwd)
out=${3:-/tmp/nrncc_published_$case}
line=$(case_table | grep "^$case|" || true)
if [ -z "$line" ]; then
    echo "check.sh: unknown case '$case' (cases: $(case_table | cut -d'|' -f1 | tr '\n' ' '))" >&2
    exit 2
fi
IFS='|' read -r _ _ run mods recs spikes ctol cstol <<<"$line"
[ "$recs" = - ] && recs=
tol=${TOL:-$ctol}
stol=${STOL:-$cstol}
rm -rf "$out"
mkdir -p "$out/mod"
lib=
if [ "$mods" != - ]; then
    cp "$dir/$mods"/*.mod "$out/mod/"
    lib=$(bash /work/shared/oracle/build-mods.sh "$out/mod" 2>/dev/null || true)
    if [ -z "$lib" ]; then
        lib=$(cd "$out/mod" && nrnivmodl >nrnivmodl.log 2>&1 && echo "$PWD/x86_64/libnrnmech.so")
    fi
fi
export NRNCC_MECH=$lib NRNCC_MODEL_DIR=$dir/$run
# NEURON's run: the script writes its records (in the order of $recs),
# its spikes (in the exporter's gid order), the model's size and its run time
args=()
for r in $recs; do args+=(--record "$r"); done
[ "$spikes" = 1 ] && args+=(--record-spikes)
(cd "$dir/$run" && NRNCC_NEURON_OUT="$out/neuron.csv" NRNCC_NEURON_SPIKES="$out/neuron_spikes.csv" \
    NRNCC_NEURON_INFO="$out/neuron.info" /usr/bin/python3 "$here/$case.py" >"$out/neuron.log" 2>&1) ||
    { cat "$out/neuron.log"; exit 1; }
if ! (cd "$dir/$run" && "$root/bin/nrncc-export" "$here/$case.py" -o "$out/model.nrn" --mod-dir "$out/mod" \
    "${args[@]}" >"$out/export.log" 2>&1); then
    if [ "$tol" = refused ] && grep "^nrncc-export: error: " "$out/export.log"; then
        echo "$case: refused by nrncc-export, as expected"
        exit 0
    fi
    cat "$out/export.log"
    exit 1
fi
if [ "$tol" = refused ]; then
    echo "$case: nrncc-export was expected to refuse the model" >&2
    exit 1
fi
grep "warning" "$out/export.log" || true
start=$(date +%s.%N)
"$root/bin/nrncc" "$out/model.nrn" -o "$out/sim"
mid=$(date +%s.%N)
"$out/sim" -q -o "$out/run"
end=$(date +%s.%N)
info() { awk -v k="$1" '$1 == k { print $2 }' "$out/neuron.info"; }
echo "$case: $(info sections) sections, $(info segments) segments, $(info netcons) NetCons;" \
    "nrncc $(echo "$mid - $start" | bc) s, its run $(echo "$end - $mid" | bc) s, NEURON's run $(info neuron_run) s"
cc -O2 -o "$out/csvcmp" "$root/tests/tools/csvcmp.c" -lm
# the model's column names: the exporter's (the records' order)
cols=$(head -n 1 "$out/run/traces.csv" 2>/dev/null | cut -d, -f2-)
refcols=$(head -n 1 "$out/neuron.csv" | cut -d, -f2-)
pairs=()
i=0
for r in $recs; do
    i=$((i + 1))
    pairs+=("$(echo "$cols" | cut -d, -f$i)=$(echo "$refcols" | cut -d, -f$i)")
done
status=0
if [ -n "$recs" ]; then
    if [ "${tol#i}" != "$tol" ]; then
        "$out/csvcmp" --interp --tol "${tol#i}" "$out/run/traces.csv" "$out/neuron.csv" "${pairs[@]}" || status=1
    else
        "$out/csvcmp" --tol "$tol" "$out/run/traces.csv" "$out/neuron.csv" "${pairs[@]}" || status=1
    fi
fi
if [ "$spikes" = 1 ]; then
    "$out/csvcmp" --spikes --tol "$stol" "$out/run/spikes.csv" "$out/neuron_spikes.csv" || status=1
fi
exit $status
