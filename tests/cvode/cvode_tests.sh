# tests/cvode/cvode_tests.sh - CVODE beyond plain DERIVATIVE mechanisms,
# against NEURON's CVode (references: tests/ref/cvode_refs.py, NEURON's
# every step; our trace is interpolated at its times).  Sourced by
# tests/run.sh (pass, fail, compare, build, $NRNCC, $OUT, $CSVCMP).
#
# The tolerances: two CVODE runs at the same atol take different steps,
# so they agree to the global error, a small multiple of atol per unknown
# (atol is absolute for every unknown, v in mV and concentrations in mM
# alike); the assertions are a few times that.

# cv_counts NAME STATS REF_STATS [ENDS]: our steps and f evaluations within
# 1.5x of NEURON's (its advance_tn and function evaluations).  With ENDS
# = 1 our f evaluations count one more per step: NEURON's count has the
# evaluation at each step's end that puts the model in that state, which
# ours makes too (the step's sync) without counting it in --stats.
cv_counts() {
    local name=$1 ours=$2 ref=$3 ends=${4:-0}
    local s f ns nf
    s=$(sed -n 's/.*cvode: \([0-9]*\) steps, \([0-9]*\) f evaluations.*/\1/p' "$ours")
    f=$(sed -n 's/.*cvode: \([0-9]*\) steps, \([0-9]*\) f evaluations.*/\2/p' "$ours")
    ns=$(sed -n 's/^ *\([0-9]*\) advance_tn.*/\1/p' "$ref")
    nf=$(sed -n 's/^ *\([0-9]*\) function evaluations.*/\1/p' "$ref")
    local fc=$f fs=$f
    if [ "$ends" = 1 ] && [ -n "$s" ] && [ -n "$f" ]; then
        fc=$((f + s)) fs="$f + $s at the steps' ends"
    fi
    if [ -n "$s" ] && [ -n "$ns" ] && [ -n "$f" ] && [ -n "$nf" ] &&
        awk -v a="$s" -v b="$ns" -v c="$fc" -v d="$nf" \
            'BEGIN { exit !(a <= 1.5 * b && b <= 1.5 * a && c <= 1.5 * d && d <= 1.5 * c) }'; then
        pass "$name: steps $s (NEURON $ns), f evaluations $fs (NEURON $nf)"
    else
        echo "ours: steps $s f $f; NEURON: steps $ns f $nf" >>"$ours"
        fail "$name: step and f-evaluation counts within 1.5x of NEURON's" "$ours"
    fi
}

