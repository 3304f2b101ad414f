# tests/export/export_tests.sh - nrncc-export (nrncc-export(1)): models from
# NEURON; sourced by tests/run.sh, whose pass/fail/skip, $NRNCC, $OUT and
# $CSVCMP it uses.
#
# Round trips: five scripts of ../shared/oracle run in NEURON through the
# exporter (copies in $OUT, so the oracle's outputs are not rewritten); the
# exported .nrn compiled by nrncc gives NEURON's numbers (tests/ref, 1e-9).
# Warnings for what a model file cannot say; errors: a failing script, -o
# into a missing folder (a clear message, status 1, no file).

X=$OUT/export
mkdir -p "$X"
XA=$(cd "$X" && pwd)
ORACLE=../shared/oracle
# a Python that has NEURON
NRN_PY=
for p in ${NRNCC_PYTHON:-} python3 /usr/bin/python3; do
    if "$p" -c "import neuron" >/dev/null 2>&1; then NRN_PY=$p; break; fi
done
# export SCRIPT OUT.nrn [options]: the exporter's stderr in OUT.nrn.err
export_model() {
    local script=$1 out=$2
    shift 2
    PYTHONPATH=tools/nrncc_export "$NRN_PY" -m nrncc_export "$script" -o "$out" "$@" \
        >"$out.out" 2>"$out.err"
}

if [ -z "$NRN_PY" ]; then
    skip "nrncc-export" "no Python with NEURON (Debian: python3-neuron)"
else
    # ---- round trips of the oracle's cases -------------------------------------------
    if [ ! -d "$ORACLE" ]; then
        skip "nrncc-export round trips" "no $ORACLE"
    else
        mkdir -p "$X/oracle"
        cp "$ORACLE"/common.py "$X/oracle/"
        ln -sfn "$(cd "$ORACLE/.." && pwd)/morphologies" "$X/morphologies"
        # CASE|exporter options|csvcmp runs (REF:columns, ';'-separated)
        while IFS='|' read -r case opts cmps; do
            [ -n "$case" ] || continue
            if [ ! -f "$ORACLE/$case.py" ]; then skip "export $case" "no $ORACLE/$case.py"; continue; fi
            if [ "$case" = swc_cell ] && [ ! -e "$ORACLE/../morphologies/control-1-wt.CNG.swc" ]; then
                skip "export $case" "no ../shared/morphologies"
                continue
            fi
            cp "$ORACLE/$case.py" "$X/oracle/"
            eval "set -- $opts"
            if ! export_model "$X/oracle/$case.py" "$X/$case.nrn" "$@"; then
                fail "export $case (the exporter)" "$X/$case.nrn.err"
                continue
            fi
            if ! "$NRNCC" "$X/$case.nrn" -o "$X/$case.bin" >"$X/$case.log" 2>&1 ||
                ! "$X/$case.bin" -q -o "$X/$case" >>"$X/$case.log" 2>&1; then
                fail "export $case (nrncc or the run)" "$X/$case.log"
                continue
            fi
            # the exporter's hooks change nothing in NEURON's own run
            if cmp -s "$X/oracle/$case/trace.csv" "$ORACLE/$case/trace.csv"; then
                pass "export $case: NEURON's run under the exporter is byte-identical to the oracle's"
            else
                fail "export $case: NEURON's run under the exporter differs from the oracle's"
            fi
            IFS=';' read -r -a runs <<<"$cmps"
            for r in "${runs[@]}"; do
                read -r -a w <<<"$r"
                kind=${w[0]} ref=${w[1]}
                # shellcheck disable=SC2046
                case $kind in
                trace) compare "export_$case" "trace" "$X/$case/traces.csv" "tests/ref/$ref" "${w[@]:2}" ;;
                final) compare "export_$case" "final_v" --match-t "$X/$case/traces.csv" "tests/ref/$ref" \
                    $(head -n 1 "tests/ref/$ref" | tr ',' '\n' | tail -n +2 | sed 's/.*/&=&/') ;;
                spikes) compare "export_$case" "spikes" --spikes "$X/$case/spikes.csv" "tests/ref/$ref" ;;
                esac
            done
        done <<'CASES'
