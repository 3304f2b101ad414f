/* mechinfo.c - what a checked mechanism defines, as `nrncc --check
 * file.mod` prints it (see mechinfo.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mechinfo.h"

static const char *kind_name(MechKind k)
{
    switch (k) {
    case MECH_DENSITY: return "density mechanism";
    case MECH_POINT: return "point process";
    case MECH_ARTIFICIAL: return "artificial cell";
    case MECH_ION: return "ion";
    }
    return "?";
}

static void print_value(FILE *out, const MechVar *v)
{
    char num[40];
    snprintf(num, sizeof num, "%.15g", v->value);
    if (strtod(num, NULL) != v->value)
        snprintf(num, sizeof num, "%.17g", v->value);
    if (v->dim)
        fprintf(out, "  %s[%d]", v->name, v->dim);
    else
        fprintf(out, "  %s", v->name);
    if (v->kind == VAR_PARAM)
        fprintf(out, " = %s", num);
    if (v->units && *v->units)
        fprintf(out, " (%s)", v->units);
    if (v->pointer)
        fputs(" POINTER", out);
    fputc('\n', out);
}

/* One heading and the variables of a class: kind, range-ness (-1 any). */
static void print_class(FILE *out, const Mech *m, const char *title, VarKind kind, int range)
{
    int n = 0;
    for (int i = 0; i < m->vars.len; i++) {
        const MechVar *v = &m->vars.data[i];
        /* an ion variable named in RANGE is the mechanism's own, as NEURON shows it */
        bool own_ion = kind == VAR_ASSIGNED && range == 1 && v->kind == VAR_ION && v->in_range;
        if (!own_ion && (v->kind != kind || (range >= 0 && v->range != (range == 1))))
            continue;
        if (kind == VAR_ASSIGNED && !v->visible && !v->is_current)
            continue;
        if (!n++)
            fprintf(out, "%s:\n", title);
        print_value(out, v);
    }
}

static void print_names(FILE *out, const MNode *fn)
{
    fprintf(out, "%s(", fn->name);
    for (int a = 0; a < fn->list.len; a++)
        fprintf(out, "%s%s", a ? ", " : "", fn->list.items[a]->name);
    fputc(')', out);
}

void mech_describe(const Mech *m, FILE *out)
{
    const char *sfx = m->kind == MECH_DENSITY ? "SUFFIX" : m->kind == MECH_POINT ? "POINT_PROCESS" : "ARTIFICIAL_CELL";
    fprintf(out, "%s: %s (%s %s) from %s\n", m->name, kind_name(m->kind), sfx, m->name, m->path);
    if (m->title) {
        const char *t = m->title;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t)
            fprintf(out, "title: %s\n", t);
    }
    if (m->ions.len) {
        fputs("ions:\n", out);
        for (int k = 0; k < m->ions.len; k++) {
            const MechIon *io = &m->ions.data[k];
            int val = io->valence;
            if (!io->has_valence)
                val = !strcmp(io->name, "ca") ? 2 : 1; /* na, k: NEURON's built-in ions */
            fprintf(out, "  %s (valence %d):", io->name, val);
            for (int pass = 0; pass < 2; pass++) {
                int n = 0;
                for (int i = 0; i < m->vars.len; i++) {
                    const MechVar *v = &m->vars.data[i];
                    if (v->ion != k || (v->kind != VAR_ION && v->kind != VAR_STATE) ||
                        !(pass ? v->ion_write : v->ion_read))
                        continue;
                    fprintf(out, "%s%s", n++ ? " " : pass ? " writes " : " reads ", v->name);
                }
                if (pass == 0 && n)
                    fputc(';', out);
            }
            fputc('\n', out);
        }
    }
    if (m->currents.len) {
        fputs("currents:", out);
        for (int i = 0; i < m->currents.len; i++)
            fprintf(out, " %s", m->vars.data[m->currents.data[i]].name);
        fputs(m->electrode ? " (electrode)\n" : "\n", out);
    }
    print_class(out, m, "range parameters", VAR_PARAM, 1);
    print_class(out, m, "global parameters", VAR_PARAM, 0);
    print_class(out, m, "range assigned", VAR_ASSIGNED, 1);
    print_class(out, m, "global assigned", VAR_ASSIGNED, 0);
    print_class(out, m, "states", VAR_STATE, -1);
    if (m->solves.len) {
        fputs("solves:\n", out);
        for (int i = 0; i < m->solves.len; i++) {
            const MechSolve *s = &m->solves.data[i];
            fprintf(out, "  %s", s->stmt->name);
            if (s->method)
                fprintf(out, " METHOD %s", s->method);
            fprintf(out, " (%s)\n", s->kinetic ? "KINETIC" : s->block ? "DERIVATIVE" : "PROCEDURE");
        }
    }
    if (m->funcs.len) {
        fputs("functions:\n", out);
        for (int i = 0; i < m->funcs.len; i++) {
            const MechFunc *f = &m->funcs.data[i];
            fputs(f->is_function ? "  FUNCTION " : "  PROCEDURE ", out);
            print_names(out, f->node);
            fputs(f->table ? " with TABLE\n" : f->functable ? " (FUNCTION_TABLE)\n" : "\n", out);
        }
    }
    if (m->externals.len) {
        fputs("external:", out);
        for (int i = 0; i < m->externals.len; i++)
            fprintf(out, " %s", m->externals.data[i]->name);
        fputc('\n', out);
    }
    if (m->constructor || m->destructor)
        fprintf(out, "%s%s%s\n", m->constructor ? "CONSTRUCTOR" : "", m->constructor && m->destructor ? " " : "",
                m->destructor ? "DESTRUCTOR" : "");
    if (m->netrecv) {
        fputs("NET_RECEIVE", out);
        fputc('(', out);
        for (int a = 0; a < m->netrecv->list.len; a++)
            fprintf(out, "%s%s", a ? ", " : "", m->netrecv->list.items[a]->name);
        fputc(')', out);
        if (m->net_event)
            fputs(" net_event", out);
        if (m->net_send)
            fputs(" net_send", out);
        if (m->net_move)
            fputs(" net_move", out);
        fputc('\n', out);
    }
}
