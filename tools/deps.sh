#!/bin/sh
# deps.sh - the Debian packages nrncc's build and tests need.
#   tools/deps.sh ensure    install them only if something is missing
#   tools/deps.sh install   install them (apt-get; needs root)
set -eu
PKGS="make flex bison clang gcc libc6-dev libclang-rt-dev libsundials-dev pkg-config neuron python3-neuron openmpi-bin libopenmpi-dev librsvg2-bin chromium"
missing=""
for tool in make flex bison clang gcc; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -e /usr/include/stdio.h ] || missing="$missing libc6-dev"
# SUNDIALS CVODE, the executables' variable time step
[ -e /usr/include/cvode/cvode.h ] || missing="$missing libsundials-dev"
# the real .mod files Debian's NEURON ships (tests/golden/release_mods.nrn)
[ -d /usr/share/nrn/demo/release ] || missing="$missing neuron"
# NEURON's Python module, for nrncc-export and its round trips (tests/export)
/usr/bin/python3 -c "import neuron" >/dev/null 2>&1 || missing="$missing python3-neuron"
# Open MPI, for nrncc --mpi and its tests
command -v mpicc >/dev/null 2>&1 || missing="$missing libopenmpi-dev"
command -v mpirun >/dev/null 2>&1 || missing="$missing openmpi-bin"
# the pictures' tests (tests/plots): SVG to PNG, and the HTML page in a browser
command -v rsvg-convert >/dev/null 2>&1 || missing="$missing librsvg2-bin"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# clang's sanitizer runtime, for make check-asan
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-*.a >/dev/null 2>&1 || missing="$missing libclang-rt-dev"
case "${1:-ensure}" in
    ensure) [ -z "$missing" ] && exit 0
            echo "deps.sh: missing:$missing; installing $PKGS" >&2 ;;
    install) ;;
    *) echo "usage: tools/deps.sh ensure|install" >&2; exit 2 ;;
esac
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "deps.sh: run as root to install:$missing" >&2; exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
