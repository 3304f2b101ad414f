# tests/plots/plots_tests.sh - the executable's pictures: `plot shape`,
# --plot-shape, `plot traces`, --html (nrn(5), nrncc-run(1)); sourced by
# tests/run.sh, whose pass/fail/skip, $NRNCC and $OUT it uses.
#
# The user's first script (examples/pyramid.nrn, Debian's NEURON demo
# cell): the values written in the shape SVG at 2 ms are NEURON's v at all
# 215 segments (tests/ref/pyramid_seed/final_v.csv) to 1e-9; every segment
# has PlotShape's colour of its value; the picture rendered by rsvg-convert
# has the soma's colour at the soma's own pixels.  define_shape's layout of
# sections without 3-D points against NEURON's (when NEURON is here).  The
# traces SVG's axes, ticks, labels and legend.  The HTML page in headless
# Chromium without a console error.  Every error, and --embed, --threads,
# mpirun.  Tools that are absent (rsvg-convert: librsvg2-bin; chromium;
# NEURON's python; mpirun) give SKIP lines.

P=$OUT/plots
mkdir -p "$P"
SVGCHECK="python3 tests/plots/svgcheck.py"
PYRAMID_HOC=/usr/share/nrn/demo/pyramid.nrn
HAVE_RSVG=$(command -v rsvg-convert || true)
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)

# the pyramid: plot shape v at 2 ms (the model), v@1.5 (the command line)
if [ ! -e $PYRAMID_HOC ]; then
    skip "plot shape of the pyramid" "no $PYRAMID_HOC (Debian package neuron)"
elif "$NRNCC" examples/pyramid.nrn -o "$P/pyramid" >"$P/pyramid.log" 2>&1 &&
    "$P/pyramid" -q -o "$P/pyr" --plot-shape v@1.5 --html >>"$P/pyramid.log" 2>&1 &&
    [ -f "$P/pyr/shape_v_2ms.svg" ] && [ -f "$P/pyr/shape_v_1p5ms.svg" ]; then
    if $SVGCHECK values "$P/pyr/shape_v_2ms.svg" tests/ref/pyramid_seed/final_v.csv >"$P/values.log" 2>&1; then
        pass "plot shape v at 2 ms of the pyramid: NEURON's v at every segment ($(cat "$P/values.log"))"
    else
        fail "plot shape v at 2 ms of the pyramid: values" "$P/values.log"
    fi
    for t in 2ms 1p5ms; do
        if $SVGCHECK colours "$P/pyr/shape_v_$t.svg" >"$P/colours_$t.log" 2>&1; then
            pass "shape_v_$t.svg: PlotShape's colour of every segment's value ($(cat "$P/colours_$t.log"))"
        else
            fail "shape_v_$t.svg colours" "$P/colours_$t.log"
        fi
        if [ -z "$HAVE_RSVG" ]; then
            skip "shape_v_$t.svg rendered" "no rsvg-convert (Debian librsvg2-bin)"
        elif rsvg-convert "$P/pyr/shape_v_$t.svg" -o "$P/shape_v_$t.png" >"$P/pixel_$t.log" 2>&1 &&
            $SVGCHECK pixel "$P/pyr/shape_v_$t.svg" "$P/shape_v_$t.png" soma >>"$P/pixel_$t.log" 2>&1; then
            pass "shape_v_$t.svg rendered by rsvg-convert: $(tail -1 "$P/pixel_$t.log")"
        else
            fail "shape_v_$t.svg rendered: the soma's pixels" "$P/pixel_$t.log"
        fi
    done
    # the check sees a wrong colour: the 2 ms picture against the 1.5 ms values
    if [ -n "$HAVE_RSVG" ] && [ -f "$P/shape_v_2ms.png" ] &&
        ! $SVGCHECK pixel "$P/pyr/shape_v_1p5ms.svg" "$P/shape_v_2ms.png" soma >/dev/null 2>&1; then
        pass "the pixel check fails on a picture of another time"
    elif [ -n "$HAVE_RSVG" ]; then
        fail "the pixel check does not see a wrong picture"
    fi
    # --plot-shape v@2 is the model's plot: drawn once; the same bytes on 2 threads
    if "$P/pyramid" -q -o "$P/pyr2" --plot-shape v@2 --plot-shape=v@1.5 --threads 2 >"$P/thr.log" 2>&1 &&
        cmp -s "$P/pyr/shape_v_2ms.svg" "$P/pyr2/shape_v_2ms.svg" &&
        cmp -s "$P/pyr/shape_v_1p5ms.svg" "$P/pyr2/shape_v_1p5ms.svg"; then
        pass "--threads 2: the same shape SVGs"
    else
        fail "--threads 2 shape SVGs" "$P/thr.log"
    fi
