/* util.c - arena, buffers and internal errors (see util.h). */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("nrncc: internal error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(70);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* ---- arena: a list of blocks, each a header and then its bytes ---- */

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, size;
    max_align_t data[];
};

#define ARENA_BLOCK 65536

void *arena_alloc(Arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = xmalloc(sizeof(ArenaBlock) + size);
        b->used = 0;
        b->size = size;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void *arena_grow(Arena *a, void *data, size_t elem, int len, int *cap)
{
    int ncap = *cap ? 2 * *cap : 8;
    void *p = arena_alloc(a, elem * (size_t)ncap);
    if (len)
        memcpy(p, data, elem * (size_t)len);
    *cap = ncap;
    return p;
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ---- string buffers ---- */

static void sb_reserve(StrBuf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + extra + 1)
            cap *= 2;
        b->s = xrealloc(b->s, cap);
        b->cap = cap;
    }
}

void sb_putn(StrBuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void sb_putc(StrBuf *b, char c)
{
    sb_putn(b, &c, 1);
}

void sb_puts(StrBuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

void sb_vprintf(StrBuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    sb_reserve(b, (size_t)n);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void sb_printf(StrBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *sb_str(const StrBuf *b)
{
    return b->s ? b->s : "";
}

void sb_free(StrBuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void fmt_double(char *buf, size_t n, double x)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    StrBuf b = {0};
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_putn(&b, chunk, k);
    int err = ferror(f);
    fclose(f);
    if (err) {
        sb_free(&b);
        errno = EIO;
        return NULL;
    }
    if (!b.s)
        sb_putn(&b, "", 0);
    if (len)
        *len = b.len;
    return b.s;
}

/* ---- string -> int maps: open addressing, FNV-1a ---- */

static unsigned strmap_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void strmap_put(StrMap *m, const char *key, int val)
{
    if (2 * (m->len + 1) > m->cap) {
        int ncap = m->cap ? 2 * m->cap : 64;
        const char **keys = xmalloc(sizeof *keys * (size_t)ncap);
        int *vals = xmalloc(sizeof *vals * (size_t)ncap);
        memset(keys, 0, sizeof *keys * (size_t)ncap);
        for (int i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                unsigned h = strmap_hash(m->keys[i]) & (unsigned)(ncap - 1);
                while (keys[h])
                    h = (h + 1) & (unsigned)(ncap - 1);
                keys[h] = m->keys[i];
                vals[h] = m->vals[i];
            }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = ncap;
    }
    unsigned h = strmap_hash(key) & (unsigned)(m->cap - 1);
    while (m->keys[h]) {
        if (!strcmp(m->keys[h], key)) {
            m->vals[h] = val;
            return;
        }
        h = (h + 1) & (unsigned)(m->cap - 1);
    }
    m->keys[h] = key;
    m->vals[h] = val;
    m->len++;
}

int strmap_get(const StrMap *m, const char *key)
{
    if (!m->cap)
        return -1;
    unsigned h = strmap_hash(key) & (unsigned)(m->cap - 1);
    while (m->keys[h]) {
        if (!strcmp(m->keys[h], key))
            return m->vals[h];
        h = (h + 1) & (unsigned)(m->cap - 1);
    }
    return -1;
}

void strmap_free(StrMap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
