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
    memset(q, 0, sizeof *q);
}

void nrt_queue_clear(NrtQueue *q)
{
    q->n = 0;
    q->ncancelled = 0;
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

static int is_cancelled(NrtQueue *q, unsigned long long seq)
{
    for (size_t i = 0; i < q->ncancelled; i++)
        if (q->cancelled[i] == seq) {
            q->cancelled[i] = q->cancelled[--q->ncancelled];
            return 1;
        }
    return 0;
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
    return 0;
}
