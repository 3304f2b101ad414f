# tests/nmodl4/nmodl4_tests.sh - NMODL forms of published models that
# nrncc refused and NEURON 8.2.2 builds (nrncc-nmodl(7)): a DERIVATIVE block
# called as a procedure, SOLVE of a KINETIC block by sparse in INITIAL, two
# mechanism names in one NEURON block, a top-level LOCAL hiding an ASSIGNED
# declared before it, a USEION without VALENCE whose valence another
# mechanism gives, VERBATIM including a header beside the .mod file and
# POSIX headers, KINETIC rates whose fluxes nocmodl writes by text.
# nmodl4.nrn uses them all; NEURON runs nmodl4.py on the
# same .mod files and every column must be its to the last bit.  Sourced
# by tests/run.sh (it uses pass, fail, skip, $NRNCC, $OUT, $CSVCMP).
N4=$OUT/nmodl4
rm -rf "$N4"
mkdir -p "$N4"
N4_LIB=$(cd "$N4" && pwd)/mods/x86_64/libnrnmech.so # (the NEURON runs start in $N4)

N4_PY=
for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c "import neuron" >/dev/null 2>&1; then
        N4_PY=$py
        break
    fi
done

if ! "$NRNCC" tests/nmodl4/nmodl4.nrn -o "$N4/nmodl4.bin" >"$N4/build.log" 2>&1 ||
    ! "$N4/nmodl4.bin" -q -o "$N4/run" >>"$N4/build.log" 2>&1; then
    fail "nmodl4: nmodl4.nrn (build or run)" "$N4/build.log"
else
    # what nrncc says of the forms it takes as nocmodl does
    if grep -q "tophide.mod:31:7: warning: LOCAL 'k1' hides the variable declared before it, and nothing after it uses the name: it is ignored" "$N4/build.log" &&
        grep -q "twoname.mod:5:5: warning: the mechanism is already named 'TwoFirst'; it is named 'twolast'" "$N4/build.log"; then
        pass "nmodl4: the top-level LOCAL and the second mechanism name are warned about"
    else
        fail "nmodl4: warnings of tophide.mod and twoname.mod" "$N4/build.log"
    fi
    if [ -z "$N4_PY" ] || ! command -v nrnivmodl >/dev/null 2>&1; then
        skip "nmodl4: nmodl4.nrn against NEURON" "no NEURON or no nrnivmodl"
    elif ! { mkdir -p "$N4/mods" && cp tests/nmodl4/*.mod tests/nmodl4/*.h "$N4/mods/" &&
        { (cd "$N4/mods" && nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn") >"$N4/mods.log" 2>&1 ||
            true; } && [ -f "$N4/mods/x86_64/libnrnmech.so" ]; }; then
        # (nrnivmodl's last step, the 'special' program, fails on Debian;
        # the library is all NEURON needs here)
        fail "nmodl4: the test's .mod files compiled for NEURON" "$N4/mods.log"
    elif ! (cd "$N4" && "$N4_PY" "$OLDPWD/tests/nmodl4/nmodl4.py" ref "$N4_LIB") \
        >"$N4/ref.log" 2>&1; then
        fail "nmodl4: NEURON's reference for nmodl4.nrn" "$N4/ref.log"
    else
        # one test per form, each on its columns, tolerance 0
        n4_cmp() { # n4_cmp WHAT COLUMN...
            local what=$1 pairs=() c
            shift
            for c in "$@"; do pairs+=("$c=$c"); done
            if "$CSVCMP" --tol 0 "$N4/run/traces.csv" "$N4/ref/traces.csv" "${pairs[@]}" >"$N4/cmp.log" 2>&1; then
                pass "nmodl4: $what, as NEURON ($(tail -n 1 "$N4/cmp.log" | sed 's/^[a-z]* //'))"
            else
                fail "nmodl4: $what" "$N4/cmp.log"
            fi
        }
        n4_cmp "DERIVATIVE block called in INITIAL and a PROCEDURE (dcall.mod)" \
            "soma(0.5).u_dcall" "soma(0.5).q_dcall" "soma(0.5).v"
        n4_cmp "KINETIC STEADYSTATE in a FROM loop, SOLVE METHOD sparse in INITIAL and in a PROCEDURE (kinit.mod)" \
            "soma(0.5).o_kinit" "soma(0.5).d_kinit" "soma(0.5).oinit_kinit"
        n4_cmp "USEION cl without VALENCE, the valence from clval.mod (ecl by it)" \
            "dend(0.5).cli" "dend(0.5).ecl" "dend(0.5).icl" "dend(0.5).v"
        n4_cmp "a top-level LOCAL hiding an ASSIGNED used before it (tophide.mod)" "dend(0.5).k1_tophide"
        n4_cmp "POINT_PROCESS TwoFirst then SUFFIX twolast: point process twolast" "tw.i"
        n4_cmp "KINETIC rates 'kf*a + kc' and 'kb - 0.01*a' unparenthesized, their fluxes as nocmodl writes them (kquirk.mod)" \
            "soma(0.5).c_kquirk" "soma(0.5).o_kquirk"
        n4_cmp "VERBATIM including vhead.h (twice, from two mechanisms) and POSIX headers" \
            "soma(0.5).gain_vhead" "soma(0.5).here_vhead" "soma(0.5).i_vhead" "soma(0.5).y_vhead2"
        # knc.mod: sparse finds no steady state; NEURON goes on from the
        # last iterate without a word, nrncc too, with a warning at the end
        if ! "$NRNCC" tests/nmodl4/knc.nrn -o "$N4/knc.bin" >"$N4/knc.log" 2>&1 ||
            ! "$N4/knc.bin" -o "$N4/knc" >>"$N4/knc.log" 2>&1 ||
            ! (cd "$N4" && "$N4_PY" "$OLDPWD/tests/nmodl4/knc.py" knc_ref "$N4_LIB") \
                >>"$N4/knc.log" 2>&1; then
            fail "nmodl4: knc.mod (build, run, NEURON's run)" "$N4/knc.log"
        else
            if "$CSVCMP" --tol 0 "$N4/knc/traces.csv" "$N4/knc_ref/traces.csv" "soma(0.5).v=soma(0.5).v" \
                "soma(0.5).c_knc=soma(0.5).c_knc" "soma(0.5).o_knc=soma(0.5).o_knc" >"$N4/knc.cmp" 2>&1; then
                pass "nmodl4: a KINETIC steady state that does not converge goes on as NEURON's ($(tail -n 1 "$N4/knc.cmp" | sed 's/^[a-z]* //'))"
            else
                fail "nmodl4: knc.mod against NEURON" "$N4/knc.cmp"
            fi
            if grep -q "knc: the steady state of KINETIC 'scheme': sparse found no solution 1 time (first at t = 0 ms" \
                "$N4/knc.log"; then
                pass "nmodl4: knc.mod's unconverged steady state is warned about at the end of the run"
            else
                fail "nmodl4: knc.mod's warning" "$N4/knc.log"
            fi
        fi
    fi
fi
