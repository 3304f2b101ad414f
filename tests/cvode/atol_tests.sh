# tests/cvode/atol_tests.sh - CVODE's absolute tolerance per unknown
# (NEURON's: atol times a STATE's declared tolerance or its
# CVode.atolscale; v's atolscale when below 1), at NEURON's default atol
# 1e-3 where the scales matter.  References: tests/ref/cvode_refs.py
# (atoltol, atolscale).  Sourced by tests/run.sh after cvode_tests.sh
# (cv_counts; pass, fail, build, $NRNCC, $OUT, $CSVCMP).
#
# Each case runs the model against NEURON's run at the same tolerances
# (within the tolerances below, a few times the run's own error at atol
# 1e-3: v 0.1 mV, concentrations 1e-5 to 1e-4 mM), with the counts
# within 1.5x, and the same model without its scales, whose differences
# exceed the tolerances (measured: catol's ca 2.05e-5 mM with its <1e-4>,
# 3.57e-5 without; cadi's cai 8.0e-5 with atolscale, 2.45e-4 without; v
# 0.09 mV and 0.27; m_hh 5.8e-4 and 1.7e-3).

# cv_atol NAME MODEL UNSCALED REF COLUMN:TOL ...
cv_atol() {
    local name=$1 model=$2 unscaled=$3 ref=$4 c col tol
    shift 4
    if ! build "$name" "$model" || ! build "${name}0" "$unscaled" ||
        ! "$OUT/$name.bin" -q -o "$OUT/$name" --stats 2>"$OUT/$name.stats" ||
        ! "$OUT/${name}0.bin" -q -o "$OUT/${name}0" 2>>"$OUT/$name.stats"; then
        fail "$name (build or run)" "$OUT/$name.log"
        return
    fi
    for c in "$@"; do
        col=${c%%:*} tol=${c#*:}
        compare "$name" "$col" --interp --tol "$tol" "$OUT/$name/traces.csv" "$ref/trace.csv" "$col=$col"
        if "$CSVCMP" --interp --tol "$tol" "$OUT/${name}0/traces.csv" "$ref/trace.csv" "$col=$col" \
            >"$OUT/${name}0.$col.cmp" 2>&1; then
            fail "$name $col: without the scales the run differs by more than $tol" "$OUT/${name}0.$col.cmp"
        else
            pass "$name $col: without the scales the run differs by more than $tol ($(tail -n 1 "$OUT/${name}0.$col.cmp" | grep -o 'max |diff| [^ ]*'))"
        fi
    done
    cv_counts "$name" "$OUT/$name.stats" "$ref/stats.txt"
}

# a STATE's declared tolerance: catol's `ca (mM) <1e-4>`; unscaled by the
# model file's atolscale { ca_catol = 1 } (it overrides the declaration,
# as NEURON's CVode.atolscale does)
cv_atol cv_atoltol tests/cvode/atoltol.nrn tests/cvode/atoltol1.nrn tests/ref/cvode_atoltol \
    "b(0.5).ca_catol:2.8e-5" "b(0.5).cai:5.5e-5"
# atolscale { cai = 1e-3  m_hh = 0.1  v = 0.5 } (cadi's cai: the ion's name)
cv_atol cv_atolscale tests/cvode/atolscale.nrn tests/cvode/atolscale0.nrn tests/ref/cvode_atolscale \
    "b(0.5).v:0.15" "b(0.5).cai:1.2e-4" "b(0.5).m_hh:1e-3"
