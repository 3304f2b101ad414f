#!/bin/sh
# demo.sh - what `make demo` runs: compiles examples/spike_demo.nrn, runs it,
# and shows the result (the spike, the peak, where the trace is).
set -eu
cd "$(dirname "$0")/.."
mkdir -p demo_out
echo "\$ bin/nrncc examples/spike_demo.nrn -o demo_out/spike_demo"
bin/nrncc examples/spike_demo.nrn -o demo_out/spike_demo
echo "\$ demo_out/spike_demo -o demo_out"
demo_out/spike_demo -o demo_out
# the first upward crossing of 10 mV (NEURON's default threshold) and the peak
awk -F, 'NR > 1 {
    if (!spike && prev != "" && $2 > 10 && prev <= 10) { spike = $1 }
    if (NR == 2 || $2 > vmax) { vmax = $2; tmax = $1 }
    prev = $2; rows++
}
END {
    printf "rows: %d (t = 0 to %s ms)\n", rows, $1
    if (spike) printf "spike: v crosses 10 mV at t = %s ms\n", spike
    else print "spike: none"
    printf "vmax: %.17g mV at t = %s ms (NEURON 8.2.2: 40.979789396352565)\n", vmax, tmax
}' demo_out/traces.csv
echo "trace: demo_out/traces.csv"
