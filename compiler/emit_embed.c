/* emit_embed.c - nrncc --embed: a model's C for a microcontroller.
 *
 * needs: emit.c's Emitter over a checked model, in embed mode (it calls
 * the hooks below at its places).
 * provides: the same simulation code as an executable's (the same kernels,
 * finitialize and fixed step, so the same numbers), made freestanding:
 * - the state struct moves to the header, renamed PFX_state, with the
 *   runtime inside it (PFX_rt: a fixed-capacity event queue, a ring
 *   buffer of outgoing spikes, status, random state, KINETIC matrices);
 * - the runtime's functions come from compiler/embed_rt.c.in, copied into
 *   the file; with --no-libm also compiler/embed_libm.c.in;
 * - the API (PFX_init, PFX_step, setters, getters, PFX_deliver, ...);
 * - --real float rewrites the whole text to float (types, literals, libm
 *   names).
 * Every external name starts with the prefix; the rest is static.
 * nrncc-embed(7) is the user's side of this.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "geometry.h"

/* the templates, one string per line (the Makefile makes them from
 * compiler/embed_rt.c.in and compiler/embed_libm.c.in) */
static const char *const RT_LINES[] = {
#include "embed_rt.inc"
    NULL};
static const char *const LIBM_LINES[] = {
#include "embed_libm.inc"
    NULL};

/* libm's functions the generated code may call (NMODL's, the runtime's) */
static const char *const LIBM_NAMES[] = {
    "exp",   "log",  "log10", "sqrt",  "sin", "cos",   "tan", "asin", "acos", "atan", "atan2", "sinh",
    "cosh",  "tanh", "fabs",  "floor", "ceil", "pow",  "fmod", "erf", "erfc", "fmin", "fmax",  NULL,
};
/* those embed_libm.c.in supplies (--no-libm) */
static const char *const OWN_LIBM[] = {
    "exp", "log", "log10", "sqrt", "sin", "cos", "tan", "atan", "atan2", "asin", "acos", "sinh", "cosh",
    "tanh", "fabs", "floor", "ceil", "pow", "fmod", "fmin", "fmax", NULL,
};

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (int i = 0; list[i]; i++)
        if (strlen(list[i]) == n && !strncmp(list[i], s, n))
            return true;
    return false;
}

void embed_refuse(Emitter *e, SrcLoc loc, const char *what)
{
    const char *why = !strcmp(what, "printf") ? "the embedded C has no stdio"
                                              : "its C may call the C library or NEURON's runtime, which the "
                                                "embedded C does not have";
    diag_error(e->diag, loc, "%s is not supported with --embed (%s)", what, why);
}

/* ---- --real float: what float cannot do ---- */

/* Iterations that stop at a tolerance made for doubles may never stop, or
 * fail, in float: Newton's (derivimplicit, NONLINEAR, STEADYSTATE, the
 * KINETIC solver) and a mechanism's own WHILE loops are refused. */
static void float_refuse(Emitter *e, SrcLoc loc, const char *what)
{
    bool loop = !strcmp(what, "a WHILE loop");
    diag_error(e->diag, loc, "%s is not supported with --real float (%s); build this model with --real double",
               what, loop ? "in float it may never end: its condition may need double precision"
                          : "it iterates to a tolerance made for double");
}

static void float_walk(Emitter *e, const MNode *n)
{
    if (!n)
        return;
    if (n->kind == MK_WHILE)
        float_refuse(e, n->loc, "a WHILE loop");
    if (n->kind == MK_SOLVE && n->text && strcmp(n->text, "sparse") != 0)
        float_refuse(e, n->loc, "STEADYSTATE");
    float_walk(e, n->a);
    float_walk(e, n->b);
    float_walk(e, n->c);
    float_walk(e, n->d);
    const MList *ls[3] = {&n->list, &n->list2, &n->body};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < ls[k]->len; i++)
            float_walk(e, ls[k]->items[i]);
}

static void float_check(Emitter *e)
{
    for (int k = 0; k < e->nuses; k++) {
        const Mech *m = e->uses[k].mech;
        if (m->kind == MECH_ION)
            continue;
        float_walk(e, m->initial);
        float_walk(e, m->breakpoint);
        float_walk(e, m->netrecv);
        for (int i = 0; i < m->funcs.len; i++)
            float_walk(e, m->funcs.data[i].node);
        for (int i = 0; i < m->derivs.len; i++)
            float_walk(e, m->derivs.data[i]);
        for (int t = 0; t < BA_N; t++)
            for (int i = 0; i < m->ba[t].len; i++)
                float_walk(e, m->ba[t].data[i]);
        for (int i = 0; i < m->solves.len; i++) {
            const MechSolve *sv = &m->solves.data[i];
            if (sv->kinetic)
                float_refuse(e, sv->stmt->loc, "a KINETIC scheme (its Newton iteration)");
            else if (sv->lin == 2)
                float_refuse(e, sv->stmt->loc, "a NONLINEAR block (its Newton iteration)");
            else if (sv->block && !sv->lin && sv->method &&
                     (!strcmp(sv->method, "derivimplicit") ||
                      (!strcmp(sv->method, "cnexp") && !nmodl_cnexp_possible(e->arena, &sv->block->body))))
                float_refuse(e, sv->stmt->loc, "derivimplicit (its Newton iteration)");
        }
    }
}

/* ---- inputs: one NetCon without a source per NET_RECEIVE target ---- */

void embed_add_inputs(Emitter *e)
{
    Model *m = e->m;
    e->input_nc0 = m->netcons.len;
    for (int p = 0; p < m->pps.len; p++) {
        const PointProc *pp = &m->pps.data[p];
        const Mech *mech = m->mechs.data[pp->mech];
        if (!mech->netrecv)
            continue;
        NetCon nc;
        memset(&nc, 0, sizeof nc);
        nc.loc = pp->loc;
        nc.det = -1;
        nc.src_pp = -1;
        nc.target = p;
        nc.delay = 0;
        nc.nw = mech->netrecv->list.len > 0 ? mech->netrecv->list.len : 1;
        nc.w = ARENA_NEWN(m->arena, double, nc.nw);
        memset(nc.w, 0, sizeof(double) * (size_t)nc.nw);
        APUSH(m->arena, m->netcons, nc);
        e->ninput++;
    }
}

/* ---- names ---- */

/* A C identifier from a model name ("ring[3].soma(0.5).v" -> "ring_3_soma_0_5_v"). */
static char *mangle(Arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 2), *p = out;
    if (isdigit((unsigned char)*s))
        *p++ = 'x';
    for (; *s; s++) {
        char c = *s;
        if (isalnum((unsigned char)c) || c == '_')
            *p++ = c;
        else if (p > out && p[-1] != '_')
            *p++ = '_';
    }
    while (p > out && p[-1] == '_')
        p--;
    if (p == out)
        *p++ = 'x';
    *p = 0;
    return out;
}

/* name, or name_2, name_3, ... when taken (in seen) */
static const char *unique(Arena *a, StrMap *seen, const char *name)
{
    const char *n = name;
    for (int k = 2; strmap_get(seen, n) >= 0; k++)
        n = arena_printf(a, "%s_%d", name, k);
    strmap_put(seen, n, 1);
    return n;
}

