/* verbatim.c - VERBATIM C translated for the generated code (see verbatim.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "verbatim.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
    "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
    "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
    "_Bool", "NULL",
};

static const char *const std_headers[] = {
    "assert.h", "ctype.h", "errno.h", "float.h", "limits.h", "math.h", "stdarg.h", "stdbool.h",
    "stddef.h", "stdint.h", "stdio.h", "stdlib.h", "string.h", "time.h",
};

/* POSIX headers a published mechanism's VERBATIM includes (files, time,
 * signals, threads: the executable links with -pthread): the generated C is compiled for a POSIX host (an --embed
 * build has no VERBATIM at all), with _DEFAULT_SOURCE defined first (emit.c)
 * so that what they declare is declared under -std=c99 */
static const char *const posix_headers[] = {
    "unistd.h", "signal.h", "sys/types.h", "sys/time.h", "sys/stat.h", "fcntl.h", "strings.h", "pthread.h",
};

/* NEURON's internals: names and prefixes of what nocmodl's C can reach
 * in NEURON and nrncc's cannot. */
static const char *const internal_names[] = {
    "_p", "_ppvar", "_nt", "_ml", "_iml", "_cntml", "_cntml_actual", "_cntml_padded", "_thread", "_tqitem",
    "_pnt", "_prop", "_extcall_prop", "_mechtype", "_sav_indep", "_ninits", "_reset", "ifarg", "getarg",
    "gargstr", "chkarg", "artcell_net_send", "net_send", "net_event", "net_move", "_net_send", "_net_event",
    "emalloc", "ecalloc", "erealloc", "get_loc_point_process", "secname", "Object", "Symbol",
    "Point_process", "Datum", "Prop", "NrnThread", "Memb_list", "IvocVect", "Rand", "Section", "Node",
    "state_discontinuity", "cvode_active_", "use_cachevec", "at_time", "t_", "dt_", "_threadargsprotocomma_",
    "_threadargsproto_", "_nrn_current", "_nrn_init", "_modl_cleanup",
};
static const char *const internal_prefixes[] = {
    "hoc_", "nrn_", "nrnran123_", "vector_", "ivoc", "nrnpy_", "_nrn", "_p_", "_ppvar", "nrnmpi_",
    "bbcore", "_slist", "_dlist", "_ninits", "_hoc_", "_mech", "_tqitem", "nrnthread",
};

/* NEURON's functions nrncc's runtime provides under its own names (the
 * Random123 streams of nrt.h): translated, never refused. */
static const char *const provided[][2] = {
    {"nrnran123_State", "NrtRan123"},
    {"nrnran123_newstream", "nrt_ran123_new"},
    {"nrnran123_newstream3", "nrt_ran123_new3"},
    {"nrnran123_deletestream", "nrt_ran123_delete"},
    {"nrnran123_setseq", "nrt_ran123_setseq"},
    {"nrnran123_getseq", "nrt_ran123_getseq"},
    {"nrnran123_getids", "nrt_ran123_getids"},
    {"nrnran123_getids3", "nrt_ran123_getids3"},
    {"nrnran123_ipick", "nrt_ran123_ipick"},
    {"nrnran123_uint2dbl", "nrt_ran123_uint2dbl"},
    {"nrnran123_dblpick", "nrt_ran123_dblpick"},
    {"nrnran123_negexp", "nrt_ran123_negexp"},
    {"nrnran123_normal", "nrt_ran123_normal"},
    {"nrnran123_set_globalindex", "nrt_ran123_set_globalindex"},
    {"nrnran123_get_globalindex", "nrt_ran123_get_globalindex"},
    /* a Random object the model binds to a POINTER (randobj.c) */
    {"nrn_random_pick", "nrt_random_pick"},
    /* hoc Vectors of the model file (read only) */
    {"IvocVect", "NrtVec"},
    {"vector_capacity", "nrt_vector_capacity"},
    {"vector_vec", "nrt_vector_vec"},
    {"vector_instance_px", "nrt_vector_instance_px"},
    {"vector_pobj", "nrt_vector_pobj"},
    {"hoc_obj_ref", "nrt_hoc_obj_ref"},
    {"hoc_obj_unref", "nrt_hoc_obj_unref"},
    /* hoc_execerror(s1, s2): the run stops with the message (executables only) */
    {"hoc_execerror", "NRT_HOC_EXECERROR"},
};

