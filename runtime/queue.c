/* queue.c - the event queue: a binary heap ordered by (time, insertion
 * order), so that events at equal times leave first in, first out (see
 * queue.h).  Cancelled events (net_move) are skipped when they come up. */
#include "queue.h"

#include <stdlib.h>
#include <string.h>

static int before(const NrtEvent *a, const NrtEvent *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void nrt_queue_init(NrtQueue *q)
{
    memset(q, 0, sizeof *q);
}

void nrt_queue_free(NrtQueue *q)
{
    free(q->heap);
    free(q->cancelled);
    free(q->slot);
    memset(q, 0, sizeof *q);
}

void nrt_queue_clear(NrtQueue *q)
{
    q->n = 0;
    q->ncancelled = 0;
    if (q->slot)
        memset(q->slot, 0, sizeof *q->slot * q->nslot);
}

static int reserve(NrtQueue *q)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 256;
        NrtEvent *h = realloc(q->heap, sizeof(NrtEvent) * cap);
        if (!h)
            return -1;
        q->heap = h;
        q->cap = cap;
    }
    return 0;
}

int nrt_queue_put_raw(NrtQueue *q, const NrtEvent *ev)
{
    if (reserve(q) != 0)
        return -1;
    q->heap[q->n++] = *ev;
    return 0;
}

int nrt_queue_push(NrtQueue *q, const NrtEvent *ev, unsigned long long *seq)
{
    NrtEvent e = *ev;
    e.seq = q->next_seq;
    if (nrt_queue_push_seq(q, &e) != 0)
        return -1;
    q->next_seq++;
    if (seq)
        *seq = e.seq;
    return 0;
}

int nrt_queue_push_seq(NrtQueue *q, const NrtEvent *ev)
{
    if (reserve(q) != 0)
        return -1;
    NrtEvent e = *ev;
    size_t i = q->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &q->heap[p]))
            break;
        q->heap[i] = q->heap[p];
        i = p;
    }
    q->heap[i] = e;
    return 0;
}

static void pop_top(NrtQueue *q)
{
    NrtEvent last = q->heap[--q->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= q->n)
            break;
        if (c + 1 < q->n && before(&q->heap[c + 1], &q->heap[c]))
            c++;
        if (!before(&q->heap[c], &last))
            break;
        q->heap[i] = q->heap[c];
        i = c;
    }
    if (q->n)
        q->heap[i] = last;
}

/* ---- the index of the cancelled events: a model whose events are moved
 * far ahead (net_move) can hold many, each looked up at every pop ---- */

static size_t home(const NrtQueue *q, unsigned long long seq)
{
    return (size_t)((seq * 0x9E3779B97F4A7C15ull) >> 32) & (q->nslot - 1);
}

static void index_put(NrtQueue *q, size_t k)
{
    size_t i = home(q, q->cancelled[k]);
    while (q->slot[i])
        i = (i + 1) & (q->nslot - 1);
    q->slot[i] = k + 1;
}

/* the slot that holds seq, or nslot */
static size_t index_find(const NrtQueue *q, unsigned long long seq)
{
    if (!q->nslot)
        return 0;
    for (size_t i = home(q, seq);; i = (i + 1) & (q->nslot - 1)) {
        if (!q->slot[i])
            return q->nslot;
        if (q->cancelled[q->slot[i] - 1] == seq)
            return i;
    }
}

/* empties slot i, moving later entries of its run back (linear probing) */
static void index_remove(NrtQueue *q, size_t i)
{
    size_t mask = q->nslot - 1;
    size_t j = i;
    q->slot[i] = 0;
    for (;;) {
        j = (j + 1) & mask;
        if (!q->slot[j])
            return;
        size_t h = home(q, q->cancelled[q->slot[j] - 1]);
        /* the entry at j may move to i when its home is not in (i, j] */
        if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
            q->slot[i] = q->slot[j];
            q->slot[j] = 0;
            i = j;
        }
    }
}

static int index_grow(NrtQueue *q)
{
    size_t n = q->nslot ? 2 * q->nslot : 64;
    size_t *s = calloc(n, sizeof *s);
    if (!s)
        return -1;
    free(q->slot);
    q->slot = s;
    q->nslot = n;
    for (size_t k = 0; k < q->ncancelled; k++)
        index_put(q, k);
    return 0;
}

static int is_cancelled(NrtQueue *q, unsigned long long seq)
{
    size_t i = index_find(q, seq);
    if (i == q->nslot)
        return 0;
    size_t k = q->slot[i] - 1;
    index_remove(q, i);
    /* cancelled[] loses k as before (the last one takes its place) */
    size_t last = --q->ncancelled;
    if (k != last) {
        size_t j = index_find(q, q->cancelled[last]);
        q->cancelled[k] = q->cancelled[last];
        q->slot[j] = k + 1;
    }
    return 1;
}

int nrt_queue_pop_until(NrtQueue *q, double tmax, NrtEvent *out)
{
    while (q->n && q->heap[0].t <= tmax) {
        *out = q->heap[0];
        pop_top(q);
        if (q->ncancelled && is_cancelled(q, out->seq))
            continue;
        return 1;
    }
    return 0;
}

int nrt_queue_peek(const NrtQueue *q, double *t)
{
    if (!q->n)
        return 0;
    *t = q->heap[0].t;
    return 1;
}

int nrt_queue_cancel(NrtQueue *q, unsigned long long seq)
{
    if (q->ncancelled == q->capcancelled) {
        size_t cap = q->capcancelled ? 2 * q->capcancelled : 16;
        unsigned long long *c = realloc(q->cancelled, sizeof *c * cap);
        if (!c)
            return -1;
        q->cancelled = c;
        q->capcancelled = cap;
    }
    q->cancelled[q->ncancelled++] = seq;
    if (2 * q->ncancelled > q->nslot)
        return index_grow(q);
    index_put(q, q->ncancelled - 1);
    return 0;
}
