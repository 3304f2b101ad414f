# nrncc - GNU Make builds everything.
#
#   make              bin/nrncc and lib/libnrnrt.a
#   make demo         installs what is missing, builds, runs examples/spike_demo.nrn
#   make check        every test (prints "N passed, N failed")
#   make check-asan   the tests again with nrncc, the runtime and the simulations
#                     built with AddressSanitizer and UndefinedBehaviorSanitizer
#   make install PREFIX=/usr/local
#   make deps         installs the Debian packages the build and tests need

VERSION := 0.1.0
PREFIX  ?= /usr/local

# Where the build goes: "." for the normal build; check-asan uses build/asan.
TREE    ?= .
OBJ     := $(TREE)/build/obj
GEN     := $(TREE)/build/gen
BIN     := $(TREE)/bin
LIBDIR  := $(TREE)/lib

CC      ?= cc
ifeq ($(CC),cc)
CC      := $(shell command -v clang >/dev/null 2>&1 && echo clang || echo cc)
endif
OPT     ?= -O2 -g
WARN    := -Wall -Wextra
SAN     ?=
# -ffp-contract=off: no fused multiply-add, the numbers must equal NEURON's.
BASEFLAGS := $(OPT) $(WARN) -ffp-contract=off $(SAN)
CFLAGS_COMPILER := -std=c11 -D_POSIX_C_SOURCE=200809L $(BASEFLAGS) -Icompiler -I$(GEN) \
                   -DNRNCC_VERSION='"$(VERSION)"'
CFLAGS_RUNTIME  := -std=c99 -D_POSIX_C_SOURCE=200809L $(BASEFLAGS) -Iruntime
LDLIBS  := -lm

# SUNDIALS CVODE (the executables' variable time step): pkg-config when the
# installed SUNDIALS has its .pc files, else Debian's static library
# (libsundials-dev 6.x ships none), linked statically so that a built
# simulation needs no other file.
CVODE_CFLAGS ?= $(shell pkg-config --silence-errors --cflags sundials-cvode)
CVODE_LIBS   ?= $(shell pkg-config --silence-errors --libs --static sundials-cvode sundials-nvecserial || \
                        echo -l:libsundials_cvode.a)
CFLAGS_COMPILER += -DNRNCC_CVODE_LIBS='"$(CVODE_LIBS)"'
CFLAGS_RUNTIME  += $(CVODE_CFLAGS)

FLEX    ?= flex
BISON   ?= bison

