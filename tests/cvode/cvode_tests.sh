# tests/cvode/cvode_tests.sh - CVODE beyond plain DERIVATIVE mechanisms,
# against NEURON's CVode (references: tests/ref/cvode_refs.py, NEURON's
# every step; our trace is interpolated at its times).  Sourced by
# tests/run.sh (pass, fail, compare, build, $NRNCC, $OUT, $CSVCMP).
#
# The tolerances: two CVODE runs at the same atol take different steps,
# so they agree to the global error, a small multiple of atol per unknown
# (atol is absolute for every unknown, v in mV and concentrations in mM
# alike); the assertions are a few times that.

# cv_counts NAME STATS REF_STATS: our steps and f evaluations within 1.5x
# of NEURON's (its advance_tn and function evaluations)
cv_counts() {
    local name=$1 ours=$2 ref=$3
    local s f ns nf
    s=$(sed -n 's/.*cvode: \([0-9]*\) steps, \([0-9]*\) f evaluations.*/\1/p' "$ours")
    f=$(sed -n 's/.*cvode: \([0-9]*\) steps, \([0-9]*\) f evaluations.*/\2/p' "$ours")
    ns=$(sed -n 's/^ *\([0-9]*\) advance_tn.*/\1/p' "$ref")
    nf=$(sed -n 's/^ *\([0-9]*\) function evaluations.*/\1/p' "$ref")
    if [ -n "$s" ] && [ -n "$ns" ] && [ -n "$f" ] && [ -n "$nf" ] &&
        awk -v a="$s" -v b="$ns" -v c="$f" -v d="$nf" \
            'BEGIN { exit !(a <= 1.5 * b && b <= 1.5 * a && c <= 1.5 * d && d <= 1.5 * c) }'; then
        pass "$name: steps $s (NEURON $ns), f evaluations $f (NEURON $nf)"
    else
        echo "ours: steps $s f $f; NEURON: steps $ns f $nf" >>"$ours"
        fail "$name: step and f-evaluation counts within 1.5x of NEURON's" "$ours"
    fi
}

# a concentration written by a DERIVATIVE block (cadi's cai) as a CVODE
# unknown, with eca following it and caghk reading it; atol 1e-6
if build cv_conc tests/cvode/conc.nrn && "$OUT/cv_conc.bin" -q -o "$OUT/cv_conc" --stats 2>"$OUT/cv_conc.stats"; then
    r=tests/ref/cvode_ghk
    compare cv_conc v --interp --tol 0.02 "$OUT/cv_conc/traces.csv" $r/trace.csv "soma(0.5).v=soma(0.5).v"
    compare cv_conc eca --interp --tol 0.02 "$OUT/cv_conc/traces.csv" $r/trace.csv "soma(0.5).eca=soma(0.5).eca"
    compare cv_conc cai --interp --tol 2e-6 "$OUT/cv_conc/traces.csv" $r/trace.csv "soma(0.5).cai=soma(0.5).cai"
    compare cv_conc ica --interp --tol 1e-5 "$OUT/cv_conc/traces.csv" $r/trace.csv "soma(0.5).ica=soma(0.5).ica"
    compare cv_conc m --interp --tol 1e-4 "$OUT/cv_conc/traces.csv" $r/trace.csv "soma(0.5).m_caghk=soma(0.5).m_caghk"
    cv_counts cv_conc "$OUT/cv_conc.stats" $r/stats.txt
else
    fail "cvode: a written concentration (build or run)" "$OUT/cv_conc.log"
fi

# what stays refused, with the reason and no output
cv_refused() { # cv_refused NAME MODEL PATTERN
    local name=$1 model=$2 pat=$3
    rm -rf "$OUT/cv_refused"
    if build "cv_refused_$name" "$model"; then
        "$OUT/cv_refused_$name.bin" -o "$OUT/cv_refused" --method cvode >"$OUT/cv_refused.out" 2>"$OUT/cv_refused.err"
        local rc=$?
        if [ $rc -eq 1 ] && grep -q -- "$pat" "$OUT/cv_refused.err" && [ ! -e "$OUT/cv_refused/traces.csv" ]; then
            pass "cvode refuses $name ($(sed 's/^[^:]*: //' "$OUT/cv_refused.err"))"
            return
        fi
        echo "exit $rc" >>"$OUT/cv_refused.err"
    fi
    fail "cvode refuses $name" "$OUT/cv_refused.err"
}
cv_refused "a concentration that is not a STATE" tests/cvode/conc_bad.nrn \
    "cannot run with CVODE yet: it has a concentration ('cai') that is not a STATE of a DERIVATIVE block (mechanism 'caset')"
cv_refused "two writers of one concentration" tests/cvode/conc_two.nrn \
    "cannot run with CVODE yet: it has two mechanisms that write 'cai' ('cadi' and 'caset')"
