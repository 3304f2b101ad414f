#!/bin/sh
# nrncc-export: python3 -m nrncc_export with a Python that has NEURON
# (nrncc-export(1)); make installs this file as bin/nrncc-export.
here=$(cd "$(dirname "$0")" && pwd)
pkg=
for d in "$here/../tools/nrncc_export" "$here/../../../tools/nrncc_export" "$here/../share/nrncc/python"; do
    if [ -f "$d/nrncc_export/__init__.py" ]; then pkg=$d; break; fi
done
if [ -z "$pkg" ]; then
    echo "nrncc-export: error: cannot find the nrncc_export package next to $0" >&2
    exit 1
fi
py=${NRNCC_PYTHON:-}
if [ -z "$py" ]; then
    for p in python3 /usr/bin/python3; do
        if "$p" -c 'import neuron' >/dev/null 2>&1; then py=$p; break; fi
    done
fi
if [ -z "$py" ]; then
    echo "nrncc-export: error: no Python that can import neuron (install NEURON, or set NRNCC_PYTHON)" >&2
    exit 1
fi
PYTHONPATH="$pkg${PYTHONPATH:+:$PYTHONPATH}" exec "$py" -m nrncc_export "$@"
