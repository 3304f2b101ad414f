/* diag.c - printing user diagnostics with a caret line (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

void diag_init(Diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

/* The source line of loc and a caret under its column. */
static void show_line(Diag *d, SrcLoc loc)
{
    if (!loc.file || loc.line < 1)
        return;
    const char *p = loc.file->text, *end = p + loc.file->len;
    for (int line = 1; line < loc.line && p < end; p++)
        if (*p == '\n')
            line++;
    const char *eol = p;
    while (eol < end && *eol != '\n')
        eol++;
    if (p >= end && p == eol)
        return;
    fprintf(d->out, " %.*s\n ", (int)(eol - p), p);
    for (int c = 1; c < loc.col && p + c - 1 < eol; c++)
        fputc(p[c - 1] == '\t' ? '\t' : ' ', d->out);
    fputs("^\n", d->out);
}

static void emit(Diag *d, SrcLoc loc, const char *kind, const char *fmt, va_list ap)
{
    char text[1024];
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(text, sizeof text, fmt, ap);
    bool whole = len >= 0 && (size_t)len < sizeof text; /* else printed in full, never a repeat */
    if (!whole) {
        d->last_kind = NULL;
        d->last_repeated = false;
    } else if (strcmp(kind, "note") != 0) {
        bool same = d->last_kind && !strcmp(d->last_kind, kind) && (loc.file == d->last_loc.file ||
                    (loc.file && d->last_loc.file && !strcmp(loc.file->path, d->last_loc.file->path))) &&
                    loc.line == d->last_loc.line && loc.col == d->last_loc.col && !strcmp(d->last, text);
        d->last_repeated = same;
        if (same) {
            va_end(again);
            return;
        }
        d->last_loc = loc;
        d->last_kind = kind;
        memcpy(d->last, text, strlen(text) + 1);
    } else if (d->last_repeated) {
        va_end(again);
        return;
    }
    if (loc.file)
        fprintf(d->out, "%s:%d:%d: %s: ", loc.file->path, loc.line, loc.col, kind);
    else
        fprintf(d->out, "nrncc: %s: ", kind);
    if (whole)
        fputs(text, d->out);
    else
        vfprintf(d->out, fmt, again);
    va_end(again);
    fputc('\n', d->out);
    show_line(d, loc);
}

void diag_verror(Diag *d, SrcLoc loc, const char *fmt, va_list ap)
{
    d->nerrors++;
    if (d->nerrors > DIAG_MAX_ERRORS) {
        if (!d->suppressed)
            fprintf(d->out, "nrncc: too many errors; stopping after %d\n", DIAG_MAX_ERRORS);
        d->suppressed = true;
        return;
    }
    emit(d, loc, "error", fmt, ap);
}

void diag_error(Diag *d, SrcLoc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(d, loc, fmt, ap);
    va_end(ap);
}

void diag_warning(Diag *d, SrcLoc loc, const char *fmt, ...)
{
    if (d->suppressed)
        return;
    d->nwarnings++;
    va_list ap;
    va_start(ap, fmt);
    emit(d, loc, "warning", fmt, ap);
    va_end(ap);
}

void diag_note(Diag *d, SrcLoc loc, const char *fmt, ...)
{
    if (d->suppressed)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(d, loc, "note", fmt, ap);
    va_end(ap);
}

void diag_plain_error(Diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    SrcLoc none = {0};
    diag_verror(d, none, fmt, ap);
    va_end(ap);
}