# cv_case NAME MODEL REF COLUMN:TOL_SAME:TOL_FINE ...: the model run at
# its own atol (1e-6) against NEURON's at the same atol, and at atol 1e-9
# (CVODE's converged answer) against the same NEURON trace.  The first
# comparison measures the two integrators' errors plus the error of
# interpolating our trace linearly between our steps (it dominates where
# the steps are long); the second measures NEURON's error alone, which
# must be a few atol (per unknown: v in mV, states and concentrations in
# their units alike), so it checks that our f is NEURON's.
cv_case() {
    local name=$1 model=$2 ref=$3
    shift 3
    if ! build "$name" "$model"; then
        fail "$name (build)" "$OUT/$name.log"
        return
    fi
    if ! "$OUT/$name.bin" -q -o "$OUT/$name" --stats 2>"$OUT/$name.stats" ||
        ! "$OUT/$name.bin" -q -o "$OUT/${name}_fine" atol=1e-9 2>>"$OUT/$name.stats"; then
        fail "$name (run)" "$OUT/$name.stats"
        return
    fi
    local c col same fine
    for c in "$@"; do
        col=${c%%:*} same=${c#*:} fine=${same#*:} same=${same%%:*}
        compare "$name" "$col" --interp --tol "$same" "$OUT/$name/traces.csv" "$ref/trace.csv" "$col=$col"
        compare "$name" "$col.fine" --interp --tol "$fine" "$OUT/${name}_fine/traces.csv" "$ref/trace.csv" "$col=$col"
    done
    cv_counts "$name" "$OUT/$name.stats" "$ref/stats.txt"
}

# a concentration written by a DERIVATIVE block (cadi's cai) as a CVODE
# unknown, with eca following it and caghk reading it
cv_case cv_conc tests/cvode/conc.nrn tests/ref/cvode_ghk "soma(0.5).v:0.02:0.005" "soma(0.5).eca:0.02:0.002" \
    "soma(0.5).cai:2e-6:5e-7" "soma(0.5).ica:1e-5:1e-6" "soma(0.5).m_caghk:1e-4:1e-5"

# KINETIC (kin3, its CONSERVE ignored as NEURON's CVode does) beside cadi
cv_case cv_kinetic tests/cvode/kinetic.nrn tests/ref/cvode_kinetic "a(0.5).v:0.005:0.001" \
    "a(0.5).o_kin3:2e-5:3e-6" "a(0.5).c1_kin3:5e-5:1e-5" "a(0.5).c2_kin3:5e-5:1e-5" "a(0.5).ina:5e-6:1e-6" \
    "b(0.5).v:0.02:0.01" "b(0.5).cai:1e-4:1e-5" "b(0.5).eca:0.02:0.005"

# KINETIC with COMPARTMENT sizes, fluxes, a two-reactant reaction and cai
# itself one of the scheme's STATEs (cabufk), fed by cahvt's current
cv_case cv_kinconc tests/cvode/kinconc.nrn tests/ref/cvode_kinconc "b(0.5).v:0.02:0.005" "b(0.5).eca:0.02:0.005" \
    "b(0.5).cai:2e-5:5e-6" "b(0.5).buf_cabufk:1e-5:2e-6" "b(0.5).cabf_cabufk:1e-5:2e-6" \
    "b(0.5).bound_cabufk:5e-6:5e-7"

# issue 5's "hh_axon and netstim_expsyn under CVODE", at atol 1e-5 (the
# tolerance of its spike criterion): the spikes within 5e-3 ms of NEURON's,
# the traces (an action potential's upstroke interpolated between our
# steps: a few 0.01 mV), the counts within 1.5x
cv_case cv_axon tests/cvode/axon.nrn tests/ref/cvode_axon "axon(0.5).v:0.1:0.01" "axon(0.9).v:0.1:0.01"
compare cv_axon spikes --spikes --tol 5e-3 "$OUT/cv_axon/spikes.csv" tests/ref/cvode_axon/spikes.csv
cv_case cv_netstim tests/cvode/netstim.nrn tests/ref/cvode_netstim "soma(0.5).v:0.1:0.01" "syn.g:1e-5:1e-6" \
    "syn.i:2e-3:2e-4"
compare cv_netstim spikes --spikes --tol 5e-3 "$OUT/cv_netstim/spikes.csv" tests/ref/cvode_netstim/spikes.csv

# what stays refused, with the reason and no output (the run's settings:
# --method cvode unless given)
cv_refused() { # cv_refused NAME MODEL PATTERN [SETTINGS...]
    local name=$1 model=$2 pat=$3 id
    shift 3
    [ $# -gt 0 ] || set -- --method cvode
    id=cv_refused_$(basename "$model" .nrn)
    rm -rf "$OUT/cv_refused"
    if build "$id" "$model"; then
        "$OUT/$id.bin" -o "$OUT/cv_refused" "$@" >"$OUT/cv_refused.out" 2>"$OUT/cv_refused.err"
        local rc=$?
        if [ $rc -eq 1 ] && grep -q -- "$pat" "$OUT/cv_refused.err" && [ ! -e "$OUT/cv_refused/traces.csv" ]; then
            pass "cvode refuses $name ($(sed 's/^[^:]*: //' "$OUT/cv_refused.err"))"
            return
        fi
        echo "exit $rc" >>"$OUT/cv_refused.err"
    fi
    fail "cvode refuses $name" "$OUT/cv_refused.err"
}
cv_refused "a STATE mechanism's concentration set in its BREAKPOINT only" tests/cvode/conc_nosyn.nrn \
    "cannot run with CVODE yet: it has a concentration ('cai') written by a mechanism with STATEs, neither a STATE nor assigned in a PROCEDURE or a DERIVATIVE or KINETIC block (mechanism 'cashell0'; NEURON's nocmodl rejects it too"
cv_refused "two writers of one concentration at one place" tests/cvode/conc_same.nrn \
    "cannot run with CVODE yet: it has two mechanisms that write 'cai' at one place ('cadi' and 'caset'; NEURON warns"
cv_refused "a SOLVE of a PROCEDURE" tests/cvode/procsv.nrn \
    "cannot run with CVODE yet: it has a SOLVE of a PROCEDURE without METHOD after_cvode (mechanism 'procsv'; NEURON's CVode refuses it too)"

# a concentration set by assignment: casyn's DERIVATIVE assigns cai = 2 ca
# (NEURON's synonym: the value goes into the ion whenever the unknowns go
# into the model, and after each evaluation of the block); tolerances as
# cv_conc's, ca_casyn half cai's
cv_case cv_synonym tests/cvode/synonym.nrn tests/ref/cvode_synonym "b(0.5).v:0.02:0.005" "b(0.5).cai:2e-5:1e-5" \
    "b(0.5).eca:0.02:0.005" "b(0.5).ca_casyn:1e-5:5e-6"
# cabuf's KINETIC block assigns cai = ca beside its STATEs (the golden
# kinetic model's buffer); tolerances as cv_kinconc's
cv_case cv_kinassign tests/cvode/kinassign.nrn tests/ref/cvode_kinassign "b(0.5).v:0.02:0.005" \
    "b(0.5).cai:2e-5:5e-6" "b(0.5).eca:0.02:0.005" "b(0.5).ca_cabuf:2e-5:5e-6" "b(0.5).cabf_cabuf:1e-5:2e-6" \
    "b(0.5).bound_cabuf:5e-6:5e-7"
# casetn's BREAKPOINT without currents sets cai = c0 + rate t before each
# step (NEURON's do_nonode), so cai lags a step behind t in both runs and
# they differ by rate (2e-4 mM/ms) times the steps' difference in length
# (the steps reach 0.25 ms): 5e-5 mM, 1.3 mV of eca at cai 1e-4 mM.  So
# the run at the same atol only (no counts: the lag's jumps make both
# integrators fail error tests, each its own number of times)
if build cv_nonode tests/cvode/nonode.nrn && "$OUT/cv_nonode.bin" -q -o "$OUT/cv_nonode" 2>"$OUT/cv_nonode.stats"; then
    compare cv_nonode v --interp --tol 0.05 "$OUT/cv_nonode/traces.csv" tests/ref/cvode_nonode/trace.csv "c(0.5).v=c(0.5).v"
    compare cv_nonode cai --interp --tol 5e-5 "$OUT/cv_nonode/traces.csv" tests/ref/cvode_nonode/trace.csv \
        "c(0.5).cai=c(0.5).cai"
    compare cv_nonode eca --interp --tol 1.5 "$OUT/cv_nonode/traces.csv" tests/ref/cvode_nonode/trace.csv \
        "c(0.5).eca=c(0.5).eca"
else
    fail "cv_nonode (build or run)" "$OUT/cv_nonode.log"
fi
# an array STATE: cadifr's ca[4] in a KINETIC scheme with per-shell
# COMPARTMENT sizes (NEURON's radial diffusion), cai assigned from ca[0]
# in the block; tolerances as cv_kinconc's
cv_case cv_radial tests/cvode/radial.nrn tests/ref/cvode_radial "b(0.5).v:0.02:0.005" "b(0.5).cai:2e-5:1e-5" \
    "b(0.5).eca:0.02:0.005" "b(0.5).ca_cadifr[0]:2e-5:1e-5" "b(0.5).ca_cadifr[1]:1e-5:5e-6" \
    "b(0.5).ca_cadifr[3]:5e-6:2e-6"
# a continuous play into v: as NEURON's CVode, v takes the played value at
# the play's times (events, with a restart) and follows its equation in
# between.  Each jump starts a fast transient (at 3.5 ms a spike from
# -30 mV), where the two integrators' errors are larger: tolerances as
# cv_watch's on its spikes (0.05 mV), m_hh's a few times its 2e-5
cv_case cv_playv tests/cvode/playv.nrn tests/ref/cvode_playv "soma(0.5).v:0.05:0.005" "soma(0.5).m_hh:1e-4:5e-5"
# two writers of cai in different places (cadi in a, caset's BREAKPOINT
# with its current in b): as NEURON, no conflict
cv_case cv_conctwo tests/cvode/conc_two.nrn tests/ref/cvode_conctwo "a(0.5).v:0.02:0.005" "a(0.5).cai:1e-4:1e-5" \
    "a(0.5).eca:0.02:0.005" "b(0.5).v:0.02:0.005" "b(0.5).cai:0:0" "b(0.5).eca:1e-12:1e-12"
# a BREAKPOINT without currents computing after its SOLVE: NEURON's CVode
# never runs those statements (x stays 0), nor do we.  NEURON takes 71
# steps for 5 ms here: its s is off the converged one by 80 atol (8e-5)
cv_case cv_nocur tests/cvode/nocur.nrn tests/ref/cvode_nocur "soma(0.5).v:0.005:0.001" "soma(0.5).s_nocur:1e-4:1e-4" \
    "soma(0.5).x_nocur:0:0"

# WATCH under CVODE: the active conditions are checked after every step,
# after the threshold detectors, and one that holds sends its event at the
# step's end (NEURON's default condition_order 1), so its times, like the
# spikes', agree with NEURON's to a step's length near the crossing: the
# spikes (on the upswing, steps of ~2e-3 ms) within 5e-3 ms as cvode_hh's,
# the WATCH times within 0.01 ms (wb's way down has steps of 8.5e-3 ms in
# both runs)
if build cv_watch tests/golden/watch.nrn &&
    "$OUT/cv_watch.bin" -q -o "$OUT/cv_watch" --method cvode atol=1e-6 --stats 2>"$OUT/cv_watch.stats"; then
    r=tests/ref/cvode_watch
    compare cv_watch spikes --spikes --tol 5e-3 "$OUT/cv_watch/spikes.csv" $r/spikes.csv
    compare cv_watch v --interp --tol 0.05 "$OUT/cv_watch/traces.csv" $r/trace.csv "a(0.5).v=a(0.5).v"
    # the last row: the counts equal, the WATCH events' times within 0.01 ms
    if awk -F, 'FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
                { last[FILENAME] = $0 }
                END { n = 0
                      for (f in last) { split(last[f], v, ","); file[n++] = f; for (k in col) { split(k, p, SUBSEP)
                          if (p[1] == f) val[n - 1, p[2]] = v[col[k]] } }
                      split("wa.count wb.count wa.tlast wa.tdown wb.tlast wb.tdown", names, " ")
                      for (j = 1; j <= 6; j++) { d = val[0, names[j]] - val[1, names[j]]; if (d < 0) d = -d
                          tol = j <= 2 ? 0 : 0.01
                          printf "%s: %s vs %s\n", names[j], val[0, names[j]], val[1, names[j]]
                          if (!(d <= tol)) bad = 1 }
                      exit bad }' "$OUT/cv_watch/traces.csv" $r/trace.csv >"$OUT/cv_watch.last" 2>&1; then
        pass "cv_watch: the WATCH counts and times ($(tr '\n' ' ' <"$OUT/cv_watch.last" | cut -c1-120)...)"
    else
        fail "cv_watch: the WATCH counts and times" "$OUT/cv_watch.last"
    fi
    cv_counts cv_watch "$OUT/cv_watch.stats" $r/stats.txt
else
    fail "cvode: WATCH (build or run)" "$OUT/cv_watch.log"
fi
# LINEAR and NONLINEAR blocks a BREAKPOINT solves: NEURON 8.2.2 refuses
# them under CVode too ("linnl cannot be used with CVODE")
cv_refused "a BREAKPOINT's LINEAR block" tests/golden/linnl.nrn \
    "cannot run with CVODE yet: it has a SOLVE of a LINEAR block in its BREAKPOINT (mechanism 'linnl'; NEURON's CVode refuses it too)"

# SaveState with CVODE (cvode_hh, atol 1e-5): --save-at 5 stops the run
# exactly at 5 ms and saves there (the run goes on without a restart);
# --restore starts CVODE afresh from the saved state, as NEURON's CVode
# must be after SaveState.restore (CVode.re_init).  So the restored run
# starts from the saved row exactly, agrees with NEURON's restored run to
# the tolerance (0.02 mV: a few times the 1e-5 atol's differences, as
# cvode_hh's), and with the saved run's own continuation to the same
# tolerance, not to the bit (a fresh start takes other steps).
if build cv_ss tests/golden/cvode_hh.nrn && "$OUT/cv_ss.bin" -q -o "$OUT/cv_ss_a" --save-at 5 --save "$OUT/cv_ss.state" &&
    "$OUT/cv_ss.bin" -q -o "$OUT/cv_ss_b" --restore "$OUT/cv_ss.state" --stats 2>"$OUT/cv_ss.stats"; then
    if grep -q "cvode: " "$OUT/cv_ss.stats" && [ "$(sed -n 2p "$OUT/cv_ss_b/traces.csv")" = "$(grep '^5,' "$OUT/cv_ss_a/traces.csv")" ]; then
        pass "cv_ss: the restored run is CVODE's and starts from the saved row ($(sed -n 2p "$OUT/cv_ss_b/traces.csv"))"
    else
        fail "cv_ss: the restored run is CVODE's and starts from the saved row" "$OUT/cv_ss.stats"
    fi
    compare cv_ss neuron --interp --tol 0.02 "$OUT/cv_ss_b/traces.csv" tests/ref/cvode_savestate/restored.csv \
        "soma(0.5).v=soma(0.5).v"
    awk -F, 'NR == 1 || $1 >= 5' "$OUT/cv_ss_a/traces.csv" >"$OUT/cv_ss_a5.csv"
    compare cv_ss continued --interp --tol 0.02 "$OUT/cv_ss_b/traces.csv" "$OUT/cv_ss_a5.csv" "soma(0.5).v=soma(0.5).v"
else
    fail "cvode: --save-at and --restore" "$OUT/cv_ss.stats"
fi

# BEFORE/AFTER blocks under CVODE, where NEURON runs them (bacv, whose
# blocks depend on the present state only): BEFORE BREAKPOINT once per
# f evaluation before the currents (its ebb drives the current, so v
# shows it), AFTER SOLVE at the end of each evaluation, BEFORE STEP before
# each recorded row (its t and v are the row's, exactly), BEFORE/AFTER
# INITIAL in finitialize (ninit 11).  Tolerances as cv_conc's.
cv_case cv_ba tests/cvode/beforeafter.nrn tests/ref/cvode_beforeafter "soma(0.5).v:0.01:0.005" \
    "soma(0.5).ebb_bacv:0.005:0.0025" "soma(0.5).ninit_bacv:0:0"
if awk -F, 'NR > 1 && ($1 != $4 || $2 != $5) { bad = 1; print "row " NR ": " $0 } END { exit bad }' \
    "$OUT/cv_ba/traces.csv" >"$OUT/cv_ba.rows" && [ -s "$OUT/cv_ba/traces.csv" ]; then
    pass "cv_ba: BEFORE STEP ran before every row ($(($(wc -l <"$OUT/cv_ba/traces.csv") - 1)) rows: its t and v are the row's)"
else
    fail "cv_ba: BEFORE STEP ran before every row" "$OUT/cv_ba.rows"
fi
# (LONGITUDINAL_DIFFUSION: tests/cvode/longdiff_tests.sh)