static const char *upper(Arena *a, const char *s)
{
    char *u = arena_strdup(a, s);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

/* ---- templates ---- */

/* Appends section `name` of a template, with PFX_ and PFXU_ made the
 * prefix (as given, and upper case). */
static void put_section(Emitter *e, StrBuf *o, const char *const *lines, const char *name)
{
    const char *pfx = e->embed->prefix, *pfxu = upper(e->arena, pfx);
    char marker[64];
    snprintf(marker, sizeof marker, "/*@ %s */", name);
    bool on = false, found = false;
    for (int i = 0; lines[i]; i++) {
        const char *l = lines[i];
        if (!strncmp(l, "/*@ ", 4)) {
            on = !strcmp(l, marker);
            found = found || on;
            continue;
        }
        if (!on)
            continue;
        for (const char *p = l; *p;) {
            if (!strncmp(p, "PFXU_", 5)) {
                sb_printf(o, "%s_", pfxu);
                p += 5;
            } else if (!strncmp(p, "PFX_", 4)) {
                sb_printf(o, "%s_", pfx);
                p += 4;
            } else {
                sb_putc(o, *p++);
            }
        }
        sb_putc(o, '\n');
    }
    if (!found)
        die("no section '%s' in an embed template", name);
}

/* ---- text ---- */

/* Whether identifier id appears in text as a whole word (before '(' when call). */
static bool uses(const char *text, const char *id, bool call)
{
    size_t n = strlen(id);
    for (const char *p = strstr(text, id); p; p = strstr(p + 1, id)) {
        if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            continue;
        const char *q = p + n;
        if (isalnum((unsigned char)*q) || *q == '_')
            continue;
        while (call && *q == ' ')
            q++;
        if (!call || *q == '(')
            return true;
    }
    return false;
}

/* The integer `#define NAME VALUE` lines of text[0..n): name -> value. */
typedef VEC(long) LongVec;

static void read_defines(Arena *ar, const char *text, size_t n, StrMap *names, LongVec *vals)
{
    const char *end = text + n;
    for (const char *p = text; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        if (!strncmp(p, "#define ", 8)) {
            const char *a = p + 8, *b = a;
            while (b < nl && (isalnum((unsigned char)*b) || *b == '_'))
                b++;
            const char *c = b;
            while (c < nl && *c == ' ')
                c++;
            char *stop;
            long v = strtol(c, &stop, 10);
            if (b > a && c < nl && stop == nl) {
                strmap_put(names, arena_strndup(ar, a, (size_t)(b - a)), vals->len);
                VEC_PUSH(*vals, v);
            }
        }
        p = nl + 1;
    }
}

/* A copy of text with whole identifiers replaced: names[i] -> repl[i]. */
static void replace_ids(StrBuf *o, const char *text, size_t n, const char *const *names, const char *const *repl,
                        int nrep)
{
    for (size_t i = 0; i < n;) {
        if (isalpha((unsigned char)text[i]) || text[i] == '_') {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)text[j]) || text[j] == '_'))
                j++;
            int k;
            for (k = 0; k < nrep; k++)
                if (strlen(names[k]) == j - i && !strncmp(names[k], text + i, j - i))
                    break;
            if (k < nrep)
                sb_puts(o, repl[k]);
            else
                sb_putn(o, text + i, j - i);
            i = j;
        } else {
            sb_putc(o, text[i++]);
        }
    }
}

/* Calls fn for every identifier of C text s[0..n), skipping comments,
 * strings and character constants. */
static void each_ident(const char *s, size_t n, void (*fn)(void *, const char *, size_t), void *ud)
{
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            i = end ? (size_t)(end - s) + 2 : n;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < n && s[j] != c)
                j += s[j] == '\\' ? 2 : 1;
            i = j + 1;
        } else if (isalpha((unsigned char)c) || c == '_') {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            fn(ud, s + i, j - i);
            i = j;
        } else if (isdigit((unsigned char)c)) {
            while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.'))
                i++;
        } else {
            i++;
        }
    }
}

typedef struct Clash {
    Emitter *e;
    const char *pfx, *pfxu;  /* "ring_", "RING_" */
    StrMap api, seen;        /* the API's names; the clashes reported */
} Clash;

static void clash_ident(void *ud, const char *id, size_t n)
{
    Clash *c = ud;
    size_t lp = strlen(c->pfx);
    if (n <= lp || (strncmp(id, c->pfx, lp) != 0 && strncmp(id, c->pfxu, lp) != 0))
        return;
    char *name = arena_strndup(c->e->arena, id, n);
    if (strmap_get(&c->api, name) >= 0 && strmap_get(&c->seen, name) < 0) {
        strmap_put(&c->seen, name, 1);
        diag_plain_error(c->e->diag, "with the prefix '%.*s' the API's name '%s' is also a name of the generated "
                                     "code; choose another prefix with --prefix",
                         (int)lp - 1, c->pfx, name);
    }
}

/* --real float: the C text with float for double, f-suffixed floating
 * literals and libm's float functions (expf for exp); comments, strings
 * and character constants stay. */
static void to_float(StrBuf *b)
{
    const char *s = b->s;
    size_t n = b->len;
    StrBuf o = {0};
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *end = strstr(s + i + 2, "*/");
            size_t j = end ? (size_t)(end - s) + 2 : n;
            sb_putn(&o, s + i, j - i);
            i = j;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            size_t j = i;
            while (j < n && s[j] != '\n')
                j++;
            sb_putn(&o, s + i, j - i);
            i = j;
        } else if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < n && s[j] != c) {
                if (s[j] == '\\')
                    j++;
                j++;
            }
            j = j < n ? j + 1 : n;
            sb_putn(&o, s + i, j - i);
            i = j;
        } else if (isalpha((unsigned char)c) || c == '_') {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            size_t len = j - i;
            size_t k = j;
            while (k < n && s[k] == ' ')
                k++;
            if (len == 6 && !strncmp(s + i, "double", 6))
                sb_puts(&o, "float");
            else if (len == 8 && !strncmp(s + i, "HUGE_VAL", 8))
                sb_puts(&o, "HUGE_VALF");
            else if (k < n && s[k] == '(' && in_list(LIBM_NAMES, s + i, len)) {
                sb_putn(&o, s + i, len);
                sb_putc(&o, 'f');
            } else
                sb_putn(&o, s + i, len);
            i = j;
        } else if (isdigit((unsigned char)c) || (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
            /* a preprocessing number */
            size_t j = i + 1;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '.' || s[j] == '_' ||
                             ((s[j] == '+' || s[j] == '-') && strchr("eEpP", s[j - 1]))))
                j++;
            bool hex = j - i > 1 && c == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X');
            bool fl = false;
            for (size_t k2 = i; k2 < j; k2++)
                fl = fl || (hex ? strchr("pP", s[k2]) != NULL : strchr(".eE", s[k2]) != NULL);
            sb_putn(&o, s + i, j - i);
            if (fl && !strchr("fFlL", s[j - 1]))
                sb_putc(&o, 'f');
            i = j;
        } else {
            sb_putc(&o, c);
            i++;
        }
    }
    sb_free(b);
    *b = o;
}

/* The nodes' names as one array of char arrays: an object of its own,
 * which --gc-sections drops when PFX_node_label is not called (string
 * literals would sit in a mergeable section that any string keeps). */
void embed_node_labels(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    char buf[512];
    size_t w = 1;
    for (int i = 0; i < m->nnode; i++) {
        size_t l = strlen(geometry_node_label(m, i, buf, sizeof buf)) + 1;
        w = l > w ? l : w;
    }
    sb_printf(o, "static const char node_labels[%d][%zu] = {", m->nnode ? m->nnode : 1, w);
    if (!m->nnode) /* artificial cells alone */
        sb_puts(o, "\n    \"\",");
    for (int i = 0; i < m->nnode; i++) {
        sb_puts(o, "\n    \"");
        for (const char *q = geometry_node_label(m, i, buf, sizeof buf); *q; q++) {
            if (*q == '"' || *q == '\\')
                sb_putc(o, '\\');
            sb_putc(o, *q);
        }
        sb_puts(o, "\",");
    }
    sb_puts(o, "\n};\n\n");
}