/* NEURON's names that nrncc gives as macros of the generated code (the
 * arguments of hoc's call, cvode_active_): the C's own declarations of
 * them (extern int ifarg(int);) are dropped */
static const char *const dropped_decls[] = {
    "ifarg", "getarg", "hoc_is_double_arg", "hoc_is_object_arg", "hoc_is_str_arg", "nrn_random_arg",
    "vector_arg", "cvode_active_",
};

/* declaration specifiers: what may precede a declared name */
static const char *const decl_specs[] = {
    "extern", "static", "const", "int", "double", "void", "char", "long", "unsigned", "float", "short", "signed",
};

static const char *provided_name(const char *s)
{
    for (size_t i = 0; i < COUNT(provided); i++)
        if (!strcmp(s, provided[i][0]))
            return provided[i][1];
    return NULL;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, list[i]))
            return true;
    return false;
}

static bool is_internal(const char *s)
{
    if (in_list(s, internal_names, COUNT(internal_names)))
        return true;
    for (size_t i = 0; i < COUNT(internal_prefixes); i++)
        if (!strncmp(s, internal_prefixes[i], strlen(internal_prefixes[i])))
            return true;
    return false;
}

typedef struct Scan {
    const char *p;
    int line, col;
    const SrcFile *file;
    /* the translation's arguments, for a local header's text */
    VerbResolve resolve;
    void *ud;
    const char *threadargs, *protoargs, *ret;
    int depth; /* local headers open around this text */
} Scan;

static bool translate(Diag *d, SrcLoc loc, const char *text, const Scan *outer, StrBuf *out);

static void adv(Scan *s, StrBuf *out, size_t n)
{
    for (size_t k = 0; k < n && *s->p; k++) {
        if (out)
            sb_putc(out, *s->p);
        if (*s->p == '\n') {
            s->line++;
            s->col = 1;
        } else {
            s->col++;
        }
        s->p++;
    }
}

