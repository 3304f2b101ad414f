/* main.c - the nrncc driver: the whole pipeline as one short list of
 * calls (parse, check, geometry, emit, cc), and the command line.
 *
 * Exit status: 0 ok, 1 error in the input (or no C compiler), 2 bad
 * usage, 70 internal error (a bug in nrncc).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "describe.h"
#include "diag.h"
#include "dump.h"
#include "emit.h"
#include "geometry.h"
#include "mechinfo.h"
#include "model.h"
#include "netrule.h"
#include "nmodl_parse.h"
#include "nrn_parse.h"
#include "util.h"

typedef enum Mode {
    MODE_BUILD, MODE_EMIT_C, MODE_EMBED, MODE_TOPOLOGY, MODE_GEOMETRY, MODE_SECTIONS, MODE_DESCRIBE, MODE_NETCONS, MODE_CHECK, MODE_DUMP
} Mode;

typedef struct Options {
    const char *input;
    const char *output;
    Mode mode;
    DumpPass dump;       /* MODE_DUMP: the pass */
    VEC(const char *) incdirs;
    bool verbose;
    VEC(const char *) def_names; /* -D NAME=VALUE */
    VEC(double) def_vals;
    bool md;                     /* -MD: write the dependencies */
    bool native;                 /* --native: -march=native for the C compiler */
    bool fast;                   /* --fast: reassociations and vector loops (FAST MODE in nrncc(1)) */
    const char *mf;              /* -MF FILE: there */
    EmbedOptions embed;          /* --embed and its options */
    bool embed_opt;              /* one of them was given */
    bool plot_data;      /* --plot-data: the drawing of the cells for --plot-shape */
} Options;

static void usage(FILE *out)
{
    fputs("usage: nrncc [options] MODEL.nrn\n"
          "       nrncc --check FILE.mod\n"
          "       nrncc --dump-after=PASS FILE.mod\n"
          "\n"
          "Compiles a NEURON model (a .nrn model file and the NMODL .mod files it uses)\n"
          "into a standalone simulation executable.\n"
          "\n"
          "options:\n"
          "  -o FILE          the executable (default: the model file's name without .nrn),\n"
          "                   or the C file with -S (default: NAME.c)\n"
          "  -S, --emit-c     stop after writing the C file\n"
          "      --plot-data  put the drawing of the cells into the executable, for its\n"
          "                   --plot-shape v@T (a 'plot shape' statement does it too)\n"
          "      --embed      write freestanding C for a microcontroller (FILE.c and\n"
          "                   FILE.h beside it; no heap, no stdio, no runtime): see\n"
          "                   nrncc-embed(7); with it:\n"
          "        --prefix NAME         of every external name (default: the model's name)\n"
          "        --real float|double   the arithmetic (default double)\n"
          "        --no-libm             nrncc's own exp, log, ... instead of libm's\n"
          "        --event-capacity N    events the queue holds (default: from the model)\n"
          "        --spike-capacity N    outgoing spikes kept (default: from the model)\n"
          "  -I DIR           look for NAME.mod in DIR (after the model's directory,\n"
          "                   before the standard library); may be repeated\n"
          "  -D NAME=VALUE    set const NAME to VALUE (a number, in the const's unit)\n"
          "      --mpi        an executable for mpirun -np K (Open MPI's mpicc): the cells\n"
          "                   spread over K processes, the same files as one process\n"
          "      --native     compile for this machine's processor (-march=native): faster,\n"
          "                   the same numbers, but the executable may not run elsewhere\n"
          "      --fast       faster, not NEURON's order of operations: vector loops,\n"
          "                   vector exp, fused multiply-add, -O3 -march=native;\n"
          "                   traces within 1e-6 mV of the default build (nrncc(1))\n"
          "  -MD              also write the files the model reads as a Make rule, to\n"
          "                   OUTPUT.d (or -MF FILE)\n"
          "  -MF FILE         the file -MD writes\n"
          "      --topology   print the section tree as NEURON's topology() does, and stop\n"
          "      --geometry   print section,x,area,ri of every node as CSV, and stop\n"
          "      --check      check one .mod file (parse, check, lower) without a model\n"
          "                   and print what it defines\n"
          "      --dump-after=PASS  check one .mod file as --check does and print the\n"
          "                   mechanism after PASS: parse (canonical NMODL), check (the\n"
          "                   checked mechanism), solve (DERIVATIVE, LINEAR, NONLINEAR\n"
          "                   blocks lowered), kinetic (KINETIC systems), c (its C)\n"
          "      --sections   print section,parent,parent_x,n3d,L,nseg of every section\n"
          "                   as CSV, and stop\n"
          "      --describe   print a summary as NEURON's ModelView shows it, and stop\n"
          "      --netcons    print every NetCon (random rules drawn) as CSV\n"
          "                   source,source_gid,target,delay,weight, and stop\n"
          "  -v, --verbose    show the C compiler command\n"
          "  -h, --help       this text\n"
          "      --version    the version\n"
          "\n"
          "environment:\n"
          "  CC               the C compiler (default: clang, else cc)\n"
          "  NRNCC_CFLAGS     extra flags for it\n"
          "  NRNCC_HOME       where the runtime and standard library are (default: found\n"
          "                   relative to nrncc itself)\n"
          "\n"
          "Exit status: 0 success, 1 error in the input, 2 bad usage, 70 internal error.\n"
          "See nrncc(1), nrn(5) and nrncc-run(1).\n",
          out);
}

