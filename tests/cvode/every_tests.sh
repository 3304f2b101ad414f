# tests/cvode/every_tests.sh - `record_every` under CVODE against NEURON's
# Vector.record(&x, Dt) under CVode (reference: tests/ref/cvode_refs.py,
# every: tests/cvode/netstim.nrn recorded every 0.1 ms).  Sourced by
# tests/run.sh (pass, fail, compare, build, $NRNCC, $OUT, $CSVCMP).

ev_counts() { # the "N steps, N f evaluations" of a --stats file
    sed -n 's/.*cvode: \([0-9]*\) steps, \([0-9]*\) f evaluations.*/\1 \2/p' "$1"
}

if ! build cv_every tests/cvode/every.nrn || ! build cv_every_ns tests/cvode/netstim.nrn; then
    fail "cv_every (build)" "$OUT/cv_every.log"
elif ! "$OUT/cv_every.bin" -q -o "$OUT/cv_every" --stats 2>"$OUT/cv_every.stats" ||
    ! "$OUT/cv_every_ns.bin" -q -o "$OUT/cv_every_ns" --stats 2>"$OUT/cv_every_ns.stats"; then
    fail "cv_every (run)" "$OUT/cv_every.stats"
else
    # the same rows as NEURON's, at the same times to the bit (0, 0.1, 0.1
    # + 0.1, ... summed, none at tstop); the values are CVODE's
    # interpolation within our steps against NEURON's within its own, so
    # they agree to about 1e-3 mV, 4e-8 uS and 1e-5 nA (tolerances ten times that)
    compare cv_every v --ttol 0 --tol 0.01 "$OUT/cv_every/traces.csv" tests/ref/cvode_every/trace.csv \
        "soma(0.5).v=soma(0.5).v"
    compare cv_every syn.g --ttol 0 --tol 1e-6 "$OUT/cv_every/traces.csv" tests/ref/cvode_every/trace.csv "syn.g=syn.g"
    compare cv_every syn.i --ttol 0 --tol 1e-4 "$OUT/cv_every/traces.csv" tests/ref/cvode_every/trace.csv "syn.i=syn.i"
    compare cv_every spikes --spikes --tol 5e-3 "$OUT/cv_every/spikes.csv" tests/ref/cvode_every/spikes.csv
    # the rows are interpolated, so the steps are those of the run that
    # records every step: the same counts and the same spikes to the bit
    a=$(ev_counts "$OUT/cv_every.stats") b=$(ev_counts "$OUT/cv_every_ns.stats")
    ns=$(sed -n 's/^ *\([0-9]*\) advance_tn.*/\1/p' tests/ref/cvode_every/stats.txt)
    if [ -n "$a" ] && [ "$a" = "$b" ] && cmp -s "$OUT/cv_every/spikes.csv" "$OUT/cv_every_ns/spikes.csv"; then
        pass "cv_every: steps and f evaluations as without record_every ($a; NEURON: $ns steps)"
    else
        echo "with record_every: $a; without: $b" >>"$OUT/cv_every.stats"
        fail "cv_every: steps and f evaluations as without record_every" "$OUT/cv_every.stats"
    fi
    # --save-at and --restore: the restored run (CVODE started afresh, as
    # without record_every) writes the rows after the saved time at the
    # saving run's times exactly (the sums from 0), no row repeated, and
    # agrees with the saving run's rows to the tolerance (1.3e-3 mV)
    if "$OUT/cv_every.bin" -q -o "$OUT/cv_every_a" --save-at 50 --save "$OUT/cv_every.state" &&
        "$OUT/cv_every.bin" -q -o "$OUT/cv_every_b" --restore "$OUT/cv_every.state" 2>"$OUT/cv_every_b.err"; then
        awk -F, 'NR == 1 || $1 > 50' "$OUT/cv_every_a/traces.csv" >"$OUT/cv_every_a50.csv"
        compare cv_every restored --ttol 0 --tol 0.01 "$OUT/cv_every_b/traces.csv" "$OUT/cv_every_a50.csv" \
            "soma(0.5).v=soma(0.5).v"
    else
        fail "cv_every: --save-at and --restore" "$OUT/cv_every_b.err"
    fi
    # (--method fixed: tests/recdt/recdt_tests.sh, against NEURON's fixed step)