static bool ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* #include "name" (s at the '#') of a header beside the file being read
 * (misc.h beside a published model's misc.mod): its text goes in place,
 * translated as VERBATIM C (so NEURON's internals in it are errors that
 * point into it), once per generated file whatever includes it again
 * (nocmodl's C is one file per mechanism, ours one per model).  False
 * when there is no such file (the caller refuses the #include). */
static bool local_header(Scan *s, Diag *d, SrcLoc at, const char *name, StrBuf *out, bool *ok)
{
    if (!s->file || strstr(name, "..") || name[0] == '/')
        return false;
    const char *path = s->file->path, *slash = strrchr(path, '/');
    size_t dn = slash ? (size_t)(slash - path) + 1 : 0;
    size_t nn = strlen(name);
    char *full = xmalloc(dn + nn + 1);
    memcpy(full, path, dn);
    memcpy(full + dn, name, nn + 1);
    size_t len;
    char *text = read_file(full, &len);
    if (!text) {
        free(full);
        return false;
    }
    if (s->depth >= 8) {
        diag_error(d, at, "VERBATIM: headers include each other more than 8 deep");
        *ok = false;
    } else {
        SrcFile hf = {full, text, len};
        SrcLoc top = {&hf, 1, -7}; /* (translate blanks loc.col + 8 columns: none) */
        sb_puts(out, "#ifndef NRNCC_HEADER_");
        for (const char *c = full; *c; c++)
            sb_putc(out, isalnum((unsigned char)*c) ? *c : '_');
        sb_puts(out, "\n#define NRNCC_HEADER_");
        for (const char *c = full; *c; c++)
            sb_putc(out, isalnum((unsigned char)*c) ? *c : '_');
        sb_putc(out, '\n');
        Scan hs = *s;
        hs.ret = ""; /* a header's 'return's are its own functions' */
        *ok = translate(d, top, text, &hs, out) && *ok;
        sb_printf(out, "#endif\n#line %d \"", s->line + 1);
        for (const char *c = s->file->path; *c; c++) {
            if (*c == '"' || *c == '\\')
                sb_putc(out, '\\');
            sb_putc(out, *c);
        }
        sb_putc(out, '"');
    }
    free(text);
    free(full);
    /* the rest of the #include line is not copied */
    while (*s->p && *s->p != '\n')
        adv(s, NULL, 1);
    return true;
}

/* A preprocessor line (s at its '#'): #include must name a standard
 * header (or a POSIX one, or a header beside the file); the line (with
 * its continuations) is copied. */
static bool directive(Scan *s, Diag *d, StrBuf *out)
{
    SrcLoc at = {s->file, s->line, s->col};
    const char *q = s->p + 1;
    while (*q == ' ' || *q == '\t')
        q++;
    bool ok = true;
    if (!strncmp(q, "include", 7)) {
        q += 7;
        while (*q == ' ' || *q == '\t')
            q++;
        char close = *q == '<' ? '>' : *q == '"' ? '"' : 0;
        const char *e = close ? strchr(q + 1, close) : NULL;
        const char *nl = strchr(q, '\n');
        if (!e || (nl && e > nl)) {
            diag_error(d, at, "VERBATIM: cannot read this #include");
            ok = false;
        } else {
            char name[128];
            size_t n = (size_t)(e - q - 1) < sizeof name - 1 ? (size_t)(e - q - 1) : sizeof name - 1;
            memcpy(name, q + 1, n);
            name[n] = 0;
            if (close == '"' && local_header(s, d, at, name, out, &ok))
                return ok;
            if (!strcmp(name, "nrnran123.h")) {
                /* what it declares, nrncc's runtime provides (nrt.h) */
                sb_puts(out, "/* nrnran123.h: the runtime's Random123 streams */");
                while (*s->p && *s->p != '\n')
                    adv(s, NULL, 1);
                return true;
            }
            if (!in_list(name, std_headers, COUNT(std_headers)) && !in_list(name, posix_headers, COUNT(posix_headers))) {
                diag_error(d, at,
                           "VERBATIM includes '%s': nrncc provides the standard C library's headers, a few "
                           "POSIX ones and headers beside the .mod file, not NEURON's or others", name);
                ok = false;
            }
        }
    }
    /* copy to the end of the line, with backslash continuations */
    while (*s->p && *s->p != '\n') {
        if (s->p[0] == '\\' && s->p[1] == '\n')
            adv(s, out, 1);
        adv(s, out, 1);
    }
    return ok;
}

bool verbatim_translate(Diag *d, SrcLoc loc, const char *text, VerbResolve resolve, void *ud,
                        const char *threadargs, const char *protoargs, const char *ret, StrBuf *out)
{
    Scan outer = {NULL, 0, 0, NULL, resolve, ud, threadargs, protoargs, ret, -1};
    return translate(d, loc, text, &outer, out);
}

/* The text at loc, a VERBATIM block's or a local header's (outer: the
 * arguments, and the depth of headers around it less one). */
static bool translate(Diag *d, SrcLoc loc, const char *text, const Scan *outer, StrBuf *out)
{
    VerbResolve resolve = outer->resolve;
    void *ud = outer->ud;
    const char *threadargs = outer->threadargs, *protoargs = outer->protoargs, *ret = outer->ret;
    Scan s = {text, loc.line, loc.col + 8, loc.file, resolve, ud, threadargs, protoargs, ret, outer->depth + 1};
    bool ok = true;
    const char *path = loc.file ? loc.file->path : "?";
    sb_printf(out, "#line %d \"", loc.line);
    for (const char *c = path; *c; c++) {
        if (*c == '"' || *c == '\\')
            sb_putc(out, '\\');
        sb_putc(out, *c);
    }
    sb_puts(out, "\"\n");
    /* the text from the keyword's line on, the keyword itself blanked */
    for (int k = 1; k < loc.col + 8; k++)
        sb_putc(out, ' ');
    char last = 0;      /* last significant character copied */
    bool line_start = true;
    int ret_depth = -1; /* inside `return X;` made `{ (void)(X); goto ret; }`: its paren depth */
    SrcLoc ret_at = loc;
    size_t stmt_at = out->len; /* where the present statement's C begins in out */
    bool specs_only = true;    /* and it holds declaration specifiers only so far */
    while (*s.p) {
        char c = *s.p;
        if (c == '\n') {
            bool fresh = stmt_at == out->len;
            adv(&s, out, 1);
            if (fresh)
                stmt_at = out->len;
            line_start = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            adv(&s, out, 1);
            continue;
        }
        if (c == '#' && line_start) {
            ok = directive(&s, d, out) && ok;
            stmt_at = out->len;
            specs_only = true;
            continue;
        }
        line_start = false;
        if (c == '/' && s.p[1] == '/') {
            while (*s.p && *s.p != '\n')
                adv(&s, out, 1);
            continue;
        }
        if (c == '/' && s.p[1] == '*') {
            adv(&s, out, 2);
            while (*s.p && !(s.p[0] == '*' && s.p[1] == '/'))
                adv(&s, out, 1);
            adv(&s, out, 2);
            continue;
        }
        if (c == '"' || c == '\'') {
            adv(&s, out, 1);
            while (*s.p && *s.p != c && *s.p != '\n') {
                if (*s.p == '\\' && s.p[1])
                    adv(&s, out, 1);
                adv(&s, out, 1);
            }
            adv(&s, out, 1);
            last = c;
            specs_only = false;
            continue;
        }
        if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)s.p[1]))) {
            /* a pp-number: digits, letters, '.', and signs after e/E/p/P */
            while (*s.p) {
                char x = *s.p;
                if ((x == '+' || x == '-') && strchr("eEpP", s.p[-1]))
                    adv(&s, out, 1);
                else if (ident_char(x) || x == '.')
                    adv(&s, out, 1);
                else
                    break;
            }
            last = '0';
            specs_only = false;
            continue;
        }
        if (!ident_start(c)) {
            if (ret_depth >= 0 && (c == '(' || c == ')'))
                ret_depth += c == '(' ? 1 : -1;
            if (ret_depth == 0 && c == ';') {
                sb_printf(out, "); goto %s; }", ret);
                adv(&s, NULL, 1);
                ret_depth = -1;
                last = ';';
                continue;
            }
            bool arrow = c == '-' && s.p[1] == '>';
            adv(&s, out, arrow ? 2 : 1);
            last = arrow ? 'A' : c; /* 'A': '->' (a plain '>' is a comparison) */
            if (c == ';' || c == '{' || c == '}') {
                stmt_at = out->len;
                specs_only = true;
            } else if (c != '*') {
                specs_only = false;
            }
            continue;
        }
        /* an identifier */
        SrcLoc at = {s.file, s.line, s.col};
        const char *b = s.p;
        while (ident_char(*s.p))
            s.p++;
        size_t n = (size_t)(s.p - b);
        s.col += (int)n;
        char *id = xmalloc(n + 1);
        memcpy(id, b, n);
        id[n] = 0;
        bool member = last == '.' || last == 'A';
        last = 'a';
        if (!member && specs_only && in_list(id, dropped_decls, COUNT(dropped_decls))) {
            /* NEURON's declaration of a name nrncc defines: dropped (its
             * lines kept, for the #line numbering) */
            int nl = 0;
            for (size_t k = stmt_at; k < out->len; k++)
                nl += out->s[k] == '\n';
            out->len = stmt_at;
            out->s[out->len] = 0;
            while (*s.p && *s.p != ';') {
                nl += *s.p == '\n';
                adv(&s, NULL, 1);
            }
            adv(&s, NULL, 1);
            sb_printf(out, " /* NEURON's declaration of %s: nrncc's is its own */", id);
            for (int k = 0; k < nl; k++)
                sb_putc(out, '\n');
            stmt_at = out->len;
            free(id);
            continue;
        }
        if (!member && specs_only && (!strcmp(id, "bbcore_write") || !strcmp(id, "bbcore_read"))) {
            /* CoreNEURON's functions (NEURON never calls them): their
             * declaration or definition dropped, its lines kept */
            int nl = 0;
            for (size_t k = stmt_at; k < out->len; k++)
                nl += out->s[k] == '\n';
            out->len = stmt_at;
            out->s[out->len] = 0;
            int depth = 0;
            bool body = false;
            while (*s.p) {
                char x = *s.p;
                if (x == '/' && s.p[1] == '*') {
                    while (*s.p && !(s.p[0] == '*' && s.p[1] == '/')) {
                        nl += *s.p == '\n';
                        adv(&s, NULL, 1);
                    }
                    adv(&s, NULL, 2);
                    continue;
                }
                if (x == '/' && s.p[1] == '/') {
                    while (*s.p && *s.p != '\n')
                        adv(&s, NULL, 1);
                    continue;
                }
                if (x == '"' || x == '\'') {
                    adv(&s, NULL, 1);
                    while (*s.p && *s.p != x && *s.p != '\n') {
                        if (*s.p == '\\' && s.p[1])
                            adv(&s, NULL, 1);
                        adv(&s, NULL, 1);
                    }
                    adv(&s, NULL, 1);
                    continue;
                }
                nl += x == '\n';
                adv(&s, NULL, 1);
                if (x == '(' || x == '{')
                    depth++;
                if (x == '{')
                    body = true;
                if ((x == ')' || x == '}') && --depth == 0 && body)
                    break;
                if (x == ';' && depth == 0)
                    break;
            }
            sb_printf(out, " /* CoreNEURON's %s: dropped */", id);
            for (int k = 0; k < nl; k++)
                sb_putc(out, '\n');
            stmt_at = out->len;
            free(id);
            continue;
        }
        if (member || !in_list(id, decl_specs, COUNT(decl_specs)))
            specs_only = false;
        if (member || in_list(id, c_keywords, COUNT(c_keywords))) {
            if (!member && !strcmp(id, "return") && ret && *ret) {
                const char *q = s.p;
                while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
                    q++;
                if (*q != ';') {
                    /* nocmodl's block is a void function: NEURON's C
                     * compiler warns, evaluates the value and drops it */
                    sb_puts(out, "{ (void)(");
                    ret_depth = 0;
                    ret_at = at;
                    free(id);
                    continue;
                }
                sb_printf(out, "goto %s", ret);
                free(id);
                continue;
            }
            if (!member && !strcmp(id, "return") && !ret) {
                diag_error(d, at, "VERBATIM: 'return' is supported only in a FUNCTION, PROCEDURE or INITIAL block");
                ok = false;
            }
            sb_puts(out, id);
            free(id);
            continue;
        }
        if (!strcmp(id, "_threadargs_") || !strcmp(id, "_threadargscomma_")) {
            sb_puts(out, threadargs);
            if (id[11] == 'c')
                sb_putc(out, ',');
            free(id);
            continue;
        }
        if ((!strcmp(id, "_threadargsproto_") || !strcmp(id, "_threadargsprotocomma_")) && protoargs) {
            sb_puts(out, protoargs);
            if (id[16] == 'c')
                sb_putc(out, ',');
            free(id);
            continue;
        }
        /* NEURON's test for a thread other than the first: false, as a
         * model using it runs on one thread (emit_threads.c) */
        if (!strcmp(id, "_nt")) {
            const char *q = s.p;
            while (*q == ' ' || *q == '\t')
                q++;
            if (q[0] == '!' && q[1] == '=') {
                q += 2;
                while (*q == ' ' || *q == '\t')
                    q++;
                if (!strncmp(q, "nrn_threads", 11) && !ident_char(q[11])) {
                    sb_puts(out, "0 /* _nt != nrn_threads */");
                    while (s.p < q + 11)
                        adv(&s, NULL, 1);
                    free(id);
                    continue;
                }
            }
        }
        VerbName r = resolve(ud, id);
        const char *prov = r.kind == VERB_REPLACE ? NULL : provided_name(id);
        if (prov) {
            sb_puts(out, prov);
            free(id);
            continue;
        }
        if (r.kind == VERB_KEEP && !strncmp(id, "nrn_random", 10)) {
            diag_error(d, at, "VERBATIM uses NEURON's Random function '%s', which nrncc does not provide "
                       "(nrn_random_pick of a Random in a POINTER, and Random123 streams of the C's own, "
                       "nrnran123_*, are supported: see nrncc-nmodl(7))", id);
            ok = false;
        } else if (r.kind == VERB_KEEP && is_internal(id)) {
            diag_error(d, at, "VERBATIM uses NEURON's internal '%s', which nrncc does not provide", id);
            ok = false;
        } else if (r.kind == VERB_ERROR) {
            diag_error(d, at, "VERBATIM: %s", r.text);
            ok = false;
        }
        if (r.kind == VERB_REPLACE) {
            sb_puts(out, r.text);
        } else if (r.kind == VERB_CALL) {
            sb_puts(out, r.text);
            /* the call's own arguments follow: put the generated code's first */
            const char *q = s.p;
            while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
                q++;
            if (*q == '(') {
                while (s.p < q)
                    adv(&s, out, 1);
                adv(&s, out, 1);
                if (ret_depth >= 0)
                    ret_depth++;
                const char *a = s.p;
                while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
                    a++;
                bool explicit_args = !strncmp(a, "_threadargs", 11);
                if (!explicit_args)
                    sb_printf(out, "%s%s", threadargs, *a == ')' ? "" : ", ");
                last = '(';
            }
        } else {
            sb_puts(out, id);
        }
        free(id);
    }
    if (ret_depth >= 0) {
        diag_error(d, ret_at, "VERBATIM: a 'return' without its ';'");
        ok = false;
    }
    sb_puts(out, "\n" VERBATIM_LINE_RESET "\n");
    return ok;
}

