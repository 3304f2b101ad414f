#!/usr/bin/env bash
# bench/compile_time.sh - how long nrncc takes to compile a model that uses
# 20 mechanisms, beside NEURON's nrnivmodl on the same 20 .mod files.
#
#   bench/compile_time.sh          (REPS=5 by default; medians)
#
# The mechanisms: the 13 of nrncc's standard library and 7 of Debian's
# /usr/share/nrn/demo/release/*.mod (apt-get install neuron), in one model
# (bench/out/compile/many.nrn, written here): a section with the density
# mechanisms, the point processes at it, the artificial cells.  Timed:
#   nrncc      bin/nrncc many.nrn -o sim   (parse, check, lower, C compiler,
#              link: model file to executable)
#   nrncc -S   the same up to the C file (nrncc's own work)
#   nrnivmodl  nrnivmodl in a fresh copy of the same 20 .mod files (it
#              translates and compiles them into a loadable library; its
#              'special' step fails on Debian, which costs it nothing)
# The last line is
#   compile 20 mechanisms: nrncc X.XX s, nrnivmodl Y.YY s
set -u
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C
REPS=${REPS:-5}
OUT=bench/out/compile
REL=/usr/share/nrn/demo/release
rm -rf "$OUT"
mkdir -p "$OUT/mods"
[ -x bin/nrncc ] || make -s >/dev/null || exit 1
[ -d "$REL" ] || { echo "compile_time.sh: $REL is missing (apt-get install neuron)" >&2; exit 1; }

STD="hh pas IClamp SEClamp VClamp ExpSyn Exp2Syn AlphaSynapse NetStim IntFire1 IntFire2 IntFire4 APCount"
RELMODS="cachan1 camchan capump khhchan mcna nachan release"
for n in $STD; do cp "stdlib/$n.mod" "$OUT/mods/"; done
for n in $RELMODS; do cp "$REL/$n.mod" "$OUT/mods/"; done
nmods=$(ls "$OUT/mods"/*.mod | wc -l)

cat >"$OUT/many.nrn" <<'NRN'
model many
use "mods/cachan1.mod", "mods/camchan.mod", "mods/capump.mod", "mods/khhchan.mod"
use "mods/mcna.mod", "mods/nachan.mod", "mods/release.mod"
section a { L = 20 um  diam = 20 um  insert hh  insert cachan  insert capump  insert trel }
section b { L = 20 um  diam = 20 um  insert pas  insert HHk  insert HHna  insert cachan1  insert MCna }
connect b(0), a(1)
IClamp ic at a(0.5) { delay = 1 ms  dur = 0.5 ms  amp = 0.5 nA }
SEClamp se at b(0.5) { dur1 = 1 ms  amp1 = -65 mV }
VClamp vc at b(0.3)
ExpSyn s1 at a(0.5)
Exp2Syn s2 at a(0.5)
AlphaSynapse s3 at b(0.5)
APCount ap at a(0.5)
NetStim ns { number = 3  start = 1 ms }
IntFire1 f1
IntFire2 f2
IntFire4 f4
netcon ns -> s1 { weight = 0.01 uS }
netcon ns -> s2 { weight = 0.01 uS }
netcon ns -> f1 { weight = 0.5 }
netcon ns -> f2 { weight = 0.5 }
netcon ns -> f4 { weight = 0.5 }
run { tstop = 5 ms }
NRN

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timeit() { # command...: wall seconds of one run
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "compile_time.sh: failed: $*" >&2; exit 1; }
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}
full=() ; emit=() ; nrniv=()
for ((r = 0; r < REPS; r++)); do
    full+=("$(timeit bin/nrncc "$OUT/many.nrn" -o "$OUT/sim")")
    emit+=("$(timeit bin/nrncc -S "$OUT/many.nrn" -o "$OUT/many.c")")
    rm -rf "$OUT/nrnmods" && cp -r "$OUT/mods" "$OUT/nrnmods"
    t0=$(date +%s.%N)
    (cd "$OUT/nrnmods" && nrnivmodl -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn" >nrnivmodl.log 2>&1)
    t1=$(date +%s.%N)
    [ -f "$OUT/nrnmods/x86_64/libnrnmech.so" ] || { echo "compile_time.sh: nrnivmodl built no library" >&2; exit 1; }
    nrniv+=("$(echo "$t1 - $t0" | bc -l)")
done
"$OUT/sim" -q -o "$OUT/run" || { echo "compile_time.sh: the compiled model does not run" >&2; exit 1; }
tf=$(printf '%s\n' "${full[@]}" | median)
te=$(printf '%s\n' "${emit[@]}" | median)
tn=$(printf '%s\n' "${nrniv[@]}" | median)
printf '%-12s %8s\n' "" "median s"
printf '%-12s %8.3f\n' "nrncc" "$tf" "nrncc -S" "$te" "nrnivmodl" "$tn"
printf 'compile %d mechanisms: nrncc %.2f s, nrnivmodl %.2f s\n' "$nmods" "$tf" "$tn"
