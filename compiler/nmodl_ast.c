/* nmodl_ast.c - node and list helpers for NMODL trees (see nmodl_ast.h). */
#include <string.h>

#include "nmodl_ast.h"

void mlist_push(Arena *a, MList *l, MNode *n)
{
    if (l->len == l->cap)
        l->items = arena_grow(a, l->items, sizeof *l->items, l->len, &l->cap);
    l->items[l->len++] = n;
}

MNode *mnode(Arena *a, MKind kind, SrcLoc loc)
{
    MNode *n = ARENA_NEW(a, MNode);
    n->kind = kind;
    n->loc = loc;
    return n;
}

const char *mop_str(int op)
{
    switch (op) {
    case MOP_LE: return "<=";
    case MOP_GE: return ">=";
    case MOP_EQ: return "==";
    case MOP_NE: return "!=";
    case MOP_AND: return "&&";
    case MOP_OR: return "||";
    case MOP_REV: return "<->";
    case MOP_FWD: return "->";
    case '+': return "+";
    case '-': return "-";
    case '*': return "*";
    case '/': return "/";
    case '%': return "%";
    case '^': return "^";
    case '<': return "<";
    case '>': return ">";
    default: return "?";
    }
}

int modfile_first_seen(const ModFile *mod, const char *name)
{
    for (int i = 0; i < mod->nnames; i++)
        if (!strcmp(mod->names[i], name))
            return i;
    return -1;
}

static bool assigns_at(const MNode *n, const char *name, int depth)
{
    if (!n || depth > 200)
        return false;
    if (n->kind == MK_ASSIGN && n->a && n->a->kind == MK_NAME && !strcmp(n->a->name, name))
        return true;
    const MNode *kids[] = {n->a, n->b, n->c, n->d};
    for (size_t k = 0; k < sizeof kids / sizeof *kids; k++)
        if (assigns_at(kids[k], name, depth + 1))
            return true;
    const MList *ls[] = {&n->list, &n->list2, &n->body};
    for (size_t k = 0; k < 3; k++)
        for (int j = 0; j < ls[k]->len; j++)
            if (assigns_at(ls[k]->items[j], name, depth + 1))
                return true;
    return false;
}

bool mnode_assigns(const MNode *n, const char *name)
{
    return assigns_at(n, name, 0);
}
