/* emit_params.c - the model's run-time params in the generated C.
 *
 * needs: the checked model's params and param uses (param.c made their C
 * expressions), emit.c's data layout (instances, sources, tables).
 * provides: the NrtParam table the executable's command line reads (name,
 * unit, default, the units a value may carry), params_static() for the
 * constant tables that depend on params (NetCon delays, thresholds: run
 * at finitialize and after a restore) and params_state() for the state
 * (parameters of mechanism instances, globals, NetCon weights: run after
 * setup() at every finitialize).  Uses that share a C expression and a
 * field become one loop over an index table, so the C stays small when a
 * population's every cell takes a param.
 */
#include <string.h>

#include "emit.h"
#include "geometry.h"
#include "units.h"

static bool live_kind(const Model *m, ParamSlot kind)
{
    for (int i = 0; i < m->param_uses.len; i++)
        if (!m->param_uses.data[i].dead && m->param_uses.data[i].kind == kind)
            return true;
    return false;
}

bool emit_params_touch(const Emitter *e, ParamSlot kind)
{
    return live_kind(e->m, kind);
}

/* Units a value of p may carry on the command line: p's own, and the
 * same with other SI prefixes on its first word ("uS": fS pS nS ... GS;
 * "S/cm2": mS/cm2, uS/cm2 ...).  names are heap strings. */
static int param_units(const ParamDef *p, const char **names, double *ratio, int *exp10)
{
    static const char *const pre[] = {"f", "p", "n", "u", "m", "", "k", "M", "G"};
    const char *t = p->unit_text;
    int n = 0;
    char err[120];
    Unit u;
    if (!t || !units_parse(t, &u, err, sizeof err))
        return 0;
    /* the first word, its root (without a prefix) and the rest; a
     * temperature only as written (degC has an offset, not a scale) */
    size_t wl = u.dim[DIM_TEMP] ? 0 : strcspn(t, " /*^-.0123456789()");
    const char *rest = t + wl;
    char root[64];
    snprintf(root, sizeof root, "%.*s", (int)wl, t);
    for (size_t k = 0; k < sizeof pre / sizeof pre[0] && wl; k++) {
        size_t l = strlen(pre[k]);
        if (!l || strncmp(t, pre[k], l) || l >= wl)
            continue;
        char cand[160];
        Unit r;
        snprintf(cand, sizeof cand, "%.*s%s", (int)(wl - l), t + l, rest);
        if (units_parse(cand, &r, err, sizeof err) && units_same_dim(r, u)) {
            snprintf(root, sizeof root, "%.*s", (int)(wl - l), t + l);
            break;
        }
    }
    for (size_t k = 0; k < (wl ? sizeof pre / sizeof pre[0] : 0) && n < 16; k++) {
        char cand[160];
        snprintf(cand, sizeof cand, "%s%s%s", pre[k], root, rest);
        Unit c;
        if (!units_parse(cand, &c, err, sizeof err) || !units_same_dim(c, u))
            continue;
        names[n] = xstrdup(cand);
        ratio[n] = c.mant != u.mant ? c.mant / u.mant : 1.0;
        exp10[n] = c.exp10 - u.exp10;
        n++;
    }
    if (!n) {
        names[n] = xstrdup(t);
        ratio[n] = 1.0;
        exp10[n] = 0;
        n++;
    }
    return n;
}