static bool valid_c_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* --mpi: the executable is built by Open MPI's mpicc (or $MPICC) with the
 * runtime's MPI build */
static bool g_mpi;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("nrncc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see nrncc --help)\n", stderr);
    return 2;
}

static int parse_args(int argc, char **argv, Options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--version")) {
            printf("nrncc %s\n", NRNCC_VERSION);
            exit(0);
        } else if (!strcmp(a, "-o")) {
            if (++i >= argc)
                return usage_error("'%s' needs a file name", a);
            o->output = argv[i];
        } else if (!strcmp(a, "--plot-data")) {
            o->plot_data = true;
        } else if (!strcmp(a, "-S") || !strcmp(a, "--emit-c")) {
            o->mode = MODE_EMIT_C;
        } else if (!strcmp(a, "--embed")) {
            o->mode = MODE_EMBED;
        } else if (!strcmp(a, "--prefix")) {
            if (++i >= argc)
                return usage_error("'%s' needs a name", a);
            if (!valid_c_name(argv[i]))
                return usage_error("the prefix '%s' is not a C identifier", argv[i]);
            o->embed.prefix = argv[i];
            o->embed_opt = true;
        } else if (!strcmp(a, "--real")) {
            if (++i >= argc || (strcmp(argv[i], "float") && strcmp(argv[i], "double")))
                return usage_error("'%s' needs 'float' or 'double'", a);
            o->embed.real_float = !strcmp(argv[i], "float");
            o->embed_opt = true;
        } else if (!strcmp(a, "--no-libm")) {
            o->embed.no_libm = true;
            o->embed_opt = true;
        } else if (!strcmp(a, "--event-capacity") || !strcmp(a, "--spike-capacity")) {
            char *end = NULL;
            long v = ++i < argc ? strtol(argv[i], &end, 10) : 0;
            if (i >= argc || *end || v < 1 || v > 100000000)
                return usage_error("'%s' needs a count from 1 to 100000000", a);
            if (a[2] == 'e')
                o->embed.event_capacity = (int)v;
            else
                o->embed.spike_capacity = (int)v;
            o->embed_opt = true;
        } else if (!strcmp(a, "--topology")) {
            o->mode = MODE_TOPOLOGY;
        } else if (!strcmp(a, "--geometry")) {
            o->mode = MODE_GEOMETRY;
        } else if (!strcmp(a, "--check")) {
            o->mode = MODE_CHECK;
        } else if (!strncmp(a, "--dump-after", 12) && (a[12] == '=' || a[12] == 0)) {
            const char *pass = a[12] ? a + 13 : NULL;
            if (!pass && ++i < argc)
                pass = argv[i];
            if (!pass)
                return usage_error("'%s' needs a pass (parse, check, solve, kinetic or c)", a);
            int k = dump_pass_named(pass);
            if (k < 0) {
                fprintf(stderr, "nrncc: error: unknown pass '%s' for --dump-after (the passes: %s) "
                                "(see nrncc --help)\n", pass, dump_pass_names());
                return 2;
            }
            o->mode = MODE_DUMP;
            o->dump = (DumpPass)k;
        } else if (!strcmp(a, "--sections")) {
            o->mode = MODE_SECTIONS;
        } else if (!strcmp(a, "--describe")) {
            o->mode = MODE_DESCRIBE;
        } else if (!strcmp(a, "--netcons")) {
            o->mode = MODE_NETCONS;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbose = true;
        } else if (!strcmp(a, "-I")) {
            if (++i >= argc)
                return usage_error("'%s' needs a directory", a);
            VEC_PUSH(o->incdirs, argv[i]);
        } else if (!strncmp(a, "-I", 2)) {
            VEC_PUSH(o->incdirs, a + 2);
        } else if (!strncmp(a, "-D", 2)) {
            const char *d = a[2] ? a + 2 : (++i < argc ? argv[i] : NULL);
            if (!d)
                return usage_error("'%s' needs NAME=VALUE", a);
            const char *eq = strchr(d, '=');
            char *end = NULL;
            double v = eq ? strtod(eq + 1, &end) : 0;
            if (!eq || eq == d || !eq[1] || *end)
                return usage_error("-D needs NAME=NUMBER, as in -D N=1000 (got '%s')", d);
            char *name = xmalloc((size_t)(eq - d) + 1);
            memcpy(name, d, (size_t)(eq - d));
            name[eq - d] = 0;
            VEC_PUSH(o->def_names, name);
            VEC_PUSH(o->def_vals, v);
        } else if (!strcmp(a, "--native")) {
            o->native = true;
        } else if (!strcmp(a, "--mpi")) {
            g_mpi = true;
        } else if (!strcmp(a, "--fast")) {
            o->fast = true;
        } else if (!strcmp(a, "-MD")) {
            o->md = true;
        } else if (!strcmp(a, "-MF")) {
            if (++i >= argc)
                return usage_error("'%s' needs a file name", a);
            o->mf = argv[i];
            o->md = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else {
            if (o->input)
                return usage_error("more than one model file ('%s')", a);
            o->input = a;
        }
    }
    if (!o->input)
        return usage_error("%s", o->mode == MODE_CHECK || o->mode == MODE_DUMP ? "no .mod file given"
                                                                               : "no model file given");
    if (g_mpi && o->mode == MODE_EMBED)
        return usage_error("%s", "--mpi builds an executable: it does not go with --embed");
    if (o->fast && o->mode == MODE_EMBED)
        return usage_error("%s", "--fast does not go with --embed (an embedding keeps NEURON's order of "
                                 "operations)");
    if (o->embed_opt && o->mode != MODE_EMBED)
        return usage_error("%s", "--prefix, --real, --no-libm, --event-capacity and --spike-capacity "
                                 "go with --embed");
    return 0;
}

