# tests/recdt/recdt_tests.sh - `record ... every X` with the fixed step
# against NEURON's Vector.record(&x, Dt) (references: tests/ref/recdt_refs.py).
# Sourced by tests/run.sh (pass, fail, compare, simulate, $NRNCC, $OUT).

# two cells, a NetStim: the rows at 0, 0.1, 0.1 + 0.1 ... to the bit, each
# taken when its event is delivered (the 0.4 ms row already has the
# synapse's jump of the NetCon event at 0.39 ms, delivered in the same window)
if ! simulate recdt_every tests/recdt/every.nrn; then
    fail "recdt_every (build and run)" "$OUT/recdt_every.log"
else
    compare recdt_every trace --ttol 0 --tol 0 "$OUT/recdt_every/traces.csv" tests/ref/recdt_every/traces.csv \
        "a(0.5).v=a(0.5).v" "syn.g=syn.g" "b(0.5).v=b(0.5).v" "synb.g=synb.g"
    compare recdt_every spikes --spikes --tol 0 "$OUT/recdt_every/spikes.csv" tests/ref/recdt_every/spikes.csv
    # the rows do not depend on the threads
    ok=1
    for n in 2 3; do
        rm -rf "$OUT/recdt_every_t$n"
        "$OUT/recdt_every.bin" -q -o "$OUT/recdt_every_t$n" --threads $n >>"$OUT/recdt_every.log" 2>&1 || ok=0
        for f in traces.csv spikes.csv; do
            cmp -s "$OUT/recdt_every/$f" "$OUT/recdt_every_t$n/$f" || ok=0
        done
    done
    if [ $ok -eq 1 ]; then
        pass "recdt_every --threads 2 and 3: the same files as one thread"
    else
        fail "recdt_every --threads 2 and 3: the same files as one thread" "$OUT/recdt_every.log"
    fi
    # SaveState in the middle: the restored run writes the rows after the
    # saved time, the same bytes as the run that was never stopped (the
    # rows' events are in the saved queue)
    rm -rf "$OUT/recdt_every_a" "$OUT/recdt_every_b"
    if "$OUT/recdt_every.bin" -q -o "$OUT/recdt_every_a" --save-at 1.5 --save "$OUT/recdt_every.state" \
        >>"$OUT/recdt_every.log" 2>&1 &&
        "$OUT/recdt_every.bin" -q -o "$OUT/recdt_every_b" --restore "$OUT/recdt_every.state" \
            >>"$OUT/recdt_every.log" 2>&1; then
        awk -F, 'NR == 1 || $1 > 1.5' "$OUT/recdt_every/traces.csv" >"$OUT/recdt_every_after.csv"
        if [ "$(wc -l <"$OUT/recdt_every_after.csv")" -gt 10 ] &&
            cmp -s "$OUT/recdt_every_after.csv" "$OUT/recdt_every_b/traces.csv"; then
            pass "recdt_every --restore: the rows after the saved time, bitwise"
        else
            fail "recdt_every --restore: the rows after the saved time, bitwise" "$OUT/recdt_every.log"
        fi
    else
        fail "recdt_every --save-at / --restore (run)" "$OUT/recdt_every.log"
    fi
fi

# tests/cvode/every.nrn (record_every = 0.1 ms in its run block) with
# --method fixed: NEURON's fixed-step Vector.record(&x, 0.1) over 100 ms
if ! build recdt_netstim tests/cvode/every.nrn ||
    ! "$OUT/recdt_netstim.bin" -q -o "$OUT/recdt_netstim" --method fixed >>"$OUT/recdt_netstim.log" 2>&1; then
    fail "recdt_netstim (build and run)" "$OUT/recdt_netstim.log"
else
    compare recdt_netstim trace --ttol 0 --tol 0 "$OUT/recdt_netstim/traces.csv" tests/ref/recdt_netstim/traces.csv \
        "soma(0.5).v=soma(0.5).v" "syn.g=syn.g" "syn.i=syn.i"
    compare recdt_netstim spikes --spikes --tol 0 "$OUT/recdt_netstim/spikes.csv" tests/ref/recdt_netstim/spikes.csv
fi

# `record forall v every 0.5 ms` beside `record st.i every 0.5 ms`: one
# row every 0.5 ms (sums of 0.5 are exact: 0, 0.5, ..., 3), a column per
# segment, the same values as the segments' own records every step
if ! simulate recdt_forall tests/recdt/forall.nrn; then
    fail "recdt_forall (build and run)" "$OUT/recdt_forall.log"
elif [ "$(cut -d, -f1 "$OUT/recdt_forall/traces.csv" | tr '\n' ' ')" != "t 0 0.5 1 1.5 2 2.5 3 " ] ||
    [ "$(head -n 1 "$OUT/recdt_forall/traces.csv")" != "t,soma(0.16666666666666666).v,soma(0.5).v,soma(0.8333333333333334).v,st.i" ]; then
    fail "recdt_forall: rows every 0.5 ms, a column per segment" "$OUT/recdt_forall/traces.csv"
else
    sed -e 's/^record forall v every 0.5 ms$/record soma(0.16666666666666666).v, soma(0.5).v, soma(0.8333333333333334).v/' \
        -e 's/^record st.i every 0.5 ms$/record st.i/' tests/recdt/forall.nrn >"$OUT/recdt_forall_steps.nrn"
    if simulate recdt_forall_steps "$OUT/recdt_forall_steps.nrn"; then
        # (each every-row is the state of the step nearest its time: the
        # step's t differs from the row's by the sum's rounding, < 1e-9)
        compare recdt_forall "rows = the every-step run's" --tol 0 --ttol 1e-9 --match-t \
            "$OUT/recdt_forall_steps/traces.csv" "$OUT/recdt_forall/traces.csv" \
            "soma(0.16666666666666666).v=soma(0.16666666666666666).v" "soma(0.5).v=soma(0.5).v" "st.i=st.i"
    else
        fail "recdt_forall_steps (build and run)" "$OUT/recdt_forall_steps.log"
    fi
fi
