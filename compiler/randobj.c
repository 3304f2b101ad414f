/* randobj.c - the POINTERs of a mechanism that hold NEURON's Random
 * objects.  In NEURON a mod file keeps a hoc Random in a POINTER X: its
 * VERBATIM C draws with nrn_random_pick(_p_X), tests `if (_p_X)`, and a
 * PROCEDURE hoc calls stores the Random with nrn_random_arg(1).  nrncc
 * binds the Random with the model's setpointer, or runs that PROCEDURE
 * from the model file's `call`; either way the mod never calls such a
 * PROCEDURE itself. */
#include <ctype.h>
#include <string.h>

#include "model.h"

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* the first place word occurs in text as a whole identifier, or NULL */
static const char *find_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; p && (p = strstr(p, word)); p += n)
        if ((p == text || !ident_char(p[-1])) && !ident_char(p[n]))
            return p;
    return NULL;
}

/* does text test `if (_p_X)` (spaces anywhere) for word _p_X? */
static bool tests_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = find_word(text, word); p; p = find_word(p + n, word)) {
        const char *q = p + n, *b = p;
        while (*q == ' ' || *q == '\t')
            q++;
        while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (*q != ')' || b == text || b[-1] != '(')
            continue;
        b--;
        while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (b - text >= 2 && b[-1] == 'f' && b[-2] == 'i' && (b - text == 2 || !ident_char(b[-3])))
            return true;
    }
    return false;
}

typedef struct Texts {
    const MNode *n[512];
    const MNode *owner[512]; /* the PROCEDURE or FUNCTION holding it, or NULL */
    int len;
} Texts;

static void collect(const MNode *n, const MNode *owner, Texts *t, int depth)
{
    if (!n || depth > 200)
        return;
    if ((n->kind == MK_PROCEDURE || n->kind == MK_FUNCTION) && depth == 0)
        owner = n;
    if (n->kind == MK_VERBATIM && n->text && t->len < 512) {
        t->n[t->len] = n;
        t->owner[t->len++] = owner;
    }
    const MNode *kids[] = {n->a, n->b, n->c, n->d};
    for (size_t k = 0; k < 4; k++)
        collect(kids[k], owner, t, depth + 1);
    const MList *ls[] = {&n->list, &n->list2, &n->body};
    for (size_t k = 0; k < 3; k++)
        for (int j = 0; j < ls[k]->len; j++)
            collect(ls[k]->items[j], owner, t, depth + 1);
}

/* the first MK_NAME or MK_CALL named name in n, or NULL */
static const MNode *find_use(const MNode *n, MKind kind, const char *name, int depth)
{
    if (!n || depth > 200)
        return NULL;
    if (n->kind == kind && n->name && !strcmp(n->name, name))
        return n;
    const MNode *kids[] = {n->a, n->b, n->c, n->d}, *r;
    for (size_t k = 0; k < 4; k++)
        if ((r = find_use(kids[k], kind, name, depth + 1)))
            return r;
    const MList *ls[] = {&n->list, &n->list2, &n->body};
    for (size_t k = 0; k < 3; k++)
        for (int j = 0; j < ls[k]->len; j++)
            if ((r = find_use(ls[k]->items[j], kind, name, depth + 1)))
                return r;
    return NULL;
}