/* The installation prefix: $NRNCC_HOME, or the parent of nrncc's own
 * directory (bin/..). */
static char *find_home(void)
{
    const char *env = getenv("NRNCC_HOME");
    if (env && *env)
        return xstrdup(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return xstrdup(".");
    exe[n] = 0;
    char *bin = dirname(exe);
    char *home = xmalloc(strlen(bin) + 4);
    sprintf(home, "%s/..", bin);
    return home;
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Writes text to path atomically (temporary file, then rename). */
static bool write_atomic(const char *path, const char *text, size_t len)
{
    char *tmp = xmalloc(strlen(path) + 16);
    sprintf(tmp, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "nrncc: error: cannot write '%s': %s\n", path, strerror(errno));
        free(tmp);
        return false;
    }
    FILE *f = fdopen(fd, "w");
    bool ok = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok) {
        chmod(tmp, 0644);
        ok = rename(tmp, path) == 0;
    }
    if (!ok) {
        fprintf(stderr, "nrncc: error: cannot write '%s': %s\n", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

static const char *pick_cc(void)
{
    if (g_mpi) {
        /* Open MPI's mpicc wraps $OMPI_CC: the compiler an executable
         * without --mpi gets (clang's code of the model is the faster) */
        const char *oc = getenv("OMPI_CC"), *cc = getenv("CC");
        if (!oc || !*oc)
            setenv("OMPI_CC", cc && *cc ? cc : system("command -v clang >/dev/null 2>&1") == 0 ? "clang" : "cc", 1);
        const char *mc = getenv("MPICC");
        return mc && *mc ? mc : "mpicc";
    }
    const char *cc = getenv("CC");
    if (cc && *cc)
        return cc;
    if (system("command -v clang >/dev/null 2>&1") == 0)
        return "clang";
    return "cc";
}

/* Runs the C compiler on cfile, producing output (or, when output is
 * NULL, only checking the C).  Returns the exit status for nrncc (0, 1
 * when no compiler or the user's VERBATIM C is wrong, 70 when the
 * generated C failed). */
/* The C compiler's flags for nrncc --fast (nrncc(1), FAST MODE): -O3,
 * fused multiply-add allowed, math functions without errno (so that
 * loops calling exp vectorise), loops marked NRN_SIMD vectorised, exp
 * from glibc's libmvec in them (clang needs -fveclib for it), and the
 * machine's own vector instructions.  Not -ffast-math: its reassociations
 * move IntFire4's spikes by 0.01 ms, and -ffinite-math-only would drop the
 * executable's checks of v for NaN and infinity. */
static const char *fast_flags(const char *cc)
{
    const char *base = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;
    return strstr(base, "clang") ? "-O3 -ffp-contract=fast -fno-math-errno -fno-trapping-math -fopenmp-simd "
                                   "-DNRNCC_OPENMP_SIMD -fveclib=libmvec -Wno-pass-failed -march=native "
                                 : "-O3 -ffp-contract=fast -fno-math-errno -fno-trapping-math -fopenmp-simd "
                                   "-DNRNCC_OPENMP_SIMD -march=native ";
}

static int run_cc(const char *home, const char *cfile, const char *output, bool verbose, bool verbatim,
                  bool native, bool fast)
{
    const char *cc = pick_cc();
    const char *env = getenv("NRNCC_CFLAGS");
    char extra_buf[4096];
    snprintf(extra_buf, sizeof extra_buf, "%s%s%s", native && !fast ? "-march=native " : "",
             fast ? fast_flags(cc) : "", env ? env : "");
    const char *extra = extra_buf;
    char inc[PATH_MAX], lib[PATH_MAX];
    snprintf(inc, sizeof inc, "%s/include/nrncc", home);
    if (!is_file(strcat(strcpy(lib, inc), "/nrt.h")))
        snprintf(inc, sizeof inc, "%s/runtime", home);
    snprintf(lib, sizeof lib, "%s/lib/libnrnrt%s.a", home, g_mpi ? "_mpi" : "");
    if (!is_file(lib)) {
        if (g_mpi)
            fprintf(stderr, "nrncc: error: --mpi: no MPI runtime library at '%s' (it is built when Open MPI's "
                            "mpicc is installed: apt-get install openmpi-bin libopenmpi-dev, then make)\n", lib);
        else
            fprintf(stderr, "nrncc: error: no runtime library at '%s' (set NRNCC_HOME)\n", lib);
        return 1;
    }
    StrBuf cmd = {0};
    char *tmpout = NULL;
    if (output) {
        tmpout = xmalloc(strlen(output) + 16);
        sprintf(tmpout, "%s.tmpXXXXXX", output);
        int fd = mkstemp(tmpout);
        if (fd < 0) {
            fprintf(stderr, "nrncc: error: cannot write '%s': %s\n", output, strerror(errno));
            free(tmpout);
            return 1;
        }
        close(fd);
        /* SUNDIALS CVODE (the variable time step), linked in statically */
        sb_printf(&cmd, "%s -std=c99 -O2 -ffp-contract=off %s -I'%s' -o '%s' '%s' '%s' %s -lm -pthread", cc,
                  extra ? extra : "", inc, tmpout, cfile, lib, NRNCC_CVODE_LIBS);
    } else {
        sb_printf(&cmd, "%s -std=c99 -fsyntax-only %s -I'%s' '%s'", cc, extra ? extra : "", inc, cfile);
    }
    if (verbose)
        fprintf(stderr, "%s\n", sb_str(&cmd));
    int rc = system(sb_str(&cmd));
    int status = 0;
    if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
        if (rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 127) {
            fprintf(stderr, "nrncc: error: no C compiler: '%s' was not found (set CC)\n", cc);
            status = 1;
        } else if (verbatim) {
            fprintf(stderr, "nrncc: error: the C compiler rejected the generated code; the messages above "
                            "point into the VERBATIM blocks of the .mod files\n");
            status = 1;
        } else {
            fprintf(stderr, "nrncc: internal error: the C compiler failed on the generated code\n");
            status = 70;
        }
        if (tmpout)
            unlink(tmpout);
    } else if (tmpout && rename(tmpout, output) != 0) {
        fprintf(stderr, "nrncc: error: cannot write '%s': %s\n", output, strerror(errno));
        unlink(tmpout);
        status = 1;
    }
    sb_free(&cmd);
    free(tmpout);
    return status;
}

/* Writes the model's C to a temporary directory and compiles it into
 * output (NULL: only checks it). */
static int build_c(const char *home, const Model *m, const StrBuf *c, const char *output, bool verbose, bool native,
                   bool fast)
{
    const char *tmpdir = getenv("TMPDIR");
    char *tdir = xmalloc((tmpdir ? strlen(tmpdir) : 4) + 20);
    sprintf(tdir, "%s/nrncc.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int status;
    if (!mkdtemp(tdir)) {
        fprintf(stderr, "nrncc: error: cannot make a temporary directory: %s\n", strerror(errno));
        status = 1;
    } else {
        char *cfile = xmalloc(strlen(tdir) + strlen(m->name) + 8);
        sprintf(cfile, "%s/%s.c", tdir, m->name);
        if (!write_atomic(cfile, c->s, c->len))
            status = 1;
        else
            status = run_cc(home, cfile, output, verbose, m->has_verbatim, native, fast);
        unlink(cfile);
        rmdir(tdir);
        free(cfile);
    }
    free(tdir);
    return status;
}

/* Appends a file name to a Make rule, spaces and '#' escaped as make
 * wants them. */
static void make_name(StrBuf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '#')
            sb_putc(b, '\\');
        if (*s == '$')
            sb_putc(b, '$');
        sb_putc(b, *s);
    }
}

/* -MD: "OUTPUT: MODEL.nrn FILES...", then an empty rule for each file (as
 * gcc -MP), so that a deleted file does not stop make. */
static int write_deps(const Options *o, const Model *m, const char *output)
{
    StrBuf b = {0};
    make_name(&b, output);
    sb_puts(&b, ":");
    VEC(const char *) files = {0};
    VEC_PUSH(files, o->input);
    for (int i = 0; i < m->deps.len; i++) {
        bool dup = false;
        for (int k = 0; k < files.len; k++)
            dup = dup || !strcmp(files.data[k], m->deps.data[i]);
        if (!dup)
            VEC_PUSH(files, m->deps.data[i]);
    }
    for (int i = 0; i < files.len; i++) {
        sb_puts(&b, " \\\n  ");
        make_name(&b, files.data[i]);
    }
    sb_putc(&b, '\n');
    for (int i = 1; i < files.len; i++) {
        sb_putc(&b, '\n');
        make_name(&b, files.data[i]);
        sb_puts(&b, ":\n");
    }
    VEC_FREE(files);
    char *path = NULL;
    if (!o->mf) {
        path = xmalloc(strlen(output) + 3);
        sprintf(path, "%s.d", output);
    }
    int status = write_atomic(o->mf ? o->mf : path, b.s, b.len) ? 0 : 1;
    free(path);
    sb_free(&b);
    return status;
}

/* "dir/model.nrn" -> "model" */
static char *stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = xstrdup(b);
    char *dot = strrchr(s, '.');
    if (dot && dot != s)
        *dot = 0;
    return s;
}