void emit_params_table(Emitter *e)
{
    Model *m = e->m;
    StrBuf *o = &e->out;
    if (!m->params.len)
        return;
    sb_printf(o, "/* run-time params (the command line's name=VALUE) */\n#define NPARAM %d\n", m->params.len);
    for (int i = 0; i < m->params.len; i++) {
        const ParamDef *p = &m->params.data[i];
        const char *names[16];
        double ratio[16];
        int exp10[16];
        int n = param_units(p, names, ratio, exp10);
        if (!n)
            continue;
        sb_printf(o, "static const char *const param_unit_%d[%d] = {", i, n);
        for (int k = 0; k < n; k++)
            sb_printf(o, "%s\"%s\"", k ? ", " : "", names[k]);
        sb_printf(o, "};\nstatic const double param_ratio_%d[%d] = {", i, n);
        for (int k = 0; k < n; k++) {
            sb_puts(o, k ? ", " : "");
            emit_double(o, ratio[k]);
        }
        sb_printf(o, "};\nstatic const int param_exp10_%d[%d] = {", i, n);
        for (int k = 0; k < n; k++)
            sb_printf(o, "%s%d", k ? ", " : "", exp10[k]);
        sb_puts(o, "};\n");
        for (int k = 0; k < n; k++)
            free((char *)names[k]);
    }
    sb_puts(o, "static const NrtParam params[NPARAM] = {\n");
    for (int i = 0; i < m->params.len; i++) {
        const ParamDef *p = &m->params.data[i];
        const char *names[16];
        double ratio[16];
        int exp10[16];
        int n = param_units(p, names, ratio, exp10);
        for (int k = 0; k < n; k++)
            free((char *)names[k]);
        sb_printf(o, "    {\"%s\", ", p->name);
        if (p->unit_text)
            sb_printf(o, "\"%s\", ", p->unit_text);
        else
            sb_puts(o, "NULL, ");
        emit_double(o, p->value);
        const char *file = strrchr(p->loc.file->path, '/') ? strrchr(p->loc.file->path, '/') + 1 : p->loc.file->path;
        sb_printf(o, ", \"%s:%d\", %d, ", file, p->loc.line, n);
        if (n)
            sb_printf(o, "param_unit_%d, param_ratio_%d, param_exp10_%d},\n", i, i, i);
        else
            sb_puts(o, "NULL, NULL, NULL},\n");
    }
    sb_puts(o, "};\n\n");
}

/* One assignment: base[index]suffix = cexpr. */
typedef struct Assign {
    const char *base;    /* "m->hh_gnabar", "nc_delay" */
    const char *suffix;  /* "" or "[k]" */
    int index;
    const char *cexpr;
} Assign;

typedef VEC(Assign) AssignVec;

/* Writes the assignments into body, those with the same target array
 * and expression as one loop over an index table (written to the output
 * now, before the function) when there are many. */
static void write_assigns(Emitter *e, const AssignVec *as, const char *tag, StrBuf *o)
{
    StrMap groups = {0};
    int *next = xmalloc(sizeof(int) * (size_t)(as->len + 1)), *head = xmalloc(sizeof(int) * (size_t)(as->len + 1));
    int *tail = xmalloc(sizeof(int) * (size_t)(as->len + 1)), *count = xmalloc(sizeof(int) * (size_t)(as->len + 1));
    const char **keys = xmalloc(sizeof(char *) * (size_t)(as->len + 1));
    int ng = 0;
    for (int i = 0; i < as->len; i++) {
        const Assign *a = &as->data[i];
        const char *key = arena_printf(e->arena, "%s%s\x01%s", a->base, a->suffix, a->cexpr);
        int g = strmap_get(&groups, key);
        next[i] = -1;
        if (g < 0) {
            g = ng++;
            keys[g] = key;
            strmap_put(&groups, key, g);
            head[g] = i;
            count[g] = 0;
        } else {
            next[tail[g]] = i;
        }
        tail[g] = i;
        count[g]++;
    }
    for (int g = 0; g < ng; g++) {
        const Assign *a0 = &as->data[head[g]];
        if (count[g] < 8) {
            for (int i = head[g]; i >= 0; i = next[i]) {
                if (as->data[i].index < 0)
                    sb_printf(o, "    %s%s = %s;\n", a0->base, a0->suffix, a0->cexpr);
                else
                    sb_printf(o, "    %s[%d]%s = %s;\n", a0->base, as->data[i].index, a0->suffix, a0->cexpr);
            }
            continue;
        }
        int *idx = ARENA_NEWN(e->arena, int, count[g]), n = 0;
        for (int i = head[g]; i >= 0; i = next[i])
            idx[n++] = as->data[i].index;
        const char *tname = arena_printf(e->arena, "param_%s_%d", tag, g);
        sb_puts(&e->out, "NRN_MAYBE_UNUSED\n");
        int_table(e, tname, idx, n);
        sb_printf(o, "    for (int k = 0; k < %d; k++)\n        %s[%s[k]]%s = %s;\n", n, a0->base, tname, a0->suffix,
                  a0->cexpr);
    }
    strmap_free(&groups);
    free(next);
    free(head);
    free(tail);
    free(count);
    free(keys);
}