void mech_random_pointers(Arena *a, Diag *d, Mech *m)
{
    (void)a;
    if (!m->mod)
        return;
    Texts *t = xmalloc(sizeof *t);
    t->len = 0;
    const MList *bl = &m->mod->blocks;
    for (int i = 0; i < bl->len; i++)
        collect(bl->items[i], NULL, t, 0);
    /* a BBCOREPOINTER the NMODL code reads as a number is a plain
     * ASSIGNED, as nrncc took every BBCOREPOINTER before (nocmodl's C
     * would read through its unset pointer) */
    for (int v = 0; v < m->vars.len; v++) {
        MechVar *mv = &m->vars.data[v];
        for (int i = 0; mv->opaque && i < bl->len; i++) {
            MKind bk = bl->items[i]->kind;
            if (bk == MK_NEURON || bk == MK_ASSIGNED || bk == MK_PARAMETER || bk == MK_STATE)
                continue;
            if (find_use(bl->items[i], MK_NAME, mv->name, 0))
                mv->opaque = mv->pointer = mv->random = mv->random_tested = false;
        }
    }
    bool pick = false;
    for (int k = 0; k < t->len; k++)
        pick |= find_word(t->n[k]->text, "nrn_random_pick") != NULL;
    for (int v = 0; pick && v < m->vars.len; v++) {
        MechVar *mv = &m->vars.data[v];
        if (!mv->pointer)
            continue;
        char w[256];
        snprintf(w, sizeof w, "_p_%s", mv->name);
        for (int k = 0; k < t->len; k++) {
            if (find_word(t->n[k]->text, w))
                mv->random = true;
            if (tests_word(t->n[k]->text, w))
                mv->random_tested = true;
        }
        for (int i = 0; mv->random && i < bl->len; i++) {
            MKind bk = bl->items[i]->kind;
            if (bk == MK_NEURON || bk == MK_ASSIGNED || bk == MK_PARAMETER || bk == MK_STATE)
                continue;
            const MNode *u = find_use(bl->items[i], MK_NAME, mv->name, 0);
            if (u) {
                diag_error(d, u->loc, "POINTER '%s' holds a Random (its VERBATIM hands _p_%s to nrn_random_pick): "
                           "it is not also a number", mv->name, mv->name);
                break;
            }
        }
    }
    /* a POINTER whose slot the C takes the address of (&_p_X: it stores
     * there, as VecStim-like mods keep a Vector) and the NMODL code never
     * reads: a slot of the C's own too (one that
     * nrn_random_pick draws from holds a Random, setpointer's) */
    for (int v = 0; v < m->vars.len; v++) {
        MechVar *mv = &m->vars.data[v];
        if (!mv->pointer || mv->opaque || mv->random)
            continue;
        char w[256];
        snprintf(w, sizeof w, "_p_%s", mv->name);
        bool addr = false;
        for (int k = 0; k < t->len && !addr; k++)
            for (const char *p = find_word(t->n[k]->text, w); p && !addr; p = find_word(p + 1, w)) {
                const char *b = p;
                while (b > t->n[k]->text && (b[-1] == ' ' || b[-1] == '(' || b[-1] == '\t'))
                    b--;
                addr = b > t->n[k]->text && b[-1] == '&';
            }
        bool named = false;
        for (int i = 0; addr && !named && i < bl->len; i++) {
            MKind bk = bl->items[i]->kind;
            if (bk != MK_NEURON && bk != MK_ASSIGNED && bk != MK_PARAMETER && bk != MK_STATE)
                named = find_use(bl->items[i], MK_NAME, mv->name, 0) != NULL;
        }
        if (addr && !named)
            mv->opaque = mv->random = mv->random_tested = true;
    }
    /* which functions read hoc's arguments, which the mod calls */
    for (int f = 0; f < m->funcs.len; f++) {
        MechFunc *fn = &m->funcs.data[f];
        fn->hocargs = mech_func_hocargs(m, fn->node);
        fn->called = false;
        for (int i = 0; i < bl->len && !fn->called; i++)
            fn->called = bl->items[i] != fn->node && find_use(bl->items[i], MK_CALL, fn->name, 0);
        for (int j = 0; j < t->len && !fn->called; j++)
            fn->called = t->owner[j] != fn->node && find_word(t->n[j]->text, fn->name);
        for (int k = 0; k < m->solves.len && !fn->called; k++)
            fn->called = m->solves.data[k].proc == f;
    }
    /* a PROCEDURE or FUNCTION reading hoc's arguments (ifarg, getarg,
     * nrn_random_arg, ...) is the model file's to call (`call`): the mod
     * calling it itself is an error, as its arguments are no hoc call's */
    for (int k = 0; k < t->len; k++) {
        const MNode *own = t->owner[k];
        if (!own || !mech_func_hocargs(m, own))
            continue;
        for (int i = 0; i < bl->len; i++) {
            const MNode *u = bl->items[i] == own ? NULL : find_use(bl->items[i], MK_CALL, own->name, 0);
            for (int j = 0; !u && j < t->len; j++)
                if (t->owner[j] != own && find_word(t->n[j]->text, own->name))
                    u = t->n[j];
            if (u) {
                diag_error(d, u->loc, "'%s' reads the arguments of hoc's call (ifarg, getarg, nrn_random_arg), "
                           "and the mod calls it: only the model file may ('call' in nrn(5))", own->name);
                i = bl->len;
                k = t->len;
            }
        }
    }
    free(t);
}

/* the VERBATIM words that read the arguments of hoc's call */
static const char *const hocarg_words[] = {
    "ifarg", "getarg", "hoc_is_double_arg", "hoc_is_object_arg", "hoc_is_str_arg", "hoc_is_pdouble_arg",
    "nrn_random_arg", "vector_arg", "hoc_getarg", "hoc_pgetarg", "gargstr", "hoc_obj_getarg",
};

static bool text_hocargs(const char *text)
{
    for (size_t w = 0; w < sizeof hocarg_words / sizeof *hocarg_words; w++)
        if (find_word(text, hocarg_words[w]))
            return true;
    return false;
}

bool mech_is_hocarg_word(const char *id)
{
    for (size_t w = 0; w < sizeof hocarg_words / sizeof *hocarg_words; w++)
        if (!strcmp(id, hocarg_words[w]))
            return true;
    return false;
}

bool mech_func_hocargs(const Mech *m, const MNode *fn)
{
    (void)m;
    Texts *t = xmalloc(sizeof *t);
    t->len = 0;
    collect(fn, NULL, t, 0);
    bool r = false;
    for (int k = 0; k < t->len && !r; k++)
        r = text_hocargs(t->n[k]->text);
    free(t);
    return r;
}

bool mech_func_uses(const MNode *fn, const char *word)
{
    Texts *t = xmalloc(sizeof *t);
    t->len = 0;
    collect(fn, NULL, t, 0);
    bool r = !word && t->len > 0;
    for (int k = 0; k < t->len && word && !r; k++)
        r = find_word(t->n[k]->text, word) != NULL;
    free(t);
    return r;
}

/* does any VERBATIM of m use word (as a whole identifier)? */
bool mech_verbatim_uses(const Mech *m, const char *word)
{
    if (!m->mod)
        return false;
    Texts *t = xmalloc(sizeof *t);
    t->len = 0;
    for (int i = 0; i < m->mod->blocks.len; i++)
        collect(m->mod->blocks.items[i], NULL, t, 0);
    bool r = false;
    for (int k = 0; k < t->len && !r; k++)
        r = find_word(t->n[k]->text, word) != NULL;
    free(t);
    return r;
}