/* The standard library directory under home (a build tree or an
 * installation). */
static char *stdlib_dir_of(const char *home)
{
    char *dir = xmalloc(strlen(home) + 32);
    sprintf(dir, "%s/stdlib", home);
    if (!is_dir(dir))
        sprintf(dir, "%s/share/nrncc/stdlib", home);
    return dir;
}

/* A Model ready for model_check: the file at path, -I directories, the
 * standard library, the name from the file's name. */
static void model_setup(Model *m, Arena *arena, Diag *diag, const Options *o, const char *path,
                        const char *stdlib_dir)
{
    memset(m, 0, sizeof *m);
    m->arena = arena;
    m->diag = diag;
    m->path = path;
    char *dircopy = xstrdup(path);
    m->dir = arena_strdup(arena, dirname(dircopy));
    free(dircopy);
    m->nincdirs = o->incdirs.len + 1;
    m->incdirs = ARENA_NEWN(arena, const char *, m->nincdirs);
    for (int i = 0; i < o->incdirs.len; i++)
        m->incdirs[i] = o->incdirs.data[i];
    m->incdirs[o->incdirs.len] = stdlib_dir;
    char *name = stem(path);
    m->name = arena_strdup(arena, name);
    free(name);
}

/* nrncc --check FILE.mod: the file parsed and checked alone, then lowered
 * inside the smallest model that uses it (a section, a point process at
 * it, or an artificial cell), so that every error nrncc would report in
 * a model is reported; on success, what the mechanism defines, or with
 * --dump-after the mechanism after that pass. */