/* The instance of density (or ion) use u at node, by a map made once. */
static int inst_at_node(Emitter *e, int ui, int node, int **maps)
{
    MechUse *u = &e->uses[ui];
    if (!maps[ui]) {
        maps[ui] = xmalloc(sizeof(int) * (size_t)(e->m->nnode + 1));
        for (int i = 0; i <= e->m->nnode; i++)
            maps[ui][i] = -1;
        for (int x = 0; x < u->n; x++)
            maps[ui][u->node[x]] = x;
    }
    return maps[ui][node];
}

/* The two functions of the params' values: params_static (the constant
 * tables) and params_state (the state).  only >= 0 keeps the uses that
 * read param only (an embedding's setters: params_static_K and
 * params_state_K, the static one returning how many NetCon delays came
 * out negative instead of stopping the run). */
static void params_functions(Emitter *e, int only)
{
    Model *m = e->m;
    AssignVec st = {0}, sta = {0};
    int **maps = xmalloc(sizeof(int *) * (size_t)(e->nuses + 1));
    memset(maps, 0, sizeof(int *) * (size_t)(e->nuses + 1));
    /* NetCon k's weights start at woff[k] in nc_w; a merged detector takes
     * the threshold of the last detector that set one */
    int *woff = xmalloc(sizeof(int) * (size_t)(m->netcons.len + 1));
    for (int k = 0, w = 0; k < m->netcons.len; k++) {
        woff[k] = w;
        w += m->netcons.data[k].nw;
    }
    int *winner = xmalloc(sizeof(int) * (size_t)(e->ndet + 1));
    for (int j = 0; j < e->ndet; j++)
        winner[j] = -1;
    for (int i = 0; i < m->detectors.len; i++)
        if (m->detectors.data[i].threshold_set)
            winner[e->det_of[i]] = i;
    char pk[32];
    snprintf(pk, sizeof pk, "P[%d]", only);
    for (int i = 0; i < m->param_uses.len; i++) {
        const ParamUse *pu = &m->param_uses.data[i];
        if (pu->dead || (only >= 0 && !strstr(pu->cexpr, pk)))
            continue;
        Assign a = {NULL, "", 0, pu->cexpr};
        bool state = true;
        switch (pu->kind) {
        case PS_RANGE:
        case PS_POINT:
        case PS_GLOBAL: {
            int ui = e->use_of_mech[pu->c];
            if (ui < 0)
                continue; /* no instances: nothing to set */
            MechUse *u = &e->uses[ui];
            const MechVar *mv = &u->mech->vars.data[pu->d];
            if (mv->kind != VAR_PARAM || (pu->kind == PS_GLOBAL) == mv->range)
                continue; /* as setup(): only parameters take the model file's values */
            a.base = arena_printf(e->arena, "m->%s", nmodl_field(e, u, pu->d));
            if (pu->kind == PS_GLOBAL) {
                a.index = -1; /* a scalar */
            } else if (pu->kind == PS_POINT) {
                a.index = e->pp_inst[pu->a];
                if (mv->dim)
                    a.suffix = arena_printf(e->arena, "[%d]", pu->b);
            } else {
                if (mv->dim)
                    continue; /* arrays of density mechanisms keep their default (setup) */
                a.index = inst_at_node(e, ui, geom_seg_node(m, pu->a, pu->b), maps);
                if (a.index < 0)
                    die("param use without an instance");
            }
            break;
        }
        case PS_NC_WEIGHT:
            a.base = "m->nc_w";
            a.index = woff[pu->a] + pu->b;
            break;
        case PS_NC_DELAY:
            a.base = "nc_delay";
            a.index = pu->a;
            state = false;
            break;
        case PS_THRESHOLD: {
            int j = e->det_of[pu->a];
            if (winner[j] != pu->a)
                continue; /* another detector at its node set the threshold later */
            a.base = "det_threshold";
            a.index = j;
            state = false;
            break;
        }
        }
        if (state)
            VEC_PUSH(st, a);
        else
            VEC_PUSH(sta, a);
    }
    StrBuf sbody = {0}, ibody = {0};
    const char *sfx = only >= 0 ? arena_printf(e->arena, "_%d", only) : "";
    write_assigns(e, &sta, arena_printf(e->arena, "s%s", sfx), &sbody);
    write_assigns(e, &st, arena_printf(e->arena, "i%s", sfx), &ibody);
    StrBuf *o = &e->out;
    if (e->embed) {
        sb_printf(o, "/* The values that read param %d: the tables in the state (NetCon delays,\n"
                     " * thresholds; the count of negative delays) ... */\n"
                     "static int params_static%s(Model *m, const double *P)\n{\n    (void)m;\n    (void)P;\n",
                  only, sfx);
        sb_puts(o, sb_str(&sbody));
        if (emit_params_touch(e, PS_NC_DELAY))
            sb_puts(o, "    int bad = 0;\n"
                       "    for (int i = 0; i < NNETCON; i++)\n"
                       "        bad += !(nc_delay[i] >= 0.0);\n"
                       "    return bad;\n");
        else
            sb_puts(o, "    return 0;\n");
        sb_printf(o, "}\n\n/* ... and the state's parameters and weights */\n"
                     "static void params_state%s(Model *m, const double *P)\n{\n    (void)m;\n    (void)P;\n",
                  sfx);
        sb_puts(o, sb_str(&ibody));
        sb_puts(o, "}\n\n");
    } else {
        sb_puts(o, "/* The values that depend on params: the constant tables (at finitialize\n"
                   " * and after a restore) ... */\n"
                   "static void params_static(NrtSim *sim, const double *P)\n{\n    (void)sim;\n    (void)P;\n");
        sb_puts(o, sb_str(&sbody));
        if (emit_params_touch(e, PS_NC_DELAY))
            sb_puts(o, "    for (int i = 0; i < NNETCON; i++)\n"
                       "        if (!(nc_delay[i] >= 0.0))\n"
                       "            nrt_abort(sim, \"the params give NetCon %d a delay of %g ms: a delay is >= 0\", i, "
                       "nc_delay[i]);\n");
        sb_puts(o, "}\n\n/* ... and the state (after setup(), at finitialize) */\n"
                   "static void params_state(Model *m, const double *P)\n{\n    (void)m;\n    (void)P;\n");
        sb_puts(o, sb_str(&ibody));
        sb_puts(o, "}\n\n");
    }
    sb_free(&sbody);
    sb_free(&ibody);
    for (int k = 0; k < e->nuses; k++)
        free(maps[k]);
    free(maps);
    free(woff);
    free(winner);
    free(st.data);
    free(sta.data);
}

/* The executable's params_static and params_state; an embedding's pair
 * per param, for its setters (emit_embed.c). */
void emit_params_code(Emitter *e)
{
    if (!e->m->params.len)
        return;
    if (!e->embed) {
        params_functions(e, -1);
        return;
    }
    for (int k = 0; k < e->m->params.len; k++)
        params_functions(e, k);
}