/* ---- the head of the C file ---- */

/* --no-libm's functions go after this (emit.c's NRN_MAYBE_UNUSED) */
#define LIBM_MARK "#define NRN_MAYBE_UNUSED\n#endif\n\n"

void embed_head(Emitter *e)
{
    const EmbedOptions *opt = e->embed;
    Model *m = e->m;
    StrBuf *o = &e->out;
    const char *p = opt->prefix;
    sb_printf(o, "/* %s.c - model '%s' for embedding, generated by nrncc %s --embed from %s; do not edit.\n", p,
              m->name, NRNCC_VERSION, m->path);
    sb_printf(o, " * Freestanding C99: no heap, no stdio, no OS, %s.  The API is in %s;\n"
                 " * nrncc-embed(7) describes it.  External names start with '%s_'. */\n",
              opt->no_libm ? "no libm (nrncc's own exp, log, ...)" : "libm only", opt->header, p);
    if (opt->real_float)
        sb_puts(o, "#define NRT_REAL_FLOAT 1 /* --real float */\n");
    if (!opt->no_libm)
        sb_puts(o, "#include <math.h>\n");
    sb_printf(o, "#include <stddef.h>\n#include <stdint.h>\n\n#include \"%s\"\n\n", opt->header);
    sb_printf(o, "/* the generated code's names for the header's types */\n"
                 "typedef %s_state Model;\ntypedef %s_rt NrtSim;\ntypedef %s_event NrtEvent;\n"
                 "typedef %s_settings NrtRun;\n",
              p, p, p, p);
    bool kinetic = false;
    for (int k = 0; k < e->nuses; k++)
        kinetic = kinetic || e->uses[k].mech->kinetics.len > 0;
    if (kinetic)
        sb_printf(o, "typedef %s_sparse NrtSparse;\ntypedef %s_sparse_elm NrtSparseElm;\n", p, p);
    sb_putc(o, '\n');
}

/* ---- sizes ---- */

/* Events that can be queued at once, from the model: for each NetCon
 * with a target, one per ms of its delay and 2 (a source firing at most
 * once per ms); 2 per instance that sends itself events; 1 per WATCH
 * item, and per input; 8 more for PFX_deliver.  --event-capacity sets it. */
static int event_capacity(const Emitter *e)
{
    const Model *m = e->m;
    if (e->embed->event_capacity > 0)
        return e->embed->event_capacity;
    long n = 8;
    for (int k = 0; k < e->input_nc0; k++) {
        const NetCon *nc = &m->netcons.data[k];
        if (nc->target >= 0)
            n += (long)ceil(nc->delay) + 2;
    }
    for (int k = 0; k < e->nuses; k++)
        if (e->uses[k].mech->net_send || e->uses[k].mech->net_move)
            n += 2L * e->uses[k].n;
    n += e->nwatch + e->ninput + m->plays.len;
    return n > 1000000 ? 1000000 : (int)n;
}

/* Outgoing spikes kept until PFX_spike_pop: 16, and 4 per source with a
 * gid.  --spike-capacity sets it. */
static int spike_capacity(const Emitter *e)
{
    if (e->embed->spike_capacity > 0)
        return e->embed->spike_capacity;
    int n = 16;
    for (int s = 0; s < e->nsrc; s++)
        if (e->src_gid[s] >= 0)
            n += 4;
    return n;
}

/* ---- the header ---- */

typedef struct Api {
    VEC(const char *) get_names, get_exprs, get_labels; /* records */
    VEC(const char *) set_names, set_fields, set_docs;  /* point-process parameters */
    VEC(const char *) in_names, in_docs;                /* inputs */
    VEC(int) in_nc;
    VEC(const char *) par_set, par_get;                 /* params: set_param_w, get_param_w */
    int ndelay, nthresh; /* the sizes of the tables params write (0: none) */
} Api;

static void api_build(Emitter *e, Api *api)
{
    Model *m = e->m;
    Arena *a = e->arena;
    StrMap seen = {0};
    for (int i = 0; i < m->records.len; i++) {
        const Record *r = &m->records.data[i];
        VEC_PUSH(api->get_names, unique(a, &seen, arena_printf(a, "get_%s", mangle(a, r->label))));
        VEC_PUSH(api->get_exprs, emit_record_c(e, r));
        VEC_PUSH(api->get_labels, r->label);
    }
    for (int k = 0; k < e->nuses; k++) {
        MechUse *u = &e->uses[k];
        if (!u->pp)
            continue;
        for (int x = 0; x < u->n; x++) {
            const PointProc *pp = &m->pps.data[u->pp[x]];
            for (int v = 0; v < u->mech->vars.len; v++) {
                const MechVar *mv = &u->mech->vars.data[v];
                if (!mv->range || mv->kind != VAR_PARAM || mv->dim || mv->pointer)
                    continue;
                const char *name = arena_printf(a, "set_%s_%s", mangle(a, pp->name), mv->name);
                VEC_PUSH(api->set_names, unique(a, &seen, name));
                VEC_PUSH(api->set_fields, arena_printf(a, "%s[%d]", nmodl_field(e, u, v), x));
                VEC_PUSH(api->set_docs, arena_printf(a, "%s.%s (%s)%s%s", pp->name, mv->name, u->mech->name,
                                                     mv->units ? ", " : "", mv->units ? mv->units : ""));
            }
        }
    }
    for (int k = 0; k < m->params.len; k++) {
        const char *n = m->params.data[k].name;
        VEC_PUSH(api->par_set, unique(a, &seen, arena_printf(a, "set_param_%s", n)));
        VEC_PUSH(api->par_get, unique(a, &seen, arena_printf(a, "get_param_%s", n)));
    }
    StrMap seen_in = {0};
    for (int k = 0; k < e->ninput; k++) {
        int nc = e->input_nc0 + k;
        const PointProc *pp = &m->pps.data[m->netcons.data[nc].target];
        VEC_PUSH(api->in_names, unique(a, &seen_in, mangle(a, pp->name)));
        VEC_PUSH(api->in_docs, arena_printf(a, "%s (%s)", pp->name, pp->type));
        VEC_PUSH(api->in_nc, nc);
    }
    strmap_free(&seen);
    strmap_free(&seen_in);
}

static void api_free(Api *api)
{
    VEC_FREE(api->get_names);
    VEC_FREE(api->get_exprs);
    VEC_FREE(api->get_labels);
    VEC_FREE(api->set_names);
    VEC_FREE(api->set_fields);
    VEC_FREE(api->set_docs);
    VEC_FREE(api->in_names);
    VEC_FREE(api->in_docs);
    VEC_FREE(api->in_nc);
    VEC_FREE(api->par_set);
    VEC_FREE(api->par_get);
}

/* A space plot's name in the API: its file's without "range_" and ".csv"
 * ("range_v_2.csv" -> "v_2"). */
static const char *range_stem(Emitter *e, int k)
{
    const char *f = e->m->rangeplots.data[k].file;
    if (!strncmp(f, "range_", 6))
        f += 6;
    const char *dot = strrchr(f, '.');
    return mangle(e->arena, arena_strndup(e->arena, f, dot ? (size_t)(dot - f) : strlen(f)));
}