static int check_mod(const Options *o)
{
    char *home = find_home();
    char *stdlib_dir = stdlib_dir_of(home);
    int status = 1;
    Arena arena = {0};
    Diag quiet, diag;
    FILE *devnull = fopen("/dev/null", "w");
    diag_init(&quiet, devnull ? devnull : stderr);
    diag_init(&diag, stderr);
    char *abs = realpath(o->input, NULL);
    size_t len;
    char *text = abs ? read_file(abs, &len) : NULL;
    if (!text) {
        fprintf(stderr, "nrncc: error: cannot read '%s': %s\n", o->input, strerror(errno));
        goto out;
    }
    SrcFile src = {o->input, text, len};
    ModFile mod;
    memset(&mod, 0, sizeof mod);
    Mech *mech = NULL;
    if (nmodl_parse_file(&arena, &quiet, &src, &mod))
        mech = mech_check(&arena, &quiet, &mod);
    if (!mech) {
        /* again, for the messages */
        memset(&mod, 0, sizeof mod);
        if (nmodl_parse_file(&arena, &diag, &src, &mod))
            mech_check(&arena, &diag, &mod);
        goto out;
    }
    mech_random_pointers(&arena, &quiet, mech); /* (its errors come again with the model) */
    if (strchr(abs, '"')) {
        fprintf(stderr, "nrncc: error: cannot check '%s': its path contains '\"'\n", o->input);
        goto out;
    }
    StrBuf nrn = {0};
    sb_printf(&nrn, "model check_%s\nuse \"%s\"\n", mech->name, abs);
    if (mech->kind == MECH_DENSITY)
        sb_printf(&nrn, "section s { insert %s }\n", mech->name);
    else if (mech->kind == MECH_POINT)
        sb_printf(&nrn, "section s { }\n%s p at s(0.5)\n", mech->name);
    else
        sb_printf(&nrn, "section s { }\n%s c\n", mech->name);
    /* its FUNCTION_TABLEs are constants */
    for (int k = 0; k < mech->funcs.len; k++)
        if (mech->funcs.data[k].functable)
            sb_printf(&nrn, "function_table %s_%s = 0\n", mech->funcs.data[k].name, mech->name);
    /* its POINTERs refer to the section's v (or a Random, for one its
     * VERBATIM draws from) */
    for (int v = 0; v < mech->vars.len; v++) {
        if (!mech->vars.data[v].pointer || mech->vars.data[v].opaque)
            continue; /* (a BBCOREPOINTER is the C's own) */
        if (mech->vars.data[v].random) {
            sb_printf(&nrn, "Random r_%s { Random123(1) }\n", mech->vars.data[v].name);
            if (mech->kind == MECH_DENSITY)
                sb_printf(&nrn, "setpointer s(0.5).%s_%s, r_%s\n", mech->vars.data[v].name, mech->name,
                          mech->vars.data[v].name);
            else
                sb_printf(&nrn, "setpointer %s.%s, r_%s\n", mech->kind == MECH_POINT ? "p" : "c",
                          mech->vars.data[v].name, mech->vars.data[v].name);
        } else if (mech->kind == MECH_DENSITY)
            sb_printf(&nrn, "setpointer s(0.5).%s_%s, s(0.5).v\n", mech->vars.data[v].name, mech->name);
        else
            sb_printf(&nrn, "setpointer %s.%s, s(0.5).v\n", mech->kind == MECH_POINT ? "p" : "c",
                      mech->vars.data[v].name);
    }
    char *mpath = xmalloc(strlen(abs) + 16);
    sprintf(mpath, "%s.check.nrn", abs);
    SrcFile msrc = {mpath, sb_str(&nrn), nrn.len};
    NrnFile file;
    memset(&file, 0, sizeof file);
    Model m;
    model_setup(&m, &arena, &diag, o, mpath, stdlib_dir);
    m.name = arena_printf(&arena, "check_%s", mech->name);
    StrBuf c = {0};
    if (nrn_parse_file(&arena, &diag, &msrc, &file) && model_check(&m, &file)) {
        geometry_build(&m);
        /* VERBATIM C is the C compiler's to check */
        if (emit_model(&m, &c) && !diag.nerrors && (!m.has_verbatim || build_c(home, &m, &c, NULL, false, false, false) == 0)) {
            for (int k = 0; k < m.mechs.len; k++) {
                if (strcmp(m.mechs.data[k]->name, mech->name) != 0)
                    continue;
                if (o->mode == MODE_DUMP)
                    dump_mechanism(o->dump, &m, m.mechs.data[k], o->input, stdout);
                else
                    mech_describe(m.mechs.data[k], stdout);
            }
            status = 0;
        }
    }
    model_free(&m);
    sb_free(&c);
    sb_free(&nrn);
    free(mpath);
out:
    if (devnull)
        fclose(devnull);
    arena_free(&arena);
    free(text);
    free(abs);
    free(home);
    free(stdlib_dir);
    return status;
}