else
    fail "plot shape of the pyramid" "$P/pyramid.log"
fi

# the pyramid's 3-D points where NEURON's define_shape leaves them
if [ -e $PYRAMID_HOC ] && [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import neuron" 2>/dev/null; then
    cat >"$P/pyr_neuron.py" <<'EOF2'
from neuron import h
h.load_file("/usr/share/nrn/demo/pyramid.nrn")
h.define_shape()
for s in h.allsec():
    print(s.name(), " ".join("%.6f,%.6f,%.6g" % (s.x3d(i), s.y3d(i), s.diam3d(i)) for i in range(s.n3d())))
EOF2
    if "$NRNCC" -S examples/pyramid.nrn -o "$P/pyramid.c" >"$P/pyr_layout.log" 2>&1 &&
        /usr/bin/python3 "$P/pyr_neuron.py" >"$P/pyr_neuron.txt" 2>>"$P/pyr_layout.log" &&
        $SVGCHECK layout "$P/pyramid.c" "$P/pyr_neuron.txt" >>"$P/pyr_layout.log" 2>&1; then
        pass "the pyramid drawn from NEURON's points after define_shape ($(tail -1 "$P/pyr_layout.log"))"
    else
        fail "the pyramid's drawing" "$P/pyr_layout.log"
    fi
else
    skip "the pyramid's drawing against NEURON" "no $PYRAMID_HOC or no NEURON python"
fi

# a model of L/diam sections: define_shape's layout (NEURON's points),
# plot traces, a range, a mechanism's variable with grey where it is not
cat >"$P/ds.nrn" <<'EOF'
model ds
section soma { L = 20 um  diam = 20 um  nseg = 1  insert hh }
section dend[4] { L = 100 um  diam = 2 um  nseg = 3  insert pas }
section axon { L = 200 um  diam = 1 um  nseg = 5  insert hh }
section tuft[2] { L = 50 um  diam = 1 um  insert pas }
connect dend[0](0), soma(1)
connect dend[1](0), soma(1)
connect dend[2](0), soma(1)
connect dend[3](0), soma(0.5)
connect axon(0), soma(0)
connect tuft[0](0), dend[0](1)
connect tuft[1](0), dend[0](0.3)
section other { L = 30 um  diam = 3 um }
section moved { pt3d (100, 100, 0, 2) (130, 140, 0, 2) (130, 180, 5, 1)  insert pas }
connect moved(0), other(0.5)
IClamp stim at soma(0.5) { delay = 0.5 ms  dur = 1 ms  amp = 0.5 nA }
record soma(0.5).v
record axon(0.9).v
record dend[0](0.5).v
plot shape v at 1.5 ms range -70 mV 30 mV
plot shape m_hh at 1.5 ms
plot traces
run { tstop = 3 ms }
EOF
cat >"$P/ds_neuron.py" <<'EOF'
from neuron import h
soma = h.Section(name="soma"); soma.L = 20; soma.diam = 20
dend = [h.Section(name="dend[%d]" % i) for i in range(4)]
for d in dend:
    d.L, d.diam, d.nseg = 100, 2, 3
axon = h.Section(name="axon"); axon.L, axon.diam, axon.nseg = 200, 1, 5
tuft = [h.Section(name="tuft[%d]" % i) for i in range(2)]
for t in tuft:
    t.L, t.diam = 50, 1
for i in range(3):
    dend[i].connect(soma(1))
dend[3].connect(soma(0.5)); axon.connect(soma(0))
tuft[0].connect(dend[0](1)); tuft[1].connect(dend[0](0.3))
other = h.Section(name="other"); other.L, other.diam = 30, 3
moved = h.Section(name="moved")
for p in ((100, 100, 0, 2), (130, 140, 0, 2), (130, 180, 5, 1)):
    moved.pt3dadd(*p)
moved.connect(other(0.5))
h.define_shape()
for s in h.allsec():
    print(s.name(), " ".join("%.6f,%.6f,%.6g" % (s.x3d(i), s.y3d(i), s.diam3d(i)) for i in range(s.n3d())))
EOF
if "$NRNCC" "$P/ds.nrn" -o "$P/ds" >"$P/ds.log" 2>&1 && "$P/ds" -q -o "$P/dsout" >>"$P/ds.log" 2>&1 &&
    "$NRNCC" -S "$P/ds.nrn" -o "$P/ds.c" >>"$P/ds.log" 2>&1; then
    if [ ! -x /usr/bin/python3 ] || ! /usr/bin/python3 -c "import neuron" 2>/dev/null; then
        skip "define_shape layout" "no NEURON python"
    elif /usr/bin/python3 "$P/ds_neuron.py" >"$P/ds_neuron.txt" 2>"$P/layout.log" &&
        $SVGCHECK layout "$P/ds.c" "$P/ds_neuron.txt" >>"$P/layout.log" 2>&1; then
        pass "sections of L and diam, and a 3-D child moved to its parent, drawn where NEURON's define_shape puts them ($(tail -1 "$P/layout.log"))"
    else
        fail "define_shape layout" "$P/layout.log"
    fi
    if $SVGCHECK colours "$P/dsout/shape_v_1p5ms.svg" >"$P/ds_col.log" 2>&1 &&
        grep -q 'data-lo="-70" data-hi="30"' "$P/dsout/shape_v_1p5ms.svg" &&
        $SVGCHECK colours "$P/dsout/shape_m_hh_1p5ms.svg" >>"$P/ds_col.log" 2>&1 &&
        [ "$(grep -c 'data-value=""' "$P/dsout/shape_m_hh_1p5ms.svg")" -eq 16 ] &&
        [ "$(grep -c 'class="seg" stroke="#c0c0c0"' "$P/dsout/shape_m_hh_1p5ms.svg")" -eq 16 ]; then
        pass "plot shape with a range, and m_hh (grey at the 16 segments without hh)"
    else
        fail "plot shape range / m_hh" "$P/ds_col.log"
    fi
    if $SVGCHECK traces "$P/dsout/traces.svg" "$P/dsout/traces.csv" >"$P/traces.log" 2>&1; then
        pass "plot traces: traces.svg ($(cat "$P/traces.log"))"
    else
        fail "plot traces" "$P/traces.log"
    fi
    for compiler in gcc clang; do
        if ! command -v $compiler >/dev/null 2>&1; then
            skip "C with shape data under $compiler" "no $compiler"
        elif $compiler -std=c99 -O2 -Wall -Wextra -Werror -Iruntime -c -o "$P/ds.$compiler.o" "$P/ds.c" \
            >"$P/ds.$compiler.log" 2>&1; then
            pass "C with shape data compiles with $compiler -Wall -Wextra -Werror"
        else
            fail "C with shape data under $compiler" "$P/ds.$compiler.log"
        fi
    done
else
    fail "plot shape of L/diam sections" "$P/ds.log"
fi

# --html: one page, no network, no console error in headless Chromium
if [ -f "$P/pyr/plots.html" ]; then
    H=$P/pyr/plots.html
    if [ "$(grep -c '<svg ' "$H")" -eq 3 ] && ! grep -qiE 'https?://[^"]*\.(js|css)|<script|<link|src=' "$H"; then
        pass "--html: plots.html holds the 3 pictures inline, nothing to fetch"
    else
        fail "--html page contents"
    fi
    # console_errors FILE: Chromium's console messages of the page (empty: none)
    console_errors() {
        timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
            --user-data-dir="$P/chromium-profile" --enable-logging=stderr --v=0 --dump-dom "file://$(realpath "$1")" \
            >"$P/dom.html" 2>"$P/chromium.log"
        grep -E 'CONSOLE|Uncaught|Error: <' "$P/chromium.log"
    }
    if [ -z "$CHROMIUM" ]; then
        skip "--html page in Chromium" "no chromium"
    else
        # a page with a bad SVG attribute and a script error: Chromium must report them
        printf '<!DOCTYPE html><html><body><svg xmlns="http://www.w3.org/2000/svg"><path d="M x"/></svg>'\
'<script>undefinedFunction();</script></body></html>\n' >"$P/bad.html"
        bad_msgs=$(console_errors "$P/bad.html")
        msgs=$(console_errors "$H")
        if [ -z "$bad_msgs" ]; then
            skip "--html page in Chromium" "this Chromium does not log console errors to stderr"
        elif [ -z "$msgs" ] && grep -q 'class="nrncc-shape"' "$P/dom.html"; then
            pass "--html page in headless Chromium: no console error (a broken page gives $(echo "$bad_msgs" | wc -l))"
        else
            echo "$msgs" >>"$P/chromium.log"
            fail "--html page in Chromium" "$P/chromium.log"
        fi
    fi
fi

# bad statements: file:line:col errors
plot_err() { # plot_err NAME 'STATEMENTS' 'LINE:COL: error: MESSAGE'
    printf 'model bad\nsection soma { L = 20 um  diam = 20 um  insert hh }\n%s\nrun { tstop = 5 ms }\n' "$2" \
        >"$P/$1.nrn"
    if ! "$NRNCC" "$P/$1.nrn" -o "$P/$1.bin" >"$P/$1.log" 2>&1 && [ ! -e "$P/$1.bin" ] &&
        grep -qF "$P/$1.nrn:$3" "$P/$1.log"; then
        pass "error: $1: $3"
    else
        fail "error: $1 (expected '$P/$1.nrn:$3')" "$P/$1.log"
    fi
}
plot_err plot_unknown_var 'plot shape vv at 2 ms' "3:12: error: unknown range variable 'vv'"
plot_err plot_after_tstop 'plot shape v at 6 ms' "3:17: error: 'plot shape' at 6 ms: the run stops at tstop = 5 ms"
plot_err plot_bad_range 'plot shape v at 2 ms range 40 mV -80 mV' \
    "3:34: error: the range of a shape plot must increase: 40 to -80"
plot_err plot_bad_unit 'plot shape v at 2 mV' "3:17: error: wrong unit for 'time': expected a time, got a voltage"
plot_err plot_bad_range_unit 'plot shape v at 2 ms range 0 ms 1 ms' "3:28: error:"
plot_err plot_twice 'plot shape v at 2 ms
plot shape v at 2 ms' "4:12: error: a second shape plot of 'v' at this time"
plot_err plot_syntax 'plot shape v 2 ms' "3:14: error: syntax error"

# the executable's errors: exit 1, a message, nothing written
exe_err() { # exe_err WHAT BIN 'MESSAGE' ARGS...
    local what=$1 bin=$2 msg=$3
    shift 3
    rm -rf "$P/exe_err"
    if ! "$bin" -q -o "$P/exe_err" "$@" >"$P/exe_err.log" 2>&1 && grep -qF -- "$msg" "$P/exe_err.log" &&
        [ ! -e "$P/exe_err/traces.csv" ]; then
        pass "./sim $* refused: $(head -1 "$P/exe_err.log" | sed 's/^[^:]*: //')"
    else
        fail "./sim $* ($what)" "$P/exe_err.log"
    fi
}
if [ -x "$P/ds" ]; then
    exe_err "bad time" "$P/ds" "error: bad value 'v@x' for '--plot-shape': expected VAR@TIME" --plot-shape v@x
    exe_err "no variable" "$P/ds" "error: bad value '@2' for '--plot-shape'" --plot-shape @2
    exe_err "unknown variable" "$P/ds" "error: bad value 'h_hh@1' for '--plot-shape': the executable can draw v, m_hh" \
        --plot-shape h_hh@1
    exe_err "after tstop" "$P/ds" "error: bad value 'v@4' for '--plot-shape': the time is after tstop (3 ms)" \
        --plot-shape v@4
    exe_err "no value" "$P/ds" "error: '--plot-shape' needs VAR@TIME" --plot-shape
    exe_err "with --save" "$P/ds" "error: '--plot-shape' with '--save' is not supported" --plot-shape v@1 \
        --save "$P/ds.state"
fi
cat >"$P/noplot.nrn" <<'EOF'
model noplot
section soma { L = 20 um  diam = 20 um  insert hh }
record soma(0.5).v
run { tstop = 2 ms }
EOF
if "$NRNCC" "$P/noplot.nrn" -o "$P/noplot" >"$P/noplot.log" 2>&1; then
    exe_err "no drawing" "$P/noplot" "error: '--plot-shape': this executable has no drawing of its cells" \
        --plot-shape v@1
    rm -rf "$P/np"
    if "$P/noplot" -q -o "$P/np" --html >"$P/np.log" 2>&1 && [ -f "$P/np/traces.svg" ] &&
        [ "$(grep -c '<svg ' "$P/np/plots.html")" -eq 1 ]; then
        pass "--html without plot statements: traces.svg and a page with it"
    else
        fail "--html without plot statements" "$P/np.log"
    fi
else
    fail "nrncc noplot.nrn" "$P/noplot.log"
fi
if "$NRNCC" --plot-data "$P/noplot.nrn" -o "$P/noplot_d" >"$P/noplot_d.log" 2>&1 &&
    "$P/noplot_d" -q -o "$P/npd" --plot-shape v@1.25 >>"$P/noplot_d.log" 2>&1 &&
    $SVGCHECK colours "$P/npd/shape_v_1p25ms.svg" >>"$P/noplot_d.log" 2>&1; then
    pass "nrncc --plot-data: ./sim --plot-shape v@1.25 writes shape_v_1p25ms.svg"
else
    fail "nrncc --plot-data" "$P/noplot_d.log"
fi

# --embed refuses plots
if ! "$NRNCC" --embed "$P/ds.nrn" -o "$P/ds_embed.c" >"$P/embed.log" 2>&1 &&
    grep -qF "error: 'plot shape' is not supported with --embed" "$P/embed.log" &&
    grep -qF "error: 'plot traces' is not supported with --embed" "$P/embed.log" &&
    ! "$NRNCC" --embed --plot-data "$P/noplot.nrn" -o "$P/np_embed.c" >>"$P/embed.log" 2>&1 &&
    grep -qF "error: --plot-data is not supported with --embed" "$P/embed.log"; then
    pass "--embed refuses plot shape, plot traces and --plot-data"
else
    fail "--embed with plots" "$P/embed.log"
fi

# mpirun: one process draws; more ranks are refused
if command -v mpirun >/dev/null 2>&1 && [ -f lib/libnrnrt_mpi.a ] &&
    "$NRNCC" --mpi "$P/ds.nrn" -o "$P/ds_mpi" >"$P/mpi.log" 2>&1; then
    M="env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ASAN_OPTIONS=detect_leaks=0 mpirun --oversubscribe -np"
    if $M 1 "$P/ds_mpi" -q -o "$P/ds_mpi1" >>"$P/mpi.log" 2>&1 &&
        cmp -s "$P/ds_mpi1/shape_v_1p5ms.svg" "$P/dsout/shape_v_1p5ms.svg" &&
        ! $M 2 "$P/ds_mpi" -q -o "$P/ds_mpi2" >"$P/mpi2.log" 2>&1 &&
        grep -q "its space and shape plots are written by one process" "$P/mpi2.log"; then
        pass "mpirun -np 1 draws the same picture; -np 2 is refused with a message"
    else
        fail "mpirun with plots" "$P/mpi2.log"
    fi
    # the traces and the page: rank 0 draws them, the same as one process
    if "$NRNCC" --mpi tests/golden/two_cells.nrn -o "$P/two_mpi" >"$P/mpi3.log" 2>&1 &&
        "$NRNCC" tests/golden/two_cells.nrn -o "$P/two" >>"$P/mpi3.log" 2>&1 &&
        "$P/two" -q -o "$P/two1" --html >>"$P/mpi3.log" 2>&1 &&
        $M 2 "$P/two_mpi" -q -o "$P/two2" --html >>"$P/mpi3.log" 2>&1 &&
        cmp -s "$P/two1/traces.svg" "$P/two2/traces.svg" && cmp -s "$P/two1/plots.html" "$P/two2/plots.html"; then
        pass "mpirun -np 2 --html: traces.svg and plots.html as one process writes them"
    else
        fail "mpirun -np 2 --html" "$P/mpi3.log"
    fi
else
    skip "mpirun with plots" "no mpirun or no lib/libnrnrt_mpi.a"
fi

# the drawing costs little C: none without a plot; with --plot-data the
# 1000 cells of the ring share one drawing (under 5% more C)
if "$NRNCC" -D N=1000 -S models/ring.nrn -o "$P/ring.c" >"$P/ring.log" 2>&1 &&
    "$NRNCC" -D N=1000 --plot-data -S models/ring.nrn -o "$P/ring_data.c" >>"$P/ring.log" 2>&1; then
    a=$(wc -c <"$P/ring.c") b=$(wc -c <"$P/ring_data.c")
    if ! grep -q shape_ "$P/ring.c" && [ $((b * 100)) -lt $((a * 105)) ] && grep -q "shape_blocks\[2\] = {2, 1000}" "$P/ring_data.c"; then
        pass "ring of 1000 cells: $a bytes of C, $b with --plot-data (+$(((b - a) * 1000 / a / 10)).$(((b - a) * 1000 / a % 10))%)"
    else
        echo "$a $b" >>"$P/ring.log"
        fail "the drawing's size in the C of the ring" "$P/ring.log"
    fi
else
    fail "nrncc -S ring" "$P/ring.log"
fi

# plot html: the model asks for the page
sed 's/^plot traces$/plot html/' "$P/ds.nrn" >"$P/dshtml.nrn"
rm -rf "$P/dshtml"
if "$NRNCC" "$P/dshtml.nrn" -o "$P/dshtml.bin" >"$P/dshtml.log" 2>&1 && "$P/dshtml.bin" -q -o "$P/dshtml" >>"$P/dshtml.log" 2>&1 &&
    [ -f "$P/dshtml/traces.svg" ] && [ "$(grep -c '<svg ' "$P/dshtml/plots.html")" -eq 3 ]; then
    pass "plot html: plots.html with the two shape plots and traces.svg"
else
    fail "plot html" "$P/dshtml.log"
fi

# a reconstructed cell from SWC (Import3d), drawn on the command line:
# nrncc --plot-data, ./sim --plot-shape v@5 gives NEURON's v at all 615
# segments at 5 ms
SWC_DATA=../shared/morphologies/control-1-wt.CNG.swc
if [ ! -e $SWC_DATA ]; then
    skip "--plot-shape v@5 of swc_cell" "no $SWC_DATA"
elif "$NRNCC" --plot-data tests/golden/swc_cell.nrn -o "$P/swc" >"$P/swc.log" 2>&1 &&
    "$P/swc" -q -o "$P/swcout" --plot-shape v@5 >>"$P/swc.log" 2>&1 &&
    $SVGCHECK values "$P/swcout/shape_v_5ms.svg" tests/ref/swc_cell/final_v.csv >>"$P/swc.log" 2>&1 &&
    $SVGCHECK colours "$P/swcout/shape_v_5ms.svg" >>"$P/swc.log" 2>&1; then
    pass "--plot-shape v@5 of swc_cell: NEURON's v at every segment ($(grep segments "$P/swc.log" | head -1))"
else
    fail "--plot-shape v@5 of swc_cell" "$P/swc.log"
fi
