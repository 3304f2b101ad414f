# tests/cvode/longdiff_tests.sh - LONGITUDINAL_DIFFUSION under CVODE against
# NEURON's CVode (references: tests/ref/cvode_refs.py longdiff, longdiff_ion:
# NEURON's every step at atol 1e-6) and against our own fixed step at
# dt = 1e-4 ms.  Sourced by tests/run.sh after cvode_tests.sh (pass, fail,
# compare, build, $OUT, $CSVCMP).
#
# What the columns measure: without the diffusion under CVODE (D = 0) the
# compared values move by far more than the tolerances: longdiff's soma v
# by 0.24 mV, dend(0.5)'s calcium (fed only by diffusion from the influx at
# dend(0.3)) by 8.9e-5 mM, dend(0.7)'s inner shell by 1.9e-7 mM, the buffer
# at br[0](0.9) by 5e-7 mM, br[0](0.125) (across a zero-area end) by
# 7.6e-9 mM, br[2](0.375) (a child in the middle of dend) by 3.1e-9 mM;
# longdiff_ion's nai at axon(0.1) by 0.64 mM, at dend(0.083) by 0.031 mM.

# ld_case NAME MODEL REF COLUMN:TOL_SAME:TOL_FINE:TOL_FIXED ...: the model at
# its atol (1e-6) and at 1e-9 against NEURON's trace at 1e-6 (as cv_case),
# and our fixed step at dt = 1e-4 ms (backward Euler: its error, first
# order in dt, dominates) against our run at 1e-9
ld_case() {
    local name=$1 model=$2 ref=$3
    shift 3
    if ! build "$name" "$model"; then
        fail "$name (build)" "$OUT/$name.log"
        return
    fi
    if ! "$OUT/$name.bin" -q -o "$OUT/$name" --stats 2>"$OUT/$name.stats" ||
        ! "$OUT/$name.bin" -q -o "$OUT/${name}_fine" atol=1e-9 2>>"$OUT/$name.stats" ||
        ! "$OUT/$name.bin" -q -o "$OUT/${name}_fixed" --method fixed dt=1e-4 2>>"$OUT/$name.stats"; then
        fail "$name (run)" "$OUT/$name.stats"
        return
    fi
    local c col same fine fixed
    for c in "$@"; do
        IFS=: read -r col same fine fixed <<<"$c"
        compare "$name" "$col" --interp --tol "$same" "$OUT/$name/traces.csv" "$ref/trace.csv" "$col=$col"
        compare "$name" "$col.fine" --interp --tol "$fine" "$OUT/${name}_fine/traces.csv" "$ref/trace.csv" "$col=$col"
        compare "$name" "$col.fixed" --interp --tol "$fixed" "$OUT/${name}_fixed/traces.csv" \
            "$OUT/${name}_fine/traces.csv" "$col=$col"
    done
    cv_counts "$name" "$OUT/$name.stats" "$ref/stats.txt" 1
}

# cadifl: calcium in 3 radial shells and a buffer, both diffusing along a
# branched tree (a zero-area end, a child in mid-section, a rallbranch, a
# section without the mechanism); v feels the outer shell
ld_case cv_longdiff tests/cvode/longdiff.nrn tests/ref/cvode_longdiff "soma(0.5).v:0.05:0.02:0.1" \
    "br[0](0.9).v:0.05:0.02:0.05" "dend(0.3).ca_cadifl[0]:1e-6:5e-7:1e-6" "dend(0.5).ca_cadifl[0]:5e-9:2e-9:5e-9" \
    "dend(0.7).ca_cadifl[2]:2e-11:1e-11:2e-11" "br[0](0.9).b_cadifl:1e-8:5e-9:5e-9" \
    "br[0](0.125).ca_cadifl[0]:1e-11:5e-12:2e-12" "br[2](0.375).ca_cadifl[0]:1e-11:5e-12:1e-12"
# nadif: nai itself the diffusing STATE (an ion's concentration), fed by
# hh's sodium current
ld_case cv_longdiff_ion tests/cvode/longdiff_ion.nrn tests/ref/cvode_longdiff_ion "soma(0.5).v:0.05:0.01:0.1" \
    "soma(0.5).nai:2e-6:5e-7:5e-6" "dend(0.083).nai:1e-5:2e-6:3e-6" "axon(0.1).nai:2e-4:5e-5:2e-4" \
    "axon(0.9).nai:3e-5:5e-6:2e-4" "soma(0.5).ena:5e-6:1e-6:3e-5"

# what stays refused: a diffused STATE in no reaction of its scheme (no
# CVODE unknown of the block; the fixed step diffuses it)
cv_refused "LONGITUDINAL_DIFFUSION of a STATE in no reaction" tests/cvode/ldlone.nrn \
    "cannot run with CVODE yet: it has LONGITUDINAL_DIFFUSION of a STATE in no reaction of its KINETIC block (mechanism 'ldlone')"