static void write_range_header(Emitter *e, StrBuf *h)
{
    Model *m = e->m;
    const char *p = e->embed->prefix, *P = upper(e->arena, p);
    int nr = m->rangeplots.len, maxn = 1;
    for (int k = 0; k < nr; k++)
        maxn = e->rp_npoints[k] > maxn ? e->rp_npoints[k] : maxn;
    sb_printf(h, "\n/* ---- space plots (record range): a variable along a path ---- */\n\n"
                 "#define %s_NRANGE %d\n"
                 "#define %s_RANGE_MAXPOINTS %d /* the most points of one */\n",
              P, nr, P, maxn);
    for (int k = 0; k < nr; k++) {
        const RangePlot *rp = &m->rangeplots.data[k];
        sb_printf(h, "#define %s_RANGE_%s %d /* %s from %s to %s, %d points */\n", P, range_stem(e, k), k, rp->var,
                  m->secs.data[rp->sec0].name, m->secs.data[rp->sec1].name, e->rp_npoints[k]);
    }
    sb_printf(h, "/* Fills out[0 .. %s_range_npoints[plot] - 1] with the plot's variable now,\n"
                 " * at the points %s_range_x (um along the path from its node nearest the\n"
                 " * root, negative on the start's side, as nrn(5) says): the column the\n"
                 " * executable writes to range_NAME.csv when t reaches one of the\n"
                 " * %s_range_times[plot] (at init, or after the step where t >= time - dt/2\n"
                 " * first holds; 0 where the variable does not exist). */\n"
                 "void %s_range_sample(const %s_state *s, int plot, double *out);\n"
                 "extern const int %s_range_npoints[%s_NRANGE + 1];\n"
                 "extern const double *const %s_range_x[%s_NRANGE + 1];     /* um */\n"
                 "extern const int %s_range_ntimes[%s_NRANGE + 1];\n"
                 "extern const double *const %s_range_times[%s_NRANGE + 1]; /* ms, the model's */\n"
                 "extern const char *const %s_range_vars[%s_NRANGE + 1];    /* \"v\", \"m_hh\", ... */\n",
              P, p, p, p, p, p, P, p, P, p, P, p, P, p, P);
}

static void write_range_api(Emitter *e, StrBuf *o)
{
    Model *m = e->m;
    const char *p = e->embed->prefix, *P = upper(e->arena, p);
    int nr = m->rangeplots.len;
    sb_printf(o, "const int %s_range_npoints[%s_NRANGE + 1] = {", p, P);
    for (int k = 0; k < nr; k++)
        sb_printf(o, "%d, ", e->rp_npoints[k]);
    sb_printf(o, "0};\nconst int %s_range_ntimes[%s_NRANGE + 1] = {", p, P);
    for (int k = 0; k < nr; k++)
        sb_printf(o, "%d, ", m->rangeplots.data[k].ntimes);
    sb_printf(o, "0};\nconst double *const %s_range_x[%s_NRANGE + 1] = {", p, P);
    for (int k = 0; k < nr; k++)
        sb_printf(o, "rp_x_%d, ", k);
    sb_printf(o, "0};\nconst double *const %s_range_times[%s_NRANGE + 1] = {", p, P);
    for (int k = 0; k < nr; k++)
        sb_printf(o, "rp_t_%d, ", k);
    sb_printf(o, "0};\nconst char *const %s_range_vars[%s_NRANGE + 1] = {", p, P);
    for (int k = 0; k < nr; k++)
        sb_printf(o, "\"%s\", ", m->rangeplots.data[k].var);
    sb_printf(o, "0};\n\nvoid %s_range_sample(const %s_state *s, int plot, double *out)\n{\n", p, p);
    if (nr)
        sb_printf(o, "    if (plot >= 0 && plot < %d)\n        range_sample(s, plot, out);\n}\n\n", nr);
    else
        sb_puts(o, "    (void)s;\n    (void)plot;\n    (void)out;\n}\n\n");
}

/* What the file needs of the runtime templates. */
typedef struct Needs {
    bool random, ionfn, crout, sparse, play, at_time;
    int nsparse, sparse_nmax;
} Needs;