void verbatim_fix_lines(StrBuf *b, const char *cname)
{
    if (!b->s || !strstr(b->s, VERBATIM_LINE_RESET))
        return;
    StrBuf o = {0};
    const char *p = b->s;
    int line = 1;
    size_t mlen = strlen(VERBATIM_LINE_RESET);
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == mlen && !memcmp(p, VERBATIM_LINE_RESET, mlen))
            sb_printf(&o, "#line %d \"%s\"", line + 1, cname);
        else
            sb_putn(&o, p, n);
        if (!e)
            break;
        sb_putc(&o, '\n');
        line++;
        p = e + 1;
    }
    sb_free(b);
    *b = o;
}

/* True when the C text declares a variable name with one of C's
 * arithmetic types (double x;  int n = 0, x;  double *x): VERBATIM's own
 * locals, which nocmodl lets the block's NMODL statements use by name.
 * Comments, strings and preprocessor lines are skipped. */
bool verbatim_declares(const char *text, const char *name)
{
    static const char *const types[] = {"double", "float", "int", "long", "short", "unsigned", "char"};
    size_t nl = strlen(name);
    bool in_decl = false; /* after a type keyword, up to its ';' */
    const char *p = text;
    while (*p) {
        if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else if ((p[0] == '/' && p[1] == '/') || (p[0] == '#' && (p == text || p[-1] == '\n'))) {
            while (*p && *p != '\n')
                p++;
        } else if (*p == '"' || *p == '\'') {
            char q = *p++;
            while (*p && *p != q)
                p += p[0] == '\\' && p[1] ? 2 : 1;
            if (*p)
                p++;
        } else if (ident_start(*p)) {
            const char *s = p;
            while (ident_char(*p))
                p++;
            size_t n = (size_t)(p - s);
            bool type = false;
            for (size_t k = 0; k < COUNT(types); k++)
                if (strlen(types[k]) == n && !strncmp(s, types[k], n))
                    type = true;
            if (type) {
                in_decl = true;
            } else if (in_decl && n == nl && !strncmp(s, name, n)) {
                const char *q = p;
                while (*q == ' ' || *q == '\t')
                    q++;
                if (*q == ';' || *q == '=' || *q == ',' || *q == '[')
                    return true;
            } else if (in_decl) {
                /* a name that is no declarator ends it (a cast's type, a call) */
                const char *q = p;
                while (*q == ' ' || *q == '\t')
                    q++;
                if (*q != ';' && *q != '=' && *q != ',' && *q != '[')
                    in_decl = false;
            }
        } else {
            if (*p == ';' || *p == '(' || *p == ')' || *p == '{' || *p == '}')
                in_decl = false;
            p++;
        }
    }
    return false;
}