spike_demo|--record 'soma(0.5).v'|trace spike_demo/trace.csv soma(0.5).v=v
two_cells|--record 'Cell[0].soma(0.5).v' --record 'Cell[1].soma(0.5).v' --record syn.g --record-spikes|trace two_cells/trace.csv Cell_0_soma(0.5).v=v1 Cell_1_soma(0.5).v=v2 syn.g=syn_g;spikes two_cells/spikes.csv
netstim_expsyn|--record 'soma(0.5).v' --record syn.g --record syn.i --record-spikes|trace netstim_expsyn/trace.csv soma(0.5).v=v syn.g=syn_g syn.i=syn_i;spikes netstim_expsyn/spikes.csv
pyramid_seed|--record 'soma(0.5).v' --record 'forall v'|trace pyramid_seed/trace.csv soma(0.5).v=v;final pyramid_seed/final_v.csv
swc_cell|--record 'soma[0](0.5).v' --record 'apic[104](0.5).v' --record 'forall v'|trace swc_cell/trace.csv soma[0](0.5).v=soma[0](0.5).v apic[104](0.5).v=apic[104](0.5).v;final swc_cell/final_v.csv
CASES
        # CVode: the method and its tolerances; the run's end after tstop is said
        if [ -f "$ORACLE/cvode_hh.py" ]; then
            cp "$ORACLE/cvode_hh.py" "$X/oracle/"
            if export_model "$X/oracle/cvode_hh.py" "$X/cvode_hh.nrn" --record 'soma(0.5).v' &&
                grep -q "^    method = cvode { atol = 0.001  rtol = 0 }$" "$X/cvode_hh.nrn" &&
                ! grep -q "^    dt = " "$X/cvode_hh.nrn" &&
                grep -q "^nrncc-export: warning: the variable-step run ended at t = 10.03868222 ms, after the time the script asked for: give the run's length with --tstop$" "$X/cvode_hh.nrn.err" &&
                export_model "$X/oracle/cvode_hh.py" "$X/cvode_hh10.nrn" --record 'soma(0.5).v' --tstop 10 &&
                grep -q "^    tstop = 10 ms$" "$X/cvode_hh10.nrn" && ! grep -q "warning:.*--tstop" "$X/cvode_hh10.nrn.err" &&
                "$NRNCC" "$X/cvode_hh10.nrn" -o "$X/cvode_hh.bin" >"$X/cvode_hh.log" 2>&1; then
                pass "export cvode_hh: method = cvode with NEURON's tolerances; --tstop for a variable-step run"
            else
                fail "export cvode_hh" "$X/cvode_hh.nrn.err"
            fi
        fi
    fi

    # ---- a model of our own: what varies along sections, ions, globals, synapses -----
    cols=("soma(0.5).v" "dend(0.9).v" "axon(1).v" "spine_2(1).v" "e2.g" "es.i" "fire.m")
    recs=()
    for c in "${cols[@]}"; do recs+=(--record "$c"); done
    if EXPORT_TRACE=$XA/features_ref.csv export_model tests/export/features.py "$X/features.nrn" \
        "${recs[@]}" --record-spikes &&
        "$NRNCC" "$X/features.nrn" -o "$X/features.bin" >"$X/features.log" 2>&1 &&
        "$X/features.bin" -q -o "$X/features" >>"$X/features.log" 2>&1; then
        # shellcheck disable=SC2046
        compare export_features trace "$X/features/traces.csv" "$X/features_ref.csv" \
            $(for c in "${cols[@]}"; do echo "$c=$c"; done)
    else
        fail "export features (exporter, nrncc or the run)" "$X/features.log"
    fi

    # ---- ion_style and arcs NEURON scaled (L set after pt3d): ion_style(), arc3d() ------
    icols=("soma(0.5).v" "soma(0.5).ena" "axon(0.9).v" "dend(0.9).v")
    irecs=()
    for c in "${icols[@]}"; do irecs+=(--record "$c"); done
    if EXPORT_TRACE=$XA/ionstyle_ref.csv export_model tests/export/ionstyle.py "$X/ionstyle.nrn" "${irecs[@]}" &&
        grep -q '^    ion_style("na_ion", 1, 2, 1, 1, 0)$' "$X/ionstyle.nrn" &&
        [ "$(grep -c 'ion_style(' "$X/ionstyle.nrn")" -eq 1 ] &&
        [ "$(grep -c '^    arc3d(0, ' "$X/ionstyle.nrn")" -eq 1 ] &&
        "$NRNCC" "$X/ionstyle.nrn" -o "$X/ionstyle.bin" >"$X/ionstyle.log" 2>&1 &&
        "$X/ionstyle.bin" -q -o "$X/ionstyle" >>"$X/ionstyle.log" 2>&1; then
        # shellcheck disable=SC2046
        compare export_ionstyle trace "$X/ionstyle/traces.csv" "$X/ionstyle_ref.csv" \
            $(for c in "${icols[@]}"; do echo "$c=$c"; done)
    else
        cat "$X/ionstyle.nrn.err" >>"$X/ionstyle.log" 2>/dev/null
        fail "export ionstyle (exporter, its ion_style and arc3d lines, nrncc or the run)" "$X/ionstyle.log"
    fi

    # ---- mechanisms of .mod files: use "...", globals, a calcium pool, an artificial cell --
    REL=/usr/share/nrn/demo/release
    if [ ! -d "$REL" ] || [ ! -f "$ORACLE/build-mods.sh" ] || ! command -v nrnivmodl >/dev/null 2>&1; then
        skip "export mods" "needs $REL, nrnivmodl and $ORACLE/build-mods.sh"
    else
        rm -rf "$X/mods"
        mkdir -p "$X/mods"
        cp "$REL"/*.mod "$X/mods/"
        mcols=("a(0.5).v" "a(0.5).cai" "a(0.5).cao" "b(0.5).v" "b(0.5).S_cachan1" "f.m")
        mrecs=()
        for c in "${mcols[@]}"; do mrecs+=(--record "$c"); done
        if lib=$(bash "$ORACLE/build-mods.sh" "$XA/mods" 2>"$X/mods.log") &&
            EXPORT_MODLIB=$lib EXPORT_TRACE=$XA/mods_ref.csv export_model tests/export/mods.py "$X/mods.nrn" \
                --mod-dir "$REL" "${mrecs[@]}" &&
            grep -q "^use \"$REL/cabpump.mod\"$" "$X/mods.nrn" && grep -q "^pump0_cadifpmp = 1e-14$" "$X/mods.nrn" &&
            "$NRNCC" "$X/mods.nrn" -o "$X/mods.bin" >>"$X/mods.log" 2>&1 &&
            "$X/mods.bin" -q -o "$X/mods_run" >>"$X/mods.log" 2>&1; then
            # shellcheck disable=SC2046
            compare export_mods trace "$X/mods_run/traces.csv" "$X/mods_ref.csv" \
                $(for c in "${mcols[@]}"; do echo "$c=$c"; done)
        else
            cat "$X/mods.nrn.err" >>"$X/mods.log" 2>/dev/null
            fail "export mods (build, exporter, nrncc or the run)" "$X/mods.log"
        fi
    fi

    # ---- POINTERs on a segment's v (gap junctions): setpointer lines -----------------
    if [ ! -f "$ORACLE/build-mods.sh" ] || ! command -v nrnivmodl >/dev/null 2>&1; then
        skip "export pointer" "needs nrnivmodl and $ORACLE/build-mods.sh"
    else
        rm -rf "$X/ptrmods"
        mkdir -p "$X/ptrmods"
        cp tests/mods/gapj.mod "$X/ptrmods/"
        pcols=("a(0.5).v" "b(0.5).v" "d(1).v" "ga.i")
        precs=()
        for c in "${pcols[@]}"; do precs+=(--record "$c"); done
        if lib=$(bash "$ORACLE/build-mods.sh" "$XA/ptrmods" 2>"$X/pointer.log") &&
            EXPORT_MODLIB=$lib EXPORT_TRACE=$XA/pointer_ref.csv export_model tests/export/pointer.py \
                "$X/pointer.nrn" --mod-dir tests/mods "${precs[@]}" &&
            grep -q "^setpointer ga.vgap, d(1).v$" "$X/pointer.nrn" &&
            grep -q "^setpointer gb.vgap, a(0.5).v$" "$X/pointer.nrn" &&
            [ "$(grep -c "^setpointer" "$X/pointer.nrn")" -eq 2 ] && ! grep -q "warning" "$X/pointer.nrn.err" &&
            "$NRNCC" "$X/pointer.nrn" -o "$X/pointer.bin" >>"$X/pointer.log" 2>&1 &&
            "$X/pointer.bin" -q -o "$X/pointer_run" >>"$X/pointer.log" 2>&1; then
            # shellcheck disable=SC2046
            compare export_pointer trace "$X/pointer_run/traces.csv" "$X/pointer_ref.csv" \
                $(for c in "${pcols[@]}"; do echo "$c=$c"; done)
        else
            cat "$X/pointer.nrn.err" >>"$X/pointer.log" 2>/dev/null
            fail "export pointer (build, exporter, its setpointer lines, nrncc or the run)" "$X/pointer.log"
        fi
    fi

    # ---- nrncc_export.write() from a running script; the bin/nrncc-export wrapper ------
    if EXPORT_NRN=$XA/write_call.nrn PYTHONPATH=tools/nrncc_export "$NRN_PY" tests/export/write_call.py \
        >"$X/write_call.out" 2>"$X/write_call.err" && grep -q "^warnings: 0$" "$X/write_call.out" &&
        "$NRNCC" "$X/write_call.nrn" -o "$X/write_call.bin" >"$X/write_call.log" 2>&1 &&
        "$X/write_call.bin" -q -o "$X/write_call" >>"$X/write_call.log" 2>&1; then
        compare export_write_call trace "$X/write_call/traces.csv" tests/ref/spike_demo/trace.csv "soma(0.5).v=v"
    else
        cat "$X/write_call.out" "$X/write_call.err" >>"$X/write_call.log" 2>/dev/null
        fail "export: write() from a script" "$X/write_call.log"
    fi
    WRAP=$(dirname "$NRNCC")/nrncc-export
    if [ ! -x "$WRAP" ]; then
        skip "bin/nrncc-export" "no $WRAP"
    elif NRNCC_PYTHON=$NRN_PY "$WRAP" tests/export/features.py -o "$X/wrap.nrn" "${recs[@]}" --record-spikes \
        >"$X/wrap.out" 2>"$X/wrap.err" && cmp -s "$X/wrap.nrn" "$X/features.nrn"; then
        pass "bin/nrncc-export writes what python3 -m nrncc_export writes"
    else
        diff "$X/wrap.nrn" "$X/features.nrn" >>"$X/wrap.err" 2>&1
        fail "bin/nrncc-export" "$X/wrap.err"
    fi

    # ---- warnings: what a model file cannot say is listed, never dropped -------------
    if export_model tests/export/warnings.py "$X/warnings.nrn" --record 'soma(0.5).v' &&
        grep -q "^nrncc-export: warning: 1 Vector.play (time series driving variables): not exported" "$X/warnings.nrn.err" &&
        grep -q "^nrncc-export: warning: 1 FInitializeHandler (Python or hoc callbacks at initialisation): not exported" "$X/warnings.nrn.err" &&
        grep -q "^nrncc-export: warning: NetStim\[0\] has noise = 0.5: its random stream is not exported" "$X/warnings.nrn.err" &&
        grep -q "^nrncc-export: warning: 1 CVode.event callback: not exported" "$X/warnings.nrn.err" &&
        [ "$(grep -c warning: "$X/warnings.nrn.err")" -eq 4 ] &&
        "$NRNCC" "$X/warnings.nrn" -o "$X/warnings.bin" >>"$X/warnings.nrn.err" 2>&1; then
        pass "export: warnings for a Vector.play, two Python callbacks, a random stream; the rest compiles ($(grep -c warning: "$X/warnings.nrn.err") lines)"
    else
        fail "export: warnings" "$X/warnings.nrn.err"
    fi

    # ---- errors: a clear message, status 1, nothing written --------------------------
    export_error() { # NAME EXPECTED-MESSAGE SCRIPT OUT [options]
        local name=$1 msg=$2 script=$3 out=$4
        shift 4
        rm -f "$out"
        PYTHONPATH=tools/nrncc_export "$NRN_PY" -m nrncc_export "$script" -o "$out" "$@" \
            >"$X/err_$name.out" 2>"$X/err_$name.err"
        local rc=$?
        if [ $rc -eq 1 ] && grep -qF -- "$msg" "$X/err_$name.err" && [ ! -e "$out" ] &&
            [ -z "$(find "$(dirname "$out")" -maxdepth 1 -name '.nrncc-export.*' 2>/dev/null)" ]; then
            pass "export error: $name (status 1, no file)"
        else
            echo "status $rc" >>"$X/err_$name.err"
            fail "export error: $name" "$X/err_$name.err"
        fi
    }
    export_error "a script that fails" "nrncc-export: error: fails.py failed (ValueError: " \
        tests/export/fails.py "$X/fails.nrn"
    export_error "-o into a missing folder" "nrncc-export: error: cannot write '$X/no/such/m.nrn': no such directory" \
        tests/export/warnings.py "$X/no/such/m.nrn"
    export_error "--record of a name the model lacks" \
        "nrncc-export: error: cannot record 'apic(0.5).v': the model has no section or point process named 'apic'" \
        tests/export/features.py "$X/badrec.nrn" --record 'apic(0.5).v'
    export_error "a section connected by its 1 end" "nrncc-export: error: section b is connected by its 1 end" \
        tests/export/orient.py "$X/orient.nrn"
    export_error "a ChannelBuilder channel" \
        "nrncc-export: error: mechanism 'kst' is a ChannelBuilder channel (KSChan), not a .mod file" \
        tests/export/kschan.py "$X/kschan.nrn" --record 'soma(0.5).v'
fi