COMPILER_SRC := $(sort $(wildcard compiler/*.c))
RUNTIME_SRC  := $(sort $(wildcard runtime/*.c))
GRAMMARS     := nrn nmodl
GEN_C        := $(foreach g,$(GRAMMARS),$(GEN)/$(g).tab.c $(GEN)/$(g).lex.c)
GEN_H        := $(foreach g,$(GRAMMARS),$(GEN)/$(g).tab.h)

COMPILER_OBJ := $(patsubst compiler/%.c,$(OBJ)/compiler/%.o,$(COMPILER_SRC)) \
                $(patsubst $(GEN)/%.c,$(OBJ)/gen/%.o,$(GEN_C))
RUNTIME_OBJ  := $(patsubst runtime/%.c,$(OBJ)/runtime/%.o,$(RUNTIME_SRC))

.PHONY: all demo check check-asan install deps clean unit-tests
# generated scanners and parsers stay, so that make does not regenerate them
.SECONDARY: $(GEN_C) $(GEN_H)
.DEFAULT_GOAL := all

# nrncc --mpi links lib/libnrnrt_mpi.a: the runtime built by Open MPI's
# mpicc with NRT_MPI (made when mpicc is here)
MPICC   ?= mpicc
HAVE_MPI := $(shell command -v $(MPICC) >/dev/null 2>&1 && echo yes)
RUNTIME_MPI_OBJ := $(patsubst runtime/%.c,$(OBJ)/runtime_mpi/%.o,$(RUNTIME_SRC))
MPI_LIB := $(if $(HAVE_MPI),$(LIBDIR)/libnrnrt_mpi.a)

all: $(BIN)/nrncc $(BIN)/nrncc-export $(LIBDIR)/libnrnrt.a $(MPI_LIB) $(TREE)/build/tree.stamp

$(LIBDIR)/libnrnrt_mpi.a: $(RUNTIME_MPI_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(OBJ)/runtime_mpi/%.o: runtime/%.c $(wildcard runtime/*.h)
	@mkdir -p $(@D)
	$(MPICC) $(CFLAGS_RUNTIME) -DNRT_MPI -c -o $@ $<

$(BIN)/nrncc: $(COMPILER_OBJ)
	@mkdir -p $(@D)
	$(CC) $(BASEFLAGS) -o $@ $^ $(LDLIBS)

# models from NEURON: a wrapper of python3 -m nrncc_export (nrncc-export(1))
$(BIN)/nrncc-export: tools/nrncc_export/nrncc-export.sh
	@mkdir -p $(@D)
	install -m 755 $< $@

$(LIBDIR)/libnrnrt.a: $(RUNTIME_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

# A build tree other than "." needs the runtime headers and the standard
# library beside its bin/ (nrncc finds them relative to itself).
$(TREE)/build/tree.stamp:
	@mkdir -p $(@D)
	@if [ "$(TREE)" != "." ]; then ln -sfn $(CURDIR)/runtime $(TREE)/runtime; \
	  ln -sfn $(CURDIR)/stdlib $(TREE)/stdlib; fi
	@touch $@

$(OBJ)/compiler/%.o: compiler/%.c $(GEN_H) $(wildcard compiler/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMPILER) -c -o $@ $<

$(OBJ)/gen/%.o: $(GEN)/%.c $(GEN_H) $(wildcard compiler/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMPILER) -Wno-unused-function -Wno-sign-compare -c -o $@ $<

$(OBJ)/runtime/%.o: runtime/%.c $(wildcard runtime/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_RUNTIME) -c -o $@ $<

# nrncc --embed copies these templates into the C it writes (emit_embed.c)
$(GEN)/%.inc: compiler/%.c.in
	@mkdir -p $(@D)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/",/' $< >$@.tmp && mv $@.tmp $@

$(OBJ)/compiler/emit_embed.o: $(GEN)/embed_rt.inc $(GEN)/embed_libm.inc

$(GEN)/%.tab.c $(GEN)/%.tab.h: grammar/%.y
	@mkdir -p $(@D)
	$(BISON) -Wall -Werror --defines=$(GEN)/$*.tab.h -o $(GEN)/$*.tab.c $<

$(GEN)/%.lex.c: grammar/%.l $(GEN)/%.tab.h
	@mkdir -p $(@D)
	$(FLEX) -o $@ $<

# ---- tests -------------------------------------------------------------

check: deps-check all
	@tests/run.sh

check-asan: deps-check
	$(MAKE) TREE=build/asan OPT="-O1 -g" SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all
	@NRNCC=build/asan/bin/nrncc \
	 NRNCC_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	 TEST_SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	 tests/run.sh

# ---- demo ----------------------------------------------------------------

demo: deps-check all
	@tests/demo.sh

# ---- packages ------------------------------------------------------------

deps:
	@tools/deps.sh install

deps-check:
	@tools/deps.sh ensure

# ---- install -------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/include/nrncc $(DESTDIR)$(PREFIX)/share/nrncc/stdlib \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
	  $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 755 $(BIN)/nrncc $(DESTDIR)$(PREFIX)/bin/nrncc
	install -d $(DESTDIR)$(PREFIX)/share/nrncc/python/nrncc_export
	install -m 755 $(BIN)/nrncc-export $(DESTDIR)$(PREFIX)/bin/nrncc-export
	install -m 644 tools/nrncc_export/nrncc_export/*.py $(DESTDIR)$(PREFIX)/share/nrncc/python/nrncc_export/
	install -m 644 $(LIBDIR)/libnrnrt.a $(DESTDIR)$(PREFIX)/lib/libnrnrt.a
	install -m 644 runtime/*.h $(DESTDIR)$(PREFIX)/include/nrncc/
	install -m 644 stdlib/*.mod $(DESTDIR)$(PREFIX)/share/nrncc/stdlib/
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 man/*.7 $(DESTDIR)$(PREFIX)/share/man/man7/

clean:
	rm -rf build bin lib tests/out