/* nrncc --embed: FILE.c and FILE.h (default NAME.c). */
static int write_embed(const Options *o, Model *m)
{
    char *cpath = o->output ? xstrdup(o->output) : NULL;
    if (!cpath) {
        cpath = xmalloc(strlen(m->name) + 3);
        sprintf(cpath, "%s.c", m->name);
    }
    size_t n = strlen(cpath);
    char *hpath = xmalloc(n + 3);
    strcpy(hpath, cpath);
    if (n > 2 && !strcmp(cpath + n - 2, ".c"))
        hpath[n - 1] = 'h';
    else
        strcat(hpath, ".h");
    const char *hbase = strrchr(hpath, '/') ? strrchr(hpath, '/') + 1 : hpath;
    EmbedOptions opt = o->embed;
    opt.header = hbase;
    if (!opt.prefix)
        opt.prefix = m->name;
    StrBuf c = {0}, h = {0};
    int status = 0;
    if (!emit_model_embed(m, &opt, &c, &h))
        status = 1;
    else if (!write_atomic(hpath, h.s, h.len) || !write_atomic(cpath, c.s, c.len))
        status = 1;
    else if (o->md)
        status = write_deps(o, m, cpath);
    sb_free(&c);
    sb_free(&h);
    free(cpath);
    free(hpath);
    return status;
}

