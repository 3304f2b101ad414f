/* util.h - the compiler's small toolbox: an arena allocator, growable
 * string buffers, growable arrays and the internal-error exit.
 *
 * Everything the compiler builds for one compilation comes from one Arena
 * and is freed at once by arena_free; nothing here is global state.
 */
#ifndef NRNCC_UTIL_H
#define NRNCC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- internal errors (a bug in nrncc, never the user's input) ---- */

/* Prints "nrncc: internal error: ..." and exits with status 70. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* malloc/realloc that die on exhaustion. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* ---- arena ---- */

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;
} Arena;

/* Zeroed memory of n bytes owned by the arena, aligned for any type. */
void *arena_alloc(Arena *a, size_t n);
/* A copy of s (or of its first n bytes) owned by the arena. */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
/* printf into arena memory. */
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every block; the arena is empty and reusable afterwards. */
void arena_free(Arena *a);

#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_NEWN(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

/* ---- growable arrays (heap; the owner frees .data with free) ----
 * Declare as  struct { T *data; int len, cap; }  or with VEC(T). */
#define VEC(T)                                                                 \
    struct {                                                                   \
        T *data;                                                               \
        int len, cap;                                                          \
    }
#define VEC_PUSH(v, x)                                                         \
    do {                                                                       \
        if ((v).len == (v).cap) {                                              \
            (v).cap = (v).cap ? 2 * (v).cap : 8;                               \
            (v).data = xrealloc((v).data, sizeof(*(v).data) * (size_t)(v).cap); \
        }                                                                      \
        (v).data[(v).len++] = (x);                                             \
    } while (0)
#define VEC_FREE(v) (free((v).data), (v).data = NULL, (v).len = (v).cap = 0)

/* The same arrays in arena memory (never freed one by one): for data that
 * lives as long as the compilation. */
void *arena_grow(Arena *a, void *data, size_t elem, int len, int *cap);
#define APUSH(a, v, x)                                                          \
    do {                                                                        \
        if ((v).len == (v).cap)                                                 \
            (v).data = arena_grow((a), (v).data, sizeof(*(v).data), (v).len, &(v).cap); \
        (v).data[(v).len++] = (x);                                              \
    } while (0)

/* ---- string buffers (heap; sb_free releases) ---- */

typedef struct StrBuf {
    char *s;    /* always NUL-terminated once anything was written */
    size_t len, cap;
} StrBuf;

void sb_putc(StrBuf *b, char c);
void sb_puts(StrBuf *b, const char *s);
void sb_putn(StrBuf *b, const char *s, size_t n);
void sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *b, const char *fmt, va_list ap);
/* The text so far ("" when nothing was written). */
const char *sb_str(const StrBuf *b);
void sb_free(StrBuf *b);

/* ---- string -> int maps (heap; strmap_free releases; keys are not
 * copied and must outlive the map) ---- */

typedef struct StrMap {
    const char **keys;
    int *vals;
    int cap, len;
} StrMap;

void strmap_put(StrMap *m, const char *key, int val);
/* The value of key, or -1. */
int strmap_get(const StrMap *m, const char *key);
void strmap_free(StrMap *m);

/* ---- numbers ---- */

/* Shortest "%.*g" text (precision 1..17) that reads back as exactly x. */
void fmt_double(char *buf, size_t n, double x);

/* Reads a whole file into a heap buffer (NUL-terminated); NULL on error
 * with errno set. *len gets the size when len is not NULL. */
char *read_file(const char *path, size_t *len);

#endif