static void write_header(Emitter *e, StrBuf *h, const char *body, const Api *api, const Needs *nd, int evcap,
                         int spcap)
{
    const EmbedOptions *opt = e->embed;
    Model *m = e->m;
    Arena *a = e->arena;
    const char *p = opt->prefix, *P = upper(a, p);
    const char *real = opt->real_float ? "float" : "double";
    sb_printf(h, "/* %s - model '%s' for embedding, generated by nrncc %s --embed from %s;\n"
                 " * do not edit.  nrncc-embed(7) describes all of it.\n"
                 " *\n"
                 " * %s.c is freestanding C99: no heap, no stdio, no OS calls, %s.  All\n"
                 " * of the simulation is one %s_state of fixed size (%s_state_size());\n"
                 " * place it where you like (static storage, the stack, a linker section) and\n"
                 " * drive it:\n"
                 " *\n"
                 " *     static %s_state s;\n"
                 " *     %s_init(&s);              finitialize: parameters from the model file,\n"
                 " *                               v = v_init, INITIAL blocks, t = 0\n"
                 " *     %s_run_until(&s, 10.0);   fixed steps of dt, as NEURON's continuerun\n"
                 " *     %s_step(&s);              one step (NEURON's fadvance)\n"
                 " *\n"
                 " * and read the recorded variables with the getters below, or all at once\n"
                 " * with %s_sample().  Numbers are %s; with --real double (the default) they\n"
                 " * equal the nrncc executable's, and NEURON's, bit for bit.\n"
                 " * Every external name starts with '%s_' (macros with '%s_'), so several\n"
                 " * models link into one image.  The state holds pointers into itself when\n"
                 " * the model has POINTERs or KINETIC schemes: initialise it where it stays.\n"
                 " */\n",
              opt->header, m->name, NRNCC_VERSION, m->path, p,
              opt->no_libm ? "no libm (nrncc's own exp, log, ...)" : "libm only", p, p, p, p, p, p, p, real, p,
              P);
    sb_printf(h, "#ifndef %s_H_INCLUDED\n#define %s_H_INCLUDED\n\n#include <stddef.h>\n#include <stdint.h>\n\n", P, P);
    sb_puts(h, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    sb_printf(h, "/* ---- sizes, fixed when nrncc wrote this file ---- */\n\n"
                 "/* events that can wait in the queue at once (--event-capacity); one more\n"
                 " * is dropped and counted, and the status gets %s_EVENTS_LOST */\n"
                 "#define %s_EVENT_CAPACITY %d\n"
                 "/* outgoing spikes kept until %s_spike_pop (--spike-capacity) */\n"
                 "#define %s_SPIKE_CAPACITY %d\n"
                 "#define %s_NRECORD %d /* recorded variables */\n"
                 "#define %s_NINPUT %d  /* inputs of %s_deliver */\n"
                 "#define %s_NGID %d    /* spike sources numbered by gid, 0 .. %s_NGID - 1 */\n",
              P, P, evcap, p, P, spcap, P, m->records.len, P, e->ninput, p, P, m->ngid, P);
    sb_printf(h, "#define %s_NPARAM %d  /* the model's params (%s_set_param) */\n", P, m->params.len, p);
    if (nd->sparse)
        sb_printf(h, "#define %s_SPARSE_COUNT %d /* KINETIC matrices */\n#define %s_SPARSE_NMAX %d  /* their largest size */\n",
                  P, nd->nsparse, P, nd->sparse_nmax);
    sb_printf(h, "\n/* status bits (%s_step, %s_run_until, %s_status) */\n"
                 "#define %s_EVENTS_LOST 1 /* the event queue was full: an event was dropped */\n"
                 "#define %s_SPIKES_LOST 2 /* the spike buffer was full: an outgoing spike was dropped */\n"
                 "#define %s_UNSTABLE 4    /* v became NaN or left +-1e6 mV (rt.unstable_node); run_until stops */\n"
                 "#define %s_FAILED 8      /* a mechanism's solver failed (rt.failure); run_until stops */\n\n",
              p, p, p, P, P, P, P);
    sb_printf(h, "/* ---- types ---- */\n\n"
                 "/* the numbers of the simulation: double, or float with --real float */\n"
                 "typedef double %s_real;\n\n"
                 "/* the run settings (NEURON's tstop, dt, v_init, celsius, secondorder) */\n"
                 "typedef struct %s_settings {\n"
                 "    double tstop;    /* ms (%s_run_until takes its own stop time) */\n"
                 "    double dt;       /* ms */\n"
                 "    double v_init;   /* mV */\n"
                 "    double celsius;  /* degC */\n"
                 "    int secondorder; /* 0 backward Euler, 1 or 2 Crank-Nicolson */\n"
                 "    double seed;     /* of the random numbers mechanisms draw */\n"
                 "} %s_settings;\n\n",
              p, p, p, p);
    sb_printf(h, "/* an event in the queue (internal) */\n"
                 "typedef struct %s_event {\n"
                 "    double t;\n    unsigned long long seq;\n    int kind, index, nc;\n    double flag;\n"
                 "} %s_event;\n\n",
              p, p);
    if (nd->sparse)
        sb_printf(h, "/* a KINETIC scheme's sparse matrix (internal) */\n"
                     "typedef struct %s_sparse_elm {\n    double value;\n    int row, col, up, down, left, right;\n"
                     "} %s_sparse_elm;\n"
                     "typedef struct %s_sparse {\n"
                     "    int n, nel, phase, do_order;\n"
                     "    int diag[%s_SPARSE_NMAX + 1], rowst[%s_SPARSE_NMAX + 1], colst[%s_SPARSE_NMAX + 1];\n"
                     "    int varord[%s_SPARSE_NMAX + 1];\n"
                     "    double rhs[%s_SPARSE_NMAX + 1];\n"
                     "    struct {\n        int norder, prev, next;\n    } ord[%s_SPARSE_NMAX + 1];\n"
                     "    %s_sparse_elm el[%s_SPARSE_NMAX * %s_SPARSE_NMAX + 1];\n"
                     "} %s_sparse;\n\n",
                  p, p, p, P, P, P, P, P, P, p, P, P, p);
    sb_printf(h, "/* the runtime's part of the state: read its counters freely */\n"
                 "typedef struct %s_rt {\n"
                 "    int status;                   /* %s_EVENTS_LOST | ... (0: all well) */\n"
                 "    int nev;                      /* events waiting */\n"
                 "    int events_max;               /* the most that waited at once since init */\n"
                 "    unsigned long events_lost;    /* dropped when the queue was full */\n"
                 "    unsigned long spikes_lost;    /* dropped when the spike buffer was full */\n"
                 "    unsigned long exp_overflows;  /* exp(x > 700) in a mechanism (exp(700) used, as NEURON) */\n"
                 "    unsigned long kinetic_fails;  /* KINETIC solves gone on from the last iterate, as NEURON */\n"
                 "    int unstable_node;            /* with %s_UNSTABLE: the node, else -1 */\n"
                 "    const char *failure;          /* with %s_FAILED: what failed (a printf format of failure_t) */\n"
                 "    double failure_t;             /* ms */\n"
                 "    %s_settings run;              /* the settings of the last finitialize */\n"
                 "    unsigned long long next_seq;\n"
                 "    %s_event ev[%s_EVENT_CAPACITY]; /* a binary heap by (t, seq) */\n"
                 "    int spike_first, nspike;      /* the ring buffer of outgoing spikes */\n"
                 "    int spike_gid[%s_SPIKE_CAPACITY];\n"
                 "    double spike_t[%s_SPIKE_CAPACITY];\n"
                 "    double rec[%s_NRECORD + 1];     /* the last trace row (%s_sample) */\n",
              p, P, P, P, p, p, P, P, P, P, p);
    if (m->params.len)
        sb_printf(h, "    double param[%s_NPARAM];      /* the params' values (%s_set_param) */\n", P, p);
    if (api->ndelay)
        sb_printf(h, "    double nc_delays[%d];          /* NetCon delays (params set them) */\n", api->ndelay);
    if (api->nthresh)
        sb_printf(h, "    double det_thresholds[%d];     /* spike thresholds (params set them) */\n", api->nthresh);
    if (nd->random)
        sb_puts(h, "    uint32_t rnd;                 /* the random stream (NEURON's scop_random) */\n");
    if (nd->sparse)
        sb_printf(h, "    int nsparse;\n    %s_sparse sparse[%s_SPARSE_COUNT];\n", p, P);
    sb_printf(h, "} %s_rt;\n\n", p);
    sb_printf(h, "/* the state: every variable of the simulation (structure of arrays) */\n%s\n", body);
    sb_printf(h, "/* the RAM the model takes, bytes: a constant expression (%s_state_size()\n"
                 " * returns it too), for a static assertion or a linker section's size */\n"
                 "#define %s_STATE_SIZE sizeof(%s_state)\n\n",
              p, P, p);
    sb_printf(h, "/* ---- running ---- */\n\n"
                 "/* the run block's settings */\n"
                 "extern const %s_settings %s_defaults;\n\n"
                 "/* sizeof(%s_state), bytes */\n"
                 "size_t %s_state_size(void);\n\n"
                 "/* Makes s the model as its file says (every parameter, param and NetCon\n"
                 " * weight), without finitializing it: the setters may follow, then\n"
                 " * %s_finitialize (run NULL: %s_defaults). */\n"
                 "void %s_setup(%s_state *s);\n"
                 "/* %s_setup, then finitialize with %s_defaults. */\n"
                 "void %s_init(%s_state *s);\n"
                 "/* The same with other settings. */\n"
                 "void %s_init_with(%s_state *s, const %s_settings *run);\n"
                 "/* finitialize again (t = 0, v = v_init, INITIAL blocks, the queue emptied),\n"
                 " * keeping the parameters the setters changed; run NULL: the last settings. */\n"
                 "void %s_finitialize(%s_state *s, const %s_settings *run);\n\n"
                 "/* One fixed step of dt (NEURON's fadvance).  Returns the status bits. */\n"
                 "int %s_step(%s_state *s);\n"
                 "/* Steps while t < tstop - dt/2 (NEURON's continuerun), stopping early at\n"
                 " * %s_UNSTABLE or %s_FAILED.  Returns the status bits. */\n"
                 "int %s_run_until(%s_state *s, double tstop);\n\n"
                 "double %s_time(const %s_state *s); /* t, ms */\n"
                 "int %s_status(const %s_state *s);  /* status bits since finitialize */\n"
                 "/* The place of a node (rt.unstable_node), as \"soma(0.5)\". */\n"
                 "const char *%s_node_label(int node);\n\n",
              p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, p, P, P, p, p, p, p, p, p, p);
    sb_printf(h, "/* ---- recorded variables (the model's record statements) ---- */\n\n"
                 "/* Their names, as the executable's traces.csv heads its columns. */\n"
                 "extern const char *const %s_record_labels[%s_NRECORD + 1];\n"
                 "/* The trace row of the last step (or of finitialize): row[0] = t, row[1 ..\n"
                 " * %s_NRECORD] the recorded variables, as the executable writes it: taken at\n"
                 " * the end of the step, before the events due at t are delivered. */\n"
                 "void %s_sample(const %s_state *s, double *row);\n"
                 "/* Each recorded variable now (after those events, which may change a\n"
                 " * synapse's conductance at t). */\n",
              p, P, P, p, p);
    for (int i = 0; i < api->get_names.len; i++)
        sb_printf(h, "double %s_%s(const %s_state *s); /* %s */\n", p, api->get_names.data[i], p,
                  api->get_labels.data[i]);
    sb_printf(h, "\n/* ---- the model's params (its `param NAME = VALUE UNIT` lines) ---- */\n\n"
                 "/* Each param's value, in its unit, is what the executable takes as NAME=VALUE\n"
                 " * on its command line: after %s_setup (or %s_init) and the setters, the\n"
                 " * run of %s_finitialize equals, bit for bit, the executable's with those\n"
                 " * values.  A setter sets at once every value the param feeds (it wins over\n"
                 " * an earlier point-process setter of the same value): a mechanism's or\n"
                 " * point process's parameter or GLOBAL from the next step, a NetCon weight\n"
                 " * from its next event, a delay for the spikes sent after, a threshold from\n"
                 " * the next step's check, as NEURON when they change between continueruns;\n"
                 " * a section's v_init and an init block's values at the next finitialize.\n"
                 " * %s_setup and %s_init set the model file's values again, %s_finitialize\n"
                 " * keeps them.  Returns 0; -1 for no such param, -2 for a value that is\n"
                 " * not a finite number, -3 when it would give a NetCon a negative delay\n"
                 " * (nothing is changed then). */\n"
                 "int %s_set_param(%s_state *s, int param, double x);\n"
                 "double %s_get_param(const %s_state *s, int param); /* 0 for no such param */\n"
                 "/* The params' names and units (\"\" for a plain number), by index. */\n"
                 "extern const char *const %s_param_names[%s_NPARAM + 1];\n"
                 "extern const char *const %s_param_units[%s_NPARAM + 1];\n",
              p, p, p, p, p, p, p, p, p, p, p, P, p, P);
    for (int k = 0; k < m->params.len; k++) {
        const ParamDef *pd = &m->params.data[k];
        sb_printf(h, "#define %s_PARAM_%s %d\n", P, pd->name, k);
        sb_printf(h, "int %s_%s(%s_state *s, double x); /* %s%s%s */\n", p, api->par_set.data[k], p, pd->name,
                  pd->unit_text ? ", " : "", pd->unit_text ? pd->unit_text : "");
        sb_printf(h, "double %s_%s(const %s_state *s);\n", p, api->par_get.data[k], p);
    }
    if (!m->params.len)
        sb_puts(h, "/* (the model has no params) */\n");
    sb_printf(h, "\n/* ---- point-process parameters ---- */\n\n"
                 "/* Each sets one parameter of one instance, at once (%s_init resets them\n"
                 " * to the model file's values; %s_finitialize keeps them). */\n",
              p, p);
    for (int i = 0; i < api->set_names.len; i++)
        sb_printf(h, "void %s_%s(%s_state *s, double x); /* %s */\n", p, api->set_names.data[i], p,
                  api->set_docs.data[i]);
    if (!api->set_names.len)
        sb_puts(h, "/* (the model has no point processes with parameters) */\n");
    write_range_header(e, h);
    sb_printf(h, "\n/* ---- spikes in: every point process with NET_RECEIVE is an input ---- */\n\n");
    for (int i = 0; i < api->in_names.len; i++)
        sb_printf(h, "#define %s_IN_%s %d /* %s */\n", P, api->in_names.data[i], i, api->in_docs.data[i]);
    if (!api->in_names.len)
        sb_puts(h, "/* (the model has no point processes with NET_RECEIVE: no inputs) */\n");
    sb_printf(h, "/* A spike to input `input` with this weight (the NET_RECEIVE's first\n"
                 " * argument), delivered at time t (ms) as a NetCon's event: at the start of\n"
                 " * the step whose window holds t, or of the next step when t has passed.\n"
                 " * Each input is one NetCon of its own (its other NET_RECEIVE arguments\n"
                 " * persist).  0 when queued; -1 for a bad input or a full queue. */\n"
                 "int %s_deliver(%s_state *s, int input, double weight, double t);\n\n",
              p, p);
    sb_printf(h, "/* ---- spikes out: the sources with a gid, as the executable's spikes.csv ---- */\n\n"
                 "/* The oldest spike not yet taken: 1 with *gid and *t (ms), or 0 when none.\n"
                 " * The buffer holds %s_SPIKE_CAPACITY; take them after every step or run. */\n"
                 "int %s_spike_pop(%s_state *s, int *gid, double *t);\n\n",
              P, p, p);
    sb_printf(h, "#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_H_INCLUDED */\n", P);
}

/* ---- the API's model-specific functions ---- */

/* The params: their values in rt.param, set by emit_params.c's functions
 * (one pair per param, the executable's lowering); params_setup() gives
 * them the model file's values (PFX_setup). */
static void write_params_api(Emitter *e, StrBuf *o, const Api *api)
{
    Model *m = e->m;
    const char *p = e->embed->prefix, *P = upper(e->arena, p);
    int np = m->params.len;
    sb_printf(o, "const char *const %s_param_names[%s_NPARAM + 1] = {", p, P);
    for (int k = 0; k < np; k++)
        sb_printf(o, "\"%s\", ", m->params.data[k].name);
    sb_printf(o, "0};\nconst char *const %s_param_units[%s_NPARAM + 1] = {", p, P);
    for (int k = 0; k < np; k++)
        sb_printf(o, "\"%s\", ", m->params.data[k].unit_text ? m->params.data[k].unit_text : "");
    sb_puts(o, "0};\n\n");
    if (!np) {
        sb_puts(o, "static void params_setup(Model *m)\n{\n    (void)m;\n}\n\n");
        sb_printf(o, "int %s_set_param(%s_state *s, int param, double x)\n{\n"
                     "    (void)s;\n    (void)param;\n    (void)x;\n    return -1;\n}\n\n"
                     "double %s_get_param(const %s_state *s, int param)\n{\n"
                     "    (void)s;\n    (void)param;\n    return 0.0;\n}\n\n",
                  p, p, p, p);
        return;
    }
    sb_printf(o, "static const double param_default[%d] = {", np);
    for (int k = 0; k < np; k++) {
        sb_puts(o, k ? ", " : "");
        emit_double(o, m->params.data[k].value);
    }
    sb_printf(o, "};\nstatic int (*const param_static_fn[%d])(Model *, const double *) = {", np);
    for (int k = 0; k < np; k++)
        sb_printf(o, "%sparams_static_%d", k ? ", " : "", k);
    sb_printf(o, "};\nstatic void (*const param_state_fn[%d])(Model *, const double *) = {", np);
    for (int k = 0; k < np; k++)
        sb_printf(o, "%sparams_state_%d", k ? ", " : "", k);
    sb_puts(o, "};\n\n");
    sb_puts(o, "/* the model file's params, after setup() */\nstatic void params_setup(Model *m)\n{\n");
    if (api->ndelay)
        sb_printf(o, "    for (int i = 0; i < %d; i++)\n        m->sim->nc_delays[i] = nc_delay_def_[i];\n", api->ndelay);
    if (api->nthresh)
        sb_printf(o, "    for (int i = 0; i < %d; i++)\n        m->sim->det_thresholds[i] = det_threshold_def_[i];\n",
                  api->nthresh);
    sb_printf(o, "    for (int k = 0; k < %d; k++)\n        m->sim->param[k] = param_default[k];\n"
                 "    for (int k = 0; k < %d; k++) {\n"
                 "        param_static_fn[k](m, m->sim->param);\n"
                 "        param_state_fn[k](m, m->sim->param);\n"
                 "    }\n}\n\n",
              np, np);
    sb_printf(o, "int %s_set_param(%s_state *s, int param, double x)\n{\n"
                 "    if (param < 0 || param >= %d)\n        return -1;\n"
                 "    if (!(x - x == 0.0)) /* NaN or infinite */\n        return -2;\n"
                 "    double *P = s->sim->param, old = P[param];\n"
                 "    P[param] = x;\n"
                 "    if (param_static_fn[param](s, P) != 0) {\n"
                 "        P[param] = old;\n"
                 "        param_static_fn[param](s, P);\n"
                 "        return -3;\n"
                 "    }\n"
                 "    param_state_fn[param](s, P);\n"
                 "    return 0;\n}\n\n"
                 "double %s_get_param(const %s_state *s, int param)\n{\n"
                 "    return param >= 0 && param < %d ? s->sim->param[param] : 0.0;\n}\n\n",
              p, p, np, p, p, np);
    for (int k = 0; k < np; k++)
        sb_printf(o, "int %s_%s(%s_state *s, double x)\n{\n    return %s_set_param(s, %d, x);\n}\n\n"
                     "double %s_%s(const %s_state *s)\n{\n    return s->sim->param[%d];\n}\n\n",
                  p, api->par_set.data[k], p, p, k, p, api->par_get.data[k], p, k);
}

static void write_api(Emitter *e, StrBuf *o, const Api *api)
{
    Model *m = e->m;
    const char *p = e->embed->prefix, *P = upper(e->arena, p);
    sb_puts(o, "/* ---- the API's model-specific part ---- */\n\n");
    sb_printf(o, "const %s_settings %s_defaults = {", p, p);
    emit_double(o, m->run.tstop);
    sb_puts(o, ", ");
    emit_double(o, m->run.dt);
    sb_puts(o, ", ");
    emit_double(o, m->run.v_init);
    sb_puts(o, ", ");
    emit_double(o, m->run.celsius);
    sb_printf(o, ", %d, 1.0};\n\n", m->run.secondorder);
    sb_printf(o, "const char *const %s_record_labels[%s_NRECORD + 1] = {\n", p, P);
    for (int i = 0; i < api->get_labels.len; i++) {
        sb_puts(o, "    \"");
        for (const char *q = api->get_labels.data[i]; *q; q++) {
            if (*q == '"' || *q == '\\')
                sb_putc(o, '\\');
            sb_putc(o, *q);
        }
        sb_puts(o, "\",\n");
    }
    sb_puts(o, "    0,\n};\n\n");
    for (int i = 0; i < api->get_names.len; i++)
        sb_printf(o, "double %s_%s(const %s_state *s)\n{\n    const Model *m = s;\n    return %s;\n}\n\n", p,
                  api->get_names.data[i], p, api->get_exprs.data[i]);
    for (int i = 0; i < api->set_names.len; i++)
        sb_printf(o, "void %s_%s(%s_state *s, double x)\n{\n    s->%s = x;\n}\n\n", p, api->set_names.data[i], p,
                  api->set_fields.data[i]);
    write_params_api(e, o, api);
    write_range_api(e, o);
    if (api->in_nc.len) {
        sb_printf(o, "/* the NetCon of each input */\n#define KIND_INPUT (-2)\nstatic const int input_nc[%d] = {",
                  api->in_nc.len);
        for (int i = 0; i < api->in_nc.len; i++)
            sb_printf(o, "%s%s%d", i ? "," : "", i % 16 ? " " : "\n    ", api->in_nc.data[i]);
        sb_puts(o, "\n};\n\n");
        sb_printf(o, "int %s_deliver(%s_state *s, int input, double weight, double t)\n{\n"
                     "    if (input < 0 || input >= %d)\n        return -1;\n"
                     "    unsigned long lost = s->sim->events_lost;\n"
                     "    nrt_event_send(s->sim, t, KIND_INPUT, input_nc[input], input_nc[input], weight);\n"
                     "    return s->sim->events_lost == lost ? 0 : -1;\n}\n\n",
                  p, p, api->in_nc.len);
        sb_puts(o, "/* An event of the queue to its target; an input's carries its weight in flag. */\n"
                   "static void embed_deliver(Model *m, NrtEvent *ev)\n{\n"
                   "    if (ev->kind == KIND_INPUT) {\n"
                   "        m->nc_w[nc_woff[ev->nc]] = ev->flag;\n"
                   "        ev->kind = KIND_NETCON;\n"
                   "        ev->flag = 0.0;\n"
                   "    }\n"
                   "    model_deliver(m, ev);\n}\n\n");
    } else {
        sb_printf(o, "int %s_deliver(%s_state *s, int input, double weight, double t)\n{\n"
                     "    (void)s;\n    (void)input;\n    (void)weight;\n    (void)t;\n    return -1;\n}\n\n",
                  p, p);
        sb_puts(o, "static void embed_deliver(Model *m, NrtEvent *ev)\n{\n    model_deliver(m, ev);\n}\n\n");
    }
}

/* ---- the file ---- */

/* An error for each API name (PFX_step, PFX_IN_syn, ...) that the generated
 * code also uses (a prefix such as "watch" meets watch_deliver): model is
 * the runtime and model code, text the whole file before. */
static void check_clashes(Emitter *e, const Api *api, const char *text, const char *model, size_t n)
{
    static const char *const fixed[] = {
        "init", "init_with", "finitialize", "step", "run_until", "time", "status", "node_label", "sample",
        "record_labels", "defaults", "state_size", "deliver", "spike_pop", "state", "rt", "event", "settings",
        "real", "sparse", "sparse_elm", "setup", "set_param", "get_param", "param_names", "param_units", "range_sample", "range_npoints", "range_ntimes",
        "range_x", "range_times", "range_vars", NULL,
    };
    static const char *const macros[] = {
        "EVENT_CAPACITY", "SPIKE_CAPACITY", "NRECORD", "NINPUT", "NGID", "SPARSE_COUNT", "SPARSE_NMAX",
        "EVENTS_LOST", "SPIKES_LOST", "UNSTABLE", "FAILED", "H_INCLUDED", "NPARAM", "STATE_SIZE", "NRANGE", "RANGE_MAXPOINTS", NULL,
    };
    Clash c;
    memset(&c, 0, sizeof c);
    c.e = e;
    c.pfx = arena_printf(e->arena, "%s_", e->embed->prefix);
    c.pfxu = upper(e->arena, c.pfx);
    for (int i = 0; fixed[i]; i++)
        strmap_put(&c.api, arena_printf(e->arena, "%s%s", c.pfx, fixed[i]), 1);
    for (int i = 0; macros[i]; i++)
        strmap_put(&c.api, arena_printf(e->arena, "%s%s", c.pfxu, macros[i]), 1);
    for (int i = 0; i < api->get_names.len; i++)
        strmap_put(&c.api, arena_printf(e->arena, "%s%s", c.pfx, api->get_names.data[i]), 1);
    for (int i = 0; i < api->set_names.len; i++)
        strmap_put(&c.api, arena_printf(e->arena, "%s%s", c.pfx, api->set_names.data[i]), 1);
    for (int i = 0; i < api->in_names.len; i++)
        strmap_put(&c.api, arena_printf(e->arena, "%sIN_%s", c.pfxu, api->in_names.data[i]), 1);
    for (int i = 0; i < api->par_set.len; i++) {
        strmap_put(&c.api, arena_printf(e->arena, "%s%s", c.pfx, api->par_set.data[i]), 1);
        strmap_put(&c.api, arena_printf(e->arena, "%s%s", c.pfx, api->par_get.data[i]), 1);
        strmap_put(&c.api, arena_printf(e->arena, "%sPARAM_%s", c.pfxu, e->m->params.data[i].name), 1);
    }
    for (int k = 0; k < e->m->rangeplots.len; k++)
        strmap_put(&c.api, arena_printf(e->arena, "%sRANGE_%s", c.pfxu, range_stem(e, k)), 1);
    /* the head (its typedefs name the API's types) is not the model's code */
    const char *body = strstr(text, LIBM_MARK);
    size_t from = body ? (size_t)(body - text) : 0;
    each_ident(text + from, e->struct_at - from, clash_ident, &c);
    each_ident(model, n, clash_ident, &c);
    strmap_free(&c.api);
    strmap_free(&c.seen);
}

/* KINETIC schemes: how many matrices (one per scheme of each mechanism:
 * nmodl_emit.c's KSP functions, each solving N unknowns), the largest N. */
static void count_sparse(const char *text, Needs *nd)
{
    for (const char *p = strstr(text, "static int KSP"); p; p = strstr(p + 1, "static int KSP")) {
        const char *n = strstr(p, "enum { N = ");
        if (!n)
            die("a KSP function without its size");
        int v = atoi(n + 11);
        nd->nsparse++;
        if (v > nd->sparse_nmax)
            nd->sparse_nmax = v;
    }
}

bool embed_finish(Emitter *e, StrBuf *h)
{
    const EmbedOptions *opt = e->embed;
    int before = e->diag->nerrors;
    /* what only the executable does */
    if (e->m->run.cvode)
        diag_plain_error(e->diag, "the run block's method = cvode is not supported with --embed (the embedded C "
                                  "runs NEURON's fixed step)");
    for (int k = 0; k < e->m->rangeplots.len; k++)
        if (e->m->rangeplots.data[k].shape)
            diag_error(e->diag, e->m->rangeplots.data[k].loc,
                       "'plot shape' is not supported with --embed (a picture is a file the executable writes)");
    if (e->m->plot_traces)
        diag_plain_error(e->diag, "'%s' is not supported with --embed (a picture is a file the executable writes)",
                         e->m->plot_traces & 2 ? "plot html" : "plot traces");
    if (opt->real_float)
        float_check(e);
    if (e->diag->nerrors != before)
        return false;
    const char *text = e->out.s;
    Needs nd;
    memset(&nd, 0, sizeof nd);
    /* finitialize always seeds; the stream is needed only when drawn from */
    nd.random = uses(text, "nrt_unirand", true) || uses(text, "nrt_exprand", true) ||
                uses(text, "nrt_normrand", true) || uses(text, "nrt_ran123_at", true) ||
                uses(text, "nrt_mcellran4_at", true);
    nd.ionfn = uses(text, "nrt_nernst", true) || uses(text, "nrt_ghk", true);
    nd.play = uses(text, "nrt_play_interp", true);
    nd.at_time = uses(text, "nrt_at_time", true);
    nd.crout = uses(text, "nrt_crout", true);
    nd.sparse = uses(text, "nrt_sparse_new", true);
    if (nd.sparse)
        count_sparse(text, &nd);
    if (nd.sparse && nd.sparse_nmax < 1)
        nd.sparse_nmax = 1;
    int evcap = event_capacity(e), spcap = spike_capacity(e);
    Api api;
    memset(&api, 0, sizeof api);
    api_build(e, &api);
    const char *dd = strstr(text, "static const double nc_delay_def_[");
    const char *td = strstr(text, "static const double det_threshold_def_[");
    api.ndelay = dd ? atoi(dd + strlen("static const double nc_delay_def_[")) : 0;
    api.nthresh = td ? atoi(td + strlen("static const double det_threshold_def_[")) : 0;
    if (e->diag->nerrors != before) {
        api_free(&api);
        return false;
    }

    /* the struct, for the header: sizes as numbers, the header's names */
    StrMap defs = {0};
    LongVec vals = {0};
    read_defines(e->arena, text, e->struct_at, &defs, &vals);
    VEC(const char *) from = {0}, to = {0};
    for (int i = 0; i < defs.cap; i++)
        if (defs.keys && defs.keys[i]) {
            VEC_PUSH(from, defs.keys[i]);
            VEC_PUSH(to, arena_printf(e->arena, "%ld", vals.data[defs.vals[i]]));
        }
    const char *p = opt->prefix;
    VEC_PUSH(from, "NrtSim");
    VEC_PUSH(to, arena_printf(e->arena, "%s_rt", p));
    VEC_PUSH(from, "NrtSparse");
    VEC_PUSH(to, arena_printf(e->arena, "%s_sparse", p));
    VEC_PUSH(from, "Model");
    VEC_PUSH(to, arena_printf(e->arena, "%s_state", p));
    StrBuf body = {0};
    replace_ids(&body, text + e->struct_at, e->struct_end - e->struct_at, from.data, to.data, from.len);
    VEC_FREE(from);
    VEC_FREE(to);
    VEC_FREE(vals);
    strmap_free(&defs);

    /* the C file: the struct's place gets the runtime; the API at the end */
    StrBuf c = {0};
    const char *P = upper(e->arena, p);
    sb_putn(&c, text, e->struct_at);
    sb_printf(&c, "/* the state, struct %s_state, is in %s */\n\n", p, opt->header);
    sb_printf(&c, "#define NRECORD %s_NRECORD\n", P);
    sb_printf(&c, "#define EVENT_CAPACITY %s_EVENT_CAPACITY\n#define SPIKE_CAPACITY %s_SPIKE_CAPACITY\n"
                  "#define STATUS_EVENTS_LOST %s_EVENTS_LOST\n#define STATUS_SPIKES_LOST %s_SPIKES_LOST\n"
                  "#define STATUS_UNSTABLE %s_UNSTABLE\n#define STATUS_FAILED %s_FAILED\n",
              P, P, P, P, P, P);
    if (nd.sparse)
        sb_printf(&c, "#define SPARSE_COUNT %s_SPARSE_COUNT\n", P);
    sb_putc(&c, '\n');
    size_t model_from = c.len; /* the runtime and the model's code follow */
    put_section(e, &c, RT_LINES, "queue");
    put_section(e, &c, RT_LINES, nd.random ? "random" : "norandom");
    if (nd.ionfn)
        put_section(e, &c, RT_LINES, "ionfn");
    if (nd.play)
        put_section(e, &c, RT_LINES, "play");
    if (nd.at_time)
        put_section(e, &c, RT_LINES, "at_time");
    if (nd.crout)
        put_section(e, &c, RT_LINES, "crout");
    if (nd.sparse)
        put_section(e, &c, RT_LINES, "sparse");
    sb_putc(&c, '\n');
    sb_puts(&c, text + e->struct_end);
    check_clashes(e, &api, text, c.s + model_from, c.len - model_from);
    write_api(e, &c, &api);
    put_section(e, &c, RT_LINES, "api");

    write_header(e, h, sb_str(&body), &api, &nd, evcap, spcap);
    sb_free(&body);
    api_free(&api);
    if (opt->real_float) {
        to_float(&c);
        to_float(h);
    }
    /* --no-libm: our functions, in double whatever --real (not rewritten);
     * every libm function the code calls must be one of them */
    if (opt->no_libm) {
        const char *mark = strstr(c.s, LIBM_MARK);
        if (!mark)
            die("no place for the libm functions");
        StrBuf full = {0};
        sb_putn(&full, c.s, (size_t)(mark - c.s) + strlen(LIBM_MARK));
        put_section(e, &full, LIBM_LINES, "double");
        if (opt->real_float)
            put_section(e, &full, LIBM_LINES, "float");
        sb_putc(&full, '\n');
        sb_puts(&full, mark + strlen(LIBM_MARK));
        sb_free(&c);
        c = full;
        const char *s = sb_str(&c);
        for (int i = 0; LIBM_NAMES[i]; i++) {
            const char *fn = opt->real_float ? arena_printf(e->arena, "%sf", LIBM_NAMES[i]) : LIBM_NAMES[i];
            if (!in_list(OWN_LIBM, LIBM_NAMES[i], strlen(LIBM_NAMES[i])) && uses(s, fn, true))
                diag_plain_error(e->diag, "the model calls '%s', which --no-libm does not supply; "
                                          "build it without --no-libm",
                                 LIBM_NAMES[i]);
        }
    }
    sb_free(&e->out);
    e->out = c;
    return e->diag->nerrors == before;
}