static int compile(const Options *o)
{
    Arena arena = {0};
    Diag diag;
    diag_init(&diag, stderr);
    int status = 0;
    char *home = find_home();
    char *stdlib_dir = stdlib_dir_of(home);

    size_t len;
    char *text = read_file(o->input, &len);
    if (!text) {
        fprintf(stderr, "nrncc: error: cannot read '%s': %s\n", o->input, strerror(errno));
        free(home);
        free(stdlib_dir);
        return 1;
    }
    SrcFile src = {o->input, text, len};
    NrnFile file;
    memset(&file, 0, sizeof file);
    Model m;
    model_setup(&m, &arena, &diag, o, o->input, stdlib_dir);
    m.ndefs = o->def_names.len;
    m.def_names = o->def_names.data;
    m.def_vals = o->def_vals.data;
    m.def_used = ARENA_NEWN(&arena, bool, m.ndefs + 1);
    memset(m.def_used, 0, sizeof(bool) * (size_t)(m.ndefs + 1));

    if (!nrn_parse_file(&arena, &diag, &src, &file) || !model_check(&m, &file)) {
        status = 1;
        goto out;
    }
    if (!valid_c_name(m.name)) {
        SrcLoc top = {&src, 1, 1};
        diag_error(&diag, top, "the model name '%s' is not an identifier; name it with 'model NAME'", m.name);
        status = 1;
        goto out;
    }
    geometry_build(&m);
    if (o->plot_data && o->mode == MODE_EMBED) {
        diag_plain_error(&diag, "--plot-data is not supported with --embed (plots are files the executable writes)");
        status = 1;
        goto out;
    }
    m.shape_data |= o->plot_data;
    if (o->mode == MODE_TOPOLOGY) {
        geometry_print_topology(&m, stdout);
        goto out;
    }
    if (o->mode == MODE_GEOMETRY) {
        geometry_print_csv(&m, stdout);
        goto out;
    }
    if (o->mode == MODE_SECTIONS) {
        geometry_print_sections(&m, stdout);
        goto out;
    }
    if (o->mode == MODE_DESCRIBE) {
        describe_model(&m, stdout);
        goto out;
    }
    if (o->mode == MODE_NETCONS) {
        netrule_print_netcons(&m, stdout);
        goto out;
    }
    StrBuf c = {0};
    if (o->mode == MODE_EMBED) {
        status = write_embed(o, &m);
        goto out;
    }
    if (!(o->fast ? emit_model_fast(&m, &c) : emit_model(&m, &c))) {
        status = 1;
        goto out;
    }
    if (o->mode == MODE_EMIT_C) {
        char *def = NULL;
        const char *out = o->output;
        if (!out) {
            def = xmalloc(strlen(m.name) + 3);
            sprintf(def, "%s.c", m.name);
            out = def;
        }
        if (!write_atomic(out, c.s, c.len))
            status = 1;
        else if (o->md)
            status = write_deps(o, &m, out);
        free(def);
    } else {
        char *def = NULL;
        const char *out = o->output;
        if (!out)
            out = def = stem(o->input);
        status = build_c(home, &m, &c, out, o->verbose, o->native, o->fast);
        if (status == 0 && o->md)
            status = write_deps(o, &m, out);
        free(def);
    }
    sb_free(&c);
out:
    model_free(&m);
    arena_free(&arena);
    free(text);
    free(home);
    free(stdlib_dir);
    if (diag.nerrors && status == 0)
        status = 1;
    return status;
}

int main(int argc, char **argv)
{
    Options o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc == 0)
        rc = o.mode == MODE_CHECK || o.mode == MODE_DUMP ? check_mod(&o) : compile(&o);
    VEC_FREE(o.incdirs);
    for (int i = 0; i < o.def_names.len; i++)
        free((char *)o.def_names.data[i]);
    VEC_FREE(o.def_names);
    VEC_FREE(o.def_vals);
    return rc;
}