fi

# BEFORE/AFTER blocks with record_every (bacv): a row is the model after
# an evaluation of f at its time, as NEURON's CVode evaluates f after
# interpolating (BEFORE BREAKPOINT's ebb follows the row's v: 1.3e-5 mV
# from NEURON's), and the BEFORE STEP blocks run before each step, after
# the rows the step passed: a row's tbs and vbs are the t and v of the
# last step end before it, which the run without record_every (the same
# steps) has as its rows
if ! build cv_ba_every tests/cvode/beforeafter_every.nrn || ! build cv_ba_steps tests/cvode/beforeafter.nrn ||
    ! "$OUT/cv_ba_every.bin" -q -o "$OUT/cv_ba_every" || ! "$OUT/cv_ba_steps.bin" -q -o "$OUT/cv_ba_steps"; then
    fail "cv_ba_every (build, run)" "$OUT/cv_ba_every.log"
else
    compare cv_ba_every v --ttol 0 --tol 2.5e-4 "$OUT/cv_ba_every/traces.csv" \
        tests/ref/cvode_beforeafter_every/trace.csv "soma(0.5).v=soma(0.5).v"
    compare cv_ba_every ebb --ttol 0 --tol 1.3e-4 "$OUT/cv_ba_every/traces.csv" \
        tests/ref/cvode_beforeafter_every/trace.csv "soma(0.5).ebb_bacv=soma(0.5).ebb_bacv" \
        "soma(0.5).ninit_bacv=soma(0.5).ninit_bacv"
    if awk -F, 'FNR == 1 { next }
        NR == FNR { n++; s[n] = $1 + 0; v[n] = $2; next }
        $1 + 0 > 0 { best = 0
            for (i = 1; i <= n; i++) if (s[i] < $1 + 0) best = i
            if (!best || s[best] != $4 + 0 || v[best] != $5) { print "row t = " $1 ": " $4 ", " $5; bad++ }
            rows++ }
        END { print rows " rows, " bad + 0 " bad"; exit bad > 0 || rows < 90 }' \
        "$OUT/cv_ba_steps/traces.csv" "$OUT/cv_ba_every/traces.csv" >"$OUT/cv_ba_every.rows"; then
        pass "cv_ba_every: BEFORE STEP before each step, after its rows ($(tail -n 1 "$OUT/cv_ba_every.rows"))"
    else
        fail "cv_ba_every: BEFORE STEP before each step, after its rows" "$OUT/cv_ba_every.rows"
    fi
fi

# rows at the times of discontinuities (an IClamp pulse's start and end)
# and of events (NetStim into ExpSyn): at those times exactly, with the
# values after them as NEURON's (st.i 0.3 at 1 ms, 0 at 1.5 ms; syn.g
# stepped up at 1.5, 2.25 and 3 ms): v within 2.8e-3 mV, g 1.1e-8 uS
if simulate cv_every_pulse tests/cvode/every_pulse.nrn; then
    compare cv_every_pulse v --ttol 0 --tol 0.03 "$OUT/cv_every_pulse/traces.csv" \
        tests/ref/cvode_every_pulse/trace.csv "soma(0.5).v=soma(0.5).v"
    compare cv_every_pulse st.i,syn.g --ttol 0 --tol 1e-7 "$OUT/cv_every_pulse/traces.csv" \
        tests/ref/cvode_every_pulse/trace.csv "st.i=st.i" "syn.g=syn.g"
else
    fail "cv_every_pulse (build, run)" "$OUT/cv_every_pulse.log"
fi
